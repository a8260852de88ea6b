/**
 * Plural rules for Tajik, which CLDR (and so Node's Intl) does not cover.
 *
 * A Tajik noun after a numeral stays singular («5 рӯз», never «5 рӯзҳо»), so the number never changes
 * the noun's form. We still split "one" from "other" (as CLDR does for Persian, Tajik's sister
 * language) so translators may phrase "1" differently when the sentence needs it; locale files give
 * both forms, usually with the same singular noun.
 */
export type TajikPluralCategory = 'one' | 'other';

/** The category of a cardinal number in Tajik. */
export function tajikPluralCategory(count: number): TajikPluralCategory {
  return Math.abs(count) === 1 ? 'one' : 'other';
}

/** An object shaped like `Intl.PluralRules`, which is what i18next's plural resolver expects. */
export function tajikPluralRules(type: 'cardinal' | 'ordinal') {
  return {
    select: (count: number): TajikPluralCategory => (type === 'ordinal' ? 'other' : tajikPluralCategory(count)),
    resolvedOptions: () => ({
      locale: 'tg',
      type,
      pluralCategories: type === 'ordinal' ? ['other'] : ['one', 'other'],
    }),
  };
}
