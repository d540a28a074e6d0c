//! The room-by-time grid of a day: rooms side by side in the schedule's order, time running
//! down in rows, each session a block as long as it lasts. It shares the timeline's selection
//! (the selected session of each day), so switching between the two keeps it; its own state
//! is the layout of each day, worked out the first time that day is shown in the grid.

use super::{App, Effect};
use crate::keys::{Action, Mode};
use crate::model::{ASSUMED_LENGTH_MINUTES, Room, Schedule};
use chrono::{DateTime, Duration, FixedOffset};
use std::cell::OnceCell;

/// How a day is shown: the list of the timeline or the grid of rooms.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DayLayout {
    #[default]
    Timeline,
    Grid,
}

/// The grid's own state: each day's layout, computed once (a schedule does not change while
/// it is shown).
#[derive(Debug, Default)]
pub struct Grid {
    layouts: Vec<OnceCell<GridDay>>,
}

impl Grid {
    pub(super) fn new(days: usize) -> Grid {
        Grid {
            layouts: (0..days).map(|_| OnceCell::new()).collect(),
        }
    }
}

/// One day laid out: its lanes, where its time starts and how long a row is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridDay {
    /// The rooms that have a session this day, in the schedule's order; sessions without a
    /// room in a last lane of their own.
    pub lanes: Vec<Lane>,
    /// The time of the first row (the earliest start, down to a whole row).
    pub start: DateTime<FixedOffset>,
    /// Minutes per row: 5, 10, 15, 30 or 60, so that a typical session of the day spans two
    /// rows or more.
    pub minutes_per_row: i64,
    /// Rows from the first start to the last end.
    pub rows: usize,
}

/// A room of the grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lane {
    /// `None`: the lane of sessions the schedule gives no room.
    pub room: Option<Room>,
    /// Side-by-side columns the lane needs: more than one where sessions in it overlap.
    pub columns: usize,
    /// Its sessions in start order (then column).
    pub blocks: Vec<Block>,
}

/// A session in the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    /// The session, by its position in the day (as the timeline's selection counts).
    pub position: usize,
    /// The index of the session in the schedule.
    pub session: usize,
    /// Which side-by-side column of the lane it is drawn in.
    pub column: usize,
    /// Its first row and how many rows it spans (at least one).
    pub row: usize,
    pub rows: usize,
    /// The schedule gives no end: drawn at the assumed length and marked so.
    pub end_unknown: bool,
}

impl Block {
    fn end_row(&self) -> usize {
        self.row + self.rows
    }

    fn overlaps_rows(&self, other: &Block) -> bool {
        self.row < other.end_row() && other.row < self.end_row()
    }
}

const RESOLUTIONS: [i64; 5] = [5, 10, 15, 30, 60];

