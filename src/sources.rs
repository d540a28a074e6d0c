//! Several schedules opened as one (KubeCon with its co-located events): combining their
//! sessions into one schedule, each keeping where it comes from, and each source's stars kept
//! in that source's own favourites file.
//!
//! A combined session's id is `label/id`, its source's label and its own id joined, so two
//! sources that both use id `42` never meet; `Session::origin` keeps the label and the id the
//! source gave it, which its stars and update marks are keyed by. The same session listed by
//! two sources (a co-located event in both Sched instances, with different UIDs) is shown once,
//! naming both, when its title, start and room agree once case, accents and punctuation are
//! set aside; sessions that merely share a title at another time or in another room stay apart.

use crate::favourites::{Favourites, FavouritesError, LoadOutcome, Note, Priority, Saved};
use crate::model::{Conference, Origin, SCHEDULE_FORMAT_VERSION, Schedule, Session, SessionId};
use chrono::{DateTime, FixedOffset, NaiveTime, Utc};
use chrono_tz::Tz;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

/// One schedule of several to open as one.
#[derive(Debug, Clone)]
pub struct Source {
    /// A short label, unique among the sources: the library name, or the file's stem.
    pub label: String,
    pub schedule: Schedule,
}

/// What a combined schedule keeps of each of its sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceInfo {
    pub label: String,
    /// The source conference's id, which its favourites file is named by.
    pub conference_id: String,
    pub title: String,
    pub time_zone: Tz,
    pub day_change: NaiveTime,
    /// How many sessions the source listed (merged ones included).
    pub sessions: usize,
    /// Its library name, when it was imported (its update marks are kept there).
    pub name: Option<String>,
}

impl SourceInfo {
    /// What is kept of `schedule`, opened under `label`.
    pub fn of(label: &str, schedule: &Schedule) -> SourceInfo {
        let c = &schedule.conference;
        SourceInfo {
            label: label.to_string(),
            conference_id: c.id.clone(),
            title: c.title.clone(),
            time_zone: c.time_zone,
            day_change: c.day_change,
            sessions: schedule.sessions.len(),
            name: None,
        }
    }
}

/// Several schedules as one.
#[derive(Debug, Clone)]
pub struct Combined {
    pub schedule: Schedule,
    pub sources: Vec<SourceInfo>,
    /// Sessions that more than one source listed and that are shown once.
    pub merged: usize,
}

/// The id a session of source `label` has in the combined schedule.
pub fn combined_id(label: &str, id: &SessionId) -> SessionId {
    SessionId(format!("{label}/{}", id.0))
}

/// Labels made unique: a repeated one gets `-2`, `-3`… (the same file opened twice).
pub fn unique_labels(labels: &[String]) -> Vec<String> {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    labels
        .iter()
        .map(|label| {
            let mut candidate = label.clone();
            let mut n = 1;
            while !seen.insert(candidate.clone()) {
                n += 1;
                candidate = format!("{label}-{n}");
            }
            candidate
        })
        .collect()
}

/// What two listings of one session must agree on: title, start instant and room, compared
/// with case, accents, punctuation and spacing set aside.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct SameSession {
    title: String,
    start: DateTime<Utc>,
    room: String,
}

fn normalised(text: &str) -> String {
    let folded = crate::search::fold(text).to_lowercase();
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.join(" ")
}

impl SameSession {
    fn of(session: &Session) -> SameSession {
        SameSession {
            title: normalised(&session.title),
            start: session.start.to_utc(),
            room: session
                .room
                .as_ref()
                .map(|r| normalised(&r.0))
                .unwrap_or_default(),
        }
    }
}

