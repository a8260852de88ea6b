import { Queue, type Job } from 'bullmq';
import * as ical from 'node-ical';
import { reminderQueueJobs } from '../../src/bot/features/reminders/runtime';
import { createLogger } from '../../src/logger';
import type { Language } from '../../src/services/languages';
import type { ReminderJob } from '../../src/services/reminders';
import { SubscriberStore } from '../../src/services/subscribers';
import { redisKeys } from '../../src/storage/redis-keys';
import type { ChatDriver } from '../../src/simulator/chat-driver';
import { useBotFixture, userWithLanguage } from '../helpers/bot-fixture';
import type { Translate } from '../../src/bot/i18n';
import { testI18n, type TestBot } from '../helpers/harness';
import { queueNotice, RateLimitedTelegram, seedSubscribers, startTestRuntime, waitFor } from '../helpers/rate-limited-telegram';
import { keysMentioning, keysWithPrefix } from '../helpers/test-redis';

/** "Today" of the calculation: 10 March 2026, noon in Moscow. */
const TODAY = Date.parse('2026-03-10T09:00:00Z');
/** 10:00 in Moscow on a day of March 2026 (UTC+3). */
const tenInMoscow = (day: number) => Date.parse(`2026-03-${String(day).padStart(2, '0')}T07:00:00Z`);

