//! Index a folder into a temporary index and run a query against it.
//!
//! `cargo run -p tk-search-core --example search_folder -- ../../corpus "onlaýn-maslahat"`
#![allow(clippy::unwrap_used, clippy::expect_used)]

use tk_search_core::{ingest, SearchIndex, SearchRequest};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let folder = args.next().unwrap_or_else(|| "corpus".into());
    let query = args.next().unwrap_or_else(|| "onlaýn-maslahat".into());
    let dir = tempfile::tempdir()?;
    let index = SearchIndex::open_or_create(&dir.path().join("index"))?;
    let summary = ingest::index_path(&index, folder.as_ref(), &Default::default(), &mut |event| {
        if let ingest::Event::Problem(p) = event {
            eprintln!("{p}");
        }
    })?;
    println!(
        "indexed {} documents {:?}",
        summary.documents(),
        summary.per_lang
    );
    let results = index.search(&SearchRequest::new(query))?;
    for (rank, hit) in results.hits.iter().enumerate() {
        println!("{:>2}. {} [{} {}]", rank + 1, hit.title, hit.lang, hit.id);
        println!("    {}", hit.snippet.marked("[", "]"));
    }
    Ok(())
}
