//! `tk-search query` on small fixtures: the `--json` schema, exit statuses and the query syntax.

use serde_json::{json, Value};

use super::util::{check_hit, highlighted, hit, id_set, ids, Sandbox, HIT_KEYS};

/// A sandbox with a few indexed English documents about walruses, with and without dates.
fn walrus_sandbox() -> Sandbox {
    let sb = Sandbox::new();
    sb.write_jsonl(
        "news.jsonl",
        &[
            json!({"id": "w-2020", "title": "Walrus exhibition", "body": "A walrus exhibition opened in the tundra hall.", "lang": "en", "date": "2020-01-01"}),
            json!({"id": "w-2021", "title": "Walrus lecture", "body": "A lecture about the walrus and the desert fox.", "lang": "en", "date": "2021-06-15T10:00:00+05:00"}),
            json!({"id": "w-2022", "title": "Walrus film", "body": "The red lantern festival showed a walrus film.", "lang": "en", "date": "2022-12-31"}),
            json!({"id": "w-none", "title": "Walrus books", "body": "The lantern was red when the walrus books arrived.", "lang": "en"}),
        ],
    );
    let summary = sb.index_docs();
    assert_eq!(summary["documents"], 4, "{summary}");
    sb
}

#[test]
fn json_lines_follow_the_schema() {
    let sb = Sandbox::new();
    sb.write_jsonl(
        "news.jsonl",
        &[
            json!({
                "id": "full", "title": "Kitaphanada täze sergi", "lang": "tk",
                "body": "Türkmenistanyň Milli kitaphanasynda täze kitaplaryň sergisi açyldy. Sergide kitaplar köp.",
                "date": "2021-03-11T10:30:00+05:00", "url": "https://example.invalid/full", "source": "Habarlar"
            }),
            json!({
                "id": "bare", "lang": "ru",
                "body": "Национальная библиотека открыла выставку: книги, сергиси и kitaplar."
            }),
        ],
    );
    sb.index_docs();
    let out = sb.run(&["query", "--json", "kitaplar"]);
    assert_eq!(out.code, 0, "{out:#?}");
    let lines = out.json_lines();
    assert_eq!(lines.len(), 2, "{out:#?}");
    for (i, line) in lines.iter().enumerate() {
        check_hit(line, i + 1);
        let keys: Vec<&str> = line
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys.len(), HIT_KEYS.len(), "{line}");
    }
    let full = hit(&lines, "full");
    assert_eq!(full["title"], "Kitaphanada täze sergi");
    assert_eq!(full["lang"], "tk");
    assert_eq!(full["date"], "2021-03-11", "the calendar date as written");
    assert_eq!(full["url"], "https://example.invalid/full");
    assert_eq!(full["source"], "Habarlar");
    let bare = hit(&lines, "bare");
    assert_eq!(bare["title"], "");
    assert_eq!(bare["date"], Value::Null);
    assert_eq!(bare["url"], Value::Null);
    assert_eq!(bare["source"], Value::Null);
    // Highlights are byte ranges of multi-byte text; check_hit verified the boundaries, and here they
    // must cover the matched word.
    for line in &lines {
        let words = highlighted(line);
        assert!(
            words.iter().any(|w| w.to_lowercase().starts_with("kitap")),
            "no highlight of the query word: {words:?} in {line}"
        );
    }
    // Scores are in rank order.
    assert!(lines[0]["score"].as_f64() >= lines[1]["score"].as_f64());
}

#[test]
fn query_with_hits_exits_0() {
    let sb = walrus_sandbox();
    let out = sb.run(&["query", "walrus"]);
    assert_eq!(out.code, 0, "{out:#?}");
    assert!(out.stdout.contains("w-2020"), "{out:#?}");
}

#[test]
fn query_without_hits_exits_1() {
    let sb = walrus_sandbox();
    let out = sb.run(&["query", "--json", "pterodactyl"]);
    assert_eq!(out.code, 1, "{out:#?}");
    assert!(out.stdout.trim().is_empty(), "{out:#?}");
}

#[test]
fn query_without_an_index_exits_2() {
    let sb = Sandbox::new();
    let out = sb.run(&["query", "walrus"]);
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(!out.stderr.trim().is_empty(), "no message: {out:#?}");
    assert!(out.stderr.contains("index"), "{out:#?}");
    assert!(out.stdout.is_empty(), "{out:#?}");
    assert!(
        !sb.index_path().join("meta.json").exists(),
        "a query must not create an index"
    );
}

#[test]
fn query_with_a_bad_date_exits_2() {
    let sb = walrus_sandbox();
    let out = sb.run(&["query", "--from", "15.06.2021", "walrus"]);
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(out.stderr.contains("--from"), "{out:#?}");
}

