//! The starred sessions of one conference: load, star and unstar with an atomic save under a
//! lock, merge with other hallway processes, recover from unreadable files, and follow sessions
//! when a schedule update changes them. Format: docs/favourites-format.md.
//!
//! The rules that keep stars from being lost:
//! - every change is saved at once: temp file in the same folder, write, fsync, rename, fsync the
//!   folder; a crash at any moment leaves the old file or the new one;
//! - a save holds an exclusive lock (`<file>.lock`), re-reads the file, applies only its own
//!   change (star, unstar, re-key of named ids) and writes; the set in memory is then the file's;
//! - a file that cannot be read is never written over: it is moved aside to
//!   `<file>.corrupt-<timestamp>` and the caller is told; a file from a newer hallway is never
//!   touched and the set becomes read-only;
//! - a star whose session is gone stays in the file and is reported missing.

use crate::changes::{MatchKey, closest};
use crate::library;
use crate::model::{Schedule, Session, SessionId};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::{self, Write as _};
use std::fs::{self, File, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The version of the favourites format this build reads and writes.
pub const FAVOURITES_FORMAT_VERSION: u32 = 1;

/// How long a save waits for another hallway process to release the lock before giving up.
const LOCK_TIMEOUT: Duration = Duration::from_secs(10);

/// The comment at the top of every favourites file hallway writes.
const HEADER: &str = "// hallway favourites: the sessions starred for one conference.\n\
// Format: docs/favourites-format.md in hallway's repository. hallway rewrites this file on\n\
// every change (comments are not kept); edit it only while hallway is not running.\n";

/// What a star remembers of its session, so that the session can be recognised again when a
/// schedule update gives it a new id, and named when it has disappeared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Star {
    pub title: String,
    /// Speaker names, in the schedule's order.
    #[serde(default)]
    pub speakers: Vec<String>,
    /// The start as the schedule gave it (RFC 3339 in the file).
    pub start: DateTime<FixedOffset>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room: Option<String>,
}

impl Star {
    /// The snapshot of a session that a star keeps.
    pub fn of(session: &Session) -> Star {
        Star {
            title: session.title.clone(),
            speakers: session.speakers.iter().map(|s| s.name.clone()).collect(),
            start: session.start,
            room: session.room.as_ref().map(|r| r.0.clone()),
        }
    }

    /// Whether this is the snapshot `Star::of(session)` would take (without taking it).
    fn describes(&self, session: &Session) -> bool {
        self.title == session.title
            && self.start == session.start
            && self.room.as_deref() == session.room.as_ref().map(|r| r.0.as_str())
            && self
                .speakers
                .iter()
                .eq(session.speakers.iter().map(|s| &s.name))
    }
}

/// The file as it is written: see docs/favourites-format.md.
#[derive(Debug, Serialize, Deserialize)]
struct FavouritesFile {
    version: u32,
    /// The conference id the stars belong to (`Conference::id`).
    conference: String,
    #[serde(default)]
    stars: BTreeMap<SessionId, Star>,
}

/// Just the version, read first so that a file from a newer hallway is recognised even when
/// the rest of it means something this build does not know.
#[derive(Deserialize)]
struct VersionProbe {
    version: u32,
}

/// Something went wrong reading, locking or writing a favourites file. A file that is merely
/// unreadable is not an error: it is moved aside and reported in a `LoadOutcome` or `Saved`.
#[derive(Debug, thiserror::Error)]
pub enum FavouritesError {
    #[error("cannot find where to keep favourites: {0}")]
    DataDir(#[from] library::LibraryError),
    #[error("cannot create the favourites folder {path}: {source}")]
    CreateDir { path: PathBuf, source: io::Error },
    #[error("cannot read the favourites file {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("cannot write the favourites file {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
    #[error("cannot lock {path}: {source}")]
    Lock { path: PathBuf, source: io::Error },
    #[error(
        "cannot lock {path}: another hallway has held it for more than {} s",
        LOCK_TIMEOUT.as_secs()
    )]
    LockTimeout { path: PathBuf },
    #[error("cannot move the unreadable favourites file {path} aside to {to}: {source}")]
    MoveAside {
        path: PathBuf,
        to: PathBuf,
        source: io::Error,
    },
    #[error(
        "stars are read-only: {path} was written by a newer hallway (favourites format version \
         {found}; this hallway reads version {supported}); update hallway to change stars"
    )]
    ReadOnly {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
}

/// A favourites file that could not be read and was moved aside, untouched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovedAside {
    /// Where the file was.
    pub from: PathBuf,
    /// Where it is now (`<file>.corrupt-<timestamp>`).
    pub to: PathBuf,
    /// What was wrong with it.
    pub reason: String,
}

impl fmt::Display for MovedAside {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the favourites file {} could not be read ({}); it was moved aside to {} and \
             hallway carries on without the stars it held",
            self.from.display(),
            self.reason,
            self.to.display()
        )
    }
}

/// What loading (or reloading) found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadOutcome {
    /// There is no favourites file yet: no stars.
    NoFile,
    /// The file was read.
    Loaded { stars: usize },
    /// The file could not be read; it was moved aside and the set is empty.
    MovedAside(MovedAside),
    /// The file was written by a newer hallway: it is left untouched, its stars are shown as
    /// far as this build understands them, and changes are refused.
    ReadOnly {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
}

impl LoadOutcome {
    /// The message to show the user (status line and stderr), when there is something to say.
    pub fn message(&self) -> Option<String> {
        match self {
            LoadOutcome::NoFile | LoadOutcome::Loaded { .. } => None,
            LoadOutcome::MovedAside(moved) => Some(moved.to_string()),
            LoadOutcome::ReadOnly {
                path,
                found,
                supported,
            } => Some(
                FavouritesError::ReadOnly {
                    path: path.clone(),
                    found: *found,
                    supported: *supported,
                }
                .to_string(),
            ),
        }
    }
}

