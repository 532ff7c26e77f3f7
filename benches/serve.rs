//! Load bench of `tk-search serve`: the real binary on 127.0.0.1, a bounded HTTP/1.1 client.
//!
//! `cargo bench --bench serve -- [--scale 100] [--connections 1,8,64] [--requests 20000] [--seconds 10]
//! [--rate 2000] [--soak 60] [--work DIR] [--doc-cache-blocks N] [--bin PATH] [--warm-up 500]`
//!
//! Builds the scaled corpus with the scale bench's generator (`scale/generate.rs`), indexes it with the
//! real binary (with `--work DIR`, both are kept in `DIR/scale-N` and reused by the next run), starts
//! `tk-search serve --listen 127.0.0.1:0`, and runs 1–3 word queries at each connection count: first against
//! the JSON API (`GET /search`, 10 hits with snippets), then the page (`GET /`). The queries (50,000, about
//! half of them distinct) are consecutive words from random places of random titles and bodies, so words
//! come with their corpus frequencies in all three languages; the levels walk on through the list instead of
//! starting it over. The server has no result cache. Each level stops at `--requests` requests or `--seconds`
//! seconds, whichever comes first. These levels are closed loops (a connection sends its next request when
//! the previous answer has arrived), so a slower server is simply sent less; after them comes an open-loop
//! level at the largest connection count: requests due at a fixed `--rate` per second for `--seconds`,
//! taking turns over the connections, each one's latency counted from when it was due (as wrk2 does, so a
//! server that falls behind shows its queue in the latencies instead of hiding it). `--doc-cache-blocks` is
//! passed to the server (to measure it with a cache smaller than its stored documents). Then a soak run at
//! the largest connection count for `--soak` seconds. A thread of its own samples the server's RSS once a
//! second through every level. `--bin` runs another build of `tk-search` as the server (to compare two
//! builds on the same index; the index is built by this bench's own binary). The client runs on one
//! thread (keep-alive connections, each its own task), so it leaves the other core to the server. Reported: answers, errors (non-200, failed, or not sent in
//! time), answers/s, p50/p99/max latency, the server's CPU time per answer (user + system, from
//! `/proc/PID/stat`: what an answer costs, whatever else the machine runs), the client's own CPU time per
//! answer (the bench process, RSS sampler included: it takes from the same cores), RSS at each level's
//! end, and the soak's RSS start, peak and end with every sample; then the verdict on issue 13's target
//! (2,000 JSON API searches a second offered over 64 connections, p99 ≤ 20 ms, no error), read off the
//! open-loop level.
//!
//! Without cargo bench's `--bench` flag (e.g. `cargo test --benches`) it runs a quick smoke pass at 1×.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;

#[allow(dead_code)]
#[path = "scale/generate.rs"]
mod generate;

/// The generator's seed (any fixed value: the corpus must be the same from run to run).
const SEED: u64 = 0x7B5E_A2C4_0000_0001;
const BIN: &str = env!("CARGO_BIN_EXE_tk-search");
/// Where the next request takes its query: every level walks on through the list instead of starting over.
static NEXT_QUERY: AtomicUsize = AtomicUsize::new(0);
/// Queries drawn for a run (each connection level walks on through them).
const QUERIES: usize = 50_000;

struct Options {
    scale: usize,
    connections: Vec<usize>,
    requests: usize,
    seconds: f64,
    soak: f64,
    /// Keeps the generated corpus and its index here and reuses them on the next run.
    work: Option<PathBuf>,
    /// Arrival rate of the open-loop level (requests per second over the largest connection count); 0
    /// leaves it out.
    rate: f64,
    /// Passed to the server as `--doc-cache-blocks` (its default when not given).
    doc_cache_blocks: Option<usize>,
    /// The `tk-search` binary that serves (this bench's own when not given).
    server_bin: Option<PathBuf>,
    /// Requests of the warm-up before the levels (at most 5 s of them); 0 leaves it out (so that a run
    /// under a slow profiler such as cachegrind sends the same requests every time).
    warm_up: usize,
}

