//! Recording submissions in Redis in batches: the submissions of one worker thread that wait
//! at the same moment go to Redis in one script call per board, instead of one call each.
//! Each call costs the one Redis thread a fixed price (parsing two dozen key names, setting up
//! the script) and both sides a round trip; under load a batch fills while the previous call
//! runs, and alone a submission is recorded at once.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Context;
use chrono::{DateTime, Utc};
use futures_util::future::join_all;
use redis::Script;
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

use super::{RankStore, Recorded};
use crate::domain::{Board, PeriodWindow, RankKey};

/// Most entries in one script call: a call blocks Redis while it runs (about 40 µs each).
const MAX_ENTRIES: usize = 64;

/// One submission to record.
pub(super) struct Entry {
    pub board: Board,
    pub windows: Vec<PeriodWindow>,
    pub key: RankKey,
    pub user: Uuid,
    pub now: DateTime<Utc>,
    pub reply: oneshot::Sender<Result<Vec<Recorded>, String>>,
}

/// Distinguishes the stores of several applications in one process (tests).
static BATCHER_IDS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// This thread's batcher queue, per store.
    static QUEUES: RefCell<HashMap<usize, mpsc::Sender<Entry>>> = RefCell::new(HashMap::new());
}

/// A new batcher id for a store.
pub(super) fn next_id() -> usize {
    BATCHER_IDS.fetch_add(1, Ordering::Relaxed)
}

/// This thread's queue for `store`, starting its batcher on the current runtime if needed.
pub(super) fn queue(store: &RankStore) -> mpsc::Sender<Entry> {
    QUEUES.with(|queues| {
        let mut queues = queues.borrow_mut();
        match queues.get(&store.batcher) {
            // A runtime that stopped (a test's server) took its batcher with it.
            Some(tx) if !tx.is_closed() => tx.clone(),
            _ => {
                let (tx, rx) = mpsc::channel(MAX_ENTRIES * 8);
                tokio::spawn(run(store.clone(), rx));
                queues.insert(store.batcher, tx.clone());
                tx
            }
        }
    })
}

async fn run(store: RankStore, mut rx: mpsc::Receiver<Entry>) {
    while let Some(first) = rx.recv().await {
        let mut entries = vec![first];
        while entries.len() < MAX_ENTRIES * 4 {
            match rx.try_recv() {
                Ok(entry) => entries.push(entry),
                Err(_) => break,
            }
        }
        // One call per board and set of period occurrences (a batch may straddle midnight).
        let mut groups: Vec<Vec<Entry>> = Vec::new();
        for entry in entries {
            let same = |g: &Vec<Entry>| {
                g.first().is_some_and(|e| {
                    e.board.name == entry.board.name
                        && e.windows == entry.windows
                        && g.len() < MAX_ENTRIES
                })
            };
            match groups.iter_mut().find(|g| same(g)) {
                Some(group) => group.push(entry),
                None => groups.push(vec![entry]),
            }
        }
        join_all(groups.into_iter().map(|g| record_group(&store, g))).await;
    }
}

/// Records entries of one board and occurrence set in one call and answers each.
async fn record_group(store: &RankStore, entries: Vec<Entry>) {
    let Some(first) = entries.first() else {
        return;
    };
    let periods = first.windows.len();
    let result = invoke(store, &store.record, &entries).await;
    match result {
        Ok(out) if out.len() == entries.len() * periods * 3 => {
            for (entry, chunk) in entries.into_iter().zip(out.chunks_exact(periods * 3)) {
                let recorded = chunk
                    .chunks_exact(3)
                    .map(|t| Recorded {
                        ready: t[0] == 1,
                        position: t[1],
                        entered: t[2] == 1,
                    })
                    .collect();
                // The submitter may have gone away; nothing to tell it then.
                let _ = entry.reply.send(Ok(recorded));
            }
        }
        Ok(out) => {
            let why = format!(
                "the record script answered {} values for {} entries",
                out.len(),
                entries.len()
            );
            for entry in entries {
                let _ = entry.reply.send(Err(why.clone()));
            }
        }
        Err(e) => {
            let why = format!("{e:#}");
            for entry in entries {
                let _ = entry.reply.send(Err(why.clone()));
            }
        }
    }
}

async fn invoke(store: &RankStore, script: &Script, entries: &[Entry]) -> anyhow::Result<Vec<i64>> {
    let Some(first) = entries.first() else {
        return Ok(Vec::new());
    };
    let mut invocation = script.prepare_invoke();
    for window in &first.windows {
        let keys = store.keys(&first.board, window);
        invocation
            .key(&keys.zset)
            .key(&keys.map)
            .key(&keys.ready)
            .key(&keys.tmp_zset)
            .key(&keys.tmp_map)
            .key(&keys.lock);
    }
    invocation.arg(first.board.kind.as_str());
    for window in &first.windows {
        invocation.arg(window.ttl_secs(first.now).unwrap_or(0));
    }
    for entry in entries {
        invocation
            .arg(entry.key.member())
            .arg(entry.key.score)
            .arg(entry.user.to_string());
    }
    let mut conn = store.redis.shared().await?;
    invocation
        .invoke_async(&mut conn)
        .await
        .context("recording scores in Redis")
}
