/**
 * The step runner of the staff dialogues (add an FAQ entry, edit one language, edit a card or a
 * contact). A flow is a list of fields, then a confirmation with a preview. Like the guided cards,
 * each field is its own short dialogue: the answer goes into a draft in Redis and the next field
 * opens as a fresh dialogue, so the replayed state stays one step long even for a 3000-character
 * answer in three languages. The staff role is checked again on every step and every answer.
 */
import { InlineKeyboard } from 'grammy';
import type { InlineKeyboardButton } from 'grammy/types';
import type { Language } from '../../../services/languages';
import type { BotContext, DialogueContext } from '../../context';
import type { I18n, Translate } from '../../i18n';
import { encodeCallback } from '../../keyboards/callback-data';
import { staffButton } from './buttons';
import { MESSAGE_OPTIONS, showScreen } from '../../respond';
import { awaitAnswer, type Dialogue } from '../../conversations/dialogue-step';
import type { FlowId, StaffDraft, StaffServices } from './services';

/** Id of the staff step dialogue. */
export const STAFF_STEP = 'staff-step';

/** Where a staff dialogue stands: the flow and the field to ask. Small on purpose; the draft is in Redis. */
export interface StaffStep {
  flow: FlowId;
  field: number;
}

/** An answer to a field. */
export type FieldAnswer = { kind: 'text'; text: string } | { kind: 'choice'; choice: string };

/** The value a field takes, a problem to show (HTML), or undefined for an answer it does not know. */
export type FieldResult = { value: string | null } | { problem: string } | undefined;

/** A button of a field besides Back and Cancel. */
export interface FieldButton {
  label: string;
  choice: string;
}

/** One question of a flow. */
export interface FormField {
  key: string;
  /** The question as HTML, showing the current value where there is one. */
  prompt(t: Translate, draft: StaffDraft): string;
  buttons(t: Translate, draft: StaffDraft): FieldButton[];
  acceptsText: boolean;
  accept(answer: FieldAnswer, draft: StaffDraft, t: Translate): FieldResult;
  /** Asked only when this holds (e.g. the answer only after a question). */
  when?(draft: StaffDraft): boolean;
}

/** What saving did, ready to show (plain JSON: it is returned from `conversation.external`). */
export interface CommitOutcome {
  html: string;
  rows: InlineKeyboardButton[][];
  /** The draft is finished (saved, or refused for good): it is deleted. */
  done: boolean;
  /** Ask this field again (the save found a problem there). */
  backToField?: number;
}

/** A staff dialogue. */
export interface FormFlow {
  fields: readonly FormField[];
  /** The summary shown before saving. */
  preview(t: Translate, draft: StaffDraft, lang: Language): string;
  /** Saves the draft; runs once, inside `conversation.external`. */
  commit(draft: StaffDraft, actor: number, lang: Language): Promise<CommitOutcome>;
}

const choiceData = (choice: string) => encodeCallback({ kind: 'dialogue-choice', choice });

/** Opens a flow from ordinary middleware: stores the draft and enters its first field. */
export async function startFlow(ctx: BotContext, services: StaffServices, draft: StaffDraft): Promise<void> {
  await services.drafts.write(String(ctx.from!.id), draft);
  await ctx.conversation.exitAll();
  await ctx.conversation.enter(STAFF_STEP, { flow: draft.flow, field: 0 } satisfies StaffStep);
}

function askable(flow: FormFlow, draft: StaffDraft, index: number, step: 1 | -1): number | undefined {
  for (let i = index; i >= 0 && i < flow.fields.length; i += step) {
    if (flow.fields[i]!.when?.(draft) ?? true) return i;
  }
  return step === 1 ? flow.fields.length : undefined;
}

