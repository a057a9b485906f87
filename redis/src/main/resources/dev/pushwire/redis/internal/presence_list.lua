-- Lists a channel's live presence entries (expiry after now) and drops up to 1000 expired ones (their node stopped
-- refreshing them). KEYS[1] hash  KEYS[2] sorted set  ARGV[1] now (unix ms)
-- Returns the clients, as stored.
local expired = redis.call('zrangebyscore', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, 1000)
if #expired > 0 then
  redis.call('hdel', KEYS[1], unpack(expired))
  redis.call('zrem', KEYS[2], unpack(expired))
end
local live = redis.call('zrangebyscore', KEYS[2], '(' .. ARGV[1], '+inf')
local out = {}
for i = 1, #live, 1000 do
  local chunk = {}
  for j = i, math.min(i + 999, #live) do
    chunk[#chunk + 1] = live[j]
  end
  local values = redis.call('hmget', KEYS[1], unpack(chunk))
  for _, v in ipairs(values) do
    if v then
      out[#out + 1] = v
    end
  end
end
return out
