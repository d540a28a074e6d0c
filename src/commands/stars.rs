//! `hallway stars`: the starred sessions in time order, with the ones they clash with.

use super::list::{session_json, session_line};
use super::{Context, FilterArgs, load_stars, passes, print};
use crate::filter::Filter;
use crate::model::{Schedule, Session};
use chrono_tz::Tz;
use color_eyre::eyre::Result;
use serde_json::json;

/// The arguments of `hallway stars`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// One JSON object per line: the fields of `list --json` plus `conflicts` (ids).
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    filter: FilterArgs,
}

/// Prints the starred sessions that pass the filter, then names on stderr the stars whose
/// session is gone.
pub fn run(args: &Args, cx: &Context) -> Result<()> {
    let filter = args.filter.filter(cx)?;
    let loaded = load_stars(&cx.schedule, &cx.sources)?;
    loaded.tell();
    let sessions = loaded.stars.starred_sessions(&cx.schedule);
    print(&stars(&cx.schedule, &sessions, &filter, cx.zone, args.json))?;
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
