//! The selected session's details: title, when and where, who, the abstract and links,
//! wrapped to the pane and scrollable.

use super::theme::Theme;
use super::{UiState, day_label, format_time, wrap};
use crate::app::App;
use crate::model::Session;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

const LABEL_WIDTH: usize = 10;

/// Draws the details of the selected session.
pub fn render_detail(frame: &mut Frame, app: &App, state: &mut UiState, theme: &Theme, area: Rect) {
    if area.width < 2 || area.height == 0 {
        return;
    }
    let inner = Rect {
        x: area.x + 1,
        width: area.width - 1,
        ..area
    };
    let lines = match app.selected_session() {
        Some(session) => detail_lines(app, theme, session, inner.width as usize),
        None => vec![Line::styled("No session selected.", theme.unknown())],
    };
    let max = lines.len().saturating_sub(inner.height as usize);
    state.detail_scroll_max = u16::try_from(max).unwrap_or(u16::MAX);
    let scroll = app.detail.scroll.min(state.detail_scroll_max) as usize;
    let visible: Vec<Line> = lines
        .into_iter()
        .skip(scroll)
        .take(inner.height as usize)
        .collect();
    frame.render_widget(Paragraph::new(visible), inner);
}

/// Every line of a session's details at a width.
pub fn detail_lines(
    app: &App,
    theme: &Theme,
    session: &Session,
    width: usize,
) -> Vec<Line<'static>> {
    let mut lines: Vec<Line<'static>> = Vec::new();
    for line in wrap(&session.title, width) {
        lines.push(Line::styled(line, theme.title()));
    }
    if let Some(subtitle) = &session.subtitle {
        for line in wrap(subtitle, width) {
            lines.push(Line::styled(
                line,
                Style::new().add_modifier(Modifier::ITALIC),
            ));
        }
    }
    if app.starred.contains(&session.id) {
        let text = match app.priorities.get(&session.id) {
            Some(p) => format!("★ starred · {}", p.label()),
            None => "★ starred".to_string(),
        };
        lines.push(Line::styled(text, theme.star()));
    }
    if let Some(mark) = app.change_of(session) {
        for line in wrap(&format!("◆ {}", mark.describe_in(app.zone)), width) {
            lines.push(Line::styled(line, theme.changed()));
        }
    }
    for (text, loud) in app.clash_lines(session) {
        let style = if loud {
            theme
                .clash()
                .add_modifier(Modifier::BOLD | Modifier::REVERSED)
        } else {
            theme.clash()
        };
        for line in wrap(&text, width) {
            lines.push(Line::styled(line, style));
        }
    }
    if let Some(note) = app.notes.get(&session.id) {
        lines.push(Line::default());
        lines.push(Line::styled("✎ Note (e edits)", theme.label()));
        for line in wrap(note, width) {
            lines.push(Line::raw(line));
        }
    }
    lines.push(Line::default());

    let zone = app.zone;
    let start = session.start.with_timezone(&zone);
    let abbreviation = start.format("%Z").to_string();
    // In parts that wrap whole: "(3 h)" never breaks across lines.
    let when = match session.end {
        Some(end) => {
            let minutes = (end - session.start).num_minutes();
            [
                format!("{},", day_label(start.date_naive())),
                format!(
                    "{}–{} {}",
                    format_time(session.start, zone),
                    format_time(end, zone),
                    abbreviation
                ),
                format!("({})", duration_label(minutes)),
            ]
        }
        None => [
            format!("{},", day_label(start.date_naive())),
            format!("{} {}", format_time(session.start, zone), abbreviation),
            "(end unknown)".to_string(),
        ],
    };
    let value_width = width.saturating_sub(LABEL_WIDTH).max(8);
    let when = join_whole(&when, value_width);
    field(&mut lines, theme, "When", Some(when), width);
    if let Some((label, n)) = app.source_of(session) {
        let also: Vec<&str> = session
            .origin
            .iter()
            .flat_map(|o| o.also.iter().map(|(l, _)| l.as_str()))
            .collect();
        let from = if also.is_empty() {
            label.to_string()
        } else {
            format!("{label} (also in {})", also.join(", "))
        };
        let mut from_lines = Vec::new();
        field(&mut from_lines, theme, "From", Some(from), width);
        // The label's own colour, as in the lists.
        for mut line in from_lines {
            if let Some(span) = line.spans.last_mut() {
                span.style = span.style.patch(theme.source(n));
            }
            lines.push(line);
        }
    }
    field(
        &mut lines,
        theme,
        "Room",
        session.room.as_ref().map(|r| r.0.clone()),
        width,
    );
    if let Some(track) = &session.track {
        field(&mut lines, theme, "Track", Some(track.0.clone()), width);
    }
    if let Some(kind) = &session.kind {
        field(&mut lines, theme, "Kind", Some(kind.clone()), width);
    }
    if let Some(language) = &session.language {
        field(&mut lines, theme, "Language", Some(language.clone()), width);
    }
    for (i, speaker) in session.speakers.iter().enumerate() {
        let label = if i == 0 {
            if session.speakers.len() > 1 {
                "Speakers"
            } else {
                "Speaker"
            }
        } else {
            ""
        };
        let text = match &speaker.organisation {
            Some(org) => format!("{} ({org})", speaker.name),
            None => speaker.name.clone(),
        };
        field(&mut lines, theme, label, Some(text), width);
    }
    match app.abstract_of(session) {
        Ok(text) if !text.is_empty() => {
            lines.push(Line::default());
            for line in wrap(&text, width) {
                lines.push(Line::raw(line));
            }
        }
        Ok(_) => {}
        Err(why) => {
            lines.push(Line::default());
            let why = format!("The abstract could not be read: {why}");
            for line in wrap(&why, width) {
                lines.push(Line::styled(line, theme.unknown()));
            }
        }
    }
    if !session.links.is_empty() {
        lines.push(Line::default());
        lines.push(Line::styled("Links", theme.label()));
        for link in &session.links {
            if let Some(title) = &link.title {
                for line in wrap(title, width) {
                    lines.push(Line::raw(line));
                }
            }
            for line in wrap(&link.url, width) {
                lines.push(Line::styled(line, theme.link()));
            }
        }
    }
    lines
}

