//! One relay per spool: `relay.lock` in the spool folder, held (an OS file lock, freed
//! by the OS when the process dies, even by SIGKILL) for as long as the relay runs. A
//! second relay on the same data folder is refused and told which process holds it.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

/// The held lock; dropping it (or the process ending) frees the spool.
#[derive(Debug)]
pub struct SpoolLock {
    _file: File,
    pub path: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum SpoolLockError {
    #[error(
        "別の sendguard relay（プロセス {pid}）がこの送信フォルダを使っています (another relay, process {pid}, holds {path})"
    )]
    Held { pid: String, path: PathBuf },
    #[error("送信フォルダ {path} を用意できません (cannot prepare the spool): {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl SpoolLock {
    /// Take the lock in `dir` (created when missing).
    pub fn acquire(dir: &Path) -> Result<SpoolLock, SpoolLockError> {
        let path = dir.join("relay.lock");
        let io = |source| SpoolLockError::Io {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(io)?;
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut pid = String::new();
                let _ = file.read_to_string(&mut pid);
                let pid = pid.trim();
                return Err(SpoolLockError::Held {
                    pid: if pid.is_empty() {
                        "?".into()
                    } else {
                        pid.into()
                    },
                    path,
                });
            }
            Err(TryLockError::Error(e)) => return Err(io(e)),
        }
        file.set_len(0).map_err(io)?;
        file.rewind().map_err(io)?;
        write!(file, "{}", std::process::id()).map_err(io)?;
        file.flush().map_err(io)?;
        Ok(SpoolLock { _file: file, path })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_refused_with_the_first_ones_pid() {
        let dir = std::env::temp_dir().join(format!("sg-relay-lock-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let first = SpoolLock::acquire(&dir).expect("first");
        match SpoolLock::acquire(&dir) {
            Err(SpoolLockError::Held { pid, .. }) => {
                assert_eq!(pid, std::process::id().to_string())
            }
            other => panic!("not refused: {other:?}"),
        }
        drop(first);
        SpoolLock::acquire(&dir).expect("free again after the first let go");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
