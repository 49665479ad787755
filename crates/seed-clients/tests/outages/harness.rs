//! The probe loop shared by the PostgreSQL and Redis outage tests.

use std::time::{Duration, Instant};

use common::ServiceName;
use reqwest::{Method, StatusCode};
use seed_clients::{Account, Stack, StackOptions};
use serde_json::{Value, json};
use testkit::faults::{FaultyLink, LinkMode};
use uuid::Uuid;

/// An answer during an outage must come at least this fast: pool waits and Redis timeouts are
/// 2 s by default, so anything near this bound is a hang.
pub const ANSWER_BOUND: Duration = Duration::from_secs(8);
/// After the link is back, the route must work again within this.
pub const RECOVERY_BOUND: Duration = Duration::from_secs(10);

/// Which dependency a test cuts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dep {
    Postgres,
    Redis,
}

/// What a probed route does while its dependency is down.
#[derive(Debug, Clone, Copy)]
pub enum During {
    /// 503 problem+json with this code and `Retry-After`.
    Unavailable(&'static str),
    /// Still answers 2xx from a documented fallback (e.g. leaderboard reads from PostgreSQL).
    Served,
}

/// One route of one service that needs `dep`.
pub struct Probe {
    pub service: ServiceName,
    pub method: Method,
    pub path: &'static str,
    /// The JSON body, if any, built for the player (a fresh one per call).
    pub body: Option<fn(&Account) -> Value>,
    pub during: During,
}

impl Probe {
    /// A probe answering 503 `code` during the outage.
    pub fn new(
        service: ServiceName,
        method: Method,
        path: &'static str,
        code: &'static str,
    ) -> Self {
        Probe {
            service,
            method,
            path,
            body: None,
            during: During::Unavailable(code),
        }
    }

    /// With a JSON body.
    pub fn body(mut self, body: fn(&Account) -> Value) -> Self {
        self.body = Some(body);
        self
    }

    /// Served by a fallback during the outage.
    pub fn served(mut self) -> Self {
        self.during = During::Served;
        self
    }
}

/// A stack with faulty links and one player holding gold and gems.
pub async fn stack_with_player() -> (Stack, Account) {
    let stack = Stack::spawn_with(StackOptions::default().faulty_links()).await;
    let player = stack.register(&stack.browser()).await;
    stack.grant(player.id, 1_000_000, 1_000_000).await;
    (stack, player)
}

/// The link in front of `service`'s `dep`.
pub fn link(stack: &Stack, service: ServiceName, dep: Dep) -> &FaultyLink {
    let links = &stack.links[&service];
    match dep {
        Dep::Postgres => links.postgres.as_ref().expect("the service has a database"),
        Dep::Redis => &links.redis,
    }
}

/// The answer to one call: status, headers of interest, body.
pub struct Answer {
    pub status: StatusCode,
    pub content_type: String,
    pub retry_after: Option<String>,
    pub body: Value,
    pub took: Duration,
}

/// Calls `probe` through the gateway as `player`, with a fresh `Idempotency-Key`.
pub async fn call(stack: &Stack, player: &Account, probe: &Probe) -> Answer {
    let started = Instant::now();
    let mut req = stack
        .browser()
        .request(probe.method.clone(), stack.url(probe.path))
        .bearer_auth(&player.token)
        .header("Idempotency-Key", Uuid::new_v4().to_string())
        .timeout(Duration::from_secs(30));
    if let Some(body) = probe.body {
        req = req.json(&body(player));
    }
    answer(req, started).await
}

/// `GET /readyz` on the service itself (the gateway's own for the gateway).
pub async fn readyz(stack: &Stack, service: ServiceName) -> Answer {
    let app = match service {
        ServiceName::Gateway => &stack.gateway,
        ServiceName::Auth => &stack.auth,
        ServiceName::Inventory => &stack.inventory,
        ServiceName::Gacha => &stack.gacha,
        ServiceName::Battle => &stack.battle,
        ServiceName::Room => &stack.room,
        ServiceName::Leaderboard => &stack.leaderboard,
        ServiceName::Ai => &stack.ai,
        ServiceName::Asset => &stack.asset,
    };
    let req = stack
        .browser()
        .get(app.url("/readyz"))
        .timeout(Duration::from_secs(30));
    answer(req, Instant::now()).await
}

async fn answer(req: reqwest::RequestBuilder, started: Instant) -> Answer {
    match req.send().await {
        Ok(res) => {
            let status = res.status();
            let header = |name| {
                res.headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned)
            };
            let content_type = header(reqwest::header::CONTENT_TYPE).unwrap_or_default();
            let retry_after = header(reqwest::header::RETRY_AFTER);
            let text = res.text().await.unwrap_or_default();
            let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
            Answer {
                status,
                content_type,
                retry_after,
                body,
                took: started.elapsed(),
            }
        }
        Err(e) => Answer {
            status: StatusCode::from_u16(599).unwrap(),
            content_type: String::new(),
            retry_after: None,
            body: json!(format!("transport error: {e}")),
            took: started.elapsed(),
        },
    }
}

