//! `hallway next`: the sessions starting soon, soonest first, with the minutes until they
//! start.

use super::list::{session_json, session_line};
use super::{Context, FilterArgs, Output, output, print};
use crate::model::{Schedule, Session};
use chrono::DateTime;
use chrono_tz::Tz;
use color_eyre::eyre::{Result, eyre};
use serde_json::json;

/// The arguments of `hallway next`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only starred sessions.
    #[arg(long)]
    starred: bool,
    /// How far ahead to look: 30m, 2h, 1h30m, 1d.
    #[arg(long, value_name = "DURATION", default_value = "30m")]
    within: String,
    /// One JSON object per line: the fields of `list --json` plus `minutes_until`.
    #[arg(long, conflicts_with = "format")]
    json: bool,
    /// One line per session from a template: "{title} in {minutes} min ({room})". Fields as
    /// for `now`; {minutes} is the minutes until it starts.
    #[arg(long, value_name = "TEMPLATE")]
    format: Option<String>,
    #[command(flatten)]
    filter: FilterArgs,
}

/// Prints what starts within `--within` of the context's moment (of the sessions passing the
/// filter).
pub fn run(args: &Args, cx: &mut Context) -> Result<()> {
    // The JSON objects hold the abstracts, which a library copy's cache leaves unread.
    if args.json {
        cx.read_all_abstracts()?;
    }
    let within = parse_minutes(&args.within).map_err(|e| eyre!("--within: {e}"))?;
    let output = output(args.json, args.format.as_deref())?;
    let filter = args.filter.filter(cx)?;
    let sessions = cx.sessions_passing(args.starred, &filter)?;
    print(&up_next(
        &cx.schedule,
        &sessions,
        cx.now,
        within,
        cx.zone,
        &output,
    ))
}

/// What starts after `now` within `within` (`hallway next`), soonest first, with the minutes
/// until it starts (`minutes_until` in JSON).
pub fn up_next(
    schedule: &Schedule,
    sessions: &[&Session],
    now: DateTime<chrono::Utc>,
    within: chrono::Duration,
    zone: Tz,
    output: &Output,
) -> String {
    let mut next: Vec<&&Session> = sessions
        .iter()
        .filter(|s| s.start > now && s.start <= now + within)
        .collect();
    next.sort_by_key(|s| s.start);
    let mut out = String::new();
    for session in next {
        let until = crate::time::minutes_until(now, session.start.to_utc());
        match output {
            Output::Json => {
                let mut object = session_json(schedule, session, zone);
                object["minutes_until"] = json!(until);
                out.push_str(&object.to_string());
            }
            Output::Format(template) => {
                out.push_str(&template.fill(schedule, session, zone, Some(until)))
            }
            Output::Text => {
                out.push_str(&format!("in {until} min  {}", session_line(session, zone)))
            }
        }
        out.push('\n');
    }
    out
}

/// Parses a duration such as `30m`, `2h`, `90` (minutes), `1h30m` or `1d`.
pub fn parse_minutes(text: &str) -> Result<chrono::Duration, String> {
    let bad = || format!("'{text}' is not a duration: write 30m, 2h, 1h30m or 1d");
    let mut minutes = 0i64;
    let mut number = String::new();
    for c in text.trim().chars() {
        match c {
            '0'..='9' => number.push(c),
            'd' | 'h' | 'm' => {
                let n: i64 = number.parse().map_err(|_| bad())?;
                minutes += n * match c {
                    'd' => 24 * 60,
                    'h' => 60,
                    _ => 1,
                };
                number.clear();
            }
            _ => return Err(bad()),
        }
    }
    if !number.is_empty() {
        minutes += number.parse::<i64>().map_err(|_| bad())?;
    }
    if minutes <= 0 {
        return Err(format!(
            "'{text}' is no time at all: write a duration of a minute or more"
        ));
    }
    if minutes > 60 * 24 * 31 {
        return Err(format!("'{text}' is more than 31 days"));
    }
    Ok(chrono::Duration::minutes(minutes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::format::Template;
    use crate::commands::tests::bundled;
    use serde_json::Value;

    #[test]
    fn up_next_at_fixed_clocks() {
        let schedule = bundled();
        let zone = schedule.conference.time_zone;
        let all: Vec<&Session> = schedule.sessions.iter().collect();
        let at = |t: &str| crate::time::parse_now(t, zone).unwrap();
        let next = up_next(
            &schedule,
            &all,
            at("2024-03-20T17:00"),
            parse_minutes("30m").unwrap(),
            zone,
            &Output::Text,
        );
        assert!(next.starts_with("in 25 min  Wed 20 Mar 17:25"), "{next}");
        // Before the conference.
        assert_eq!(
            up_next(
                &schedule,
                &all,
                at("2024-01-01T09:00"),
                parse_minutes("2h").unwrap(),
                zone,
                &Output::Text
            ),
            ""
        );
        let json = up_next(
            &schedule,
            &all,
            at("2024-03-22T16:00"),
            parse_minutes("1h").unwrap(),
            zone,
            &Output::Json,
        );
        let object: Value = serde_json::from_str(json.trim()).unwrap();
        assert_eq!(object["minutes_until"], 45);
        // A template, for a status line.
        let template = Template::parse("{title} ({room}) in {minutes}m {{{kind}}}").unwrap();
        let line = up_next(
            &schedule,
            &all,
            at("2024-03-22T16:00"),
            parse_minutes("1h").unwrap(),
            zone,
            &Output::Format(template),
        );
        assert_eq!(
            line,
            "Scaling Service Mesh: Self Service Beyond 300 Clusters () in 45m {talk}\n"
        );
    }

    #[test]
    fn durations_for_within() {
        assert_eq!(parse_minutes("30m").unwrap().num_minutes(), 30);
        assert_eq!(parse_minutes("1h30m").unwrap().num_minutes(), 90);
        assert_eq!(parse_minutes("45").unwrap().num_minutes(), 45);
        assert!(parse_minutes("soon").unwrap_err().contains("'soon'"));
        assert!(parse_minutes("0m").unwrap_err().contains("no time at all"));
        assert_eq!(parse_minutes("1d").unwrap().num_minutes(), 24 * 60);
    }
}
