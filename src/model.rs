//! The schedule model: a conference and its sessions, as plain data with no I/O.
//!
//! This is also hallway's native RON format (see docs/schedule-format.md): the structs below
//! serialise one to one, so an imported schedule is stored exactly as it is held in memory.

use crate::text::quote;
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;

/// The version of the RON schedule format this build reads and writes.
pub const SCHEDULE_FORMAT_VERSION: u32 = 1;

/// How long a session without a known end is assumed to last where a computation needs an end
/// (what is on now, overlaps). It is never shown as if it were known.
pub const ASSUMED_LENGTH_MINUTES: i64 = 30;

/// A whole conference programme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Schedule {
    /// Format version, so that a file from a newer hallway is refused instead of misread.
    pub version: u32,
    pub conference: Conference,
    #[serde(default)]
    pub sessions: Vec<Session>,
}

/// The conference itself: what it is called, where and in which time zone it happens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conference {
    /// Stable identifier, used to keep each conference's stars apart (`kubecon-eu-2024`).
    pub id: String,
    pub title: String,
    /// The IANA zone the conference happens in; every wall-clock time is shown in it by default.
    pub time_zone: Tz,
    #[serde(default)]
    pub city: Option<String>,
    #[serde(default)]
    pub venue: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    /// Local time at which one conference day ends and the next begins, so that a 00:30 party
    /// belongs to the evening before.
    #[serde(default = "default_day_change", with = "hh_mm")]
    pub day_change: NaiveTime,
}

/// The usual day change: 04:00 local (pretalx's choice, and late enough for any party).
pub fn default_day_change() -> NaiveTime {
    NaiveTime::from_hms_opt(4, 0, 0).unwrap_or(NaiveTime::MIN)
}

/// A session's stable identifier within its schedule; stars are keyed by it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SessionId(pub String);

impl fmt::Display for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for SessionId {
    fn from(value: &str) -> Self {
        SessionId(value.to_string())
    }
}

/// A room as the schedule names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Room(pub String);

/// A track (topic stream) as the schedule names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Track(pub String);

/// A person presenting a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    pub name: String,
    #[serde(default)]
    pub organisation: Option<String>,
}

/// A link attached to a session (its page, slides, a recording).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub url: String,
    #[serde(default)]
    pub title: Option<String>,
}

/// One entry of the programme: a talk, keynote, workshop, break, party.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub id: SessionId,
    pub title: String,
    #[serde(default)]
    pub subtitle: Option<String>,
    #[serde(default)]
    pub speakers: Vec<Speaker>,
    /// The start as an instant; the offset is kept as the source wrote it.
    pub start: DateTime<FixedOffset>,
    /// The end, when the schedule says it; `None` is shown as unknown.
    #[serde(default)]
    pub end: Option<DateTime<FixedOffset>>,
    #[serde(default)]
    pub room: Option<Room>,
    #[serde(default)]
    pub track: Option<Track>,
    /// What sort of session this is, lower case as the source names it (`keynote`, `talk`).
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default, rename = "abstract")]
    pub abstract_text: String,
    #[serde(default)]
    pub links: Vec<Link>,
    /// Where the session comes from when several schedules are open as one; `None` for a
    /// schedule on its own (and in every stored copy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Box<Origin>>,
}

/// The source of a session among several schedules opened as one (see `combine`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// The source's short label: its library name, or the file's stem.
    pub label: String,
    /// The session's id in its own schedule, which its stars and marks are keyed by there.
    pub id: SessionId,
    /// Its own schedule's conference id (with `id`, what its calendar UID is made of).
    pub conference_id: String,
    /// The source's day-change hour, which decides the session's day.
    #[serde(with = "hh_mm")]
    pub day_change: NaiveTime,
    /// The other sources that list the same session (merged into this one): label, id there.
    #[serde(default)]
    pub also: Vec<(String, SessionId)>,
}

