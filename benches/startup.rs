//! From schedule text to the first frame: parse, build the app, draw 120×40. On the bundled
//! schedule and on a synthetic 1,000-session RON schedule (about FOSDEM's size).

use chrono::{Duration, TimeZone};
use criterion::{Criterion, criterion_group, criterion_main};
use hallway::app::App;
use hallway::model::{Room, Schedule, Session, SessionId, Speaker, Track};
use hallway::ui::{self, UiState, theme::Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;

const BUNDLED: &str = include_str!("../assets/kubecon-eu-2024.ron");

/// A schedule of `count` sessions over two days in 30 rooms, written as RON.
fn synthetic_ron(count: usize) -> String {
    let mut schedule = hallway::formats::parse(BUNDLED).expect("bundled schedule");
    let zone = chrono_tz::Europe::Brussels;
    schedule.conference.time_zone = zone;
    let first = zone
        .with_ymd_and_hms(2025, 2, 1, 9, 0, 0)
        .single()
        .expect("a plain winter morning")
        .fixed_offset();
    schedule.sessions = (0..count)
        .map(|i| {
            let day = (i * 2 / count) as i64;
            let slot = (i % 500) as i64 / 30;
            let start = first + Duration::days(day) + Duration::minutes(slot * 25);
            Session {
                id: SessionId(format!("s{i}")),
                title: format!(
                    "Session {i}: observability, eBPF and the Zoë Müller approach to scaling"
                ),
                subtitle: None,
                speakers: vec![Speaker {
                    name: format!("Speaker Łukasz {i}"),
                    organisation: Some("Example".into()),
                }],
                start,
                end: Some(start + Duration::minutes(25)),
                room: Some(Room(format!("Room {}", i % 30))),
                track: Some(Track(format!("Track {}", i % 60))),
                kind: Some("talk".into()),
                language: Some("en".into()),
                abstract_text: "A paragraph of abstract text. ".repeat(12),
                links: vec![],
                origin: None,
            }
        })
        .collect();
    hallway::formats::ron::write(&schedule).expect("write RON")
}

fn first_frame(text: &str) -> usize {
    let schedule: Schedule = hallway::formats::parse(text).expect("parse");
    let zone = schedule.conference.time_zone;
    let now = zone
        .with_ymd_and_hms(2025, 2, 1, 11, 0, 0)
        .single()
        .expect("unambiguous")
        .to_utc();
    let app = App::new(schedule, now, zone);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    let mut state = UiState::default();
    terminal
        .draw(|frame| ui::render(frame, &app, &mut state, &Theme { color: true }))
        .expect("draw");
    state.row_hits.len()
}

fn startup(c: &mut Criterion) {
    c.bench_function("first frame: bundled schedule", |b| {
        b.iter(|| first_frame(black_box(BUNDLED)))
    });
    let big = synthetic_ron(1000);
    c.bench_function("first frame: 1,000-session RON", |b| {
        b.iter(|| first_frame(black_box(&big)))
    });
}

criterion_group!(benches, startup);
criterion_main!(benches);
