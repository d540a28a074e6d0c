//! `hallway stars`: the starred sessions in time order, with the ones they clash with; and
//! `hallway stars export` / `import`, to move a plan (stars, priorities, notes) between
//! machines (format: docs/plan-format.md).

use super::list::{session_json, session_line};
use super::{Context, FilterArgs, load_stars, passes, print};
use crate::changes::{MatchKey, closest};
use crate::favourites::{Favourites, Note, Priority, Star, merge_note_text};
use crate::filter::Filter;
use crate::model::{Schedule, Session, SessionId};
use crate::text::{quote, visible};
use chrono::{DateTime, FixedOffset, Utc};
use chrono_tz::Tz;
use color_eyre::eyre::{Result, WrapErr, bail};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

/// The arguments of `hallway stars`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    action: Option<Action>,
    /// One JSON object per line: the fields of `list --json` plus `conflicts` (ids) and
    /// `priority`.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    filter: FilterArgs,
}

/// What `hallway stars` can do besides listing.
#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Write the conference's stars, priorities and notes as one JSON file (docs/plan-format.md).
    Export(ExportArgs),
    /// Merge a file written by `stars export` into the stars here: nothing here is lost, and
    /// importing the same file twice changes nothing.
    Import(ImportArgs),
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Write to this file instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    options: super::Options,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The file `hallway stars export` wrote ("-": standard input).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    #[command(flatten)]
    options: super::Options,
}

/// The version of the plan file format this build writes and reads.
pub const PLAN_FORMAT_VERSION: u32 = 1;

/// A plan file: see docs/plan-format.md.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanFile {
    /// The format version (the key also tells a plan file from other JSON).
    pub hallway_plan: u32,
    /// The conference id (`conference.id` of the schedule).
    pub conference: String,
    #[serde(default)]
    pub conference_title: String,
    /// When the file was written (RFC 3339, UTC).
    #[serde(default)]
    pub exported: Option<String>,
    pub sessions: Vec<PlanEntry>,
}

/// One session of a plan: starred, with a note, or both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanEntry {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub speakers: Vec<String>,
    pub start: DateTime<FixedOffset>,
    #[serde(default)]
    pub room: Option<String>,
    #[serde(default)]
    pub starred: bool,
    /// "must" or "maybe".
    #[serde(default)]
    pub priority: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// Prints the starred sessions that pass the filter, then names on stderr the stars whose
/// session is gone; or exports or imports the plan.
impl Args {
    /// The options given after `stars export` or `stars import` (`hallway stars export -s
    /// kubecon`), to merge with those given before.
    pub fn action_options(&self) -> Option<&super::Options> {
        match &self.action {
            Some(Action::Export(export)) => Some(&export.options),
            Some(Action::Import(import)) => Some(&import.options),
            None => None,
        }
    }
}

pub fn run(args: &Args, cx: &mut Context) -> Result<()> {
    // The JSON objects hold the abstracts, which a library copy's cache leaves unread.
    if args.json {
        cx.read_all_abstracts()?;
    }
    match &args.action {
        Some(Action::Export(export)) => return run_export(export, cx),
        Some(Action::Import(import)) => return run_import(import, cx),
        None => {}
    }
    let filter = args.filter.filter(cx)?;
    let loaded = load_stars(&cx.schedule, &cx.sources)?;
    loaded.tell();
    let sessions = loaded.stars.starred_sessions(&cx.schedule);
    let priorities = loaded.stars.priorities(&cx.schedule);
    let mut out = stars(&cx.schedule, &sessions, &filter, cx.zone, args.json);
    if !priorities.is_empty() {
        out = with_priorities(
            &out,
            &cx.schedule,
            &sessions,
            &filter,
            &priorities,
            args.json,
        );
    }
    print(&out)?;
    for missing in &loaded.missing {
        let source = missing
            .source
            .as_ref()
            .map(|s| format!(" of {s}"))
            .unwrap_or_default();
        eprintln!(
            "hallway: starred but no longer in the schedule{source}: {} (was {})",
            crate::text::visible(&missing.title),
            missing.when
        );
    }
    Ok(())
}