/// Combines the sources, in the order given: the first one's zone is the combination's (the
/// display zone decides the days; each session keeps its true instant and its own source's
/// day-change hour). Labels must be unique (see `unique_labels`).
pub fn combine(sources: Vec<Source>) -> Combined {
    let infos: Vec<SourceInfo> = sources
        .iter()
        .map(|s| SourceInfo::of(&s.label, &s.schedule))
        .collect();
    let conference = combined_conference(&sources);
    let total = sources.iter().map(|s| s.schedule.sessions.len()).sum();
    let mut sessions: Vec<Session> = Vec::with_capacity(total);
    // Each earlier source's sessions by what a duplicate must agree on, with the index in
    // `sessions`; a session absorbs at most one listing of each other source.
    let mut by_key: HashMap<SameSession, Vec<usize>> = HashMap::new();
    let mut merged = 0;
    for source in sources {
        let label = source.label;
        let day_change = source.schedule.conference.day_change;
        let conference_id = source.schedule.conference.id.clone();
        let first_of_source = sessions.len();
        for mut session in source.schedule.sessions {
            let key = SameSession::of(&session);
            let twin = by_key.get(&key).and_then(|found| {
                found.iter().copied().find(|&i| {
                    i < first_of_source && {
                        let origin = sessions[i].origin.as_deref();
                        origin.is_some_and(|o| {
                            o.label != label && o.also.iter().all(|(l, _)| *l != label)
                        })
                    }
                })
            });
            if let Some(i) = twin {
                let kept = &mut sessions[i];
                if let Some(origin) = kept.origin.as_deref_mut() {
                    origin.also.push((label.clone(), session.id.clone()));
                }
                fill_gaps(kept, session);
                merged += 1;
                continue;
            }
            let combined = combined_id(&label, &session.id);
            let own = std::mem::replace(&mut session.id, combined);
            session.origin = Some(Box::new(Origin {
                label: label.clone(),
                id: own,
                conference_id: conference_id.clone(),
                day_change,
                also: Vec::new(),
            }));
            by_key.entry(key).or_default().push(sessions.len());
            sessions.push(session);
        }
    }
    Combined {
        schedule: Schedule {
            version: SCHEDULE_FORMAT_VERSION,
            conference,
            sessions,
        },
        sources: infos,
        merged,
    }
}

/// What a second listing of a session knows that the first does not.
fn fill_gaps(kept: &mut Session, other: Session) {
    if kept.end.is_none() {
        kept.end = other.end;
    }
    if kept.abstract_text.trim().is_empty() {
        kept.abstract_text = other.abstract_text;
    }
    if kept.speakers.is_empty() {
        kept.speakers = other.speakers;
    }
    if kept.track.is_none() {
        kept.track = other.track;
    }
    if kept.kind.is_none() {
        kept.kind = other.kind;
    }
    for link in other.links {
        if !kept.links.iter().any(|l| l.url == link.url) {
            kept.links.push(link);
        }
    }
}

/// The combination as a conference: the sources' titles joined, the first one's zone, place
/// and day-change hour; its id joins the sources' labels (the combination's filter is kept
/// under it).
fn combined_conference(sources: &[Source]) -> Conference {
    let first = sources.first().map(|s| &s.schedule.conference);
    let mut titles: Vec<&str> = Vec::new();
    for source in sources {
        let title = source.schedule.conference.title.as_str();
        if !titles.contains(&title) {
            titles.push(title);
        }
    }
    let labels: Vec<&str> = sources.iter().map(|s| s.label.as_str()).collect();
    Conference {
        id: labels.join("+"),
        title: titles.join(" + "),
        time_zone: first.map_or(chrono_tz::UTC, |c| c.time_zone),
        city: first.and_then(|c| c.city.clone()),
        venue: first.and_then(|c| c.venue.clone()),
        url: first.and_then(|c| c.url.clone()),
        day_change: first.map_or_else(crate::model::default_day_change, |c| c.day_change),
    }
}

/// One source's schedule as it was on its own (its own ids, its merged sessions included),
/// rebuilt from the combination: what its stars are matched against.
pub fn source_view(combined: &Schedule, info: &SourceInfo) -> Schedule {
    let sessions = combined
        .sessions
        .iter()
        .filter_map(|session| {
            let origin = session.origin.as_deref()?;
            let own = if origin.label == info.label {
                &origin.id
            } else {
                &origin.also.iter().find(|(l, _)| *l == info.label)?.1
            };
            let mut copy = session.clone();
            copy.id = own.clone();
            copy.origin = None;
            Some(copy)
        })
        .collect();
    Schedule {
        version: SCHEDULE_FORMAT_VERSION,
        conference: Conference {
            id: info.conference_id.clone(),
            title: info.title.clone(),
            time_zone: info.time_zone,
            city: None,
            venue: None,
            url: None,
            day_change: info.day_change,
        },
        sessions,
    }
}

