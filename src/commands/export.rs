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

/// The priorities and notes the export adds to the events.
/// (`tell`: say what loading the stars found; `--starred` has said it already.)
fn plan_marks(schedule: &crate::model::Schedule, tell: bool) -> Result<crate::calendar::PlanMarks> {
    let loaded = super::load_stars(schedule)?;
    if tell {
        loaded.tell();
    }
    Ok(crate::calendar::PlanMarks {
        priorities: loaded.favourites.priorities(),
        notes: loaded.favourites.note_texts(),
    })
}

/// Writes the sessions passing the filter (see `calendar::planned_ics`), with the user's
/// priorities and notes, to `--output` or standard output.
pub fn run(args: &Args, cx: &Context) -> Result<()> {
    let filter = args.filter.filter(&cx.schedule)?;
    let sessions = cx.sessions_passing(args.starred, &filter)?;
    let marks = plan_marks(&cx.schedule, !args.starred)?;
    let text = crate::calendar::planned_ics(&cx.schedule, &sessions, &marks);
    match &args.output {
        Some(path) => {
            std::fs::write(path, text).wrap_err_with(|| format!("cannot write {}", path.display()))
        }
        None => print(&text),
    }
}
