//! Reliability of `tk-search index`: the bad-input matrix (every problem is reported on stderr with its
//! file, and line for JSON Lines, while the good documents of the same file and run are indexed),
//! incremental re-indexing and pruning, crash safety under SIGKILL, a second writer while one is running,
//! and an index written by another format version.
//!
//! Big inputs (about 60 MB and 40 MB of JSON Lines) are generated in each test's temporary folder,
//! written streaming, and never committed. Nothing here sleeps or measures time: an indexer is known to
//! be running (holding the writer lock, nothing committed yet) once its first `--json` problem line,
//! for the malformed second line of its input, has been read.
//!
//! Run with `cargo test --test cli reliability`; the tests marked `#[ignore = "bug: …"]` show known
//! product bugs (`cargo test --test cli reliability -- --ignored`).

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::{BufRead, BufReader, BufWriter, Lines, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};

use serde_json::{json, Value};

use super::util::{id_set, ids, summary, Output, Sandbox, BIN};

// ---------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------

/// Turkmen text that detection recognises.
const TK_TEXT: &str = "Türkmenistanyň Milli kitaphanasynda täze kitaplaryň sergisi açyldy we okyjylar köp gyzyklandy.";

/// `index DIR` with human output (problems on stderr).
fn index(sb: &Sandbox, dir: &Path) -> Output {
    sb.run(&["index", "--memory-mb", "64", dir.to_str().unwrap()])
}

/// `index --json [EXTRA…] DIR`: the output and its summary line.
fn index_json(sb: &Sandbox, dir: &Path, extra: &[&str]) -> (Output, Value) {
    let mut args = vec!["index", "--json", "--memory-mb", "64"];
    args.extend_from_slice(extra);
    args.push(dir.to_str().unwrap());
    let out = sb.run(&args);
    let summary = summary(&out);
    (out, summary)
}

/// The stderr line reporting a problem of `severity` (`error`/`warning`) in `path`, at `line` when
/// given: `path:line: severity: message` or `path: severity: message`.
fn problem<'a>(out: &'a Output, path: &Path, line: Option<usize>, severity: &str) -> &'a str {
    let prefix = match line {
        Some(n) => format!("{}:{n}: {severity}: ", path.display()),
        None => format!("{}: {severity}: ", path.display()),
    };
    out.stderr
        .lines()
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no `{prefix}…` line on stderr: {out:#?}"))
}

/// The ids found by `query WORD`.
fn found(sb: &Sandbox, query: &str) -> BTreeSet<String> {
    id_set(&sb.query(&[query]))
}

/// A set of ids.
fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

/// Writes raw bytes to `docs/<rel>` and returns the path.
fn write_bytes(sb: &Sandbox, rel: &str, bytes: &[u8]) -> PathBuf {
    let path = sb.docs().join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, bytes).unwrap();
    path
}

/// A generated JSON Lines file.
struct Big {
    /// Documents it holds (the malformed line not counted).
    documents: usize,
}

/// Word in the first document of a generated file.
const BIG_FIRST: &str = "aardwolf";
/// Word in the last document of a generated file.
const BIG_LAST: &str = "quagga";
/// Word in every document of a generated file.
const BIG_ALL: &str = "bigcorpus";

