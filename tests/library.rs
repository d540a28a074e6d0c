//! The library of imported schedules: import from files and from a URL served by the test
//! itself on 127.0.0.1, reopen offline, names, replacement, listing, most recently used,
//! resolving arguments, and failures that leave the library as it was.
//!
//! The schedules are the invented fixtures of tests/fixtures; the real files of the corpus are
//! read only by the ignored tests that check their counts.
//!
//! Every test uses its own temporary data directory, passed explicitly: nothing here reads
//! `HALLWAY_DATA_DIR` or touches the real home directory.

mod common;

use common::{Server, corpus_path, fixture, fixture_arg, response, serve, snapshot};
use hallway::commands;
use hallway::fetch::{self, FetchError, Fetched, Limits, Validators};
use hallway::formats::{self, ImportOptions};
use hallway::library::{self, LibraryError, Resolved};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One invented fixture per reader (frab XML twice: FOSDEM's and wafer's dialects).
const FIXTURES: [&str; 6] = [
    "frab-fosdem.xml",
    "frab-wafer.xml",
    "pretalx.json",
    "pretalx.ics",
    "frab.json",
    "sessionize-all.json",
];

/// The real schedules of the corpus.
const CORPUS: [&str; 6] = [
    "fosdem-2025-schedule.xml",
    "debconf23-wafer-schedule.xml",
    "good2025-pretalx-schedule.json",
    "good2025-pretalx-schedule.ics",
    "kubecon-eu-2026-sched-all.ics",
    "orlando-codecamp-2020-sessionize-all.json",
];

const PRETALX: &str = "pretalx.json";
const WAFER: &str = "frab-wafer.xml";
const FOSDEM: &str = "frab-fosdem.xml";
const SESSIONIZE: &str = "sessionize-all.json";

fn no_options() -> ImportOptions {
    ImportOptions::default()
}

fn data_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn schedule_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(library::schedules_dir(dir))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // Copies' caches come and go (src/cache.rs).
        .filter(|name| !name.ends_with(".cache"))
        .collect();
    names.sort();
    names
}

/// Imports every file (by path) into one library and checks each copy against a direct
/// load; returns the names given.
fn import_every_file(paths: &[PathBuf]) -> Vec<String> {
    let dir = data_dir();
    let mut names = Vec::new();
    for path in paths {
        let file = path.display().to_string();
        let report = library::import(dir.path(), &file, &no_options(), None)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let direct = formats::load_file(path, &no_options()).unwrap();
        assert_eq!(report.imported, direct, "{file}");
        assert!(report.path.is_file(), "{}", report.path.display());
        assert_eq!(
            report.path,
            library::schedule_path(dir.path(), &report.name)
        );
        // The import leaves the copy's cache, so its first opening does not parse the RON.
        let cache = hallway::cache::cache_path(&report.path);
        assert!(cache.is_file(), "{file}: no cache");
        let reopened = library::open(dir.path(), &report.name).unwrap();
        assert_eq!(reopened, direct.schedule, "{file} reopened");
        // Read without the abstracts, as the app does, and each read when asked.
        let (mut lazy, abstracts) = library::read_lazy(dir.path(), &report.name).unwrap();
        let abstracts = abstracts.expect("read from the cache");
        for (session, full) in lazy.sessions.iter().zip(&direct.schedule.sessions) {
            assert!(session.abstract_text.is_empty());
            let text = hallway::cache::abstract_of(Some(&abstracts), session).unwrap();
            assert_eq!(text, full.abstract_text, "{file} {}", session.id);
        }
        abstracts.fill(&mut lazy).unwrap();
        assert_eq!(lazy, direct.schedule, "{file} filled");
        // The copy is a plain RON schedule file too.
        let as_file = formats::load_file(&report.path, &no_options()).unwrap();
        assert_eq!(as_file.format, formats::Format::Ron);
        assert_eq!(as_file.schedule, direct.schedule);

        let entry = &report.entry;
        assert_eq!(entry.source, file);
        assert_eq!(entry.format, direct.format.name());
        assert_eq!(entry.sessions, direct.schedule.sessions.len());
        assert_eq!(entry.days, direct.schedule.days().len());
        assert_eq!(entry.title, direct.schedule.conference.title);
        assert_eq!((entry.etag.as_ref(), entry.zone), (None, None));
        assert!(!entry.is_url());
        names.push(report.name);
    }
    let listed: Vec<String> = library::list(dir.path())
        .unwrap()
        .into_iter()
        .map(|e| e.name)
        .collect();
    let mut distinct = names.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(listed, distinct, "imported as {names:?}");
    names
}

#[test]
fn every_fixture_imports_and_reopens_offline_identical() {
    let paths: Vec<PathBuf> = FIXTURES.iter().map(|f| fixture(f)).collect();
    let names = import_every_file(&paths);
    // Six conferences, six names, each from its conference (the pretalx ICS fixture is
    // another conference than pretalx.json, described in tests/import_ical.rs).
    let ics = formats::load_file(&fixture("pretalx.ics"), &no_options()).unwrap();
    let ics_name = library::default_name(&ics.schedule);
    assert_eq!(
        names,
        [
            "openwinter-2027",
            "bpc24",
            "harbourlight-data-summit-2025",
            ics_name.as_str(),
            "kiezhack19",
            "sessionize-40110",
        ],
        "{names:?}"
    );
    let mut distinct = names.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 6, "{names:?}");
}

#[test]
#[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
fn every_corpus_file_imports_and_reopens_offline_identical() {
    let paths: Vec<PathBuf> = CORPUS.iter().map(|f| corpus_path(f)).collect();
    let names = import_every_file(&paths);
    let mut distinct = names.clone();
    distinct.sort();
    distinct.dedup();
    // The GOOD 2025 JSON and ICS describe the same conference: at least 5 distinct names.
    assert!(distinct.len() >= 5, "{names:?}");
    assert_eq!(names[0], "fosdem-2025", "{names:?}");
}

