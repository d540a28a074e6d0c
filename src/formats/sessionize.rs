//! The Sessionize API "All" view (`/api/v2/{id}/view/All`): sessions with speakers, rooms and
//! categories as lookup tables, local wall-clock times and no time zone anywhere.
//!
//! The file names neither the event nor its zone. The zone comes from `--tz`, else UTC is
//! assumed with a warning. The conference id is `sessionize-` followed by the smallest room id
//! (Sessionize ids are global, and rooms are created before the programme, so the id survives
//! later exports of the same event), else the smallest numeric session id, else `sessionize`;
//! the title is "Sessionize schedule" with the first and last day.

use super::{
    FormatError, ImportOptions, clean_line, clean_schedule, disambiguate_ids, quote, strip_bom,
};
use crate::model::{
    Conference, Link, Room, SCHEDULE_FORMAT_VERSION, Schedule, Session, SessionId, Speaker, Track,
    default_day_change,
};
use crate::time::resolve_local;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDateTime};
use chrono_tz::Tz;
use serde_json::{Map, Value};
use std::collections::HashMap;

const FORMAT: &str = "Sessionize JSON";

/// Whether text (after BOM and white space) looks like a Sessionize "All" export: a JSON
/// object whose first key is `sessions`, or one with both `sessions` and `startsAt` keys.
pub fn looks_like(text: &str) -> bool {
    let body = strip_bom(text).trim_start();
    let Some(inside) = body.strip_prefix('{') else {
        return false;
    };
    inside.trim_start().starts_with("\"sessions\"")
        || (body.contains("\"sessions\"") && body.contains("\"startsAt\""))
}

fn invalid(message: String) -> FormatError {
    FormatError::Invalid {
        format: FORMAT,
        message,
    }
}

/// A JSON id that may be a string or a number (session ids are strings, `speaker.sessions`
/// holds integers), as a string.
fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.trim().to_string()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

fn string<'a>(object: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    object.get(key).and_then(Value::as_str)
}

fn list<'a>(object: &'a Map<String, Value>, key: &str) -> &'a [Value] {
    object
        .get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// Reads a Sessionize "All" export. Times are read in `options.zone`, else in UTC with a
