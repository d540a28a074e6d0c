//! `hallway completions SHELL`: a completion script for bash, zsh, fish, elvish or PowerShell,
//! made from the command line's own definition, so every subcommand and flag is in it.

use color_eyre::eyre::Result;

/// The arguments of `hallway completions`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to complete in.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

/// Writes the completion script for `cli` (the whole `hallway` command) to standard output.
pub fn run(args: &Args, mut cli: clap::Command) -> Result<()> {
    let mut script = Vec::new();
    let name = cli.get_name().to_string();
    clap_complete::generate(args.shell, &mut cli, name, &mut script);
    super::print(&String::from_utf8_lossy(&script))
}
