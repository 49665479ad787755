-- The Idempotency-Key of an attack: which intent (attack_id) it made, and once settled, its
-- outcome. A retry with the key answers the stored answer of an applied hit, is refused for
-- one that was not applied (its stamina went back), waits while it is open, and otherwise
-- reuses the same attack_id, so its stamina debit (keyed by the attack_id) is taken once.
-- The outcome is written in the transaction that applies the hit or deletes the intent.
CREATE TABLE battle_attack_keys (
    user_id uuid NOT NULL,
    idempotency_key text COLLATE "C" NOT NULL CHECK (char_length(idempotency_key) BETWEEN 1 AND 200),
    attack_id uuid NOT NULL UNIQUE,
    battle_id bigint NOT NULL,
    enemy_id bigint NOT NULL,
    attack_type text NOT NULL,
    -- NULL while open (or never paid); 'applied' with the answer; 'not_applied' once refunded.
    outcome text CHECK (outcome IN ('applied', 'not_applied')),
    answer jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, idempotency_key)
);
CREATE INDEX battle_attack_keys_created_idx ON battle_attack_keys (created_at);
