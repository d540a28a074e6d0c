//! What changed between two versions of a schedule (new, cancelled, moved and retitled
//! sessions), how a session is recognised when its id changed, and the marks that remember, for
//! the app, what the last update changed. Pure: no I/O, no clock.

use crate::model::{Room, Schedule, Session, SessionId};
use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Title and speakers with case and spacing ignored: how a session is recognised when its id
/// changed (by a schedule update, and by a star whose id is gone).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct MatchKey {
    title: String,
    speakers: Vec<String>,
}

impl MatchKey {
    /// The key of a title and speaker names (their order does not matter).
    pub fn new<'a>(title: &str, speakers: impl Iterator<Item = &'a str>) -> MatchKey {
        let mut speakers: Vec<String> = speakers.map(normalise).filter(|s| !s.is_empty()).collect();
        speakers.sort();
        MatchKey {
            title: normalise(title),
            speakers,
        }
    }

    /// The key of a session.
    pub fn of_session(session: &Session) -> MatchKey {
        MatchKey::new(
            &session.title,
            session.speakers.iter().map(|s| s.name.as_str()),
        )
    }
}

/// Lower case, words joined by single spaces; one allocation (the bench of `diff` with every id
/// changed spends most of its time here).
fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        if word.is_ascii() {
            let start = out.len();
            out.push_str(word);
            out[start..].make_ascii_lowercase();
        } else {
            out.extend(word.chars().flat_map(char::to_lowercase));
        }
    }
    out
}

/// Among sessions with the same `MatchKey`, the one that a session (or star) last seen at
/// `start` in `room` most likely became: the one starting closest to it, then one in the same
/// room, then the first.
pub fn closest<'a>(
    candidates: impl Iterator<Item = &'a Session>,
    start: DateTime<FixedOffset>,
    room: Option<&str>,
) -> Option<&'a Session> {
    candidates.min_by_key(|s| {
        (
            (s.start - start).num_seconds().unsigned_abs(),
            s.room.as_ref().map(|r| r.0.as_str()) != room,
        )
    })
}

/// A session's start and room at one moment: where to find it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    /// The start, with the offset the source gave.
    pub start: DateTime<FixedOffset>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room: Option<Room>,
}

impl Slot {
    /// The slot a session is in.
    pub fn of(session: &Session) -> Slot {
        Slot {
            start: session.start,
            room: session.room.clone(),
        }
    }
}

/// A session that moved: where it was and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    pub from: Slot,
    pub to: Slot,
}

impl Moved {
    /// Whether the start changed.
    pub fn time_changed(&self) -> bool {
        self.from.start != self.to.start
    }

    /// Whether the room changed.
    pub fn room_changed(&self) -> bool {
        self.from.room != self.to.room
    }
}

/// What happened to one session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// It is in the new schedule only.
    New,
    /// It is in the old schedule only.
    Cancelled,
    /// It is in both and moved, was retitled, or both (at least one is `Some`).
    Changed {
        moved: Option<Moved>,
        /// The title it had before.
        retitled_from: Option<String>,
    },
}

/// One session changed by an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Its id in the old schedule (`None` for a new session).
    pub old_id: Option<SessionId>,
    /// Its id in the new schedule (`None` for a cancelled session).
    pub id: Option<SessionId>,
    /// Its title: the new one, or the last one for a cancelled session.
    pub title: String,
    /// Where it is now, or was for a cancelled session.
    pub slot: Slot,
    pub kind: Kind,
}

impl Change {
    /// The word for the kind of change, as the report prints it: "new", "cancelled", "moved",
    /// "retitled" (a session both moved and retitled is "moved").
    pub fn label(&self) -> &'static str {
        match &self.kind {
            Kind::New => "new",
            Kind::Cancelled => "cancelled",
            Kind::Changed { moved: Some(_), .. } => "moved",
            Kind::Changed { .. } => "retitled",
        }
    }

    /// Where it was before it moved, and what it was called before: each `None` unless so.
    pub fn moved_and_retitled(&self) -> (Option<&Moved>, Option<&str>) {
        match &self.kind {
            Kind::Changed {
                moved,
                retitled_from,
            } => (moved.as_ref(), retitled_from.as_deref()),
            Kind::New | Kind::Cancelled => (None, None),
        }
    }
}

