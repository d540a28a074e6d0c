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
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The first bytes of every cache file.
const MAGIC: &[u8; 8] = b"HWCACHE\0";

/// The layout of the cache files; a file of another layout is made again.
const LAYOUT: u32 = 3;

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

/// The schedule cached for the RON copy at `ron_path`, when the cache is there and is known to
/// hold what the copy holds now (`stamp`, taken before the copy would be read).
pub fn load(ron_path: &Path, stamp: Stamp) -> Result<Schedule, Miss> {
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
/// `stamp`): the cache would claim the new copy holds the old schedule.
pub fn store(ron_path: &Path, stamp: Stamp, schedule: &Schedule) -> io::Result<()> {
    let Some(bytes) = encode(schedule, stamp) else {
        return Ok(());
    };
    if Stamp::of(ron_path)? != stamp {
        return Ok(());
    }
    let path = cache_path(ron_path);
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".hallway-tmp-")
        .tempfile_in(dir)?;
    temp.write_all(&bytes)?;
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

/// The bytes of a cache: header (magic, layout, program version, the copy's stamp, the
/// head's length and checksum), the head (the schedule's version and conference, the number
/// of sessions, and for each block its number of sessions, length and checksum), then the
/// blocks of at most `BLOCK_SESSIONS` sessions. `None` for a schedule a library copy never
/// holds (sessions with an origin: several schedules combined).
pub fn encode(schedule: &Schedule, stamp: Stamp) -> Option<Vec<u8>> {
    let blocks: Vec<(usize, Vec<u8>)> = schedule
        .sessions
        .chunks(BLOCK_SESSIONS)
        .map(|chunk| {
            let mut block = Writer(Vec::with_capacity(chunk.len() * 256));
            for s in chunk {
                if s.origin.is_some() {
                    return None;
                }
                block.session(s);
            }
            Some((chunk.len(), block.0))
        })
        .collect::<Option<_>>()?;
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
    for (sessions, block) in &blocks {
        head.u64(*sessions as u64);
        head.u64(block.len() as u64);
        head.u64(checksum(block));
    }
    let head = head.0;
    let body: usize = blocks.iter().map(|(_, block)| block.len()).sum();
    let mut out = Writer(Vec::with_capacity(96 + head.len() + body));
    out.0.extend_from_slice(MAGIC);
    out.u32(LAYOUT);
    out.str(PROGRAM_VERSION);
    out.u64(stamp.len);
    out.u64(stamp.modified_secs as u64);
    out.u32(stamp.modified_nanos);
    out.u64(stamp.inode);
    out.u64(head.len() as u64);
    out.u64(checksum(&head));
    out.0.extend_from_slice(&head);
    for (_, block) in &blocks {
        out.0.extend_from_slice(block);
    }
    Some(out.0)
}

/// The schedule in a cache's bytes, if they are a whole, undamaged cache of this hallway for
/// the copy whose stamp is `stamp`.
pub fn decode(bytes: &[u8], stamp: Stamp) -> Result<Schedule, Miss> {
    read_cache(
        Input {
            inner: bytes,
            read: 0,
            len: bytes.len() as u64,
        },
        stamp,
    )
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
        if n > self.len - self.read {
            return Err(Miss::Corrupt);
        }
        let mut bytes = vec![0; usize::try_from(n).map_err(|_| Miss::Corrupt)?];
        self.inner
            .read_exact(&mut bytes)
            .map_err(|_| Miss::Corrupt)?;
        self.read += n;
        Ok(bytes)
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

fn read_cache<R: io::Read>(mut input: Input<R>, stamp: Stamp) -> Result<Schedule, Miss> {
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
    if r.pos != head.len() {
        return Err(Miss::Corrupt);
    }
    // The blocks must be the rest of the file, exactly, and hold `count` sessions.
    let body = blocks
        .iter()
        .try_fold(0u64, |sum, b| sum.checked_add(b.len))
        .ok_or(Miss::Corrupt)?;
    let sessions = blocks
        .iter()
        .try_fold(0usize, |sum, b| sum.checked_add(b.sessions))
        .ok_or(Miss::Corrupt)?;
    if sessions != count
        || body != input.len - input.read
        || count.saturating_mul(40) > body as usize
    {
        return Err(Miss::Corrupt);
    }
    let sessions = if count >= PARALLEL_SESSIONS {
        read_blocks_in_two(&mut input, &blocks, count)?
    } else {
        let mut sessions = Vec::with_capacity(count);
        for block in &blocks {
            sessions.extend(decode_block(&input.bytes(block.len)?, block)?);
        }
        sessions
    };
    Ok(Schedule {
        version,
        conference,
        sessions,
    })
}

/// Reads the blocks in this thread and decodes them in two, taking them in turn; the
/// sessions come back in the blocks' order.
fn read_blocks_in_two<R: io::Read>(
    input: &mut Input<R>,
    blocks: &[Block],
    count: usize,
) -> Result<Vec<Session>, Miss> {
    std::thread::scope(|scope| {
        // At most one block waits for the other thread: memory stays a block or two.
        let (send, receive) = std::sync::mpsc::sync_channel::<(Vec<u8>, &Block)>(1);
        let other = scope.spawn(move || {
            receive
                .into_iter()
                .map(|(bytes, block)| decode_block(&bytes, block))
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
                    mine.push(decode_block(&bytes, block)?);
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
        for i in 0..blocks.len() {
            let part = if i % 2 == 0 {
                mine.next()
            } else {
                theirs.next()
            };
            sessions.extend(part.ok_or(Miss::Corrupt)?);
        }
        Ok(sessions)
    })
}

/// The sessions of one block, if its checksum agrees.
fn decode_block(bytes: &[u8], block: &Block) -> Result<Vec<Session>, Miss> {
    if checksum(bytes) != block.sum {
        return Err(Miss::Corrupt);
    }
    let mut out = Vec::with_capacity(block.sessions);
    decode_sessions(bytes, block.sessions, &mut out)?;
    Ok(out)
}

/// Decodes the `count` sessions that are all of `bytes` into `out`.
fn decode_sessions(bytes: &[u8], count: usize, out: &mut Vec<Session>) -> Result<(), Miss> {
    let mut r = Reader { bytes, pos: 0 };
    if count.saturating_mul(40) > bytes.len() {
        return Err(Miss::Corrupt);
    }
    for _ in 0..count {
        let id = SessionId(r.string()?);
        let title = r.string()?;
        let subtitle = r.opt()?;
        let speakers = (0..r.count(2)?)
            .map(|_| {
                Ok(Speaker {
                    name: r.string()?,
                    organisation: r.opt()?,
                })
            })
            .collect::<Result<_, Miss>>()?;
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
        let abstract_text = r.string()?;
        let links = (0..r.count(2)?)
            .map(|_| {
                Ok(Link {
                    url: r.string()?,
                    title: r.opt()?,
                })
            })
            .collect::<Result<_, Miss>>()?;
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
            abstract_text,
            links,
            origin: None,
        });
    }
    if r.pos != bytes.len() {
        return Err(Miss::Corrupt);
    }
    Ok(())
}

struct Writer(Vec<u8>);

impl Writer {
    fn session(&mut self, s: &Session) {
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
        self.str(&s.abstract_text);
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
