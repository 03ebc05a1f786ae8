//! From sparse term vectors to dense ones: LSA, word meaning from the built-in word vectors,
//! and the 2-D layout of the map with its labels' places.

pub mod label_places;
pub mod layout;
pub mod lsa;
pub mod meaning;
pub mod sentence_model;
pub mod word_vectors;

pub use layout::{Layout, layout};
pub use lsa::{Lsa, LsaSettings, lsa};
