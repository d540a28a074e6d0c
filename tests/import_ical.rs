//! iCalendar import on the real fixtures (Sched.com KubeCon EU 2026, pretalx GOOD 2025) and on
//! synthetic files for the robustness cases of FORMATS.md 4.4.

use chrono::{DateTime, FixedOffset, NaiveDate, Timelike};
use hallway::formats::{self, Format, ImportOptions, ical};
use hallway::model::{Schedule, SessionId};
use std::collections::{BTreeMap, BTreeSet};

const SCHED: &str = include_str!("fixtures/kubecon-eu-2026-sched-all.ics");
const PRETALX: &str = include_str!("fixtures/good2025-pretalx-schedule.ics");
const PRETALX_JSON: &str = include_str!("fixtures/good2025-pretalx-schedule.json");

fn zone(tz: chrono_tz::Tz) -> ImportOptions {
    ImportOptions { zone: Some(tz) }
}

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

fn day_counts(schedule: &Schedule) -> Vec<(String, usize)> {
    schedule
        .days()
        .iter()
        .map(|d| (d.date.to_string(), d.sessions.len()))
        .collect()
}

fn sched() -> (Schedule, Vec<String>) {
    ical::parse(SCHED, &zone(chrono_tz::Europe::Amsterdam)).unwrap()
}

fn session<'a>(schedule: &'a Schedule, id: &str) -> &'a hallway::model::Session {
    schedule
        .session(&SessionId(id.into()))
        .unwrap_or_else(|| panic!("no session {id}"))
}

#[test]
fn sched_fixture_counts_per_day_rooms_and_tracks() {
    let (s, warnings) = sched();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(s.problems().is_empty(), "{:?}", s.problems());
    assert_eq!(s.sessions.len(), 596);
    assert_eq!(
        day_counts(&s),
        [
            ("2026-03-22".to_string(), 4),
            ("2026-03-23".to_string(), 94),
            ("2026-03-24".to_string(), 179),
            ("2026-03-25".to_string(), 203),
            ("2026-03-26".to_string(), 115),
            ("2026-03-27".to_string(), 1),
        ]
    );
    let rooms: BTreeSet<_> = s.sessions.iter().filter_map(|x| x.room.as_ref()).collect();
    assert_eq!(rooms.len(), 51);
    let tracks: BTreeSet<_> = s.sessions.iter().filter_map(|x| x.track.as_ref()).collect();
    assert_eq!(tracks.len(), 26);
    assert!(tracks.iter().any(|t| t.0 == "⚡ LIGHTNING TALKS"));
    assert_eq!(s.conference.id, "kccnceu2026");
    assert_eq!(s.conference.title, "KubeCon + CloudNativeCon Europe 2026");
    assert_eq!(s.conference.city.as_deref(), Some("Amsterdam"));
    assert_eq!(s.conference.time_zone, chrono_tz::Europe::Amsterdam);
}

#[test]
fn sched_rooms_lose_city_and_country_but_off_site_addresses_stay_whole() {
    let (s, _) = sched();
    let rooms: BTreeMap<&str, usize> =
        s.sessions
            .iter()
            .filter_map(|x| x.room.as_ref())
            .fold(BTreeMap::new(), |mut m, r| {
                *m.entry(r.0.as_str()).or_default() += 1;
                m
            });
    assert_eq!(rooms.get("Elicium 2"), Some(&77));
    assert_eq!(
        rooms.get("Hall 1-5 | Tram Zone | Cloud Native Theater"),
        Some(&34)
    );
    assert_eq!(
        rooms.get("Leonardo Royal Hotel Amsterdam, Paul van Vlissingenstraat 24, Amsterdam NH 1096 BK Room: Amstel 1-2"),
        Some(&2)
    );
    // 583 LOCATIONs are exactly "Room\, Amsterdam\, Netherlands" and lose the suffix. The 13
    // off-site addresses keep it whole: 8 of them end in "<postcode> Amsterdam\, Netherlands"
    // (which makes SOURCES.md's 591 LOCATIONs ending in "Amsterdam\, Netherlands"), 5 do not.
    let whole: Vec<&str> = s
        .sessions
        .iter()
        .filter_map(|x| x.room.as_ref())
        .map(|r| r.0.as_str())
        .filter(|r| r.contains("Amsterdam"))
        .collect();
    assert_eq!(whole.len(), 13, "{whole:?}");
    let ending = whole
        .iter()
        .filter(|r| r.ends_with("Amsterdam, Netherlands"))
        .count();
    assert_eq!(583 + ending, 591);
    assert_eq!(s.sessions.iter().filter(|x| x.room.is_some()).count(), 596);
}

