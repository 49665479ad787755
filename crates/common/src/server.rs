//! The shared bootstrap: every service is a [`ServiceDef`] run by [`Application`], which serves
//! `/healthz`, `/readyz`, `/metrics`, `/openapi.json` and Swagger UI at `/docs/` beside the
//! service's own routes, and shuts down gracefully on SIGTERM/SIGINT.

use std::collections::HashMap;
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_codec::Framed;
use actix_http::{HttpService, KeepAlive, h1};
use actix_service::{IntoServiceFactory, fn_service, map_config};
use actix_web::dev::{AppConfig, Server, ServerHandle};
use actix_web::http::header;
use actix_web::middleware::from_fn;
use actix_web::rt::net::TcpStream;
use actix_web::{App, HttpRequest, HttpResponse, get, web};
use actix_web_prom::{PrometheusMetrics, PrometheusMetricsBuilder};
use anyhow::Context;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use contracts::ServiceName;
use futures_util::future::{BoxFuture, LocalBoxFuture};
use serde::Serialize;
use utoipa::openapi::{InfoBuilder, OpenApi, OpenApiBuilder};
use utoipa::{PartialSchema, ToSchema};
use utoipa_actix_web::AppExt;
use utoipa_actix_web::service_config::ServiceConfig;
use utoipa_swagger_ui::{Config as SwaggerConfig, SwaggerUi, Url as SwaggerUrl};

use crate::auth::{Authenticator, JwtVerifier, Revocations, ServiceTokens};
use crate::error::{self, Problem, ProblemBody};
use crate::events::Events;
use crate::http::{InternalClient, build_reqwest, init_crypto};
use crate::redis::Redis;
use crate::settings::Settings;
use crate::telemetry;

#[cfg(feature = "db")]
use crate::db::{self, DbPool};
#[cfg(feature = "db")]
use diesel_migrations::EmbeddedMigrations;

/// How long a readiness check waits for each dependency.
const READY_TIMEOUT: Duration = Duration::from_secs(2);

/// Produces a service's embedded migrations (`EmbeddedMigrations` is neither `Clone` nor `Copy`).
#[cfg(feature = "db")]
pub type Migrations = fn() -> EmbeddedMigrations;

/// A connection taken over after an HTTP/1 upgrade: the parsed request, and the socket with
/// the HTTP/1 codec (to write the answer) and whatever the client sent after the request.
pub type Upgraded = (actix_http::Request, Framed<TcpStream, h1::Codec>);

/// Takes over upgraded connections; runs on the worker that accepted the connection.
type UpgradeHandler = Arc<dyn Fn(Upgraded) -> LocalBoxFuture<'static, ()> + Send + Sync>;

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
}

/// Runs once per [`Application`] before it binds: builds the service's state (it may await,
/// e.g. to load keys) and returns the per-worker route registration.
type Setup = Arc<dyn Fn(AppContext) -> BoxFuture<'static, anyhow::Result<Routes>> + Send + Sync>;

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
    name: ServiceName,
    description: &'static str,
    #[cfg(feature = "db")]
    migrations: Option<Migrations>,
    setup: Option<Setup>,
    /// Extra specs offered in this service's Swagger UI: (name, URL). The gateway's portal.
    extra_docs: Vec<(&'static str, &'static str)>,
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
}

/// What every handler can reach: settings, pools, publisher, token checks, internal client.
#[derive(Clone)]
pub struct AppContext {
    /// The service's settings.
    pub settings: Arc<Settings>,
    /// The database pool (`None` for the gateway).
    #[cfg(feature = "db")]
    pub db: Option<DbPool>,
    /// The Redis command pool.
    pub redis: Redis,
    /// The event publisher.
    pub events: Events,
    /// Access-token verification.
    pub auth: web::Data<Authenticator>,
    /// Service-token signer/verifier.
    pub service_tokens: ServiceTokens,
    /// Calls to other services.
    pub internal: InternalClient,
}

