//! The `hallway` command: parse the arguments and run the subcommand, or the browser.
#![forbid(unsafe_code)]

use clap::Parser;
use color_eyre::eyre::Result;
use hallway::commands::{
    Command, Context, Options, agenda, browse, export, import, library, list, next, note, notes,
    now, remove, search, star, stars, update,
};
use std::io::IsTerminal;

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

    #[command(flatten)]
    browse: browse::Args,
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
            eprintln!("hallway: {}", hallway::text::visible(&one_line(&report)));
            std::process::ExitCode::FAILURE
        }
    }
}

/// An error and its causes joined by ": ", leaving out a cause its error already quotes. The
/// caller makes it `visible`: a cause from another crate may quote input raw.
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

/// Runs what the command line asks for. The library commands need no schedule; the others
/// open one first (`Context::open`).
fn run(cli: Cli) -> Result<()> {
    let (path, options) = (cli.path.as_deref(), &cli.options);
    let context = || Context::open(path, options);
    let Some(command) = cli.command else {
        return browse::run(&cli.browse, path, options);
    };
    match command {
        Command::Import(args) => import::run(&args, options),
        Command::Library(args) => library::run(&args),
        Command::Remove(args) => remove::run(&args),
        Command::Update(args) => update::run(&args, options),
        Command::Now(args) => now::run(&args, &context()?),
        Command::Next(args) => next::run(&args, &context()?),
        Command::Stars(args) => stars::run(&args, &context()?),
        Command::Note(args) => note::run(&args, &context()?),
        Command::Notes(args) => notes::run(&args, &context()?),
        Command::Agenda(args) => agenda::run(&args, &context()?),
        Command::Star(args) => star::star(&args, &context()?),
        Command::Unstar(args) => star::unstar(&args, &context()?),
        Command::Export(args) => export::run(&args, &context()?),
        Command::Search(args) => search::run(&args, &context()?),
        Command::List(args) => list::run(&args, &context()?),
    }
}
