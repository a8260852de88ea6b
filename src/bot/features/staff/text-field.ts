import { unverifiedPhones } from '../../../content/phone-numbers';
import { escapeHtml, type Translate } from '../../i18n';
import { commonButtons, type FieldButton, type FormField } from './form';
import type { StaffDraft } from './services';

/** How a typed value is checked: too long, blank, a phone number not in the registry. */
export interface TextRules {
  max: number;
  /** The locale key of the length problem (`staff.problem.too-long`, or the button / message variants). */
  tooLongKey?: string;
  /** Numbers allowed in the text; when given, other phone numbers are refused. */
  verifiedPhones?: () => ReadonlySet<string>;
  /** Markup (tags, Markdown) is refused: content cards are plain text by rule. */
  plainOnly?: boolean;
}

const MARKUP = /<\/?[a-z][^>]*>|\*\*|__|`|\[[^\]\n]*\]\([^)\n]*\)/i;

/** The problem with a typed value, as HTML, or undefined when it can be taken. */
export function textProblem(t: Translate, text: string, rules: TextRules): string | undefined {
  if (text.trim() === '') return t('staff.problem.empty');
  if (text.length > rules.max) return t(rules.tooLongKey ?? 'staff.problem.too-long', { max: rules.max, length: text.length });
  if (rules.plainOnly && MARKUP.test(text)) return t('staff.problem.markup');
  const phones = rules.verifiedPhones ? unverifiedPhones(text, rules.verifiedPhones()) : [];
  if (phones.length > 0) return t('staff.problem.unregistered-phone', { phone: phones[0] });
  return undefined;
}

/** Options of {@link textField}. */
export interface TextFieldOptions {
  key: string;
  /** The question: a locale key and its values. */
  prompt: (t: Translate, draft: StaffDraft) => string;
  rules: TextRules;
  /** Show the current value and offer "Keep" (the value is already in the draft). */
  keepable?: boolean;
  /** Offer "Skip" (the value becomes null); a function decides per draft (e.g. only when there is no value yet). */
  skippable?: boolean | ((draft: StaffDraft) => boolean);
  /** Offer "Remove" (the value becomes null) when there is a current value. */
  clearable?: (draft: StaffDraft) => boolean;
  /** Turns typed text into the stored value (e.g. trims lines). */
  normalize?: (text: string) => string;
  /**
   * Reads typed text that has a shape of its own (phone numbers, dates, a number) once it passed
   * `rules`: the value to store (null for "none"), or the problem to show. The Keep / Skip / Remove
   * buttons work as for any text field.
   */
  parse?: (text: string, draft: StaffDraft, t: Translate) => { value: string | null } | { problem: string };
  when?: (draft: StaffDraft) => boolean;
}

/** A field answered by typing text, with the usual Keep / Skip / Remove buttons. */
export function textField(options: TextFieldOptions): FormField {
  const current = (draft: StaffDraft) => draft.values[options.key] ?? null;
  const skippable = (draft: StaffDraft) => (typeof options.skippable === 'function' ? options.skippable(draft) : options.skippable === true);
  return {
    key: options.key,
    acceptsText: true,
    when: options.when,
    prompt: (t, draft) => {
      const value = current(draft);
      const shown = options.keepable && value !== null ? `\n\n${t('staff.form.current')}\n<blockquote>${escapeHtml(value)}</blockquote>` : '';
      return options.prompt(t, draft) + shown;
    },
    buttons: (t, draft) => {
      const buttons: FieldButton[] = [];
      if (options.keepable && current(draft) !== null) buttons.push(commonButtons.keep(t));
      if (skippable(draft)) buttons.push(commonButtons.skip(t));
      if (options.clearable?.(draft) && current(draft) !== null) buttons.push(commonButtons.clear(t));
      return buttons;
    },
    accept: (answer, draft, t) => {
      if (answer.kind === 'choice') {
        if (answer.choice === 'keep' && options.keepable && current(draft) !== null) return { value: current(draft) };
        if (answer.choice === 'skip' && skippable(draft)) return { value: null };
        if (answer.choice === 'clear' && options.clearable?.(draft)) return { value: null };
        return undefined;
      }
      const text = options.normalize ? options.normalize(answer.text) : answer.text.trim();
      const problem = textProblem(t, text, options.rules);
      if (problem) return { problem };
      return options.parse ? options.parse(text, draft, t) : { value: text };
    },
  };
}
