//! Queries of the asset database; each takes the caller's connection so they compose inside
//! its transaction.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use super::models::{Asset, AssetVersion, Verified, state};
use super::schema::{asset_versions, assets};

/// Who is looking, for visibility: anonymous callers see public assets only.
#[derive(Debug, Clone, Copy)]
pub struct Viewer {
    /// The caller, if authenticated.
    pub user_id: Option<Uuid>,
    /// Admins see every asset.
    pub admin: bool,
}

/// A list request's filters and page.
#[derive(Debug, Clone)]
pub struct ListFilter {
    /// Only this kind.
    pub asset_type: Option<String>,
    /// Only this category.
    pub category: Option<String>,
    /// Only this owner.
    pub owner_id: Option<Uuid>,
    /// Assets older than this id (the previous page's last).
    pub before: Option<Uuid>,
    /// Rows to skip.
    pub offset: i64,
    /// Rows to return.
    pub limit: i64,
}

/// Inserts a new asset.
pub async fn insert_asset(conn: &mut AsyncPgConnection, asset: &Asset) -> QueryResult<()> {
    diesel::insert_into(assets::table)
        .values(asset)
        .execute(conn)
        .await
        .map(drop)
}

/// An asset by id, deleted or not.
pub async fn find_asset(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<Option<Asset>> {
    assets::table
        .find(id)
        .select(Asset::as_select())
        .first(conn)
        .await
        .optional()
}

/// An asset by id, locked until the transaction ends (new versions are numbered under it).
pub async fn lock_asset(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<Option<Asset>> {
    assets::table
        .find(id)
        .select(Asset::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// The next version number of an asset.
pub async fn next_version(conn: &mut AsyncPgConnection, asset_id: Uuid) -> QueryResult<i32> {
    let max: Option<i32> = asset_versions::table
        .filter(asset_versions::asset_id.eq(asset_id))
        .select(diesel::dsl::max(asset_versions::version))
        .first(conn)
        .await?;
    Ok(max.unwrap_or(0) + 1)
}

/// Inserts a pending version.
pub async fn insert_version(
    conn: &mut AsyncPgConnection,
    version: &AssetVersion,
) -> QueryResult<()> {
    diesel::insert_into(asset_versions::table)
        .values(version)
        .execute(conn)
        .await
        .map(drop)
}

/// One version.
pub async fn find_version(
    conn: &mut AsyncPgConnection,
    asset_id: Uuid,
    version: i32,
) -> QueryResult<Option<AssetVersion>> {
    asset_versions::table
        .find((asset_id, version))
        .select(AssetVersion::as_select())
        .first(conn)
        .await
        .optional()
}

/// Every version of an asset, oldest first.
pub async fn list_versions(
    conn: &mut AsyncPgConnection,
    asset_id: Uuid,
) -> QueryResult<Vec<AssetVersion>> {
    asset_versions::table
        .filter(asset_versions::asset_id.eq(asset_id))
        .order(asset_versions::version.asc())
        .select(AssetVersion::as_select())
        .load(conn)
        .await
}

/// Marks a pending version complete with its verified facts; 0 rows when it was not pending.
pub async fn complete_version(
    conn: &mut AsyncPgConnection,
    asset_id: Uuid,
    version: i32,
    verified: &Verified,
    now: DateTime<Utc>,
) -> QueryResult<usize> {
    diesel::update(asset_versions::table.find((asset_id, version)))
        .filter(asset_versions::state.eq(state::PENDING))
        .set((
            asset_versions::state.eq(state::COMPLETE),
            asset_versions::content_type.eq(&verified.content_type),
            asset_versions::size.eq(verified.size),
            asset_versions::sha256.eq(&verified.sha256),
            asset_versions::filename.eq(&verified.filename),
            asset_versions::storage_key.eq(&verified.storage_key),
            asset_versions::completed_at.eq(now),
        ))
        .execute(conn)
        .await
}

/// Makes `version` the served one, unless a later version already is (completions may arrive
/// out of order) or the asset is deleted.
pub async fn set_current(
    conn: &mut AsyncPgConnection,
    asset_id: Uuid,
    version: i32,
    now: DateTime<Utc>,
) -> QueryResult<usize> {
    diesel::update(assets::table.find(asset_id))
        .filter(assets::deleted_at.is_null())
        .filter(
            assets::current_version
                .is_null()
                .or(assets::current_version.lt(version)),
        )
        .set((
            assets::current_version.eq(version),
            assets::updated_at.eq(now),
        ))
        .execute(conn)
        .await
}

/// Records a version's thumbnail.
pub async fn set_thumbnail(
    conn: &mut AsyncPgConnection,
    asset_id: Uuid,
    version: i32,
    key: &str,
) -> QueryResult<()> {
    diesel::update(asset_versions::table.find((asset_id, version)))
        .set(asset_versions::thumbnail_key.eq(key))
        .execute(conn)
        .await
        .map(drop)
}

/// Soft-deletes an asset; 0 rows when it already was.
pub async fn soft_delete(
    conn: &mut AsyncPgConnection,
    asset_id: Uuid,
    now: DateTime<Utc>,
) -> QueryResult<usize> {
    diesel::update(assets::table.find(asset_id))
        .filter(assets::deleted_at.is_null())
        .set(assets::deleted_at.eq(now))
        .execute(conn)
        .await
}

type Listed = (Asset, Option<AssetVersion>);

fn visible(
    viewer: Viewer,
) -> Box<dyn BoxableExpression<assets::table, diesel::pg::Pg, SqlType = diesel::sql_types::Bool>> {
    match (viewer.admin, viewer.user_id) {
        (true, _) => Box::new(assets::deleted_at.is_null()),
        (false, Some(me)) => Box::new(
            assets::deleted_at
                .is_null()
                .and(assets::is_public.or(assets::owner_id.eq(me))),
        ),
        (false, None) => Box::new(assets::deleted_at.is_null().and(assets::is_public)),
    }
}

/// A page of visible assets with a current version, newest first, and how many match in all.
pub async fn list_assets(
    conn: &mut AsyncPgConnection,
    viewer: Viewer,
    filter: &ListFilter,
) -> QueryResult<(Vec<Listed>, i64)> {
    let matching = || {
        let mut q = assets::table
            .filter(visible(viewer))
            .filter(assets::current_version.is_not_null())
            .into_boxed();
        if let Some(t) = &filter.asset_type {
            q = q.filter(assets::asset_type.eq(t.clone()));
        }
        if let Some(c) = &filter.category {
            q = q.filter(assets::category.eq(c.clone()));
        }
        if let Some(owner) = filter.owner_id {
            q = q.filter(assets::owner_id.eq(owner));
        }
        q
    };
    let total: i64 = matching().count().get_result(conn).await?;
    let mut page = matching();
    if let Some(before) = filter.before {
        page = page.filter(assets::id.lt(before));
    }
    let ids: Vec<Uuid> = page
        .order(assets::id.desc())
        .offset(filter.offset)
        .limit(filter.limit)
        .select(assets::id)
        .load(conn)
        .await?;
    let rows: Vec<Listed> = assets::table
        .left_join(
            asset_versions::table.on(asset_versions::asset_id.eq(assets::id).and(
                asset_versions::version
                    .nullable()
                    .eq(assets::current_version),
            )),
        )
        .filter(assets::id.eq_any(&ids))
        .order(assets::id.desc())
        .select((Asset::as_select(), Option::<AssetVersion>::as_select()))
        .load(conn)
        .await?;
    Ok((rows, total))
}

/// Deleted assets whose grace period ended and whose bytes are still stored.
pub async fn due_for_purge(
    conn: &mut AsyncPgConnection,
    deleted_before: DateTime<Utc>,
    limit: i64,
) -> QueryResult<Vec<Uuid>> {
    assets::table
        .filter(assets::deleted_at.lt(deleted_before))
        .filter(assets::purged_at.is_null())
        .order(assets::deleted_at.asc())
        .limit(limit)
        .select(assets::id)
        .load(conn)
        .await
}

/// Records that an asset's bytes are gone.
pub async fn mark_purged(
    conn: &mut AsyncPgConnection,
    asset_id: Uuid,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(asset_versions::table.filter(asset_versions::asset_id.eq(asset_id)))
        .set(asset_versions::state.eq(state::DELETED))
        .execute(conn)
        .await?;
    diesel::update(assets::table.find(asset_id))
        .set(assets::purged_at.eq(now))
        .execute(conn)
        .await
        .map(drop)
}

/// The live asset stored under `service_key` (`<service>:<key>`).
pub async fn find_by_service_key(
    conn: &mut AsyncPgConnection,
    service_key: &str,
) -> QueryResult<Option<Asset>> {
    assets::table
        .filter(assets::service_key.eq(service_key))
        .filter(assets::deleted_at.is_null())
        .select(Asset::as_select())
        .first(conn)
        .await
        .optional()
}

/// Serialises everything that creates or drops a reference to the stored object at `key`
/// until the transaction ends: a purge deciding the object is unused and an upload starting to
/// use it never interleave.
pub async fn lock_object(conn: &mut AsyncPgConnection, key: &str) -> QueryResult<()> {
    lock_name(conn, &format!("asset-object:{key}")).await
}

/// Serialises stores under one service key (`<service>:<key>`) until the transaction ends.
pub async fn lock_service_key(conn: &mut AsyncPgConnection, key: &str) -> QueryResult<()> {
    lock_name(conn, &format!("asset-service-key:{key}")).await
}

async fn lock_name(conn: &mut AsyncPgConnection, name: &str) -> QueryResult<()> {
    diesel::sql_query("SELECT pg_advisory_xact_lock(hashtext($1))")
        .bind::<diesel::sql_types::Text, _>(name)
        .execute(conn)
        .await
        .map(drop)
}

/// Whether a version of an asset other than `except` whose bytes are not purged yet (deleted
/// ones in their grace period included) stores its bytes at `key`.
pub async fn object_used_elsewhere(
    conn: &mut AsyncPgConnection,
    key: &str,
    except: Uuid,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        asset_versions::table
            .inner_join(assets::table)
            .filter(asset_versions::storage_key.eq(key))
            .filter(asset_versions::asset_id.ne(except))
            .filter(assets::purged_at.is_null()),
    ))
    .get_result(conn)
    .await
}
