//! The search screen: the query line, its results (a fuzzy index built the first time it
//! opens) and the queries of this run.

use super::App;
use crate::keys::{Action, Mode};
use crate::search::{Hit, IndexBuilder, Searcher};

/// The search screen's own state.
#[derive(Debug, Default)]
pub struct SearchView {
    pub query: String,
    /// Rank of the selected result (0 is the best).
    pub selected: usize,
    /// Which earlier query is shown, while recalling them.
    recalled: Option<usize>,
    /// The search index, once built (between keys before the search is first opened, or
    /// when it opens).
    searcher: Option<Searcher>,
    /// The index while it is being built.
    building: Option<IndexBuilder>,
    /// Queries of this run, oldest first, for recall with Up on an empty line.
    pub history: Vec<String>,
    /// While a filter is on: the ranks of the results that pass it, in rank order.
    shown: Option<Vec<usize>>,
    /// Sessions found by a word of their note and not by their title or speakers, in time
    /// order, after the other results (indices into the schedule).
    pub by_note: Vec<usize>,
}

/// Sessions scanned per keystroke inside `update` before the event loop takes over the rest
/// of a long search between frames (in chunks of 512: about 4,000 sessions).
const SEARCH_CHUNKS_PER_KEY: usize = 8;

/// Sessions indexed between two looks at the clock while the index is built ahead: about
/// 1.5 ms of work.
const INDEX_CHUNK: usize = 1024;

impl App {
    /// Opens the search on an empty line (the index is built the first time).
    pub(super) fn open_search(&mut self) {
        self.mode = Mode::Search;
        self.search.query.clear();
        self.search.selected = 0;
        self.search.recalled = None;
        self.build_search_index(|| true);
        self.run_search();
    }

    /// Whether the search index is still to be built: the event loop builds it between keys
    /// with `build_search_index`, so that the first `/` finds it ready.
    pub fn search_index_pending(&self) -> bool {
        self.search.searcher.is_none()
    }

    /// Builds the search index on while `keep_going` says so (checked every 1,024 sessions),
    /// from where it was left.
    pub fn build_search_index(&mut self, mut keep_going: impl FnMut() -> bool) {
        if self.search.searcher.is_some() {
            return;
        }
        let mut builder = self
            .search
            .building
            .take()
            .unwrap_or_else(|| IndexBuilder::new(&self.schedule));
        while !builder.advance(&self.schedule, INDEX_CHUNK) && keep_going() {}
        match builder.finish() {
            Ok(index) => self.search.searcher = Some(Searcher::with_index(index)),
            Err(builder) => self.search.building = Some(*builder),
        }
    }

    /// The selected result, as an index into the schedule.
    pub(super) fn selected_search_result(&self) -> Option<usize> {
        let selected = self.search.selected;
        let found = self.found_len();
        if selected >= found {
            return self.search.by_note.get(selected - found).copied();
        }
        let rank = self.searcher_rank(selected)?;
        self.search.searcher.as_ref()?.sessions().nth(rank)
    }

    /// The searcher's rank of the n-th result shown (the filter leaves some out).
    fn searcher_rank(&self, shown: usize) -> Option<usize> {
        match &self.search.shown {
            Some(ranks) => ranks.get(shown).copied(),
            None => Some(shown),
        }
    }

    /// Works out which results pass the filter, after the results or the filter changed.
    pub(super) fn refresh_search(&mut self) {
        let Some(searcher) = &self.search.searcher else {
            return;
        };
        self.search.shown = (!self.filter.is_empty()).then(|| {
            let compiled = self.facets().compile(&self.filter);
            searcher
                .sessions()
                .enumerate()
                .filter(|&(_, i)| self.passes_filter(&compiled, i))
                .map(|(rank, _)| rank)
                .collect()
        });
        self.search.by_note = self.found_by_note();
        let last = self.search_len().saturating_sub(1);
        self.search.selected = self.search.selected.min(last);
    }

    /// The sessions whose note has every word of the query, that pass the filter and that the
    /// title and speaker search did not find, in time order.
    fn found_by_note(&self) -> Vec<usize> {
        let query = &self.search.query;
        let mut ids: Vec<&crate::model::SessionId> = self
            .notes
            .iter()
            .filter(|(_, text)| crate::search::note_matches(text, query))
            .map(|(id, _)| id)
            .collect();
        if ids.is_empty() {
            return Vec::new();
        }
        let compiled = (!self.filter.is_empty()).then(|| self.facets().compile(&self.filter));
        let found: std::collections::HashSet<usize> = self
            .search
            .searcher
            .as_ref()
            .map(|s| s.sessions().collect())
            .unwrap_or_default();
        ids.sort();
        let mut sessions: Vec<usize> = self
            .schedule
            .sessions
            .iter()
            .enumerate()
            .filter(|(i, s)| {
                ids.binary_search(&&s.id).is_ok()
                    && !found.contains(i)
                    && compiled.as_ref().is_none_or(|c| self.passes_filter(c, *i))
            })
            .map(|(i, _)| i)
            .collect();
        sessions.sort_by_key(|&i| self.schedule.sessions[i].start);
        sessions
    }

