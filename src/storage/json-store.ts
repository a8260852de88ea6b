import type Redis from 'ioredis';

/**
 * A key → JSON value store with expiry. Its shape fits both grammY's session `StorageAdapter`
 * and the conversations plugin's `VersionedStateStorage`, so one implementation serves both.
 */
export interface JsonStore<T> {
  read(key: string): Promise<T | undefined>;
  write(key: string, value: T): Promise<void>;
  delete(key: string): Promise<void>;
}

/** A `JSON.stringify` replacer: what a store leaves out of what it writes. */
export type JsonReplacer = (this: unknown, key: string, value: unknown) => unknown;

/** How many recently read values {@link RedisJsonStore} remembers, and for how long. */
const READ_MEMORY = { entries: 10_000, ms: 5_000 };

/**
 * JSON values in Redis under `prefix`, each expiring `ttlSeconds` after its last read or write,
 * so data of users who stopped using the bot disappears on its own.
 *
 * grammY writes a session back after every update that looked at it, changed or not. The store
 * remembers what it just read, and a write of the very same JSON soon after is skipped: the read
 * already renewed the expiry, so one Redis round trip per update is saved.
 */
export class RedisJsonStore<T> implements JsonStore<T> {
  private readonly lastRead = new Map<string, { json: string; at: number }>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
    private readonly replacer?: JsonReplacer,
  ) {}

  /** Reads a value and slides its expiry (GETEX), so active users keep their data. */
  async read(key: string): Promise<T | undefined> {
    const raw = await this.redis.getex(this.prefix + key, 'EX', this.ttlSeconds);
    this.lastRead.delete(key);
    if (raw === null) return undefined;
    // Bounded: reads never followed by a write (an update that failed) must not pile up.
    if (this.lastRead.size >= READ_MEMORY.entries) this.lastRead.delete(this.lastRead.keys().next().value!);
    this.lastRead.set(key, { json: raw, at: Date.now() });
    return JSON.parse(raw) as T;
  }

  /** Writes a value and renews its expiry; skipped when it is exactly what was read a moment ago. */
  async write(key: string, value: T): Promise<void> {
    const json = JSON.stringify(value, this.replacer);
    const read = this.lastRead.get(key);
    this.lastRead.delete(key);
    if (read?.json === json && Date.now() - read.at < READ_MEMORY.ms) return;
    await this.redis.set(this.prefix + key, json, 'EX', this.ttlSeconds);
  }

  async delete(key: string): Promise<void> {
    this.lastRead.delete(key);
    await this.redis.del(this.prefix + key);
  }
}

/**
 * The offline simulator's store: same behaviour as {@link RedisJsonStore}, kept in process memory.
 * Values are stored serialised so that callers cannot mutate stored state by accident.
 */
export class MemoryJsonStore<T> implements JsonStore<T> {
  private readonly entries = new Map<string, { json: string; expiresAt: number }>();

  constructor(
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
    private readonly replacer?: JsonReplacer,
  ) {}

  async read(key: string): Promise<T | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    entry.expiresAt = this.now() + this.ttlSeconds * 1000;
    return JSON.parse(entry.json) as T;
  }

  async write(key: string, value: T): Promise<void> {
    this.entries.set(key, { json: JSON.stringify(value, this.replacer), expiresAt: this.now() + this.ttlSeconds * 1000 });
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }
}
