-- What a live game's accounts need: verified emails, sessions a player can see, single-use
-- email tokens (verification, password reset), and the devices that logged in before.

-- NULL until the owner proves the address (a link sent to it, or a provider that vouches).
ALTER TABLE users ADD COLUMN email_verified_at TIMESTAMPTZ;

-- Shown in GET /api/auth/sessions; last_used_at moves on every refresh.
ALTER TABLE sessions
    ADD COLUMN user_agent TEXT,
    ADD COLUMN ip TEXT,
    ADD COLUMN last_used_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    ADD CONSTRAINT sessions_user_agent_length CHECK (char_length(user_agent) <= 512),
    ADD CONSTRAINT sessions_ip_length CHECK (char_length(ip) <= 64);
-- The cleanup job's scans.
CREATE INDEX sessions_revoked_at_idx ON sessions (revoked_at) WHERE revoked_at IS NOT NULL;
CREATE INDEX refresh_tokens_expires_at_idx ON refresh_tokens (expires_at);

-- Tokens mailed to a user, stored as SHA-256; each works once, until expires_at.
CREATE TABLE email_tokens (
    token_hash BYTEA PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    -- The address the token was sent to: verifying it proves this address, not another.
    email TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at TIMESTAMPTZ NOT NULL,
    used_at TIMESTAMPTZ,
    CONSTRAINT email_tokens_hash_length CHECK (octet_length(token_hash) = 32),
    CONSTRAINT email_tokens_purpose_check CHECK (purpose IN ('verify_email', 'reset_password'))
);
CREATE INDEX email_tokens_user_id_idx ON email_tokens (user_id, purpose);
CREATE INDEX email_tokens_expires_at_idx ON email_tokens (expires_at);

-- Browsers that logged into an account (an HttpOnly cookie holds the token): failures from
-- elsewhere never lock them out.
-- One browser may be known to several accounts (a shared family computer).
CREATE TABLE known_devices (
    token_hash BYTEA NOT NULL,
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_used_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (token_hash, user_id),
    CONSTRAINT known_devices_hash_length CHECK (octet_length(token_hash) = 32)
);
CREATE INDEX known_devices_user_id_idx ON known_devices (user_id);
CREATE INDEX known_devices_last_used_at_idx ON known_devices (last_used_at);
