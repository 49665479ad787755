//! The web-game seed's progression: XP curve, levels from total XP, stat points per level,
//! and stamina regenerated lazily from a stored timestamp.

use chrono::{DateTime, Utc};

/// The highest level.
pub const MAX_LEVEL: i32 = 100;
/// Stamina regenerated per interval, as a share of the cap.
pub const STAMINA_REGEN_SHARE: f64 = 0.1;

/// XP needed to go from `level - 1` to `level`: `int(100 * 1.15^(level-2))`, 0 for level 1.
pub fn xp_for_level(level: i32) -> i64 {
    if level < 2 {
        return 0;
    }
    // Truncation of the exact value, as the seed's int() intends: 100 * 1.15 is 114.999... in
    // binary floating point, so a small epsilon keeps level 3 at the documented 115.
    (100.0 * 1.15_f64.powf(f64::from(level - 2)) + 1e-6) as i64
}

/// Total XP needed to reach `level` from level 1.
pub fn total_xp_for_level(level: i32) -> i64 {
    (2..=level.min(MAX_LEVEL)).map(xp_for_level).sum()
}

/// The level a player with `total_xp` lifetime XP has reached.
pub fn level_for_total_xp(total_xp: i64) -> i32 {
    let mut level = 1;
    let mut cumulative = 0;
    while level < MAX_LEVEL && cumulative + xp_for_level(level + 1) <= total_xp {
        cumulative += xp_for_level(level + 1);
        level += 1;
    }
    level
}

/// Stat points for reaching `level`: 3, or 8 at every tenth level (a milestone).
pub fn stat_points_for_level(level: i32) -> i32 {
    if is_milestone(level) { 8 } else { 3 }
}

/// Whether `level` is a milestone (multiple of 10).
pub fn is_milestone(level: i32) -> bool {
    level % 10 == 0
}

/// `(xp into the current level, xp the current level needs)`, the seed's `exp`/`exp_max`.
pub fn level_progress(level: i32, total_xp: i64) -> (i64, i64) {
    let into = total_xp - total_xp_for_level(level);
    let needed = if level >= MAX_LEVEL {
        0
    } else {
        xp_for_level(level + 1)
    };
    (into.max(0), needed)
}

/// What adding XP did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct XpGain {
    /// Level before.
    pub old_level: i32,
    /// Level after.
    pub new_level: i32,
    /// Lifetime XP after.
    pub total_xp: i64,
    /// Stat points earned by the levels reached.
    pub stat_points: i32,
}

impl XpGain {
    /// Whether at least one level was reached.
    pub fn leveled_up(&self) -> bool {
        self.new_level > self.old_level
    }
}

/// Adds `amount` XP to a player at `level` with `total_xp`.
pub fn gain_xp(level: i32, total_xp: i64, amount: i64) -> XpGain {
    let total = total_xp.saturating_add(amount.max(0));
    let new_level = level_for_total_xp(total).max(level);
    let stat_points = (level + 1..=new_level).map(stat_points_for_level).sum();
    XpGain {
        old_level: level,
        new_level,
        total_xp: total,
        stat_points,
    }
}

/// Stamina after lazy regeneration: every full `interval_secs` since `last` adds 10% of the
/// cap (never above it); the remainder of a partial interval is dropped, as in the seed.
/// Returns `None` when no full interval has passed (nothing to store).
pub fn regenerate_stamina(
    stamina: i32,
    stamina_max: i32,
    last: DateTime<Utc>,
    now: DateTime<Utc>,
    interval_secs: i64,
) -> Option<i32> {
    let elapsed = (now - last).num_seconds();
    if interval_secs <= 0 || elapsed < interval_secs {
        return None;
    }
    let intervals = elapsed / interval_secs;
    let per_interval = f64::from(stamina_max) * STAMINA_REGEN_SHARE;
    let gained = (per_interval * intervals as f64).min(f64::from(i32::MAX)) as i64;
    Some((i64::from(stamina) + gained).min(i64::from(stamina_max.max(stamina))) as i32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn the_xp_curve_matches_the_seed() {
        assert_eq!(xp_for_level(2), 100);
        assert_eq!(xp_for_level(3), 115);
        assert_eq!(xp_for_level(4), 132);
        assert_eq!(xp_for_level(10), 305);
        assert_eq!(total_xp_for_level(3), 215);
    }

    #[test]
    fn levels_come_from_total_xp() {
        assert_eq!(level_for_total_xp(0), 1);
        assert_eq!(level_for_total_xp(99), 1);
        assert_eq!(level_for_total_xp(100), 2);
        assert_eq!(level_for_total_xp(214), 2);
        assert_eq!(level_for_total_xp(215), 3);
        assert_eq!(level_for_total_xp(i64::MAX / 2), MAX_LEVEL);
    }

    #[test]
    fn milestones_give_eight_points() {
        let gain = gain_xp(
            9,
            total_xp_for_level(9),
            xp_for_level(10) + xp_for_level(11),
        );
        assert_eq!((gain.old_level, gain.new_level), (9, 11));
        assert_eq!(gain.stat_points, 8 + 3);
    }

    #[test]
    fn progress_is_within_the_level() {
        assert_eq!(level_progress(2, 150), (50, 115));
        assert_eq!(level_progress(1, 0), (0, 100));
    }

    #[test]
    fn stamina_regenerates_per_full_interval_up_to_the_cap() {
        let t0 = Utc::now();
        assert_eq!(
            regenerate_stamina(50, 100, t0, t0 + Duration::seconds(9), 10),
            None
        );
        assert_eq!(
            regenerate_stamina(50, 100, t0, t0 + Duration::seconds(25), 10),
            Some(70)
        );
        assert_eq!(
            regenerate_stamina(50, 100, t0, t0 + Duration::hours(1), 10),
            Some(100)
        );
    }
}
