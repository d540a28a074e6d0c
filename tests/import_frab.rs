//! The frab XML and frab JSON importers on the real fixtures: counts from
//! tests/fixtures/SOURCES.md, specific sessions, RON round trips, and detection.

use hallway::formats::{self, Format, ImportOptions, frab_json, frab_xml, ron};
use hallway::model::{Schedule, Session};
use std::collections::BTreeSet;

const FOSDEM: &str = include_str!("fixtures/fosdem-2025-schedule.xml");
const DEBCONF: &str = include_str!("fixtures/debconf23-wafer-schedule.xml");
const GOOD_JSON: &str = include_str!("fixtures/good2025-pretalx-schedule.json");

fn xml(text: &str) -> (Schedule, Vec<String>) {
    frab_xml::parse(text, &ImportOptions::default()).unwrap()
}

fn json(text: &str) -> (Schedule, Vec<String>) {
    frab_json::parse(text, &ImportOptions::default()).unwrap()
}

/// (date, sessions) for every derived day.
fn day_counts(schedule: &Schedule) -> Vec<(String, usize)> {
    schedule
        .days()
        .iter()
        .map(|day| (day.date.to_string(), day.sessions.len()))
        .collect()
}

fn rooms(schedule: &Schedule) -> BTreeSet<&str> {
    schedule
        .sessions
        .iter()
        .filter_map(|s| s.room.as_ref().map(|r| r.0.as_str()))
        .collect()
}

fn tracks(schedule: &Schedule) -> BTreeSet<&str> {
    schedule
        .sessions
        .iter()
        .filter_map(|s| s.track.as_ref().map(|t| t.0.as_str()))
        .collect()
}

/// Distinct speakers as the source named them (an organisation split off a pretalx name
/// counts as part of the name, as it was in the file).
fn persons(schedule: &Schedule) -> BTreeSet<String> {
    schedule
        .sessions
        .iter()
        .flat_map(|s| &s.speakers)
        .map(|sp| match &sp.organisation {
            Some(org) => format!("{} [{org}]", sp.name),
            None => sp.name.clone(),
        })
        .collect()
}

fn session<'a>(schedule: &'a Schedule, id: &str) -> &'a Session {
    schedule
        .sessions
        .iter()
        .find(|s| s.id.0 == id)
        .unwrap_or_else(|| panic!("no session {id}"))
}

fn round_trips(schedule: &Schedule) {
    let text = ron::write(schedule).unwrap();
    assert_eq!(&ron::parse(&text).unwrap(), schedule);
}

#[test]
fn fosdem_2025_counts() {
    let (schedule, warnings) = xml(FOSDEM);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(schedule.problems().is_empty());
    assert_eq!(schedule.sessions.len(), 943);
    assert_eq!(
        day_counts(&schedule),
        [
            ("2025-02-01".to_string(), 470),
            ("2025-02-02".to_string(), 473)
        ]
    );
    assert_eq!(rooms(&schedule).len(), 29);
    assert_eq!(tracks(&schedule).len(), 69);
    assert_eq!(persons(&schedule).len(), 992);
    let conference = &schedule.conference;
    assert_eq!(conference.time_zone, chrono_tz::Europe::Brussels);
    assert_eq!(conference.day_change.to_string(), "09:00:00");
    assert_eq!(conference.id, "fosdem-2025");
    assert_eq!(conference.title, "FOSDEM 2025");
    assert_eq!(conference.city.as_deref(), Some("Brussels"));
    assert_eq!(
        conference.venue.as_deref(),
        Some("ULB (Université Libre de Bruxelles)")
    );
    assert_eq!(
        schedule
            .sessions
            .iter()
            .filter(|s| s.speakers.is_empty())
            .count(),
        3
    );
}

