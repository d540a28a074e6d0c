//! Several schedules as one week, end to end through the binary: a main conference (frab XML,
//! small integer ids) and its co-located events (a Sched-like iCalendar in UTC that needs
//! `--tz`), both invented (tests/fixtures/week-*). Then, on the real corpus (ignored without
//! it): two conferences opened together, and one conference split in two by room compared with
//! itself whole.

mod common;

use common::{corpus, fixture_arg};
use hallway::formats;
use hallway::model::Schedule;
use hallway::sources::{Source, combine};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

const MAIN: &str = "week-main.xml";
const COLOCATED: &str = "week-colocated.ics";

fn hallway(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hallway"))
        .env("HALLWAY_DATA_DIR", data_dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap()
}

fn ok(output: &Output) -> String {
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn objects(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The two fixtures in a fresh library, as `main` and `colo`.
fn library() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let main = fixture_arg(MAIN);
    let colo = fixture_arg(COLOCATED);
    ok(&hallway(dir.path(), &["import", &main, "--name", "main"]));
    ok(&hallway(
        dir.path(),
        &["import", &colo, "--name", "colo", "--tz", "Europe/Paris"],
    ));
    dir
}

#[test]
fn two_files_open_as_one_with_sources_and_one_listing_of_a_shared_session() {
    let dir = tempfile::tempdir().unwrap();
    let (main, colo) = (fixture_arg(MAIN), fixture_arg(COLOCATED));
    let output = hallway(
        dir.path(),
        &[
            "-s",
            &main,
            "-s",
            &colo,
            "--tz",
            "Europe/Paris",
            "list",
            "--json",
        ],
    );
    let sessions = objects(&ok(&output));
    // 6 + 4, less the opening remarks both feeds list.
    assert_eq!(sessions.len(), 9);
    assert!(
        stderr(&output).contains("1 session listed by two sources is shown once"),
        "{}",
        stderr(&output)
    );
    let remarks: Vec<&Value> = sessions
        .iter()
        .filter(|s| s["title"] == "Mesh Day: Opening Remarks")
        .collect();
    assert_eq!(remarks.len(), 1);
    assert_eq!(remarks[0]["source"], "week-main");
    assert_eq!(remarks[0]["also"][0], "week-colocated");
    // The same id in both feeds ("1", "2") stays two sessions, each with its source.
    let ids: Vec<&str> = sessions.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"week-main/1") && ids.contains(&"week-colocated/1"));
    // A title shared at the same time in another room is not merged.
    let lunches = sessions
        .iter()
        .filter(|s| s["title"] == "Lunch and Learn")
        .count();
    assert_eq!(lunches, 2);
    // The party after midnight stays on the evening's day.
    let party = sessions
        .iter()
        .find(|s| s["title"] == "Harbour Night Party")
        .unwrap();
    assert_eq!(party["day"], "2027-04-14");
    // Every line of text names its source too.
    let text = ok(&hallway(
        dir.path(),
        &["-s", &main, "-s", &colo, "--tz", "Europe/Paris", "list"],
    ));
    assert!(text.contains("[week-colocated]  Pavilion 8  eBPF Day: Probes Everywhere"));
}

