//! The run's tables (Markdown): ops, faults with their recovery times, and the checks.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::time::Instant;

use crate::Profile;
use crate::check::Finding;
use crate::client::{Ack, OpStats};
use crate::faults::Fault;

/// For the fault at `i`: the requests sent between it and the next fault that failed, and the
/// time from the fault until the answer to the first request sent after the last of those.
/// (A failure's send time counts, not its timeout's: from then on new requests succeed.)
fn recovery(
    i: usize,
    faults: &[Fault],
    acks: &[Ack],
    failures: &[Ack],
    end: Instant,
) -> (String, String) {
    let from = faults[i].at;
    let to = faults.get(i + 1).map_or(end, |f| f.at);
    let failed: Vec<&Ack> = failures
        .iter()
        .filter(|f| f.sent >= from && f.sent < to)
        .collect();
    let Some(last) = failed.iter().map(|f| f.sent).max() else {
        return ("0".into(), "no failed request".into());
    };
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &failed {
        *by_kind.entry(f.kind).or_default() += 1;
    }
    let kinds: Vec<String> = by_kind.iter().map(|(k, n)| format!("{k} {n}")).collect();
    let count = format!("{} ({})", failed.len(), kinds.join(", "));
    let back = acks.iter().filter(|a| a.sent > last).map(|a| a.at).min();
    let text = match back {
        Some(at) => format!("{:.1} s", at.duration_since(from).as_secs_f64()),
        None => "not within the run".into(),
    };
    (count, text)
}

/// Everything a report shows.
pub struct Run<'a> {
    /// The profile.
    pub profile: &'a Profile,
    /// Counts per op kind.
    pub ops: &'a BTreeMap<&'static str, OpStats>,
    /// Acknowledged ops.
    pub acks: &'a [Ack],
    /// Failed requests.
    pub failures: &'a [Ack],
    /// Faults injected.
    pub faults: &'a [Fault],
    /// The checks.
    pub findings: &'a [Finding],
    /// WebSocket connections opened.
    pub connects: u64,
    /// When the load started.
    pub started: Instant,
    /// When it stopped.
    pub end: Instant,
}

/// The whole report.
pub fn render(run: &Run<'_>) -> String {
    let Run {
        profile,
        ops,
        acks,
        failures,
        faults,
        findings,
        connects,
        started,
        end,
    } = *run;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "### Chaos run, profile `{}` ({} s of load, a fault every {} s)\n",
        profile.name,
        profile.duration.as_secs(),
        profile.fault_every.as_secs()
    );
    let _ = writeln!(
        out,
        "| op | attempted | acknowledged | refused (4xx) | retried ops | retry requests | gave up |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|");
    let mut total = OpStats::default();
    for (kind, s) in ops {
        let _ = writeln!(
            out,
            "| {kind} | {} | {} | {} | {} | {} | {} |",
            s.attempted, s.acknowledged, s.refused, s.retried, s.retries, s.gave_up
        );
        total.attempted += s.attempted;
        total.acknowledged += s.acknowledged;
        total.refused += s.refused;
        total.retried += s.retried;
        total.retries += s.retries;
        total.gave_up += s.gave_up;
    }
    let _ = writeln!(
        out,
        "| **total** | {} | {} | {} | {} | {} | {} |\n",
        total.attempted,
        total.acknowledged,
        total.refused,
        total.retried,
        total.retries,
        total.gave_up
    );
    let _ = writeln!(
        out,
        "WebSocket connections opened (first connects and reconnects): {connects}. Relays are \
         acknowledged when they come back to their sender; an unacknowledged relay is neither \
         refused nor given up.\n"
    );
    let refusals: Vec<String> = ops
        .iter()
        .flat_map(|(kind, s)| {
            s.refusals
                .iter()
                .map(move |(code, n)| format!("{kind} {code} x{n}"))
        })
        .collect();
    let retried: Vec<String> = ops
        .iter()
        .flat_map(|(kind, s)| {
            s.failures
                .iter()
                .map(move |(why, n)| format!("{kind} {why} x{n}"))
        })
        .collect();
    if !retried.is_empty() {
        let _ = writeln!(out, "Failed requests (retried): {}.\n", retried.join(", "));
    }
    if !refusals.is_empty() {
        let _ = writeln!(
            out,
            "Refusals (rules, not faults): {}.\n",
            refusals.join(", ")
        );
    }

    let _ = writeln!(
        out,
        "| # | at | fault | target | took | failed requests until the next fault | recovered after |"
    );
    let _ = writeln!(out, "|---:|---:|---|---|---:|---:|---:|");
    for (i, f) in faults.iter().enumerate() {
        let (failed, back) = recovery(i, faults, acks, failures, end);
        let _ = writeln!(
            out,
            "| {} | {:.0} s | {} | {} | {:.1} s | {failed} | {back} |",
            i + 1,
            f.at.duration_since(started).as_secs_f64(),
            f.kind,
            f.target,
            f.took.as_secs_f64(),
        );
    }
    let _ = writeln!(
        out,
        "\n`recovered after`: from the fault until the answer to the first request sent after the \
         last request that failed was sent (requests are timed by when they were sent, so a \
         request that hung for its 10 s timeout counts from its start).\n"
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "| check | checked | discrepancies | examples |");
    let _ = writeln!(out, "|---|---:|---:|---|");
    for f in findings {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            f.name,
            f.checked,
            f.bad,
            f.examples.join("; ")
        );
    }
    let bad: usize = findings
        .iter()
        .filter(|f| !f.informational)
        .map(|f| f.bad)
        .sum();
    let _ = writeln!(out, "\n**Discrepancies: {bad}** (target 0).");
    out
}