impl AppContext {
    /// Builds every shared part; nothing connects yet, so this works while dependencies are down.
    pub fn build(settings: Settings) -> anyhow::Result<Self> {
        init_crypto();
        #[cfg(feature = "db")]
        let db = settings
            .database
            .as_ref()
            .map(|db| db::build_pool(db, settings.service.as_str()))
            .transpose()?;
        let redis = Redis::new(&settings.redis)?;
        let events = Events::new(redis.clone(), &settings.redis);
        let service_tokens =
            ServiceTokens::new(settings.service.as_str(), &settings.internal_token_secret);
        let auth = web::Data::new(Authenticator {
            verifier: JwtVerifier::new(&settings.jwt, build_reqwest(Duration::from_secs(5))?),
            revocations: Revocations::new(redis.clone()),
        });
        let internal = InternalClient::new(&settings, service_tokens.clone())?;
        Ok(AppContext {
            settings: Arc::new(settings),
            #[cfg(feature = "db")]
            db,
            redis,
            events,
            auth,
            service_tokens,
            internal,
        })
    }
}

/// A built, bound, not yet running service.
pub struct Application {
    port: u16,
    server: Server,
    context: AppContext,
}

impl Application {
    /// Runs the service's setup, binds `settings.http.bind_addr` (port 0 picks a free port)
    /// and prepares the server.
    pub async fn build(def: ServiceDef, settings: Settings) -> anyhow::Result<Self> {
        let context = AppContext::build(settings)?;
        Self::build_with_context(def, context).await
    }

    /// Like [`Application::build`] with a context made by the caller.
    pub async fn build_with_context(def: ServiceDef, context: AppContext) -> anyhow::Result<Self> {
        let settings = context.settings.clone();
        let routes = match &def.setup {
            Some(setup) => Some(setup(context.clone()).await?),
            None => None,
        };
        let listener = TcpListener::bind(&settings.http.bind_addr)
            .with_context(|| format!("binding {}", settings.http.bind_addr))?;
        let addr = listener.local_addr()?;
        let port = addr.port();
        let metrics = build_metrics(def.name)?;
        let ctx = context.clone();
        let max_body = settings.http.max_body_bytes;
        let upgrade = routes.as_ref().and_then(|r| r.upgrade.clone());
        // What `HttpServer::listen` builds, with its defaults, plus the upgrade handler it
        // cannot take.
        let builder = actix_server::Server::build();
        let shutdown = builder.graceful_shutdown_signal();
        let host = addr.to_string();
        let server = builder
            .workers(settings.http.workers)
            .shutdown_timeout(settings.http.shutdown_timeout.as_secs())
            .listen(format!("{}-http", def.name), listener, move || {
                let shutdown = shutdown.clone();
                let host = host.clone();
                let app = build_app(&def, &ctx, routes.as_ref(), &metrics, max_body);
                let upgrade = upgrade.clone().map(|handler| {
                    fn_service(move |upgraded: Upgraded| {
                        let done = handler(upgraded);
                        async move {
                            done.await;
                            Ok::<_, actix_web::Error>(())
                        }
                    })
                });
                HttpService::build()
                    // Lets keep-alive connections close promptly on SIGTERM/SIGINT.
                    .graceful_shutdown_signal(move || {
                        let shutdown = shutdown.clone();
                        async move { shutdown.notified().await }
                    })
                    .keep_alive(KeepAlive::default())
                    .client_request_timeout(Duration::from_secs(5))
                    .client_disconnect_timeout(Duration::from_secs(1))
                    .h1_allow_half_closed(true)
                    .local_addr(addr)
                    // Small frames (WebSocket events, API answers) must not wait for the peer's
                    // delayed ACK: with Nagle on, relays at 60 Hz took 17 ms at the median.
                    .tcp_nodelay(true)
                    .finish(map_config(app.into_factory(), move |()| {
                        // actix-web's own constructor is crate-private; this is what
                        // `HttpServer` passes.
                        AppConfig::__priv_test_new(false, host.clone(), addr)
                    }))
                    .upgrade(upgrade)
                    .tcp()
            })?
            .run();
        tracing::info!(service = %settings.service, port, "listening");
        Ok(Application {
            port,
            server,
            context,
        })
    }

    /// The port actually bound.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The shared context (pools, publisher...).
    pub fn context(&self) -> &AppContext {
        &self.context
    }

