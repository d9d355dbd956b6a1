//! Text utilities shared by the checks: the parts of a body (own text, quoted mail,
//! signature), phrase matching, and the 宛名 block. Normalisation is [`crate::normalize`].

pub(crate) mod company;
pub mod phrases;
pub mod regions;
pub(crate) mod salutation;
