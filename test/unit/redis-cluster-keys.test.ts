import type Redis from 'ioredis';
import { NoticeStore } from '../../src/services/broadcast';
import { DELIVERY_QUEUE } from '../../src/services/broadcast/runtime';
import { ReminderStore } from '../../src/services/reminders';
import { hashTagMoves } from '../../src/storage/key-migration';
import { redisKeys } from '../../src/storage/redis-keys';

/** Redis Cluster's CRC16 (XMODEM) of the key's hash tag, or of the whole key without one, mod 16384. */
function hashSlot(key: string): number {
  const open = key.indexOf('{');
  const close = open >= 0 ? key.indexOf('}', open + 1) : -1;
  const hashed = close > open + 1 ? key.slice(open + 1, close) : key;
  let crc = 0;
  for (const byte of Buffer.from(hashed, 'utf8')) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc % 16384;
}

const noRedis = {} as Redis;

describe.each(['mhb:', 'prod:', '', 'mhb:sim:'])('Redis Cluster: the keys of one operation share a hash slot (prefix "%s")', (base) => {
  const keys = redisKeys(base);
  const notices = new NoticeStore(noRedis, base);
  /** Each operation that touches several keys at once (Lua script, MULTI, multi-key command), with the keys it touches. */
  const operations: Record<string, string[]> = {
    // notice-scripts.ts CREATE / FREEZE / BEGIN / SETTLE, notice-store's MULTIs, leases
    'a notice: create, freeze, begin, settle, trim': [
      `${keys.notices}seq`,
      `${keys.notices}scheduled`,
      `${keys.notices}history`,
      `${keys.notices}active`,
      `${keys.notices}n:7`,
      `${keys.notices}n:7:rcpt`,
      `${keys.notices}n:7:rcpt:tmp:0d2c`,
      `${keys.notices}n:7:done`,
      `${keys.notices}n:7:why`,
      notices.gateKey,
    ],
    // rate-gate.ts RESERVE / ADMIT / PAUSE
    'the send gate: reserve and admit': [notices.gateKey, notices.chatGateKey(42), `${notices.gateKey}:sent`, `${notices.gateKey}:last:42`],
    // BullMQ builds every key of a queue as <prefix>:<queue>:<suffix> and uses many in one script
    'the delivery queue (BullMQ)': ['wait', 'active', 'delayed', 'meta', 'events', 'stalled-check', 'n7-ab12', 'n7-ab12:lock'].map(
      (suffix) => `${keys.deliveryQueue}:${DELIVERY_QUEUE}:${suffix}`,
    ),
    // subscriber-store.ts CHANGE_AND_COUNT and its MULTIs
    'a subscriber: subscribe, change, forget': [keys.subscriberIds, `${keys.subscribers}42`, `${keys.subscriberSegments}l:tg`, `${keys.subscriberSegments}r:msk`, `${keys.subscriberSegments}ready`],
    // case-store.ts CLOSE_SCRIPT and its MULTIs
    'a hand-off case: open, link, close, erase': ['seq', 'case:3', 'user:42', 'user-cases:42', 'open', 'thread:9', 'gmsg:11', 'case-gmsgs:3'].map((k) => `${keys.handoff}${k}`),
    // insight-store.ts VOTE_SCRIPT, PFCOUNT over days, MULTIs
    'staff insight: votes and counts over days': ['votes:faq', 'voted:faq:x', 'active:tg:2026-12-01', 'active:tg:2026-12-02', 'qt:1'].map((k) => `${keys.insight}${k}`),
  };
  // versioned-store.ts SAVE_SCRIPT: doc, hist, ids, audit of one collection
  for (const [name, namespace] of Object.entries({ faq: keys.faq, ...keys.content })) {
    operations[`a versioned ${name} save`] = ['doc:x', 'hist:x', 'ids', 'audit', 'seeds'].map((k) => `${namespace}${k}`);
  }

  it.each(Object.entries(operations))('%s', (_name, operationKeys) => {
    expect(new Set(operationKeys.map(hashSlot)).size).toBe(1);
    // by a tag, not by chance
    for (const key of operationKeys) expect(key).toMatch(/\{[^}]+\}/);
  });

  it('data used one key at a time carries no tag, so it spreads over the cluster', () => {
    const single = [`${keys.sessions}42`, `${keys.dialogues}42`, `${keys.rateLimit}42`, keys.chatLock(42), `${keys.staffDrafts}42`, `${keys.broadcastDrafts}42`, new ReminderStore(noRedis, base).keyOf(42), keys.staffMembers];
    for (const key of single) expect(key).not.toMatch(/[{}]/);
    const slots = new Set(Array.from({ length: 50 }, (_, i) => hashSlot(`${keys.sessions}${1000 + i}`)));
    expect(slots.size).toBeGreaterThan(40);
  });

  it('kinds of data used apart sit in different slots', () => {
    const tagged = [keys.subscriberIds, `${keys.faq}ids`, `${keys.content.cards}ids`, `${keys.handoff}open`, `${keys.notices}seq`, `${keys.deliveryQueue}:x`, `${keys.insight}x`];
    expect(new Set(tagged.map(hashSlot)).size).toBe(tagged.length);
  });

  it('every tagged kind has a move from where its keys were before the tags', () => {
    const moves = hashTagMoves(base);
    for (const move of moves) {
      expect(move.from.startsWith(base)).toBe(true);
      expect(move.from).not.toMatch(/[{}]/);
      expect(move.to).toMatch(/\{[^}]+\}/);
    }
    // Each tagged prefix of redisKeys is some move's destination (or under one).
    for (const prefix of [keys.subscriberIds, keys.subscribers, keys.subscriberSegments, keys.faq, keys.handoff, keys.notices, `${keys.deliveryQueue}:`, keys.insight, ...Object.values(keys.content)]) {
      expect(moves.some((m) => prefix.startsWith(m.to))).toBe(true);
    }
  });
});
