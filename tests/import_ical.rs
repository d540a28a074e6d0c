//! iCalendar import on invented fixtures shaped like a Sched.com export (tests/fixtures/sched.ics)
//! and a pretalx export (tests/fixtures/pretalx.ics), on synthetic files for the robustness
//! cases of FORMATS.md 4.4, and, when the real corpus is at hand, on the real exports
//! (Sched.com KubeCon EU 2026, pretalx GOOD 2025) in ignored tests.

mod common;

use chrono::{DateTime, FixedOffset, NaiveDate, Timelike};
use hallway::formats::{self, Format, ImportOptions, ical};
use hallway::model::{Schedule, SessionId};
use std::collections::{BTreeMap, BTreeSet};

/// Invented, written by tests/fixtures/make-ical-fixtures.py.
const SCHED: &str = include_str!("fixtures/sched.ics");
/// Invented, written by tests/fixtures/make-ical-fixtures.py; not valid UTF-8 until unfolded.
const PRETALX: &[u8] = include_bytes!("fixtures/pretalx.ics");

const REAL_SCHED: &str = "kubecon-eu-2026-sched-all.ics";
const REAL_PRETALX: &str = "good2025-pretalx-schedule.ics";
const REAL_PRETALX_JSON: &str = "good2025-pretalx-schedule.json";

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

fn session<'a>(schedule: &'a Schedule, id: &str) -> &'a hallway::model::Session {
    schedule
        .session(&SessionId(id.into()))
        .unwrap_or_else(|| panic!("no session {id}"))
}

fn titled<'a>(schedule: &'a Schedule, start: &str) -> &'a hallway::model::Session {
    schedule
        .sessions
        .iter()
        .find(|x| x.title.starts_with(start))
        .unwrap_or_else(|| panic!("no session '{start}'"))
}

fn people(session: &hallway::model::Session) -> Vec<(&str, Option<&str>)> {
    session
        .speakers
        .iter()
        .map(|sp| (sp.name.as_str(), sp.organisation.as_deref()))
        .collect()
}

fn counted<'a>(items: impl Iterator<Item = &'a str>) -> BTreeMap<&'a str, usize> {
    items.fold(BTreeMap::new(), |mut m, r| {
        *m.entry(r).or_default() += 1;
        m
    })
}

// ---------------------------------------------------------------------------------------------
// tests/fixtures/sched.ics: invented, shaped like a Sched.com export (FORMATS.md 4.2).

fn sched() -> (Schedule, Vec<String>) {
    ical::parse(SCHED, &zone(chrono_tz::Europe::Paris)).unwrap()
}

const BADGE_A: &str = "6c2d873b1992964e584ec559e48222ec";
const TRACING: &str = "dd22b1c4d9bc70962c8150489b0f8590";
const GATEWAYS: &str = "62c629b6a4b9f756d98b98125ddfd7bb";
const DEMO: &str = "a09e1992de029c2380117039729ec7f3";
const KARAOKE: &str = "bc58e98a396c87ad5878083c7c0ae37c";
const PANEL: &str = "d0b5dd370a3ddc4da51536582cdde3d3";
const INTRO: &str = "d84d5324f8d9bbe742453119aa70f77e";
const CLOAKROOM: &str = "5d098b87af4ac3471274302700ea2330";

#[test]
fn sched_fixture_holds_the_traps_it_claims() {
    // The fixture itself, so that a regenerated file cannot lose a trap unnoticed.
    assert!(!SCHED.contains("BEGIN:VTIMEZONE") && SCHED.contains("X-WR-TIMEZONE:UTC\r\n"));
    // CRLF everywhere, and never folded.
    assert!(
        SCHED
            .split_terminator('\n')
            .all(|l| l.ends_with('\r') && !l.starts_with([' ', '\t']))
    );
    assert!(SCHED.lines().any(|l| l.len() > 1500), "one very long line");
    assert!(SCHED.contains("&nbsp\\;") && SCHED.contains("&gt\\;"));
    assert!(SCHED.contains('\u{200b}'));
    assert_eq!(SCHED.matches("DESCRIPTION:\r\n").count(), 18);
    assert_eq!(SCHED.matches("Lyon\\, France\r\n").count(), 33);
    let truncated = SCHED
        .lines()
        .find(|l| l.starts_with("SUMMARY:Panel: "))
        .unwrap();
    assert_eq!(truncated.trim_end().chars().count(), "SUMMARY:".len() + 255);
}

