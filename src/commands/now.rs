//! `hallway now`: the sessions on now, with the minutes left.

use super::list::{session_json, session_line};
use super::{Context, FilterArgs, Output, output, print};
use crate::model::{Schedule, Session};
use chrono::DateTime;
use chrono_tz::Tz;
use color_eyre::eyre::Result;
use serde_json::{Value, json};

/// The arguments of `hallway now`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only starred sessions.
    #[arg(long)]
    starred: bool,
    /// One JSON object per line: the fields of `list --json` plus `minutes_left`.
    #[arg(long, conflicts_with = "format")]
    json: bool,
    /// One line per session from a template: "{title} ({room}), {minutes} min left". Fields:
    /// {id} {title} {speakers} {room} {track} {kind} {day} {start} {end} {minutes}.
    #[arg(long, value_name = "TEMPLATE")]
    format: Option<String>,
    #[command(flatten)]
    filter: FilterArgs,
}

/// Prints what is on at the context's moment (of the sessions passing the filter).
pub fn run(args: &Args, cx: &mut Context) -> Result<()> {
    // The JSON objects hold the abstracts, which a library copy's cache leaves unread.
    if args.json {
        cx.read_all_abstracts()?;
    }
    let output = output(args.json, args.format.as_deref())?;
    let filter = args.filter.filter(cx)?;
    let sessions = cx.sessions_passing(args.starred, &filter)?;
    print(&on_now(&cx.schedule, &sessions, cx.now, cx.zone, &output))
}

/// What is on at `now` (`hallway now`): sessions started and not over, in timeline order,
/// as text lines with the minutes left, JSON objects with `minutes_left`, or template lines
/// (`{minutes}` left, empty when the end is unknown).
pub fn on_now(
    schedule: &Schedule,
    sessions: &[&Session],
    now: DateTime<chrono::Utc>,
    zone: Tz,
    output: &Output,
) -> String {
    let mut out = String::new();
    for session in sessions.iter().filter(|s| s.is_on_at(now)) {
        let left = crate::time::minutes_until(now, session.effective_end().to_utc());
        let known = session.end.is_some();
        match output {
            Output::Json => {
                let mut object = session_json(schedule, session, zone);
                object["minutes_left"] = if known { json!(left) } else { Value::Null };
                out.push_str(&object.to_string());
            }
            Output::Format(template) => {
                out.push_str(&template.fill(schedule, session, zone, known.then_some(left)))
            }
            Output::Text => {
                out.push_str(&session_line(session, zone));
                if known {
                    out.push_str(&format!("  ({left} min left)"));
                }
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::format::Template;
    use crate::commands::tests::bundled;

    #[test]
    fn on_now_at_fixed_clocks() {
        let schedule = bundled();
        let zone = schedule.conference.time_zone;
        let all: Vec<&Session> = schedule.sessions.iter().collect();
        let at = |t: &str| crate::time::parse_now(t, zone).unwrap();
        // During a session (end unknown: on for the assumed 30 minutes).
        let text = on_now(&schedule, &all, at("2024-03-20T10:40"), zone, &Output::Text);
        assert!(
            text.starts_with("Wed 20 Mar 10:25        Platform Building Blocks"),
            "{text}"
        );
        let json = on_now(&schedule, &all, at("2024-03-20T10:40"), zone, &Output::Json);
        assert!(json.contains("\"minutes_left\":null"), "{json}");
        // Between sessions, after the conference.
        assert_eq!(
            on_now(&schedule, &all, at("2024-03-20T12:00"), zone, &Output::Text),
            ""
        );
        assert_eq!(
            on_now(&schedule, &all, at("2024-04-01T09:00"), zone, &Output::Text),
            ""
        );
        // A template, for a status line.
        let template = Template::parse("{minutes}|{end}|{start}").unwrap();
        let line = on_now(
            &schedule,
            &all,
            at("2024-03-20T10:40"),
            zone,
            &Output::Format(template),
        );
        assert_eq!(line, "||10:25\n", "end unknown: no minutes left, no end");
    }
}