#[test]
fn stars_go_to_each_source_s_own_file_and_clash_across_sources() {
    let dir = library();
    let both = ["-s", "main", "-s", "colo"];
    let run = |extra: &[&str]| hallway(dir.path(), &[&both[..], extra].concat());
    // An id both sources use must be named with its source.
    let ambiguous = run(&["star", "1"]);
    assert!(!ambiguous.status.success());
    assert!(
        stderr(&ambiguous).contains("main/1"),
        "{}",
        stderr(&ambiguous)
    );
    // "Containers at Sea Level" (main, 10:00-10:40) and "Probes Everywhere" (colo, 10:15).
    ok(&run(&["star", "main/2", "colo/c4"]));
    let favourites = dir.path().join("favourites");
    let main_file = std::fs::read_to_string(favourites.join("harbourcon-2027.ron")).unwrap();
    assert!(main_file.contains("\"2\": ("), "{main_file}");
    assert!(!main_file.contains("c4"));
    let colo_files: Vec<String> = std::fs::read_dir(&favourites)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ron") && n != "harbourcon-2027.ron")
        .collect();
    assert_eq!(colo_files.len(), 1, "{colo_files:?}");
    let colo_file = std::fs::read_to_string(favourites.join(&colo_files[0])).unwrap();
    assert!(colo_file.contains("\"c4\": ("), "{colo_file}");
    // Listed together, with their sources and the clash between them.
    let stars = ok(&run(&["stars"]));
    assert_eq!(stars.lines().count(), 2, "{stars}");
    assert!(stars.contains("[main]") && stars.contains("[colo]"));
    assert!(
        stars.contains("[clashes with: eBPF Day: Probes Everywhere]"),
        "{stars}"
    );
    let json = objects(&ok(&run(&["stars", "--json", "--source", "colo"])));
    assert_eq!(json.len(), 1);
    assert_eq!(json[0]["source"], "colo");
    assert_eq!(json[0]["conflicts"][0], "main/2");
    // Each source alone keeps its own star, under its own id.
    let alone = objects(&ok(&hallway(
        dir.path(),
        &["-s", "main", "stars", "--json"],
    )));
    assert_eq!(alone.len(), 1);
    assert_eq!(alone[0]["id"], "2");
    // Unstarring in the combined view takes it out of its own file.
    ok(&run(&["unstar", "colo/c4"]));
    let stars = ok(&run(&["stars"]));
    assert_eq!(stars.lines().count(), 1, "{stars}");
}

#[test]
fn notes_and_priorities_go_to_each_source_s_own_file_and_into_the_agenda() {
    let dir = library();
    let run = |args: &[&str]| {
        let mut all = vec!["-s", "main", "-s", "colo"];
        all.extend_from_slice(args);
        hallway(dir.path(), &all)
    };
    ok(&run(&["star", "colo/c4", "--priority", "must"]));
    ok(&run(&["note", "main/2", "ask about the ARM port"]));
    assert_eq!(ok(&run(&["note", "main/2"])), "ask about the ARM port\n");
    // Each is kept by its own source, under its own id.
    let colo_alone = objects(&ok(&hallway(
        dir.path(),
        &["-s", "colo", "stars", "--json"],
    )));
    assert_eq!(colo_alone.len(), 1);
    assert_eq!(colo_alone[0]["priority"], "must");
    assert_eq!(
        ok(&hallway(dir.path(), &["-s", "main", "note", "2"])),
        "ask about the ARM port\n"
    );
    let notes = objects(&ok(&run(&["notes", "--json"])));
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["id"], "main/2");
    let agenda = ok(&run(&["agenda", "--format", "markdown"]));
    assert!(agenda.contains("must"), "{agenda}");
    // A plan file is one conference's: among several, it names the ones to pick from.
    let refused = run(&["stars", "export"]);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("main, colo"),
        "{}",
        stderr(&refused)
    );
}

#[test]
fn a_combination_is_saved_listed_updated_reopened_and_removed() {
    let dir = library();
    let saved = ok(&hallway(dir.path(), &["combine", "week", "main", "colo"]));
    assert!(saved.contains("week = main + colo"), "{saved}");
    let listing = ok(&hallway(dir.path(), &["library"]));
    assert!(listing.contains("week  main + colo"), "{listing}");
    // Opened by name, it is what a bare hallway reopens.
    assert_eq!(
        objects(&ok(&hallway(dir.path(), &["week", "list", "--json"]))).len(),
        9
    );
    assert_eq!(
        objects(&ok(&hallway(dir.path(), &["list", "--json"]))).len(),
        9
    );
    // An update updates each of its schedules and reports each.
    let updated = ok(&hallway(dir.path(), &["update", "week"]));
    assert!(updated.contains("main: no changes"), "{updated}");
    assert!(updated.contains("colo: no changes"), "{updated}");
    // A schedule of a combination cannot be removed from under it; the combination can be.
    let refused = hallway(dir.path(), &["remove", "main"]);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("part of week"),
        "{}",
        stderr(&refused)
    );
    let removed = ok(&hallway(dir.path(), &["remove", "week"]));
    assert!(
        removed.contains("Removed the combination week"),
        "{removed}"
    );
    assert!(!ok(&hallway(dir.path(), &["library"])).contains("Combinations"));
    ok(&hallway(dir.path(), &["remove", "main"]));
    // A name is either a schedule's or a combination's.
    let taken = hallway(dir.path(), &["combine", "colo", "colo", "colo"]);
    assert!(!taken.status.success());
}

