//! The TypeScript side of the contract: `ui/src/ipc/generated.ts` is written from the
//! Rust types the app sends and receives (`ts-rs`), so the screens and the backend
//! cannot drift apart. A test compares the committed file with what these types give
//! now; `SENDGUARD_BLESS=1 cargo test -p sendguard-app typescript` rewrites it (never
//! under CI, where a difference must fail).

use ts_rs::TS;

/// Every exported declaration, in a stable order, as the committed file holds them.
pub fn generated() -> String {
    use sendguard_engine::report as r;
    use sendguard_nearmiss as n;
    let declarations = [
        // The check contract (crates/engine).
        r::Severity::decl(),
        r::Verdict::decl(),
        r::Field::decl(),
        r::CheckId::decl(),
        r::PiiType::decl(),
        r::PartyRole::decl(),
        r::Party::decl(),
        r::FindingJson::decl(),
        r::RecipientReport::decl(),
        r::AttachmentReport::decl(),
        r::Report::decl(),
        // The dialog's answer (crates/hook, src-tauri).
        n::Replacement::decl(),
        sendguard_hook::FixChanges::decl(),
        crate::queue::PendingCheck::decl(),
        crate::queue::DialogDecision::decl(),
        // The near-miss log (crates/nearmiss).
        n::Decision::decl(),
        n::ReviewStatus::decl(),
        n::Category::decl(),
        n::Review::decl(),
        n::StoredChanges::decl(),
        n::StoredRecipient::decl(),
        n::StoredAttachment::decl(),
        n::LoggedEvent::decl(),
        n::LoggedManual::decl(),
        n::Item::decl(),
        n::WeekStats::decl(),
        n::UserStats::decl(),
        n::Stats::decl(),
        n::ImportCounts::decl(),
        n::FilterQuery::decl(),
        // The app's commands (src-tauri).
        crate::commands::IpcErrorCode::decl(),
        crate::commands::IpcError::decl(),
        crate::commands::ExportResult::decl(),
        crate::commands::ReviewInput::decl(),
        crate::commands::ReportInput::decl(),
        crate::commands::ImportProgress::decl(),
        crate::commands::ImportFailure::decl(),
        crate::commands::ImportSummary::decl(),
        crate::commands::HeldMail::decl(),
        crate::settings::SettingsValues::decl(),
        crate::settings::SettingsLimits::decl(),
        crate::settings::SettingsView::decl(),
        crate::history::HistoryStatus::decl(),
        crate::history::HistoryLearnProgress::decl(),
        crate::history::HistoryLearnSummary::decl(),
        crate::history::OrganisationRow::decl(),
        crate::history::OrganisationFile::decl(),
        crate::history::Organisations::decl(),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by src-tauri/src/typescript.rs (ts-rs). Do not edit:\n\
         // change the Rust type, then `SENDGUARD_BLESS=1 cargo test -p sendguard-app typescript`.\n\
         /* eslint-disable */\n",
    );
    for declaration in declarations {
        out.push('\n');
        out.push_str("export ");
        out.push_str(&declaration);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typescript_types_match_the_rust_types() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/ipc/generated.ts");
        let now = generated();
        if std::env::var_os("SENDGUARD_BLESS").is_some() {
            assert!(
                std::env::var_os("CI").is_none(),
                "SENDGUARD_BLESS is refused under CI: the committed types must already match"
            );
            std::fs::write(&path, &now).expect("write ui/src/ipc/generated.ts");
            return;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == now,
            "ui/src/ipc/generated.ts differs from the Rust types; run \
             `SENDGUARD_BLESS=1 cargo test -p sendguard-app typescript` and commit the file"
        );
    }
}
