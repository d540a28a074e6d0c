//! Filters: choosing a value in the panel (the days narrowed, the panel's counts worked out
//! again) with the frame that shows it, on FOSDEM 2025 (943 sessions, from the corpus; else a
//! generated schedule of its size) and on a generated schedule of 10,000 sessions.

mod support;

use chrono_tz::Europe::Brussels;
use criterion::{Criterion, criterion_group, criterion_main};
use hallway::app::App;
use hallway::keys::Action;
use hallway::model::Schedule;
use hallway::ui::{self, UiState, theme::Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;

fn bench_schedule(c: &mut Criterion, label: &str, schedule: Schedule) {
    let now = hallway::time::parse_now("2025-02-01T14:02", Brussels).expect("now");
    let mut app = App::new(schedule, now, Brussels);
    app.update(Action::ToggleFilter);
    // The second value of the first facet: choosing it, then taking it back, in turn.
    app.update(Action::SelectNext);
    let theme = Theme { color: true };
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    let mut state = UiState::default();
    c.bench_function(
        &format!("filter {label}: toggle a value + frame, 120x40"),
        |b| {
            b.iter(|| {
                black_box(app.update(Action::ToggleFilterValue));
                terminal
                    .draw(|frame| ui::render(frame, &app, &mut state, &theme))
                    .expect("draw");
            })
        },
    );
    c.bench_function(&format!("filter {label}: type a letter to narrow"), |b| {
        b.iter(|| {
            black_box(app.update(Action::SearchInput('o')));
            black_box(app.update(Action::SearchBackspace));
        })
    });
}

fn bench(c: &mut Criterion) {
    let (fosdem, used) = support::fosdem_or_generated();
    let label = if used.contains("corpus") {
        "fosdem"
    } else {
        "943 generated"
    };
    bench_schedule(c, label, fosdem);
    bench_schedule(c, "10k generated", support::synthetic(10_000));
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
