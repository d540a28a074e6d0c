//! Proof that stars are never lost: kill -9 during saves, two processes saving at once, a file
//! cut at every byte, and schedule updates. Every test works in its own temp dir and never
//! reads `HALLWAY_DATA_DIR`.
//!
//! The child processes are this test binary itself, run again with `HALLWAY_PROOF_CHILD` set,
//! which makes `child_process_helper` do the child's work instead of returning at once.

use chrono::{DateTime, Duration};
use hallway::favourites::{Favourites, LoadOutcome, Priority};
use hallway::formats;
use hallway::model::{Room, Schedule, Session, SessionId};
use std::collections::BTreeSet;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Instant;

const CHILD_ENV: &str = "HALLWAY_PROOF_CHILD";
const DIR_ENV: &str = "HALLWAY_PROOF_DIR";
const CONFERENCE: &str = "proof-conf";

fn session(id: &str) -> Session {
    let start = DateTime::parse_from_rfc3339("2024-03-20T10:00:00+01:00").unwrap();
    Session {
        id: id.into(),
        title: format!("Session {id} — «Café», naïve; test"),
        subtitle: None,
        speakers: vec![],
        start,
        end: Some(start + Duration::minutes(30)),
        room: Some(Room("Hall 1".into())),
        track: None,
        kind: None,
        language: None,
        abstract_text: String::new(),
        links: vec![],
        origin: None,
    }
}

/// A small xorshift generator: enough for random kill moments without a dependency.
struct Rng(u64);

impl Rng {
    fn seeded() -> Rng {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64;
        Rng(nanos | 1)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// The children's side. Does nothing in a normal test run.
#[test]
fn child_process_helper() {
    let Ok(mode) = std::env::var(CHILD_ENV) else {
        return;
    };
    let dir = PathBuf::from(std::env::var(DIR_ENV).unwrap());
    let mut out = std::io::stdout().lock();
    // libtest has written "test child_process_helper ... " without a line end: start afresh.
    writeln!(out).unwrap();
    let (mut favs, outcome) = Favourites::load(&dir, CONFERENCE).unwrap();
    assert!(matches!(
        outcome,
        LoadOutcome::Loaded { .. } | LoadOutcome::NoFile
    ));
    if let Some(round) = mode.strip_prefix("saver:") {
        // Star a new session, say so once the save returned; flip a scratch star in between so
        // that unstar saves are killed too. Runs until killed.
        writeln!(out, "READY").unwrap();
        out.flush().unwrap();
        let scratch = session(&format!("scratch-{round}"));
        for i in 0.. {
            let id = format!("r{round}-{i}");
            let _ = favs.star(&[&session(&id)]).unwrap();
            // A note and a priority are saved the same way: each is acknowledged with the star.
            let _ = favs
                .set_note(&session(&id), &format!("note on {id}"))
                .unwrap();
            let _ = favs
                .set_priority(&session(&id), Some(Priority::Must))
                .unwrap();
            writeln!(out, "ACK {id}").unwrap();
            out.flush().unwrap();
            let _ = favs.toggle_star(&scratch).unwrap();
        }
    } else if let Some(prefix) = mode.strip_prefix("starrer:") {
        // Wait for the signal so that both children start together, then star 300 sessions
        // one save at a time.
        let go = dir.join("go");
        while !go.exists() {
            thread::sleep(std::time::Duration::from_micros(200));
        }
        let mut saw_other = 0;
        for i in 0..300 {
            let _ = favs.star(&[&session(&format!("{prefix}-{i}"))]).unwrap();
            if i % 3 == 0 {
                let s = session(&format!("{prefix}-{i}"));
                let _ = favs.set_note(&s, &format!("note {prefix} {i}")).unwrap();
                let _ = favs.set_priority(&s, Some(Priority::Maybe)).unwrap();
            }
            if favs.len() > i + 1 {
                saw_other += 1;
            }
        }
        writeln!(out, "DONE {} {saw_other}", favs.len()).unwrap();
        out.flush().unwrap();
    }
}

fn spawn_child(mode: &str, dir: &Path) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_process_helper",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, mode)
        .env(DIR_ENV, dir)
        .env_remove("HALLWAY_DATA_DIR")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Collects the child's stdout lines in the background; returns them all once it has died.
fn collect_lines(child: &mut Child) -> (Arc<Mutex<Vec<String>>>, thread::JoinHandle<()>) {
    let stdout = child.stdout.take().unwrap();
    let lines = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&lines);
    let handle = thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            sink.lock().unwrap().push(line);
        }
    });
    (lines, handle)
}