/// A star that no session of its schedule matches any more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingStar {
    /// The source's label, among several schedules.
    pub source: Option<String>,
    pub title: String,
    /// When it was, in the source's zone ("Wed 20 Mar 10:30").
    pub when: String,
}

/// The stars of an open schedule: one favourites file for a schedule on its own, one per
/// source for several opened as one, each written only with its own sessions' ids.
#[derive(Debug)]
pub struct Stars {
    /// Each file with the label of its source (`None`: a schedule on its own).
    files: Vec<(Option<String>, Favourites)>,
}

/// What loading the stars found that the user must be told.
#[derive(Debug, Default)]
pub struct Loaded {
    /// A file moved aside, a file from a newer hallway: one message each.
    pub messages: Vec<String>,
    pub missing: Vec<MissingStar>,
}

impl Stars {
    /// Loads the stars of `schedule` (the combination of `sources` when it has more than one)
    /// from `data_dir`, and matches each file to its schedule (following sessions an update
    /// re-keyed, as for a schedule on its own).
    pub fn load(
        data_dir: &Path,
        schedule: &Schedule,
        sources: &[SourceInfo],
    ) -> Result<(Stars, Loaded), FavouritesError> {
        let mut loaded = Loaded::default();
        let mut files = Vec::new();
        let combined = sources.len() > 1;
        let parts: Vec<(Option<String>, Schedule)> = if combined {
            sources
                .iter()
                .map(|info| (Some(info.label.clone()), source_view(schedule, info)))
                .collect()
        } else {
            Vec::new()
        };
        let each: Vec<(Option<String>, &Schedule)> = if combined {
            parts.iter().map(|(l, s)| (l.clone(), s)).collect()
        } else {
            vec![(None, schedule)]
        };
        for (label, own) in each {
            let (mut favourites, outcome) = Favourites::load(data_dir, &own.conference.id)?;
            let prefix = label.as_ref().map(|l| format!("{l}: ")).unwrap_or_default();
            if let Some(message) = outcome.message() {
                loaded.messages.push(format!("{prefix}{message}"));
            }
            let resolution = favourites.resolve(own)?;
            if let Some(moved) = resolution.saved.moved_aside {
                loaded.messages.push(format!("{prefix}{moved}"));
            }
            let zone = own.conference.time_zone;
            loaded
                .missing
                .extend(resolution.missing.into_iter().map(|(_, star)| {
                    MissingStar {
                        source: label.clone(),
                        when: star
                            .start
                            .with_timezone(&zone)
                            .format("%a %-d %b %H:%M")
                            .to_string(),
                        title: star.title,
                    }
                }));
            files.push((label, favourites));
        }
        Ok((Stars { files }, loaded))
    }

    /// The stars of a schedule on its own, from its favourites file.
    pub fn single(favourites: Favourites) -> Stars {
        Stars {
            files: vec![(None, favourites)],
        }
    }

    /// Stars and notes whose session the open schedule does not have (any more): title,
    /// start and note of each, in time order.
    pub fn gone(
        &self,
        schedule: &Schedule,
    ) -> Vec<(String, DateTime<FixedOffset>, Option<String>)> {
        let mut present: HashSet<(Option<&str>, &SessionId)> = HashSet::new();
        for session in &schedule.sessions {
            match session.origin.as_deref() {
                None => {
                    present.insert((None, &session.id));
                }
                Some(origin) => {
                    present.insert((Some(&origin.label), &origin.id));
                    for (label, id) in &origin.also {
                        present.insert((Some(label), id));
                    }
                }
            }
        }
        let mut gone = Vec::new();
        for (label, favourites) in &self.files {
            let here = |id: &SessionId| present.contains(&(label.as_deref(), id));
            gone.extend(
                favourites
                    .stars()
                    .iter()
                    .filter(|(id, _)| !here(id))
                    .map(|(id, star)| {
                        let note = favourites.note(id).map(|n| n.text.clone());
                        (star.title.clone(), star.start, note)
                    }),
            );
            gone.extend(
                favourites
                    .notes()
                    .iter()
                    .filter(|(id, _)| !here(id) && !favourites.is_starred(id))
                    .map(|(_, n)| (n.title.clone(), n.start, Some(n.text.clone()))),
            );
        }
        gone.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
        gone
    }

