import fs from 'node:fs';
import path from 'node:path';
import { ContentError } from '../../content/loader';
import { unverifiedPhones } from '../../content/phone-numbers';
import { LANGUAGES } from '../languages';
import { FAQ_CATEGORIES, shippedFaqFileSchema, type FaqEntry } from './faq-schema';

/** Where the shipped FAQ lives. */
export const SHIPPED_FAQ_FILE = path.join(__dirname, '..', '..', '..', 'content', 'faq', 'v1', 'faq.json');

/** A shipped FAQ entry, ready to seed. */
export interface ShippedFaqEntry {
  id: string;
  data: FaqEntry;
}

/**
 * Reads and validates the shipped FAQ (zod, at start-up): a broken file stops the bot with a message
 * naming the entry and field. Every phone number in an answer must be a verified registry number.
 */
export function loadShippedFaq(verifiedPhones: ReadonlySet<string>, file: string = SHIPPED_FAQ_FILE): ShippedFaqEntry[] {
  const label = path.relative(process.cwd(), file) || file;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ContentError([`${label}: cannot read the file as JSON: ${error instanceof Error ? error.message : String(error)}`]);
  }
  const parsed = shippedFaqFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ContentError(parsed.error.issues.map((issue) => `${label}: ${issue.path.join('.')}: ${issue.message}`));
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const entry of parsed.data.entries) {
    if (seen.has(entry.id)) problems.push(`${label}: entry "${entry.id}": duplicate id`);
    seen.add(entry.id);
    for (const lang of LANGUAGES) {
      for (const phone of unverifiedPhones(`${entry.texts[lang].question}\n${entry.texts[lang].answer}`, verifiedPhones)) {
        problems.push(`${label}: entry "${entry.id}": texts.${lang}: phone number "${phone}" is not a verified registry number`);
      }
    }
  }
  if (problems.length > 0) throw new ContentError(problems);

  const positions = new Map<string, number>(FAQ_CATEGORIES.map((c) => [c, 0]));
  return parsed.data.entries.map((entry) => {
    const position = (positions.get(entry.category) ?? 0) + 1;
    positions.set(entry.category, position);
    return {
      id: entry.id,
      data: {
        category: entry.category,
        position,
        hidden: entry.hidden ?? false,
        texts: entry.texts,
        source: entry.source,
        verifiedAt: entry.verifiedAt,
        ...(entry.staffNote ? { staffNote: entry.staffNote } : {}),
      },
    };
  });
}