/// What a save did besides the change asked for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[must_use = "a file moved aside during the save must be reported to the user"]
pub struct Saved {
    /// The file on disk had become unreadable; it was moved aside before writing the new one.
    pub moved_aside: Option<MovedAside>,
}

/// The result of `toggle_star`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a file moved aside during the save must be reported to the user"]
pub struct Toggled {
    /// Whether the session is starred now.
    pub starred: bool,
    pub saved: Saved,
}

/// How the stars matched a schedule (see `Favourites::resolve`).
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use = "missing stars must be shown to the user"]
pub struct Resolution {
    /// Stars whose id is in the schedule (after re-keying).
    pub found: usize,
    /// Stars whose id had gone but whose session was recognised by title and speakers:
    /// `(old id, new id)`. They are re-keyed to the new id, in the file too.
    pub rekeyed: Vec<(SessionId, SessionId)>,
    /// Stars whose session is not in the schedule. They stay in the file.
    pub missing: Vec<(SessionId, Star)>,
    pub saved: Saved,
}

/// Puts sessions in the order the agenda lists them: by start, then room, then title.
pub fn sort_in_time_order(sessions: &mut [&Session]) {
    sessions.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then_with(|| a.room.cmp(&b.room))
            .then_with(|| a.title.cmp(&b.title))
    });
}

/// Starred sessions that overlap in time.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict<'a> {
    pub session: &'a Session,
    /// The other starred sessions it overlaps, in time order.
    pub clashes_with: Vec<&'a Session>,
}

/// The starred sessions of one conference, backed by its favourites file.
#[derive(Debug)]
pub struct Favourites {
    path: PathBuf,
    conference_id: String,
    stars: BTreeMap<SessionId, Star>,
    /// The version of a newer file that made the set read-only.
    newer_version: Option<u32>,
    /// The bytes of the file as this set last read or wrote it, when they were valid: `stars`
    /// is exactly what they hold, so reading the same bytes again needs no parsing.
    known: Option<Vec<u8>>,
}

/// One change a save applies to the stars it re-reads, and nothing else.
enum Change {
    Star(Vec<(SessionId, Star)>),
    Unstar(Vec<SessionId>),
    /// What `resolve` found: move stars to new ids (`old`, `new`, snapshot) and update the
    /// snapshot of others, each only if the star is still there.
    Resolve {
        moves: Vec<(SessionId, SessionId, Star)>,
        refresh: Vec<(SessionId, Star)>,
    },
}

impl Change {
    /// Applies the change and returns what it replaced, so that a failed save can be undone.
    fn apply(self, stars: &mut BTreeMap<SessionId, Star>) -> Undo {
        let mut undo = Undo(Vec::new());
        match self {
            Change::Star(new) => {
                for (id, star) in new {
                    let before = stars.insert(id.clone(), star);
                    undo.0.push((id, before));
                }
            }
            Change::Unstar(ids) => {
                for id in ids {
                    if let Some(before) = stars.remove(&id) {
                        undo.0.push((id, Some(before)));
                    }
                }
            }
            Change::Resolve { moves, refresh } => {
                for (old, new, star) in moves {
                    if let Some(before) = stars.remove(&old) {
                        undo.0.push((old, Some(before)));
                        let replaced = stars.insert(new.clone(), star);
                        undo.0.push((new, replaced));
                    }
                }
                for (id, star) in refresh {
                    if let Some(slot) = stars.get_mut(&id) {
                        let before = std::mem::replace(slot, star);
                        undo.0.push((id, Some(before)));
                    }
                }
            }
        }
        undo
    }
}

/// What a change replaced, in order: each id with the star it had before (or none).
struct Undo(Vec<(SessionId, Option<Star>)>);

impl Undo {
    fn undo(self, stars: &mut BTreeMap<SessionId, Star>) {
        for (id, before) in self.0.into_iter().rev() {
            match before {
                Some(star) => stars.insert(id, star),
                None => stars.remove(&id),
            };
        }
    }
}

/// What is on disk at a favourites path.
enum OnDisk {
    Missing,
    /// The bytes the set last read or wrote: `stars` is what they hold.
    Unchanged,
    Valid(BTreeMap<SessionId, Star>, Vec<u8>),
    /// A newer version, with the stars this build could make out (possibly none).
    Newer(u32, BTreeMap<SessionId, Star>),
    Corrupt(String),
}

/// What the bytes of a favourites file hold.
enum Parsed {
    Valid(BTreeMap<SessionId, Star>),
    Newer(u32, BTreeMap<SessionId, Star>),
    Corrupt(String),
}

impl Favourites {
    /// Loads the stars of a conference from the data directory (`library::favourites_path`).
    /// A file whose content cannot be understood is moved aside and reported in the outcome,
    /// not as an error; errors are for what cannot be done at all (the file cannot be opened,
    /// the folder cannot be created or locked).
    pub fn load(
        data_dir: &Path,
        conference_id: &str,
    ) -> Result<(Favourites, LoadOutcome), FavouritesError> {
        Favourites::open(
            library::favourites_path(data_dir, conference_id),
            conference_id,
        )
    }

    /// Loads the stars of a conference from a given file.
    pub fn open(
        path: PathBuf,
        conference_id: &str,
    ) -> Result<(Favourites, LoadOutcome), FavouritesError> {
        let mut favourites = Favourites {
            path,
            conference_id: conference_id.to_string(),
            stars: BTreeMap::new(),
            newer_version: None,
            known: None,
        };
        let outcome = favourites.reload()?;
        Ok((favourites, outcome))
    }

