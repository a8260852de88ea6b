import type { ConversationData, VersionedState } from '@grammyjs/conversations';
import type { BotContext } from '../../src/bot/context';
import type { SessionData } from '../../src/storage/session-data';
import { dialogueStateStorage } from '../../src/bot/dialogue-state-storage';
import { MemoryJsonStore } from '../../src/storage/json-store';

type State = VersionedState<ConversationData>;
const STATE: State = { version: [0, 1], state: { 'guided-flow': [] } };

/** A store that counts its reads. */
function countingStore() {
  const inner = new MemoryJsonStore<State>(3600);
  const counts = { reads: 0 };
  return {
    counts,
    store: {
      read: (key: string) => (counts.reads++, inner.read(key)),
      write: (key: string, value: State) => inner.write(key, value),
      delete: (key: string) => inner.delete(key),
    },
  };
}

const privateCtx = (session: SessionData) => ({ chatId: 42, chat: { id: 42, type: 'private' }, session }) as unknown as BotContext;

describe('dialogue state is read only when a dialogue may be open', () => {
  it('given a session from before the hint, when there is no dialogue, then it looks once and remembers', async () => {
    const { store, counts } = countingStore();
    const storage = dialogueStateStorage(store);
    const session: SessionData = {};
    expect(await storage.read(privateCtx(session))).toBeUndefined();
    expect(session.dialogueOpen).toBe(false);
    expect(await storage.read(privateCtx(session))).toBeUndefined();
    expect(counts.reads).toBe(1);
  });

  it('given a dialogue written, then it is read on the next update; once deleted, reading stops again', async () => {
    const { store, counts } = countingStore();
    const storage = dialogueStateStorage(store);
    const session: SessionData = { dialogueOpen: false };
    await storage.write(privateCtx(session), STATE);
    expect(session.dialogueOpen).toBe(true);
    expect(await storage.read(privateCtx(session))).toEqual(STATE);
    await storage.delete(privateCtx(session));
    expect(session.dialogueOpen).toBe(false);
    expect(await storage.read(privateCtx(session))).toBeUndefined();
    expect(counts.reads).toBe(1);
  });

  it('given a hint that a dialogue is open but its state expired, then the hint is corrected', async () => {
    const { store } = countingStore();
    const session: SessionData = { dialogueOpen: true };
    expect(await dialogueStateStorage(store).read(privateCtx(session))).toBeUndefined();
    expect(session.dialogueOpen).toBe(false);
  });

  it('outside a private chat the session is not the chat’s: the store is always asked, and no hint is set', async () => {
    const { store, counts } = countingStore();
    const session: SessionData = { dialogueOpen: false };
    const groupCtx = { chatId: -5, chat: { id: -5, type: 'supergroup' }, session } as unknown as BotContext;
    await dialogueStateStorage(store).read(groupCtx);
    expect(counts.reads).toBe(1);
    expect(session.dialogueOpen).toBe(false);
  });
});
