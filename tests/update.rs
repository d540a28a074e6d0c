//! `hallway update`: a schedule (the invented tests/fixtures/pretalx.json, frab JSON) imported
//! from a copy, the copy edited (a session retitled, one moved in time, one moved to another
//! room, one removed, one added, one given a new id), then updated: the exact changes, stars
//! that follow their sessions, the marks the app shows, and updates that fail or find nothing
//! new (a 304 from a server on 127.0.0.1) leaving the data directory byte for byte as it was.

mod common;

use common::{fixture, response, serve, snapshot};
use hallway::changes::{Kind, Moved};
use hallway::commands;
use hallway::favourites::Favourites;
use hallway::formats::ImportOptions;
use hallway::library::{self, LibraryError};
use hallway::model::{Schedule, SessionId};
use hallway::update::{Outcome, UpdateReport, update_schedule};
use serde_json::{Value, json};
use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

const PRETALX: &str = "pretalx.json";
/// The library name the tests import it under.
const NAME: &str = "harbour";
/// Sat 09:00, Tern Hall: retitled.
const RETITLED: &str = "a3dcc009-892b-5a77-bdfe-f895ef2ce0af";
/// Sat 09:30, Tern Hall: moved to 09:45.
const MOVED_IN_TIME: &str = "3d7ce6d7-c73f-5af9-a150-95165d341c47";
/// Sat 10:00, Tern Hall: moved to the Quay Foyer.
const MOVED_ROOM: &str = "b32f69bc-26f4-5ea8-a52e-1f074e7843a6";
/// Sat 11:00, Tern Hall: removed.
const REMOVED: &str = "31e00da5-f203-5aa4-9ee8-b448370a5e0e";
/// Sat 11:00, Gannet Room: a new id, and moved to the Kestrel Lab.
const REKEYED: &str = "1e040fe9-6eef-5d7c-bcf1-bbf0cf6cbd25";
const REKEYED_TO: &str = "1e040fe9-6eef-5d7c-bcf1-bbf0cf6cbd25-v2";
/// Sat 11:30: not changed.
const UNCHANGED: &str = "b511bc24-8f3c-5636-93b7-5ee0b0794641";
/// Sat 16:00: added.
const ADDED: &str = "00000000-0000-4000-8000-000000000001";

const TERN: &str = "Tern Hall (Q-010)";
const GANNET: &str = "Gannet Room (Q-020)";
const KESTREL: &str = "Kestrel Lab (Q-050)";
const QUAY: &str = "Quay Foyer";
const NEW_TITLE: &str = "Opening: The State of the Harbour, revised";
const OLD_TITLE: &str = "Opening: The State of the Harbour";

fn original() -> Value {
    serde_json::from_slice(&std::fs::read(fixture(PRETALX)).unwrap()).unwrap()
}

/// Every event of a frab JSON schedule.
fn events(schedule: &mut Value) -> impl Iterator<Item = &mut Value> {
    schedule["schedule"]["conference"]["days"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .flat_map(|day| day["rooms"].as_object_mut().unwrap().values_mut())
        .flat_map(|list| list.as_array_mut().unwrap().iter_mut())
}

fn event<'a>(schedule: &'a mut Value, guid: &str) -> &'a mut Value {
    events(schedule).find(|e| e["guid"] == guid).unwrap()
}

/// Moves an event to a conference-local time on Saturday 1 November (US/Eastern, still EDT).
fn move_to(schedule: &mut Value, guid: &str, hh_mm: &str) {
    let e = event(schedule, guid);
    e["date"] = json!(format!("2025-11-01T{hh_mm}:00-04:00"));
    e["start"] = json!(hh_mm);
}

/// The original with the edits every test uses.
fn modified() -> Value {
    let mut v = original();
    event(&mut v, RETITLED)["title"] = json!(NEW_TITLE);
    move_to(&mut v, MOVED_IN_TIME, "09:45");
    event(&mut v, MOVED_ROOM)["room"] = json!(QUAY);
    let e = event(&mut v, REKEYED);
    e["guid"] = json!(REKEYED_TO);
    e["room"] = json!(KESTREL);
    let mut added = event(&mut v, UNCHANGED).clone();
    added["guid"] = json!(ADDED);
    added["id"] = json!(99_999);
    added["title"] = json!("A late addition");
    added["room"] = json!(TERN);
    added["persons"] = json!([]);
    added["date"] = json!("2025-11-01T16:00:00-04:00");
    added["start"] = json!("16:00");
    let days = v["schedule"]["conference"]["days"].as_array_mut().unwrap();
    for day in days.iter_mut() {
        for list in day["rooms"].as_object_mut().unwrap().values_mut() {
            list.as_array_mut()
                .unwrap()
                .retain(|e| e["guid"] != REMOVED);
        }
    }
    days[1]["rooms"][TERN].as_array_mut().unwrap().push(added);
    v
}

