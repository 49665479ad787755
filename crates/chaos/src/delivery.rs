//! Event delivery: what the sockets saw (live, or replayed with `since`) against what was
//! committed and acknowledged.

use std::collections::{BTreeMap, BTreeSet};

use uuid::Uuid;

use crate::check::{Finding, finding};
use crate::ws::Seen;

/// Every complete pull's `gacha_pull` and every grant's `items_granted` (`(user, pull)` and
/// `(user, transaction, reason)`) reached the player's socket.
pub fn events(
    pulls: &[(Uuid, Uuid)],
    grants: &[(Uuid, Uuid, String)],
    seen: &BTreeMap<Uuid, Seen>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    // Events: every completed pull's `gacha_pull` reached its player's socket (live or by
    // replay with `since`).
    let mut missing = Vec::new();
    let mut checked = 0;
    for (user, pull) in pulls {
        let Some(s) = seen.get(user) else {
            continue;
        };
        checked += 1;
        if !s.pulls.contains(pull) {
            missing.push(format!("gacha_pull of pull {pull}"));
        }
    }
    out.push(finding(
        "committed pull's event delivered",
        checked,
        missing,
    ));

    // And every committed grant's `items_granted` (purchases, pulls, loot alike).
    let mut missing = Vec::new();
    let mut checked = 0;
    for (user, tx, reason) in grants {
        let Some(s) = seen.get(user) else {
            continue;
        };
        checked += 1;
        if !s.grants.contains(tx) {
            missing.push(format!("items_granted of {tx} ({reason})"));
        }
    }
    out.push(finding(
        "committed grant's event delivered",
        checked,
        missing,
    ));
    out
}

/// Relays acknowledged (echoed to their sender) but lost on another member's open
/// subscription. Relays of high-frequency state are transient by design (issue 26: never
/// stored, never replayed), so one sent while a member was reconnecting is not owed to it;
/// one is owed when the member received that sender's earlier and later relays on the same
/// connection. Reported, not a discrepancy: a relay is not a committed change, and one in
/// flight when its gateway or Redis dies is gone.
pub fn relays(
    rooms: &BTreeMap<String, Vec<Uuid>>,
    seen: &BTreeMap<Uuid, Seen>,
    echoed: &BTreeMap<Uuid, BTreeSet<u64>>,
) -> Finding {
    let mut missing = Vec::new();
    let mut checked = 0;
    for members in rooms.values() {
        for sender in members {
            for &seq in echoed.get(sender).into_iter().flatten() {
                for other in members.iter().filter(|m| *m != sender) {
                    let Some(s) = seen.get(other) else {
                        continue;
                    };
                    if s.relays.contains_key(&(*sender, seq)) {
                        checked += 1;
                        continue;
                    }
                    let before = s
                        .relays
                        .range((*sender, 0)..(*sender, seq))
                        .next_back()
                        .map(|(_, conn)| *conn);
                    let after = s
                        .relays
                        .range((*sender, seq + 1)..=(*sender, u64::MAX))
                        .next()
                        .map(|(_, conn)| *conn);
                    if let (Some(a), Some(b)) = (before, after)
                        && a == b
                    {
                        checked += 1;
                        missing.push(format!("relay {seq} of {sender} not seen by {other}"));
                    }
                }
            }
        }
    }
    let mut f = finding(
        "acknowledged relay delivered on an open subscription (transient: reported, not a discrepancy)",
        checked,
        missing,
    );
    f.informational = true;
    f
}
