// Generated from openapi/room.json by scripts/generate.mjs (openapi-typescript); do not edit.
// Regenerate with `make sdk`.

export type paths = {
    "/api/game/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The game as it is now: phase, round, deadline, answers (anonymous until the results) and
         *     scores, for a member (re)connecting.
         */
        get: operations["get_game"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/game/{code}/end-round": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Host: ends the current round (answering or voting); points and authors are revealed, and
         *     after the last round the game ends.
         */
        post: operations["end_round"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/game/{code}/leaderboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Scores of the room's ended rounds: `{scores: [{user_id, username, total_points,
         *     round_points}]}` (final once the game ended).
         */
        get: operations["get_leaderboard"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/game/{code}/next-round": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Host: after a round's results, opens the next round. */
        post: operations["next_round"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/game/{code}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Starts the game (host only): questions are chosen and round 1 opens for answers. */
        post: operations["start_game"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/game/{code}/voting": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Host: closes the answers and opens voting on the current round. */
        post: operations["start_voting"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/game/rounds/{id}/answer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Submits the caller's answer (one per round, while answers are open). */
        post: operations["submit_answer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/game/rounds/{id}/answers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A round's answers: anonymous (`is_own_answer` only) until the round's results. */
        get: operations["list_answers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/game/rounds/{id}/vote": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Votes for an answer (one vote per round, while voting is open, never one's own answer). */
        post: operations["submit_vote"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rooms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Open rooms: public, waiting and not full, newest first. Without `kind`, a caller without
         *     an access token (the JumpJumpJump lobby, which sends no credentials, or only a deployment
         *     key) sees co-op rooms only; a signed-in caller sees every kind. `kind` always wins.
         */
        get: operations["list_open_rooms"];
        put?: never;
        /**
         * Creates a room with the caller as host and first member; the answer carries the caller's
         *     `reconnect_token`.
         */
        post: operations["create_room"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rooms/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A room with its players. */
        get: operations["get_room"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rooms/{code}/chat": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The room's chat history (members only), newest first. */
        get: operations["list_chat"];
        put?: never;
        /** Posts a message (members only); it is stored and published on `room:{code}` as `chat`. */
        post: operations["post_chat"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rooms/{code}/leave": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Leaves a room; the host role passes to the next player, and an empty room is removed after
         *     the grace period.
         */
        delete: operations["leave_room"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rooms/{code}/objects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Objects placed in a room. */
        get: operations["list_objects"];
        put?: never;
        /**
         * Places an owned furniture item in the room (members only). Send `Idempotency-Key`: a retry
         *     with the same key returns the same object and consumes nothing more.
         */
        post: operations["place_object"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rooms/{code}/objects/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Picks an object up (its owner or the room host): it goes back to its owner's inventory. */
        delete: operations["pickup_object"];
        options?: never;
        head?: never;
        /** Moves and/or rotates an object (its owner or the room host). */
        patch: operations["update_object"];
        trace?: never;
    };
    "/api/rooms/{code}/tool-logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The room's tool log (members only), newest first. */
        get: operations["list_tool_logs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rooms/{code}/tools/use": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Uses a tool on an object (its owner or the room host): `destroy` removes it for good, `move`
         *     moves it to `(x, y)`; the use is logged.
         */
        post: operations["use_tool"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rooms/all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every room, newest first. */
        get: operations["list_all_rooms"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rooms/join": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Joins a room by code (a member joining again gets the room unchanged). */
        post: operations["join_room"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rooms/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Cafe (space) rooms, oldest first: public ones, and with `public_only=false` the caller's own
         *     private ones too (another player's private room is never listed).
         */
        get: operations["list_cafe_rooms"];
        put?: never;
        /**
         * Creates a cafe (space) room with the caller as host and first member; the answer's `id` is
         *     the integer to join it by.
         */
        post: operations["create_cafe_room"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rooms/{room_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One cafe room by its integer id; 404 `room_not_found` for an unknown id or another
         *     player's private room.
         */
        get: operations["get_cafe_room"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process is up and serving HTTP. */
        get: operations["healthz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: the service's database and Redis answer; 503 problem+json naming what does not. */
        get: operations["readyz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
};
export type webhooks = Record<string, never>;
export type components = {
    schemas: {
        /**
         * @description Body of `POST /internal/actions` on a service: a WebSocket `action` forwarded by the gateway
         *     (the acting user travels in `x-user-id`). The service answers with the reply's `data`, or a
         *     problem whose `code` and `detail` reach the client.
         */
        ActionRequest: {
            /** @description Its arguments. */
            data?: unknown;
            /** @description The action, e.g. `submit_vote`. */
            type: string;
        };
        /** @description `POST /api/game/rounds/{id}/answer` */
        AnswerRequest: {
            /** @description 1..=500 characters. */
            content: string;
        };
        /** @description An answer as players see it: anonymous until the round's results. */
        AnswerView: {
            /**
             * Format: uuid
             * @description The author, only once the round ended.
             */
            author_id?: string | null;
            /** @description The text. */
            content: string;
            /**
             * Format: uuid
             * @description Id (vote with it).
             */
            id: string;
            /** @description Whether the caller wrote it. */
            is_own_answer: boolean;
            /** @description The author's name, only once the round ended. */
            username?: string | null;
            /**
             * Format: int64
             * @description Votes so far.
             */
            vote_count: number;
        };
        /** @description A cafe room as the seed's client reads it (`id`, `name`), plus its code and occupancy. */
        CafeRoomResponse: {
            /** @description The join code our own API and the other dialects use. */
            code: string;
            /**
             * Format: date-time
             * @description Created.
             */
            created_at: string;
            /**
             * Format: int64
             * @description The integer the cafe client names the room by (`join_room {room_id}`).
             */
            id: number;
            /** @description Hidden from other players' lists. */
            is_private: boolean;
            /**
             * Format: int32
             * @description Capacity.
             */
            max_players: number;
            /** @description Display name. */
            name: string;
            /**
             * Format: uuid
             * @description The host.
             */
            owner_id: string;
            /** @description Members now. */
            player_count: number;
        };
        /** @description A page of chat, newest first. */
        ChatPage: {
            /** @description Messages, newest first. */
            messages: Record<string, never>[];
            /**
             * Format: int64
             * @description Pass as `before` for the next (older) page; absent on the last page.
             */
            next_before?: number | null;
        };
        /** @description `POST /api/rooms/{code}/chat` */
        ChatRequest: {
            /** @description 1..=500 characters (configurable) after trimming. */
            message: string;
        };
        /** @description `POST /api/v1/rooms/` body (the seed's `RoomCreate`). */
        CreateCafeRoomRequest: {
            /** @description Hidden from other players' lists. */
            is_private?: boolean;
            /** @description Display name, 1..=30 characters. */
            name: string;
        };
        /** @description `POST /api/rooms` */
        CreateRoomRequest: {
            /**
             * Format: int32
             * @description Voting: answer window in seconds, 1..=600 (default `ROOM_GAME_ANSWER_SECS`, 60).
             */
            answer_seconds?: number | null;
            /** @description Hidden from `GET /api/rooms`. */
            is_private?: boolean;
            kind?: components["schemas"]["RoomKind"] | null;
            /**
             * Format: int32
             * @description Capacity: voting 2..=20 (default 8), space 1..=100 (default 50), co-op 2..=50 (default 2).
             */
            max_players?: number | null;
            /** @description Display name, 1..=30 characters (default `Game Room`). */
            name?: string | null;
            /** @description The name to show for the host (default: the auth username). */
            player_name?: string | null;
            /**
             * Format: int32
             * @description Voting rounds 1..=10 (default 5).
             */
            total_rounds?: number | null;
            /**
             * Format: int32
             * @description Voting: vote window in seconds, 1..=600 (default `ROOM_GAME_VOTE_SECS`, 45).
             */
            vote_seconds?: number | null;
            /**
             * Format: int64
             * @description Space: where the host appears.
             */
            x?: number | null;
            /**
             * Format: int64
             * @description Space: where the host appears.
             */
            y?: number | null;
        };
        /** @description One invalid field of a request. */
        FieldError: {
            /** @description The field's name (dotted path for nested fields). */
            field: string;
            /** @description What is wrong with it. */
            message: string;
        };
        /** @description `GET /api/game/{code}`: everything a reconnecting client needs. */
        GameStateResponse: {
            /**
             * Format: int32
             * @description Answer window of this room, in seconds.
             */
            answer_seconds: number;
            /** @description Its answers (anonymous until its results). */
            answers: components["schemas"]["AnswerView"][];
            /**
             * Format: int32
             * @description The latest round's number (0 before the start).
             */
            current_round: number;
            /** @description Whether the caller answered the latest round. */
            has_answered: boolean;
            /** @description Whether the caller voted in the latest round. */
            has_voted: boolean;
            /**
             * Format: uuid
             * @description The host, who drives the phases.
             */
            host_id: string;
            /** @description Points of ended rounds. */
            leaderboard: components["schemas"]["ScoreEntry"][];
            /** @description Where the game is. */
            phase: components["schemas"]["Phase"];
            /** @description The join code. */
            room_code: string;
            round?: components["schemas"]["RoundView"] | null;
            /**
             * Format: date-time
             * @description The server's clock, to turn `ends_at` into a countdown.
             */
            server_time: string;
            /** @description `waiting`, `active` or `finished` (the room's status). */
            status: string;
            /** @description How many answers the latest round has. */
            submitted_count: number;
            /**
             * Format: int32
             * @description Rounds in the game.
             */
            total_rounds: number;
            /**
             * Format: int32
             * @description Vote window of this room, in seconds.
             */
            vote_seconds: number;
        };
        /** @description Liveness answer. */
        Health: {
            /** @description The service's name. */
            service: string;
            /** @description Always `ok` when the process answers. */
            status: string;
            /** @description The build's version. */
            version: string;
        };
        /** @description `POST /api/rooms/join` */
        JoinRoomRequest: {
            /** @description The join code (case-insensitive). */
            code: string;
            /** @description The name to show (default: the auth username). */
            player_name?: string | null;
            /**
             * Format: int64
             * @description Space: where the player appears.
             */
            x?: number | null;
            /**
             * Format: int64
             * @description Space: where the player appears.
             */
            y?: number | null;
        };
        /** @description `GET /api/game/{code}/leaderboard` */
        LeaderboardResponse: {
            /** @description Whether these are the final scores. */
            is_final: boolean;
            /** @description The join code. */
            room_code: string;
            /** @description Highest first. */
            scores: components["schemas"]["ScoreEntry"][];
        };
        /** @description An object as the cafe seed shows it, with its owner. */
        ObjectView: {
            /** @description Inventory catalog entry. */
            catalog_id: string;
            /**
             * Format: date-time
             * @description Placed.
             */
            created_at: string;
            /**
             * Format: uuid
             * @description Id.
             */
            id: string;
            /** @description The item's properties. */
            metadata: Record<string, never>;
            /**
             * Format: uuid
             * @description Owner (gets it back on pick-up).
             */
            owner_user_id: string;
            /** @description Room code. */
            room_id: string;
            /**
             * Format: double
             * @description Degrees.
             */
            rotation: number;
            /** @description `chair`, `table`... */
            type: string;
            /**
             * Format: int32
             * @description Position.
             */
            x: number;
            /**
             * Format: int32
             * @description Position.
             */
            y: number;
        };
        /**
         * @description Where a game is, as clients see it.
         * @enum {string}
         */
        Phase: "waiting" | "answering" | "voting" | "results" | "finished";
        /** @description `POST /api/rooms/{code}/objects` */
        PlaceObjectRequest: {
            /**
             * Format: uuid
             * @description An owned furniture item (one is consumed).
             */
            inventory_item_id: string;
            /**
             * Format: double
             * @description Degrees (normalised to 0..360).
             */
            rotation?: number;
            /**
             * Format: int64
             * @description Position within the room's bounds.
             */
            x: number;
            /**
             * Format: int64
             * @description Position within the room's bounds.
             */
            y: number;
        };
        /** @description A player as rooms list them (JumpJumpJump `players[]` plus the voting seed's participant). */
        PlayerView: {
            /** @description Whether the player's connection is up (false during a co-op reconnect window). */
            connected: boolean;
            /**
             * Format: uuid
             * @description Same as `player_id` (voting seed's participant `id`).
             */
            id: string;
            /** @description Ready for the start. */
            is_ready: boolean;
            /**
             * Format: uuid
             * @description The player's user id (JumpJumpJump's `player_id`).
             */
            player_id: string;
            /** @description Display name. */
            player_name: string;
            /**
             * Format: int32
             * @description 1-based slot by join order.
             */
            player_number: number;
            /** @description JumpJumpJump skin by slot. */
            skin: string;
            /** @description Same as `player_name`. */
            username: string;
            /**
             * Format: int32
             * @description Space position.
             */
            x: number;
            /**
             * Format: int32
             * @description Space position.
             */
            y: number;
        };
        /** @description The JSON body of an error response. */
        ProblemBody: {
            /** @description Stable snake_case machine-readable code, e.g. `insufficient_funds`. */
            code: string;
            /**
             * @description Explanation specific to this occurrence; always sent (the title when nothing more
             *     specific applies), optional only when reading another service's body.
             */
            detail?: string | null;
            /** @description Invalid fields, for validation errors. */
            errors?: components["schemas"]["FieldError"][];
            /** @description The request id, for support and log correlation. */
            request_id?: string | null;
            /**
             * Format: int32
             * @description HTTP status code.
             */
            status: number;
            /** @description Short human-readable summary of the problem type. */
            title: string;
            /** @description A URI naming the problem type. */
            type: string;
        };
        /** @description Readiness answer. */
        Ready: {
            /** @description Each dependency checked, with `ok`. */
            checks: {
                [key: string]: string;
            };
            /** @description `ready`. */
            status: string;
        };
        /**
         * @description What a room is for.
         * @enum {string}
         */
        RoomKind: "voting" | "space" | "coop";
        /** @description A room with its players (voting seed's `RoomResponse` and JumpJumpJump's `room_info`). */
        RoomResponse: {
            /** @description The 6-character join code. */
            code: string;
            /**
             * Format: date-time
             * @description Created.
             */
            created_at: string;
            /**
             * Format: int32
             * @description Current voting round.
             */
            current_round: number;
            /** @description Whether the game started (JumpJumpJump). */
            game_started: boolean;
            /**
             * Format: uuid
             * @description The host.
             */
            host_id: string;
            /**
             * Format: uuid
             * @description Room id.
             */
            id: string;
            /** @description Hidden from the open list. */
            is_private: boolean;
            /** @description `voting`, `space` or `coop`. */
            kind: components["schemas"]["RoomKind"];
            /**
             * Format: int32
             * @description Capacity.
             */
            max_players: number;
            /** @description Display name. */
            name: string;
            /** @description Same as `player_count` (voting seed). */
            participant_count: number;
            /** @description Same list (voting seed's `participants`). */
            participants: components["schemas"]["PlayerView"][];
            /** @description Members. */
            player_count: number;
            /** @description Members by slot. */
            players: components["schemas"]["PlayerView"][];
            /**
             * @description The caller's secret for reconnecting after a dropped connection (only in the answer
             *     to the caller's own create or join).
             */
            reconnect_token?: string | null;
            /** @description Same as `code` (JumpJumpJump). */
            room_id: string;
            /** @description Same as `name` (JumpJumpJump). */
            room_name: string;
            /** @description `waiting`, `active` or `finished`. */
            status: string;
            /**
             * Format: int32
             * @description Voting rounds.
             */
            total_rounds: number;
        };
        /** @description `end-round`'s answer. */
        RoundEndedResponse: {
            /** @description Whether it was the last round. */
            is_final: boolean;
            /** @description Scores after it. */
            leaderboard: components["schemas"]["ScoreEntry"][];
            /** @description `Round ended`. */
            message: string;
            /** @description Its answers with their authors and votes. */
            results: components["schemas"]["AnswerView"][];
            /** @description The join code. */
            room_code: string;
            /**
             * Format: uuid
             * @description The ended round.
             */
            round_id: string;
            /**
             * Format: int32
             * @description Its number.
             */
            round_number: number;
        };
        /** @description A host control's or start's answer: the seed's message plus the round. */
        RoundResponse: components["schemas"]["RoundView"] & {
            /** @description The answers to vote on (when voting opened). */
            answers?: components["schemas"]["AnswerView"][] | null;
            /** @description `Game started`, `Voting started` or `Round started`. */
            message: string;
            /** @description The join code. */
            room_code: string;
        };
        /** @description A round's state. */
        RoundView: {
            /**
             * Format: date-time
             * @description The current phase's deadline (none in results).
             */
            ends_at?: string | null;
            /**
             * Format: uuid
             * @description Same as `round_id`.
             */
            id: string;
            /** @description The prompt. */
            question: string;
            /**
             * Format: uuid
             * @description Id (`/api/game/rounds/{id}/...`).
             */
            round_id: string;
            /**
             * Format: int32
             * @description 1-based.
             */
            round_number: number;
            /**
             * Format: date-time
             * @description When the round started.
             */
            started_at: string;
            /** @description `answering`, `voting` or `results`. */
            status: string;
            /**
             * Format: int32
             * @description The window of the current phase in seconds (0 in results).
             */
            time_limit: number;
        };
        /** @description A leaderboard line: the seed's REST fields and its event's `score`. */
        ScoreEntry: {
            /** @description 1-based; ties share a rank. */
            rank: number;
            /**
             * Format: int64
             * @description Votes received in the latest ended round.
             */
            round_points: number;
            /**
             * Format: int64
             * @description Same as `total_points` (the seed's `round_ended` entries).
             */
            score: number;
            /**
             * Format: int64
             * @description Votes received over the ended rounds.
             */
            total_points: number;
            /**
             * Format: uuid
             * @description The player.
             */
            user_id: string;
            /** @description Their name in the room. */
            username: string;
        };
        /**
         * @description What a tool does to an object.
         * @enum {string}
         */
        ToolAction: "destroy" | "move";
        /** @description A tool use as the cafe seed's `ToolsLog`. */
        ToolLogView: {
            /** @description `destroy` or `move`. */
            action: string;
            /**
             * Format: date-time
             * @description When.
             */
            created_at: string;
            /**
             * Format: int64
             * @description Id.
             */
            id: number;
            /** @description Room code. */
            room_id: string;
            /**
             * Format: uuid
             * @description The object.
             */
            target_object_id: string;
            /**
             * Format: uuid
             * @description Who.
             */
            user_id: string;
        };
        /** @description `PATCH /api/rooms/{code}/objects/{id}` */
        UpdateObjectRequest: {
            /**
             * Format: double
             * @description New rotation in degrees.
             */
            rotation?: number | null;
            /**
             * Format: int64
             * @description New x.
             */
            x?: number | null;
            /**
             * Format: int64
             * @description New y.
             */
            y?: number | null;
        };
        /** @description `POST /api/rooms/{code}/tools/use` */
        UseToolRequest: {
            /** @description `destroy` or `move`. */
            action: components["schemas"]["ToolAction"];
            /**
             * Format: uuid
             * @description The object.
             */
            target_object_id: string;
            /**
             * Format: int64
             * @description `move`: new x.
             */
            x?: number | null;
            /**
             * Format: int64
             * @description `move`: new y.
             */
            y?: number | null;
        };
        /** @description `POST /api/game/rounds/{id}/vote` */
        VoteRequest: {
            /**
             * Format: uuid
             * @description The answer voted for (never the caller's own).
             */
            answer_id: string;
        };
        /** @description `vote`'s answer. */
        VoteResponse: {
            /**
             * Format: uuid
             * @description The answer voted for.
             */
            answer_id: string;
            /** @description `Vote submitted`. */
            message: string;
            /**
             * Format: int64
             * @description Its votes now.
             */
            vote_count: number;
            /**
             * Format: uuid
             * @description The vote.
             */
            vote_id: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
};
export type $defs = Record<string, never>;
export interface operations {
    get_game: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description join code */
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GameStateResponse"];
                };
            };
            /** @description `wrong_room_kind`: not a voting room */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    end_round: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description join code */
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoundEndedResponse"];
                };
            };
            /** @description `wrong_room_kind`: not a voting room */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `room_not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `wrong_phase`, `game_not_started` or `game_finished` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    get_leaderboard: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description join code */
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeaderboardResponse"];
                };
            };
            /** @description `wrong_room_kind`: not a voting room */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    next_round: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description join code */
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoundResponse"];
                };
            };
            /** @description `wrong_room_kind`: not a voting room */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `room_not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `wrong_phase`, `game_not_started` or `game_finished` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    start_game: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description join code */
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoundResponse"];
                };
            };
            /** @description `wrong_room_kind`: not a voting room */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `not_host` or `not_a_member` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `game_already_started` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    start_voting: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description join code */
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoundResponse"];
                };
            };
            /** @description `wrong_room_kind`: not a voting room */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `room_not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `wrong_phase`, `game_not_started` or `game_finished` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    submit_answer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description round id */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AnswerRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnswerView"];
                };
            };
            /** @description `malformed_json`: the body is not JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `already_answered` or `not_accepting_answers` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `payload_too_large` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `unsupported_media_type`: the body is not sent as application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    list_answers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description round id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnswerView"][];
                };
            };
            /** @description `invalid_path_parameter`, or `invalid_path` from the gateway: dot segments or encoded separators */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    submit_vote: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description round id */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VoteRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VoteResponse"];
                };
            };
            /** @description `cannot_vote_own_answer` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `already_voted` or `not_accepting_votes` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `payload_too_large` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `unsupported_media_type`: the body is not sent as application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `invalid_body`: JSON of the wrong shape */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    list_open_rooms: {
        parameters: {
            query?: {
                /** @description Only rooms of this kind. */
                kind?: components["schemas"]["RoomKind"] | null;
                /** @description 1..=100, default 50. */
                limit?: number | null;
                /** @description Rooms to skip. */
                offset?: number | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoomResponse"][];
                };
            };
            /** @description `invalid_query` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    create_room: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateRoomRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoomResponse"];
                };
            };
            /** @description `malformed_json`: the body is not JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `payload_too_large` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `unsupported_media_type`: the body is not sent as application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    get_room: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description join code */
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoomResponse"];
                };
            };
            /** @description `invalid_path_parameter`, or `invalid_path` from the gateway: dot segments or encoded separators */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    list_chat: {
        parameters: {
            query?: {
                /** @description Only messages with a smaller id (the previous page's `next_before`). */
                before?: number | null;
                /** @description 1..=100, default 50. */
                limit?: number | null;
            };
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChatPage"];
                };
            };
            /** @description `invalid_path_parameter`, or `invalid_path` from the gateway: dot segments or encoded separators */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `validation_failed`: `limit` outside 1..=100 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    post_chat: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChatRequest"];
            };
        };
        responses: {
            /** @description the stored message */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `malformed_json`: the body is not JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `room_not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `payload_too_large` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `unsupported_media_type`: the body is not sent as application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    leave_room: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description join code */
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description `{"message":"Left room successfully"}` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `invalid_path_parameter`, or `invalid_path` from the gateway: dot segments or encoded separators */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    list_objects: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ObjectView"][];
                };
            };
            /** @description `invalid_path_parameter`, or `invalid_path` from the gateway: dot segments or encoded separators */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    place_object: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PlaceObjectRequest"];
            };
        };
        responses: {
            /** @description a replay of an earlier placement with the same key */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `{status, object_id, object}` */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `payload_too_large` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `unsupported_media_type`: the body is not sent as application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    pickup_object: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description `{status, object_id, owner_user_id, granted}` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `wrong_room_kind`: not a space room */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    update_object: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateObjectRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ObjectView"];
                };
            };
            /** @description `wrong_room_kind`: not a space room */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `payload_too_large` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `unsupported_media_type`: the body is not sent as application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `invalid_body`: JSON of the wrong shape */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    list_tool_logs: {
        parameters: {
            query?: {
                /** @description Only entries with a smaller id. */
                before?: number | null;
                /** @description 1..=100, default 50. */
                limit?: number | null;
            };
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ToolLogView"][];
                };
            };
            /** @description `invalid_path_parameter`, or `invalid_path` from the gateway: dot segments or encoded separators */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `room_not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `validation_failed`: `limit` outside 1..=100 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    use_tool: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UseToolRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ToolLogView"];
                };
            };
            /** @description `wrong_room_kind`: not a space room */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `payload_too_large` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `unsupported_media_type`: the body is not sent as application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    list_all_rooms: {
        parameters: {
            query?: {
                /** @description Only rooms of this kind. */
                kind?: components["schemas"]["RoomKind"] | null;
                /** @description 1..=100, default 50. */
                limit?: number | null;
                /** @description Rooms to skip. */
                offset?: number | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoomResponse"][];
                };
            };
            /** @description `invalid_query` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    join_room: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["JoinRoomRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoomResponse"];
                };
            };
            /** @description `malformed_json`: the body is not JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `room_full` or `room_closed` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `payload_too_large` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `unsupported_media_type`: the body is not sent as application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    list_cafe_rooms: {
        parameters: {
            query?: {
                /** @description 1..=100 (default 100, as the seed). */
                limit?: number | null;
                /** @description Only public rooms (default true); `false` adds the caller's own private rooms. */
                public_only?: boolean | null;
                /** @description Rooms to skip (default 0). */
                skip?: number | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CafeRoomResponse"][];
                };
            };
            /** @description `invalid_query` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    create_cafe_room: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateCafeRoomRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CafeRoomResponse"];
                };
            };
            /** @description `malformed_json`: the body is not JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `payload_too_large` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `unsupported_media_type`: the body is not sent as application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    get_cafe_room: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the room's integer id */
                room_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CafeRoomResponse"];
                };
            };
            /** @description `invalid_path_parameter`, or `invalid_path` from the gateway: dot segments or encoded separators */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    healthz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    readyz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Ready"];
                };
            };
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
}