#[test]
fn schedules_named_one_by_one_are_reopened_together() {
    let dir = library();
    ok(&hallway(dir.path(), &["main", "colo", "list"]));
    let sessions = objects(&ok(&hallway(dir.path(), &["list", "--json"])));
    assert_eq!(sessions.len(), 9);
    let facets = ok(&hallway(dir.path(), &["list", "--facets"]));
    assert!(facets.starts_with("source (2 values)"), "{facets}");
    let unknown = hallway(dir.path(), &["list", "--source", "elsewhere"]);
    assert!(!unknown.status.success());
    // One schedule alone has no source facet, and its own name passes.
    ok(&hallway(dir.path(), &["main", "list"]));
    assert!(!ok(&hallway(dir.path(), &["list", "--facets"])).contains("source"));
    assert_eq!(
        ok(&hallway(dir.path(), &["list", "--source", "main"]))
            .lines()
            .count(),
        6
    );
}

#[test]
fn an_export_keeps_each_source_s_uids() {
    let dir = library();
    let alone = ok(&hallway(dir.path(), &["-s", "colo", "export"]));
    let together = ok(&hallway(
        dir.path(),
        &["-s", "main", "-s", "colo", "export"],
    ));
    let uids = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.starts_with("UID:"))
            .map(str::to_string)
            .collect()
    };
    let kept: Vec<String> = uids(&alone)
        .into_iter()
        .filter(|uid| together.contains(uid.as_str()))
        .collect();
    // All but the session the main feed lists too: it is exported once, as the main feed's.
    assert_eq!(kept.len(), 3, "{alone}");
    assert_eq!(uids(&together).len(), 9);
}

fn read(name: &str) -> Schedule {
    formats::parse(&corpus(name)).unwrap()
}

#[test]
#[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
fn two_real_conferences_open_as_one() {
    let fosdem = read("fosdem-2025-schedule.xml");
    let kubecon = read("kubecon-eu-2026-sched-all.ics");
    let (nf, nk) = (fosdem.sessions.len(), kubecon.sessions.len());
    let days: Vec<_> = fosdem
        .days()
        .iter()
        .chain(kubecon.days().iter())
        .map(|d| d.date)
        .collect();
    let combined = combine(vec![
        Source {
            label: "fosdem".into(),
            schedule: fosdem,
        },
        Source {
            label: "kubecon".into(),
            schedule: kubecon,
        },
    ]);
    assert_eq!(combined.merged, 0);
    assert_eq!(combined.schedule.sessions.len(), nf + nk);
    assert!(combined.schedule.problems().is_empty());
    let combined_days: Vec<_> = combined.schedule.days().iter().map(|d| d.date).collect();
    assert_eq!(combined_days, days);
}

#[test]
#[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
fn one_real_conference_split_by_room_is_the_same_conference() {
    let whole = read("fosdem-2025-schedule.xml");
    let mut first = whole.clone();
    let mut second = whole.clone();
    let in_first = |s: &hallway::model::Session| {
        s.room
            .as_ref()
            .is_some_and(|r| r.0.starts_with('H') || r.0.starts_with('J'))
    };
    first.sessions.retain(in_first);
    second.sessions.retain(|s| !in_first(s));
    assert!(!first.sessions.is_empty() && !second.sessions.is_empty());
    let combined = combine(vec![
        Source {
            label: "a".into(),
            schedule: first,
        },
        Source {
            label: "b".into(),
            schedule: second,
        },
    ]);
    assert_eq!(combined.merged, 0);
    let shape = |schedule: &Schedule| {
        schedule
            .days()
            .iter()
            .map(|day| {
                let mut sessions: Vec<_> = day
                    .sessions
                    .iter()
                    .map(|&i| {
                        let s = &schedule.sessions[i];
                        (s.start, s.end, s.title.clone(), s.room.clone())
                    })
                    .collect();
                sessions.sort();
                (day.date, sessions)
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(shape(&combined.schedule), shape(&whole));
}
