import type { InlineKeyboard } from 'grammy';
import type { Translate } from '../i18n';

/**
 * Adds the "👍 Helpful / 👎 Did not help" row under an FAQ answer, a card or a closed case; `data`
 * builds each button's callback data for whoever counts the votes.
 */
export function voteRow(keyboard: InlineKeyboard, t: Translate, data: (up: boolean) => string): InlineKeyboard {
  return keyboard.text(t('insight.vote.up'), data(true)).text(t('insight.vote.down'), data(false)).row();
}
