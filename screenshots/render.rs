//! Renders hallway's main scenes to screenshots/ as SVG (and PNG when `rsvg-convert` is
//! installed): `cargo run --example screenshots`. The frames are drawn by the real UI code on
//! a test backend at a fixed clock, so the pictures are what a user sees. The large scenes
//! picture the real FOSDEM 2025 schedule from the corpus (`$HALLWAY_CORPUS`, else
//! `../shared/fixtures/real`) when it is there, and a generated schedule of its size when it is
//! not; the command says which it used.

#[path = "../tests/common/corpus.rs"]
mod corpus;
#[path = "../benches/support/generate.rs"]
mod generate;

use chrono_tz::Tz;
use hallway::app::App;
use hallway::keys::Action;
use hallway::model::Schedule;
use hallway::ui::{self, UiState, theme::Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

const CELL_WIDTH: f64 = 8.43;
const CELL_HEIGHT: f64 = 17.0;
const FONT_SIZE: f64 = 14.0;
const BACKGROUND: &str = "#1d1f21";
const FOREGROUND: &str = "#d8dee9";

/// One picture: a name, a terminal size, and the app state to draw.
struct Scene {
    name: &'static str,
    width: u16,
    height: u16,
    app: App,
}

fn bundled() -> Schedule {
    hallway::formats::parse(include_str!("../assets/kubecon-eu-2024.ron"))
        .unwrap_or_else(|e| panic!("bundled schedule: {e}"))
}

fn app_at(schedule: Schedule, now: &str, actions: &[Action]) -> App {
    let zone: Tz = schedule.conference.time_zone;
    let now = hallway::time::parse_now(now, zone).unwrap_or_else(|e| panic!("{e}"));
    let mut app = App::new(schedule, now, zone);
    for action in actions {
        app.update(action.clone());
    }
    app
}

const FOSDEM: &str = "fosdem-2025-schedule.xml";

/// FOSDEM 2025 from the corpus, or a generated schedule of its size when the corpus is not there.
fn fosdem() -> Schedule {
    match corpus::corpus_file(FOSDEM) {
        Some(path) => {
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            hallway::formats::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        }
        None => generate::synthetic(943),
    }
}

/// The ids of the first `count` sessions that start after `now` (a local time on 2025-02-01),
/// within `minutes`: sessions "about to start", whichever schedule is drawn.
fn starting_soon(schedule: &Schedule, now: &str, minutes: i64, count: usize) -> Vec<String> {
    let zone = schedule.conference.time_zone;
    let now = hallway::time::parse_now(now, zone).unwrap_or_else(|e| panic!("{e}"));
    let mut soon: Vec<_> = schedule
        .sessions
        .iter()
        .filter(|s| {
            s.start.to_utc() > now && s.start.to_utc() <= now + chrono::Duration::minutes(minutes)
        })
        .collect();
    soon.sort_by_key(|s| (s.start, s.room.clone()));
    soon.iter().take(count).map(|s| s.id.0.clone()).collect()
}

fn starred(mut app: App, ids: &[&str]) -> App {
    app.set_stars(ids.iter().map(|&id| id.into()).collect());
    app
}

/// The invented HarbourCon week of tests/fixtures: the main conference and its co-located
/// events (a UTC feed read in Paris time), opened as one.
fn harbour_week() -> hallway::sources::Combined {
    let read = |name: &str, zone: Option<Tz>| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        let options = hallway::formats::ImportOptions { zone };
        hallway::formats::load_file(&path, &options)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .schedule
    };
    hallway::sources::combine(vec![
        hallway::sources::Source {
            label: "harbourcon".into(),
            schedule: read("week-main.xml", None),
        },
        hallway::sources::Source {
            label: "colocated".into(),
            schedule: read("week-colocated.ics", Some(chrono_tz::Europe::Paris)),
        },
    ])
}

fn typed(text: &str) -> Vec<Action> {
    let mut actions = vec![Action::OpenSearch];
    actions.extend(text.chars().map(Action::SearchInput));
    actions
}

