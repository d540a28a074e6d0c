//! Keys at scale: each key the issue of speed at 100,000 sessions names (`G`, a day change,
//! `n`, `j`, the first `/`, Enter on a result, `j` in on-now-and-next), applied with
//! `App::update` and followed by the whole 120×40 frame, on FOSDEM 2025 (from the corpus, else
//! a generated schedule of its size) and on generated schedules of 10,000 and 100,000
//! sessions. Keys are timed in pairs that undo each other (`G` then `g`), so every iteration
//! does the same work; the figure is for two keys and two frames.

mod support;

use chrono_tz::Europe::Brussels;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use hallway::app::App;
use hallway::keys::Action;
use hallway::model::Schedule;
use hallway::search::IndexBuilder;
use hallway::ui::{self, UiState, theme::Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;
use std::time::{Duration, Instant};

fn app(schedule: Schedule) -> App {
    let now = hallway::time::parse_now("2025-02-01T14:02", Brussels).expect("now");
    let mut app = App::new(schedule, now, Brussels);
    // What the event loop does between keys before the search is first opened.
    app.build_search_index(|| true);
    app
}

fn bench_schedule(c: &mut Criterion, label: &str, schedule: &Schedule) {
    let theme = Theme { color: true };
    let pairs: [(&str, Vec<Action>); 6] = [
        ("G then g", vec![Action::SelectLast, Action::SelectFirst]),
        (
            "l then h (day changes)",
            vec![Action::NextDay, Action::PrevDay],
        ),
        (
            "g then n (jump to now)",
            vec![Action::SelectFirst, Action::JumpToNow],
        ),
        ("j then k", vec![Action::SelectNext, Action::SelectPrev]),
        (
            "/ then Esc (open the search)",
            vec![Action::OpenSearch, Action::SearchCancel],
        ),
        (
            "w, j, k, w (on now and next)",
            vec![
                Action::ToggleNow,
                Action::SelectNext,
                Action::SelectPrev,
                Action::ToggleNow,
            ],
        ),
    ];
    for (name, keys) in pairs {
        let mut app = app(schedule.clone());
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
        let mut state = UiState::default();
        c.bench_function(&format!("keys {label}: {name}, each + frame"), |b| {
            b.iter(|| {
                for key in &keys {
                    black_box(app.update(key.clone()));
                    terminal
                        .draw(|frame| ui::render(frame, &app, &mut state, &theme))
                        .expect("draw");
                }
            })
        });
    }
    // Enter on a result: from a search for `rust` (typed before), to the session's day.
    let mut app = app(schedule.clone());
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    let mut state = UiState::default();
    c.bench_function(
        &format!("keys {label}: Enter on the 3rd result of `rust`, + frame"),
        |b| {
            b.iter_custom(|iterations| {
                let mut total = Duration::ZERO;
                for _ in 0..iterations {
                    app.update(Action::SelectFirst);
                    app.update(Action::OpenSearch);
                    for c in "rust".chars() {
                        app.update(Action::SearchInput(c));
                    }
                    while app.search_pending() {
                        app.continue_search(|| true);
                    }
                    app.update(Action::SelectNext);
                    app.update(Action::SelectNext);
                    let started = Instant::now();
                    black_box(app.update(Action::GoToSelected));
                    terminal
                        .draw(|frame| ui::render(frame, &app, &mut state, &theme))
                        .expect("draw");
                    total += started.elapsed();
                }
                total
            })
        },
    );
    // The longest step of building the search index between keys: sorting the sessions
    // (once), then each 1,024 sessions folded.
    c.bench_function(
        &format!("keys {label}: index ahead, sort the sessions"),
        |b| b.iter(|| IndexBuilder::new(black_box(schedule))),
    );
    c.bench_function(
        &format!("keys {label}: index ahead, fold 1,024 sessions"),
        |b| {
            b.iter_batched(
                || IndexBuilder::new(schedule),
                |mut builder| {
                    builder.advance(schedule, 1024);
                    builder
                },
                BatchSize::LargeInput,
            )
        },
    );
}

fn bench(c: &mut Criterion) {
    let (fosdem, used) = support::fosdem_or_generated();
    let label = if used.contains("corpus") {
        "fosdem"
    } else {
        "943 generated"
    };
    bench_schedule(c, label, &fosdem);
    bench_schedule(c, "10k generated", &support::synthetic(10_000));
    bench_schedule(c, "100k generated", &support::synthetic(100_000));
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
