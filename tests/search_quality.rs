//! Ranking quality on the real corpus: queries a user would type (names, acronyms, half-remembered
//! titles, typos, all-capital words) with the session they meant, on five real schedules. The
//! test prints how often that session comes first and in the top 5, and fails when a row does
//! worse than recorded here (or the totals drop), so a change that makes the ranking worse is
//! caught. The schedules are read at run time, never copied into the repository.

mod common;

use hallway::model::Schedule;
use hallway::search::SearchIndex;
use std::collections::HashMap;

/// How well a row ranks: its intended session first, in the top 5, or at least found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    Missed,
    Found,
    Top5,
    First,
}

use Rank::{First, Found, Missed, Top5};

const FOSDEM: &str = "fosdem-2025-schedule.xml";
const KUBECON: &str = "kubecon-eu-2026-sched-all.ics";
const DEBCONF: &str = "debconf23-wafer-schedule.xml";
const ORLANDO: &str = "orlando-codecamp-2020-sessionize-all.json";
const GOOD: &str = "good2025-pretalx-schedule.json";

/// Schedule, query, the start of the title meant, and the rank it reaches at least.
const TABLE: &[(&str, &str, &str, Rank)] = &[
    (FOSDEM, "POETTERING tpm", "systemd & TPM in 2025", First),
    (FOSDEM, "poetering ukis", "Multi-Profile UKIs", First),
    (
        FOSDEM,
        "kubernetes controller rust",
        "Writing a kubernetes controller",
        First,
    ),
    (
        FOSDEM,
        "kuberentes outside cloud",
        "Kubernetes outside of the cloud",
        First,
    ),
    (FOSDEM, "ÖSTERLUND", "ZGC: Paving the On-Ramp", First),
    (FOSDEM, "LUKASZ", "AsyncAPI for Event-Driven World", First),
    (
        FOSDEM,
        "Björn welcome",
        "Welcome to the FOSDEM 2025 RISC-V",
        First,
    ),
    (
        FOSDEM,
        "LLVM libc",
        "An introduction to building and using LLVM libc",
        First,
    ),
    (
        FOSDEM,
        "SYSTEMD user database",
        "systemd's User Database API",
        First,
    ),
    (
        FOSDEM,
        "podman quadlet",
        "Running Containers Under Systemd",
        First,
    ),
    (FOSDEM, "zbus", "How I optimized zbus", First),
    (
        FOSDEM,
        "checkpoint restore kubernetes",
        "State of Checkpoint/Restore in Kubernetes",
        First,
    ),
    (
        FOSDEM,
        "ebpf verifier performance",
        "Performance evaluation of the Linux kernel eBPF verifier",
        First,
    ),
    (
        FOSDEM,
        "zoe kooyman",
        "Panel: When is an AI system free/open?",
        First,
    ),
    (
        FOSDEM,
        "mkosi initrd",
        "Boot from network attached devices using mkosi-initrd",
        First,
    ),
    (
        FOSDEM,
        "rust kernel scheduler",
        "Rust-ifying the Linux kernel scheduler",
        First,
    ),
    (
        FOSDEM,
        "reproducable nixos",
        "How reproducible is NixOS?",
        First,
    ),
    (FOSDEM, "torch mlir", "An introduction to Torch-MLIR", First),
    (
        FOSDEM,
        "webgraph",
        "Huge graph analysis on your own server with WebGraph",
        First,
    ),
    (
        FOSDEM,
        "RISC-V bug hunting",
        "RISC-V Linux bug hunting",
        First,
    ),
    (
        KUBECON,
        "KEDA",
        "Unleashing Event Driven Capabilities With KEDA",
        First,
    ),
    (
        KUBECON,
        "backstage 2026",
        "The State of Backstage in 2026",
        First,
    ),
    (
        KUBECON,
        "kyvrno",
        "Project Lightning Talk: Beyond Guardrails",
        Top5,
    ),
    (
        KUBECON,
        "spanimals",
        "Hello World, Meet the Spanimals",
        First,
    ),
    (
        KUBECON,
        "zine troubleshooting",
        "Ping SRE? I Am the SRE!",
        First,
    ),
    (
        KUBECON,
        "CVE propagation",
        "Why Isn't the Fix in My Container?",
        First,
    ),
    (
        KUBECON,
        "karmada",
        "Project Lightning Talk: Multi-Cluster Orchestration System: Karmada",
        First,
    ),
    (
        KUBECON,
        "gpu black box",
        "Peeking Into the GPU Black Box",
        First,
    ),
    (
        KUBECON,
        "kubeedge robots",
        "A Unified Management and Control Plane for Cloud Native Robots",
        First,
    ),
    (
        KUBECON,
        "viktoria checkpoint",
        "Ctrl-X, Ctrl-V Your Pods",
        First,
    ),
    (
        KUBECON,
        "emisary ingress",
        "Emissary-ingress: Version 4",
        First,
    ),
    (
        DEBCONF,
        "netpaln",
        "A declarative approach to Linux networking with Netplan",
        First,
    ),
    (
        DEBCONF,
        "MÄRDIAN",
        "A declarative approach to Linux networking with Netplan",
        First,
    ),
    (DEBCONF, "ftpmasters", "Chatting with ftpmasters", First),
    (
        DEBCONF,
        "perl group",
        "use Perl; # Annual meeting of the Debian Perl Group",
        First,
    ),
    (
        DEBCONF,
        "software heritage",
        "Software Heritage: building a community",
        First,
    ),
    (
        DEBCONF,
        "docker debian",
        "The Docker(.io) ecosystem in Debian",
        First,
    ),
    (
        DEBCONF,
        "linux kernel missing",
        "What's new in the Linux kernel",
        First,
    ),
    (
        DEBCONF,
        "sliderules",
        "RISC-V meets Information Design",
        First,
    ),
    (
        ORLANDO,
        "knative istio",
        "Effective DevOps with Knative & Istio",
        First,
    ),
    (
        ORLANDO,
        "unity ar",
        "Building AR Apps using Unity AR Foundations",
        First,
    ),
    (
        ORLANDO,
        "aws serverless",
        "Everything you need to know to get started with AWS Serverless",
        First,
    ),
    (
        ORLANDO,
        "accesibility principles",
        "The Four Basic Principles of Accessibility",
        First,
    ),
    (
        ORLANDO,
        "IOT azure",
        "Introduction to IoT using Azure",
        First,
    ),
    (GOOD, "XDMOD", "Integrating XDMoD with OnDemand", First),
    (
        GOOD,
        "jobstats",
        "Integration of Open OnDemand with the Jobstats",
        First,
    ),
    (
        GOOD,
        "saml hpc",
        "SAML Authentication with Open On Demand for HPC Clusters",
        First,
    ),
    (
        GOOD,
        "singularty",
        "Creating and Deploying Singularity-Based Web Applications",
        First,
    ),
];

