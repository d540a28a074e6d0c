//! The subcommands, one module each with its arguments, its run and what it prints; here, what
//! they share: the `Command` enum, the options every command takes, opening the schedule,
//! loading the stars and printing.

pub mod agenda;
pub mod browse;
pub mod combine;
pub mod complete;
pub mod completions;
pub mod export;
pub mod format;
pub mod import;
pub mod library;
pub mod list;
pub mod man;
pub mod next;
pub mod note;
pub mod notes;
pub mod now;
pub mod remove;
pub mod search;
pub mod star;
pub mod stars;
pub mod update;
pub mod usage;

use crate::filter::{Facet, Filter};
use crate::formats::{self, ImportOptions};
use crate::model::{Schedule, Session};
use crate::sources::{MissingStar, Source, SourceInfo, Stars};
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
    /// List the imported schedules and the combinations.
    Library(library::Args),
    /// Save several library schedules under one name, to open as one (KubeCon with its
    /// co-located events): `hallway combine kubecon-week kubecon colocated`.
    Combine(combine::Args),
    /// Take a schedule or a combination out of the library (stars are kept, for when it is
    /// imported again).
    Remove(remove::Args),
    /// Import a library schedule again from its source (a URL answers 304 if it did not change)
    /// and print what changed: new, cancelled, moved and retitled sessions, starred ones first.
    Update(update::Args),
    /// Print the sessions on now, with the minutes left (for a status line or a prompt).
    Now(Reading<now::Args>),
    /// Print the sessions starting soon, soonest first, with the minutes until they start.
    Next(Reading<next::Args>),
    /// Print the starred sessions in time order, with the ones they clash with; `stars export`
    /// and `stars import` move them, with priorities and notes, to another machine.
    Stars(Reading<stars::Args>),
    /// Print the note on a session, or set it (`hallway note ID "ask about the ARM port"`).
    Note(Reading<note::Args>),
    /// Print every note, in time order (notes of sessions gone last).
    Notes(Reading<notes::Args>),
    /// Write the plan to print or paste: starred sessions day by day with priorities, clashes,
    /// free time and notes (text, Markdown or Org).
    Agenda(Reading<agenda::Args>),
    /// Star sessions by id (see `hallway list --json`).
    Star(Reading<star::Args>),
    /// Unstar sessions by id.
    Unstar(Reading<star::Args>),
    /// Write sessions as an iCalendar (RFC 5545) file, for a phone or desktop calendar.
    Export(Reading<export::Args>),
    /// Print the sessions matching a fuzzy query, best first (exit status 1 when none match).
    Search(Reading<search::Args>),
    /// Print every session in timeline order, one per line.
    List(Reading<list::Args>),
    /// Print a completion script: `hallway completions bash > ~/.local/share/bash-completion/completions/hallway`.
    Completions(completions::Args),
    /// Print the manual page, or write it with one per command: `hallway man --dir
    /// ~/.local/share/man/man1`.
    Man(man::Args),
}

/// The options of the commands that read a schedule (and of the browser): which schedule,
/// which moment, which zone. Each such subcommand takes them after its name; given before it
/// (`hallway -s kubecon next`) they count as well (see `Options::merged`). A command that does
/// not read a schedule does not offer them.
#[derive(Debug, Clone, Default, clap::Args)]
#[command(next_help_heading = "Schedule and time")]
pub struct Options {
    /// The schedule to use: a file, or the name of an imported schedule or combination (as
    /// SCHEDULE); repeat to open several as one.
    #[arg(
        short = 's',
        long = "schedule",
        value_name = "PATH|NAME",
        add = clap_complete::ArgValueCompleter::new(complete::schedules)
    )]
    schedule: Vec<String>,

    /// Behave as if it were this moment: conference-local "2024-03-20T10:30", or RFC 3339.
    #[arg(long, value_name = "TIME")]
    now: Option<String>,

    #[command(flatten)]
    zones: Zones,
}

/// `--tz` and `--local`: the zone times are shown in (and, at import, the zone of a source
/// that names none).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Zones {
    /// Show every time in this IANA zone instead of the conference's (e.g. America/New_York).
    #[arg(
        long,
        value_name = "ZONE",
        conflicts_with = "local",
        add = clap_complete::ArgValueCompleter::new(complete::zones)
    )]
    tz: Option<String>,

    /// Show every time in the system's own time zone (the TZ environment variable's, if set).
    #[arg(long)]
    local: bool,
}

