//! 「Thunderbird に接続」: write the add-in's managed settings (port and token), so the
//! add-in finds the app without anyone pasting a token.
//!
//! Thunderbird reads managed storage from a JSON "native manifest" per add-in
//! (`{"name": <id>, "type": "storage", "data": {…}}`): on Linux
//! `~/.mozilla/managed-storage/<id>.json`, on macOS
//! `~/Library/Application Support/Mozilla/ManagedStorage/<id>.json`. On Windows the
//! file may live anywhere and a registry value under
//! `HKCU\Software\Mozilla\ManagedStorage\<id>` must name it; the app writes the file to
//! its config directory and says which registry value to set (writing the registry is
//! not done yet).

use std::path::{Path, PathBuf};

/// The add-in's id (`addins/thunderbird/manifest.json`).
pub const ADDON_ID: &str = "sendguard@sendguard.local";

/// Where Thunderbird looks for the add-in's managed settings on this platform.
pub fn managed_storage_path() -> Option<PathBuf> {
    let home = directories::BaseDirs::new()?.home_dir().to_path_buf();
    let file = format!("{ADDON_ID}.json");
    if cfg!(target_os = "macos") {
        Some(
            home.join("Library/Application Support/Mozilla/ManagedStorage")
                .join(file),
        )
    } else if cfg!(windows) {
        sendguard_engine::policy::files::config_dir()
            .map(|d| d.join("thunderbird-managed-storage.json"))
    } else {
        Some(home.join(".mozilla/managed-storage").join(file))
    }
}

/// The manifest's text for `port` and `token`.
pub fn manifest(port: u16, token: &str) -> String {
    let manifest = serde_json::json!({
        "name": ADDON_ID,
        "description": "sendguard: where the send hook listens",
        "type": "storage",
        "data": {"port": port, "token": token},
    });
    let mut text = serde_json::to_string_pretty(&manifest).unwrap_or_default();
    text.push('\n');
    text
}

/// Writes the manifest to `path`; readable by the user only, as it holds the token.
pub fn write_manifest(path: &Path, port: u16, token: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let partial = path.with_extension("json.partial");
    std::fs::write(&partial, manifest(port, token))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&partial, std::fs::Permissions::from_mode(0o600))?;
    }
    std::fs::rename(&partial, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manifest_names_the_addon_and_carries_port_and_token() {
        let dir = std::env::temp_dir().join(format!("sg-tb-{}", std::process::id()));
        let path = dir.join(format!("{ADDON_ID}.json"));
        write_manifest(&path, 47651, "ab12").expect("write");
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
        assert_eq!(json["name"], ADDON_ID);
        assert_eq!(json["type"], "storage");
        assert_eq!(json["data"]["port"], 47651);
        assert_eq!(json["data"]["token"], "ab12");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
