-- 1,000,000 scores from 100,000 players over the last 60 days, half on each default board.
-- Run against the leaderboard database after `leaderboard migrate`; then delete the Redis keys
-- of the deployment's prefix (or start the service), which rebuilds the ranks from here.
INSERT INTO scores (user_id, player_name, score, coins, enemies_defeated, distance, level, game_mode, created_at)
SELECT
    ('00000000-0000-4000-8000-' || lpad(to_hex(g % 100000), 12, '0'))::uuid,
    'bench' || (g % 100000),
    (random() * 1000000)::bigint,
    (random() * 500)::bigint,
    (random() * 50)::bigint,
    (random() * 20000)::bigint,
    1 + (random() * 29)::bigint,
    CASE WHEN g % 2 = 0 THEN 'levels' ELSE 'endless' END,
    date_trunc('milliseconds', now() - random() * interval '60 days')
FROM generate_series(1, 1000000) AS g;
ANALYZE scores;
