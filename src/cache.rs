//! A compact binary companion of each library copy (`schedules/<name>.cache`), read instead of
//! parsing the RON when it is known to hold the same schedule: parsing RON is most of what a
//! command from the shell costs at 10,000 sessions and more (issue 17).
//!
//! The RON copy stays the documented format and the only source of truth: the cache is made
//! from what was parsed from it, is never the only copy of anything, and is thrown away and
//! made again whenever it is missing, unreadable, damaged (checksums over it), written by
//! another hallway version, or stale (the RON copy's size, modification time or inode
//! changed). It is written by temp file and rename, so a reader never sees half of one; a
//! cache that cannot be written (a read-only data dir) is simply not used.

use crate::model::{
    Conference, Link, Room, SCHEDULE_FORMAT_VERSION, Schedule, Session, SessionId, Speaker, Track,
};
use chrono::{DateTime, FixedOffset, NaiveTime, Timelike};
use chrono_tz::Tz;
use std::fs;
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The first bytes of every cache file.
const MAGIC: &[u8; 8] = b"HWCACHE\0";

/// The layout of the cache files; a file of another layout is made again.
const LAYOUT: u32 = 4;

/// Sessions per block of the body: a cache is read a block at a time, so that reading it
/// never holds the whole file beside the schedule made from it.
const BLOCK_SESSIONS: usize = 4096;

/// Sessions from which a cache is decoded in two threads, taking its blocks in turn: below
/// it, a thread costs more than it saves.
const PARALLEL_SESSIONS: usize = 20_000;

/// The hallway version that wrote a cache: another version makes it again, so a change of the
/// model can never be misread from an old cache.
const PROGRAM_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The largest cache file read (the RON copies are limited to 1 GiB; their cache is smaller).
const MAX_CACHE_BYTES: u64 = 1 << 30;

/// The cache file of a RON copy: the same name with `.cache` for `.ron`.
pub fn cache_path(ron_path: &Path) -> PathBuf {
    ron_path.with_extension("cache")
}

/// What identifies one version of the RON copy: a rewrite (always by rename) changes the inode,
/// and an edit in place its size or modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified_secs: i64,
    modified_nanos: u32,
    inode: u64,
}

impl Stamp {
    /// The stamp of the file at `path` now.
    pub fn of(path: &Path) -> io::Result<Stamp> {
        let metadata = fs::metadata(path)?;
        let modified = metadata.modified()?;
        let (modified_secs, modified_nanos) = match modified.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => (
                i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
                d.subsec_nanos(),
            ),
            Err(e) => (
                -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
                e.duration().subsec_nanos(),
            ),
        };
        Ok(Stamp {
            len: metadata.len(),
            modified_secs,
            modified_nanos,
            inode: inode(&metadata),
        })
    }
}

#[cfg(unix)]
fn inode(metadata: &fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    metadata.ino()
}

#[cfg(not(unix))]
fn inode(_: &fs::Metadata) -> u64 {
    0
}

/// Why a cache was not used (for tests and for `HALLWAY_LOG`-style diagnosis; users never see
/// it: the RON copy is read instead).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Miss {
    /// No cache file, or it could not be read.
    Missing,
    /// Written for another version of the RON copy.
    Stale,
    /// Written by another hallway or another layout.
    OtherVersion,
    /// Not a cache, cut short, or its checksum does not match.
    Corrupt,
}

/// The schedule cached for the RON copy at `ron_path`, abstracts included, when the cache is
/// there and is known to hold what the copy holds now (`stamp`, taken before the copy would be
/// read).
pub fn load(ron_path: &Path, stamp: Stamp) -> Result<Schedule, Miss> {
    let mut parts = open(ron_path, stamp)?;
    parts.read_abstracts()?;
    Ok(parts.schedule)
}

/// `load` without reading the abstracts: the sessions' abstracts are empty, and the
/// `Abstracts` returned read each one when it is asked for.
pub fn load_lazy(ron_path: &Path, stamp: Stamp) -> Result<(Schedule, Abstracts), Miss> {
    let path = cache_path(ron_path);
    let parts = open(ron_path, stamp)?;
    let file = parts.input.inner.get_ref().get_ref();
    let inode = file
        .metadata()
        .map(|m| inode(&m))
        .map_err(|_| Miss::Missing)?;
    parts.lazy(
        |reader| Box::new(reader.into_inner().into_inner()),
        Some((path, inode)),
    )
}

type FileInput = io::BufReader<io::Take<fs::File>>;

/// The cache of the RON copy at `ron_path`, read up to its abstracts.
fn open(ron_path: &Path, stamp: Stamp) -> Result<Parts<FileInput>, Miss> {
    let (file, len) = crate::library::open_regular(&cache_path(ron_path), MAX_CACHE_BYTES)
        .map_err(|_| Miss::Missing)?;
    let input = io::BufReader::with_capacity(1 << 16, io::Read::take(file, len));
    read_cache(
        Input {
            inner: input,
            read: 0,
            len,
        },
        stamp,
    )
}

/// Writes the cache of the RON copy at `ron_path`, from `schedule` as parsed from the copy
/// whose stamp was `stamp`. Does nothing when the copy changed meanwhile (its stamp now is not
/// `stamp`): the cache would claim the new copy holds the old schedule. It is written a block
/// at a time, so writing it never holds a second copy of the schedule's text.
pub fn store(ron_path: &Path, stamp: Stamp, schedule: &Schedule) -> io::Result<()> {
    if schedule.sessions.iter().any(|s| s.origin.is_some()) {
        return Ok(());
    }
    if Stamp::of(ron_path)? != stamp {
        return Ok(());
    }
    let path = cache_path(ron_path);
    let dir = path.parent().unwrap_or(Path::new("."));
    let temp = tempfile::Builder::new()
        .prefix(".hallway-tmp-")
        .tempfile_in(dir)?;
    let mut out = io::BufWriter::with_capacity(1 << 16, temp);
    write_cache(&mut out, schedule, stamp)?;
    let temp = out.into_inner().map_err(|e| e.into_error())?;
    // No fsync: a cache lost or cut short by a crash is found by its checksum and made again.
    temp.persist(&path).map_err(|e| e.error)?;
    Ok(())
}

