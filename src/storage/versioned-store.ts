/**
 * A versioned document store on Redis, shared by the FAQ and the editable content (cards, contacts).
 *
 * Every document has a version number. A save names the version it was based on; when someone saved
 * in between, the save is refused and the newer document is returned (optimistic concurrency, checked
 * and written atomically by one Lua script). Every version is kept with who, when and what changed;
 * a rollback writes the old data as a new version; deletion is a soft flag that can be undone. Each
 * change also goes to an audit list and is published on a pub/sub channel, so every bot instance
 * refreshes its snapshot at once.
 *
 * Layout under the namespace `ns` (e.g. `mhb:faq:v1:`):
 *   ns + "doc:<id>"   hash { version, json }    the current revision
 *   ns + "hist:<id>"  list of revision JSON     version N at index N-1
 *   ns + "ids"        set of ids                 every document ever created (deleted ones too)
 *   ns + "seeds"      hash id → fingerprint       which shipped version seeding last considered
 *   ns + "audit"      list of audit JSON          newest last, capped
 *   channel ns + "changes"                        `{"id":…,"version":…}` per change
 *
 * Revision and audit JSON always start with `{"by":…,` so that /forget can blank an actor with a
 * prefix rewrite, without decoding (and re-encoding) the document inside.
 */
import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import { RedisScript } from './redis-script';
import { isStorageUnavailable, QUEUE_CONNECTION_OPTIONS } from './redis';

/** Who made a change: a staff member's Telegram id, `system` (shipped files), or `null` once erased by /forget. */
export type Actor = number | 'system' | null;

/** What a change did. */
export type ChangeAction = 'create' | 'update' | 'delete' | 'restore' | 'rollback' | 'seed' | 'import';

/** One version of a document: the current one, or an entry of its history. */
export interface Revision<T> {
  by: Actor;
  at: string;
  id: string;
  version: number;
  action: ChangeAction;
  deleted: boolean;
  /** Dotted paths of the fields that differ from the previous version (`texts.tg.answer`). */
  changes: string[];
  /** For a rollback: the version whose data was restored. */
  rollbackOf?: number;
  data: T;
}

/** One line of the audit log. */
export interface AuditEntry {
  by: Actor;
  at: string;
  id: string;
  version: number;
  action: ChangeAction;
}

/** The outcome of a save: the new revision, or why nothing was written. */
export type SaveResult<T> =
  | { ok: true; doc: Revision<T> }
  | { ok: false; reason: 'conflict'; conflict: Revision<T> }
  | { ok: false; reason: 'missing' };

/** What seeding did with each shipped document. */
export interface SeedReport {
  created: string[];
  /** Shipped text changed and nobody had edited the document: updated to the new shipped text. */
  updated: string[];
  /** Shipped text changed but staff had edited or deleted the document: their version stays. */
  kept: string[];
  unchanged: string[];
}

/** A change announced on the pub/sub channel; `id: '*'` asks listeners to reload everything. */
export interface ChangeNotice {
  id: string;
  version: number;
}

/** Options of {@link VersionedStore}. */
export interface VersionedStoreOptions {
  /** Milliseconds since the epoch; tests fix it. */
  clock?: () => number;
  /** How many audit lines are kept (oldest dropped first). */
  auditLimit?: number;
}

// KEYS: doc, hist, ids, audit. ARGV: id, expected version (0 = must not exist), revision JSON,
// audit JSON, channel, notice, audit limit.
const SAVE_SCRIPT = new RedisScript(`
local current = redis.call('HGET', KEYS[1], 'version')
local expected = tonumber(ARGV[2])
if expected == 0 then
  if current then return {'conflict', redis.call('HGET', KEYS[1], 'json')} end
else
  if not current then return {'missing'} end
  if tonumber(current) ~= expected then return {'conflict', redis.call('HGET', KEYS[1], 'json')} end
end
redis.call('HSET', KEYS[1], 'version', expected + 1, 'json', ARGV[3])
redis.call('RPUSH', KEYS[2], ARGV[3])
redis.call('SADD', KEYS[3], ARGV[1])
redis.call('RPUSH', KEYS[4], ARGV[4])
redis.call('LTRIM', KEYS[4], -tonumber(ARGV[7]), -1)
redis.call('PUBLISH', ARGV[5], ARGV[6])
return {'ok'}
`);

