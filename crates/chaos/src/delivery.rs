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

/// Relays acknowledged (echoed to their sender) but not seen by another member of the room.
pub fn relays(
    rooms: &BTreeMap<String, Vec<Uuid>>,
    seen: &BTreeMap<Uuid, Seen>,
    echoed: &BTreeMap<Uuid, BTreeSet<u64>>,
) -> Finding {
    let mut missing = Vec::new();
    let mut checked = 0;
    for members in rooms.values() {
        for sender in members {
            for seq in echoed.get(sender).into_iter().flatten() {
                for other in members.iter().filter(|m| *m != sender) {
                    checked += 1;
                    let got = seen
                        .get(other)
                        .is_some_and(|s| s.relays.contains(&(*sender, *seq)));
                    if !got {
                        missing.push(format!("relay {seq} of {sender} not seen by {other}"));
                    }
                }
            }
        }
    }
    finding(
        "acknowledged relay delivered to every member",
        checked,
        missing,
    )
}
