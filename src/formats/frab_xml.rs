//! frab/Pentabarf schedule XML (FOSDEM, frab, pretalx, wafer/DebConf, c3voc): read with
//! quick-xml a buffer at a time, each `<event>` handed to the shared frab logic as it ends.
//!
//! Safe against hostile XML: quick-xml never expands entities declared in a DTD (a reference
//! to one is an error here, so "billion laughs" costs nothing), elements are tracked without
//! recursion and refused beyond `MAX_DEPTH` levels, and only the parts of the tree hallway
//! reads are kept (the conference, and one event at a time).
//!
//! Memory: a file on the disk is never held whole (a 100,000-session schedule is 200 MB of
//! XML). When the conference, with its time zone, comes before the first day, as in every
//! generator's output, each event becomes a session as soon as it ends; otherwise (a file
//! that names no zone, or puts `<conference>` after the days) the events are kept until the
//! end, when the zone and the day change are known.

use super::frab::{self, Builder, ListedDay, RawConference, RawDay, RawEvent};
use super::{FormatError, ImportOptions, line_column, quote, strip_bom};
use crate::model::{Link, Schedule};
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;
use quick_xml::reader::Reader;
use std::borrow::Cow;
use std::io::{self, BufRead, Read, Seek};

const FORMAT: &str = "frab XML";

/// Deeper than any frab file (schedule/day/room/event/persons/person is 6 levels).
const MAX_DEPTH: usize = 64;

/// How much is read from the disk at a time.
const CHUNK: usize = 64 * 1024;

/// One XML element hallway reads: its name, attributes, direct text and children, and the
/// line it starts on (for events without an id).
#[derive(Debug, Default)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    text: String,
    children: Vec<Element>,
    line: u64,
}

impl Element {
    /// Appends a piece of direct text. White space before any other text is dropped: it
    /// is the indentation between child elements, and every text is trimmed anyway.
    fn push_text(&mut self, piece: &str) {
        if !self.text.is_empty() || !piece.trim().is_empty() {
            self.text.push_str(piece);
        }
    }

    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    fn children<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s Element> + 's {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// A child's text, trimmed (wafer indents every text node); `None` when absent.
    fn child_text(&self, name: &str) -> Option<String> {
        self.child(name).map(|c| c.text.trim().to_string())
    }
}

/// What an open element is to the reader, from its name and its parent's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// The root element (`<schedule>`).
    Root,
    /// The first `<conference>` under the root: kept whole.
    Conference,
    /// A `<day>` under the root: its events are read as they end.
    Day,
    /// A `<room>` of a day: its `name` is the room of its events.
    Room,
    /// An `<event>` of a day or of one of its rooms: kept whole until it ends.
    Event,
    /// Inside the conference or an event: kept, as a child of its parent.
    Inside,
    /// Anything else: checked as XML, then dropped.
    Ignored,
}

struct Frame {
    element: Element,
    role: Role,
}

/// Why reading stopped, before the caller turns offsets into lines and columns.
enum Failure {
    /// Not well-formed (or refused) at a byte offset after any BOM.
    Syntax { offset: u64, message: String },
    /// Well-formed but not a schedule hallway can accept.
    Format(FormatError),
    /// The bytes could not be read.
    Io(io::Error),
}

fn syntax(offset: u64, message: String) -> Failure {
    Failure::Syntax { offset, message }
}

/// Why a frab XML file on the disk could not be read.
#[derive(Debug)]
pub(crate) enum FileError {
    Io(io::Error),
    /// Not UTF-8: the offset of the first invalid byte, from the start of the file.
    NotText(u64),
    Format(FormatError),
}

/// Reads a frab/Pentabarf schedule XML file. Unknown elements are ignored and children may
/// come in any order; `event/date` gives the instant when present, else `day@date` plus the
/// local `start`.
pub fn parse(text: &str, options: &ImportOptions) -> Result<(Schedule, Vec<String>), FormatError> {
    let text = strip_bom(text);
    let mut source = Source::new(text.as_bytes());
    match read_document(&mut source, options) {
        Ok(done) => Ok(done),
        Err(Failure::Syntax { offset, message }) => {
            let (line, column) = line_column(text, usize::try_from(offset).unwrap_or(usize::MAX));
            Err(FormatError::Syntax {
                format: FORMAT,
                line,
                column,
                message,
            })
        }
        Err(Failure::Format(error)) => Err(error),
        // Reading from memory cannot fail, and the text is UTF-8 already.
        Err(Failure::Io(error)) => Err(FormatError::Invalid {
            format: FORMAT,
            message: error.to_string(),
        }),
    }
}

/// Reads a frab XML file from the disk a buffer at a time, at most `len` bytes (its length
/// when it was opened): the file is never held whole. Errors are those of `parse` with the
/// file's text: a syntax error's line and column are worked out by reading the file again up
/// to the error, and a file that is not UTF-8 anywhere is refused as such, as
/// `formats::load_file` refuses other files.
pub(crate) fn read_file(
    file: std::fs::File,
    len: u64,
    options: &ImportOptions,
) -> Result<(Schedule, Vec<String>), FileError> {
    let mut source = Source::new(file.take(len));
    let bom = match source.fill_buf() {
        Ok(head) if head.starts_with(b"\xef\xbb\xbf") => 3,
        Ok(_) => 0,
        Err(error) => return Err(source.io_error(error)),
    };
    source.consume(bom);
    let result = read_document(&mut source, options);
    if result.is_err() {
        // A file that is not UTF-8 is refused as that, wherever the first bad byte is.
        source.drain();
    }
    if let Some(offset) = source.invalid {
        return Err(FileError::NotText(offset));
    }
    match result {
        Ok(done) => Ok(done),
        Err(Failure::Syntax { offset, message }) => {
            let mut file = source.inner.into_inner();
            let (line, column) =
                line_column_in(&mut file, bom as u64, offset).map_err(FileError::Io)?;
            Err(FileError::Format(FormatError::Syntax {
                format: FORMAT,
                line,
                column,
                message,
            }))
        }
        Err(Failure::Format(error)) => Err(FileError::Format(error)),
        Err(Failure::Io(error)) => Err(FileError::Io(error)),
    }
}

