//! `hallway star` and `hallway unstar`: change the starred set by session id.

use super::{Context, load_stars};
use crate::model::SessionId;
use color_eyre::eyre::{Result, bail};

/// The arguments of `hallway star` and of `hallway unstar`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(required = true, value_name = "ID")]
    ids: Vec<String>,
    /// `star` only: give the sessions this priority, "must" or "maybe" ("none" takes it away).
    #[arg(long, value_name = "PRIORITY")]
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

enum Verb {
    Star,
    Unstar,
}

/// Finds every session first, then saves the change once and says where.
fn change(args: &Args, cx: &Context, verb: Verb) -> Result<()> {
    let schedule = &cx.schedule;
    let mut loaded = load_stars(schedule)?;
    loaded.tell();
    let mut sessions = Vec::new();
    for id in &args.ids {
        let id = SessionId(id.clone());
        match schedule.session(&id) {
            Some(session) => sessions.push(session),
            None => bail!(
                "no session has the id '{}' in {} (ids: hallway list --json)",
                crate::text::quote(&id.0),
                schedule.conference.title
            ),
        }
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
                let once = loaded.favourites.set_priority(session, priority)?;
                saved.moved_aside = saved.moved_aside.or(once.moved_aside);
            }
            if priority.is_none() {
                saved.moved_aside = saved
                    .moved_aside
                    .or(loaded.favourites.star(&sessions)?.moved_aside);
            }
            saved
        }
        (Verb::Star, None) => loaded.favourites.star(&sessions)?,
        (Verb::Unstar, _) => {
            let ids: Vec<_> = sessions.iter().map(|s| s.id.clone()).collect();
            loaded.favourites.unstar(&ids)?
        }
    };
    if let Some(moved) = saved.moved_aside {
        eprintln!("hallway: {moved}");
    }
    eprintln!(
        "hallway: {} starred in {}",
        loaded.favourites.len(),
        loaded.favourites.path().display()
    );
    Ok(())
}
