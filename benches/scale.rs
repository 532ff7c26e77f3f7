//! Scale benchmark: tk-search against stock tantivy on the bundled corpus scaled to 1×, 10×, 100×, 1000×,
//! and on a Turkmen corpus with a realistic, growing vocabulary.
//!
//! `cargo bench --bench scale -- [--scales 1,10,100,1000|none] [--realistic-docs 20000] [--reps 3]
//! [--iters 200] [--budget-mb 128]`
//!
//! For each scale a deterministic generator (see `scale/generate.rs`) writes the corpus recombined
//! within each language as JSON Lines into a temporary folder; then `scale/realistic.rs` writes
//! `--realistic-docs` articles of real UD Turkmen sentences woven with forms drawn from a large lexicon
//! (from `../shared/data`; skipped with a printed reason when it is absent, or with `--realistic-docs 0`).
//! Both engines index the same files,
//! each job in a child process of its own (this binary re-executed with `--child`) so its peak RSS
//! (`VmHWM`) is its own; repetitions alternate which engine goes first, and medians are reported.
//! Then a fixed query mix runs against both indexes, top-10 and count-only. The report is a Markdown
//! table on stdout and the same data as JSON in `target/scale-report.json`.
//!
//! `--generate <scale> <dir>` only writes the corpus, and `--child index-tk|index-stock <input> <index>
//! <budget bytes>` only indexes it (one JSON line on stdout): for profiling one engine alone.
//!
//! Without cargo bench's `--bench` flag and without `--scales` (e.g. `cargo test --benches`) it runs a
//! quick smoke pass at 1× and writes no report.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::time::Instant;

#[path = "scale/engines.rs"]
mod engines;
#[path = "scale/generate.rs"]
mod generate;
#[path = "scale/realistic.rs"]
mod realistic;
#[path = "scale/report.rs"]
mod report;

use engines::{Engine, Mode, Opened, QuerySpec, QUERIES, REALISTIC_QUERIES};
use generate::Generated;
use report::{Corpus, Indexing, Latency, Meta, QueryResult, ScaleResult};

/// The generator's fixed seed.
const SEED: u64 = 0x7B5E_A2C4_0000_0001;

/// Articles of the realistic-vocabulary corpus (about 70 MB).
const REALISTIC_DOCS: usize = 20_000;

struct Options {
    scales: Vec<usize>,
    realistic_docs: usize,
    reps: usize,
    iters: usize,
    warmup: usize,
    budget: usize,
    write_report: bool,
}

