import { z } from 'zod';
import { reasonOfIssue } from '../../src/content/issue-reasons';
import { cardSchema, contactRecordSchema } from '../../src/content/schema';
import { faqEntrySchema } from '../../src/services/faq/faq-schema';
import { readLocaleFiles } from '../../src/bot/i18n';
import { LANGUAGES } from '../../src/services/languages';

const card = { id: 'sos', topic: 'sos', title: 'SOS', body: 'Text', source: 'КоАП РФ', verifiedAt: null };
const entry = { category: 'work', position: 1, hidden: false, texts: { ru: { question: 'Q?', answer: 'A.' } }, source: { ru: 'НК РФ' }, verifiedAt: null };
const contact = { id: 'x', kind: 'ngo', phones: [], status: 'verified', source: 'S', verifiedAt: null };

/** The reasons of every issue zod finds in `value`. */
function reasons(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => reasonOfIssue(issue).reason);
}

describe('why a value broke a content rule, as a reason staff read in their language', () => {
  it('given each rule of the schemas broken, then each has its own reason, never "other"', () => {
    expect(reasons(cardSchema, { ...card, title: ' ' })).toEqual(['empty']);
    expect(reasons(cardSchema, { ...card, body: '<b>x</b>' })).toEqual(['markup']);
    expect(reasons(cardSchema, { ...card, title: 'x'.repeat(121) })).toEqual(['too-long']);
    expect(reasons(cardSchema, { ...card, body: 'x'.repeat(3001) })).toEqual(['card-too-long']);
    expect(reasons(cardSchema, { ...card, verifiedAt: '2026-02-30' })).toEqual(['date']);
    expect(reasons(cardSchema, { ...card, id: 'Bad Id' })).toEqual(['id']);
    expect(reasons(cardSchema, { ...card, buttons: [{ label: 'L', goto: 'action:Bad!' }] })).toEqual(['goto']);
    expect(reasons(cardSchema, { ...card, topic: 'weather' })).toEqual(['not-allowed']);
    expect(reasons(cardSchema, { ...card, extra: 1 })).toEqual(['unknown-field']);
    expect(reasons(cardSchema, { ...card, title: undefined })).toEqual(['required']);
    expect(reasons(cardSchema, { ...card, steps: [] })).toEqual(['too-few']);
    expect(reasons(contactRecordSchema, { ...contact, phones: ['12'] })).toEqual(['phone', 'verified-needs-date']);
    expect(reasons(contactRecordSchema, { ...contact, verifiedAt: '2026-11-24' })).toEqual(['verified-needs-phone']);
    expect(reasons(faqEntrySchema, { ...entry, texts: {} })).toEqual(['need-language']);
    expect(reasons(faqEntrySchema, { ...entry, source: 5 })).toEqual(['wrong-shape']);
  });

  it('given the values a reason needs, then they come with it', () => {
    const issue = cardSchema.safeParse({ ...card, title: 'x'.repeat(121) }).error!.issues[0]!;
    expect(reasonOfIssue(issue)).toEqual({ reason: 'too-long', values: { max: 120 } });
  });

  it('every reason has a text in ru, tg and en', () => {
    const locales = readLocaleFiles();
    const all = ['empty', 'markup', 'too-long', 'card-too-long', 'date', 'id', 'goto', 'phone', 'need-language', 'need-source', 'verified-needs-date', 'verified-needs-phone', 'required', 'wrong-type', 'too-few', 'too-many', 'not-allowed', 'unknown-field', 'wrong-shape', 'bad-format', 'other'];
    for (const language of LANGUAGES) {
      const reasonTexts = (locales[language].staff as { reason: Record<string, string> }).reason;
      expect(Object.keys(reasonTexts).sort()).toEqual([...all].sort());
    }
  });
});
