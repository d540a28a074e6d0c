//! The day's timeline: sessions in start order under a time gutter, with the now-line. Only
//! the rows that fit on screen are built.

use super::theme::Theme;
use super::{UiState, fit_spans, format_time};
use crate::app::App;
use crate::model::Session;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// A row of the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    /// A session, by its position in the day.
    Session(usize),
    /// The line marking the current time.
    Now,
}

impl Item {
    fn height(self) -> u16 {
        match self {
            Item::Session(_) => 2,
            Item::Now => 1,
        }
    }
}

const GUTTER: usize = 6;

/// The rows of a day: its sessions, with the now-line before the first session that has not
/// started yet when the day is today.
fn items(app: &App, day: usize) -> Vec<Item> {
    let show_now = app.current_day() == Some(day);
    let mut items = Vec::new();
    let mut now_placed = !show_now;
    for (position, session) in app.sessions_on(day).enumerate() {
        if !now_placed && session.start > app.now {
            items.push(Item::Now);
            now_placed = true;
        }
        items.push(Item::Session(position));
    }
    if !now_placed {
        items.push(Item::Now);
    }
    items
}

/// Draws the timeline of the shown day.
pub fn render_timeline(
    frame: &mut Frame,
    app: &App,
    state: &mut UiState,
    theme: &Theme,
    area: Rect,
) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    if app.days.get(app.timeline.day).is_none() {
        return;
    }
    if super::render_filtered_out(frame, app, theme, area) {
        return;
    }
    let items = items(app, app.timeline.day);
    let selected_position = app
        .timeline
        .selected
        .get(app.timeline.day)
        .copied()
        .unwrap_or(0);
    let selected_item = items
        .iter()
        .position(|&i| i == Item::Session(selected_position))
        .unwrap_or(0);

    // Keep the selection visible, moving the window as little as possible.
    if state.timeline_day != app.timeline.day {
        state.timeline_day = app.timeline.day;
        state.timeline_offset = 0;
    }
    let mut offset = state.timeline_offset.min(items.len().saturating_sub(1));
    if selected_item < offset {
        offset = selected_item;
    }
    while offset < selected_item
        && items[offset..=selected_item]
            .iter()
            .map(|i| i.height())
            .sum::<u16>()
            > area.height
    {
        offset += 1;
    }
    // Show the line just above the first visible session too, when it is the now-line.
    if offset > 0 && items[offset - 1] == Item::Now {
        let visible: u16 = items[offset - 1..=selected_item]
            .iter()
            .map(|i| i.height())
            .sum();
        if visible <= area.height {
            offset -= 1;
        }
    }
    state.timeline_offset = offset;
    state.page_size = (area.height / 2).max(1) as usize;

    let width = area.width as usize;
    let sessions: Vec<&Session> = app.sessions_on(app.timeline.day).collect();
    let mut lines: Vec<Line> = Vec::new();
    let mut y = area.y;
    let mut previous_start = None;
    for &item in &items[offset..] {
        if y >= area.bottom() {
            break;
        }
        match item {
            Item::Now => {
                let label = format!(" now {} ", format_time(app.now, app.zone));
                let rule = "─".repeat(width.saturating_sub(label.chars().count() + 2));
                lines.push(fit_spans(
                    vec![Span::styled(format!("──{label}{rule}"), theme.now_line())],
                    width,
                    Style::new(),
                ));
                y += 1;
            }
            Item::Session(position) => {
                let session = sessions[position];
                let show_time = previous_start != Some(session.start);
                previous_start = Some(session.start);
                let selected = position == selected_position;
                let [first, second] =
                    session_lines(app, theme, session, show_time, selected, width);
                lines.push(first);
                lines.push(second);
                let height = (area.bottom() - y).min(2);
                state.row_hits.push((
                    Rect::new(area.x, y, area.width, height),
                    app.timeline.day,
                    position,
                ));
                y += 2;
            }
        }
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// The two lines of a session: time, marker and title; then speakers, room and track or kind.
fn session_lines(
    app: &App,
    theme: &Theme,
    session: &Session,
    show_time: bool,
    selected: bool,
    width: usize,
) -> [Line<'static>; 2] {
    let mut base = Style::new();
    if session.is_past(app.now) {
        base = base.patch(theme.past());
    }
    if selected {
        base = base.patch(theme.selected());
    }
    let tag = session
        .track
        .as_ref()
        .map(|t| t.0.clone())
        .or_else(|| session.kind.clone());
    let marker_style = match &tag {
        Some(tag) => base.patch(theme.track(tag)),
        None => base,
    };
    let time = if show_time {
        format!("{} ", format_time(session.start, app.zone))
    } else {
        " ".repeat(GUTTER)
    };
    let starred = app.starred.contains(&session.id);
    let clashing = app.clashing.contains(&session.id);
    // A maybe is a hollow star; a must has its label on the second line.
    let priority = app.priorities.get(&session.id).copied();
    let glyph = if priority == Some(crate::favourites::Priority::Maybe) {
        "☆"
    } else {
        "★"
    };
    let star = match (starred, clashing) {
        (true, true) => Span::styled(glyph, base.patch(theme.clash())),
        (true, false) => Span::styled(glyph, base.patch(theme.star())),
        _ => Span::styled(" ", base),
    };
    let first = vec![
        Span::styled(time, base.patch(theme.time())),
        Span::styled("▌", marker_style),
        star,
        Span::styled(
            format!(" {}", session.title),
            base.add_modifier(ratatui::style::Modifier::BOLD),
        ),
    ];

    let mut detail = Vec::new();
    if !session.speakers.is_empty() {
        detail.push(session.speaker_names());
    }
    if let Some(room) = &session.room {
        detail.push(room.0.clone());
    }
    let detail = detail.join(" · ");
    let mut second = vec![
        Span::styled(" ".repeat(GUTTER), base),
        Span::styled("▌", marker_style),
        // Under the star column and the space after it: aligned with the title.
        Span::styled("  ", base),
    ];
    let mut detail = detail;
    let mut labels_width = 0;
    let change = app.change_of(session).map(|mark| mark.label().to_string());
    let clash_label = app.clash_label(session);
    // Two musts at once is a choice to make: shown loud.
    let clash_style = match clash_label {
        Some((_, true)) => theme
            .clash()
            .add_modifier(ratatui::style::Modifier::BOLD | ratatui::style::Modifier::REVERSED),
        _ => theme.clash(),
    };
    let clash = clash_label.map(|(label, _)| label.to_string());
    let must = (starred && priority == Some(crate::favourites::Priority::Must))
        .then(|| "must".to_string());
    let note = app
        .notes
        .contains_key(&session.id)
        .then(|| "✎ note".to_string());
    for (label, style) in [
        (must, theme.star()),
        (clash, clash_style),
        (change, theme.changed()),
        (note, theme.label()),
    ] {
        let Some(label) = label else { continue };
        if labels_width > 0 {
            second.push(Span::styled(" ", base));
            labels_width += 1;
        }
        labels_width += unicode_width::UnicodeWidthStr::width(label.as_str());
        second.push(Span::styled(label, base.patch(style)));
    }
    if labels_width > 0 && !detail.is_empty() {
        detail = format!(" · {detail}");
    }
    second.push(Span::styled(detail.clone(), base.patch(theme.secondary())));
    let detail_width = unicode_width::UnicodeWidthStr::width(detail.as_str()) + labels_width;
    if let Some(tag) = tag {
        // The tag goes to the right edge when there is room, else it is dropped.
        let used = GUTTER + 3 + detail_width;
        let tag_width = unicode_width::UnicodeWidthStr::width(tag.as_str());
        if used + tag_width + 3 <= width {
            second.push(Span::styled(" ".repeat(width - used - tag_width - 1), base));
            second.push(Span::styled(tag, marker_style));
        }
    }
    [
        fit_spans(first, width, base),
        fit_spans(second, width, base),
    ]
}
