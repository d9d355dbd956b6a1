//! PLACEHOLDER until the detector module lands.
use unicode_normalization::UnicodeNormalization;
#[derive(Debug)]
pub struct Normalized {
    pub text: String,
}
impl Normalized {
    pub fn new(s: &str) -> Normalized {
        Normalized {
            text: s.nfkc().collect(),
        }
    }
}
