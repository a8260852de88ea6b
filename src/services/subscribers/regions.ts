/**
 * The cities and regions a subscriber may choose, so that a notice about one city reaches only
 * the people there. Short on purpose: where most migrants from Tajikistan live, plus "other".
 */
export const REGIONS = ['msk', 'mo', 'spb', 'ekb', 'kzn', 'nsk', 'other'] as const;

/** One of {@link REGIONS}; its name in each language is `subscriptions.region.<code>`. */
export type Region = (typeof REGIONS)[number];

/** True when `value` is a region code. */
export function isRegion(value: unknown): value is Region {
  return typeof value === 'string' && (REGIONS as readonly string[]).includes(value);
}
