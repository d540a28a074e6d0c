//! Import speed of the frab readers: on the real files of the corpus when it is there (FOSDEM
//! 2025: 2 MB, 943 sessions, budget 100 ms in a release build; DebConf 23; GOOD 2025 JSON),
//! and on the small fixtures written here.

mod support;

use criterion::{Criterion, criterion_group, criterion_main};
use hallway::formats::{ImportOptions, frab_json, frab_xml};
use std::hint::black_box;

fn import(c: &mut Criterion) {
    let options = ImportOptions::default();
    if let Some(fosdem) = support::corpus_text(support::FOSDEM) {
        c.bench_function("frab_xml fosdem-2025 (943 sessions)", |b| {
            b.iter(|| frab_xml::parse(black_box(&fosdem), &options))
        });
    }
    if let Some(debconf) = support::corpus_text("debconf23-wafer-schedule.xml") {
        c.bench_function("frab_xml debconf23 (117 sessions)", |b| {
            b.iter(|| frab_xml::parse(black_box(&debconf), &options))
        });
    }
    if let Some(good) = support::corpus_text("good2025-pretalx-schedule.json") {
        c.bench_function("frab_json good2025 (72 sessions)", |b| {
            b.iter(|| frab_json::parse(black_box(&good), &options))
        });
    }
    let fosdem_style = support::fixture_text("frab-fosdem.xml");
    c.bench_function("frab_xml fixture frab-fosdem.xml", |b| {
        b.iter(|| frab_xml::parse(black_box(&fosdem_style), &options))
    });
    let pretalx = support::fixture_text("pretalx.json");
    c.bench_function("frab_json fixture pretalx.json", |b| {
        b.iter(|| frab_json::parse(black_box(&pretalx), &options))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = import
}
criterion_main!(benches);
