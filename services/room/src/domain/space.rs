//! The cafe space: the floor's bounds and the tool actions.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The rectangle positions and objects must lie in (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bounds {
    /// Smallest x.
    pub min_x: i32,
    /// Smallest y.
    pub min_y: i32,
    /// Largest x.
    pub max_x: i32,
    /// Largest y.
    pub max_y: i32,
}

impl Bounds {
    /// Whether `(x, y)` is inside.
    pub fn contains(&self, x: i64, y: i64) -> bool {
        (i64::from(self.min_x)..=i64::from(self.max_x)).contains(&x)
            && (i64::from(self.min_y)..=i64::from(self.max_y)).contains(&y)
    }
}

/// A rotation in degrees, normalised to `[0, 360)`; `None` when not finite.
pub fn normalise_rotation(degrees: f64) -> Option<f64> {
    degrees.is_finite().then(|| degrees.rem_euclid(360.0))
}

/// What a tool does to an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ToolAction {
    /// Removes the object for good (it does not go back to an inventory).
    Destroy,
    /// Moves the object to a new position.
    Move,
}

impl ToolAction {
    /// The logged name.
    pub const fn as_str(self) -> &'static str {
        match self {
            ToolAction::Destroy => "destroy",
            ToolAction::Move => "move",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_inclusive_and_rotations_wrap() {
        let b = Bounds {
            min_x: 0,
            min_y: 0,
            max_x: 10,
            max_y: 5,
        };
        assert!(b.contains(0, 0) && b.contains(10, 5));
        assert!(!b.contains(11, 0) && !b.contains(0, -1));
        assert_eq!(normalise_rotation(-90.0), Some(270.0));
        assert_eq!(normalise_rotation(720.5), Some(0.5));
        assert_eq!(normalise_rotation(f64::NAN), None);
    }
}