/// Removes the cache of a RON copy, if there is one.
pub fn remove(ron_path: &Path) -> io::Result<()> {
    match fs::remove_file(cache_path(ron_path)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// A 64-bit checksum of the body, eight bytes at a time (cheap next to reading the file; it
/// is there to catch damage, not tampering).
fn checksum(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        hash = (hash ^ u64::from_le_bytes(word))
            .wrapping_mul(0x0000_0100_0000_01b3)
            .rotate_left(29);
    }
    for &byte in chunks.remainder() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// The bytes of a cache (see `write_cache`). `None` for a schedule a library copy never
/// holds (sessions with an origin: several schedules combined).
pub fn encode(schedule: &Schedule, stamp: Stamp) -> Option<Vec<u8>> {
    if schedule.sessions.iter().any(|s| s.origin.is_some()) {
        return None;
    }
    let mut out = io::Cursor::new(Vec::new());
    write_cache(&mut out, schedule, stamp).ok()?;
    Some(out.into_inner())
}

/// The length of an abstract's record in the abstracts: its checksum, the session id's
/// length and the id, then the text. No record for an empty abstract.
fn record_len(s: &Session) -> u32 {
    if s.abstract_text.is_empty() {
        0
    } else {
        u32::try_from(12 + s.id.0.len() + s.abstract_text.len()).unwrap_or(u32::MAX)
    }
}

/// Writes a cache: header (magic, layout, program version, the copy's stamp, the head's
/// length and checksum), the head (the schedule's version and conference, the number of
/// sessions, for each block its number of sessions, length and checksum, and the length of
/// the abstracts), the blocks of at most `BLOCK_SESSIONS` sessions, then the abstracts. A
/// session names where its abstract's record is; the abstracts come last so that the app
/// can open a schedule without reading them (`load_lazy`), and read one when it is shown.
///
/// The header and head are written last, over room left for them at the start: their size
/// is known before the blocks are written, their content only after.
fn write_cache<W: Write + io::Seek>(
    out: &mut W,
    schedule: &Schedule,
    stamp: Stamp,
) -> io::Result<()> {
    let block_count = schedule.sessions.len().div_ceil(BLOCK_SESSIONS);
    let head = |blocks: &[(usize, u64, u64)], abstracts: u64| {
        let mut head = Writer(Vec::with_capacity(256 + blocks.len() * 24));
        head.u32(schedule.version);
        let c = &schedule.conference;
        head.str(&c.id);
        head.str(&c.title);
        head.str(c.time_zone.name());
        head.opt(c.city.as_deref());
        head.opt(c.venue.as_deref());
        head.opt(c.url.as_deref());
        head.time(c.day_change);
        head.u64(schedule.sessions.len() as u64);
        head.u64(blocks.len() as u64);
        for &(sessions, len, sum) in blocks {
            head.u64(sessions as u64);
            head.u64(len);
            head.u64(sum);
        }
        head.u64(abstracts);
        let head = head.0;
        let mut top = Writer(Vec::with_capacity(96 + head.len()));
        top.0.extend_from_slice(MAGIC);
        top.u32(LAYOUT);
        top.str(PROGRAM_VERSION);
        top.u64(stamp.len);
        top.u64(stamp.modified_secs as u64);
        top.u32(stamp.modified_nanos);
        top.u64(stamp.inode);
        top.u64(head.len() as u64);
        top.u64(checksum(&head));
        top.0.extend_from_slice(&head);
        top.0
    };
    let room = head(&vec![(0, 0, 0); block_count], 0).len();
    out.write_all(&vec![0; room])?;
    let mut blocks = Vec::with_capacity(block_count);
    let mut offset = 0u64;
    let mut block = Writer(Vec::new());
    for chunk in schedule.sessions.chunks(BLOCK_SESSIONS) {
        block.0.clear();
        for s in chunk {
            let len = record_len(s);
            block.session(s, offset, len);
            offset += u64::from(len);
        }
        out.write_all(&block.0)?;
        blocks.push((chunk.len(), block.0.len() as u64, checksum(&block.0)));
    }
    for s in schedule.sessions.iter().filter(|s| record_len(s) > 0) {
        let mut record = Writer(Vec::with_capacity(record_len(s) as usize));
        record.0.extend_from_slice(&[0; 8]);
        record.str(&s.id.0);
        record.0.extend_from_slice(s.abstract_text.as_bytes());
        let sum = checksum(&record.0[8..]);
        record.0[..8].copy_from_slice(&sum.to_le_bytes());
        out.write_all(&record.0)?;
    }
    let top = head(&blocks, offset);
    debug_assert_eq!(top.len(), room);
    out.seek(io::SeekFrom::Start(0))?;
    out.write_all(&top)?;
    out.flush()
}

/// The schedule in a cache's bytes, abstracts included, if they are a whole, undamaged cache
/// of this hallway for the copy whose stamp is `stamp`.
pub fn decode(bytes: &[u8], stamp: Stamp) -> Result<Schedule, Miss> {
    let mut parts = read_cache(
        Input {
            inner: bytes,
            read: 0,
            len: bytes.len() as u64,
        },
        stamp,
    )?;
    parts.read_abstracts()?;
    Ok(parts.schedule)
}

/// The schedule in a cache's bytes without its abstracts, and those to read when needed.
pub fn decode_lazy(bytes: Vec<u8>, stamp: Stamp) -> Result<(Schedule, Abstracts), Miss> {
    let len = bytes.len() as u64;
    let parts = read_cache(
        Input {
            inner: io::Cursor::new(bytes),
            read: 0,
            len,
        },
        stamp,
    )?;
    parts.lazy(|cursor| Box::new(cursor), None)
}

/// What a cache is read from: `len` bytes, of which `read` are read.
struct Input<R> {
    inner: R,
    read: u64,
    len: u64,
}

impl<R: io::Read> Input<R> {
    /// The next `n` bytes; never more than are left, so a damaged length cannot make it
    /// reserve gigabytes.
    fn bytes(&mut self, n: u64) -> Result<Vec<u8>, Miss> {
        let mut bytes = Vec::new();
        self.bytes_into(n, &mut bytes)?;
        Ok(bytes)
    }

    /// `bytes`, into a buffer used again.
    fn bytes_into(&mut self, n: u64, bytes: &mut Vec<u8>) -> Result<(), Miss> {
        if n > self.len - self.read {
            return Err(Miss::Corrupt);
        }
        bytes.resize(usize::try_from(n).map_err(|_| Miss::Corrupt)?, 0);
        self.inner.read_exact(bytes).map_err(|_| Miss::Corrupt)?;
        self.read += n;
        Ok(())
    }

    fn u32(&mut self) -> Result<u32, Miss> {
        Reader {
            bytes: &self.bytes(4)?,
            pos: 0,
        }
        .u32()
    }

    fn u64(&mut self) -> Result<u64, Miss> {
        Reader {
            bytes: &self.bytes(8)?,
            pos: 0,
        }
        .u64()
    }
}

/// One block of sessions, as the head describes it.
struct Block {
    sessions: usize,
    len: u64,
    sum: u64,
}

/// Where a session's abstract is among the abstracts: the offset and length of its record
/// (length 0: it has none).
#[derive(Debug, Clone, Copy)]
struct Place {
    offset: u64,
    len: u32,
}

/// A cache read up to its abstracts.
struct Parts<R> {
    input: Input<R>,
    schedule: Schedule,
    /// Each session's, in order.
    places: Vec<Place>,
}

impl<R: io::Read> Parts<R> {
    /// Reads the abstracts, which follow, into the sessions.
    fn read_abstracts(&mut self) -> Result<(), Miss> {
        read_records(&mut self.schedule.sessions, &self.places, |record, len| {
            self.input.bytes_into(u64::from(len), record)
        })
    }

    /// The schedule without its abstracts, and those to read when needed from the rest of
    /// the input (`source` turns it into something to seek in).
    fn lazy(
        self,
        source: impl FnOnce(R) -> Box<dyn Source>,
        file: Option<(PathBuf, u64)>,
    ) -> Result<(Schedule, Abstracts), Miss> {
        let mut by_id: Vec<Entry> = self
            .schedule
            .sessions
            .iter()
            .zip(&self.places)
            .filter(|(_, place)| place.len > 0)
            .map(|(s, place)| Entry {
                hash: checksum(s.id.0.as_bytes()),
                offset: place.offset,
                len: place.len,
            })
            .collect();
        by_id.sort_unstable_by_key(|e| (e.hash, e.offset));
        let start = self.input.read;
        Ok((
            self.schedule,
            Abstracts {
                reading: Mutex::new(Reading {
                    source: source(self.input.inner),
                    last: None,
                }),
                start,
                by_id,
                places: self.places,
                file,
            },
        ))
    }
}

/// Reads the abstracts' records, which follow one another in the sessions' order, into the
/// sessions that have one; `read` reads the next record of a length into the buffer.
fn read_records(
    sessions: &mut [Session],
    places: &[Place],
    mut read: impl FnMut(&mut Vec<u8>, u32) -> Result<(), Miss>,
) -> Result<(), Miss> {
    let mut record = Vec::new();
    for (session, place) in sessions.iter_mut().zip(places) {
        if place.len > 0 {
            read(&mut record, place.len)?;
            session.abstract_text = record_text(&record, &session.id.0)?.to_owned();
        }
    }
    Ok(())
}

/// A record's session id and text, if its checksum agrees.
fn record_parts(record: &[u8]) -> Result<(&str, &str), Miss> {
    let mut r = Reader {
        bytes: record,
        pos: 0,
    };
    let sum = r.u64()?;
    if checksum(&record[8..]) != sum {
        return Err(Miss::Corrupt);
    }
    let id = r.str()?;
    let text = std::str::from_utf8(&record[r.pos..]).map_err(|_| Miss::Corrupt)?;
    Ok((id, text))
}

/// The text of a record that must be the abstract of session `id`.
fn record_text<'a>(record: &'a [u8], id: &str) -> Result<&'a str, Miss> {
    match record_parts(record)? {
        (of, text) if of == id => Ok(text),
        _ => Err(Miss::Corrupt),
    }
}

