//! On now and next: per room, the session on now and the next one, for the conference day
//! that is on (or the next one).

use super::App;
use crate::keys::{Action, Mode};
use crate::model::{Room, SessionId};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// What the now-and-next view was worked out from: when it changes, the view is worked out
/// again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct NowKey {
    now: DateTime<Utc>,
    /// `App::version`: bumped when the stars or the days shown change.
    version: u64,
    sessions: usize,
}

/// One room in the view of what is on now and next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomNow {
    /// The room; `None` for sessions whose room the schedule does not give.
    pub room: Option<Room>,
    /// The session on now, as an index into the schedule's sessions.
    pub on: Option<usize>,
    /// The next session to start in the room (the same conference day).
    pub next: Option<usize>,
    /// Whether either of them is starred (such rooms come first).
    pub starred: bool,
}

/// The view's own state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NowNext {
    /// The selected session, by its position in `App::now_entries`.
    pub selected: usize,
}

impl App {
    /// Opens the view at its first entry.
    pub(super) fn open_now(&mut self) {
        self.mode = Mode::Now;
        self.now_next.selected = 0;
        self.detail.scroll = 0;
    }

    /// The selected entry, as an index into the schedule.
    pub(super) fn selected_now_entry(&self) -> Option<usize> {
        self.now_entries().get(self.now_next.selected).copied()
    }

    /// Selects a session in the now-and-next view if it is still listed; else keeps the
    /// position, within the list.
    pub(super) fn select_now_entry(&mut self, id: &SessionId) {
        let entries = self.now_entries();
        self.now_next.selected = entries
            .iter()
            .position(|&i| &self.schedule.sessions[i].id == id)
            .unwrap_or(self.now_next.selected)
            .min(entries.len().saturating_sub(1));
    }

    /// The conference day the now-and-next view shows: today while a session of it is on or
    /// still to come, else the next day that has sessions; `None` once all are over.
    pub fn now_next_day(&self) -> Option<usize> {
        let today = self.today();
        self.days.iter().position(|d| {
            d.date >= today
                && d.sessions
                    .iter()
                    .any(|&i| !self.schedule.sessions[i].is_past(self.now))
        })
    }

    /// Each room of `now_next_day` with its session on now and its next one; rooms done for
    /// the day are left out. Rooms with a starred session come first, then rooms with a
    /// session on now, then by the next start; ties keep the schedule's room order.
    ///
    /// A key and its frame ask for this several times (the selected entry, the list, the
    /// details), and at 100,000 sessions it takes milliseconds: the answer is kept until the
    /// clock, the stars, the days shown or the schedule change.
    pub fn rooms_now(&self) -> Vec<RoomNow> {
        let key = NowKey {
            now: self.now,
            version: self.version,
            sessions: self.schedule.sessions.len(),
        };
        if let Some((kept, rooms)) = &*self.now_cache.borrow()
            && *kept == key
        {
            return rooms.clone();
        }
        let rooms = self.work_out_rooms_now();
        *self.now_cache.borrow_mut() = Some((key, rooms.clone()));
        rooms
    }

    fn work_out_rooms_now(&self) -> Vec<RoomNow> {
        let Some(day) = self.now_next_day() else {
            return Vec::new();
        };
        let sessions = &self.schedule.sessions;
        let mut rooms: Vec<RoomNow> = Vec::new();
        let mut slots: HashMap<Option<&str>, usize> = HashMap::new();
        // Sessions come in start order, so the first one not on now is the next.
        for &index in &self.days[day].sessions {
            let session = &sessions[index];
            if session.is_past(self.now) {
                continue;
            }
            let name = session.room.as_ref().map(|r| r.0.as_str());
            let slot = match slots.get(&name) {
                Some(&slot) => slot,
                None => {
                    slots.insert(name, rooms.len());
                    rooms.push(RoomNow {
                        room: session.room.clone(),
                        on: None,
                        next: None,
                        starred: false,
                    });
                    rooms.len() - 1
                }
            };
            let room = &mut rooms[slot];
            if session.is_on_at(self.now) {
                // Of two sessions on at once in a room, the one that started last.
                room.on = Some(index);
            } else if room.next.is_none() {
                room.next = Some(index);
            }
        }
        for room in &mut rooms {
            room.starred = [room.on, room.next]
                .into_iter()
                .flatten()
                .any(|i| self.starred.contains(&sessions[i].id));
        }
        // Rooms with nothing after their current session go after those with something next.
        rooms.sort_by_key(|r| {
            (
                !r.starred,
                r.on.is_none(),
                r.next.is_none(),
                r.next.map(|i| sessions[i].start),
            )
        });
        rooms
    }

    /// The sessions of the now-and-next view in the order shown: each room's on-now session,
    /// then its next one.
    pub fn now_entries(&self) -> Vec<usize> {
        self.rooms_now()
            .into_iter()
            .flat_map(|r| [r.on, r.next])
            .flatten()
            .collect()
    }

