//! Favourites benchmarks: toggling a star, save included, with 1,000 stars; resolving them.
//!
//! The save fsyncs the file and its folder, so on a real disk the figure is mostly the disk's
//! fsync latency. The same toggle is also measured on tmpfs (`/dev/shm`, where it exists), where
//! fsync costs nothing, to show hallway's own share.

use chrono::{DateTime, Duration};
use criterion::{Criterion, criterion_group, criterion_main};
use hallway::favourites::Favourites;
use hallway::model::{
    Conference, Room, SCHEDULE_FORMAT_VERSION, Schedule, Session, Speaker, default_day_change,
};
use std::hint::black_box;
use std::io::Write;
use std::path::Path;

fn session(i: usize) -> Session {
    let start = DateTime::parse_from_rfc3339("2024-03-20T09:00:00+01:00").unwrap()
        + Duration::minutes(15 * (i % 40) as i64)
        + Duration::days((i / 40 % 4) as i64);
    Session {
        id: format!("session-{i:05}").as_str().into(),
        title: format!("A realistic session title number {i}: ideas, trade-offs and lessons"),
        subtitle: None,
        speakers: vec![
            Speaker {
                name: format!("Speaker {i}"),
                organisation: None,
            },
            Speaker {
                name: "Zoë Ölmez".into(),
                organisation: None,
            },
        ],
        start,
        end: Some(start + Duration::minutes(30)),
        room: Some(Room(format!("Room {}", i % 12))),
        track: None,
        kind: None,
        language: None,
        abstract_text: String::new(),
        links: vec![],
        origin: None,
    }
}

fn schedule(n: usize) -> Schedule {
    Schedule {
        version: SCHEDULE_FORMAT_VERSION,
        conference: Conference {
            id: "bench".into(),
            title: "Bench".into(),
            time_zone: chrono_tz::Europe::Paris,
            city: None,
            venue: None,
            url: None,
            day_change: default_day_change(),
        },
        sessions: (0..n + 1).map(session).collect(),
    }
}

/// Favourites in `dir` with the first 1,000 sessions of `schedule` starred.
fn thousand_stars(dir: &Path, schedule: &Schedule) -> Favourites {
    let (mut favourites, _) = Favourites::load(dir, "bench").unwrap();
    let first: Vec<&Session> = schedule.sessions.iter().take(1000).collect();
    let _ = favourites.star(&first).unwrap();
    assert_eq!(favourites.len(), 1000);
    favourites
}

fn toggle(c: &mut Criterion) {
    let schedule = schedule(1000);
    let extra = &schedule.sessions[1000];
    let disk = tempfile::tempdir().unwrap();
    let mut favourites = thousand_stars(disk.path(), &schedule);
    c.bench_function("toggle_star, 1000 stars, saved to disk (temp dir)", |b| {
        b.iter(|| black_box(favourites.toggle_star(extra).unwrap()))
    });
    // The floor set by the disk: the same bytes written, fsynced, renamed and the folder
    // fsynced, with nothing of hallway's around it.
    let bytes = std::fs::read(favourites.path()).unwrap();
    let folder = favourites.path().parent().unwrap().to_path_buf();
    c.bench_function(
        "disk floor: write the same file + fsync + rename + fsync folder",
        |b| {
            b.iter(|| {
                let temp = folder.join("floor.tmp");
                let mut file = std::fs::File::create(&temp).unwrap();
                file.write_all(&bytes).unwrap();
                file.sync_all().unwrap();
                std::fs::rename(&temp, folder.join("floor.ron")).unwrap();
                std::fs::File::open(&folder).unwrap().sync_all().unwrap();
            })
        },
    );
    if Path::new("/dev/shm").is_dir() {
        let shm = tempfile::tempdir_in("/dev/shm").unwrap();
        let mut favourites = thousand_stars(shm.path(), &schedule);
        c.bench_function("toggle_star, 1000 stars, saved to tmpfs (/dev/shm)", |b| {
            b.iter(|| black_box(favourites.toggle_star(extra).unwrap()))
        });
    }
    c.bench_function(
        "resolve 1000 stars against 1001 sessions, nothing changed",
        |b| b.iter(|| black_box(favourites.resolve(&schedule).unwrap())),
    );
    c.bench_function("conflicts among 1000 starred sessions", |b| {
        b.iter(|| black_box(favourites.conflicts(&schedule).len()))
    });
    c.bench_function("reload 1000 stars", |b| {
        b.iter(|| black_box(favourites.reload().unwrap()))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(std::time::Duration::from_secs(1))
        .measurement_time(std::time::Duration::from_secs(3));
    targets = toggle
}
criterion_main!(benches);
