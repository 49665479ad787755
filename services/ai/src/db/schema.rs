//! The ai database's tables, written by hand to match `migrations/`.

diesel::table! {
    jobs (id) {
        id -> Uuid,
        user_id -> Uuid,
        job_type -> Text,
        model_id -> Text,
        parameters -> Jsonb,
        status -> Text,
        cost -> Int8,
        charge_state -> Text,
        idempotency_key -> Nullable<Text>,
        attempts -> Int4,
        enqueue_at -> Nullable<Timestamptz>,
        run_after -> Nullable<Timestamptz>,
        lease_owner -> Nullable<Text>,
        lease_until -> Nullable<Timestamptz>,
        result -> Nullable<Jsonb>,
        error -> Nullable<Text>,
        created_at -> Timestamptz,
        started_at -> Nullable<Timestamptz>,
        completed_at -> Nullable<Timestamptz>,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    job_attempts (job_id, attempt) {
        job_id -> Uuid,
        attempt -> Int4,
        worker -> Text,
        started_at -> Timestamptz,
        finished_at -> Nullable<Timestamptz>,
        outcome -> Nullable<Text>,
        error -> Nullable<Text>,
    }
}

diesel::table! {
    job_images (job_id) {
        job_id -> Uuid,
        content_type -> Text,
        bytes -> Bytea,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    event_outbox (id) {
        id -> Int8,
        topic -> Text,
        kind -> Text,
        body -> Text,
        created_at -> Timestamptz,
    }
}

diesel::joinable!(job_attempts -> jobs (job_id));
diesel::joinable!(job_images -> jobs (job_id));
diesel::allow_tables_to_appear_in_same_query!(event_outbox, jobs, job_attempts, job_images);
