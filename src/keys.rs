//! Actions and the default key table. The help overlay and the hint bar are generated from
//! this table, so a binding documented there is a binding that works.

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Which layer of the interface gets keys first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The day timeline with the detail pane.
    Browse,
    /// The search line with its ranked results.
    Search,
    /// The starred sessions of every day.
    Agenda,
    /// What is on now and next, room by room.
    Now,
    /// The room-by-time grid of the day with the detail pane.
    Grid,
    /// The filter panel beside the day.
    Filter,
    /// The help overlay on top of the day.
    Help,
    /// The note editor on top of the view it was opened from.
    Note,
}

/// Everything the user (or the clock) can make hallway do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Select the previous session.
    SelectPrev,
    /// Select the next session.
    SelectNext,
    /// Move the selection up by a page.
    PageUp,
    /// Move the selection down by a page.
    PageDown,
    /// Select the day's first session.
    SelectFirst,
    /// Select the day's last session.
    SelectLast,
    /// Select the session at the same time in the room on the left (the grid).
    SelectLeft,
    /// Select the session at the same time in the room on the right (the grid).
    SelectRight,
    /// Show the day as the timeline or as the grid of rooms.
    ToggleLayout,
    /// Open or close the filter panel.
    ToggleFilter,
    /// Clear the filter: every session shows.
    ClearFilter,
    /// Choose the value under the cursor of the filter panel, or take it back.
    ToggleFilterValue,
    /// Show the previous day.
    PrevDay,
    /// Show the next day.
    NextDay,
    /// Show day N (counting from 1).
    GoToDay(usize),
    /// Show today and select the session on now or next.
    JumpToNow,
    /// Scroll the details down.
    ScrollDetailDown,
    /// Scroll the details up.
    ScrollDetailUp,
    /// Star the selected session, or unstar it.
    ToggleStar,
    /// Cycle the selected session's priority: none, must, maybe (starring it if needed).
    CyclePriority,
    /// Write or change the note on the selected session.
    EditNote,
    /// Start a new line in the note.
    NoteNewline,
    /// Save the note and close the editor.
    NoteSave,
    /// Open or close the agenda of starred sessions.
    ToggleAgenda,
    /// In the agenda: go to the next clash among the starred sessions.
    NextClash,
    /// In the agenda: keep the selected session of its clash, unstar the ones it overlaps.
    KeepOne,
    /// In the agenda: go to what starts in the free time after the selected pick.
    FreeTime,
    /// Open the selected session's page in the browser.
    OpenLink,
    /// Copy the selected session's link to the clipboard (OSC 52).
    CopyLink,
    /// Turn mouse capture off (the terminal's own selection works) or on again.
    ToggleMouse,
    /// Go to the selected entry (agenda, now and next) in its day's timeline.
    GoToSelected,
    /// Open or close the view of what is on now and next in each room.
    ToggleNow,
    /// Show times in the other zone: the conference's, or this computer's (or --tz's).
    ToggleZone,
    /// Open the search line.
    OpenSearch,
    /// Type a character into the search line.
    SearchInput(char),
    /// Delete the character before the cursor of the search line.
    SearchBackspace,
    /// Delete the word before the cursor of the search line.
    SearchDeleteWord,
    /// Clear the search line.
    SearchClear,
    /// Go to the selected result in its day's timeline and close the search.
    SearchAccept,
    /// Close the search and return to where you were.
    SearchCancel,
    /// Open or close the help overlay.
    ToggleHelp,
    /// Suspend hallway to the shell (fg resumes).
    Suspend,
    /// Leave hallway.
    Quit,
    /// Select a session by its position in a day (a mouse click).
    SelectAt { day: usize, position: usize },
    /// Select an entry of the agenda or the now-and-next view (a mouse click).
    SelectEntry(usize),
    /// The clock moved on.
    Tick(DateTime<Utc>),
}

