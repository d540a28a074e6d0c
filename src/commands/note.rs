//! `hallway note`: print or set the note on one session.

use super::{Context, load_stars, print};
use crate::model::SessionId;
use crate::text::{quote, visible};
use color_eyre::eyre::{Result, bail};

/// The arguments of `hallway note`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The session's id (see `hallway list --json`).
    #[arg(value_name = "ID")]
    id: String,
    /// The note's new text (several words are joined with spaces; "" removes the note; "-"
    /// reads it from standard input). Without it, the note is printed.
    #[arg(value_name = "TEXT", allow_hyphen_values = true)]
    text: Vec<String>,
}

/// Prints the note (exit status 1 when there is none), or sets it and says where it is saved.
pub fn run(args: &Args, cx: &Context) -> Result<()> {
    let schedule = &cx.schedule;
    let mut loaded = load_stars(schedule)?;
    loaded.tell();
    let id = SessionId(args.id.clone());
    let favourites = &mut loaded.favourites;
    if args.text.is_empty() {
        return match favourites.note(&id) {
            Some(note) => print(&format!("{}\n", visible(&note.text))),
            None if schedule.session(&id).is_none() => bail!(
                "no session has the id '{}' in {} (ids: hallway list --json)",
                quote(&id.0),
                schedule.conference.title
            ),
            None => {
                eprintln!("hallway: no note on '{}'", quote(&id.0));
                std::process::exit(1);
            }
        };
    }
    let text = if args.text == ["-"] {
        std::io::read_to_string(std::io::stdin())?
    } else {
        args.text.join(" ")
    };
    let saved = match schedule.session(&id) {
        Some(session) => favourites.set_note(session, &text)?,
        // The note of a session gone can still be removed.
        None if text.trim().is_empty() && favourites.note(&id).is_some() => {
            favourites.remove_note(&id)?
        }
        None => bail!(
            "no session has the id '{}' in {} (ids: hallway list --json)",
            quote(&id.0),
            schedule.conference.title
        ),
    };
    if let Some(moved) = saved.moved_aside {
        eprintln!("hallway: {}", visible(&moved.to_string()));
    }
    let done = if favourites.note(&id).is_some() {
        "saved"
    } else {
        "removed"
    };
    eprintln!(
        "hallway: note {done} in {}",
        visible(&favourites.path().display().to_string())
    );
    Ok(())
}
