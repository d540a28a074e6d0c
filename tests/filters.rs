//! The filter flags of the shell commands (`--track`, `--room`, `--kind`, `--lang`, `--day`)
//! and `hallway list --facets`, through the built binary on the invented fixtures of
//! tests/fixtures and on a small schedule written here with the messy values real files have
//! (languages "de, en", kinds spelled three ways, empty and missing tracks, a room that is a URL
//! with quotes).
//!
//! Every run has a data directory of its own: nothing here touches the real home directory.

mod common;

use common::fixture_arg;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Command, Output};

/// hallway with its own data directory (and stars), kept for the runs of one test.
struct Hallway {
    data: tempfile::TempDir,
}

impl Hallway {
    fn new() -> Hallway {
        Hallway {
            data: tempfile::tempdir().expect("tempdir"),
        }
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_hallway"))
            .args(args)
            .env("HALLWAY_DATA_DIR", self.data.path())
            .env("HALLWAY_CONFIG", self.data.path().join("config.ron"))
            .env("NO_COLOR", "1")
            .output()
            .expect("run hallway")
    }

    /// Standard output of a run that must succeed.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "hallway {args:?} failed: {stderr}");
        String::from_utf8(out.stdout).expect("UTF-8 output")
    }

    /// Standard error of a run that must fail, having printed nothing on standard output.
    fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(!out.status.success(), "hallway {args:?} succeeded");
        assert!(out.stdout.is_empty(), "hallway {args:?} printed sessions");
        String::from_utf8(out.stderr).expect("UTF-8 errors")
    }

    /// How many sessions `hallway list` prints with these arguments.
    fn count(&self, args: &[&str]) -> usize {
        self.ok(&[&["list"], args].concat()).lines().count()
    }

    /// The ids `hallway list --json` prints with these arguments, in order.
    fn ids(&self, args: &[&str]) -> Vec<String> {
        json_lines(&self.ok(&[&["list", "--json"], args].concat()))
            .iter()
            .map(|o| o["id"].as_str().expect("id").to_string())
            .collect()
    }
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}

/// The FOSDEM-like fixture (Open Winter 2027: 62 sessions, Sat 36 and Sun 26).
fn fosdem() -> String {
    fixture_arg("frab-fosdem.xml")
}

/// A schedule with the values real files get wrong, as a file in the test's data directory.
/// Six sessions on one day:
/// a "de, en" Talk · b "de" talk · c "EN" lecture · d "en" with an empty track and no kind ·
/// e no language, no track element, in the URL room · f " " language, workshop.
fn messy(hallway: &Hallway) -> String {
    let event = |id: u32, time: &str, room: &str, track: &str, kind: &str, lang: &str| {
        format!(
            r#"      <event guid="00000000-0000-4000-8000-00000000000{id}" id="{id}">
        <date>2026-05-16T{time}:00+02:00</date>
        <start>{time}</start>
        <duration>00:30</duration>
        <room>{room}</room>
        <title>Messy session {id}</title>
        {track}{kind}{lang}<persons></persons>
      </event>
"#
        )
    };
    let url_room = "https://meet.example/r?id=7&amp;t=&quot;x&quot;";
    let events = [
        event(
            1,
            "10:00",
            "Saal Eins",
            "<track>Rust</track>",
            "<type>Talk</type>",
            "<language>de, en</language>",
        ),
        event(
            2,
            "11:00",
            "Saal Eins",
            "<track>rust</track>",
            "<type>talk</type>",
            "<language>de</language>",
        ),
        event(
            3,
            "12:00",
            "Saal Eins",
            "<track>Öffentlichkeit</track>",
            "<type>lecture</type>",
            "<language>EN</language>",
        ),
        event(
            4,
            "13:00",
            "Saal Eins",
            "<track></track>",
            "",
            "<language>en</language>",
        ),
        event(5, "14:00", url_room, "", "<type>talk</type>", ""),
        event(
            6,
            "15:00",
            "Saal Eins",
            "<track>Rust</track>",
            "<type>workshop</type>",
            "<language> </language>",
        ),
    ];
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<schedule>
  <conference>
    <acronym>messy-2026</acronym>
    <title>Messy Meetup 2026</title>
    <start>2026-05-16</start>
    <end>2026-05-16</end>
    <days>1</days>
    <time_zone_name>Europe/Berlin</time_zone_name>
  </conference>
  <day index="1" date="2026-05-16">
    <room name="all">
{}    </room>
  </day>
</schedule>
"#,
        events.concat()
    );
    let path: PathBuf = hallway.data.path().join("messy.xml");
    std::fs::write(&path, xml).expect("write the messy schedule");
    path.display().to_string()
}

