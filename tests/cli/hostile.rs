//! Hostile input and damaged indexes: dates far outside the usual range, control characters in what the
//! CLI prints, documents larger than the cap, queries past the clause caps, damaged segment files, a full
//! disk, and the smaller rough edges (a read-only index, UTF-16 files, empty field operators …).
//!
//! Run with `cargo test --test cli hostile`. The full-disk and read-only tests mount a small tmpfs or a
//! read-only bind mount and skip, saying why, when they cannot (not root, no mount permission).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

use super::util::{id_set, ids, per_lang, summary, Output, Sandbox};

/// Turkmen text that detection recognises.
const TK_TEXT: &str =
    "Türkmenistanyň Milli kitaphanasynda täze kitaplaryň sergisi açyldy we okyjylar köp gyzyklandy.";

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

/// `query --json ARGS…` ids (exit 0 or 1 checked by the helper).
fn found(sb: &Sandbox, args: &[&str]) -> Vec<String> {
    ids(&sb.query(args))
}

// ---------------------------------------------------------------------------------------------------
// 1. Dates
// ---------------------------------------------------------------------------------------------------

/// Documents dated at and far beyond the old bounds of tantivy's nanosecond dates (1677-09-21 …
/// 2262-04-11): each is stored, filtered and sorted by its calendar day.
#[test]
fn dates_beyond_the_nanosecond_range_filter_and_sort_correctly() {
    let sb = Sandbox::new();
    let dates = [
        ("d0001", "0001-01-01"),
        ("d1500", "1500-05-05"),
        ("d1677a", "1677-09-20"),
        ("d1677b", "1677-09-21"),
        ("d2020", "2020-01-01"),
        ("d2262a", "2262-04-11"),
        ("d2262b", "2262-04-12"),
        ("d2300", "2300-01-01T10:00:00+05:00"),
        ("d9999", "9999-12-31"),
    ];
    let docs: Vec<Value> = dates
        .iter()
        .map(|(id, date)| json!({"id": id, "title": "Kitap", "body": TK_TEXT, "lang": "tk", "date": date}))
        .collect();
    sb.write_jsonl("dated.jsonl", &docs);
    let s = sb.index_docs();
    assert_eq!(s["warnings"], 0, "{s}");

    let by_date = found(&sb, &["kitap", "--sort", "date"]);
    let newest_first: Vec<String> = dates.iter().rev().map(|(id, _)| id.to_string()).collect();
    assert_eq!(by_date, newest_first);

    let window = |from: &str, to: &str| -> BTreeSet<String> {
        let mut args = vec!["kitap"];
        if !from.is_empty() {
            args.extend(["--from", from]);
        }
        if !to.is_empty() {
            args.extend(["--to", to]);
        }
        id_set(&sb.query(&args))
    };
    assert_eq!(
        window("2000-01-01", ""),
        set(&["d2020", "d2262a", "d2262b", "d2300", "d9999"])
    );
    assert_eq!(
        window("", "2000-01-01"),
        set(&["d0001", "d1500", "d1677a", "d1677b"])
    );
    assert_eq!(
        window("", "2262-04-11"),
        set(&["d0001", "d1500", "d1677a", "d1677b", "d2020", "d2262a"])
    );
    assert_eq!(window("2262-04-12", "2262-04-12"), set(&["d2262b"]));
    assert_eq!(window("1677-09-20", "1677-09-20"), set(&["d1677a"]));
    assert_eq!(window("2300-01-01", "2300-01-01"), set(&["d2300"]));
    assert_eq!(window("9999-12-31", ""), set(&["d9999"]));

    // The displayed date is the day as written.
    let hits = sb.query(&["kitap", "--from", "2300-01-01", "--to", "2300-01-01"]);
    assert_eq!(hits[0]["date"], "2300-01-01");
}

#[test]
fn reversed_from_and_to_is_an_error() {
    let sb = Sandbox::new();
    sb.write("a.txt", &format!("Kitap\n{TK_TEXT}\n"));
    sb.index_docs();
    let out = sb.run(&[
        "query",
        "kitap",
        "--from",
        "2021-01-01",
        "--to",
        "2020-01-01",
    ]);
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(
        out.stderr
            .contains("--from 2021-01-01 is after --to 2020-01-01"),
        "{out:#?}"
    );
}