/// One key with its modifiers. Shift is implied by an upper-case character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl Key {
    const fn plain(code: KeyCode) -> Key {
        Key { code, ctrl: false }
    }
    const fn ch(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }
    const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
        }
    }

    /// How the key is written in the help and the hint bar.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Backspace => "Backspace".into(),
            other => format!("{other:?}"),
        };
        if self.ctrl {
            format!("Ctrl-{}", base.to_uppercase())
        } else {
            base
        }
    }

    fn matches(&self, event: &KeyEvent) -> bool {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl != self.ctrl {
            return false;
        }
        match (self.code, event.code) {
            // Terminals differ on whether they also report Shift with upper-case letters.
            (KeyCode::Char(a), KeyCode::Char(b)) if self.ctrl => a.eq_ignore_ascii_case(&b),
            (a, b) => a == b,
        }
    }
}

/// A row of the key table: in this mode, these keys do this.
#[derive(Debug, Clone)]
pub struct Binding {
    pub mode: Mode,
    pub keys: &'static [Key],
    pub action: Action,
    /// What the binding does, as the help overlay says it.
    pub about: &'static str,
    /// A word or two for the hint bar; `None` keeps the binding out of it.
    pub hint: Option<&'static str>,
}

const fn bind(
    mode: Mode,
    keys: &'static [Key],
    action: Action,
    about: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        mode,
        keys,
        action,
        about,
        hint,
    }
}

use Mode::{Agenda, Browse, Filter, Grid, Help, Note, Now, Search};

