//! The built binary in a real pseudo-terminal: keys in, screen out (through a terminal
//! emulator), and the terminal handed back as it was on every way out.

mod common;

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The hallway binary with a data directory of its own, never the real home.
fn hallway() -> Command {
    let data = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .expect("tempdir")
        .keep();
    let mut command = Command::new(env!("CARGO_BIN_EXE_hallway"));
    command.env("HALLWAY_CONFIG", data.join("config.ron"));
    command.env("HALLWAY_DATA_DIR", data);
    command
}

struct Session {
    screen: Arc<Mutex<vt100::Parser>>,
    /// BEL bytes hallway wrote (it writes no other sequence that contains one).
    bells: Arc<AtomicUsize>,
    /// Everything hallway wrote, to look for escape sequences the screen does not show.
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    master: Box<dyn portable_pty::MasterPty + Send>,
    _data: tempfile::TempDir,
}

impl Session {
    fn start(args: &[&str], rows: u16, cols: u16) -> Session {
        Session::start_in(args, rows, cols, tempfile::tempdir().expect("tempdir"))
    }

    /// Starts hallway with its data directory in `data`.
    fn start_in(args: &[&str], rows: u16, cols: u16, data: tempfile::TempDir) -> Session {
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_hallway"));
        command.args(args);
        Session::spawn(command, rows, cols, data)
    }

    /// Runs hallway from `sh`, which afterwards prints hallway's exit status and the tty's
    /// mode (`stty -a`), so a test sees the terminal as the user's shell gets it back.
    fn start_under_shell(args: &[&str], rows: u16, cols: u16) -> Session {
        let mut command = CommandBuilder::new("sh");
        command.arg("-c");
        command.arg("\"$0\" \"$@\"; echo \"exit=$?\"; stty -a; sleep 30");
        command.arg(env!("CARGO_BIN_EXE_hallway"));
        command.args(args);
        Session::spawn(command, rows, cols, tempfile::tempdir().expect("tempdir"))
    }

