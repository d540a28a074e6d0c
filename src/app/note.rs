//! The note editor: a few lines of text on the selected session, edited in place over the
//! view it was opened from, and saved when it closes (or handed to $VISUAL / $EDITOR).

use super::{App, Effect};
use crate::keys::{Action, Mode};
use crate::model::SessionId;

/// The editor's own state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoteEditor {
    /// The session whose note is edited.
    pub id: Option<SessionId>,
    /// The text being edited.
    pub text: String,
    /// The cursor, as a char index into `text`.
    pub cursor: usize,
    /// The view under the editor, which keys go back to when it closes.
    pub under: Option<Mode>,
}

impl NoteEditor {
    /// The byte offset of the cursor.
    fn byte(&self) -> usize {
        self.text
            .char_indices()
            .nth(self.cursor)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// The cursor's line and column (in chars).
    pub fn line_and_column(&self) -> (usize, usize) {
        let before: String = self.text.chars().take(self.cursor).collect();
        let line = before.matches('\n').count();
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count());
        (line, column)
    }

    /// Moves the cursor to a column of another line (as close as the line allows).
    fn move_line(&mut self, down: bool) {
        let (line, column) = self.line_and_column();
        let lines: Vec<&str> = self.text.split('\n').collect();
        let target = match (down, line) {
            (true, l) if l + 1 < lines.len() => l + 1,
            (false, l) if l > 0 => l - 1,
            _ => return,
        };
        let start: usize = lines[..target].iter().map(|l| l.chars().count() + 1).sum();
        self.cursor = start + column.min(lines[target].chars().count());
    }
}

impl App {
    /// The view on screen: under the note editor, the one it was opened from.
    pub fn view_mode(&self) -> Mode {
        match self.mode {
            Mode::Note => self.note_editor.under.unwrap_or(Mode::Browse),
            mode => mode,
        }
    }

    /// Opens the note of the selected session: in $VISUAL / $EDITOR when the event loop has
    /// one (`external_editor`), else in the editor inside hallway.
    pub(super) fn open_note(&mut self) -> Vec<Effect> {
        let Some(session) = self.selected_session() else {
            self.status = Some("no session selected to write a note on".into());
            return vec![];
        };
        let id = session.id.clone();
        let text = self.notes.get(&id).cloned().unwrap_or_default();
        if self.external_editor {
            return vec![Effect::EditNoteExternally(id, text)];
        }
        self.note_editor = NoteEditor {
            id: Some(id),
            cursor: text.chars().count(),
            text,
            under: Some(self.mode),
        };
        self.mode = Mode::Note;
        vec![]
    }

    /// Closes the editor; with `save`, the effect that saves the note.
    fn close_note(&mut self, save: bool) -> Vec<Effect> {
        self.mode = self.note_editor.under.unwrap_or(Mode::Browse);
        let editor = std::mem::take(&mut self.note_editor);
        let Some(id) = editor.id else {
            return vec![];
        };
        let before = self.notes.get(&id).map_or("", String::as_str);
        if !save || before == editor.text.trim_end() {
            return vec![];
        }
        // Shown at once; the event loop saves and then sets what the file holds.
        let text = editor.text.trim_end().to_string();
        if text.trim().is_empty() {
            self.notes.remove(&id);
            self.status = Some("note removed".into());
        } else {
            self.notes.insert(id.clone(), text.clone());
            self.status = Some("note saved".into());
        }
        vec![Effect::SaveNote(id, text)]
    }

