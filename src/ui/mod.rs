//! Drawing: the root layout (header with day tabs, timeline, details, hint bar) and the helpers
//! the panes share. The UI reads `App` and never changes it; what it learns while drawing
//! (scroll offsets, where things are for the mouse) goes into `UiState`.

pub mod agenda;
pub mod detail;
pub mod filter;
pub mod grid;
pub mod help;
pub mod now;
pub mod search;
pub mod theme;
pub mod timeline;

use crate::app::{App, DayLayout};
use crate::keys::{self, Mode};
use chrono::{DateTime, NaiveDate, TimeZone};
use chrono_tz::Tz;
use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use theme::Theme;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The smallest terminal hallway lays out in; below it a notice says so.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;

/// What drawing learns that the event loop needs: scroll positions and where things are.
#[derive(Debug, Default, Clone)]
pub struct UiState {
    /// First visible item of the timeline, and the day it belongs to.
    pub timeline_offset: usize,
    pub timeline_day: usize,
    /// First visible search result.
    pub search_offset: usize,
    /// First visible line of the agenda.
    pub agenda_offset: usize,
    /// First visible line of the now-and-next view.
    pub now_offset: usize,
    /// Screen areas of the day tabs, with the day index.
    pub tab_hits: Vec<(Rect, usize)>,
    /// Screen areas of the visible sessions, with (day, position).
    pub row_hits: Vec<(Rect, usize, usize)>,
    /// Screen rows of the visible agenda or now-and-next entries, with the entry's index.
    pub entry_hits: Vec<(Rect, usize)>,
    pub timeline_area: Rect,
    pub detail_area: Rect,
    /// How far the details can scroll at this size.
    pub detail_scroll_max: u16,
    /// How many sessions fit in the timeline (rows in the grid), for PgUp/PgDn.
    pub page_size: usize,
    /// The grid's day, its first visible row and its first visible room.
    pub grid_day: Option<usize>,
    pub grid_top: usize,
    pub grid_first_lane: usize,
    /// First visible entry of the filter panel.
    pub filter_offset: usize,
}

/// Draws the whole screen.
pub fn render(frame: &mut Frame, app: &App, state: &mut UiState, theme: &Theme) {
    let area = frame.area();
    state.tab_hits.clear();
    state.row_hits.clear();
    state.entry_hits.clear();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        render_too_small(frame, area);
        return;
    }
    let reminders = app.reminders();
    let banner_height = u16::from(!reminders.is_empty());
    let filter_height = u16::from(!app.filter.is_empty());
    let footer_height = footer_lines(app, area.width as usize).len() as u16;
    let [header, filter_line, banner, body, footer] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(filter_height),
        Constraint::Length(banner_height),
        Constraint::Min(1),
        Constraint::Length(footer_height),
    ])
    .areas(area);
    render_header(frame, app, state, theme, header);
    if !app.filter.is_empty() {
        render_filter_line(frame, app, theme, filter_line);
    }
    if !reminders.is_empty() {
        render_banner(frame, app, &reminders, theme, banner);
    }

    let wide = body.width >= 80;
    // The grid takes the width of the screen, the details go under it.
    let view = app.view_mode();
    let grid = view == Mode::Grid
        || (matches!(view, Mode::Help | Mode::Filter) && app.layout == DayLayout::Grid);
    let wide = wide && !grid;
    let direction = if wide {
        Direction::Horizontal
    } else {
        Direction::Vertical
    };
    let [list_area, detail_area] = Layout::default()
        .direction(direction)
        .constraints(if grid {
            [Constraint::Percentage(64), Constraint::Percentage(36)]
        } else {
            [Constraint::Percentage(56), Constraint::Percentage(44)]
        })
        .areas(body);
    let borders = if wide { Borders::LEFT } else { Borders::TOP };
    let detail_block = Block::new().borders(borders).border_style(theme.border());
    let detail_inner = detail_block.inner(detail_area);
    frame.render_widget(detail_block, detail_area);

    state.timeline_area = list_area;
    state.detail_area = detail_inner;
    if view == Mode::Search {
        search::render_search(frame, app, state, theme, list_area);
    } else if view == Mode::Agenda {
        agenda::render_agenda(frame, app, state, theme, list_area);
    } else if view == Mode::Now {
        now::render_now(frame, app, state, theme, list_area);
    } else if grid {
        grid::render_grid(frame, app, state, theme, list_area);
    } else {
        timeline::render_timeline(frame, app, state, theme, list_area);
    }
    if view == Mode::Filter {
        filter::render_filter(frame, app, state, theme, detail_inner);
    } else if app.mode == Mode::Note {
        render_note_editor(frame, app, theme, detail_inner);
    } else {
        detail::render_detail(frame, app, state, theme, detail_inner);
    }
    render_footer(frame, app, theme, footer);
    if app.mode == Mode::Help {
        help::render_help(frame, app, theme, area);
    }
}

