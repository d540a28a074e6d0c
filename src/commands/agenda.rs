//! `hallway agenda`: the plan to print or paste: the starred sessions day by day, with times in
//! the display zone, rooms, priorities, clashes, free time and notes, as text, Markdown or Org.

use super::{Context, load_stars, print};
use crate::favourites::{ClashVerdict, Priority, conflicts_among};
use crate::model::{Schedule, Session, SessionId};
use crate::sources::Stars;
use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;
use color_eyre::eyre::{Result, WrapErr};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

/// The arguments of `hallway agenda`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// text (for a terminal or a printer), markdown (GitHub, chat) or org (Emacs' agenda).
    #[arg(long, value_enum, default_value_t = AgendaFormat::Text)]
    format: AgendaFormat,
    /// Write to this file instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
}

/// How the agenda is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AgendaFormat {
    Text,
    Markdown,
    Org,
}

/// Writes the agenda of the schedule's stars to `--output` or standard output.
pub fn run(args: &Args, cx: &Context) -> Result<()> {
    let loaded = load_stars(&cx.schedule, &cx.sources)?;
    loaded.tell();
    let plan = Plan::of(&cx.schedule, &loaded.stars);
    let text = agenda(&plan, cx.zone, args.format);
    match &args.output {
        Some(path) => {
            std::fs::write(path, text).wrap_err_with(|| format!("cannot write {}", path.display()))
        }
        None => print(&text),
    }
}

/// What an agenda is made of: the starred sessions with their priorities and notes, and the
/// stars and notes whose session is gone.
#[derive(Debug)]
pub struct Plan<'a> {
    pub schedule: &'a Schedule,
    /// In time order.
    pub starred: Vec<&'a Session>,
    pub priorities: BTreeMap<SessionId, Priority>,
    /// Note texts, by session id.
    pub notes: BTreeMap<SessionId, String>,
    /// Stars and notes whose session is not in the schedule: title, start, note.
    pub missing: Vec<(String, DateTime<FixedOffset>, Option<String>)>,
}

impl<'a> Plan<'a> {
    /// The plan the stars hold for a schedule (each source's own, among several).
    pub fn of(schedule: &'a Schedule, stars: &Stars) -> Plan<'a> {
        Plan {
            schedule,
            starred: stars.starred_sessions(schedule),
            priorities: stars.priorities(schedule),
            notes: stars.note_texts(schedule),
            missing: stars.gone(schedule),
        }
    }
}

/// One starred session as the agenda writes it.
struct Entry<'a> {
    session: &'a Session,
    priority: Option<Priority>,
    /// What each clash says, loud ones marked.
    clashes: Vec<(String, bool)>,
    note: Option<&'a str>,
    /// Minutes free before it, after the previous entry of the same day.
    free_before: Option<i64>,
}

