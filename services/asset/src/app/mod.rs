//! What each request does: transactions, storage calls and the checks that join them.

pub mod cdn;
pub mod internal;
pub mod purge;
pub mod reads;
pub mod receive;
pub mod thumbnails;
pub mod uploads;

use uuid::Uuid;

use crate::db::models::Asset;
use crate::error::AssetError;

/// The caller of an owner-only operation.
#[derive(Debug, Clone, Copy)]
pub struct Caller {
    /// The user.
    pub id: Uuid,
    /// Admins may act on any asset.
    pub admin: bool,
}

impl From<&common::auth::AuthUser> for Caller {
    fn from(user: &common::auth::AuthUser) -> Self {
        Caller {
            id: user.id,
            admin: user.is_admin(),
        }
    }
}

/// The asset, if it exists, is not deleted and `caller` owns it or is an admin. Another
/// player's private asset answers 404, so its existence does not leak; a public one 403.
pub fn owned(asset: Option<Asset>, caller: Caller) -> Result<Asset, AssetError> {
    let asset = asset
        .filter(|a| a.deleted_at.is_none())
        .ok_or(AssetError::NotFound)?;
    if asset.owner_id == caller.id || caller.admin {
        Ok(asset)
    } else if asset.is_public {
        Err(AssetError::NotOwner)
    } else {
        Err(AssetError::NotFound)
    }
}