// ---------------------------------------------------------------------------------------------------
// 2. Terminal output
// ---------------------------------------------------------------------------------------------------

/// The colour codes `query --color always` writes itself.
const OWN_CODES: [&str; 4] = ["\x1b[1m", "\x1b[1;33m", "\x1b[2m", "\x1b[0m"];

/// Fails if `text` holds a control character other than newline and tab, or an ESC that does not start
/// one of `allowed`.
fn assert_no_raw_controls(text: &str, allowed: &[&str], what: &str) {
    for (i, c) in text.char_indices() {
        if c == '\x1b' && allowed.iter().any(|code| text[i..].starts_with(code)) {
            continue;
        }
        assert!(
            !c.is_control() || c == '\n' || c == '\t',
            "{what}: raw {c:?} at byte {i}: {text:?}"
        );
    }
}

#[test]
fn control_characters_in_documents_never_reach_the_terminal_raw() {
    let sb = Sandbox::new();
    let title = "Kitap \x1b[2J\x1b]0;owned\x07 sergisi\u{9b}31m\x08\x08\x7f\n 2. FAKE RESULT";
    let body = format!("{TK_TEXT} Kitap\x1b[2J sergisi\r\n 3. FAKE RESULT \u{85} \x1b]0;title\x07");
    let id = "evil\x1b[31m-id\x08";
    sb.write_jsonl(
        "news.jsonl",
        &[json!({"id": id, "title": title, "body": body, "lang": "tk"})],
    );
    // A file whose name holds an escape sequence, with a problem to report.
    let bad_name = "bad\x1b[2J\x07.jsonl";
    sb.write(bad_name, "{not json\n");
    let out = sb.run(&["index", sb.docs().to_str().unwrap()]);
    assert_eq!(out.code, 1, "{out:#?}");
    assert_no_raw_controls(&out.stderr, &[], "index stderr");
    assert_no_raw_controls(&out.stdout, &[], "index stdout");
    assert!(
        out.stderr.contains("bad\\u{1b}[2J\\u{7}.jsonl:1: error"),
        "{out:#?}"
    );

    for color in ["never", "always"] {
        let out = sb.run(&["query", "kitap", "--color", color, "--explain"]);
        assert_eq!(out.code, 0, "{out:#?}");
        let allowed: &[&str] = if color == "always" { &OWN_CODES } else { &[] };
        assert_no_raw_controls(&out.stdout, allowed, "query stdout");
        assert_no_raw_controls(&out.stderr, &[], "query stderr");
        // One hit: a title line, a details line, a snippet line, explanation lines (indented), a blank line;
        // no line of document text can pass for a result.
        let ranked: Vec<&str> = out
            .stdout
            .lines()
            .filter(|l| {
                l.trim_start().starts_with(|c: char| c.is_ascii_digit()) && l.contains(". ")
            })
            .filter(|l| !l.starts_with("      "))
            .collect();
        assert_eq!(ranked.len(), 1, "{color}: {:#?}", out.stdout);
        assert!(!out
            .stdout
            .lines()
            .any(|l| l.trim_start().starts_with("2. FAKE")));
        assert!(!out
            .stdout
            .lines()
            .any(|l| l.trim_start().starts_with("3. FAKE")));
        assert!(out.stdout.contains("\\u{1b}[2J"), "{}", out.stdout);
        assert!(
            out.stdout.contains("evil\\u{1b}[31m-id\\u{8}"),
            "{}",
            out.stdout
        );
    }
    // A hostile query is escaped in the warnings too.
    let out = sb.run(&["query", "kitap \x1b[2J:\x07 \"x"]);
    assert_no_raw_controls(&out.stderr, &[], "query warnings");

    // --json keeps the text exact.
    let hits = sb.query(&["kitap"]);
    assert_eq!(hits[0]["title"], title);
    assert_eq!(hits[0]["id"], id);
}

