//! Fuzzy search over session titles and speakers: accent-insensitive, typo-tolerant, ranked,
//! with the matched character positions for highlighting, and incremental as the query grows.
//!
//! Two ways in:
//! - [`SearchIndex::search`] answers one query at once (the `hallway search` command).
//! - [`Searcher`] keeps the last queries' results so that each keystroke narrows the previous
//!   query's candidates instead of scanning the whole schedule, and can spread a long scan over
//!   several frames ([`Searcher::advance`]), so that even 100,000 sessions never block the
//!   keyboard. Its results are always exactly those of [`SearchIndex::search`] for the same
//!   query, in the same order, however the query was typed or edited (see `Scan`).
//!
//! # Query language
//! - Words are separated by white space. Every word must match the title or one of the
//!   speakers, in any order; a session's score is the sum of its words' scores.
//! - `@word` must match a speaker, `#word` the track. A lone `@` or `#` is ignored.
//! - Matching is fuzzy (fuzzy-matcher's `SkimMatcherV2`: the letters in order, gaps allowed),
//!   case-insensitive always (`KUBERNETES`, `Kubernetes` and `kubernetes` find the same
//!   sessions, in the same order), accent-insensitive (`zoe` finds "Zoë", `lukasz` and
//!   `ŁUKASZ` "Łukasz", `strasse` "Straße", `ÖSTERLUND` "Österlund") and blind to zero-width
//!   characters and combining marks. Capitals are common in names and acronyms and say nothing
//!   about what the user means, so they never narrow a search.
//! - A word of [`TYPO_MIN_CHARS`] or more letters that does not match may still match a word of
//!   the text with one letter wrong, missing, extra or two neighbours swapped (`kuberentes`,
//!   `Manolahce`); such a match scores half what the correctly spelled word would, so exact
//!   matches rank first. The comparison is against the start of each word, so a half-typed
//!   word with a typo keeps its results while the rest is typed.
//! - Each word's match has a [`Tier`]: a [`Tier::Word`] when it starts a word of the text
//!   (`rust` in "Rust-ifying", `bpf` in "eBPF"), [`Tier::Close`] when it is one typo from the
//!   start of a word, unbroken inside a word, or its letters all fall in one word (`clod` in
//!   "Cloud"), else [`Tier::Scattered`] (letters spread over several words: `rust` in
//!   "Create A Custom Linux Init"). A session's tier is its worst word's. Hits are ranked by
//!   tier first, then by score, so what the user meant fills the first screen.
//! - Scattered hits are dropped when any hit of a better tier exists; only when nothing else
//!   matches are they shown (and then only those whose letters are not spread too thinly).
//! - Scores are fuzzy-matcher's, plus [`CONTIGUOUS_BONUS`] per letter when the word occurs
//!   as typed, unbroken, and [`WHOLE_WORD_BONUS`] per letter when it is a whole word.
//! - An empty query (nothing but white space, `@`, `#` or invisible characters) has no hits:
//!   the caller decides what an empty search line shows.
//! - Equal tiers and scores are ordered by start time, then by position in the schedule.
//!
//! # Highlighting
//! Positions are indices of characters (`char`s, never bytes) in the original, unfolded
//! strings of the schedule, sorted and without repeats. A folded letter highlights its whole
//! original character, including combining marks and invisible characters that follow it, so
//! "Müller", "Łukasz", a decomposed "Zoë", CJK and emoji titles light up the right letters.
//! [`highlight_runs`] turns positions into runs for one styled span each.
//!
//! # Example: a search line in the interface
//! ```no_run
//! use hallway::model::Schedule;
//! use hallway::search::{Searcher, highlight_runs};
//! use std::time::{Duration, Instant};
//!
//! fn on_keystroke(searcher: &mut Searcher, line: &str) {
//!     searcher.set_query(line);
//!     // Work for at most half a frame; call `advance` again while `!searcher.is_complete()`
//!     // and no key is waiting.
//!     let until = Instant::now() + Duration::from_millis(8);
//!     searcher.advance(|| Instant::now() < until);
//! }
//!
//! fn draw(schedule: &Schedule, searcher: &Searcher) {
//!     for hit in searcher.hits(0..20) {
//!         let title = &schedule.sessions[hit.session].title;
//!         for (text, matched) in highlight_runs(title, &hit.title_positions) {
//!             // one Span per run, bold + match colour when `matched`
//!             let _ = (text, matched);
//!         }
//!     }
//! }
//! ```

use crate::model::Schedule;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use std::fmt;
use std::ops::Range;

/// Query words shorter than this (in characters) must match as typed: with fewer letters, one
/// edit away matches nearly everything.
pub const TYPO_MIN_CHARS: usize = 4;

/// Longest query word checked for typos; longer words must match as typed.
const TYPO_MAX_CHARS: usize = 40;

/// Longest word of a title or name compared for typos; the rest of a longer word is ignored.
const MAX_WORD_CHARS: usize = 48;

/// Added per letter to a word's score when it occurs unbroken in the text, so that a whole
/// word beats the same letters scattered (fuzzy-matcher gives 16 per matched letter plus
/// bonuses, and only a little more for consecutive letters).
pub const CONTIGUOUS_BONUS: i64 = 4;

/// Added per letter to a word's score when it is a whole word of the text ("Rust" beats
/// "Rustls" for `rust`).
pub const WHOLE_WORD_BONUS: i64 = 4;

/// How well a query word matched, best last: hits are ranked by tier before score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    /// Letters spread over several words of the text.
    Scattered = 0,
    /// One typo from the start of a word, unbroken inside a word, or all in one word.
    Close = 1,
    /// Unbroken at the start of a word (a whole word, or the start of one).
    Word = 2,
}

/// The least fuzzy-matcher score per letter of a scattered match (see [`Tier`]) for it to
/// count at all: letters spread thinly over a long title ("istio" in "…ML Infrastructure with CNCF Projects", about
/// 11 per letter) are left out, a word typed with a letter or two skipped ("clod" for "Cloud")
/// is kept.
const MIN_SCORE_PER_CHAR: i64 = 16;

/// Sessions scanned between two checks of the caller's time budget in [`Searcher::advance`].
const CHUNK: usize = 512;

/// How many earlier queries a [`Searcher`] keeps, so that backspace is instant.
const MAX_LEVELS: usize = 64;

/// One search result: a session, its score and what to highlight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index into `Schedule::sessions`.
    pub session: usize,
    /// Sum of the query words' scores; higher is better. Only comparable within one query and
    /// one tier.
    pub score: i64,
    /// The worst tier of the query's words: hits are ordered by tier, then by score.
    pub tier: Tier,
    /// Char indices of the matched characters in the session's title.
    pub title_positions: Vec<usize>,
    /// Char indices of the matched characters in each speaker's name, one list per speaker in
    /// the order of `Session::speakers` (empty for a speaker that did not match).
    pub speaker_positions: Vec<Vec<usize>>,
    /// Char indices of the matched characters in the track name (only `#word`s match there).
    pub track_positions: Vec<usize>,
}

/// One hit of [`SearchIndex::rank`]: a [`Hit`] without its highlight positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ranked {
    /// Index into `Schedule::sessions`.
    pub session: usize,
    /// As [`Hit::score`].
    pub score: i64,
    /// As [`Hit::tier`].
    pub tier: Tier,
}

/// Whether a note matches a query: every word of the query (folded as the index folds) is in
/// the note's folded text. A query with `@` or `#` words is about speakers or tracks, which a
/// note is not: it never matches. Notes are few and short, so this is a plain scan.
pub fn note_matches(note: &str, query: &str) -> bool {
    let words: Vec<&str> = query.split_whitespace().collect();
    if words.is_empty()
        || words
            .iter()
            .any(|w| w.starts_with('@') || w.starts_with('#'))
    {
        return false;
    }
    let text = fold(note).to_ascii_lowercase();
    words.iter().all(|w| {
        let word = fold(w).to_ascii_lowercase();
        !word.is_empty() && text.contains(&word)
    })
}

/// Splits `text` into runs of unmatched and matched characters (`true` when matched), given
/// the char positions of a [`Hit`]: one styled span per run. Positions past the end are ignored.
pub fn highlight_runs<'a>(text: &'a str, positions: &[usize]) -> Vec<(&'a str, bool)> {
    let mut runs = Vec::new();
    let mut wanted = positions.iter().copied().peekable();
    let mut run_start = 0;
    let mut run_matched = false;
    for (char_index, (byte, _)) in text.char_indices().enumerate() {
        while wanted.next_if(|&p| p < char_index).is_some() {}
        let matched = wanted.peek() == Some(&char_index);
        if matched != run_matched {
            if byte > run_start {
                runs.push((&text[run_start..byte], run_matched));
            }
            run_start = byte;
            run_matched = matched;
        }
    }
    if text.len() > run_start {
        runs.push((&text[run_start..], run_matched));
    }
    runs
}

