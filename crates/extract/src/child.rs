//! The child process that reads PDF and xls/xlsb/ods files: both sides of it.
//!
//! The parent ([`ChildProcess`], an [`Isolation`]) starts a program — sendguard's own
//! binary with a hidden argument, so there is nothing extra to install — writes one JSON
//! header line (the file's path and the [`Limits`]) and then the file's bytes to its
//! stdin, and reads the [`Extracted`] result as JSON from its stdout. It kills the child
//! at the deadline (`limits.max_millis`).
//!
//! The child ([`serve_child`]) first limits itself — address space to
//! `max_reader_memory_mib`, CPU time to the deadline plus a second — then reads with
//! [`read_untrusted`]. A stack overflow, an allocation beyond the limit or a parser
//! panic ends only the child; the parent reports the file as not read. Limits are set by
//! the child on itself so no `unsafe` `pre_exec` is needed. On Windows there is no
//! rlimit: only the deadline applies there (a Job object would bound memory; not done).

use std::ffi::OsString;
use std::io::{BufRead, Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::{Extracted, Isolation, IsolationFailure, Limits, read_untrusted};

/// The hidden argument that makes sendguard's binaries act as the reader child.
pub const CHILD_ARG: &str = "__read-attachment";

/// Largest answer accepted from a child: far above any bounded extraction.
const MAX_ANSWER_BYTES: u64 = 1 << 30;

/// What the parent sends before the file's bytes.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Header {
    path: String,
    limits: Limits,
}

/// Reads files in a child process started as `program args…`.
#[derive(Debug, Clone)]
pub struct ChildProcess {
    program: PathBuf,
    args: Vec<OsString>,
}

impl ChildProcess {
    /// A child started as `program args…`; it must call [`serve_child`].
    pub fn new(program: impl Into<PathBuf>, args: Vec<OsString>) -> ChildProcess {
        ChildProcess {
            program: program.into(),
            args,
        }
    }

    /// The running executable started with [`CHILD_ARG`]: for binaries whose `main`
    /// calls [`serve_child`] when that is their first argument.
    pub fn current_exe() -> Option<ChildProcess> {
        let exe = std::env::current_exe().ok()?;
        Some(ChildProcess::new(exe, vec![CHILD_ARG.into()]))
    }
}

impl Isolation for ChildProcess {
    fn read(
        &self,
        path: &str,
        bytes: &[u8],
        limits: &Limits,
    ) -> Result<Extracted, IsolationFailure> {
        let deadline = Instant::now() + Duration::from_millis(limits.max_millis);
        let header = serde_json::to_string(&Header {
            path: path.to_owned(),
            limits: limits.clone(),
        })
        .map_err(|e| IsolationFailure::Unavailable(e.to_string()))?;
        let mut child = Command::new(&self.program)
            .args(&self.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| IsolationFailure::Unavailable(e.to_string()))?;
        let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(IsolationFailure::Unavailable(
                "no pipes to the child".into(),
            ));
        };
        // Detached threads own their ends of the pipes: if the child left a grandchild
        // holding a pipe open, returning at the deadline must not wait for it.
        let request = [header.as_bytes(), b"\n", bytes].concat();
        std::thread::spawn(move || {
            // A child that dies early closes its stdin: a write error then is expected
            // and the exit status tells what happened.
            let _ = stdin.write_all(&request);
        });
        let (answer_tx, answer_rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut answer = Vec::new();
            let _ = stdout.take(MAX_ANSWER_BYTES).read_to_end(&mut answer);
            let _ = answer_tx.send(answer);
        });
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if Instant::now() >= deadline => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(IsolationFailure::TimedOut);
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(2)),
                Err(e) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(IsolationFailure::Crashed(e.to_string()));
                }
            }
        };
        if !status.success() {
            return Err(IsolationFailure::Crashed(describe_exit(&status)));
        }
        let left = deadline.saturating_duration_since(Instant::now());
        let answer = answer_rx
            .recv_timeout(left.max(Duration::from_millis(100)))
            .map_err(|_| IsolationFailure::TimedOut)?;
        serde_json::from_slice(&answer).map_err(|e| {
            IsolationFailure::Crashed(format!("unreadable answer from the reader: {e}"))
        })
    }
}

