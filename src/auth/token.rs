//! Random tokens, their storage hashes, and HMAC-bound CSRF tokens.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

/// Keys derived from the configured secret, one per purpose.
#[derive(Clone)]
pub struct Keys {
    pub csrf: [u8; 32],
    /// Root of the API token signing keys (one per key id, see `auth::jwt`).
    pub jwt: [u8; 32],
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys([redacted])")
    }
}

impl Keys {
    /// Derives purpose keys from the master secret, so one leak does not serve every purpose.
    pub fn derive(master: &[u8]) -> Self {
        Self {
            csrf: hmac_bytes(master, b"eschool/csrf/v1"),
            jwt: hmac_bytes(master, b"eschool/jwt/v1"),
        }
    }
}

#[expect(clippy::expect_used, reason = "HMAC accepts keys of any length")]
pub(crate) fn hmac_bytes(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("any key length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// 256 random bits, URL-safe.
pub fn random_token() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

/// How a token is stored: its SHA-256, hex. A database leak does not leak live sessions.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The CSRF token for a session (or anonymous visitor) token: unforgeable without the key,
/// and different for every session.
pub fn csrf_token(key: &[u8; 32], subject: &str) -> String {
    URL_SAFE_NO_PAD.encode(hmac_bytes(key, subject.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_long() {
        let a = random_token();
        assert_ne!(a, random_token());
        assert_eq!(a.len(), 43);
    }

    #[test]
    fn csrf_tokens_depend_on_key_and_subject() {
        let k1 = Keys::derive(b"one").csrf;
        let k2 = Keys::derive(b"two").csrf;
        assert_eq!(csrf_token(&k1, "s"), csrf_token(&k1, "s"));
        assert_ne!(csrf_token(&k1, "s"), csrf_token(&k1, "t"));
        assert_ne!(csrf_token(&k1, "s"), csrf_token(&k2, "s"));
    }

    #[test]
    fn stored_hash_is_not_the_token() {
        let t = random_token();
        assert_ne!(hash_token(&t), t);
        assert_eq!(hash_token(&t).len(), 64);
    }
}
