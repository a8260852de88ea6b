import type { Middleware } from 'grammy';
import type { BotContext } from '../context';

/**
 * Past this point the bot talks with people in private chats only (the staff group is handled
 * before). Updates from any other group or channel are dropped; a group that adds the bot is left
 * at once, so nobody can make the bot answer people's questions in public.
 */
export function privateChatsOnly(): Middleware<BotContext> {
  return async (ctx, next) => {
    if (ctx.chat === undefined || ctx.chat.type === 'private') return next();
    const joined = ctx.myChatMember && ['member', 'administrator'].includes(ctx.myChatMember.new_chat_member.status);
    if (joined) await ctx.leaveChat().catch(() => undefined);
  };
}