fn write_json(path: &Path, value: &Value) {
    std::fs::write(path, serde_json::to_vec_pretty(value).unwrap()).unwrap();
}

/// A data directory with the pretalx fixture imported as `NAME` from a copy of it
/// in `work`, and the sessions in `stars` starred.
struct Setup {
    data: tempfile::TempDir,
    _work: tempfile::TempDir,
    source: PathBuf,
}

fn setup(stars: &[&str]) -> Setup {
    let work = tempfile::tempdir().unwrap();
    let source = work.path().join("schedule.json");
    std::fs::copy(fixture(PRETALX), &source).unwrap();
    let data = tempfile::tempdir().unwrap();
    let report = library::import(
        data.path(),
        &source.display().to_string(),
        &ImportOptions::default(),
        Some(NAME),
    )
    .unwrap();
    star(data.path(), &report.imported.schedule, stars);
    Setup {
        data,
        _work: work,
        source,
    }
}

fn star(data: &Path, schedule: &Schedule, ids: &[&str]) {
    let (mut favourites, _) = Favourites::load(data, &schedule.conference.id).unwrap();
    let sessions: Vec<_> = ids
        .iter()
        .map(|&id| schedule.session(&id.into()).unwrap())
        .collect();
    let _ = favourites.star(&sessions).unwrap();
}

fn starred_ids(data: &Path, schedule: &Schedule) -> Vec<String> {
    let (favourites, _) = Favourites::load(data, &schedule.conference.id).unwrap();
    favourites.stars().keys().map(|id| id.0.clone()).collect()
}

fn stored(report: &UpdateReport) -> &Schedule {
    match &report.outcome {
        Outcome::Updated { schedule, .. } => schedule,
        Outcome::NotModified => panic!("{report:?}"),
    }
}

/// The changes as (label, starred, old id, new id).
fn summary(report: &UpdateReport) -> Vec<(&str, bool, Option<&str>, Option<&str>)> {
    report
        .changes()
        .iter()
        .map(|r| {
            (
                r.change.label(),
                r.starred,
                r.change.old_id.as_ref().map(|i| i.0.as_str()),
                r.change.id.as_ref().map(|i| i.0.as_str()),
            )
        })
        .collect()
}

