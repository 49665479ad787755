-- Scores submitted with a deployment API key (the JumpJumpJump client's X-API-Key through the
-- gateway): attributed to the player_name the client sent within the key's namespace (a keyed
-- hash of the key, never the key), apart from accounts' scores so boards can be read with or
-- without them.
CREATE TABLE key_scores (
    id BIGSERIAL PRIMARY KEY,
    namespace TEXT COLLATE "C" NOT NULL CHECK (namespace ~ '^k[0-9a-f]{32}$'),
    player_name TEXT COLLATE "C" NOT NULL CHECK (char_length(player_name) BETWEEN 1 AND 50),
    score BIGINT NOT NULL CHECK (score >= 0),
    coins BIGINT NOT NULL CHECK (coins >= 0),
    enemies_defeated BIGINT NOT NULL CHECK (enemies_defeated >= 0),
    distance BIGINT NOT NULL CHECK (distance >= 0),
    level BIGINT NOT NULL CHECK (level >= 0),
    game_mode TEXT COLLATE "C" NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT date_trunc('milliseconds', now())
);

-- A namespace's board in ranking order, and one player's best.
CREATE INDEX key_scores_board_idx ON key_scores (namespace, game_mode, score DESC, created_at, id);
CREATE INDEX key_scores_player_idx ON key_scores (namespace, player_name, score DESC, created_at, id);
