//! The user's settings file: reminders, the bell and desktop notifications. Optional; every setting has a default,
//! and command-line flags override the file.

use serde::Deserialize;
use std::ffi::OsString;
use std::io;
use std::path::{Path, PathBuf};

/// The environment variable naming the settings file, instead of the platform's place for it.
pub const CONFIG_ENV: &str = "HALLWAY_CONFIG";

/// Settings, as `config.ron` writes them: `(remind_minutes: 10, bell: false, notify: false)`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Minutes before a starred session starts that its reminder shows; 0 turns reminders off.
    pub remind_minutes: u32,
    /// Whether a reminder rings the terminal bell as well as showing the banner.
    pub bell: bool,
    /// Whether a reminder also asks for a desktop notification (through the terminal).
    pub notify: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            remind_minutes: crate::app::DEFAULT_REMIND_MINUTES as u32,
            bell: true,
            notify: true,
        }
    }
}

/// Why the settings file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("{path}, line {line}, column {column}: {message}")]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
}

/// Where the settings file is: `$HALLWAY_CONFIG` when set and non-empty, else `config.ron` in
/// the platform's configuration directory for hallway (`~/.config/hallway` on Linux).
pub fn config_path() -> Option<PathBuf> {
    config_path_from(std::env::var_os(CONFIG_ENV))
}

/// `config_path` with the override given as a value, so the rule can be tested.
pub fn config_path_from(override_path: Option<OsString>) -> Option<PathBuf> {
    match override_path {
        Some(path) if !path.is_empty() => Some(PathBuf::from(path)),
        _ => directories::ProjectDirs::from("", "", "hallway")
            .map(|dirs| dirs.config_dir().join("config.ron")),
    }
}

/// Reads the settings file; a file that does not exist gives the defaults.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(source) => {
            return Err(ConfigError::Read {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    parse(&text).map_err(|(line, column, message)| ConfigError::Syntax {
        path: path.to_path_buf(),
        line,
        column,
        message,
    })
}

/// Reads settings from RON text: (line, column, message) on error.
fn parse(text: &str) -> Result<Config, (usize, usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Ok(Config::default());
    }
    ::ron::from_str(text).map_err(|e| {
        (
            e.span.start.line,
            e.span.start.col,
            crate::formats::ron::error_message(&e.code),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_read_with_defaults_for_what_is_left_out() {
        assert_eq!(parse("").unwrap(), Config::default());
        assert_eq!(
            parse("(remind_minutes: 10)").unwrap(),
            Config {
                remind_minutes: 10,
                bell: true,
                notify: true
            }
        );
        assert_eq!(
            parse("(bell: false, remind_minutes: 0, notify: false)\n").unwrap(),
            Config {
                remind_minutes: 0,
                bell: false,
                notify: false
            }
        );
    }

    #[test]
    fn mistakes_are_reported_with_their_place() {
        let (line, column, message) =
            parse("(\n  remind_minutes: 5,\n  bel: false,\n)").unwrap_err();
        assert_eq!((line, column), (3, 3), "{message}");
        assert!(message.contains("bel"), "{message}");
        let (line, _, message) = parse("(remind_minutes: -3)").unwrap_err();
        assert_eq!(line, 1);
        assert!(!message.is_empty());
    }

    #[test]
    fn a_missing_file_gives_the_defaults_and_a_folder_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            load(&dir.path().join("config.ron")).unwrap(),
            Config::default()
        );
        let e = load(dir.path()).unwrap_err();
        assert!(e.to_string().starts_with("cannot read"), "{e}");
    }

    #[test]
    fn the_environment_names_the_file() {
        assert_eq!(
            config_path_from(Some("/x/h.ron".into())),
            Some(PathBuf::from("/x/h.ron"))
        );
        let default = config_path_from(None);
        assert!(default.is_none_or(|p| p.ends_with("hallway/config.ron")));
    }
}
