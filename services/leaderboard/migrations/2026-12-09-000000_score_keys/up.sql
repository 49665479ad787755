-- The Idempotency-Key of an account's score submission: a retried submission (a lost answer, a
-- client timeout) finds its first score here instead of storing it twice. Written in the
-- transaction that stores the score; kept as long as the score.
CREATE TABLE score_keys (
    user_id UUID NOT NULL,
    idempotency_key TEXT COLLATE "C" NOT NULL CHECK (char_length(idempotency_key) BETWEEN 1 AND 200),
    score_id BIGINT NOT NULL REFERENCES scores (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, idempotency_key)
);
CREATE INDEX score_keys_score_idx ON score_keys (score_id);
