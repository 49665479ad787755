//! The invariants, checked from the services' databases (and what the sockets saw) once the
//! load has stopped and the stack has settled. Each check counts discrepancies; 0 is the goal.

use std::collections::{BTreeMap, BTreeSet};

use diesel::QueryableByName;
use diesel::sql_types::{BigInt, Bool, Nullable, Text, Uuid as SqlUuid};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::infra::{db_name, pg_url};
use crate::load::Acked;
use crate::ws::Seen;

/// One check's result.
#[derive(Debug)]
pub struct Finding {
    /// What was checked.
    pub name: &'static str,
    /// How many rows were looked at.
    pub checked: usize,
    /// How many broke the invariant.
    pub bad: usize,
    /// A few examples.
    pub examples: Vec<String>,
    /// Counted and shown, but not a discrepancy (nothing committed was lost).
    pub informational: bool,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Two {
    #[diesel(sql_type = Text)]
    a: String,
    #[diesel(sql_type = Text)]
    b: String,
}

#[derive(QueryableByName)]
struct Grant {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    user_id: Uuid,
    #[diesel(sql_type = Text)]
    caller: String,
    #[diesel(sql_type = Text)]
    key: String,
    #[diesel(sql_type = Text)]
    reason: String,
    #[diesel(sql_type = BigInt)]
    items: i64,
    #[diesel(sql_type = BigInt)]
    gems: i64,
    #[diesel(sql_type = Bool)]
    purchase: bool,
}

#[derive(QueryableByName)]
struct PullRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    user_id: Uuid,
    #[diesel(sql_type = Nullable<Text>)]
    key: Option<String>,
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = BigInt)]
    count: i64,
    #[diesel(sql_type = BigInt)]
    cost: i64,
}

#[derive(QueryableByName)]
struct Participant {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = BigInt)]
    battle_id: i64,
    #[diesel(sql_type = SqlUuid)]
    user_id: Uuid,
    #[diesel(sql_type = Nullable<Text>)]
    claim_state: Option<String>,
}

async fn conn(svc: &str) -> anyhow::Result<AsyncPgConnection> {
    Ok(AsyncPgConnection::establish(&pg_url(&db_name(svc))).await?)
}

async fn count(c: &mut AsyncPgConnection, sql: &str) -> anyhow::Result<usize> {
    let rows: Vec<Count> = diesel::sql_query(sql).load(c).await?;
    Ok(rows
        .into_iter()
        .next()
        .map_or(0, |r| usize::try_from(r.n).unwrap_or(0)))
}

async fn pairs(c: &mut AsyncPgConnection, sql: &str) -> anyhow::Result<BTreeSet<(String, String)>> {
    let rows: Vec<Two> = diesel::sql_query(sql).load(c).await?;
    Ok(rows.into_iter().map(|r| (r.a, r.b)).collect())
}

pub(crate) fn finding(name: &'static str, checked: usize, bad: Vec<String>) -> Finding {
    Finding {
        name,
        checked,
        bad: bad.len(),
        examples: bad.into_iter().take(3).collect(),
        informational: false,
    }
}

/// Work the services still owe (pending pulls, unsettled attacks, pending claims): the run
/// waits for it to reach 0 before checking.
pub async fn unsettled() -> anyhow::Result<usize> {
    let mut gacha = conn("gacha").await?;
    let mut battle = conn("battle").await?;
    Ok(count(
        &mut gacha,
        "SELECT count(*) AS n FROM pulls WHERE status = 'pending'",
    )
    .await?
        + count(&mut battle, "SELECT count(*) AS n FROM battle_attacks").await?
        + count(
            &mut battle,
            "SELECT count(*) AS n FROM battle_participants WHERE claim_state = 'pending'",
        )
        .await?)
}

