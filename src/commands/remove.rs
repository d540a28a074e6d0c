//! `hallway remove`: take a schedule or a combination out of the library, keeping the stars.

use super::print;
use crate::favourites::Favourites;
use color_eyre::eyre::Result;

/// The arguments of `hallway remove`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The library name of the schedule, or of a combination (its schedules stay).
    #[arg(
        value_name = "NAME",
        add = clap_complete::ArgValueCompleter::new(super::complete::names)
    )]
    name: String,
}

/// Removes the schedule and says how many of its stars are kept.
pub fn run(args: &Args) -> Result<()> {
    let data_dir = crate::library::data_dir()?;
    if let Some(combination) = crate::library::remove_combination(&data_dir, &args.name)? {
        return print(&format!(
            "Removed the combination {} ({} stay in the library).\n",
            combination.name,
            combination.sources.join(", ")
        ));
    }
    let entry = crate::library::remove(&data_dir, &args.name)?;
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
