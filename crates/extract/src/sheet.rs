//! Spreadsheets (xlsx and xlsm streamed in-process; xls, xlsb and ods in the reader
//! child) with calamine: every sheet as a table of
//! cells written as Excel shows them.
//!
//! Excel stores a phone number typed as a number as the float `9.01234567801e+11` and a
//! birth date as the serial `31149`; a person sees `901234567801` and `1985/04/12`, and
//! the personal-data checks must see the same. Floats are printed as integers when
//! integral and rounded to 15 significant digits otherwise (Excel's precision, so
//! `0.1+0.2` reads `0.3`); date cells become `YYYY/MM/DD`.
//!
//! In xlsx a number's own format is applied too (`numfmt.rs`): a phone number kept as
//! the number `9012345678` with the format `000-0000-0000` reads `090-1234-5678`, as
//! in Excel. calamine's cell reader gives each cell's style id along with its value,
//! and the workbook's styles (read once from `xl/styles.xml`) give the format code;
//! each style's format is parsed once per sheet. xls, xlsb and ods are read without
//! formats (calamine's whole-sheet readers do not give them).

use std::io::Cursor;

use calamine::{DataRef, DataType, Reader, Xlsx};

use crate::numfmt::NumFmt;
use crate::{Content, Ctx, Problem, archive};

pub(crate) fn read(ctx: &mut Ctx<'_>, path: &str, bytes: &[u8]) -> Result<(), Problem> {
    if bytes.starts_with(&CFB_MAGIC) {
        return Err(cfb_problem(bytes));
    }
    archive::validate_container(ctx, bytes)?;
    read_xlsx(ctx, path, bytes)
}

pub(crate) use crate::protection::CFB_MAGIC;

/// A CFB file named like OOXML: encrypted when it holds an `EncryptedPackage` stream,
/// otherwise a legacy binary file misnamed.
pub(crate) fn cfb_problem(bytes: &[u8]) -> Problem {
    if crate::protection::is_encrypted_package(bytes) {
        Problem::encrypted("password-protected Office file (EncryptedPackage)")
    } else {
        Problem::unreadable(
            "an OLE2/CFB file with an Office Open XML name (legacy format renamed?)",
        )
    }
}

fn calamine_problem(e: &dyn std::fmt::Display) -> Problem {
    Problem::unreadable(e)
}

fn read_xlsx(ctx: &mut Ctx, path: &str, bytes: &[u8]) -> Result<(), Problem> {
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| match e {
        calamine::XlsxError::Password => Problem::encrypted("password-protected xlsx"),
        other => calamine_problem(&other),
    })?;
    let names = book.sheet_names();
    for name in names {
        let sheet_path = format!("{path}#{name}");
        let mut reader = match book.worksheet_cells_reader(&name) {
            Ok(r) => r,
            Err(e) => {
                ctx.problem(&sheet_path, calamine_problem(&e));
                continue;
            }
        };
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut current: Option<(u32, Vec<String>)> = None;
        let mut exhausted = false;
        let mut broken = None;
        let mut formats = StyleFormats::default();
        loop {
            let (cell, style) = match reader.next_cell_with_style_id() {
                Ok(Some(cell)) => cell,
                Ok(None) => break,
                Err(e) => {
                    broken = Some(calamine_problem(&e));
                    break;
                }
            };
            let (row, col) = cell.get_position();
            let value = cell.get_value();
            let text = formats
                .get(reader.styles(), style)
                .and_then(|f| formatted_number(value, f))
                .unwrap_or_else(|| dataref_text(value));
            if text.is_empty() {
                continue;
            }
            if current.as_ref().is_some_and(|(r, _)| *r != row)
                && let Some((_, done)) = current.take()
            {
                rows.push(done);
            }
            let cells = &mut current.get_or_insert_with(|| (row, Vec::new())).1;
            let col = col as usize;
            // Pad so the cell keeps its column; padding counts against the cell limit.
            let needed = (col + 1).saturating_sub(cells.len());
            if needed > 0 && !ctx.budget.take_cells(needed) {
                exhausted = true;
                break;
            }
            if cells.len() <= col {
                cells.resize(col + 1, String::new());
            }
            cells[col] = text;
        }
        // A row cut by the cell limit is dropped: half a record would mislead.
        if let Some((_, done)) = current.take()
            && !exhausted
        {
            rows.push(done);
        }
        if !finish_sheet(ctx, &sheet_path, &name, rows, exhausted) {
            return Ok(());
        }
        if let Some(problem) = broken {
            ctx.problem(&sheet_path, problem);
        }
    }
    Ok(())
}

