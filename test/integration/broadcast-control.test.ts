import { NoticeStore } from '../../src/services/broadcast';
import type { RoleDirectory } from '../../src/services/staff/staff-directory';
import { useBotFixture, userWithLanguage } from '../helpers/bot-fixture';
import { RateLimitedTelegram, seedSubscribers, startTestRuntime, waitFor } from '../helpers/rate-limited-telegram';

const ADMIN = 900;
const subscribers = Array.from({ length: 16 }, (_, i) => ({ id: 3001 + i, language: 'en' as const }));

describe('admins steer a notice; nobody else can', () => {
  const fixture = useBotFixture('bcast-control');

  async function composeToEveryone(admin: Awaited<ReturnType<typeof userWithLanguage>>, text: string) {
    await admin.send('/broadcast');
    await admin.press(/^👥 Everyone/);
    await admin.press('One text for all');
    await admin.send(text);
  }

  /** An admin, 16 subscribers and a slow runtime (5 messages/s), so there is time to press buttons mid-way. */
  async function sendingSetUp() {
    const telegram = new RateLimitedTelegram({ perSecond: 20, exemptChats: [ADMIN] });
    const bot = await fixture.bot({ telegram, config: { adminIds: new Set([ADMIN]) } });
    await seedSubscribers(fixture.redis, fixture.prefix, subscribers);
    const admin = await userWithLanguage(bot, ADMIN, 'en');
    const runtime = await startTestRuntime({ redis: fixture.redis, config: bot.config, telegram, settings: { ratePerSecond: 5, concurrency: 2 } });
    return { telegram, bot, admin, runtime };
  }

  /**
   * An admin, 3 subscribers and a runtime whose clock starts at `start` and moves only when the
   * test calls `advance`, so a scheduled notice goes out exactly when the test says.
   */
  async function scheduledSetUp(start: number) {
    const telegram = new RateLimitedTelegram({ perSecond: 20, exemptChats: [ADMIN] });
    let offset = 0;
    const bot = await fixture.bot({ telegram, config: { adminIds: new Set([ADMIN]) }, deps: { clock: () => start } });
    await seedSubscribers(fixture.redis, fixture.prefix, subscribers.slice(0, 3));
    const admin = await userWithLanguage(bot, ADMIN, 'en');
    const runtime = await startTestRuntime({ redis: fixture.redis, config: bot.config, telegram, clock: () => start + offset });
    return { telegram, admin, runtime, advance: (ms: number) => void (offset = ms) };
  }

  const recipientSends = (telegram: RateLimitedTelegram) => telegram.sends.filter((s) => s.status === 200).length;

  it('pause stops sending, resume goes on, the progress message shows counts and an ETA, then a report', async () => {
    const { telegram, admin, runtime } = await sendingSetUp();
    try {
      await composeToEveryone(admin, 'Stay away from the market today.');
      await admin.press('Send now');
      await admin.press('Send now');
      await waitFor(() => admin.buttons().some((b) => b.text === '⏸ Pause') && recipientSends(telegram) >= 3, 'progress with a Pause button');
      const progress = admin.messages().find((m) => m.text.startsWith('📤 Notice #1: sending'))!;
      expect(progress.text).toMatch(/Sent: \d+\nFailed: 0\nBlocked the bot: 0\nSkipped \(unsubscribed\): 0\nRemaining: \d+ of 16/);
      expect(progress.text).toMatch(/About \d+ s left/);

      await admin.press('⏸ Pause');
      // The same message turns into "paused" (the runtime may still land one older update first).
      const current = () => admin.messages().find((m) => m.messageId === progress.messageId)!;
      await waitFor(() => current().text.includes('Notice #1: paused'), 'the progress message to show the pause', 5000);
      expect(current().keyboard!.inline_keyboard.flat().map((b) => b.text)).toEqual(['▶️ Resume', '⛔ Cancel sending']);
      // Sends that had begun before the pause still go out; once none is in flight, nothing more may.
      const notices = new NoticeStore(fixture.redis, fixture.prefix);
      await waitFor(async () => (await notices.get(1))!.inflight === 0, 'sends already in flight to finish');
      const whilePaused = recipientSends(telegram);
      await new Promise((r) => setTimeout(r, 1000));
      expect(recipientSends(telegram)).toBe(whilePaused);
      expect(whilePaused).toBeLessThan(16);

      await admin.press('▶️ Resume');
      await waitFor(() => admin.messages().some((m) => m.text.startsWith('✅ Notice #1 sent.')), 'the final report');
      expect(subscribers.map((s) => telegram.noticesIn(s.id))).toEqual(subscribers.map(() => 1));
      expect(admin.messages().find((m) => m.text.startsWith('✅ Notice #1 sent.'))!.text).toContain('Sent: 16 of 16.');
    } finally {
      await runtime.close();
    }
  }, 60_000);

  it('cancel stops the notice for good; the report says how many were not sent', async () => {
    const { telegram, bot, admin, runtime } = await sendingSetUp();
    try {
      await composeToEveryone(admin, 'Test notice.');
      await admin.press('Send now');
      await admin.press('Send now');
      await waitFor(() => admin.buttons().some((b) => b.text === '⛔ Cancel sending') && recipientSends(telegram) >= 2, 'progress');
      const progress = admin.messages().find((m) => m.text.startsWith('📤 Notice #1'))!;
      await admin.press('⛔ Cancel sending');
      const current = () => admin.messages().find((m) => m.messageId === progress.messageId)!;
      await waitFor(() => current().text.includes('Notice #1: cancelled'), 'the progress message to show the cancel', 5000);
      await waitFor(() => admin.messages().some((m) => m.text.startsWith('⛔ Notice #1 cancelled.')), 'the final report');
      const sent = recipientSends(telegram);
      const report = admin.messages().find((m) => m.text.startsWith('⛔ Notice #1 cancelled.'))!;
      expect(report.text).toContain(`Sent before the cancel: ${sent} of 16.`);
      expect(report.text).toContain(`Not sent: ${16 - sent}.`);
      await new Promise((r) => setTimeout(r, 800));
      expect(recipientSends(telegram)).toBe(sent);
      // Pressing an old button of a finished notice changes nothing.
      const shown = await admin.pressData('f:bc:resume:1');
      expect(shown).toEqual([]);
      expect(bot.telegram.callsOf('answerCallbackQuery').at(-1)!.payload.text).toBe('This notice has already finished');
    } finally {
      await runtime.close();
    }
  });

  it('non-admins are refused: the commands, and forged progress buttons, which change nothing', async () => {
    const bot = await fixture.bot({ config: { adminIds: new Set([ADMIN]) } });
    await seedSubscribers(fixture.redis, fixture.prefix, subscribers);
    const store = new NoticeStore(fixture.redis, fixture.prefix);
    const id = await store.create({
      target: { kind: 'all' }, html: { en: '📢 x' }, summary: 'x', createdBy: { userId: ADMIN, name: 'A' },
      adminChatId: ADMIN, adminLanguage: 'en', createdAt: Date.now(), startAt: Date.now() + 3600_000,
    });
    const intruder = await userWithLanguage(bot, 3001, 'tg');

    const [refused] = await intruder.send('/broadcast');
    expect(refused!.text).toBe('⛔ Ин амал танҳо барои маъмурони бот дастрас аст.');
    const [refusedList] = await intruder.send('/broadcasts');
    expect(refusedList!.text).toContain('маъмурони бот');
    for (const forged of [`f:bc:cancel:${id}`, `f:bc:pause:${id}`, 'f:bc:resume:1', 'f:bc:cancel:999']) {
      const [answer] = await intruder.pressData(forged);
      expect(answer!.text).toContain('маъмурони бот');
    }
    expect((await store.get(id))!.status).toBe('scheduled');
    // A dialogue button of the admin's dialogue, forged in another chat, is just out of date.
    const stale = await intruder.pressData('ch:bc.all');
    expect(stale.at(-1)!.text).toContain('Ин тугма кӯҳна шудааст.');
    expect(await fixture.redis.keys(`${fixture.prefix}bcast:v1:draft:*`)).toEqual([]);
  });

  it('an admin whose rights are revoked in the middle of composing is stopped at the next step', async () => {
    const admins = new Set([ADMIN]);
    const roles: RoleDirectory = { isAdmin: (id) => admins.has(id), isStaff: (id) => admins.has(id) };
    const bot = await fixture.bot({ deps: { roles } });
    await seedSubscribers(fixture.redis, fixture.prefix, subscribers);
    const admin = await userWithLanguage(bot, ADMIN, 'ru');
    await admin.send('/broadcast');
    await admin.press(/^👥 Всем/);
    admins.delete(ADMIN);
    const [answer] = await admin.press('Один текст для всех');
    expect(answer!.text).toBe('⛔ Это доступно только администраторам бота.');
    // The dialogue is over: text now goes elsewhere, and no notice exists.
    await admin.send('Текст');
    expect(await new NoticeStore(fixture.redis, fixture.prefix).recent(5)).toEqual([]);
    const [pressedAgain] = await admin.pressData('f:bc:pause:1');
    expect(pressedAgain!.text).toContain('только администраторам');
  });

  it('a scheduled notice waits for its time, then goes out; a typed time is understood', async () => {
    const { telegram, admin, runtime, advance } = await scheduledSetUp(Date.UTC(2026, 2, 12, 12, 0)); // 15:00 in Moscow
    try {
      await composeToEveryone(admin, 'New rule from Monday.');
      const [bad] = await admin.send('25:99');
      expect(bad!.text).toContain('I did not understand the time.');
      const [past] = await admin.send('12.03 14:00');
      expect(past!.text).toContain('That time has passed.');
      const shown = await admin.send('18:30');
      const review = shown.at(-1)!;
      expect(review.text).toContain('When: 12 March 2026, 18:30 (Moscow time)');
      // The preview carries the date of sending, exactly as readers will see it.
      expect(shown.find((m) => m.text.startsWith('📢'))!.text).toContain('12 March 2026');
      await admin.press('Change time');
      const [review2] = (await admin.press('In 15 minutes')).slice(-1);
      expect(review2!.text).toContain('When: 12 March 2026, 15:15 (Moscow time)');
      const [scheduled] = await admin.press('✅ Confirm');
      expect(scheduled!.text).toContain('Notice #1 is scheduled for 12 March 2026, 15:15 (Moscow time). Recipients now: 3.');
      expect(admin.buttons().map((b) => b.text)).toEqual(['⛔ Cancel sending']);

      await new Promise((r) => setTimeout(r, 500));
      expect(telegram.sends).toEqual([]);
      advance(16 * 60_000);
      await waitFor(() => admin.messages().some((m) => m.text.startsWith('✅ Notice #1 sent.')), 'the final report');
      expect(subscribers.slice(0, 3).map((s) => telegram.noticesIn(s.id))).toEqual([1, 1, 1]);

      const [list] = await admin.send('/broadcasts');
      // Listed with the time it actually went out.
      expect(list!.text).toContain('#1 · 12 March 2026, 15:16 (Moscow time) · sent');
    } finally {
      await runtime.close();
    }
  });

  it('a scheduled notice can be cancelled before its time', async () => {
    const { telegram, admin, runtime, advance } = await scheduledSetUp(Date.now());
    try {
      await composeToEveryone(admin, 'Maybe later.');
      await admin.press('In 1 hour');
      await admin.press('✅ Confirm');
      const [cancelled] = await admin.press('⛔ Cancel sending');
      expect(cancelled!.text).toBe('⛔ Notice #1: cancelled');
      advance(2 * 3600_000);
      await new Promise((r) => setTimeout(r, 400));
      expect(telegram.sends).toEqual([]);
    } finally {
      await runtime.close();
    }
  });

  it('without Redis (the offline simulator) admins are told that broadcasts need it', async () => {
    const bot = await fixture.bot({ config: { adminIds: new Set([ADMIN]) }, deps: { redis: undefined } });
    const admin = await userWithLanguage(bot, ADMIN, 'en');
    const [answer] = await admin.send('/broadcast');
    expect(answer!.text).toBe('Broadcasts need Redis, and this offline mode has none. Start the bot with REDIS_URL.');
    const [list] = await admin.send('/broadcasts');
    expect(list!.text).toContain('Broadcasts need Redis');
  });

  it('text too long for one message is refused with the limit', async () => {
    const bot = await fixture.bot({ config: { adminIds: new Set([ADMIN]) } });
    await seedSubscribers(fixture.redis, fixture.prefix, subscribers.slice(0, 1));
    const admin = await userWithLanguage(bot, ADMIN, 'en');
    await composeToEveryone(admin, 'x'.repeat(3600));
    const shown = admin.messages().slice(-2);
    expect(shown[0]!.text).toContain('Too long: 3600 characters, the limit is 3500.');
    expect(shown[1]!.text).toContain('Send the text of the notice');
  });
});