impl Session {
    /// The label of the schedule the session comes from, when several are open as one.
    pub fn source(&self) -> Option<&str> {
        self.origin.as_deref().map(|o| o.label.as_str())
    }

    /// The end to use in computations: the known end, or the start plus the assumed length.
    pub fn effective_end(&self) -> DateTime<FixedOffset> {
        self.end
            .unwrap_or(self.start + Duration::minutes(ASSUMED_LENGTH_MINUTES))
    }

    /// Length in minutes when the end is known.
    pub fn minutes(&self) -> Option<i64> {
        self.end.map(|end| (end - self.start).num_minutes())
    }

    /// Whether the session is over at `now` (with the assumed length when the end is unknown).
    pub fn is_past(&self, now: DateTime<Utc>) -> bool {
        self.effective_end() <= now
    }

    /// Whether the session is running at `now`.
    pub fn is_on_at(&self, now: DateTime<Utc>) -> bool {
        self.start <= now && now < self.effective_end()
    }

    /// The session's own page: the first link without a label (importers store the page
    /// that way, before labelled links such as slides or a recording).
    pub fn url(&self) -> Option<&str> {
        self.links
            .iter()
            .find(|link| link.title.is_none())
            .map(|link| link.url.as_str())
    }

    /// Speaker names joined for display: "Ada Lovelace, Grace Hopper".
    pub fn speaker_names(&self) -> String {
        let names: Vec<&str> = self.speakers.iter().map(|s| s.name.as_str()).collect();
        names.join(", ")
    }

    /// Whether two sessions overlap in time (touching ends do not overlap).
    pub fn overlaps(&self, other: &Session) -> bool {
        self.start < other.effective_end() && other.start < self.effective_end()
    }
}

/// One conference day: its local date and its sessions in timeline order.
#[derive(Debug, Clone, PartialEq)]
pub struct Day {
    pub date: NaiveDate,
    /// Indices into `Schedule::sessions`, ordered by start, then room, then title.
    pub sessions: Vec<usize>,
}

impl Schedule {
    /// The conference day a session belongs to: its conference-local date, where times before
    /// the day-change hour count as the evening before.
    /// Among several schedules opened as one, the session's own source's hour decides.
    pub fn day_of(&self, session: &Session) -> NaiveDate {
        let day_change = session
            .origin
            .as_ref()
            .map_or(self.conference.day_change, |o| o.day_change);
        crate::time::conference_day(session.start, self.conference.time_zone, day_change)
    }

    /// The days that have sessions, in date order, each with its sessions in timeline order.
    pub fn days(&self) -> Vec<Day> {
        // By day, start, room, title and place in the schedule. The rooms are ranked once, and
        // the day, start and room rank sorted on as numbers: at 100,000 sessions, comparing
        // the sessions themselves took a tenth of the app's start-up.
        // Sessions of a room often come one after another: a room is looked up when it
        // changes, not for every session.
        let mut ids: HashMap<Option<&str>, u32> = HashMap::new();
        let mut distinct: Vec<Option<&str>> = Vec::new();
        let mut previous: Option<(Option<&str>, u32)> = None;
        let mut room_ids: Vec<u32> = Vec::with_capacity(self.sessions.len());
        for s in &self.sessions {
            let room = s.room.as_ref().map(|r| r.0.as_str());
            let id = match previous {
                Some((last, id)) if last == room => id,
                _ => {
                    let id = *ids.entry(room).or_insert_with(|| {
                        distinct.push(room);
                        (distinct.len() - 1) as u32
                    });
                    previous = Some((room, id));
                    id
                }
            };
            room_ids.push(id);
        }
        let mut by_name: Vec<u32> = (0..distinct.len() as u32).collect();
        by_name.sort_unstable_by_key(|&id| distinct[id as usize]);
        let mut rank = vec![0u32; distinct.len()];
        for (r, &id) in by_name.iter().enumerate() {
            rank[id as usize] = r as u32;
        }
        let mut dated: Vec<(NaiveDate, i64, u32, u32, usize)> = self
            .sessions
            .iter()
            .enumerate()
            .map(|(i, s)| {
                (
                    self.day_of(s),
                    s.start.timestamp(),
                    s.start.timestamp_subsec_nanos(),
                    rank[room_ids[i] as usize],
                    i,
                )
            })
            .collect();
        dated.sort_unstable_by(|a, b| {
            (a.0, a.1, a.2, a.3)
                .cmp(&(b.0, b.1, b.2, b.3))
                .then_with(|| self.sessions[a.4].title.cmp(&self.sessions[b.4].title))
                .then(a.4.cmp(&b.4))
        });
        let mut days: Vec<Day> = Vec::new();
        for (date, _, _, _, index) in dated {
            match days.last_mut() {
                Some(day) if day.date == date => day.sessions.push(index),
                _ => days.push(Day {
                    date,
                    sessions: vec![index],
                }),
            }
        }
        days
    }

