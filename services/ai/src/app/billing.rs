//! Paying for jobs: the debit when a paid job is accepted and the refund when it fails or is
//! cancelled, both through inventory's transaction keyed by the job (`ai:charge:{id}`,
//! `ai:refund:{id}`), so a repeated call is answered from inventory's ledger instead of moving
//! gems again. The job row records the intent first (`charge_state`), so a call whose outcome
//! is unknown is finished later by the sweeper with the same key.

use chrono::Utc;
use common::Infra;
use common::http::CallError;
use contracts::inventory::{Currency, CurrencyAmount, TransactionRequest, TransactionResponse};
use diesel_async::AsyncConnection;

use crate::db::models::Job;
use crate::db::queries;
use crate::error::AiError;
use crate::state::AppState;

/// What became of a paid job's debit.
#[derive(Debug)]
pub enum Debit {
    /// The gems were taken; the job is queued (its row as it is now).
    Charged(Box<Job>),
    /// Inventory refused (e.g. insufficient funds): nothing was taken, the job is gone.
    Refused(AiError),
    /// Unknown (inventory unreachable): the sweeper asks again with the same key.
    Unknown(AiError),
}

fn transaction(job: &Job, kind: &str, credit: bool) -> TransactionRequest {
    let amount = vec![CurrencyAmount {
        currency: Currency::Gems,
        amount: job.cost,
    }];
    let (debits, credits) = if credit {
        (Vec::new(), amount)
    } else {
        (amount, Vec::new())
    };
    TransactionRequest {
        idempotency_key: format!("ai:{kind}:{}", job.id),
        user_id: job.user_id,
        reason: format!("ai_job_{kind}"),
        debits,
        credits,
        grants: Vec::new(),
        consumes: Vec::new(),
        xp: None,
    }
}

async fn send(
    state: &AppState,
    request: &TransactionRequest,
) -> Result<TransactionResponse, CallError> {
    state.inventory.transact(request).await
}

/// Debits a paid job whose `charge_state` is `pending`, then settles the row.
pub async fn debit(state: &AppState, job: &Job) -> Result<Debit, AiError> {
    match send(state, &transaction(job, "charge", false)).await {
        Ok(_) => {
            let mut conn = state.conn().await?;
            let due = Utc::now() + state.settings.visibility_timeout;
            match queries::mark_charged(&mut conn, job.id, due).await? {
                Some(job) if job.status == "queued" => Ok(Debit::Charged(Box::new(job))),
                // Cancelled while the debit was in doubt: it is owed back at once.
                Some(job) => {
                    queries::set_charge_state(&mut conn, job.id, "charged", "refunding").await?;
                    drop(conn);
                    refund(state, job.id).await?;
                    Ok(Debit::Refused(AiError::NotCancellable(job.status)))
                }
                None => Err(AiError::Infra(Infra::internal(anyhow::anyhow!(
                    "job {} was not pending its debit",
                    job.id
                )))),
            }
        }
        Err(e @ CallError::Status { status, .. }) if status.is_client_error() => {
            let mut conn = state.conn().await?;
            queries::delete_unpaid(&mut conn, job.id).await?;
            Ok(Debit::Refused(AiError::from(e)))
        }
        Err(e) => Ok(Debit::Unknown(AiError::PaymentPending(e.into()))),
    }
}

/// Gives back the gems of a job whose `charge_state` is `refunding`; at most once, whoever
/// calls it and however often.
pub async fn refund(state: &AppState, job_id: uuid::Uuid) -> Result<(), AiError> {
    let job = {
        let mut conn = state.conn().await?;
        queries::find_job(&mut conn, job_id).await?
    };
    let Some(job) = job.filter(|j| j.charge_state == "refunding") else {
        return Ok(());
    };
    send(state, &transaction(&job, "refund", true)).await?;
    let mut conn = state.conn().await?;
    let announced = conn
        .transaction::<_, AiError, _>(async |conn| {
            if !queries::set_charge_state(conn, job.id, "refunding", "refunded").await? {
                return Ok(false);
            }
            let Some(refunded) = queries::find_job(conn, job.id).await? else {
                return Ok(false);
            };
            Ok(crate::events::enqueue_ending(conn, &refunded).await?)
        })
        .await?;
    if announced {
        state.outbox.wake();
    }
    Ok(())
}

/// Settles what is owed: debits of unknown outcome (asked again, same key) and refunds.
pub async fn settle(state: &AppState) -> Result<(), AiError> {
    let owed = {
        let mut conn = state.conn().await?;
        let pending_before = Utc::now() - chrono::Duration::seconds(5);
        queries::owed(&mut conn, pending_before, 50).await?
    };
    for job in owed {
        let outcome = match job.charge_state.as_str() {
            "refunding" => refund(state, job.id).await,
            _ => match debit(state, &job).await {
                Ok(Debit::Charged(job)) => crate::app::jobs::push(state, &job).await,
                Ok(_) => Ok(()),
                Err(e) => Err(e),
            },
        };
        if let Err(e) = outcome {
            tracing::warn!(job = %job.id, error = %e, "settling a job's gems failed; will retry");
        }
    }
    Ok(())
}