// ---------------------------------------------------------------------------------------------
// Folding

/// Plain letters for U+00C0..=U+024F, one byte per code point: the letter without its accents
/// (`Ł` → `L`, `ø` → `o`), or `.` when the character is not a letter with one plain letter
/// (those go through `expansion` or are kept). Generated from Unicode's decompositions (NFKD
/// without combining marks) plus the letters that have none (ł, ø, đ, ħ, ı, ŧ, ...).
const LATIN_00C0: &[u8; 400] = b"\
    AAAAAA.CEEEEIIIIDNOOOOO.OUUUUY..aaaaaa.ceeeeiiiidnooooo.ouuuuy.y\
    AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIi..JjKkkLlLlLlL\
    lLlNnNnNnnNnOoOoOo..RrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs\
    bB.....CcDD......FfG...IKkl..Nn.Oo..Pp......TtTUu.VYyZz.........\
    .............AaIiOoUuUuUuUuUu.AaAa..GgGgKkOoOo..j...Gg..NnAa..Oo\
    AaAaEeEeIiIiOoOoRrRrUuUuSsTt..Hh....ZzAaEeOoOoOoOoYylntj..ACcLTs\
    z..BU.EeJjQqRrYy\
";

/// Plain letters for U+1E00..=U+1EFF (Latin Extended Additional, Vietnamese), as above.
const LATIN_1E00: &[u8; 256] = b"\
    AaBbBbBbCcDdDdDdDdDdEeEeEeEeEeFfGgHhHhHhHhHhIiIiKkKkKkLlLlLlLlMm\
    MmMmNnNnNnNnOoOoOoOoPpPpRrRrRrRrSsSsSsSsSsTtTtTtTtUuUuUuUuUuVvVv\
    WwWwWwWwWwXxXxYyZzZzZzhtwyasss..AaAaAaAaAaAaAaAaAaAaAaAaEeEeEeEe\
    EeEeEeEeIiIiOoOoOoOoOoOoOoOoOoOoOoOoUuUuUuUuUuUuUuYyYyYyYy......\
";

/// Characters that fold to more than one letter, or to punctuation a keyboard has.
fn expansion(c: char) -> Option<&'static str> {
    Some(match c {
        'Æ' | 'Ǣ' | 'Ǽ' => "Ae",
        'æ' | 'ǣ' | 'ǽ' => "ae",
        'Œ' => "Oe",
        'œ' => "oe",
        'ß' => "ss",
        'ẞ' => "SS",
        'Þ' => "Th",
        'þ' => "th",
        'Ĳ' => "IJ",
        'ĳ' => "ij",
        'Ǆ' | 'Ǳ' => "DZ",
        'ǅ' | 'ǲ' => "Dz",
        'ǆ' | 'ǳ' => "dz",
        'Ǉ' => "LJ",
        'ǈ' => "Lj",
        'ǉ' => "lj",
        'Ǌ' => "NJ",
        'ǋ' => "Nj",
        'ǌ' => "nj",
        'ﬀ' => "ff",
        'ﬁ' => "fi",
        'ﬂ' => "fl",
        'ﬃ' => "ffi",
        'ﬄ' => "ffl",
        'ﬅ' | 'ﬆ' => "st",
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' => "'",
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' => "\"",
        '\u{2010}'..='\u{2015}' | '\u{2212}' => "-",
        '\u{2026}' => "...",
        '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => " ",
        _ => return None,
    })
}

/// Characters that fold to nothing: combining marks (so a decomposed "e\u{308}" is an "e"),
/// zero-width and bidi controls, soft hyphens and variation selectors.
fn is_ignorable(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{ad}'
            | '\u{300}'..='\u{36f}'
            | '\u{1ab0}'..='\u{1aff}'
            | '\u{1dc0}'..='\u{1dff}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{20d0}'..='\u{20ff}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{fe20}'..='\u{fe2f}'
            | '\u{feff}'
            | '\u{e0100}'..='\u{e01ef}')
}

/// Folds one character for matching: Latin letters lose their accents but keep their case
/// (fuzzy-matcher's word-boundary bonuses read camelCase from it; it compares case as ASCII
/// only), other letters become lower case (so that Cyrillic or Greek match without case too),
/// invisible characters vanish.
fn fold_char(c: char, push: &mut impl FnMut(char)) {
    if c.is_ascii() {
        if !c.is_ascii_control() {
            push(c);
        }
        return;
    }
    let code = c as u32;
    let plain = match code {
        0xc0..=0x24f => LATIN_00C0[(code - 0xc0) as usize],
        0x1e00..=0x1eff => LATIN_1E00[(code - 0x1e00) as usize],
        _ => b'.',
    };
    if plain != b'.' {
        push(char::from(plain));
    } else if let Some(text) = expansion(c) {
        text.chars().for_each(push);
    } else if !is_ignorable(c) {
        c.to_lowercase().for_each(push);
    }
}

/// Folds a whole string for matching (see `fold_char`): accents off, invisible characters gone.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, &mut |f| out.push(f));
    }
    out
}

/// A bit per letter or digit (case-insensitive), and a few shared bits for everything else: a
/// text can only contain a word whose bits it has, a cheap test before the fuzzy matcher runs.
fn char_bit(c: char) -> u64 {
    let c = c.to_ascii_lowercase();
    let bit = match c {
        'a'..='z' => c as u32 - 'a' as u32,
        '0'..='9' => 26 + (c as u32 - '0' as u32),
        _ => 36 + (c as u32 % 28),
    };
    1 << bit
}

fn mask_of(text: &str) -> u64 {
    text.chars().fold(0, |mask, c| mask | char_bit(c))
}

// ---------------------------------------------------------------------------------------------
// The index

/// Marks a field whose folded text is its original text (plain ASCII): no position map.
const IDENTITY: u32 = u32::MAX;

/// One searchable string (a title, a speaker's name, a track), folded.
#[derive(Debug, Clone)]
struct Field {
    /// Byte range of the folded text in `SearchIndex::text`.
    start: u32,
    end: u32,
    /// Start of this field's map in `SearchIndex::map` (one original char index per folded
    /// char), or `IDENTITY`.
    map: u32,
    /// Number of folded chars.
    chars: u32,
    /// Number of chars in the original string.
    original_chars: u32,
    mask: u64,
}

/// One session: its fields are `fields[first]` (the title), the speakers after it, then the
/// track if it has one.
#[derive(Debug, Clone)]
struct Entry {
    session: u32,
    first: u32,
    speakers: u32,
    has_track: bool,
    /// Bits of the title and the speakers together.
    mask: u64,
}

/// Where a query word may match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    TitleOrSpeakers,
    Speakers,
    Track,
}

/// One word of a query, folded.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Term {
    scope: Scope,
    text: String,
    chars: Vec<char>,
    mask: u64,
    /// Whether a typo match is tried when the word does not match as typed.
    typo: bool,
}

impl Term {
    fn new(scope: Scope, word: &str) -> Option<Term> {
        // Lower case, so that capitals in the query cannot even change a score (fuzzy-matcher
        // rewards letters whose case agrees).
        let text = fold(word).to_ascii_lowercase();
        if text.is_empty() {
            return None;
        }
        let chars: Vec<char> = text.chars().collect();
        let typo = (TYPO_MIN_CHARS..=TYPO_MAX_CHARS).contains(&chars.len())
            && chars.iter().all(|c| c.is_alphanumeric());
        Some(Term {
            scope,
            mask: mask_of(&text),
            typo,
            chars,
            text,
        })
    }

    /// Whether every session matching `self` also matches `other`, so that `self`'s hits can be
    /// searched among `other`'s: `self` is `other` with letters added at the end. A subsequence
    /// of the text stays one without its last letters, and so does a word one edit away from
    /// the start of a text word; but a word that just became long enough for typos may match
    /// where the shorter one did not.
    fn implies(&self, other: &Term) -> bool {
        self.scope == other.scope
            && (!self.typo || other.typo)
            && self.chars.len() >= other.chars.len()
            && self
                .chars
                .iter()
                .zip(&other.chars)
                .all(|(a, b)| a.eq_ignore_ascii_case(b))
    }
}

/// Splits a query into its words (see the module documentation).
fn parse_query(query: &str) -> Vec<Term> {
    query
        .split_whitespace()
        .filter_map(|word| {
            if let Some(rest) = word.strip_prefix('@') {
                Term::new(Scope::Speakers, rest)
            } else if let Some(rest) = word.strip_prefix('#') {
                Term::new(Scope::Track, rest)
            } else {
                Term::new(Scope::TitleOrSpeakers, word)
            }
        })
        .collect()
}

