//! The filter every view reads, and the panel that sets it: each facet's values with their
//! counts (counts that follow the other facets), moved through and toggled from the keyboard,
//! narrowed by typing. Days keep their tabs when the filter empties them.

use super::{App, Effect};
use crate::filter::{Facet, Filter};
use crate::keys::{Action, Mode};
use crate::model::Day;

/// One line of the panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PanelEntry {
    /// The heading of a facet, with how many of its values are chosen.
    Heading(Facet, usize),
    /// A value: its facet, key, label, sessions it would leave, whether it is chosen.
    Value {
        facet: Facet,
        key: String,
        label: String,
        count: usize,
        chosen: bool,
    },
    /// Only starred sessions.
    Starred(bool),
    /// Only sessions not over yet.
    Upcoming(bool),
}

impl PanelEntry {
    /// Whether the cursor can stop on it (headings are only read).
    pub fn selectable(&self) -> bool {
        !matches!(self, PanelEntry::Heading(..))
    }
}

/// The panel's own state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterPanel {
    /// Letters typed to narrow long lists of values (72 rooms at 38C3).
    pub query: String,
    /// The entry under the cursor, by its index in `entries`.
    pub cursor: usize,
    /// The lines shown, worked out when the filter or the query change.
    pub entries: Vec<PanelEntry>,
}

impl App {
    /// Opens the panel on the filter as it is.
    pub(super) fn open_filter(&mut self) {
        self.mode = Mode::Filter;
        self.filter_panel.query.clear();
        self.filter_panel.cursor = 0;
        self.refresh_panel();
        self.move_panel_cursor(0, 1);
    }

    /// The active filter in words, as the filter line shows it.
    pub fn filter_description(&self) -> String {
        self.filter.describe(self.facets())
    }

    /// The facet values of every session (worked out once).
    pub(super) fn facets(&self) -> &crate::filter::FacetIndex {
        self.facets
            .get_or_init(|| crate::filter::FacetIndex::new(&self.schedule))
    }

    /// Whether a session (by its index) passes the filter.
    pub(super) fn passes_filter(&self, compiled: &crate::filter::Compiled, index: usize) -> bool {
        self.facets().passes(
            compiled,
            &self.schedule,
            index,
            &self.starred,
            self.now,
            None,
        )
    }

    /// The sessions the filter leaves, of all.
    pub fn filtered_count(&self) -> (usize, usize) {
        let shown = self.days.iter().map(|d| d.sessions.len()).sum();
        (shown, self.schedule.sessions.len())
    }

    /// Sets the filter: the days are narrowed again, each day keeps its selected session when
    /// it still passes (else the nearest one that does), and the grid is laid out anew.
    pub fn set_filter(&mut self, filter: Filter) {
        self.filter = filter;
        self.apply_filter();
    }

    /// Narrows every day to the sessions that pass the filter (days stay, maybe empty).
    pub(super) fn apply_filter(&mut self) {
        let kept: Vec<Option<usize>> = (0..self.days.len())
            .map(|day| {
                let position = *self.timeline.selected.get(day)?;
                self.days[day].sessions.get(position).copied()
            })
            .collect();
        // Nothing to narrow: the facet index (a few hundred ms at 100,000 sessions) is not
        // needed for the first frame.
        let days: Vec<Day> = if self.filter.is_empty() {
            self.all_days.clone()
        } else {
            let compiled = self.facets().compile(&self.filter);
            self.all_days
                .iter()
                .map(|d| Day {
                    date: d.date,
                    sessions: d
                        .sessions
                        .iter()
                        .copied()
                        .filter(|&i| self.passes_filter(&compiled, i))
                        .collect(),
                })
                .collect()
        };
        for (day, d) in days.iter().enumerate() {
            let all = &self.all_days[day].sessions;
            // The selected session, or the first one that passes from where it was.
            let position = match kept.get(day).copied().flatten() {
                Some(index) => {
                    let from = all.iter().position(|&i| i == index).unwrap_or(0);
                    all[from..]
                        .iter()
                        .find_map(|i| d.sessions.iter().position(|j| j == i))
                        .unwrap_or(d.sessions.len().saturating_sub(1))
                }
                None => 0,
            };
            if let Some(slot) = self.timeline.selected.get_mut(day) {
                *slot = position;
            }
        }
        self.days = days;
        self.version += 1;
        self.grid = super::Grid::new(self.days.len());
        self.detail.scroll = 0;
        self.refresh_search();
        let entries = self.now_entries().len();
        self.now_next.selected = self.now_next.selected.min(entries.saturating_sub(1));
        if self.mode == Mode::Filter {
            self.refresh_panel();
        }
    }

