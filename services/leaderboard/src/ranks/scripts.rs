//! The Lua scripts that keep the Redis ranks; each runs atomically in one round trip.
//!
//! Per board and period occurrence there are: the sorted set `z` (score, member = rank key),
//! the hash `m` (user id -> member of the user's best entry), the flag `ok` (set once a rebuild
//! from PostgreSQL finished: without it the set is not trusted), and while a rebuild runs, the
//! lock `lock` and the sets `tz`/`tm` it builds before renaming them over `z`/`m`.

/// Merges one entry into a set and map. `best` boards keep only each user's best member;
/// `all` boards keep every member and remember the best in the map. Shared by the scripts.
///
/// The map's values are `"{score} {member}"`, so comparing with the user's best costs no
/// `ZSCORE` (each `redis.call` costs about as much as a cheap command). A bare member, as
/// written before this format, is still understood. The score is passed as its decimal text
/// too: Lua would print a large number in exponent form.
const MERGE: &str = r#"
local function best_of(z, v)
  local sp = string.find(v, ' ', 1, true)
  if sp then return tonumber(string.sub(v, 1, sp - 1)), string.sub(v, sp + 1) end
  local s = redis.call('ZSCORE', z, v)
  return s and tonumber(s), v
end
local function merge(z, m, mode, member, score, score_text, user)
  local old = redis.call('HGET', m, user)
  local improved = true
  local old_member
  if old then
    local old_score
    old_score, old_member = best_of(z, old)
    improved = old_member ~= member and ((not old_score) or score > old_score
      or (score == old_score and member > old_member))
  end
  if improved then
    if old and mode == 'best' then redis.call('ZREM', z, old_member) end
    redis.call('HSET', m, user, score_text .. ' ' .. member)
  end
  local added = improved or mode == 'all'
  if added then redis.call('ZADD', z, score, member) end
  -- Whether the member is now in the set: added, or recorded before (a retried record).
  return not old, added or old_member == member
end
"#;

