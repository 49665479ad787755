-- The inventory service: catalog, players and their wallet, owned items, equipment and pet
-- sets, pets, buffs, the economy's transactions and ledger, shop history and save games.
-- Money-like columns carry CHECK constraints so no code path can drive them negative.

CREATE TABLE catalog_items (
    id TEXT PRIMARY KEY CHECK (id ~ '^[a-z0-9_]{1,64}$'),
    kind TEXT NOT NULL CHECK (kind IN ('equipment', 'egg', 'food', 'potion', 'furniture')),
    item_type TEXT NOT NULL,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    description TEXT NOT NULL,
    icon TEXT,
    rarity TEXT NOT NULL CHECK (rarity IN ('common', 'uncommon', 'rare', 'epic', 'legendary')),
    level_requirement INTEGER NOT NULL DEFAULT 1 CHECK (level_requirement BETWEEN 1 AND 100),
    attack_bonus INTEGER NOT NULL DEFAULT 0 CHECK (attack_bonus >= 0),
    defense_bonus INTEGER NOT NULL DEFAULT 0 CHECK (defense_bonus >= 0),
    hp_bonus INTEGER NOT NULL DEFAULT 0 CHECK (hp_bonus >= 0),
    price_gold BIGINT CHECK (price_gold >= 0),
    price_gems BIGINT CHECK (price_gems >= 0),
    stackable BOOLEAN NOT NULL DEFAULT FALSE,
    pet_species TEXT,
    food_xp INTEGER CHECK (food_xp > 0),
    potion_type TEXT CHECK (potion_type IN ('STAMINA_RESTORE', 'STAMINA_BOOST', 'ATTACK_BOOST', 'DEFENSE_BOOST')),
    effect_value INTEGER CHECK (effect_value > 0),
    duration_secs INTEGER CHECK (duration_secs > 0),
    furniture_type TEXT CHECK (furniture_type IN ('chair', 'table', 'desk', 'plant', 'balloon', 'pot', 'brick', 'wall', 'tool')),
    starter BOOLEAN NOT NULL DEFAULT FALSE,
    in_shop BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (kind <> 'equipment' OR item_type IN ('weapon', 'helmet', 'armor', 'boots', 'gloves', 'ring', 'amulet')),
    CHECK (kind <> 'food' OR food_xp IS NOT NULL),
    CHECK (kind <> 'potion' OR (potion_type IS NOT NULL AND effect_value IS NOT NULL)),
    CHECK (kind <> 'furniture' OR furniture_type IS NOT NULL)
);

