//! Filters: narrowing a schedule to the tracks, rooms, kinds, languages and days a user cares
//! about, to starred sessions or to those not over yet. Values are the schedule's own, matched
//! forgiving case and accents; several values of one facet are alternatives, facets combine.
//! Plain data and functions: the app, the shell commands and the saved filter share it.

use crate::model::{Schedule, Session, SessionId};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// What a session can be filtered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Facet {
    /// The schedule a session comes from, among several opened as one.
    Source,
    Track,
    Room,
    Kind,
    Language,
    Day,
}

impl Facet {
    pub const ALL: [Facet; 6] = [
        Facet::Source,
        Facet::Track,
        Facet::Room,
        Facet::Kind,
        Facet::Language,
        Facet::Day,
    ];

    /// The facet's name in the panel and the shell ("track", "room", …).
    pub fn name(self) -> &'static str {
        match self {
            Facet::Track => "track",
            Facet::Room => "room",
            Facet::Kind => "kind",
            Facet::Language => "language",
            Facet::Day => "day",
            Facet::Source => "source",
        }
    }

    /// How a session without a value of this facet is listed.
    pub fn none_label(self) -> &'static str {
        match self {
            Facet::Track => "(no track)",
            Facet::Room => "(no room)",
            Facet::Kind => "(no kind)",
            Facet::Language => "(no language)",
            Facet::Day => "(no day)",
            Facet::Source => "(no source)",
        }
    }
}

/// The key a value is matched by: lower case, accents and invisible characters dropped,
/// surrounding space trimmed ("Talk", " talk" and "TALK" are one value; so are "Öffentlich"
/// and "offentlich"). The empty key is "no value".
pub fn value_key(text: &str) -> String {
    crate::search::fold(text.trim()).to_lowercase()
}

/// A key's letters and digits alone ("🚨 contribfest" → "contribfest"): how a typed value is
/// matched when it matches no key exactly.
pub fn loose_key(key: &str) -> String {
    key.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The keys of a session for a facet (languages like "de, en" are two; a day is its date).
pub fn keys_of(schedule: &Schedule, session: &Session, facet: Facet) -> Vec<String> {
    session_values(schedule, session, facet)
        .into_iter()
        .map(|(key, _)| key)
        .collect()
}

/// A session's values for a facet as (key, label): the label as the schedule spells it (a day
/// as "Sat 1 Feb"), the key as it is matched; one empty key for "no value".
fn session_values(schedule: &Schedule, session: &Session, facet: Facet) -> Vec<(String, String)> {
    let one = |value: Option<&str>| {
        let label = value.map(str::trim).unwrap_or_default();
        vec![(value_key(label), label.to_string())]
    };
    match facet {
        Facet::Track => one(session.track.as_ref().map(|t| t.0.as_str())),
        Facet::Room => one(session.room.as_ref().map(|r| r.0.as_str())),
        Facet::Kind => one(session.kind.as_deref()),
        Facet::Source => one(session.source()),
        Facet::Language => {
            let values: Vec<(String, String)> = session
                .language
                .as_deref()
                .unwrap_or_default()
                .split([',', ';', '/'])
                .map(|l| (value_key(l), l.trim().to_string()))
                .filter(|(key, _)| !key.is_empty())
                .collect();
            if values.is_empty() {
                vec![(String::new(), String::new())]
            } else {
                values
            }
        }
        Facet::Day => {
            let date = schedule.day_of(session);
            vec![(date.to_string(), date.format("%a %-d %b").to_string())]
        }
    }
}

/// One value of a facet as the schedule has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetValue {
    /// The matching key (empty: sessions with no value).
    pub key: String,
    /// How it is shown: the schedule's most common spelling, or "(no track)" and the like.
    pub label: String,
    /// Sessions with this value that pass the other facets of the filter.
    pub count: usize,
}

/// The active filter. Empty: every session passes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    /// Chosen values per facet, by key; a facet absent or empty does not filter.
    #[serde(default)]
    pub values: BTreeMap<Facet, BTreeSet<String>>,
    /// Only starred sessions.
    #[serde(default)]
    pub starred: bool,
    /// Only sessions not over yet.
    #[serde(default)]
    pub upcoming: bool,
}

