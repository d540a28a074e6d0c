//! The starred sessions of one conference, with their priorities and the user's notes on
//! sessions: load, change with an atomic save under a lock, merge with other hallway
//! processes, recover from unreadable files, and follow sessions when a schedule update changes
//! them. Format: docs/favourites-format.md.
//!
//! The rules that keep stars from being lost:
//! - every change is saved at once: temp file in the same folder, write, fsync, rename, fsync the
//!   folder; a crash at any moment leaves the old file or the new one;
//! - a save holds an exclusive lock (`<file>.lock`), re-reads the file, applies only its own
//!   change (star, unstar, re-key of named ids) and writes; the set in memory is then the file's;
//! - a file that cannot be read is never written over: it is moved aside to
//!   `<file>.corrupt-<timestamp>` and the caller is told; a file from a newer hallway is never
//!   touched and the set becomes read-only;
//! - a star or a note whose session is gone stays in the file and is reported missing.

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
/// Version 2 added priorities and notes: a version 1 hallway would drop them on its next save,
/// so it must see the file as newer (read-only) rather than read it.
pub const FAVOURITES_FORMAT_VERSION: u32 = 2;

/// The oldest version this build reads (and rewrites, on the next change, as the current one).
const OLDEST_READ_VERSION: u32 = 1;

/// How long a save waits for another hallway process to release the lock before giving up.
const LOCK_TIMEOUT: Duration = Duration::from_secs(10);

/// The comment at the top of every favourites file hallway writes.
const HEADER: &str = "// hallway favourites: the sessions starred for one conference, and notes on sessions.\n\
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
    /// Must-see or maybe; `None`: starred without saying.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
}

/// How much a starred session matters: a clash between two musts is a real choice to make, a
/// must against a maybe is settled (the must wins).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Priority {
    /// Must see.
    Must,
    /// Would like to see.
    Maybe,
}

impl Priority {
    /// "must", "maybe": as the agenda, the shell and the export files write it.
    pub fn label(self) -> &'static str {
        match self {
            Priority::Must => "must",
            Priority::Maybe => "maybe",
        }
    }

    /// The next priority in the cycle none → must → maybe → none.
    pub fn cycle(current: Option<Priority>) -> Option<Priority> {
        match current {
            None => Some(Priority::Must),
            Some(Priority::Must) => Some(Priority::Maybe),
            Some(Priority::Maybe) => None,
        }
    }

    /// Reads "must" or "maybe" (any case).
    pub fn parse(text: &str) -> Option<Priority> {
        match text.trim().to_lowercase().as_str() {
            "must" => Some(Priority::Must),
            "maybe" => Some(Priority::Maybe),
            _ => None,
        }
    }
}

/// The user's note on a session, with the same snapshot of the session a star keeps, so that
/// the note follows its session through an update and can be named when the session is gone.
/// A note does not need a star: unstarring a session keeps its note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// What the user wrote (several lines are fine).
    pub text: String,
    pub title: String,
    #[serde(default)]
    pub speakers: Vec<String>,
    pub start: DateTime<FixedOffset>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room: Option<String>,
}

impl Note {
    /// A note with this text on a session.
    pub fn on(session: &Session, text: &str) -> Note {
        let star = Star::of(session);
        Note {
            text: text.to_string(),
            title: star.title,
            speakers: star.speakers,
            start: star.start,
            room: star.room,
        }
    }

    /// Whether the note's snapshot is the one `Note::on(session, ..)` would take.
    fn describes(&self, session: &Session) -> bool {
        snapshot_is(
            &self.title,
            &self.speakers,
            self.start,
            self.room.as_deref(),
            session,
        )
    }
}

/// Whether a remembered title, speakers, start and room are the session's.
fn snapshot_is(
    title: &str,
    speakers: &[String],
    start: DateTime<FixedOffset>,
    room: Option<&str>,
    session: &Session,
) -> bool {
    title == session.title
        && start == session.start
        && room == session.room.as_ref().map(|r| r.0.as_str())
        && speakers.iter().eq(session.speakers.iter().map(|s| &s.name))
}

impl Star {
    /// The snapshot of a session that a star keeps (with no priority).
    pub fn of(session: &Session) -> Star {
        Star {
            title: session.title.clone(),
            speakers: session.speakers.iter().map(|s| s.name.clone()).collect(),
            start: session.start,
            room: session.room.as_ref().map(|r| r.0.clone()),
            priority: None,
        }
    }