#[test]
fn sched_session_fields() {
    let (s, _) = sched();
    let thanos = session(&s, "ff7c46fae4184572c0b7e9f7803b6b56");
    assert_eq!(
        thanos.title,
        "Accelerating Thanos at Scale: Faster and Cheaper Queries With Parquet"
    );
    assert_eq!(thanos.start, at("2026-03-24T11:15:00+01:00"));
    assert_eq!(thanos.start.offset().local_minus_utc(), 3600);
    assert_eq!(thanos.end, Some(at("2026-03-24T10:45:00Z")));
    assert_eq!(thanos.room.as_ref().unwrap().0, "E103-105");
    assert_eq!(thanos.track.as_ref().unwrap().0, "MAINTAINER TRACK");
    assert_eq!(thanos.speakers.len(), 1);
    assert_eq!(thanos.speakers[0].name, "Giedrius Statkevičius");
    assert_eq!(thanos.speakers[0].organisation.as_deref(), Some("Vinted"));
    assert!(
        thanos
            .abstract_text
            .contains("architecture and its existing block storage format, then")
    );
    assert_eq!(
        thanos.links[0].url,
        "http://kccnceu2026.sched.com/event/ff7c46fae4184572c0b7e9f7803b6b56"
    );

    // "A & B, Org; C & D, Org; E, Org": names before " & " share the organisation.
    let gateway = session(&s, "1e73d8927ae16ce79cb6c7acd766edaf");
    assert_eq!(
        gateway.title,
        "Gateway API: Bridging the Gap from Ingress to the Future"
    );
    let people: Vec<(&str, &str)> = gateway
        .speakers
        .iter()
        .map(|sp| (sp.name.as_str(), sp.organisation.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        people,
        [
            ("Nick Young", "Isovalent at Cisco"),
            ("James Strong", "Isovalent at Cisco"),
            ("Katarzyna Łach", "Google"),
            ("Rostislav Bobrovsky", "Google"),
            ("Norwin Schnyder", "Airlock"),
        ]
    );

    // " - " without a comma after it is part of the title.
    let argo = s
        .sessions
        .iter()
        .find(|x| x.title.starts_with("ArgoCon Hosted by CNCF"))
        .unwrap();
    assert_eq!(
        argo.title,
        "ArgoCon Hosted by CNCF - Full-Day Event | ALL ACCESS PASS REQUIRED"
    );
    assert!(argo.speakers.is_empty());

    // Entities with escaped semicolons are decoded; no zero-width space survives.
    assert!(s.sessions.iter().all(|x| !x.abstract_text.contains("&nbsp")
        && !x.abstract_text.contains('\u{200b}')
        && !x.title.contains('\u{200b}')));
    let sold_out = s
        .sessions
        .iter()
        .find(|x| x.abstract_text.starts_with("THIS EVENT IS SOLD OUT."))
        .unwrap();
    assert!(
        sold_out
            .abstract_text
            .starts_with("THIS EVENT IS SOLD OUT.\u{a0} PLEASE REVIEW"),
        "{}",
        sold_out.abstract_text
    );
}

#[test]
fn sched_truncated_summary_and_duplicate_titles() {
    let (s, _) = sched();
    // The SUMMARY cut at 255 characters still gives a title and the speakers before the cut.
    let envoy = s
        .sessions
        .iter()
        .find(|x| x.title.contains("EnvoyCon: The End of a Decade"))
        .unwrap();
    assert!(envoy.title.ends_with("Future of Envoy"), "{}", envoy.title);
    assert_eq!(envoy.speakers[0].name, "Erica Hughberg");
    // "Badge Pick-Up" in several places at once: kept apart by UID, never merged.
    let badges: Vec<_> = s
        .sessions
        .iter()
        .filter(|x| x.title == "Badge Pick-Up")
        .collect();
    assert_eq!(badges.len(), 10);
    let ids: BTreeSet<_> = badges.iter().map(|x| &x.id).collect();
    assert_eq!(ids.len(), 10);
    let first = session(&s, "bdeb89fcb7b271c2053791f3789faff7");
    assert_eq!(first.room.as_ref().unwrap().0, "Entrance C");
    assert_eq!(first.start, at("2026-03-22T08:00:00+01:00"));
    // Four 12-hour cloakrooms and one zero-length demo.
    let cloakrooms = s
        .sessions
        .iter()
        .filter(|x| x.title == "Cloakroom" && x.minutes() == Some(12 * 60))
        .count();
    assert_eq!(cloakrooms, 4);
    assert_eq!(
        s.sessions.iter().filter(|x| x.minutes() == Some(0)).count(),
        1
    );
}

#[test]
fn sched_without_zone_assumes_utc_and_says_so() {
    let (s, warnings) = ical::parse(SCHED, &ImportOptions::default()).unwrap();
    assert_eq!(s.conference.time_zone, chrono_tz::UTC);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("assumed UTC") && warnings[0].contains("--tz"));
    let first = session(&s, "bdeb89fcb7b271c2053791f3789faff7");
    assert_eq!(first.start, at("2026-03-22T07:00:00Z"));
    // Through the generic entry point, with the format detected from the content.
    let imported = formats::import(SCHED, &zone(chrono_tz::Europe::Amsterdam)).unwrap();
    assert_eq!(imported.format, Format::ICalendar);
    assert_eq!(imported.schedule, sched().0);
}