#[test]
fn the_zone_given_is_used_and_recorded() {
    let dir = data_dir();
    let file = fixture_arg(SESSIONIZE);
    let without = library::import(dir.path(), &file, &no_options(), Some("utc")).unwrap();
    assert!(without.imported.zone_assumed);
    let summary = commands::import::import_summary(&without);
    assert!(summary.contains("1 warning:\n  - "), "{summary}");
    assert!(summary.contains("no time zone"), "{summary}");

    let options = ImportOptions {
        zone: Some(chrono_tz::America::Chicago),
    };
    let report = library::import(dir.path(), &file, &options, Some("devday")).unwrap();
    assert!(report.imported.warnings.is_empty());
    assert_eq!(report.entry.zone, Some(chrono_tz::America::Chicago));
    assert_eq!(report.entry.options().zone, options.zone);
    let reopened = library::open(dir.path(), "devday").unwrap();
    assert_eq!(reopened.conference.time_zone, chrono_tz::America::Chicago);
    let summary = commands::import::import_summary(&report);
    assert!(!summary.contains("warning"), "{summary}");

    // A source with its own zone keeps it, as when the file is opened with --tz.
    let fosdem = fixture_arg(FOSDEM);
    let report = library::import(dir.path(), &fosdem, &options, None).unwrap();
    assert_eq!(
        report.imported.schedule.conference.time_zone,
        chrono_tz::Europe::Brussels
    );
    assert_eq!(report.entry.zone, Some(chrono_tz::America::Chicago));
    assert_eq!(
        report.imported,
        formats::load_file(&fixture(FOSDEM), &no_options()).unwrap()
    );
}

/// Imports a frab XML file and checks the summary's counts against the schedule; returns the
/// summary's (sessions, days, speakers) and the text `hallway import` prints.
fn summary_of(file: &str) -> ((usize, usize, usize), String) {
    let dir = data_dir();
    let report = library::import(dir.path(), file, &no_options(), None).unwrap();
    let schedule = &report.imported.schedule;
    let s = report.summary;
    let rooms: std::collections::HashSet<_> = schedule
        .sessions
        .iter()
        .filter_map(|x| x.room.clone())
        .collect();
    let tracks: std::collections::HashSet<_> = schedule
        .sessions
        .iter()
        .filter_map(|x| x.track.clone())
        .collect();
    let speakers: std::collections::HashSet<_> = schedule
        .sessions
        .iter()
        .flat_map(|x| x.speakers.iter().map(|sp| sp.name.clone()))
        .collect();
    assert_eq!(
        (s.rooms, s.tracks, s.speakers),
        (rooms.len(), tracks.len(), speakers.len())
    );
    assert!(s.rooms > 1 && s.tracks > 1, "{s:?}");
    let text = commands::import::import_summary(&report);
    let first_lines: Vec<&str> = text.lines().take(2).collect();
    assert_eq!(
        first_lines[1],
        format!(
            "  {} sessions on {} days, {} rooms, {} tracks, {} speakers",
            s.sessions, s.days, s.rooms, s.tracks, s.speakers
        ),
        "{text}"
    );
    ((s.sessions, s.days, s.speakers), text)
}

#[test]
fn the_summary_counts_sessions_days_rooms_tracks_and_speakers() {
    let ((sessions, days, speakers), text) = summary_of(&fixture_arg(FOSDEM));
    assert_eq!((sessions, days, speakers), (62, 2, 32));
    assert!(
        text.starts_with(
            "Imported 'Open Winter 2027' (frab XML) as openwinter-2027\n  62 sessions on 2 days, "
        ),
        "{text}"
    );
    assert!(
        text.contains("  open it with: hallway openwinter-2027\n"),
        "{text}"
    );
}

#[test]
#[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
fn the_summary_counts_the_real_fosdem_schedule() {
    let path = corpus_path("fosdem-2025-schedule.xml")
        .display()
        .to_string();
    let ((sessions, days, speakers), text) = summary_of(&path);
    assert_eq!((sessions, days), (943, 2));
    assert!(speakers > 100, "{speakers}");
    assert!(
        text.starts_with(
            "Imported 'FOSDEM 2025' (frab XML) as fosdem-2025\n  943 sessions on 2 days, "
        ),
        "{text}"
    );
    assert!(
        text.contains("  open it with: hallway fosdem-2025\n"),
        "{text}"
    );
}

#[test]
fn names_are_checked_and_bad_ones_change_nothing() {
    let dir = data_dir();
    let file = fixture_arg(PRETALX);
    library::import(dir.path(), &file, &no_options(), Some("harbour")).unwrap();
    let before = snapshot(dir.path());
    for bad in [
        "",
        "../up",
        "a/b",
        "a b",
        ".hidden",
        "trail.",
        "-x",
        "con",
        "Journées",
        "x\\y",
    ] {
        let e = library::import(dir.path(), &file, &no_options(), Some(bad)).unwrap_err();
        assert!(
            matches!(e, LibraryError::InvalidName { .. }),
            "{bad:?}: {e}"
        );
        assert!(
            e.to_string().starts_with(&format!("'{bad}' cannot name")),
            "{e}"
        );
    }
    let e = library::check_name("GOOD 2025!").unwrap_err().to_string();
    assert!(e.contains("such as 'good-2025'"), "{e}");
    assert!(library::check_name(&"x".repeat(101)).is_err());
    for good in ["harbour", "GOOD_2025", "v1.2", "a-b", &"x".repeat(100)] {
        library::check_name(good).unwrap();
    }
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn default_names_come_from_the_conference() {
    let mut schedule = formats::load_file(&fixture(WAFER), &no_options())
        .unwrap()
        .schedule;
    schedule.conference.id = "Backwater Camp 24 (Lakeside)".into();
    assert_eq!(
        library::default_name(&schedule),
        "backwater-camp-24-lakeside"
    );
    schedule.conference.id = "!!!".into();
    schedule.conference.title = "Con".into();
    assert_eq!(library::default_name(&schedule), "con-schedule");
    schedule.conference.title = "".into();
    assert_eq!(library::default_name(&schedule), "schedule");
    schedule.conference.id = "word-".repeat(40);
    let name = library::default_name(&schedule);
    assert!(name.len() <= 100 && !name.ends_with('-'), "{name}");
    library::check_name(&name).unwrap();
}

#[test]
fn reimporting_a_name_replaces_it_whole() {
    let dir = data_dir();
    let first =
        library::import(dir.path(), &fixture_arg(WAFER), &no_options(), Some("conf")).unwrap();
    assert!(!first.replaced);
    let second = library::import(
        dir.path(),
        &fixture_arg(PRETALX),
        &no_options(),
        Some("conf"),
    )
    .unwrap();
    assert!(second.replaced);
    assert!(commands::import::import_summary(&second).starts_with("Updated "));
    let entries = library::list(dir.path()).unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].sessions, 21);
    assert_eq!(
        library::open(dir.path(), "conf").unwrap(),
        second.imported.schedule
    );
    // No temporary file is left behind; a name differing in case is the same schedule.
    assert_eq!(schedule_files(dir.path()), ["conf.ron"]);
    let third =
        library::import(dir.path(), &fixture_arg(WAFER), &no_options(), Some("Conf")).unwrap();
    assert!(third.replaced);
    assert_eq!(third.name, "conf");
    let names: Vec<String> = library::list(dir.path())
        .unwrap()
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert_eq!(names, ["conf"]);
    assert_eq!(schedule_files(dir.path()), ["conf.ron"]);
    assert_eq!(library::list(dir.path()).unwrap()[0].sessions, 25);
}

