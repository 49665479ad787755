// Generated from openapi/gacha.json by scripts/generate.mjs (openapi-typescript); do not edit.
// Regenerate with `make sdk`.

export type paths = {
    "/api/gacha/admin/audit/{pull_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Recomputes a pull from its stored draws, starting pity and rate-table version, and says
         *     whether the result matches what was recorded.
         */
        get: operations["audit_pull"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/gacha/admin/banners": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every banner, retired and future ones included. */
        get: operations["list_banners_admin"];
        put?: never;
        /**
         * Creates a banner; its pool must name gacha items of inventory's catalog at their star
         *     rating.
         */
        post: operations["create_banner"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/gacha/admin/banners/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One banner. */
        get: operations["get_banner_admin"];
        /**
         * Replaces a banner's settings. A change of odds or pool makes a new rate-table version;
         *     pulls already made keep pointing at the version they used.
         */
        put: operations["replace_banner"];
        post?: never;
        /** Retires a banner (no more pulls; history and audits keep working). */
        delete: operations["retire_banner"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/gacha/banner": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One banner (seed shape): `banner_id`, or the current featured character banner. */
        get: operations["get_banner"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/gacha/banners": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The open banners. */
        get: operations["list_banners"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/gacha/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's completed pulls, newest first (kept at least 90 days). Only the caller's:
         *     there is no way to ask for another player's.
         */
        get: operations["get_history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/gacha/pull": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pulls once or ten times (ten sequential pulls). The outcome and new pity are recorded
         *     first, then gems are debited and the items granted in one inventory transaction, then
         *     the pull is complete. `Idempotency-Key` makes a retry return the first outcome (and
         *     finish a pull that was left pending) without paying twice.
         */
        post: operations["pull"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/gacha/rates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The odds disclosure: base rates (seed shape), consolidated long-run rates computed from
         *     the model (pity included), each item's probability, the pity rules in words, and, for a
         *     signed-in caller, their pity on this banner type.
         */
        get: operations["get_rates"];
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
        /** @description `GET /api/gacha/admin/audit/{pull_id}` answer. */
        AuditResponse: {
            /**
             * Format: uuid
             * @description The banner.
             */
            banner_id: string;
            /** @description The random numbers drawn, one per pull. */
            draws: components["schemas"]["Draw"][];
            /** @description Whether both agree. */
            matches: boolean;
            /** @description Pity before the pull. */
            pity_before: components["schemas"]["PityState"];
            /**
             * Format: uuid
             * @description The pull.
             */
            pull_id: string;
            /**
             * Format: int32
             * @description The banner version (rate table and pool) used.
             */
            rate_table_version: number;
            /** @description Items recomputed from the draws. */
            recomputed: components["schemas"]["PullItem"][];
            /** @description Pity after, recomputed. */
            recomputed_pity_after: components["schemas"]["PityState"];
            /** @description Items as recorded. */
            recorded: components["schemas"]["PullItem"][];
            /** @description Pity after, as recorded. */
            recorded_pity_after: components["schemas"]["PityState"];
            /** @description `pending`, `complete` or `cancelled`. */
            status: string;
            /**
             * Format: uuid
             * @description Its player.
             */
            user_id: string;
        };
        /** @description `POST`/`PUT /api/gacha/admin/banners` body. */
        BannerRequest: {
            /** @description Whether the banner takes pulls (default true; false retires it). */
            active?: boolean | null;
            /**
             * @description `character_event`, `weapon_event` or `standard` (cannot change on update: pity is
             *     kept per type).
             */
            banner_type: components["schemas"]["BannerType"];
            /**
             * Format: int64
             * @description Gems per pull (default 160).
             */
            cost_single?: number | null;
            /**
             * Format: int64
             * @description Gems per 10-pull (default 1,600).
             */
            cost_ten?: number | null;
            /** @description Blurb, at most 1,000 characters. */
            description?: string;
            /**
             * Format: date-time
             * @description Closing time (`null`: open-ended).
             */
            ends_at?: string | null;
            /** @description Display name, 1-100 characters. */
            name: string;
            /** @description Inventory catalog ids by star rating, with the featured 5★. */
            pool: components["schemas"]["Pool"];
            rates?: components["schemas"]["RateTable"] | null;
            /**
             * Format: date-time
             * @description Opening time (default: now).
             */
            starts_at?: string | null;
        };
        /**
         * @description The three banner families; pity is kept per player per family and carries across banners
         *     of the same family.
         * @enum {string}
         */
        BannerType: "character_event" | "weapon_event" | "standard";
        /** @description A banner (the seed's `GET /banner` fields first). */
        BannerView: {
            /** @description Retired banners are false. */
            active: boolean;
            /**
             * Format: uuid
             * @description Id.
             */
            banner_id: string;
            /** @description Type. */
            banner_type: string;
            /**
             * Format: int64
             * @description Gems per pull.
             */
            cost_single: number;
            /**
             * Format: int64
             * @description Gems per 10-pull.
             */
            cost_ten: number;
            /** @description Blurb. */
            description: string;
            /**
             * Format: date-time
             * @description Closing (seed; `null`: open-ended).
             */
            end_date?: string | null;
            /** @description Featured 5★ (seed). */
            featured_items: components["schemas"]["FeaturedItem"][];
            /** @description Whether it takes pulls now. */
            is_open: boolean;
            /** @description Name. */
            name: string;
            /** @description Inventory catalog ids by star rating. */
            pool: components["schemas"]["Pool"];
            /**
             * Format: int32
             * @description The rate-table version in force.
             */
            rate_table_version: number;
            /**
             * Format: date-time
             * @description Opening (seed).
             */
            start_date: string;
        };
        /** @description Long-run probabilities per pull, pity included. */
        Consolidated: {
            /**
             * Format: double
             * @description Share of 5★ that are featured (event banners; 1/(2 - p) for a coin flip won with
             *     probability p and a guarantee after a loss).
             */
            featured_share_of_five?: number | null;
            /**
             * Format: double
             * @description Probability that a pull gives a 5★.
             */
            five: number;
            /**
             * Format: double
             * @description Probability that a pull gives a 4★.
             */
            four: number;
            /**
             * Format: double
             * @description Mean pulls between two featured 5★.
             */
            mean_pulls_per_featured?: number | null;
            /**
             * Format: double
             * @description Mean pulls between two 5★.
             */
            mean_pulls_per_five: number;
            /**
             * Format: double
             * @description Probability that a pull gives a 3★.
             */
            three: number;
        };
        /** @description The three numbers one pull uses. */
        Draw: {
            /**
             * Format: int32
             * @description Uniform in `0..1_000_000`: the featured coin flip (used on 5★ of event banners).
             */
            featured: number;
            /**
             * Format: int32
             * @description Uniform over `u32`: scaled onto the chosen tier's item list.
             */
            item: number;
            /**
             * Format: int32
             * @description Uniform in `0..1_000_000`: compared with the rarity thresholds.
             */
            rarity: number;
        };
        /** @description A featured item (seed's `featured_items` entry). */
        FeaturedItem: {
            /** @description Catalog id. */
            item_id: string;
            /** @description Name. */
            name: string;
            /** @description `"5-star"`. */
            rarity: string;
            /** @description `character` or `weapon`. */
            type: string;
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
        /** @description One completed pull. */
        HistoryEntry: {
            /**
             * Format: uuid
             * @description The banner.
             */
            banner_id: string;
            /** @description Its type. */
            banner_type: string;
            /**
             * Format: int32
             * @description 1 or 10.
             */
            count: number;
            /**
             * Format: date-time
             * @description When.
             */
            created_at: string;
            /**
             * Format: int64
             * @description Gems paid.
             */
            gems_spent: number;
            /** @description What it gave. */
            items: components["schemas"]["PullItem"][];
            /**
             * Format: int32
             * @description Pulls since the last 5★ afterwards.
             */
            pity_counter: number;
            /**
             * Format: uuid
             * @description The pull.
             */
            pull_id: string;
            /**
             * Format: int32
             * @description The banner version (rate table) it used.
             */
            rate_table_version: number;
        };
        /** @description A page of history. */
        HistoryPage: {
            /** @description Pass as `cursor` for the next page; `null` on the last. */
            next_cursor?: string | null;
            /** @description Newest first. */
            pulls: components["schemas"]["HistoryEntry"][];
        };
        /** @description The probability of one item. */
        ItemOdds: {
            /** @description Featured on this banner. */
            is_featured: boolean;
            /** @description Catalog id. */
            item_id: string;
            /** @description Name. */
            item_name: string;
            /** @description `character` or `weapon`. */
            item_type: string;
            /**
             * Format: double
             * @description Long-run probability per pull, pity included.
             */
            probability: number;
            /** @description The same as a percentage. */
            probability_text: string;
            /**
             * Format: int32
             * @description 3-5.
             */
            stars: number;
        };
        /** @description The seed's `pity` object, with the full rules. */
        PityRules: {
            /** @description The hard pity in words (seed). */
            description: string;
            /** @description Chance that a 5★ is featured (`null` on standard banners). */
            featured_rate?: string | null;
            /**
             * Format: int32
             * @description A 4★ or better at least once in this many pulls.
             */
            four_star_guarantee: number;
            /** @description Always true (seed). */
            guaranteed_5_star: boolean;
            /** @description Every rule in words. */
            rules: string[];
            /**
             * Format: int32
             * @description The pull from which the 5★ chance rises.
             */
            soft_pity_start: number;
            /** @description How much it rises per pull. */
            soft_pity_step: string;
            /**
             * Format: int32
             * @description The pull on which a 5★ is certain (seed).
             */
            threshold: number;
        };
        /** @description A player's pity on one banner type. */
        PityState: {
            /** @description Whether the next 5★ is the featured one (the previous coin flip was lost). */
            guaranteed_featured: boolean;
            /**
             * Format: int32
             * @description Pulls since the last 5★.
             */
            since_five: number;
            /**
             * Format: int32
             * @description Pulls since the last 4★ (a 5★ does not reset it: when both are due, the 5★ wins and
             *     the 4★ comes on the next pull).
             */
            since_four: number;
        };
        /** @description A player's pity on one banner type. */
        PityView: {
            /** @description `character_event`, `weapon_event` or `standard`. */
            banner_type: string;
            /** @description Whether the next 5★ is guaranteed featured. */
            guaranteed_featured: boolean;
            /**
             * Format: int32
             * @description Pulls since the last 5★.
             */
            pulls_since_five_star: number;
            /**
             * Format: int32
             * @description Pulls since the last 4★.
             */
            pulls_since_four_star: number;
        };
        /**
         * @description Inventory catalog ids by star rating. `featured` is a subset of `five`; a lost coin flip
         *     picks among the 5★ that are not featured.
         */
        Pool: {
            /** @description The featured 5★ (event banners only). */
            featured?: string[];
            /** @description 5★ catalog ids, featured ones included. */
            five: string[];
            /** @description 4★ catalog ids. */
            four: string[];
            /** @description 3★ catalog ids. */
            three: string[];
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
        /** @description Optional body. */
        PullBody: {
            /**
             * Format: uuid
             * @description The banner.
             */
            banner_id?: string | null;
        };
        /** @description The 5★ chance of one pull number. */
        PullChance: {
            /** @description Its 5★ chance. */
            chance: string;
            /**
             * Format: int32
             * @description Pull number since the last 5★.
             */
            pull: number;
        };
        /** @description One item a pull gave (the seed's fields first). */
        PullItem: {
            /**
             * Format: uuid
             * @description The owned item in inventory (`GET /api/inventory/{id}`, enhancement), once the pull is
             *     complete.
             */
            inventory_item_id?: string | null;
            /** @description A featured 5★ of an event banner. */
            is_featured: boolean;
            /** @description Forced by hard pity (5★) or the 4★ floor. */
            is_pity: boolean;
            /** @description The inventory catalog id. */
            item_id: string;
            /** @description Display name. */
            item_name: string;
            /** @description `character` or `weapon`. */
            item_type: string;
            /** @description `"5-star"`, `"4-star"` or `"3-star"` (seed). */
            rarity: string;
            /**
             * Format: int32
             * @description 3, 4 or 5.
             */
            stars: number;
        };
        /** @description `POST /api/gacha/pull` answer: the seed's fields, and the pull's id and pity details. */
        PullResponse: {
            /**
             * Format: uuid
             * @description The banner pulled on.
             */
            banner_id: string;
            /** @description Its type. */
            banner_type: string;
            /**
             * Format: date-time
             * @description When the pull was made.
             */
            created_at: string;
            /**
             * Format: int32
             * @description Pulls since the last 4★.
             */
            four_star_pity_counter: number;
            /**
             * Format: int64
             * @description Gems left afterwards.
             */
            gems_remaining: number;
            /**
             * Format: int64
             * @description Gems this pull cost.
             */
            gems_spent: number;
            /** @description Whether the next 5★ is the featured one. */
            guaranteed_featured: boolean;
            /**
             * Format: int32
             * @description The pull number on which a 5★ is certain (seed).
             */
            next_pity_at: number;
            /**
             * Format: int32
             * @description Pulls since the last 5★ after this pull (seed).
             */
            pity_counter: number;
            /**
             * Format: uuid
             * @description The pull's id (the audit and history use it).
             */
            pull_id: string;
            /** @description What each pull gave, in order. */
            pulls: components["schemas"]["PullItem"][];
        };
        /** @description `GET /api/gacha/rates` answer. */
        RatesResponse: {
            /**
             * Format: uuid
             * @description The banner.
             */
            banner_id: string;
            /** @description Its name. */
            banner_name: string;
            /** @description Its type. */
            banner_type: string;
            /** @description The same as numbers, with the featured share and mean pulls per 5★. */
            consolidated: components["schemas"]["Consolidated"];
            /** @description Long-run rates per pull including pity, computed from the model. */
            consolidated_rates: {
                [key: string]: string;
            };
            /** @description The 5★ chance of each pull from the soft pity on. */
            five_star_chance_by_pull: components["schemas"]["PullChance"][];
            /** @description Each item's long-run probability per pull. */
            items: components["schemas"]["ItemOdds"][];
            /** @description Pity rules (seed's object, extended). */
            pity: components["schemas"]["PityRules"];
            /**
             * Format: int32
             * @description The rate-table version in force.
             */
            rate_table_version: number;
            /** @description Base rates (seed: `{"5-star": "0.6%", ...}`). */
            rates: {
                [key: string]: string;
            };
            your_pity?: components["schemas"]["PityView"] | null;
        };
        /**
         * @description One banner's odds and pity rules, in parts per million. Stored with every version of a
         *     banner so a pull can be recomputed with the table it used.
         */
        RateTable: {
            /**
             * Format: int32
             * @description Chance that a 5★ is a featured one (500,000 = 50/50); 0 on standard banners.
             */
            featured_ppm: number;
            /**
             * Format: int32
             * @description 5★ chance before soft pity (6,000 = 0.6%).
             */
            five_base_ppm: number;
            /**
             * Format: int32
             * @description The pull number on which a 5★ is certain.
             */
            five_hard_pity: number;
            /**
             * Format: int32
             * @description The pull number (counted since the last 5★, 1-based) from which soft pity adds.
             */
            five_soft_pity_start: number;
            /**
             * Format: int32
             * @description Added to the 5★ chance per pull from `five_soft_pity_start` on.
             */
            five_soft_pity_step_ppm: number;
            /**
             * Format: int32
             * @description 4★ chance before its soft pity.
             */
            four_base_ppm: number;
            /**
             * Format: int32
             * @description The pull number on which a 4★ (or a 5★) is certain: "one in every N pulls".
             */
            four_hard_pity: number;
            /**
             * Format: int32
             * @description The pull number (since the last 4★) from which the 4★ chance rises; 0 = never.
             */
            four_soft_pity_start: number;
            /**
             * Format: int32
             * @description Added to the 4★ chance per pull from `four_soft_pity_start` on.
             */
            four_soft_pity_step_ppm: number;
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
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
};
export type $defs = Record<string, never>;
export interface operations {
    audit_pull: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Pull id */
                pull_id: string;
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
                    "application/json": components["schemas"]["AuditResponse"];
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
            /** @description `admin_required` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `pull_not_found` */
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
    list_banners_admin: {
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
                    "application/json": components["schemas"]["BannerView"][];
                };
            };
            /** @description `admin_required` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    create_banner: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BannerRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BannerView"];
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
            /** @description `admin_required` */
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
            /** @description `validation_failed` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description inventory unreachable */
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
    get_banner_admin: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Banner id */
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
                    "application/json": components["schemas"]["BannerView"];
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
            /** @description `admin_required` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `banner_not_found` */
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
    replace_banner: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Banner id */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BannerRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BannerView"];
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
            /** @description `admin_required` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `banner_not_found` */
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
            /** @description `validation_failed` */
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
    retire_banner: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Banner id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description retired */
            204: {
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
            /** @description `admin_required` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `banner_not_found` */
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
    get_banner: {
        parameters: {
            query?: {
                /** @description The banner (default: the current character event). */
                banner_id?: string | null;
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
                    "application/json": components["schemas"]["BannerView"];
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
            /** @description `banner_not_found` */
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
    list_banners: {
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
                    "application/json": components["schemas"]["BannerView"][];
                };
            };
        };
    };
    get_history: {
        parameters: {
            query?: {
                /** @description `character_event`, `weapon_event` or `standard` (default: all). */
                banner_type?: string | null;
                /** @description `next_cursor` of the previous page. */
                cursor?: string | null;
                /** @description Pulls per page, 1-100 (default 20). */
                limit?: number | null;
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
                    "application/json": components["schemas"]["HistoryPage"];
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
        };
    };
    pull: {
        parameters: {
            query?: {
                /** @description The banner (also accepted in the body; default: the current character event). */
                banner_id?: string | null;
                /** @description 1 or 10 (default 1). */
                count?: string | null;
            };
            header?: {
                /** @description 1-200 visible ASCII characters */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        /** @description Optional `{banner_id}` */
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PullBody"] | null;
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PullResponse"];
                };
            };
            /** @description `invalid_count`, `invalid_query`, `invalid_idempotency_key`, `invalid_body` */
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
            /** @description `banner_not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `insufficient_funds` (nothing spent, pity unchanged), `banner_closed`, `pull_in_progress` */
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
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `pull_pending`: recorded, inventory unreachable; completed or refunded later */
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
    get_rates: {
        parameters: {
            query?: {
                /** @description The banner (default: the current character event). */
                banner_id?: string | null;
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
                    "application/json": components["schemas"]["RatesResponse"];
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
            /** @description `banner_not_found` */
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