fn parse_args() -> Options {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let bench = args.iter().any(|a| a == "--bench");
    let mut o = if bench {
        Options {
            scale: 100,
            connections: vec![1, 8, 64],
            requests: 20_000,
            seconds: 10.0,
            soak: 60.0,
            work: None,
            rate: 2000.0,
            doc_cache_blocks: None,
            server_bin: None,
            warm_up: 500,
        }
    } else {
        eprintln!("serve: not run by `cargo bench`: a quick smoke pass at 1×");
        Options {
            scale: 1,
            connections: vec![1, 8],
            requests: 100,
            seconds: 2.0,
            soak: 1.0,
            work: None,
            rate: 200.0,
            doc_cache_blocks: None,
            server_bin: None,
            warm_up: 500,
        }
    };
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).map(String::as_str).unwrap_or("");
        match args[i].as_str() {
            "--scale" => o.scale = value.parse().expect("--scale N"),
            "--connections" => {
                o.connections = value
                    .split(',')
                    .map(|c| c.trim().parse().expect("--connections 1,8,64"))
                    .collect()
            }
            "--requests" => o.requests = value.parse().expect("--requests N"),
            "--seconds" => o.seconds = value.parse().expect("--seconds S"),
            "--soak" => o.soak = value.parse().expect("--soak S"),
            "--work" => o.work = Some(PathBuf::from(value)),
            "--rate" => o.rate = value.parse().expect("--rate REQUESTS_PER_SECOND"),
            "--doc-cache-blocks" => {
                o.doc_cache_blocks = Some(value.parse().expect("--doc-cache-blocks N"))
            }
            "--bin" => o.server_bin = Some(PathBuf::from(value)),
            "--warm-up" => o.warm_up = value.parse().expect("--warm-up REQUESTS"),
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    o
}

/// The bench's queries and how varied they are.
struct Queries {
    list: Vec<String>,
    distinct_queries: usize,
    distinct_words: usize,
}

/// 1–3 consecutive words (of at least 3 letters, lower-cased, as readers type them) from a random place in a
/// random document's title (one time in three) or body. Words therefore come with their frequencies in the
/// corpus, common and rare alike, across the three languages, and few queries repeat.
fn queries(input: &Path, count: usize) -> Queries {
    let mut docs: Vec<(String, String)> = Vec::new();
    for path in generate::files_under(input) {
        let text = std::fs::read_to_string(&path).unwrap();
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let field = |name: &str| v[name].as_str().unwrap_or("").to_string();
            docs.push((field("title"), field("body")));
        }
    }
    let mut rng = generate::SplitMix64::new(SEED);
    let mut list = Vec::with_capacity(count);
    while list.len() < count {
        let (title, body) = rng.pick(&docs);
        let text = if rng.below(3) == 0 { title } else { body };
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| w.chars().count() >= 3)
            .map(str::to_lowercase)
            .collect();
        if words.is_empty() {
            continue;
        }
        let n = 1 + rng.below(3.min(words.len()));
        let start = rng.below(words.len() - n + 1);
        list.push(words[start..start + n].join(" "));
    }
    let distinct_queries = list.iter().collect::<std::collections::HashSet<_>>().len();
    let distinct_words = list
        .iter()
        .flat_map(|q| q.split(' '))
        .collect::<std::collections::HashSet<_>>()
        .len();
    Queries {
        list,
        distinct_queries,
        distinct_words,
    }
}

/// `tk-search serve` on a free loopback port.
struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_server(index: &Path, doc_cache_blocks: Option<usize>, bin: Option<&Path>) -> Server {
    let mut command = Command::new(bin.unwrap_or(Path::new(BIN)));
    command
        .arg("--index")
        .arg(index)
        .args(["serve", "--listen", "127.0.0.1:0"]);
    if let Some(n) = doc_cache_blocks {
        command.args(["--doc-cache-blocks", &n.to_string()]);
    }
    let mut child = command
        .env_remove("TK_SEARCH_API_KEY")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    Server { child, addr }
}

/// Resident memory of a process in MiB.
fn rss_mib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |kib| kib / 1024.0)
}

/// CPU time a process has used (user + system), in seconds.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 a second on Linux).
    (ticks(11) + ticks(12)) / 100.0
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

#[derive(Clone, Copy, PartialEq)]
enum Target {
    Api,
    Page,
}

impl Target {
    fn name(self) -> &'static str {
        match self {
            Target::Api => "JSON API",
            Target::Page => "page",
        }
    }

    fn path(self, query: &str) -> String {
        let q = serde_urlencoded::to_string([("q", query)]).unwrap();
        match self {
            Target::Api => format!("/search?{q}&limit=10"),
            Target::Page => format!("/?{q}&ui=tk"),
        }
    }
}

