import { featureCallback } from '../../src/bot/keyboards/callback-data';
import type { LocalDate } from '../../src/services/deadlines';
import type { LiveContent } from '../../src/services/content-store/live-content';
import { useBotFixture, userWithLanguage } from '../helpers/bot-fixture';
import { eventually, labels, OTHER_STAFF, STAFF, staffBot, translator } from '../helpers/staff-fixture';

const d = (year: number, month: number, day: number): LocalDate => ({ year, month, day });

// Entry on Mon 28 Dec 2026, 7 working days: by the law alone (2027 has no decree in the data) the
// count ends on Fri 15 Jan 2027; with the made-up decree below (Sat 2 Jan → Mon 11 Jan) on Mon 18 Jan.
const ENTRY = d(2026, 12, 28);
const FAKE_SOURCE = 'Test fixture: not a real decree';

describe('staff keep the official calendar of working days current from Telegram', () => {
  const fixture = useBotFixture('staff-calendar');
  const opened: LiveContent[] = [];
  afterEach(async () => {
    // The content is the test's to close; the fixture closes the services.
    for (const content of opened.splice(0)) await content.close();
  });

  async function twoInstances() {
    const first = await staffBot(fixture, { live: true });
    const second = await staffBot(fixture, { live: true });
    opened.push(first.content!, second.content!);
    return { first, second };
  }

  it('given 2027 without a decree, when staff add a made-up 2027 decree on one instance, then the count on the other changes and is no longer provisional; a rollback makes it provisional again', async () => {
    const { first, second } = await twoInstances();
    // Staff edit on the first instance; the second learns of the save through pub/sub.
    const { calendar } = second.services;
    const en = await translator('en');
    expect(calendar.addWorkingDays(ENTRY, 7)).toEqual({ date: d(2027, 1, 15), provisionalYears: [2027] });

    const staff = await userWithLanguage(first, STAFF, 'en');
    await staff.send('/staff');
    const [screen] = await staff.press(en('staff.calendar.button.open'));
    expect(screen!.text).toContain(en('staff.calendar.provisional-line', { year: 2027 }));
    expect(screen!.text).toContain('Government decree No. 1466 of 24.09.2025');
    expect(screen!.text).toContain('2.842');

    await staff.press(en('staff.calendar.button.add-decree'));
    const [badYear] = await staff.send('1999');
    expect(badYear!.text).toContain(en('staff.calendar.problem.year-range', { first: 2025, last: 2100 }));
    await staff.send('2027');
    const [weekday] = await staff.send('11.01 → 12.01');
    expect(weekday!.text).toContain(en('staff.calendar.problem.from-not-weekend', { date: '11.01.2027' }));
    const [holiday] = await staff.send('02.01 → 23.02');
    expect(holiday!.text).toContain(en('staff.calendar.problem.to-already-off', { date: '23.02.2027' }));
    await staff.send('02.01 → 11.01');
    await staff.press(en('staff.button.skip')); // no extra days off
    const [preview] = await staff.send(FAKE_SOURCE);
    expect(preview!.text).toContain('02.01.2027 → 11.01.2027');
    expect(preview!.text).toContain('11.01.2027');
    const [saved] = await staff.press(en('staff.button.save'));
    expect(saved!.text).toContain(en('staff.calendar.saved-decree', { year: 2027 }));
    expect(saved!.text).not.toContain(en('staff.calendar.provisional-line', { year: 2027 }));

    await eventually(() => calendar.sourceFor(2027)?.source === FAKE_SOURCE);
    expect(calendar.addWorkingDays(ENTRY, 7)).toEqual({ date: d(2027, 1, 18), provisionalYears: [] });
    expect(calendar.sourceFor(2027)?.verifiedAt).toBe('2026-11-25');

    await staff.pressData(featureCallback('staff', 'calh', 'd'));
    await staff.press(en('staff.button.view-version', { version: 1 }));
    const [rolledBack] = await staff.press(en('staff.button.rollback', { version: 1 }));
    expect(rolledBack!.text).toContain(en('staff.saved.rolled-back'));
    expect(rolledBack!.text).toContain(en('staff.calendar.provisional-line', { year: 2027 }));
    await eventually(() => calendar.sourceFor(2027) === undefined);
    expect(calendar.addWorkingDays(ENTRY, 7)).toEqual({ date: d(2027, 1, 15), provisionalYears: [2027] });
  });

  it('given the 2026 decree, when staff in Tajik open it and keep everything, then it is saved unchanged except for the checked date', async () => {
    const { first, second } = await twoInstances();
    // Staff edit on the first instance; the second learns of the save through pub/sub.
    const { calendar } = second.services;
    const tg = await translator('tg');
    const staff = await userWithLanguage(first, OTHER_STAFF, 'tg');
    await staff.send('/staff');
    await staff.press(tg('staff.calendar.button.open'));
    await staff.press(tg('staff.calendar.button.edit-decree', { year: 2026 }));
    await staff.press(tg('staff.button.keep')); // moves
    await staff.press(tg('staff.button.skip')); // no extra days off
    await staff.press(tg('staff.button.keep')); // source
    const [saved] = await staff.press(tg('staff.button.save'));
    expect(saved!.text).toContain(tg('staff.calendar.saved-decree', { year: 2026 }));
    await eventually(() => calendar.sourceFor(2026)?.verifiedAt === '2026-11-25');
    expect(calendar.sourceFor(2026)?.source).toContain('No. 1466 of 24.09.2025');
    expect(calendar.addWorkingDays(d(2025, 12, 31), 7)).toEqual({ date: d(2026, 1, 20), provisionalYears: [] });
  });

  it('given no 2027 deflator, when staff add one with a comma, then deflatorFor(2027) has it with its source', async () => {
    const { first, second } = await twoInstances();
    // Staff edit on the first instance; the second learns of the save through pub/sub.
    const { deflatorFor } = second.services;
    const ru = await translator('ru');
    expect(deflatorFor(2027)).toBeUndefined();
    const staff = await userWithLanguage(first, STAFF, 'ru');
    await staff.send('/staff');
    await staff.press(ru('staff.calendar.button.open'));
    await staff.press(ru('staff.calendar.button.add-deflator'));
    await staff.send('2027');
    const [bad] = await staff.send('два');
    expect(bad!.text).toContain(ru('staff.calendar.problem.bad-value', { text: 'два' }));
    await staff.send('3,1');
    await staff.send('Тестовый приказ, не настоящий');
    const [saved] = await staff.press(ru('staff.button.save'));
    expect(saved!.text).toContain(ru('staff.calendar.saved-deflator', { year: 2027 }));
    await eventually(() => deflatorFor(2027)?.value === 3.1);
    expect(deflatorFor(2027)).toEqual({ year: 2027, value: 3.1, source: 'Тестовый приказ, не настоящий', verifiedAt: '2026-11-25' });
    expect(deflatorFor(2026)?.value).toBe(2.842);
  });

  it('given the bot without live content (offline), when staff open the menu, then there is no calendar button and the shipped data is used', async () => {
    const bot = await staffBot(fixture);
    const { calendar } = bot.services;
    const en = await translator('en');
    const staff = await userWithLanguage(bot, STAFF, 'en');
    await staff.send('/staff');
    expect(labels(staff)).not.toContain(en('staff.calendar.button.open'));
    expect(calendar.sourceFor(2026)?.source).toContain('No. 1466');
    expect(calendar.sourceFor(2027)).toBeUndefined();
  });
});
