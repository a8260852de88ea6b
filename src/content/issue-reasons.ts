/**
 * Why a value broke a content rule, as a stable reason key with its values, so staff read the
 * reason in their own language (`staff.reason.<key>`) instead of zod's English message. The
 * schemas' own messages stay English for developers reading a failed start-up.
 */
import type { z } from 'zod';

/** A reason key (under `staff.reason.`) and the values its text needs. */
export interface IssueReason {
  reason: string;
  values: Record<string, string | number>;
}

// The custom messages of src/content/schema.ts and src/services/faq/faq-schema.ts, by reason.
// A test feeds every rule a bad value, so a new message without a reason here fails it.
const BY_MESSAGE: ReadonlyArray<[RegExp, string]> = [
  [/^must not be empty$/, 'empty'],
  [/^must be plain text/, 'markup'],
  [/^must be at most (\d+) characters$/, 'too-long'],
  [/^body and steps together are (\d+) characters; at most (\d+)$/, 'card-too-long'],
  [/^expected a date YYYY-MM-DD$/, 'date'],
  [/^expected a lower-case dotted id/, 'id'],
  [/^expected a short lower-case id/, 'id'],
  [/^expected a card id or "action:…"$/, 'goto'],
  [/^expected a phone number/, 'phone'],
  [/^expected a 3-digit short number/, 'phone'],
  [/^needs a question and answer in at least one language$/, 'need-language'],
  [/^needs a source in at least one language$/, 'need-source'],
  [/^a verified contact needs the date it was checked$/, 'verified-needs-date'],
  [/^a verified contact needs a phone or an address$/, 'verified-needs-phone'],
];

/** The reason of one zod issue; `other` when no rule explains it. */
export function reasonOfIssue(issue: z.core.$ZodIssue): IssueReason {
  for (const [pattern, reason] of BY_MESSAGE) {
    const match = pattern.exec(issue.message);
    if (!match) continue;
    if (reason === 'too-long') return { reason, values: { max: Number(match[1]) } };
    if (reason === 'card-too-long') return { reason, values: { length: Number(match[1]), max: Number(match[2]) } };
    return { reason, values: {} };
  }
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? { reason: 'required', values: {} } : { reason: 'wrong-type', values: {} };
    case 'too_small':
      return { reason: 'too-few', values: { min: Number(issue.minimum) } };
    case 'too_big':
      return issue.origin === 'string' ? { reason: 'too-long', values: { max: Number(issue.maximum) } } : { reason: 'too-many', values: { max: Number(issue.maximum) } };
    case 'invalid_value':
      return { reason: 'not-allowed', values: { allowed: issue.values.map(String).join(', ') } };
    case 'unrecognized_keys':
      return { reason: 'unknown-field', values: { keys: issue.keys.join(', ') } };
    case 'invalid_union':
      return { reason: 'wrong-shape', values: {} };
    case 'invalid_format':
      return { reason: 'bad-format', values: {} };
    default:
      return { reason: 'other', values: {} };
  }
}

/** The dotted path of an issue (`steps.2`), or `fallback` for the whole document. */
export function issueField(issue: z.core.$ZodIssue, fallback: string): string {
  return issue.path.map(String).join('.') || fallback;
}
