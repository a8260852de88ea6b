// The baseline of the whole-process benchmark: a plain grammY bot as a good grammY developer would
// write it, run the same way as the production bot (its own Node process, long polling with the
// runner, HTTP to the Bot API at BOT_API_ROOT, sessions in the same Redis). Plain JavaScript, so it
// runs without a build step or a transpiler, as the compiled bot does.
//
// It answers a text or command with a two-button menu (sendMessage) and a button press with
// answerCallbackQuery + editMessageText of the same menu, reading and writing a Redis session.
'use strict';
const { Bot, InlineKeyboard, session } = require('grammy');
const { run, sequentialize } = require('@grammyjs/runner');
const Redis = require('ioredis');

const redis = new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: 1 });
const prefix = process.env.REDIS_KEY_PREFIX || 'plain:';

/** grammY's storage adapter contract on ioredis (what @grammyjs/storage-redis does). */
const storage = {
  read: async (key) => {
    const value = await redis.get(prefix + key);
    return value === null ? undefined : JSON.parse(value);
  },
  write: async (key, value) => {
    await redis.set(prefix + key, JSON.stringify(value), 'EX', 86400);
  },
  delete: async (key) => {
    await redis.del(prefix + key);
  },
};

const bot = new Bot(process.env.BOT_TOKEN, { client: { apiRoot: process.env.BOT_API_ROOT } });
bot.use(sequentialize((ctx) => ctx.chat?.id.toString()));
bot.use(session({ initial: () => ({ seen: 0 }), storage, getSessionKey: (ctx) => ctx.from?.id.toString() }));

const menu = new InlineKeyboard().text('Rights', 'rights').text('Documents', 'documents');
bot.on('message:text', async (ctx) => {
  ctx.session.seen += 1;
  await ctx.reply('Main menu. What happened? Choose:', { reply_markup: menu });
});
bot.on('callback_query:data', async (ctx) => {
  ctx.session.seen += 1;
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(`Main menu (${ctx.callbackQuery.data}). Choose:`, { reply_markup: menu });
});
bot.catch((error) => console.error('plain bot error:', error.message));

const runner = run(bot, { runner: { fetch: { allowed_updates: ['message', 'callback_query'] } } });
const stop = () => {
  runner
    .stop()
    .then(() => redis.quit())
    .then(() => process.exit(0), () => process.exit(1));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
