// Generated from openapi/asset.json by scripts/generate.mjs (openapi-typescript); do not edit.
// Regenerate with `make sdk`.

export type paths = {
    "/api/assets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Lists assets newest first: public ones, plus the caller's private ones (admins see all).
         *     Only assets with a completed version are listed. No token is needed (the seed had none).
         */
        get: operations["list_assets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/assets/{asset_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One asset with its current version's URLs: the seed's `asset_id`, `asset_type`, `url`,
         *     `cdn_url`, `thumbnail_url`, plus ours. Public assets need no token; private ones are
         *     visible to their owner and admins only (404 to anyone else).
         */
        get: operations["get_asset"];
        put?: never;
        post?: never;
        /**
         * Soft-deletes an asset (owner or admin): it disappears at once and its bytes are purged after
         *     `ASSET_PURGE_GRACE_SECS`. Answers the seed's `{asset_id, deleted, message}`.
         */
        delete: operations["delete_asset"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/assets/{asset_id}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The versions of an asset, oldest first, with `is_current` on the served one. Pending
         *     versions are listed to the owner and admins only.
         */
        get: operations["list_versions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/assets/{asset_id}/versions/{version}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Verifies the uploaded bytes of a pending version (size, hash, content type by magic) and
         *     makes it the asset's current version. Owner or admin only. Completing a complete version
         *     again answers the same; a failed check drops the bytes and leaves the version pending.
         */
        post: operations["complete_upload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/assets/{asset_id}/versions/{version}/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * The upload URL of the local storage backend (signed; no access token needed). The body is
         *     streamed to disk and checked as it arrives: it is cut off at the declared size or
         *     `ASSET_MAX_SIZE_BYTES`, its first bytes must have the magic of an allowed type matching the
         *     declaration, and its SHA-256 must match a declared one. Nothing is kept on failure.
         */
        put: operations["put_content"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/assets/upload": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Declares an upload and returns a signed URL to PUT the bytes to. The asset (or, with
         *     `asset_id`, a new version of it) is recorded as pending; the URL expires after
         *     `ASSET_UPLOAD_URL_TTL_SECS` and is bound to the declared size, content type and hash. Then
         *     call `complete`.
         */
        post: operations["create_upload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cdn/{asset_id}/{version}/{filename}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Serves a complete version: strong `ETag` (its SHA-256), `If-None-Match` -> 304, `If-Match`
         *     -> 412 unless it names the content, `Range` (206, 416) and `If-Range` (the range only when
         *     it names the content), its sniffed `Content-Type`, and `Cache-Control: public, max-age=31536000,
         *     immutable` for public assets (private ones need their signed URL and are `private`).
         *     Streamed from disk. Paths name a version by id and number, never a file path.
         */
        get: operations["serve_cdn"];
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
        /** @description One asset as `GET /api/assets/{id}` and the list answer it. */
        AssetResponse: {
            /**
             * Format: uuid
             * @description The asset id.
             */
            asset_id: string;
            /** @description Its kind (`image`, `audio`...). */
            asset_type: string;
            /** @description Its category. */
            category: string;
            /**
             * @description The stable CDN URL of the current version (public assets); for private ones the same
             *     signed URL as `url`.
             */
            cdn_url?: string | null;
            /** @description The current version's sniffed content type. */
            content_type?: string | null;
            /**
             * Format: date-time
             * @description When the asset was created.
             */
            created_at: string;
            /**
             * Format: int32
             * @description The version served, once one completed.
             */
            current_version?: number | null;
            /** @description The current version's file name. */
            filename?: string | null;
            /** @description Whether it has a stable public URL. */
            is_public: boolean;
            /**
             * Format: uuid
             * @description Who uploaded it.
             */
            owner_id: string;
            /** @description The current version's SHA-256 (hex); its CDN `ETag`. */
            sha256?: string | null;
            /**
             * Format: int64
             * @description The current version's size in bytes.
             */
            size?: number | null;
            /**
             * @description A PNG thumbnail (at most 256 px) of a PNG or JPEG current version, public or signed like
             *     `url`; `null` for other types or when the image could not be decoded within the limits.
             */
            thumbnail_url?: string | null;
            /**
             * Format: date-time
             * @description When a version last became current.
             */
            updated_at: string;
            /**
             * @description Where the current version is downloaded: the CDN URL for public assets, a signed,
             *     expiring URL for private ones; `null` before a first version completes.
             */
            url?: string | null;
            /**
             * Format: date-time
             * @description When `url` stops working (private assets only).
             */
            url_expires_at?: string | null;
        };
        /** @description `DELETE /api/assets/{id}`: the seed's answer. */
        DeleteResponse: {
            /**
             * Format: uuid
             * @description The asset.
             */
            asset_id: string;
            /** @description Always true. */
            deleted: boolean;
            /** @description `Asset marked for deletion`. */
            message: string;
            /**
             * Format: date-time
             * @description When its bytes will be purged.
             */
            purge_after: string;
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
        /** @description `GET /api/assets`. */
        ListResponse: {
            /** @description The page, newest first. */
            assets: components["schemas"]["AssetResponse"][];
            /**
             * Format: uuid
             * @description Pass as `cursor` for the next page; `null` on the last page.
             */
            next_cursor?: string | null;
            /**
             * Format: int64
             * @description How many assets match the filters in all.
             */
            total: number;
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
        /** @description What a successful PUT stored. */
        PutContentResponse: {
            /**
             * Format: uuid
             * @description The asset.
             */
            asset_id: string;
            /** @description The sniffed content type. */
            content_type: string;
            /** @description Their SHA-256 (hex). */
            sha256: string;
            /**
             * Format: int64
             * @description Bytes received.
             */
            size: number;
            /**
             * Format: int32
             * @description The version.
             */
            version: number;
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
        /** @description What was stored. */
        StoredAsset: {
            /**
             * Format: uuid
             * @description The new asset.
             */
            asset_id: string;
            /** @description The stable CDN URL (public assets), else the same as `url`. */
            cdn_url: string;
            /** @description The sniffed content type. */
            content_type: string;
            /** @description SHA-256, lowercase hex. */
            sha256: string;
            /**
             * Format: int64
             * @description Size in bytes.
             */
            size: number;
            /** @description The download URL (signed and expiring for private assets). */
            url: string;
            /**
             * Format: int32
             * @description Always 1.
             */
            version: number;
        };
        /**
         * @description `POST /api/assets/upload` body; every field may also be a query parameter (the seed sent
         *     `asset_type` and `category` that way, with no body). Body fields win.
         */
        UploadRequest: {
            /**
             * Format: uuid
             * @description Add a version to this existing asset (owner or admin) instead of creating one.
             */
            asset_id?: string | null;
            /** @description Kind of asset: 1-32 of `a-z0-9_-` (`image`, `audio`...). Required. */
            asset_type?: string | null;
            /** @description Category: 1-64 of `a-z0-9_-`; default `general`. */
            category?: string | null;
            /**
             * @description Exact content type, or `type/*`; default `<asset_type>/*`. Must be allowed by
             *     `ASSET_ALLOWED_TYPES`; the bytes' magic decides the stored type.
             */
            content_type?: string | null;
            /**
             * @description File name in the CDN URL: 1-128 of `A-Za-z0-9._-`, not starting with `.`; default
             *     `asset.<ext>` of the sniffed type.
             */
            filename?: string | null;
            /** @description `true` (default): a stable CDN URL; `false`: signed, expiring URLs only. */
            is_public?: boolean | null;
            /** @description SHA-256 of the bytes, 64 hex characters; the upload is refused if it differs. */
            sha256?: string | null;
            /**
             * Format: int64
             * @description Exact size in bytes (1 to `ASSET_MAX_SIZE_BYTES`); without it any size up to the limit.
             */
            size?: number | null;
        };
        /** @description `POST /api/assets/upload`: where to PUT the bytes. */
        UploadResponse: {
            /**
             * Format: uuid
             * @description The asset (new, or the one a version was added to).
             */
            asset_id: string;
            /** @description Where to confirm the upload once the PUT succeeded. */
            complete_url: string;
            /**
             * Format: date-time
             * @description When `upload_url` stops working.
             */
            expires_at: string;
            /** @description Headers to send with the PUT (they are bound by the signature). */
            headers: {
                [key: string]: string;
            };
            /**
             * Format: int64
             * @description The largest body the URL accepts.
             */
            max_size: number;
            /** @description Always `PUT`. */
            method: string;
            /** @description The signed URL to PUT the bytes to. */
            upload_url: string;
            /**
             * Format: int32
             * @description The pending version.
             */
            version: number;
        };
        /** @description One version as `GET /api/assets/{id}/versions` answers it. */
        VersionResponse: {
            /**
             * Format: date-time
             * @description When it completed.
             */
            completed_at?: string | null;
            /** @description Sniffed content type (complete versions), else the declared type or pattern. */
            content_type: string;
            /**
             * Format: date-time
             * @description When it was declared.
             */
            created_at: string;
            /** @description Its file name. */
            filename: string;
            /** @description Whether this is the served version. */
            is_current: boolean;
            /** @description Verified SHA-256 (complete versions), else the declared one. */
            sha256?: string | null;
            /**
             * Format: int64
             * @description Verified size in bytes (complete versions), else the declared size.
             */
            size?: number | null;
            /** @description `pending`, `complete` or `deleted`. */
            state: string;
            /** @description Download URL of a complete version. */
            url?: string | null;
            /**
             * Format: int32
             * @description 1, 2, ...
             */
            version: number;
        };
        /** @description `GET /api/assets/{id}/versions`. */
        VersionsResponse: {
            /**
             * Format: uuid
             * @description The asset.
             */
            asset_id: string;
            /**
             * Format: int32
             * @description The served version.
             */
            current_version?: number | null;
            /** @description Its versions, oldest first. */
            versions: components["schemas"]["VersionResponse"][];
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
    list_assets: {
        parameters: {
            query?: {
                /** @description Only this kind. */
                asset_type?: string | null;
                /** @description Only this category. */
                category?: string | null;
                /** @description The previous answer's `next_cursor`. */
                cursor?: string | null;
                /** @description Page size: 1 to `ASSET_MAX_LIST_LIMIT` (1000); default 100. */
                limit?: number | null;
                /** @description Assets to skip (after `cursor`, if given); 0 to 100,000. */
                offset?: number | null;
                /** @description Only this owner's assets (`me` for the caller's). */
                owner?: string | null;
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
                    "application/json": components["schemas"]["ListResponse"];
                };
            };
            /** @description `invalid_query`: limit or offset out of range, bad cursor or owner */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    get_asset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                asset_id: string;
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
                    "application/json": components["schemas"]["AssetResponse"];
                };
            };
            /** @description `invalid_path_parameter` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `asset_not_found` */
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
    delete_asset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                asset_id: string;
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
                    "application/json": components["schemas"]["DeleteResponse"];
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
            /** @description no or invalid access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `not_your_asset` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `asset_not_found` (also when already deleted) */
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
    list_versions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                asset_id: string;
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
                    "application/json": components["schemas"]["VersionsResponse"];
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
            /** @description `asset_not_found` */
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
    complete_upload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                asset_id: string;
                version: number;
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
                    "application/json": components["schemas"]["AssetResponse"];
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
            /** @description no or invalid access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `not_your_asset` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `asset_not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `upload_missing`, `version_not_pending` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `too_large` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `content_type_mismatch` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `size_mismatch`, `hash_mismatch` */
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
    put_content: {
        parameters: {
            query: {
                /** @description Unix seconds after which the URL is refused. */
                expires: number;
                /** @description Hex HMAC-SHA256 over the version and what it is bound to. */
                sig: string;
            };
            header?: never;
            path: {
                asset_id: string;
                version: number;
            };
            cookie?: never;
        };
        /** @description the bytes, with the Content-Type the upload answer named */
        requestBody: {
            content: {
                "application/octet-stream": number[];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PutContentResponse"];
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
            /** @description `invalid_signature` (forged, tampered, unknown version), `url_expired` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `version_not_pending` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `too_large` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `content_type_mismatch` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `size_mismatch`, `hash_mismatch`, `empty_upload` */
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
    create_upload: {
        parameters: {
            query?: {
                /** @description Add a version to this existing asset (owner or admin) instead of creating one. */
                asset_id?: string | null;
                /** @description Kind of asset: 1-32 of `a-z0-9_-` (`image`, `audio`...). Required. */
                asset_type?: string | null;
                /** @description Category: 1-64 of `a-z0-9_-`; default `general`. */
                category?: string | null;
                /**
                 * @description Exact content type, or `type/*`; default `<asset_type>/*`. Must be allowed by
                 *     `ASSET_ALLOWED_TYPES`; the bytes' magic decides the stored type.
                 */
                content_type?: string | null;
                /**
                 * @description File name in the CDN URL: 1-128 of `A-Za-z0-9._-`, not starting with `.`; default
                 *     `asset.<ext>` of the sniffed type.
                 */
                filename?: string | null;
                /** @description `true` (default): a stable CDN URL; `false`: signed, expiring URLs only. */
                is_public?: boolean | null;
                /** @description SHA-256 of the bytes, 64 hex characters; the upload is refused if it differs. */
                sha256?: string | null;
                /** @description Exact size in bytes (1 to `ASSET_MAX_SIZE_BYTES`); without it any size up to the limit. */
                size?: number | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description optional: the seed sent only query parameters */
        requestBody: {
            content: {
                "application/json": components["schemas"]["UploadRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UploadResponse"];
                };
            };
            /** @description `malformed_json`, `invalid_query` */
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
            /** @description `not_your_asset`: `asset_id` is another player's */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `asset_not_found`: no such `asset_id` */
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
            /** @description a body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `validation_failed`: a field is invalid, the type not allowed, the size over the limit */
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
    serve_cdn: {
        parameters: {
            query?: {
                /** @description Unix seconds after which the URL is refused (private assets). */
                expires?: number | null;
                /** @description Hex HMAC-SHA256 (private assets). */
                sig?: string | null;
            };
            header?: never;
            path: {
                asset_id: string;
                filename: string;
                version: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the bytes, served with the content type they were uploaded with */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "*/*": unknown;
                };
            };
            /** @description the requested range */
            206: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description the client's copy is current */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `invalid_path_parameter` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `invalid_signature`, `url_expired` (private assets) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `asset_not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `precondition_failed`: `If-Match` names other content */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description the range is outside the file */
            416: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
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
