-- JumpJumpJump saves made with a deployment API key (X-API-Key through the gateway): one per
-- key namespace (a keyed hash of the key, never the key) and player name, apart from accounts'
-- saves so a key can never read or overwrite an account's.
CREATE TABLE key_save_games (
    namespace TEXT NOT NULL CHECK (namespace ~ '^k[0-9a-f]{32}$'),
    player_name TEXT NOT NULL,
    level INTEGER NOT NULL,
    score BIGINT NOT NULL,
    lives INTEGER NOT NULL,
    health INTEGER NOT NULL,
    coins BIGINT NOT NULL,
    weapon TEXT NOT NULL,
    saved_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (namespace, player_name)
);
