//! PDF and xls/xlsb/ods attachments are read in a child process (`sendguard
//! __read-attachment`) with memory and time limits: a file crafted to overflow the
//! parser's stack or to allocate gigabytes costs the person a note saying it was not
//! read, never the check itself. These tests run the real binary, child included.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

/// `sendguard check --format json` on one message; returns the report and exit code.
fn check(raw: &[u8]) -> (Value, i32) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sendguard"))
        .args([
            "check",
            "--format",
            "json",
            "--internal-domain",
            "sakura-sys.co.jp",
            "-",
        ])
        .env_remove("SENDGUARD_ORG_POLICY")
        .env("SENDGUARD_CONFIG_DIR", env!("CARGO_TARGET_TMPDIR"))
        .env("SENDGUARD_DATA_DIR", env!("CARGO_TARGET_TMPDIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run sendguard");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(raw)
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON report ({e}); stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (report, out.status.code().unwrap_or(-1))
}

/// A mail to an outside partner carrying one base64 attachment.
fn mail_with(name: &str, content_type: &str, data: &[u8]) -> Vec<u8> {
    use std::fmt::Write as _;
    const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut encoded = String::new();
    for (i, chunk) in data.chunks(3).enumerate() {
        if i > 0 && i % 19 == 0 {
            encoded.push_str("\r\n");
        }
        let n = chunk.iter().fold(0u32, |n, &b| n << 8 | u32::from(b)) << (8 * (3 - chunk.len()));
        for k in 0..4 {
            if k <= chunk.len() {
                encoded.push(char::from(B64[(n >> (18 - 6 * k) & 63) as usize]));
            } else {
                encoded.push('=');
            }
        }
    }
    let mut m = String::new();
    let _ = write!(
        m,
        "From: a@sakura-sys.co.jp\r\nTo: b@partner.co.jp\r\nSubject: =?UTF-8?B?6LOH5paZ?=\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n\
         --XX\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nご確認ください。\r\n\
         --XX\r\nContent-Type: {content_type}; name=\"{name}\"\r\n\
         Content-Disposition: attachment; filename=\"{name}\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{encoded}\r\n--XX--\r\n"
    );
    m.into_bytes()
}

/// An ODS spreadsheet whose only sheet has `rows` (cell XML per row).
fn ods(rows: &str) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="名簿">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = SimpleFileOptions::default();
    zip.start_file("mimetype", stored).expect("zip");
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .expect("zip");
    zip.start_file("content.xml", deflated).expect("zip");
    zip.write_all(content.as_bytes()).expect("zip");
    zip.start_file("META-INF/manifest.xml", deflated)
        .expect("zip");
    zip.write_all(manifest.as_bytes()).expect("zip");
    zip.finish().expect("zip").into_inner()
}

fn string_row(cells: &[&str]) -> String {
    let cells: String = cells
        .iter()
        .map(|c| format!(r#"<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>"#))
        .collect();
    format!("<table:table-row>{cells}</table:table-row>")
}

fn findings<'a>(report: &'a Value, check: &str) -> Vec<&'a Value> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["check"] == check)
        .collect()
}

fn messages(report: &Value, check: &str) -> String {
    findings(report, check)
        .iter()
        .map(|f| f["message"].as_str().unwrap_or_default().to_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn an_ods_customer_list_is_read_and_its_records_counted() {
    let rows = [
        string_row(&["氏名", "住所", "電話番号"]),
        string_row(&["山田太郎", "東京都千代田区丸の内1-2-3", "090-1234-5678"]),
        string_row(&["佐藤花子", "大阪府大阪市北区梅田1-1-1", "080-2222-3333"]),
        string_row(&["鈴木一郎", "愛知県名古屋市中区栄3-4-5", "070-4444-5555"]),
    ]
    .concat();
    let (report, code) = check(&mail_with(
        "会員名簿.ods",
        "application/vnd.oasis.opendocument.spreadsheet",
        &ods(&rows),
    ));
    assert_eq!(code, 1);
    let records: Vec<_> = findings(&report, "personal_data")
        .into_iter()
        .filter(|f| f["type"] == "record")
        .collect();
    assert_eq!(records.len(), 1, "{report:#}");
    assert_eq!(records[0]["count"], 3);
    assert_eq!(records[0]["location"], "attachment:会員名簿.ods");
}

#[test]
fn a_pdf_that_overflows_the_parsers_stack_is_reported_not_read() {
    let deep = 100_000;
    let mut pdf = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /X ".to_vec();
    pdf.extend(std::iter::repeat_n(b'[', deep));
    pdf.extend(std::iter::repeat_n(b']', deep));
    pdf.extend_from_slice(
        b" >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n\
          trailer\n<< /Root 1 0 R /Size 3 >>\n%%EOF\n",
    );
    let (report, code) = check(&mail_with("deep.pdf", "application/pdf", &pdf));
    assert_eq!(code, 1, "{report:#}");
    let text = messages(&report, "attachment");
    assert!(text.contains("deep.pdf: "), "{text}");
    assert!(
        text.contains("確認できません") || text.contains("読めません"),
        "{text}"
    );
}

#[test]
fn a_spreadsheet_that_asks_for_gigabytes_stops_at_the_memory_limit() {
    // 10,000 rows × 9,000 empty columns: 90 million cells to a reader that sizes the
    // sheet by its extreme cells (several GB), in a file of under a kilobyte.
    let rows = format!(
        "{}<table:table-row table:number-rows-repeated=\"10000\"><table:table-cell table:number-columns-repeated=\"9000\"/></table:table-row>\
         <table:table-row><table:table-cell table:number-columns-repeated=\"9000\"/>{}</table:table-row>",
        string_row(&["先頭"]),
        r#"<table:table-cell office:value-type="string"><text:p>末尾</text:p></table:table-cell>"#,
    );
    let started = std::time::Instant::now();
    let (report, code) = check(&mail_with(
        "big.ods",
        "application/vnd.oasis.opendocument.spreadsheet",
        &ods(&rows),
    ));
    assert_eq!(code, 1, "{report:#}");
    let text = messages(&report, "attachment");
    assert!(text.contains("big.ods: "), "{text}");
    assert!(text.contains("the reader stopped"), "{text}");
    // Not a timed assert on speed: only that the check ended, well inside its budget.
    assert!(started.elapsed().as_secs() < 60);
}
