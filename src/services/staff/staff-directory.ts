import type Redis from 'ioredis';
import type { Config } from '../../config';
import { redisKeys } from '../../storage/redis-keys';
import type { UserDataEraser } from '../privacy';

/** Who may do what. Read from configuration on every update, so no stale role survives in a session. */
export interface RoleDirectory {
  isAdmin(userId: number): boolean | Promise<boolean>;
  /** Staff from configuration, plus those admins added at run time (hence possibly async). */
  isStaff(userId: number): boolean | Promise<boolean>;
}

/** Why a staff change was refused. */
export type StaffChangeRefusal = 'no-storage' | 'configured';

/** Roles, plus the staff that admins add and remove at run time. */
export interface StaffDirectory extends RoleDirectory, UserDataEraser {
  /** Adds a staff member; `configured` when the id is already staff by configuration. */
  addStaff(userId: number): Promise<{ ok: true; added: boolean } | { ok: false; reason: StaffChangeRefusal }>;
  /** Removes a staff member added at run time; configured staff (STAFF_IDS, ADMIN_IDS) cannot be removed here. */
  removeStaff(userId: number): Promise<{ ok: true; removed: boolean } | { ok: false; reason: StaffChangeRefusal }>;
  /** Staff added at run time, ascending. */
  addedStaff(): Promise<number[]>;
}

/**
 * Who is admin or staff: ADMIN_IDS and STAFF_IDS from configuration, plus the staff admins add with
 * /staff_add (kept in Redis, so every instance and every restart agrees). Asked on every update, so a
 * removal takes effect with the very next button press. Without Redis only configured roles exist.
 */
export function createRoleDirectory(config: Pick<Config, 'adminIds' | 'staffIds' | 'redisKeyPrefix'>, redis?: Redis): StaffDirectory {
  const key = redisKeys(config.redisKeyPrefix).staffMembers;
  const configured = (id: number) => config.adminIds.has(id) || config.staffIds.has(id);
  return {
    isAdmin: (id) => config.adminIds.has(id),
    isStaff: async (id) => configured(id) || (redis !== undefined && (await redis.sismember(key, String(id))) === 1),
    async addStaff(id) {
      if (!redis) return { ok: false, reason: 'no-storage' };
      if (configured(id)) return { ok: false, reason: 'configured' };
      return { ok: true, added: (await redis.sadd(key, String(id))) === 1 };
    },
    async removeStaff(id) {
      if (!redis) return { ok: false, reason: 'no-storage' };
      if (configured(id)) return { ok: false, reason: 'configured' };
      return { ok: true, removed: (await redis.srem(key, String(id))) === 1 };
    },
    async addedStaff() {
      if (!redis) return [];
      return (await redis.smembers(key)).map(Number).sort((a, b) => a - b);
    },
    // /forget by a staff member ends their run-time staff role: nothing about them stays.
    async eraseUser(id) {
      await redis?.srem(key, String(id));
    },
  };
}

/** True when `roles` can also add and remove staff. */
export function isStaffDirectory(roles: RoleDirectory): roles is StaffDirectory {
  return typeof (roles as Partial<StaffDirectory>).addStaff === 'function';
}
