//! What the shell expects of a command line tool, for every subcommand alike: the exit status
//! of an outcome, and "did you mean" for a mistyped subcommand.

use super::Command;
use clap::Subcommand;

/// Exit status of success.
pub const SUCCESS: u8 = 0;
/// Exit status when the command worked but found nothing (`search` without a hit, `export
/// --starred` without a star): scripts can tell "none" from "broken".
pub const NOTHING_FOUND: u8 = 1;
/// Exit status of every error: a mistyped flag or value, a missing file, an unknown id, a
/// server or disk that failed. clap uses it for the usage errors it finds itself.
pub const ERROR: u8 = 2;

/// The outcome "nothing found": its message is said on stderr and hallway exits with
/// [`NOTHING_FOUND`].
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct NothingFound(pub String);

/// The exit status for an error: [`NOTHING_FOUND`] if it is (or wraps) [`NothingFound`],
/// else [`ERROR`].
pub fn exit_status(report: &color_eyre::Report) -> u8 {
    if report.chain().any(|cause| cause.is::<NothingFound>()) {
        NOTHING_FOUND
    } else {
        ERROR
    }
}

/// A command-line error of clap's on one line, as hallway's own errors are: what is wrong,
/// clap's useful tips ("a similar argument exists: '--track'"), and which `--help` to read.
/// (clap's own text is several lines with the usage; its tip to pass a flag-like word as a
/// value after `--` is left out, as no hallway value begins with '-'.)
/// `command` is the command as the arguments name it ("hallway search"), for an error whose
/// text has no usage line.
pub fn clap_error_line(rendered: &str, command: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut command = command.to_string();
    for line in rendered.lines().map(str::trim) {
        if let Some(what) = line.strip_prefix("error: ") {
            parts.push(what.to_string());
        } else if let Some(tip) = line.strip_prefix("tip: ") {
            if !tip.starts_with("to pass '") {
                parts.push(tip.to_string());
            }
        } else if let Some(usage) = line.strip_prefix("Usage: ") {
            let words: Vec<&str> = usage
                .split_whitespace()
                .take_while(|w| !w.starts_with(['[', '<', '-']))
                .collect();
            if !words.is_empty() {
                command = words.join(" ");
            }
            break;
        }
    }
    if parts.is_empty() {
        parts.push("the command line cannot be read".to_string());
    }
    format!(
        "{} (`{command} --help` lists what it takes)",
        parts.join("; ")
    )
}

/// Whether `name` is a subcommand (or an alias of one): a library schedule of that name could
/// never be opened as `hallway NAME`.
pub fn is_subcommand(name: &str) -> bool {
    Command::has_subcommand(name)
}

/// The subcommand `word` is most likely a typo of: one at most two edits away (a letter wrong,
/// missing, extra or two swapped), or that `word` starts. `None` for a word that is a
/// subcommand itself.
pub fn did_you_mean(word: &str, cli: &clap::Command) -> Option<String> {
    if word.len() < 2 || cli.find_subcommand(word).is_some() {
        return None;
    }
    let word = word.to_lowercase();
    cli.get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| c.get_name())
        .filter(|name| *name != "help")
        .map(|name| (edit_distance(&word, name), name))
        .filter(|&(distance, name)| {
            distance <= 2.min(name.len() / 2) || (word.len() >= 3 && name.starts_with(&word))
        })
        .min()
        .map(|(_, name)| name.to_string())
}

