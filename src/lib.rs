//! Topic Atlas: the topics in a pile of news.
//!
//! The pipeline, usable without any GUI: [`corpus`] loads documents, [`text`] analyses them,
//! [`vectorize`] builds TF-IDF vectors, [`reduce`] turns them into dense LSA vectors and map
//! positions, [`cluster`] groups them into topics and [`topics`] names them. [`pipeline`] runs
//! the stages with progress, cancellation and caching.

#[cfg(feature = "gui")]
pub mod app;
pub mod cluster;
pub mod corpus;
pub mod export;
pub mod pipeline;
pub mod progress;
pub mod reduce;
pub mod text;
pub mod topics;
pub mod vectorize;