#[test]
fn detection_by_content() {
    assert_eq!(formats::detect(SCHED).unwrap(), Format::ICalendar);
    assert_eq!(
        formats::detect("\u{feff}\r\n  begin:vcalendar\nEND:VCALENDAR").unwrap(),
        Format::ICalendar
    );
    // Still RON when it is RON.
    assert_eq!(formats::detect("(version: 1)").unwrap(), Format::Ron);
    let e = formats::detect("BEGIN:VCARD\r\n").unwrap_err().to_string();
    assert!(
        e.contains("iCalendar") && e.contains("Sessionize") && e.contains("RON"),
        "{e}"
    );
    // A truncated calendar is recognised, then refused with a position.
    let e = formats::import(&SCHED[..5000], &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("iCalendar: line "), "{e}");
    assert!(e.contains("is it truncated?"), "{e}");
}

#[test]
fn sched_second_roles_are_not_speakers() {
    let (s, _) = sched();
    let intro = s
        .sessions
        .iter()
        .find(|x| x.title == "Project Lightning Talk: Opening/Intro")
        .unwrap();
    assert_eq!(intro.speakers.len(), 1);
    assert_eq!(intro.speakers[0].name, "Robert Sirchia");
}

#[test]
fn sched_names_joined_by_and_and_a_glued_dash_are_read() {
    let (s, _) = sched();
    let people = |title_start: &str| -> Vec<(String, Option<String>)> {
        let session = s
            .sessions
            .iter()
            .find(|x| x.title.starts_with(title_start))
            .unwrap_or_else(|| panic!("no session '{title_start}'"));
        session
            .speakers
            .iter()
            .map(|sp| (sp.name.clone(), sp.organisation.clone()))
            .collect()
    };
    let kodekloud = Some("KodeKloud".to_string());
    assert_eq!(
        people("Cloud Native Theater | Cloud Native University: How Kubernetes Actually Ships"),
        [
            ("Michael Forrester".to_string(), kodekloud.clone()),
            ("Mumshad Mannambeth".to_string(), kodekloud),
        ]
    );
    assert_eq!(
        people("Learning Lounge: The CKA Exam Has Evolved - Are You Ready?"),
        [("Chad M. Crowell".to_string(), Some("Akamai".to_string()))]
    );
    // No speaker name in the whole file still carries a separator.
    for session in &s.sessions {
        for speaker in &session.speakers {
            let name = &speaker.name;
            assert!(
                !name.contains(" and ") && !name.contains(" & ") && !name.starts_with('-'),
                "{name} in {}",
                session.title
            );
        }
    }
}

#[test]
fn sched_and_pretalx_round_trip_through_ron() {
    for schedule in [
        sched().0,
        ical::parse(PRETALX, &ImportOptions::default()).unwrap().0,
    ] {
        let text = formats::ron::write(&schedule).unwrap();
        assert_eq!(formats::ron::parse(&text).unwrap(), schedule);
    }
}

#[test]
fn ids_are_the_same_on_every_import() {
    let a = sched().0;
    let b = sched().0;
    let ids = |s: &Schedule| s.sessions.iter().map(|x| x.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&a), ids(&b));
}

fn pretalx() -> (Schedule, Vec<String>) {
    ical::parse(PRETALX, &ImportOptions::default()).unwrap()
}

#[test]
fn pretalx_fixture_counts_and_zone() {
    let (s, warnings) = pretalx();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(s.problems().is_empty());
    assert_eq!(s.sessions.len(), 72);
    // The legacy alias US/Eastern is read with the IANA rules of America/New_York.
    assert_eq!(s.conference.time_zone, chrono_tz::US::Eastern);
    assert_eq!(
        day_counts(&s),
        [
            ("2025-03-17".to_string(), 3),
            ("2025-03-18".to_string(), 23),
            ("2025-03-19".to_string(), 28),
            ("2025-03-20".to_string(), 18),
        ]
    );
    assert_eq!(
        s.sessions.iter().filter(|x| x.speakers.is_empty()).count(),
        14
    );
    assert!(
        s.sessions
            .iter()
            .all(|x| !x.title.ends_with(" -") && !x.title.ends_with('-'))
    );
    let rooms: BTreeSet<_> = s.sessions.iter().filter_map(|x| x.room.as_ref()).collect();
    assert_eq!(rooms.len(), 5);
    assert!(s.sessions.iter().all(|x| x.track.is_none()));
    let names: BTreeSet<_> = s
        .sessions
        .iter()
        .flat_map(|x| x.speakers.iter().map(|sp| sp.name.as_str()))
        .collect();
    assert_eq!(names.len(), 63);
    assert_eq!(s.conference.id, "cfp-openondemand-org-2025");
}