    /// The number of results by title, speakers or track so far (that pass the filter).
    fn found_len(&self) -> usize {
        match &self.search.shown {
            Some(ranks) => ranks.len(),
            None => self.search.searcher.as_ref().map_or(0, Searcher::len),
        }
    }

    /// The number of results so far (that pass the filter), those found by a note included.
    pub fn search_len(&self) -> usize {
        self.found_len() + self.search.by_note.len()
    }

    /// Whether the session (an index into the schedule) is a result only by its note.
    pub fn found_by_its_note(&self, session: usize) -> bool {
        self.search.by_note.contains(&session)
    }

    /// The results in a range of ranks, with what to highlight.
    pub fn search_hits(&self, ranks: std::ops::Range<usize>) -> Vec<Hit> {
        let Some(searcher) = &self.search.searcher else {
            return Vec::new();
        };
        let found = self.found_len();
        let mut hits = self.found_hits(searcher, ranks.start.min(found)..ranks.end.min(found));
        let notes = ranks.start.max(found) - found..ranks.end.max(found) - found;
        hits.extend(
            self.search
                .by_note
                .get(
                    notes.start.min(self.search.by_note.len())
                        ..notes.end.min(self.search.by_note.len()),
                )
                .unwrap_or_default()
                .iter()
                .map(|&session| Hit {
                    session,
                    score: 0,
                    tier: crate::search::Tier::Scattered,
                    title_positions: Vec::new(),
                    speaker_positions: Vec::new(),
                    track_positions: Vec::new(),
                }),
        );
        hits
    }

    /// The results by title, speakers or track in a range of ranks.
    fn found_hits(&self, searcher: &Searcher, ranks: std::ops::Range<usize>) -> Vec<Hit> {
        match &self.search.shown {
            None => searcher.hits(ranks),
            Some(shown) => shown
                .get(ranks.start.min(shown.len())..ranks.end.min(shown.len()))
                .unwrap_or_default()
                .iter()
                .filter_map(|&rank| searcher.hit(rank))
                .collect(),
        }
    }

    /// Whether a search is still scanning (a very large schedule): the event loop calls
    /// `continue_search` between frames until it is done.
    pub fn search_pending(&self) -> bool {
        self.mode == Mode::Search
            && self
                .search
                .searcher
                .as_ref()
                .is_some_and(|s| !s.is_complete())
    }

    /// Scans on while `keep_going` says so.
    pub fn continue_search(&mut self, keep_going: impl FnMut() -> bool) {
        if let Some(searcher) = &mut self.search.searcher {
            searcher.advance(keep_going);
        }
        self.refresh_search();
    }

    pub(super) fn run_search(&mut self) {
        self.search.selected = 0;
        if let Some(searcher) = &mut self.search.searcher {
            searcher.set_query(&self.search.query);
            let mut chunks = 0;
            searcher.advance(|| {
                chunks += 1;
                chunks < SEARCH_CHUNKS_PER_KEY
            });
        }
        self.refresh_search();
    }

    pub(super) fn remember_query(&mut self) {
        let query = self.search.query.trim();
        if !query.is_empty() && self.search.history.last().map(String::as_str) != Some(query) {
            self.search.history.push(query.to_string());
        }
    }