#[test]
fn list_records_source_counts_and_time() {
    let dir = data_dir();
    assert!(library::list(dir.path()).unwrap().is_empty());
    assert!(commands::library::library_listing(&[]).contains("hallway import"));
    let before = chrono::SubsecRound::trunc_subsecs(chrono::Utc::now(), 0);
    for (file, name) in [("pretalx.ics", "zz-ics"), (WAFER, "camp")] {
        library::import(dir.path(), &fixture_arg(file), &no_options(), Some(name)).unwrap();
    }
    let after = chrono::Utc::now();
    let entries = library::list(dir.path()).unwrap();
    let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["camp", "zz-ics"]);
    let ics = &entries[1];
    let direct = formats::load_file(&fixture("pretalx.ics"), &no_options()).unwrap();
    let count = direct.schedule.sessions.len();
    assert!(count > 10, "{count}");
    assert_eq!(ics.sessions, count);
    assert_eq!(ics.format, "iCalendar");
    assert_eq!(ics.source, fixture_arg("pretalx.ics"));
    assert!(before <= ics.imported_at && ics.imported_at <= after);
    let text = commands::library::library_listing(&entries);
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.starts_with("camp  "), "{text}");
    assert!(text.contains(&format!("{count} sessions")), "{text}");
}

#[test]
fn a_relative_path_is_recorded_absolute() {
    let dir = data_dir();
    // Tests run in the package's folder.
    let report = library::import(
        dir.path(),
        "tests/fixtures/pretalx.json",
        &no_options(),
        None,
    )
    .unwrap();
    assert!(Path::new(&report.entry.source).is_absolute());
    assert!(report.entry.source.ends_with("tests/fixtures/pretalx.json"));
}

#[test]
fn the_most_recently_used_is_remembered() {
    let dir = data_dir();
    assert_eq!(library::most_recent(dir.path()).unwrap(), None);
    let json = fixture_arg(PRETALX);
    let xml = fixture_arg(WAFER);
    library::import(dir.path(), &json, &no_options(), Some("harbour")).unwrap();
    library::import(dir.path(), &xml, &no_options(), Some("camp")).unwrap();
    assert_eq!(
        library::most_recent(dir.path()).unwrap().as_deref(),
        Some("camp")
    );
    library::open(dir.path(), "harbour").unwrap();
    assert_eq!(
        library::most_recent(dir.path()).unwrap().as_deref(),
        Some("harbour")
    );
    // Opening by another letter case records the name as the index spells it.
    library::open(dir.path(), "CAMP").unwrap();
    assert_eq!(
        library::most_recent(dir.path()).unwrap().as_deref(),
        Some("camp")
    );
}

#[test]
fn arguments_resolve_to_a_file_a_name_or_a_clear_error() {
    let dir = data_dir();
    let e = library::resolve(dir.path(), "fosdem")
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "'fosdem' is neither a schedule file nor a schedule in the library; the library is \
         empty (add schedules with `hallway import PATH|URL`)"
    );
    let json = fixture_arg(PRETALX);
    library::import(dir.path(), &json, &no_options(), Some("harbour")).unwrap();
    library::import(dir.path(), &fixture_arg(WAFER), &no_options(), Some("camp")).unwrap();
    assert_eq!(
        library::resolve(dir.path(), &json).unwrap(),
        Resolved::File(PathBuf::from(&json))
    );
    assert_eq!(
        library::resolve(dir.path(), "harbour").unwrap(),
        Resolved::Library("harbour".into())
    );
    assert_eq!(
        library::resolve(dir.path(), "Harbour").unwrap(),
        Resolved::Library("harbour".into())
    );
    // A path that exists wins over a library name.
    let work = tempfile::tempdir().unwrap();
    let shadow = work.path().join("harbour");
    std::fs::copy(fixture(WAFER), &shadow).unwrap();
    let shadow_arg = shadow.display().to_string();
    assert_eq!(
        library::resolve(dir.path(), &shadow_arg).unwrap(),
        Resolved::File(shadow.clone())
    );
    let e = library::resolve(dir.path(), "fosdem").unwrap_err();
    assert!(matches!(e, LibraryError::Unresolved { .. }));
    assert_eq!(
        e.to_string(),
        "'fosdem' is neither a schedule file nor a schedule in the library; the library has: \
         camp, harbour"
    );
    let e = library::resolve(dir.path(), "https://example.org/s.xml")
        .unwrap_err()
        .to_string();
    assert!(e.ends_with("use `hallway import URL`"), "{e}");
    let e = library::open(dir.path(), "nope").unwrap_err().to_string();
    assert_eq!(
        e,
        "no schedule named 'nope' in the library; the library has: camp, harbour"
    );
}

