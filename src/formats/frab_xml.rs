//! frab/Pentabarf schedule XML (FOSDEM, frab, pretalx, wafer/DebConf, c3voc): read with
//! quick-xml into a small element tree, then handed to the shared frab logic.
//!
//! Safe against hostile XML: quick-xml never expands entities declared in a DTD (a reference
//! to one is an error here, so "billion laughs" costs nothing), and the tree is built without
//! recursion and refused beyond `MAX_DEPTH` levels.

use super::frab::{self, RawConference, RawDay, RawEvent};
use super::{FormatError, ImportOptions, line_column, quote, strip_bom};
use crate::model::{Link, Schedule};
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;
use quick_xml::reader::Reader;
use std::borrow::Cow;

const FORMAT: &str = "frab XML";

/// Deeper than any frab file (schedule/day/room/event/persons/person is 6 levels).
const MAX_DEPTH: usize = 64;

/// One XML element: its name, attributes, direct text and children, and where it starts.
/// Text borrows from the document unless references or several chunks had to be joined.
#[derive(Debug, Default)]
struct Element<'a> {
    name: String,
    attributes: Vec<(String, String)>,
    text: Cow<'a, str>,
    children: Vec<Element<'a>>,
    /// The `<event>`s among the children of a `<day>` or of one of its `<room>`s, read as
    /// soon as each ends (see `adopt`), in document order.
    events: Vec<RawEvent>,
    offset: usize,
}

impl<'a> Element<'a> {
    /// Appends a piece of direct text. White space before any other text is dropped: it
    /// is the indentation between child elements, and every text is trimmed anyway.
    fn push_text(&mut self, piece: Cow<'a, str>) {
        if self.text.is_empty() {
            if !piece.trim().is_empty() {
                self.text = piece;
            }
        } else {
            self.text.to_mut().push_str(&piece);
        }
    }

    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    fn child(&self, name: &str) -> Option<&Element<'a>> {
        self.children.iter().find(|c| c.name == name)
    }

    fn children<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s Element<'a>> + 's {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// A child's text, trimmed (wafer indents every text node); `None` when absent.
    fn child_text(&self, name: &str) -> Option<String> {
        self.child(name).map(|c| c.text.trim().to_string())
    }
}

/// Reads a frab/Pentabarf schedule XML file. Unknown elements are ignored and children may
/// come in any order; `event/date` gives the instant when present, else `day@date` plus the
/// local `start`.
pub fn parse(text: &str, options: &ImportOptions) -> Result<(Schedule, Vec<String>), FormatError> {
    let text = strip_bom(text);
    let root = read_tree(text)?;
    if root.name != "schedule" {
        let (line, column) = line_column(text, root.offset);
        return Err(FormatError::Syntax {
            format: FORMAT,
            line,
            column,
            message: format!(
                "the root element is <{}>, not <schedule>",
                quote(&root.name)
            ),
        });
    }
    let conference = root
        .child("conference")
        .map(read_conference)
        .unwrap_or_default();
    let days = root
        .children
        .into_iter()
        .filter(|c| c.name == "day")
        .map(read_day)
        .collect();
    frab::build(FORMAT, conference, days, options)
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

fn syntax_error(text: &str, offset: u64, message: String) -> FormatError {
    let (line, column) = line_column(text, usize::try_from(offset).unwrap_or(usize::MAX));
    FormatError::Syntax {
        format: FORMAT,
        line,
        column,
        message,
    }
}

/// Builds the element tree of the whole document with an explicit stack (no recursion), so
/// that deep nesting can neither overflow the stack nor pass `MAX_DEPTH`.
fn read_tree(text: &str) -> Result<Element<'_>, FormatError> {
    let mut reader = Reader::from_str(text);
    // Mismatched end tags are errors (the default); text is trimmed later, per field, so
    // that newlines inside abstracts survive.
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let offset = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| syntax_error(text, reader.error_position(), e.to_string()))?;
        match event {
            Event::Start(_) | Event::Empty(_) if root.is_some() => {
                return Err(syntax_error(
                    text,
                    offset,
                    "content after the root element".to_string(),
                ));
            }
            Event::Start(start) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(syntax_error(
                        text,
                        offset,
                        format!("elements nested more than {MAX_DEPTH} deep"),
                    ));
                }
                stack.push(element(text, &start, offset)?);
            }
            Event::Empty(start) => {
                let element = element(text, &start, offset)?;
                adopt(text, &mut stack, &mut root, element);
            }
            Event::End(_) => {
                // quick-xml has checked that the end tag matches the open element.
                if let Some(done) = stack.pop() {
                    adopt(text, &mut stack, &mut root, done);
                }
            }
            Event::Text(content) => {
                if let Some(current) = stack.last_mut() {
                    current.push_text(content.xml10_content());
                } else if !content.xml10_content().trim().is_empty() {
                    return Err(syntax_error(
                        text,
                        offset,
                        "text outside the root element".to_string(),
                    ));
                }
            }
            Event::CData(content) => {
                if let Some(current) = stack.last_mut() {
                    current.push_text(content.xml10_content());
                }
            }
            Event::GeneralRef(reference) => {
                let resolved: Cow<'_, str> = match reference.resolve_char_ref() {
                    Ok(Some(c)) => Cow::Owned(c.to_string()),
                    Ok(None) => match resolve_predefined_entity(&reference) {
                        Some(value) => Cow::Borrowed(value),
                        // Entities declared in a DTD are never expanded (billion laughs).
                        None => {
                            return Err(syntax_error(
                                text,
                                offset,
                                format!("undefined entity '&{};'", quote(&reference)),
                            ));
                        }
                    },
                    Err(e) => return Err(syntax_error(text, offset, e.to_string())),
                };
                if let Some(current) = stack.last_mut() {
                    current.push_text(resolved);
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(syntax_error(
            text,
            u64::try_from(text.len()).unwrap_or(u64::MAX),
            format!("the file ends inside <{}>", quote(&open.name)),
        ));
    }
    root.ok_or_else(|| syntax_error(text, 0, "no root element".to_string()))
}

