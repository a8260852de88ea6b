import { InlineKeyboard } from 'grammy';
import { HOTLINES_CARD_ID } from '../../content/schema';
import type { Translate } from '../i18n';
import { encodeCallback, type CallbackAction } from './callback-data';

/** One entry of the main menu. Only entries whose feature works are listed. */
export interface MenuEntry {
  labelKey: string;
  action: CallbackAction;
}

/** The main menu, in the order people need it most: urgent help first. */
export const MAIN_MENU: readonly MenuEntry[] = [
  { labelKey: 'menu.sos', action: { kind: 'open-card', cardId: 'sos' } },
  { labelKey: 'menu.police', action: { kind: 'open-dialogue', dialogue: 'police' } },
  { labelKey: 'menu.detained', action: { kind: 'open-dialogue', dialogue: 'detained' } },
  { labelKey: 'menu.raid', action: { kind: 'open-dialogue', dialogue: 'raid' } },
  { labelKey: 'menu.documents', action: { kind: 'open-dialogue', dialogue: 'documents' } },
  { labelKey: 'menu.deadlines', action: { kind: 'open-dialogue', dialogue: 'deadlines' } },
  { labelKey: 'menu.check', action: { kind: 'open-dialogue', dialogue: 'check' } },
  { labelKey: 'menu.hotlines', action: { kind: 'open-card', cardId: HOTLINES_CARD_ID } },
  { labelKey: 'handoff.menu-label', action: { kind: 'feature', feature: 'handoff', args: ['open'] } },
  { labelKey: 'faq.menu-label', action: { kind: 'feature', feature: 'faq', args: ['open'] } },
  { labelKey: 'subscriptions.menu-label', action: { kind: 'feature', feature: 'subs', args: ['settings'] } },
  { labelKey: 'menu.help', action: { kind: 'open-help' } },
  { labelKey: 'menu.privacy', action: { kind: 'feature', feature: 'privacy', args: ['open'] } },
  { labelKey: 'menu.language', action: { kind: 'open-language-picker' } },
];

/** Builds the main menu keyboard in the user's language. */
export function mainMenuKeyboard(t: Translate, entries: readonly MenuEntry[] = MAIN_MENU): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const entry of entries) keyboard.text(t(entry.labelKey), encodeCallback(entry.action)).row();
  return keyboard;
}

/** A single "Main menu" button, for the end of every answer. */
export function backToMenuKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard().text(t('common.button.menu'), encodeCallback({ kind: 'open-menu' }));
}

const sharedMainMenus = new WeakMap<Translate, InlineKeyboard>();
const sharedBackToMenus = new WeakMap<Translate, InlineKeyboard>();

/**
 * The main menu of `t`'s language, built once and shared by every screen that shows it as it is
 * (the menu itself is the most shown screen): read it, never change it. To add buttons, use
 * {@link mainMenuKeyboard}, which builds a new one.
 */
export function sharedMainMenuKeyboard(t: Translate): InlineKeyboard {
  let keyboard = sharedMainMenus.get(t);
  if (keyboard === undefined) sharedMainMenus.set(t, (keyboard = mainMenuKeyboard(t)));
  return keyboard;
}

/** The "Main menu" button of `t`'s language, built once and shared: read it, never change it. */
export function sharedBackToMenuKeyboard(t: Translate): InlineKeyboard {
  let keyboard = sharedBackToMenus.get(t);
  if (keyboard === undefined) sharedBackToMenus.set(t, (keyboard = backToMenuKeyboard(t)));
  return keyboard;
}
