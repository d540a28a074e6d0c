//! What frab XML and frab JSON share: both readers turn their file into the neutral `Raw*`
//! structs below, and `build` does the rest once (zones, instants, durations, persons, day
//! change, ids, text), so the two formats cannot drift apart.

use super::html::html_to_text;
use super::{
    FormatError, ImportOptions, clean_conference, clean_line, clean_session, disambiguate_ids,
    quote, slug,
};
use crate::model::{
    Conference, Link, Room, SCHEDULE_FORMAT_VERSION, Schedule, Session, SessionId, Speaker, Track,
    default_day_change,
};
use crate::time::{parse_zone, resolve_local};
use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Timelike,
};
use chrono_tz::Tz;

/// The conference part of a frab schedule, as read.
#[derive(Debug, Default)]
pub(crate) struct RawConference {
    pub title: Option<String>,
    pub acronym: Option<String>,
    pub time_zone_name: Option<String>,
    /// `day_change` (FOSDEM's extension), `HH:MM` or `HH:MM:SS`.
    pub day_change: Option<String>,
    pub city: Option<String>,
    pub venue: Option<String>,
    pub url: Option<String>,
}

/// One `day` of a frab schedule with the events listed under it.
#[derive(Debug, Default)]
pub(crate) struct RawDay {
    pub index: Option<String>,
    /// `day@date` / `date`: a plain date (one day early in wafer files).
    pub date: Option<String>,
    /// `day@start` / `day_start`: a date-time with offset.
    pub start: Option<String>,
    pub events: Vec<RawEvent>,
}

/// One event as read, every field still text.
#[derive(Debug, Default)]
pub(crate) struct RawEvent {
    /// Where the event is, for messages ("event 1207").
    pub location: String,
    pub guid: Option<String>,
    pub code: Option<String>,
    pub id: Option<String>,
    /// The authoritative start: a date-time, normally with an offset.
    pub date: Option<String>,
    /// Conference-local wall clock, `HH:MM` or `HH:MM:SS`; used only without `date`.
    pub start: Option<String>,
    pub duration: Option<String>,
    /// frab JSON's optional end date-time.
    pub end: Option<String>,
    /// The event's own `room`, else the room it is listed under.
    pub room: Option<String>,
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub track: Option<String>,
    pub kind: Option<String>,
    pub language: Option<String>,
    pub abstract_text: Option<String>,
    pub description: Option<String>,
    pub persons: Vec<String>,
    pub url: Option<String>,
    pub links: Vec<Link>,
}

/// Converts what a frab reader found into a cleaned, checked schedule and its warnings.
pub(crate) fn build(
    format: &'static str,
    conference: RawConference,
    days: Vec<RawDay>,
    options: &ImportOptions,
) -> Result<(Schedule, Vec<String>), FormatError> {
    let mut warnings = Vec::new();
    let zone = match named_zone(&conference, options, &mut warnings) {
        Some(zone) => zone,
        None => {
            // Older frab and merged files give offsets only: the first one found stands for
            // the whole file (a DST change would then show one hour off; --tz fixes it).
            let offset = days
                .iter()
                .flat_map(|day| {
                    std::iter::once(day.start.as_deref())
                        .chain(day.events.iter().map(|e| e.date.as_deref()))
                })
                .flatten()
                .find_map(|text| DateTime::parse_from_rfc3339(text.trim()).ok())
                .map(|t| t.offset().local_minus_utc());
            offset_zone(offset, &mut warnings)
        }
    };
    let mut builder = Builder::new(format, &conference, zone, warnings)?;
    for (position, day) in days.into_iter().enumerate() {
        let listed = builder.day(position, &day)?;
        for event in day.events {
            builder.event(&listed, event)?;
        }
    }
    builder.finish(conference)
}

/// A day as `Builder::event` needs it: its label date and where wall-clock starts roll over.
pub(crate) struct ListedDay {
    label: Option<NaiveDate>,
    rollover: Option<NaiveTime>,
}

