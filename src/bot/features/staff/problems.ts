/**
 * Content problems as staff read them, in the staff member's language: the rule broken, the field
 * by its name, and for imports where in the file it is. Never zod's English or a raw key.
 */
import type { ContentProblem } from '../../../services/content-store/content-rules';
import type { ImportProblem } from '../../../services/staff/content-transfer';
import { LANGUAGES } from '../../../services/languages';
import { escapeHtml, type Translate } from '../../i18n';

/** Field names staff see under their own words (`staff.field.<name>`); other segments are shown as written. */
const NAMED_FIELDS = new Set([
  'title', 'body', 'steps', 'buttons', 'label', 'goto', 'contacts', 'source', 'verifiedAt', 'phones', 'address',
  'name', 'note', 'question', 'answer', 'category', 'texts', 'cards', 'faq', 'record', 'status', 'id', 'topic',
]);

/** `steps.2` → "Steps › 3"; language codes become language names. */
export function fieldLabel(t: Translate, path: string): string {
  return path
    .split('.')
    .filter((segment) => segment !== 'data')
    .map((segment) => {
      if (/^\d+$/.test(segment)) return String(Number(segment) + 1);
      if ((LANGUAGES as readonly string[]).includes(segment)) return t(`faq.language-name.${segment}`);
      return NAMED_FIELDS.has(segment) ? t(`staff.field.${segment}`) : escapeHtml(segment);
    })
    .join(' › ');
}

/** One problem of the content rules, as HTML in the staff member's language. */
export function describeProblem(t: Translate, problem: ContentProblem): string {
  const values: Record<string, string | number> = { ...problem.values };
  if (problem.key === 'invalid') {
    const { field, reason, ...rest } = values;
    // Both parts are already HTML: the field label escapes what it copies, the reason is a locale text.
    return t('staff.problem.invalid', {
      field: fieldLabel(t, String(field ?? '')),
      reason: t(`staff.reason.${String(reason)}`, rest),
      interpolation: { escapeValue: false },
    });
  }
  if (typeof values.language === 'string' && (LANGUAGES as readonly string[]).includes(values.language)) {
    values.language = t(`faq.language-name.${values.language}`);
  }
  return t(`staff.problem.${problem.key}`, values);
}

/** One import problem: where in the file (a document, a language), then what is wrong. */
export function describeImportProblem(t: Translate, problem: ImportProblem): string {
  const what = describeProblem(t, problem.problem);
  if (!problem.where) return what;
  const { kind, id, language } = problem.where;
  const where = [kind ? t(`staff.kind.${kind}`) : '', id ? `«${escapeHtml(id)}»` : '', language ? `(${t(`faq.language-name.${language}`)})` : '']
    .filter(Boolean)
    .join(' ');
  return `${where}: ${what}`;
}
