import { redisKeys } from '../../src/storage/redis-keys';

// The strings below are what the bot writes. Data already in Redis lives under them: a change here
// strands it (and /forget would stop erasing what it misses) unless storage/key-migration.ts moves
// it, as it does for the kinds that gained a Redis Cluster hash tag (`{…}`).
describe('the Redis keys of every kind of data', () => {
  it('given the production prefix "mhb:", every key and prefix is byte-for-byte what is stored today', () => {
    const keys = redisKeys('mhb:');
    expect({ ...keys, chatLock: keys.chatLock(-100123) }).toEqual({
      sessions: 'mhb:sess:v1:',
      cardWalks: 'mhb:walk:v1:',
      dialogues: 'mhb:conv:v1:',
      rateLimit: 'mhb:rl:',
      chatLock: 'mhb:lock:chat:-100123',
      subscriberIds: 'mhb:{subs:v1}:ids',
      subscribers: 'mhb:{subs:v1}:u:',
      subscriberSegments: 'mhb:{subs:v1}:seg:',
      content: {
        cards: 'mhb:{content:v1:cards}:',
        contacts: 'mhb:{content:v1:contacts}:',
        decrees: 'mhb:{content:v1:decrees}:',
        deflators: 'mhb:{content:v1:deflators}:',
      },
      faq: 'mhb:{faq:v1}:',
      staffMembers: 'mhb:staff:v1:members',
      staffDrafts: 'mhb:staff:v1:draft:',
      staffImports: 'mhb:staff:v1:import:',
      handoff: 'mhb:{handoff:v1}:',
      notices: 'mhb:{bcast:v1}:',
      broadcastDrafts: 'mhb:bcast:v1:draft:',
      deliveryQueue: 'mhb:{bcast:q}',
      reminders: 'mhb:remind:v1:u:',
      insight: 'mhb:{insight:v1}:',
      simulator: 'mhb:sim:',
    });
  });

  it('given an empty prefix, keys start with their kind', () => {
    const keys = redisKeys('');
    expect([keys.sessions, keys.chatLock(5), keys.staffDrafts, keys.simulator]).toEqual(['sess:v1:', 'lock:chat:5', 'staff:v1:draft:', 'sim:']);
  });

  it('given the simulator under "mhb:", its data sits apart from the real bot but under the same rules', () => {
    const keys = redisKeys(redisKeys('mhb:').simulator);
    expect([keys.sessions, keys.faq]).toEqual(['mhb:sim:sess:v1:', 'mhb:sim:{faq:v1}:']);
  });
});