/// Turns frab events into sessions one at a time, as a reader meets them, so that a reader
/// need not keep every event of a large file: the zone and the conference's day change must
/// be known first. `build` is the whole sequence for a reader that has everything at once.
pub(crate) struct Builder {
    format: &'static str,
    zone: Tz,
    source_change: Option<NaiveTime>,
    warnings: Vec<String>,
    sessions: Vec<Session>,
    /// The conference day each session is listed under, parallel to `sessions`.
    listed_days: Vec<Option<NaiveDate>>,
    first_day_start: Option<NaiveTime>,
    skipped: Vec<String>,
    without_end: usize,
    without_id: usize,
    untitled: usize,
}

impl Builder {
    /// Starts a schedule in `zone` (resolved by the reader, with the warnings that took);
    /// fails on a conference `day_change` that is not a time.
    pub(crate) fn new(
        format: &'static str,
        conference: &RawConference,
        zone: Tz,
        warnings: Vec<String>,
    ) -> Result<Builder, FormatError> {
        let source_change = match conference.day_change.as_deref().map(str::trim) {
            Some(text) if !text.is_empty() => {
                Some(parse_time_of_day(text).ok_or_else(|| FormatError::Invalid {
                    format,
                    message: format!(
                        "conference: day_change '{text}' is not HH:MM",
                        text = quote(text)
                    ),
                })?)
            }
            _ => None,
        };
        Ok(Builder {
            format,
            zone,
            source_change,
            warnings,
            sessions: Vec::new(),
            listed_days: Vec::new(),
            first_day_start: None,
            skipped: Vec::new(),
            without_end: 0,
            without_id: 0,
            untitled: 0,
        })
    }

    /// Reads the `position`-th day's own fields (not its events, which may be empty here);
    /// its events then go to `event` with what this returns.
    pub(crate) fn day(&mut self, position: usize, day: &RawDay) -> Result<ListedDay, FormatError> {
        let format = self.format;
        let invalid = |message: String| FormatError::Invalid { format, message };
        let zone = self.zone;
        let day_name = match &day.index {
            Some(index) => format!("day {}", quote(index)),
            None => format!("day #{}", position + 1),
        };
        let day_start = match day.start.as_deref().map(str::trim) {
            Some(text) if !text.is_empty() => Some(
                parse_date_time(text, zone)
                    .ok_or_else(|| {
                        invalid(format!(
                            "{day_name}: start '{text}' is not a date-time",
                            text = quote(text)
                        ))
                    })?
                    .with_timezone(&zone)
                    .naive_local(),
            ),
            _ => None,
        };
        let day_date = match day.date.as_deref().map(str::trim) {
            Some(text) if !text.is_empty() => Some(parse_date(text).ok_or_else(|| {
                invalid(format!(
                    "{day_name}: date '{text}' is not YYYY-MM-DD",
                    text = quote(text)
                ))
            })?),
            _ => None,
        };
        if self.first_day_start.is_none() {
            self.first_day_start = day_start.map(|s| s.time());
        }
        Ok(ListedDay {
            // The day label is the local date of the day's start: wafer's `day@date` is the
            // UTC date of that start, one day early.
            label: day_start.map(|s| s.date()).or(day_date),
            // Where a wall-clock `start` without a date rolls over to the next calendar date.
            rollover: day_start.map(|s| s.time()).or(self.source_change),
        })
    }

