//! Sessionize "All" JSON import on the invented fixture tests/fixtures/sessionize-all.json, on
//! synthetic files, and (ignored unless the corpus is there) on the real Orlando Code Camp 2020
//! export.

mod common;

use chrono::{DateTime, FixedOffset, NaiveDate, Timelike};
use chrono_tz::Tz;
use hallway::formats::{self, Format, FormatError, ImportOptions, sessionize};
use hallway::model::{Schedule, SessionId};
use std::collections::BTreeSet;

/// Invented: one Saturday (13 April 2024) of a developer day, meant for America/Chicago.
const FIXTURE: &str = include_str!("fixtures/sessionize-all.json");
const ORLANDO: &str = "orlando-codecamp-2020-sessionize-all.json";

fn zone(zone: Tz) -> ImportOptions {
    ImportOptions { zone: Some(zone) }
}

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

fn parse(text: &str, tz: Tz) -> Schedule {
    let (schedule, warnings) = sessionize::parse(text, &zone(tz)).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    schedule
}

fn fixture() -> Schedule {
    parse(FIXTURE, chrono_tz::America::Chicago)
}

fn orlando_text() -> String {
    common::corpus(ORLANDO)
}

fn orlando() -> Schedule {
    parse(&orlando_text(), chrono_tz::America::New_York)
}

fn rooms(s: &Schedule) -> BTreeSet<&str> {
    s.sessions
        .iter()
        .filter_map(|x| x.room.as_ref().map(|r| r.0.as_str()))
        .collect()
}

fn speakers(s: &Schedule) -> BTreeSet<&str> {
    s.sessions
        .iter()
        .flat_map(|x| x.speakers.iter().map(|sp| sp.name.as_str()))
        .collect()
}

fn count_kind(s: &Schedule, kind: &str) -> usize {
    s.sessions
        .iter()
        .filter(|x| x.kind.as_deref() == Some(kind))
        .count()
}

/// The earliest and the latest local start, as (hour, minute).
fn start_range(s: &Schedule, tz: Tz) -> [(u32, u32); 2] {
    let starts: Vec<(u32, u32)> = s
        .sessions
        .iter()
        .map(|x| {
            let l = x.start.with_timezone(&tz);
            (l.hour(), l.minute())
        })
        .collect();
    [*starts.iter().min().unwrap(), *starts.iter().max().unwrap()]
}

fn names(s: &Schedule, id: &str) -> Vec<String> {
    s.session(&SessionId(id.into()))
        .unwrap_or_else(|| panic!("no session {id}"))
        .speakers
        .iter()
        .map(|sp| sp.name.clone())
        .collect()
}

#[test]
fn fixture_counts() {
    assert!(FIXTURE.starts_with('\u{feff}'), "the fixture keeps its BOM");
    // Local wall clock without offset, and no zone anywhere.
    let root: serde_json::Value = serde_json::from_str(&FIXTURE[3..]).unwrap();
    for session in root["sessions"].as_array().unwrap() {
        for key in ["startsAt", "endsAt"] {
            let time = session[key].as_str().unwrap();
            assert!(chrono::NaiveDateTime::parse_from_str(time, "%Y-%m-%dT%H:%M:%S").is_ok());
        }
    }
    assert!(!FIXTURE.to_lowercase().contains("zone"));
    let s = fixture();
    assert!(s.problems().is_empty(), "{:?}", s.problems());
    assert_eq!(s.sessions.len(), 21);
    assert_eq!(count_kind(&s, "service"), 4);
    assert_eq!(count_kind(&s, "session"), 14);
    assert_eq!(count_kind(&s, "workshop"), 2);
    assert_eq!(count_kind(&s, "lightning talk"), 1);
    assert_eq!(
        s.sessions.iter().filter(|x| !x.speakers.is_empty()).count(),
        17
    );
    // Seven rooms in the lookup; "Room 305" has no session.
    assert_eq!(
        rooms(&s).into_iter().collect::<Vec<_>>(),
        [
            "Atrium",
            "Auditorium",
            "Lab A",
            "Room 101",
            "Room 102",
            "Room 204"
        ]
    );
    assert_eq!(speakers(&s).len(), 18);
    let days = s.days();
    assert_eq!(days.len(), 1);
    assert_eq!(days[0].date, NaiveDate::from_ymd_opt(2024, 4, 13).unwrap());
    assert_eq!(days[0].sessions.len(), 21);
    assert_eq!(
        start_range(&s, chrono_tz::America::Chicago),
        [(7, 30), (16, 45)]
    );
    assert_eq!(s.conference.id, "sessionize-40110");
    assert_eq!(s.conference.title, "Sessionize schedule 2024-04-13");
    assert_eq!(s.conference.time_zone, chrono_tz::America::Chicago);
}

