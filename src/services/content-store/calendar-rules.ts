/**
 * The rules a year's decree or patent deflator must pass before it is saved, from Telegram or from
 * the shipped data: dates of the decree's own year, moves the law allows (see `decreeProblems`),
 * a source, and one entry per year.
 */
import { z } from 'zod';
import { decreeProblems, FIRST_CALENDAR_YEAR, type CalendarDecree, type PatentDeflator } from '../deadlines';
import { MAX_SOURCE_LENGTH } from '../faq/faq-schema';
import type { ContentProblem } from './content-rules';

/** The latest year staff may enter (a typo guard, not a legal limit). */
export const LAST_CALENDAR_YEAR = 2100;

/** All decrees in one document: one history, and a rollback puts the whole calendar back. */
export interface DecreesDocument {
  decrees: CalendarDecree[];
}

/** All deflators in one document. */
export interface DeflatorsDocument {
  deflators: PatentDeflator[];
}

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const year = z.number().int().min(FIRST_CALENDAR_YEAR).max(LAST_CALENDAR_YEAR);
const source = z.string().trim().min(1).max(MAX_SOURCE_LENGTH);

/** One decree; the law's checks come as custom issues whose message is a {@link decreeProblems} code. */
export const calendarDecreeSchema = z
  .object({
    year,
    moves: z.array(z.object({ from: isoDay, to: isoDay })).max(20),
    extraDaysOff: z.array(isoDay).max(30),
    source,
    verifiedAt: isoDay,
  })
  .superRefine((decree, ctx) => {
    for (const problem of decreeProblems(decree)) {
      ctx.addIssue({ code: 'custom', message: problem.code, params: problem.date ? { date: problem.date } : {} });
    }
  });

/** One deflator. */
export const patentDeflatorSchema = z.object({
  year,
  value: z.number().positive().max(100),
  source,
  verifiedAt: isoDay,
});

const oneYearEach = <T extends { year: number }>(items: readonly T[], ctx: z.RefinementCtx) => {
  const seen = new Set<number>();
  for (const item of items) {
    if (seen.has(item.year)) ctx.addIssue({ code: 'custom', message: 'duplicate-year', params: { year: item.year } });
    seen.add(item.year);
  }
};

/** The decrees document. */
export const decreesDocumentSchema = z.object({ decrees: z.array(calendarDecreeSchema) }).superRefine((doc, ctx) => oneYearEach(doc.decrees, ctx));

/** The deflators document. */
export const deflatorsDocumentSchema = z.object({ deflators: z.array(patentDeflatorSchema) }).superRefine((doc, ctx) => oneYearEach(doc.deflators, ctx));

/** Problems (locale keys under `staff.problem.`) of a calendar document, empty when it can be saved. */
export function calendarProblems(schema: z.ZodType, data: unknown): ContentProblem[] {
  const parsed = schema.safeParse(data);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue): ContentProblem => {
    const params = (issue as { params?: Record<string, string | number> }).params ?? {};
    if (issue.code === 'custom') return { key: `calendar.${issue.message}`, values: { date: '', year: '', ...params } };
    return { key: 'calendar.invalid', values: { field: issue.path.join('.') } };
  });
}

/** The document with `entry` put in place of its year's entry (or added), sorted by year. */
export function withYear<T extends { year: number }>(entries: readonly T[], entry: T): T[] {
  return [...entries.filter((e) => e.year !== entry.year), entry].sort((a, b) => a.year - b.year);
}
