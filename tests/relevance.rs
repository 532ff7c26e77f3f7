//! Relevance targets on the judged query set (`tests/relevance/queries.tsv`) over the bundled corpus:
//! tk-search beats the best stock tantivy configuration for Turkmen by a clear margin, is no worse for
//! Russian and English, and ASCII-typed Turkmen keeps at least 90% of the recall.
//! `cargo run --release -- eval tests/relevance/queries.tsv` prints the whole table.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use tk_search_core::eval::{evaluate, read_queries, SYSTEMS};

/// MAP@100 margin over the best stock system that counts as "clear" for Turkmen.
const CLEAR_MARGIN: f64 = 0.05;

#[test]
fn tk_search_beats_stock_tantivy_on_the_judged_queries() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let queries = read_queries(&root.join("tests/relevance/queries.tsv")).unwrap();
    assert!(
        queries.len() >= 60,
        "the judged set has {} queries",
        queries.len()
    );
    let report = evaluate(&root.join("corpus"), &queries).unwrap();
    let map = |system: usize, lang: &str| report.table[&(system, lang.to_string())].0.map_100;
    for lang in ["tk", "ru", "en"] {
        let ours = map(0, lang);
        let (best, name) = (1..SYSTEMS.len())
            .map(|s| (map(s, lang), SYSTEMS[s]))
            .fold((f64::MIN, ""), |a, b| if b.0 > a.0 { b } else { a });
        println!("{lang}: tk-search MAP@100 {ours:.3}, best stock ({name}) {best:.3}");
        let margin = if lang == "tk" { CLEAR_MARGIN } else { 0.0 };
        assert!(
            ours >= best + margin,
            "{lang}: {ours:.3} < {best:.3} + {margin}"
        );
    }
    let ratio = report.ascii_recall_ratio(&queries).unwrap();
    println!("ASCII twins keep {:.1}% of the recall", ratio * 100.0);
    assert!(
        ratio >= 0.9,
        "ASCII-typed Turkmen keeps only {ratio:.3} of the recall"
    );
}