/// Joins parts with spaces, starting a new line (a "\n") before a part that would not fit
/// whole in `width`; a part wider than a line is left to `wrap`.
fn join_whole(parts: &[String], width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for part in parts {
        let w = part.width();
        if used > 0 && used + 1 + w > width {
            out.push('\n');
            used = 0;
        } else if used > 0 {
            out.push(' ');
            used += 1;
        }
        out.push_str(part);
        used += w;
    }
    out
}

/// "45 min", "1 h 30 min".
fn duration_label(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// A labelled field; `None` is shown as "unknown", never guessed.
fn field(
    lines: &mut Vec<Line<'static>>,
    theme: &Theme,
    label: &str,
    value: Option<String>,
    width: usize,
) {
    let value_width = width.saturating_sub(LABEL_WIDTH).max(8);
    let (text, style) = match value {
        Some(text) => (text, Style::new()),
        None => ("unknown".to_string(), theme.unknown()),
    };
    for (i, line) in wrap(&text, value_width).into_iter().enumerate() {
        let label = if i == 0 { label } else { "" };
        lines.push(Line::from(vec![
            Span::styled(format!("{label:<LABEL_WIDTH$}"), theme.label()),
            Span::styled(line, style),
        ]));
    }
}

#[cfg(test)]
mod tests {
    use super::{duration_label, join_whole};

    #[test]
    fn when_wraps_in_whole_parts() {
        let parts = [
            "Sun 27 Jul,".to_string(),
            "10:00–13:00 CEST".into(),
            "(3 h)".into(),
        ];
        assert_eq!(join_whole(&parts, 40), "Sun 27 Jul, 10:00–13:00 CEST (3 h)");
        assert_eq!(
            join_whole(&parts, 30),
            "Sun 27 Jul, 10:00–13:00 CEST\n(3 h)"
        );
        assert_eq!(
            join_whole(&parts, 20),
            "Sun 27 Jul,\n10:00–13:00 CEST\n(3 h)"
        );
    }

    #[test]
    fn the_abstract_left_in_the_cache_is_read_when_shown() {
        use crate::app::App;
        use crate::cache::{Stamp, decode_lazy, encode};
        use crate::ui::theme::Theme;
        let schedule =
            crate::formats::ron::parse(include_str!("../../assets/kubecon-eu-2024.ron")).unwrap();
        let i = schedule
            .sessions
            .iter()
            .position(|s| s.abstract_text.len() > 40)
            .unwrap();
        let stamp = Stamp::of(std::path::Path::new("Cargo.toml")).unwrap();
        let bytes = encode(&schedule, stamp).unwrap();
        let (lazy, abstracts) = decode_lazy(bytes.clone(), stamp).unwrap();
        let text = |app: &App| {
            super::detail_lines(
                app,
                &Theme { color: false },
                &app.schedule.sessions[i],
                4000,
            )
            .iter()
            .map(|line| line.to_string())
            .collect::<Vec<_>>()
            .join("\n")
        };
        let mut app = App::new(lazy.clone(), chrono::Utc::now(), chrono_tz::UTC);
        let first_words = &schedule.sessions[i].abstract_text[..20];
        assert!(!text(&app).contains(first_words), "{}", text(&app));
        app.abstracts = Some(abstracts);
        assert!(text(&app).contains(first_words), "{}", text(&app));
        // Damaged: the pane says so instead.
        let mut damaged = bytes;
        let needle = schedule.sessions[i].abstract_text.as_bytes();
        let at = damaged
            .windows(needle.len())
            .position(|w| w == needle)
            .unwrap();
        damaged[at + 5] ^= 1;
        let (_, damaged_abstracts) = decode_lazy(damaged, stamp).unwrap();
        app.abstracts = Some(damaged_abstracts);
        let shown = text(&app);
        assert!(!shown.contains(first_words), "{shown}");
        assert!(shown.contains("The abstract could not be read"), "{shown}");
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration_label(35), "35 min");
        assert_eq!(duration_label(60), "1 h");
        assert_eq!(duration_label(90), "1 h 30 min");
        assert_eq!(duration_label(0), "0 min");
    }
}