/// A subcommand's own arguments with the options of the commands that read a schedule.
#[derive(Debug, clap::Args)]
pub struct Reading<A: clap::Args> {
    #[command(flatten)]
    pub args: A,
    #[command(flatten)]
    pub options: Options,
}

impl Zones {
    /// The zone `--tz` names, if any.
    pub fn tz(&self) -> Result<Option<Tz>> {
        let zone = |name: &str| time::parse_zone(name).map_err(|e| eyre!("--tz: {e}"));
        self.tz.as_deref().map(zone).transpose()
    }

    /// The system's zone, when `--local` asks for it.
    pub fn local_zone(&self) -> Result<Option<Tz>> {
        let zone = || time::system_zone().map_err(|e| eyre!("--local: {e}"));
        self.local.then(zone).transpose()
    }

    /// The zone named by `--tz`, else by `--local` (the zone a source without one is read in).
    pub fn either(&self) -> Result<Option<Tz>> {
        match self.tz()? {
            Some(zone) => Ok(Some(zone)),
            None => self.local_zone(),
        }
    }

    /// These flags given after the subcommand, with the ones given before it as the fallback.
    fn merged(&self, before: &Zones) -> Result<Zones> {
        let zones = Zones {
            tz: self.tz.clone().or_else(|| before.tz.clone()),
            local: self.local || before.local,
        };
        if zones.tz.is_some() && zones.local {
            return Err(eyre!("--tz and --local cannot be used together"));
        }
        Ok(zones)
    }

    fn is_empty(&self) -> bool {
        self.tz.is_none() && !self.local
    }
}

impl Options {
    fn tz(&self) -> Result<Option<Tz>> {
        self.zones.tz()
    }

    fn local_zone(&self) -> Result<Option<Tz>> {
        self.zones.local_zone()
    }

    /// The schedules `-s` names.
    pub fn schedules(&self) -> &[String] {
        &self.schedule
    }

    /// The moment `--now` names, read in the conference's zone.
    fn now(&self, schedule: &Schedule) -> Result<Option<DateTime<Utc>>> {
        let zone = schedule.conference.time_zone;
        let moment = |text: &str| time::parse_now(text, zone).map_err(|e| eyre!("--now: {e}"));
        self.now.as_deref().map(moment).transpose()
    }

    /// The options given after a subcommand (`self`) with those given before it: every `-s` of
    /// both, and for the others the one after the subcommand when both are given.
    pub fn merged(&self, before: &Options) -> Result<Options> {
        Ok(Options {
            schedule: before
                .schedule
                .iter()
                .chain(&self.schedule)
                .cloned()
                .collect(),
            now: self.now.clone().or_else(|| before.now.clone()),
            zones: self.zones.merged(&before.zones)?,
        })
    }

    /// Fails when options were given before a subcommand that does not take them
    /// (`hallway -s kubecon library`): `takes_zones` for `import` and `update`, which read
    /// `--tz`/`--local`, and `takes_schedule` for `update`, which reads `-s`.
    pub fn refuse_for(&self, command: &str, takes_schedule: bool, takes_zones: bool) -> Result<()> {
        let given = [
            (
                !self.schedule.is_empty() && !takes_schedule,
                "-s/--schedule",
            ),
            (self.now.is_some(), "--now"),
            (!self.zones.is_empty() && !takes_zones, "--tz/--local"),
        ];
        let given: Vec<&str> = given.iter().filter(|(g, _)| *g).map(|(_, f)| *f).collect();
        if given.is_empty() {
            return Ok(());
        }
        Err(eyre!(
            "`hallway {command}` does not take {}: it is for the commands that read a schedule (hallway {command} --help lists what it takes)",
            given.join(" or ")
        ))
    }
}