    /// Whether this is the snapshot `Star::of(session)` would take (without taking it; the
    /// priority is not part of the snapshot).
    fn describes(&self, session: &Session) -> bool {
        snapshot_is(
            &self.title,
            &self.speakers,
            self.start,
            self.room.as_deref(),
            session,
        )
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
    /// Notes on sessions (version 2).
    #[serde(default)]
    notes: BTreeMap<SessionId, Note>,
}

/// What a favourites file holds: the stars and the notes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Content {
    stars: BTreeMap<SessionId, Star>,
    notes: BTreeMap<SessionId, Note>,
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
    /// Notes re-keyed like stars: `(old id, new id)`.
    pub notes_rekeyed: Vec<(SessionId, SessionId)>,
    /// Notes whose session is not in the schedule. They stay in the file.
    pub missing_notes: Vec<(SessionId, Note)>,
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
    content: Content,
    /// The version of a newer file that made the set read-only.
    newer_version: Option<u32>,
    /// The bytes of the file as this set last read or wrote it, when they were valid: `stars`
    /// and `notes` are exactly what they hold, so reading the same bytes again needs no parsing.
    known: Option<Vec<u8>>,
}

/// One change a save applies to the stars and notes it re-reads, and nothing else.
enum Change {
    /// Star these sessions; a star already there keeps its priority.
    Star(Vec<(SessionId, Star)>),
    Unstar(Vec<SessionId>),
    /// Give a session this priority, starring it (with this snapshot) if it is not starred.
    /// `None` takes the priority away and leaves the star.
    Prioritise(SessionId, Star, Option<Priority>),
    /// Set (or, with `None`, remove) notes.
    Note(Vec<(SessionId, Option<Note>)>),
    /// What `resolve` found: move stars and notes to new ids (`old`, `new`, snapshot) and
    /// update the snapshot of others, each only if the star or note is still there.
    Resolve {
        moves: Vec<(SessionId, SessionId, Star)>,
        refresh: Vec<(SessionId, Star)>,
        note_moves: Vec<(SessionId, SessionId, Note)>,
        note_refresh: Vec<(SessionId, Note)>,
    },
    /// A plan from another machine: a union with what is here (see `Favourites::import`).
    Import {
        stars: Vec<(SessionId, Star)>,
        notes: Vec<(SessionId, Note)>,
    },
}

impl Change {
    /// Applies the change and returns what it replaced, so that a failed save can be undone.
    fn apply(self, content: &mut Content) -> Undo {
        let mut undo = Undo::default();
        let Content { stars, notes } = content;
        match self {
            Change::Star(new) => {
                for (id, mut star) in new {
                    if let Some(old) = stars.get(&id) {
                        star.priority = star.priority.or(old.priority);
                    }
                    let before = stars.insert(id.clone(), star);
                    undo.stars.push((id, before));
                }
            }
            Change::Unstar(ids) => {
                for id in ids {
                    if let Some(before) = stars.remove(&id) {
                        undo.stars.push((id, Some(before)));
                    }
                }
            }
            Change::Prioritise(id, snapshot, priority) => {
                let before = stars.get(&id).cloned();
                if before.is_some() || priority.is_some() {
                    let star = Star {
                        priority,
                        ..before.clone().unwrap_or(snapshot)
                    };
                    stars.insert(id.clone(), star);
                    undo.stars.push((id, before));
                }
            }
            Change::Note(changes) => {
                for (id, note) in changes {
                    let before = match note {
                        Some(note) => notes.insert(id.clone(), note),
                        None => notes.remove(&id),
                    };
                    undo.notes.push((id, before));
                }
            }
            Change::Resolve {
                moves,
                refresh,
                note_moves,
                note_refresh,
            } => {
                for (old, new, mut star) in moves {
                    if let Some(before) = stars.remove(&old) {
                        star.priority = before.priority;
                        undo.stars.push((old, Some(before)));
                        let replaced = stars.insert(new.clone(), star);
                        undo.stars.push((new, replaced));
                    }
                }
                for (id, mut star) in refresh {
                    if let Some(slot) = stars.get_mut(&id) {
                        star.priority = slot.priority;
                        let before = std::mem::replace(slot, star);
                        undo.stars.push((id, Some(before)));
                    }
                }
                for (old, new, mut note) in note_moves {
                    if let Some(before) = notes.remove(&old) {
                        note.text.clone_from(&before.text);
                        undo.notes.push((old, Some(before)));
                        let replaced = notes.insert(new.clone(), note);
                        undo.notes.push((new, replaced));
                    }
                }
                for (id, mut note) in note_refresh {
                    if let Some(slot) = notes.get_mut(&id) {
                        note.text.clone_from(&slot.text);
                        let before = std::mem::replace(slot, note);
                        undo.notes.push((id, Some(before)));
                    }
                }
            }
            Change::Import {
                stars: new_stars,
                notes: new_notes,
            } => {
                for (id, star) in new_stars {
                    let before = stars.get(&id).cloned();
                    match &before {
                        None => {
                            stars.insert(id.clone(), star);
                        }
                        // A priority here wins; one is only added where there was none.
                        Some(here) if here.priority.is_none() && star.priority.is_some() => {
                            stars.insert(
                                id.clone(),
                                Star {
                                    priority: star.priority,
                                    ..here.clone()
                                },
                            );
                        }
                        Some(_) => continue,
                    }
                    undo.stars.push((id, before));
                }
                for (id, note) in new_notes {
                    let before = notes.get(&id).cloned();
                    let merged = match &before {
                        None => note,
                        Some(here) => match merge_note_text(&here.text, &note.text) {
                            Some(text) => Note {
                                text,
                                ..here.clone()
                            },
                            None => continue,
                        },
                    };
                    notes.insert(id.clone(), merged);
                    undo.notes.push((id, before));
                }
            }
        }
        undo
    }
}

