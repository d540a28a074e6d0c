//! Importing the FOSDEM 2025 schedule (frab XML, 2 MB, 943 sessions, from the corpus) and
//! opening the library's RON copy of it. The budgets, in a release build: 100 ms to
//! import, 50 ms to open. The whole `library::import` (read, parse, check, write the RON copy
//! and the index, each fsynced) is timed too, into a temporary data directory. Without the
//! corpus, only the RON copy of a generated schedule of FOSDEM's size is written and opened.

mod support;

use criterion::{Criterion, criterion_group, criterion_main};
use hallway::formats::{self, ImportOptions};
use hallway::library;
use std::hint::black_box;

fn import_and_open(c: &mut Criterion) {
    let options = ImportOptions::default();
    let fosdem = support::corpus_text(support::FOSDEM);
    if let Some(fosdem) = &fosdem {
        c.bench_function("import fosdem-2025 xml (formats::import)", |b| {
            b.iter(|| formats::import(black_box(fosdem), &options))
        });
    }
    // The copy `library::import` stores: written by formats::ron::write.
    let (schedule, used) = support::fosdem_or_generated();
    let copy = match formats::ron::write(&schedule) {
        Ok(text) => text,
        Err(e) => panic!("the schedule ({used}) cannot be written: {e}"),
    };
    c.bench_function("write fosdem-2025 ron copy (formats::ron::write)", |b| {
        b.iter(|| formats::ron::write(black_box(&schedule)))
    });
    c.bench_function("open fosdem-2025 ron copy (formats::ron::parse)", |b| {
        b.iter(|| formats::ron::parse(black_box(&copy)))
    });
    let Some(source) = support::corpus_file(support::FOSDEM) else {
        return;
    };
    let source = source.display().to_string();
    let data_dir = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(e) => panic!("no temporary directory: {e}"),
    };
    c.bench_function(
        "library::import fosdem-2025 xml (read, parse, write, fsync)",
        |b| b.iter(|| library::import(data_dir.path(), black_box(&source), &options, None)),
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = import_and_open
}
criterion_main!(benches);