    /// Turns one event listed under `day` into a session (or counts it as skipped).
    pub(crate) fn event(&mut self, day: &ListedDay, event: RawEvent) -> Result<(), FormatError> {
        let format = self.format;
        let zone = self.zone;
        let Some(start) = event_start(&event, day.label, day.rollover, zone, format)? else {
            self.skipped.push(
                event
                    .title
                    .clone()
                    .unwrap_or_else(|| event.location.clone()),
            );
            return Ok(());
        };
        let end = event_end(&event, start, format)?;
        if end.is_none() {
            self.without_end += 1;
        }
        let id = [&event.guid, &event.code, &event.id]
            .into_iter()
            .find_map(|value| {
                value
                    .as_deref()
                    .map(clean_line)
                    .filter(|text| !text.is_empty())
            })
            .unwrap_or_else(|| {
                self.without_id += 1;
                let room = event.room.as_deref().map(clean_line).unwrap_or_default();
                format!("{}@{room}", start.to_utc().format("%Y-%m-%dT%H:%MZ"))
            });
        let title = event
            .title
            .as_deref()
            .map(clean_line)
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| {
                self.untitled += 1;
                "Untitled".to_string()
            });
        let mut session = Session {
            id: SessionId(id),
            title,
            subtitle: event.subtitle,
            speakers: speakers(&event.persons),
            start,
            end,
            room: event.room.map(Room),
            track: event.track.map(Track),
            kind: event.kind.map(|k| k.to_lowercase()),
            language: event.language,
            abstract_text: abstract_text(
                event.abstract_text.as_deref(),
                event.description.as_deref(),
            ),
            links: links(event.url, event.links),
            origin: None,
        };
        // Cleaned now rather than with the whole schedule at the end: the same result, and
        // the raw text of each session is freed at once.
        clean_session(&mut session);
        self.sessions.push(session);
        self.listed_days.push(day.label);
        Ok(())
    }

    /// The schedule of every session read, with `conference`'s fields, checked.
    pub(crate) fn finish(
        self,
        conference: RawConference,
    ) -> Result<(Schedule, Vec<String>), FormatError> {
        let Builder {
            format,
            zone,
            source_change,
            mut warnings,
            mut sessions,
            listed_days,
            first_day_start,
            skipped,
            without_end,
            without_id,
            untitled,
        } = self;
        // A `Vec` grown by doubling has up to half its room unused.
        sessions.shrink_to_fit();
        if !skipped.is_empty() {
            warnings.push(format!(
                "skipped {} session(s) without a start: {}",
                skipped.len(),
                quoted_list(&skipped)
            ));
        }
        if without_end > 0 {
            warnings.push(format!(
                "{without_end} session(s) have no duration: their end is unknown"
            ));
        }
        if without_id > 0 {
            warnings.push(format!(
                "{without_id} session(s) have no guid, code or id: identified by start and room, \
                 so their stars may not survive a schedule update"
            ));
        }
        if untitled > 0 {
            warnings.push(format!(
                "{untitled} session(s) have no title: named 'Untitled'"
            ));
        }

        // The day change: the source's own (FOSDEM's `day_change`), else the local time at
        // which the file's days start (pretalx 04:00, wafer 03:00), else hallway's default;
        // then moved, if needed, so that every session lands on the day the file lists it
        // under.
        let preferred = source_change
            .or(first_day_start)
            .unwrap_or_else(default_day_change);
        let day_change = fit_day_change(&sessions, &listed_days, zone, preferred, &mut warnings);
        drop(listed_days);

        let title = conference
            .title
            .as_deref()
            .map(clean_line)
            .filter(|t| !t.is_empty());
        let acronym_slug = conference.acronym.as_deref().map(slug).unwrap_or_default();
        // pretalx writes the event slug as the acronym, which may be just "2025": an id
        // without a letter says too little to keep two conferences' stars apart, so the title
        // is used.
        let id = if acronym_slug.chars().any(|c| c.is_ascii_alphabetic()) {
            acronym_slug
        } else {
            [title.as_deref().map(slug).unwrap_or_default(), acronym_slug]
                .into_iter()
                .find(|s| !s.is_empty())
                .unwrap_or_else(|| "frab-schedule".to_string())
        };
        let title = title.unwrap_or_else(|| {
            warnings.push("the conference has no title".to_string());
            id.clone()
        });
        let mut schedule = Schedule {
            version: SCHEDULE_FORMAT_VERSION,
            conference: Conference {
                id,
                title,
                time_zone: zone,
                city: conference.city,
                venue: conference.venue,
                url: conference.url,
                day_change,
            },
            sessions,
        };
        // The sessions were cleaned as they came (`event`).
        clean_conference(&mut schedule.conference);
        disambiguate_ids(&mut schedule.sessions, &mut warnings);
        let problems = schedule.problems();
        if !problems.is_empty() {
            return Err(FormatError::Invalid {
                format,
                message: problems.join("; "),
            });
        }
        Ok((schedule, warnings))
    }
}

/// The zone the user chose, else the file's `time_zone_name` when it is one (a warning says
/// when it is not); `None` leaves the zone to the file's offsets (`offset_zone`).
pub(crate) fn named_zone(
    conference: &RawConference,
    options: &ImportOptions,
    warnings: &mut Vec<String>,
) -> Option<Tz> {
    if let Some(zone) = options.zone {
        return Some(zone);
    }
    if let Some(name) = conference
        .time_zone_name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        match parse_zone(name) {
            Ok(zone) => return Some(zone),
            Err(_) => warnings.push(format!(
                "time_zone_name '{}' is not an IANA zone name",
                quote(name)
            )),
        }
    }
    None
}

