//! Group commit for submissions: concurrent submissions are inserted together, in one
//! statement and one transaction, by writer tasks on each HTTP worker thread, each with its own
//! connection. Under load a batch fills while the previous one commits, so PostgreSQL pays one
//! round trip and one WAL flush per batch instead of per score; alone, a submission is written
//! at once.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use common::db::{DbPool, dedicated_connection};
use diesel_async::{AsyncPgConnection, SimpleAsyncConnection};
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

use crate::db::models::{InsertedScore, NewScore, Score};
use crate::db::queries;
use crate::error::LeaderboardError;

/// A score to store, owned so it can cross to a writer task.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PendingScore {
    /// The submitting player.
    pub user_id: Uuid,
    /// Display name.
    pub player_name: String,
    /// The score.
    pub score: i64,
    /// Coins collected.
    pub coins: i64,
    /// Enemies defeated.
    pub enemies_defeated: i64,
    /// Distance travelled.
    pub distance: i64,
    /// Level reached.
    pub level: i64,
    /// The board.
    pub game_mode: String,
    /// Submission time (milliseconds).
    pub created_at: DateTime<Utc>,
}

impl PendingScore {
    /// The row to insert.
    pub fn as_new(&self) -> NewScore<'_> {
        NewScore {
            user_id: self.user_id,
            player_name: &self.player_name,
            score: self.score,
            coins: self.coins,
            enemies_defeated: self.enemies_defeated,
            distance: self.distance,
            level: self.level,
            game_mode: &self.game_mode,
            created_at: self.created_at,
        }
    }
}

/// A stored row's content, which identifies the submission it came from.
impl From<&Score> for PendingScore {
    fn from(s: &Score) -> Self {
        PendingScore {
            user_id: s.user_id,
            player_name: s.player_name.clone(),
            score: s.score,
            coins: s.coins,
            enemies_defeated: s.enemies_defeated,
            distance: s.distance,
            level: s.level,
            game_mode: s.game_mode.clone(),
            created_at: s.created_at,
        }
    }
}

struct Job {
    score: PendingScore,
    reply: oneshot::Sender<Result<InsertedScore, LeaderboardError>>,
}

/// Hands submissions to the writer tasks. Each HTTP worker thread gets its own writers,
/// spawned on its own runtime the first time it submits, so a submission never wakes another
/// thread just to be batched.
pub struct ScoreWriter {
    id: usize,
    db: DbPool,
    writers: usize,
    batch: usize,
    synchronous: bool,
    next: AtomicUsize,
}

/// Distinguishes the writers of several applications in one process (tests).
static WRITER_IDS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// This thread's writer queues, per [`ScoreWriter`].
    static QUEUES: RefCell<HashMap<usize, Vec<mpsc::Sender<Job>>>> = RefCell::new(HashMap::new());
}

impl ScoreWriter {
    /// Writers per worker thread: `writers` tasks, each inserting up to `batch` rows at once.
    /// `synchronous` false lets commits return before the WAL flush (`synchronous_commit = off`
    /// on the writers' own connections only).
    pub fn new(db: DbPool, writers: usize, batch: usize, synchronous: bool) -> Arc<Self> {
        Arc::new(ScoreWriter {
            id: WRITER_IDS.fetch_add(1, Ordering::Relaxed),
            db,
            writers: writers.max(1),
            batch: batch.max(1),
            synchronous,
            next: AtomicUsize::new(0),
        })
    }

    /// A queue of this thread's writers, starting them on the current runtime if needed.
    fn queue(&self) -> mpsc::Sender<Job> {
        let next = self.next.fetch_add(1, Ordering::Relaxed);
        QUEUES.with(|queues| {
            let mut queues = queues.borrow_mut();
            let senders = queues.entry(self.id).or_default();
            // A runtime that stopped (a test's server) took its writers with it.
            senders.retain(|s| !s.is_closed());
            if senders.is_empty() {
                for _ in 0..self.writers {
                    let (tx, rx) = mpsc::channel(self.batch * 8);
                    tokio::spawn(run(self.db.clone(), rx, self.batch, self.synchronous));
                    senders.push(tx);
                }
            }
            senders[next % senders.len()].clone()
        })
    }

