// Generated from openapi/battle.json by scripts/generate.mjs (openapi-typescript); do not edit.
// Regenerate with `make sdk`.

export type paths = {
    "/api/battles/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One battle: its enemies, participants and boss phase. */
        get: operations["get_battle"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/battles/{id}/attack": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Attacks an enemy. The damage is rolled on the server from the caller's combat stats
         *     (inventory) and the seed's formula; the attack type's stamina is debited through
         *     inventory and given back if the enemy fell first. With an `Idempotency-Key`, a retry
         *     (a lost answer, a timeout) never attacks twice: it answers the first try's result.
         */
        post: operations["attack_enemy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/battles/{id}/claim-loot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Claims the caller's loot of a completed battle, once: gold and XP (x1.2 above 50% of the
         *     damage), maybe an item. Paid through inventory under keys from the participation, so a
         *     retry after a failure pays exactly once.
         */
        post: operations["claim_loot"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/battles/{id}/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A page of a battle's log, oldest first (`limit` 1..=500, default 100; `offset`). */
        get: operations["get_logs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/battles/{id}/resurrect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Brings the caller back in a boss raid: with a potion (gems through inventory) or after
         *     the revival wait (900 s by default).
         */
        post: operations["resurrect"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/battles/admin/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every template, newest first. */
        get: operations["list_templates"];
        put?: never;
        /** Stores a template for a custom battle or raid. */
        post: operations["create_template"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/battles/admin/templates/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Deletes a template (battles made from it stay). */
        delete: operations["delete_template"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/battles/admin/templates/{id}/spawn": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Makes a waiting battle from a template. */
        post: operations["spawn_template"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/battles/attack/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The seed README's path for [`attack_enemy`]. */
        post: operations["attack_seed_path"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/battles/available": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Standard battles waiting or running, up to the caller's level, newest first (at most 20).
         *     The pool keeper keeps three waiting.
         */
        get: operations["list_available"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/battles/boss-raids/available": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Boss raids waiting or running (no level filter), newest first. */
        get: operations["list_raids"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/battles/history/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's own participations, newest first (`limit` 1..=100, default 50). They stay
         *     after their battle is trimmed.
         */
        get: operations["my_history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/battles/join/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Joins a battle (or rejoins it): the level requirement, capacity and the stamina cost
         *     (debited through inventory once per participation). The seed's messages are the `detail`.
         */
        post: operations["join_battle"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/bosses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The 22 bosses (the seed's fields), ordered by index. Without a token (the JumpJumpJump
         *     client sends none) `defeated` is false; with one it says whether the caller helped win a
         *     raid against the boss. An invalid token is refused.
         */
        get: operations["list_bosses"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/bosses/images/{index}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Redirects to boss `index`'s image, a PNG battle painted, at its CDN URL in the asset service. */
        get: operations["boss_image"];
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
        /** @description `POST /api/battles/{id}/attack` */
        AttackRequest: {
            /** @description `quick`, `normal` (default), `power`, `critical` or `ultimate`. */
            attack_type?: string | null;
            /** @description The enemy to hit. */
            enemy_id?: unknown;
        };
        /** @description `POST /api/battles/{id}/attack`. */
        AttackResponse: {
            /** @description The attack type used. */
            attack_type: string;
            /** @description This attack finished the battle. */
            battle_completed: boolean;
            /**
             * Format: int32
             * @description The boss phase afterwards (raids).
             */
            boss_phase: number;
            /**
             * Format: int64
             * @description Damage rolled (the enemy lost at most its remaining HP).
             */
            damage: number;
            /** @description This attack brought it down. */
            enemy_defeated: boolean;
            /**
             * Format: int64
             * @description Its HP afterwards.
             */
            enemy_hp_remaining: number;
            /**
             * Format: int64
             * @description The enemy.
             */
            enemy_id: number;
            /** @description Critical hit. */
            is_critical: boolean;
            /**
             * Format: int64
             * @description Stamina spent.
             */
            stamina_cost: number;
            /**
             * Format: int32
             * @description Stamina left.
             */
            stamina_remaining: number;
            /** @description Always true. */
            success: boolean;
        };
        /** @description A battle with its enemies and participants. */
        BattleInfo: components["schemas"]["BattleSummary"] & {
            /** @description HP percentages at which the boss changes phase. */
            boss_phase_thresholds: number[];
            /**
             * Format: date-time
             * @description Completion.
             */
            completed_at?: string | null;
            /** @description Enemies, in order. */
            enemies: components["schemas"]["EnemyView"][];
            /** @description Participants who paid their way in. */
            participants: components["schemas"]["ParticipantView"][];
            /**
             * Format: date-time
             * @description First join.
             */
            started_at?: string | null;
        };
        /** @description A battle in a list. */
        BattleSummary: {
            /** @description `standard` or `boss_raid`. */
            battle_type: string;
            /**
             * Format: int32
             * @description Current boss phase.
             */
            boss_current_phase: number;
            /**
             * Format: int32
             * @description Boss phases.
             */
            boss_phase_count: number;
            /**
             * Format: int64
             * @description Active participants.
             */
            current_players: number;
            /** @description `easy` .. `legendary`. */
            difficulty: string;
            /**
             * Format: int64
             * @description XP per participant.
             */
            exp_reward: number;
            /**
             * Format: int64
             * @description Gold per participant.
             */
            gold_reward: number;
            /**
             * Format: int64
             * @description Id.
             */
            id: number;
            /** @description Whether it is a boss raid. */
            is_boss_raid: boolean;
            /**
             * Format: int32
             * @description Capacity.
             */
            max_players: number;
            /**
             * Format: int32
             * @description Raid minimum (the seed's).
             */
            min_players: number;
            /** @description Name. */
            name: string;
            /**
             * Format: int32
             * @description Level requirement.
             */
            required_level: number;
            /**
             * Format: int64
             * @description Stamina to join.
             */
            stamina_cost: number;
            /** @description `waiting`, `in_progress`, `completed`, `abandoned`. */
            status: string;
            /**
             * Format: int32
             * @description Wave.
             */
            wave_number: number;
        };
        /** @description A gallery boss. */
        BossView: {
            /**
             * Format: int32
             * @description Index 0..=21.
             */
            boss_index: number;
            /** @description Name. */
            boss_name: string;
            /** @description Whether the caller helped defeat this boss in a raid (false without a token). */
            defeated: boolean;
            /**
             * Format: int32
             * @description Sprite frame (always 0, as in the seed).
             */
            frame_x: number;
            /**
             * Format: int32
             * @description Sprite frame.
             */
            frame_y: number;
            /**
             * Format: int32
             * @description Row id (the seed's; index + 1).
             */
            id: number;
            /** @description `/api/bosses/images/NN`. */
            image_url: string;
            /** @description Title. */
            notorious_title: string;
        };
        /** @description `POST /api/battles/{id}/claim-loot`. */
        ClaimResponse: {
            /**
             * Format: double
             * @description Share of the damage, in percent (2 decimals).
             */
            contribution_percent: number;
            /**
             * Format: int64
             * @description Gold paid.
             */
            gold: number;
            /** @description Items granted. */
            items: components["schemas"]["LootItem"][];
            /** @description Inventory's XP grant answer (levels gained, stat points). */
            level_up_info?: Record<string, never> | null;
            /** @description Always true. */
            success: boolean;
            /**
             * Format: int64
             * @description XP granted.
             */
            xp: number;
        };
        /** @description An enemy. */
        EnemyView: {
            /**
             * Format: int64
             * @description Attack.
             */
            attack: number;
            /**
             * Format: int64
             * @description Defense.
             */
            defense: number;
            /**
             * Format: int64
             * @description HP left.
             */
            hp_current: number;
            /**
             * Format: int64
             * @description Starting HP.
             */
            hp_max: number;
            /** @description Icon. */
            icon: string;
            /**
             * Format: int64
             * @description Id (what attacks name).
             */
            id: number;
            /** @description Down. */
            is_defeated: boolean;
            /**
             * Format: int32
             * @description Level.
             */
            level: number;
            /** @description Name. */
            name: string;
            /** @description Type. */
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
        /** @description One line of `GET /api/battles/history/me`. */
        HistoryEntry: {
            /**
             * Format: int32
             * @description Attacks made.
             */
            attacks_count: number;
            /**
             * Format: int64
             * @description The battle (it may have been trimmed since).
             */
            battle_id: number;
            /** @description Its name. */
            battle_name: string;
            /** @description Loot paid. */
            has_claimed_loot: boolean;
            /**
             * Format: int64
             * @description Participation id.
             */
            id: number;
            /** @description Raid or standard. */
            is_boss_raid: boolean;
            /**
             * Format: date-time
             * @description Joined.
             */
            joined_at: string;
            /**
             * Format: uuid
             * @description The player.
             */
            player_id: string;
            /**
             * Format: int64
             * @description HP taken from enemies.
             */
            total_damage_dealt: number;
        };
        /** @description `POST /api/battles/join/{id}`. */
        JoinResponse: {
            /**
             * Format: int64
             * @description The battle.
             */
            battle_id: number;
            /** @description `Joined battle successfully` or `Rejoined battle successfully`. */
            message: string;
            /**
             * Format: int64
             * @description The participation.
             */
            participant_id: number;
            /**
             * Format: int32
             * @description Stamina after the join's cost (when inventory was asked).
             */
            stamina_remaining?: number | null;
            /** @description Always true. */
            success: boolean;
        };
        /** @description `GET /api/battles/{id}/logs`. */
        LogsResponse: {
            /**
             * Format: int64
             * @description The battle.
             */
            battle_id: number;
            /** @description Lines in this page. */
            count: number;
            /** @description The page, oldest first. */
            logs: components["schemas"]["LogView"][];
        };
        /** @description One battle log line (the seed's WebSocket replay shape too). */
        LogView: {
            /**
             * Format: int64
             * @description Battle.
             */
            battle_id: number;
            /**
             * Format: int64
             * @description Damage.
             */
            damage?: number | null;
            /**
             * Format: int64
             * @description Enemy HP after.
             */
            enemy_hp_remaining?: number | null;
            /**
             * Format: int64
             * @description Enemy.
             */
            enemy_id?: number | null;
            /** @description Enemy name. */
            enemy_name?: string | null;
            /**
             * Format: int64
             * @description Id.
             */
            id: number;
            /** @description Text. */
            message: string;
            /** @description Their name again (the seed's clients read either). */
            player_name?: string | null;
            /**
             * Format: date-time
             * @description When (RFC 3339).
             */
            timestamp: string;
            /** @description Log type (`join`, `attack`, `enemy_defeated`...). */
            type: string;
            /**
             * Format: uuid
             * @description Who.
             */
            userId?: string | null;
            /** @description Their name. */
            username?: string | null;
        };
        /** @description One dropped item. */
        LootItem: {
            /** @description Inventory catalog entry granted. */
            catalog_id: string;
            /**
             * Format: uuid
             * @description The owned item's id in inventory.
             */
            id?: string | null;
            /** @description The seed's name for the drop. */
            name: string;
            /** @description Rarity. */
            rarity: string;
            /** @description Equipment type. */
            type: string;
        };
        /** @description A participant as everyone in the battle sees them. */
        ParticipantView: {
            /**
             * Format: int32
             * @description Attacks made.
             */
            attacks_count: number;
            /**
             * Format: int64
             * @description HP left (raids).
             */
            hp_current: number;
            /**
             * Format: int64
             * @description HP at full health.
             */
            hp_max: number;
            /**
             * Format: int64
             * @description Participation id.
             */
            id: number;
            /** @description Still in. */
            is_active: boolean;
            /** @description Killed by the raid boss. */
            is_dead: boolean;
            /**
             * Format: int32
             * @description Level at join.
             */
            level: number;
            /**
             * Format: uuid
             * @description The player's user id.
             */
            player_id: string;
            /**
             * Format: int64
             * @description HP taken from enemies.
             */
            total_damage_dealt: number;
            /** @description Name. */
            username: string;
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
        /** @description `POST /api/battles/{id}/resurrect`. */
        ResurrectResponse: {
            /**
             * Format: int64
             * @description Gems paid (0 for a natural revival).
             */
            gems_spent: number;
            /**
             * Format: int64
             * @description HP after.
             */
            hp_current: number;
            /**
             * Format: int64
             * @description Full HP.
             */
            hp_max: number;
            /** @description What happened. */
            message: string;
            /**
             * Format: int32
             * @description Resurrections so far.
             */
            resurrection_count: number;
            /** @description Always true. */
            success: boolean;
        };
        /** @description `POST /api/battles/admin/templates`. */
        TemplateRequest: {
            /**
             * Format: int32
             * @description Gallery boss 0..=21 (raids; default 0).
             */
            boss_index?: number | null;
            /** @description `easy` .. `legendary`. */
            difficulty: string;
            /** @description A boss raid (else a standard battle). */
            is_boss_raid?: boolean;
            /**
             * Format: int32
             * @description 1..=50.
             */
            max_players?: number;
            /**
             * Format: int32
             * @description 1..=50 (raids; the seed's default 3).
             */
            min_players?: number;
            /** @description Unique name, 1..=100 characters. */
            name: string;
            /**
             * Format: int32
             * @description 1..=100.
             */
            required_level?: number;
            /**
             * Format: int32
             * @description Wave 1..=100 (standard battles).
             */
            wave_number?: number;
        };
        /** @description An admin template. */
        TemplateView: {
            /**
             * Format: int32
             * @description Gallery boss (raids).
             */
            boss_index?: number | null;
            /**
             * Format: date-time
             * @description Created.
             */
            created_at: string;
            /**
             * Format: uuid
             * @description The admin who made it.
             */
            created_by: string;
            /** @description Difficulty. */
            difficulty: string;
            /**
             * Format: int64
             * @description Id.
             */
            id: number;
            /** @description Raid or standard. */
            is_boss_raid: boolean;
            /**
             * Format: int32
             * @description Capacity.
             */
            max_players: number;
            /**
             * Format: int32
             * @description Raid minimum.
             */
            min_players: number;
            /** @description Unique name. */
            name: string;
            /**
             * Format: int32
             * @description Level requirement.
             */
            required_level: number;
            /**
             * Format: int32
             * @description Wave (standard).
             */
            wave_number: number;
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
    get_battle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
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
                    "application/json": components["schemas"]["BattleInfo"];
                };
            };
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
    attack_enemy: {
        parameters: {
            query?: never;
            header?: {
                /** @description 1-200 visible ASCII characters: a retry with the same key is applied at most once and answers as the first try did */
                "Idempotency-Key"?: string | null;
            };
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AttackRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AttackResponse"];
                };
            };
            /** @description `enemy_not_found` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `not_in_battle` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `battle_not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `enemy_defeated`, `battle_not_in_progress`, `insufficient_stamina`, `player_dead`; with an Idempotency-Key, `attack_in_progress` (retry after Retry-After) or `idempotency_key_spent` (that attack was not applied and its stamina went back) */
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
            /** @description `validation_failed`, or `idempotency_key_reused` (the key was sent with another battle, enemy or attack type) */
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
    claim_loot: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
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
                    "application/json": components["schemas"]["ClaimResponse"];
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
            /** @description `not_in_battle` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `battle_not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `battle_not_completed`, `loot_already_claimed` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description inventory unreachable: retry pays the same rewards */
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
    get_logs: {
        parameters: {
            query?: {
                /** @description Where the previous page ended (endpoints that page by cursor), as returned by them. */
                cursor?: string;
                /** @description How many items; each endpoint documents its default and maximum. */
                limit?: number;
                /** @description How many items to skip (endpoints that page by position). */
                offset?: number;
            };
            header?: never;
            path: {
                id: number;
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
                    "application/json": components["schemas"]["LogsResponse"];
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
    resurrect: {
        parameters: {
            query?: {
                /** @description Pay gems for an immediate resurrection (default false: wait for the natural revival). */
                use_potion?: boolean;
            };
            header?: never;
            path: {
                id: number;
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
                    "application/json": components["schemas"]["ResurrectResponse"];
                };
            };
            /** @description `not_a_boss_raid` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `not_in_battle` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `battle_not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `not_dead`, `revive_not_ready`, `insufficient_funds` */
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
    list_templates: {
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
                    "application/json": components["schemas"]["TemplateView"][];
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
    create_template: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TemplateRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateView"];
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
            /** @description `template_exists` */
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
    delete_template: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description `{deleted: true}` */
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
    spawn_template: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BattleSummary"];
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
    attack_seed_path: {
        parameters: {
            query?: never;
            header?: {
                /** @description 1-200 visible ASCII characters: a retry with the same key is applied at most once and answers as the first try did */
                "Idempotency-Key"?: string | null;
            };
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AttackRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AttackResponse"];
                };
            };
            /** @description `enemy_not_found` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `not_in_battle` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `battle_not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `enemy_defeated`, `battle_not_in_progress`, `insufficient_stamina`, `player_dead`; with an Idempotency-Key, `attack_in_progress` (retry after Retry-After) or `idempotency_key_spent` (that attack was not applied and its stamina went back) */
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
            /** @description `validation_failed`, or `idempotency_key_reused` (the key was sent with another battle, enemy or attack type) */
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
    list_available: {
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
                    "application/json": components["schemas"]["BattleSummary"][];
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
    list_raids: {
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
                    "application/json": components["schemas"]["BattleSummary"][];
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
    my_history: {
        parameters: {
            query?: {
                /** @description Where the previous page ended (endpoints that page by cursor), as returned by them. */
                cursor?: string;
                /** @description How many items; each endpoint documents its default and maximum. */
                limit?: number;
                /** @description How many items to skip (endpoints that page by position). */
                offset?: number;
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
                    "application/json": components["schemas"]["HistoryEntry"][];
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
    join_battle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
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
                    "application/json": components["schemas"]["JoinResponse"];
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
            /** @description `level_too_low` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `battle_not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `battle_full`, `battle_completed`, `battle_abandoned`, `insufficient_stamina` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description inventory unreachable: retry finishes the same join */
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
    list_bosses: {
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
                    "application/json": components["schemas"]["BossView"][];
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
    boss_image: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                index: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description `Location` is the image's CDN URL in the asset service */
            302: {
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
            /** @description `boss_not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `images_unavailable`: the asset service is unreachable */
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
