//! What the shell subcommands print. Pure functions from a schedule to text, so that scripts
//! can rely on them and tests can check them without running the binary.

use crate::changes::{Change, Kind, Slot};
use crate::library::{Entry, ImportReport};
use crate::model::{Room, Schedule, Session};
use crate::update::{Outcome, ReportedChange, UpdateReport};
use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;
use serde_json::{Value, json};

/// "1 session", "2 sessions".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
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
pub fn repair_summary(repaired: &crate::library::Repaired) -> String {
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
    for (path, why) in &repaired.skipped {
        out.push_str(&format!("Left alone {}: {why}\n", path.display()));
    }
    if out.is_empty() {
        out.push_str("The library's index and copies agree: nothing to repair.\n");
    }
    out
}

/// The documented JSON object for one session (`hallway list --json`): id, title, speakers
/// (names), start and end (RFC 3339 with the offset of `zone`; end null when unknown), day
/// (the conference-local date the session belongs to), room, track, kind.
pub fn session_json(schedule: &Schedule, session: &Session, zone: Tz) -> Value {
    let at = |t: DateTime<FixedOffset>| t.with_timezone(&zone).fixed_offset().to_rfc3339();
    json!({
        "id": session.id.0,
        "title": session.title,
        "speakers": session.speakers.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        "start": at(session.start),
        "end": session.end.map(at),
        "day": schedule.day_of(session).format("%Y-%m-%d").to_string(),
        "room": session.room.as_ref().map(|r| r.0.as_str()),
        "track": session.track.as_ref().map(|t| t.0.as_str()),
        "kind": session.kind,
    })
}

/// One human-readable line for a session: "Wed 20 Mar 10:25–11:00  Room  Title — Speakers".
pub fn session_line(session: &Session, zone: Tz) -> String {
    let start = session.start.with_timezone(&zone);
    let mut line = start.format("%a %-d %b %H:%M").to_string();
    match session.end {
        Some(end) => line.push_str(&end.with_timezone(&zone).format("–%H:%M").to_string()),
        None => line.push_str("      "),
    }
    line.push_str("  ");
    if let Some(room) = &session.room {
        line.push_str(&room.0);
        line.push_str("  ");
    }
    line.push_str(&session.title);
    if !session.speakers.is_empty() {
        line.push_str(" — ");
        line.push_str(&session.speaker_names());
    }
    line
}

/// Every session in timeline order, as lines of text or of JSON.
pub fn list(schedule: &Schedule, zone: Tz, as_json: bool) -> String {
    let mut out = String::new();
    for day in schedule.days() {
        for &index in &day.sessions {
            let session = &schedule.sessions[index];
            let line = if as_json {
                session_json(schedule, session, zone).to_string()
            } else {
                session_line(session, zone)
            };
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// The ranked hits of a query (`hallway search`): lines of text, or one JSON object per line
/// with the fields of `list --json` plus the score. Returns the text and the number of hits.
pub fn search(
    schedule: &Schedule,
    zone: Tz,
    query: &str,
    limit: Option<usize>,
    as_json: bool,
) -> (String, usize) {
    let index = crate::search::SearchIndex::new(schedule);
    let hits = index.search(query, limit);
    let mut out = String::new();
    for hit in &hits {
        let session = &schedule.sessions[hit.session];
        if as_json {
            let mut object = session_json(schedule, session, zone);
            object["score"] = json!(hit.score);
            out.push_str(&object.to_string());
        } else {
            out.push_str(&session_line(session, zone));
        }
        out.push('\n');
    }
    (out, hits.len())
}

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

/// How `now` and `next` print each session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// One readable line.
    Text,
    /// One JSON object per line.
    Json,
    /// One line from a template (`--format`).
    Format(Template),
}

/// The fields a `--format` template can name.
pub const TEMPLATE_FIELDS: &[&str] = &[
    "id", "title", "speakers", "room", "track", "kind", "day", "start", "end", "minutes",
];

/// A `--format` template: text with `{field}` placeholders (`{{` and `}}` for braces), checked
/// once, before any session is printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Field(&'static str),
}

impl Template {
    /// Reads a template; an unknown field or an unclosed brace is an error that names it and
    /// lists the fields.
    pub fn parse(text: &str) -> Result<Template, String> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    literal.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    literal.push('}');
                }
                '{' => {
                    let mut name = String::new();
                    let mut closed = false;
                    for c in chars.by_ref() {
                        if c == '}' {
                            closed = true;
                            break;
                        }
                        name.push(c);
                    }
                    if !closed {
                        return Err(format!(
                            "'{{{name}' has no closing '}}' (write {{{{ for a brace)"
                        ));
                    }
                    let known = TEMPLATE_FIELDS.iter().find(|&&f| f == name.trim());
                    let Some(&field) = known else {
                        return Err(format!(
                            "'{{{name}}}' is not a field; the fields are {}",
                            fields_list()
                        ));
                    };
                    parts.push(Part::Text(std::mem::take(&mut literal)));
                    parts.push(Part::Field(field));
                }
                '}' => return Err("a '}' without its '{' (write }} for a brace)".into()),
                c => literal.push(c),
            }
        }
        parts.push(Part::Text(literal));
        Ok(Template { parts })
    }

    /// The line for one session; `minutes` is what `{minutes}` shows (left, or until it
    /// starts). Unknown values are empty.
    pub fn fill(
        &self,
        schedule: &Schedule,
        session: &Session,
        zone: Tz,
        minutes: Option<i64>,
    ) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Field(field) => out.push_str(&match *field {
                    "id" => session.id.0.clone(),
                    "title" => session.title.clone(),
                    "speakers" => session.speaker_names(),
                    "room" => session
                        .room
                        .as_ref()
                        .map(|r| r.0.clone())
                        .unwrap_or_default(),
                    "track" => session
                        .track
                        .as_ref()
                        .map(|t| t.0.clone())
                        .unwrap_or_default(),
                    "kind" => session.kind.clone().unwrap_or_default(),
                    "day" => schedule.day_of(session).format("%Y-%m-%d").to_string(),
                    "start" => session
                        .start
                        .with_timezone(&zone)
                        .format("%H:%M")
                        .to_string(),
                    "end" => session
                        .end
                        .map(|e| e.with_timezone(&zone).format("%H:%M").to_string())
                        .unwrap_or_default(),
                    "minutes" => minutes.map(|m| m.to_string()).unwrap_or_default(),
                    _ => String::new(),
                }),
            }
        }
        out
    }
}