    pub(super) fn update_note(&mut self, action: Action) -> Vec<Effect> {
        let editor = &mut self.note_editor;
        match action {
            Action::SearchInput(c) => {
                let at = editor.byte();
                editor.text.insert(at, c);
                editor.cursor += 1;
            }
            Action::NoteNewline => {
                let at = editor.byte();
                editor.text.insert(at, '\n');
                editor.cursor += 1;
            }
            Action::SearchBackspace if editor.cursor > 0 => {
                editor.cursor -= 1;
                let at = editor.byte();
                editor.text.remove(at);
            }
            Action::SelectLeft => editor.cursor = editor.cursor.saturating_sub(1),
            Action::SelectRight => {
                editor.cursor = (editor.cursor + 1).min(editor.text.chars().count())
            }
            Action::SelectPrev => editor.move_line(false),
            Action::SelectNext => editor.move_line(true),
            Action::SearchClear => {
                editor.text.clear();
                editor.cursor = 0;
            }
            Action::NoteSave => return self.close_note(true),
            Action::SearchCancel => {
                self.status = Some("note not changed".into());
                return self.close_note(false);
            }
            // Quitting from the editor keeps what was typed.
            Action::Quit => {
                let mut effects = self.close_note(true);
                effects.push(Effect::Quit);
                return effects;
            }
            _ => {}
        }
        vec![]
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::app::*;
    use crate::keys::{Action, Mode};

    fn type_text(app: &mut App, text: &str) {
        for c in text.chars() {
            app.update(if c == '\n' {
                Action::NoteNewline
            } else {
                Action::SearchInput(c)
            });
        }
    }

    #[test]
    fn a_note_is_typed_edited_and_saved_when_the_editor_closes() {
        let mut app = app_at("2024-03-21T09:00");
        let id = app.selected_session().unwrap().id.clone();
        assert_eq!(app.update(Action::EditNote), vec![]);
        assert_eq!(app.mode, Mode::Note);
        type_text(&mut app, "ask about ARM\nslidés");
        assert_eq!(app.note_editor.line_and_column(), (1, 6));
        // Up goes to the first line at the same column (cut to its length), Backspace there.
        app.update(Action::SelectPrev);
        assert_eq!(app.note_editor.line_and_column(), (0, 6));
        app.update(Action::SearchBackspace);
        app.update(Action::SearchInput('t'));
        app.update(Action::SelectNext);
        app.update(Action::SelectRight);
        app.update(Action::SearchInput('!'));
        assert_eq!(app.note_editor.text, "ask atout ARM\nslidés!");
        // The session under the editor stays selected, and its view is drawn.
        assert_eq!(app.selected_session().unwrap().id, id);
        assert_eq!(app.view_mode(), Mode::Browse);
        let effects = app.update(Action::NoteSave);
        assert_eq!(
            effects,
            vec![Effect::SaveNote(
                id.clone(),
                "ask atout ARM\nslidés!".into()
            )]
        );
        assert_eq!(app.mode, Mode::Browse);
        assert_eq!(app.notes[&id], "ask atout ARM\nslidés!");
        // Discarding changes nothing; an unchanged note saves nothing.
        app.update(Action::EditNote);
        assert_eq!(app.note_editor.cursor, 21);
        app.update(Action::SearchClear);
        assert_eq!(app.update(Action::SearchCancel), vec![]);
        assert_eq!(app.notes[&id], "ask atout ARM\nslidés!");
        app.update(Action::EditNote);
        assert_eq!(app.update(Action::NoteSave), vec![]);
        // Emptied and saved: removed. Quit from the editor saves first.
        app.update(Action::EditNote);
        app.update(Action::SearchClear);
        assert_eq!(
            app.update(Action::NoteSave),
            vec![Effect::SaveNote(id.clone(), String::new())]
        );
        assert!(!app.notes.contains_key(&id));
        app.update(Action::EditNote);
        type_text(&mut app, "kept");
        assert_eq!(
            app.update(Action::Quit),
            vec![Effect::SaveNote(id.clone(), "kept".into()), Effect::Quit]
        );
        // With an external editor, the event loop is asked to run it.
        app.external_editor = true;
        assert_eq!(
            app.update(Action::EditNote),
            vec![Effect::EditNoteExternally(id, "kept".into())]
        );
        assert_eq!(app.mode, Mode::Browse);
    }
}
