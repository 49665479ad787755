//! The built-in offline generator: our own templates and word banks for text, and a painted
//! PNG for `character_art`. Output is a pure function of the parameters (and their optional
//! `seed`), so the same request gives the same result on any replica.

mod text;
mod words;

use crate::domain::output::Output;
use crate::domain::params::Parameters;

pub use common::art::{Rng, portrait};
pub use text::{bio, description, questions};

/// The version string offline results carry as `model_version`.
pub const VERSION: &str = "offline-1";

/// A generator seeded from the parameters' canonical JSON (which includes any explicit `seed`).
pub fn rng_for(params: &Parameters) -> Rng {
    Rng::from_bytes(&serde_json::to_vec(params).unwrap_or_default())
}

/// Runs the generator for `params`.
pub fn generate(params: &Parameters) -> Result<Output, png::EncodingError> {
    let mut rng = rng_for(params);
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
