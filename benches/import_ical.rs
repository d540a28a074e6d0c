//! Import speed of the iCalendar and Sessionize readers: on the real files of the corpus when
//! it is there (KubeCon EU 2026 from Sched, GOOD 2025 from pretalx, Orlando Code Camp 2020 from
//! Sessionize), and on the small fixtures written here.

mod support;

use criterion::{Criterion, criterion_group, criterion_main};
use hallway::formats::{ImportOptions, ical, sessionize};
use std::hint::black_box;

fn imports(c: &mut Criterion) {
    let amsterdam = ImportOptions {
        zone: Some(chrono_tz::Europe::Amsterdam),
    };
    let new_york = ImportOptions {
        zone: Some(chrono_tz::America::New_York),
    };
    if let Some(sched) = support::corpus_text("kubecon-eu-2026-sched-all.ics") {
        c.bench_function("ical: KubeCon EU 2026 Sched (740 KB, 596 sessions)", |b| {
            b.iter(|| ical::parse(black_box(&sched), &amsterdam))
        });
    }
    if let Some(pretalx) = support::corpus_text("good2025-pretalx-schedule.ics") {
        c.bench_function("ical: GOOD 2025 pretalx (60 KB, 72 sessions)", |b| {
            b.iter(|| ical::parse(black_box(&pretalx), &ImportOptions::default()))
        });
    }
    if let Some(orlando) = support::corpus_text("orlando-codecamp-2020-sessionize-all.json") {
        c.bench_function(
            "sessionize: Orlando Code Camp 2020 (211 KB, 99 sessions)",
            |b| b.iter(|| sessionize::parse(black_box(&orlando), &new_york)),
        );
    }
    let sched = support::fixture_text("sched.ics");
    c.bench_function("ical: fixture sched.ics", |b| {
        b.iter(|| ical::parse(black_box(&sched), &amsterdam))
    });
    let pretalx = support::fixture_text("pretalx.ics");
    c.bench_function("ical: fixture pretalx.ics", |b| {
        b.iter(|| ical::parse(black_box(&pretalx), &ImportOptions::default()))
    });
    let sessionize_all = support::fixture_text("sessionize-all.json");
    c.bench_function("sessionize: fixture sessionize-all.json", |b| {
        b.iter(|| sessionize::parse(black_box(&sessionize_all), &new_york))
    });
}

criterion_group!(benches, imports);
criterion_main!(benches);
