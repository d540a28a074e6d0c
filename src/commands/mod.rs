//! The subcommands, one module each with its arguments, its run and what it prints; here, what
//! they share: the `Command` enum, the options every command takes, opening the schedule,
//! loading the stars and printing.

pub mod agenda;
pub mod browse;
pub mod export;
pub mod format;
pub mod import;
pub mod library;
pub mod list;
pub mod next;
pub mod note;
pub mod notes;
pub mod now;
pub mod remove;
pub mod search;
pub mod star;
pub mod stars;
pub mod update;

use crate::favourites::Favourites;
use crate::filter::{Facet, Filter};
use crate::formats::{self, ImportOptions};
use crate::model::{Schedule, Session};
use crate::text::visible;
use crate::time;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use clap::Subcommand;
use color_eyre::eyre::{Result, WrapErr, eyre};
use format::Template;
use std::collections::BTreeSet;
use std::path::Path;

/// The schedule opened when none is given.
const BUNDLED: &str = include_str!("../../assets/kubecon-eu-2024.ron");

/// The subcommands; without one, `hallway` opens the browser (see `browse`).
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add a schedule (a file or an http(s) URL) to the library, to open offline by name.
    Import(import::Args),
    /// List the imported schedules.
    Library(library::Args),
    /// Take a schedule out of the library (its stars are kept, for when it is imported again).
    Remove(remove::Args),
    /// Import a library schedule again from its source (a URL answers 304 if it did not change)
    /// and print what changed: new, cancelled, moved and retitled sessions, starred ones first.
    Update(update::Args),
    /// Print the sessions on now, with the minutes left (for a status line or a prompt).
    Now(now::Args),
    /// Print the sessions starting soon, soonest first, with the minutes until they start.
    Next(next::Args),
    /// Print the starred sessions in time order, with the ones they clash with; `stars export`
    /// and `stars import` move them, with priorities and notes, to another machine.
    Stars(stars::Args),
    /// Print the note on a session, or set it (`hallway note ID "ask about the ARM port"`).
    Note(note::Args),
    /// Print every note, in time order (notes of sessions gone last).
    Notes(notes::Args),
    /// Write the plan to print or paste: starred sessions day by day with priorities, clashes,
    /// free time and notes (text, Markdown or Org).
    Agenda(agenda::Args),
    /// Star sessions by id (see `hallway list --json`).
    Star(star::Args),
    /// Unstar sessions by id.
    Unstar(star::Args),
    /// Write sessions as an iCalendar (RFC 5545) file, for a phone or desktop calendar.
    Export(export::Args),
    /// Print the sessions matching a fuzzy query, best first (exit status 1 when none match).
    Search(search::Args),
    /// Print every session in timeline order, one per line.
    List(list::Args),
}

/// Options every command takes.
#[derive(Debug, clap::Args)]
pub struct Options {
    /// The schedule to use: a file, or the name of an imported schedule (as SCHEDULE).
    #[arg(
        short = 's',
        long = "schedule",
        value_name = "PATH|NAME",
        global = true
    )]
    schedule: Option<String>,

    /// Behave as if it were this moment: conference-local "2024-03-20T10:30", or RFC 3339.
    #[arg(long, value_name = "TIME", global = true)]
    now: Option<String>,

    /// Show every time in this IANA zone instead of the conference's (e.g. America/New_York).
    #[arg(long, value_name = "ZONE", conflicts_with = "local", global = true)]
    tz: Option<String>,

    /// Show every time in the system's own time zone.
    #[arg(long, global = true)]
    local: bool,
}

impl Options {
    /// The zone `--tz` names, if any.
    fn tz(&self) -> Result<Option<Tz>> {
        let zone = |name: &str| time::parse_zone(name).map_err(|e| eyre!("--tz: {e}"));
        self.tz.as_deref().map(zone).transpose()
    }

    /// The system's zone, when `--local` asks for it.
    fn local_zone(&self) -> Result<Option<Tz>> {
        let zone = || time::system_zone().map_err(|e| eyre!("--local: {e}"));
        self.local.then(zone).transpose()
    }

    /// The moment `--now` names, read in the conference's zone.
    fn now(&self, schedule: &Schedule) -> Result<Option<DateTime<Utc>>> {
        let zone = schedule.conference.time_zone;
        let moment = |text: &str| time::parse_now(text, zone).map_err(|e| eyre!("--now: {e}"));
        self.now.as_deref().map(moment).transpose()
    }
}

