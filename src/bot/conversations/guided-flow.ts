import type { ContentLibrary } from '../../content/loader';
import type { DialogueContext } from '../context';
import type { I18n } from '../i18n';
import { cardKeyboard, HOTLINES_CARD_ID, renderCardHtml, renderSosHtml, SOS_CARD_ID } from '../render/card-view';
import { showScreen } from '../respond';
import { awaitAnswer, type Dialogue } from './dialogue-step';

/** Id of the guided dialogue through the content cards. */
export const GUIDED_FLOW = 'guided-flow';

/** Choices that leave the cards for another dialogue; the bot's dialogue feature takes them over. */
export const HANDOVER_CHOICES = new Set(['calculator']);

/**
 * A guided walk through content cards: each card offers next steps as buttons ("were you taken
 * to a police station?" → the detention card), with Back and Main menu on every step. Where the
 * user is lives in the dialogue state in Redis, so a restart continues at the same card.
 */
export function guidedFlow(content: ContentLibrary, i18n: I18n) {
  return async function guidedFlowDialogue(conversation: Dialogue, _ctx: DialogueContext, startCardId: string): Promise<void> {
    const trail: string[] = [startCardId];
    const render = async (ctx: DialogueContext) => {
      const cardId = trail.at(-1)!;
      const card = content.card(ctx.lang, cardId)!;
      const html =
        cardId === SOS_CARD_ID
          ? renderSosHtml(content, ctx.lang, (l) => i18n.translatorFor(l))
          : renderCardHtml(ctx.t, card, content.contacts(ctx.lang, card.contacts));
      await showScreen(ctx, html, cardKeyboard(ctx.t, card, trail.length > 1));
    };

    await render(_ctx);
    for (;;) {
      const answer = await awaitAnswer(conversation, i18n, render, { acceptsText: false });
      if (answer.kind !== 'choice') continue;
      const { choice, ctx } = answer;
      if (choice === 'back') {
        if (trail.length > 1) trail.pop();
      } else if (choice === 'hotlines') {
        trail.push(HOTLINES_CARD_ID);
      } else if (HANDOVER_CHOICES.has(choice)) {
        await conversation.halt({ next: true });
      } else if (content.card(ctx.lang, choice)) {
        trail.push(choice);
      }
      // An unknown card id (content changed since the button was sent) just shows the current card again.
      await render(ctx);
    }
  };
}