/// The zone of a file that names none: a fixed-offset zone from the first offset found in it
/// (seconds east of UTC), else UTC; either is reported.
pub(crate) fn offset_zone(offset: Option<i32>, warnings: &mut Vec<String>) -> Tz {
    let zone = offset.and_then(fixed_offset_zone);
    match (offset, zone) {
        (Some(_), Some(zone)) => {
            warnings.push(format!(
                "no time zone in the file: assumed {} from its offsets, without daylight \
                 saving time; use --tz to name the conference's zone",
                crate::time::zone_label(zone),
            ));
            zone
        }
        (Some(_), None) => {
            warnings.push(
                "no time zone in the file and its offset has no fixed-offset zone: assumed UTC; \
                 use --tz to name the conference's zone"
                    .to_string(),
            );
            Tz::UTC
        }
        (None, _) => {
            warnings.push(
                "no time zone in the file: assumed UTC (wall-clock times are shown as written); \
                 use --tz to name the conference's zone"
                    .to_string(),
            );
            Tz::UTC
        }
    }
}

/// The `Etc/GMT±N` zone for a whole-hour offset (the sign is inverted in those names).
fn fixed_offset_zone(seconds: i32) -> Option<Tz> {
    if seconds == 0 {
        return Some(Tz::UTC);
    }
    if seconds % 3600 != 0 {
        return None;
    }
    let hours = seconds / 3600;
    let name = if hours > 0 {
        format!("Etc/GMT-{hours}")
    } else {
        format!("Etc/GMT+{}", -hours)
    };
    name.parse().ok()
}

/// A session's start: `date` when present (an instant), else the day's label date plus the
/// local `start`, rolled to the next date when earlier than the day's start. `None` when neither
/// is given.
fn event_start(
    event: &RawEvent,
    day_date: Option<NaiveDate>,
    rollover: Option<NaiveTime>,
    zone: Tz,
    format: &'static str,
) -> Result<Option<DateTime<FixedOffset>>, FormatError> {
    let invalid = |message: String| FormatError::Invalid { format, message };
    if let Some(text) = event
        .date
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        return parse_date_time(text, zone).map(Some).ok_or_else(|| {
            invalid(format!(
                "{}: date '{text}' is not a date-time (YYYY-MM-DDTHH:MM:SS+HH:MM)",
                event.location,
                text = quote(text)
            ))
        });
    }
    let Some(text) = event
        .start
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    else {
        return Ok(None);
    };
    let time = parse_time_of_day(text).ok_or_else(|| {
        invalid(format!(
            "{}: start '{text}' is not HH:MM",
            event.location,
            text = quote(text)
        ))
    })?;
    let Some(date) = day_date else {
        return Ok(None);
    };
    let date = match rollover {
        Some(change) if time < change => date.succ_opt().unwrap_or(date),
        _ => date,
    };
    Ok(Some(
        resolve_local(date.and_time(time), zone).fixed_offset(),
    ))
}

/// A session's end: frab JSON's `end` when present, else start plus `duration`.
fn event_end(
    event: &RawEvent,
    start: DateTime<FixedOffset>,
    format: &'static str,
) -> Result<Option<DateTime<FixedOffset>>, FormatError> {
    let invalid = |message: String| FormatError::Invalid { format, message };
    if let Some(text) = event
        .end
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        let end = DateTime::parse_from_rfc3339(text)
            .ok()
            .filter(|end| plausible(end.naive_utc().date()))
            .ok_or_else(|| {
                invalid(format!(
                    "{}: end '{text}' is not a date-time (YYYY-MM-DDTHH:MM:SS+HH:MM)",
                    event.location,
                    text = quote(text)
                ))
            })?;
        if end < start {
            return Err(invalid(format!(
                "{}: end '{text}' is before the start ({})",
                event.location,
                start.to_rfc3339(),
                text = quote(text)
            )));
        }
        return Ok(Some(end));
    }
    let Some(text) = event
        .duration
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    else {
        return Ok(None);
    };
    let duration = parse_duration(text).ok_or_else(|| {
        invalid(format!(
            "{}: duration '{text}' is not HH:MM or HH:MM:SS",
            event.location,
            text = quote(text)
        ))
    })?;
    start.checked_add_signed(duration).map(Some).ok_or_else(|| {
        invalid(format!(
            "{}: duration '{text}' is too long",
            event.location,
            text = quote(text)
        ))
    })
}

