//! Where hallway keeps its data on disk: the data directory, with its override, the name of each
//! file in it, and the library of imported schedules.
//!
//! The library lives in the data directory:
//! - `schedules/<name>.ron`: each imported schedule, as hallway's RON schedule format, so that it
//!   opens offline (and as a plain file: `hallway <data dir>/schedules/<name>.ron`);
//! - `library.ron`: the index: per schedule its name, conference, counts, source, format, when it
//!   was imported, the HTTP validators and the `--tz` used; and the most recently used name;
//! - `schedules/<name>.changes.ron`: the sessions the updates of a schedule changed and the
//!   user has not looked at yet (`marks`, `mark_seen`);
//! - `library.lock`: held while the index and the copies change, so two hallways never
//!   interleave their writes.
//!
//! Every file is replaced atomically (temp file in the same folder, fsync, rename, fsync the
//! folder): a crash or a failed import leaves the old copy or the new one, never half of one. An
//! import reads, fetches and checks everything before it touches the library.

use crate::changes::{self, Changes, Mark};
use crate::fetch::{self, FetchError, Fetched, Validators};
use crate::formats::{self, FormatError, ImportOptions, Imported, LoadError};
use crate::model::{Schedule, SessionId};
use crate::text::quote;
use chrono::{DateTime, FixedOffset, SubsecRound, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The environment variable that, when set and non-empty, replaces the data directory (tests,
/// portable installs).
pub const DATA_DIR_ENV: &str = "HALLWAY_DATA_DIR";

/// The folder of the data directory that holds one favourites file per conference.
pub const FAVOURITES_DIR: &str = "favourites";

/// Longest file stem `safe_file_stem` produces, in bytes: well under the usual 255-byte limit on a
/// file name, leaving room for the extension and the `.corrupt-<timestamp>` / `.lock` suffixes.
const MAX_STEM_BYTES: usize = 160;

/// Why the library could not be found, read or changed. Messages name the file, URL or name
/// and the cause.
#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    /// Neither the override nor a home directory is available.
    #[error(
        "cannot find a data directory: no home directory is known; set {DATA_DIR_ENV} to a folder"
    )]
    NoDataDir,
    /// A name given for a schedule cannot be a library name.
    #[error("'{}' cannot name a schedule: {reason}", quote(.name))]
    InvalidName { name: String, reason: String },
    /// No schedule in the library has this name.
    #[error("no schedule named '{}' in the library{}", quote(.name), names_hint(.names))]
    NotFound { name: String, names: Vec<String> },
    /// An argument is neither an existing file nor a library name.
    #[error(
        "'{}' is neither a schedule file nor a schedule in the library{}{}",
        quote(.arg),
        names_hint(.names),
        url_hint(.arg)
    )]
    Unresolved { arg: String, names: Vec<String> },
    /// A schedule file could not be read or parsed (the error names the file).
    #[error(transparent)]
    Load(#[from] LoadError),
    /// A URL could not be fetched (the error names the URL).
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// A fetched file is not a schedule hallway can read.
    #[error("{}: {error}", quote(.url))]
    FetchedFormat { url: String, error: FormatError },
    /// A copy in the library could not be read back.
    #[error("{}: {error}", .path.display())]
    Stored { path: PathBuf, error: FormatError },
    /// The library's copy of a schedule is unreadable or gone; the message says how to get it
    /// again.
    #[error(
        "the library's copy of '{name}' cannot be read: {reason}; `hallway library --repair` imports it again from its source (or run `hallway update {name}`)"
    )]
    BrokenCopy { name: String, reason: String },
    /// The imported schedule cannot be stored as RON that reads back the same.
    #[error("'{}' cannot be stored in the library: {reason}", quote(.name))]
    NotStorable { name: String, reason: String },
    /// The index file is unreadable or from a newer hallway; it is left as it is.
    #[error("the library index {} is unreadable ({reason}); `hallway library --repair` rebuilds it from the copies and keeps this file", .path.display())]
    Index { path: PathBuf, reason: String },
    /// The index is from a newer hallway: repairing it would lose what that version wrote.
    #[error("the library index {} is from a newer hallway (version {version}); use that version, this one reads version {INDEX_VERSION}", .path.display())]
    NewerIndex { path: PathBuf, version: u32 },
    /// The source now holds another conference: an update would put its sessions, and none
    /// of the stars, in place of this one's.
    #[error(
        "'{name}' now reads as another conference: '{}' (id {}), not '{}' (id {}); nothing changed. To replace it anyway: hallway import SOURCE --name {name}",
        quote(.now_title),
        quote(.now_id),
        quote(.was_title),
        quote(.was_id)
    )]
    OtherConference {
        name: String,
        was_title: String,
        was_id: String,
        now_title: String,
        now_id: String,
    },
    /// The schedule's source was lost when the index was rebuilt.
    #[error(
        "'{name}' has no recorded source (the library index was rebuilt); import it again from its URL or file"
    )]
    NoSource { name: String },
    /// A file or folder of the library could not be read or written.
    #[error("cannot {action} {}: {source}", .path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    /// A schedule's change marks file is unreadable or from a newer hallway; it is left as it
    /// is.
    #[error("the change marks file {} is unreadable ({reason}); it only records which sessions updates changed, so move it aside or remove it", .path.display())]
    Marks { path: PathBuf, reason: String },
    /// A name is taken by a combination, or by a schedule, of the library.
    #[error("'{}' already names {what} in the library; choose another name, or `hallway remove {}` first", quote(.name), quote(.name))]
    NameTaken { name: String, what: &'static str },
    /// A schedule that combinations name cannot be removed from under them.
    #[error("'{}' is part of {}; remove {} first (`hallway remove NAME`)", quote(.name), .combinations.join(", "), if .combinations.len() == 1 { "it" } else { "them" })]
    InCombination {
        name: String,
        combinations: Vec<String>,
    },
    /// A combination needs schedules of the library, at least two.
    #[error("a combination {reason}")]
    BadCombination { reason: String },
    /// Another hallway held the library's lock for too long.
    #[error("the library is busy: another hallway holds {} (remove it if no hallway is running)", .path.display())]
    LockTimeout { path: PathBuf },
}

fn names_hint(names: &[String]) -> String {
    if names.is_empty() {
        "; the library is empty (add schedules with `hallway import PATH|URL`)".to_string()
    } else {
        format!("; the library has: {}", names.join(", "))
    }
}

fn url_hint(arg: &str) -> &'static str {
    if fetch::is_url(arg) {
        "; to add a schedule from a URL, use `hallway import URL`"
    } else {
        ""
    }
}

/// The data directory: `$HALLWAY_DATA_DIR` when set and non-empty, else the platform's data
/// directory for hallway (`$XDG_DATA_HOME/hallway`, usually `~/.local/share/hallway`, on Linux).
///
/// The directory is not created here; whoever writes into it creates what it needs.
pub fn data_dir() -> Result<PathBuf, LibraryError> {
    data_dir_from(std::env::var_os(DATA_DIR_ENV))
}

/// `data_dir` with the override given as a value instead of read from the environment, so that
/// the rule can be tested without changing the process's environment.
pub fn data_dir_from(override_dir: Option<OsString>) -> Result<PathBuf, LibraryError> {
    match override_dir {
        Some(dir) if !dir.is_empty() => Ok(PathBuf::from(dir)),
        _ => directories::ProjectDirs::from("", "", "hallway")
            .map(|dirs| dirs.data_dir().to_path_buf())
            .ok_or(LibraryError::NoDataDir),
    }
}

/// The favourites file of one conference: `<data_dir>/favourites/<safe id>.ron`.
pub fn favourites_path(data_dir: &Path, conference_id: &str) -> PathBuf {
    data_dir
        .join(FAVOURITES_DIR)
        .join(format!("{}.ron", safe_file_stem(conference_id)))
}

