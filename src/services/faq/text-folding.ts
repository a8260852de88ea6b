/**
 * Folding of search text, so that what people type matches what staff wrote: case, «ё», Tajik
 * letters typed on a Russian keyboard (ғ→г, ӣ→и, қ→к, ӯ→у, ҳ→х, ҷ→ч) and the legacy font forms
 * pasted from old documents (ї њ ќ ѓ ў љ, GLOSSARY note 4). Only for matching: the bot always
 * shows the proper letters.
 */

const LETTER_FOLDS: Readonly<Record<string, string>> = {
  ғ: 'г', ӣ: 'и', қ: 'к', ӯ: 'у', ҳ: 'х', ҷ: 'ч', ё: 'е', й: 'и',
  // Legacy Tajik fonts (mappings differ between fonts; these are the common ones).
  ї: 'и', њ: 'х', ќ: 'к', ѓ: 'г', ў: 'у', љ: 'ч',
};
const FOLDABLE = new RegExp(`[${Object.keys(LETTER_FOLDS).join('')}]`, 'gu');
const COMBINING_MARKS = /\p{M}+/gu;

/** Lower-cases and folds one piece of text (letters only change; spacing and punctuation stay). */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .replace(FOLDABLE, (letter) => LETTER_FOLDS[letter] ?? letter)
    // Latin accents and any remaining combining marks (a macron typed as a separate mark, say).
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .normalize('NFC');
}

/**
 * The longest a search term is kept. Cutting words to their first letters is a crude stemmer
 * that works for all three languages: «патенти», «патентро», «патента» and «patents» all become
 * «патент» / «patent», and the index needs no per-language grammar.
 */
export const STEM_LENGTH = 6;

/** Words that carry no meaning for search, already folded. */
const STOP_WORDS = new Set([
  // ru
  'и', 'в', 'во', 'на', 'с', 'со', 'к', 'ко', 'по', 'за', 'из', 'у', 'о', 'об', 'от', 'до', 'не', 'ни', 'а', 'но', 'что', 'как',
  'где', 'когда', 'ли', 'же', 'бы', 'это', 'я', 'мне', 'меня', 'мои', 'моя', 'мои', 'мое', 'ты', 'вы', 'вас', 'вам', 'он', 'она',
  'они', 'мы', 'если', 'или', 'для', 'при', 'так', 'то', 'есть', 'можно', 'нужно', 'надо', 'ли', 'уже', 'еще', 'чем',
  'там', 'тут', 'здесь', 'вот', 'все', 'был', 'была', 'было', 'были', 'привет', 'здравствуите', 'пожалуиста', 'спасибо', 'помогите', 'помощь', 'помочь', 'нужна', 'нужен',
  'подскажите', 'вопрос',
  // tg (folded: чӣ → чи, ӯ → у)
  'ва', 'дар', 'ба', 'аз', 'бо', 'то', 'ки', 'чи', 'чиро', 'кай', 'ман', 'маро', 'мо', 'шумо', 'шуморо', 'ин', 'он', 'агар',
  'е', 'хам', 'барои', 'чи', 'чаро', 'куча', 'кучо', 'бояд', 'мекунам', 'кунам',
  'салом', 'ассалому', 'алеикум', 'рахмат', 'лутфан', 'хаст', 'нест', 'буд', 'кумак', 'лозим', 'савол',
  // en
  'the', 'a', 'an', 'of', 'to', 'in', 'on', 'for', 'and', 'or', 'is', 'are', 'do', 'does', 'i', 'my', 'me', 'what', 'how',
  'when', 'can', 'if', 'be', 'with', 'at', 'by', 'it', 'must', 'should', 'need', 'have', 'has',
  'there', 'where', 'which', 'who', 'this', 'that', 'these', 'those', 'from', 'about', 'not', 'no', 'yes', 'you', 'your', 'we',
  'they', 'them', 'he', 'she', 'was', 'were', 'will', 'would', 'could', 'get', 'got', 'hello', 'hi', 'hey', 'please', 'thanks', 'help', 'question',
]);

/** A folded word as the search index keeps it; undefined for words that do not help search. */
export function searchTerm(word: string): string | undefined {
  const folded = foldText(word);
  if (folded.length < 2 || STOP_WORDS.has(folded)) return undefined;
  return folded.slice(0, STEM_LENGTH);
}