/// Everything that changed between two versions of a schedule.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Changes {
    /// The changed sessions, in time order (start, then room, then title, then id); a
    /// cancelled session is placed where it was.
    pub changes: Vec<Change>,
    /// Sessions whose id changed but that were recognised by title and speakers:
    /// `(old id, new id)`, changed or not, in old-id order.
    pub rekeyed: Vec<(SessionId, SessionId)>,
}

impl Changes {
    /// Whether nothing changed (ids aside).
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// How many sessions changed.
    pub fn len(&self) -> usize {
        self.changes.len()
    }
}

/// Compares two versions of a schedule. Sessions are matched by id; a session whose id
/// vanished is then matched, among the sessions whose id appeared, by title and speakers
/// (`MatchKey`, the rule stars follow, and `closest` among several). A matched session is
/// reported when its start or room (moved) or its title (retitled) changed; other edits
/// (abstract, end, speakers' organisations) are not reported. The unmatched are cancelled or new.
pub fn diff(old: &Schedule, new: &Schedule) -> Changes {
    let new_by_id: HashMap<&SessionId, &Session> =
        new.sessions.iter().map(|s| (&s.id, s)).collect();
    let old_ids: HashSet<&SessionId> = old.sessions.iter().map(|s| &s.id).collect();
    let mut pairs: Vec<(&Session, &Session)> = Vec::with_capacity(new.sessions.len());
    let mut vanished: Vec<&Session> = Vec::new();
    for session in &old.sessions {
        match new_by_id.get(&session.id) {
            Some(now) => pairs.push((session, now)),
            None => vanished.push(session),
        }
    }
    let appeared: Vec<&Session> = new
        .sessions
        .iter()
        .filter(|s| !old_ids.contains(&s.id))
        .collect();
    let mut rekeyed = Vec::new();
    let mut cancelled = Vec::new();
    let mut claimed: HashSet<&SessionId> = HashSet::new();
    if !vanished.is_empty() && !appeared.is_empty() {
        let mut by_key: HashMap<MatchKey, Vec<&Session>> = HashMap::new();
        for &session in &appeared {
            by_key
                .entry(MatchKey::of_session(session))
                .or_default()
                .push(session);
        }
        for session in vanished {
            let candidates = by_key
                .get(&MatchKey::of_session(session))
                .into_iter()
                .flatten()
                .copied()
                .filter(|s| !claimed.contains(&s.id));
            let room = session.room.as_ref().map(|r| r.0.as_str());
            match closest(candidates, session.start, room) {
                Some(now) => {
                    claimed.insert(&now.id);
                    rekeyed.push((session.id.clone(), now.id.clone()));
                    pairs.push((session, now));
                }
                None => cancelled.push(session),
            }
        }
    } else {
        cancelled = vanished;
    }

    let mut changes = Vec::new();
    for (before, after) in pairs {
        let moved = (before.start != after.start || before.room != after.room).then(|| Moved {
            from: Slot::of(before),
            to: Slot::of(after),
        });
        let retitled_from = (before.title != after.title).then(|| before.title.clone());
        if moved.is_some() || retitled_from.is_some() {
            changes.push(Change {
                old_id: Some(before.id.clone()),
                id: Some(after.id.clone()),
                title: after.title.clone(),
                slot: Slot::of(after),
                kind: Kind::Changed {
                    moved,
                    retitled_from,
                },
            });
        }
    }
    for session in cancelled {
        changes.push(Change {
            old_id: Some(session.id.clone()),
            id: None,
            title: session.title.clone(),
            slot: Slot::of(session),
            kind: Kind::Cancelled,
        });
    }
    for session in appeared.into_iter().filter(|s| !claimed.contains(&s.id)) {
        changes.push(Change {
            old_id: None,
            id: Some(session.id.clone()),
            title: session.title.clone(),
            slot: Slot::of(session),
            kind: Kind::New,
        });
    }
    changes.sort_by(|a, b| {
        a.slot
            .start
            .cmp(&b.slot.start)
            .then_with(|| a.slot.room.cmp(&b.slot.room))
            .then_with(|| a.title.cmp(&b.title))
            .then_with(|| a.id.cmp(&b.id))
            .then_with(|| a.old_id.cmp(&b.old_id))
    });
    rekeyed.sort();
    Changes { changes, rekeyed }
}