/// Whether every hit of `new` is a hit of `old`, so `new` can be searched among `old`'s hits.
fn narrows(old: &[Term], new: &[Term]) -> bool {
    old.iter().all(|t| new.iter().any(|u| u.implies(t)))
}

/// What a query found in one session.
///
/// Narrowing needs a test that only ever gets stricter as a word grows: every session that
/// matches a longer query must have been kept from its prefix. Whether a session is a hit is
/// not such a test (a score per letter that is high enough for `poe` can be too low for
/// `poettering`, where the letters then spread out), so the incremental search narrows the
/// *candidates* instead: sessions in which every word's letters occur in order in a field (or
/// one edit from the start of a word), which stays true of every shorter prefix. The hits are
/// then decided among the candidates exactly as a one-shot search decides them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scan {
    /// Not a candidate: no longer query that this one narrows to can match.
    Out,
    /// A candidate but not a hit.
    Candidate,
    /// A hit, with its tier and score.
    Hit(Tier, i64),
}

/// How one query word matched one session.
struct TermMatch {
    tier: Tier,
    score: i64,
    /// Index into `SearchIndex::fields`.
    field: u32,
    /// Folded char indices (empty unless positions were asked for).
    positions: Vec<usize>,
}

/// The folded titles, speakers and tracks of one schedule, built once per schedule. It copies
/// what it needs, so it stays valid as long as the schedule's sessions are not changed.
pub struct SearchIndex {
    /// Sessions in timeline order (start, then schedule order), which is the tie-break order.
    entries: Vec<Entry>,
    fields: Vec<Field>,
    text: String,
    map: Vec<u32>,
}

impl fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SearchIndex")
            .field("sessions", &self.entries.len())
            .field("text_bytes", &self.text.len())
            .finish_non_exhaustive()
    }
}

/// Scores are clamped to +/- this in a sort key (30 bits).
const KEY_SCORE_MAX: i64 = (1 << 29) - 1;

/// Sort key of a hit: better tier first, then better score, then timeline order. Packing them
/// in a `u64` (2, 30 and 32 bits) makes sorting and merging hits cheap.
fn sort_key(tier: Tier, score: i64, rank: u32) -> u64 {
    let clamped = score.clamp(-KEY_SCORE_MAX, KEY_SCORE_MAX);
    (2 - tier as u64) << 62 | ((KEY_SCORE_MAX - clamped) as u64) << 32 | u64::from(rank)
}

fn key_tier(key: u64) -> Tier {
    match key >> 62 {
        0 => Tier::Word,
        1 => Tier::Close,
        _ => Tier::Scattered,
    }
}

/// How many of these sorted keys are shown: all, unless a better tier than scattered is
/// there, then those of the better tiers (they sort first).
fn shown(keys: &[u64]) -> usize {
    match keys.first() {
        Some(&best) if key_tier(best) > Tier::Scattered => {
            keys.partition_point(|&k| key_tier(k) > Tier::Scattered)
        }
        _ => keys.len(),
    }
}

fn key_rank(key: u64) -> u32 {
    // The low half is the rank by construction.
    (key & u64::from(u32::MAX)) as u32
}

fn key_score(key: u64) -> i64 {
    KEY_SCORE_MAX - ((key >> 32) & ((1 << 30) - 1)) as i64
}

/// A [`SearchIndex`] built a part at a time, so that the index of a very large schedule can be
/// built between keys (100,000 sessions take about 100 ms) before the search is first opened.
#[derive(Debug)]
pub struct IndexBuilder {
    /// Sessions in timeline order, the order they are indexed in.
    order: Vec<usize>,
    /// How many of `order` are indexed.
    done: usize,
    index: SearchIndex,
}

impl IndexBuilder {
    /// Starts an index of `schedule`: sorts its sessions, folds none yet.
    pub fn new(schedule: &Schedule) -> IndexBuilder {
        IndexBuilder {
            index: SearchIndex::empty(schedule.sessions.len()),
            order: timeline_order(schedule),
            done: 0,
        }
    }

    /// Folds up to `sessions` more sessions of `schedule` (the one the builder was started
    /// with); true once all are.
    pub fn advance(&mut self, schedule: &Schedule, sessions: usize) -> bool {
        let end = self.done.saturating_add(sessions).min(self.order.len());
        for &i in &self.order[self.done..end] {
            self.index.push_session(schedule, i);
        }
        self.done = end;
        self.is_complete()
    }

    /// Whether every session is indexed.
    pub fn is_complete(&self) -> bool {
        self.done == self.order.len()
    }

    /// The index, once complete; the builder back while it is not.
    pub fn finish(self) -> Result<SearchIndex, Box<IndexBuilder>> {
        if self.is_complete() {
            Ok(self.index)
        } else {
            Err(Box::new(self))
        }
    }
}

/// The sessions' indices by start, then by position in the schedule.
fn timeline_order(schedule: &Schedule) -> Vec<usize> {
    let sessions = &schedule.sessions;
    // Sorted by a key made once per session, not by comparing sessions (which reads each
    // one again at every comparison, scattered in memory); the position breaks ties, so an
    // unstable sort gives the one order.
    let mut keys: Vec<(i64, u32, usize)> = sessions
        .iter()
        .enumerate()
        .map(|(i, s)| (s.start.timestamp(), s.start.timestamp_subsec_nanos(), i))
        .collect();
    if !keys.is_sorted() {
        keys.sort_unstable();
    }
    keys.into_iter().map(|(_, _, i)| i).collect()
}

/// Sessions from which [`SearchIndex::new`] and [`SearchIndex::search`] split their work in
/// two threads: below it, starting a thread costs more than it saves.
const PARALLEL_SESSIONS: usize = 20_000;

/// Whether to work in two threads over `n` sessions.
fn in_parallel(n: usize) -> bool {
    n >= PARALLEL_SESSIONS && std::thread::available_parallelism().is_ok_and(|p| p.get() > 1)
}

impl SearchIndex {
    /// Folds the titles, speakers and tracks of every session (a large schedule in two
    /// threads, each folding half the sessions, the halves then put end to end: the same
    /// index as folding them in one).
    pub fn new(schedule: &Schedule) -> SearchIndex {
        let order = timeline_order(schedule);
        let build = |order: &[usize]| {
            let mut index = SearchIndex::empty(order.len());
            for &i in order {
                index.push_session(schedule, i);
            }
            index
        };
        if !in_parallel(order.len()) {
            return build(&order);
        }
        let (first, second) = order.split_at(order.len() / 2);
        std::thread::scope(|scope| {
            let later = scope.spawn(|| build(second));
            let mut index = build(first);
            match later.join() {
                Ok(later) => {
                    index.append(later);
                    index
                }
                // Folding does not panic; if it ever did, the one-thread way still answers.
                Err(_) => build(&order),
            }
        })
    }

    fn empty(sessions: usize) -> SearchIndex {
        SearchIndex {
            entries: Vec::with_capacity(sessions),
            fields: Vec::with_capacity(sessions * 4),
            text: String::with_capacity(sessions * 64),
            map: Vec::new(),
        }
    }

    /// Puts the sessions of `later` after those of `self`.
    fn append(&mut self, later: SearchIndex) {
        let (fields, text, map) = (
            self.fields.len() as u32,
            self.text.len() as u32,
            self.map.len() as u32,
        );
        self.entries
            .extend(later.entries.into_iter().map(|e| Entry {
                first: e.first + fields,
                ..e
            }));
        self.fields.extend(later.fields.into_iter().map(|f| Field {
            start: f.start + text,
            end: f.end + text,
            map: if f.map == IDENTITY {
                IDENTITY
            } else {
                f.map + map
            },
            ..f
        }));
        self.text.push_str(&later.text);
        self.map.extend_from_slice(&later.map);
    }

    /// Folds one session's title, speakers and track, after those already indexed.
    fn push_session(&mut self, schedule: &Schedule, i: usize) {
        let session = &schedule.sessions[i];
        let first = self.fields.len() as u32;
        let mut mask = self.push_field(&session.title);
        for speaker in &session.speakers {
            mask |= self.push_field(&speaker.name);
        }
        if let Some(track) = &session.track {
            self.push_field(&track.0);
        }
        self.entries.push(Entry {
            session: i as u32,
            first,
            speakers: session.speakers.len() as u32,
            has_track: session.track.is_some(),
            mask,
        });
    }

    /// Number of sessions indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the schedule has no sessions.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The best hits for `query`, best first, at most `limit` of them, each with its
    /// highlight positions. An empty query has no hits.
    pub fn search(&self, query: &str, limit: Option<usize>) -> Vec<Hit> {
        let terms = parse_query(query);
        let keys = self.ranked_keys(&terms, limit);
        keys.iter().map(|&key| self.hit(key, &terms)).collect()
    }

