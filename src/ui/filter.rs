//! The filter panel: the letters typed, then each facet's values with how many sessions each
//! would leave, chosen ones ticked; beside it the day shows what the filter leaves.

use super::theme::Theme;
use super::{UiState, truncate};
use crate::app::{App, PanelEntry};
use crate::filter::Facet;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

/// A facet's heading: "Track", "Room", …
fn heading(facet: Facet) -> String {
    let name = facet.name();
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect::<String>()
    })
}

/// Draws the panel in `area`.
pub fn render_filter(frame: &mut Frame, app: &App, state: &mut UiState, theme: &Theme, area: Rect) {
    if area.height == 0 || area.width < 8 {
        return;
    }
    let width = area.width as usize;
    let panel = &app.filter_panel;
    let (shown, total) = app.filtered_count();
    let mut lines = vec![
        Line::from(vec![
            Span::styled(" Filter ", theme.label()),
            Span::styled(format!("{shown} of {total} sessions"), theme.secondary()),
        ]),
        Line::from(vec![
            Span::styled(" narrow: ", theme.secondary()),
            Span::raw(panel.query.clone()),
            Span::styled("▏", theme.secondary()),
        ]),
    ];
    let top = lines.len();
    let body = (area.height as usize).saturating_sub(top);
    // Keep the cursor in view.
    let cursor = panel.cursor;
    let mut offset = state
        .filter_offset
        .min(panel.entries.len().saturating_sub(1));
    if cursor < offset {
        offset = cursor.saturating_sub(1);
    } else if body > 0 && cursor >= offset + body {
        offset = cursor + 1 - body;
    }
    state.filter_offset = offset;
    state.page_size = body.max(1);
    for (i, entry) in panel.entries.iter().enumerate().skip(offset).take(body) {
        let selected = i == cursor;
        let mut base = Style::new();
        if selected {
            base = base.patch(theme.selected());
        }
        let tick = |on: bool| if on { "[x] " } else { "[ ] " };
        let (text, count, style) = match entry {
            PanelEntry::Heading(facet, chosen) => {
                let more = match chosen {
                    0 => String::new(),
                    n => format!(" · {n} chosen"),
                };
                (
                    format!(" {}{more}", heading(*facet)),
                    String::new(),
                    theme.label(),
                )
            }
            PanelEntry::Value {
                label,
                count,
                chosen,
                ..
            } => {
                let style = if *count == 0 && !chosen {
                    base.patch(theme.past())
                } else {
                    base
                };
                (
                    format!("   {}{label}", tick(*chosen)),
                    count.to_string(),
                    style,
                )
            }
            PanelEntry::Starred(on) => (
                format!(" {}starred only", tick(*on)),
                String::new(),
                base.add_modifier(Modifier::BOLD),
            ),
            PanelEntry::Upcoming(on) => (
                format!(" {}not over yet", tick(*on)),
                String::new(),
                base.add_modifier(Modifier::BOLD),
            ),
        };
        let room = width.saturating_sub(count.width() + 2);
        let text = truncate(&text, room);
        let gap = width.saturating_sub(text.width() + count.width() + 1);
        lines.push(Line::from(vec![
            Span::styled(text, style),
            Span::styled(" ".repeat(gap), style),
            Span::styled(format!("{count} "), style.patch(theme.secondary())),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
