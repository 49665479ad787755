//! The infrastructure error every service's error enum wraps once: what fails beneath the
//! request (the database, its pool, Redis, a peer service), as opposed to what the client did.

use actix_web::http::StatusCode;

use crate::error::Problem;
use crate::http::CallError;

/// A failure of what the service stands on; 503 while a dependency is unreachable, 500 when it
/// answered something we did not expect. A peer's 4xx is the peer refusing on the caller's
/// behalf (e.g. inventory's `insufficient_funds`) and passes through with its status and code.
#[derive(Debug, thiserror::Error)]
pub enum Infra {
    /// No pooled database connection in time.
    #[cfg(feature = "db")]
    #[error("database unavailable: {0}")]
    Pool(#[from] crate::db::PoolError),
    /// The database could not be reached (a dedicated connection, a batch writer).
    #[error("database unreachable: {0:#}")]
    DatabaseDown(anyhow::Error),
    /// A query failed.
    #[cfg(feature = "db")]
    #[error("database error: {0}")]
    Database(#[from] diesel::result::Error),
    /// Redis could not be reached or failed.
    #[error("redis unavailable: {0:#}")]
    Redis(anyhow::Error),
    /// A call to another service of the platform failed or was refused.
    #[error(transparent)]
    Peer(#[from] CallError),
    /// Anything else that is our fault.
    #[error("internal error: {0:#}")]
    Internal(anyhow::Error),
}

impl Infra {
    /// Wraps any error as an internal (500) failure.
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        Infra::Internal(cause.into())
    }

    /// Wraps a failure to reach the database (503).
    pub fn database_down(cause: impl Into<anyhow::Error>) -> Self {
        Infra::DatabaseDown(cause.into())
    }

    /// Whether the database could not be reached at all (as opposed to a query failing):
    /// a pool timeout, or a query whose connection broke under it (a restart, a failover).
    pub fn is_database_down(&self) -> bool {
        match self {
            #[cfg(feature = "db")]
            Infra::Pool(_) => true,
            #[cfg(feature = "db")]
            Infra::Database(e) => connection_lost(e),
            Infra::DatabaseDown(_) => true,
            _ => false,
        }
    }

    /// Wraps a failed Redis call (503).
    pub fn redis(cause: impl Into<anyhow::Error>) -> Self {
        Infra::Redis(cause.into())
    }

    /// The status this failure answers with.
    pub fn status_code(&self) -> StatusCode {
        match self {
            #[cfg(feature = "db")]
            Infra::Pool(_) => StatusCode::SERVICE_UNAVAILABLE,
            #[cfg(feature = "db")]
            Infra::Database(e) if connection_lost(e) => StatusCode::SERVICE_UNAVAILABLE,
            #[cfg(feature = "db")]
            Infra::Database(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Infra::DatabaseDown(_) | Infra::Redis(_) => StatusCode::SERVICE_UNAVAILABLE,
            Infra::Peer(err) => peer_status(err),
            Infra::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The peer's refusal (status, code, detail) when a peer answered with a 4xx problem.
    pub fn peer_refusal(&self) -> Option<(StatusCode, &str, Option<&str>)> {
        match self {
            Infra::Peer(CallError::Status {
                status,
                problem: Some(p),
                ..
            }) if status.is_client_error() => {
                Some((to_actix(*status), p.code.as_str(), p.detail.as_deref()))
            }
            _ => None,
        }
    }
}

impl From<redis::RedisError> for Infra {
    fn from(e: redis::RedisError) -> Self {
        Infra::Redis(e.into())
    }
}

/// Whether a query failed because its connection broke rather than because of the query:
/// diesel-async reports a dropped socket as `UnableToSendCommand`, and a server shutting down
/// or restarting sends one of SQLSTATE class 57's messages, which diesel keeps only as text.
#[cfg(feature = "db")]
pub fn connection_lost(e: &diesel::result::Error) -> bool {
    use diesel::result::{DatabaseErrorKind, Error};
    match e {
        Error::BrokenTransactionManager => true,
        Error::DatabaseError(
            DatabaseErrorKind::UnableToSendCommand | DatabaseErrorKind::ClosedConnection,
            _,
        ) => true,
        Error::DatabaseError(_, info) => {
            let message = info.message();
            [
                "terminating connection due to",
                "the database system is shutting down",
                "the database system is starting up",
                "the database system is in recovery mode",
                "server closed the connection",
                "connection closed",
            ]
            .iter()
            .any(|m| message.contains(m))
        }
        _ => false,
    }
}

fn peer_status(err: &CallError) -> StatusCode {
    match err {
        CallError::Status {
            status,
            problem: Some(_),
            ..
        } if status.is_client_error() => to_actix(*status),
        CallError::Unreachable { .. } => StatusCode::SERVICE_UNAVAILABLE,
        CallError::Status { status, .. } if status.is_server_error() => {
            StatusCode::SERVICE_UNAVAILABLE
        }
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// reqwest and actix build on different releases of `http`.
fn to_actix(status: reqwest::StatusCode) -> StatusCode {
    StatusCode::from_u16(status.as_u16()).unwrap_or(StatusCode::BAD_GATEWAY)
}

impl From<Infra> for Problem {
    fn from(err: Infra) -> Self {
        if let Some((status, code, detail)) = err.peer_refusal() {
            let problem = Problem::new(status, code.to_owned());
            return match detail {
                Some(detail) => problem.detail(detail),
                None => problem,
            };
        }
        match err {
            #[cfg(feature = "db")]
            Infra::Pool(e) => Problem::unavailable("database_unavailable", e),
            Infra::DatabaseDown(e) => Problem::unavailable("database_unavailable", e),
            #[cfg(feature = "db")]
            Infra::Database(e) if connection_lost(&e) => {
                Problem::unavailable("database_unavailable", e)
            }
            Infra::Redis(e) => Problem::unavailable("redis_unavailable", e),
            Infra::Peer(e) if peer_status(&e) == StatusCode::SERVICE_UNAVAILABLE => {
                Problem::unavailable("dependency_unavailable", e)
            }
            other => Problem::internal(other),
        }
    }
}

/// Implements `From<E>` for a service's error enum for every infrastructure error `E`, through
/// its `Infra(common::error::Infra)` variant, so `?` works on queries, pools, Redis and peers.
#[macro_export]
macro_rules! infra_from {
    ($enum:ty) => {
        $crate::infra_from!(@one $enum, $crate::db::PoolError);
        $crate::infra_from!(@one $enum, ::diesel::result::Error);
        $crate::infra_from!(@one $enum, $crate::http::CallError);
        $crate::infra_from!(@one $enum, ::redis::RedisError);
    };
    (@one $enum:ty, $source:ty) => {
        impl ::core::convert::From<$source> for $enum {
            fn from(e: $source) -> Self {
                Self::Infra($crate::error::Infra::from(e))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ProblemBody;
    use contracts::ServiceName;

    fn refusal(status: StatusCode, code: &str) -> Infra {
        Infra::Peer(CallError::Status {
            service: ServiceName::Inventory,
            status: reqwest::StatusCode::from_u16(status.as_u16()).unwrap(),
            problem: Some(Box::new(ProblemBody {
                kind: String::new(),
                title: String::new(),
                status: status.as_u16(),
                detail: Some("not enough gems".to_owned()),
                code: code.to_owned(),
                request_id: None,
                errors: Vec::new(),
            })),
        })
    }

    #[test]
    fn a_peers_refusal_passes_through_with_its_status_and_code() {
        let p = Problem::from(refusal(StatusCode::CONFLICT, "insufficient_funds"));
        assert_eq!(p.status(), StatusCode::CONFLICT);
        assert_eq!(p.code(), "insufficient_funds");
        assert_eq!(p.body().detail.as_deref(), Some("not enough gems"));
    }

    #[test]
    fn an_unreachable_peer_or_its_5xx_is_503_and_redis_is_503() {
        let down = Infra::Peer(CallError::Unreachable {
            service: ServiceName::Inventory,
            source: anyhow::anyhow!("connection refused"),
        });
        assert_eq!(
            Problem::from(down).status(),
            StatusCode::SERVICE_UNAVAILABLE
        );
        let failing = Infra::Peer(CallError::Status {
            service: ServiceName::Inventory,
            status: reqwest::StatusCode::BAD_GATEWAY,
            problem: None,
        });
        assert_eq!(failing.status_code(), StatusCode::SERVICE_UNAVAILABLE);
        let redis = Infra::redis(anyhow::anyhow!("gone"));
        assert_eq!(Problem::from(redis).code(), "redis_unavailable");
    }

    #[cfg(feature = "db")]
    #[test]
    fn a_query_whose_connection_broke_is_503_but_a_failed_query_is_500() {
        use diesel::result::{DatabaseErrorKind, Error};
        let dropped = Error::DatabaseError(
            DatabaseErrorKind::UnableToSendCommand,
            Box::new("connection closed".to_owned()),
        );
        let p = Problem::from(Infra::Database(dropped));
        assert_eq!(p.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(p.code(), "database_unavailable");
        let restarting = Error::DatabaseError(
            DatabaseErrorKind::Unknown,
            Box::new("terminating connection due to administrator command".to_owned()),
        );
        assert!(Infra::Database(restarting).is_database_down());
        let bad = Error::DatabaseError(
            DatabaseErrorKind::Unknown,
            Box::new("column \"x\" does not exist".to_owned()),
        );
        assert_eq!(
            Infra::Database(bad).status_code(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }

    #[test]
    fn a_query_failure_is_500_and_hides_its_cause() {
        let p = Problem::from(Infra::internal(anyhow::anyhow!("secret detail")));
        assert_eq!(p.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!serde_json::to_string(&p.body()).unwrap().contains("secret"));
    }
}