#[test]
fn one_flag_keeps_the_sessions_with_that_value() {
    let h = Hallway::new();
    let s = fosdem();
    assert_eq!(h.count(&["-s", &s]), 62);
    assert_eq!(h.count(&["-s", &s, "--track", "Build Systems"]), 8);
    assert_eq!(h.count(&["-s", &s, "--room", "G.Hall"]), 9);
    assert_eq!(h.count(&["-s", &s, "--kind", "workshop"]), 3);
    assert_eq!(h.count(&["-s", &s, "--lang", "en"]), 62);
    assert_eq!(h.count(&["-s", &s, "--day", "1"]), 36);
    // What passes is printed as `list` prints it, in timeline order.
    let text = h.ok(&["list", "-s", &s, "--kind", "workshop"]);
    assert_eq!(
        text,
        "Sat 30 Jan 10:30–12:30  D.Vesalius  Workshop: Your First Contribution, Step by Step — \
         Femi Adeyemi, Clara Joosten\n\
         Sun 31 Jan 10:00–11:30  D.Vesalius  Mentoring Circle — Clara Joosten\n\
         Sun 31 Jan 14:00–14:45  D.Vesalius  Writing a Code of Conduct That Works — Femi Adeyemi, \
         Bea Castellanos\n"
    );
}

#[test]
fn a_repeated_flag_is_alternatives_and_different_flags_combine() {
    let h = Hallway::new();
    let s = fosdem();
    // OR within one flag: 8 + 8.
    assert_eq!(
        h.count(&["-s", &s, "--track", "Build Systems", "--track", "Keynotes"]),
        16
    );
    // The same value twice is still one value.
    assert_eq!(
        h.count(&["-s", &s, "--track", "keynotes", "--track", "KEYNOTES"]),
        8
    );
    // AND across flags: Build Systems has 5 sessions on Saturday and 3 on Sunday.
    assert_eq!(
        h.count(&["-s", &s, "--track", "Build Systems", "--day", "1"]),
        5
    );
    assert_eq!(
        h.count(&["-s", &s, "--track", "Build Systems", "--day", "2"]),
        3
    );
    // Both at once: (Build Systems or Security) on Sunday, devroom talks: 3 + 4.
    let args = [
        "-s",
        &s,
        "--track",
        "Build Systems",
        "--track",
        "Security",
        "--day",
        "2",
        "--kind",
        "devroom",
    ];
    assert_eq!(h.count(&args), 7);
    // A combination no session has prints nothing, and is not an error.
    assert_eq!(
        h.count(&["-s", &s, "--track", "Keynotes", "--room", "G.Hall"]),
        0
    );
}

#[test]
fn case_and_accents_are_forgiven() {
    let h = Hallway::new();
    let s = fixture_arg("sched.ics");
    let paris = ["-s", &s, "--tz", "Europe/Paris"];
    assert_eq!(
        h.count(&[&paris[..], &["--room", "Salle Rhône 1"]].concat()),
        5
    );
    assert_eq!(
        h.count(&[&paris[..], &["--room", "salle rhone 1"]].concat()),
        5
    );
    assert_eq!(
        h.count(&[&paris[..], &["--room", "AUDITORIUM LUMIERE"]].concat()),
        5
    );
    assert_eq!(h.count(&[&paris[..], &["--track", "storage"]].concat()), 4);
    assert_eq!(
        h.count(&[&paris[..], &["--track", "⚡ Flash Talks"]].concat()),
        2
    );
    assert_eq!(
        h.ids(&[&paris[..], &["--room", "salle rhone 1"]].concat()),
        h.ids(&[&paris[..], &["--room", "Salle Rhône 1"]].concat())
    );
    let fosdem = fosdem();
    assert_eq!(h.count(&["-s", &fosdem, "--kind", "LightningTalk"]), 9);
    assert_eq!(h.count(&["-s", &fosdem, "--room", "  b.1.014 "]), 8);
}

