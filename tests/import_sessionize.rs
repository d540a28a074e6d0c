//! Sessionize "All" JSON import on the Orlando Code Camp 2020 fixture and on synthetic files.

use chrono::{DateTime, FixedOffset, NaiveDate, Timelike};
use hallway::formats::{self, Format, FormatError, ImportOptions, sessionize};
use hallway::model::{Schedule, SessionId};
use std::collections::BTreeSet;

const ORLANDO: &str = include_str!("fixtures/orlando-codecamp-2020-sessionize-all.json");

fn new_york() -> ImportOptions {
    ImportOptions {
        zone: Some(chrono_tz::America::New_York),
    }
}

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

fn orlando() -> Schedule {
    let (schedule, warnings) = sessionize::parse(ORLANDO, &new_york()).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    schedule
}

#[test]
fn fixture_counts() {
    assert!(ORLANDO.starts_with('\u{feff}'), "the fixture keeps its BOM");
    let s = orlando();
    assert!(s.problems().is_empty(), "{:?}", s.problems());
    assert_eq!(s.sessions.len(), 99);
    let service = s
        .sessions
        .iter()
        .filter(|x| x.kind.as_deref() == Some("service"))
        .count();
    assert_eq!(service, 12);
    assert_eq!(
        s.sessions.iter().filter(|x| !x.speakers.is_empty()).count(),
        87
    );
    let rooms: BTreeSet<_> = s.sessions.iter().filter_map(|x| x.room.as_ref()).collect();
    assert_eq!(rooms.len(), 14);
    let speakers: BTreeSet<_> = s
        .sessions
        .iter()
        .flat_map(|x| x.speakers.iter().map(|sp| sp.name.as_str()))
        .collect();
    assert_eq!(speakers.len(), 84);
    let days = s.days();
    assert_eq!(days.len(), 1);
    assert_eq!(days[0].date, NaiveDate::from_ymd_opt(2020, 3, 28).unwrap());
    assert_eq!(days[0].sessions.len(), 99);
    let local = |t: DateTime<FixedOffset>| {
        let l = t.with_timezone(&chrono_tz::America::New_York);
        (l.hour(), l.minute())
    };
    let starts: Vec<(u32, u32)> = s.sessions.iter().map(|x| local(x.start)).collect();
    assert_eq!(starts.iter().min(), Some(&(8, 0)));
    assert_eq!(starts.iter().max(), Some(&(17, 45)));
    assert_eq!(s.conference.id, "sessionize-12259");
    assert_eq!(s.conference.title, "Sessionize schedule 2020-03-28");
    assert_eq!(s.conference.time_zone, chrono_tz::America::New_York);
}

#[test]
fn session_fields() {
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

    let job = s.session(&SessionId("175952".into())).unwrap();
    assert_eq!(job.title, "How to get a job as a developer");
    let names: Vec<&str> = job.speakers.iter().map(|sp| sp.name.as_str()).collect();
    assert_eq!(names, ["Lee Warrick", "Edwin Otero"]);
    assert_eq!(job.room.as_ref().unwrap().0, "Room 7");
    assert_eq!(job.kind.as_deref(), Some("session"));
    assert_eq!(job.start, at("2020-03-28T10:50:00-04:00"));

    // The track is the item of the "Category" category.
    let iot = s.session(&SessionId("170225".into())).unwrap();
    assert_eq!(iot.track.as_ref().unwrap().0, "IoT");
    assert_eq!(s.sessions.iter().filter(|x| x.track.is_some()).count(), 22);

    // A title with a trailing space is trimmed.
    let women = s.session(&SessionId("186259".into())).unwrap();
    assert!(
        women.title.ends_with("inclusive pipeline"),
        "{:?}",
        women.title
    );
    // CRLF in descriptions became LF.
    assert!(s.sessions.iter().all(|x| !x.abstract_text.contains('\r')));
}

#[test]
fn without_zone_assumes_utc_and_names_it() {
    let (s, warnings) = sessionize::parse(ORLANDO, &ImportOptions::default()).unwrap();
    assert_eq!(s.conference.time_zone, chrono_tz::UTC);
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].contains("assumed UTC") && warnings[0].contains("--tz"));
    assert_eq!(s.sessions[0].start, at("2020-03-28T08:00:00Z"));
}

#[test]
fn detected_from_content_and_round_trips_through_ron() {
    let imported = formats::import(ORLANDO, &new_york()).unwrap();
    assert_eq!(imported.format, Format::Sessionize);
    assert_eq!(imported.schedule, orlando());
    let text = formats::ron::write(&imported.schedule).unwrap();
    assert_eq!(formats::ron::parse(&text).unwrap(), imported.schedule);
    // Same file, same ids.
    assert_eq!(orlando(), orlando());
}

#[test]
fn detection_by_content() {
    assert_eq!(formats::detect(ORLANDO).unwrap(), Format::Sessionize);
    assert_eq!(formats::detect(SMALL).unwrap(), Format::Sessionize);
    // frab JSON is not Sessionize, even when an abstract mentions sessions.
    let frab = r#"{"schedule": {"version": "x", "conference": {"title": "sessions"}}}"#;
    assert_eq!(formats::detect(frab).unwrap(), Format::FrabJson);
    assert!(!sessionize::looks_like("[\"sessions\"]"));
    // A truncated export is still recognised, then refused with its position.
    let e = formats::import(&ORLANDO[..1000], &ImportOptions::default())
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
 "speakers": [{"id": "s1", "firstName": "Zoë", "lastName": "Łach", "fullName": " Zoë Łach ",
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
    assert_eq!(talk.speakers[0].name, "Zoë Łach");
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
// Property tests: mutated real data and random input never panic; what parses is valid.

mod robustness {
    use super::{ORLANDO, SMALL};
    use hallway::formats::{self, ImportOptions, sessionize};
    use proptest::prelude::*;
    use serde_json::Value;
    use std::sync::OnceLock;

    /// Small inputs: the synthetic file, and the first sessions of the Orlando fixture with
    /// the lookups they need (BOM kept).
    fn samples() -> &'static [String] {
        static SAMPLES: OnceLock<Vec<String>> = OnceLock::new();
        SAMPLES.get_or_init(|| {
            let mut root: Value =
                serde_json::from_str(ORLANDO.trim_start_matches('\u{feff}')).unwrap();
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
            root["sessions"] = Value::Array(sessions);
            root["speakers"] = Value::Array(speakers);
            let orlando = format!("\u{feff}{}", serde_json::to_string_pretty(&root).unwrap());
            vec![SMALL.to_string(), orlando]
        })
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

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 3000,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn wrong_types_anywhere(which in 0usize..2, edits in prop::collection::vec((any::<usize>(), any::<usize>()), 1..4)) {
            let text = &samples()[which];
            let mut root: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).unwrap();
            for (n, kind) in edits {
                replace_nth(&mut root, n, odd_value(kind));
            }
            check(&root.to_string());
        }

        #[test]
        fn byte_flips_and_splices(which in 0usize..2, edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0usize..TOKENS.len(), any::<bool>()), 1..6)) {
            let mut bytes = samples()[which].as_bytes().to_vec();
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
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 2000,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn truncations(which in 0usize..2, at in any::<prop::sample::Index>()) {
            let text = &samples()[which];
            let mut cut = at.index(text.len() + 1);
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            check(&text[..cut]);
        }

        #[test]
        fn random_input(text in "\\PC{0,200}", shaped in "[{}\\[\\]\":,0-9a-zA-Z \n-]{0,200}") {
            check(&text);
            check(&format!("{{\"sessions\": [{shaped}"));
        }
    }
}