impl Filter {
    /// Whether nothing is filtered.
    pub fn is_empty(&self) -> bool {
        !self.starred && !self.upcoming && self.values.values().all(BTreeSet::is_empty)
    }

    /// Chooses a value of a facet, or takes it back.
    pub fn toggle(&mut self, facet: Facet, key: &str) {
        let chosen = self.values.entry(facet).or_default();
        if !chosen.remove(key) {
            chosen.insert(key.to_string());
        }
        if chosen.is_empty() {
            self.values.remove(&facet);
        }
    }

    /// Whether a value is chosen.
    pub fn has(&self, facet: Facet, key: &str) -> bool {
        self.values.get(&facet).is_some_and(|c| c.contains(key))
    }

    /// Whether a session passes every facet (optionally leaving one out, for its counts).
    pub fn passes_except(
        &self,
        schedule: &Schedule,
        session: &Session,
        starred: &BTreeSet<SessionId>,
        now: DateTime<Utc>,
        except: Option<Facet>,
    ) -> bool {
        if self.starred && !starred.contains(&session.id) {
            return false;
        }
        if self.upcoming && session.is_past(now) {
            return false;
        }
        self.values.iter().all(|(&facet, chosen)| {
            Some(facet) == except
                || chosen.is_empty()
                || keys_of(schedule, session, facet)
                    .iter()
                    .any(|k| chosen.contains(k))
        })
    }

    /// Whether a session passes the filter.
    pub fn passes(
        &self,
        schedule: &Schedule,
        session: &Session,
        starred: &BTreeSet<SessionId>,
        now: DateTime<Utc>,
    ) -> bool {
        self.passes_except(schedule, session, starred, now, None)
    }

    /// A short description for the header: "track: Rust, Go · room: H.1302 · starred".
    /// The labels come from the schedule's facet index (built once; this runs every frame).
    pub fn describe(&self, index: &FacetIndex) -> String {
        let mut parts = Vec::new();
        for facet in Facet::ALL {
            let Some(chosen) = self.values.get(&facet).filter(|c| !c.is_empty()) else {
                continue;
            };
            let labels: Vec<&str> = chosen
                .iter()
                .map(|key| index.label(facet, key).unwrap_or(key))
                .collect();
            parts.push(format!("{}: {}", facet.name(), labels.join(", ")));
        }
        if self.starred {
            parts.push("starred".into());
        }
        if self.upcoming {
            parts.push("not over".into());
        }
        parts.join(" · ")
    }
}

/// Every value of a facet in the schedule, in the schedule's order (days by date), with how
/// many sessions have it and pass the rest of `filter`. `now` is for "not over yet"; without
/// it that part of the filter is left out.
pub fn values_of(
    schedule: &Schedule,
    facet: Facet,
    filter: &Filter,
    starred: &BTreeSet<SessionId>,
    now: Option<DateTime<Utc>>,
) -> Vec<FacetValue> {
    FacetIndex::new(schedule).values(schedule, facet, filter, starred, now)
}

/// Every session's facet values as small numbers, worked out once per schedule, so that
/// filtering and counting are integer work (a key at 10,000 sessions stays within a frame).
#[derive(Debug, Clone, Default)]
pub struct FacetIndex {
    /// Per facet (in `Facet::ALL` order): its values' keys and labels, by id.
    values: Vec<Vec<(String, String)>>,
    /// Per facet: the value ids in listing order.
    listing: Vec<Vec<u32>>,
    /// Per facet, per session: the ids of its values.
    of_session: Vec<Vec<Vec<u32>>>,
}

/// A filter turned into value ids: per facet, `None` when it does not filter, else which ids
/// pass.
#[derive(Debug, Clone)]
pub struct Compiled {
    chosen: Vec<Option<Vec<bool>>>,
    starred: bool,
    upcoming: bool,
}

impl Facet {
    fn index(self) -> usize {
        self as usize
    }
}

