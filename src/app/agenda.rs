//! My agenda: the starred sessions in time order, with the stars whose session is gone.

use super::App;
use crate::keys::{Action, Mode};

/// The agenda's own state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Agenda {
    /// The selected entry, by its position in `App::agenda_entries`.
    pub selected: usize,
    /// The session to keep selected once the stars change (after keeping one of a clash,
    /// the others' entries go and the positions move).
    pub follow: Option<crate::model::SessionId>,
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

    /// The clashes among the entries: each a run of entries (positions in `agenda_entries`)
    /// that overlap one another in a chain, two or more, in time order.
    pub fn clash_slots(&self) -> Vec<std::ops::Range<usize>> {
        let entries = self.agenda_entries();
        let sessions = &self.schedule.sessions;
        let mut slots = Vec::new();
        let mut start = 0;
        let mut end_of_slot = None;
        for (position, &i) in entries.iter().enumerate() {
            let session = &sessions[i];
            match end_of_slot {
                Some(end) if session.start < end => {
                    end_of_slot = Some(end.max(session.effective_end()));
                }
                _ => {
                    if position - start >= 2 {
                        slots.push(start..position);
                    }
                    start = position;
                    end_of_slot = Some(session.effective_end());
                }
            }
        }
        if entries.len() - start >= 2 {
            slots.push(start..entries.len());
        }
        slots
    }

    /// Steps to the next clash after the selected entry (round to the first): selects its
    /// first session and says where the walk is.
    fn next_clash(&mut self) {
        let slots = self.clash_slots();
        if slots.is_empty() {
            self.status = Some("no clashes among the starred sessions".into());
            return;
        }
        let selected = self.agenda.selected;
        let (n, slot) = slots
            .iter()
            .enumerate()
            .find(|(_, slot)| slot.start > selected)
            .unwrap_or((0, &slots[0]));
        self.agenda.selected = slot.start;
        self.detail.scroll = 0;
        self.status = Some(format!(
            "clash {} of {}: {} sessions at once; j/k choose, x keeps the one selected, c the next clash",
            n + 1,
            slots.len(),
            slot.len()
        ));
    }

    /// Keeps the selected session of its clash and unstars the others in it.
    fn keep_one(&mut self) -> Vec<super::Effect> {
        if let Some(why) = &self.stars_read_only {
            self.status = Some(why.clone());
            return vec![];
        }
        let selected = self.agenda.selected;
        let Some(slot) = self
            .clash_slots()
            .into_iter()
            .find(|s| s.contains(&selected))
        else {
            self.status = Some("this session clashes with nothing: c goes to a clash".into());
            return vec![];
        };
        let entries = self.agenda_entries();
        let kept = &self.schedule.sessions[entries[selected]];
        // Only the ones it overlaps go: in a chain, a later one may not clash with it.
        let others: Vec<crate::model::SessionId> = slot
            .filter(|&p| p != selected)
            .map(|p| &self.schedule.sessions[entries[p]])
            .filter(|s| s.overlaps(kept))
            .map(|s| s.id.clone())
            .collect();
        self.status = Some(format!(
            "kept {}; {} unstarred (s on one stars it back) · c: next clash",
            crate::text::quote(&kept.title),
            others.len()
        ));
        self.agenda.follow = Some(kept.id.clone());
        others.into_iter().map(super::Effect::ToggleStar).collect()
    }

    /// Jumps to what starts in the free time after the selected pick (until the next pick
    /// of the same day, or the end of the day), in the day's timeline with the filter on, so
    /// the nearest in time is selected first; the status line says how many start then.
    fn free_time(&mut self) {
        let entries = self.agenda_entries();
        let selected = self.agenda.selected;
        let Some(&index) = entries.get(selected) else {
            return;
        };
        let sessions = &self.schedule.sessions;
        let pick = &sessions[index];
        let date = self.schedule.day_of(pick);
        let from = pick.effective_end();
        let until = entries
            .get(selected + 1)
            .map(|&j| &sessions[j])
            .filter(|next| self.schedule.day_of(next) == date)
            .map(|next| next.start);
        if until.is_some_and(|until| until <= from) {
            self.status = Some("no free time after this: the next pick starts as it ends".into());
            return;
        }
        let Some(day) = self.days.iter().position(|d| d.date == date) else {
            self.status = Some("its day is hidden by the filter (F clears it)".into());
            return;
        };
        let in_gap: Vec<usize> = self.days[day]
            .sessions
            .iter()
            .copied()
            .filter(|&i| {
                let s = &sessions[i];
                s.start >= from && until.is_none_or(|u| s.start < u)
            })
            .collect();
        let span = match until {
            Some(until) => format!(
                "{}–{}",
                crate::ui::format_time(from, self.zone),
                crate::ui::format_time(until, self.zone)
            ),
            None => format!("after {}", crate::ui::format_time(from, self.zone)),
        };
        let filtered = if self.filter.is_empty() {
            ""
        } else {
            " (with the filter)"
        };
        let Some(&nearest) = in_gap.first() else {
            self.status = Some(format!("free {span}: nothing starts then{filtered}"));
            return;
        };
        let count = match in_gap.len() {
            1 => "1 session starts".to_string(),
            n => format!("{n} sessions start"),
        };
        self.mode = self.day_mode();
        self.go_to_session(nearest);
        self.status = Some(format!(
            "free {span}: {count} then{filtered}, the nearest selected · a: back to the agenda"
        ));
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
            Action::NextClash => self.next_clash(),
            Action::KeepOne => return self.keep_one(),
            Action::FreeTime => self.free_time(),
            Action::ToggleZone => self.toggle_zone(),
            _ => {}
        }
        vec![]
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::app::Effect;
    use crate::keys::Action;

    #[test]
    fn the_clash_walk_steps_to_each_clash_and_keeps_one() {
        let mut app = app_at("2024-03-21T09:00");
        // "Product Market Misfit" (14:30) runs into "Istio Project Update" (15:25).
        app.schedule.sessions[3].end = app.schedule.sessions[4]
            .start
            .checked_add_signed(chrono::Duration::minutes(5));
        let misfit = app.schedule.sessions[3].id.clone();
        let update = app.schedule.sessions[4].id.clone();
        let first = app.schedule.sessions[0].id.clone();
        app.set_stars([first.clone(), misfit.clone(), update.clone()].into());
        app.update(Action::ToggleAgenda);
        assert_eq!(app.clash_slots(), vec![1..3]);
        // x on a session that clashes with nothing changes nothing.
        app.update(Action::SelectFirst);
        assert_eq!(app.update(Action::KeepOne), vec![]);
        // c goes to the clash, at its first session, and round again to it.
        app.update(Action::NextClash);
        assert_eq!(app.selected_session().unwrap().id, misfit);
        assert!(app.status.as_deref().unwrap().starts_with("clash 1 of 1"));
        app.update(Action::NextClash);
        assert_eq!(app.selected_session().unwrap().id, misfit);
        // Keeping the second unstars the first; once saved, the kept one stays selected.
        app.update(Action::SelectNext);
        assert_eq!(
            app.update(Action::KeepOne),
            vec![Effect::ToggleStar(misfit.clone())]
        );
        app.set_stars([first, update.clone()].into());
        assert_eq!(app.selected_session().unwrap().id, update);
        assert!(app.clash_slots().is_empty());
        app.update(Action::NextClash);
        assert_eq!(
            app.status.as_deref(),
            Some("no clashes among the starred sessions")
        );
    }

    #[test]
    fn free_time_after_a_pick_jumps_to_what_starts_then() {
        let now = crate::time::parse_now("2024-03-20T08:00", chrono_tz::Europe::Paris).unwrap();
        let mut app = crate::app::App::new(rooms_schedule(), now, chrono_tz::Europe::Paris);
        // a (9:00-10:00) and d (11:00-11:30) picked: free 10:00-11:00, when b starts (c is
        // on already).
        app.set_stars(["a".into(), "d".into()].into());
        app.update(Action::ToggleAgenda);
        app.update(Action::SelectFirst);
        app.update(Action::FreeTime);
        assert_eq!(app.mode, crate::keys::Mode::Browse);
        assert_eq!(app.selected_session().unwrap().id.0, "b");
        assert_eq!(
            app.status.as_deref(),
            Some(
                "free 10:00–11:00: 1 session starts then, the nearest selected · a: back to the agenda"
            )
        );
        // After the day's last pick: what starts after it that day (the party at 00:30).
        app.update(Action::ToggleAgenda);
        app.update(Action::SelectNext);
        assert_eq!(app.selected_session().unwrap().id.0, "d");
        app.update(Action::FreeTime);
        assert_eq!(app.selected_session().unwrap().id.0, "party");
    }
}
