//! `hallway man`: the manual page (roff), made from the command line's own definition; with
//! `--dir`, a page for each subcommand as well (`hallway-next.1`, …), as git and cargo have.

use color_eyre::eyre::{Result, WrapErr};
use std::path::PathBuf;

/// The arguments of `hallway man`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write hallway.1 and a page for each subcommand (hallway-next.1, …) into this folder
    /// (e.g. ~/.local/share/man/man1), instead of hallway.1 to standard output.
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    dir: Option<PathBuf>,
}

/// Writes the man page of `cli` (the whole `hallway` command, its subcommands listed) to
/// standard output, or every page into `--dir`.
pub fn run(args: &Args, cli: clap::Command) -> Result<()> {
    let Some(dir) = &args.dir else {
        let mut page = Vec::new();
        clap_mangen::Man::new(cli).render(&mut page)?;
        return super::print(&String::from_utf8_lossy(&page));
    };
    let shown = crate::text::quote(&dir.to_string_lossy());
    std::fs::create_dir_all(dir).wrap_err_with(|| format!("cannot create {shown}"))?;
    let written = pages(&cli);
    clap_mangen::generate_to(cli, dir).wrap_err_with(|| format!("cannot write into {shown}"))?;
    super::print(&format!(
        "Wrote {written} manual pages (hallway.1 and one per command) into {shown}; then: man hallway, man hallway-next\n"
    ))
}

/// How many pages `generate_to` writes for `cli`: its own and one per subcommand, nested
/// ones included (clap's `help` subcommand has none).
fn pages(cli: &clap::Command) -> usize {
    1 + cli
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
        .map(pages)
        .sum::<usize>()
}