#[test]
fn a_broken_file_is_refused_by_name_and_changes_nothing() {
    let dir = data_dir();
    library::import(
        dir.path(),
        &fixture_arg(PRETALX),
        &no_options(),
        Some("harbour"),
    )
    .unwrap();
    let before = snapshot(dir.path());
    let work = tempfile::tempdir().unwrap();
    let fosdem = std::fs::read(fixture(FOSDEM)).unwrap();
    let truncated = work.path().join("truncated.xml");
    std::fs::write(&truncated, &fosdem[..fosdem.len() / 2]).unwrap();
    let garbage = work.path().join("garbage.bin");
    std::fs::write(&garbage, [0u8, 159, 146, 150, 255, 0, 1, 2]).unwrap();
    let empty = work.path().join("empty.json");
    std::fs::write(&empty, "").unwrap();
    let missing = work.path().join("missing.xml");
    for (path, name) in [
        (&truncated, Some("harbour")),
        (&truncated, None),
        (&garbage, Some("harbour")),
        (&empty, None),
        (&missing, Some("harbour")),
    ] {
        let shown = path.display().to_string();
        let e = library::import(dir.path(), &shown, &no_options(), name).unwrap_err();
        let message = e.to_string();
        assert!(matches!(e, LibraryError::Load(_)), "{message}");
        assert!(message.starts_with(&format!("{shown}: ")), "{message}");
        assert_eq!(snapshot(dir.path()), before, "{message}");
    }
    let e = library::import(
        dir.path(),
        &truncated.display().to_string(),
        &no_options(),
        None,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("frab XML"), "{e}");
}

#[test]
fn a_corrupt_index_is_reported_and_never_overwritten() {
    let dir = data_dir();
    let index = dir.path().join(library::INDEX_FILE);
    std::fs::write(&index, "(version: 1, schedules: [(name: ").unwrap();
    let before = snapshot(dir.path());
    let e = library::list(dir.path()).unwrap_err().to_string();
    assert!(
        e.starts_with(&format!(
            "the library index {} is unreadable (line 1",
            index.display()
        )),
        "{e}"
    );
    let e = library::import(dir.path(), &fixture_arg(PRETALX), &no_options(), None).unwrap_err();
    assert!(matches!(e, LibraryError::Index { .. }), "{e}");
    assert!(library::most_recent(dir.path()).is_err());
    assert!(library::resolve(dir.path(), "harbour").is_err());
    // Only the lock file may have appeared.
    let mut after = snapshot(dir.path());
    after.remove(&dir.path().join("library.lock"));
    assert_eq!(after, before);

    std::fs::write(&index, "(version: 9)").unwrap();
    let e = library::list(dir.path()).unwrap_err().to_string();
    assert!(e.contains("index version 9 is not supported"), "{e}");
}

#[test]
fn a_damaged_copy_is_reported_by_path() {
    let dir = data_dir();
    let report = library::import(
        dir.path(),
        &fixture_arg(PRETALX),
        &no_options(),
        Some("harbour"),
    )
    .unwrap();
    std::fs::write(&report.path, "(version: 1, conference: (").unwrap();
    let e = library::open(dir.path(), "harbour")
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with(&format!(
            "the library's copy of 'harbour' cannot be read: {}: RON schedule: line",
            report.path.display()
        )),
        "{e}"
    );
    // It says how to get it again.
    assert!(
        e.ends_with(
            "; `hallway library --repair` imports it again from its source (or run `hallway update harbour`)"
        ),
        "{e}"
    );
}

#[test]
fn repair_imports_unreadable_copies_again_from_their_source() {
    let dir = data_dir();
    let server = schedule_server();
    let url = format!("{}/schedule.json", server.url);
    library::import(dir.path(), &url, &no_options(), Some("remote")).unwrap();
    library::import(dir.path(), &fixture_arg(WAFER), &no_options(), Some("camp")).unwrap();
    // A source that will be gone.
    let gone = dir.path().join("gone.xml");
    std::fs::copy(fixture(FOSDEM), &gone).unwrap();
    library::import(
        dir.path(),
        gone.to_str().unwrap(),
        &no_options(),
        Some("fos"),
    )
    .unwrap();
    std::fs::remove_file(&gone).unwrap();
    let good: Vec<_> = ["remote", "camp", "fos"]
        .iter()
        .map(|n| library::open(dir.path(), n).unwrap())
        .collect();

    // Nothing to repair.
    let repaired = library::repair(dir.path()).unwrap();
    assert!(repaired.reimported.is_empty() && repaired.broken.is_empty());
    assert!(commands::library::repair_summary(&repaired).contains("nothing to repair"));

    // Each copy damaged its own way: cut, nested past RON's limit, removed.
    let remote = library::schedule_path(dir.path(), "remote");
    let text = std::fs::read(&remote).unwrap();
    std::fs::write(&remote, &text[..text.len() / 2]).unwrap();
    let camp = library::schedule_path(dir.path(), "camp");
    std::fs::write(&camp, format!("(version: 1, extra: {})", "[".repeat(500))).unwrap();
    let e = library::open(dir.path(), "camp").unwrap_err().to_string();
    assert!(e.contains("nested too deeply"), "{e}");
    assert!(
        !e.contains("recursion_limit") && !e.contains("serde_stacker"),
        "{e}"
    );
    std::fs::remove_file(library::schedule_path(dir.path(), "fos")).unwrap();
    let requests_before = server.requests.lock().unwrap().len();

    let repaired = library::repair(dir.path()).unwrap();
    let names: Vec<&str> = repaired
        .reimported
        .iter()
        .map(|(n, _)| n.as_str())
        .collect();
    assert_eq!(names, ["camp", "remote"]);
    assert_eq!(repaired.broken.len(), 1, "{:?}", repaired.broken);
    let (name, why) = &repaired.broken[0];
    assert_eq!(name, "fos");
    assert!(
        why.starts_with("its copy is gone, and importing it again from "),
        "{why}"
    );
    assert!(
        why.ends_with("; run `hallway update fos` once its source can be read"),
        "{why}"
    );
    // The URL was fetched whole: its validators speak of the copy that was lost.
    let requests = server.requests.lock().unwrap();
    assert_eq!(requests.len(), requests_before + 1);
    assert!(!requests[requests_before].contains("if-none-match"));
    drop(requests);
    let summary = commands::library::repair_summary(&repaired);
    assert!(
        summary.contains(&format!(
            "Imported remote again from {url}: its copy could not be read.\n"
        )),
        "{summary}"
    );
    assert!(
        summary.contains("Could not repair fos: its copy is gone"),
        "{summary}"
    );
    assert_eq!(library::open(dir.path(), "remote").unwrap(), good[0]);
    assert_eq!(library::open(dir.path(), "camp").unwrap(), good[1]);
    // The entry whose source is gone is kept, for an update once the file is back.
    std::fs::copy(fixture(FOSDEM), &gone).unwrap();
    assert!(library::update(dir.path(), "fos").unwrap().is_some());
    assert_eq!(library::open(dir.path(), "fos").unwrap(), good[2]);

    // `hallway update` of a URL that answers "not modified" to an unreadable copy fetches it
    // whole.
    std::fs::write(&remote, "(").unwrap();
    assert!(library::update(dir.path(), "remote").unwrap().is_some());
    assert_eq!(library::open(dir.path(), "remote").unwrap(), good[0]);
    assert!(library::update(dir.path(), "remote").unwrap().is_none());

    // A damaged copy with no source (the index was rebuilt) says to import it again.
    std::fs::remove_file(dir.path().join(library::INDEX_FILE)).unwrap();
    library::repair(dir.path()).unwrap();
    std::fs::write(&camp, "(").unwrap();
    let repaired = library::repair(dir.path()).unwrap();
    assert_eq!(repaired.broken.len(), 1);
    assert!(
        repaired.broken[0]
            .1
            .ends_with("its source is unknown; import it again from its URL or file: hallway import SOURCE --name camp"),
        "{:?}",
        repaired.broken
    );
}