/// warning; unscheduled sessions are skipped with a warning.
pub fn parse(text: &str, options: &ImportOptions) -> Result<(Schedule, Vec<String>), FormatError> {
    let root: Value = serde_json::from_str(strip_bom(text)).map_err(|e| FormatError::Syntax {
        format: FORMAT,
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let Some(root) = root.as_object() else {
        return Err(invalid("the top level is not an object".into()));
    };
    let Some(raw_sessions) = root.get("sessions").and_then(Value::as_array) else {
        return Err(invalid("'sessions' is missing or not a list".into()));
    };
    let mut warnings = Vec::new();
    let zone = match options.zone {
        Some(zone) => zone,
        None => {
            warnings.push(
                "Sessionize files name no time zone: assumed UTC; pass --tz ZONE (for example \
                 --tz America/New_York) to use the conference's zone"
                    .to_string(),
            );
            Tz::UTC
        }
    };

    let rooms: HashMap<String, String> = list(root, "rooms")
        .iter()
        .filter_map(Value::as_object)
        .filter_map(|room| Some((id_text(room.get("id")?)?, string(room, "name")?.to_string())))
        .collect();
    let categories = Categories::read(list(root, "categories"));
    let speakers = Speakers::read(list(root, "speakers"));

    let mut sessions = Vec::with_capacity(raw_sessions.len());
    let mut unscheduled = Vec::new();
    for (index, raw) in raw_sessions.iter().enumerate() {
        let Some(raw) = raw.as_object() else {
            return Err(invalid(format!("sessions[{index}] is not an object")));
        };
        let Some(id) = raw.get("id").and_then(id_text).filter(|id| !id.is_empty()) else {
            return Err(invalid(format!("sessions[{index}] has no id")));
        };
        let title = string(raw, "title").unwrap_or("").to_string();
        let where_ = || format!("sessions[{index}] (id '{id}')", id = quote(&id));
        let starts_at = raw.get("startsAt").filter(|v| !v.is_null());
        let Some(starts_at) = starts_at else {
            unscheduled.push(clean_line(&title));
            continue;
        };
        let start = read_time(starts_at, zone).ok_or_else(|| {
            invalid(format!(
                "{}: startsAt {} is not a date-time",
                where_(),
                shown(starts_at)
            ))
        })?;
        let end = match raw.get("endsAt").filter(|v| !v.is_null()) {
            Some(value) => Some(read_time(value, zone).ok_or_else(|| {
                invalid(format!(
                    "{}: endsAt {} is not a date-time",
                    where_(),
                    shown(value)
                ))
            })?),
            None => None,
        };
        let end = end.filter(|end| *end >= start);
        let room = raw
            .get("roomId")
            .and_then(id_text)
            .and_then(|room| rooms.get(&room).cloned());
        let items: Vec<String> = list(raw, "categoryItems")
            .iter()
            .filter_map(id_text)
            .collect();
        let service = raw
            .get("isServiceSession")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let kind = categories
            .format_of(&items)
            .map(|k| k.to_lowercase())
            .or_else(|| service.then(|| "service".to_string()));
        let mut speaker_ids: Vec<String> =
            list(raw, "speakers").iter().filter_map(id_text).collect();
        for extra in speakers.of_session(&id) {
            if !speaker_ids.contains(extra) {
                speaker_ids.push(extra.clone());
            }
        }
        let mut session_speakers: Vec<Speaker> = Vec::new();
        for speaker in speaker_ids.iter().filter_map(|s| speakers.by_id.get(s)) {
            if !session_speakers.iter().any(|s| s.name == speaker.name) {
                session_speakers.push(speaker.clone());
            }
        }
        let links = [("liveUrl", "Live stream"), ("recordingUrl", "Recording")]
            .into_iter()
            .filter_map(|(key, label)| {
                let url = string(raw, key)?.trim();
                (!url.is_empty()).then(|| Link {
                    url: url.to_string(),
                    title: Some(label.to_string()),
                })
            })
            .collect();
        sessions.push(Session {
            id: SessionId(clean_line(&id)),
            title: if clean_line(&title).is_empty() {
                "(untitled)".to_string()
            } else {
                title
            },
            subtitle: None,
            speakers: session_speakers,
            start,
            end,
            room: room.map(Room),
            track: categories.track_of(&items).map(Track),
            kind,
            language: None,
            abstract_text: string(raw, "description").unwrap_or("").to_string(),
            links,
            origin: None,
        });
    }
    if !unscheduled.is_empty() {
        let mut titles: Vec<String> = unscheduled
            .iter()
            .take(3)
            .map(|t| format!("'{}'", quote(t)))
            .collect();
        if unscheduled.len() > 3 {
            titles.push("…".into());
        }
        warnings.push(format!(
            "{} unscheduled session(s) skipped (no start): {}",
            unscheduled.len(),
            titles.join(", ")
        ));
    }
    let without_end = sessions.iter().filter(|s| s.end.is_none()).count();
    if without_end > 0 {
        warnings.push(format!(
            "{without_end} session(s) have no end, or one before their start"
        ));
    }
    disambiguate_ids(&mut sessions, &mut warnings);

    let mut schedule = Schedule {
        version: SCHEDULE_FORMAT_VERSION,
        conference: conference(root, &sessions, zone),
        sessions,
    };
    clean_schedule(&mut schedule);
    let problems = schedule.problems();
    if !problems.is_empty() {
        return Err(invalid(problems.join("; ")));
    }
    Ok((schedule, warnings))
}

/// A JSON value for an error message, shortened and with its control characters visible.
fn shown(value: &Value) -> String {
    quote(&value.to_string())
}

/// A Sessionize time: local wall clock without offset (read in `zone`), or, should a newer
/// export add one, an RFC 3339 instant.
fn read_time(value: &Value, zone: Tz) -> Option<DateTime<FixedOffset>> {
    let text = value.as_str()?.trim();
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return Some(instant.with_timezone(&zone).fixed_offset());
    }
    let local = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M"))
        .ok()
        // Keeps chrono's arithmetic far from its limits.
        .filter(|t| (1..=9999).contains(&t.year()))?;
    Some(resolve_local(local, zone).fixed_offset())
}

/// The category lookup: item id to its name and its category's title.
struct Categories {
    /// Item id → (category title, item name), session-type categories only.
    items: HashMap<String, (String, String)>,
    /// The title of the category used as the track.
    track: Option<String>,
}

impl Categories {
    fn read(raw: &[Value]) -> Categories {
        let mut items = HashMap::new();
        let mut track = None;
        for category in raw.iter().filter_map(Value::as_object) {
            // "speaker" categories describe people, never sessions.
            if string(category, "type").is_some_and(|t| !t.eq_ignore_ascii_case("session")) {
                continue;
            }
            let title = string(category, "title").unwrap_or("").to_string();
            let lower = title.to_lowercase();
            if track.is_none() && (lower.contains("track") || lower.contains("category")) {
                track = Some(title.clone());
            }
            for item in list(category, "items").iter().filter_map(Value::as_object) {
                if let (Some(id), Some(name)) =
                    (item.get("id").and_then(id_text), string(item, "name"))
                {
                    items.insert(id, (title.clone(), name.to_string()));
                }
            }
        }
        Categories { items, track }
    }

    /// The session's item in the track category.
    fn track_of(&self, session_items: &[String]) -> Option<String> {
        let track = self.track.as_ref()?;
        session_items
            .iter()
            .filter_map(|id| self.items.get(id))
            .find(|(title, _)| title == track)
            .map(|(_, name)| name.clone())
    }

    /// The session's item in a category titled like a format or type ("Session format").
    fn format_of(&self, session_items: &[String]) -> Option<String> {
        session_items
            .iter()
            .filter_map(|id| self.items.get(id))
            .find(|(title, _)| {
                let lower = title.to_lowercase();
                lower.contains("format") || lower.contains("type")
            })
            .map(|(_, name)| name.clone())
    }
}

/// The speaker lookup, and which sessions each speaker lists.
struct Speakers {
    by_id: HashMap<String, Speaker>,
    /// Session id (as a string) → speaker ids, from `speaker.sessions`.
    by_session: HashMap<String, Vec<String>>,
}

impl Speakers {
    fn read(raw: &[Value]) -> Speakers {
        let mut by_id = HashMap::new();
        let mut by_session: HashMap<String, Vec<String>> = HashMap::new();
        for speaker in raw.iter().filter_map(Value::as_object) {
            let Some(id) = speaker.get("id").and_then(id_text) else {
                continue;
            };
            let full = string(speaker, "fullName").map(str::trim).unwrap_or("");
            let name = if full.is_empty() {
                let first = string(speaker, "firstName").unwrap_or("").trim();
                let last = string(speaker, "lastName").unwrap_or("").trim();
                format!("{first} {last}").trim().to_string()
            } else {
                full.to_string()
            };
            if name.is_empty() {
                continue;
            }
            // Sessionize has no organisation field; the tag line is free text ("Cloud engineer,
            // author, weekend baker"), so it is not used as one.
            for session in list(speaker, "sessions").iter().filter_map(id_text) {
                by_session.entry(session).or_default().push(id.clone());
            }
            by_id.insert(
                id,
                Speaker {
                    name,
                    organisation: None,
                },
            );
        }
        Speakers { by_id, by_session }
    }

    fn of_session(&self, session: &str) -> &[String] {
        self.by_session.get(session).map_or(&[], Vec::as_slice)
    }
}

fn conference(root: &Map<String, Value>, sessions: &[Session], zone: Tz) -> Conference {
    let smallest = |key: &str| {
        list(root, key)
            .iter()
            .filter_map(|v| v.as_object()?.get("id")?.as_u64())
            .min()
    };
    let smallest_session = sessions
        .iter()
        .filter_map(|s| s.id.0.parse::<u64>().ok())
        .min();
    let id = match smallest("rooms").or(smallest_session) {
        Some(n) => format!("sessionize-{n}"),
        None => "sessionize".to_string(),
    };
    let dates: Vec<_> = sessions
        .iter()
        .map(|s| s.start.with_timezone(&zone).date_naive())
        .collect();
    let title = match (dates.iter().min(), dates.iter().max()) {
        (Some(first), Some(last)) if first == last => format!("Sessionize schedule {first}"),
        (Some(first), Some(last)) => format!("Sessionize schedule {first} to {last}"),
        _ => "Sessionize schedule".to_string(),
    };
    Conference {
        id,
        title,
        time_zone: zone,
        city: None,
        venue: None,
        url: None,
        day_change: default_day_change(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"sessions": [{"id": "7", "title": "Talk", "description": null,
        "startsAt": "2024-05-01T10:00:00", "endsAt": "2024-05-01T10:45:00",
        "speakers": ["a"], "categoryItems": [], "roomId": 1}],
        "speakers": [{"id": "a", "fullName": "Marit Solberg", "sessions": [7]}],
        "categories": [], "rooms": [{"id": 1, "name": "Main"}]}"#;

    fn error(text: &str) -> FormatError {
        parse(text, &ImportOptions::default()).unwrap_err()
    }

    #[test]
    fn reads_a_minimal_file() {
        let (s, warnings) = parse(GOOD, &ImportOptions::default()).unwrap();
        assert_eq!(s.sessions[0].speakers[0].name, "Marit Solberg");
        assert_eq!(s.sessions[0].minutes(), Some(45));
        assert_eq!(s.conference.id, "sessionize-1");
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn truncated_empty_and_junk_are_syntax_errors_with_positions() {
        for (text, expected) in [
            (&GOOD[..GOOD.len() - 20], (5, 43)),
            ("", (1, 0)),
            ("\u{feff}", (1, 0)),
            ("\u{0}\u{1}\u{7f}junk", (1, 1)),
        ] {
            match error(text) {
                FormatError::Syntax { line, column, .. } => {
                    assert_eq!((line, column), expected, "{text:?}")
                }
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn wrong_types_and_bad_dates() {
        let e = error(&GOOD.replace("2024-05-01T10:00:00", "yesterday")).to_string();
        assert_eq!(
            e,
            "Sessionize JSON: sessions[0] (id '7'): startsAt \"yesterday\" is not a date-time"
        );
        let e = error(&GOOD.replace("\"2024-05-01T10:45:00\"", "12")).to_string();
        assert!(e.contains("endsAt 12 is not a date-time"), "{e}");
        let e = error(&GOOD.replace("2024-05-01T10:00:00", "+99999-05-01T10:00:00")).to_string();
        assert!(e.contains("is not a date-time"), "{e}");
        let e = error(&GOOD.replace("[{\"id\": \"7\"", "[7, {\"id\": \"7\"")).to_string();
        assert!(e.contains("sessions[0] is not an object"), "{e}");
        assert!(error("\"sessions\"").to_string().contains("not an object"));
        // Lookups of the wrong type are ignored rather than fatal.
        let odd = GOOD
            .replace(
                "\"rooms\": [{\"id\": 1, \"name\": \"Main\"}]",
                "\"rooms\": {}",
            )
            .replace("\"speakers\": [\"a\"]", "\"speakers\": \"a\"");
        let (s, _) = parse(&odd, &ImportOptions::default()).unwrap();
        assert_eq!(s.sessions[0].room, None);
        // Marit is still found through her own list of sessions.
        assert_eq!(s.sessions[0].speakers[0].name, "Marit Solberg");
        // An end before the start is dropped with a warning.
        let (s, warnings) = parse(
            &GOOD.replace("10:45:00", "09:00:00"),
            &ImportOptions::default(),
        )
        .unwrap();
        assert_eq!(s.sessions[0].end, None);
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("1 session(s) have no end"))
        );
    }
}
