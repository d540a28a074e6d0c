//! The room-by-time grid: a header of room names, a time gutter, and each session a block as
//! tall as it lasts, drawn into the buffer cell by cell for the visible rows and rooms only.

use super::theme::Theme;
use super::{UiState, format_time, truncate, wrap};
use crate::app::{App, Block};
use chrono::Timelike;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

/// Columns of the time gutter: "10:30 ".
const GUTTER: u16 = 6;
/// The narrowest and the widest a room's lane is drawn (with its separator).
const MIN_LANE: u16 = 13;
const MAX_LANE: u16 = 30;

/// Draws the grid of the shown day.
pub fn render_grid(frame: &mut Frame, app: &App, state: &mut UiState, theme: &Theme, area: Rect) {
    if area.height < 3 || area.width < GUTTER + 4 {
        return;
    }
    if super::render_filtered_out(frame, app, theme, area) {
        return;
    }
    let Some(grid) = app.grid_day() else {
        return;
    };
    if grid.lanes.is_empty() {
        return;
    }
    let day = app.timeline.day;
    let position = app.timeline.selected.get(day).copied().unwrap_or(0);
    let selected = grid.find(position);
    let body_height = area.height as usize - 1;
    let avail = area.width - GUTTER;
    // All rooms when they fit; else as many as fit at the narrowest, sharing the width.
    let lanes_count = grid.lanes.len() as u16;
    let fitting = (avail / MIN_LANE).clamp(1, lanes_count);
    let base = (avail / fitting).clamp(MIN_LANE.min(avail), MAX_LANE);
    let widths: Vec<u16> = grid
        .lanes
        .iter()
        .map(|l| base.max(l.columns as u16 + 1).min(avail))
        .collect();

    // A new day opens at the now-line when it is today, else at the selection.
    let today = app.current_day() == Some(day);
    let now_row = today.then(|| grid.row_at(app.now.fixed_offset()));
    if state.grid_day != Some(day) {
        state.grid_day = Some(day);
        state.grid_first_lane = 0;
        state.grid_top = match (now_row, selected) {
            (Some(row), _) => row.saturating_sub(1),
            (None, Some((_, block))) => block.row,
            (None, None) => 0,
        };
    }
    // Keep the selected block in view, moving as little as possible.
    if let Some((lane, block)) = selected {
        let shown = block.rows.min(body_height);
        if block.row < state.grid_top {
            state.grid_top = block.row;
        } else if block.row + shown > state.grid_top + body_height {
            state.grid_top = block.row + shown - body_height;
        }
        state.grid_first_lane = state.grid_first_lane.min(lane);
        while state.grid_first_lane < lane
            && widths[state.grid_first_lane..=lane].iter().sum::<u16>() > avail
        {
            state.grid_first_lane += 1;
        }
    }
    state.grid_top = state.grid_top.min(grid.rows.saturating_sub(1));
    state.page_size = body_height.max(1);
    let top = state.grid_top;
    let first_lane = state.grid_first_lane.min(grid.lanes.len() - 1);

    // The lanes that fit, from the first one shown.
    let mut lanes = Vec::new();
    let mut x = area.x + GUTTER;
    for (lane, &width) in widths.iter().enumerate().skip(first_lane) {
        if x + width > area.right() {
            break;
        }
        lanes.push((lane, x, width));
        x += width;
    }
    let last_shown = lanes.last().map_or(first_lane, |&(lane, _, _)| lane);

    let buf = frame.buffer_mut();
    let body_top = area.y + 1;
    // The header: room names, and how many rooms are off screen on either side.
    for &(lane, x, width) in &lanes {
        let name = grid.lanes[lane]
            .room
            .as_ref()
            .map_or("(no room)".to_string(), |r| r.0.clone());
        let style = if grid.lanes[lane].room.is_some() {
            theme.label()
        } else {
            theme.unknown()
        };
        buf.set_string(x, area.y, "│", theme.border());
        buf.set_stringn(
            x + 1,
            area.y,
            truncate(&name, width as usize - 1),
            width as usize - 1,
            style,
        );
    }
    if first_lane > 0 {
        buf.set_stringn(
            area.x,
            area.y,
            format!("‹{first_lane}"),
            GUTTER as usize,
            theme.secondary(),
        );
    }
    let after = grid.lanes.len() - 1 - last_shown;
    if after > 0 {
        let text = format!(" {after}›");
        let width = text.chars().count() as u16;
        buf.set_string(area.right() - width, area.y, text, theme.secondary());
    }

    // The gutter: a time at every half hour (every row at half-hour rows or longer).
    for r in 0..body_height {
        let row = top + r;
        if row >= grid.rows {
            break;
        }
        let y = body_top + r as u16;
        let at = grid.time_of_row(row);
        if grid.minutes_per_row >= 30 || at.minute() % 30 == 0 {
            buf.set_string(area.x, y, format_time(at, app.zone), theme.time());
        }
        for &(_, x, _) in &lanes {
            buf.set_string(x, y, "│", theme.border());
        }
    }

    // The blocks of the visible lanes that reach the visible rows.
    for &(lane, x, width) in &lanes {
        let columns = grid.lanes[lane].columns as u16;
        let inner = width - 1;
        let column_width = (inner / columns).max(1);
        for block in &grid.lanes[lane].blocks {
            if block.row + block.rows <= top || block.row >= top + body_height {
                continue;
            }
            let bx = x + 1 + block.column as u16 * column_width;
            let bw = if block.column as u16 + 1 == columns {
                (x + width).saturating_sub(bx)
            } else {
                column_width
            };
            if bw == 0 || bx >= x + width {
                continue;
            }
            let first = block.row.max(top);
            let last = (block.row + block.rows).min(top + body_height);
            let y = body_top + (first - top) as u16;
            let height = (last - first) as u16;
            let rect = Rect::new(bx, y, bw, height);
            draw_block(buf, app, theme, block, rect, first - block.row, position);
            state.row_hits.push((rect, day, block.position));
        }
    }

    // The now-line across every room: a rule on empty cells, underlined inside blocks.
    if let Some(row) = now_row.filter(|&row| row >= top && row < top + body_height) {
        let y = body_top + (row - top) as u16;
        buf.set_string(
            area.x,
            y,
            format!("{:<5}", format_time(app.now, app.zone)),
            theme.now_line(),
        );
        let in_block = |x: u16| {
            state
                .row_hits
                .iter()
                .any(|(r, _, _)| r.contains(ratatui::layout::Position::new(x, y)))
        };
        for x in area.x + GUTTER..area.right() {
            let inside = in_block(x);
            let cell = &mut buf[(x, y)];
            if !inside && cell.symbol() == " " {
                cell.set_symbol("─");
                cell.set_style(theme.now_line());
            } else if cell.symbol() != "│" {
                cell.modifier.insert(Modifier::UNDERLINED);
                if theme.color {
                    cell.fg = ratatui::style::Color::Red;
                }
            }
        }
    }
}

