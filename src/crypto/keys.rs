//! Where encryption keys come from: the environment (`ESCHOOL_ENCRYPTION_KEYS`,
//! `ESCHOOL_ENCRYPTION_ACTIVE_KEY`, `ESCHOOL_BLIND_INDEX_KEY`) or a key file
//! (`ESCHOOL_ENCRYPTION_KEYS_FILE`, default `<data_dir>/encryption-keys.toml`, created with a
//! first key when absent). Never the database.

use std::{collections::BTreeMap, path::Path};

use base64::{Engine, engine::general_purpose::STANDARD};
use serde::{Deserialize, Serialize};

use super::Keyring;
use crate::{app::write_private, config::Config};

/// The key file: every key by id, which one encrypts new values, and the blind-index key.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeyFile {
    pub active: String,
    pub blind_index: String,
    pub keys: BTreeMap<String, String>,
}

const HEADER: &str = "# eSchool field-encryption keys. Keep this file secret and back it up with the\n\
# database: without it, encrypted fields (national IDs, medical notes) cannot be read.\n\
# `eschool rotate-key --new-key` adds a key here and re-encrypts everything with it.\n";

fn random_key() -> String {
    STANDARD.encode(rand::random::<[u8; 32]>())
}

fn decode_key(what: &str, b64: &str) -> anyhow::Result<[u8; 32]> {
    let bytes = STANDARD
        .decode(b64.trim())
        .map_err(|_| anyhow::anyhow!("{what} is not valid base64"))?;
    bytes
        .try_into()
        .map_err(|_| anyhow::anyhow!("{what} must be 32 bytes (base64 of 32 random bytes)"))
}

impl KeyFile {
    /// A new file with one key, whose id is `prefix` plus a random suffix.
    pub fn generate(id: &str) -> Self {
        let mut keys = BTreeMap::new();
        keys.insert(id.to_owned(), random_key());
        Self {
            active: id.to_owned(),
            blind_index: random_key(),
            keys,
        }
    }

    /// `base`, or `base-2`, `base-3`… if a key already has that id (two keys made within the
    /// same second).
    pub fn unused_key_id(&self, base: &str) -> String {
        let mut id = base.to_owned();
        let mut n = 1;
        while self.keys.contains_key(&id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        id
    }

    /// Adds a fresh key and makes it the active one.
    pub fn add_active_key(&mut self, id: &str) -> anyhow::Result<()> {
        anyhow::ensure!(!self.keys.contains_key(id), "key id {id} already exists");
        self.keys.insert(id.to_owned(), random_key());
        self.active = id.to_owned();
        Ok(())
    }

    pub fn read(path: &Path) -> anyhow::Result<Option<Self>> {
        match std::fs::read_to_string(path) {
            Ok(text) => Ok(Some(toml::from_str(&text)?)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    pub fn write(&self, path: &Path) -> anyhow::Result<()> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        write_private(path, &format!("{HEADER}{}", toml::to_string(self)?))?;
        Ok(())
    }

    pub fn keyring(&self) -> anyhow::Result<Keyring> {
        let mut keys = BTreeMap::new();
        for (id, b64) in &self.keys {
            keys.insert(
                id.clone(),
                decode_key(&format!("encryption key {id}"), b64)?,
            );
        }
        Keyring::new(
            &self.active,
            &keys,
            decode_key("blind index key", &self.blind_index)?,
        )
    }
}

/// The key id given to a generated key: `k` and the date, e.g. `k20261125`.
pub fn new_key_id(now: jiff::Timestamp) -> String {
    format!("k{}", now.strftime("%Y%m%d%H%M%S"))
}

/// Loads the keyring from configuration, creating the key file on first use when no keys are
/// configured at all.
pub fn load_keyring(config: &Config, now: jiff::Timestamp) -> anyhow::Result<Keyring> {
    if let Some(list) = &config.encryption_keys {
        let mut keys = BTreeMap::new();
        for entry in list
            .expose()
            .split(',')
            .map(str::trim)
            .filter(|e| !e.is_empty())
        {
            let (id, b64) = entry.split_once(':').ok_or_else(|| {
                anyhow::anyhow!("ESCHOOL_ENCRYPTION_KEYS entries are id:base64key")
            })?;
            keys.insert(
                id.trim().to_owned(),
                decode_key(&format!("encryption key {id}"), b64)?,
            );
        }
        let active = match &config.encryption_active_key {
            Some(a) => a.clone(),
            None => keys
                .keys()
                .last()
                .cloned()
                .ok_or_else(|| anyhow::anyhow!("ESCHOOL_ENCRYPTION_KEYS is empty"))?,
        };
        let blind = config.blind_index_key.as_ref().ok_or_else(|| {
            anyhow::anyhow!("ESCHOOL_BLIND_INDEX_KEY is required with ESCHOOL_ENCRYPTION_KEYS")
        })?;
        return Keyring::new(
            &active,
            &keys,
            decode_key("ESCHOOL_BLIND_INDEX_KEY", blind.expose())?,
        );
    }
    let path = config.encryption_keys_file();
    let file = match KeyFile::read(&path)? {
        Some(file) => file,
        None => {
            let file = KeyFile::generate(&new_key_id(now));
            file.write(&path)?;
            tracing::info!(path = %path.display(), "generated the field-encryption key file");
            file
        }
    };
    file.keyring()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Secret;

    #[test]
    fn key_file_is_created_once_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config {
            data_dir: dir.path().to_owned(),
            ..Config::default()
        };
        let now: jiff::Timestamp = "2026-11-25T08:00:00Z".parse().unwrap();
        let first = load_keyring(&config, now).unwrap();
        let value = first.encrypt(super::super::Purpose::Medical, 1, "secret note");
        let again = load_keyring(&config, now).unwrap();
        assert_eq!(
            again
                .decrypt(super::super::Purpose::Medical, 1, &value)
                .unwrap()
                .expose(),
            "secret note"
        );
        let text = std::fs::read_to_string(config.encryption_keys_file()).unwrap();
        assert!(text.starts_with("# eSchool field-encryption keys"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(config.encryption_keys_file())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0, "only the owner can read the key file");
        }
    }

    #[test]
    fn keys_from_the_environment() {
        let k1 = STANDARD.encode([1u8; 32]);
        let k2 = STANDARD.encode([2u8; 32]);
        let config = Config {
            encryption_keys: Some(Secret::new(format!("old:{k1}, new:{k2}"))),
            encryption_active_key: Some("new".into()),
            blind_index_key: Some(Secret::new(STANDARD.encode([3u8; 32]))),
            ..Config::default()
        };
        let ring = load_keyring(&config, jiff::Timestamp::UNIX_EPOCH).unwrap();
        assert_eq!(ring.active_key_id(), "new");
        let bad = Config {
            encryption_keys: Some(Secret::new("k:tooshort")),
            ..config
        };
        assert!(load_keyring(&bad, jiff::Timestamp::UNIX_EPOCH).is_err());
    }
}
