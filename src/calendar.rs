//! Calendar export: starred sessions as an RFC 5545 iCalendar file that any calendar application
//! can import, and re-import without duplicates.

use crate::favourites::Priority;
use crate::model::{ASSUMED_LENGTH_MINUTES, Schedule, Session, SessionId};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Longest content line, in octets, before the line break (RFC 5545 section 3.1).
const MAX_LINE_OCTETS: usize = 75;

/// The sessions as an iCalendar file (CRLF line ends), stamped with the system clock.
///
/// DTSTAMP says when the file was made, so it is the real clock even when the app runs with
/// `--now`; use `starred_ics_at` to choose it.
pub fn starred_ics(schedule: &Schedule, sessions: &[&Session]) -> String {
    starred_ics_at(schedule, sessions, Utc::now())
}

/// What a calendar of these sessions is called in the calendar app (X-WR-CALNAME): "KubeCon
/// …: starred sessions" for the stars, the conference's title for the whole schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CalendarName {
    Starred,
    Schedule,
}

/// The sessions as an iCalendar file named `name`, stamped with the system clock.
pub fn ics(schedule: &Schedule, sessions: &[&Session], name: CalendarName) -> String {
    ics_at(schedule, sessions, name, Utc::now())
}

/// The sessions as an iCalendar file (CRLF line ends) with DTSTAMP `stamp`.
///
/// One VEVENT per session, in the order given, with:
/// - UID `<conference id>/<session id>@hallway` (characters other than letters, digits and
///   `-._~` percent-encoded), the same on every export, so that importing again updates the
///   events instead of adding copies (among several schedules opened as one, the session's
///   own conference and id: the same UID as when its schedule is exported alone);
/// - DTSTART and DTEND in UTC; a session whose end is not known gets
///   `ASSUMED_LENGTH_MINUTES` and its DESCRIPTION says so;
/// - SUMMARY (title), LOCATION (room, when known), DESCRIPTION (subtitle, speakers, track,
///   abstract, links).
pub fn starred_ics_at(schedule: &Schedule, sessions: &[&Session], stamp: DateTime<Utc>) -> String {
    ics_at(schedule, sessions, CalendarName::Starred, stamp)
}

/// The sessions as an iCalendar file named `name`, with DTSTAMP `stamp` (see `starred_ics_at`).
pub fn ics_at(
    schedule: &Schedule,
    sessions: &[&Session],
    name: CalendarName,
    stamp: DateTime<Utc>,
) -> String {
    planned_ics_at(schedule, sessions, &PlanMarks::default(), name, stamp)
}

/// What the user added to the sessions, for the export: priorities and notes.
#[derive(Debug, Clone, Default)]
pub struct PlanMarks {
    pub priorities: BTreeMap<SessionId, Priority>,
    /// Note texts, by session id.
    pub notes: BTreeMap<SessionId, String>,
}

/// The sessions as an iCalendar file named `name` with the user's priorities and notes,
/// stamped with the system clock (see `planned_ics_at`).
pub fn planned_ics(
    schedule: &Schedule,
    sessions: &[&Session],
    marks: &PlanMarks,
    name: CalendarName,
) -> String {
    planned_ics_at(schedule, sessions, marks, name, Utc::now())
}