/// The agenda, day by day.
pub fn agenda(plan: &Plan, zone: Tz, format: AgendaFormat) -> String {
    let conflicts = conflicts_among(&plan.starred);
    let mut days: Vec<(chrono::NaiveDate, Vec<Entry>)> = Vec::new();
    let mut previous: Option<&Session> = None;
    for &session in &plan.starred {
        let day = plan.schedule.day_of(session);
        let priority = plan.priorities.get(&session.id).copied();
        let clashes = conflicts
            .iter()
            .find(|c| c.session.id == session.id)
            .map(|c| {
                c.clashes_with
                    .iter()
                    .map(|other| {
                        let theirs = plan.priorities.get(&other.id).copied();
                        let verdict = ClashVerdict::of(priority, theirs);
                        let name = format!("{} ({})", other.title, hm(other.start, zone));
                        (
                            verdict.describe(priority, theirs, &name),
                            verdict == ClashVerdict::BothMust,
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let same_day = days.last().is_some_and(|(d, _)| *d == day);
        let free_before = previous
            .filter(|_| same_day)
            .map(|p| (session.start - p.effective_end()).num_minutes())
            .filter(|&m| m > 0);
        let entry = Entry {
            session,
            priority,
            clashes,
            note: plan.notes.get(&session.id).map(String::as_str),
            free_before,
        };
        if same_day {
            if let Some((_, entries)) = days.last_mut() {
                entries.push(entry);
            }
        } else {
            days.push((day, vec![entry]));
        }
        // The free time counts from the latest end so far (a long session covers short ones).
        if previous.is_none_or(|p| !same_day || session.effective_end() > p.effective_end()) {
            previous = Some(session);
        }
    }
    match format {
        AgendaFormat::Text => text(plan, zone, &days),
        AgendaFormat::Markdown => markdown(plan, zone, &days),
        AgendaFormat::Org => org(plan, zone, &days),
    }
}

type Days<'a> = [(chrono::NaiveDate, Vec<Entry<'a>>)];

fn hm(time: DateTime<FixedOffset>, zone: Tz) -> String {
    time.with_timezone(&zone).format("%H:%M").to_string()
}

/// "10:00–10:45", or "10:00–?" when the end is not known.
fn span(session: &Session, zone: Tz) -> String {
    let end = session.end.map_or_else(|| "?".to_string(), |e| hm(e, zone));
    format!("{}–{end}", hm(session.start, zone))
}

fn heading(plan: &Plan, zone: Tz) -> (String, String) {
    let title = format!("{}: my agenda", plan.schedule.conference.title);
    let count = plan.starred.len();
    let sub = format!(
        "{} starred, times in {}",
        if count == 1 {
            "1 session".to_string()
        } else {
            format!("{count} sessions")
        },
        zone.name()
    );
    (title, sub)
}

fn day_title(day: chrono::NaiveDate) -> String {
    day.format("%A %-d %B %Y").to_string()
}

fn text(plan: &Plan, zone: Tz, days: &Days) -> String {
    let (title, sub) = heading(plan, zone);
    let mut out = format!("{title}\n{sub}\n");
    if days.is_empty() {
        out.push_str("\nNothing starred yet.\n");
    }
    let indent = " ".repeat(21);
    for (day, entries) in days {
        let _ = write!(out, "\n{}\n", day_title(*day));
        for entry in entries {
            let s = entry.session;
            if let Some(free) = entry.free_before {
                let _ = writeln!(out, "  {:<11}  ({free} min free)", "");
            }
            let priority = entry
                .priority
                .map_or(String::new(), |p| format!("[{}]", p.label()));
            let _ = write!(out, "  {:<11}  {priority:<7}  {}", span(s, zone), s.title);
            if let Some(room) = &s.room {
                let _ = write!(out, " · {}", room.0);
            }
            out.push('\n');
            if !s.speakers.is_empty() {
                let _ = writeln!(out, "{indent}{}", s.speaker_names());
            }
            for (clash, loud) in &entry.clashes {
                let mark = if *loud { "!!" } else { "!" };
                let _ = writeln!(out, "{indent}{mark} {clash}");
            }
            if let Some(note) = entry.note {
                for (i, line) in note.lines().enumerate() {
                    let label = if i == 0 { "note: " } else { "      " };
                    let _ = writeln!(out, "{indent}{label}{line}");
                }
            }
        }
    }
    if !plan.missing.is_empty() {
        out.push_str("\nNo longer in the schedule\n");
        for (title, start, note) in &plan.missing {
            let when = start.with_timezone(&zone).format("%a %-d %b %H:%M");
            let _ = writeln!(out, "  {when}  {title}");
            for line in note.iter().flat_map(|n| n.lines()) {
                let _ = writeln!(out, "{indent}note: {line}");
            }
        }
    }
    out
}

/// Escapes what Markdown (GitHub's, and chat clients') would read as markup.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn markdown(plan: &Plan, zone: Tz, days: &Days) -> String {
    let (title, sub) = heading(plan, zone);
    let mut out = format!("# {}\n\n{}.\n", md(&title), md(&sub));
    if days.is_empty() {
        out.push_str("\nNothing starred yet.\n");
    }
    for (day, entries) in days {
        let _ = write!(out, "\n## {}\n\n", day_title(*day));
        for entry in entries {
            let s = entry.session;
            if let Some(free) = entry.free_before {
                let _ = writeln!(out, "- *{free} min free*");
            }
            let _ = write!(out, "- **{}** {}", span(s, zone), md(&s.title));
            if let Some(room) = &s.room {
                let _ = write!(out, " · {}", md(&room.0));
            }
            if let Some(p) = entry.priority {
                let _ = write!(out, " · **{}**", p.label());
            }
            out.push('\n');
            if !s.speakers.is_empty() {
                let _ = writeln!(out, "  - {}", md(&s.speaker_names()));
            }
            for (clash, loud) in &entry.clashes {
                if *loud {
                    let _ = writeln!(out, "  - ⚠️ **{}**", md(clash));
                } else {
                    let _ = writeln!(out, "  - ⚠️ {}", md(clash));
                }
            }
            if let Some(note) = entry.note {
                for line in note.lines().filter(|l| !l.trim().is_empty()) {
                    let _ = writeln!(out, "  - 📝 {}", md(line));
                }
            }
        }
    }
    if !plan.missing.is_empty() {
        out.push_str("\n## No longer in the schedule\n\n");
        for (title, start, note) in &plan.missing {
            let when = start.with_timezone(&zone).format("%a %-d %b %H:%M");
            let _ = writeln!(out, "- {when} {}", md(title));
            for line in note.iter().flat_map(|n| n.lines()) {
                let _ = writeln!(out, "  - 📝 {}", md(line));
            }
        }
    }
    out
}

/// Text for an Org heading or body line: one line, no leading `*` (a heading) or `#+` (a
/// keyword).
fn org_line(text: &str) -> String {
    let one = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match one.chars().next() {
        Some('*' | '#') => format!(" {one}"),
        _ => one,
    }
}

fn org(plan: &Plan, zone: Tz, days: &Days) -> String {
    let (title, sub) = heading(plan, zone);
    let mut out = format!("#+TITLE: {}\n# {sub}\n", org_line(&title));
    for (day, entries) in days {
        let _ = writeln!(out, "* {}", day_title(*day));
        for entry in entries {
            let s = entry.session;
            let cookie = match entry.priority {
                Some(Priority::Must) => "[#A] ",
                Some(Priority::Maybe) => "[#C] ",
                None => "",
            };
            let _ = writeln!(out, "** {cookie}{}", org_line(&s.title));
            let start = s.start.with_timezone(&zone);
            let end = s.effective_end().with_timezone(&zone);
            let stamp = if start.date_naive() == end.date_naive() {
                format!(
                    "<{}-{}>",
                    start.format("%Y-%m-%d %a %H:%M"),
                    end.format("%H:%M")
                )
            } else {
                format!(
                    "<{}>--<{}>",
                    start.format("%Y-%m-%d %a %H:%M"),
                    end.format("%Y-%m-%d %a %H:%M")
                )
            };
            out.push_str("   :PROPERTIES:\n");
            let _ = writeln!(out, "   :ID: {}", org_line(&s.id.0));
            if let Some(room) = &s.room {
                let _ = writeln!(out, "   :LOCATION: {}", org_line(&room.0));
            }
            if !s.speakers.is_empty() {
                let _ = writeln!(out, "   :SPEAKERS: {}", org_line(&s.speaker_names()));
            }
            if let Some(p) = entry.priority {
                let _ = writeln!(out, "   :PRIORITY: {}", p.label());
            }
            out.push_str("   :END:\n");
            let _ = writeln!(out, "   {stamp}");
            for (clash, loud) in &entry.clashes {
                let mark = if *loud { "*" } else { "" };
                let _ = writeln!(out, "   - {mark}{}{mark}", org_line(clash));
            }
            if let Some(note) = entry.note {
                for line in note.lines() {
                    let _ = writeln!(out, "   {}", org_line(line));
                }
            }
        }
    }
    if !plan.missing.is_empty() {
        out.push_str("* No longer in the schedule\n");
        for (title, start, note) in &plan.missing {
            let when = start.with_timezone(&zone).format("%Y-%m-%d %a %H:%M");
            let _ = writeln!(out, "** {}\n   [{when}]", org_line(title));
            for line in note.iter().flat_map(|n| n.lines()) {
                let _ = writeln!(out, "   {}", org_line(line));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::favourites::{Favourites, Priority};

    /// The bundled schedule with three stars on 21 March (two overlapping), priorities, notes,
    /// and a note on a session gone.
    fn plan_text(format: AgendaFormat) -> String {
        let mut schedule = crate::commands::tests::bundled();
        let dir = tempfile::tempdir().unwrap();
        let (mut favs, _) = Favourites::load(dir.path(), &schedule.conference.id).unwrap();
        // Make "Product Market Misfit" (14:30) run into "Istio Project Update" (15:25).
        let misfit = schedule
            .sessions
            .iter()
            .position(|s| s.id.0 == "product-market-misfit")
            .unwrap();
        let update = schedule
            .session(&"istio-project-update".into())
            .unwrap()
            .start;
        schedule.sessions[misfit].end = Some(update + chrono::Duration::minutes(10));
        let s = |id: &str| schedule.session(&SessionId::from(id)).unwrap().clone();
        let _ = favs
            .set_priority(&s("product-market-misfit"), Some(Priority::Maybe))
            .unwrap();
        let _ = favs
            .set_priority(&s("istio-project-update"), Some(Priority::Must))
            .unwrap();
        let _ = favs.star(&[&s("istio-day-istio-and-dns")]).unwrap();
        let _ = favs
            .set_note(
                &s("istio-project-update"),
                "ask about *ambient*\nslides later",
            )
            .unwrap();
        let mut gone = s("keynote-cloud-native-next-decade");
        gone.id = "gone".into();
        let _ = favs.set_note(&gone, "was a good one").unwrap();
        let plan = Plan::of(&schedule, &Stars::single(favs));
        agenda(&plan, chrono_tz::Europe::Paris, format)
    }

    #[test]
    fn the_text_agenda_has_days_priorities_clashes_free_time_and_notes() {
        let expected = "\
KubeCon + CloudNativeCon Europe 2024: my agenda
3 sessions starred, times in Europe/Paris

Tuesday 19 March 2024
  16:25–?               Istio and DNS
                     Costin Manolache

Thursday 21 March 2024
  14:30–15:35  [maybe]  Product Market Misfit: Adventures in User Empathy
                     Mitch Connors
                     ! clashes with Istio Project Update (15:25): that one wins (must over maybe)
  15:25–?      [must]   Istio Project Update
                     Mitch Connors, Zhonghu Xu
                     ! clashes with Product Market Misfit: Adventures in User Empathy (14:30): this one wins (must over maybe)
                     note: ask about *ambient*
                           slides later

No longer in the schedule
  Fri 22 Mar 10:05  Cloud Native in its Next Decade
                     note: was a good one
";
        assert_eq!(plan_text(AgendaFormat::Text), expected);
    }

    #[test]
    fn markdown_escapes_and_org_has_priority_cookies_and_timestamps() {
        let md = plan_text(AgendaFormat::Markdown);
        assert!(
            md.starts_with("# KubeCon + CloudNativeCon Europe 2024: my agenda\n"),
            "{md}"
        );
        assert!(md.contains("\n## Thursday 21 March 2024\n\n"), "{md}");
        assert!(
            md.contains("- **15:25–?** Istio Project Update · **must**\n"),
            "{md}"
        );
        assert!(md.contains("  - 📝 ask about \\*ambient\\*\n"), "{md}");
        let org = plan_text(AgendaFormat::Org);
        assert!(org.contains("** [#A] Istio Project Update\n"), "{org}");
        assert!(org.contains("** [#C] Product Market Misfit"), "{org}");
        assert!(org.contains("   <2024-03-21 Thu 15:25-15:55>\n"), "{org}");
        assert!(org.contains("   :PRIORITY: must\n"), "{org}");
    }
}