    /// The hits of [`SearchIndex::search`], in the same order, without their highlight
    /// positions: what `hallway search` prints needs none, and finding them costs more than
    /// ranking when a query matches thousands of sessions.
    pub fn rank(&self, query: &str, limit: Option<usize>) -> Vec<Ranked> {
        let keys = self.ranked_keys(&parse_query(query), limit);
        keys.iter()
            .map(|&key| Ranked {
                session: self.entries[key_rank(key) as usize].session as usize,
                score: key_score(key),
                tier: key_tier(key),
            })
            .collect()
    }

    /// The sort keys of the hits shown for a query, best first, at most `limit` of them.
    fn ranked_keys(&self, terms: &[Term], limit: Option<usize>) -> Vec<u64> {
        if terms.is_empty() {
            return Vec::new();
        }
        let keys_of = |ranks: Range<u32>| -> Vec<u64> {
            ranks
                .filter_map(|rank| match self.scan(rank, terms) {
                    Scan::Hit(tier, score) => Some(sort_key(tier, score, rank)),
                    Scan::Candidate | Scan::Out => None,
                })
                .collect()
        };
        let n = self.entries.len() as u32;
        // Each key holds its rank, so the keys are all different and sort into one order
        // however they were found.
        let mut keys = if in_parallel(n as usize) {
            std::thread::scope(|scope| {
                let later = scope.spawn(|| keys_of(n / 2..n));
                let mut keys = keys_of(0..n / 2);
                match later.join() {
                    Ok(later) => keys.extend(later),
                    // Scanning does not panic; if it ever did, one thread still answers.
                    Err(_) => keys.extend(keys_of(n / 2..n)),
                }
                keys
            })
        } else {
            keys_of(0..n)
        };
        if keys.iter().any(|&k| key_tier(k) > Tier::Scattered) {
            keys.retain(|&k| key_tier(k) > Tier::Scattered);
        }
        if let Some(limit) = limit
            && limit < keys.len()
        {
            keys.select_nth_unstable(limit);
            keys.truncate(limit);
        }
        keys.sort_unstable();
        keys
    }

    fn push_field(&mut self, original: &str) -> u64 {
        let start = self.text.len();
        // Printable ASCII folds to itself (most titles, many names): copied as it is, with no
        // position map, which is most of what building the index costs otherwise.
        if original
            .bytes()
            .all(|b| b.is_ascii() && !b.is_ascii_control())
        {
            self.text.push_str(original);
            let mask = original
                .bytes()
                .fold(0, |mask, b| mask | char_bit(char::from(b)));
            let chars = original.len() as u32;
            self.fields.push(Field {
                start: start as u32,
                end: self.text.len() as u32,
                map: IDENTITY,
                chars,
                original_chars: chars,
                mask,
            });
            return mask;
        }
        let map_start = self.map.len();
        let mut original_chars = 0;
        {
            let (text, map) = (&mut self.text, &mut self.map);
            for (i, c) in original.chars().enumerate() {
                fold_char(c, &mut |f| {
                    text.push(f);
                    map.push(i as u32);
                });
                original_chars = i + 1;
            }
        }
        let chars = self.map.len() - map_start;
        let folded = &self.text[start..];
        let identity = folded == original;
        if identity {
            self.map.truncate(map_start);
        }
        let mask = mask_of(folded);
        self.fields.push(Field {
            start: start as u32,
            end: self.text.len() as u32,
            map: if identity { IDENTITY } else { map_start as u32 },
            chars: chars as u32,
            original_chars: original_chars as u32,
            mask,
        });
        mask
    }

    fn field_text(&self, field: &Field) -> &str {
        &self.text[field.start as usize..field.end as usize]
    }

    /// The fields a word may match in.
    fn fields_for(&self, entry: &Entry, scope: Scope) -> Range<u32> {
        let speakers = entry.first + 1..entry.first + 1 + entry.speakers;
        match scope {
            Scope::TitleOrSpeakers => entry.first..speakers.end,
            Scope::Speakers => speakers,
            Scope::Track if entry.has_track => speakers.end..speakers.end + 1,
            Scope::Track => 0..0,
        }
    }

    /// Whether a session is a candidate for a query, and its score if it is a hit.
    fn scan(&self, rank: u32, terms: &[Term]) -> Scan {
        let entry = &self.entries[rank as usize];
        let mut total = Some((Tier::Word, 0));
        for term in terms {
            if term.scope == Scope::TitleOrSpeakers {
                let missing = (term.mask & !entry.mask).count_ones();
                if missing > 1 || (missing == 1 && !term.typo) {
                    return Scan::Out;
                }
            }
            let (candidate, found) = self.match_term(entry, term, false);
            if !candidate {
                return Scan::Out;
            }
            total = match (total, found) {
                (Some((tier, total)), Some(found)) => {
                    Some((tier.min(found.tier), total + found.score))
                }
                _ => None,
            };
        }
        total.map_or(Scan::Candidate, |(tier, score)| Scan::Hit(tier, score))
    }

    /// The best match of one word in one session: as typed in any field if possible, else with
    /// a typo. Also says whether the session is a candidate for the word (see [`Scan`]): its
    /// letters occur in order in a field, or it is one edit from the start of a word.
    fn match_term(
        &self,
        entry: &Entry,
        term: &Term,
        with_positions: bool,
    ) -> (bool, Option<TermMatch>) {
        let fields = self.fields_for(entry, term.scope);
        let mut best: Option<TermMatch> = None;
        let mut candidate = false;
        for f in fields.clone() {
            let field = &self.fields[f as usize];
            let text = self.field_text(field);
            if term.mask & !field.mask != 0 || !is_subsequence(text, term) {
                continue;
            }
            candidate = true;
            let found = if with_positions {
                matcher().fuzzy_indices(text, &term.text)
            } else {
                matcher()
                    .fuzzy_match(text, &term.text)
                    .map(|score| (score, Vec::new()))
            };
            let (tier, whole) = tier_of(text, term);
            // Letters scattered all over a long title are noise, not a match: a scattered
            // word must earn at least MIN_SCORE_PER_CHAR per letter (an unbroken word earns
            // about 25).
            let found = found.filter(|(score, _)| {
                tier > Tier::Scattered || *score >= MIN_SCORE_PER_CHAR * term.chars.len() as i64
            });
            if let Some((mut score, positions)) = found {
                let n = term.chars.len() as i64;
                if tier == Tier::Word || contains(text, term) {
                    score += CONTIGUOUS_BONUS * n;
                }
                if whole {
                    score += WHOLE_WORD_BONUS * n;
                }
                if best
                    .as_ref()
                    .is_none_or(|b| (tier, score) > (b.tier, b.score))
                {
                    best = Some(TermMatch {
                        tier,
                        score,
                        field: f,
                        positions,
                    });
                }
            }
        }
        // A typo at the start of a word beats letters scattered over several words.
        if best.as_ref().is_some_and(|b| b.tier > Tier::Scattered) || !term.typo {
            return (candidate, best);
        }
        for f in fields {
            let field = &self.fields[f as usize];
            if (term.mask & !field.mask).count_ones() > 1 {
                continue;
            }
            let text = self.field_text(field);
            let Some((chars, bytes)) = typo_match(text, term) else {
                continue;
            };
            candidate = true;
            // Half what the word would score typed right: below any unbroken exact match
            // (whose letters earn at least 16 + 8 each), above most scattered ones.
            let right = matcher().fuzzy_match(text, &text[bytes]).unwrap_or(0)
                + CONTIGUOUS_BONUS * chars.len() as i64;
            let score = (right / 2).max(1);
            if best
                .as_ref()
                .is_none_or(|b| (Tier::Close, score) > (b.tier, b.score))
            {
                best = Some(TermMatch {
                    tier: Tier::Close,
                    score,
                    field: f,
                    positions: if with_positions {
                        chars.collect()
                    } else {
                        Vec::new()
                    },
                });
            }
        }
        (candidate, best)
    }

    /// Maps folded char positions of a field to char positions of its original string.
    fn original_positions(&self, field: &Field, folded: &[usize], out: &mut Vec<usize>) {
        if field.map == IDENTITY {
            out.extend_from_slice(folded);
            return;
        }
        let start = field.map as usize;
        let map = &self.map[start..start + field.chars as usize];
        for &k in folded {
            let Some(&from) = map.get(k) else { continue };
            // The folded char covers its original char and whatever folded to nothing after
            // it (combining marks, variation selectors), up to the next original char.
            let to = map[k + 1..]
                .iter()
                .copied()
                .find(|&m| m != from)
                .unwrap_or(field.original_chars);
            out.extend(from as usize..to as usize);
        }
    }

