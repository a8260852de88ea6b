import { createHash } from 'node:crypto';
import type { Language } from '../languages';
import { searchTerm } from '../faq/text-folding';

const WORD = /[\p{L}\p{M}]+/gu;

/**
 * What makes two questions "the same question": their meaningful words folded exactly as the FAQ
 * search folds them (case, Tajik typed with Russian letters, legacy font forms, word endings cut
 * to a stem, stop words out), without repeats, in alphabetical order. «Қайди муҳоҷиратӣ чӣ гуна?»
 * and «кайди мухочирати чи гуна» have one signature. Empty when no word carries meaning.
 */
export function questionSignature(text: string): string {
  const terms = new Set<string>();
  for (const [word] of text.matchAll(WORD)) {
    const term = searchTerm(word);
    if (term) terms.add(term);
  }
  return [...terms].sort().join(' ');
}

/** The short id of a group (fits button data): the same signature in the same language, the same id. */
export function groupId(lang: Language, signature: string): string {
  return createHash('sha256').update(`${lang}\n${signature}`).digest('hex').slice(0, 12);
}
