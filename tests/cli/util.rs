//! Helpers: a temporary sandbox with a documents folder and an index folder, and a runner for the real
//! `tk-search` binary that always passes `--index <sandbox>/idx`.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;
use tempfile::TempDir;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_tk-search");

/// The bundled corpus.
pub const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");

/// The keys of one `query --json` line, in the documented order.
pub const HIT_KEYS: [&str; 10] = [
    "rank",
    "id",
    "title",
    "lang",
    "date",
    "score",
    "snippet",
    "highlights",
    "url",
    "source",
];

/// What a run of the binary produced.
#[derive(Debug)]
pub struct Output {
    /// The exit status (`-1` when killed by a signal).
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Output {
    /// Every stdout line parsed as JSON (panics, showing the line, if one does not parse).
    pub fn json_lines(&self) -> Vec<Value> {
        json_lines(&self.stdout)
    }
}

/// A temporary folder holding `docs/` (the input) and `idx/` (the index).
pub struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    /// A fresh sandbox in the system temporary folder.
    pub fn new() -> Sandbox {
        let dir = tempfile::Builder::new()
            .prefix("tk-search-cli-")
            .tempdir()
            .unwrap();
        fs::create_dir_all(dir.path().join("docs")).unwrap();
        Sandbox { dir }
    }

    /// A sandbox under `parent` named `<prefix><random>` (for a sandbox that is never dropped).
    pub fn new_in(parent: &Path, prefix: &str) -> Sandbox {
        fs::create_dir_all(parent).unwrap();
        let dir = tempfile::Builder::new()
            .prefix(prefix)
            .tempdir_in(parent)
            .unwrap();
        fs::create_dir_all(dir.path().join("docs")).unwrap();
        Sandbox { dir }
    }

    /// The sandbox folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The input folder.
    pub fn docs(&self) -> PathBuf {
        self.path().join("docs")
    }

    /// The index folder passed with `--index`.
    pub fn index_path(&self) -> PathBuf {
        self.path().join("idx")
    }

    /// Writes `docs/<rel>` (creating folders) and returns its path.
    pub fn write(&self, rel: &str, contents: &str) -> PathBuf {
        let path = self.docs().join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(&path, contents).unwrap();
        path
    }

    /// Writes `docs/<rel>` as JSON Lines, one line per value.
    pub fn write_jsonl(&self, rel: &str, docs: &[Value]) -> PathBuf {
        let text: String = docs.iter().map(|d| format!("{d}\n")).collect();
        self.write(rel, &text)
    }

    /// Runs `tk-search --index <idx> ARGS…` with an empty standard input.
    pub fn run(&self, args: &[&str]) -> Output {
        self.run_with_stdin(args, None)
    }

    /// Runs `tk-search --index <idx> ARGS…`, feeding `stdin` when given.
    pub fn run_with_stdin(&self, args: &[&str], stdin: Option<&str>) -> Output {
        self.run_full(&self.index_path(), args, stdin)
    }

    /// Runs `tk-search --index INDEX ARGS…` for an index folder other than the sandbox's.
    pub fn run_at(&self, index: &Path, args: &[&str]) -> Output {
        self.run_full(index, args, None)
    }

    fn run_full(&self, index: &Path, args: &[&str], stdin: Option<&str>) -> Output {
        let mut cmd = Command::new(BIN);
        cmd.arg("--index")
            .arg(index)
            .args(args)
            .current_dir(self.path())
            .env_remove("TK_SEARCH_INDEX")
            .env_remove("NO_COLOR")
            .env("RUST_BACKTRACE", "0")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            });
        let mut child = cmd.spawn().unwrap();
        if let Some(input) = stdin {
            let mut pipe = child.stdin.take().unwrap();
            pipe.write_all(input.as_bytes()).unwrap();
            // Dropping the pipe closes it, so the child sees end of input.
        }
        let out = child.wait_with_output().unwrap();
        Output {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }

    /// `index --json <docs>`, asserting a clean run (exit 0); returns the summary line.
    pub fn index_docs(&self) -> Value {
        let out = self.index_json(&self.docs());
        assert_eq!(out.code, 0, "index failed: {out:#?}");
        summary(&out)
    }

    /// `index --json DIR`.
    pub fn index_json(&self, dir: &Path) -> Output {
        self.run(&["index", "--json", dir.to_str().unwrap()])
    }

    /// `query --json ARGS…` (with `--limit 200` unless ARGS set a limit), checking the exit status against the hits and the schema of
    /// every hit; returns the hits.
    pub fn query(&self, args: &[&str]) -> Vec<Value> {
        let mut full = vec!["query", "--json"];
        if !args.iter().any(|a| *a == "--limit" || *a == "-n") {
            full.extend(["--limit", "200"]);
        }
        full.extend_from_slice(args);
        let out = self.run(&full);
        let hits = out.json_lines();
        match out.code {
            0 => assert!(!hits.is_empty(), "exit 0 without hits: {out:#?}"),
            1 => assert!(hits.is_empty(), "exit 1 with hits: {out:#?}"),
            _ => panic!("query {args:?} failed: {out:#?}"),
        }
        for (i, hit) in hits.iter().enumerate() {
            check_hit(hit, i + 1);
        }
        hits
    }
}