#[test]
fn fosdem_2025_sessions() {
    let (schedule, _) = xml(FOSDEM);
    let s = session(&schedule, "852280ac-61d3-588c-b74c-8d87f9d9d2c6");
    assert_eq!(s.title, "A New Approach to Callee-Saved Registers in LLVM");
    assert_eq!(s.start.to_rfc3339(), "2025-02-01T10:35:00+01:00");
    assert_eq!(s.minutes(), Some(25));
    assert_eq!(s.room.as_ref().unwrap().0, "K.3.201");
    assert_eq!(s.track.as_ref().unwrap().0, "LLVM");
    assert_eq!(s.kind.as_deref(), Some("devroom"));
    assert_eq!(s.language.as_deref(), Some("en"));
    assert_eq!(s.speaker_names(), "Mikhail Gudim");
    assert!(
        s.abstract_text
            .starts_with("Currently LLVM saves and restores callee-saved registers"),
        "{}",
        s.abstract_text
    );
    assert!(!s.abstract_text.contains("<p>"));
    assert_eq!(
        s.links[0].url,
        "https://fosdem.org/2025/schedule/event/fosdem-2025-6210-a-new-approach-to-callee-saved-registers-in-llvm/"
    );
    // An HTML abstract with a link: the tag goes, the link stays as text.
    let pgo = session(&schedule, "364ac292-d0df-5f27-a3ed-4e3aa991350a");
    assert!(
        pgo.abstract_text
            .contains("Awesome PGO (https://github.com/zamazan4ik/awesome-pgo)"),
        "{}",
        pgo.abstract_text
    );
    assert!(!pgo.abstract_text.contains("&lt;") && !pgo.abstract_text.contains("</"));
    let gcc = session(&schedule, "482ff73e-c7fe-5450-b210-d543de1fd02a");
    assert!(gcc.speakers.iter().any(|sp| sp.name == "Marc Poulhiès"));
    // No zero-width or control characters survive anywhere.
    for s in &schedule.sessions {
        assert!(
            !s.abstract_text.contains('\u{200b}') && !s.title.contains('\u{200b}'),
            "{}",
            s.id
        );
    }
}

#[test]
fn debconf_23_counts_and_utc_dates() {
    let (schedule, warnings) = xml(DEBCONF);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(schedule.sessions.len(), 117);
    let counts: Vec<usize> = schedule.days().iter().map(|d| d.sessions.len()).collect();
    assert_eq!(counts, [20, 17, 19, 4, 11, 19, 19, 8]);
    // wafer's day@date is one day early: the first day is the local 2023-09-10.
    assert_eq!(day_counts(&schedule)[0], ("2023-09-10".to_string(), 20));
    assert_eq!(rooms(&schedule).len(), 5);
    assert_eq!(persons(&schedule).len(), 87);
    assert_eq!(
        schedule
            .sessions
            .iter()
            .filter(|s| s.speakers.is_empty())
            .count(),
        32
    );
    assert_eq!(schedule.conference.time_zone, chrono_tz::Asia::Kolkata);
    // Days run 03:00 to 02:59 local (21:30Z).
    assert_eq!(schedule.conference.day_change.to_string(), "03:00:00");
    assert_eq!(schedule.conference.id, "debconf23");

    let opening = session(&schedule, "455d075f-48c0-2ec2-24b3-f5add30c383a");
    assert_eq!(opening.title, "Opening Ceremony");
    // <date> is UTC while <start> says 10:30 Kolkata time: the same instant.
    assert_eq!(opening.start.to_rfc3339(), "2023-09-10T05:00:00+00:00");
    assert_eq!(
        opening
            .start
            .with_timezone(&chrono_tz::Asia::Kolkata)
            .format("%H:%M")
            .to_string(),
        "10:30"
    );
    assert_eq!(opening.minutes(), Some(20));
    assert_eq!(opening.speaker_names(), "Sruthi Chandran");
    assert_eq!(opening.abstract_text, "Welcome to DebConf23");
    assert_eq!(opening.kind.as_deref(), Some("long talk (45 minutes)"));
    let bof = session(&schedule, "f3788049-e94f-f176-da56-67fc0b90b02c");
    assert_eq!(bof.title, "Debian Treasurer BoF");
    assert_eq!(bof.room.as_ref().unwrap().0, "Ponmudi");
    assert!(
        bof.speakers
            .iter()
            .any(|sp| sp.name == "Héctor Orón Martínez"),
        "{:?}",
        bof.speakers
    );
    let longest = schedule.sessions.iter().filter_map(Session::minutes).max();
    assert_eq!(longest, Some(8 * 60 + 30));
}

