//! Property tests for the frab XML and frab JSON importers: slices of the invented fixtures
//! (frab-fosdem.xml, frab-wafer.xml, frab-pentabarf.xml, frab-merged.xml, pretalx.json) with
//! flipped bytes, truncations and splices, and random text, must never panic; whatever they
//! accept must pass `Schedule::problems`. 20,000 cases per parser, on small inputs so that
//! each parser's share stays well under 20 s in a debug build. The same properties on slices
//! of the real schedules of the corpus are ignored tests.

mod common;

use hallway::formats::{self, ImportOptions, frab_json, frab_xml};
use proptest::prelude::*;
use proptest::test_runner::Config;
use std::sync::LazyLock;

const FOSDEM: &str = include_str!("fixtures/frab-fosdem.xml");
const WAFER: &str = include_str!("fixtures/frab-wafer.xml");
const PENTABARF: &str = include_str!("fixtures/frab-pentabarf.xml");
const MERGED: &str = include_str!("fixtures/frab-merged.xml");
const PRETALX_JSON: &str = include_str!("fixtures/pretalx.json");

/// Cases per property: four properties per parser make 20,000 cases each.
const CASES: u32 = 5_000;

fn config() -> Config {
    Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    }
}

/// The opening of a fixture up to the end of its `events`-th event, closed again so that it
/// is a complete, valid schedule.
fn xml_slice(text: &str, events: usize, closing: &str) -> String {
    let mut end = 0;
    for _ in 0..events {
        end += text[end..].find("</event>").unwrap() + "</event>".len();
    }
    format!("{}{closing}", &text[..end])
}

/// A FOSDEM-style file cut to three events, without its track list.
fn fosdem_sample(text: &str) -> String {
    let fosdem = xml_slice(text, 3, "\n</room>\n</day>\n</schedule>\n");
    let tracks_start = fosdem.find("<tracks>").unwrap();
    let tracks_end = fosdem.find("</tracks>").unwrap() + "</tracks>".len();
    format!("{}{}", &fosdem[..tracks_start], &fosdem[tracks_end..])
}

/// Each sample must be a valid schedule with sessions before it is broken.
fn checked(samples: Vec<String>) -> Vec<String> {
    for sample in &samples {
        let (schedule, _) = frab_xml::parse(sample, &ImportOptions::default()).unwrap();
        assert!(!schedule.sessions.is_empty());
    }
    samples
}

/// Small valid XML documents from the invented fixtures: the FOSDEM flavour with three events,
/// wafer's with two, Pentabarf's (BOM, CRLF) with three, the merged camp with three.
static XML_SAMPLES: LazyLock<Vec<String>> = LazyLock::new(|| {
    checked(vec![
        fosdem_sample(FOSDEM),
        xml_slice(WAFER, 2, "</room></day></schedule>"),
        xml_slice(
            PENTABARF,
            3,
            "\r\n    </room>\r\n  </day>\r\n</schedule>\r\n",
        ),
        xml_slice(MERGED, 3, "\n    </room>\n  </day>\n</schedule>\n"),
    ])
});

/// The same from the real schedules of the corpus: FOSDEM 2025 with three events, wafer's
/// DebConf with two.
static CORPUS_XML_SAMPLES: LazyLock<Vec<String>> = LazyLock::new(|| {
    checked(vec![
        fosdem_sample(&common::corpus("fosdem-2025-schedule.xml")),
        xml_slice(
            &common::corpus("debconf23-wafer-schedule.xml"),
            2,
            "</room></day></schedule>",
        ),
    ])
});

/// A small valid JSON document: a frab JSON file cut to two days of one room each, at most
/// two events per room.
fn json_sample(text: &str) -> String {
    let mut root: serde_json::Value = serde_json::from_str(text).unwrap();
    let conference = &mut root["schedule"]["conference"];
    let days = conference["days"].as_array_mut().unwrap();
    days.truncate(2);
    for day in days.iter_mut() {
        let rooms = day["rooms"].as_object_mut().unwrap();
        let first = rooms.keys().next().unwrap().clone();
        rooms.retain(|key, _| *key == first);
        for list in rooms.values_mut() {
            list.as_array_mut().unwrap().truncate(2);
        }
    }
    let text = serde_json::to_string_pretty(&root).unwrap();
    let (schedule, _) = frab_json::parse(&text, &ImportOptions::default()).unwrap();
    assert!(schedule.sessions.len() >= 3, "{}", schedule.sessions.len());
    text
}

/// The invented pretalx export, cut down.
static JSON_SAMPLE: LazyLock<String> = LazyLock::new(|| json_sample(PRETALX_JSON));

/// GOOD 2025 (pretalx, from the corpus), cut down.
static CORPUS_JSON_SAMPLE: LazyLock<String> =
    LazyLock::new(|| json_sample(&common::corpus("good2025-pretalx-schedule.json")));

type Parser = fn(
    &str,
    &ImportOptions,
) -> Result<(hallway::model::Schedule, Vec<String>), formats::FormatError>;

/// Runs a parser and `detect`; anything accepted must be a consistent schedule.
fn check(parse: Parser, bytes: &[u8]) -> Result<(), TestCaseError> {
    let text = String::from_utf8_lossy(bytes);
    let _ = formats::detect(&text);
    if let Ok((schedule, _)) = parse(&text, &ImportOptions::default()) {
        let problems = schedule.problems();
        prop_assert!(problems.is_empty(), "{:?}", problems);
        let days = schedule.days();
        prop_assert_eq!(
            days.iter().map(|d| d.sessions.len()).sum::<usize>(),
            schedule.sessions.len()
        );
    }
    Ok(())
}