/// Parses a frab duration: `H:MM`, `HH:MM` or `HH:MM:SS` (hours may exceed 24; frab JSON
/// allows any number of hour digits, three are accepted here).
pub(crate) fn parse_duration(text: &str) -> Option<Duration> {
    let mut parts = text.split(':');
    let hours = number(parts.next()?, 1..=3)?;
    let minutes = number(parts.next()?, 2..=2)?;
    let seconds = match parts.next() {
        Some(part) => number(part, 1..=2)?,
        None => 0,
    };
    if parts.next().is_some() || minutes >= 60 || seconds >= 60 {
        return None;
    }
    Some(Duration::seconds(
        i64::from(hours) * 3600 + i64::from(minutes) * 60 + i64::from(seconds),
    ))
}

/// A run of ASCII digits whose length is in `digits`.
fn number(text: &str, digits: std::ops::RangeInclusive<usize>) -> Option<u32> {
    if !digits.contains(&text.len()) || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Parses a wall-clock time, `HH:MM` or `HH:MM:SS` (`H:MM` too).
pub(crate) fn parse_time_of_day(text: &str) -> Option<NaiveTime> {
    let mut parts = text.split(':');
    let hours = number(parts.next()?, 1..=2)?;
    let minutes = number(parts.next()?, 2..=2)?;
    let seconds = match parts.next() {
        Some(part) => number(part, 2..=2)?,
        None => 0,
    };
    if parts.next().is_some() {
        return None;
    }
    NaiveTime::from_hms_opt(hours, minutes, seconds)
}

/// Parses a date-time: RFC 3339 with offset (seconds optional); without an offset it is
/// read as wall-clock time in `zone`.
pub(crate) fn parse_date_time(text: &str, zone: Tz) -> Option<DateTime<FixedOffset>> {
    if let Ok(instant) = DateTime::parse_from_rfc3339(text)
        .or_else(|_| DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M%:z"))
    {
        return plausible(instant.naive_utc().date()).then_some(instant);
    }
    ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"]
        .into_iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
        .filter(|local| plausible(local.date()))
        .map(|local| resolve_local(local, zone).fixed_offset())
}

/// Parses a plain `YYYY-MM-DD` date.
pub(crate) fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|date| plausible(*date))
}

/// Whether a date has a four-digit year. chrono accepts years up to ±262,143, where
/// adding a zone offset or a day change overflows (and panics); no schedule needs them.
fn plausible(date: NaiveDate) -> bool {
    (1000..=9999).contains(&date.year())
}

/// Speakers from person names, in order, each once. pretalx instances often write the
/// affiliation in brackets after the name ("Ada Lovelace [Analytical Engines]"): it becomes
/// the organisation.
pub(crate) fn speakers(persons: &[String]) -> Vec<Speaker> {
    let mut seen = std::collections::HashSet::new();
    let mut speakers = Vec::new();
    for person in persons {
        let full = clean_line(person);
        if full.is_empty() || !seen.insert(full.clone()) {
            continue;
        }
        let split = full
            .strip_suffix(']')
            .and_then(|rest| rest.rsplit_once(" ["))
            .map(|(name, org)| (name.trim(), org.trim()))
            .filter(|(name, org)| !name.is_empty() && !org.is_empty() && !org.contains('['));
        speakers.push(match split {
            Some((name, org)) => Speaker {
                name: name.to_string(),
                organisation: Some(org.to_string()),
            },
            None => Speaker {
                name: full,
                organisation: None,
            },
        });
    }
    // Grown from room for four: most sessions have one or two speakers, and a schedule of
    // 100,000 sessions keeps every one of these lists.
    speakers.shrink_to_fit();
    speakers
}