    /// Reads the file again, taking in what other hallway processes saved (the app calls it on
    /// its minute tick). Same outcomes as `load`.
    pub fn reload(&mut self) -> Result<LoadOutcome, FavouritesError> {
        let mut on_disk = self.read_disk()?;
        if let OnDisk::Corrupt(_) = on_disk {
            // Re-check under the lock: the file is only moved aside if it is still unreadable
            // while no other hallway can be replacing it.
            self.create_dir()?;
            let _lock = lock(&self.lock_path())?;
            on_disk = self.read_disk()?;
            if let OnDisk::Corrupt(reason) = on_disk {
                let moved = move_aside(&self.path, reason)?;
                self.take_in(OnDisk::Missing);
                return Ok(LoadOutcome::MovedAside(moved));
            }
        }
        Ok(self.take_in(on_disk))
    }

    /// The favourites file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The conference these stars belong to.
    pub fn conference_id(&self) -> &str {
        &self.conference_id
    }

    /// Whether the session with this id is starred.
    pub fn is_starred(&self, id: &SessionId) -> bool {
        self.stars.contains_key(id)
    }

    /// Every star, by session id.
    pub fn stars(&self) -> &BTreeMap<SessionId, Star> {
        &self.stars
    }

    /// How many stars there are (found and missing).
    pub fn len(&self) -> usize {
        self.stars.len()
    }

    /// Whether nothing is starred.
    pub fn is_empty(&self) -> bool {
        self.stars.is_empty()
    }

    /// Why changes are refused, when the file was written by a newer hallway.
    pub fn read_only(&self) -> Option<FavouritesError> {
        self.newer_version.map(|found| FavouritesError::ReadOnly {
            path: self.path.clone(),
            found,
            supported: FAVOURITES_FORMAT_VERSION,
        })
    }

    /// Stars the session if it is not starred, unstars it if it is, and saves.
    pub fn toggle_star(&mut self, session: &Session) -> Result<Toggled, FavouritesError> {
        let saved = if self.is_starred(&session.id) {
            self.unstar(std::slice::from_ref(&session.id))?
        } else {
            self.star(&[session])?
        };
        Ok(Toggled {
            starred: self.is_starred(&session.id),
            saved,
        })
    }

    /// Stars these sessions (already starred ones get a fresh snapshot) and saves.
    pub fn star(&mut self, sessions: &[&Session]) -> Result<Saved, FavouritesError> {
        let new = sessions
            .iter()
            .map(|s| (s.id.clone(), Star::of(s)))
            .collect();
        self.commit(Change::Star(new))
    }

    /// Unstars the sessions with these ids (present or missing) and saves.
    pub fn unstar(&mut self, ids: &[SessionId]) -> Result<Saved, FavouritesError> {
        self.commit(Change::Unstar(ids.to_vec()))
    }

    /// Matches the stars to a schedule: by id, then, for a star whose id is gone, by title and
    /// speakers (ignoring case and spacing; among several such sessions the one starting
    /// closest to the star's start). A recognised star is re-keyed to its session's new id and
    /// saved; stars found by id get their snapshot refreshed when the session changed. A star
    /// whose session is gone stays in the file and is listed in `missing`.
    ///
    /// When the set is read-only the matching is done in memory only.
    pub fn resolve(&mut self, schedule: &Schedule) -> Result<Resolution, FavouritesError> {
        let by_id: HashMap<&SessionId, &Session> =
            schedule.sessions.iter().map(|s| (&s.id, s)).collect();
        // Only needed, and only built, when some star's id is gone.
        let mut by_key: HashMap<MatchKey, Vec<&Session>> = HashMap::new();
        if self.stars.keys().any(|id| !by_id.contains_key(id)) {
            for session in &schedule.sessions {
                by_key
                    .entry(MatchKey::of_session(session))
                    .or_default()
                    .push(session);
            }
        }
        // A session that is starred under its own id cannot also take a re-keyed star.
        let mut claimed: HashSet<&SessionId> = self
            .stars
            .keys()
            .filter(|id| by_id.contains_key(id))
            .collect();
        let mut moves = Vec::new();
        let mut refresh = Vec::new();
        for (id, star) in &self.stars {
            if let Some(session) = by_id.get(id) {
                if !star.describes(session) {
                    refresh.push((id.clone(), Star::of(session)));
                }
                continue;
            }
            let candidates = by_key
                .get(&star_key(star))
                .into_iter()
                .flatten()
                .copied()
                .filter(|s| !claimed.contains(&s.id));
            let best = closest(candidates, star.start, star.room.as_deref());
            if let Some(session) = best {
                claimed.insert(&session.id);
                moves.push((id.clone(), session.id.clone(), Star::of(session)));
            }
        }
        let rekeyed: Vec<(SessionId, SessionId)> = moves
            .iter()
            .map(|(old, new, _)| (old.clone(), new.clone()))
            .collect();
        let mut saved = Saved::default();
        let nothing_to_save = moves.is_empty() && refresh.is_empty();
        let change = Change::Resolve { moves, refresh };
        if self.newer_version.is_some() {
            let _ = change.apply(&mut self.stars);
        } else if !nothing_to_save {
            saved = self.commit(change)?;
        }
        let missing: Vec<(SessionId, Star)> = self
            .stars
            .iter()
            .filter(|(id, _)| !by_id.contains_key(id))
            .map(|(id, star)| (id.clone(), star.clone()))
            .collect();
        Ok(Resolution {
            found: self.stars.len() - missing.len(),
            rekeyed,
            missing,
            saved,
        })
    }

