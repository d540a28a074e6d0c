//! The `hallway` command: parse the arguments, pick the schedule, run the app.
#![forbid(unsafe_code)]

use chrono_tz::Tz;
use clap::{Args, Parser, Subcommand};
use color_eyre::eyre::{Result, WrapErr, bail, eyre};
use hallway::app::App;
use hallway::config;
use hallway::favourites::Favourites;
use hallway::formats::{self, ImportOptions};
use hallway::library;
use hallway::model::Schedule;
use hallway::time;
use hallway::tui::{self, Clock};
use hallway::ui::theme::Theme;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// The schedule opened when none is given.
const BUNDLED: &str = include_str!("../assets/kubecon-eu-2024.ron");

/// Browse a conference schedule in the terminal: days, sessions, details, offline.
#[derive(Debug, Parser)]
#[command(
    name = "hallway",
    version,
    about = "Browse a conference schedule in the terminal, offline and from the keyboard"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    /// A schedule file to open (frab XML, frab/pretalx JSON, iCalendar, Sessionize or RON), or
    /// the name of an imported one; without it, the schedule used last, or the bundled
    /// KubeCon + CloudNativeCon Europe 2024 schedule.
    #[arg(value_name = "SCHEDULE")]
    path: Option<String>,

    #[command(flatten)]
    options: Options,

    /// Remind of a starred session this many minutes before it starts, with a banner and the
    /// terminal bell; 0 turns reminders off (default 5, or `remind_minutes` in config.ron).
    #[arg(long, value_name = "MINUTES")]
    remind: Option<u32>,

    /// Reminders show the banner without ringing the terminal bell (`bell: false` in
    /// config.ron).
    #[arg(long)]
    no_bell: bool,
}

