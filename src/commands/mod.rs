//! The shell subcommands, one module each: its arguments, its run and what it prints.

pub mod format;
pub mod import;
pub mod library;
pub mod list;
pub mod next;
pub mod now;
pub mod search;
pub mod stars;
pub mod update;

use format::Template;

/// How `now` and `next` print each session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// One readable line.
    Text,
    /// One JSON object per line.
    Json,
    /// One line from a template (`--format`).
    Format(Template),
}

/// "1 session", "2 sessions".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::model::Schedule;

    /// The bundled schedule, which the commands' tests print from.
    pub fn bundled() -> Schedule {
        crate::formats::parse(include_str!("../../assets/kubecon-eu-2024.ron")).unwrap()
    }
}
