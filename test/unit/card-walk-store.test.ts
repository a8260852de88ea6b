import { sessionsWithCardWalks } from '../../src/storage/card-walk-store';
import { MemoryJsonStore } from '../../src/storage/json-store';
import type { CardWalkState, SessionData } from '../../src/storage/session-data';

const WALK: CardWalkState = { trail: ['rights.police.stop', 'rights.detained'], at: 1 };

describe('the session store with the walk through the cards beside it', () => {
  const stores = () => {
    const sessions = new MemoryJsonStore<SessionData & { walking?: true }>(3600);
    const walks = new MemoryJsonStore<CardWalkState>(600);
    const readWalk = jest.spyOn(walks, 'read');
    const deleteWalk = jest.spyOn(walks, 'delete');
    return { sessions, walks, readWalk, deleteWalk, store: sessionsWithCardWalks(sessions, walks) };
  };

  it('given a session with a walk, when written, then the session holds only a flag, the walk its own key, and both read back as one', async () => {
    const { sessions, walks, store } = stores();
    await store.write('42', { language: 'tg', cards: WALK });
    expect(await sessions.read('42')).toEqual({ language: 'tg', walking: true });
    expect(await walks.read('42')).toEqual(WALK);
    expect(await store.read('42')).toEqual({ language: 'tg', cards: WALK });
  });

  it('given a person on no walk, when their session is read and written, then the walk key is neither read nor deleted', async () => {
    const { store, readWalk, deleteWalk } = stores();
    expect(await store.read('7')).toBeUndefined();
    await store.write('7', { language: 'ru' });
    await store.write('7', (await store.read('7'))!);
    expect(readWalk).not.toHaveBeenCalled();
    expect(deleteWalk).not.toHaveBeenCalled();
  });

  it('given a walk that was read, when the session is written without it (the person left the cards), then the walk is deleted and the flag dropped', async () => {
    const { sessions, walks, store } = stores();
    await store.write('42', { language: 'tg', cards: WALK });
    const read = (await store.read('42'))!;
    delete read.cards;
    await store.write('42', read);
    expect(await walks.read('42')).toBeUndefined();
    expect(await sessions.read('42')).toEqual({ language: 'tg' });
  });

  it('given a flag whose walk has expired, when read, then there is no walk, and the next write drops the flag', async () => {
    const { sessions, store } = stores();
    await sessions.write('42', { language: 'en', walking: true });
    const read = (await store.read('42'))!;
    expect(read).toEqual({ language: 'en' });
    await store.write('42', read);
    expect(await sessions.read('42')).toEqual({ language: 'en' });
  });

  it('given a walk no session flags (a session replaced afresh), then it is never read back', async () => {
    const { walks, store } = stores();
    await walks.write('42', WALK);
    await store.write('42', { language: 'en' });
    expect(await store.read('42')).toEqual({ language: 'en' });
  });

  it('given a card button announced, when the session is read, then the walk is asked at the same time, not after', async () => {
    const { store, readWalk } = stores();
    await store.write('42', { language: 'tg', cards: WALK });
    readWalk.mockClear();
    const unannounced = store.read('42');
    expect(readWalk).not.toHaveBeenCalled(); // only once the session said a walk is stored
    expect(await unannounced).toEqual({ language: 'tg', cards: WALK });
    readWalk.mockClear();
    store.expectCardWalk('42');
    const announced = store.read('42');
    expect(readWalk).toHaveBeenCalledTimes(1); // with the session, in the same tick
    expect(await announced).toEqual({ language: 'tg', cards: WALK });
    expect(readWalk).toHaveBeenCalledTimes(1);
  });

  it('given a card button announced by someone whose session flags no walk, then a walk found is not theirs and is not returned', async () => {
    const { walks, store } = stores();
    await store.write('42', { language: 'en' });
    await walks.write('42', WALK);
    store.expectCardWalk('42');
    expect(await store.read('42')).toEqual({ language: 'en' });
  });

  it('given Redis away, when a card button reads the session, then the read fails plainly and nothing is left unheard', async () => {
    const down = () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const failing = { read: down, write: down, delete: down };
    const store = sessionsWithCardWalks(failing, failing);
    const unheard: unknown[] = [];
    const listen = (reason: unknown) => unheard.push(reason);
    process.on('unhandledRejection', listen);
    try {
      store.expectCardWalk('42');
      await expect(store.read('42')).rejects.toThrow('ECONNREFUSED');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unheard).toEqual([]);
    } finally {
      process.off('unhandledRejection', listen);
    }
  });

  it('given a session, when deleted (/forget), then its walk goes with it', async () => {
    const { sessions, walks, store } = stores();
    await store.write('42', { language: 'tg', cards: WALK });
    await store.delete('42');
    expect(await sessions.read('42')).toBeUndefined();
    expect(await walks.read('42')).toBeUndefined();
    expect(await store.read('42')).toBeUndefined();
  });
});
