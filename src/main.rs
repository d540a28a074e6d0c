//! The `hallway` command: parse the arguments and run the subcommand, or the browser.
#![forbid(unsafe_code)]

use clap::{CommandFactory, Parser};
use color_eyre::eyre::Result;
use hallway::commands::{
    Command, Context, Options, agenda, browse, combine, completions, export, import, library, list,
    man, next, note, notes, now, remove, search, star, stars, update, usage,
};
use std::io::IsTerminal;
#[cfg(target_os = "linux")]
use std::path::Path;

/// Browse a conference schedule in the terminal: days, sessions, details, offline.
#[derive(Debug, Parser)]
#[command(
    name = "hallway",
    version,
    about = "Browse a conference schedule in the terminal, offline and from the keyboard",
    after_help = AFTER_HELP,
    // `hallway kubecon colocated stars`: the schedules, then the subcommand.
    subcommand_precedence_over_arg = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    /// A schedule file to open (frab XML, frab/pretalx JSON, iCalendar, Sessionize or RON), or
    /// the name of an imported one or of a combination; several are opened as one. Without
    /// it, what was opened last, or the bundled sample (the 7 KubeCon EU 2024 sessions a
    /// "talks to watch" article picked).
    #[arg(
        value_name = "SCHEDULE",
        add = clap_complete::ArgValueCompleter::new(hallway::commands::complete::schedules)
    )]
    paths: Vec<String>,

    #[command(flatten)]
    options: Options,

    #[command(flatten)]
    browse: browse::Args,
}

/// Examples, environment and exit statuses, after the options in `--help` and the man page.
const AFTER_HELP: &str = "\
Examples:
  hallway                                   the schedule used last (or the bundled one)
  hallway import https://example.sched.com/all.ics --tz Europe/Paris --name kubecon
  hallway kubecon                           open an imported schedule by name
  hallway kubecon colocated                 several schedules as one week
  hallway combine kubecon-week kubecon colocated   save them as one name
  hallway search -s kubecon istio dns       the best matches, from the shell
  hallway next --starred --within 15m --format '{start} {title} ({room})'
  hallway export --starred --ics -o ~/kubecon.ics
  hallway completions bash > ~/.local/share/bash-completion/completions/hallway
  hallway man --dir ~/.local/share/man/man1