    /// A handle that can stop the server.
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serves until SIGTERM/SIGINT or [`ServerHandle::stop`], letting requests finish.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

fn build_metrics(service: ServiceName) -> anyhow::Result<PrometheusMetrics> {
    let labels = HashMap::from([("service".to_owned(), service.as_str().to_owned())]);
    PrometheusMetricsBuilder::new("gameplatform")
        .endpoint("/metrics")
        .const_labels(labels)
        // Unknown paths share one label so scanners cannot blow up the series count.
        .mask_unmatched_patterns("UNMATCHED")
        // Swagger UI is not worth a series. Exact patterns, not a regex: the exclusion is
        // checked on every request, and a set lookup is cheaper than running a regex.
        .exclude("/docs")
        .exclude("/docs/{_:.*}")
        .build()
        .map_err(|e| anyhow::anyhow!("building metrics: {e}"))
}

fn base_openapi(def: &ServiceDef) -> OpenApi {
    let mut api = OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title(format!("{} service", def.name))
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some(def.description))
                .build(),
        )
        .build();
    let components = api.components.get_or_insert_with(Default::default);
    for (name, schema) in [
        ("ProblemBody", ProblemBody::schema()),
        ("FieldError", error::FieldError::schema()),
    ] {
        components.schemas.insert(name.to_owned(), schema);
    }
    api
}

fn build_app(
    def: &ServiceDef,
    ctx: &AppContext,
    routes: Option<&Routes>,
    metrics: &PrometheusMetrics,
    max_body: usize,
) -> App<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<actix_web::body::BoxBody>,
        Error = actix_web::Error,
        InitError = (),
    > + use<>,
> {
    let (json, path, query, form) = error::extractor_configs(max_body);
    let (app, api) = App::new()
        .into_utoipa_app()
        .openapi(base_openapi(def))
        .app_data(json)
        .app_data(path)
        .app_data(query)
        .app_data(form)
        .app_data(web::PayloadConfig::new(max_body))
        .app_data(web::Data::new(ctx.clone()))
        .app_data(ctx.auth.clone())
        .app_data(web::Data::new(ctx.service_tokens.clone()))
        .service(healthz)
        .service(readyz)
        .configure(|cfg| {
            if let Some(routes) = routes {
                (routes.configure)(cfg);
            }
        })
        .split_for_parts();
    let swagger_config = if def.extra_docs.is_empty() {
        SwaggerConfig::default()
    } else {
        SwaggerConfig::new(
            std::iter::once((def.name.as_str(), "/openapi.json"))
                .chain(def.extra_docs.iter().copied())
                .map(|(name, url)| SwaggerUrl::new(name, url)),
        )
    };
    app.route("/docs", web::get().to(docs_redirect))
        .service(
            SwaggerUi::new("/docs/{_:.*}")
                .url("/openapi.json", api)
                .config(swagger_config.validator_url("none")),
        )
        .default_service(web::to(not_found))
        .wrap(metrics.clone())
        .wrap(from_fn(telemetry::request_context))
}

async fn docs_redirect() -> HttpResponse {
    HttpResponse::PermanentRedirect()
        .insert_header((header::LOCATION, "/docs/"))
        .finish()
}

/// Unmatched requests: 405 when the path exists for another method, else 404.
async fn not_found(req: HttpRequest) -> Result<HttpResponse, Problem> {
    let detail = format!("no route for {} {}", req.method(), req.path());
    if req.resource_map().has_resource(req.path()) {
        return Err(Problem::new(
            actix_web::http::StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
        )
        .detail(detail));
    }
    Err(Problem::not_found("not_found", detail))
}

/// Liveness answer.
#[derive(Serialize, ToSchema)]
pub struct Health {
    /// Always `ok` when the process answers.
    status: &'static str,
    /// The service's name.
    service: &'static str,
    /// The build's version.
    version: &'static str,
}

/// Liveness: the process is up and serving HTTP.
#[utoipa::path(get, path = "/healthz", tag = "health", responses((status = 200, body = Health)))]
#[get("/healthz")]
async fn healthz(ctx: web::Data<AppContext>) -> web::Json<Health> {
    web::Json(Health {
        status: "ok",
        service: ctx.settings.service.as_str(),
        version: env!("CARGO_PKG_VERSION"),
    })
}

/// Readiness answer.
#[derive(Serialize, ToSchema)]
pub struct Ready {
    /// `ready`.
    status: &'static str,
    /// Each dependency checked, with `ok`.
    checks: HashMap<&'static str, &'static str>,
}

