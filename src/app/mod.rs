//! Application state and its transitions. No terminal and no files: `update` takes an action
//! and returns the effects (quit, suspend, save a star) for the event loop to carry out.
//!
//! `App` holds what every view shares (the schedule and its days, the clock, the zones, the
//! stars, the marks of the last update, the details pane); each view keeps its own state and
//! transitions in its module: [`timeline`], [`grid`], [`agenda`], [`now`], [`search`], [`help`].

mod agenda;
mod filter;
mod grid;
mod help;
mod note;
mod now;
mod search;
mod timeline;

pub use agenda::Agenda;
pub use filter::{FilterPanel, PanelEntry};
pub use grid::{Block, DayLayout, Grid, GridDay, Lane};
pub use help::Help;
pub use note::NoteEditor;
pub use now::{NowNext, RoomNow};
pub use search::SearchView;
pub use timeline::Timeline;

use crate::changes::Mark;
use crate::keys::{Action, Mode};
use crate::model::{Day, Schedule, Session, SessionId};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

/// Something `update` wants done outside the state: the event loop carries it out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Quit,
    Suspend,
    /// Star the session with this id if it is not shown starred, else unstar it; save, then
    /// show what the file holds (`App::set_stars`). The app changes no star itself.
    ToggleStar(crate::model::SessionId),
    /// Ring the terminal bell: a starred session starts soon.
    Bell,
    /// Ask the desktop for a notification with this text: a starred session starts soon.
    Notify(String),
    /// The session with this id, changed by the last update, has been looked at: its mark
    /// can be forgotten.
    Seen(crate::model::SessionId),
    /// The user switched between the timeline and the grid: remember it for the next run.
    SaveLayout(DayLayout),
    /// The filter changed: remember it for this schedule.
    SaveFilter(crate::filter::Filter),
    /// Save the note on the session with this id (an empty text removes it).
    SaveNote(crate::model::SessionId, String),
    /// Edit this note (the session's id, its text now) in $VISUAL / $EDITOR, then save it.
    EditNoteExternally(crate::model::SessionId, String),
    /// Give the session with this id this priority (starring it), or take its priority away.
    SetPriority(crate::model::SessionId, Option<crate::favourites::Priority>),
    /// Open this http(s) URL in the browser.
    OpenUrl(String),
    /// Put this text on the clipboard (OSC 52).
    Copy(String),
    /// Capture the mouse (true) or leave it to the terminal.
    SetMouse(bool),
}

