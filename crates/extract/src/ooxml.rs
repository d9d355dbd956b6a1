//! Word (.docx) and PowerPoint (.pptx): zip + XML read with quick-xml by a small walker.
//!
//! A walker of our own keeps table rows (a docx table of customers is a list of
//! records) and skips what a person does not see as text: deleted revisions
//! (`w:delText`), field codes (`w:instrText`), ruby readings (`w:rt`, else 山田 reads
//! やまだ山田) and `mc:Fallback` copies of text boxes (else they appear twice). Merged
//! cells (`w:gridSpan`) are padded so columns stay aligned.

use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};

use crate::sheet::{CFB_MAGIC, cfb_problem};
use crate::{Content, Ctx, Problem, archive};

/// Reads one part of the container by name, within the byte limits.
fn read_part(
    ctx: &mut Ctx,
    zip: &mut archive::Archive<'_>,
    name: &str,
) -> Result<Vec<u8>, Problem> {
    let index = zip
        .index_for_name(name)
        .ok_or_else(|| Problem::unreadable(format!("{name} is missing")))?;
    if let Some(how) = archive::entry(zip, index)?.encryption {
        return Err(Problem::encrypted(&format!("{how}-encrypted part {name}")));
    }
    archive::read_member(ctx, zip, index, true)
}

fn open_container<'a>(bytes: &'a [u8]) -> Result<archive::Archive<'a>, Problem> {
    if bytes.starts_with(&CFB_MAGIC) {
        return Err(cfb_problem(bytes));
    }
    archive::open(bytes)
}