/// Calls `probe` until it succeeds, for at most [`RECOVERY_BOUND`]; the last failure if never.
async fn until_served(stack: &Stack, player: &Account, probe: &Probe) -> Result<(), String> {
    let started = Instant::now();
    loop {
        let answer = call(stack, player, probe).await;
        if answer.status.is_success() {
            return Ok(());
        }
        if started.elapsed() > RECOVERY_BOUND {
            return Err(format!("{} {}", answer.status, answer.body));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Why an outage answer is not what `during` promises, if it is not.
fn judge(answer: &Answer, during: During) -> Option<String> {
    if answer.took > ANSWER_BOUND {
        return Some(format!("took {:?} (bound {ANSWER_BOUND:?})", answer.took));
    }
    match during {
        During::Served if answer.status.is_success() => None,
        During::Served => Some(format!(
            "expected the fallback to serve, got {}",
            answer.status
        )),
        During::Unavailable(code) => {
            let mut why = Vec::new();
            if answer.status != StatusCode::SERVICE_UNAVAILABLE {
                why.push(format!("status {}", answer.status));
            }
            if !answer.content_type.starts_with("application/problem+json") {
                why.push(format!("content-type {:?}", answer.content_type));
            }
            if answer.body["code"] != code {
                why.push(format!("code {} (want {code})", answer.body["code"]));
            }
            if answer.retry_after.is_none() {
                why.push("no Retry-After".to_owned());
            }
            (!why.is_empty()).then(|| why.join(", "))
        }
    }
}

/// Breaks `dep` of each probe's service (`mode`: refused, or silent), checks the route and `/readyz` during the outage and
/// after the link is back; every failure is collected (one run shows them all) and reported.
pub async fn run(dep: Dep, mode: LinkMode, probes: &[Probe]) {
    let (stack, player) = stack_with_player().await;
    let mut failures = Vec::new();
    for probe in probes {
        let what = format!(
            "{} {:?} {} {}",
            probe.service, dep, probe.method, probe.path
        );
        // A precondition, not the check: on a loaded machine a service's first connection
        // (e.g. leaderboard's batch writer) can miss its 2 s connect timeout once.
        if let Err(last) = until_served(&stack, &player, probe).await {
            failures.push(format!("{what}: not served before the outage: {last}"));
            continue;
        }
        let link = link(&stack, probe.service, dep);
        link.set(mode);
        let during = call(&stack, &player, probe).await;
        if let Some(why) = judge(&during, probe.during) {
            failures.push(format!("{what}: during the outage {why}: {}", during.body));
        }
        let ready = readyz(&stack, probe.service).await;
        if ready.status != StatusCode::SERVICE_UNAVAILABLE || ready.took > ANSWER_BOUND {
            failures.push(format!(
                "{what}: /readyz during the outage {} in {:?}",
                ready.status, ready.took
            ));
        }
        link.set(LinkMode::Up);
        let restored = Instant::now();
        if let Err(last) = until_served(&stack, &player, probe).await {
            failures.push(format!(
                "{what}: not back within {RECOVERY_BOUND:?}: {last}"
            ));
        }
        let ready = readyz(&stack, probe.service).await;
        if !ready.status.is_success() {
            failures.push(format!(
                "{what}: /readyz after the outage {} {}",
                ready.status, ready.body
            ));
        }
        println!(
            "{what}: during {} {} in {:?}; back after {:?}",
            during.status,
            during.body["code"],
            during.took,
            restored.elapsed()
        );
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
