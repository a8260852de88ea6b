import type { Language } from '../../services/languages';

/**
 * Every button the bot sends carries one of these actions. They are built here only; each handler
 * reads its button's arguments with a zod schema of its own (`withArgs`), and anything that does not
 * parse (an old button from a past version, forged data) is "stale".
 */
export type CallbackAction =
  | { kind: 'set-language'; language: Language }
  | { kind: 'open-language-picker' }
  | { kind: 'open-menu' }
  | { kind: 'open-help' }
  | { kind: 'open-card'; cardId: string }
  | { kind: 'open-dialogue'; dialogue: string }
  | { kind: 'dialogue-choice'; choice: string }
  /** A feature's own button: `f:<feature>:<arg>...`; the feature reads its arguments itself. */
  | { kind: 'feature'; feature: string; args: string[] };

/** Telegram rejects callback data over 64 bytes. */
const MAX_CALLBACK_BYTES = 64;
const TOKEN = /^[a-z0-9][a-z0-9._-]{0,50}$/;

/** The head each action's data starts with: the routing table of core buttons. */
const HEADS: Record<Exclude<CallbackAction['kind'], 'feature'>, string> = {
  'set-language': 'lang',
  'open-language-picker': 'langs',
  'open-menu': 'menu',
  'open-help': 'help',
  'open-card': 'card',
  'open-dialogue': 'dlg',
  'dialogue-choice': 'ch',
};

/** Serialises an action into callback data. */
export function encodeCallback(action: CallbackAction): string {
  const data = (() => {
    switch (action.kind) {
      case 'set-language': return `${HEADS[action.kind]}:${action.language}`;
      case 'open-language-picker':
      case 'open-menu':
      case 'open-help': return HEADS[action.kind];
      case 'open-card': return `${HEADS[action.kind]}:${action.cardId}`;
      case 'open-dialogue': return `${HEADS[action.kind]}:${action.dialogue}`;
      case 'dialogue-choice': return `${HEADS[action.kind]}:${action.choice}`;
      case 'feature': {
        for (const part of [action.feature, ...action.args]) {
          if (!TOKEN.test(part)) throw new Error(`callback token "${part}" is not allowed`);
        }
        return ['f', action.feature, ...action.args].join(':');
      }
    }
  })();
  if (Buffer.byteLength(data) > MAX_CALLBACK_BYTES) throw new Error(`callback data too long: ${data.length} bytes`);
  return data;
}

/** The pressed button's action and its raw arguments, before a handler reads them with its own schema. */
export interface SplitCallback {
  /** `lang`, `card`, `menu` ... or `f:<feature>` for a feature's button. */
  head: string;
  args: string[];
}

/**
 * Splits callback data into its action and arguments; `undefined` for data the bot cannot have
 * built (characters or lengths it never sends). The arguments are read by each handler with zod
 * (`withArgs` in `bot/callback-args.ts`): this is the only place callback data is taken apart.
 */
export function splitCallback(data: string | undefined): SplitCallback | undefined {
  if (!data || Buffer.byteLength(data) > MAX_CALLBACK_BYTES) return undefined;
  const parts = data.split(':');
  const feature = parts[0] === 'f';
  const tokens = feature ? parts.slice(1) : parts;
  if (tokens.length === 0 || !tokens.every((part) => TOKEN.test(part))) return undefined;
  const [head, ...args] = tokens as [string, ...string[]];
  return { head: feature ? `f:${head}` : head, args };
}

/** The head of one core action's data (what {@link splitCallback} returns for it). */
export function callbackHead(kind: Exclude<CallbackAction['kind'], 'feature'>): string {
  return HEADS[kind];
}

/** Matches callback data of one action, arguments or not, for `bot.callbackQuery(...)` routing. */
export function callbackPattern(kind: Exclude<CallbackAction['kind'], 'feature'>): RegExp {
  return new RegExp(`^${HEADS[kind]}(:|$)`);
}

/** Matches the buttons of one feature (`f:<feature>:...`). */
export function featurePattern(feature: string): RegExp {
  return new RegExp(`^f:${feature.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(:|$)`);
}

/** Builds a feature's button data. */
export function featureCallback(feature: string, ...args: Array<string | number>): string {
  return encodeCallback({ kind: 'feature', feature, args: args.map(String) });
}
