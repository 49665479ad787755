//! What makes one service: its name, description, migrations, state and routes.

use std::sync::Arc;

use actix_codec::Framed;
use actix_http::h1;
use actix_web::rt::net::TcpStream;
use actix_web::web;
use contracts::ServiceName;
use futures_util::future::{BoxFuture, LocalBoxFuture};
use utoipa_actix_web::service_config::ServiceConfig;

use super::AppContext;
use crate::settings::ServiceSettings;

#[cfg(feature = "db")]
use diesel_migrations::EmbeddedMigrations;

/// Produces a service's embedded migrations (`EmbeddedMigrations` is neither `Clone` nor `Copy`).
#[cfg(feature = "db")]
pub type Migrations = fn() -> EmbeddedMigrations;

/// A connection taken over after an HTTP/1 upgrade: the parsed request, and the socket with
/// the HTTP/1 codec (to write the answer) and whatever the client sent after the request.
pub type Upgraded = (actix_http::Request, Framed<TcpStream, h1::Codec>);

/// Takes over upgraded connections; runs on the worker that accepted the connection.
pub(super) type UpgradeHandler = Arc<dyn Fn(Upgraded) -> LocalBoxFuture<'static, ()> + Send + Sync>;

/// What a service's setup hands back: the routes it registers (and its state as app data) on
/// each worker, and optionally who takes over HTTP/1 upgrade requests.
#[derive(Clone)]
pub struct Routes {
    configure: Arc<dyn Fn(&mut ServiceConfig) + Send + Sync>,
    upgrade: Option<UpgradeHandler>,
}

impl Routes {
    /// Hands every HTTP/1 request asking for a protocol upgrade (`Connection: upgrade`, e.g. a
    /// WebSocket handshake) to `handler` instead of the routes, with the socket: it answers
    /// (101 or an error) and owns the connection from then on. Unlike a streaming response,
    /// this frees the HTTP dispatcher and its read and write buffers (8 KiB each).
    pub fn upgrade<F, Fut>(mut self, handler: F) -> Self
    where
        F: Fn(actix_http::Request, Framed<TcpStream, h1::Codec>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + 'static,
    {
        self.upgrade = Some(Arc::new(move |(req, framed)| {
            Box::pin(handler(req, framed))
        }));
        self
    }

    pub(super) fn upgrade_handler(&self) -> Option<UpgradeHandler> {
        self.upgrade.clone()
    }

    pub(super) fn configure(&self, cfg: &mut ServiceConfig) {
        (self.configure)(cfg)
    }
}

/// Runs once per [`Application`] before it binds: builds the service's state (it may await,
/// e.g. to load keys) and returns the per-worker route registration.
pub(super) type Setup =
    Arc<dyn Fn(AppContext) -> BoxFuture<'static, anyhow::Result<Routes>> + Send + Sync>;

/// Wraps a route-registering closure as [`Routes`].
pub fn routes(f: impl Fn(&mut ServiceConfig) + Send + Sync + 'static) -> Routes {
    Routes {
        configure: Arc::new(f),
        upgrade: None,
    }
}

/// What makes one service: its name, description, migrations and routes.
#[derive(Clone)]
pub struct ServiceDef {
    pub(super) name: ServiceName,
    pub(super) description: &'static str,
    #[cfg(feature = "db")]
    pub(super) migrations: Option<Migrations>,
    pub(super) setup: Option<Setup>,
    /// Extra specs offered in this service's Swagger UI: (name, URL). The gateway's portal.
    pub(super) extra_docs: Vec<(&'static str, &'static str)>,
}

impl ServiceDef {
    /// A service with no routes of its own yet.
    pub fn new(name: ServiceName, description: &'static str) -> Self {
        ServiceDef {
            name,
            description,
            #[cfg(feature = "db")]
            migrations: None,
            setup: None,
            extra_docs: Vec::new(),
        }
    }

    /// The service's embedded migrations.
    #[cfg(feature = "db")]
    pub fn migrations(mut self, migrations: Migrations) -> Self {
        self.migrations = Some(migrations);
        self
    }

