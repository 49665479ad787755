//! The rule tests: pity, the coin flip, the 4★ floor and the 1,000,000-pull statistics.

use super::*;
use crate::domain::draw::ChaChaDraws;
use crate::domain::odds::consolidated;

fn pool(featured: bool) -> Pool {
    let ids = |p: &str, n: usize| (0..n).map(|i| format!("{p}{i}")).collect::<Vec<_>>();
    Pool {
        five: ids("five_", 4),
        four: ids("four_", 6),
        three: ids("three_", 10),
        featured: if featured {
            vec!["five_0".to_owned()]
        } else {
            Vec::new()
        },
    }
}

fn draw(rarity: u32, featured: u32) -> Draw {
    Draw {
        rarity,
        featured,
        item: 0,
    }
}

const WORST: u32 = PPM - 1;

#[test]
fn default_tables_and_pools_validate() {
    for t in BannerType::ALL {
        RateTable::default_for(t)
            .validate(t)
            .unwrap_or_else(|e| panic!("{t}: {e}"));
        pool(t.has_featured())
            .validate(t)
            .unwrap_or_else(|e| panic!("{t}: {e}"));
    }
    assert!(pool(false).validate(BannerType::CharacterEvent).is_err());
    assert!(pool(true).validate(BannerType::Standard).is_err());
    let mut bad = RateTable::default_for(BannerType::Standard);
    bad.featured_ppm = 500_000;
    assert!(bad.validate(BannerType::Standard).is_err());
}

#[test]
fn soft_pity_adds_six_points_per_pull_from_74_and_seven_from_63_on_weapons() {
    let c = RateTable::default_for(BannerType::CharacterEvent);
    assert_eq!(c.five_chance(1), 6_000);
    assert_eq!(c.five_chance(73), 6_000);
    assert_eq!(c.five_chance(74), 66_000);
    assert_eq!(c.five_chance(75), 126_000);
    assert_eq!(c.five_chance(89), 966_000);
    assert_eq!(c.five_chance(90), PPM);
    let w = RateTable::default_for(BannerType::WeaponEvent);
    assert_eq!(w.five_chance(62), 7_000);
    assert_eq!(w.five_chance(63), 77_000);
    assert_eq!(w.five_chance(76), 987_000);
    assert_eq!(w.five_chance(77), PPM);
    assert_eq!(w.five_chance(80), PPM);
    assert_eq!(c.four_chance(8), 51_000);
    assert_eq!(c.four_chance(9), 561_000);
    assert_eq!(c.four_chance(10), PPM);
}

#[test]
fn hard_pity_is_exactly_at_90_and_80_on_weapons() {
    for (t, hard) in [
        (BannerType::CharacterEvent, 90),
        (BannerType::WeaponEvent, 80),
    ] {
        let table = RateTable::default_for(t);
        let p = pool(true);
        // The worst roll at pull hard - 1 is not a 5★ on the character table (96.6%);
        // the weapon table already reaches 100% there through soft pity.
        let before = PityState {
            since_five: hard - 2,
            ..PityState::default()
        };
        let (o, _) = pull_once(&table, &p, true, before, draw(WORST, 0));
        assert_eq!(o.stars == Stars::Five, t == BannerType::WeaponEvent, "{t}");
        let at = PityState {
            since_five: hard - 1,
            ..PityState::default()
        };
        let (o, next) = pull_once(&table, &p, true, at, draw(WORST, 0));
        assert_eq!(o.stars, Stars::Five);
        assert!(o.is_pity);
        assert_eq!(next.since_five, 0);
    }
}

#[test]
fn a_lost_coin_flip_guarantees_the_next_five_star_is_featured() {
    let table = RateTable::default_for(BannerType::CharacterEvent);
    let p = pool(true);
    let (lost, state) = pull_once(&table, &p, true, PityState::default(), draw(0, 500_000));
    assert_eq!(lost.stars, Stars::Five);
    assert!(!lost.is_featured && lost.lost_featured);
    assert_ne!(lost.item_id, "five_0");
    assert!(state.guaranteed_featured);
    let (won, state) = pull_once(&table, &p, true, state, draw(0, WORST));
    assert!(won.is_featured && !won.lost_featured);
    assert_eq!(won.item_id, "five_0");
    assert!(!state.guaranteed_featured);
    let (won, state) = pull_once(&table, &p, true, state, draw(0, 499_999));
    assert!(won.is_featured && !state.guaranteed_featured);
    // Weapon banners win on 75%.
    let w = RateTable::default_for(BannerType::WeaponEvent);
    let (o, _) = pull_once(&w, &p, true, PityState::default(), draw(0, 749_999));
    assert!(o.is_featured);
    // Standard banners never flip.
    let s = RateTable::default_for(BannerType::Standard);
    let (o, st) = pull_once(
        &s,
        &pool(false),
        false,
        PityState::default(),
        draw(0, WORST),
    );
    assert!(!o.is_featured && !o.lost_featured && !st.guaranteed_featured);
}