    /// Works out the panel's lines for the filter and the query.
    fn refresh_panel(&mut self) {
        let query = crate::filter::value_key(&self.filter_panel.query);
        let mut entries = Vec::new();
        for facet in Facet::ALL {
            let values = self.facets().values(
                &self.schedule,
                facet,
                &self.filter,
                &self.starred,
                Some(self.now),
            );
            // A facet with a single value filters nothing, unless it is chosen.
            if values.len() < 2 && !self.filter.values.contains_key(&facet) {
                continue;
            }
            let chosen = self.filter.values.get(&facet).map_or(0, |c| c.len());
            let heading_at = entries.len();
            entries.push(PanelEntry::Heading(facet, chosen));
            for value in values {
                let chosen = self.filter.has(facet, &value.key);
                if !chosen
                    && !query.is_empty()
                    && !crate::filter::value_key(&value.label).contains(&query)
                {
                    continue;
                }
                entries.push(PanelEntry::Value {
                    facet,
                    chosen,
                    key: value.key,
                    label: value.label,
                    count: value.count,
                });
            }
            // A facet none of whose values match the letters typed is left out.
            if entries.len() == heading_at + 1 {
                entries.pop();
            }
        }
        entries.push(PanelEntry::Starred(self.filter.starred));
        entries.push(PanelEntry::Upcoming(self.filter.upcoming));
        self.filter_panel.entries = entries;
        let last = self.filter_panel.entries.len().saturating_sub(1);
        self.filter_panel.cursor = self.filter_panel.cursor.min(last);
        if !self.filter_panel.entries[self.filter_panel.cursor].selectable() {
            self.move_panel_cursor(self.filter_panel.cursor, 1);
        }
    }

    /// Puts the cursor on the first selectable entry from `from` in `direction` (±1).
    fn move_panel_cursor(&mut self, from: usize, direction: isize) {
        let entries = &self.filter_panel.entries;
        let mut at = from as isize;
        while at >= 0 && (at as usize) < entries.len() {
            if entries[at as usize].selectable() {
                self.filter_panel.cursor = at as usize;
                return;
            }
            at += direction;
        }
    }

    /// The cursor's entry moves to the next facet's first value (or the previous facet's).
    fn jump_facet(&mut self, forward: bool) {
        let entries = &self.filter_panel.entries;
        let cursor = self.filter_panel.cursor;
        let heading = |i: usize| !entries[i].selectable() || i + 2 >= entries.len();
        let target = if forward {
            (cursor + 1..entries.len()).find(|&i| heading(i))
        } else {
            let current = (0..cursor).rev().find(|&i| heading(i)).unwrap_or(0);
            (0..current).rev().find(|&i| heading(i))
        };
        match target {
            Some(i) => self.move_panel_cursor(i, 1),
            None if !forward => self.move_panel_cursor(0, 1),
            None => {}
        }
    }

