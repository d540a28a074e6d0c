//! `hallway note`: print or set the note on one session.

use super::{Context, load_stars, print};
use crate::model::SessionId;
use crate::sources::Stars;
use crate::text::{quote, visible};
use color_eyre::eyre::{Result, eyre};
use std::path::Path;

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
    let mut loaded = load_stars(schedule, &cx.sources)?;
    loaded.tell();
    let id = SessionId(args.id.clone());
    let stars = &mut loaded.stars;
    let session = schedule.session(&id);
    let unknown = || {
        eyre!(
            "no session has the id '{}' in {} (ids: hallway list --json)",
            quote(&id.0),
            schedule.conference.title
        )
    };
    // The note of a session gone is still found by its id, for a schedule on its own.
    let note_text = |stars: &Stars| -> Option<String> {
        match session {
            Some(session) => stars.note_of(session),
            None => stars.alone().and_then(|f| f.note(&id)),
        }
        .map(|n| n.text.clone())
    };
    if args.text.is_empty() {
        return match note_text(stars) {
            Some(text) => print(&format!("{}\n", visible(&text))),
            None if session.is_none() => Err(unknown()),
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
    let (saved, path) = match session {
        Some(session) => (
            stars.set_note(session, &text)?,
            stars.path_for(session).map(Path::to_path_buf),
        ),
        // The note of a session gone can still be removed.
        None if text.trim().is_empty() && note_text(stars).is_some() => {
            let favourites = stars.alone_mut().ok_or_else(unknown)?;
            (
                favourites.remove_note(&id)?,
                Some(favourites.path().to_path_buf()),
            )
        }
        None => return Err(unknown()),
    };
    if let Some(moved) = saved.moved_aside {
        eprintln!("hallway: {}", visible(&moved.to_string()));
    }
    let done = if note_text(stars).is_some() {
        "saved"
    } else {
        "removed"
    };
    match path {
        Some(path) => eprintln!(
            "hallway: note {done} in {}",
            visible(&path.display().to_string())
        ),
        None => eprintln!("hallway: note {done}"),
    }
    Ok(())
}
