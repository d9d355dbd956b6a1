//! The bearer token: 256 random bits, created once, readable only by the user.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The token's file name in the config directory.
pub const TOKEN_FILE_NAME: &str = "hook-token";

/// `hook-token` in the per-user config directory.
pub fn default_token_path() -> Option<PathBuf> {
    sendguard_engine::policy::files::config_dir().map(|d| d.join(TOKEN_FILE_NAME))
}

/// Reads the token at `path`, or creates it (mode 0600 on Unix) with 256 random bits
/// in hex. A file that holds no usable token is an error, not silently replaced: an
/// add-in may already be configured with it.
pub fn load_or_create_token(path: &Path) -> std::io::Result<String> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let token = text.trim().to_owned();
            if token.len() < 32 || !token.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!(
                        "{}: トークンが不正です。ファイルを削除すると作り直します (not a valid token; delete the file to create a new one)",
                        path.display()
                    ),
                ));
            }
            Ok(token)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => create(path),
        Err(e) => Err(e),
    }
}

fn create(path: &Path) -> std::io::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(token.as_bytes())?;
    file.write_all(b"\n")?;
    file.sync_all()?;
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_created_once_with_mode_0600() {
        let dir = std::env::temp_dir().join(format!("sendguard-token-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("hook-token");
        let first = load_or_create_token(&path).expect("create");
        assert_eq!(first.len(), 64);
        assert_eq!(load_or_create_token(&path).expect("read"), first);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(&path, "short").expect("write");
        assert!(load_or_create_token(&path).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
