import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next, { type i18n as I18nInstance, type TOptions } from 'i18next';
import { LANGUAGES, type Language } from '../services/languages';
import { tajikPluralRules } from './tajik-plural';

/** Translates a namespaced key (`menu.title`) into one fixed language. */
export type Translate = (key: string, options?: TOptions) => string;

/** Where the locale files live: `locales/<language>/<namespace>.json`. */
export const LOCALES_DIR = path.join(__dirname, '..', '..', 'locales');

/** Reads `locales/<lang>/*.json` into one resource tree per language, the file name being the first key segment. */
export function readLocaleFiles(localesDir = LOCALES_DIR): Record<Language, Record<string, unknown>> {
  const resources = {} as Record<Language, Record<string, unknown>>;
  for (const language of LANGUAGES) {
    const dir = path.join(localesDir, language);
    const tree: Record<string, unknown> = {};
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
      tree[path.basename(file, '.json')] = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    }
    resources[language] = tree;
  }
  return resources;
}

/** Escapes what Telegram's HTML parse mode treats as markup; locale strings themselves may hold tags. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The bot's translations: one i18next instance, one fixed translator per language. */
export interface I18n {
  /** A translator bound to `language`; never changes the instance's global language. */
  translatorFor(language: Language): Translate;
}

/** Loads all locales and prepares i18next. */
export async function createI18n(localesDir = LOCALES_DIR): Promise<I18n> {
  const instance: I18nInstance = i18next.createInstance();
  const resources = readLocaleFiles(localesDir);
  await instance.init({
    resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: resources[l] }])),
    lng: 'ru',
    supportedLngs: [...LANGUAGES],
    // Parity is enforced by a test; if a key were ever missing, Russian is what Tajik readers understand best.
    fallbackLng: 'ru',
    returnNull: false,
    interpolation: { escapeValue: true, escape: escapeHtml },
    initAsync: false,
  });
  installTajikPlurals(instance);
  const translators = new Map(LANGUAGES.map((l) => [l, memoizePlainKeys(instance.getFixedT(l) as Translate)]));
  return { translatorFor: (language) => translators.get(language)! };
}

/**
 * Node's Intl has no Tajik plural data (it silently answers with English rules), so i18next
 * would pick forms by accident. We give it our own Tajik rule instead.
 */
function installTajikPlurals(instance: I18nInstance): void {
  const resolver = instance.services.pluralResolver as unknown as {
    getRule(code: string, options?: { ordinal?: boolean }): unknown;
  };
  const original = resolver.getRule.bind(resolver);
  resolver.getRule = (code, options) =>
    code === 'tg' || code.startsWith('tg-') ? tajikPluralRules(options?.ordinal ? 'ordinal' : 'cardinal') : original(code, options);
}

/**
 * Most lookups are plain keys without options (menu labels, buttons); i18next rebuilds its
 * options object on every call, which profiling showed as the bot's top cost per update.
 * Resources never change at run time, so plain lookups are cached; calls with options are not.
 */
function memoizePlainKeys(t: Translate): Translate {
  const cache = new Map<string, string>();
  return (key, options) => {
    if (options !== undefined) return t(key, options);
    let value = cache.get(key);
    if (value === undefined) {
      value = t(key);
      cache.set(key, value);
    }
    return value;
  };
}

/** Most cached content translations per translator (dates, sources: a few hundred in practice). */
const CONTENT_TRANSLATIONS_CACHED = 5_000;
const contentTranslations = new WeakMap<Translate, Map<string, string>>();

/**
 * A translation whose options come from the content (checked dates, sources), never from what
 * people type: cached per translator. Rendering a card formats a date for every contact on it, and
 * i18next's interpolation was half the CPU of a dialogue step (profiled); content changes rarely.
 */
export function contentTranslation(t: Translate, key: string, options: Record<string, string | number>): string {
  let cache = contentTranslations.get(t);
  if (!cache) contentTranslations.set(t, (cache = new Map<string, string>()));
  const cacheKey = `${key}\u0000${JSON.stringify(options)}`;
  let value = cache.get(cacheKey);
  if (value === undefined) {
    value = t(key, options);
    // Bounded: edited content leaves old entries behind; starting over is cheap.
    if (cache.size >= CONTENT_TRANSLATIONS_CACHED) cache.clear();
    cache.set(cacheKey, value);
  }
  return value;
}
