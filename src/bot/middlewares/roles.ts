import type { Middleware } from 'grammy';
import type { BotContext } from '../context';

/** Who may do what. Read from configuration on every update, so no stale role survives in a session. */
export interface RoleDirectory {
  isAdmin(userId: number): boolean | Promise<boolean>;
  /** Staff from configuration, plus those admins added at run time (hence possibly async). */
  isStaff(userId: number): boolean | Promise<boolean>;
}

/** Sets `ctx.roles` for the sender of this update; the staff question is asked lazily, at most once. */
export function rolesMiddleware(directory: RoleDirectory): Middleware<BotContext> {
  return async (ctx, next) => {
    const id = ctx.from?.id;
    let staff: Promise<boolean> | undefined;
    ctx.roles =
      id === undefined
        ? { isAdmin: false, isStaff: async () => false }
        : { isAdmin: await directory.isAdmin(id), isStaff: () => (staff ??= Promise.resolve(directory.isStaff(id))) };
    await next();
  };
}