#[test]
fn good_2025_json_counts() {
    let (schedule, warnings) = json(GOOD_JSON);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(schedule.problems().is_empty());
    assert_eq!(schedule.sessions.len(), 72);
    assert_eq!(
        day_counts(&schedule),
        [
            ("2025-03-17".to_string(), 3),
            ("2025-03-18".to_string(), 23),
            ("2025-03-19".to_string(), 28),
            ("2025-03-20".to_string(), 18)
        ]
    );
    assert_eq!(rooms(&schedule).len(), 5);
    assert_eq!(tracks(&schedule).len(), 13);
    assert_eq!(persons(&schedule).len(), 63);
    assert_eq!(
        schedule
            .sessions
            .iter()
            .filter(|s| s.speakers.is_empty())
            .count(),
        14
    );
    // US/Eastern is a legacy alias that chrono-tz knows.
    assert_eq!(schedule.conference.time_zone.name(), "US/Eastern");
    assert_eq!(schedule.conference.day_change.to_string(), "04:00:00");
    // The acronym is just "2025": the title makes the id.
    assert_eq!(schedule.conference.id, "good-2025");
}

#[test]
fn good_2025_json_sessions() {
    let (schedule, _) = json(GOOD_JSON);
    let jam = session(&schedule, "307e1812-4a21-5d33-910b-30543d8c6026");
    assert_eq!(jam.title, "Contributor Jam");
    assert_eq!(jam.start.to_rfc3339(), "2025-03-17T13:00:00-04:00");
    assert_eq!(jam.minutes(), Some(240));
    assert_eq!(jam.room.as_ref().unwrap().0, "Tsai Auditorium (CGIS S010)");
    assert_eq!(jam.track.as_ref().unwrap().0, "Core Team Track");
    assert_eq!(jam.kind.as_deref(), Some("contributor jam"));
    assert_eq!(jam.speakers.len(), 2);
    assert_eq!(jam.speakers[0].name, "Emily Moffat Sadeghi");
    assert_eq!(
        jam.speakers[0].organisation.as_deref(),
        Some("Ohio Supercomputer Center")
    );
    assert_eq!(
        jam.links[0].url,
        "https://cfp.openondemand.org/2025/talk/CFEMBK/"
    );
    // Abstract then description; CRLF normalised, Markdown kept as written.
    assert!(
        jam.abstract_text
            .starts_with("What is the Contributor Jam?")
    );
    assert!(
        jam.abstract_text
            .contains("\n\nWhat to bring | Your laptop, fully charged\n\nHighlights:\n1) Explore"),
        "{}",
        jam.abstract_text
    );
    assert!(!jam.abstract_text.contains('\r'));
    // Rooms keep the file's order (the object's key order), not alphabetical order.
    let mut order: Vec<&str> = Vec::new();
    for s in &schedule.sessions {
        let room = s.room.as_ref().unwrap().0.as_str();
        if !order.contains(&room) {
            order.push(room);
        }
    }
    assert_eq!(order[0], "Tsai Auditorium (CGIS S010)");
}

#[test]
fn fixtures_round_trip_through_ron() {
    round_trips(&xml(FOSDEM).0);
    round_trips(&xml(DEBCONF).0);
    round_trips(&json(GOOD_JSON).0);
}

#[test]
fn imports_are_deterministic() {
    assert_eq!(xml(DEBCONF), xml(DEBCONF));
    assert_eq!(json(GOOD_JSON), json(GOOD_JSON));
}

