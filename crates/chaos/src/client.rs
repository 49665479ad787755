//! The players' HTTP client: every call goes to one of the gateways in turn and is retried,
//! with the same idempotency key, on a lost connection, a timeout or a 5xx until it is
//! answered or its deadline passes. Every op is counted.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::Value;

/// How long one request may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Counts for one kind of op.
#[derive(Debug, Default, Clone)]
pub struct OpStats {
    /// Ops started.
    pub attempted: u64,
    /// Ops answered 2xx (on some attempt).
    pub acknowledged: u64,
    /// Ops answered with a final 4xx (a rule said no: not a fault).
    pub refused: u64,
    /// Ops that needed more than one request.
    pub retried: u64,
    /// Extra requests sent for retries.
    pub retries: u64,
    /// Ops still unanswered at their deadline.
    pub gave_up: u64,
    /// Final 4xx codes and how often.
    pub refusals: BTreeMap<String, u64>,
    /// Why requests were retried (`conn`, or the status and problem code) and how often.
    pub failures: BTreeMap<String, u64>,
}

/// One acknowledged op: when its successful request was sent and when it was answered.
#[derive(Debug, Clone, Copy)]
pub struct Ack {
    /// The op's kind.
    pub kind: &'static str,
    /// When the answered request was sent.
    pub sent: Instant,
    /// When it was answered.
    pub at: Instant,
}

/// Every op's counts, acknowledgements and failed requests.
#[derive(Default)]
pub struct Stats {
    ops: Mutex<BTreeMap<&'static str, OpStats>>,
    acks: Mutex<Vec<Ack>>,
    failures: Mutex<Vec<Ack>>,
}

impl Stats {
    fn with(&self, kind: &'static str, f: impl FnOnce(&mut OpStats)) {
        let mut ops = self.ops.lock().unwrap_or_else(|e| e.into_inner());
        f(ops.entry(kind).or_default());
    }

    /// Counts an op started outside [`Api::call`] (a WebSocket relay).
    pub fn attempted(&self, kind: &'static str) {
        self.with(kind, |s| s.attempted += 1);
    }

    /// Counts an acknowledgement outside [`Api::call`].
    pub fn acknowledged(&self, kind: &'static str, sent: Instant) {
        self.with(kind, |s| s.acknowledged += 1);
        self.push_ack(kind, sent);
    }

    fn push_ack(&self, kind: &'static str, sent: Instant) {
        self.acks
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Ack {
                kind,
                sent,
                at: Instant::now(),
            });
    }

    /// The counts so far.
    pub fn ops(&self) -> BTreeMap<&'static str, OpStats> {
        self.ops.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// A request that failed (no answer, 5xx): when it was sent and when it failed.
    fn push_failure(&self, kind: &'static str, sent: Instant) {
        self.failures
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Ack {
                kind,
                sent,
                at: Instant::now(),
            });
    }

    /// The failed requests so far.
    pub fn failures(&self) -> Vec<Ack> {
        self.failures
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The acknowledgements so far.
    pub fn acks(&self) -> Vec<Ack> {
        self.acks.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// What an op ended with.
#[derive(Debug)]
pub enum Outcome {
    /// Answered 2xx (or, on a retry, refused as already done: the first attempt applied).
    Ok(Value),
    /// A final 4xx (counted with its problem code).
    Refused,
    /// No answer before the deadline.
    GaveUp,
}

impl Outcome {
    /// The body when acknowledged.
    pub fn ok(self) -> Option<Value> {
        match self {
            Outcome::Ok(v) => Some(v),
            _ => None,
        }
    }
}

/// One call.
pub struct Call<'a> {
    /// Counted under this kind.
    pub kind: &'static str,
    /// Method.
    pub method: Method,
    /// Path and query.
    pub path: String,
    /// Bearer token.
    pub token: Option<&'a str>,
    /// `Idempotency-Key`, the same on every attempt.
    pub key: Option<String>,
    /// JSON body.
    pub body: Option<Value>,
    /// Problem codes that, on a retry, mean the first attempt was applied.
    pub done_codes: &'static [&'static str],
}