CREATE TABLE players (
    user_id UUID PRIMARY KEY,
    username TEXT NOT NULL,
    username_synced BOOLEAN NOT NULL DEFAULT FALSE,
    level INTEGER NOT NULL DEFAULT 1 CHECK (level BETWEEN 1 AND 100),
    total_xp BIGINT NOT NULL DEFAULT 0 CHECK (total_xp >= 0),
    gold BIGINT NOT NULL CONSTRAINT players_gold_non_negative CHECK (gold >= 0),
    gems BIGINT NOT NULL CONSTRAINT players_gems_non_negative CHECK (gems >= 0),
    stamina INTEGER NOT NULL CONSTRAINT players_stamina_non_negative CHECK (stamina >= 0),
    stamina_max INTEGER NOT NULL DEFAULT 100 CHECK (stamina_max > 0),
    base_attack INTEGER NOT NULL DEFAULT 10 CHECK (base_attack >= 0),
    base_defense INTEGER NOT NULL DEFAULT 10 CHECK (base_defense >= 0),
    base_hp INTEGER NOT NULL DEFAULT 100 CHECK (base_hp > 0),
    unspent_stat_points INTEGER NOT NULL DEFAULT 0 CHECK (unspent_stat_points >= 0),
    last_stamina_regen TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE items (
    id UUID PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES players (user_id) ON DELETE CASCADE,
    catalog_id TEXT NOT NULL REFERENCES catalog_items (id),
    item_type TEXT NOT NULL,
    name TEXT NOT NULL,
    rarity TEXT NOT NULL,
    level_requirement INTEGER NOT NULL,
    attack_bonus INTEGER NOT NULL,
    defense_bonus INTEGER NOT NULL,
    hp_bonus INTEGER NOT NULL,
    enhance_level INTEGER NOT NULL DEFAULT 1 CHECK (enhance_level >= 1),
    stackable BOOLEAN NOT NULL,
    quantity INTEGER NOT NULL CONSTRAINT items_quantity_non_negative CHECK (quantity >= 0),
    properties JSONB NOT NULL DEFAULT '{}',
    acquired_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (stackable OR quantity <= 1)
);
CREATE INDEX items_user_idx ON items (user_id, acquired_at DESC);
-- One stack per player and catalog entry.
CREATE UNIQUE INDEX items_stack_idx ON items (user_id, catalog_id) WHERE stackable;

CREATE TABLE pets (
    id UUID PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES players (user_id) ON DELETE CASCADE,
    catalog_id TEXT REFERENCES catalog_items (id),
    name TEXT,
    species TEXT,
    focus TEXT CHECK (focus IN ('attack', 'defense', 'hp', 'damage', 'mixed', 'balanced')),
    is_egg BOOLEAN NOT NULL DEFAULT TRUE,
    level INTEGER NOT NULL DEFAULT 1 CHECK (level BETWEEN 1 AND 100),
    exp BIGINT NOT NULL DEFAULT 0 CHECK (exp >= 0),
    exp_max BIGINT NOT NULL DEFAULT 100 CHECK (exp_max > 0),
    base_attack INTEGER NOT NULL,
    base_defense INTEGER NOT NULL,
    base_hp INTEGER NOT NULL,
    attack_bonus INTEGER NOT NULL DEFAULT 0,
    defense_bonus INTEGER NOT NULL DEFAULT 0,
    hp_bonus INTEGER NOT NULL DEFAULT 0,
    hatched_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX pets_user_idx ON pets (user_id, created_at DESC);

-- An item sits in at most one slot of one set (the seed moves it on equip).
CREATE TABLE equipped_items (
    user_id UUID NOT NULL REFERENCES players (user_id) ON DELETE CASCADE,
    set_type TEXT NOT NULL CHECK (set_type IN ('attack', 'defense')),
    slot TEXT NOT NULL CHECK (slot IN ('weapon', 'helmet', 'armor', 'boots', 'gloves', 'ring', 'ring2', 'amulet')),
    item_id UUID NOT NULL UNIQUE REFERENCES items (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, set_type, slot)
);

CREATE TABLE equipped_pets (
    user_id UUID NOT NULL REFERENCES players (user_id) ON DELETE CASCADE,
    set_type TEXT NOT NULL CHECK (set_type IN ('attack', 'defense')),
    slot INTEGER NOT NULL CHECK (slot BETWEEN 1 AND 3),
    pet_id UUID NOT NULL UNIQUE REFERENCES pets (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, set_type, slot)
);

CREATE TABLE active_buffs (
    id UUID PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES players (user_id) ON DELETE CASCADE,
    buff_type TEXT NOT NULL CHECK (buff_type IN ('stamina_boost', 'attack_boost', 'defense_boost')),
    effect_value INTEGER NOT NULL,
    original_value INTEGER,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at TIMESTAMPTZ NOT NULL,
    source TEXT NOT NULL,
    source_id TEXT
);
CREATE INDEX active_buffs_user_idx ON active_buffs (user_id, expires_at);

-- One row per economy operation; (caller, idempotency_key) replays the stored answer.
CREATE TABLE transactions (
    id UUID PRIMARY KEY,
    caller TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    user_id UUID NOT NULL,
    reason TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    response JSONB NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT transactions_caller_key UNIQUE (caller, idempotency_key)
);

-- Every change of a balance, a stack or XP. The foreign keys to transactions are checked at
-- commit: the transaction row, holding the final answer, is written last.
CREATE TABLE ledger_entries (
    id BIGSERIAL PRIMARY KEY,
    transaction_id UUID NOT NULL REFERENCES transactions (id) DEFERRABLE INITIALLY DEFERRED,
    user_id UUID NOT NULL,
    asset TEXT NOT NULL,
    item_id UUID,
    delta BIGINT NOT NULL,
    balance_after BIGINT NOT NULL,
    reason TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX ledger_entries_user_idx ON ledger_entries (user_id, id DESC);

CREATE TABLE shop_purchases (
    id UUID PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES players (user_id) ON DELETE CASCADE,
    transaction_id UUID NOT NULL REFERENCES transactions (id) DEFERRABLE INITIALLY DEFERRED,
    catalog_id TEXT NOT NULL,
    item_type TEXT NOT NULL,
    item_name TEXT NOT NULL,
    cost_gold BIGINT NOT NULL,
    cost_gems BIGINT NOT NULL,
    purchased_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX shop_purchases_user_idx ON shop_purchases (user_id, purchased_at DESC);

-- JumpJumpJump saves: one per owner and player name.
CREATE TABLE save_games (
    user_id UUID NOT NULL,
    player_name TEXT NOT NULL,
    level INTEGER NOT NULL,
    score BIGINT NOT NULL,
    lives INTEGER NOT NULL,
    health INTEGER NOT NULL,
    coins BIGINT NOT NULL,
    weapon TEXT NOT NULL,
    saved_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, player_name)
);