/// The text of a note here merged with the same session's note from elsewhere: both texts,
/// this one first; `None` when the other adds nothing (it is empty, the same, or already in
/// this one, as after importing the same file twice).
pub fn merge_note_text(here: &str, other: &str) -> Option<String> {
    let other = other.trim();
    if other.is_empty() || here.contains(other) {
        return None;
    }
    if here.trim().is_empty() {
        return Some(other.to_string());
    }
    Some(format!("{}\n\n{other}", here.trim_end()))
}

/// What a change replaced, in order: each id with the star or note it had before (or none).
#[derive(Default)]
struct Undo {
    stars: Vec<(SessionId, Option<Star>)>,
    notes: Vec<(SessionId, Option<Note>)>,
}

impl Undo {
    fn undo(self, content: &mut Content) {
        for (id, before) in self.stars.into_iter().rev() {
            match before {
                Some(star) => content.stars.insert(id, star),
                None => content.stars.remove(&id),
            };
        }
        for (id, before) in self.notes.into_iter().rev() {
            match before {
                Some(note) => content.notes.insert(id, note),
                None => content.notes.remove(&id),
            };
        }
    }
}

/// What is on disk at a favourites path.
enum OnDisk {
    Missing,
    /// The bytes the set last read or wrote: `stars` and `notes` are what they hold.
    Unchanged,
    Valid(Content, Vec<u8>),
    /// A newer version, with the stars and notes this build could make out (possibly none).
    Newer(u32, Content),
    Corrupt(String),
}