/// Turns any string (a conference id) into a file stem that is safe on every common file
/// system, and distinct for distinct inputs.
///
/// ASCII letters, digits, `-`, `_` and `.` are kept; every other byte of the UTF-8 text is
/// written `%XX`, as is a leading or trailing `.` (no hidden files, no `..`, nothing Windows
/// would trim) and the first letter of a name Windows reserves (`CON`, `NUL`, `COM1`...). Since
/// `%` itself is always encoded, the mapping can be undone, so two ids never share a file.
/// A stem that would be longer than 160 bytes is cut and ends with `~` and a 64-bit FNV-1a hash
/// of the whole id (`~` is never kept, so a cut stem cannot equal an uncut one).
/// The empty id becomes `%`. Ids that differ only in letter case do share a file on a
/// case-insensitive file system.
pub fn safe_file_stem(id: &str) -> String {
    if id.is_empty() {
        return "%".to_string();
    }
    let bytes = id.as_bytes();
    let last = bytes.len() - 1;
    let reserved = is_windows_reserved(id);
    let mut stem = String::with_capacity(id.len());
    for (i, &byte) in bytes.iter().enumerate() {
        let keep = (byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_' || byte == b'.')
            && !(byte == b'.' && (i == 0 || i == last))
            && !(reserved && i == 0);
        if keep {
            stem.push(char::from(byte));
        } else {
            stem.push_str(&format!("%{byte:02X}"));
        }
    }
    if stem.len() > MAX_STEM_BYTES {
        // The stem is ASCII, so any byte index is a char boundary.
        stem.truncate(MAX_STEM_BYTES - 17);
        stem.push_str(&format!("~{:016x}", fnv1a(bytes)));
    }
    stem
}

/// Whether Windows reserves this name (with or without an extension) for a device.
fn is_windows_reserved(id: &str) -> bool {
    let base = id.split('.').next().unwrap_or(id).to_ascii_uppercase();
    matches!(base.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((base.starts_with("COM") || base.starts_with("LPT"))
            && base.len() == 4
            && base.as_bytes()[3].is_ascii_digit())
}

/// 64-bit FNV-1a: a hash that is the same on every platform and in every Rust release (std's
/// `DefaultHasher` promises neither), so a long id always maps to the same file.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// The folder of the data directory that holds the imported schedules, one RON file each.
pub const SCHEDULES_DIR: &str = "schedules";

/// The library's index file, in the data directory.
pub const INDEX_FILE: &str = "library.ron";

const LOCK_FILE: &str = "library.lock";

/// The version of the index format this build reads and writes.
const INDEX_VERSION: u32 = 1;

/// The version of the change marks format this build reads and writes.
const MARKS_VERSION: u32 = 1;

/// What the name of a schedule's marks file adds to the schedule's name, before `.ron`. No
/// library name ends with it (`check_name`), so a marks file is never a schedule's copy.
const MARKS_SUFFIX: &str = ".changes";

/// The comment at the top of every marks file.
const MARKS_HEADER: &str = "// hallway: the sessions that updates of this schedule changed and that have not been\n\
// looked at yet. Removing this file only removes those marks.\n";

/// Longest library name, in bytes.
const MAX_NAME_BYTES: usize = 100;

/// How long to wait for another hallway to finish changing the library.
const LOCK_TIMEOUT: Duration = Duration::from_secs(5);

/// The prefix of the temporary files written before a rename; leftovers of a killed import
/// are removed under the lock.
const TEMP_PREFIX: &str = ".hallway-tmp-";

/// One schedule in the library, as recorded in the index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The library name: `hallway NAME` opens it.
    pub name: String,
    /// The conference's title.
    pub title: String,
    /// The conference's id (its favourites are kept under it).
    pub conference_id: String,
    /// How many sessions it has.
    pub sessions: usize,
    /// How many conference days have sessions.
    pub days: usize,
    /// Where it was imported from: an absolute file path, or the URL as given.
    pub source: String,
    /// The format detected at import (`Format::name`, e.g. "frab XML").
    pub format: String,
    /// When it was imported (the moment it was written to the library).
    pub imported_at: DateTime<FixedOffset>,
    /// The server's `ETag`, when fetched over HTTP and the server sent one.
    #[serde(default)]
    pub etag: Option<String>,
    /// The server's `Last-Modified`, when fetched over HTTP and the server sent one.
    #[serde(default)]
    pub last_modified: Option<String>,
    /// The zone given at import (`--tz`), to use again when the source is imported anew.
    #[serde(default)]
    pub zone: Option<Tz>,
}

impl Entry {
    /// Whether the source is a URL (an update fetches it) rather than a file.
    pub fn is_url(&self) -> bool {
        fetch::is_url(&self.source)
    }

    /// The validators to send when fetching the source again (empty for a file).
    pub fn validators(&self) -> Validators {
        Validators {
            etag: self.etag.clone(),
            last_modified: self.last_modified.clone(),
        }
    }

    /// The options the schedule was imported with.
    pub fn options(&self) -> ImportOptions {
        ImportOptions { zone: self.zone }
    }
}

/// The index file: every entry, and the name used last.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Index {
    version: u32,
    #[serde(default)]
    most_recent: Option<String>,
    /// The schedules opened together last, when they were named one by one (`hallway a b`);
    /// empty when one schedule or a combination (`most_recent`) was.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    recent_set: Vec<String>,
    #[serde(default)]
    schedules: Vec<Entry>,
    /// Named combinations of schedules opened as one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    combinations: Vec<Combination>,
}

/// Several library schedules saved under one name, to open as one (`hallway combine`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Combination {
    pub name: String,
    /// The library names of its schedules, in the order they were given (the first one's
    /// time zone is the combination's).
    pub sources: Vec<String>,
}

/// What a bare `hallway` reopens.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Recent {
    /// The combination opened last, if it was one.
    pub combination: Option<String>,
    /// The library names of the schedules to open (one, or several as one).
    pub schedules: Vec<String>,
}

impl Index {
    /// The entry of `name`: the exact name, else one differing only in ASCII letter case (the
    /// same file on a case-insensitive file system).
    fn find(&self, name: &str) -> Option<&Entry> {
        self.schedules.iter().find(|e| e.name == name).or_else(|| {
            self.schedules
                .iter()
                .find(|e| e.name.eq_ignore_ascii_case(name))
        })
    }

    fn names(&self) -> Vec<String> {
        let names: BTreeSet<&str> = self
            .schedules
            .iter()
            .map(|e| e.name.as_str())
            .chain(self.combinations.iter().map(|c| c.name.as_str()))
            .collect();
        names.into_iter().map(str::to_string).collect()
    }

    /// The combination named `name` (letter case aside, as for schedules).
    fn combination(&self, name: &str) -> Option<&Combination> {
        self.combinations
            .iter()
            .find(|c| c.name == name)
            .or_else(|| {
                self.combinations
                    .iter()
                    .find(|c| c.name.eq_ignore_ascii_case(name))
            })
    }

    /// The combinations that name schedule `name`.
    fn combinations_of(&self, name: &str) -> Vec<String> {
        self.combinations
            .iter()
            .filter(|c| c.sources.iter().any(|s| s.eq_ignore_ascii_case(name)))
            .map(|c| c.name.clone())
            .collect()
    }
}

/// Counts that describe a schedule in a line: sessions, days, and distinct rooms, tracks and
/// speakers (by name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Sessions in the schedule.
    pub sessions: usize,
    /// Conference days that have sessions (by the day-change hour).
    pub days: usize,
    /// Distinct rooms.
    pub rooms: usize,
    /// Distinct tracks.
    pub tracks: usize,
    /// Distinct speakers, by name.
    pub speakers: usize,
}

impl Summary {
    /// Counts a schedule.
    pub fn of(schedule: &Schedule) -> Summary {
        let sessions = &schedule.sessions;
        let rooms: BTreeSet<_> = sessions.iter().filter_map(|s| s.room.as_ref()).collect();
        let tracks: BTreeSet<_> = sessions.iter().filter_map(|s| s.track.as_ref()).collect();
        let speakers: BTreeSet<&str> = sessions
            .iter()
            .flat_map(|s| s.speakers.iter().map(|sp| sp.name.as_str()))
            .collect();
        Summary {
            sessions: sessions.len(),
            days: schedule.days().len(),
            rooms: rooms.len(),
            tracks: tracks.len(),
            speakers: speakers.len(),
        }
    }
}

/// What an import did: the copy it wrote, what was read, and what the reader had to assume.
#[derive(Debug, Clone)]
pub struct ImportReport {
    /// The library name the schedule was stored under.
    pub name: String,
    /// The RON copy in the library.
    pub path: PathBuf,
    /// The index entry written.
    pub entry: Entry,
    /// The schedule as read, its format and every warning.
    pub imported: Imported,
    /// Its counts, for the summary `commands::import::import_summary` prints.
    pub summary: Summary,
    /// Whether a schedule of that name was replaced (an update).
    pub replaced: bool,
}

/// Where a command-line argument points: a schedule file or a library name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// An existing file (or folder), to read with `formats::load_file`.
    File(PathBuf),
    /// The name of a schedule in the library (as the index spells it), to read with `open`.
    Library(String),
    /// A combination of library schedules, to open as one.
    Combination(Combination),
}

