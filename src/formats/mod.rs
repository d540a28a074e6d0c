//! Schedule file formats: detection from the content, one parser per format, and the text
//! hygiene every parser applies so that nothing a conference wrote can drive the terminal.

mod frab;
pub mod frab_json;
pub mod frab_xml;
pub mod html;
pub mod ical;
pub mod ron;
pub mod sessionize;

use crate::model::{Schedule, Session};
use crate::text::{is_unsafe, quote, visible};
use chrono_tz::Tz;

/// Why a schedule file could not be read. Messages quote the bad value and where it was; the
/// caller adds the file name.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum FormatError {
    /// The text is not well-formed for its format.
    #[error("{format}: line {line}, column {column}: {}", visible(.message))]
    Syntax {
        format: &'static str,
        line: usize,
        column: usize,
        message: String,
    },
    /// The text is well-formed but describes something hallway cannot accept.
    #[error("{format}: {}", visible(.message))]
    Invalid {
        format: &'static str,
        message: String,
    },
    /// The content matches none of the formats hallway reads.
    #[error("not a schedule hallway can read ({})", visible(.0))]
    Unrecognised(String),
}

/// A format hallway can read, as detected from a file's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// hallway's own RON schedule.
    Ron,
    /// frab/Pentabarf schedule XML (FOSDEM, frab, pretalx, wafer).
    FrabXml,
    /// frab-compatible JSON (frab, pretalx, c3voc).
    FrabJson,
    /// iCalendar (Sched.com, pretalx and other VEVENT feeds).
    ICalendar,
    /// The Sessionize API "All" view (JSON).
    Sessionize,
}

impl Format {
    /// The name used in messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Ron => "RON schedule",
            Format::FrabXml => "frab XML",
            Format::FrabJson => "frab JSON",
            Format::ICalendar => "iCalendar",
            Format::Sessionize => "Sessionize JSON",
        }
    }
}

/// Tells the format from the content, never from a file name.
pub fn detect(text: &str) -> Result<Format, FormatError> {
    let body = strip_bom(text).trim_start();
    if body.is_empty() {
        return Err(FormatError::Unrecognised("the file is empty".into()));
    }
    if ical::looks_like(body.as_bytes()) {
        return Ok(Format::ICalendar);
    }
    if sessionize::looks_like(body) {
        return Ok(Format::Sessionize);
    }
    // A RON schedule starts with optional `#![enable(...)]` attributes, comments, an optional
    // struct name, then `(`.
    let mut rest = body;
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("#![") {
            rest = after.split_once(']').map_or("", |(_, r)| r);
        } else if let Some(after) = rest.strip_prefix("//") {
            rest = after.split_once('\n').map_or("", |(_, r)| r);
        } else {
            break;
        }
    }
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '_');
    if rest.trim_start().starts_with('(') {
        return Ok(Format::Ron);
    }
    if frab_xml::sniff(body) {
        return Ok(Format::FrabXml);
    }
    if frab_json::sniff(body) {
        return Ok(Format::FrabJson);
    }
    let preview: String = body.chars().take(24).collect();
    Err(FormatError::Unrecognised(format!(
        "it starts with '{}'; hallway reads frab XML (<schedule>), frab JSON \
         ({{\"schedule\": …}}), iCalendar (Sched.com, pretalx), Sessionize \"All\" JSON and \
         its own RON schedule format",
        quote(&preview)
    )))
}

/// Choices the user makes when opening or importing a schedule.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The conference's time zone, overriding what the file says (`--tz`); needed for
    /// sources that give none (Sessionize, Sched's UTC-only feed).
    pub zone: Option<Tz>,
}

/// A schedule read from a file, with what the reader had to assume or change on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub schedule: Schedule,
    pub format: Format,
    /// Every assumption and repair, in words for the user ("no time zone in the file:
    /// assumed UTC", "2 sessions have no end", "duplicate id '12' renamed '12@…'").
    pub warnings: Vec<String>,
    /// The file named no time zone and none was given, so one was assumed: a `--tz` given
    /// when opening such a file names the conference's zone, not only the display's.
    pub zone_assumed: bool,
}

