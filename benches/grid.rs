//! The grid of rooms: laying out a day, and a key in the grid with its frame (120×40 and
//! 200×60), on FOSDEM 2025 (943 sessions, 29 rooms, 470 on Saturday; from the corpus, else a
//! generated schedule of its size) and on a generated schedule of 10,000 sessions.

mod support;

use chrono_tz::Europe::Brussels;
use criterion::{Criterion, criterion_group, criterion_main};
use hallway::app::{App, GridDay};
use hallway::keys::Action;
use hallway::model::Schedule;
use hallway::ui::{self, UiState, theme::Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;

fn grid_app(schedule: Schedule) -> App {
    let now = hallway::time::parse_now("2025-02-01T14:02", Brussels).expect("now");
    let mut app = App::new(schedule, now, Brussels);
    app.update(Action::ToggleLayout);
    app
}

fn bench_schedule(c: &mut Criterion, label: &str, schedule: Schedule) {
    let days = schedule.days();
    let biggest = days
        .iter()
        .max_by_key(|d| d.sessions.len())
        .expect("a day with sessions");
    eprintln!(
        "{label}: {} sessions, the biggest day {}",
        schedule.sessions.len(),
        biggest.sessions.len()
    );
    c.bench_function(&format!("grid {label}: lay out the biggest day"), |b| {
        b.iter(|| GridDay::new(black_box(&schedule), black_box(&biggest.sessions)))
    });
    let theme = Theme { color: true };
    for (width, height) in [(120, 40), (200, 60)] {
        let mut app = grid_app(schedule.clone());
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
        let mut state = UiState::default();
        // Keys back and forth, so the selection never sticks at an edge.
        let keys = [
            Action::SelectNext,
            Action::SelectRight,
            Action::SelectPrev,
            Action::SelectLeft,
        ];
        let mut i = 0;
        c.bench_function(
            &format!("grid {label}: key (j l k h) + frame, {width}x{height}"),
            |b| {
                b.iter(|| {
                    black_box(app.update(keys[i % keys.len()].clone()));
                    i += 1;
                    terminal
                        .draw(|frame| ui::render(frame, &app, &mut state, &theme))
                        .expect("draw");
                })
            },
        );
    }
}

fn bench(c: &mut Criterion) {
    let (fosdem, used) = support::fosdem_or_generated();
    bench_schedule(
        c,
        if used.contains("corpus") {
            "fosdem"
        } else {
            "943 generated"
        },
        fosdem,
    );
    bench_schedule(c, "10k generated", support::synthetic(10_000));
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = bench
}
criterion_main!(benches);
