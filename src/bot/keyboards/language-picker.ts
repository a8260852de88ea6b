import { InlineKeyboard } from 'grammy';
import { LANGUAGES, type Language } from '../../services/languages';
import { encodeCallback } from './callback-data';

/** Each language's name in itself: a reader must recognise their own language without knowing another. */
export const LANGUAGE_NAMES: Record<Language, string> = { ru: 'Русский', tg: 'Тоҷикӣ', en: 'English' };

/** The picker: one button per language, the likely one first and marked. */
export function languagePicker(preselected: Language): InlineKeyboard {
  const ordered = [preselected, ...LANGUAGES.filter((l) => l !== preselected)];
  const keyboard = new InlineKeyboard();
  for (const language of ordered) {
    const label = language === preselected ? `✓ ${LANGUAGE_NAMES[language]}` : LANGUAGE_NAMES[language];
    keyboard.text(label, encodeCallback({ kind: 'set-language', language })).row();
  }
  return keyboard;
}
