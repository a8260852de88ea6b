import { Composer, Context } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import { useLeanMiddleware } from '../../src/bot/branching';

useLeanMiddleware();

const me = { id: 1, is_bot: true, first_name: 'Bot', username: 'bot' } as UserFromGetMe;
const api = {} as ConstructorParameters<typeof Context>[1];
const textUpdate = (text: string): Update =>
  ({ update_id: 1, message: { message_id: 1, date: 0, chat: { id: 5, type: 'private', first_name: 'A' }, from: { id: 5, is_bot: false, first_name: 'A' }, text, ...(text.startsWith('/') ? { entities: [{ type: 'bot_command', offset: 0, length: text.length }] } : {}) } });
const pressUpdate = (data: string): Update =>
  ({ update_id: 2, callback_query: { id: 'q', chat_instance: 'c', from: { id: 5, is_bot: false, first_name: 'A' }, data } });

/** Runs `composer` on an update the way grammY's Bot does, with a final `next` that notes it was reached. */
async function run(composer: Composer<Context>, update: Update): Promise<{ seen: string[]; reachedEnd: boolean }> {
  const seen: string[] = [];
  let reachedEnd = false;
  const ctx = Object.assign(new Context(update, api, me), { seen });
  await composer.middleware()(ctx, async () => {
    reachedEnd = true;
  });
  return { seen, reachedEnd };
}

const note = (label: string) => (ctx: Context & { seen?: string[] }) => {
  (ctx as unknown as { seen: string[] }).seen.push(label);
};

describe('lean middleware (grammY composition without per-update composers)', () => {
  it('given several handlers, when an update arrives, then only the matching one answers, in registration order, and the chain stops there', async () => {
    const composer = new Composer<Context>();
    composer.use(async (ctx, next) => {
      note('first')(ctx);
      await next();
      note('first-after')(ctx);
    });
    composer.command('help', note('help'));
    composer.on('message:text', note('text'));
    composer.callbackQuery('menu', note('menu'));
    composer.use(note('never'));

    expect(await run(composer, textUpdate('/help'))).toEqual({ seen: ['first', 'help', 'first-after'], reachedEnd: false });
    expect(await run(composer, textUpdate('hello'))).toEqual({ seen: ['first', 'text', 'first-after'], reachedEnd: false });
    expect(await run(composer, pressUpdate('menu'))).toEqual({ seen: ['first', 'menu', 'first-after'], reachedEnd: false });
  });

  it('given no handler matches, when an update arrives, then it passes through to whatever comes after the composer', async () => {
    const composer = new Composer<Context>();
    composer.command('help', note('help'));
    composer.callbackQuery(/^open:/, note('open'));
    expect(await run(composer, pressUpdate('other'))).toEqual({ seen: [], reachedEnd: true });
  });

  it('given a composer returned by filter and extended afterwards, when an update matches, then the later middleware runs too', async () => {
    const composer = new Composer<Context>();
    const texts = composer.on('message:text');
    texts.use(async (ctx, next) => {
      note('added-later')(ctx);
      await next();
    });
    texts.hears('hi', note('hi'));
    expect(await run(composer, textUpdate('hi'))).toEqual({ seen: ['added-later', 'hi'], reachedEnd: false });
    expect(await run(composer, textUpdate('other'))).toEqual({ seen: ['added-later'], reachedEnd: true });
  });

  it('given an asynchronous predicate, when it decides, then the right side runs', async () => {
    const composer = new Composer<Context>();
    composer.filter(async (ctx) => Promise.resolve(ctx.message?.text === 'yes'), note('yes'));
    expect(await run(composer, textUpdate('yes'))).toEqual({ seen: ['yes'], reachedEnd: false });
    expect(await run(composer, textUpdate('no'))).toEqual({ seen: [], reachedEnd: true });
  });

  it('given a middleware that throws synchronously or calls next twice, when run, then the chain rejects as grammY would', async () => {
    const throwing = new Composer<Context>();
    throwing.use(() => {
      throw new Error('boom');
    });
    await expect(run(throwing, textUpdate('x'))).rejects.toThrow('boom');

    const twice = new Composer<Context>();
    twice.use(async (_ctx, next) => {
      await next();
      await next();
    });
    await expect(run(twice, textUpdate('x'))).rejects.toThrow('`next` already called before!');
  });

  it('given handlers registered after the change, when updates are handled, then no composer is built per update (grammY PR #765)', async () => {
    const lazy = jest.spyOn(Composer.prototype, 'lazy');
    try {
      const composer = new Composer<Context>();
      for (let i = 0; i < 20; i += 1) composer.callbackQuery(`action-${i}`, note(`action-${i}`));
      await run(composer, pressUpdate('action-19'));
      await run(composer, pressUpdate('action-0'));
      expect(lazy).not.toHaveBeenCalled();
    } finally {
      lazy.mockRestore();
    }
  });

  it('given filters that do not match, when an update passes them, then each predicate is asked exactly once and a throwing one rejects the chain', async () => {
    const asked: string[] = [];
    const composer = new Composer<Context>();
    for (const label of ['a', 'b', 'c']) {
      composer.filter((ctx) => {
        asked.push(label);
        return ctx.message?.text === label;
      }, note(label));
    }
    composer.use(note('end'));
    expect(await run(composer, textUpdate('b'))).toEqual({ seen: ['b'], reachedEnd: false });
    expect(asked).toEqual(['a', 'b']);
    asked.length = 0;
    expect(await run(composer, textUpdate('z'))).toEqual({ seen: ['end'], reachedEnd: false });
    expect(asked).toEqual(['a', 'b', 'c']);

    const throwing = new Composer<Context>();
    throwing.filter(() => false, note('never'));
    throwing.filter(() => {
      throw new Error('predicate failed');
    }, note('never'));
    await expect(run(throwing, textUpdate('x'))).rejects.toThrow('predicate failed');
  });

  it('given a matching filter whose handler passes the update on, when run, then the handlers after it still run once', async () => {
    const composer = new Composer<Context>();
    composer.on('message', async (ctx, next) => {
      note('any-message')(ctx);
      await next();
    });
    composer.filter(() => false, note('never'));
    composer.hears('hi', note('hi'));
    expect(await run(composer, textUpdate('hi'))).toEqual({ seen: ['any-message', 'hi'], reachedEnd: false });
  });
});