fn parse_args(args: &[String]) -> Options {
    let mut o = Options {
        scales: vec![1, 10, 100, 1000],
        realistic_docs: REALISTIC_DOCS,
        reps: 3,
        iters: 200,
        warmup: 20,
        budget: tk_search_core::DEFAULT_MEMORY_BUDGET,
        write_report: true,
    };
    let bench = args.iter().any(|a| a == "--bench");
    let mut scales_given = false;
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).map(String::as_str);
        let number = |what: &str| -> usize {
            value
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or_else(|| panic!("{what} needs a number"))
        };
        match args[i].as_str() {
            "--scales" if value == Some("none") => {
                o.scales = Vec::new();
                scales_given = true;
                i += 1;
            }
            "--scales" => {
                o.scales = value
                    .unwrap_or("")
                    .split(',')
                    .map(|s| {
                        s.trim()
                            .parse()
                            .expect("--scales takes numbers like 1,10,100")
                    })
                    .collect();
                scales_given = true;
                i += 1;
            }
            "--realistic-docs" => {
                o.realistic_docs = number("--realistic-docs");
                i += 1;
            }
            "--reps" => {
                o.reps = number("--reps").max(1);
                i += 1;
            }
            "--iters" => {
                o.iters = number("--iters").max(1);
                i += 1;
            }
            "--warmup" => {
                o.warmup = number("--warmup");
                i += 1;
            }
            "--budget-mb" => {
                o.budget = number("--budget-mb") << 20;
                i += 1;
            }
            // `--bench` and criterion-style or unknown flags (and stray values) are ignored.
            _ => {}
        }
        i += 1;
    }
    if !bench && !scales_given {
        eprintln!(
            "scale: not run by `cargo bench`: a quick smoke pass at 1× and on 100 realistic articles \
             (no report written)"
        );
        o.scales = vec![1];
        o.realistic_docs = 100;
        o.reps = 1;
        o.iters = 5;
        o.warmup = 1;
        o.write_report = false;
    }
    o
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--child") {
        engines::child_main(&args[1..]);
        return;
    }
    if let [flag, scale, dir, ..] = args.as_slice() {
        if flag == "--generate" {
            // For profiling one engine alone: `scale --generate 100 /tmp/in`, then
            // `perf record … scale --child index-tk /tmp/in /tmp/index 134217728`.
            let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
            let scale = scale.parse().expect("--generate <scale> <dir>");
            let generated = generate::Source::load(&corpus).generate(scale, SEED, Path::new(dir));
            println!("{generated:?}");
            return;
        }
        if flag == "--generate-realistic" {
            // `scale --generate-realistic 20000 /tmp/in`: the realistic-vocabulary corpus alone.
            let docs = scale.parse().expect("--generate-realistic <docs> <dir>");
            let material = realistic::Realistic::load(SEED).unwrap_or_else(|e| panic!("{e}"));
            println!("{:?}", material.generate(docs, SEED, Path::new(dir)));
            return;
        }
    }
    let options = parse_args(&args);
    let started = Instant::now();
    let load_start = load_average();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let source = generate::Source::load(&corpus);
    eprintln!(
        "scale: bundled corpus has {:?} articles (tk/ru/en); scales {:?}, {} repetitions",
        source.counts(),
        options.scales,
        options.reps
    );
    let work = tempfile::Builder::new()
        .prefix("tk-search-scale-")
        .tempdir()
        .unwrap();
    let mut results = Vec::new();
    for &scale in &options.scales {
        results.push(run_scale(&source, scale, work.path(), &options));
    }
    if options.realistic_docs > 0 {
        match realistic::Realistic::load(SEED) {
            Ok(material) => {
                let dir = work.path().join("realistic");
                let t = Instant::now();
                let generated = material.generate(options.realistic_docs, SEED, &dir.join("input"));
                drop(material);
                results.push(run_corpus(
                    Corpus::Realistic,
                    1,
                    &generated,
                    t,
                    &dir,
                    REALISTIC_QUERIES,
                    &options,
                ));
            }
            Err(reason) => {
                eprintln!("scale: the realistic-vocabulary corpus is skipped: {reason}");
            }
        }
    }
    let meta = Meta {
        cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
        budget: options.budget,
        reps: options.reps,
        iters: options.iters,
        warmup: options.warmup,
        wall_secs: started.elapsed().as_secs_f64(),
        load: (load_start, load_average()),
    };
    println!("{}", report::markdown(&results, &meta));
    if options.write_report {
        let path = report_path();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let json = serde_json::to_string_pretty(&report::json(&results, &meta)).unwrap();
        std::fs::write(&path, json + "\n").unwrap();
        println!("JSON report: {}", path.display());
    }
}

fn run_scale(
    source: &generate::Source,
    scale: usize,
    work: &Path,
    options: &Options,
) -> ScaleResult {
    let dir = work.join(format!("scale-{scale}"));
    let t = Instant::now();
    let generated = source.generate(scale, SEED, &dir.join("input"));
    run_corpus(
        Corpus::Recombined,
        scale,
        &generated,
        t,
        &dir,
        QUERIES,
        options,
    )
}