/// What the bytes of a favourites file hold.
enum Parsed {
    Valid(Content),
    Newer(u32, Content),
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
            content: Content::default(),
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
        self.content.stars.contains_key(id)
    }

    /// Every star, by session id.
    pub fn stars(&self) -> &BTreeMap<SessionId, Star> {
        &self.content.stars
    }

    /// The priority of a starred session, if it has one.
    pub fn priority(&self, id: &SessionId) -> Option<Priority> {
        self.content.stars.get(id).and_then(|s| s.priority)
    }

    /// The priorities of the starred sessions that have one.
    pub fn priorities(&self) -> BTreeMap<SessionId, Priority> {
        self.content
            .stars
            .iter()
            .filter_map(|(id, s)| Some((id.clone(), s.priority?)))
            .collect()
    }

    /// Every note, by session id (notes of sessions gone included).
    pub fn notes(&self) -> &BTreeMap<SessionId, Note> {
        &self.content.notes
    }

    /// The note on a session, if there is one.
    pub fn note(&self, id: &SessionId) -> Option<&Note> {
        self.content.notes.get(id)
    }

    /// The text of every note, by session id: what the app shows.
    pub fn note_texts(&self) -> BTreeMap<SessionId, String> {
        self.content
            .notes
            .iter()
            .map(|(id, n)| (id.clone(), n.text.clone()))
            .collect()
    }

    /// Gives a session a priority (starring it when it is not starred) or, with `None`, takes
    /// its priority away (the star stays), and saves.
    pub fn set_priority(
        &mut self,
        session: &Session,
        priority: Option<Priority>,
    ) -> Result<Saved, FavouritesError> {
        self.commit(Change::Prioritise(
            session.id.clone(),
            Star::of(session),
            priority,
        ))
    }

    /// Sets the note on a session and saves; a text that is only white space removes the note.
    /// (Trailing line ends an editor adds are not kept.)
    pub fn set_note(&mut self, session: &Session, text: &str) -> Result<Saved, FavouritesError> {
        // Control characters (but line ends) are made visible once, here, as a schedule's
        // text is cleaned at import: nothing a note holds can drive a terminal later.
        let text = text.replace("\r\n", "\n").replace('\t', "    ");
        let text = crate::text::visible(text.trim_end()).into_owned();
        let note = (!text.trim().is_empty()).then(|| Note::on(session, &text));
        self.commit(Change::Note(vec![(session.id.clone(), note)]))
    }

    /// Removes the note with this id (its session may be gone) and saves.
    pub fn remove_note(&mut self, id: &SessionId) -> Result<Saved, FavouritesError> {
        self.commit(Change::Note(vec![(id.clone(), None)]))
    }

    /// Merges a plan from elsewhere (`hallway stars import`): a union with what is here, in one
    /// save. Stars missing here are added; a priority is added where a star here has none; a
    /// note missing here is added and one that differs is kept with both texts. Nothing here is
    /// lost, and merging the same plan again changes nothing. `stars` and `notes` are keyed by
    /// the ids they have here (the caller matched them to this schedule).
    pub fn import(
        &mut self,
        stars: Vec<(SessionId, Star)>,
        notes: Vec<(SessionId, Note)>,
    ) -> Result<Saved, FavouritesError> {
        self.commit(Change::Import { stars, notes })
    }

    /// How many stars there are (found and missing).
    pub fn len(&self) -> usize {
        self.content.stars.len()
    }

    /// Whether nothing is starred.
    pub fn is_empty(&self) -> bool {
        self.content.stars.is_empty()
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

    /// Matches the stars and the notes to a schedule: by id, then, for one whose id is gone,
    /// by title and speakers (ignoring case and spacing; among several such sessions the one
    /// starting closest to the remembered start). A recognised star or note is re-keyed to its
    /// session's new id and saved; those found by id get their snapshot refreshed when the
    /// session changed. One whose session is gone stays in the file and is listed as missing.
    ///
    /// When the set is read-only the matching is done in memory only.
    pub fn resolve(&mut self, schedule: &Schedule) -> Result<Resolution, FavouritesError> {
        let content = &self.content;
        // Not built when there is nothing to look up (100,000 sessions: 10 ms at start-up).
        let by_id: HashMap<&SessionId, &Session> =
            if content.stars.is_empty() && content.notes.is_empty() {
                HashMap::new()
            } else {
                schedule.sessions.iter().map(|s| (&s.id, s)).collect()
            };
        // Only needed, and only built, when some star's or note's id is gone.
        let mut by_key: HashMap<MatchKey, Vec<&Session>> = HashMap::new();
        if content
            .stars
            .keys()
            .chain(content.notes.keys())
            .any(|id| !by_id.contains_key(id))
        {
            for session in &schedule.sessions {
                by_key
                    .entry(MatchKey::of_session(session))
                    .or_default()
                    .push(session);
            }
        }
        let (moves, refresh) = follow(
            content
                .stars
                .iter()
                .map(|(id, s)| (id, Remembered::of_star(s))),
            &by_id,
            &by_key,
        );
        let (note_moves, note_refresh) = follow(
            content
                .notes
                .iter()
                .map(|(id, n)| (id, Remembered::of_note(n))),
            &by_id,
            &by_key,
        );
        let rekeyed = moves
            .iter()
            .map(|(o, n)| (o.clone(), n.id.clone()))
            .collect();
        let notes_rekeyed = note_moves
            .iter()
            .map(|(o, n)| (o.clone(), n.id.clone()))
            .collect();
        let nothing_to_save = moves.is_empty()
            && refresh.is_empty()
            && note_moves.is_empty()
            && note_refresh.is_empty();
        let note_of = |id: &SessionId, session: &Session| {
            let text = content.notes.get(id).map_or("", |n| n.text.as_str());
            Note::on(session, text)
        };
        let change = Change::Resolve {
            moves: moves
                .iter()
                .map(|(old, s)| (old.clone(), s.id.clone(), Star::of(s)))
                .collect(),
            refresh: refresh
                .iter()
                .map(|(id, s)| (id.clone(), Star::of(s)))
                .collect(),
            note_moves: note_moves
                .iter()
                .map(|(old, s)| (old.clone(), s.id.clone(), note_of(old, s)))
                .collect(),
            note_refresh: note_refresh
                .iter()
                .map(|(id, s)| (id.clone(), note_of(id, s)))
                .collect(),
        };
        let mut saved = Saved::default();
        if self.newer_version.is_some() {
            let _ = change.apply(&mut self.content);
        } else if !nothing_to_save {
            saved = self.commit(change)?;
        }
        let missing: Vec<(SessionId, Star)> = self
            .content
            .stars
            .iter()
            .filter(|(id, _)| !by_id.contains_key(id))
            .map(|(id, star)| (id.clone(), star.clone()))
            .collect();
        let missing_notes = self
            .content
            .notes
            .iter()
            .filter(|(id, _)| !by_id.contains_key(id))
            .map(|(id, note)| (id.clone(), note.clone()))
            .collect();
        Ok(Resolution {
            found: self.content.stars.len() - missing.len(),
            rekeyed,
            missing,
            notes_rekeyed,
            missing_notes,
            saved,
        })
    }

    /// The stars whose session is not in the schedule (after `resolve`: those it could not
    /// match), in id order: the agenda lists them as missing.
    pub fn missing<'a>(&'a self, schedule: &Schedule) -> Vec<(&'a SessionId, &'a Star)> {
        let ids: HashSet<&SessionId> = schedule.sessions.iter().map(|s| &s.id).collect();
        self.content
            .stars
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
            Parsed::Valid(content) => OnDisk::Valid(content, bytes),
            Parsed::Newer(version, content) => OnDisk::Newer(version, content),
            Parsed::Corrupt(reason) => OnDisk::Corrupt(reason),
        })
    }

    /// Makes the set what is on disk and says what that was. (`Corrupt` must be handled, by
    /// moving the file aside, before: here it counts as no file.)
    fn take_in(&mut self, on_disk: OnDisk) -> LoadOutcome {
        let (content, known, newer) = match on_disk {
            OnDisk::Unchanged => {
                self.newer_version = None;
                return LoadOutcome::Loaded {
                    stars: self.content.stars.len(),
                };
            }
            OnDisk::Missing | OnDisk::Corrupt(_) => (Content::default(), None, None),
            OnDisk::Valid(content, bytes) => (content, Some(bytes), None),
            OnDisk::Newer(version, content) => (content, None, Some(version)),
        };
        let had_file = known.is_some();
        self.content = content;
        self.known = known;
        self.newer_version = newer;
        match newer {
            Some(version) => self.read_only_outcome(version),
            None if had_file => LoadOutcome::Loaded {
                stars: self.content.stars.len(),
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
        let undo = change.apply(&mut self.content);
        let text = render(&self.conference_id, &self.content);
        remove_stale_temp_files(&self.path);
        if let Err(error) = write_atomic(&self.path, text.as_bytes()) {
            // The file still holds what was read: so must the set.
            undo.undo(&mut self.content);
            return Err(error);
        }
        drop(lock);
        self.known = Some(text.into_bytes());
        Ok(saved)
    }
}

/// What a star or a note remembers of its session, to find it again.
struct Remembered<'a> {
    key: MatchKey,
    start: DateTime<FixedOffset>,
    room: Option<&'a str>,
    /// Whether the snapshot is the session's as it is now.
    describes: Box<dyn Fn(&Session) -> bool + 'a>,
}