/// What the abstracts of a lazily read cache are read from: the cache file, kept open (a
/// cache is replaced by rename, so what is open stays the cache that was read).
pub trait Source: io::Read + io::Seek + Send {}

impl<T: io::Read + io::Seek + Send> Source for T {}

/// Where one session's abstract is, found by the session's id.
#[derive(Debug, Clone, Copy)]
struct Entry {
    hash: u64,
    offset: u64,
    len: u32,
}

/// The abstracts of a schedule read from its cache without them (`load_lazy`): at 100,000
/// sessions they are most of its memory and of the time it takes to read, and the app shows
/// one at a time. Each is read when asked for, checked against its checksum and its
/// session's id.
pub struct Abstracts {
    reading: Mutex<Reading>,
    /// Where the abstracts start in the source.
    start: u64,
    /// By the checksum of the session's id.
    by_id: Vec<Entry>,
    /// Each session's, in the order of the schedule read.
    places: Vec<Place>,
    /// The cache file and its inode, to remove it if it turns out damaged.
    file: Option<(PathBuf, u64)>,
}

/// The source of the abstracts, and the one read last: the details pane asks for the same
/// one at every frame while its session stays selected.
struct Reading {
    source: Box<dyn Source>,
    last: Option<(String, String)>,
}

impl std::fmt::Debug for Abstracts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Abstracts")
            .field("sessions", &self.by_id.len())
            .finish_non_exhaustive()
    }
}

