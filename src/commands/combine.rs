//! `hallway combine`: save several library schedules under one name, to open as one.

use super::print;
use color_eyre::eyre::Result;

/// The arguments of `hallway combine`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The combination's name (letters, digits, '-', '_', '.'); a combination of that name is
    /// replaced, a schedule's name is refused.
    #[arg(value_name = "NAME")]
    name: String,
    /// Its schedules: library names, at least two; the first one's time zone is the
    /// combination's.
    #[arg(
        value_name = "SCHEDULE",
        required = true,
        num_args = 2..,
        add = clap_complete::ArgValueCompleter::new(super::complete::library_only)
    )]
    schedules: Vec<String>,
}

/// Saves the combination and says how to open it.
pub fn run(args: &Args) -> Result<()> {
    let data_dir = crate::library::data_dir()?;
    let combination = crate::library::save_combination(&data_dir, &args.name, &args.schedules)?;
    print(&format!(
        "Saved {} = {}\n  open it with: hallway {}\n  update all of it with: hallway update {}\n",
        combination.name,
        combination.sources.join(" + "),
        combination.name,
        combination.name
    ))
}
