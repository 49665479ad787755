//! The JumpJumpJump boss gallery: the listing, and the bosses' images, which battle paints
//! itself and keeps in the asset service under `boss:{index}` (stored once, whatever the
//! number of replicas or restarts, since storing under a key is idempotent there).

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use actix_web::web::Bytes;
use common::clients::AssetClient;
use contracts::asset::StoreAssetQuery;
use uuid::Uuid;

use crate::db::participants;
use crate::domain::bosses::{self, GALLERY, GalleryBoss};
use crate::error::BattleError;
use crate::state::AppState;
use crate::views::BossView;

/// The CDN URLs of the gallery images this process has found or stored, by boss index.
#[derive(Clone, Default)]
pub struct GalleryImages {
    urls: Arc<RwLock<HashMap<i32, String>>>,
}

impl GalleryImages {
    /// Boss `index`'s CDN URL, when known.
    pub fn get(&self, index: i32) -> Option<String> {
        self.urls.read().ok()?.get(&index).cloned()
    }

    /// Remembers boss `index`'s CDN URL.
    fn put(&self, index: i32, url: String) {
        if let Ok(mut urls) = self.urls.write() {
            urls.insert(index, url);
        }
    }

    /// How many of the gallery's images are known.
    pub fn len(&self) -> usize {
        self.urls.read().map(|u| u.len()).unwrap_or(0)
    }

    /// Whether none is known yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

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

/// Boss `index`'s image CDN URL: cached, else found (or stored) in the asset service now.
pub async fn image_url(state: &AppState, index: i64) -> Result<String, BattleError> {
    let boss = bosses::by_index(index).ok_or(BattleError::BossNotFound(index))?;
    if let Some(url) = state.gallery.get(boss.index) {
        return Ok(url);
    }
    ensure(&state.assets, &state.gallery, boss)
        .await
        .map_err(BattleError::ImagesUnavailable)
}

/// Makes sure every gallery image is in the asset service and cached here; stops at the first
/// failure (the asset service is most likely down, so the next turn retries). Returns how many
/// images this turn had to look up or store.
pub async fn sync(state: &AppState) -> anyhow::Result<usize> {
    let mut done = 0;
    for boss in &GALLERY {
        if state.gallery.get(boss.index).is_none() {
            ensure(&state.assets, &state.gallery, boss).await?;
            done += 1;
        }
    }
    if done > 0 {
        tracing::info!(images = done, "boss gallery images ready");
    }
    Ok(done)
}

/// Finds `boss`'s image by its key, painting and storing it only when the asset service has
/// none, and caches its CDN URL.
async fn ensure(
    assets: &AssetClient,
    cache: &GalleryImages,
    boss: &GalleryBoss,
) -> anyhow::Result<String> {
    let key = bosses::image_key(boss.index);
    let url = match assets.find_by_key(&key).await? {
        Some(found) => found.cdn_url,
        None => {
            let png = bosses::paint(boss)?;
            let query = StoreAssetQuery {
                owner_id: Uuid::nil(),
                asset_type: "image".to_owned(),
                category: Some("bosses".to_owned()),
                filename: Some(bosses::image_file(boss.index)),
                is_public: Some(true),
                key: Some(key),
            };
            assets
                .store(&query, "image/png", Bytes::from(png))
                .await?
                .cdn_url
        }
    };
    cache.put(boss.index, url.clone());
    Ok(url)
}
