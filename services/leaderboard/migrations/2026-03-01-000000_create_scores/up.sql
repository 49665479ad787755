-- Every submitted score: the truth the Redis ranks are rebuilt from.
CREATE TABLE scores (
    id BIGSERIAL PRIMARY KEY,
    user_id UUID NOT NULL,
    player_name TEXT NOT NULL CHECK (char_length(player_name) BETWEEN 1 AND 50),
    score BIGINT NOT NULL CHECK (score >= 0),
    coins BIGINT NOT NULL CHECK (coins >= 0),
    enemies_defeated BIGINT NOT NULL CHECK (enemies_defeated >= 0),
    distance BIGINT NOT NULL CHECK (distance >= 0),
    level BIGINT NOT NULL CHECK (level >= 0),
    game_mode TEXT NOT NULL,
    -- Millisecond precision, the same as the Redis tie-break, so both orders agree.
    created_at TIMESTAMPTZ NOT NULL DEFAULT date_trunc('milliseconds', now())
);

-- Ranking order of a board: score, then who got there first.
CREATE INDEX scores_board_rank_idx ON scores (game_mode, score DESC, created_at, id);
-- A player's best on a board, and "best" boards' one-entry-per-player ranking.
CREATE INDEX scores_board_user_idx ON scores (game_mode, user_id, score DESC, created_at, id);
-- The seed's GET /api/scores/player/{player_name}.
CREATE INDEX scores_player_name_idx ON scores (player_name, score DESC, created_at, id);
-- Period windows (daily, weekly, monthly) when ranks are rebuilt or answered from here.
CREATE INDEX scores_board_time_idx ON scores (game_mode, created_at, id);