/// `line_column` of the text of a file from `base` (after any BOM), read again from the
/// disk up to `offset` (bytes after `base`).
fn line_column_in(file: &mut std::fs::File, base: u64, offset: u64) -> io::Result<(usize, usize)> {
    file.seek(io::SeekFrom::Start(base))?;
    let mut reader = io::BufReader::with_capacity(CHUNK, file.take(offset.saturating_add(1)));
    let mut left = offset;
    let mut lines = 1usize;
    // Characters since the last newline: UTF-8 lead bytes (the file was checked).
    let mut column = 1usize;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            break;
        }
        let take = chunk.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        if take == 0 {
            // The byte at the offset: inside a character, that character does not count
            // (as `line_column` rounds down to a character boundary).
            if chunk[0] & 0xc0 == 0x80 {
                column -= 1;
            }
            break;
        }
        for &byte in &chunk[..take] {
            if byte == b'\n' {
                lines += 1;
                column = 1;
            } else if byte & 0xc0 != 0x80 {
                column += 1;
            }
        }
        reader.consume(take);
        left -= take as u64;
    }
    Ok((lines, column))
}

/// Whether the text is an XML document whose root element is `<schedule>`: the XML
/// declaration, comments, processing instructions and a DOCTYPE are skipped.
pub fn sniff(text: &str) -> bool {
    let mut rest = strip_bom(text).trim_start();
    loop {
        if let Some(after) = rest.strip_prefix("<?") {
            rest = after.split_once("?>").map_or("", |(_, r)| r);
        } else if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.split_once("-->").map_or("", |(_, r)| r);
        } else if let Some(after) = rest.strip_prefix("<!DOCTYPE") {
            // An internal subset in brackets may hold '>' characters.
            let bracket = after.find('[');
            let close = after.find('>');
            rest = match (bracket, close) {
                (Some(b), Some(c)) if b < c => after
                    .get(b..)
                    .and_then(|s| s.split_once(']'))
                    .and_then(|(_, r)| r.split_once('>'))
                    .map_or("", |(_, r)| r),
                _ => after.split_once('>').map_or("", |(_, r)| r),
            };
        } else {
            break;
        }
        rest = rest.trim_start();
    }
    rest.strip_prefix("<schedule")
        .is_some_and(|after| after.starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/'))
}

/// The bytes of a document as quick-xml reads them, a buffer at a time: it counts the lines
/// of what has been consumed (the line of each element, without counting from the start
/// again) and checks that what it reads is UTF-8, stopping at the first byte that is not.
struct Source<R> {
    inner: R,
    buf: Box<[u8]>,
    /// `buf[start..end]` is read and not yet consumed.
    start: usize,
    end: usize,
    /// Bytes read from `inner` so far.
    read: u64,
    /// Newlines in the bytes consumed so far.
    newlines: u64,
    /// The start of a character whose bytes have not all been read yet.
    partial: [u8; 4],
    partial_len: usize,
    /// The offset of the first byte that is not UTF-8.
    invalid: Option<u64>,
}

impl<R: Read> Source<R> {
    fn new(inner: R) -> Source<R> {
        Source {
            inner,
            buf: vec![0; CHUNK].into_boxed_slice(),
            start: 0,
            end: 0,
            read: 0,
            newlines: 0,
            partial: [0; 4],
            partial_len: 0,
            invalid: None,
        }
    }

    /// An error of `fill_buf` for `read_file`.
    fn io_error(&self, error: io::Error) -> FileError {
        match self.invalid {
            Some(offset) => FileError::NotText(offset),
            None => FileError::Io(error),
        }
    }

    /// Reads the rest, to check it is UTF-8.
    fn drain(&mut self) {
        while let Ok(chunk) = self.fill_buf() {
            if chunk.is_empty() {
                break;
            }
            let n = chunk.len();
            self.consume(n);
        }
    }

    /// The offset of the first byte that is not UTF-8 in `buf[..n]`, just read, given what
    /// came before; `n == 0` is the end.
    fn check_utf8(&mut self, n: usize) -> Option<u64> {
        let mut chunk = &self.buf[..n];
        let mut base = self.read;
        if self.partial_len > 0 {
            let partial_at = self.read - self.partial_len as u64;
            if n == 0 {
                return Some(partial_at);
            }
            let full = match self.partial[0] {
                0xc0..=0xdf => 2,
                0xe0..=0xef => 3,
                _ => 4,
            };
            let take = (full - self.partial_len).min(chunk.len());
            self.partial[self.partial_len..self.partial_len + take].copy_from_slice(&chunk[..take]);
            self.partial_len += take;
            chunk = &chunk[take..];
            base += take as u64;
            if self.partial_len < full {
                return None;
            }
            if std::str::from_utf8(&self.partial[..full]).is_err() {
                return Some(partial_at);
            }
            self.partial_len = 0;
        }
        match std::str::from_utf8(chunk) {
            Ok(_) => None,
            Err(e) if e.error_len().is_some() => Some(base + e.valid_up_to() as u64),
            Err(e) => {
                let rest = &chunk[e.valid_up_to()..];
                self.partial[..rest.len()].copy_from_slice(rest);
                self.partial_len = rest.len();
                None
            }
        }
    }
}

impl<R: Read> Read for Source<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let chunk = self.fill_buf()?;
        let n = chunk.len().min(out.len());
        out[..n].copy_from_slice(&chunk[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for Source<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.start == self.end {
            let not_text = |offset: u64| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("not UTF-8 text (invalid byte at offset {offset})"),
                )
            };
            if let Some(offset) = self.invalid {
                return Err(not_text(offset));
            }
            let n = loop {
                match self.inner.read(&mut self.buf) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            };
            if let Some(offset) = self.check_utf8(n) {
                self.invalid = Some(offset);
                return Err(not_text(offset));
            }
            self.read += n as u64;
            self.start = 0;
            self.end = n;
        }
        Ok(&self.buf[self.start..self.end])
    }

    fn consume(&mut self, amount: usize) {
        let amount = amount.min(self.end - self.start);
        let consumed = &self.buf[self.start..self.start + amount];
        self.newlines += consumed.iter().filter(|&&b| b == b'\n').count() as u64;
        self.start += amount;
    }
}

