import type { Language } from '../../src/services/languages';
import { useBotFixture, userWithLanguage } from '../helpers/bot-fixture';
import type { TestBot } from '../helpers/harness';
import { testI18n } from '../helpers/harness';

/** "Today" for these tests: 10 March 2026, noon in Moscow. */
const TODAY = Date.parse('2026-03-10T09:00:00Z');

describe('the documents and deadlines calculator', () => {
  const fixture = useBotFixture('deadlines');
  const newBot = () => fixture.bot({ deps: { clock: () => TODAY } });

  async function startCalculator(bot: TestBot, id: number, lang: Language) {
    const t = (await testI18n()).translatorFor(lang);
    const user = await userWithLanguage(bot, id, lang);
    await user.press(t('menu.deadlines'));
    return { user, t };
  }

  it.each<[Language, string[]]>([
    // Entry 5 March 2026, Tajik citizen: registration +15 days = 20 March; fingerprinting and patent +30 = 4 April;
    // 90 days counting the entry day = 5 March + 89 = 2 June.
    ['ru', ['20 марта 2026', '4 апреля 2026', '2 июня 2026', 'Осталось 10 дней.']],
    ['tg', ['20 марти соли 2026', '4 апрели соли 2026', '2 июни соли 2026', '10 рӯз монд.']],
    ['en', ['20 March 2026', '4 April 2026', '2 June 2026', '10 days left.']],
  ])('in %s, a Tajik worker who entered on 05.03.2026 gets a dated list', async (lang, expected) => {
    const bot = await newBot();
    const { user, t } = await startCalculator(bot, 401, lang);
    expect(user.lastMessage()!.text).toContain(t('deadlines.q.citizenship'));
    await user.press(t('deadlines.answer.tj'));
    await user.send('05.03.2026');
    await user.press(t('deadlines.answer.work'));
    await user.press(t('deadlines.answer.no'));
    const [result] = await user.press(t('deadlines.answer.zero'));
    for (const fragment of expected) expect(result!.text).toContain(fragment);
    expect(result!.text).toContain(t('deadlines.kind.registration'));
    expect(result!.text).toContain(t('cards.disclaimer'));
  });

  it('citizens of other countries get 7 working days, skipping the 7–9 March 2026 holidays and weekends', async () => {
    const bot = await newBot();
    const { user } = await startCalculator(bot, 402, 'en');
    await user.press('Another visa-free country');
    await user.send('5.3.2026');
    await user.press('Private visit');
    const [result] = await user.press('0 — first entry this year');
    // Working days after Thu 5 March: 6 (Fri), [7–9 holidays], 10, 11, 12, 13, [14–15 weekend], 16, 17 → 17 March.
    expect(result!.text).toContain('Register by 17 March 2026');
    expect(result!.text).toContain('Government decree No. 1466');
  });

  it('accepts a date picked from the calendar buttons', async () => {
    const bot = await newBot();
    const { user } = await startCalculator(bot, 403, 'en');
    await user.press('Tajikistan');
    await user.press('Pick from a calendar');
    const months = user.buttons().map((b) => b.text);
    expect(months[0]).toBe('March 2026');
    expect(months).toContain('April 2025');
    await user.press('March 2026');
    // Days after today cannot be picked.
    expect(user.buttons().map((b) => b.text)).not.toContain('11');
    await user.press(/^5$/);
    expect(user.lastMessage()!.text).toContain('Purpose of the visit (5 March 2026)');
  });

  it.each([
    ['31.02.2026', 'That date does not exist'],
    ['15.03.2026', 'That date is in the future'],
    ['last tuesday', 'I could not read the date'],
  ])('impossible input %p is asked again with an example, never a crash', async (typed, message) => {
    const bot = await newBot();
    const { user } = await startCalculator(bot, 404, 'en');
    await user.press('Tajikistan');
    const [again] = await user.send(typed);
    expect(again!.text).toContain(message);
    expect(again!.text).toContain('05.03.2026'); // the example: five days before today
    expect(again!.text).toContain('When did you enter Russia?');
    const [next] = await user.send('01.03.2026');
    expect(next!.text).toContain('Purpose of the visit (1 March 2026)');
  });

  it('asks again when the days already spent are not a number or do not fit before the entry date', async () => {
    const bot = await newBot();
    const { user } = await startCalculator(bot, 405, 'ru');
    await user.press('Таджикистан');
    await user.send('05.03.2026');
    await user.press('Учёба');
    const [notNumber] = await user.send('много');
    expect(notNumber!.text).toContain('Напишите только число дней');
    // 1 January to 4 March is 63 days: 70 cannot have been spent before 5 March.
    const [tooMany] = await user.send('70');
    expect(tooMany!.text).toContain('Проверьте число');
    const [result] = await user.send('60');
    // 90 − 60 = 30 days from 5 March, counting the entry day: 3 April.
    expect(result!.text).toContain('3 апреля 2026');
  });

  it('a paid patent: the lapse date is the day after the last paid day, and it extends the stay', async () => {
    const bot = await newBot();
    const { user } = await startCalculator(bot, 406, 'en');
    await user.press('Tajikistan');
    await user.send('05.03.2026');
    await user.press('Work');
    await user.press('Yes');
    const [days] = await user.send('30.04.2026');
    expect(days!.text).toContain('How many days');
    const [result] = await user.press('0 — first entry this year');
    expect(result!.text).toContain('the patent stops being valid on 1 May 2026');
    expect(result!.text).toContain('While the patent is paid, it extends your stay');
    expect(result!.text).not.toContain('Apply by');
  });

  it('Back returns to the previous question, and the language can change mid-calculation', async () => {
    const bot = await newBot();
    const { user } = await startCalculator(bot, 407, 'ru');
    await user.press('Таджикистан');
    await user.send('05.03.2026');
    const [back] = await user.press('Назад');
    expect(back!.text).toContain('Когда вы въехали в Россию?');
    await user.send('/language');
    const [tajik] = await user.press('Тоҷикӣ');
    const tg = (await testI18n()).translatorFor('tg');
    expect(tajik!.text).toContain(tg('deadlines.q.entry-date'));
  });

  it('a restart in the middle of the calculation continues where the user was', async () => {
    const first = await newBot();
    const { user } = await startCalculator(first, 408, 'en');
    await user.press('Tajikistan');
    await user.send('05.03.2026');

    const second = await fixture.bot({ telegram: first.telegram, deps: { clock: () => TODAY } });
    const same = second.user(408, 'en');
    const [patent] = await same.press('Work');
    expect(patent!.text).toContain('Do you already have a patent?');
  });
});
