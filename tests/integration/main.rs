//! The integration tests, gathered in one target so they build and link once.

mod cli;
mod edits;
mod exports;
mod gui;
mod gui_edits;
mod loading_gui;
mod pipeline;
mod preview;
mod quality;
mod sentence_model;
mod support;