/// The abstract and the description, each turned into plain text (HTML when it looks like
/// HTML, otherwise kept as written, Markdown included), joined by a blank line.
fn abstract_text(abstract_text: Option<&str>, description: Option<&str>) -> String {
    let parts: Vec<String> = [abstract_text, description]
        .into_iter()
        .flatten()
        .map(|text| {
            if looks_like_html(text) {
                html_to_text(text)
            } else {
                text.trim().to_string()
            }
        })
        .filter(|text| !text.is_empty())
        .collect();
    match parts.as_slice() {
        [first, second] if first == second => first.clone(),
        _ => parts.join("\n\n"),
    }
}

/// Whether text contains a common HTML tag (`<p>`, `</a>`, `<br/>`...). A bare `<` or a
/// Markdown autolink (`<https://…>`) is not HTML.
pub(crate) fn looks_like_html(text: &str) -> bool {
    const TAGS: [&str; 24] = [
        "p",
        "br",
        "a",
        "ul",
        "ol",
        "li",
        "div",
        "span",
        "em",
        "strong",
        "b",
        "i",
        "code",
        "pre",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "img",
        "table",
        "hr",
    ];
    text.match_indices('<').any(|(at, _)| {
        let rest = text.get(at + 1..).unwrap_or("");
        let rest = rest.strip_prefix('/').unwrap_or(rest);
        let name_len = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let (name, after) = rest.split_at(name_len);
        TAGS.iter().any(|tag| name.eq_ignore_ascii_case(tag))
            && after.starts_with(['>', ' ', '/', '\n', '\t', '\r'])
    })
}

/// The session page first, then the file's links and attachments, each URL once.
fn links(url: Option<String>, more: Vec<Link>) -> Vec<Link> {
    let mut seen = std::collections::HashSet::new();
    let mut links: Vec<Link> = url
        .map(|url| Link { url, title: None })
        .into_iter()
        .chain(more)
        .filter(|link| {
            let url = link.url.trim();
            !url.is_empty() && seen.insert(url.to_string())
        })
        .collect();
    // As for `speakers`: collected into room for four.
    links.shrink_to_fit();
    links
}

/// The day change that puts every session on the day the file lists it under: `preferred`
/// when it does, else the nearest whole minute that does. Days in hallway are derived from
/// the local date and the day change (`Schedule::days`), while frab files list sessions under
/// days explicitly, and generators bend their own bounds (pretalx lists 03:00–03:59 talks
/// under the next day although its days start at 04:00).
fn fit_day_change(
    sessions: &[Session],
    listed: &[Option<NaiveDate>],
    zone: Tz,
    preferred: NaiveTime,
    warnings: &mut Vec<String>,
) -> NaiveTime {
    let preferred = preferred.with_second(0).unwrap_or(preferred);
    let preferred_offset = preferred - NaiveTime::MIN;
    // Each session's wall-clock distance from the midnight that starts its listed day. A
    // day change t keeps it on that day when offset - 24h < t <= offset.
    let offsets: Vec<Duration> = sessions
        .iter()
        .zip(listed)
        .filter_map(|(session, day)| {
            let day = (*day)?;
            let local = session.start.with_timezone(&zone).naive_local();
            Some(local - day.and_time(NaiveTime::MIN))
        })
        .collect();
    let (Some(&upper), Some(&highest)) = (offsets.iter().min(), offsets.iter().max()) else {
        return preferred;
    };
    let lower = highest - Duration::hours(24);
    let fits =
        |t: Duration| lower < t && t <= upper && t >= Duration::zero() && t < Duration::hours(24);
    if fits(preferred_offset) {
        return preferred;
    }
    let floor_minute = |t: Duration| Duration::minutes(t.num_minutes());
    let candidate = if preferred_offset > upper {
        floor_minute(upper)
    } else {
        floor_minute(lower) + Duration::minutes(1)
    };
    if fits(candidate) {
        let time = NaiveTime::MIN + candidate;
        warnings.push(format!(
            "day change set to {} (not {}) so that every session stays on the day the file \
             lists it under",
            time.format("%H:%M"),
            preferred.format("%H:%M")
        ));
        return time;
    }
    let moved = offsets
        .iter()
        .filter(|&&offset| {
            !(offset - Duration::hours(24) < preferred_offset && preferred_offset <= offset)
        })
        .count();
    warnings.push(format!(
        "{moved} session(s) are shown on a different day than the file lists them under (no \
         single day-change hour fits every day)"
    ));
    preferred
}