    pub(super) fn update_filter_panel(&mut self, action: Action) -> Vec<Effect> {
        let before = self.filter.clone();
        match action {
            Action::SelectNext => {
                let cursor = self.filter_panel.cursor;
                if cursor + 1 < self.filter_panel.entries.len() {
                    self.move_panel_cursor(cursor + 1, 1);
                }
            }
            Action::SelectPrev => {
                let cursor = self.filter_panel.cursor;
                if cursor > 0 {
                    let keep = self.filter_panel.cursor;
                    self.move_panel_cursor(cursor - 1, -1);
                    if !self.filter_panel.entries[self.filter_panel.cursor].selectable() {
                        self.filter_panel.cursor = keep;
                    }
                }
            }
            Action::NextDay => self.jump_facet(true),
            Action::PrevDay => self.jump_facet(false),
            Action::PageDown | Action::PageUp => {
                let page = self.page_size.max(1);
                let last = self.filter_panel.entries.len().saturating_sub(1);
                let cursor = self.filter_panel.cursor;
                if action == Action::PageDown {
                    self.move_panel_cursor((cursor + page).min(last), -1);
                } else {
                    self.move_panel_cursor(cursor.saturating_sub(page), 1);
                }
            }
            Action::ToggleFilterValue => {
                match self
                    .filter_panel
                    .entries
                    .get(self.filter_panel.cursor)
                    .cloned()
                {
                    Some(PanelEntry::Value { facet, key, .. }) => {
                        let mut filter = self.filter.clone();
                        filter.toggle(facet, &key);
                        self.set_filter(filter);
                    }
                    Some(PanelEntry::Starred(on)) => {
                        let mut filter = self.filter.clone();
                        filter.starred = !on;
                        self.set_filter(filter);
                    }
                    Some(PanelEntry::Upcoming(on)) => {
                        let mut filter = self.filter.clone();
                        filter.upcoming = !on;
                        self.set_filter(filter);
                    }
                    Some(PanelEntry::Heading(..)) | None => {}
                }
            }
            Action::SearchInput(c) => {
                self.filter_panel.query.push(c);
                self.filter_panel.cursor = 0;
                self.refresh_panel();
            }
            Action::SearchBackspace => {
                self.filter_panel.query.pop();
                self.refresh_panel();
            }
            Action::SearchClear => {
                self.filter_panel.query.clear();
                self.refresh_panel();
            }
            Action::ClearFilter => self.set_filter(Filter::default()),
            Action::ToggleFilter | Action::SearchCancel => self.mode = self.day_mode(),
            _ => {}
        }
        if self.filter != before {
            vec![Effect::SaveFilter(self.filter.clone())]
        } else {
            vec![]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::time::parse_now;
    use chrono_tz::Europe::Paris;

    fn values(app: &App) -> Vec<(String, usize, bool)> {
        app.filter_panel
            .entries
            .iter()
            .filter_map(|e| match e {
                PanelEntry::Value {
                    label,
                    count,
                    chosen,
                    ..
                } => Some((label.clone(), *count, *chosen)),
                _ => None,
            })
            .collect()
    }

    fn cursor(app: &App) -> &PanelEntry {
        &app.filter_panel.entries[app.filter_panel.cursor]
    }

    #[test]
    fn the_panel_toggles_values_and_every_view_follows() {
        let mut app = App::new(
            rooms_schedule(),
            parse_now("2024-03-20T10:40", Paris).unwrap(),
            Paris,
        );
        let (all, total) = app.filtered_count();
        assert_eq!(all, total);
        app.update(Action::ToggleFilter);
        assert_eq!(app.mode, Mode::Filter);
        // Rooms are the first facet with more than one value here.
        assert!(matches!(
            cursor(&app),
            PanelEntry::Value {
                facet: Facet::Room,
                ..
            }
        ));
        // Narrow by typing, then choose the room.
        for c in "room b".chars() {
            app.update(Action::SearchInput(c));
        }
        let rooms = values(&app);
        assert_eq!(rooms.len(), 1, "{rooms:?}");
        assert_eq!(rooms[0].0, "Room B");
        let effects = app.update(Action::ToggleFilterValue);
        assert!(
            matches!(effects[..], [Effect::SaveFilter(_)]),
            "{effects:?}"
        );
        assert!(matches!(
            cursor(&app),
            PanelEntry::Value { chosen: true, .. }
        ));
        app.update(Action::SearchCancel);
        assert_ne!(app.mode, Mode::Filter);
        // The timeline and now-and-next show Room B only.
        let rooms: Vec<String> = app
            .sessions_on(app.timeline.day)
            .map(|s| s.room.clone().unwrap().0)
            .collect();
        assert!(
            !rooms.is_empty() && rooms.iter().all(|r| r == "Room B"),
            "{rooms:?}"
        );
        assert!(
            app.rooms_now()
                .iter()
                .all(|r| r.room.as_ref().unwrap().0 == "Room B")
        );
        let (shown, _) = app.filtered_count();
        assert_eq!(shown, rooms.len());
        assert!(!app.filter_description().is_empty());
        // F clears it, and says so as an effect to save.
        let effects = app.update(Action::ClearFilter);
        assert!(matches!(effects[..], [Effect::SaveFilter(ref f)] if f.is_empty()));
        assert_eq!(app.filtered_count(), (total, total));
    }

    #[test]
    fn the_selection_stays_when_it_passes_and_days_stay_when_emptied() {
        let mut app = app_at("2024-03-20T10:30");
        let selected = app.selected_session().unwrap().id.clone();
        let track = app
            .selected_session()
            .and_then(|s| s.track.clone())
            .map(|t| crate::filter::value_key(&t.0));
        let days = app.days.len();
        let mut filter = Filter::default();
        filter.toggle(Facet::Track, track.as_deref().unwrap_or(""));
        app.set_filter(filter);
        assert_eq!(app.days.len(), days);
        assert_eq!(app.selected_session().unwrap().id, selected);
        assert!(app.days.iter().any(|d| d.sessions.is_empty()));
        // An empty day shows nothing, and nothing panics on it.
        let empty = app.days.iter().position(|d| d.sessions.is_empty()).unwrap();
        app.update(Action::GoToDay(empty + 1));
        assert_eq!(app.selected_session(), None);
        for action in [
            Action::SelectNext,
            Action::ToggleLayout,
            Action::SelectRight,
        ] {
            app.update(action);
        }
        // Starred only: follows the stars as they change; the agenda still lists them all.
        let mut app = app_at("2024-03-20T10:30");
        app.set_filter(Filter {
            starred: true,
            ..Filter::default()
        });
        assert_eq!(app.filtered_count().0, 0);
        let first = app.schedule.sessions[0].id.clone();
        app.set_stars([first.clone()].into());
        assert_eq!(app.filtered_count().0, 1);
        assert_eq!(app.agenda_entries().len(), 1);
    }

    #[test]
    fn search_results_pass_the_filter() {
        let mut app = app_at("2024-03-19T09:00");
        app.update(Action::OpenSearch);
        for c in "istio".chars() {
            app.update(Action::SearchInput(c));
        }
        let all = app.search_len();
        assert!(all >= 3);
        app.update(Action::SearchCancel);
        // Only the first day's sessions.
        let mut filter = Filter::default();
        filter.toggle(Facet::Day, &app.days[0].date.to_string());
        app.set_filter(filter);
        app.update(Action::OpenSearch);
        for c in "istio".chars() {
            app.update(Action::SearchInput(c));
        }
        let narrowed = app.search_len();
        assert!(narrowed < all && narrowed > 0, "{narrowed} of {all}");
        let hits = app.search_hits(0..narrowed);
        assert_eq!(hits.len(), narrowed);
        let day0 = &app.days[0].sessions;
        assert!(hits.iter().all(|h| day0.contains(&h.session)));
    }
}
