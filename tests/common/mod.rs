//! Helpers shared by the integration tests: fixtures, a snapshot of a data directory, and a
//! tiny HTTP/1.1 server on 127.0.0.1 started by the test that needs it.
// Each test crate uses a part of this module.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

mod corpus;
#[allow(unused_imports)] // Not every test crate reads the corpus.
pub use corpus::*;

/// A file of tests/fixtures (schedules written here).
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A fixture's path as an argument.
pub fn fixture_arg(name: &str) -> String {
    fixture(name).display().to_string()
}

/// Every file under `dir` with its bytes, to show that a failure changed nothing.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "cache") {
                // A copy's cache (src/cache.rs) is made whenever it is missing or stale: not
                // data of the library.
            } else {
                files.insert(path.clone(), std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// What the server saw and how it answers.
pub struct Server {
    pub url: String,
    /// The head of each request, lower-cased.
    pub requests: Arc<Mutex<Vec<String>>>,
}

/// Serves one answer per connection, computed from the lower-cased request head, then closes.
pub fn serve(answer: impl Fn(&str) -> Vec<u8> + Send + 'static) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&requests);
    // The thread ends with the test process.
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let head = read_head(&stream).to_ascii_lowercase();
            seen.lock().unwrap().push(head.clone());
            let _ = stream.write_all(&answer(&head));
            let _ = stream.flush();
        }
    });
    Server { url, requests }
}

/// Reads a request's head, up to the empty line.
pub fn read_head(stream: &TcpStream) -> String {
    let mut reader = BufReader::new(stream);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            return head;
        }
        head.push_str(&line);
    }
}

/// An HTTP/1.1 answer that closes the connection.
pub fn response(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\n", body.len());
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("Connection: close\r\n\r\n");
    let mut out = out.into_bytes();
    out.extend_from_slice(body);
    out
}
