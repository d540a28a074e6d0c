//! `--format TEMPLATE` of `now` and `next`: one line per session from `{field}`s.

use crate::model::{Schedule, Session};
use chrono_tz::Tz;

/// The fields a `--format` template can name.
pub const TEMPLATE_FIELDS: &[&str] = &[
    "id", "title", "speakers", "room", "track", "kind", "day", "start", "end", "minutes", "source",
];

/// A `--format` template: text with `{field}` placeholders (`{{` and `}}` for braces), checked
/// once, before any session is printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Field(&'static str),
}

impl Template {
    /// Reads a template; an unknown field or an unclosed brace is an error that names it and
    /// lists the fields.
    pub fn parse(text: &str) -> Result<Template, String> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    literal.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    literal.push('}');
                }
                '{' => {
                    let mut name = String::new();
                    let mut closed = false;
                    for c in chars.by_ref() {
                        if c == '}' {
                            closed = true;
                            break;
                        }
                        name.push(c);
                    }
                    if !closed {
                        return Err(format!(
                            "'{{{name}' has no closing '}}' (write {{{{ for a brace)"
                        ));
                    }
                    let known = TEMPLATE_FIELDS.iter().find(|&&f| f == name.trim());
                    let Some(&field) = known else {
                        return Err(format!(
                            "'{{{name}}}' is not a field; the fields are {}",
                            fields_list()
                        ));
                    };
                    parts.push(Part::Text(std::mem::take(&mut literal)));
                    parts.push(Part::Field(field));
                }
                '}' => return Err("a '}' without its '{' (write }} for a brace)".into()),
                c => literal.push(c),
            }
        }
        parts.push(Part::Text(literal));
        Ok(Template { parts })
    }

    /// The line for one session; `minutes` is what `{minutes}` shows (left, or until it
    /// starts). Unknown values are empty.
    pub fn fill(
        &self,
        schedule: &Schedule,
        session: &Session,
        zone: Tz,
        minutes: Option<i64>,
    ) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Field(field) => out.push_str(&match *field {
                    "id" => session.id.0.clone(),
                    "title" => session.title.clone(),
                    "speakers" => session.speaker_names(),
                    "room" => session
                        .room
                        .as_ref()
                        .map(|r| r.0.clone())
                        .unwrap_or_default(),
                    "track" => session
                        .track
                        .as_ref()
                        .map(|t| t.0.clone())
                        .unwrap_or_default(),
                    "kind" => session.kind.clone().unwrap_or_default(),
                    "source" => session
                        .source()
                        .unwrap_or(&schedule.conference.id)
                        .to_string(),
                    "day" => schedule.day_of(session).format("%Y-%m-%d").to_string(),
                    "start" => session
                        .start
                        .with_timezone(&zone)
                        .format("%H:%M")
                        .to_string(),
                    "end" => session
                        .end
                        .map(|e| e.with_timezone(&zone).format("%H:%M").to_string())
                        .unwrap_or_default(),
                    "minutes" => minutes.map(|m| m.to_string()).unwrap_or_default(),
                    _ => String::new(),
                }),
            }
        }
        out
    }
}

fn fields_list() -> String {
    let names: Vec<String> = TEMPLATE_FIELDS.iter().map(|f| format!("{{{f}}}")).collect();
    names.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_name_their_mistakes() {
        let e = Template::parse("{titel}").unwrap_err();
        assert!(e.starts_with("'{titel}' is not a field"), "{e}");
        assert!(e.contains("{title}") && e.contains("{minutes}"), "{e}");
        assert!(
            Template::parse("a } b")
                .unwrap_err()
                .contains("without its '{'")
        );
        assert!(
            Template::parse("{title")
                .unwrap_err()
                .contains("'{title' has no closing '}'")
        );
        assert!(Template::parse("{{}}").is_ok());
    }
}
