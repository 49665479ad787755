//! Ranking periods and their UTC windows: all-time, daily, weekly (from Monday) and monthly.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A ranking period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// Every score ever.
    #[default]
    All,
    /// The current UTC day.
    Daily,
    /// The current UTC week, starting on Monday.
    Weekly,
    /// The current UTC month.
    Monthly,
}

/// One occurrence of a period: where it starts and ends (`None` for all-time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodWindow {
    /// The period.
    pub period: Period,
    /// Inclusive start.
    pub start: DateTime<Utc>,
    /// Exclusive end, when the period resets; `None` for all-time.
    pub end: Option<DateTime<Utc>>,
}

impl Period {
    /// Every period, in the order they are stored per board.
    pub const ALL: [Period; 4] = [Period::All, Period::Daily, Period::Weekly, Period::Monthly];

    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Period::All => "all",
            Period::Daily => "daily",
            Period::Weekly => "weekly",
            Period::Monthly => "monthly",
        }
    }

    /// The occurrence of this period that contains `now`.
    pub fn window(self, now: DateTime<Utc>) -> PeriodWindow {
        let day = now.date_naive();
        let (start, end) = match self {
            Period::All => (DateTime::<Utc>::UNIX_EPOCH, None),
            Period::Daily => (midnight(day), Some(midnight(day) + Duration::days(1))),
            Period::Weekly => {
                let monday = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
                (midnight(monday), Some(midnight(monday) + Duration::days(7)))
            }
            Period::Monthly => {
                let first = day.with_day(1).unwrap_or(day);
                let next = if first.month() == 12 {
                    NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
                };
                (midnight(first), next.map(midnight))
            }
        };
        PeriodWindow {
            period: self,
            start,
            end,
        }
    }
}

impl PeriodWindow {
    /// A stable id of this occurrence, part of its Redis keys: `all`, `d20261201`,
    /// `w20261130` (the Monday), `m202612`.
    pub fn id(&self) -> String {
        let d = self.start.date_naive();
        match self.period {
            Period::All => "all".to_owned(),
            Period::Daily => format!("d{}", d.format("%Y%m%d")),
            Period::Weekly => format!("w{}", d.format("%Y%m%d")),
            Period::Monthly => format!("m{}", d.format("%Y%m")),
        }
    }

    /// Whether `at` falls inside this occurrence.
    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        at >= self.start && self.end.is_none_or(|end| at < end)
    }

    /// The exclusive end as a query bound (the year 10000 for all-time).
    pub fn end_or_max(&self) -> DateTime<Utc> {
        self.end.unwrap_or_else(|| {
            NaiveDate::from_ymd_opt(10_000, 1, 1).map_or(DateTime::<Utc>::MAX_UTC, midnight)
        })
    }

    /// Seconds from `now` until the ranks of this occurrence may be dropped: its end plus a
    /// grace hour for late readers; `None` for all-time, which never expires.
    pub fn ttl_secs(&self, now: DateTime<Utc>) -> Option<i64> {
        self.end
            .map(|end| (end - now).num_seconds().max(0) + GRACE_SECS)
    }
}

/// Kept after a period ends, so a request that started just before the reset still answers.
const GRACE_SECS: i64 = 3600;

fn midnight(day: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&day.and_time(NaiveTime::MIN))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn windows_use_utc_boundaries_and_weeks_start_on_monday() {
        // 2026-12-03 is a Thursday.
        let now = at("2026-12-03T23:59:59.999Z");
        let d = Period::Daily.window(now);
        assert_eq!(
            (d.start, d.end),
            (at("2026-12-03T00:00:00Z"), Some(at("2026-12-04T00:00:00Z")))
        );
        assert_eq!(d.id(), "d20261203");
        let w = Period::Weekly.window(now);
        assert_eq!(
            (w.start, w.end),
            (at("2026-11-30T00:00:00Z"), Some(at("2026-12-07T00:00:00Z")))
        );
        assert_eq!(w.id(), "w20261130");
        let m = Period::Monthly.window(now);
        assert_eq!(
            (m.start, m.end),
            (at("2026-12-01T00:00:00Z"), Some(at("2027-01-01T00:00:00Z")))
        );
        assert_eq!(m.id(), "m202612");
        assert_eq!(Period::All.window(now).end, None);
        assert_eq!(Period::All.window(now).id(), "all");
    }

    #[test]
    fn a_monday_starts_its_own_week_and_a_sunday_ends_it() {
        assert_eq!(
            Period::Weekly.window(at("2026-11-30T00:00:00Z")).id(),
            "w20261130"
        );
        assert_eq!(
            Period::Weekly.window(at("2026-12-06T23:59:59Z")).id(),
            "w20261130"
        );
        assert_eq!(
            Period::Weekly.window(at("2026-12-07T00:00:00Z")).id(),
            "w20261207"
        );
    }

    #[test]
    fn windows_contain_their_start_but_not_their_end() {
        let d = Period::Daily.window(at("2026-12-03T12:00:00Z"));
        assert!(d.contains(at("2026-12-03T00:00:00Z")));
        assert!(!d.contains(at("2026-12-04T00:00:00Z")));
        assert_eq!(d.ttl_secs(at("2026-12-03T23:00:00Z")), Some(3600 + 3600));
    }
}
