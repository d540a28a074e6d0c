//! The event loop: terminal setup and restore, reading events, drawing when something changed,
//! and carrying out the effects `App::update` asks for. One thread, no busy loop: between
//! keys hallway sleeps until the next minute, when the now-line moves.

use crate::app::{App, DayLayout, Effect};
use crate::filter::Filter;
use crate::keys::{self, Action, Mode};
use crate::model::SessionId;
use crate::sources::Stars;
use crate::ui::{self, UiState, theme::Theme};
use chrono::{DateTime, Timelike, Utc};
use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind,
    MouseButton, MouseEvent, MouseEventKind,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::layout::{Position, Rect, Size};
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::io::{self, Stdout};
use std::time::{Duration, Instant};

/// Where "now" comes from: the system clock, or a moment given with `--now` that then runs on
/// in real time.
#[derive(Debug, Clone, Copy)]
pub enum Clock {
    System,
    From {
        start: DateTime<Utc>,
        started: Instant,
    },
}

impl Clock {
    /// A clock that reads `start` now and runs on from there.
    pub fn starting_at(start: DateTime<Utc>) -> Clock {
        Clock::From {
            start,
            started: Instant::now(),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::From { start, started } => {
                *start + chrono::Duration::from_std(started.elapsed()).unwrap_or_default()
            }
        }
    }
}

type Term = Terminal<CrosstermBackend<Stdout>>;

fn enter() -> io::Result<()> {
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture)
}

/// Gives the terminal back as it was: mouse reporting and bracketed paste off, main screen,
/// cursor shown, cooked mode. Safe to call more than once.
pub fn restore() {
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
}

/// The signals that end hallway from outside: `kill` (SIGTERM), a closed terminal or ssh
/// connection (SIGHUP), SIGINT sent by another process (Ctrl-C itself is a key in raw mode)
/// and SIGQUIT. Each restores the terminal, then exits with the conventional 128 + signal.
#[cfg(unix)]
pub const ENDING_SIGNALS: [i32; 4] = [
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGQUIT,
];

/// Watches for [`ENDING_SIGNALS`] on a thread of its own: the event loop may be asleep for a
/// minute in `poll`, and a signal handler itself can do nothing as complex as writing the
/// restoring sequences. The thread holds the stdout lock from the restore to the exit, so no
/// frame the event loop draws meanwhile can take the alternate screen back. Stars are saved
/// atomically, so ending between two writes loses nothing (as with `kill -9`).
#[cfg(unix)]
fn restore_on_signals() -> io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new(ENDING_SIGNALS)?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let _stdout = io::stdout().lock();
                restore();
                std::process::exit(128 + signal);
            }
        })?;
    Ok(())
}

#[cfg(not(unix))]
fn restore_on_signals() -> io::Result<()> {
    Ok(())
}

/// Restores the terminal before any panic report prints, so the report is readable and the
/// shell usable.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// Records that changed sessions have been looked at (their marks are forgotten); the error
/// is shown in the status line.
pub type RecordSeen = Box<dyn FnMut(&[SessionId]) -> Result<(), String>>;

/// What the event loop keeps for the next run: the layout of days, the schedule's filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Remembered {
    Layout(DayLayout),
    Filter(Filter),
}

/// How the event loop saves what it keeps for the next run.
pub type Remember = Box<dyn FnMut(Remembered) -> Result<(), String>>;

/// Runs the interface until the user quits. Stars are saved to `favourites` as they are
/// toggled; without it (no data directory) starring says why it cannot. `record_seen`, when
/// the schedule comes from the library, forgets the marks of changed sessions once seen.
pub fn run(
    mut app: App,
    clock: Clock,
    theme: Theme,
    mut favourites: Option<Stars>,
    mut record_seen: Option<RecordSeen>,
    mut remember: Option<Remember>,
) -> color_eyre::Result<()> {
    install_panic_hook();
    restore_on_signals()?;
    enter()?;
    let backend = CrosstermBackend::new(io::stdout());
    let result = backend
        .size()
        .and_then(|size| {
            let viewport = Viewport::Fixed(drawn_area(size));
            Terminal::with_options(backend, TerminalOptions { viewport })
        })
        .map_err(color_eyre::Report::from)
        .and_then(|mut terminal| {
            let mut outside = Outside {
                favourites: &mut favourites,
                record_seen: &mut record_seen,
                remember: &mut remember,
            };
            event_loop(&mut terminal, &mut app, &clock, theme, &mut outside)
        });
    restore();
    result
}

