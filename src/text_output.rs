//! The text report for people: Japanese, grouped the way the dialog groups things
//! (recipients by company, personal data, attachments, other warnings), masked evidence
//! only, and one verdict line. Styles are written always; the `anstream` stream the CLI
//! writes through drops them where they do not belong (a pipe, `NO_COLOR`, `--color
//! never`) and turns them into console calls on old Windows consoles.

use anstyle::{AnsiColor, Color, Style};
use sendguard_engine::draft::clean_display;
use sendguard_engine::{CheckId, Field, Finding, RecipientReport, Report, Severity, Verdict};
use std::collections::BTreeMap;
use std::io::{self, Write};

const BOLD: Style = Style::new().bold();
const RED_BOLD: Style = Style::new()
    .bold()
    .fg_color(Some(Color::Ansi(AnsiColor::Red)));
const YELLOW: Style = Style::new().fg_color(Some(Color::Ansi(AnsiColor::Yellow)));
const YELLOW_BOLD: Style = YELLOW.bold();
const GREEN: Style = Style::new().fg_color(Some(Color::Ansi(AnsiColor::Green)));
const DIM: Style = Style::new().dimmed();

fn paint(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

fn severity(s: Severity) -> String {
    match s {
        Severity::Danger => paint(RED_BOLD, "[危険]"),
        Severity::Warning => paint(YELLOW, "[要確認]"),
        Severity::Info => paint(DIM, "[参考]"),
    }
}

pub fn write(out: &mut impl Write, report: &Report) -> io::Result<()> {
    writeln!(
        out,
        "{}",
        paint(BOLD, &format!("■ {}", clean_display(&report.source)))
    )?;
    let subject = if report.subject.is_empty() {
        "（件名なし）"
    } else {
        &report.subject
    };
    writeln!(out, "件名: {}", clean_display(subject))?;

    write_recipients(out, report)?;

    let by = |pred: &dyn Fn(&Finding) -> bool| -> Vec<&Finding> {
        report.findings.iter().filter(|f| pred(f)).collect()
    };
    let personal = by(&|f| f.check == CheckId::PersonalData);
    let attachments =
        by(&|f| matches!(f.check, CheckId::Attachment | CheckId::EncryptedAttachment));
    let history = by(&|f| is_history_check(f.check));
    let other = by(&|f| {
        !is_history_check(f.check)
            && !matches!(
                f.check,
                CheckId::PersonalData
                    | CheckId::Attachment
                    | CheckId::EncryptedAttachment
                    | CheckId::ExternalRecipient
            )
    });
    // The wrong person from the address book comes first: it is the costliest mistake.
    write_section(out, "宛先の履歴", &history)?;
    write_section(out, "個人情報", &personal)?;
    write_section(out, "添付ファイル", &attachments)?;
    write_section(out, "その他の確認事項", &other)?;

    let needs = report
        .findings
        .iter()
        .filter(|f| f.severity >= Severity::Warning)
        .count();
    let danger = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Danger)
        .count();
    let line = match report.verdict {
        Verdict::Pass => paint(GREEN, "判定: 送信可 (pass) — 確認が必要な項目はありません"),
        Verdict::Confirm => paint(
            YELLOW_BOLD,
            &format!(
                "判定: 要確認 (confirm) — 確認が必要な項目 {needs} 件（うち危険 {danger} 件）"
            ),
        ),
        Verdict::Block => paint(
            RED_BOLD,
            &format!(
                "判定: 送信不可 (block) — ポリシーにより送信できません（確認が必要な項目 {needs} 件）"
            ),
        ),
    };
    writeln!(out, "{line}")?;
    writeln!(out)
}

fn write_recipients(out: &mut impl Write, report: &Report) -> io::Result<()> {
    writeln!(out, "宛先")?;
    let mut by_domain: BTreeMap<&str, Vec<&RecipientReport>> = BTreeMap::new();
    let mut internal = Vec::new();
    for r in &report.recipients {
        if r.external {
            by_domain.entry(r.domain.as_str()).or_default().push(r);
        } else {
            internal.push(r);
        }
    }
    if report.recipients.is_empty() {
        writeln!(out, "  （宛先がありません）")?;
    }
    for (domain, recipients) in &by_domain {
        let tag = if recipients.iter().any(|r| r.freemail) {
            "社外・フリーメール"
        } else {
            "社外"
        };
        writeln!(
            out,
            "  {} {domain}（{} 件）",
            paint(YELLOW, &format!("[{tag}]")),
            recipients.len()
        )?;
        for r in recipients {
            write_recipient(out, r)?;
        }
    }
    if !internal.is_empty() {
        writeln!(out, "  [社内] {} 件", internal.len())?;
        for r in &internal {
            write_recipient(out, r)?;
        }
    }
    Ok(())
}

fn write_recipient(out: &mut impl Write, r: &RecipientReport) -> io::Result<()> {
    writeln!(
        out,
        "    {:<3} {}{}",
        field(r.field),
        clean_display(&r.address),
        name(r.name.as_deref())
    )
}

fn field(f: Field) -> &'static str {
    match f {
        Field::To => "To",
        Field::Cc => "Cc",
        Field::Bcc => "Bcc",
    }
}

fn name(n: Option<&str>) -> String {
    n.map(|n| format!("（{}）", clean_display(n)))
        .unwrap_or_default()
}

fn write_section(out: &mut impl Write, title: &str, findings: &[&Finding]) -> io::Result<()> {
    if findings.is_empty() {
        return Ok(());
    }
    writeln!(out, "{title}")?;
    for f in findings {
        let count = if f.count > 1 {
            format!(" ×{}", f.count)
        } else {
            String::new()
        };
        writeln!(
            out,
            "  {} {}{count}",
            severity(f.severity),
            clean_display(&f.message)
        )?;
        if let Some(evidence) = &f.evidence
            && f.check == CheckId::PersonalData
        {
            writeln!(out, "      該当: {}", clean_display(evidence))?;
        }
        if let Some(suggestion) = &f.suggestion {
            writeln!(
                out,
                "      候補: {}（宛先をこのアドレスに替えられます）",
                clean_display(suggestion)
            )?;
        }
    }
    Ok(())
}

/// The checks that read the person's sending history.
fn is_history_check(check: CheckId) -> bool {
    matches!(
        check,
        CheckId::RecipientMismatch
            | CheckId::AttachmentForOtherParty
            | CheckId::UnusualRecipient
            | CheckId::FirstTimeRecipient
    )
}