#[test]
fn ron_errors_never_tell_users_to_raise_the_recursion_limit() {
    // An unknown field is skipped as a whole, nesting and all.
    let deep = format!("(version: 1, extra: {})", "[".repeat(500));
    let bad =
        |message: &str| message.contains("recursion_limit") || message.contains("serde_stacker");
    let e = formats::ron::parse(&deep).unwrap_err().to_string();
    assert!(e.contains("nested too deeply") && !bad(&e), "{e}");
    let dir = data_dir();
    std::fs::write(dir.path().join(library::INDEX_FILE), &deep).unwrap();
    let e = library::list(dir.path()).unwrap_err().to_string();
    assert!(e.contains("nested too deeply") && !bad(&e), "{e}");
    let favourites = library::favourites_path(dir.path(), "deep");
    std::fs::create_dir_all(favourites.parent().unwrap()).unwrap();
    std::fs::write(&favourites, &deep).unwrap();
    let (_, outcome) = hallway::favourites::Favourites::load(dir.path(), "deep").unwrap();
    let message = outcome.message().unwrap();
    assert!(
        message.contains("nested too deeply") && !bad(&message),
        "{message}"
    );
}

const ETAG: &str = "\"harbour-v1\"";
const LAST_MODIFIED: &str = "Wed, 08 Oct 2025 10:00:00 GMT";

/// Serves the pretalx fixture at /schedule.json, answering 304 to its own ETag.
fn schedule_server() -> Server {
    let body = std::fs::read(fixture(PRETALX)).unwrap();
    serve(move |head| {
        if !head.starts_with("get /schedule.json ") {
            return response("404 Not Found", &[], b"no such page");
        }
        if head.contains(&format!("if-none-match: {ETAG}").to_ascii_lowercase()) {
            return response("304 Not Modified", &[("ETag", ETAG)], b"");
        }
        response(
            "200 OK",
            &[
                ("Content-Type", "application/json"),
                ("ETag", ETAG),
                ("Last-Modified", LAST_MODIFIED),
            ],
            &body,
        )
    })
}

#[test]
fn a_url_imports_and_reopens_offline() {
    let dir = data_dir();
    let server = schedule_server();
    let url = format!("{}/schedule.json", server.url);
    let report = library::import(dir.path(), &url, &no_options(), None).unwrap();
    let direct = formats::load_file(&fixture(PRETALX), &no_options()).unwrap();
    assert_eq!(report.imported, direct);
    let entry = &report.entry;
    assert_eq!(entry.source, url);
    assert!(entry.is_url());
    assert_eq!(entry.etag.as_deref(), Some(ETAG));
    assert_eq!(entry.last_modified.as_deref(), Some(LAST_MODIFIED));
    assert_eq!(entry.format, "frab JSON");
    // The server is not needed to open it again.
    assert_eq!(
        library::open(dir.path(), &report.name).unwrap(),
        direct.schedule
    );
    let listed = library::list(dir.path()).unwrap();
    assert_eq!(listed, std::slice::from_ref(entry));
    assert!(commands::import::import_summary(&report).contains(&format!("  from {url}\n")));
    assert!(server.requests.lock().unwrap()[0].contains("user-agent: hallway/"));
}

