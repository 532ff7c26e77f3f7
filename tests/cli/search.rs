//! Search quality with the real binary on small fixtures: ranking order, typo tolerance, operators,
//! highlighting through stems and folding, colour, `--explain`, partial-match fallback, `eval`.

use serde_json::json;

use super::util::{highlighted, ids, Sandbox};

/// A sandbox with the given (id, title, body) Turkmen documents indexed.
fn turkmen(docs: &[(&str, &str, &str)]) -> Sandbox {
    let sb = Sandbox::new();
    let lines: Vec<_> = docs
        .iter()
        .map(|(id, title, body)| json!({"id": id, "title": title, "body": body, "lang": "tk"}))
        .collect();
    sb.write_jsonl("news.jsonl", &lines);
    sb.index_docs();
    sb
}

const FILLER: &str = "Duşuşyga welaýatlardan köp adam gatnaşdy we çykyşlar diňlenildi.";

#[test]
fn exact_letters_rank_above_ascii_folded_matches() {
    let sb = turkmen(&[
        (
            "ascii",
            "Habar",
            &format!("Ýygnakda yas okyjylar çykyş etdiler. {FILLER}"),
        ),
        (
            "exact",
            "Habar",
            &format!("Ýygnakda ýaş okyjylar çykyş etdiler. {FILLER}"),
        ),
    ]);
    let hits = sb.query(&["ýaş"]);
    assert_eq!(ids(&hits), ["exact", "ascii"], "both found, exact first");
    let hits = sb.query(&["yas"]);
    assert_eq!(hits.len(), 2, "the ASCII query finds both");
}

#[test]
fn title_matches_rank_above_body_matches() {
    let sb = turkmen(&[
        (
            "body",
            "Täze habar",
            &format!("Muzeýde gadymy golýazma görkezildi. {FILLER}"),
        ),
        (
            "title",
            "Gadymy golýazma",
            &format!("Muzeýde täze sergi görkezildi. {FILLER}"),
        ),
    ]);
    assert_eq!(ids(&sb.query(&["golýazmalar"])), ["title", "body"]);
}

#[test]
fn words_together_rank_above_scattered_words() {
    let sb = turkmen(&[
        (
            "scattered",
            "Habar",
            &format!("Maslahat soňunda onlaýn ýazgy goýuldy. {FILLER}"),
        ),
        (
            "together",
            "Habar",
            &format!("Soňunda onlaýn maslahat ýazgy goýuldy. {FILLER}"),
        ),
    ]);
    assert_eq!(
        ids(&sb.query(&["onlaýn maslahat"])),
        ["together", "scattered"]
    );
    assert_eq!(ids(&sb.query(&["\"onlaýn maslahat\""])), ["together"]);
}

#[test]
fn misspelt_longer_words_still_find_their_documents() {
    let sb = turkmen(&[
        (
            "maslahat",
            "Habar",
            &format!("Kitaphanada maslahat geçirildi. {FILLER}"),
        ),
        (
            "sergi",
            "Habar",
            &format!("Kitaphanada sergi açyldy. {FILLER}"),
        ),
    ]);
    // One edit left in an 8-letter stem; two in a longer one.
    assert_eq!(ids(&sb.query(&["maslhatyna"])), ["maslahat"]);
    assert_eq!(ids(&sb.query(&["kitaphanasnda"])).len(), 2);
    // A word the index knows is matched exactly, without near-misses: "sergi" does not bring "serg…" typos.
    assert_eq!(ids(&sb.query(&["maslahat"])), ["maslahat"]);
    // Short words get no typo tolerance.
    let out = sb.run(&["query", "--json", "kitp"]);
    assert_eq!(out.code, 1, "{out:#?}");
}

#[test]
fn fuzzy_matches_rank_below_exact_ones() {
    // "maslhat" is unknown to this index only as a query; the exact document must come first when both a
    // correctly spelt and a misspelt word of the query match.
    let sb = turkmen(&[
        (
            "both",
            "Habar",
            &format!("Kitaphanada maslahat we sergi boldy. {FILLER}"),
        ),
        (
            "fuzzy",
            "Habar",
            &format!("Kitaphanada maslahaty boldy. {FILLER}"),
        ),
    ]);
    let hits = ids(&sb.query(&["maslhat OR sergi"]));
    assert_eq!(hits.first().map(String::as_str), Some("both"), "{hits:?}");
    assert!(hits.contains(&"fuzzy".to_string()), "{hits:?}");
}