fn scenes() -> Vec<Scene> {
    let kubecon_stars = [
        "sidecar-less-service-mesh-cilium-istio",
        "istio-project-update",
        "product-market-misfit",
        "keynote-cloud-native-next-decade",
    ];
    vec![
        Scene {
            name: "week",
            width: 120,
            height: 24,
            app: {
                let week = harbour_week();
                let labels = week.sources.iter().map(|s| s.label.clone()).collect();
                let mut app = app_at(week.schedule, "2027-04-13T10:20", &[]);
                app.sources = labels;
                app.status = Some("2 schedules as one (harbourcon + colocated); 1 session listed by two sources is shown once".into());
                let mut app = starred(app, &["harbourcon/2", "colocated/c4"]);
                for _ in 0..4 {
                    app.update(Action::SelectNext);
                }
                app
            },
        },
        Scene {
            name: "browse",
            width: 120,
            height: 32,
            app: starred(app_at(bundled(), "2024-03-20T17:40", &[]), &kubecon_stars),
        },
        Scene {
            name: "fosdem",
            width: 120,
            height: 36,
            app: app_at(fosdem(), "2025-02-01T14:02", &[]),
        },
        Scene {
            name: "filter",
            width: 120,
            height: 36,
            app: {
                let mut app = app_at(fosdem(), "2025-02-01T14:02", &[Action::ToggleFilter]);
                // Choose the first track, then narrow the rooms by typing.
                app.update(Action::ToggleFilterValue);
                for c in "ud".chars() {
                    app.update(Action::SearchInput(c));
                }
                app
            },
        },
        Scene {
            name: "grid",
            width: 140,
            height: 44,
            app: {
                let app = app_at(fosdem(), "2025-02-01T14:02", &[Action::ToggleLayout]);
                let ids = starting_soon(&app.schedule, "2025-02-01T14:02", 30, 3);
                let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
                starred(app, &ids)
            },
        },
        Scene {
            name: "search",
            width: 120,
            height: 32,
            app: app_at(fosdem(), "2025-02-01T14:02", &typed("kuberentes")),
        },
        Scene {
            name: "agenda",
            width: 120,
            height: 24,
            app: {
                let app = app_at(bundled(), "2024-03-21T09:00", &[]);
                let mut app = starred(app, &kubecon_stars);
                // A must, a maybe and two notes, as a user plans the evening before.
                let id = |s: &str| hallway::model::SessionId::from(s);
                app.set_plan(
                    [
                        (
                            id("istio-project-update"),
                            hallway::favourites::Priority::Must,
                        ),
                        (
                            id("product-market-misfit"),
                            hallway::favourites::Priority::Maybe,
                        ),
                    ]
                    .into(),
                    [
                        (
                            id("istio-project-update"),
                            "ask about ambient mode GA".to_string(),
                        ),
                        (
                            id("keynote-cloud-native-next-decade"),
                            "slides promised on the CNCF site".to_string(),
                        ),
                    ]
                    .into(),
                );
                app.update(Action::ToggleAgenda);
                app
            },
        },
        Scene {
            name: "now",
            width: 120,
            height: 30,
            app: {
                let app = app_at(fosdem(), "2025-02-01T11:26", &[]);
                let ids = starting_soon(&app.schedule, "2025-02-01T11:26", 10, 2);
                let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
                let mut app = starred(app, &ids);
                app.update(Action::ToggleNow);
                app
            },
        },
        Scene {
            name: "changes",
            width: 120,
            height: 24,
            app: {
                // An update as `hallway update` sees one: FOSDEM against a copy with one session
                // moved and one retitled, diffed and marked by the same code.
                let old = fosdem();
                let soon = starting_soon(&old, "2025-02-01T11:20", 15, 2);
                let [moved_id, retitled_id] = [&soon[0], &soon[1]];
                let mut new = old.clone();
                let moved = new
                    .sessions
                    .iter_mut()
                    .find(|s| &s.id.0 == moved_id)
                    .expect("a session about to start");
                moved.start += chrono::Duration::minutes(30);
                moved.end = moved.end.map(|e| e + chrono::Duration::minutes(30));
                let retitled = new
                    .sessions
                    .iter_mut()
                    .find(|s| &s.id.0 == retitled_id)
                    .expect("a session about to start");
                retitled.title.push_str(", with live demos");
                let marks = hallway::changes::merge_marks(
                    Default::default(),
                    &hallway::changes::diff(&old, &new),
                    &new,
                );
                let mut app = app_at(new, "2025-02-01T11:20", &[]);
                app.changes = marks;
                let moved = app
                    .schedule
                    .sessions
                    .iter()
                    .position(|s| &s.id.0 == moved_id)
                    .expect("moved session");
                app.go_to_session(moved);
                app
            },
        },
        Scene {
            name: "help",
            width: 100,
            height: 44,
            app: app_at(bundled(), "2024-03-20T17:40", &[Action::ToggleHelp]),
        },
        Scene {
            name: "small",
            width: 80,
            height: 24,
            app: app_at(bundled(), "2024-03-21T15:00", &[]),
        },
    ]
}

