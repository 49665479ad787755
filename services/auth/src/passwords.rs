//! Password hashing with argon2id, on the blocking pool and bounded in concurrency so a login
//! flood cannot starve the executor or exhaust memory. Unknown accounts are checked against a
//! dummy hash so they take as long as a wrong password. A hash made with other parameters than
//! the configured ones is replaced at the next successful login.

use std::sync::Arc;

use anyhow::Context;
use argon2::{
    ARGON2ID_IDENT, Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier,
    Version,
};
use rand::RngCore;
use tokio::sync::Semaphore;

use crate::domain::Password;
use crate::error::AuthError;
use crate::settings::Argon2Settings;

/// Hashes and verifies passwords.
pub struct Passwords {
    params: Params,
    dummy_hash: Arc<str>,
    permits: Semaphore,
}

impl Passwords {
    /// Checks the parameters and computes the dummy hash with them.
    pub async fn new(settings: Argon2Settings) -> anyhow::Result<Self> {
        let params = Params::new(
            settings.memory_kib,
            settings.iterations,
            settings.parallelism,
            None,
        )
        .map_err(|e| anyhow::anyhow!("invalid argon2 parameters: {e}"))?;
        let mut random = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut random);
        let dummy: String = random.iter().map(|b| format!("{b:02x}")).collect();
        let hasher = argon2id(params.clone());
        let dummy_hash = tokio::task::spawn_blocking(move || {
            hasher
                .hash_password(dummy.as_bytes())
                .map(|h| h.to_string())
                .map_err(|e| anyhow::anyhow!("hashing the dummy password: {e}"))
        })
        .await
        .context("hashing task failed")??;
        // Each hash holds `memory_kib` of RAM: allow two per core at once, the rest queue.
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Ok(Passwords {
            params,
            dummy_hash: Arc::from(dummy_hash),
            permits: Semaphore::new(cores * 2),
        })
    }

    /// The argon2id PHC string of `password`, with a fresh random salt.
    pub async fn hash(&self, password: &Password) -> Result<String, AuthError> {
        self.hash_str(password.expose()).await
    }

    /// Like [`Passwords::hash`] for a password that passed login rather than the policy (a
    /// rehash keeps the password the user has).
    pub async fn hash_str(&self, password: &str) -> Result<String, AuthError> {
        let hasher = argon2id(self.params.clone());
        let secret = password.to_owned();
        self.blocking(move || {
            hasher
                .hash_password(secret.as_bytes())
                .map(|h| h.to_string())
                .map_err(|e| AuthError::internal(anyhow::anyhow!("hashing a password: {e}")))
        })
        .await
    }

    /// Whether `password` matches `hash`. Without a hash (unknown account, or one without a
    /// password) the dummy hash is checked instead, so the answer takes as long and is false.
    pub async fn verify(&self, password: &str, hash: Option<&str>) -> Result<bool, AuthError> {
        let verifier = argon2id(self.params.clone());
        let secret = password.to_owned();
        let (hash, real) = match hash {
            Some(h) => (Arc::from(h), true),
            None => (self.dummy_hash.clone(), false),
        };
        self.blocking(move || {
            // Parameters come from the stored PHC string, so old hashes keep verifying.
            let matches = verifier.verify_password(secret.as_bytes(), &*hash).is_ok();
            Ok(matches && real)
        })
        .await
    }

    /// Whether `stored` was made with another algorithm, version or cost than the configured
    /// one, so it should be replaced while the password is at hand.
    pub fn needs_rehash(&self, stored: &str) -> bool {
        let Ok(hash) = PasswordHash::new(stored) else {
            return true;
        };
        if hash.algorithm != ARGON2ID_IDENT || hash.version != Some(Version::V0x13.into()) {
            return true;
        }
        match Params::try_from(&hash) {
            Ok(p) => {
                p.m_cost() != self.params.m_cost()
                    || p.t_cost() != self.params.t_cost()
                    || p.p_cost() != self.params.p_cost()
            }
            Err(_) => true,
        }
    }

    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T, AuthError> + Send + 'static,
    ) -> Result<T, AuthError> {
        let _permit = self.permits.acquire().await.map_err(AuthError::internal)?;
        let span = tracing::Span::current();
        tokio::task::spawn_blocking(move || span.in_scope(work))
            .await
            .map_err(|e| AuthError::internal(anyhow::anyhow!("hashing task failed: {e}")))?
    }
}

fn argon2id(params: Params) -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cheap() -> Argon2Settings {
        Argon2Settings {
            memory_kib: 64,
            iterations: 1,
            parallelism: 1,
        }
    }

    #[tokio::test]
    async fn hashes_are_argon2id_and_verify_only_the_right_password() {
        let passwords = Passwords::new(cheap()).await.unwrap();
        let hash = passwords
            .hash(&Password::parse("correct horse".into()).unwrap())
            .await
            .unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=64,t=1,p=1$"), "{hash}");
        assert!(
            passwords
                .verify("correct horse", Some(&hash))
                .await
                .unwrap()
        );
        assert!(!passwords.verify("wrong horse", Some(&hash)).await.unwrap());
        assert!(!passwords.verify("correct horse", None).await.unwrap());
        assert!(!passwords.verify("x", Some("not a hash")).await.unwrap());
        assert!(!passwords.needs_rehash(&hash));
    }

    #[tokio::test]
    async fn hashes_with_other_parameters_need_a_rehash() {
        let passwords = Passwords::new(cheap()).await.unwrap();
        let stronger = Passwords::new(Argon2Settings {
            memory_kib: 128,
            ..cheap()
        })
        .await
        .unwrap();
        let old = stronger.hash_str("correct horse").await.unwrap();
        assert!(passwords.needs_rehash(&old));
        assert!(!stronger.needs_rehash(&old));
        assert!(passwords.verify("correct horse", Some(&old)).await.unwrap());
        let argon2i =
            "$argon2i$v=19$m=64,t=1,p=1$c29tZXNhbHQ$iWh06vD8Fy27wf9npn6FXWiCX4K6pW6Ue1Bnzz07Z8A";
        assert!(passwords.needs_rehash(argon2i));
        assert!(passwords.needs_rehash("garbage"));
    }

    #[tokio::test]
    async fn the_default_parameters_are_owasps_argon2id() {
        let defaults = crate::settings::AuthSettings::load(&std::collections::BTreeMap::<
            String,
            String,
        >::new())
        .unwrap()
        .argon2;
        let passwords = Passwords::new(defaults).await.unwrap();
        assert!(
            passwords
                .dummy_hash
                .starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{}",
            passwords.dummy_hash
        );
    }
}