/// Writes about `bytes` bytes of JSON Lines to `path`, streaming (the file is never held in memory).
/// Documents have ids `big-N` and English bodies of about 3 KB; when `malformed_second_line`, line 2
/// is broken JSON (reported as an error, the rest indexed).
fn write_big_jsonl(path: &Path, bytes: u64, malformed_second_line: bool) -> Big {
    const WORDS: [&str; 24] = [
        "library",
        "readers",
        "exhibition",
        "conference",
        "catalogue",
        "archive",
        "manuscript",
        "journal",
        "collection",
        "lecture",
        "students",
        "history",
        "poetry",
        "novel",
        "science",
        "digital",
        "records",
        "museum",
        "theatre",
        "festival",
        "children",
        "reading",
        "authors",
        "translation",
    ];
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut out = BufWriter::new(File::create(path).unwrap());
    let mut written = 0u64;
    let mut documents = 0usize;
    let line = |out: &mut BufWriter<File>, text: String| {
        out.write_all(text.as_bytes()).unwrap();
        out.write_all(b"\n").unwrap();
        text.len() as u64 + 1
    };
    let body = |n: usize, marker: &str| {
        let mut body = format!("{BIG_ALL} {marker} report {n}:");
        for k in 0..400 {
            body.push(' ');
            body.push_str(WORDS[(n * 7 + k * 13 + k / 5) % WORDS.len()]);
            if k % 40 == 0 {
                body.push_str(&format!(" {}.", n * 31 + k));
            }
        }
        body
    };
    let doc = |n: usize, marker: &str| {
        json!({"id": format!("big-{n}"), "title": format!("Report {n}"), "body": body(n, marker), "lang": "en"})
            .to_string()
    };
    written += line(&mut out, doc(0, BIG_FIRST));
    documents += 1;
    if malformed_second_line {
        written += line(&mut out, r#"{"id": "big-broken", "body": "#.to_string());
    }
    let mut n = 1;
    while written < bytes {
        written += line(&mut out, doc(n, "plain"));
        documents += 1;
        n += 1;
    }
    line(&mut out, doc(n, BIG_LAST));
    documents += 1;
    out.flush().unwrap();
    Big { documents }
}

/// A `tk-search index --json DIR` child that has reported its first problem: it is running, holds the
/// writer lock and has committed nothing of DIR yet. Killed (SIGKILL) when dropped, if still running.
#[cfg(unix)]
struct RunningIndex {
    child: Child,
    /// Kept open so that the child never writes into a closed pipe.
    _stdout: Lines<BufReader<ChildStdout>>,
    /// The `{"type":"problem",…}` line that was read.
    first_problem: Value,
}

#[cfg(unix)]
impl RunningIndex {
    /// Starts `index --json DIR` and reads its stdout until the first problem line.
    fn start(sb: &Sandbox, dir: &Path) -> RunningIndex {
        let mut child = Command::new(BIN)
            .arg("--index")
            .arg(sb.index_path())
            .args(["index", "--json", "--memory-mb", "64"])
            .arg(dir)
            .current_dir(sb.path())
            .env_remove("TK_SEARCH_INDEX")
            .env("RUST_BACKTRACE", "0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        loop {
            match lines.next() {
                Some(Ok(line)) => {
                    let value: Value = serde_json::from_str(&line)
                        .unwrap_or_else(|e| panic!("not a JSON line ({e}): {line:?}"));
                    if value["type"] == "problem" {
                        return RunningIndex {
                            child,
                            _stdout: lines,
                            first_problem: value,
                        };
                    }
                }
                other => {
                    let status = child.wait();
                    panic!("the indexer ended before reporting a problem ({other:?}): {status:?}");
                }
            }
        }
    }

    /// Sends SIGKILL and waits; asserts the child was still running (killed by the signal).
    fn kill(mut self) {
        use std::os::unix::process::ExitStatusExt;
        self.child.kill().unwrap();
        let status = self.child.wait().unwrap();
        assert_eq!(
            status.signal(),
            Some(9),
            "the indexer had already finished ({status:?}): the big input is too small to catch it running"
        );
    }
}

#[cfg(unix)]
impl Drop for RunningIndex {
    fn drop(&mut self) {
        // Only when a test failed half-way: do not leave an indexer running into a deleted folder.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// The bad-input matrix
// ---------------------------------------------------------------------------------------------------

#[test]
fn invalid_utf8_in_a_txt_file_is_reported_and_the_other_files_indexed() {
    let sb = Sandbox::new();
    let bad = write_bytes(
        &sb,
        "bad.txt",
        b"Ocelot sighting\n\nThe ocelot \xff\xfe slept in the stacks.\n",
    );
    sb.write(
        "good.txt",
        "Okapi report\n\nThe okapi visited the reading room.\n",
    );
    let out = index(&sb, &sb.docs());
    assert_eq!(out.code, 1, "{out:#?}");
    let line = problem(&out, &bad, None, "error");
    assert!(line.contains("UTF-8"), "{line}");
    assert_eq!(found(&sb, "okapi"), set(&["good.txt"]));
    assert!(found(&sb, "ocelot").is_empty());
}

#[test]
fn invalid_utf8_inside_one_jsonl_line_skips_only_that_line() {
    let sb = Sandbox::new();
    let mut bytes = Vec::new();
    bytes.extend_from_slice(
        json!({"id": "good-1", "body": "The first heron report."})
            .to_string()
            .as_bytes(),
    );
    bytes.extend_from_slice(b"\n{\"id\": \"bad\", \"body\": \"The \xc3\x28 heron ibis.\"}\n");
    bytes.extend_from_slice(
        json!({"id": "good-3", "body": "The third heron report."})
            .to_string()
            .as_bytes(),
    );
    bytes.push(b'\n');
    let path = write_bytes(&sb, "news.jsonl", &bytes);
    let out = index(&sb, &sb.docs());
    assert_eq!(out.code, 1, "{out:#?}");
    let line = problem(&out, &path, Some(2), "error");
    assert!(line.contains("UTF-8"), "{line}");
    assert_eq!(found(&sb, "heron"), set(&["good-1", "good-3"]));
    assert!(found(&sb, "ibis").is_empty());
}

#[test]
fn binary_file_named_txt_is_reported_and_not_indexed() {
    let sb = Sandbox::new();
    let bin = write_bytes(
        &sb,
        "image.txt",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR zorilla \0\x01\x02\xff",
    );
    sb.write(
        "good.txt",
        "Okapi report\n\nThe okapi visited the reading room.\n",
    );
    let out = index(&sb, &sb.docs());
    assert_eq!(out.code, 1, "{out:#?}");
    let line = problem(&out, &bin, None, "error");
    assert!(line.contains("binary"), "{line}");
    assert_eq!(found(&sb, "okapi"), set(&["good.txt"]));
    assert!(found(&sb, "zorilla").is_empty());
}

#[test]
fn jsonl_line_with_a_nul_byte_is_reported_and_the_other_lines_indexed() {
    let sb = Sandbox::new();
    let path = write_bytes(
        &sb,
        "news.jsonl",
        format!(
            "{}\n{{\"id\": \"nul\", \"body\": \"A narwhal\0 heron.\"}}\n{}\n",
            json!({"id": "good-1", "body": "The first heron report."}),
            json!({"id": "good-3", "body": "The third heron report."}),
        )
        .as_bytes(),
    );
    let out = index(&sb, &sb.docs());
    assert_eq!(out.code, 1, "{out:#?}");
    let line = problem(&out, &path, Some(2), "error");
    assert!(line.contains("NUL"), "{line}");
    assert_eq!(found(&sb, "heron"), set(&["good-1", "good-3"]));
    assert!(found(&sb, "narwhal").is_empty());
}

#[test]
fn empty_txt_jsonl_and_json_files_are_warnings_and_the_run_goes_on() {
    let sb = Sandbox::new();
    let empties = [
        sb.write("empty.txt", ""),
        sb.write("empty.jsonl", ""),
        sb.write("empty.json", ""),
        sb.write("blank.jsonl", "\n  \n\n"),
    ];
    sb.write_jsonl(
        "good.jsonl",
        &[json!({"id": "good", "body": "The okapi visited the reading room."})],
    );
    let out = index(&sb, &sb.docs());
    assert_eq!(out.code, 1, "warnings make exit status 1: {out:#?}");
    for path in &empties {
        let line = problem(&out, path, None, "warning");
        assert!(line.contains("empty"), "{line}");
    }
    assert!(
        out.stdout.contains("0 errors, 4 warnings"),
        "summary: {out:#?}"
    );
    assert_eq!(found(&sb, "okapi"), set(&["good"]));
}

#[test]
fn malformed_jsonl_lines_among_good_ones_are_skipped_one_by_one() {
    let sb = Sandbox::new();
    let path = sb.write(
        "news.jsonl",
        &format!(
            "{}\n{}\n{}\n{}\n{}\n",
            json!({"id": "good-1", "body": "The first heron report."}),
            r#"{"id": "broken", "body": "unterminated heron"#,
            "this is not json heron",
            r#""a heron string""#,
            json!({"id": "good-5", "body": "The fifth heron report."}),
        ),
    );
    let out = index(&sb, &sb.docs());
    assert_eq!(out.code, 1, "{out:#?}");
    for line in 2..=4 {
        problem(&out, &path, Some(line), "error");
    }
    assert_eq!(found(&sb, "heron"), set(&["good-1", "good-5"]));
}

/// Regression: serde's derived `Deserialize` also takes a sequence, so `["an", "array", "heron"]` used to be
/// indexed silently as id `an`, title `array`, body `heron`.
#[test]
fn jsonl_line_that_is_an_array_is_reported_not_indexed_by_position() {
    let sb = Sandbox::new();
    let path = sb.write(
        "news.jsonl",
        &format!(
            "{}\n{}\n",
            json!({"id": "good-1", "body": "The first heron report."}),
            r#"["an", "array", "heron"]"#,
        ),
    );
    let json_path = sb.write("many.json", r#"[["item", "array", "heron"]]"#);
    let out = index(&sb, &sb.docs());
    assert_eq!(out.code, 1, "{out:#?}");
    problem(&out, &path, Some(2), "error");
    problem(&out, &json_path, Some(1), "error");
    assert_eq!(found(&sb, "heron"), set(&["good-1"]));
}

#[test]
fn json_documents_missing_body_or_with_wrong_types_are_reported() {
    let sb = Sandbox::new();
    let bad_docs = [
        json!({"id": "no-body", "title": "Ibis without a body"}),
        json!({"id": "body-number", "title": "Ibis", "body": 5}),
        json!({"id": "title-array", "title": [], "body": "An ibis with an array title."}),
    ];
    let good = |id: &str| json!({"id": id, "body": format!("The {id} marmot report.")});
    // JSON Lines: one line per document.
    let mut lines = bad_docs.to_vec();
    lines.push(good("line-good"));
    let jsonl_path = sb.write_jsonl("news.jsonl", &lines);
    // A JSON array: the problem names the item.
    let mut items = bad_docs.to_vec();
    items.push(good("item-good"));
    let array_path = sb.write("many.json", &Value::Array(items).to_string());
    // A single JSON object without a body: the whole file is reported.
    let single_path = sb.write("single.json", &bad_docs[0].to_string());

    let out = index(&sb, &sb.docs());
    assert_eq!(out.code, 1, "{out:#?}");
    for path in [&jsonl_path, &array_path] {
        assert!(problem(&out, path, Some(1), "error").contains("missing field `body`"));
        assert!(problem(&out, path, Some(2), "error").contains("invalid type"));
        assert!(problem(&out, path, Some(3), "error").contains("invalid type"));
    }
    assert!(problem(&out, &single_path, None, "error").contains("body"));
    assert_eq!(found(&sb, "marmot"), set(&["line-good", "item-good"]));
    assert!(found(&sb, "ibis").is_empty());
}

#[test]
fn unknown_lang_is_a_warning_and_the_language_is_detected() {
    let sb = Sandbox::new();
    let path = sb.write_jsonl(
        "news.jsonl",
        &[json!({"id": "tk-xx", "body": TK_TEXT, "lang": "xx"})],
    );
    let out = index(&sb, &sb.docs());
    assert_eq!(out.code, 1, "{out:#?}");
    let line = problem(&out, &path, Some(1), "warning");
    assert!(line.contains("\"xx\""), "{line}");
    let hits = sb.query(&["gyzyklandy"]);
    assert_eq!(ids(&hits), ["tk-xx"]);
    assert_eq!(hits[0]["lang"], "tk", "{}", hits[0]);
}

#[test]
fn unparseable_date_is_a_warning_and_the_document_is_indexed_without_a_date() {
    let sb = Sandbox::new();
    let path = sb.write_jsonl(
        "news.jsonl",
        &[
            json!({"id": "words", "body": "The dingo report.", "date": "yesterday"}),
            json!({"id": "month-13", "body": "The dingo census.", "date": "2024-13-45"}),
            json!({"id": "dated", "body": "The dingo archive.", "date": "2024-03-01"}),
        ],
    );
    let out = index(&sb, &sb.docs());
    assert_eq!(out.code, 1, "{out:#?}");
    assert!(problem(&out, &path, Some(1), "warning").contains("yesterday"));
    assert!(problem(&out, &path, Some(2), "warning").contains("2024-13-45"));
    let hits = sb.query(&["dingo"]);
    assert_eq!(id_set(&hits), set(&["words", "month-13", "dated"]));
    for hit in &hits {
        let expected = if hit["id"] == "dated" {
            json!("2024-03-01")
        } else {
            Value::Null
        };
        assert_eq!(hit["date"], expected, "{hit}");
    }
}

/// Two documents with the id `dup` (`a.jsonl:1`, then `b.jsonl:2`) and two with `twice` (lines 2 and 3
/// of `a.jsonl`); the later text of each has the word `cormorant`, the earlier one `pelican`.
fn write_duplicates(sb: &Sandbox) -> (PathBuf, PathBuf) {
    let a = sb.write_jsonl(
        "a.jsonl",
        &[
            json!({"id": "dup", "body": "Pelican report from the archive."}),
            json!({"id": "twice", "body": "Pelican census of the lake."}),
            json!({"id": "twice", "body": "Cormorant census of the lake."}),
        ],
    );
    let b = sb.write_jsonl(
        "b.jsonl",
        &[
            json!({"id": "single", "body": "The heron report."}),
            json!({"id": "dup", "body": "Cormorant report from the archive."}),
        ],
    );
    (a, b)
}

#[test]
fn duplicate_ids_warn_naming_both_places_and_the_later_document_wins() {
    let sb = Sandbox::new();
    let (a, b) = write_duplicates(&sb);
    let out = index(&sb, &sb.docs());
    assert_eq!(out.code, 1, "{out:#?}");
    let across = problem(&out, &b, Some(2), "warning");
    assert!(
        across.contains("duplicate id \"dup\"") && across.contains(&format!("{}:1", a.display())),
        "{across}"
    );
    let within = problem(&out, &a, Some(3), "warning");
    assert!(
        within.contains("duplicate id \"twice\"") && within.contains(&format!("{}:2", a.display())),
        "{within}"
    );
    assert_eq!(found(&sb, "cormorant"), set(&["dup", "twice"]));
    assert!(found(&sb, "pelican").is_empty());
    assert_eq!(found(&sb, "heron"), set(&["single"]));
}

/// Regression: on re-indexing unchanged files, the first duplicate's hash differed from the stored (later)
/// one, so it was re-added and the later one skipped as `unchanged`: the earlier text came back.
#[test]
fn duplicate_ids_the_later_document_still_wins_after_reindexing() {
    let sb = Sandbox::new();
    write_duplicates(&sb);
    assert_eq!(index(&sb, &sb.docs()).code, 1);
    assert_eq!(found(&sb, "cormorant"), set(&["dup", "twice"]));
    // Nothing changed on disk.
    let out = index(&sb, &sb.docs());
    assert_eq!(out.code, 1, "{out:#?}");
    assert_eq!(found(&sb, "cormorant"), set(&["dup", "twice"]));
    assert!(found(&sb, "pelican").is_empty());
}

#[test]
fn a_large_jsonl_file_is_indexed() {
    let sb = Sandbox::new();
    let path = sb.docs().join("large.jsonl");
    let big = write_big_jsonl(&path, 60 << 20, false);
    assert!(fs::metadata(&path).unwrap().len() >= 60 << 20);
    let (out, summary) = index_json(&sb, &sb.docs(), &[]);
    assert_eq!(out.code, 0, "{}\n{}", out.stderr, summary);
    assert_eq!(summary["documents"], big.documents, "{summary}");
    assert_eq!(summary["errors"], 0, "{summary}");
    assert_eq!(found(&sb, BIG_FIRST), set(&["big-0"]));
    assert_eq!(
        found(&sb, BIG_LAST),
        set(&[format!("big-{}", big.documents - 1).as_str()])
    );
    // Every document is there.
    let out = sb.run(&["query", "--limit", "1", "--color", "never", BIG_ALL]);
    assert_eq!(out.code, 0, "{out:#?}");
    assert!(
        out.stdout.contains(&format!(
            "(1 of {} matching documents shown)",
            big.documents
        )),
        "{out:#?}"
    );
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_reported_and_the_other_files_indexed() {
    use std::os::unix::fs::PermissionsExt;
    let sb = Sandbox::new();
    let locked = sb.write_jsonl(
        "locked.jsonl",
        &[json!({"id": "locked", "body": "The secret heron report."})],
    );
    sb.write_jsonl(
        "open.jsonl",
        &[json!({"id": "open", "body": "The public heron report."})],
    );
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&locked).is_ok() {
        // root (or CAP_DAC_OVERRIDE) reads anything.
        println!("skipped: running as root, permissions do not apply");
        return;
    }
    let out = index(&sb, &sb.docs());
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o644)).unwrap();
    assert_eq!(out.code, 1, "{out:#?}");
    let line = problem(&out, &locked, None, "error");
    assert!(line.contains("ermission"), "{line}");
    assert_eq!(found(&sb, "heron"), set(&["open"]));
}

#[cfg(unix)]
#[test]
fn dangling_symlink_is_reported() {
    let sb = Sandbox::new();
    let link = sb.docs().join("x.jsonl");
    std::os::unix::fs::symlink("missing", &link).unwrap();
    sb.write_jsonl(
        "good.jsonl",
        &[json!({"id": "good", "body": "The okapi visited the reading room."})],
    );
    let out = index(&sb, &sb.docs());
    assert_eq!(out.code, 1, "{out:#?}");
    problem(&out, &link, None, "error");
    assert_eq!(found(&sb, "okapi"), set(&["good"]));
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported_and_not_followed() {
    let sb = Sandbox::new();
    sb.write_jsonl(
        "top.jsonl",
        &[json!({"id": "top", "body": "The top heron report."})],
    );
    sb.write_jsonl(
        "dir/inner.jsonl",
        &[json!({"id": "inner", "body": "The inner heron report."})],
    );
    let up = sb.docs().join("dir/loop");
    let itself = sb.docs().join("dir/self");
    std::os::unix::fs::symlink("..", &up).unwrap();
    std::os::unix::fs::symlink(".", &itself).unwrap();
    let out = index(&sb, &sb.docs());
    assert_eq!(out.code, 1, "{out:#?}");
    for link in [&up, &itself] {
        let line = problem(&out, link, None, "error");
        assert!(line.contains("loop"), "{line}");
    }
    // Each document once: nothing was read twice through a loop.
    let hits = sb.query(&["heron"]);
    assert_eq!(ids(&hits).len(), 2, "{hits:#?}");
    assert_eq!(id_set(&hits), set(&["inner", "top"]));
}

#[test]
fn a_directory_that_does_not_exist_exits_2() {
    let sb = Sandbox::new();
    let missing = sb.docs().join("no-such-folder");
    for json in [false, true] {
        let mut args = vec!["index"];
        if json {
            args.push("--json");
        }
        args.push(missing.to_str().unwrap());
        let out = sb.run(&args);
        assert_eq!(out.code, 2, "{out:#?}");
        assert!(out.stderr.contains("no-such-folder"), "{out:#?}");
        if json {
            // Under --json the failure is also the one line on stdout.
            let lines = out.json_lines();
            assert_eq!(lines.len(), 1, "{out:#?}");
            assert_eq!(lines[0]["type"], "error", "{out:#?}");
        } else {
            assert!(out.stdout.is_empty(), "{out:#?}");
        }
    }
    assert!(
        !sb.index_path().exists(),
        "no index is created for a missing folder"
    );
}

#[test]
fn lone_surrogate_escapes_are_reported_not_a_crash() {
    let sb = Sandbox::new();
    let path = sb.write(
        "news.jsonl",
        &format!(
            "{}\n{}\n{}\n{}\n{}\n",
            json!({"id": "good-1", "body": "The first heron report."}),
            r#"{"id": "high", "body": "A lone \ud800 heron."}"#,
            r#"{"id": "low", "body": "A lone \udc00 heron."}"#,
            r#"{"id": "reversed", "body": "A \udc00\ud800 heron."}"#,
            json!({"id": "good-5", "body": "The fifth heron report."}),
        ),
    );
    let json_path = sb.write(
        "one.json",
        r#"{"id": "json", "body": "A lone \ud800 egret."}"#,
    );
    let out = index(&sb, &sb.docs());
    assert_eq!(out.code, 1, "{out:#?}");
    for line in 2..=4 {
        problem(&out, &path, Some(line), "error");
    }
    problem(&out, &json_path, None, "error");
    assert_eq!(found(&sb, "heron"), set(&["good-1", "good-5"]));
    assert!(found(&sb, "egret").is_empty());
    // A valid surrogate pair is fine.
    sb.write(
        "pair.jsonl",
        &format!(
            "{}\n",
            r#"{"id": "pair", "body": "An emoji \ud83d\ude00 gecko."}"#
        ),
    );
    let _ = index(&sb, &sb.docs());
    assert_eq!(found(&sb, "gecko"), set(&["pair"]));
}

#[test]
fn deeply_nested_json_is_reported_or_skipped_not_a_stack_overflow() {
    let sb = Sandbox::new();
    let depth = 100_000;
    let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let json_path = sb.write("deep.json", &nested);
    let jsonl_path = sb.write(
        "news.jsonl",
        &format!(
            "{}\n{{\"id\": \"deep-body\", \"body\": {nested}}}\n{{\"id\": \"deep-extra\", \"body\": \"A deep heron.\", \"extra\": {nested}}}\n",
            json!({"id": "good-1", "body": "The first heron report."}),
        ),
    );
    let out = index(&sb, &sb.docs());
    assert_eq!(out.code, 1, "{out:#?}");
    assert!(problem(&out, &json_path, None, "error").contains("recursion limit"));
    problem(&out, &jsonl_path, Some(2), "error");
    // An unknown field is skipped whatever it holds.
    assert_eq!(found(&sb, "heron"), set(&["good-1", "deep-extra"]));
}

#[test]
fn crlf_line_endings_are_accepted() {
    let sb = Sandbox::new();
    sb.write(
        "news.jsonl",
        &format!(
            "{}\r\n{}\r\n",
            json!({"id": "crlf-1", "body": "The first heron report."}),
            json!({"id": "crlf-2", "body": "The second heron report."}),
        ),
    );
    sb.write(
        "story.txt",
        "Kestrel notes\r\n\r\nThe kestrel nested on the roof.\r\n",
    );
    let (out, summary) = index_json(&sb, &sb.docs(), &[]);
    assert_eq!(out.code, 0, "{out:#?}");
    assert_eq!(summary["documents"], 3, "{summary}");
    assert_eq!(found(&sb, "heron"), set(&["crlf-1", "crlf-2"]));
    let hits = sb.query(&["kestrel"]);
    assert_eq!(hits[0]["title"], "Kestrel notes");
}

/// Regression: a byte order mark used to make line 1 of a .jsonl (or a whole .json file) `invalid article:
/// expected value at line 1 column 1`, while .txt/.md stripped it.
#[test]
fn utf8_bom_at_the_start_of_jsonl_and_json_is_accepted() {
    let sb = Sandbox::new();
    write_bytes(
        &sb,
        "news.jsonl",
        format!(
            "\u{FEFF}{}\n{}\n",
            json!({"id": "bom-1", "body": "The first heron report."}),
            json!({"id": "bom-2", "body": "The second heron report."}),
        )
        .as_bytes(),
    );
    write_bytes(
        &sb,
        "one.json",
        format!(
            "\u{FEFF}{}",
            json!({"id": "bom-json", "body": "The heron census."})
        )
        .as_bytes(),
    );
    let out = index(&sb, &sb.docs());
    assert_eq!(out.code, 0, "{out:#?}");
    assert_eq!(found(&sb, "heron"), set(&["bom-1", "bom-2", "bom-json"]));
}

/// Regression: `--limit N` used to allocate N result slots up front: 10000000000 aborted (`memory
/// allocation … failed`), usize::MAX panicked (`capacity overflow`).
#[test]
fn query_with_a_huge_limit_does_not_crash() {
    let sb = Sandbox::new();
    sb.write_jsonl(
        "news.jsonl",
        &[json!({"id": "heron", "body": "The heron report."})],
    );
    sb.index_docs();
    for limit in ["10000000000", &usize::MAX.to_string()] {
        let out = sb.run(&["query", "--json", "--limit", limit, "heron"]);
        assert_eq!(out.code, 0, "--limit {limit}: {out:#?}");
        assert_eq!(out.json_lines().len(), 1, "{out:#?}");
    }
}

// ---------------------------------------------------------------------------------------------------
// Documents indexed earlier survive their file turning bad
// ---------------------------------------------------------------------------------------------------

#[test]
fn previously_indexed_documents_survive_their_file_turning_bad() {
    let sb = Sandbox::new();
    let story = sb.write("story.txt", "Walrus tales\n\nA walrus tells stories.\n");
    let news = sb.write_jsonl(
        "news.jsonl",
        &[
            json!({"id": "n1", "body": "The gannet report."}),
            json!({"id": "n2", "body": "The puffin report."}),
        ],
    );
    let whole = sb.write_jsonl(
        "whole.jsonl",
        &[json!({"id": "w1", "body": "The kittiwake report."})],
    );
    sb.index_docs();

    // story.txt becomes invalid UTF-8, line 2 of news.jsonl becomes malformed, whole.jsonl binary.
    fs::write(&story, b"Walrus tales\n\nA walrus \xff tells stories.\n").unwrap();
    sb.write(
        "news.jsonl",
        &format!(
            "{}\n{}\n",
            json!({"id": "n1", "body": "The gannet report."}),
            r#"{"id": "n2", "body": "#
        ),
    );
    fs::write(&whole, b"\0\0\0\xff\xfe binary now\n").unwrap();
    let (out, summary) = index_json(&sb, &sb.docs(), &[]);
    assert_eq!(out.code, 1, "{out:#?}");
    assert_eq!(summary["removed"], 0, "{summary}");
    assert_eq!(summary["unchanged"], 1, "{summary}");
    let problems: Vec<Value> = out
        .json_lines()
        .into_iter()
        .filter(|l| l["type"] == "problem")
        .collect();
    for (path, line) in [(&story, None), (&news, Some(2)), (&whole, Some(1))] {
        assert!(
            problems
                .iter()
                .any(|p| p["path"] == path.display().to_string() && p["line"] == json!(line)),
            "no problem for {}:{line:?} in {problems:#?}",
            path.display()
        );
    }
    assert_eq!(found(&sb, "walrus"), set(&["story.txt"]));
    assert_eq!(found(&sb, "gannet"), set(&["n1"]));
    assert_eq!(found(&sb, "puffin"), set(&["n2"]));
    assert_eq!(found(&sb, "kittiwake"), set(&["w1"]));
}

// ---------------------------------------------------------------------------------------------------
// Incremental re-indexing
// ---------------------------------------------------------------------------------------------------

#[test]
fn a_changed_body_is_replaced_and_everything_else_left_unchanged() {
    let sb = Sandbox::new();
    let docs = |changed: &str| {
        vec![
            json!({"id": "a1", "body": "The gannet report."}),
            json!({"id": "a2", "body": format!("The {changed} report.")}),
            json!({"id": "a3", "body": "The puffin report."}),
        ]
    };
    sb.write_jsonl("a.jsonl", &docs("albatross"));
    sb.write("b.txt", "Walrus tales\n\nA walrus tells stories.\n");
    sb.write(
        "c.json",
        &json!({"id": "c1", "body": "The heron census."}).to_string(),
    );
    let first = sb.index_docs();
    assert_eq!(first["documents"], 5, "{first}");

    sb.write_jsonl("a.jsonl", &docs("kittiwake"));
    let second = sb.index_docs();
    assert_eq!(second["documents"], 1, "{second}");
    assert_eq!(second["unchanged"], 4, "{second}");
    assert_eq!(second["removed"], 0, "{second}");
    assert_eq!(found(&sb, "kittiwake"), set(&["a2"]));
    assert!(found(&sb, "albatross").is_empty());
    assert_eq!(found(&sb, "report"), set(&["a1", "a2", "a3"]));
}

#[test]
fn a_deleted_file_is_pruned_unless_no_prune() {
    let sb = Sandbox::new();
    let gone = sb.write_jsonl(
        "gone.jsonl",
        &[
            json!({"id": "g1", "body": "The gannet report."}),
            json!({"id": "g2", "body": "The second gannet report."}),
        ],
    );
    sb.write_jsonl(
        "kept.jsonl",
        &[json!({"id": "k1", "body": "The puffin report."})],
    );
    sb.index_docs();
    fs::remove_file(gone).unwrap();

    let (out, summary) = index_json(&sb, &sb.docs(), &["--no-prune"]);
    assert_eq!(out.code, 0, "{out:#?}");
    assert_eq!(summary["removed"], 0, "{summary}");
    assert_eq!(summary["unchanged"], 1, "{summary}");
    assert_eq!(found(&sb, "gannet"), set(&["g1", "g2"]));

    let (out, summary) = index_json(&sb, &sb.docs(), &[]);
    assert_eq!(out.code, 0, "{out:#?}");
    assert_eq!(summary["removed"], 2, "{summary}");
    assert_eq!(summary["unchanged"], 1, "{summary}");
    assert!(found(&sb, "gannet").is_empty());
    assert_eq!(found(&sb, "puffin"), set(&["k1"]));
}

#[test]
fn indexing_another_folder_does_not_prune_the_first() {
    let sb = Sandbox::new();
    sb.write_jsonl(
        "a/a.jsonl",
        &[
            json!({"id": "a1", "body": "The gannet report."}),
            json!({"id": "a2", "body": "The second gannet report."}),
        ],
    );
    sb.write_jsonl(
        "b/b.jsonl",
        &[json!({"id": "b1", "body": "The puffin report."})],
    );
    let (a, b) = (sb.docs().join("a"), sb.docs().join("b"));
    assert_eq!(index_json(&sb, &a, &[]).0.code, 0);

    let (out, summary) = index_json(&sb, &b, &[]);
    assert_eq!(out.code, 0, "{out:#?}");
    assert_eq!(summary["removed"], 0, "{summary}");
    assert_eq!(found(&sb, "gannet"), set(&["a1", "a2"]));
    assert_eq!(found(&sb, "puffin"), set(&["b1"]));

    let (out, summary) = index_json(&sb, &a, &[]);
    assert_eq!(out.code, 0, "{out:#?}");
    assert_eq!(summary["removed"], 0, "{summary}");
    assert_eq!(summary["unchanged"], 2, "{summary}");
    assert_eq!(found(&sb, "puffin"), set(&["b1"]));
}

/// Default ids are relative paths (as the input format says), so two folders with a `news.jsonl` without
/// ids share `news.jsonl:1`: the later folder's document replaces the earlier one, and the run says so
/// (exit 1, a warning naming the other folder). Explicit ids keep both.
#[test]
fn same_default_ids_from_another_folder_are_reported() {
    let sb = Sandbox::new();
    sb.write("a/news.jsonl", "{\"body\": \"The gannet report.\"}\n");
    sb.write("b/news.jsonl", "{\"body\": \"The puffin report.\"}\n");
    sb.write(
        "c/news.jsonl",
        "{\"id\": \"c-1\", \"body\": \"The kestrel report.\"}\n",
    );
    sb.write(
        "d/news.jsonl",
        "{\"id\": \"d-1\", \"body\": \"The walrus report.\"}\n",
    );
    assert_eq!(index_json(&sb, &sb.docs().join("a"), &[]).0.code, 0);
    let (out, _) = index_json(&sb, &sb.docs().join("b"), &[]);
    assert_eq!(out.code, 1, "{out:#?}");
    assert!(out.stdout.contains("another folder"), "{out:#?}");
    assert_eq!(found(&sb, "puffin").len(), 1);
    assert_eq!(found(&sb, "gannet").len(), 0, "replaced, as reported");
    assert_eq!(index_json(&sb, &sb.docs().join("c"), &[]).0.code, 0);
    assert_eq!(index_json(&sb, &sb.docs().join("d"), &[]).0.code, 0);
    assert_eq!(found(&sb, "kestrel").len(), 1);
    assert_eq!(found(&sb, "walrus").len(), 1);
}

/// A copied (or moved) folder holds the same documents under the same default ids: indexing the copy
/// replaces them without a warning (nothing is lost), and a copy whose document changed still warns.
#[test]
fn a_copied_folder_replaces_its_documents_quietly() {
    let sb = Sandbox::new();
    for folder in ["first", "copy"] {
        sb.write(
            &format!("{folder}/news.jsonl"),
            "{\"body\": \"The gannet report.\"}\n{\"body\": \"The puffin report.\"}\n",
        );
        sb.write(
            &format!("{folder}/notes/tern.txt"),
            "Tern\nThe tern report.\n",
        );
    }
    sb.write(
        "changed/news.jsonl",
        "{\"body\": \"The gannet report, corrected.\"}\n{\"body\": \"The puffin report.\"}\n",
    );
    assert_eq!(index_json(&sb, &sb.docs().join("first"), &[]).0.code, 0);
    let (out, summary) = index_json(&sb, &sb.docs().join("copy"), &[]);
    assert_eq!(out.code, 0, "{out:#?}");
    assert_eq!(summary["warnings"], 0, "{summary}");
    assert_eq!(summary["documents"], 3, "{summary}");
    assert!(!out.stderr.contains("another folder"), "{out:#?}");
    assert_eq!(found(&sb, "gannet OR puffin OR tern").len(), 3);
    // The copy is now where they are indexed from: a file deleted from it takes its document along.
    fs::remove_file(sb.docs().join("copy/notes/tern.txt")).unwrap();
    let (out, summary) = index_json(&sb, &sb.docs().join("copy"), &[]);
    assert_eq!(out.code, 0, "{out:#?}");
    assert_eq!(summary["removed"], 1, "{summary}");
    assert_eq!(found(&sb, "tern").len(), 0);

    let (out, summary) = index_json(&sb, &sb.docs().join("changed"), &[]);
    assert_eq!(out.code, 1, "{out:#?}");
    assert_eq!(summary["warnings"], 1, "{summary}");
    // Only the changed document (line 1) is reported; the puffin (line 2) is the same as the copy's.
    let warning: Value = serde_json::from_str(out.stdout.lines().next().unwrap_or("")).unwrap();
    assert_eq!(warning["line"], 1, "{out:#?}");
    assert!(
        warning["message"]
            .as_str()
            .unwrap_or("")
            .contains("another folder"),
        "{out:#?}"
    );
}

// ---------------------------------------------------------------------------------------------------
// Crash safety, concurrency, format version
// ---------------------------------------------------------------------------------------------------

/// A sandbox with a committed small corpus (`docs/`: gannet `n1`, puffin `n2`) and an uncommitted big
/// folder `big/` (about 40 MB, line 2 malformed).
#[cfg(unix)]
fn committed_corpus_and_big_folder() -> (Sandbox, PathBuf, Big) {
    let sb = Sandbox::new();
    sb.write_jsonl(
        "news.jsonl",
        &[
            json!({"id": "n1", "body": "The gannet report."}),
            json!({"id": "n2", "body": "The puffin report."}),
        ],
    );
    sb.index_docs();
    let big_dir = sb.path().join("big");
    let big = write_big_jsonl(&big_dir.join("big.jsonl"), 40 << 20, true);
    (sb, big_dir, big)
}

#[cfg(unix)]
#[test]
fn sigkill_during_indexing_keeps_the_last_commit() {
    let (sb, big_dir, big) = committed_corpus_and_big_folder();
    let running = RunningIndex::start(&sb, &big_dir);
    assert_eq!(
        running.first_problem["line"], 2,
        "{}",
        running.first_problem
    );
    assert!(
        running.first_problem["path"]
            .as_str()
            .unwrap()
            .ends_with("big.jsonl"),
        "{}",
        running.first_problem
    );
    running.kill();

    // The index opens and holds exactly the last commit.
    assert_eq!(found(&sb, "gannet"), set(&["n1"]));
    assert_eq!(found(&sb, "puffin"), set(&["n2"]));
    for word in [BIG_ALL, BIG_FIRST, BIG_LAST] {
        assert!(found(&sb, word).is_empty(), "{word} found after the kill");
    }

    // The killed writer left no lock behind: the same run completes.
    let (out, summary) = index_json(&sb, &big_dir, &[]);
    assert_eq!(out.code, 1, "{}\n{summary}", out.stderr);
    assert_eq!(summary["errors"], 1, "{summary}");
    assert_eq!(summary["documents"], big.documents, "{summary}");
    assert_eq!(found(&sb, BIG_FIRST), set(&["big-0"]));
    assert_eq!(
        found(&sb, BIG_LAST),
        set(&[format!("big-{}", big.documents - 1).as_str()])
    );
    assert_eq!(found(&sb, "gannet"), set(&["n1"]));
}

/// The index folder's file names, lock files left out.
fn index_files(sb: &Sandbox) -> BTreeSet<String> {
    fs::read_dir(sb.index_path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".lock"))
        .collect()
}

/// A killed run leaves segment files that no commit refers to; the next run deletes them, even one that
/// has nothing to commit.
#[cfg(unix)]
#[test]
fn the_run_after_a_killed_one_deletes_the_files_it_left() {
    let (sb, big_dir, _) = committed_corpus_and_big_folder();
    let committed = index_files(&sb);
    let running = RunningIndex::start(&sb, &big_dir);
    // Poll, with a deadline, until the indexer has written segment files of its own. Files that come and
    // go (tantivy's atomic writes of its JSON files go through a temporary name) do not count: one seen
    // here may be gone by the time of the kill.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    let segment_files = |sb: &Sandbox| -> BTreeSet<String> {
        index_files(sb)
            .into_iter()
            .filter(|n| !committed.contains(n) && !n.contains(".tmp") && !n.ends_with(".json"))
            .collect()
    };
    while segment_files(&sb).is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "the indexer wrote no segment file in 120 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    running.kill();
    assert!(
        !index_files(&sb).is_subset(&committed),
        "no orphans to clean"
    );

    // Re-indexing the unchanged small corpus commits nothing, and deletes the orphans.
    let (out, summary) = index_json(&sb, &sb.docs(), &[]);
    assert_eq!(out.code, 0, "{out:#?}");
    assert_eq!(summary["unchanged"], 2, "{summary}");
    assert_eq!(index_files(&sb), committed);
    assert_eq!(found(&sb, "gannet"), set(&["n1"]));
}

#[cfg(unix)]
#[test]
fn while_an_index_runs_queries_work_and_a_second_writer_fails_fast() {
    let (sb, big_dir, _) = committed_corpus_and_big_folder();
    let running = RunningIndex::start(&sb, &big_dir);

    // (a) Readers see the last commit.
    let out = sb.run(&["query", "--json", "gannet"]);
    assert_eq!(out.code, 0, "{out:#?}");
    assert_eq!(id_set(&out.json_lines()), set(&["n1"]));

    // (b) A second writer is refused.
    let out = index(&sb, &sb.docs());
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(out.stderr.contains("locked by another writer"), "{out:#?}");
    assert!(out.stdout.is_empty(), "{out:#?}");

    running.kill();
    // The lock is gone with the writer.
    assert_eq!(index(&sb, &sb.docs()).code, 0);
    assert_eq!(found(&sb, "puffin"), set(&["n2"]));
}

#[test]
fn an_index_of_another_format_version_is_refused_with_a_reindex_hint() {
    let sb = Sandbox::new();
    sb.write_jsonl(
        "news.jsonl",
        &[json!({"id": "n1", "body": "The gannet report."})],
    );
    sb.index_docs();
    fs::write(sb.index_path().join("tk-search-format"), "999").unwrap();

    let out = sb.run(&["query", "gannet"]);
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(out.stderr.contains("re-index"), "{out:#?}");
    assert!(out.stdout.is_empty(), "{out:#?}");

    let out = index(&sb, &sb.docs());
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(out.stderr.contains("re-index"), "{out:#?}");
    // Nothing was rewritten: the marker still says 999.
    assert_eq!(
        fs::read_to_string(sb.index_path().join("tk-search-format")).unwrap(),
        "999"
    );
}

/// An emptied file keeps what was indexed from it (like a file with errors); a dangling link elsewhere
/// does not stop the documents of a deleted file from being removed.
#[cfg(unix)]
#[test]
fn emptied_files_keep_their_documents_and_walk_problems_stay_local() {
    let sb = Sandbox::new();
    sb.write(
        "keep.jsonl",
        "{\"id\": \"k\", \"body\": \"The gannet report.\"}\n",
    );
    sb.write(
        "gone.jsonl",
        "{\"id\": \"g\", \"body\": \"The puffin report.\"}\n",
    );
    assert_eq!(index_json(&sb, &sb.docs(), &[]).0.code, 0);
    std::fs::write(sb.docs().join("keep.jsonl"), "").unwrap();
    std::fs::remove_file(sb.docs().join("gone.jsonl")).unwrap();
    std::os::unix::fs::symlink("missing.jsonl", sb.docs().join("dangling.jsonl")).unwrap();
    let (out, summary) = index_json(&sb, &sb.docs(), &[]);
    assert_eq!(out.code, 1, "{out:#?}");
    assert_eq!(summary["removed"], 1, "{summary}");
    assert_eq!(
        found(&sb, "gannet").len(),
        1,
        "the emptied file's document stays"
    );
    assert_eq!(
        found(&sb, "puffin").len(),
        0,
        "the deleted file's document goes"
    );
}