// KEYS: one list. ARGV: the prefix to replace, its replacement. Rewrites matching elements in place.
const ERASE_IN_LIST_SCRIPT = new RedisScript(`
local items = redis.call('LRANGE', KEYS[1], 0, -1)
local n = 0
local len = string.len(ARGV[1])
for i, item in ipairs(items) do
  if string.sub(item, 1, len) == ARGV[1] then
    redis.call('LSET', KEYS[1], i - 1, ARGV[2] .. string.sub(item, len + 1))
    n = n + 1
  end
end
return n
`);

// KEYS: doc hash. ARGV: prefix, replacement.
const ERASE_IN_DOC_SCRIPT = new RedisScript(`
local json = redis.call('HGET', KEYS[1], 'json')
if not json then return 0 end
local len = string.len(ARGV[1])
if string.sub(json, 1, len) ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'json', ARGV[2] .. string.sub(json, len + 1))
return 1
`);

/** Dotted paths where `after` differs from `before` (objects compared key by key, anything else whole). */
export function changedPaths(before: unknown, after: unknown, prefix = ''): string[] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => changedPaths(before[key], after[key], prefix ? `${prefix}.${key}` : key));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [prefix || '(all)'];
}

/** A stable fingerprint of a JSON value (key order does not matter). */
export function fingerprint(value: unknown): string {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (typeof v === 'object' && v !== null) {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]));
    }
    return v;
  };
  return createHash('sha256').update(JSON.stringify(canonical(value))).digest('hex').slice(0, 32);
}

const closersByConnection = new WeakMap<Redis, Set<() => Promise<void>>>();

/** Runs `close` when `redis` ends (one listener per connection, however many subscriptions); returns an unregister function. */
function endsWith(redis: Redis, close: () => Promise<void>): () => void {
  let closers = closersByConnection.get(redis);
  if (!closers) {
    const set = new Set<() => Promise<void>>();
    closers = set;
    closersByConnection.set(redis, set);
    redis.once('end', () => {
      closersByConnection.delete(redis);
      for (const closer of set) void closer();
    });
  }
  closers.add(close);
  return () => closers.delete(close);
}

/** A versioned JSON document store under one key namespace. See the module comment for the layout. */
export class VersionedStore<T> {
  private readonly clock: () => number;
  private readonly auditLimit: number;

  /** `namespace` ends with ":" and includes the kind and shape version, e.g. `mhb:faq:v1:`. */
  constructor(
    private readonly redis: Redis,
    readonly namespace: string,
    options: VersionedStoreOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.auditLimit = options.auditLimit ?? 5000;
  }

  /** The pub/sub channel changes are announced on. */
  get channel(): string {
    return `${this.namespace}changes`;
  }

  /** The current revision of a document (deleted ones included), or undefined if it never existed. */
  async get(id: string): Promise<Revision<T> | undefined> {
    const json = await this.redis.hget(this.docKey(id), 'json');
    return json === null ? undefined : (JSON.parse(json) as Revision<T>);
  }

  /** The current revision of every document ever created, deleted ones included, in no particular order. */
  async list(): Promise<Revision<T>[]> {
    const ids = await this.redis.smembers(this.key('ids'));
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hget(this.docKey(id), 'json');
    const results = (await pipeline.exec()) ?? [];
    return results.flatMap(([error, json]) => {
      if (error) throw error;
      return typeof json === 'string' ? [JSON.parse(json) as Revision<T>] : [];
    });
  }

  /** Creates a document; refused with the existing one as `conflict` when the id is taken. */
  async create(id: string, data: T, by: Actor, action: ChangeAction = 'create'): Promise<SaveResult<T>> {
    return this.write(id, 0, { data, deleted: false, action, by, changes: [] });
  }

  /** Saves new data, provided the document is still at `expectedVersion`. */
  async update(id: string, expectedVersion: number, data: T, by: Actor, action: ChangeAction = 'update'): Promise<SaveResult<T>> {
    return this.change(id, expectedVersion, by, action, (current) => ({ data, deleted: current.deleted }));
  }