#[test]
fn highlights_follow_stems_and_folding_on_multibyte_text() {
    let sb = turkmen(&[(
        "a",
        "Habar",
        &format!("Okyjylar täze kitaby we kitaplaryň sanawyny gördüler. {FILLER}"),
    )]);
    let hits = sb.query(&["kitap"]);
    let marked = highlighted(&hits[0]);
    assert!(marked.contains(&"kitaby".to_string()), "{marked:?}");
    assert!(marked.contains(&"kitaplaryň".to_string()), "{marked:?}");
    let hits = sb.query(&["kitaplaryn"]);
    assert!(highlighted(&hits[0]).contains(&"kitaplaryň".to_string()));
}

#[test]
fn or_title_and_source_operators() {
    let sb = Sandbox::new();
    sb.write_jsonl(
        "news.jsonl",
        &[
            json!({"id": "w", "title": "Walrus", "body": "A walrus visited the library reading room.", "source": "Press Office"}),
            json!({"id": "p", "title": "Library news", "body": "A penguin visited the library reading room.", "source": "News Desk"}),
        ],
    );
    sb.index_docs();
    assert_eq!(sb.query(&["walrus OR penguin"]).len(), 2);
    assert_eq!(ids(&sb.query(&["title:walrus"])), ["w"]);
    let out = sb.run(&["query", "--json", "title:penguin"]);
    assert_eq!(out.code, 1, "penguin is only in a body: {out:#?}");
    assert_eq!(ids(&sb.query(&["library source:press"])), ["w"]);
    assert_eq!(ids(&sb.query(&["library -walrus"])), ["p"]);
}

#[test]
fn no_full_match_falls_back_to_partial_matches_and_says_so() {
    let sb = turkmen(&[("a", "Habar", &format!("Kitaphanada sergi açyldy. {FILLER}"))]);
    let out = sb.run(&["query", "--json", "sergi zzqqxx"]);
    assert_eq!(out.code, 0, "{out:#?}");
    assert_eq!(out.json_lines().len(), 1);
    assert!(out.stderr.contains("partial"), "{}", out.stderr);
}

#[test]
fn function_words_are_not_required() {
    let sb = Sandbox::new();
    sb.write_jsonl(
        "news.jsonl",
        &[json!({"id": "r", "lang": "ru", "title": "Новости", "body": "Сотрудничество библиотек Азии расширяется."})],
    );
    sb.index_docs();
    assert_eq!(ids(&sb.query(&["сотрудничество с библиотеками"])), ["r"]);
}

#[test]
fn raw_text_never_fails_to_parse() {
    let sb = turkmen(&[(
        "a",
        "ABŞ-nyň kitaphanalary",
        &format!("ABŞ-da kitaphanalar barada. {FILLER}"),
    )]);
    for query in [
        "ABŞ-da",
        "\"ABŞ",
        "kitap:",
        "- ABŞ",
        "https://example.tm/a?b=c",
        "((",
        "title:",
    ] {
        let out = sb.run(&["query", "--json", query]);
        assert!(out.code == 0 || out.code == 1, "{query:?}: {out:#?}");
    }
    assert_eq!(ids(&sb.query(&["ABŞ-da"])), ["a"]);
    // A query may start with `-`, and options may follow it.
    let out = sb.run(&["query", "-kitaphanalar ABŞ", "--json"]);
    assert_eq!(out.code, 1, "the only document is excluded: {out:#?}");
    assert!(
        out.stderr.is_empty() || !out.stderr.contains("error"),
        "{out:#?}"
    );
}

