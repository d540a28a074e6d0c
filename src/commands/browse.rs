//! `hallway` without a subcommand: the browser, on the schedule chosen, with the stars, the
//! marks of the last update and the settings.

use super::{Opened, Options, load_stars, open};
use crate::app::App;
use crate::config;
use crate::library;
use crate::model::SessionId;
use crate::time;
use crate::tui::{self, Clock};
use crate::ui::theme::Theme;
use color_eyre::eyre::{Result, bail};
use std::io::IsTerminal;

/// The options of the browser.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Remind of a starred session this many minutes before it starts, with a banner and the
    /// terminal bell; 0 turns reminders off (default 5, or `remind_minutes` in config.ron).
    #[arg(long, value_name = "MINUTES")]
    remind: Option<u32>,

    /// Reminders show the banner without ringing the terminal bell (`bell: false` in
    /// config.ron).
    #[arg(long)]
    no_bell: bool,
}

/// Opens the schedule (`path` is SCHEDULE) and runs the browser until the user quits.
pub fn run(args: &Args, path: Option<&str>, options: &Options) -> Result<()> {
    let Opened {
        schedule,
        zone,
        warnings,
        name,
        stand_in,
    } = open(path, options)?;
    let clock = options
        .now(&schedule)?
        .map_or(Clock::System, Clock::starting_at);
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!("hallway's browser needs a terminal (standard input and output are not one)");
    }
    let conference_zone = schedule.conference.time_zone;
    let mut app = App::new(schedule, clock.now(), zone);
    // `t` switches to the zone asked for, or else to this computer's.
    app.other_zone = if zone != conference_zone {
        Some(zone)
    } else {
        time::system_zone().ok()
    };
    // The warning a user must act on shows in the app; the others are for `hallway list`.
    app.status = warnings.into_iter().find(|w| w.contains("no time zone"));
    if let Some(why) = stand_in {
        let why = format!("this is the bundled KubeCon EU 2024 schedule, not yours: {why}");
        // Said twice: on the terminal it stays readable after quitting.
        eprintln!("hallway: {}", crate::text::visible(&why));
        app.status = Some(why);
    }
    let settings = match config::config_path().map(|path| config::load(&path)) {
        Some(Ok(settings)) => settings,
        Some(Err(e)) => {
            let message = format!("settings not used: {e}");
            eprintln!("hallway: {message}");
            app.status = Some(message);
            config::Config::default()
        }
        None => config::Config::default(),
    };
    let remind = args.remind.unwrap_or(settings.remind_minutes);
    app.remind = (remind > 0).then(|| chrono::Duration::minutes(i64::from(remind)));
    app.bell = settings.bell && !args.no_bell;
    app.external_editor = tui::external_editor().is_some();
    let favourites = match load_stars(&app.schedule) {
        Ok(loaded) => {
            if let Some(message) = &loaded.message {
                // Said twice: on the terminal it stays readable after quitting.
                eprintln!("hallway: {message}");
                app.status = Some(message.clone());
            }
            app.missing_stars = loaded.missing;
            app.stars_read_only = loaded.favourites.read_only().map(|e| e.to_string());
            app.set_stars(loaded.favourites.stars().keys().cloned().collect());
            app.set_plan(
                loaded.favourites.priorities(),
                loaded.favourites.note_texts(),
            );
            Some(loaded.favourites)
        }
        Err(e) => {
            app.status = Some(format!("stars unavailable: {e}"));
            None
        }
    };
    let record_seen = name.and_then(|name| load_marks(&mut app, name));
    // Days open in the layout used last (the timeline or the grid), with the schedule's filter.
    let remember = library::data_dir().ok().map(|data_dir| {
        app.set_layout(library::load_layout(&data_dir));
        let id = app.schedule.conference.id.clone();
        match library::load_filter(&data_dir, &id) {
            Ok(filter) => app.set_filter(filter),
            Err(e) => app.status = Some(format!("filter not restored: {e}")),
        }
        Box::new(move |what| match what {
            tui::Remembered::Layout(layout) => library::save_layout(&data_dir, layout)
                .map_err(|e| format!("layout not saved: {e}")),
            tui::Remembered::Filter(filter) => library::save_filter(&data_dir, &id, &filter)
                .map_err(|e| format!("filter not saved: {e}")),
        }) as tui::Remember
    });
    tui::run(
        app,
        clock,
        Theme::from_env(),
        favourites,
        record_seen,
        remember,
    )
}

/// Shows the marks the last `hallway update` left on a library schedule, and returns how to
/// forget them once looked at. A marks file that cannot be read is reported and left alone.
fn load_marks(app: &mut App, name: String) -> Option<tui::RecordSeen> {
    let data_dir = crate::library::data_dir().ok()?;
    match crate::library::marks(&data_dir, &name) {
        Ok(marks) => {
            app.changes = marks;
        }
        Err(e) => {
            app.status = Some(format!("marks of the last update not shown: {e}"));
            return None;
        }
    }
    if app.changes.is_empty() {
        return None;
    }
    if app.status.is_none() {
        app.status = Some(match app.changes.len() {
            1 => "1 session changed in the last update: marked ◆ until you look at it".into(),
            n => {
                format!("{n} sessions changed in the last update: marked ◆ until you look at them")
            }
        });
    }
    Some(Box::new(move |ids: &[SessionId]| {
        crate::library::mark_seen(&data_dir, &name, ids)
            .map_err(|e| format!("marks not saved: {e}"))
    }))
}
