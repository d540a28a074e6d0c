//! Where hallway keeps its data on disk: the data directory, with its override, and the name of
//! each file in it.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The environment variable that, when set and non-empty, replaces the data directory (tests,
/// portable installs).
pub const DATA_DIR_ENV: &str = "HALLWAY_DATA_DIR";

/// The folder of the data directory that holds one favourites file per conference.
pub const FAVOURITES_DIR: &str = "favourites";

/// Longest file stem `safe_file_stem` produces, in bytes: well under the usual 255-byte limit on a
/// file name, leaving room for the extension and the `.corrupt-<timestamp>` / `.lock` suffixes.
const MAX_STEM_BYTES: usize = 160;

/// Why the data directory could not be found.
#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    /// Neither the override nor a home directory is available.
    #[error(
        "cannot find a data directory: no home directory is known; set {DATA_DIR_ENV} to a folder"
    )]
    NoDataDir,
}

/// The data directory: `$HALLWAY_DATA_DIR` when set and non-empty, else the platform's data
/// directory for hallway (`$XDG_DATA_HOME/hallway`, usually `~/.local/share/hallway`, on Linux).
///
/// The directory is not created here; whoever writes into it creates what it needs.
pub fn data_dir() -> Result<PathBuf, LibraryError> {
    data_dir_from(std::env::var_os(DATA_DIR_ENV))
}

/// `data_dir` with the override given as a value instead of read from the environment, so that
/// the rule can be tested without changing the process's environment.
pub fn data_dir_from(override_dir: Option<OsString>) -> Result<PathBuf, LibraryError> {
    match override_dir {
        Some(dir) if !dir.is_empty() => Ok(PathBuf::from(dir)),
        _ => directories::ProjectDirs::from("", "", "hallway")
            .map(|dirs| dirs.data_dir().to_path_buf())
            .ok_or(LibraryError::NoDataDir),
    }
}

/// The favourites file of one conference: `<data_dir>/favourites/<safe id>.ron`.
pub fn favourites_path(data_dir: &Path, conference_id: &str) -> PathBuf {
    data_dir
        .join(FAVOURITES_DIR)
        .join(format!("{}.ron", safe_file_stem(conference_id)))
}

/// Turns any string (a conference id) into a file stem that is safe on every common file
/// system, and distinct for distinct inputs.
///
/// ASCII letters, digits, `-`, `_` and `.` are kept; every other byte of the UTF-8 text is
/// written `%XX`, as is a leading or trailing `.` (no hidden files, no `..`, nothing Windows
/// would trim) and the first letter of a name Windows reserves (`CON`, `NUL`, `COM1`...). Since
/// `%` itself is always encoded, the mapping can be undone, so two ids never share a file.
/// A stem that would be longer than 160 bytes is cut and ends with `~` and a 64-bit FNV-1a hash
/// of the whole id (`~` is never kept, so a cut stem cannot equal an uncut one).
/// The empty id becomes `%`. Ids that differ only in letter case do share a file on a
/// case-insensitive file system.
pub fn safe_file_stem(id: &str) -> String {
    if id.is_empty() {
        return "%".to_string();
    }
    let bytes = id.as_bytes();
    let last = bytes.len() - 1;
    let reserved = is_windows_reserved(id);
    let mut stem = String::with_capacity(id.len());
    for (i, &byte) in bytes.iter().enumerate() {
        let keep = (byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_' || byte == b'.')
            && !(byte == b'.' && (i == 0 || i == last))
            && !(reserved && i == 0);
        if keep {
            stem.push(char::from(byte));
        } else {
            stem.push_str(&format!("%{byte:02X}"));
        }
    }
    if stem.len() > MAX_STEM_BYTES {
        // The stem is ASCII, so any byte index is a char boundary.
        stem.truncate(MAX_STEM_BYTES - 17);
        stem.push_str(&format!("~{:016x}", fnv1a(bytes)));
    }
    stem
}

/// Whether Windows reserves this name (with or without an extension) for a device.
fn is_windows_reserved(id: &str) -> bool {
    let base = id.split('.').next().unwrap_or(id).to_ascii_uppercase();
    matches!(base.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((base.starts_with("COM") || base.starts_with("LPT"))
            && base.len() == 4
            && base.as_bytes()[3].is_ascii_digit())
}

/// 64-bit FNV-1a: a hash that is the same on every platform and in every Rust release (std's
/// `DefaultHasher` promises neither), so a long id always maps to the same file.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn override_wins_when_set_and_not_empty() {
        let dir = data_dir_from(Some("/tmp/somewhere".into())).unwrap();
        assert_eq!(dir, PathBuf::from("/tmp/somewhere"));
        // Empty means unset: the platform directory (when the machine has a home).
        if let Ok(dir) = data_dir_from(Some(OsString::new())) {
            assert!(dir.ends_with("hallway"), "{}", dir.display());
        }
    }

    #[test]
    fn favourites_live_in_their_own_folder() {
        let path = favourites_path(Path::new("/data"), "kubecon-eu-2024");
        assert_eq!(path, PathBuf::from("/data/favourites/kubecon-eu-2024.ron"));
    }

    #[test]
    fn stems_are_safe_and_distinct() {
        let cases = [
            ("kubecon-eu-2024", "kubecon-eu-2024"),
            ("FOSDEM_2025", "FOSDEM_2025"),
            ("a/b", "a%2Fb"),
            ("a%2Fb", "a%252Fb"),
            ("..", "%2E%2E"),
            (".hidden", "%2Ehidden"),
            ("trail.", "trail%2E"),
            ("v1.2", "v1.2"),
            ("CON", "%43ON"),
            ("nul.txt", "%6Eul.txt"),
            ("com3", "%63om3"),
            ("console", "console"),
            ("Journées", "Journ%C3%A9es"),
            ("a b:c\\d", "a%20b%3Ac%5Cd"),
            ("", "%"),
        ];
        for (id, stem) in cases {
            assert_eq!(safe_file_stem(id), stem, "{id:?}");
        }
        let mut seen = HashSet::new();
        for (id, _) in cases {
            assert!(seen.insert(safe_file_stem(id)), "{id:?} collides");
        }
    }

    #[test]
    fn long_ids_are_cut_with_a_hash() {
        let long_a = "a".repeat(300);
        let long_b = format!("{}b", "a".repeat(299));
        let (a, b) = (safe_file_stem(&long_a), safe_file_stem(&long_b));
        assert_eq!(a.len(), MAX_STEM_BYTES);
        assert_eq!(b.len(), MAX_STEM_BYTES);
        assert_ne!(a, b);
        assert_eq!(a, safe_file_stem(&long_a));
        let wide = "é".repeat(100);
        assert!(safe_file_stem(&wide).len() <= MAX_STEM_BYTES);
    }
}