impl Abstracts {
    /// The abstract of `session` (of the schedule these came with), `None` when it has none.
    /// An error says the cache is damaged (it is then removed, to be made again next time).
    pub fn text(&self, session: &Session) -> io::Result<Option<String>> {
        let id = &session.id.0;
        let hash = checksum(id.as_bytes());
        let first = self.by_id.partition_point(|e| e.hash < hash);
        let mut reading = self
            .reading
            .lock()
            .map_err(|_| io::Error::other("the abstracts could not be read"))?;
        if let Some((last, text)) = &reading.last
            && last == id
        {
            return Ok(Some(text.clone()));
        }
        let mut record = Vec::new();
        for entry in self.by_id[first..].iter().take_while(|e| e.hash == hash) {
            record.resize(entry.len as usize, 0);
            reading
                .source
                .seek(io::SeekFrom::Start(self.start + entry.offset))?;
            let parts = match reading.source.read_exact(&mut record) {
                Ok(()) => record_parts(&record),
                Err(_) => Err(Miss::Corrupt),
            };
            match parts {
                Ok((of, text)) if of == id => {
                    reading.last = Some((id.clone(), text.to_owned()));
                    return Ok(Some(text.to_owned()));
                }
                // Another session whose id has the same checksum.
                Ok(_) => {}
                Err(_) => {
                    drop(reading);
                    return Err(self.damaged());
                }
            }
        }
        Ok(None)
    }

    /// Reads every abstract into the sessions of `schedule`, the schedule these came with,
    /// in one pass over the abstracts.
    pub fn fill(self, schedule: &mut Schedule) -> io::Result<()> {
        if schedule.sessions.len() != self.places.len() {
            return Err(io::Error::other(
                "the abstracts are not those of this schedule",
            ));
        }
        let read = {
            let mut reading = self
                .reading
                .lock()
                .map_err(|_| io::Error::other("the abstracts could not be read"))?;
            reading.source.seek(io::SeekFrom::Start(self.start))?;
            let mut input = io::BufReader::with_capacity(1 << 16, &mut *reading.source);
            read_records(&mut schedule.sessions, &self.places, |record, len| {
                record.resize(len as usize, 0);
                input.read_exact(record).map_err(|_| Miss::Corrupt)
            })
        };
        read.map_err(|_| self.damaged())
    }

    /// The error for a damaged cache, which is removed if it is still the one read.
    fn damaged(&self) -> io::Error {
        if let Some((path, inode)) = &self.file
            && fs::metadata(path).is_ok_and(|m| self::inode(&m) == *inode)
        {
            let _ = fs::remove_file(path);
        }
        io::Error::new(
            io::ErrorKind::InvalidData,
            "the cache of this schedule is damaged; it is made again the next time hallway starts",
        )
    }
}

/// The abstract of `session`: its own text, or read from `abstracts` when the schedule was
/// read without them. An error says where it could not be read.
pub fn abstract_of<'a>(
    abstracts: Option<&Abstracts>,
    session: &'a Session,
) -> io::Result<std::borrow::Cow<'a, str>> {
    use std::borrow::Cow;
    match abstracts {
        Some(abstracts) if session.abstract_text.is_empty() => Ok(abstracts
            .text(session)?
            .map_or(Cow::Borrowed(""), Cow::Owned)),
        _ => Ok(Cow::Borrowed(&session.abstract_text)),
    }
}

