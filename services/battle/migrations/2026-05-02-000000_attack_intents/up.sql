-- An attack's intent, recorded before its stamina is debited through inventory and deleted in
-- the transaction that applies the hit. A row left behind (a crash, a lost answer, a refused
-- hit) is settled by the reconciler: the debit is replayed under the same key (inventory
-- answers with the first result, or debits now) and refunded, so stamina is never lost.
CREATE TABLE battle_attacks (
    id uuid PRIMARY KEY,
    battle_id bigint NOT NULL REFERENCES battles (id) ON DELETE CASCADE,
    enemy_id bigint NOT NULL,
    user_id uuid NOT NULL,
    attack_type text NOT NULL,
    stamina_cost bigint NOT NULL CHECK (stamina_cost >= 0),
    -- 'reserved': the hit may still be applied; 'refunding': it never will be, stamina goes back.
    state text NOT NULL DEFAULT 'reserved' CHECK (state IN ('reserved', 'refunding')),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX battle_attacks_created_idx ON battle_attacks (created_at);
