//! Typed configuration: defaults, then an optional TOML file, then environment variables
//! (`ESCHOOL_*`, plus the conventional `DATABASE_URL` and `REDIS_URL`). Documented in
//! docs/CONFIGURATION.md; keep the two in step.

use std::{fmt, net::SocketAddr, path::PathBuf};

use figment::{
    Figment,
    providers::{Env, Format, Serialized, Toml},
};
use serde::{Deserialize, Serialize};

/// A string that must never reach a log: `Debug` and `Display` print a placeholder.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself; call sites are easy to grep for.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// Address the HTTP server listens on.
    pub bind: SocketAddr,
    /// Where the SQLite file, the generated secret key and other files live.
    pub data_dir: PathBuf,
    /// `postgres://...` or `sqlite://...`; default: `sqlite://<data_dir>/eschool.db`.
    pub database_url: Option<Secret>,
    /// Maximum connections in the database pool.
    pub db_max_connections: u32,
    /// The URL users reach the server at; `https://` makes cookies `Secure`.
    pub public_url: Option<String>,
    /// Trust `X-Forwarded-For` / `X-Forwarded-Proto` from a reverse proxy.
    pub trust_proxy: bool,
    /// Key for signing CSRF tokens; default: generated once into `<data_dir>/secret.key`.
    /// Set it explicitly when several app servers share one database.
    pub secret_key: Option<Secret>,
    /// Hours a web session stays valid after login.
    pub session_hours: i64,
    /// Failed logins for one account before each further attempt is delayed.
    pub login_free_attempts: i64,
    /// Field-encryption keys as `id:base64,id:base64` (instead of the key file).
    pub encryption_keys: Option<Secret>,
    /// Which of `encryption_keys` encrypts new values (default: the last listed).
    pub encryption_active_key: Option<String>,
    /// Key of the blind indexes (base64 of 32 bytes); required with `encryption_keys`.
    pub blind_index_key: Option<Secret>,
    /// The key file used when `encryption_keys` is unset; default `<data_dir>/encryption-keys.toml`.
    pub encryption_keys_file: Option<PathBuf>,
    /// Key id that signs new API access tokens; keys are derived from `secret_key` per id.
    pub jwt_key_id: String,
    /// Other key ids still accepted when verifying access tokens (comma-separated), while
    /// tokens signed before a key change expire.
    pub jwt_accepted_key_ids: String,
    /// Minutes an API access token is valid.
    pub access_token_minutes: i64,
    /// Days an API refresh token is valid (each refresh issues a new one).
    pub refresh_token_days: i64,
    /// Days a chain of refreshed tokens may last in all, from the login that started it.
    pub refresh_family_days: i64,
    /// Password of every demo account, for scripted use; random when unset.
    pub demo_password: Option<Secret>,
    pub log_format: LogFormat,
    /// `tracing` filter, e.g. `info` or `eschool=debug,tower_http=info`.
    pub log_level: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("./data"),
            database_url: None,
            db_max_connections: 10,
            public_url: None,
            trust_proxy: false,
            secret_key: None,
            session_hours: 12,
            login_free_attempts: 5,
            jwt_key_id: "k1".into(),
            jwt_accepted_key_ids: String::new(),
            access_token_minutes: 60,
            refresh_token_days: 7,
            refresh_family_days: 30,
            encryption_keys: None,
            encryption_active_key: None,
            blind_index_key: None,
            encryption_keys_file: None,
            demo_password: None,
            log_format: LogFormat::Text,
            log_level: "info".into(),
        }
    }
}

impl Config {
    /// Loads defaults, then `ESCHOOL_CONFIG` (or `./eschool.toml` if present), then the environment.
    pub fn load() -> Result<Self, Box<figment::Error>> {
        let file = std::env::var("ESCHOOL_CONFIG").unwrap_or_else(|_| "eschool.toml".into());
        Figment::from(Serialized::defaults(Config::default()))
            .merge(Toml::file(file))
            .merge(Env::prefixed("ESCHOOL_").ignore(&["config", "test_postgres_url"]))
            .merge(Env::raw().only(&["database_url"]))
            .extract()
            .map_err(Box::new)
    }

    /// The database URL to use, defaulting to the SQLite file in the data directory.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.expose().to_owned(),
            None => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("eschool.db").display()
            ),
        }
    }

    /// The field-encryption key file.
    pub fn encryption_keys_file(&self) -> PathBuf {
        self.encryption_keys_file
            .clone()
            .unwrap_or_else(|| self.data_dir.join("encryption-keys.toml"))
    }

    /// Whether cookies must carry the `Secure` attribute regardless of the request.
    pub fn served_over_tls(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let config = Config {
            database_url: Some(Secret::new("postgres://u:hunter2@db/x")),
            secret_key: Some(Secret::new("abc123")),
            ..Config::default()
        };
        let printed = format!("{config:?}");
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(!printed.contains("abc123"), "{printed}");
    }

    #[test]
    fn default_database_is_sqlite_in_data_dir() {
        let config = Config {
            data_dir: "/srv/school".into(),
            ..Config::default()
        };
        assert_eq!(
            config.database_url(),
            "sqlite:///srv/school/eschool.db?mode=rwc"
        );
    }

    #[test]
    #[expect(
        clippy::result_large_err,
        reason = "figment's Jail API returns its own error type"
    )]
    fn environment_overrides_defaults() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("ESCHOOL_DATA_DIR", "/tmp/elsewhere");
            jail.set_env("DATABASE_URL", "postgres://localhost/eschool");
            jail.set_env("ESCHOOL_LOG_FORMAT", "json");
            let config = Config::load().map_err(|e| e.to_string())?;
            assert_eq!(config.data_dir, PathBuf::from("/tmp/elsewhere"));
            assert_eq!(config.database_url(), "postgres://localhost/eschool");
            assert_eq!(config.log_format, LogFormat::Json);
            Ok(())
        });
    }
}
