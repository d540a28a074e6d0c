//! The real schedule corpus: files published by conferences, kept outside the repository and read
//! at run time from `$HALLWAY_CORPUS`, else `../shared/fixtures/real` beside the manifest. Tests that
//! need it are `#[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]`
//! so a fresh clone shows them as ignored; `.ci/run` runs them with `--ignored`.
// Shared by tests/, benches/ and the screenshot example through `#[path]`: each uses a part.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The folder the corpus is read from.
pub fn corpus_dir() -> PathBuf {
    match std::env::var_os("HALLWAY_CORPUS") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/real"),
    }
}

/// The path of a corpus file, when it is there.
pub fn corpus_file(name: &str) -> Option<PathBuf> {
    let path = corpus_dir().join(name);
    path.is_file().then_some(path)
}

/// The path of a corpus file; a missing file fails the test, naming where it looked.
pub fn corpus_path(name: &str) -> PathBuf {
    corpus_file(name).unwrap_or_else(|| {
        panic!(
            "corpus file {} is missing (set HALLWAY_CORPUS to the folder of the real schedules)",
            corpus_dir().join(name).display()
        )
    })
}

/// The text of a corpus file; a missing or unreadable file fails the test, naming its path.
pub fn corpus(name: &str) -> String {
    let path = corpus_path(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("corpus file {}: {e}", path.display()))
}
