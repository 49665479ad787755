//! Offline text: party questions, item descriptions and character biographies, assembled
//! from templates and word banks.

use super::Rng;
use super::words::{
    CLASSES, GOALS, HOMELANDS, ITEM_ADJECTIVES, ITEM_FEATURES, ITEM_LORE, ITEM_ORIGINS,
    QUESTION_TEMPLATES, THEMES, TRAITS, TURNS, Theme,
};

/// `count` distinct questions. A known theme (`space`, `food`, `fantasy`, `school`, `sports`)
/// uses its banks; any other theme is woven into the general banks as a place and a thing.
pub fn questions(rng: &mut Rng, count: usize, theme: Option<&str>) -> Vec<String> {
    let wanted = theme.map(|t| t.trim().to_lowercase());
    let known = wanted
        .as_deref()
        .and_then(|w| THEMES.iter().find(|t| t.name == w));
    let base: &Theme = known.unwrap_or(&THEMES[0]);
    let custom = match (&wanted, known) {
        (Some(w), None) if !w.is_empty() => Some(w.clone()),
        _ => None,
    };
    let mut out: Vec<String> = Vec::with_capacity(count);
    // Bounded: the banks hold thousands of combinations, far more than the 50 we may need.
    let mut tries = 0;
    while out.len() < count && tries < count * 50 {
        tries += 1;
        let template = rng.pick(QUESTION_TEMPLATES);
        let custom_place = custom.as_ref().map(|c| format!("a {c} convention"));
        let custom_thing = custom.as_ref().map(|c| format!("a {c}-themed gadget"));
        let place = match (&custom_place, rng.below(3)) {
            (Some(p), 0) => p.clone(),
            _ => rng.pick(base.places).to_owned(),
        };
        let thing = match (&custom_thing, rng.below(3)) {
            (Some(t), 0) => t.clone(),
            _ => rng.pick(base.things).to_owned(),
        };
        let q = template
            .replace("{place}", &place)
            .replace("{thing}", &thing)
            .replace("{person}", rng.pick(base.people))
            .replace("{event}", rng.pick(base.events));
        if !out.contains(&q) {
            out.push(q);
        }
    }
    out
}

fn article(word: &str) -> &'static str {
    match word.chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

/// Flavour text for an item.
pub fn description(
    rng: &mut Rng,
    name: &str,
    item_type: Option<&str>,
    rarity: Option<&str>,
) -> String {
    let kind = item_type.unwrap_or("relic");
    let adjective = rng.pick(ITEM_ADJECTIVES);
    let lead = match rarity {
        Some(r) => format!("{} {r} {kind}", article(r)),
        None => format!("{} {adjective} {kind}", article(adjective)),
    };
    let mut text = format!("{name} is {lead}, {}.", rng.pick(ITEM_ORIGINS));
    if rarity.is_some() {
        text.push_str(&format!(
            " Its {adjective} surface catches the light oddly."
        ));
    }
    text.push_str(&format!(
        " {}. {}",
        rng.pick(ITEM_FEATURES),
        rng.pick(ITEM_LORE)
    ));
    text
}

/// A short biography.
pub fn bio(rng: &mut Rng, name: &str, class: Option<&str>, traits: &[String]) -> String {
    let class = class
        .map(str::to_owned)
        .unwrap_or_else(|| rng.pick(CLASSES).to_owned());
    let traits: Vec<String> = if traits.is_empty() {
        let first = rng.pick(TRAITS);
        let mut second = rng.pick(TRAITS);
        if second == first {
            second =
                TRAITS[(TRAITS.iter().position(|t| *t == first).unwrap_or(0) + 1) % TRAITS.len()];
        }
        vec![first.to_owned(), second.to_owned()]
    } else {
        traits.to_vec()
    };
    let listed = match traits.as_slice() {
        [only] => only.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        [] => String::new(),
    };
    format!(
        "{name} grew up in {}, {} {class} long before anyone thought to write it down. \
         Everything changed when {}. Known by friends as {listed}, {name} now travels to {}.",
        rng.pick(HOMELANDS),
        article(&class),
        rng.pick(TURNS),
        rng.pick(GOALS),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_are_distinct_and_as_many_as_asked() {
        for theme in [None, Some("space"), Some("Pirates")] {
            let qs = questions(&mut Rng::new(1), 50, theme);
            assert_eq!(qs.len(), 50, "{theme:?}");
            let mut sorted = qs.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted.len(), 50);
            assert!(qs.iter().all(|q| q.ends_with('?') || q.ends_with('.')));
        }
    }

    #[test]
    fn an_unknown_theme_shows_up_in_questions() {
        let qs = questions(&mut Rng::new(3), 20, Some("pirates"));
        assert!(qs.iter().any(|q| q.contains("pirates")), "{qs:?}");
    }

    #[test]
    fn bios_list_traits_naturally() {
        let b = bio(
            &mut Rng::new(2),
            "Ada",
            Some("alchemist"),
            &["calm".into(), "bold".into(), "odd".into()],
        );
        assert!(b.contains("calm, bold and odd"), "{b}");
        assert!(b.contains("an alchemist"), "{b}");
    }
}