/// The note editor, in the details' place: the session's title, then the note with the cursor.
fn render_note_editor(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    if area.width < 2 || area.height < 3 {
        return;
    }
    let width = area.width as usize;
    let title = app
        .selected_session()
        .map_or(String::new(), |s| s.title.clone());
    let mut lines: Vec<Line> = vec![
        Line::styled(
            format!("Note on {}", truncate(&title, width.saturating_sub(8))),
            theme.title(),
        ),
        Line::styled(
            "Esc saves · Ctrl-G discards · Enter: new line",
            theme.unknown(),
        ),
        Line::default(),
    ];
    let editor = &app.note_editor;
    let (cursor_line, cursor_column) = editor.line_and_column();
    // Lines longer than the pane scroll sideways around the cursor rather than wrap.
    let text_lines: Vec<&str> = editor.text.split('\n').collect();
    let room = area.height as usize - lines.len();
    let first = cursor_line.saturating_sub(room.saturating_sub(1));
    for (n, line) in text_lines.iter().enumerate().skip(first).take(room) {
        let chars: Vec<char> = line.chars().collect();
        let shift = if n == cursor_line {
            cursor_column.saturating_sub(width.saturating_sub(2))
        } else {
            0
        };
        let shown: String = chars.iter().skip(shift).take(width - 1).collect();
        if n == cursor_line {
            let at = cursor_column - shift;
            let before: String = shown.chars().take(at).collect();
            let under: String = shown.chars().nth(at).map_or(" ".into(), String::from);
            let after: String = shown.chars().skip(at + 1).collect();
            lines.push(Line::from(vec![
                Span::raw(before),
                Span::styled(under, theme.selected()),
                Span::raw(after),
            ]));
        } else {
            lines.push(Line::raw(shown));
        }
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn render_too_small(frame: &mut Frame, area: Rect) {
    let text = format!(
        "Terminal too small ({}×{}): hallway needs {}×{}. q quits.",
        area.width, area.height, MIN_WIDTH, MIN_HEIGHT
    );
    let lines: Vec<Line> = wrap(&text, area.width as usize)
        .into_iter()
        .map(Line::from)
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

fn render_header(frame: &mut Frame, app: &App, state: &mut UiState, theme: &Theme, area: Rect) {
    let conference = &app.schedule.conference;
    // The zone and the clock, shorter as the width shrinks; the title keeps at least 20 columns.
    let abbreviation = crate::time::zone_abbreviation(app.zone, app.now);
    let local_now = app.now.with_timezone(&app.zone);
    let candidates = [
        format!(
            "{} ({abbreviation})  now {}",
            crate::time::zone_label(app.zone),
            local_now.format("%a %-d %b %H:%M")
        ),
        format!("{abbreviation} {}", local_now.format("%a %H:%M")),
        String::new(),
    ];
    let title_width = conference.title.width().min(20) + 2;
    let zone = candidates
        .into_iter()
        .find(|z| z.width() + title_width < area.width as usize)
        .unwrap_or_default();
    let title_room = (area.width as usize).saturating_sub(zone.width() + 3);
    let stars = if app.starred_here == 0 {
        String::new()
    } else {
        format!(" ★ {}", app.starred_here)
    };
    let changed = match app.unseen_changes() {
        0 => String::new(),
        n => format!(" ◆ {n} changed"),
    };
    let title_room = title_room.saturating_sub(stars.width() + changed.width());
    let title = Line::from(vec![
        Span::styled(
            format!(" {}", truncate(&conference.title, title_room)),
            theme.title(),
        ),
        Span::styled(stars, theme.star()),
        Span::styled(changed, theme.changed()),
    ]);
    let line_area = Rect { height: 1, ..area };
    frame.render_widget(Paragraph::new(title), line_area);
    if !zone.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(format!("{zone} "), theme.secondary()))
                .alignment(ratatui::layout::Alignment::Right),
            line_area,
        );
    }

    // Day tabs; when they do not all fit, a window that keeps the shown day visible.
    let tabs_area = Rect {
        y: area.y + 1,
        height: 1,
        ..area
    };
    if app.days.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(
                " this schedule has no sessions",
                theme.unknown(),
            )),
            tabs_area,
        );
        return;
    }
    // Columns 0 and the last are kept for the "more days" arrows.
    let room = tabs_area.width.saturating_sub(2);
    // "Wed 20 Mar", else "Wed 20", else "20", the longest with which every day fits; only when
    // even the shortest does not fit does a window of days scroll.
    let tab_labels = |format: &str| -> Vec<String> {
        let labels: Vec<String> = app
            .days
            .iter()
            .map(|d| format!(" {} ", d.date.format(format)))
            .collect();
        labels
    };
    let fits =
        |labels: &[String]| labels.iter().map(|l| l.width() + 1).sum::<usize>() <= room as usize;
    let labels = ["%a %-d %b", "%a %-d", "%-d"]
        .into_iter()
        .map(tab_labels)
        .find(|labels| fits(labels))
        .unwrap_or_else(|| tab_labels("%a %-d"));
    let widths: Vec<u16> = labels.iter().map(|l| l.width() as u16 + 1).collect();
    let mut first = 0;
    while first < app.timeline.day && widths[first..=app.timeline.day].iter().sum::<u16>() > room {
        first += 1;
    }
    let today = app.current_day();
    let mut x = tabs_area.x + 1;
    let mut last_shown = first;
    for (i, label) in labels.iter().enumerate().skip(first) {
        let width = widths[i] - 1;
        if x + width > tabs_area.right().saturating_sub(1) {
            break;
        }
        let mut style = if i == app.timeline.day {
            theme.tab_selected()
        } else {
            theme.tab()
        };
        if Some(i) == today {
            style = style.patch(theme.tab_today());
        }
        let rect = Rect::new(x, tabs_area.y, width, 1);
        frame.render_widget(Paragraph::new(Span::styled(label.clone(), style)), rect);
        state.tab_hits.push((rect, i));
        last_shown = i;
        x += width + 1;
    }
    let arrow = |frame: &mut Frame, x: u16, text: &'static str| {
        frame.render_widget(
            Paragraph::new(Span::styled(text, theme.secondary())),
            Rect::new(x, tabs_area.y, 1, 1),
        );
    };
    if first > 0 {
        arrow(frame, tabs_area.x, "‹");
    }
    if last_shown + 1 < labels.len() {
        arrow(frame, tabs_area.right() - 1, "›");
    }
}