fn fields_list() -> String {
    let names: Vec<String> = TEMPLATE_FIELDS.iter().map(|f| format!("{{{f}}}")).collect();
    names.join(" ")
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

/// Parses a duration such as `30m`, `2h`, `90` (minutes) or `1h30m`.
pub fn parse_minutes(text: &str) -> Result<chrono::Duration, String> {
    let bad = || format!("'{text}' is not a duration: write 30m, 2h or 1h30m");
    let mut minutes = 0i64;
    let mut number = String::new();
    for c in text.trim().chars() {
        match c {
            '0'..='9' => number.push(c),
            'h' | 'm' => {
                let n: i64 = number.parse().map_err(|_| bad())?;
                minutes += if c == 'h' { n * 60 } else { n };
                number.clear();
            }
            _ => return Err(bad()),
        }
    }
    if !number.is_empty() {
        minutes += number.parse::<i64>().map_err(|_| bad())?;
    }
    if minutes <= 0 || minutes > 60 * 24 * 31 {
        return Err(bad());
    }
    Ok(chrono::Duration::minutes(minutes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> Schedule {
        crate::formats::parse(include_str!("../assets/kubecon-eu-2024.ron")).unwrap()
    }

    #[test]
    fn list_json_is_one_stable_object_per_line() {
        let schedule = bundled();
        let text = list(&schedule, schedule.conference.time_zone, true);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 7);
        assert_eq!(
            lines[0],
            r#"{"id":"istio-day-istio-and-dns","title":"Istio and DNS","speakers":["Costin Manolache"],"start":"2024-03-19T16:25:00+01:00","end":null,"day":"2024-03-19","room":null,"track":"Istio Day","kind":"talk"}"#
        );
    }

    #[test]
    fn another_zone_changes_offsets_not_days() {
        let schedule = bundled();
        let text = list(&schedule, chrono_tz::Asia::Tokyo, true);
        let last: Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
        // 16:45 in Paris is 00:45 the next day in Tokyo; the session stays on the 22nd.
        assert_eq!(last["start"], "2024-03-23T00:45:00+09:00");
        assert_eq!(last["day"], "2024-03-22");
    }

    #[test]
    fn search_ranks_and_counts() {
        let schedule = bundled();
        let zone = schedule.conference.time_zone;
        let (text, hits) = search(&schedule, zone, "istio", None, false);
        assert_eq!(hits, 3, "{text}");
        assert!(
            text.starts_with("Tue 19 Mar 16:25        Istio and DNS — Costin Manolache\n"),
            "{text}"
        );
        let (text, hits) = search(&schedule, zone, "manolahce", Some(1), true);
        assert_eq!(hits, 1);
        let object: Value = serde_json::from_str(text.trim()).unwrap();
        assert_eq!(object["id"], "istio-day-istio-and-dns");
        assert!(object["score"].as_i64().unwrap() > 0);
        assert_eq!(
            search(&schedule, zone, "zzzzqqq", None, false),
            (String::new(), 0)
        );
    }

    #[test]
    fn now_and_next_at_fixed_clocks() {
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
        // Between sessions, before the conference, after it.
        assert_eq!(
            on_now(&schedule, &all, at("2024-03-20T12:00"), zone, &Output::Text),
            ""
        );
        let next = up_next(
            &schedule,
            &all,
            at("2024-03-20T17:00"),
            parse_minutes("30m").unwrap(),
            zone,
            &Output::Text,
        );
        assert!(next.starts_with("in 25 min  Wed 20 Mar 17:25"), "{next}");
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
        assert_eq!(
            on_now(&schedule, &all, at("2024-04-01T09:00"), zone, &Output::Text),
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

    #[test]
    fn templates_name_their_mistakes() {
        let e = Template::parse("{titel}").unwrap_err();
        assert!(e.starts_with("'{titel}' is not a field"), "{e}");
        assert!(e.contains("{title}") && e.contains("{minutes}"), "{e}");
        assert!(
            Template::parse("a } b")
                .unwrap_err()
                .contains("without its '{'")
        );
        assert!(
            Template::parse("{title")
                .unwrap_err()
                .contains("'{title' has no closing '}'")
        );
        assert!(Template::parse("{{}}").is_ok());
    }

    #[test]
    fn durations_for_within() {
        assert_eq!(parse_minutes("30m").unwrap().num_minutes(), 30);
        assert_eq!(parse_minutes("1h30m").unwrap().num_minutes(), 90);
        assert_eq!(parse_minutes("45").unwrap().num_minutes(), 45);
        assert!(parse_minutes("soon").unwrap_err().contains("'soon'"));
        assert!(parse_minutes("0m").is_err());
    }

    #[test]
    fn text_lines_say_when_where_and_who() {
        let schedule = bundled();
        let text = list(&schedule, schedule.conference.time_zone, false);
        assert!(text.contains("Fri 22 Mar 10:05        Cloud Native in its Next Decade — Lin Sun, Davanum Srinivas\n"), "{text}");
    }
}