/// Gives an element that has ended to its parent (or makes it the root). An `<event>` of a
/// `<day>` or of a `<room>` of a day is read into a `RawEvent` at once and its elements are
/// dropped: a schedule's tree is then its days and rooms, not its 100,000 events with a
/// dozen elements each (which took five times the file's size).
fn adopt<'a>(
    text: &str,
    stack: &mut [Element<'a>],
    root: &mut Option<Element<'a>>,
    done: Element<'a>,
) {
    let in_day = match stack {
        [_, day] => day.name == "day",
        [_, day, room] => day.name == "day" && room.name == "room",
        _ => false,
    };
    match stack.last_mut() {
        Some(parent) if in_day && done.name == "event" => {
            let room = (parent.name == "room")
                .then(|| parent.attribute("name"))
                .flatten();
            let event = read_event(text, &done, room);
            parent.events.push(event);
        }
        Some(parent) => parent.children.push(done),
        None => *root = Some(done),
    }
}

fn name_text(name: QName<'_>) -> String {
    name.local_name().as_ref().to_string()
}

fn element<'a>(
    text: &str,
    start: &BytesStart<'_>,
    offset: u64,
) -> Result<Element<'a>, FormatError> {
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute =
            attribute.map_err(|e| syntax_error(text, offset, format!("bad attribute: {e}")))?;
        let value = attribute
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| syntax_error(text, offset, format!("bad attribute value: {e}")))?;
        attributes.push((name_text(attribute.key), value.into_owned()));
    }
    Ok(Element {
        name: name_text(start.name()),
        attributes,
        text: Cow::Borrowed(""),
        children: Vec::new(),
        events: Vec::new(),
        offset: usize::try_from(offset).unwrap_or(usize::MAX),
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

/// A day with its events (read as the tree was built, see `adopt`): those of its rooms,
/// room by room, then those straight under the day, as some generators put them.
fn read_day(day: Element) -> RawDay {
    let mut events = Vec::new();
    for room in day.children.into_iter().filter(|c| c.name == "room") {
        events.extend(room.events);
    }
    events.extend(day.events);
    let attribute = |name: &str| {
        day.attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
    };
    RawDay {
        index: attribute("index"),
        date: attribute("date"),
        start: attribute("start"),
        events,
    }
}

fn read_event(text: &str, event: &Element, room_name: Option<&str>) -> RawEvent {
    let attribute = |name: &str| event.attribute(name).map(|v| v.trim().to_string());
    let id = attribute("id");
    let guid = attribute("guid");
    let location = match (&id, &guid) {
        (Some(id), _) if !id.is_empty() => format!("event {}", quote(id)),
        (_, Some(guid)) if !guid.is_empty() => format!("event {}", quote(guid)),
        // Worked out only here: counting lines for every element would be quadratic.
        _ => format!("event at line {}", line_column(text, event.offset).0),
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
        abstract_text: event.child("abstract").map(|c| c.text.to_string()),
        description: event.child("description").map(|c| c.text.to_string()),
        persons: event
            .children("persons")
            .flat_map(|p| p.children("person"))
            .map(|p| p.text.to_string())
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
        match parse_default(text) {
            Err(FormatError::Syntax {
                line,
                column,
                message,
                ..
            }) => (line, column, message),
            other => panic!("expected a syntax error, got {other:?}"),
        }
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