/// The starred sessions that pass the filter, with what each clashes with (`hallway stars`):
/// lines of text, or one JSON object per line with the fields of `list --json` plus
/// `conflicts` (ids). Clashes are with every starred session, filtered out or not: a clash
/// with a star in another track is still a clash.
pub fn stars(
    schedule: &Schedule,
    starred: &[&Session],
    filter: &Filter,
    zone: Tz,
    as_json: bool,
) -> String {
    let conflicts = crate::favourites::conflicts_among(starred);
    let clashes_of = |session: &Session| -> Vec<&Session> {
        conflicts
            .iter()
            .find(|c| c.session.id == session.id)
            .map(|c| c.clashes_with.clone())
            .unwrap_or_default()
    };
    let mut out = String::new();
    for session in starred.iter().filter(|s| passes(filter, schedule, s)) {
        let clashes = clashes_of(session);
        if as_json {
            let mut object = session_json(schedule, session, zone);
            object["conflicts"] =
                json!(clashes.iter().map(|s| s.id.0.as_str()).collect::<Vec<_>>());
            out.push_str(&object.to_string());
        } else {
            out.push_str(&session_line(session, zone));
            if !clashes.is_empty() {
                let titles: Vec<&str> = clashes.iter().map(|s| s.title.as_str()).collect();
                out.push_str(&format!("  [clashes with: {}]", titles.join("; ")));
            }
        }
        out.push('\n');
    }
    out
}

/// The lines of `stars` with each session's priority: "[must] " before a text line, a
/// `priority` field in a JSON one.
fn with_priorities(
    out: &str,
    schedule: &Schedule,
    starred: &[&Session],
    filter: &Filter,
    priorities: &std::collections::BTreeMap<SessionId, Priority>,
    as_json: bool,
) -> String {
    let shown = starred.iter().filter(|s| passes(filter, schedule, s));
    let mut result = String::with_capacity(out.len() + 16 * priorities.len());
    for (line, session) in out.lines().zip(shown) {
        let priority = priorities.get(&session.id).map(|p| p.label());
        if as_json {
            let mut object: serde_json::Value =
                serde_json::from_str(line).unwrap_or(serde_json::Value::Null);
            object["priority"] = json!(priority);
            result.push_str(&object.to_string());
        } else {
            if let Some(label) = priority {
                result.push_str(&format!("[{label}] "));
            }
            result.push_str(line);
        }
        result.push('\n');
    }
    result
}

/// The plan of a conference as the export writes it: every starred session and every note,
/// in id order (sessions gone included, as the file remembers them).
pub fn plan_file(
    schedule: &Schedule,
    favourites: &Favourites,
    exported: DateTime<Utc>,
) -> PlanFile {
    let mut ids: Vec<&SessionId> = favourites
        .stars()
        .keys()
        .chain(favourites.notes().keys())
        .collect();
    ids.sort();
    ids.dedup();
    let sessions = ids
        .into_iter()
        .filter_map(|id| {
            let star = favourites.stars().get(id);
            let note = favourites.note(id);
            let (title, speakers, start, room) = match (schedule.session(id), star, note) {
                (Some(s), _, _) => {
                    let snap = Star::of(s);
                    (snap.title, snap.speakers, snap.start, snap.room)
                }
                (None, Some(star), _) => (
                    star.title.clone(),
                    star.speakers.clone(),
                    star.start,
                    star.room.clone(),
                ),
                (None, None, Some(n)) => {
                    (n.title.clone(), n.speakers.clone(), n.start, n.room.clone())
                }
                // Every id comes from the stars or the notes.
                (None, None, None) => return None,
            };
            Some(PlanEntry {
                id: id.0.clone(),
                title,
                speakers,
                start,
                room,
                starred: star.is_some(),
                priority: star.and_then(|s| s.priority).map(|p| p.label().to_string()),
                note: note.map(|n| n.text.clone()),
            })
        })
        .collect();
    PlanFile {
        hallway_plan: PLAN_FORMAT_VERSION,
        conference: schedule.conference.id.clone(),
        conference_title: schedule.conference.title.clone(),
        exported: Some(exported.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        sessions,
    }
}

fn run_export(args: &ExportArgs, cx: &Context) -> Result<()> {
    let mut loaded = load_stars(&cx.schedule, &cx.sources)?;
    loaded.tell();
    let favourites = one_file(&mut loaded, cx, "export")?;
    let plan = plan_file(&cx.schedule, favourites, Utc::now());
    let mut text = serde_json::to_string_pretty(&plan)?;
    text.push('\n');
    match &args.output {
        Some(path) => {
            std::fs::write(path, text)
                .wrap_err_with(|| format!("cannot write {}", path.display()))?;
            eprintln!(
                "hallway: {} starred, {} notes written to {}",
                favourites.len(),
                favourites.notes().len(),
                visible(&path.display().to_string())
            );
            Ok(())
        }
        None => print(&text),
    }
}

/// What an import did, entry by entry.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Entries found here by their id.
    pub by_id: usize,
    /// Entries found here by title and speakers: (their id, the id here, title).
    pub by_title: Vec<(String, String, String)>,
    /// Entries whose session is not in this schedule: kept in the favourites file as
    /// missing, where a later update may find them (title).
    pub unmatched: Vec<String>,
    /// Entries that changed something here (a star, a priority or a note added).
    pub added: usize,
    /// Entries whose note here and there differed: both texts are kept (title).
    pub notes_merged: Vec<String>,
    /// Entries already here as they are: nothing changed.
    pub already_here: usize,
}