#[test]
fn fixture_session_fields() {
    let s = fixture();
    // The first session starts at 07:30 local, CDT (-05:00) in April.
    let registration = &s.sessions[0];
    assert_eq!(registration.title, "Registration & Breakfast");
    assert_eq!(registration.start, at("2024-04-13T07:30:00-05:00"));
    assert_eq!(registration.start.offset().local_minus_utc(), -5 * 3600);
    assert_eq!(registration.end, Some(at("2024-04-13T08:30:00-05:00")));
    assert_eq!(registration.room.as_ref().unwrap().0, "Atrium");
    assert!(registration.speakers.is_empty());
    assert_eq!(registration.abstract_text, "", "a null description");
    assert_eq!(registration.kind.as_deref(), Some("service"));
    // Service sessions have GUID ids, kept as written.
    assert_eq!(registration.id.0.len(), 36);
    assert_eq!(registration.id.0.matches('-').count(), 4);
    // A plenum session keeps its one room.
    let welcome = &s.sessions[1];
    assert_eq!(welcome.title, "Welcome & Keynote");
    assert_eq!(welcome.room.as_ref().unwrap().0, "Auditorium");

    let dashboards = s.session(&SessionId("512306".into())).unwrap();
    assert_eq!(dashboards.title, "Dashboards People Actually Read");
    assert_eq!(names(&s, "512306"), ["Marcus Bell", "Hana Kowalczyk"]);
    assert_eq!(dashboards.room.as_ref().unwrap().0, "Room 102");
    assert_eq!(dashboards.kind.as_deref(), Some("session"));
    assert_eq!(dashboards.start, at("2024-04-13T11:00:00-05:00"));
    assert_eq!(dashboards.minutes(), Some(60));
    assert_eq!(dashboards.track.as_ref().unwrap().0, "Data");

    // Omar is linked to the lightning talks only through his own `sessions` (integers).
    let lightning = s.session(&SessionId("512308".into())).unwrap();
    assert_eq!(
        names(&s, "512308"),
        ["Amara Osei", "Dana Whitfield", "Omar Haddad"]
    );
    assert_eq!(
        lightning.title,
        "Lightning Talks: Tools We Love \u{1f6e0}\u{fe0f}"
    );
    assert_eq!(lightning.kind.as_deref(), Some("lightning talk"));
    assert_eq!(lightning.track, None, "no item of the Category group");
    assert_eq!(
        lightning.abstract_text,
        "Three speakers, five minutes each:\n- a shell\n- an editor\n- a pager"
    );
    assert_eq!(names(&s, "512302"), ["Omar Haddad"]);

    // The track is the item of the "Category" group, not of "Level" or "Session format".
    let lab = s.session(&SessionId("512304".into())).unwrap();
    assert_eq!(lab.track.as_ref().unwrap().0, "Cloud");
    assert_eq!(lab.kind.as_deref(), Some("workshop"));
    assert_eq!(lab.minutes(), Some(135));
    assert_eq!(
        lab.abstract_text,
        "Bring a laptop.\nWe provide the cluster."
    );
    assert_eq!(s.sessions.iter().filter(|x| x.track.is_some()).count(), 14);
    let tracks: BTreeSet<&str> = s
        .sessions
        .iter()
        .filter_map(|x| x.track.as_ref().map(|t| t.0.as_str()))
        .collect();
    assert_eq!(
        tracks.into_iter().collect::<Vec<_>>(),
        ["Career", "Cloud", "Data", "Web"]
    );

    // A title padded on both sides is trimmed; a null description is empty.
    let forms = s.session(&SessionId("512303".into())).unwrap();
    assert_eq!(forms.title, "Accessible Forms from Scratch");
    let bootcamp = s.session(&SessionId("512307".into())).unwrap();
    assert_eq!(bootcamp.abstract_text, "");
    assert_eq!(
        s.sessions
            .iter()
            .filter(|x| x.abstract_text.is_empty())
            .count(),
        6
    );
    // CRLF in descriptions became LF.
    assert!(FIXTURE.contains("\\r\\n"));
    assert!(s.sessions.iter().all(|x| !x.abstract_text.contains('\r')));
}

