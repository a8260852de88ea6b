/**
 * Takes what could point to a person out of a question before it is kept for staff: phone numbers,
 * document numbers (passport, patent, card numbers, dates of birth), e-mail and web addresses,
 * @usernames, and name-like capitalised words. What is left says what people ask, not who asked.
 * Errs on the side of removing: a lost word costs staff a guess, a kept name could cost a person.
 */

/** What replaces each kind of removed text (language-neutral, so staff of any language read it). */
export const REMOVED = { phone: '[☎]', document: '[№]', name: '…', address: '…' } as const;

/** Longest question kept; the rest is cut. */
export const MAX_QUESTION_CHARS = 300;

const ADDRESS = /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b|\bhttps?:\/\/\S+|\bwww\.\S+|(?<![\p{L}\p{N}])@[A-Za-z0-9_]{3,}/gu;
// Seven digits or more with the usual separators, an optional "+" in front: a phone number.
const PHONE_LIKE = /\+?\d[\d\s().-]*\d/g;
// Digit groups (with spaces, dots, slashes, dashes between) and an optional series of up to 3 letters and "№" in front.
const NUMBER_LIKE = /(?:(?<![\p{L}\p{N}])\p{L}{1,3}\s?)?(?:№\s?)?\d(?:[\d\s./-]*\d)?/gu;
// A token mixing letters and digits (AB1234, 12АБ34): a code, not a word.
const MIXED_TOKEN = /(?<![\p{L}\p{N}])(?=[\p{L}\p{N}]*\d)(?=[\p{L}\p{N}]*\p{L})[\p{L}\p{N}]{3,}(?![\p{L}\p{N}])/gu;
const WORD = /[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*/gu;

const digitCount = (text: string) => text.replace(/\D/g, '').length;

/**
 * A phone number as people in Russia and Tajikistan write it: "+…", a code in brackets, 11 digits
 * from 7 or 8, 10 from 9, 12 from 992, or a local number ending "-12-34". Other long numbers are
 * documents (both go; only the mark shown to staff differs).
 */
function looksLikePhone(match: string): boolean {
  const digits = match.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return false;
  if (match.startsWith('+') || match.includes('(')) return true;
  if (digits.length === 11 && /^[78]/.test(digits)) return true;
  if (digits.length === 10 && digits.startsWith('9')) return true;
  if (digits.length === 12 && digits.startsWith('992')) return true;
  return /\d-\d\d-\d\d$/.test(match);
}

/**
 * Words after which a name follows, folded to lower case: "меня зовут …", "номам …", "my name is …".
 * The next two words go whatever their case.
 */
const NAME_INTRODUCERS = new Set(['зовут', 'звать', 'фамилия', 'имя', 'отчество', 'номам', 'номи', 'насабам', 'name', "name's", 'named', 'called']);
/** Words between an introducer and the name ("номи ман Алишер", "my name is Ali"). */
const NAME_FILLERS = new Set(['ман', 'is', 'мое', 'моё', 'моя', 'мой', ':', 'его', 'её', 'ее']);

/** An all-capital short word is an abbreviation (МВД, РВП, ВНЖ, ФМС), which says what is asked. */
const isAbbreviation = (word: string) => word.length >= 2 && word.length <= 5 && word === word.toUpperCase() && word !== word.toLowerCase();
const isCapitalised = (word: string) => {
  const first = word.charAt(0);
  return first !== first.toLowerCase() && !isAbbreviation(word);
};

/** Whether the text before `index` ends a sentence (or is empty). */
function startsSentence(text: string, index: number): boolean {
  const before = text.slice(0, index).replace(/[\s"«“'(]+$/u, '');
  return before === '' || /[.!?…\n:]$/.test(before) || /[.!?…]$/.test(text.slice(0, index).trimEnd());
}

/**
 * The question with what could identify someone removed.
 * @param knownWord true for a word the FAQ itself uses (or one too common to be a name): such a
 *   word is kept even when capitalised («Патент», «Москва»); any other capitalised word inside a
 *   sentence is taken for a name. The first word of a sentence is kept, unless a capitalised word
 *   follows it («Алишер Рахимов …») or it is an unknown word set off by a comma («Алишер, …»).
 */
export function anonymiseQuestion(text: string, knownWord: (word: string) => boolean = () => false): string {
  let out = text.slice(0, MAX_QUESTION_CHARS * 2).replace(ADDRESS, REMOVED.address);
  out = out.replace(PHONE_LIKE, (match) => (looksLikePhone(match) ? REMOVED.phone : match));
  // Any other run of five digits or more: a document, a card, a date of birth. Shorter numbers
  // (days, years, sums) say what is asked and stay.
  out = out.replace(NUMBER_LIKE, (match) => (digitCount(match) >= 5 ? REMOVED.document : match));
  out = out.replace(MIXED_TOKEN, REMOVED.document);

  const words = [...out.matchAll(WORD)];
  const drop = new Set<number>();
  // Written all in capitals, case says nothing about names: only "меня зовут …" and the like count.
  const shouting = !/\p{Ll}/u.test(out);
  for (let i = 0; i < words.length; i++) {
    const word = words[i]![0];
    const lower = word.toLowerCase();
    if (NAME_INTRODUCERS.has(lower)) {
      let j = i + 1;
      while (j < words.length && NAME_FILLERS.has(words[j]![0].toLowerCase())) j++;
      // The name itself, and a surname right after it.
      for (let k = j; k < Math.min(j + 2, words.length); k++) {
        if (k === j || (!shouting && isCapitalised(words[k]![0]))) drop.add(k);
      }
      continue;
    }
    if (shouting) continue;
    // One letter ("I", an initial) names nobody on its own.
    if (word.length < 2 || !isCapitalised(word) || drop.has(i)) continue;
    const index = words[i]!.index;
    const next = words[i + 1];
    const between = next ? out.slice(index + word.length, next.index) : '';
    const nextIsCapitalised = next !== undefined && /^\s+$/.test(between) && isCapitalised(next[0]);
    if (startsSentence(out, index)) {
      // «Алишер Рахимов» at the start: a full name. «Алишер, …»: someone addressed or introduced.
      if ((nextIsCapitalised && !knownWord(next[0])) || (/^\s*,/.test(between) && !knownWord(word))) drop.add(i);
      continue;
    }
    if (!knownWord(word)) drop.add(i);
  }
  let result = '';
  let last = 0;
  for (const [i, match] of words.entries()) {
    if (!drop.has(i)) continue;
    result += out.slice(last, match.index) + REMOVED.name;
    last = match.index + match[0].length;
  }
  result += out.slice(last);
  // Adjacent removals read as one: "… …" → "…".
  return result
    .replace(/…(?:\s*…)+/g, '…')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_QUESTION_CHARS);
}