/// Matches a plan to a schedule and merges it into the favourites (one save).
pub fn import_plan(
    plan: &PlanFile,
    schedule: &Schedule,
    favourites: &mut Favourites,
) -> Result<(ImportReport, crate::favourites::Saved)> {
    if plan.hallway_plan == 0 || plan.hallway_plan > PLAN_FORMAT_VERSION {
        bail!(
            "this plan file is format version {} (this hallway reads version {PLAN_FORMAT_VERSION}); update hallway to import it",
            plan.hallway_plan
        );
    }
    if plan.conference != schedule.conference.id {
        bail!(
            "this plan is for the conference '{}', not '{}' ({}); open that schedule with -s",
            quote(&plan.conference),
            quote(&schedule.conference.id),
            schedule.conference.title
        );
    }
    let mut by_key: HashMap<MatchKey, Vec<&Session>> = HashMap::new();
    for session in &schedule.sessions {
        by_key
            .entry(MatchKey::of_session(session))
            .or_default()
            .push(session);
    }
    // A session taken by one entry (by id, or by title) cannot take another.
    let mut claimed: HashSet<&SessionId> = plan
        .sessions
        .iter()
        .filter_map(|e| schedule.session(&SessionId(e.id.clone())).map(|s| &s.id))
        .collect();
    let mut report = ImportReport::default();
    let mut stars = Vec::new();
    let mut notes = Vec::new();
    for entry in &plan.sessions {
        let priority = match entry.priority.as_deref() {
            None => None,
            Some(text) => match Priority::parse(text) {
                Some(p) => Some(p),
                None => bail!(
                    "the plan gives '{}' the priority '{}': it must be \"must\" or \"maybe\"",
                    quote(&entry.title),
                    quote(text)
                ),
            },
        };
        let note = entry
            .note
            .as_deref()
            .map(|t| {
                visible(&t.replace("\r\n", "\n").replace('\t', "    "))
                    .trim_end()
                    .to_string()
            })
            .filter(|t| !t.trim().is_empty());
        let own = SessionId(entry.id.clone());
        let session = match schedule.session(&own) {
            Some(session) => {
                report.by_id += 1;
                Some(session)
            }
            None => {
                let key = MatchKey::new(&entry.title, entry.speakers.iter().map(String::as_str));
                let candidates = by_key
                    .get(&key)
                    .into_iter()
                    .flatten()
                    .copied()
                    .filter(|s| !claimed.contains(&s.id));
                let found = closest(candidates, entry.start, entry.room.as_deref());
                match found {
                    Some(session) => {
                        claimed.insert(&session.id);
                        report.by_title.push((
                            entry.id.clone(),
                            session.id.0.clone(),
                            session.title.clone(),
                        ));
                    }
                    None => report.unmatched.push(entry.title.clone()),
                }
                found
            }
        };
        let (id, star, new_note) = match session {
            Some(s) => (
                s.id.clone(),
                Star {
                    priority,
                    ..Star::of(s)
                },
                note.as_deref().map(|t| Note::on(s, t)),
            ),
            None => (
                own,
                Star {
                    title: entry.title.clone(),
                    speakers: entry.speakers.clone(),
                    start: entry.start,
                    room: entry.room.clone(),
                    priority,
                },
                note.as_deref().map(|t| Note {
                    text: t.to_string(),
                    title: entry.title.clone(),
                    speakers: entry.speakers.clone(),
                    start: entry.start,
                    room: entry.room.clone(),
                }),
            ),
        };
        // What this entry changes here, worked out as the merge will do it.
        let here = favourites.stars().get(&id);
        let star_changes = entry.starred
            && match here {
                None => true,
                Some(h) => h.priority.is_none() && priority.is_some(),
            };
        let note_changes = match (&new_note, favourites.note(&id)) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(n), Some(h)) => {
                let merges = merge_note_text(&h.text, &n.text).is_some();
                if merges && !h.text.trim().is_empty() {
                    report.notes_merged.push(entry.title.clone());
                }
                merges
            }
        };
        if star_changes || note_changes {
            report.added += 1;
        } else {
            report.already_here += 1;
        }
        if entry.starred {
            stars.push((id.clone(), star));
        }
        if let Some(n) = new_note {
            notes.push((id, n));
        }
    }
    let saved = if report.added > 0 {
        favourites.import(stars, notes)?
    } else {
        crate::favourites::Saved::default()
    };
    Ok((report, saved))
}

