import { MemoryJsonStore } from '../../src/storage/json-store';
import { LanguageMemory, rememberingLanguages } from '../../src/storage/language-memory';

describe('the in-memory languages kept for Redis outages', () => {
  it('keeps at most its capacity, dropping the person not seen for longest', () => {
    const memory = new LanguageMemory(3);
    memory.set(1, 'tg');
    memory.set(2, 'ru');
    memory.set(3, 'en');
    expect(memory.get(1)).toBe('tg'); // 1 is now the most recent
    memory.set(4, 'tg');
    expect(memory.size).toBe(3);
    expect(memory.get(2)).toBeUndefined();
    expect([memory.get(1), memory.get(3), memory.get(4)]).toEqual(['tg', 'en', 'tg']);
  });

  it('follows the session store: filled on read and write, forgotten on delete and when a session has no language', async () => {
    const memory = new LanguageMemory();
    const sessions = rememberingLanguages(new MemoryJsonStore(60), memory);
    await sessions.write('7', { language: 'tg', handoffCase: 12 });
    expect(memory.get(7)).toBe('tg');
    await sessions.delete('7');
    expect(memory.get(7)).toBeUndefined();

    await sessions.write('8', { language: 'ru' });
    memory.delete(8);
    await sessions.read('8');
    expect(memory.get('8')).toBe('ru');
    await sessions.write('8', {});
    expect(memory.get(8)).toBeUndefined();
  });
});