/// Parses JSON Lines.
pub fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line ({e}): {l:?}")))
        .collect()
}

/// The `{"type":"summary",…}` line of `index --json` (it must be the last line).
pub fn summary(out: &Output) -> Value {
    let lines = out.json_lines();
    let last = lines
        .last()
        .unwrap_or_else(|| panic!("no output: {out:#?}"));
    assert_eq!(
        last["type"], "summary",
        "last line is not the summary: {out:#?}"
    );
    for key in [
        "documents",
        "per_lang",
        "files",
        "skipped",
        "errors",
        "warnings",
    ] {
        assert!(last.get(key).is_some(), "summary without {key}: {last}");
    }
    last.clone()
}

/// `per_lang[lang]` of a summary (0 when absent).
pub fn per_lang(summary: &Value, lang: &str) -> u64 {
    summary["per_lang"][lang].as_u64().unwrap_or(0)
}

/// The ids of hits, in rank order.
pub fn ids(hits: &[Value]) -> Vec<String> {
    hits.iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

/// The ids of hits as a set.
pub fn id_set(hits: &[Value]) -> BTreeSet<String> {
    ids(hits).into_iter().collect()
}

/// The hit with this id (panics if absent).
pub fn hit<'a>(hits: &'a [Value], id: &str) -> &'a Value {
    hits.iter()
        .find(|h| h["id"] == id)
        .unwrap_or_else(|| panic!("no hit {id:?} among {:?}", ids(hits)))
}

/// Checks one `query --json` line against the documented schema.
pub fn check_hit(hit: &Value, rank: usize) {
    let obj = hit
        .as_object()
        .unwrap_or_else(|| panic!("hit is not an object: {hit}"));
    let keys: BTreeSet<&str> = obj.keys().map(String::as_str).collect();
    let expected: BTreeSet<&str> = HIT_KEYS.into_iter().collect();
    assert_eq!(keys, expected, "keys of {hit}");
    assert_eq!(hit["rank"].as_u64(), Some(rank as u64), "rank of {hit}");
    assert!(
        hit["id"].as_str().is_some_and(|s| !s.is_empty()),
        "id: {hit}"
    );
    assert!(hit["title"].is_string(), "title: {hit}");
    assert!(
        matches!(hit["lang"].as_str(), Some("tk" | "ru" | "en" | "unknown")),
        "lang: {hit}"
    );
    match &hit["date"] {
        Value::Null => {}
        Value::String(d) => assert!(is_ymd(d), "date is not YYYY-MM-DD: {hit}"),
        _ => panic!("date is neither null nor a string: {hit}"),
    }
    assert!(
        hit["score"].as_f64().is_some_and(f64::is_finite),
        "score: {hit}"
    );
    for key in ["url", "source"] {
        assert!(
            hit[key].is_null() || hit[key].is_string(),
            "{key} is neither null nor a string: {hit}"
        );
    }
    let snippet = hit["snippet"]
        .as_str()
        .unwrap_or_else(|| panic!("snippet: {hit}"));
    let highlights = hit["highlights"]
        .as_array()
        .unwrap_or_else(|| panic!("highlights is not an array: {hit}"));
    let mut previous_end = 0;
    for range in highlights {
        let pair = range
            .as_array()
            .filter(|p| p.len() == 2)
            .unwrap_or_else(|| panic!("highlight {range} is not [start,end]: {hit}"));
        let (start, end) = (
            pair[0].as_u64().unwrap() as usize,
            pair[1].as_u64().unwrap() as usize,
        );
        assert!(
            start < end && end <= snippet.len(),
            "highlight {start}..{end} outside the snippet ({} bytes): {hit}",
            snippet.len()
        );
        assert!(
            snippet.is_char_boundary(start) && snippet.is_char_boundary(end),
            "highlight {start}..{end} not on char boundaries: {hit}"
        );
        assert!(
            start >= previous_end,
            "highlights overlap or are out of order: {hit}"
        );
        previous_end = end;
    }
}

/// `YYYY-MM-DD`.
pub fn is_ymd(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// The highlighted slices of a hit's snippet.
pub fn highlighted(hit: &Value) -> Vec<String> {
    let snippet = hit["snippet"].as_str().unwrap();
    hit["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let start = r[0].as_u64().unwrap() as usize;
            let end = r[1].as_u64().unwrap() as usize;
            snippet[start..end].to_string()
        })
        .collect()
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}
