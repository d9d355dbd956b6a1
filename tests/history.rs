//! The recipient history end to end, through the CLI as people use it: learn a Sent
//! folder (an mbox of one office worker's sent mail, `corpus::sent_folder`), then check
//! new drafts (`corpus::probes`) labelled with the history checks that should fire.
//!
//! `measured_on_the_probe_corpus` prints precision, recall and F1 per history check,
//! the false alarms on right sends and the share of right suggestions (run with
//! `--nocapture` to see the table), and holds the goals: F1 ≥ 0.90 per check, at most
//! one false alarm per 40 right sends, the suggestion right in ≥ 90 % of mismatches.
//!
//! Every test uses its own data and config directories: the machine's own history,
//! log and policy are never read.

#[path = "../crates/history/tests/support/corpus.rs"]
mod corpus;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use corpus::{Expect, HISTORY_CHECKS, Probe, World};
use serde_json::Value;

/// The Sent folder: enough mail for every label to hold (corpus::FULL_HISTORY).
const SENT_MESSAGES: usize = 240;
const SENT_SEED: u64 = 20_240_401;
const PROBE_SEED: u64 = 7;

/// A fresh directory under the target's temp dir, with `config` and `data` in it
/// (removed when the test passes, kept for a look when it fails).
fn tempdir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("history-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("config")).expect("create config dir");
    std::fs::create_dir_all(dir.join("data")).expect("create data dir");
    dir
}

fn sendguard(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sendguard"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("SENDGUARD_CONFIG_DIR", dir.join("config"))
        .env("SENDGUARD_DATA_DIR", dir.join("data"))
        .env_remove("SENDGUARD_ORG_POLICY")
        .env_remove("SENDGUARD_HISTORY")
        .env_remove("SENDGUARD_DB")
        .output()
        .expect("run sendguard")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// `sendguard history learn --format json`; the summary object.
fn learn(dir: &Path, history: &Path, files: &[&Path], me: bool) -> Value {
    let mut args = vec![
        "history",
        "learn",
        "--history",
        path_str(history),
        "--internal-domain",
        corpus::INTERNAL_DOMAIN,
        "--format",
        "json",
    ];
    if me {
        args.extend(["--me", corpus::ME]);
    }
    args.extend(files.iter().map(|f| path_str(f)));
    let out = sendguard(dir, &args);
    assert!(
        out.status.success(),
        "history learn failed ({:?}): {}",
        out.status,
        text(&out.stderr)
    );
    let stdout = text(&out.stdout);
    let line = stdout
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with('{'))
        .unwrap_or_else(|| panic!("no JSON summary from history learn: {stdout}"));
    serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"))
}

fn count(summary: &Value, key: &str) -> usize {
    let n = summary[key]
        .as_u64()
        .unwrap_or_else(|| panic!("summary without {key}: {summary}"));
    usize::try_from(n).expect("a count")
}

/// Which history to check with.
enum With<'a> {
    History(&'a Path),
    NoHistory,
}