/// The folder of the imported schedules: `<data_dir>/schedules`.
pub fn schedules_dir(data_dir: &Path) -> PathBuf {
    data_dir.join(SCHEDULES_DIR)
}

/// The RON copy of a library schedule: `<data_dir>/schedules/<name>.ron`.
pub fn schedule_path(data_dir: &Path, name: &str) -> PathBuf {
    schedules_dir(data_dir).join(format!("{}.ron", safe_file_stem(name)))
}

/// Checks that `name` can name a library schedule: 1 to 100 bytes of ASCII letters, digits,
/// `-`, `_` and `.` (`.` not first or last, `-` not first, so it never reads as an option), not
/// a Windows device name. Such a name is its own file stem.
pub fn check_name(name: &str) -> Result<(), LibraryError> {
    let invalid = |reason: String| {
        Err(LibraryError::InvalidName {
            name: name.to_string(),
            reason,
        })
    };
    if name.is_empty() {
        return invalid("a name cannot be empty".into());
    }
    if name.len() > MAX_NAME_BYTES {
        return invalid(format!("a name is at most {MAX_NAME_BYTES} bytes long"));
    }
    if name.starts_with('-') {
        return invalid("a name cannot start with '-'".into());
    }
    if safe_file_stem(name) != name {
        if is_windows_reserved(name) {
            return invalid("Windows reserves it for a device".into());
        }
        let suggestion = formats::slug(name);
        let hint = if suggestion.is_empty() {
            String::new()
        } else {
            format!(", such as '{suggestion}'")
        };
        return invalid(format!(
            "use ASCII letters, digits, '-', '_' and '.' (not at either end){hint}"
        ));
    }
    let lower = name.to_ascii_lowercase();
    if lower.len() > MARKS_SUFFIX.len() && lower.ends_with(MARKS_SUFFIX) {
        return invalid(format!(
            "a name cannot end with '{MARKS_SUFFIX}' (hallway names files so)"
        ));
    }
    Ok(())
}

/// The name an import uses when none is given: the slug of the conference id, else of its
/// title, else "schedule"; cut to 100 bytes at a dash.
pub fn default_name(schedule: &Schedule) -> String {
    let conference = &schedule.conference;
    let mut name = formats::slug(&conference.id);
    if name.is_empty() {
        name = formats::slug(&conference.title);
    }
    if name.is_empty() {
        name = "schedule".to_string();
    }
    if name.len() > MAX_NAME_BYTES {
        // A slug is ASCII, so any byte index is a char boundary.
        name.truncate(MAX_NAME_BYTES);
        if let Some(dash) = name.rfind('-').filter(|&i| i > 0) {
            name.truncate(dash);
        }
    }
    if check_name(&name).is_err() {
        // Only a device name ("con", "nul") gets here: a slug has no other problem.
        name.push_str("-schedule");
    }
    name
}

/// Imports a schedule file or URL into the library and returns what it did.
///
/// `source` is a file path or an `http://`/`https://` URL; the format is detected from the
/// content. `name` (`--name`) is checked with `check_name`; without it the name comes from the
/// conference (`default_name`). A schedule of the same name is replaced (a name differing only
/// in letter case is the same name, and keeps the spelling it was first imported with).
/// `options.zone` (`--tz`) names the conference's zone for a source that names none (Sessionize,
/// Sched's UTC-only feed), as when a file is opened; a source with its own zone keeps it. The
/// option is recorded as given. The import becomes the most recently used schedule.
///
/// Everything is read, parsed and checked (the schedule must pass the checks its RON copy will
/// be opened with) before the library changes; a failure at any point leaves it as it was.
/// The change marks of a schedule it replaces are removed: an import starts afresh, and
/// `update` is the command that says what changed.
pub fn import(
    data_dir: &Path,
    source: &str,
    options: &ImportOptions,
    name: Option<&str>,
) -> Result<ImportReport, LibraryError> {
    if let Some(name) = name {
        check_name(name)?;
    }
    let (imported, source, validators) = read_source(source, options)?;
    let name = match name {
        Some(name) => name.to_string(),
        None => default_name(&imported.schedule),
    };
    store(
        data_dir,
        name,
        imported,
        source,
        validators,
        options,
        Mode::Import,
    )
    .map(|(report, _)| report)
}

/// Reads a file or fetches a URL as `import` does: the schedule, the source as recorded (an
/// absolute path, or the URL), and the server's validators.
fn read_source(
    source: &str,
    options: &ImportOptions,
) -> Result<(Imported, String, Validators), LibraryError> {
    Ok(if fetch::is_url(source) {
        let Fetched::Body { bytes, validators } = fetch::fetch(source, None)? else {
            // `fetch` answers `Unchanged` only to a conditional request, and this one is not.
            return Err(FetchError::Status {
                url: source.to_string(),
                status: 304,
            }
            .into());
        };
        let imported = read_fetched(source, &bytes, options)?;
        (imported, source.to_string(), validators)
    } else {
        let path = Path::new(source);
        let mut imported = formats::load_file(path, &ImportOptions::default())?;
        // `--tz` names the conference's zone only for a source that names none, as when a
        // file is opened: read as it is, and again in the given zone if it had no zone.
        if options.zone.is_some() && imported.zone_assumed {
            imported = formats::load_file(path, options)?;
        }
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        (
            imported,
            absolute.display().to_string(),
            Validators::default(),
        )
    })
}

/// Reads fetched bytes with `import`'s rule for `--tz`.
fn read_fetched(
    url: &str,
    bytes: &[u8],
    options: &ImportOptions,
) -> Result<Imported, LibraryError> {
    let read = |options: &ImportOptions| {
        formats::import_bytes(bytes, options).map_err(|error| LibraryError::FetchedFormat {
            url: url.to_string(),
            error,
        })
    };
    let imported = read(&ImportOptions::default())?;
    if options.zone.is_some() && imported.zone_assumed {
        return read(options);
    }
    Ok(imported)
}

/// What `update` stored: the import report, and what changed since the library's copy.
#[derive(Debug, Clone)]
pub struct Updated {
    /// The import of the new version (`replaced` is true).
    pub report: ImportReport,
    /// What changed since the previous copy (`changes::diff`); `None` when that copy could not
    /// be read (it is replaced all the same, and a warning in `report.imported.warnings` says
    /// why).
    pub changes: Option<Changes>,
}

/// Imports a library schedule again from its recorded source, with the recorded `--tz`, and
/// says what changed; `Ok(None)` when its URL answered that nothing changed since (a conditional
/// request with the recorded ETag / Last-Modified), and then nothing is written. A file source is
/// always read again.
///
/// The sessions changed get a mark (`marks`), combined with the marks of earlier updates not
/// yet seen (`changes::merge_marks`). The most recently used schedule stays as it was; as with
/// `import`, a failure (network, file, an unreadable marks file) leaves the library as it was.
/// Stars are not touched here: `Favourites::resolve` makes them follow their sessions.
pub fn update(data_dir: &Path, name: &str) -> Result<Option<Updated>, LibraryError> {
    update_in_zone(data_dir, name, None)
}

/// `update`, with `zone` (`hallway update --tz`) naming the conference's zone for a source
/// that names none, as at import; it is recorded for the updates after. `None` keeps the zone
/// recorded at import.
pub fn update_in_zone(
    data_dir: &Path,
    name: &str,
    zone: Option<Tz>,
) -> Result<Option<Updated>, LibraryError> {
    let entry = entry(data_dir, name)?;
    if entry.source.is_empty() {
        return Err(LibraryError::NoSource { name: entry.name });
    }
    let options = ImportOptions {
        zone: zone.or(entry.zone),
    };
    let (imported, source, validators) = if entry.is_url() {
        let mut fetched = fetch::fetch(&entry.source, Some(&entry.validators()))?;
        // "Not modified" speaks of the copy the validators came from: one that cannot be read
        // any more is fetched whole.
        if fetched == Fetched::Unchanged {
            if read_stored(&schedule_path(data_dir, &entry.name)).is_ok() {
                return Ok(None);
            }
            fetched = fetch::fetch(&entry.source, None)?;
        }
        match fetched {
            Fetched::Unchanged => {
                return Err(FetchError::Status {
                    url: entry.source,
                    status: 304,
                }
                .into());
            }
            Fetched::Body { bytes, validators } => {
                let imported = read_fetched(&entry.source, &bytes, &options)?;
                (imported, entry.source.clone(), validators)
            }
        }
    } else {
        read_source(&entry.source, &options)?
    };
    check_same_conference(&entry, &imported)?;
    let (report, changes) = store(
        data_dir,
        entry.name,
        imported,
        source,
        validators,
        &options,
        Mode::Update,
    )?;
    Ok(Some(Updated { report, changes }))
}

