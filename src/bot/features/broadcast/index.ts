import { Composer } from 'grammy';
import { z } from 'zod';
import { noticeView, type TransitionResult } from '../../../services/broadcast';
import type { BroadcastStores } from '../../../services/composition';
import { createDialogue } from '../../conversations/registration';
import type { BotContext } from '../../context';
import { BROADCAST_COMPOSE, broadcastCompose, type ComposeServices } from './compose';
import type { FeatureDeps } from '../../feature-deps';
import { withArgs } from '../../callback-args';
import { featurePattern } from '../../keyboards/callback-data';
import { progressKeyboard, renderHistory, renderProgress } from './view';
import { acknowledge, MESSAGE_OPTIONS, refuse, showScreen } from '../../respond';

/** How many past notices /broadcasts lists. */
const HISTORY_SIZE = 10;

/** The arguments of a progress button: `f:bc:<verb>:<notice id>`. */
const progressAction = z.tuple([z.enum(['pause', 'resume', 'cancel']), z.coerce.number().int().positive()]);

/** Refuses an admin-only action, on a button as well as in the chat. */
function refuseAdminAction(ctx: BotContext, deps: FeatureDeps): Promise<void> {
  return refuse(ctx, { logger: deps.logger, logSalt: deps.config.logSalt, what: 'admin action refused', textKey: 'broadcast.admin-only' });
}

/**
 * Admin broadcasts: /broadcast composes a notice (a dialogue, see compose.ts),
 * /broadcasts lists past ones, and the progress message's buttons pause, resume or cancel.
 * Sending itself never happens here: notices go to Redis, the delivery runtime sends them.
 * Every entry point checks `ctx.roles.isAdmin` itself, so forged button data gets nowhere.
 */
export function broadcastFeature(deps: FeatureDeps, stores: BroadcastStores | undefined): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  // Offline (no Redis to queue notices in) there are no stores: the commands say so.
  const services: ComposeServices | undefined = stores && { ...stores, i18n: deps.i18n, clock: deps.clock };

  if (services) {
    feature.use(
      createDialogue(broadcastCompose(services), {
        id: BROADCAST_COMPOSE,
        maxMillisecondsToWait: deps.config.conversationTtlSeconds * 1000,
      }),
    );
  }

  const privateChats = feature.chatType('private');

  privateChats.command('broadcast', async (ctx) => {
    if (!ctx.roles.isAdmin) return refuseAdminAction(ctx, deps);
    if (!services) return void (await ctx.reply(ctx.t('broadcast.needs-redis'), MESSAGE_OPTIONS));
    await ctx.conversation.exitAll();
    await services.drafts.delete(ctx.from.id);
    await ctx.conversation.enter(BROADCAST_COMPOSE, 'target');
  });

  privateChats.command('broadcasts', async (ctx) => {
    if (!ctx.roles.isAdmin) return refuseAdminAction(ctx, deps);
    if (!services) return void (await ctx.reply(ctx.t('broadcast.needs-redis'), MESSAGE_OPTIONS));
    const notices = await services.notices.recent(HISTORY_SIZE);
    // Telegram's 4096 characters: fewer notices rather than a refused message.
    let html = renderHistory(ctx.t, notices);
    for (let shown = notices.length; html.length > 4000 && shown > 1; shown--) html = renderHistory(ctx.t, notices.slice(0, shown - 1));
    await ctx.reply(html, MESSAGE_OPTIONS);
  });

  feature.callbackQuery(featurePattern('bc'), async (ctx) => {
    if (!ctx.roles.isAdmin) return refuseAdminAction(ctx, deps);
    if (!services) {
      await acknowledge(ctx);
      return void (await ctx.reply(ctx.t('broadcast.needs-redis'), MESSAGE_OPTIONS));
    }
    // Pause, resume or cancel; the arguments are read after the admin check, so strangers learn nothing.
    await withArgs(progressAction, async (ctx, [verb, id]) => {
      const result: TransitionResult =
        verb === 'pause'
          ? await services.notices.pause(id)
          : verb === 'resume'
            ? await services.notices.resume(id)
            : await services.notices.cancel(id, deps.clock());
      if (result.status === undefined) return void (await acknowledge(ctx, ctx.t('broadcast.toast.unknown')));
      // An old button of a finished notice (or a double press): say so, change nothing.
      if (!result.changed) return void (await acknowledge(ctx, ctx.t('broadcast.toast.finished')));
      await acknowledge(ctx, ctx.t(`broadcast.toast.${{ pause: 'paused', resume: 'resumed', cancel: 'cancelled' }[verb]}`));
      const notice = await services.notices.get(id);
      // Shows the new state at once; the delivery runtime keeps updating the same message.
      if (notice) await showScreen(ctx, renderProgress(ctx.t, noticeView(notice, 0)), progressKeyboard(ctx.t, notice));
    })(ctx);
  });

  return feature;
}
