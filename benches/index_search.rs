//! Building a 1× index (the bundled corpus itself) and four queries on it.
//!
//! `cargo bench --bench index_search`

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use tk_search_core::ingest::{self, IngestOptions};
use tk_search_core::{SearchIndex, SearchRequest};

fn corpus() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus"))
}

/// A fresh on-disk index of the bundled corpus; the temp dir must outlive the index.
fn build(dir: &Path) -> SearchIndex {
    let index = SearchIndex::open_or_create(dir).unwrap();
    let summary =
        ingest::index_path(&index, corpus(), &IngestOptions::default(), &mut |_| {}).unwrap();
    assert!(summary.documents() > 0);
    index
}

fn indexing(c: &mut Criterion) {
    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    group.bench_function("build 1x (bundled corpus)", |b| {
        b.iter_batched(
            || tempfile::tempdir().unwrap(),
            |dir| {
                black_box(build(dir.path()).num_docs());
                dir
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn queries(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let index = build(dir.path());
    let mut group = c.benchmark_group("search 1x");
    for (name, query) in [
        ("single word", "kitaphana"),
        ("two words", "milli kitaphana"),
        ("ASCII Turkmen", "onlayn maslahat"),
        ("Russian inflected", "библиотеками"),
    ] {
        let request = SearchRequest::new(query);
        assert!(index.search(&request).unwrap().total > 0, "{query}");
        group.bench_function(name, |b| {
            b.iter(|| black_box(index.search(&request).unwrap().total))
        });
    }
    group.finish();
}

criterion_group!(benches, indexing, queries);
criterion_main!(benches);
