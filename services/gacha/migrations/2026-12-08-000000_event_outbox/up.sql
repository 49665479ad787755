-- Events committed with the state change they report; the outbox relay publishes them in id
-- order and deletes them (common::outbox).
CREATE TABLE event_outbox (
    id BIGSERIAL PRIMARY KEY,
    topic TEXT NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