/// The gateways and the counts.
pub struct Api {
    http: reqwest::Client,
    gateways: Vec<String>,
    next: AtomicUsize,
    /// How long an op is retried.
    pub deadline: Duration,
    /// The counts.
    pub stats: Stats,
}

impl Api {
    /// A client over `gateways` (`http://127.0.0.1:port`).
    pub fn new(gateways: Vec<String>, deadline: Duration) -> anyhow::Result<Api> {
        let http = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .pool_max_idle_per_host(8)
            .build()?;
        Ok(Api {
            http,
            gateways,
            next: AtomicUsize::new(0),
            deadline,
            stats: Stats::default(),
        })
    }

    /// The next gateway's base URL.
    pub fn gateway(&self) -> &str {
        let i = self.next.fetch_add(1, Ordering::Relaxed) % self.gateways.len();
        &self.gateways[i]
    }

    /// Sends `call` until answered or its deadline passes.
    pub async fn call(&self, call: Call<'_>) -> Outcome {
        let kind = call.kind;
        self.stats.with(kind, |s| s.attempted += 1);
        let until = Instant::now() + self.deadline;
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            if attempt == 2 {
                self.stats.with(kind, |s| s.retried += 1);
            }
            if attempt > 1 {
                self.stats.with(kind, |s| s.retries += 1);
            }
            let sent = Instant::now();
            let url = format!("{}{}", self.gateway(), call.path);
            let mut req = self.http.request(call.method.clone(), url);
            if let Some(token) = call.token {
                req = req.bearer_auth(token);
            }
            if let Some(key) = &call.key {
                req = req.header("Idempotency-Key", key);
            }
            if let Some(body) = &call.body {
                req = req.json(body);
            }
            let answer = match req.send().await {
                Ok(res) => {
                    let status = res.status();
                    let body: Value = res.json().await.unwrap_or(Value::Null);
                    Some((status, body))
                }
                Err(_) => None,
            };
            match answer {
                Some((status, body)) if status.is_success() => {
                    self.stats.with(kind, |s| s.acknowledged += 1);
                    self.stats.push_ack(kind, sent);
                    return Outcome::Ok(body);
                }
                Some((status, body))
                    if status.is_client_error()
                        && !retryable(status)
                        && !RETRY_CODES.contains(&body["code"].as_str().unwrap_or("")) =>
                {
                    let code = body["code"].as_str().unwrap_or("").to_owned();
                    if attempt > 1 && call.done_codes.contains(&code.as_str()) {
                        self.stats.with(kind, |s| s.acknowledged += 1);
                        self.stats.push_ack(kind, sent);
                        return Outcome::Ok(body);
                    }
                    self.stats.with(kind, |s| {
                        s.refused += 1;
                        *s.refusals
                            .entry(format!("{} {code}", status.as_u16()))
                            .or_default() += 1;
                    });
                    return Outcome::Refused;
                }
                Some((status, body)) => {
                    let why = format!(
                        "{} {}",
                        status.as_u16(),
                        body["code"].as_str().unwrap_or("")
                    );
                    self.stats
                        .with(kind, |s| *s.failures.entry(why).or_default() += 1);
                    self.stats.push_failure(kind, sent);
                }
                None => {
                    self.stats.with(kind, |s| {
                        *s.failures.entry("no answer".into()).or_default() += 1
                    });
                    self.stats.push_failure(kind, sent);
                }
            }
            if Instant::now() >= until {
                self.stats.with(kind, |s| s.gave_up += 1);
                return Outcome::GaveUp;
            }
            let backoff = Duration::from_millis(100 * u64::from(attempt.min(10)));
            tokio::time::sleep(backoff).await;
        }
    }
}

/// Refusals that say "not yet" rather than "no": an earlier try with the same key is still
/// being settled (its Retry-After says when to ask again).
const RETRY_CODES: &[&str] = &["attack_in_progress"];

/// Statuses worth another attempt: the service was unreachable or briefly overloaded.
fn retryable(status: StatusCode) -> bool {
    matches!(
        status,
        StatusCode::REQUEST_TIMEOUT | StatusCode::TOO_MANY_REQUESTS | StatusCode::UNAUTHORIZED
    )
}