fn run_import(args: &ImportArgs, cx: &Context) -> Result<()> {
    let text = if args.file.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin())?
    } else {
        std::fs::read_to_string(&args.file)
            .wrap_err_with(|| format!("cannot read {}", args.file.display()))?
    };
    let plan: PlanFile = serde_json::from_str(&text).wrap_err_with(|| {
        format!(
            "{} is not a plan written by `hallway stars export`",
            args.file.display()
        )
    })?;
    let mut loaded = load_stars(&cx.schedule, &cx.sources)?;
    loaded.tell();
    let favourites = one_file(&mut loaded, cx, "import")?;
    let (report, saved) = import_plan(&plan, &cx.schedule, favourites)?;
    if let Some(moved) = saved.moved_aside {
        eprintln!("hallway: {}", visible(&moved.to_string()));
    }
    print(&visible(&describe_import(&report)))?;
    eprintln!(
        "hallway: {} starred, {} notes in {}",
        favourites.len(),
        favourites.notes().len(),
        visible(&favourites.path().display().to_string())
    );
    Ok(())
}

/// The one favourites file of a schedule opened on its own: a plan file is one conference's.
fn one_file<'a>(
    loaded: &'a mut super::LoadedStars,
    cx: &Context,
    what: &str,
) -> Result<&'a mut crate::favourites::Favourites> {
    let labels: Vec<&str> = cx.sources.iter().map(|s| s.label.as_str()).collect();
    loaded.stars.alone_mut().ok_or_else(|| {
        color_eyre::eyre::eyre!(
            "stars {what} works on one schedule at a time; open one of {} with -s NAME",
            visible(&labels.join(", "))
        )
    })
}

/// What `stars import` prints.
pub fn describe_import(report: &ImportReport) -> String {
    let mut out = format!(
        "matched by id: {}\nmatched by title and speakers: {}\nnot in this schedule (kept as missing): {}\nadded or changed: {}\nalready here: {}\n",
        report.by_id,
        report.by_title.len(),
        report.unmatched.len(),
        report.added,
        report.already_here
    );
    for (theirs, ours, title) in &report.by_title {
        out.push_str(&format!(
            "  {title}: {} is {} here\n",
            quote(theirs),
            quote(ours)
        ));
    }
    for title in &report.unmatched {
        out.push_str(&format!("  not found: {}\n", quote(title)));
    }
    for title in &report.notes_merged {
        out.push_str(&format!("  note kept with both texts: {}\n", quote(title)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exported_plan_imports_elsewhere_by_id_and_by_title_and_twice_changes_nothing() {
        let schedule = crate::commands::tests::bundled();
        let here = tempfile::tempdir().unwrap();
        let id = &schedule.conference.id;
        let (mut favs, _) = Favourites::load(here.path(), id).unwrap();
        let s = |id: &str| schedule.session(&SessionId::from(id)).unwrap().clone();
        let _ = favs
            .set_priority(&s("istio-project-update"), Some(Priority::Must))
            .unwrap();
        let _ = favs
            .set_note(&s("istio-project-update"), "ask about ARM")
            .unwrap();
        let _ = favs
            .set_note(&s("istio-day-istio-and-dns"), "note only")
            .unwrap();
        let mut plan = plan_file(&schedule, &favs, Utc::now());
        let text = serde_json::to_string_pretty(&plan).unwrap();
        assert_eq!(serde_json::from_str::<PlanFile>(&text).unwrap(), plan);
        // The other machine's schedule gave one session another id.
        plan.sessions[1].id = "old-id".into();
        let there = tempfile::tempdir().unwrap();
        let (mut other, _) = Favourites::load(there.path(), id).unwrap();
        let (report, _) = import_plan(&plan, &schedule, &mut other).unwrap();
        assert_eq!(report.by_id, 1);
        assert_eq!(report.by_title.len(), 1);
        assert_eq!(report.added, 2);
        assert_eq!(other.priorities(), favs.priorities());
        assert_eq!(other.note_texts(), favs.note_texts());
        assert_eq!(
            other.stars().keys().collect::<Vec<_>>(),
            favs.stars().keys().collect::<Vec<_>>()
        );
        let bytes = std::fs::read(other.path()).unwrap();
        let (again, _) = import_plan(&plan, &schedule, &mut other).unwrap();
        assert_eq!((again.added, again.already_here), (0, 2));
        assert_eq!(std::fs::read(other.path()).unwrap(), bytes);
        // A plan of another conference is refused.
        plan.conference = "elsewhere".into();
        assert!(import_plan(&plan, &schedule, &mut other).is_err());
    }
}
