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

/// The manifest's text for `port` and `token`, keeping any other settings an
/// administrator put in `existing` (a fail mode, a timeout).
pub fn manifest(port: u16, token: &str, existing: Option<&str>) -> String {
    let mut data = existing
        .and_then(|text| serde_json::from_str::<serde_json::Value>(text).ok())
        .and_then(|old| old.get("data").and_then(|d| d.as_object()).cloned())
        .unwrap_or_default();
    data.insert("port".into(), port.into());
    data.insert("token".into(), token.into());
    let manifest = serde_json::json!({
        "name": ADDON_ID,
        "description": "sendguard: where the send hook listens",
        "type": "storage",
        "data": data,
    });
    let mut text = serde_json::to_string_pretty(&manifest).unwrap_or_default();
    text.push('\n');
    text
}

/// What the person must still do after the file is written.
pub fn next_step() -> &'static str {
    if cfg!(windows) {
        "レジストリ HKCU\\Software\\Mozilla\\ManagedStorage\\sendguard@sendguard.local の既定値にこのファイルのパスを設定し、Thunderbird を再起動してください (set that registry value to this file, then restart Thunderbird; the app does not write the registry yet)"
    } else {
        "Thunderbird を再起動すると有効になります (restart Thunderbird to apply)"
    }
}

/// Writes the manifest to `path`; readable by the user only, as it holds the token.
pub fn write_manifest(path: &Path, port: u16, token: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let existing = std::fs::read_to_string(path).ok();
    let partial = path.with_extension("json.partial");
    std::fs::write(&partial, manifest(port, token, existing.as_deref()))?;
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
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(
            &path,
            r#"{"name":"x","type":"storage","data":{"port":1,"token":"old","fail_mode":"block"}}"#,
        )
        .expect("admin file");
        write_manifest(&path, 47651, "ab12").expect("write");
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
        assert_eq!(json["name"], ADDON_ID);
        assert_eq!(json["type"], "storage");
        assert_eq!(json["data"]["port"], 47651);
        assert_eq!(json["data"]["token"], "ab12");
        assert_eq!(
            json["data"]["fail_mode"], "block",
            "the administrator's setting stays"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