    /// The session with this id, if any.
    pub fn session(&self, id: &SessionId) -> Option<&Session> {
        self.sessions.iter().find(|s| &s.id == id)
    }

    /// Checks what the types cannot: a known version, unique ids, no session ending before
    /// it starts, no empty titles. Returns every problem found, naming the sessions.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.version != SCHEDULE_FORMAT_VERSION {
            problems.push(format!(
                "version {} is not supported (this hallway reads version {})",
                self.version, SCHEDULE_FORMAT_VERSION
            ));
        }
        let mut seen = std::collections::HashSet::new();
        for session in &self.sessions {
            if session.id.0.trim().is_empty() {
                problems.push(format!(
                    "session '{}' has an empty id",
                    quote(&session.title)
                ));
            } else if !seen.insert(&session.id) {
                problems.push(format!(
                    "session id '{}' is used more than once",
                    quote(&session.id.0)
                ));
            }
            if session.title.trim().is_empty() {
                problems.push(format!(
                    "session '{}' has an empty title",
                    quote(&session.id.0)
                ));
            }
            if let Some(end) = session.end
                && end < session.start
            {
                problems.push(format!(
                    "session '{}' ends ({}) before it starts ({})",
                    quote(&session.id.0),
                    end.to_rfc3339(),
                    session.start.to_rfc3339()
                ));
            }
        }
        problems
    }
}

