//! Reads: the open lists, one battle, a player's history and a battle's logs.

use uuid::Uuid;

use crate::db::{battles, logs, participants};
use crate::error::BattleError;
use crate::state::AppState;
use crate::views::{BattleInfo, BattleSummary, HistoryEntry, LogView, LogsResponse};

/// Most battles a list returns (the seed's 20).
pub const LIST_MAX: i64 = 20;

/// Waiting or running battles: standard ones up to the caller's level, or every raid.
pub async fn available(
    state: &AppState,
    user: Uuid,
    raids: bool,
) -> Result<Vec<BattleSummary>, BattleError> {
    let level = if raids {
        None
    } else {
        Some(state.combat_stats(user).await?.level)
    };
    let mut conn = state.conn().await?;
    let rows = battles::list_open(&mut conn, raids, level, LIST_MAX).await?;
    let ids: Vec<i64> = rows.iter().map(|b| b.id).collect();
    let counts = participants::active_counts(&mut conn, &ids).await?;
    Ok(rows
        .iter()
        .map(|b| BattleSummary::new(b, counts.get(&b.id).copied().unwrap_or(0)))
        .collect())
}

/// One battle with its enemies and participants.
pub async fn battle(state: &AppState, battle_id: i64) -> Result<BattleInfo, BattleError> {
    let mut conn = state.conn().await?;
    let battle = battles::find(&mut conn, battle_id)
        .await?
        .ok_or(BattleError::BattleNotFound)?;
    let enemies = battles::enemies(&mut conn, battle_id).await?;
    let people = participants::list(&mut conn, battle_id).await?;
    Ok(BattleInfo::new(&battle, &enemies, &people))
}

/// The caller's participations, newest first.
pub async fn history(
    state: &AppState,
    user: Uuid,
    limit: i64,
    offset: i64,
) -> Result<Vec<HistoryEntry>, BattleError> {
    let mut conn = state.conn().await?;
    let rows = participants::history(&mut conn, user, limit, offset).await?;
    Ok(rows.iter().map(HistoryEntry::from).collect())
}

/// A page of a battle's logs.
pub async fn logs_page(
    state: &AppState,
    battle_id: i64,
    limit: i64,
    offset: i64,
) -> Result<LogsResponse, BattleError> {
    let mut conn = state.conn().await?;
    battles::find(&mut conn, battle_id)
        .await?
        .ok_or(BattleError::BattleNotFound)?;
    let rows = logs::page(&mut conn, battle_id, limit, offset).await?;
    let logs: Vec<LogView> = rows.iter().map(LogView::from).collect();
    Ok(LogsResponse {
        battle_id,
        count: logs.len(),
        logs,
    })
}