    fn spawn(
        mut command: CommandBuilder,
        rows: u16,
        cols: u16,
        data: tempfile::TempDir,
    ) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        command.env("TERM", "xterm-256color");
        command.env("HALLWAY_DATA_DIR", data.path());
        command.env("HALLWAY_CONFIG", data.path().join("config.ron"));
        command.env_remove("NO_COLOR");
        let child = pair.slave.spawn_command(command).expect("spawn hallway");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            rows.try_into().expect("rows"),
            cols.try_into().expect("cols"),
            0,
        )));
        let feed = Arc::clone(&screen);
        let bells = Arc::new(AtomicUsize::new(0));
        let rung = Arc::clone(&bells);
        let raw = Arc::new(Mutex::new(Vec::new()));
        let written = Arc::clone(&raw);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let bel = buf[..n].iter().filter(|&&b| b == 0x07).count();
                rung.fetch_add(bel, Ordering::SeqCst);
                written.lock().unwrap().extend_from_slice(&buf[..n]);
                feed.lock().unwrap().process(&buf[..n]);
            }
        });
        Session {
            screen,
            bells,
            raw,
            writer,
            child,
            master: pair.master,
            _data: data,
        }
    }

    /// The desktop notifications asked for (OSC 9 or OSC 777, as the environment selects).
    fn notifications(&self) -> Vec<String> {
        let raw = String::from_utf8_lossy(&self.raw.lock().unwrap()).into_owned();
        raw.split("\x1b]9;")
            .skip(1)
            .chain(raw.split("\x1b]777;notify;").skip(1))
            .map(|rest| rest.split('\x1b').next().unwrap_or("").to_string())
            .collect()
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    fn wait_for(&self, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if self.contents().contains(needle) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "'{needle}' never appeared; the screen:\n{}",
            self.contents()
        );
    }

    fn resize(&mut self, rows: u16, cols: u16) {
        self.screen.lock().unwrap().screen_mut().set_size(
            rows.try_into().expect("rows"),
            cols.try_into().expect("cols"),
        );
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    fn press(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader take the last bytes.
                std::thread::sleep(Duration::from_millis(200));
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "hallway did not exit:\n{}",
                self.contents()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn assert_restored(&self) {
        let parser = self.screen.lock().unwrap();
        let screen = parser.screen();
        assert!(!screen.alternate_screen(), "still on the alternate screen");
        assert!(!screen.hide_cursor(), "cursor left hidden");
        assert_eq!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse reporting left on"
        );
        assert!(!screen.bracketed_paste(), "bracketed paste left on");
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

#[test]
fn browse_keys_and_quit_restore_the_terminal() {
    let mut s = Session::start(&["--now", "2024-03-20T10:30"], 30, 100);
    s.wait_for("Platform Building Blocks");
    assert!(s.screen.lock().unwrap().screen().alternate_screen());
    s.press("l");
    s.wait_for("Product Market Misfit");
    s.press("j");
    s.wait_for("Zhonghu Xu (Huawei)");
    s.press("4");
    s.wait_for("Lin Sun (Solo.io)");
    s.press("?");
    s.wait_for("hallway keys");
    s.press("?");
    s.press("q");
    assert!(s.wait_exit().success());
    s.assert_restored();
}

#[test]
fn ctrl_c_quits_and_restores() {
    let mut s = Session::start(
        &["--now", "2024-03-19T09:00", "--tz", "America/New_York"],
        24,
        80,
    );
    s.wait_for("America/New_York (EDT)");
    // 16:25 in Paris is 11:25 in New York.
    s.wait_for("11:25");
    s.press("\u{3}");
    assert!(s.wait_exit().success());
    s.assert_restored();
}

/// The process hallway runs as under the shell of `start_under_shell`.
#[cfg(target_os = "linux")]
fn child_of(shell: u32) -> u32 {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let children = std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children"))
            .unwrap_or_default();
        if let Some(pid) = children.split_whitespace().next() {
            return pid.parse().expect("a pid");
        }
        assert!(Instant::now() < deadline, "sh started no hallway");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
#[cfg(target_os = "linux")]
fn signals_from_outside_restore_the_terminal_and_exit_128_plus_the_signal() {
    for (name, number) in [("TERM", 15), ("HUP", 1), ("INT", 2), ("QUIT", 3)] {
        let s = Session::start_under_shell(&["--now", "2024-03-20T10:30"], 40, 100);
        s.wait_for("Platform Building Blocks");
        assert!(s.screen.lock().unwrap().screen().alternate_screen());
        let hallway = child_of(s.child.process_id().expect("sh's pid"));
        let sent = Command::new("kill")
            .args(["-s", name, &hallway.to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        s.wait_for(&format!("exit={}", 128 + number));
        s.wait_for("speed");
        s.assert_restored();
        let stty = s.contents();
        let modes: Vec<&str> = stty.split_whitespace().collect();
        // Cooked mode again: line editing, echo and signals on, as before hallway started.
        for mode in ["icanon", "echo", "isig", "icrnl", "opost"] {
            assert!(modes.contains(&mode), "SIG{name}: '{mode}' is off:\n{stty}");
        }
    }
}

/// The most memory a process has held (VmHWM), in kB.
#[cfg(target_os = "linux")]
fn peak_memory_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .expect("VmHWM");
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
#[cfg(target_os = "linux")]
fn an_absurd_terminal_size_is_drawn_within_a_sane_maximum() {
    let mut s = Session::start(&["--now", "2024-03-20T10:30"], 30, 100);
    s.wait_for("Platform Building Blocks");
    let pid = s.child.process_id().expect("pid");
    // Only the pseudo-terminal claims the size; the emulator keeps its own.
    s.master
        .resize(PtySize {
            rows: 20_000,
            cols: 20_000,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert!(s.child.try_wait().unwrap().is_none(), "hallway ended");
    let peak = peak_memory_kb(pid);
    // A 20,000×20,000 frame would be gigabytes; 1000×500 is tens of megabytes.
    assert!(peak < 400_000, "hallway held {peak} kB");
    s.resize(30, 100);
    s.wait_for("Platform Building Blocks");
    s.press("q");
    assert!(s.wait_exit().success());
    s.assert_restored();
}

#[test]
fn a_resize_lays_out_again() {
    let mut s = Session::start(&["--now", "2024-03-20T10:30"], 8, 30);
    s.wait_for("Terminal too small");
    s.resize(30, 100);
    s.wait_for("Platform Building Blocks");
    s.resize(9, 39);
    s.wait_for("Terminal too small (39×9)");
    s.press("q");
    assert!(s.wait_exit().success());
    s.assert_restored();
}

#[test]
fn bad_schedule_files_are_named_and_exit_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.ron");
    std::fs::write(
        &broken,
        "(\n  version: 1,\n  conference: (id: \"x\" title: \"X\"),\n)",
    )
    .unwrap();
    let output = hallway().arg(&broken).output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("broken.ron: RON schedule: line 3, column"),
        "{stderr}"
    );

    let missing = dir.path().join("missing.ron");
    let output = hallway().arg(&missing).output().unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("missing.ron"));

    let junk = dir.path().join("junk.bin");
    std::fs::write(&junk, [0xff, 0xfe, 0x00, 0x41]).unwrap();
    let output = hallway().arg(&junk).output().unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("junk.bin: not UTF-8 text"));
}

#[test]
fn hostile_files_write_no_escape_to_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let evil = "\u{1b}]52;c;aGVsbG8=\u{7}\u{1b}]0;owned\u{7}\u{1b}[2J\u{9b}31m\u{202e}";
    let event = |uid: &str, extra: &str| {
        format!(
            "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART;TZID={evil}:20240320T090000\r\n\
             {extra}SUMMARY:A{evil}\r\nEND:VEVENT\r\n"
        )
    };
    let calendar = |events: &str| format!("BEGIN:VCALENDAR\r\n{events}END:VCALENDAR\r\n");
    // An error (a bad DURATION) and a file that opens with warnings (an unknown TZID, ids
    // repeated).
    let bad = dir.path().join("bad.ics");
    std::fs::write(
        &bad,
        calendar(&event("a", &format!("DURATION:P{evil}\r\n"))),
    )
    .unwrap();
    let warned = dir.path().join("warned.ics");
    let repeated = format!("{}{}", event(evil, ""), event(evil, ""));
    std::fs::write(&warned, calendar(&repeated)).unwrap();
    let forbidden = |bytes: &[u8]| {
        let text = String::from_utf8_lossy(bytes);
        bytes.contains(&0x1b)
            || bytes.contains(&0x07)
            || text.contains('\u{9b}')
            || text.contains('\u{202e}')
    };
    for (file, fails) in [(&bad, true), (&warned, false)] {
        let output = hallway().arg("-s").arg(file).arg("list").output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.success(), !fails, "{stderr}");
        assert!(
            !forbidden(&output.stderr),
            "a control byte on stderr: {stderr:?}"
        );
        assert!(!forbidden(&output.stdout), "a control byte on stdout");
        if fails {
            assert!(
                stderr.contains("line 5: DURATION 'P\\u{1b}]52;c;"),
                "{stderr}"
            );
        } else {
            assert!(stderr.contains("TZID '\\u{1b}]52' is not"), "{stderr}");
            assert!(stderr.contains("duplicate id"), "{stderr}");
        }
    }
}

#[test]
fn without_a_terminal_it_says_so() {
    let output = hallway().output().unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("needs a terminal"));
}