    pub(super) fn update_search(&mut self, action: Action) {
        let last = self.search_len().saturating_sub(1);
        match action {
            Action::SearchInput(c) => {
                self.search.query.push(c);
                self.search.recalled = None;
                self.run_search();
            }
            Action::SearchBackspace => {
                self.search.query.pop();
                self.search.recalled = None;
                self.run_search();
            }
            Action::SearchDeleteWord => {
                let kept = self.search.query.trim_end().len();
                self.search.query.truncate(kept);
                let word_start = self
                    .search
                    .query
                    .rfind(char::is_whitespace)
                    .map_or(0, |i| i + 1);
                self.search.query.truncate(word_start);
                self.search.recalled = None;
                self.run_search();
            }
            Action::SearchClear => {
                self.search.query.clear();
                self.search.recalled = None;
                self.run_search();
            }
            Action::SelectPrev
                if self.search.query.is_empty() || self.search.recalled.is_some() =>
            {
                let before = self.search.recalled.unwrap_or(self.search.history.len());
                if before > 0 {
                    self.search.recalled = Some(before - 1);
                    self.search.query = self.search.history[before - 1].clone();
                    self.run_search();
                }
            }
            Action::SelectPrev => self.search.selected = self.search.selected.saturating_sub(1),
            Action::SelectNext => self.search.selected = (self.search.selected + 1).min(last),
            Action::PageUp => {
                self.search.selected = self.search.selected.saturating_sub(self.page_size.max(1))
            }
            Action::PageDown => {
                self.search.selected = (self.search.selected + self.page_size.max(1)).min(last)
            }
            Action::SearchAccept => {
                if let Some(searcher) = &mut self.search.searcher {
                    searcher.finish();
                }
                self.refresh_search();
                let Some(index) = self.selected_search_result() else {
                    self.status = Some("no session to go to".into());
                    return;
                };
                self.remember_query();
                self.mode = self.day_mode();
                self.go_to_session(index);
            }
            Action::SearchCancel => {
                self.remember_query();
                self.mode = self.day_mode();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::app::*;
    use crate::keys::{Action, Mode};

    fn type_query(app: &mut App, text: &str) {
        for c in text.chars() {
            app.update(Action::SearchInput(c));
        }
    }

    #[test]
    fn search_finds_jumps_and_returns() {
        let mut app = app_at("2024-03-19T09:00");
        app.update(Action::OpenSearch);
        assert_eq!(app.mode, Mode::Search);
        assert_eq!(app.search_len(), 0);
        type_query(&mut app, "christian posta");
        assert_eq!(app.search_len(), 1);
        assert!(title(&app).starts_with("Comparing Sidecar-Less"));
        app.update(Action::SearchAccept);
        assert_eq!((app.mode, app.timeline.day), (Mode::Browse, 1));
        assert!(title(&app).starts_with("Comparing Sidecar-Less"));

        // Esc returns to where you were, whatever was selected in the results.
        app.update(Action::OpenSearch);
        type_query(&mut app, "istio");
        assert!(app.search_len() >= 3);
        app.update(Action::SelectNext);
        app.update(Action::SearchCancel);
        assert_eq!((app.mode, app.timeline.day), (Mode::Browse, 1));
        assert!(title(&app).starts_with("Comparing Sidecar-Less"));

        // Up on an empty line recalls earlier queries, newest first.
        app.update(Action::OpenSearch);
        app.update(Action::SelectPrev);
        assert_eq!(app.search.query, "istio");
        app.update(Action::SelectPrev);
        assert_eq!(app.search.query, "christian posta");
        app.update(Action::SearchDeleteWord);
        assert_eq!(app.search.query, "christian ");
        app.update(Action::SearchClear);
        type_query(&mut app, "mitch connors xyz");
        assert_eq!(app.search_len(), 0);
        app.update(Action::SearchAccept);
        assert_eq!(app.mode, Mode::Search);
        app.update(Action::SearchDeleteWord);
        assert_eq!(app.search.query, "mitch connors ");
        assert_eq!(app.search_len(), 2);
        app.update(Action::SearchClear);
        assert_eq!(app.search.query, "");
    }

    #[test]
    fn a_note_word_finds_its_session_after_the_title_and_speaker_hits() {
        let mut app = app_at("2024-03-19T09:00");
        let noted = app.schedule.sessions[0].id.clone();
        let titled = app.schedule.sessions[1].title.clone();
        let word = titled.split_whitespace().next().unwrap().to_string();
        app.set_plan(
            Default::default(),
            [(noted.clone(), format!("ask about the ARM port\nand {word}"))].into(),
        );
        app.update(Action::OpenSearch);
        // A word only the note has.
        type_query(&mut app, "arm port");
        assert_eq!(app.search_len(), 1);
        assert_eq!(app.selected_session().unwrap().id, noted);
        assert!(app.found_by_its_note(app.search_hits(0..1)[0].session));
        // A word a title has too: the title's hits come first, the note's session last.
        app.update(Action::SearchClear);
        type_query(&mut app, &word.to_lowercase());
        let hits = app.search_hits(0..app.search_len());
        assert!(hits.len() >= 2, "{hits:?}");
        let last = &app.schedule.sessions[hits.last().unwrap().session];
        if !app.schedule.sessions[0]
            .title
            .to_lowercase()
            .contains(&word.to_lowercase())
        {
            assert_eq!(last.id, noted);
        }
        assert!(
            hits[..hits.len() - 1]
                .iter()
                .all(|h| !app.found_by_its_note(h.session))
        );
        // @ and # words are about speakers and tracks: notes do not answer them.
        app.update(Action::SearchClear);
        type_query(&mut app, "@arm");
        assert!(
            !app.found_by_its_note(
                app.schedule
                    .sessions
                    .iter()
                    .position(|s| s.id == noted)
                    .unwrap()
            )
        );
        // Enter on the note's hit goes to its session.
        app.update(Action::SearchClear);
        type_query(&mut app, "ARM");
        for _ in 0..app.search_len() {
            app.update(Action::SelectNext);
        }
        app.update(Action::SearchAccept);
        assert_eq!(app.selected_session().unwrap().id, noted);
    }

    #[test]
    fn capitals_in_the_search_line_find_what_lower_case_finds() {
        let results = |query: &str| {
            let mut app = app_at("2024-03-19T09:00");
            app.update(Action::OpenSearch);
            type_query(&mut app, query);
            let hits = app.search_hits(0..app.search_len());
            hits.iter().map(|h| h.session).collect::<Vec<_>>()
        };
        for (lower, upper) in [("istio", "ISTIO"), ("christian posta", "CHRISTIAN Posta")] {
            assert!(!results(lower).is_empty(), "{lower}");
            assert_eq!(results(lower), results(upper), "{upper}");
        }
    }
}
