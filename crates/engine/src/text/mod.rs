//! Text utilities shared by the checks: normalisation with offsets, the parts of a body
//! (own text, quoted mail, signature) and phrase matching.

pub mod normalize;
pub mod phrases;
pub mod regions;