#[test]
fn bad_options_are_named() {
    let output = hallway().args(["--now", "soon"]).output().unwrap();
    assert!(String::from_utf8_lossy(&output.stderr).contains("--now: 'soon' is not a time"));
    let output = hallway().args(["--tz", "Mars/Olympus"]).output().unwrap();
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("'Mars/Olympus' is not an IANA time zone")
    );
}

#[test]
fn search_from_the_shell_exits_by_hits() {
    let output = hallway()
        .args(["search", "istio", "--limit", "2", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    assert!(
        stdout.starts_with("{\"id\":\"istio-day-istio-and-dns\""),
        "{stdout}"
    );
    let output = hallway().args(["search", "qqqqzzzz"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
}

#[test]
fn search_in_the_app_jumps_to_the_session() {
    let mut s = Session::start(&["--now", "2024-03-19T09:00"], 30, 100);
    s.wait_for("Istio and DNS");
    s.press("/");
    s.wait_for("Type part of a title");
    s.press("clod natve");
    s.wait_for("1 session");
    s.press("\r");
    s.wait_for("Lin Sun (Solo.io)");
    assert!(s.contents().contains("Fri 22 Mar"));
    s.press("q");
    assert!(s.wait_exit().success());
    s.assert_restored();
}

#[test]
fn a_star_made_in_the_app_is_saved_at_once_and_kept() {
    let mut s = Session::start(&["--now", "2024-03-20T09:00"], 30, 100);
    s.wait_for("Platform Building Blocks");
    s.press("s");
    s.wait_for("★ 1");
    // Saved right after the frame that shows it, while the app still runs: another hallway
    // sees it.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let output = Command::new(env!("CARGO_BIN_EXE_hallway"))
            .args(["stars", "--json"])
            .env("HALLWAY_DATA_DIR", s._data.path())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        if stdout.contains("\"id\":\"keynote-platform-building-blocks-ml\"") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the star was never saved: {stdout}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // A star made from the shell reaches the running app at its next save.
    let output = Command::new(env!("CARGO_BIN_EXE_hallway"))
        .args(["star", "istio-project-update"])
        .env("HALLWAY_DATA_DIR", s._data.path())
        .output()
        .unwrap();
    assert!(output.status.success());
    s.press("js");
    s.wait_for("★ 3");
    s.press("q");
    assert!(s.wait_exit().success());
    let data = std::mem::replace(&mut s._data, tempfile::tempdir().unwrap());
    let mut again = Session::start_in(&["--now", "2024-03-20T09:00"], 30, 100, data);
    again.wait_for("★ 3");
    again.press("a");
    again.wait_for("My agenda: 3 starred");
    again.press("q");
    again.press("q");
    assert!(again.wait_exit().success());
}

#[test]
fn export_writes_a_calendar_of_the_stars() {
    let data = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_hallway"))
            .args(args)
            .env("HALLWAY_DATA_DIR", data.path())
            .output()
            .unwrap()
    };
    let starred = run(&["star", "istio-day-istio-and-dns"]);
    assert!(starred.status.success());
    let said = String::from_utf8_lossy(&starred.stderr);
    assert!(
        said.starts_with("hallway: starred: Istio and DNS (istio-day-istio-and-dns)\n"),
        "{said}"
    );
    let must = run(&["star", "istio-day-istio-and-dns", "--priority", "must"]);
    let said = String::from_utf8_lossy(&must.stderr);
    assert!(
        said.starts_with("hallway: starred, a must: Istio and DNS"),
        "{said}"
    );
    let unknown = run(&["star", "no-such-session"]);
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("'no-such-session'"));
    let output = run(&["export", "--starred", "--ics"]);
    let ics = String::from_utf8(output.stdout).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1);
    assert!(ics.contains("SUMMARY:Istio and DNS\r\n"));
    assert!(ics.contains("DTSTART:20240319T152500Z\r\n"));
}

/// What importing a Sched export should give: its path, the zone to pass, the library name, the
/// session and day counts, the first day and the conference title.
struct Expected<'a> {
    path: &'a str,
    tz: &'a str,
    name: &'a str,
    sessions: usize,
    days: usize,
    first_day: &'a str,
    title: &'a str,
}

