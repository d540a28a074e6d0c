//! hallway as a citizen of the shell: exit statuses, "did you mean", completion scripts and the
//! man page, reserved names and `TZ`. Each run gets its own data directory.

use std::process::{Command, Output};

struct Run {
    data: tempfile::TempDir,
}

impl Run {
    fn new() -> Run {
        Run {
            data: tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("tempdir"),
        }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_hallway"));
        command
            .args(args)
            .env("HALLWAY_DATA_DIR", self.data.path())
            .env("HALLWAY_CONFIG", self.data.path().join("config.ron"))
            .env_remove("TZ");
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("hallway runs")
    }

    /// What fish's completion script gets for the command line `words` (the last one being
    /// the word under the cursor): one candidate per line, its help after a tab.
    fn complete(&self, words: &[&str]) -> Output {
        let mut args = vec!["--"];
        args.extend(words);
        let mut command = self.command(&args);
        command.env("COMPLETE", "fish");
        command.output().expect("hallway runs")
    }
}

/// The candidates of a completion's output, without their help.
fn candidates(output: &Output) -> Vec<String> {
    stdout(output)
        .lines()
        .map(|l| l.split('\t').next().unwrap_or_default().to_string())
        .collect()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn every_usage_or_input_error_exits_with_2() {
    let run = Run::new();
    let missing = run.data.path().join("missing.ics");
    let missing = missing.to_str().unwrap();
    for (args, says) in [
        (vec!["--tz", "Mars/Base", "list"], "--tz: 'Mars/Base'"),
        (vec!["--now", "tomorrow", "list"], "--now: 'tomorrow'"),
        (vec!["next", "--within", "soon"], "--within: 'soon'"),
        (vec!["now", "--format", "{titel}"], "--format: '{titel}'"),
        (vec!["star", "no-such-id"], "'no-such-id'"),
        (vec!["list", "--track", "no such track"], "--track"),
        (vec!["-s", missing, "list"], "missing.ics"),
        (vec!["list", "--no-such-flag"], "--no-such-flag"),
    ] {
        let out = run.run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
        assert!(stdout(&out).is_empty(), "{args:?}: {}", stdout(&out));
    }
}

#[test]
fn nothing_found_exits_with_1_and_success_with_0() {
    let run = Run::new();
    let none = run.run(&["search", "qqqqzzzz"]);
    assert_eq!(none.status.code(), Some(1));
    assert_eq!(stderr(&none), "hallway: no session matches 'qqqqzzzz'\n");
    let found = run.run(&["search", "istio"]);
    assert_eq!(found.status.code(), Some(0), "{}", stderr(&found));
}

#[test]
fn a_mistyped_subcommand_gets_did_you_mean() {
    let run = Run::new();
    for (args, meant) in [
        (vec!["lst"], "hallway list"),
        (vec!["serach", "foo"], "hallway search"),
        (vec!["--tz", "Europe/Paris", "exprot"], "hallway export"),
    ] {
        let out = run.run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let message = stderr(&out);
        assert!(
            message.contains(&format!("did you mean `{meant}`?")),
            "{message}"
        );
        assert!(!message.contains("neither a schedule file"), "{message}");
    }
    // A word far from every command is still looked for as a file or a library name.
    let out = run.run(&["kubecon26"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("neither a schedule file"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_library_name_equal_to_a_command_is_refused() {
    let run = Run::new();
    let bundled = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/kubecon-eu-2024.ron");
    let out = run.run(&["import", bundled, "--name", "next"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--name 'next' is a hallway command"),
        "{}",
        stderr(&out)
    );
    let library = run.run(&["library"]);
    assert!(!stdout(&library).contains("next"), "{}", stdout(&library));
    let out = run.run(&["import", bundled, "--name", "kubecon"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn completion_scripts_and_the_man_page_cover_every_command() {
    let run = Run::new();
    let help = stdout(&run.run(&["--help"]));
    // The commands as --help lists them: the scripts and the page are made from the same
    // definition, so a new command appears in them without anything to update here.
    let commands: Vec<&str> = help
        .split("Commands:")
        .nth(1)
        .unwrap()
        .split("\n\n")
        .next()
        .unwrap()
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(
        commands.contains(&"completions") && commands.len() > 10,
        "{help}"
    );
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = run.run(&["completions", shell, "--static"]);
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        for command in &commands {
            assert!(script.contains(command), "{shell} lacks {command}");
        }
        assert!(
            script.contains("schedule") && script.contains("track"),
            "{shell}"
        );
        // The default script asks the binary itself at each Tab.
        let out = run.run(&["completions", shell]);
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        assert!(
            script.contains("COMPLETE") && script.contains(env!("CARGO_BIN_EXE_hallway")),
            "{shell}: {script}"
        );
        // Readline quotes what bash inserts ("UA2.114 (Baudoux)"), as it does file names.
        assert!(
            shell != "bash" || script.contains("-o filenames"),
            "{script}"
        );
    }
    // What that script gets back: every command.
    let offered = stdout(&run.complete(&["hallway", ""]));
    for command in &commands {
        assert!(
            offered
                .lines()
                .any(|l| l.split('\t').next() == Some(command)),
            "{command} not offered: {offered}"
        );
    }
    assert_eq!(run.run(&["completions", "tcsh"]).status.code(), Some(2));
    let page = run.run(&["man"]);
    assert!(page.status.success());
    let page = stdout(&page);
    assert!(page.contains(".TH hallway 1"), "{page}");
    for command in &commands {
        assert!(page.contains(command), "the man page lacks {command}");
    }
    assert!(
        page.contains("HALLWAY_DATA_DIR") && page.contains("Exit status"),
        "{page}"
    );
    // With --dir, the pages the main one names as hallway-next(1) and so on.
    let dir = run.data.path().join("man1");
    let out = run.run(&["man", "--dir", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    for command in &commands {
        let sub = std::fs::read_to_string(dir.join(format!("hallway-{command}.1")))
            .unwrap_or_else(|e| panic!("hallway-{command}.1: {e}"));
        assert!(sub.contains(&format!(".TH hallway-{command} 1")), "{sub}");
    }
    let next = std::fs::read_to_string(dir.join("hallway-next.1")).unwrap();
    assert!(
        next.contains("within") && next.contains("schedule"),
        "{next}"
    );
}

#[test]
fn help_has_examples_the_environment_and_the_exit_statuses() {
    let help = stdout(&Run::new().run(&["--help"]));
    for text in [
        "Examples:",
        "hallway import https://",
        "HALLWAY_DATA_DIR",
        "HALLWAY_CONFIG",
        "NO_COLOR",
        "Exit status:",
        "1  nothing found",
    ] {
        assert!(help.contains(text), "--help lacks {text}: {help}");
    }
}

#[test]
fn local_honours_tz() {
    let run = Run::new();
    let start = |tz: &str| {
        let out = run
            .command(&["--local", "list", "--json"])
            .env("TZ", tz)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let first = stdout(&out).lines().next().unwrap().to_string();
        let json: serde_json::Value = serde_json::from_str(&first).unwrap();
        json["start"].as_str().unwrap().to_string()
    };
    assert!(
        start("Asia/Tokyo").ends_with("+09:00"),
        "{}",
        start("Asia/Tokyo")
    );
    assert!(
        start(":America/New_York").ends_with("-04:00"),
        "{}",
        start(":America/New_York")
    );
    let bad = run
        .command(&["--local", "list"])
        .env("TZ", "Mars/Base")
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("TZ=Mars/Base"), "{}", stderr(&bad));
}

#[test]
fn export_says_what_it_wrote_and_that_no_star_is_nothing_found() {
    let run = Run::new();
    let file = run.data.path().join("stars.ics");
    let file_arg = file.to_str().unwrap();
    // No star yet: nothing is written, and the status says "nothing found".
    let none = run.run(&["export", "--starred", "--ics", "-o", file_arg]);
    assert_eq!(none.status.code(), Some(1), "{}", stderr(&none));
    assert!(
        stderr(&none).contains("no starred session to export: no calendar written"),
        "{}",
        stderr(&none)
    );
    assert!(!file.exists());
    // The whole schedule is named after the conference, not "starred sessions", and the
    // bundled schedule's unknown ends are said on stderr, not only inside the file.
    let all = run.run(&["export", "--ics", "-o", file_arg]);
    assert!(all.status.success(), "{}", stderr(&all));
    let ics = std::fs::read_to_string(&file).unwrap();
    assert!(
        ics.contains("X-WR-CALNAME:KubeCon + CloudNativeCon Europe 2024\r\n"),
        "{ics}"
    );
    let said = stderr(&all);
    assert!(said.contains("hallway: wrote 7 sessions to "), "{said}");
    assert!(said.contains("exported as 30 minutes long"), "{said}");
    // Once a session is starred, its export is named for the stars.
    assert!(
        run.run(&["star", "istio-day-istio-and-dns"])
            .status
            .success()
    );
    let starred = run.run(&["export", "--starred", "--ics"]);
    assert!(starred.status.success(), "{}", stderr(&starred));
    assert!(stdout(&starred).contains(": starred sessions\r\n"));
    assert!(
        stderr(&starred).contains("1 session has no announced end"),
        "{}",
        stderr(&starred)
    );
    // A filter that leaves nothing is nothing found as well.
    let filtered = run.run(&["export", "--day", "4", "--starred"]);
    assert_eq!(filtered.status.code(), Some(1), "{}", stderr(&filtered));
}

#[test]
fn json_gives_the_page_the_abstract_and_the_organisations() {
    let run = Run::new();
    let sched = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sched.ics");
    let output = run.run(&[
        "-s",
        sched,
        "--tz",
        "Europe/Paris",
        "search",
        "--json",
        "--limit",
        "1",
        "Tracing the Untraceable",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let object: serde_json::Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    assert_eq!(object["title"], "Tracing the Untraceable");
    assert_eq!(
        object["speakers"],
        serde_json::json!(["Amara Nwosu", "Henrik Dahl"])
    );
    assert_eq!(
        object["organisations"],
        serde_json::json!(["Lanternfish", "Orbitwork"])
    );
    assert!(
        object["url"]
            .as_str()
            .unwrap()
            .starts_with("http://doideu2026.sched.com/event/")
    );
    assert_eq!(
        object["abstract"],
        "Spans across queues, cron jobs and a mainframe."
    );
    assert_eq!(object["subtitle"], serde_json::Value::Null);
}

#[test]
fn completion_offers_library_names_a_schedule_s_values_and_zones() {
    let run = Run::new();
    let week = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/week-main.xml");
    let bundled = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/kubecon-eu-2024.ron");
    for (path, name) in [(week, "weekmain"), (bundled, "kubecon")] {
        let out = run.run(&["import", path, "--name", name]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let out = run.run(&["combine", "kubecon-week", "kubecon", "weekmain"]);
    assert!(out.status.success(), "{}", stderr(&out));

    let names = candidates(&run.complete(&["hallway", "-s", "kube"]));
    assert!(names.contains(&"kubecon".to_string()), "{names:?}");
    assert!(names.contains(&"kubecon-week".to_string()), "{names:?}");
    assert!(!names.contains(&"weekmain".to_string()), "{names:?}");
    let names = candidates(&run.complete(&["hallway", "remove", ""]));
    assert!(names.contains(&"weekmain".to_string()), "{names:?}");
    // A combination is made of schedules, not of other combinations.
    let names = candidates(&run.complete(&["hallway", "combine", "x", ""]));
    assert!(!names.contains(&"kubecon-week".to_string()), "{names:?}");

    // Values come from the schedule the line names, however it names it.
    let facets = stdout(&run.run(&["list", "--facets", "--json", "-s", "weekmain"]));
    let rooms: Vec<String> = facets
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).expect("a JSON line"))
        .filter(|value| value["facet"] == "room")
        .filter_map(|value| value["value"].as_str().map(str::to_string))
        .collect();
    assert!(rooms.len() > 1, "{facets}");
    for line in [
        vec!["hallway", "-s", "weekmain", "list", "--room", ""],
        vec!["hallway", "weekmain", "search", "--room", ""],
        vec!["hallway", "list", "--schedule=weekmain", "--room", ""],
    ] {
        let offered = candidates(&run.complete(&line));
        assert_eq!(offered, rooms, "{line:?}");
    }
    // A schedule the library does not have has no values (not the last one's).
    let offered = candidates(&run.complete(&["hallway", "nosuch", "list", "--room", ""]));
    assert!(offered.iter().all(String::is_empty), "{offered:?}");
    // Forgiving case, and only what begins with what was typed.
    let first = &rooms[0];
    let typed = first[..2].to_lowercase();
    let offered =
        candidates(&run.complete(&["hallway", "-s", "weekmain", "list", "--room", &typed]));
    assert!(offered.contains(first), "{offered:?}");
    assert!(
        offered.iter().all(|r| r.to_lowercase().starts_with(&typed)),
        "{offered:?}"
    );
    // Days by date.
    let days = candidates(&run.complete(&["hallway", "-s", "weekmain", "list", "--day", ""]));
    assert!(
        !days.is_empty() && days.iter().all(|d| d.len() == 10 && d.starts_with("20")),
        "{days:?}"
    );

    let zones = candidates(&run.complete(&["hallway", "list", "--tz", "Europe/Pa"]));
    assert_eq!(zones, ["Europe/Paris"]);
}

#[test]
fn a_command_offers_and_takes_only_the_options_it_reads() {
    let run = Run::new();
    let flags = candidates(&run.complete(&["hallway", "import", "file.ics", "-"]));
    assert!(flags.contains(&"--tz".to_string()), "{flags:?}");
    assert!(flags.contains(&"--name".to_string()), "{flags:?}");
    assert!(
        !flags
            .iter()
            .any(|f| f == "--schedule" || f == "-s" || f == "--now"),
        "{flags:?}"
    );
    let flags = candidates(&run.complete(&["hallway", "library", "-"]));
    assert!(
        !flags.iter().any(|f| f == "--schedule" || f == "--tz"),
        "{flags:?}"
    );
    let flags = candidates(&run.complete(&["hallway", "list", "-"]));
    for flag in ["-s", "--tz", "--local", "--now", "--track"] {
        assert!(flags.contains(&flag.to_string()), "{flag}: {flags:?}");
    }

    let bundled = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/kubecon-eu-2024.ron");
    let out = run.run(&["import", bundled, "-s", "x"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    // Given before a command that does not read them, they are an error, not ignored.
    let out = run.run(&["-s", "kubecon", "import", bundled]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("`hallway import` does not take -s/--schedule"),
        "{}",
        stderr(&out)
    );
    let out = run.run(&["--now", "2024-03-20T10:00", "library"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    // Before or after the command, the options of one that reads a schedule count.
    let before = run.run(&["--tz", "Asia/Tokyo", "-s", bundled, "list"]);
    let after = run.run(&["list", "-s", bundled, "--tz", "Asia/Tokyo"]);
    assert!(before.status.success(), "{}", stderr(&before));
    assert_eq!(stdout(&before), stdout(&after));
    let both = run.run(&["--tz", "Asia/Tokyo", "list", "--local"]);
    assert_eq!(both.status.code(), Some(2), "{}", stderr(&both));
}

#[test]
fn a_mistyped_flag_or_value_is_one_line_naming_the_help_to_read() {
    let run = Run::new();
    for (args, says) in [
        (
            vec!["list", "--trak", "rust"],
            "hallway: unexpected argument '--trak' found; a similar argument exists: '--track' (`hallway list --help` lists what it takes)\n",
        ),
        (
            vec!["library", "-s", "kubecon"],
            "hallway: unexpected argument '-s' found (`hallway library --help` lists what it takes)\n",
        ),
        (
            vec!["search", "istio", "--limit", "0"],
            "hallway: invalid value '0' for '--limit <N>': 0 results would show nothing: give 1 or more (`hallway search --help` lists what it takes)\n",
        ),
    ] {
        let out = run.run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&out), says, "{args:?}");
    }
    // The options of a command that reads a schedule also go after `stars export`.
    let bundled = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/kubecon-eu-2024.ron");
    let out = run.run(&["stars", "export", "-s", bundled]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("\"hallway_plan\""),
        "{}",
        stdout(&out)
    );
}

/// A library copy is read from its cache without the abstracts (issue 17); whatever prints
/// them reads them first, so each command says from the copy what it says from the file.
#[test]
fn abstracts_are_all_there_from_a_library_copy() {
    let run = Run::new();
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/frab-fosdem.xml"
    );
    // Named as the file's label, so that every `source` field is the same too.
    let label = "frab-fosdem";
    let imported = run.run(&["import", file, "--name", label]);
    assert!(imported.status.success(), "{}", stderr(&imported));
    let now = ["--now", "2027-01-30T10:15:00+01:00"];
    let commands: [&[&str]; 6] = [
        &["list", "--json"],
        &["search", "--json", "a"],
        &["now", "--json"],
        &["next", "--json", "--within", "1d"],
        &["export"],
        &["list"],
    ];
    for command in commands {
        let with = |schedule: &str| {
            let mut args = command.to_vec();
            args.extend(["-s", schedule]);
            args.extend(now);
            let output = run.run(&args);
            assert!(output.status.success(), "{args:?}: {}", stderr(&output));
            // A calendar's stamp is the clock's.
            stdout(&output)
                .lines()
                .filter(|line| !line.starts_with("DTSTAMP"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let from_file = with(file);
        assert!(!from_file.is_empty(), "{command:?}");
        // The first reads the RON copy's cache made by the import, the second its RON copy.
        assert_eq!(with(label), from_file, "{command:?}");
        std::fs::remove_file(run.data.path().join("schedules/frab-fosdem.cache")).unwrap();
        assert_eq!(with(label), from_file, "{command:?} from the RON");
    }
    // The fixture's abstracts are there to be compared.
    let listed = run.run(&["list", "--json", "-s", label]);
    let with_abstract = stdout(&listed)
        .lines()
        .filter(|line| !line.contains("\"abstract\":\"\""))
        .count();
    assert!(with_abstract > 3, "{}", stdout(&listed));
}

/// Options given before a command leave out, at the command's place, the commands that would
/// refuse them; with nothing else fitting, those are still offered.
#[test]
fn completion_leaves_out_the_commands_that_would_refuse_what_was_given() {
    let run = Run::new();
    let offered = |words: &[&str]| {
        let output = run.complete(words);
        assert!(output.status.success(), "{}", stderr(&output));
        candidates(&output)
    };
    let has = |list: &[String], name: &str| list.iter().any(|c| c == name);
    let bare = offered(&["hallway", ""]);
    for name in ["import", "library", "update", "list", "man"] {
        assert!(has(&bare, name), "{name}: {bare:?}");
    }
    let schedule = offered(&["hallway", "-s", "fosdem", ""]);
    for (name, offered) in [
        ("list", true),
        ("update", true),
        ("import", false),
        ("library", false),
        ("man", false),
    ] {
        assert_eq!(has(&schedule, name), offered, "-s: {name}: {schedule:?}");
    }
    let now = offered(&["hallway", "--now=2025-02-01T10:00:00+01:00", ""]);
    assert!(!has(&now, "update") && !has(&now, "import") && has(&now, "now"));
    let zone = offered(&["hallway", "--tz", "UTC", ""]);
    assert!(has(&zone, "import") && has(&zone, "update") && !has(&zone, "remove"));
    // Nothing else fits: offered anyway, for its refusal to say why.
    assert_eq!(offered(&["hallway", "-s", "fosdem", "lib"]), ["library"]);
    // Past the command, its own options.
    let after = offered(&["hallway", "import", "x.xml", "--"]);
    assert!(has(&after, "--name"), "{after:?}");
}
