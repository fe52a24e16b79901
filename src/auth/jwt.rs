//! API access tokens: HS256 JSON Web Tokens with a key id. Only HS256 is accepted (`none` and
//! algorithm swaps fail), the key id must be configured, and time checks use the app clock so
//! tests control expiry.

use std::collections::BTreeMap;

use jsonwebtoken::{
    Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, decode_header, encode,
};
use serde::{Deserialize, Serialize};

use super::token::hmac_bytes;
use crate::config::Config;

pub const AUDIENCE: &str = "eschool-api";

/// What an access token says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    /// The user id.
    pub sub: String,
    pub exp: i64,
    pub nbf: i64,
    pub iat: i64,
    pub jti: String,
    /// The school the token acts in.
    pub school: Option<i64>,
    /// Role codes in that school at issue time.
    pub roles: Vec<String>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TokenError {
    #[error("malformed or wrongly signed token")]
    Invalid,
    #[error("token signed with an unknown key id")]
    UnknownKey,
    #[error("token expired")]
    Expired,
    #[error("token not yet valid")]
    NotYetValid,
}

/// Signing and verification keys by key id.
pub struct JwtKeys {
    active: String,
    keys: BTreeMap<String, (EncodingKey, DecodingKey)>,
    issuer: String,
}

impl std::fmt::Debug for JwtKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtKeys")
            .field("active", &self.active)
            .finish_non_exhaustive()
    }
}

impl JwtKeys {
    /// One key per configured id, each derived from the master JWT key.
    pub fn from_config(root: &[u8; 32], config: &Config) -> Self {
        let mut ids: Vec<String> = config
            .jwt_accepted_key_ids
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(ToOwned::to_owned)
            .collect();
        ids.push(config.jwt_key_id.clone());
        let keys = ids
            .into_iter()
            .map(|id| {
                let secret = hmac_bytes(root, format!("kid:{id}").as_bytes());
                (
                    id,
                    (
                        EncodingKey::from_secret(&secret),
                        DecodingKey::from_secret(&secret),
                    ),
                )
            })
            .collect();
        let issuer = config
            .public_url
            .clone()
            .unwrap_or_else(|| "eschool".into());
        Self {
            active: config.jwt_key_id.clone(),
            keys,
            issuer,
        }
    }

    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// Signs claims with the active key.
    pub fn sign(&self, claims: &Claims) -> Result<String, jsonwebtoken::errors::Error> {
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(self.active.clone());
        let key = self.keys.get(&self.active).map(|(e, _)| e);
        match key {
            Some(key) => encode(&header, claims, key),
            None => Err(jsonwebtoken::errors::ErrorKind::InvalidKeyFormat.into()),
        }
    }

    /// Verifies signature, algorithm, key id, issuer and audience, then time against `now_secs`.
    pub fn verify(&self, token: &str, now_secs: i64) -> Result<Claims, TokenError> {
        let header = decode_header(token).map_err(|_| TokenError::Invalid)?;
        if header.alg != Algorithm::HS256 {
            return Err(TokenError::Invalid);
        }
        let kid = header.kid.ok_or(TokenError::UnknownKey)?;
        let (_, key) = self.keys.get(&kid).ok_or(TokenError::UnknownKey)?;
        let mut validation = Validation::new(Algorithm::HS256);
        validation.validate_exp = false;
        validation.validate_nbf = false;
        validation.set_audience(&[AUDIENCE]);
        validation.set_issuer(&[&self.issuer]);
        validation.set_required_spec_claims(&["exp", "nbf", "iat", "iss", "aud", "sub"]);
        let claims = decode::<Claims>(token, key, &validation)
            .map_err(|_| TokenError::Invalid)?
            .claims;
        if claims.exp <= now_secs {
            return Err(TokenError::Expired);
        }
        if claims.nbf > now_secs + 30 {
            return Err(TokenError::NotYetValid);
        }
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};

    use super::*;

    fn keys(active: &str, accepted: &str) -> JwtKeys {
        let config = Config {
            jwt_key_id: active.into(),
            jwt_accepted_key_ids: accepted.into(),
            ..Config::default()
        };
        JwtKeys::from_config(&[7; 32], &config)
    }

    fn claims(now: i64) -> Claims {
        Claims {
            iss: "eschool".into(),
            aud: AUDIENCE.into(),
            sub: "42".into(),
            exp: now + 3600,
            nbf: now,
            iat: now,
            jti: "j".into(),
            school: Some(1),
            roles: vec!["teacher".into()],
        }
    }

    #[test]
    fn signed_tokens_verify_until_they_expire() {
        let k = keys("k1", "");
        let token = k.sign(&claims(1000)).unwrap();
        assert_eq!(k.verify(&token, 1000).unwrap().sub, "42");
        assert_eq!(k.verify(&token, 4600), Err(TokenError::Expired));
        assert_eq!(k.verify(&token, 100), Err(TokenError::NotYetValid));
    }

    #[test]
    fn alg_none_and_alg_swaps_are_rejected() {
        let k = keys("k1", "");
        let token = k.sign(&claims(1000)).unwrap();
        let payload = token.split('.').nth(1).unwrap();
        for header in [
            r#"{"alg":"none","typ":"JWT","kid":"k1"}"#,
            r#"{"alg":"HS512","typ":"JWT","kid":"k1"}"#,
        ] {
            let forged = format!("{}.{payload}.", URL_SAFE_NO_PAD.encode(header));
            assert!(k.verify(&forged, 1000).is_err(), "{header}");
        }
        let mut tampered = claims(1000);
        tampered.sub = "1".into();
        let other = keys("k1", "");
        let forged = JwtKeys::from_config(&[8; 32], &Config::default())
            .sign(&tampered)
            .unwrap();
        assert_eq!(
            other.verify(&forged, 1000),
            Err(TokenError::Invalid),
            "another key's signature"
        );
    }

    #[test]
    fn key_ids_rotate() {
        let old = keys("k1", "");
        let token = old.sign(&claims(1000)).unwrap();
        assert!(
            keys("k2", "k1").verify(&token, 1000).is_ok(),
            "still accepted during rotation"
        );
        assert_eq!(
            keys("k2", "").verify(&token, 1000),
            Err(TokenError::UnknownKey)
        );
    }

    #[test]
    fn wrong_audience_or_issuer_is_rejected() {
        let k = keys("k1", "");
        let mut c = claims(1000);
        c.aud = "someone-else".into();
        assert_eq!(
            k.verify(&k.sign(&c).unwrap(), 1000),
            Err(TokenError::Invalid)
        );
        let mut c = claims(1000);
        c.iss = "evil".into();
        assert_eq!(
            k.verify(&k.sign(&c).unwrap(), 1000),
            Err(TokenError::Invalid)
        );
    }
}
