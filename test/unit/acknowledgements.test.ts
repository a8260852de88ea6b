import { Bot, type Context } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import { acknowledgeWithoutWaiting } from '../../src/bot/middlewares/acknowledgements';
import { acknowledge, showScreen } from '../../src/bot/respond';

const me = { id: 1, is_bot: true, first_name: 'Bot', username: 'bot' } as UserFromGetMe;
const press: Update = {
  update_id: 1,
  callback_query: {
    id: 'q1',
    chat_instance: 'c',
    from: { id: 5, is_bot: false, first_name: 'A' },
    data: 'help',
    message: { message_id: 9, date: 0, chat: { id: 5, type: 'private', first_name: 'A' }, text: 'menu' },
  },
};

/**
 * A bot whose Bot API answers every call at once except answerCallbackQuery, which waits until
 * `releaseAnswer()`; `events` lists calls as they are made and as they are answered.
 */
function botWithSlowAnswers(options: { acknowledgeWithoutWaiting: boolean; answerFails?: boolean }) {
  const bot = new Bot<Context>('1:test', { botInfo: me });
  const events: string[] = [];
  let releaseAnswer!: () => void;
  const answerReleased = new Promise<void>((resolve) => (releaseAnswer = resolve));
  bot.api.config.use(async (_prev, method) => {
    events.push(`${method} sent`);
    if (method === 'answerCallbackQuery') {
      await answerReleased;
      events.push(`${method} answered`);
      if (options.answerFails) return { ok: false, error_code: 400, description: 'Bad Request: query is too old' } as never;
    }
    return { ok: true, result: method === 'editMessageText' ? { message_id: 9, date: 0, chat: { id: 5, type: 'private' }, text: 'x' } : true } as never;
  });
  if (options.acknowledgeWithoutWaiting) bot.use(acknowledgeWithoutWaiting());
  bot.on('callback_query:data', async (ctx) => {
    await acknowledge(ctx);
    await showScreen(ctx, 'Help');
    events.push('handler done');
  });
  return { bot, events, releaseAnswer };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('acknowledging a button press without waiting for Telegram', () => {
  it('sends the reply while the press is still being answered, and the update is handled only once it is', async () => {
    const { bot, events, releaseAnswer } = botWithSlowAnswers({ acknowledgeWithoutWaiting: true });
    let handled = false;
    const handling = bot.handleUpdate(press).then(() => (handled = true));
    await settle();
    expect(events).toEqual(['answerCallbackQuery sent', 'editMessageText sent', 'handler done']);
    // A stop waits for updates in flight: the unanswered press keeps this one in flight.
    expect(handled).toBe(false);
    releaseAnswer();
    await handling;
    expect(events.at(-1)).toBe('answerCallbackQuery answered');
  });

  it('waits for the answer where no middleware collects it (a dialogue’s own context)', async () => {
    const { bot, events, releaseAnswer } = botWithSlowAnswers({ acknowledgeWithoutWaiting: false });
    const handling = bot.handleUpdate(press);
    await settle();
    expect(events).toEqual(['answerCallbackQuery sent']);
    releaseAnswer();
    await handling;
    expect(events).toEqual(['answerCallbackQuery sent', 'answerCallbackQuery answered', 'editMessageText sent', 'handler done']);
  });

  it('a press Telegram refuses to answer (too old) does not fail the update', async () => {
    const { bot, events, releaseAnswer } = botWithSlowAnswers({ acknowledgeWithoutWaiting: true, answerFails: true });
    const handling = bot.handleUpdate(press);
    releaseAnswer();
    await expect(handling).resolves.toBeUndefined();
    expect(events).toContain('handler done');
  });
});
