//! Checking what a provider answered before it is used: text bounded and stripped of control
//! characters, questions parsed from a numbered list.

use super::ProviderError;

/// Provider text as we show it: control characters dropped, whitespace trimmed, bounded.
pub fn tidy(text: &str, max_chars: usize) -> Result<String, ProviderError> {
    let cleaned: String = text
        .chars()
        .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
        .filter(|c| !c.is_control())
        .collect();
    let cleaned = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    if cleaned.is_empty() {
        return Err(ProviderError::Malformed("empty text".to_owned()));
    }
    Ok(cleaned.chars().take(max_chars).collect())
}

/// The questions in a numbered list: `1.`/`1)` prefixes and quotes stripped, blank,
/// over-long and repeated lines dropped.
pub fn parse_questions(content: &str, count: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in content.lines() {
        let line = line.trim();
        let stripped = line
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start_matches(['.', ')', '-', '*'])
            .trim()
            .trim_matches(['"', '\u{201c}', '\u{201d}'])
            .trim();
        if let Ok(q) = tidy(stripped, 300)
            && q.chars().count() >= 5
            && q.chars().count() < 300
            && !out.contains(&q)
        {
            out.push(q);
        }
        if out.len() == count {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_lists_are_parsed() {
        let content = "1. What is the best pizza?\n2) \"Who would win a dance-off?\"\n\n3. What is the best pizza?\nok\n4. Name a bad pet.";
        assert_eq!(
            parse_questions(content, 10),
            [
                "What is the best pizza?",
                "Who would win a dance-off?",
                "Name a bad pet."
            ]
        );
        assert_eq!(parse_questions(content, 1).len(), 1);
    }

    #[test]
    fn text_is_tidied() {
        assert_eq!(tidy(" a\u{7}b\n c ", 10).unwrap(), "ab c");
        assert!(tidy(" \u{1b} ", 10).is_err());
        assert_eq!(tidy("abcdef", 3).unwrap(), "abc");
    }
}
