import { isLanguage, type Language } from '../../services/languages';

/**
 * Every button the bot sends carries one of these actions. They are built and parsed here only;
 * anything that does not parse (an old button from a past version, forged data) is "stale".
 */
export type CallbackAction =
  | { kind: 'set-language'; language: Language }
  | { kind: 'open-language-picker' }
  | { kind: 'open-menu' }
  | { kind: 'open-help' }
  | { kind: 'open-card'; cardId: string }
  | { kind: 'open-dialogue'; dialogue: string }
  | { kind: 'dialogue-choice'; choice: string }
  /** A feature's own button: `f:<feature>:<arg>...`; the feature validates its arguments itself. */
  | { kind: 'feature'; feature: string; args: string[] };

/** Telegram rejects callback data over 64 bytes. */
const MAX_CALLBACK_BYTES = 64;
const TOKEN = /^[a-z0-9][a-z0-9._-]{0,50}$/;

/** Serialises an action into callback data. */
export function encodeCallback(action: CallbackAction): string {
  const data = (() => {
    switch (action.kind) {
      case 'set-language': return `lang:${action.language}`;
      case 'open-language-picker': return 'langs';
      case 'open-menu': return 'menu';
      case 'open-help': return 'help';
      case 'open-card': return `card:${action.cardId}`;
      case 'open-dialogue': return `dlg:${action.dialogue}`;
      case 'dialogue-choice': return `ch:${action.choice}`;
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

/** Parses callback data; `undefined` for anything the bot did not build. */
export function decodeCallback(data: string | undefined): CallbackAction | undefined {
  if (!data) return undefined;
  if (data.startsWith('f:')) {
    const [, feature, ...args] = data.split(':');
    if (!feature || ![feature, ...args].every((part) => TOKEN.test(part))) return undefined;
    return { kind: 'feature', feature, args };
  }
  const [head, arg, ...rest] = data.split(':');
  if (rest.length > 0) return undefined;
  if (arg === undefined) {
    if (head === 'langs') return { kind: 'open-language-picker' };
    if (head === 'menu') return { kind: 'open-menu' };
    if (head === 'help') return { kind: 'open-help' };
    return undefined;
  }
  if (head === 'lang') return isLanguage(arg) ? { kind: 'set-language', language: arg } : undefined;
  if (!TOKEN.test(arg)) return undefined;
  if (head === 'card') return { kind: 'open-card', cardId: arg };
  if (head === 'dlg') return { kind: 'open-dialogue', dialogue: arg };
  if (head === 'ch') return { kind: 'dialogue-choice', choice: arg };
  return undefined;
}

/** Matches callback data of one kind, for `bot.callbackQuery(...)` style routing. */
export function callbackPattern(kind: CallbackAction['kind']): RegExp {
  const patterns: Record<CallbackAction['kind'], RegExp> = {
    'set-language': /^lang:/,
    'open-language-picker': /^langs$/,
    'open-menu': /^menu$/,
    'open-help': /^help$/,
    'open-card': /^card:/,
    'open-dialogue': /^dlg:/,
    'dialogue-choice': /^ch:/,
    feature: /^f:/,
  };
  return patterns[kind];
}

/** Matches the buttons of one feature (`f:<feature>:...`). */
export function featurePattern(feature: string): RegExp {
  return new RegExp(`^f:${feature.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(:|$)`);
}

/** Builds a feature's button data. */
export function featureCallback(feature: string, ...args: Array<string | number>): string {
  return encodeCallback({ kind: 'feature', feature, args: args.map(String) });
}