/// How a level sends its requests.
#[derive(Clone, Copy)]
enum Load {
    /// Closed loop: each connection sends its next request when the previous answer has arrived, until
    /// `requests` have been sent in all or `seconds` have passed.
    Closed { requests: usize, seconds: f64 },
    /// Open loop: requests are due at a fixed `rate` (per second, over all connections, taking turns) for
    /// `seconds`; each one's latency counts from when it was due, so time spent waiting behind a slow
    /// answer on its connection is part of it (no coordinated omission). A request not sent within
    /// `seconds` more is not sent.
    Open { rate: f64, seconds: f64 },
}

/// What one level measured.
struct Level {
    target: Target,
    connections: usize,
    load: Load,
    latencies_us: Vec<u64>,
    errors: usize,
    /// Requests due (open loop; for a closed loop, those sent).
    due: usize,
    seconds: f64,
    /// CPU time the server used during the level, in seconds.
    server_cpu: f64,
    /// CPU time this client (the bench process) used during the level, in seconds: it shares the cores
    /// with the server.
    client_cpu: f64,
    rss: Vec<f64>,
    load_average: (String, String),
}

impl Level {
    fn percentile_ms(&self, p: f64) -> f64 {
        if self.latencies_us.is_empty() {
            return 0.0;
        }
        let i = ((self.latencies_us.len() - 1) as f64 * p).round() as usize;
        self.latencies_us[i] as f64 / 1000.0
    }
}

type Sender = hyper::client::conn::http1::SendRequest<Empty<Bytes>>;

/// A keep-alive HTTP/1.1 connection to `addr`.
async fn connect(addr: &str) -> Sender {
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.set_nodelay(true).unwrap();
    let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .unwrap();
    tokio::spawn(async move {
        let _ = conn.await;
    });
    sender
}

/// Sends the next query of the list and reads the whole answer; `false` unless it is a 200 with a body.
async fn request(sender: &mut Sender, addr: &str, target: Target, queries: &[String]) -> bool {
    let query = &queries[NEXT_QUERY.fetch_add(1, Ordering::Relaxed) % queries.len()];
    let request = hyper::Request::get(target.path(query))
        .header(hyper::header::HOST, addr)
        .body(Empty::<Bytes>::new())
        .unwrap();
    let ok = async {
        sender.ready().await.ok()?;
        let response = sender.send_request(request).await.ok()?;
        let status = response.status();
        let body = response.into_body().collect().await.ok()?.to_bytes();
        (status == 200 && !body.is_empty()).then_some(())
    }
    .await;
    ok.is_some()
}

/// What one connection measured: latencies, errors, requests due.
struct Measured {
    latencies: Vec<u64>,
    errors: usize,
    due: usize,
}

/// Connection `number` of `connections` sending its share of a level's requests.
async fn connection(
    addr: String,
    target: Target,
    queries: Arc<Vec<String>>,
    load: Load,
    (number, connections): (usize, usize),
    issued: Arc<AtomicUsize>,
) -> Measured {
    let mut sender = connect(&addr).await;
    let mut m = Measured {
        latencies: Vec::new(),
        errors: 0,
        due: 0,
    };
    let started = tokio::time::Instant::now();
    // The first request's due time, and each next one's (open loop); now (closed loop).
    let next_due = |n: usize| -> Option<tokio::time::Instant> {
        match load {
            Load::Closed { requests, seconds } => {
                let now = tokio::time::Instant::now();
                let sent = issued.fetch_add(1, Ordering::Relaxed);
                (sent < requests && now < started + Duration::from_secs_f64(seconds)).then_some(now)
            }
            Load::Open { rate, seconds } => {
                let k = number + n * connections;
                let due = Duration::from_secs_f64(k as f64 / rate);
                (due.as_secs_f64() < seconds).then_some(started + due)
            }
        }
    };
    let give_up = match load {
        Load::Closed { seconds, .. } | Load::Open { seconds, .. } => {
            started + Duration::from_secs_f64(2.0 * seconds)
        }
    };
    let mut n = 0;
    while let Some(due) = next_due(n) {
        n += 1;
        m.due += 1;
        tokio::time::sleep_until(due).await;
        if tokio::time::Instant::now() >= give_up {
            // Not sent: its latency would be at least the level's length; counted as an error.
            m.errors += 1;
            continue;
        }
        let ok = request(&mut sender, &addr, target, &queries).await;
        m.latencies.push(due.elapsed().as_micros() as u64);
        if !ok {
            m.errors += 1;
            if sender.ready().await.is_err() {
                sender = connect(&addr).await;
            }
        }
    }
    m
}