/// On a day the filter empties, says so (and returns true) instead of an empty list.
fn render_filtered_out(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) -> bool {
    let empty = app
        .days
        .get(app.timeline.day)
        .is_some_and(|d| d.sessions.is_empty());
    if !empty || app.filter.is_empty() {
        return false;
    }
    let text = " No session of this day passes the filter: f changes it, F clears it.";
    let lines: Vec<Line> = wrap(text, area.width as usize)
        .into_iter()
        .map(|l| Line::styled(l, theme.unknown()))
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
    true
}

/// The active filter, and how many sessions it leaves: always on screen while it is on.
fn render_filter_line(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let (shown, total) = app.filtered_count();
    let count = format!(" · {shown} of {total} sessions (f changes it, F clears it) ");
    let room = (area.width as usize).saturating_sub(count.width() + 10);
    let line = fit_spans(
        vec![
            Span::styled(" filter: ", theme.label()),
            Span::styled(truncate(&app.filter_description(), room), theme.status()),
            Span::styled(count, theme.secondary()),
        ],
        area.width as usize,
        Style::new(),
    );
    frame.render_widget(Paragraph::new(line), area);
}

/// The reminder: the soonest starred session about to start, and how many more there are.
fn render_banner(frame: &mut Frame, app: &App, reminders: &[usize], theme: &Theme, area: Rect) {
    let Some(&first) = reminders.first() else {
        return;
    };
    let session = &app.schedule.sessions[first];
    let head = format!(" ★ {}: ", now::time_until(session, app));
    let mut place = session
        .room
        .as_ref()
        .map(|r| format!(" · {}", r.0))
        .unwrap_or_default();
    let mut more = match reminders.len() {
        1 => String::new(),
        n => format!("  (+{} more)", n - 1),
    };
    // What gives way first when the line is short: the count of others, then the room; the
    // minutes and some of the title stay.
    let width = area.width as usize;
    let title_room =
        |place: &str, more: &str| width.saturating_sub(head.width() + place.width() + more.width());
    const TITLE_AT_LEAST: usize = 16;
    if session.title.width() > title_room(&place, &more) {
        more.clear();
    }
    if session.title.width() > title_room(&place, &more)
        && title_room(&place, &more) < TITLE_AT_LEAST
    {
        place.clear();
    }
    let text = format!(
        "{head}{}",
        truncate(&session.title, title_room(&place, &more))
    );
    let line = fit_spans(
        vec![
            Span::styled(text, theme.banner()),
            Span::styled(place, theme.banner()),
            Span::styled(more, theme.banner()),
        ],
        width,
        theme.banner(),
    );
    frame.render_widget(Paragraph::new(line), area);
}