/// What the app shows on a session changed by an update until it has been looked at: that it
/// is new, where it was before it moved, what it was called before. Kept per session id in the
/// library (`library::marks`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    /// The session was not in the schedule before.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub new: bool,
    /// Where it was before it moved (as last seen: after several updates, before the first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved_from: Option<Slot>,
    /// Its title before it was retitled (as last seen).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retitled_from: Option<String>,
}

impl Mark {
    /// The mark a change leaves on its session; `None` for a cancelled one (nothing to mark).
    pub fn of(change: &Change, zone: Tz) -> Option<Mark> {
        match &change.kind {
            Kind::Cancelled => None,
            Kind::New => Some(Mark {
                new: true,
                moved_from: None,
                retitled_from: None,
            }),
            Kind::Changed {
                moved,
                retitled_from,
            } => Some(Mark {
                new: false,
                moved_from: moved.as_ref().map(|m| Slot {
                    // Kept in the conference's zone, so `describe` needs none.
                    start: m.from.start.with_timezone(&zone).fixed_offset(),
                    room: m.from.room.clone(),
                }),
                retitled_from: retitled_from.clone(),
            }),
        }
    }

    /// Adds a newer mark of the same session to this older one. What the user last saw is what
    /// the older mark remembers: a session new since then stays new, and "moved from" and "was
    /// called" keep the older values. (`still_true` then drops what is back as the user saw it.)
    pub fn then(self, newer: Mark) -> Mark {
        Mark {
            new: self.new || newer.new,
            moved_from: self.moved_from.or(newer.moved_from),
            retitled_from: self.retitled_from.or(newer.retitled_from),
        }
    }

    /// This mark without what is no longer a change on `session` (moved back, renamed back);
    /// `None` when nothing is left.
    pub fn still_true(mut self, session: &Session) -> Option<Mark> {
        if self
            .moved_from
            .as_ref()
            .is_some_and(|from| from.start == session.start && from.room == session.room)
        {
            self.moved_from = None;
        }
        if self.retitled_from.as_deref() == Some(session.title.as_str()) {
            self.retitled_from = None;
        }
        if self.new {
            // New to the user: what it was called or where it was before does not matter.
            self.moved_from = None;
            self.retitled_from = None;
        }
        (self.new || self.moved_from.is_some() || self.retitled_from.is_some()).then_some(self)
    }

    /// One or two words for a timeline row: "new", "moved", "retitled", "moved, retitled".
    pub fn label(&self) -> &'static str {
        match (
            self.new,
            self.moved_from.is_some(),
            self.retitled_from.is_some(),
        ) {
            (true, _, _) => "new",
            (false, true, true) => "moved, retitled",
            (false, true, false) => "moved",
            (false, false, _) => "retitled",
        }
    }

    /// One line for a detail pane: "new", "moved from Sat 10:30, H.2215",
    /// "retitled (was 'Old title')", or both of the last two joined by "; ". Times are the
    /// conference's wall clock.
    pub fn describe(&self) -> String {
        self.describe_at(|start| start.format("%a %H:%M").to_string())
    }

    /// `describe` with the old time in `zone` (the zone the app shows times in).
    pub fn describe_in(&self, zone: Tz) -> String {
        self.describe_at(|start| start.with_timezone(&zone).format("%a %H:%M").to_string())
    }

    fn describe_at(&self, time: impl Fn(DateTime<FixedOffset>) -> String) -> String {
        if self.new {
            return "new".to_string();
        }
        let mut parts = Vec::new();
        if let Some(from) = &self.moved_from {
            let room = from.room.as_ref().map_or("no room", |r| r.0.as_str());
            parts.push(format!("moved from {}, {room}", time(from.start)));
        }
        if let Some(title) = &self.retitled_from {
            parts.push(format!("retitled (was '{title}')"));
        }
        parts.join("; ")
    }
}

