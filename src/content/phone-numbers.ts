/**
 * Finds phone numbers in free text, so that tests and the content loader can check that every
 * number the bot shows is one staff have verified. A wrong number costs someone a call they needed,
 * so the finder errs towards reporting too much: a false alarm is fixed by rewording, a missed
 * number is shipped.
 */

// Digits joined by the separators people use inside a phone number (no line breaks: two numbers
// on consecutive lines must stay two numbers). A leading "+" or "(" belongs to the number.
const CANDIDATE = /\+?\(?\d(?:[ \u00a0\u202f\-.()]*\d)*/gu;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const SHORT_NUMBER = /^1[0-2]\d$/;
const LOCAL_NUMBER = /^\d{2,3}-\d{2}-\d{2}$/;
const SPACES = /[ \u00a0\u202f]+/u;

/**
 * Phone-like sequences in `text`, as written: international numbers ("+7 (495) 967-98-44",
 * "+992 …"), Russian numbers without "+" ("8 926 311-52-53", "7 495 …", "(495) 967-98-44"),
 * bare local numbers ("967-98-44") and standalone short service numbers 100–129 ("112", "102").
 * Not reported: law numbers ("115-ФЗ"), article numbers ("27.5"), dates, sums ("1 200 ₽"), ids in URLs
 * shorter than ten digits.
 */
export function findPhoneNumbers(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    const raw = match[0];
    const start = match.index ?? 0;
    const before = text.slice(0, start);
    const after = text.slice(start + raw.length);
    const prev = before.slice(-1);
    // Part of a word, a longer token, a decimal ("ст. 27.5") or a URL path/query value.
    if (prev !== '' && (LETTER_OR_DIGIT.test(prev) || '.,/=№_-'.includes(prev))) continue;

    const digits = raw.replace(/\D/g, '');
    if (raw.startsWith('+')) {
      if (digits.length >= 7 && digits.length <= 15) found.push(raw);
      continue;
    }
    if (digits.length === 10 || digits.length === 11) {
      found.push(raw);
      continue;
    }
    if (LOCAL_NUMBER.test(raw) && !startsLikeWord(after)) {
      found.push(raw);
      continue;
    }
    // Short numbers: "112" or "112 102", but not "120 000" (a sum) nor "115-ФЗ" (a law).
    const tokens = raw.split(SPACES);
    if (tokens.every((token) => SHORT_NUMBER.test(token)) && !startsLikeWord(after) && !/^[ \u00a0]?[%₽$€]/u.test(after)) {
      found.push(...tokens);
    }
  }
  return found;
}

/** True when `rest` continues the number into a word or a longer token: "-ФЗ", "-2", "/2", ".5". */
function startsLikeWord(rest: string): boolean {
  const next = rest.charAt(0);
  if (next === '') return false;
  if (LETTER_OR_DIGIT.test(next)) return true;
  // "115-ФЗ" is a law; "112-ро" (Tajik object suffix) is still the number 112.
  if (next === '-') return /[\p{Lu}\p{N}]/u.test(rest.charAt(1));
  if (next === '/' || next === '_') return true;
  return (next === '.' || next === ',') && /\d/.test(rest.charAt(1));
}

/**
 * A phone number reduced to the digits that identify it: digits only; an 11-digit number starting
 * with 8 (Russian trunk prefix) becomes 7…, and a 10-digit Russian national number gets its 7.
 * "+7 (495) 967-98-44", "8 495 967 98 44" and "(495) 967-98-44" all give "74959679844".
 */
export function normalizePhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length === 11 && digits.startsWith('8')) return `7${digits.slice(1)}`;
  if (digits.length === 10 && !phone.trim().startsWith('+')) return `7${digits}`;
  return digits;
}

/** The normalized numbers of the verified contacts of a registry: the only numbers a text may quote. */
export function verifiedPhoneSet(records: Iterable<{ status: string; phones: readonly string[] }>): Set<string> {
  const phones = new Set<string>();
  for (const record of records) {
    if (record.status === 'verified') for (const phone of record.phones) phones.add(normalizePhone(phone));
  }
  return phones;
}

/** Phone numbers in `text` that are not in `verifiedPhones` (normalized digits). */
export function unverifiedPhones(text: string, verifiedPhones: ReadonlySet<string>): string[] {
  return findPhoneNumbers(text).filter((phone) => !verifiedPhones.has(normalizePhone(phone)));
}