    /// The stars whose session is not in the schedule (after `resolve`: those it could not
    /// match), in id order: the agenda lists them as missing.
    pub fn missing<'a>(&'a self, schedule: &Schedule) -> Vec<(&'a SessionId, &'a Star)> {
        let ids: HashSet<&SessionId> = schedule.sessions.iter().map(|s| &s.id).collect();
        self.stars
            .iter()
            .filter(|(id, _)| !ids.contains(id))
            .collect()
    }

    /// The starred sessions of a schedule, in time order (then room, then title).
    pub fn starred_sessions<'a>(&self, schedule: &'a Schedule) -> Vec<&'a Session> {
        let mut sessions: Vec<&Session> = schedule
            .sessions
            .iter()
            .filter(|s| self.is_starred(&s.id))
            .collect();
        sort_in_time_order(&mut sessions);
        sessions
    }

    /// The starred sessions of a schedule that overlap another starred session, each with the
    /// sessions it clashes with.
    pub fn conflicts<'a>(&self, schedule: &'a Schedule) -> Vec<Conflict<'a>> {
        conflicts_among(&self.starred_sessions(schedule))
    }

    /// Reads what is at the path. Only I/O failures other than "not found" are errors; content
    /// that cannot be understood is `Corrupt`.
    fn read_disk(&self) -> Result<OnDisk, FavouritesError> {
        // A FIFO, a device or an absurd size is refused, not read (`library::read_regular`).
        let bytes = match library::read_regular(&self.path, crate::formats::MAX_FILE_BYTES) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(OnDisk::Missing),
            Err(source) => {
                return Err(FavouritesError::Read {
                    path: self.path.clone(),
                    source,
                });
            }
        };
        if self.known.as_deref() == Some(bytes.as_slice()) {
            return Ok(OnDisk::Unchanged);
        }
        Ok(match parse(&bytes) {
            Parsed::Valid(stars) => OnDisk::Valid(stars, bytes),
            Parsed::Newer(version, stars) => OnDisk::Newer(version, stars),
            Parsed::Corrupt(reason) => OnDisk::Corrupt(reason),
        })
    }

    /// Makes the set what is on disk and says what that was. (`Corrupt` must be handled, by
    /// moving the file aside, before: here it counts as no file.)
    fn take_in(&mut self, on_disk: OnDisk) -> LoadOutcome {
        let (stars, known, newer) = match on_disk {
            OnDisk::Unchanged => {
                self.newer_version = None;
                return LoadOutcome::Loaded {
                    stars: self.stars.len(),
                };
            }
            OnDisk::Missing | OnDisk::Corrupt(_) => (BTreeMap::new(), None, None),
            OnDisk::Valid(stars, bytes) => (stars, Some(bytes), None),
            OnDisk::Newer(version, stars) => (stars, None, Some(version)),
        };
        let had_file = known.is_some();
        self.stars = stars;
        self.known = known;
        self.newer_version = newer;
        match newer {
            Some(version) => self.read_only_outcome(version),
            None if had_file => LoadOutcome::Loaded {
                stars: self.stars.len(),
            },
            None => LoadOutcome::NoFile,
        }
    }

    fn lock_path(&self) -> PathBuf {
        sibling(&self.path, ".lock")
    }

    fn create_dir(&self) -> Result<(), FavouritesError> {
        let dir = parent_dir(&self.path);
        fs::create_dir_all(dir).map_err(|source| FavouritesError::CreateDir {
            path: dir.to_path_buf(),
            source,
        })
    }

    fn read_only_outcome(&self, found: u32) -> LoadOutcome {
        LoadOutcome::ReadOnly {
            path: self.path.clone(),
            found,
            supported: FAVOURITES_FORMAT_VERSION,
        }
    }

    /// Saves one change: lock, re-read, apply, write atomically, unlock. The set in memory
    /// becomes what was written, other processes' stars included.
    fn commit(&mut self, change: Change) -> Result<Saved, FavouritesError> {
        if let Some(error) = self.read_only() {
            return Err(error);
        }
        self.create_dir()?;
        let lock = lock(&self.lock_path())?;
        let mut saved = Saved::default();
        match self.read_disk()? {
            OnDisk::Corrupt(reason) => {
                saved.moved_aside = Some(move_aside(&self.path, reason)?);
                self.take_in(OnDisk::Missing);
            }
            on_disk => {
                // The stars on disk, another process's included, become the set's even if
                // the write below fails: they are what is true.
                let _ = self.take_in(on_disk);
            }
        }
        if let Some(error) = self.read_only() {
            return Err(error);
        }
        let undo = change.apply(&mut self.stars);
        let text = render(&self.conference_id, &self.stars);
        remove_stale_temp_files(&self.path);
        if let Err(error) = write_atomic(&self.path, text.as_bytes()) {
            // The file still holds what was read: so must the set.
            undo.undo(&mut self.stars);
            return Err(error);
        }
        drop(lock);
        self.known = Some(text.into_bytes());
        Ok(saved)
    }
}

/// The starred sessions among `sessions` that overlap another of them (`Session::overlaps`),
/// each with the sessions it clashes with, in time order.
pub fn conflicts_among<'a>(sessions: &[&'a Session]) -> Vec<Conflict<'a>> {
    let mut sorted: Vec<&Session> = sessions.to_vec();
    sorted.sort_by_key(|s| s.start);
    let mut clashes: Vec<Vec<&Session>> = vec![Vec::new(); sorted.len()];
    for i in 0..sorted.len() {
        let end = sorted[i].effective_end();
        // Sorted by start: once a session starts at or after this one's end, so do the rest.
        for j in (i + 1)..sorted.len() {
            if sorted[j].start >= end {
                break;
            }
            if sorted[i].overlaps(sorted[j]) {
                clashes[i].push(sorted[j]);
                clashes[j].push(sorted[i]);
            }
        }
    }
    sorted
        .into_iter()
        .zip(clashes)
        .filter(|(_, with)| !with.is_empty())
        .map(|(session, mut clashes_with)| {
            clashes_with.sort_by_key(|s| s.start);
            Conflict {
                session,
                clashes_with,
            }
        })
        .collect()
}

