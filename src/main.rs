//! The `hallway` command: parse the arguments, pick the schedule, run the app.
#![forbid(unsafe_code)]

use chrono_tz::Tz;
use clap::{Args, Parser, Subcommand};
use color_eyre::eyre::{Result, WrapErr, bail, eyre};
use hallway::app::App;
use hallway::formats::{self, ImportOptions};
use hallway::model::Schedule;
use hallway::time;
use hallway::tui::{self, Clock};
use hallway::ui::theme::Theme;
use std::io::IsTerminal;
use std::path::PathBuf;

/// The schedule opened when none is given.
const BUNDLED: &str = include_str!("../assets/kubecon-eu-2024.ron");

/// Browse a conference schedule in the terminal: days, sessions, details, offline.
#[derive(Debug, Parser)]
#[command(
    name = "hallway",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    /// A schedule file to open (hallway's RON format); without it, the bundled
    /// KubeCon + CloudNativeCon Europe 2024 schedule.
    #[arg(value_name = "SCHEDULE")]
    path: Option<PathBuf>,

    #[command(flatten)]
    options: Options,
}

/// Options every command takes.
#[derive(Debug, Args)]
struct Options {
    /// The schedule file to use (the same as the SCHEDULE argument).
    #[arg(short = 's', long = "schedule", value_name = "PATH", global = true)]
    schedule: Option<PathBuf>,

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

/// The schedule to use, the zone to show its times in, and the reader's warnings.
fn open(cli: &Cli) -> Result<(Schedule, Tz, Vec<String>)> {
    let options = &cli.options;
    let requested = match &options.tz {
        Some(name) => Some(time::parse_zone(name).map_err(|e| eyre!("--tz: {e}"))?),
        None => None,
    };
    let (schedule, warnings) = match options.schedule.as_ref().or(cli.path.as_ref()) {
        Some(path) => {
            let mut imported = formats::load_file(path, &ImportOptions::default())?;
            // A file without a zone is read again in the zone the user named.
            if let Some(zone) = requested.filter(|_| imported.zone_assumed) {
                imported = formats::load_file(path, &ImportOptions { zone: Some(zone) })?;
            }
            (imported.schedule, imported.warnings)
        }
        // The bundled file is tested; a failure here is a build defect, reported, not a panic.
        None => (
            formats::parse(BUNDLED).wrap_err("the bundled schedule is broken")?,
            Vec::new(),
        ),
    };
    let zone = match requested {
        Some(zone) => zone,
        None if options.local => time::system_zone().map_err(|e| eyre!("--local: {e}"))?,
        None => schedule.conference.time_zone,
    };
    Ok((schedule, zone, warnings))
}

fn main() -> Result<()> {
    color_eyre::install()?;
    let cli = Cli::parse();
    let (schedule, zone, warnings) = open(&cli)?;
    let clock = match &cli.options.now {
        Some(text) => Clock::starting_at(
            time::parse_now(text, schedule.conference.time_zone)
                .map_err(|e| eyre!("--now: {e}"))?,
        ),
        None => Clock::System,
    };
    if let Some(command) = &cli.command {
        for warning in &warnings {
            eprintln!("hallway: warning: {warning}");
        }
        return run_command(command, &schedule, zone);
    }
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!("hallway's browser needs a terminal (standard input and output are not one)");
    }
    let mut app = App::new(schedule, clock.now(), zone);
    // The warning a user must act on shows in the app; the others are for `hallway list`.
    app.status = warnings.into_iter().find(|w| w.contains("no time zone"));
    tui::run(app, clock, Theme::from_env())
}

/// Runs a shell subcommand and prints its output.
fn run_command(command: &Command, schedule: &Schedule, zone: Tz) -> Result<()> {
    match command {
        Command::List { json } => print(&hallway::cli::list(schedule, zone, *json)),
        Command::Search { query, json, limit } => {
            let (text, hits) =
                hallway::cli::search(schedule, zone, &query.join(" "), *limit, *json);
            print(&text)?;
            if hits == 0 {
                eprintln!("hallway: no session matches '{}'", query.join(" "));
                std::process::exit(1);
            }
            Ok(())
        }
    }
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