#[test]
fn sched_fixture_counts_per_day_rooms_and_tracks() {
    let (s, warnings) = sched();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(s.problems().is_empty(), "{:?}", s.problems());
    assert_eq!(s.sessions.len(), 34);
    assert_eq!(
        day_counts(&s),
        [
            ("2026-06-09".to_string(), 11),
            ("2026-06-10".to_string(), 14),
            ("2026-06-11".to_string(), 9),
        ]
    );
    let rooms: BTreeSet<_> = s.sessions.iter().filter_map(|x| x.room.as_ref()).collect();
    assert_eq!(rooms.len(), 11);
    let tracks: BTreeSet<&str> = s
        .sessions
        .iter()
        .filter_map(|x| x.track.as_ref())
        .map(|t| t.0.as_str())
        .collect();
    assert_eq!(tracks.len(), 13, "{tracks:?}");
    for track in [
        "⚡ FLASH TALKS",
        "🪧 POSTER CORNER",
        "🛠️ FIXATHON",
        "REGISTRATION",
    ] {
        assert!(tracks.contains(track), "{track} in {tracks:?}");
    }
    assert!(s.sessions.iter().all(|x| x.track.is_some()));
    assert_eq!(
        s.sessions.iter().filter(|x| !x.speakers.is_empty()).count(),
        18
    );
    let names: BTreeSet<_> = s
        .sessions
        .iter()
        .flat_map(|x| x.speakers.iter().map(|sp| sp.name.as_str()))
        .collect();
    assert_eq!(names.len(), 22, "{names:?}");
    assert!(names.contains("Jiří Novotný") && names.contains("佐藤 花子"));
    let emoji = s
        .sessions
        .iter()
        .filter(|x| {
            x.title
                .chars()
                .any(|c| matches!(c as u32, 0x2600..=0x27bf | 0x1f000..=0x1faff))
        })
        .count();
    assert_eq!(emoji, 6);
    assert_eq!(
        s.sessions
            .iter()
            .filter(|x| x.abstract_text.is_empty())
            .count(),
        18
    );
    assert_eq!(s.conference.id, "doideu2026");
    assert_eq!(
        s.conference.title,
        "Driftwood Open Infrastructure Days Europe 2026"
    );
    assert_eq!(s.conference.city.as_deref(), Some("Lyon"));
    assert_eq!(s.conference.time_zone, chrono_tz::Europe::Paris);
}

#[test]
fn sched_sessions_after_midnight_stay_on_the_evening_before() {
    let (s, _) = sched();
    let days = s.days();
    let karaoke = session(&s, KARAOKE);
    // 22:15Z on the 9th, 00:15 on the 10th in Lyon: before the 04:00 day change.
    assert_eq!(karaoke.start, at("2026-06-10T00:15:00+02:00"));
    assert_eq!(
        s.day_of(karaoke),
        NaiveDate::from_ymd_opt(2026, 6, 9).unwrap()
    );
    let first_day: Vec<&str> = days[0]
        .sessions
        .iter()
        .map(|&i| s.sessions[i].id.0.as_str())
        .collect();
    assert_eq!(first_day.last(), Some(&KARAOKE));
    // The reception runs past midnight.
    let reception = titled(&s, "Riverside Welcome Reception");
    assert_eq!(reception.end, Some(at("2026-06-10T00:30:00+02:00")));
    assert_eq!(reception.minutes(), Some(5 * 60));
}

#[test]
fn sched_rooms_lose_city_and_country_but_off_site_addresses_stay_whole() {
    let (s, _) = sched();
    let rooms = counted(
        s.sessions
            .iter()
            .filter_map(|x| x.room.as_ref())
            .map(|r| r.0.as_str()),
    );
    assert_eq!(rooms.get("Entrance A"), Some(&6));
    assert_eq!(rooms.get("Hall 3 | Expo Floor | Community Stage"), Some(&5));
    assert_eq!(rooms.get("Auditorium Lumière"), Some(&5));
    assert_eq!(rooms.get("Room 201-203"), Some(&3));
    assert_eq!(
        rooms.get("Salle Saône (Level 2) + Room 204 (Level 2)"),
        Some(&1)
    );
    assert_eq!(
        rooms.get("Hôtel Bellecour Annexe, 12 Rue des Tanneurs, 69002 Lyon, France"),
        Some(&1)
    );
    assert_eq!(
        rooms.get("Hôtel Bellecour Annexe, 12 Rue des Tanneurs, 69002 Lyon Room: Salon Soie"),
        Some(&1)
    );
    // 32 LOCATIONs are exactly "Room\, Lyon\, France" and lose the suffix. The two off-site
    // addresses keep it whole: one ends in "<postcode> Lyon\, France" (which makes the 33
    // LOCATIONs ending in "Lyon\, France"), one does not.
    let whole: Vec<&str> = rooms
        .keys()
        .copied()
        .filter(|r| r.contains("Lyon"))
        .collect();
    assert_eq!(whole.len(), 2, "{whole:?}");
    let ending = whole.iter().filter(|r| r.ends_with("Lyon, France")).count();
    assert_eq!(32 + ending, 33);
    assert_eq!(s.sessions.iter().filter(|x| x.room.is_some()).count(), 34);
}