/// One session's block: its marker bar, then the star and title, the speakers and the times on
/// the rows there are. `skip` rows of it are above the screen.
#[allow(clippy::too_many_arguments)]
fn draw_block(
    buf: &mut Buffer,
    app: &App,
    theme: &Theme,
    block: &Block,
    rect: Rect,
    skip: usize,
    selected_position: usize,
) {
    let session = &app.schedule.sessions[block.session];
    let mut base = Style::new();
    if session.is_past(app.now) {
        base = base.patch(theme.past());
    }
    if block.position == selected_position {
        base = base.patch(theme.selected());
    }
    let tag = session
        .track
        .as_ref()
        .map(|t| t.0.as_str())
        .or(session.kind.as_deref());
    let bar_style = match tag {
        Some(tag) => base.patch(theme.track(tag)),
        None => base,
    };
    // The bar marks where a block starts (a corner); dashed all along, an end that is not
    // known (the block has the assumed length).
    let bar = |line: usize| match (line, block.end_unknown) {
        (_, true) => "┆",
        (0, false) => "▛",
        (_, false) => "▌",
    };
    let text_width = rect.width.saturating_sub(1) as usize;

    let starred = app.starred.contains(&session.id);
    let clashing = app.clashing.contains(&session.id);
    let mut sign = String::new();
    let mut sign_style = base;
    if starred {
        sign.push('★');
        sign_style = base.patch(if clashing {
            theme.clash()
        } else {
            theme.star()
        });
    }
    if starred && app.priorities.get(&session.id) == Some(&crate::favourites::Priority::Must) {
        sign.push('!');
    }
    let changed = app.change_of(session).is_some();
    if changed {
        sign.push('◆');
    }
    if app.notes.contains_key(&session.id) {
        sign.push('✎');
    }

    // The lines the block has room for: the title (wrapped), the speakers, the times.
    let rows = block.rows;
    let sign_width = sign.chars().count() + usize::from(!sign.is_empty());
    let title_rows = match rows {
        0..=2 => 1,
        _ => (rows - 2).max(1),
    };
    let mut title_lines = wrap(
        session.title.trim(),
        text_width.saturating_sub(sign_width).max(1),
    );
    if title_lines.len() > title_rows {
        let rest = title_lines[title_rows - 1..].join(" ");
        title_lines.truncate(title_rows - 1);
        title_lines.push(truncate(&rest, text_width.saturating_sub(sign_width)));
    }
    let mut lines: Vec<(String, Style)> = title_lines
        .into_iter()
        .map(|l| (l, base.add_modifier(Modifier::BOLD)))
        .collect();
    if !session.speakers.is_empty() {
        lines.push((session.speaker_names(), base.patch(theme.secondary())));
    }
    let end = if block.end_unknown {
        "end unknown".to_string()
    } else {
        format_time(session.effective_end(), app.zone)
    };
    lines.push((
        format!("{}–{end}", format_time(session.start, app.zone)),
        base.patch(theme.time()),
    ));

    for r in 0..rect.height {
        let y = rect.y + r;
        let line = skip + r as usize;
        buf.set_string(rect.x, y, bar(line), bar_style);
        let mut x = rect.x + 1;
        let mut room = text_width;
        if line == 0 && !sign.is_empty() {
            buf.set_stringn(x, y, &sign, room, sign_style);
            let used = sign.chars().count() as u16;
            x += used;
            room = room.saturating_sub(used as usize);
            if room > 0 {
                buf.set_string(x, y, " ", base);
                x += 1;
                room -= 1;
            }
        }
        let (text, style) = lines
            .get(line)
            .map_or((String::new(), base), |(t, s)| (truncate(t, room), *s));
        let (end_x, _) = buf.set_stringn(x, y, &text, room, style);
        // The rest of the row in the block's style, so the selection covers the whole block.
        for fill in end_x..rect.right() {
            buf[(fill, y)].set_symbol(" ").set_style(base);
        }
    }
}
