//! Text utilities shared by the checks: the parts of a body (own text, quoted mail,
//! signature) and phrase matching. Normalisation is [`crate::normalize`].

pub(crate) mod company;
pub mod phrases;
pub mod regions;
