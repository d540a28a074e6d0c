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

/// The rows of a day, worked out on demand rather than built: its sessions, with the
/// now-line before the first session that has not started yet when the day is today. A day
/// of a 100,000-session schedule has tens of thousands of rows; a frame looks at the few that
/// fit on screen, so nothing here is proportional to the day.
#[derive(Debug, Clone, Copy)]
struct Rows {
    /// Sessions in the day.
    sessions: usize,
    /// The position of the session the now-line goes before (`sessions`: after the last);
    /// `None` when the day is not today.
    now_at: Option<usize>,
}

impl Rows {
    fn new(app: &App, day: usize) -> Rows {
        let positions = app.days.get(day).map_or(&[][..], |d| &d.sessions[..]);
        // A day's sessions are in start order, so the first one still to start is found by
        // bisection.
        let now_at = (app.current_day() == Some(day))
            .then(|| positions.partition_point(|&i| app.schedule.sessions[i].start <= app.now));
        Rows {
            sessions: positions.len(),
            now_at,
        }
    }

    fn len(self) -> usize {
        self.sessions + usize::from(self.now_at.is_some())
    }

    fn get(self, row: usize) -> Item {
        match self.now_at {
            Some(at) if row == at => Item::Now,
            Some(at) if row > at => Item::Session(row - 1),
            _ => Item::Session(row),
        }
    }

    /// The row of the session at `position` in the day.
    fn of_session(self, position: usize) -> usize {
        position + usize::from(self.now_at.is_some_and(|at| position >= at))
    }
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
    let rows = Rows::new(app, app.timeline.day);
    let selected_position = app
        .timeline
        .selected
        .get(app.timeline.day)
        .copied()
        .unwrap_or(0);
    let selected_row = if selected_position < rows.sessions {
        rows.of_session(selected_position)
    } else {
        0
    };

    // Keep the selection visible, moving the window as little as possible: the window starts
    // where it was, unless the selection is above it, or below the lowest start from which
    // the rows down to the selection still fit (found by walking up from the selection, so
    // a jump costs the height of the screen, not the distance jumped).
    if state.timeline_day != app.timeline.day {
        state.timeline_day = app.timeline.day;
        state.timeline_offset = 0;
    }
    let mut offset = state.timeline_offset.min(rows.len().saturating_sub(1));
    if selected_row < offset {
        offset = selected_row;
    }
    let mut lowest = selected_row;
    let mut used = rows.get(selected_row).height();
    while lowest > offset && used + rows.get(lowest - 1).height() <= area.height {
        lowest -= 1;
        used += rows.get(lowest).height();
    }
    offset = offset.max(lowest);
    // Show the line just above the first visible session too, when it is the now-line.
    if offset > 0 && rows.get(offset - 1) == Item::Now {
        // Within the height of the screen plus two rows: `offset` is at or below `lowest`.
        let visible: u16 = (offset - 1..=selected_row)
            .map(|row| rows.get(row).height())
            .sum();
        if visible <= area.height {
            offset -= 1;
        }
    }
    state.timeline_offset = offset;
    state.page_size = (area.height / 2).max(1) as usize;

    let width = area.width as usize;
    let positions = app
        .days
        .get(app.timeline.day)
        .map_or(&[][..], |d| &d.sessions[..]);
    let mut lines: Vec<Line> = Vec::new();
    let mut y = area.y;
    let mut previous_start = None;
    for row in offset..rows.len() {
        if y >= area.bottom() {
            break;
        }
        match rows.get(row) {
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
                let session = &app.schedule.sessions[positions[position]];
                // The gutter shows a time where it changes, and on the first row shown.
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
    let source = app.source_of(session);
    for (label, style) in [
        (
            source.map(|(label, _)| label.to_string()),
            source.map_or(base, |(_, n)| theme.source(n)),
        ),
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

#[cfg(test)]
mod tests {
    use super::super::theme::Theme;
    use super::super::{UiState, render};
    use crate::app::App;
    use crate::app::testing::bundled;
    use crate::keys::Action;
    use crate::model::{Schedule, SessionId};
    use crate::time::parse_now;
    use chrono::Duration;
    use chrono_tz::Europe::Paris;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    /// One day of `n` sessions, ten seconds apart from 08:00 on 20 March 2024.
    fn long_day(n: usize) -> Schedule {
        let mut schedule = bundled();
        let mut template = schedule.sessions[0].clone();
        template.start = parse_now("2024-03-20T08:00", Paris).unwrap().fixed_offset();
        schedule.sessions = (0..n)
            .map(|i| {
                let mut session = template.clone();
                session.id = SessionId(format!("s{i}"));
                session.title = format!("Session {i}");
                session.start = template.start + Duration::seconds(10 * i as i64);
                session.end = Some(session.start + Duration::minutes(1));
                session
            })
            .collect();
        schedule
    }

    /// The positions of the sessions drawn, in order.
    fn drawn(state: &UiState) -> Vec<usize> {
        state.row_hits.iter().map(|&(_, _, p)| p).collect()
    }

    #[test]
    fn the_selection_stays_on_screen_and_the_window_moves_as_little_as_it_can() {
        // 10:00 on the day: the now-line sits among the sessions.
        let mut app = App::new(
            long_day(5_000),
            parse_now("2024-03-20T10:00", Paris).unwrap(),
            Paris,
        );
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        let mut state = UiState::default();
        let theme = Theme { color: false };
        let mut draw = |app: &App, state: &mut UiState| {
            terminal
                .draw(|frame| render(frame, app, state, &theme))
                .unwrap();
            let text: String = terminal
                .backend()
                .buffer()
                .content()
                .iter()
                .map(|c| c.symbol())
                .collect();
            text
        };
        let selected = |app: &App| app.timeline.selected[app.timeline.day];
        draw(&app, &mut state);
        let keys = [
            Action::SelectLast,
            Action::SelectPrev,
            Action::SelectFirst,
            Action::SelectNext,
            Action::PageDown,
            Action::JumpToNow,
            Action::SelectPrev,
            Action::SelectNext,
            Action::SelectLast,
            Action::JumpToNow,
        ];
        let mut previous = drawn(&state);
        for key in keys {
            app.update(key.clone());
            let text = draw(&app, &mut state);
            let rows = drawn(&state);
            let at = selected(&app);
            assert!(rows.contains(&at), "{key:?}: {at} not in {rows:?}");
            assert!(
                rows.windows(2).all(|w| w[1] == w[0] + 1),
                "{key:?}: {rows:?}"
            );
            assert!(text.contains(&format!("Session {at} ")), "{key:?}");
            // A move within the window does not scroll it.
            if previous.contains(&at) {
                assert_eq!(rows.first(), previous.first(), "{key:?}");
            }
            previous = rows;
        }
        // The last session is at the bottom of the window, the window full.
        app.update(Action::SelectLast);
        draw(&app, &mut state);
        let rows = drawn(&state);
        assert_eq!(rows.last(), Some(&4_999));
        assert!(rows.len() > 10, "{rows:?}");
        // At now, the now-line is drawn just above the session on next.
        app.update(Action::JumpToNow);
        let text = draw(&app, &mut state);
        assert!(text.contains("── now 10:00"), "no now-line");
    }
}