#[test]
fn sched_session_fields() {
    let (s, _) = sched();
    let tracing = session(&s, TRACING);
    assert_eq!(tracing.title, "Tracing the Untraceable");
    assert_eq!(tracing.start, at("2026-06-10T11:00:00+02:00"));
    assert_eq!(tracing.start.offset().local_minus_utc(), 7200);
    assert_eq!(tracing.end, Some(at("2026-06-10T09:30:00Z")));
    assert_eq!(tracing.room.as_ref().unwrap().0, "Salle Rhône 2");
    assert_eq!(tracing.track.as_ref().unwrap().0, "OBSERVABILITY");
    assert_eq!(
        people(tracing),
        [
            ("Amara Nwosu", Some("Lanternfish")),
            ("Henrik Dahl", Some("Orbitwork"))
        ]
    );
    assert_eq!(
        tracing.abstract_text,
        "Spans across queues, cron jobs and a mainframe."
    );
    assert_eq!(
        tracing.links[0].url,
        format!("http://doideu2026.sched.com/event/{TRACING}")
    );

    // "A & B, Org; C, Org": names before " & " share the organisation.
    let gateway = session(&s, GATEWAYS);
    assert_eq!(gateway.title, "Gateways Without Gatekeepers");
    assert_eq!(
        people(gateway),
        [
            ("Paulo Reyes", Some("Tessellate")),
            ("Imke Vos", Some("Tessellate")),
            ("Zoë Wąsowicz", Some("Quillworks")),
        ]
    );

    // " - " without a comma after it is part of the title.
    let edge = titled(&s, "EdgeDay Hosted by DOID");
    assert_eq!(
        edge.title,
        "EdgeDay Hosted by DOID - Full-Day Event | ALL ACCESS PASS REQUIRED"
    );
    assert!(edge.speakers.is_empty());
    assert_eq!(
        edge.abstract_text,
        "A full day of edge computing talks.\u{a0} Bring a laptop > and a charger."
    );
    // " - " inside the title, then the speakers.
    let backups = titled(&s, "Backups");
    assert_eq!(backups.title, "Backups - What Could Go Wrong?");
    assert_eq!(people(backups), [("Lene Haugaard", Some("Fjordbyte"))]);

    // CJK title, name and abstract.
    let cjk = titled(&s, "分散");
    assert_eq!(cjk.title, "分散ストレージ入門: 小さく始める");
    assert_eq!(people(cjk), [("佐藤 花子", Some("Kumo Systems"))]);
    assert_eq!(
        cjk.abstract_text,
        "小さなクラスタから始める分散ストレージの入門です。\n日本語で行います。"
    );

    // Entities with escaped semicolons are decoded; no zero-width space survives.
    assert!(s.sessions.iter().all(|x| !x.abstract_text.contains("&nbsp")
        && !x.abstract_text.contains("&gt")
        && !x.abstract_text.contains("&amp")
        && !x.abstract_text.contains('\u{200b}')
        && !x.title.contains('\u{200b}')));
    let hours = titled(&s, "MeshOps");
    assert_eq!(hours.title, "MeshOps Office Hours");
    assert_eq!(hours.abstract_text, "Bring your mesh questions.");
    let forum = titled(&s, "[WAITLIST] Maintainers Forum");
    assert!(
        forum
            .abstract_text
            .starts_with("REGISTRATION IS CLOSED.\u{a0} ASK AT THE DESK ABOUT THE WAITLIST.\n\n"),
        "{}",
        forum.abstract_text
    );
    assert!(forum.abstract_text.contains("all year & at least one idea"));
    assert!(forum.abstract_text.contains("maintainers > please"));
    assert_eq!(forum.abstract_text.matches("\n\n").count(), 4);
    assert!(forum.abstract_text.chars().count() > 1400);
    assert!(forum.speakers.is_empty());
}

#[test]
fn sched_truncated_summary_and_duplicate_titles() {
    let (s, _) = sched();
    // The SUMMARY cut at 255 characters still gives a title and the speakers before the cut.
    let panel = session(&s, PANEL);
    assert_eq!(
        panel.title,
        "Panel: Ten Years of Running Object Storage in Production at Three Sites Without \
         Losing Sleep (or Data)"
    );
    assert_eq!(
        people(panel)[..5],
        [
            ("Sigrun Aalto", Some("Fjordbyte")),
            ("Lene Haugaard", Some("Fjordbyte")),
            ("Paulo Reyes", Some("Tessellate")),
            ("Bo Ekholm", Some("Quillworks")),
            ("Kaito Mori", Some("Tessellate")),
        ]
    );
    // The name cut in two is kept as it stands, without an organisation.
    assert_eq!(people(panel)[5..], [("Marguerite Oyelar", None)]);
    // "Badge Pick-Up" in several places at once: kept apart by UID, never merged.
    let badges: Vec<_> = s
        .sessions
        .iter()
        .filter(|x| x.title == "Badge Pick-Up")
        .collect();
    assert_eq!(badges.len(), 5);
    let ids: BTreeSet<_> = badges.iter().map(|x| &x.id).collect();
    assert_eq!(ids.len(), 5);
    let together: BTreeSet<&str> = badges
        .iter()
        .filter(|x| x.start == at("2026-06-09T07:30:00+02:00"))
        .map(|x| x.room.as_ref().unwrap().0.as_str())
        .collect();
    assert_eq!(
        together,
        BTreeSet::from(["Entrance A", "Entrance B", "Hall Lobby"])
    );
    let first = session(&s, BADGE_A);
    assert_eq!(first.room.as_ref().unwrap().0, "Entrance A");
    assert_eq!(first.start, at("2026-06-09T07:30:00+02:00"));
    // Three 12-hour cloakrooms and one zero-length demo.
    let cloakrooms = s
        .sessions
        .iter()
        .filter(|x| x.title == "Cloakroom" && x.minutes() == Some(12 * 60))
        .count();
    assert_eq!(cloakrooms, 3);
    let zero: Vec<&str> = s
        .sessions
        .iter()
        .filter(|x| x.minutes() == Some(0))
        .map(|x| x.id.0.as_str())
        .collect();
    assert_eq!(zero, [DEMO]);
}