/// The largest terminal hallway draws on, in columns and rows. The frame's buffers hold a cell
/// for each position, so a terminal claiming 20,000×20,000 would need gigabytes (and abort on
/// a failed allocation, leaving the terminal raw); beyond this, the rest of the screen is left
/// blank. It is wider than any screen shows at a readable font size.
pub const MAX_DRAWN: Size = Size::new(1000, 500);

/// The area drawn on a terminal of `size`: all of it, up to [`MAX_DRAWN`], from the top left.
pub fn drawn_area(size: Size) -> Rect {
    Rect::new(
        0,
        0,
        size.width.min(MAX_DRAWN.width),
        size.height.min(MAX_DRAWN.height),
    )
}

/// The longest the screen goes undrawn while queued keys are taken one after another.
const COALESCE_AT_MOST: Duration = Duration::from_millis(50);

/// Time until the clock's next whole minute.
fn until_next_minute(now: DateTime<Utc>) -> Duration {
    let into_minute = Duration::from_secs(u64::from(now.second()))
        + Duration::from_nanos(u64::from(now.nanosecond().min(999_999_999)));
    Duration::from_secs(60).saturating_sub(into_minute) + Duration::from_millis(5)
}

/// Gives the app the stars, priorities and notes the favourites files hold now.
fn show_stars(app: &mut App, favourites: &Stars) {
    app.set_stars(favourites.ids(&app.schedule));
    app.set_plan(
        favourites.priorities(&app.schedule),
        favourites.note_texts(&app.schedule),
    );
}

/// Saves a change to the plan (a note, a priority) made in the app, then shows what the file
/// holds. A failed save is reported, and the app shows what the file really holds.
fn save_plan(app: &mut App, favourites: &mut Option<Stars>, effect: &Effect) {
    let Some(favourites) = favourites else {
        app.status = Some(
            "notes and priorities cannot be saved: hallway has no data directory (set HALLWAY_DATA_DIR)"
                .into(),
        );
        return;
    };
    let session = |id: &SessionId| app.schedule.session(id).cloned();
    let result = match effect {
        Effect::SaveNote(id, text) => match session(id) {
            Some(s) => favourites.set_note(&s, text),
            // A note on a session gone (a schedule on its own keeps it by id).
            None => match favourites.alone_mut() {
                Some(file) => file.remove_note(id),
                None => return,
            },
        },
        Effect::SetPriority(id, priority) => match session(id) {
            Some(s) => favourites.set_priority(&s, *priority),
            None => return,
        },
        _ => return,
    };
    match result {
        Ok(saved) => {
            if let Some(moved) = saved.moved_aside {
                app.status = Some(moved.to_string());
            }
        }
        Err(e) => app.status = Some(format!("not saved: {e}")),
    }
    show_stars(app, favourites);
}

/// The editor the user set ($VISUAL, else $EDITOR), as a program and its arguments.
pub fn external_editor() -> Option<Vec<String>> {
    ["VISUAL", "EDITOR"].iter().find_map(|name| {
        let value = std::env::var(name).ok()?;
        let words: Vec<String> = value.split_whitespace().map(str::to_string).collect();
        (!words.is_empty()).then_some(words)
    })
}

/// Edits a note in the user's editor: the terminal is given back while it runs and taken
/// again after; the text is read back from a temporary file. `None` when the editor failed
/// (the note is then left as it was, and the status line says why).
fn edit_externally(terminal: &mut Term, app: &mut App, text: &str) -> Option<String> {
    let Some(editor) = external_editor() else {
        app.status = Some("no editor: set VISUAL or EDITOR".into());
        return None;
    };
    let result = (|| -> io::Result<String> {
        let file = tempfile::Builder::new()
            .prefix("hallway-note-")
            .suffix(".txt")
            .tempfile()?;
        std::fs::write(file.path(), text)?;
        restore();
        let status = std::process::Command::new(&editor[0])
            .args(&editor[1..])
            .arg(file.path())
            .status();
        enter()?;
        terminal.clear()?;
        let status = status?;
        if !status.success() {
            return Err(io::Error::other(format!("the editor exited with {status}")));
        }
        std::fs::read_to_string(file.path())
    })();
    match result {
        Ok(text) => Some(text),
        Err(e) => {
            app.status = Some(format!(
                "note not changed: {} ({e})",
                crate::text::quote(&editor.join(" "))
            ));
            None
        }
    }
}

