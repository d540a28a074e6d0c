//! `hallway import`: add a schedule (a file or an http(s) URL) to the library.

use super::{Options, count, print};
use crate::formats::ImportOptions;
use crate::library::ImportReport;
use color_eyre::eyre::Result;

/// The arguments of `hallway import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file or URL to import.
    #[arg(
        value_name = "PATH|URL",
        add = clap_complete::ArgValueCompleter::new(clap_complete::engine::PathCompleter::file())
    )]
    source: String,
    /// The name to open it by (default: from the conference's id).
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
    /// The zone of a source that names none, an IANA name (e.g. Europe/Paris).
    #[arg(
        long,
        value_name = "ZONE",
        conflicts_with = "local",
        add = clap_complete::ArgValueCompleter::new(super::complete::zones)
    )]
    tz: Option<String>,
    /// Read a source that names no zone in the system's own zone (TZ's, if set).
    #[arg(long)]
    local: bool,
}

/// Imports the source into the library (`--tz`, or `--local`, names the zone of a source
/// without one) and prints the summary. `before` are the options given before `import`.
pub fn run(args: &Args, before: &Options) -> Result<()> {
    before.refuse_for("import", false, true)?;
    if let Some(name) = args
        .name
        .as_deref()
        .filter(|n| super::usage::is_subcommand(n))
    {
        // `hallway next` runs the command: a schedule of that name could never be opened.
        color_eyre::eyre::bail!(
            "--name '{}' is a hallway command, so `hallway {0}` could not open it; choose another name",
            crate::text::quote(name)
        );
    }
    let data_dir = crate::library::data_dir()?;
    let zones = super::Zones {
        tz: args.tz.clone(),
        local: args.local,
    };
    let zone = zones.merged(&before.zones)?.either()?;
    let report = crate::library::import(
        &data_dir,
        &args.source,
        &ImportOptions { zone },
        args.name.as_deref(),
    )?;
    print(&crate::text::visible(&import_summary(&report)))
}

/// What `hallway import` prints: what was imported under which name, its counts (sessions,
/// days, distinct rooms, tracks and speakers), where it came from and went, and every warning.
pub fn import_summary(report: &ImportReport) -> String {
    let entry = &report.entry;
    let s = &report.summary;
    let verb = if report.replaced {
        "Updated"
    } else {
        "Imported"
    };
    let mut out = format!(
        "{verb} '{}' ({}) as {}\n",
        entry.title, entry.format, report.name
    );
    out.push_str(&format!(
        "  {} on {}, {}, {}, {}\n",
        count(s.sessions, "session"),
        count(s.days, "day"),
        count(s.rooms, "room"),
        count(s.tracks, "track"),
        count(s.speakers, "speaker"),
    ));
    out.push_str(&format!("  from {}\n", entry.source));
    out.push_str(&format!("  saved in {}\n", report.path.display()));
    out.push_str(&format!("  open it with: hallway {}\n", report.name));
    let warnings = &report.imported.warnings;
    if !warnings.is_empty() {
        out.push_str(&format!("{}:\n", count(warnings.len(), "warning")));
        for warning in warnings {
            out.push_str(&format!("  - {warning}\n"));
        }
    }
    out
}
