//! Reading and writing tenant fixture files: the file-system side of `model::fixture`.
//!
//! Saving is atomic (a temporary file in the same folder, flushed, then renamed over the target), so a crash or a
//! full disk never leaves a half-written tenant behind.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::model::{self, FixtureError, Tenant};

#[derive(Debug, thiserror::Error)]
pub enum PersistError {
    /// The file could not be read or written.
    #[error("{}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file was read but is not a valid tenant.
    #[error("{}", path.display())]
    Fixture {
        path: PathBuf,
        #[source]
        source: FixtureError,
    },
}

/// Reads and validates a tenant fixture file.
pub fn load_tenant(path: &Path) -> Result<Tenant, PersistError> {
    let text = std::fs::read_to_string(path).map_err(|source| PersistError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    model::from_json(&text).map_err(|source| PersistError::Fixture {
        path: path.to_path_buf(),
        source,
    })
}

/// Writes a tenant fixture file atomically.
pub fn save_tenant(path: &Path, tenant: &Tenant) -> Result<(), PersistError> {
    write_atomically(path, model::to_json(tenant).as_bytes())
}

/// Writes `bytes` to `path` through a temporary sibling file and a rename.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), PersistError> {
    let io = |source| PersistError::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io)
}