// ---------------------------------------------------------------------------------------------------
// 3. Bounded work per document
// ---------------------------------------------------------------------------------------------------

/// A body of `bytes` bytes: `first` at the start, `last` at the end, Turkmen filler between.
fn long_body(first: &str, last: &str, bytes: usize) -> String {
    let mut body = format!("{first} {TK_TEXT}\n");
    while body.len() < bytes {
        body.push_str(TK_TEXT);
        body.push('\n');
    }
    body.push_str(last);
    body
}

#[test]
fn documents_over_the_cap_are_indexed_up_to_it_with_a_warning() {
    let sb = Sandbox::new();
    // 64 KiB cap: a JSON Lines line may be 4 × 64 KiB (+ 4 KiB).
    let txt = sb.write(
        "big.txt",
        &format!("Uly\n{}", long_body("gamyşlyk", "zebra", 300_000)),
    );
    sb.write_jsonl(
        "lines.jsonl",
        &[
            json!({"id": "capped", "body": long_body("gazly", "zirapa", 100_000), "lang": "tk"}),
            json!({"id": "huge", "body": long_body("gaplaň", "zolak", 400_000), "lang": "tk"}),
            json!({"id": "small", "body": TK_TEXT, "lang": "tk"}),
        ],
    );
    let json_file = sb.docs().join("many.json");
    fs::write(
        &json_file,
        json!([{"id": "j", "body": long_body("garynja", "zeýtun", 300_000)}]).to_string(),
    )
    .unwrap();
    let out = sb.run(&[
        "index",
        "--json",
        "--max-doc-kb",
        "64",
        sb.docs().to_str().unwrap(),
    ]);
    assert_eq!(out.code, 1, "{out:#?}");
    let lines = out.json_lines();
    let problem = |path: &str, line: Option<u64>| -> &Value {
        lines
            .iter()
            .find(|l| {
                l["type"] == "problem"
                    && l["path"].as_str().unwrap().ends_with(path)
                    && l["line"].as_u64() == line
            })
            .unwrap_or_else(|| panic!("no problem for {path}:{line:?}: {lines:#?}"))
    };
    let p = problem("big.txt", None);
    assert_eq!(p["severity"], "warning", "{p}");
    assert!(
        p["message"]
            .as_str()
            .unwrap()
            .contains("65536-byte document cap"),
        "{p}"
    );
    let p = problem("lines.jsonl", Some(1));
    assert_eq!(p["severity"], "warning", "{p}");
    let p = problem("lines.jsonl", Some(2));
    assert_eq!(p["severity"], "error", "{p}");
    assert!(
        p["message"].as_str().unwrap().contains("line longer than"),
        "{p}"
    );
    let p = problem("many.json", None);
    assert_eq!(p["severity"], "error", "{p}");
    let s = summary(&out);
    assert_eq!(s["documents"], 3, "{s}");

    // The start of a capped document is searchable, its end is not.
    assert_eq!(found(&sb, &["gamyşlyk"]), ["big.txt"]);
    assert!(found(&sb, &["zebra"]).is_empty());
    assert_eq!(found(&sb, &["gazly"]), ["capped"]);
    assert!(found(&sb, &["zirapa"]).is_empty());
    assert!(found(&sb, &["gaplaň"]).is_empty());
    assert_eq!(found(&sb, &["small"]).len(), 0);
    assert!(txt.exists());
}

