//! Writes one of the benchmarks' generated schedules to stdout: hallway RON for the
//! whole-process comparisons in benches/fzf-compare.sh (`cargo run --release --example
//! generate -- 10000 > big.ron`), or with `--xml` a frab XML file of the same sessions, each
//! with an abstract of about 1,000 characters and the fields a real frab export has, so that
//! 100,000 sessions make the 200 MB file of issue 17 (`generate 100000 --xml > big.xml`).

#[path = "../benches/support/generate.rs"]
mod generate;

use hallway::model::{Schedule, Session};
use std::fmt::Write as _;
use std::io::Write as _;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: generate SESSIONS [--xml]";
    let n: usize = args.next().ok_or(usage)?.parse()?;
    let xml = match args.next().as_deref() {
        None => false,
        Some("--xml") => true,
        Some(_) => return Err(usage.into()),
    };
    let schedule = generate::synthetic(n);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if xml {
        write_xml(&schedule, &mut out)?;
    } else {
        write!(out, "{}", hallway::formats::ron::write(&schedule)?)?;
    }
    out.flush()?;
    Ok(())
}

/// Sentences an abstract is made of, picked by the session's number.
const SENTENCES: &[&str] = &[
    "This talk walks through what we learned running it for several years, with the numbers.",
    "We start from a small example and grow it until it breaks, then show how we fixed it.",
    "Expect benchmarks, a few war stories and one live demo that will probably work.",
    "No prior knowledge is assumed beyond a little familiarity with the command line.",
    "The second half covers the trade-offs we made and the ones we would make differently today.",
    "Along the way we look at the tooling the community built, and where it still falls short.",
    "Attendees will leave with a checklist they can apply to their own projects on Monday.",
    "We also discuss governance, funding and how to keep volunteers from burning out.",
    "Slides, code and a recording will be published after the conference.",
    "Questions are welcome throughout; the last ten minutes are kept for discussion.",
    "Café-style breakout notes, in English and français, are linked from the session page.",
    "The speakers maintain the project and have reviewed several hundred patches to it.",
];

/// About 1,000 characters of HTML, as frab exports abstracts (escaped once more in the XML).
fn abstract_of(i: usize) -> String {
    let mut text = String::from("<p>");
    let mut k = i;
    while text.len() < 950 {
        text.push_str(SENTENCES[k % SENTENCES.len()]);
        text.push(' ');
        k = k.wrapping_mul(31).wrapping_add(7);
        if text.len() % 5 == 0 {
            text.push_str("</p>\n<p>");
        }
    }
    text.push_str("</p>");
    text
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// The schedule as frab XML: one `<day>` per date, one `<room>` per room in it.
fn write_xml(schedule: &Schedule, out: &mut impl std::io::Write) -> std::io::Result<()> {
    let mut by_day: std::collections::BTreeMap<_, std::collections::BTreeMap<_, Vec<usize>>> =
        Default::default();
    for (i, s) in schedule.sessions.iter().enumerate() {
        let room = s.room.as_ref().map_or("", |r| r.0.as_str());
        by_day
            .entry(s.start.date_naive())
            .or_default()
            .entry(room)
            .or_default()
            .push(i);
    }
    let c = &schedule.conference;
    writeln!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<schedule>"
    )?;
    writeln!(out, "  <version>generated</version>\n  <conference>")?;
    writeln!(out, "    <acronym>{}</acronym>", escape(&c.id))?;
    writeln!(out, "    <title>{}</title>", escape(&c.title))?;
    writeln!(out, "    <day_change>04:00:00</day_change>")?;
    writeln!(
        out,
        "    <time_zone_name>{}</time_zone_name>\n  </conference>",
        c.time_zone.name()
    )?;
    for (index, (date, rooms)) in by_day.iter().enumerate() {
        writeln!(out, "  <day index=\"{}\" date=\"{date}\">", index + 1)?;
        for (room, sessions) in rooms {
            writeln!(out, "    <room name=\"{}\">", escape(room))?;
            for &i in sessions {
                out.write_all(event(&schedule.sessions[i], i).as_bytes())?;
            }
            writeln!(out, "    </room>")?;
        }
        writeln!(out, "  </day>")?;
    }
    writeln!(out, "</schedule>")
}

fn event(s: &Session, i: usize) -> String {
    let minutes = s.end.map_or(25, |end| (end - s.start).num_minutes());
    let slug = format!("synthetic-{i}");
    let mut e = String::with_capacity(4096);
    // Writing to a String cannot fail.
    let _ = write!(
        e,
        "      <event guid=\"00000000-0000-0000-0000-{i:012}\" id=\"{i}\">\n\
         \x20       <date>{}</date>\n\
         \x20       <start>{}</start>\n\
         \x20       <duration>{:02}:{:02}</duration>\n\
         \x20       <room>{}</room>\n\
         \x20       <slug>{slug}</slug>\n\
         \x20       <url>https://conference.example/schedule/event/{slug}/</url>\n\
         \x20       <title>{}</title>\n\
         \x20       <subtitle></subtitle>\n\
         \x20       <track>{}</track>\n\
         \x20       <type>talk</type>\n\
         \x20       <language>en</language>\n\
         \x20       <abstract>{}</abstract>\n\
         \x20       <description></description>\n\
         \x20       <feedback_url>https://conference.example/schedule/event/{i}/feedback/</feedback_url>\n\
         \x20       <persons>\n",
        s.start.to_rfc3339(),
        s.start.format("%H:%M"),
        minutes / 60,
        minutes % 60,
        escape(s.room.as_ref().map_or("", |r| r.0.as_str())),
        escape(&s.title),
        escape(s.track.as_ref().map_or("", |t| t.0.as_str())),
        escape(&abstract_of(i)),
    );
    for (k, speaker) in s.speakers.iter().enumerate() {
        let _ = writeln!(
            e,
            "          <person id=\"{}\">{}</person>",
            i * 4 + k,
            escape(&speaker.name)
        );
    }
    let _ = write!(
        e,
        "        </persons>\n\
         \x20       <attachments>\n        </attachments>\n\
         \x20       <links>\n\
         \x20         <link href=\"https://video.example/{slug}.webm\">Video recording (WebM/VP9)</link>\n\
         \x20       </links>\n\
         \x20     </event>\n"
    );
    e
}
