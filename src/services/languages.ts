/** The languages the bot speaks. Russian first: it is the fallback for content not yet translated. */
export const LANGUAGES = ['ru', 'tg', 'en'] as const;

/** One of the bot's languages. */
export type Language = (typeof LANGUAGES)[number];

/** True when `value` names one of the bot's languages. */
export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The language most likely wanted by a Telegram user with this `language_code`.
 * Only a guess to pre-select the picker: the user always confirms.
 */
export function guessLanguage(telegramLanguageCode: string | undefined): Language {
  const base = (telegramLanguageCode ?? '').toLowerCase().split('-')[0];
  if (base === 'ru') return 'ru';
  if (base === 'tg') return 'tg';
  return 'en';
}
