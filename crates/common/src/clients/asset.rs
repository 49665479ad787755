//! The asset service's internal API: store bytes (ai's generated images, battle's boss gallery)
//! and get their CDN URL back, or find what was stored under a key.

use actix_web::web::Bytes;
use contracts::ServiceName;
use contracts::asset::{BY_KEY_PATH, STORE_PATH, StoreAssetQuery, StoredAsset};
use reqwest::StatusCode;

use crate::http::{CallError, InternalClient, Retry};

/// Calls the asset service for the service that holds it.
#[derive(Clone)]
pub struct AssetClient {
    internal: InternalClient,
}

impl AssetClient {
    /// A client over the service's internal HTTP client (service token, request id, retries).
    pub fn new(internal: InternalClient) -> Self {
        AssetClient { internal }
    }

    /// Stores `bytes` of `content_type` as a new, complete asset. With `query.key` set the call
    /// is idempotent (a repeat answers with the first asset), so it is retried on transport
    /// errors and 5xx; without a key it is sent once, since a repeat would store twice.
    pub async fn store(
        &self,
        query: &StoreAssetQuery,
        content_type: &str,
        bytes: Bytes,
    ) -> Result<StoredAsset, CallError> {
        let retry = if query.key.is_some() {
            Retry::Idempotent
        } else {
            Retry::Never
        };
        let path = format!("{STORE_PATH}?{}", store_query(query));
        self.internal
            .post_bytes(
                ServiceName::Asset,
                &path,
                content_type,
                bytes,
                Some(query.owner_id),
                retry,
            )
            .await
    }

    /// The live asset this service stored under `key`, `None` when there is none (never
    /// stored, or deleted since).
    pub async fn find_by_key(&self, key: &str) -> Result<Option<StoredAsset>, CallError> {
        let query = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("key", key)
            .finish();
        let path = format!("{BY_KEY_PATH}?{query}");
        match self.internal.get(ServiceName::Asset, &path, None).await {
            Ok(found) => Ok(Some(found)),
            Err(CallError::Status { status, .. }) if status == StatusCode::NOT_FOUND => Ok(None),
            Err(e) => Err(e),
        }
    }
}

fn store_query(query: &StoreAssetQuery) -> String {
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    out.append_pair("owner_id", &query.owner_id.to_string())
        .append_pair("asset_type", &query.asset_type);
    let optional = [
        ("category", query.category.as_deref()),
        ("filename", query.filename.as_deref()),
        ("key", query.key.as_deref()),
    ];
    for (name, value) in optional {
        if let Some(value) = value {
            out.append_pair(name, value);
        }
    }
    if let Some(public) = query.is_public {
        out.append_pair("is_public", if public { "true" } else { "false" });
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_carries_every_set_field_encoded() {
        let query = StoreAssetQuery {
            owner_id: uuid::Uuid::nil(),
            asset_type: "image".to_owned(),
            category: Some("bosses".to_owned()),
            filename: None,
            is_public: Some(true),
            key: Some("boss:01 & co".to_owned()),
        };
        assert_eq!(
            store_query(&query),
            "owner_id=00000000-0000-0000-0000-000000000000&asset_type=image&category=bosses\
             &key=boss%3A01+%26+co&is_public=true"
        );
    }
}