/// Saves a star toggled in the app, then shows what the file holds (stars saved by another
/// hallway included). A failed save is reported and the star shown as it really is.
fn save_star(app: &mut App, favourites: &mut Option<Stars>, id: &SessionId) {
    let Some(favourites) = favourites else {
        app.status = Some(
            "stars cannot be saved: hallway has no data directory (set HALLWAY_DATA_DIR)".into(),
        );
        app.set_stars(Default::default());
        return;
    };
    // The app shows the state before the key: the file gets the other one, and only then
    // does the app show it.
    let want = !app.starred.contains(id);
    let session = app.schedule.sessions.iter().find(|s| &s.id == id);
    if let Some(session) = session.filter(|s| favourites.is_starred(s) != want) {
        match favourites.set(&[session], want) {
            Ok(saved) => {
                if let Some(moved) = saved.moved_aside {
                    app.status = Some(moved.to_string());
                }
            }
            Err(e) => app.status = Some(format!("star not saved: {e}")),
        }
    }
    show_stars(app, favourites);
}

/// What the event loop writes to besides the terminal.
struct Outside<'a> {
    favourites: &'a mut Option<Stars>,
    record_seen: &'a mut Option<RecordSeen>,
    remember: &'a mut Option<Remember>,
}

fn event_loop(
    terminal: &mut Term,
    app: &mut App,
    clock: &Clock,
    theme: Theme,
    outside: &mut Outside,
) -> color_eyre::Result<()> {
    let favourites = &mut *outside.favourites;
    let mut state = UiState::default();
    let mut dirty = true;
    let mut unsaved = Vec::new();
    let mut seen = Vec::new();
    // A starred session that starts within the reminder time when hallway opens is announced
    // at once, not at the next minute; the session selected on opening counts as looked at.
    for effect in app.update(Action::Tick(clock.now())) {
        match effect {
            Effect::Bell => ring_bell(),
            Effect::Notify(text) => notify(&text),
            Effect::Seen(id) => seen.push(id),
            _ => {}
        }
    }
    let mut drawn_at: Option<Instant> = None;
    loop {
        // A star is drawn only once saved: a kill before the save returns loses no star the
        // user saw (a failed save says so on the status line and shows none).
        if !unsaved.is_empty() {
            for id in unsaved.drain(..) {
                save_star(app, favourites, &id);
            }
            dirty = true;
        }
        // Keys already waiting are taken before the next frame is drawn, so that 50 queued
        // `j`s draw one frame, not 50; while keys keep coming, a frame still shows at least
        // every `COALESCE_AT_MOST`.
        let waiting = dirty
            && drawn_at.is_some_and(|at| at.elapsed() < COALESCE_AT_MOST)
            && event::poll(Duration::ZERO)?;
        if dirty && !waiting {
            // The viewport is fixed (ratatui would size a full-screen one to any terminal):
            // it follows the terminal's size here, within `MAX_DRAWN`.
            let area = drawn_area(terminal.size()?);
            if terminal.get_frame().area() != area {
                terminal.resize(area)?;
            }
            terminal.draw(|frame| ui::render(frame, app, &mut state, &theme))?;
            app.detail.scroll_max = state.detail_scroll_max;
            app.page_size = state.page_size;
            dirty = false;
            drawn_at = Some(Instant::now());
        }
        if !seen.is_empty() {
            if let Some(record) = outside.record_seen.as_mut()
                && let Err(e) = record(&seen)
            {
                app.status = Some(e);
                dirty = true;
            }
            seen.clear();
            continue;
        }
        // A search over a very large schedule goes on between frames, yielding to every key.
        if app.search_pending() && !event::poll(Duration::ZERO)? {
            let until = Instant::now() + Duration::from_millis(12);
            app.continue_search(|| Instant::now() < until);
            dirty = true;
            continue;
        }
        // Before the search is first opened, its index is built a part at a time while no key
        // waits, so the first `/` does not wait for it.
        if app.search_index_pending() && !event::poll(Duration::ZERO)? {
            let until = Instant::now() + Duration::from_millis(8);
            app.build_search_index(|| Instant::now() < until);
            continue;
        }
        let action = if event::poll(until_next_minute(clock.now()))? {
            match event::read()? {
                Event::Key(key) if key.kind == KeyEventKind::Press => {
                    keys::action_for(app.mode, &key)
                }
                Event::Mouse(mouse) => mouse_action(app, &state, mouse),
                Event::Resize(..) => {
                    dirty = true;
                    None
                }
                _ => None,
            }
        } else {
            // Once a minute: pick up stars saved by another hallway.
            if let Some(favourites) = favourites.as_mut() {
                match favourites.reload() {
                    Ok(messages) => {
                        if let Some(message) = messages.into_iter().last() {
                            app.status = Some(message);
                        }
                        show_stars(app, favourites);
                    }
                    Err(e) => app.status = Some(e.to_string()),
                }
            }
            Some(Action::Tick(clock.now()))
        };
        let Some(action) = action else { continue };
        dirty = true;
        for effect in app.update(action) {
            match effect {
                Effect::Quit => return Ok(()),
                Effect::Suspend => {
                    suspend()?;
                    terminal.clear()?;
                }
                Effect::ToggleStar(id) => unsaved.push(id),
                Effect::Bell => ring_bell(),
                Effect::Notify(text) => notify(&text),
                Effect::OpenUrl(url) => {
                    if let Err(e) = open_url(&url) {
                        app.status = Some(format!("could not open the browser: {e}"));
                    }
                }
                Effect::Copy(text) => {
                    use std::io::Write;
                    let terminal = crate::notify::Terminal::from_env();
                    let mut out = io::stdout();
                    let bytes = crate::notify::copy_sequence(terminal, &text);
                    let _ = out.write_all(&bytes).and_then(|()| out.flush());
                }
                Effect::SetMouse(on) => {
                    if on {
                        execute!(io::stdout(), EnableMouseCapture)?;
                    } else {
                        execute!(io::stdout(), DisableMouseCapture)?;
                    }
                }
                Effect::Seen(id) => seen.push(id),
                Effect::SaveLayout(layout) => {
                    remember(app, outside.remember, Remembered::Layout(layout))
                }
                Effect::SaveFilter(filter) => {
                    remember(app, outside.remember, Remembered::Filter(filter))
                }
                // Saved at once, not after the next frame: the editor may be closing because
                // the user quits.
                effect @ (Effect::SaveNote(..) | Effect::SetPriority(..)) => {
                    save_plan(app, favourites, &effect)
                }
                Effect::EditNoteExternally(id, text) => {
                    if let Some(new) = edit_externally(terminal, app, &text)
                        && new.trim_end() != text.trim_end()
                    {
                        save_plan(app, favourites, &Effect::SaveNote(id, new));
                        if app.status.is_none() {
                            app.status = Some("note saved".into());
                        }
                    }
                }
            }
        }
    }
}