#[test]
fn fixture_without_zone_assumes_utc_and_names_it() {
    let (s, warnings) = sessionize::parse(FIXTURE, &ImportOptions::default()).unwrap();
    assert_eq!(s.conference.time_zone, chrono_tz::UTC);
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].contains("assumed UTC") && warnings[0].contains("--tz"));
    assert_eq!(s.sessions[0].start, at("2024-04-13T07:30:00Z"));
    // The same wall clock, another instant.
    assert_eq!(
        s.sessions[0].start - fixture().sessions[0].start,
        chrono::Duration::hours(-5)
    );
}

#[test]
fn fixture_detected_from_content_and_round_trips_through_ron() {
    let options = zone(chrono_tz::America::Chicago);
    let imported = formats::import(FIXTURE, &options).unwrap();
    assert_eq!(imported.format, Format::Sessionize);
    assert_eq!(imported.schedule, fixture());
    let text = formats::ron::write(&imported.schedule).unwrap();
    assert_eq!(formats::ron::parse(&text).unwrap(), imported.schedule);
    // Same file, same ids.
    assert_eq!(fixture(), fixture());
}

#[test]
fn detection_by_content() {
    assert_eq!(formats::detect(FIXTURE).unwrap(), Format::Sessionize);
    assert_eq!(formats::detect(SMALL).unwrap(), Format::Sessionize);
    // frab JSON is not Sessionize, even when an abstract mentions sessions.
    let frab = r#"{"schedule": {"version": "x", "conference": {"title": "sessions"}}}"#;
    assert_eq!(formats::detect(frab).unwrap(), Format::FrabJson);
    assert!(!sessionize::looks_like("[\"sessions\"]"));
    // A truncated export is still recognised, then refused with its position.
    let e = formats::import(&FIXTURE[..1000], &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("Sessionize JSON: line "), "{e}");
}

// ---------------------------------------------------------------------------------------------
// The real Orlando Code Camp 2020 export (the corpus), with the counts of SOURCES.md.

#[test]
#[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
fn orlando_counts() {
    let text = orlando_text();
    assert!(text.starts_with('\u{feff}'), "the file keeps its BOM");
    let s = orlando();
    assert!(s.problems().is_empty(), "{:?}", s.problems());
    assert_eq!(s.sessions.len(), 99);
    assert_eq!(count_kind(&s, "service"), 12);
    assert_eq!(
        s.sessions.iter().filter(|x| !x.speakers.is_empty()).count(),
        87
    );
    assert_eq!(rooms(&s).len(), 14);
    assert_eq!(speakers(&s).len(), 84);
    let days = s.days();
    assert_eq!(days.len(), 1);
    assert_eq!(days[0].date, NaiveDate::from_ymd_opt(2020, 3, 28).unwrap());
    assert_eq!(days[0].sessions.len(), 99);
    assert_eq!(
        start_range(&s, chrono_tz::America::New_York),
        [(8, 0), (17, 45)]
    );
    assert_eq!(s.conference.id, "sessionize-12259");
    assert_eq!(s.conference.title, "Sessionize schedule 2020-03-28");
    assert_eq!(s.conference.time_zone, chrono_tz::America::New_York);
}

