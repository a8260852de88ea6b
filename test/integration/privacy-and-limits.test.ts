import { FakeTelegram } from '../../src/simulator/fake-telegram';
import { useBotFixture, userWithLanguage } from '../helpers/bot-fixture';
import { keysMentioning, keysWithPrefix } from '../helpers/test-redis';

describe('trust and privacy', () => {
  const fixture = useBotFixture('privacy');

  it('/privacy says what is kept and for how long, in the user language', async () => {
    const bot = await fixture.bot({ config: { sessionTtlSeconds: 90 * 24 * 3600, conversationTtlSeconds: 6 * 3600 } });
    const user = await userWithLanguage(bot, 601, 'tg');
    const [privacy] = await user.send('/privacy');
    expect(privacy!.text).toContain('Бот дар бораи Шумо чӣ нигоҳ медорад');
    expect(privacy!.text).toContain('90 рӯз');
    expect(privacy!.text).toContain('6 соат');
    expect(privacy!.text).toContain('30 рӯз пас аз пӯшидани он');
  });

  it('/privacy counts days and hours with each language\'s plural forms and says the user id is a salted hash', async () => {
    const one = await fixture.bot({ config: { sessionTtlSeconds: 24 * 3600, conversationTtlSeconds: 3600 } });
    const [ruOne] = await (await userWithLanguage(one, 611, 'ru')).send('/privacy');
    expect(ruOne!.text).toContain('через 1 день,');
    expect(ruOne!.text).toContain('через 1 час.');
    expect(ruOne!.text).toContain('хэш с «солью»');
    expect(ruOne!.text).not.toContain('зашифр');
    const [enOne] = await (await userWithLanguage(one, 612, 'en')).send('/privacy');
    expect(enOne!.text).toContain('after 1 day without');
    expect(enOne!.text).toContain('salted hash');
    const many = await fixture.bot({ config: { sessionTtlSeconds: 22 * 24 * 3600, conversationTtlSeconds: 5 * 3600 } });
    const [ruMany] = await (await userWithLanguage(many, 613, 'ru')).send('/privacy');
    expect(ruMany!.text).toContain('через 22 дня,');
    expect(ruMany!.text).toContain('через 5 часов.');
    const [tgMany] = await (await userWithLanguage(many, 614, 'tg')).send('/privacy');
    // Tajik keeps the noun singular after any numeral.
    expect(tgMany!.text).toContain('пас аз 22 рӯз');
    expect(tgMany!.text).toContain('пас аз 5 соат');
    expect(tgMany!.text).toContain('хэши он бо «намак»');
  });

  it('/forget, after a confirmation, leaves nothing in Redis for that user: session, dialogue, subscription, region', async () => {
    const ID = 777000602; // distinctive, so no timestamp or counter can contain it by chance
    const bot = await fixture.bot();
    const user = await userWithLanguage(bot, ID, 'en');
    await userWithLanguage(bot, 777000603, 'ru');
    await user.press('🔔 Subscribe');
    await user.press('Kazan');
    await user.press('Main menu');
    await user.press('Calculate my deadlines');
    await user.press('Tajikistan');
    expect(await mentionsOf(ID)).not.toEqual([]);

    await user.send('/forget');
    const [kept] = await user.press('No, keep it');
    expect(kept!.text).toContain('nothing was deleted');
    expect(await mentionsOf(ID)).not.toEqual([]);

    await user.send('/forget');
    const [done] = await user.press('Yes, delete everything');
    expect(done!.text).toContain('everything the bot kept about you has been deleted');
    expect(await mentionsOf(ID)).toEqual([]);
    // Other users keep their data.
    expect(await mentionsOf(777000603)).not.toEqual([]);
  });

  it('/forget by an admin removes them from the notices they sent; the notices stay for other admins', async () => {
    const ADMIN = 777000604;
    const bot = await fixture.bot({ config: { adminIds: new Set([ADMIN]) } });
    await userWithLanguage(bot, 777000605, 'ru').then((u) => u.pressData('f:subs:on'));
    const admin = await userWithLanguage(bot, ADMIN, 'en');
    await admin.send('/broadcast');
    await admin.press(/Everyone/);
    await admin.press('One text for all');
    await admin.send('Stay indoors tonight.');
    await admin.press('Tomorrow at 09:00');
    await admin.press(/Schedule|Send|Confirm/);
    expect(await mentionsOf(ADMIN)).not.toEqual([]);

    await admin.send('/forget');
    await admin.press('Yes, delete everything');
    expect(await mentionsOf(ADMIN)).toEqual([]);
    const [history] = await userWithLanguage(await fixture.bot({ config: { adminIds: new Set([1]) } }), 1, 'en').then((u) => u.send('/broadcasts'));
    expect(history!.text).toContain('Stay indoors tonight.');
  });

  const mentionsOf = (id: number) => keysMentioning(fixture.redis, fixture.prefix, id);

  it('an open dialogue is kept without the person’s name, username or the text of the bot’s cards', async () => {
    const bot = await fixture.bot();
    const user = await userWithLanguage(bot, 777000606, 'ru');
    Object.assign(user.user, { firstName: 'Zarina', lastName: 'Karimova', username: 'zarina_k' });
    await user.press('Меня задержали');
    await user.press('Что сказать родным');
    await user.send('/menu');
    await user.press('Посчитать мои сроки');
    await user.press('Таджикистан');
    const dialogueKeys = (await keysWithPrefix(fixture.redis, fixture.prefix)).filter((k) => k.includes(':conv:'));
    expect(dialogueKeys).toHaveLength(1);
    const stored = (await fixture.redis.get(dialogueKeys[0]!))!;
    for (const personal of ['Zarina', 'Karimova', 'zarina_k']) expect(stored).not.toContain(personal);
    expect(stored).not.toContain('Посчитать'); // the bot's own texts are not kept either
    expect(stored.length).toBeLessThan(2000);
    // The dialogue still works from what is kept.
    const [next] = await user.send('05.03.2026');
    expect(next!.text).toContain('5 марта 2026');
  });

  it('logs carry hashed ids only: no message text, names, usernames, phone numbers or raw ids', async () => {
    const bot = await fixture.bot();
    const user = bot.user(987654321, 'ru');
    await user.send('/start');
    bot.telegram.failNext('sendMessage', { error_code: 500, description: 'Internal Server Error' });
    await user.send('Меня зовут Зарина Каримова, мой телефон +7 916 555-12-34');
    bot.telegram.failNext('sendMessage', { error_code: 400, description: 'Bad Request: chat not found' });
    await user.send('/help');
    // Without the timestamps: a time like 1796147091667 holds "916" by chance, not from the message.
    const logs = bot.logLines.map((line) => line.replace(/"time":\d+/, '')).join('\n');
    expect(bot.logLines.length).toBeGreaterThan(0);
    for (const secret of ['Зарина', 'Каримова', '916', '555-12-34', '987654321', 'Tester']) expect(logs).not.toContain(secret);
    expect(logs).toMatch(/"user":"[0-9a-f]{12}"/);
  });
});

