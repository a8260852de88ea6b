import type Redis from 'ioredis';
import { z } from 'zod';
import { redisKeys } from '../../storage/redis-keys';
import type { UserDataEraser } from '../privacy';
import { targetSchema } from './target';

/** A notice being composed. Kept in Redis, not in the dialogue state, so each step's state stays one update. */
export const draftSchema = z.object({
  target: targetSchema.optional(),
  /** One text for every language, or one per language. */
  mode: z.enum(['one', 'per-language']).optional(),
  texts: z
    .object({ all: z.string().optional(), ru: z.string().optional(), tg: z.string().optional(), en: z.string().optional() })
    .default({}),
  /** When to send; absent: now. */
  startAt: z.number().optional(),
});

/** A notice being composed by an admin. */
export type NoticeDraft = z.infer<typeof draftSchema>;

/** Admins' drafts (`bcast:v1:draft:<admin id>`), forgotten after a day. */
export class DraftStore implements UserDataEraser {
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
    keyPrefix: string,
    private readonly ttlSeconds = 24 * 3600,
  ) {
    this.prefix = redisKeys(keyPrefix).broadcastDrafts;
  }

  /** The admin's draft; an empty one when there is none (or it no longer parses). */
  async get(adminId: number): Promise<NoticeDraft> {
    const raw = await this.redis.get(this.prefix + adminId);
    const parsed = draftSchema.safeParse(raw ? JSON.parse(raw) : {});
    return parsed.success ? parsed.data : { texts: {} };
  }

  /** Saves the draft. */
  async save(adminId: number, draft: NoticeDraft): Promise<void> {
    await this.redis.set(this.prefix + adminId, JSON.stringify(draft), 'EX', this.ttlSeconds);
  }

  /** Drops the draft. */
  async delete(adminId: number): Promise<void> {
    await this.redis.del(this.prefix + adminId);
  }

  /** {@link UserDataEraser}: an admin's unfinished draft. */
  async eraseUser(userId: number): Promise<void> {
    await this.delete(userId);
  }
}
