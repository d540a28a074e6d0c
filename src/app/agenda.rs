//! My agenda: the starred sessions in time order, with the stars whose session is gone.

use super::App;
use crate::keys::{Action, Mode};

/// The agenda's own state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Agenda {
    /// The selected entry, by its position in `App::agenda_entries`.
    pub selected: usize,
}

impl App {
    /// The starred sessions, as indices into the schedule, in time order: the agenda's entries.
    pub fn agenda_entries(&self) -> Vec<usize> {
        self.all_days
            .iter()
            .flat_map(|d| d.sessions.iter().copied())
            .filter(|&i| self.starred.contains(&self.schedule.sessions[i].id))
            .collect()
    }

    /// The selected entry of the agenda, as an index into the schedule.
    pub(super) fn selected_agenda_entry(&self) -> Option<usize> {
        self.agenda_entries().get(self.agenda.selected).copied()
    }

    /// Opens the agenda on the first starred session that is not over.
    pub(super) fn open_agenda(&mut self) {
        self.mode = Mode::Agenda;
        self.detail.scroll = 0;
        let agenda = self.agenda_entries();
        self.agenda.selected = agenda
            .iter()
            .position(|&i| !self.schedule.sessions[i].is_past(self.now))
            .unwrap_or(agenda.len().saturating_sub(1));
    }

    pub(super) fn update_agenda(&mut self, action: Action) -> Vec<super::Effect> {
        let agenda = self.agenda_entries();
        let mut selected = self.agenda.selected;
        if self.move_in_list(&mut selected, agenda.len(), &action) {
            self.agenda.selected = selected;
            return vec![];
        }
        match action {
            Action::GoToSelected => {
                if let Some(&index) = agenda.get(self.agenda.selected) {
                    self.mode = self.day_mode();
                    self.go_to_session(index);
                }
            }
            Action::ToggleAgenda => self.mode = self.day_mode(),
            Action::ToggleZone => self.toggle_zone(),
            _ => {}
        }
        vec![]
    }
}