/// The most lines a status message takes at the bottom; a longer one ends in "…".
const STATUS_LINES: usize = 3;

/// The bottom lines: the status message wrapped at spaces (never cut mid-word, up to
/// `STATUS_LINES`), else the hint bar on one line.
fn footer_lines(app: &App, width: usize) -> Vec<String> {
    let Some(status) = &app.status else {
        return vec![String::new()];
    };
    // Status lines quote files, servers and errors: nothing in them may drive the terminal.
    let status = crate::text::visible(status);
    let mut lines = wrap(&status, width.saturating_sub(1));
    if lines.len() > STATUS_LINES {
        lines.truncate(STATUS_LINES);
        let last = &mut lines[STATUS_LINES - 1];
        *last = truncate(&format!("{last} …"), width.saturating_sub(1));
    }
    lines.into_iter().map(|l| format!(" {l}")).collect()
}

/// The hints that fit in `width` columns, whole, in the table's order; the help hint is always
/// among them (it leads to every other key), and quitting is the last to give way.
pub fn fitted_hints(mode: Mode, width: usize) -> Vec<(String, &'static str)> {
    let all = keys::hints(mode);
    let cost = |(key, hint): &(String, &str)| key.width() + hint.width() + 4;
    let is_help = |(_, hint): &&(String, &str)| *hint == "help";
    let is_quit = |(_, hint): &&(String, &str)| *hint == "quit";
    let mut used: usize = all.iter().filter(|h| is_help(h)).map(cost).sum();
    let mut keep = vec![false; all.len()];
    for (i, entry) in all.iter().enumerate() {
        if is_help(&entry) {
            keep[i] = true;
        }
    }
    // Quit next, then the others in order, each only if it fits whole.
    let order = all.iter().enumerate().filter(|(_, h)| is_quit(h)).chain(
        all.iter()
            .enumerate()
            .filter(|(_, h)| !is_quit(h) && !is_help(h)),
    );
    let mut full = false;
    for (i, entry) in order {
        if !full && used + cost(entry) <= width {
            used += cost(entry);
            keep[i] = true;
        } else if !is_quit(&entry) {
            // Later hints are not squeezed in past one that did not fit: the bar reads in order.
            full = true;
        }
    }
    all.into_iter()
        .zip(keep)
        .filter_map(|(entry, kept)| kept.then_some(entry))
        .collect()
}