#[test]
fn a_conditional_fetch_of_an_unchanged_url_gets_nothing() {
    let server = schedule_server();
    let url = format!("{}/schedule.json", server.url);
    let Fetched::Body { bytes, validators } = fetch::fetch(&url, None).unwrap() else {
        panic!("a plain fetch gets the body");
    };
    assert_eq!(bytes, std::fs::read(fixture(PRETALX)).unwrap());
    assert_eq!(
        validators,
        Validators {
            etag: Some(ETAG.into()),
            last_modified: Some(LAST_MODIFIED.into()),
        }
    );
    assert_eq!(
        fetch::fetch(&url, Some(&validators)).unwrap(),
        Fetched::Unchanged
    );
    let other = Validators {
        etag: Some("\"old\"".into()),
        last_modified: None,
    };
    assert!(matches!(
        fetch::fetch(&url, Some(&other)).unwrap(),
        Fetched::Body { .. }
    ));
    let requests = server.requests.lock().unwrap();
    assert!(!requests[0].contains("if-none-match"), "{}", requests[0]);
    assert!(
        requests[1].contains("if-none-match: \"harbour-v1\"\r\n"),
        "{}",
        requests[1]
    );
    assert!(
        requests[1].contains("if-modified-since: wed, 08 oct 2025 10:00:00 gmt\r\n"),
        "{}",
        requests[1]
    );
    assert!(
        requests[2].contains("if-none-match: \"old\"\r\n"),
        "{}",
        requests[2]
    );
    assert!(
        !requests[2].contains("if-modified-since"),
        "{}",
        requests[2]
    );
}

/// Imports `url` into a library holding one schedule and checks that it fails without
/// changing anything; returns the message.
fn failing_url_import(url: &str) -> String {
    let dir = data_dir();
    library::import(
        dir.path(),
        &fixture_arg(PRETALX),
        &no_options(),
        Some("harbour"),
    )
    .unwrap();
    let before = snapshot(dir.path());
    let e = library::import(dir.path(), url, &no_options(), Some("harbour")).unwrap_err();
    assert_eq!(snapshot(dir.path()), before, "{e}");
    let message = e.to_string();
    assert!(message.starts_with(&format!("{url}: ")), "{message}");
    message
}

#[test]
fn a_server_error_is_reported_and_changes_nothing() {
    let server = serve(|_| response("500 Internal Server Error", &[], b"oops"));
    let url = format!("{}/schedule.json", server.url);
    assert_eq!(
        failing_url_import(&url),
        format!("{url}: the server answered 500 Internal Server Error")
    );
    let schedules = schedule_server();
    let url = format!("{}/elsewhere.json", schedules.url);
    assert_eq!(
        failing_url_import(&url),
        format!("{url}: the server answered 404 Not Found")
    );
}

#[test]
fn a_closed_port_is_reported_and_changes_nothing() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{port}/schedule.json");
    let message = failing_url_import(&url);
    assert!(message.to_lowercase().contains("refused"), "{message}");
}

#[test]
fn a_url_that_is_not_a_schedule_is_reported_and_changes_nothing() {
    let server = serve(|_| response("200 OK", &[], b"<html><body>Hello</body></html>"));
    let url = format!("{}/index.html", server.url);
    let message = failing_url_import(&url);
    assert!(
        message.contains("not a schedule hallway can read"),
        "{message}"
    );
    let fosdem = std::fs::read(fixture(FOSDEM)).unwrap();
    let half = fosdem[..fosdem.len() / 2].to_vec();
    let server = serve(move |_| response("200 OK", &[], &half));
    let url = format!("{}/fosdem.xml", server.url);
    let message = failing_url_import(&url);
    assert!(message.contains("frab XML"), "{message}");
}

#[test]
fn limits_on_size_and_time() {
    let body = vec![b'x'; 10_000];
    let server = serve(move |_| response("200 OK", &[], &body));
    let small = Limits {
        max_bytes: 1_000,
        ..Limits::default()
    };
    let url = format!("{}/big", server.url);
    let e = fetch::fetch_with(&url, None, small).unwrap_err();
    assert!(matches!(e, FetchError::TooLarge { .. }), "{e}");
    assert_eq!(
        e.to_string(),
        format!("{url}: the answer is larger than 1000 bytes, more than any schedule")
    );

    // Without a Content-Length, the limit stops the body as it is read.
    let server = serve(|_| {
        let mut out = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".to_vec();
        out.extend(vec![b'x'; 10_000]);
        out
    });
    let url = format!("{}/unbounded", server.url);
    let e = fetch::fetch_with(&url, None, small).unwrap_err();
    assert!(matches!(e, FetchError::TooLarge { .. }), "{e}");

    // A server that accepts and never answers.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/slow", silent.local_addr().unwrap());
    let quick = Limits {
        timeout: Duration::from_millis(300),
        ..Limits::default()
    };
    let started = std::time::Instant::now();
    let e = fetch::fetch_with(&url, None, quick).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(matches!(e, FetchError::Timeout { .. }), "{e}");
    assert_eq!(
        e.to_string(),
        format!("{url}: no complete answer within 0.3 seconds")
    );
    drop(silent);
}

#[test]
fn a_url_without_a_zone_takes_the_one_given() {
    let body = std::fs::read(fixture(SESSIONIZE)).unwrap();
    let server = serve(move |_| response("200 OK", &[], &body));
    let url = format!("{}/all.json", server.url);
    let dir = data_dir();
    let options = ImportOptions {
        zone: Some(chrono_tz::America::Chicago),
    };
    let report = library::import(dir.path(), &url, &options, Some("devday")).unwrap();
    assert!(
        report.imported.warnings.is_empty(),
        "{:?}",
        report.imported.warnings
    );
    assert_eq!(
        library::open(dir.path(), "devday")
            .unwrap()
            .conference
            .time_zone,
        chrono_tz::America::Chicago
    );
    assert_eq!(
        (report.entry.etag, report.entry.last_modified),
        (None, None)
    );
}

