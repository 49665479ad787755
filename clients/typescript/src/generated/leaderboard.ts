// Generated from openapi/leaderboard.json by scripts/generate.mjs (openapi-typescript); do not edit.
// Regenerate with `make sdk`.

export type paths = {
    "/api/leaderboards": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The boards, their periods and the next reset of each. */
        get: operations["list_boards"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/scores": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Submits a score for the authenticated player (Bearer access token or `access_token` cookie). It is stored, then ranked on every period of
         *     its board. Answers 200, as the seed did. With a deployment key (the gateway's assertion for
         *     `X-API-Key`) the score goes to the key's namespace under the `player_name` sent (required),
         *     marked `source: "api_key"` and ranked among that namespace's scores. An account's
         *     submission may carry an `Idempotency-Key`: a retry with the same key and score stores
         *     nothing and answers with the first score (its id, ranks and `personal_best` as then).
         */
        post: operations["submit_score"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/scores/around-me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The entries ranked just above and below the caller's best (needs an access token). */
        get: operations["get_around_me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/scores/leaderboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The top entries, ranked 1..n (or from `offset + 1`): by score, ties broken by who got there
         *     first.
         */
        get: operations["list_leaderboard"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/scores/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's rank and best entry on a board in a period (needs an access token). */
        get: operations["get_my_rank"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/scores/player/{player_name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The best score submitted under a player name (`rank` is `null`, as in the seed). */
        get: operations["get_player_best"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/scores/rank/{score}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The rank a score would have: 1 + the entries scoring strictly more (the seed's rule). */
        get: operations["get_score_rank"];
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
        /** @description The caller's neighbourhood on a board. */
        AroundMeResponse: {
            /** @description Entries from `rank - radius` to `rank + radius` that exist, ranked, the caller's among them. */
            entries: components["schemas"]["ScoreResponse"][];
            /** @description The board. */
            game_mode: string;
            /** @description The period. */
            period: components["schemas"]["Period"];
            /**
             * Format: int64
             * @description The caller's 1-based rank.
             */
            rank: number;
            /**
             * Format: int64
             * @description Entries on the board in this period.
             */
            total_entries: number;
        };
        /** @description One board. */
        BoardInfo: {
            /** @description Its name: the `game_mode` it ranks. */
            game_mode: string;
            /** @description `best` (one entry per player) or `all` (every score). */
            kind: components["schemas"]["BoardKind"];
            /**
             * Format: int64
             * @description The highest score accepted.
             */
            max_score: number;
            /** @description Its periods. */
            periods: components["schemas"]["PeriodInfo"][];
        };
        /**
         * @description How a board counts a player's scores.
         * @enum {string}
         */
        BoardKind: "best" | "all";
        /** @description Every board. */
        BoardsResponse: {
            /** @description The boards, in configuration order. */
            boards: components["schemas"]["BoardInfo"][];
            /**
             * Format: date-time
             * @description The server's time the reset times were computed at.
             */
            now: string;
        };
        /** @description One invalid field of a request. */
        FieldError: {
            /** @description The field's name (dotted path for nested fields). */
            field: string;
            /** @description What is wrong with it. */
            message: string;
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
        /** @description The caller's rank on a board. */
        MyRankResponse: {
            /** @description The caller's best entry in this period. */
            entry: components["schemas"]["ScoreResponse"];
            /** @description The board. */
            game_mode: string;
            /** @description The period. */
            period: components["schemas"]["Period"];
            /**
             * Format: int64
             * @description The caller's 1-based rank (of their best entry).
             */
            rank: number;
            /**
             * Format: int64
             * @description Entries on the board in this period.
             */
            total_entries: number;
        };
        /**
         * @description A ranking period.
         * @enum {string}
         */
        Period: "all" | "daily" | "weekly" | "monthly";
        /** @description One period of a board. */
        PeriodInfo: {
            /** @description The period. */
            period: components["schemas"]["Period"];
            /** @description Id of the current occurrence (`all`, `d20261201`, `w20261130`, `m202612`). */
            period_id: string;
            /**
             * Format: date-time
             * @description When it resets (UTC); `null` for all-time.
             */
            resets_at?: string | null;
            /**
             * Format: date-time
             * @description When the current occurrence started (UTC); the epoch for all-time.
             */
            starts_at: string;
        };
        /** @description Ranks of a new score in each period. */
        PeriodRanks: {
            /**
             * Format: int64
             * @description All-time rank.
             */
            all: number;
            /**
             * Format: int64
             * @description Rank today (UTC).
             */
            daily: number;
            /**
             * Format: int64
             * @description Rank this month (UTC).
             */
            monthly: number;
            /**
             * Format: int64
             * @description Rank this week (from Monday, UTC).
             */
            weekly: number;
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
        /** @description The rank a score would have. */
        RankResponse: {
            /**
             * Format: int64
             * @description 1 + the number of entries scoring strictly more.
             */
            rank: number;
            /**
             * Format: int64
             * @description The score asked about.
             */
            score: number;
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
        /** @description `POST /api/scores` body: the seed's fields. */
        ScoreRequest: {
            /**
             * Format: int64
             * @description Coins collected (non-negative).
             */
            coins: number;
            /**
             * Format: int64
             * @description Distance travelled (non-negative).
             */
            distance: number;
            /**
             * Format: int64
             * @description Enemies defeated (non-negative).
             */
            enemies_defeated: number;
            /** @description The board: one of the configured game modes (`levels`, `endless` by default). */
            game_mode: string;
            /**
             * Format: int64
             * @description Level reached (non-negative).
             */
            level: number;
            /** @description Display name, 1-50 characters; the caller's username when absent. */
            player_name?: string | null;
            /**
             * Format: int64
             * @description The score: 0 up to the board's maximum.
             */
            score: number;
        };
        /** @description A stored score: the seed's `ScoreResponse` fields, plus the submitting user's id. */
        ScoreResponse: {
            /**
             * Format: int64
             * @description Coins collected.
             */
            coins: number;
            /**
             * Format: date-time
             * @description When it was submitted (UTC, millisecond precision).
             */
            created_at: string;
            /**
             * Format: int64
             * @description Distance travelled.
             */
            distance: number;
            /**
             * Format: int64
             * @description Enemies defeated.
             */
            enemies_defeated: number;
            /** @description The board (`levels`, `endless`, ...). */
            game_mode: string;
            /**
             * Format: int64
             * @description Score id.
             */
            id: number;
            /**
             * Format: int64
             * @description Level reached.
             */
            level: number;
            /** @description Display name it was submitted under. */
            player_name: string;
            /**
             * Format: int64
             * @description 1-based rank in the list it appears in; `null` where the seed had none.
             */
            rank?: number | null;
            /**
             * Format: int64
             * @description The score.
             */
            score: number;
            /** @description `account`, or `api_key` for a score submitted with a deployment key. */
            source: components["schemas"]["ScoreSource"];
            /**
             * Format: uuid
             * @description The player who submitted it; for a key score, a stable id of (key namespace, player
             *     name), never an account's.
             */
            user_id: string;
        };
        /**
         * @description Who submitted a score.
         * @enum {string}
         */
        ScoreSource: "account" | "api_key";
        /** @description A stored score with its ranks. */
        SubmitScoreResponse: components["schemas"]["ScoreResponse"] & {
            /** @description Whether it beats every earlier score of the player on this board. */
            personal_best: boolean;
            /** @description Its rank in each period. */
            ranks: components["schemas"]["PeriodRanks"];
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
    list_boards: {
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
                    "application/json": components["schemas"]["BoardsResponse"];
                };
            };
        };
    };
    submit_score: {
        parameters: {
            query?: never;
            header?: {
                /** @description 1-200 visible ASCII characters; a retry with the same key answers with the score first stored under it */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ScoreRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubmitScoreResponse"];
                };
            };
            /** @description `malformed_json` or `invalid_idempotency_key` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description no or invalid access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `unknown_user`: no player_name and auth does not know the caller */
            403: {
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
            /** @description `invalid_body` (wrong shape, e.g. 1.5), `validation_failed` (negative, above the board maximum, unknown game_mode, bad name) or `idempotency_key_reused` (the key stored a different score) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `username_unavailable` (no player_name and auth unreachable or failing), `database_unavailable`, or `ranks_rebuilding` (Redis ranks being rebuilt and PostgreSQL busy answering others; nothing was stored, retry after `Retry-After`) */
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
    get_around_me: {
        parameters: {
            query: {
                /** @description The board. */
                game_mode: string;
                /** @description `all` (default), `daily`, `weekly` or `monthly`. */
                period?: components["schemas"]["Period"] | null;
                /**
                 * @description Entries on each side of the caller: 0 to `LEADERBOARD_MAX_RADIUS` (25 by default;
                 *     larger values are capped); default 5.
                 */
                radius?: number | null;
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
                    "application/json": components["schemas"]["AroundMeResponse"];
                };
            };
            /** @description `invalid_query`: negative radius, unknown game_mode or period */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description no or invalid access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `no_score` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `ranks_rebuilding`: the Redis ranks are being rebuilt and PostgreSQL is busy answering others; retry after `Retry-After` */
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
    list_leaderboard: {
        parameters: {
            query?: {
                /** @description The board; without it, every board's entries merged in rank order (the seed's). */
                game_mode?: string | null;
                /**
                 * @description Entries to return: 1 to `LEADERBOARD_MAX_LIMIT` (100 by default; larger values are
                 *     capped); default 10.
                 */
                limit?: number | null;
                /**
                 * @description Entries to skip first: 0 (default) to `LEADERBOARD_MAX_OFFSET` (10,000 by default);
                 *     the answer's ranks start at `offset + 1`.
                 */
                offset?: number | null;
                /** @description `all` (default), `daily`, `weekly` or `monthly` (UTC; weeks start on Monday). */
                period?: components["schemas"]["Period"] | null;
                /**
                 * @description Whose scores: `account` (accounts' only), `api_key` (scores submitted with a deployment
                 *     key: the caller's own key namespace when it calls with a key, else every key's) or `all`
                 *     (both, merged in rank order). Default: `api_key` for a key caller, else `account`.
                 */
                source?: ("account" | "api_key" | "all") | null;
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
                    "application/json": components["schemas"]["ScoreResponse"][];
                };
            };
            /** @description `invalid_query`: limit below 1, offset negative or above the maximum, unknown game_mode or period */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `ranks_rebuilding`: the Redis ranks are being rebuilt and PostgreSQL is busy answering others; retry after `Retry-After` */
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
    get_my_rank: {
        parameters: {
            query: {
                /** @description The board. */
                game_mode: string;
                /** @description `all` (default), `daily`, `weekly` or `monthly`. */
                period?: components["schemas"]["Period"] | null;
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
                    "application/json": components["schemas"]["MyRankResponse"];
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
            /** @description no or invalid access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `no_score`: nothing submitted on this board in this period */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `ranks_rebuilding`: the Redis ranks are being rebuilt and PostgreSQL is busy answering others; retry after `Retry-After` */
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
    get_player_best: {
        parameters: {
            query?: {
                /** @description Only this board's scores. */
                game_mode?: string | null;
                /**
                 * @description Whose scores: `account` (accounts' only), `api_key` (scores submitted with a deployment
                 *     key: the caller's own key namespace when it calls with a key, else every key's) or `all`
                 *     (both, merged in rank order). Default: `api_key` for a key caller, else `account`.
                 */
                source?: ("account" | "api_key" | "all") | null;
            };
            header?: never;
            path: {
                /** @description Display name */
                player_name: string;
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
                    "application/json": components["schemas"]["ScoreResponse"];
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
            /** @description `player_not_found` */
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
    get_score_rank: {
        parameters: {
            query?: {
                /** @description The board; without it, entries of every board count (the seed's). */
                game_mode?: string | null;
                /** @description `all` (default), `daily`, `weekly` or `monthly`. */
                period?: components["schemas"]["Period"] | null;
                /**
                 * @description Whose scores: `account` (accounts' only), `api_key` (scores submitted with a deployment
                 *     key: the caller's own key namespace when it calls with a key, else every key's) or `all`
                 *     (both, merged in rank order). Default: `api_key` for a key caller, else `account`.
                 */
                source?: ("account" | "api_key" | "all") | null;
            };
            header?: never;
            path: {
                /** @description A score */
                score: number;
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
                    "application/json": components["schemas"]["RankResponse"];
                };
            };
            /** @description `invalid_path_parameter` or `invalid_query` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `ranks_rebuilding`: the Redis ranks are being rebuilt and PostgreSQL is busy answering others; retry after `Retry-After` */
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