#[test]
fn pretalx_unfolds_before_unescaping() {
    let (s, _) = pretalx();
    // SUMMARY folded between `\` and `,`.
    let jam = session(&s, "pretalx-2025-CFEMBK@cfp.openondemand.org");
    assert_eq!(jam.title, "Contributor Jam");
    let names: Vec<&str> = jam.speakers.iter().map(|sp| sp.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Emily Moffat Sadeghi [Ohio Supercomputer Center]",
            "Travis Ravert [Ohio Supercomputer Center]"
        ]
    );
    assert_eq!(jam.start, at("2025-03-17T13:00:00-04:00"));
    assert_eq!(jam.end, Some(at("2025-03-17T17:00:00-04:00")));
    assert_eq!(jam.room.as_ref().unwrap().0, "Tsai Auditorium (CGIS S010)");
    assert_eq!(
        jam.links[0].url,
        "https://cfp.openondemand.org/2025/talk/CFEMBK/"
    );
    assert!(jam.abstract_text.starts_with(
        "What is the Contributor Jam? | The Contributor Jam will offer attendees an immersive"
    ));
    // A line longer than 75 octets because of emoji, and a title ending in " - ".
    let social = session(&s, "pretalx-2025-YGCSXM@cfp.openondemand.org");
    assert_eq!(social.title, "Attendee Social at Fenway Park");
    assert!(social.speakers.is_empty());
    assert_eq!(
        social.abstract_text,
        "📍 Location: Fenway Park\n🕕 Time: Wednesday, 6:00 PM – 9:30 PM"
    );
}

/// The GOOD 2025 frab JSON and ICS list the same 72 sessions at the same instants, matched by
/// pretalx code (ICS UID `pretalx-2025-CODE@…`, JSON url `…/talk/CODE/`).
#[test]
fn pretalx_ics_matches_the_json_export() {
    let (s, _) = pretalx();
    let json: serde_json::Value = serde_json::from_str(PRETALX_JSON).unwrap();
    let mut from_json = BTreeMap::new();
    for day in json["schedule"]["conference"]["days"].as_array().unwrap() {
        for events in day["rooms"].as_object().unwrap().values() {
            for event in events.as_array().unwrap() {
                let url = event["url"].as_str().unwrap();
                let code = url.trim_end_matches('/').rsplit('/').next().unwrap();
                from_json.insert(code.to_string(), at(event["date"].as_str().unwrap()));
            }
        }
    }
    let from_ics: BTreeMap<String, DateTime<FixedOffset>> = s
        .sessions
        .iter()
        .map(|x| {
            let code = x.id.0.trim_start_matches("pretalx-2025-");
            (code.split('@').next().unwrap().to_string(), x.start)
        })
        .collect();
    assert_eq!(from_json.len(), 72);
    assert_eq!(from_ics, from_json);
}

// ---------------------------------------------------------------------------------------------
// Synthetic files: the robustness cases of FORMATS.md 4.4.

fn calendar(prodid: &str, body: &str) -> String {
    format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:{prodid}\r\n{body}END:VCALENDAR\r\n")
}

fn event(lines: &str) -> String {
    format!("BEGIN:VEVENT\r\n{lines}END:VEVENT\r\n")
}