/// Reads the whole document: the elements hallway reads are kept only as long as it needs
/// them (see `Role`), each event going to the `Collector` as it ends.
fn read_document<R: Read>(
    source: &mut Source<R>,
    options: &ImportOptions,
) -> Result<(Schedule, Vec<String>), Failure> {
    let mut reader = Reader::from_reader(source);
    // Mismatched end tags are errors (the default); text is trimmed later, per field, so
    // that newlines inside abstracts survive.
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Frame> = Vec::new();
    // The root's name and offset, once it has started.
    let mut root: Option<(String, u64)> = None;
    let mut root_done = false;
    let mut collector = Collector::new(options);
    let mut buf = Vec::new();
    loop {
        let offset = reader.buffer_position();
        let line = reader.get_ref().newlines + 1;
        buf.clear();
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(quick_xml::Error::Io(error)) => {
                return Err(Failure::Io(
                    std::sync::Arc::try_unwrap(error)
                        .unwrap_or_else(|shared| io::Error::new(shared.kind(), shared.to_string())),
                ));
            }
            Err(e) => return Err(syntax(reader.error_position(), e.to_string())),
        };
        match event {
            Event::Start(_) | Event::Empty(_) if root_done => {
                return Err(syntax(offset, "content after the root element".to_string()));
            }
            Event::Start(start) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(syntax(
                        offset,
                        format!("elements nested more than {MAX_DEPTH} deep"),
                    ));
                }
                let element = element(&start, offset, line)?;
                let frame = collector.open(&stack, element, &mut root, offset);
                stack.push(frame);
            }
            Event::Empty(start) => {
                let element = element(&start, offset, line)?;
                let frame = collector.open(&stack, element, &mut root, offset);
                root_done |= collector.close(&mut stack, frame);
            }
            Event::End(_) => {
                // quick-xml has checked that the end tag matches the open element.
                if let Some(done) = stack.pop() {
                    root_done |= collector.close(&mut stack, done);
                }
            }
            Event::Text(content) => {
                if let Some(current) = stack.last_mut() {
                    if current.role.keeps_text() {
                        current.element.push_text(&content.xml10_content());
                    }
                } else if !content.xml10_content().trim().is_empty() {
                    return Err(syntax(offset, "text outside the root element".to_string()));
                }
            }
            Event::CData(content) => {
                if let Some(current) = stack.last_mut().filter(|c| c.role.keeps_text()) {
                    current.element.push_text(&content.xml10_content());
                }
            }
            Event::GeneralRef(reference) => {
                let resolved: Cow<'_, str> = match reference.resolve_char_ref() {
                    Ok(Some(c)) => Cow::Owned(c.to_string()),
                    Ok(None) => match resolve_predefined_entity(&reference) {
                        Some(value) => Cow::Borrowed(value),
                        // Entities declared in a DTD are never expanded (billion laughs).
                        None => {
                            return Err(syntax(
                                offset,
                                format!("undefined entity '&{};'", quote(&reference)),
                            ));
                        }
                    },
                    Err(e) => return Err(syntax(offset, e.to_string())),
                };
                if let Some(current) = stack.last_mut().filter(|c| c.role.keeps_text()) {
                    current.element.push_text(&resolved);
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(syntax(
            reader.buffer_position(),
            format!("the file ends inside <{}>", quote(&open.element.name)),
        ));
    }
    let Some((name, offset)) = root else {
        return Err(syntax(0, "no root element".to_string()));
    };
    if name != "schedule" {
        return Err(syntax(
            offset,
            format!("the root element is <{}>, not <schedule>", quote(&name)),
        ));
    }
    collector.finish().map_err(Failure::Format)
}

impl Role {
    /// The role of an element named `name` whose parent has the role `parent`.
    fn of(
        parent: Option<Role>,
        name: &str,
        root_is_schedule: bool,
        first_conference: bool,
    ) -> Role {
        match parent {
            None => Role::Root,
            Some(Role::Root) if !root_is_schedule => Role::Ignored,
            Some(Role::Root) if name == "conference" && first_conference => Role::Conference,
            Some(Role::Root) if name == "day" => Role::Day,
            Some(Role::Day) if name == "room" => Role::Room,
            Some(Role::Day | Role::Room) if name == "event" => Role::Event,
            Some(Role::Conference | Role::Event | Role::Inside) => Role::Inside,
            Some(_) => Role::Ignored,
        }
    }

    /// Whether the element's direct text is read.
    fn keeps_text(self) -> bool {
        matches!(self, Role::Conference | Role::Event | Role::Inside)
    }
}

/// Where the days and events go as they are read: straight into a `Builder` when the zone and
/// the conference are known at the first day, else kept whole for `frab::build` at the end.
struct Collector<'o> {
    options: &'o ImportOptions,
    root_is_schedule: bool,
    /// Whether a `<conference>` has started under the root (only the first one is read).
    conference_started: bool,
    conference: Option<RawConference>,
    /// Days started so far.
    days: usize,
    /// The events listed straight under the current day: read after those of its rooms.
    direct: Vec<RawEvent>,
    state: State,
}

enum State {
    /// No day yet.
    Start,
    /// Every day kept, with its events: the two-phase path.
    Whole { days: Vec<RawDay>, current: RawDay },
    /// Each event becomes a session as it ends.
    Streaming {
        builder: Builder,
        current: Option<ListedDay>,
    },
    /// The first error `frab::build` would have given: the rest is only checked as XML.
    Failed(FormatError),
}

