//! frab-compatible schedule JSON (frab, pretalx, c3voc tools; the c3voc `schema.json`):
//! `schedule.conference.days[].rooms` is an object whose key order is the room order, and
//! persons are `{name}` (newer pretalx) or `{public_name}` (frab, older pretalx). Schedule v2
//! (a flat `events` list) is refused with a clear error.

use super::frab::{self, RawConference, RawDay, RawEvent};
use super::{FormatError, ImportOptions, quote, strip_bom};
use crate::model::{Link, Schedule};
use serde_json::{Map, Value};

const FORMAT: &str = "frab JSON";

/// Reads a frab-compatible schedule JSON file.
pub fn parse(text: &str, options: &ImportOptions) -> Result<(Schedule, Vec<String>), FormatError> {
    // serde_json refuses nesting deeper than 128 levels, so hostile nesting is an error.
    let root: Value = serde_json::from_str(strip_bom(text)).map_err(|e| FormatError::Syntax {
        format: FORMAT,
        line: e.line(),
        column: e.column(),
        message: strip_position(&e.to_string()),
    })?;
    let root = object(&root, "the file")?;
    let schedule = match root.get("schedule") {
        Some(value) => object(value, "'schedule'")?,
        None => root,
    };
    let conference = match schedule.get("conference") {
        Some(value) => object(value, "'schedule.conference'")?,
        None if is_version_2(schedule) => return Err(version_2()),
        None => {
            return Err(invalid(
                "there is no 'schedule.conference' object".to_string(),
            ));
        }
    };
    let days = match conference.get("days") {
        Some(Value::Array(days)) => days,
        Some(other) => {
            return Err(invalid(format!(
                "'conference.days' is {}, not a list",
                type_name(other)
            )));
        }
        None if is_version_2(schedule) || is_version_2(conference) => return Err(version_2()),
        None => return Err(invalid("there is no 'conference.days' list".to_string())),
    };
    let raw_conference = RawConference {
        title: string(conference, "title", "conference")?,
        acronym: string(conference, "acronym", "conference")?,
        time_zone_name: string(conference, "time_zone_name", "conference")?,
        day_change: string(conference, "day_change", "conference")?,
        city: string(conference, "city", "conference")?,
        venue: string(conference, "venue", "conference")?,
        url: string(conference, "url", "conference")?
            .filter(|u| !u.trim().is_empty())
            .or(string(schedule, "base_url", "schedule")?),
    };
    let mut raw_days = Vec::with_capacity(days.len());
    for (position, day) in days.iter().enumerate() {
        raw_days.push(read_day(day, position)?);
    }
    frab::build(FORMAT, raw_conference, raw_days, options)
}

/// Whether the text looks like frab JSON: a JSON object with a `"schedule"` key, or one that
/// names the c3voc schedule schema, near its start.
pub fn sniff(text: &str) -> bool {
    let body = strip_bom(text).trim_start();
    if !body.starts_with('{') {
        return false;
    }
    let mut end = body.len().min(64 * 1024);
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    let head = body.get(..end).unwrap_or("");
    head.contains("c3voc.de/schedule")
        || head.match_indices("\"schedule\"").any(|(at, key)| {
            head.get(at + key.len()..)
                .is_some_and(|after| after.trim_start().starts_with(':'))
        })
}

fn invalid(message: String) -> FormatError {
    FormatError::Invalid {
        format: FORMAT,
        message,
    }
}

fn version_2() -> FormatError {
    invalid(
        "this is a schedule v2 file (a flat 'events' list), which hallway does not read; \
         export the frab-compatible schedule.json (v1, with conference.days) instead"
            .to_string(),
    )
}

/// Schedule v2 keeps its sessions in a flat `events` list instead of `conference.days`.
fn is_version_2(object: &Map<String, Value>) -> bool {
    object.get("events").is_some_and(Value::is_array)
}

/// serde_json appends " at line L column C"; the position has its own fields.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message.get(..at).unwrap_or(message).to_string(),
        None => message.to_string(),
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn object<'a>(value: &'a Value, what: &str) -> Result<&'a Map<String, Value>, FormatError> {
    value
        .as_object()
        .ok_or_else(|| invalid(format!("{what} is {}, not an object", type_name(value))))
}

