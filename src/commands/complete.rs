//! Dynamic completion: the values only hallway knows, offered by the shell while typing (the
//! library's names after `-s`, a schedule's tracks after `--track`, the zones after `--tz`).
//! The shell asks the binary itself (`COMPLETE=bash hallway -- WORDS`, see `completions`);
//! these are the completers its arguments carry.

use crate::filter::{Facet, Filter, loose_key, value_key};
use clap_complete::engine::{
    ArgValueCompleter, CompletionCandidate, PathCompleter, ValueCompleter,
};
use std::collections::BTreeSet;
use std::ffi::OsStr;

/// `-s` and SCHEDULE: the library's schedules and combinations, then files.
pub fn schedules(current: &OsStr) -> Vec<CompletionCandidate> {
    let mut candidates = names(current);
    candidates.extend(PathCompleter::file().complete(current));
    candidates
}

/// A library name, of a schedule or a combination (`update`, `remove`).
pub fn names(current: &OsStr) -> Vec<CompletionCandidate> {
    let mut candidates = library_only(current);
    let Ok(dir) = crate::library::data_dir() else {
        return candidates;
    };
    let typed = typed(current);
    for combination in crate::library::combinations(&dir).unwrap_or_default() {
        if starts_with(&combination.name, &typed) {
            let help = format!("combination of {}", combination.sources.join(", "));
            candidates.push(candidate(&combination.name, help));
        }
    }
    candidates
}

/// The name of a library schedule (the parts of a `combine`).
pub fn library_only(current: &OsStr) -> Vec<CompletionCandidate> {
    let Ok(dir) = crate::library::data_dir() else {
        return Vec::new();
    };
    let typed = typed(current);
    crate::library::list(&dir)
        .unwrap_or_default()
        .into_iter()
        .filter(|entry| starts_with(&entry.name, &typed))
        .map(|entry| {
            let help = format!("{}, {}", entry.title, sessions(entry.sessions));
            candidate(&entry.name, help)
        })
        .collect()
}

/// `--tz`: the IANA zones.
pub fn zones(current: &OsStr) -> Vec<CompletionCandidate> {
    let typed = typed(current);
    chrono_tz::TZ_VARIANTS
        .iter()
        .map(|zone| zone.name())
        .filter(|name| starts_with(name, &typed))
        .map(CompletionCandidate::new)
        .collect()
}

/// `--track`, `--room` and the other filter flags: the values of the schedule the command line
/// names (with `-s` or as SCHEDULE), else of the one used last, each with its count.
pub fn facet(facet: Facet) -> ArgValueCompleter {
    ArgValueCompleter::new(move |current: &OsStr| facet_values(facet, current))
}

fn facet_values(facet: Facet, current: &OsStr) -> Vec<CompletionCandidate> {
    let words: Vec<String> = completed_words();
    let Some(schedule) = super::schedule_for_completion(&schedule_words(&words)) else {
        return Vec::new();
    };
    let typed = typed(current);
    let values =
        crate::filter::values_of(&schedule, facet, &Filter::default(), &BTreeSet::new(), None);
    values
        .into_iter()
        .filter_map(|value| {
            let count = sessions(value.count);
            let (word, help) = if value.key.is_empty() {
                // The sessions without one are "none"; among several schedules every session
                // has a source, and one schedule is its own only source.
                if facet == Facet::Source {
                    return None;
                }
                ("none".to_string(), format!("{}, {count}", value.label))
            } else if facet == Facet::Day {
                // A day is completed as its date (what `--day` reads best).
                (value.key, format!("{}, {count}", value.label))
            } else {
                (value.label, count)
            };
            starts_with(&word, &typed).then(|| candidate(&word, help))
        })
        .collect()
}

/// The words of the command line being completed: what follows the first `--` of the
/// completer's own arguments (`hallway -- hallway -s kubecon list --track Ma`).
fn completed_words() -> Vec<String> {
    std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .skip_while(|a| a != "--")
        .skip(1)
        .collect()
}

/// The command the shell's line is completed against: the commands that would refuse the
/// options already given before them (`hallway -s kubecon <Tab>` offers no `library`) are
/// hidden, so they are offered only when nothing else fits.
pub fn command_for_line(command: clap::Command) -> clap::Command {
    command_for_words(command, &completed_words())
}

