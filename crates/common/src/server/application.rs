//! Binding, serving and stopping a service.

use std::collections::HashMap;
use std::net::TcpListener;
use std::time::Duration;

use actix_http::KeepAlive;
use actix_web::dev::{Server, ServerHandle};
use actix_web::middleware::{Condition, DefaultHeaders, from_fn};
use actix_web::{App, HttpServer, web};
use actix_web_prom::{PrometheusMetrics, PrometheusMetricsBuilder};
use anyhow::Context;
use contracts::ServiceName;
use utoipa::PartialSchema;
use utoipa::openapi::{InfoBuilder, OpenApi, OpenApiBuilder};
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::{Config as SwaggerConfig, SwaggerUi, Url as SwaggerUrl};

use super::def::Routes;
use super::{AppContext, ServiceDef, health, openapi, upgrade};
use crate::error::{self, ProblemBody};
use crate::settings::Settings;
use crate::telemetry;

/// How long an idle keep-alive connection stays open. Longer than every client's pool idle
/// timeout (the gateway's upstream pool and the internal reqwest clients keep 60 s): with
/// actix's default 5 s, a peer reused a connection the service was closing at that moment and
/// got "connection closed before message completed", a 502 from the gateway (seen in the
/// outages test).
pub(super) const KEEP_ALIVE: Duration = Duration::from_secs(75);

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
        let http = &settings.http;
        let server = match routes.as_ref().and_then(Routes::upgrade_handler) {
            Some(handler) => upgrade::serve(def.name, listener, http, handler, move || {
                build_app(&def, &ctx, routes.as_ref(), &metrics, max_body)
            })?,
            None => {
                HttpServer::new(move || build_app(&def, &ctx, routes.as_ref(), &metrics, max_body))
                    .workers(http.workers)
                    .shutdown_timeout(http.shutdown_timeout.as_secs())
                    .keep_alive(KeepAlive::Timeout(KEEP_ALIVE))
                    .client_request_timeout(Duration::from_secs(5))
                    .client_disconnect_timeout(Duration::from_secs(1))
                    .h1_allow_half_closed(true)
                    // Small answers must not wait for the peer's delayed ACK (see `upgrade::serve`).
                    .tcp_nodelay(true)
                    .listen(listener)?
                    .run()
            }
        };
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

    /// Serves until SIGTERM/SIGINT or [`ServerHandle::stop`], letting requests finish, then
    /// stops the background workers.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let served = self.server.await;
        let grace = self.context.settings.http.shutdown_timeout;
        self.context.workers.shutdown(grace).await;
        served
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

pub(super) fn build_app(
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
    let (app, mut api) = App::new()
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
        .service(health::healthz)
        .service(health::readyz)
        .configure(|cfg| {
            if let Some(routes) = routes {
                routes.configure(cfg);
            }
        })
        .split_for_parts();
    openapi::document_extractor_answers(&mut api);
    let swagger_config = if def.extra_docs.is_empty() {
        SwaggerConfig::default()
    } else {
        SwaggerConfig::new(
            std::iter::once((def.name.as_str(), "/openapi.json"))
                .chain(def.extra_docs.iter().copied())
                .map(|(name, url)| SwaggerUrl::new(name, url)),
        )
    };
    app.route("/docs", web::get().to(health::docs_redirect))
        .service(
            SwaggerUi::new("/docs/{_:.*}")
                .url("/openapi.json", api)
                .config(swagger_config.validator_url("none")),
        )
        .default_service(web::to(health::not_found))
        // The gateway only routes (each service checks the credentials of what it serves), and
        // auth checks its own tokens before it reads a body.
        .wrap(Condition::new(
            !matches!(def.name, ServiceName::Gateway | ServiceName::Auth),
            from_fn(crate::auth::preauthenticate),
        ))
        .wrap(metrics.clone())
        // OWASP's REST headers on every answer, errors included (a handler's own win): no
        // content sniffing of JSON into HTML, and no framing (clickjacking of /docs, /play).
        .wrap(
            DefaultHeaders::new()
                .add(("x-content-type-options", "nosniff"))
                .add(("x-frame-options", "DENY")),
        )
        .wrap(from_fn(telemetry::request_context))
}
