//! One writer task per enemy under attack in this process. Attacks on one enemy are applied
//! in order anyway (they all change its HP), so instead of each request taking a connection
//! and queueing on the enemy's row lock through its own commit, requests hand their step to
//! the enemy's writer, which applies everything queued in one transaction (`app::batch`).
//! The writer still takes the enemy's row lock in every transaction, so writers for the same
//! enemy in other replicas take turns and every guarantee holds across processes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

use crate::app::batch;
use crate::domain::AttackType;
use crate::domain::damage::Hit;
use crate::error::BattleError;
use crate::state::AppState;

/// Most steps one transaction applies.
const MAX_BATCH: usize = 512;
/// Steps waiting for one writer before senders wait too.
const QUEUE: usize = 4096;
/// A writer with nothing to do for this long stops.
const IDLE: Duration = Duration::from_secs(10);

/// Check an attack and record its intent (before its stamina is debited).
pub struct Reserve {
    /// Attacker.
    pub user: Uuid,
    /// The intent's id when the attack has an idempotency key (its key made it); otherwise
    /// the writer makes one.
    pub attack_id: Option<Uuid>,
    /// Attack type (its stamina cost).
    pub kind: AttackType,
    /// The answer.
    pub reply: oneshot::Sender<Result<Reserved, BattleError>>,
}

/// A recorded intent.
#[derive(Debug, Clone, Copy)]
pub struct Reserved {
    /// The intent's id (the debit's key is made from it).
    pub attack_id: Uuid,
    /// What damage is rolled against.
    pub enemy_defense: i64,
}

/// Apply a paid attack's hit.
pub struct Apply {
    /// The intent.
    pub attack_id: Uuid,
    /// Attacker.
    pub user: Uuid,
    /// Attack type.
    pub kind: AttackType,
    /// The rolled hit.
    pub hit: Hit,
    /// For an attack with an idempotency key, the stamina left after its debit: its answer is
    /// then stored with the hit, for retries.
    pub keyed_stamina: Option<i32>,
    /// The answer.
    pub reply: oneshot::Sender<Result<Applied, BattleError>>,
}

/// What a hit did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Applied {
    /// Enemy HP after this hit.
    pub hp_after: i64,
    /// This hit defeated the enemy.
    pub defeated: bool,
    /// This hit completed the battle.
    pub completed: bool,
    /// The boss's phase after this hit.
    pub phase: i32,
}

/// A step for an enemy's writer.
pub enum Job {
    /// Record an intent.
    Reserve(Reserve),
    /// Apply a hit.
    Apply(Apply),
}

type Key = (i64, i64);

/// The writers of this process, by (battle, enemy).
#[derive(Clone, Default)]
pub struct Writers {
    map: Arc<Mutex<HashMap<Key, mpsc::Sender<Job>>>>,
}

impl Writers {
    fn lock(&self) -> MutexGuard<'_, HashMap<Key, mpsc::Sender<Job>>> {
        // The map holds only senders; a panic elsewhere cannot leave it half-updated.
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Checks an attack and records its intent (under `attack_id` when its key made one).
    pub async fn reserve(
        &self,
        state: &AppState,
        battle_id: i64,
        enemy_id: i64,
        user: Uuid,
        kind: AttackType,
        attack_id: Option<Uuid>,
    ) -> Result<Reserved, BattleError> {
        let (reply, answer) = oneshot::channel();
        let job = Job::Reserve(Reserve {
            user,
            attack_id,
            kind,
            reply,
        });
        self.send(state, (battle_id, enemy_id), job).await?;
        answer.await.map_err(|_| BattleError::NotApplied)?
    }

    /// Applies a paid hit.
    pub async fn apply(
        &self,
        state: &AppState,
        battle_id: i64,
        enemy_id: i64,
        step: ApplyStep,
    ) -> Result<Applied, BattleError> {
        let (reply, answer) = oneshot::channel();
        let job = Job::Apply(Apply {
            attack_id: step.attack_id,
            user: step.user,
            kind: step.kind,
            hit: step.hit,
            keyed_stamina: step.keyed_stamina,
            reply,
        });
        self.send(state, (battle_id, enemy_id), job).await?;
        answer.await.map_err(|_| BattleError::NotApplied)?
    }

    async fn send(&self, state: &AppState, key: Key, mut job: Job) -> Result<(), BattleError> {
        // A writer retiring between our lookup and our send closes its queue: start another.
        for _ in 0..3 {
            let sender = self.sender(state, key);
            match sender.send(job).await {
                Ok(()) => return Ok(()),
                Err(mpsc::error::SendError(back)) => job = back,
            }
        }
        Err(BattleError::NotApplied)
    }

    fn sender(&self, state: &AppState, key: Key) -> mpsc::Sender<Job> {
        let mut map = self.lock();
        if let Some(sender) = map.get(&key).filter(|s| !s.is_closed()) {
            return sender.clone();
        }
        let (sender, queue) = mpsc::channel(QUEUE);
        map.insert(key, sender.clone());
        tokio::spawn(run(state.clone(), self.clone(), key, queue));
        sender
    }

    /// Stops taking steps for `key` if none are queued; true when the writer may stop.
    fn retire(&self, key: Key, queue: &mut mpsc::Receiver<Job>) -> bool {
        let mut map = self.lock();
        if !queue.is_empty() {
            return false;
        }
        // Under the map's lock: nobody can pick this sender up again after it is closed.
        queue.close();
        map.remove(&key);
        true
    }
}

/// The attack half of an [`Apply`].
#[derive(Debug, Clone, Copy)]
pub struct ApplyStep {
    /// The intent.
    pub attack_id: Uuid,
    /// Attacker.
    pub user: Uuid,
    /// Attack type.
    pub kind: AttackType,
    /// The rolled hit.
    pub hit: Hit,
    /// Stamina left after the debit, for an attack with an idempotency key.
    pub keyed_stamina: Option<i32>,
}

async fn run(state: AppState, writers: Writers, key: Key, mut queue: mpsc::Receiver<Job>) {
    let (battle_id, enemy_id) = key;
    loop {
        let first = match tokio::time::timeout(IDLE, queue.recv()).await {
            Ok(Some(job)) => job,
            Ok(None) => return,
            Err(_) => {
                if writers.retire(key, &mut queue) {
                    // Steps sent just before the close are still in the queue.
                    let mut rest = Vec::new();
                    while let Some(job) = queue.recv().await {
                        rest.push(job);
                    }
                    if !rest.is_empty() {
                        batch::run(&state, battle_id, enemy_id, rest).await;
                    }
                    return;
                }
                continue;
            }
        };
        let mut jobs = vec![first];
        while jobs.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => jobs.push(job),
                Err(_) => break,
            }
        }
        batch::run(&state, battle_id, enemy_id, jobs).await;
    }
}
