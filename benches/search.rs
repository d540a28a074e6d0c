//! Search speed: queries typed one character at a time over synthetic schedules of 1,000,
//! 10,000 and 100,000 sessions, timing each keystroke as the search screen would spend it:
//! set the query, search, sort, and build the top 50 hits with their highlight positions.
//!
//! Run with `cargo bench --bench search -- --warm-up-time 1 --measurement-time 3`. Besides
//! criterion's means, it prints the per-keystroke distribution (median, p90, max) and, at
//! 100,000 sessions, how long input is blocked when the scan is spread over frames.

mod support;

use criterion::{BenchmarkId, Criterion, SamplingMode};
use hallway::model::Schedule;
use hallway::search::{SearchIndex, Searcher};
use std::hint::black_box;
use std::time::{Duration, Instant};

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

/// What people type: words, a surname, accents left out, `@`/`#` words, typos.
const QUERIES: [&str; 10] = [
    "kubernetes",
    "rust async",
    "zoe",
    "@lukasz",
    "#security",
    "kuberentes",
    "observabilty",
    "ebpf",
    "postgres replication",
    "junemann",
];

/// Rows the search screen shows at once.
const SHOWN: usize = 50;

/// Every prefix of every query, in typing order.
fn keystrokes() -> Vec<String> {
    QUERIES
        .iter()
        .flat_map(|q| {
            q.char_indices()
                .map(|(i, c)| q[..i + c.len_utf8()].to_string())
        })
        .collect()
}

/// One keystroke in the search screen: narrow, finish, show the top rows.
fn keystroke(searcher: &mut Searcher, query: &str) -> usize {
    searcher.set_query(query);
    searcher.finish();
    black_box(searcher.hits(0..SHOWN));
    searcher.len()
}

/// CPU time this thread has run, from Linux's schedstat (nanoseconds on CPU): on a machine
/// shared with other builds, wall time also counts the time spent waiting for a core.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

/// Runs `f`, returning its wall time, CPU time (wall time where schedstat is missing) and result.
fn timed<T>(f: impl FnOnce() -> T) -> (Duration, Duration, T) {
    let (wall, cpu) = (Instant::now(), cpu_time());
    let result = f();
    let wall = wall.elapsed();
    let cpu = match (cpu, cpu_time()) {
        (Some(before), Some(after)) => after.saturating_sub(before),
        _ => wall,
    };
    (wall, cpu, result)
}