/// The default key table, in the order the help lists it.
#[rustfmt::skip]
pub static BINDINGS: &[Binding] = &[
    bind(Browse, &[Key::plain(KeyCode::Up), Key::ch('k')], Action::SelectPrev, "previous session", None),
    bind(Browse, &[Key::plain(KeyCode::Down), Key::ch('j')], Action::SelectNext, "next session", Some("move")),
    bind(Browse, &[Key::plain(KeyCode::PageUp)], Action::PageUp, "a page up", None),
    bind(Browse, &[Key::plain(KeyCode::PageDown)], Action::PageDown, "a page down", None),
    bind(Browse, &[Key::ch('g'), Key::plain(KeyCode::Home)], Action::SelectFirst, "first session of the day", None),
    bind(Browse, &[Key::ch('G'), Key::plain(KeyCode::End)], Action::SelectLast, "last session of the day", None),
    bind(Browse, &[Key::plain(KeyCode::Left), Key::ch('h'), Key::plain(KeyCode::BackTab)], Action::PrevDay, "previous day", None),
    bind(Browse, &[Key::plain(KeyCode::Right), Key::ch('l'), Key::plain(KeyCode::Tab)], Action::NextDay, "next day", Some("day")),
    bind(Browse, &[Key::ch('1'), Key::ch('9')], Action::GoToDay(0), "day 1 to 9", None),
    bind(Browse, &[Key::ch('n')], Action::JumpToNow, "jump to now: today, the session on now or next", Some("now")),
    bind(Browse, &[Key::ch('J')], Action::ScrollDetailDown, "scroll the details down", None),
    bind(Browse, &[Key::ch('K')], Action::ScrollDetailUp, "scroll the details up", None),
    bind(Browse, &[Key::ch('s'), Key::ch(' ')], Action::ToggleStar, "star or unstar the session (saved at once)", Some("star")),
    bind(Browse, &[Key::ch('p')], Action::CyclePriority, "priority of the session: must, maybe, none (stars it)", None),
    bind(Browse, &[Key::ch('e')], Action::EditNote, "write a note on the session ($VISUAL or $EDITOR when set)", None),
    bind(Browse, &[Key::ch('a')], Action::ToggleAgenda, "my agenda: starred sessions, gaps and clashes", Some("agenda")),
    bind(Browse, &[Key::ch('o')], Action::OpenLink, "open the session's page in the browser", None),
    bind(Browse, &[Key::ch('y')], Action::CopyLink, "copy the session's link (works over ssh and tmux)", None),
    bind(Browse, &[Key::ch('M')], Action::ToggleMouse, "mouse off (select text with the terminal) or on", None),
    bind(Browse, &[Key::ch('w')], Action::ToggleNow, "on now and next in each room, starred first", Some("on now")),
    bind(Browse, &[Key::ch('t')], Action::ToggleZone, "times in the conference's zone or yours", None),
    bind(Browse, &[Key::ch('f')], Action::ToggleFilter, "filter by track, room, kind, language, day, starred, not over", Some("filter")),
    bind(Browse, &[Key::ch('F')], Action::ClearFilter, "clear the filter", None),
    bind(Browse, &[Key::ch('v')], Action::ToggleLayout, "the day as a grid of rooms (v again: the timeline)", Some("grid")),
    bind(Browse, &[Key::ch('/')], Action::OpenSearch, "search titles and speakers", Some("search")),
    bind(Browse, &[Key::ch('?')], Action::ToggleHelp, "this help", Some("help")),
    bind(Browse, &[Key::ctrl('z')], Action::Suspend, "suspend to the shell (fg resumes)", None),
    bind(Browse, &[Key::ch('q'), Key::ctrl('c')], Action::Quit, "quit (Esc only closes what is open)", Some("quit")),
    bind(Grid, &[Key::plain(KeyCode::Down), Key::ch('j')], Action::SelectNext, "next session in the room", Some("time")),
    bind(Grid, &[Key::plain(KeyCode::Up), Key::ch('k')], Action::SelectPrev, "previous session in the room", None),
    bind(Grid, &[Key::plain(KeyCode::Right), Key::ch('l')], Action::SelectRight, "the room on the right, at the same time", Some("room")),
    bind(Grid, &[Key::plain(KeyCode::Left), Key::ch('h')], Action::SelectLeft, "the room on the left, at the same time", None),
    bind(Grid, &[Key::plain(KeyCode::PageDown)], Action::PageDown, "a screen later in the room", None),
    bind(Grid, &[Key::plain(KeyCode::PageUp)], Action::PageUp, "a screen earlier in the room", None),
    bind(Grid, &[Key::ch('g'), Key::plain(KeyCode::Home)], Action::SelectFirst, "the room's first session of the day", None),
    bind(Grid, &[Key::ch('G'), Key::plain(KeyCode::End)], Action::SelectLast, "the room's last session of the day", None),
    bind(Grid, &[Key::plain(KeyCode::Tab)], Action::NextDay, "next day", Some("day")),
    bind(Grid, &[Key::plain(KeyCode::BackTab)], Action::PrevDay, "previous day", None),
    bind(Grid, &[Key::ch('1'), Key::ch('9')], Action::GoToDay(0), "day 1 to 9", None),
    bind(Grid, &[Key::ch('n')], Action::JumpToNow, "jump to now: today, the session on now or next", Some("now")),
    bind(Grid, &[Key::ch('J')], Action::ScrollDetailDown, "scroll the details down", None),
    bind(Grid, &[Key::ch('K')], Action::ScrollDetailUp, "scroll the details up", None),
    bind(Grid, &[Key::ch('s'), Key::ch(' ')], Action::ToggleStar, "star or unstar the session (saved at once)", Some("star")),
    bind(Grid, &[Key::ch('p')], Action::CyclePriority, "priority of the session: must, maybe, none (stars it)", None),
    bind(Grid, &[Key::ch('e')], Action::EditNote, "write a note on the session ($VISUAL or $EDITOR when set)", None),
    bind(Grid, &[Key::plain(KeyCode::Enter)], Action::GoToSelected, "show the session in the timeline", None),
    bind(Grid, &[Key::ch('f')], Action::ToggleFilter, "filter by track, room, kind, language, day, starred, not over", Some("filter")),
    bind(Grid, &[Key::ch('F')], Action::ClearFilter, "clear the filter", None),
    bind(Grid, &[Key::ch('v')], Action::ToggleLayout, "back to the timeline", Some("timeline")),
    bind(Grid, &[Key::ch('a')], Action::ToggleAgenda, "my agenda", None),
    bind(Grid, &[Key::ch('o')], Action::OpenLink, "open the session's page in the browser", None),
    bind(Grid, &[Key::ch('y')], Action::CopyLink, "copy the session's link", None),
    bind(Grid, &[Key::ch('M')], Action::ToggleMouse, "mouse off or on", None),
    bind(Grid, &[Key::ch('w')], Action::ToggleNow, "on now and next in each room", None),
    bind(Grid, &[Key::ch('t')], Action::ToggleZone, "times in the conference's zone or yours", None),
    bind(Grid, &[Key::ch('/')], Action::OpenSearch, "search titles and speakers", Some("search")),
    bind(Grid, &[Key::ch('?')], Action::ToggleHelp, "this help", Some("help")),
    bind(Grid, &[Key::ctrl('z')], Action::Suspend, "suspend to the shell (fg resumes)", None),
    bind(Grid, &[Key::ch('q'), Key::ctrl('c')], Action::Quit, "quit (Esc only closes what is open)", Some("quit")),
    bind(Filter, &[Key::plain(KeyCode::Down), Key::ctrl('n')], Action::SelectNext, "next value", Some("move")),
    bind(Filter, &[Key::plain(KeyCode::Up), Key::ctrl('p')], Action::SelectPrev, "previous value", None),
    bind(Filter, &[Key::plain(KeyCode::Tab)], Action::NextDay, "the next facet (track, room, kind, language, day)", Some("facet")),
    bind(Filter, &[Key::plain(KeyCode::BackTab)], Action::PrevDay, "the previous facet", None),
    bind(Filter, &[Key::plain(KeyCode::PageDown)], Action::PageDown, "a page down", None),
    bind(Filter, &[Key::plain(KeyCode::PageUp)], Action::PageUp, "a page up", None),
    bind(Filter, &[Key::ch(' '), Key::plain(KeyCode::Enter)], Action::ToggleFilterValue, "choose the value or take it back (values of one facet: any of them)", Some("choose")),
    bind(Filter, &[], Action::SearchInput('a'), "type letters to narrow the values", None),
    bind(Filter, &[Key::plain(KeyCode::Backspace)], Action::SearchBackspace, "delete a letter", None),
    bind(Filter, &[Key::ctrl('u')], Action::SearchClear, "clear the letters", None),
    bind(Filter, &[Key::ctrl('x')], Action::ClearFilter, "clear the whole filter", Some("clear")),
    bind(Filter, &[Key::plain(KeyCode::Esc)], Action::SearchCancel, "close the panel (the filter stays)", Some("close")),
    bind(Filter, &[Key::ctrl('c')], Action::Quit, "quit", None),
    bind(Search, &[], Action::SearchInput(' '), "type words of a title or a name, in any order; capitals and accents never matter; @word: speakers only, #word: track", None),
    bind(Search, &[Key::plain(KeyCode::Down), Key::ctrl('n')], Action::SelectNext, "next result", Some("results")),
    bind(Search, &[Key::plain(KeyCode::Up), Key::ctrl('p')], Action::SelectPrev, "previous result; on an empty line, earlier searches", None),
    bind(Search, &[Key::plain(KeyCode::PageUp)], Action::PageUp, "a page of results up", None),
    bind(Search, &[Key::plain(KeyCode::PageDown)], Action::PageDown, "a page of results down", None),
    bind(Search, &[Key::ctrl('s')], Action::ToggleStar, "star or unstar the selected result", None),
    bind(Search, &[Key::plain(KeyCode::Enter)], Action::SearchAccept, "go to the session in its day", Some("go to")),
    bind(Search, &[Key::plain(KeyCode::Backspace)], Action::SearchBackspace, "delete a character", None),
    bind(Search, &[Key::ctrl('w')], Action::SearchDeleteWord, "delete a word", None),
    bind(Search, &[Key::ctrl('u')], Action::SearchClear, "clear the line", None),
    bind(Search, &[Key::plain(KeyCode::Esc)], Action::SearchCancel, "close the search, back to where you were", Some("close")),
    bind(Search, &[Key::ctrl('c')], Action::Quit, "quit", None),
    bind(Agenda, &[Key::plain(KeyCode::Down), Key::ch('j')], Action::SelectNext, "next starred session", Some("select")),
    bind(Agenda, &[Key::plain(KeyCode::Up), Key::ch('k')], Action::SelectPrev, "previous starred session", None),
    bind(Agenda, &[Key::ch('s'), Key::ch(' ')], Action::ToggleStar, "unstar (s again stars it back)", Some("star")),
    bind(Agenda, &[Key::ch('p')], Action::CyclePriority, "priority: must, maybe, none", Some("priority")),
    bind(Agenda, &[Key::ch('e')], Action::EditNote, "write a note on the session", Some("note")),
    bind(Agenda, &[Key::ch('c')], Action::NextClash, "resolve clashes: go to the next one", Some("clash")),
    bind(Agenda, &[Key::ch('x')], Action::KeepOne, "keep this one of its clash, unstar the others", Some("keep")),
    bind(Agenda, &[Key::ch('o')], Action::FreeTime, "what is on in the free time after this pick", Some("free time")),
    bind(Agenda, &[Key::ch('y')], Action::CopyLink, "copy the session's link", None),
    bind(Agenda, &[Key::plain(KeyCode::PageUp)], Action::PageUp, "a page up", None),
    bind(Agenda, &[Key::plain(KeyCode::PageDown)], Action::PageDown, "a page down", None),
    bind(Agenda, &[Key::ch('g'), Key::plain(KeyCode::Home)], Action::SelectFirst, "first starred session", None),
    bind(Agenda, &[Key::ch('G'), Key::plain(KeyCode::End)], Action::SelectLast, "last starred session", None),
    bind(Agenda, &[Key::ch('J')], Action::ScrollDetailDown, "scroll the details down", None),
    bind(Agenda, &[Key::ch('K')], Action::ScrollDetailUp, "scroll the details up", None),
    bind(Agenda, &[Key::ch('t')], Action::ToggleZone, "times in the conference's zone or yours", None),
    bind(Agenda, &[Key::plain(KeyCode::Enter)], Action::GoToSelected, "go to the session in its day", Some("go to")),
    bind(Agenda, &[Key::ch('a'), Key::plain(KeyCode::Esc), Key::ch('q')], Action::ToggleAgenda, "close the agenda", Some("close")),
    bind(Agenda, &[Key::ctrl('c')], Action::Quit, "quit", None),
    bind(Now, &[Key::plain(KeyCode::Down), Key::ch('j')], Action::SelectNext, "next session", Some("select")),
    bind(Now, &[Key::plain(KeyCode::Up), Key::ch('k')], Action::SelectPrev, "previous session", None),
    bind(Now, &[Key::ch('o')], Action::OpenLink, "open the session's page in the browser", None),
    bind(Now, &[Key::ch('y')], Action::CopyLink, "copy the session's link", None),
    bind(Now, &[Key::plain(KeyCode::PageUp)], Action::PageUp, "a page up", None),
    bind(Now, &[Key::plain(KeyCode::PageDown)], Action::PageDown, "a page down", None),
    bind(Now, &[Key::ch('g'), Key::plain(KeyCode::Home)], Action::SelectFirst, "first session", None),
    bind(Now, &[Key::ch('G'), Key::plain(KeyCode::End)], Action::SelectLast, "last session", None),
    bind(Now, &[Key::ch('J')], Action::ScrollDetailDown, "scroll the details down", None),
    bind(Now, &[Key::ch('K')], Action::ScrollDetailUp, "scroll the details up", None),
    bind(Now, &[Key::ch('s'), Key::ch(' ')], Action::ToggleStar, "star or unstar the session", Some("star")),
    bind(Now, &[Key::ch('p')], Action::CyclePriority, "priority of the session: must, maybe, none", None),
    bind(Now, &[Key::ch('e')], Action::EditNote, "write a note on the session", None),
    bind(Now, &[Key::plain(KeyCode::Enter)], Action::GoToSelected, "go to the session in its day", Some("go to")),
    bind(Now, &[Key::ch('t')], Action::ToggleZone, "times in the conference's zone or yours", None),
    bind(Now, &[Key::ch('w'), Key::plain(KeyCode::Esc), Key::ch('q')], Action::ToggleNow, "close the view", Some("close")),
    bind(Now, &[Key::ctrl('c')], Action::Quit, "quit", None),
    bind(Note, &[], Action::SearchInput('a'), "type the note (saved when the editor closes)", None),
    bind(Note, &[Key::plain(KeyCode::Enter)], Action::NoteNewline, "new line", None),
    bind(Note, &[Key::plain(KeyCode::Backspace)], Action::SearchBackspace, "delete the character before the cursor", None),
    bind(Note, &[Key::plain(KeyCode::Left)], Action::SelectLeft, "cursor left", None),
    bind(Note, &[Key::plain(KeyCode::Right)], Action::SelectRight, "cursor right", None),
    bind(Note, &[Key::plain(KeyCode::Up)], Action::SelectPrev, "cursor up a line", None),
    bind(Note, &[Key::plain(KeyCode::Down)], Action::SelectNext, "cursor down a line", None),
    bind(Note, &[Key::ctrl('u')], Action::SearchClear, "clear the note (saving an empty note removes it)", None),
    bind(Note, &[Key::plain(KeyCode::Esc), Key::ctrl('s')], Action::NoteSave, "save the note and close", Some("save")),
    bind(Note, &[Key::ctrl('g')], Action::SearchCancel, "close without saving the changes", Some("discard")),
    bind(Note, &[Key::ctrl('c')], Action::Quit, "save the note and quit", None),
    bind(Help, &[Key::plain(KeyCode::Down), Key::ch('j')], Action::SelectNext, "scroll the help down", Some("scroll")),
    bind(Help, &[Key::plain(KeyCode::Up), Key::ch('k')], Action::SelectPrev, "scroll the help up", None),
    bind(Help, &[Key::ch('?'), Key::plain(KeyCode::Esc), Key::ch('q')], Action::ToggleHelp, "close the help", Some("close")),
    bind(Help, &[Key::ctrl('c')], Action::Quit, "quit", Some("quit")),
];