fn read_cache<R: io::Read>(mut input: Input<R>, stamp: Stamp) -> Result<Parts<R>, Miss> {
    if input.bytes(MAGIC.len() as u64)? != MAGIC {
        return Err(Miss::Corrupt);
    }
    let layout = input.u32()?;
    let version_len = input.u32()?;
    // No hallway version is that long: rather another layout than a damaged one.
    if layout != LAYOUT || version_len > 64 {
        return Err(Miss::OtherVersion);
    }
    if input.bytes(u64::from(version_len))? != PROGRAM_VERSION.as_bytes() {
        return Err(Miss::OtherVersion);
    }
    let written = Stamp {
        len: input.u64()?,
        modified_secs: input.u64()? as i64,
        modified_nanos: input.u32()?,
        inode: input.u64()?,
    };
    if written != stamp {
        return Err(Miss::Stale);
    }
    let head_len = input.u64()?;
    let head_sum = input.u64()?;
    let head = input.bytes(head_len)?;
    if checksum(&head) != head_sum {
        return Err(Miss::Corrupt);
    }
    let mut r = Reader {
        bytes: &head,
        pos: 0,
    };
    let version = r.u32()?;
    if version != SCHEDULE_FORMAT_VERSION {
        return Err(Miss::OtherVersion);
    }
    let conference = Conference {
        id: r.string()?,
        title: r.string()?,
        time_zone: r.str()?.parse::<Tz>().map_err(|_| Miss::Corrupt)?,
        city: r.opt()?,
        venue: r.opt()?,
        url: r.opt()?,
        day_change: r.time()?,
    };
    let count = usize::try_from(r.u64()?).map_err(|_| Miss::Corrupt)?;
    let blocks = (0..r.count(24)?)
        .map(|_| {
            Ok(Block {
                sessions: usize::try_from(r.u64()?).map_err(|_| Miss::Corrupt)?,
                len: r.u64()?,
                sum: r.u64()?,
            })
        })
        .collect::<Result<Vec<_>, Miss>>()?;
    let abstracts_len = r.u64()?;
    if r.pos != head.len() {
        return Err(Miss::Corrupt);
    }
    // The blocks and the abstracts must be the rest of the file, exactly, and the blocks
    // hold `count` sessions.
    let body = blocks
        .iter()
        .try_fold(0u64, |sum, b| sum.checked_add(b.len))
        .ok_or(Miss::Corrupt)?;
    let sessions = blocks
        .iter()
        .try_fold(0usize, |sum, b| sum.checked_add(b.sessions))
        .ok_or(Miss::Corrupt)?;
    if sessions != count
        || body.checked_add(abstracts_len) != Some(input.len - input.read)
        || count.saturating_mul(40) > body as usize
    {
        return Err(Miss::Corrupt);
    }
    let (sessions, places) = if count >= PARALLEL_SESSIONS {
        read_blocks_in_two(&mut input, &blocks, count)?
    } else {
        let mut sessions = Vec::with_capacity(count);
        let mut places = Vec::with_capacity(count);
        let mut bytes = Vec::new();
        for block in &blocks {
            input.bytes_into(block.len, &mut bytes)?;
            decode_block(&bytes, block, &mut sessions, &mut places)?;
        }
        (sessions, places)
    };
    // The records follow each other in the sessions' order and make up the abstracts.
    let mut end = 0u64;
    for place in places.iter().filter(|p| p.len > 0) {
        if place.offset != end {
            return Err(Miss::Corrupt);
        }
        end += u64::from(place.len);
    }
    if end != abstracts_len {
        return Err(Miss::Corrupt);
    }
    Ok(Parts {
        input,
        schedule: Schedule {
            version,
            conference,
            sessions,
        },
        places,
    })
}

/// Reads the blocks in this thread and decodes them in two, taking them in turn; the
/// sessions come back in the blocks' order.
fn read_blocks_in_two<R: io::Read>(
    input: &mut Input<R>,
    blocks: &[Block],
    count: usize,
) -> Result<(Vec<Session>, Vec<Place>), Miss> {
    type Decoded = (Vec<Session>, Vec<Place>);
    let decode = |bytes: &[u8], block: &Block| -> Result<Decoded, Miss> {
        let mut out = (
            Vec::with_capacity(block.sessions),
            Vec::with_capacity(block.sessions),
        );
        decode_block(bytes, block, &mut out.0, &mut out.1)?;
        Ok(out)
    };
    std::thread::scope(|scope| {
        // At most one block waits for the other thread: memory stays a block or two.
        let (send, receive) = std::sync::mpsc::sync_channel::<(Vec<u8>, &Block)>(1);
        let other = scope.spawn(move || {
            receive
                .into_iter()
                .map(|(bytes, block)| decode(&bytes, block))
                .collect::<Result<Vec<_>, Miss>>()
        });
        let mut mine = Vec::new();
        let mut failed = None;
        for (i, block) in blocks.iter().enumerate() {
            let decoded = input.bytes(block.len).and_then(|bytes| {
                if i % 2 == 1 {
                    // Fails only when the other thread stopped at a damaged block.
                    send.send((bytes, block)).map_err(|_| Miss::Corrupt)
                } else {
                    mine.push(decode(&bytes, block)?);
                    Ok(())
                }
            });
            if let Err(e) = decoded {
                failed = Some(e);
                break;
            }
        }
        drop(send);
        // Decoding does not panic; if it ever did, the RON copy is read instead.
        let theirs = other.join().map_err(|_| Miss::Corrupt)?;
        if let Some(e) = failed {
            return Err(e);
        }
        let (mut mine, mut theirs) = (mine.into_iter(), theirs?.into_iter());
        let mut sessions = Vec::with_capacity(count);
        let mut places = Vec::with_capacity(count);
        for i in 0..blocks.len() {
            let part = if i % 2 == 0 {
                mine.next()
            } else {
                theirs.next()
            };
            let (s, p) = part.ok_or(Miss::Corrupt)?;
            sessions.extend(s);
            places.extend(p);
        }
        Ok((sessions, places))
    })
}

/// The sessions of one block and where their abstracts are, if its checksum agrees.
fn decode_block(
    bytes: &[u8],
    block: &Block,
    out: &mut Vec<Session>,
    places: &mut Vec<Place>,
) -> Result<(), Miss> {
    if checksum(bytes) != block.sum {
        return Err(Miss::Corrupt);
    }
    decode_sessions(bytes, block.sessions, out, places)
}

