//! My agenda: every starred session across the days, grouped by day in time order, with the
//! free time between them, clashes named, and stars whose session has gone listed as missing.

use super::theme::Theme;
use super::{UiState, day_label, fit_spans, format_time};
use crate::app::App;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Draws the agenda in the timeline's place.
pub fn render_agenda(frame: &mut Frame, app: &App, state: &mut UiState, theme: &Theme, area: Rect) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let width = area.width as usize;
    let agenda = app.agenda_entries();
    let mut lines: Vec<Line> = vec![Line::styled(
        format!(" My agenda: {} starred", agenda.len()),
        theme.label(),
    )];
    if agenda.is_empty() {
        lines.push(Line::default());
        lines.push(Line::styled(
            " Nothing starred yet: press s or Space on a session to star it.",
            theme.unknown(),
        ));
    }
    let mut selected_line = 0;
    // (line, entry) of each session's line, for the mouse.
    let mut entry_lines = Vec::new();
    let mut previous: Option<&crate::model::Session> = None;
    for (rank, &index) in agenda.iter().enumerate() {
        let session = &app.schedule.sessions[index];
        let day = app.schedule.day_of(session);
        if previous.is_none_or(|p| app.schedule.day_of(p) != day) {
            lines.push(Line::default());
            lines.push(Line::styled(format!(" {}", day_label(day)), theme.title()));
        } else if let Some(p) = previous {
            let gap = (session.start - p.effective_end()).num_minutes();
            if gap > 0 {
                // With the end unknown, the gap counts the assumed 30 minutes: say it is a guess.
                let about = if p.end.is_none() { "about " } else { "" };
                lines.push(Line::styled(
                    format!("        {about}{gap} min free"),
                    theme.unknown(),
                ));
            }
        }
        previous = Some(session);
        let mut base = Style::new();
        if session.is_past(app.now) {
            base = base.patch(theme.past());
        }
        if rank == app.agenda.selected {
            base = base.patch(theme.selected());
            selected_line = lines.len();
        }
        entry_lines.push((lines.len(), rank));
        let end = session
            .end
            .map_or_else(|| "?    ".to_string(), |e| format_time(e, app.zone));
        let when = format!(" {}–{} ", format_time(session.start, app.zone), end);
        let priority = app.priorities.get(&session.id);
        let glyph = match priority {
            Some(crate::favourites::Priority::Must) => "★ must  ",
            Some(crate::favourites::Priority::Maybe) => "☆ maybe ",
            None => "★ ",
        };
        let mut first = vec![
            Span::styled(when, base.patch(theme.time())),
            Span::styled(glyph, base.patch(theme.star())),
            Span::styled(
                session.title.clone(),
                base.add_modifier(ratatui::style::Modifier::BOLD),
            ),
        ];
        if let Some(room) = &session.room {
            first.push(Span::styled(
                format!(" · {}", room.0),
                base.patch(theme.secondary()),
            ));
        }
        // Before the title, so that a long title cannot push it off the line.
        if let Some(mark) = app.change_of(session) {
            first.insert(
                2,
                Span::styled(format!("{} ", mark.label()), base.patch(theme.changed())),
            );
        }
        lines.push(fit_spans(first, width, base));
        for (text, loud) in app.clash_lines(session) {
            let style = if loud {
                theme.clash().add_modifier(
                    ratatui::style::Modifier::BOLD | ratatui::style::Modifier::REVERSED,
                )
            } else {
                theme.clash()
            };
            lines.push(fit_spans(
                vec![Span::raw("             "), Span::styled(text, style)],
                width,
                Style::new(),
            ));
        }
        if let Some(note) = app.notes.get(&session.id) {
            for (i, text) in note.lines().enumerate() {
                let label = if i == 0 { "✎ " } else { "  " };
                lines.push(fit_spans(
                    vec![Span::styled(
                        format!("             {label}{text}"),
                        theme.secondary(),
                    )],
                    width,
                    Style::new(),
                ));
            }
        }
    }
    if !app.missing_stars.is_empty() {
        lines.push(Line::default());
        lines.push(Line::styled(
            " Starred, no longer in this schedule",
            theme.clash(),
        ));
        for (title, when) in &app.missing_stars {
            lines.push(fit_spans(
                vec![Span::styled(format!("  {when}  {title}"), theme.unknown())],
                width,
                Style::new(),
            ));
        }
    }
    // Keep the selected line, and its day heading when it fits, in view.
    let height = area.height as usize;
    let mut offset = state.agenda_offset.min(selected_line);
    if selected_line >= offset + height {
        offset = selected_line + 1 - height;
    }
    state.agenda_offset = offset;
    super::record_entry_hits(state, area, &entry_lines, offset);
    let visible: Vec<Line> = lines.into_iter().skip(offset).take(height).collect();
    frame.render_widget(Paragraph::new(visible), area);
}