fn described_marks(data: &Path) -> Vec<(String, String)> {
    library::marks(data, NAME)
        .unwrap()
        .into_iter()
        .map(|(id, mark)| (id.0, mark.describe()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = list
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    pairs.sort();
    pairs
}

#[test]
fn an_update_reports_each_change_starred_first_and_stars_follow() {
    let setup = setup(&[RETITLED, MOVED_IN_TIME, REMOVED, REKEYED, UNCHANGED]);
    let data = setup.data.path();
    let before = library::open(data, NAME).unwrap();
    write_json(&setup.source, &modified());

    let report = update_schedule(data, NAME, None).unwrap();
    assert_eq!(report.warnings, Vec::<String>::new());
    assert_eq!(
        summary(&report),
        [
            ("retitled", true, Some(RETITLED), Some(RETITLED)),
            ("moved", true, Some(MOVED_IN_TIME), Some(MOVED_IN_TIME)),
            // Both at 11:00: Kestrel before Tern.
            ("moved", true, Some(REKEYED), Some(REKEYED_TO)),
            ("cancelled", true, Some(REMOVED), None),
            ("moved", false, Some(MOVED_ROOM), Some(MOVED_ROOM)),
            ("new", false, None, Some(ADDED)),
        ]
    );
    let changes = report.changes();
    assert_eq!(
        changes[0].change.kind,
        Kind::Changed {
            moved: None,
            retitled_from: Some(OLD_TITLE.into())
        }
    );
    assert_eq!(changes[0].change.title, NEW_TITLE);
    let moved = |i: usize| -> &Moved {
        match &changes[i].change.kind {
            Kind::Changed {
                moved: Some(moved),
                retitled_from: None,
            } => moved,
            other => panic!("{other:?}"),
        }
    };
    assert!(moved(1).time_changed() && !moved(1).room_changed());
    assert!(!moved(2).time_changed() && moved(2).room_changed());
    assert!(!moved(4).time_changed() && moved(4).room_changed());

    // Stars followed: the re-keyed one under its new id, the cancelled one kept as missing.
    let schedule = stored(&report);
    let mut expected = vec![RETITLED, MOVED_IN_TIME, REMOVED, REKEYED_TO, UNCHANGED];
    expected.sort();
    assert_eq!(starred_ids(data, schedule), expected);
    let (mut favourites, _) = Favourites::load(data, &schedule.conference.id).unwrap();
    let resolution = favourites.resolve(schedule).unwrap();
    let missing: Vec<&str> = resolution
        .missing
        .iter()
        .map(|(id, _)| id.0.as_str())
        .collect();
    assert_eq!((resolution.found, missing), (4, vec![REMOVED]));
    assert_eq!(&library::open(data, NAME).unwrap(), schedule);
    assert_ne!(&before, schedule);

    // The marks the app shows, in the conference's zone.
    assert_eq!(
        described_marks(data),
        pairs(&[
            (RETITLED, &format!("retitled (was '{OLD_TITLE}')")),
            (MOVED_IN_TIME, &format!("moved from Sat 09:30, {TERN}")),
            (MOVED_ROOM, &format!("moved from Sat 10:00, {TERN}")),
            (REKEYED_TO, &format!("moved from Sat 11:00, {GANNET}")),
            (ADDED, "new"),
        ])
    );

    // The report as `hallway update` prints it.
    let title = |id: &str| before.session(&id.into()).unwrap().title.clone();
    let text = commands::update::update_report(&report, None, false);
    let expected = [
        "harbour: 6 changes (4 starred)".to_string(),
        format!("★ retitled  Sat 09:00 · {TERN}  {NEW_TITLE} (was '{OLD_TITLE}')"),
        format!(
            "★ moved     Sat 09:30 → 09:45 · {TERN}  {}",
            title(MOVED_IN_TIME)
        ),
        format!(
            "★ moved     Sat 11:00 · {GANNET} → {KESTREL}  {}",
            title(REKEYED)
        ),
        format!(
            "★ cancelled Sat 11:00 · {TERN}  {} (star kept as missing)",
            title(REMOVED)
        ),
        format!(
            "  moved     Sat 10:00 · {TERN} → {QUAY}  {}",
            title(MOVED_ROOM)
        ),
        format!("  new       Sat 16:00 · {TERN}  A late addition"),
    ];
    assert_eq!(text.lines().collect::<Vec<_>>(), expected, "{text}");
    // In another zone, and as JSON.
    let text = commands::update::update_report(&report, Some(chrono_tz::Europe::Paris), false);
    assert!(text.contains("Sat 14:30 → 14:45"), "{text}");
    let json: Value =
        serde_json::from_str(&commands::update::update_report(&report, None, true)).unwrap();
    assert_eq!(json["schedule"], NAME);
    assert_eq!(json["status"], "updated");
    assert_eq!(json["changes"].as_array().unwrap().len(), 6);
    assert_eq!(
        json["changes"][1],
        json!({
            "change": "moved", "starred": true, "id": MOVED_IN_TIME, "old_id": MOVED_IN_TIME,
            "title": title(MOVED_IN_TIME), "start": "2025-11-01T09:45:00-04:00", "room": TERN,
            "old_title": null, "old_start": "2025-11-01T09:30:00-04:00", "old_room": TERN,
        })
    );
}

#[test]
fn marks_merge_over_updates_until_seen() {
    let setup = setup(&[]);
    let data = setup.data.path();
    write_json(&setup.source, &modified());
    update_schedule(data, NAME, None).unwrap();
    assert_eq!(described_marks(data).len(), 5);
    library::mark_seen(data, NAME, &[RETITLED.into(), ADDED.into(), "nope".into()]).unwrap();
    let left: Vec<String> = described_marks(data)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    // In id order.
    assert_eq!(left, [REKEYED_TO, MOVED_IN_TIME, MOVED_ROOM]);

    // The same source again: no change, the marks file untouched.
    let marks_file = library::marks_path(data, NAME);
    let bytes = std::fs::read(&marks_file).unwrap();
    let report = update_schedule(data, NAME, None).unwrap();
    assert_eq!(
        commands::update::update_report(&report, None, false),
        "harbour: no changes\n"
    );
    assert_eq!(std::fs::read(&marks_file).unwrap(), bytes);

    // Another update: one moved back (its mark goes), one retitled too (its mark says both).
    let mut v = modified();
    move_to(&mut v, MOVED_IN_TIME, "09:30");
    event(&mut v, MOVED_ROOM)["title"] = json!("Tide Tables as Time Series, in the foyer");
    write_json(&setup.source, &v);
    let report = update_schedule(data, NAME, None).unwrap();
    assert_eq!(report.changes().len(), 2, "{report:?}");
    let old_title = original_title(MOVED_ROOM);
    assert_eq!(
        described_marks(data),
        pairs(&[
            (
                MOVED_ROOM,
                &format!("moved from Sat 10:00, {TERN}; retitled (was '{old_title}')")
            ),
            (REKEYED_TO, &format!("moved from Sat 11:00, {GANNET}")),
        ])
    );
    // Seeing every mark removes the file.
    library::mark_seen(data, NAME, &[MOVED_ROOM.into(), REKEYED_TO.into()]).unwrap();
    assert!(!marks_file.exists());
    assert!(library::marks(data, NAME).unwrap().is_empty());
    library::mark_seen(data, NAME, &[MOVED_ROOM.into()]).unwrap();
}

#[test]
fn an_import_under_the_same_name_starts_without_marks() {
    let setup = setup(&[]);
    let data = setup.data.path();
    write_json(&setup.source, &modified());
    update_schedule(data, NAME, None).unwrap();
    let marks_file = library::marks_path(data, NAME);
    assert!(marks_file.exists());
    let source = setup.source.display().to_string();
    library::import(data, &source, &ImportOptions::default(), Some(NAME)).unwrap();
    assert!(!marks_file.exists());
    assert!(library::marks(data, NAME).unwrap().is_empty());
}

#[test]
fn a_damaged_copy_is_replaced_without_a_change_report() {
    let setup = setup(&[]);
    let data = setup.data.path();
    let copy = library::schedule_path(data, NAME);
    std::fs::write(&copy, "(version: 1, conference: (").unwrap();
    let report = update_schedule(data, NAME, None).unwrap();
    assert!(matches!(
        report.outcome,
        Outcome::Updated { changes: None, .. }
    ));
    assert!(
        report.warnings[0].starts_with("the previous copy could not be read"),
        "{:?}",
        report.warnings
    );
    assert_eq!(
        commands::update::update_report(&report, None, false),
        "harbour: updated; what changed is not known (the previous copy could not be read)\n"
    );
    assert!(library::open(data, NAME).is_ok());
    assert!(!library::marks_path(data, NAME).exists());
}

/// The title of a session in the original fixture, as hallway reads it.
fn original_title(id: &str) -> String {
    let imported =
        hallway::formats::load_file(&fixture(PRETALX), &ImportOptions::default()).unwrap();
    imported
        .schedule
        .session(&SessionId::from(id))
        .unwrap()
        .title
        .clone()
}

#[test]
fn a_corrupt_marks_file_is_reported_by_name_and_left_alone() {
    let setup = setup(&[]);
    let data = setup.data.path();
    let marks_file = library::marks_path(data, NAME);
    assert_eq!(
        marks_file,
        library::schedules_dir(data).join("harbour.changes.ron")
    );
    std::fs::write(&marks_file, "(version: 1, marks: {\"x\": (new: tru").unwrap();
    let e = library::marks(data, NAME).unwrap_err();
    assert!(matches!(e, LibraryError::Marks { .. }), "{e}");
    let message = e.to_string();
    assert!(
        message.starts_with(&format!(
            "the change marks file {} is unreadable (line 1",
            marks_file.display()
        )),
        "{message}"
    );
    let before = snapshot(data);
    assert!(library::mark_seen(data, NAME, &["x".into()]).is_err());
    write_json(&setup.source, &modified());
    let e = update_schedule(data, NAME, None).unwrap_err().to_string();
    assert!(e.contains(&marks_file.display().to_string()), "{e}");
    assert_eq!(snapshot(data), before);
    // A newer version is not read either.
    std::fs::write(&marks_file, "(version: 2, marks: {})").unwrap();
    let e = library::marks(data, NAME).unwrap_err().to_string();
    assert!(e.contains("version 2 is not supported"), "{e}");
    // A name ending like a marks file cannot be given to a schedule.
    assert!(library::check_name("harbour.changes").is_err());
    assert!(library::check_name("changes").is_ok());
}

#[test]
fn a_broken_or_missing_source_file_changes_nothing() {
    let setup = setup(&[RETITLED]);
    let data = setup.data.path();
    write_json(&setup.source, &modified());
    update_schedule(data, NAME, None).unwrap();
    let before = snapshot(data);
    let text = serde_json::to_string(&original()).unwrap();
    std::fs::write(&setup.source, &text[..text.len() / 2]).unwrap();
    let shown = setup.source.display().to_string();
    let e = update_schedule(data, NAME, None).unwrap_err().to_string();
    assert!(e.starts_with(&format!("{shown}: ")), "{e}");
    assert_eq!(snapshot(data), before);
    std::fs::remove_file(&setup.source).unwrap();
    let e = update_schedule(data, NAME, None).unwrap_err().to_string();
    assert!(e.starts_with(&format!("{shown}: ")), "{e}");
    assert_eq!(snapshot(data), before);
}

#[test]
fn a_source_that_now_holds_another_conference_is_refused() {
    let setup = setup(&[RETITLED]);
    let data = setup.data.path();
    let before = snapshot(data);
    std::fs::copy(fixture("frab.json"), &setup.source).unwrap();
    let e = update_schedule(data, NAME, None).unwrap_err();
    assert!(matches!(e, LibraryError::OtherConference { .. }), "{e}");
    let message = e.to_string();
    assert!(message.contains("'Kiezhack Camp 2019'"), "{message}");
    assert!(
        message.contains("hallway import SOURCE --name harbour"),
        "{message}"
    );
    assert_eq!(snapshot(data), before);
}

#[test]
fn tz_on_update_names_the_zone_of_a_source_that_has_none() {
    let data = tempfile::tempdir().unwrap();
    let source = data.path().join("sessionize.json");
    std::fs::copy(fixture("sessionize-all.json"), &source).unwrap();
    let source = source.to_str().unwrap();
    let imported =
        library::import(data.path(), source, &ImportOptions::default(), Some("oc")).unwrap();
    assert!(imported.imported.zone_assumed);
    let chicago = chrono_tz::America::Chicago;
    let report = update_schedule(data.path(), "oc", Some(chicago)).unwrap();
    assert!(
        report.warnings.iter().all(|w| !w.contains("no time zone")),
        "{:?}",
        report.warnings
    );
    let stored = library::open(data.path(), "oc").unwrap();
    assert_eq!(stored.conference.time_zone, chicago);
    assert_eq!(
        library::entry(data.path(), "oc").unwrap().zone,
        Some(chicago)
    );
    // Wall-clock times read in another zone are other instants: every session moved.
    assert_eq!(report.changes().len(), stored.sessions.len());
    // The zone is remembered: the next update changes nothing.
    let again = update_schedule(data.path(), "oc", None).unwrap();
    assert!(again.changes().is_empty(), "{:?}", again.changes());
    assert_eq!(
        library::open(data.path(), "oc")
            .unwrap()
            .conference
            .time_zone,
        chicago
    );
}

/// What a `Switchable` server answers: the ETag and body it serves, or an error status.
type Answer = (String, Vec<u8>, Option<&'static str>);

/// A server whose answers the test changes.
struct Switchable {
    url: String,
    state: Arc<Mutex<Answer>>,
}

fn switchable(body: Vec<u8>) -> Switchable {
    let state = Arc::new(Mutex::new(("\"v1\"".to_string(), body, None)));
    let shared = Arc::clone(&state);
    let server = serve(move |head| {
        let (etag, body, failure) = shared.lock().unwrap().clone();
        if let Some(status) = failure {
            return response(status, &[], b"oops");
        }
        if head.contains(&format!("if-none-match: {etag}\r\n")) {
            return response("304 Not Modified", &[("ETag", &etag)], b"");
        }
        response("200 OK", &[("ETag", &etag)], &body)
    });
    Switchable {
        url: format!("{}/schedule.json", server.url),
        state,
    }
}

#[test]
fn a_304_and_a_server_error_leave_the_library_as_it_was() {
    let server = switchable(std::fs::read(fixture(PRETALX)).unwrap());
    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    let report = library::import(data, &server.url, &ImportOptions::default(), Some(NAME)).unwrap();
    star(data, &report.imported.schedule, &[REMOVED, REKEYED]);

    *server.state.lock().unwrap() = (
        "\"v2\"".into(),
        serde_json::to_vec(&modified()).unwrap(),
        None,
    );
    let report = update_schedule(data, NAME, None).unwrap();
    assert_eq!(report.changes().len(), 6);
    assert_eq!(report.changes().iter().filter(|c| c.starred).count(), 2);
    assert!(library::marks_path(data, NAME).exists());

    let before = snapshot(data);
    let report = update_schedule(data, NAME, None).unwrap();
    assert!(matches!(report.outcome, Outcome::NotModified));
    assert_eq!(
        commands::update::update_report(&report, None, false),
        "harbour: not modified (the server answered 304)\n"
    );
    assert_eq!(snapshot(data), before);

    server.state.lock().unwrap().2 = Some("500 Internal Server Error");
    let e = update_schedule(data, NAME, None).unwrap_err().to_string();
    assert_eq!(
        e,
        format!(
            "{}: the server answered 500 Internal Server Error",
            server.url
        )
    );
    assert_eq!(snapshot(data), before);
}

#[test]
fn a_server_gone_leaves_the_library_as_it_was() {
    // A server that answers one request, then closes its port.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/schedule.json", listener.local_addr().unwrap());
    let body = std::fs::read(fixture(PRETALX)).unwrap();
    let once = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        common::read_head(&stream);
        stream
            .write_all(&response("200 OK", &[("ETag", "\"v1\"")], &body))
            .unwrap();
    });
    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    library::import(data, &url, &ImportOptions::default(), Some(NAME)).unwrap();
    once.join().unwrap();
    let before = snapshot(data);
    let e = update_schedule(data, NAME, None).unwrap_err().to_string();
    assert!(e.starts_with(&format!("{url}: ")), "{e}");
    assert!(e.to_lowercase().contains("refused"), "{e}");
    assert_eq!(snapshot(data), before);
}

fn hallway(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hallway"))
        .args(args)
        .env("HALLWAY_DATA_DIR", data)
        .env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "0")
        .env_remove("RUST_LIB_BACKTRACE")
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[test]
fn the_command_prints_the_report_and_fails_clearly() {
    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    let out = hallway(data, &["update"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("the library is empty: add a schedule with `hallway import"),
        "{}",
        stderr(&out)
    );

    let work = tempfile::tempdir().unwrap();
    let source = work.path().join("schedule.json");
    std::fs::copy(fixture(PRETALX), &source).unwrap();
    let source_arg = source.display().to_string();
    let out = hallway(data, &["import", &source_arg, "--name", NAME]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = hallway(data, &["-s", NAME, "star", RETITLED, REMOVED]);
    assert!(out.status.success(), "{}", stderr(&out));

    write_json(&source, &modified());
    // Without a name: the schedule used last.
    let out = hallway(data, &["update"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 7, "{text}");
    assert_eq!(lines[0], "harbour: 6 changes (2 starred)");
    assert_eq!(
        lines[1],
        format!("★ retitled  Sat 09:00 · {TERN}  {NEW_TITLE} (was '{OLD_TITLE}')")
    );
    assert!(lines[2].starts_with("★ cancelled Sat 11:00 · "), "{text}");
    assert!(lines[2].ends_with(" (star kept as missing)"), "{text}");
    assert!(lines[3..].iter().all(|l| l.starts_with("  ")), "{text}");
    assert_eq!(stderr(&out), "");

    let out = hallway(data, &["update", NAME, "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        (&json["schedule"], &json["status"], &json["changes"]),
        (&json!(NAME), &json!("updated"), &json!([]))
    );

    // Failures: status 2, what and where, and the library unchanged.
    let before = snapshot(data);
    std::fs::remove_file(&source).unwrap();
    let out = hallway(data, &["update", NAME]);
    assert_eq!(out.status.code(), Some(2));
    let message = stderr(&out);
    assert!(
        message.contains("cannot update 'harbour', the library is unchanged: "),
        "{message}"
    );
    assert!(message.contains(&source_arg), "{message}");
    let out = hallway(data, &["update", NAME, "--json"]);
    assert_eq!(out.status.code(), Some(2));
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        (&json["schedule"], &json["status"]),
        (&json!(NAME), &json!("failed"))
    );
    assert!(
        json["error"].as_str().unwrap().contains(&source_arg),
        "{json}"
    );
    let out = hallway(data, &["update", "--all"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("1 of 1 schedules could not be updated: harbour"),
        "{}",
        stderr(&out)
    );
    let out = hallway(data, &["update", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no schedule named 'nope' in the library; the library has: harbour"),
        "{}",
        stderr(&out)
    );
    assert_eq!(snapshot(data), before);
}