/// As `ics_at`, and each session's note opens its DESCRIPTION ("Note: …"); a must-see
/// session has PRIORITY 1 and CATEGORIES "must-see", a maybe PRIORITY 9 and CATEGORIES "maybe"
/// (RFC 5545: 1 is the highest, 9 the lowest).
pub fn planned_ics_at(
    schedule: &Schedule,
    sessions: &[&Session],
    marks: &PlanMarks,
    name: CalendarName,
    stamp: DateTime<Utc>,
) -> String {
    let conference = &schedule.conference;
    let calendar_name = match name {
        CalendarName::Starred => format!("{}: starred sessions", conference.title),
        CalendarName::Schedule => conference.title.clone(),
    };
    let mut out = String::new();
    let mut line = |text: String| push_folded(&mut out, &text);
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line(format!(
        "PRODID:-//hallway//hallway {}//EN",
        env!("CARGO_PKG_VERSION")
    ));
    line("CALSCALE:GREGORIAN".into());
    line(format!("X-WR-CALNAME:{}", escape_text(&calendar_name)));
    for session in sessions {
        line("BEGIN:VEVENT".into());
        // Among several schedules opened as one, the UID the session's own schedule gives it.
        let (conference_id, id) = match session.origin.as_deref() {
            Some(origin) => (origin.conference_id.as_str(), origin.id.0.as_str()),
            None => (conference.id.as_str(), session.id.0.as_str()),
        };
        line(format!("UID:{}", uid(conference_id, id)));
        line(format!("DTSTAMP:{}", utc(stamp)));
        line(format!("DTSTART:{}", utc(session.start.to_utc())));
        line(format!("DTEND:{}", utc(session.effective_end().to_utc())));
        line(format!("SUMMARY:{}", escape_text(&session.title)));
        if let Some(room) = &session.room {
            line(format!("LOCATION:{}", escape_text(&room.0)));
        }
        let mut text = description(session);
        if let Some(note) = marks.notes.get(&session.id) {
            text = if text.is_empty() {
                format!("Note: {note}")
            } else {
                format!("Note: {note}\n\n{text}")
            };
        }
        line(format!("DESCRIPTION:{}", escape_text(&text)));
        match marks.priorities.get(&session.id) {
            Some(Priority::Must) => {
                line("PRIORITY:1".into());
                line("CATEGORIES:must-see".into());
            }
            Some(Priority::Maybe) => {
                line("PRIORITY:9".into());
                line("CATEGORIES:maybe".into());
            }
            None => {}
        }
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

/// The event's description: what a person wants to read in the calendar entry.
fn description(session: &Session) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(subtitle) = session.subtitle.as_deref().filter(|s| !s.trim().is_empty()) {
        parts.push(subtitle.to_string());
    }
    if !session.speakers.is_empty() {
        let names: Vec<String> = session
            .speakers
            .iter()
            .map(|s| match &s.organisation {
                Some(org) if !org.trim().is_empty() => format!("{} ({org})", s.name),
                _ => s.name.clone(),
            })
            .collect();
        parts.push(format!("Speakers: {}", names.join(", ")));
    }
    if let Some(track) = &session.track {
        parts.push(format!("Track: {}", track.0));
    }
    if !session.abstract_text.trim().is_empty() {
        parts.push(session.abstract_text.trim().to_string());
    }
    for link in &session.links {
        match &link.title {
            Some(title) => parts.push(format!("{title}: {}", link.url)),
            None => parts.push(link.url.clone()),
        }
    }
    if session.end.is_none() {
        parts.push(format!(
            "The end time was not announced: {ASSUMED_LENGTH_MINUTES} minutes are assumed."
        ));
    }
    parts.join("\n\n")
}

/// A UTC date-time in iCalendar's form: `20240320T092500Z`.
fn utc(time: DateTime<Utc>) -> String {
    time.format("%Y%m%dT%H%M%SZ").to_string()
}

/// The stable UID of a session's event.
fn uid(conference_id: &str, session_id: &str) -> String {
    format!(
        "{}/{}@hallway",
        percent_encode(conference_id),
        percent_encode(session_id)
    )
}

/// Keeps ASCII letters, digits and `-._~`; writes every other UTF-8 byte as `%XX`. The `/`
/// between the two parts of a UID is always encoded inside them, so UIDs never collide.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// Escapes a TEXT value (RFC 5545 section 3.3.11): `\` `;` `,` and line breaks; other control
/// characters, which TEXT cannot hold, are dropped (a tab is kept).
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded so that no line is longer than 75 octets (a continuation
/// line starts with a space, which counts), never inside a UTF-8 character, each ended by CRLF.
fn push_folded(out: &mut String, line: &str) {
    let mut used = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if used + len > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Conference, Link, Room, SCHEDULE_FORMAT_VERSION, Speaker, Track};
    use icalendar::{CalendarComponent, CalendarDateTime, Component, DatePerhapsTime, EventLike};

    fn schedule() -> Schedule {
        let start = DateTime::parse_from_rfc3339("2024-03-20T10:25:00+01:00").unwrap();
        let long_abstract = "Ünïcödé ✓ ".repeat(40);
        let sessions = vec![
            Session {
                id: "s1;odd,id".into(),
                title: "Rust, C; and \"Zig\": a comparison\\contrast".into(),
                subtitle: Some("Which one, when?".into()),
                speakers: vec![
                    Speaker {
                        name: "Zoë Ölmez".into(),
                        organisation: Some("Société Générale, Paris".into()),
                    },
                    Speaker {
                        name: "李小龍".into(),
                        organisation: None,
                    },
                ],
                start,
                end: Some(start + chrono::Duration::minutes(35)),
                room: Some(Room("Salle Été; Niveau 2, Hall 7".into())),
                track: Some(Track("Languages".into())),
                kind: None,
                language: None,
                abstract_text: format!(
                    "First line.\nSecond line;\r\nthird, last.\n{long_abstract}"
                ),
                links: vec![Link {
                    url: "https://example.org/talk?a=1;b=2".into(),
                    title: Some("Slides".into()),
                }],
                origin: None,
            },
            Session {
                id: "s2".into(),
                title: "No end, no room".into(),
                subtitle: None,
                speakers: vec![],
                start: DateTime::parse_from_rfc3339("2024-03-21T23:50:00-05:00").unwrap(),
                end: None,
                room: None,
                track: None,
                kind: None,
                language: None,
                abstract_text: String::new(),
                links: vec![],
                origin: None,
            },
        ];
        Schedule {
            version: SCHEDULE_FORMAT_VERSION,
            conference: Conference {
                id: "kubecon-eu-2024".into(),
                title: "KubeCon, Europe".into(),
                time_zone: chrono_tz::Europe::Paris,
                city: None,
                venue: None,
                url: None,
                day_change: crate::model::default_day_change(),
            },
            sessions,
        }
    }

    fn stamp() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-29T14:00:00Z")
            .unwrap()
            .to_utc()
    }

    fn utc_of(value: Option<DatePerhapsTime>) -> DateTime<Utc> {
        match value {
            Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(t))) => t,
            other => panic!("not a UTC date-time: {other:?}"),
        }
    }

    #[test]
    fn lines_are_crlf_folded_at_75_octets_on_char_boundaries() {
        let s = schedule();
        let refs: Vec<&Session> = s.sessions.iter().collect();
        let ics = starred_ics_at(&s, &refs, stamp());
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        let bytes = ics.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' {
                assert!(i > 0 && bytes[i - 1] == b'\r', "bare LF at byte {i}");
            }
            if b == b'\r' {
                assert_eq!(bytes.get(i + 1), Some(&b'\n'), "bare CR at byte {i}");
            }
        }
        let mut folded = 0;
        for line in ics.split("\r\n") {
            assert!(
                line.len() <= MAX_LINE_OCTETS,
                "{} octets: {line}",
                line.len()
            );
            if line.starts_with(' ') {
                folded += 1;
            }
        }
        assert!(folded > 5, "the long description must fold");
        // Folding then unfolding gives back the exact line.
        let mut out = String::new();
        let long = format!("DESCRIPTION:{}", "é".repeat(100));
        push_folded(&mut out, &long);
        assert_eq!(out.trim_end().replace("\r\n ", ""), long);
        for line in out.split("\r\n") {
            assert!(line.len() <= MAX_LINE_OCTETS);
        }
    }

    #[test]
    fn a_real_parser_reads_every_field_back() {
        let s = schedule();
        let refs: Vec<&Session> = s.sessions.iter().collect();
        let ics = starred_ics_at(&s, &refs, stamp());
        let calendar: icalendar::Calendar = ics.parse().unwrap();
        assert_eq!(
            calendar.property_value("VERSION"),
            Some("2.0"),
            "{calendar:?}"
        );
        assert!(
            calendar
                .property_value("PRODID")
                .unwrap()
                .contains("hallway")
        );
        let events: Vec<&icalendar::Event> = calendar
            .components
            .iter()
            .filter_map(|c| match c {
                CalendarComponent::Event(e) => Some(e),
                _ => None,
            })
            .collect();
        assert_eq!(events.len(), 2);

        let (first, session) = (events[0], &s.sessions[0]);
        assert_eq!(first.get_summary(), Some(session.title.as_str()));
        assert_eq!(first.get_location(), Some("Salle Été; Niveau 2, Hall 7"));
        assert_eq!(
            first.get_uid(),
            Some("kubecon-eu-2024/s1%3Bodd%2Cid@hallway")
        );
        assert_eq!(first.get_timestamp(), Some(stamp()));
        assert_eq!(utc_of(first.get_start()), session.start.to_utc());
        assert_eq!(utc_of(first.get_end()), session.end.unwrap().to_utc());
        let description = first.get_description().unwrap();
        assert!(
            description.starts_with("Which one, when?\n\n"),
            "{description}"
        );
        assert!(
            description.contains(
                "Speakers: Zoë Ölmez (Société Générale, Paris), 李小龍\n\nTrack: Languages"
            )
        );
        assert!(description.contains("First line.\nSecond line;\nthird, last.\n"));
        assert!(description.contains(&"Ünïcödé ✓ ".repeat(40).trim_end().to_string()));
        assert!(description.ends_with("Slides: https://example.org/talk?a=1;b=2"));
        assert!(!description.contains("assumed"));

        let second = events[1];
        assert_eq!(second.get_summary(), Some("No end, no room"));
        assert_eq!(second.get_location(), None);
        assert_eq!(second.get_uid(), Some("kubecon-eu-2024/s2@hallway"));
        let start = utc_of(second.get_start());
        assert_eq!(start.to_rfc3339(), "2024-03-22T04:50:00+00:00");
        assert_eq!(
            utc_of(second.get_end()) - start,
            chrono::Duration::minutes(ASSUMED_LENGTH_MINUTES)
        );
        assert_eq!(
            second.get_description(),
            Some("The end time was not announced: 30 minutes are assumed.")
        );
    }

    #[test]
    fn the_uid_is_stable_across_exports() {
        let s = schedule();
        let one = starred_ics_at(&s, &[&s.sessions[1]], stamp());
        let two = starred_ics(&s, &[&s.sessions[0], &s.sessions[1]]);
        let uid = "UID:kubecon-eu-2024/s2@hallway\r\n";
        assert!(one.contains(uid) && two.contains(uid));
        assert_ne!(uid_of("a/b", "c"), uid_of("a", "b/c"));
    }

    fn uid_of(conference: &str, session: &str) -> String {
        uid(conference, session)
    }

    #[test]
    fn text_escaping() {
        let cases = [
            ("plain", "plain"),
            ("a,b;c\\d", "a\\,b\\;c\\\\d"),
            ("one\ntwo\r\nthree\rfour", "one\\ntwo\\nthree\\nfour"),
            ("tab\there", "tab\there"),
            ("bell\u{7}esc\u{1b}[31m", "bellesc[31m"),
            ("colon: \"quoted\"", "colon: \"quoted\""),
        ];
        for (input, escaped) in cases {
            assert_eq!(escape_text(input), escaped, "{input:?}");
        }
    }

    #[test]
    fn an_empty_selection_is_still_a_calendar() {
        let s = schedule();
        let ics = starred_ics_at(&s, &[], stamp());
        let calendar: icalendar::Calendar = ics.parse().unwrap();
        assert!(calendar.components.is_empty());
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    }
}
