//! The help overlay: every key of every mode, generated from the key table.

use super::theme::Theme;
use crate::app::App;
use crate::keys::{self, BINDINGS, Mode};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

fn mode_title(mode: Mode) -> &'static str {
    match mode {
        Mode::Browse => "Timeline",
        Mode::Grid => "Grid of rooms (v)",
        Mode::Filter => "Filter (f)",
        Mode::Search => "Search (/)",
        Mode::Agenda => "My agenda (a)",
        Mode::Now => "On now and next (w)",
        Mode::Help => "This help",
        Mode::Note => "Note editor (e)",
    }
}

/// Width of the keys column, indent included.
const KEYS_WIDTH: usize = 24;

/// A row of the help: keys (or a sign) and what they do, wrapped under itself to `width`.
fn row(lines: &mut Vec<Line<'static>>, theme: &Theme, keys: &str, about: &str, width: usize) {
    let about_width = width.saturating_sub(KEYS_WIDTH).max(12);
    for (i, part) in super::wrap(about, about_width).into_iter().enumerate() {
        let left = if i == 0 {
            format!("  {keys:<width$}", width = KEYS_WIDTH - 2)
        } else {
            " ".repeat(KEYS_WIDTH)
        };
        lines.push(Line::from(vec![
            Span::styled(left, theme.time()),
            Span::raw(part),
        ]));
    }
}

/// Every line of the help, in the order of the key table, wrapped to `width` columns.
pub fn help_lines(theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut mode = None;
    for binding in BINDINGS {
        if mode != Some(binding.mode) {
            if mode.is_some() {
                lines.push(Line::default());
            }
            mode = Some(binding.mode);
            lines.push(Line::styled(mode_title(binding.mode), theme.label()));
        }
        row(
            &mut lines,
            theme,
            &keys::keys_label(binding),
            binding.about,
            width,
        );
    }
    lines.push(Line::default());
    lines.push(Line::styled("Signs", theme.label()));
    for (sign, means) in [
        (
            "★",
            "starred; red when it clashes with another starred session",
        ),
        ("clash", "overlaps another starred session"),
        (
            "new, moved…",
            "changed by the last `hallway update` (◆ in the details)",
        ),
        (
            "★ in 4 min: …",
            "reminder: a starred session starts soon; bell and desktop notification (--remind, --no-notify)",
        ),
        ("── now 10:42", "the current time on today's timeline"),
        (
            "▛ ┆",
            "grid: where a block starts; a session whose end is not known",
        ),
        (
            "‹3  12›",
            "grid: rooms off screen to the left and to the right",
        ),
    ] {
        row(&mut lines, theme, sign, means, width);
    }
    lines.push(Line::default());
    lines.push(Line::styled("Mouse", theme.label()));
    for (what, does) in [
        (
            "click",
            "select a session (timeline, agenda, now and next) or a day tab",
        ),
        ("wheel", "move in the timeline, scroll the details"),
    ] {
        row(&mut lines, theme, what, does, width);
    }
    lines
}

/// Draws the help in a box over the middle of the screen.
pub fn render_help(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let width = area.width.saturating_sub(4).min(84);
    let lines = help_lines(theme, width.saturating_sub(2) as usize);
    let height = area.height.saturating_sub(2).min(lines.len() as u16 + 2);
    let popup = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(" hallway keys · ? or Esc closes ");
    let inner_height = block.inner(popup).height as usize;
    let scroll = (app.help.scroll as usize).min(lines.len().saturating_sub(inner_height));
    let visible: Vec<Line> = lines.into_iter().skip(scroll).take(inner_height).collect();
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(visible).block(block), popup);
}