/// The key a star is recognised by when its session's id is gone (`MatchKey::of_session` of the
/// session it was taken from).
fn star_key(star: &Star) -> MatchKey {
    MatchKey::new(&star.title, star.speakers.iter().map(String::as_str))
}

/// The file's text: a comment header, then the RON value, with no newline after the final `)`
/// so that every cut of the file, even of its last byte, fails to parse.
///
/// Written by hand rather than with `ron::ser` (five times slower for 1,000 stars); a test
/// checks that the text is the same as `ron::ser::to_string_pretty` writes.
fn render(conference: &str, stars: &BTreeMap<SessionId, Star>) -> String {
    let mut out = String::with_capacity(HEADER.len() + 128 + stars.len() * 256);
    out.push_str(HEADER);
    out.push_str("#![enable(implicit_some)]\n(\n");
    // Writing to a String cannot fail.
    let _ = writeln!(out, "    version: {FAVOURITES_FORMAT_VERSION},");
    out.push_str("    conference: ");
    push_ron_string(&mut out, conference);
    out.push_str(",\n");
    if stars.is_empty() {
        out.push_str("    stars: {},\n");
    } else {
        out.push_str("    stars: {\n");
        for (id, star) in stars {
            out.push_str("        ");
            push_ron_string(&mut out, &id.0);
            out.push_str(": (\n            title: ");
            push_ron_string(&mut out, &star.title);
            out.push_str(",\n            speakers: [");
            for (i, name) in star.speakers.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                push_ron_string(&mut out, name);
            }
            out.push_str("],\n            start: ");
            push_ron_string(&mut out, &format_start(&star.start));
            out.push_str(",\n");
            if let Some(room) = &star.room {
                out.push_str("            room: ");
                push_ron_string(&mut out, room);
                out.push_str(",\n");
            }
            out.push_str("        ),\n");
        }
        out.push_str("    },\n");
    }
    out.push(')');
    out
}

/// A start as chrono's serde writes it (RFC 3339, fractions only when there are some).
fn format_start(start: &DateTime<FixedOffset>) -> String {
    start.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

/// A RON string literal, escaped as `ron::ser` escapes it (`char::escape_debug`).
fn push_ron_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        if matches!(c, ' '..='~') && !matches!(c, '"' | '\\' | '\'') {
            out.push(c);
        } else {
            out.extend(c.escape_debug());
        }
    }
    out.push('"');
}

/// Understands the bytes of a favourites file.
fn parse(bytes: &[u8]) -> Parsed {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            return Parsed::Corrupt(format!(
                "it is not UTF-8 text (byte {})",
                e.valid_up_to() + 1
            ));
        }
    };
    if text.trim().is_empty() {
        return Parsed::Corrupt("it is empty".to_string());
    }
    // The whole file first (one parse in the usual case); when that fails, the version alone,
    // to tell a file from a newer hallway from a broken one.
    match ron::from_str::<FavouritesFile>(text) {
        Ok(file) if file.version == FAVOURITES_FORMAT_VERSION => Parsed::Valid(file.stars),
        Ok(file) if file.version > FAVOURITES_FORMAT_VERSION => {
            Parsed::Newer(file.version, file.stars)
        }
        Ok(file) => Parsed::Corrupt(format!(
            "version {} is not a favourites format version",
            file.version
        )),
        Err(error) => match ron::from_str::<VersionProbe>(text) {
            // Newer, and this build cannot make out its stars: read-only with none shown.
            Ok(probe) if probe.version > FAVOURITES_FORMAT_VERSION => {
                Parsed::Newer(probe.version, BTreeMap::new())
            }
            _ => Parsed::Corrupt(describe(&error)),
        },
    }
}

/// A RON error as "line 3, column 5: ...".
fn describe(error: &ron::error::SpannedError) -> String {
    format!(
        "line {}, column {}: {}",
        error.span.start.line,
        error.span.start.col,
        crate::formats::ron::error_message(&error.code)
    )
}

/// `path` with `suffix` appended to its file name.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// Takes the exclusive lock on `lock_path`, waiting for other processes up to `LOCK_TIMEOUT`.
/// The lock is released when the returned file is dropped (or the process dies).
fn lock(lock_path: &Path) -> Result<File, FavouritesError> {
    let file = File::options()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(lock_path)
        .map_err(|source| FavouritesError::Lock {
            path: lock_path.to_path_buf(),
            source,
        })?;
    let deadline = Instant::now() + LOCK_TIMEOUT;
    let mut pause = Duration::from_micros(100);
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(5));
            }
            Err(TryLockError::WouldBlock) => {
                return Err(FavouritesError::LockTimeout {
                    path: lock_path.to_path_buf(),
                });
            }
            Err(TryLockError::Error(source)) => {
                return Err(FavouritesError::Lock {
                    path: lock_path.to_path_buf(),
                    source,
                });
            }
        }
    }
}

/// The prefix of the temporary files a save writes before renaming.
fn temp_prefix(path: &Path) -> String {
    format!(
        ".{}.tmp",
        path.file_name().unwrap_or_default().to_string_lossy()
    )
}

