//! Feeds arbitrary bytes to the document readers: the first byte picks the format (JSON Lines, JSON or
//! text), the rest is the file, indexed with `ingest::index_path` into a fresh in-memory index under a small
//! document cap. Bad input must end as problems, never as a panic or a failed run, and the index must hold
//! exactly the documents the summary counts (a duplicate id counts once).
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tk_search_core::ingest::{self, IngestOptions, Severity};
use tk_search_core::SearchIndex;

/// A private folder for the input file (on tmpfs when there is one: a file is written per run).
fn folder() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let base = if std::path::Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        let dir = base.join(format!("tk-search-fuzz-readers-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("fuzz folder");
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, content)) = data.split_first() else {
        return;
    };
    let name = match selector % 3 {
        0 => "input.jsonl",
        1 => "input.json",
        _ => "input.txt",
    };
    let dir = folder();
    for old in ["input.jsonl", "input.json", "input.txt"] {
        let _ = std::fs::remove_file(dir.join(old));
    }
    let path = dir.join(name);
    std::fs::write(&path, content).expect("write the input");
    let index = SearchIndex::in_memory().expect("in-memory index");
    let options = IngestOptions {
        memory_budget: 15_000_000,
        threads: Some(1),
        max_doc_bytes: 2048,
        ..IngestOptions::default()
    };
    let summary = ingest::index_path(&index, &path, &options, &mut |_| {})
        .expect("bad input is reported as problems, never as a failed run");
    assert_eq!(
        index.num_docs(),
        summary.documents() as u64,
        "documents in the index vs the summary: {summary:?}"
    );
    for p in &summary.problems {
        assert_eq!(p.path, path, "a problem names another file: {p}");
        if p.severity == Severity::Error {
            assert!(!p.message.is_empty());
        }
    }
});
