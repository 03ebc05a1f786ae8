//! The integration tests, gathered in one target so they build and link once.

mod cli;
mod edits;
mod gui;
mod loading_gui;
mod pipeline;
mod quality;
mod support;
