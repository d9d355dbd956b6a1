//! Arbitrary bytes as a Sent folder: read as an mbox, each message learned into an
//! in-memory history and its 宛名 block parsed, then a check with that history. Nothing
//! may panic; hostile MIME, broken encodings and odd From_ lines included.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use sendguard_engine::{Draft, Engine, Policy, addressee};
use sendguard_history::lesson::{Lesson, Me, Origin};
use sendguard_history::mbox::{MboxItem, MboxReader};
use sendguard_history::{HistoryStore, OrganisationList};

/// Compiling the policy's detectors costs more than a run: once per process.
fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(Policy::builtin()))
}

fuzz_target!(|data: &[u8]| {
    let policy = engine().policy();
    let Ok(mut store) = HistoryStore::open_in_memory() else {
        return;
    };
    let mut last: Option<Draft> = None;
    for item in MboxReader::new(data).take(64) {
        let Ok(MboxItem::Message(raw)) = item else {
            continue;
        };
        let draft = Draft::from_eml(&raw);
        let _ = addressee::parse_display_name(&String::from_utf8_lossy(&raw));
        if let Ok(lesson) = Lesson::from_draft(&draft, Origin::Stored { raw: &raw }, &Me::anyone(), policy) {
            let _ = store.learn(&lesson);
        }
        last = Some(draft);
    }
    let text = String::from_utf8_lossy(data);
    let _ = addressee::parse_addressee(&text);
    let _ = OrganisationList::parse(&text);
    if let (Some(draft), Ok(snapshot)) = (last, store.snapshot(&OrganisationList::default())) {
        let _ = engine().check_with_history(&draft, "fuzz", Some(&snapshot));
    }
});