#[test]
#[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
fn orlando_session_fields() {
    let s = orlando();
    // The first session starts at 08:00 local, EDT (-04:00) since 8 March 2020.
    let keynote = &s.sessions[0];
    assert_eq!(keynote.title, "Keynote");
    assert_eq!(keynote.start, at("2020-03-28T08:00:00-04:00"));
    assert_eq!(keynote.start.offset().local_minus_utc(), -4 * 3600);
    assert_eq!(keynote.end, Some(at("2020-03-28T09:00:00-04:00")));
    assert_eq!(keynote.room.as_ref().unwrap().0, "Room 1");
    assert!(keynote.speakers.is_empty());
    assert_eq!(keynote.abstract_text, "", "a null description");

    // Session 175952 as the raw file has it: its title, and its two speakers' GUIDs resolved
    // through the speaker list, in the session's order (names are not quoted here).
    let raw: serde_json::Value =
        serde_json::from_str(orlando_text().trim_start_matches('\u{feff}')).unwrap();
    let raw_session = |id: &str| {
        raw["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == id)
            .unwrap()
            .clone()
    };
    let raw_job = raw_session("175952");
    let expected: Vec<String> = raw_job["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|guid| {
            let speaker = raw["speakers"]
                .as_array()
                .unwrap()
                .iter()
                .find(|sp| &sp["id"] == guid)
                .unwrap();
            speaker["fullName"].as_str().unwrap().trim().to_string()
        })
        .collect();
    assert_eq!(expected.len(), 2);
    let job = s.session(&SessionId("175952".into())).unwrap();
    assert_eq!(job.title, raw_job["title"].as_str().unwrap().trim());
    assert!(job.title.starts_with("How to get a job"), "{:?}", job.title);
    assert_eq!(names(&s, "175952"), expected);
    assert_eq!(job.room.as_ref().unwrap().0, "Room 7");
    assert_eq!(job.kind.as_deref(), Some("session"));
    assert_eq!(job.start, at("2020-03-28T10:50:00-04:00"));

    // The track is the item of the "Category" category.
    let iot = s.session(&SessionId("170225".into())).unwrap();
    assert_eq!(iot.track.as_ref().unwrap().0, "IoT");
    assert_eq!(s.sessions.iter().filter(|x| x.track.is_some()).count(), 22);

    // A title with a trailing space is trimmed.
    let raw_title = raw_session("186259")["title"].as_str().unwrap().to_string();
    assert!(raw_title.ends_with(' '), "{raw_title:?}");
    let padded = s.session(&SessionId("186259".into())).unwrap();
    assert_eq!(padded.title, raw_title.trim());
    assert!(padded.title.ends_with("pipeline"), "{:?}", padded.title);
    // CRLF in descriptions became LF.
    assert!(s.sessions.iter().all(|x| !x.abstract_text.contains('\r')));
}

#[test]
#[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
fn orlando_without_zone_assumes_utc_and_names_it() {
    let (s, warnings) = sessionize::parse(&orlando_text(), &ImportOptions::default()).unwrap();
    assert_eq!(s.conference.time_zone, chrono_tz::UTC);
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].contains("assumed UTC") && warnings[0].contains("--tz"));
    assert_eq!(s.sessions[0].start, at("2020-03-28T08:00:00Z"));
}

#[test]
#[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
fn orlando_detected_from_content_and_round_trips_through_ron() {
    let text = orlando_text();
    assert_eq!(formats::detect(&text).unwrap(), Format::Sessionize);
    let imported = formats::import(&text, &zone(chrono_tz::America::New_York)).unwrap();
    assert_eq!(imported.format, Format::Sessionize);
    assert_eq!(imported.schedule, orlando());
    let ron = formats::ron::write(&imported.schedule).unwrap();
    assert_eq!(formats::ron::parse(&ron).unwrap(), imported.schedule);
    // Same file, same ids.
    assert_eq!(orlando(), orlando());
    // A truncated export is still recognised, then refused with its position.
    let e = formats::import(&text[..1000], &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("Sessionize JSON: line "), "{e}");
}