/// Decodes the `count` sessions that are all of `bytes` into `out`, without their abstracts,
/// and where each one's abstract is into `places`.
fn decode_sessions(
    bytes: &[u8],
    count: usize,
    out: &mut Vec<Session>,
    places: &mut Vec<Place>,
) -> Result<(), Miss> {
    let mut r = Reader { bytes, pos: 0 };
    if count.saturating_mul(40) > bytes.len() {
        return Err(Miss::Corrupt);
    }
    for _ in 0..count {
        let id = SessionId(r.string()?);
        let title = r.string()?;
        let subtitle = r.opt()?;
        // Made to their length: collected from a fallible iterator, a vector starts with room
        // for four (at 100,000 sessions, 20 MB more than they need).
        let n = r.count(2)?;
        let mut speakers = Vec::with_capacity(n);
        for _ in 0..n {
            speakers.push(Speaker {
                name: r.string()?,
                organisation: r.opt()?,
            });
        }
        let start = r.instant()?;
        let end = match r.byte()? {
            0 => None,
            1 => Some(r.instant()?),
            _ => return Err(Miss::Corrupt),
        };
        let room = r.opt()?.map(Room);
        let track = r.opt()?.map(Track);
        let kind = r.opt()?;
        let language = r.opt()?;
        let place = Place {
            offset: r.u64()?,
            len: r.u32()?,
        };
        // A record holds at least its checksum, the id's length and the id.
        if place.len > 0 && (place.len as usize) < 12 + id.0.len() {
            return Err(Miss::Corrupt);
        }
        let n = r.count(2)?;
        let mut links = Vec::with_capacity(n);
        for _ in 0..n {
            links.push(Link {
                url: r.string()?,
                title: r.opt()?,
            });
        }
        out.push(Session {
            id,
            title,
            subtitle,
            speakers,
            start,
            end,
            room,
            track,
            kind,
            language,
            abstract_text: String::new(),
            links,
            origin: None,
        });
        places.push(place);
    }
    if r.pos != bytes.len() {
        return Err(Miss::Corrupt);
    }
    Ok(())
}

struct Writer(Vec<u8>);

