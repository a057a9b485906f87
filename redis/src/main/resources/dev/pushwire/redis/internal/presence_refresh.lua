-- Refreshes many presence entries of one channel in one call. KEYS[1] hash (field -> client)  KEYS[2] sorted set
-- (field -> expiry ms)  ARGV[1] expiry (unix ms)  ARGV[2] TTL ms of both keys  ARGV[3], ARGV[4], ...: field, client
-- pairs. Writes the client too, so an entry dropped as expired (e.g. while Redis was paused) comes back.
local n = 0
for i = 3, #ARGV, 2 do
  redis.call('hset', KEYS[1], ARGV[i], ARGV[i + 1])
  redis.call('zadd', KEYS[2], ARGV[1], ARGV[i])
  n = n + 1
end
redis.call('pexpire', KEYS[1], ARGV[2])
redis.call('pexpire', KEYS[2], ARGV[2])
return n
