//! Whole frames drawn on a test backend at a fixed clock: snapshots of the main scenes, the
//! colours that carry meaning, and every terminal size without a panic.

use chrono_tz::Europe::Paris;
use hallway::app::App;
use hallway::keys::Action;
use hallway::ui::{self, UiState, theme::Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

fn bundled_app(now: &str) -> App {
    let schedule =
        hallway::formats::parse(include_str!("../assets/kubecon-eu-2024.ron")).expect("bundled");
    let now = hallway::time::parse_now(now, Paris).expect("now");
    App::new(schedule, now, Paris)
}

fn draw(app: &App, width: u16, height: u16, theme: Theme) -> (Buffer, UiState) {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    let mut state = UiState::default();
    terminal
        .draw(|frame| ui::render(frame, app, &mut state, &theme))
        .expect("draw");
    (terminal.backend().buffer().clone(), state)
}

fn text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        for x in 0..area.width {
            line.push_str(buffer[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

const COLOUR: Theme = Theme { color: true };

#[test]
fn browse_120x40_during_the_conference() {
    let app = bundled_app("2024-03-20T10:30");
    insta::assert_snapshot!(text(&draw(&app, 120, 40, COLOUR).0));
}

#[test]
fn browse_80x24_between_sessions() {
    let app = bundled_app("2024-03-21T15:00");
    insta::assert_snapshot!(text(&draw(&app, 80, 24, COLOUR).0));
}

#[test]
fn help_overlay_120x40() {
    let mut app = bundled_app("2024-03-20T10:30");
    app.update(Action::ToggleHelp);
    insta::assert_snapshot!(text(&draw(&app, 120, 40, COLOUR).0));
}

#[test]
fn narrow_terminal_stacks_the_panes_and_shortens_day_tabs() {
    let mut app = bundled_app("2024-03-20T10:30");
    app.update(Action::GoToDay(4));
    let screen = text(&draw(&app, 44, 20, COLOUR).0);
    // "Wed 20 Mar" gives way to "Wed 20" so every day keeps its tab, none hidden behind ‹ ›.
    let tabs = screen.lines().nth(1).unwrap();
    assert!(
        tabs.contains("Tue 19") && tabs.contains("Fri 22"),
        "{screen}"
    );
    assert!(!tabs.contains('‹') && !tabs.contains('›'), "{screen}");
    // The hint bar keeps the way to the help, and to quit, at any width.
    let hints = screen.lines().last().unwrap();
    assert!(
        hints.contains("?  help") && hints.contains("q  quit"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn too_small_says_so() {
    let app = bundled_app("2024-03-20T10:30");
    let screen = text(&draw(&app, 39, 9, COLOUR).0);
    assert!(screen.contains("Terminal too small (39×9)"), "{screen}");
}

#[test]
fn every_size_renders_without_panic() {
    let mut app = bundled_app("2024-03-20T17:40");
    app.update(Action::ToggleHelp);
    let help = app;
    let browse = bundled_app("2024-03-20T10:30");
    // The now-and-next view of a FOSDEM-sized day, with the reminder banner.
    let mut now = fosdem_now_app("2027-01-30T11:26");
    now.update(Action::ToggleNow);
    for width in 0..=200 {
        for height in 0..=60 {
            draw(&browse, width, height, COLOUR);
            if width % 7 == 0 {
                draw(&help, width, height, Theme { color: false });
            }
            if width % 5 == 0 {
                draw(&now, width, height, COLOUR);
            }
        }
    }
}

#[test]
fn now_line_is_red_past_sessions_dim_and_selection_has_a_background() {
    let app = bundled_app("2024-03-20T17:40");
    let (buffer, _) = draw(&app, 120, 40, COLOUR);
    let screen = text(&buffer);
    let row = |needle: &str| {
        screen
            .lines()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle} not on screen:\n{screen}")) as u16
    };
    let now_row = row("── now 17:40");
    assert_eq!(buffer[(3, now_row)].fg, Color::Red);
    // The 10:25 keynote is over: dimmed.
    let past = row("Platform Building Blocks");
    assert!(buffer[(8, past)].modifier.contains(Modifier::DIM));
    // 17:25 is on now and selected: background, and not dimmed.
    let selected = row("17:25");
    assert_eq!(buffer[(8, selected)].bg, Color::DarkGray);
    assert!(!buffer[(8, selected)].modifier.contains(Modifier::DIM));
    // The now-line comes after the running session.
    assert!(now_row > selected);
}

#[test]
fn no_color_keeps_meaning_without_colour() {
    let app = bundled_app("2024-03-20T17:40");
    let (buffer, _) = draw(&app, 120, 40, Theme { color: false });
    for cell in buffer.content() {
        assert_eq!(cell.fg, Color::Reset);
        assert_eq!(cell.bg, Color::Reset);
    }
    let screen = text(&buffer);
    let selected = screen.lines().position(|l| l.contains("17:25")).unwrap() as u16;
    assert!(buffer[(8, selected)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn mouse_targets_are_where_they_are_drawn() {
    let app = bundled_app("2024-03-20T10:30");
    let (buffer, state) = draw(&app, 120, 40, COLOUR);
    assert_eq!(state.tab_hits.len(), 4);
    let (tab, day) = state.tab_hits[2];
    assert_eq!(day, 2);
    let label: String = (tab.x..tab.right())
        .map(|x| buffer[(x, tab.y)].symbol().to_string())
        .collect();
    assert_eq!(label.trim(), "Thu 21 Mar");
    let (row, day, position) = state.row_hits[1];
    assert_eq!((day, position), (1, 1));
    let line: String = (row.x..row.right())
        .map(|x| buffer[(x, row.y)].symbol().to_string())
        .collect();
    assert!(line.contains("Comparing Sidecar-Less"), "{line}");
}

#[test]
fn a_long_day_scrolls_to_keep_the_selection_visible() {
    let mut schedule =
        hallway::formats::parse(include_str!("../assets/kubecon-eu-2024.ron")).expect("bundled");
    let template = schedule.sessions[1].clone();
    for i in 0..300 {
        let mut s = template.clone();
        s.id.0 = format!("extra-{i}");
        s.title = format!(
            "Extra session number {i} with a title long enough to be cut at eighty columns"
        );
        s.start += chrono::Duration::minutes(i);
        schedule.sessions.push(s);
    }
    let now = hallway::time::parse_now("2024-03-20T09:00", Paris).unwrap();
    let mut app = App::new(schedule, now, Paris);
    let mut state = UiState::default();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    for _ in 0..150 {
        app.update(Action::SelectNext);
        terminal
            .draw(|f| ui::render(f, &app, &mut state, &COLOUR))
            .unwrap();
        app.page_size = state.page_size;
    }
    // Opened at the 10:25 keynote (position 0), 150 rows further down.
    let selected = |terminal: &Terminal<TestBackend>| {
        let buffer = terminal.backend().buffer();
        (0..buffer.area.height)
            .find(|&y| buffer[(8, y)].bg == Color::DarkGray)
            .map(|y| {
                (0..40)
                    .map(|x| buffer[(x, y)].symbol().to_string())
                    .collect::<String>()
            })
            .unwrap_or_default()
    };
    assert!(
        selected(&terminal).contains("number 149 "),
        "{}",
        text(terminal.backend().buffer())
    );
    app.update(Action::PageDown);
    terminal
        .draw(|f| ui::render(f, &app, &mut state, &COLOUR))
        .unwrap();
    let expected = format!("number {} ", 149 + state.page_size);
    assert!(
        selected(&terminal).contains(&expected),
        "{}",
        text(terminal.backend().buffer())
    );
}

fn search_app(query: &str) -> App {
    let mut app = bundled_app("2024-03-20T10:30");
    app.update(Action::OpenSearch);
    for c in query.chars() {
        app.update(Action::SearchInput(c));
    }
    app
}

#[test]
fn search_screen_120x40() {
    let app = search_app("mitch");
    insta::assert_snapshot!(text(&draw(&app, 120, 40, COLOUR).0));
}

#[test]
fn search_without_results_says_so() {
    let app = search_app("xyzzy");
    let screen = text(&draw(&app, 100, 30, COLOUR).0);
    assert!(screen.contains("no session matches 'xyzzy'"), "{screen}");
}

#[test]
fn matched_letters_are_highlighted_on_the_right_characters() {
    let mut schedule =
        hallway::formats::parse(include_str!("../assets/kubecon-eu-2024.ron")).expect("bundled");
    schedule.sessions[0].speakers[0].name = "Zoë Łukasz Müller".into();
    let now = hallway::time::parse_now("2024-03-19T09:00", Paris).unwrap();
    let mut app = App::new(schedule, now, Paris);
    app.update(Action::OpenSearch);
    for c in "zoe".chars() {
        app.update(Action::SearchInput(c));
    }
    let (buffer, _) = draw(&app, 120, 40, COLOUR);
    let screen = text(&buffer);
    let row = screen
        .lines()
        .position(|l| l.contains("Zoë Łukasz Müller"))
        .expect("speaker line") as u16;
    let line: Vec<(String, Color)> = (0..60)
        .map(|x| (buffer[(x, row)].symbol().to_string(), buffer[(x, row)].fg))
        .collect();
    let start = line.iter().position(|(s, _)| s == "Z").unwrap();
    let lit: String = line[start..start + 6]
        .iter()
        .filter(|(_, fg)| *fg == Color::LightYellow)
        .map(|(s, _)| s.as_str())
        .collect();
    // On the selected row too: the match keeps its colour over the selection background.
    assert_eq!(lit, "Zoë", "{line:?}");
    assert_eq!(buffer[(start as u16, row)].bg, Color::DarkGray);
}

fn starred_app() -> App {
    let mut app = bundled_app("2024-03-21T09:00");
    // Give the 14:30 session a real end that runs into 15:25: a clash between two stars.
    let end = app.schedule.sessions[4].start + chrono::Duration::minutes(10);
    app.schedule.sessions[3].end = Some(end);
    app.set_stars(
        [
            "product-market-misfit",
            "istio-project-update",
            "keynote-cloud-native-next-decade",
            // A star whose session was cancelled: listed in the agenda, not counted in the header.
            "a-cancelled-session",
        ]
        .into_iter()
        .map(Into::into)
        .collect(),
    );
    app.missing_stars = vec![(
        "A session that was cancelled".into(),
        "Fri 22 Mar 09:00".into(),
    )];
    app
}

#[test]
fn stars_and_clashes_in_the_timeline() {
    let app = starred_app();
    let (buffer, _) = draw(&app, 120, 40, COLOUR);
    let screen = text(&buffer);
    assert!(screen.lines().next().unwrap().contains("★ 3"), "{screen}");
    let row = screen
        .lines()
        .position(|l| l.contains("★ Istio Project Update"))
        .unwrap() as u16;
    // Clashing stars are red, and the second line says so.
    assert_eq!(buffer[(7, row)].symbol(), "★");
    assert_eq!(buffer[(7, row)].fg, Color::LightRed);
    assert!(
        screen
            .lines()
            .nth(row as usize + 1)
            .unwrap()
            .contains("clash · Mitch Connors")
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn agenda_120x40() {
    let mut app = starred_app();
    app.update(Action::ToggleAgenda);
    let screen = text(&draw(&app, 120, 40, COLOUR).0);
    assert!(
        screen.contains("clashes with Istio Project Update (15:25)"),
        "{screen}"
    );
    assert!(
        screen.contains("Starred, no longer in this schedule"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

/// The invented FOSDEM-flavoured schedule (tests/fixtures/frab-fosdem.xml: 11 rooms, day change
/// 09:00) on its first morning, with two sessions starred.
fn fosdem_now_app(now: &str) -> App {
    use chrono_tz::Europe::Brussels;
    let text = include_str!("fixtures/frab-fosdem.xml");
    let schedule = hallway::formats::import(text, &Default::default())
        .expect("fosdem")
        .schedule;
    let now = hallway::time::parse_now(now, Brussels).expect("now");
    let mut app = App::new(schedule, now, Brussels);
    let starred = app
        .schedule
        .sessions
        .iter()
        .filter(|s| {
            s.title == "Mapping Every Bench in Town in Fifteen Minutes"
                || s.title.starts_with("Do We Really")
        })
        .map(|s| s.id.clone())
        .collect();
    app.set_stars(starred);
    app
}

#[test]
fn now_and_next_120x40() {
    let mut app = fosdem_now_app("2027-01-30T11:26");
    app.update(Action::ToggleNow);
    let (buffer, _) = draw(&app, 120, 40, COLOUR);
    let screen = text(&buffer);
    // The starred room first, the reminder banner above it.
    assert!(
        screen.lines().nth(5).unwrap().contains("C.0.12 ★"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn now_and_next_44x20_leaves_out_end_times() {
    let mut app = fosdem_now_app("2027-01-30T11:10");
    app.update(Action::ToggleNow);
    let screen = text(&draw(&app, 44, 20, COLOUR).0);
    assert!(screen.contains("next  11:30  ★ Mapping"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn the_reminder_banner_stands_out_and_names_the_session() {
    let app = fosdem_now_app("2027-01-30T11:26");
    let (buffer, _) = draw(&app, 120, 40, COLOUR);
    let banner: String = (0..120)
        .map(|x| buffer[(x, 2)].symbol().to_string())
        .collect();
    assert!(
        banner.starts_with(" ★ in 4 min: Mapping Every Bench in Town in Fifteen Minutes · C.0.12"),
        "{banner}"
    );
    assert_eq!(buffer[(1, 2)].bg, Color::Yellow);
    assert_eq!(buffer[(119, 2)].bg, Color::Yellow);
    let plain = draw(&app, 120, 40, Theme { color: false }).0;
    assert!(plain[(1, 2)].modifier.contains(Modifier::REVERSED));
    // Narrow: the minutes and the start of the title stay; the room goes last.
    let narrow = text(&draw(&app, 40, 10, COLOUR).0);
    let banner = narrow.lines().nth(2).unwrap();
    assert!(banner.starts_with(" ★ in 4 min: Mapping Every"), "{narrow}");
    assert!(banner.ends_with("· C.0.12"), "{narrow}");
    // Reminders off: no banner, the timeline starts right under the tabs.
    let mut quiet = fosdem_now_app("2027-01-30T11:26");
    quiet.remind = None;
    let screen = text(&draw(&quiet, 120, 40, COLOUR).0);
    assert!(!screen.contains("in 4 min"), "{screen}");
}

#[test]
fn sessions_changed_by_an_update_are_marked_in_the_timeline_details_and_header() {
    use hallway::changes::{Mark, Slot};
    let mut app = bundled_app("2024-03-20T09:00");
    // Moved from 16:00 (Paris) that day, in another room.
    let start = app.schedule.sessions[2].start - chrono::Duration::minutes(85);
    app.changes.insert(
        "sidecar-less-service-mesh-cilium-istio".into(),
        Mark {
            new: false,
            moved_from: Some(Slot {
                start,
                room: Some(hallway::model::Room("Hall 7".into())),
            }),
            retitled_from: None,
        },
    );
    app.changes.insert(
        "keynote-platform-building-blocks-ml".into(),
        Mark {
            new: false,
            moved_from: None,
            retitled_from: Some("Platform Blocks".into()),
        },
    );
    let (buffer, _) = draw(&app, 120, 40, COLOUR);
    let screen = text(&buffer);
    assert!(
        screen.lines().next().unwrap().contains("◆ 2 changed"),
        "{screen}"
    );
    // The selected session's note is in the details; each changed row has its label.
    assert!(
        screen.contains("◆ retitled (was 'Platform Blocks')"),
        "{screen}"
    );
    let row = screen
        .lines()
        .position(|l| l.contains("moved · Christian Posta"))
        .expect(&screen);
    let line = screen.lines().nth(row).unwrap();
    // `find` gives a byte offset; cells count characters (the gutter has a box-drawing one).
    let x = line[..line.find("moved").unwrap()].chars().count() as u16;
    assert_eq!(buffer[(x, row as u16)].fg, Color::LightMagenta);
    insta::assert_snapshot!(screen);
    // The old time follows the zone shown, as every other time does.
    app.update(Action::SelectNext);
    let paris = text(&draw(&app, 120, 40, COLOUR).0);
    assert!(paris.contains("◆ moved from Wed 16:00, Hall 7"), "{paris}");
    app.other_zone = Some(chrono_tz::America::New_York);
    app.update(Action::ToggleZone);
    let new_york = text(&draw(&app, 120, 40, COLOUR).0);
    assert!(
        new_york.contains("◆ moved from Wed 11:00, Hall 7"),
        "{new_york}"
    );
}

#[test]
fn t_moves_every_time_on_screen_to_the_other_zone() {
    let mut app = bundled_app("2024-03-20T10:30");
    app.other_zone = Some(chrono_tz::America::New_York);
    let before = text(&draw(&app, 120, 40, COLOUR).0);
    assert!(
        before.contains("Europe/Paris (CET)  now Wed 20 Mar 10:30"),
        "{before}"
    );
    assert!(before.contains("10:25 ▌"), "{before}");
    app.update(Action::ToggleZone);
    let after = text(&draw(&app, 120, 40, COLOUR).0);
    // Paris is on CET, New York already on EDT: five hours apart that week.
    assert!(
        after.contains("America/New_York (EDT)  now Wed 20 Mar 05:30"),
        "{after}"
    );
    assert!(after.contains("05:25 ▌"), "{after}");
    assert!(after.contains("Wed 20 Mar, 05:25 EDT"), "{after}");
    assert!(!after.contains("10:25"), "{after}");
    app.update(Action::ToggleZone);
    assert_eq!(
        text(&draw(&app, 120, 40, COLOUR).0).lines().next(),
        before.lines().next()
    );
}

#[test]
fn entries_of_the_now_view_and_the_agenda_are_clickable_where_drawn() {
    let mut app = fosdem_now_app("2027-01-30T11:26");
    app.update(Action::ToggleNow);
    let (buffer, state) = draw(&app, 120, 40, COLOUR);
    let screen = text(&buffer);
    let row = screen
        .lines()
        .position(|l| l.contains("Rebasing a Fork Without Tears"))
        .expect(&screen) as u16;
    let &(_, entry) = state
        .entry_hits
        .iter()
        .find(|(r, _)| r.y == row)
        .expect("a target on the row");
    app.update(Action::SelectEntry(entry));
    assert_eq!(
        app.selected_session().map(|s| s.title.as_str()),
        Some("Rebasing a Fork Without Tears")
    );
    // Room headings and blank lines are not targets.
    let entries = app.now_entries().len();
    assert!(state.entry_hits.iter().all(|&(_, e)| e < entries));
    assert!(
        state.entry_hits.iter().all(|(r, _)| r.y != 5),
        "row 5 is a room heading"
    );

    app.update(Action::ToggleNow);
    app.update(Action::ToggleAgenda);
    let (buffer, state) = draw(&app, 120, 40, COLOUR);
    let screen = text(&buffer);
    let row = screen
        .lines()
        .position(|l| l.contains("Do We Really Need Another"))
        .expect(&screen) as u16;
    let &(_, entry) = state
        .entry_hits
        .iter()
        .find(|(r, _)| r.y == row)
        .expect("target");
    app.update(Action::SelectEntry(entry));
    assert!(
        app.selected_session()
            .unwrap()
            .title
            .starts_with("Do We Really")
    );
}

#[test]
fn early_on_a_fosdem_sunday_it_is_sunday() {
    // FOSDEM's day changes at 09:00: at 08:30 Saturday's sessions are over and Sunday's next.
    let mut app = fosdem_now_app("2027-01-31T08:30");
    assert_eq!(app.timeline.day, 1);
    assert_eq!(app.current_day(), Some(1));
    // Sunday's timeline has the now-line, before its first session; its tab is today's.
    let (buffer, _) = draw(&app, 120, 40, COLOUR);
    let browse = text(&buffer);
    let now_row = browse
        .lines()
        .position(|l| l.starts_with("── now 08:30"))
        .expect(&browse);
    assert!(
        browse
            .lines()
            .nth(now_row + 1)
            .unwrap()
            .starts_with("09:00"),
        "{browse}"
    );
    let sunday = browse.lines().nth(1).unwrap().find("Sun 31 Jan").unwrap() as u16;
    assert!(buffer[(sunday, 1)].modifier.contains(Modifier::UNDERLINED));
    let saturday = browse.lines().nth(1).unwrap().find("Sat 30 Jan").unwrap() as u16;
    assert!(
        !buffer[(saturday, 1)]
            .modifier
            .contains(Modifier::UNDERLINED)
    );
    app.update(Action::ToggleNow);
    let screen = text(&draw(&app, 120, 40, COLOUR).0);
    assert!(
        screen.contains(" On now and next · Sun 31 Jan "),
        "{screen}"
    );
    assert!(!screen.contains("next conference day"), "{screen}");
    assert!(screen.contains("in 30 min"), "{screen}");
}

/// The FOSDEM-sized fixture in the grid of rooms.
fn fosdem_grid_app(now: &str) -> App {
    let mut app = fosdem_now_app(now);
    app.update(Action::ToggleLayout);
    app
}

#[test]
fn grid_120x40() {
    let app = fosdem_grid_app("2027-01-30T11:10");
    insta::assert_snapshot!(text(&draw(&app, 120, 40, COLOUR).0));
}

#[test]
fn grid_80x24_shows_which_rooms_are_off_screen() {
    let mut app = fosdem_grid_app("2027-01-30T11:10");
    let screen = text(&draw(&app, 80, 24, COLOUR).0);
    let header = screen.lines().nth(2).unwrap();
    assert!(header.ends_with('›'), "{screen}");
    insta::assert_snapshot!(screen);
    // Walking right scrolls the rooms: the ones passed are counted on the left.
    for _ in 0..8 {
        app.update(Action::SelectRight);
    }
    let screen = text(&draw(&app, 80, 24, COLOUR).0);
    assert!(screen.lines().nth(2).unwrap().starts_with('‹'), "{screen}");
    let room = app.selected_session().unwrap().room.clone().unwrap().0;
    assert!(
        screen
            .lines()
            .nth(2)
            .unwrap()
            .contains(&room[..room.len().min(8)]),
        "{screen}"
    );
}

#[test]
fn grid_marks_now_stars_and_the_selection_with_colour() {
    let app = fosdem_grid_app("2027-01-30T11:10");
    let (buffer, state) = draw(&app, 120, 40, COLOUR);
    let screen = text(&buffer);
    let now_row = screen
        .lines()
        .position(|l| l.starts_with("11:10"))
        .unwrap_or_else(|| panic!("no now-line: {screen}"));
    assert_eq!(buffer[(0, now_row as u16)].fg, Color::Red);
    // The rule runs across rooms: some empty cells of the row are drawn as it.
    let rule = (6..120u16)
        .filter(|&x| buffer[(x, now_row as u16)].symbol() == "─")
        .count();
    assert!(rule > 0, "{screen}");
    // The selected block has the selection's background on every cell.
    let selected = app.timeline.selected[app.timeline.day];
    let (rect, _, _) = state
        .row_hits
        .iter()
        .find(|(_, _, p)| *p == selected)
        .expect("the selected block is on screen");
    for y in rect.y..rect.bottom() {
        for x in rect.x + 1..rect.right() {
            assert_eq!(buffer[(x, y)].bg, Color::DarkGray, "{x},{y}: {screen}");
        }
    }
    // A starred session shows its star in the star's colour.
    let star = (0..40u16)
        .flat_map(|y| (0..120u16).map(move |x| (x, y)))
        .find(|&(x, y)| buffer[(x, y)].symbol() == "★")
        .unwrap_or_else(|| panic!("no star: {screen}"));
    assert_eq!(buffer[star].fg, Color::Yellow);
}

#[test]
fn grid_draws_overlapping_sessions_side_by_side_and_clicks_select_them() {
    use hallway::model::{Room, Session};
    let mut app = bundled_app("2024-03-20T10:30");
    // Two sessions at once in one room, and one with no end.
    let mut schedule = app.schedule.clone();
    let template = schedule.sessions[0].clone();
    let at = |hm: &str| {
        chrono::DateTime::parse_from_rfc3339(&format!("2024-03-20T{hm}:00+01:00")).unwrap()
    };
    for (id, title, start, end) in [
        ("o1", "Overlap one", "10:00", Some("11:00")),
        ("o2", "Overlap two", "10:30", Some("11:30")),
        ("o3", "Open ended", "12:00", None),
    ] {
        schedule.sessions.push(Session {
            id: id.into(),
            title: title.into(),
            start: at(start),
            end: end.map(at),
            room: Some(Room("Hall Z".into())),
            speakers: vec![],
            ..template.clone()
        });
    }
    app = App::new(schedule, app.now, Paris);
    app.update(Action::ToggleLayout);
    let (buffer, state) = draw(&app, 200, 60, COLOUR);
    let screen = text(&buffer);
    for title in ["Overlap", "Open"] {
        assert!(screen.matches(title).count() >= 1, "{title}: {screen}");
    }
    // Every block on screen has its own cells.
    for (i, (a, _, _)) in state.row_hits.iter().enumerate() {
        for (b, _, _) in &state.row_hits[i + 1..] {
            assert!(
                a.intersection(*b).is_empty(),
                "{a:?} and {b:?} overlap: {screen}"
            );
        }
    }
    let o2 = app.days[app.timeline.day]
        .sessions
        .iter()
        .position(|&i| app.schedule.sessions[i].id.0 == "o2")
        .unwrap();
    let (rect, day, position) = *state
        .row_hits
        .iter()
        .find(|(_, _, p)| *p == o2)
        .expect("o2 is drawn");
    assert!(rect.width > 1);
    // The unknown end is marked on its block: a dashed bar.
    let o3 = app.days[app.timeline.day]
        .sessions
        .iter()
        .position(|&i| app.schedule.sessions[i].id.0 == "o3")
        .unwrap();
    let (open, _, _) = state.row_hits.iter().find(|(_, _, p)| *p == o3).unwrap();
    assert_eq!(buffer[(open.x, open.y)].symbol(), "┆", "{screen}");
    // A click on a block selects it.
    app.update(Action::SelectAt { day, position });
    assert_eq!(app.selected_session().unwrap().title, "Overlap two");
}

#[test]
fn grid_renders_at_every_size_without_panic() {
    let mut grid = fosdem_grid_app("2027-01-30T11:26");
    let mut late = fosdem_grid_app("2027-01-31T08:30");
    late.update(Action::SelectLast);
    grid.update(Action::SelectRight);
    let mut help = fosdem_grid_app("2027-01-30T11:26");
    help.update(Action::ToggleHelp);
    for width in 0..=200 {
        for height in 0..=60 {
            if width % 3 == 0 {
                draw(&grid, width, height, COLOUR);
            }
            if width % 11 == 0 {
                draw(&late, width, height, Theme { color: false });
                draw(&help, width, height, COLOUR);
            }
        }
    }
}

#[test]
fn filter_panel_beside_the_day_and_the_filter_always_on_screen() {
    let mut app = fosdem_now_app("2027-01-30T11:10");
    app.update(Action::ToggleFilter);
    let screen = text(&draw(&app, 120, 40, COLOUR).0);
    assert!(screen.contains("Filter 62 of 62 sessions"), "{screen}");
    insta::assert_snapshot!("filter_panel_120x40", screen);
    // Choose the first value under the cursor: the count, the header line and the day follow.
    app.update(Action::ToggleFilterValue);
    let screen = text(&draw(&app, 120, 40, COLOUR).0);
    let (shown, total) = app.filtered_count();
    assert!(shown < total);
    assert!(
        screen.contains(&format!(
            "{shown} of {total} sessions (f changes it, F clears it)"
        )),
        "{screen}"
    );
    assert!(
        screen.lines().nth(2).unwrap().starts_with(" filter: "),
        "{screen}"
    );
    app.update(Action::SearchCancel);
    // On a day the filter empties, the timeline says so; the grid too.
    let mut filter = hallway::filter::Filter::default();
    filter.toggle(hallway::filter::Facet::Day, "2027-01-31");
    app.set_filter(filter);
    app.update(Action::GoToDay(1));
    for layout in [false, true] {
        if layout {
            app.update(Action::ToggleLayout);
        }
        let screen = text(&draw(&app, 100, 30, COLOUR).0);
        assert!(
            screen.contains("No session of this day passes the filter"),
            "{screen}"
        );
    }
    // Every size draws the panel and the filtered views without a panic.
    app.update(Action::ToggleFilter);
    for width in (0..=200).step_by(7) {
        for height in 0..=60 {
            draw(&app, width, height, COLOUR);
        }
    }
}

#[test]
fn a_long_status_wraps_at_spaces_instead_of_being_cut() {
    let mut app = bundled_app("2024-03-20T10:30");
    app.status = Some(
        "schedule.ics has no time zone: its times are read as Europe/Paris; import it with --tz ZONE to say which"
            .into(),
    );
    let screen = text(&draw(&app, 80, 24, COLOUR).0);
    let bottom: Vec<&str> = screen
        .lines()
        .rev()
        .skip_while(|l| l.trim().is_empty())
        .take(2)
        .collect();
    assert!(bottom[1].trim_end().ends_with("import it"), "{screen}");
    assert_eq!(bottom[0], " with --tz ZONE to say which", "{screen}");
}
