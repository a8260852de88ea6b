import type { ConversationFlavor } from '@grammyjs/conversations';
import type { Context, SessionFlavor } from 'grammy';
import type { Language } from '../services/languages';
import type { SessionData } from '../storage/session-data';
import type { Translate } from './i18n';

/** Translation bound to the language of the current update. */
export interface I18nFlavor {
  /** Translates a key into the user's language. */
  t: Translate;
  /** The language this update is answered in (picked, or guessed from Telegram until picked). */
  lang: Language;
}

/** Roles of the sender, asked on every update (never cached in the session). */
export interface RolesFlavor {
  roles: {
    isAdmin: boolean;
    /**
     * Asked only where it matters (staff commands, buttons, the staff group), once per update: staff
     * added at run time live in Redis, and most updates come from people who never need the answer.
     */
    isStaff(): Promise<boolean>;
  };
}

/**
 * How a dialogue built from one-step conversations goes on: each step is its own short dialogue (the
 * replayed state stays one step long), and a step that is done asks for the next one here, from
 * `conversation.external`. Installed by the `dialogueContinuation` middleware.
 */
export interface DialogueContinuationFlavor {
  /**
   * Opens dialogue `dialogue` with `arg` once this update is handled (a later call in the same
   * update replaces an earlier one).
   */
  continueDialogue(dialogue: string, arg: unknown): void;
}

/** The context of ordinary middleware. */
export type BotContext = ConversationFlavor<Context & SessionFlavor<SessionData> & I18nFlavor & RolesFlavor & DialogueContinuationFlavor>;

/** The context inside a guided dialogue: a fresh object per update, with translation installed by a plugin. */
export type DialogueContext = Context & I18nFlavor;
