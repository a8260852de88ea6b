import { NoticeStore } from '../../src/services/broadcast';
import { useBotFixture, userWithLanguage } from '../helpers/bot-fixture';
import { testI18n } from '../helpers/harness';
import { RateLimitedTelegram, seedSubscribers, startTestRuntime, waitFor } from '../helpers/rate-limited-telegram';

const ADMIN = 900;

/** Subscribers in three languages and a few regions. */
const PEOPLE = [
  { id: 1001, language: 'ru', region: 'msk' },
  { id: 1002, language: 'ru', region: 'spb' },
  { id: 1003, language: 'tg', region: 'msk' },
  { id: 1004, language: 'tg', region: 'kzn' },
  { id: 1005, language: 'tg' },
  { id: 1006, language: 'en', region: 'spb' },
] as const;

describe('admin broadcasts reach the right people, each in their language', () => {
  const fixture = useBotFixture('bcast-seg');

  async function setUp() {
    const telegram = new RateLimitedTelegram({ perSecond: 20, exemptChats: [ADMIN] });
    const bot = await fixture.bot({ telegram, config: { adminIds: new Set([ADMIN]) } });
    await seedSubscribers(fixture.redis, fixture.prefix, PEOPLE);
    const admin = await userWithLanguage(bot, ADMIN, 'en');
    const logLines: string[] = [];
    const runtime = await startTestRuntime({ redis: fixture.redis, config: bot.config, telegram, logLines });
    return { telegram, bot, admin, runtime, logLines };
  }

  it('everyone, one text: each language group gets the official header in its language, the admin a preview per group, progress and a report', async () => {
    const { telegram, admin, runtime, logLines } = await setUp();
    try {
      const [target] = await admin.send('/broadcast');
      expect(target!.text).toContain('Active subscribers: 6');
      await admin.press('Everyone (6)');
      await admin.press('One text for all');
      await admin.send('Avoid the metro station <Park> tonight & tomorrow.');
      const previews = await admin.press('Send now');
      const labels = previews.filter((m) => m.text.startsWith('👁'));
      expect(labels.map((m) => m.text)).toEqual([
        expect.stringMatching(/readers of Русский .*\(recipients: 2\)/),
        expect.stringMatching(/readers of Тоҷикӣ .*\(recipients: 3\)/),
        expect.stringMatching(/readers of English .*\(recipients: 1\)/),
      ]);
      const tajikPreview = previews[previews.indexOf(labels[1]!) + 1]!;
      expect(tajikPreview.text).toContain('Огоҳии расмии ҳамин бот');
      expect(tajikPreview.text).toContain('Avoid the metro station <Park> tonight & tomorrow.');
      expect(tajikPreview.rawText).toContain('&lt;Park&gt;');
      const review = previews.at(-1)!;
      expect(review.text).toContain('Recipients: 6 (Русский 2 · Тоҷикӣ 3 · English 1)');

      const [queued] = await admin.press('Send now');
      expect(queued!.text).toMatch(/Notice #1 is queued\. Recipients: 6/);
      await waitFor(() => admin.messages().some((m) => m.text.startsWith('✅ Notice #1 sent.')), 'the final report');

      for (const person of PEOPLE) expect(telegram.noticesIn(person.id)).toBe(1);
      expect(telegram.chat(1003)[0]!.rawText).toBe(tajikPreview.rawText);
      expect(telegram.chat(1001)[0]!.text).toContain('Официальное оповещение этого бота');
      expect(telegram.chat(1006)[0]!.text).toContain('Official notice of this bot');

      const report = admin.messages().find((m) => m.text.startsWith('✅ Notice #1 sent.'))!;
      expect(report.text).toContain('Sent: 6 of 6. Failed: 0. Blocked the bot: 0. Skipped: 0.');
      const progress = admin.messages().find((m) => m.text.startsWith('✅ Notice #1: sent'))!;
      expect(progress.edited).toBe(true);
      expect(progress.keyboard).toBeUndefined();
      // The notice text and the admin's name never reach the logs.
      expect(logLines.join('\n')).not.toContain('metro');
      expect(logLines.join('\n')).not.toContain('Tester');
    } finally {
      await runtime.close();
    }
  });

  it('by language, a text in that language: only Tajik readers get it', async () => {
    const { telegram, admin, runtime } = await setUp();
    try {
      await admin.send('/broadcast');
      await admin.press('By language');
      await admin.press('Тоҷикӣ (3)');
      const [prompt] = await admin.send('Аз метро дур бошед.');
      expect(prompt!.text).toContain('When should it go out?');
      const shown = await admin.press('Send now');
      expect(shown.filter((m) => m.text.startsWith('👁'))).toHaveLength(1);
      await admin.press('Send now');
      await waitFor(() => admin.messages().some((m) => m.text.startsWith('✅ Notice #1 sent.')), 'the final report');
      expect(PEOPLE.map((p) => telegram.noticesIn(p.id))).toEqual([0, 0, 1, 1, 1, 0]);
      expect(telegram.chat(1004)[0]!.text).toContain('Аз метро дур бошед.');
    } finally {
      await runtime.close();
    }
  });

  it('by region, a text per language: only people in St Petersburg get it, each in their language', async () => {
    const { telegram, admin, runtime } = await setUp();
    try {
      await admin.send('/broadcast');
      await admin.press('By city or region');
      await admin.press('St Petersburg (2)');
      await admin.press('A text per language');
      await admin.send('Рейд на рынке.');
      await admin.send('Рейд дар бозор.');
      await admin.send('A raid at the market.');
      const shown = await admin.press('Send now');
      // Only languages with recipients in the region are previewed.
      expect(shown.filter((m) => m.text.startsWith('👁')).map((m) => m.text)).toEqual([
        expect.stringContaining('Русский'),
        expect.stringContaining('English'),
      ]);
      await admin.press('Send now');
      await waitFor(() => admin.messages().some((m) => m.text.startsWith('✅ Notice #1 sent.')), 'the final report');
      expect(PEOPLE.map((p) => telegram.noticesIn(p.id))).toEqual([0, 1, 0, 0, 0, 1]);
      expect(telegram.chat(1002)[0]!.text).toContain('Рейд на рынке.');
      expect(telegram.chat(1006)[0]!.text).toContain('A raid at the market.');
    } finally {
      await runtime.close();
    }
  });

  it('a subscriber who switched the bot to another language gets the notice in that language', async () => {
    const { telegram, bot, admin, runtime } = await setUp();
    try {
      // 1005 subscribed in Tajik, then chose Russian in the bot.
      await userWithLanguage(bot, 1005, 'ru');
      await admin.send('/broadcast');
      await admin.press('By language');
      await admin.press('Русский (3)');
      await admin.send('Новое правило с понедельника.');
      await admin.press('Send now');
      await admin.press('Send now');
      await waitFor(() => admin.messages().some((m) => m.text.startsWith('✅ Notice #1 sent.')), 'the final report');
      expect(telegram.chat(1005).filter((m) => m.text.includes('Новое правило'))).toHaveLength(1);
    } finally {
      await runtime.close();
    }
  });

  it('/broadcasts lists past notices with their results and who sent them', async () => {
    const { admin, runtime } = await setUp();
    try {
      await admin.send('/broadcast');
      await admin.press('Everyone (6)');
      await admin.press('One text for all');
      await admin.send('Check your patent payment date.');
      await admin.press('Send now');
      await admin.press('Send now');
      await waitFor(() => admin.messages().some((m) => m.text.startsWith('✅ Notice #1 sent.')), 'the final report');
      const [list] = await admin.send('/broadcasts');
      expect(list!.text).toContain('Recent notices');
      expect(list!.text).toContain('#1');
      expect(list!.text).toContain('sent');
      expect(list!.text).toContain(`Sent by: Tester (${ADMIN})`);
      expect(list!.text).toContain('Sent: 6 of 6');
      expect(list!.text).toContain('"Check your patent payment date."');
      const stored = await new NoticeStore(fixture.redis, fixture.prefix).get(1);
      // Per-user delivery data is gone once the report is out; the counts stay.
      expect(stored!.counts.sent).toBe(6);
      expect(await fixture.redis.exists(`${fixture.prefix}{bcast:v1}:n:1:done`, `${fixture.prefix}{bcast:v1}:n:1:rcpt`)).toBe(0);
    } finally {
      await runtime.close();
    }
  });

  it('the admin texts in Tajik: the dialogue and the report are in Tajik', async () => {
    const t = (await testI18n()).translatorFor('tg');
    const telegram = new RateLimitedTelegram({ perSecond: 20, exemptChats: [ADMIN] });
    const bot = await fixture.bot({ telegram, config: { adminIds: new Set([ADMIN]) } });
    await seedSubscribers(fixture.redis, fixture.prefix, PEOPLE);
    const runtime = await startTestRuntime({ redis: fixture.redis, config: bot.config, telegram });
    try {
      const admin = await userWithLanguage(bot, ADMIN, 'tg');
      const [target] = await admin.send('/broadcast');
      expect(target!.text).toContain('Огоҳии нав');
      await admin.press(t('broadcast.button.all', { count: 6 }));
      await admin.press(t('broadcast.button.one-text'));
      await admin.send('Ҳушдор: рейд.');
      await admin.press(t('broadcast.button.send-now'));
      await admin.press(t('broadcast.button.send-now'));
      await waitFor(() => admin.messages().some((m) => m.text.startsWith('✅ Огоҳии №1 фиристода шуд.')), 'the Tajik report');
    } finally {
      await runtime.close();
    }
  });
});