/// "median …, p90 …, max …" of some wall times.
fn stats(times: &mut [Duration]) -> String {
    times.sort();
    format!(
        "median {:.3?}, p90 {:.3?}, max {:.3?}",
        percentile(times, 0.5),
        percentile(times, 0.9),
        times[times.len() - 1]
    )
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// Prints the per-keystroke distribution that criterion's per-iteration means hide.
fn report(schedules: &[(usize, Schedule)]) {
    let typed = keystrokes();
    println!(
        "per keystroke ({} keystrokes of {} queries, incl. sort and top {SHOWN} hits):",
        typed.len(),
        QUERIES.len()
    );
    for (n, schedule) in schedules {
        let started = Instant::now();
        let index = SearchIndex::new(schedule);
        let built = started.elapsed();
        let mut searcher = Searcher::with_index(index);
        let rounds = (2_000_000 / n).clamp(2, 50);
        if std::env::var_os("SEARCH_BENCH_VERBOSE").is_some() {
            for query in &typed {
                let (wall, _, hits) = timed(|| keystroke(&mut searcher, query));
                eprintln!("    {n} {query:?}: {wall:.3?} ({hits} hits)");
            }
        }
        let (mut wall, mut full) = (vec![], vec![]);
        let mut cpu = Duration::ZERO;
        for _ in 0..rounds {
            for query in &typed {
                let (w, c, _) = timed(|| keystroke(&mut searcher, query));
                wall.push(w);
                cpu += c;
            }
            for query in &typed {
                let (w, _, _) = timed(|| black_box(searcher.index().search(query, Some(SHOWN))));
                full.push(w);
            }
        }
        let total: Duration = wall.iter().sum();
        println!(
            "  {n:>7} sessions (index built in {built:.1?}), {} keystrokes timed",
            wall.len()
        );
        println!("    Searcher (narrowing)  {}", stats(&mut wall));
        println!("    SearchIndex::search   {}", stats(&mut full));
        // schedstat counts in scheduler ticks: meaningless per keystroke, fine in total.
        println!(
            "    CPU time / wall time over the Searcher keystrokes: {:.0}%",
            100.0 * cpu.as_secs_f64() / total.as_secs_f64()
        );
        if *n >= 100_000 {
            report_frames(&mut searcher, &typed);
        }
    }
}

/// The search screen's loop at 100,000 sessions: each keystroke, and each frame after it
/// until the search completes, runs `advance` with an 8 ms budget. Reports the longest time
/// input waited and how many frames a keystroke needed at most.
fn report_frames(searcher: &mut Searcher, typed: &[String]) {
    let budget = Duration::from_millis(8);
    let mut longest = Duration::ZERO;
    let mut most_frames = 0;
    let mut steps = Vec::new();
    for query in typed {
        searcher.set_query("");
        let mut frames = 0;
        searcher.set_query(query);
        loop {
            let t = Instant::now();
            let until = t + budget;
            let done = searcher.advance(|| Instant::now() < until);
            black_box(searcher.hits(0..SHOWN));
            let step = t.elapsed();
            steps.push(step);
            longest = longest.max(step);
            frames += 1;
            if done {
                break;
            }
        }
        most_frames = most_frames.max(frames);
    }
    steps.sort();
    println!(
        "  100000 sessions, 8 ms budget per frame, no narrowing (each query from scratch): \
         longest block {longest:.3?}, median step {:.3?}, at most {most_frames} frames per keystroke",
        percentile(&steps, 0.5)
    );
}

fn bench(c: &mut Criterion, schedules: &[(usize, Schedule)]) {
    let typed = keystrokes();
    let mut group = c.benchmark_group("search_keystroke");
    for (n, schedule) in schedules {
        group.sample_size(if *n >= 100_000 { 10 } else { 30 });
        group.sampling_mode(SamplingMode::Flat);
        let index = SearchIndex::new(schedule);
        group.bench_with_input(BenchmarkId::new("searcher", n), schedule, |b, schedule| {
            let mut searcher = Searcher::new(schedule);
            let mut next = 0;
            b.iter_custom(|iterations| {
                let started = Instant::now();
                for _ in 0..iterations {
                    black_box(keystroke(&mut searcher, &typed[next % typed.len()]));
                    next += 1;
                }
                started.elapsed()
            });
        });
        group.bench_with_input(BenchmarkId::new("full_search", n), &index, |b, index| {
            let mut next = 0;
            b.iter(|| {
                let query = &typed[next % typed.len()];
                next += 1;
                index.search(query, Some(SHOWN))
            });
        });
    }
    group.finish();
}

fn main() {
    // `cargo test --benches` runs this without `--bench`: only check that it works there.
    let benching = std::env::args().any(|a| a == "--bench");
    let sizes = if benching { &SIZES[..] } else { &SIZES[..1] };
    // The real FOSDEM 2025 schedule first (943 sessions) when the corpus is there, then the
    // synthetic sizes.
    let mut schedules: Vec<(usize, Schedule)> = support::fosdem()
        .map(|fosdem| (fosdem.sessions.len(), fosdem))
        .into_iter()
        .collect();
    schedules.extend(sizes.iter().map(|&n| (n, support::synthetic(n))));
    if benching {
        report(&schedules);
    }
    let mut criterion = Criterion::default().configure_from_args();
    bench(&mut criterion, &schedules);
    criterion.final_summary();
}
