//! `hallway star` and `hallway unstar`: change the starred set by session id.

use super::{Context, load_stars};
use crate::model::{Session, SessionId};
use color_eyre::eyre::{Result, bail};

/// The arguments of `hallway star` and of `hallway unstar`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(required = true, value_name = "ID")]
    ids: Vec<String>,
    /// `star` only: give the sessions this priority, "must" or "maybe" ("none" takes it away).
    #[arg(
        long,
        value_name = "PRIORITY",
        add = clap_complete::ArgValueCandidates::new(|| {
            ["must", "maybe", "none"]
                .map(clap_complete::CompletionCandidate::new)
                .into()
        })
    )]
    priority: Option<String>,
}

/// Stars the sessions (all or none: an unknown id changes nothing).
pub fn star(args: &Args, cx: &Context) -> Result<()> {
    change(args, cx, Verb::Star)
}

/// Unstars the sessions (all or none: an unknown id changes nothing).
pub fn unstar(args: &Args, cx: &Context) -> Result<()> {
    change(args, cx, Verb::Unstar)
}

#[derive(Clone, Copy)]
enum Verb {
    Star,
    Unstar,
}

/// Finds every session first, then saves the change once and says where.
fn change(args: &Args, cx: &Context, verb: Verb) -> Result<()> {
    let schedule = &cx.schedule;
    let mut loaded = load_stars(schedule, &cx.sources)?;
    loaded.tell();
    let mut sessions = Vec::new();
    for id in &args.ids {
        sessions.push(find(cx, id)?);
    }
    let priority = match (args.priority.as_deref(), &verb) {
        (None, _) => None,
        (Some(_), Verb::Unstar) => bail!("--priority is for `hallway star`"),
        (Some("none"), Verb::Star) => Some(None),
        (Some(text), Verb::Star) => match crate::favourites::Priority::parse(text) {
            Some(p) => Some(Some(p)),
            None => bail!(
                "--priority '{}': must, maybe or none",
                crate::text::quote(text)
            ),
        },
    };
    let saved = match (verb, priority) {
        (Verb::Star, Some(priority)) => {
            let mut saved = crate::favourites::Saved::default();
            for session in &sessions {
                let once = loaded.stars.set_priority(session, priority)?;
                saved.moved_aside = saved.moved_aside.or(once.moved_aside);
            }
            if priority.is_none() {
                saved.moved_aside = saved
                    .moved_aside
                    .or(loaded.stars.set(&sessions, true)?.moved_aside);
            }
            saved
        }
        (Verb::Star, None) => loaded.stars.set(&sessions, true)?,
        (Verb::Unstar, _) => loaded.stars.set(&sessions, false)?,
    };
    if let Some(moved) = saved.moved_aside {
        eprintln!("hallway: {moved}");
    }
    // What was done to each session, then where the stars are kept.
    let done = match (verb, priority) {
        (Verb::Star, None) => "starred",
        (Verb::Star, Some(None)) => "starred, no priority",
        (Verb::Star, Some(Some(p))) => match p {
            crate::favourites::Priority::Must => "starred, a must",
            crate::favourites::Priority::Maybe => "starred, a maybe",
        },
        (Verb::Unstar, _) => "unstarred",
    };
    for session in &sessions {
        eprintln!(
            "hallway: {done}: {} ({})",
            crate::text::quote(&session.title),
            crate::text::quote(&session.id.0)
        );
    }
    for (_, favourites) in loaded.stars.files() {
        eprintln!(
            "hallway: {} starred in {}",
            favourites.len(),
            favourites.path().display()
        );
    }
    Ok(())
}

/// The session an id names: its id here, or, among several schedules opened as one, the id
/// its own schedule gives it when only one source has it.
fn find<'a>(cx: &'a Context, id: &str) -> Result<&'a Session> {
    let schedule = &cx.schedule;
    if let Some(session) = schedule.session(&SessionId(id.to_string())) {
        return Ok(session);
    }
    let own: Vec<&Session> = schedule
        .sessions
        .iter()
        .filter(|s| s.origin.as_deref().is_some_and(|o| o.id.0 == id))
        .collect();
    match own.as_slice() {
        [one] => Ok(one),
        [] => bail!(
            "no session has the id '{}' in {} (ids: hallway list --json)",
            crate::text::quote(id),
            schedule.conference.title
        ),
        several => {
            let ids: Vec<&str> = several.iter().map(|s| s.id.0.as_str()).collect();
            bail!(
                "the id '{}' is used by several schedules; name one: {}",
                crate::text::quote(id),
                crate::text::quote(&ids.join(", "))
            )
        }
    }
}
