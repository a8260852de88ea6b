import MiniSearch, { type SearchResult } from 'minisearch';
import { LANGUAGES, type Language } from '../languages';
import { textFor, type FaqEntry } from './faq-schema';
import { searchTerm } from './text-folding';

interface IndexedText {
  /** `<entry id>|<language>` */
  key: string;
  entryId: string;
  lang: Language;
  question: string;
  answer: string;
}

/** A query term and its variants with two neighbouring letters swapped. */
function withTranspositions(word: string): string[] | null {
  const term = searchTerm(word);
  if (!term) return null;
  const variants = [term];
  for (let i = 0; i + 1 < term.length && term.length >= 4; i++) {
    variants.push(term.slice(0, i) + term.charAt(i + 1) + term.charAt(i) + term.slice(i + 2));
  }
  return [...new Set(variants)];
}

/** Results scoring below this share of the best result are dropped. */
const RELATIVE_SCORE_CUTOFF = 0.35;

/** How many matches a search returns at most. */
export const MAX_SEARCH_RESULTS = 5;

/** How many recent searches are remembered (a query and its language → the entries found). */
const REMEMBERED_SEARCHES = 2_000;

/**
 * Full-text search over the visible FAQ entries, one index document per entry and language (an
 * untranslated entry is indexed under the text its readers see, i.e. the Russian one). Built on
 * MiniSearch (BM25, prefix and fuzzy matching), with terms folded so that case, typos and Tajik
 * typed on a Russian keyboard all match.
 */
export class FaqSearchIndex {
  private readonly index = new MiniSearch<IndexedText>({
    idField: 'key',
    fields: ['question', 'answer'],
    storeFields: ['entryId', 'lang'],
    processTerm: (term) => searchTerm(term) ?? null,
    searchOptions: {
      boost: { question: 3 },
      prefix: (term) => term.length >= 3,
      // One typo in words of four letters or more; short words must match exactly.
      fuzzy: (term) => (term.length >= 4 ? 1 : 0),
      combineWith: 'OR',
    },
  });
  private readonly keysByEntry = new Map<string, string[]>();
  /**
   * Recent searches and what they found. People ask the same few things ("патент", "регистрация")
   * over and over, and a search that finds nothing runs four passes over the index; the answer only
   * changes when the index does, so any change forgets them all.
   */
  private readonly remembered = new Map<string, string[]>();

  /** Adds, replaces or (when hidden, deleted or undefined) removes an entry. */
  put(entryId: string, entry: FaqEntry | undefined): void {
    this.remembered.clear();
    for (const key of this.keysByEntry.get(entryId) ?? []) this.index.discard(key);
    this.keysByEntry.delete(entryId);
    if (!entry || entry.hidden) return;
    const docs = LANGUAGES.flatMap((lang): IndexedText[] => {
      const shown = textFor(entry, lang);
      return shown ? [{ key: `${entryId}|${lang}`, entryId, lang, question: shown.text.question, answer: shown.text.answer }] : [];
    });
    this.index.addAll(docs);
    this.keysByEntry.set(entryId, docs.map((d) => d.key));
  }

  /** Replaces the whole index. */
  rebuild(entries: Iterable<[string, FaqEntry | undefined]>): void {
    for (const id of [...this.keysByEntry.keys()]) this.put(id, undefined);
    for (const [id, entry] of entries) this.put(id, entry);
  }

  /**
   * The best matching entry ids for `query` in `lang`, best first. When nothing matches in the
   * user's language (someone typing Russian words with Tajik chosen), the other languages are tried.
   */
  search(lang: Language, query: string, limit = MAX_SEARCH_RESULTS): string[] {
    const text = query.slice(0, 300);
    const memoryKey = `${lang}\u0000${limit}\u0000${text}`;
    const known = this.remembered.get(memoryKey);
    if (known) return [...known];
    const ids = this.searchIndex(lang, text, limit);
    // Oldest first out: a Map keeps insertion order.
    if (this.remembered.size >= REMEMBERED_SEARCHES) this.remembered.delete(this.remembered.keys().next().value!);
    this.remembered.set(memoryKey, ids);
    return [...ids];
  }

  private searchIndex(lang: Language, text: string, limit: number): string[] {
    const inLanguage = { filter: (result: SearchResult) => result.lang === lang };
    // Plain matching first; only when that finds nothing, also try swapped neighbour letters
    // («патнет» → «патент»), a typo that counts as two edits for the fuzzy matcher.
    const results =
      [
        () => this.index.search(text, inLanguage),
        () => this.index.search(text),
        () => this.index.search(text, { ...inLanguage, processTerm: withTranspositions }),
        () => this.index.search(text, { processTerm: withTranspositions }),
      ]
        .reduce<SearchResult[]>((found, run) => (found.length > 0 ? found : run()), []);
    // Matches far weaker than the best one only matched a common word: leave them out.
    const threshold = (results[0]?.score ?? 0) * RELATIVE_SCORE_CUTOFF;
    const ids: string[] = [];
    for (const result of results) {
      if (result.score < threshold) break;
      const id = result.entryId as string;
      if (!ids.includes(id)) ids.push(id);
      if (ids.length >= limit) break;
    }
    return ids;
  }
}