const SMALL: &str = r#"{"sessions": [
  {"id": "1", "title": " Opening ", "description": null,
   "startsAt": "2024-10-26T09:00:00", "endsAt": "2024-10-26T09:30:00",
   "isServiceSession": true, "speakers": [], "categoryItems": [], "roomId": 10},
  {"id": "2", "title": "Talk", "description": "Line one\r\nLine two",
   "startsAt": "2024-10-27T09:00:00", "endsAt": "2024-10-27T10:00:00",
   "speakers": [], "categoryItems": [100, 200], "roomId": 11},
  {"id": "3", "title": "Not yet", "description": "x",
   "startsAt": null, "endsAt": null, "speakers": ["s1"], "roomId": null}
 ],
 "speakers": [{"id": "s1", "firstName": "Zoë", "lastName": "Łąkowska", "fullName": " Zoë Łąkowska ",
               "sessions": [2, 3]}],
 "categories": [
   {"id": 1, "title": "Session format", "type": "session", "items": [{"id": 100, "name": "Workshop"}]},
   {"id": 2, "title": "Track", "type": "session", "items": [{"id": 200, "name": "Rust"}]},
   {"id": 3, "title": "Track", "type": "speaker", "items": [{"id": 300, "name": "Speaker thing"}]}
 ],
 "rooms": [{"id": 11, "name": "Hall B"}, {"id": 10, "name": "Hall A"}]}"#;

#[test]
fn synthetic_bom_null_description_unscheduled_and_a_dst_change() {
    let text = format!("\u{feff}\n{SMALL}");
    let options = ImportOptions {
        zone: Some(chrono_tz::Europe::Berlin),
    };
    let (s, warnings) = sessionize::parse(&text, &options).unwrap();
    assert_eq!(s.sessions.len(), 2);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("1 unscheduled session(s) skipped")
            && warnings[0].contains("'Not yet'")
    );
    let opening = &s.sessions[0];
    assert_eq!(opening.title, "Opening");
    assert_eq!(opening.abstract_text, "");
    assert_eq!(opening.kind.as_deref(), Some("service"));
    assert_eq!(opening.room.as_ref().unwrap().0, "Hall A");
    // Berlin leaves summer time on 27 October 2024: both start at 09:00 local.
    assert_eq!(opening.start, at("2024-10-26T09:00:00+02:00"));
    let talk = &s.sessions[1];
    assert_eq!(talk.start, at("2024-10-27T09:00:00+01:00"));
    assert_eq!(talk.abstract_text, "Line one\nLine two");
    // Linked only through speaker.sessions (integers), the name trimmed.
    assert_eq!(talk.speakers[0].name, "Zoë Łąkowska");
    assert_eq!(talk.track.as_ref().unwrap().0, "Rust");
    assert_eq!(talk.kind.as_deref(), Some("workshop"));
    assert_eq!(s.conference.id, "sessionize-10");
    assert_eq!(
        s.conference.title,
        "Sessionize schedule 2024-10-26 to 2024-10-27"
    );
    assert_eq!(s.days().len(), 2);
}

fn error(text: &str) -> String {
    sessionize::parse(text, &ImportOptions::default())
        .unwrap_err()
        .to_string()
}