/// Readiness: the service's database and Redis answer; 503 problem+json naming what does not.
#[utoipa::path(get, path = "/readyz", tag = "health", responses(
    (status = 200, body = Ready),
    (status = 503, body = ProblemBody, content_type = "application/problem+json"),
))]
#[get("/readyz")]
async fn readyz(ctx: web::Data<AppContext>) -> Result<web::Json<Ready>, Problem> {
    let redis = async {
        match tokio::time::timeout(READY_TIMEOUT, ctx.redis.ping()).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(format!("{e:#}")),
            Err(_) => Err("timed out".to_owned()),
        }
    };
    #[cfg(feature = "db")]
    let database = async {
        let Some(pool) = &ctx.db else { return None };
        Some(
            match tokio::time::timeout(READY_TIMEOUT, db::ping(pool)).await {
                Ok(Ok(())) => Ok(()),
                Ok(Err(e)) => Err(format!("{e:#}")),
                Err(_) => Err("timed out".to_owned()),
            },
        )
    };
    #[cfg(not(feature = "db"))]
    let database = async { None::<Result<(), String>> };
    let (redis, database) = tokio::join!(redis, database);

    let mut checks = HashMap::new();
    let mut failed = Vec::new();
    for (name, result) in [("redis", Some(redis)), ("database", database)] {
        match result {
            None => {}
            Some(Ok(())) => {
                checks.insert(name, "ok");
            }
            Some(Err(cause)) => {
                tracing::warn!(dependency = name, cause, "not ready");
                failed.push(name);
            }
        }
    }
    if failed.is_empty() {
        Ok(web::Json(Ready {
            status: "ready",
            checks,
        }))
    } else {
        Err(Problem::new(
            actix_web::http::StatusCode::SERVICE_UNAVAILABLE,
            "not_ready",
        )
        .retry_after(1)
        .public_detail(format!("unreachable: {}", failed.join(", "))))
    }
}

/// `<service> serve [--migrate]` | `<service> migrate`
#[derive(Debug, Parser)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve HTTP until SIGTERM/SIGINT.
    Serve {
        /// Apply pending migrations first.
        #[arg(long)]
        migrate: bool,
    },
    /// Apply pending migrations and exit.
    Migrate,
}

/// The whole `main` of a service binary: parse the command line, read settings, log, run.
pub fn main(def: ServiceDef) -> anyhow::Result<()> {
    let matches = Cli::command()
        .name(def.name.as_str())
        .about(def.description)
        .get_matches();
    let cli = Cli::from_arg_matches(&matches).map_err(|e| e.exit())?;
    let settings = Settings::from_env(def.name)?;
    telemetry::init(def.name.as_str(), settings.log_format);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async move {
        match cli.command {
            Command::Migrate => prepare_database(&def, &settings).await,
            Command::Serve { migrate } => {
                if migrate {
                    prepare_database(&def, &settings).await?;
                } else {
                    ensure_database(&settings).await?;
                }
                Application::build(def, settings)
                    .await?
                    .run_until_stopped()
                    .await?;
                tracing::info!("stopped");
                Ok(())
            }
        }
    })
}

/// Creates the database when allowed and missing (development).
#[cfg(feature = "db")]
async fn ensure_database(settings: &Settings) -> anyhow::Result<()> {
    use secrecy::ExposeSecret;
    if let Some(db) = &settings.database
        && db.create_if_missing
    {
        db::ensure_database(db.url.expose_secret()).await?;
    }
    Ok(())
}

#[cfg(not(feature = "db"))]
async fn ensure_database(_settings: &Settings) -> anyhow::Result<()> {
    Ok(())
}

/// Creates the database if allowed, then applies pending migrations under the advisory lock.
#[cfg(feature = "db")]
pub async fn prepare_database(def: &ServiceDef, settings: &Settings) -> anyhow::Result<()> {
    use secrecy::ExposeSecret;
    ensure_database(settings).await?;
    if let (Some(db), Some(migrations)) = (&settings.database, def.embedded_migrations()) {
        let applied =
            db::run_migrations(db.url.expose_secret(), def.name.as_str(), migrations).await?;
        tracing::info!(count = applied.len(), versions = ?applied, "migrations applied");
    }
    Ok(())
}

/// Without the `db` feature there is nothing to migrate.
#[cfg(not(feature = "db"))]
pub async fn prepare_database(_def: &ServiceDef, _settings: &Settings) -> anyhow::Result<()> {
    Ok(())
}
