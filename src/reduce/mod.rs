//! From sparse term vectors to dense ones: LSA, and the 2-D layout of the map.

pub mod layout;
pub mod lsa;

pub use layout::{Layout, layout};
pub use lsa::{Lsa, LsaSettings, lsa};