/// The filter flags of the commands that print sessions (`list`, `search`, `now`, `next`,
/// `stars`, `export`). Several values of one flag are alternatives; different flags combine.
#[derive(Debug, Default, clap::Args)]
#[command(next_help_heading = "Filters")]
pub struct FilterArgs {
    /// Only sessions of this track ("none": those without one); repeat for several.
    #[arg(long, value_name = "TRACK", add = complete::facet(Facet::Track))]
    track: Vec<String>,
    /// Only sessions in this room ("none": those without one); repeat for several.
    #[arg(long, value_name = "ROOM", add = complete::facet(Facet::Room))]
    room: Vec<String>,
    /// Only sessions of this kind (talk, workshop, …; "none": without one); repeat for several.
    #[arg(long, value_name = "KIND", add = complete::facet(Facet::Kind))]
    kind: Vec<String>,
    /// Only sessions in this language ("none": without one); repeat for several.
    #[arg(
        long,
        visible_alias = "language",
        value_name = "LANG",
        add = complete::facet(Facet::Language)
    )]
    lang: Vec<String>,
    /// Only sessions of this day: a date (2025-02-01), a day number (1 is the first) or a
    /// weekday (sat); repeat for several.
    #[arg(long, value_name = "DAY", add = complete::facet(Facet::Day))]
    day: Vec<String>,
    /// Only sessions of this schedule, among several opened as one (its library name or file
    /// stem, as `list --facets` shows); repeat for several.
    #[arg(long, value_name = "NAME", add = complete::facet(Facet::Source))]
    source: Vec<String>,
}