describe('admin and staff rights', () => {
  const fixture = useBotFixture('rights');

  it.each(['/broadcast', '/staff'])('a non-admin trying %s is answered plainly, and the attempt is logged with a hashed id', async (command) => {
    const bot = await fixture.bot({ config: { adminIds: new Set([1]), staffIds: new Set([2]) } });
    const user = await userWithLanguage(bot, 123456789, 'en');
    const shown = await user.send(command);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.at(-1)!.text).toMatch(/only|admin|staff/i);
    const refusal = bot.logLines.map((l) => JSON.parse(l) as { msg: string }).find((l) => /refused/.test(l.msg));
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- @types/jest types asymmetric matchers as any
    expect(refusal).toMatchObject({ user: expect.stringMatching(/^[0-9a-f]{12}$/) });
    expect(bot.logLines.join('\n')).not.toContain('123456789');
  });
});

describe('per-user rate limit', () => {
  const fixture = useBotFixture('ratelimit');

  it('holds across two bot instances: a flooding user gets one notice, then silence; others are not slowed', async () => {
    const config = { rateLimit: { max: 4, windowSeconds: 60 } };
    const first = await fixture.bot({ config });
    const second = await fixture.bot({ config, telegram: first.telegram });
    const onFirst = first.user(701, 'en');
    const onSecond = second.user(701, 'en');

    expect(await onFirst.send('/help')).toHaveLength(1);
    expect(await onSecond.send('/help')).toHaveLength(1);
    expect(await onFirst.send('/help')).toHaveLength(1);
    expect(await onSecond.send('/help')).toHaveLength(1);
    const [notice] = await onFirst.send('/help');
    expect(notice!.text).toContain('Too many messages in a row');
    expect(await onSecond.send('/help')).toEqual([]);
    expect(await onFirst.send('/help')).toEqual([]);

    const [other] = await first.user(702, 'en').send('/help');
    expect(other!.text).toContain('What this bot does');
  });
});

describe('several instances behind one webhook', () => {
  const fixture = useBotFixture('chatlock');

  it('handle one chat one update at a time across instances, so no session write is lost', async () => {
    const telegram = new FakeTelegram();
    const spans: Array<{ start: number; end: number }> = [];
    // A slow Bot API makes each update take a while, so concurrent handling would overlap.
    const slowFetch: typeof fetch = async (input, init) => {
      const start = Date.now();
      await new Promise((r) => setTimeout(r, 150));
      const response = await telegram.fetch(input, init);
      const url = input instanceof Request ? input.url : input.toString();
      if (url.endsWith('/sendMessage') || url.endsWith('/editMessageText')) spans.push({ start, end: Date.now() });
      return response;
    };
    const deps = { fetch: slowFetch, lockChatsAcrossInstances: true };
    const first = await fixture.bot({ telegram, deps });
    const second = await fixture.bot({ telegram, deps });
    await Promise.all([first.user(801, 'en').send('/help'), second.user(801, 'en').send('/menu')]);
    expect(spans).toHaveLength(2);
    const [a, b] = spans.sort((x, y) => x.start - y.start) as [{ start: number; end: number }, { start: number; end: number }];
    expect(b.start).toBeGreaterThanOrEqual(a.end);
    // The lock is gone afterwards.
    expect(await fixture.redis.exists(`${fixture.prefix}lock:chat:801`)).toBe(0);
  });
});