impl<'a> Remembered<'a> {
    fn of_star(star: &'a Star) -> Remembered<'a> {
        Remembered {
            key: star_key(star),
            start: star.start,
            room: star.room.as_deref(),
            describes: Box::new(|s| star.describes(s)),
        }
    }

    fn of_note(note: &'a Note) -> Remembered<'a> {
        Remembered {
            key: MatchKey::new(&note.title, note.speakers.iter().map(String::as_str)),
            start: note.start,
            room: note.room.as_deref(),
            describes: Box::new(|s| note.describes(s)),
        }
    }
}

/// An entry that moves: its old id and the session it is now.
type Move<'s> = (SessionId, &'s Session);

/// Which entries (stars, or notes) move to a new id and which need a fresh snapshot: entries
/// found by id stay; the others are matched by key, a session taking at most one entry and
/// never one starred (noted) under its own id.
fn follow<'a, 's>(
    entries: impl Iterator<Item = (&'a SessionId, Remembered<'a>)> + Clone,
    by_id: &HashMap<&SessionId, &'s Session>,
    by_key: &HashMap<MatchKey, Vec<&'s Session>>,
) -> (Vec<Move<'s>>, Vec<(SessionId, &'s Session)>) {
    let mut claimed: HashSet<&SessionId> = entries
        .clone()
        .map(|(id, _)| id)
        .filter(|id| by_id.contains_key(id))
        .collect();
    let mut moves = Vec::new();
    let mut refresh = Vec::new();
    for (id, remembered) in entries {
        if let Some(session) = by_id.get(id) {
            if !(remembered.describes)(session) {
                refresh.push((id.clone(), *session));
            }
            continue;
        }
        let candidates = by_key
            .get(&remembered.key)
            .into_iter()
            .flatten()
            .copied()
            .filter(|s| !claimed.contains(&s.id));
        if let Some(session) = closest(candidates, remembered.start, remembered.room) {
            claimed.insert(&session.id);
            moves.push((id.clone(), session));
        }
    }
    (moves, refresh)
}

/// How a clash between two starred sessions stands, seen from one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClashVerdict {
    /// Both are must-see: a real choice to make (shown loud).
    BothMust,
    /// This one has the higher priority (must over maybe or none, none over maybe).
    Wins,
    /// The other one has the higher priority.
    Loses,
    /// The same priority, not must: nothing says which.
    Open,
}

