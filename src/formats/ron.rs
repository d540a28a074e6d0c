//! hallway's own schedule format: the model written as RON (docs/schedule-format.md).

use super::{FormatError, clean_schedule, strip_bom};
use crate::model::Schedule;
use ::ron::extensions::Extensions;
use ::ron::ser::PrettyConfig;

const FORMAT: &str = "RON schedule";

fn options() -> ::ron::Options {
    // `room: "Hall A"` reads as well as `room: Some("Hall A")`.
    ::ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

/// Reads a RON schedule, then checks what the types cannot (version, unique ids, ends after
/// starts) and cleans its text.
pub fn parse(text: &str) -> Result<Schedule, FormatError> {
    let mut schedule: Schedule =
        options()
            .from_str(strip_bom(text))
            .map_err(|e| FormatError::Syntax {
                format: FORMAT,
                line: e.span.start.line,
                column: e.span.start.col,
                message: error_message(&e.code),
            })?;
    let problems = schedule.problems();
    if !problems.is_empty() {
        return Err(FormatError::Invalid {
            format: FORMAT,
            message: problems.join("; "),
        });
    }
    clean_schedule(&mut schedule);
    Ok(schedule)
}

/// What a RON error says, worded for users: ron's own text for a nesting too deep tells a
/// developer to raise `recursion_limit` or use `serde_stacker`, which no user can do. Every
/// message that reports a RON error (schedules, the library's files, favourites, settings)
/// takes its text from here.
pub fn error_message(code: &::ron::Error) -> String {
    match code {
        ::ron::Error::ExceededRecursionLimit => {
            "values are nested too deeply (more than 128 levels): this is not a file hallway wrote"
                .to_string()
        }
        other => other.to_string(),
    }
}

/// Writes a schedule as readable RON that `parse` reads back unchanged.
pub fn write(schedule: &Schedule) -> Result<String, FormatError> {
    ::ron::ser::to_string_pretty(schedule, pretty()).map_err(|e| FormatError::Invalid {
        format: FORMAT,
        message: e.to_string(),
    })
}

/// `write` into `out` as it goes, without holding the text (a library copy of 100,000
/// sessions is 200 MB of it). The same text, byte for byte.
pub fn write_to(schedule: &Schedule, out: impl std::io::Write) -> Result<(), FormatError> {
    ::ron::Options::default()
        .to_io_writer_pretty(out, schedule, pretty())
        .map_err(|e| FormatError::Invalid {
            format: FORMAT,
            message: e.to_string(),
        })
}

fn pretty() -> PrettyConfig {
    PrettyConfig::new()
        .struct_names(false)
        .extensions(Extensions::IMPLICIT_SOME)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"(
    version: 1,
    conference: (
        id: "demo",
        title: "Demo Conf",
        time_zone: "Europe/Paris",
        city: "Paris",
        day_change: "05:00",
    ),
    sessions: [
        (
            id: "a",
            title: "Opening",
            speakers: [(name: "Zoë Müller", organisation: "Łódź Labs")],
            start: "2024-03-20T09:00:00+01:00",
            end: "2024-03-20T09:30:00+01:00",
            room: "Main Hall",
            kind: "keynote",
            abstract: "Welcome.",
        ),
        (
            id: "b",
            title: "Late \u{1b}[31mtalk",
            start: "2024-03-21T01:00:00+01:00",
        ),
    ],
)"#;

    #[test]
    fn written_as_it_goes_is_written_whole() {
        for text in [GOOD, include_str!("../../assets/kubecon-eu-2024.ron")] {
            let schedule = parse(text).unwrap();
            let mut out = Vec::new();
            write_to(&schedule, &mut out).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), write(&schedule).unwrap());
        }
    }

    #[test]
    fn reads_a_good_file_with_implicit_options() {
        let s = parse(GOOD).unwrap();
        assert_eq!(s.conference.time_zone, chrono_tz::Europe::Paris);
        assert_eq!(s.conference.day_change.to_string(), "05:00:00");
        assert_eq!(s.sessions[0].speakers[0].name, "Zoë Müller");
        assert_eq!(s.sessions[0].room.as_ref().unwrap().0, "Main Hall");
        assert_eq!(s.sessions[1].room, None);
        assert_eq!(s.sessions[1].end, None);
        // Control characters are gone after import.
        assert_eq!(s.sessions[1].title, "Late [31mtalk");
    }

    #[test]
    fn round_trips_through_write() {
        let s = parse(GOOD).unwrap();
        let text = write(&s).unwrap();
        assert_eq!(parse(&text).unwrap(), s);
    }

    fn error(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn syntax_errors_name_line_and_column() {
        let broken = GOOD.replace("title: \"Opening\",", "title: \"Opening\"");
        let e = error(&broken);
        assert_eq!(e, "RON schedule: line 14, column 13: Expected comma");
        let e =
            error("(version: 1, conference: (id: \"x\", title: \"X\", time_zone: \"Mars/Base\"))");
        assert!(e.contains("Mars/Base") || e.contains("time zone"), "{e}");
        let e = error(&GOOD.replace("2024-03-20T09:00:00+01:00", "2024-03-20 9am"));
        assert!(e.starts_with("RON schedule: line 15,"), "{e}");
        let e = error(&GOOD.replace("\"05:00\"", "\"5 o'clock\""));
        assert!(e.contains("'5 o'clock' is not HH:MM"), "{e}");
        let e = error(&GOOD.replace("title: \"Opening\",", ""));
        assert!(e.contains("title"), "{e}");
        let e = error(&GOOD[..GOOD.len() / 2]);
        assert!(e.starts_with("RON schedule: line"), "{e}");
    }

    #[test]
    fn semantic_errors_name_the_sessions() {
        let e = error(&GOOD.replace("id: \"b\"", "id: \"a\""));
        assert!(e.contains("session id 'a' is used more than once"), "{e}");
        let e = error(&GOOD.replace(
            "end: \"2024-03-20T09:30:00+01:00\"",
            "end: \"2024-03-20T08:30:00+01:00\"",
        ));
        assert!(
            e.contains("session 'a' ends (2024-03-20T08:30:00+01:00) before it starts"),
            "{e}"
        );
        let e = error(&GOOD.replace("version: 1", "version: 7"));
        assert!(e.contains("version 7 is not supported"), "{e}");
    }
}
