-- An asset: who owns it, how it is listed, and which of its versions is served.
CREATE TABLE assets (
    id UUID PRIMARY KEY,
    owner_id UUID NOT NULL,
    asset_type TEXT NOT NULL CHECK (char_length(asset_type) BETWEEN 1 AND 32),
    category TEXT NOT NULL CHECK (char_length(category) BETWEEN 1 AND 64),
    is_public BOOLEAN NOT NULL,
    -- Null until a first version completes.
    current_version INTEGER,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Soft delete: hidden at once, bytes purged after the grace period.
    deleted_at TIMESTAMPTZ,
    purged_at TIMESTAMPTZ
);

-- Listing newest first (ids are UUIDv7, so id order is creation order) by type and category.
CREATE INDEX assets_listing_idx ON assets (asset_type, category, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX assets_owner_idx ON assets (owner_id, id DESC) WHERE deleted_at IS NULL;
-- The purge job's queue.
CREATE INDEX assets_purge_idx ON assets (deleted_at) WHERE deleted_at IS NOT NULL AND purged_at IS NULL;

-- One immutable version: declared at upload, verified and fixed at completion.
CREATE TABLE asset_versions (
    asset_id UUID NOT NULL REFERENCES assets (id),
    version INTEGER NOT NULL CHECK (version >= 1),
    state TEXT NOT NULL CHECK (state IN ('pending', 'complete', 'deleted')),
    filename TEXT NOT NULL,
    -- What the upload URL is bound to; the content type may be a `type/*` pattern.
    declared_content_type TEXT NOT NULL,
    declared_size BIGINT CHECK (declared_size > 0),
    declared_sha256 TEXT CHECK (declared_sha256 ~ '^[0-9a-f]{64}$'),
    -- Where the bytes are: the upload key while pending, the content address once complete.
    storage_key TEXT NOT NULL,
    -- Verified facts, set together when the version completes.
    content_type TEXT,
    size BIGINT CHECK (size > 0),
    sha256 TEXT CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    upload_expires_at TIMESTAMPTZ NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    completed_at TIMESTAMPTZ,
    PRIMARY KEY (asset_id, version),
    CHECK (state <> 'complete' OR (content_type IS NOT NULL AND size IS NOT NULL AND sha256 IS NOT NULL AND completed_at IS NOT NULL))
);
