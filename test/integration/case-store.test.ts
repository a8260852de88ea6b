import { CaseStore, waitingSummary, type CaseRepository } from '../../src/services/handoff/case-store';
import { MemoryCaseStore } from '../../src/services/handoff/memory-case-store';
import { useBotFixture } from '../helpers/bot-fixture';
import { keysWithPrefix } from '../helpers/test-redis';

const T0 = Date.UTC(2026, 10, 26, 9, 0);
const MINUTE = 60_000;

describe.each([
  ['Redis', (f: ReturnType<typeof useBotFixture>) => new CaseStore(f.redis, f.prefix, { closedRetentionSeconds: 30 * 24 * 3600 })],
  ['memory', () => new MemoryCaseStore()],
] as const)('hand-off cases in %s', (_name, createStore) => {
  const fixture = useBotFixture('case-store');
  let cases: CaseRepository;
  beforeEach(() => {
    cases = createStore(fixture);
  });

  it('given a person with an open case, when they open another, then they get the same case', async () => {
    const first = await cases.open(501, 'tg', 'detention', T0);
    const again = await cases.open(501, 'tg', 'work', T0 + MINUTE);
    expect(again).toEqual(first);
    expect(first).toMatchObject({ id: 1, userId: 501, language: 'tg', topic: 'detention', status: 'open', openedAt: T0 });
    expect((await cases.open(502, 'ru', 'other', T0)).id).toBe(2);
  });

  it('given a case, when staff group messages and a topic are linked to it, then each of them finds the case', async () => {
    const c = await cases.open(501, 'tg', 'documents', T0);
    await cases.attachThread(c.id, 4001);
    await cases.attachRoot(c.id, 4002);
    await cases.linkGroupMessage(c.id, 4003);
    expect((await cases.byThread(4001))?.id).toBe(c.id);
    expect((await cases.byGroupMessage(4002))?.rootMessageId).toBe(4002);
    expect((await cases.byGroupMessage(4003))?.threadId).toBe(4001);
    expect(await cases.byGroupMessage(9999)).toBeUndefined();
  });

  it('waiting starts with the first unanswered message and ends with a staff reply; the list puts the longest wait first', async () => {
    const a = await cases.open(501, 'tg', 'detention', T0);
    const b = await cases.open(502, 'ru', 'work', T0 + MINUTE);
    const quiet = await cases.open(503, 'en', 'other', T0 + 2 * MINUTE);
    await cases.noteUserMessage(b.id, 'ru', T0 + 2 * MINUTE);
    await cases.noteUserMessage(a.id, 'en', T0 + 3 * MINUTE);
    await cases.noteUserMessage(a.id, 'en', T0 + 9 * MINUTE); // still waiting since the first one
    expect((await cases.openCases()).map((c) => [c.id, c.waitingSince])).toEqual([
      [b.id, T0 + 2 * MINUTE],
      [a.id, T0 + 3 * MINUTE],
      [quiet.id, undefined],
    ]);
    expect((await cases.get(a.id))?.language).toBe('en'); // the person switched language

    await cases.noteStaffReply(b.id, T0 + 10 * MINUTE);
    expect((await cases.get(b.id))).toMatchObject({ waitingSince: undefined, lastStaffReplyAt: T0 + 10 * MINUTE });
    expect((await cases.openCases()).map((c) => c.id)).toEqual([a.id, b.id, quiet.id]);
    // What the alerting gauge reads: three open, the longest wait is a's since T0 + 3 min.
    expect(await waitingSummary(cases, T0 + 20 * MINUTE)).toEqual({ open: 3, longestWaitMs: 17 * MINUTE });
  });

  it('a case closes once: the second close (staff and person at the same moment) changes nothing', async () => {
    const c = await cases.open(501, 'tg', 'detention', T0);
    const [one, two] = await Promise.all([cases.close(c.id, 'staff', T0 + MINUTE), cases.close(c.id, 'user', T0 + MINUTE)]);
    expect([one?.closedBy, two?.closedBy].filter(Boolean)).toHaveLength(1);
    expect(await cases.openCaseOf(501)).toBeUndefined();
    expect(await cases.openCases()).toEqual([]);
    expect((await cases.get(c.id))?.status).toBe('closed');
    // A new request opens a new case with a new number.
    expect((await cases.open(501, 'tg', 'work', T0 + 2 * MINUTE)).id).toBe(c.id + 1);
  });

  it('erasing a person removes their cases and every link to the staff group, and nothing of anyone else', async () => {
    const mine = await cases.open(777_000_901, 'tg', 'detention', T0);
    await cases.attachThread(mine.id, 5001);
    await cases.linkGroupMessage(mine.id, 5002);
    await cases.close(mine.id, 'staff', T0 + MINUTE);
    const again = await cases.open(777_000_901, 'tg', 'work', T0 + 2 * MINUTE);
    const other = await cases.open(502, 'ru', 'work', T0);
    await cases.eraseUser(777_000_901);
    expect(await cases.get(mine.id)).toBeUndefined();
    expect(await cases.get(again.id)).toBeUndefined();
    expect(await cases.byThread(5001)).toBeUndefined();
    expect(await cases.byGroupMessage(5002)).toBeUndefined();
    expect((await cases.openCases()).map((c) => c.id)).toEqual([other.id]);
  });
});

describe('hand-off cases in Redis expire after closing', () => {
  const fixture = useBotFixture('case-store-ttl');

  it('given a closed case, then its record and links expire after the retention time, and open cases never do', async () => {
    const cases = new CaseStore(fixture.redis, fixture.prefix, { closedRetentionSeconds: 3600 });
    const closed = await cases.open(501, 'tg', 'detention', T0);
    await cases.attachThread(closed.id, 6001);
    await cases.linkGroupMessage(closed.id, 6002);
    const open = await cases.open(502, 'ru', 'work', T0);
    await cases.close(closed.id, 'staff', T0);
    const ttls = Object.fromEntries(
      await Promise.all((await keysWithPrefix(fixture.redis, fixture.prefix)).map(async (k) => [k.slice(fixture.prefix.length), await fixture.redis.ttl(k)] as const)),
    );
    for (const key of [`{handoff:v1}:case:${closed.id}`, '{handoff:v1}:thread:6001', '{handoff:v1}:gmsg:6002', '{handoff:v1}:user-cases:501']) {
      expect(ttls[key]).toBeGreaterThan(3500);
      expect(ttls[key]).toBeLessThanOrEqual(3600);
    }
    expect(ttls[`{handoff:v1}:case:${open.id}`]).toBe(-1);
    expect(ttls['{handoff:v1}:user-cases:502']).toBe(-1);
  });
});