impl ClashVerdict {
    /// The verdict for `this` against `other`.
    pub fn of(this: Option<Priority>, other: Option<Priority>) -> ClashVerdict {
        let rank = |p: Option<Priority>| match p {
            Some(Priority::Must) => 2,
            None => 1,
            Some(Priority::Maybe) => 0,
        };
        match (rank(this), rank(other)) {
            (2, 2) => ClashVerdict::BothMust,
            (a, b) if a > b => ClashVerdict::Wins,
            (a, b) if a < b => ClashVerdict::Loses,
            _ => ClashVerdict::Open,
        }
    }

    /// What the agenda and the details say of a clash with `other` (its title and time):
    /// "clashes with X (10:30): both must-see", "…: this one wins (must over maybe)".
    pub fn describe(
        self,
        this: Option<Priority>,
        other_priority: Option<Priority>,
        other: &str,
    ) -> String {
        let label = |p: Option<Priority>| p.map_or("starred", Priority::label);
        match self {
            ClashVerdict::BothMust => format!("CLASH with {other}: both must-see, choose one"),
            ClashVerdict::Wins => format!(
                "clashes with {other}: this one wins ({} over {})",
                label(this),
                label(other_priority)
            ),
            ClashVerdict::Loses => format!(
                "clashes with {other}: that one wins ({} over {})",
                label(other_priority),
                label(this)
            ),
            ClashVerdict::Open => format!("clashes with {other}"),
        }
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
fn render(conference: &str, content: &Content) -> String {
    let Content { stars, notes } = content;
    let mut out = String::with_capacity(HEADER.len() + 128 + (stars.len() + notes.len()) * 256);
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
            out.push_str(": (\n");
            push_snapshot(
                &mut out,
                &star.title,
                &star.speakers,
                &star.start,
                &star.room,
            );
            if let Some(priority) = star.priority {
                let _ = writeln!(out, "            priority: {priority:?},");
            }
            out.push_str("        ),\n");
        }
        out.push_str("    },\n");
    }
    if notes.is_empty() {
        out.push_str("    notes: {},\n");
    } else {
        out.push_str("    notes: {\n");
        for (id, note) in notes {
            out.push_str("        ");
            push_ron_string(&mut out, &id.0);
            out.push_str(": (\n            text: ");
            push_ron_string(&mut out, &note.text);
            out.push_str(",\n");
            push_snapshot(
                &mut out,
                &note.title,
                &note.speakers,
                &note.start,
                &note.room,
            );
            out.push_str("        ),\n");
        }
        out.push_str("    },\n");
    }
    out.push(')');
    out
}

