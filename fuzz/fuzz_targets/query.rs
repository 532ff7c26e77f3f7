//! Runs arbitrary bytes (read as UTF-8, lossily) as a query over a small in-memory index built once:
//! parsing and searching may not panic, the search may not fail, and the hits must be well formed.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tk_search_core::{Article, SearchIndex, SearchRequest, Sort};

const DOCS: &[(&str, &str, &str, Option<&str>)] = &[
    (
        "tk-1",
        "Onlaýn-maslahat",
        "Türkmenistanyň Milli kitaphanasynda onlaýn-maslahaty geçirildi. Okyjylar kitaplaryň sergisine gatnaşdylar. ABŞ-da 2021-nji ýylda.",
        Some("tk"),
    ),
    (
        "ru-1",
        "Выставка книг",
        "Национальная библиотека открыла выставку новых книг для читателей. Учёные ё-моё 2024.",
        Some("ru"),
    ),
    (
        "en-1",
        "Library news",
        "The National Library held an online conference for librarians and readers at https://example.org/news?id=1.",
        Some("en"),
    ),
    ("unknown-1", "", "2024 12 345 67890 — ١٢٣ שלום مرحبا 👩‍👩‍👧 e\u{301}", None),
];

fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let index = SearchIndex::in_memory().expect("in-memory index");
        let mut writer = index.writer(50_000_000).expect("writer");
        for &(id, title, body, lang) in DOCS {
            writer
                .add(&Article {
                    id: Some(id.into()),
                    title: Some(title.into()),
                    body: body.into(),
                    lang: lang.map(Into::into),
                    source: Some("fuzz".into()),
                    ..Article::default()
                })
                .expect("add");
        }
        writer.commit().expect("commit");
        index
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let index = index();
    for sort in [Sort::Relevance, Sort::Date] {
        let mut request = SearchRequest::new(text.as_ref());
        request.sort = sort;
        let results = index.search(&request).expect("search failed");
        assert!(results.hits.len() <= request.limit);
        assert!(results.hits.len() <= results.total);
        for hit in &results.hits {
            let snippet = &hit.snippet;
            let mut previous_end = 0;
            for range in &snippet.highlights {
                assert!(range.start >= previous_end && range.start < range.end);
                assert!(range.end <= snippet.text.len());
                assert!(snippet.text.is_char_boundary(range.start));
                assert!(snippet.text.is_char_boundary(range.end));
                previous_end = range.end;
            }
        }
    }
});
