//! Queries; each takes the caller's connection so a use case composes them in one
//! transaction.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::upsert::on_constraint;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use super::models::{Banner, BannerVersion, PityRow, Pull, status};
use super::schema::{banner_versions, banners, pity, pulls};

/// Inserts a banner and its first version.
pub async fn insert_banner(
    conn: &mut AsyncPgConnection,
    banner: &Banner,
    version: &BannerVersion,
) -> QueryResult<()> {
    diesel::insert_into(banners::table)
        .values(banner)
        .execute(conn)
        .await?;
    insert_version(conn, version).await
}

/// Inserts a banner version.
pub async fn insert_version(
    conn: &mut AsyncPgConnection,
    version: &BannerVersion,
) -> QueryResult<()> {
    diesel::insert_into(banner_versions::table)
        .values(version)
        .execute(conn)
        .await
        .map(|_| ())
}

/// Seeds a default banner unless one with its seed key exists; true when inserted.
pub async fn seed_banner(
    conn: &mut AsyncPgConnection,
    banner: &Banner,
    version: &BannerVersion,
) -> QueryResult<bool> {
    let inserted = diesel::insert_into(banners::table)
        .values(banner)
        .on_conflict(on_constraint("banners_seed_key_key"))
        .do_nothing()
        .execute(conn)
        .await?;
    if inserted == 1 {
        insert_version(conn, version).await?;
    }
    Ok(inserted == 1)
}