    /// A hit with its highlight positions.
    fn hit(&self, key: u64, terms: &[Term]) -> Hit {
        let entry = &self.entries[key_rank(key) as usize];
        let mut hit = Hit {
            session: entry.session as usize,
            score: key_score(key),
            tier: key_tier(key),
            title_positions: Vec::new(),
            speaker_positions: vec![Vec::new(); entry.speakers as usize],
            track_positions: Vec::new(),
        };
        for term in terms {
            let (_, Some(found)) = self.match_term(entry, term, true) else {
                continue;
            };
            let field = &self.fields[found.field as usize];
            let out = match (found.field - entry.first) as usize {
                0 => &mut hit.title_positions,
                n if n <= hit.speaker_positions.len() => &mut hit.speaker_positions[n - 1],
                _ => &mut hit.track_positions,
            };
            self.original_positions(field, &found.positions, out);
        }
        for positions in std::iter::once(&mut hit.title_positions)
            .chain(hit.speaker_positions.iter_mut())
            .chain(std::iter::once(&mut hit.track_positions))
        {
            positions.sort_unstable();
            positions.dedup();
        }
        hit
    }
}

/// A matcher for one match. fuzzy-matcher keeps its score matrices between matches, and a
/// score could then depend on the texts matched before it (the same session scored 132 or
/// 136 for one query depending on what had been searched), so that the app and `hallway
/// search` could rank alike queries differently; its switch to not keep them panics (0.3.7).
fn matcher() -> SkimMatcherV2 {
    SkimMatcherV2::default().ignore_case()
}

/// Whether the word's bytes occur in order in the text, ignoring ASCII case: needed for
/// a fuzzy match, and much cheaper to rule out than with the matcher (which first copies the
/// text into chars). Sound for UTF-8 for the same reasons as `contains`.
fn is_subsequence(text: &str, term: &Term) -> bool {
    let mut wanted = term.text.as_bytes().iter();
    let Some(mut want) = wanted.next() else {
        return true;
    };
    for byte in text.as_bytes() {
        if byte.eq_ignore_ascii_case(want) {
            match wanted.next() {
                Some(next) => want = next,
                None => return true,
            }
        }
    }
    false
}

/// Whether a byte of folded text is part of a word: ASCII letters and digits, and every byte
/// of a non-ASCII character (folded text keeps only letters and symbols there).
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || !b.is_ascii()
}

/// Whether a word of the text starts (or ends, with `at` its end) between `text[at - 1]` and
/// `text[at]`: at the ends of the text, beside a non-word byte, or at a camelCase step.
fn is_boundary(text: &[u8], at: usize) -> bool {
    at == 0
        || at == text.len()
        || !is_word_byte(text[at - 1])
        || !is_word_byte(text[at])
        || (text[at - 1].is_ascii_lowercase() && text[at].is_ascii_uppercase())
}

/// The [`Tier`] of a word that is a subsequence of the text, and whether it is a whole word.
fn tier_of(text: &str, term: &Term) -> (Tier, bool) {
    let (bytes, word) = (text.as_bytes(), term.text.as_bytes());
    let mut inside = false;
    let mut best = (Tier::Scattered, false);
    for (i, w) in bytes.windows(word.len()).enumerate() {
        if w.eq_ignore_ascii_case(word) {
            if is_boundary(bytes, i) {
                if is_boundary(bytes, i + word.len()) {
                    return (Tier::Word, true);
                }
                best = (Tier::Word, false);
            }
            inside = true;
        }
    }
    if best.0 == Tier::Word {
        return best;
    }
    if inside || in_one_word(bytes, word) {
        return (Tier::Close, false);
    }
    best
}

/// Whether the word's letters occur in order within one word of the text.
fn in_one_word(text: &[u8], word: &[u8]) -> bool {
    let mut next = 0;
    for (i, &b) in text.iter().enumerate() {
        if i > 0 && is_boundary(text, i) {
            next = 0;
        }
        if b.eq_ignore_ascii_case(&word[next]) {
            next += 1;
            if next == word.len() {
                return true;
            }
        }
    }
    false
}

/// Whether the word occurs unbroken in the text, ignoring ASCII case. Comparing bytes
/// is sound for UTF-8: a match cannot start inside a character, and only ASCII letters are
/// compared without case (other letters are folded to lower case on both sides).
fn contains(text: &str, term: &Term) -> bool {
    let (text, word) = (text.as_bytes(), term.text.as_bytes());
    text.windows(word.len())
        .any(|w| w.eq_ignore_ascii_case(word))
}

/// The first word of `text` whose start is at most one edit from the query word (see
/// `prefix_within_one_edit`): its folded char range and the byte range of that start.
fn typo_match(text: &str, term: &Term) -> Option<(Range<usize>, Range<usize>)> {
    let mut word = ['\0'; MAX_WORD_CHARS];
    let mut len = 0;
    let (mut start_char, mut start_byte) = (0, 0);
    let mut chars = text.char_indices().enumerate();
    loop {
        let next = chars.next();
        match next {
            Some((ci, (bi, c))) if c.is_alphanumeric() => {
                if len == 0 {
                    (start_char, start_byte) = (ci, bi);
                }
                if len < MAX_WORD_CHARS {
                    word[len] = c;
                    len += 1;
                }
                continue;
            }
            _ => {}
        }
        if len + 1 >= term.chars.len()
            && let Some(matched) = prefix_within_one_edit(&term.chars, &word[..len])
        {
            let bytes: usize = word[..matched].iter().map(|c| c.len_utf8()).sum();
            return Some((
                start_char..start_char + matched,
                start_byte..start_byte + bytes,
            ));
        }
        len = 0;
        next?;
    }
}