/// The action a key press means in a mode, if any.
pub fn action_for(mode: Mode, event: &KeyEvent) -> Option<Action> {
    if mode == Browse || mode == Grid {
        // Digits 1 to 9 are one binding in the table; the digit picks the day.
        if let KeyCode::Char(c @ '1'..='9') = event.code
            && !event.modifiers.contains(KeyModifiers::CONTROL)
        {
            return Some(Action::GoToDay(c as usize - '0' as usize));
        }
    }
    let bound = BINDINGS
        .iter()
        .filter(|b| b.mode == mode)
        .find(|b| b.keys.iter().any(|k| k.matches(event)))
        .map(|b| b.action.clone());
    if bound.is_none()
        && (mode == Search || mode == Filter || mode == Note)
        && let KeyCode::Char(c) = event.code
        && !event
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return Some(Action::SearchInput(c));
    }
    bound
}

/// How a binding's keys are written in the help: "↑, k", and "1 … 9" for the day digits.
pub fn keys_label(binding: &Binding) -> String {
    if binding.action == Action::GoToDay(0) {
        return "1 … 9".into();
    }
    if binding.keys.is_empty() {
        return "letters".into();
    }
    let labels: Vec<String> = binding.keys.iter().map(Key::label).collect();
    labels.join(", ")
}

