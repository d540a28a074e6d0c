//! The now-and-next view on a real schedule (FOSDEM 2025, 943 sessions, 29 rooms, from the
//! corpus; a generated schedule of its size when the corpus is not there): a keystroke in the
//! view with its frame, the minute tick with its reminder check, and the browse frame with the
//! reminder banner for comparison.

mod support;

use chrono_tz::Europe::Brussels;
use criterion::{Criterion, criterion_group, criterion_main};
use hallway::app::App;
use hallway::keys::Action;
use hallway::ui::{self, UiState, theme::Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;

fn fosdem_app() -> App {
    let (schedule, _) = support::fosdem_or_generated();
    let now = hallway::time::parse_now("2025-02-01T11:26", Brussels).expect("now");
    let mut app = App::new(schedule, now, Brussels);
    // Ten starred sessions spread over the day, two of them about to start.
    let soon = now + chrono::Duration::minutes(10);
    let starred = app
        .schedule
        .sessions
        .iter()
        .filter(|s| s.start.to_utc() > now && s.start.to_utc() <= soon)
        .take(2)
        .chain(app.schedule.sessions.iter().step_by(90))
        .map(|s| s.id.clone())
        .collect();
    app.set_stars(starred);
    app
}

fn bench(c: &mut Criterion) {
    let theme = Theme { color: true };
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    let mut state = UiState::default();

    let mut app = fosdem_app();
    app.update(Action::ToggleNow);
    c.bench_function("now view: key (j) + frame, 120x40", |b| {
        let mut down = true;
        b.iter(|| {
            // Back and forth, so the selection never sticks at an end.
            let action = if down {
                Action::SelectNext
            } else {
                Action::SelectPrev
            };
            down = !down;
            black_box(app.update(action));
            terminal
                .draw(|frame| ui::render(frame, &app, &mut state, &theme))
                .expect("draw");
        })
    });

    let tick = hallway::time::parse_now("2025-02-01T11:27", Brussels).expect("tick");
    c.bench_function("minute tick with reminder check", |b| {
        b.iter(|| black_box(app.update(Action::Tick(tick))))
    });

    let browse = fosdem_app();
    c.bench_function("browse frame with the reminder banner, 120x40", |b| {
        b.iter(|| {
            terminal
                .draw(|frame| ui::render(frame, &browse, &mut state, &theme))
                .expect("draw");
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