/// How the child ended, for the note.
fn describe_exit(status: &std::process::ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return match signal {
                9 | 24 => "stopped at its time or memory limit".to_owned(),
                6 => "aborted (memory limit or stack overflow)".to_owned(),
                11 | 7 => "crashed (stack overflow or invalid memory access)".to_owned(),
                other => format!("ended by signal {other}"),
            };
        }
    }
    match status.code() {
        Some(code) => format!("exit code {code}"),
        None => "ended abnormally".to_owned(),
    }
}

/// The child's side: read the header and the file from stdin, limit this process, read
/// the file and write the result to stdout. Returns the process exit code (0 when an
/// answer was written; 2 for a malformed request).
pub fn serve_child() -> i32 {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut line = Vec::new();
    if input
        .by_ref()
        .take(64 * 1024)
        .read_until(b'\n', &mut line)
        .is_err()
    {
        return 2;
    }
    let Ok(header) = serde_json::from_slice::<Header>(&line) else {
        return 2;
    };
    let mut bytes = Vec::new();
    let max = header.limits.max_bytes_per_file.saturating_add(1);
    if input.take(max).read_to_end(&mut bytes).is_err() {
        return 2;
    }
    limit_this_process(&header.limits);
    let out = read_untrusted(&header.path, &bytes, &header.limits);
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    if serde_json::to_writer(&mut w, &out).is_err() || w.flush().is_err() {
        return 1;
    }
    0
}

#[cfg(unix)]
fn limit_this_process(limits: &Limits) {
    use rlimit::{Resource, setrlimit};
    let memory = limits.max_reader_memory_mib.saturating_mul(1024 * 1024);
    let cpu_seconds = limits.max_millis.div_ceil(1000).saturating_add(1);
    // Failing to lower a limit leaves the parent's deadline in force; nothing else to do.
    let _ = setrlimit(Resource::AS, memory, memory);
    let _ = setrlimit(Resource::CPU, cpu_seconds, cpu_seconds.saturating_add(1));
}

#[cfg(not(unix))]
fn limit_this_process(_limits: &Limits) {}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn sh(script: &str) -> ChildProcess {
        ChildProcess::new("/bin/sh", vec!["-c".into(), script.into()])
    }

    fn limits(ms: u64) -> Limits {
        Limits {
            max_millis: ms,
            ..Limits::default()
        }
    }

    #[test]
    fn a_reader_that_hangs_is_stopped_at_the_deadline() {
        let started = Instant::now();
        let got = sh("sleep 30").read("a.pdf", b"%PDF-", &limits(300));
        assert_eq!(got, Err(IsolationFailure::TimedOut));
        assert!(started.elapsed() < Duration::from_secs(10));
    }

    #[test]
    fn a_reader_that_crashes_is_reported_as_crashed() {
        let got = sh("cat >/dev/null; kill -SEGV $$").read("a.pdf", b"%PDF-", &limits(5000));
        assert!(
            matches!(&got, Err(IsolationFailure::Crashed(why)) if why.contains("crashed")),
            "{got:?}"
        );
        let got = sh("cat >/dev/null; exit 3").read("a.pdf", b"%PDF-", &limits(5000));
        assert_eq!(got, Err(IsolationFailure::Crashed("exit code 3".into())));
    }

    #[test]
    fn nonsense_from_the_reader_is_not_taken_as_a_result() {
        let got = sh("cat >/dev/null; echo not-json").read("a.pdf", b"%PDF-", &limits(5000));
        assert!(matches!(got, Err(IsolationFailure::Crashed(_))), "{got:?}");
    }

    #[test]
    fn a_missing_reader_is_unavailable() {
        let reader = ChildProcess::new("/nonexistent/sendguard", Vec::new());
        let got = reader.read("a.pdf", b"%PDF-", &limits(5000));
        assert!(
            matches!(got, Err(IsolationFailure::Unavailable(_))),
            "{got:?}"
        );
    }

    #[test]
    fn the_answer_of_a_well_behaved_reader_is_returned() {
        // Echo the request's path back as a one-part result, as serve_child would.
        let answer = r#"{"parts":[{"path":"a.pdf","content":{"text":"本文"}}],"notes":[]}"#;
        let got = sh(&format!("cat >/dev/null; printf '%s' '{answer}'"))
            .read("a.pdf", b"%PDF-", &limits(5000))
            .expect("answer");
        assert_eq!(got.parts.len(), 1);
        assert_eq!(got.parts[0].content, crate::Content::Text("本文".into()));
    }
}
