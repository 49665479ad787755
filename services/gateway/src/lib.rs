//! The one door for clients: HTTP routing to every service, the WebSocket hub and the docs portal.

use common::{ServiceDef, ServiceName};

/// The gateway service as the shared bootstrap runs it.
pub fn service() -> ServiceDef {
    ServiceDef::new(
        ServiceName::Gateway,
        "The one door for clients: HTTP routing to every service, the WebSocket hub and the docs portal.",
    )
}