/// `sendguard check --format json` over many files at once; the reports by file stem.
fn check(dir: &Path, with: With<'_>, files: &[PathBuf], extra: &[&str]) -> BTreeMap<String, Value> {
    let mut args = vec![
        "check".to_string(),
        "--internal-domain".to_string(),
        corpus::INTERNAL_DOMAIN.to_string(),
        "--format".to_string(),
        "json".to_string(),
    ];
    match with {
        With::History(h) => args.extend(["--history".to_string(), path_str(h).to_string()]),
        With::NoHistory => args.push("--no-history".to_string()),
    }
    args.extend(extra.iter().map(|s| s.to_string()));
    args.extend(files.iter().map(|f| path_str(f).to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = sendguard(dir, &args);
    // The contract: 0 pass, 1 confirm, 3 blocked by policy; 2 is an error.
    assert!(
        matches!(out.status.code(), Some(0 | 1 | 3)),
        "check failed ({:?}): {}",
        out.status,
        text(&out.stderr)
    );
    let mut reports = BTreeMap::new();
    for line in text(&out.stdout).lines().filter(|l| !l.trim().is_empty()) {
        let report: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        let source = report["source"].as_str().expect("a source").to_string();
        let stem = Path::new(&source)
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("a file name")
            .to_string();
        reports.insert(stem, report);
    }
    assert_eq!(
        reports.len(),
        files.len(),
        "one report per file: {}",
        text(&out.stderr)
    );
    reports
}

fn history_findings(report: &Value) -> Vec<&Value> {
    report["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|f| HISTORY_CHECKS.contains(&f["check"].as_str().unwrap_or_default()))
                .collect()
        })
        .unwrap_or_default()
}

fn write_probes(dir: &Path, probes: &[Probe]) -> Vec<PathBuf> {
    let probe_dir = dir.join("probes");
    std::fs::create_dir_all(&probe_dir).expect("create probe dir");
    probes
        .iter()
        .map(|p| {
            let path = probe_dir.join(format!("{}.eml", p.name));
            std::fs::write(&path, &p.eml).expect("write probe");
            path
        })
        .collect()
}

fn write_sent(dir: &Path, messages: usize, seed: u64) -> (PathBuf, corpus::SentFolder) {
    let folder = corpus::sent_folder(messages, seed);
    // Thunderbird's Sent folder is an mbox file without an extension.
    let path = dir.join(format!("Sent-{messages}"));
    let path = if messages == SENT_MESSAGES {
        dir.join("Sent")
    } else {
        path
    };
    std::fs::write(&path, &folder.mbox).expect("write the Sent mbox");
    (path, folder)
}

fn same_subject(expected: &str, seen: &str) -> bool {
    expected.trim().eq_ignore_ascii_case(seen.trim())
}

fn brief(f: &Value) -> String {
    let mut s = format!(
        "{}[{}]",
        f["check"].as_str().unwrap_or("?"),
        f["severity"].as_str().unwrap_or("?")
    );
    if let Some(about) = f["subject_of"].as_str() {
        let _ = write!(s, " {about}");
    }
    if let Some(suggestion) = f["suggestion"].as_str() {
        let _ = write!(s, " → {suggestion}");
    }
    s
}

fn brief_expect(e: &Expect) -> String {
    let mut s = e.check.to_string();
    if let Some(about) = &e.subject_of {
        let _ = write!(s, " {about}");
    }
    if e.check == corpus::RECIPIENT_MISMATCH {
        let _ = write!(s, " → {}", e.suggestion.as_deref().unwrap_or("(none)"));
    }
    s
}

fn bytes_contain(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The file and its SQLite companions (-wal, -journal), as far as they exist.
fn sqlite_bytes(path: &Path) -> Vec<u8> {
    let mut all = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    for suffix in ["-wal", "-journal"] {
        let mut companion = path.as_os_str().to_owned();
        companion.push(suffix);
        if let Ok(bytes) = std::fs::read(PathBuf::from(companion)) {
            all.extend(bytes);
        }
    }
    all
}

#[test]
fn learning_the_sent_folder_counts_each_message_once() {
    let dir = tempdir("learn");
    let (sent, folder) = write_sent(&dir, SENT_MESSAGES, SENT_SEED);
    let history = dir.join("data").join("learned.sqlite3");

    // No --me: the most frequent From is the person.
    let first = learn(&dir, &history, &[&sent], false);
    assert_eq!(count(&first, "read"), folder.messages, "{first}");
    assert_eq!(count(&first, "learned"), folder.from_me, "{first}");
    assert_eq!(count(&first, "skipped_not_me"), folder.not_me, "{first}");
    assert_eq!(count(&first, "skipped_seen"), folder.duplicates, "{first}");
    assert_eq!(count(&first, "unreadable"), 0, "{first}");

    // The same folder again teaches nothing.
    let again = learn(&dir, &history, &[&sent], false);
    assert_eq!(count(&again, "read"), folder.messages, "{again}");
    assert_eq!(count(&again, "learned"), 0, "{again}");
    assert_eq!(
        count(&again, "skipped_seen"),
        folder.from_me + folder.duplicates,
        "{again}"
    );
    assert_eq!(count(&again, "skipped_not_me"), folder.not_me, "{again}");

    // The text summary names the numbers.
    let other = dir.join("data").join("text.sqlite3");
    let out = sendguard(
        &dir,
        &[
            "history",
            "learn",
            "--history",
            path_str(&other),
            "--internal-domain",
            corpus::INTERNAL_DOMAIN,
            "--me",
            corpus::ME,
            path_str(&sent),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let summary = text(&out.stdout);
    for n in [
        folder.messages,
        folder.from_me,
        folder.not_me,
        folder.duplicates,
    ] {
        assert!(summary.contains(&n.to_string()), "{n} not in: {summary}");
    }

    // What is known, per domain, with the organisation names learned from the 宛名.
    let out = sendguard(
        &dir,
        &[
            "history",
            "show",
            "--history",
            path_str(&history),
            "--format",
            "json",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    let _: Value = serde_json::from_str(shown.trim())
        .unwrap_or_else(|e| panic!("history show --format json: {e}: {shown}"));
    for expected in [
        "kaede-shoji.co.jp",
        "楓商事",
        "hikari-tech.co.jp",
        "ひかりテック",
    ] {
        assert!(shown.contains(expected), "{expected} not in: {shown}");
    }

    // Addresses and names only: no subject, body text, quote or signature is stored.
    let stored = sqlite_bytes(&history);
    for phrase in [
        "ご査収のほど",
        "社内で検討のうえ",
        "お問い合わせいただきました",
        "定例会",
        "TEL: 03-1234-5678",
        "芝公園",
    ] {
        assert!(
            !bytes_contain(&stored, phrase.as_bytes()),
            "the history stores mail text: {phrase}"
        );
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&history)
            .expect("history file")
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "history file mode {mode:o}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Per check: true positives, false positives, false negatives over (probe, check).
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Tally {
    fn precision(self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    fn recall(self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    fn f1(self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

#[test]
fn measured_on_the_probe_corpus() {
    let dir = tempdir("measured");
    let (sent, folder) = write_sent(&dir, SENT_MESSAGES, SENT_SEED);
    let history = dir.join("data").join("history.sqlite3");
    let summary = learn(&dir, &history, &[&sent], true);
    assert_eq!(count(&summary, "learned"), folder.from_me, "{summary}");

    let world = World::new();
    let probes = corpus::probes(&world, PROBE_SEED);
    let files = write_probes(&dir, &probes);
    let reports = check(&dir, With::History(&history), &files, &[]);

    let mut tallies: BTreeMap<&str, Tally> = HISTORY_CHECKS
        .iter()
        .map(|c| (*c, Tally::default()))
        .collect();
    let mut right_sends = 0;
    let mut false_alarms = 0;
    let mut suggestions = (0, 0);
    let mut per_kind: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut wrong: Vec<String> = Vec::new();
    for probe in &probes {
        let report = reports
            .get(&probe.name)
            .unwrap_or_else(|| panic!("no report for {}", probe.name));
        let seen = history_findings(report);
        let mut as_labelled = true;
        for check in HISTORY_CHECKS {
            let expected: Vec<&Expect> = probe.expect.iter().filter(|e| e.check == check).collect();
            let found: Vec<&Value> = seen
                .iter()
                .copied()
                .filter(|f| f["check"] == check)
                .collect();
            let tally = tallies.get_mut(check).expect("a tally");
            if let Some(e) = expected.first() {
                let hit = found.iter().find(|f| match &e.subject_of {
                    Some(about) => f["subject_of"]
                        .as_str()
                        .is_some_and(|s| same_subject(about, s)),
                    None => true,
                });
                match hit {
                    Some(f) => {
                        tally.tp += 1;
                        if check == corpus::RECIPIENT_MISMATCH {
                            suggestions.1 += 1;
                            let got = f["suggestion"].as_str();
                            if got.map(str::to_ascii_lowercase) == e.suggestion {
                                suggestions.0 += 1;
                            } else {
                                as_labelled = false;
                            }
                        }
                    }
                    None => {
                        tally.fn_ += 1;
                        as_labelled = false;
                        if !found.is_empty() {
                            // Fired about the wrong recipient or file.
                            tally.fp += 1;
                        }
                    }
                }
            } else if !found.is_empty() {
                tally.fp += 1;
                as_labelled = false;
            }
        }
        if probe.kind == "right" {
            right_sends += 1;
            let alarming = seen
                .iter()
                .any(|f| matches!(f["severity"].as_str(), Some("warning" | "danger")));
            if alarming {
                false_alarms += 1;
            }
        }
        let entry = per_kind.entry(probe.kind).or_default();
        entry.0 += 1;
        if as_labelled {
            entry.1 += 1;
        } else {
            wrong.push(format!(
                "  {}: expected [{}], seen [{}]",
                probe.name,
                probe
                    .expect
                    .iter()
                    .map(brief_expect)
                    .collect::<Vec<_>>()
                    .join("; "),
                seen.iter().map(|f| brief(f)).collect::<Vec<_>>().join("; ")
            ));
        }
    }

    let mut table = String::new();
    let _ = writeln!(
        table,
        "recipient history, measured: Sent folder {} messages ({} learned), {} probes",
        folder.messages,
        folder.from_me,
        probes.len()
    );
    let _ = writeln!(
        table,
        "{:<28} {:>4} {:>4} {:>4} {:>9} {:>7} {:>6}",
        "check", "TP", "FP", "FN", "precision", "recall", "F1"
    );
    for (check, t) in &tallies {
        let _ = writeln!(
            table,
            "{:<28} {:>4} {:>4} {:>4} {:>9.3} {:>7.3} {:>6.3}",
            check,
            t.tp,
            t.fp,
            t.fn_,
            t.precision(),
            t.recall(),
            t.f1()
        );
    }
    let _ = writeln!(
        table,
        "false alarms on right sends (history warning/danger): {false_alarms} of {right_sends}"
    );
    let _ = writeln!(
        table,
        "mismatch suggestions as expected: {} of {} ({:.1} %)",
        suggestions.0,
        suggestions.1,
        100.0 * ratio(suggestions.0, suggestions.1)
    );
    let _ = writeln!(
        table,
        "{:<12} {:>6} {:>12}",
        "kind", "probes", "as labelled"
    );
    for (kind, (n, ok)) in &per_kind {
        let _ = writeln!(table, "{kind:<12} {n:>6} {ok:>12}");
    }
    if !wrong.is_empty() {
        let _ = writeln!(table, "not as labelled:");
        for line in &wrong {
            let _ = writeln!(table, "{line}");
        }
    }
    println!("{table}");

    for (check, t) in &tallies {
        assert!(t.f1() >= 0.90, "{check}: F1 {:.3} < 0.90\n{table}", t.f1());
    }
    assert!(
        false_alarms * 40 <= right_sends,
        "{false_alarms} false alarms on {right_sends} right sends (goal: ≤ 1 per 40)\n{table}"
    );
    assert!(
        suggestions.0 * 10 >= suggestions.1 * 9,
        "suggestion right in {} of {}\n{table}",
        suggestions.0,
        suggestions.1
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The labelled mismatch: 宛名 楓商事 田中様, To the 田中 of ひかりテック.
fn tanaka_mismatch(probes: &[Probe]) -> &Probe {
    probes
        .iter()
        .find(|p| {
            p.kind == "surname"
                && p.expect.len() == 1
                && p.expect[0].subject_of.as_deref() == Some("tanaka@hikari-tech.co.jp")
        })
        .expect("the 楓商事/ひかりテック 田中 probe")
}

const WRONG: &str = "tanaka@hikari-tech.co.jp";
const RIGHT: &str = "t.tanaka@kaede-shoji.co.jp";

#[test]
fn quiet_without_history_with_too_little_and_after_forgetting() {
    let dir = tempdir("quiet");
    let world = World::new();
    let probes = corpus::probes(&world, PROBE_SEED);
    let mismatch = tanaka_mismatch(&probes).clone();
    let newcomer = probes
        .iter()
        .find(|p| p.kind == "newperson")
        .expect("a new-person probe")
        .clone();
    let files = write_probes(&dir, &[mismatch.clone(), newcomer.clone()]);
    let mismatch_file = files[0].clone();

    let (sent, _) = write_sent(&dir, SENT_MESSAGES, SENT_SEED);
    let history = dir.join("data").join("history.sqlite3");
    learn(&dir, &history, &[&sent], true);

    // With the history: the mismatch is seen.
    let reports = check(&dir, With::History(&history), &files, &[]);
    let found = history_findings(&reports[&mismatch.name]);
    assert!(
        found
            .iter()
            .any(|f| f["check"] == corpus::RECIPIENT_MISMATCH && f["subject_of"] == WRONG),
        "{:#?}",
        reports[&mismatch.name]
    );

    // --no-history: no history finding at all.
    let reports = check(&dir, With::NoHistory, &files, &[]);
    for (name, report) in &reports {
        assert!(history_findings(report).is_empty(), "{name}: {report:#}");
    }

    // Fewer than history.min_sends (30) learned sends: quiet.
    let (small_sent, small) = write_sent(&dir, 10, SENT_SEED);
    let small_history = dir.join("data").join("small.sqlite3");
    let summary = learn(&dir, &small_history, &[&small_sent], true);
    assert_eq!(count(&summary, "learned"), small.from_me, "{summary}");
    assert!(small.from_me < 30);
    let reports = check(&dir, With::History(&small_history), &files, &[]);
    for (name, report) in &reports {
        assert!(history_findings(report).is_empty(), "{name}: {report:#}");
    }

    // Forgetting the recipient's domain: its address is first-time again, and the
    // domain is gone from `history show`.
    let forget = |target: &str| {
        let out = sendguard(
            &dir,
            &["history", "forget", "--history", path_str(&history), target],
        );
        assert!(
            out.status.success(),
            "forget {target}: {}",
            text(&out.stderr)
        );
    };
    forget("hikari-tech.co.jp");
    let out = sendguard(
        &dir,
        &[
            "history",
            "show",
            "--history",
            path_str(&history),
            "--format",
            "json",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        !text(&out.stdout).contains("hikari-tech.co.jp"),
        "{}",
        text(&out.stdout)
    );
    let reports = check(
        &dir,
        With::History(&history),
        std::slice::from_ref(&mismatch_file),
        &[],
    );
    let found = history_findings(&reports[&mismatch.name]);
    assert!(
        found
            .iter()
            .any(|f| f["check"] == corpus::FIRST_TIME_RECIPIENT && f["subject_of"] == WRONG),
        "{:#?}",
        reports[&mismatch.name]
    );

    // Forgetting the named organisation's domain too: nothing to compare the 宛名 with.
    forget("kaede-shoji.co.jp");
    let reports = check(
        &dir,
        With::History(&history),
        std::slice::from_ref(&mismatch_file),
        &[],
    );
    let found = history_findings(&reports[&mismatch.name]);
    assert!(
        !found
            .iter()
            .any(|f| f["check"] == corpus::RECIPIENT_MISMATCH),
        "{:#?}",
        reports[&mismatch.name]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_near_miss_log_masks_the_wrong_and_the_suggested_address() {
    let dir = tempdir("privacy");
    let world = World::new();
    let probes = corpus::probes(&world, PROBE_SEED);
    let mismatch = tanaka_mismatch(&probes).clone();
    let files = write_probes(&dir, std::slice::from_ref(&mismatch));
    let (sent, _) = write_sent(&dir, SENT_MESSAGES, SENT_SEED);
    let history = dir.join("data").join("history.sqlite3");
    learn(&dir, &history, &[&sent], true);

    let log = dir.join("data").join("nearmiss-test.sqlite3");
    let reports = check(
        &dir,
        With::History(&history),
        &files,
        &["--record", "--db", path_str(&log)],
    );
    // The finding is there, with its suggestion (else this test would prove nothing).
    let found = history_findings(&reports[&mismatch.name]);
    assert!(
        found
            .iter()
            .any(|f| f["check"] == corpus::RECIPIENT_MISMATCH
                && f["subject_of"] == WRONG
                && f["suggestion"] == RIGHT),
        "{:#?}",
        reports[&mismatch.name]
    );

    let stored = sqlite_bytes(&log);
    assert!(!stored.is_empty());
    for address in [WRONG, RIGHT] {
        assert!(
            !bytes_contain(&stored, address.as_bytes()),
            "the near-miss log holds {address} unmasked"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