impl FilterArgs {
    /// The filter the flags ask for, each value resolved against the schedule (forgiving case
    /// and accents); a value it does not have is an error naming the closest ones.
    pub fn filter(&self, cx: &Context) -> Result<Filter> {
        let schedule = &cx.schedule;
        let mut filter = Filter::default();
        let flags = [
            (Facet::Track, "--track", &self.track),
            (Facet::Room, "--room", &self.room),
            (Facet::Kind, "--kind", &self.kind),
            (Facet::Language, "--lang", &self.lang),
            (Facet::Day, "--day", &self.day),
            (Facet::Source, "--source", &self.source),
        ];
        let one_schedule = schedule.sessions.iter().all(|s| s.origin.is_none());
        for (facet, flag, typed) in flags {
            for value in typed {
                if facet == Facet::Source && one_schedule {
                    // One schedule: its name, or its conference's id, is every session's source.
                    let key = crate::filter::value_key(value);
                    let label = cx.sources.first().map(|s| s.label.as_str());
                    let id = schedule.conference.id.as_str();
                    if label
                        .into_iter()
                        .chain([id])
                        .any(|n| crate::filter::value_key(n) == key)
                    {
                        continue;
                    }
                    return Err(eyre!(
                        "--source: '{}' is not open; this is one schedule, {} (open several as one with -s A -s B)",
                        crate::text::quote(value),
                        crate::text::quote(label.unwrap_or(id))
                    ));
                }
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
    /// The readers' warnings (each naming its source, among several).
    warnings: Vec<String>,
    /// Where the sessions come from: one source, or several opened as one.
    sources: Vec<SourceInfo>,
    /// Sessions that two sources listed and that are shown once.
    merged: usize,
    /// Why the schedule used last could not be opened, when the bundled one stands in for it:
    /// the app says so where the user looks; a shell command fails with it.
    stand_in: Option<String>,
    /// The abstracts, when one library copy was read from its cache without them.
    abstracts: Option<crate::cache::Abstracts>,
}

/// One schedule read, before several are combined.
struct Read {
    label: String,
    schedule: Schedule,
    warnings: Vec<String>,
    /// The library name, when it is an imported schedule (its update marks are kept there).
    name: Option<String>,
    /// The abstracts, when the schedule was read from its cache without them.
    abstracts: Option<crate::cache::Abstracts>,
}

/// Picks and reads the schedules: every `-s`, else the SCHEDULE arguments (`paths`), each a
/// file, a library name or a combination; else what was opened last, or the bundled one.
/// Several are opened as one (see `sources`).
fn open(paths: &[String], options: &Options) -> Result<Opened> {
    open_as(paths, options, true)
}

/// The schedule a completion's values come from (see `complete`): opened as `open` does, but
/// without recording it as the one used last, and without its warnings.
pub(crate) fn schedule_for_completion(paths: &[String]) -> Option<Schedule> {
    open_as(paths, &Options::default(), false)
        .ok()
        .map(|opened| opened.schedule)
}

/// `open`; `record` is whether library schedules opened become what a bare `hallway` reopens.
fn open_as(paths: &[String], options: &Options, record: bool) -> Result<Opened> {
    let requested = options.tz()?;
    let mut stand_in = None;
    let args: &[String] = if options.schedule.is_empty() {
        paths
    } else {
        &options.schedule
    };
    let mut read: Vec<Read> = Vec::new();
    if args.is_empty() {
        match crate::library::data_dir() {
            // No data directory at all (no home): there is no library to fall back from.
            Err(_) => read.push(bundled_read()?),
            Ok(dir) => match open_recent(&dir) {
                Ok(found) if found.is_empty() => read.push(bundled_read()?),
                Ok(found) => read = found,
                Err(e) => {
                    stand_in = Some(format!("the library could not be read ({e})"));
                    read.push(bundled_read()?);
                }
            },
        }
    } else {
        let mut recent = crate::library::Recent::default();
        let mut only_library = true;
        for arg in args {
            // An existing file is read as it is; anything else is a name in the library.
            if Path::new(arg).exists() {
                read.push(read_file(Path::new(arg), requested)?);
                only_library = false;
                continue;
            }
            let data_dir = crate::library::data_dir()?;
            match crate::library::resolve(&data_dir, arg)? {
                crate::library::Resolved::File(path) => {
                    read.push(read_file(&path, requested)?);
                    only_library = false;
                }
                crate::library::Resolved::Library(name) => {
                    read.push(read_library(&data_dir, &name)?);
                    recent.schedules.push(name);
                }
                crate::library::Resolved::Combination(combination) => {
                    for name in &combination.sources {
                        read.push(read_library(&data_dir, name)?);
                        recent.schedules.push(name.clone());
                    }
                    if args.len() == 1 {
                        recent.combination = Some(combination.name);
                    }
                }
            }
        }
        // What a bare `hallway` reopens next time: the library schedules opened together.
        if record
            && only_library
            && let Ok(data_dir) = crate::library::data_dir()
        {
            crate::library::record_recent(&data_dir, &recent)?;
        }
    }
    let (schedule, sources, warnings, merged, abstracts) = if read.len() == 1 {
        let Some(one) = read.pop() else {
            unreachable!("one schedule was read")
        };
        let mut info = SourceInfo::of(&one.label, &one.schedule);
        info.name = one.name;
        (one.schedule, vec![info], one.warnings, 0, one.abstracts)
    } else {
        // Combining compares and merges abstracts: every one is read first.
        for one in &mut read {
            if let Some(abstracts) = one.abstracts.take() {
                abstracts
                    .fill(&mut one.schedule)
                    .wrap_err_with(|| format!("cannot read {}", one.label))?;
            }
        }
        let labels: Vec<String> = read.iter().map(|r| r.label.clone()).collect();
        let labels = crate::sources::unique_labels(&labels);
        let mut warnings = Vec::new();
        let mut names = Vec::new();
        let parts: Vec<Source> = read
            .into_iter()
            .zip(labels)
            .map(|(r, label)| {
                warnings.extend(r.warnings.iter().map(|w| format!("{label}: {w}")));
                names.push(r.name);
                Source {
                    label,
                    schedule: r.schedule,
                }
            })
            .collect();
        let mut combined = crate::sources::combine(parts);
        for (info, name) in combined.sources.iter_mut().zip(names) {
            info.name = name;
        }
        (
            combined.schedule,
            combined.sources,
            warnings,
            combined.merged,
            None,
        )
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
        sources,
        merged,
        stand_in,
        abstracts,
    })
}

/// The schedules opened last (none when the library is empty). An unreadable index or copy
/// is an error saying how to fix it.
fn open_recent(data_dir: &Path) -> Result<Vec<Read>> {
    let recent = crate::library::recent(data_dir)?;
    let mut read = Vec::new();
    for name in &recent.schedules {
        match read_library(data_dir, name) {
            Ok(one) => read.push(one),
            // It says how to get the copy again already.
            Err(e)
                if matches!(
                    e.downcast_ref::<crate::library::LibraryError>(),
                    Some(crate::library::LibraryError::BrokenCopy { .. })
                ) =>
            {
                return Err(e);
            }
            Err(e) => {
                return Err(eyre!(
                    "cannot open the schedule used last, {}: {e}; run `hallway update {name}` to fetch it again, or `hallway library --repair`",
                    crate::library::schedule_path(data_dir, name).display()
                ));
            }
        }
    }
    if !read.is_empty() {
        crate::library::record_recent(data_dir, &recent)?;
    }
    Ok(read)
}

/// Reads a library schedule (not yet recorded as used).
fn read_library(data_dir: &Path, name: &str) -> Result<Read> {
    let (schedule, abstracts) = crate::library::read_lazy(data_dir, name)?;
    Ok(Read {
        label: name.to_string(),
        schedule,
        warnings: Vec::new(),
        name: Some(name.to_string()),
        abstracts,
    })
}

/// The bundled schedule, as one read.
fn bundled_read() -> Result<Read> {
    let schedule = bundled()?;
    Ok(Read {
        label: schedule.conference.id.clone(),
        schedule,
        warnings: Vec::new(),
        name: None,
        abstracts: None,
    })
}

/// The bundled schedule. It is tested; a failure here is a build defect, reported, not a panic.
fn bundled() -> Result<Schedule> {
    formats::parse(BUNDLED).wrap_err("the bundled schedule is broken")
}

/// Reads a schedule file; one without a time zone is read again in the zone the user named.
/// Its label is the file's stem. (No library name: a file opened directly has no update
/// marks.)
fn read_file(path: &Path, requested: Option<Tz>) -> Result<Read> {
    let mut imported = formats::load_file(path, &ImportOptions::default())?;
    if let Some(zone) = requested.filter(|_| imported.zone_assumed) {
        imported = formats::load_file(path, &ImportOptions { zone: Some(zone) })?;
    }
    let label = path
        .file_stem()
        .map(|s| crate::formats::slug(&s.to_string_lossy()))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| imported.schedule.conference.id.clone());
    Ok(Read {
        label,
        schedule: imported.schedule,
        warnings: imported.warnings,
        name: None,
        abstracts: None,
    })
}

/// What a command works with: the schedule (one, or several as one), the zone to show and the
/// moment.
pub struct Context {
    pub schedule: Schedule,
    pub zone: Tz,
    /// `--now`, exactly, else the system clock's.
    pub now: DateTime<Utc>,
    /// Where the sessions come from: one source, or several opened as one.
    pub sources: Vec<SourceInfo>,
    /// The abstracts, when they were left in the library copy's cache (see
    /// `read_all_abstracts`).
    pub abstracts: Option<crate::cache::Abstracts>,
}

impl Context {
    /// Opens the schedules (see `open`) and reads `--now`; the readers' warnings, and how many
    /// sessions two sources shared, go to stderr.
    pub fn open(paths: &[String], options: &Options) -> Result<Context> {
        let Opened {
            schedule,
            zone,
            warnings,
            sources,
            merged,
            stand_in,
            abstracts,
        } = open(paths, options)?;
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
        if let Some(line) = merged_line(merged) {
            eprintln!("hallway: {line}");
        }
        Ok(Context {
            schedule,
            zone,
            now: now.unwrap_or_else(Utc::now),
            sources,
            abstracts,
        })
    }

