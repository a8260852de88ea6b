import type { Language } from '../../src/services/languages';
import { useBotFixture, userWithLanguage } from '../helpers/bot-fixture';
import type { TestBot } from '../helpers/harness';
import { testI18n } from '../helpers/harness';

/** "Today" for these tests: 10 March 2026, noon in Moscow. */
const TODAY = Date.parse('2026-03-10T09:00:00Z');
/** A "today" late in December 2026, when 7 working days reach into 2027 (no decree in the data yet). */
const LATE_DECEMBER = Date.parse('2026-12-30T09:00:00Z');

/** Words a Russian or Tajik reader must never meet: English citations and notes, the banned «муҳлат». */
const ENGLISH_LEAKS = ['Tax Code', 'decree', 'Decree', 'Federal law', 'Labour Code', 'Rule:', 'art.', 'calendar', 'agreement'];

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
    expect(result!.text).toContain('Federal law 109-FZ, art. 20 (general rule)');
    expect(result!.text).toContain('Government decree No. 1466');
    expect(result!.text).toContain('Labour Code of the RF (art. 112)');
    // The sheet marks this rule "needs staff check": no checked date, the honest state instead.
    expect(result!.text).toContain("The bot's staff have not yet checked this rule against the text of the law.");
    expect(result!.text).not.toContain('Provisional');
  });

  it.each<[Language, string, string, string]>([
    ['en', 'Uzbekistan', 'Register by 20 March 2026', 'RF–Uzbekistan agreement signed 21.05.2021 and 17.06.2021'],
    ['ru', 'Узбекистан', 'Встать на учёт до 20 марта 2026', 'Соглашение РФ и Узбекистана'],
    ['tg', 'Ӯзбекистон', 'То 20 марти соли 2026', 'Созишномаи байни ФР ва Ӯзбекистон'],
  ])('in %s, a citizen of Uzbekistan gets 15 days from entry, not 7 working days', async (lang, button, due, source) => {
    const bot = await newBot();
    const { user, t } = await startCalculator(bot, 409, lang);
    await user.press(button);
    await user.send('05.03.2026');
    await user.press(t('deadlines.answer.study'));
    const [result] = await user.press(t('deadlines.answer.zero'));
    // Entry 5 March + 15 days = 20 March (7 working days would be 17 March).
    expect(result!.text).toContain(due);
    expect(result!.text).toContain(source);
    expect(result!.text).toContain('04.06.2022');
    // No working days were counted, so no calendar note.
    expect(result!.text).not.toContain(t('deadlines.decree.y2026'));
  });

  it.each<[Language, string[]]>([
    ['en', ['The patent stopped being valid on 10 March 2026. That is today.', 'The last day to register was 16 February 2026. That was 22 days ago.']],
    ['ru', ['Патент перестал действовать 10 марта 2026. Это сегодня.', 'Последний день для постановки на учёт был 16 февраля 2026. Это было 22 дня назад.']],
    ['tg', ['Патент аз 10 марти соли 2026 беэътибор шуд. Ин имрӯз аст.', 'Рӯзи охирини ба қайди муҳоҷиратӣ гирифта шудан 16 феврали соли 2026 буд. Ин 22 рӯз пеш буд.']],
  ])('in %s, on the day the patent lapses, past deadlines read in the past tense', async (lang, expected) => {
    const bot = await newBot();
    const { user, t } = await startCalculator(bot, 410, lang);
    await user.press(t('deadlines.answer.tj'));
    await user.send('01.02.2026');
    await user.press(t('deadlines.answer.work'));
    await user.press(t('deadlines.answer.yes'));
    // Paid until yesterday: the patent ends today.
    await user.send('09.03.2026');
    const [result] = await user.press(t('deadlines.answer.zero'));
    for (const fragment of expected) expect(result!.text).toContain(fragment);
    // Nothing asks to pay before a day that has come, and no "0 days ago".
    const payBefore = t('deadlines.due.patent-lapse', { date: '' }).split('.').at(-2)!.trim();
    expect(result!.text).not.toContain(payBefore);
    expect(result!.text).not.toContain(t('deadlines.status.overdue', { count: 0 }));
  });

  it('an entry before the rules the calculator applies is refused with the reason and a way to a person', async () => {
    const bot = await newBot();
    const { user } = await startCalculator(bot, 411, 'en');
    await user.press('Tajikistan');
    const [tooEarly] = await user.send('01.01.0001');
    expect(tooEarly!.text).toContain('Deadlines are counted for entries from 4 June 2022 on');
    expect(user.buttons().map((b) => b.text)).toContain('✍️ Write to a person');
    const [justBefore] = await user.send('03.06.2022');
    expect(justBefore!.text).toContain('from 4 June 2022 on');
    const [purpose] = await user.send('04.06.2022');
    expect(purpose!.text).toContain('Purpose of the visit (4 June 2022)');
  });

  it.each<[Language, string[]]>([
    ['en', ['You entered before 1 January 2025', 'at most 90 days in any 180 days', 'The 90-days rule (entry before 2025)']],
    ['ru', ['Вы въехали до 1 января 2025 года', 'не больше 90 дней в любые 180 дней']],
    ['tg', ['Шумо пеш аз 1 январи соли 2025 ворид шудаед', 'на зиёда аз 90 рӯз дар ҳар 180 рӯз']],
  ])('in %s, an entry in 2024 is told which rule applied then, not given a date by the 2025 rule', async (lang, expected) => {
    const bot = await newBot();
    const { user, t } = await startCalculator(bot, 412, lang);
    await user.press(t('deadlines.answer.tj'));
    await user.send('05.11.2024');
    await user.press(t('deadlines.answer.work'));
    // Days spent this year are asked only under the per-calendar-year rule: the result comes at once.
    const [result] = await user.press(t('deadlines.answer.no'));
    for (const fragment of expected) expect(result!.text).toContain(fragment);
    expect(result!.text).not.toContain(t('deadlines.due.stay-limit', { date: '' }).replace(/[:.]\s*$/, ''));
  });

  it('an entry in 2024 from another visa-free country gets no guessed working-day date', async () => {
    const bot = await newBot();
    const { user } = await startCalculator(bot, 413, 'en');
    await user.press('Another visa-free country');
    await user.send('05.11.2024');
    const [result] = await user.press('Private visit');
    expect(result!.text).toContain('counts working days only from 1 January 2025');
    expect(result!.text).not.toContain('Register by');
  });

  it.each([
    ['en', 'today', 'Purpose of the visit (10 March 2026)'],
    ['en', 'YESTERDAY', 'Purpose of the visit (9 March 2026)'],
    ['en', 'сегодня', 'Purpose of the visit (10 March 2026)'],
    ['en', 'Дирӯз.', 'Purpose of the visit (9 March 2026)'],
    ['ru', 'Вчера', 'Цель въезда (9 марта 2026)'],
    ['ru', 'имрӯз', 'Цель въезда (10 марта 2026)'],
    ['tg', 'имруз', 'Мақсади сафар (10 марти соли 2026)'],
    ['tg', 'ДИРУЗ', 'Мақсади сафар (9 марти соли 2026)'],
    ['tg', 'yesterday', 'Мақсади сафар (9 марти соли 2026)'],
  ] as Array<[Language, string, string]>)('in %s, typing %p works like the button beside it', async (lang, typed, expected) => {
    const bot = await newBot();
    const { user, t } = await startCalculator(bot, 414, lang);
    await user.press(t('deadlines.answer.tj'));
    const [purpose] = await user.send(typed);
    expect(purpose!.text).toContain(expected);
  });

  it('a paid-until date more than two years ahead, or before the entry, gets a clear answer', async () => {
    const bot = await newBot();
    const { user } = await startCalculator(bot, 415, 'en');
    await user.press('Tajikistan');
    await user.send('05.03.2026');
    await user.press('Work');
    await user.press('Yes');
    const [farAhead] = await user.send('10.04.2028');
    expect(farAhead!.text).toContain('That date is more than two years ahead');
    expect(farAhead!.text).not.toContain('does not exist');
    expect(farAhead!.text).not.toContain('calendar');
    const [beforeEntry] = await user.send('01.03.2026');
    expect(beforeEntry!.text).toContain('That date is before your entry date (5 March 2026)');
    expect(beforeEntry!.text).toContain('answer «No»');
    expect(user.buttons().map((b) => b.text)).toContain('✍️ Write to a person');
    const [days] = await user.send('05.04.2026');
    expect(days!.text).toContain('How many days');
  });

  it('a typed "today" answers the paid-until question too, in any of the three languages', async () => {
    const bot = await newBot();
    const { user } = await startCalculator(bot, 419, 'en');
    await user.press('Tajikistan');
    await user.send('05.03.2026');
    await user.press('Work');
    const [question] = await user.press('Yes');
    expect(question!.text).toContain('Type the date, for example');
    expect(question!.text).not.toContain('button');
    await user.send('Имрӯз');
    const [result] = await user.press('0 — first entry this year');
    // Paid until today (10 March): the patent ends tomorrow.
    expect(result!.text).toContain('the patent stops being valid on 11 March 2026');
  });

  it.each<[Language, string, string]>([
    ['en', '15 January 2027', 'Provisional date: the government decree that moves days off in 2027 is not in the bot yet.'],
    ['ru', '15 января 2027', 'Дата предварительная: постановления Правительства РФ о переносе выходных на 2027 год в боте пока нет.'],
    ['tg', '15 январи соли 2027', 'Санаи пешакӣ: қарори Ҳукумати ФР дар бораи интиқоли рӯзҳои истироҳат барои соли 2027 ҳоло дар бот нест.'],
  ])('in %s, 7 working days that reach into 2027 give a provisional date, with advice not to wait', async (lang, due, label) => {
    const bot = await fixture.bot({ deps: { clock: () => LATE_DECEMBER } });
    const { user, t } = await startCalculator(bot, 416, lang);
    await user.press(t('deadlines.answer.other'));
    await user.send('28.12.2026');
    await user.press(t('deadlines.answer.study'));
    const [result] = await user.press(t('deadlines.answer.zero'));
    // 29, 30 Dec; 31 Dec off (2026 decree); 1–8 Jan holidays and 9–10 weekend (law); 11–15 Jan.
    expect(result!.text).toContain(due);
    expect(result!.text).toContain(label);
    expect(result!.text).toContain(t('deadlines.provisional', { years: '2027' }).split('. ').at(-1));
    expect(result!.text).toContain(t('deadlines.decree.missing', { year: 2027 }));
  });

  it.each<[Language]>([['ru'], ['tg']])('in %s, the result cites every source in that language: no English', async (lang) => {
    const bot = await newBot();
    const { user, t } = await startCalculator(bot, 417, lang);
    await user.press(t('deadlines.answer.other'));
    await user.send('05.03.2026');
    await user.press(t('deadlines.answer.work'));
    await user.press(t('deadlines.answer.yes'));
    await user.send('30.04.2026');
    const [result] = await user.press(t('deadlines.answer.zero'));
    for (const leak of ENGLISH_LEAKS) expect({ leak, found: result!.text.includes(leak) }).toEqual({ leak, found: false });
    expect(result!.text).not.toMatch(/[A-Za-z]{4,} [A-Za-z]{4,}/); // no English phrase (URLs are single words)
    expect(result!.text).toContain(t('deadlines.source.patent'));
    expect(result!.text).toContain(t('deadlines.decree.y2026'));
    if (lang === 'tg') {
      expect(result!.text).toContain('Кодекси андози ФР (НК РФ), моддаи 227.1');
      expect(result!.text).not.toContain('муҳлат');
      expect(result!.text).not.toContain('истеҳсолӣ');
    }
  });

  it('the calculator opens under the same name as its menu button', async () => {
    const bot = await newBot();
    const { user, t } = await startCalculator(bot, 418, 'tg');
    expect(user.lastMessage()!.text).toContain(t('menu.deadlines'));
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
