// Generated from openapi/ai.json by scripts/generate.mjs (openapi-typescript); do not edit.
// Regenerate with `make sdk`.

export type paths = {
    "/api/ai/images/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A `character_art` job's PNG: a 308 to its CDN URL, or the bytes kept from before the asset
         *     service stored images. Public like a CDN URL: the random job id is the capability.
         */
        get: operations["get_image"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ai/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's jobs, newest first, optionally filtered. */
        get: operations["list_jobs"];
        put?: never;
        /**
         * Accepts a job: 202 with it queued. A paid model's cost is debited now (409
         *     `insufficient_funds` spends nothing) and refunded if the job fails or is cancelled.
         *     Completion is pushed as `job_completed` (or `job_failed`) on `user:{id}`.
         */
        post: operations["create_job"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ai/jobs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of the caller's jobs (404 for anyone else's). */
        get: operations["get_job"];
        put?: never;
        post?: never;
        /**
         * Cancels one of the caller's jobs while it is queued or processing; a paid job's gems
         *     come back once. 409 `job_not_cancellable` once it finished.
         */
        delete: operations["cancel_job"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ai/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The configured models and what a job on each costs in gems. */
        get: operations["list_models"];
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
        /** @description `POST /api/ai/jobs` */
        CreateJobRequest: {
            /** @description `question_set | item_description | character_bio | character_art`. */
            job_type?: string | null;
            /** @description A model id from `GET /api/ai/models` (default: the first free model serving the type). */
            model?: string | null;
            /**
             * @description Per type: `question_set {count 1..=50 = 5, theme?}`, `item_description {item_name,
             *     item_type?, rarity?}`, `character_bio {name, class?, traits? (<= 8)}`, `character_art
             *     {prompt <= 500, size 64|128|256 = 128}`; each also takes `seed` (0..=2^32-1).
             */
            parameters?: Record<string, never> | null;
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
        /** @description A page of jobs, newest first. */
        JobsPage: {
            /** @description The jobs. */
            jobs: components["schemas"]["JobView"][];
            /** @description Pass as `cursor` for the next page; absent on the last one. */
            next_cursor?: string | null;
            /**
             * Format: int64
             * @description How many of the caller's jobs match the filters.
             */
            total: number;
        };
        /** @description A generation job. */
        JobView: {
            /**
             * Format: int32
             * @description Runs started so far.
             */
            attempts: number;
            /**
             * Format: date-time
             * @description Reached a terminal status at (`null` before).
             */
            completed_at?: string | null;
            /**
             * Format: int64
             * @description Gems it cost.
             */
            cost: number;
            /**
             * Format: date-time
             * @description Accepted at.
             */
            created_at: string;
            /** @description Why it failed (or why the last attempt did). */
            error?: string | null;
            /**
             * Format: uuid
             * @description The job id.
             */
            job_id: string;
            /** @description `question_set | item_description | character_bio | character_art`. */
            job_type: string;
            /** @description The model that runs it. */
            model: string;
            /** @description The validated parameters. */
            parameters: Record<string, never>;
            /** @description Whether its gems were given back (failed or cancelled paid jobs). */
            refunded: boolean;
            /**
             * @description The output once completed: `questions`, `text` or `image_url`, with `prompt_used`
             *     and `model_version`; `null` before.
             */
            result?: Record<string, never> | null;
            /** @description `queued | processing | completed | failed | cancelled`. */
            status: string;
            /**
             * Format: date-time
             * @description Last change.
             */
            updated_at: string;
        };
        /** @description `GET /api/ai/models` */
        ModelsResponse: {
            /** @description The catalogue, in configuration order. */
            models: components["schemas"]["ModelView"][];
            /** @description How many. */
            total: number;
        };
        /** @description One model (the seed's `id, name, type, cost`, and what it serves). */
        ModelView: {
            /**
             * Format: int64
             * @description Gems per job (0 = free).
             */
            cost: number;
            /** @description Pass as `model` when creating a job. */
            id: string;
            /** @description The job types it serves. */
            job_types: string[];
            /** @description Display name. */
            name: string;
            /** @description `offline` or `openai`. */
            provider: string;
            /** @description `text` or `image`. */
            type: string;
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
        /** @description `POST /internal/generate/questions` */
        QuestionsRequest: {
            /**
             * Format: int32
             * @description How many distinct questions, 1..=[`MAX_QUESTIONS`].
             */
            count: number;
            /** @description An optional theme, e.g. `space` or `food`. */
            theme?: string | null;
        };
        /** @description The generated questions. */
        QuestionsResponse: {
            /** @description Open-ended party prompts, at most `count` of them. */
            questions: string[];
            /** @description Where they came from (`model` or the ai service's own `fallback`), when it says. */
            source?: string | null;
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
    get_image: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description `{job_id}.png` */
                file: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the image */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/png": unknown;
                };
            };
            /** @description the image's CDN URL, in `Location` */
            308: {
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
    list_jobs: {
        parameters: {
            query?: {
                /** @description Where the previous page ended (endpoints that page by cursor), as returned by them. */
                cursor?: string;
                /** @description Only jobs of this type. */
                job_type?: string | null;
                /** @description How many items; each endpoint documents its default and maximum. */
                limit?: number;
                /** @description How many items to skip (endpoints that page by position). */
                offset?: number;
                /** @description Only jobs with this status. */
                status?: string | null;
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
                    "application/json": components["schemas"]["JobsPage"];
                };
            };
            /** @description `invalid_query`: bad `limit` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description unknown `status` or `job_type`, or a foreign `cursor` */
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
    create_job: {
        parameters: {
            query?: never;
            header?: {
                /** @description repeats return the job it created */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateJobRequest"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobView"];
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
            /** @description `insufficient_funds` */
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
            /** @description unknown `job_type`, `model` or bad `parameters.*` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `too_many_jobs_in_flight` or `daily_job_limit`, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `payment_pending`: the debit's outcome is not known yet */
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
    get_job: {
        parameters: {
            query?: never;
            header?: never;
            path: {
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
                    "application/json": components["schemas"]["JobView"];
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
    cancel_job: {
        parameters: {
            query?: never;
            header?: never;
            path: {
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
                    "application/json": components["schemas"]["JobView"];
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
    list_models: {
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
                    "application/json": components["schemas"]["ModelsResponse"];
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