#[test]
fn sched_without_zone_assumes_utc_and_says_so() {
    let (s, warnings) = ical::parse(SCHED, &ImportOptions::default()).unwrap();
    assert_eq!(s.conference.time_zone, chrono_tz::UTC);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("assumed UTC") && warnings[0].contains("--tz"));
    assert_eq!(session(&s, BADGE_A).start, at("2026-06-09T05:30:00Z"));
    assert_eq!(session(&s, CLOAKROOM).start, at("2026-06-09T05:00:00Z"));
    assert_eq!(session(&s, KARAOKE).start, at("2026-06-09T22:15:00Z"));
    // Through the generic entry point, with the format detected from the content.
    let imported = formats::import(SCHED, &zone(chrono_tz::Europe::Paris)).unwrap();
    assert_eq!(imported.format, Format::ICalendar);
    assert_eq!(imported.schedule, sched().0);
    assert!(!imported.zone_assumed);
    assert!(
        formats::import(SCHED, &ImportOptions::default())
            .unwrap()
            .zone_assumed
    );
}

#[test]
fn detection_by_content() {
    assert_eq!(formats::detect(SCHED).unwrap(), Format::ICalendar);
    assert_eq!(
        formats::import_bytes(PRETALX, &ImportOptions::default())
            .unwrap()
            .format,
        Format::ICalendar
    );
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
    let cut = SCHED.find("SUMMARY:Riverside").unwrap();
    let e = formats::import(&SCHED[..cut], &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("iCalendar: line "), "{e}");
    assert!(e.contains("is it truncated?"), "{e}");
}

#[test]
fn sched_second_roles_are_not_speakers() {
    let (s, _) = sched();
    let intro = session(&s, INTRO);
    assert_eq!(intro.title, "Project Intro: Pebblefish");
    assert_eq!(
        people(intro),
        [(
            "Rune Halvorsen",
            Some("Community Manager, Pebblefish & Core Maintainer, Bramblecap")
        )]
    );
    // A keynote's roles stay with the organisation; the next name is a second speaker.
    let keynote = titled(&s, "Keynote: Welcome Back");
    assert_eq!(keynote.title, "Keynote: Welcome Back");
    assert_eq!(
        people(keynote),
        [
            (
                "Mara Quist",
                Some("Executive Director, Open Harbour Foundation")
            ),
            ("Teodor Blum", Some("CTO, Lumen Guild")),
        ]
    );
    // A " - " inside the second speaker's job title is not where the speakers begin.
    let storage = titled(&s, "Keynote: Storage");
    assert_eq!(storage.title, "Keynote: Storage That Forgets on Purpose");
    assert_eq!(
        people(storage),
        [
            ("Sigrun Aalto", Some("Staff Engineer, Fjordbyte")),
            (
                "Henrik Dahl",
                Some("Senior Engineer - Retention Specialist, Orbitwork")
            ),
        ]
    );
}

#[test]
fn sched_names_joined_by_and_and_a_glued_dash_are_read() {
    let (s, _) = sched();
    let queues = titled(&s, "Scaling Queues");
    assert_eq!(queues.title, "Scaling Queues: Shards, Leases");
    assert_eq!(
        people(queues),
        [
            ("Ann Lindqvist", Some("Quillworks")),
            ("Bo Ekholm", Some("Quillworks"))
        ]
    );
    let audit = titled(&s, "Audit Season");
    assert_eq!(
        audit.title,
        "Audit Season: The Checklist Changed - Are You Ready?"
    );
    assert_eq!(people(audit), [("Priya Natarajan", Some("Quarry Labs"))]);
    // The known miss: a bare name without an organisation is not recognised.
    let ama = titled(&s, "Ask Me Anything");
    assert_eq!(ama.title, "Ask Me Anything - Quentin Marsh");
    assert!(ama.speakers.is_empty());
    // No speaker name in the whole file still carries a separator.
    for session in &s.sessions {
        for speaker in &session.speakers {
            let name = &speaker.name;
            assert!(
                !name.contains(" and ")
                    && !name.contains(" & ")
                    && !name.starts_with('-')
                    && !name.contains(','),
                "{name} in {}",
                session.title
            );
        }
    }
}

#[test]
fn sched_and_pretalx_round_trip_through_ron() {
    for schedule in [sched().0, pretalx().0] {
        let text = formats::ron::write(&schedule).unwrap();
        assert_eq!(formats::ron::parse(&text).unwrap(), schedule);
    }
}

#[test]
fn ids_are_the_same_on_every_import() {
    let ids = |s: &Schedule| s.sessions.iter().map(|x| x.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&sched().0), ids(&sched().0));
    assert_eq!(ids(&pretalx().0), ids(&pretalx().0));
    // Sched ids are the UIDs, unchanged.
    assert!(
        sched()
            .0
            .sessions
            .iter()
            .all(|x| x.id.0.len() == 32 && x.id.0.bytes().all(|b| b.is_ascii_hexdigit()))
    );
}

// ---------------------------------------------------------------------------------------------
// tests/fixtures/pretalx.ics: invented, shaped like a pretalx export (FORMATS.md 4.3).

