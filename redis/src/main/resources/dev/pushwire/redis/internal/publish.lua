-- Publishes one publication atomically: offset, history, TTLs, idempotency and fan-out.
-- KEYS[1] meta hash (e = epoch, s = top offset)  KEYS[2] stream  KEYS[3] idempotency key (unused when ARGV[8] = '')
-- ARGV[1] body  ARGV[2] history size  ARGV[3] history TTL ms  ARGV[4] meta TTL ms  ARGV[5] epoch for a new stream
-- ARGV[6] pub/sub channel  ARGV[7] entry expiry (unix ms)  ARGV[8] idempotency TTL ms, or '' without a key
-- Returns {offset, epoch, 1 if this call published, 0 if the idempotency key answered an earlier one}.
if ARGV[8] ~= '' then
  local seen = redis.call('get', KEYS[3])
  if seen then
    local sep = string.find(seen, ':', 1, true)
    return {tonumber(string.sub(seen, sep + 1)), string.sub(seen, 1, sep - 1), 0}
  end
end
local epoch = redis.call('hget', KEYS[1], 'e')
if not epoch then
  -- a new stream (or one whose meta was lost): a new epoch, and no entry of an older life may stay
  epoch = ARGV[5]
  redis.call('hset', KEYS[1], 'e', epoch)
  redis.call('del', KEYS[2])
end
local top = redis.call('hincrby', KEYS[1], 's', 1)
local historyTtl = tonumber(ARGV[3])
local metaTtl = tonumber(ARGV[4])
if metaTtl < historyTtl then
  metaTtl = historyTtl
end
redis.call('pexpire', KEYS[1], metaTtl)
local size = tonumber(ARGV[2])
if size > 0 then
  redis.call('xadd', KEYS[2], 'MAXLEN', size, top .. '-0', 'b', ARGV[1], 'x', ARGV[7])
  redis.call('pexpire', KEYS[2], historyTtl)
else
  redis.call('del', KEYS[2])
end
redis.call('publish', ARGV[6], 'p' .. top .. ':' .. epoch .. ':' .. ARGV[1])
if ARGV[8] ~= '' then
  redis.call('set', KEYS[3], epoch .. ':' .. top, 'PX', ARGV[8])
end
return {top, epoch, 1}
