//! Application state and its transitions. No terminal and no files: `update` takes an action
//! and returns the effects (quit, suspend) for the event loop to carry out.

use crate::changes::Mark;
use crate::keys::{Action, Mode};
use crate::model::{Day, Room, Schedule, Session, SessionId};
use crate::search::{Hit, Searcher};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use std::collections::{BTreeMap, BTreeSet};

/// Something `update` wants done outside the state: the event loop carries it out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Quit,
    Suspend,
    /// Star the session with this id if it is not starred, else unstar it, and save.
    ToggleStar(crate::model::SessionId),
    /// Ring the terminal bell: a starred session starts soon.
    Bell,
    /// The session with this id, changed by the last update, has been looked at: its mark
    /// can be forgotten.
    Seen(crate::model::SessionId),
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

/// How long before a starred session starts its reminder shows, unless set otherwise.
pub const DEFAULT_REMIND_MINUTES: i64 = 5;

/// Where the clock stands relative to the conference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Before,
    /// On a conference day: the index of today in `App::days`.
    During(usize),
    /// Between two conference days, or after the last one.
    Between,
    After,
}

/// The whole state of the interface.
#[derive(Debug)]
pub struct App {
    pub schedule: Schedule,
    /// Conference days with their sessions in timeline order.
    pub days: Vec<Day>,
    /// The day shown, an index into `days`.
    pub day: usize,
    /// The selected row of each day, so that coming back to a day finds it as it was left.
    pub selected: Vec<usize>,
    pub detail_scroll: u16,
    /// How far the details can scroll at the current size (set by the event loop after a draw).
    pub detail_scroll_max: u16,
    pub help_scroll: u16,
    pub mode: Mode,
    pub now: DateTime<Utc>,
    /// The zone every time is shown in.
    pub zone: Tz,
    /// The zone `t` switches to from the conference's: the system's, or the one asked for.
    pub other_zone: Option<Tz>,
    /// A one-line message for the bottom bar.
    pub status: Option<String>,
    /// Rows in a page of the timeline (set by the event loop after a draw).
    pub page_size: usize,
    /// The search line and the selected result.
    pub search: SearchLine,
    /// The search index, built the first time the search opens.
    searcher: Option<Searcher>,
    /// Queries of this run, oldest first, for recall with Up on an empty line.
    pub search_history: Vec<String>,
    /// The starred sessions, by id (set from the favourites file by the event loop).
    pub starred: BTreeSet<SessionId>,
    /// Starred sessions that overlap another starred session.
    pub clashing: BTreeSet<SessionId>,
    /// How many starred sessions this schedule has (stars of sessions gone are not counted).
    pub starred_here: usize,
    /// Stars whose session is not in this schedule: (title, when it was), for the agenda.
    pub missing_stars: Vec<(String, String)>,
    /// Why stars cannot be changed, when they cannot (a favourites file from a newer hallway).
    pub stars_read_only: Option<String>,
    /// The selected entry of the agenda.
    pub agenda_selected: usize,
    /// The selected session of the now-and-next view, by its position in `now_entries`.
    pub now_selected: usize,
    /// How long before a starred session starts to remind of it; `None` turns reminders off.
    pub remind: Option<Duration>,
    /// Whether a reminder rings the terminal bell.
    pub bell: bool,
    /// Sessions already reminded of in this run (each rings once).
    reminded: BTreeSet<SessionId>,
    /// Sessions the last update of this schedule changed, not yet looked at, with what changed.
    pub changes: BTreeMap<SessionId, Mark>,
    /// Changed sessions looked at in this run: their mark stays while they are selected.
    seen: BTreeSet<SessionId>,
}

/// The state of the search line.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SearchLine {
    pub query: String,
    /// Rank of the selected result (0 is the best).
    pub selected: usize,
    /// Which earlier query is shown, while recalling them.
    recalled: Option<usize>,
}

/// Sessions scanned per keystroke inside `update` before the event loop takes over the rest
/// of a long search between frames (in chunks of 512: about 4,000 sessions).
const SEARCH_CHUNKS_PER_KEY: usize = 8;

impl App {
    /// Opens on today at the session on now or next when the conference is on, else on its
    /// first day.
    pub fn new(schedule: Schedule, now: DateTime<Utc>, zone: Tz) -> App {
        let days = schedule.days();
        let selected = vec![0; days.len()];
        let mut app = App {
            schedule,
            days,
            day: 0,
            selected,
            detail_scroll: 0,
            detail_scroll_max: u16::MAX,
            help_scroll: 0,
            mode: Mode::Browse,
            now,
            zone,
            other_zone: None,
            status: None,
            page_size: 10,
            search: SearchLine::default(),
            searcher: None,
            search_history: Vec::new(),
            starred: BTreeSet::new(),
            clashing: BTreeSet::new(),
            starred_here: 0,
            missing_stars: Vec::new(),
            stars_read_only: None,
            agenda_selected: 0,
            now_selected: 0,
            remind: Some(Duration::minutes(DEFAULT_REMIND_MINUTES)),
            bell: true,
            reminded: BTreeSet::new(),
            changes: BTreeMap::new(),
            seen: BTreeSet::new(),
        };
        // During the conference: the day of the session on now or next. Before a day-change
        // hour (FOSDEM's is 09:00) "today" is still the evening before; once its sessions are
        // over, that is the next day. Between conference days, the next one.
        let day = match app.phase() {
            Phase::During(_) => app.current_day(),
            Phase::Between => app.now_next_day(),
            Phase::Before | Phase::After => None,
        };
        if let Some(day) = day {
            app.day = day;
            app.selected[day] = app.position_at_now(day);
        }
        app
    }

