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

/**
 * JSON values in Redis under `prefix`, each expiring `ttlSeconds` after its last read or write,
 * so data of users who stopped using the bot disappears on its own.
 */
export class RedisJsonStore<T> implements JsonStore<T> {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
  ) {}

  /** Reads a value and slides its expiry (GETEX), so active users keep their data. */
  async read(key: string): Promise<T | undefined> {
    const raw = await this.redis.getex(this.prefix + key, 'EX', this.ttlSeconds);
    return raw === null ? undefined : (JSON.parse(raw) as T);
  }

  async write(key: string, value: T): Promise<void> {
    await this.redis.set(this.prefix + key, JSON.stringify(value), 'EX', this.ttlSeconds);
  }

  async delete(key: string): Promise<void> {
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
    this.entries.set(key, { json: JSON.stringify(value), expiresAt: this.now() + this.ttlSeconds * 1000 });
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }
}