/// Serde helper for a wall-clock time written as "HH:MM".
pub mod hh_mm {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(time: &NaiveTime, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&time.format("%H:%M").to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveTime, D::Error> {
        let text = String::deserialize(deserializer)?;
        NaiveTime::parse_from_str(&text, "%H:%M").map_err(|_| {
            D::Error::custom(format!("time '{}' is not HH:MM", crate::text::quote(&text)))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    fn session(id: &str, start: &str, end: Option<&str>) -> Session {
        Session {
            id: id.into(),
            title: format!("Session {id}"),
            subtitle: None,
            speakers: vec![],
            start: at(start),
            end: end.map(at),
            room: None,
            track: None,
            kind: None,
            language: None,
            abstract_text: String::new(),
            links: vec![],
            origin: None,
        }
    }

    fn schedule(sessions: Vec<Session>) -> Schedule {
        Schedule {
            version: SCHEDULE_FORMAT_VERSION,
            conference: Conference {
                id: "test".into(),
                title: "Test".into(),
                time_zone: chrono_tz::Europe::Paris,
                city: None,
                venue: None,
                url: None,
                day_change: default_day_change(),
            },
            sessions,
        }
    }

    #[test]
    fn unknown_end_assumes_thirty_minutes_only_for_computation() {
        let s = session("a", "2024-03-20T10:00:00+01:00", None);
        assert_eq!(s.end, None);
        assert_eq!(s.minutes(), None);
        assert_eq!(s.effective_end(), at("2024-03-20T10:30:00+01:00"));
        assert!(s.is_on_at(at("2024-03-20T10:29:00+01:00").to_utc()));
        assert!(s.is_past(at("2024-03-20T10:30:00+01:00").to_utc()));
    }

    #[test]
    fn overlap_ignores_touching_ends() {
        let a = session(
            "a",
            "2024-03-20T10:00:00+01:00",
            Some("2024-03-20T11:00:00+01:00"),
        );
        let b = session("b", "2024-03-20T11:00:00+01:00", None);
        let c = session("c", "2024-03-20T10:59:00+01:00", None);
        assert!(!a.overlaps(&b));
        assert!(a.overlaps(&c));
        assert!(c.overlaps(&b));
    }

    #[test]
    fn days_group_by_local_date_and_sort_by_start() {
        let s = schedule(vec![
            session("late", "2024-03-20T18:00:00+01:00", None),
            session("early", "2024-03-20T09:00:00+01:00", None),
            // 00:30 belongs to the evening before.
            session("party", "2024-03-21T00:30:00+01:00", None),
            session("next", "2024-03-21T09:00:00+01:00", None),
        ]);
        let days = s.days();
        assert_eq!(days.len(), 2);
        assert_eq!(days[0].date, NaiveDate::from_ymd_opt(2024, 3, 20).unwrap());
        let ids: Vec<&str> = days[0]
            .sessions
            .iter()
            .map(|&i| s.sessions[i].id.0.as_str())
            .collect();
        assert_eq!(ids, ["early", "late", "party"]);
        assert_eq!(days[1].sessions, vec![3]);
    }

    #[test]
    fn sessions_starting_together_are_in_room_then_title_order() {
        let mut sessions = Vec::new();
        // Rooms coming back after others, no room, the same room and title twice, offsets.
        let rooms = [
            Some("B"),
            Some("A"),
            None,
            Some("B"),
            Some("Ä"),
            Some("A"),
            None,
        ];
        let titles = ["z", "y", "x", "a", "m", "y", "b"];
        for (i, (room, title)) in rooms.iter().zip(titles).enumerate() {
            for start in ["2024-03-20T10:00:00+01:00", "2024-03-20T09:00:00+00:00"] {
                let mut s = session(&format!("s{i}{}", start.len()), start, None);
                s.room = room.map(|r| Room(r.to_string()));
                s.title = title.to_string();
                sessions.push(s);
            }
        }
        let s = schedule(sessions);
        let order: Vec<usize> = s.days().iter().flat_map(|d| d.sessions.clone()).collect();
        let mut expected: Vec<usize> = (0..s.sessions.len()).collect();
        expected.sort_by(|&a, &b| {
            let (sa, sb) = (&s.sessions[a], &s.sessions[b]);
            sa.start
                .cmp(&sb.start)
                .then_with(|| sa.room.cmp(&sb.room))
                .then_with(|| sa.title.cmp(&sb.title))
                .then(a.cmp(&b))
        });
        assert_eq!(order, expected);
        let first: Vec<(Option<&str>, &str)> = order[..4]
            .iter()
            .map(|&i| {
                let x = &s.sessions[i];
                (x.room.as_ref().map(|r| r.0.as_str()), x.title.as_str())
            })
            .collect();
        // 09:00 UTC is 10:00 in Paris: each twice, by title with no room first.
        assert_eq!(first, [(None, "b"), (None, "b"), (None, "x"), (None, "x")]);
        let rooms: Vec<Option<&str>> = order
            .iter()
            .map(|&i| s.sessions[i].room.as_ref().map(|r| r.0.as_str()))
            .collect();
        assert!(rooms.is_sorted(), "{rooms:?}");
    }

    #[test]
    fn problems_name_repeated_ids_and_backwards_sessions() {
        let s = schedule(vec![
            session(
                "a",
                "2024-03-20T10:00:00+01:00",
                Some("2024-03-20T09:00:00+01:00"),
            ),
            session("a", "2024-03-20T11:00:00+01:00", None),
        ]);
        let problems = s.problems();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("'a' ends"));
        assert!(problems[1].contains("'a' is used more than once"));
    }
}