#[test]
fn cyrillic_turkmen_meets_latin_queries() {
    let sb = Sandbox::new();
    sb.write(
        "kone.txt",
        "Китапхана хабарлары\n\nТүркменистаның Милли китапханасында тәзе сергә ачылды.\n",
    );
    sb.index_docs();
    let hits = sb.query(&["kitaphanasynda"]);
    assert_eq!(ids(&hits), ["kone.txt"]);
    assert_eq!(hits[0]["lang"], "tk");
}

#[test]
fn colour_follows_the_color_option() {
    let sb = turkmen(&[("a", "Habar", &format!("Kitaphanada sergi açyldy. {FILLER}"))]);
    let always = sb.run(&["query", "--color", "always", "sergi"]);
    assert!(always.stdout.contains("\x1b["), "{always:#?}");
    for mode in ["never", "auto"] {
        // Standard output is a pipe here, so auto means no colour.
        let out = sb.run(&["query", "--color", mode, "sergi"]);
        assert!(!out.stdout.contains('\x1b'), "{mode}: {out:#?}");
        assert!(out.stdout.contains("[sergi]"), "{mode}: {out:#?}");
    }
}

#[test]
fn explain_lists_the_fields_and_terms_that_matched() {
    let sb = turkmen(&[("a", "Sergi", &format!("Kitaphanada sergi açyldy. {FILLER}"))]);
    let out = sb.run(&["query", "--json", "--explain", "sergisi"]);
    assert_eq!(out.code, 0, "{out:#?}");
    let hit = &out.json_lines()[0];
    let parts = hit["explain"].as_array().unwrap();
    let fields: Vec<&str> = parts.iter().map(|p| p["field"].as_str().unwrap()).collect();
    assert!(
        fields.contains(&"title_tk") && fields.contains(&"body_tk"),
        "{fields:?}"
    );
    let total: f64 = parts.iter().map(|p| p["score"].as_f64().unwrap()).sum();
    let score = hit["score"].as_f64().unwrap();
    assert!(
        (total - score).abs() < 0.01 * score,
        "parts {total} vs score {score}"
    );
    let human = sb.run(&["query", "--explain", "sergisi"]);
    assert!(human.stdout.contains("title_tk:"), "{human:#?}");
}

#[test]
fn eval_prints_metrics_beside_stock_tantivy() {
    let sb = turkmen(&[
        (
            "a",
            "Kitap sergisi",
            &format!("Kitaphanada täze kitaplaryň sergisi açyldy. {FILLER}"),
        ),
        (
            "b",
            "Onlaýn-maslahat",
            &format!("Kitaphanaçylaryň onlaýn-maslahaty geçirildi. {FILLER}"),
        ),
    ]);
    sb.write("../queries.tsv", "qid\tquery\trelevant\ntk-q1\tkitaplar\ta\ntk-q2\tonlaýn maslahat\tb\ntk-q2a\tonlayn maslahat\tb\n");
    let queries = sb.path().join("queries.tsv");
    let out = sb.run(&[
        "eval",
        queries.to_str().unwrap(),
        "--corpus",
        sb.docs().to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(out.code, 0, "{out:#?}");
    let rows = out.json_lines();
    let ours = rows
        .iter()
        .find(|r| r["system"] == "tk-search" && r["lang"] == "tk")
        .unwrap();
    assert_eq!(ours["queries"], 3);
    assert_eq!(ours["map_100"], 1.0, "{ours}");
    assert!(rows
        .iter()
        .any(|r| r["system"].as_str().unwrap().starts_with("stock")));
    assert!(rows.iter().any(|r| r.get("ascii_recall_ratio").is_some()));
}

#[test]
fn the_exact_form_ranks_above_another_form_of_the_same_stem() {
    let sb = turkmen(&[
        (
            "stem",
            "Habar",
            &format!("Kitaphanada täze kitaplar görkezildi. {FILLER}"),
        ),
        (
            "exact",
            "Habar",
            &format!("Kitaphanada täze kitaby görkezildi. {FILLER}"),
        ),
    ]);
    assert_eq!(ids(&sb.query(&["kitaby"])), ["exact", "stem"]);
    assert_eq!(ids(&sb.query(&["kitaplar"])), ["stem", "exact"]);
}