impl GridDay {
    /// Lays out the sessions of one day (indices into the schedule, in timeline order).
    pub fn new(schedule: &Schedule, day_sessions: &[usize]) -> GridDay {
        let sessions = &schedule.sessions;
        let Some(&first) = day_sessions.first() else {
            return GridDay {
                lanes: Vec::new(),
                start: DateTime::UNIX_EPOCH.fixed_offset(),
                minutes_per_row: 15,
                rows: 0,
            };
        };
        // Day sessions come in start order: the first starts the grid.
        let minutes_per_row = resolution(day_sessions.iter().map(|&i| &sessions[i]));
        let start = floor_to(sessions[first].start, minutes_per_row);
        let row_of = |at: DateTime<FixedOffset>| -> usize {
            // Rounded to the nearest row, so a session ending at 10:25 and the next starting
            // then do not share a row at 10-minute rows.
            let minutes = (at - start).num_minutes().max(0);
            ((minutes + minutes_per_row / 2) / minutes_per_row) as usize
        };
        // Lanes in the order rooms first appear in the schedule (its own room order).
        let mut room_order: Vec<Option<&Room>> = Vec::new();
        let mut lane_of_session = Vec::with_capacity(day_sessions.len());
        for &index in day_sessions {
            let room = sessions[index].room.as_ref();
            lane_of_session.push(room);
            if !room_order.contains(&room) {
                room_order.push(room);
            }
        }
        // Where each room first appears in the whole schedule, in one pass; sessions without
        // a room go last.
        let mut first_seen: std::collections::HashMap<&Room, usize> = Default::default();
        for (i, session) in sessions.iter().enumerate() {
            if let Some(room) = &session.room {
                first_seen.entry(room).or_insert(i);
            }
        }
        room_order.sort_by_key(|room| room.map_or(usize::MAX, |r| first_seen[r]));
        let mut lanes: Vec<Lane> = room_order
            .iter()
            .map(|room| Lane {
                room: room.cloned(),
                columns: 1,
                blocks: Vec::new(),
            })
            .collect();
        let mut rows = 0;
        for (position, (&index, room)) in day_sessions.iter().zip(&lane_of_session).enumerate() {
            let session = &sessions[index];
            let end = session.effective_end();
            let row = row_of(session.start);
            let block_rows = row_of(end).saturating_sub(row).max(1);
            rows = rows.max(row + block_rows);
            let lane = room_order.iter().position(|r| r == room).unwrap_or(0);
            lanes[lane].blocks.push(Block {
                position,
                session: index,
                column: 0,
                row,
                rows: block_rows,
                end_unknown: session.end.is_none(),
            });
        }
        for lane in &mut lanes {
            lane.columns = assign_columns(&mut lane.blocks);
        }
        GridDay {
            lanes,
            start,
            minutes_per_row,
            rows,
        }
    }

    /// The lane and the block of a session, by its position in the day.
    pub fn find(&self, position: usize) -> Option<(usize, &Block)> {
        self.lanes.iter().enumerate().find_map(|(lane, l)| {
            l.blocks
                .iter()
                .find(|b| b.position == position)
                .map(|b| (lane, b))
        })
    }

    /// The row of an instant (before the first row: 0; after the last: past the end).
    pub fn row_at(&self, at: DateTime<FixedOffset>) -> usize {
        ((at - self.start).num_minutes().max(0) / self.minutes_per_row) as usize
    }

    /// The time at the top of a row.
    pub fn time_of_row(&self, row: usize) -> DateTime<FixedOffset> {
        self.start + Duration::minutes(row as i64 * self.minutes_per_row)
    }

    /// From a selected block, where a move goes: the position in the day of the session
    /// selected next, if any.
    fn step(&self, position: usize, action: &Action, page_rows: usize) -> Option<usize> {
        let (lane, block) = self.find(position)?;
        let blocks = &self.lanes[lane].blocks;
        let at = blocks.iter().position(|b| b.position == position)?;
        match action {
            Action::SelectNext => blocks.get(at + 1).map(|b| b.position),
            Action::SelectPrev => at.checked_sub(1).map(|i| blocks[i].position),
            Action::SelectFirst => blocks.first().map(|b| b.position),
            Action::SelectLast => blocks.last().map(|b| b.position),
            Action::PageDown => nearest(blocks, block.row + page_rows, block.column),
            Action::PageUp => nearest(blocks, block.row.saturating_sub(page_rows), block.column),
            Action::SelectRight => {
                // First the next column of the lane, where sessions overlap; then the next room.
                if let Some(b) = blocks
                    .iter()
                    .find(|b| b.column == block.column + 1 && b.overlaps_rows(block))
                {
                    return Some(b.position);
                }
                let next = self.lanes.get(lane + 1)?;
                nearest(&next.blocks, block.row, 0)
            }
            Action::SelectLeft => {
                if block.column > 0
                    && let Some(b) = blocks
                        .iter()
                        .find(|b| b.column == block.column - 1 && b.overlaps_rows(block))
                {
                    return Some(b.position);
                }
                let previous = self.lanes.get(lane.checked_sub(1)?)?;
                nearest(&previous.blocks, block.row, usize::MAX)
            }
            _ => None,
        }
    }
}

/// The block on at `row` (the one in the column closest to `column`), else the one starting
/// nearest to it, the earlier on a tie.
fn nearest(blocks: &[Block], row: usize, column: usize) -> Option<usize> {
    let on = blocks
        .iter()
        .filter(|b| b.row <= row && row < b.end_row())
        .min_by_key(|b| b.column.abs_diff(column));
    on.or_else(|| blocks.iter().min_by_key(|b| b.row.abs_diff(row)))
        .map(|b| b.position)
}

