import type Redis from 'ioredis';
import { changedPaths, VersionedStore, type ChangeNotice } from '../../src/storage/versioned-store';
import { connectTestRedis, deleteKeysWithPrefix, keysWithPrefix, uniquePrefix } from '../helpers/test-redis';

interface Note {
  title: string;
  body: { ru?: string; tg?: string };
}

describe('versioned document store', () => {
  let redis: Redis;
  let prefix: string;
  let now = Date.UTC(2026, 10, 25, 9, 0);
  const store = () => new VersionedStore<Note>(redis, `${prefix}faq:v1:`, { clock: () => now });

  beforeAll(() => {
    redis = connectTestRedis();
  });
  beforeEach(() => {
    prefix = uniquePrefix('vstore');
  });
  afterEach(async () => {
    await deleteKeysWithPrefix(redis, prefix);
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('given a new document, when it is created and updated, then each save gets the next version and the history keeps who, when and what', async () => {
    const notes = store();
    const created = await notes.create('n1', { title: 'A', body: { ru: 'один' } }, 42);
    expect(created).toMatchObject({ ok: true, doc: { version: 1, by: 42, action: 'create' } });

    now += 60_000;
    const updated = await notes.update('n1', 1, { title: 'A', body: { ru: 'один', tg: 'як' } }, 43);
    expect(updated).toMatchObject({ ok: true, doc: { version: 2, by: 43, changes: ['body.tg'] } });

    const history = await notes.history('n1');
    expect(history.map((r) => [r.version, r.by, r.action, r.at])).toEqual([
      [1, 42, 'create', '2026-11-25T09:00:00.000Z'],
      [2, 43, 'update', '2026-11-25T09:01:00.000Z'],
    ]);
    expect((await notes.audit()).map((a) => [a.id, a.version, a.action])).toEqual([
      ['n1', 2, 'update'],
      ['n1', 1, 'create'],
    ]);
  });

  it('given two editors on the same version, when both save, then the second is refused with the newer document', async () => {
    const notes = store();
    await notes.create('n1', { title: 'A', body: {} }, 1);
    const first = await notes.update('n1', 1, { title: 'First', body: {} }, 1);
    const second = await notes.update('n1', 1, { title: 'Second', body: {} }, 2);
    expect(first.ok).toBe(true);
    expect(second).toMatchObject({ ok: false, reason: 'conflict', conflict: { version: 2, data: { title: 'First' } } });
    expect((await notes.get('n1'))?.data.title).toBe('First');
  });

  it('given many concurrent saves on one version, when they race, then exactly one wins', async () => {
    const notes = store();
    await notes.create('n1', { title: 'A', body: {} }, 1);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => notes.update('n1', 1, { title: `T${i}`, body: {} }, i)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect((await notes.history('n1')).length).toBe(2);
  });

  it('given three versions, when rolled back to the first, then a fourth version carries the first data', async () => {
    const notes = store();
    await notes.create('n1', { title: 'v1', body: {} }, 1);
    await notes.update('n1', 1, { title: 'v2', body: {} }, 1);
    await notes.update('n1', 2, { title: 'v3', body: {} }, 1);
    const rolled = await notes.rollback('n1', 1, 3, 7);
    expect(rolled).toMatchObject({ ok: true, doc: { version: 4, action: 'rollback', rollbackOf: 1, data: { title: 'v1' } } });
    expect((await notes.history('n1')).map((r) => r.data.title)).toEqual(['v1', 'v2', 'v3', 'v1']);
  });

  it('given a deleted document, when restored, then it is back and both steps are in the history', async () => {
    const notes = store();
    await notes.create('n1', { title: 'A', body: {} }, 1);
    expect(await notes.remove('n1', 1, 1)).toMatchObject({ ok: true, doc: { deleted: true, version: 2 } });
    expect(await notes.restore('n1', 2, 1)).toMatchObject({ ok: true, doc: { deleted: false, version: 3 } });
    expect(await notes.update('missing', 1, { title: 'x', body: {} }, 1)).toEqual({ ok: false, reason: 'missing' });
  });

  it('given shipped documents, when seeded again after staff edits and deletions, then nothing is duplicated, reverted or resurrected', async () => {
    const notes = store();
    const shipped = [
      { id: 'a', data: { title: 'A', body: {} } },
      { id: 'b', data: { title: 'B', body: {} } },
      { id: 'c', data: { title: 'C', body: {} } },
    ];
    expect((await notes.seed(shipped)).created).toEqual(['a', 'b', 'c']);
    await notes.update('a', 1, { title: 'A edited by staff', body: {} }, 5);
    await notes.remove('b', 1, 5);

    const again = await notes.seed(shipped);
    expect(again.unchanged).toEqual(['a', 'b', 'c']);
    // A new release changes every shipped text: only the untouched document follows it.
    const release = shipped.map((d) => ({ ...d, data: { ...d.data, title: `${d.data.title}2` } }));
    const report = await notes.seed(release);
    expect(report).toMatchObject({ updated: ['c'], kept: ['a', 'b'] });
    expect((await notes.get('a'))?.data.title).toBe('A edited by staff');
    expect((await notes.get('b'))?.deleted).toBe(true);
    expect((await notes.get('c'))?.data.title).toBe('C2');
    expect((await notes.list()).length).toBe(3);
  });

  it('given edits by a staff member, when they are erased, then their id is gone from history and audit but the edits stay', async () => {
    const notes = store();
    await notes.create('n1', { title: 'by 4242', body: {} }, 4242);
    await notes.update('n1', 1, { title: 'second', body: {} }, 77);
    await notes.update('n1', 2, { title: '{"by":4242,', body: {} }, 4242);
    await notes.eraseActor(4242);

    const history = await notes.history('n1');
    expect(history.map((r) => r.by)).toEqual([null, 77, null]);
    expect(history[2]?.data.title).toBe('{"by":4242,');
    expect((await notes.get('n1'))?.by).toBeNull();
    expect((await notes.audit()).map((a) => a.by)).toEqual([null, 77, null]);
    const raw = await Promise.all((await keysWithPrefix(redis, prefix)).map(async (k) => JSON.stringify(await dump(redis, k))));
    expect(raw.join('\n')).not.toMatch(/"by":4242/);
  });

  it('given a subscriber, when another client saves, then the change is announced', async () => {
    const notes = store();
    const seen: ChangeNotice[] = [];
    const stop = await notes.subscribe((notice) => seen.push(notice));
    try {
      await notes.create('n1', { title: 'A', body: {} }, 1);
      await waitUntil(() => seen.length > 0);
      expect(seen).toEqual([{ id: 'n1', version: 1 }]);
    } finally {
      await stop();
    }
  });

  it('given a subscriber whose connection dropped, when it is back, then it is told to reload and hears later changes', async () => {
    const notes = store();
    const seen: ChangeNotice[] = [];
    const duplicate = jest.spyOn(redis, 'duplicate');
    const stop = await notes.subscribe((notice) => seen.push(notice));
    const feed = duplicate.mock.results[0]!.value as Redis;
    duplicate.mockRestore();
    try {
      feed.disconnect(true);
      await waitUntil(() => seen.length > 0);
      expect(seen).toEqual([{ id: '*', version: 0 }]);
      // The reload notice comes on 'ready'; the new SUBSCRIBE is answered just after.
      await waitUntilAsync(async () => ((await redis.pubsub('NUMSUB', notes.channel)) as [string, number])[1] === 1);
      await notes.create('n2', { title: 'B', body: {} }, 1);
      await waitUntil(() => seen.length > 1);
      expect(seen.at(-1)).toEqual({ id: 'n2', version: 1 });
    } finally {
      await stop();
    }
  });

  it('given a change feed reconnecting, when it is stopped between the connection and its ready check, then nothing is left to fail unheard', async () => {
    // The window a bot stopping (or a test ending) can hit while its Redis comes back: the feed's
    // connection is up but not ready. ioredis would then resubscribe after its QUIT and reject that
    // SUBSCRIBE with nobody listening ("Connection is closed." as an unhandled rejection).
    const notes = store();
    const duplicate = jest.spyOn(redis, 'duplicate');
    const stop = await notes.subscribe(() => undefined);
    const feed = duplicate.mock.results[0]!.value as Redis;
    duplicate.mockRestore();
    const unheard: unknown[] = [];
    const listen = (reason: unknown) => unheard.push(reason);
    process.on('unhandledRejection', listen);
    try {
      // The stop comes right after ioredis sends its ready check (INFO) on the new connection.
      const stopped = new Promise<void>((resolve) => {
        const readyCheck = feed.info.bind(feed) as (...args: unknown[]) => unknown;
        jest.spyOn(feed, 'info').mockImplementationOnce(((...args: unknown[]) => {
          const sent = readyCheck(...args);
          void stop().then(resolve);
          return sent;
        }) as never);
      });
      feed.disconnect(true);
      await stopped;
      await waitUntil(() => feed.status === 'end');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unheard).toEqual([]);
    } finally {
      process.off('unhandledRejection', listen);
    }
  });

  it('lists changed fields by dotted path', () => {
    expect(changedPaths({ a: 1, b: { c: 'x', d: [1] } }, { a: 1, b: { c: 'y', d: [1, 2] }, e: true })).toEqual(['b.c', 'b.d', 'e']);
  });
});

async function dump(redis: Redis, key: string): Promise<unknown> {
  const type = await redis.type(key);
  if (type === 'list') return redis.lrange(key, 0, -1);
  if (type === 'hash') return redis.hgetall(key);
  if (type === 'set') return redis.smembers(key);
  return redis.get(key);
}

async function waitUntilAsync(condition: () => Promise<boolean>, timeoutMs = 2000): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function waitUntil(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
