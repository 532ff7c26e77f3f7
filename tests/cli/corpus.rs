//! The bundled corpus: indexed once (a copy, in a temporary folder) and shared by these tests.
//!
//! Expected documents are never hard-coded: each test scans the corpus files for the text it expects
//! the search to find.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;

use serde_json::Value;

use super::util::{copy_dir, id_set, ids, is_ymd, per_lang, Sandbox, CORPUS};

/// One corpus document as the test reads it.
struct Doc {
    id: String,
    /// Title and body.
    text: String,
}

struct Corpus {
    sandbox: Sandbox,
    summary: Value,
    docs: Vec<Doc>,
}

/// The corpus, copied and indexed on first use.
fn corpus() -> &'static Corpus {
    static CORPUS_INDEX: OnceLock<Corpus> = OnceLock::new();
    CORPUS_INDEX.get_or_init(|| {
        // A static is never dropped, so the sandbox lives in cargo's scratch folder (`target/tmp`)
        // rather than /tmp, and sandboxes left by earlier runs are removed here.
        let scratch = Path::new(env!("CARGO_TARGET_TMPDIR"));
        remove_stale(scratch, CORPUS_PREFIX);
        let sandbox = Sandbox::new_in(scratch, CORPUS_PREFIX);
        copy_dir(Path::new(CORPUS), &sandbox.docs());
        let summary = sandbox.index_docs();
        let docs = scan(&sandbox.docs());
        Corpus {
            sandbox,
            summary,
            docs,
        }
    })
}

const CORPUS_PREFIX: &str = "tk-search-cli-corpus-";

/// Removes `<prefix>*` folders under `dir` older than an hour (an hour, so that a concurrent run's
/// sandbox is left alone).
fn remove_stale(dir: &Path, prefix: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > Duration::from_secs(3600));
        if stale && entry.file_name().to_string_lossy().starts_with(prefix) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Reads every `.jsonl` and `.txt` document under `root` with the id the indexer gives it.
fn scan(root: &Path) -> Vec<Doc> {
    let mut files: Vec<_> = walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| !e.file_type().is_dir())
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.sort();
    let mut docs = Vec::new();
    for path in files {
        let rel = path
            .strip_prefix(root)
            .unwrap()
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let text = fs::read_to_string(&path).unwrap();
        match path.extension().and_then(|e| e.to_str()) {
            Some("jsonl") => {
                for (i, line) in text.lines().enumerate() {
                    if line.trim().is_empty() {
                        continue;
                    }
                    let v: Value = serde_json::from_str(line).unwrap();
                    let id = v["id"]
                        .as_str()
                        .map_or_else(|| format!("{rel}:{}", i + 1), String::from);
                    let title = v["title"].as_str().unwrap_or("");
                    let body = v["body"].as_str().unwrap();
                    docs.push(Doc {
                        id,
                        text: format!("{title}\n{body}"),
                    });
                }
            }
            // README files document the folder and are not indexed.
            Some("txt" | "md") if !rel.to_ascii_lowercase().ends_with("readme.md") => {
                docs.push(Doc { id: rel, text })
            }
            _ => {}
        }
    }
    docs
}

/// `needle` with its first letter in lower and in upper case.
fn first_letter_variants(needle: &str) -> [String; 2] {
    let mut chars = needle.chars();
    let first = chars.next().unwrap();
    let rest: String = chars.collect();
    [
        format!("{}{rest}", first.to_lowercase()),
        format!("{}{rest}", first.to_uppercase()),
    ]
}

/// Ids of documents containing any of `needles` (first letter in either case).
fn containing(docs: &[Doc], needles: &[&str]) -> BTreeSet<String> {
    let variants: Vec<String> = needles
        .iter()
        .flat_map(|n| first_letter_variants(n))
        .collect();
    docs.iter()
        .filter(|d| variants.iter().any(|v| d.text.contains(v.as_str())))
        .map(|d| d.id.clone())
        .collect()
}

/// The words of a text, lower-cased (split at anything that is not a letter or digit).
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

