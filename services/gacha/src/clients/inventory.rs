//! Inventory's gacha catalog, which banner pools are checked against (the economy
//! transaction goes through `common::clients::InventoryClient`).

use common::ServiceName;
use common::http::{CallError, InternalClient};
use contracts::inventory::GachaCatalogItem;

const GACHA_CATALOG: &str = "/internal/catalog/gacha";

/// Every gacha-only catalog entry.
pub async fn gacha_catalog(internal: &InternalClient) -> Result<Vec<GachaCatalogItem>, CallError> {
    internal
        .get(ServiceName::Inventory, GACHA_CATALOG, None)
        .await
}
