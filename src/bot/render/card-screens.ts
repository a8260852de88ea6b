import type { InlineKeyboard } from 'grammy';
import type { ContentLibrary } from '../../content/loader';
import type { Language } from '../../services/languages';
import type { I18n } from '../i18n';
import { cardKeyboard, cardScreenHtml, SOS_CARD_ID } from './card-view';

/** A card as the guided dialogue shows it: its text and its keyboard. */
export interface CardScreen {
  readonly html: string;
  /** Shared by everyone shown this card: read it, never change it. */
  readonly keyboard: InlineKeyboard;
}

/** How a card's screen varies besides its language. */
export interface CardScreenOptions {
  /** There is a card to go back to. */
  canGoBack: boolean;
  /** The 👍 / 👎 row. */
  votes: boolean;
  /** The SOS card's picture and pin buttons. */
  sosPictures: boolean;
}

/**
 * Card screens rendered once per content generation and reused.
 *
 * Why: every step of a guided dialogue shows a card, and rendering one (escaping, joining, a
 * localised line per contact, a copy button per number, the keyboard's callback data) was about
 * 25 KB of garbage and a good share of a step's CPU, for a result that only changes when staff edit
 * the content. A staff edit changes the library's generation, and the next request renders afresh.
 * The cache holds at most languages × cards × 8 variants.
 */
export class CardScreens {
  private readonly screens = new Map<string, CardScreen | undefined>();
  private generation = -1;

  constructor(
    private readonly content: ContentLibrary,
    private readonly i18n: I18n,
  ) {}

  /** The screen of card `cardId` in `lang`, or undefined when there is no such card. */
  screen(lang: Language, cardId: string, options: CardScreenOptions): CardScreen | undefined {
    const generation = this.content.generation();
    if (generation !== this.generation) {
      this.screens.clear();
      this.generation = generation;
    }
    const key = `${lang}\u0000${cardId}\u0000${+options.canGoBack}${+options.votes}${+options.sosPictures}`;
    if (this.screens.has(key)) return this.screens.get(key);
    const screen = this.render(lang, cardId, options);
    this.screens.set(key, screen);
    return screen;
  }

  private render(lang: Language, cardId: string, options: CardScreenOptions): CardScreen | undefined {
    const card = this.content.card(lang, cardId);
    if (!card) return undefined;
    const t = this.i18n.translatorFor(lang);
    const isSos = cardId === SOS_CARD_ID;
    // The numbers the card's text shows (the SOS card, for the officer, shows none), each with a copy button.
    const contacts = isSos ? [] : this.content.contacts(lang, card.contacts);
    const html = cardScreenHtml(this.content, lang, card, (l) => this.i18n.translatorFor(l), contacts);
    const keyboard = cardKeyboard(t, card, options.canGoBack, { votes: options.votes, sos: isSos && options.sosPictures, contacts });
    return { html, keyboard };
  }
}