#[test]
fn import_then_open_by_name_and_by_default() {
    import_then_open(Expected {
        path: concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sched.ics"),
        tz: "Europe/Paris",
        name: "doid26",
        sessions: 34,
        days: 3,
        first_day: "2026-06-09",
        title: "Driftwood Open Infrastructure Days Europe 2026",
    });
}

#[test]
#[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
fn corpus_import_then_open_by_name_and_by_default() {
    let path = common::corpus_path("kubecon-eu-2026-sched-all.ics");
    import_then_open(Expected {
        path: path.to_str().unwrap(),
        tz: "Europe/Amsterdam",
        name: "kubecon26",
        sessions: 596,
        days: 6,
        first_day: "2026-03-22",
        title: "KubeCon + CloudNativeCon Europe 2026",
    });
}

fn import_then_open(expected: Expected) {
    let Expected {
        path,
        tz,
        name,
        sessions,
        days,
        first_day,
        title,
    } = expected;
    let data = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_hallway"))
            .args(args)
            .env("HALLWAY_DATA_DIR", data.path())
            .output()
            .unwrap()
    };
    // An empty library: the bundled schedule.
    assert_eq!(
        String::from_utf8(run(&["list"]).stdout)
            .unwrap()
            .lines()
            .count(),
        7
    );
    let output = run(&["import", path, "--tz", tz, "--name", name]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let summary = String::from_utf8(output.stdout).unwrap();
    assert!(
        summary.contains(&format!("{sessions} sessions on {days} days")),
        "{summary}"
    );
    // By name, and with no argument (the schedule used last), offline from the stored copy.
    let by_name = run(&["list", "--json", "-s", name]);
    assert_eq!(
        String::from_utf8(by_name.stdout).unwrap().lines().count(),
        sessions
    );
    let by_default = String::from_utf8(run(&["list", "--json"]).stdout).unwrap();
    assert_eq!(by_default.lines().count(), sessions);
    assert!(
        by_default
            .lines()
            .next()
            .unwrap()
            .contains(&format!("\"day\":\"{first_day}\"")),
        "{by_default}"
    );
    let listing = String::from_utf8(run(&["library"]).stdout).unwrap();
    assert!(listing.starts_with(&format!("{name} ")), "{listing}");
    // A bad file changes nothing and says which file.
    let junk = data.path().join("junk.xml");
    std::fs::write(&junk, "<schedule><day").unwrap();
    let failed = run(&["import", junk.to_str().unwrap()]);
    assert!(!failed.status.success());
    assert!(String::from_utf8_lossy(&failed.stderr).contains("junk.xml"));
    assert_eq!(
        String::from_utf8(run(&["library"]).stdout).unwrap(),
        listing
    );
    let unknown = run(&["list", "-s", "nosuch"]);
    assert!(String::from_utf8_lossy(&unknown.stderr).contains(&format!("the library has: {name}")));
    // Removed, it is gone from the library; without a schedule, hallway opens the bundled one.
    let removed = run(&["remove", name]);
    assert!(removed.status.success());
    assert_eq!(
        String::from_utf8(removed.stdout).unwrap(),
        format!("Removed {name} ({title}).\n")
    );
    assert!(
        String::from_utf8(run(&["library"]).stdout)
            .unwrap()
            .contains("The library is empty")
    );
    let bundled = String::from_utf8(run(&["list", "--json"]).stdout).unwrap();
    assert_eq!(bundled.lines().count(), 7, "{bundled}");
    let again = run(&["remove", name]);
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains(&format!("no schedule named '{name}'"))
    );
}

