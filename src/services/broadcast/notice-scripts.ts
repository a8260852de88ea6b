import { RedisScript } from '../../storage/redis-script';

// The atomic steps of the notice store (see notice-store.ts for the keys they work on).

/** Creates a notice: next id, its hash, scheduled and history entries. */
export const CREATE = new RedisScript(`
local id = redis.call('INCR', KEYS[1])
local key = ARGV[1] .. id
for i = 4, #ARGV, 2 do redis.call('HSET', key, ARGV[i], ARGV[i + 1]) end
redis.call('ZADD', KEYS[2], ARGV[2], id)
redis.call('ZADD', KEYS[3], ARGV[3], id)
return id`);

/** Swaps the frozen recipient list in and starts the notice, if it is still scheduled. */
export const FREEZE = new RedisScript(`
if redis.call('HGET', KEYS[1], 'status') ~= 'scheduled' then redis.call('DEL', KEYS[2]) return 0 end
if tonumber(ARGV[3]) > 0 then redis.call('RENAME', KEYS[2], KEYS[3]) end
redis.call('HSET', KEYS[1], 'status', 'running', 'startedAt', ARGV[2], 'total', ARGV[3], 'cursor', 0)
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('SADD', KEYS[5], ARGV[1])
return 1`);

/** From one status to another, only if the notice is in `from` (comma-separated). */
export const TRANSITION = new RedisScript(`
local s = redis.call('HGET', KEYS[1], 'status')
if not s then return '' end
for from in string.gmatch(ARGV[1], '[^,]+') do
  if s == from then
    redis.call('HSET', KEYS[1], 'status', ARGV[2])
    for i = 4, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
    if s == 'scheduled' then redis.call('ZREM', KEYS[2], ARGV[3]) end
    return 'changed'
  end
end
return s`);

/** Moves the feeding cursor, unless another process moved it first. */
export const ADVANCE = new RedisScript(`
if tonumber(redis.call('HGET', KEYS[1], 'cursor') or '-1') ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'cursor', ARGV[2])
return 1`);

/** Before a send: running, not settled, no 429 pause? Then one more send in flight. */
export const BEGIN = new RedisScript(`
local s = redis.call('HGET', KEYS[1], 'status')
if s ~= 'running' and s ~= 'paused' then return {'stop', 0} end
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then return {'stop', 0} end
if s == 'paused' then return {'paused', 0} end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local pausedUntil = tonumber(redis.call('HGET', KEYS[3], 'pausedUntil') or '0')
if pausedUntil > now then return {'wait', pausedUntil - now} end
redis.call('HINCRBY', KEYS[1], 'inflight', 1)
return {'go', 0}`);

/** Records one recipient's outcome, once. */
export const SETTLE = new RedisScript(`
if ARGV[4] == '1' then redis.call('HINCRBY', KEYS[1], 'inflight', -1) end
if not redis.call('HGET', KEYS[1], 'status') then return 0 end
if redis.call('SADD', KEYS[2], ARGV[1]) == 0 then return 0 end
redis.call('HINCRBY', KEYS[1], ARGV[2], 1)
if ARGV[3] ~= '' then redis.call('HINCRBY', KEYS[3], ARGV[3], 1) end
return 1`);

/** Marks a notice finished when everyone is settled, or a cancelled one has drained. */
export const FINALIZE = new RedisScript(`
local f = redis.call('HMGET', KEYS[1], 'status', 'finishedAt', 'total', 'sent', 'failed', 'blocked', 'skipped', 'inflight', 'cancelledAt')
if not f[1] then return 'other' end
if f[2] then return 'finished' end
if f[1] == 'running' then
  local settled = (tonumber(f[4]) or 0) + (tonumber(f[5]) or 0) + (tonumber(f[6]) or 0) + (tonumber(f[7]) or 0)
  if settled < (tonumber(f[3]) or 0) then return 'running' end
  redis.call('HSET', KEYS[1], 'status', 'done', 'finishedAt', ARGV[1])
  return 'finished'
end
if f[1] == 'cancelled' then
  if (tonumber(f[8]) or 0) > 0 and tonumber(ARGV[1]) - (tonumber(f[9]) or 0) < tonumber(ARGV[2]) then return 'draining' end
  redis.call('HSET', KEYS[1], 'finishedAt', ARGV[1])
  return 'finished'
end
return 'other'`);
