//! `hallway update`: import a library schedule again from its source and print what changed.

use super::{Options, count, print};
use crate::changes::{Change, Kind, Slot};
use crate::model::Room;
use crate::text::visible;
use crate::update::{Outcome, ReportedChange, UpdateReport};
use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;
use color_eyre::eyre::{Result, bail};
use serde_json::{Value, json};

/// The arguments of `hallway update`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The schedules to update, or combinations (each of their schedules); default: what was
    /// opened last.
    #[arg(
        value_name = "NAME",
        conflicts_with = "all",
        add = clap_complete::ArgValueCompleter::new(super::complete::names)
    )]
    names: Vec<String>,
    /// Update every schedule in the library.
    #[arg(long)]
    all: bool,
    /// One JSON object per schedule: schedule, source, status, changes, warnings.
    #[arg(long)]
    json: bool,
    /// A schedule to update (as NAME); repeat for several.
    #[arg(
        short = 's',
        long = "schedule",
        value_name = "NAME",
        conflicts_with = "all",
        add = clap_complete::ArgValueCompleter::new(super::complete::names)
    )]
    schedule: Vec<String>,
    /// The zone of a source that names none, as at import: the sessions are read in it from
    /// now on (a wrong zone given at import is corrected so); also the zone times are shown in.
    #[arg(
        long,
        value_name = "ZONE",
        conflicts_with = "local",
        add = clap_complete::ArgValueCompleter::new(super::complete::zones)
    )]
    tz: Option<String>,
    /// Show the times in the system's own zone (TZ's, if set).
    #[arg(long)]
    local: bool,
}

/// Updates the schedule named (or `-s`, or the one used last), or every one with `--all`, and
/// prints what changed. With `--all`, a schedule that fails is reported and the others go on.
/// `before` are the options given before `update`.
pub fn run(args: &Args, before: &Options) -> Result<()> {
    before.refuse_for("update", true, true)?;
    let data_dir = crate::library::data_dir()?;
    let zones = super::Zones {
        tz: args.tz.clone(),
        local: args.local,
    }
    .merged(&before.zones)?;
    let requested = zones.tz()?;
    // As at import, --tz (or --local) also names the zone of a source that has none.
    let zone = zones.either()?;
    let names: Vec<String> = if args.all {
        crate::library::list(&data_dir)?
            .into_iter()
            .map(|e| e.name)
            .collect()
    } else {
        let named: Vec<String> = before
            .schedules()
            .iter()
            .chain(&args.schedule)
            .chain(&args.names)
            .cloned()
            .collect();
        if named.is_empty() {
            crate::library::recent(&data_dir)?.schedules
        } else {
            // A combination is updated schedule by schedule.
            let mut names = Vec::new();
            for name in named {
                match crate::library::combination(&data_dir, &name)? {
                    Some(combination) => names.extend(combination.sources),
                    None => names.push(name),
                }
            }
            names
        }
    };
    // With several, one failing is reported and the others go on, as with --all.
    let each = args.all || names.len() > 1;
    if names.is_empty() {
        bail!("the library is empty: add a schedule with `hallway import PATH|URL`");
    }
    let mut failed = Vec::new();
    for name in &names {
        match crate::update::update_schedule(&data_dir, name, requested) {
            Ok(report) => {
                let text = update_report(&report, zone, args.json);
                // JSON escapes control characters itself; text quotes the schedule and server.
                print(&if args.json {
                    text.into()
                } else {
                    visible(&text)
                })?;
                for warning in &report.warnings {
                    eprintln!("hallway: warning: {}: {}", report.name, visible(warning));
                }
            }
            Err(e) => {
                if args.json {
                    // Scripts reading the JSON see the failure too.
                    print(&update_failure_json(name, &e.to_string()))?;
                }
                if !each {
                    bail!("cannot update '{name}', the library is unchanged: {e}")
                }
                eprintln!(
                    "hallway: cannot update '{name}', it is unchanged: {}",
                    visible(&e.to_string())
                );
                failed.push(name.as_str());
            }
        }
    }
    if !failed.is_empty() {
        bail!(
            "{} of {} schedules could not be updated: {}",
            failed.len(),
            names.len(),
            failed.join(", ")
        );
    }
    Ok(())
}

/// The JSON line `hallway update --json` prints for a schedule it could not update:
/// `{"schedule": NAME, "status": "failed", "error": WHY}` (the library is unchanged).
pub fn update_failure_json(name: &str, error: &str) -> String {
    let mut line = json!({ "schedule": name, "status": "failed", "error": error }).to_string();
    line.push('\n');
    line
}