/// How `store` treats the copy it replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// An import: it becomes the most recently used; the marks of a copy it replaces go.
    Import,
    /// An update: the copy it replaces is compared with the new one and the changes marked.
    Update,
}

/// Writes an imported schedule into the library under `name` (already checked) and records it
/// in the index; see `Mode`. Returns the report and, for an update, the changes.
fn store(
    data_dir: &Path,
    name: String,
    mut imported: Imported,
    source: String,
    validators: Validators,
    options: &ImportOptions,
    mode: Mode,
) -> Result<(ImportReport, Option<Changes>), LibraryError> {
    let schedule = &imported.schedule;
    let not_storable = |reason: String| LibraryError::NotStorable {
        name: name.clone(),
        reason,
    };
    // Never store a copy that would not open: the checks `ron::parse` makes, made here (a
    // full read-back would cost as much again as opening; the round trip itself is tested).
    let problems = schedule.problems();
    if !problems.is_empty() {
        return Err(not_storable(problems.join("; ")));
    }
    let summary = Summary::of(schedule);
    let mut entry = Entry {
        name: name.clone(),
        title: schedule.conference.title.clone(),
        conference_id: schedule.conference.id.clone(),
        sessions: summary.sessions,
        days: summary.days,
        source,
        format: imported.format.name().to_string(),
        // A record of when the copy was made, not the app's (injectable) "now".
        imported_at: Utc::now().trunc_subsecs(0).fixed_offset(),
        etag: validators.etag,
        last_modified: validators.last_modified,
        zone: options.zone,
    };

    let dir = schedules_dir(data_dir);
    fs::create_dir_all(&dir).map_err(|source| LibraryError::Io {
        action: "create the folder",
        path: dir.clone(),
        source,
    })?;
    let _lock = lock(data_dir)?;
    remove_stale_temp_files(&dir);
    remove_stale_temp_files(data_dir);
    let mut index = read_index(data_dir)?;
    if index.combination(&name).is_some() {
        return Err(LibraryError::NameTaken {
            name,
            what: "a combination",
        });
    }
    // A name differing only in letter case is the same file on some file systems, so it names
    // the same schedule everywhere, spelled as it was first imported.
    let existing = index.find(&name).map(|e| e.name.clone());
    let replaced = existing.is_some();
    let name = existing.unwrap_or(name);
    entry.name = name.clone();
    let path = schedule_path(data_dir, &name);
    let marks_file = marks_path(data_dir, &name);
    // Marks first, then the copy, then the index: a failure in between leaves marks that the
    // next update, comparing with the same old copy, makes again.
    let mut changes = None;
    if mode == Mode::Update {
        let earlier = read_marks(&marks_file)?;
        match read_stored(&path) {
            Ok(old) => {
                let found = changes::diff(&old, &imported.schedule);
                let marks = changes::merge_marks(earlier.clone(), &found, &imported.schedule);
                if marks != earlier {
                    write_marks(&marks_file, &marks)?;
                }
                changes = Some(found);
            }
            Err(e) => imported.warnings.push(format!(
                "the previous copy could not be read, so what changed is not known: {e}"
            )),
        }
    }
    // Written as it is made: the text of a 100,000-session copy is 200 MB.
    let written = replace_file_with(&path, TEMP_PREFIX, &mut |out| {
        formats::ron::write_to(schedule, out).map_err(io::Error::other)
    });
    written.map_err(|source| match source.downcast::<FormatError>() {
        Ok(error) => LibraryError::NotStorable {
            name: name.clone(),
            reason: error.to_string(),
        },
        Err(source) => LibraryError::Io {
            action: "write",
            path: path.clone(),
            source,
        },
    })?;
    // The cache of the new copy, so that its first opening does not parse the RON. It only
    // saves time: one that cannot be written is made the next time the copy is read.
    if let Ok(stamp) = crate::cache::Stamp::of(&path) {
        let _ = crate::cache::store(&path, stamp, &imported.schedule);
    }
    if mode == Mode::Import {
        // Only once the new copy is in place: a failed import keeps the marks too.
        remove_file_if_present(&marks_file)?;
    }
    index.schedules.retain(|e| e.name != name);
    index.schedules.push(entry.clone());
    index.schedules.sort_by(|a, b| a.name.cmp(&b.name));
    if mode == Mode::Import {
        index.most_recent = Some(name.clone());
        index.recent_set.clear();
    }
    write_index(data_dir, &index)?;
    let report = ImportReport {
        name,
        path,
        entry,
        imported,
        summary,
        replaced,
    };
    Ok((report, changes))
}

/// The marks file of a library schedule: `<data_dir>/schedules/<name>.changes.ron`.
pub fn marks_path(data_dir: &Path, name: &str) -> PathBuf {
    schedules_dir(data_dir).join(format!("{}{MARKS_SUFFIX}.ron", safe_file_stem(name)))
}

/// The marks file as it is written.
#[derive(Debug, Serialize, Deserialize)]
struct MarksFile {
    version: u32,
    #[serde(default)]
    marks: BTreeMap<SessionId, Mark>,
}

/// The sessions of library schedule `name` (as the index spells it) that updates changed and
/// that have not been looked at (`mark_seen`), each with what changed. No marks file is no
/// marks; an unreadable one is an error naming it, and it is left as it is.
pub fn marks(data_dir: &Path, name: &str) -> Result<BTreeMap<SessionId, Mark>, LibraryError> {
    read_marks(&marks_path(data_dir, name))
}

/// Removes the marks of these sessions of library schedule `name`: they have been looked at.
/// Ids without a mark are ignored; the file is replaced atomically under the library's lock
/// (and removed when no mark is left).
pub fn mark_seen(data_dir: &Path, name: &str, ids: &[SessionId]) -> Result<(), LibraryError> {
    let path = marks_path(data_dir, name);
    if ids.is_empty() || !path.exists() {
        return Ok(());
    }
    let _lock = lock(data_dir)?;
    let mut marks = read_marks(&path)?;
    let before = marks.len();
    for id in ids {
        marks.remove(id);
    }
    if marks.len() == before {
        return Ok(());
    }
    write_marks(&path, &marks)
}

fn read_marks(path: &Path) -> Result<BTreeMap<SessionId, Mark>, LibraryError> {
    let text = match read_limited(path) {
        Ok(text) => text,
        Err(LibraryError::Io { source, .. }) if source.kind() == io::ErrorKind::NotFound => {
            return Ok(BTreeMap::new());
        }
        Err(e) => return Err(e),
    };
    let corrupt = |reason: String| LibraryError::Marks {
        path: path.to_path_buf(),
        reason,
    };
    let file: MarksFile = ron_options()
        .from_str(formats::strip_bom(&text))
        .map_err(|e| {
            corrupt(format!(
                "line {}, column {}: {}",
                e.span.start.line,
                e.span.start.col,
                formats::ron::error_message(&e.code)
            ))
        })?;
    if file.version != MARKS_VERSION {
        return Err(corrupt(format!(
            "version {} is not supported; this hallway reads version {MARKS_VERSION}",
            file.version
        )));
    }
    Ok(file.marks)
}

/// Replaces the marks file atomically; with no marks left, removes it.
fn write_marks(path: &Path, marks: &BTreeMap<SessionId, Mark>) -> Result<(), LibraryError> {
    if marks.is_empty() {
        return remove_file_if_present(path);
    }
    let file = MarksFile {
        version: MARKS_VERSION,
        marks: marks.clone(),
    };
    let config = ron::ser::PrettyConfig::new()
        .struct_names(false)
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
    let text = ron::ser::to_string_pretty(&file, config).map_err(|e| LibraryError::Marks {
        path: path.to_path_buf(),
        reason: format!("cannot write it: {e}"),
    })?;
    write_atomic(path, format!("{MARKS_HEADER}{text}\n").as_bytes())
}