/// Puts overlapping blocks side by side: each block takes the first column free for all its
/// rows. Returns how many columns the lane needs.
fn assign_columns(blocks: &mut [Block]) -> usize {
    // The row each column is free from.
    let mut free_from: Vec<usize> = Vec::new();
    for block in blocks.iter_mut() {
        match free_from.iter().position(|&row| row <= block.row) {
            Some(column) => {
                block.column = column;
                free_from[column] = block.end_row();
            }
            None => {
                block.column = free_from.len();
                free_from.push(block.end_row());
            }
        }
    }
    free_from.len().max(1)
}

/// Minutes per row: the largest of 5, 10, 15, 30 and 60 that gives the day's median session
/// (of those with an end) two rows or more.
fn resolution<'a>(sessions: impl Iterator<Item = &'a crate::model::Session>) -> i64 {
    let mut lengths: Vec<i64> = sessions
        .filter_map(|s| s.minutes())
        .filter(|&m| m > 0)
        .collect();
    lengths.sort_unstable();
    let median = lengths
        .get(lengths.len() / 2)
        .copied()
        .unwrap_or(ASSUMED_LENGTH_MINUTES);
    RESOLUTIONS
        .iter()
        .rev()
        .copied()
        .find(|&r| r * 2 <= median)
        .unwrap_or(RESOLUTIONS[0])
}

/// An instant down to a whole number of `minutes` on its own clock (10:07 → 10:00 at 15).
fn floor_to(at: DateTime<FixedOffset>, minutes: i64) -> DateTime<FixedOffset> {
    use chrono::Timelike;
    let since_midnight = i64::from(at.hour()) * 60 + i64::from(at.minute());
    let down = since_midnight % minutes;
    at - Duration::minutes(down)
        - Duration::seconds(i64::from(at.second()))
        - Duration::nanoseconds(i64::from(at.nanosecond()))
}

impl App {
    /// The grid of the day shown (laid out the first time it is asked for).
    pub fn grid_day(&self) -> Option<&GridDay> {
        let day = self.days.get(self.timeline.day)?;
        let cell = self.grid.layouts.get(self.timeline.day)?;
        Some(cell.get_or_init(|| GridDay::new(&self.schedule, &day.sessions)))
    }

    /// The mode that shows a day in the layout chosen: the timeline or the grid.
    pub fn day_mode(&self) -> Mode {
        match self.layout {
            DayLayout::Timeline => Mode::Browse,
            DayLayout::Grid => Mode::Grid,
        }
    }

    /// Shows days in this layout (the one remembered from the last run, on opening).
    pub fn set_layout(&mut self, layout: DayLayout) {
        self.layout = layout;
        if matches!(self.mode, Mode::Browse | Mode::Grid) {
            self.mode = self.day_mode();
        }
    }

    /// Switches the day between the timeline and the grid; the selection stays.
    pub(super) fn toggle_layout(&mut self) -> Effect {
        self.set_layout(match self.layout {
            DayLayout::Timeline => DayLayout::Grid,
            DayLayout::Grid => DayLayout::Timeline,
        });
        Effect::SaveLayout(self.layout)
    }