    /// Today's date on the conference's calendar (with its day-change hour).
    pub fn today(&self) -> NaiveDate {
        let c = &self.schedule.conference;
        crate::time::conference_day(self.now.fixed_offset(), c.time_zone, c.day_change)
    }

    /// Where now stands relative to the conference days.
    pub fn phase(&self) -> Phase {
        let today = self.today();
        match (self.days.first(), self.days.last()) {
            (Some(first), _) if today < first.date => Phase::Before,
            (_, Some(last)) if today > last.date => Phase::After,
            (None, _) | (_, None) => Phase::After,
            _ => self
                .days
                .iter()
                .position(|d| d.date == today)
                .map_or(Phase::Between, Phase::During),
        }
    }

    /// The sessions of a day, in timeline order.
    pub fn sessions_on(&self, day: usize) -> impl Iterator<Item = &Session> {
        self.days
            .get(day)
            .into_iter()
            .flat_map(|d| d.sessions.iter().map(|&i| &self.schedule.sessions[i]))
    }

    /// The selected session: the selected search result while searching, else the selected
    /// session of the day shown.
    pub fn selected_session(&self) -> Option<&Session> {
        if self.mode == Mode::Search {
            let index = self
                .searcher
                .as_ref()?
                .sessions()
                .nth(self.search.selected)?;
            return self.schedule.sessions.get(index);
        }
        if self.mode == Mode::Agenda {
            let index = *self.agenda().get(self.agenda_selected)?;
            return self.schedule.sessions.get(index);
        }
        if self.mode == Mode::Now {
            let index = *self.now_entries().get(self.now_selected)?;
            return self.schedule.sessions.get(index);
        }
        let day = self.days.get(self.day)?;
        let index = *day.sessions.get(*self.selected.get(self.day)?)?;
        self.schedule.sessions.get(index)
    }

    /// The position in a day of the first session that is on now or still to come; the last
    /// one when all are over.
    fn position_at_now(&self, day: usize) -> usize {
        let sessions: Vec<&Session> = self.sessions_on(day).collect();
        sessions
            .iter()
            .position(|s| !s.is_past(self.now))
            .unwrap_or(sessions.len().saturating_sub(1))
    }

    fn day_len(&self) -> usize {
        self.days.get(self.day).map_or(0, |d| d.sessions.len())
    }

    fn select(&mut self, position: usize) {
        let len = self.day_len();
        if let Some(slot) = self.selected.get_mut(self.day) {
            let position = position.min(len.saturating_sub(1));
            if *slot != position {
                self.detail_scroll = 0;
            }
            *slot = position;
        }
    }

    fn show_day(&mut self, day: usize) {
        if day < self.days.len() && day != self.day {
            self.day = day;
            self.detail_scroll = 0;
        }
    }

    fn current(&self) -> usize {
        self.selected.get(self.day).copied().unwrap_or(0)
    }