#[test]
fn update_fetches_only_a_changed_schedule() {
    let version = Arc::new(Mutex::new("\"v1\"".to_string()));
    let current = Arc::clone(&version);
    let body = std::fs::read(fixture(PRETALX)).unwrap();
    let server = serve(move |head| {
        let etag = current.lock().unwrap().clone();
        if head.contains(&format!("if-none-match: {etag}\r\n")) {
            return response("304 Not Modified", &[("ETag", &etag)], b"");
        }
        response("200 OK", &[("ETag", &etag)], &body)
    });
    let url = format!("{}/schedule.json", server.url);
    let dir = data_dir();
    library::import(dir.path(), &url, &no_options(), Some("harbour")).unwrap();
    let camp = fixture_arg(WAFER);
    library::import(dir.path(), &camp, &no_options(), Some("camp")).unwrap();

    let before = snapshot(dir.path());
    assert!(library::update(dir.path(), "harbour").unwrap().is_none());
    assert_eq!(snapshot(dir.path()), before);

    *version.lock().unwrap() = "\"v2\"".into();
    let report = library::update(dir.path(), "harbour")
        .unwrap()
        .unwrap()
        .report;
    assert!(report.replaced);
    assert_eq!(report.entry.etag.as_deref(), Some("\"v2\""));
    assert_eq!(report.entry.source, url);
    assert_eq!(library::entry(dir.path(), "harbour").unwrap(), report.entry);
    assert_eq!(server.requests.lock().unwrap().len(), 3);

    let updated = library::update(dir.path(), "camp").unwrap().unwrap();
    // The same file read again: nothing changed.
    assert_eq!(updated.changes.map(|c| c.len()), Some(0));
    let report = updated.report;
    assert!(report.replaced);
    assert_eq!(report.entry.source, camp);
    // Updates do not change which schedule was used last.
    assert_eq!(
        library::most_recent(dir.path()).unwrap().as_deref(),
        Some("camp")
    );
    library::open(dir.path(), "harbour").unwrap();
    library::update(dir.path(), "camp").unwrap();
    assert_eq!(
        library::most_recent(dir.path()).unwrap().as_deref(),
        Some("harbour")
    );
    let e = library::update(dir.path(), "nope").unwrap_err();
    assert!(matches!(e, LibraryError::NotFound { .. }), "{e}");
}

#[test]
fn remove_takes_a_schedule_out_and_keeps_its_stars() {
    let dir = data_dir();
    for (file, name) in [(PRETALX, "harbour"), (WAFER, "camp")] {
        library::import(dir.path(), &fixture_arg(file), &no_options(), Some(name)).unwrap();
    }
    // Stars of the summit, and the schedule used last is it.
    let harbour = library::open(dir.path(), "harbour").unwrap();
    let (mut favourites, _) =
        hallway::favourites::Favourites::load(dir.path(), &harbour.conference.id).unwrap();
    let saved = favourites.star(&[&harbour.sessions[0]]).unwrap();
    assert!(saved.moved_aside.is_none());
    let stars_file = library::favourites_path(dir.path(), &harbour.conference.id);
    let stars_before = std::fs::read(&stars_file).unwrap();

    // An unknown name is an error that lists the names, and changes nothing.
    let before = snapshot(dir.path());
    let e = library::remove(dir.path(), "nope").unwrap_err();
    assert!(matches!(e, LibraryError::NotFound { .. }), "{e}");
    assert!(e.to_string().contains("camp, harbour"), "{e}");
    assert_eq!(snapshot(dir.path()), before);

    // A name differing in letter case is the same schedule.
    let entry = library::remove(dir.path(), "HARBOUR").unwrap();
    assert_eq!(entry.name, "harbour");
    let names: Vec<String> = library::list(dir.path())
        .unwrap()
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert_eq!(names, ["camp"]);
    assert_eq!(schedule_files(dir.path()), ["camp.ron"]);
    assert!(library::open(dir.path(), "harbour").is_err());
    // It was the one used last: now the most recently imported one is.
    assert_eq!(
        library::most_recent(dir.path()).unwrap().as_deref(),
        Some("camp")
    );
    assert_eq!(std::fs::read(&stars_file).unwrap(), stars_before);

    // Imported again, its star is there.
    library::import(
        dir.path(),
        &fixture_arg(PRETALX),
        &no_options(),
        Some("harbour"),
    )
    .unwrap();
    let (favourites, _) =
        hallway::favourites::Favourites::load(dir.path(), &harbour.conference.id).unwrap();
    assert!(favourites.is_starred(&harbour.sessions[0].id));
}

#[test]
fn repair_rebuilds_an_unreadable_index_from_the_copies_and_keeps_it() {
    let dir = data_dir();
    for (file, name) in [(PRETALX, "harbour"), (WAFER, "camp")] {
        library::import(dir.path(), &fixture_arg(file), &no_options(), Some(name)).unwrap();
    }
    // Nothing to repair in a library that agrees with itself.
    let before = snapshot(dir.path());
    let repaired = library::repair(dir.path()).unwrap();
    assert!(repaired.moved_aside.is_none() && repaired.adopted.is_empty());
    assert!(commands::library::repair_summary(&repaired).contains("nothing to repair"));
    let mut after = snapshot(dir.path());
    after.remove(&dir.path().join("library.lock"));
    let mut expected = before.clone();
    expected.remove(&dir.path().join("library.lock"));
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>()
    );

    // The index is damaged; a file that is not a copy sits among the copies.
    let index = dir.path().join(library::INDEX_FILE);
    let broken = b"(version: 1, schedules: [(name: \"go".to_vec();
    std::fs::write(&index, &broken).unwrap();
    let junk = library::schedules_dir(dir.path()).join("junk.ron");
    std::fs::write(&junk, "not a schedule").unwrap();
    let e = library::list(dir.path()).unwrap_err().to_string();
    assert!(e.contains("hallway library --repair"), "{e}");

    let repaired = library::repair(dir.path()).unwrap();
    let kept = repaired.moved_aside.clone().expect("moved aside");
    assert!(
        kept.to_string_lossy().contains("library.ron.corrupt-"),
        "{kept:?}"
    );
    assert_eq!(std::fs::read(&kept).unwrap(), broken);
    let adopted: Vec<&str> = repaired.adopted.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(adopted, ["camp", "harbour"]);
    assert_eq!(repaired.skipped.len(), 1);
    assert_eq!(repaired.skipped[0].0, junk);
    let summary = commands::library::repair_summary(&repaired);
    assert!(
        summary.contains("Added harbour (Harbourlight Data Summit 2025)"),
        "{summary}"
    );

    // Both open again, offline, with their counts; an update asks for a new import.
    let entries = library::list(dir.path()).unwrap();
    assert_eq!(entries[0].sessions, 25);
    assert_eq!(entries[1].sessions, 21);
    assert!(commands::library::library_listing(&entries).contains("from an unknown source"));
    assert_eq!(
        library::open(dir.path(), "harbour").unwrap().sessions.len(),
        21
    );
    let e = library::update(dir.path(), "harbour").unwrap_err();
    assert!(matches!(e, LibraryError::NoSource { .. }), "{e}");
    // Imported again, it has its source back.
    library::import(
        dir.path(),
        &fixture_arg(PRETALX),
        &no_options(),
        Some("harbour"),
    )
    .unwrap();
    assert!(library::update(dir.path(), "harbour").unwrap().is_some());

    // A copy removed behind hallway's back is dropped from the index.
    std::fs::remove_file(library::schedule_path(dir.path(), "camp")).unwrap();
    let repaired = library::repair(dir.path()).unwrap();
    assert_eq!(repaired.dropped, ["camp"]);
    let names: Vec<String> = library::list(dir.path())
        .unwrap()
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert_eq!(names, ["harbour"]);
}

