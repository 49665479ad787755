//! Password hashing with argon2id, on the blocking pool and bounded in concurrency so a login
//! flood cannot starve the executor or exhaust memory. Unknown accounts are checked against a
//! dummy hash so they take as long as a wrong password.

use std::sync::Arc;

use anyhow::Context;
use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};
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
        let hasher = argon2id(self.params.clone());
        let secret = password.expose().to_owned();
        self.blocking(move || {
            hasher
                .hash_password(secret.as_bytes())
                .map(|h| h.to_string())
                .map_err(|e| AuthError::Internal(anyhow::anyhow!("hashing a password: {e}")))
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

    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T, AuthError> + Send + 'static,
    ) -> Result<T, AuthError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| AuthError::Internal(e.into()))?;
        let span = tracing::Span::current();
        tokio::task::spawn_blocking(move || span.in_scope(work))
            .await
            .map_err(|e| AuthError::Internal(anyhow::anyhow!("hashing task failed: {e}")))?
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
