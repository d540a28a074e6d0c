//! The day's timeline: the day shown, the selected session of each day, and moving through
//! them (by row, by page, by day, to now, to a session found elsewhere).

use super::{App, Phase};
use crate::keys::Action;
use crate::model::Session;

/// The timeline's own state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    /// The day shown, an index into `App::days`.
    pub day: usize,
    /// The selected row of each day, so that coming back to a day finds it as it was left.
    pub selected: Vec<usize>,
}

impl Timeline {
    pub(super) fn new(days: usize) -> Timeline {
        Timeline {
            day: 0,
            selected: vec![0; days],
        }
    }
}

impl App {
    /// During the conference: the day of the session on now or next, at that session. Before a
    /// day-change hour (FOSDEM's is 09:00) "today" is still the evening before; once its
    /// sessions are over, that is the next day. Between conference days, the next one.
    pub(super) fn open_on_today(&mut self) {
        let day = match self.phase() {
            Phase::During(_) => self.current_day(),
            Phase::Between => self.now_next_day(),
            Phase::Before | Phase::After => None,
        };
        if let Some(day) = day {
            self.timeline.day = day;
            self.timeline.selected[day] = self.position_at_now(day);
        }
    }

    /// The sessions of a day, in timeline order.
    pub fn sessions_on(&self, day: usize) -> impl Iterator<Item = &Session> {
        self.days
            .get(day)
            .into_iter()
            .flat_map(|d| d.sessions.iter().map(|&i| &self.schedule.sessions[i]))
    }

    /// The selected session of the day shown, as an index into the schedule.
    pub(super) fn selected_timeline_session(&self) -> Option<usize> {
        let day = self.days.get(self.timeline.day)?;
        day.sessions
            .get(*self.timeline.selected.get(self.timeline.day)?)
            .copied()
    }

    /// The position in a day of the first session that is on now or still to come; the last
    /// one when all are over.
    pub(super) fn position_at_now(&self, day: usize) -> usize {
        let sessions: Vec<&Session> = self.sessions_on(day).collect();
        sessions
            .iter()
            .position(|s| !s.is_past(self.now))
            .unwrap_or(sessions.len().saturating_sub(1))
    }

    pub(super) fn day_len(&self) -> usize {
        self.days
            .get(self.timeline.day)
            .map_or(0, |d| d.sessions.len())
    }

    pub(super) fn select(&mut self, position: usize) {
        let len = self.day_len();
        if let Some(slot) = self.timeline.selected.get_mut(self.timeline.day) {
            let position = position.min(len.saturating_sub(1));
            if *slot != position {
                self.detail.scroll = 0;
            }
            *slot = position;
        }
    }

    pub(super) fn show_day(&mut self, day: usize) {
        if day < self.days.len() && day != self.timeline.day {
            self.timeline.day = day;
            self.detail.scroll = 0;
        }
    }

    pub(super) fn current(&self) -> usize {
        self.timeline
            .selected
            .get(self.timeline.day)
            .copied()
            .unwrap_or(0)
    }

    pub(super) fn update_timeline(&mut self, action: Action) {
        match action {
            Action::SelectPrev => self.select(self.current().saturating_sub(1)),
            Action::SelectNext => self.select(self.current() + 1),
            Action::PageUp => self.select(self.current().saturating_sub(self.page_size.max(1))),
            Action::PageDown => self.select(self.current() + self.page_size.max(1)),
            Action::SelectFirst => self.select(0),
            Action::SelectLast => self.select(usize::MAX),
            Action::PrevDay => self.show_day(self.timeline.day.saturating_sub(1)),
            Action::NextDay => self.show_day(self.timeline.day + 1),
            Action::GoToDay(n) => {
                if n >= 1 && n <= self.days.len() {
                    self.show_day(n - 1);
                } else {
                    self.status = Some(format!(
                        "there is no day {n}: this schedule has {} days",
                        self.days.len()
                    ));
                }
            }
            Action::JumpToNow => self.jump_to_now(),
            Action::ScrollDetailDown => self.detail.scroll_down(),
            Action::ScrollDetailUp => self.detail.scroll_up(),
            Action::ToggleHelp => self.open_help(),
            Action::ToggleAgenda => self.open_agenda(),
            Action::ToggleZone => self.toggle_zone(),
            Action::ToggleNow => self.open_now(),
            Action::OpenSearch => self.open_search(),
            Action::SelectAt { day, position } => {
                self.show_day(day);
                self.select(position);
            }
            _ => {}
        }
    }

    /// Shows the day of a session (by its index in the schedule) with it selected.
    pub fn go_to_session(&mut self, index: usize) {
        let found = self.days.iter().enumerate().find_map(|(day, d)| {
            d.sessions
                .iter()
                .position(|&i| i == index)
                .map(|p| (day, p))
        });
        match found {
            Some((day, position)) => {
                self.show_day(day);
                self.select(position);
            }
            None if index < self.schedule.sessions.len() => {
                self.status = Some("that session is hidden by the filter (F clears it)".into());
            }
            None => {}
        }
    }

