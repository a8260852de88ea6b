import type { Bot, Context } from 'grammy';
import { ChatDriver } from '../../src/simulator/chat-driver';
import { FakeTelegram, type FakeGroup } from '../../src/simulator/fake-telegram';
import { useBotFixture, userWithLanguage } from '../helpers/bot-fixture';
import type { TestBot } from '../helpers/harness';
import { keysMentioning } from '../helpers/test-redis';
import { testContent } from '../helpers/harness';
import { createLiveContent, type LiveContent } from '../../src/services/content-store/live-content';
import { featureCallback } from '../../src/bot/keyboards/callback-data';
import { createMetrics, type BotMetrics } from '../../src/observability/metrics';

const STAFF = 700_001;
const OUTSIDER = 700_002;
// Distinctive, so no counter or timestamp in Redis can contain it by chance.
const PERSON = 777_000_801;
const FORUM: FakeGroup = { id: -1001234567890, title: 'Staff', isForum: true };
const PLAIN_GROUP: FakeGroup = { id: -1009876543210, title: 'Staff', isForum: false };

describe('write to a person: hand-off to staff in a Telegram group and back', () => {
  const fixture = useBotFixture('handoff');
  let now: number;
  beforeEach(() => {
    now = Date.UTC(2026, 10, 26, 9, 0);
  });

  async function setUp(group: FakeGroup = FORUM, telegram = new FakeTelegram(), content?: LiveContent, metrics?: BotMetrics) {
    telegram.registerGroup(group);
    const bot = await fixture.bot({
      telegram,
      config: { staffIds: new Set([STAFF]), handoff: { staffChatId: group.id, language: 'ru', retentionDays: 30 } },
      deps: { clock: () => now, ...(content ? { content } : {}), ...(metrics ? { metrics } : {}) },
    });
    const staff = new ChatDriver(bot.bot as unknown as Bot<Context>, telegram, { id: STAFF, firstName: 'Staffer' }, group);
    const outsider = new ChatDriver(bot.bot as unknown as Bot<Context>, telegram, { id: OUTSIDER, firstName: 'Stranger' }, group);
    return { bot, telegram, staff, outsider, group };
  }

  /** A Tajik speaker opens a case about a detention and writes their first message. */
  async function openCase(bot: TestBot, id = PERSON, text = 'Бародарамро дар метро боздошт карданд') {
    const person = await userWithLanguage(bot, id, 'tg');
    await person.press('Ба кормандони бот нависед');
    await person.press('Боздошт');
    const answer = await person.send(text);
    return { person, answer };
  }

  it('a person writes from the menu; the case gets its own topic named by number, language and topic; staff answer in it', async () => {
    const { bot, telegram, staff } = await setUp();
    const person = await userWithLanguage(bot, PERSON, 'tg');
    const [intro] = await person.press('Ба кормандони бот нависед');
    // Honest expectations first (the staff-editable card), then the topic.
    expect(intro!.text).toContain('Ин хадамоти фавқулодда нест');
    expect(intro!.text).toContain('112');
    expect(intro!.text).toContain('Санаи навсозӣ: 26 ноябри соли 2026');
    expect(person.buttons().map((b) => b.text)).toEqual(expect.arrayContaining(['🚨 Боздошт', '📄 Ҳуҷҷатҳо', '💬 Дигар']));
    const [prompt] = await person.press('Боздошт');
    expect(prompt!.text).toContain('Муроҷиати №1: боздошт');
    expect(telegram.callsOf('createForumTopic')).toHaveLength(0); // nothing reaches staff before the person writes

    const [passed] = await person.send('Бародарамро дар метро боздошт карданд');
    expect(passed!.text).toContain('Ба кормандони бот фиристода шуд (муроҷиати №1)');
    const [topicCall] = telegram.callsOf('createForumTopic');
    expect(topicCall!.payload.name).toBe('Обращение №1 · таджикский · задержание');
    const thread = (telegram.chat(FORUM.id)[0]!).threadId!;
    const inTopic = () => telegram.chat(FORUM.id).filter((m) => m.threadId === thread).map((m) => m.text);
    expect(inTopic()[0]).toContain('📨 Обращение №1 · таджикский · задержание');
    expect(inTopic()[1]).toBe('Бародарамро дар метро боздошт карданд');
    // Copied, not forwarded: nothing in the group names the person.
    expect(telegram.callsOf('forwardMessage')).toHaveLength(0);
    expect(JSON.stringify(telegram.chat(FORUM.id))).not.toContain('Tester');

    const [reply] = await staff.send('Салом! Дар кадом истгоҳ?', { threadId: thread }).then(() => person.messages().slice(-1));
    expect(reply!.text).toBe('👤 Корманди бот · муроҷиати №1\n\nСалом! Дар кадом истгоҳ?');
    expect(telegram.chat(FORUM.id).length).toBe(2); // the staff message itself is not echoed
    const staffMessage = telegram.calls.filter((c) => c.method === 'setMessageReaction' && c.payload.chat_id === FORUM.id);
    expect(staffMessage).toHaveLength(1); // marked delivered

    await person.send('Истгоҳи «Текстильщики»');
    expect(inTopic()).toEqual([expect.stringContaining('📨'), 'Бародарамро дар метро боздошт карданд', 'Истгоҳи «Текстильщики»']);
    expect(telegram.callsOf('createForumTopic')).toHaveLength(1); // the same topic
    const lastIncoming = telegram.calls.filter((c) => c.method === 'setMessageReaction' && c.payload.chat_id === PERSON);
    expect(lastIncoming).toHaveLength(1); // later messages get a quiet 👌 instead of a text
  });

  it('without forum topics a case is one message that staff reply to; replies to any of its messages reach the person', async () => {
    const { bot, telegram, staff } = await setUp(PLAIN_GROUP);
    const { person } = await openCase(bot);
    const [header, copy] = telegram.chat(PLAIN_GROUP.id);
    expect(header!.text).toContain('Обращение №1');
    expect(header!.text).toContain('ответьте (reply) на это сообщение');
    expect(copy!.replyTo).toBe(header!.messageId);

    await staff.send('Где вы сейчас?', { replyTo: copy!.messageId });
    expect(person.lastMessage()!.text).toContain('Где вы сейчас?');
    await person.send('Дар хона');
    expect(telegram.chat(PLAIN_GROUP.id).at(-1)).toMatchObject({ text: 'Дар хона', replyTo: header!.messageId });
    await staff.send('Хорошо, ждите звонка адвоката не будет — напишите адрес', { replyTo: header!.messageId });
    expect(person.lastMessage()!.text).toContain('напишите адрес');
    // Notes between staff (//…, also as a photo caption) stay in the group.
    const before = person.messages().length;
    await staff.send('// проверить адрес', { replyTo: header!.messageId });
    await staff.sendPhoto('// схема', { replyTo: header!.messageId });
    expect(person.messages()).toHaveLength(before);
    // Staff chatting among themselves (not a reply to a case) reaches nobody.
    const sentBefore = telegram.callsOf('sendMessage').length;
    await staff.send('Кто возьмёт этот случай?');
    expect(telegram.callsOf('sendMessage')).toHaveLength(sentBefore);
  });

  it('photos, documents and voice messages are relayed both ways, with the staff header on the caption', async () => {
    const { bot, telegram, staff } = await setUp();
    const { person } = await openCase(bot);
    await person.sendPhoto('Протокол');
    await person.sendVoice();
    const thread = telegram.chat(FORUM.id)[0]!.threadId!;
    const copies = telegram.chat(FORUM.id).filter((m) => m.threadId === thread).slice(2);
    expect(copies.map((m) => m.media?.kind)).toEqual(['photo', 'voice']);
    expect(copies[0]!.text).toBe('Протокол');

    await staff.sendPhoto('Вот образец заявления', { threadId: thread });
    expect(person.lastMessage()).toMatchObject({ media: { kind: 'photo' }, text: '👤 Корманди бот · муроҷиати №1\n\nВот образец заявления' });
    await staff.sendDocument('zayavlenie.pdf', '%PDF', 'application/pdf', { threadId: thread });
    expect(person.lastMessage()!.media?.kind).toBe('document');

    // A sticker cannot be passed on, and the person is told so.
    const [told] = await person.sendSticker();
    expect(told!.text).toContain('Стикер ва чизҳои дигарро фиристода наметавонам');
  });

  it('staff answering many messages in a row are not held back by the flood limit: every answer arrives, in order', async () => {
    const { bot, telegram, staff } = await setUp();
    const { person } = await openCase(bot);
    const thread = telegram.chat(FORUM.id)[0]!.threadId!;
    const answers = Array.from({ length: bot.config.rateLimit.max + 5 }, (_, i) => `Қадами ${i + 1}`);
    for (const answer of answers) await staff.send(answer, { threadId: thread });
    const received = person.messages().filter((m) => m.text.startsWith('👤')).map((m) => m.text.split('\n\n')[1]);
    expect(received).toEqual(answers);
  });

  it('a reply to a person who blocked the bot is reported back to staff, in the case, and counted', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const { bot, telegram, staff } = await setUp(FORUM, new FakeTelegram(), undefined, metrics);
    await openCase(bot);
    const thread = telegram.chat(FORUM.id)[0]!.threadId!;
    telegram.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' }, 1, PERSON);
    await staff.send('Вы здесь?', { threadId: thread });
    const report = telegram.chat(FORUM.id).at(-1)!;
    expect(report.text).toBe('⚠️ Не доставлено (обращение №1): человек заблокировал бота или удалил аккаунт.');
    expect(report.threadId).toBe(thread);
    await staff.send('А теперь?', { threadId: thread });
    const counted = (await metrics.handoffMessages.get()).values.map((v) => [v.labels.direction, v.labels.result, v.value]);
    expect(counted).toEqual(
      expect.arrayContaining([
        ['to_staff', 'delivered', 1],
        ['to_person', 'failed', 1],
        ['to_person', 'delivered', 1],
      ]),
    );
  });

  it('when the person blocks the bot, staff are told in the case at once', async () => {
    const { bot, telegram } = await setUp();
    await openCase(bot);
    const thread = telegram.chat(FORUM.id)[0]!.threadId!;
    const botUser = { id: telegram.botInfo.id, is_bot: true, first_name: 'Bot' };
    await bot.bot.handleUpdate({
      update_id: 990_002,
      my_chat_member: {
        chat: { id: PERSON, type: 'private', first_name: 'Tester' },
        from: { id: PERSON, is_bot: false, first_name: 'Tester' },
        date: 0,
        old_chat_member: { status: 'member', user: botUser },
        new_chat_member: { status: 'kicked', user: botUser, until_date: 0 },
      },
    });
    expect(telegram.chat(FORUM.id).at(-1)).toMatchObject({ text: '⚠️ Человек заблокировал бота (обращение №1): ответы до него не дойдут.', threadId: thread });
  });

  it('a restart in the middle keeps the case: staff answer after it, and the person goes on in the same topic', async () => {
    const { bot, telegram, staff } = await setUp();
    const { person } = await openCase(bot);
    const thread = telegram.chat(FORUM.id)[0]!.threadId!;

    const { bot: restarted } = await setUp(FORUM, telegram);
    const staffAfter = new ChatDriver(restarted.bot as unknown as Bot<Context>, telegram, staff.user, FORUM);
    await staffAfter.send('Мы на связи', { threadId: thread });
    expect(person.lastMessage()!.text).toContain('Мы на связи');
    const personAfter = new ChatDriver(restarted.bot as unknown as Bot<Context>, telegram, person.user);
    await personAfter.send('Раҳмат');
    expect(telegram.callsOf('createForumTopic')).toHaveLength(1);
    expect(telegram.chat(FORUM.id).at(-1)).toMatchObject({ text: 'Раҳмат', threadId: thread });
  });

  it('staff close a case with /close: the person is told in their language, the topic is closed, later messages are not relayed', async () => {
    const { bot, telegram, staff } = await setUp();
    const { person } = await openCase(bot);
    const thread = telegram.chat(FORUM.id)[0]!.threadId!;

    await staff.send('/close', { threadId: thread });
    expect(person.lastMessage()!.text).toContain('Кормандони бот гуфтугӯро пӯшиданд (муроҷиати №1)');
    expect(telegram.chat(FORUM.id).at(-1)!.text).toBe('✅ Обращение №1 закрыто. Человеку сообщили.');
    expect(telegram.topic(FORUM.id, thread)).toMatchObject({ closed: true, name: '✅ Обращение №1 · таджикский · задержание' });

    const groupBefore = telegram.chat(FORUM.id).length;
    const [notPassed] = await person.send('Боз як савол');
    expect(notPassed!.text).toContain('паём фиристода нашуд');
    // After that, the person's text is a question for the FAQ again, not for staff.
    await person.send('патент');
    expect(telegram.chat(FORUM.id)).toHaveLength(groupBefore);
    expect(person.lastMessage()!.text).not.toContain('Корманд');

    // A second /close, and a staff message in the closed case, get a clear answer.
    await staff.send('/close 1');
    expect(telegram.chat(FORUM.id).at(-1)!.text).toBe('Обращение №1 уже закрыто.');
  });

  it('the Close button works for staff only; the person can end the conversation themselves', async () => {
    const { bot, telegram, staff, outsider } = await setUp();
    const { person } = await openCase(bot);
    const header = telegram.chat(FORUM.id)[0]!;
    await outsider.press('Закрыть обращение');
    expect(telegram.callsOf('answerCallbackQuery').at(-1)!.payload.text).toBe('Это могут делать только сотрудники бота.');
    expect(telegram.topic(FORUM.id, header.threadId!)!.closed).toBe(false);

    const [ended] = await person.press('Ба охир расондани гуфтугӯ');
    expect(ended!.text).toContain('Гуфтугӯ ба охир расид (муроҷиати №1)');
    expect(telegram.chat(FORUM.id).at(-1)!.text).toBe('Человек завершил разговор. Обращение №1 закрыто.');
    expect(telegram.topic(FORUM.id, header.threadId!)!.closed).toBe(true);
    await staff.press('Закрыть обращение');
    expect(telegram.callsOf('answerCallbackQuery').at(-1)!.payload.text).toBe('Обращение №1 уже закрыто.');
  });

  it('messages from anyone but staff in the staff group are ignored: nothing is relayed and nothing is answered', async () => {
    const { bot, telegram, outsider } = await setUp();
    const { person } = await openCase(bot);
    const thread = telegram.chat(FORUM.id)[0]!.threadId!;
    const callsBefore = telegram.calls.length;
    await outsider.send('Дайте мне его номер', { threadId: thread });
    await outsider.send('/cases');
    await outsider.send('/close', { threadId: thread });
    expect(telegram.calls.slice(callsBefore)).toEqual([]);
    expect(person.lastMessage()!.text).not.toContain('номер');
    expect(bot.logLines.some((line) => line.includes('ignored a non-staff update in the staff group'))).toBe(true);
  });

  it('/cases lists open cases, the longest-waiting first, with how long each has waited', async () => {
    const { bot, telegram, staff } = await setUp();
    await openCase(bot, PERSON);
    now += 20 * 60_000;
    await openCase(bot, PERSON + 1, 'Кордиҳанда музд намедиҳад');
    const thread = telegram.chat(FORUM.id)[0]!.threadId!;
    now += 45 * 60_000;
    await staff.send('Уже смотрим', { threadId: thread });
    now += 10 * 60_000;
    await staff.send('/cases');
    const list = telegram.chat(FORUM.id).at(-1)!.text;
    expect(list).toBe(
      [
        '📋 Открытые обращения: 2',
        '• Обращение №2 · таджикский · задержание — ждёт 55 мин',
        '• Обращение №1 · таджикский · задержание — ответили 10 мин назад',
      ].join('\n'),
    );
    expect(telegram.chat(FORUM.id).at(-1)!.rawText).toContain(`href="https://t.me/c/1234567890/${thread}"`);
  });

  it('a topic staff deleted by hand is created again, so the person’s next message is not lost', async () => {
    const { bot, telegram } = await setUp();
    const { person } = await openCase(bot);
    const thread = telegram.chat(FORUM.id)[0]!.threadId!;
    telegram.deleteTopic(FORUM.id, thread);
    await person.send('Ҳоло ӯро ба суд мебаранд');
    expect(telegram.callsOf('createForumTopic')).toHaveLength(2);
    expect(telegram.chat(FORUM.id).at(-1)).toMatchObject({ text: 'Ҳоло ӯро ба суд мебаранд' });
    expect(telegram.chat(FORUM.id).at(-1)!.threadId).not.toBe(thread);
  });

  it('when the staff group cannot be reached, the person is told the message was not passed on', async () => {
    const { bot, telegram } = await setUp();
    const { person } = await openCase(bot);
    telegram.failNext('copyMessage', { error_code: 403, description: 'Forbidden: bot was kicked from the supergroup chat' });
    const [told] = await person.send('Ёрӣ диҳед');
    expect(told!.text).toContain('Ҳозир паёми Шуморо фиристода натавонистам');
    expect(told!.text).toContain('112');
  });

  it('/forget closes the case, tells staff, and leaves no link between the person and the staff group', async () => {
    const { bot, telegram, staff } = await setUp();
    const { person } = await openCase(bot);
    const thread = telegram.chat(FORUM.id)[0]!.threadId!;
    expect(await mentionsOf(PERSON)).not.toEqual([]);

    await person.send('/forget');
    await person.press('Ҳа, ҳамаашро нест кардан');
    expect(await mentionsOf(PERSON)).toEqual([]);
    expect(telegram.chat(FORUM.id).at(-1)!.text).toContain('Человек удалил свои данные (/forget). Обращение №1 закрыто');
    expect(telegram.topic(FORUM.id, thread)!.closed).toBe(true);

    const toPerson = telegram.calls.filter((c) => c.payload.chat_id === PERSON).length;
    await staff.send('Вы здесь?', { threadId: thread });
    expect(telegram.calls.filter((c) => c.payload.chat_id === PERSON)).toHaveLength(toPerson);
  });

  it('a "Write to a person" button is on every card step; pressing it leaves the dialogue, so messages reach staff', async () => {
    const { bot, telegram } = await setUp();
    const person = await userWithLanguage(bot, PERSON, 'tg');
    await person.press('Маро боздошт карданд');
    await person.press('Ба кормандони бот нависед');
    await person.press('Боздошт');
    await person.send('Маро дар шӯъбаи пулис нигоҳ медоранд');
    expect(telegram.chat(FORUM.id).at(-1)!.text).toBe('Маро дар шӯъбаи пулис нигоҳ медоранд');
  });

  it('staff edit the hours text from Telegram like any card; people see the new text and its date', async () => {
    const content = await createLiveContent(fixture.redis, testContent(), { keyPrefix: fixture.prefix });
    try {
      const { bot } = await setUp(FORUM, new FakeTelegram(), content);
      const editor = await userWithLanguage(bot, STAFF, 'ru');
      await editor.send('/staff');
      await editor.pressData(featureCallback('staff', 'c', 'handoff.hours'));
      await editor.press('✏️ 🇷🇺');
      await editor.press('Оставить');
      await editor.send('Сотрудники отвечают по будням с 10 до 19 по Москве. В экстренном случае звоните 112.');
      await editor.press('Пропустить'); // no steps
      await editor.press('Оставить'); // source
      await editor.press('Сохранить');
      now += 24 * 3600_000;
      const person = await userWithLanguage(bot, PERSON, 'ru');
      const [intro] = await person.press('Написать сотруднику');
      expect(intro!.text).toContain('Сотрудники отвечают по будням с 10 до 19 по Москве.');
      expect(intro!.text).toContain('Обновлено 26 ноября 2026');
    } finally {
      await content.close();
    }
  });

  it('without a staff group the button says so honestly and offers the help lines', async () => {
    const bot = await fixture.bot();
    const person = await userWithLanguage(bot, PERSON, 'tg');
    const [answer] = await person.press('Ба кормандони бот нависед');
    expect(answer!.text).toContain('Ҳозир бот наметавонад Шуморо бо кормандони бот пайваст кунад');
    expect(person.buttons().map((b) => b.text)).toContain('☎️ Телефонҳои кумак');
    await person.pressData('f:handoff:topic:detention');
    expect(person.lastMessage()!.text).toContain('наметавонад');
  });

  it('a group other than the staff group is left at once, and nothing said there is answered', async () => {
    const { bot, telegram } = await setUp();
    const stranger: FakeGroup = { id: -1005550000000, title: 'Random', isForum: false };
    telegram.registerGroup(stranger);
    await bot.bot.handleUpdate({
      update_id: 990_001,
      my_chat_member: {
        chat: { id: stranger.id, type: 'supergroup', title: stranger.title },
        from: { id: OUTSIDER, is_bot: false, first_name: 'S' },
        date: 0,
        old_chat_member: { status: 'left', user: { id: telegram.botInfo.id, is_bot: true, first_name: 'Bot' } },
        new_chat_member: { status: 'member', user: { id: telegram.botInfo.id, is_bot: true, first_name: 'Bot' } },
      },
    });
    expect(telegram.callsOf('leaveChat')).toEqual([{ method: 'leaveChat', payload: { chat_id: stranger.id } }]);
    const member = new ChatDriver(bot.bot as unknown as Bot<Context>, telegram, { id: OUTSIDER }, stranger);
    await member.send('патент');
    await member.send('/start');
    expect(telegram.chat(stranger.id)).toEqual([]);
  });

  const mentionsOf = (id: number) => keysMentioning(fixture.redis, fixture.prefix, id);
});
