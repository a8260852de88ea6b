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

describe('feature buttons', () => {
  it('round-trip with their arguments and are matched by feature', () => {
    const { featureCallback, featurePattern } = jest.requireActual<typeof import('../../src/bot/keyboards/callback-data')>('../../src/bot/keyboards/callback-data');
    const data = featureCallback('faq', 'q', 12, 'p-2');
    expect(data).toBe('f:faq:q:12:p-2');
    expect(decodeCallback(data)).toEqual({ kind: 'feature', feature: 'faq', args: ['q', '12', 'p-2'] });
    expect(featurePattern('faq').test(data)).toBe(true);
    expect(featurePattern('fa').test(data)).toBe(false);
    expect(decodeCallback('f:faq:../x')).toBeUndefined();
    expect(() => featureCallback('faq', 'a b')).toThrow();
  });
});