/// A snippet is looked for in the first 256 KiB of a body only: a word found further in (and in the
/// title) still finds the document, with the body's opening as its snippet.
#[test]
fn snippets_look_only_at_the_start_of_a_long_body() {
    let sb = Sandbox::new();
    sb.write_jsonl(
        "long.jsonl",
        &[
            json!({"id": "long", "title": "Gamyşlyk", "body": long_body("Başy", "gamyşlyk", 300_000), "lang": "tk"}),
            json!({"id": "short", "title": "Gamyşlyk", "body": format!("{TK_TEXT} gamyşlyk"), "lang": "tk"}),
        ],
    );
    sb.index_docs();
    let hits = sb.query(&["gamyşlyk"]);
    assert_eq!(id_set(&hits), set(&["long", "short"]));
    for hit in &hits {
        let snippet = hit["snippet"].as_str().unwrap();
        let highlights = hit["highlights"].as_array().unwrap();
        if hit["id"] == "long" {
            assert!(snippet.starts_with("Başy"), "{hit}");
            assert!(highlights.is_empty(), "{hit}");
        } else {
            assert!(snippet.contains("gamyşlyk"), "{hit}");
            assert_eq!(highlights.len(), 1, "{hit}");
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// 4. Bounded work per query
// ---------------------------------------------------------------------------------------------------

#[test]
fn or_chains_count_toward_the_clause_cap_with_one_warning_per_cap() {
    let sb = Sandbox::new();
    sb.write("a.txt", &format!("Kitap\n{TK_TEXT}\n"));
    sb.index_docs();
    // 6,000 misspelt words joined by OR, then a known word.
    let words: Vec<String> = (0..6000).map(|i| format!("kitapx{i}q")).collect();
    let query = format!("{} OR kitaphanasynda", words.join(" OR "));
    let out = sb.run(&["query", &query]);
    assert!(out.code == 0 || out.code == 1, "{out:#?}");
    let warnings: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("tk-search: warning:"))
        .collect();
    assert_eq!(
        warnings
            .iter()
            .filter(|w| w.contains("only the first 32 words"))
            .count(),
        1,
        "{warnings:#?}"
    );
    assert_eq!(
        warnings
            .iter()
            .filter(|w| w.contains("typo tolerance"))
            .count(),
        1,
        "{warnings:#?}"
    );
    assert!(warnings.len() <= 3, "{warnings:#?}");

    // Prefixes and phrases count toward the clause cap as well; the first 32 atoms are the ones kept,
    // and past 4 prefixes the rest are searched as words, with one warning per cap.
    let prefixes: Vec<String> = (0..10).map(|i| format!("kitap{i}*")).collect();
    let phrases: Vec<String> = (0..30).map(|i| format!("\"kitap x{i}\"")).collect();
    let query = format!(
        "kitaphanasynda OR {} OR {}",
        prefixes.join(" OR "),
        phrases.join(" OR ")
    );
    let out = sb.run(&["query", "--json", &query]);
    assert_eq!(out.code, 0, "{out:#?}");
    assert_eq!(id_set(&out.json_lines()), set(&["a.txt"]));
    let warnings: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("tk-search: warning:"))
        .collect();
    for cap in ["only the first 32 words", "at most 4 prefixes"] {
        assert_eq!(
            warnings.iter().filter(|w| w.contains(cap)).count(),
            1,
            "{cap}: {warnings:#?}"
        );
    }
    assert!(warnings.len() <= 3, "{warnings:#?}");
}

// ---------------------------------------------------------------------------------------------------
// 5. Damaged indexes
// ---------------------------------------------------------------------------------------------------

/// A sandbox with a small committed index (Turkmen, Russian and English documents, one segment).
fn small_index() -> Sandbox {
    let sb = Sandbox::new();
    let docs: Vec<Value> = (0..30)
        .map(|i| {
            json!({"id": format!("n{i}"), "title": format!("Kitap {i}"),
                   "body": format!("{TK_TEXT} Sergi {i}. Библиотека открыла выставку. The library opened an exhibition."),
                   "lang": "tk", "date": "2021-03-04"})
        })
        .collect();
    sb.write_jsonl("news.jsonl", &docs);
    let out = sb.run(&[
        "index",
        "--json",
        "--threads",
        "1",
        sb.docs().to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{out:#?}");
    sb
}

/// The index's segment files with this extension.
fn segment_files(sb: &Sandbox, ext: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(sb.index_path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    files
}

/// Overwrites the middle third of `path` with pseudo-random bytes.
fn scribble(path: &Path) {
    let mut bytes = fs::read(path).unwrap();
    let len = bytes.len();
    let (from, to) = (len / 3, (2 * len / 3).max(len / 3 + 1).min(len));
    let mut x: u32 = 0x9e37_79b9;
    for b in &mut bytes[from..to] {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        *b = x as u8;
    }
    fs::write(path, bytes).unwrap();
}

/// Cuts `path` to half its length.
fn truncate(path: &Path) {
    let bytes = fs::read(path).unwrap();
    fs::write(path, &bytes[..bytes.len() / 2]).unwrap();
}

/// An error exit (2) with one error line that names the index and the way to rebuild it.
fn assert_damage_reported(sb: &Sandbox, out: &Output, what: &str) {
    assert_eq!(out.code, 2, "{what}: {out:#?}");
    let errors: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("tk-search: error:"))
        .collect();
    let last = errors
        .last()
        .unwrap_or_else(|| panic!("{what}: no error line: {out:#?}"));
    assert!(
        last.contains(sb.index_path().to_str().unwrap()) && last.contains("index --rebuild"),
        "{what}: {out:#?}"
    );
    assert!(!out.stderr.contains("panicked at"), "{what}: {out:#?}");
}

#[test]
fn each_damaged_segment_file_kind_is_detected_and_a_reindex_recovers() {
    let reference = small_index();
    let expected = id_set(&reference.query(&["kitap", "--limit", "50"]));
    assert_eq!(expected.len(), 30);
    let kinds = ["idx", "pos", "term", "store", "fast", "fieldnorm"];
    for kind in kinds {
        for (how, damage) in [
            ("scribbled", scribble as fn(&Path)),
            ("truncated", truncate),
        ] {
            let what = format!("{how} .{kind}");
            let sb = small_index();
            let files = segment_files(&sb, kind);
            assert!(!files.is_empty(), "no .{kind} file");
            for f in &files {
                damage(f);
            }
            // `check` always sees it.
            let out = sb.run(&["check"]);
            assert_damage_reported(&sb, &out, &format!("check, {what}"));
            // A query either still works or fails with the recovery message; it never panics.
            for q in [
                "kitap",
                "библиотека",
                "exhibition",
                "\"kitap sergi\"",
                "kit*",
                "kitapx",
            ] {
                let out = sb.run(&["query", q, "--sort", "relevance"]);
                assert!(out.code <= 2, "query {q}, {what}: {out:#?}");
                if out.code == 2 {
                    assert_damage_reported(&sb, &out, &format!("query {q}, {what}"));
                }
                let out = sb.run(&["query", q, "--sort", "date", "--from", "2020-01-01"]);
                assert!(out.code <= 2, "query {q} by date, {what}: {out:#?}");
            }
            // Re-indexing notices the damage and rebuilds instead of reporting "unchanged".
            let out = sb.run(&["index", "--json", sb.docs().to_str().unwrap()]);
            assert_eq!(out.code, 0, "index, {what}: {out:#?}");
            assert!(
                out.stderr.contains("damaged or unreadable"),
                "{what}: {out:#?}"
            );
            assert_eq!(summary(&out)["documents"], 30, "{what}");
            assert_eq!(
                sb.run(&["check"]).code,
                0,
                "check after the rebuild, {what}"
            );
            assert_eq!(
                id_set(&sb.query(&["kitap", "--limit", "50"])),
                expected,
                "{what}"
            );
        }
    }
}

#[test]
fn an_edited_meta_json_is_rebuilt_and_rebuild_uses_the_recorded_folders() {
    let sb = small_index();
    // A second folder indexed into the same index.
    let other = sb.path().join("other");
    fs::create_dir_all(&other).unwrap();
    fs::write(other.join("o.txt"), format!("Gyzyl\n{TK_TEXT} gazet\n")).unwrap();
    assert_eq!(sb.run(&["index", other.to_str().unwrap()]).code, 0);

    let meta = sb.index_path().join("meta.json");
    let text = fs::read_to_string(&meta).unwrap();
    let edited = text.replace("\"max_doc\": 30,", "\"max_doc\": 3000,");
    assert_ne!(text, edited, "meta.json without max_doc 30: {text}");
    fs::write(&meta, edited).unwrap();
    let out = sb.run(&["check"]);
    assert_damage_reported(&sb, &out, "check, edited max_doc");
    // The hint names the recorded folders.
    assert!(
        out.stderr
            .contains(other.canonicalize().unwrap().to_str().unwrap()),
        "{out:#?}"
    );

    // `index --rebuild` (no DIR) rebuilds from both recorded folders.
    let out = sb.run(&["index", "--rebuild"]);
    assert_eq!(out.code, 0, "{out:#?}");
    assert_eq!(sb.run(&["check"]).code, 0);
    assert_eq!(found(&sb, &["gazet"]), ["o.txt"]);
    assert_eq!(found(&sb, &["kitap", "--limit", "50"]).len(), 31);
}

/// The re-index that used to panic on an edited `meta.json`: it now finds the damage and rebuilds, and a
/// query before it either works or reports the damage.
#[test]
fn an_edited_meta_json_is_rebuilt_by_the_next_index_run() {
    let sb = small_index();
    let meta = sb.index_path().join("meta.json");
    let text = fs::read_to_string(&meta).unwrap();
    let edited = text.replace("\"max_doc\": 30,", "\"max_doc\": 3000,");
    assert_ne!(text, edited, "meta.json without max_doc 30: {text}");
    fs::write(&meta, edited).unwrap();
    let out = sb.run(&["query", "kitap"]);
    assert!(out.code <= 2, "{out:#?}");
    if out.code == 2 {
        assert_damage_reported(&sb, &out, "query, edited max_doc");
    }
    let out = sb.run(&["index", "--json", sb.docs().to_str().unwrap()]);
    assert_eq!(out.code, 0, "{out:#?}");
    assert!(out.stderr.contains("damaged or unreadable"), "{out:#?}");
    assert_eq!(summary(&out)["documents"], 30);
    assert_eq!(sb.run(&["check"]).code, 0);
    assert_eq!(found(&sb, &["kitap", "--limit", "50"]).len(), 30);
}

// ---------------------------------------------------------------------------------------------------
// 6. Full disk
// ---------------------------------------------------------------------------------------------------

/// A mount made for a test, unmounted when dropped.
struct Mount(PathBuf);

impl Mount {
    /// Mounts with `args` (e.g. `["-t", "tmpfs", "-o", "size=20m", "tmpfs"]`) on `at`; `None`, with a
    /// printed reason, when mounting is not permitted here.
    fn new(args: &[&str], at: &Path) -> Option<Mount> {
        fs::create_dir_all(at).unwrap();
        match Command::new("mount").args(args).arg(at).output() {
            Ok(out) if out.status.success() => Some(Mount(at.to_path_buf())),
            Ok(out) => {
                eprintln!(
                    "skipped: cannot mount ({}): {}",
                    args.join(" "),
                    String::from_utf8_lossy(&out.stderr).trim()
                );
                None
            }
            Err(e) => {
                eprintln!("skipped: no mount command: {e}");
                None
            }
        }
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// The files of an index folder (names), without lock files.
fn index_files(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".lock"))
        .collect()
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_fails_once_keeps_the_last_commit_and_leaves_no_orphans() {
    let sb = Sandbox::new();
    let Some(mount) = Mount::new(
        &["-t", "tmpfs", "-o", "size=12m", "tmpfs"],
        &sb.path().join("small"),
    ) else {
        return;
    };
    let idx = mount.0.join("idx");
    let run = |args: &[&str]| -> Output { sb.run_at(&idx, args) };
    sb.write("first.txt", &format!("Kitap\n{TK_TEXT} gannet\n"));
    let out = run(&["index", sb.docs().to_str().unwrap()]);
    assert_eq!(out.code, 0, "{out:#?}");
    let committed = index_files(&idx);

    // About 40 MB of distinct words: more index than the disk holds.
    let big = sb.path().join("big");
    fs::create_dir_all(&big).unwrap();
    for f in 0..40 {
        let mut text = String::from("Uly\n");
        for i in 0..100_000u32 {
            text.push_str(&format!("w{f}x{:x}y ", i.wrapping_mul(2_654_435_761)));
        }
        fs::write(big.join(format!("b{f}.txt")), text).unwrap();
    }
    let out = run(&["index", "--memory-mb", "16", big.to_str().unwrap()]);
    assert_eq!(out.code, 2, "{out:#?}");
    let errors = out.stderr.lines().filter(|l| l.contains("error")).count();
    assert_eq!(errors, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("previous commit is intact"),
        "{}",
        out.stderr
    );
    // The previous commit is intact and its files are all that is left.
    assert_eq!(index_files(&idx), committed);
    let out = run(&["query", "--json", "gannet"]);
    assert_eq!(out.code, 0, "{out:#?}");
    // A later run that commits succeeds.
    sb.write("second.txt", &format!("Ikinji\n{TK_TEXT} puffin\n"));
    let out = run(&["index", sb.docs().to_str().unwrap()]);
    assert_eq!(out.code, 0, "{out:#?}");
    let out = run(&["query", "--json", "puffin"]);
    assert_eq!(out.code, 0, "{out:#?}");
}

// ---------------------------------------------------------------------------------------------------
// 7. The smaller points
// ---------------------------------------------------------------------------------------------------

#[cfg(target_os = "linux")]
#[test]
fn a_read_only_index_can_be_queried() {
    let sb = Sandbox::new();
    sb.write("a.txt", &format!("Kitap\n{TK_TEXT}\n"));
    sb.index_docs();
    let idx = sb.index_path();
    let ro = sb.path().join("ro");
    let Some(_bind) = Mount::new(&["--bind", idx.to_str().unwrap()], &ro) else {
        return;
    };
    let status = Command::new("mount")
        .args(["-o", "remount,ro,bind"])
        .arg(&ro)
        .status()
        .unwrap();
    if !status.success() {
        eprintln!("skipped: cannot remount read-only");
        return;
    }
    assert!(
        fs::write(ro.join("probe"), "x").is_err(),
        "the mount is writable"
    );
    let out = sb.run_at(&ro, &["query", "--json", "kitap"]);
    assert_eq!(out.code, 0, "{out:#?}");
    assert_eq!(id_set(&out.json_lines()), set(&["a.txt"]));
    let out = sb.run_at(&ro, &["check"]);
    assert_eq!(out.code, 0, "{out:#?}");
}

#[test]
fn nul_bytes_and_utf16_files_are_reported_once_with_a_line() {
    let sb = Sandbox::new();
    let nul = sb.write("nul.txt", "Title\nline two\nline \0three\n");
    let nul_md = sb.write("nul.md", "# Title\n\n\0body\n");
    let nul_json = sb.write("nul.json", "{\"body\":\n\"a\0b\"}");
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "{\"body\":\"kitap\"}\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    let u16_jsonl = sb.docs().join("u16.jsonl");
    fs::write(&u16_jsonl, &utf16).unwrap();
    let u16_txt = sb.docs().join("u16.txt");
    fs::write(&u16_txt, &utf16).unwrap();
    sb.write("ok.txt", &format!("Kitap\n{TK_TEXT}\n"));
    let out = sb.run(&["index", sb.docs().to_str().unwrap()]);
    assert_eq!(out.code, 1, "{out:#?}");
    let lines_for = |p: &Path| -> Vec<&str> {
        let prefix = p.display().to_string();
        out.stderr
            .lines()
            .filter(|l| l.starts_with(&prefix))
            .collect()
    };
    assert!(lines_for(&nul)[0].contains("line 3"), "{out:#?}");
    assert!(lines_for(&nul_json)[0].contains("line 2"), "{out:#?}");
    assert!(lines_for(&nul_md)[0].contains("line 3"), "{out:#?}");
    for p in [&nul, &nul_md, &nul_json] {
        assert_eq!(lines_for(p).len(), 1, "{out:#?}");
    }
    for p in [&u16_jsonl, &u16_txt] {
        let lines = lines_for(p);
        assert_eq!(lines.len(), 1, "{lines:#?}");
        assert!(lines[0].contains("UTF-16"), "{lines:#?}");
        assert!(lines[0].contains(": error: "), "{lines:#?}");
    }
}

#[test]
fn field_operators_without_a_value_are_ignored_with_a_warning() {
    let sb = Sandbox::new();
    sb.write_jsonl(
        "a.jsonl",
        &[json!({"id": "t", "title": "title source lang", "body": "title source lang words", "lang": "en"})],
    );
    sb.index_docs();
    for q in ["title:", "source:", "lang:", "TITLE:"] {
        let out = sb.run(&["query", "--json", q]);
        assert_eq!(out.code, 1, "{q}: {out:#?}");
        assert!(out.stderr.contains("has nothing after it"), "{q}: {out:#?}");
    }
    assert_eq!(found(&sb, &["title: words"]), ["t"]);
}

#[test]
fn limit_zero_counts_and_exits_by_the_matches() {
    let sb = Sandbox::new();
    sb.write("a.txt", &format!("Kitap\n{TK_TEXT}\n"));
    sb.write("b.txt", &format!("Kitap iki\n{TK_TEXT}\n"));
    sb.index_docs();
    let out = sb.run(&["query", "kitap", "--limit", "0"]);
    assert_eq!(out.code, 0, "{out:#?}");
    assert!(
        out.stdout.contains("(0 of 2 matching documents shown)"),
        "{out:#?}"
    );
    let out = sb.run(&["query", "zzzqqq", "--limit", "0"]);
    assert_eq!(out.code, 1, "{out:#?}");
}

#[test]
fn the_summary_counts_a_duplicate_id_once_and_lists_every_language() {
    let sb = Sandbox::new();
    sb.write_jsonl(
        "a.jsonl",
        &[
            json!({"id": "dup", "body": TK_TEXT, "lang": "tk"}),
            json!({"id": "dup", "body": "The library opened an exhibition of new books.", "lang": "en"}),
            json!({"id": "dup", "body": "The library opened an exhibition of old books.", "lang": "en"}),
        ],
    );
    let out = sb.index_json(&sb.docs());
    assert_eq!(out.code, 1, "{out:#?}");
    let s = summary(&out);
    assert_eq!(s["documents"], 1, "{s}");
    assert_eq!(per_lang(&s, "en"), 1, "{s}");
    for lang in ["tk", "ru", "en", "unknown"] {
        assert!(s["per_lang"][lang].is_u64(), "{lang} missing: {s}");
    }
    assert_eq!(
        sb.run(&["query", "--json", "library"]).json_lines().len(),
        1
    );
    // Re-indexing the same file: the id's documents are written again (the later one wins), counted once.
    let out = sb.index_json(&sb.docs());
    let s = summary(&out);
    assert_eq!(
        s["documents"].as_u64().unwrap() + s["unchanged"].as_u64().unwrap(),
        1,
        "{s}"
    );
    assert_eq!(
        sb.run(&["query", "--json", "library"]).json_lines().len(),
        1
    );
}

#[test]
fn the_other_folder_warning_names_a_single_file_once() {
    let sb = Sandbox::new();
    let single = sb.path().join("single");
    fs::create_dir_all(&single).unwrap();
    fs::write(single.join("ok.txt"), format!("Bir\n{TK_TEXT} gannet\n")).unwrap();
    let file = single.join("ok.txt");
    assert_eq!(sb.run(&["index", file.to_str().unwrap()]).code, 0);
    sb.write("ok.txt", &format!("Iki\n{TK_TEXT} puffin\n"));
    let out = sb.run(&["index", sb.docs().to_str().unwrap()]);
    assert_eq!(out.code, 1, "{out:#?}");
    let canonical = file.canonicalize().unwrap();
    let named = format!("({})", canonical.display());
    assert!(out.stderr.contains(&named), "{out:#?}");
    assert!(!out.stderr.contains("ok.txt/ok.txt"), "{out:#?}");
}

#[test]
fn index_json_reports_a_fatal_error_as_a_json_line() {
    let sb = Sandbox::new();
    let missing = sb.path().join("missing");
    let out = sb.run(&["index", "--json", missing.to_str().unwrap()]);
    assert_eq!(out.code, 2, "{out:#?}");
    let lines = out.json_lines();
    assert_eq!(lines.len(), 1, "{out:#?}");
    assert_eq!(lines[0]["type"], "error", "{out:#?}");
    assert!(lines[0]["message"]
        .as_str()
        .unwrap()
        .contains("no such file"));
}