/// The marks after an update: the earlier marks (keyed by the old ids) carried to the sessions'
/// new ids and combined with the marks of this update's changes (`Mark::then`); marks of
/// sessions no longer in `new` are dropped.
pub fn merge_marks(
    earlier: BTreeMap<SessionId, Mark>,
    changes: &Changes,
    new: &Schedule,
) -> BTreeMap<SessionId, Mark> {
    let zone = new.conference.time_zone;
    let by_id: HashMap<&SessionId, &Session> = new.sessions.iter().map(|s| (&s.id, s)).collect();
    let renamed: HashMap<&SessionId, &SessionId> = changes
        .rekeyed
        .iter()
        .map(|(old, new)| (old, new))
        .collect();
    let mut marks: BTreeMap<SessionId, Mark> = BTreeMap::new();
    for (id, mark) in earlier {
        let id = renamed.get(&id).map_or(id, |&new| new.clone());
        if by_id.contains_key(&id) {
            marks.insert(id, mark);
        }
    }
    for change in &changes.changes {
        if let (Some(id), Some(mark)) = (&change.id, Mark::of(change, zone)) {
            let merged = match marks.remove(id) {
                Some(older) => older.then(mark),
                None => mark,
            };
            marks.insert(id.clone(), merged);
        }
    }
    marks
        .into_iter()
        .filter_map(|(id, mark)| {
            let mark = mark.still_true(by_id.get(&id)?)?;
            Some((id, mark))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Conference, SCHEDULE_FORMAT_VERSION, Speaker, default_day_change};

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    fn session(id: &str, title: &str, start: &str, room: &str) -> Session {
        Session {
            id: id.into(),
            title: title.into(),
            subtitle: None,
            speakers: vec![Speaker {
                name: format!("Speaker of {title}"),
                organisation: None,
            }],
            start: at(start),
            end: None,
            room: Some(Room(room.into())),
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
                id: "conf".into(),
                title: "Conf".into(),
                time_zone: chrono_tz::Europe::Brussels,
                city: None,
                venue: None,
                url: None,
                day_change: default_day_change(),
            },
            sessions,
        }
    }

    const T10: &str = "2025-02-01T10:00:00+01:00";
    const T11: &str = "2025-02-01T11:00:00+01:00";
    const T12: &str = "2025-02-01T12:00:00+01:00";

    fn base() -> Vec<Session> {
        vec![
            session("a", "Alpha", T10, "H.2215"),
            session("b", "Beta", T11, "H.2215"),
            session("c", "Gamma", T12, "K.1.105"),
        ]
    }

    /// Each case: how the new schedule differs from `base`, and the changes as
    /// (label, old id, new id, title).
    type Case = (
        &'static str,
        fn(&mut Vec<Session>),
        &'static [(
            &'static str,
            Option<&'static str>,
            Option<&'static str>,
            &'static str,
        )],
    );

    #[test]
    fn diff_table() {
        let cases: &[Case] = &[
            ("nothing", |_| {}, &[]),
            (
                "abstract and end are not reported",
                |s| {
                    s[0].abstract_text = "more".into();
                    s[0].end = Some(at(T11));
                },
                &[],
            ),
            (
                "retitled",
                |s| s[1].title = "Beta, revised".into(),
                &[("retitled", Some("b"), Some("b"), "Beta, revised")],
            ),
            (
                "moved in time",
                |s| s[0].start = at("2025-02-01T10:30:00+01:00"),
                &[("moved", Some("a"), Some("a"), "Alpha")],
            ),
            (
                "moved in room",
                |s| s[2].room = Some(Room("Janson".into())),
                &[("moved", Some("c"), Some("c"), "Gamma")],
            ),
            (
                "room dropped",
                |s| s[2].room = None,
                &[("moved", Some("c"), Some("c"), "Gamma")],
            ),
            (
                "same instant, other offset: not moved",
                |s| s[0].start = at("2025-02-01T09:00:00Z"),
                &[],
            ),
            (
                "moved and retitled",
                |s| {
                    s[0].start = at(T12);
                    s[0].title = "Alpha 2".into();
                },
                &[("moved", Some("a"), Some("a"), "Alpha 2")],
            ),
            (
                "cancelled",
                |s| {
                    s.remove(1);
                },
                &[("cancelled", Some("b"), None, "Beta")],
            ),
            (
                "new",
                |s| s.push(session("d", "Delta", T10, "Janson")),
                &[("new", None, Some("d"), "Delta")],
            ),
            (
                "new id, same title and speakers: the same session, unchanged",
                |s| s[1].id = "b2".into(),
                &[],
            ),
            (
                "new id, case and spacing differ: the same session, retitled",
                |s| {
                    s[1].id = "b2".into();
                    s[1].title = "  BETA ".into();
                },
                &[("retitled", Some("b"), Some("b2"), "  BETA ")],
            ),
            (
                "new id and moved",
                |s| {
                    s[1].id = "b2".into();
                    s[1].room = Some(Room("Janson".into()));
                },
                &[("moved", Some("b"), Some("b2"), "Beta")],
            ),
            (
                "new id and another title: cancelled and new",
                |s| {
                    s[1].id = "b2".into();
                    s[1].title = "Epsilon".into();
                },
                &[
                    ("cancelled", Some("b"), None, "Beta"),
                    ("new", None, Some("b2"), "Epsilon"),
                ],
            ),
            (
                "a new session with an old session's title and speakers under its own id",
                |s| {
                    let mut copy = s[0].clone();
                    copy.id = "a-again".into();
                    copy.start = at(T12);
                    s.push(copy);
                },
                &[("new", None, Some("a-again"), "Alpha")],
            ),
            (
                "everything at once, in time order",
                |s| {
                    s[0].title = "Alpha!".into();
                    s[1].start = at(T12);
                    s.remove(2);
                    s.push(session("d", "Delta", "2025-02-01T09:00:00+01:00", "Janson"));
                },
                &[
                    ("new", None, Some("d"), "Delta"),
                    ("retitled", Some("a"), Some("a"), "Alpha!"),
                    // Both at 12:00: H.2215 before K.1.105.
                    ("moved", Some("b"), Some("b"), "Beta"),
                    ("cancelled", Some("c"), None, "Gamma"),
                ],
            ),
        ];
        for (name, edit, expected) in cases {
            let old = schedule(base());
            let mut sessions = base();
            edit(&mut sessions);
            let new = schedule(sessions);
            let changes = diff(&old, &new);
            let got: Vec<(&str, Option<&str>, Option<&str>, &str)> = changes
                .changes
                .iter()
                .map(|c| {
                    (
                        c.label(),
                        c.old_id.as_ref().map(|i| i.0.as_str()),
                        c.id.as_ref().map(|i| i.0.as_str()),
                        c.title.as_str(),
                    )
                })
                .collect();
            assert_eq!(got, *expected, "{name}");
            // Nothing changed the other way round either, and the diff is symmetric in size.
            assert_eq!(diff(&new, &old).len(), changes.len(), "{name} reversed");
        }
    }

    #[test]
    fn moves_say_from_and_to() {
        let old = schedule(base());
        let mut sessions = base();
        sessions[0].start = at(T11);
        sessions[0].room = Some(Room("Janson".into()));
        sessions[0].title = "Alpha 2".into();
        let changes = diff(&old, &schedule(sessions));
        let Kind::Changed {
            moved: Some(moved),
            retitled_from,
        } = &changes.changes[0].kind
        else {
            panic!("{changes:?}");
        };
        assert!(moved.time_changed() && moved.room_changed());
        assert_eq!(moved.from, Slot::of(&session("a", "Alpha", T10, "H.2215")));
        assert_eq!(moved.to.start, at(T11));
        assert_eq!(moved.to.room, Some(Room("Janson".into())));
        assert_eq!(retitled_from.as_deref(), Some("Alpha"));
    }

    #[test]
    fn among_namesakes_the_closest_in_time_takes_the_old_id() {
        let old = schedule(vec![session("a", "Lightning talks", T11, "H.2215")]);
        let mut early = session("x", "Lightning talks", T10, "H.2215");
        early.speakers = old.sessions[0].speakers.clone();
        let mut late = session("y", "Lightning talks", T12, "H.2215");
        late.speakers = old.sessions[0].speakers.clone();
        late.start = at("2025-02-01T11:15:00+01:00");
        let changes = diff(&old, &schedule(vec![early, late]));
        assert_eq!(changes.rekeyed, [("a".into(), "y".into())]);
        let labels: Vec<&str> = changes.changes.iter().map(Change::label).collect();
        assert_eq!(labels, ["new", "moved"]);
    }

    #[test]
    fn marks_describe_in_one_line() {
        let old = schedule(base());
        let mut sessions = base();
        sessions[0].start = at("2025-02-01T10:30:00Z");
        sessions[1].title = "Beta 2".into();
        sessions[2].room = Some(Room("Janson".into()));
        sessions[2].title = "Gamma 2".into();
        sessions.push(session("d", "Delta", T10, "Janson"));
        let new = schedule(sessions);
        let marks = merge_marks(BTreeMap::new(), &diff(&old, &new), &new);
        let labels: Vec<&str> = marks.values().map(Mark::label).collect();
        assert_eq!(labels, ["moved", "retitled", "moved, retitled", "new"]);
        let described: Vec<(&str, String)> = marks
            .iter()
            .map(|(id, mark)| (id.0.as_str(), mark.describe()))
            .collect();
        assert_eq!(
            described,
            [
                ("a", "moved from Sat 10:00, H.2215".to_string()),
                ("b", "retitled (was 'Beta')".to_string()),
                (
                    "c",
                    "moved from Sat 12:00, K.1.105; retitled (was 'Gamma')".to_string()
                ),
                ("d", "new".to_string()),
            ]
        );
    }

    #[test]
    fn marks_merge_over_updates() {
        let v1 = schedule(base());
        // Update 1: a moves, b is retitled, c is new... (c is removed then re-added as d).
        let mut s2 = base();
        s2[0].start = at(T11);
        s2[1].title = "Beta 2".into();
        s2.push(session("d", "Delta", T10, "Janson"));
        let v2 = schedule(s2.clone());
        let marks = merge_marks(BTreeMap::new(), &diff(&v1, &v2), &v2);
        assert_eq!(marks.len(), 3);
        // Update 2: a moves again (the mark keeps where it was first), b's title goes back
        // (its mark goes), d moves (still new), c is cancelled, e is new.
        let mut s3 = s2;
        s3[0].start = at(T12);
        s3[1].title = "Beta".into();
        s3[3].room = Some(Room("H.2215".into()));
        s3.remove(2);
        s3.push(session("e", "Epsilon", T12, "Janson"));
        let v3 = schedule(s3);
        let marks = merge_marks(marks, &diff(&v2, &v3), &v3);
        let described: Vec<(&str, String)> = marks
            .iter()
            .map(|(id, mark)| (id.0.as_str(), mark.describe()))
            .collect();
        assert_eq!(
            described,
            [
                ("a", "moved from Sat 10:00, H.2215".to_string()),
                ("d", "new".to_string()),
                ("e", "new".to_string()),
            ]
        );
        // Update 3: a goes back to where it was at first: nothing left to show. A marked
        // session whose id changes keeps its mark under the new id.
        let mut s4 = v3.sessions.clone();
        s4[0].start = at(T10);
        s4[2].id = "d2".into();
        let v4 = schedule(s4);
        let marks = merge_marks(marks, &diff(&v3, &v4), &v4);
        let ids: Vec<&str> = marks.keys().map(|id| id.0.as_str()).collect();
        assert_eq!(ids, ["d2", "e"]);
    }

    #[test]
    fn the_key_ignores_case_spacing_and_speaker_order() {
        let a = MatchKey::new("  Rust   in the KERNEL ", ["zoë  ölmez", "Ada"].into_iter());
        let b = MatchKey::new("rust in the kernel", ["Ada", "Zoë Ölmez"].into_iter());
        assert_eq!(a, b);
        assert_ne!(a, MatchKey::new("rust in the kernel", ["Ada"].into_iter()));
    }
}