fn flip(sample: &str, flips: &[(usize, u8)]) -> Vec<u8> {
    let mut bytes = sample.as_bytes().to_vec();
    for &(at, byte) in flips {
        let len = bytes.len();
        bytes[at % len] = byte;
    }
    bytes
}

fn truncate(sample: &str, at: usize) -> Vec<u8> {
    sample.as_bytes()[..at % (sample.len() + 1)].to_vec()
}

/// Replaces `sample[a..b]` with `source[c..c+len]`: moves real markup to the wrong place.
fn splice(sample: &str, source: &str, a: usize, b: usize, c: usize, len: usize) -> Vec<u8> {
    let bytes = sample.as_bytes();
    let (a, b) = {
        let (x, y) = (a % (bytes.len() + 1), b % (bytes.len() + 1));
        (x.min(y), x.max(y))
    };
    let source = source.as_bytes();
    let c = c % source.len();
    let piece = &source[c..(c + len).min(source.len())];
    [&bytes[..a], piece, &bytes[b..]].concat()
}

/// Short text from the characters that matter to XML and JSON, plus anything.
fn markup_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[<>/a-z =\"'&;#0-9:T+.{}\\[\\],\\-]{0,120}",
        ".{0,120}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn xml_flipped_bytes(sample in any::<usize>(), flips in prop::collection::vec((any::<usize>(), any::<u8>()), 1..8)) {
        check(frab_xml::parse, &flip(&XML_SAMPLES[sample % XML_SAMPLES.len()], &flips))?;
    }

    #[test]
    fn xml_truncated(sample in any::<usize>(), at in any::<usize>()) {
        check(frab_xml::parse, &truncate(&XML_SAMPLES[sample % XML_SAMPLES.len()], at))?;
    }

    #[test]
    fn xml_spliced(sample in any::<usize>(), a in any::<usize>(), b in any::<usize>(), c in any::<usize>(), len in 0..200usize) {
        let sample = &XML_SAMPLES[sample % XML_SAMPLES.len()];
        check(frab_xml::parse, &splice(sample, sample, a, b, c, len))?;
    }

    #[test]
    fn xml_random_text(body in markup_text(), wrap in any::<bool>()) {
        let text = if wrap { format!("<schedule>{body}</schedule>") } else { body };
        check(frab_xml::parse, text.as_bytes())?;
    }

    #[test]
    fn json_flipped_bytes(flips in prop::collection::vec((any::<usize>(), any::<u8>()), 1..8)) {
        check(frab_json::parse, &flip(&JSON_SAMPLE, &flips))?;
    }

    #[test]
    fn json_truncated(at in any::<usize>()) {
        check(frab_json::parse, &truncate(&JSON_SAMPLE, at))?;
    }

    #[test]
    fn json_spliced(a in any::<usize>(), b in any::<usize>(), c in any::<usize>(), len in 0..200usize) {
        check(frab_json::parse, &splice(&JSON_SAMPLE, &JSON_SAMPLE, a, b, c, len))?;
    }

    #[test]
    fn json_random_text(body in markup_text(), wrap in any::<bool>()) {
        let text = if wrap { format!("{{\"schedule\": {body}}}") } else { body };
        check(frab_json::parse, text.as_bytes())?;
    }
}

// The same properties on slices of the real schedules (random text needs no corpus).
proptest! {
    #![proptest_config(config())]

    #[test]
    #[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
    fn corpus_xml_flipped_bytes(sample in 0..2usize, flips in prop::collection::vec((any::<usize>(), any::<u8>()), 1..8)) {
        check(frab_xml::parse, &flip(&CORPUS_XML_SAMPLES[sample], &flips))?;
    }

    #[test]
    #[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
    fn corpus_xml_truncated(sample in 0..2usize, at in any::<usize>()) {
        check(frab_xml::parse, &truncate(&CORPUS_XML_SAMPLES[sample], at))?;
    }

    #[test]
    #[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
    fn corpus_xml_spliced(sample in 0..2usize, a in any::<usize>(), b in any::<usize>(), c in any::<usize>(), len in 0..200usize) {
        let sample = &CORPUS_XML_SAMPLES[sample];
        check(frab_xml::parse, &splice(sample, sample, a, b, c, len))?;
    }

    #[test]
    #[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
    fn corpus_json_flipped_bytes(flips in prop::collection::vec((any::<usize>(), any::<u8>()), 1..8)) {
        check(frab_json::parse, &flip(&CORPUS_JSON_SAMPLE, &flips))?;
    }

    #[test]
    #[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
    fn corpus_json_truncated(at in any::<usize>()) {
        check(frab_json::parse, &truncate(&CORPUS_JSON_SAMPLE, at))?;
    }

    #[test]
    #[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
    fn corpus_json_spliced(a in any::<usize>(), b in any::<usize>(), c in any::<usize>(), len in 0..200usize) {
        check(frab_json::parse, &splice(&CORPUS_JSON_SAMPLE, &CORPUS_JSON_SAMPLE, a, b, c, len))?;
    }
}
