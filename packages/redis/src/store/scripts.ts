/**
 * The Lua scripts of `RedisTokenStore`. Each runs atomically in Redis, so a lease is taken, checked
 * or extended, and a fenced write is checked and made, in one step: never read-then-write from the
 * client. All keys of one credential share a hash tag (`{...}`), so they live in one cluster slot.
 *
 * Keys of a credential: `tokens` (a hash: `data` = the set as JSON, `fence` = the fence of the last
 * fenced write), `lease` (the owner id, with an expiry) and `fence` (the last fence granted).
 */

/** A Lua script and the SHA-1 Redis knows it by. */
export interface RedisScript {
  readonly source: string;
  readonly keyCount: number;
}

/**
 * KEYS: lease, fence, tokens. ARGV: owner, lease ms.
 * Returns `{1, fence}` when the lease was taken, else `{0, ms left on the holder's lease}`.
 * The new fence is above both the last granted and the last written one, so it keeps increasing
 * even if the `fence` key were lost.
 */
export const ACQUIRE: RedisScript = {
  keyCount: 3,
  source: `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  local granted = tonumber(redis.call('GET', KEYS[2]) or '0')
  local written = tonumber(redis.call('HGET', KEYS[3], 'fence') or '0')
  local fence = math.max(granted, written) + 1
  redis.call('SET', KEYS[2], fence)
  return {1, fence}
end
return {0, redis.call('PTTL', KEYS[1])}
`,
};

/** KEYS: lease. ARGV: owner, lease ms. Extends the lease if `owner` still holds it: `{1, 0}`, else `{0, 0}`. */
export const EXTEND: RedisScript = {
  keyCount: 1,
  source: `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return {redis.call('PEXPIRE', KEYS[1], ARGV[2]), 0}
end
return {0, 0}
`,
};

/** KEYS: lease. ARGV: owner. Deletes the lease if `owner` still holds it: `{1, 0}`, else `{0, 0}`. */
export const RELEASE: RedisScript = {
  keyCount: 1,
  source: `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return {redis.call('DEL', KEYS[1]), 0}
end
return {0, 0}
`,
};

/**
 * KEYS: tokens, fence. ARGV: the set as JSON (empty to delete), the writer's fence (empty: an
 * unfenced write). Returns `{1, newest fence}` when written, `{0, newest fence}` when refused
 * because a newer lease was granted (or a newer fence written) since the writer's lease.
 */
export const WRITE: RedisScript = {
  keyCount: 2,
  source: `
local newest = math.max(tonumber(redis.call('GET', KEYS[2]) or '0'), tonumber(redis.call('HGET', KEYS[1], 'fence') or '0'))
if ARGV[2] ~= '' then
  local fence = tonumber(ARGV[2])
  if fence < newest then
    return {0, newest}
  end
  redis.call('HSET', KEYS[1], 'fence', fence)
end
if ARGV[1] == '' then
  redis.call('HDEL', KEYS[1], 'data')
else
  redis.call('HSET', KEYS[1], 'data', ARGV[1])
end
return {1, newest}
`,
};