#[test]
fn detection_and_import_pick_the_frab_readers() {
    assert_eq!(formats::detect(FOSDEM).unwrap(), Format::FrabXml);
    assert_eq!(formats::detect(DEBCONF).unwrap(), Format::FrabXml);
    assert_eq!(formats::detect(GOOD_JSON).unwrap(), Format::FrabJson);
    let imported = formats::import(GOOD_JSON, &ImportOptions::default()).unwrap();
    assert_eq!(imported.format, Format::FrabJson);
    assert_eq!(imported.schedule.sessions.len(), 72);
    let ron_text = ron::write(&imported.schedule).unwrap();
    assert_eq!(formats::detect(&ron_text).unwrap(), Format::Ron);
    let message = formats::detect("BEGIN:NOTHING").unwrap_err().to_string();
    assert!(message.contains("frab XML"), "{message}");
}

#[test]
fn a_zone_override_keeps_the_instants() {
    let options = ImportOptions {
        zone: Some(chrono_tz::Europe::Berlin),
    };
    let (schedule, _) = frab_xml::parse(DEBCONF, &options).unwrap();
    assert_eq!(schedule.conference.time_zone, chrono_tz::Europe::Berlin);
    let opening = session(&schedule, "455d075f-48c0-2ec2-24b3-f5add30c383a");
    assert_eq!(opening.start.to_rfc3339(), "2023-09-10T05:00:00+00:00");
}

/// FOSDEM 2025 rewritten as Pentabarf-era FOSDEM wrote it: no `<date>`, no `day@start`/`end`,
/// no `time_zone_name`, no guids; only `day@date`, local `<start>` and `<day_change>`.
fn fosdem_as_pentabarf() -> String {
    let mut out = String::with_capacity(FOSDEM.len());
    for line in FOSDEM.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("<date>") || trimmed.starts_with("<time_zone_name>") {
            continue;
        }
        if trimmed.starts_with("<day ") {
            let cut = line.find(" start=").unwrap();
            out.push_str(&line[..cut]);
            out.push_str(">\n");
            continue;
        }
        if trimmed.starts_with("<event ") {
            let guid = line.find("guid=\"").unwrap();
            let end = guid + line[guid..].find("\" ").unwrap() + 2;
            out.push_str(&line[..guid]);
            out.push_str(&line[end..]);
            continue;
        }
        out.push_str(line);
    }
    out
}

#[test]
fn pentabarf_era_fosdem_without_dates_gives_the_same_instants() {
    let (modern, _) = xml(FOSDEM);
    let old_text = fosdem_as_pentabarf();
    assert!(!old_text.contains("<date>") && !old_text.contains("guid="));
    let options = ImportOptions {
        zone: Some(chrono_tz::Europe::Brussels),
    };
    let (old, warnings) = frab_xml::parse(&old_text, &options).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(old.sessions.len(), 943);
    assert_eq!(day_counts(&old), day_counts(&modern));
    assert_eq!(old.conference.day_change.to_string(), "09:00:00");
    for (a, b) in old.sessions.iter().zip(&modern.sessions) {
        assert_eq!(a.start.to_utc(), b.start.to_utc(), "{}", a.id);
        assert_eq!(a.end, b.end, "{}", a.id);
        assert_eq!(a.title, b.title);
    }
    // Without guids the legacy numeric id is the id.
    assert_eq!(old.sessions[0].id.0, "6210");
    // Without a zone and without --tz: read as UTC wall clock, with a warning.
    let (guessed, warnings) = xml(&old_text);
    assert!(
        warnings.iter().any(|w| w.contains("assumed UTC")),
        "{warnings:?}"
    );
    assert_eq!(
        guessed.sessions[0].start.format("%H:%M").to_string(),
        "10:35"
    );
}

#[test]
fn a_file_too_large_to_be_a_schedule_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.xml");
    // 100 MB, sparse: refused from its size before anything is read.
    std::fs::File::create(&path)
        .unwrap()
        .set_len(100 * 1024 * 1024)
        .unwrap();
    let error = hallway::formats::load_file(&path, &hallway::formats::ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("huge.xml: 104857600 bytes is larger than any schedule"),
        "{error}"
    );
}
