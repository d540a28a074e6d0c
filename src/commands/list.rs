//! `hallway list`: every session in timeline order, as text or JSON; the line and the object
//! for one session that the other commands print too; and with `--facets`, the values the
//! filter flags take, with their counts.

use super::{Context, FilterArgs, passes, print};
use crate::filter::{Facet, Filter, values_of};
use crate::model::{Schedule, Session};
use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;
use color_eyre::eyre::Result;
use serde_json::{Value, json};
use unicode_width::UnicodeWidthStr;

/// The arguments of `hallway list`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// One JSON object per line: id, title, speakers, start, end, day, room, track, kind.
    #[arg(long)]
    json: bool,
    /// Instead of sessions, each facet's values (source, track, room, kind, language, day) with how many
    /// sessions have them; the counts follow the other filter flags. With --json, one object per
    /// line: facet, value, key, count.
    #[arg(long)]
    facets: bool,
    #[command(flatten)]
    filter: FilterArgs,
}

/// Prints every session of the schedule that passes the filter, or with `--facets` the values
/// of each facet.
pub fn run(args: &Args, cx: &mut Context) -> Result<()> {
    // The JSON objects hold the abstracts, which a library copy's cache leaves unread.
    if args.json {
        cx.read_all_abstracts()?;
    }
    let filter = args.filter.filter(cx)?;
    if args.facets {
        return print(&facets(&cx.schedule, &filter, args.json));
    }
    // Written as it is made: the JSON of 100,000 sessions is 140 MB.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = write_passing(&cx.schedule, &filter, cx.zone, args.json, &mut out)
        .and_then(|()| std::io::Write::flush(&mut out));
    match written {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// The documented JSON object for one session (`hallway list --json`): id, title, speakers
/// (names), start and end (RFC 3339 with the offset of `zone`; end null when unknown), day
/// (the conference-local date the session belongs to), room, track, kind, and source: the label
/// of the schedule it comes from among several opened as one, else the conference's id (with
/// `also`, the other sources that list it, when there are any); then subtitle, url (the
/// session's page) and abstract (plain text, `""` when there is none), and `organisations`,
/// each speaker's organisation or null, in the order of `speakers`.
pub fn session_json(schedule: &Schedule, session: &Session, zone: Tz) -> Value {
    let at = |t: DateTime<FixedOffset>| t.with_timezone(&zone).fixed_offset().to_rfc3339();
    let mut object = json!({
        "id": session.id.0,
        "title": session.title,
        "speakers": session.speakers.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        "organisations": session
            .speakers
            .iter()
            .map(|s| s.organisation.as_deref())
            .collect::<Vec<_>>(),
        "start": at(session.start),
        "end": session.end.map(at),
        "day": schedule.day_of(session).format("%Y-%m-%d").to_string(),
        "room": session.room.as_ref().map(|r| r.0.as_str()),
        "track": session.track.as_ref().map(|t| t.0.as_str()),
        "kind": session.kind,
        "source": session.source().unwrap_or(&schedule.conference.id),
        "subtitle": session.subtitle,
        "url": session.url(),
        "abstract": session.abstract_text,
    });
    if let Some(origin) = session.origin.as_deref().filter(|o| !o.also.is_empty()) {
        object["also"] = json!(
            origin
                .also
                .iter()
                .map(|(l, _)| l.as_str())
                .collect::<Vec<_>>()
        );
    }
    object
}

/// One human-readable line for a session: "Wed 20 Mar 10:25–11:00  Room  Title — Speakers".
pub fn session_line(session: &Session, zone: Tz) -> String {
    let start = session.start.with_timezone(&zone);
    let mut line = start.format("%a %-d %b %H:%M").to_string();
    match session.end {
        Some(end) => line.push_str(&end.with_timezone(&zone).format("–%H:%M").to_string()),
        None => line.push_str("      "),
    }
    line.push_str("  ");
    if let Some(source) = session.source() {
        line.push('[');
        line.push_str(source);
        line.push_str("]  ");
    }
    if let Some(room) = &session.room {
        line.push_str(&room.0);
        line.push_str("  ");
    }
    line.push_str(&session.title);
    if !session.speakers.is_empty() {
        line.push_str(" — ");
        line.push_str(&session.speaker_names());
    }
    line
}

/// Every session in timeline order, as lines of text or of JSON.
pub fn list(schedule: &Schedule, zone: Tz, as_json: bool) -> String {
    list_passing(schedule, &Filter::default(), zone, as_json)
}

/// The sessions passing the filter in timeline order, as lines of text or of JSON.
pub fn list_passing(schedule: &Schedule, filter: &Filter, zone: Tz, as_json: bool) -> String {
    let mut out = Vec::new();
    // Writing to memory does not fail, and what is written is text.
    let _ = write_passing(schedule, filter, zone, as_json, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// `list_passing`, written to `out` a line at a time.
pub fn write_passing(
    schedule: &Schedule,
    filter: &Filter,
    zone: Tz,
    as_json: bool,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    for day in schedule.days() {
        for &index in &day.sessions {
            let session = &schedule.sessions[index];
            if !passes(filter, schedule, session) {
                continue;
            }
            if as_json {
                serde_json::to_writer(&mut *out, &session_json(schedule, session, zone))?;
            } else {
                out.write_all(session_line(session, zone).as_bytes())?;
            }
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}

/// Each facet's values with the number of sessions that have them and pass the filter's other
/// facets (`hallway list --facets`), in the schedule's order (days by date, "no value" last).
/// Values no session passing the rest has are listed with 0, so a script sees every value.
///
/// Text: a table per facet, the value (and for a day its number and date, what `--day` takes)
/// then the count. JSON, one object per line: `facet` (the flag's name: source, track, room, kind,
/// language, day), `value` (as the schedule spells it, which the flag accepts), `key` (what it
/// is matched by: lower case without accents, "" for no value, the date for a day) and
/// `count`.
pub fn facets(schedule: &Schedule, filter: &Filter, as_json: bool) -> String {
    let none = std::collections::BTreeSet::new();
    let mut out = String::new();
    let several = schedule.sessions.iter().any(|s| s.origin.is_some());
    for facet in Facet::ALL {
        // One schedule on its own has no sources to choose among.
        if facet == Facet::Source && !several {
            continue;
        }
        let values = values_of(schedule, facet, filter, &none, None);
        if as_json {
            for value in &values {
                let object = json!({
                    "facet": facet.name(),
                    "value": value.label,
                    "key": value.key,
                    "count": value.count,
                });
                out.push_str(&object.to_string());
                out.push('\n');
            }
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        let shown: Vec<String> = values
            .iter()
            .enumerate()
            .map(|(i, value)| match facet {
                Facet::Day => format!("{}  {}  {}", i + 1, value.key, value.label),
                _ => value.label.clone(),
            })
            .collect();
        out.push_str(&format!(
            "{} ({})\n",
            facet.name(),
            super::count(values.len(), "value")
        ));
        let width = shown.iter().map(|s| s.width()).max().unwrap_or(0);
        let digits = values
            .iter()
            .map(|v| v.count.to_string().len())
            .max()
            .unwrap_or(1);
        for (text, value) in shown.iter().zip(&values) {
            let pad = " ".repeat(width - text.width());
            out.push_str(&format!("  {text}{pad}  {:>digits$}\n", value.count));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::tests::bundled;

    #[test]
    fn list_json_is_one_stable_object_per_line() {
        let schedule = bundled();
        let text = list(&schedule, schedule.conference.time_zone, true);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 7);
        assert_eq!(
            lines[0],
            r#"{"id":"istio-day-istio-and-dns","title":"Istio and DNS","speakers":["Costin Manolache"],"organisations":["Google"],"start":"2024-03-19T16:25:00+01:00","end":null,"day":"2024-03-19","room":null,"track":"Istio Day","kind":"talk","source":"kubecon-eu-2024","subtitle":null,"url":null,"abstract":"How Istio deals with DNS for the workloads in a mesh, from Costin Manolache of Google. Part of Istio Day, the co-located event held the day before the main conference."}"#
        );
    }

    #[test]
    fn json_has_the_page_subtitle_and_each_speakers_organisation() {
        use crate::model::{Link, Speaker};
        let mut schedule = bundled();
        let session = &mut schedule.sessions[0];
        session.subtitle = Some("A subtitle".to_string());
        session.speakers.push(Speaker {
            name: "Ann Roe".to_string(),
            organisation: None,
        });
        // Labelled links (slides) are not the page, even when listed first.
        session.links = vec![
            Link {
                url: "https://example.org/slides.pdf".to_string(),
                title: Some("Slides".to_string()),
            },
            Link {
                url: "https://example.org/talk/1".to_string(),
                title: None,
            },
        ];
        let object = session_json(&schedule, &schedule.sessions[0], chrono_tz::UTC);
        assert_eq!(object["url"], "https://example.org/talk/1");
        assert_eq!(object["subtitle"], "A subtitle");
        assert_eq!(object["speakers"], json!(["Costin Manolache", "Ann Roe"]));
        assert_eq!(object["organisations"], json!(["Google", null]));
        schedule.sessions[0].links.truncate(1);
        let object = session_json(&schedule, &schedule.sessions[0], chrono_tz::UTC);
        assert_eq!(object["url"], Value::Null);
    }

    #[test]
    fn another_zone_changes_offsets_not_days() {
        let schedule = bundled();
        let text = list(&schedule, chrono_tz::Asia::Tokyo, true);
        let last: Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
        // 16:45 in Paris is 00:45 the next day in Tokyo; the session stays on the 22nd.
        assert_eq!(last["start"], "2024-03-23T00:45:00+09:00");
        assert_eq!(last["day"], "2024-03-22");
    }

    #[test]
    fn text_lines_say_when_where_and_who() {
        let schedule = bundled();
        let text = list(&schedule, schedule.conference.time_zone, false);
        assert!(text.contains("Fri 22 Mar 10:05        Cloud Native in its Next Decade — Lin Sun, Davanum Srinivas\n"), "{text}");
    }
}