#[test]
fn repair_refuses_an_index_from_a_newer_hallway() {
    let dir = data_dir();
    library::import(
        dir.path(),
        &fixture_arg(PRETALX),
        &no_options(),
        Some("harbour"),
    )
    .unwrap();
    let index = dir.path().join(library::INDEX_FILE);
    std::fs::write(&index, "(version: 9, schedules: [], shelves: [])").unwrap();
    let before = snapshot(dir.path());
    let e = library::repair(dir.path()).unwrap_err();
    assert!(
        matches!(e, LibraryError::NewerIndex { version: 9, .. }),
        "{e}"
    );
    let mut after = snapshot(dir.path());
    after.remove(&dir.path().join("library.lock"));
    let mut before = before;
    before.remove(&dir.path().join("library.lock"));
    assert_eq!(after, before);
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn a_gzip_answer_is_asked_for_and_decoded() {
    let dir = data_dir();
    let body = gzip(&std::fs::read(fixture(PRETALX)).unwrap());
    for encoding in ["gzip", "x-gzip", "GZIP", "identity, gzip"] {
        let body = body.clone();
        let server = serve(move |_| response("200 OK", &[("Content-Encoding", encoding)], &body));
        let url = format!("{}/schedule.json", server.url);
        let report = library::import(dir.path(), &url, &no_options(), None).unwrap();
        let direct = formats::load_file(&fixture(PRETALX), &no_options()).unwrap();
        assert_eq!(report.imported, direct, "{encoding}");
        let head = &server.requests.lock().unwrap()[0];
        assert!(head.contains("accept-encoding: gzip\r\n"), "{head}");
    }
    // Compressed twice, as the header says.
    let twice = gzip(&body);
    let server = serve(move |_| response("200 OK", &[("Content-Encoding", "gzip, gzip")], &twice));
    let url = format!("{}/schedule.json", server.url);
    assert!(library::import(dir.path(), &url, &no_options(), None).is_ok());
}

#[test]
fn a_gzip_bomb_is_refused_as_it_unpacks() {
    // 80 MiB of zeros in about 80 KB: more than the largest schedule once decompressed.
    let bomb = gzip(&vec![0u8; 80 << 20]);
    assert!(bomb.len() < 1 << 20);
    let server = serve(move |_| response("200 OK", &[("Content-Encoding", "gzip")], &bomb));
    let url = format!("{}/bomb.xml", server.url);
    let e = fetch::fetch(&url, None).unwrap_err();
    assert!(matches!(e, FetchError::TooLargeDecoded { .. }), "{e}");
    assert_eq!(
        e.to_string(),
        format!(
            "{url}: the answer decompresses to more than {} bytes, more than any schedule",
            formats::MAX_FILE_BYTES
        )
    );
    // The same cap applies whatever the limit is.
    let body = gzip(&[b'x'; 10_000]);
    let server = serve(move |_| response("200 OK", &[("Content-Encoding", "gzip")], &body));
    let small = Limits {
        max_bytes: 9_999,
        ..Limits::default()
    };
    let e = fetch::fetch_with(&format!("{}/x", server.url), None, small).unwrap_err();
    assert!(
        matches!(e, FetchError::TooLargeDecoded { limit: 9_999, .. }),
        "{e}"
    );
    let small = Limits {
        max_bytes: 10_000,
        ..Limits::default()
    };
    let Fetched::Body { bytes, .. } =
        fetch::fetch_with(&format!("{}/x", server.url), None, small).unwrap()
    else {
        panic!("not a body")
    };
    assert_eq!(bytes, [b'x'; 10_000]);
}

#[test]
fn an_encoding_hallway_cannot_read_is_named() {
    let server = serve(|_| response("200 OK", &[("Content-Encoding", "br")], b"\x1b\x00\x01"));
    let url = format!("{}/schedule.json", server.url);
    let message = failing_url_import(&url);
    assert_eq!(
        message,
        format!(
            "{url}: the server sent the schedule compressed as 'br', which hallway cannot read (it asks for gzip or none)"
        )
    );
    let server = serve(|_| {
        response(
            "200 OK",
            &[("Content-Encoding", "gzip")],
            b"not gzip at all",
        )
    });
    let url = format!("{}/schedule.json", server.url);
    let message = failing_url_import(&url);
    assert!(
        message.starts_with(&format!("{url}: the gzip-compressed answer is damaged (")),
        "{message}"
    );
    // A long coding is cut where it is quoted (a header cannot hold control characters).
    let long = "z".repeat(5_000);
    let server = serve(move |_| response("200 OK", &[("Content-Encoding", &long)], b"abc"));
    let message = failing_url_import(&format!("{}/s", server.url));
    assert!(
        message.contains(&format!("'{}…'", "z".repeat(200))),
        "{message}"
    );
}
