//! `hallway man`: the manual page (roff), made from the command line's own definition.

use color_eyre::eyre::Result;

/// The arguments of `hallway man`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Writes the man page of `cli` (the whole `hallway` command, its subcommands listed) to
/// standard output.
pub fn run(_args: &Args, cli: clap::Command) -> Result<()> {
    let mut page = Vec::new();
    clap_mangen::Man::new(cli).render(&mut page)?;
    super::print(&String::from_utf8_lossy(&page))
}
