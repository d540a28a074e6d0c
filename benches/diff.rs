//! Comparing two versions of the FOSDEM 2025 schedule (943 sessions, from the corpus; a
//! generated schedule of its size when the corpus is not there) with `changes::diff`, as
//! `hallway update` does after reading the new version: unchanged, with about a quarter of the
//! sessions edited, and with every id changed (each session then found by title and speakers),
//! plus the marks merged from such a diff.

mod support;

use chrono::Duration;
use criterion::{Criterion, criterion_group, criterion_main};
use hallway::changes;
use hallway::model::{Room, Schedule, SessionId};
use std::collections::BTreeMap;
use std::hint::black_box;

/// FOSDEM with every 10th session retitled, every 10th (offset 3) moved by 30 minutes, every
/// 10th (offset 6) moved to another room, every 20th (offset 5) removed, every 20th (offset 9)
/// given a new id, and 20 sessions added.
fn edited(schedule: &Schedule) -> Schedule {
    let mut new = schedule.clone();
    for (i, session) in new.sessions.iter_mut().enumerate() {
        match i % 10 {
            0 => session.title.push_str(" (revised)"),
            3 => session.start += Duration::minutes(30),
            6 => session.room = Some(Room("Main Hall".into())),
            9 if i % 20 == 9 => session.id = SessionId(format!("{}-v2", session.id)),
            _ => {}
        }
    }
    let added: Vec<_> = new.sessions[..20]
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut s = s.clone();
            s.id = SessionId(format!("added-{i}"));
            s.title = format!("Added session {i}");
            s
        })
        .collect();
    let mut i = 0;
    new.sessions.retain(|_| {
        i += 1;
        (i - 1) % 20 != 5
    });
    new.sessions.extend(added);
    new
}

fn diff(c: &mut Criterion) {
    let (schedule, used) = support::fosdem_or_generated();
    let edited = edited(&schedule);
    let mut renamed = schedule.clone();
    for session in &mut renamed.sessions {
        session.id = SessionId(format!("{}-renamed", session.id));
    }
    let found = changes::diff(&schedule, &edited);
    eprintln!(
        "{used}: {} sessions; edited copy: {} changes, {} re-keyed",
        schedule.sessions.len(),
        found.len(),
        found.rekeyed.len()
    );
    c.bench_function("diff fosdem-2025, unchanged", |b| {
        b.iter(|| changes::diff(black_box(&schedule), black_box(&schedule)))
    });
    c.bench_function("diff fosdem-2025, edited copy", |b| {
        b.iter(|| changes::diff(black_box(&schedule), black_box(&edited)))
    });
    c.bench_function("diff fosdem-2025, every id changed", |b| {
        b.iter(|| changes::diff(black_box(&schedule), black_box(&renamed)))
    });
    c.bench_function("merge_marks fosdem-2025, edited copy", |b| {
        b.iter(|| changes::merge_marks(BTreeMap::new(), black_box(&found), black_box(&edited)))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = diff
}
criterion_main!(benches);