/// Options every command takes.
#[derive(Debug, Args)]
struct Options {
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

#[derive(Debug, Subcommand)]
enum Command {
    /// Add a schedule (a file or an http(s) URL) to the library, to open offline by name.
    Import {
        /// The file or URL to import.
        #[arg(value_name = "PATH|URL")]
        source: String,
        /// The name to open it by (default: from the conference's id).
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
    },
    /// List the imported schedules.
    Library {
        /// Rebuild the library's index from the copies it holds (an unreadable index is kept
        /// beside it as library.ron.corrupt-TIME).
        #[arg(long)]
        repair: bool,
    },
    /// Take a schedule out of the library (its stars are kept, for when it is imported again).
    Remove {
        /// The library name of the schedule.
        #[arg(value_name = "NAME")]
        name: String,
    },
    /// Import a library schedule again from its source (a URL answers 304 if it did not change)
    /// and print what changed: new, cancelled, moved and retitled sessions, starred ones first.
    Update {
        /// The schedule to update (default: the one used last).
        #[arg(value_name = "NAME", conflicts_with = "all")]
        name: Option<String>,
        /// Update every schedule in the library.
        #[arg(long)]
        all: bool,
        /// One JSON object per schedule: schedule, source, status, changes, warnings.
        #[arg(long)]
        json: bool,
    },
    /// Print the sessions on now, with the minutes left (for a status line or a prompt).
    Now {
        /// Only starred sessions.
        #[arg(long)]
        starred: bool,
        /// One JSON object per line: the fields of `list --json` plus `minutes_left`.
        #[arg(long, conflicts_with = "format")]
        json: bool,
        /// One line per session from a template: "{title} ({room}), {minutes} min left". Fields:
        /// {id} {title} {speakers} {room} {track} {kind} {day} {start} {end} {minutes}.
        #[arg(long, value_name = "TEMPLATE")]
        format: Option<String>,
    },
    /// Print the sessions starting soon, soonest first, with the minutes until they start.
    Next {
        /// Only starred sessions.
        #[arg(long)]
        starred: bool,
        /// How far ahead to look: 30m, 2h, 1h30m.
        #[arg(long, value_name = "DURATION", default_value = "30m")]
        within: String,
        /// One JSON object per line: the fields of `list --json` plus `minutes_until`.
        #[arg(long, conflicts_with = "format")]
        json: bool,
        /// One line per session from a template: "{title} in {minutes} min ({room})". Fields as
        /// for `now`; {minutes} is the minutes until it starts.
        #[arg(long, value_name = "TEMPLATE")]
        format: Option<String>,
    },
    /// Print the starred sessions in time order, with the ones they clash with.
    Stars {
        /// One JSON object per line: the fields of `list --json` plus `conflicts` (ids).
        #[arg(long)]
        json: bool,
    },
    /// Star sessions by id (see `hallway list --json`).
    Star {
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
    },
    /// Unstar sessions by id.
    Unstar {
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
    },
    /// Write sessions as an iCalendar (RFC 5545) file, for a phone or desktop calendar.
    Export {
        /// Only the starred sessions (without it, every session).
        #[arg(long)]
        starred: bool,
        /// iCalendar format (the only one there is; accepted for clarity in scripts).
        #[arg(long)]
        ics: bool,
        /// Write to this file instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Print the sessions matching a fuzzy query, best first (exit status 1 when none match).
    Search {
        /// Words of a title or a speaker's name; @word for speakers only, #word for tracks.
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        /// One JSON object per line: the fields of `list --json` plus the score.
        #[arg(long)]
        json: bool,
        /// At most this many results.
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
    },
    /// Print every session in timeline order, one per line.
    List {
        /// One JSON object per line: id, title, speakers, start, end, day, room, track, kind.
        #[arg(long)]
        json: bool,
    },
}

/// The schedule to use, where it came from and the zone to show its times in.
struct Opened {
    schedule: Schedule,
    zone: Tz,
    /// The reader's warnings.
    warnings: Vec<String>,
    /// The library name, when it is an imported schedule (its update marks are kept there).
    name: Option<String>,
}

/// Picks and reads the schedule: a file, a library name, the one used last, or the bundled one.
fn open(cli: &Cli) -> Result<Opened> {
    let options = &cli.options;
    let requested = match &options.tz {
        Some(name) => Some(time::parse_zone(name).map_err(|e| eyre!("--tz: {e}"))?),
        None => None,
    };
    let (schedule, warnings, name) = match options.schedule.as_ref().or(cli.path.as_ref()) {
        // An existing file is read as it is; anything else is a name in the library.
        Some(arg) if Path::new(arg).exists() => read_file(Path::new(arg), requested)?,
        Some(arg) => {
            let data_dir = library::data_dir()?;
            match library::resolve(&data_dir, arg)? {
                library::Resolved::File(path) => read_file(&path, requested)?,
                library::Resolved::Library(name) => {
                    (library::open(&data_dir, &name)?, Vec::new(), Some(name))
                }
            }
        }
        // No argument: the schedule used last, else the bundled one.
        None => match library::data_dir().and_then(|dir| {
            let recent = library::most_recent(&dir)?;
            recent
                .map(|name| library::open(&dir, &name).map(|schedule| (schedule, name)))
                .transpose()
        }) {
            Ok(Some((schedule, name))) => (schedule, Vec::new(), Some(name)),
            Ok(None) => (bundled()?, Vec::new(), None),
            Err(e) => (
                bundled()?,
                vec![format!("the library could not be read: {e}")],
                None,
            ),
        },
    };
    let zone = match requested {
        Some(zone) => zone,
        None if options.local => time::system_zone().map_err(|e| eyre!("--local: {e}"))?,
        None => schedule.conference.time_zone,
    };
    Ok(Opened {
        schedule,
        zone,
        warnings,
        name,
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

/// The commands that work on the library rather than on one schedule.
fn run_library_command(command: &Command, options: &Options) -> Result<()> {
    let data_dir = library::data_dir()?;
    match command {
        Command::Import { source, name } => {
            let zone = match &options.tz {
                Some(name) => Some(time::parse_zone(name).map_err(|e| eyre!("--tz: {e}"))?),
                None => None,
            };
            let report =
                library::import(&data_dir, source, &ImportOptions { zone }, name.as_deref())?;
            print(&hallway::commands::import::import_summary(&report))
        }
        Command::Library { repair: false } => print(&hallway::commands::library::library_listing(
            &library::list(&data_dir)?,
        )),
        Command::Library { repair: true } => {
            let repaired = library::repair(&data_dir)?;
            print(&hallway::commands::library::repair_summary(&repaired))?;
            print(&hallway::commands::library::library_listing(
                &library::list(&data_dir)?,
            ))
        }
        Command::Remove { name } => {
            let entry = library::remove(&data_dir, name)?;
            let stars = Favourites::load(&data_dir, &entry.conference_id)
                .map(|(favourites, _)| favourites.len())
                .unwrap_or(0);
            let kept = match stars {
                0 => String::new(),
                1 => "; its star is kept, for when you import it again".to_string(),
                n => format!("; its {n} stars are kept, for when you import it again"),
            };
            print(&format!(
                "Removed {} ({}){kept}.\n",
                entry.name, entry.title
            ))
        }
        Command::Update { name, all, json } => {
            let requested = match &options.tz {
                Some(name) => Some(time::parse_zone(name).map_err(|e| eyre!("--tz: {e}"))?),
                None => None,
            };
            // As at import, --tz also names the zone of a source that has none.
            let zone = match requested {
                Some(zone) => Some(zone),
                None if options.local => {
                    Some(time::system_zone().map_err(|e| eyre!("--local: {e}"))?)
                }
                None => None,
            };
            let names: Vec<String> = if *all {
                library::list(&data_dir)?
                    .into_iter()
                    .map(|e| e.name)
                    .collect()
            } else {
                match name.as_ref().or(options.schedule.as_ref()) {
                    Some(name) => vec![name.clone()],
                    None => library::most_recent(&data_dir)?.into_iter().collect(),
                }
            };
            if names.is_empty() {
                bail!("the library is empty: add a schedule with `hallway import PATH|URL`");
            }
            let mut failed = Vec::new();
            for name in &names {
                match hallway::update::update_schedule(&data_dir, name, requested) {
                    Ok(report) => {
                        print(&hallway::commands::update::update_report(
                            &report, zone, *json,
                        ))?;
                        for warning in &report.warnings {
                            eprintln!("hallway: warning: {}: {warning}", report.name);
                        }
                    }
                    Err(e) => {
                        if *json {
                            // Scripts reading the JSON see the failure too.
                            print(&hallway::commands::update::update_failure_json(
                                name,
                                &e.to_string(),
                            ))?;
                        }
                        if !*all {
                            bail!("cannot update '{name}', the library is unchanged: {e}")
                        }
                        eprintln!("hallway: cannot update '{name}', it is unchanged: {e}");
                        failed.push(name.as_str());
                    }
                }
            }
            if !failed.is_empty() {
                bail!(
                    "{} of {} schedules could not be updated: {}",
                    failed.len(),
                    names.len(),
                    failed.join(", ")
                );
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn main() -> std::process::ExitCode {
    // Panics get color-eyre's report (after the terminal is restored).
    let mut hook = color_eyre::config::HookBuilder::default();
    if !std::io::stderr().is_terminal()
        || std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
    {
        hook = hook.theme(color_eyre::config::Theme::new());
    }
    let installed = hook
        .display_location_section(false)
        .display_env_section(false)
        .install();
    // Errors are for users: what went wrong and where, with its causes, on one line; never a
    // backtrace, even with RUST_BACKTRACE set for other programs.
    match installed.and_then(|()| run(Cli::parse())) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(report) => {
            eprintln!("hallway: {}", one_line(&report));
            std::process::ExitCode::FAILURE
        }
    }
}

/// An error and its causes joined by ": ", leaving out a cause its error already quotes.
fn one_line(report: &color_eyre::Report) -> String {
    let mut line = String::new();
    for cause in report.chain() {
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}

/// Runs what the command line asks for.
fn run(cli: Cli) -> Result<()> {
    if let Some(
        command @ (Command::Import { .. }
        | Command::Library { .. }
        | Command::Remove { .. }
        | Command::Update { .. }),
    ) = &cli.command
    {
        return run_library_command(command, &cli.options);
    }
    let Opened {
        schedule,
        zone,
        warnings,
        name,
    } = open(&cli)?;
    let given_now = match &cli.options.now {
        Some(text) => Some(
            time::parse_now(text, schedule.conference.time_zone)
                .map_err(|e| eyre!("--now: {e}"))?,
        ),
        None => None,
    };
    let clock = given_now.map_or(Clock::System, Clock::starting_at);
    if let Some(command) = &cli.command {
        for warning in &warnings {
            eprintln!("hallway: warning: {warning}");
        }
        // A command answers for the moment given, exactly.
        return run_command(
            command,
            &schedule,
            zone,
            given_now.unwrap_or_else(chrono::Utc::now),
        );
    }
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!("hallway's browser needs a terminal (standard input and output are not one)");
    }
    let conference_zone = schedule.conference.time_zone;
    let mut app = App::new(schedule, clock.now(), zone);
    // `t` switches to the zone asked for, or else to this computer's.
    app.other_zone = if zone != conference_zone {
        Some(zone)
    } else {
        time::system_zone().ok()
    };
    // The warning a user must act on shows in the app; the others are for `hallway list`.
    app.status = warnings.into_iter().find(|w| w.contains("no time zone"));
    let settings = match config::config_path().map(|path| config::load(&path)) {
        Some(Ok(settings)) => settings,
        Some(Err(e)) => {
            let message = format!("settings not used: {e}");
            eprintln!("hallway: {message}");
            app.status = Some(message);
            config::Config::default()
        }
        None => config::Config::default(),
    };
    let remind = cli.remind.unwrap_or(settings.remind_minutes);
    app.remind = (remind > 0).then(|| chrono::Duration::minutes(i64::from(remind)));
    app.bell = settings.bell && !cli.no_bell;
    let favourites = match load_stars(&app.schedule) {
        Ok(loaded) => {
            if let Some(message) = &loaded.message {
                // Said twice: on the terminal it stays readable after quitting.
                eprintln!("hallway: {message}");
                app.status = Some(message.clone());
            }
            app.missing_stars = loaded.missing;
            app.stars_read_only = loaded.favourites.read_only().map(|e| e.to_string());
            app.set_stars(loaded.favourites.stars().keys().cloned().collect());
            Some(loaded.favourites)
        }
        Err(e) => {
            app.status = Some(format!("stars unavailable: {e}"));
            None
        }
    };
    let record_seen = name.and_then(|name| load_marks(&mut app, name));
    tui::run(app, clock, Theme::from_env(), favourites, record_seen)
}

/// Shows the marks the last `hallway update` left on a library schedule, and returns how to
/// forget them once looked at. A marks file that cannot be read is reported and left alone.
fn load_marks(app: &mut App, name: String) -> Option<tui::RecordSeen> {
    let data_dir = library::data_dir().ok()?;
    match library::marks(&data_dir, &name) {
        Ok(marks) => {
            app.changes = marks;
        }
        Err(e) => {
            app.status = Some(format!("marks of the last update not shown: {e}"));
            return None;
        }
    }
    if app.changes.is_empty() {
        return None;
    }
    if app.status.is_none() {
        app.status = Some(match app.changes.len() {
            1 => "1 session changed in the last update: marked ◆ until you look at it".into(),
            n => {
                format!("{n} sessions changed in the last update: marked ◆ until you look at them")
            }
        });
    }
    Some(Box::new(move |ids: &[hallway::model::SessionId]| {
        library::mark_seen(&data_dir, &name, ids).map_err(|e| format!("marks not saved: {e}"))
    }))
}

/// A conference's stars, matched to its schedule.
struct LoadedStars {
    favourites: Favourites,
    /// What the user must be told (a file moved aside, a newer file).
    message: Option<String>,
    /// Stars whose session is gone: (title, when it was).
    missing: Vec<(String, String)>,
}

fn load_stars(schedule: &Schedule) -> Result<LoadedStars> {
    let data_dir = library::data_dir()?;
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

/// Runs a shell subcommand and prints its output.
fn run_command(
    command: &Command,
    schedule: &Schedule,
    zone: Tz,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    // The starred sessions, or every session, in time order.
    let chosen = |starred: bool| -> Result<Vec<&hallway::model::Session>> {
        Ok(if starred {
            load_stars(schedule)?.favourites.starred_sessions(schedule)
        } else {
            schedule
                .days()
                .iter()
                .flat_map(|d| d.sessions.iter().map(|&i| &schedule.sessions[i]))
                .collect()
        })
    };
    match command {
        Command::Now {
            starred,
            json,
            format,
        } => {
            let output = output(*json, format.as_deref())?;
            let sessions = chosen(*starred)?;
            print(&hallway::commands::now::on_now(
                schedule, &sessions, now, zone, &output,
            ))
        }
        Command::Next {
            starred,
            within,
            json,
            format,
        } => {
            let within = hallway::commands::next::parse_minutes(within)
                .map_err(|e| eyre!("--within: {e}"))?;
            let output = output(*json, format.as_deref())?;
            let sessions = chosen(*starred)?;
            print(&hallway::commands::next::up_next(
                schedule, &sessions, now, within, zone, &output,
            ))
        }
        Command::List { json } => print(&hallway::commands::list::list(schedule, zone, *json)),
        Command::Stars { json } => {
            let loaded = load_stars(schedule)?;
            if let Some(message) = &loaded.message {
                eprintln!("hallway: {message}");
            }
            let sessions = loaded.favourites.starred_sessions(schedule);
            print(&hallway::commands::stars::stars(
                schedule, &sessions, zone, *json,
            ))?;
            for (title, when) in &loaded.missing {
                eprintln!("hallway: starred but no longer in the schedule: {title} (was {when})");
            }
            Ok(())
        }
        Command::Star { ids } | Command::Unstar { ids } => {
            let mut loaded = load_stars(schedule)?;
            let mut sessions = Vec::new();
            for id in ids {
                let id = hallway::model::SessionId(id.clone());
                match schedule.session(&id) {
                    Some(session) => sessions.push(session),
                    None => bail!(
                        "no session has the id '{id}' in {} (ids: hallway list --json)",
                        schedule.conference.title
                    ),
                }
            }
            let saved = if matches!(command, Command::Star { .. }) {
                loaded.favourites.star(&sessions)?
            } else {
                let ids: Vec<_> = sessions.iter().map(|s| s.id.clone()).collect();
                loaded.favourites.unstar(&ids)?
            };
            if let Some(moved) = saved.moved_aside {
                eprintln!("hallway: {moved}");
            }
            eprintln!(
                "hallway: {} starred in {}",
                loaded.favourites.len(),
                loaded.favourites.path().display()
            );
            Ok(())
        }
        Command::Import { .. }
        | Command::Library { .. }
        | Command::Remove { .. }
        | Command::Update { .. } => Ok(()),
        Command::Export {
            starred,
            ics: _,
            output,
        } => {
            let text = hallway::calendar::starred_ics(schedule, &chosen(*starred)?);
            match output {
                Some(path) => std::fs::write(path, text)
                    .wrap_err_with(|| format!("cannot write {}", path.display())),
                None => print(&text),
            }
        }
        Command::Search { query, json, limit } => {
            let (text, hits) =
                hallway::commands::search::search(schedule, zone, &query.join(" "), *limit, *json);
            print(&text)?;
            if hits == 0 {
                eprintln!("hallway: no session matches '{}'", query.join(" "));
                std::process::exit(1);
            }
            Ok(())
        }
    }
}

/// How `now` and `next` print: `--json`, `--format TEMPLATE` (checked here), or text.
fn output(json: bool, format: Option<&str>) -> Result<hallway::commands::Output> {
    use hallway::commands::{Output, format::Template};
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