/// `command_for_line` for these words (`words[0]` is the program, the last the one typed).
pub fn command_for_words(mut command: clap::Command, words: &[String]) -> clap::Command {
    let before = words.len().saturating_sub(1);
    let (mut schedule, mut now, mut zones) = (false, false, false);
    for word in words.iter().take(before).skip(1) {
        if !word.starts_with('-') && super::usage::is_subcommand(word) {
            // Past the command: its own options are its own.
            return command;
        }
        let flag = word.split('=').next().unwrap_or_default();
        match flag {
            "--schedule" => schedule = true,
            "--now" => now = true,
            "--tz" | "--local" => zones = true,
            _ if flag.starts_with("-s") => schedule = true,
            _ => {}
        }
    }
    // What each command refuses before it (see `Options::refuse_for` and its callers).
    let refused = |name: &str| {
        let plain = ["library", "combine", "remove", "completions", "man"].contains(&name);
        match name {
            "import" => schedule || now,
            "update" => now,
            _ => plain && (schedule || now || zones),
        }
    };
    let names: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .filter(|name| refused(name))
        .collect();
    for name in names {
        command = command.mut_subcommand(name, |c| c.hide(true));
    }
    command
}

/// The schedules a command line names: every `-s`/`--schedule` value, else the SCHEDULE words
/// before the subcommand. `words[0]` is the program. A name that is not a schedule is kept:
/// its values are none, rather than those of another schedule.
pub fn schedule_words(words: &[String]) -> Vec<String> {
    let mut picked = Vec::new();
    let mut positional = Vec::new();
    let mut in_subcommand = false;
    let mut rest = words.iter().skip(1);
    while let Some(word) = rest.next() {
        if word == "-s" || word == "--schedule" {
            picked.extend(rest.next().cloned());
        } else if let Some(value) = word.strip_prefix("--schedule=") {
            picked.push(value.to_string());
        } else if let Some(value) = word.strip_prefix("-s").filter(|v| !v.is_empty()) {
            picked.push(value.trim_start_matches('=').to_string());
        } else if ["--tz", "--now", "--remind"].contains(&word.as_str()) {
            // Their values are not schedules.
            rest.next();
        } else if !word.starts_with('-') && !in_subcommand {
            if super::usage::is_subcommand(word) {
                in_subcommand = true;
            } else {
                positional.push(word.clone());
            }
        }
    }
    if picked.is_empty() {
        positional
    } else {
        picked
    }
}

/// What was typed of the value, without a shell quote opening it or backslash escapes (bash
/// hands the word over as typed).
fn typed(current: &OsStr) -> String {
    let text = current.to_string_lossy();
    let text = text.trim_start_matches(['"', '\'']);
    let mut plain = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            plain.extend(chars.next());
        } else {
            plain.push(c);
        }
    }
    value_key(&plain)
}

/// Whether `value` begins with what was typed, forgiving case and accents as the filters do,
/// and then letters and digits alone ("contrib" for "🚨 CONTRIBFEST").
fn starts_with(value: &str, typed: &str) -> bool {
    let key = value_key(value);
    key.starts_with(typed) || loose_key(&key).starts_with(&loose_key(typed))
}

/// "1 session", "2 sessions".
fn sessions(count: usize) -> String {
    if count == 1 {
        "1 session".to_string()
    } else {
        format!("{count} sessions")
    }
}

/// A candidate with its help text, both made visible (they come from files or the library).
/// Quoting is the shell's: zsh and fish quote for themselves, and the bash script has readline
/// do it (`-o filenames`, see `completions`), so "Main Stage" is escaped when typed bare and
/// left as it is inside quotes.
fn candidate(value: &str, help: String) -> CompletionCandidate {
    let value = crate::text::visible(value).into_owned();
    let help = crate::text::visible(&help).into_owned();
    CompletionCandidate::new(value).help(Some(help.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn the_schedules_a_command_line_names_are_its_s_values_first() {
        let picked = schedule_words(&words("hallway -s kubecon list --track Ma"));
        assert_eq!(picked, ["kubecon"]);
        let picked = schedule_words(&words("hallway --schedule=a list -sb --room x"));
        assert_eq!(picked, ["a", "b"]);
        let picked = schedule_words(&words("hallway --remind 5 no-such-one list --tz x"));
        assert_eq!(picked, ["no-such-one"]);
    }

    #[test]
    fn what_was_typed_is_read_without_quotes_escapes_case_or_accents() {
        assert_eq!(typed(OsStr::new("\"Main\\ Sta")), value_key("main sta"));
        assert!(starts_with("Salle Été", &typed(OsStr::new("salle ete"))));
        assert!(!starts_with("Room B", &typed(OsStr::new("Main"))));
    }
}