fn dataref_text(v: &DataRef<'_>) -> String {
    cell_text(v)
}

/// The parsed number format of each style id, parsed on first use. Bounded by the
/// number of styles in the workbook.
#[derive(Default)]
struct StyleFormats {
    parsed: Vec<Option<Option<NumFmt>>>,
}

impl StyleFormats {
    fn get(&mut self, styles: &[calamine::Style], id: usize) -> Option<&NumFmt> {
        let style = styles.get(id)?;
        if self.parsed.len() <= id {
            self.parsed.resize(id + 1, None);
        }
        let slot = self.parsed.get_mut(id)?;
        slot.get_or_insert_with(|| {
            style
                .number_format
                .as_ref()
                .and_then(|n| NumFmt::parse(&n.format_code))
        })
        .as_ref()
    }
}

/// A number cell shown with its format; `None` for anything else (text, dates, which
/// calamine has already turned into date values) or a format we do not render.
fn formatted_number(v: &DataRef<'_>, f: &NumFmt) -> Option<String> {
    let n = match v {
        DataRef::Float(x) => *x,
        DataRef::Int(i) => *i as f64,
        _ => return None,
    };
    f.format(n)
}

/// A cell as Excel shows it (without applying number formats other than dates).
pub(crate) fn cell_text<T: DataType>(v: &T) -> String {
    if v.is_empty() {
        return String::new();
    }
    if let Some(s) = v.get_string() {
        return s.to_owned();
    }
    if let Some(i) = v.get_int() {
        return i.to_string();
    }
    if let Some(f) = v.get_float() {
        return format_number(f);
    }
    if let Some(b) = v.get_bool() {
        return if b { "TRUE" } else { "FALSE" }.to_owned();
    }
    if let Some(dt) = v.get_datetime() {
        return format_excel_datetime(&dt);
    }
    if let Some(iso) = v.get_datetime_iso() {
        return format_iso_datetime(iso);
    }
    if let Some(d) = v.get_duration_iso() {
        return d.to_owned();
    }
    if let Some(e) = v.get_error() {
        return e.to_string();
    }
    String::new()
}

/// Integral values without `.0` (exactly, up to 10^17); others rounded to 15
/// significant digits as Excel displays them.
pub(crate) fn format_number(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    if f.fract() == 0.0 && f.abs() < 1e17 {
        return format!("{}", f as i64);
    }
    let rounded: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    if rounded.fract() == 0.0 && rounded.abs() < 1e17 {
        return format!("{}", rounded as i64);
    }
    format!("{rounded}")
}

/// Excel serial dates: `YYYY/MM/DD`, with ` HH:MM` (`:SS`) when there is a time of
/// day; a time alone (serial < 1) as `HH:MM`; durations as the number of hours.
fn format_excel_datetime(dt: &calamine::ExcelDateTime) -> String {
    let value = dt.as_f64();
    // Outside 1900-01-01..9999-12-31 the serial is not a date a person would see.
    if !value.is_finite() || !(0.0..2_958_466.0).contains(&value) {
        return format_number(value);
    }
    if dt.is_duration() {
        let total_minutes = (value * 24.0 * 60.0).round() as i64;
        return format!("{}:{:02}", total_minutes / 60, total_minutes % 60);
    }
    let (y, mo, d, h, mi, sec, _) = dt.to_ymd_hms_milli();
    if value < 1.0 {
        return format!("{h:02}:{mi:02}");
    }
    match (h, mi, sec) {
        (0, 0, 0) => format!("{y:04}/{mo:02}/{d:02}"),
        (_, _, 0) => format!("{y:04}/{mo:02}/{d:02} {h:02}:{mi:02}"),
        _ => format!("{y:04}/{mo:02}/{d:02} {h:02}:{mi:02}:{sec:02}"),
    }
}

