//! Inventory: the one economy transaction that pays for a pull and grants its items, and
//! the gacha catalog banner pools are checked against.

use common::ServiceName;
use common::http::{CallError, InternalClient, Retry};
use contracts::inventory::{GachaCatalogItem, TransactionRequest, TransactionResponse};

const TRANSACTIONS: &str = "/internal/transactions";
const GACHA_CATALOG: &str = "/internal/catalog/gacha";

/// Applies `request` (idempotent by its key, so retries are safe).
pub async fn transact(
    internal: &InternalClient,
    request: &TransactionRequest,
) -> Result<TransactionResponse, CallError> {
    internal
        .post(
            ServiceName::Inventory,
            TRANSACTIONS,
            request,
            Some(request.user_id),
            Retry::Idempotent,
        )
        .await
}

/// Every gacha-only catalog entry.
pub async fn gacha_catalog(internal: &InternalClient) -> Result<Vec<GachaCatalogItem>, CallError> {
    internal
        .get(ServiceName::Inventory, GACHA_CATALOG, None)
        .await
}
