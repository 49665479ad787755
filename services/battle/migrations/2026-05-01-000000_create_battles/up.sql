-- Battles and raids, their enemies, participants (kept as history after a battle is
-- trimmed), logs and the admins' templates.

CREATE TABLE battle_templates (
    id bigserial PRIMARY KEY,
    name text NOT NULL CONSTRAINT battle_templates_name_key UNIQUE
        CHECK (char_length(name) BETWEEN 1 AND 100),
    is_boss_raid boolean NOT NULL,
    difficulty text NOT NULL CHECK (difficulty IN ('easy', 'medium', 'hard', 'epic', 'legendary')),
    wave_number integer NOT NULL CHECK (wave_number BETWEEN 1 AND 100),
    required_level integer NOT NULL CHECK (required_level BETWEEN 1 AND 100),
    min_players integer NOT NULL CHECK (min_players BETWEEN 1 AND 50),
    max_players integer NOT NULL CHECK (max_players BETWEEN 1 AND 50),
    -- A gallery boss (0..21) for raids.
    boss_index integer CHECK (boss_index BETWEEN 0 AND 21),
    created_by uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE battles (
    id bigserial PRIMARY KEY,
    name text NOT NULL,
    difficulty text NOT NULL CHECK (difficulty IN ('easy', 'medium', 'hard', 'epic', 'legendary')),
    wave_number integer NOT NULL,
    is_boss_raid boolean NOT NULL,
    max_players integer NOT NULL CHECK (max_players >= 1),
    min_players integer NOT NULL DEFAULT 1,
    required_level integer NOT NULL,
    stamina_cost bigint NOT NULL CHECK (stamina_cost >= 0),
    boss_phase_count integer NOT NULL DEFAULT 3,
    boss_current_phase integer NOT NULL DEFAULT 1,
    gold_reward bigint NOT NULL CHECK (gold_reward >= 0),
    exp_reward bigint NOT NULL CHECK (exp_reward >= 0),
    gallery_index integer,
    template_id bigint REFERENCES battle_templates (id) ON DELETE SET NULL,
    -- Made by the pool keeper (counted against the pool's size).
    from_pool boolean NOT NULL DEFAULT false,
    status text NOT NULL DEFAULT 'waiting'
        CHECK (status IN ('waiting', 'in_progress', 'completed', 'abandoned')),
    -- A raid's next blow at its players: a stored deadline any replica's sweeper acts on.
    next_strike_at timestamptz,
    started_at timestamptz,
    completed_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX battles_status_idx ON battles (status, is_boss_raid, created_at);
CREATE INDEX battles_strike_idx ON battles (next_strike_at)
    WHERE next_strike_at IS NOT NULL AND status = 'in_progress';

CREATE TABLE battle_enemies (
    id bigserial PRIMARY KEY,
    battle_id bigint NOT NULL REFERENCES battles (id) ON DELETE CASCADE,
    position integer NOT NULL,
    enemy_type text NOT NULL,
    name text NOT NULL,
    level integer NOT NULL,
    icon text NOT NULL,
    hp_max bigint NOT NULL CHECK (hp_max >= 1),
    hp_current bigint NOT NULL CHECK (hp_current >= 0 AND hp_current <= hp_max),
    attack bigint NOT NULL,
    defense bigint NOT NULL,
    is_defeated boolean NOT NULL DEFAULT false,
    defeated_at timestamptz,
    CONSTRAINT battle_enemies_defeated_at_zero CHECK (NOT is_defeated OR hp_current = 0)
);
CREATE INDEX battle_enemies_battle_idx ON battle_enemies (battle_id, position);

-- No foreign key to battles: a participation stays as history when its battle is trimmed.
CREATE TABLE battle_participants (
    id bigserial PRIMARY KEY,
    battle_id bigint NOT NULL,
    user_id uuid NOT NULL,
    username text NOT NULL,
    level integer NOT NULL,
    battle_name text NOT NULL,
    is_boss_raid boolean NOT NULL,
    gallery_index integer,
    joined_at timestamptz NOT NULL DEFAULT now(),
    left_at timestamptz,
    is_active boolean NOT NULL DEFAULT true,
    -- False until inventory confirmed the join's stamina debit (the intent is recorded first).
    stamina_paid boolean NOT NULL DEFAULT false,
    total_damage_dealt bigint NOT NULL DEFAULT 0 CHECK (total_damage_dealt >= 0),
    attacks_count integer NOT NULL DEFAULT 0,
    hp_max bigint NOT NULL CHECK (hp_max >= 1),
    hp_current bigint NOT NULL CHECK (hp_current >= 0),
    defense bigint NOT NULL DEFAULT 0,
    is_dead boolean NOT NULL DEFAULT false,
    death_timestamp timestamptz,
    resurrection_count integer NOT NULL DEFAULT 0,
    -- NULL, 'pending' (rewards decided and stored, inventory not yet confirmed) or 'done'.
    claim_state text CHECK (claim_state IN ('pending', 'done')),
    has_claimed_loot boolean NOT NULL DEFAULT false,
    claimed_at timestamptz,
    rewards jsonb,
    CONSTRAINT battle_participants_battle_user_key UNIQUE (battle_id, user_id)
);
CREATE INDEX battle_participants_user_idx ON battle_participants (user_id, joined_at DESC);

CREATE TABLE battle_logs (
    id bigserial PRIMARY KEY,
    battle_id bigint NOT NULL REFERENCES battles (id) ON DELETE CASCADE,
    user_id uuid,
    username text,
    log_type text NOT NULL,
    message text NOT NULL,
    enemy_id bigint,
    enemy_name text,
    damage bigint,
    enemy_hp_remaining bigint,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX battle_logs_battle_idx ON battle_logs (battle_id, id);