/// Removes a file of the library durably; a file that is not there is fine.
fn remove_file_if_present(path: &Path) -> Result<(), LibraryError> {
    match fs::remove_file(path) {
        Ok(()) => {
            if let Some(dir) = path.parent() {
                let _ = sync_dir(dir);
            }
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(LibraryError::Io {
            action: "remove",
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Takes schedule `name` out of the library: its index entry first (so that a crash part-way
/// leaves at worst an unlisted file, which the next import of that name replaces), then its
/// copy and its update marks. The stars of its conference are kept: they live under the
/// conference's id and come back with the schedule when it is imported again. If it was the
/// schedule used last, none is until another is opened. Returns the entry removed.
pub fn remove(data_dir: &Path, name: &str) -> Result<Entry, LibraryError> {
    let _lock = lock(data_dir)?;
    let mut index = read_index(data_dir)?;
    let Some(entry) = index.find(name).cloned() else {
        return Err(LibraryError::NotFound {
            name: name.to_string(),
            names: index.names(),
        });
    };
    let combinations = index.combinations_of(&entry.name);
    if !combinations.is_empty() {
        return Err(LibraryError::InCombination {
            name: entry.name,
            combinations,
        });
    }
    index.schedules.retain(|e| e.name != entry.name);
    index.recent_set.retain(|n| *n != entry.name);
    if index.most_recent.as_deref() == Some(entry.name.as_str()) {
        index.most_recent = None;
    }
    write_index(data_dir, &index)?;
    let copy = schedule_path(data_dir, &entry.name);
    for path in [
        crate::cache::cache_path(&copy),
        copy,
        marks_path(data_dir, &entry.name),
    ] {
        match fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => {
                return Err(LibraryError::Io {
                    action: "remove",
                    path,
                    source: e,
                });
            }
            _ => {}
        }
    }
    Ok(entry)
}

/// Saves `sources` (library schedules, at least two) as combination `name`, replacing a
/// combination of that name; the name must not be a schedule's. Returns it as saved (names
/// spelled as the index spells them).
pub fn save_combination(
    data_dir: &Path,
    name: &str,
    sources: &[String],
) -> Result<Combination, LibraryError> {
    check_name(name)?;
    let _lock = lock(data_dir)?;
    let mut index = read_index(data_dir)?;
    if index.find(name).is_some() {
        return Err(LibraryError::NameTaken {
            name: name.to_string(),
            what: "a schedule",
        });
    }
    let mut names: Vec<String> = Vec::new();
    for source in sources {
        let spelled = match index.find(source) {
            Some(entry) => entry.name.clone(),
            None if index.combination(source).is_some() => {
                return Err(LibraryError::BadCombination {
                    reason: format!(
                        "is made of schedules, and '{}' is a combination itself",
                        quote(source)
                    ),
                });
            }
            None => {
                return Err(LibraryError::NotFound {
                    name: source.clone(),
                    names: index.names(),
                });
            }
        };
        if !names.contains(&spelled) {
            names.push(spelled);
        }
    }
    if names.len() < 2 {
        return Err(LibraryError::BadCombination {
            reason: "needs at least two different schedules of the library".into(),
        });
    }
    let name = index
        .combination(name)
        .map_or_else(|| name.to_string(), |c| c.name.clone());
    let combination = Combination {
        name: name.clone(),
        sources: names,
    };
    index.combinations.retain(|c| c.name != name);
    index.combinations.push(combination.clone());
    index.combinations.sort_by(|a, b| a.name.cmp(&b.name));
    write_index(data_dir, &index)?;
    Ok(combination)
}

/// The library's combinations, by name.
pub fn combinations(data_dir: &Path) -> Result<Vec<Combination>, LibraryError> {
    Ok(read_index(data_dir)?.combinations)
}

/// The combination named `name`, if there is one.
pub fn combination(data_dir: &Path, name: &str) -> Result<Option<Combination>, LibraryError> {
    Ok(read_index(data_dir)?.combination(name).cloned())
}

/// Takes combination `name` out of the library (its schedules, and their stars, stay).
/// Returns it, or `None` when there is no combination of that name.
pub fn remove_combination(
    data_dir: &Path,
    name: &str,
) -> Result<Option<Combination>, LibraryError> {
    if read_index(data_dir)?.combination(name).is_none() {
        return Ok(None);
    }
    let _lock = lock(data_dir)?;
    let mut index = read_index(data_dir)?;
    let Some(found) = index.combination(name).cloned() else {
        return Ok(None);
    };
    index.combinations.retain(|c| c.name != found.name);
    if index.most_recent.as_deref() == Some(found.name.as_str()) {
        index.most_recent = None;
    }
    write_index(data_dir, &index)?;
    Ok(Some(found))
}

/// What `repair` did.
#[derive(Debug, Clone, Default)]
pub struct Repaired {
    /// Where the unreadable index was moved (`library.ron.corrupt-<timestamp>`), if it was.
    pub moved_aside: Option<PathBuf>,
    /// Copies that were not in the index and now are (their source is unknown).
    pub adopted: Vec<Entry>,
    /// Index entries whose copy was gone, now dropped.
    pub dropped: Vec<String>,
    /// Files of the schedules folder that are not readable copies, with why; left alone.
    pub skipped: Vec<(PathBuf, String)>,
    /// Schedules whose copy was unreadable or gone, imported again from their recorded
    /// source: (name, source).
    pub reimported: Vec<(String, String)>,
    /// Schedules whose copy is unreadable or gone and could not be imported again: (name,
    /// what is wrong and what to run). Their entries and files are left as they are.
    pub broken: Vec<(String, String)>,
}

/// Makes the index agree with the copies in `schedules/`: an unreadable index is moved aside
/// (never deleted) and rebuilt; copies missing from the index are added, with no source (an
/// update then asks for a new import). Every copy the index lists is read: one that is
/// unreadable or gone is imported again from its recorded source (a URL fetched whole); one
/// with no source that is gone is dropped; one that cannot be had again is reported
/// (`Repaired::broken`) with the command to run. An index from a newer hallway is refused.
/// Stars and change marks are not touched.
pub fn repair(data_dir: &Path) -> Result<Repaired, LibraryError> {
    let lock_file = lock(data_dir)?;
    let mut repaired = Repaired::default();
    let mut index = match read_index(data_dir) {
        Ok(index) => index,
        Err(LibraryError::Index { path, .. }) => {
            if let Some(version) = index_version(&path).filter(|&v| v > INDEX_VERSION) {
                return Err(LibraryError::NewerIndex { path, version });
            }
            let to = aside_path(&path);
            move_aside(&path, &to).map_err(|source| LibraryError::Io {
                action: "move aside",
                path: path.clone(),
                source,
            })?;
            repaired.moved_aside = Some(to);
            Index {
                version: INDEX_VERSION,
                ..Index::default()
            }
        }
        Err(e) => return Err(e),
    };
    // Copies to get again from their source, once the lock is released (an import takes it).
    let mut to_reimport = Vec::new();
    index.schedules.retain(|e| {
        let path = schedule_path(data_dir, &e.name);
        let gone = fs::symlink_metadata(&path).is_err();
        if gone && e.source.is_empty() {
            repaired.dropped.push(e.name.clone());
            return false;
        }
        let why = if gone {
            Some("its copy is gone".to_string())
        } else {
            read_stored(&path)
                .err()
                .map(|error| format!("its copy is unreadable ({error})"))
        };
        match why {
            Some(why) if e.source.is_empty() => repaired.broken.push((
                e.name.clone(),
                format!(
                    "{why} and its source is unknown; import it again from its URL or file: hallway import SOURCE --name {}",
                    e.name
                ),
            )),
            Some(why) => to_reimport.push((e.clone(), why)),
            None => {}
        }
        true
    });
    let dir = schedules_dir(data_dir);
    let mut files: Vec<PathBuf> = match fs::read_dir(&dir) {
        Ok(entries) => entries.filter_map(|e| e.ok()).map(|e| e.path()).collect(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
        Err(source) => {
            return Err(LibraryError::Io {
                action: "read the folder",
                path: dir,
                source,
            });
        }
    };
    files.sort();
    for path in files {
        let file_name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let Some(stem) = file_name.strip_suffix(".ron") else {
            continue;
        };
        if stem.ends_with(MARKS_SUFFIX) || file_name.starts_with(TEMP_PREFIX) {
            continue;
        }
        if check_name(stem).is_err() {
            repaired
                .skipped
                .push((path, "its file name is not a library name".into()));
            continue;
        }
        if index.find(stem).is_some() {
            continue;
        }
        let schedule = match read_limited(&path).and_then(|text| {
            formats::ron::parse(&text).map_err(|error| LibraryError::Stored {
                path: path.clone(),
                error,
            })
        }) {
            Ok(schedule) => schedule,
            Err(e) => {
                repaired.skipped.push((path, e.to_string()));
                continue;
            }
        };
        let summary = Summary::of(&schedule);
        let modified = fs::metadata(&path)
            .and_then(|m| m.modified())
            .map(DateTime::<Utc>::from)
            .unwrap_or_else(|_| Utc::now());
        let entry = Entry {
            name: stem.to_string(),
            title: schedule.conference.title.clone(),
            conference_id: schedule.conference.id.clone(),
            sessions: summary.sessions,
            days: summary.days,
            source: String::new(),
            format: "unknown".into(),
            imported_at: modified.trunc_subsecs(0).fixed_offset(),
            etag: None,
            last_modified: None,
            zone: None,
        };
        index.schedules.push(entry.clone());
        repaired.adopted.push(entry);
    }
    index.schedules.sort_by(|a, b| a.name.cmp(&b.name));
    if index
        .most_recent
        .as_deref()
        .is_some_and(|n| index.find(n).is_none() && index.combination(n).is_none())
    {
        index.most_recent = None;
    }
    write_index(data_dir, &index)?;
    drop(lock_file);
    for (entry, why) in to_reimport {
        match reimport(data_dir, &entry) {
            Ok(()) => repaired.reimported.push((entry.name, entry.source)),
            Err(error) => repaired.broken.push((
                entry.name.clone(),
                format!(
                    "{why}, and importing it again from {} failed: {error}; run `hallway update {}` once its source can be read",
                    quote(&entry.source),
                    entry.name
                ),
            )),
        }
    }
    Ok(repaired)
}

/// Imports a library schedule again from its recorded source, whole (a URL without the
/// validators: the copy they describe is the one being replaced), keeping its name, zone and
/// change marks.
fn reimport(data_dir: &Path, entry: &Entry) -> Result<(), LibraryError> {
    let (imported, source, validators) = read_source(&entry.source, &entry.options())?;
    check_same_conference(entry, &imported)?;
    store(
        data_dir,
        entry.name.clone(),
        imported,
        source,
        validators,
        &entry.options(),
        Mode::Update,
    )
    .map(drop)
}

/// Refuses a source that now holds another conference than the entry's.
fn check_same_conference(entry: &Entry, imported: &Imported) -> Result<(), LibraryError> {
    let conference = &imported.schedule.conference;
    if conference.id != entry.conference_id {
        return Err(LibraryError::OtherConference {
            name: entry.name.clone(),
            was_title: entry.title.clone(),
            was_id: entry.conference_id.clone(),
            now_title: conference.title.clone(),
            now_id: conference.id.clone(),
        });
    }
    Ok(())
}

/// The `version` an index file declares, if it can be read that far.
fn index_version(path: &Path) -> Option<u32> {
    #[derive(Deserialize)]
    struct VersionOnly {
        version: u32,
    }
    let text = fs::read_to_string(path).ok()?;
    ron_options()
        .from_str::<VersionOnly>(formats::strip_bom(&text))
        .ok()
        .map(|v| v.version)
}

/// A free name beside `path` to move an unreadable file to: `<file>.corrupt-<UTC timestamp>`,
/// with `-2`, `-3`... when that is taken.
pub(crate) fn aside_path(path: &Path) -> PathBuf {
    // The timestamp names a file for the user; it is not the app's (injectable) "now".
    let stamp = Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
    let with_suffix = |path: &Path, suffix: &str| {
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(suffix);
        path.with_file_name(name)
    };
    let base = with_suffix(path, &format!(".corrupt-{stamp}"));
    let mut to = base.clone();
    let mut n = 1;
    while fs::symlink_metadata(&to).is_ok() {
        n += 1;
        to = with_suffix(&base, &format!("-{n}"));
    }
    to
}

/// Moves an unreadable file to `to` (from `aside_path`) and makes the rename durable.
pub(crate) fn move_aside(path: &Path, to: &Path) -> io::Result<()> {
    fs::rename(path, to)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let _ = sync_dir(dir);
    }
    Ok(())
}

/// Every schedule in the library, by name.
pub fn list(data_dir: &Path) -> Result<Vec<Entry>, LibraryError> {
    Ok(read_index(data_dir)?.schedules)
}

/// The index entry of `name` (exact, else differing only in letter case).
pub fn entry(data_dir: &Path, name: &str) -> Result<Entry, LibraryError> {
    let index = read_index(data_dir)?;
    match index.find(name) {
        Some(entry) => Ok(entry.clone()),
        None => Err(LibraryError::NotFound {
            name: name.to_string(),
            names: index.names(),
        }),
    }
}

/// Reads the library's copy of `name` (offline) and records it as the most recently used. A
/// copy that cannot be read is `BrokenCopy`, which says how to get it again.
pub fn open(data_dir: &Path, name: &str) -> Result<Schedule, LibraryError> {
    let entry = entry(data_dir, name)?;
    let schedule = read_stored(&schedule_path(data_dir, &entry.name)).map_err(|e| {
        LibraryError::BrokenCopy {
            name: entry.name.clone(),
            reason: e.to_string(),
        }
    })?;
    record_used(data_dir, &entry.name)?;
    Ok(schedule)
}

/// Reads a library copy: from its cache when that holds this very copy (see `cache`), else
/// from the RON, leaving a cache of it for the next time.
pub(crate) fn read_stored(path: &Path) -> Result<Schedule, LibraryError> {
    let stamp = crate::cache::Stamp::of(path).ok();
    if let Some(stamp) = stamp
        && let Ok(schedule) = crate::cache::load(path, stamp)
    {
        return Ok(schedule);
    }
    read_ron_copy(path, stamp)
}

/// `read_stored`, leaving the abstracts in the cache when it is read: the sessions' abstracts
/// are then empty and the `Abstracts` read each one when asked (`cache::abstract_of`). From
/// the RON, every abstract is read and there are no `Abstracts`.
pub(crate) fn read_stored_lazy(
    path: &Path,
) -> Result<(Schedule, Option<crate::cache::Abstracts>), LibraryError> {
    let stamp = crate::cache::Stamp::of(path).ok();
    if let Some(stamp) = stamp
        && let Ok((schedule, abstracts)) = crate::cache::load_lazy(path, stamp)
    {
        return Ok((schedule, Some(abstracts)));
    }
    Ok((read_ron_copy(path, stamp)?, None))
}

/// Parses a library copy's RON and leaves a cache of it, if the copy's stamp was taken.
fn read_ron_copy(
    path: &Path,
    stamp: Option<crate::cache::Stamp>,
) -> Result<Schedule, LibraryError> {
    let text = read_limited(path)?;
    let schedule = formats::ron::parse(&text).map_err(|error| LibraryError::Stored {
        path: path.to_path_buf(),
        error,
    })?;
    if let Some(stamp) = stamp {
        // The cache only saves time: one that cannot be written is not used.
        let _ = crate::cache::store(path, stamp, &schedule);
    }
    Ok(schedule)
}

/// The name of the most recently used schedule (opened or imported); if that one is gone, the
/// most recently imported; `None` when the library is empty.
pub fn most_recent(data_dir: &Path) -> Result<Option<String>, LibraryError> {
    let index = read_index(data_dir)?;
    if let Some(entry) = index.most_recent.as_deref().and_then(|n| index.find(n)) {
        return Ok(Some(entry.name.clone()));
    }
    Ok(index
        .schedules
        .iter()
        .max_by_key(|e| e.imported_at)
        .map(|e| e.name.clone()))
}

/// Decides what a command-line argument names: an existing path wins (`Resolved::File`); else
/// a library name (`Resolved::Library`, spelled as in the index); else an error that lists the
/// library's names.
pub fn resolve(data_dir: &Path, arg: &str) -> Result<Resolved, LibraryError> {
    let path = Path::new(arg);
    if path.exists() {
        return Ok(Resolved::File(path.to_path_buf()));
    }
    let index = read_index(data_dir)?;
    if let Some(combination) = index.combination(arg) {
        return Ok(Resolved::Combination(combination.clone()));
    }
    match index.find(arg) {
        Some(entry) => Ok(Resolved::Library(entry.name.clone())),
        None => Err(LibraryError::Unresolved {
            arg: arg.to_string(),
            names: index.names(),
        }),
    }
}

/// Records `name` as the most recently used schedule (a no-op when it already is).
fn record_used(data_dir: &Path, name: &str) -> Result<(), LibraryError> {
    let index = read_index(data_dir)?;
    if index.most_recent.as_deref() == Some(name) && index.recent_set.is_empty() {
        return Ok(());
    }
    let _lock = lock(data_dir)?;
    let mut index = read_index(data_dir)?;
    index.most_recent = Some(name.to_string());
    index.recent_set.clear();
    write_index(data_dir, &index)
}

/// Records what was opened together, for a bare `hallway` to reopen: a combination by its
/// name, else the schedules named one by one (a no-op when that is already recorded).
pub fn record_recent(data_dir: &Path, recent: &Recent) -> Result<(), LibraryError> {
    let (most_recent, set) = match (&recent.combination, recent.schedules.as_slice()) {
        (Some(name), _) => (Some(name.clone()), Vec::new()),
        (None, [one]) => (Some(one.clone()), Vec::new()),
        (None, many) => (many.first().cloned(), many.to_vec()),
    };
    let index = read_index(data_dir)?;
    if index.most_recent == most_recent && index.recent_set == set {
        return Ok(());
    }
    let _lock = lock(data_dir)?;
    let mut index = read_index(data_dir)?;
    index.most_recent = most_recent;
    index.recent_set = set;
    write_index(data_dir, &index)
}

/// What a bare `hallway` reopens: the set or the combination opened last, else the schedule
/// used last (see `most_recent`); empty when the library is.
pub fn recent(data_dir: &Path) -> Result<Recent, LibraryError> {
    let index = read_index(data_dir)?;
    if !index.recent_set.is_empty() && index.recent_set.iter().all(|n| index.find(n).is_some()) {
        return Ok(Recent {
            combination: None,
            schedules: index.recent_set.clone(),
        });
    }
    if let Some(combination) = index
        .most_recent
        .as_deref()
        .and_then(|n| index.combination(n))
    {
        return Ok(Recent {
            combination: Some(combination.name.clone()),
            schedules: combination.sources.clone(),
        });
    }
    Ok(Recent {
        combination: None,
        schedules: most_recent(data_dir)?.into_iter().collect(),
    })
}

/// Reads the library's copy of `name` (offline) without recording it as used.
pub fn read(data_dir: &Path, name: &str) -> Result<Schedule, LibraryError> {
    let entry = entry(data_dir, name)?;
    read_stored(&schedule_path(data_dir, &entry.name)).map_err(|e| LibraryError::BrokenCopy {
        name: entry.name.clone(),
        reason: e.to_string(),
    })
}

/// `read`, leaving the abstracts to be read when needed (see `read_stored_lazy`).
pub fn read_lazy(
    data_dir: &Path,
    name: &str,
) -> Result<(Schedule, Option<crate::cache::Abstracts>), LibraryError> {
    let entry = entry(data_dir, name)?;
    read_stored_lazy(&schedule_path(data_dir, &entry.name)).map_err(|e| LibraryError::BrokenCopy {
        name: entry.name.clone(),
        reason: e.to_string(),
    })
}

fn index_path(data_dir: &Path) -> PathBuf {
    data_dir.join(INDEX_FILE)
}

fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// Reads a file of the library, refusing one larger than any schedule.
fn read_limited(path: &Path) -> Result<String, LibraryError> {
    let io_error = |source| LibraryError::Io {
        action: "read",
        path: path.to_path_buf(),
        source,
    };
    read_regular_text(path, formats::MAX_LOCAL_FILE_BYTES).map_err(io_error)
}

/// Reads the index; a missing index is an empty library.
fn read_index(data_dir: &Path) -> Result<Index, LibraryError> {
    let path = index_path(data_dir);
    let text = match read_limited(&path) {
        Ok(text) => text,
        Err(LibraryError::Io { source, .. }) if source.kind() == io::ErrorKind::NotFound => {
            return Ok(Index {
                version: INDEX_VERSION,
                ..Index::default()
            });
        }
        Err(e) => return Err(e),
    };
    let index: Index = ron_options()
        .from_str(formats::strip_bom(&text))
        .map_err(|e| LibraryError::Index {
            path: path.clone(),
            reason: format!(
                "line {}, column {}: {}",
                e.span.start.line,
                e.span.start.col,
                formats::ron::error_message(&e.code)
            ),
        })?;
    if index.version != INDEX_VERSION {
        return Err(LibraryError::Index {
            path,
            reason: format!(
                "index version {} is not supported; this hallway reads version {INDEX_VERSION}",
                index.version
            ),
        });
    }
    Ok(index)
}

fn write_index(data_dir: &Path, index: &Index) -> Result<(), LibraryError> {
    let path = index_path(data_dir);
    let config = ron::ser::PrettyConfig::new()
        .struct_names(false)
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
    let text = ron::ser::to_string_pretty(index, config).map_err(|e| LibraryError::Index {
        path: path.clone(),
        reason: format!("cannot write it: {e}"),
    })?;
    write_atomic(&path, text.as_bytes())
}

/// Takes the library's lock, waiting up to `LOCK_TIMEOUT` for another hallway. It is released
/// when the file is dropped, or the process ends.
fn lock(data_dir: &Path) -> Result<File, LibraryError> {
    let path = data_dir.join(LOCK_FILE);
    let io_error = |source| LibraryError::Io {
        action: "lock",
        path: path.clone(),
        source,
    };
    fs::create_dir_all(data_dir).map_err(|source| LibraryError::Io {
        action: "create the folder",
        path: data_dir.to_path_buf(),
        source,
    })?;
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(io_error)?;
    let deadline = Instant::now() + LOCK_TIMEOUT;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(2));
            }
            Err(fs::TryLockError::WouldBlock) => return Err(LibraryError::LockTimeout { path }),
            Err(fs::TryLockError::Error(source)) => return Err(io_error(source)),
        }
    }
}

/// Removes temporary files left in `dir` by an import that was killed. Called under the lock,
/// when no other hallway is writing one; a file that cannot be removed is harmless.
fn remove_stale_temp_files(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Replaces `path` with `bytes` so that any crash leaves the old file or the new one.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), LibraryError> {
    replace_file(path, bytes, TEMP_PREFIX).map_err(|source| LibraryError::Io {
        action: "write",
        path: path.to_path_buf(),
        source,
    })
}

/// The largest view or filter file read: what hallway writes there is a few hundred bytes.
const SETTINGS_MAX_BYTES: u64 = 1 << 20;

/// The file that remembers how the user last looked at a day: `<data_dir>/view.ron`.
pub fn view_path(data_dir: &Path) -> PathBuf {
    data_dir.join("view.ron")
}

/// How days were last shown (the timeline or the grid). A missing or unreadable file is the
/// timeline: it is a preference, not data, and the next switch writes it anew.
pub fn load_layout(data_dir: &Path) -> crate::app::DayLayout {
    read_regular_text(&view_path(data_dir), SETTINGS_MAX_BYTES)
        .ok()
        .and_then(|text| ron::from_str(text.trim()).ok())
        .unwrap_or_default()
}

/// Remembers how days are shown, for the next run (written atomically).
pub fn save_layout(data_dir: &Path, layout: crate::app::DayLayout) -> Result<(), LibraryError> {
    let path = view_path(data_dir);
    let io_error = |action: &'static str| {
        let path = path.clone();
        move |source| LibraryError::Io {
            action,
            path,
            source,
        }
    };
    fs::create_dir_all(data_dir).map_err(io_error("create the folder of"))?;
    let text = format!("{layout:?}\n");
    replace_file(&path, text.as_bytes(), ".view.ron.").map_err(io_error("write"))
}

