//! Desktop notifications through the terminal: the OSC 9 or OSC 777 escape sequence, which the
//! terminal turns into a notification of the desktop (also over ssh, with no library and no
//! daemon to talk to). Terminals that know neither ignore the sequence.

use crate::text::quote;

/// Which escape the terminal understands, as far as its environment tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// `OSC 9 ; text ST`: iTerm2, WezTerm, Ghostty, kitty, Windows Terminal.
    Osc9,
    /// `OSC 777 ; notify ; title ; body ST`: VTE terminals (GNOME Terminal, Tilix), foot,
    /// rxvt-unicode, Ghostty, WezTerm.
    Osc777,
}

/// Where the sequence is written: the terminal, and whether tmux stands in between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Terminal {
    pub protocol: Protocol,
    /// Inside tmux, which passes a sequence on to the terminal outside only when wrapped
    /// (and when its `allow-passthrough` option is on).
    pub tmux: bool,
}

impl Terminal {
    /// The terminal as the environment describes it (`TERM`, `TERM_PROGRAM`, `VTE_VERSION`,
    /// `TMUX`).
    pub fn from_env() -> Terminal {
        let var = |name: &str| std::env::var(name).unwrap_or_default();
        Terminal::from_vars(
            &var("TERM"),
            &var("TERM_PROGRAM"),
            &var("VTE_VERSION"),
            &var("TMUX"),
        )
    }

    /// `from_env` with the variables given, so that the choice can be tested.
    pub fn from_vars(term: &str, term_program: &str, vte_version: &str, tmux: &str) -> Terminal {
        // OSC 9 where the terminal is one that speaks it; OSC 777 on VTE, foot and urxvt, the
        // Linux terminals that have no OSC 9 (VTE reads OSC 9 as something else).
        let osc9 = matches!(term_program, "iTerm.app" | "WezTerm" | "ghostty")
            || term.starts_with("xterm-kitty")
            || term.starts_with("xterm-ghostty");
        let osc777 =
            !vte_version.is_empty() || term.starts_with("foot") || term.starts_with("rxvt");
        Terminal {
            protocol: if osc777 && !osc9 {
                Protocol::Osc777
            } else {
                Protocol::Osc9
            },
            tmux: !tmux.is_empty(),
        }
    }
}

/// The bytes that ask the terminal for a notification. Title and body come from a schedule:
/// they are quoted (control characters made visible, so nothing in them can end the sequence
/// or start another), and a `;`, which separates OSC 777's fields, becomes a `,` in the title.
pub fn sequence(terminal: Terminal, title: &str, body: &str) -> Vec<u8> {
    let title = quote(title).replace(';', ",");
    let body = quote(body);
    let osc = match terminal.protocol {
        Protocol::Osc9 => format!("\x1b]9;{title}: {body}\x1b\\"),
        Protocol::Osc777 => format!("\x1b]777;notify;{title};{body}\x1b\\"),
    };
    wrapped(terminal, &osc)
}

/// An escape sequence as it must be written: inside tmux, through its passthrough.
fn wrapped(terminal: Terminal, osc: &str) -> Vec<u8> {
    if terminal.tmux {
        // tmux's passthrough: DCS tmux; with every ESC inside doubled, then ST.
        format!("\x1bPtmux;{}\x1b\\", osc.replace('\x1b', "\x1b\x1b")).into_bytes()
    } else {
        osc.as_bytes().to_vec()
    }
}

/// The bytes that put `text` on the clipboard (OSC 52, which terminals honour over ssh; tmux
/// passes it on). The text is base64, so nothing in it reaches the terminal as it is.
pub fn copy_sequence(terminal: Terminal, text: &str) -> Vec<u8> {
    wrapped(
        terminal,
        &format!("\x1b]52;c;{}\x1b\\", base64(text.as_bytes())),
    )
}

/// Standard base64 with padding (RFC 4648), for OSC 52.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_is_base64_in_osc_52() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(
            base64(b"https://x.example/\x1b]"),
            "aHR0cHM6Ly94LmV4YW1wbGUvG10="
        );
        let plain = Terminal::from_vars("xterm-256color", "", "", "");
        assert_eq!(
            copy_sequence(plain, "foo"),
            b"\x1b]52;c;Zm9v\x1b\\".to_vec()
        );
        let tmux = Terminal::from_vars("screen", "", "", "/tmp/tmux-0/default,1,0");
        assert_eq!(
            copy_sequence(tmux, "foo"),
            b"\x1bPtmux;\x1b\x1b]52;c;Zm9v\x1b\x1b\\\x1b\\".to_vec()
        );
    }

    #[test]
    fn the_terminal_picks_the_escape() {
        let osc = |term, program, vte| Terminal::from_vars(term, program, vte, "").protocol;
        assert_eq!(osc("xterm-256color", "iTerm.app", ""), Protocol::Osc9);
        assert_eq!(osc("xterm-256color", "WezTerm", ""), Protocol::Osc9);
        assert_eq!(osc("xterm-kitty", "", ""), Protocol::Osc9);
        assert_eq!(osc("xterm-256color", "", "7600"), Protocol::Osc777);
        assert_eq!(osc("foot", "", ""), Protocol::Osc777);
        assert_eq!(osc("rxvt-unicode-256color", "", ""), Protocol::Osc777);
        // Unknown terminals get OSC 9, the most widely read.
        assert_eq!(osc("xterm-256color", "", ""), Protocol::Osc9);
        assert!(Terminal::from_vars("tmux-256color", "", "", "/tmp/tmux-1/default,1,0").tmux);
    }

    #[test]
    fn sequences_are_well_formed_and_carry_no_control_characters() {
        let plain = Terminal {
            protocol: Protocol::Osc9,
            tmux: false,
        };
        assert_eq!(
            sequence(plain, "hallway", "in 5 min: Talk"),
            b"\x1b]9;hallway: in 5 min: Talk\x1b\\"
        );
        let vte = Terminal {
            protocol: Protocol::Osc777,
            tmux: false,
        };
        // A schedule's ESC, BEL or ST cannot end the sequence early or start another.
        let hostile = sequence(vte, "a;b", "x\x07\x1b]0;pwned\x1b\\ y; z");
        let text = String::from_utf8(hostile).unwrap();
        assert!(text.starts_with("\x1b]777;notify;a,b;x\\u{7}\\u{1b}]0;pwned"));
        assert_eq!(text.matches('\x1b').count(), 2, "{text:?}");
        assert!(!text.contains('\x07'));
        assert!(text.ends_with(" y; z\x1b\\"));
        let wrapped = sequence(
            Terminal {
                protocol: Protocol::Osc9,
                tmux: true,
            },
            "hallway",
            "t",
        );
        assert_eq!(wrapped, b"\x1bPtmux;\x1b\x1b]9;hallway: t\x1b\x1b\\\x1b\\");
    }
}