#[test]
fn now_and_next_answer_for_the_moment_given() {
    let run =
        |args: &[&str]| String::from_utf8(hallway().args(args).output().unwrap().stdout).unwrap();
    let next = run(&["next", "--now", "2024-03-20T17:00", "--within", "1h"]);
    assert!(next.starts_with("in 25 min  Wed 20 Mar 17:25"), "{next}");
    let now = run(&["now", "--json", "--now", "2024-03-22T10:10"]);
    assert!(
        now.contains("\"id\":\"keynote-cloud-native-next-decade\""),
        "{now}"
    );
    assert_eq!(run(&["now", "--now", "2024-03-22T12:00"]), "");
    assert_eq!(run(&["next", "--starred", "--now", "2024-03-22T10:00"]), "");
    // A template for a status line; a mistake in it is named, and nothing is printed.
    let line = run(&[
        "next",
        "--now",
        "2024-03-20T17:00",
        "--within",
        "1h",
        "--format",
        "{start} {title} in {minutes}m",
    ]);
    assert_eq!(
        line,
        "17:25 Comparing Sidecar-Less Service Mesh from Cilium and Istio in 25m\n"
    );
    let bad = hallway()
        .args(["now", "--format", "{room} {titel}"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(bad.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(
        stderr.starts_with("hallway: --format: '{titel}' is not a field"),
        "{stderr}"
    );
}

#[test]
fn a_starred_session_about_to_start_shows_a_banner_and_rings_once() {
    let data = tempfile::tempdir().unwrap();
    let star = Command::new(env!("CARGO_BIN_EXE_hallway"))
        .args(["star", "istio-project-update"])
        .env("HALLWAY_DATA_DIR", data.path())
        .output()
        .unwrap();
    assert!(star.status.success());
    let config = data.path().join("config.ron");
    // 15:13 is twelve minutes before 15:25: the default five minutes is not yet.
    let mut s = Session::start_in(&["--now", "2024-03-21T15:13"], 30, 100, data);
    s.wait_for("Istio Project Update");
    assert!(!s.contents().contains("★ in"), "{}", s.contents());
    s.press("q");
    assert!(s.wait_exit().success());
    assert_eq!(s.bells.load(Ordering::SeqCst), 0);

    // The setting in config.ron makes it fifteen minutes; the flag overrides the file.
    std::fs::write(&config, "(remind_minutes: 15)").unwrap();
    let data = std::mem::replace(&mut s._data, tempfile::tempdir().unwrap());
    let mut s = Session::start_in(&["--now", "2024-03-21T15:13"], 30, 100, data);
    s.wait_for("★ in 12 min: Istio Project Update");
    s.press("w");
    s.wait_for("On now and next");
    s.press("q");
    s.press("q");
    assert!(s.wait_exit().success());
    assert_eq!(s.bells.load(Ordering::SeqCst), 1);
    // And one desktop notification, saying what and when.
    let notes = s.notifications();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].contains("Istio Project Update starts in 12 min"),
        "{notes:?}"
    );

    let data = std::mem::replace(&mut s._data, tempfile::tempdir().unwrap());
    let mut s = Session::start_in(&["--now", "2024-03-21T15:13", "--no-bell"], 30, 100, data);
    s.wait_for("★ in 12 min");
    s.press("q");
    assert!(s.wait_exit().success());
    assert_eq!(s.bells.load(Ordering::SeqCst), 0);
    assert_eq!(s.notifications().len(), 1);

    // No notification with --no-notify, nor with `notify: false` in config.ron.
    for (flags, setting) in [
        (&["--no-notify"][..], "(remind_minutes: 15)"),
        (&[][..], "(remind_minutes: 15, notify: false)"),
    ] {
        std::fs::write(&config, setting).unwrap();
        let data = std::mem::replace(&mut s._data, tempfile::tempdir().unwrap());
        let args = [&["--now", "2024-03-21T15:13"][..], flags].concat();
        s = Session::start_in(&args, 30, 100, data);
        s.wait_for("★ in 12 min");
        s.press("q");
        assert!(s.wait_exit().success());
        assert_eq!(s.bells.load(Ordering::SeqCst), 1);
        assert!(s.notifications().is_empty(), "{flags:?} {setting}");
    }
    std::fs::write(&config, "(remind_minutes: 15)").unwrap();

    let data = std::mem::replace(&mut s._data, tempfile::tempdir().unwrap());
    let mut s = Session::start_in(
        &["--now", "2024-03-21T15:13", "--remind", "0"],
        30,
        100,
        data,
    );
    s.wait_for("Istio Project Update");
    assert!(!s.contents().contains("★ in"), "{}", s.contents());
    s.press("q");
    assert!(s.wait_exit().success());

    // A broken settings file is named, and hallway opens with the defaults.
    std::fs::write(&config, "(remind_minutes: ten)").unwrap();
    let data = std::mem::replace(&mut s._data, tempfile::tempdir().unwrap());
    let mut s = Session::start_in(&["--now", "2024-03-21T15:13"], 30, 100, data);
    s.wait_for("settings not used");
    assert!(
        s.contents()
            .contains("config.ron, line 1, column 17: Expected integer"),
        "{}",
        s.contents()
    );
    s.press("q");
    assert!(s.wait_exit().success());
}

#[test]
fn sessions_changed_by_an_update_are_marked_until_looked_at() {
    let data = tempfile::tempdir().unwrap();
    let source = data.path().join("conf.ron");
    let bundled = include_str!("../assets/kubecon-eu-2024.ron");
    std::fs::write(&source, bundled).unwrap();
    let run = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_hallway"))
            .args(args)
            .env("HALLWAY_DATA_DIR", data.path())
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    run(&["import", source.to_str().unwrap(), "--name", "kc"]);
    // The organisers retitle two sessions.
    let edited = bundled
        .replace("\"Istio and DNS\"", "\"Istio, DNS and You\"")
        .replace(
            "\"Istio Project Update\"",
            "\"Istio Project Update: Ambient GA\"",
        );
    std::fs::write(&source, edited).unwrap();
    let report = run(&["update", "kc"]);
    assert!(report.starts_with("kc: 2 changes"), "{report}");

    // The day of Istio Day: its session is selected on opening, so it counts as seen.
    let mut s = Session::start_in(&["kc", "--now", "2024-03-19T09:00"], 30, 100, data);
    s.wait_for("◆ 1 changed");
    s.wait_for("◆ retitled (was 'Istio and DNS')");
    s.press("3");
    s.wait_for("retitled · Mitch Connors");
    s.press("jq");
    assert!(s.wait_exit().success());
    // Both have been looked at: the next run shows no marks.
    let data = std::mem::replace(&mut s._data, tempfile::tempdir().unwrap());
    let mut again = Session::start_in(&["kc", "--now", "2024-03-21T15:00"], 30, 100, data);
    again.wait_for("Istio Project Update: Ambient GA");
    assert!(
        !again.contents().contains("changed"),
        "{}",
        again.contents()
    );
    assert!(
        !again.contents().contains("retitled"),
        "{}",
        again.contents()
    );
    again.press("q");
    assert!(again.wait_exit().success());
}

#[test]
fn the_grid_opens_with_v_and_is_remembered_for_the_next_run() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/frab-fosdem.xml"
    );
    let args = [fixture, "--now", "2027-01-30T11:10"];
    let mut s = Session::start(&args, 40, 120);
    s.wait_for("Open Winter 2027");
    s.press("v");
    // The grid: rooms side by side under a time gutter, and its own hints.
    s.wait_for("│Aula Magna");
    s.wait_for("v  timeline");
    // Right moves to the session at the same time in the next room.
    let before = s.contents();
    s.press("l");
    let deadline = Instant::now() + Duration::from_secs(10);
    while s.contents() == before {
        assert!(Instant::now() < deadline, "l changed nothing:\n{before}");
        std::thread::sleep(Duration::from_millis(20));
    }
    s.press("q");
    assert!(s.wait_exit().success());
    s.assert_restored();
    let data = std::mem::replace(&mut s._data, tempfile::tempdir().unwrap());
    let layout = std::fs::read_to_string(data.path().join("view.ron")).unwrap();
    assert_eq!(layout.trim(), "Grid");
    // The next run opens on the grid; v goes back to the timeline and that is kept too.
    let mut again = Session::start_in(&args, 40, 120, data);
    again.wait_for("│Aula Magna");
    again.press("v");
    again.wait_for("v  grid");
    again.press("q");
    assert!(again.wait_exit().success());
    let layout = std::fs::read_to_string(again._data.path().join("view.ron")).unwrap();
    assert_eq!(layout.trim(), "Timeline");
}

