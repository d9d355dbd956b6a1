//! Finding and reading the policy files: the only I/O in the engine crate, done once at
//! start-up, never on the check path.
//!
//! Paths follow DESIGN.md: `ProjectDirs::from("jp", "sendguard", "sendguard")`; the
//! organisation policy is `$SENDGUARD_ORG_POLICY` (which must exist when set) or
//! `org-policy.toml` in the config dir (optional);
//! the user's policy is `policy.toml` there, unless `--rules PATH` names a file or a
//! directory (holding `policy.toml` or `default.toml`, and list files that replace the
//! shipped ones).

use super::{Layer, LayerKind, Policy, PolicyError, lists::LIST_FILES};
use std::path::{Path, PathBuf};

/// The config directory: `$SENDGUARD_CONFIG_DIR` when set (tests, portable installs;
/// the XDG variables mean nothing on Windows and macOS), else the platform's
/// (`~/.config/sendguard` on Linux, `%APPDATA%\sendguard\sendguard\config` on Windows).
pub fn config_dir() -> Option<PathBuf> {
    std::env::var_os("SENDGUARD_CONFIG_DIR")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            directories::ProjectDirs::from("jp", "sendguard", "sendguard")
                .map(|d| d.config_dir().to_path_buf())
        })
}

/// The folder of the organisation policy named by `$SENDGUARD_ORG_POLICY` (the file's
/// folder, or the path itself when it is a folder): where an organisation ships files
/// beside its policy, such as `organisations.csv`.
pub fn org_policy_dir() -> Option<PathBuf> {
    let path = PathBuf::from(std::env::var_os("SENDGUARD_ORG_POLICY").filter(|v| !v.is_empty())?);
    if path.is_dir() {
        Some(path)
    } else {
        path.parent().map(Path::to_path_buf)
    }
}

/// Load built-in < organisation < user (or `rules_override`).
pub fn load(rules_override: Option<&Path>) -> Result<Policy, PolicyError> {
    let mut layers = Vec::new();
    let config = config_dir();
    // An administrator who names an organisation policy means it: a missing file is an
    // error, not a silent fall-back to weaker defaults. The default location is optional.
    match std::env::var_os("SENDGUARD_ORG_POLICY").filter(|v| !v.is_empty()) {
        Some(path) => layers.push(read_layer(Path::new(&path), LayerKind::Organisation)?),
        None => {
            if let Some(path) = config
                .as_ref()
                .map(|c| c.join("org-policy.toml"))
                .filter(|p| p.exists())
            {
                layers.push(read_layer(&path, LayerKind::Organisation)?);
            }
        }
    }
    match rules_override {
        Some(path) => layers.push(read_layer(path, LayerKind::User)?),
        None => {
            if let Some(path) = config.map(|c| c.join("policy.toml")).filter(|p| p.exists()) {
                layers.push(read_layer(&path, LayerKind::User)?);
            }
        }
    }
    Policy::from_layers(&layers)
}

/// Read a policy file, or a directory with a policy file and list files.
pub fn read_layer(path: &Path, kind: LayerKind) -> Result<Layer, PolicyError> {
    let io = |source| PolicyError::Io {
        file: path.to_path_buf(),
        source,
    };
    if path.is_dir() {
        let toml_path = ["policy.toml", "default.toml"]
            .iter()
            .map(|n| path.join(n))
            .find(|p| p.exists());
        let toml = match &toml_path {
            Some(p) => std::fs::read_to_string(p).map_err(io)?,
            None => String::new(),
        };
        let mut lists = Vec::new();
        for name in LIST_FILES {
            let list_path = path.join(name);
            if list_path.exists() {
                lists.push((
                    name.to_owned(),
                    std::fs::read_to_string(&list_path).map_err(io)?,
                ));
            }
        }
        let origin = toml_path.unwrap_or_else(|| path.to_path_buf());
        Ok(Layer {
            kind,
            origin: origin.display().to_string(),
            toml,
            lists,
        })
    } else {
        Ok(Layer {
            kind,
            origin: path.display().to_string(),
            toml: std::fs::read_to_string(path).map_err(io)?,
            lists: Vec::new(),
        })
    }
}
