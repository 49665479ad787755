//! Inventory's economy transaction: consuming furniture placed in a room and granting it back
//! when it is picked up. Every call carries an idempotency key derived from the room's own
//! record, so retries never consume or grant twice.

use common::ServiceName;
use common::http::{InternalClient, Retry};
use contracts::inventory::{ItemConsume, ItemGrant, TransactionRequest, TransactionResponse};
use uuid::Uuid;

use crate::error::RoomError;

const TRANSACTIONS: &str = "/internal/transactions";

/// Takes one of `item_id` from `user`.
pub async fn consume(
    internal: &InternalClient,
    key: String,
    user: Uuid,
    item_id: Uuid,
) -> Result<TransactionResponse, RoomError> {
    let request = TransactionRequest {
        idempotency_key: key,
        user_id: user,
        reason: "place_object".to_owned(),
        debits: Vec::new(),
        credits: Vec::new(),
        grants: Vec::new(),
        consumes: vec![ItemConsume {
            item_id,
            quantity: 1,
        }],
    };
    Ok(internal
        .post(
            ServiceName::Inventory,
            TRANSACTIONS,
            &request,
            Some(user),
            Retry::Idempotent,
        )
        .await?)
}

/// Gives `user` one of catalog entry `catalog_id`.
pub async fn grant(
    internal: &InternalClient,
    key: String,
    user: Uuid,
    catalog_id: &str,
    reason: &str,
) -> Result<TransactionResponse, RoomError> {
    let request = TransactionRequest {
        idempotency_key: key,
        user_id: user,
        reason: reason.to_owned(),
        debits: Vec::new(),
        credits: Vec::new(),
        grants: vec![ItemGrant {
            catalog_id: catalog_id.to_owned(),
            quantity: 1,
        }],
        consumes: Vec::new(),
    };
    Ok(internal
        .post(
            ServiceName::Inventory,
            TRANSACTIONS,
            &request,
            Some(user),
            Retry::Idempotent,
        )
        .await?)
}
