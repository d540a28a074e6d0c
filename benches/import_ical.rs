//! Import speed of the iCalendar and Sessionize readers on the real fixtures.

use criterion::{Criterion, criterion_group, criterion_main};
use hallway::formats::{ImportOptions, ical, sessionize};
use std::hint::black_box;

const SCHED: &str = include_str!("../tests/fixtures/kubecon-eu-2026-sched-all.ics");
const PRETALX: &str = include_str!("../tests/fixtures/good2025-pretalx-schedule.ics");
const ORLANDO: &str = include_str!("../tests/fixtures/orlando-codecamp-2020-sessionize-all.json");

fn imports(c: &mut Criterion) {
    let amsterdam = ImportOptions {
        zone: Some(chrono_tz::Europe::Amsterdam),
    };
    let new_york = ImportOptions {
        zone: Some(chrono_tz::America::New_York),
    };
    c.bench_function("ical: KubeCon EU 2026 Sched (740 KB, 596 sessions)", |b| {
        b.iter(|| ical::parse(black_box(SCHED), &amsterdam))
    });
    c.bench_function("ical: GOOD 2025 pretalx (60 KB, 72 sessions)", |b| {
        b.iter(|| ical::parse(black_box(PRETALX), &ImportOptions::default()))
    });
    c.bench_function(
        "sessionize: Orlando Code Camp 2020 (211 KB, 99 sessions)",
        |b| b.iter(|| sessionize::parse(black_box(ORLANDO), &new_york)),
    );
}

criterion_group!(benches, imports);
criterion_main!(benches);