/// Saves what is kept for the next run; a failure shows on the status line.
fn remember(app: &mut App, save: &mut Option<Remember>, what: Remembered) {
    if let Some(save) = save.as_mut()
        && let Err(e) = save(what)
    {
        app.status = Some(e);
    }
}

/// Rings the terminal's bell (BEL): the terminal beeps, flashes or marks the tab, as its
/// user set it up.
fn ring_bell() {
    use std::io::Write;
    let mut out = io::stdout();
    let _ = out.write_all(b"\x07").and_then(|()| out.flush());
}

/// Opens a web page in the user's browser: `open` on macOS, else `xdg-open`, run directly (no
/// shell), its output kept off the screen, and not waited for.
fn open_url(url: &str) -> io::Result<()> {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    std::process::Command::new(program)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|mut child| {
            // Reaped when it ends, so that it leaves no zombie behind.
            std::thread::spawn(move || child.wait());
        })
        .map_err(|e| io::Error::new(e.kind(), format!("{program}: {e}")))
}

/// Asks the terminal for a desktop notification (OSC 9 or 777, see `notify`); a terminal that
/// knows neither ignores it.
fn notify(text: &str) {
    use std::io::Write;
    let sequence = crate::notify::sequence(crate::notify::Terminal::from_env(), "hallway", text);
    let mut out = io::stdout();
    let _ = out.write_all(&sequence).and_then(|()| out.flush());
}

