import type { FaqLibrary } from '../faq/faq-library';
import { searchTerm } from '../faq/text-folding';

const WORD = /[\p{L}\p{M}]+/gu;

/**
 * "Is this a word the FAQ itself uses?", for the anonymiser: «Патент» or «Москва» capitalised in a
 * question is kept, an unknown capitalised word is taken for a name. Words are compared as the
 * search compares them (folded, cut to a stem); stop words count as known. The vocabulary is
 * rebuilt when the FAQ changed.
 */
export function faqKnownWords(faq: Pick<FaqLibrary, 'all'>): (word: string) => boolean {
  let fingerprint = '';
  let vocabulary = new Set<string>();
  return (word) => {
    const term = searchTerm(word);
    if (term === undefined) return true;
    const docs = faq.all();
    const now = docs.map((d) => `${d.id}@${d.version}`).join(',');
    if (now !== fingerprint) {
      fingerprint = now;
      vocabulary = new Set();
      for (const doc of docs) {
        for (const text of Object.values(doc.data.texts)) {
          for (const [w] of `${text?.question ?? ''} ${text?.answer ?? ''}`.matchAll(WORD)) {
            const t = searchTerm(w);
            if (t) vocabulary.add(t);
          }
        }
      }
    }
    return vocabulary.has(term);
  };
}
