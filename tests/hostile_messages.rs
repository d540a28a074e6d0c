//! Every error and warning of every reader, fed hostile values (terminal escapes, C1 controls,
//! bidi overrides, a 10,000-character value): no message carries a control character, none is
//! longer than a screen, and each still says what was wrong and where.

use hallway::formats::{self, ImportOptions};

/// The values a hostile file puts where a message will quote it.
const HOSTILE: [&str; 5] = [
    "P\u{1b}]52;c;aGVsbG8=\u{7}",
    "\u{1b}]0;owned\u{7}\u{1b}[2J",
    "x\u{9b}31m",
    "\u{202e}evil",
    "", // replaced by the long value below
];

fn hostile_values() -> Vec<String> {
    let mut values: Vec<String> = HOSTILE[..4].iter().map(|v| v.to_string()).collect();
    values.push("9".repeat(10_000));
    values
}

/// What an unsafe character is for this test: any control (C0, DEL, C1) or bidi control.
fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Whether a message is an error or a warning.
#[derive(Clone, Copy, Debug)]
enum Kind {
    Error,
    Warning,
}

/// One reproduction: a document with `@V@` where the hostile value goes (`@J@` for the value
/// as a JSON string, `@R@` as a RON one), what the message must say, and whether it is an error or a warning.
struct Case {
    name: &'static str,
    template: String,
    says: &'static [&'static str],
    kind: Kind,
}

fn frab_xml(conference: &str, day: &str, event: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?><schedule><conference><title>T</title>{conference}</conference>\
         {day}<room name=\"R\">{event}\
         <event id=\"2\"><start>11:00</start><duration>00:30</duration><title>B</title></event>\
         </room></day></schedule>"
    )
}

const XML_ZONE: &str = "<time_zone_name>Europe/Brussels</time_zone_name>";
const XML_DAY: &str = "<day index=\"1\" date=\"2024-02-03\">";
const XML_EVENT: &str =
    "<event id=\"1\"><start>10:00</start><duration>00:30</duration><title>A</title></event>";

fn frab_json(conference: &str, day: &str, event: &str) -> String {
    format!(
        "{{\"schedule\": {{\"version\": \"1\", \"conference\": {{\"title\": \"T\"{conference}, \
         \"days\": [{{\"index\": 1{day}, \"rooms\": {{\"R\": [{event}, \
         {{\"id\": 2, \"guid\": \"g2\", \"title\": \"B\", \"date\": \"2024-02-03T11:00:00+01:00\", \
         \"start\": \"11:00\", \"duration\": \"00:30\"}}]}}}}]}}}}}}"
    )
}

const JSON_ZONE: &str = ", \"time_zone_name\": \"Europe/Brussels\"";
const JSON_DAY: &str = ", \"date\": \"2024-02-03\"";
const JSON_EVENT: &str = "{\"id\": 1, \"guid\": \"g1\", \"title\": \"A\", \
     \"date\": \"2024-02-03T10:00:00+01:00\", \"start\": \"10:00\", \"duration\": \"00:30\"}";