/// The hint bar's entries for a mode: (first key, hint word).
pub fn hints(mode: Mode) -> Vec<(String, &'static str)> {
    BINDINGS
        .iter()
        .filter(|b| b.mode == mode)
        .filter_map(|b| {
            let hint = b.hint?;
            let first = b.keys.first()?;
            let label = match (&b.action, b.keys.get(1)) {
                // "↓/j" reads better than "↓" for the most used keys.
                (Action::SelectNext | Action::NextDay | Action::SelectRight, Some(second)) => {
                    format!("{}/{}", first.label(), second.label())
                }
                _ => first.label(),
            };
            Some((label, hint))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn arrows_and_vim_keys_agree() {
        let none = KeyModifiers::NONE;
        for (code, action) in [
            (KeyCode::Char('j'), Action::SelectNext),
            (KeyCode::Down, Action::SelectNext),
            (KeyCode::Char('k'), Action::SelectPrev),
            (KeyCode::Char('l'), Action::NextDay),
            (KeyCode::Tab, Action::NextDay),
            (KeyCode::BackTab, Action::PrevDay),
            (KeyCode::Char('3'), Action::GoToDay(3)),
            (KeyCode::Char('q'), Action::Quit),
        ] {
            assert_eq!(
                action_for(Browse, &press(code, none)),
                Some(action),
                "{code:?}"
            );
        }
        // Upper case arrives with or without Shift, depending on the terminal.
        assert_eq!(
            action_for(Browse, &press(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::SelectLast)
        );
        assert_eq!(
            action_for(Browse, &press(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(action_for(Browse, &press(KeyCode::Char('x'), none)), None);
        // Esc closes layers and never quits: pressed once too often after a search, it must
        // not end hallway.
        assert_eq!(action_for(Browse, &press(KeyCode::Esc, none)), None);
        assert_eq!(action_for(Grid, &press(KeyCode::Esc, none)), None);
    }

    #[test]
    fn search_mode_types_letters_and_keeps_its_keys() {
        let none = KeyModifiers::NONE;
        assert_eq!(
            action_for(Search, &press(KeyCode::Char('q'), none)),
            Some(Action::SearchInput('q'))
        );
        assert_eq!(
            action_for(Search, &press(KeyCode::Char('É'), KeyModifiers::SHIFT)),
            Some(Action::SearchInput('É'))
        );
        assert_eq!(
            action_for(Search, &press(KeyCode::Char('@'), none)),
            Some(Action::SearchInput('@'))
        );
        assert_eq!(
            action_for(Search, &press(KeyCode::Char('w'), KeyModifiers::CONTROL)),
            Some(Action::SearchDeleteWord)
        );
        assert_eq!(
            action_for(Search, &press(KeyCode::Esc, none)),
            Some(Action::SearchCancel)
        );
        assert_eq!(
            action_for(Browse, &press(KeyCode::Char('/'), none)),
            Some(Action::OpenSearch)
        );
    }

    #[test]
    fn help_mode_routes_its_own_keys() {
        let none = KeyModifiers::NONE;
        assert_eq!(
            action_for(Help, &press(KeyCode::Char('q'), none)),
            Some(Action::ToggleHelp)
        );
        assert_eq!(action_for(Help, &press(KeyCode::Char('n'), none)), None);
    }

    #[test]
    fn every_binding_has_keys_and_a_description() {
        for binding in BINDINGS {
            assert!(!binding.keys.is_empty() || matches!(binding.action, Action::SearchInput(_)));
            assert!(!binding.about.is_empty());
        }
        let hints = hints(Browse);
        assert!(hints.contains(&("?".to_string(), "help")));
        assert!(hints.contains(&("↓/j".to_string(), "move")));
    }
}