/// ODS dates (`2024-04-01`, `2024-04-01T09:30:00`) in the same style.
fn format_iso_datetime(iso: &str) -> String {
    let (date, time) = match iso.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (iso, None),
    };
    let date = date.replace('-', "/");
    match time {
        None => date,
        Some(t) if t.starts_with("00:00:00") => date,
        Some(t) => {
            let t: String = t.chars().take(8).collect();
            let t = t.strip_suffix(":00").unwrap_or(&t).to_owned();
            format!("{date} {t}")
        }
    }
}

/// xls, xlsb and ods, read whole with calamine (it has no streaming reader for them).
/// Only called inside the reader child (see [`crate::isolation`]): calamine sizes these
/// sheets by their extreme cell positions before any limit of ours applies.
pub(crate) fn read_legacy(ctx: &mut Ctx<'_>, path: &str, bytes: &[u8]) -> Result<(), Problem> {
    if bytes.starts_with(&CFB_MAGIC) && matches!(cfb_problem(bytes), Problem::Encrypted(_)) {
        return Err(cfb_problem(bytes));
    }
    let cursor = Cursor::new(bytes);
    let mut book: calamine::Sheets<Cursor<&[u8]>> = match crate::extension(path).as_str() {
        "ods" => calamine::Sheets::Ods(calamine::Ods::new(cursor).map_err(|e| match e {
            calamine::OdsError::Password => Problem::encrypted("password-protected ods"),
            other => calamine_problem(&other),
        })?),
        "xlsb" => calamine::Sheets::Xlsb(calamine::Xlsb::new(cursor).map_err(|e| match e {
            calamine::XlsbError::Password => Problem::encrypted("password-protected xlsb"),
            other => calamine_problem(&other),
        })?),
        _ => calamine::Sheets::Xls(calamine::Xls::new(cursor).map_err(|e| match e {
            calamine::XlsError::Password => Problem::encrypted("password-protected xls"),
            other => calamine_problem(&other),
        })?),
    };
    for name in book.sheet_names() {
        let sheet_path = format!("{path}#{name}");
        let range = match book.worksheet_range(&name) {
            Ok(range) => range,
            Err(e) => {
                ctx.problem(&sheet_path, calamine_problem(&e));
                continue;
            }
        };
        // Cells left of the used range keep their column: pad by its first column.
        let first_col = range.start().map_or(0, |(_, col)| col as usize);
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut exhausted = false;
        for row in range.rows() {
            let mut cells: Vec<String> = row.iter().map(cell_text).collect();
            while cells.last().is_some_and(String::is_empty) {
                cells.pop();
            }
            if cells.is_empty() {
                continue;
            }
            if !ctx.budget.take_cells(first_col + cells.len()) {
                exhausted = true;
                break;
            }
            let mut padded = vec![String::new(); first_col];
            padded.append(&mut cells);
            rows.push(padded);
        }
        if !finish_sheet(ctx, &sheet_path, &name, rows, exhausted) {
            return Ok(());
        }
    }
    Ok(())
}

/// Hands a read sheet over as a table part; when the cell budget ran out, notes it and
/// returns false (stop reading further sheets).
fn finish_sheet(
    ctx: &mut Ctx<'_>,
    sheet_path: &str,
    name: &str,
    rows: Vec<Vec<String>>,
    exhausted: bool,
) -> bool {
    ctx.part(
        sheet_path.to_owned(),
        Content::Table {
            sheet: Some(name.to_owned()),
            rows,
        },
    );
    if exhausted {
        ctx.cells_exhausted(sheet_path);
    }
    !exhausted
}
