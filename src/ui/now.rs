//! On now and next: for each room, the session on now with the minutes left and the next one
//! with the minutes until it starts; rooms with a starred session first.

use super::theme::Theme;
use super::{UiState, day_label, fit_spans, format_time, truncate};
use crate::app::App;
use crate::model::Session;
use crate::time::minutes_until;
use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

/// "18 min left", or how long ago it started when the end is not given.
pub fn time_left(session: &Session, now: DateTime<Utc>) -> String {
    match session.end {
        Some(end) => format!("{} left", minutes(minutes_until(now, end.to_utc()))),
        None => format!(
            "began {} ago",
            minutes((now - session.start.to_utc()).num_minutes().max(0))
        ),
    }
}

/// "in 12 min", "in 2 h 05", or the day when it is more than a day away.
pub fn time_until(session: &Session, app: &App) -> String {
    let until = minutes_until(app.now, session.start.to_utc());
    if until >= 24 * 60 {
        return day_label(app.schedule.day_of(session));
    }
    format!("in {}", minutes(until))
}

/// "45 min", "1 h 05".
fn minutes(total: i64) -> String {
    if total < 60 {
        format!("{total} min")
    } else {
        format!("{} h {:02}", total / 60, total % 60)
    }
}

/// Draws the view in the timeline's place.
pub fn render_now(frame: &mut Frame, app: &App, state: &mut UiState, theme: &Theme, area: Rect) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    // One column kept free on the right, off the details' border.
    let width = (area.width as usize).saturating_sub(1);
    let rooms = app.rooms_now();
    let mut lines: Vec<Line> = Vec::new();
    match app.now_next_day() {
        Some(day) => {
            let date = app.days[day].date;
            // Before a late day-change hour (FOSDEM's is 09:00) the calendar's date is already
            // the next conference day's: that is "today" to the reader too.
            let calendar = app
                .now
                .with_timezone(&app.schedule.conference.time_zone)
                .date_naive();
            let which = if date == app.today() || date == calendar {
                String::new()
            } else {
                " (the next conference day)".to_string()
            };
            lines.push(Line::styled(
                format!(" On now and next · {}{which}", day_label(date)),
                theme.label(),
            ));
        }
        None => {
            lines.push(Line::styled(" On now and next", theme.label()));
            lines.push(Line::default());
            lines.push(Line::styled(
                " The conference is over: no session is on or still to come.",
                theme.unknown(),
            ));
        }
    }
    // Narrow panes leave out the end times, so titles keep some room.
    let with_end = width >= 60;
    let mut rank = 0;
    let mut selected_line = 0;
    // (line, entry) of each session's line, for the mouse.
    let mut entry_lines = Vec::new();
    for room in &rooms {
        lines.push(Line::default());
        let name = room
            .room
            .as_ref()
            .map_or("Room not given", |r| r.0.as_str());
        let mut heading = vec![Span::styled(format!(" {name}"), theme.title())];
        if room.starred {
            heading.push(Span::styled(" ★", theme.star()));
        }
        lines.push(fit_spans(heading, width, Style::new()));
        for (label, index) in [("now ", room.on), ("next", room.next)] {
            let Some(index) = index else { continue };
            let session = &app.schedule.sessions[index];
            let mut base = Style::new();
            if rank == app.now_next.selected {
                base = base.patch(theme.selected());
                selected_line = lines.len();
            }
            entry_lines.push((lines.len(), rank));
            rank += 1;
            let when = if with_end {
                let end = session
                    .end
                    .map_or_else(|| "?    ".to_string(), |e| format_time(e, app.zone));
                format!("{}–{}", format_time(session.start, app.zone), end)
            } else {
                format_time(session.start, app.zone)
            };
            let tail = if label == "now " {
                time_left(session, app.now)
            } else {
                time_until(session, app)
            };
            let starred = app.starred.contains(&session.id);
            let head = format!("   {label}  ");
            let used = head.width() + when.width() + 2 + 2 + tail.width() + 1;
            let title = truncate(&session.title, width.saturating_sub(used));
            let gap = width.saturating_sub(used - 1 + title.width() + 1);
            let spans = vec![
                Span::styled(head, base.patch(theme.secondary())),
                Span::styled(when, base.patch(theme.time())),
                Span::styled("  ", base),
                Span::styled(if starred { "★ " } else { "  " }, base.patch(theme.star())),
                Span::styled(title, base.add_modifier(Modifier::BOLD)),
                Span::styled(" ".repeat(gap + 1), base),
                Span::styled(tail, base.patch(theme.secondary())),
            ];
            lines.push(fit_spans(spans, width, base));
        }
    }
    // Keep the selected line, and its room heading when it fits, in view.
    let height = area.height as usize;
    let mut offset = state.now_offset.min(selected_line.saturating_sub(1));
    if selected_line >= offset + height {
        offset = selected_line + 1 - height;
    }
    state.now_offset = offset;
    super::record_entry_hits(state, area, &entry_lines, offset);
    let visible: Vec<Line> = lines.into_iter().skip(offset).take(height).collect();
    frame.render_widget(Paragraph::new(visible), area);
}
