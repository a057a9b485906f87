-- Adds or refreshes a presence entry. KEYS[1] hash (field -> client)  KEYS[2] sorted set (field -> expiry ms)
-- ARGV[1] field  ARGV[2] client  ARGV[3] expiry (unix ms)  ARGV[4] TTL ms of both keys
redis.call('hset', KEYS[1], ARGV[1], ARGV[2])
redis.call('zadd', KEYS[2], ARGV[3], ARGV[1])
redis.call('pexpire', KEYS[1], ARGV[4])
redis.call('pexpire', KEYS[2], ARGV[4])
return 1
