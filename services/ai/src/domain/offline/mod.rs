//! The built-in offline generator: our own templates and word banks for text, and a painted
//! PNG for `character_art`. Output is a pure function of the parameters (and their optional
//! `seed`), so the same request gives the same result on any replica.

mod art;
mod text;
mod words;

use sha2::{Digest, Sha256};

use crate::domain::output::Output;
use crate::domain::params::Parameters;

pub use art::portrait;
pub use text::{bio, description, questions};

/// The version string offline results carry as `model_version`.
pub const VERSION: &str = "offline-1";

/// Runs the generator for `params`.
pub fn generate(params: &Parameters) -> Result<Output, png::EncodingError> {
    let mut rng = Rng::for_parameters(params);
    Ok(match params {
        Parameters::QuestionSet { count, theme, .. } => {
            Output::Questions(questions(&mut rng, *count as usize, theme.as_deref()))
        }
        Parameters::ItemDescription {
            item_name,
            item_type,
            rarity,
            ..
        } => Output::Text(description(
            &mut rng,
            item_name,
            item_type.as_deref(),
            rarity.as_deref(),
        )),
        Parameters::CharacterBio {
            name,
            class,
            traits,
            ..
        } => Output::Text(bio(&mut rng, name, class.as_deref(), traits)),
        Parameters::CharacterArt { prompt, size, .. } => {
            let png = portrait(&mut rng, prompt, *size)?;
            Output::Image {
                png,
                width: *size,
                height: *size,
            }
        }
    })
}

/// SplitMix64: tiny, fast and stable across crate versions (unlike `StdRng`), which keeps
/// stored results reproducible.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// Seeded from the parameters' canonical JSON (which includes any explicit `seed`).
    pub fn for_parameters(params: &Parameters) -> Self {
        let json = serde_json::to_vec(params).unwrap_or_default();
        let digest = Sha256::digest(&json);
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        Rng(u64::from_le_bytes(first))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` > 0; 0 gives 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next_u64() % n as u64) as usize
    }

    /// One element of a non-empty slice.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items.get(self.below(items.len())).copied().unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::job::JobType;
    use serde_json::json;

    fn params(job_type: JobType, v: serde_json::Value) -> Parameters {
        Parameters::parse(job_type, Some(&v)).unwrap()
    }

    #[test]
    fn same_parameters_same_output_and_seed_varies_it() {
        let a = params(
            JobType::CharacterBio,
            json!({"name": "Mira", "traits": ["brave"]}),
        );
        let b = params(
            JobType::CharacterBio,
            json!({"name": "Mira", "traits": ["brave"], "seed": 7}),
        );
        assert_eq!(generate(&a).unwrap(), generate(&a).unwrap());
        assert_ne!(generate(&a).unwrap(), generate(&b).unwrap());
    }

    #[test]
    fn every_type_generates_content_that_uses_its_inputs() {
        let Output::Text(t) = generate(&params(
            JobType::ItemDescription,
            json!({"item_name": "Ember Fang", "item_type": "sword", "rarity": "legendary"}),
        ))
        .unwrap() else {
            panic!("text expected")
        };
        assert!(t.contains("Ember Fang") && t.len() > 60, "{t}");
        let Output::Text(t) = generate(&params(
            JobType::CharacterBio,
            json!({"name": "Mira", "class": "ranger", "traits": ["headstrong"]}),
        ))
        .unwrap() else {
            panic!("text expected")
        };
        assert!(
            t.contains("Mira") && t.contains("ranger") && t.contains("headstrong"),
            "{t}"
        );
        let Output::Image { png, width, .. } = generate(&params(
            JobType::CharacterArt,
            json!({"prompt": "a red fox knight"}),
        ))
        .unwrap() else {
            panic!("image expected")
        };
        assert_eq!(width, 128);
        assert_eq!(
            crate::domain::output::png_dimensions(&png),
            Some((128, 128))
        );
    }
}
