import type { Middleware } from 'grammy';
import type { BotContext } from '../context';

/**
 * Past this point the bot talks with people in private chats only (the staff group is handled
 * before). Updates from any other group or channel are dropped; a group that adds the bot is left
 * at once, so nobody can make the bot answer people's questions in public. A button pressed on an
 * inline-mode message (no chat the bot could answer in) only gets its spinner stopped.
 */
export function privateChatsOnly(): Middleware<BotContext> {
  const elsewhere = async (ctx: BotContext, next: () => Promise<void>) => {
    if (ctx.callbackQuery?.inline_message_id !== undefined && ctx.callbackQuery.message === undefined) {
      await ctx.answerCallbackQuery().catch(() => undefined);
      return;
    }
    if (ctx.chat === undefined) return next();
    const joined = ctx.myChatMember && ['member', 'administrator'].includes(ctx.myChatMember.new_chat_member.status);
    if (joined) await ctx.leaveChat().catch(() => undefined);
  };
  // Nearly every update is from a private chat: it passes without an async step of its own.
  return (ctx, next) => (ctx.chat?.type === 'private' ? next() : elsewhere(ctx, next));
}