/// What `hallway update` prints for one schedule. Text: a first line "NAME: not modified (the
/// server answered 304)", "NAME: no changes" or "NAME: 4 changes (1 starred)", then one line
/// per change, starred first, marked ★:
/// "★ moved     Sat 10:30 → 11:00 · H.2215 → K.1.105  Title". JSON: one object (see README).
/// Times are shown in `zone`, else in the conference's.
pub fn update_report(report: &UpdateReport, zone: Option<Tz>, as_json: bool) -> String {
    let (schedule, changes) = match &report.outcome {
        Outcome::NotModified => {
            return if as_json {
                let object = json!({
                    "schedule": report.name,
                    "source": report.source,
                    "status": "not-modified",
                    "changes": [],
                    "warnings": report.warnings,
                });
                format!("{object}\n")
            } else {
                format!("{}: not modified (the server answered 304)\n", report.name)
            };
        }
        Outcome::Updated { schedule, changes } => (schedule, changes),
    };
    let zone = zone.unwrap_or(schedule.conference.time_zone);
    if as_json {
        let changes = changes.as_ref().map(|changes| {
            changes
                .iter()
                .map(|c| change_json(c, zone))
                .collect::<Vec<_>>()
        });
        let object = json!({
            "schedule": report.name,
            "source": report.source,
            "status": "updated",
            "changes": changes,
            "warnings": report.warnings,
        });
        return format!("{object}\n");
    }
    let Some(changes) = changes else {
        return format!(
            "{}: updated; what changed is not known (the previous copy could not be read)\n",
            report.name
        );
    };
    if changes.is_empty() {
        return format!("{}: no changes\n", report.name);
    }
    let starred = changes.iter().filter(|c| c.starred).count();
    let mut out = format!("{}: {}", report.name, count(changes.len(), "change"));
    if starred > 0 {
        out.push_str(&format!(" ({starred} starred)"));
    }
    out.push('\n');
    for reported in changes {
        out.push_str(&change_line(reported, zone));
        out.push('\n');
    }
    out
}

/// One line of the update report (see `update_report`).
pub fn change_line(reported: &ReportedChange, zone: Tz) -> String {
    let change = &reported.change;
    let star = if reported.starred { '★' } else { ' ' };
    let day_time = |slot: &Slot| {
        slot.start
            .with_timezone(&zone)
            .format("%a %H:%M")
            .to_string()
    };
    let room = |room: &Option<Room>| {
        room.as_ref()
            .map_or("no room", |r| r.0.as_str())
            .to_string()
    };
    let (moved, retitled_from) = change.moved_and_retitled();
    let mut when = day_time(&change.slot);
    let mut place = change.slot.room.as_ref().map(|r| r.0.clone());
    if let Some(moved) = moved {
        if moved.time_changed() {
            let (from, to) = (
                moved.from.start.with_timezone(&zone),
                moved.to.start.with_timezone(&zone),
            );
            let to_text = if from.date_naive() == to.date_naive() {
                to.format("%H:%M").to_string()
            } else {
                day_time(&moved.to)
            };
            when = format!("{} → {to_text}", day_time(&moved.from));
        }
        if moved.room_changed() {
            place = Some(format!(
                "{} → {}",
                room(&moved.from.room),
                room(&moved.to.room)
            ));
        }
    }
    let mut line = format!("{star} {:<9} {when}", change.label());
    if let Some(place) = place {
        line.push_str(" · ");
        line.push_str(&place);
    }
    line.push_str("  ");
    line.push_str(&change.title);
    match (moved, retitled_from) {
        (Some(_), Some(old)) => line.push_str(&format!(" (retitled, was '{old}')")),
        (None, Some(old)) => line.push_str(&format!(" (was '{old}')")),
        _ => {}
    }
    if reported.starred && change.kind == Kind::Cancelled {
        line.push_str(" (star kept as missing)");
    }
    line
}

/// One change as JSON: `change` (new, cancelled, moved, retitled), `starred`, `id` and
/// `old_id` (null when new / cancelled), `title`, `start`, `room` (where it is, or was when
/// cancelled), `old_title` (null unless retitled), `old_start` and `old_room` (where it was,
/// null unless moved).
fn change_json(reported: &ReportedChange, zone: Tz) -> Value {
    let change: &Change = &reported.change;
    let at = |t: DateTime<FixedOffset>| t.with_timezone(&zone).fixed_offset().to_rfc3339();
    let (moved, retitled_from) = change.moved_and_retitled();
    json!({
        "change": change.label(),
        "starred": reported.starred,
        "id": change.id.as_ref().map(|id| id.0.as_str()),
        "old_id": change.old_id.as_ref().map(|id| id.0.as_str()),
        "title": change.title,
        "start": at(change.slot.start),
        "room": change.slot.room.as_ref().map(|r| r.0.as_str()),
        "old_title": retitled_from,
        "old_start": moved.map(|m| at(m.from.start)),
        "old_room": moved.and_then(|m| m.from.room.as_ref().map(|r| r.0.as_str())),
    })
}
