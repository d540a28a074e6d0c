//! `hallway` without a subcommand: the browser, on the schedule chosen, with the stars, the
//! marks of the last update and the settings.

use super::{Opened, Options, load_stars, open};
use crate::app::App;
use crate::config;
use crate::library;
use crate::model::SessionId;
use crate::sources::SourceInfo;
use crate::time;
use crate::tui::{self, Clock};
use crate::ui::theme::Theme;
use color_eyre::eyre::{Result, bail};
use std::collections::{BTreeMap, HashMap};
use std::io::IsTerminal;

/// Said at the bottom when hallway opens its bundled sample and the library is empty: what it
/// is, and how to get the whole conference.
pub const FIRST_RUN_HINT: &str = "the bundled sample: 7 KubeCon EU 2024 sessions an article picked. All of it: hallway import https://kccnceu2024.sched.com/all.ics --tz Europe/Paris";

/// The options of the browser.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Reminders in the app")]
pub struct Args {
    /// Remind of a starred session this many minutes before it starts, with a banner and the
    /// terminal bell; 0 turns reminders off (default 5, or `remind_minutes` in config.ron).
    #[arg(long, value_name = "MINUTES")]
    remind: Option<u32>,

    /// Reminders show the banner without ringing the terminal bell (`bell: false` in
    /// config.ron).
    #[arg(long)]
    no_bell: bool,

    /// Reminders send no desktop notification (`notify: false` in config.ron). hallway asks
    /// the terminal for one (OSC 9, or OSC 777 on VTE, foot and urxvt).
    #[arg(long)]
    no_notify: bool,
}

/// Opens the schedule (`path` is SCHEDULE) and runs the browser until the user quits.
pub fn run(args: &Args, paths: &[String], options: &Options) -> Result<()> {
    let Opened {
        schedule,
        zone,
        warnings,
        sources,
        merged,
        stand_in,
        abstracts,
    } = open(paths, options)?;
    let clock = options
        .now(&schedule)?
        .map_or(Clock::System, Clock::starting_at);
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!("hallway's browser needs a terminal (standard input and output are not one)");
    }
    // No schedule asked for, none in the library: the bundled sample, which says what it is.
    let first_run = stand_in.is_none()
        && sources.iter().all(|s| s.name.is_none())
        && library::data_dir()
            .and_then(|dir| library::list(&dir))
            .is_ok_and(|entries| entries.is_empty())
        && super::bundled().is_ok_and(|bundled| bundled == schedule);
    let conference_zone = schedule.conference.time_zone;
    let mut app = App::new(schedule, clock.now(), zone);
    app.abstracts = abstracts;
    // `t` switches to the zone asked for, or else to this computer's.
    app.other_zone = if zone != conference_zone {
        Some(zone)
    } else {
        time::system_zone().ok()
    };
    // The warning a user must act on shows in the app; the others are for `hallway list`.
    app.status = warnings.into_iter().find(|w| w.contains("no time zone"));
    if sources.len() > 1 {
        app.sources = sources.iter().map(|s| s.label.clone()).collect();
        if app.status.is_none() {
            let labels = app.sources.join(" + ");
            app.status = Some(match super::merged_line(merged) {
                Some(line) => format!("{} schedules as one ({labels}); {line}", sources.len()),
                None => format!("{} schedules as one ({labels})", sources.len()),
            });
        }
    }
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
    app.notify = settings.notify && !args.no_notify;
    app.external_editor = tui::external_editor().is_some();
    let favourites = match load_stars(&app.schedule, &sources) {
        Ok(loaded) => {
            for message in &loaded.messages {
                // Said twice: on the terminal it stays readable after quitting.
                eprintln!("hallway: {}", crate::text::visible(message));
                app.status = Some(message.clone());
            }
            app.missing_stars = loaded
                .missing
                .into_iter()
                .map(|m| match m.source {
                    Some(source) => (format!("{} ({source})", m.title), m.when),
                    None => (m.title, m.when),
                })
                .collect();
            app.stars_read_only = loaded.stars.read_only().map(|e| e.to_string());
            app.set_stars(loaded.stars.ids(&app.schedule));
            app.set_plan(
                loaded.stars.priorities(&app.schedule),
                loaded.stars.note_texts(&app.schedule),
            );
            Some(loaded.stars)
        }
        Err(e) => {
            app.status = Some(format!("stars unavailable: {e}"));
            None
        }
    };
    let record_seen = load_marks(&mut app, &sources);
    if first_run && app.status.is_none() {
        app.status = Some(FIRST_RUN_HINT.into());
    }
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

/// Shows the marks the last `hallway update` left on the library schedules open (each
/// source's, under its sessions' ids here), and returns how to forget them once looked at. A
/// marks file that cannot be read is reported and left alone.
fn load_marks(app: &mut App, sources: &[SourceInfo]) -> Option<tui::RecordSeen> {
    let data_dir = crate::library::data_dir().ok()?;
    let several = sources.len() > 1;
    // The id here of each (source, id there), for a source's marks; identity for one schedule.
    let mut here: HashMap<(String, SessionId), SessionId> = HashMap::new();
    if several {
        for session in &app.schedule.sessions {
            if let Some(origin) = session.origin.as_deref() {
                let own = std::iter::once((&origin.label, &origin.id))
                    .chain(origin.also.iter().map(|(l, i)| (l, i)));
                for (label, id) in own {
                    here.insert((label.clone(), id.clone()), session.id.clone());
                }
            }
        }
    }
    // Each marked session here, with its source's library name and its id there.
    let mut back: HashMap<SessionId, (String, SessionId)> = HashMap::new();
    for source in sources {
        let Some(name) = source.name.as_deref() else {
            continue;
        };
        match crate::library::marks(&data_dir, name) {
            Ok(marks) => {
                for (id, mark) in marks {
                    let local = if several {
                        match here.get(&(source.label.clone(), id.clone())) {
                            Some(local) => local.clone(),
                            None => continue,
                        }
                    } else {
                        id.clone()
                    };
                    back.insert(local.clone(), (name.to_string(), id));
                    app.changes.insert(local, mark);
                }
            }
            Err(e) => {
                app.status = Some(format!("marks of the last update not shown: {e}"));
            }
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
        let mut by_name: BTreeMap<&str, Vec<SessionId>> = BTreeMap::new();
        for id in ids {
            if let Some((name, own)) = back.get(id) {
                by_name.entry(name).or_default().push(own.clone());
            }
        }
        for (name, own) in by_name {
            crate::library::mark_seen(&data_dir, name, &own)
                .map_err(|e| format!("marks not saved: {e}"))?;
        }
        Ok(())
    }))
}
