//! Relevance targets on the judged query set (`tests/relevance/queries.tsv`) over the bundled corpus, through
//! the real binary's `eval --json`: tk-search beats the best stock tantivy configuration for Turkmen by a clear
//! margin, is no worse for Russian and English, and ASCII-typed Turkmen keeps at least 90% of the recall.
//! `cargo run --release -- eval tests/relevance/queries.tsv` prints the whole table.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

use serde_json::Value;

/// MAP@100 margin over the best stock system that counts as "clear" for Turkmen.
const CLEAR_MARGIN: f64 = 0.05;

#[test]
fn tk_search_beats_stock_tantivy_on_the_judged_queries() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new(env!("CARGO_BIN_EXE_tk-search"))
        .args([
            "eval",
            "tests/relevance/queries.tsv",
            "--corpus",
            "corpus",
            "--json",
        ])
        .current_dir(root)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let rows: Vec<&Value> = lines.iter().filter(|l| l.get("system").is_some()).collect();
    let map = |system: &str, lang: &str| -> f64 {
        rows.iter()
            .find(|r| r["system"] == system && r["lang"] == lang)
            .and_then(|r| r["map_100"].as_f64())
            .unwrap_or_else(|| panic!("no row for {system} {lang}: {stdout}"))
    };
    let queries = rows
        .iter()
        .find(|r| r["system"] == "tk-search" && r["lang"] == "all")
        .and_then(|r| r["queries"].as_u64())
        .unwrap();
    assert!(queries >= 60, "the judged set has {queries} queries");
    for lang in ["tk", "ru", "en"] {
        let ours = map("tk-search", lang);
        let (best, name) = rows
            .iter()
            .filter(|r| r["lang"] == lang && r["system"] != "tk-search")
            .map(|r| {
                (
                    r["map_100"].as_f64().unwrap(),
                    r["system"].as_str().unwrap(),
                )
            })
            .fold((f64::MIN, ""), |a, b| if b.0 > a.0 { b } else { a });
        assert!(!name.is_empty(), "no stock rows for {lang}: {stdout}");
        println!("{lang}: tk-search MAP@100 {ours:.3}, best stock ({name}) {best:.3}");
        let margin = if lang == "tk" { CLEAR_MARGIN } else { 0.0 };
        assert!(
            ours >= best + margin,
            "{lang}: {ours:.3} < {best:.3} + {margin}"
        );
    }
    let ratio = lines
        .iter()
        .find_map(|l| l.get("ascii_recall_ratio"))
        .and_then(Value::as_f64)
        .unwrap();
    println!("ASCII twins keep {:.1}% of the recall", ratio * 100.0);
    assert!(
        ratio >= 0.9,
        "ASCII-typed Turkmen keeps only {ratio:.3} of the recall"
    );
}
