//! PLACEHOLDER until the look-alike module lands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lookalike { pub domain: String, pub display: String, pub imitates: String, pub message_ja: String }
#[derive(Debug, Default)]
pub struct LookalikeIndex;
impl LookalikeIndex { pub fn new(_p: &[String]) -> Self { LookalikeIndex } pub fn find(&self, _d: &str) -> Option<Lookalike> { None } }
pub fn registrable_domain(d: &str) -> String { d.to_owned() }
