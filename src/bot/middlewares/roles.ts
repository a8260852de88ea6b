import type { Middleware } from 'grammy';
import type { RoleDirectory } from '../../services/staff/staff-directory';
import type { BotContext } from '../context';

/** Sets `ctx.roles` for the sender of this update; the staff question is asked lazily, at most once. */
export function rolesMiddleware(directory: RoleDirectory): Middleware<BotContext> {
  const nobody = { isAdmin: false, isStaff: () => Promise.resolve(false) };
  return (ctx, next) => {
    const id = ctx.from?.id;
    if (id === undefined) {
      ctx.roles = nobody;
      return next();
    }
    let staff: Promise<boolean> | undefined;
    const rolesWith = (isAdmin: boolean) => {
      ctx.roles = { isAdmin, isStaff: () => (staff ??= Promise.resolve(directory.isStaff(id))) };
      return next();
    };
    // Admins come from configuration (a set lookup): no await, no promise, on every update's way.
    const admin = directory.isAdmin(id);
    return typeof admin === 'boolean' ? rolesWith(admin) : admin.then(rolesWith);
  };
}