    pub(super) fn update_grid(&mut self, action: Action) {
        match action {
            Action::SelectNext
            | Action::SelectPrev
            | Action::SelectLeft
            | Action::SelectRight
            | Action::SelectFirst
            | Action::SelectLast
            | Action::PageDown
            | Action::PageUp => {
                let page = self.page_size.max(1);
                let target = self
                    .grid_day()
                    .and_then(|grid| grid.step(self.current(), &action, page));
                if let Some(position) = target {
                    self.select(position);
                }
            }
            // The rest is as in the timeline: days, now, details, stars, the other views.
            other => self.update_timeline(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::model::{Conference, SCHEDULE_FORMAT_VERSION, Session, default_day_change};
    use crate::time::parse_now;
    use chrono_tz::Europe::Paris;

    /// Sessions as (id, room, start "HH:MM", minutes or 0 for no end) on 2024-03-20 in Paris.
    fn day(sessions: &[(&str, Option<&str>, &str, i64)]) -> Schedule {
        let sessions = sessions
            .iter()
            .map(|&(id, room, start, minutes)| {
                let start =
                    DateTime::parse_from_rfc3339(&format!("2024-03-20T{start}:00+01:00")).unwrap();
                Session {
                    id: id.into(),
                    title: format!("Session {id}"),
                    subtitle: None,
                    speakers: vec![],
                    start,
                    end: (minutes > 0).then(|| start + Duration::minutes(minutes)),
                    room: room.map(|r| Room(r.into())),
                    track: None,
                    kind: None,
                    language: None,
                    abstract_text: String::new(),
                    links: vec![],
                    origin: None,
                }
            })
            .collect();
        Schedule {
            version: SCHEDULE_FORMAT_VERSION,
            conference: Conference {
                id: "grid".into(),
                title: "Grid".into(),
                time_zone: Paris,
                city: None,
                venue: None,
                url: None,
                day_change: default_day_change(),
            },
            sessions,
        }
    }

    fn app(schedule: Schedule) -> App {
        let mut app = App::new(
            schedule,
            parse_now("2024-03-20T08:00", Paris).unwrap(),
            Paris,
        );
        app.update(Action::ToggleLayout);
        app
    }

    fn selected(app: &App) -> String {
        app.selected_session()
            .map_or(String::new(), |s| s.id.0.clone())
    }

    /// Rooms B (first in the schedule), A, then sessions without a room. In B, b1 and b2
    /// overlap; a2 starts when a1 ends.
    fn rooms() -> Schedule {
        day(&[
            ("b1", Some("B"), "10:00", 60),
            ("a1", Some("A"), "10:00", 30),
            ("a2", Some("A"), "10:30", 30),
            ("b2", Some("B"), "10:30", 60),
            ("x", None, "11:00", 0),
            ("b3", Some("B"), "12:00", 30),
        ])
    }

    #[test]
    fn lanes_follow_the_schedule_with_the_roomless_last_and_overlaps_side_by_side() {
        let schedule = rooms();
        let days = schedule.days();
        let grid = GridDay::new(&schedule, &days[0].sessions);
        let rooms: Vec<Option<&str>> = grid
            .lanes
            .iter()
            .map(|l| l.room.as_ref().map(|r| r.0.as_str()))
            .collect();
        assert_eq!(rooms, [Some("B"), Some("A"), None]);
        assert_eq!(grid.minutes_per_row, 15);
        assert_eq!(grid.start.format("%H:%M").to_string(), "10:00");
        let b = &grid.lanes[0];
        assert_eq!(b.columns, 2);
        let columns: Vec<(usize, usize, usize)> =
            b.blocks.iter().map(|k| (k.column, k.row, k.rows)).collect();
        assert_eq!(columns, [(0, 0, 4), (1, 2, 4), (0, 8, 2)]);
        // Back to back in A: one column.
        assert_eq!(grid.lanes[1].columns, 1);
        // No end: the assumed length, marked unknown.
        let x = &grid.lanes[2].blocks[0];
        assert!(x.end_unknown);
        assert_eq!(x.rows as i64 * 15, ASSUMED_LENGTH_MINUTES);
        assert_eq!(grid.rows, 10);
    }

    #[test]
    fn resolution_fits_the_typical_session() {
        let talks = |minutes: i64| {
            let schedule = day(&[
                ("a", Some("A"), "10:00", minutes),
                ("b", Some("A"), "12:00", minutes),
            ]);
            let days = schedule.days();
            GridDay::new(&schedule, &days[0].sessions).minutes_per_row
        };
        assert_eq!(talks(5), 5);
        assert_eq!(talks(25), 10);
        assert_eq!(talks(30), 15);
        assert_eq!(talks(60), 30);
        assert_eq!(talks(180), 60);
        let schedule = day(&[("a", Some("A"), "10:07", 30)]);
        let days = schedule.days();
        let grid = GridDay::new(&schedule, &days[0].sessions);
        assert_eq!(grid.start.format("%H:%M").to_string(), "10:00");
    }

    #[test]
    fn arrows_move_in_time_within_a_room_and_across_rooms_at_the_same_time() {
        let mut app = app(rooms());
        assert_eq!(app.mode, Mode::Grid);
        // The day's first session: a1 (10:00, A before B).
        assert_eq!(selected(&app), "a1");
        // (action, selected after it)
        let steps = [
            (Action::SelectNext, "a2"),
            (Action::SelectPrev, "a1"),
            (Action::SelectPrev, "a1"),
            // Room B, first in the schedule, is on the left: b1 at 10:00.
            (Action::SelectLeft, "b1"),
            (Action::SelectLeft, "b1"),
            (Action::SelectNext, "b2"),
            (Action::SelectNext, "b3"),
            (Action::SelectFirst, "b1"),
            // b2 overlaps b1 in the next column of B.
            (Action::SelectRight, "b2"),
            // Then room A at b2's time (10:30): a2.
            (Action::SelectRight, "a2"),
            // The lane of sessions without a room: x, starting nearest.
            (Action::SelectRight, "x"),
            (Action::SelectRight, "x"),
            // Back at x's time (11:00): nothing on in A, a2 starts nearest; in B, the last
            // column on at 10:30 (a2's row).
            (Action::SelectLeft, "a2"),
            (Action::SelectLeft, "b2"),
            (Action::SelectLeft, "b1"),
            (Action::SelectLast, "b3"),
        ];
        for (action, expected) in steps {
            app.update(action.clone());
            assert_eq!(selected(&app), expected, "after {action:?}");
        }
    }

    #[test]
    fn the_layout_is_kept_with_the_selection_through_other_views() {
        let mut app = app(rooms());
        for action in [Action::SelectLeft, Action::SelectRight, Action::SelectRight] {
            app.update(action);
        }
        assert_eq!(selected(&app), "a2");
        // The timeline shows the same session, and so does the grid again.
        app.update(Action::ToggleLayout);
        assert_eq!((app.mode, selected(&app).as_str()), (Mode::Browse, "a2"));
        app.update(Action::ToggleLayout);
        assert_eq!((app.mode, selected(&app).as_str()), (Mode::Grid, "a2"));
        for (open, close) in [
            (Action::ToggleHelp, Action::ToggleHelp),
            (Action::ToggleAgenda, Action::ToggleAgenda),
            (Action::ToggleNow, Action::ToggleNow),
            (Action::OpenSearch, Action::SearchCancel),
        ] {
            app.update(open.clone());
            app.update(close);
            assert_eq!(app.mode, Mode::Grid, "after {open:?}");
            assert_eq!(selected(&app), "a2");
        }
        // Enter shows the session in the timeline.
        app.update(Action::GoToSelected);
        assert_eq!((app.mode, selected(&app).as_str()), (Mode::Browse, "a2"));
    }

    #[test]
    fn pages_move_by_the_rows_on_screen_in_the_same_room() {
        let mut app = app(rooms());
        app.page_size = 8;
        app.update(Action::SelectLeft);
        app.update(Action::PageDown);
        assert_eq!(selected(&app), "b3");
        app.update(Action::PageUp);
        assert_eq!(selected(&app), "b1");
    }

    #[test]
    fn the_bundled_schedule_and_an_empty_one_lay_out_without_panic() {
        let mut app = app_at("2024-03-20T10:30");
        app.update(Action::ToggleLayout);
        for day in 0..app.days.len() {
            app.update(Action::GoToDay(day + 1));
            let grid = app.grid_day().unwrap();
            let blocks: usize = grid.lanes.iter().map(|l| l.blocks.len()).sum();
            assert_eq!(blocks, app.days[day].sessions.len());
            for action in [Action::SelectRight, Action::SelectNext, Action::SelectLeft] {
                app.update(action);
            }
        }
        let mut empty = app_at("2024-03-20T10:30");
        empty.schedule.sessions.clear();
        let mut empty = App::new(empty.schedule, empty.now, Paris);
        empty.update(Action::ToggleLayout);
        assert!(empty.grid_day().is_none());
        empty.update(Action::SelectRight);
        assert_eq!(empty.selected_session(), None);
    }
}