#[test]
fn lang_filter_in_query_and_option() {
    let sb = Sandbox::new();
    sb.write_jsonl(
        "news.jsonl",
        &[
            json!({"id": "z-tk", "body": "Kitaphanada Zorbex sergisi açyldy.", "lang": "tk"}),
            json!({"id": "z-ru", "body": "В библиотеке открылась выставка Zorbex.", "lang": "ru"}),
            json!({"id": "z-en", "body": "The library opened the Zorbex exhibition.", "lang": "en"}),
        ],
    );
    sb.index_docs();
    assert_eq!(sb.query(&["zorbex"]).len(), 3);
    let by_syntax = sb.query(&["lang:ru zorbex"]);
    assert_eq!(ids(&by_syntax), ["z-ru"]);
    assert_eq!(by_syntax[0]["lang"], "ru");
    assert_eq!(ids(&sb.query(&["--lang", "ru", "zorbex"])), ["z-ru"]);
    assert_eq!(ids(&sb.query(&["--lang", "en", "zorbex"])), ["z-en"]);
    assert_eq!(ids(&sb.query(&["zorbex lang:tk"])), ["z-tk"]);
}

#[test]
fn minus_word_excludes_documents() {
    let sb = walrus_sandbox();
    let all = id_set(&sb.query(&["walrus"]));
    assert!(all.contains("w-2021"));
    let hits = sb.query(&["walrus -desert"]);
    let rest = id_set(&hits);
    assert!(!rest.contains("w-2021"), "{rest:?}");
    assert_eq!(rest.len(), all.len() - 1, "{rest:?}");
    // Excluding a title word works too.
    assert!(!id_set(&sb.query(&["walrus -film"])).contains("w-2022"));
}

#[test]
fn quoted_phrase_needs_the_words_together() {
    let sb = walrus_sandbox();
    // Both documents have both words…
    assert_eq!(
        id_set(&sb.query(&["red lantern"])),
        ["w-2022", "w-none"].map(String::from).into()
    );
    // …but only one has them side by side, in this order.
    assert_eq!(ids(&sb.query(&["\"red lantern\""])), ["w-2022"]);
    assert!(sb.query(&["\"lantern red\""]).is_empty());
}

#[test]
fn prefix_matches_words_starting_with_it() {
    let sb = Sandbox::new();
    sb.write_jsonl(
        "news.jsonl",
        &[
            json!({"id": "p-1", "body": "Kitaphanada onlaýn-maslahaty geçirildi.", "lang": "tk"}),
            json!({"id": "p-2", "body": "Okyjylar maslahatlara gatnaşdylar.", "lang": "tk"}),
            json!({"id": "p-3", "body": "Kitaphanada täze sergi açyldy.", "lang": "tk"}),
        ],
    );
    sb.index_docs();
    assert_eq!(
        id_set(&sb.query(&["maslah*"])),
        ["p-1", "p-2"].map(String::from).into()
    );
}

#[test]
fn sort_by_date_puts_newest_first_and_undated_last() {
    let sb = walrus_sandbox();
    let hits = sb.query(&["--sort", "date", "walrus"]);
    assert_eq!(ids(&hits), ["w-2022", "w-2021", "w-2020", "w-none"]);
}

#[test]
fn from_and_to_filter_by_date_inclusively() {
    let sb = walrus_sandbox();
    let hits = sb.query(&["--from", "2021-06-15", "--to", "2022-12-31", "walrus"]);
    assert_eq!(id_set(&hits), ["w-2021", "w-2022"].map(String::from).into());
    let hits = sb.query(&["--to", "2020-12-31", "walrus"]);
    assert_eq!(ids(&hits), ["w-2020"]);
    let hits = sb.query(&["--from", "2023-01-01", "walrus"]);
    assert!(hits.is_empty(), "{hits:#?}");
}

#[test]
fn unbalanced_quote_warns_but_does_not_fail() {
    let sb = walrus_sandbox();
    for q in ["\"red lantern", "walrus \"tundra"] {
        let out = sb.run(&["query", "--json", q]);
        assert!(out.code == 0 || out.code == 1, "{q:?}: {out:#?}");
        assert!(out.stderr.contains("warning"), "{q:?}: {out:#?}");
        assert!(out.stderr.contains("quote"), "{q:?}: {out:#?}");
        for (i, line) in out.json_lines().iter().enumerate() {
            check_hit(line, i + 1);
        }
    }
}

#[test]
fn compound_across_a_snippet_boundary_does_not_crash() {
    // The compound's first part ends just inside the first 260-byte passage and its second part just
    // outside it, so the best passage starts in the middle of the compound.
    let sb = Sandbox::new();
    let ru = format!("{}и и онлайн-конференции прошла.", "книга ".repeat(22));
    let tk = format!("{}onlaýn-maslahat geçirildi.", "kitap ".repeat(41));
    sb.write_jsonl(
        "news.jsonl",
        &[
            json!({"id": "ru-boundary", "body": ru, "lang": "ru"}),
            json!({"id": "tk-boundary", "body": tk, "lang": "tk"}),
        ],
    );
    sb.index_docs();
    // `query` checks the exit status and that every highlight lies inside its snippet.
    assert_eq!(ids(&sb.query(&["онлайн-конференции"])), ["ru-boundary"]);
    assert_eq!(ids(&sb.query(&["onlaýn-maslahat"])), ["tk-boundary"]);
}

/// The library says what is wrong; the tool says what to do about it.
#[test]
fn a_missing_index_is_an_error_with_a_hint() {
    let sb = Sandbox::new();
    let out = sb.run(&["query", "walrus"]);
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(out.stdout.is_empty(), "{out:#?}");
    assert!(out.stderr.contains("no index at"), "{out:#?}");
    assert!(
        out.stderr.contains("run `tk-search index DIR` first"),
        "{out:#?}"
    );
}
