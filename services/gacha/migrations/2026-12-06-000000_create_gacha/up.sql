-- Banners (each edit a new immutable version holding its rate table and pool), pity per
-- player per banner type, and pulls: the intent recorded before inventory is paid, with the
-- draws that make the outcome recomputable.

CREATE TABLE banners (
    id UUID PRIMARY KEY,
    seed_key TEXT UNIQUE,
    banner_type TEXT NOT NULL CHECK (banner_type IN ('character_event', 'weapon_event', 'standard')),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    description TEXT NOT NULL DEFAULT '',
    starts_at TIMESTAMPTZ NOT NULL,
    ends_at TIMESTAMPTZ,
    cost_single BIGINT NOT NULL CHECK (cost_single > 0),
    cost_ten BIGINT NOT NULL CHECK (cost_ten > 0),
    version INTEGER NOT NULL CHECK (version > 0),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (ends_at IS NULL OR ends_at > starts_at)
);

CREATE INDEX banners_open ON banners (banner_type, starts_at DESC) WHERE active;

CREATE TABLE banner_versions (
    banner_id UUID NOT NULL REFERENCES banners (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    rates JSONB NOT NULL,
    pool JSONB NOT NULL,
    items JSONB NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (banner_id, version)
);

CREATE TABLE pity (
    user_id UUID NOT NULL,
    banner_type TEXT NOT NULL CHECK (banner_type IN ('character_event', 'weapon_event', 'standard')),
    since_five INTEGER NOT NULL DEFAULT 0 CHECK (since_five >= 0),
    since_four INTEGER NOT NULL DEFAULT 0 CHECK (since_four >= 0),
    guaranteed_featured BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, banner_type)
);

CREATE TABLE pulls (
    id UUID PRIMARY KEY,
    user_id UUID NOT NULL,
    banner_id UUID NOT NULL REFERENCES banners (id),
    banner_version INTEGER NOT NULL,
    banner_type TEXT NOT NULL,
    pull_count SMALLINT NOT NULL CHECK (pull_count IN (1, 10)),
    idempotency_key TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'complete', 'cancelled')),
    pity_before JSONB NOT NULL,
    pity_after JSONB NOT NULL,
    draws JSONB NOT NULL,
    results JSONB NOT NULL,
    gems_cost BIGINT NOT NULL CHECK (gems_cost >= 0),
    gems_remaining BIGINT,
    granted_item_ids JSONB,
    cancel_reason TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at TIMESTAMPTZ,
    FOREIGN KEY (banner_id, banner_version) REFERENCES banner_versions (banner_id, version),
    UNIQUE (user_id, idempotency_key)
);

CREATE INDEX pulls_history ON pulls (user_id, id DESC) WHERE status = 'complete';
CREATE INDEX pulls_pending ON pulls (created_at) WHERE status = 'pending';
CREATE INDEX pulls_pending_player ON pulls (user_id, banner_type) WHERE status = 'pending';
CREATE INDEX pulls_created ON pulls (created_at);