/// Whether some start of `word` is at most one edit (a letter wrong, missing, extra, or two
/// neighbours swapped) from `query`; returns the length of that start. The first mismatch is
/// where the one edit must be, so only that place is tried. Case is ignored.
fn prefix_within_one_edit(query: &[char], word: &[char]) -> Option<usize> {
    let eq = |a: &char, b: &char| a.eq_ignore_ascii_case(b);
    let starts =
        |q: &[char], w: &[char]| q.len() <= w.len() && q.iter().zip(w).all(|(a, b)| eq(a, b));
    let i = query.iter().zip(word).take_while(|(a, b)| eq(a, b)).count();
    let n = query.len();
    if i == n {
        return Some(n);
    }
    // Tried longest start first, for the most natural highlight.
    if i < word.len() && starts(&query[i..], &word[i + 1..]) {
        return Some(n + 1); // one letter missing
    }
    if i + 1 < n
        && i + 1 < word.len()
        && eq(&query[i], &word[i + 1])
        && eq(&query[i + 1], &word[i])
        && starts(&query[i + 2..], &word[i + 2..])
    {
        return Some(n); // two letters swapped
    }
    if i < word.len() && starts(&query[i + 1..], &word[i + 1..]) {
        return Some(n); // one letter wrong
    }
    if starts(&query[i + 1..], &word[i..]) {
        return Some(n - 1); // one letter too many
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Incremental search

/// Where a level's candidates come from.
#[derive(Debug)]
enum Source {
    /// Every session.
    All,
    /// These entry ranks, ascending: the candidates of the query this one narrows.
    Ranks(Vec<u32>),
}

/// The search for one query: where its candidates come from, how far the scan got, the
/// candidates and the hits found so far.
#[derive(Debug)]
struct Level {
    terms: Vec<Term>,
    source: Source,
    scanned: usize,
    /// Ranks of the candidates found so far (see [`Scan`]), ascending: what a query that
    /// narrows this one searches. A superset of the hits.
    candidates: Vec<u32>,
    /// Sort keys of the hits found so far, sorted.
    found: Vec<u64>,
}

impl Level {
    fn source_len(&self, all: usize) -> usize {
        match &self.source {
            Source::All => all,
            Source::Ranks(ranks) => ranks.len(),
        }
    }

    fn is_complete(&self, all: usize) -> bool {
        self.scanned >= self.source_len(all)
    }

    /// The candidates of a query that narrows this one: the candidates so far and what is
    /// still unscanned. Ascending (timeline order, which keeps the scan cache-friendly and
    /// partial results in a stable order): the candidates come from the scanned part.
    fn narrowed_source(&self, all: usize) -> Vec<u32> {
        let mut ranks = self.candidates.clone();
        match &self.source {
            Source::All => ranks.extend(self.scanned as u32..all as u32),
            Source::Ranks(source) => ranks.extend_from_slice(&source[self.scanned..]),
        }
        ranks
    }
}

/// Incremental search for an interactive search line: owns the [`SearchIndex`], remembers the
/// chain of queries typed so far and their hits, so that a query that extends the previous one
/// only searches its hits, and backspace returns to an earlier result at once.
///
/// Results are always sorted, best first; while [`Searcher::is_complete`] is false they are
/// the hits found so far.
#[derive(Debug)]
pub struct Searcher {
    index: SearchIndex,
    query: String,
    /// Each level's query narrows the one below it.
    levels: Vec<Level>,
}

impl Searcher {
    /// A searcher over a schedule, with an empty query.
    pub fn new(schedule: &Schedule) -> Searcher {
        Searcher::with_index(SearchIndex::new(schedule))
    }

    /// A searcher over an index already built.
    pub fn with_index(index: SearchIndex) -> Searcher {
        Searcher {
            index,
            query: String::new(),
            levels: Vec::new(),
        }
    }

    /// The index searched.
    pub fn index(&self) -> &SearchIndex {
        &self.index
    }

    /// The query last set.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// Sets the query. Cheap: the scanning happens in [`Searcher::advance`] (or
    /// [`Searcher::finish`]). An earlier query of the chain is restored with its results; a
    /// query that extends the current one will search only the current hits.
    pub fn set_query(&mut self, query: &str) {
        if query == self.query {
            return;
        }
        query.clone_into(&mut self.query);
        let terms = parse_query(query);
        if terms.is_empty() {
            self.levels.clear();
            return;
        }
        while let Some(top) = self.levels.last() {
            if top.terms == terms {
                return;
            }
            if narrows(&top.terms, &terms) {
                break;
            }
            self.levels.pop();
        }
        let all = self.index.len();
        let source = match self.levels.last() {
            Some(top) => Source::Ranks(top.narrowed_source(all)),
            None => Source::All,
        };
        self.levels.push(Level {
            terms,
            source,
            scanned: 0,
            candidates: Vec::new(),
            found: Vec::new(),
        });
        if self.levels.len() > MAX_LEVELS {
            self.levels.remove(0);
        }
    }

    /// Scans for the current query in chunks of a few hundred sessions, asking `keep_going`
    /// between chunks whether to go on (for example "is the time budget left, and no key
    /// waiting?"). Returns whether the search is complete. The results are sorted on return.
    pub fn advance(&mut self, mut keep_going: impl FnMut() -> bool) -> bool {
        let all = self.index.len();
        let Some(level) = self.levels.last_mut() else {
            return true;
        };
        let sorted = level.found.len();
        loop {
            let end = (level.scanned + CHUNK).min(level.source_len(all));
            let ranks = match &level.source {
                Source::All => &(level.scanned as u32..end as u32).collect::<Vec<_>>()[..],
                Source::Ranks(ranks) => &ranks[level.scanned..end],
            };
            for &rank in ranks {
                match self.index.scan(rank, &level.terms) {
                    Scan::Out => {}
                    Scan::Candidate => level.candidates.push(rank),
                    Scan::Hit(tier, score) => {
                        level.candidates.push(rank);
                        level.found.push(sort_key(tier, score, rank));
                    }
                }
            }
            level.scanned = end;
            if level.is_complete(all) || !keep_going() {
                break;
            }
        }
        level.found[sorted..].sort_unstable();
        // Two sorted runs: the stable sort merges them in linear time.
        level.found.sort();
        level.is_complete(all)
    }

    /// Completes the search for the current query.
    pub fn finish(&mut self) {
        self.advance(|| true);
    }

    /// Whether the current query has been searched through.
    pub fn is_complete(&self) -> bool {
        self.levels
            .last()
            .is_none_or(|level| level.is_complete(self.index.len()))
    }

    /// Number of hits (so far).
    pub fn len(&self) -> usize {
        self.keys().len()
    }

    /// Whether there are no hits (so far).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The sessions hit, best first, as indices into `Schedule::sessions`.
    pub fn sessions(&self) -> impl Iterator<Item = usize> + '_ {
        self.keys()
            .iter()
            .map(|&key| self.index.entries[key_rank(key) as usize].session as usize)
    }

    /// The hit at `rank` (0 is the best), with its highlight positions.
    pub fn hit(&self, rank: usize) -> Option<Hit> {
        let key = *self.keys().get(rank)?;
        let terms = &self.levels.last()?.terms;
        Some(self.index.hit(key, terms))
    }

    /// The hits in a range of ranks (clamped to the hits there are), with their highlight
    /// positions: ask only for the rows on screen.
    pub fn hits(&self, ranks: Range<usize>) -> Vec<Hit> {
        let keys = self.keys();
        let end = ranks.end.min(keys.len());
        let start = ranks.start.min(end);
        match self.levels.last() {
            Some(level) => keys[start..end]
                .iter()
                .map(|&key| self.index.hit(key, &level.terms))
                .collect(),
            None => Vec::new(),
        }
    }

    /// The keys shown: the hits so far, without the scattered ones when better ones exist.
    fn keys(&self) -> &[u64] {
        self.levels
            .last()
            .map_or(&[], |level| &level.found[..shown(&level.found)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Conference, Session, Speaker, Track, default_day_change};
    use chrono::{DateTime, Duration};

    /// A session starting `minutes` after 09:00 on the first day.
    fn session(id: &str, title: &str, speakers: &[&str], minutes: i64) -> Session {
        let start = DateTime::parse_from_rfc3339("2025-02-01T09:00:00+01:00").unwrap()
            + Duration::minutes(minutes);
        Session {
            id: id.into(),
            title: title.into(),
            subtitle: None,
            speakers: speakers
                .iter()
                .map(|name| Speaker {
                    name: (*name).into(),
                    organisation: None,
                })
                .collect(),
            start,
            end: None,
            room: None,
            track: None,
            kind: None,
            language: None,
            abstract_text: String::new(),
            links: vec![],
            origin: None,
        }
    }

    fn with_track(mut s: Session, track: &str) -> Session {
        s.track = Some(Track(track.into()));
        s
    }

    fn schedule(sessions: Vec<Session>) -> Schedule {
        Schedule {
            version: crate::model::SCHEDULE_FORMAT_VERSION,
            conference: Conference {
                id: "test".into(),
                title: "Test".into(),
                time_zone: chrono_tz::Europe::Brussels,
                city: None,
                venue: None,
                url: None,
                day_change: default_day_change(),
            },
            sessions,
        }
    }

    fn sample() -> Schedule {
        schedule(vec![
            with_track(
                session(
                    "k8s",
                    "Kubernetes at Scale",
                    &["Grace Hopper", "Łukasz Nowak"],
                    0,
                ),
                "Cloud Native",
            ),
            session("rust", "Rust in Production", &["Zoë Müller"], 30),
            session(
                "stress",
                "Running under stress tests",
                &["Ada Lovelace"],
                60,
            ),
            with_track(
                session("sec", "Supply chain attacks", &["Ioana Manolache"], 90),
                "Security",
            ),
            session("cobol", "COBOL forever", &["Grace Hopper"], 120),
            session(
                "tokyo",
                "東京のRustコミュニティ 🦀",
                &["Jünemann, Björn"],
                150,
            ),
            session(
                "emoji",
                "🦀 Rust ❤\u{fe0f} WebAssembly",
                &["Zoe\u{308} Straße"],
                180,
            ),
        ])
    }

    #[test]
    fn two_threads_index_and_rank_as_one_does() {
        // Enough sessions for two threads, out of timeline order, ASCII and not.
        let base = sample().sessions;
        let sessions: Vec<Session> = (0..PARALLEL_SESSIONS + 101)
            .map(|i| {
                let mut s = base[i % base.len()].clone();
                s.id = format!("s{i}").as_str().into();
                s.title = format!("{} {i}", s.title);
                s.start += Duration::minutes((i % 97) as i64);
                s
            })
            .collect();
        let schedule = schedule(sessions);
        let parallel = SearchIndex::new(&schedule);
        let mut builder = IndexBuilder::new(&schedule);
        while !builder.advance(&schedule, 1000) {}
        let one = builder.finish().unwrap();
        assert_eq!(
            format!("{:?}", parallel.fields),
            format!("{:?}", one.fields)
        );
        assert_eq!(
            format!("{:?}", parallel.entries),
            format!("{:?}", one.entries)
        );
        assert_eq!((&parallel.text, &parallel.map), (&one.text, &one.map));
        for query in [
            "rust",
            "zoe",
            "grace hop",
            "kuberentes",
            "#security",
            "@mull 12",
        ] {
            for limit in [None, Some(7)] {
                let hits = one.search(query, limit);
                assert!(!hits.is_empty(), "{query}");
                let ranked: Vec<Ranked> = hits
                    .iter()
                    .map(|h| Ranked {
                        session: h.session,
                        score: h.score,
                        tier: h.tier,
                    })
                    .collect();
                assert_eq!(parallel.rank(query, limit), ranked, "{query}");
                assert_eq!(parallel.search(query, limit), hits, "{query}");
            }
        }
    }

    /// Session ids of the hits, best first.
    fn ids(schedule: &Schedule, query: &str) -> Vec<String> {
        SearchIndex::new(schedule)
            .search(query, None)
            .iter()
            .map(|h| schedule.sessions[h.session].id.0.clone())
            .collect()
    }

    fn first_hit(schedule: &Schedule, query: &str) -> Hit {
        SearchIndex::new(schedule)
            .search(query, Some(1))
            .pop()
            .unwrap_or_else(|| panic!("no hit for {query:?}"))
    }

    #[test]
    fn folding_drops_accents_and_invisibles_and_keeps_case() {
        let cases = [
            ("Zoë", "Zoe"),
            ("Łukasz", "Lukasz"),
            ("Jünemann", "Junemann"),
            ("Straße", "Strasse"),
            ("Søren Ærø", "Soren Aero"),
            ("Œuvre þing", "Oeuvre thing"),
            ("Nguyễn Đức", "Nguyen Duc"),
            ("Dvořák Ștefan Țiriac", "Dvorak Stefan Tiriac"),
            ("Zoe\u{308}", "Zoe"),
            ("zero\u{200b}width\u{ad}", "zerowidth"),
            ("ﬁle don’t – ok", "file don't - ok"),
            ("МОСКВА Ελλάδα", "москва ελλάδα"),
            ("東京 🦀", "東京 🦀"),
        ];
        for (text, folded) in cases {
            assert_eq!(fold(text), folded, "{text}");
        }
    }

    #[test]
    fn the_fold_tables_agree_with_their_code_points() {
        for (c, plain) in [
            ('À', 'A'),
            ('ÿ', 'y'),
            ('Ā', 'A'),
            ('ł', 'l'),
            ('ſ', 's'),
            ('ƒ', 'f'),
            ('ɏ', 'y'),
            ('Ḁ', 'A'),
            ('ẞ', 'S'),
            ('Ạ', 'A'),
            ('ỹ', 'y'),
        ] {
            assert_eq!(fold(&c.to_string()).chars().next(), Some(plain), "{c}");
        }
        // No table entry maps to anything but a letter.
        for byte in LATIN_00C0.iter().chain(LATIN_1E00.iter()) {
            assert!(
                byte.is_ascii_alphabetic() || *byte == b'.',
                "{}",
                *byte as char
            );
        }
    }

    #[test]
    fn an_index_built_a_part_at_a_time_is_the_index_built_at_once() {
        let s = sample();
        let whole = SearchIndex::new(&s);
        let mut builder = IndexBuilder::new(&s);
        assert!(!builder.is_complete());
        let mut steps = 0;
        while !builder.advance(&s, 1) {
            steps += 1;
            builder = match builder.finish() {
                Ok(_) => panic!("finished before every session was indexed"),
                Err(builder) => *builder,
            };
        }
        assert_eq!(steps, s.sessions.len() - 1);
        let parts = builder.finish().expect("complete");
        for query in ["zoe", "rust", "lukasz", "junemann", "k8s", "東京"] {
            assert_eq!(
                format!("{:?}", parts.search(query, None)),
                format!("{:?}", whole.search(query, None)),
                "{query}"
            );
        }
    }

    #[test]
    fn accents_in_the_text_or_the_query_do_not_matter() {
        let s = sample();
        assert_eq!(ids(&s, "zoe"), ["rust", "emoji"]);
        assert_eq!(ids(&s, "zoë"), ["rust", "emoji"]);
        assert_eq!(ids(&s, "lukasz"), ["k8s"]);
        assert_eq!(ids(&s, "Łukasz"), ["k8s"]);
        assert_eq!(ids(&s, "junemann"), ["tokyo"]);
        assert_eq!(ids(&s, "strasse"), ["emoji"]);
        assert_eq!(ids(&s, "muller"), ["rust"]);
        assert_eq!(ids(&s, "mul\u{200b}ler"), ["rust"]);
    }

    #[test]
    fn capitals_in_the_query_never_matter() {
        let s = schedule(vec![
            session("a", "rust for beginners", &[], 0),
            session("b", "Rust in Production", &[], 30),
            session("c", "systemd & TPM", &["Erik Österlund"], 60),
            session(
                "d",
                "Kubernetes at scale",
                &["Łukasz Nowak", "Björn Töpel"],
                90,
            ),
            session("e", "LLVM and Llamas", &[], 120),
        ]);
        for (lower, upper) in [
            ("rust", "RUST"),
            ("rust", "Rust"),
            ("systemd", "SYSTEMD"),
            ("kubernetes", "KUBERNETES"),
            ("kuberentes", "KUBERENTES"),
            ("lukasz", "LUKASZ"),
            ("lukasz", "ŁUKASZ"),
            ("bjorn", "BJORN"),
            ("osterlund", "ÖSTERLUND"),
            ("llvm", "Llvm"),
            ("@nowak", "@NOWAK"),
        ] {
            assert!(!ids(&s, lower).is_empty(), "{lower}");
            assert_eq!(ids(&s, lower), ids(&s, upper), "{upper}");
            let scores = |q| SearchIndex::new(&s).search(q, None);
            assert_eq!(scores(lower), scores(upper), "{upper}");
        }
        assert_eq!(ids(&s, "Rust"), ["a", "b"]);
        assert_eq!(ids(&s, "ÖSTERLUND"), ["c"]);
    }

    #[test]
    fn an_exact_title_word_beats_a_scattered_subsequence() {
        let s = schedule(vec![
            session("scattered", "Running under stress tests", &[], 0),
            session("exact", "Why we rewrote it in Rust", &[], 30),
        ]);
        // Scattered letters are dropped when a better hit exists, shown when none does.
        assert_eq!(ids(&s, "rust"), ["exact"]);
        assert_eq!(
            ids(&schedule(vec![s.sessions[0].clone()]), "rust"),
            ["scattered"]
        );
    }

    #[test]
    fn a_surname_finds_that_speakers_sessions() {
        let s = sample();
        assert_eq!(ids(&s, "hopper"), ["k8s", "cobol"]);
        assert_eq!(ids(&s, "lovelace"), ["stress"]);
    }

    #[test]
    fn highlight_positions_are_chars_of_the_original_text() {
        let s = sample();
        let hit = first_hit(&s, "muller");
        assert_eq!(s.sessions[hit.session].id.0, "rust");
        assert_eq!(hit.title_positions, Vec::<usize>::new());
        // "Zoë Müller": M is char 4 (byte 5).
        assert_eq!(hit.speaker_positions, [vec![4, 5, 6, 7, 8, 9]]);

        let hit = first_hit(&s, "lukasz");
        assert_eq!(hit.speaker_positions, [vec![], vec![0, 1, 2, 3, 4, 5]]);

        let hit = first_hit(&s, "zoe");
        assert_eq!(hit.speaker_positions, [vec![0, 1, 2]]);

        // A decomposed ë highlights its combining mark with its letter; ß counts as "ss".
        let hit = first_hit(&s, "zoe strasse");
        assert_eq!(s.sessions[hit.session].id.0, "emoji");
        assert_eq!(hit.speaker_positions, [vec![0, 1, 2, 3, 5, 6, 7, 8, 9, 10]]);

        // CJK: 東京の are chars 0-2.
        let hit = first_hit(&s, "東京 rust");
        assert_eq!(s.sessions[hit.session].id.0, "tokyo");
        assert_eq!(hit.title_positions, [0, 1, 3, 4, 5, 6]);

        // Emoji, and the variation selector after ❤ goes with it.
        let hit = first_hit(&s, "webassembly");
        assert_eq!(s.sessions[hit.session].id.0, "emoji");
        assert_eq!(hit.title_positions, (10..21).collect::<Vec<_>>());
        let hit = first_hit(&s, "❤ web");
        assert_eq!(hit.title_positions, [7, 8, 10, 11, 12]);
    }

    #[test]
    fn highlight_runs_split_text_by_char_positions() {
        assert_eq!(
            highlight_runs("Zoë Müller", &[4, 5, 6]),
            [("Zoë ", false), ("Mül", true), ("ler", false)]
        );
        assert_eq!(highlight_runs("Zoë", &[2]), [("Zo", false), ("ë", true)]);
        assert_eq!(highlight_runs("ab", &[0, 1, 7]), [("ab", true)]);
        assert_eq!(highlight_runs("ab", &[]), [("ab", false)]);
        assert_eq!(highlight_runs("", &[0]), []);
    }

    #[test]
    fn typos_still_find_the_session_below_exact_matches() {
        let s = sample();
        for query in [
            "kubernets",
            "kuberentes",
            "kubernetse",
            "kubrnetes",
            "kubernetez",
        ] {
            assert_eq!(ids(&s, query), ["k8s"], "{query}");
        }
        assert_eq!(ids(&s, "Manolahce"), ["sec"]);
        assert_eq!(ids(&s, "manolace"), ["sec"]);
        // Half typed, with the typo already in.
        assert_eq!(ids(&s, "kuberen"), ["k8s"]);
        // Short words must match as typed.
        assert_eq!(ids(&s, "kbu"), Vec::<String>::new());
        // Two edits are too many.
        assert_eq!(ids(&s, "kuebrnetse"), Vec::<String>::new());

        let s = schedule(vec![
            session("typo", "Kubernetes at scale", &[], 0),
            session("exact", "Why kuberentes is hard to spell", &[], 30),
        ]);
        assert_eq!(ids(&s, "kuberentes"), ["exact", "typo"]);
        let typo = first_hit(&schedule(vec![s.sessions[0].clone()]), "kuberentes");
        assert_eq!(typo.title_positions, (0..10).collect::<Vec<_>>());
        let exact = first_hit(&schedule(vec![s.sessions[0].clone()]), "kubernetes");
        assert!(typo.score < exact.score, "{typo:?} {exact:?}");
    }

    #[test]
    fn every_word_must_match_in_any_order() {
        let s = sample();
        assert_eq!(ids(&s, "rust zoe"), ["rust", "emoji"]);
        assert_eq!(ids(&s, "zoe rust"), ["rust", "emoji"]);
        assert_eq!(ids(&s, "cobol lovelace"), Vec::<String>::new());
        assert_eq!(ids(&s, "hopper cobol"), ["cobol"]);
        // Scores add up.
        let index = SearchIndex::new(&s);
        let one = index.search("cobol", None)[0].score;
        let two = index.search("hopper cobol", None)[0].score;
        let hopper = index.search("hopper", None)[1].score;
        assert_eq!(two, one + hopper);
        let hit = first_hit(&s, "hopper cobol");
        assert_eq!(hit.title_positions, [0, 1, 2, 3, 4]);
        assert_eq!(hit.speaker_positions, [vec![6, 7, 8, 9, 10, 11]]);
    }

    #[test]
    fn at_words_match_speakers_and_hash_words_the_track() {
        let s = schedule(vec![
            session("title", "Grace under pressure", &["Ada Lovelace"], 0),
            with_track(
                session("speaker", "COBOL forever", &["Grace Hopper"], 30),
                "Security",
            ),
        ]);
        assert_eq!(ids(&s, "grace"), ["title", "speaker"]);
        assert_eq!(ids(&s, "@grace"), ["speaker"]);
        assert_eq!(ids(&s, "#security"), ["speaker"]);
        assert_eq!(ids(&s, "#secruity"), ["speaker"]);
        assert_eq!(ids(&s, "security"), Vec::<String>::new());
        assert_eq!(ids(&s, "@ cobol #"), ["speaker"]);
        let hit = first_hit(&s, "#sec @hop");
        assert_eq!(hit.track_positions, [0, 1, 2]);
        assert_eq!(hit.speaker_positions, [vec![6, 7, 8]]);
        assert_eq!(hit.title_positions, Vec::<usize>::new());
    }

    #[test]
    fn an_empty_query_has_no_hits_and_neither_has_nonsense() {
        let s = sample();
        for query in ["", "   ", "@", "# @", "\u{200b}"] {
            assert_eq!(ids(&s, query), Vec::<String>::new(), "{query:?}");
            let mut searcher = Searcher::new(&s);
            searcher.set_query(query);
            searcher.finish();
            assert!(searcher.is_empty() && searcher.is_complete());
        }
        assert_eq!(ids(&s, "xyzzy"), Vec::<String>::new());
        assert_eq!(ids(&schedule(vec![]), "rust"), Vec::<String>::new());
    }

    #[test]
    fn ties_go_to_the_earlier_session() {
        let s = schedule(vec![
            session("late", "Rust", &[], 60),
            session("early-second", "Rust", &[], 0),
            session("early-first", "Rust", &[], 0),
        ]);
        // Same start: schedule order.
        assert_eq!(ids(&s, "rust"), ["early-second", "early-first", "late"]);
    }

    #[test]
    fn limit_keeps_the_best() {
        let s = sample();
        let all = SearchIndex::new(&s).search("r", None);
        let some = SearchIndex::new(&s).search("r", Some(2));
        assert_eq!(some, all[..2]);
    }

    #[test]
    fn prefix_edit_distance() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        let check = |q: &str, w: &str| prefix_within_one_edit(&c(q), &c(w));
        assert_eq!(check("kube", "kubernetes"), Some(4));
        assert_eq!(check("kuhe", "kubernetes"), Some(4));
        assert_eq!(check("kbe", "kube"), Some(4));
        assert_eq!(check("kuube", "kube"), Some(4));
        assert_eq!(check("ukbe", "kube"), Some(4));
        assert_eq!(check("kubex", "kube"), Some(4));
        assert_eq!(check("xxbe", "kube"), None);
        assert_eq!(check("aab", "ab"), Some(2));
        assert_eq!(check("KUBE", "kubernetes"), Some(4));
        assert_eq!(check("KUEB", "kube"), Some(4));
    }

    /// A deterministic schedule with plenty of overlap between titles and names.
    fn synthetic(n: usize) -> Schedule {
        let words = [
            "Rust",
            "Kubernetes",
            "observability",
            "for",
            "the",
            "Zoë",
            "async",
            "München",
            "scale",
            "tests",
            "Ørsted",
            "supply",
            "chain",
        ];
        let names = [
            "Łukasz Nowak",
            "Zoë Müller",
            "Grace Hopper",
            "Ada Lovelace",
            "Jünemann Björn",
        ];
        let mut seed: u32 = 7;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed as usize
        };
        let sessions = (0..n)
            .map(|i| {
                let title: Vec<&str> = (0..2 + next() % 4)
                    .map(|_| words[next() % words.len()])
                    .collect();
                let speakers: Vec<&str> = (0..next() % 3).map(|_| names[next() % 5]).collect();
                session(
                    &i.to_string(),
                    &title.join(" "),
                    &speakers,
                    (next() % 20) as i64 * 30,
                )
            })
            .collect();
        schedule(sessions)
    }

    #[test]
    fn incremental_search_gives_the_same_results_as_a_full_search() {
        let s = synthetic(600);
        let index = SearchIndex::new(&s);
        let mut searcher = Searcher::new(&s);
        let typed = [
            "k",
            "ku",
            "kub",
            "kube",
            "kuber",
            "kubere",
            "kuberen",
            "kubere",
            "kuber",
            "kuber ",
            "kuber z",
            "kuber zo",
            "kuber zoe",
            "kuber zo",
            "z",
            "zo",
            "zoe",
            "zoe @",
            "zoe @g",
            "zoe @gr",
            "",
            "R",
            "Ru",
            "Rus",
            "Rust",
            "Rust #",
            "r",
            "ob",
            "obs",
            "obse",
            "obsre",
            "obsrev",
            "obsrevab",
            "München",
            "munchen",
            "munchen sc",
            "@lukasz",
            "@lukas",
        ];
        for query in typed {
            searcher.set_query(query);
            searcher.finish();
            let expected: Vec<(usize, i64)> = index
                .search(query, None)
                .iter()
                .map(|h| (h.session, h.score))
                .collect();
            let got: Vec<(usize, i64)> = (0..searcher.len())
                .map(|r| searcher.hit(r).map(|h| (h.session, h.score)).unwrap())
                .collect();
            assert_eq!(got, expected, "{query:?}");
            assert_eq!(
                searcher.hits(0..3),
                index.search(query, Some(3)),
                "{query:?}"
            );
            assert_eq!(searcher.query(), query);
        }
    }

    #[test]
    fn advance_stops_when_asked_and_resumes() {
        let s = synthetic(3000);
        let mut searcher = Searcher::new(&s);
        searcher.set_query("rust");
        assert!(!searcher.advance(|| false));
        assert!(!searcher.is_complete());
        let partial = searcher.len();
        assert!(partial > 0 && partial <= CHUNK);
        // Sorted already.
        let scores: Vec<i64> = searcher.hits(0..partial).iter().map(|h| h.score).collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1]));
        // Narrowing from a half-done search still finds everything.
        searcher.set_query("rust s");
        let mut steps = 0;
        while !searcher.advance(|| false) {
            steps += 1;
        }
        assert!(steps > 1);
        let expected: Vec<usize> = SearchIndex::new(&s)
            .search("rust s", None)
            .iter()
            .map(|h| h.session)
            .collect();
        assert_eq!(searcher.sessions().collect::<Vec<_>>(), expected);
        // Back to the unfinished query: it resumes where it stopped.
        searcher.set_query("rust");
        assert!(!searcher.is_complete());
        searcher.finish();
        assert_eq!(
            searcher.len(),
            SearchIndex::new(&s).search("rust", None).len()
        );
    }
}
