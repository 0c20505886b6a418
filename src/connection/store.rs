//! Refresh tokens kept by `sortie login`: one file per connection name in the user's state
//! directory (`$XDG_STATE_HOME/sortie/tokens/NAME.json`, else
//! `~/.local/state/sortie/tokens/NAME.json`), the directories mode 0700 and the files 0600.
//!
//! A file also records the token URL and client id it was obtained for, so that a token is
//! never sent to another server that happens to use the same connection name.

use super::error::ConnectionError;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{is_valid_name, OAuthConfig};

/// What is kept for one connection.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredToken {
    /// The refresh token (a secret).
    pub refresh_token: String,
    /// The token endpoint it was obtained from.
    pub token_url: String,
    /// The client it was issued to.
    pub client_id: String,
    /// When it was saved, in seconds since 1970.
    #[serde(default)]
    pub saved_at: u64,
}

impl std::fmt::Debug for StoredToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredToken")
            .field("token_url", &self.token_url)
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

/// Where refresh tokens are kept; `None` when there is no state directory (no `HOME`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TokenStore {
    dir: Option<PathBuf>,
}

impl TokenStore {
    /// The user's store: `$XDG_STATE_HOME/sortie` (an absolute path) or
    /// `$HOME/.local/state/sortie`.
    pub fn from_env() -> Self {
        let xdg = std::env::var_os("XDG_STATE_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute());
        let base = xdg.or_else(|| {
            std::env::var_os("HOME")
                .filter(|h| !h.is_empty())
                .map(|h| Path::new(&h).join(".local").join("state"))
        });
        TokenStore {
            dir: base.map(|b| b.join("sortie")),
        }
    }

    /// A store in `dir` (tests).
    pub fn at(dir: impl Into<PathBuf>) -> Self {
        TokenStore {
            dir: Some(dir.into()),
        }
    }

    /// The file for connection `name`.
    pub fn path(&self, name: &str) -> Result<PathBuf, ConnectionError> {
        if !is_valid_name(name) {
            return Err(ConnectionError::Store(format!(
                "invalid connection name '{name}': use letters, digits, '_' or '-'"
            )));
        }
        let dir = self.dir.as_ref().ok_or_else(|| {
            ConnectionError::Store("no state directory: set XDG_STATE_HOME or HOME".into())
        })?;
        Ok(dir.join("tokens").join(format!("{name}.json")))
    }

    /// The token saved for `name`, if any.
    pub fn load(&self, name: &str) -> Result<Option<StoredToken>, ConnectionError> {
        let path = self.path(name)?;
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(ConnectionError::Store(format!(
                    "cannot read {}: {e}",
                    path.display()
                )))
            }
        };
        serde_json::from_str(&text).map(Some).map_err(|e| {
            ConnectionError::Store(format!(
                "{} is damaged ({e}); run 'sortie login {name}' again",
                path.display()
            ))
        })
    }

    /// Saves `refresh_token` for `name`, readable by the user only; returns the file.
    pub fn save(
        &self,
        name: &str,
        config: &OAuthConfig,
        refresh_token: &str,
    ) -> Result<PathBuf, ConnectionError> {
        let path = self.path(name)?;
        let dir = path.parent().unwrap_or(Path::new("."));
        create_private_dir(dir)
            .map_err(|e| ConnectionError::Store(format!("cannot create {}: {e}", dir.display())))?;
        let stored = StoredToken {
            refresh_token: refresh_token.to_string(),
            token_url: config.token_url.clone(),
            client_id: config.client_id.clone(),
            saved_at: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
        };
        let text = serde_json::to_string_pretty(&stored)
            .map_err(|e| ConnectionError::Store(e.to_string()))?;
        // Written next to the file then renamed, so a reader never sees half a token.
        let tmp = dir.join(format!(".{name}.json.{}.tmp", std::process::id()));
        let write = || -> std::io::Result<()> {
            let mut file = private_file(&tmp)?;
            file.write_all(text.as_bytes())?;
            file.sync_all()?;
            std::fs::rename(&tmp, &path)
        };
        write().map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            ConnectionError::Store(format!("cannot write {}: {e}", path.display()))
        })?;
        Ok(path)
    }

    /// Deletes the token of `name`; returns whether there was one.
    pub fn remove(&self, name: &str) -> Result<bool, ConnectionError> {
        let path = self.path(name)?;
        match std::fs::remove_file(&path) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(ConnectionError::Store(format!(
                "cannot delete {}: {e}",
                path.display()
            ))),
        }
    }
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    // An existing directory is tightened too: it holds credentials.
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    if let Some(parent) = dir
        .parent()
        .filter(|p| p.file_name().is_some_and(|n| n == "sortie"))
    {
        std::fs::set_permissions(parent, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

#[cfg(unix)]
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connection::Flow;

    fn config() -> OAuthConfig {
        OAuthConfig {
            flow: Flow::AuthorizationCode,
            token_url: "http://127.0.0.1:1/token".into(),
            refresh_url: "http://127.0.0.1:1/token".into(),
            authorize_url: None,
            client_id: "cli".into(),
            client_secret: None,
            scopes: vec![],
            headers: vec![],
            params: vec![],
            refresh_token: None,
            redirect_uri: String::new(),
            network: Default::default(),
        }
    }

    #[test]
    fn saves_loads_and_removes_privately() {
        let dir = std::env::temp_dir().join(format!("sortie-store-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let store = TokenStore::at(dir.join("sortie"));
        assert_eq!(store.load("billing").unwrap(), None);
        let path = store.save("billing", &config(), "r-1").unwrap();
        let loaded = store.load("billing").unwrap().unwrap();
        assert_eq!(loaded.refresh_token, "r-1");
        assert_eq!(loaded.client_id, "cli");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&path), 0o600);
            assert_eq!(mode(path.parent().unwrap()), 0o700);
            assert_eq!(mode(&dir.join("sortie")), 0o700);
        }
        store.save("billing", &config(), "r-2").unwrap();
        assert_eq!(store.load("billing").unwrap().unwrap().refresh_token, "r-2");
        assert!(store.remove("billing").unwrap());
        assert!(!store.remove("billing").unwrap());
        assert!(store.path("../x").is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
