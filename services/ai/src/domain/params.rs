//! Each job type's parameters, parsed from the request's free-form `parameters` object into
//! bounded types: unknown fields, wrong types and out-of-range values are refused with the
//! field's dotted name (`parameters.count`).

use common::error::FieldError;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::domain::job::JobType;

/// Most bytes the `parameters` object may take as JSON.
pub const MAX_PARAMETERS_BYTES: usize = 4096;
/// Most questions one `question_set` job makes.
pub const MAX_QUESTIONS: u32 = 50;
/// Image edges a `character_art` job may ask for (square).
pub const ART_SIZES: [u32; 3] = [64, 128, 256];

/// Validated parameters of one job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "job_type", rename_all = "snake_case")]
pub enum Parameters {
    /// `question_set`
    QuestionSet {
        /// 1..=50, default 5.
        count: u32,
        /// Optional theme, 1..=60 chars.
        theme: Option<String>,
        /// Variation seed.
        seed: Option<u64>,
    },
    /// `item_description`
    ItemDescription {
        /// 1..=80 chars.
        item_name: String,
        /// Optional, 1..=40 chars (weapon, armor, potion...).
        item_type: Option<String>,
        /// Optional, 1..=20 chars.
        rarity: Option<String>,
        /// Variation seed.
        seed: Option<u64>,
    },
    /// `character_bio`
    CharacterBio {
        /// 1..=60 chars.
        name: String,
        /// Optional class, 1..=40 chars.
        class: Option<String>,
        /// Up to 8 traits of 1..=40 chars.
        traits: Vec<String>,
        /// Variation seed.
        seed: Option<u64>,
    },
    /// `character_art`
    CharacterArt {
        /// 1..=500 chars.
        prompt: String,
        /// Square edge in pixels: 64, 128 or 256 (default 128).
        size: u32,
        /// Variation seed.
        seed: Option<u64>,
    },
}

impl Parameters {
    /// The job type these parameters belong to.
    pub fn job_type(&self) -> JobType {
        match self {
            Parameters::QuestionSet { .. } => JobType::QuestionSet,
            Parameters::ItemDescription { .. } => JobType::ItemDescription,
            Parameters::CharacterBio { .. } => JobType::CharacterBio,
            Parameters::CharacterArt { .. } => JobType::CharacterArt,
        }
    }

    /// The parameters as the job stores and shows them.
    pub fn to_json(&self) -> Value {
        let mut v = serde_json::to_value(self).unwrap_or(Value::Null);
        if let Some(obj) = v.as_object_mut() {
            obj.remove("job_type");
            obj.retain(|_, v| !v.is_null());
        }
        v
    }

    /// Parses `raw` (absent means `{}`) for `job_type`.
    pub fn parse(job_type: JobType, raw: Option<&Value>) -> Result<Self, Vec<FieldError>> {
        let empty = Map::new();
        let obj = match raw {
            None | Some(Value::Null) => &empty,
            Some(Value::Object(obj)) => obj,
            Some(_) => return Err(vec![issue("parameters", "must be an object")]),
        };
        if serde_json::to_vec(obj).map_or(usize::MAX, |b| b.len()) > MAX_PARAMETERS_BYTES {
            return Err(vec![issue(
                "parameters",
                &format!("must be at most {MAX_PARAMETERS_BYTES} bytes of JSON"),
            )]);
        }
        let mut p = Reader {
            obj,
            errors: Vec::new(),
        };
        let parsed = match job_type {
            JobType::QuestionSet => {
                p.allow(&["count", "theme", "seed"]);
                Parameters::QuestionSet {
                    count: p.int("count", 1, u64::from(MAX_QUESTIONS))?.unwrap_or(5) as u32,
                    theme: p.text("theme", 60)?,
                    seed: p.seed()?,
                }
            }
            JobType::ItemDescription => {
                p.allow(&["item_name", "item_type", "rarity", "seed"]);
                Parameters::ItemDescription {
                    item_name: p.required_text("item_name", 80)?,
                    item_type: p.text("item_type", 40)?,
                    rarity: p.text("rarity", 20)?,
                    seed: p.seed()?,
                }
            }
            JobType::CharacterBio => {
                p.allow(&["name", "class", "traits", "seed"]);
                Parameters::CharacterBio {
                    name: p.required_text("name", 60)?,
                    class: p.text("class", 40)?,
                    traits: p.list("traits", 8, 40)?,
                    seed: p.seed()?,
                }
            }
            JobType::CharacterArt => {
                p.allow(&["prompt", "size", "seed"]);
                let size = p.int("size", 1, 4096)?.unwrap_or(128) as u32;
                if !ART_SIZES.contains(&size) {
                    p.errors
                        .push(issue("parameters.size", "must be 64, 128 or 256"));
                }
                Parameters::CharacterArt {
                    prompt: p.required_text("prompt", 500)?,
                    size,
                    seed: p.seed()?,
                }
            }
        };
        if p.errors.is_empty() {
            Ok(parsed)
        } else {
            Err(p.errors)
        }
    }
}

fn issue(field: &str, message: &str) -> FieldError {
    FieldError {
        field: field.to_owned(),
        message: message.to_owned(),
    }
}

/// Reads fields, collecting every problem; a field whose type is wrong ends the parse, since
/// nothing sensible can be built without it.
struct Reader<'a> {
    obj: &'a Map<String, Value>,
    errors: Vec<FieldError>,
}

