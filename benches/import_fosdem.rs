//! Importing the FOSDEM 2025 schedule (frab XML, 2 MB, 943 sessions) and opening the library's
//! RON copy of it. The budgets, in a release build: 100 ms to import, 50 ms to open.
//! The whole `library::import` (read, parse, check, write the RON copy and the index, each
//! fsynced) is timed too, into a temporary data directory.

use criterion::{Criterion, criterion_group, criterion_main};
use hallway::formats::{self, ImportOptions};
use hallway::library;
use std::hint::black_box;

const FOSDEM: &str = include_str!("../tests/fixtures/fosdem-2025-schedule.xml");

fn import_and_open(c: &mut Criterion) {
    let options = ImportOptions::default();
    c.bench_function("import fosdem-2025 xml (formats::import)", |b| {
        b.iter(|| formats::import(black_box(FOSDEM), &options))
    });
    // The copy `library::import` stores: written by formats::ron::write.
    let schedule = match formats::import(FOSDEM, &options) {
        Ok(imported) => imported.schedule,
        Err(e) => panic!("the FOSDEM fixture does not import: {e}"),
    };
    let copy = match formats::ron::write(&schedule) {
        Ok(text) => text,
        Err(e) => panic!("the FOSDEM schedule cannot be written: {e}"),
    };
    c.bench_function("write fosdem-2025 ron copy (formats::ron::write)", |b| {
        b.iter(|| formats::ron::write(black_box(&schedule)))
    });
    c.bench_function("open fosdem-2025 ron copy (formats::ron::parse)", |b| {
        b.iter(|| formats::ron::parse(black_box(&copy)))
    });
    let data_dir = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(e) => panic!("no temporary directory: {e}"),
    };
    let source = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/fosdem-2025-schedule.xml"
    );
    c.bench_function(
        "library::import fosdem-2025 xml (read, parse, write, fsync)",
        |b| b.iter(|| library::import(data_dir.path(), black_box(source), &options, None)),
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = import_and_open
}
criterion_main!(benches);