/// What a reminder's desktop notification says: "Title starts in 5 min (Room)".
fn reminder_text(session: &crate::model::Session, now: DateTime<Utc>) -> String {
    // Rounded up: a session 4 min 30 s away "starts in 5 min", never "in 0 min".
    let seconds = (session.start.with_timezone(&Utc) - now)
        .num_seconds()
        .max(0);
    let minutes = (seconds + 59) / 60;
    match &session.room {
        Some(room) => format!("{} starts in {minutes} min ({})", session.title, room.0),
        None => format!("{} starts in {minutes} min", session.title),
    }
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
    /// The abstracts, when the schedule was read from its cache without them: each is read
    /// when its session is shown (`abstract_of`).
    pub abstracts: Option<crate::cache::Abstracts>,
    /// The labels of the schedules opened as one, in order (each session names its own);
    /// empty for a schedule on its own.
    pub sources: Vec<String>,
    /// Conference days with the sessions that pass the filter, in timeline order (a day the
    /// filter empties stays, empty).
    pub days: Vec<Day>,
    /// Conference days with all their sessions.
    pub all_days: Vec<Day>,
    /// The filter every view reads (empty: everything shows).
    pub filter: crate::filter::Filter,
    /// The filter panel.
    pub filter_panel: FilterPanel,
    /// Each session's facet values, worked out the first time a filter is used.
    facets: std::cell::OnceCell<crate::filter::FacetIndex>,
    /// Which layer is on top and gets the keys.
    pub mode: Mode,
    pub now: DateTime<Utc>,
    /// The zone every time is shown in.
    pub zone: Tz,
    /// The zone `t` switches to from the conference's: the system's, or the one asked for.
    pub other_zone: Option<Tz>,
    /// A one-line message for the bottom bar.
    pub status: Option<String>,
    /// Rows in a page of the list on screen (set by the event loop after a draw).
    pub page_size: usize,
    /// The details pane of the selected session, which every view shows.
    pub detail: Detail,
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
    /// The priorities of starred sessions (set from the favourites file by the event loop).
    pub priorities: BTreeMap<SessionId, crate::favourites::Priority>,
    /// The user's notes, by session id (set from the favourites file by the event loop).
    pub notes: BTreeMap<SessionId, String>,
    /// The note editor, while it is open.
    pub note_editor: NoteEditor,
    /// Whether notes are edited in $VISUAL / $EDITOR (set when one is) rather than in hallway.
    pub external_editor: bool,
    /// How long before a starred session starts to remind of it; `None` turns reminders off.
    pub remind: Option<Duration>,
    /// Whether a reminder rings the terminal bell.
    pub bell: bool,
    /// Whether a reminder also asks for a desktop notification (off unless the browser turns
    /// it on from its settings).
    pub notify: bool,
    /// Whether the mouse is captured (clicks select); off, the terminal selects text.
    pub mouse: bool,
    /// Sessions already reminded of in this run (each rings once).
    reminded: BTreeSet<SessionId>,
    /// The starred sessions of this schedule, as indices into it (set with the stars), so the
    /// reminder banner of every frame looks at the stars, not at every session.
    starred_indices: Vec<usize>,
    /// Bumped whenever the stars or the days shown change, so what is worked out from them
    /// (the now-and-next view) is worked out again.
    version: u64,
    /// The now-and-next view as last worked out, and from what.
    now_cache: std::cell::RefCell<Option<(now::NowKey, Vec<RoomNow>)>>,
    /// Sessions the last update of this schedule changed, not yet looked at, with what changed.
    pub changes: BTreeMap<SessionId, Mark>,
    /// Changed sessions looked at in this run: their mark stays while they are selected.
    seen: BTreeSet<SessionId>,
    /// The day's timeline: the day shown and each day's selection (the grid's too).
    pub timeline: Timeline,
    /// How days are shown: the timeline or the grid.
    pub layout: DayLayout,
    /// The room-by-time grid of each day.
    pub grid: Grid,
    /// The search line, its results and the queries of this run.
    pub search: SearchView,
    /// My agenda: the starred sessions.
    pub agenda: Agenda,
    /// On now and next, per room.
    pub now_next: NowNext,
    /// The help overlay.
    pub help: Help,
}

/// The details pane: how far it is scrolled, and how far it can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detail {
    pub scroll: u16,
    /// How far the details can scroll at the current size (set by the event loop after a draw).
    pub scroll_max: u16,
}

impl Default for Detail {
    fn default() -> Detail {
        Detail {
            scroll: 0,
            scroll_max: u16::MAX,
        }
    }
}

impl Detail {
    fn scroll_down(&mut self) {
        self.scroll = (self.scroll + 1).min(self.scroll_max);
    }

    fn scroll_up(&mut self) {
        self.scroll = self.scroll.saturating_sub(1);
    }
}

