//! Limits on what one call to [`crate::extract`] may read, and the running budget that
//! enforces them while reading (never after).
//!
//! Every byte that is decompressed, every archive level entered and every spreadsheet
//! cell kept is charged here first, so a hostile attachment (a zip bomb, a sheet that
//! claims a million columns) stops at a limit with a note instead of exhausting memory.

/// The bounds for one [`crate::extract`] call. The defaults match the policy defaults
/// of sendguard (issue 3): 50 MB per file, 200 MB in all, three archive levels. It is
/// also the policy's `[attachments]` table, hence the serde derive.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Bytes of one file (the input, or one decompressed archive member). A larger file
    /// is listed with a [`crate::NoteKind::LimitReached`] note and not read.
    pub max_bytes_per_file: u64,
    /// Decompressed bytes across every archive member of one call.
    pub max_total_bytes: u64,
    /// How many archives deep to go: 3 reads `a.zip/b.zip/c.zip/d.csv` but not a fourth
    /// level. Office files are zips too but count as one level for their own parts.
    pub max_depth: usize,
    /// Members looked at in one archive.
    pub max_members: usize,
    /// Decompressed / compressed bytes allowed for one member (zip bomb guard).
    pub max_ratio: u64,
    /// Table cells kept across the whole call (spreadsheets, CSV, docx tables).
    pub max_cells: usize,
    /// Wall-clock milliseconds for the whole call; when they are spent, what is not yet
    /// read is reported as not read. (The engine gives each message one budget.)
    pub max_millis: u64,
    /// Memory (address space) in MiB allowed to the child process that reads PDF and
    /// xls/xlsb/ods files; a file that needs more is reported as not read.
    pub max_reader_memory_mib: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes_per_file: 50 * 1000 * 1000,
            max_total_bytes: 200 * 1000 * 1000,
            max_depth: 3,
            max_members: 10_000,
            max_ratio: 100,
            max_cells: 2_000_000,
            max_millis: 10_000,
            max_reader_memory_mib: 1024,
        }
    }
}

/// What is left of the limits during one call.
#[derive(Debug)]
pub(crate) struct Budget {
    pub(crate) limits: Limits,
    total_bytes_left: u64,
    cells_left: usize,
    deadline: Option<std::time::Instant>,
    timed_out: bool,
}

impl Budget {
    pub(crate) fn new(limits: &Limits) -> Self {
        Budget {
            limits: limits.clone(),
            total_bytes_left: limits.max_total_bytes,
            cells_left: limits.max_cells,
            deadline: std::time::Instant::now()
                .checked_add(std::time::Duration::from_millis(limits.max_millis)),
            timed_out: false,
        }
    }

    /// True once the time budget is spent (and from then on).
    pub(crate) fn timed_out(&mut self) -> bool {
        if !self.timed_out {
            self.timed_out = self
                .deadline
                .is_some_and(|d| std::time::Instant::now() >= d);
        }
        self.timed_out
    }

    /// Milliseconds left of the time budget (0 once it is spent).
    pub(crate) fn millis_left(&self) -> u64 {
        self.deadline.map_or(u64::MAX, |d| {
            u64::try_from(
                d.saturating_duration_since(std::time::Instant::now())
                    .as_millis(),
            )
            .unwrap_or(u64::MAX)
        })
    }

    /// Bytes that may still be decompressed in this call.
    pub(crate) fn total_bytes_left(&self) -> u64 {
        self.total_bytes_left
    }

    /// Charges `n` decompressed bytes; false (and nothing charged) when over budget.
    pub(crate) fn take_bytes(&mut self, n: u64) -> bool {
        if self.timed_out() {
            return false;
        }
        match self.total_bytes_left.checked_sub(n) {
            Some(left) => {
                self.total_bytes_left = left;
                true
            }
            None => false,
        }
    }

    /// Charges one cell; false when the cell budget is spent.
    pub(crate) fn take_cell(&mut self) -> bool {
        self.take_cells(1)
    }

    /// Charges `n` cells at once; false (and nothing charged) when over budget.
    pub(crate) fn take_cells(&mut self, n: usize) -> bool {
        // Checking the clock every 4,096 cells keeps it off the hot path.
        if (self.cells_left % 4096 < n || n > 1) && self.timed_out() {
            return false;
        }
        match self.cells_left.checked_sub(n) {
            Some(left) => {
                self.cells_left = left;
                true
            }
            None => {
                self.cells_left = 0;
                false
            }
        }
    }
}

/// A member may always decompress to this many bytes whatever its ratio: tiny, highly
/// repetitive members (a sheet of zeros, an XML skeleton) exceed 100:1 innocently, and
/// a bomb only matters when it is large.
pub(crate) const RATIO_GRACE_BYTES: u64 = 1024 * 1024;