Environment:
  HALLWAY_DATA_DIR  where the library and the stars live (default: the platform's data directory)
  HALLWAY_CONFIG    the settings file (default: config.ron in the platform's config directory)
  NO_COLOR          when set and not empty, no colours
  TZ                the zone --local shows times in (default: the system's)

Exit status:
  0  done
  1  nothing found (search without a hit, export --starred without a star)
  2  an error: a mistyped option or value, a missing file, an unknown id or name, a failed
     download or write";

fn main() -> std::process::ExitCode {
    // A closed standard output (`hallway list >&-`) fails, as a full disk does, before
    // anything is done that the output would have reported.
    if let Err(e) = stdout_is_open() {
        eprintln!("hallway: cannot write to standard output: {e}");
        return std::process::ExitCode::from(usage::ERROR);
    }
    // `COMPLETE=bash hallway -- WORDS`: the shell asks for completions (see `completions`).
    clap_complete::CompleteEnv::with_factory(|| {
        hallway::commands::complete::command_for_line(Cli::command())
    })
    .complete();
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
        .try_into_hooks()
        .and_then(|(panic_hook, _)| {
            panic_hook.install();
            // Errors are for users: what went wrong and where, with its causes, on one line;
            // never a backtrace, even with RUST_BACKTRACE set for other programs. So an error
            // captures nothing: color-eyre's handler would resolve a whole backtrace then
            // (90 MB and 0.3 s for every failing run, against 7 MB and 0.01 s for success).
            color_eyre::eyre::set_hook(Box::new(|_| Box::new(OneLine)))
                .map_err(color_eyre::Report::from)
        });
    match installed.and_then(|()| run(parse())) {
        Ok(()) => std::process::ExitCode::from(usage::SUCCESS),
        Err(report) => {
            eprintln!("hallway: {}", hallway::text::visible(&one_line(&report)));
            std::process::ExitCode::from(usage::exit_status(&report))
        }
    }
}

/// Fails when standard output was closed when hallway started (`hallway list >&-`): Rust's
/// runtime then opens /dev/null, read-write, in its place, and every write "succeeds". A
/// shell's `>/dev/null` opens it write-only, so that stays a way to discard the output.
/// (Linux only: elsewhere nothing tells the two apart.)
#[cfg(target_os = "linux")]
fn stdout_is_open() -> std::io::Result<()> {
    let null = std::fs::read_link("/proc/self/fd/1").is_ok_and(|p| p == Path::new("/dev/null"));
    let read_write = || {
        let info = std::fs::read_to_string("/proc/self/fdinfo/1").unwrap_or_default();
        info.lines()
            .find_map(|line| line.strip_prefix("flags:"))
            .and_then(|flags| u32::from_str_radix(flags.trim(), 8).ok())
            // O_ACCMODE and O_RDWR.
            .is_some_and(|flags| flags & 0o3 == 0o2)
    };
    if null && read_write() {
        return Err(std::io::Error::other("it is closed"));
    }
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn stdout_is_open() -> std::io::Result<()> {
    Ok(())
}

/// The error handler: it captures nothing (no backtrace, no span trace); `{:?}` of a report
/// is its causes joined as `one_line` joins them.
struct OneLine;

impl color_eyre::eyre::EyreHandler for OneLine {
    fn debug(
        &self,
        error: &(dyn std::error::Error + 'static),
        f: &mut std::fmt::Formatter<'_>,
    ) -> std::fmt::Result {
        write!(f, "{error}")?;
        let mut cause = error.source();
        while let Some(error) = cause {
            write!(f, ": {error}")?;
            cause = error.source();
        }
        Ok(())
    }
}

/// Parses the command line; a mistyped subcommand ends with "did you mean" and status 2, not
/// with "not a schedule file" or clap's "unexpected argument".
fn parse() -> Cli {
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let parsed = Cli::try_parse_from(&args);
    let typo = |cli: &clap::Command| {
        let word = usage::first_word(&args, cli)?;
        if std::path::Path::new(&word).exists() || is_library_name(&word) {
            return None;
        }
        usage::did_you_mean(&word, cli).map(|meant| (word, meant))
    };
    let mistyped = match &parsed {
        Err(e) if e.use_stderr() => typo(&Cli::command()),
        Ok(cli) if cli.command.is_none() && !cli.paths.is_empty() => typo(&Cli::command()),
        _ => None,
    };
    if let Some((word, meant)) = mistyped {
        eprintln!(
            "hallway: '{}' is not a command, a schedule file or a library name; did you mean `hallway {meant}`? (hallway --help lists the commands)",
            hallway::text::quote(&word)
        );
        std::process::exit(i32::from(usage::ERROR));
    }
    parsed.unwrap_or_else(|e| {
        if !e.use_stderr() {
            // --help and --version.
            e.exit()
        }
        let command = match args.iter().skip(1).find(|a| usage::is_subcommand(a)) {
            Some(name) => format!("hallway {name}"),
            None => "hallway".to_string(),
        };
        let line = usage::clap_error_line(&e.render().to_string(), &command);
        eprintln!("hallway: {}", hallway::text::visible(&line));
        std::process::exit(i32::from(usage::ERROR))
    })
}

/// Whether the library has a schedule of this name (a typo-like name that is one opens it).
fn is_library_name(word: &str) -> bool {
    hallway::library::data_dir().is_ok_and(|dir| {
        matches!(
            hallway::library::resolve(&dir, word),
            Ok(hallway::library::Resolved::Library(_) | hallway::library::Resolved::Combination(_))
        )
    })
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
    let (paths, before) = (cli.paths.as_slice(), &cli.options);
    // A command that reads a schedule takes the options after its name, and before it.
    let with_context = |options: &Options, command: &dyn Fn(&mut Context) -> Result<()>| {
        let mut context = Context::open(paths, &options.merged(before)?)?;
        let result = command(&mut context);
        // The process ends next, and takes its memory back at once: freeing 100,000 sessions
        // one string at a time first would cost a search a tenth of its time.
        std::mem::forget(context);
        result
    };
    let Some(command) = cli.command else {
        return browse::run(&cli.browse, paths, before);
    };
    let plain = |name: &str| before.refuse_for(name, false, false);
    match command {
        Command::Import(args) => import::run(&args, before),
        Command::Library(args) => plain("library").and_then(|()| library::run(&args)),
        Command::Combine(args) => plain("combine").and_then(|()| combine::run(&args)),
        Command::Remove(args) => plain("remove").and_then(|()| remove::run(&args)),
        Command::Update(args) => update::run(&args, before),
        Command::Now(r) => with_context(&r.options, &|cx| now::run(&r.args, cx)),
        Command::Next(r) => with_context(&r.options, &|cx| next::run(&r.args, cx)),
        Command::Stars(r) => {
            let options = match r.args.action_options() {
                Some(after) => after.merged(&r.options)?,
                None => r.options.clone(),
            };
            with_context(&options, &|cx| stars::run(&r.args, cx))
        }
        Command::Note(r) => with_context(&r.options, &|cx| note::run(&r.args, cx)),
        Command::Notes(r) => with_context(&r.options, &|cx| notes::run(&r.args, cx)),
        Command::Agenda(r) => with_context(&r.options, &|cx| agenda::run(&r.args, cx)),
        Command::Star(r) => with_context(&r.options, &|cx| star::star(&r.args, cx)),
        Command::Unstar(r) => with_context(&r.options, &|cx| star::unstar(&r.args, cx)),
        Command::Export(r) => with_context(&r.options, &|cx| export::run(&r.args, cx)),
        Command::Search(r) => with_context(&r.options, &|cx| search::run(&r.args, cx)),
        Command::List(r) => with_context(&r.options, &|cx| list::run(&r.args, cx)),
        Command::Completions(args) => {
            plain("completions").and_then(|()| completions::run(&args, Cli::command()))
        }
        Command::Man(args) => plain("man").and_then(|()| man::run(&args, Cli::command())),
    }
}
