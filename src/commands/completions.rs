//! `hallway completions SHELL`: the completion script for bash, zsh, fish, elvish or
//! PowerShell. By default the script asks hallway itself at each Tab (`COMPLETE=SHELL hallway
//! -- WORDS`), so it completes what only hallway knows: library names after `-s`, a schedule's
//! tracks, rooms and days after `--track`, `--room`, `--day`, the zones after `--tz`. `--static`
//! writes a script made once from the command line's definition instead (subcommands and flags
//! only), for packagers who want a file that never runs the binary.

use clap_complete::env::EnvCompleter;
use color_eyre::eyre::Result;

/// The arguments of `hallway completions`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to complete in.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
    /// A script that completes subcommands and flags only, without running hallway.
    #[arg(long = "static")]
    fixed: bool,
}

/// Writes the completion script for `cli` (the whole `hallway` command) to standard output.
pub fn run(args: &Args, mut cli: clap::Command) -> Result<()> {
    let mut script = Vec::new();
    let name = cli.get_name().to_string();
    if args.fixed {
        clap_complete::generate(args.shell, &mut cli, name, &mut script);
    } else {
        let shell: &dyn EnvCompleter = match args.shell {
            clap_complete::Shell::Bash => &clap_complete::env::Bash,
            clap_complete::Shell::Zsh => &clap_complete::env::Zsh,
            clap_complete::Shell::Fish => &clap_complete::env::Fish,
            clap_complete::Shell::Elvish => &clap_complete::env::Elvish,
            clap_complete::Shell::PowerShell => &clap_complete::env::Powershell,
            other => color_eyre::eyre::bail!("no dynamic completion for {other}; try --static"),
        };
        shell.write_registration("COMPLETE", &name, &name, &completer(&name), &mut script)?;
        if args.shell == clap_complete::Shell::Bash {
            script = readline_quotes(&String::from_utf8_lossy(&script)).into_bytes();
        }
    }
    super::print(&String::from_utf8_lossy(&script))
}

/// The bash script with readline quoting what it inserts, as it does file names: a room
/// "UA2.114 (Baudoux)" goes in as `UA2.114\ \(Baudoux\)` when typed bare and as it is after
/// an opening quote. (Values are not files, but `-o filenames` is how bash gets quoting.)
fn readline_quotes(script: &str) -> String {
    script.replace(
        "complete -o nospace -o bashdefault",
        "complete -o nospace -o bashdefault -o filenames",
    )
}

/// The program the script runs at each Tab: this binary as it was called, made absolute when
/// it was called by a path (`./target/release/hallway`), else `name`, found on PATH.
fn completer(name: &str) -> String {
    let Some(called) = std::env::args_os().next() else {
        return name.to_string();
    };
    let called = std::path::PathBuf::from(called);
    if called.components().count() < 2 {
        return called.to_string_lossy().into_owned();
    }
    match std::env::current_dir() {
        Ok(dir) => dir.join(called).to_string_lossy().into_owned(),
        Err(_) => called.to_string_lossy().into_owned(),
    }
}