#[test]
fn broken_files_give_positioned_errors() {
    let e = error(&SMALL[..SMALL.len() / 2]);
    assert!(e.starts_with("Sessionize JSON: line "), "{e}");
    let e = error("{\"sessions\": 5}");
    assert!(e.contains("'sessions' is missing or not a list"), "{e}");
    let e = error("[1, 2]");
    assert!(e.contains("not an object"), "{e}");
    let e = error(&SMALL.replace("2024-10-27T09:00:00", "2024-10-27 9am"));
    assert_eq!(
        e,
        "Sessionize JSON: sessions[1] (id '2'): startsAt \"2024-10-27 9am\" is not a date-time"
    );
    let e = error(&SMALL.replace("\"id\": \"2\"", "\"id\": null"));
    assert!(e.contains("sessions[1] has no id"), "{e}");
    assert!(matches!(
        sessionize::parse("", &ImportOptions::default()),
        Err(FormatError::Syntax { line: 1, .. })
    ));
    // Wrong types inside are tolerated where a default makes sense.
    let odd = SMALL
        .replace("\"title\": \"Talk\"", "\"title\": 42")
        .replace("\"roomId\": 11", "\"roomId\": \"nope\"");
    let (s, _) = sessionize::parse(&odd, &ImportOptions::default()).unwrap();
    assert_eq!(s.sessions[1].title, "(untitled)");
    assert_eq!(s.sessions[1].room, None);
}

#[test]
fn duplicate_ids_are_renamed() {
    let text = SMALL.replace("\"id\": \"2\"", "\"id\": \"1\"");
    let (s, warnings) = sessionize::parse(&text, &ImportOptions::default()).unwrap();
    assert_eq!(s.sessions[1].id.0, "1@2024-10-27T09:00Z");
    assert!(warnings.iter().any(|w| w.contains("duplicate id '1'")));
    assert!(s.problems().is_empty());
}

// ---------------------------------------------------------------------------------------------
// Property tests: mutated data and random input never panic; what parses is valid.

mod robustness {
    use super::{FIXTURE, ORLANDO, SMALL};
    use hallway::formats::{self, ImportOptions, sessionize};
    use proptest::prelude::*;
    use serde_json::Value;
    use std::sync::OnceLock;