#[test]
fn fold_splitting_a_utf8_character_is_joined_before_decoding() {
    // ’ is E2 80 99; the fold falls after E2 80. JRES 2022 also writes `\r\r\n` endings,
    // CHARSET parameters and continuation lines without the leading space.
    let mut bytes = b"BEGIN:VCALENDAR\r\r\nPRODID:-//JRES//FR\r\r\nBEGIN:VEVENT\r\r\n".to_vec();
    bytes.extend_from_slice(b"UID:jres-1\r\r\nDTSTAMP;TZID=Europe/Paris:20221115T090000\r\r\n");
    bytes.extend_from_slice(b"DTSTART;TZID=Europe/Paris:20221116T090000\r\r\n");
    bytes.extend_from_slice(b"DTEND;TZID=Europe/Paris:20221116T094500\r\r\n");
    bytes.extend_from_slice(
        b"SUMMARY;CHARSET=UTF-8;ENCODING=8BIT:L\xe2\x80\r\r\n \x99ouverture\r\r\n",
    );
    bytes.extend_from_slice(b"DESCRIPTION;CHARSET=UTF-8:Premi\xc3\xa8re ligne\r\r\n");
    bytes.extend_from_slice(b"Deuxi\xc3\xa8me ligne sans espace\r\r\nOrateur: Zo\xc3\xab\r\r\n");
    bytes.extend_from_slice(b"LOCATION:Amphi Bordeaux\r\r\nEND:VEVENT\r\r\nEND:VCALENDAR\r\r\n");
    assert!(std::str::from_utf8(&bytes).is_err());
    let imported = formats::import_bytes(&bytes, &ImportOptions::default()).unwrap();
    assert_eq!(imported.format, Format::ICalendar);
    let s = imported.schedule;
    assert_eq!(s.sessions.len(), 1);
    let x = &s.sessions[0];
    assert_eq!(x.title, "L’ouverture");
    assert_eq!(
        x.abstract_text,
        "Première ligne\nDeuxième ligne sans espace\nOrateur: Zoë"
    );
    assert_eq!(x.start, at("2022-11-16T09:00:00+01:00"));
    assert_eq!(x.end, Some(at("2022-11-16T09:45:00+01:00")));
    assert_eq!(x.room.as_ref().unwrap().0, "Amphi Bordeaux");
    // TZID without VTIMEZONE: the IANA rules for Europe/Paris, which becomes the file's zone.
    assert_eq!(s.conference.time_zone, chrono_tz::Europe::Paris);
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
}

#[test]
fn load_file_reads_ics_that_is_utf8_only_once_unfolded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("split.ics");
    let text = b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nDTSTART:20240101T100000Z\nSUMMARY:caf\xc3\n \xa9\nEND:VEVENT\nEND:VCALENDAR\n";
    std::fs::write(&path, text).unwrap();
    let s = formats::load_file(&path, &ImportOptions::default())
        .unwrap()
        .schedule;
    assert_eq!(s.sessions[0].title, "café");
}

#[test]
fn line_endings_lf_cr_and_crlf_read_alike() {
    let body =
        event("UID:x\r\nDTSTART:20240320T090000Z\r\nDTEND:20240320T100000Z\r\nSUMMARY:Same\r\n");
    let crlf = calendar("-//Test//EN", &body);
    let lf = crlf.replace("\r\n", "\n");
    let crcrlf = crlf.replace("\r\n", "\r\r\n");
    let cr = crlf.replace("\r\n", "\r");
    let expected = ical::parse(&crlf, &ImportOptions::default()).unwrap();
    for text in [lf, crcrlf, cr] {
        assert_eq!(
            ical::parse(&text, &ImportOptions::default()).unwrap(),
            expected
        );
    }
}

#[test]
fn fold_inside_an_escaped_comma() {
    let text = calendar(
        "-//pretalx//example.org//conf",
        &event(
            "UID:pretalx-conf-ABCDEF@example.org\r\nDTSTART;TZID=Europe/Berlin:20240320T090000\r\n\
             DTEND;TZID=Europe/Berlin:20240320T093000\r\nSUMMARY:Talk - Ada [Org\\, Inc]\\\r\n\
             \x20, Grace\r\nDESCRIPTION:a\\\r\n\tnb\r\n",
        ),
    );
    let (s, warnings) = ical::parse(&text, &ImportOptions::default()).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let x = &s.sessions[0];
    assert_eq!(x.title, "Talk");
    let names: Vec<&str> = x.speakers.iter().map(|sp| sp.name.as_str()).collect();
    assert_eq!(names, ["Ada [Org, Inc]", "Grace"]);
    assert_eq!(x.abstract_text, "a\nb");
    assert_eq!(s.conference.id, "example-org-conf");
}

