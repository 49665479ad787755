-- Accounts, their OAuth identities, sessions with their refresh-token families, and the
-- Ed25519 signing keys behind the JWKS.

CREATE TABLE users (
    id UUID PRIMARY KEY,
    -- Normalised (trimmed, lowercase); NULL for guests and OAuth accounts without a verified email.
    email TEXT,
    username TEXT NOT NULL,
    -- argon2id PHC string; NULL for guests and OAuth-only accounts.
    password_hash TEXT,
    avatar_url TEXT,
    role TEXT NOT NULL DEFAULT 'player',
    is_guest BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT users_role_check CHECK (role IN ('player', 'guest', 'admin')),
    CONSTRAINT users_email_length CHECK (char_length(email) <= 254),
    CONSTRAINT users_username_shape CHECK (username ~ '^[A-Za-z0-9_]{3,20}$'),
    CONSTRAINT users_guest_role CHECK (is_guest = (role = 'guest'))
);
CREATE UNIQUE INDEX users_email_key ON users (email);
-- "Alice" and "alice" are the same username.
CREATE UNIQUE INDEX users_username_key ON users (lower(username));

CREATE TABLE oauth_identities (
    provider TEXT NOT NULL,
    subject TEXT NOT NULL,
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, subject)
);
CREATE INDEX oauth_identities_user_id_idx ON oauth_identities (user_id);

-- One login: the `sid` claim of its access tokens and the family of its refresh tokens.
CREATE TABLE sessions (
    id UUID PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at TIMESTAMPTZ,
    revoked_reason TEXT
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);

-- Opaque refresh tokens, stored as SHA-256; `used_at` is set when one is rotated.
CREATE TABLE refresh_tokens (
    token_hash BYTEA PRIMARY KEY,
    session_id UUID NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at TIMESTAMPTZ NOT NULL,
    used_at TIMESTAMPTZ,
    CONSTRAINT refresh_tokens_hash_length CHECK (octet_length(token_hash) = 32)
);
CREATE INDEX refresh_tokens_session_id_idx ON refresh_tokens (session_id);

-- The newest key signs; superseded keys stay published until their tokens have expired.
CREATE TABLE signing_keys (
    kid TEXT PRIMARY KEY,
    public_key BYTEA NOT NULL,
    -- ChaCha20-Poly1305 of the PKCS#8 DER private key, with the kid as associated data.
    private_key_ciphertext BYTEA NOT NULL,
    nonce BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    superseded_at TIMESTAMPTZ,
    CONSTRAINT signing_keys_public_key_length CHECK (octet_length(public_key) = 32),
    CONSTRAINT signing_keys_nonce_length CHECK (octet_length(nonce) = 12)
);