    /// The first sessions of a Sessionize export with the speakers they need (BOM kept).
    fn cut(text: &str) -> String {
        let mut root: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).unwrap();
        let sessions: Vec<Value> = root["sessions"].as_array().unwrap()[..6].to_vec();
        let wanted: Vec<&Value> = sessions
            .iter()
            .flat_map(|s| s["speakers"].as_array().unwrap())
            .collect();
        let speakers: Vec<Value> = root["speakers"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|sp| wanted.contains(&&sp["id"]))
            .cloned()
            .collect();
        assert!(!speakers.is_empty());
        root["sessions"] = Value::Array(sessions);
        root["speakers"] = Value::Array(speakers);
        format!("\u{feff}{}", serde_json::to_string_pretty(&root).unwrap())
    }

    /// Small inputs: the synthetic file, and the first sessions of the invented fixture.
    fn samples() -> &'static [String] {
        static SAMPLES: OnceLock<Vec<String>> = OnceLock::new();
        SAMPLES.get_or_init(|| vec![SMALL.to_string(), cut(FIXTURE)])
    }

    /// The first sessions of the real Orlando export (the corpus).
    fn orlando_sample() -> &'static str {
        static SAMPLE: OnceLock<String> = OnceLock::new();
        SAMPLE.get_or_init(|| cut(&crate::common::corpus(ORLANDO)))
    }

    fn check(text: &str) {
        if let Ok((schedule, _)) = sessionize::parse(text, &ImportOptions::default()) {
            assert!(schedule.problems().is_empty(), "{:?}", schedule.problems());
        }
        let options = ImportOptions {
            zone: Some(chrono_tz::America::New_York),
        };
        if let Ok(imported) = formats::import(text, &options) {
            assert!(imported.schedule.problems().is_empty());
        }
    }

    #[test]
    fn the_samples_parse() {
        for text in samples() {
            let (schedule, _) = sessionize::parse(text, &ImportOptions::default()).unwrap();
            assert!(!schedule.sessions.is_empty());
        }
    }

    /// Odd values to put anywhere in the tree: wrong types, bad dates, huge numbers.
    fn odd_value(kind: usize) -> Value {
        match kind % 12 {
            0 => Value::Null,
            1 => Value::Bool(true),
            2 => serde_json::json!(-1),
            3 => serde_json::json!(1.5e300),
            4 => serde_json::json!(""),
            5 => serde_json::json!("2020-02-30T25:61:00"),
            6 => serde_json::json!("2020-03-08T02:30:00"),
            7 => serde_json::json!([]),
            8 => serde_json::json!({}),
            9 => serde_json::json!([1, "x", null]),
            10 => serde_json::json!("\u{1b}[2J\u{202e}\u{200b}"),
            _ => serde_json::json!(u64::MAX),
        }
    }

    /// Replaces the `n`-th node (depth-first, modulo the node count) with `value`.
    fn replace_nth(root: &mut Value, n: usize, value: Value) {
        fn count(v: &Value) -> usize {
            1 + match v {
                Value::Array(a) => a.iter().map(count).sum(),
                Value::Object(o) => o.values().map(count).sum(),
                _ => 0,
            }
        }
        fn walk(v: &mut Value, n: &mut usize, value: &mut Option<Value>) {
            if *n == 0 {
                if let Some(new) = value.take() {
                    *v = new;
                }
                return;
            }
            *n -= 1;
            match v {
                Value::Array(a) => a.iter_mut().for_each(|c| walk(c, n, value)),
                Value::Object(o) => o.values_mut().for_each(|c| walk(c, n, value)),
                _ => {}
            }
        }
        let mut n = n % count(root);
        walk(root, &mut n, &mut Some(value));
    }

    const TOKENS: &[&str] = &[
        "null",
        "1",
        "-0",
        "\"x\"",
        "[]",
        "{}",
        ",",
        ":",
        "\"",
        "\\",
        "{",
        "}",
        "[",
        "]",
        "\u{feff}",
        "\"startsAt\"",
        "\"sessions\"",
        "1e999",
        "\u{0}",
    ];

    fn wrong_types(text: &str, edits: Vec<(usize, usize)>) {
        let mut root: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).unwrap();
        for (n, kind) in edits {
            replace_nth(&mut root, n, odd_value(kind));
        }
        check(&root.to_string());
    }

    fn flips_and_splices(text: &str, edits: Vec<(prop::sample::Index, u8, usize, bool)>) {
        let mut bytes = text.as_bytes().to_vec();
        for (index, byte, token, flip) in edits {
            let i = index.index(bytes.len());
            if flip {
                bytes[i] = byte;
            } else {
                bytes.splice(i..i, TOKENS[token].bytes());
            }
        }
        check(&String::from_utf8_lossy(&bytes));
    }

    fn truncated(text: &str, at: prop::sample::Index) {
        let mut cut = at.index(text.len() + 1);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        check(&text[..cut]);
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 3000,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn wrong_types_anywhere(which in 0usize..2, edits in prop::collection::vec((any::<usize>(), any::<usize>()), 1..4)) {
            wrong_types(&samples()[which], edits);
        }

        #[test]
        fn byte_flips_and_splices(which in 0usize..2, edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0usize..TOKENS.len(), any::<bool>()), 1..6)) {
            flips_and_splices(&samples()[which], edits);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 2000,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn truncations(which in 0usize..2, at in any::<prop::sample::Index>()) {
            truncated(&samples()[which], at);
        }

        #[test]
        fn random_input(text in "\\PC{0,200}", shaped in "[{}\\[\\]\":,0-9a-zA-Z \n-]{0,200}") {
            check(&text);
            check(&format!("{{\"sessions\": [{shaped}"));
        }
    }

    // The same properties seeded from the real Orlando export.
    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 1500,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        #[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
        fn orlando_wrong_types_anywhere(edits in prop::collection::vec((any::<usize>(), any::<usize>()), 1..4)) {
            wrong_types(orlando_sample(), edits);
        }

        #[test]
        #[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
        fn orlando_byte_flips_and_splices(edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0usize..TOKENS.len(), any::<bool>()), 1..6)) {
            flips_and_splices(orlando_sample(), edits);
        }

        #[test]
        #[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
        fn orlando_truncations(at in any::<prop::sample::Index>()) {
            truncated(orlando_sample(), at);
        }
    }
}
