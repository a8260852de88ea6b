import { Composer, InlineKeyboard } from 'grammy';
import { z } from 'zod';
import { hashUserId } from '../../logger';
import { REGIONS, type Subscriber, type SubscriberStore } from '../../services/subscribers';
import type { BotContext } from '../context';
import type { FeatureDeps } from '../feature-deps';
import type { Translate } from '../i18n';
import { withArgs } from '../callback-args';
import { encodeCallback, featureCallback, featurePattern } from '../keyboards/callback-data';
import { LANGUAGE_NAMES } from '../keyboards/language-picker';
import { acknowledge, MESSAGE_OPTIONS, showScreen } from '../respond';

/** The arguments of the subscription buttons (`f:subs:...`). */
const subscriptionAction = z.union([
  z.tuple([z.enum(['settings', 'on', 'off', 'no', 'regions'])]),
  z.tuple([z.literal('region'), z.enum([...REGIONS, 'none'])]),
]);

function settingsText(t: Translate, subscriber: Subscriber | undefined, language: keyof typeof LANGUAGE_NAMES, note?: string): string {
  const lines = [t('subscriptions.settings.title'), ''];
  if (note) lines.push(note, '');
  lines.push(t(subscriber ? 'subscriptions.settings.status-on' : 'subscriptions.settings.status-off'));
  if (subscriber) {
    const region = subscriber.region ? t(`subscriptions.region.${subscriber.region}`) : t('subscriptions.settings.region-none');
    lines.push(t('subscriptions.settings.region', { region }));
  }
  lines.push(t('subscriptions.settings.language', { language: LANGUAGE_NAMES[language] }));
  return lines.join('\n');
}

function settingsKeyboard(t: Translate, subscribed: boolean): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  if (subscribed) {
    keyboard
      .text(t('subscriptions.button.choose-region'), featureCallback('subs', 'regions'))
      .row()
      .text(t('subscriptions.button.unsubscribe'), featureCallback('subs', 'off'))
      .row();
  } else {
    keyboard.text(t('subscriptions.button.subscribe'), featureCallback('subs', 'on')).row();
  }
  return keyboard
    .text(t('menu.language'), encodeCallback({ kind: 'open-language-picker' }))
    .row()
    .text(t('common.button.menu'), encodeCallback({ kind: 'open-menu' }));
}

function regionKeyboard(t: Translate, current: Subscriber['region'], afterSubscribing: boolean): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  REGIONS.forEach((region, index) => {
    const label = t(`subscriptions.region.${region}`);
    keyboard.text(region === current ? `✓ ${label}` : label, featureCallback('subs', 'region', region));
    if (index % 2 === 1) keyboard.row();
  });
  keyboard.row();
  if (afterSubscribing) return keyboard.text(t('subscriptions.button.not-now'), featureCallback('subs', 'settings'));
  return keyboard
    .text(t('subscriptions.button.no-region'), featureCallback('subs', 'region', 'none'))
    .row()
    .text(t('subscriptions.button.back'), featureCallback('subs', 'settings'));
}

/**
 * Safety-notice subscriptions: the opt-in answer, /settings (and its menu button), the region,
 * opting out; and Telegram's `my_chat_member` updates, which tell when a user blocks the bot
 * (marked inactive: not counted, not sent to) or unblocks it (active again). Without a `store`
 * (offline: subscribers are kept in Redis) the settings say the service is unavailable here.
 */
export function subscriptionsFeature(deps: FeatureDeps, store: SubscriberStore | undefined): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.on('my_chat_member', async (ctx) => {
    if (!store || ctx.myChatMember.chat.type !== 'private') return;
    const status = ctx.myChatMember.new_chat_member.status;
    if (status !== 'kicked' && status !== 'member') return;
    const changed = await store.setActive(ctx.myChatMember.from.id, status === 'member');
    if (changed) deps.logger.info({ user: hashUserId(ctx.myChatMember.from.id, deps.config.logSalt), active: status === 'member' }, 'subscriber reachability changed');
  });

  const showSettings = async (ctx: BotContext, note?: string) => {
    const userId = ctx.from!.id;
    let subscriber = await store!.get(userId);
    // Keeps the stored language current with the one the user reads the bot in.
    if (subscriber && subscriber.language !== ctx.lang) {
      await store!.setLanguage(userId, ctx.lang);
      subscriber = { ...subscriber, language: ctx.lang };
    }
    await showScreen(ctx, settingsText(ctx.t, subscriber, ctx.lang, note), settingsKeyboard(ctx.t, subscriber !== undefined));
  };

  const unavailable = async (ctx: BotContext) => {
    await acknowledge(ctx);
    await ctx.reply(ctx.t('subscriptions.unavailable'), MESSAGE_OPTIONS);
  };

  feature.chatType('private').command('settings', async (ctx) => {
    if (!store) return unavailable(ctx);
    await showSettings(ctx);
  });

  feature.callbackQuery(featurePattern('subs'), withArgs(subscriptionAction, async (ctx, [verb, region]) => {
    if (!store) return unavailable(ctx);
    const userId = ctx.from.id;
    await acknowledge(ctx);
    switch (verb) {
      case 'settings':
        return showSettings(ctx);
      case 'on': {
        await store.subscribe(userId, ctx.lang, deps.clock());
        const subscriber = await store.get(userId);
        const text = `${ctx.t('subscriptions.subscribed')}\n\n${ctx.t('subscriptions.choose-region')}`;
        return showScreen(ctx, text, regionKeyboard(ctx.t, subscriber?.region, true));
      }
      case 'no': {
        const keyboard = new InlineKeyboard()
          .text(ctx.t('subscriptions.button.settings'), featureCallback('subs', 'settings'))
          .row()
          .text(ctx.t('common.button.menu'), encodeCallback({ kind: 'open-menu' }));
        return showScreen(ctx, ctx.t('subscriptions.declined'), keyboard);
      }
      case 'off':
        await store.unsubscribe(userId);
        return showSettings(ctx, ctx.t('subscriptions.unsubscribed'));
      case 'regions': {
        const subscriber = await store.get(userId);
        if (!subscriber) return showSettings(ctx);
        return showScreen(ctx, ctx.t('subscriptions.choose-region'), regionKeyboard(ctx.t, subscriber.region, false));
      }
      case 'region': {
        const saved = await store.setRegion(userId, region === 'none' || region === undefined ? undefined : region);
        return showSettings(ctx, saved ? ctx.t('subscriptions.region-saved') : undefined);
      }
    }
  }));

  return feature;
}
