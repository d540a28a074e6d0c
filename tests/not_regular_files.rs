//! Files that are not regular files where hallway reads: a FIFO (which would block a reader
//! forever), a device (`/dev/zero` never ends), a file too large to be one of hallway's; and a
//! favourites file that is a symbolic link, written through to its target.
#![cfg(unix)]

use chrono::{DateTime, Duration};
use hallway::favourites::Favourites;
use hallway::formats::{self, ImportOptions};
use hallway::library;
use hallway::model::{Session, SessionId};
use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::sync::mpsc;

const CONFERENCE: &str = "links-conf";

fn session(id: &str) -> Session {
    let start = DateTime::parse_from_rfc3339("2024-03-20T10:00:00+01:00").unwrap();
    Session {
        id: id.into(),
        title: format!("Session {id}"),
        subtitle: None,
        speakers: vec![],
        start,
        end: Some(start + Duration::minutes(30)),
        room: None,
        track: None,
        kind: None,
        language: None,
        abstract_text: String::new(),
        links: vec![],
        origin: None,
    }
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

/// Runs `work` on a thread and fails, rather than hangs, if it takes more than 10 seconds.
fn within_seconds<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || send.send(work()).unwrap());
    receive
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("it hung")
}

#[test]
fn a_fifo_or_a_device_at_the_favourites_path_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = library::favourites_path(dir.path(), CONFERENCE);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    mkfifo(&path);
    let data = dir.path().to_path_buf();
    let e = within_seconds(move || {
        Favourites::load(&data, CONFERENCE)
            .err()
            .map(|e| e.to_string())
    })
    .expect("a FIFO was read as favourites");
    assert!(
        e.contains("it is a FIFO (named pipe), not a regular file"),
        "{e}"
    );
    // The FIFO is left as it is (it is nobody's stars to move).
    assert!(fs::symlink_metadata(&path).unwrap().file_type().is_fifo());

    fs::remove_file(&path).unwrap();
    symlink("/dev/zero", &path).unwrap();
    let data = dir.path().to_path_buf();
    let e = within_seconds(move || {
        Favourites::load(&data, CONFERENCE)
            .err()
            .map(|e| e.to_string())
    })
    .expect("/dev/zero was read as favourites");
    assert!(e.contains("it is a character device"), "{e}");

    // Larger than any favourites file (sparse: no disk is used).
    fs::remove_file(&path).unwrap();
    let file = fs::File::create(&path).unwrap();
    file.set_len(formats::MAX_FILE_BYTES + 1).unwrap();
    let Err(e) = Favourites::load(dir.path(), CONFERENCE) else {
        panic!("a huge file was read");
    };
    let e = e.to_string();
    assert!(e.contains("is larger than any file hallway reads"), "{e}");
    assert_eq!(
        fs::metadata(&path).unwrap().len(),
        formats::MAX_FILE_BYTES + 1
    );
}

use std::os::unix::fs::FileTypeExt;

#[test]
fn schedule_files_and_library_files_that_are_not_regular_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("schedule.xml");
    mkfifo(&fifo);
    let path = fifo.clone();
    let e = within_seconds(move || {
        formats::load_file(&path, &ImportOptions::default())
            .err()
            .map(|e| e.to_string())
    })
    .expect("a FIFO was read as a schedule");
    assert!(e.contains("schedule.xml: it is a FIFO (named pipe)"), "{e}");
    let e = formats::load_file(Path::new("/dev/zero"), &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("/dev/zero: it is a character device, not a regular file"),
        "{e}"
    );
    let e = formats::load_file(dir.path(), &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("it is a folder, not a regular file"), "{e}");

    // The library's index.
    let data = dir.path().join("data");
    fs::create_dir_all(&data).unwrap();
    mkfifo(&data.join(library::INDEX_FILE));
    let e = within_seconds(move || library::list(&data).err().map(|e| e.to_string()))
        .expect("a FIFO was read as the index");
    assert!(e.contains("it is a FIFO (named pipe)"), "{e}");
}

#[test]
fn a_favourites_file_that_is_a_link_is_written_through_to_its_target() {
    let dir = tempfile::tempdir().unwrap();
    let dotfiles = dir.path().join("dotfiles");
    fs::create_dir_all(&dotfiles).unwrap();
    let dotfiles = fs::canonicalize(dotfiles).unwrap();
    let target = dotfiles.join("stars.ron");
    let path = library::favourites_path(dir.path(), CONFERENCE);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    // A relative link, as dotfile managers make them.
    symlink("../dotfiles/stars.ron", &path).unwrap();

    let (mut favourites, _) = Favourites::load(dir.path(), CONFERENCE).unwrap();
    let (a, b) = (session("a"), session("b"));
    let _ = favourites.star(&[&a]).unwrap();
    let _ = favourites.star(&[&b]).unwrap();
    assert!(
        fs::symlink_metadata(&path)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let (again, _) = Favourites::open(target.clone(), CONFERENCE).unwrap();
    let ids: Vec<&SessionId> = again.stars().keys().collect();
    assert_eq!(ids, [&SessionId::from("a"), &SessionId::from("b")]);
    // The temp file was written beside the target, and is gone.
    let names: Vec<String> = fs::read_dir(&dotfiles)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["stars.ron"]);

    // A damaged target is moved aside beside itself; the link stays and the next save writes
    // a new target through it.
    fs::write(&target, "(version: 1, stars: {").unwrap();
    let saved = favourites.star(&[&a]).unwrap();
    let moved = saved.moved_aside.expect("moved aside");
    assert_eq!(moved.to.parent(), Some(dotfiles.as_path()));
    assert_eq!(fs::read(&moved.to).unwrap(), b"(version: 1, stars: {");
    assert!(
        fs::symlink_metadata(&path)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let (again, _) = Favourites::open(target, CONFERENCE).unwrap();
    assert!(again.is_starred(&"a".into()));
}