fn render_footer(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    if app.status.is_some() {
        let lines: Vec<Line> = footer_lines(app, area.width as usize)
            .into_iter()
            .map(|l| Line::styled(l, theme.status()))
            .collect();
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    let mut spans = Vec::new();
    for (key, hint) in fitted_hints(app.mode, area.width as usize) {
        spans.push(Span::styled(format!(" {key} "), theme.key()));
        spans.push(Span::raw(format!(" {hint} ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Records where the visible entries of a list view (agenda, now and next) are: `entry_lines`
/// holds (line, entry) for every entry, `offset` is the first line shown in `area`.
fn record_entry_hits(
    state: &mut UiState,
    area: Rect,
    entry_lines: &[(usize, usize)],
    offset: usize,
) {
    for &(line, entry) in entry_lines {
        if line >= offset && line - offset < area.height as usize {
            let y = area.y + (line - offset) as u16;
            state
                .entry_hits
                .push((Rect::new(area.x, y, area.width, 1), entry));
        }
    }
}

/// "Wed 20 Mar".
pub fn day_label(date: NaiveDate) -> String {
    date.format("%a %-d %b").to_string()
}

/// "10:25" in the given zone.
pub fn format_time<Z: TimeZone>(at: DateTime<Z>, zone: Tz) -> String {
    at.with_timezone(&zone).format("%H:%M").to_string()
}

/// Cuts text to a display width, ending in "…" when anything was cut. Works on display
/// columns, so wide (CJK, emoji) characters never overflow.
pub fn truncate(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// Wraps text to a display width at spaces, breaking words longer than the width. Newlines
/// start new lines; an empty line stays empty.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for word in paragraph.split(' ') {
            let mut word_width = word.width();
            if used > 0 && used + 1 + word_width > width {
                lines.push(std::mem::take(&mut line));
                used = 0;
            } else if used > 0 {
                line.push(' ');
                used += 1;
            }
            if word_width > width - used {
                // A word wider than the line: break it by characters.
                for c in word.chars() {
                    let w = c.width().unwrap_or(0);
                    if used + w > width {
                        lines.push(std::mem::take(&mut line));
                        used = 0;
                    }
                    line.push(c);
                    used += w;
                }
                word_width = 0;
            } else {
                line.push_str(word);
            }
            used += word_width;
        }
        lines.push(line);
    }
    lines
}

/// Pads or cuts a line of spans to exactly `width` columns, so a row's background fills it.
pub fn fit_spans(spans: Vec<Span<'static>>, width: usize, fill: Style) -> Line<'static> {
    let mut out = Vec::new();
    let mut used = 0;
    for span in spans {
        let w = span.content.width();
        if used + w <= width {
            used += w;
            out.push(span);
        } else {
            let room = width - used;
            let cut = truncate(&span.content, room);
            used += cut.width();
            out.push(Span::styled(cut, span.style));
            break;
        }
    }
    if used < width {
        out.push(Span::styled(" ".repeat(width - used), fill));
    }
    Line::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncate_counts_display_columns() {
        assert_eq!(truncate("Istio and DNS", 20), "Istio and DNS");
        assert_eq!(truncate("Istio and DNS", 6), "Istio…");
        assert_eq!(truncate("東京のクラウド", 5), "東京…");
        assert_eq!(truncate("abc", 0), "");
        assert_eq!(truncate("abc", 1), "…");
    }

    #[test]
    fn wrap_breaks_at_spaces_and_inside_long_words() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("a\n\nb", 10), ["a", "", "b"]);
        for line in wrap("Zoë Müller 東京のクラウドネイティブ 🦀🦀🦀", 6) {
            assert!(line.width() <= 6, "{line}");
        }
    }
}
