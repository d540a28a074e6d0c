//! `hallway notes`: every note of the conference, in time order, those whose session is gone
//! last.

use super::{Context, load_stars, print};
use crate::model::Schedule;
use crate::sources::{Stars, combined_id, session_here};
use crate::text::visible;
use chrono_tz::Tz;
use color_eyre::eyre::Result;
use serde_json::json;

/// The arguments of `hallway notes`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// One JSON object per line: id, title, start, room, note, starred, priority, missing.
    #[arg(long)]
    json: bool,
}

pub fn run(args: &Args, cx: &Context) -> Result<()> {
    let loaded = load_stars(&cx.schedule, &cx.sources)?;
    loaded.tell();
    print(&notes(&cx.schedule, &loaded.stars, cx.zone, args.json))
}

/// The notes as text (a line for the session, the note indented under it) or JSON lines.
pub fn notes(schedule: &Schedule, stars: &Stars, zone: Tz, as_json: bool) -> String {
    let mut entries = Vec::new();
    for (label, favourites) in stars.files() {
        for (own, note) in favourites.notes() {
            let session = session_here(schedule, label, own);
            let id = match (session, label) {
                (Some(s), _) => s.id.clone(),
                (None, Some(label)) => combined_id(label, own),
                (None, None) => own.clone(),
            };
            let starred = favourites.is_starred(own);
            let priority = favourites.priority(own);
            entries.push((session, id, note, starred, priority));
        }
    }
    // Sessions here in time order, then the notes of sessions gone.
    entries.sort_by_key(|(session, _, note, _, _)| {
        (
            session.is_none(),
            session.map_or(note.start, |s| s.start),
            session.map_or(note.title.clone(), |s| s.title.clone()),
        )
    });
    let mut out = String::new();
    for (session, id, note, starred, priority) in entries {
        let title = session.map_or(note.title.as_str(), |s| s.title.as_str());
        let start = session.map_or(note.start, |s| s.start);
        let room = session.map_or(note.room.clone(), |s| s.room.as_ref().map(|r| r.0.clone()));
        if as_json {
            let object = json!({
                "id": id.0,
                "title": title,
                "start": start.with_timezone(&zone).fixed_offset().to_rfc3339(),
                "room": room,
                "note": note.text,
                "starred": starred,
                "priority": priority.map(|p| p.label()),
                "missing": session.is_none(),
            });
            out.push_str(&object.to_string());
            out.push('\n');
            continue;
        }
        let when = start.with_timezone(&zone).format("%a %-d %b %H:%M");
        let mut line = format!("{when}  {title}");
        if let Some(room) = &room {
            line.push_str(&format!(" · {room}"));
        }
        if starred {
            line.push_str(
                match priority {
                    Some(p) => format!("  ★ {}", p.label()),
                    None => "  ★".to_string(),
                }
                .as_str(),
            );
        }
        if session.is_none() {
            line.push_str("  (no longer in the schedule)");
        }
        out.push_str(&visible(&line));
        out.push('\n');
        for text in note.text.lines() {
            out.push_str(&format!("    {}\n", visible(text)));
        }
    }
    out
}