impl Imported {
    fn new(
        schedule: Schedule,
        format: Format,
        warnings: Vec<String>,
        options: &ImportOptions,
    ) -> Imported {
        // Every reader words this warning "… no time zone …: assumed ZONE …".
        let zone_assumed = options.zone.is_none()
            && warnings
                .iter()
                .any(|w| w.contains("no time zone") && w.contains("assumed"));
        // The parsers quote values with `quote`; this is the guard for any they missed.
        let warnings = warnings
            .into_iter()
            .map(|w| visible(&w).into_owned())
            .collect();
        Imported {
            schedule,
            format,
            warnings,
            zone_assumed,
        }
    }
}

/// Reads a schedule in any supported format, detected from the content.
pub fn import(text: &str, options: &ImportOptions) -> Result<Imported, FormatError> {
    let format = detect(text)?;
    let (mut schedule, warnings) = match format {
        Format::Ron => (ron::parse(text)?, Vec::new()),
        Format::FrabXml => frab_xml::parse(text, options)?,
        Format::FrabJson => frab_json::parse(text, options)?,
        Format::ICalendar => ical::parse(text, options)?,
        Format::Sessionize => sessionize::parse(text, options)?,
    };
    if let Some(zone) = options.zone {
        schedule.conference.time_zone = zone;
    }
    Ok(Imported::new(schedule, format, warnings, options))
}

/// Reads a schedule from raw bytes: like [`import`], and also reads iCalendar files that are
/// valid UTF-8 only once unfolded (a fold that splits a character).
pub fn import_bytes(bytes: &[u8], options: &ImportOptions) -> Result<Imported, FormatError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => import(text, options),
        Err(_) if ical::looks_like(bytes) => {
            let (schedule, warnings) = ical::parse_bytes(bytes, options)?;
            Ok(Imported::new(
                schedule,
                Format::ICalendar,
                warnings,
                options,
            ))
        }
        Err(e) => Err(FormatError::Unrecognised(format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.valid_up_to()
        ))),
    }
}

/// Reads a schedule in any supported format with default options.
pub fn parse(text: &str) -> Result<Schedule, FormatError> {
    import(text, &ImportOptions::default()).map(|imported| imported.schedule)
}

/// Makes session ids unique, deterministically: a repeated id gets `@` and its UTC start
/// appended, then the room if that still collides, then a counter. The renames of each id
/// are reported in one warning ("19,999 duplicate ids of 'x' renamed ('x@…', … and 19,996
/// more)"). Linear in the number of sessions: each counter goes on from where it stopped, so
/// 20,000 sessions sharing an id and a start cost no more than 20,000 distinct ones.
pub fn disambiguate_ids(sessions: &mut [Session], warnings: &mut Vec<String>) {
    use std::collections::{HashMap, HashSet};
    // Ids are nearly always distinct already: found so with borrowed ids, which costs a
    // fraction of the owned set below (a copy of every id).
    let mut borrowed = HashSet::with_capacity(sessions.len());
    if sessions.iter().all(|s| borrowed.insert(s.id.0.as_str())) {
        return;
    }
    drop(borrowed);
    let mut seen = HashSet::new();
    // The next counter to try after each base name: every lower one is taken.
    let mut next_counter: HashMap<String, usize> = HashMap::new();
    // Each repeated id with its new names, in the order first met.
    let mut renames: Vec<(String, Vec<String>)> = Vec::new();
    let mut group_of: HashMap<String, usize> = HashMap::new();
    for session in sessions.iter_mut() {
        if seen.insert(session.id.0.clone()) {
            continue;
        }
        let original = session.id.0.clone();
        let mut candidate = format!(
            "{original}@{}",
            session.start.to_utc().format("%Y-%m-%dT%H:%MZ")
        );
        if let Some(room) = session.room.as_ref().filter(|_| seen.contains(&candidate)) {
            candidate = format!("{candidate}@{}", room.0);
        }
        if seen.contains(&candidate) {
            let n = next_counter.entry(candidate.clone()).or_insert(2);
            let base = candidate;
            loop {
                candidate = format!("{base}#{n}");
                *n += 1;
                if !seen.contains(&candidate) {
                    break;
                }
            }
        }
        let group = *group_of.entry(original.clone()).or_insert_with(|| {
            renames.push((original.clone(), Vec::new()));
            renames.len() - 1
        });
        renames[group].1.push(candidate.clone());
        session.id.0 = candidate.clone();
        seen.insert(candidate);
    }
    for (original, names) in renames {
        warnings.push(match names.as_slice() {
            [one] => format!(
                "duplicate id '{}' renamed '{}'",
                quote(&original),
                quote(one)
            ),
            _ => {
                let shown: Vec<String> = names
                    .iter()
                    .take(3)
                    .map(|name| format!("'{}'", quote(name)))
                    .collect();
                let more = match names.len() {
                    0..=3 => String::new(),
                    n => format!(" and {} more", thousands(n - 3)),
                };
                format!(
                    "{} duplicate ids of '{}' renamed ({}{more})",
                    thousands(names.len()),
                    quote(&original),
                    shown.join(", ")
                )
            }
        });
    }
}