    /// Stores `score`; answers once its batch has committed.
    pub async fn insert(&self, score: PendingScore) -> Result<InsertedScore, LeaderboardError> {
        let (reply, answer) = oneshot::channel();
        let stopped = || LeaderboardError::internal(anyhow::anyhow!("the score writer stopped"));
        self.queue()
            .send(Job { score, reply })
            .await
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

/// A writer's own connection and when it last answered.
struct Held {
    conn: AsyncPgConnection,
    used: Instant,
}

/// A connection idle longer than this is checked with `SELECT 1` before a batch, so a database
/// restart while the writer was idle costs a reconnect, not a failed batch.
const CHECK_AFTER_IDLE: Duration = Duration::from_secs(5);
/// How long a liveness probe may take.
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

async fn run(db: DbPool, mut rx: mpsc::Receiver<Job>, batch: usize, synchronous: bool) {
    // The writer's own connection, opened on its thread and kept: a pooled one may have been
    // opened by another worker thread, whose runtime would then carry every batch's I/O.
    let mut held: Option<Held> = None;
    while let Some(first) = rx.recv().await {
        let mut jobs = vec![first];
        while jobs.len() < batch {
            match rx.try_recv() {
                Ok(job) => jobs.push(job),
                Err(_) => break,
            }
        }
        match write(&db, &mut held, &jobs, synchronous).await {
            Ok(rows) => answer(jobs, rows),
            Err(e) => {
                let unavailable =
                    matches!(&e, LeaderboardError::Infra(infra) if infra.is_database_down());
                let message = e.to_string();
                for job in jobs {
                    let err = if unavailable {
                        LeaderboardError::database_down(anyhow::anyhow!(message.clone()))
                    } else {
                        LeaderboardError::internal(anyhow::anyhow!(message.clone()))
                    };
                    // The submitter may have gone away; nothing to tell it then.
                    let _ = job.reply.send(Err(err));
                }
            }
        }
    }
}

async fn write(
    db: &DbPool,
    held: &mut Option<Held>,
    jobs: &[Job],
    synchronous: bool,
) -> Result<Vec<InsertedScore>, LeaderboardError> {
    if let Some(h) = held
        && h.used.elapsed() > CHECK_AFTER_IDLE
        && !answers(&mut h.conn).await
    {
        *held = None;
    }
    let h = match held {
        Some(h) => h,
        None => held.insert(Held {
            conn: writer_connection(db, synchronous).await?,
            used: Instant::now(),
        }),
    };
    let new: Vec<NewScore<'_>> = jobs.iter().map(|j| j.score.as_new()).collect();
    match queries::insert_scores(&mut h.conn, &new).await {
        Ok(rows) => {
            h.used = Instant::now();
            Ok(rows)
        }
        Err(e) => {
            // A connection that no longer answers (the server ended it, or restarted) is the
            // database being unreachable, worth a retry (503); any other failure is ours.
            let alive = answers(&mut h.conn).await;
            // Never reused after a failure: the next batch opens a fresh one.
            *held = None;
            if alive {
                Err(e.into())
            } else {
                Err(LeaderboardError::database_down(e))
            }
        }
    }
}

/// Whether `conn` answers `SELECT 1` within [`PROBE_TIMEOUT`] (a silent peer must not stall
/// the writer).
async fn answers(conn: &mut AsyncPgConnection) -> bool {
    matches!(
        tokio::time::timeout(PROBE_TIMEOUT, conn.batch_execute("SELECT 1")).await,
        Ok(Ok(()))
    )
}

/// A connection for a writer. Its one statement runs with a generic plan: with array
/// parameters PostgreSQL keeps choosing a custom plan, so every batch was planned again (the
/// generic plan measured 15% more submissions/s, docs/BENCHMARKS.md); the plan is the same
/// index lookups whatever the arrays hold. `synchronous_commit` is set here once, for the
/// session, rather than per batch (a `set_config` per row cost a GUC save and restore each).
async fn writer_connection(
    db: &DbPool,
    synchronous: bool,
) -> Result<AsyncPgConnection, LeaderboardError> {
    let mut conn = dedicated_connection(db)
        .await
        .map_err(LeaderboardError::database_down)?;
    let settings = if synchronous {
        "SET plan_cache_mode = force_generic_plan; SET synchronous_commit = on"
    } else {
        "SET plan_cache_mode = force_generic_plan; SET synchronous_commit = off"
    };
    conn.batch_execute(settings)
        .await
        .map_err(LeaderboardError::database_down)?;
    Ok(conn)
}

/// Gives each job its row. Rows are matched on their content (identical submissions are
/// interchangeable), and `previous_best`, which the statement computes before the whole batch,
/// is advanced through earlier rows of the same player and board in the batch.
fn answer(jobs: Vec<Job>, rows: Vec<InsertedScore>) {
    let mut best_so_far: HashMap<(Uuid, String), Option<i64>> = HashMap::new();
    let mut by_content: HashMap<PendingScore, Vec<InsertedScore>> = HashMap::new();
    for mut row in rows {
        let key = (row.score.user_id, row.score.game_mode.clone());
        let before = best_so_far.entry(key).or_insert(row.previous_best);
        row.previous_best = *before;
        *before = Some(before.map_or(row.score.score, |b| b.max(row.score.score)));
        let content = PendingScore::from(&row.score);
        by_content.entry(content).or_default().push(row);
    }
    for job in jobs {
        let row = by_content
            .get_mut(&job.score)
            .and_then(|rows| (!rows.is_empty()).then(|| rows.remove(0)))
            .ok_or_else(|| {
                LeaderboardError::internal(anyhow::anyhow!("an inserted score was not returned"))
            });
        let _ = job.reply.send(row);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending(user: Uuid, score: i64) -> PendingScore {
        PendingScore::from(&Score::sample(0, user, "ann", score))
    }

    /// The row the database returns for `p` (the fields `pending` leaves at their defaults).
    fn row(id: i64, p: &PendingScore, previous_best: Option<i64>) -> InsertedScore {
        InsertedScore {
            score: Score::sample(id, p.user_id, &p.player_name, p.score),
            previous_best,
        }
    }

    #[test]
    fn each_job_gets_its_row_and_bests_advance_through_the_batch() {
        let ann = Uuid::new_v4();
        let scores = [pending(ann, 50), pending(ann, 80), pending(ann, 60)];
        let (jobs, mut answers): (Vec<_>, Vec<_>) = scores
            .iter()
            .map(|s| {
                let (reply, answer) = oneshot::channel();
                (
                    Job {
                        score: s.clone(),
                        reply,
                    },
                    answer,
                )
            })
            .unzip();
        // The statement saw a best of 70 before the batch; rows come back in id order.
        let rows = scores
            .iter()
            .zip(1..)
            .map(|(s, id)| row(id, s, Some(70)))
            .collect();

        answer(jobs, rows);

        let got: Vec<(i64, i64, Option<i64>)> = answers
            .iter_mut()
            .map(|a| {
                let r = a.try_recv().unwrap().unwrap();
                (r.score.id, r.score.score, r.previous_best)
            })
            .collect();
        assert_eq!(
            got,
            [(1, 50, Some(70)), (2, 80, Some(70)), (3, 60, Some(80))]
        );
    }
}