impl<'o> Collector<'o> {
    fn new(options: &'o ImportOptions) -> Collector<'o> {
        Collector {
            options,
            root_is_schedule: false,
            conference_started: false,
            conference: None,
            days: 0,
            direct: Vec::new(),
            state: State::Start,
        }
    }

    /// Gives an element that has just started its role, and starts a day.
    fn open(
        &mut self,
        stack: &[Frame],
        element: Element,
        root: &mut Option<(String, u64)>,
        offset: u64,
    ) -> Frame {
        let role = Role::of(
            stack.last().map(|f| f.role),
            &element.name,
            self.root_is_schedule,
            !self.conference_started,
        );
        match role {
            Role::Root => {
                self.root_is_schedule = element.name == "schedule";
                *root = Some((element.name.clone(), offset));
            }
            Role::Conference => self.conference_started = true,
            Role::Day => self.begin_day(&element),
            _ => {}
        }
        Frame { element, role }
    }

    /// Takes an element that has ended; says whether it was the root.
    fn close(&mut self, stack: &mut [Frame], done: Frame) -> bool {
        match done.role {
            Role::Root => return true,
            Role::Conference => self.conference = Some(read_conference(&done.element)),
            Role::Day => self.end_day(),
            Role::Event => {
                let parent = stack.last();
                let in_room = parent.is_some_and(|p| p.role == Role::Room);
                let room = parent
                    .filter(|_| in_room)
                    .and_then(|p| p.element.attribute("name"));
                let event = read_event(&done.element, room);
                if in_room {
                    self.room_event(event);
                } else {
                    self.direct.push(event);
                }
            }
            Role::Inside => {
                if let Some(parent) = stack.last_mut() {
                    parent.element.children.push(done.element);
                }
            }
            Role::Room | Role::Ignored => {}
        }
        false
    }

    fn begin_day(&mut self, day: &Element) {
        let attribute = |name: &str| day.attribute(name).map(str::to_string);
        let header = RawDay {
            index: attribute("index"),
            date: attribute("date"),
            start: attribute("start"),
            events: Vec::new(),
        };
        let position = self.days;
        self.days += 1;
        if matches!(self.state, State::Start) {
            self.state = self.first_state();
        }
        match &mut self.state {
            State::Whole { days, current } => {
                let previous = std::mem::replace(current, header);
                if position > 0 {
                    days.push(previous);
                }
            }
            State::Streaming { builder, current } => match builder.day(position, &header) {
                Ok(listed) => *current = Some(listed),
                Err(error) => self.state = State::Failed(error),
            },
            State::Start | State::Failed(_) => {}
        }
    }

    /// How the days are read, decided at the first: one by one when the zone is known then.
    fn first_state(&self) -> State {
        let whole = State::Whole {
            days: Vec::new(),
            current: RawDay::default(),
        };
        // A `<conference>` still to come may name the zone and the day change.
        let Some(conference) = &self.conference else {
            return whole;
        };
        let mut warnings = Vec::new();
        // Without a zone name the zone comes from the file's first offset, maybe in a later
        // day: the days are kept (`frab::build` finds it and warns again).
        let Some(zone) = frab::named_zone(conference, self.options, &mut warnings) else {
            return whole;
        };
        match Builder::new(FORMAT, conference, zone, warnings) {
            Ok(builder) => State::Streaming {
                builder,
                current: None,
            },
            Err(error) => State::Failed(error),
        }
    }

    fn room_event(&mut self, event: RawEvent) {
        match &mut self.state {
            State::Whole { current, .. } => current.events.push(event),
            State::Streaming {
                builder,
                current: Some(day),
            } => {
                if let Err(error) = builder.event(day, event) {
                    self.state = State::Failed(error);
                }
            }
            State::Start | State::Streaming { current: None, .. } | State::Failed(_) => {}
        }
    }

    /// A day's own events come after its rooms' (as `frab::build` has always read them).
    fn end_day(&mut self) {
        let direct = std::mem::take(&mut self.direct);
        match &mut self.state {
            State::Whole { current, .. } => current.events.extend(direct),
            State::Streaming {
                builder,
                current: Some(day),
            } => {
                for event in direct {
                    if let Err(error) = builder.event(day, event) {
                        self.state = State::Failed(error);
                        return;
                    }
                }
            }
            State::Start | State::Streaming { current: None, .. } | State::Failed(_) => {}
        }
    }

    fn finish(self) -> Result<(Schedule, Vec<String>), FormatError> {
        let conference = self.conference.unwrap_or_default();
        match self.state {
            State::Start => frab::build(FORMAT, conference, Vec::new(), self.options),
            State::Whole { mut days, current } => {
                days.push(current);
                frab::build(FORMAT, conference, days, self.options)
            }
            State::Streaming { builder, .. } => builder.finish(conference),
            State::Failed(error) => Err(error),
        }
    }
}

fn name_text(name: QName<'_>) -> String {
    name.local_name().as_ref().to_string()
}

fn element(start: &BytesStart<'_>, offset: u64, line: u64) -> Result<Element, Failure> {
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| syntax(offset, format!("bad attribute: {e}")))?;
        let value = attribute
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| syntax(offset, format!("bad attribute value: {e}")))?;
        attributes.push((name_text(attribute.key), value.into_owned()));
    }
    Ok(Element {
        name: name_text(start.name()),
        attributes,
        text: String::new(),
        children: Vec::new(),
        line,
    })
}

fn read_conference(element: &Element) -> RawConference {
    RawConference {
        title: element.child_text("title"),
        acronym: element.child_text("acronym"),
        time_zone_name: element.child_text("time_zone_name"),
        day_change: element.child_text("day_change"),
        city: element.child_text("city"),
        venue: element.child_text("venue"),
        url: element
            .child_text("url")
            .filter(|u| !u.is_empty())
            .or_else(|| element.child_text("base_url")),
    }
}

