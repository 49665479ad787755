//! The JumpJumpJump boss gallery.

use uuid::Uuid;

use crate::db::participants;
use crate::domain::bosses::{self, GALLERY};
use crate::error::BattleError;
use crate::state::AppState;
use crate::views::BossView;

/// The 22 bosses, marked defeated for a caller who helped win a raid against them.
pub async fn list(state: &AppState, caller: Option<Uuid>) -> Result<Vec<BossView>, BattleError> {
    let defeated = match caller {
        Some(user) => {
            let mut conn = state.conn().await?;
            participants::defeated_gallery(&mut conn, user).await?
        }
        None => Vec::new(),
    };
    Ok(GALLERY
        .iter()
        .map(|b| BossView {
            id: b.index + 1,
            boss_index: b.index,
            boss_name: b.name.to_owned(),
            notorious_title: b.title.to_owned(),
            frame_x: 0,
            frame_y: 0,
            image_url: bosses::image_path(b.index),
            defeated: defeated.contains(&b.index),
        })
        .collect())
}

/// Where boss `index`'s image lives.
pub fn image_url(state: &AppState, index: i64) -> Result<String, BattleError> {
    let boss = bosses::by_index(index).ok_or(BattleError::BossNotFound(index))?;
    Ok(format!(
        "{}{}",
        state.settings.boss_image_base,
        bosses::image_file(boss.index)
    ))
}