fn ical(event: &str) -> String {
    format!(
        "BEGIN:VCALENDAR\r\nPRODID:-//Test//EN\r\nBEGIN:VEVENT\r\n{event}END:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20240320T110000Z\r\nDTEND:20240320T120000Z\r\n\
         SUMMARY:B\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
}

fn sessionize(first: &str) -> String {
    format!(
        "{{\"sessions\": [{first}, {{\"id\": \"2\", \"title\": \"B\", \
         \"startsAt\": \"2024-03-20T11:00:00\", \"endsAt\": \"2024-03-20T12:00:00\"}}], \
         \"speakers\": [], \"rooms\": [], \"categories\": []}}"
    )
}

fn ron(day_change: &str, first_id: &str, second_id: &str) -> String {
    format!(
        "(version: 1, conference: (id: \"demo\", title: \"Demo\", time_zone: \"Europe/Paris\", \
         day_change: {day_change}), sessions: [\
         (id: {first_id}, title: \"A\", start: \"2024-03-20T09:00:00+01:00\"), \
         (id: {second_id}, title: \"B\", start: \"2024-03-20T10:00:00+01:00\")])"
    )
}

fn cases() -> Vec<Case> {
    use Kind::*;
    let event = |e: &str| e.to_string();
    vec![
        // frab XML
        Case {
            name: "xml duration",
            template: frab_xml(XML_ZONE, XML_DAY, &XML_EVENT.replace("00:30", "@V@")),
            says: &["event 1", "duration '"],
            kind: Error,
        },
        Case {
            name: "xml start",
            template: frab_xml(XML_ZONE, XML_DAY, &XML_EVENT.replace("10:00", "@V@")),
            says: &["event 1", "start '"],
            kind: Error,
        },
        Case {
            name: "xml event date",
            template: frab_xml(
                XML_ZONE,
                XML_DAY,
                &XML_EVENT.replace("<title>", "<date>@V@</date><title>"),
            ),
            says: &["event 1", "date '"],
            kind: Error,
        },
        Case {
            name: "xml day date",
            template: frab_xml(XML_ZONE, "<day index=\"1\" date=\"@V@\">", XML_EVENT),
            says: &["day 1", "date '"],
            kind: Error,
        },
        Case {
            name: "xml day index",
            template: frab_xml(
                XML_ZONE,
                "<day index=\"@V@\" date=\"2024-02-3x\">",
                XML_EVENT,
            ),
            says: &["day ", "date '2024-02-3x'"],
            kind: Error,
        },
        Case {
            name: "xml day_change",
            template: frab_xml(
                &format!("{XML_ZONE}<day_change>@V@</day_change>"),
                XML_DAY,
                XML_EVENT,
            ),
            says: &["day_change '"],
            kind: Error,
        },
        Case {
            name: "xml event id",
            template: frab_xml(
                XML_ZONE,
                XML_DAY,
                &XML_EVENT
                    .replace("id=\"1\"", "id=\"@V@\"")
                    .replace("00:30", "0:3x"),
            ),
            says: &["event ", "duration '0:3x'"],
            kind: Error,
        },
        Case {
            name: "xml time zone",
            template: frab_xml("<time_zone_name>@V@</time_zone_name>", XML_DAY, XML_EVENT),
            says: &["time_zone_name '"],
            kind: Warning,
        },
        Case {
            name: "xml skipped title",
            template: frab_xml(
                XML_ZONE,
                XML_DAY,
                &format!("{XML_EVENT}<event id=\"3\"><title>@V@</title></event>"),
            ),
            says: &["without a start"],
            kind: Warning,
        },
        Case {
            name: "xml duplicate id",
            template: frab_xml(
                XML_ZONE,
                XML_DAY,
                &format!(
                    "{}{}",
                    XML_EVENT.replace("id=\"1\"", "id=\"@V@\""),
                    XML_EVENT
                        .replace("id=\"1\"", "id=\"@V@\"")
                        .replace("10:00", "10:30")
                ),
            ),
            says: &["duplicate id"],
            kind: Warning,
        },
        // frab JSON
        Case {
            name: "json duration",
            template: frab_json(JSON_ZONE, JSON_DAY, &JSON_EVENT.replace("\"00:30\"", "@J@")),
            says: &["event 1", "duration '"],
            kind: Error,
        },
        Case {
            name: "json date",
            template: frab_json(
                JSON_ZONE,
                JSON_DAY,
                &JSON_EVENT.replace("\"2024-02-03T10:00:00+01:00\"", "@J@"),
            ),
            says: &["event 1", "date '"],
            kind: Error,
        },
        Case {
            name: "json room",
            template: frab_json(
                JSON_ZONE,
                JSON_DAY,
                &JSON_EVENT.replace("\"00:30\"", "\"x\""),
            )
            .replace("{\"R\":", "{@J@:"),
            says: &["event 1", "duration 'x'"],
            kind: Error,
        },
        Case {
            name: "json event id",
            template: frab_json(
                JSON_ZONE,
                JSON_DAY,
                &JSON_EVENT
                    .replace("\"id\": 1", "\"id\": @J@")
                    .replace("\"00:30\"", "\"x\""),
            ),
            says: &["event ", "duration 'x'"],
            kind: Error,
        },
        Case {
            name: "json day start",
            template: frab_json(
                JSON_ZONE,
                &format!("{JSON_DAY}, \"day_start\": @J@"),
                JSON_EVENT,
            ),
            says: &["day 1", "start '"],
            kind: Error,
        },
        Case {
            name: "json time zone",
            template: frab_json(", \"time_zone_name\": @J@", JSON_DAY, JSON_EVENT),
            says: &["time_zone_name '"],
            kind: Warning,
        },
        Case {
            name: "json duplicate guid",
            template: frab_json(
                JSON_ZONE,
                JSON_DAY,
                &format!(
                    "{}, {}",
                    JSON_EVENT
                        .replace("\"g1\"", "@J@")
                        .replace("\"id\": 1", "\"id\": 7"),
                    JSON_EVENT
                        .replace("\"g1\"", "@J@")
                        .replace("\"id\": 1", "\"id\": 7")
                        .replace("10:00", "10:30")
                ),
            ),
            says: &["duplicate id"],
            kind: Warning,
        },
        // iCalendar
        Case {
            name: "ics DTSTART",
            template: ical(&event(
                "UID:a\r\nDTSTART:@V@\r\nDTEND:20240320T100000Z\r\nSUMMARY:A\r\n",
            )),
            says: &["line 5", "DTSTART '"],
            kind: Error,
        },
        Case {
            name: "ics DURATION",
            template: ical(&event(
                "UID:a\r\nDTSTART:20240320T090000Z\r\nDURATION:P@V@\r\nSUMMARY:A\r\n",
            )),
            says: &["line 6", "DURATION 'P"],
            kind: Error,
        },
        Case {
            name: "ics BEGIN",
            template: ical(&event(
                "UID:a\r\nBEGIN:@V@\r\nDTSTART:20240320T090000Z\r\nSUMMARY:A\r\n",
            )),
            says: &["line ", "BEGIN:"],
            kind: Error,
        },
        Case {
            name: "ics END",
            template: ical(&event(
                "UID:a\r\nDTSTART:20240320T090000Z\r\nSUMMARY:A\r\nEND:@V@\r\n",
            )),
            says: &["line 7", "END:"],
            kind: Error,
        },
        Case {
            name: "ics first line",
            template: "@V@\r\nBEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".into(),
            says: &[],
            kind: Error,
        },
        Case {
            name: "ics TZID",
            template: ical(&event(
                "UID:a\r\nDTSTART;TZID=@V@:20240320T090000\r\nDTEND;TZID=@V@:20240320T100000\r\n\
                 SUMMARY:A\r\n",
            )),
            says: &["TZID '", "not a known time zone"],
            kind: Warning,
        },
        Case {
            name: "ics duplicate UID",
            template: ical(&event(
                "UID:@V@\r\nDTSTART:20240320T090000Z\r\nDTEND:20240320T100000Z\r\nSUMMARY:A\r\n\
                 END:VEVENT\r\nBEGIN:VEVENT\r\nUID:@V@\r\nDTSTART:20240320T093000Z\r\n\
                 SUMMARY:A2\r\n",
            )),
            says: &["duplicate id"],
            kind: Warning,
        },
        // Sessionize
        Case {
            name: "sessionize startsAt",
            template: sessionize("{\"id\": \"1\", \"title\": \"A\", \"startsAt\": @J@}"),
            says: &["sessions[0]", "startsAt"],
            kind: Error,
        },
        Case {
            name: "sessionize endsAt",
            template: sessionize(
                "{\"id\": \"1\", \"title\": \"A\", \"startsAt\": \"2024-03-20T09:00:00\", \
                 \"endsAt\": @J@}",
            ),
            says: &["sessions[0]", "endsAt"],
            kind: Error,
        },
        Case {
            name: "sessionize id",
            template: sessionize("{\"id\": @J@, \"title\": \"A\", \"startsAt\": \"x\"}"),
            says: &["sessions[0] (id '", "startsAt"],
            kind: Error,
        },
        Case {
            name: "sessionize unscheduled",
            template: sessionize("{\"id\": \"1\", \"title\": @J@, \"startsAt\": null}"),
            says: &["unscheduled"],
            kind: Warning,
        },
        Case {
            name: "sessionize duplicate id",
            template: sessionize(
                "{\"id\": \"2\", \"title\": @J@, \"startsAt\": \"2024-03-20T09:00:00\"}",
            )
            .replace("\"id\": \"2\"", "\"id\": @J@"),
            says: &["duplicate id"],
            kind: Warning,
        },
        // RON
        Case {
            name: "ron day_change",
            template: ron("@R@", "\"a\"", "\"b\""),
            says: &["line 1", "is not HH:MM"],
            kind: Error,
        },
        Case {
            name: "ron duplicate id",
            template: ron("\"05:00\"", "@R@", "@R@"),
            says: &["is used more than once"],
            kind: Error,
        },
    ]
}

/// The messages one document gives: its error, or its warnings.
fn messages(text: &str, kind: Kind) -> Vec<String> {
    match (formats::import(text, &ImportOptions::default()), kind) {
        (Err(e), Kind::Error) => vec![e.to_string()],
        (Ok(imported), Kind::Warning) => imported.warnings,
        (Err(e), Kind::Warning) => panic!("expected warnings, got the error {e}"),
        (Ok(imported), Kind::Error) => panic!("expected an error, got {:?}", imported.warnings),
    }
}

#[test]
fn every_message_of_every_reader_quotes_hostile_values_safely() {
    let mut checked = 0;
    for case in cases() {
        for value in hostile_values() {
            let json = serde_json::to_string(&value).unwrap();
            let text = case
                .template
                .replace("@V@", &value)
                .replace("@J@", &json)
                .replace("@R@", &format!("{value:?}"));
            let shown: String = value.chars().take(12).collect();
            let what = format!("{} with {shown:?}", case.name);
            let messages = messages(&text, case.kind);
            let relevant: Vec<&String> = messages
                .iter()
                .filter(|m| case.says.iter().all(|s| m.contains(s)))
                .collect();
            assert!(
                !relevant.is_empty(),
                "{what}: no message says {:?}: {messages:?}",
                case.says
            );
            for message in &messages {
                assert!(
                    !message.chars().any(is_unsafe),
                    "{what}: a control character in {message:?}"
                );
                assert!(
                    message.chars().count() < 1200,
                    "{what}: {} characters in a message: {}…",
                    message.chars().count(),
                    message.chars().take(300).collect::<String>()
                );
            }
            checked += 1;
        }
    }
    assert_eq!(checked, cases().len() * 5);
}
