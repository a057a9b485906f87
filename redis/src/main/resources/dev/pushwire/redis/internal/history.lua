-- Reads a channel's position and the first page of its history; creates the epoch of a stream not seen yet, and
-- keeps the meta of a channel someone reads (a subscribed node checks it periodically) from expiring.
-- KEYS[1] meta hash  KEYS[2] stream
-- ARGV[1] epoch for a new stream  ARGV[2] meta TTL ms  ARGV[3] first stream id to read  ARGV[4] COUNT (0: none)
-- Returns {epoch, top offset, entries} where entries is XRANGE's answer (absent with COUNT 0).
local epoch = redis.call('hget', KEYS[1], 'e')
if not epoch then
  epoch = ARGV[1]
  redis.call('hset', KEYS[1], 'e', epoch)
  redis.call('del', KEYS[2])
end
local top = tonumber(redis.call('hget', KEYS[1], 's') or '0')
local metaTtl = tonumber(ARGV[2])
if redis.call('pttl', KEYS[1]) < metaTtl then
  redis.call('pexpire', KEYS[1], metaTtl)
end
local count = tonumber(ARGV[4])
if count == 0 then
  return {epoch, top}
end
return {epoch, top, redis.call('xrange', KEYS[2], ARGV[3], '+', 'COUNT', count)}