#[test]
fn a_day_is_a_number_or_a_date_and_after_midnight_belongs_to_the_evening() {
    let h = Hallway::new();
    let s = fosdem();
    let by_number = h.ids(&["-s", &s, "--day", "2"]);
    assert_eq!(by_number.len(), 26);
    assert_eq!(by_number, h.ids(&["-s", &s, "--day", "2027-01-31"]));
    assert_eq!(
        h.ok(&["list", "-s", &s, "--day", "2"]),
        h.ok(&["list", "-s", &s, "--day", "2027-01-31"])
    );
    // Saturday's day runs to 08:59 on Sunday: the 01:00 demo is Saturday's (day 1), and
    // Sunday's 00:30 debrief (on Monday's date) is day 2's.
    let saturday = json_lines(&h.ok(&["list", "--json", "-s", &s, "--day", "1"]));
    assert_eq!(saturday.len(), 36);
    assert!(saturday.iter().all(|o| o["day"] == "2027-01-30"));
    let demos = saturday
        .iter()
        .find(|o| o["title"] == "After-Midnight Demos")
        .expect("the 01:00 session on Saturday");
    assert_eq!(demos["start"], "2027-01-31T01:00:00+01:00");
    let sunday = json_lines(&h.ok(&["list", "--json", "-s", &s, "--day", "2027-01-31"]));
    assert_eq!(sunday.last().unwrap()["start"], "2027-02-01T00:30:00+01:00");
    // Both days, by number and by date.
    assert_eq!(
        h.count(&["-s", &s, "--day", "1", "--day", "2027-01-31"]),
        62
    );
    // pretalx: Saturday 1 November is day 2, with its 10 sessions.
    let pretalx = fixture_arg("pretalx.json");
    assert_eq!(h.count(&["-s", &pretalx, "--day", "2"]), 10);
    assert_eq!(h.count(&["-s", &pretalx, "--day", "2025-11-01"]), 10);
}

#[test]
fn none_is_the_sessions_without_a_value() {
    let h = Hallway::new();
    // pretalx: the two socials have a null track and language.
    let pretalx = fixture_arg("pretalx.json");
    let no_track = h.ids(&["-s", &pretalx, "--track", "none"]);
    assert_eq!(no_track.len(), 2);
    assert_eq!(no_track, h.ids(&["-s", &pretalx, "--kind", "social"]));
    assert_eq!(no_track, h.ids(&["-s", &pretalx, "--lang", "none"]));
    assert_eq!(no_track, h.ids(&["-s", &pretalx, "--track", "(no track)"]));
    assert_eq!(h.count(&["-s", &pretalx, "--track", "main track"]), 9);
    // Sessionize: 14 of 21 sessions have a category.
    let sessionize = fixture_arg("sessionize-all.json");
    let chicago = ["-s", &sessionize, "--tz", "America/Chicago"];
    assert_eq!(h.count(&[&chicago[..], &["--track", "none"]].concat()), 7);
    assert_eq!(
        h.count(&[&chicago[..], &["--track", "none", "--track", "data"]].concat()),
        11
    );
    // Where every session has a track, "none" is no session (and not an error: a script
    // asking it of several conferences gets an answer from each).
    assert_eq!(h.count(&["-s", &fosdem(), "--track", "none"]), 0);
}

