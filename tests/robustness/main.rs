//! Robustness: whatever a folder holds, loading takes what it can, says what it skipped,
//! never crashes, never hangs and never changes a file. One test target, so it builds and
//! links once.

#![cfg(unix)]

mod cancel;
mod command;
mod fuzz;
mod hostile;
mod large_load;
mod loading;
mod snapshot;
mod window;