    pub(super) fn update_now(&mut self, action: Action) {
        let entries = self.now_entries();
        let mut selected = self.now_next.selected;
        if self.move_in_list(&mut selected, entries.len(), &action) {
            self.now_next.selected = selected;
            return;
        }
        match action {
            Action::GoToSelected => {
                if let Some(&index) = entries.get(self.now_next.selected) {
                    self.mode = self.day_mode();
                    self.go_to_session(index);
                }
            }
            Action::ToggleZone => self.toggle_zone(),
            Action::ToggleNow => self.mode = self.day_mode(),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::app::*;
    use crate::keys::{Action, Mode};
    use crate::time::parse_now;
    use chrono_tz::Europe::Paris;

    /// A row of the now-and-next view: (room, on now, next), "-" for none.
    type Row = (String, String, String);

    /// The now-and-next view as rows of ids.
    fn rooms_at(app: &App) -> Vec<Row> {
        let id =
            |i: Option<usize>| i.map_or("-".to_string(), |i| app.schedule.sessions[i].id.0.clone());
        app.rooms_now()
            .into_iter()
            .map(|r| (r.room.map_or("-".into(), |r| r.0), id(r.on), id(r.next)))
            .collect()
    }

    #[test]
    fn now_and_next_at_fixed_clocks() {
        let row =
            |room: &str, on: &str, next: &str| (room.to_string(), on.to_string(), next.to_string());
        let cases: Vec<(&str, Option<usize>, Vec<Row>)> = vec![
            // Before the conference: the first day's first sessions, nothing on.
            (
                "2024-03-01T12:00",
                Some(0),
                vec![
                    row("Room A", "-", "a"),
                    row("Room B", "-", "c"),
                    row("Bar", "-", "party"),
                ],
            ),
            // During sessions: what is on, then what follows it in the same room.
            (
                "2024-03-20T09:40",
                Some(0),
                vec![
                    row("Room A", "a", "b"),
                    row("Room B", "c", "d"),
                    row("Bar", "-", "party"),
                ],
            ),
            // A room with nothing after its current session goes after one with a next.
            (
                "2024-03-20T10:10",
                Some(0),
                vec![
                    row("Room B", "c", "d"),
                    row("Room A", "b", "-"),
                    row("Bar", "-", "party"),
                ],
            ),
            // Between sessions: a room done for the day is left out.
            (
                "2024-03-20T10:45",
                Some(0),
                vec![row("Room B", "-", "d"), row("Bar", "-", "party")],
            ),
            // After midnight on a late day: still the evening's conference day.
            ("2024-03-21T00:40", Some(0), vec![row("Bar", "party", "-")]),
            // The evening over, before the day-change hour: the next conference day.
            ("2024-03-21T02:00", Some(1), vec![row("Room A", "-", "f")]),
            // After the conference: nothing.
            ("2024-03-22T12:00", None, vec![]),
        ];
        for (now, day, rooms) in cases {
            let app = App::new(rooms_schedule(), parse_now(now, Paris).unwrap(), Paris);
            assert_eq!(app.now_next_day(), day, "{now}");
            assert_eq!(rooms_at(&app), rooms, "{now}");
        }
    }

    #[test]
    fn starring_in_the_now_view_keeps_the_selected_session() {
        let mut app = App::new(
            rooms_schedule(),
            parse_now("2024-03-20T09:40", Paris).unwrap(),
            Paris,
        );
        app.update(Action::ToggleNow);
        app.update(Action::SelectNext);
        app.update(Action::SelectNext);
        assert_eq!(title(&app), "c");
        // Room B moves to the top; `c` stays selected, and `s` again unstars it.
        toggle_saved(&mut app);
        assert_eq!(rooms_at(&app)[0].0, "Room B");
        assert_eq!(title(&app), "c");
        toggle_saved(&mut app);
        assert!(app.starred.is_empty());
        assert_eq!(title(&app), "c");
        app.update(Action::SelectLast);
        assert_eq!(title(&app), "party");
        app.update(Action::SelectFirst);
        assert_eq!(title(&app), "a");
    }

    #[test]
    fn now_and_next_puts_starred_rooms_first_and_keeps_the_selection() {
        let mut app = App::new(
            rooms_schedule(),
            parse_now("2024-03-20T09:40", Paris).unwrap(),
            Paris,
        );
        app.set_stars(BTreeSet::from([SessionId::from("d")]));
        assert_eq!(rooms_at(&app)[0], ("Room B".into(), "c".into(), "d".into()));
        app.update(Action::ToggleNow);
        assert_eq!(app.mode, Mode::Now);
        assert_eq!(app.now_entries().len(), 5);
        app.update(Action::SelectNext);
        assert_eq!(title(&app), "d");
        // A minute later `c` is over and the list shrinks: `d` stays selected.
        app.update(Action::Tick(parse_now("2024-03-20T10:16", Paris).unwrap()));
        assert_eq!(title(&app), "d");
        assert_eq!(app.now_next.selected, 0);
        app.update(Action::GoToSelected);
        assert_eq!(app.mode, Mode::Browse);
        assert_eq!(title(&app), "d");
        app.update(Action::ToggleNow);
        app.update(Action::ToggleNow);
        assert_eq!(app.mode, Mode::Browse);
    }
}
