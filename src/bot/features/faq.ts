import { Composer } from 'grammy';
import type { BotContext } from '../context';
import type { FeatureDeps } from '../feature-deps';

/** Placeholder until the feature lands; wired into createBot already. */
export function faqFeature(_deps: FeatureDeps): Composer<BotContext> {
  return new Composer<BotContext>();
}
