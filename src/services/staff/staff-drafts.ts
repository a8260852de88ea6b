import type { ImportPlan } from './content-transfer';

/** The dialogue flows staff can be in. */
export type FlowId = 'faq-add' | 'faq-edit' | 'card-edit' | 'contact-edit' | 'decree-edit' | 'deflator-edit';

/**
 * An unfinished edit, kept in Redis (not in the dialogue state, which the conversations plugin
 * replays on every update): field values typed so far and what the edit is based on.
 */
export interface StaffDraft {
  flow: FlowId;
  /** Field values: text, or null for "skipped / removed". */
  values: Record<string, string | null>;
  /** What is being edited: ids, language, the version the edit started from. */
  target: { id?: string; lang?: 'ru' | 'tg' | 'en'; baseVersion?: number; base?: unknown };
}

/** An import shown to staff and waiting for their confirmation. */
export interface PendingImport {
  token: string;
  plan: ImportPlan;
}