/// The first word of the command line that clap would take for SCHEDULE or a subcommand: not
/// an option, nor the value of one (`--tz Europe/Paris`), nor anything after `--`.
pub fn first_word(args: &[String], cli: &clap::Command) -> Option<String> {
    let takes_value = |arg: &str| {
        cli.get_arguments().any(|a| {
            a.get_action().takes_values()
                && !a.is_positional()
                && (a.get_long().is_some_and(|l| arg == format!("--{l}"))
                    || a.get_short().is_some_and(|s| arg == format!("-{s}")))
        })
    };
    let mut words = args.iter().skip(1);
    while let Some(arg) = words.next() {
        if arg == "--" {
            return None;
        }
        if arg.starts_with('-') {
            if takes_value(arg) {
                words.next();
            }
            continue;
        }
        return Some(arg.clone());
    }
    None
}

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
/// neighbouring letters each cost 1.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Arg;

    fn cli() -> clap::Command {
        clap::Command::new("hallway")
            .arg(Arg::new("tz").long("tz"))
            .arg(
                Arg::new("local")
                    .long("local")
                    .action(clap::ArgAction::SetTrue),
            )
            .arg(Arg::new("schedule").short('s').long("schedule"))
            .arg(Arg::new("SCHEDULE"))
            .subcommands(
                [
                    "list", "search", "star", "stars", "next", "now", "import", "export",
                ]
                .map(clap::Command::new),
            )
    }

    #[test]
    fn typos_of_subcommands_are_recognised() {
        let cli = cli();
        assert_eq!(did_you_mean("lst", &cli).as_deref(), Some("list"));
        assert_eq!(did_you_mean("serach", &cli).as_deref(), Some("search"));
        assert_eq!(did_you_mean("exprot", &cli).as_deref(), Some("export"));
        assert_eq!(did_you_mean("imp", &cli).as_deref(), Some("import"));
        assert_eq!(did_you_mean("LIST", &cli).as_deref(), Some("list"));
        // A subcommand itself, and words far from any, are no typo.
        assert_eq!(did_you_mean("list", &cli), None);
        assert_eq!(did_you_mean("fosdem25", &cli), None);
        assert_eq!(did_you_mean("kubecon", &cli), None);
        assert_eq!(did_you_mean("schedule.ics", &cli), None);
    }

    #[test]
    fn the_first_word_skips_options_and_their_values() {
        let cli = cli();
        let args = |line: &str| line.split(' ').map(String::from).collect::<Vec<_>>();
        assert_eq!(
            first_word(&args("hallway --tz Europe/Paris lst"), &cli).as_deref(),
            Some("lst")
        );
        assert_eq!(
            first_word(&args("hallway --local serach foo"), &cli).as_deref(),
            Some("serach")
        );
        assert_eq!(first_word(&args("hallway -s x"), &cli), None);
        assert_eq!(first_word(&args("hallway -- lst"), &cli), None);
    }

    #[test]
    fn nothing_found_has_its_own_status_even_when_wrapped() {
        use color_eyre::eyre::WrapErr;
        let plain = color_eyre::Report::new(NothingFound("no session matches".into()));
        assert_eq!(exit_status(&plain), NOTHING_FOUND);
        let wrapped: color_eyre::Result<()> = Err(NothingFound("none".into())).wrap_err("search");
        assert_eq!(exit_status(&wrapped.unwrap_err()), NOTHING_FOUND);
        assert_eq!(exit_status(&color_eyre::eyre::eyre!("--tz: bad")), ERROR);
    }

    #[test]
    fn subcommands_are_reserved() {
        assert!(is_subcommand("next"));
        assert!(is_subcommand("list"));
        assert!(!is_subcommand("fosdem25"));
    }
}

#[cfg(test)]
mod clap_error_tests {
    use super::clap_error_line;

    #[test]
    fn a_clap_error_is_one_line_with_its_tips_and_the_help_to_read() {
        let rendered = "error: unexpected argument '-s' found\n\n  tip: to pass '-s' as a value, use '-- -s'\n\nUsage: hallway library [OPTIONS]\n\nFor more information, try '--help'.\n";
        assert_eq!(
            clap_error_line(rendered, "hallway"),
            "unexpected argument '-s' found (`hallway library --help` lists what it takes)"
        );
        let rendered = "error: unexpected argument '--trak' found\n\n  tip: a similar argument exists: '--track'\n\nUsage: hallway list --track <TRACK>\n";
        assert_eq!(
            clap_error_line(rendered, "hallway list"),
            "unexpected argument '--trak' found; a similar argument exists: '--track' (`hallway list --help` lists what it takes)"
        );
        let rendered = "error: invalid value '0' for '--limit <N>': not 0\n\nFor more information, try '--help'.\n";
        assert_eq!(
            clap_error_line(rendered, "hallway search"),
            "invalid value '0' for '--limit <N>': not 0 (`hallway search --help` lists what it takes)"
        );
    }
}