impl FacetIndex {
    pub fn new(schedule: &Schedule) -> FacetIndex {
        let mut index = FacetIndex::default();
        for facet in Facet::ALL {
            let mut ids: std::collections::HashMap<String, u32> = Default::default();
            let mut spellings: Vec<BTreeMap<String, usize>> = Vec::new();
            let mut keys: Vec<String> = Vec::new();
            let mut of_session = Vec::with_capacity(schedule.sessions.len());
            for session in &schedule.sessions {
                let mut mine = Vec::new();
                for (key, label) in session_values(schedule, session, facet) {
                    let id = *ids.entry(key.clone()).or_insert_with(|| {
                        keys.push(key);
                        spellings.push(BTreeMap::new());
                        keys.len() as u32 - 1
                    });
                    *spellings[id as usize].entry(label).or_default() += 1;
                    if !mine.contains(&id) {
                        mine.push(id);
                    }
                }
                of_session.push(mine);
            }
            let values: Vec<(String, String)> = keys
                .into_iter()
                .zip(spellings)
                .map(|(key, spellings)| {
                    let label = if key.is_empty() {
                        facet.none_label().to_string()
                    } else {
                        // The most common spelling; the first in order on a tie.
                        spellings
                            .iter()
                            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                            .map_or_else(|| key.clone(), |(s, _)| s.clone())
                    };
                    (key, label)
                })
                .collect();
            let mut listing: Vec<u32> = (0..values.len() as u32).collect();
            if facet == Facet::Day {
                listing.sort_by(|&a, &b| values[a as usize].0.cmp(&values[b as usize].0));
            } else {
                // Sessions without a value last.
                listing.sort_by_key(|&id| values[id as usize].0.is_empty());
            }
            index.values.push(values);
            index.listing.push(listing);
            index.of_session.push(of_session);
        }
        index
    }

    /// How the schedule spells a value of a facet, by its key.
    pub fn label(&self, facet: Facet, key: &str) -> Option<&str> {
        self.values[facet.index()]
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, label)| label.as_str())
    }

    /// The filter as value ids (a chosen key the schedule does not have passes nothing).
    pub fn compile(&self, filter: &Filter) -> Compiled {
        let chosen = Facet::ALL
            .iter()
            .map(|&facet| {
                let keys = filter.values.get(&facet).filter(|c| !c.is_empty())?;
                Some(
                    self.values[facet.index()]
                        .iter()
                        .map(|(key, _)| keys.contains(key))
                        .collect(),
                )
            })
            .collect();
        Compiled {
            chosen,
            starred: filter.starred,
            upcoming: filter.upcoming,
        }
    }

    /// Whether the session at `index` passes (leaving one facet out, for its counts).
    pub fn passes(
        &self,
        compiled: &Compiled,
        schedule: &Schedule,
        index: usize,
        starred: &BTreeSet<SessionId>,
        now: DateTime<Utc>,
        except: Option<Facet>,
    ) -> bool {
        let session = &schedule.sessions[index];
        if compiled.starred && !starred.contains(&session.id) {
            return false;
        }
        if compiled.upcoming && session.is_past(now) {
            return false;
        }
        compiled.chosen.iter().enumerate().all(|(f, chosen)| {
            let Some(chosen) = chosen else { return true };
            Some(Facet::ALL[f]) == except
                || self.of_session[f][index]
                    .iter()
                    .any(|&id| chosen[id as usize])
        })
    }

    /// A facet's values with the sessions each would leave (see `values_of`).
    pub fn values(
        &self,
        schedule: &Schedule,
        facet: Facet,
        filter: &Filter,
        starred: &BTreeSet<SessionId>,
        now: Option<DateTime<Utc>>,
    ) -> Vec<FacetValue> {
        let mut others = self.compile(filter);
        if now.is_none() {
            others.upcoming = false;
        }
        let now = now.unwrap_or(DateTime::<Utc>::MIN_UTC);
        let f = facet.index();
        let mut counts = vec![0; self.values[f].len()];
        for index in 0..schedule.sessions.len() {
            if self.passes(&others, schedule, index, starred, now, Some(facet)) {
                for &id in &self.of_session[f][index] {
                    counts[id as usize] += 1;
                }
            }
        }
        self.listing[f]
            .iter()
            .map(|&id| {
                let (key, label) = &self.values[f][id as usize];
                FacetValue {
                    key: key.clone(),
                    label: label.clone(),
                    count: counts[id as usize],
                }
            })
            .collect()
    }
}