/// A count with thousands separated by commas: "19,999".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// A file-name and id friendly form of a title: lower case ASCII letters and digits joined by
/// single dashes ("KubeCon + CloudNativeCon Europe 2024" becomes
/// "kubecon-cloudnativecon-europe-2024").
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Why a schedule file could not be opened: the file's path and what went wrong.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: not UTF-8 text (invalid byte at offset {offset}); is this a schedule file?")]
    NotText { path: String, offset: usize },
    #[error("{path}: {source}")]
    Format { path: String, source: FormatError },
    #[error("{path}: {bytes} bytes is larger than any schedule (hallway reads up to 1 GiB)")]
    TooLarge { path: String, bytes: u64 },
}

/// The largest schedule hallway downloads. FOSDEM's, the largest seen, is 2 MB; a server
/// sending much more is not sending a schedule, and stopping early keeps memory and time
/// bounded.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The largest schedule file hallway reads from the disk (a file given on the command line, a
/// copy in the library). Higher than for downloads: the user chose the file, and a schedule of
/// 100,000 sessions with abstracts is about 200 MB of XML; a file above this is refused by its
/// size before it is read.
pub const MAX_LOCAL_FILE_BYTES: u64 = 1024 * 1024 * 1024;

/// Reads and parses a schedule file in any supported format, naming the file in every error.
pub fn load_file(path: &std::path::Path, options: &ImportOptions) -> Result<Imported, LoadError> {
    let shown = visible(&path.display().to_string()).into_owned();
    let io = |source| LoadError::Io {
        path: shown.clone(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_LOCAL_FILE_BYTES {
        return Err(LoadError::TooLarge {
            path: shown,
            bytes: size,
        });
    }
    // A FIFO, a device or a file that grows as it is read is refused (`open_regular` and
    // `read_regular`).
    let (mut file, len) = crate::library::open_regular(path, MAX_LOCAL_FILE_BYTES).map_err(io)?;
    if starts_as_frab_xml(&mut file).map_err(io)? {
        // Read a buffer at a time rather than whole: 100,000 sessions are 200 MB of XML.
        let (mut schedule, warnings) =
            frab_xml::read_file(file, len, options).map_err(|error| match error {
                frab_xml::FileError::Io(source) => LoadError::Io {
                    path: shown.clone(),
                    source,
                },
                frab_xml::FileError::NotText(offset) => LoadError::NotText {
                    path: shown.clone(),
                    offset: usize::try_from(offset).unwrap_or(usize::MAX),
                },
                frab_xml::FileError::Format(source) => LoadError::Format {
                    path: shown.clone(),
                    source,
                },
            })?;
        if let Some(zone) = options.zone {
            schedule.conference.time_zone = zone;
        }
        return Ok(Imported::new(schedule, Format::FrabXml, warnings, options));
    }
    drop(file);
    let bytes = crate::library::read_regular(path, MAX_LOCAL_FILE_BYTES).map_err(io)?;
    if std::str::from_utf8(&bytes).is_err() && !ical::looks_like(&bytes) {
        let offset = std::str::from_utf8(&bytes)
            .err()
            .map_or(0, |e| e.valid_up_to());
        return Err(LoadError::NotText {
            path: shown,
            offset,
        });
    }
    import_bytes(&bytes, options).map_err(|source| LoadError::Format {
        path: shown,
        source,
    })
}

/// How much of a file `load_file` reads to tell frab XML from the other formats.
const HEAD_BYTES: u64 = 8 * 1024;

/// Whether a file's first bytes are frab XML as `detect` tells it (for XML, `detect` looks
/// no further than the root element's name); the file is left at its start. A head that is
/// not UTF-8, or too short to tell, answers no: the file is then read whole, as any other.
fn starts_as_frab_xml(file: &mut std::fs::File) -> std::io::Result<bool> {
    use std::io::{Read, Seek};
    let mut head = Vec::with_capacity(HEAD_BYTES as usize);
    file.by_ref().take(HEAD_BYTES).read_to_end(&mut head)?;
    file.seek(std::io::SeekFrom::Start(0))?;
    let text = match std::str::from_utf8(&head) {
        Ok(text) => text,
        // A character cut at the end of the head.
        Err(e) if e.error_len().is_none() => {
            std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default()
        }
        Err(_) => return Ok(false),
    };
    Ok(detect(text) == Ok(Format::FrabXml))
}

/// Removes a UTF-8 byte-order mark.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Cleans one line of text from a schedule (a title, a name, a room): control and invisible
/// characters go, runs of white space (newlines included) become one space, ends are trimmed.
pub fn clean_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
        } else if !is_unsafe(c) {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Cleans a block of text (an abstract): CRLF and CR become LF, tabs become spaces, other
/// control and invisible characters go, trailing spaces are trimmed from each line, runs of
/// blank lines collapse to one, and the block is trimmed.
pub fn clean_block(text: &str) -> String {
    let normalised = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(normalised.len());
    let mut blank_run = 0;
    for line in normalised.split('\n') {
        let cleaned: String = line
            .chars()
            .map(|c| if c == '\t' { ' ' } else { c })
            .filter(|&c| !is_unsafe(c))
            .collect();
        let cleaned = cleaned.trim_end();
        if cleaned.trim().is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(cleaned);
    }
    out
}

/// Applies `clean_line`/`clean_block` to every text field of a schedule. Every parser calls
/// this last, so the rest of hallway can trust the text.
pub fn clean_schedule(schedule: &mut Schedule) {
    clean_conference(&mut schedule.conference);
    for s in &mut schedule.sessions {
        clean_session(s);
    }
}

/// `clean_schedule` for the conference's own fields.
pub fn clean_conference(c: &mut crate::model::Conference) {
    c.id = clean_line(&c.id);
    c.title = clean_line(&c.title);
    for field in [&mut c.city, &mut c.venue, &mut c.url] {
        clean_option(field);
    }
}

/// `clean_schedule` for one session, for a parser that cleans each session as it is made.
pub fn clean_session(s: &mut Session) {
    s.id.0 = clean_line(&s.id.0);
    s.title = clean_line(&s.title);
    clean_option(&mut s.subtitle);
    clean_option(&mut s.kind);
    clean_option(&mut s.language);
    if let Some(room) = &mut s.room {
        room.0 = clean_line(&room.0);
    }
    if s.room.as_ref().is_some_and(|r| r.0.is_empty()) {
        s.room = None;
    }
    if let Some(track) = &mut s.track {
        track.0 = clean_line(&track.0);
    }
    if s.track.as_ref().is_some_and(|t| t.0.is_empty()) {
        s.track = None;
    }
    for speaker in &mut s.speakers {
        speaker.name = clean_line(&speaker.name);
        clean_option(&mut speaker.organisation);
    }
    s.speakers.retain(|sp| !sp.name.is_empty());
    s.abstract_text = clean_block(&s.abstract_text);
    for link in &mut s.links {
        link.url = clean_line(&link.url);
        clean_option(&mut link.title);
    }
    s.links.retain(|l| !l.url.is_empty());
}

fn clean_option(field: &mut Option<String>) {
    if let Some(text) = field {
        let cleaned = clean_line(text);
        *field = (!cleaned.is_empty()).then_some(cleaned);
    }
}

/// Line and column (both from 1) of a byte offset, for error messages of parsers that report
/// offsets.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..floor_char_boundary(text, offset.min(text.len()))];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_line_removes_escapes_bidi_and_zero_width() {
        assert_eq!(
            clean_line("  Evil\u{1b}[2J title\u{202e}  "),
            "Evil[2J title"
        );
        assert_eq!(clean_line("zero\u{200b}width\r\nnext"), "zerowidth next");
        assert_eq!(clean_line("\u{9b}31mC1"), "31mC1");
        assert_eq!(clean_line("Łukasz Zoë 東京 🦀"), "Łukasz Zoë 東京 🦀");
    }

    #[test]
    fn clean_block_keeps_paragraphs_and_drops_controls() {
        let text = "First line\r\nsecond\u{7}\r\n\r\n\r\n\tThird\u{1b}]0;x\u{7}\n   \n";
        assert_eq!(clean_block(text), "First line\nsecond\n\n Third]0;x");
    }

    #[test]
    fn detect_names_what_it_saw() {
        assert_eq!(detect("\u{feff}  (version: 1)").unwrap(), Format::Ron);
        assert_eq!(
            detect("#![enable(implicit_some)]\nSchedule(").unwrap(),
            Format::Ron
        );
        assert!(matches!(detect(""), Err(FormatError::Unrecognised(m)) if m.contains("empty")));
        let err = detect("\u{0}\u{1}binary junk").unwrap_err().to_string();
        assert!(err.contains("binary junk"), "{err}");
    }

    #[test]
    fn repeated_ids_get_stable_distinct_names() {
        let text = include_str!("../../assets/kubecon-eu-2024.ron");
        let mut sessions = ron::parse(text).unwrap().sessions;
        for s in &mut sessions {
            s.id.0 = "same".into();
        }
        sessions[2].start = sessions[1].start;
        let mut warnings = Vec::new();
        disambiguate_ids(&mut sessions, &mut warnings);
        assert_eq!(sessions[0].id.0, "same");
        assert_eq!(sessions[1].id.0, "same@2024-03-20T09:25Z");
        assert_eq!(sessions[2].id.0, "same@2024-03-20T09:25Z#2");
        assert_eq!(
            warnings,
            [format!(
                "{} duplicate ids of 'same' renamed ('same@2024-03-20T09:25Z', \
                 'same@2024-03-20T09:25Z#2', '{}' and {} more)",
                sessions.len() - 1,
                sessions[3].id.0,
                sessions.len() - 4
            )]
        );
    }

    #[test]
    fn twenty_thousand_sessions_sharing_an_id_get_distinct_names_and_one_warning() {
        let text = include_str!("../../assets/kubecon-eu-2024.ron");
        let mut template = ron::parse(text).unwrap().sessions.remove(0);
        template.room = None;
        let mut sessions = vec![template; 20_000];
        let mut warnings = Vec::new();
        disambiguate_ids(&mut sessions, &mut warnings);
        let ids: std::collections::HashSet<&str> =
            sessions.iter().map(|s| s.id.0.as_str()).collect();
        assert_eq!(ids.len(), 20_000);
        let base = format!(
            "{}@{}",
            sessions[0].id.0,
            sessions[0].start.to_utc().format("%Y-%m-%dT%H:%MZ")
        );
        assert_eq!(sessions[1].id.0, base);
        assert_eq!(sessions[2].id.0, format!("{base}#2"));
        assert_eq!(sessions[19_999].id.0, format!("{base}#19999"));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].starts_with(&format!(
                "19,999 duplicate ids of '{}' renamed ('{base}', ",
                sessions[0].id.0
            )),
            "{}",
            warnings[0]
        );
        assert!(warnings[0].ends_with("and 19,996 more)"), "{}", warnings[0]);
    }

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(19_999), "19,999");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn slugs_are_ascii_and_dashed() {
        assert_eq!(
            slug("KubeCon + CloudNativeCon Europe 2024"),
            "kubecon-cloudnativecon-europe-2024"
        );
        assert_eq!(slug("  FOSDEM 2025!! "), "fosdem-2025");
        assert_eq!(slug("Zoë"), "zo");
    }

    #[test]
    fn line_column_counts_chars() {
        assert_eq!(line_column("ab\ncdé\nf", 7), (2, 4));
        assert_eq!(line_column("", 5), (1, 1));
    }
}