/// Up to five items quoted and joined, with a count of the rest.
fn quoted_list(items: &[String]) -> String {
    let mut text: Vec<String> = items
        .iter()
        .take(5)
        .map(|item| format!("'{}'", quote(item)))
        .collect();
    if items.len() > 5 {
        text.push(format!("and {} more", items.len() - 5));
    }
    text.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_take_the_three_frab_shapes() {
        assert_eq!(parse_duration("0:45"), Some(Duration::minutes(45)));
        assert_eq!(parse_duration("01:30"), Some(Duration::minutes(90)));
        assert_eq!(parse_duration("00:05:30"), Some(Duration::seconds(330)));
        assert_eq!(parse_duration("00:00"), Some(Duration::zero()));
        assert_eq!(parse_duration("99:00"), Some(Duration::hours(99)));
        for bad in [
            "",
            "1",
            "1:3x",
            "1:3",
            "01:60",
            "00:10:60",
            "-1:00",
            "1:00:00:00",
            "１:00",
            "1:0 ",
            "1234:00",
        ] {
            assert_eq!(parse_duration(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn times_of_day_allow_seconds() {
        assert_eq!(
            parse_time_of_day("09:00:00"),
            NaiveTime::from_hms_opt(9, 0, 0)
        );
        assert_eq!(parse_time_of_day("9:05"), NaiveTime::from_hms_opt(9, 5, 0));
        assert_eq!(parse_time_of_day("24:00"), None);
        assert_eq!(parse_time_of_day("10:3"), None);
    }

    #[test]
    fn date_times_with_and_without_offsets() {
        let zone = chrono_tz::Asia::Kolkata;
        let utc = parse_date_time("2023-09-10T05:00:00+00:00", zone).unwrap();
        assert_eq!(utc.to_rfc3339(), "2023-09-10T05:00:00+00:00");
        let short = parse_date_time("2023-09-10T05:00+01:00", zone).unwrap();
        assert_eq!(short.to_rfc3339(), "2023-09-10T05:00:00+01:00");
        let local = parse_date_time("2023-09-10T10:30:00", zone).unwrap();
        assert_eq!(local.to_rfc3339(), "2023-09-10T10:30:00+05:30");
        assert_eq!(parse_date_time("2023-09-1x", zone), None);
    }

    #[test]
    fn persons_are_trimmed_deduplicated_and_split_from_affiliations() {
        let persons = [
            "  Zoë Łąkowa ".to_string(),
            "Zoë Łąkowa".to_string(),
            "Ada Quillfeather [Harbour Computing Lab]".to_string(),
            "[Only brackets]".to_string(),
            "\u{200b}".to_string(),
        ];
        let speakers = speakers(&persons);
        assert_eq!(speakers.len(), 3, "{speakers:?}");
        assert_eq!(speakers[0].name, "Zoë Łąkowa");
        assert_eq!(speakers[1].name, "Ada Quillfeather");
        assert_eq!(
            speakers[1].organisation.as_deref(),
            Some("Harbour Computing Lab")
        );
        assert_eq!(speakers[2].name, "[Only brackets]");
    }

    #[test]
    fn html_is_told_from_markdown() {
        assert!(looks_like_html("<p>Hello</p>"));
        assert!(looks_like_html("see <a href=\"x\">this</a>"));
        assert!(looks_like_html("line<br/>break"));
        assert!(!looks_like_html("a < b and <https://example.org>"));
        assert!(!looks_like_html("**Markdown** text"));
        assert_eq!(
            abstract_text(
                Some("<p>Hi &amp; <a href=\"https://x.org\">x</a></p>"),
                None
            ),
            "Hi & x (https://x.org)"
        );
        assert_eq!(abstract_text(Some("Same"), Some(" Same ")), "Same");
        assert_eq!(
            abstract_text(Some(""), Some("Only description")),
            "Only description"
        );
    }

    #[test]
    fn offsets_give_fixed_zones() {
        assert_eq!(fixed_offset_zone(3600).map(|z| z.name()), Some("Etc/GMT-1"));
        assert_eq!(
            fixed_offset_zone(-5 * 3600).map(|z| z.name()),
            Some("Etc/GMT+5")
        );
        assert_eq!(fixed_offset_zone(0), Some(Tz::UTC));
        assert_eq!(fixed_offset_zone(19800), None);
    }
}
