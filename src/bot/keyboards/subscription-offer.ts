import { InlineKeyboard } from 'grammy';
import type { Translate } from '../i18n';
import { featureCallback } from './callback-data';

/**
 * The one-time offer after a first language choice: "Receive safety notices?". Shown by the
 * language feature, answered by the subscriptions feature (`f:subs:on` / `f:subs:no`).
 */
export function subscriptionOfferKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard()
    .text(t('subscriptions.button.subscribe'), featureCallback('subs', 'on'))
    .row()
    .text(t('subscriptions.button.no-thanks'), featureCallback('subs', 'no'));
}