#[test]
fn a_filter_set_in_the_panel_is_kept_for_the_schedule() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/frab-fosdem.xml"
    );
    let args = [fixture, "--now", "2027-01-30T11:10"];
    let mut s = Session::start(&args, 40, 120);
    s.wait_for("Open Winter 2027");
    s.press("f");
    s.wait_for("Filter 62 of 62 sessions");
    // Narrow to a room by typing, choose it, close the panel.
    s.press("vesal");
    s.wait_for("[ ] D.Vesalius");
    s.press(" ");
    s.wait_for("[x] D.Vesalius");
    s.press("\x1b");
    // The panel gives way to the details again; the filter stays on screen.
    s.wait_for("When ");
    assert!(s.contents().contains("filter: room: D.Vesalius"));
    s.press("q");
    assert!(s.wait_exit().success());
    let data = std::mem::replace(&mut s._data, tempfile::tempdir().unwrap());
    let mut again = Session::start_in(&args, 40, 120, data);
    again.wait_for("filter: room: D.Vesalius");
    // F clears it, and that is kept too.
    again.press("F");
    again.wait_for("filter cleared");
    again.press("q");
    assert!(again.wait_exit().success());
    let data = std::mem::replace(&mut again._data, tempfile::tempdir().unwrap());
    let mut third = Session::start_in(&args, 40, 120, data);
    third.wait_for("Open Winter 2027");
    assert!(
        !third.contents().contains("filter:"),
        "{}",
        third.contents()
    );
    third.press("q");
    assert!(third.wait_exit().success());
}