/// Every check.
pub async fn run(acked: &Acked, seen: &BTreeMap<Uuid, Seen>) -> anyhow::Result<Vec<Finding>> {
    let mut out = Vec::new();
    let mut inv = conn("inventory").await?;
    let mut gacha = conn("gacha").await?;
    let mut battle = conn("battle").await?;
    let mut board = conn("leaderboard").await?;
    let mut room = conn("room").await?;

    let players = count(&mut inv, "SELECT count(*) AS n FROM players").await?;
    let bad = count(
        &mut inv,
        "SELECT count(*) AS n FROM players p WHERE \
         p.gold <> COALESCE((SELECT sum(delta) FROM ledger_entries l WHERE l.user_id = p.user_id AND l.asset = 'gold'), 0) \
         OR p.gems <> COALESCE((SELECT sum(delta) FROM ledger_entries l WHERE l.user_id = p.user_id AND l.asset = 'gems'), 0)",
    )
    .await?;
    out.push(Finding {
        name: "wallet = sum of its ledger (gold, gems)",
        checked: players,
        bad,
        examples: Vec::new(),
        informational: false,
    });

    // Keys: inventory's (caller, key) and gacha's (user, key) are UNIQUE in the schema; the
    // client-side view is that each acknowledged key maps to exactly one applied change.
    let dup_tx = count(&mut inv, "SELECT count(*) AS n FROM (SELECT 1 FROM transactions GROUP BY caller, idempotency_key HAVING count(*) > 1) d").await?
        + count(&mut inv, "SELECT count(*) AS n FROM (SELECT 1 FROM shop_purchases GROUP BY transaction_id HAVING count(*) > 1) d").await?
        + count(&mut gacha, "SELECT count(*) AS n FROM (SELECT 1 FROM pulls WHERE idempotency_key IS NOT NULL GROUP BY user_id, idempotency_key HAVING count(*) > 1) d").await?;
    let txs = count(&mut inv, "SELECT count(*) AS n FROM transactions").await?;
    out.push(Finding {
        name: "no idempotency key applied twice",
        checked: txs,
        bad: dup_tx,
        examples: Vec::new(),
        informational: false,
    });

    // Purchases: each acknowledged key is one purchase, paid and delivered.
    let bought = pairs(
        &mut inv,
        "SELECT t.caller AS a, t.idempotency_key AS b FROM transactions t JOIN shop_purchases s ON s.transaction_id = t.id",
    )
    .await?;
    let missing: Vec<String> = acked
        .purchases
        .iter()
        .filter(|(u, k)| !bought.contains(&(format!("player:{u}"), k.clone())))
        .map(|(u, k)| format!("purchase {k} of {u}"))
        .collect();
    out.push(finding(
        "acknowledged purchase recorded",
        acked.purchases.len(),
        missing,
    ));
    let unpaid = count(
        &mut inv,
        "SELECT count(*) AS n FROM shop_purchases s WHERE \
         (s.cost_gold > 0 AND NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE l.transaction_id = s.transaction_id AND l.asset = 'gold' AND l.delta = -s.cost_gold)) \
         OR (s.cost_gems > 0 AND NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE l.transaction_id = s.transaction_id AND l.asset = 'gems' AND l.delta = -s.cost_gems)) \
         OR NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE l.transaction_id = s.transaction_id AND l.delta > 0 AND (l.asset LIKE 'item:%' OR l.asset LIKE 'pet:%'))",
    )
    .await?;
    let purchases = count(&mut inv, "SELECT count(*) AS n FROM shop_purchases").await?;
    out.push(Finding {
        name: "purchase paid <=> item delivered",
        checked: purchases,
        bad: unpaid,
        examples: Vec::new(),
        informational: false,
    });

    // Items: each live item's quantity is what its ledger rows add up to, and each grant row
    // belongs to exactly one pull, claim or purchase.
    let items = count(&mut inv, "SELECT count(*) AS n FROM items").await?
        + count(&mut inv, "SELECT count(*) AS n FROM pets").await?;
    let bad = count(&mut inv, "SELECT count(*) AS n FROM items i WHERE i.quantity <> COALESCE((SELECT sum(delta) FROM ledger_entries l WHERE l.item_id = i.id), 0)").await?
        + count(&mut inv, "SELECT count(*) AS n FROM pets p WHERE (SELECT count(*) FROM ledger_entries l WHERE l.item_id = p.id AND l.delta > 0) <> 1").await?;
    out.push(Finding {
        name: "item quantity = its ledger rows",
        checked: items,
        bad,
        examples: Vec::new(),
        informational: false,
    });

    let grants: Vec<Grant> = diesel::sql_query(
        "SELECT t.id, t.user_id, t.caller, t.idempotency_key AS key, t.reason, \
           (SELECT count(*) FROM ledger_entries l WHERE l.transaction_id = t.id AND l.delta > 0 AND (l.asset LIKE 'item:%' OR l.asset LIKE 'pet:%')) AS items, \
           COALESCE((SELECT -sum(delta) FROM ledger_entries l WHERE l.transaction_id = t.id AND l.asset = 'gems'), 0)::bigint AS gems, \
           EXISTS (SELECT 1 FROM shop_purchases s WHERE s.transaction_id = t.id) AS purchase \
         FROM transactions t",
    )
    .load(&mut inv)
    .await?;
    let pulls: Vec<PullRow> = diesel::sql_query(
        "SELECT id, user_id, idempotency_key AS key, status, pull_count::bigint AS count, gems_cost AS cost FROM pulls",
    )
    .load(&mut gacha)
    .await?;
    let parts: Vec<Participant> =
        diesel::sql_query("SELECT id, battle_id, user_id, claim_state FROM battle_participants")
            .load(&mut battle)
            .await?;
    let complete: BTreeMap<Uuid, &PullRow> = pulls
        .iter()
        .filter(|p| p.status == "complete")
        .map(|p| (p.id, p))
        .collect();
    let claimed: BTreeSet<i64> = parts
        .iter()
        .filter(|p| p.claim_state.as_deref() == Some("done"))
        .map(|p| p.id)
        .collect();
    let mut untraced = Vec::new();
    let mut granted_pulls = BTreeMap::new();
    let mut paid_claims = BTreeSet::new();
    for g in grants.iter().filter(|g| g.items > 0) {
        let traced = if g.caller == "svc:gacha" {
            let pull = g
                .key
                .strip_prefix("gacha-pull:")
                .and_then(|s| s.parse::<Uuid>().ok());
            if let Some(p) = pull {
                granted_pulls.insert(p, g);
            }
            pull.is_some_and(|p| complete.contains_key(&p))
        } else if g.caller == "svc:battle" && g.reason == "battle_loot" {
            let part = g
                .key
                .strip_prefix("battle:loot:")
                .and_then(|s| s.parse::<i64>().ok());
            if let Some(p) = part {
                paid_claims.insert(p);
            }
            part.is_some_and(|p| claimed.contains(&p))
        } else {
            g.purchase
        };
        if !traced {
            untraced.push(format!("{} {} ({})", g.caller, g.key, g.reason));
        }
    }
    out.push(finding(
        "granted item traceable to one pull, claim or purchase",
        grants.iter().filter(|g| g.items > 0).count(),
        untraced,
    ));

    // Pulls: charged and granted exactly when complete.
    let mut bad = Vec::new();
    for p in &pulls {
        let tx = granted_pulls.get(&p.id);
        match (p.status.as_str(), tx) {
            ("complete", Some(g)) if g.items == p.count && g.gems == p.cost => {}
            ("complete", Some(g)) => bad.push(format!(
                "pull {} charged {} for {} items (cost {}, count {})",
                p.id, g.gems, g.items, p.cost, p.count
            )),
            ("complete", None) => {
                bad.push(format!("pull {} complete without its transaction", p.id))
            }
            ("pending", _) => bad.push(format!("pull {} still pending", p.id)),
            (_, Some(_)) => bad.push(format!("pull {} {} but paid", p.id, p.status)),
            _ => {}
        }
    }
    // A gacha transaction charging gems for a pull that is not recorded (or has no items).
    for g in grants.iter().filter(|g| g.caller == "svc:gacha") {
        let pull = g
            .key
            .strip_prefix("gacha-pull:")
            .and_then(|s| s.parse::<Uuid>().ok());
        if g.items == 0 || pull.is_none_or(|p| !complete.contains_key(&p)) {
            bad.push(format!("gacha transaction {} without its pull", g.key));
        }
    }
    bad.dedup();
    out.push(finding("pull charged <=> items granted", pulls.len(), bad));

    let by_key: BTreeMap<(Uuid, &str), &PullRow> = pulls
        .iter()
        .filter_map(|p| p.key.as_deref().map(|k| ((p.user_id, k), p)))
        .collect();
    let missing: Vec<String> = acked
        .pulls
        .iter()
        .filter(|(u, k, id)| {
            by_key
                .get(&(*u, k.as_str()))
                .is_none_or(|p| p.id != *id || p.status != "complete")
        })
        .map(|(_, k, id)| format!("pull {id} (key {k})"))
        .collect();
    out.push(finding(
        "acknowledged pull complete",
        acked.pulls.len(),
        missing,
    ));

    // Loot: each claim done <=> paid once.
    let mut bad = Vec::new();
    for p in &parts {
        let paid = paid_claims.contains(&p.id)
            || grants
                .iter()
                .any(|g| g.caller == "svc:battle" && g.key == format!("battle:loot:{}", p.id));
        match (p.claim_state.as_deref(), paid) {
            (Some("done"), false) => bad.push(format!("claim {} done but unpaid", p.id)),
            (Some("pending"), _) => bad.push(format!("claim {} still pending", p.id)),
            (None, true) => bad.push(format!("participant {} paid without a claim", p.id)),
            _ => {}
        }
    }
    let done_by: BTreeSet<(i64, Uuid)> = parts
        .iter()
        .filter(|p| p.claim_state.as_deref() == Some("done"))
        .map(|p| (p.battle_id, p.user_id))
        .collect();
    for c in &acked.claims {
        if !done_by.contains(c) {
            bad.push(format!("acknowledged claim {c:?} not done"));
        }
    }
    out.push(finding("loot claimed <=> paid", parts.len(), bad));

    let left = count(&mut battle, "SELECT count(*) AS n FROM battle_attacks").await?;
    out.push(Finding {
        name: "attack intents settled",
        checked: left,
        bad: left,
        examples: Vec::new(),
        informational: false,
    });

    // Attacks: each hit (an `attack` log line) is one applied key, never two; each
    // acknowledged attack's key applied.
    let applied = pairs(
        &mut battle,
        "SELECT user_id::text AS a, idempotency_key AS b FROM battle_attack_keys \
         WHERE outcome = 'applied'",
    )
    .await?;
    let mut bad: Vec<String> = pairs(
        &mut battle,
        "SELECT coalesce(l.user_id, k.user_id)::text AS a, \
           format('%s hits for %s applied keys', coalesce(l.n, 0), coalesce(k.n, 0)) AS b \
         FROM (SELECT user_id, count(*) AS n FROM battle_logs WHERE log_type = 'attack' \
               GROUP BY user_id) l \
         FULL JOIN (SELECT user_id, count(*) AS n FROM battle_attack_keys \
               WHERE outcome = 'applied' GROUP BY user_id) k ON k.user_id = l.user_id \
         WHERE coalesce(l.n, 0) <> coalesce(k.n, 0)",
    )
    .await?
    .into_iter()
    .map(|(u, what)| format!("player {u}: {what}"))
    .collect();
    bad.extend(
        acked
            .attacks
            .iter()
            .filter(|(u, k)| !applied.contains(&(u.to_string(), k.clone())))
            .map(|(u, k)| format!("acknowledged attack {k} of {u} not applied")),
    );
    out.push(finding(
        "attack applied once per key",
        applied.len().max(acked.attacks.len()),
        bad,
    ));

    // Scores: stored once per submission however often it was retried (the distance is
    // unique per submission).
    let twice = pairs(
        &mut board,
        "SELECT user_id::text AS a, distance::text AS b FROM scores \
         GROUP BY user_id, distance HAVING count(*) > 1",
    )
    .await?;
    out.push(finding(
        "score stored once per key",
        acked.scores.len(),
        twice
            .into_iter()
            .map(|(u, d)| format!("score {d} of {u} stored more than once"))
            .collect(),
    ));

    // Scores, answers, votes: each acknowledged one is stored.
    let stored = pairs(
        &mut board,
        "SELECT user_id::text AS a, distance::text AS b FROM scores",
    )
    .await?;
    let missing: Vec<String> = acked
        .scores
        .iter()
        .filter(|(u, d)| !stored.contains(&(u.to_string(), d.to_string())))
        .map(|(u, d)| format!("score {d} of {u}"))
        .collect();
    out.push(finding(
        "acknowledged score present",
        acked.scores.len(),
        missing,
    ));
    let answers = pairs(
        &mut room,
        "SELECT round_id::text AS a, user_id::text AS b FROM game_answers",
    )
    .await?;
    let votes = pairs(
        &mut room,
        "SELECT round_id::text AS a, voter_id::text AS b FROM game_votes",
    )
    .await?;
    let mut missing: Vec<String> = acked
        .answers
        .iter()
        .filter(|(r, u)| !answers.contains(&(r.to_string(), u.to_string())))
        .map(|(r, u)| format!("answer of {u} in {r}"))
        .collect();
    missing.extend(
        acked
            .votes
            .iter()
            .filter(|(r, u)| !votes.contains(&(r.to_string(), u.to_string())))
            .map(|(r, u)| format!("vote of {u} in {r}")),
    );
    out.push(finding(
        "acknowledged answer and vote present",
        acked.answers.len() + acked.votes.len(),
        missing,
    ));

    let pulls: Vec<(Uuid, Uuid)> = complete.values().map(|p| (p.user_id, p.id)).collect();
    let grant_txs: Vec<(Uuid, Uuid, String)> = grants
        .iter()
        .filter(|g| g.items > 0)
        .map(|g| (g.user_id, g.id, g.reason.clone()))
        .collect();
    out.extend(crate::delivery::events(&pulls, &grant_txs, seen));
    Ok(out)
}
