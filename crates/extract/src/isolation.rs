//! The formats read only where a crash cannot hurt the caller.
//!
//! PDF parsers overflow the stack on arrays nested 100,000 deep, and calamine sizes
//! xls/xlsb/ods sheets by their extreme cell positions before any limit of ours applies
//! (two cells at A1 and XFD1048576 ask for billions of cells). A stack overflow or an
//! allocation failure aborts the process, and `catch_unwind` catches neither, so these
//! formats go through an [`Isolation`]: sendguard's is [`crate::child::ChildProcess`],
//! which reads them with [`read_untrusted`] in a child process under a memory limit and
//! a deadline. What the child read is merged back and charged to the caller's budget.

use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::limits::Budget;
use crate::{Ctx, Extracted, Limits, Problem, extension, pdf, sheet};

/// The formats that need isolation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UntrustedKind {
    Pdf,
    /// xls, xlsb, ods.
    LegacySheet,
}

/// Why an isolated read gave nothing back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IsolationFailure {
    /// The deadline passed and the reader was stopped.
    TimedOut,
    /// The reader died (a crash, its memory limit) or answered something unreadable.
    Crashed(String),
    /// The reader could not be started.
    Unavailable(String),
}

/// Somewhere to run [`read_untrusted`] so that a crash or a runaway allocation stays
/// there. `limits.max_millis` is the deadline for this one file.
pub trait Isolation: Send + Sync + std::fmt::Debug {
    fn read(
        &self,
        path: &str,
        bytes: &[u8],
        limits: &Limits,
    ) -> Result<Extracted, IsolationFailure>;
}

/// Reads a PDF or an xls/xlsb/ods file in THIS process. Call it only where a crash is
/// contained (the child process of [`crate::child`]): a hostile file can abort the
/// process that calls it.
pub fn read_untrusted(path: &str, bytes: &[u8], limits: &Limits) -> Extracted {
    let mut ctx = Ctx {
        budget: Budget::new(limits),
        out: Extracted::default(),
        isolation: None,
        members: vec![path.to_owned()],
    };
    let kind = if extension(path) == "pdf" || bytes.starts_with(b"%PDF-") {
        UntrustedKind::Pdf
    } else {
        UntrustedKind::LegacySheet
    };
    let result = catch_unwind(AssertUnwindSafe(|| match kind {
        UntrustedKind::Pdf => pdf::read(&mut ctx, path, bytes),
        UntrustedKind::LegacySheet => sheet::read_legacy(&mut ctx, path, bytes),
    }));
    match result {
        Ok(Ok(())) => {}
        Ok(Err(problem)) => ctx.problem(path, problem),
        Err(_) => ctx.problem(path, Problem::unreadable("the parser failed on this file")),
    }
    ctx.out
}

/// Reads `bytes` through the context's isolation and merges the result into `ctx`.
pub(crate) fn read_isolated(
    ctx: &mut Ctx<'_>,
    path: &str,
    bytes: &[u8],
    kind: UntrustedKind,
) -> Result<(), Problem> {
    let Some(isolation) = ctx.isolation else {
        let what = match kind {
            UntrustedKind::Pdf => "PDF",
            UntrustedKind::LegacySheet => "xls/xlsb/ods",
        };
        return Err(Problem::Unsupported(format!(
            "この形式 ({what}) の中身は確認できません (the {what} reader is not available here; contents not checked)"
        )));
    };
    let mut limits = ctx.budget.limits.clone();
    limits.max_millis = ctx.budget.millis_left();
    limits.max_total_bytes = ctx.budget.total_bytes_left();
    match isolation.read(path, bytes, &limits) {
        Ok(read) => {
            let mut parts = read.parts.into_iter();
            for part in parts.by_ref() {
                let cells = match &part.content {
                    crate::Content::Table { rows, .. } => rows.iter().map(Vec::len).sum(),
                    crate::Content::Text(_) => 0,
                };
                if !ctx.budget.take_cells(cells) {
                    let at = part.path.clone();
                    ctx.cells_exhausted(&at);
                    break;
                }
                // The child read one file; where it sits is known here, not there.
                ctx.out.parts.push(crate::Part {
                    members: ctx.members.clone(),
                    ..part
                });
            }
            let members = ctx.members.clone();
            ctx.out
                .notes
                .extend(read.notes.into_iter().map(|note| crate::Note {
                    members: members.clone(),
                    ..note
                }));
            Ok(())
        }
        Err(IsolationFailure::TimedOut) => {
            let ms = limits.max_millis;
            Err(Problem::Limit(format!(
                "確認にかけられる時間 ({ms} ms) 内に読み終わらなかったため、中身を確認できていません (not read within the time limit of {ms} ms)"
            )))
        }
        Err(IsolationFailure::Crashed(why)) => Err(Problem::Unreadable(format!(
            "読み取り中に処理が異常終了したため中身を確認できません (the reader stopped: {why})"
        ))),
        Err(IsolationFailure::Unavailable(why)) => Err(Problem::Unsupported(format!(
            "読み取り用のプロセスを起動できないため中身を確認できません (the reader could not be started: {why})"
        ))),
    }
}
