import { featureCallback } from '../../src/bot/keyboards/callback-data';
import { loadShippedFaq } from '../../src/services/faq/shipped-faq';
import { LANGUAGES } from '../../src/services/languages';
import { useBotFixture, userWithLanguage } from '../helpers/bot-fixture';
import { testI18n } from '../helpers/harness';

const shipped = new Map(loadShippedFaq(new Set(['112', '102'])).map((e) => [e.id, e.data]));
const question = (id: string, lang: 'ru' | 'tg' | 'en') => shipped.get(id)!.texts[lang]!.question;
const answerStart = (id: string, lang: 'ru' | 'tg' | 'en') => shipped.get(id)!.texts[lang]!.answer.split('\n')[0]!;
const OPEN_FAQ = featureCallback('faq', 'open');

describe('questions and answers for users', () => {
  const fixture = useBotFixture('faq-browse');

  describe.each(LANGUAGES)('in %s', (lang) => {
    it('given the FAQ entry, when a user opens a topic and a question, then the answer is in their language with its updated date and source', async () => {
      const t = (await testI18n()).translatorFor(lang);
      const bot = await fixture.bot();
      const user = await userWithLanguage(bot, 501, lang);

      const [topics] = await user.pressData(OPEN_FAQ);
      expect(topics!.text).toContain(t('faq.title').replace(/<\/?b>/g, '').split('\n')[0]!);
      const [work] = await user.press(t('faq.category.work'));
      expect(work!.text).toContain(t('faq.category.work'));
      const [answer] = await user.press(question('work-patent-payment', lang).slice(0, 30));
      expect(answer!.text).toContain(question('work-patent-payment', lang));
      expect(answer!.text).toContain(answerStart('work-patent-payment', lang));
      expect(answer!.text).toContain(t('faq.updated-on', { date: t('dates.long', { day: 24, month: t('dates.month.11'), year: 2026 }) }));
      expect(answer!.text).toContain('227.1');
      expect(answer!.text).toContain(t('cards.disclaimer'));

      const [back] = await user.press(t('common.button.back'));
      expect(back!.text).toContain(t('faq.category.work'));
      await user.press(t('faq.button.topics'));
      expect(user.buttons().map((b) => b.text)).toContain(`${t('faq.category.police')} (2)`);
    });
  });

  it('given a typed question in Tajik, when it says "патент" or "патент қарз", then the right answers are offered as buttons', async () => {
    const bot = await fixture.bot();
    const user = await userWithLanguage(bot, 502, 'tg');
    const [results] = await user.send('патент');
    const labels = user.buttons().map((b) => b.text);
    expect(results!.text).toContain('ёфтам');
    expect(labels).toEqual(expect.arrayContaining([question('work-patent-apply', 'tg'), question('work-patent-payment', 'tg')]));

    await user.send('патент қарз');
    expect(user.buttons()[0]!.text).toBe(question('work-patent-payment', 'tg'));
    const [answer] = await user.press(question('work-patent-payment', 'tg'));
    expect(answer!.text).toContain('қарз');
  });

  it('given Tajik typed on a Russian keyboard or pasted in an old font, when searched, then it matches the Tajik letters', async () => {
    const bot = await fixture.bot();
    const user = await userWithLanguage(bot, 503, 'tg');
    await user.send('ПАТЕНТ КАРЗ');
    expect(user.buttons()[0]!.text).toBe(question('work-patent-payment', 'tg'));
    await user.send('бакайдгири');
    expect(user.buttons()[0]!.text).toBe(question('stay-registration', 'tg'));
    await user.send('њуќуќ');
    expect(user.buttons()[0]!.text).toBe(question('police-detention', 'tg'));
  });

  it('given typos and capitals in Russian and English, when searched, then the answer is still found', async () => {
    const bot = await fixture.bot();
    const ru = await userWithLanguage(bot, 504, 'ru');
    await ru.send('РЕГИСТРАЦЫЯ');
    expect(ru.buttons()[0]!.text).toBe(question('stay-registration', 'ru'));
    await ru.send('патнет');
    expect(ru.buttons().map((b) => b.text)).toContain(question('work-patent-apply', 'ru'));
    const en = await userWithLanguage(bot, 505, 'en');
    await en.send('Entry Bann?');
    expect(en.buttons()[0]!.text).toBe(question('checks-entry-ban', 'en'));
  });

  it('given text that matches nothing, when sent, then the reply points to the hotlines and the menu, and the hotlines button works', async () => {
    const t = (await testI18n()).translatorFor('en');
    const bot = await fixture.bot();
    const user = await userWithLanguage(bot, 506, 'en');
    const [reply] = await user.send('hello there');
    expect(reply!.text).toContain(t('faq.search.none'));
    expect(reply!.text).toContain('Main menu.');
    expect(user.buttons()[0]!.text).toBe(t('menu.hotlines'));
    const [hotlines] = await user.press(t('menu.hotlines'));
    expect(hotlines!.text).toContain('112');
  });

  it('given a command or a dialogue answer, when sent, then it is not taken for a search', async () => {
    const t = (await testI18n()).translatorFor('ru');
    const bot = await fixture.bot();
    const user = await userWithLanguage(bot, 507, 'ru');
    const [unknown] = await user.send('/patent');
    expect(unknown!.text).toContain(t('fallback.unknown-command'));
    await user.press(t('menu.deadlines'));
    const shown = await user.send('патент');
    expect(shown.map((m) => m.text).join('\n')).not.toContain(t('faq.search.results'));
  });

  it('given forged FAQ button data, when pressed, then the user gets the out-of-date answer', async () => {
    const bot = await fixture.bot();
    const user = await userWithLanguage(bot, 508, 'en');
    const shown = await user.pressData(featureCallback('faq', 'q', 'no-such-entry'));
    expect(shown.at(-1)!.text).toContain('This answer is no longer available.');
    const stale = await user.pressData(featureCallback('faq', 'c', 'nonsense', 0));
    expect(stale.at(-1)!.text).toContain('This button is out of date.');
  });
});