/// The saved filter of one conference: `<data_dir>/filters/<safe id>.ron`.
pub fn filter_path(data_dir: &Path, conference_id: &str) -> PathBuf {
    data_dir
        .join("filters")
        .join(format!("{}.ron", safe_file_stem(conference_id)))
}

/// The filter last set on a conference's schedule. None saved: no filter. An unreadable file
/// is an error naming it (the app says so and shows everything; the next change rewrites it).
pub fn load_filter(
    data_dir: &Path,
    conference_id: &str,
) -> Result<crate::filter::Filter, LibraryError> {
    let path = filter_path(data_dir, conference_id);
    match read_regular_text(&path, SETTINGS_MAX_BYTES) {
        Ok(text) => ron::from_str(&text).map_err(|e| LibraryError::Io {
            action: "read the filter in",
            path,
            source: io::Error::new(
                io::ErrorKind::InvalidData,
                formats::ron::error_message(&e.code),
            ),
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(crate::filter::Filter::default()),
        Err(source) => Err(LibraryError::Io {
            action: "read",
            path,
            source,
        }),
    }
}

/// Saves a conference's filter for the next run (atomically; an empty filter removes the file).
pub fn save_filter(
    data_dir: &Path,
    conference_id: &str,
    filter: &crate::filter::Filter,
) -> Result<(), LibraryError> {
    let path = filter_path(data_dir, conference_id);
    if filter.is_empty() {
        return match fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(LibraryError::Io {
                action: "remove",
                path,
                source: e,
            }),
            _ => Ok(()),
        };
    }
    let io_error = |action: &'static str, path: &Path| {
        let path = path.to_path_buf();
        move |source| LibraryError::Io {
            action,
            path,
            source,
        }
    };
    let dir = data_dir.join("filters");
    fs::create_dir_all(&dir).map_err(io_error("create the folder", &dir))?;
    let text = ron::ser::to_string_pretty(filter, ron::ser::PrettyConfig::default())
        .map_err(|e| io::Error::other(e.to_string()))
        .map_err(io_error("write", &path))?;
    replace_file(&path, text.as_bytes(), ".filter.ron.").map_err(io_error("write", &path))
}