fn pretalx() -> (Schedule, Vec<String>) {
    ical::parse_bytes(PRETALX, &ImportOptions::default()).unwrap()
}

fn pretalx_id(code: &str) -> String {
    format!("pretalx-trcs2026-{code}@cfp.tidewater.example")
}

#[test]
fn pretalx_fixture_holds_the_traps_it_claims() {
    // "é" is C3 A9: the fold falls between its two bytes.
    assert!(
        PRETALX.windows(5).any(|w| w == b"\xc3\r\n \xa9"),
        "a fold splits a character"
    );
    let lines: Vec<&[u8]> = PRETALX.split(|&b| b == b'\n').collect();
    assert!(lines[..lines.len() - 1].iter().all(|l| l.ends_with(b"\r")));
    let text = String::from_utf8_lossy(PRETALX);
    assert!(text.contains("BEGIN:VTIMEZONE\r\nTZID:US/Eastern\r\n"));
    assert!(text.contains("DTSTART;TZID=US/Eastern:"));
    assert!(!text.contains("CATEGORIES"));
    assert!(
        text.contains("Institute]\\\r\n , Ilse"),
        "a fold between \\ and ,"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.len() > 76 && l.starts_with(b"DESCRIPTION:\xf0\x9f\x93\x8d")),
        "a folded line longer than 75 octets because of emoji"
    );
    assert_eq!(text.matches(" - \r\n").count(), 6);
}