describe('deadline reminders', () => {
  const fixture = useBotFixture('reminders');
  let now = TODAY;
  beforeEach(() => {
    now = TODAY;
  });
  const newBot = (options: Parameters<typeof fixture.bot>[0] = {}) => fixture.bot({ ...options, deps: { clock: () => now, ...options.deps } });

  /** The delivery queue as a test reads it. */
  async function withQueue<T>(use: (queue: Queue) => Promise<T>): Promise<T> {
    const connection = fixture.redis.duplicate();
    const queue = new Queue('notices', { connection, prefix: redisKeys(fixture.prefix).deliveryQueue });
    try {
      return await use(queue);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  }
  const delayedReminders = () =>
    withQueue(async (queue) => (await queue.getDelayed()).filter((job) => job.name === 'remind') as Array<Job<ReminderJob>>);
  /** Time passes: the job of alert `alertId` comes due now. */
  const comeDue = (alertId: string) =>
    withQueue(async (queue) => {
      const job = (await queue.getDelayed()).find((j) => (j.data as ReminderJob).a === alertId);
      if (!job) throw new Error(`no delayed job for ${alertId}`);
      await job.promote();
    });

  /** The worker side: the notices' runtime with the reminder jobs, on this bot's fake Telegram and clock. */
  async function startDelivery(bot: TestBot, telegram = bot.telegram, ratePerSecond = 20) {
    const i18n = await testI18n();
    const logger = createLogger('silent');
    const jobs = [reminderQueueJobs({ config: bot.config, redis: fixture.redis, logger, i18n, fetch: telegram.fetch, clock: () => now })];
    return startTestRuntime({ redis: fixture.redis, config: bot.config, telegram, clock: () => now, jobs, settings: { ratePerSecond } });
  }

  /** A Tajik worker who entered on 5 March 2026 runs the calculator (patent paid until `paidUntil`, or none). */
  async function calculate(bot: TestBot, id: number, lang: Language, paidUntil?: string): Promise<{ user: ChatDriver; t: Translate }> {
    const t = (await testI18n()).translatorFor(lang);
    const user = await userWithLanguage(bot, id, lang);
    await user.press(t('menu.deadlines'));
    await user.press(t('deadlines.answer.tj'));
    await user.send('05.03.2026');
    await user.press(t('deadlines.answer.work'));
    if (paidUntil) {
      await user.press(t('deadlines.answer.yes'));
      await user.send(paidUntil);
    } else {
      await user.press(t('deadlines.answer.no'));
    }
    await user.press(t('deadlines.answer.zero'));
    return { user, t };
  }

  it.each<[Language, string[]]>([
    ['ru', ['Миграционный учёт', '20 марта 2026', 'по московскому времени', 'ни одного вашего ответа']],
    ['tg', ['Қайди муҳоҷиратӣ', '20 марти соли 2026', 'бо вақти Маскав', 'ҳеҷ яке аз ҷавобҳои Шумо не']],
    ['en', ['Migration registration', '20 March 2026', 'Moscow time', 'none of your answers']],
  ])('in %s, "Remind me" under the result shows what is kept, and confirming schedules each deadline at 10:00 Moscow time', async (lang, expected) => {
    const bot = await newBot();
    const id = 777001700 + ['ru', 'tg', 'en'].indexOf(lang);
    const { user, t } = await calculate(bot, id, lang);
    const [offer] = await user.press(t('reminders.button.remind-me'));
    for (const fragment of expected) expect(offer!.text).toContain(fragment);
    // The calculator's result stays in the chat above the offer.
    expect(user.messages().some((m) => m.text.includes(t('deadlines.result-title')))).toBe(true);
    const [list] = await user.press(t('reminders.button.confirm'));
    expect(list!.text).toContain(t('reminders.list.title').replace(/<\/?b>/g, ''));
    expect(list!.text).toContain(expected[1]!);

    // Kept: dates, kinds, rules and the language — not the entry date, citizenship or purpose.
    const stored = await fixture.redis.hget(`${redisKeys(fixture.prefix).reminders}${id}`, 'plan');
    expect(JSON.parse(stored!)).toEqual({
      language: lang,
      deadlines: [
        { kind: 'registration', due: '2026-03-20', rule: 'registration-tajikistan' },
        { kind: 'fingerprinting-medical', due: '2026-04-04', rule: 'fingerprinting-medical' },
        { kind: 'patent-application', due: '2026-04-04', rule: 'patent' },
        { kind: 'stay-limit', due: '2026-06-02', rule: 'stay-limit' },
        { kind: 'medical-renewal', due: '2027-04-04', rule: 'fingerprinting-medical' },
      ],
    });
    expect(stored).not.toMatch(/2026-03-05|work|TJ/);

    const jobs = await delayedReminders();
    expect(jobs.map((job) => job.data.a).sort()).toEqual(
      [
        'fingerprinting-medical.20260404.0', 'fingerprinting-medical.20260404.3', 'medical-renewal.20270404.0', 'medical-renewal.20270404.14',
        'patent-application.20260404.0', 'patent-application.20260404.3', 'registration.20260320.0', 'registration.20260320.3',
        'stay-limit.20260602.0', 'stay-limit.20260602.3',
      ].sort(),
    );
    // Three days before the registration deadline, at 10:00 Moscow time.
    const early = jobs.find((job) => job.data.a === 'registration.20260320.3')!;
    expect(early.opts.delay).toBe(tenInMoscow(17) - TODAY);
    expect(early.data.u).toBe(id);
    // Job ids name the person by a salted hash only.
    expect(early.id).not.toContain(String(id));
  });

  it('a person whose city is Novosibirsk is reminded at 10:00 Novosibirsk time', async () => {
    const bot = await newBot();
    const id = 777001710;
    await new SubscriberStore(fixture.redis, fixture.prefix).subscribe(id, 'en', now);
    await new SubscriberStore(fixture.redis, fixture.prefix).setRegion(id, 'nsk');
    const { user, t } = await calculate(bot, id, 'en');
    const [offer] = await user.press(t('reminders.button.remind-me'));
    expect(offer!.text).toContain('Novosibirsk time');
    await user.press(t('reminders.button.confirm'));
    const early = (await delayedReminders()).find((job) => job.data.a === 'registration.20260320.3')!;
    expect(early.opts.delay).toBe(Date.parse('2026-03-17T03:00:00Z') - TODAY);
  });

  it('after a restart the reminder still comes, once, in the person’s language, with its source and checked date', async () => {
    const first = await newBot();
    const id = 777001720;
    const { user, t } = await calculate(first, id, 'tg');
    await user.press(t('reminders.button.remind-me'));
    await user.press(t('reminders.button.confirm'));
    await first.services.close();

    // A new process on the same Redis: the plan and the delayed jobs are where they were.
    const second = await newBot({ telegram: first.telegram });
    const runtime = await startDelivery(second);
    try {
      now = tenInMoscow(17);
      await comeDue('registration.20260320.3');
      await waitFor(() => first.telegram.chat(id).some((m) => m.text.includes('Ёдоварӣ:')), 'the reminder');
      const reminder = first.telegram.chat(id).find((m) => m.text.includes('Ёдоварӣ:'))!;
      expect(reminder.text).toContain('Қайди муҳоҷиратӣ');
      expect(reminder.text).toContain('20 марти соли 2026');
      expect(reminder.text).toContain('3 рӯз монд.');
      expect(reminder.text).toContain('Созишномаи байни ФР ва Тоҷикистон');
      expect(reminder.text).toContain('24 ноябри соли 2026');
      // The same alert queued again (a re-fed job) sends nothing: it was sent already.
      await withQueue((queue) => queue.add('remind', { u: id, a: 'registration.20260320.3' } satisfies ReminderJob));
      await withQueue(async (queue) => waitFor(async () => Object.values(await queue.getJobCounts('waiting', 'active')).every((n) => n === 0), 'the queue to drain'));
      expect(first.telegram.chat(id).filter((m) => m.text.includes('Ёдоварӣ:'))).toHaveLength(1);
    } finally {
      await runtime.close();
    }
  });

  it('"I paid for 2 months" moves the next payment reminder two months on, and reminds to keep the receipt', async () => {
    const bot = await newBot();
    const id = 777001730;
    const { user, t } = await calculate(bot, id, 'en', '14.03.2026');
    const [offer] = await user.press(t('reminders.button.remind-me'));
    expect(offer!.text).toContain('Patent: the last paid day: 14 March 2026');
    await user.press(t('reminders.button.confirm'));
    const runtime = await startDelivery(bot);
    try {
      now = tenInMoscow(11);
      await comeDue('patent-payment.20260314.3');
      await waitFor(() => user.messages().some((m) => m.text.startsWith('🔔 Reminder: Patent')), 'the payment reminder');
      const reminder = user.messages().find((m) => m.text.startsWith('🔔 Reminder: Patent'))!;
      expect(reminder.text).toContain('Your patent is paid until 14 March 2026 (inclusive).');
      expect(reminder.text).toContain('Keep every payment receipt');
      expect(reminder.text).toContain('Tax Code of the RF, art. 227.1');

      const paidTwice = reminder.keyboard!.inline_keyboard[0]![1]! as { callback_data: string };
      const [moved] = await user.press('I paid for 2 months');
      expect(moved!.text).toContain('paid until 14 May 2026 (inclusive)');
      const payment = (await delayedReminders()).filter((job) => job.data.a.startsWith('patent-payment'));
      expect(payment.map((job) => job.data.a).sort()).toEqual(['patent-payment.20260514.0', 'patent-payment.20260514.3']);
      // 11 May, 10:00 Moscow time (UTC+3).
      expect(payment.find((job) => job.data.a.endsWith('.3'))!.opts.delay).toBe(Date.parse('2026-05-11T07:00:00Z') - now);
      // The same button again counts nothing twice.
      await user.pressData(paidTwice.callback_data, reminder);
      const plan = await bot.services.reminders!.plan(id);
      expect(plan!.deadlines.find((d) => d.kind === 'patent-payment')!.due).toBe('2026-05-14');
    } finally {
      await runtime.close();
    }
  });

  it('a cancelled or recalculated deadline is not reminded of, even when its job comes due', async () => {
    const bot = await newBot();
    const id = 777001740;
    const { user, t } = await calculate(bot, id, 'en');
    await user.press(t('reminders.button.remind-me'));
    await user.press(t('reminders.button.confirm'));
    const [list] = await user.send('/reminders');
    expect(list!.text).toContain('Migration registration: 20 March 2026');
    const [after] = await user.press('Cancel: Migration registration');
    expect(after!.text).toContain('Cancelled: Migration registration.');
    expect(after!.text).not.toContain('Migration registration: 20 March');
    expect((await delayedReminders()).some((job) => job.data.a.startsWith('registration'))).toBe(false);
    // A job that was already on its way (not removable) finds its alert gone and sends nothing.
    const runtime = await startDelivery(bot);
    try {
      now = tenInMoscow(17);
      await withQueue((queue) => queue.add('remind', { u: id, a: 'registration.20260320.3' } satisfies ReminderJob));
      await withQueue(async (queue) => waitFor(async () => Object.values(await queue.getJobCounts('waiting', 'active')).every((n) => n === 0), 'the queue to drain'));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(user.messages().some((m) => m.text.startsWith('🔔 Reminder'))).toBe(false);
    } finally {
      await runtime.close();
    }
  });

  it('recalculating replaces the plan: the old dates’ jobs leave the queue, the new ones come in', async () => {
    const bot = await newBot();
    const id = 777001745;
    const reminders = bot.services.reminders!;
    await reminders.set(id, 'en', [{ kind: 'registration', due: '2026-03-20', rule: 'registration-tajikistan' }]);
    await reminders.set(id, 'en', [{ kind: 'registration', due: '2026-03-25', rule: 'registration-tajikistan' }]);
    expect((await delayedReminders()).map((job) => job.data.a).sort()).toEqual(['registration.20260325.0', 'registration.20260325.3']);
    expect((await reminders.plan(id))!.deadlines).toEqual([{ kind: 'registration', due: '2026-03-25', rule: 'registration-tajikistan' }]);
  });

  it('a reminder that comes due at night waits for 10:00 in the morning', async () => {
    const bot = await newBot();
    const id = 777001746;
    await bot.services.reminders!.set(id, 'en', [{ kind: 'registration', due: '2026-03-20', rule: 'registration-tajikistan' }]);
    const runtime = await startDelivery(bot);
    try {
      // 23:30 in Moscow on 17 March: the worker was down at 10:00 and the job runs late.
      now = Date.parse('2026-03-17T20:30:00Z');
      await comeDue('registration.20260320.3');
      await waitFor(async () => (await delayedReminders()).some((job) => job.data.a === 'registration.20260320.3'), 'the job to be put off');
      const job = (await delayedReminders()).find((j) => j.data.a === 'registration.20260320.3')!;
      // Put off until 10:00 on 18 March, Moscow time: 10.5 hours after "now".
      expect(job.timestamp + job.delay - Date.now()).toBeGreaterThan(10 * 3600_000);
      expect(bot.telegram.chat(id)).toEqual([]);
    } finally {
      await runtime.close();
    }
  });

  it('/forget leaves no key and no queued job about the person', async () => {
    const bot = await newBot();
    const id = 777001750;
    const { user, t } = await calculate(bot, id, 'ru', '14.03.2026');
    await user.press(t('reminders.button.remind-me'));
    await user.press(t('reminders.button.confirm'));
    expect(await keysMentioning(fixture.redis, fixture.prefix, id)).not.toEqual([]);
    await user.send('/forget');
    await user.press(t('privacy.button.confirm'));
    expect(await keysMentioning(fixture.redis, fixture.prefix, id)).toEqual([]);
    expect(await keysWithPrefix(fixture.redis, redisKeys(fixture.prefix).reminders)).toEqual([]);
    expect(await delayedReminders()).toEqual([]);
  });

  it('the deadlines come as an .ics file that parses, one event per deadline on its date, titles in the person’s language', async () => {
    const bot = await newBot();
    const id = 777001760;
    const { user, t } = await calculate(bot, id, 'tg', '14.03.2026');
    await user.press(t('reminders.button.remind-me'));
    const [file] = await user.press(t('reminders.button.ics'));
    expect(file!.document?.fileName).toBe('deadlines.ics');
    expect(file!.text).toContain(t('reminders.ics.caption'));
    const events = Object.values(ical.sync.parseICS(file!.document!.content)).filter((c): c is ical.VEvent => c?.type === 'VEVENT');
    const byTitle = Object.fromEntries(events.map((e) => [typeof e.summary === 'string' ? e.summary : e.summary.val, e.start.toISOString().slice(0, 10)]));
    expect(byTitle).toEqual({
      'Қайди муҳоҷиратӣ (бақайдгирӣ)': '2026-03-20',
      'Бақайдгирии дактилоскопӣ ва муоинаи тиббӣ': '2026-04-04',
      'Патент: рӯзи охирини пардохтшуда': '2026-03-14',
      'Ҳуҷҷатҳои тиббӣ: анҷоми мӯҳлати яксола': '2027-04-04',
    });
    for (const event of events) expect((event as unknown as { alarms: unknown[] }).alarms.length).toBeGreaterThan(0);
    // Nothing was stored: the file came from the button's answers.
    expect(await bot.services.reminders!.plan(id)).toBeUndefined();
  });

  it('reminders and a notice share the rate gate: the limit holds across both, and a person who blocked the bot is marked', async () => {
    const telegram = new RateLimitedTelegram({ perSecond: 10, exemptChats: [900] });
    const bot = await newBot({ telegram });
    const subscribers: Array<{ id: number; language: Language }> = Array.from({ length: 20 }, (_, i) => ({ id: 5001 + i, language: 'en' }));
    await seedSubscribers(fixture.redis, fixture.prefix, subscribers);
    now = tenInMoscow(17) - 100;
    const reminded = Array.from({ length: 12 }, (_, i) => 6001 + i);
    for (const id of reminded) await bot.services.reminders!.set(id, 'en', [{ kind: 'registration', due: '2026-03-20', rule: 'registration-tajikistan' }]);
    const blocked = reminded[0]!;
    await new SubscriberStore(fixture.redis, fixture.prefix).subscribe(blocked, 'en', now);
    telegram.block(blocked);
    await queueNotice(fixture.redis, fixture.prefix, { adminId: 900, startAt: now });
    const runtime = await startDelivery(bot, telegram, 10);
    try {
      const reminders = () => reminded.filter((id) => telegram.chat(id).some((m) => m.text.startsWith('🔔 Reminder'))).length;
      await waitFor(() => reminders() === reminded.length - 1 && subscribers.every((s) => telegram.noticesIn(s.id) === 1), 'every reminder and notice', 15_000);
      // The blocked person's reminder may be settled a moment after the others (its job runs on its own).
      await waitFor(async () => (await bot.services.reminders!.plan(blocked))?.blocked === true, 'the blocked person marked in the reminder plan', 15_000);
      expect(telegram.limitViolations()).toEqual([]);
      expect(telegram.maxInAnyWindow(1000)).toBeLessThanOrEqual(10);
      expect(await new SubscriberStore(fixture.redis, fixture.prefix).isActive(blocked)).toBe(false);
    } finally {
      await runtime.close();
    }
  });
});
