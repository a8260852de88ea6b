import { Composer } from 'grammy';
import type { MessageEntity } from 'grammy/types';
import { z } from 'zod';
import type { FaqLibrary } from '../../services/faq/faq-library';
import type { InsightStore } from '../../services/insight';
import { FAQ_CATEGORIES } from '../../services/faq/faq-schema';
import type { BotContext } from '../context';
import type { FeatureDeps } from '../feature-deps';
import { withArgs } from '../callback-args';
import { featurePattern } from '../keyboards/callback-data';
import {
  faqAnswerKeyboard,
  renderFaqAnswerHtml,
  renderFaqCategory,
  renderFaqTopics,
  renderNoMatch,
  renderSearchResults,
} from '../render/faq-view';
import { acknowledge, MESSAGE_OPTIONS, showScreen } from '../respond';

/** The FAQ's buttons (built in render/faq-view): the topics, a page of one topic, one answer. */
const faqButtonArgs = z.union([
  z.tuple([z.literal('open')]),
  z.tuple([z.literal('c'), z.enum(FAQ_CATEGORIES), z.string().regex(/^\d{1,3}$/).transform(Number)]),
  z.tuple([z.literal('q'), z.string()]),
  // 👍 / 👎 under an answer; "my question is not answered here" under search results.
  z.tuple([z.literal('v'), z.string(), z.enum(['up', 'down'])]),
  z.tuple([z.literal('nh'), z.string().regex(/^[0-9a-f]{16}$/)]),
]);

/** A /command at the very start: commands are other features' business, not questions. */
function startsWithCommand(entities: readonly MessageEntity[] | undefined): boolean {
  const entity = entities?.[0];
  return entity?.type === 'bot_command' && entity.offset === 0;
}

/**
 * "Questions and answers" for users: topics → paged questions → answer (button `f:faq:open`, the
 * menu entry labelled `faq.menu-label`), and free-text search: any plain text (or caption of a photo
 * or file) that no dialogue or other feature took is a question, answered with the best matches or
 * a pointer to the hotlines. With `insight` (Redis), each question is counted, one the FAQ cannot
 * answer is kept for staff (anonymised, no id), and answers carry 👍 / 👎.
 */
export function faqFeature(deps: FeatureDeps, library: FaqLibrary, insight?: InsightStore): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.callbackQuery(featurePattern('faq'), withArgs(faqButtonArgs, async (ctx, [command, arg, third]) => {
    await library.ready();
    if (command === 'v' && insight) {
      const doc = library.get(arg);
      if (!library.isVisible(doc)) return acknowledge(ctx, ctx.t('faq.gone'));
      const up = third === 'up';
      const counted = await insight.vote('faq', doc.id, ctx.lang, up, ctx.from.id, deps.clock());
      if (counted) deps.metrics?.helpfulVotes.inc({ kind: 'faq', vote: up ? 'up' : 'down' });
      await acknowledge(ctx, ctx.t(counted ? 'insight.vote.thanks' : 'insight.vote.already'));
      // The row goes: the tap is visibly taken.
      await ctx.editMessageReplyMarkup({ reply_markup: faqAnswerKeyboard(ctx.t, library, doc) }).catch(() => undefined);
      return;
    }
    if (command === 'nh' && insight) {
      const kept = await insight.notHelped(arg, deps.clock());
      if (kept) deps.metrics?.faqQuestions.inc({ language: ctx.lang, result: 'not_helped' });
      await acknowledge(ctx);
      const screen = renderNoMatch(ctx.t);
      return showScreen(ctx, kept ? `${ctx.t('insight.not-helped.noted')}\n\n${screen.html}` : screen.html, screen.keyboard);
    }
    if (command === 'v' || command === 'nh') return acknowledge(ctx);
    if (command === 'open') {
      await acknowledge(ctx);
      const screen = renderFaqTopics(ctx.t, library);
      return showScreen(ctx, screen.html, screen.keyboard);
    }
    if (command === 'c') {
      await acknowledge(ctx);
      const screen = renderFaqCategory(ctx.t, ctx.lang, library, arg, third);
      return showScreen(ctx, screen.html, screen.keyboard);
    }
    // 'q': one answer, unless it was hidden or deleted since the button was sent.
    const doc = library.get(arg);
    if (!library.isVisible(doc)) {
      await acknowledge(ctx, ctx.t('faq.gone'));
      const screen = renderFaqTopics(ctx.t, library);
      return showScreen(ctx, `${ctx.t('faq.gone')}\n\n${screen.html}`, screen.keyboard);
    }
    await acknowledge(ctx);
    return showScreen(ctx, renderFaqAnswerHtml(ctx.t, ctx.lang, doc), faqAnswerKeyboard(ctx.t, library, doc, { votes: insight !== undefined }));
  }));

  const answerQuestion = async (ctx: BotContext, question: string, note?: string) => {
    await library.ready();
    const found = library.search(ctx.lang, question);
    // Counted (and, unanswered, kept without anything personal) in the background: no wait here.
    const notHelped = insight?.questionAsked(ctx.lang, question, found.length > 0, deps.clock());
    deps.metrics?.faqQuestions.inc({ language: ctx.lang, result: found.length > 0 ? 'answered' : 'unanswered' });
    const screen = found.length > 0 ? renderSearchResults(ctx.t, ctx.lang, found, notHelped) : renderNoMatch(ctx.t);
    await ctx.reply(note ? `${note}\n\n${screen.html}` : screen.html, { ...MESSAGE_OPTIONS, reply_markup: screen.keyboard });
  };

  feature.chatType('private').on('message:text', async (ctx, next) => {
    if (startsWithCommand(ctx.message.entities)) return next();
    await answerQuestion(ctx, ctx.message.text);
  });

  // The caption of a photo or file is often the question itself. The note says the picture was not
  // looked at, so nobody takes the answer for a check of the document they photographed.
  feature.chatType('private').on('message:caption', async (ctx, next) => {
    if (startsWithCommand(ctx.message.caption_entities)) return next();
    await answerQuestion(ctx, ctx.message.caption, ctx.t('fallback.caption-read'));
  });

  return feature;
}