async fn run_level(
    server: &Server,
    target: Target,
    connections: usize,
    queries: Arc<Vec<String>>,
    load: Load,
) -> Level {
    let load_before = load_average();
    let issued = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let pid = server.child.id();
    let cpu_before = cpu_seconds(pid);
    let client_before = cpu_seconds(std::process::id());
    // A thread of its own, so a busy client runtime cannot delay or drop samples; it samples once a second
    // until the level ends, and once more at its end.
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let sampler = std::thread::spawn({
        let stop = stop.clone();
        move || {
            let mut samples = vec![rss_mib(pid)];
            let mut next = Instant::now() + Duration::from_secs(1);
            while !stop.load(Ordering::Relaxed) {
                if Instant::now() >= next {
                    samples.push(rss_mib(pid));
                    next += Duration::from_secs(1);
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            samples.push(rss_mib(pid));
            samples
        }
    });
    let tasks: Vec<_> = (0..connections)
        .map(|number| {
            tokio::spawn(connection(
                server.addr.clone(),
                target,
                queries.clone(),
                load,
                (number, connections),
                issued.clone(),
            ))
        })
        .collect();
    let mut latencies_us = Vec::new();
    let (mut errors, mut due) = (0, 0);
    for t in tasks {
        let m = t.await.unwrap();
        latencies_us.extend(m.latencies);
        errors += m.errors;
        due += m.due;
    }
    let seconds = started.elapsed().as_secs_f64();
    let server_cpu = cpu_seconds(pid) - cpu_before;
    let client_cpu = cpu_seconds(std::process::id()) - client_before;
    stop.store(true, Ordering::Relaxed);
    let rss = sampler.join().unwrap();
    latencies_us.sort_unstable();
    Level {
        target,
        connections,
        load,
        latencies_us,
        errors,
        due,
        seconds,
        server_cpu,
        client_cpu,
        rss,
        load_average: (load_before, load_average()),
    }
}

fn row(l: &Level) -> String {
    let n = l.latencies_us.len();
    let mode = match l.load {
        Load::Closed { .. } => "closed".to_string(),
        Load::Open { rate, .. } => format!("open {rate:.0}/s ({} due)", l.due),
    };
    format!(
        "| {} | {} | {} | {} | {} | {:.1} | {:.0} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.0} | {} → {} |",
        l.target.name(),
        mode,
        l.connections,
        n,
        l.errors,
        l.seconds,
        n as f64 / l.seconds,
        l.percentile_ms(0.5),
        l.percentile_ms(0.99),
        l.percentile_ms(1.0),
        1000.0 * l.server_cpu / n.max(1) as f64,
        1000.0 * l.client_cpu / n.max(1) as f64,
        l.rss.last().copied().unwrap_or(0.0),
        l.load_average.0,
        l.load_average.1,
    )
}

/// Issue 13's target: this many JSON API searches a second, offered over this many connections (the open
/// loop: a closed loop at 64 connections runs at whatever rate saturates the server, and its latency is the
/// connections divided by that rate by construction), answered with p99 at most this many ms and no error.
const TARGET_RATE: f64 = 2000.0;
const TARGET_CONNECTIONS: usize = 64;
const TARGET_P99_MS: f64 = 20.0;

/// The target's verdict on the levels run (met, missed, or not measured when no level offered the rate).
fn target_verdict(levels: &[Level]) -> String {
    let measured: Vec<(&Level, f64)> = levels
        .iter()
        .filter_map(|l| match l.load {
            Load::Open { rate, .. }
                if matches!(l.target, Target::Api)
                    && l.connections >= TARGET_CONNECTIONS
                    && rate >= TARGET_RATE =>
            {
                Some((l, rate))
            }
            _ => None,
        })
        .collect();
    if measured.is_empty() {
        return format!(
            "not measured (it needs the open loop at --rate {TARGET_RATE:.0} or more over {TARGET_CONNECTIONS} connections)"
        );
    }
    measured
        .iter()
        .map(|(l, rate)| {
            let p99 = l.percentile_ms(0.99);
            let met = p99 <= TARGET_P99_MS && l.errors == 0 && !l.latencies_us.is_empty();
            format!(
                "{} at {rate:.0}/s offered: p99 {p99:.2} ms, {} errors",
                if met { "met" } else { "missed" },
                l.errors
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn main() {
    let options = parse_args();
    let temporary = tempfile::Builder::new()
        .prefix("tk-search-serve-bench-")
        .tempdir()
        .unwrap();
    let work = match &options.work {
        Some(dir) => dir.join(format!("scale-{}", options.scale)),
        None => temporary.path().to_path_buf(),
    };
    let input = work.join("input");
    let index: PathBuf = work.join("index");
    // Written once the index is complete, with the index format it was written in: a run cut short, or a
    // binary that reads another format, indexes again.
    let indexed_marker = work.join("indexed");
    let format = tk_search_core::FORMAT_VERSION.to_string();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let t = Instant::now();
    let generated = generate::Source::load(&corpus).generate(options.scale, SEED, &input);
    eprintln!(
        "serve: {}× corpus, {} documents, generated in {:.1} s",
        options.scale,
        generated.docs(),
        t.elapsed().as_secs_f64()
    );
    if std::fs::read_to_string(&indexed_marker).ok().as_deref() == Some(format.as_str()) {
        eprintln!("serve: reusing the index in {}", index.display());
    } else {
        let t = Instant::now();
        let status = Command::new(BIN)
            .arg("--index")
            .arg(&index)
            .args(["index", "--json", "--rebuild"])
            .arg(&input)
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "indexing failed");
        std::fs::write(&indexed_marker, &format).unwrap();
        eprintln!("serve: indexed in {:.1} s", t.elapsed().as_secs_f64());
    }
    let queries = queries(&input, QUERIES);
    eprintln!(
        "serve: {} queries, {} distinct, {} distinct words",
        queries.list.len(),
        queries.distinct_queries,
        queries.distinct_words
    );
    let queries = Arc::new(queries.list);
    let server = start_server(
        &index,
        options.doc_cache_blocks,
        options.server_bin.as_deref(),
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut levels = Vec::new();
    runtime.block_on(async {
        // Warm the caches (page cache, per-thread memos) before measuring.
        if options.warm_up > 0 {
            let warm = Load::Closed {
                requests: options.warm_up,
                seconds: 5.0,
            };
            run_level(&server, Target::Api, 8, queries.clone(), warm).await;
        }
        let closed = Load::Closed {
            requests: options.requests,
            seconds: options.seconds,
        };
        let most = options.connections.iter().copied().max().unwrap_or(1);
        for target in [Target::Api, Target::Page] {
            let mut loads: Vec<(usize, Load)> =
                options.connections.iter().map(|&c| (c, closed)).collect();
            if options.rate > 0.0 {
                let open = Load::Open {
                    rate: options.rate,
                    seconds: options.seconds,
                };
                loads.push((most, open));
            }
            for (c, load) in loads {
                let level = run_level(&server, target, c, queries.clone(), load).await;
                eprintln!("{}", row(&level));
                levels.push(level);
            }
        }
    });
    let soak_connections = options.connections.iter().copied().max().unwrap_or(1);
    let soak_load = Load::Closed {
        requests: usize::MAX,
        seconds: options.soak,
    };
    let soak = runtime.block_on(run_level(
        &server,
        Target::Api,
        soak_connections,
        queries.clone(),
        soak_load,
    ));
    println!(
        "\n## tk-search serve, {}× corpus ({} documents), {} cores\n",
        options.scale,
        generated.docs(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!("| target | loop | connections | answered | errors | s | req/s | p50 ms | p99 ms | max ms | server CPU ms/answer | client CPU ms/answer | RSS MiB | load before → after |");
    println!("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    for l in &levels {
        println!("{}", row(l));
    }
    println!(
        "\nTarget (≥ {TARGET_RATE:.0} JSON API searches/s offered over {TARGET_CONNECTIONS} connections, open loop, p99 ≤ {TARGET_P99_MS:.0} ms, no error): {}",
        target_verdict(&levels)
    );
    println!(
        "\nSoak: {} for {:.0} s at {} connections:",
        soak.target.name(),
        soak.seconds,
        soak_connections
    );
    println!("{}", row(&soak));
    let rss = &soak.rss;
    let (min, max) = rss
        .iter()
        .fold((f64::MAX, 0.0f64), |(lo, hi), &r| (lo.min(r), hi.max(r)));
    println!(
        "RSS over the soak (one sample a second): start {:.1} MiB, min {:.1}, peak {:.1}, end {:.1} ({} samples)",
        rss.first().copied().unwrap_or(0.0),
        min,
        max,
        rss.last().copied().unwrap_or(0.0),
        rss.len()
    );
    println!(
        "RSS samples (MiB): {}",
        rss.iter()
            .map(|r| format!("{r:.1}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
}
