import { sessionsWithCardWalks } from '../../src/storage/card-walk-store';
import { MemoryJsonStore } from '../../src/storage/json-store';
import type { CardWalkState, SessionData } from '../../src/storage/session-data';

const WALK: CardWalkState = { trail: ['rights.police.stop', 'rights.detained'], at: 1 };

describe('the session store with the walk through the cards beside it', () => {
  const stores = () => {
    const sessions = new MemoryJsonStore<SessionData>(3600);
    const walks = new MemoryJsonStore<CardWalkState>(600);
    const deleteWalk = jest.spyOn(walks, 'delete');
    return { sessions, walks, deleteWalk, store: sessionsWithCardWalks(sessions, walks) };
  };

  it('given a session with a walk, when written, then the walk is stored apart and read back as one session', async () => {
    const { sessions, walks, store } = stores();
    await store.write('42', { language: 'tg', cards: WALK });
    expect(await sessions.read('42')).toEqual({ language: 'tg' });
    expect(await walks.read('42')).toEqual(WALK);
    expect(await store.read('42')).toEqual({ language: 'tg', cards: WALK });
  });

  it('given a walk that was read, when the session is written without it, then the walk is deleted', async () => {
    const { walks, store, deleteWalk } = stores();
    await store.write('42', { language: 'tg', cards: WALK });
    const read = (await store.read('42'))!;
    delete read.cards;
    await store.write('42', read);
    expect(deleteWalk).toHaveBeenCalledWith('42');
    expect(await walks.read('42')).toBeUndefined();
  });

  it('given a session read without a walk, when written without one, then no delete is sent', async () => {
    const { store, deleteWalk } = stores();
    await store.write('42', { language: 'ru' });
    deleteWalk.mockClear();
    await store.write('42', (await store.read('42'))!);
    expect(deleteWalk).not.toHaveBeenCalled();
  });

  it('given a session made afresh, when written without a walk, then any stored walk is deleted to be sure', async () => {
    const { walks, store } = stores();
    await walks.write('42', WALK);
    await store.write('42', { language: 'en' });
    expect(await walks.read('42')).toBeUndefined();
  });

  it('given a new person (nothing stored), when their first session is written without a walk, then no delete is sent', async () => {
    const { store, deleteWalk } = stores();
    expect(await store.read('7')).toBeUndefined();
    await store.write('7', { language: 'tg' });
    expect(deleteWalk).not.toHaveBeenCalled();
    // Not remembered past that write: a later fresh session deletes to be sure.
    await store.write('7', { language: 'ru' });
    expect(deleteWalk).toHaveBeenCalledWith('7');
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
