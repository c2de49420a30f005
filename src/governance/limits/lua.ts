// The Lua scripts that make limits shared between gateway replicas: each runs atomically in Redis, reads the
// clock there (TIME, so replicas' clocks do not matter), and returns numbers as strings (Redis would
// truncate Lua floats to integers). Keys of one API key share a hash tag, so they live in one cluster slot.
//
// Budget state per key and month: a hash {spent, reserved, r:<id> = usd of each held reservation} and a
// sorted set of reservation ids scored by lease expiry; expired reservations (a replica that died mid-request)
// are swept before every admission. Token buckets: a hash {tokens, at}.

const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function f(x) return string.format('%.17g', x) end`;

/** Refills bucket KEYS[k] of `rate`/min and returns its balance. */
const REFILL = `local function refill(key, rate)
  local b = redis.call('HMGET', key, 'tokens', 'at')
  local bal = tonumber(b[1]) or rate
  local at = tonumber(b[2]) or now
  return math.min(rate, bal + math.max(0, now - at) * rate / 60000)
end
local function store(key, bal)
  redis.call('HSET', key, 'tokens', f(bal), 'at', now)
  redis.call('PEXPIRE', key, 120000)
end`;

/** KEYS: rpm bucket. ARGV: rate. → {1} or {0, seconds to wait}. */
export const TAKE_REQUEST = `${NOW}
${REFILL}
local rate = tonumber(ARGV[1])
local bal = refill(KEYS[1], rate)
if bal < 1 then
  store(KEYS[1], bal)
  return {0, f((1 - bal) * 60 / rate)}
end
store(KEYS[1], bal - 1)
return {1}`;

/** Drops expired reservations of budget hash KEYS[1] / set KEYS[2]. */
const SWEEP = `local function sweep()
  local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
  for _, id in ipairs(expired) do
    local v = redis.call('HGET', KEYS[1], 'r:' .. id)
    if v then
      redis.call('HINCRBYFLOAT', KEYS[1], 'reserved', f(-tonumber(v)))
      redis.call('HDEL', KEYS[1], 'r:' .. id)
    end
  end
  if #expired > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now) end
  if redis.call('ZCARD', KEYS[2]) == 0 then redis.call('HSET', KEYS[1], 'reserved', '0') end
end`;

/**
 * KEYS: budget hash, reservation set, tpm bucket. ARGV: budget ('' = none), usd, reservation id, lease ms,
 * seed spent (used when the hash is new), tpm ('' = none), tokens, ttl ms.
 * → {1, spent, reserved} | {0, 'budget', spent, reserved} | {0, 'tpm', seconds to wait}.
 */
export const ADMIT = `${NOW}
${REFILL}
${SWEEP}
local tpm = tonumber(ARGV[6])
local tokens = tonumber(ARGV[7])
local bal = 0
if tpm then
  bal = refill(KEYS[3], tpm)
  local need = math.min(tokens, tpm)
  if bal < need then
    store(KEYS[3], bal)
    return {0, 'tpm', f((need - bal) * 60 / tpm)}
  end
end
local budget = tonumber(ARGV[1])
local spent, reserved = 0, 0
if budget then
  redis.call('HSETNX', KEYS[1], 'spent', ARGV[5])
  sweep()
  spent = tonumber(redis.call('HGET', KEYS[1], 'spent')) or 0
  reserved = tonumber(redis.call('HGET', KEYS[1], 'reserved')) or 0
  if spent + reserved + tonumber(ARGV[2]) > budget then
    return {0, 'budget', f(spent), f(reserved)}
  end
  redis.call('HINCRBYFLOAT', KEYS[1], 'reserved', ARGV[2])
  redis.call('HSET', KEYS[1], 'r:' .. ARGV[3], ARGV[2])
  redis.call('ZADD', KEYS[2], now + tonumber(ARGV[4]), ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[8])
  redis.call('PEXPIRE', KEYS[2], ARGV[8])
end
if tpm then store(KEYS[3], bal - tokens) end
return {1, f(spent), f(reserved)}`;

/**
 * KEYS: budget hash, reservation set, tpm bucket. ARGV: reservation id, actual usd, seed spent, tpm ('' = none),
 * tokens to give back (admitted − used; negative takes more), ttl ms, '1' when the key has a budget. → 1.
 */
export const SETTLE = `${NOW}
${REFILL}
if ARGV[7] == '1' then
  redis.call('HSETNX', KEYS[1], 'spent', ARGV[3])
  local v = redis.call('HGET', KEYS[1], 'r:' .. ARGV[1])
  if v then
    redis.call('HINCRBYFLOAT', KEYS[1], 'reserved', f(-tonumber(v)))
    redis.call('HDEL', KEYS[1], 'r:' .. ARGV[1])
    redis.call('ZREM', KEYS[2], ARGV[1])
    if redis.call('ZCARD', KEYS[2]) == 0 then redis.call('HSET', KEYS[1], 'reserved', '0') end
  end
  if tonumber(ARGV[2]) > 0 then redis.call('HINCRBYFLOAT', KEYS[1], 'spent', ARGV[2]) end
  redis.call('PEXPIRE', KEYS[1], ARGV[6])
end
local tpm = tonumber(ARGV[4])
local delta = tonumber(ARGV[5])
if tpm and delta ~= 0 then store(KEYS[3], math.min(tpm, refill(KEYS[3], tpm) + delta)) end
return 1`;

/**
 * KEYS: budget hash, reservation set. ARGV: lease ms, ttl ms, seed spent, then (reservation id, usd) pairs.
 * Extends the leases of reservations still in flight, restoring any Redis lost (a restart). → 1.
 */
export const RENEW = `${NOW}
redis.call('HSETNX', KEYS[1], 'spent', ARGV[3])
for i = 4, #ARGV, 2 do
  if redis.call('HSETNX', KEYS[1], 'r:' .. ARGV[i], ARGV[i + 1]) == 1 then
    redis.call('HINCRBYFLOAT', KEYS[1], 'reserved', ARGV[i + 1])
  end
  redis.call('ZADD', KEYS[2], now + tonumber(ARGV[1]), ARGV[i])
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return 1`;

/**
 * KEYS: budget hash. ARGV: spent floor (the key store's spend plus this replica's unflushed part), ttl ms.
 * Raises spent to the floor (after Redis lost state, or settlements made while it was unreachable). → spent.
 */
export const RECONCILE = `local cur = tonumber(redis.call('HGET', KEYS[1], 'spent'))
local floor = tonumber(ARGV[1])
if not cur or cur < floor then
  redis.call('HSET', KEYS[1], 'spent', ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return ARGV[1]
end
return string.format('%.17g', cur)`;