fn missing(expected: &BTreeSet<String>, hits: &[Value]) -> Vec<String> {
    let found = id_set(hits);
    expected.difference(&found).cloned().collect()
}

fn assert_all_lang(hits: &[Value], lang: &str, query: &str) {
    assert!(!hits.is_empty(), "{query:?}: no hits");
    let others: Vec<_> = hits
        .iter()
        .filter(|h| h["lang"] != lang)
        .map(|h| format!("{} ({})", h["id"], h["lang"]))
        .collect();
    assert!(
        others.is_empty(),
        "{query:?}: hits not in {lang}: {others:?}"
    );
}

#[test]
fn corpus_summary_counts() {
    let c = corpus();
    let s = &c.summary;
    assert!(s["documents"].as_u64().unwrap() >= 120, "{s}");
    assert!(per_lang(s, "tk") >= 50, "{s}");
    assert!(per_lang(s, "ru") >= 35, "{s}");
    assert!(per_lang(s, "en") >= 35, "{s}");
    assert_eq!(s["errors"], 0, "{s}");
    assert_eq!(s["warnings"], 0, "{s}");
    assert_eq!(s["documents"].as_u64().unwrap(), c.docs.len() as u64, "{s}");
}

/// The documents the mission query must find, by their text.
fn onlayn_maslahat_docs(c: &Corpus) -> BTreeSet<String> {
    let expected = containing(
        &c.docs,
        &["onlaýn-maslahaty", "Onlaýn-maslahatyna", "onlaýn maslahat"],
    );
    assert!(
        expected.len() >= 5,
        "the corpus should mention online meetings: {expected:?}"
    );
    expected
}

#[test]
fn mission_query_finds_every_onlayn_maslahat_document() {
    let c = corpus();
    let expected = onlayn_maslahat_docs(c);
    let hits = c.sandbox.query(&["--limit", "50", "onlaýn-maslahat"]);
    let missing = missing(&expected, &hits);
    assert!(
        missing.is_empty(),
        "`onlaýn-maslahat` misses {missing:?} (expected {expected:?}, got {:?})",
        ids(&hits)
    );
    assert_all_lang(&hits, "tk", "onlaýn-maslahat");
}

#[test]
fn ascii_query_finds_the_same_documents() {
    let c = corpus();
    let expected = onlayn_maslahat_docs(c);
    let hits = c.sandbox.query(&["--limit", "50", "onlayn maslahat"]);
    let missing = missing(&expected, &hits);
    assert!(
        missing.is_empty(),
        "`onlayn maslahat` misses {missing:?} (expected {expected:?}, got {:?})",
        ids(&hits)
    );
}

#[test]
fn russian_inflected_query_returns_russian_hits() {
    let c = corpus();
    let hits = c.sandbox.query(&["библиотеки"]);
    assert_all_lang(&hits, "ru", "библиотеки");
    // Stemming: some hit has another form of the word but not this one.
    let other_form = hits.iter().any(|h| {
        let id = h["id"].as_str().unwrap();
        let doc = c.docs.iter().find(|d| d.id == id).unwrap();
        !words(&doc.text).any(|w| w == "библиотеки")
    });
    assert!(other_form, "only exact forms found: {:?}", ids(&hits));
}

#[test]
fn russian_compound_query_returns_russian_hits() {
    let c = corpus();
    let expected = containing(&c.docs, &["онлайн-конференции"]);
    assert!(!expected.is_empty());
    let hits = c.sandbox.query(&["--limit", "50", "онлайн-конференции"]);
    assert_all_lang(&hits, "ru", "онлайн-конференции");
    let missing = missing(&expected, &hits);
    assert!(missing.is_empty(), "misses {missing:?}");
}