#[test]
fn every_command_that_loads_the_stars_says_when_a_file_was_moved_aside() {
    for args in [
        &["star", "istio-project-update"][..],
        &["unstar", "istio-project-update"],
        &["now", "--starred", "--now", "2024-03-20T10:30"],
        &["next", "--starred", "--now", "2024-03-20T10:30"],
        &["export", "--starred"],
        &["stars"],
    ] {
        let data = tempfile::tempdir().unwrap();
        let folder = data.path().join("favourites");
        std::fs::create_dir_all(&folder).unwrap();
        let file = folder.join("kubecon-eu-2024.ron");
        std::fs::write(&file, "(not a favourites file").unwrap();
        let output = hallway()
            .args(args)
            .env("HALLWAY_DATA_DIR", data.path())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        // With the stars moved aside there is no star to export: "nothing found", status 1.
        let expected = if args[0] == "export" { 1 } else { 0 };
        assert_eq!(output.status.code(), Some(expected), "{args:?}: {stderr}");
        let aside: Vec<String> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("corrupt"))
            .collect();
        assert_eq!(aside.len(), 1, "{args:?}: {aside:?}");
        // Both paths are named: the file and where it went.
        assert!(stderr.contains(&aside[0]), "{args:?}: {stderr}");
        assert!(stderr.contains("kubecon-eu-2024.ron"), "{args:?}: {stderr}");
    }
}

