import { writeFileSync } from 'node:fs';
import type { Bot, Context } from 'grammy';
import { featureCallback } from '../../src/bot/keyboards/callback-data';
import { staffButton } from '../../src/bot/features/staff/buttons';
import { createMetrics } from '../../src/observability/metrics';
import { ChatDriver } from '../../src/simulator/chat-driver';
import { FakeTelegram, type FakeGroup } from '../../src/simulator/fake-telegram';
import { useBotFixture, userWithLanguage } from '../helpers/bot-fixture';
import { ADMIN, NOW, STAFF, staffBot, translator, labels } from '../helpers/staff-fixture';
import { keysMentioning, keysWithPrefix } from '../helpers/test-redis';

// Distinctive ids, so no counter or hash in Redis can contain them by chance.
const PERSON = 777_000_901;
const OTHER = 777_000_902;
const FORUM: FakeGroup = { id: -1001234567001, title: 'Staff', isForum: true };
const MINUTE = 60_000;
/** A message as Telegram shows it: the HTML of the locale string without its tags. */
const plain = (html: string) => html.replace(/<[^>]+>/g, '');

describe('staff insight: what people ask, what helped, /stats', () => {
  const fixture = useBotFixture('insight');

  it('given a question the FAQ cannot answer with a phone number in it, when staff open "What people ask", then it is there without the number and without any id', async () => {
    const bot = await staffBot(fixture);
    const ru = await translator('ru');
    const person = await userWithLanguage(bot, PERSON, 'ru');
    const [reply] = await person.send('Велосипед купить, мой +7 999 123-45-67');
    expect(reply!.text).toContain(ru('faq.search.none'));

    const staff = await userWithLanguage(bot, STAFF, 'ru');
    await staff.send('/staff');
    const [screen] = await staff.press(ru('insight.staff.button'));
    expect(screen!.text).toContain('Велосипед купить, мой [☎]');
    expect(screen!.text).toContain('1×');
    expect(screen!.text).not.toMatch(/999|123-45-67/);
    // Nothing kept about the question names who asked.
    expect(await keysMentioning(fixture.redis, fixture.prefix + 'insight:', PERSON)).toEqual([]);
    const stored = JSON.stringify(await Promise.all((await keysWithPrefix(fixture.redis, `${fixture.prefix}{insight:v1}:qt:`)).map((k) => fixture.redis.hgetall(k))));
    expect(stored).not.toMatch(/999|45-67/);
  });

  it('given answers that do not answer the question, when the person taps "my question is not answered here", then staff see the question and /stats counts it', async () => {
    const bot = await staffBot(fixture);
    const ru = await translator('ru');
    const person = await userWithLanguage(bot, PERSON, 'ru');
    await person.send('сколько стоит патент');
    const button = person.buttons().find((b) => b.text === ru('insight.not-helped.button'))!.data!;
    const [noted] = await person.pressData(button);
    expect(noted!.text).toContain(ru('insight.not-helped.noted'));
    // The same button again (an old copy of the message): nothing more is kept or counted.
    const [again] = await person.pressData(button);
    expect(again!.text).not.toContain(ru('insight.not-helped.noted'));
    const staff = await userWithLanguage(bot, STAFF, 'ru');
    await staff.send('/staff');
    const [screen] = await staff.press(ru('insight.staff.button'));
    expect(screen!.text).toContain('1. сколько стоит патент — 1×');
    const report = await bot.services.insight!.report(NOW);
    expect(report.week.questions).toEqual({ answered: 1, unanswered: 0, notHelped: 1 });
  });

  it('given an answered question with a phone number, its wording waits for the "did not help" button only anonymised', async () => {
    const bot = await staffBot(fixture);
    const ru = await translator('ru');
    const person = await userWithLanguage(bot, PERSON, 'ru');
    await person.send('сколько стоит патент, мой +7 999 123-45-67');
    expect(person.buttons().some((b) => b.text === ru('insight.not-helped.button'))).toBe(true);
    await bot.services.insight!.flush();
    const stored = JSON.stringify(await Promise.all((await keysWithPrefix(fixture.redis, `${fixture.prefix}{insight:v1}:nh:`)).map((k) => fixture.redis.hgetall(k))));
    expect(stored).toContain('сколько стоит патент, мой [☎]');
    expect(stored).not.toMatch(/999|45-67/);
  });

  it('given Tajik typed with Tajik letters and with Russian letters, when grouped, then staff see one question asked twice', async () => {
    const bot = await staffBot(fixture);
    const tgT = await translator('tg');
    const first = await userWithLanguage(bot, PERSON, 'tg');
    const second = await userWithLanguage(bot, OTHER, 'tg');
    expect((await first.send('Велосипедро аз куҷо харидан мехоҳам'))[0]!.text).toContain(tgT('faq.search.none'));
    expect((await second.send('велосипедро аз кучо харидан мехохам'))[0]!.text).toContain(tgT('faq.search.none'));

    const en = await translator('en');
    const staff = await userWithLanguage(bot, STAFF, 'en');
    await staff.send('/staff');
    const [screen] = await staff.press(en('insight.staff.button'));
    expect(screen!.text).toMatch(/1\. (велосипедро аз кучо харидан мехохам|Велосипедро аз куҷо харидан мехоҳам) — 2×/);
    expect(labels(staff)).toEqual(expect.arrayContaining([en('insight.staff.new', { n: 1 }), en('insight.staff.dismiss', { n: 1 })]));
  });

  it('given a question on the list, when staff tap "Answer", then the new-entry dialogue opens with the question filled in; "Dismiss" takes it off the list', async () => {
    const bot = await staffBot(fixture);
    const en = await translator('en');
    const person = await userWithLanguage(bot, PERSON, 'en');
    await person.send('where to repair a bicycle');
    const staff = await userWithLanguage(bot, STAFF, 'en');
    await staff.send('/staff');
    await staff.press(en('insight.staff.button'));
    await staff.press(en('insight.staff.new', { n: 1 }));
    await staff.press(en('faq.category.work'));
    // Russian and Tajik questions are empty: skipped; the English one is the person's question.
    await staff.press(en('staff.button.skip'));
    await staff.press(en('staff.button.skip'));
    const prompt = staff.lastMessage()!;
    expect(prompt.text).toContain('where to repair a bicycle');
    expect(labels(staff)).toContain(en('staff.button.keep'));
    await staff.press(en('staff.button.keep'));
    expect(staff.lastMessage()!.text).toContain(en('staff.form.answer', { language: '🇬🇧 English', max: 3000 }).split(' ')[0]!);

    await staff.send('/staff');
    await staff.press(en('insight.staff.button'));
    const [after] = await staff.press(en('insight.staff.dismiss', { n: 1 }));
    expect(after!.text).toContain(en('insight.staff.dismissed'));
    expect(after!.text).not.toContain('bicycle');
  });

  it('given people who are not staff, when they press a forged "What people ask" button or type /stats, then they are refused; staff who are not admins cannot see /stats', async () => {
    const bot = await staffBot(fixture);
    const ru = await translator('ru');
    const person = await userWithLanguage(bot, PERSON, 'ru');
    await person.send('велосипед купить');
    const [refused] = await person.pressData(staffButton('insightList'));
    expect(refused!.text).toBe(ru('staff.refused'));
    expect(JSON.stringify(person.messages())).not.toContain('велосипед купить —');
    const [noStats] = await person.send('/stats');
    expect(noStats!.text).toBe(ru('staff.admin-only'));
    const staff = await userWithLanguage(bot, STAFF, 'ru');
    const [staffStats] = await staff.send('/stats');
    expect(staffStats!.text).toBe(ru('staff.admin-only'));
    expect(bot.telegram.callsOf('sendPhoto')).toHaveLength(0);
  });

  it('given 👍 under an FAQ answer, when the same person taps twice the same day, then it counts once; staff see the count beside the entry; /forget leaves nothing about them', async () => {
    const bot = await staffBot(fixture);
    const tgT = await translator('tg');
    const person = await userWithLanguage(bot, PERSON, 'tg');
    await person.pressData(featureCallback('faq', 'q', 'stay-90-days'));
    expect(labels(person)).toEqual(expect.arrayContaining([tgT('insight.vote.up'), tgT('insight.vote.down')]));
    const answer = person.lastMessage()!;
    await person.press(tgT('insight.vote.up'));
    expect(bot.telegram.callsOf('answerCallbackQuery').at(-1)!.payload.text).toBe(tgT('insight.vote.thanks'));
    // The row went; an old copy of the button pressed again is not counted twice.
    expect(labels(person)).not.toContain(tgT('insight.vote.up'));
    await person.pressData(featureCallback('faq', 'v', 'stay-90-days', 'up'), answer);
    expect(bot.telegram.callsOf('answerCallbackQuery').at(-1)!.payload.text).toBe(tgT('insight.vote.already'));

    const ru = await translator('ru');
    const staff = await userWithLanguage(bot, STAFF, 'ru');
    const [entry] = await staff.pressData(staffButton('faqEntry', 'stay-90-days'));
    expect(entry!.text).toContain(ru('insight.staff.votes', { votes: '🇷🇺 👍 0 👎 0 · 🇹🇯 👍 1 👎 0 · 🇬🇧 👍 0 👎 0' }));

    await person.send('/forget');
    await person.press(tgT('privacy.button.confirm'));
    expect(await keysMentioning(fixture.redis, fixture.prefix, PERSON)).toEqual([]);
    const marks = await keysWithPrefix(fixture.redis, `${fixture.prefix}{insight:v1}:voted:`);
    expect((await Promise.all(marks.map((k) => fixture.redis.scard(k)))).reduce((a, b) => a + b, 0)).toBe(0);
    // The count itself stays: it was never about the person.
    expect(await fixture.redis.hget(`${fixture.prefix}{insight:v1}:votes:faq`, 'stay-90-days|tg|up')).toBe('1');
  });

  it('given a card, when a person taps 👍 at its end, then a line thanks them and the card is counted as opened', async () => {
    const bot = await staffBot(fixture);
    const ru = await translator('ru');
    const person = await userWithLanguage(bot, PERSON, 'ru');
    await person.pressData('dlg:police');
    expect(labels(person)).toContain(ru('insight.vote.up'));
    const [card] = await person.press(ru('insight.vote.up'));
    expect(card!.text).toContain(ru('insight.vote.thanks'));
    expect(labels(person)).not.toContain(ru('insight.vote.up'));
    expect(await fixture.redis.hget(`${fixture.prefix}{insight:v1}:votes:card`, 'rights.police.stop|ru|up')).toBe('1');
    const report = await bot.services.insight!.report(NOW);
    expect(report.week.topCards).toEqual([{ id: 'rights.police.stop', opens: 1 }]);
    // Staff see it beside the card.
    const live = await staffBot(fixture, { live: true });
    const staff = await userWithLanguage(live, STAFF, 'ru');
    const [screen] = await staff.pressData(staffButton('card', 'rights.police.stop'));
    expect(screen!.text).toContain(ru('insight.staff.votes', { votes: '🇷🇺 👍 1 👎 0 · 🇹🇯 👍 0 👎 0 · 🇬🇧 👍 0 👎 0' }));
  });

  it('given figures written by one bot, when the bot restarts, then /stats shows the same counts, and a picture of the last four weeks', async () => {
    const telegram = new FakeTelegram();
    const first = await staffBot(fixture, { telegram });
    const person = await userWithLanguage(first, PERSON, 'ru');
    await person.send('велосипед купить');
    await person.send('велосипед купить');
    await person.pressData(featureCallback('faq', 'q', 'stay-90-days'));
    await first.services.subscribers!.subscribe(PERSON, 'ru', NOW);
    await first.services.subscribers!.setRegion(PERSON, 'msk');
    await first.services.close();

    const metrics = createMetrics({ defaultMetrics: false });
    const second = await fixture.bot({ telegram, config: { adminIds: new Set([ADMIN]) }, deps: { clock: () => NOW, metrics } });
    const en = await translator('en');
    const admin = await userWithLanguage(second, ADMIN, 'en');
    const [stats] = await admin.send('/stats');
    expect(stats!.text).toContain(plain(en('insight.stats.questions', { answered: '0 / 0', unanswered: '2 / 2', notHelped: '0 / 0' })));
    expect(stats!.text).toContain(`🇷🇺 ${en('faq.language-name.ru')}: 1 / 1`);
    expect(stats!.text).toContain(`🇬🇧 ${en('faq.language-name.en')}: 1 / 1`);
    expect(stats!.text).toContain(plain(en('insight.stats.subscribers', { total: 1 })));
    expect(stats!.text).toContain(en('insight.stats.by-region', { list: `${en('subscriptions.region.msk')} 1` }));
    const photo = telegram.callsOf('sendPhoto').at(-1)!;
    expect(photo.payload.caption).toBe(en('insight.stats.chart'));
    const picture = telegram.chat(ADMIN).at(-1)!.photo!;
    expect(picture.width).toBe(900);
    if (process.env.INSIGHT_CHART_OUT) writeFileSync(process.env.INSIGHT_CHART_OUT, picture.bytes);
    // Reminders come from their own counters, since this instance started.
    expect(stats!.text).toContain(plain(en('insight.stats.reminders', { set: 0, sent: 0 })));
    // The same figures where they fit Prometheus.
    const exposition = await metrics.registry.metrics();
    expect(exposition).toMatch(/bot_active_people\{language="ru",window="7d"\} 1/);
  });

  it('given scripted cases answered after 1, 3, 5, 7, 20 and 95 minutes, when an admin opens /stats, then the median is exactly 6 minutes and the 90th percentile 95 minutes', async () => {
    const telegram = new FakeTelegram();
    telegram.registerGroup(FORUM);
    let now = NOW;
    const bot = await fixture.bot({
      telegram,
      config: { adminIds: new Set([ADMIN]), staffIds: new Set([STAFF]), handoff: { staffChatId: FORUM.id, language: 'ru', retentionDays: 30 } },
      deps: { clock: () => now },
    });
    const staff = new ChatDriver(bot.bot as unknown as Bot<Context>, telegram, { id: STAFF, firstName: 'Staffer' }, FORUM);
    const waits = [7, 1, 95, 3, 20, 5];
    for (const [i, wait] of waits.entries()) {
      const person = await userWithLanguage(bot, PERSON + 10 + i, 'tg');
      await person.press('Ба кормандони бот нависед');
      await person.press('Боздошт');
      await person.send('Салом');
      const thread = telegram.chat(FORUM.id).at(-1)!.threadId!;
      now += wait * MINUTE;
      await staff.send('Салом, мо дар ин ҷо', { threadId: thread });
      // A second answer is not a first answer.
      now += 30 * MINUTE;
      await staff.send('Боз чизе?', { threadId: thread });
      await staff.send('/close', { threadId: thread });
      // The closed case can be rated once, in one tap.
      await person.press('👍 Муфид аст');
    }
    const report = await bot.services.insight!.report(now);
    expect(report.month.cases).toEqual({ opened: 6, answered: 6, medianFirstAnswerMs: 6 * MINUTE, p90FirstAnswerMs: 95 * MINUTE });
    expect(report.votes.case).toEqual({ up: 6, down: 0 });

    const en = await translator('en');
    const admin = await userWithLanguage(bot, ADMIN, 'en');
    const [stats] = await admin.send('/stats');
    expect(stats!.text).toContain(plain(en('insight.stats.cases', { opened: '6 / 6', answered: '6 / 6' })));
    expect(stats!.text).toContain(en('insight.stats.first-answer', { median: '6 min / 6 min', p90: '1 h 35 min / 1 h 35 min' }));
  });
});
