//! Incremental search is one-shot search: queries typed letter by letter into the search
//! screen, edited with Backspace, Ctrl-W and Ctrl-U, give at every step exactly the hits of
//! `hallway search` for the whole line, in the same order and with the same scores. Checked by
//! property tests on generated schedules and, ignored unless the corpus is there, on the real
//! FOSDEM 2025 schedule (read at run time, never copied into the repository).

mod common;
#[allow(dead_code)]
#[path = "../benches/support/generate.rs"]
mod generate;

use chrono::{DateTime, Utc};
use hallway::app::App;
use hallway::keys::Action;
use hallway::model::Schedule;
use hallway::search::{SearchIndex, Searcher};
use proptest::prelude::*;

/// Words a user would type at these schedules: whole, half-typed, misspelt, accented, capital.
const WORDS: &[&str] = &[
    "kubernetes",
    "kuberentes",
    "rust",
    "postgres",
    "postgresql",
    "observability",
    "observabilty",
    "replication",
    "ebpf",
    "webassembly",
    "linux",
    "systemd",
    "SYSTEMD",
    "zoe",
    "zoë",
    "lukasz",
    "ŁUKASZ",
    "junemann",
    "bjorn",
    "poettering",
    "go",
    "#go",
    "#security",
    "@lukasz",
    "@zoe",
    "async",
    "memory",
    "safety",
    "chain",
    "a",
    "e",
    "st",
];

/// One edit of the search line.
#[derive(Debug, Clone)]
enum Edit {
    /// Types a word letter by letter, then a space when `space`.
    Word(usize, bool),
    /// Types one character.
    Char(char),
    Backspace,
    DeleteWord,
    Clear,
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        5 => (0..WORDS.len(), any::<bool>()).prop_map(|(w, space)| Edit::Word(w, space)),
        2 => prop::sample::select(&['a', 'e', 'o', 'r', 's', 't', 'n', 'K', 'ö', ' ', '@', '#'][..])
            .prop_map(Edit::Char),
        2 => Just(Edit::Backspace),
        1 => Just(Edit::DeleteWord),
        1 => Just(Edit::Clear),
    ]
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2025-02-01T09:00:00Z")
        .unwrap()
        .to_utc()
}

/// (session, score) of the one-shot search for `query`, best first.
fn one_shot(index: &SearchIndex, query: &str) -> Vec<(usize, i64)> {
    index
        .search(query, None)
        .iter()
        .map(|h| (h.session, h.score))
        .collect()
}

/// Runs the edits through the search screen of the app, checking after every key that the
/// results (once the scan is through) are the one-shot results of the line.
fn check_app(schedule: &Schedule, edits: &[Edit]) -> Result<(), TestCaseError> {
    let index = SearchIndex::new(schedule);
    let mut app = App::new(schedule.clone(), now(), chrono_tz::Europe::Brussels);
    app.update(Action::OpenSearch);
    let mut keys = Vec::new();
    for edit in edits {
        match edit {
            Edit::Word(w, space) => {
                keys.extend(WORDS[*w].chars().map(Action::SearchInput));
                if *space {
                    keys.push(Action::SearchInput(' '));
                }
            }
            Edit::Char(c) => keys.push(Action::SearchInput(*c)),
            Edit::Backspace => keys.push(Action::SearchBackspace),
            Edit::DeleteWord => keys.push(Action::SearchDeleteWord),
            Edit::Clear => keys.push(Action::SearchClear),
        }
    }
    for key in keys {
        app.update(key);
        app.continue_search(|| true);
        let query = app.search.query.clone();
        let got: Vec<(usize, i64)> = app
            .search_hits(0..app.search_len())
            .iter()
            .map(|h| (h.session, h.score))
            .collect();
        prop_assert_eq!(got, one_shot(&index, &query), "query {:?}", query);
        prop_assert_eq!(app.search_hits(0..5), index.search(&query, Some(5)));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn typing_and_editing_gives_the_one_shot_results(
        size in prop::sample::select(&[60usize, 400, 1500][..]),
        edits in prop::collection::vec(edit(), 1..12),
    ) {
        check_app(&generate::synthetic(size), &edits)?;
    }

    /// The scan spread over frames: a query set while the previous one is still half scanned
    /// narrows the candidates found so far plus the rest, and ends with the one-shot results.
    #[test]
    fn narrowing_a_half_done_scan_gives_the_one_shot_results(
        words in prop::collection::vec((0..WORDS.len(), any::<bool>()), 1..4),
        budget in 0usize..4,
    ) {
        let schedule = generate::synthetic(3000);
        let index = SearchIndex::new(&schedule);
        let mut searcher = Searcher::new(&schedule);
        let mut line = String::new();
        for (w, space) in words {
            for c in WORDS[w].chars() {
                line.push(c);
                searcher.set_query(&line);
                let mut chunks = 0;
                searcher.advance(|| { chunks += 1; chunks <= budget });
            }
            if space {
                line.push(' ');
            }
        }
        searcher.set_query(&line);
        searcher.finish();
        let got: Vec<(usize, i64)> =
            searcher.hits(0..searcher.len()).iter().map(|h| (h.session, h.score)).collect();
        prop_assert_eq!(got, one_shot(&index, &line), "query {:?}", line);
    }
}

/// The queries of issue 12 on FOSDEM 2025, typed letter by letter into the app: the app shows
/// what `hallway search` prints.
#[test]
#[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
fn on_fosdem_the_app_and_the_shell_agree() {
    let schedule = hallway::formats::parse(&common::corpus("fosdem-2025-schedule.xml")).unwrap();
    let zone = schedule.conference.time_zone;
    let mut counts = Vec::new();
    for query in [
        "poettering",
        "bjorn",
        "zoe",
        "#go",
        "rust",
        "kuberentes",
        "LLVM",
    ] {
        let (_, shell) = hallway::commands::search::search(&schedule, zone, query, None, false);
        let mut app = App::new(schedule.clone(), now(), zone);
        app.update(Action::OpenSearch);
        for c in query.chars() {
            app.update(Action::SearchInput(c));
            app.continue_search(|| true);
        }
        assert_eq!(app.search_len(), shell, "{query}");
        counts.push(format!("{query} {shell}"));
    }
    println!("FOSDEM 2025, app = shell: {}", counts.join(", "));
    // Random edits on the real schedule too.
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 24,
        ..ProptestConfig::default()
    });
    runner
        .run(&prop::collection::vec(edit(), 1..10), |edits| {
            check_app(&schedule, &edits)
        })
        .unwrap();
}