#[test]
fn english_queries_return_english_hits() {
    let c = corpus();
    for (query, form) in [("libraries", "libraries"), ("digitization", "digitization")] {
        let hits = c.sandbox.query(&[query]);
        assert_all_lang(&hits, "en", query);
        let expected: BTreeSet<String> = c
            .docs
            .iter()
            .filter(|d| words(&d.text).any(|w| w == form))
            .map(|d| d.id.clone())
            .collect();
        assert!(!expected.is_empty(), "no document has {form:?}");
        let missing = missing(&expected, &hits);
        assert!(missing.is_empty(), "{query:?} misses {missing:?}");
    }
}

#[test]
fn russian_query_with_e_finds_documents_written_with_yo() {
    let c = corpus();
    // The most frequent word of at least 5 letters written with ё (ties: alphabetical).
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for d in &c.docs {
        for w in words(&d.text) {
            if w.contains('ё') && w.chars().count() >= 5 {
                *counts.entry(w).or_default() += 1;
            }
        }
    }
    let (word, _) = counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .expect("the corpus has a word with ё");
    let with_e = word.replace('ё', "е");
    let expected: BTreeSet<String> = c
        .docs
        .iter()
        .filter(|d| words(&d.text).any(|w| w == *word))
        .map(|d| d.id.clone())
        .collect();
    let hits = c.sandbox.query(&[with_e.as_str()]);
    let missing = missing(&expected, &hits);
    assert!(
        missing.is_empty(),
        "{with_e:?} (for {word:?}) misses {missing:?}; got {:?}",
        ids(&hits)
    );
}

#[test]
fn lang_filter_on_the_corpus() {
    let c = corpus();
    // A number appears in news of every language.
    let all = c.sandbox.query(&["300"]);
    let langs: BTreeSet<&str> = all.iter().map(|h| h["lang"].as_str().unwrap()).collect();
    assert!(langs.contains("ru") && langs.len() >= 2, "{langs:?}");
    let ru_in_all: BTreeSet<String> = all
        .iter()
        .filter(|h| h["lang"] == "ru")
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect();
    for args in [&["lang:ru 300"][..], &["--lang", "ru", "300"][..]] {
        let hits = c.sandbox.query(args);
        assert_all_lang(&hits, "ru", &format!("{args:?}"));
        assert_eq!(id_set(&hits), ru_in_all, "{args:?}");
    }
}

#[test]
fn prefix_query_on_the_corpus() {
    let c = corpus();
    let expected: BTreeSet<String> = c
        .docs
        .iter()
        .filter(|d| words(&d.text).any(|w| w.starts_with("maslah")))
        .map(|d| d.id.clone())
        .collect();
    assert!(!expected.is_empty());
    let hits = c.sandbox.query(&["maslah*"]);
    assert_eq!(id_set(&hits), expected);
}

#[test]
fn sort_by_date_on_the_corpus() {
    let c = corpus();
    let hits = c.sandbox.query(&["--sort", "date", "kitaphana"]);
    assert!(hits.len() > 10, "{}", hits.len());
    let dates: Vec<Option<&str>> = hits.iter().map(|h| h["date"].as_str()).collect();
    let first_undated = dates
        .iter()
        .position(Option::is_none)
        .unwrap_or(dates.len());
    assert!(
        dates[first_undated..].iter().all(Option::is_none),
        "undated documents must come last: {dates:?}"
    );
    let dated: Vec<&str> = dates[..first_undated].iter().map(|d| d.unwrap()).collect();
    assert!(dated.iter().all(|d| is_ymd(d)), "{dated:?}");
    assert!(
        dated.windows(2).all(|w| w[0] >= w[1]),
        "not newest first: {dated:?}"
    );
}

#[test]
fn from_and_to_on_the_corpus() {
    let c = corpus();
    let all = c.sandbox.query(&["kitaphana"]);
    let hits = c
        .sandbox
        .query(&["--from", "2021-01-01", "--to", "2021-12-31", "kitaphana"]);
    assert!(!hits.is_empty());
    assert!(hits.len() < all.len());
    for h in &hits {
        let date = h["date"].as_str().unwrap_or_else(|| panic!("undated: {h}"));
        assert!(date.starts_with("2021-"), "{h}");
    }
}
