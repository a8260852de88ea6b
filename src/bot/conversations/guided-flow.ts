import type { ContentLibrary } from '../../content/loader';
import type { DialogueContext } from '../context';
import type { I18n } from '../i18n';
import { HOTLINES_CARD_ID } from '../../content/schema';
import { CARD_VOTE_CHOICES, SOS_CARD_ID, SOS_CHOICES } from '../render/card-view';
import { CardScreens } from '../render/card-screens';
import type { PictureSender } from '../screens/pictures';
import { showScreen } from '../respond';
import { awaitAnswer, type Dialogue } from './dialogue-step';

/** Id of the guided dialogue through the content cards. */
export const GUIDED_FLOW = 'guided-flow';

/** Choices that leave the cards for another dialogue; the bot's dialogue feature takes them over. */
export const HANDOVER_CHOICES = new Set(['calculator']);

/** How many cards "Back" can return through; older ones are forgotten to keep the state small. */
export const MAX_TRAIL = 12;

/** What the cards tell staff insight (absent offline): a card was shown, and 👍 / 👎 of a card. */
export interface CardInsight {
  opened(cardId: string): void;
  /** False when this person already rated this card today. */
  vote(cardId: string, lang: DialogueContext['lang'], up: boolean, userId: number): Promise<boolean>;
}

/**
 * One card of a guided walk through the content: it shows the card at the end of `trail` and
 * takes one answer — the next card ("were you taken to a police station?" → detention), Back, or
 * an action. Back and Main menu are on every card. The trail travels with the dialogue state in
 * Redis, so a restart continues at the same card. The next card opens as a fresh dialogue
 * (`continueDialogue`): the replayed state stays one step long, instead of a log that grows with
 * every button pressed (measured: ~5 KB and ~1 ms more per step).
 */
export function guidedFlow(content: ContentLibrary, i18n: I18n, insight?: CardInsight, pictures?: PictureSender) {
  const screens = new CardScreens(content, i18n);
  return async function guidedFlowDialogue(conversation: Dialogue, firstCtx: DialogueContext, trail: string[]): Promise<void> {
    const cardId = trail.at(-1)!;
    // The SOS card is shown to an officer: no rating buttons there.
    let votes = insight !== undefined && cardId !== SOS_CARD_ID;
    let note: string | undefined;
    /** Shows the card; `opened` counts it as opened too, in the same outside call (one replayed step fewer). */
    const render = async (ctx: DialogueContext, opened = false) => {
      const lang = ctx.lang;
      const options = { canGoBack: trail.length > 1, votes, sosPictures: pictures !== undefined };
      const shownNote = note;
      // Rendered and sent through the outside context: a replay of this step neither renders the card
      // again nor records Telegram's echo of its whole text (which made the state written on every step ~5× larger).
      await conversation.external((outer) => {
        if (opened) insight?.opened(cardId);
        const { html, keyboard } = screens.screen(lang, cardId, options)!;
        return showScreen(outer, shownNote ? `${html}\n\n<i>${i18n.translatorFor(lang)(shownNote)}</i>` : html, keyboard);
      });
    };

    await render(firstCtx, true);
    for (;;) {
      const answer = await awaitAnswer(conversation, i18n, render, { acceptsText: false });
      const choice = answer.kind === 'choice' ? answer.choice : '';
      if (insight && votes && (choice === CARD_VOTE_CHOICES.up || choice === CARD_VOTE_CHOICES.down)) {
        const counted = await conversation.external((outer) => insight.vote(cardId, outer.lang, choice === CARD_VOTE_CHOICES.up, outer.from!.id));
        // The row goes and a line says the tap was taken.
        votes = false;
        note = counted ? 'insight.vote.thanks' : 'insight.vote.already';
        await render(answer.ctx);
        continue;
      }
      if (pictures && cardId === SOS_CARD_ID && (choice === SOS_CHOICES.picture || choice === SOS_CHOICES.pin)) {
        // The card stays as it is, its buttons working; the picture comes below it, or the card is pinned.
        await conversation.external((outer) => (choice === SOS_CHOICES.picture ? pictures.sendSos(outer) : pictures.pinSos(outer)));
        continue;
      }
      if (HANDOVER_CHOICES.has(choice)) await conversation.halt({ next: true });
      const next = nextTrail(trail, choice, (id) => content.card('ru', id) !== undefined);
      if (!next) continue; // a card that no longer exists: stay on this one
      await conversation.external((outer) => outer.continueDialogue(GUIDED_FLOW, next));
      return;
    }
  };
}

/** Where a choice leads from `trail`; undefined when it leads nowhere known. */
export function nextTrail(trail: readonly string[], choice: string, cardExists: (id: string) => boolean): string[] | undefined {
  if (choice === 'back') return trail.length > 1 ? trail.slice(0, -1) : [...trail];
  const target = choice === 'hotlines' ? HOTLINES_CARD_ID : choice;
  if (!cardExists(target)) return undefined;
  return [...trail, target].slice(-MAX_TRAIL);
}