    /// Reads every abstract into the schedule, for what writes them all (a calendar).
    pub fn read_all_abstracts(&mut self) -> Result<()> {
        if let Some(abstracts) = self.abstracts.take() {
            abstracts
                .fill(&mut self.schedule)
                .wrap_err("cannot read the abstracts")?;
        }
        Ok(())
    }

    /// The label of the source a session comes from (the only one, for one schedule).
    pub fn source_of<'a>(&'a self, session: &'a Session) -> &'a str {
        session
            .source()
            .or_else(|| self.sources.first().map(|s| s.label.as_str()))
            .unwrap_or_default()
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
            let loaded = load_stars(schedule, &self.sources)?;
            loaded.tell();
            loaded.stars.starred_sessions(schedule)
        } else {
            schedule
                .days()
                .iter()
                .flat_map(|d| d.sessions.iter().map(|&i| &schedule.sessions[i]))
                .collect()
        })
    }
}

/// "3 sessions listed by two sources are shown once", when some were.
fn merged_line(merged: usize) -> Option<String> {
    match merged {
        0 => None,
        1 => Some("1 session listed by two sources is shown once".into()),
        n => Some(format!("{n} sessions listed by two sources are shown once")),
    }
}

/// The stars of the open schedule (each source's own), matched to it.
struct LoadedStars {
    stars: Stars,
    /// What the user must be told (a file moved aside, a newer file).
    messages: Vec<String>,
    /// Stars whose session is gone.
    missing: Vec<MissingStar>,
}

impl LoadedStars {
    /// Says on stderr what loading the stars did that the user must know (a file moved aside,
    /// naming both paths; a file from a newer hallway), for the commands of the shell.
    fn tell(&self) {
        for message in &self.messages {
            eprintln!("hallway: {}", crate::text::visible(message));
        }
    }
}

fn load_stars(schedule: &Schedule, sources: &[SourceInfo]) -> Result<LoadedStars> {
    let data_dir = crate::library::data_dir()?;
    let (stars, loaded) = Stars::load(&data_dir, schedule, sources)?;
    Ok(LoadedStars {
        stars,
        messages: loaded.messages,
        missing: loaded.missing,
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