/// Records new scores of one board on every period, in order.
/// KEYS: per period `z, m, ok, tz, tm, lock` (6 each). ARGV: mode, then one TTL in seconds per
/// period (`0` = never expires), then per entry: member, score, user.
/// Returns per entry, per period: `ok` (1 when the set is trusted), the entry's 0-based
/// position (the position it would take, for a score that is not a best on a `best` board)
/// and whether the entry is on the board (1) or was not a best (0).
///
/// The TTL is set only where it may be missing: on sets not trusted yet, and with a user's
/// first entry of the period (which is how a set that a rebuild found empty gets created).
/// A trusted set otherwise has it from the rebuild: every `redis.call` saved is a few
/// microseconds of the one Redis thread per submission.
pub fn record() -> String {
    format!(
        "{MERGE}{}",
        r#"
local mode = ARGV[1]
local periods = #KEYS / 6
local flags = {}
for p = 0, periods - 1 do
  flags[p] = redis.call('MGET', KEYS[p*6+3], KEYS[p*6+6])
end
local out = {}
for e = 2 + periods, #ARGV, 3 do
  local member, score_text, user = ARGV[e], ARGV[e + 1], ARGV[e + 2]
  local score = tonumber(score_text)
  for p = 0, periods - 1 do
    local z, m, tz, tm = KEYS[p*6+1], KEYS[p*6+2], KEYS[p*6+4], KEYS[p*6+5]
    local first, in_set = merge(z, m, mode, member, score, score_text, user)
    -- A rebuild in progress may have read PostgreSQL before this score committed: tell it too.
    if flags[p][2] then merge(tz, tm, mode, member, score, score_text, user) end
    local ttl = tonumber(ARGV[2 + p])
    if ttl > 0 and (first or not flags[p][1]) then
      redis.call('EXPIRE', z, ttl)
      redis.call('EXPIRE', m, ttl)
    end
    -- An entry that is not in the set (not a best on a `best` board) needs no ZREVRANK.
    local rank = in_set and redis.call('ZREVRANK', z, member) or nil
    local present = 1
    if not rank then
      rank = redis.call('ZCOUNT', z, score, '+inf')
      present = 0
    end
    out[#out + 1] = flags[p][1] and 1 or 0
    out[#out + 1] = rank
    out[#out + 1] = present
  end
end
return out
"#
    )
}

/// Starts a rebuild if none runs. KEYS: lock, tz, tm. ARGV: token, lock TTL in ms.
/// Returns 1 when this caller holds the lock.
pub const START_REBUILD: &str = r#"
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  redis.call('DEL', KEYS[2], KEYS[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
"#;

/// Loads entries read from PostgreSQL into the rebuild's sets, while the lock is still ours.
/// KEYS: tz, tm, lock. ARGV: mode, token, lock TTL in ms, then triples member, score, user.
/// Returns 0 when the lock was lost (Redis flushed or the TTL passed).
pub fn load() -> String {
    format!(
        "{MERGE}{}",
        r#"
if redis.call('GET', KEYS[3]) ~= ARGV[2] then return 0 end
redis.call('PEXPIRE', KEYS[3], ARGV[3])
local mode = ARGV[1]
for i = 4, #ARGV, 3 do
  merge(KEYS[1], KEYS[2], mode, ARGV[i], tonumber(ARGV[i + 1]), ARGV[i + 1], ARGV[i + 2])
end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return 1
"#
    )
}

/// Swaps a finished rebuild in. KEYS: z, m, ok, tz, tm, lock. ARGV: token, TTL seconds (`0` =
/// never expires). Returns 0 when the lock was lost, so the rebuild must not be trusted.
pub const FINISH_REBUILD: &str = r#"
if redis.call('GET', KEYS[6]) ~= ARGV[1] then return 0 end
if redis.call('EXISTS', KEYS[4]) == 1 then redis.call('RENAME', KEYS[4], KEYS[1]) else redis.call('DEL', KEYS[1]) end
if redis.call('EXISTS', KEYS[5]) == 1 then redis.call('RENAME', KEYS[5], KEYS[2]) else redis.call('DEL', KEYS[2]) end
redis.call('SET', KEYS[3], '1')
local ttl = tonumber(ARGV[2])
if ttl > 0 then
  redis.call('EXPIRE', KEYS[1], ttl)
  redis.call('EXPIRE', KEYS[2], ttl)
  redis.call('EXPIRE', KEYS[3], ttl)
else
  redis.call('PERSIST', KEYS[1])
  redis.call('PERSIST', KEYS[2])
end
redis.call('DEL', KEYS[6])
return 1
"#;

/// Gives up a failed rebuild: drops its lock and temporary keys if the lock is still ours.
/// KEYS: lock, tz, tm. ARGV: token. Returns 1 when released.
pub const RELEASE_REBUILD: &str = r#"
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
return 1
"#;

/// A user's position and the entries around it. KEYS: z, m, ok. ARGV: user, radius.
/// Returns `{-2}` when the set is not trusted, `{-1, total}` when the user has no entry, else
/// `{rank0, total, member...}` for positions `rank0 - radius ..= rank0 + radius`.
pub const AROUND: &str = r#"
if redis.call('EXISTS', KEYS[3]) == 0 then return {-2} end
local total = redis.call('ZCARD', KEYS[1])
local best = redis.call('HGET', KEYS[2], ARGV[1])
if not best then return {-1, total} end
local sp = string.find(best, ' ', 1, true)
local member = sp and string.sub(best, sp + 1) or best
local rank = redis.call('ZREVRANK', KEYS[1], member)
if not rank then return {-1, total} end
local radius = tonumber(ARGV[2])
local from = rank - radius
if from < 0 then from = 0 end
local out = {rank, total}
for _, m in ipairs(redis.call('ZREVRANGE', KEYS[1], from, rank + radius)) do
  out[#out + 1] = m
end
return out
"#;
