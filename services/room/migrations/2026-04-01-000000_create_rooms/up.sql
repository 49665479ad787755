-- Rooms of every kind, their members, chat, the cafe's placed objects and tool log.

CREATE TABLE rooms (
    id uuid PRIMARY KEY,
    -- Unique among live rooms: a removed room's row is deleted, which frees its code.
    code text NOT NULL CONSTRAINT rooms_code_key UNIQUE,
    kind text NOT NULL CHECK (kind IN ('voting', 'space', 'coop')),
    name text NOT NULL,
    host_id uuid NOT NULL,
    status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'active', 'finished')),
    max_players integer NOT NULL CHECK (max_players BETWEEN 1 AND 100),
    total_rounds integer NOT NULL DEFAULT 5 CHECK (total_rounds BETWEEN 1 AND 50),
    current_round integer NOT NULL DEFAULT 0,
    is_private boolean NOT NULL DEFAULT false,
    seed integer NOT NULL,
    game_start_ms bigint,
    -- Set when the last member leaves; any replica's sweeper removes the room after it.
    delete_after timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rooms_open_idx ON rooms (kind, created_at) WHERE status = 'waiting';
CREATE INDEX rooms_delete_after_idx ON rooms (delete_after) WHERE delete_after IS NOT NULL;

CREATE TABLE room_members (
    room_id uuid NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    user_id uuid NOT NULL,
    display_name text NOT NULL,
    player_number integer NOT NULL,
    is_ready boolean NOT NULL DEFAULT false,
    x integer NOT NULL DEFAULT 0,
    y integer NOT NULL DEFAULT 0,
    reconnect_token text NOT NULL,
    -- Set when a co-op player's connection dropped during a game: the slot is kept for the
    -- reconnect window, then the sweeper removes the player.
    disconnected_at timestamptz,
    joined_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (room_id, user_id)
);
CREATE INDEX room_members_user_idx ON room_members (user_id);
CREATE INDEX room_members_disconnected_idx ON room_members (disconnected_at)
    WHERE disconnected_at IS NOT NULL;

CREATE TABLE chat_messages (
    id bigserial PRIMARY KEY,
    room_id uuid NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    user_id uuid NOT NULL,
    display_name text NOT NULL,
    message text NOT NULL CHECK (char_length(message) BETWEEN 1 AND 2000),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX chat_messages_room_idx ON chat_messages (room_id, id DESC);

-- A placement is recorded before inventory is asked to consume the item, so a retry with the
-- same key reuses the same inventory idempotency key and never consumes twice.
CREATE TABLE object_placements (
    user_id uuid NOT NULL,
    key text NOT NULL,
    room_id uuid NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    inventory_item_id uuid NOT NULL,
    x integer NOT NULL,
    y integer NOT NULL,
    rotation double precision NOT NULL,
    object_id uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);

CREATE TABLE room_objects (
    id uuid PRIMARY KEY,
    room_id uuid NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    owner_id uuid NOT NULL,
    object_type text NOT NULL,
    catalog_id text NOT NULL,
    x integer NOT NULL,
    y integer NOT NULL,
    rotation double precision NOT NULL DEFAULT 0,
    metadata jsonb NOT NULL DEFAULT '{}',
    -- Set when a pick-up has started: the object is gone for the room, and a retried pick-up
    -- grants it back with the same inventory key until the row can be deleted.
    picked_up_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX room_objects_room_idx ON room_objects (room_id);

CREATE TABLE tool_logs (
    id bigserial PRIMARY KEY,
    room_id uuid NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    user_id uuid NOT NULL,
    target_object_id uuid NOT NULL,
    action text NOT NULL CHECK (action IN ('destroy', 'move')),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tool_logs_room_idx ON tool_logs (room_id, id DESC);
