//! `hallway library`: list the imported schedules, or rebuild the library's index.

use super::{count, print};
use crate::library::{Entry, Repaired};
use crate::text::{quote, visible};
use color_eyre::eyre::{Result, bail};

/// The arguments of `hallway library`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Rebuild the library's index from the copies it holds (an unreadable index is kept
    /// beside it as library.ron.corrupt-TIME), and import again from its source every copy
    /// that cannot be read.
    #[arg(long)]
    repair: bool,
}

/// Prints the library's schedules, after repairing its index when asked.
pub fn run(args: &Args) -> Result<()> {
    let data_dir = crate::library::data_dir()?;
    let mut broken = Vec::new();
    if args.repair {
        let repaired = crate::library::repair(&data_dir)?;
        // The summary quotes error messages and sources.
        print(&visible(&repair_summary(&repaired)))?;
        broken = repaired.broken.into_iter().map(|(name, _)| name).collect();
    }
    print(&library_listing(&crate::library::list(&data_dir)?))?;
    print(&combination_listing(&crate::library::combinations(
        &data_dir,
    )?))?;
    if !broken.is_empty() {
        bail!(
            "{} could not be repaired: {}",
            count(broken.len(), "schedule"),
            broken.join(", ")
        );
    }
    Ok(())
}

/// The combinations, after the schedules: a heading, then one line each (name, then its
/// schedules); nothing when there are none.
pub fn combination_listing(combinations: &[crate::library::Combination]) -> String {
    if combinations.is_empty() {
        return String::new();
    }
    let width = combinations
        .iter()
        .map(|c| c.name.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::from("\nCombinations (opened as one):\n");
    for c in combinations {
        out.push_str(&format!("{:width$}  {}\n", c.name, c.sources.join(" + ")));
    }
    out
}

/// What `hallway library` prints: one line per schedule (name, title, counts, when imported,
/// source), or how to add one when the library is empty.
pub fn library_listing(entries: &[Entry]) -> String {
    if entries.is_empty() {
        return "The library is empty: add a schedule with `hallway import PATH|URL`.\n".into();
    }
    let width = entries
        .iter()
        .map(|e| e.name.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for e in entries {
        out.push_str(&format!(
            "{:width$}  {} ({}, {}; imported {} from {})\n",
            e.name,
            e.title,
            count(e.sessions, "session"),
            count(e.days, "day"),
            e.imported_at.to_utc().format("%Y-%m-%d %H:%M UTC"),
            if e.source.is_empty() {
                "an unknown source"
            } else {
                e.source.as_str()
            },
        ));
    }
    out
}

/// What `hallway library --repair` did, a line each, before the listing.
pub fn repair_summary(repaired: &Repaired) -> String {
    let mut out = String::new();
    if let Some(to) = &repaired.moved_aside {
        out.push_str(&format!(
            "The index was unreadable: it is kept as {} and was rebuilt from the copies.\n",
            to.display()
        ));
    }
    for entry in &repaired.adopted {
        out.push_str(&format!(
            "Added {} ({}): its source is unknown; `hallway import` it again to update it.\n",
            entry.name, entry.title
        ));
    }
    for name in &repaired.dropped {
        out.push_str(&format!("Dropped {name}: its copy is gone.\n"));
    }
    for (name, source) in &repaired.reimported {
        out.push_str(&format!(
            "Imported {name} again from {}: its copy could not be read.\n",
            quote(source)
        ));
    }
    for (name, why) in &repaired.broken {
        out.push_str(&format!("Could not repair {name}: {why}\n"));
    }
    for (path, why) in &repaired.skipped {
        out.push_str(&format!("Left alone {}: {why}\n", path.display()));
    }
    if out.is_empty() {
        out.push_str("The library's index and copies agree: nothing to repair.\n");
    }
    out
}