    /// The files, with their sources' labels.
    pub fn files(&self) -> impl Iterator<Item = (Option<&str>, &Favourites)> {
        self.files.iter().map(|(l, f)| (l.as_deref(), f))
    }

    fn file_of(&self, label: Option<&str>) -> Option<usize> {
        self.files.iter().position(|(l, _)| l.as_deref() == label)
    }

    /// Whether a session of the open schedule is starred (in any source that lists it).
    pub fn is_starred(&self, session: &Session) -> bool {
        self.homes_of(session)
            .any(|(i, id)| self.files[i].1.is_starred(id))
    }

    /// The ids (in the open schedule) of the starred sessions.
    pub fn ids(&self, schedule: &Schedule) -> BTreeSet<SessionId> {
        if self.files.len() == 1 && self.files[0].0.is_none() {
            return self.files[0].1.stars().keys().cloned().collect();
        }
        schedule
            .sessions
            .iter()
            .filter(|s| self.is_starred(s))
            .map(|s| s.id.clone())
            .collect()
    }

    /// The starred sessions, in time order (then room, then title).
    pub fn starred_sessions<'a>(&self, schedule: &'a Schedule) -> Vec<&'a Session> {
        let ids = self.ids(schedule);
        let mut sessions: Vec<&Session> = schedule
            .sessions
            .iter()
            .filter(|s| ids.contains(&s.id))
            .collect();
        crate::favourites::sort_in_time_order(&mut sessions);
        sessions
    }

    /// How many sessions are starred, over every file.
    pub fn len(&self) -> usize {
        self.files.iter().map(|(_, f)| f.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Why changes are refused, when some file was written by a newer hallway.
    pub fn read_only(&self) -> Option<FavouritesError> {
        self.files.iter().find_map(|(_, f)| f.read_only())
    }

    /// Stars or unstars sessions of the open schedule, each in its own source's file (a
    /// session two sources list is starred in the first one's and unstarred in both).
    pub fn set(&mut self, sessions: &[&Session], starred: bool) -> Result<Saved, FavouritesError> {
        let mut saved = Saved::default();
        for (label, favourites) in &mut self.files {
            let mine: Vec<(SessionId, &Session)> = sessions
                .iter()
                .filter_map(|s| own_id(s, label.as_deref(), starred).map(|id| (id, *s)))
                .collect();
            if mine.is_empty() {
                continue;
            }
            let result = if starred {
                let copies: Vec<Session> =
                    mine.iter().map(|(id, s)| own_copy(s, id.clone())).collect();
                let refs: Vec<&Session> = copies.iter().collect();
                favourites.star(&refs)?
            } else {
                let ids: Vec<SessionId> = mine.into_iter().map(|(id, _)| id).collect();
                favourites.unstar(&ids)?
            };
            if result.moved_aside.is_some() {
                saved = result;
            }
        }
        Ok(saved)
    }

    /// Every (file, own id) that lists `session`: its own source first, then the others that
    /// list it too (a session on its own: the one file, under its id).
    fn homes_of<'s>(
        &'s self,
        session: &'s Session,
    ) -> impl Iterator<Item = (usize, &'s SessionId)> + 's {
        let (label, id, also) = match session.origin.as_deref() {
            None => (None, &session.id, &[][..]),
            Some(origin) => (
                Some(origin.label.as_str()),
                &origin.id,
                origin.also.as_slice(),
            ),
        };
        std::iter::once((label, id))
            .chain(also.iter().map(|(l, id)| (Some(l.as_str()), id)))
            .filter_map(|(label, id)| self.file_of(label).map(|i| (i, id)))
    }

    /// Where a note or a priority on `session` is kept: the file that has it starred (or a
    /// note on it), else its own source's file.
    fn home_of(&self, session: &Session) -> Option<(usize, SessionId)> {
        let mut first = None;
        for (i, id) in self.homes_of(session) {
            let file = &self.files[i].1;
            if file.is_starred(id) || file.note(id).is_some() {
                return Some((i, id.clone()));
            }
            first.get_or_insert((i, id.clone()));
        }
        first
    }

    /// Calls `each` with the id in the open schedule and the value `get` finds in the file
    /// that keeps it, for every session that has one.
    fn by_id_here<T>(
        &self,
        schedule: &Schedule,
        get: impl Fn(&Favourites, &SessionId) -> Option<T>,
    ) -> BTreeMap<SessionId, T> {
        schedule
            .sessions
            .iter()
            .filter_map(|s| {
                self.homes_of(s)
                    .find_map(|(i, id)| get(&self.files[i].1, id))
                    .map(|value| (s.id.clone(), value))
            })
            .collect()
    }

    /// The note on a session of the open schedule, if there is one.
    pub fn note_of(&self, session: &Session) -> Option<&Note> {
        self.homes_of(session)
            .find_map(|(i, id)| self.files[i].1.note(id))
    }

    /// The file a note or priority on `session` is saved in.
    pub fn path_for(&self, session: &Session) -> Option<&Path> {
        self.home_of(session).map(|(i, _)| self.files[i].1.path())
    }

    /// The one file of a schedule on its own (`None` among several): for what is kept by the
    /// ids of one conference, such as the notes of sessions gone.
    pub fn alone(&self) -> Option<&Favourites> {
        match self.files.as_slice() {
            [(None, favourites)] => Some(favourites),
            _ => None,
        }
    }

    /// The one file of a schedule on its own, to change.
    pub fn alone_mut(&mut self) -> Option<&mut Favourites> {
        match self.files.as_mut_slice() {
            [(None, favourites)] => Some(favourites),
            _ => None,
        }
    }

    /// The priorities of the starred sessions, by their ids in the open schedule.
    pub fn priorities(&self, schedule: &Schedule) -> BTreeMap<SessionId, Priority> {
        if let [(None, favourites)] = self.files.as_slice() {
            return favourites.priorities();
        }
        self.by_id_here(schedule, |f, id| f.priority(id))
    }

    /// The text of every note on a session of the open schedule, by its id there.
    pub fn note_texts(&self, schedule: &Schedule) -> BTreeMap<SessionId, String> {
        if let [(None, favourites)] = self.files.as_slice() {
            return favourites.note_texts();
        }
        self.by_id_here(schedule, |f, id| f.note(id).map(|n| n.text.clone()))
    }

    /// Gives a session of the open schedule a priority (starring it) or takes it away.
    pub fn set_priority(
        &mut self,
        session: &Session,
        priority: Option<Priority>,
    ) -> Result<Saved, FavouritesError> {
        let Some((i, id)) = self.home_of(session) else {
            return Ok(Saved::default());
        };
        self.files[i]
            .1
            .set_priority(&own_copy(session, id), priority)
    }

    /// Sets (or, with blank text, removes) the note on a session of the open schedule.
    pub fn set_note(&mut self, session: &Session, text: &str) -> Result<Saved, FavouritesError> {
        let Some((i, id)) = self.home_of(session) else {
            return Ok(Saved::default());
        };
        self.files[i].1.set_note(&own_copy(session, id), text)
    }

    /// Reads every file again (stars saved by another hallway); the messages to show.
    pub fn reload(&mut self) -> Result<Vec<String>, FavouritesError> {
        let mut messages = Vec::new();
        for (label, favourites) in &mut self.files {
            let outcome: LoadOutcome = favourites.reload()?;
            if let Some(message) = outcome.message() {
                let prefix = label.as_ref().map(|l| format!("{l}: ")).unwrap_or_default();
                messages.push(format!("{prefix}{message}"));
            }
        }
        Ok(messages)
    }
}

/// The session of the open schedule that source `label` (`None`: a schedule on its own) keeps
/// under its own id `id`, if the schedule has it.
pub fn session_here<'a>(
    schedule: &'a Schedule,
    label: Option<&str>,
    id: &SessionId,
) -> Option<&'a Session> {
    let Some(label) = label else {
        return schedule.session(id);
    };
    schedule.session(&combined_id(label, id)).or_else(|| {
        // Shown once under another source's id: it names this one among the others.
        schedule.sessions.iter().find(|s| {
            s.origin
                .as_deref()
                .is_some_and(|o| o.also.iter().any(|(l, i)| l == label && i == id))
        })
    })
}

