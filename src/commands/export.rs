//! `hallway export`: write sessions as an iCalendar file.

use super::{Context, FilterArgs, print};
use color_eyre::eyre::{Result, WrapErr};
use std::path::PathBuf;

/// The arguments of `hallway export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only the starred sessions (without it, every session).
    #[arg(long)]
    starred: bool,
    /// iCalendar format (the only one there is; accepted for clarity in scripts).
    #[arg(long)]
    ics: bool,
    /// Write to this file instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    filter: FilterArgs,
}

/// Writes the sessions passing the filter (see `calendar::starred_ics`) to `--output` or
/// standard output.
pub fn run(args: &Args, cx: &Context) -> Result<()> {
    let filter = args.filter.filter(cx)?;
    let sessions = cx.sessions_passing(args.starred, &filter)?;
    let text = crate::calendar::starred_ics(&cx.schedule, &sessions);
    match &args.output {
        Some(path) => {
            std::fs::write(path, text).wrap_err_with(|| format!("cannot write {}", path.display()))
        }
        None => print(&text),
    }
}