fn entries(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .map(|it| {
            it.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn kill_9_during_saves_never_breaks_the_file_nor_loses_an_acknowledged_star() {
    const ROUNDS: usize = 220;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("favourites");
    let mut rng = Rng::seeded();
    let seed = rng.0;
    // A base of 50 stars that must survive every kill.
    let (mut parent, _) = Favourites::load(dir.path(), CONFERENCE).unwrap();
    let base: Vec<Session> = (0..50).map(|i| session(&format!("base-{i}"))).collect();
    let _ = parent.star(&base.iter().collect::<Vec<_>>()).unwrap();

    let started = Instant::now();
    let (mut kills, mut unreadable) = (0, 0);
    let mut all_acked: Vec<String> = Vec::new();
    let mut lost = BTreeSet::new();
    let (mut kills_after_acks, mut temp_files_left) = (0, 0);
    for round in 0..ROUNDS {
        let mut child = spawn_child(&format!("saver:{round}"), dir.path());
        let (lines, reader) = collect_lines(&mut child);
        if round % 10 == 9 {
            // Now and then, kill while the child is still starting or loading.
            thread::sleep(std::time::Duration::from_micros(rng.below(8_000)));
        } else {
            // Wait for the child to be ready and to have acknowledged 0 to 3 saves, whatever
            // the machine's speed, then kill it at a random moment of the saves that follow
            // (a save takes from about 1 ms on tmpfs to tens of ms with a slow fsync).
            let acks_wanted = rng.below(4) as usize;
            let wait = Instant::now();
            let ready = |lines: &[String]| {
                lines.iter().any(|l| l.ends_with("READY"))
                    && lines.iter().filter(|l| l.starts_with("ACK ")).count() >= acks_wanted
            };
            while !ready(&lines.lock().unwrap())
                && wait.elapsed() < std::time::Duration::from_secs(10)
            {
                thread::sleep(std::time::Duration::from_micros(100));
            }
            thread::sleep(std::time::Duration::from_micros(rng.below(40_000)));
        }
        child.kill().unwrap(); // SIGKILL on unix
        child.wait().unwrap();
        kills += 1;
        reader.join().unwrap();
        let acked: Vec<String> = lines
            .lock()
            .unwrap()
            .iter()
            .filter_map(|l| l.strip_prefix("ACK ").map(str::to_string))
            .collect();
        if !acked.is_empty() {
            kills_after_acks += 1;
        }
        let names = entries(&folder);
        temp_files_left += names.iter().filter(|n| n.contains(".tmp")).count();

        let (check, outcome) = Favourites::load(dir.path(), CONFERENCE).unwrap();
        if !matches!(outcome, LoadOutcome::Loaded { .. }) {
            unreadable += 1;
            eprintln!("round {round}: {outcome:?}");
        }
        assert!(
            !entries(&folder).iter().any(|n| n.contains(".corrupt-")),
            "round {round}: a file was moved aside"
        );
        // Every star acknowledged so far, in this round or any before, must be there.
        all_acked.extend(acked);
        for id in all_acked.iter().chain(base.iter().map(|s| &s.id.0)) {
            if !check.is_starred(&SessionId(id.clone())) {
                lost.insert(id.clone());
                eprintln!("round {round}: acknowledged star {id} lost");
            }
        }
        for id in &all_acked {
            let id = SessionId(id.clone());
            let note = check.note(&id).map(|n| n.text.clone());
            if note != Some(format!("note on {}", id.0))
                || check.priority(&id) != Some(Priority::Must)
            {
                lost.insert(format!("note or priority of {}", id.0));
                eprintln!(
                    "round {round}: acknowledged note or priority of {} lost",
                    id.0
                );
            }
        }
    }
    let elapsed = started.elapsed();
    eprintln!(
        "crash test (seed {seed}): {kills} SIGKILLs in {:.1} s, {kills_after_acks} after at least \
         one acknowledged save, {temp_files_left} left a half-written temp file; \
         {} acknowledged stars (+50 base), all checked after every kill: {} lost, \
         {unreadable} unreadable files; {} stars in the file at the end",
        elapsed.as_secs_f64(),
        all_acked.len(),
        lost.len(),
        Favourites::load(dir.path(), CONFERENCE).unwrap().0.len()
    );
    assert!(kills >= 200);
    assert_eq!(unreadable, 0);
    assert!(lost.is_empty(), "lost: {lost:?}");
    assert!(kills_after_acks >= 100, "too few kills landed mid-loop");
}

#[test]
fn two_processes_starring_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = spawn_child("starrer:a", dir.path());
    let mut b = spawn_child("starrer:b", dir.path());
    let (lines_a, reader_a) = collect_lines(&mut a);
    let (lines_b, reader_b) = collect_lines(&mut b);
    // Let both load, then start them together.
    thread::sleep(std::time::Duration::from_millis(300));
    let started = Instant::now();
    fs::write(dir.path().join("go"), "").unwrap();
    assert!(a.wait().unwrap().success());
    assert!(b.wait().unwrap().success());
    let elapsed = started.elapsed();
    reader_a.join().unwrap();
    reader_b.join().unwrap();
    let (favs, outcome) = Favourites::load(dir.path(), CONFERENCE).unwrap();
    assert_eq!(outcome, LoadOutcome::Loaded { stars: 600 });
    for prefix in ["a", "b"] {
        for i in 0..300 {
            let id = SessionId(format!("{prefix}-{i}"));
            assert!(favs.is_starred(&id));
            if i % 3 == 0 {
                assert_eq!(favs.note(&id).unwrap().text, format!("note {prefix} {i}"));
                assert_eq!(favs.priority(&id), Some(Priority::Maybe));
            }
        }
    }
    let done = |lines: &Arc<Mutex<Vec<String>>>| {
        lines
            .lock()
            .unwrap()
            .iter()
            .find_map(|l| l.strip_prefix("DONE ").map(str::to_string))
            .unwrap()
    };
    let (done_a, done_b) = (done(&lines_a), done(&lines_b));
    eprintln!(
        "two processes: 2 × 300 single-star saves in {:.2} s, {} stars in the file; \
         final in-memory size and saves that saw the other's stars: a {done_a}, b {done_b}",
        elapsed.as_secs_f64(),
        favs.len()
    );
    // The one that finished last has everything in memory too.
    assert!(done_a.starts_with("600 ") || done_b.starts_with("600 "));
}

#[test]
fn a_file_cut_at_any_byte_is_detected_and_kept_aside() {
    let dir = tempfile::tempdir().unwrap();
    let (mut favs, _) = Favourites::load(dir.path(), CONFERENCE).unwrap();
    let mut sessions: Vec<Session> = (0..6).map(|i| session(&format!("s-{i}"))).collect();
    sessions[1].room = None;
    sessions[2].speakers = vec![hallway::model::Speaker {
        name: "Zoë \"Z\" Ölmez".into(),
        organisation: None,
    }];
    let _ = favs.star(&sessions.iter().collect::<Vec<_>>()).unwrap();
    let path = favs.path().to_path_buf();
    let original = fs::read(&path).unwrap();
    let (_, outcome) = Favourites::load(dir.path(), CONFERENCE).unwrap();
    assert_eq!(outcome, LoadOutcome::Loaded { stars: 6 });

    let mut detected = 0;
    for cut in 0..original.len() {
        let truncated = &original[..cut];
        fs::write(&path, truncated).unwrap();
        let (mut favs, outcome) = Favourites::load(dir.path(), CONFERENCE).unwrap();
        let LoadOutcome::MovedAside(moved) = &outcome else {
            panic!(
                "cut at {cut} of {} not detected: {outcome:?}",
                original.len()
            );
        };
        detected += 1;
        assert!(outcome.message().is_some());
        assert!(favs.is_empty());
        assert!(
            !path.exists(),
            "cut at {cut}: the unreadable file is still in place"
        );
        assert_eq!(fs::read(&moved.to).unwrap(), truncated, "cut at {cut}");
        if cut % 50 == 0 {
            // Saving afterwards starts a new file and leaves the one kept aside as it was.
            let _ = favs.star(&[&sessions[0]]).unwrap();
            assert_eq!(fs::read(&moved.to).unwrap(), truncated);
            fs::remove_file(&path).unwrap();
        }
        fs::remove_file(&moved.to).unwrap();
    }
    eprintln!(
        "truncation: {detected} of {} cuts detected and kept aside byte for byte",
        original.len()
    );
    assert_eq!(detected, original.len());
}

fn bundled() -> Schedule {
    formats::ron::parse(include_str!("../assets/kubecon-eu-2024.ron")).unwrap()
}

#[test]
fn stars_follow_their_sessions_through_schedule_changes() {
    let dir = tempfile::tempdir().unwrap();
    let before = bundled();
    assert!(before.sessions.len() >= 7);
    let (mut favs, _) = Favourites::load(dir.path(), &before.conference.id).unwrap();
    let starred: Vec<&Session> = before.sessions.iter().take(7).collect();
    let _ = favs.star(&starred).unwrap();
    let ids: Vec<SessionId> = starred.iter().map(|s| s.id.clone()).collect();

    let mut after = before.clone();
    // 0: new id, title written with other case and spacing.
    after.sessions[0].id = "renamed-0".into();
    after.sessions[0].title = format!("  {}  ", after.sessions[0].title.to_uppercase());
    // 1: moved in time.
    after.sessions[1].start += Duration::hours(2);
    // 2: moved to another room.
    after.sessions[2].room = Some(Room("Room Z".into()));
    // 3: new id and moved in time and room.
    after.sessions[3].id = "renamed-3".into();
    after.sessions[3].start += Duration::days(1);
    after.sessions[3].room = Some(Room("Room Y".into()));
    // 4: new id and a new title: not recognisable.
    after.sessions[4].id = "renamed-4".into();
    after.sessions[4].title = "Something else entirely".into();
    // 5: removed. 6: unchanged.
    after.sessions.remove(5);

    let resolution = favs.resolve(&after).unwrap();
    assert_eq!(resolution.saved.moved_aside, None);
    assert_eq!(
        resolution.rekeyed,
        [
            (ids[0].clone(), SessionId::from("renamed-0")),
            (ids[3].clone(), SessionId::from("renamed-3")),
        ]
    );
    let missing: BTreeSet<&SessionId> = resolution.missing.iter().map(|(id, _)| id).collect();
    assert_eq!(missing, BTreeSet::from([&ids[4], &ids[5]]));
    assert_eq!(resolution.found, 5);
    assert_eq!(
        resolution.found + resolution.missing.len(),
        7,
        "every star kept or missing"
    );
    // Missing stars still name their session.
    let (_, gone) = &resolution
        .missing
        .iter()
        .find(|(id, _)| id == &ids[5])
        .unwrap();
    assert_eq!(gone.title, before.sessions[5].title);

    // All of it is in the file: another process sees the same.
    let (other, _) = Favourites::load(dir.path(), &before.conference.id).unwrap();
    assert_eq!(other.len(), 7);
    for id in ["renamed-0", "renamed-3"] {
        assert!(other.is_starred(&id.into()));
    }
    for id in [&ids[1], &ids[2], &ids[4], &ids[5], &ids[6]] {
        assert!(other.is_starred(id), "{id}");
    }
    // The snapshots follow the sessions' new time and room.
    assert_eq!(other.stars()[&ids[1]].start, after.sessions[1].start);
    assert_eq!(other.stars()[&ids[2]].room.as_deref(), Some("Room Z"));
    assert_eq!(favs.starred_sessions(&after).len(), 5);
    let missing_now: BTreeSet<&SessionId> =
        favs.missing(&after).into_iter().map(|(id, _)| id).collect();
    assert_eq!(missing_now, missing);

    // Resolving again changes nothing; the removed session coming back is found again.
    let again = favs.resolve(&after).unwrap();
    assert!(again.rekeyed.is_empty());
    assert_eq!(again.missing.len(), 2);
    let mut restored = after.clone();
    restored.sessions.push(before.sessions[5].clone());
    let back = favs.resolve(&restored).unwrap();
    assert_eq!(back.missing.len(), 1);
    assert_eq!(back.found, 6);
    eprintln!(
        "schedule changes: 7 stars; 2 re-keyed (id changed), 2 kept by id (time moved, room \
         moved), 1 unchanged, 2 reported missing and kept (removed, unrecognisable)"
    );
}

#[test]
fn a_moved_star_prefers_the_session_closest_in_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut schedule = bundled();
    schedule.sessions.truncate(1);
    let mut first = schedule.sessions[0].clone();
    first.id = "old".into();
    let (mut favs, _) = Favourites::load(dir.path(), "c").unwrap();
    let _ = favs.star(&[&first]).unwrap();
    // The session is now given twice under new ids (a repeat): the nearer one takes the star.
    let mut near = first.clone();
    near.id = "near".into();
    near.start += Duration::minutes(15);
    let mut far = first.clone();
    far.id = "far".into();
    far.start += Duration::days(1);
    schedule.sessions = vec![far, near];
    let resolution = favs.resolve(&schedule).unwrap();
    assert_eq!(
        resolution.rekeyed,
        [(SessionId::from("old"), SessionId::from("near"))]
    );
}
