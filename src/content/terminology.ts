/**
 * One term per concept (GLOSSARY.md section 5), as data: for each concept the word the bot uses in
 * each language, and the variants it must not use, with the reason. A test scans every locale file,
 * content card and FAQ text and fails on a banned variant, so a reader under stress never wonders
 * whether two words mean two things.
 */
import type { Language } from '../services/languages';

/** A banned variant: a pattern (regex source, matched case-insensitively at word boundaries) and why. */
export interface BannedVariant {
  /** Regex source; letters only need to match a whole word (or its start, with `prefix`). */
  pattern: string;
  /** Match the start of a word only ("дастгир" also bans «дастгиршуда»). */
  prefix?: boolean;
  reason: string;
}

/** One concept: the chosen term per language and the banned variants per language. */
export interface TermDecision {
  concept: string;
  term: Partial<Record<Language, string>>;
  banned: Partial<Record<Language, readonly BannedVariant[]>>;
  /**
   * Locale namespaces (file names) where the rule does not apply: staff screens talk to staff
   * about staff, so a bare «сотрудник» there cannot be read as a police officer.
   */
  exceptNamespaces?: readonly string[];
}

/** The decisions of GLOSSARY.md section 5. */
export const TERMINOLOGY: readonly TermDecision[] = [
  {
    concept: 'safety notices people subscribe to',
    term: { ru: 'оповещения (о безопасности)', tg: 'огоҳиҳои амният', en: 'safety notices' },
    banned: {
      ru: [{ pattern: 'предупреждени', prefix: true, reason: '«предупреждения» beside «оповещения» reads as a second kind of message' }],
      tg: [
        { pattern: 'бехатар', prefix: true, reason: '«бехатарӣ» beside «огоҳиҳои амният» reads as a second topic' },
        { pattern: 'эълон', prefix: true, reason: '«эълон» is an announcement: the notices are «огоҳиҳои амният»' },
        { pattern: 'ҳушдор', prefix: true, reason: '«ҳушдор» is a warning: the notices are «огоҳиҳои амният»' },
      ],
      en: [
        { pattern: 'safety alerts?', reason: 'the notices are "safety notices"' },
        { pattern: 'security notices?', reason: 'the notices are "safety notices"' },
      ],
    },
  },
  {
    concept: 'emergency number 112',
    term: { ru: 'экстренные службы', tg: 'хадамоти фавқулодда', en: 'emergency services' },
    banned: {
      tg: [{ pattern: 'ёрии таъҷилӣ', reason: '«ёрии таъҷилӣ» usually means the ambulance (103), not 112' }],
    },
  },
  {
    concept: 'stopped for a document check',
    term: { ru: 'меня остановила полиция (проверка документов)', tg: 'политсия ҳуҷҷатҳоямро тафтиш мекунад', en: 'stopped for a document check' },
    banned: {
      tg: [{ pattern: '(?:маро|шуморо|ӯро) нигоҳ дошт', prefix: true, reason: '«нигоҳ доштан» also means held in custody: a check is not a detention' }],
    },
  },
  {
    concept: 'detention',
    term: { ru: 'задержание', tg: 'боздошт', en: 'detention' },
    banned: {
      tg: [{ pattern: 'дастгир', prefix: true, reason: 'detention is «боздошт» everywhere; «дастгир» reads as a second event' }],
    },
  },
  {
    concept: 'deadline',
    term: { ru: 'срок', tg: 'мӯҳлат', en: 'deadline' },
    banned: {
      tg: [{ pattern: 'муҳлат', prefix: true, reason: 'both spellings exist; the bot writes «мӯҳлат»' }],
    },
  },
  {
    concept: 'the registration slip you show',
    term: { ru: 'документ о регистрации (миграционный учёт)', tg: 'ҳуҷҷати бақайдгирӣ (қайди муҳоҷиратӣ)', en: 'registration slip' },
    banned: {
      tg: [
        {
          // Only in a list of papers (next to the passport, migration card or patent): elsewhere, as in
          // a deadline's name, «қайди муҳоҷиратӣ» rightly names the procedure.
          pattern: '(?<=(?:шиноснома|корти муҳоҷират|патент)\\p{L}*,\\s*)қайди муҳоҷиратӣ|қайди муҳоҷиратӣ(?=,\\s*(?:патент|расид|шиноснома))',
          reason: '«қайди муҳоҷиратӣ» alone is the procedure, not the paper to carry',
        },
      ],
    },
  },
  {
    concept: "the bot's own people",
    term: { ru: 'сотрудник бота', tg: 'кормандони бот', en: 'a person (staff)' },
    banned: {
      ru: [{ pattern: 'сотрудник\\p{L}*(?!\\s+(?:полиции|бота))', reason: 'a bare «сотрудник» reads as the police officer' }],
      tg: [{ pattern: 'корманд\\p{L}*(?!\\s+(?:бот|политсия))', reason: 'a bare «корманд» reads as the police officer' }],
    },
    exceptNamespaces: ['staff'],
  },
  {
    concept: 'official working-day calendar',
    term: { ru: 'официальный календарь рабочих дней', tg: 'тақвими расмии рӯзҳои кории Русия', en: 'official calendar of working days' },
    banned: {
      ru: [{ pattern: 'производственн\\p{L}* календар', prefix: true, reason: '«производственный календарь» is opaque to readers' }],
      tg: [{ pattern: 'тақвими истеҳсол', prefix: true, reason: 'a calque of «производственный календарь», opaque to readers' }],
      en: [{ pattern: 'production calendar', reason: 'a calque of «производственный календарь», opaque to readers' }],
    },
  },
  {
    concept: 'provisional date (counted without the year\'s government decree)',
    term: { ru: 'предварительная дата', tg: 'санаи пешакӣ', en: 'provisional date' },
    banned: {
      tg: [
        {
          // Only the bare adjective: «иҷозати муваққатии истиқомат» (RVP), «иҷозаи зисти муваққатӣ» and
          // «муваққатан» (temporarily) are other words and stay allowed.
          pattern: '(?<!(?:зисти|иқомати)\\s)муваққатӣ',
          reason: 'a date counted without the year\'s decree is «пешакӣ»; «муваққатӣ» beside it reads as a second status',
        },
      ],
    },
  },
  {
    concept: 'the deadline calculator',
    term: { ru: 'калькулятор сроков («Посчитать мои сроки»)', tg: 'ҳисобкунаки мӯҳлатҳо («Мӯҳлатҳои манро ҳисоб кардан»)', en: 'deadline calculator ("Calculate my deadlines")' },
    banned: {
      ru: [{ pattern: 'рассчитать мои сроки', reason: 'the menu button says «Посчитать мои сроки»' }],
      tg: [{ pattern: 'мӯҳлатҳоямро ҳисоб', prefix: true, reason: 'the menu button says «Мӯҳлатҳои манро ҳисоб кардан»' }],
      en: [{ pattern: 'deadlines calculator', reason: 'the feature is the "deadline calculator"' }],
    },
  },
  {
    concept: 'law citations inside Tajik text',
    term: { tg: '(КоАП РФ, моддаи 27.5; қисми 4); Қонуни ФР «Дар бораи политсия»; Конститутсияи ФР' },
    banned: {
      tg: [
        { pattern: 'ст\\.', reason: 'article is «моддаи» in Tajik text' },
        { pattern: 'ч\\.', reason: 'part is «қисми» in Tajik text' },
        { pattern: 'О полиции', reason: 'the law is Қонуни ФР «Дар бораи политсия» in Tajik text' },
        { pattern: 'Конституция', prefix: true, reason: 'the Constitution is «Конститутсияи ФР» in Tajik text' },
      ],
    },
  },
];

/** The regex of a banned variant: case-insensitive, Unicode, letters before and (unless `prefix`) after excluded. */
export function variantRegex(variant: BannedVariant): RegExp {
  // JS \b knows only ASCII letters; Unicode lookarounds make the boundary work for Cyrillic too.
  const end = variant.prefix ? '' : '(?![\\p{L}\\p{N}])';
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${variant.pattern})${end}`, 'giu');
}

/** One banned variant found in a text. */
export interface TermViolation {
  concept: string;
  found: string;
  reason: string;
}

/** Banned variants in one text of `language` from locale namespace `namespace` (undefined for content files). */
export function findTermViolations(text: string, language: Language, namespace?: string): TermViolation[] {
  const found: TermViolation[] = [];
  for (const decision of TERMINOLOGY) {
    if (namespace && decision.exceptNamespaces?.includes(namespace)) continue;
    for (const variant of decision.banned[language] ?? []) {
      for (const match of text.matchAll(variantRegex(variant))) found.push({ concept: decision.concept, found: match[0], reason: variant.reason });
    }
  }
  return found;
}
