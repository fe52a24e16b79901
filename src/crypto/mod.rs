//! Encryption of sensitive fields (AES-256-GCM) and keyed blind indexes (HMAC-SHA-256).
//!
//! A stored value reads `v1.<key id>.<nonce>.<ciphertext+tag>` (base64url). The key id says
//! which key decrypts it, so keys can rotate while old values stay readable; the associated
//! data binds the value to its purpose and school, so a ciphertext copied to another column or
//! another school fails to decrypt instead of being shown. Tampering fails the same way.
//!
//! Keys come from configuration (environment or a key file), never from the database. A blind
//! index is `HMAC(blind key, purpose ‖ school ‖ normalised value)`: equal values give equal
//! indexes, so exact lookups work without decrypting, and without the key it reveals nothing.

pub mod keys;

use std::collections::BTreeMap;

use aes_gcm::{
    Aes256Gcm, KeyInit, Nonce,
    aead::{Aead, Payload},
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use sha2::Sha256;

pub use keys::{KeyFile, load_keyring};

use crate::config::Secret;

/// What a protected value is; part of the associated data and of the blind index input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    NationalId,
    Medical,
}

impl Purpose {
    fn label(self) -> &'static str {
        match self {
            Purpose::NationalId => "student.national_id",
            Purpose::Medical => "student.medical",
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CryptoError {
    #[error("the stored value is not in a known format")]
    Malformed,
    #[error("the value was encrypted with key {0}, which is not configured")]
    UnknownKey(String),
    #[error("the value failed authentication (tampered, or moved from another field or school)")]
    Tampered,
    #[error("the decrypted value is not UTF-8")]
    NotText,
}

/// The configured keys: every key that may have encrypted a stored value, the active one for
/// new values, and the blind-index key.
pub struct Keyring {
    active: String,
    ciphers: BTreeMap<String, Aes256Gcm>,
    blind: [u8; 32],
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keyring")
            .field("active", &self.active)
            .field("key_ids", &self.ciphers.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

const PREFIX: &str = "v1";

impl Keyring {
    /// Builds a keyring; `keys` maps key ids to 32-byte keys.
    pub fn new(
        active: &str,
        keys: &BTreeMap<String, [u8; 32]>,
        blind: [u8; 32],
    ) -> anyhow::Result<Self> {
        anyhow::ensure!(
            keys.contains_key(active),
            "the active encryption key {active} is not among the keys"
        );
        for id in keys.keys() {
            anyhow::ensure!(
                !id.is_empty()
                    && id
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
                "encryption key ids use letters, digits, '-' and '_' only"
            );
        }
        let ciphers = keys
            .iter()
            .map(|(id, k)| (id.clone(), Aes256Gcm::new(&(*k).into())))
            .collect();
        Ok(Self {
            active: active.to_owned(),
            ciphers,
            blind,
        })
    }

    pub fn active_key_id(&self) -> &str {
        &self.active
    }

    fn aad(purpose: Purpose, school_id: i64) -> String {
        format!("eschool/{}/{school_id}", purpose.label())
    }

    /// Encrypts with the active key and a fresh random nonce.
    #[expect(
        clippy::expect_used,
        reason = "the active key is checked to exist in `new`"
    )]
    pub fn encrypt(&self, purpose: Purpose, school_id: i64, plaintext: &str) -> String {
        let cipher = self.ciphers.get(&self.active).expect("active key present");
        let nonce_bytes: [u8; 12] = rand::random();
        let nonce = Nonce::from(nonce_bytes);
        let aad = Self::aad(purpose, school_id);
        // AES-GCM encryption only fails for messages beyond 64 GiB.
        let ciphertext = cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: aad.as_bytes(),
                },
            )
            .expect("AES-GCM encrypts any message under 64 GiB");
        format!(
            "{PREFIX}.{}.{}.{}",
            self.active,
            URL_SAFE_NO_PAD.encode(nonce_bytes),
            URL_SAFE_NO_PAD.encode(ciphertext)
        )
    }