/// The banner `id`.
pub async fn find_banner(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<Option<Banner>> {
    banners::table
        .find(id)
        .select(Banner::as_select())
        .first(conn)
        .await
        .optional()
}

/// The banner `id`, locked for an update.
pub async fn lock_banner(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<Option<Banner>> {
    banners::table
        .find(id)
        .select(Banner::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// Every banner (retired ones too with `include_retired`), newest start first.
pub async fn list_banners(
    conn: &mut AsyncPgConnection,
    include_retired: bool,
) -> QueryResult<Vec<Banner>> {
    let mut query = banners::table
        .select(Banner::as_select())
        .order((banners::starts_at.desc(), banners::id))
        .into_boxed();
    if !include_retired {
        query = query.filter(banners::active.eq(true));
    }
    query.load(conn).await
}

/// The open banner of `banner_type` that started last.
pub async fn current_banner(
    conn: &mut AsyncPgConnection,
    banner_type: &str,
    now: DateTime<Utc>,
) -> QueryResult<Option<Banner>> {
    banners::table
        .filter(banners::banner_type.eq(banner_type))
        .filter(banners::active.eq(true))
        .filter(banners::starts_at.le(now))
        .filter(banners::ends_at.is_null().or(banners::ends_at.gt(now)))
        .order((banners::starts_at.desc(), banners::id))
        .select(Banner::as_select())
        .first(conn)
        .await
        .optional()
}

/// Writes a banner's fields.
pub async fn update_banner(conn: &mut AsyncPgConnection, banner: &Banner) -> QueryResult<()> {
    diesel::update(banners::table.find(banner.id))
        .set(banner)
        .execute(conn)
        .await
        .map(|_| ())
}

/// One version of a banner.
pub async fn find_version(
    conn: &mut AsyncPgConnection,
    banner_id: Uuid,
    version: i32,
) -> QueryResult<Option<BannerVersion>> {
    banner_versions::table
        .find((banner_id, version))
        .select(BannerVersion::as_select())
        .first(conn)
        .await
        .optional()
}

/// Locks (creating it at zero first) the player's pity row of `banner_type`: every pull of
/// one player on one banner type queues here.
pub async fn lock_pity(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    banner_type: &str,
) -> QueryResult<PityRow> {
    diesel::insert_into(pity::table)
        .values((pity::user_id.eq(user_id), pity::banner_type.eq(banner_type)))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    pity::table
        .find((user_id, banner_type))
        .select(PityRow::as_select())
        .for_update()
        .first(conn)
        .await
}

/// The player's pity rows.
pub async fn list_pity(conn: &mut AsyncPgConnection, user_id: Uuid) -> QueryResult<Vec<PityRow>> {
    pity::table
        .filter(pity::user_id.eq(user_id))
        .select(PityRow::as_select())
        .load(conn)
        .await
}

/// Writes a pity row.
pub async fn save_pity(conn: &mut AsyncPgConnection, row: &PityRow) -> QueryResult<()> {
    diesel::update(pity::table.find((row.user_id, &row.banner_type)))
        .set(row)
        .execute(conn)
        .await
        .map(|_| ())
}

/// Whether the player has a pending pull on `banner_type`.
pub async fn has_pending(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    banner_type: &str,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        pulls::table
            .filter(pulls::user_id.eq(user_id))
            .filter(pulls::banner_type.eq(banner_type))
            .filter(pulls::status.eq(status::PENDING)),
    ))
    .get_result(conn)
    .await
}

/// Records a pull.
pub async fn insert_pull(conn: &mut AsyncPgConnection, pull: &Pull) -> QueryResult<()> {
    diesel::insert_into(pulls::table)
        .values(pull)
        .execute(conn)
        .await
        .map(|_| ())
}

/// The pull `id`.
pub async fn find_pull(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<Option<Pull>> {
    pulls::table
        .find(id)
        .select(Pull::as_select())
        .first(conn)
        .await
        .optional()
}

/// The player's pull made with `key`.
pub async fn find_pull_by_key(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    key: &str,
) -> QueryResult<Option<Pull>> {
    pulls::table
        .filter(pulls::user_id.eq(user_id))
        .filter(pulls::idempotency_key.eq(key))
        .select(Pull::as_select())
        .first(conn)
        .await
        .optional()
}

/// The pending pull `id`, locked; `None` when it is finished (or unknown).
pub async fn lock_pending(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<Option<Pull>> {
    pulls::table
        .find(id)
        .filter(pulls::status.eq(status::PENDING))
        .select(Pull::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// Marks the pull complete if it is still pending, in one statement, and returns it; `None`
/// when it was not pending (already completed or cancelled).
pub async fn complete_pull(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    gems_remaining: i64,
    granted_item_ids: &serde_json::Value,
    now: DateTime<Utc>,
) -> QueryResult<Option<Pull>> {
    diesel::update(
        pulls::table
            .find(id)
            .filter(pulls::status.eq(status::PENDING)),
    )
    .set((
        pulls::status.eq(status::COMPLETE),
        pulls::gems_remaining.eq(Some(gems_remaining)),
        pulls::granted_item_ids.eq(Some(granted_item_ids)),
        pulls::finished_at.eq(Some(now)),
    ))
    .returning(Pull::as_returning())
    .get_result(conn)
    .await
    .optional()
}

/// Marks a pending pull cancelled.
pub async fn cancel_pull(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    reason: &str,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(pulls::table.find(id))
        .set((
            pulls::status.eq(status::CANCELLED),
            pulls::cancel_reason.eq(Some(reason)),
            pulls::finished_at.eq(Some(now)),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Counts one more payment attempt of a pending pull.
pub async fn bump_attempts(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<()> {
    diesel::update(pulls::table.find(id))
        .set(pulls::attempts.eq(pulls::attempts + 1))
        .execute(conn)
        .await
        .map(|_| ())
}

/// The player's completed pulls, newest first, before the pull `before` (ids are UUIDv7,
/// so they sort by creation time).
pub async fn list_history(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    banner_type: Option<&str>,
    before: Option<Uuid>,
    limit: i64,
) -> QueryResult<Vec<Pull>> {
    let mut query = pulls::table
        .filter(pulls::user_id.eq(user_id))
        .filter(pulls::status.eq(status::COMPLETE))
        .select(Pull::as_select())
        .order(pulls::id.desc())
        .limit(limit)
        .into_boxed();
    if let Some(t) = banner_type {
        query = query.filter(pulls::banner_type.eq(t));
    }
    if let Some(b) = before {
        query = query.filter(pulls::id.lt(b));
    }
    query.load(conn).await
}

/// Pending pulls created before `cutoff`, oldest first.
pub async fn pending_before(
    conn: &mut AsyncPgConnection,
    cutoff: DateTime<Utc>,
    limit: i64,
) -> QueryResult<Vec<Uuid>> {
    pulls::table
        .filter(pulls::status.eq(status::PENDING))
        .filter(pulls::created_at.lt(cutoff))
        .order(pulls::created_at)
        .select(pulls::id)
        .limit(limit)
        .load(conn)
        .await
}

/// Deletes finished pulls created before `cutoff`; returns how many.
pub async fn purge_before(
    conn: &mut AsyncPgConnection,
    cutoff: DateTime<Utc>,
) -> QueryResult<usize> {
    diesel::delete(
        pulls::table
            .filter(pulls::created_at.lt(cutoff))
            .filter(pulls::status.ne(status::PENDING)),
    )
    .execute(conn)
    .await
}