/// A text field: a string, or null/absent. Numbers are accepted as text (ids, durations
/// written as numbers by homemade exporters are still readable); anything else is an error.
fn string(
    object: &Map<String, Value>,
    key: &str,
    location: &str,
) -> Result<Option<String>, FormatError> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(Value::Number(number)) => Ok(Some(number.to_string())),
        Some(other) => Err(invalid(format!(
            "{location}: '{key}' is {}, not a string",
            type_name(other),
            key = quote(key)
        ))),
    }
}

fn read_day(day: &Value, position: usize) -> Result<RawDay, FormatError> {
    let fallback = format!("day #{}", position + 1);
    let day = object(day, &fallback)?;
    let index = string(day, "index", &fallback)?;
    let location = index
        .as_ref()
        .map_or(fallback, |index| format!("day {}", quote(index)));
    let mut events = Vec::new();
    match day.get("rooms") {
        None | Some(Value::Null) => {}
        // The key order is the room order (serde_json's preserve_order keeps it).
        Some(Value::Object(rooms)) => {
            for (room, list) in rooms {
                let where_room = format!("{location}, room '{}'", quote(room));
                let Value::Array(list) = list else {
                    return Err(invalid(format!(
                        "{where_room}: the events are {}, not a list",
                        type_name(list)
                    )));
                };
                for (n, event) in list.iter().enumerate() {
                    events.push(read_event(
                        event,
                        room,
                        &format!("{where_room}, event #{}", n + 1),
                    )?);
                }
            }
        }
        Some(other) => {
            return Err(invalid(format!(
                "{location}: 'rooms' is {}, not an object of room names",
                type_name(other)
            )));
        }
    }
    Ok(RawDay {
        index,
        date: string(day, "date", &location)?,
        start: string(day, "day_start", &location)?,
        events,
    })
}

fn read_event(value: &Value, room: &str, fallback: &str) -> Result<RawEvent, FormatError> {
    let event = object(value, fallback)?;
    let id = string(event, "id", fallback)?;
    let guid = string(event, "guid", fallback)?;
    let location = match (&id, &guid) {
        (Some(id), _) if !id.trim().is_empty() => format!("event {}", quote(id.trim())),
        (_, Some(guid)) if !guid.trim().is_empty() => format!("event {}", quote(guid.trim())),
        _ => fallback.to_string(),
    };
    let field = |key: &str| string(event, key, &location);
    let mut persons = Vec::new();
    match event.get("persons") {
        None | Some(Value::Null) => {}
        Some(Value::Array(list)) => {
            for person in list {
                persons.push(person_name(person, &location)?);
            }
        }
        Some(other) => {
            return Err(invalid(format!(
                "{location}: 'persons' is {}, not a list",
                type_name(other)
            )));
        }
    }
    let mut links = Vec::new();
    for key in ["links", "attachments"] {
        match event.get(key) {
            None | Some(Value::Null) => {}
            Some(Value::Array(list)) => {
                for link in list {
                    links.extend(read_link(link, key, &location)?);
                }
            }
            Some(other) => {
                return Err(invalid(format!(
                    "{location}: '{key}' is {}, not a list",
                    type_name(other),
                    key = quote(key)
                )));
            }
        }
    }
    Ok(RawEvent {
        guid,
        code: field("code")?,
        id,
        date: field("date")?,
        start: field("start")?,
        duration: field("duration")?,
        end: field("end")?,
        room: field("room")?
            .filter(|r| !r.trim().is_empty())
            .or_else(|| Some(room.to_string())),
        title: field("title")?,
        subtitle: field("subtitle")?,
        track: field("track")?,
        kind: field("type")?,
        language: field("language")?,
        abstract_text: field("abstract")?,
        description: field("description")?,
        persons,
        url: field("url")?.filter(|u| !u.trim().is_empty()),
        links,
        location,
    })
}

/// A person's display name: the first non-empty of `name`, `public_name`,
/// `full_public_name`; a bare string is a name too.
fn person_name(person: &Value, location: &str) -> Result<String, FormatError> {
    match person {
        Value::String(name) => Ok(name.clone()),
        Value::Object(fields) => {
            for key in ["name", "public_name", "full_public_name"] {
                if let Some(name) = string(fields, key, location)?
                    && !name.trim().is_empty()
                {
                    return Ok(name);
                }
            }
            Ok(String::new())
        }
        other => Err(invalid(format!(
            "{location}: a person is {}, not an object",
            type_name(other)
        ))),
    }
}

