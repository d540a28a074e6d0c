//! The search screen: the query line and the ranked results with their matched letters
//! highlighted, in place of the timeline.

use super::theme::Theme;
use super::{UiState, day_label, fit_spans, format_time};
use crate::app::App;
use crate::search::{Hit, highlight_runs};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Columns before a result's title: "Wed 20 Mar 10:25 ".
const GUTTER: usize = 17;

/// Draws the search line and the visible results.
pub fn render_search(frame: &mut Frame, app: &App, state: &mut UiState, theme: &Theme, area: Rect) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let width = area.width as usize;
    let count = app.search_len();
    let counter = match (
        app.search.query.trim().is_empty(),
        count,
        app.search_pending(),
    ) {
        (true, _, _) => String::new(),
        (false, n, true) => format!("{n}… "),
        (false, 1, false) => "1 session ".into(),
        (false, n, false) => format!("{n} sessions "),
    };
    let line = vec![
        Span::styled("/ ", theme.key()),
        Span::raw(format!(" {}", app.search.query)),
        Span::styled("▏", theme.now_line()),
    ];
    let used: usize = line
        .iter()
        .map(|s| unicode_width::UnicodeWidthStr::width(s.content.as_ref()))
        .sum();
    let mut spans = line;
    let counter_width = unicode_width::UnicodeWidthStr::width(counter.as_str());
    if used + counter_width < width {
        spans.push(Span::raw(" ".repeat(width - used - counter_width)));
        spans.push(Span::styled(counter, theme.secondary()));
    }
    frame.render_widget(
        Paragraph::new(fit_spans(spans, width, Style::new())),
        Rect { height: 1, ..area },
    );

    let list = Rect {
        y: area.y + 2,
        height: area.height.saturating_sub(2),
        ..area
    };
    if list.height == 0 {
        return;
    }
    if app.search.query.trim().is_empty() {
        let hint = "Type part of a title or a speaker's name; typos and accents are forgiven. @word searches speakers only, #word tracks; words of your notes find their sessions too, after the others. Enter goes to the session, Esc back.";
        let lines: Vec<Line> = super::wrap(hint, width.saturating_sub(1))
            .into_iter()
            .map(|l| Line::styled(format!(" {l}"), theme.unknown()))
            .collect();
        frame.render_widget(Paragraph::new(lines), list);
        return;
    }
    if count == 0 && !app.search_pending() {
        let text = format!(" no session matches '{}'", app.search.query.trim());
        frame.render_widget(Paragraph::new(Line::styled(text, theme.unknown())), list);
        return;
    }

    let rows = (list.height / 2).max(1) as usize;
    state.page_size = rows;
    let selected = app.search.selected;
    let mut offset = state.search_offset.min(selected);
    if selected >= offset + rows {
        offset = selected + 1 - rows;
    }
    state.search_offset = offset;
    let mut lines = Vec::new();
    for (rank, hit) in (offset..).zip(app.search_hits(offset..offset + rows)) {
        lines.extend(result_lines(app, theme, &hit, rank == selected, width));
    }
    frame.render_widget(Paragraph::new(lines), list);
}

/// Spans for a text with its matched characters highlighted.
fn highlighted(text: &str, positions: &[usize], base: Style, theme: &Theme) -> Vec<Span<'static>> {
    highlight_runs(text, positions)
        .into_iter()
        .map(|(run, matched)| {
            let style = if matched {
                base.patch(theme.matched())
            } else {
                base
            };
            Span::styled(run.to_string(), style)
        })
        .collect()
}

fn result_lines(
    app: &App,
    theme: &Theme,
    hit: &Hit,
    selected: bool,
    width: usize,
) -> [Line<'static>; 2] {
    let session = &app.schedule.sessions[hit.session];
    let mut base = Style::new();
    if session.is_past(app.now) {
        base = base.patch(theme.past());
    }
    if selected {
        base = base.patch(theme.selected());
    }
    let start = session.start.with_timezone(&app.zone);
    let when = format!(
        "{} {} ",
        day_label(start.date_naive()),
        format_time(session.start, app.zone)
    );
    let mut first = vec![Span::styled(
        format!("{when:<GUTTER$}"),
        base.patch(theme.time()),
    )];
    first.extend(highlighted(
        &session.title,
        &hit.title_positions,
        base.add_modifier(ratatui::style::Modifier::BOLD),
        theme,
    ));

    let mut second = vec![Span::styled(" ".repeat(GUTTER), base)];
    let secondary = base.patch(theme.secondary());
    // Found by its note: the note's line that has the query's words says why.
    if app.found_by_its_note(hit.session)
        && let Some(note) = app.notes.get(&session.id)
    {
        let query = app.search.query.as_str();
        let line = note
            .lines()
            .find(|l| crate::search::note_matches(l, query))
            .or_else(|| note.lines().next())
            .unwrap_or_default();
        second.push(Span::styled(format!("✎ {line}"), secondary));
        return [
            fit_spans(first, width, base),
            fit_spans(second, width, base),
        ];
    }
    for (i, speaker) in session.speakers.iter().enumerate() {
        if i > 0 {
            second.push(Span::styled(", ", secondary));
        }
        let positions = hit.speaker_positions.get(i).map_or(&[][..], Vec::as_slice);
        second.extend(highlighted(&speaker.name, positions, secondary, theme));
    }
    let mut rest = Vec::new();
    if let Some(room) = &session.room {
        rest.push(room.0.clone());
    }
    if let Some(track) = &session.track {
        if !session.speakers.is_empty() {
            second.push(Span::styled(" · ", secondary));
        }
        if !rest.is_empty() {
            second.push(Span::styled(format!("{} · ", rest.join(" · ")), secondary));
        }
        second.extend(highlighted(
            &track.0,
            &hit.track_positions,
            base.patch(theme.track(&track.0)),
            theme,
        ));
    } else if !rest.is_empty() {
        if !session.speakers.is_empty() {
            second.push(Span::styled(" · ", secondary));
        }
        second.push(Span::styled(rest.join(" · "), secondary));
    }
    [
        fit_spans(first, width, base),
        fit_spans(second, width, base),
    ]
}