#[test]
fn duration_instead_of_dtend_and_all_day_events() {
    let body = [
        event("UID:d\r\nDTSTART:20240320T090000Z\r\nDURATION:PT1H30M\r\nSUMMARY:Long\r\n"),
        event("UID:w\r\nDTSTART:20240320T090000Z\r\nDURATION:P1W\r\nSUMMARY:Week\r\n"),
        event("UID:a\r\nDTSTART;VALUE=DATE:20240321\r\nSUMMARY:All day\r\n"),
        event("UID:b\r\nDTSTART;VALUE=DATE:20240321\r\nDTEND;VALUE=DATE:20240323\r\nSUMMARY:Two days\r\n"),
        event("UID:n\r\nDTSTART:20240320T090000Z\r\nSUMMARY:No end\r\n"),
    ]
    .concat();
    let text = calendar("-//Test//EN", &body);
    let (s, warnings) = ical::parse(&text, &zone(chrono_tz::Europe::Paris)).unwrap();
    let get = |id: &str| session(&s, id);
    assert_eq!(get("d").end, Some(at("2024-03-20T10:30:00Z")));
    assert_eq!(get("w").end, Some(at("2024-03-27T09:00:00Z")));
    assert_eq!(get("a").start, at("2024-03-21T00:00:00+01:00"));
    assert_eq!(get("a").end, Some(at("2024-03-22T00:00:00+01:00")));
    assert_eq!(get("b").end, Some(at("2024-03-23T00:00:00+01:00")));
    assert_eq!(get("n").end, None);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("1 session(s) have no end"));
}

#[test]
fn floating_times_are_read_in_the_conference_zone() {
    let text = calendar(
        "-//Test//EN",
        &event("UID:f\r\nDTSTART:20240704T090000\r\nDTEND:20240704T100000\r\nSUMMARY:Floating\r\n"),
    );
    let (s, warnings) = ical::parse(&text, &zone(chrono_tz::America::New_York)).unwrap();
    assert!(warnings.is_empty());
    assert_eq!(s.sessions[0].start, at("2024-07-04T09:00:00-04:00"));
    // Without --tz and without any zone in the file: UTC, with a warning naming it.
    let (s, warnings) = ical::parse(&text, &ImportOptions::default()).unwrap();
    assert_eq!(s.sessions[0].start, at("2024-07-04T09:00:00Z"));
    assert!(warnings[0].contains("assumed UTC"), "{warnings:?}");
    // X-WR-TIMEZONE names the zone for floating times.
    let text = text.replace("PRODID", "X-WR-TIMEZONE:Asia/Kolkata\r\nPRODID");
    let (s, _) = ical::parse(&text, &ImportOptions::default()).unwrap();
    assert_eq!(s.sessions[0].start, at("2024-07-04T09:00:00+05:30"));
}

#[test]
fn sched_utc_times_keep_their_wall_clock_across_a_dst_change() {
    // Europe/Amsterdam moves from +01:00 to +02:00 on 2026-03-29 at 02:00. A conference running
    // from Saturday to Monday starts at 09:00 local each day: 08:00Z, then 07:00Z.
    let body = [
        (
            "sat",
            "20260328T080000Z",
            "Saturday keynote - Ada Lovelace\\, Analytical Engines",
        ),
        (
            "sun",
            "20260329T070000Z",
            "Sunday keynote - Grace Hopper\\, Navy",
        ),
        (
            "mon",
            "20260330T070000Z",
            "Monday keynote - Zoë Łach\\, Google",
        ),
    ]
    .iter()
    .map(|(uid, start, summary)| {
        event(&format!(
            "UID:{uid}\r\nDTSTART:{start}\r\nDURATION:PT1H\r\nSUMMARY:{summary}\r\n\
             LOCATION:Hall 1\\, Amsterdam\\, Netherlands\r\n"
        ))
    })
    .collect::<String>();
    let text = calendar("-//Sched.com Demo Con 2026//EN", &body).replace(
        "PRODID",
        "X-WR-TIMEZONE:UTC\r\nX-WR-CALNAME:democon2026\r\nPRODID",
    );
    let (s, warnings) = ical::parse(&text, &zone(chrono_tz::Europe::Amsterdam)).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    for x in &s.sessions {
        let local = x.start.with_timezone(&chrono_tz::Europe::Amsterdam);
        assert_eq!((local.hour(), local.minute()), (9, 0), "{}", x.id);
        assert_eq!(
            x.start.hour(),
            9,
            "the stored offset is the zone's at that instant"
        );
        assert_eq!(x.room.as_ref().unwrap().0, "Hall 1");
    }
    assert_eq!(session(&s, "sat").start.offset().local_minus_utc(), 3600);
    assert_eq!(session(&s, "mon").start.offset().local_minus_utc(), 7200);
    assert_eq!(session(&s, "mon").speakers[0].name, "Zoë Łach");
    assert_eq!(session(&s, "mon").title, "Monday keynote");
    let days: Vec<NaiveDate> = s.days().iter().map(|d| d.date).collect();
    assert_eq!(days.len(), 3);
    assert_eq!(s.conference.title, "Demo Con 2026");
    assert_eq!(s.conference.id, "democon2026");
}