/// The filter flags of the commands that print sessions (`list`, `search`, `now`, `next`,
/// `stars`, `export`). Several values of one flag are alternatives; different flags combine.
#[derive(Debug, Default, clap::Args)]
#[command(next_help_heading = "Filters")]
pub struct FilterArgs {
    /// Only sessions of this track ("none": those without one); repeat for several.
    #[arg(long, value_name = "TRACK")]
    track: Vec<String>,
    /// Only sessions in this room ("none": those without one); repeat for several.
    #[arg(long, value_name = "ROOM")]
    room: Vec<String>,
    /// Only sessions of this kind (talk, workshop, …; "none": without one); repeat for several.
    #[arg(long, value_name = "KIND")]
    kind: Vec<String>,
    /// Only sessions in this language ("none": without one); repeat for several.
    #[arg(long, visible_alias = "language", value_name = "LANG")]
    lang: Vec<String>,
    /// Only sessions of this day: a date (2025-02-01) or a day number (1 is the first); repeat
    /// for several.
    #[arg(long, value_name = "DAY")]
    day: Vec<String>,
}

impl FilterArgs {
    /// The filter the flags ask for, each value resolved against the schedule (forgiving case
    /// and accents); a value it does not have is an error naming the closest ones.
    pub fn filter(&self, schedule: &Schedule) -> Result<Filter> {
        let mut filter = Filter::default();
        let flags = [
            (Facet::Track, "--track", &self.track),
            (Facet::Room, "--room", &self.room),
            (Facet::Kind, "--kind", &self.kind),
            (Facet::Language, "--lang", &self.lang),
            (Facet::Day, "--day", &self.day),
        ];
        for (facet, flag, typed) in flags {
            for value in typed {
                let key = crate::filter::resolve_value(schedule, facet, value)
                    .map_err(|e| eyre!("{flag}: {e}"))?;
                if !filter.has(facet, &key) {
                    filter.toggle(facet, &key);
                }
            }
        }
        Ok(filter)
    }
}

/// Whether a session passes a filter made by `FilterArgs` (which never asks for starred or
/// not-over sessions: `--starred` and the clock are each command's own business).
fn passes(filter: &Filter, schedule: &Schedule, session: &Session) -> bool {
    filter.passes(
        schedule,
        session,
        &BTreeSet::new(),
        DateTime::<Utc>::MIN_UTC,
    )
}

/// The schedule to use, where it came from and the zone to show its times in.
struct Opened {
    schedule: Schedule,
    zone: Tz,
    /// The reader's warnings.
    warnings: Vec<String>,
    /// The library name, when it is an imported schedule (its update marks are kept there).
    name: Option<String>,
    /// Why the schedule used last could not be opened, when the bundled one stands in for it:
    /// the app says so where the user looks; a shell command fails with it.
    stand_in: Option<String>,
}

/// Picks and reads the schedule: `-s`, else SCHEDULE (`path`), as a file or a library name;
/// else the one used last, or the bundled one.
fn open(path: Option<&str>, options: &Options) -> Result<Opened> {
    let requested = options.tz()?;
    let mut stand_in = None;
    let (schedule, warnings, name) = match options.schedule.as_deref().or(path) {
        // An existing file is read as it is; anything else is a name in the library.
        Some(arg) if Path::new(arg).exists() => read_file(Path::new(arg), requested)?,
        Some(arg) => {
            let data_dir = crate::library::data_dir()?;
            match crate::library::resolve(&data_dir, arg)? {
                crate::library::Resolved::File(path) => read_file(&path, requested)?,
                crate::library::Resolved::Library(name) => (
                    crate::library::open(&data_dir, &name)?,
                    Vec::new(),
                    Some(name),
                ),
            }
        }
        // No argument: the schedule used last, else the bundled one.
        None => match crate::library::data_dir() {
            // No data directory at all (no home): there is no library to fall back from.
            Err(_) => (bundled()?, Vec::new(), None),
            Ok(dir) => match crate::library::most_recent(&dir).and_then(|recent| {
                let Some(name) = recent else {
                    return Ok(None);
                };
                match crate::library::open(&dir, &name) {
                    Ok(schedule) => Ok(Some((schedule, name))),
                    Err(e) => Err(crate::library::LibraryError::Io {
                        action: "open the schedule used last,",
                        path: crate::library::schedule_path(&dir, &name),
                        source: std::io::Error::other(format!(
                            "{e}; run `hallway update {name}` to fetch it again, or `hallway library --repair`"
                        )),
                    }),
                }
            }) {
                Ok(Some((schedule, name))) => (schedule, Vec::new(), Some(name)),
                Ok(None) => (bundled()?, Vec::new(), None),
                Err(e) => {
                    stand_in = Some(format!("the library could not be read ({e})"));
                    (bundled()?, Vec::new(), None)
                }
            },
        },
    };
    let zone = match requested {
        Some(zone) => zone,
        None => options
            .local_zone()?
            .unwrap_or(schedule.conference.time_zone),
    };
    Ok(Opened {
        schedule,
        zone,
        warnings,
        name,
        stand_in,
    })
}

