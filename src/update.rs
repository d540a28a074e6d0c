//! `hallway update`: import a library schedule again from its source, make the stars follow
//! their sessions, and say what changed, starred sessions first.

use crate::changes::Change;
use crate::favourites::Favourites;
use crate::library::{self, LibraryError};
use crate::model::{Schedule, SessionId};
use std::collections::HashSet;
use std::path::Path;

/// What updating one schedule did.
#[derive(Debug, Clone)]
pub struct UpdateReport {
    /// The library name, as the index spells it.
    pub name: String,
    /// Where it was read from: the URL, or the file's path.
    pub source: String,
    pub outcome: Outcome,
    /// What the user should know besides: the reader's warnings, stars that could not be
    /// matched or saved.
    pub warnings: Vec<String>,
}

/// Whether a new version was stored.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// The server answered 304 Not Modified: nothing was written.
    NotModified,
    /// The source was read and stored.
    Updated {
        /// The schedule as stored now.
        schedule: Box<Schedule>,
        /// What changed, starred sessions first, then in time order; `None` when the previous
        /// copy could not be read (a warning says why).
        changes: Option<Vec<ReportedChange>>,
    },
}

/// One change, and whether the user had starred the session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportedChange {
    pub change: Change,
    /// The session is starred (its star followed it, or, when it was cancelled, is kept as
    /// missing).
    pub starred: bool,
}

impl UpdateReport {
    /// The changes reported (none when not modified).
    pub fn changes(&self) -> &[ReportedChange] {
        match &self.outcome {
            Outcome::Updated {
                changes: Some(changes),
                ..
            } => changes,
            _ => &[],
        }
    }
}

/// Updates library schedule `name` (`library::update`), then matches the conference's stars
/// to the new version (`Favourites::resolve`: by id, then by title and speakers) so that a
/// star whose session got a new id is re-keyed and saved. A failure of the update leaves the
/// library as it was and is the error; the library is updated once the stars are looked at,
/// so a problem with them is a warning.
///
/// `zone` (`--tz`) names the conference's zone for a source that names none
/// (`library::update_in_zone`).
pub fn update_schedule(
    data_dir: &Path,
    name: &str,
    zone: Option<chrono_tz::Tz>,
) -> Result<UpdateReport, LibraryError> {
    let entry = library::entry(data_dir, name)?;
    let Some(updated) = library::update_in_zone(data_dir, &entry.name, zone)? else {
        return Ok(UpdateReport {
            name: entry.name,
            source: entry.source,
            outcome: Outcome::NotModified,
            warnings: Vec::new(),
        });
    };
    let report = updated.report;
    let mut warnings = report.imported.warnings;
    let schedule = report.imported.schedule;
    let (before, after) = follow_stars(data_dir, &schedule, &mut warnings);
    let changes = updated.changes.map(|changes| {
        let mut reported: Vec<ReportedChange> = changes
            .changes
            .into_iter()
            .map(|change| {
                let starred = change.old_id.as_ref().is_some_and(|id| before.contains(id))
                    || change.id.as_ref().is_some_and(|id| after.contains(id));
                ReportedChange { change, starred }
            })
            .collect();
        // Stable: time order within each group.
        reported.sort_by_key(|r| !r.starred);
        reported
    });
    Ok(UpdateReport {
        name: report.name,
        source: report.entry.source,
        outcome: Outcome::Updated {
            schedule: Box::new(schedule),
            changes,
        },
        warnings,
    })
}

/// Resolves the stars of the schedule's conference against it and returns the starred ids
/// before and after; what went wrong is added to `warnings`.
fn follow_stars(
    data_dir: &Path,
    schedule: &Schedule,
    warnings: &mut Vec<String>,
) -> (HashSet<SessionId>, HashSet<SessionId>) {
    let (mut favourites, outcome) = match Favourites::load(data_dir, &schedule.conference.id) {
        Ok(loaded) => loaded,
        Err(e) => {
            warnings.push(format!("stars could not be read: {e}"));
            return (HashSet::new(), HashSet::new());
        }
    };
    warnings.extend(outcome.message());
    let before: HashSet<SessionId> = favourites.stars().keys().cloned().collect();
    match favourites.resolve(schedule) {
        Ok(resolution) => {
            if let Some(moved) = resolution.saved.moved_aside {
                warnings.push(moved.to_string());
            }
        }
        Err(e) => warnings.push(format!("stars could not follow their sessions: {e}")),
    }
    let after = favourites.stars().keys().cloned().collect();
    (before, after)
}