/// Removes temporary files left by a save that was killed. Only called under the lock, when
/// no other hallway can be writing one; failing to remove one is harmless.
fn remove_stale_temp_files(path: &Path) {
    let prefix = temp_prefix(path);
    let Ok(entries) = fs::read_dir(parent_dir(path)) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Replaces `path` with `bytes` so that a crash at any moment leaves the old file or the new
/// one (see `library::replace_file`). A symbolic link (dotfiles kept elsewhere) is written
/// through: its target is replaced, atomically in the target's folder, and the link stays.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), FavouritesError> {
    let write_error = |source| FavouritesError::Write {
        path: path.to_path_buf(),
        source,
    };
    let target = library::link_target(path).map_err(write_error)?;
    if target != path {
        remove_stale_temp_files(&target);
    }
    library::replace_file(&target, bytes, &temp_prefix(&target)).map_err(write_error)
}

/// Moves an unreadable file to `<file>.corrupt-<UTC timestamp>` (`library::move_aside`),
/// never replacing another file. Called under the lock.
fn move_aside(path: &Path, reason: String) -> Result<MovedAside, FavouritesError> {
    // Through a symbolic link, the file it names is moved aside, beside itself: the link
    // stays, and the next save writes a new target through it.
    let path = &library::link_target(path).unwrap_or_else(|_| path.to_path_buf());
    let to = library::aside_path(path);
    library::move_aside(path, &to).map_err(|source| FavouritesError::MoveAside {
        path: path.to_path_buf(),
        to: to.clone(),
        source,
    })?;
    Ok(MovedAside {
        from: path.to_path_buf(),
        to,
        reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Conference, Room, SCHEDULE_FORMAT_VERSION, Speaker, default_day_change};
    use ron::extensions::Extensions;
    use ron::ser::PrettyConfig;

    pub(crate) fn session(id: &str, title: &str, speakers: &[&str], start: &str) -> Session {
        let start = DateTime::parse_from_rfc3339(start).unwrap();
        Session {
            id: id.into(),
            title: title.into(),
            subtitle: None,
            speakers: speakers
                .iter()
                .map(|name| Speaker {
                    name: name.to_string(),
                    organisation: None,
                })
                .collect(),
            start,
            end: Some(start + chrono::Duration::minutes(45)),
            room: Some(Room("Hall A".into())),
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
    fn round_trip_keeps_every_field() {
        let dir = tempfile::tempdir().unwrap();
        let (mut favs, outcome) = Favourites::load(dir.path(), "conf").unwrap();
        assert_eq!(outcome, LoadOutcome::NoFile);
        let mut s = session(
            "a",
            "Über \"quotes\", commas; and\nnewlines",
            &["Zoë Ölmez", "B"],
            "2024-03-20T10:00:00+01:00",
        );
        let t = Session {
            room: None,
            ..session("b", "Plain", &[], "2024-03-21T10:00:00-05:00")
        };
        s.room = Some(Room("Salle Été".into()));
        let toggled = favs.toggle_star(&s).unwrap();
        assert!(toggled.starred);
        let _ = favs.star(&[&t]).unwrap();
        let (again, outcome) = Favourites::load(dir.path(), "conf").unwrap();
        assert_eq!(outcome, LoadOutcome::Loaded { stars: 2 });
        assert_eq!(again.stars(), favs.stars());
        assert_eq!(again.stars()[&s.id], Star::of(&s));
        let text = fs::read_to_string(favs.path()).unwrap();
        assert!(text.starts_with("// hallway favourites"), "{text}");
        assert!(text.contains("version: 1"), "{text}");
        assert!(text.contains("\"2024-03-21T10:00:00-05:00\""), "{text}");
        assert!(text.ends_with(')'), "{text}");
        let toggled = favs.toggle_star(&s).unwrap();
        assert!(!toggled.starred);
        assert_eq!(favs.len(), 1);
    }

    #[test]
    fn the_documented_example_is_what_hallway_writes() {
        let doc = include_str!("../docs/favourites-format.md");
        let example = doc
            .split("```ron\n")
            .nth(1)
            .and_then(|rest| rest.split("\n```").next())
            .unwrap();
        let Parsed::Valid(stars) = parse(example.as_bytes()) else {
            panic!("the documented example does not load");
        };
        assert_eq!(stars.len(), 2);
        assert_eq!(render("kubecon-eu-2024", &stars), example);
    }

    #[test]
    fn the_hand_written_text_is_what_ron_writes_and_reads_back() {
        #[derive(Serialize)]
        struct FileRef<'a> {
            version: u32,
            conference: &'a str,
            stars: &'a BTreeMap<SessionId, Star>,
        }
        let config = PrettyConfig::new()
            .indentor("    ")
            .compact_arrays(true)
            .extensions(Extensions::IMPLICIT_SOME);
        let texts = [
            "plain",
            "",
            "quote \" backslash \\ apostrophe ' hash # r#\"raw\"#",
            "new\nline\r\ttab\0nul\u{7}bell\u{1b}[31m",
            "Zoë Ölmez, 李小龍, e\u{301} combining, 👩‍🔬 zwj, \u{202e}rtl, \u{200b}zw",
            "\u{7f}\u{85}\u{a0}\u{ad}\u{feff}",
        ];
        let offsets = [
            "2024-03-20T10:00:00+01:00",
            "2024-03-20T10:00:00+00:00",
            "2024-03-20T10:00:00.250-05:30",
        ];
        let mut stars = BTreeMap::new();
        for (i, text) in texts.iter().enumerate() {
            stars.insert(
                SessionId(format!("{text}-{i}")),
                Star {
                    title: text.to_string(),
                    speakers: texts[..i].iter().map(|t| t.to_string()).collect(),
                    start: DateTime::parse_from_rfc3339(offsets[i % offsets.len()]).unwrap(),
                    room: (i % 2 == 0).then(|| text.to_string()),
                },
            );
        }
        for stars in [BTreeMap::new(), stars] {
            for conference in texts {
                let ours = render(conference, &stars);
                let file = FileRef {
                    version: FAVOURITES_FORMAT_VERSION,
                    conference,
                    stars: &stars,
                };
                let theirs = ron::ser::to_string_pretty(&file, config.clone()).unwrap();
                assert_eq!(ours, format!("{HEADER}{}", theirs.trim_end()));
                let Parsed::Valid(back) = parse(ours.as_bytes()) else {
                    panic!("{ours}");
                };
                assert_eq!(back, stars);
            }
        }
    }

    #[test]
    fn a_failed_save_leaves_the_set_as_the_file_is() {
        let dir = tempfile::tempdir().unwrap();
        let (mut favs, _) = Favourites::load(dir.path(), "conf").unwrap();
        let a = session("a", "A", &[], "2024-03-20T10:00:00+01:00");
        let b = session("b", "B", &[], "2024-03-20T11:00:00+01:00");
        let _ = favs.star(&[&a]).unwrap();
        // A folder where the file should be: the rename fails.
        let path = favs.path().to_path_buf();
        fs::remove_file(&path).unwrap();
        fs::create_dir(&path).unwrap();
        fs::write(path.join("x"), "").unwrap();
        assert!(favs.star(&[&b]).is_err());
        assert!(!favs.is_starred(&b.id));
        let mut stars = BTreeMap::new();
        let undo = Change::Resolve {
            moves: vec![(a.id.clone(), b.id.clone(), Star::of(&b))],
            refresh: vec![],
        }
        .apply(&mut stars);
        undo.undo(&mut stars);
        assert!(stars.is_empty());
        stars.insert(a.id.clone(), Star::of(&a));
        stars.insert(b.id.clone(), Star::of(&a));
        let before = stars.clone();
        let undo = Change::Resolve {
            moves: vec![(a.id.clone(), b.id.clone(), Star::of(&b))],
            refresh: vec![],
        }
        .apply(&mut stars);
        assert_eq!(stars.len(), 1);
        undo.undo(&mut stars);
        assert_eq!(stars, before);
    }

    #[test]
    fn a_trailing_newline_from_an_editor_is_accepted() {
        let dir = tempfile::tempdir().unwrap();
        let (mut favs, _) = Favourites::load(dir.path(), "conf").unwrap();
        let s = session("a", "A", &[], "2024-03-20T10:00:00+01:00");
        let _ = favs.star(&[&s]).unwrap();
        let mut text = fs::read_to_string(favs.path()).unwrap();
        text.push_str("\n\n");
        fs::write(favs.path(), text).unwrap();
        assert_eq!(favs.reload().unwrap(), LoadOutcome::Loaded { stars: 1 });
    }

    #[test]
    fn a_corrupt_file_is_moved_aside_and_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = library::favourites_path(dir.path(), "conf");
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(
            &path,
            "(version: 1, conference: \"conf\", stars: {\"a\": (tit",
        )
        .unwrap();
        let (mut favs, outcome) = Favourites::load(dir.path(), "conf").unwrap();
        let LoadOutcome::MovedAside(moved) = &outcome else {
            panic!("{outcome:?}");
        };
        assert!(moved.to.to_string_lossy().contains(".ron.corrupt-"));
        assert!(
            outcome
                .message()
                .unwrap()
                .contains(&*moved.to.to_string_lossy())
        );
        assert!(moved.reason.contains("line 1"), "{}", moved.reason);
        assert!(!path.exists());
        // The same corruption again a moment later: the first copy is kept.
        fs::write(&path, "garbage").unwrap();
        let LoadOutcome::MovedAside(second) = favs.reload().unwrap() else {
            panic!()
        };
        assert_ne!(second.to, moved.to);
        assert!(fs::read_to_string(&moved.to).unwrap().contains("(tit"));
        assert_eq!(fs::read_to_string(&second.to).unwrap(), "garbage");
        // Corruption found by a save: moved aside there too, and reported.
        fs::write(&path, [0xff, 0xfe]).unwrap();
        let s = session("a", "A", &[], "2024-03-20T10:00:00+01:00");
        let toggled = favs.toggle_star(&s).unwrap();
        let moved = toggled.saved.moved_aside.unwrap();
        assert!(moved.reason.contains("UTF-8"), "{}", moved.reason);
        assert_eq!(fs::read(&moved.to).unwrap(), [0xff, 0xfe]);
        assert_eq!(favs.len(), 1);
    }

    #[test]
    fn a_newer_file_is_read_only_and_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = library::favourites_path(dir.path(), "conf");
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        let newer = "(version: 2, conference: \"conf\", colour: \"red\", stars: {\"a\": (title: \"A\", speakers: [], start: \"2024-03-20T10:00:00+01:00\")})";
        fs::write(&path, newer).unwrap();
        let (mut favs, outcome) = Favourites::load(dir.path(), "conf").unwrap();
        assert!(matches!(outcome, LoadOutcome::ReadOnly { found: 2, .. }));
        let message = outcome.message().unwrap();
        assert!(message.contains("newer hallway"), "{message}");
        assert!(favs.is_starred(&"a".into()));
        let s = session("b", "B", &[], "2024-03-20T10:00:00+01:00");
        let error = favs.toggle_star(&s).unwrap_err();
        assert!(matches!(error, FavouritesError::ReadOnly { found: 2, .. }));
        assert!(error.to_string().contains(&*path.to_string_lossy()));
        assert_eq!(fs::read_to_string(&path).unwrap(), newer);
        // A newer file that this build cannot make out at all: read-only with no stars.
        fs::write(&path, "(version: 7, stars: [1, 2])").unwrap();
        assert!(matches!(
            favs.reload().unwrap(),
            LoadOutcome::ReadOnly { found: 7, .. }
        ));
        assert!(favs.is_empty());
    }

    #[test]
    fn a_file_written_by_a_newer_hallway_during_a_session_stops_the_next_save() {
        let dir = tempfile::tempdir().unwrap();
        let (mut favs, _) = Favourites::load(dir.path(), "conf").unwrap();
        let s = session("a", "A", &[], "2024-03-20T10:00:00+01:00");
        let _ = favs.star(&[&s]).unwrap();
        let newer = "(version: 3, conference: \"conf\")";
        fs::write(favs.path(), newer).unwrap();
        assert!(matches!(
            favs.unstar(std::slice::from_ref(&s.id)),
            Err(FavouritesError::ReadOnly { found: 3, .. })
        ));
        assert!(favs.read_only().is_some());
        assert_eq!(fs::read_to_string(favs.path()).unwrap(), newer);
    }

    #[test]
    fn saves_merge_with_what_another_process_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let (mut one, _) = Favourites::load(dir.path(), "conf").unwrap();
        let (mut two, _) = Favourites::load(dir.path(), "conf").unwrap();
        let a = session("a", "A", &[], "2024-03-20T10:00:00+01:00");
        let b = session("b", "B", &[], "2024-03-20T11:00:00+01:00");
        let _ = one.star(&[&a]).unwrap();
        let _ = two.star(&[&b]).unwrap();
        assert_eq!(two.len(), 2);
        assert_eq!(one.len(), 1);
        one.reload().unwrap();
        assert_eq!(one.len(), 2);
        // Unstarring one's own star does not take back the other's.
        let _ = two.unstar(std::slice::from_ref(&b.id)).unwrap();
        let _ = one.toggle_star(&a).unwrap();
        assert!(one.is_empty());
        let _ = two.star(&[&b]).unwrap();
        let toggled = one.toggle_star(&a).unwrap();
        assert!(toggled.starred);
        assert_eq!(one.len(), 2);
    }

    #[test]
    fn stale_temp_files_are_cleaned_under_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let (mut favs, _) = Favourites::load(dir.path(), "conf").unwrap();
        let folder = favs.path().parent().unwrap().to_path_buf();
        fs::create_dir_all(&folder).unwrap();
        fs::write(folder.join(".conf.ron.tmpXYZ"), "half").unwrap();
        let s = session("a", "A", &[], "2024-03-20T10:00:00+01:00");
        let _ = favs.star(&[&s]).unwrap();
        let names: Vec<String> = fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        let mut names = names;
        names.sort();
        assert_eq!(names, ["conf.ron", "conf.ron.lock"]);
    }

    #[test]
    fn conflicts_name_each_clash() {
        let a = session("a", "A", &[], "2024-03-20T10:00:00+01:00"); // to 10:45
        let b = session("b", "B", &[], "2024-03-20T10:30:00+01:00"); // to 11:15
        let c = session("c", "C", &[], "2024-03-20T11:00:00+01:00"); // to 11:45
        let d = session("d", "D", &[], "2024-03-20T11:45:00+01:00"); // touches c
        let e = session("e", "E", &[], "2024-03-20T09:00:00+01:00");
        let e = Session {
            end: Some(DateTime::parse_from_rfc3339("2024-03-20T18:00:00+01:00").unwrap()),
            ..e
        };
        let conflicts = conflicts_among(&[&a, &b, &c, &d]);
        let names: Vec<(&str, Vec<&str>)> = conflicts
            .iter()
            .map(|c| {
                (
                    c.session.id.0.as_str(),
                    c.clashes_with.iter().map(|s| s.id.0.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            names,
            [("a", vec!["b"]), ("b", vec!["a", "c"]), ("c", vec!["b"])]
        );
        let all = conflicts_among(&[&d, &a, &e]);
        assert_eq!(all.len(), 3);
        assert_eq!(all[0].session.id.0, "e");
        assert_eq!(all[0].clashes_with.len(), 2);

        let dir = tempfile::tempdir().unwrap();
        let sched = schedule(vec![a.clone(), b.clone(), c.clone(), d.clone()]);
        let (mut favs, _) = Favourites::load(dir.path(), "conf").unwrap();
        let _ = favs.star(&[&a, &c, &d]).unwrap();
        assert!(favs.conflicts(&sched).is_empty());
        let _ = favs.star(&[&b]).unwrap();
        assert_eq!(favs.conflicts(&sched).len(), 3);
    }

    #[test]
    fn the_matching_key_ignores_case_and_spacing() {
        let star = Star {
            title: "  Rust   in the KERNEL ".into(),
            speakers: vec!["zoë  ölmez".into(), "Ada".into()],
            start: DateTime::parse_from_rfc3339("2024-03-20T10:00:00+01:00").unwrap(),
            room: None,
        };
        let s = session(
            "x",
            "rust in the kernel",
            &["Ada", "Zoë Ölmez"],
            "2024-03-21T10:00:00+01:00",
        );
        assert_eq!(star_key(&star), MatchKey::of_session(&s));
        assert!(!star.describes(&s));
        assert!(Star::of(&s).describes(&s));
        let mut moved = s.clone();
        moved.room = None;
        assert!(!Star::of(&s).describes(&moved));
        moved = s.clone();
        moved.speakers.reverse();
        assert!(!Star::of(&s).describes(&moved));
    }
}
