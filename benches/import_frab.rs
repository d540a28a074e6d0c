//! Import speed of the frab readers on the real fixtures (FOSDEM 2025: 2 MB, 943 sessions;
//! the budget is 100 ms in a release build).

use criterion::{Criterion, criterion_group, criterion_main};
use hallway::formats::{ImportOptions, frab_json, frab_xml};
use std::hint::black_box;

const FOSDEM: &str = include_str!("../tests/fixtures/fosdem-2025-schedule.xml");
const DEBCONF: &str = include_str!("../tests/fixtures/debconf23-wafer-schedule.xml");
const GOOD_JSON: &str = include_str!("../tests/fixtures/good2025-pretalx-schedule.json");

fn import(c: &mut Criterion) {
    let options = ImportOptions::default();
    c.bench_function("frab_xml fosdem-2025 (943 sessions)", |b| {
        b.iter(|| frab_xml::parse(black_box(FOSDEM), &options))
    });
    c.bench_function("frab_xml debconf23 (117 sessions)", |b| {
        b.iter(|| frab_xml::parse(black_box(DEBCONF), &options))
    });
    c.bench_function("frab_json good2025 (72 sessions)", |b| {
        b.iter(|| frab_json::parse(black_box(GOOD_JSON), &options))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = import
}
criterion_main!(benches);
