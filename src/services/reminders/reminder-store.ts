import type Redis from 'ioredis';
import { addDays, compareDates, type LocalDate } from '../deadlines';
import { redisKeys } from '../../storage/redis-keys';
import { RedisScript } from '../../storage/redis-script';
import { dueDateOf, reminderPlanSchema, type ReminderPlan } from './plan';

const SET_IF_EXISTS = new RedisScript(`if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], ARGV[1], '1') end return 0`);

/** A plan is kept until this many days after its last date, then Redis deletes it by itself. */
export const KEEP_DAYS_AFTER_LAST_DATE = 7;

/**
 * Reminder plans in Redis: one hash per person (`remind:v1:u:<id>`) holding the plan as JSON
 * (`plan`) and a mark per alert already sent (`s:<alert id>`), so each alert goes out once even
 * when its job runs again. The hash expires a week after the plan's last date.
 */
export class ReminderStore {
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
    keyPrefix: string,
    /** Milliseconds since the epoch (tests fix it): the expiry counts from it. */
    private readonly clock: () => number = Date.now,
  ) {
    this.prefix = redisKeys(keyPrefix).reminders;
  }

  /** The key of one person's plan (tests look for what is left after /forget). */
  keyOf(userId: number): string {
    return this.prefix + userId;
  }

  /** The person's plan; undefined when none is set (or it cannot be read: then it is as good as gone). */
  async get(userId: number): Promise<ReminderPlan | undefined> {
    const [raw, blocked] = await this.redis.hmget(this.keyOf(userId), 'plan', 'b');
    if (!raw) return undefined;
    try {
      const parsed = reminderPlanSchema.safeParse(JSON.parse(raw));
      if (!parsed.success) return undefined;
      return blocked ? { ...parsed.data, blocked: true } : parsed.data;
    } catch {
      return undefined;
    }
  }

  /**
   * Stores `plan`, keeping the marks of alerts still in it (`keepSent`) and dropping the others;
   * an empty plan deletes the key. Expires {@link KEEP_DAYS_AFTER_LAST_DATE} days after its last date.
   */
  async put(userId: number, plan: ReminderPlan, keepSent: ReadonlySet<string>): Promise<void> {
    const key = this.keyOf(userId);
    if (plan.deadlines.length === 0) {
      await this.redis.del(key);
      return;
    }
    // A new plan is a fresh "yes": a block recorded earlier (`b`) no longer holds.
    const stale = (await this.redis.hkeys(key)).filter((field) => field === 'b' || (field.startsWith('s:') && !keepSent.has(field.slice(2))));
    const last = plan.deadlines.map(dueDateOf).reduce((a, b) => (compareDates(a, b) >= 0 ? a : b));
    const keepMs = Math.max(60_000, expiryOf(last) - this.clock());
    const { blocked: _blocked, ...kept } = plan;
    const multi = this.redis.multi().hset(key, 'plan', JSON.stringify(kept));
    if (stale.length) multi.hdel(key, ...stale);
    await multi.pexpire(key, keepMs).exec();
  }

  /** True when the alert was sent already. */
  async wasSent(userId: number, alertId: string): Promise<boolean> {
    return (await this.redis.hexists(this.keyOf(userId), `s:${alertId}`)) === 1;
  }

  /** Records that the alert was sent; only while the plan exists (a plan forgotten meanwhile stays gone). */
  async markSent(userId: number, alertId: string): Promise<void> {
    const key = this.keyOf(userId);
    await SET_IF_EXISTS.run(this.redis, [key], [`s:${alertId}`]);
  }

  /** Records that the person blocked the bot: no reminder of this plan goes out any more. */
  async markBlocked(userId: number): Promise<void> {
    await SET_IF_EXISTS.run(this.redis, [this.keyOf(userId)], ['b']);
  }

  /** Deletes the person's plan and marks. */
  async delete(userId: number): Promise<void> {
    await this.redis.del(this.keyOf(userId));
  }
}

/** Midnight UTC a week after the last date: long enough for its last alert, short enough to keep little. */
function expiryOf(last: LocalDate): number {
  const end = addDays(last, KEEP_DAYS_AFTER_LAST_DATE);
  return Date.UTC(end.year, end.month - 1, end.day);
}