  /** Sets data and the deleted flag at once (imports), provided the document is still at `expectedVersion`. */
  async replace(id: string, expectedVersion: number, data: T, deleted: boolean, by: Actor, action: ChangeAction = 'import'): Promise<SaveResult<T>> {
    return this.change(id, expectedVersion, by, action, () => ({ data, deleted }));
  }

  /** Soft-deletes a document (a new version with the deleted flag); {@link restore} undoes it. */
  async remove(id: string, expectedVersion: number, by: Actor): Promise<SaveResult<T>> {
    return this.change(id, expectedVersion, by, 'delete', (current) => ({ data: current.data, deleted: true }));
  }

  /** Undoes a soft delete. */
  async restore(id: string, expectedVersion: number, by: Actor): Promise<SaveResult<T>> {
    return this.change(id, expectedVersion, by, 'restore', (current) => ({ data: current.data, deleted: false }));
  }

  /** Makes the document what it was at `toVersion` (data and deleted flag), as a new version. */
  async rollback(id: string, toVersion: number, expectedVersion: number, by: Actor): Promise<SaveResult<T>> {
    const target = await this.revision(id, toVersion);
    if (!target) return { ok: false, reason: 'missing' };
    return this.change(id, expectedVersion, by, 'rollback', () => ({ data: target.data, deleted: target.deleted }), toVersion);
  }

  /** One version of a document from its history. */
  async revision(id: string, version: number): Promise<Revision<T> | undefined> {
    if (!Number.isInteger(version) || version < 1) return undefined;
    const json = await this.redis.lindex(this.histKey(id), version - 1);
    return json === null ? undefined : (JSON.parse(json) as Revision<T>);
  }

  /** Every version of a document, oldest first. */
  async history(id: string): Promise<Revision<T>[]> {
    const items = await this.redis.lrange(this.histKey(id), 0, -1);
    return items.map((json) => JSON.parse(json) as Revision<T>);
  }

  /** The newest `limit` audit lines, newest first. */
  async audit(limit = 20): Promise<AuditEntry[]> {
    const items = await this.redis.lrange(this.key('audit'), -limit, -1);
    return items.map((json) => JSON.parse(json) as AuditEntry).reverse();
  }

  /**
   * Seeds shipped documents, idempotently: a missing document is created; one whose shipped text
   * changed is updated only if nobody edited it since it was seeded; staff edits and deletions are
   * never reverted, and nothing is duplicated, however often the bot restarts.
   */
  async seed(docs: ReadonlyArray<{ id: string; data: T }>): Promise<SeedReport> {
    const report: SeedReport = { created: [], updated: [], kept: [], unchanged: [] };
    const seedsKey = this.key('seeds');
    for (const { id, data } of docs) {
      const print = fingerprint(data);
      const [current, seen] = await Promise.all([this.get(id), this.redis.hget(seedsKey, id)]);
      if (!current) {
        const result = await this.create(id, data, 'system', 'seed');
        // Another instance seeding at the same moment created it first: fine, same data.
        (result.ok ? report.created : report.unchanged).push(id);
      } else if (seen === print) {
        report.unchanged.push(id);
      } else if (current.action === 'seed' && !current.deleted) {
        const result = await this.update(id, current.version, data, 'system', 'seed');
        (result.ok ? report.updated : report.kept).push(id);
      } else {
        report.kept.push(id);
      }
      await this.redis.hset(seedsKey, id, print);
    }
    return report;
  }

  /**
   * Removes a staff member's id from every revision and audit line (for /forget): the history
   * stays, with the author shown as erased.
   */
  async eraseActor(userId: number): Promise<number> {
    if (!Number.isSafeInteger(userId)) return 0;
    const from = `{"by":${userId},`;
    const to = '{"by":null,';
    const ids = await this.redis.smembers(this.key('ids'));
    let erased = 0;
    for (const id of ids) {
      erased += Number(await ERASE_IN_LIST_SCRIPT.run(this.redis, [this.histKey(id)], [from, to]));
      await ERASE_IN_DOC_SCRIPT.run(this.redis, [this.docKey(id)], [from, to]);
    }
    erased += Number(await ERASE_IN_LIST_SCRIPT.run(this.redis, [this.key('audit')], [from, to]));
    return erased;
  }