/// A link `{url, title}` (or a bare URL string).
fn read_link(link: &Value, key: &str, location: &str) -> Result<Option<Link>, FormatError> {
    match link {
        Value::String(url) => Ok(Some(Link {
            url: url.clone(),
            title: None,
        })),
        Value::Object(fields) => {
            let url = string(fields, "url", location)?.or(string(fields, "href", location)?);
            Ok(url.map(|url| Link {
                url,
                title: string(fields, "title", location)
                    .ok()
                    .flatten()
                    .filter(|t| !t.trim().is_empty()),
            }))
        }
        other => Err(invalid(format!(
            "{location}: an entry of '{key}' is {}, not an object",
            type_name(other),
            key = quote(key)
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_default(text: &str) -> Result<(Schedule, Vec<String>), FormatError> {
        parse(text, &ImportOptions::default())
    }

    fn invalid_message(text: &str) -> String {
        match parse_default(text) {
            Err(FormatError::Invalid { message, .. }) => message,
            other => panic!("expected an invalid-value error, got {other:?}"),
        }
    }

    fn with_event(event: &str) -> String {
        format!(
            r#"{{"schedule": {{"version": "v1", "conference": {{"title": "T", "acronym": "tee-2025",
            "time_zone_name": "Europe/Berlin", "days": [{{"index": 1, "date": "2025-03-01",
            "day_start": "2025-03-01T04:00:00+01:00", "day_end": "2025-03-02T03:59:00+01:00",
            "rooms": {{"Zebra Hall": [{event}], "Aardvark Room": [
              {{"id": 2, "guid": "g2", "date": "2025-03-01T09:00:00+01:00", "duration": "0:30",
                "title": "Second", "room": "Aardvark Room", "persons": []}}]}}}}]}}}}}}"#
        )
    }

    const GOOD_EVENT: &str = r#"{"id": 1, "guid": "g1", "date": "2025-03-01T10:00:00+01:00",
        "start": "10:00", "duration": "01:00", "room": "Zebra Hall", "title": " First ",
        "subtitle": null, "track": null, "type": "Talk", "language": "de", "abstract": "A\r\nB",
        "description": null, "persons": [{"name": "Łukasz Wiśniak"}, {"public_name": "Zofia Ørsted"},
        {"name": "", "public_name": "Zofia Ørsted"}], "links": [{"url": "https://x.org/s", "title": "Slides"}],
        "url": "https://x.org/e/1"}"#;

    #[test]
    fn reads_rooms_in_key_order_and_both_person_shapes() {
        let (schedule, warnings) = parse_default(&with_event(GOOD_EVENT)).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        let first = &schedule.sessions[0];
        assert_eq!(first.room.as_ref().unwrap().0, "Zebra Hall");
        assert_eq!(
            schedule.sessions[1].room.as_ref().unwrap().0,
            "Aardvark Room"
        );
        assert_eq!(first.title, "First");
        assert_eq!(first.speaker_names(), "Łukasz Wiśniak, Zofia Ørsted");
        assert_eq!(first.abstract_text, "A\nB");
        assert_eq!(first.kind.as_deref(), Some("talk"));
        assert_eq!(first.links.len(), 2);
        assert_eq!(first.links[1].title.as_deref(), Some("Slides"));
        assert_eq!(schedule.sessions[1].minutes(), Some(30));
        assert_eq!(schedule.conference.day_change.to_string(), "04:00:00");
    }

    #[test]
    fn wrong_types_and_bad_values_name_the_event() {
        let event = GOOD_EVENT.replace(r#""title": " First ""#, r#""title": ["x"]"#);
        assert_eq!(
            invalid_message(&with_event(&event)),
            "event 1: 'title' is a list, not a string"
        );
        let event = GOOD_EVENT.replace(r#""duration": "01:00""#, r#""duration": "1:3x""#);
        assert_eq!(
            invalid_message(&with_event(&event)),
            "event 1: duration '1:3x' is not HH:MM or HH:MM:SS"
        );
        let event = GOOD_EVENT.replace(r#""persons": ["#, r#""persons": [7, "#);
        assert!(invalid_message(&with_event(&event)).contains("a person is a number"));
        let message = invalid_message(&with_event("42"));
        assert!(
            message.contains("room 'Zebra Hall', event #1 is a number"),
            "{message}"
        );
        let message = invalid_message(r#"{"schedule": {"conference": {"days": [{"rooms": []}]}}}"#);
        assert!(message.contains("'rooms' is a list"), "{message}");
        let message = invalid_message(r#"{"schedule": []}"#);
        assert!(message.contains("'schedule' is a list"), "{message}");
    }

    #[test]
    fn schedule_version_2_is_refused_clearly() {
        let v2 = r#"{"$schema": "https://c3voc.de/schedule/schema2.json",
            "schedule": {"version": "alpha-3", "events": [{"id": "x"}]}}"#;
        assert!(sniff(v2));
        let message = invalid_message(v2);
        assert!(message.contains("schedule v2"), "{message}");
        let v2 = r#"{"schedule": {"conference": {"title": "x"}, "events": []}}"#;
        assert!(invalid_message(v2).contains("schedule v2"));
    }

    #[test]
    fn syntax_errors_and_junk() {
        for (text, line) in [
            ("{\"schedule\": {\n  \"conference\": [1,]\n}}", 2),
            ("{", 1),
            ("", 1),
        ] {
            match parse_default(text) {
                Err(FormatError::Syntax {
                    line: l, message, ..
                }) => {
                    assert_eq!(l, line, "{message}");
                    assert!(!message.contains(" at line "), "{message}");
                }
                other => panic!("{other:?}"),
            }
        }
        assert!(parse_default("\u{0}\u{1}\u{ff}junk").is_err());
        assert!(parse_default("[1, 2]").is_err());
        let deep = format!(
            "{{\"schedule\": {}{}}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert!(matches!(
            parse_default(&deep),
            Err(FormatError::Syntax { .. })
        ));
    }

    #[test]
    fn sniffs_schedule_objects_only() {
        assert!(sniff("\u{feff}{\n  \"schedule\" : {}}"));
        assert!(!sniff(
            "{\"sessions\": [], \"speakers\": [], \"title\": \"schedule\"}"
        ));
        assert!(!sniff("<schedule>"));
    }

    // The invented fixtures of tests/fixtures (see its README.md for their traps).

    const PRETALX: &str = include_str!("../../tests/fixtures/pretalx.json");
    const FRAB: &str = include_str!("../../tests/fixtures/frab.json");

    fn at(text: &str) -> chrono::DateTime<chrono::FixedOffset> {
        chrono::DateTime::parse_from_rfc3339(text).unwrap()
    }

    fn day_counts(schedule: &Schedule) -> Vec<(String, usize)> {
        schedule
            .days()
            .iter()
            .map(|day| (day.date.to_string(), day.sessions.len()))
            .collect()
    }

    fn titled<'a>(schedule: &'a Schedule, title: &str) -> Vec<&'a crate::model::Session> {
        schedule
            .sessions
            .iter()
            .filter(|s| s.title == title)
            .collect()
    }

    fn one<'a>(schedule: &'a Schedule, title: &str) -> &'a crate::model::Session {
        match titled(schedule, title).as_slice() {
            [session] => session,
            other => panic!("{} sessions titled {title:?}", other.len()),
        }
    }

    /// Rooms in the order their sessions come in the file.
    fn room_order(schedule: &Schedule) -> Vec<&str> {
        let mut rooms: Vec<&str> = Vec::new();
        for room in schedule.sessions.iter().filter_map(|s| s.room.as_ref()) {
            if !rooms.contains(&room.0.as_str()) {
                rooms.push(&room.0);
            }
        }
        rooms
    }

    #[test]
    fn pretalx_fixture_days_zone_and_the_clock_change() {
        assert!(sniff(PRETALX));
        let (s, warnings) = parse_default(PRETALX).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert!(s.problems().is_empty(), "{:?}", s.problems());
        // "US/Eastern" is a legacy alias; the acronym "2025" is too short for an id.
        assert_eq!(s.conference.time_zone, chrono_tz::US::Eastern);
        assert_eq!(s.conference.id, "harbourlight-data-summit-2025");
        assert_eq!(s.conference.title, "Harbourlight Data Summit 2025");
        assert_eq!(
            s.conference.url.as_deref(),
            Some("https://cfp.harbourlight.example/2025/schedule/")
        );
        assert_eq!(s.conference.day_change.to_string(), "04:00:00");
        assert_eq!(s.sessions.len(), 21);
        assert_eq!(
            day_counts(&s),
            [
                ("2025-10-31".to_string(), 4),
                ("2025-11-01".to_string(), 10),
                ("2025-11-02".to_string(), 4),
                ("2025-11-03".to_string(), 3),
            ]
        );
        // 09:00 local on both sides of the change: EDT on Saturday, EST on Sunday.
        let opening = one(&s, "Opening: The State of the Harbour");
        assert_eq!(opening.start, at("2025-11-01T09:00:00-04:00"));
        let keynote = one(&s, "Keynote: Open Data for Small Harbours");
        assert_eq!(keynote.start, at("2025-11-02T09:00:00-05:00"));
        assert_eq!(keynote.start.offset().local_minus_utc(), -5 * 3600);
        // After midnight, listed under the evening before.
        let hack = one(&s, "Midnight Hack Hour: Parquet After Dark");
        assert_eq!(hack.start, at("2025-11-01T00:30:00-04:00"));
        assert_eq!(hack.end, Some(at("2025-11-01T02:59:00-04:00")));
        assert_eq!(s.day_of(hack).to_string(), "2025-10-31");
        // In the repeated hour: one hour long, from 01:30 EDT to 01:30 EST.
        let jam = one(&s, "Night Shift Data Jam (the clocks go back)");
        assert_eq!(jam.start, at("2025-11-02T01:30:00-04:00"));
        assert_eq!(jam.minutes(), Some(60));
        let end = jam.end.unwrap().with_timezone(&chrono_tz::US::Eastern);
        assert_eq!(end.to_rfc3339(), "2025-11-02T01:30:00-05:00");
        assert_eq!(s.day_of(jam).to_string(), "2025-11-01");
    }

    #[test]
    fn pretalx_fixture_rooms_people_text_and_ids() {
        let (s, _) = parse_default(PRETALX).unwrap();
        // The key order of `day.rooms`, not the alphabet.
        assert_eq!(
            room_order(&s),
            [
                "Tern Hall (Q-010)",
                "Gannet Room (Q-020)",
                "Kestrel Lab (Q-050)",
                "Quay Foyer"
            ]
        );
        // Affiliations in brackets become organisations.
        let clinic = one(&s, "Pipeline Clinic: bring your own CSV");
        let people: Vec<(&str, Option<&str>)> = clinic
            .speakers
            .iter()
            .map(|sp| (sp.name.as_str(), sp.organisation.as_deref()))
            .collect();
        assert_eq!(
            people,
            [
                ("Ana Lima", Some("Example Lab")),
                ("Tomasz Wrona", Some("Riverbank Institute"))
            ]
        );
        let tides = one(&s, "Tide Tables as Time Series");
        assert_eq!(tides.speakers[0].name, "Jonas Øberg-Lind");
        assert_eq!(tides.speakers[0].organisation, None);
        let names: std::collections::BTreeSet<&str> = s
            .sessions
            .iter()
            .flat_map(|x| x.speakers.iter().map(|sp| sp.name.as_str()))
            .collect();
        assert_eq!(names.len(), 9, "{names:?}");
        assert_eq!(
            s.sessions.iter().filter(|x| x.speakers.is_empty()).count(),
            5
        );
        // null subtitle, track, language and description.
        let reception = one(&s, "Lantern Walk & Welcome Reception \u{1f383}");
        assert_eq!(
            (&reception.subtitle, &reception.track, &reception.language),
            (&None, &None, &None)
        );
        assert_eq!(reception.kind.as_deref(), Some("social"));
        // CRLF gone, Markdown kept; abstract and description joined by a blank line.
        assert_eq!(
            reception.abstract_text,
            "Meet the other attendees by the water.\nLanterns provided."
        );
        assert!(
            clinic.abstract_text.starts_with(
                "An afternoon of untangling real pipelines with the people who wrote them.\n\n\
                 **What to bring**\n\n- a laptop, fully charged\n"
            ),
            "{:?}",
            clinic.abstract_text
        );
        assert!(s.sessions.iter().all(|x| !x.abstract_text.contains('\r')));
        // The code lives only in the url, which is the first link.
        assert_eq!(
            clinic.links[0].url,
            "https://cfp.harbourlight.example/2025/talk/K7QXPM/"
        );
        let buoys = one(&s, "Lightning: \u{1f680} Five Minutes of Open Buoys");
        assert_eq!(buoys.links.len(), 2);
        assert_eq!(buoys.links[1].title.as_deref(), Some("Slides"));
        // One submission present twice: the same id and url, two guids, two sessions.
        let portal = titled(&s, "Hands-on: Your First Data Portal");
        assert_eq!(portal.len(), 2);
        assert_ne!(portal[0].id, portal[1].id);
        assert_eq!(portal[0].links[0].url, portal[1].links[0].url);
        assert!(portal[0].links[0].url.ends_with("/talk/RPT7QX/"));
        assert_eq!(
            (portal[0].start, portal[1].start),
            (
                at("2025-11-01T14:00:00-04:00"),
                at("2025-11-02T10:00:00-05:00")
            )
        );
        // Ids are the guids.
        assert!(
            s.sessions.iter().all(|x| x.id.0.len() == 36),
            "{:?}",
            s.sessions[0].id
        );
        let ron = crate::formats::ron::write(&s).unwrap();
        assert_eq!(crate::formats::ron::parse(&ron).unwrap(), s);
    }

    #[test]
    fn frab_fixture_offsets_only_and_rails_escapes() {
        assert!(sniff(FRAB));
        assert!(FRAB.contains("\\u0026") && !FRAB.contains("time_zone_name"));
        let (s, warnings) = parse_default(FRAB).unwrap();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("assumed UTC+02:00 from its offsets, without daylight saving"),
            "{warnings:?}"
        );
        assert_eq!(s.conference.time_zone, chrono_tz::Etc::GMTMinus2);
        assert_eq!(s.conference.id, "kiezhack19");
        assert_eq!(s.conference.title, "Kiezhack Camp 2019");
        assert_eq!(s.conference.day_change.to_string(), "10:00:00");
        assert_eq!(
            day_counts(&s),
            [("2019-08-16".to_string(), 4), ("2019-08-17".to_string(), 3)]
        );
        // The empty "Lounge" has no session.
        assert_eq!(room_order(&s), ["Zelt 3", "Saal Ost", "Werkstatt"]);
        let soldering = one(&s, "Löten & Lüften");
        assert_eq!(soldering.speaker_names(), "Grete Kupferschmidt, Ole Brandt");
        assert_eq!(
            soldering.abstract_text,
            "Wir löten kleine Blinkdinger.\nLötkolben sind da."
        );
        assert_eq!(soldering.kind.as_deref(), Some("workshop"));
        assert_eq!(soldering.language.as_deref(), Some("de"));
        let mesh = one(&s, "Mesh Networks for Allotments");
        assert!(
            !mesh.abstract_text.contains('<'),
            "{:?}",
            mesh.abstract_text
        );
        assert!(
            mesh.abstract_text.contains("without"),
            "{:?}",
            mesh.abstract_text
        );
        let late = one(&s, "Lightning Talks after Midnight");
        assert_eq!(late.start, at("2019-08-17T01:00:00+02:00"));
        assert_eq!(s.day_of(late).to_string(), "2019-08-16");
        assert_eq!((late.track.as_ref(), late.speakers.len()), (None, 0));
        let grete = s
            .sessions
            .iter()
            .filter(|x| x.speakers.iter().any(|sp| sp.name == "Grete Kupferschmidt"))
            .count();
        assert_eq!(grete, 2);
        assert!(s.sessions.iter().all(|x| x.id.0.len() == 36));
        // With the zone named, the same instants, without the warning.
        let options = ImportOptions {
            zone: Some(chrono_tz::Europe::Berlin),
        };
        let (named, warnings) = parse(FRAB, &options).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(named.sessions[0].start, s.sessions[0].start);
    }
}
