import { decodeCallback, encodeCallback, type CallbackAction } from '../../src/bot/keyboards/callback-data';

describe('callback data', () => {
  it.each<CallbackAction>([
    { kind: 'set-language', language: 'tg' },
    { kind: 'open-language-picker' },
    { kind: 'open-menu' },
    { kind: 'open-help' },
    { kind: 'open-card', cardId: 'rights.police.stop' },
    { kind: 'open-dialogue', dialogue: 'deadlines' },
    { kind: 'dialogue-choice', choice: 'm-2026-3' },
  ])('round-trips %p', (action) => {
    expect(decodeCallback(encodeCallback(action))).toEqual(action);
  });

  it.each([undefined, '', 'lang:de', 'lang:', 'card:../x', 'card:A B', 'menu:extra', 'x:y:z', 'dlg:' + 'a'.repeat(60), 'unknown'])(
    'refuses %p',
    (data) => {
      expect(decodeCallback(data)).toBeUndefined();
    },
  );

  it('never builds data longer than Telegram allows', () => {
    expect(() => encodeCallback({ kind: 'open-card', cardId: 'x'.repeat(70) })).toThrow(/too long/);
  });
});
