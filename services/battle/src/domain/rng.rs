//! Randomness behind a trait, so every rule can be tested with scripted rolls.

/// A source of uniform rolls.
pub trait Dice {
    /// A uniform value in `[0, 1)`.
    fn unit(&mut self) -> f64;

    /// A uniform index in `0..n` (`n` at least 1).
    fn index(&mut self, n: usize) -> usize {
        ((self.unit() * n as f64) as usize).min(n.saturating_sub(1))
    }

    /// A uniform value in `[lo, hi)`.
    fn between(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// A uniform integer in `lo..=hi`.
    fn int_in(&mut self, lo: i32, hi: i32) -> i32 {
        let span = usize::try_from(hi - lo + 1).unwrap_or(1);
        lo + i32::try_from(self.index(span)).unwrap_or(0)
    }
}

/// [`Dice`] over any `rand` generator.
pub struct RandDice<R>(pub R);

impl<R: rand::Rng> Dice for RandDice<R> {
    fn unit(&mut self) -> f64 {
        self.0.r#gen::<f64>()
    }
}

/// Dice that replay a fixed list of rolls (then repeat the last one); for tests.
#[derive(Debug, Clone)]
pub struct Scripted {
    rolls: Vec<f64>,
    next: usize,
}

impl Scripted {
    /// Dice rolling `rolls` in order.
    pub fn new(rolls: &[f64]) -> Self {
        Scripted {
            rolls: rolls.to_vec(),
            next: 0,
        }
    }
}

impl Dice for Scripted {
    fn unit(&mut self) -> f64 {
        let roll = self
            .rolls
            .get(self.next)
            .or(self.rolls.last())
            .copied()
            .unwrap_or(0.5);
        self.next += 1;
        roll
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn seeded_dice_repeat_and_stay_in_range() {
        let mut a = RandDice(rand::rngs::StdRng::seed_from_u64(7));
        let mut b = RandDice(rand::rngs::StdRng::seed_from_u64(7));
        for _ in 0..1000 {
            let (x, y) = (a.unit(), b.unit());
            assert_eq!(x, y);
            assert!((0.0..1.0).contains(&x));
            let i = a.int_in(1, 5);
            assert_eq!(i, b.int_in(1, 5));
            assert!((1..=5).contains(&i));
        }
    }

    #[test]
    fn scripted_dice_replay_then_repeat_the_last_roll() {
        let mut d = Scripted::new(&[0.1, 0.99]);
        assert_eq!(d.unit(), 0.1);
        assert_eq!(d.index(10), 9);
        assert_eq!(d.unit(), 0.99);
    }
}