/// The key of a value a user typed for a facet: a value of the schedule (forgiving case and
/// accents), a day as a date (2025-02-01) or a day number (1 is the first), or "none" for
/// sessions without one. An unknown value is an error naming the closest existing values.
pub fn resolve_value(schedule: &Schedule, facet: Facet, typed: &str) -> Result<String, String> {
    let values = values_of(schedule, facet, &Filter::default(), &BTreeSet::new(), None);
    let key = value_key(typed);
    if facet == Facet::Day {
        let days: Vec<NaiveDate> = schedule.days().iter().map(|d| d.date).collect();
        if let Ok(n) = typed.trim().parse::<usize>()
            && n >= 1
            && n <= days.len()
        {
            return Ok(days[n - 1].to_string());
        }
        if let Ok(date) = typed.trim().parse::<NaiveDate>()
            && days.contains(&date)
        {
            return Ok(date.to_string());
        }
        if let Some(value) = values.iter().find(|v| value_key(&v.label) == key) {
            return Ok(value.key.clone());
        }
        // A weekday ("sat", "Saturday"), when one conference day is that weekday.
        let weekday = |date: &NaiveDate| {
            let name = date.format("%A").to_string().to_lowercase();
            key.len() >= 3 && name.starts_with(&key)
        };
        let mut on = days.iter().filter(|d| weekday(d));
        if let (Some(date), None) = (on.next(), on.next()) {
            return Ok(date.to_string());
        }
        let listed: Vec<String> = days
            .iter()
            .enumerate()
            .map(|(i, d)| format!("{} ({})", i + 1, d))
            .collect();
        return Err(format!(
            "no conference day '{}': the days are {}",
            crate::text::quote(typed),
            listed.join(", ")
        ));
    }
    if matches!(key.as_str(), "none" | "-") || value_key(facet.none_label()) == key {
        // The sessions without one, even when there are none of them.
        return Ok(String::new());
    }
    if let Some(value) = values.iter().find(|v| v.key == key) {
        return Ok(value.key.clone());
    }
    // Then letters and digits alone, so "contribfest" finds "🚨 CONTRIBFEST" and "c++"
    // "C++ (and C)" only when nothing else reads the same.
    let loose = loose_key(&key);
    let mut alike = values
        .iter()
        .filter(|v| !v.key.is_empty() && !loose.is_empty() && loose_key(&v.key) == loose);
    if let (Some(value), None) = (alike.next(), alike.next()) {
        return Ok(value.key.clone());
    }
    let mut near: Vec<(usize, &FacetValue)> = values
        .iter()
        .filter(|v| !v.key.is_empty())
        .map(|v| (distance(&key, &v.key), v))
        .collect();
    near.sort_by_key(|&(d, v)| (!v.key.contains(&key) && !key.contains(&v.key), d));
    let closest: Vec<String> = near
        .iter()
        .take(5)
        .map(|(_, v)| format!("'{}'", v.label))
        .collect();
    Err(format!(
        "no {} '{}' in {}{}",
        facet.name(),
        crate::text::quote(typed),
        schedule.conference.title,
        if closest.is_empty() {
            String::new()
        } else {
            format!("; the closest: {}", closest.join(", "))
        }
    ))
}