#[test]
fn messy_values_languages_kinds_tracks_and_rooms() {
    let h = Hallway::new();
    let s = messy(&h);
    // The sessions by number (the last digit of their guid).
    let ids = |args: &[&str]| {
        let ids = h.ids(&[&["-s", s.as_str()], args].concat());
        let numbers: Vec<&str> = ids.iter().map(|id| &id[id.len() - 1..]).collect();
        numbers.join(" ")
    };
    assert_eq!(ids(&[]), "1 2 3 4 5 6");
    // "de, en" is German and English.
    assert_eq!(ids(&["--lang", "de"]), "1 2");
    assert_eq!(ids(&["--lang", "en"]), "1 3 4");
    assert_eq!(ids(&["--lang", "DE", "--lang", "en"]), "1 2 3 4");
    assert_eq!(ids(&["--language", "en"]), "1 3 4");
    // No language element and a blank one are both no language.
    assert_eq!(ids(&["--lang", "none"]), "5 6");
    // Talk and talk are one kind; lecture is another.
    assert_eq!(ids(&["--kind", "talk"]), "1 2 5");
    assert_eq!(ids(&["--kind", "Lecture"]), "3");
    assert_eq!(ids(&["--kind", "none"]), "4");
    // An empty track element and none at all are both no track; "rust " is Rust.
    assert_eq!(ids(&["--track", "none"]), "4 5");
    assert_eq!(ids(&["--track", "RUST"]), "1 2 6");
    assert_eq!(ids(&["--track", "offentlichkeit"]), "3");
    // A room that is a URL with quotes, typed as the schedule has it.
    assert_eq!(
        ids(&["--room", r#"https://meet.example/r?id=7&t="x""#]),
        "5"
    );
    assert_eq!(ids(&["--track", "rust", "--lang", "en"]), "1");
}

#[test]
fn every_command_that_prints_sessions_filters_them() {
    let h = Hallway::new();
    let s = fosdem();
    // now: at Sat 11:10 sessions are on in eight rooms; one of them is Build Systems'.
    let at = ["-s", &s, "--now", "2027-01-30T11:10"];
    let on = h.ok(&[&["now"], &at[..]].concat());
    assert!(on.lines().count() > 1, "{on}");
    let on = h.ok(&[&["now"], &at[..], &["--track", "build systems"]].concat());
    assert_eq!(
        on,
        "Sat 30 Jan 11:00–11:30  B.1.014  Caching Compilers Considered Helpful — Ravi Menon-Clarke  \
         (20 min left)\n"
    );
    // next: of what starts by 11:25, only the C.0.12 session.
    let at = ["-s", &s, "--now", "2027-01-30T10:55"];
    let next = h.ok(&[&["next", "--json"], &at[..], &["--room", "C.0.12"]].concat());
    let next = json_lines(&next);
    assert_eq!(next.len(), 1);
    assert_eq!(next[0]["title"], "Counting Trees From Satellite Tiles");
    assert_eq!(next[0]["minutes_until"], 5);
    // search: the filter applies before --limit, so the one hit is the best of the track.
    let best = h.ok(&["search", "-s", &s, "build", "--limit", "1"]);
    assert!(best.contains("Why My Build Broke on a Tuesday"), "{best}");
    let best = h.ok(&[
        "search",
        "-s",
        &s,
        "build",
        "--limit",
        "1",
        "--track",
        "build systems",
    ]);
    assert_eq!(best.lines().count(), 1);
    assert!(!best.contains("Why My Build Broke"), "{best}");
    let track = h.ok(&["list", "-s", &s, "--track", "build systems"]);
    assert!(track.contains(best.trim_end()), "{best} not in:\n{track}");
    let hits = h.ok(&["search", "-s", &s, "build", "--day", "2"]);
    assert_eq!(hits.lines().count(), 1, "{hits}");
    assert!(hits.contains("Hermetic Builds"), "{hits}");
    // Nothing left: exit status 1, and the message says a filter was on.
    let e = h.fails(&["search", "-s", &s, "build", "--track", "security"]);
    assert!(
        e.contains("no session matches 'build' with the filter track: Security"),
        "{e}"
    );
    // export: only the sessions passing, one event each.
    let ics = h.ok(&[
        "export",
        "--ics",
        "-s",
        &s,
        "--track",
        "build systems",
        "--day",
        "2",
    ]);
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 3);
    assert!(ics.contains("SUMMARY:Hermetic Builds in a Drafty House"));
    let all = h.ok(&["export", "--ics", "-s", &s]);
    assert_eq!(all.matches("BEGIN:VEVENT").count(), 62);
}

#[test]
fn stars_and_starred_exports_keep_the_starred_sessions_that_pass() {
    let h = Hallway::new();
    let s = fosdem();
    // Caching Compilers (Build Systems) and Latency You Can Hear (Music and Audio) are both
    // Sat 11:00–11:30; the welcome keynote is at 09:30.
    let caching = "6cb19495-64cd-53fa-a3d8-b29712b09f15";
    let latency = "7ddd1d01-8aa2-5008-b355-2a0b506a2c9c";
    let welcome = "adb5fd0b-ebdd-52ca-90d4-62f8cabd7114";
    h.ok(&["star", "-s", &s, caching, latency, welcome]);
    assert_eq!(h.ok(&["stars", "-s", &s]).lines().count(), 3);
    // Only the Build Systems star is printed, and it still clashes with the Music one.
    let stars = h.ok(&["stars", "-s", &s, "--track", "build systems"]);
    assert_eq!(
        stars,
        "Sat 30 Jan 11:00–11:30  B.1.014  Caching Compilers Considered Helpful — Ravi Menon-Clarke  \
         [clashes with: Latency You Can Hear]\n"
    );
    let stars = json_lines(&h.ok(&[
        "stars",
        "--json",
        "-s",
        &s,
        "--track",
        "keynotes",
        "--track",
        "music and audio",
    ]));
    let ids: Vec<&str> = stars.iter().map(|o| o["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [welcome, latency]);
    assert_eq!(stars[1]["conflicts"], serde_json::json!([caching]));
    assert_eq!(h.ok(&["stars", "-s", &s, "--day", "2"]), "");
    // export --starred: starred and passing.
    let ics = h.ok(&[
        "export",
        "--starred",
        "--ics",
        "-s",
        &s,
        "--kind",
        "keynote",
    ]);
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1);
    assert!(ics.contains("SUMMARY:Welcome to Open Winter 2027"));
    // now/next --starred combine with the filter too.
    let at = ["-s", &s, "--now", "2027-01-30T11:10", "--starred"];
    assert_eq!(h.ok(&[&["now"], &at[..]].concat()).lines().count(), 2);
    let on = h.ok(&[&["now"], &at[..], &["--room", "h.0.110"]].concat());
    assert!(
        on.starts_with("Sat 30 Jan 11:00–11:30  H.0.110  Latency You Can Hear"),
        "{on}"
    );
    assert_eq!(on.lines().count(), 1);
}

#[test]
fn an_unknown_value_is_an_error_naming_the_closest() {
    let h = Hallway::new();
    let s = fosdem();
    let e = h.fails(&["list", "-s", &s, "--room", "aula magma"]);
    assert!(
        e.starts_with(
            "hallway: --room: no room 'aula magma' in Open Winter 2027; the closest: 'Aula Magna'"
        ),
        "{e}"
    );
    let e = h.fails(&["list", "-s", &s, "--track", "bild systems"]);
    assert!(
        e.contains(
            "--track: no track 'bild systems' in Open Winter 2027; the closest: 'Build Systems'"
        ),
        "{e}"
    );
    let e = h.fails(&["list", "-s", &s, "--day", "3"]);
    assert!(
        e.contains("--day: no conference day '3': the days are 1 (2027-01-30), 2 (2027-01-31)"),
        "{e}"
    );
    let e = h.fails(&["list", "-s", &s, "--day", "2027-02-01"]);
    assert!(e.contains("no conference day '2027-02-01'"), "{e}");
    // One bad value among good ones is still an error.
    let e = h.fails(&["list", "-s", &s, "--kind", "keynote", "--kind", "talk"]);
    assert!(e.contains("--kind: no kind 'talk'"), "{e}");
    // Every command that filters checks its values the same way.
    for command in [
        &["now"][..],
        &["next"],
        &["stars"],
        &["export", "--ics"],
        &["search", "build"],
        &["list", "--facets"],
    ] {
        let e = h.fails(&[command, &["-s", &s, "--lang", "klingon"]].concat());
        assert!(
            e.contains("--lang: no language 'klingon' in Open Winter 2027; the closest: 'en'"),
            "{command:?}: {e}"
        );
    }
    // What is quoted from the command line cannot drive the terminal.
    let e = h.fails(&["list", "-s", &s, "--room", "\u{1b}]0;pwned\u{7}"]);
    assert!(!e.trim_end().chars().any(|c| c.is_control()), "{e:?}");
}

#[test]
fn facets_as_text_are_a_table_per_facet() {
    let h = Hallway::new();
    let s = fosdem();
    let text = h.ok(&["list", "--facets", "-s", &s]);
    assert!(
        text.starts_with("track (11 values)\n  Keynotes             8\n  Build Systems        8\n"),
        "{text}"
    );
    assert!(
        text.contains("\n\nlanguage (1 value)\n  en  62\n\n"),
        "{text}"
    );
    assert!(
        text.ends_with(
            "day (2 values)\n  1  2027-01-30  Sat 30 Jan  36\n  2  2027-01-31  Sun 31 Jan  26\n"
        ),
        "{text}"
    );
    // The counts follow the other flags, not the facet's own.
    let sunday = h.ok(&["list", "--facets", "-s", &s, "--day", "2"]);
    assert!(sunday.contains("  Build Systems        3\n"), "{sunday}");
    assert!(
        sunday.ends_with("  1  2027-01-30  Sat 30 Jan  36\n  2  2027-01-31  Sun 31 Jan  26\n"),
        "{sunday}"
    );
    // A value the rest leaves empty is listed with 0; "no value" comes last.
    let pretalx = h.ok(&[
        "list",
        "--facets",
        "-s",
        &fixture_arg("pretalx.json"),
        "--kind",
        "social",
    ]);
    assert!(
        pretalx.starts_with(
            "track (7 values)\n  Workshops        0\n  Hack Hours       0\n  Main Track       0\n  \
             Tutorials        0\n  Lightning Talks  0\n  Community        0\n  (no track)       2\n"
        ),
        "{pretalx}"
    );
}

#[test]
fn facets_as_json_are_one_object_per_value_that_the_flags_take_back() {
    let h = Hallway::new();
    for (schedule, zone) in [
        (fosdem(), None),
        (messy(&h), None),
        (fixture_arg("sched.ics"), Some("Europe/Paris")),
    ] {
        let mut base = vec!["-s", schedule.as_str()];
        if let Some(zone) = zone {
            base.extend(["--tz", zone]);
        }
        let all = h.count(&base);
        let values = json_lines(&h.ok(&[&["list", "--facets", "--json"], &base[..]].concat()));
        let mut sums: BTreeMap<String, u64> = BTreeMap::new();
        for value in &values {
            let object = value.as_object().expect("an object");
            let fields: Vec<&str> = object.keys().map(String::as_str).collect();
            assert_eq!(fields, ["facet", "value", "key", "count"]);
            let facet = value["facet"].as_str().unwrap();
            let count = value["count"].as_u64().unwrap();
            *sums.entry(facet.to_string()).or_default() += count;
            // The value as printed is what the flag of the same name takes, with that count.
            let flag = format!("--{facet}");
            let typed = value["value"].as_str().unwrap();
            let passing = h.count(&[&base[..], &[flag.as_str(), typed]].concat());
            assert_eq!(passing as u64, count, "{flag} {typed:?}");
        }
        let facets: Vec<&str> = sums.keys().map(String::as_str).collect();
        assert_eq!(facets, ["day", "kind", "language", "room", "track"]);
        // One track, room, kind and day per session ("de, en" counts for both languages).
        for facet in ["day", "kind", "room", "track"] {
            assert_eq!(sums[facet], all as u64, "{facet} in {schedule}");
        }
    }
    // The documented fields, exactly.
    let values = json_lines(&h.ok(&["list", "--facets", "--json", "-s", &messy(&h)]));
    let languages: Vec<String> = values
        .iter()
        .filter(|v| v["facet"] == "language")
        .map(|v| v.to_string())
        .collect();
    assert_eq!(
        languages,
        [
            r#"{"facet":"language","value":"de","key":"de","count":2}"#,
            r#"{"facet":"language","value":"en","key":"en","count":3}"#,
            r#"{"facet":"language","value":"(no language)","key":"","count":2}"#,
        ]
    );
    let days: Vec<String> = json_lines(&h.ok(&[
        "list",
        "--facets",
        "--json",
        "-s",
        &fosdem(),
        "--track",
        "security",
    ]))
    .iter()
    .filter(|v| v["facet"] == "day")
    .map(|v| v.to_string())
    .collect();
    assert_eq!(
        days,
        [
            r#"{"facet":"day","value":"Sat 30 Jan","key":"2027-01-30","count":0}"#,
            r#"{"facet":"day","value":"Sun 31 Jan","key":"2027-01-31","count":4}"#,
        ]
    );
}