    /// Decrypts a stored value; any alteration is an error, never garbage.
    pub fn decrypt(
        &self,
        purpose: Purpose,
        school_id: i64,
        stored: &str,
    ) -> Result<Secret, CryptoError> {
        let (key_id, nonce, ciphertext) = parse(stored)?;
        let cipher = self
            .ciphers
            .get(key_id)
            .ok_or_else(|| CryptoError::UnknownKey(key_id.to_owned()))?;
        let aad = Self::aad(purpose, school_id);
        let plain = cipher
            .decrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: &ciphertext,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| CryptoError::Tampered)?;
        String::from_utf8(plain)
            .map(Secret::new)
            .map_err(|_| CryptoError::NotText)
    }

    /// Whether a stored value was encrypted with another key than the active one.
    pub fn needs_rotation(&self, stored: &str) -> bool {
        parse(stored)
            .map(|(key_id, _, _)| key_id != self.active)
            .unwrap_or(false)
    }

    /// The blind index of a value (normalised by the caller), hex.
    #[expect(clippy::expect_used, reason = "HMAC accepts keys of any length")]
    pub fn blind_index(&self, purpose: Purpose, school_id: i64, normalised: &str) -> String {
        let mut mac =
            <Hmac<Sha256> as hmac::KeyInit>::new_from_slice(&self.blind).expect("any key length");
        mac.update(purpose.label().as_bytes());
        mac.update(&[0]);
        mac.update(&school_id.to_be_bytes());
        mac.update(normalised.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

fn parse(stored: &str) -> Result<(&str, [u8; 12], Vec<u8>), CryptoError> {
    let mut parts = stored.split('.');
    let (Some(PREFIX), Some(key_id), Some(nonce), Some(ciphertext), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Err(CryptoError::Malformed);
    };
    let nonce: [u8; 12] = URL_SAFE_NO_PAD
        .decode(nonce)
        .ok()
        .and_then(|n| n.try_into().ok())
        .ok_or(CryptoError::Malformed)?;
    let ciphertext = URL_SAFE_NO_PAD
        .decode(ciphertext)
        .map_err(|_| CryptoError::Malformed)?;
    Ok((key_id, nonce, ciphertext))
}

/// A national identifier as compared: upper case, without spaces, dots or dashes.
pub fn normalise_national_id(raw: &str) -> String {
    raw.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(active: &str) -> Keyring {
        let mut keys = BTreeMap::new();
        keys.insert("k1".to_owned(), [1u8; 32]);
        keys.insert("k2".to_owned(), [2u8; 32]);
        Keyring::new(active, &keys, [9u8; 32]).unwrap()
    }

    #[test]
    fn round_trip_hides_the_plaintext() {
        let r = ring("k1");
        let stored = r.encrypt(Purpose::Medical, 7, "Asthme — Ventoline");
        assert!(stored.starts_with("v1.k1."), "{stored}");
        assert!(!stored.contains("Asthme"));
        assert_ne!(
            stored,
            r.encrypt(Purpose::Medical, 7, "Asthme — Ventoline"),
            "fresh nonce each time"
        );
        assert_eq!(
            r.decrypt(Purpose::Medical, 7, &stored).unwrap().expose(),
            "Asthme — Ventoline"
        );
    }

    #[test]
    fn tampering_is_detected_not_returned() {
        let r = ring("k1");
        let stored = r.encrypt(Purpose::NationalId, 1, "0123456789A");
        let mut bytes = stored.into_bytes();
        let last = bytes.len() - 3;
        bytes[last] = if bytes[last] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(bytes).unwrap();
        assert_eq!(
            r.decrypt(Purpose::NationalId, 1, &tampered),
            Err(CryptoError::Tampered)
        );
        assert_eq!(
            r.decrypt(Purpose::NationalId, 1, "not-encrypted"),
            Err(CryptoError::Malformed)
        );
    }

    #[test]
    fn values_are_bound_to_purpose_and_school() {
        let r = ring("k1");
        let stored = r.encrypt(Purpose::NationalId, 1, "0123456789A");
        assert_eq!(
            r.decrypt(Purpose::Medical, 1, &stored),
            Err(CryptoError::Tampered)
        );
        assert_eq!(
            r.decrypt(Purpose::NationalId, 2, &stored),
            Err(CryptoError::Tampered)
        );
    }

    #[test]
    fn old_keys_still_decrypt_after_rotation() {
        let old = ring("k1").encrypt(Purpose::Medical, 1, "PAI allergie");
        let r = ring("k2");
        assert!(r.needs_rotation(&old));
        assert_eq!(
            r.decrypt(Purpose::Medical, 1, &old).unwrap().expose(),
            "PAI allergie"
        );
        let new = r.encrypt(Purpose::Medical, 1, "PAI allergie");
        assert!(!r.needs_rotation(&new));
        let mut only_k2 = BTreeMap::new();
        only_k2.insert("k2".to_owned(), [2u8; 32]);
        let without_k1 = Keyring::new("k2", &only_k2, [9u8; 32]).unwrap();
        assert_eq!(
            without_k1.decrypt(Purpose::Medical, 1, &old),
            Err(CryptoError::UnknownKey("k1".into()))
        );
    }

    #[test]
    fn blind_indexes_match_equal_values_only() {
        let r = ring("k1");
        let a = r.blind_index(
            Purpose::NationalId,
            1,
            &normalise_national_id("0123 456 789-a"),
        );
        let b = r.blind_index(
            Purpose::NationalId,
            1,
            &normalise_national_id("0123456789A"),
        );
        assert_eq!(a, b);
        assert_ne!(a, r.blind_index(Purpose::NationalId, 1, "0123456789B"));
        assert_ne!(
            a,
            r.blind_index(Purpose::NationalId, 2, "0123456789A"),
            "per school"
        );
        assert_eq!(
            a,
            ring("k2").blind_index(Purpose::NationalId, 1, "0123456789A"),
            "rotation keeps lookups"
        );
    }

    #[test]
    fn keyring_debug_prints_no_key_material() {
        let printed = format!("{:?}", ring("k1"));
        assert!(
            printed.contains("k1") && !printed.contains("[1, 1"),
            "{printed}"
        );
    }
}
