import { Composer, Context } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import { conversations, type Conversation, type ConversationData, type VersionedState } from '@grammyjs/conversations';
import type { BotContext, DialogueContext } from '../../src/bot/context';
import { createDialogue, holdBackDialogueRegistration } from '../../src/bot/conversations/registration';
import { dialogueStateStorage } from '../../src/bot/dialogue-state-storage';
import type { JsonStore } from '../../src/storage/json-store';

/** How often the conversations plugin's own registration ran, per dialogue. */
const registrationRuns = new Map<string, number>();
jest.mock('@grammyjs/conversations', () => {
  const actual = jest.requireActual<typeof import('@grammyjs/conversations')>('@grammyjs/conversations');
  return {
    ...actual,
    createConversation: (...args: Parameters<typeof actual.createConversation>) => {
      const registration = actual.createConversation(...args);
      const id = (args[1] as { id: string }).id;
      return (ctx: never, next: never) => {
        registrationRuns.set(id, (registrationRuns.get(id) ?? 0) + 1);
        return registration(ctx, next);
      };
    },
  };
});

const me = { id: 1, is_bot: true, first_name: 'Bot', username: 'bot' } as UserFromGetMe;
const api = {} as ConstructorParameters<typeof Context>[1];
const text = (body: string): Update => ({
  update_id: 1,
  message: { message_id: 1, date: 0, chat: { id: 5, type: 'private', first_name: 'A' }, from: { id: 5, is_bot: false, first_name: 'A' }, text: body },
});

/** A dialogue store in memory, and a session that survives between updates (as Redis would keep both). */
function world() {
  const states = new Map<string, VersionedState<ConversationData>>();
  const store = {
    read: async (key: string) => states.get(key),
    write: async (key: string, value: VersionedState<ConversationData>) => void states.set(key, value),
    delete: async (key: string) => void states.delete(key),
  } as unknown as JsonStore<VersionedState<ConversationData>>;
  const session: { dialogueOpen?: boolean } = { dialogueOpen: false };
  const steps: string[] = [];
  const dialogue = (name: string) =>
    async function (conversation: Conversation<BotContext, DialogueContext>) {
      steps.push(`${name}:entered`);
      const answer = await conversation.wait();
      steps.push(`${name}:got ${answer.message?.text}`);
    };
  const composer = new Composer<BotContext>();
  composer.use((ctx, next) => {
    (ctx as unknown as { session: typeof session }).session = session;
    return next();
  });
  composer.use(conversations<BotContext, DialogueContext>({ storage: { type: 'context', version: 1, adapter: dialogueStateStorage(store) } }));
  composer.use(holdBackDialogueRegistration());
  composer.use(createDialogue(dialogue('first'), { id: 'first' }));
  composer.use(createDialogue(dialogue('second'), { id: 'second' }));
  composer.hears('open', async (ctx) => {
    // Twice in one update, as the dialogue continuation does: the plugin refuses a registration made twice.
    await ctx.conversation.enter('second');
    await ctx.conversation.exitAll();
    await ctx.conversation.enter('second');
  });
  composer.use((ctx) => {
    steps.push(`fallback:${Object.keys(ctx.conversation.active()).length} active`);
  });
  const handle = (body: string) => composer.middleware()(new Context(text(body), api, me) as BotContext, () => Promise.resolve());
  return { handle, steps, session, states };
}

describe('dialogue registration held back while no dialogue is open', () => {
  beforeEach(() => registrationRuns.clear());

  it('given a person with no dialogue open, when an ordinary update passes, then no dialogue registers and the update goes on', async () => {
    const { handle, steps } = world();
    await handle('hello');
    expect(steps).toEqual(['fallback:0 active']);
    expect(registrationRuns.size).toBe(0);
  });

  it('given held-back dialogues, when a handler enters one (twice in the update), then each registers once, in order, and the dialogue runs and is kept', async () => {
    const { handle, steps, session, states } = world();
    await handle('open');
    expect(steps).toEqual(['second:entered', 'second:entered']);
    expect([...registrationRuns]).toEqual([['first', 1], ['second', 1]]);
    expect(session.dialogueOpen).toBe(true);
    expect(states.size).toBe(1);

    // The next update: a dialogue is open, so registrations run in place and the dialogue gets the answer.
    registrationRuns.clear();
    await handle('my answer');
    expect(steps.at(-1)).toBe('second:got my answer');
    expect([...registrationRuns]).toEqual([['first', 1], ['second', 1]]);
    expect(session.dialogueOpen).toBe(false);
  });

  it('given a session that does not know whether a dialogue is open (from before the flag), when a dialogue is stored, then it is read, registrations run in place and the dialogue gets the answer', async () => {
    const { handle, steps, session } = world();
    await handle('open');
    delete session.dialogueOpen;
    registrationRuns.clear();
    await handle('late answer');
    expect(steps.at(-1)).toBe('second:got late answer');
    expect([...registrationRuns]).toEqual([['first', 1], ['second', 1]]);
  });
});