#[test]
fn pretalx_fixture_counts_and_zone() {
    let (s, warnings) = pretalx();
    // The fold splitting "é" is joined before decoding: nothing was replaced.
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(s.problems().is_empty());
    assert_eq!(s.sessions.len(), 21);
    // The legacy alias US/Eastern is read with the IANA rules of America/New_York.
    assert_eq!(s.conference.time_zone, chrono_tz::US::Eastern);
    assert_eq!(
        day_counts(&s),
        [
            ("2026-03-06".to_string(), 3),
            ("2026-03-07".to_string(), 8),
            ("2026-03-08".to_string(), 7),
            ("2026-03-09".to_string(), 3),
        ]
    );
    assert_eq!(
        s.sessions.iter().filter(|x| x.speakers.is_empty()).count(),
        6
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
    assert_eq!(names.len(), 13, "{names:?}");
    // Affiliations in brackets are organisations, as pretalx's JSON export reads.
    assert!(s.sessions.iter().any(|x| {
        x.speakers
            .iter()
            .any(|sp| sp.organisation.as_deref() == Some("Lakeshore HPC"))
    }));
    assert!(
        s.sessions
            .iter()
            .all(|x| x.speakers.iter().all(|sp| !sp.name.contains('[')))
    );
    assert_eq!(s.conference.id, "cfp-tidewater-example-trcs2026");
    assert_eq!(s.conference.title, "cfp.tidewater.example trcs2026");
}

#[test]
fn pretalx_unfolds_before_unescaping() {
    let (s, _) = pretalx();
    // SUMMARY folded between `\` and `,`.
    let sprint = session(&s, &pretalx_id("H7QK2M"));
    assert_eq!(sprint.title, "Patch Sprint");
    let tsi = Some("Tidewater Supercomputing Institute");
    assert_eq!(
        people(sprint),
        [("Noor Vandeleur", tsi), ("Ilse Brandvold", tsi)]
    );
    assert_eq!(sprint.start, at("2026-03-06T13:00:00-05:00"));
    assert_eq!(sprint.end, Some(at("2026-03-06T17:00:00-05:00")));
    assert_eq!(
        sprint.room.as_ref().unwrap().0,
        "Pell Auditorium (Hall B 010)"
    );
    assert_eq!(
        sprint.links[0].url,
        "https://cfp.tidewater.example/trcs2026/talk/H7QK2M/"
    );
    // A fold right before a space keeps the space; escaped ; and , come back.
    assert!(sprint.abstract_text.starts_with(
        "What happens at the sprint? | Bring a laptop and a bug you care about; maintainers \
         pair with newcomers on the portal, the job composer and the docs."
    ));
    // A line longer than 75 octets because of emoji, and a title ending in " - ".
    let mixer = session(&s, &pretalx_id("M2ZCAT"));
    assert_eq!(mixer.title, "Welcome Mixer");
    assert!(mixer.speakers.is_empty());
    assert_eq!(
        mixer.abstract_text,
        "📍 Where: Harbour Gallery, ground floor\n🕕 When: Friday, 6:00 PM – 8:00 PM\n\
         🍲 Chowder, cider and lemonade on the house"
    );
    // A DESCRIPTION folded at 75 octets, through the middle of "é".
    let chat = session(&s, &pretalx_id("Y2HWRM"));
    assert_eq!(chat.title, "Café Chat: Onboarding New Admins");
    assert_eq!(
        chat.abstract_text,
        "What we wish we’d known in our first months: runbooks, pager etiquette, and the one \
         command you must never type on the head node. Thé et café servis."
    );
    // The room with an escaped comma.
    let evening = session(&s, &pretalx_id("X3EPAL"));
    assert_eq!(
        evening.room.as_ref().unwrap().0,
        "Tidewater Aquarium, Pier 4"
    );
    assert!(
        evening
            .abstract_text
            .ends_with("🦞 Please do not feed the lobsters")
    );
}

#[test]
fn pretalx_times_across_the_dst_change_and_after_midnight() {
    let (s, _) = pretalx();
    let eastern = chrono_tz::US::Eastern;
    let local = |code: &str| {
        let t = session(&s, &pretalx_id(code)).start.with_timezone(&eastern);
        (t.hour(), t.minute())
    };
    // Saturday 09:30 is EST, Sunday 09:30 is EDT: the same wall clock, an hour apart in UTC.
    let saturday = session(&s, &pretalx_id("B8TRQE"));
    let sunday = session(&s, &pretalx_id("V7GMCP"));
    assert_eq!(saturday.start, at("2026-03-07T09:30:00-05:00"));
    assert_eq!(sunday.start, at("2026-03-08T09:30:00-04:00"));
    assert_eq!(saturday.start.offset().local_minus_utc(), -5 * 3600);
    assert_eq!(sunday.start.offset().local_minus_utc(), -4 * 3600);
    assert_eq!((local("B8TRQE"), local("V7GMCP")), ((9, 30), (9, 30)));
    // 01:30 EST to 03:15 EDT is 45 minutes, not an hour and three quarters.
    let lanterns = session(&s, &pretalx_id("F3RZHT"));
    assert_eq!(lanterns.start, at("2026-03-08T01:30:00-05:00"));
    assert_eq!(lanterns.end, Some(at("2026-03-08T03:15:00-04:00")));
    assert_eq!(lanterns.minutes(), Some(45));
    // After midnight but before the 04:00 day change: still Saturday's conference day.
    let saturday_day = NaiveDate::from_ymd_opt(2026, 3, 7).unwrap();
    for code in ["J9DKWQ", "F3RZHT"] {
        let x = session(&s, &pretalx_id(code));
        assert_eq!(
            x.start.date_naive(),
            NaiveDate::from_ymd_opt(2026, 3, 8).unwrap()
        );
        assert_eq!(s.day_of(x), saturday_day, "{code}");
    }
    assert_eq!(local("J9DKWQ"), (0, 30));
}

#[test]
fn pretalx_titles_with_dashes_and_bracketed_affiliations() {
    let (s, _) = pretalx();
    // The last " - " outside brackets splits; a comma inside brackets does not.
    let tiers = session(&s, &pretalx_id("W3JNDX"));
    assert_eq!(tiers.title, "Storage tiers - a field guide");
    assert_eq!(
        people(tiers),
        [
            ("Renée Duchamp", Some("Northfield Lab - Data Group")),
            ("Kwame Asante-Berg", Some("Corvid Labs, Inc."))
        ]
    );
    // Three speakers, the last one without an affiliation.
    assert_eq!(
        people(session(&s, &pretalx_id("N2MEVS"))),
        [
            ("Dorian Pike", Some("Lakeshore HPC")),
            ("Ferdinand Obi", Some("Lakeshore HPC")),
            ("Yuki Tanabe-Moreau", None)
        ]
    );
    // No speakers, and a " - " inside the title.
    let closing = session(&s, &pretalx_id("E7VTKA"));
    assert_eq!(closing.title, "Closing - see you in 2027");
    assert!(closing.speakers.is_empty());
    let lunch = session(&s, &pretalx_id("T5YHGA"));
    assert_eq!(lunch.title, "Lunch & Poster Walk");
    assert!(lunch.speakers.is_empty());
    // One submission, two slots: two sessions, one talk page.
    let first = session(&s, &pretalx_id("Q6NBVF"));
    let second = session(&s, &pretalx_id("Q6NBVF-1"));
    assert_eq!(first.title, second.title);
    assert_eq!(first.speakers, second.speakers);
    assert_eq!(first.links, second.links);
    assert_eq!(second.start, at("2026-03-09T09:00:00-04:00"));
}

#[test]
fn pretalx_loads_from_a_file_and_imports_through_the_generic_entry_point() {
    let path = common::fixture("pretalx.ics");
    let loaded = formats::load_file(&path, &ImportOptions::default()).unwrap();
    assert_eq!(loaded.format, Format::ICalendar);
    assert_eq!(loaded.schedule, pretalx().0);
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert!(!loaded.zone_assumed);
    // --tz overrides the zone the file names; the instants stay.
    let tokyo = formats::import_bytes(PRETALX, &zone(chrono_tz::Asia::Tokyo)).unwrap();
    assert_eq!(tokyo.schedule.conference.time_zone, chrono_tz::Asia::Tokyo);
    let sprint = session(&tokyo.schedule, &pretalx_id("H7QK2M"));
    assert_eq!(sprint.start, at("2026-03-06T13:00:00-05:00"));
    assert_eq!(sprint.start.offset().local_minus_utc(), 9 * 3600);
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
    assert_eq!(people(x), [("Ada", Some("Org, Inc")), ("Grace", None)]);
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
            "Saturday keynote - Ada Marrow\\, Analytical Looms",
        ),
        (
            "sun",
            "20260329T070000Z",
            "Sunday keynote - Gale Hopkirk\\, Harbour Navy",
        ),
        (
            "mon",
            "20260330T070000Z",
            "Monday keynote - Zoë Wąsowicz\\, Quillworks",
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
    assert_eq!(session(&s, "mon").speakers[0].name, "Zoë Wąsowicz");
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
// The real exports (../shared/fixtures/real or $HALLWAY_CORPUS), read at run time.

fn real_sched_text() -> String {
    common::corpus(REAL_SCHED)
}

fn real_sched() -> (Schedule, Vec<String>) {
    ical::parse(&real_sched_text(), &zone(chrono_tz::Europe::Amsterdam)).unwrap()
}

fn real_pretalx() -> (Schedule, Vec<String>) {
    ical::parse(&common::corpus(REAL_PRETALX), &ImportOptions::default()).unwrap()
}

#[test]
#[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
fn corpus_sched_fixture_counts_per_day_rooms_and_tracks() {
    let (s, warnings) = real_sched();
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
#[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
fn corpus_sched_rooms_lose_city_and_country_but_off_site_addresses_stay_whole() {
    let (s, _) = real_sched();
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
#[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
fn corpus_sched_session_fields() {
    let (s, _) = real_sched();
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

    // A " - " inside a job title is not where the speakers begin (issue 18, item 5).
    let railway = s
        .sessions
        .iter()
        .find(|x| x.title.starts_with("Keynote: Keeping Sovereignty on Track"))
        .unwrap();
    assert!(
        railway.title.ends_with("Railway Platform"),
        "{}",
        railway.title
    );
    let names: Vec<&str> = railway.speakers.iter().map(|sp| sp.name.as_str()).collect();
    assert_eq!(names, ["Thomas Comtet", "Yann Rotilio"]);
    // No speaker anywhere is named after a job title.
    for x in &s.sessions {
        assert!(
            x.speakers.iter().all(|sp| !sp.name.ends_with("Specialist")),
            "{}",
            x.title
        );
    }

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
#[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
fn corpus_sched_truncated_summary_and_duplicate_titles() {
    let (s, _) = real_sched();
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
#[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
fn corpus_sched_without_zone_assumes_utc_and_says_so() {
    let (s, warnings) = ical::parse(&real_sched_text(), &ImportOptions::default()).unwrap();
    assert_eq!(s.conference.time_zone, chrono_tz::UTC);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("assumed UTC") && warnings[0].contains("--tz"));
    let first = session(&s, "bdeb89fcb7b271c2053791f3789faff7");
    assert_eq!(first.start, at("2026-03-22T07:00:00Z"));
    // Through the generic entry point, with the format detected from the content.
    let imported =
        formats::import(&real_sched_text(), &zone(chrono_tz::Europe::Amsterdam)).unwrap();
    assert_eq!(imported.format, Format::ICalendar);
    assert_eq!(imported.schedule, real_sched().0);
}

#[test]
#[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
fn corpus_detection_by_content() {
    assert_eq!(
        formats::detect(&real_sched_text()).unwrap(),
        Format::ICalendar
    );
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
    let e = formats::import(&real_sched_text()[..5000], &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("iCalendar: line "), "{e}");
    assert!(e.contains("is it truncated?"), "{e}");
}

#[test]
#[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
fn corpus_sched_second_roles_are_not_speakers() {
    let (s, _) = real_sched();
    let intro = s
        .sessions
        .iter()
        .find(|x| x.title == "Project Lightning Talk: Opening/Intro")
        .unwrap();
    assert_eq!(intro.speakers.len(), 1);
    assert_eq!(intro.speakers[0].name, "Robert Sirchia");
}

#[test]
#[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
fn corpus_sched_names_joined_by_and_and_a_glued_dash_are_read() {
    let (s, _) = real_sched();
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
#[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
fn corpus_sched_and_pretalx_round_trip_through_ron() {
    for schedule in [real_sched().0, real_pretalx().0] {
        let text = formats::ron::write(&schedule).unwrap();
        assert_eq!(formats::ron::parse(&text).unwrap(), schedule);
    }
}

#[test]
#[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
fn corpus_ids_are_the_same_on_every_import() {
    let a = real_sched().0;
    let b = real_sched().0;
    let ids = |s: &Schedule| s.sessions.iter().map(|x| x.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&a), ids(&b));
}

#[test]
#[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
fn corpus_pretalx_fixture_counts_and_zone() {
    let (s, warnings) = real_pretalx();
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
#[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
fn corpus_pretalx_unfolds_before_unescaping() {
    let (s, _) = real_pretalx();
    // SUMMARY folded between `\` and `,`.
    let jam = session(&s, "pretalx-2025-CFEMBK@cfp.openondemand.org");
    assert_eq!(jam.title, "Contributor Jam");
    assert_eq!(
        people(jam),
        [
            ("Emily Moffat Sadeghi", Some("Ohio Supercomputer Center")),
            ("Travis Ravert", Some("Ohio Supercomputer Center"))
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
#[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
fn corpus_pretalx_ics_matches_the_json_export() {
    let (s, _) = real_pretalx();
    let json: serde_json::Value = serde_json::from_str(&common::corpus(REAL_PRETALX_JSON)).unwrap();
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

    // Speakers and their organisations (in brackets in both files) read the same from either.
    let imported = formats::import(
        &common::corpus(REAL_PRETALX_JSON),
        &ImportOptions::default(),
    )
    .unwrap()
    .schedule;
    let code_of_url = |x: &hallway::model::Session| {
        let url = &x.links[0].url;
        url.trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap()
            .to_string()
    };
    let json_people: BTreeMap<String, Vec<hallway::model::Speaker>> = imported
        .sessions
        .iter()
        .map(|x| (code_of_url(x), x.speakers.clone()))
        .collect();
    let ics_people: BTreeMap<String, Vec<hallway::model::Speaker>> = s
        .sessions
        .iter()
        .map(|x| (code_of_url(x), x.speakers.clone()))
        .collect();
    assert_eq!(ics_people, json_people);
    let with_organisation = ics_people
        .values()
        .flatten()
        .filter(|sp| sp.organisation.is_some())
        .count();
    assert!(with_organisation > 50, "{with_organisation}");
}

// ---------------------------------------------------------------------------------------------
// Property tests: mutated slices of the fixtures (and, in ignored twins, of the real exports) and
// random input never panic, and what parses is a valid schedule.

mod robustness {
    use super::{PRETALX, REAL_PRETALX, REAL_SCHED, SCHED, common};
    use hallway::formats::{self, ImportOptions, ical};
    use proptest::prelude::*;
    use std::sync::OnceLock;

    /// The calendar header and the first `events` events of a file, closed.
    fn cut(bytes: &[u8], events: usize) -> Vec<u8> {
        let mut end = 0;
        for _ in 0..events {
            end += bytes[end..]
                .windows(12)
                .position(|w| w == b"END:VEVENT\r\n")
                .unwrap()
                + 12;
        }
        let mut out = bytes[..end].to_vec();
        out.extend_from_slice(b"END:VCALENDAR\r\n");
        out
    }

    /// A hand-made one with the 4.4 quirks: split UTF-8 fold, \r\r\n, bare continuation,
    /// DURATION, VALUE=DATE, floating time.
    const QUIRKY: &[u8] = b"BEGIN:VCALENDAR\r\r\nPRODID:-//Sched.com X//EN\r\r\nBEGIN:VEVENT\r\r\n\
        UID:q\r\r\nDTSTART;TZID=Europe/Paris:20240331T013000\r\r\nDURATION:P1DT2H\r\r\n\
        SUMMARY:L\xe2\x80\r\r\n \x99a - Zo\xc3\xab\\, Org & B\\, C\r\r\nDESCRIPTION:a&amp\\;b\r\r\n\
        next line\r\r\nLOCATION:R\\, City\\, Land\r\r\nEND:VEVENT\r\r\nBEGIN:VEVENT\r\r\n\
        UID:d\r\r\nDTSTART;VALUE=DATE:20240401\r\r\nSUMMARY:Day\r\r\nEND:VEVENT\r\r\n\
        BEGIN:VEVENT\r\r\nUID:f\r\r\nDTSTART:20240401T090000\r\r\nSUMMARY:F\r\r\nEND:VEVENT\r\r\n\
        END:VCALENDAR\r\r\n";

    /// Small, fast inputs from the invented fixtures, plus the quirky one.
    fn samples() -> &'static [Vec<u8>] {
        static SAMPLES: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
        SAMPLES.get_or_init(|| vec![cut(PRETALX, 4), cut(SCHED.as_bytes(), 4), QUIRKY.to_vec()])
    }

    /// The same from the real exports.
    fn corpus_samples() -> &'static [Vec<u8>] {
        static SAMPLES: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
        SAMPLES.get_or_init(|| {
            vec![
                cut(common::corpus(REAL_PRETALX).as_bytes(), 4),
                cut(common::corpus(REAL_SCHED).as_bytes(), 4),
                QUIRKY.to_vec(),
            ]
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

    fn flip(sample: &[u8], flips: Vec<(prop::sample::Index, u8)>) {
        let mut bytes = sample.to_vec();
        for (index, byte) in flips {
            let i = index.index(bytes.len());
            bytes[i] = byte;
        }
        check(&bytes);
    }

    fn splice(sample: &[u8], edits: Vec<(prop::sample::Index, usize, usize)>) {
        let mut bytes = sample.to_vec();
        for (index, token, delete) in edits {
            let i = index.index(bytes.len());
            let end = (i + delete).min(bytes.len());
            bytes.splice(i..end, TOKENS[token].iter().copied());
        }
        check(&bytes);
    }

    fn truncate(sample: &[u8], at: prop::sample::Index) {
        check(&sample[..at.index(sample.len() + 1)]);
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 3000,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn byte_flips(which in 0usize..3, flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
            flip(&samples()[which], flips);
        }

        #[test]
        fn splices(which in 0usize..3, edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..TOKENS.len(), 0usize..4), 1..6)) {
            splice(&samples()[which], edits);
        }

        #[test]
        #[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
        fn corpus_byte_flips(which in 0usize..3, flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
            flip(&corpus_samples()[which], flips);
        }

        #[test]
        #[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
        fn corpus_splices(which in 0usize..3, edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..TOKENS.len(), 0usize..4), 1..6)) {
            splice(&corpus_samples()[which], edits);
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
            truncate(&samples()[which], at);
        }

        #[test]
        #[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
        fn corpus_truncations(which in 0usize..3, at in any::<prop::sample::Index>()) {
            truncate(&corpus_samples()[which], at);
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
