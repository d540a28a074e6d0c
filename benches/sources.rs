//! Several schedules as one: combining three sources of 1,000 sessions each (the same ids in
//! each, as frab's small integers would be), then a search typed key by key and a move in the
//! timeline, each key with its frame (120×40), on the combination. Generated data.

mod support;

use chrono::Duration;
use chrono_tz::Europe::Brussels;
use criterion::{Criterion, criterion_group, criterion_main};
use hallway::app::App;
use hallway::keys::Action;
use hallway::model::Schedule;
use hallway::sources::{Source, combine};
use hallway::ui::{self, UiState, theme::Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;

/// Three sources of 1,000 sessions, a day apart, so that none is merged.
fn sources() -> Vec<Source> {
    (0..3)
        .map(|n| {
            let mut schedule: Schedule = support::synthetic(1_000);
            schedule.conference.id = format!("source-{n}");
            for session in &mut schedule.sessions {
                session.start += Duration::days(3 * n);
                session.end = session.end.map(|e| e + Duration::days(3 * n));
            }
            Source {
                label: format!("source-{n}"),
                schedule,
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let parts = sources();
    c.bench_function("sources: combine 3 × 1,000 sessions", |b| {
        b.iter(|| combine(black_box(parts.clone())))
    });
    let combined = combine(parts);
    assert_eq!(combined.schedule.sessions.len(), 3_000);
    let now = hallway::time::parse_now("2025-02-01T14:02", Brussels).expect("now");
    let theme = Theme { color: true };
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    let mut state = UiState::default();
    let mut app = App::new(combined.schedule.clone(), now, Brussels);
    app.sources = combined.sources.iter().map(|s| s.label.clone()).collect();
    let keys = [Action::SelectNext, Action::SelectPrev];
    let mut i = 0;
    c.bench_function("sources: 3 × 1,000, timeline key (j k) + frame", |b| {
        b.iter(|| {
            black_box(app.update(keys[i % 2].clone()));
            i += 1;
            terminal
                .draw(|frame| ui::render(frame, &app, &mut state, &theme))
                .expect("draw");
        })
    });
    c.bench_function(
        "sources: 3 × 1,000, search typed key by key (/ then 9 letters) + frames",
        |b| {
            b.iter(|| {
                let mut app = App::new(combined.schedule.clone(), now, Brussels);
                app.update(Action::OpenSearch);
                for ch in "container".chars() {
                    black_box(app.update(Action::SearchInput(ch)));
                    terminal
                        .draw(|frame| ui::render(frame, &app, &mut state, &theme))
                        .expect("draw");
                }
            })
        },
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
