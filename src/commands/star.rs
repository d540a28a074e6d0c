//! `hallway star` and `hallway unstar`: change the starred set by session id.

use super::{Context, load_stars};
use crate::model::SessionId;
use color_eyre::eyre::{Result, bail};

/// The arguments of `hallway star` and of `hallway unstar`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(required = true, value_name = "ID")]
    ids: Vec<String>,
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
    let saved = match verb {
        Verb::Star => loaded.favourites.star(&sessions)?,
        Verb::Unstar => {
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