#[test]
fn a_damaged_library_is_never_answered_for_by_another_conference() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/frab-fosdem.xml"
    );
    for damage in ["index", "copy"] {
        let data = tempfile::tempdir().unwrap();
        let run = |args: &[&str]| {
            hallway()
                .args(args)
                .env("HALLWAY_DATA_DIR", data.path())
                .output()
                .unwrap()
        };
        assert!(run(&["import", fixture, "--name", "ow"]).status.success());
        let path = match damage {
            "index" => data.path().join("library.ron"),
            _ => data.path().join("schedules/ow.ron"),
        };
        let text = std::fs::read(&path).unwrap();
        std::fs::write(&path, &text[..text.len() / 2]).unwrap();
        // A command fails, says what is wrong and how to fix it, and prints no session.
        let output = run(&["next", "--starred", "--now", "2024-03-20T10:30"]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{damage}: {stderr}");
        assert!(output.stdout.is_empty(), "{damage}");
        let fix = match damage {
            "index" => "hallway library --repair",
            _ => "hallway update ow",
        };
        assert!(stderr.contains(fix), "{damage}: {stderr}");
        // The app opens on the bundled schedule and says why, where the user looks.
        let mut s = Session::start_in(&["--now", "2024-03-20T10:30"], 30, 140, data);
        s.wait_for(
            "this is the bundled KubeCon EU 2024 schedule, not yours: the library could not",
        );
        s.press("q");
        assert!(s.wait_exit().success());
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_closed_or_full_standard_output_is_an_error() {
    // `sh -c '"$0" list >&-'`: hallway starts with descriptor 1 closed.
    let data = tempfile::tempdir().unwrap();
    let run = |redirect: &str| {
        Command::new("sh")
            .args(["-c", &format!("\"$0\" list {redirect}")])
            .arg(env!("CARGO_BIN_EXE_hallway"))
            .env("HALLWAY_DATA_DIR", data.path())
            .output()
            .unwrap()
    };
    let closed = run(">&-");
    assert_eq!(closed.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&closed.stderr),
        "hallway: cannot write to standard output: it is closed\n"
    );
    let full = run(">/dev/full");
    assert_eq!(full.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&full.stderr).contains("No space left on device"));
    // Output thrown away on purpose is not an error.
    assert!(run(">/dev/null").status.success());
}

#[test]
fn the_first_run_says_the_bundled_schedule_is_a_sample_and_how_to_get_it_all() {
    let mut s = Session::start(&[], 40, 120);
    s.wait_for("the bundled sample: 7 KubeCon EU 2024 sessions");
    s.wait_for("https://kccnceu2024.sched.com/all.ics --tz Europe/Paris");
    assert!(s.contents().contains("All of it: hallway import"));
    // Esc does not quit; the hint goes with the first key, and q quits.
    s.press("\x1b");
    s.press("j");
    s.wait_for("?  help");
    assert!(!s.contents().contains("bundled sample"));
    s.press("q");
    assert!(s.wait_exit().success());
}