/// The text of an entity reference (`&amp;`, `&#x3042;`).
fn resolve_ref(r: &BytesRef<'_>) -> Option<char> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(c);
    }
    match r.xml10_content().as_ref() {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

fn local(e: &BytesStart<'_>) -> String {
    e.local_name().as_ref().to_owned()
}

/// Elements whose content a reader does not see as text.
fn skipped(local: &str) -> bool {
    matches!(
        local,
        "delText" | "instrText" | "rt" | "Fallback" | "delInstrText"
    )
}

fn grid_span(e: &BytesStart<'_>) -> usize {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == "val")
        .and_then(|a| a.value.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, 64)
}

#[derive(Default)]
struct Table {
    rows: Vec<Vec<String>>,
    row: Option<Vec<String>>,
    cell: Option<String>,
    span: usize,
}

pub(crate) fn read_docx(ctx: &mut Ctx, path: &str, bytes: &[u8]) -> Result<(), Problem> {
    let mut zip = open_container(bytes)?;
    let xml = read_part(ctx, &mut zip, "word/document.xml")?;
    let mut reader = Reader::from_reader(xml.as_slice());
    let mut buf = Vec::new();

    let mut lines: Vec<String> = Vec::new();
    let mut para = String::new();
    let mut tables: Vec<Table> = Vec::new();
    let mut finished_tables: Vec<Vec<Vec<String>>> = Vec::new();
    let mut skip = 0usize;
    let mut in_t = false;
    let mut in_run = false;
    let mut exhausted = false;
    let mut broken = None;

    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) => break,
            Ok(ev) => ev,
            Err(e) => {
                broken = Some(Problem::unreadable(format!("word/document.xml: {e}")));
                break;
            }
        };
        match event {
            Event::Start(e) => {
                let name = local(&e);
                if skip > 0 || skipped(&name) {
                    skip += 1;
                } else {
                    match name.as_str() {
                        "t" => in_t = true,
                        "r" => in_run = true,
                        "tbl" => tables.push(Table::default()),
                        "tr" => {
                            if let Some(t) = tables.last_mut() {
                                t.row = Some(Vec::new());
                            }
                        }
                        "tc" => {
                            if let Some(t) = tables.last_mut() {
                                t.cell = Some(String::new());
                                t.span = 1;
                            }
                        }
                        _ => {}
                    }
                }
            }
            Event::Empty(e) => {
                if skip > 0 {
                    continue;
                }
                match local(&e).as_str() {
                    "tab" if in_run => para.push('\t'),
                    "br" | "cr" if in_run => para.push('\n'),
                    "gridSpan" => {
                        if let Some(t) = tables.last_mut() {
                            t.span = grid_span(&e);
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                match e.local_name().as_ref() {
                    "t" => in_t = false,
                    "r" => in_run = false,
                    "p" => {
                        let text = std::mem::take(&mut para);
                        match tables.last_mut().and_then(|t| t.cell.as_mut()) {
                            Some(cell) => {
                                if !cell.is_empty() {
                                    cell.push('\n');
                                }
                                cell.push_str(&text);
                            }
                            None => lines.push(text),
                        }
                    }
                    "tc" => {
                        if let Some(t) = tables.last_mut()
                            && let Some(cell) = t.cell.take()
                        {
                            if !ctx.budget.take_cells(t.span) {
                                exhausted = true;
                                break;
                            }
                            let row = t.row.get_or_insert_with(Vec::new);
                            row.push(cell);
                            row.extend(std::iter::repeat_n(String::new(), t.span - 1));
                        }
                    }
                    "tr" => {
                        if let Some(t) = tables.last_mut()
                            && let Some(row) = t.row.take()
                        {
                            t.rows.push(row);
                        }
                    }
                    "tbl" => {
                        if let Some(t) = tables.pop() {
                            finished_tables.push(t.rows);
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(e) if in_t && skip == 0 => para.push_str(&e.xml10_content()),
            Event::CData(e) if in_t && skip == 0 => {
                para.push_str(e.as_ref());
            }
            Event::GeneralRef(r) if in_t && skip == 0 => {
                if let Some(c) = resolve_ref(&r) {
                    para.push(c);
                }
            }
            _ => {}
        }
        buf.clear();
    }
    // Whatever was open when the document ended (truncated XML) still counts.
    if !para.is_empty() {
        lines.push(para);
    }
    while let Some(mut t) = tables.pop() {
        if let Some(row) = t.row.take() {
            t.rows.push(row);
        }
        finished_tables.push(t.rows);
    }

    let text = lines.join("\n");
    if !text.trim().is_empty() {
        ctx.part(path.to_owned(), Content::Text(text));
    }
    for (i, rows) in finished_tables.into_iter().enumerate() {
        ctx.part(
            format!("{path}#table{}", i + 1),
            Content::Table { sheet: None, rows },
        );
    }
    if exhausted {
        ctx.cells_exhausted(path);
    }
    if let Some(problem) = broken {
        return Err(problem);
    }
    read_docx_margins(ctx, path, &mut zip);
    Ok(())
}

/// Headers, footers, comments, footnotes and endnotes: a name and address typed into a
/// letter's header or a reviewer's comment travel with the file as much as the body.
/// Each is read like a slide (paragraphs as lines, table cells tab-separated) into a
/// part `<file>#header1`, `#footer1`, `#comments`, `#footnotes`, `#endnotes`.
fn read_docx_margins(ctx: &mut Ctx, path: &str, zip: &mut archive::Archive<'_>) {
    let mut names: Vec<(String, String)> = zip
        .file_names()
        .filter_map(|name| {
            let name = name.ok()?;
            let stem = name.strip_prefix("word/")?.strip_suffix(".xml")?;
            let margin = ["header", "footer"].iter().any(|m| {
                stem.strip_prefix(m)
                    .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
            }) || matches!(stem, "comments" | "footnotes" | "endnotes");
            margin.then(|| (name.to_string(), stem.to_owned()))
        })
        .collect();
    names.sort_by_key(|(_, stem)| {
        (
            stem.trim_end_matches(|c: char| c.is_ascii_digit())
                .to_owned(),
            stem.len(),
            stem.clone(),
        )
    });
    for (name, stem) in names {
        let part_path = format!("{path}#{stem}");
        if ctx.budget.timed_out() {
            ctx.time_exhausted(&part_path);
            return;
        }
        let xml = match read_part(ctx, zip, &name) {
            Ok(xml) => xml,
            Err(problem) => {
                ctx.problem(&part_path, problem);
                continue;
            }
        };
        let (text, broken) = slide_text(&xml);
        if !text.trim().is_empty() {
            ctx.part(part_path.clone(), Content::Text(text));
        }
        if let Some(e) = broken {
            ctx.problem(&part_path, Problem::unreadable(format!("{name}: {e}")));
        }
    }
}

/// The slide number of `ppt/slides/slideN.xml`.
fn slide_number(name: &str) -> Option<u32> {
    name.strip_prefix("ppt/slides/slide")?
        .strip_suffix(".xml")?
        .parse()
        .ok()
}

pub(crate) fn read_pptx(ctx: &mut Ctx, path: &str, bytes: &[u8]) -> Result<(), Problem> {
    let mut zip = open_container(bytes)?;
    let mut slides: Vec<(u32, String)> = zip
        .file_names()
        .filter_map(|n| {
            let n = n.ok()?;
            slide_number(&n).map(|k| (k, n.into_owned()))
        })
        .collect();
    if slides.is_empty() && zip.index_for_name("ppt/presentation.xml").is_none() {
        return Err(Problem::unreadable("ppt/presentation.xml is missing"));
    }
    slides.sort();
    for (number, name) in slides {
        let slide_path = format!("{path}#slide{number}");
        let xml = match read_part(ctx, &mut zip, &name) {
            Ok(xml) => xml,
            Err(problem) => {
                ctx.problem(&slide_path, problem);
                if ctx.budget.total_bytes_left() == 0 {
                    return Ok(());
                }
                continue;
            }
        };
        let (text, broken) = slide_text(&xml);
        if !text.trim().is_empty() {
            ctx.part(slide_path.clone(), Content::Text(text));
        }
        if let Some(e) = broken {
            ctx.problem(&slide_path, Problem::unreadable(format!("{name}: {e}")));
        }
    }
    Ok(())
}

/// The visible text of one slide: paragraphs as lines, table cells separated by tabs.
fn slide_text(xml: &[u8]) -> (String, Option<quick_xml::Error>) {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = String::new();
    let mut skip = 0usize;
    let mut in_t = false;
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) => break,
            Ok(ev) => ev,
            Err(e) => return (out, Some(e)),
        };
        match event {
            Event::Start(e) => {
                let name = local(&e);
                if skip > 0 || skipped(&name) {
                    skip += 1;
                } else if name == "t" {
                    in_t = true;
                }
            }
            Event::Empty(e) if skip == 0 && e.local_name().as_ref() == "br" => out.push('\n'),
            Event::End(e) => {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                match e.local_name().as_ref() {
                    "t" => in_t = false,
                    "p" if !out.is_empty() && !out.ends_with('\n') && !out.ends_with('\t') => {
                        out.push('\n');
                    }
                    "tc" => {
                        while out.ends_with('\n') {
                            out.pop();
                        }
                        out.push('\t');
                    }
                    "tr" => {
                        while out.ends_with('\t') {
                            out.pop();
                        }
                        out.push('\n');
                    }
                    _ => {}
                }
            }
            Event::Text(e) if in_t && skip == 0 => out.push_str(&e.xml10_content()),
            Event::GeneralRef(r) if in_t && skip == 0 => {
                if let Some(c) = resolve_ref(&r) {
                    out.push(c);
                }
            }
            _ => {}
        }
        buf.clear();
    }
    (out, None)
}
