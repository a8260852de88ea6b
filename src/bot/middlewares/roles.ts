import type { Middleware } from 'grammy';
import type { RoleDirectory } from '../../services/staff/staff-directory';
import type { BotContext } from '../context';


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