fn read_event(event: &Element, room_name: Option<&str>) -> RawEvent {
    let attribute = |name: &str| event.attribute(name).map(|v| v.trim().to_string());
    let id = attribute("id");
    let guid = attribute("guid");
    let location = match (&id, &guid) {
        (Some(id), _) if !id.is_empty() => format!("event {}", quote(id)),
        (_, Some(guid)) if !guid.is_empty() => format!("event {}", quote(guid)),
        _ => format!("event at line {}", event.line),
    };
    let nonempty = |value: Option<String>| value.filter(|v| !v.trim().is_empty());
    let mut links = Vec::new();
    for (list, item) in [("links", "link"), ("attachments", "attachment")] {
        for entry in event.children(list).flat_map(|l| l.children(item)) {
            if let Some(href) = entry.attribute("href") {
                links.push(Link {
                    url: href.trim().to_string(),
                    title: Some(entry.text.trim().to_string()).filter(|t| !t.is_empty()),
                });
            }
        }
    }
    RawEvent {
        location,
        guid,
        code: attribute("code"),
        id,
        date: event.child_text("date"),
        start: event.child_text("start"),
        duration: event.child_text("duration"),
        end: None,
        room: nonempty(event.child_text("room")).or_else(|| room_name.map(str::to_string)),
        title: event.child_text("title"),
        subtitle: event.child_text("subtitle"),
        track: event.child_text("track"),
        kind: event.child_text("type"),
        language: event.child_text("language"),
        // Kept untrimmed inside: HTML and Markdown need their line structure.
        abstract_text: event.child("abstract").map(|c| c.text.clone()),
        description: event.child("description").map(|c| c.text.clone()),
        persons: event
            .children("persons")
            .flat_map(|p| p.children("person"))
            .map(|p| p.text.clone())
            .collect(),
        url: nonempty(event.child_text("url")),
        links,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn parse_default(text: &str) -> Result<(Schedule, Vec<String>), FormatError> {
        parse(text, &ImportOptions::default())
    }

    const SMALL: &str = r#"<?xml version="1.0"?>
<schedule>
  <conference><title>Tiny &amp; Co</title><acronym>tiny-2025</acronym>
    <time_zone_name>Europe/Paris</time_zone_name></conference>
  <day index="1" date="2025-03-01" start="2025-03-01T04:00:00+01:00" end="2025-03-02T03:59:00+01:00">
    <room name="Main">
      <event id="7" guid="g-7">
        <date>2025-03-01T10:00:00+01:00</date><start>10:00</start><duration>00:45</duration>
        <room>Main</room><title> Opening </title><type>Lecture</type><track></track>
        <abstract>Line one&#13;
line two</abstract>
        <persons><person id="1">Zoë Łąkowa</person><person id="2">Zoë Łąkowa</person></persons>
      </event>
    </room>
  </day>
</schedule>"#;

    #[test]
    fn reads_a_small_schedule() {
        let (schedule, warnings) = parse_default(SMALL).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(schedule.conference.title, "Tiny & Co");
        assert_eq!(schedule.conference.id, "tiny-2025");
        let s = &schedule.sessions[0];
        assert_eq!(s.id.0, "g-7");
        assert_eq!(s.title, "Opening");
        assert_eq!(s.kind.as_deref(), Some("lecture"));
        assert_eq!(s.track, None);
        assert_eq!(s.speakers.len(), 1);
        assert_eq!(s.abstract_text, "Line one\nline two");
        assert_eq!(s.minutes(), Some(45));
    }

    #[test]
    fn sniffs_the_root_element() {
        assert!(sniff(SMALL));
        assert!(sniff(
            "\u{feff}<!-- pretalx --><!DOCTYPE x [<!ENTITY a \"<b>\">]><schedule>"
        ));
        assert!(!sniff("<schedules>"));
        assert!(!sniff("<?xml version=\"1.0\"?><feed>"));
        assert!(!sniff("{\"schedule\": 1}"));
    }

    fn syntax_position(text: &str) -> (usize, usize, String) {
        position(parse_default(text))
    }

    /// The line, column and message of a syntax error.
    fn position(result: Result<(Schedule, Vec<String>), FormatError>) -> (usize, usize, String) {
        match result {
            Err(FormatError::Syntax {
                line,
                column,
                message,
                ..
            }) => (line, column, message),
            other => panic!("expected a syntax error, got {other:?}"),
        }
    }

    /// Reads `bytes` as a file on the disk, the way `formats::load_file` reads frab XML.
    fn read_bytes_as_file(bytes: &[u8]) -> Result<(Schedule, Vec<String>), FileError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("schedule.xml");
        std::fs::write(&path, bytes).unwrap();
        let file = std::fs::File::open(&path).unwrap();
        read_file(file, bytes.len() as u64, &ImportOptions::default())
    }

    #[test]
    fn a_file_read_a_buffer_at_a_time_reads_as_its_text() {
        for text in [
            SMALL,
            include_str!("../../tests/fixtures/frab-wafer.xml"),
            include_str!("../../tests/fixtures/frab-pentabarf.xml"),
            include_str!("../../tests/fixtures/frab-fosdem.xml"),
            include_str!("../../tests/fixtures/frab-merged.xml"),
        ] {
            let expected = parse_default(text).unwrap();
            assert_eq!(read_bytes_as_file(text.as_bytes()).unwrap(), expected);
            let with_bom = format!("\u{feff}{text}");
            assert_eq!(read_bytes_as_file(with_bom.as_bytes()).unwrap(), expected);
        }
    }

    /// An event with a non-ASCII title, padded so that the file is several buffers long and
    /// characters fall across the buffer boundaries.
    fn long_schedule(events: usize) -> String {
        let mut text = String::from(
            "<schedule><conference><title>Long</title>\
             <time_zone_name>Europe/Brussels</time_zone_name></conference>\
             <day index=\"1\" date=\"2025-02-01\"><room name=\"R\">\n",
        );
        for i in 0..events {
            text.push_str(&format!(
                "<event id=\"{i}\"><start>10:00</start><duration>00:30</duration>\
                 <title>Zoë {i}</title><abstract>{}</abstract></event>\n",
                "é€𝄞 ".repeat(i % 7 + 1)
            ));
        }
        text.push_str("</room></day></schedule>\n");
        text
    }

    #[test]
    fn characters_across_buffer_boundaries_are_read_whole() {
        let text = long_schedule(3000);
        assert!(text.len() > 3 * CHUNK);
        let expected = parse_default(&text).unwrap();
        assert_eq!(expected.0.sessions.len(), 3000);
        assert_eq!(read_bytes_as_file(text.as_bytes()).unwrap(), expected);
    }

    #[test]
    fn a_file_that_is_not_utf8_is_refused_with_the_offset_of_the_first_bad_byte() {
        let text = long_schedule(3000);
        let not_text = |bytes: &[u8]| match read_bytes_as_file(bytes) {
            Err(FileError::NotText(offset)) => offset,
            other => panic!("expected not UTF-8, got {other:?}"),
        };
        // A bad byte in each buffer, at a boundary, in a character cut by a boundary, and a
        // character cut by the end of the file.
        for at in [
            10,
            CHUNK - 1,
            CHUNK,
            CHUNK + 1,
            2 * CHUNK + 5,
            text.len() - 3,
        ] {
            let mut bytes = text.clone().into_bytes();
            bytes[at] = 0xff;
            let expected = std::str::from_utf8(&bytes).unwrap_err().valid_up_to() as u64;
            assert_eq!(not_text(&bytes), expected, "bad byte at {at}");
        }
        let mut cut = text.clone().into_bytes();
        cut.extend_from_slice("é".as_bytes().get(..1).unwrap());
        assert_eq!(not_text(&cut), text.len() as u64);
        // Not UTF-8 is what is said even when a syntax error comes first.
        let mut broken = format!("<schedule></dya>{text}").into_bytes();
        let last = broken.len() - 2;
        broken[last] = 0xc3;
        assert_eq!(not_text(&broken), last as u64);
    }

    #[test]
    fn a_file_gives_the_positions_its_text_gives() {
        let text = long_schedule(3000);
        let from_file = |text: &str| match read_bytes_as_file(text.as_bytes()) {
            Err(FileError::Format(error)) => position(Err(error)),
            other => panic!("expected a format error, got {other:?}"),
        };
        let late_error = text.replace("<title>Zoë 2500</title>", "<title>Zoë 2500</titel>");
        let truncated = &text[..text.len() - 25];
        let undefined = text.replace("Zoë 2999", "Zoë &bogus;");
        let after_bom = "\u{feff}  <schedule>\n  <day>\n  </dya>\n</schedule>";
        for case in [
            late_error.as_str(),
            truncated,
            undefined.as_str(),
            after_bom,
            "<schedule>\n  <day>\n  </dya>\n</schedule>",
            "",
            "<feed>\n</feed>",
            "<schedule></schedule>\n<schedule/>",
        ] {
            let expected = position(parse_default(case));
            assert_eq!(from_file(case), expected, "{expected:?}");
        }
        let (line, column, message) = from_file(&late_error);
        assert_eq!(line, 2502, "{message}");
        assert!(column > 1, "{column}");
        assert!(from_file(truncated).2.contains("ends inside"));
    }

    #[test]
    fn events_without_an_id_are_named_by_their_line() {
        let text = "<schedule><conference><title>Lines</title>\
            <time_zone_name>UTC</time_zone_name></conference>\n\
            <day index=\"1\" date=\"2025-02-01\">\n<room name=\"R\">\n\
            <event><duration>00:30</duration></event>\n\n\
            <event\n><title>T</title></event><event/>\n</room>\n\
            <event><start>10:00</start><title>Direct</title></event>\n\
            <event/></day></schedule>";
        let (schedule, warnings) = parse_default(text).unwrap();
        assert_eq!(schedule.sessions.len(), 1);
        assert!(
            warnings.iter().any(|w| w.contains(
                "skipped 4 session(s) without a start: 'event at line 4', 'T', \
                 'event at line 7', 'event at line 10'"
            )),
            "{warnings:?}"
        );
        assert_eq!(
            read_bytes_as_file(text.as_bytes()).unwrap(),
            (schedule, warnings)
        );
    }

    #[test]
    fn a_conference_after_the_days_or_without_a_zone_reads_as_one_before() {
        let day = "<day index=\"1\" date=\"2024-02-03\" start=\"2024-02-03T09:00:00+01:00\">\
            <event id=\"9\"><start>08:00</start><title>Direct, before the rooms</title></event>\
            <room name=\"R\"><event id=\"1\"><start>10:30</start><title>A</title></event>\
            <event id=\"2\"><date>2024-02-04T01:00:00+01:00</date><title>B</title></event>\
            </room></day>";
        let conference = "<conference><title>Late</title>\
            <time_zone_name>Asia/Kolkata</time_zone_name><day_change>09:00</day_change>\
            </conference>";
        let before = format!("<schedule>{conference}{day}</schedule>");
        let after = format!("<schedule>{day}{conference}</schedule>");
        let (schedule, warnings) = parse_default(&before).unwrap();
        assert_eq!(parse_default(&after).unwrap(), (schedule.clone(), warnings));
        assert_eq!(schedule.conference.time_zone, chrono_tz::Asia::Kolkata);
        let ids: Vec<&str> = schedule.sessions.iter().map(|s| s.id.0.as_str()).collect();
        assert_eq!(ids, ["1", "2", "9"]);
        // Without a zone name, the first offset of the file gives the zone.
        let unnamed = before.replace("<time_zone_name>Asia/Kolkata</time_zone_name>", "");
        let (schedule, warnings) = parse_default(&unnamed).unwrap();
        assert_eq!(schedule.conference.time_zone.name(), "Etc/GMT-1");
        assert!(
            warnings.iter().any(|w| w.contains("from its offsets")),
            "{warnings:?}"
        );
        // A bad day change is reported, wherever the conference is.
        let bad = after.replace("09:00", "9h");
        assert!(invalid_message(&bad).contains("day_change '9h'"));
        let bad = before.replace("09:00", "9h");
        assert!(invalid_message(&bad).contains("day_change '9h'"));
    }

    #[test]
    fn the_first_bad_value_is_reported_and_a_later_syntax_error_wins() {
        let text = "<schedule><conference><title>T</title><time_zone_name>UTC</time_zone_name>\
            </conference><day index=\"1\" date=\"2025-03-01\"><room name=\"A\">\
            <event id=\"1\"><start>25:00</start></event>\
            <event id=\"2\"><start>26:00</start></event></room></day></schedule>";
        let message = invalid_message(text);
        assert!(message.starts_with("event 1: start '25:00'"), "{message}");
        let broken = text.replace("</room></day>", "</room></dya>");
        let (_, _, message) = syntax_position(&broken);
        assert!(message.contains("dya"), "{message}");
    }

    #[test]
    fn malformed_xml_gives_line_and_column() {
        let (line, _, message) = syntax_position("<schedule>\n  <day>\n  </dya>\n</schedule>");
        assert_eq!(line, 3, "{message}");
        let (_, _, message) = syntax_position("<schedule><day index=\"1\">");
        assert!(message.contains("ends inside"), "{message}");
        let (_, _, message) = syntax_position("");
        assert!(message.contains("no root"), "{message}");
        let (_, _, message) = syntax_position("<feed></feed>");
        assert!(message.contains("<feed>"), "{message}");
        let (_, _, message) = syntax_position("<schedule>&nbsp;</schedule>");
        assert!(message.contains("&nbsp;"), "{message}");
        let (_, _, message) = syntax_position("<schedule a=\"&bogus;\"></schedule>");
        assert!(message.contains("attribute"), "{message}");
        syntax_position("\u{0}\u{1}\u{2}binary<<>>\u{ff}");
    }

    /// A file of the real schedule corpus, read at run time from `$HALLWAY_CORPUS`, else
    /// `../shared/fixtures/real` beside the manifest; a missing file fails naming its path.
    fn corpus(name: &str) -> String {
        let dir = std::env::var_os("HALLWAY_CORPUS")
            .filter(|dir| !dir.is_empty())
            .map_or_else(
                || {
                    std::path::PathBuf::from(concat!(
                        env!("CARGO_MANIFEST_DIR"),
                        "/../shared/fixtures/real"
                    ))
                },
                std::path::PathBuf::from,
            );
        let path = dir.join(name);
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "corpus file {}: {e} (set HALLWAY_CORPUS to the folder of the real schedules)",
                path.display()
            )
        })
    }

    fn truncations_are_errors_not_panics(text: &str) {
        let (schedule, _) = parse_default(text).unwrap();
        assert!(!schedule.sessions.is_empty());
        for cut in [
            1,
            100,
            1000,
            text.len() / 3,
            text.len() / 2,
            text.len() - 20,
        ] {
            let mut end = cut.min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            assert!(parse_default(&text[..end]).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn truncated_fixture_is_an_error_not_a_panic() {
        truncations_are_errors_not_panics(include_str!("../../tests/fixtures/frab-wafer.xml"));
        truncations_are_errors_not_panics(include_str!("../../tests/fixtures/frab-pentabarf.xml"));
    }

    #[test]
    #[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
    fn truncated_corpus_file_is_an_error_not_a_panic() {
        let text = corpus("debconf23-wafer-schedule.xml");
        for cut in [1, 100, 1000, 50_000, text.len() / 2, text.len() - 20] {
            let mut end = cut.min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            assert!(parse_default(&text[..end]).is_err(), "cut at {cut}");
        }
    }

    fn invalid_message(text: &str) -> String {
        match parse_default(text) {
            Err(FormatError::Invalid { message, .. }) => message,
            other => panic!("expected an invalid-value error, got {other:?}"),
        }
    }

    #[test]
    fn bad_values_are_quoted_with_their_event() {
        let with = |inner: &str| {
            format!(
                "<schedule><day index=\"1\" date=\"2025-03-01\"><room name=\"A\">\
                 <event id=\"4321\"><title>T</title>{inner}</event></room></day></schedule>"
            )
        };
        let message = invalid_message(&with(
            "<date>2025-03-01T10:00:00+01:00</date><duration>1:3x</duration>",
        ));
        assert_eq!(
            message,
            "event 4321: duration '1:3x' is not HH:MM or HH:MM:SS"
        );
        let message = invalid_message(&with("<date>2025-03-3xT10:00:00+01:00</date>"));
        assert!(
            message.contains("event 4321: date '2025-03-3xT10:00:00+01:00'"),
            "{message}"
        );
        let message = invalid_message(&with("<start>25:00</start>"));
        assert!(message.contains("start '25:00'"), "{message}");
        let message =
            invalid_message("<schedule><day index=\"2\" date=\"March 1\"></day></schedule>");
        assert!(message.contains("day 2: date 'March 1'"), "{message}");
    }

    #[test]
    fn pentabarf_times_without_date_use_the_day_and_roll_over() {
        let text = "<schedule><conference><title>Old</title>\
            <time_zone_name>Europe/Brussels</time_zone_name><day_change>09:00:00</day_change>\
            </conference><day index=\"1\" date=\"2024-02-03\"><room name=\"Great Hall\">\
            <event id=\"1\"><start>10:30</start><duration>00:25</duration><title>A</title></event>\
            <event id=\"2\"><start>01:00</start><duration>01:00</duration><title>B</title></event>\
            <event id=\"3\"><title>No start</title></event>\
            </room></day></schedule>";
        let (schedule, warnings) = parse_default(text).unwrap();
        assert_eq!(
            schedule.sessions[0].start.to_rfc3339(),
            "2024-02-03T10:30:00+01:00"
        );
        // Before the 09:00 day change: the night after, still listed under day 1.
        assert_eq!(
            schedule.sessions[1].start.to_rfc3339(),
            "2024-02-04T01:00:00+01:00"
        );
        assert_eq!(schedule.sessions.len(), 2);
        assert!(
            warnings.iter().any(|w| w.contains("'No start'")),
            "{warnings:?}"
        );
        assert_eq!(schedule.days().len(), 1);
        assert_eq!(schedule.conference.id, "old");
    }

    #[test]
    fn a_file_without_zone_is_read_in_an_assumed_zone_with_a_warning() {
        let text = "<schedule><conference><title>No zone</title></conference>\
            <day index=\"1\" date=\"2024-02-03\"><room name=\"R\">\
            <event id=\"1\"><start>10:30</start><title>A</title></event></room></day></schedule>";
        let (schedule, warnings) = parse_default(text).unwrap();
        assert_eq!(schedule.conference.time_zone, chrono_tz::Tz::UTC);
        assert!(
            warnings.iter().any(|w| w.contains("assumed UTC")),
            "{warnings:?}"
        );
        assert!(
            warnings.iter().any(|w| w.contains("no duration")),
            "{warnings:?}"
        );
        assert_eq!(schedule.sessions[0].end, None);
        let options = ImportOptions {
            zone: Some(chrono_tz::America::New_York),
        };
        let (schedule, warnings) = parse(text, &options).unwrap();
        assert_eq!(
            schedule.sessions[0].start.to_rfc3339(),
            "2024-02-03T10:30:00-05:00"
        );
        assert!(
            !warnings.iter().any(|w| w.contains("assumed")),
            "{warnings:?}"
        );
        let offsets = text.replace(
            "<start>10:30</start>",
            "<date>2024-02-03T10:30:00+01:00</date>",
        );
        let (schedule, warnings) = parse_default(&offsets).unwrap();
        assert_eq!(schedule.conference.time_zone.name(), "Etc/GMT-1");
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("assumed UTC+01:00 from its offsets")),
            "{warnings:?}"
        );
    }

    #[test]
    fn repeated_guids_are_disambiguated() {
        let event = "<event id=\"1\" guid=\"same\"><date>2025-03-01T10:00:00+01:00</date>\
                     <title>T</title></event>";
        let text = format!(
            "<schedule><day index=\"1\" date=\"2025-03-01\"><room name=\"A\">{event}</room>\
             <room name=\"B\">{event}</room></day></schedule>"
        );
        let (schedule, warnings) = parse_default(&text).unwrap();
        assert_eq!(schedule.sessions[0].id.0, "same");
        assert_eq!(schedule.sessions[1].id.0, "same@2025-03-01T09:00Z");
        assert!(warnings.iter().any(|w| w.contains("duplicate id 'same'")));
        assert!(schedule.problems().is_empty());
    }

    #[test]
    fn billion_laughs_is_refused_quickly() {
        let mut dtd = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE schedule [\n");
        dtd.push_str("  <!ENTITY lol \"lol\">\n");
        for level in 1..=9 {
            let previous = if level == 1 {
                "lol".to_string()
            } else {
                format!("lol{}", level - 1)
            };
            let body = format!("&{previous};").repeat(10);
            dtd.push_str(&format!("  <!ENTITY lol{level} \"{body}\">\n"));
        }
        dtd.push_str("]>\n<schedule><conference><title>&lol9;</title></conference></schedule>");
        assert!(sniff(&dtd));
        let started = Instant::now();
        let (line, _, message) = syntax_position(&dtd);
        assert!(started.elapsed() < Duration::from_secs(2));
        assert!(message.contains("lol9"), "{message}");
        assert_eq!(line, 14);
        // The same entity used in an attribute is refused as well.
        let attribute = dtd.replace("<title>&lol9;</title>", "<title a=\"&lol9;\">x</title>");
        assert!(parse_default(&attribute).is_err());
        // An external entity is never fetched or read either.
        let external = "<!DOCTYPE schedule [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\
                        <schedule><conference><title>&xxe;</title></conference></schedule>";
        let (_, _, message) = syntax_position(external);
        assert!(message.contains("&xxe;"), "{message}");
    }

    #[test]
    fn deep_nesting_is_refused_quickly() {
        let depth = 100_000;
        let text = format!(
            "<schedule>{}{}</schedule>",
            "<x>".repeat(depth),
            "</x>".repeat(depth)
        );
        let started = Instant::now();
        let (_, _, message) = syntax_position(&text);
        assert!(started.elapsed() < Duration::from_secs(2));
        assert!(message.contains("nested more than 64"), "{message}");
        // Unclosed, as well.
        let text = format!("<schedule>{}", "<x>".repeat(depth));
        let (_, _, message) = syntax_position(&text);
        assert!(message.contains("nested"), "{message}");
    }

    fn pentabarf(days: &str) -> String {
        format!(
            "<schedule><conference><title>DST</title>\
             <time_zone_name>Europe/Brussels</time_zone_name></conference>{days}</schedule>"
        )
    }

    #[test]
    fn a_dst_change_mid_conference_moves_the_offset_not_the_wall_clock() {
        let text = pentabarf(
            "<day index=\"1\" date=\"2024-03-30\"><room name=\"R\">\
             <event id=\"1\"><start>10:00</start><duration>00:30</duration><title>Sat</title></event>\
             </room></day><day index=\"2\" date=\"2024-03-31\"><room name=\"R\">\
             <event id=\"2\"><start>10:00</start><duration>00:30</duration><title>Sun</title></event>\
             <event id=\"3\"><start>02:30</start><title>In the gap</title></event>\
             </room></day>",
        );
        let (schedule, _) = parse(&text, &ImportOptions::default()).unwrap();
        let starts: Vec<String> = schedule
            .sessions
            .iter()
            .map(|s| s.start.to_rfc3339())
            .collect();
        assert_eq!(
            starts,
            [
                "2024-03-30T10:00:00+01:00",
                "2024-03-31T10:00:00+02:00",
                // 02:30 does not exist that night: read as 03:30 summer time.
                "2024-03-31T03:30:00+02:00"
            ]
        );
    }

    #[test]
    fn dates_at_the_edge_of_the_calendar_are_errors_not_panics() {
        for (date, start) in [
            ("262143-12-31", "23:59"),
            ("-262143-01-01", "00:00"),
            ("+262142-12-31", "23:00"),
            ("0001-01-01", "00:00"),
        ] {
            let text = pentabarf(&format!(
                "<day index=\"1\" date=\"{date}\"><room name=\"R\"><event id=\"1\">\
                 <start>{start}</start><duration>99:59</duration><title>Edge</title></event>\
                 </room></day>"
            ));
            let result = parse(&text, &ImportOptions::default());
            assert!(result.is_err(), "{date}: {result:?}");
        }
        for date in [
            "9999-12-31T23:59:59+14:00",
            "9999-12-31T23:59:59-14:00",
            "0000-01-01T00:00:00-12:00",
            "+262142-12-31T23:00:00",
        ] {
            let text = pentabarf(&format!(
                "<day index=\"1\" date=\"2024-01-01\"><room name=\"R\"><event id=\"1\">\
                 <date>{date}</date><duration>99:59</duration><title>Edge</title></event>\
                 </room></day>"
            ));
            // Accepted or refused, but usable without a panic.
            if let Ok((schedule, _)) = parse(&text, &ImportOptions::default()) {
                assert_eq!(schedule.days().len(), 1);
            }
        }
    }

    #[test]
    fn frab_single_quotes_without_zone_take_a_zone_from_the_offsets() {
        let text = "<?xml version='1.0' encoding='utf-8'?>\n<schedule>\
            <generator name='frab' version='0.7'/><version>Gacrux</version>\
            <conference><acronym>camp2023</acronym><title>Camp</title></conference>\
            <day index='1' date='2023-08-15' start='2023-08-15T10:00:00+02:00' end='2023-08-16T03:00:00+02:00'>\
            <room name='Lakeside Village' guid='r1'>\
            <event guid='e1' id='101'><date>2023-08-15T23:30:00+02:00</date><start>23:30</start>\
            <duration>02:00</duration><title>Late</title><persons><person id='9'>Ada</person></persons>\
            <links><link href='https://example.org/x'>Video</link></links>\
            <recording><license/><optout>false</optout></recording></event>\
            <event guid='e2' id='102'><date>2023-08-16T01:00:00+02:00</date><start>01:00</start>\
            <duration>00:30</duration><title>Later</title></event>\
            </room></day></schedule>";
        assert!(sniff(text));
        let (schedule, warnings) = parse(text, &ImportOptions::default()).unwrap();
        assert_eq!(schedule.conference.time_zone.name(), "Etc/GMT-2");
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("assumed UTC+02:00 from its offsets")),
            "{warnings:?}"
        );
        // The day starts at 10:00: the 01:00 session stays on the 15th.
        assert_eq!(schedule.days().len(), 1);
        assert_eq!(schedule.conference.day_change.to_string(), "10:00:00");
        let late = &schedule.sessions[0];
        assert_eq!(late.links[0].title.as_deref(), Some("Video"));
        assert_eq!(late.speaker_names(), "Ada");
    }

    #[test]
    fn pretalx_talks_listed_under_the_next_day_bend_the_day_change() {
        // pretalx days run 04:00 to 03:59, but a talk at 03:00-03:59 is listed under the
        // next day.
        let text = "<!-- Made with love by pretalx --><schedule>\
            <generator name=\"pretalx\" version=\"2.3.2\"/>\
            <conference><acronym>2025</acronym><title>Night Conf</title>\
            <time_zone_name>Europe/Berlin</time_zone_name></conference>\
            <day index=\"1\" date=\"2025-05-01\" start=\"2025-05-01T04:00:00+02:00\" end=\"2025-05-02T03:59:00+02:00\">\
            <room name=\"A\"><event guid=\"g1\" id=\"1\" code=\"ABCDEF\">\
            <date>2025-05-01T10:00:00+02:00</date><duration>00:30</duration><title>Day one</title></event>\
            </room></day>\
            <day index=\"2\" date=\"2025-05-02\" start=\"2025-05-02T04:00:00+02:00\" end=\"2025-05-03T03:59:00+02:00\">\
            <room name=\"A\"><event id=\"2\" code=\"GHIJKL\">\
            <date>2025-05-02T03:30:00+02:00</date><duration>00:30</duration><title>Early bird</title></event>\
            </room></day></schedule>";
        assert!(sniff(text));
        let (schedule, warnings) = parse(text, &ImportOptions::default()).unwrap();
        assert_eq!(schedule.conference.id, "night-conf");
        // Without a guid, the pretalx code is the id.
        assert_eq!(schedule.sessions[1].id.0, "GHIJKL");
        assert_eq!(schedule.conference.day_change.to_string(), "03:30:00");
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("day change set to 03:30")),
            "{warnings:?}"
        );
        let days = schedule.days();
        assert_eq!(days.len(), 2);
        assert_eq!(days[1].date.to_string(), "2025-05-02");
        assert_eq!(days[1].sessions, vec![1]);
    }

    #[test]
    fn wafer_without_event_dates_counts_from_the_local_day_not_the_utc_date() {
        // day@date is the UTC date of the day start, one day before the local date.
        let text = "<schedule><generator name=\"wafer\"/><conference><title>Backwater Camp</title>\
            <time_zone_name>Asia/Kolkata</time_zone_name></conference>\
            <day date=\"2023-09-09\" start=\"2023-09-09T21:30:00+00:00\" index=\"1\">\
            <room name=\"Lotus Hall\"><event id=\"41\"><start>10:30</start><duration>00:20</duration>\
            <title>Opening</title></event><event id=\"42\"><start>01:00</start>\
            <title>Late</title></event></room></day></schedule>";
        let (schedule, _) = parse(text, &ImportOptions::default()).unwrap();
        assert_eq!(
            schedule.sessions[0].start.to_rfc3339(),
            "2023-09-10T10:30:00+05:30"
        );
        assert_eq!(
            schedule.sessions[1].start.to_rfc3339(),
            "2023-09-11T01:00:00+05:30"
        );
        assert_eq!(schedule.days().len(), 1);
    }
}
