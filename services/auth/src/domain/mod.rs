//! Account values that cannot exist in an invalid form: emails, usernames, passwords and avatar
//! URLs are parsed once at the edge. Pure code, no IO.

use std::fmt;

pub mod device;

/// A trimmed, lowercase email address of a plausible shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    /// Longest address accepted (RFC 5321 path limit).
    pub const MAX_LEN: usize = 254;

    /// Normalises (trim, lowercase) and checks the shape `local@domain.tld`.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let email = raw.trim().to_lowercase();
        if email.is_empty() {
            return Err("is required");
        }
        if email.len() > Self::MAX_LEN {
            return Err("must be at most 254 characters");
        }
        let Some((local, domain)) = email.split_once('@') else {
            return Err("must be an email address");
        };
        let printable = |s: &str| {
            s.chars()
                .all(|c| !c.is_whitespace() && !c.is_control() && c != '@')
        };
        let labels_ok = domain
            .split('.')
            .all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'));
        if local.is_empty()
            || local.len() > 64
            || !printable(local)
            || !printable(domain)
            || !domain.contains('.')
            || !labels_ok
        {
            return Err("must be an email address");
        }
        Ok(Email(email))
    }

    /// The normalised address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// 3 to 20 characters of `[A-Za-z0-9_]`; unique regardless of case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    /// Shortest username.
    pub const MIN_LEN: usize = 3;
    /// Longest username.
    pub const MAX_LEN: usize = 20;

    /// Checks length and alphabet (surrounding spaces are trimmed).
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let name = raw.trim();
        if name.len() < Self::MIN_LEN || name.len() > Self::MAX_LEN {
            return Err("must be 3 to 20 characters");
        }
        if !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err("may contain only letters, digits and underscores");
        }
        Ok(Username(name.to_owned()))
    }

    /// A username derived from free text (an OAuth display name or email), padded or cut to
    /// fit, with `suffix` appended to make it unique.
    pub fn derive(hint: &str, suffix: &str) -> Self {
        let mut base: String = hint
            .chars()
            .filter_map(|c| match c {
                'a'..='z' | 'A'..='Z' | '0'..='9' | '_' => Some(c),
                ' ' | '-' | '.' => Some('_'),
                _ => None,
            })
            .collect();
        let suffix: String = suffix
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .take(8)
            .collect();
        if base.len() < Self::MIN_LEN {
            base = "player".to_owned();
        }
        let room = Self::MAX_LEN - suffix.len() - usize::from(!suffix.is_empty());
        base.truncate(room);
        if suffix.is_empty() {
            Username(base)
        } else {
            Username(format!("{base}_{suffix}"))
        }
    }

    /// The username as given.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A password of 8 to 128 characters. Never displayed or logged.
pub struct Password(String);

impl Password {
    /// Shortest password (characters).
    pub const MIN_LEN: usize = 8;
    /// Longest password (characters): bounds the hashing work per request.
    pub const MAX_LEN: usize = 128;

    /// Checks the length; the password is kept exactly as typed.
    pub fn parse(raw: String) -> Result<Self, &'static str> {
        let len = raw.chars().count();
        if len < Self::MIN_LEN {
            return Err("must be at least 8 characters");
        }
        if len > Self::MAX_LEN {
            return Err("must be at most 128 characters");
        }
        Ok(Password(raw))
    }

    /// The secret itself, for hashing.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

/// An `http(s)` URL of at most 2048 bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvatarUrl(String);

impl AvatarUrl {
    /// Longest URL accepted.
    pub const MAX_LEN: usize = 2048;

    /// Checks length, syntax and scheme.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let raw = raw.trim();
        if raw.len() > Self::MAX_LEN {
            return Err("must be at most 2048 characters");
        }
        match url::Url::parse(raw) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {
                Ok(AvatarUrl(url.to_string()))
            }
            _ => Err("must be an http or https URL"),
        }
    }

    /// The URL.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Takes the URL out.
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// The role an account holds; the `role` claim of its access tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A registered player.
    Player,
    /// A device-style account without credentials yet.
    Guest,
    /// May run admin operations in every service.
    Admin,
}

impl Role {
    /// The claim value.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Player => "player",
            Role::Guest => "guest",
            Role::Admin => "admin",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_lowercased_and_shape_checked() {
        assert_eq!(
            Email::parse("  Alice@Example.COM ").unwrap().as_str(),
            "alice@example.com"
        );
        for bad in [
            "",
            "alice",
            "alice@",
            "@example.com",
            "alice@example",
            "a b@example.com",
            "alice@@example.com",
            "alice@exa mple.com",
            "alice@.example.com",
            "alice@-example.com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} accepted");
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert!(Email::parse(&long).is_err());
    }

    #[test]
    fn usernames_are_3_to_20_word_characters() {
        assert!(Username::parse("abc").is_ok());
        assert!(Username::parse("Player_One_2024_xyz1").is_ok());
        for bad in [
            "ab",
            "a".repeat(21).as_str(),
            "has space",
            "émile",
            "a-b-c",
            "",
        ] {
            assert!(Username::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn derived_usernames_are_always_valid() {
        for (hint, suffix) in [
            ("Alice Smith", "a1b2"),
            ("", "zz"),
            ("日本", "x9"),
            ("a-very-long-display-name-indeed", "12345678"),
            ("bob", ""),
        ] {
            let name = Username::derive(hint, suffix);
            assert!(Username::parse(name.as_str()).is_ok(), "{name}");
        }
    }

    #[test]
    fn passwords_are_8_to_128_characters_and_never_printed() {
        assert!(Password::parse("short".into()).is_err());
        assert!(Password::parse("x".repeat(129)).is_err());
        let p = Password::parse("correct horse".into()).unwrap();
        assert_eq!(format!("{p:?}"), "Password(***)");
        // Counted in characters, not bytes.
        assert!(Password::parse("é".repeat(100)).is_ok());
    }

    #[test]
    fn avatar_urls_must_be_http() {
        assert!(AvatarUrl::parse("https://cdn.example.com/a.png").is_ok());
        assert!(AvatarUrl::parse("javascript:alert(1)").is_err());
        assert!(AvatarUrl::parse("not a url").is_err());
        assert!(AvatarUrl::parse(&format!("https://x.io/{}", "a".repeat(2048))).is_err());
    }
}
