//! Fuzz the whole check path: arbitrary bytes as an RFC 5322 message must never panic,
//! overflow the stack or hang. Run (stable toolchain):
//! `cargo fuzz run check_eml --sanitizer none -- -max_total_time=600`
#![no_main]

use libfuzzer_sys::fuzz_target;
use sendguard_engine::{Engine, Policy};
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let mut policy = Policy::builtin();
        policy.add_internal_domain("sakura-sys.co.jp");
        policy.add_org_name("サクラシステム");
        Engine::new(policy)
    })
}

fuzz_target!(|data: &[u8]| {
    let report = engine().check_eml(data, "fuzz.eml");
    // The verdict must agree with the findings.
    assert_eq!(report.verdict, sendguard_engine::verdict(&report.findings));
});