#[test]
fn tzid_times_across_a_dst_change_use_the_zone_rules() {
    // US/Eastern without VTIMEZONE; DST starts 2025-03-09.
    let body = [
        event("UID:1\r\nDTSTART;TZID=US/Eastern:20250308T090000\r\nSUMMARY:Before\r\n"),
        event("UID:2\r\nDTSTART;TZID=\"US/Eastern\":20250310T090000\r\nSUMMARY:After\r\n"),
        event("UID:3\r\nDTSTART;TZID=/mozilla.org/20050126_1/America/New_York:20250311T090000\r\nSUMMARY:Path id\r\n"),
    ]
    .concat();
    let (s, warnings) =
        ical::parse(&calendar("-//Test//EN", &body), &ImportOptions::default()).unwrap();
    assert_eq!(s.conference.time_zone, chrono_tz::US::Eastern);
    assert_eq!(session(&s, "1").start, at("2025-03-08T09:00:00-05:00"));
    assert_eq!(session(&s, "2").start, at("2025-03-10T09:00:00-04:00"));
    assert_eq!(session(&s, "3").start, at("2025-03-11T09:00:00-04:00"));
    assert_eq!(
        warnings,
        ["3 session(s) have no end (neither DTEND nor DURATION)"]
    );
}

#[test]
fn unknown_tzid_and_missing_fields_are_reported_not_fatal() {
    let body = [
        event("UID:1\r\nDTSTART;TZID=Mars/Olympus:20250308T090000\r\nDTEND;TZID=Mars/Olympus:20250308T100000\r\nSUMMARY:Mars\r\n"),
        event("UID:2\r\nSUMMARY:No start\r\n"),
        event("DTSTART:20250308T090000Z\r\nDTEND:20250308T080000Z\r\nSUMMARY:No UID\r\n"),
        event("UID:1\r\nDTSTART:20250308T110000Z\r\nSUMMARY:\r\n"),
    ]
    .concat();
    let (s, warnings) = ical::parse(
        &calendar("-//Test//EN", &body),
        &zone(chrono_tz::Europe::Paris),
    )
    .unwrap();
    assert_eq!(s.sessions.len(), 3);
    assert_eq!(s.sessions[0].start, at("2025-03-08T09:00:00+01:00"));
    assert_eq!(s.sessions[1].id.0, "no-uid@20250308T0900Z");
    assert_eq!(s.sessions[1].end, None);
    assert_eq!(s.sessions[2].title, "(untitled)");
    assert_eq!(s.sessions[2].id.0, "1@2025-03-08T11:00Z");
    let all = warnings.join("\n");
    for expected in [
        "TZID 'Mars/Olympus' is not a known time zone",
        "1 event(s) without DTSTART skipped",
        "end before they start",
        "have no UID",
        "duplicate id '1' renamed",
    ] {
        assert!(all.contains(expected), "missing '{expected}' in:\n{all}");
    }
    assert!(s.problems().is_empty());
}

#[test]
fn text_is_cleaned_and_html_descriptions_become_text() {
    let body = event(
        "UID:h\r\nDTSTART:20250308T090000Z\r\nSUMMARY:Evil \u{1b}[2J\u{202e}title\r\n\
         DESCRIPTION:<p>Hello &amp\\; <b>world</b></p><ul><li>one</li></ul>\r\n\
         CATEGORIES:Security,Other\r\nURL:https://example.org/h\r\n",
    );
    let (s, _) = ical::parse(&calendar("-//Test//EN", &body), &ImportOptions::default()).unwrap();
    let x = &s.sessions[0];
    assert_eq!(x.title, "Evil [2Jtitle");
    assert_eq!(x.abstract_text, "Hello & world\n\n• one");
    assert_eq!(x.track.as_ref().unwrap().0, "Security");
    // Other producers get no speaker heuristic.
    assert!(x.speakers.is_empty());
}

#[test]
fn nested_components_do_not_leak_into_events() {
    let body = event(
        "UID:n\r\nDTSTART:20250308T090000Z\r\nSUMMARY:Outer\r\nBEGIN:VALARM\r\n\
         SUMMARY:Alarm\r\nDESCRIPTION:Reminder\r\nEND:VALARM\r\n",
    );
    let (s, _) = ical::parse(&calendar("-//Test//EN", &body), &ImportOptions::default()).unwrap();
    assert_eq!(s.sessions[0].title, "Outer");
    assert_eq!(s.sessions[0].abstract_text, "");
}

// ---------------------------------------------------------------------------------------------
// Property tests: mutated slices of the real fixtures and random input never panic, and what
// parses is a valid schedule.

mod robustness {
    use super::{PRETALX, SCHED};
    use hallway::formats::{self, ImportOptions, ical};
    use proptest::prelude::*;
    use std::sync::OnceLock;