impl Writer {
    /// A session, with where its abstract's record is (`offset`, `len`) instead of the text.
    fn session(&mut self, s: &Session, offset: u64, len: u32) {
        self.str(&s.id.0);
        self.str(&s.title);
        self.opt(s.subtitle.as_deref());
        self.u64(s.speakers.len() as u64);
        for speaker in &s.speakers {
            self.str(&speaker.name);
            self.opt(speaker.organisation.as_deref());
        }
        self.instant(s.start);
        match s.end {
            Some(end) => {
                self.0.push(1);
                self.instant(end);
            }
            None => self.0.push(0),
        }
        self.opt(s.room.as_ref().map(|r| r.0.as_str()));
        self.opt(s.track.as_ref().map(|t| t.0.as_str()));
        self.opt(s.kind.as_deref());
        self.opt(s.language.as_deref());
        self.u64(offset);
        self.u32(len);
        self.u64(s.links.len() as u64);
        for link in &s.links {
            self.str(&link.url);
            self.opt(link.title.as_deref());
        }
    }

    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }

    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }

    fn str(&mut self, s: &str) {
        self.u32(u32::try_from(s.len()).unwrap_or(u32::MAX));
        self.0.extend_from_slice(s.as_bytes());
    }

    fn opt(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.0.push(1);
                self.str(s);
            }
            None => self.0.push(0),
        }
    }

    fn time(&mut self, t: NaiveTime) {
        self.u32(t.num_seconds_from_midnight());
        self.u32(t.nanosecond());
    }

    fn instant(&mut self, t: DateTime<FixedOffset>) {
        self.u64(t.timestamp() as u64);
        self.u32(t.timestamp_subsec_nanos());
        self.u32(t.offset().local_minus_utc() as u32);
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Miss> {
        let end = self.pos.checked_add(n).ok_or(Miss::Corrupt)?;
        let slice = self.bytes.get(self.pos..end).ok_or(Miss::Corrupt)?;
        self.pos = end;
        Ok(slice)
    }

    fn byte(&mut self) -> Result<u8, Miss> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<u32, Miss> {
        let mut word = [0u8; 4];
        word.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(word))
    }

    fn u64(&mut self) -> Result<u64, Miss> {
        let mut word = [0u8; 8];
        word.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(word))
    }

    /// A count of items of at least `min_bytes` each: never more than the bytes left could
    /// hold, so a damaged count cannot reserve gigabytes.
    fn count(&mut self, min_bytes: usize) -> Result<usize, Miss> {
        let n = usize::try_from(self.u64()?).map_err(|_| Miss::Corrupt)?;
        if n.saturating_mul(min_bytes) > self.bytes.len() - self.pos {
            return Err(Miss::Corrupt);
        }
        Ok(n)
    }

    fn str(&mut self) -> Result<&'a str, Miss> {
        let len = self.u32()? as usize;
        std::str::from_utf8(self.take(len)?).map_err(|_| Miss::Corrupt)
    }

    fn string(&mut self) -> Result<String, Miss> {
        Ok(self.str()?.to_owned())
    }

    fn opt(&mut self) -> Result<Option<String>, Miss> {
        match self.byte()? {
            0 => Ok(None),
            1 => Ok(Some(self.string()?)),
            _ => Err(Miss::Corrupt),
        }
    }

    fn time(&mut self) -> Result<NaiveTime, Miss> {
        let secs = self.u32()?;
        let nanos = self.u32()?;
        NaiveTime::from_num_seconds_from_midnight_opt(secs, nanos).ok_or(Miss::Corrupt)
    }

    fn instant(&mut self) -> Result<DateTime<FixedOffset>, Miss> {
        let secs = self.u64()? as i64;
        let nanos = self.u32()?;
        let offset = FixedOffset::east_opt(self.u32()? as i32).ok_or(Miss::Corrupt)?;
        DateTime::from_timestamp(secs, nanos)
            .map(|t| t.with_timezone(&offset))
            .ok_or(Miss::Corrupt)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats;
    use crate::library::read_stored;

    /// Every field a session can have, in a zone with an offset, and an unknown end.
    const FULL: &str = r#"(
    version: 1,
    conference: (id: "demo", title: "Demo Conf", time_zone: "America/St_Johns",
        city: "Łódź", venue: "Hall", url: "https://example.org", day_change: "05:30"),
    sessions: [
        (id: "a", title: "Opening", subtitle: "and more",
            speakers: [(name: "Zoë Müller", organisation: "Łódź Labs"), (name: "美咲")],
            start: "2024-03-20T09:00:00-02:30", end: "2024-03-20T09:30:00-02:30",
            room: "Main Hall", track: "Rust", kind: "keynote", language: "en",
            abstract: "Welcome.\nTwo lines.",
            links: [(url: "https://example.org/a", title: "Slides"), (url: "https://example.org/v")]),
        (id: "b", title: "Late talk", start: "2024-03-21T01:00:00+01:00"),
    ],
)"#;

    fn copy(dir: &Path, text: &str) -> PathBuf {
        let path = dir.join("demo.ron");
        // By rename, as the library writes its copies.
        let temp = dir.join("demo.ron.new");
        fs::write(&temp, text).unwrap();
        fs::rename(&temp, &path).unwrap();
        path
    }

    fn stamp(path: &Path) -> Stamp {
        Stamp::of(path).unwrap()
    }

    #[test]
    fn a_missing_cache_is_made_and_holds_what_the_ron_holds() {
        let dir = tempfile::tempdir().unwrap();
        for text in [FULL, include_str!("../assets/kubecon-eu-2024.ron")] {
            let path = copy(dir.path(), text);
            let _ = fs::remove_file(cache_path(&path));
            assert_eq!(load(&path, stamp(&path)), Err(Miss::Missing));
            let from_ron = formats::ron::parse(text).unwrap();
            assert_eq!(read_stored(&path).unwrap(), from_ron);
            assert!(cache_path(&path).is_file());
            assert_eq!(load(&path, stamp(&path)).unwrap(), from_ron);
            // And read through the library again, now from the cache.
            assert_eq!(read_stored(&path).unwrap(), from_ron);
        }
    }

    #[test]
    fn a_cache_of_an_earlier_copy_is_stale_and_made_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = copy(dir.path(), FULL);
        read_stored(&path).unwrap();
        let cached = stamp(&path);
        // A new copy (renamed into place: another inode).
        let edited = FULL.replace("Late talk", "Later talk");
        let path = copy(dir.path(), &edited);
        assert_eq!(load(&path, stamp(&path)), Err(Miss::Stale));
        let schedule = read_stored(&path).unwrap();
        assert_eq!(schedule.sessions[1].title, "Later talk");
        assert_eq!(load(&path, stamp(&path)).unwrap(), schedule);
        assert_ne!(stamp(&path), cached);
        // Edited in place: another size.
        fs::write(&path, FULL.replace("Late talk", "Latest talk")).unwrap();
        assert_eq!(load(&path, stamp(&path)), Err(Miss::Stale));
        assert_eq!(read_stored(&path).unwrap().sessions[1].title, "Latest talk");
    }

    #[test]
    fn a_damaged_cache_is_not_used_and_made_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = copy(dir.path(), FULL);
        let from_ron = read_stored(&path).unwrap();
        let good = fs::read(cache_path(&path)).unwrap();
        let mut flipped = good.clone();
        let last = flipped.len() - 3;
        flipped[last] ^= 0x20;
        let damaged = [
            flipped,
            good[..good.len() / 2].to_vec(),
            [good.as_slice(), b"x"].concat(),
            b"not a cache at all".to_vec(),
            Vec::new(),
        ];
        for bytes in damaged {
            fs::write(cache_path(&path), &bytes).unwrap();
            assert_eq!(load(&path, stamp(&path)), Err(Miss::Corrupt), "{bytes:?}");
            assert_eq!(read_stored(&path).unwrap(), from_ron);
            assert_eq!(fs::read(cache_path(&path)).unwrap(), good);
        }
    }

    #[test]
    fn a_schedule_read_without_its_abstracts_reads_each_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = copy(dir.path(), FULL);
        let from_ron = read_stored(&path).unwrap();
        let (lazy, abstracts) = load_lazy(&path, stamp(&path)).unwrap();
        assert_eq!(lazy.sessions.len(), from_ron.sessions.len());
        for (session, full) in lazy.sessions.iter().zip(&from_ron.sessions) {
            assert_eq!(session.abstract_text, "");
            let text = abstract_of(Some(&abstracts), session).unwrap();
            assert_eq!(text, full.abstract_text);
            // Everything else is there.
            let mut whole = session.clone();
            whole.abstract_text = text.into_owned();
            assert_eq!(&whole, full);
        }
        // A session's own text wins; without abstracts, it is all there is.
        let mut own = lazy.sessions[0].clone();
        own.abstract_text = "Mine.".into();
        assert_eq!(abstract_of(Some(&abstracts), &own).unwrap(), "Mine.");
        assert_eq!(abstract_of(None, &lazy.sessions[0]).unwrap(), "");
        // A session the cache does not know has none.
        let mut other = lazy.sessions[0].clone();
        other.id = SessionId("zz".into());
        assert_eq!(abstracts.text(&other).unwrap(), None);
        let mut filled = lazy.clone();
        abstracts.fill(&mut filled).unwrap();
        assert_eq!(filled, from_ron);
        // The abstracts of another schedule are refused.
        let (_, abstracts) = load_lazy(&path, stamp(&path)).unwrap();
        let mut shorter = lazy;
        shorter.sessions.pop();
        assert!(abstracts.fill(&mut shorter).is_err());
    }

    #[test]
    fn the_abstract_shown_at_every_frame_is_read_from_the_disk_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = copy(dir.path(), FULL);
        read_stored(&path).unwrap();
        let (lazy, abstracts) = load_lazy(&path, stamp(&path)).unwrap();
        let first = abstracts.text(&lazy.sessions[0]).unwrap();
        assert_eq!(first.as_deref(), Some("Welcome.\nTwo lines."));
        // The file is not read again: damage to it is not seen.
        let mut bytes = fs::read(cache_path(&path)).unwrap();
        let last = bytes.len() - 2;
        bytes[last] ^= 0x20;
        fs::write(cache_path(&path), &bytes).unwrap();
        assert_eq!(abstracts.text(&lazy.sessions[0]).unwrap(), first);
    }

    #[test]
    fn a_damaged_abstract_is_an_error_and_its_cache_is_made_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = copy(dir.path(), FULL);
        let from_ron = read_stored(&path).unwrap();
        let (lazy, abstracts) = load_lazy(&path, stamp(&path)).unwrap();
        // Damaged in place, after it was opened: the last bytes are the last abstract's.
        let mut bytes = fs::read(cache_path(&path)).unwrap();
        let last = bytes.len() - 2;
        bytes[last] ^= 0x20;
        fs::write(cache_path(&path), &bytes).unwrap();
        let error = abstracts.text(&lazy.sessions[0]).unwrap_err();
        assert!(error.to_string().contains("damaged"), "{error}");
        assert!(!cache_path(&path).exists());
        assert_eq!(read_stored(&path).unwrap(), from_ron);
        assert!(cache_path(&path).is_file());
        // Damaged before it is opened: the whole read finds it.
        fs::write(cache_path(&path), &bytes).unwrap();
        assert_eq!(load(&path, stamp(&path)), Err(Miss::Corrupt));
        let (mut lazy, abstracts) = load_lazy(&path, stamp(&path)).unwrap();
        assert!(abstracts.fill(&mut lazy).is_err());
    }

    #[test]
    fn a_cache_of_another_hallway_is_made_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = copy(dir.path(), FULL);
        let from_ron = read_stored(&path).unwrap();
        let good = fs::read(cache_path(&path)).unwrap();
        // The program version follows the magic, the layout and its own length.
        let at = MAGIC.len() + 8;
        assert_eq!(
            &good[at..at + PROGRAM_VERSION.len()],
            PROGRAM_VERSION.as_bytes()
        );
        let mut other = good.clone();
        other[at] = if other[at] == b'9' { b'8' } else { b'9' };
        let mut layout = good.clone();
        layout[MAGIC.len()] ^= 0x40;
        for bytes in [other, layout] {
            fs::write(cache_path(&path), &bytes).unwrap();
            assert_eq!(load(&path, stamp(&path)), Err(Miss::OtherVersion));
            assert_eq!(read_stored(&path).unwrap(), from_ron);
            assert_eq!(fs::read(cache_path(&path)).unwrap(), good);
        }
    }

    #[test]
    fn a_broken_copy_stays_broken_whatever_its_cache() {
        let dir = tempfile::tempdir().unwrap();
        let path = copy(dir.path(), FULL);
        read_stored(&path).unwrap();
        let path = copy(dir.path(), &FULL[..FULL.len() / 2]);
        assert!(read_stored(&path).is_err());
        // No cache is made of what could not be read.
        assert_eq!(load(&path, stamp(&path)), Err(Miss::Stale));
    }

    #[test]
    fn a_large_schedule_is_decoded_in_blocks_in_two_threads_as_it_was_encoded() {
        let mut schedule = formats::ron::parse(FULL).unwrap();
        let one = schedule.sessions.clone();
        for n in [0, 1, PARALLEL_SESSIONS + 3] {
            schedule.sessions = (0..n)
                .map(|i| {
                    let mut s = one[i % one.len()].clone();
                    s.id = SessionId(format!("s{i}"));
                    s
                })
                .collect();
            let stamp = Stamp {
                len: 1,
                modified_secs: 2,
                modified_nanos: 3,
                inode: 4,
            };
            let good = encode(&schedule, stamp).unwrap();
            assert_eq!(decode(&good, stamp).unwrap(), schedule, "{n}");
            let (mut lazy, abstracts) = decode_lazy(good.clone(), stamp).unwrap();
            if let Some(last) = schedule.sessions.last() {
                let text = abstracts.text(&lazy.sessions[n - 1]).unwrap();
                assert_eq!(text.unwrap_or_default(), last.abstract_text);
            }
            abstracts.fill(&mut lazy).unwrap();
            assert_eq!(lazy, schedule, "{n} lazily");
            if n > 0 {
                for at in [good.len() / 3, good.len() - 5] {
                    let mut damaged = good.clone();
                    damaged[at] ^= 0x01;
                    assert_eq!(decode(&damaged, stamp), Err(Miss::Corrupt), "{n} at {at}");
                }
            }
        }
    }

    #[test]
    fn combined_schedules_are_not_cached() {
        let mut schedule = formats::ron::parse(FULL).unwrap();
        let stamp = Stamp {
            len: 1,
            modified_secs: 2,
            modified_nanos: 3,
            inode: 4,
        };
        let bytes = encode(&schedule, stamp).unwrap();
        assert_eq!(decode(&bytes, stamp).unwrap(), schedule);
        schedule.sessions[0].origin = Some(Box::new(crate::model::Origin {
            label: "x".into(),
            id: "a".into(),
            conference_id: "demo".into(),
            day_change: NaiveTime::MIN,
            also: Vec::new(),
        }));
        assert_eq!(encode(&schedule, stamp), None);
    }
}