/// Hands the terminal back to the shell and stops (as Ctrl-Z would without raw mode); `fg`
/// continues here and takes the terminal again.
#[cfg(unix)]
fn suspend() -> io::Result<()> {
    restore();
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    enter()
}

#[cfg(not(unix))]
fn suspend() -> io::Result<()> {
    Ok(())
}

/// What a mouse event means where it happened.
fn mouse_action(app: &App, state: &UiState, mouse: MouseEvent) -> Option<Action> {
    let at = Position::new(mouse.column, mouse.row);
    let over_details = state.detail_area.contains(at);
    match (app.mode, mouse.kind) {
        (Mode::Help, MouseEventKind::ScrollDown) => Some(Action::SelectNext),
        (Mode::Help, MouseEventKind::ScrollUp) => Some(Action::SelectPrev),
        (Mode::Help, _) => None,
        (_, MouseEventKind::ScrollDown) if over_details => Some(Action::ScrollDetailDown),
        (_, MouseEventKind::ScrollUp) if over_details => Some(Action::ScrollDetailUp),
        (_, MouseEventKind::ScrollDown) => Some(Action::SelectNext),
        (_, MouseEventKind::ScrollUp) => Some(Action::SelectPrev),
        (_, MouseEventKind::Down(MouseButton::Left)) => {
            if let Some((_, day)) = state.tab_hits.iter().find(|(r, _)| r.contains(at)) {
                return Some(Action::GoToDay(day + 1));
            }
            if let Some(&(_, entry)) = state.entry_hits.iter().find(|(r, _)| r.contains(at)) {
                return Some(Action::SelectEntry(entry));
            }
            state
                .row_hits
                .iter()
                .find(|(r, _, _)| r.contains(at))
                .map(|&(_, day, position)| Action::SelectAt { day, position })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::testing::{app_at, title};
    use crate::favourites::Favourites;

    #[test]
    fn a_star_is_shown_once_saved_and_not_when_the_save_fails() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app_at("2024-03-21T09:00");
        let id = app.selected_session().unwrap().id.clone();
        let conference = app.schedule.conference.id.clone();
        let (favourites, _) = Stars::load(dir.path(), &app.schedule, &[]).unwrap();
        let mut favourites = Some(favourites);
        assert_eq!(
            app.update(Action::ToggleStar),
            vec![Effect::ToggleStar(id.clone())]
        );
        assert!(app.starred.is_empty(), "drawn before it was saved");
        save_star(&mut app, &mut favourites, &id);
        assert!(app.starred.contains(&id));
        let (on_disk, _) = Favourites::load(dir.path(), &conference).unwrap();
        assert!(on_disk.is_starred(&id));

        // A save that fails: the folder of the file cannot be made (a file is in its place).
        let blocked = dir.path().join("blocked");
        let mut app = app_at("2024-03-21T09:00");
        let (favourites, _) = Stars::load(&blocked, &app.schedule, &[]).unwrap();
        let mut favourites = Some(favourites);
        std::fs::write(&blocked, "not a folder").unwrap();
        app.update(Action::SelectNext);
        let other = app.selected_session().unwrap().id.clone();
        assert!(!title(&app).is_empty());
        app.update(Action::ToggleStar);
        save_star(&mut app, &mut favourites, &other);
        assert!(app.starred.is_empty(), "a star shown that was not saved");
        let status = app.status.clone().unwrap_or_default();
        assert!(status.starts_with("star not saved: "), "{status}");
    }

    #[test]
    fn the_drawn_area_is_the_terminal_up_to_a_sane_maximum() {
        assert_eq!(drawn_area(Size::new(80, 24)), Rect::new(0, 0, 80, 24));
        assert_eq!(drawn_area(Size::new(1000, 500)), Rect::new(0, 0, 1000, 500));
        assert_eq!(
            drawn_area(Size::new(20_000, 20_000)),
            Rect::new(0, 0, 1000, 500)
        );
        assert_eq!(drawn_area(Size::new(5000, 30)), Rect::new(0, 0, 1000, 30));
        assert_eq!(drawn_area(Size::new(0, 0)), Rect::new(0, 0, 0, 0));
    }
}