impl App {
    /// Opens on today at the session on now or next when the conference is on, else on its
    /// first day.
    /// A session's abstract: its own, or read from the cache (see `abstracts`); an error
    /// says why it could not be read.
    pub fn abstract_of<'a>(&self, session: &'a Session) -> Result<Cow<'a, str>, String> {
        crate::cache::abstract_of(self.abstracts.as_ref(), session).map_err(|e| e.to_string())
    }

    pub fn new(schedule: Schedule, now: DateTime<Utc>, zone: Tz) -> App {
        let days = schedule.days();
        let mut app = App {
            timeline: Timeline::new(days.len()),
            layout: DayLayout::Timeline,
            grid: Grid::new(days.len()),
            schedule,
            abstracts: None,
            sources: Vec::new(),
            all_days: days.clone(),
            days,
            filter: crate::filter::Filter::default(),
            filter_panel: FilterPanel::default(),
            facets: std::cell::OnceCell::new(),
            detail: Detail::default(),
            mode: Mode::Browse,
            now,
            zone,
            other_zone: None,
            status: None,
            page_size: 10,
            starred: BTreeSet::new(),
            clashing: BTreeSet::new(),
            starred_here: 0,
            missing_stars: Vec::new(),
            stars_read_only: None,
            priorities: BTreeMap::new(),
            notes: BTreeMap::new(),
            note_editor: NoteEditor::default(),
            external_editor: false,
            remind: Some(Duration::minutes(DEFAULT_REMIND_MINUTES)),
            bell: true,
            notify: false,
            mouse: true,
            reminded: BTreeSet::new(),
            starred_indices: Vec::new(),
            version: 0,
            now_cache: std::cell::RefCell::new(None),
            changes: BTreeMap::new(),
            seen: BTreeSet::new(),
            search: SearchView::default(),
            agenda: Agenda::default(),
            now_next: NowNext::default(),
            help: Help::default(),
        };
        app.open_on_today();
        app
    }

    /// The label of the schedule a session comes from, with its place among the sources (for
    /// its colour), when several are open as one.
    pub fn source_of<'a>(&self, session: &'a Session) -> Option<(&'a str, usize)> {
        let label = session.source()?;
        let n = self.sources.iter().position(|l| l == label).unwrap_or(0);
        Some((label, n))
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

    /// The selected session of the view on top (the selected search result while searching;
    /// in the help, the session of the day shown).
    pub fn selected_session(&self) -> Option<&Session> {
        let index = match self.view_mode() {
            Mode::Search => self.selected_search_result()?,
            Mode::Agenda => self.selected_agenda_entry()?,
            Mode::Now => self.selected_now_entry()?,
            Mode::Browse | Mode::Grid | Mode::Help | Mode::Filter | Mode::Note => {
                self.selected_timeline_session()?
            }
        };
        self.schedule.sessions.get(index)
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
        if self.mode == Mode::Note {
            return self.update_note(action);
        }
        match action {
            Action::ToggleStar => return self.toggle_star(),
            Action::CyclePriority => return self.cycle_priority(),
            Action::EditNote => return self.open_note(),
            Action::OpenLink | Action::CopyLink => return self.act_on_link(&action),
            Action::ToggleMouse => {
                self.mouse = !self.mouse;
                self.status = Some(if self.mouse {
                    "mouse on: clicks select sessions (M turns it off)".into()
                } else {
                    "mouse off: select text with the terminal (M turns it on)".into()
                });
                return vec![Effect::SetMouse(self.mouse)];
            }
            Action::Suspend => return vec![Effect::Suspend],
            Action::Quit => return vec![Effect::Quit],
            // In the grid, Enter shows the session in the timeline.
            Action::ToggleLayout | Action::GoToSelected
                if matches!(
                    (self.mode, &action),
                    (Mode::Browse | Mode::Grid, Action::ToggleLayout)
                        | (Mode::Grid, Action::GoToSelected)
                ) =>
            {
                return vec![self.toggle_layout()];
            }
            Action::ClearFilter if matches!(self.mode, Mode::Browse | Mode::Grid) => {
                if self.filter.is_empty() {
                    self.status = Some("no filter to clear".into());
                    return vec![];
                }
                self.set_filter(crate::filter::Filter::default());
                self.status = Some("filter cleared: every session shows".into());
                return vec![Effect::SaveFilter(self.filter.clone())];
            }
            Action::ToggleFilter if matches!(self.mode, Mode::Browse | Mode::Grid) => {
                self.open_filter();
                return vec![];
            }
            _ => {}
        }
        // The view on top gets the action.
        match self.mode {
            Mode::Help => self.update_help(action),
            Mode::Search => self.update_search(action),
            Mode::Agenda => return self.update_agenda(action),
            Mode::Now => self.update_now(action),
            Mode::Browse => self.update_timeline(action),
            Mode::Grid => self.update_grid(action),
            Mode::Filter => return self.update_filter_panel(action),
            Mode::Note => return self.update_note(action),
        }
        vec![]
    }

    /// Switches every time shown between the conference's zone and the other one.
    pub(super) fn toggle_zone(&mut self) {
        let conference = self.schedule.conference.time_zone;
        match self.other_zone.filter(|&z| z != conference) {
            Some(other) if self.zone == conference => {
                self.zone = other;
                self.status = Some(format!(
                    "times in {} (yours)",
                    crate::time::zone_label(other)
                ));
            }
            Some(_) => {
                self.zone = conference;
                self.status = Some(format!(
                    "times in {} (the conference's)",
                    crate::time::zone_label(conference)
                ));
            }
            None => {
                self.zone = conference;
                self.status = Some(format!(
                    "times are in {}: the conference's zone and yours are the same",
                    crate::time::zone_label(conference)
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
        if self.filter.upcoming {
            self.apply_filter();
        }
        if let Some(id) = selected {
            self.select_now_entry(&id);
        }
        let mut effects = Vec::new();
        let mut rung = false;
        for index in self.reminders() {
            let session = &self.schedule.sessions[index];
            if self.reminded.insert(session.id.clone()) {
                rung = true;
                if self.notify {
                    effects.push(Effect::Notify(reminder_text(session, self.now)));
                }
            }
        }
        if rung && self.bell {
            effects.insert(0, Effect::Bell);
        }
        effects
    }

    /// The starred sessions that start within the reminder time from now, soonest first, as
    /// indices into the schedule: the reminder banner shows them.
    pub fn reminders(&self) -> Vec<usize> {
        let Some(remind) = self.remind else {
            return Vec::new();
        };
        let sessions = &self.schedule.sessions;
        let mut soon: Vec<usize> = self
            .starred_indices
            .iter()
            .copied()
            .filter(|&i| {
                sessions.get(i).is_some_and(|s| {
                    s.start > self.now
                        && s.start <= self.now + remind
                        && self.starred.contains(&s.id)
                })
            })
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

    /// Moves the selection of a list view (agenda, now and next) of `len` entries, or scrolls
    /// the details; false when the action is neither. A new selection scrolls the details back
    /// to the top.
    pub(super) fn move_in_list(
        &mut self,
        selected: &mut usize,
        len: usize,
        action: &Action,
    ) -> bool {
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
                self.detail.scroll_down();
                return true;
            }
            Action::ScrollDetailUp => {
                self.detail.scroll_up();
                return true;
            }
            _ => return false,
        };
        self.detail.scroll = 0;
        true
    }

    /// Sets the stars (as the favourites file has them) and works out which ones clash. The
    /// now-and-next view puts rooms with stars first, so its selection is kept by session.
    pub fn set_stars(&mut self, starred: BTreeSet<SessionId>) {
        let selected = (self.mode == Mode::Now)
            .then(|| self.selected_session().map(|s| s.id.clone()))
            .flatten();
        self.starred = starred;
        self.version += 1;
        if self.filter.starred {
            self.apply_filter();
        }
        if let Some(id) = selected {
            self.select_now_entry(&id);
        }
        self.starred_indices = self
            .schedule
            .sessions
            .iter()
            .enumerate()
            .filter(|(_, s)| self.starred.contains(&s.id))
            .map(|(i, _)| i)
            .collect();
        let sessions: Vec<&Session> = self
            .starred_indices
            .iter()
            .map(|&i| &self.schedule.sessions[i])
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
        let entries = self.agenda_entries();
        if let Some(id) = self.agenda.follow.take()
            && let Some(p) = entries
                .iter()
                .position(|&i| self.schedule.sessions[i].id == id)
        {
            self.agenda.selected = p;
        }
        self.agenda.selected = self.agenda.selected.min(entries.len().saturating_sub(1));
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

    /// Sets the priorities and notes the favourites file holds (the event loop calls it with
    /// `set_stars`).
    pub fn set_plan(
        &mut self,
        priorities: BTreeMap<SessionId, crate::favourites::Priority>,
        notes: BTreeMap<SessionId, String>,
    ) {
        self.priorities = priorities;
        self.notes = notes;
    }

    /// How a starred session's clashes stand, the worst first: `None` when it clashes with
    /// nothing. The label is short, for a list row: "CLASH must×must", "clash: this wins",
    /// "clash: other wins", "clash"; the flag says whether it is loud (two musts).
    pub fn clash_label(&self, session: &Session) -> Option<(&'static str, bool)> {
        use crate::favourites::ClashVerdict;
        let clashes = self.clashes_of(session);
        if clashes.is_empty() {
            return None;
        }
        let mine = self.priorities.get(&session.id).copied();
        let verdicts: Vec<ClashVerdict> = clashes
            .iter()
            .map(|o| ClashVerdict::of(mine, self.priorities.get(&o.id).copied()))
            .collect();
        Some(if verdicts.contains(&ClashVerdict::BothMust) {
            ("CLASH must×must", true)
        } else if verdicts.contains(&ClashVerdict::Loses) {
            ("clash: other wins", false)
        } else if verdicts.iter().all(|v| *v == ClashVerdict::Wins) {
            ("clash: this wins", false)
        } else {
            ("clash", false)
        })
    }

    /// What the details and the agenda say of each clash of a session.
    pub fn clash_lines(&self, session: &Session) -> Vec<(String, bool)> {
        use crate::favourites::ClashVerdict;
        let mine = self.priorities.get(&session.id).copied();
        self.clashes_of(session)
            .into_iter()
            .map(|other| {
                let theirs = self.priorities.get(&other.id).copied();
                let verdict = ClashVerdict::of(mine, theirs);
                let name = format!(
                    "{} ({})",
                    other.title,
                    other.start.with_timezone(&self.zone).format("%H:%M")
                );
                (
                    verdict.describe(mine, theirs, &name),
                    verdict == ClashVerdict::BothMust,
                )
            })
            .collect()
    }

    /// Cycles the selected session's priority none → must → maybe → none; an unstarred
    /// session is starred as a must.
    fn cycle_priority(&mut self) -> Vec<Effect> {
        if let Some(why) = &self.stars_read_only {
            self.status = Some(why.clone());
            return vec![];
        }
        let Some(id) = self.selected_session().map(|s| s.id.clone()) else {
            return vec![];
        };
        let current = self
            .starred
            .contains(&id)
            .then(|| self.priorities.get(&id).copied())
            .flatten();
        let next = if self.starred.contains(&id) {
            crate::favourites::Priority::cycle(current)
        } else {
            Some(crate::favourites::Priority::Must)
        };
        match next {
            Some(p) => {
                self.priorities.insert(id.clone(), p);
                self.status = Some(format!("priority: {}", p.label()));
            }
            None => {
                self.priorities.remove(&id);
                self.status = Some("no priority (still starred)".into());
            }
        }
        if !self.starred.contains(&id) {
            let mut starred = self.starred.clone();
            starred.insert(id.clone());
            self.set_stars(starred);
        }
        vec![Effect::SetPriority(id, next)]
    }

    /// Opens or copies the selected session's page: only an http(s) link without control
    /// characters (a schedule's link could name a local file or carry escapes).
    fn act_on_link(&mut self, action: &Action) -> Vec<Effect> {
        let Some(session) = self.selected_session() else {
            return vec![];
        };
        let Some(url) = session.url() else {
            self.status = Some("this session has no link".into());
            return vec![];
        };
        let web = url.starts_with("https://") || url.starts_with("http://");
        if !web || url.chars().any(char::is_control) {
            self.status = Some(format!("not a web link: {}", crate::text::quote(url)));
            return vec![];
        }
        let url = url.to_string();
        if *action == Action::OpenLink {
            self.status = Some(format!("opening {url}"));
            vec![Effect::OpenUrl(url)]
        } else {
            self.status = Some(format!("copied {url}"));
            vec![Effect::Copy(url)]
        }
    }

    fn toggle_star(&mut self) -> Vec<Effect> {
        if let Some(why) = &self.stars_read_only {
            self.status = Some(why.clone());
            return vec![];
        }
        let Some(id) = self.selected_session().map(|s| s.id.clone()) else {
            return vec![];
        };
        // Not shown yet: the event loop saves, then shows what the file holds (`set_stars`),
        // so that no star is drawn that a crash before the save would lose.
        if !self.starred.contains(&id) {
            // Starred when it is about to start: the banner shows once saved, and the bell,
            // which is for catching the eye of someone not looking, stays quiet.
            let soon = self
                .remind
                .zip(self.selected_session())
                .is_some_and(|(remind, s)| s.start > self.now && s.start <= self.now + remind);
            if soon {
                self.reminded.insert(id.clone());
            }
        }
        vec![Effect::ToggleStar(id)]
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! What the tests of every view share: the bundled schedule and a small one of rooms.
    use super::*;
    use crate::time::parse_now;
    use chrono_tz::Europe::Paris;

    pub(crate) fn bundled() -> Schedule {
        crate::formats::ron::parse(include_str!("../../assets/kubecon-eu-2024.ron")).unwrap()
    }

    pub(crate) fn app_at(now: &str) -> App {
        App::new(bundled(), parse_now(now, Paris).unwrap(), Paris)
    }

    /// `Action::ToggleStar` with its save succeeding, as the event loop does it: the stars
    /// shown change only once saved.
    pub(crate) fn toggle_saved(app: &mut App) -> Vec<Effect> {
        let effects = app.update(Action::ToggleStar);
        for effect in &effects {
            if let Effect::ToggleStar(id) = effect {
                let mut starred = app.starred.clone();
                if !starred.remove(id) {
                    starred.insert(id.clone());
                }
                app.set_stars(starred);
            }
        }
        effects
    }

    pub(crate) fn title(app: &App) -> &str {
        app.selected_session().map_or("", |s| s.title.as_str())
    }

    /// Two rooms on 20 March and a late session after midnight in a third; one on the 21st.
    pub(crate) fn rooms_schedule() -> Schedule {
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
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;
    use crate::time::parse_now;
    use chrono_tz::Europe::Paris;

    #[test]
    fn a_session_s_web_link_is_opened_or_copied_and_nothing_else_is() {
        let mut app = app_at("2024-03-21T09:00");
        let index = app.selected_timeline_session().unwrap();
        // A page, after slides: the page is the link without a label.
        app.schedule.sessions[index].links = vec![
            crate::model::Link {
                url: "https://slides.example/1".into(),
                title: Some("Slides".into()),
            },
            crate::model::Link {
                url: "https://kubecon.example/session/1".into(),
                title: None,
            },
        ];
        let url = app.schedule.sessions[index].url().unwrap().to_string();
        assert_eq!(
            app.update(Action::OpenLink),
            vec![Effect::OpenUrl(url.clone())]
        );
        assert_eq!(
            app.update(Action::CopyLink),
            vec![Effect::Copy(url.clone())]
        );
        assert_eq!(app.status, Some(format!("copied {url}")));
        // A link that is not the web's, or that carries escapes, is refused and shown quoted.
        for bad in ["file:///etc/passwd", "https://x.example/\x1b]0;pwned\x07"] {
            app.schedule.sessions[index].links[1].url = bad.into();
            assert_eq!(app.update(Action::OpenLink), vec![]);
            let status = app.status.clone().unwrap();
            assert!(status.starts_with("not a web link"), "{status}");
            assert!(!status.contains('\x1b'), "{status}");
        }
        app.schedule.sessions[index].links.clear();
        assert_eq!(app.update(Action::CopyLink), vec![]);
        assert_eq!(app.status.as_deref(), Some("this session has no link"));
        // M leaves the mouse to the terminal, and takes it back.
        assert_eq!(
            app.update(Action::ToggleMouse),
            vec![Effect::SetMouse(false)]
        );
        assert_eq!(
            app.update(Action::ToggleMouse),
            vec![Effect::SetMouse(true)]
        );
    }

    #[test]
    fn stars_show_once_saved_and_clashes_are_found() {
        let mut app = app_at("2024-03-21T09:00");
        // The key asks for the save; no star is shown until the file holds it.
        assert_eq!(
            app.update(Action::ToggleStar),
            vec![Effect::ToggleStar("product-market-misfit".into())]
        );
        assert!(app.starred.is_empty());
        assert_eq!(
            toggle_saved(&mut app),
            vec![Effect::ToggleStar("product-market-misfit".into())]
        );
        assert!(
            app.starred
                .contains(&SessionId::from("product-market-misfit"))
        );
        // Unstarring likewise: the star stays until the file has lost it.
        assert_eq!(
            app.update(Action::ToggleStar),
            vec![Effect::ToggleStar("product-market-misfit".into())]
        );
        assert_eq!(app.starred.len(), 1);
        app.update(Action::SelectNext);
        toggle_saved(&mut app);
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
        assert_eq!(app.agenda_entries().len(), 3);
        assert!(title(&app).starts_with("Product Market Misfit"));
        app.update(Action::SelectNext);
        assert!(title(&app).starts_with("Istio Project Update"));
        assert_eq!(
            app.update(Action::ToggleStar),
            vec![Effect::ToggleStar("istio-project-update".into())]
        );
        assert_eq!(app.agenda_entries().len(), 3);
        toggle_saved(&mut app);
        assert_eq!(app.agenda_entries().len(), 2);
        app.update(Action::SelectPrev);
        app.update(Action::SelectPrev);
        app.update(Action::GoToSelected);
        assert_eq!((app.mode, app.timeline.day), (Mode::Browse, 0));
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
    fn detail_scroll_stays_within_its_limit_and_resets_on_a_new_selection() {
        let mut app = app_at("2024-03-20T09:00");
        app.detail.scroll_max = 2;
        for _ in 0..5 {
            app.update(Action::ScrollDetailDown);
        }
        assert_eq!(app.detail.scroll, 2);
        app.update(Action::SelectNext);
        assert_eq!(app.detail.scroll, 0);
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
        // With notifications on, each session coming into the window asks for one.
        let mut app = App::new(rooms_schedule(), at("2024-03-20T10:40"), Paris);
        app.set_stars(BTreeSet::from([SessionId::from("d")]));
        app.notify = true;
        let effects = app.update(Action::Tick(at("2024-03-20T10:55")));
        let d = &app.schedule.sessions[3];
        let text = match &d.room {
            Some(room) => format!("{} starts in 5 min ({})", d.title, room.0),
            None => format!("{} starts in 5 min", d.title),
        };
        assert_eq!(effects, vec![Effect::Bell, Effect::Notify(text)]);
        assert_eq!(app.update(Action::Tick(at("2024-03-20T10:56"))), vec![]);
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
        toggle_saved(&mut app);
        assert_eq!(
            app.update(Action::Tick(at("2024-03-20T10:55"))),
            vec![Effect::Bell]
        );
        // Starred inside the window: the banner at once, no bell at the next tick.
        let mut app = App::new(rooms_schedule(), at("2024-03-20T10:57"), Paris);
        assert_eq!(title(&app), "d");
        assert_eq!(toggle_saved(&mut app), vec![Effect::ToggleStar("d".into())]);
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
