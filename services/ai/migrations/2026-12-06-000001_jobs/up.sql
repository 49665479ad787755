-- Generation jobs, every attempt at running one, and the images they produced.
CREATE TABLE jobs (
    id UUID PRIMARY KEY,
    user_id UUID NOT NULL,
    job_type TEXT NOT NULL CHECK (job_type IN ('question_set', 'item_description', 'character_bio', 'character_art')),
    model_id TEXT NOT NULL,
    parameters JSONB NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'processing', 'completed', 'failed', 'cancelled')),
    cost BIGINT NOT NULL CHECK (cost >= 0),
    -- none: free; pending: the debit's outcome is not known yet; charged; refunding: a refund
    -- is owed and being sent; refunded.
    charge_state TEXT NOT NULL CHECK (charge_state IN ('none', 'pending', 'charged', 'refunding', 'refunded')),
    idempotency_key TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    -- The outbox: when the sweeper (re)adds the job to the stream unless a worker claimed it
    -- first; NULL once claimed.
    enqueue_at TIMESTAMPTZ,
    -- A retry's backoff: no worker claims the job before this.
    run_after TIMESTAMPTZ,
    lease_owner TEXT,
    lease_until TIMESTAMPTZ,
    result JSONB,
    error TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_at TIMESTAMPTZ,
    completed_at TIMESTAMPTZ,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX jobs_user_idempotency ON jobs (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX jobs_user_created ON jobs (user_id, created_at DESC, id DESC);
CREATE INDEX jobs_to_enqueue ON jobs (enqueue_at) WHERE enqueue_at IS NOT NULL;
CREATE INDEX jobs_owed ON jobs (charge_state) WHERE charge_state IN ('pending', 'refunding');

CREATE TABLE job_attempts (
    job_id UUID NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    attempt INTEGER NOT NULL,
    worker TEXT NOT NULL,
    started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at TIMESTAMPTZ,
    -- completed | retry | failed | superseded (another run finished first, or it was cancelled)
    outcome TEXT,
    error TEXT,
    PRIMARY KEY (job_id, attempt)
);

CREATE TABLE job_images (
    job_id UUID PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    content_type TEXT NOT NULL,
    bytes BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