/// Indexes the corpus generated under `dir/input` with both engines (interleaved, repeated), then times
/// the query mix on the last indexes; removes `dir`.
fn run_corpus(
    corpus: Corpus,
    scale: usize,
    generated: &Generated,
    generation_started: Instant,
    dir: &Path,
    mix: &[QuerySpec],
    options: &Options,
) -> ScaleResult {
    let input = dir.join("input");
    let name = match corpus {
        Corpus::Recombined => format!("scale {scale}×"),
        Corpus::Realistic => "realistic".to_string(),
    };
    eprintln!(
        "{name}: generated {} docs, {} files, {:.1} MiB, {} word tokens, {} distinct forms in {:.1} s",
        generated.docs(),
        generated.files,
        generated.bytes as f64 / (1 << 20) as f64,
        generated.tokens,
        generated.distinct_forms,
        generation_started.elapsed().as_secs_f64()
    );
    let mut tk = Indexing::default();
    let mut stock = Indexing::default();
    for rep in 0..options.reps {
        let order = if rep % 2 == 0 {
            [Engine::TkSearch, Engine::Stock]
        } else {
            [Engine::Stock, Engine::TkSearch]
        };
        for engine in order {
            let index = dir.join(format!("{}-{rep}", engine.name()));
            let run = engines::index_in_child(engine, &input, &index, options.budget);
            assert_eq!(
                run.docs,
                generated.docs(),
                "{} indexed {} of {} documents",
                engine.name(),
                run.docs,
                generated.docs()
            );
            let size = engines::dir_size(&index);
            eprintln!(
                "{name} rep {rep}: {:9} {:7.2} s (CPU {:6.2} s), {:7.2} MiB/s, peak RSS {:6.1} MiB, index {:.1} MiB",
                engine.name(),
                run.secs,
                run.cpu_secs,
                generated.bytes as f64 / (1 << 20) as f64 / run.secs,
                run.peak_rss_kib as f64 / 1024.0,
                size as f64 / (1 << 20) as f64
            );
            let slot = match engine {
                Engine::TkSearch => &mut tk,
                Engine::Stock => &mut stock,
            };
            slot.runs.push(run);
            slot.index_bytes = size;
            if rep + 1 < options.reps {
                std::fs::remove_dir_all(&index).unwrap();
            }
        }
    }
    let last = options.reps - 1;
    let tk_index = Opened::open(Engine::TkSearch, &dir.join(format!("tk-search-{last}")));
    let stock_index = Opened::open(Engine::Stock, &dir.join(format!("stock-{last}")));
    let mut queries = Vec::new();
    for spec in mix {
        for mode in Mode::ALL {
            let (tk_lat, tk_n) = time_query(&tk_index, spec, mode, options);
            let (stock_lat, stock_n) = time_query(&stock_index, spec, mode, options);
            let (tk_matches, stock_matches) = match mode {
                Mode::Count => (tk_n, stock_n),
                _ => (
                    tk_index.run(spec, Mode::Count),
                    stock_index.run(spec, Mode::Count),
                ),
            };
            queries.push(QueryResult {
                kind: spec.kind,
                words: spec.words,
                tk_query: spec.tk,
                stock_query: format!("{:?}", spec.stock),
                mode: mode.name(),
                tk: tk_lat,
                stock: stock_lat,
                tk_matches,
                stock_matches,
            });
        }
    }
    eprintln!("{name}: queries done");
    drop((tk_index, stock_index));
    std::fs::remove_dir_all(dir).unwrap();
    ScaleResult {
        corpus,
        scale,
        docs_per_lang: generated.docs_per_lang,
        files: generated.files,
        input_bytes: generated.bytes,
        tokens: generated.tokens,
        distinct_forms: generated.distinct_forms,
        tk,
        stock,
        queries,
    }
}

/// Warm-up runs, then `iters` timed runs; returns the latencies and the last run's count.
fn time_query(
    index: &Opened,
    spec: &engines::QuerySpec,
    mode: Mode,
    options: &Options,
) -> (Latency, usize) {
    let mut n = 0;
    for _ in 0..options.warmup {
        n = index.run(spec, mode);
    }
    let mut samples = Vec::with_capacity(options.iters);
    for _ in 0..options.iters {
        let t = Instant::now();
        n = index.run(spec, mode);
        samples.push(t.elapsed().as_secs_f64());
    }
    (Latency::from_secs(samples), n)
}

/// `target/scale-report.json`: the target folder is three levels above this binary
/// (`target/release/deps/scale-…`), which also honours `CARGO_TARGET_DIR`.
fn report_path() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let target = exe
        .ancestors()
        .nth(3)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("scale-report.json")
}

/// The 1-minute load average (NaN without procfs).
fn load_average() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(f64::NAN)
}