/// The bundled schedule. It is tested; a failure here is a build defect, reported, not a panic.
fn bundled() -> Result<Schedule> {
    formats::parse(BUNDLED).wrap_err("the bundled schedule is broken")
}

/// Reads a schedule file; one without a time zone is read again in the zone the user named.
/// (No library name: a file opened directly has no update marks.)
fn read_file(
    path: &Path,
    requested: Option<Tz>,
) -> Result<(Schedule, Vec<String>, Option<String>)> {
    let mut imported = formats::load_file(path, &ImportOptions::default())?;
    if let Some(zone) = requested.filter(|_| imported.zone_assumed) {
        imported = formats::load_file(path, &ImportOptions { zone: Some(zone) })?;
    }
    Ok((imported.schedule, imported.warnings, None))
}

/// What a command on one schedule works with: the schedule, the zone to show and the moment.
pub struct Context {
    pub schedule: Schedule,
    pub zone: Tz,
    /// `--now`, exactly, else the system clock's.
    pub now: DateTime<Utc>,
}

impl Context {
    /// Opens the schedule (see `open`) and reads `--now`; the reader's warnings go to stderr.
    pub fn open(path: Option<&str>, options: &Options) -> Result<Context> {
        let Opened {
            schedule,
            zone,
            warnings,
            name: _,
            stand_in,
        } = open(path, options)?;
        // A command never answers about another conference than the one asked for.
        if let Some(why) = stand_in {
            return Err(eyre!(
                "{why}; nothing is answered from another schedule in its place (name one with -s)"
            ));
        }
        let now = options.now(&schedule)?;
        for warning in &warnings {
            eprintln!("hallway: warning: {}", visible(warning));
        }
        Ok(Context {
            schedule,
            zone,
            now: now.unwrap_or_else(Utc::now),
        })
    }

    /// The starred sessions, or every session, that pass the filter, in time order.
    fn sessions_passing(&self, starred: bool, filter: &Filter) -> Result<Vec<&Session>> {
        let mut sessions = self.sessions(starred)?;
        sessions.retain(|s| passes(filter, &self.schedule, s));
        Ok(sessions)
    }

    /// The starred sessions, or every session, in time order.
    fn sessions(&self, starred: bool) -> Result<Vec<&Session>> {
        let schedule = &self.schedule;
        Ok(if starred {
            let loaded = load_stars(schedule)?;
            loaded.tell();
            loaded.favourites.starred_sessions(schedule)
        } else {
            schedule
                .days()
                .iter()
                .flat_map(|d| d.sessions.iter().map(|&i| &schedule.sessions[i]))
                .collect()
        })
    }
}

/// A conference's stars, matched to its schedule.
struct LoadedStars {
    favourites: Favourites,
    /// What the user must be told (a file moved aside, a newer file).
    message: Option<String>,
    /// Stars whose session is gone: (title, when it was).
    missing: Vec<(String, String)>,
}

impl LoadedStars {
    /// Says on stderr what loading the stars did that the user must know (a file moved aside,
    /// naming both paths; a file from a newer hallway), for the commands of the shell.
    fn tell(&self) {
        if let Some(message) = &self.message {
            eprintln!("hallway: {}", crate::text::visible(message));
        }
    }
}

fn load_stars(schedule: &Schedule) -> Result<LoadedStars> {
    let data_dir = crate::library::data_dir()?;
    let (mut favourites, outcome) = Favourites::load(&data_dir, &schedule.conference.id)?;
    let mut message = outcome.message();
    let resolution = favourites.resolve(schedule)?;
    if let Some(moved) = resolution.saved.moved_aside {
        message = Some(moved.to_string());
    }
    let zone = schedule.conference.time_zone;
    let missing = resolution
        .missing
        .into_iter()
        .map(|(_, star)| {
            let when = star
                .start
                .with_timezone(&zone)
                .format("%a %-d %b %H:%M")
                .to_string();
            (star.title, when)
        })
        .collect();
    Ok(LoadedStars {
        favourites,
        message,
        missing,
    })
}

/// How `now` and `next` print each session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// One readable line.
    Text,
    /// One JSON object per line.
    Json,
    /// One line from a template (`--format`).
    Format(Template),
}

/// How `now` and `next` print: `--json`, `--format TEMPLATE` (checked here), or text.
fn output(json: bool, format: Option<&str>) -> Result<Output> {
    Ok(match format {
        Some(text) => Output::Format(Template::parse(text).map_err(|e| eyre!("--format: {e}"))?),
        None if json => Output::Json,
        None => Output::Text,
    })
}

/// Writes to standard output; a closed pipe (`hallway list | head`) ends quietly.
fn print(text: &str) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// "1 session", "2 sessions".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::model::Schedule;

    /// The bundled schedule, which the commands' tests print from.
    pub fn bundled() -> Schedule {
        super::bundled().unwrap()
    }
}