    /// Small, fast inputs: the calendar header and the first events of each fixture, closed.
    fn samples() -> &'static [Vec<u8>] {
        static SAMPLES: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
        SAMPLES.get_or_init(|| {
            let cut = |text: &str, events: usize| {
                let mut end = 0;
                for _ in 0..events {
                    end += text[end..].find("END:VEVENT\r\n").unwrap() + 12;
                }
                let mut bytes = text.as_bytes()[..end].to_vec();
                bytes.extend_from_slice(b"END:VCALENDAR\r\n");
                bytes
            };
            // A hand-made one with the 4.4 quirks: split UTF-8 fold, \r\r\n, bare continuation,
            // DURATION, VALUE=DATE, floating time.
            let quirky = b"BEGIN:VCALENDAR\r\r\nPRODID:-//Sched.com X//EN\r\r\nBEGIN:VEVENT\r\r\n\
                UID:q\r\r\nDTSTART;TZID=Europe/Paris:20240331T013000\r\r\nDURATION:P1DT2H\r\r\n\
                SUMMARY:L\xe2\x80\r\r\n \x99a - Zo\xc3\xab\\, Org & B\\, C\r\r\nDESCRIPTION:a&amp\\;b\r\r\n\
                next line\r\r\nLOCATION:R\\, City\\, Land\r\r\nEND:VEVENT\r\r\nBEGIN:VEVENT\r\r\n\
                UID:d\r\r\nDTSTART;VALUE=DATE:20240401\r\r\nSUMMARY:Day\r\r\nEND:VEVENT\r\r\n\
                BEGIN:VEVENT\r\r\nUID:f\r\r\nDTSTART:20240401T090000\r\r\nSUMMARY:F\r\r\nEND:VEVENT\r\r\n\
                END:VCALENDAR\r\r\n"
                .to_vec();
            vec![cut(PRETALX, 4), cut(SCHED, 4), quirky]
        })
    }

    fn check(bytes: &[u8]) {
        let valid = |schedule: &hallway::model::Schedule| {
            assert!(schedule.problems().is_empty(), "{:?}", schedule.problems());
            for s in &schedule.sessions {
                assert!(!s.title.chars().any(char::is_control));
            }
        };
        if let Ok((schedule, _)) = ical::parse_bytes(bytes, &ImportOptions::default()) {
            valid(&schedule);
        }
        let amsterdam = ImportOptions {
            zone: Some(chrono_tz::Europe::Amsterdam),
        };
        if let Ok(imported) = formats::import_bytes(bytes, &amsterdam) {
            valid(&imported.schedule);
        }
    }

    const TOKENS: &[&[u8]] = &[
        b"\r\n ",
        b"\r\n",
        b"\r\r\n",
        b"\n\t",
        b"\\",
        b"\\,",
        b";",
        b":",
        b",",
        b"\"",
        b"=",
        b"BEGIN:VEVENT\r\n",
        b"END:VEVENT\r\n",
        b"BEGIN:VALARM\r\n",
        b"END:VCALENDAR\r\n",
        b";TZID=US/Eastern",
        b";TZID=Nowhere/Else",
        b";VALUE=DATE",
        b"Z",
        b"T",
        b"99999999",
        b"DURATION:P1W\r\n",
        b"DURATION:-PT99999999999H\r\n",
        b"DTEND:00000000T000000Z\r\n",
        b" - ",
        b" & ",
        b"; ",
        b"\xe2\x80",
        b"\xff",
        b"\0",
        b"\x1b[2J",
        b"\xef\xbb\xbf",
    ];

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 3000,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn byte_flips(which in 0usize..3, flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
            let mut bytes = samples()[which].clone();
            for (index, byte) in flips {
                let i = index.index(bytes.len());
                bytes[i] = byte;
            }
            check(&bytes);
        }

        #[test]
        fn splices(which in 0usize..3, edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..TOKENS.len(), 0usize..4), 1..6)) {
            let mut bytes = samples()[which].clone();
            for (index, token, delete) in edits {
                let i = index.index(bytes.len());
                let end = (i + delete).min(bytes.len());
                bytes.splice(i..end, TOKENS[token].iter().copied());
            }
            check(&bytes);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 2000,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn truncations(which in 0usize..3, at in any::<prop::sample::Index>()) {
            let bytes = &samples()[which];
            check(&bytes[..at.index(bytes.len() + 1)]);
        }

        #[test]
        fn random_input(junk in prop::collection::vec(any::<u8>(), 0..200), text in "[A-Z;:=,\\\\\"\r\n \t0-9TZ-]{0,200}") {
            check(&junk);
            let mut framed = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n".to_vec();
            framed.extend_from_slice(text.as_bytes());
            check(&framed);
            framed.extend_from_slice(&junk);
            check(&framed);
        }
    }
}