  /**
   * Listens for changes made by any instance. Uses its own connection (`redis.duplicate()`), as a
   * subscribed connection can do nothing else. After a reconnect, listeners get `{ id: '*' }`:
   * changes may have been missed, so they should reload. Resolves once subscribed; call the
   * returned function to stop.
   */
  async subscribe(listener: (notice: ChangeNotice) => void, onError?: (error: Error) => void): Promise<() => Promise<void>> {
    // We subscribe again ourselves after a reconnect: ioredis's own resubscription is a promise
    // nobody awaits, and one cut short by a stop became an unhandled rejection (a crash in production).
    const subscriber = this.redis.duplicate({ ...QUEUE_CONNECTION_OPTIONS, autoResubscribe: false });
    let connectedOnce = false;
    let stopped = false;
    // While Redis is away the main connection reports the outage once; this one would on every retry.
    const report = (error: Error) => {
      if (!isStorageUnavailable(error)) onError?.(error);
    };
    subscriber.on('error', report);
    subscriber.on('ready', () => {
      if (connectedOnce && !stopped) {
        subscriber.subscribe(this.channel).catch((error: Error) => {
          if (!stopped) report(error);
        });
        listener({ id: '*', version: 0 });
      }
      connectedOnce = true;
    });
    subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      try {
        const notice = JSON.parse(message) as ChangeNotice;
        if (typeof notice.id === 'string' && typeof notice.version === 'number') listener(notice);
      } catch {
        // Not ours: ignore.
      }
    });
    // The change feed alone never keeps the process alive, and it ends with the main connection.
    const unref = () => (subscriber as unknown as { stream?: { unref?: () => void } }).stream?.unref?.();
    subscriber.on('connect', unref);
    unref();
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      forget();
      subscriber.removeAllListeners('message');
      // A change feed has nothing to flush: closed at once, whatever state its connection is in.
      subscriber.disconnect();
    };
    const forget = endsWith(this.redis, stop);
    await subscriber.subscribe(this.channel);
    return stop;
  }

  private async change(
    id: string,
    expectedVersion: number,
    by: Actor,
    action: ChangeAction,
    next: (current: Revision<T>) => { data: T; deleted: boolean },
    rollbackOf?: number,
  ): Promise<SaveResult<T>> {
    const current = await this.get(id);
    if (!current) return { ok: false, reason: 'missing' };
    if (current.version !== expectedVersion) return { ok: false, reason: 'conflict', conflict: current };
    const { data, deleted } = next(current);
    const changes = changedPaths(current.data, data);
    if (deleted !== current.deleted) changes.push('deleted');
    // The script checks the version again: a save between our read and this write is refused.
    return this.write(id, expectedVersion, { data, deleted, action, by, changes, rollbackOf });
  }

  private async write(
    id: string,
    expectedVersion: number,
    change: { data: T; deleted: boolean; action: ChangeAction; by: Actor; changes: string[]; rollbackOf?: number },
  ): Promise<SaveResult<T>> {
    const at = new Date(this.clock()).toISOString();
    const version = expectedVersion + 1;
    // Key order matters: "by" first (see eraseActor).
    const revision: Revision<T> = {
      by: change.by,
      at,
      id,
      version,
      action: change.action,
      deleted: change.deleted,
      changes: change.changes,
      ...(change.rollbackOf === undefined ? {} : { rollbackOf: change.rollbackOf }),
      data: change.data,
    };
    const audit: AuditEntry = { by: change.by, at, id, version, action: change.action };
    const reply = (await SAVE_SCRIPT.run(
      this.redis,
      [this.docKey(id), this.histKey(id), this.key('ids'), this.key('audit')],
      [
        id,
        String(expectedVersion),
        JSON.stringify(revision),
        JSON.stringify(audit),
        this.channel,
        JSON.stringify({ id, version } satisfies ChangeNotice),
        String(this.auditLimit),
      ],
    )) as [string, string?];
    if (reply[0] === 'ok') return { ok: true, doc: revision };
    if (reply[0] === 'missing') return { ok: false, reason: 'missing' };
    return { ok: false, reason: 'conflict', conflict: JSON.parse(reply[1] ?? 'null') as Revision<T> };
  }

  private key(name: string): string {
    return `${this.namespace}${name}`;
  }

  private docKey(id: string): string {
    return this.key(`doc:${id}`);
  }

  private histKey(id: string): string {
    return this.key(`hist:${id}`);
  }
}