/// `session` as its own source knows it: under its own id, with no origin.
fn own_copy(session: &Session, id: SessionId) -> Session {
    let mut copy = session.clone();
    copy.id = id;
    copy.origin = None;
    copy
}

/// The id under which `session` is kept in the file of source `label` (`None`: a schedule on
/// its own): its own id there. Starring uses only the first source that lists it; unstarring
/// every source that does.
fn own_id(session: &Session, label: Option<&str>, starring: bool) -> Option<SessionId> {
    match (session.origin.as_deref(), label) {
        (None, None) => Some(session.id.clone()),
        (Some(origin), Some(label)) if origin.label == label => Some(origin.id.clone()),
        (Some(origin), Some(label)) if !starring => origin
            .also
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, id)| id.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Room, default_day_change};
    use chrono::{DateTime, FixedOffset, NaiveDate};

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    fn session(id: &str, title: &str, start: &str, room: Option<&str>) -> Session {
        Session {
            id: id.into(),
            title: title.into(),
            subtitle: None,
            speakers: vec![],
            start: at(start),
            end: None,
            room: room.map(|r| Room(r.into())),
            track: None,
            kind: None,
            language: None,
            abstract_text: String::new(),
            links: vec![],
            origin: None,
        }
    }

    fn schedule(id: &str, zone: Tz, day_change: &str, sessions: Vec<Session>) -> Schedule {
        Schedule {
            version: SCHEDULE_FORMAT_VERSION,
            conference: Conference {
                id: id.into(),
                title: id.to_uppercase(),
                time_zone: zone,
                city: None,
                venue: None,
                url: None,
                day_change: NaiveTime::parse_from_str(day_change, "%H:%M").unwrap(),
            },
            sessions,
        }
    }

    fn source(label: &str, schedule: Schedule) -> Source {
        Source {
            label: label.into(),
            schedule,
        }
    }

    #[test]
    fn the_same_ids_in_two_sources_stay_apart() {
        let a = schedule(
            "a",
            chrono_tz::Europe::Paris,
            "04:00",
            vec![session(
                "1",
                "Alpha",
                "2024-03-19T10:00:00+01:00",
                Some("R1"),
            )],
        );
        let b = schedule(
            "b",
            chrono_tz::Europe::Paris,
            "04:00",
            vec![session(
                "1",
                "Beta",
                "2024-03-19T10:00:00+01:00",
                Some("R1"),
            )],
        );
        let c = combine(vec![source("a", a), source("b", b)]);
        let ids: Vec<&str> = c
            .schedule
            .sessions
            .iter()
            .map(|s| s.id.0.as_str())
            .collect();
        assert_eq!(ids, ["a/1", "b/1"]);
        assert_eq!(c.merged, 0);
        assert_eq!(c.schedule.sessions[1].source(), Some("b"));
        assert_eq!(c.schedule.sessions[1].origin.as_ref().unwrap().id.0, "1");
        assert!(c.schedule.problems().is_empty());
        assert_eq!(c.schedule.conference.title, "A + B");
    }

    #[test]
    fn one_session_in_two_feeds_is_shown_once_naming_both() {
        let main = schedule(
            "kubecon",
            chrono_tz::Europe::Paris,
            "04:00",
            vec![session(
                "x1",
                "Istio Day: Opening Remarks",
                "2024-03-19T09:00:00+01:00",
                Some("Pavilion 7"),
            )],
        );
        // Another UID, other case and punctuation, the start written in UTC.
        let mut twin = session(
            "uid-77",
            "istio day - opening remarks",
            "2024-03-19T08:00:00+00:00",
            Some("PAVILION 7"),
        );
        twin.end = Some(at("2024-03-19T09:10:00+00:00"));
        let colocated = schedule("colo", chrono_tz::UTC, "04:00", vec![twin]);
        let c = combine(vec![source("kubecon", main), source("colo", colocated)]);
        assert_eq!(c.schedule.sessions.len(), 1);
        assert_eq!(c.merged, 1);
        let only = &c.schedule.sessions[0];
        let origin = only.origin.as_ref().unwrap();
        assert_eq!(origin.label, "kubecon");
        assert_eq!(
            origin.also,
            vec![("colo".to_string(), SessionId::from("uid-77"))]
        );
        // The second listing's end fills the first one's gap.
        assert!(only.end.is_some());
    }

    #[test]
    fn a_shared_title_at_another_time_or_room_is_not_merged() {
        let a = schedule(
            "a",
            chrono_tz::Europe::Paris,
            "04:00",
            vec![session(
                "1",
                "Lunch",
                "2024-03-19T12:00:00+01:00",
                Some("Hall"),
            )],
        );
        let b = schedule(
            "b",
            chrono_tz::Europe::Paris,
            "04:00",
            vec![
                session("1", "Lunch", "2024-03-20T12:00:00+01:00", Some("Hall")),
                session("2", "Lunch", "2024-03-19T12:00:00+01:00", Some("Foyer")),
            ],
        );
        let c = combine(vec![source("a", a), source("b", b)]);
        assert_eq!(c.schedule.sessions.len(), 3);
        assert_eq!(c.merged, 0);
    }

    #[test]
    fn duplicates_within_one_source_are_that_source_s_business() {
        let a = schedule(
            "a",
            chrono_tz::Europe::Paris,
            "04:00",
            vec![
                session("1", "Lunch", "2024-03-19T12:00:00+01:00", Some("Hall")),
                session("2", "Lunch", "2024-03-19T12:00:00+01:00", Some("Hall")),
            ],
        );
        let c = combine(vec![source("a", a.clone()), source("b", a)]);
        // Each of b's two absorbs into one of a's, never both into the same.
        assert_eq!(c.schedule.sessions.len(), 2);
        assert_eq!(c.merged, 2);
        for s in &c.schedule.sessions {
            assert_eq!(s.origin.as_ref().unwrap().also.len(), 1);
        }
    }

    #[test]
    fn each_source_keeps_its_day_change_hour_in_the_display_zone() {
        // Source a changes day at 04:00, source b at midnight: both have a session at 01:30.
        let a = schedule(
            "a",
            chrono_tz::Europe::Paris,
            "04:00",
            vec![session("1", "Party", "2024-03-20T01:30:00+01:00", None)],
        );
        let b = schedule(
            "b",
            chrono_tz::Europe::Paris,
            "00:00",
            vec![session(
                "1",
                "Night owls",
                "2024-03-20T01:30:00+01:00",
                None,
            )],
        );
        let c = combine(vec![source("a", a), source("b", b)]);
        let days = c.schedule.days();
        let date = |d: usize| days[d].date;
        assert_eq!(days.len(), 2);
        assert_eq!(date(0), NaiveDate::from_ymd_opt(2024, 3, 19).unwrap());
        assert_eq!(c.schedule.sessions[days[0].sessions[0]].title, "Party");
        assert_eq!(c.schedule.sessions[days[1].sessions[0]].title, "Night owls");
        assert_eq!(c.schedule.conference.day_change, default_day_change());
    }

    #[test]
    fn a_source_view_gives_back_the_source_with_its_own_ids() {
        let a = schedule(
            "a",
            chrono_tz::Europe::Paris,
            "04:00",
            vec![session("1", "Alpha", "2024-03-19T10:00:00+01:00", None)],
        );
        let b = schedule(
            "b",
            chrono_tz::Europe::Paris,
            "04:00",
            vec![
                session("9", "Alpha", "2024-03-19T10:00:00+01:00", None),
                session("10", "Gamma", "2024-03-19T11:00:00+01:00", None),
            ],
        );
        let c = combine(vec![source("a", a), source("b", b)]);
        let view = source_view(&c.schedule, &c.sources[1]);
        let ids: Vec<&str> = view.sessions.iter().map(|s| s.id.0.as_str()).collect();
        assert_eq!(ids, ["9", "10"]);
        assert_eq!(view.conference.id, "b");
        assert!(view.sessions.iter().all(|s| s.origin.is_none()));
    }

    #[test]
    fn labels_are_made_unique() {
        let labels = [
            "a".to_string(),
            "a".to_string(),
            "b".to_string(),
            "a".into(),
        ];
        assert_eq!(unique_labels(&labels), ["a", "a-2", "b", "a-3"]);
    }
}
