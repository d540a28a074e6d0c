//! What the benchmarks share: the real corpus when it is there (read at run time, never
//! copied into the repository), and the generator of large schedules.
// Each benchmark uses a part of this module.
#![allow(dead_code)]

#[path = "../../tests/common/corpus.rs"]
mod corpus;
mod generate;

// Not every benchmark uses each of these.
#[allow(unused_imports)]
pub use corpus::{corpus_dir, corpus_file};
#[allow(unused_imports)]
pub use generate::synthetic;

use hallway::model::Schedule;

/// The real FOSDEM 2025 schedule's file name in the corpus.
pub const FOSDEM: &str = "fosdem-2025-schedule.xml";

/// A corpus file's text, or `None` with a line on stderr saying the benchmark skips it.
pub fn corpus_text(name: &str) -> Option<String> {
    let Some(path) = corpus_file(name) else {
        eprintln!(
            "{name}: not in the corpus at {}: skipped (set HALLWAY_CORPUS)",
            corpus_dir().display()
        );
        return None;
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

/// The real FOSDEM 2025 schedule (943 sessions), when the corpus is there.
pub fn fosdem() -> Option<Schedule> {
    let text = corpus_text(FOSDEM)?;
    match hallway::formats::parse(&text) {
        Ok(schedule) => Some(schedule),
        Err(e) => panic!("{FOSDEM}: {e}"),
    }
}

/// FOSDEM 2025 from the corpus, else a generated schedule of its size (said on stderr), with
/// the name of what was used.
pub fn fosdem_or_generated() -> (Schedule, &'static str) {
    match fosdem() {
        Some(schedule) => (schedule, "FOSDEM 2025 (corpus)"),
        None => {
            eprintln!("using a generated schedule of 943 sessions instead of FOSDEM 2025");
            (synthetic(943), "generated, 943 sessions")
        }
    }
}

/// A file written here, in tests/fixtures/.
pub fn fixture_text(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => panic!("{}: {e}", path.display()),
    }
}