    pub(super) fn jump_to_now(&mut self) {
        match self.phase() {
            Phase::During(today) => {
                let day = self.current_day().unwrap_or(today);
                self.show_day(day);
                let position = self.position_at_now(day);
                self.select(position);
                if day != today {
                    self.status =
                        Some("today's sessions are over: this is the next conference day".into());
                }
            }
            Phase::Before => {
                self.show_day(0);
                self.select(0);
                self.status =
                    Some("the conference has not started yet: this is its first session".into());
            }
            Phase::Between => {
                let today = self.today();
                let next = self.days.iter().position(|d| d.date > today).unwrap_or(0);
                self.show_day(next);
                self.select(0);
                self.status = Some("no sessions today: this is the next conference day".into());
            }
            Phase::After => {
                self.show_day(self.days.len().saturating_sub(1));
                self.select(usize::MAX);
                self.status = Some("the conference is over: this is its last session".into());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::app::*;
    use crate::keys::Action;
    use crate::time::parse_now;
    use chrono_tz::Europe::Paris;

    #[test]
    fn opens_on_today_at_the_session_on_now_or_next() {
        let app = app_at("2024-03-20T10:30");
        assert_eq!(app.timeline.day, 1);
        assert!(title(&app).starts_with("Platform Building Blocks"));
        let app = app_at("2024-03-20T11:00");
        assert!(title(&app).starts_with("Comparing Sidecar-Less"));
        // Before the conference: the first day.
        let app = app_at("2024-01-01T12:00");
        assert_eq!((app.timeline.day, app.current()), (0, 0));
    }

    #[test]
    fn state_transitions() {
        let start = "2024-03-19T09:00";
        // (actions, expected day, expected selected title prefix)
        let cases: Vec<(Vec<Action>, usize, &str)> = vec![
            (vec![], 0, "Istio and DNS"),
            (vec![Action::NextDay], 1, "Platform"),
            (vec![Action::NextDay, Action::SelectNext], 1, "Comparing"),
            (
                vec![Action::NextDay, Action::SelectNext, Action::SelectNext],
                1,
                "Comparing",
            ),
            (
                vec![Action::NextDay, Action::SelectLast, Action::SelectFirst],
                1,
                "Platform",
            ),
            (vec![Action::NextDay, Action::PageDown], 1, "Comparing"),
            (vec![Action::GoToDay(4)], 3, "Cloud Native"),
            (vec![Action::GoToDay(9)], 0, "Istio and DNS"),
            (vec![Action::GoToDay(4), Action::NextDay], 3, "Cloud Native"),
            (vec![Action::PrevDay], 0, "Istio and DNS"),
            (
                vec![Action::SelectAt {
                    day: 2,
                    position: 1,
                }],
                2,
                "Istio Project",
            ),
            (
                vec![Action::SelectAt {
                    day: 2,
                    position: 7,
                }],
                2,
                "Istio Project",
            ),
            // Each day keeps its own selection.
            (
                vec![
                    Action::GoToDay(3),
                    Action::SelectNext,
                    Action::NextDay,
                    Action::PrevDay,
                ],
                2,
                "Istio Project",
            ),
            (
                vec![Action::ToggleHelp, Action::NextDay, Action::ToggleHelp],
                0,
                "Istio and DNS",
            ),
            (
                vec![
                    Action::Tick(parse_now("2024-03-22T12:00", Paris).unwrap()),
                    Action::JumpToNow,
                ],
                3,
                "Scaling",
            ),
        ];
        for (actions, day, prefix) in cases {
            let mut app = app_at(start);
            for action in &actions {
                assert_eq!(app.update(action.clone()), vec![], "{actions:?}");
            }
            assert_eq!(app.timeline.day, day, "{actions:?}");
            assert!(
                title(&app).starts_with(prefix),
                "{actions:?}: {}",
                title(&app)
            );
        }
    }

    #[test]
    fn jump_to_now_outside_the_conference_says_where_it_went() {
        let mut app = app_at("2024-03-25T12:00");
        assert_eq!(app.phase(), Phase::After);
        app.update(Action::JumpToNow);
        assert_eq!(app.timeline.day, 3);
        assert!(title(&app).starts_with("Scaling"));
        assert!(app.status.as_deref().unwrap().contains("over"));
        let mut app = app_at("2024-01-01T12:00");
        app.update(Action::NextDay);
        app.update(Action::JumpToNow);
        assert_eq!((app.timeline.day, app.current()), (0, 0));
        assert!(app.status.as_deref().unwrap().contains("not started"));
    }

    #[test]
    fn before_the_day_change_hour_with_the_evening_over_it_opens_on_the_next_day() {
        // 02:00 still belongs to the 20th (day change 04:00), whose last session ended at 01:30.
        let mut app = App::new(
            rooms_schedule(),
            parse_now("2024-03-21T02:00", Paris).unwrap(),
            Paris,
        );
        assert_eq!(app.phase(), Phase::During(0));
        assert_eq!((app.timeline.day, title(&app)), (1, "f"));
        app.update(Action::PrevDay);
        app.update(Action::JumpToNow);
        assert_eq!((app.timeline.day, title(&app)), (1, "f"));
        assert!(
            app.status
                .as_deref()
                .unwrap()
                .contains("next conference day")
        );
        // While the evening's party is on, it is still the 20th.
        let app = App::new(
            rooms_schedule(),
            parse_now("2024-03-21T00:40", Paris).unwrap(),
            Paris,
        );
        assert_eq!((app.timeline.day, title(&app)), (0, "party"));
    }
}