#[test]
fn the_tenth_pull_without_a_four_star_is_one_unless_a_five_star_comes_first() {
    let table = RateTable::default_for(BannerType::Standard);
    let p = pool(false);
    let state = PityState {
        since_four: 9,
        ..PityState::default()
    };
    let (o, next) = pull_once(&table, &p, false, state, draw(WORST, 0));
    assert_eq!(
        (o.stars, o.is_pity, next.since_four),
        (Stars::Four, true, 0)
    );
    // Both due: the 5★ wins and the 4★ moves to the next pull.
    let both = PityState {
        since_five: 89,
        since_four: 9,
        guaranteed_featured: false,
    };
    let (o, next) = pull_once(&table, &p, false, both, draw(WORST, 0));
    assert_eq!((o.stars, next.since_four), (Stars::Five, 10));
    let (o, next) = pull_once(&table, &p, false, next, draw(WORST, 0));
    assert_eq!((o.stars, next.since_four), (Stars::Four, 0));
}

#[test]
fn a_ten_pull_is_ten_sequential_pulls() {
    let table = RateTable::default_for(BannerType::CharacterEvent);
    let p = pool(true);
    let mut source = ChaChaDraws::seeded(42);
    let d = draws(&mut source, 10);
    let start = PityState {
        since_five: 85,
        since_four: 3,
        guaranteed_featured: true,
    };
    let (many, end) = pull_many(&table, &p, true, start, &d);
    let mut state = start;
    for (i, one) in d.iter().enumerate() {
        let (o, next) = pull_once(&table, &p, true, state, *one);
        assert_eq!(o, many[i]);
        state = next;
    }
    assert_eq!(state, end);
    assert!(
        many.iter().any(|o| o.stars == Stars::Five),
        "hard pity at 90 is within ten"
    );
}

struct Stats {
    five: u64,
    four: u64,
    featured: u64,
    longest_five_gap: u32,
    longest_four_gap: u32,
}

fn simulate(t: BannerType, pulls: u64, seed: u64) -> Stats {
    let table = RateTable::default_for(t);
    let p = pool(t.has_featured());
    let mut source = ChaChaDraws::seeded(seed);
    let mut state = PityState::default();
    let mut s = Stats {
        five: 0,
        four: 0,
        featured: 0,
        longest_five_gap: 0,
        longest_four_gap: 0,
    };
    let (mut gap5, mut gap4) = (0, 0);
    for _ in 0..pulls {
        let (o, next) = pull_once(&table, &p, t.has_featured(), state, source.draw());
        state = next;
        gap5 += 1;
        gap4 += 1;
        if o.stars >= Stars::Four {
            s.longest_four_gap = s.longest_four_gap.max(gap4);
            gap4 = 0;
        }
        match o.stars {
            Stars::Five => {
                s.five += 1;
                s.featured += u64::from(o.is_featured);
                s.longest_five_gap = s.longest_five_gap.max(gap5);
                gap5 = 0;
            }
            Stars::Four => s.four += 1,
            Stars::Three => {}
        }
    }
    s
}

const PULLS: u64 = 1_000_000;

#[test]
fn a_million_character_pulls_match_the_published_and_computed_rates() {
    let s = simulate(BannerType::CharacterEvent, PULLS, 20_260_101);
    let five = s.five as f64 / PULLS as f64;
    let four = s.four as f64 / PULLS as f64;
    let share = s.featured as f64 / s.five as f64;
    println!(
        "character: 5★ {five:.5}, 4★ {four:.5}, featured share {share:.4}, longest gaps {} / {}",
        s.longest_five_gap, s.longest_four_gap
    );
    assert!((five - 0.016).abs() <= 0.001, "5★ {five}");
    assert!((four - 0.130).abs() <= 0.003, "4★ {four}");
    assert!((share - 2.0 / 3.0).abs() <= 0.01, "featured share {share}");
    assert!(s.longest_five_gap <= 90, "{}", s.longest_five_gap);
    assert!(s.longest_four_gap <= 10, "{}", s.longest_four_gap);
    // The computed disclosure agrees with the simulation.
    let c = consolidated(&RateTable::default_for(BannerType::CharacterEvent), true);
    assert!(
        (c.five - five).abs() < 0.0005 && (c.four - four).abs() < 0.002,
        "{c:?}"
    );
}

#[test]
fn a_million_weapon_pulls_match_the_published_rate() {
    let s = simulate(BannerType::WeaponEvent, PULLS, 7);
    let five = s.five as f64 / PULLS as f64;
    println!(
        "weapon: 5★ {five:.5}, featured share {:.4}, longest gap {}",
        s.featured as f64 / s.five as f64,
        s.longest_five_gap
    );
    assert!((five - 0.0185).abs() <= 0.001, "5★ {five}");
    assert!(s.longest_five_gap <= 80, "{}", s.longest_five_gap);
    let share = s.featured as f64 / s.five as f64;
    assert!((share - 0.8).abs() <= 0.01, "featured share {share}");
}
