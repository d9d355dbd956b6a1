//! `history learn`: a Sent folder in any of its usual forms — `.eml` files, folders of
//! them (walked recursively), mbox files (Thunderbird's `Sent`, with or without an
//! extension) — read message by message into the history.
//!
//! Only the person's own mail counts: `--me` names their addresses; without it the most
//! frequent From of what was read is taken (a Sent folder is mostly the person's), so
//! lessons are gathered first and stored after reading. A message is learned once
//! (Message-ID, else a digest of its headers), whichever source it comes from.

use crate::lesson::{Lesson, Me, Origin, Skip};
use crate::mbox::{MboxItem, MboxReader, looks_like_mbox};
use crate::{HistoryStore, Result};
use sendguard_engine::{Draft, Policy};
use std::collections::HashMap;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

/// What a learning run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LearnSummary {
    /// Messages read.
    pub read: u64,
    /// Messages learned now.
    pub learned: u64,
    /// Skipped: not from the person.
    pub skipped_not_me: u64,
    /// Skipped: learned before (or twice in this run).
    pub skipped_seen: u64,
    /// Skipped: no recipient could be read, or too large.
    pub unreadable: u64,
    /// The person's addresses the run used.
    pub me: Vec<String>,
    /// Files that could not be read, with the reason (one line each).
    pub errors: Vec<String>,
}

/// Progress of a learning run, reported every few hundred messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LearnProgress {
    /// Files done and in total.
    pub files_done: usize,
    pub files: usize,
    /// Messages read so far.
    pub read: u64,
    /// Bytes read so far and in total (for a percentage).
    pub bytes_done: u64,
    pub bytes: u64,
}

/// Learn every message under `paths` into `store`.
pub fn learn_paths(
    store: &mut HistoryStore,
    paths: &[PathBuf],
    me: Option<Me>,
    policy: &Policy,
    progress: &mut dyn FnMut(LearnProgress),
) -> Result<LearnSummary> {
    let mut summary = LearnSummary::default();
    let files = collect_files(paths, &mut summary.errors);
    let total_bytes: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let mut gatherer = Gatherer::new(me.clone(), policy);
    let mut state = LearnProgress {
        files_done: 0,
        files: files.len(),
        read: 0,
        bytes_done: 0,
        bytes: total_bytes,
    };
    progress(state);
    for file in &files {
        if let Err(e) = read_file(file, &mut |raw| {
            gatherer.add(raw);
            state.read = gatherer.summary.read;
            if state.read.is_multiple_of(200) {
                progress(state);
            }
        }) {
            summary.errors.push(format!("{}: {e}", file.display()));
        }
        state.files_done += 1;
        state.bytes_done += std::fs::metadata(file).map_or(0, |m| m.len());
        progress(state);
    }
    let mut gathered = gatherer.finish(store)?;
    gathered.errors.append(&mut summary.errors);
    Ok(gathered)
}

/// Learn raw messages (the hook's `POST /v1/history/learn`, one batch).
pub fn learn_messages<'a>(
    store: &mut HistoryStore,
    messages: impl IntoIterator<Item = &'a [u8]>,
    me: Option<Me>,
    policy: &Policy,
) -> Result<LearnSummary> {
    let mut gatherer = Gatherer::new(me, policy);
    for raw in messages {
        gatherer.add(MboxItem::Message(raw.to_vec()));
    }
    gatherer.finish(store)
}

/// Lessons gathered before the person's address is known.
struct Gatherer<'p> {
    me: Option<Me>,
    policy: &'p Policy,
    lessons: Vec<Lesson>,
    froms: HashMap<String, u64>,
    summary: LearnSummary,
}

impl<'p> Gatherer<'p> {
    fn new(me: Option<Me>, policy: &'p Policy) -> Gatherer<'p> {
        Gatherer {
            me: me.filter(|m| !m.addresses().is_empty()),
            policy,
            lessons: Vec::new(),
            froms: HashMap::new(),
            summary: LearnSummary::default(),
        }
    }

    fn add(&mut self, item: MboxItem) {
        self.summary.read += 1;
        let raw = match item {
            MboxItem::Message(raw) => raw,
            MboxItem::TooLarge { .. } => {
                self.summary.unreadable += 1;
                return;
            }
        };
        let draft = Draft::from_eml(&raw);
        let anyone = Me::anyone();
        let me = self.me.as_ref().unwrap_or(&anyone);
        match Lesson::from_draft(&draft, Origin::Stored { raw: &raw }, me, self.policy) {
            Ok(lesson) => {
                *self.froms.entry(lesson.from.clone()).or_default() += 1;
                self.lessons.push(lesson);
            }
            Err(Skip::NotFromMe) => self.summary.skipped_not_me += 1,
            Err(Skip::NoRecipients) => self.summary.unreadable += 1,
        }
    }

    fn finish(mut self, store: &mut HistoryStore) -> Result<LearnSummary> {
        let me = match self.me.take() {
            Some(me) => me,
            None => {
                let top = self
                    .froms
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                    .map(|(from, _)| from.clone());
                Me::new(top)
            }
        };
        self.summary.me = me.addresses().to_vec();
        for lesson in &self.lessons {
            if !me.addresses().is_empty() && !me.addresses().contains(&lesson.from) {
                self.summary.skipped_not_me += 1;
                continue;
            }
            if store.learn(lesson)? {
                self.summary.learned += 1;
            } else {
                self.summary.skipped_seen += 1;
            }
        }
        Ok(self.summary)
    }
}

/// The files to read: `.eml` files and mbox files, folders walked in name order.
fn collect_files(paths: &[PathBuf], errors: &mut Vec<String>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut files, errors),
            Ok(_) => files.push(path.clone()),
            Err(e) => errors.push(format!("{}: {e}", path.display())),
        }
    }
    files
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<String>) {
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            errors.push(format!("{}: {e}", dir.display()));
            return;
        }
    };
    entries.sort();
    for path in entries {
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            walk(&path, files, errors);
        } else if meta.is_file() && is_mail_file(&path) {
            files.push(path);
        }
    }
}

/// In a folder: `.eml` files, and files that start like an mbox (Thunderbird's folders
/// have no extension; its `.msf` indexes and other files are skipped).
fn is_mail_file(path: &Path) -> bool {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "eml" | "mbox" | "mbx" => true,
        "" => {
            let mut start = [0u8; 8];
            std::fs::File::open(path)
                .and_then(|mut f| f.read(&mut start))
                .is_ok_and(|n| looks_like_mbox(&start[..n]))
        }
        _ => false,
    }
}

/// Hand each message of one file to `each`: an mbox message by message, anything else
/// as one message.
fn read_file(path: &Path, each: &mut dyn FnMut(MboxItem)) -> std::io::Result<()> {
    let file = std::fs::File::open(path)?;
    let mut reader = BufReader::with_capacity(256 * 1024, file);
    let start = {
        use std::io::BufRead;
        reader
            .fill_buf()?
            .get(..8)
            .map(<[u8]>::to_vec)
            .unwrap_or_default()
    };
    if looks_like_mbox(&start) {
        for item in MboxReader::new(reader) {
            each(item?);
        }
    } else {
        let mut raw = Vec::new();
        reader
            .take(crate::mbox::MAX_MESSAGE_BYTES as u64 + 1)
            .read_to_end(&mut raw)?;
        if raw.len() > crate::mbox::MAX_MESSAGE_BYTES {
            each(MboxItem::TooLarge { bytes: raw.len() });
        } else {
            each(MboxItem::Message(raw));
        }
    }
    Ok(())
}
