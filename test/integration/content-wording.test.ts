import { encodeCallback, featureCallback } from '../../src/bot/keyboards/callback-data';
import { LANGUAGES } from '../../src/services/languages';
import { useBotFixture, userWithLanguage } from '../helpers/bot-fixture';
import { testI18n } from '../helpers/harness';

const card = (cardId: string) => encodeCallback({ kind: 'open-card', cardId });
const faq = (id: string) => featureCallback('faq', 'q', id);

/** Words a Tajik reader must not meet in a source line or a citation. */
const RUSSIAN_IN_TAJIK = /(?<![\p{L}])(?:ст\.|ч\.|О полиции|Конституция|ждут проверки|проверять)/u;

describe('what the content says, as users read it', () => {
  const fixture = useBotFixture('content-wording');

  describe.each(LANGUAGES)('in %s', (lang) => {
    it('the entry ban: card and FAQ say the same, and show no checked date before staff check the row', async () => {
      const t = (await testI18n()).translatorFor(lang);
      const bot = await fixture.bot();
      const user = await userWithLanguage(bot, 810, lang);
      const [ban] = await user.pressData(card('documents.entry-ban'));
      const [answer] = await user.pressData(faq('checks-entry-ban'));
      const checkedWord = t('cards.checked-on', { date: '' }).split(' ')[0]!;
      const updatedWord = t('faq.updated-on', { date: '' }).split(' ')[0]!;
      expect(ban!.text).not.toContain(checkedWord);
      expect(answer!.text).not.toContain(updatedWord);
      const sentence = { ru: 'Выдворение и депортация влекут запрет на въезд.', tg: 'Ихроҷ ва депортатсия боиси манъи вуруд мешаванд.', en: 'Expulsion and deportation bring an entry ban.' }[lang];
      expect(ban!.text).toContain(sentence);
      expect(answer!.text).toContain(sentence);
      for (const text of [ban!.text, answer!.text]) expect(text).not.toMatch(/awaiting|ждут проверки|staff check/i);
      if (lang === 'tg') {
        expect(ban!.text).toContain('Қонуни ФР 114-ФЗ, моддаи 27');
        expect(answer!.text).toContain('Қонуни ФР 114-ФЗ, моддаи 27');
      }
    });

    it('detention: at most 3 (or 48) hours from being brought in, relatives told at your request, no checked date the sheet lacks', async () => {
      const t = (await testI18n()).translatorFor(lang);
      const bot = await fixture.bot();
      const user = await userWithLanguage(bot, 811, lang);
      const [detained] = await user.pressData(card('rights.detained'));
      const [answer] = await user.pressData(faq('police-detention'));
      const wording = {
        ru: { limit: ['не больше 3 часов', 'не больше 48 часов', 'доставили в отдел полиции'], ask: 'только по вашей просьбе: попросите об этом', not: /обычно/i },
        tg: { limit: ['на бештар аз 3 соат', 'на бештар аз 48 соат', 'ба шӯъбаи политсия оварданд'], ask: 'танҳо бо хоҳиши худатон хабар медиҳанд: инро талаб кунед', not: /одатан/i },
        en: { limit: ['at most 3 hours', 'at most 48 hours', 'brought to the police station'], ask: 'only if you ask: ask for it', not: /normally|usually/i },
      }[lang];
      for (const text of [detained!.text, answer!.text]) {
        for (const phrase of wording.limit) expect(text).toContain(phrase);
        expect(text).toContain(wording.ask);
        expect(text).not.toMatch(wording.not);
        expect(text).not.toContain(t('cards.checked-on', { date: '' }).split(' ')[0]!);
        if (lang === 'tg') expect(text).not.toMatch(RUSSIAN_IN_TAJIK);
      }
      expect(detained!.text).toMatch(lang === 'tg' ? /КоАП РФ, моддаи 27\.5; қисмҳои 1, 2, 4/ : /27\.5/);
    });

    it('the SOS card keeps the Russian lines for the officer, and the reader\'s own lines and source agree with them', async () => {
      const bot = await fixture.bot();
      const user = await userWithLanguage(bot, 812, lang);
      const [sos] = await user.pressData(card('sos'));
      expect(sos!.text).toContain('Прошу сообщить моим родственникам, где я (КоАП РФ, ст. 27.3 ч. 3)');
      expect(sos!.text).toContain('Я пользуюсь правом не свидетельствовать против себя (Конституция РФ, ст. 51).');
      if (lang === 'tg') {
        const own = sos!.text.split('— — —')[1]!;
        expect(own).toContain('(КоАП РФ, моддаи 27.3; қисми 3)');
        expect(own).toContain('бар зидди худ шаҳодат надиҳам (Конститутсияи ФР, моддаи 51)');
        expect(own).not.toMatch(RUSSIAN_IN_TAJIK);
      }
    });

    it('registration: Tajik and Uzbek citizens have 15 days, others 7 working days', async () => {
      const bot = await fixture.bot();
      const user = await userWithLanguage(bot, 813, lang);
      const [answer] = await user.pressData(faq('stay-registration'));
      const expected = {
        ru: ['Граждане Таджикистана и Узбекистана', '15 дней', '04.06.2022', '7 рабочих дней'],
        tg: ['Шаҳрвандони Тоҷикистон ва Ӯзбекистон', '15 рӯз', '04.06.2022', '7 рӯзи корӣ'],
        en: ['Citizens of Tajikistan and Uzbekistan', '15 days', '04.06.2022', '7 working days'],
      }[lang];
      for (const phrase of expected) expect(answer!.text).toContain(phrase);
    });

    it('90 days: a temporary residence permit (RVP) extends the stay as well as a residence permit', async () => {
      const bot = await fixture.bot();
      const user = await userWithLanguage(bot, 814, lang);
      const [answer] = await user.pressData(faq('stay-90-days'));
      expect(answer!.text).toContain('(РВП)'.replace('РВП', lang === 'en' ? 'RVP' : 'РВП'));
      expect(answer!.text).toContain(lang === 'en' ? '(VNZh)' : '(ВНЖ)');
    });

    it('FAQ sources are in the reader\'s language, with no internal notes', async () => {
      const bot = await fixture.bot();
      const user = await userWithLanguage(bot, 815, lang);
      const [payment] = await user.pressData(faq('work-patent-payment'));
      const [documents] = await user.pressData(faq('safety-documents'));
      for (const text of [payment!.text, documents!.text]) expect(text).not.toMatch(/CONTENT-SOURCES|проверять каждый год/);
      const taxCode = { ru: 'НК РФ, ст. 227.1', tg: 'Кодекси андози ФР (НК РФ), моддаи 227.1', en: 'Tax Code of Russia, art. 227.1' }[lang];
      expect(payment!.text).toContain(taxCode);
    });
  });
});