/// Replaces `path` with `bytes` so that a crash at any moment leaves the old file or the new
/// one, never a mix: a temp file (named with `temp_prefix`) in the same folder, written and
/// fsynced, renamed over `path`, then the folder fsynced. Shared by every file hallway writes.
pub(crate) fn replace_file(path: &Path, bytes: &[u8], temp_prefix: &str) -> io::Result<()> {
    replace_file_with(path, temp_prefix, &mut |out| out.write_all(bytes))
}

/// `replace_file` with what `write` writes (buffered); nothing is replaced when it fails.
fn replace_file_with(
    path: &Path,
    temp_prefix: &str,
    write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let temp = tempfile::Builder::new()
        .prefix(temp_prefix)
        .tempfile_in(dir)?;
    let mut out = io::BufWriter::with_capacity(1 << 16, temp);
    write(&mut out)?;
    let temp = out.into_inner().map_err(|e| e.into_error())?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir)
}

/// Reads a whole file that must be a regular file of at most `max_bytes`: a FIFO (which would
/// block hallway until something writes to it), a device (`/dev/zero` never ends), a socket
/// or a folder is refused with an error saying what it is, before it is opened; and at most
/// `max_bytes + 1` bytes are read whatever the file claims, so a file growing as it is read
/// cannot take more. Symbolic links are followed. Every file hallway reads goes through this.
pub fn read_regular(path: &Path, max_bytes: u64) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let (file, len) = open_regular(path, max_bytes)?;
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(bytes.len() as u64, max_bytes));
    }
    Ok(bytes)
}

