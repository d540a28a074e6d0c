//! hallway: browse a conference schedule in the terminal.
#![forbid(unsafe_code)]

pub mod app;
pub mod cli;
pub mod formats;
pub mod keys;
pub mod model;
pub mod search;
pub mod time;
pub mod tui;
pub mod ui;