    /// The service's routes (documented through utoipa so the spec cannot drift), for services
    /// whose state needs no async start-up.
    pub fn routes(
        self,
        configure: impl Fn(&mut ServiceConfig, &AppContext) + Send + Sync + 'static,
    ) -> Self {
        let configure = Arc::new(configure);
        self.setup(move |ctx| {
            let configure = configure.clone();
            async move { Ok(routes(move |cfg| configure(cfg, &ctx))) }
        })
    }

    /// Async start-up run once per application (load keys, spawn background tasks...); returns
    /// the routes, which capture the state it built so every worker shares it.
    pub fn setup<F, Fut>(mut self, setup: F) -> Self
    where
        F: Fn(AppContext) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = anyhow::Result<Routes>> + Send + 'static,
    {
        self.setup = Some(Arc::new(move |ctx| Box::pin(setup(ctx))));
        self
    }

    /// Offers more specs in this service's Swagger UI beside its own (selectable by name).
    pub fn extra_docs(mut self, docs: Vec<(&'static str, &'static str)>) -> Self {
        self.extra_docs = docs;
        self
    }

    /// Which service this is.
    pub fn name(&self) -> ServiceName {
        self.name
    }

    /// The embedded migrations, if the service has any.
    #[cfg(feature = "db")]
    pub fn embedded_migrations(&self) -> Option<EmbeddedMigrations> {
        self.migrations.map(|m| m())
    }

    /// The usual shape of a service: its own settings (given, or read from the environment at
    /// start-up), state built once from them and the shared context (spawning its background
    /// workers on `ctx.workers`), and routes registered with that state on every worker.
    pub fn stateful<S, State, Build, Fut>(
        self,
        settings: Option<S>,
        build: Build,
        configure: fn(&mut ServiceConfig, web::Data<State>),
    ) -> Self
    where
        S: ServiceSettings,
        State: Send + Sync + 'static,
        Build: Fn(AppContext, Arc<S>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = anyhow::Result<State>> + Send + 'static,
    {
        self.stateful_inner(settings, build, move |state| {
            routes(move |cfg| configure(cfg, state.clone()))
        })
    }

    /// [`stateful`](Self::stateful) for a service that also takes over HTTP/1 upgrade requests
    /// (the gateway's WebSockets, see [`Routes::upgrade`]), with the same state.
    pub fn stateful_upgrading<S, State, Build, Fut, Upgrade>(
        self,
        settings: Option<S>,
        build: Build,
        configure: fn(&mut ServiceConfig, web::Data<State>),
        upgrade: fn(Arc<State>, actix_http::Request, Framed<TcpStream, h1::Codec>) -> Upgrade,
    ) -> Self
    where
        S: ServiceSettings,
        State: Send + Sync + 'static,
        Build: Fn(AppContext, Arc<S>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = anyhow::Result<State>> + Send + 'static,
        Upgrade: Future<Output = ()> + 'static,
    {
        self.stateful_inner(settings, build, move |state| {
            let shared = state.clone().into_inner();
            routes(move |cfg| configure(cfg, state.clone()))
                .upgrade(move |req, framed| upgrade(shared.clone(), req, framed))
        })
    }

    fn stateful_inner<S, State, Build, Fut>(
        self,
        settings: Option<S>,
        build: Build,
        finish: impl Fn(web::Data<State>) -> Routes + Send + Sync + 'static,
    ) -> Self
    where
        S: ServiceSettings,
        State: Send + Sync + 'static,
        Build: Fn(AppContext, Arc<S>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = anyhow::Result<State>> + Send + 'static,
    {
        let settings = settings.map(Arc::new);
        let build = Arc::new(build);
        let finish = Arc::new(finish);
        self.setup(move |ctx| {
            let settings = settings.clone();
            let build = build.clone();
            let finish = finish.clone();
            async move {
                let settings = match settings {
                    Some(settings) => settings,
                    None => Arc::new(S::from_env()?),
                };
                let state = web::Data::new(build(ctx, settings).await?);
                Ok(finish(state))
            }
        })
    }
}