/// Opens a file to read it a part at a time, with the checks of `read_regular` (a regular
/// file, at most `max_bytes` long when opened), and says how long it was then: the caller
/// reads at most that.
pub fn open_regular(path: &Path, max_bytes: u64) -> io::Result<(File, u64)> {
    not_regular(&fs::metadata(path)?)?;
    let file = File::open(path)?;
    // Checked again on what was opened: the path may have been changed in between.
    let metadata = file.metadata()?;
    not_regular(&metadata)?;
    if metadata.len() > max_bytes {
        return Err(too_large(metadata.len(), max_bytes));
    }
    Ok((file, metadata.len()))
}

fn too_large(size: u64, max_bytes: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        format!(
            "{size} bytes is larger than any file hallway reads (at most {} MiB)",
            max_bytes >> 20
        ),
    )
}

/// `read_regular` as UTF-8 text.
pub fn read_regular_text(path: &Path, max_bytes: u64) -> io::Result<String> {
    String::from_utf8(read_regular(path, max_bytes)?)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.utf8_error()))
}

/// An error naming what a file is when it is not a regular file.
fn not_regular(metadata: &fs::Metadata) -> io::Result<()> {
    if metadata.is_file() {
        return Ok(());
    }
    let kind = file_kind(metadata);
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("it is {kind}, not a regular file; hallway reads only regular files"),
    ))
}

#[cfg(unix)]
fn file_kind(metadata: &fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let kind = metadata.file_type();
    if kind.is_dir() {
        "a folder"
    } else if kind.is_fifo() {
        "a FIFO (named pipe)"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "not a file"
    }
}

#[cfg(not(unix))]
fn file_kind(metadata: &fs::Metadata) -> &'static str {
    if metadata.is_dir() {
        "a folder"
    } else {
        "not a file"
    }
}

/// The file a path names once symbolic links are followed, for writing through a link (a
/// favourites file kept with dotfiles elsewhere): the target is replaced, in its own folder,
/// and the link stays. The target need not exist yet; a path that is no link is itself.
pub(crate) fn link_target(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    // As many links as Linux follows before it gives up (ELOOP).
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            // Through a link, named as a user would write it (no "dir/../").
            _ if current != path => {
                let tidy = match (current.parent(), current.file_name()) {
                    (Some(dir), Some(name)) => fs::canonicalize(dir).ok().map(|d| d.join(name)),
                    _ => None,
                };
                return Ok(tidy.unwrap_or(current));
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::other(format!(
        "{} is a chain of more than 40 symbolic links",
        path.display()
    )))
}

/// Makes a rename in `dir` durable.
#[cfg(unix)]
pub(crate) fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Windows makes renames durable without a handle on the folder.
#[cfg(not(unix))]
pub(crate) fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_layout_is_kept_and_a_bad_file_means_the_timeline() {
        use crate::app::DayLayout;
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("not-yet");
        assert_eq!(load_layout(&data), DayLayout::Timeline);
        save_layout(&data, DayLayout::Grid).unwrap();
        assert_eq!(load_layout(&data), DayLayout::Grid);
        save_layout(&data, DayLayout::Timeline).unwrap();
        assert_eq!(load_layout(&data), DayLayout::Timeline);
        std::fs::write(view_path(&data), "Gr\u{1b}id(").unwrap();
        assert_eq!(load_layout(&data), DayLayout::Timeline);
        // Nothing else is left in the folder (no temp files).
        let names: Vec<_> = std::fs::read_dir(&data)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["view.ron"]);
    }

    #[test]
    fn override_wins_when_set_and_not_empty() {
        let dir = data_dir_from(Some("/tmp/somewhere".into())).unwrap();
        assert_eq!(dir, PathBuf::from("/tmp/somewhere"));
        // Empty means unset: the platform directory (when the machine has a home).
        if let Ok(dir) = data_dir_from(Some(OsString::new())) {
            assert!(dir.ends_with("hallway"), "{}", dir.display());
        }
    }

    #[test]
    fn favourites_live_in_their_own_folder() {
        let path = favourites_path(Path::new("/data"), "kubecon-eu-2024");
        assert_eq!(path, PathBuf::from("/data/favourites/kubecon-eu-2024.ron"));
    }

    #[test]
    fn stems_are_safe_and_distinct() {
        let cases = [
            ("kubecon-eu-2024", "kubecon-eu-2024"),
            ("FOSDEM_2025", "FOSDEM_2025"),
            ("a/b", "a%2Fb"),
            ("a%2Fb", "a%252Fb"),
            ("..", "%2E%2E"),
            (".hidden", "%2Ehidden"),
            ("trail.", "trail%2E"),
            ("v1.2", "v1.2"),
            ("CON", "%43ON"),
            ("nul.txt", "%6Eul.txt"),
            ("com3", "%63om3"),
            ("console", "console"),
            ("Journées", "Journ%C3%A9es"),
            ("a b:c\\d", "a%20b%3Ac%5Cd"),
            ("", "%"),
        ];
        for (id, stem) in cases {
            assert_eq!(safe_file_stem(id), stem, "{id:?}");
        }
        let mut seen = HashSet::new();
        for (id, _) in cases {
            assert!(seen.insert(safe_file_stem(id)), "{id:?} collides");
        }
    }

    #[test]
    fn long_ids_are_cut_with_a_hash() {
        let long_a = "a".repeat(300);
        let long_b = format!("{}b", "a".repeat(299));
        let (a, b) = (safe_file_stem(&long_a), safe_file_stem(&long_b));
        assert_eq!(a.len(), MAX_STEM_BYTES);
        assert_eq!(b.len(), MAX_STEM_BYTES);
        assert_ne!(a, b);
        assert_eq!(a, safe_file_stem(&long_a));
        let wide = "é".repeat(100);
        assert!(safe_file_stem(&wide).len() <= MAX_STEM_BYTES);
    }
}
