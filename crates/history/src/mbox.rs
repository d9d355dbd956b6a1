//! Reading an mbox file (Thunderbird's `Sent`, an export from another client) one message
//! at a time, so a Sent folder of years costs the memory of its largest message.
//!
//! Why not a crate: the maintained mail crates parse single messages; the mbox crates on
//! crates.io are unmaintained or load the whole file. The format is a few rules: a
//! message starts at a `From ` line at the start of the file or after an empty line (or
//! any `From ` line that carries a year, for writers that forget the empty line); body
//! lines that began with `From ` were written as `>From ` (mboxrd: one `>` is removed
//! from any `>…>From `). Line endings are kept as they are (CRLF, LF, or a mix).

use std::io::{BufRead, ErrorKind};

/// Messages bigger than this are skipped (read through, not kept): a Sent folder's
/// message with a huge attachment teaches nothing its headers and text would not.
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024 * 1024;

/// One item of an mbox: a message's bytes, or a message that was too large to keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MboxItem {
    Message(Vec<u8>),
    TooLarge { bytes: usize },
}

/// The messages of an mbox, in order.
#[derive(Debug)]
pub struct MboxReader<R> {
    input: R,
    /// The next message's `From ` line has been read (the reader is inside a message).
    started: bool,
    line: Vec<u8>,
    finished: bool,
}

impl<R: BufRead> MboxReader<R> {
    pub fn new(input: R) -> MboxReader<R> {
        MboxReader {
            input,
            started: false,
            line: Vec::new(),
            finished: false,
        }
    }

    fn read_line(&mut self) -> std::io::Result<bool> {
        self.line.clear();
        loop {
            match self.input.read_until(b'\n', &mut self.line) {
                Ok(0) => return Ok(false),
                Ok(_) => return Ok(true),
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }
}

/// Whether the text starts like an mbox (a `From ` line, after an optional BOM).
pub fn looks_like_mbox(start: &[u8]) -> bool {
    let start = start.strip_prefix(b"\xef\xbb\xbf").unwrap_or(start);
    start.starts_with(b"From ")
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(|b| matches!(b, b'\r' | b'\n'))
}

/// A `From ` separator line that carries a year (`From a@b Mon Apr  1 09:00:00 2024`).
fn has_year(line: &[u8]) -> bool {
    line.windows(4)
        .any(|w| w.iter().all(u8::is_ascii_digit) && (w[0] == b'1' || w[0] == b'2'))
        && line.len() < 200
}

impl<R: BufRead> Iterator for MboxReader<R> {
    type Item = std::io::Result<MboxItem>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.finished {
            return None;
        }
        let mut message: Vec<u8> = Vec::new();
        let mut size = 0usize;
        let mut previous_blank = true;
        // The empty line before a separator belongs to the mbox, not the message.
        let mut pending_blank: Vec<u8> = Vec::new();
        loop {
            match self.read_line() {
                Ok(true) => {}
                Ok(false) => {
                    self.finished = true;
                    if !self.started && message.is_empty() {
                        return None;
                    }
                    self.started = false;
                    return Some(Ok(item(message, size)));
                }
                Err(e) => {
                    self.finished = true;
                    return Some(Err(e));
                }
            }
            let line = std::mem::take(&mut self.line);
            let separator = line.starts_with(b"From ") && (previous_blank || has_year(&line));
            if separator {
                if self.started {
                    // This line starts the next message.
                    self.started = true;
                    return Some(Ok(item(message, size)));
                }
                self.started = true;
                previous_blank = false;
                continue;
            }
            if !self.started {
                // Text before the first separator (not an mbox, or a damaged start):
                // taken as a message of its own.
                self.started = true;
            }
            let blank = is_blank(&line);
            if !pending_blank.is_empty() {
                size += pending_blank.len();
                if size <= MAX_MESSAGE_BYTES {
                    message.extend_from_slice(&pending_blank);
                }
                pending_blank.clear();
            }
            if blank {
                pending_blank = line;
            } else {
                let unescaped = unescape(&line);
                size += unescaped.len();
                if size <= MAX_MESSAGE_BYTES {
                    message.extend_from_slice(unescaped);
                }
            }
            previous_blank = blank;
        }
    }
}

fn item(message: Vec<u8>, size: usize) -> MboxItem {
    if size > MAX_MESSAGE_BYTES {
        MboxItem::TooLarge { bytes: size }
    } else {
        MboxItem::Message(message)
    }
}

/// `>From ` → `From `, `>>From ` → `>From ` (mboxrd).
fn unescape(line: &[u8]) -> &[u8] {
    let quotes = line.iter().take_while(|&&b| b == b'>').count();
    if quotes > 0 && line[quotes..].starts_with(b"From ") {
        &line[1..]
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(mbox: &[u8]) -> Vec<Vec<u8>> {
        MboxReader::new(mbox)
            .map(|m| match m.expect("reads") {
                MboxItem::Message(bytes) => bytes,
                MboxItem::TooLarge { .. } => Vec::new(),
            })
            .collect()
    }

    #[test]
    fn splits_unescapes_and_keeps_line_endings() {
        let mbox = b"From a@b Mon Apr  1 09:00:00 2024\r\nSubject: one\r\n\r\nbody\r\n>From here\r\n\r\nFrom a@b Tue Apr  2 09:00:00 2024\nSubject: two\n\n>>From x\nFrom inside a line\n";
        let all = messages(mbox);
        assert_eq!(all.len(), 2);
        assert_eq!(
            all[0],
            b"Subject: one\r\n\r\nbody\r\nFrom here\r\n".to_vec()
        );
        assert_eq!(
            all[1],
            b"Subject: two\n\n>From x\nFrom inside a line\n".to_vec()
        );
    }

    #[test]
    fn a_separator_without_an_empty_line_before_it_still_splits() {
        let mbox = b"From - Mon Apr  1 09:00:00 2024\nSubject: a\n\nx\nFrom - Tue Apr  2 09:00:00 2024\nSubject: b\n\ny\n";
        assert_eq!(messages(mbox).len(), 2);
        assert!(messages(b"").is_empty());
        assert!(looks_like_mbox(b"\xef\xbb\xbfFrom x"));
        assert!(!looks_like_mbox(b"From: a@b"));
    }
}