/// The title, speakers, start and room lines of a star or a note.
fn push_snapshot(
    out: &mut String,
    title: &str,
    speakers: &[String],
    start: &DateTime<FixedOffset>,
    room: &Option<String>,
) {
    out.push_str("            title: ");
    push_ron_string(out, title);
    out.push_str(",\n            speakers: [");
    for (i, name) in speakers.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        push_ron_string(out, name);
    }
    out.push_str("],\n            start: ");
    push_ron_string(out, &format_start(start));
    out.push_str(",\n");
    if let Some(room) = room {
        out.push_str("            room: ");
        push_ron_string(out, room);
        out.push_str(",\n");
    }
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
        Ok(file) if (OLDEST_READ_VERSION..=FAVOURITES_FORMAT_VERSION).contains(&file.version) => {
            Parsed::Valid(Content {
                stars: file.stars,
                notes: file.notes,
            })
        }
        Ok(file) if file.version > FAVOURITES_FORMAT_VERSION => Parsed::Newer(
            file.version,
            Content {
                stars: file.stars,
                notes: file.notes,
            },
        ),
        Ok(file) => Parsed::Corrupt(format!(
            "version {} is not a favourites format version",
            file.version
        )),
        Err(error) => match ron::from_str::<VersionProbe>(text) {
            // Newer, and this build cannot make out its stars: read-only with none shown.
            Ok(probe) if probe.version > FAVOURITES_FORMAT_VERSION => {
                Parsed::Newer(probe.version, Content::default())
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
        assert!(text.contains("version: 2"), "{text}");
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
        let Parsed::Valid(content) = parse(example.as_bytes()) else {
            panic!("the documented example does not load");
        };
        assert_eq!(content.stars.len(), 2);
        assert_eq!(content.notes.len(), 2);
        assert_eq!(render("kubecon-eu-2024", &content), example);
    }

    #[test]
    fn the_hand_written_text_is_what_ron_writes_and_reads_back() {
        #[derive(Serialize)]
        struct FileRef<'a> {
            version: u32,
            conference: &'a str,
            stars: &'a BTreeMap<SessionId, Star>,
            notes: &'a BTreeMap<SessionId, Note>,
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
                    priority: [None, Some(Priority::Must), Some(Priority::Maybe)][i % 3],
                },
            );
        }
        let notes: BTreeMap<SessionId, Note> = stars
            .iter()
            .enumerate()
            .map(|(i, (id, star))| {
                let note = Note {
                    text: texts[(i + 3) % texts.len()].to_string(),
                    title: star.title.clone(),
                    speakers: star.speakers.clone(),
                    start: star.start,
                    room: star.room.clone(),
                };
                (id.clone(), note)
            })
            .collect();
        let full = Content { stars, notes };
        for content in [Content::default(), full] {
            for conference in texts {
                let ours = render(conference, &content);
                let file = FileRef {
                    version: FAVOURITES_FORMAT_VERSION,
                    conference,
                    stars: &content.stars,
                    notes: &content.notes,
                };
                let theirs = ron::ser::to_string_pretty(&file, config.clone()).unwrap();
                assert_eq!(ours, format!("{HEADER}{}", theirs.trim_end()));
                let Parsed::Valid(back) = parse(ours.as_bytes()) else {
                    panic!("{ours}");
                };
                assert_eq!(back, content);
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
        let mut content = Content::default();
        let resolve = || Change::Resolve {
            moves: vec![(a.id.clone(), b.id.clone(), Star::of(&b))],
            refresh: vec![],
            note_moves: vec![(a.id.clone(), b.id.clone(), Note::on(&b, ""))],
            note_refresh: vec![],
        };
        let undo = resolve().apply(&mut content);
        undo.undo(&mut content);
        assert_eq!(content, Content::default());
        content.stars.insert(a.id.clone(), Star::of(&a));
        content.stars.insert(b.id.clone(), Star::of(&a));
        content.notes.insert(a.id.clone(), Note::on(&a, "mine"));
        content.notes.insert(b.id.clone(), Note::on(&a, "other"));
        let before = content.clone();
        let undo = resolve().apply(&mut content);
        assert_eq!(content.stars.len(), 1);
        assert_eq!(content.notes.len(), 1);
        assert_eq!(content.notes[&b.id].text, "mine");
        undo.undo(&mut content);
        assert_eq!(content, before);
        // A failed note save leaves the notes as the file is.
        assert!(favs.set_note(&a, "lost?").is_err());
        assert!(favs.note(&a.id).is_none());
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
    fn priorities_stay_through_restars_and_updates_and_notes_outlive_their_star() {
        let dir = tempfile::tempdir().unwrap();
        let (mut favs, _) = Favourites::load(dir.path(), "conf").unwrap();
        let a = session(
            "a",
            "Rust in the Kernel",
            &["Ada"],
            "2024-03-20T10:00:00+01:00",
        );
        let b = session("b", "B", &[], "2024-03-20T11:00:00+01:00");
        // A priority on an unstarred session stars it.
        let _ = favs.set_priority(&a, Some(Priority::Must)).unwrap();
        assert!(favs.is_starred(&a.id));
        assert_eq!(favs.priority(&a.id), Some(Priority::Must));
        // Starring again (a fresh snapshot) keeps it; taking it away keeps the star.
        let _ = favs.star(&[&a]).unwrap();
        assert_eq!(favs.priority(&a.id), Some(Priority::Must));
        let _ = favs.set_priority(&b, None).unwrap();
        assert!(!favs.is_starred(&b.id));
        let _ = favs.set_note(&a, "ask about the ARM port\n\n").unwrap();
        let _ = favs
            .set_note(&b, "slides at https://example.org/b")
            .unwrap();
        assert_eq!(favs.note(&a.id).unwrap().text, "ask about the ARM port");
        let _ = favs.unstar(std::slice::from_ref(&b.id)).unwrap();
        assert!(favs.note(&b.id).is_some());
        // The update gives `a` a new id and moves it; `b` disappears.
        let mut moved = a.clone();
        moved.id = "a-2".into();
        moved.start = DateTime::parse_from_rfc3339("2024-03-20T15:00:00+01:00").unwrap();
        let resolution = favs.resolve(&schedule(vec![moved.clone()])).unwrap();
        assert_eq!(resolution.rekeyed, [(a.id.clone(), moved.id.clone())]);
        assert_eq!(resolution.notes_rekeyed, [(a.id.clone(), moved.id.clone())]);
        assert_eq!(resolution.missing_notes.len(), 1);
        assert_eq!(favs.priority(&moved.id), Some(Priority::Must));
        let note = favs.note(&moved.id).unwrap();
        assert_eq!(
            (note.text.as_str(), note.start),
            ("ask about the ARM port", moved.start)
        );
        // All of it is in the file.
        let (again, _) = Favourites::load(dir.path(), "conf").unwrap();
        assert_eq!(again.priorities(), favs.priorities());
        assert_eq!(again.notes(), favs.notes());
        // An empty text removes a note.
        let _ = favs.set_note(&moved, "  \n").unwrap();
        assert!(favs.note(&moved.id).is_none());
        let _ = favs.remove_note(&b.id).unwrap();
        assert!(favs.notes().is_empty());
    }

    #[test]
    fn a_version_1_file_is_read_without_loss_and_rewritten_as_version_2() {
        let dir = tempfile::tempdir().unwrap();
        let path = library::favourites_path(dir.path(), "conf");
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        let old = "#![enable(implicit_some)]\n(\n    version: 1,\n    conference: \"conf\",\n    stars: {\n        \"a\": (\n            title: \"A\",\n            speakers: [\"Zoë\"],\n            start: \"2024-03-20T10:00:00+01:00\",\n            room: \"Hall A\",\n        ),\n    },\n)";
        fs::write(&path, old).unwrap();
        let (mut favs, outcome) = Favourites::load(dir.path(), "conf").unwrap();
        assert_eq!(outcome, LoadOutcome::Loaded { stars: 1 });
        let star = favs.stars()[&SessionId::from("a")].clone();
        assert_eq!((star.title.as_str(), star.priority), ("A", None));
        assert_eq!(star.speakers, ["Zoë"]);
        let b = session("b", "B", &[], "2024-03-20T11:00:00+01:00");
        let _ = favs.set_note(&b, "first note").unwrap();
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains("version: 2"), "{text}");
        let (again, _) = Favourites::load(dir.path(), "conf").unwrap();
        assert_eq!(again.stars()[&SessionId::from("a")], star);
        assert_eq!(again.note(&b.id).unwrap().text, "first note");
    }

    #[test]
    fn an_import_is_a_union_and_the_same_import_twice_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let (mut favs, _) = Favourites::load(dir.path(), "conf").unwrap();
        let a = session("a", "A", &[], "2024-03-20T10:00:00+01:00");
        let b = session("b", "B", &[], "2024-03-20T11:00:00+01:00");
        let c = session("c", "C", &[], "2024-03-20T12:00:00+01:00");
        let _ = favs.set_priority(&a, Some(Priority::Maybe)).unwrap();
        let _ = favs.star(&[&b]).unwrap();
        let _ = favs.set_note(&a, "mine").unwrap();
        let with = |s: &Session, p| Star {
            priority: p,
            ..Star::of(s)
        };
        let stars = vec![
            (a.id.clone(), with(&a, Some(Priority::Must))),
            (b.id.clone(), with(&b, Some(Priority::Must))),
            (c.id.clone(), with(&c, None)),
        ];
        let notes = vec![
            (a.id.clone(), Note::on(&a, "theirs")),
            (c.id.clone(), Note::on(&c, "for c")),
        ];
        let _ = favs.import(stars.clone(), notes.clone()).unwrap();
        // Here wins where both have a priority; theirs fills a gap; both note texts are kept.
        assert_eq!(favs.priority(&a.id), Some(Priority::Maybe));
        assert_eq!(favs.priority(&b.id), Some(Priority::Must));
        assert!(favs.is_starred(&c.id));
        assert_eq!(favs.note(&a.id).unwrap().text, "mine\n\ntheirs");
        assert_eq!(favs.note(&c.id).unwrap().text, "for c");
        let bytes = fs::read(favs.path()).unwrap();
        let _ = favs.import(stars, notes).unwrap();
        assert_eq!(fs::read(favs.path()).unwrap(), bytes);
        assert_eq!(merge_note_text("x", "  "), None);
        assert_eq!(merge_note_text("", "y"), Some("y".into()));
    }

    #[test]
    fn a_newer_file_is_read_only_and_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = library::favourites_path(dir.path(), "conf");
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        let newer = "(version: 3, conference: \"conf\", colour: \"red\", stars: {\"a\": (title: \"A\", speakers: [], start: \"2024-03-20T10:00:00+01:00\")})";
        fs::write(&path, newer).unwrap();
        let (mut favs, outcome) = Favourites::load(dir.path(), "conf").unwrap();
        assert!(matches!(outcome, LoadOutcome::ReadOnly { found: 3, .. }));
        let message = outcome.message().unwrap();
        assert!(message.contains("newer hallway"), "{message}");
        assert!(favs.is_starred(&"a".into()));
        let s = session("b", "B", &[], "2024-03-20T10:00:00+01:00");
        let error = favs.toggle_star(&s).unwrap_err();
        assert!(matches!(error, FavouritesError::ReadOnly { found: 3, .. }));
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
        let newer = "(version: 4, conference: \"conf\")";
        fs::write(favs.path(), newer).unwrap();
        assert!(matches!(
            favs.unstar(std::slice::from_ref(&s.id)),
            Err(FavouritesError::ReadOnly { found: 4, .. })
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
            priority: None,
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
