//! ASCII-typed queries against Turkmen documents written with Turkmen letters. A Turkmen document's
//! folded fields keep only the words whose folded term differs from their Turkmen term folded, so these
//! queries find most of its words in its Turkmen fields, through the fold of their terms: a word, a
//! prefix, a typo and a glued compound each typed without Turkmen letters must still find it, and
//! documents of other and unknown language keep their folded fields whole.

use serde_json::json;

use super::util::{highlighted, id_set, ids, Sandbox};

const FILLER: &str = "Duşuşyga welaýatlardan köp adam gatnaşdy we çykyşlar diňlenildi.";

/// (id, lang or None for unknown, title, body)
fn sandbox(docs: &[(&str, Option<&str>, &str, &str)]) -> Sandbox {
    let sb = Sandbox::new();
    let lines: Vec<_> = docs
        .iter()
        .map(|(id, lang, title, body)| match lang {
            Some(l) => json!({"id": id, "title": title, "body": body, "lang": l}),
            None => json!({"id": id, "title": title, "body": body}),
        })
        .collect();
    sb.write_jsonl("news.jsonl", &lines);
    sb.index_docs();
    sb
}

fn news() -> Sandbox {
    sandbox(&[
        (
            "online",
            Some("tk"),
            "Habar",
            &format!("Kitaphanada Onlaýn-maslahatyna okyjylar gatnaşdylar. {FILLER}"),
        ),
        (
            "year",
            Some("tk"),
            "Täzelikler",
            &format!("Geçen ýylyň iň gowy kitaplary saýlandy. {FILLER}"),
        ),
        (
            "museum",
            Some("tk"),
            "Muzeý",
            &format!("Muzeýde gadymy golýazmalaryň sergisi açyldy. {FILLER}"),
        ),
    ])
}

#[test]
fn an_ascii_typed_word_finds_the_turkmen_spelling() {
    let sb = news();
    // `golýazmalaryň`: the Turkmen term folds to the folded one, so only the Turkmen field holds it.
    assert_eq!(ids(&sb.query(&["golyazmalaryn"])), ["museum"]);
    assert_eq!(ids(&sb.query(&["golyazma"])), ["museum"]);
    // `ýylyň`: an exception (Turkmen `ýyl`, folded `yyln`), kept in the folded field.
    assert_eq!(ids(&sb.query(&["yylyn"])), ["year"]);
    // `ýyl` typed in ASCII finds it through the Turkmen term's fold.
    assert_eq!(ids(&sb.query(&["yyl"])), ["year"]);
    // In the title too.
    assert_eq!(ids(&sb.query(&["title:muzey"])), ["museum"]);
    // The highlight lands on the word as written.
    let hits = sb.query(&["golyazmalaryn"]);
    assert_eq!(highlighted(&hits[0]), ["golýazmalaryň"]);
}

#[test]
fn an_ascii_typed_prefix_finds_the_turkmen_spelling() {
    let sb = news();
    assert_eq!(ids(&sb.query(&["golyaz*"])), ["museum"]);
    // `saýlandy` is `saýl` to the Turkmen stemmer.
    assert_eq!(ids(&sb.query(&["sayl*"])), ["year"]);
}

#[test]
fn an_ascii_typed_typo_finds_the_turkmen_spelling() {
    let sb = news();
    // `golýazmalaryň` typed in ASCII with two letters swapped, and with one missing.
    assert_eq!(ids(&sb.query(&["goylazmalaryn"])), ["museum"]);
    assert_eq!(ids(&sb.query(&["golazmalaryn"])), ["museum"]);
}

#[test]
fn ascii_typed_compounds_glued_spaced_and_hyphenated_find_the_turkmen_spelling() {
    let sb = news();
    for query in [
        "onlaynmaslahat",
        "onlayn maslahat",
        "onlayn-maslahat",
        "\"onlayn maslahat\"",
        "onlaýn-maslahat",
    ] {
        assert_eq!(ids(&sb.query(&[query])), ["online"], "{query}");
    }
}

#[test]
fn documents_of_other_and_unknown_language_keep_their_folded_matches() {
    let sb = sandbox(&[
        (
            "tk",
            Some("tk"),
            "Habar",
            &format!("Muzeýde gadymy golýazmalaryň sergisi açyldy. {FILLER}"),
        ),
        (
            "en",
            Some("en"),
            "Museum news",
            "The museum showed the golýazma manuscripts of the old library to visitors this week.",
        ),
        ("unknown", None, "Golýazma", "Golýazma golýazma golýazma."),
    ]);
    let expected = ["en", "tk", "unknown"].map(String::from).into();
    assert_eq!(id_set(&sb.query(&["golyazma"])), expected);
    assert_eq!(id_set(&sb.query(&["golýazma"])), expected);
}

#[test]
fn an_ascii_typed_word_ranks_a_title_match_above_body_matches() {
    let mut docs = vec![
        (
            "ascii".to_string(),
            "Habar".to_string(),
            format!("Kitaphanada golyazmalar barada gurrung edildi. {FILLER}"),
        ),
        (
            "title".to_string(),
            "Golýazmalar sergisi".to_string(),
            format!("Muzeýde gadymy golýazmalaryň sergisi açyldy. {FILLER}"),
        ),
    ];
    for i in 0..4 {
        docs.push((
            format!("other-{i}"),
            "Habar".to_string(),
            format!("Okyjylar täze golýazmalar bilen tanyşdylar {i}. {FILLER}"),
        ));
    }
    let refs: Vec<_> = docs
        .iter()
        .map(|(id, title, body)| (id.as_str(), Some("tk"), title.as_str(), body.as_str()))
        .collect();
    let sb = sandbox(&refs);
    let hits = ids(&sb.query(&["golyazmalar"]));
    assert_eq!(hits.len(), 6, "{hits:?}");
    // The document written in ASCII matches exactly (first); the title match comes next, above the
    // other Turkmen-letter documents.
    assert_eq!(hits[..2], ["ascii", "title"], "{hits:?}");
}

#[test]
fn a_compound_matches_with_one_part_in_each_field() {
    // `maslahatyn` is `maslahatn` to the Turkmen stemmer and `maslahat` to the folded one, so the folded
    // field keeps it, while `onlaýn` is in the Turkmen field alone: the parts must be found across both.
    let sb = sandbox(&[(
        "split",
        Some("tk"),
        "Habar",
        &format!("Okyjylar onlaýn bronlamak we maslahatyn barada gürrüň etdiler. {FILLER}"),
    )]);
    for query in ["onlaýn-maslahatyna", "onlayn-maslahat"] {
        assert_eq!(ids(&sb.query(&[query])), ["split"], "{query}");
    }
}