/// Edit distance between two keys, in chars (for "the closest values").
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(here + 1);
            previous = here;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Conference, Room, SCHEDULE_FORMAT_VERSION, Track, default_day_change};

    /// (id, day 1 or 2, track, room, kind, language, past)
    fn schedule() -> Schedule {
        type Row<'a> = (
            &'a str,
            u32,
            Option<&'a str>,
            Option<&'a str>,
            Option<&'a str>,
            Option<&'a str>,
        );
        let rows: [Row; 6] = [
            ("a", 1, Some("Rust"), Some("Hall"), Some("Talk"), Some("en")),
            (
                "b",
                1,
                Some("rust "),
                Some("Room 2"),
                Some("talk"),
                Some("de, en"),
            ),
            ("c", 1, Some("Go"), Some("Hall"), Some("Workshop"), None),
            ("d", 2, None, Some("Hall"), Some("TALK"), Some("en")),
            ("e", 2, Some("Öffentlichkeit"), None, None, Some("de")),
            ("f", 2, Some("Go"), Some("Room 2"), Some("talk"), Some("en")),
        ];
        let sessions = rows
            .iter()
            .enumerate()
            .map(|(i, &(id, day, track, room, kind, language))| {
                let start = chrono::DateTime::parse_from_rfc3339(&format!(
                    "2025-02-0{day}T1{}:00:00+01:00",
                    i
                ))
                .unwrap();
                Session {
                    id: id.into(),
                    title: format!("Session {id}"),
                    subtitle: None,
                    speakers: vec![],
                    start,
                    end: Some(start + chrono::Duration::minutes(30)),
                    room: room.map(|r| Room(r.into())),
                    track: track.map(|t| Track(t.into())),
                    kind: kind.map(String::from),
                    language: language.map(String::from),
                    abstract_text: String::new(),
                    links: vec![],
                    origin: None,
                }
            })
            .collect();
        Schedule {
            version: SCHEDULE_FORMAT_VERSION,
            conference: Conference {
                id: "f".into(),
                title: "Filter Fest".into(),
                time_zone: chrono_tz::Europe::Brussels,
                city: None,
                venue: None,
                url: None,
                day_change: default_day_change(),
            },
            sessions,
        }
    }

    fn passing(schedule: &Schedule, filter: &Filter, starred: &[&str], now: &str) -> String {
        let starred: BTreeSet<SessionId> = starred.iter().map(|&s| s.into()).collect();
        let now = chrono::DateTime::parse_from_rfc3339(now).unwrap().to_utc();
        schedule
            .sessions
            .iter()
            .filter(|s| filter.passes(schedule, s, &starred, now))
            .map(|s| s.id.0.as_str())
            .collect()
    }

    const EARLY: &str = "2025-01-01T00:00:00Z";

    #[test]
    fn values_merge_spellings_and_count_with_the_other_facets() {
        let schedule = schedule();
        let none = BTreeSet::new();
        let tracks = values_of(&schedule, Facet::Track, &Filter::default(), &none, None);
        let shown: Vec<(&str, &str, usize)> = tracks
            .iter()
            .map(|v| (v.key.as_str(), v.label.as_str(), v.count))
            .collect();
        assert_eq!(
            shown,
            [
                ("rust", "Rust", 2),
                ("go", "Go", 2),
                ("offentlichkeit", "Öffentlichkeit", 1),
                ("", "(no track)", 1)
            ]
        );
        let languages = values_of(&schedule, Facet::Language, &Filter::default(), &none, None);
        let keys: Vec<(&str, usize)> = languages
            .iter()
            .map(|v| (v.label.as_str(), v.count))
            .collect();
        assert_eq!(keys, [("en", 4), ("de", 2), ("(no language)", 1)]);
        // Counts follow the other facets: in the Hall, Rust has one session.
        let mut filter = Filter::default();
        filter.toggle(Facet::Room, "hall");
        let tracks = values_of(&schedule, Facet::Track, &filter, &none, None);
        assert_eq!(tracks[0].count, 1);
        // …but not their own facet: choosing Rust leaves Go's count as it is.
        filter.toggle(Facet::Track, "rust");
        let tracks = values_of(&schedule, Facet::Track, &filter, &none, None);
        assert_eq!((tracks[0].count, tracks[1].count), (1, 1));
        let days = values_of(&schedule, Facet::Day, &Filter::default(), &none, None);
        let days: Vec<(&str, usize)> = days.iter().map(|v| (v.label.as_str(), v.count)).collect();
        assert_eq!(days, [("Sat 1 Feb", 3), ("Sun 2 Feb", 3)]);
    }

    #[test]
    fn values_of_one_facet_are_alternatives_and_facets_combine() {
        let schedule = schedule();
        let mut filter = Filter::default();
        assert!(filter.is_empty());
        assert_eq!(passing(&schedule, &filter, &[], EARLY), "abcdef");
        filter.toggle(Facet::Track, "rust");
        assert_eq!(passing(&schedule, &filter, &[], EARLY), "ab");
        filter.toggle(Facet::Track, "go");
        assert_eq!(passing(&schedule, &filter, &[], EARLY), "abcf");
        filter.toggle(Facet::Kind, "talk");
        assert_eq!(passing(&schedule, &filter, &[], EARLY), "abf");
        filter.toggle(Facet::Language, "de");
        assert_eq!(passing(&schedule, &filter, &[], EARLY), "b");
        // No track is a value too.
        let mut filter = Filter::default();
        filter.toggle(Facet::Track, "");
        assert_eq!(passing(&schedule, &filter, &[], EARLY), "d");
        filter.toggle(Facet::Track, "");
        assert!(filter.is_empty());
        // Starred, and not over yet (at 12:30 on the first day a, b and c are over).
        let filter = Filter {
            starred: true,
            ..Filter::default()
        };
        assert_eq!(passing(&schedule, &filter, &["c", "e"], EARLY), "ce");
        let filter = Filter {
            upcoming: true,
            ..Filter::default()
        };
        assert_eq!(
            passing(&schedule, &filter, &[], "2025-02-01T12:30:00+01:00"),
            "def"
        );
        let mut day = Filter::default();
        day.toggle(Facet::Day, "2025-02-02");
        assert_eq!(passing(&schedule, &day, &[], EARLY), "def");
    }

    #[test]
    fn typed_values_resolve_forgiving_case_and_accents_or_name_the_closest() {
        let schedule = schedule();
        assert_eq!(
            resolve_value(&schedule, Facet::Track, "RUST").unwrap(),
            "rust"
        );
        assert_eq!(
            resolve_value(&schedule, Facet::Track, "offentlichkeit").unwrap(),
            "offentlichkeit"
        );
        assert_eq!(resolve_value(&schedule, Facet::Track, "none").unwrap(), "");
        assert_eq!(
            resolve_value(&schedule, Facet::Room, "room 2").unwrap(),
            "room 2"
        );
        assert_eq!(
            resolve_value(&schedule, Facet::Day, "2").unwrap(),
            "2025-02-02"
        );
        assert_eq!(
            resolve_value(&schedule, Facet::Day, "2025-02-01").unwrap(),
            "2025-02-01"
        );
        let e = resolve_value(&schedule, Facet::Track, "rusty").unwrap_err();
        assert!(
            e.starts_with("no track 'rusty' in Filter Fest; the closest: 'Rust'"),
            "{e}"
        );
        // A weekday, letters and digits alone, and "none" even when every session has one.
        assert_eq!(
            resolve_value(&schedule, Facet::Day, "sat").unwrap(),
            "2025-02-01"
        );
        assert_eq!(
            resolve_value(&schedule, Facet::Day, "Sunday").unwrap(),
            "2025-02-02"
        );
        assert_eq!(
            resolve_value(&schedule, Facet::Track, "🚨 Öffentlichkeit!").unwrap(),
            "offentlichkeit"
        );
        let mut tracked = schedule.clone();
        tracked.sessions.retain(|s| s.track.is_some());
        assert_eq!(resolve_value(&tracked, Facet::Track, "none").unwrap(), "");
        let e = resolve_value(&schedule, Facet::Day, "9").unwrap_err();
        assert!(e.contains("1 (2025-02-01), 2 (2025-02-02)"), "{e}");
        // What is quoted from the user's input cannot drive the terminal.
        let e = resolve_value(&schedule, Facet::Room, "\u{1b}]0;x\u{7}").unwrap_err();
        assert!(!e.chars().any(|c| c.is_control()), "{e:?}");
    }

    #[test]
    fn the_header_names_the_choices_as_the_schedule_spells_them() {
        let schedule = schedule();
        let mut filter = Filter::default();
        filter.toggle(Facet::Track, "rust");
        filter.toggle(Facet::Track, "");
        filter.toggle(Facet::Room, "hall");
        filter.starred = true;
        assert_eq!(
            filter.describe(&FacetIndex::new(&schedule)),
            "track: (no track), Rust · room: Hall · starred"
        );
    }
}