    /// Applies one action and says what else must happen.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        let mut effects = self.apply(action);
        // A changed session counts as looked at once its details are on screen.
        if let Some(id) = self.selected_session().map(|s| s.id.clone())
            && self.changes.contains_key(&id)
            && self.seen.insert(id.clone())
        {
            effects.push(Effect::Seen(id));
        }
        effects
    }

    /// What the last update changed about a session, while it is to be shown: until the
    /// session has been looked at, and while it is still selected.
    pub fn change_of(&self, session: &Session) -> Option<&Mark> {
        let note = self.changes.get(&session.id)?;
        let selected = self.selected_session().is_some_and(|s| s.id == session.id);
        (selected || !self.seen.contains(&session.id)).then_some(note)
    }

    /// How many changed sessions have not been looked at.
    pub fn unseen_changes(&self) -> usize {
        self.changes
            .keys()
            .filter(|id| !self.seen.contains(*id))
            .count()
    }

    fn apply(&mut self, action: Action) -> Vec<Effect> {
        if let Action::Tick(now) = action {
            return self.tick(now);
        }
        self.status = None;
        if action == Action::ToggleStar {
            return self.toggle_star();
        }
        match self.mode {
            Mode::Help => return self.update_help(action),
            Mode::Search => return self.update_search(action),
            Mode::Agenda => return self.update_agenda(action),
            Mode::Now => return self.update_now(action),
            Mode::Browse => {}
        }
        match action {
            Action::SelectPrev => self.select(self.current().saturating_sub(1)),
            Action::SelectNext => self.select(self.current() + 1),
            Action::PageUp => self.select(self.current().saturating_sub(self.page_size.max(1))),
            Action::PageDown => self.select(self.current() + self.page_size.max(1)),
            Action::SelectFirst => self.select(0),
            Action::SelectLast => self.select(usize::MAX),
            Action::PrevDay => self.show_day(self.day.saturating_sub(1)),
            Action::NextDay => self.show_day(self.day + 1),
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
            Action::ScrollDetailDown => {
                self.detail_scroll = (self.detail_scroll + 1).min(self.detail_scroll_max)
            }
            Action::ScrollDetailUp => self.detail_scroll = self.detail_scroll.saturating_sub(1),
            Action::ToggleHelp => {
                self.mode = Mode::Help;
                self.help_scroll = 0;
            }
            Action::ToggleAgenda => {
                self.mode = Mode::Agenda;
                self.detail_scroll = 0;
                // Open on the first starred session that is not over.
                let agenda = self.agenda();
                self.agenda_selected = agenda
                    .iter()
                    .position(|&i| !self.schedule.sessions[i].is_past(self.now))
                    .unwrap_or(agenda.len().saturating_sub(1));
            }
            Action::ToggleZone => self.toggle_zone(),
            Action::ToggleNow => {
                self.mode = Mode::Now;
                self.now_selected = 0;
                self.detail_scroll = 0;
            }
            Action::OpenSearch => {
                self.mode = Mode::Search;
                self.search = SearchLine::default();
                if self.searcher.is_none() {
                    self.searcher = Some(Searcher::new(&self.schedule));
                }
                self.run_search();
            }
            Action::Suspend => return vec![Effect::Suspend],
            Action::Quit => return vec![Effect::Quit],
            Action::SelectAt { day, position } => {
                self.show_day(day);
                self.select(position);
            }
            _ => {}
        }
        vec![]
    }

    /// Switches every time shown between the conference's zone and the other one.
    fn toggle_zone(&mut self) {
        let conference = self.schedule.conference.time_zone;
        match self.other_zone.filter(|&z| z != conference) {
            Some(other) if self.zone == conference => {
                self.zone = other;
                self.status = Some(format!("times in {} (yours)", other.name()));
            }
            Some(_) => {
                self.zone = conference;
                self.status = Some(format!("times in {} (the conference's)", conference.name()));
            }
            None => {
                self.zone = conference;
                self.status = Some(format!(
                    "times are in {}: the conference's zone and yours are the same",
                    conference.name()
                ));
            }
        }
    }

    /// The clock moved on: the now-and-next view keeps its selected session, and a starred
    /// session coming into the reminder window rings the bell (once each).
    fn tick(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        let selected = (self.mode == Mode::Now)
            .then(|| self.selected_session().map(|s| s.id.clone()))
            .flatten();
        self.now = now;
        if let Some(id) = selected {
            self.select_now_entry(&id);
        }
        let mut rung = false;
        for index in self.reminders() {
            rung |= self
                .reminded
                .insert(self.schedule.sessions[index].id.clone());
        }
        if rung && self.bell {
            vec![Effect::Bell]
        } else {
            vec![]
        }
    }

    /// Selects a session in the now-and-next view if it is still listed; else keeps the
    /// position, within the list.
    fn select_now_entry(&mut self, id: &SessionId) {
        let entries = self.now_entries();
        self.now_selected = entries
            .iter()
            .position(|&i| &self.schedule.sessions[i].id == id)
            .unwrap_or(self.now_selected)
            .min(entries.len().saturating_sub(1));
    }

    /// The starred sessions that start within the reminder time from now, soonest first, as
    /// indices into the schedule: the reminder banner shows them.
    pub fn reminders(&self) -> Vec<usize> {
        let Some(remind) = self.remind else {
            return Vec::new();
        };
        let mut soon: Vec<usize> = self
            .schedule
            .sessions
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                s.start > self.now && s.start <= self.now + remind && self.starred.contains(&s.id)
            })
            .map(|(i, _)| i)
            .collect();
        soon.sort_by_key(|&i| self.schedule.sessions[i].start);
        soon
    }

    /// The conference day that is "today" on screen (its tab marked, its timeline with the
    /// now-line): today's, or, once today's sessions are over before a late day-change hour,
    /// the next day's. `None` outside conference days.
    pub fn current_day(&self) -> Option<usize> {
        match self.phase() {
            Phase::During(today) => Some(self.now_next_day().unwrap_or(today)),
            Phase::Before | Phase::Between | Phase::After => None,
        }
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
    pub fn rooms_now(&self) -> Vec<RoomNow> {
        let Some(day) = self.now_next_day() else {
            return Vec::new();
        };
        let sessions = &self.schedule.sessions;
        let mut rooms: Vec<RoomNow> = Vec::new();
        // Sessions come in start order, so the first one not on now is the next.
        for &index in &self.days[day].sessions {
            let session = &sessions[index];
            if session.is_past(self.now) {
                continue;
            }
            let slot = match rooms.iter().position(|r| r.room == session.room) {
                Some(slot) => slot,
                None => {
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

    fn update_now(&mut self, action: Action) -> Vec<Effect> {
        let entries = self.now_entries();
        let mut selected = self.now_selected;
        if self.move_in_list(&mut selected, entries.len(), &action) {
            self.now_selected = selected;
            return vec![];
        }
        match action {
            Action::GoToSelected => {
                if let Some(&index) = entries.get(self.now_selected) {
                    self.mode = Mode::Browse;
                    self.go_to_session(index);
                }
            }
            Action::ToggleZone => self.toggle_zone(),
            Action::ToggleNow => self.mode = Mode::Browse,
            Action::Quit => return vec![Effect::Quit],
            _ => {}
        }
        vec![]
    }

    /// Moves the selection of a list view (agenda, now and next) of `len` entries, or scrolls
    /// the details; false when the action is neither. A new selection scrolls the details back
    /// to the top.
    fn move_in_list(&mut self, selected: &mut usize, len: usize, action: &Action) -> bool {
        let last = len.saturating_sub(1);
        let page = self.page_size.max(1);
        *selected = match *action {
            Action::SelectNext => (*selected + 1).min(last),
            Action::SelectPrev => selected.saturating_sub(1),
            Action::PageDown => (*selected + page).min(last),
            Action::PageUp => selected.saturating_sub(page),
            Action::SelectFirst => 0,
            Action::SelectLast => last,
            Action::SelectEntry(entry) => entry.min(last),
            Action::ScrollDetailDown => {
                self.detail_scroll = (self.detail_scroll + 1).min(self.detail_scroll_max);
                return true;
            }
            Action::ScrollDetailUp => {
                self.detail_scroll = self.detail_scroll.saturating_sub(1);
                return true;
            }
            _ => return false,
        };
        self.detail_scroll = 0;
        true
    }

    /// Sets the stars (as the favourites file has them) and works out which ones clash. The
    /// now-and-next view puts rooms with stars first, so its selection is kept by session.
    pub fn set_stars(&mut self, starred: BTreeSet<SessionId>) {
        let selected = (self.mode == Mode::Now)
            .then(|| self.selected_session().map(|s| s.id.clone()))
            .flatten();
        self.starred = starred;
        if let Some(id) = selected {
            self.select_now_entry(&id);
        }
        let sessions: Vec<&Session> = self
            .schedule
            .sessions
            .iter()
            .filter(|s| self.starred.contains(&s.id))
            .collect();
        self.starred_here = sessions.len();
        let mut clashing = BTreeSet::new();
        for (i, a) in sessions.iter().enumerate() {
            for b in &sessions[i + 1..] {
                if a.overlaps(b) {
                    clashing.insert(a.id.clone());
                    clashing.insert(b.id.clone());
                }
            }
        }
        self.clashing = clashing;
        let len = self.agenda().len();
        self.agenda_selected = self.agenda_selected.min(len.saturating_sub(1));
    }

    /// The starred sessions, as indices into the schedule, in time order.
    pub fn agenda(&self) -> Vec<usize> {
        self.days
            .iter()
            .flat_map(|d| d.sessions.iter().copied())
            .filter(|&i| self.starred.contains(&self.schedule.sessions[i].id))
            .collect()
    }

    /// The starred sessions a session overlaps (for "clashes with …").
    pub fn clashes_of(&self, session: &Session) -> Vec<&Session> {
        if !self.clashing.contains(&session.id) {
            return Vec::new();
        }
        self.schedule
            .sessions
            .iter()
            .filter(|s| s.id != session.id && self.starred.contains(&s.id) && s.overlaps(session))
            .collect()
    }

    fn toggle_star(&mut self) -> Vec<Effect> {
        if let Some(why) = &self.stars_read_only {
            self.status = Some(why.clone());
            return vec![];
        }
        let Some(id) = self.selected_session().map(|s| s.id.clone()) else {
            return vec![];
        };
        // Shown at once; the event loop saves and then sets what the file holds.
        let mut starred = self.starred.clone();
        if !starred.remove(&id) {
            starred.insert(id.clone());
            // Starred when it is about to start: the banner shows at once, and the bell, which
            // is for catching the eye of someone not looking, stays quiet.
            let soon = self
                .remind
                .zip(self.selected_session())
                .is_some_and(|(remind, s)| s.start > self.now && s.start <= self.now + remind);
            if soon {
                self.reminded.insert(id.clone());
            }
        }
        self.set_stars(starred);
        vec![Effect::ToggleStar(id)]
    }

    fn update_agenda(&mut self, action: Action) -> Vec<Effect> {
        let agenda = self.agenda();
        let mut selected = self.agenda_selected;
        if self.move_in_list(&mut selected, agenda.len(), &action) {
            self.agenda_selected = selected;
            return vec![];
        }
        match action {
            Action::GoToSelected => {
                if let Some(&index) = agenda.get(self.agenda_selected) {
                    self.mode = Mode::Browse;
                    self.go_to_session(index);
                }
            }
            Action::ToggleAgenda => self.mode = Mode::Browse,
            Action::ToggleZone => self.toggle_zone(),
            Action::Quit => return vec![Effect::Quit],
            _ => {}
        }
        vec![]
    }

    /// The number of results so far.
    pub fn search_len(&self) -> usize {
        self.searcher.as_ref().map_or(0, Searcher::len)
    }

    /// The results in a range of ranks, with what to highlight.
    pub fn search_hits(&self, ranks: std::ops::Range<usize>) -> Vec<Hit> {
        self.searcher
            .as_ref()
            .map_or_else(Vec::new, |s| s.hits(ranks))
    }

    /// Whether a search is still scanning (a very large schedule): the event loop calls
    /// `continue_search` between frames until it is done.
    pub fn search_pending(&self) -> bool {
        self.mode == Mode::Search && self.searcher.as_ref().is_some_and(|s| !s.is_complete())
    }

    /// Scans on while `keep_going` says so.
    pub fn continue_search(&mut self, keep_going: impl FnMut() -> bool) {
        if let Some(searcher) = &mut self.searcher {
            searcher.advance(keep_going);
        }
    }

    fn run_search(&mut self) {
        self.search.selected = 0;
        if let Some(searcher) = &mut self.searcher {
            searcher.set_query(&self.search.query);
            let mut chunks = 0;
            searcher.advance(|| {
                chunks += 1;
                chunks < SEARCH_CHUNKS_PER_KEY
            });
        }
    }

    fn remember_query(&mut self) {
        let query = self.search.query.trim();
        if !query.is_empty() && self.search_history.last().map(String::as_str) != Some(query) {
            self.search_history.push(query.to_string());
        }
    }

    fn update_search(&mut self, action: Action) -> Vec<Effect> {
        let last = self.search_len().saturating_sub(1);
        match action {
            Action::SearchInput(c) => {
                self.search.query.push(c);
                self.search.recalled = None;
                self.run_search();
            }
            Action::SearchBackspace => {
                self.search.query.pop();
                self.search.recalled = None;
                self.run_search();
            }
            Action::SearchDeleteWord => {
                let kept = self.search.query.trim_end().len();
                self.search.query.truncate(kept);
                let word_start = self
                    .search
                    .query
                    .rfind(char::is_whitespace)
                    .map_or(0, |i| i + 1);
                self.search.query.truncate(word_start);
                self.search.recalled = None;
                self.run_search();
            }
            Action::SearchClear => {
                self.search.query.clear();
                self.search.recalled = None;
                self.run_search();
            }
            Action::SelectPrev
                if self.search.query.is_empty() || self.search.recalled.is_some() =>
            {
                let before = self.search.recalled.unwrap_or(self.search_history.len());
                if before > 0 {
                    self.search.recalled = Some(before - 1);
                    self.search.query = self.search_history[before - 1].clone();
                    self.run_search();
                }
            }
            Action::SelectPrev => self.search.selected = self.search.selected.saturating_sub(1),
            Action::SelectNext => self.search.selected = (self.search.selected + 1).min(last),
            Action::PageUp => {
                self.search.selected = self.search.selected.saturating_sub(self.page_size.max(1))
            }
            Action::PageDown => {
                self.search.selected = (self.search.selected + self.page_size.max(1)).min(last)
            }
            Action::SearchAccept => {
                if let Some(searcher) = &mut self.searcher {
                    searcher.finish();
                }
                let Some(index) = self
                    .searcher
                    .as_ref()
                    .and_then(|s| s.sessions().nth(self.search.selected))
                else {
                    self.status = Some("no session to go to".into());
                    return vec![];
                };
                self.remember_query();
                self.mode = Mode::Browse;
                self.go_to_session(index);
            }
            Action::SearchCancel => {
                self.remember_query();
                self.mode = Mode::Browse;
            }
            Action::Quit => return vec![Effect::Quit],
            _ => {}
        }
        vec![]
    }

    /// Shows the day of a session (by its index in the schedule) with it selected.
    pub fn go_to_session(&mut self, index: usize) {
        let found = self.days.iter().enumerate().find_map(|(day, d)| {
            d.sessions
                .iter()
                .position(|&i| i == index)
                .map(|p| (day, p))
        });
        if let Some((day, position)) = found {
            self.show_day(day);
            self.select(position);
        }
    }

    fn update_help(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::SelectNext => self.help_scroll = self.help_scroll.saturating_add(1),
            Action::SelectPrev => self.help_scroll = self.help_scroll.saturating_sub(1),
            Action::ToggleHelp => self.mode = Mode::Browse,
            Action::Quit => return vec![Effect::Quit],
            _ => {}
        }
        vec![]
    }

    fn jump_to_now(&mut self) {
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
    use super::*;
    use crate::time::parse_now;
    use chrono_tz::Europe::Paris;

    fn bundled() -> Schedule {
        crate::formats::ron::parse(include_str!("../assets/kubecon-eu-2024.ron")).unwrap()
    }

    fn app_at(now: &str) -> App {
        App::new(bundled(), parse_now(now, Paris).unwrap(), Paris)
    }

    fn title(app: &App) -> &str {
        app.selected_session().map_or("", |s| s.title.as_str())
    }

    #[test]
    fn opens_on_today_at_the_session_on_now_or_next() {
        let app = app_at("2024-03-20T10:30");
        assert_eq!(app.day, 1);
        assert!(title(&app).starts_with("Platform Building Blocks"));
        let app = app_at("2024-03-20T11:00");
        assert!(title(&app).starts_with("Comparing Sidecar-Less"));
        // Before the conference: the first day.
        let app = app_at("2024-01-01T12:00");
        assert_eq!((app.day, app.current()), (0, 0));
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
            assert_eq!(app.day, day, "{actions:?}");
            assert!(
                title(&app).starts_with(prefix),
                "{actions:?}: {}",
                title(&app)
            );
        }
    }

    fn type_query(app: &mut App, text: &str) {
        for c in text.chars() {
            app.update(Action::SearchInput(c));
        }
    }

    #[test]
    fn search_finds_jumps_and_returns() {
        let mut app = app_at("2024-03-19T09:00");
        app.update(Action::OpenSearch);
        assert_eq!(app.mode, Mode::Search);
        assert_eq!(app.search_len(), 0);
        type_query(&mut app, "christian posta");
        assert_eq!(app.search_len(), 1);
        assert!(title(&app).starts_with("Comparing Sidecar-Less"));
        app.update(Action::SearchAccept);
        assert_eq!((app.mode, app.day), (Mode::Browse, 1));
        assert!(title(&app).starts_with("Comparing Sidecar-Less"));

        // Esc returns to where you were, whatever was selected in the results.
        app.update(Action::OpenSearch);
        type_query(&mut app, "istio");
        assert!(app.search_len() >= 3);
        app.update(Action::SelectNext);
        app.update(Action::SearchCancel);
        assert_eq!((app.mode, app.day), (Mode::Browse, 1));
        assert!(title(&app).starts_with("Comparing Sidecar-Less"));

        // Up on an empty line recalls earlier queries, newest first.
        app.update(Action::OpenSearch);
        app.update(Action::SelectPrev);
        assert_eq!(app.search.query, "istio");
        app.update(Action::SelectPrev);
        assert_eq!(app.search.query, "christian posta");
        app.update(Action::SearchDeleteWord);
        assert_eq!(app.search.query, "christian ");
        app.update(Action::SearchClear);
        type_query(&mut app, "mitch connors xyz");
        assert_eq!(app.search_len(), 0);
        app.update(Action::SearchAccept);
        assert_eq!(app.mode, Mode::Search);
        app.update(Action::SearchDeleteWord);
        assert_eq!(app.search.query, "mitch connors ");
        assert_eq!(app.search_len(), 2);
        app.update(Action::SearchClear);
        assert_eq!(app.search.query, "");
    }

    #[test]
    fn stars_toggle_at_once_and_clashes_are_found() {
        let mut app = app_at("2024-03-21T09:00");
        assert_eq!(
            app.update(Action::ToggleStar),
            vec![Effect::ToggleStar("product-market-misfit".into())]
        );
        assert!(
            app.starred
                .contains(&SessionId::from("product-market-misfit"))
        );
        app.update(Action::SelectNext);
        app.update(Action::ToggleStar);
        assert_eq!(app.starred.len(), 2);
        // 14:30 with no end is assumed to last until 15:00: no clash with 15:25.
        assert!(app.clashing.is_empty());
        let mut starred = app.starred.clone();
        starred.insert("istio-day-istio-and-dns".into());
        app.schedule.sessions[3].end = app.schedule.sessions[4]
            .start
            .checked_add_signed(chrono::Duration::minutes(5));
        app.set_stars(starred);
        assert_eq!(app.clashing.len(), 2);
        let session = app.schedule.sessions[4].clone();
        assert_eq!(app.clashes_of(&session)[0].id.0, "product-market-misfit");
        // The agenda lists them in time order and Enter goes to one.
        app.update(Action::SelectFirst);
        app.update(Action::ToggleAgenda);
        assert_eq!(app.mode, Mode::Agenda);
        assert_eq!(app.agenda().len(), 3);
        assert!(title(&app).starts_with("Product Market Misfit"));
        app.update(Action::SelectNext);
        assert!(title(&app).starts_with("Istio Project Update"));
        assert_eq!(
            app.update(Action::ToggleStar),
            vec![Effect::ToggleStar("istio-project-update".into())]
        );
        assert_eq!(app.agenda().len(), 2);
        app.update(Action::SelectPrev);
        app.update(Action::SelectPrev);
        app.update(Action::GoToSelected);
        assert_eq!((app.mode, app.day), (Mode::Browse, 0));
        assert!(title(&app).starts_with("Istio and DNS"));
        // Read-only stars say why and change nothing.
        app.stars_read_only = Some("stars are read-only".into());
        assert_eq!(app.update(Action::ToggleStar), vec![]);
        assert_eq!(app.status.as_deref(), Some("stars are read-only"));
    }

    #[test]
    fn t_switches_between_the_conference_zone_and_yours() {
        let mut app = app_at("2024-03-20T10:30");
        app.update(Action::ToggleZone);
        assert_eq!(app.zone, Paris);
        assert!(app.status.as_deref().unwrap().contains("the same"));
        app.other_zone = Some(chrono_tz::America::New_York);
        app.update(Action::ToggleZone);
        assert_eq!(app.zone, chrono_tz::America::New_York);
        app.update(Action::ToggleZone);
        assert_eq!(app.zone, Paris);
    }

    #[test]
    fn quit_and_suspend_are_effects() {
        let mut app = app_at("2024-03-19T09:00");
        assert_eq!(app.update(Action::Suspend), vec![Effect::Suspend]);
        assert_eq!(app.update(Action::Quit), vec![Effect::Quit]);
        app.update(Action::ToggleHelp);
        assert_eq!(app.mode, Mode::Help);
        assert_eq!(app.update(Action::Quit), vec![Effect::Quit]);
    }

    #[test]
    fn jump_to_now_outside_the_conference_says_where_it_went() {
        let mut app = app_at("2024-03-25T12:00");
        assert_eq!(app.phase(), Phase::After);
        app.update(Action::JumpToNow);
        assert_eq!(app.day, 3);
        assert!(title(&app).starts_with("Scaling"));
        assert!(app.status.as_deref().unwrap().contains("over"));
        let mut app = app_at("2024-01-01T12:00");
        app.update(Action::NextDay);
        app.update(Action::JumpToNow);
        assert_eq!((app.day, app.current()), (0, 0));
        assert!(app.status.as_deref().unwrap().contains("not started"));
    }

    #[test]
    fn detail_scroll_stays_within_its_limit_and_resets_on_a_new_selection() {
        let mut app = app_at("2024-03-20T09:00");
        app.detail_scroll_max = 2;
        for _ in 0..5 {
            app.update(Action::ScrollDetailDown);
        }
        assert_eq!(app.detail_scroll, 2);
        app.update(Action::SelectNext);
        assert_eq!(app.detail_scroll, 0);
    }

    /// Two rooms on 20 March and a late session after midnight in a third; one on the 21st.
    fn rooms_schedule() -> Schedule {
        let session = |id: &str, room: &str, start: &str, end: &str| {
            format!(
                "(id: \"{id}\", title: \"{id}\", start: \"{start}:00+01:00\", end: \"{end}:00+01:00\", room: \"{room}\"),"
            )
        };
        let sessions = [
            session("a", "Room A", "2024-03-20T09:00", "2024-03-20T10:00"),
            session("b", "Room A", "2024-03-20T10:00", "2024-03-20T10:30"),
            session("c", "Room B", "2024-03-20T09:30", "2024-03-20T10:15"),
            session("d", "Room B", "2024-03-20T11:00", "2024-03-20T11:30"),
            session("party", "Bar", "2024-03-21T00:30", "2024-03-21T01:30"),
            session("f", "Room A", "2024-03-21T09:00", "2024-03-21T09:45"),
        ];
        let text = format!(
            "#![enable(implicit_some)]\n(version: 1, conference: (id: \"t\", title: \"T\", time_zone: \"Europe/Paris\", day_change: \"04:00\"), sessions: [{}])",
            sessions.concat()
        );
        crate::formats::ron::parse(&text).unwrap()
    }

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
    fn before_the_day_change_hour_with_the_evening_over_it_opens_on_the_next_day() {
        // 02:00 still belongs to the 20th (day change 04:00), whose last session ended at 01:30.
        let mut app = App::new(
            rooms_schedule(),
            parse_now("2024-03-21T02:00", Paris).unwrap(),
            Paris,
        );
        assert_eq!(app.phase(), Phase::During(0));
        assert_eq!((app.day, title(&app)), (1, "f"));
        app.update(Action::PrevDay);
        app.update(Action::JumpToNow);
        assert_eq!((app.day, title(&app)), (1, "f"));
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
        assert_eq!((app.day, title(&app)), (0, "party"));
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
        app.update(Action::ToggleStar);
        assert_eq!(rooms_at(&app)[0].0, "Room B");
        assert_eq!(title(&app), "c");
        app.update(Action::ToggleStar);
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
        assert_eq!(app.now_selected, 0);
        app.update(Action::GoToSelected);
        assert_eq!(app.mode, Mode::Browse);
        assert_eq!(title(&app), "d");
        app.update(Action::ToggleNow);
        app.update(Action::ToggleNow);
        assert_eq!(app.mode, Mode::Browse);
    }

    #[test]
    fn a_starred_session_about_to_start_rings_once() {
        let at = |t: &str| parse_now(t, Paris).unwrap();
        let mut app = App::new(rooms_schedule(), at("2024-03-20T10:40"), Paris);
        app.set_stars(BTreeSet::from([SessionId::from("d"), SessionId::from("c")]));
        // Six minutes before: not yet.
        assert_eq!(app.update(Action::Tick(at("2024-03-20T10:54"))), vec![]);
        assert!(app.reminders().is_empty());
        // Five minutes before: the banner and one bell.
        assert_eq!(
            app.update(Action::Tick(at("2024-03-20T10:55"))),
            vec![Effect::Bell]
        );
        assert_eq!(app.reminders(), vec![3]);
        assert_eq!(app.update(Action::Tick(at("2024-03-20T10:56"))), vec![]);
        assert_eq!(app.reminders(), vec![3]);
        // It has started: the banner goes.
        app.update(Action::Tick(at("2024-03-20T11:00")));
        assert!(app.reminders().is_empty());
        // Without the bell, the banner alone; with reminders off, neither.
        let mut app = App::new(rooms_schedule(), at("2024-03-20T10:40"), Paris);
        app.set_stars(BTreeSet::from([SessionId::from("d")]));
        app.bell = false;
        assert_eq!(app.update(Action::Tick(at("2024-03-20T10:58"))), vec![]);
        assert_eq!(app.reminders(), vec![3]);
        app.remind = None;
        assert!(app.reminders().is_empty());
        // Longer notice: 30 minutes.
        app.remind = Some(Duration::minutes(30));
        app.update(Action::Tick(at("2024-03-20T10:30")));
        assert_eq!(app.reminders(), vec![3]);
        // Unstarred sessions never remind.
        app.set_stars(BTreeSet::new());
        assert!(app.reminders().is_empty());
        // Starred in the app well before: the bell rings when its time comes.
        let mut app = App::new(rooms_schedule(), at("2024-03-20T10:40"), Paris);
        assert_eq!(title(&app), "d");
        app.update(Action::ToggleStar);
        assert_eq!(
            app.update(Action::Tick(at("2024-03-20T10:55"))),
            vec![Effect::Bell]
        );
        // Starred inside the window: the banner at once, no bell at the next tick.
        let mut app = App::new(rooms_schedule(), at("2024-03-20T10:57"), Paris);
        assert_eq!(title(&app), "d");
        assert_eq!(
            app.update(Action::ToggleStar),
            vec![Effect::ToggleStar("d".into())]
        );
        assert_eq!(app.reminders(), vec![3]);
        assert_eq!(app.update(Action::Tick(at("2024-03-20T10:58"))), vec![]);
    }

    #[test]
    fn a_changed_session_is_marked_until_looked_at() {
        let mut app = App::new(
            rooms_schedule(),
            parse_now("2024-03-20T08:00", Paris).unwrap(),
            Paris,
        );
        let moved = Mark {
            new: false,
            moved_from: Some(crate::changes::Slot {
                start: app.schedule.sessions[0].start - Duration::hours(1),
                room: None,
            }),
            retitled_from: None,
        };
        let new = Mark {
            new: true,
            moved_from: None,
            retitled_from: None,
        };
        app.changes = BTreeMap::from([("a".into(), moved), ("d".into(), new)]);
        let session = |app: &App, id: &str| app.schedule.session(&id.into()).unwrap().clone();
        // `a` is selected on opening: the first action reports it seen, once.
        assert_eq!(title(&app), "a");
        assert_eq!(app.unseen_changes(), 2);
        assert_eq!(
            app.update(Action::Tick(parse_now("2024-03-20T08:01", Paris).unwrap())),
            vec![Effect::Seen("a".into())]
        );
        assert_eq!(app.unseen_changes(), 1);
        // Its mark stays while it is selected, and goes when the selection moves on.
        assert_eq!(app.change_of(&session(&app, "a")).unwrap().label(), "moved");
        assert_eq!(app.update(Action::SelectNext), vec![]);
        assert!(app.change_of(&session(&app, "a")).is_none());
        assert!(app.change_of(&session(&app, "d")).is_some());
        // Seen through the agenda or the now-and-next view counts the same.
        app.set_stars(BTreeSet::from([SessionId::from("d")]));
        assert_eq!(
            app.update(Action::ToggleAgenda),
            vec![Effect::Seen("d".into())]
        );
        assert_eq!(app.unseen_changes(), 0);
        assert_eq!(app.update(Action::ToggleAgenda), vec![]);
    }

    #[test]
    fn an_empty_schedule_never_panics() {
        let mut schedule = bundled();
        schedule.sessions.clear();
        let mut app = App::new(schedule, Utc::now(), Paris);
        for action in [
            Action::SelectNext,
            Action::SelectLast,
            Action::NextDay,
            Action::PrevDay,
            Action::GoToDay(1),
            Action::JumpToNow,
            Action::PageDown,
            Action::ScrollDetailDown,
        ] {
            app.update(action);
        }
        assert!(app.selected_session().is_none());
    }
}
