//! hallway: browse a conference schedule in the terminal.
#![forbid(unsafe_code)]

pub mod app;
pub mod cache;
pub mod calendar;
pub mod changes;
pub mod commands;
pub mod config;
pub mod favourites;
pub mod fetch;
pub mod filter;
pub mod formats;
pub mod keys;
pub mod library;
pub mod model;
pub mod notify;
pub mod search;
pub mod sources;
pub mod text;
pub mod time;
pub mod tui;
pub mod ui;
pub mod update;
