//! The help overlay: the keys and the legend of signs, scrolled.

use super::App;
use crate::keys::{Action, Mode};

/// The help overlay's own state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Help {
    pub scroll: u16,
}

impl App {
    pub(super) fn open_help(&mut self) {
        self.mode = Mode::Help;
        self.help.scroll = 0;
    }

    pub(super) fn update_help(&mut self, action: Action) {
        match action {
            Action::SelectNext => self.help.scroll = self.help.scroll.saturating_add(1),
            Action::SelectPrev => self.help.scroll = self.help.scroll.saturating_sub(1),
            Action::ToggleHelp => self.mode = self.day_mode(),
            _ => {}
        }
    }
}
