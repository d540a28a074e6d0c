//! A deterministic generator of large schedules for the benchmarks (and for the screenshots
//! when the real corpus is not there): invented titles, accented and non-Latin speaker names,
//! tracks and 40 rooms over three days, the same on every run for a given size.

use chrono::{DateTime, Duration as Minutes};
use hallway::model::{
    Conference, Room, SCHEDULE_FORMAT_VERSION, Schedule, Session, Speaker, Track,
    default_day_change,
};

/// xorshift64*: deterministic, good enough to pick words.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const TECH: &[&str] = &[
    "Rust",
    "Kubernetes",
    "PostgreSQL",
    "eBPF",
    "WebAssembly",
    "Linux",
    "Python",
    "Go",
    "OpenTelemetry",
    "Nix",
    "RISC-V",
    "LLVM",
    "Postgres",
    "GStreamer",
    "systemd",
    "Prometheus",
    "Firefox",
    "Matrix",
    "OpenStreetMap",
    "KDE",
];
const TOPIC: &[&str] = &[
    "observability",
    "replication",
    "async runtimes",
    "supply chain security",
    "memory safety",
    "packaging",
    "accessibility",
    "continuous integration",
    "service meshes",
    "real-time audio",
    "embedded firmware",
    "distributed tracing",
    "query planning",
    "garbage collection",
    "code review",
    "community governance",
    "reproducible builds",
    "edge computing",
];
const OPENING: &[&str] = &[
    "A tour of",
    "Lessons learned from",
    "Scaling",
    "Debugging",
    "What's new in",
    "Building",
    "Securing",
    "Testing",
    "The state of",
    "Ten years of",
    "Demystifying",
    "Porting",
];
const CLOSING: &[&str] = &[
    "in production",
    "for beginners",
    "at scale",
    "without tears",
    "the hard way",
    "on a budget",
    "in 2025",
    "from scratch",
];
const FIRST: &[&str] = &[
    "Zoë",
    "Łukasz",
    "Søren",
    "François",
    "José",
    "Björn",
    "Jürgen",
    "Chloé",
    "Małgorzata",
    "Ioana",
    "Grace",
    "Ada",
    "Linus",
    "Wei",
    "Ngọc",
    "Aoife",
    "Kateřina",
    "Mehmet",
    "Priya",
    "Olúwaseun",
    "Hannah",
    "Tomás",
    "Emily",
    "Ahmed",
    "美咲",
    "Ольга",
];
const LAST: &[&str] = &[
    "Müller",
    "Jünemann",
    "Nowak",
    "Manolache",
    "Dvořák",
    "Hopper",
    "García",
    "Ødegaard",
    "Nguyễn",
    "Kowalczyk",
    "Smith",
    "Lovelace",
    "Øvrebø",
    "Yılmaz",
    "O'Brien",
    "Schäfer",
    "Fernández",
    "Lindqvist",
    "Patel",
    "Kim",
    "Straße",
    "Иванова",
];
const TRACKS: &[&str] = &[
    "Security",
    "Rust",
    "Databases",
    "Kernel",
    "Containers",
    "Web Performance",
    "Open Hardware",
    "Community",
    "Go",
    "Observability",
    "Embedded",
    "Legal and Policy",
];

/// A schedule of `n` sessions over three days in 40 rooms, the same on every run.
pub fn synthetic(n: usize) -> Schedule {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ n as u64);
    let day_one = DateTime::parse_from_rfc3339("2025-02-01T09:00:00+01:00")
        .expect("a valid RFC 3339 literal");
    let sessions = (0..n)
        .map(|i| {
            let title = match rng.below(5) {
                0 => format!(
                    "{} {} {}",
                    rng.pick(OPENING),
                    rng.pick(TECH),
                    rng.pick(CLOSING)
                ),
                1 => format!("{} with {}", rng.pick(TOPIC), rng.pick(TECH)),
                2 => format!(
                    "{} {}: {} {}",
                    rng.pick(OPENING),
                    rng.pick(TOPIC),
                    rng.pick(TECH),
                    rng.pick(CLOSING)
                ),
                3 => format!(
                    "{} and {} {}",
                    rng.pick(TECH),
                    rng.pick(TOPIC),
                    rng.pick(CLOSING)
                ),
                _ => format!("{} {}", rng.pick(OPENING), rng.pick(TOPIC)),
            };
            let speakers = (0..1 + rng.below(3) % 2 + usize::from(rng.below(8) == 0))
                .map(|_| Speaker {
                    name: format!("{} {}", rng.pick(FIRST), rng.pick(LAST)),
                    organisation: None,
                })
                .collect();
            let slot = (i / 40) as i64;
            let start =
                day_one + Minutes::days(slot % 3) + Minutes::minutes(30 * ((slot / 3) % 20));
            Session {
                id: format!("s{i}").as_str().into(),
                title,
                subtitle: None,
                speakers,
                start,
                end: Some(start + Minutes::minutes(25)),
                room: Some(Room(format!("Room {}", i % 40))),
                track: Some(Track(rng.pick(TRACKS).to_string())),
                kind: None,
                language: None,
                abstract_text: String::new(),
                links: vec![],
                origin: None,
            }
        })
        .collect();
    Schedule {
        version: SCHEDULE_FORMAT_VERSION,
        conference: Conference {
            id: "synthetic".into(),
            title: "Synthetic".into(),
            time_zone: chrono_tz::Europe::Brussels,
            city: None,
            venue: None,
            url: None,
            day_change: default_day_change(),
        },
        sessions,
    }
}
