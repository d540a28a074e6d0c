//! Making text from outside safe to quote in a message: control characters shown as escapes,
//! long values cut. The cleaning of a schedule's own text is in `formats`.

/// Whether a character must never reach the terminal: C0 and C1 controls (ESC included),
/// DEL, bidirectional overrides and isolates, and zero-width characters.
pub(crate) fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200b}'..='\u{200f}' // zero-width space/joiners, LRM, RLM
            | '\u{202a}'..='\u{202e}' // bidi embeddings and overrides
            | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
            | '\u{2066}'..='\u{2069}' // bidi isolates
            | '\u{feff}')
}

/// How many characters of a value a message quotes; the rest is cut and marked with "…".
pub const QUOTE_MAX_CHARS: usize = 200;

/// A value from a schedule, a server or the command line as a message may quote it: every
/// character that could drive a terminal (ESC, C0 and C1 controls, DEL, bidi overrides and
/// isolates, zero-width characters; newlines and tabs too) is shown as a `\u{1b}`-style
/// escape, and a value longer than [`QUOTE_MAX_CHARS`] characters is cut with "…". Every
/// message that quotes input goes through this (or, whole, through [`visible`]).
pub fn quote(value: &str) -> String {
    let cut = value.char_indices().nth(QUOTE_MAX_CHARS).map(|(i, _)| i);
    let mut out = escape(&value[..cut.unwrap_or(value.len())], false).into_owned();
    if cut.is_some() {
        out.push('…');
    }
    out
}

/// A whole message made safe to print: like [`quote`] but keeping newlines and never cutting,
/// for messages whose quoted values were already cut. It is the last guard where messages
/// reach the terminal (errors, warnings, the status line), so that a value some message quotes
/// raw (a library's error text) still cannot drive the terminal.
pub fn visible(message: &str) -> std::borrow::Cow<'_, str> {
    escape(message, true)
}

fn escape(text: &str, keep_newlines: bool) -> std::borrow::Cow<'_, str> {
    let unsafe_here = |c: char| is_unsafe(c) && !(keep_newlines && c == '\n');
    if !text.chars().any(unsafe_here) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if unsafe_here(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_makes_controls_visible_and_cuts() {
        assert_eq!(
            quote("P\u{1b}]52;c;aGVsbG8=\u{7}"),
            "P\\u{1b}]52;c;aGVsbG8=\\u{7}"
        );
        assert_eq!(
            quote("a\u{9b}b\u{202e}c\u{7f}\n"),
            "a\\u{9b}b\\u{202e}c\\u{7f}\\u{a}"
        );
        assert_eq!(quote("Zoë 東京"), "Zoë 東京");
        let long = "é".repeat(10_000);
        let quoted = quote(&long);
        assert_eq!(quoted.chars().count(), QUOTE_MAX_CHARS + 1);
        assert!(quoted.ends_with('…'));
        assert_eq!(
            quote(&"x".repeat(QUOTE_MAX_CHARS)),
            "x".repeat(QUOTE_MAX_CHARS)
        );
    }

    #[test]
    fn visible_keeps_newlines_and_length() {
        assert_eq!(visible("one\ntwo\u{1b}[2J"), "one\ntwo\\u{1b}[2J");
        let long = "y".repeat(1000);
        assert_eq!(visible(&long), long);
    }
}
