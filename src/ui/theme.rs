//! Every style hallway draws with, in one place. `NO_COLOR` turns colour off and leaves bold,
//! dim and reverse to carry the meaning.

use ratatui::style::{Color, Modifier, Style};

/// The styles of one run of the interface.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
}

/// Colours for tracks, chosen to stay readable on dark and light backgrounds.
const TRACK_COLOURS: [Color; 10] = [
    Color::Cyan,
    Color::Magenta,
    Color::Green,
    Color::Yellow,
    Color::Blue,
    Color::LightRed,
    Color::LightCyan,
    Color::LightMagenta,
    Color::LightGreen,
    Color::LightBlue,
];

impl Theme {
    /// Colour unless the `NO_COLOR` convention asks for none.
    pub fn from_env() -> Theme {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    fn fg(&self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    pub fn title(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub fn tab(&self) -> Style {
        Style::new()
    }
    pub fn tab_selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }
    pub fn tab_today(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::UNDERLINED)
    }
    /// The selected row: background and bold only, so other foreground colours stay visible.
    pub fn selected(&self) -> Style {
        if self.color {
            Style::new()
                .bg(Color::DarkGray)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }
    pub fn time(&self) -> Style {
        self.fg(Color::Yellow)
    }
    pub fn past(&self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }
    pub fn secondary(&self) -> Style {
        self.fg(Color::Gray)
    }
    pub fn now_line(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
    pub fn label(&self) -> Style {
        self.fg(Color::Gray).add_modifier(Modifier::BOLD)
    }
    pub fn unknown(&self) -> Style {
        Style::new().add_modifier(Modifier::ITALIC | Modifier::DIM)
    }
    pub fn link(&self) -> Style {
        self.fg(Color::Blue).add_modifier(Modifier::UNDERLINED)
    }
    pub fn key(&self) -> Style {
        self.fg(Color::Black)
            .bg(if self.color {
                Color::Gray
            } else {
                Color::Reset
            })
            .add_modifier(Modifier::BOLD)
    }
    /// Matched letters of a search: foreground and bold, so they show on the selected row too.
    pub fn matched(&self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::LightYellow)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        }
    }
    /// A starred session's star.
    pub fn star(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
    /// A starred session that overlaps another starred one.
    pub fn clash(&self) -> Style {
        self.fg(Color::LightRed).add_modifier(Modifier::BOLD)
    }
    pub fn status(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
    /// A session the last schedule update changed, not yet looked at.
    pub fn changed(&self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::LightMagenta)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        }
    }
    /// The reminder banner: a starred session starts soon. Reverse video without colour.
    pub fn banner(&self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }
    pub fn border(&self) -> Style {
        self.fg(Color::DarkGray)
    }

    /// The colour of the `n`th of several schedules opened as one (its label in the lists and
    /// the details); bold, so it reads without colour too.
    pub fn source(&self, n: usize) -> Style {
        const SOURCE_COLOURS: [Color; 4] =
            [Color::Cyan, Color::Magenta, Color::Yellow, Color::Green];
        self.fg(SOURCE_COLOURS[n % SOURCE_COLOURS.len()])
            .add_modifier(Modifier::BOLD)
    }

    /// A stable colour for a track: the same name gets the same colour on every run.
    pub fn track(&self, name: &str) -> Style {
        // FNV-1a: a fixed hash, unlike std's randomly seeded one.
        let mut hash: u32 = 0x811c_9dc5;
        for byte in name.bytes() {
            hash = (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193);
        }
        self.fg(TRACK_COLOURS[hash as usize % TRACK_COLOURS.len()])
    }
}