/// The rank of the first hit whose title starts with `meant`.
fn rank_of(schedule: &Schedule, index: &SearchIndex, query: &str, meant: &str) -> (Rank, String) {
    let hits = index.search(query, None);
    let at = hits
        .iter()
        .position(|h| schedule.sessions[h.session].title.starts_with(meant));
    let rank = match at {
        Some(0) => First,
        Some(1..=4) => Top5,
        Some(_) => Found,
        None => Missed,
    };
    let place = at.map_or("-".to_string(), |i| (i + 1).to_string());
    (rank, format!("{place}/{}", hits.len()))
}

#[test]
#[ignore = "needs the real schedule corpus (HALLWAY_CORPUS or ../shared/fixtures/real)"]
fn the_session_meant_ranks_first() {
    let mut schedules: HashMap<&str, (Schedule, SearchIndex)> = HashMap::new();
    let (mut first, mut top5) = (0, 0);
    let mut worse = Vec::new();
    let mut report = String::new();
    for &(file, query, meant, expected) in TABLE {
        let (schedule, index) = schedules.entry(file).or_insert_with(|| {
            let schedule = hallway::formats::parse(&common::corpus(file))
                .unwrap_or_else(|e| panic!("{file}: {e}"));
            let index = SearchIndex::new(&schedule);
            (schedule, index)
        });
        assert!(
            schedule.sessions.iter().any(|s| s.title.starts_with(meant)),
            "{file}: no session titled {meant:?}"
        );
        let (rank, place) = rank_of(schedule, index, query, meant);
        first += usize::from(rank == First);
        top5 += usize::from(rank >= Top5);
        report.push_str(&format!("{file:<42} {query:<30} {place:>7} {rank:?}\n"));
        if rank < expected {
            worse.push(format!(
                "{query:?} ({file}): {rank:?}, expected {expected:?}"
            ));
        }
    }
    let n = TABLE.len();
    println!(
        "{report}first: {first}/{n} ({:.0}%), top 5: {top5}/{n} ({:.0}%)",
        100.0 * first as f64 / n as f64,
        100.0 * top5 as f64 / n as f64
    );
    assert!(
        worse.is_empty(),
        "ranked worse than recorded:\n{}",
        worse.join("\n")
    );
}
