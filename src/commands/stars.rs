//! `hallway stars`: the starred sessions in time order, with the ones they clash with.

use super::list::{session_json, session_line};
use crate::model::{Schedule, Session};
use chrono_tz::Tz;
use serde_json::json;

/// The starred sessions with what each clashes with (`hallway stars`): lines of text, or one
/// JSON object per line with the fields of `list --json` plus `conflicts` (ids).
pub fn stars(schedule: &Schedule, starred: &[&Session], zone: Tz, as_json: bool) -> String {
    let conflicts = crate::favourites::conflicts_among(starred);
    let clashes_of = |session: &Session| -> Vec<&Session> {
        conflicts
            .iter()
            .find(|c| c.session.id == session.id)
            .map(|c| c.clashes_with.clone())
            .unwrap_or_default()
    };
    let mut out = String::new();
    for session in starred {
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
