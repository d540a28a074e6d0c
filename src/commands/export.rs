//! `hallway export`: write sessions as an iCalendar file.

use super::{Context, FilterArgs, count, print};
use crate::calendar::CalendarName;
use crate::model::Session;
use color_eyre::eyre::{Result, WrapErr};
use std::path::PathBuf;

/// The arguments of `hallway export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only the starred sessions (without it, every session); none starred: status 1.
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
fn plan_marks(cx: &Context, tell: bool) -> Result<crate::calendar::PlanMarks> {
    let loaded = super::load_stars(&cx.schedule, &cx.sources)?;
    if tell {
        loaded.tell();
    }
    Ok(crate::calendar::PlanMarks {
        priorities: loaded.stars.priorities(&cx.schedule),
        notes: loaded.stars.note_texts(&cx.schedule),
    })
}

/// Writes the sessions passing the filter (see `calendar::planned_ics`), with the user's
/// priorities and notes, to `--output` or standard output, and says on stderr how many went
/// to a file and which got an assumed end. Nothing to export is "nothing found" (status 1),
/// and no file is written.
pub fn run(args: &Args, cx: &mut Context) -> Result<()> {
    // The calendar's descriptions hold the abstracts, which a library copy's cache leaves
    // unread.
    cx.read_all_abstracts()?;
    let filter = args.filter.filter(cx)?;
    let sessions = cx.sessions_passing(args.starred, &filter)?;
    if sessions.is_empty() {
        let what = if args.starred {
            "no starred session"
        } else {
            "no session"
        };
        let filtered = if filter.is_empty() {
            ""
        } else {
            " passes the filter"
        };
        let hint = if args.starred && filter.is_empty() {
            " (star some with s in the app, or hallway star ID)"
        } else {
            ""
        };
        return Err(super::usage::NothingFound(format!(
            "{what}{filtered} to export: no calendar written{hint}"
        ))
        .into());
    }
    let name = if args.starred {
        CalendarName::Starred
    } else {
        CalendarName::Schedule
    };
    let marks = plan_marks(cx, !args.starred)?;
    let text = crate::calendar::planned_ics(&cx.schedule, &sessions, &marks, name);
    match &args.output {
        Some(path) => {
            std::fs::write(path, text)
                .wrap_err_with(|| format!("cannot write {}", path.display()))?;
            let what = if args.starred {
                "starred session"
            } else {
                "session"
            };
            eprintln!(
                "hallway: wrote {} to {}",
                count(sessions.len(), what),
                crate::text::visible(&path.display().to_string())
            );
        }
        None => print(&text)?,
    }
    if let Some(note) = assumed_ends(&sessions) {
        eprintln!("hallway: {note}");
    }
    Ok(())
}

/// What to say of the sessions without a known end, which the calendar gives
/// `ASSUMED_LENGTH_MINUTES`: `None` when every end is known.
fn assumed_ends(sessions: &[&Session]) -> Option<String> {
    let unknown = sessions.iter().filter(|s| s.end.is_none()).count();
    let minutes = crate::model::ASSUMED_LENGTH_MINUTES;
    match unknown {
        0 => None,
        1 => Some(format!(
            "1 session has no announced end: it is exported as {minutes} minutes long (its description says so)"
        )),
        n if n == sessions.len() => Some(format!(
            "no session has an announced end: each is exported as {minutes} minutes long (their descriptions say so)"
        )),
        n => Some(format!(
            "{n} of {} sessions have no announced end: they are exported as {minutes} minutes long (their descriptions say so)",
            sessions.len()
        )),
    }
}