fn hex(color: Color, default: &str) -> String {
    let named = match color {
        Color::Reset => return default.to_string(),
        Color::Black => "#1d1f21",
        Color::Red => "#cc6666",
        Color::Green => "#b5bd68",
        Color::Yellow => "#f0c674",
        Color::Blue => "#81a2be",
        Color::Magenta => "#b294bb",
        Color::Cyan => "#8abeb7",
        Color::Gray => "#c5c8c6",
        Color::DarkGray => "#454b54",
        Color::LightRed => "#ff7b7b",
        Color::LightGreen => "#d0e88a",
        Color::LightYellow => "#ffe08a",
        Color::LightBlue => "#a3c4e8",
        Color::LightMagenta => "#d7b4e0",
        Color::LightCyan => "#a8e0da",
        Color::White => "#ffffff",
        Color::Rgb(r, g, b) => return format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(_) => default,
    };
    named.to_string()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The buffer as an SVG picture of a terminal: cell backgrounds, then runs of styled text.
fn svg(buffer: &Buffer) -> String {
    let area = buffer.area;
    let width = f64::from(area.width) * CELL_WIDTH;
    let height = f64::from(area.height) * CELL_HEIGHT;
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{:.0}" height="{:.0}" viewBox="0 0 {width:.1} {height:.1}">"#,
        width + 20.0,
        height + 20.0
    );
    let _ = writeln!(
        out,
        r#"<rect x="-10" y="-10" width="{:.1}" height="{:.1}" rx="6" fill="{BACKGROUND}"/>"#,
        width + 20.0,
        height + 20.0
    );
    let _ = writeln!(
        out,
        r#"<g font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="{FONT_SIZE}" xml:space="preserve">"#
    );
    for y in 0..area.height {
        let top = f64::from(y) * CELL_HEIGHT;
        for x in 0..area.width {
            let cell = &buffer[(x, y)];
            let reversed = cell.modifier.contains(Modifier::REVERSED);
            let bg = if reversed { cell.fg } else { cell.bg };
            if bg != Color::Reset || reversed {
                let fill = hex(bg, if reversed { FOREGROUND } else { BACKGROUND });
                let _ = writeln!(
                    out,
                    r#"<rect x="{:.2}" y="{top:.1}" width="{:.2}" height="{CELL_HEIGHT}" fill="{fill}"/>"#,
                    f64::from(x) * CELL_WIDTH,
                    CELL_WIDTH + 0.3
                );
            }
        }
        let mut x = 0;
        while x < area.width {
            let start = &buffer[(x, y)];
            let style = (start.fg, start.bg, start.modifier);
            let mut text = String::new();
            let run_x = x;
            while x < area.width {
                let cell = &buffer[(x, y)];
                if (cell.fg, cell.bg, cell.modifier) != style {
                    break;
                }
                text.push_str(cell.symbol());
                x += 1;
            }
            if text.trim().is_empty() {
                continue;
            }
            let (fg, _, modifier) = style;
            let fill = if modifier.contains(Modifier::REVERSED) {
                hex(start.bg, BACKGROUND)
            } else {
                hex(fg, FOREGROUND)
            };
            let mut attributes = format!(r#"fill="{fill}""#);
            if modifier.contains(Modifier::BOLD) {
                attributes.push_str(r#" font-weight="bold""#);
            }
            if modifier.contains(Modifier::DIM) {
                attributes.push_str(r#" opacity="0.55""#);
            }
            if modifier.contains(Modifier::ITALIC) {
                attributes.push_str(r#" font-style="italic""#);
            }
            if modifier.contains(Modifier::UNDERLINED) {
                attributes.push_str(r#" text-decoration="underline""#);
            }
            let _ = writeln!(
                out,
                r#"<text x="{:.2}" y="{:.1}" {attributes}>{}</text>"#,
                f64::from(run_x) * CELL_WIDTH,
                top + CELL_HEIGHT * 0.78,
                escape(&text)
            );
        }
    }
    out.push_str("</g>\n</svg>\n");
    out
}

fn main() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("screenshots");
    match corpus::corpus_file(FOSDEM) {
        Some(path) => println!(
            "fosdem, filter, grid, search, now, changes: FOSDEM 2025 from {}",
            path.display()
        ),
        None => println!(
            "fosdem, filter, grid, search, now, changes: a generated schedule of 943 sessions ({FOSDEM} is not in {})",
            corpus::corpus_dir().display()
        ),
    }
    let theme = Theme { color: true };
    let converter = Command::new("rsvg-convert")
        .arg("--version")
        .output()
        .is_ok();
    for scene in scenes() {
        let mut terminal = Terminal::new(TestBackend::new(scene.width, scene.height))
            .unwrap_or_else(|e| panic!("{e}"));
        let mut state = UiState::default();
        terminal
            .draw(|frame| ui::render(frame, &scene.app, &mut state, &theme))
            .unwrap_or_else(|e| panic!("{e}"));
        let svg_path = folder.join(format!("{}.svg", scene.name));
        std::fs::write(&svg_path, svg(terminal.backend().buffer()))
            .unwrap_or_else(|e| panic!("{}: {e}", svg_path.display()));
        println!("wrote screenshots/{}.svg", scene.name);
        if converter {
            let png_path = folder.join(format!("{}.png", scene.name));
            let status = Command::new("rsvg-convert")
                .arg(&svg_path)
                .arg("-o")
                .arg(&png_path)
                .status();
            match status {
                Ok(s) if s.success() => println!("wrote screenshots/{}.png", scene.name),
                _ => eprintln!("rsvg-convert failed for {}", scene.name),
            }
        }
    }
    if !converter {
        eprintln!("rsvg-convert not found: SVG only (Debian: apt-get install librsvg2-bin)");
    }
}
