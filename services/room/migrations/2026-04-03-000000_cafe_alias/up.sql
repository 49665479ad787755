-- The cafe seed's client names rooms by an integer: each room gets one, an alias of its code
-- (never reused, unlike codes), and placed objects remember their owner's name for
-- `room_state` after the owner has left.
ALTER TABLE rooms ADD COLUMN alias_id bigserial NOT NULL CONSTRAINT rooms_alias_id_key UNIQUE;
ALTER TABLE room_objects ADD COLUMN owner_name text;