/** Builds the staff step dialogue over the given flows. */
export function staffStepDialogue(flows: Readonly<Record<FlowId, FormFlow>>, services: StaffServices, i18n: I18n) {
  return async function staffStep(conversation: Dialogue, firstCtx: DialogueContext, step: StaffStep): Promise<void> {
    const checkRole = () => conversation.external(async (outer) => ({ staff: await outer.roles.isStaff(), id: outer.from?.id ?? 0 }));
    const me = await checkRole();
    if (!me.staff) return void (await firstCtx.reply(firstCtx.t('staff.refused'), MESSAGE_OPTIONS));
    const draft = await conversation.external(() => services.drafts.read(String(me.id)));
    const flow = flows[step.flow];
    if (!draft || draft.flow !== step.flow || !flow) {
      await firstCtx.reply(firstCtx.t('staff.form.expired'), { ...MESSAGE_OPTIONS, reply_markup: homeKeyboard(firstCtx.t) });
      return;
    }
    const index = askable(flow, draft, step.field, 1)!;
    const previous = askable(flow, draft, index - 1, -1);
    const field = flow.fields[index];
    let problem: string | undefined;

    const render = async (ctx: DialogueContext) => {
      const keyboard = new InlineKeyboard();
      const buttons = field ? field.buttons(ctx.t, draft) : [{ label: ctx.t('staff.button.save'), choice: 'save' }];
      for (const button of buttons) keyboard.text(button.label, choiceData(button.choice)).row();
      if (previous !== undefined) keyboard.text(ctx.t('staff.button.back'), choiceData('back'));
      keyboard.text(ctx.t('staff.button.cancel'), choiceData('cancel'));
      const body = field ? field.prompt(ctx.t, draft) : flow.preview(ctx.t, draft, ctx.lang);
      await showScreen(ctx, (problem ? `⚠️ ${problem}\n\n` : '') + body, keyboard);
    };
    const goTo = (next: number) => conversation.external((outer) => outer.continueDialogue(STAFF_STEP, { flow: step.flow, field: next } satisfies StaffStep));

    await render(firstCtx);
    for (;;) {
      const answer = await awaitAnswer(conversation, i18n, render, { acceptsText: field?.acceptsText ?? false });
      const t = answer.ctx.t;
      if (!(await checkRole()).staff) return void (await answer.ctx.reply(t('staff.refused'), MESSAGE_OPTIONS));
      if (answer.kind === 'choice' && answer.choice === 'cancel') {
        await conversation.external(() => services.drafts.delete(String(me.id)));
        await answer.ctx.reply(t('staff.form.cancelled'), { ...MESSAGE_OPTIONS, reply_markup: homeKeyboard(t) });
        return;
      }
      if (answer.kind === 'choice' && answer.choice === 'back' && previous !== undefined) return void (await goTo(previous));

      if (!field) {
        if (answer.kind !== 'choice' || answer.choice !== 'save') {
          problem = t('staff.form.use-buttons');
          await render(answer.ctx);
          continue;
        }
        const outcome = await conversation.external(async () => {
          // After a restart the dialogue may resume before anything else loaded the FAQ.
          await services.faq.ready();
          return flow.commit(draft, me.id, answer.ctx.lang);
        });
        if (outcome.done) await conversation.external(() => services.drafts.delete(String(me.id)));
        await answer.ctx.reply(outcome.html, { ...MESSAGE_OPTIONS, reply_markup: InlineKeyboard.from(outcome.rows) });
        if (outcome.backToField !== undefined) await goTo(outcome.backToField);
        return;
      }

      const result = field.accept(answer.kind === 'text' ? { kind: 'text', text: answer.text } : answer, draft, t);
      if (!result || 'problem' in result) {
        problem = result?.problem ?? t('staff.form.use-buttons');
        await render(answer.ctx);
        continue;
      }
      draft.values[field.key] = result.value;
      await conversation.external(() => services.drafts.write(String(me.id), draft));
      await goTo(index + 1);
      return;
    }
  };
}

/** A single "Staff menu" button. */
export function homeKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard().text(t('staff.button.home'), staffButton('menu'));
}

/** Rows of plain buttons for a {@link CommitOutcome}. */
export function rows(keyboard: InlineKeyboard): InlineKeyboardButton[][] {
  return keyboard.inline_keyboard.map((row) => row.map((button) => ({ ...button })));
}

/** The usual fields' buttons: keep the current value, skip, remove. */
export const commonButtons = {
  keep: (t: Translate): FieldButton => ({ label: t('staff.button.keep'), choice: 'keep' }),
  skip: (t: Translate): FieldButton => ({ label: t('staff.button.skip'), choice: 'skip' }),
  clear: (t: Translate): FieldButton => ({ label: t('staff.button.clear'), choice: 'clear' }),
};