impl Reader<'_> {
    fn allow(&mut self, known: &[&str]) {
        for key in self.obj.keys() {
            if !known.contains(&key.as_str()) {
                let name: String = key.chars().take(40).collect();
                self.errors.push(issue(
                    &format!("parameters.{name}"),
                    &format!("unknown field; expected one of: {}", known.join(", ")),
                ));
            }
        }
    }

    fn fail<T>(&mut self, field: &str, message: &str) -> Result<T, Vec<FieldError>> {
        self.errors
            .push(issue(&format!("parameters.{field}"), message));
        Err(std::mem::take(&mut self.errors))
    }

    fn int(&mut self, field: &str, min: u64, max: u64) -> Result<Option<u64>, Vec<FieldError>> {
        match self.obj.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => match v.as_u64() {
                Some(n) if (min..=max).contains(&n) => Ok(Some(n)),
                _ => self.fail(field, &format!("must be an integer in {min}..={max}")),
            },
        }
    }

    fn seed(&mut self) -> Result<Option<u64>, Vec<FieldError>> {
        self.int("seed", 0, u64::from(u32::MAX))
    }

    fn text(&mut self, field: &str, max: usize) -> Result<Option<String>, Vec<FieldError>> {
        match self.obj.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => match clean(s, max) {
                Ok(s) => Ok(Some(s)),
                Err(message) => self.fail(field, &message),
            },
            Some(_) => self.fail(field, "must be a string"),
        }
    }

    fn required_text(&mut self, field: &str, max: usize) -> Result<String, Vec<FieldError>> {
        match self.text(field, max)? {
            Some(s) => Ok(s),
            None => self.fail(field, "is required"),
        }
    }

    fn list(
        &mut self,
        field: &str,
        most: usize,
        max: usize,
    ) -> Result<Vec<String>, Vec<FieldError>> {
        let items = match self.obj.get(field) {
            None | Some(Value::Null) => return Ok(Vec::new()),
            Some(Value::Array(items)) if items.len() <= most => items,
            Some(_) => {
                return self.fail(field, &format!("must be a list of at most {most} strings"));
            }
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match item.as_str().map(|s| clean(s, max)) {
                Some(Ok(s)) => out.push(s),
                Some(Err(message)) => return self.fail(&format!("{field}[{i}]"), &message),
                None => return self.fail(&format!("{field}[{i}]"), "must be a string"),
            }
        }
        Ok(out)
    }
}

/// Trims and bounds user text; control characters are refused since the text ends up in
/// prompts and in other players' screens.
pub fn clean(raw: &str, max: usize) -> Result<String, String> {
    let s = raw.trim();
    if s.is_empty() {
        return Err("must not be empty".to_owned());
    }
    if s.chars().count() > max {
        return Err(format!("must be at most {max} characters"));
    }
    if s.chars().any(char::is_control) {
        return Err("must not contain control characters".to_owned());
    }
    Ok(s.to_owned())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn fields(result: Result<Parameters, Vec<FieldError>>) -> Vec<String> {
        result.unwrap_err().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn defaults_fill_optional_fields() {
        let p = Parameters::parse(JobType::QuestionSet, None).unwrap();
        assert_eq!(
            p,
            Parameters::QuestionSet {
                count: 5,
                theme: None,
                seed: None
            }
        );
        assert_eq!(p.to_json(), json!({"count": 5}));
    }

    #[test]
    fn bad_values_name_their_field() {
        let r = Parameters::parse(JobType::QuestionSet, Some(&json!({"count": 0})));
        assert_eq!(fields(r), ["parameters.count"]);
        let r = Parameters::parse(JobType::QuestionSet, Some(&json!({"count": "3"})));
        assert_eq!(fields(r), ["parameters.count"]);
        let r = Parameters::parse(JobType::ItemDescription, Some(&json!({})));
        assert_eq!(fields(r), ["parameters.item_name"]);
        let r = Parameters::parse(
            JobType::CharacterArt,
            Some(&json!({"prompt": "x", "size": 100})),
        );
        assert_eq!(fields(r), ["parameters.size"]);
        let r = Parameters::parse(
            JobType::CharacterBio,
            Some(&json!({"name": "A", "traits": ["ok", 3]})),
        );
        assert_eq!(fields(r), ["parameters.traits[1]"]);
        let r = Parameters::parse(JobType::CharacterArt, Some(&json!({"prompt": "a\u{0}b"})));
        assert_eq!(fields(r), ["parameters.prompt"]);
        let r = Parameters::parse(JobType::CharacterArt, Some(&json!([1])));
        assert_eq!(fields(r), ["parameters"]);
    }

    #[test]
    fn unknown_fields_are_refused() {
        let r = Parameters::parse(
            JobType::CharacterArt,
            Some(&json!({"prompt": "x", "url": "http://x"})),
        );
        assert_eq!(fields(r), ["parameters.url"]);
    }

    #[test]
    fn sizes_are_bounded() {
        let long = "x".repeat(501);
        let r = Parameters::parse(JobType::CharacterArt, Some(&json!({"prompt": long})));
        assert_eq!(fields(r), ["parameters.prompt"]);
        let big = json!({"prompt": "x", "pad": "y".repeat(MAX_PARAMETERS_BYTES)});
        let r = Parameters::parse(JobType::CharacterArt, Some(&big));
        assert_eq!(fields(r), ["parameters"]);
    }
}
