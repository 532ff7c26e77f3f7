//! What a reader sees (issue 16): phrases across spellings, empty results that say so, typo corrections
//! that prefer the meant word, `--explain` for phrases and typos, readable snippets, one copy per
//! document, and scores under `--sort date`.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use super::util::{highlighted, id_set, ids, Sandbox};

/// A sandbox with the given (id, title, body) documents indexed (language detected).
fn sandbox(docs: &[(&str, &str, &str)]) -> Sandbox {
    let sb = Sandbox::new();
    let lines: Vec<Value> = docs
        .iter()
        .map(|(id, title, body)| json!({"id": id, "title": title, "body": body}))
        .collect();
    sb.write_jsonl("news.jsonl", &lines);
    sb.index_docs();
    sb
}

const FILLER: &str = "Duşuşyga welaýatlardan köp adam gatnaşdy we çykyşlar diňlenildi.";

/// One compound written five ways, and a document with the words apart.
fn compounds() -> Sandbox {
    sandbox(&[
        (
            "spaced",
            "Habar",
            &format!("Kitaphanada onlaýn maslahat geçirildi. {FILLER}"),
        ),
        (
            "hyphen",
            "Habar",
            &format!("Kitaphanada onlaýn-maslahaty geçirildi. {FILLER}"),
        ),
        (
            "glued",
            "Habar",
            &format!("Kitaphanada onlaýnmaslahat geçirildi. {FILLER}"),
        ),
        (
            "ascii",
            "Habar",
            &format!("Kitaphanada onlayn maslahat gecirildi. {FILLER}"),
        ),
        (
            "inflected",
            "Habar",
            &format!("Okyjylar onlaýn maslahatyna gatnaşdylar. {FILLER}"),
        ),
        (
            "apart",
            "Habar",
            &format!("Onlaýn hyzmatlar barada maslahat berildi. {FILLER}"),
        ),
    ])
}

#[test]
fn a_phrase_finds_the_same_documents_with_or_without_turkmen_letters() {
    let sb = compounds();
    let expected: BTreeSet<String> = ["spaced", "hyphen", "glued", "ascii", "inflected"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for query in [
        "\"onlaýn maslahat\"",
        "\"onlayn maslahat\"",
        "\"Onlaýn maslahat\"",
        "\"ONLAYN MASLAHAT\"",
    ] {
        assert_eq!(id_set(&sb.query(&[query])), expected, "{query}");
    }
    // Unquoted, the words may stand apart, and they also match glued.
    let mut apart = expected.clone();
    apart.insert("apart".to_string());
    for query in ["onlayn maslahat", "onlaýn maslahat"] {
        assert_eq!(id_set(&sb.query(&[query])), apart, "{query}");
    }
    // Mixed: one word with its Turkmen letter, the other typed in ASCII.
    let sb = sandbox(&[
        (
            "letters",
            "Habar",
            &format!("Ýaş okyjylar üçin sergi açyldy. {FILLER}"),
        ),
        (
            "ascii",
            "Habar",
            &format!("Yas okyjylar ucin sergi acyldy. {FILLER}"),
        ),
        (
            "apart",
            "Habar",
            &format!("Okyjylar ýaş kitapçylar bilen duşuşdy. {FILLER}"),
        ),
    ]);
    for query in [
        "\"ýaş okyjylar\"",
        "\"yas okyjylar\"",
        "\"ýas okyjylar\"",
        "\"yaş okyjylar\"",
    ] {
        assert_eq!(
            id_set(&sb.query(&[query])),
            ["ascii", "letters"].iter().map(|s| s.to_string()).collect(),
            "{query}"
        );
    }
}

#[test]
fn exact_letters_still_rank_first_in_a_phrase() {
    let sb = compounds();
    let hits = sb.query(&["\"onlaýn maslahat\""]);
    let rank = |id: &str| ids(&hits).iter().position(|h| h == id).unwrap();
    assert!(rank("spaced") < rank("ascii"), "{:?}", ids(&hits));
    let hits = sb.query(&["\"onlayn maslahat\""]);
    let rank = |id: &str| ids(&hits).iter().position(|h| h == id).unwrap();
    assert!(rank("ascii") < rank("spaced"), "{:?}", ids(&hits));
}

#[test]
fn words_standing_together_outrank_one_of_them_in_a_title() {
    // `ýaşlardyr` (they are young people) shares the stem of `ýaş`, and the title holds `okyjylar`: both
    // words match, but only the other article speaks of young readers.
    let sb = sandbox(&[
        (
            "scattered",
            "Okyjylar bäsleşigi geçirildi",
            &format!("Bäsleşige gatnaşanlaryň köpüsi ýaşlardyr. {FILLER}"),
        ),
        (
            "together",
            "Kitaphanada täze sergi",
            &format!("Sergi ýaş okyjylar üçin guraldy. {FILLER}"),
        ),
        (
            "other",
            "Habar",
            &format!("Kitaphanada onlaýn maslahat geçirildi. {FILLER}"),
        ),
    ]);
    let hits = sb.query(&["ýaş okyjylar"]);
    assert_eq!(ids(&hits), ["together", "scattered"]);
    // Typed in ASCII both still match; the phrase bonus of unquoted words is looked for as analysed only
    // (README: Relevance), so the order there is not asserted.
    assert_eq!(ids(&sb.query(&["yas okyjylar"])).len(), 2);
}

#[test]
fn a_glued_compound_matches_its_spaced_and_hyphenated_forms_in_ascii_too() {
    let sb = compounds();
    let expected: BTreeSet<String> = ["spaced", "hyphen", "glued", "ascii", "inflected"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for query in ["onlaynmaslahat", "onlaýnmaslahat", "\"onlaynmaslahat\""] {
        assert_eq!(id_set(&sb.query(&[query])), expected, "{query}");
    }
}

#[test]
fn the_highlight_lands_on_the_words_that_matched() {
    let sb = compounds();
    let hits = sb.query(&["\"onlayn maslahat\""]);
    let of = |id: &str| {
        let hit = hits.iter().find(|h| h["id"] == id).unwrap();
        highlighted(hit)
    };
    assert_eq!(of("glued"), ["onlaýnmaslahat"]);
    assert_eq!(of("spaced"), ["onlaýn", "maslahat"]);
    assert_eq!(of("ascii"), ["onlayn", "maslahat"]);
}

#[test]
fn an_empty_result_says_so_with_the_analysed_query_and_a_suggestion() {
    let sb = sandbox(&[
        (
            "tk-1",
            "Maslahat",
            &format!("Kitaphanada onlaýn maslahat geçirildi. {FILLER}"),
        ),
        (
            "en-1",
            "Library news",
            "The National Library opened a new reading room for young readers this week.",
        ),
    ]);
    let out = sb.run(&["query", "xyzzy"]);
    assert_eq!(out.code, 1, "{out:#?}");
    assert!(out.stdout.is_empty(), "{out:#?}");
    assert!(
        out.stderr.contains("no documents match \"xyzzy\""),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("searched as: xyzzy → "),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("did you mean"), "{}", out.stderr);
    // Two edits: too far to search by, close enough to suggest.
    let out = sb.run(&["query", "masalhta"]);
    assert_eq!(out.code, 1, "{out:#?}");
    assert!(out.stdout.is_empty(), "{out:#?}");
    assert!(
        out.stderr.contains("did you mean \"maslahat\"?"),
        "{}",
        out.stderr
    );
    // A filter that rules out every match is named.
    let out = sb.run(&["query", "--lang", "ru", "library"]);
    assert_eq!(out.code, 1, "{out:#?}");
    assert!(
        out.stderr.contains("only documents with language ru"),
        "{}",
        out.stderr
    );
    // --json prints no hit lines, and the message is on standard error all the same.
    let out = sb.run(&["query", "--json", "xyzzy"]);
    assert_eq!((out.code, out.stdout.as_str()), (1, ""), "{out:#?}");
    assert!(out.stderr.contains("no documents match"), "{}", out.stderr);
}

#[test]
fn typo_corrections_prefer_the_word_that_was_meant() {
    let mut docs: Vec<(String, String, String)> = (0..6)
        .map(|i| {
            (
                format!("kitap-{i}"),
                "Kitap".to_string(),
                format!(
                    "Täze kitap okyjylara hödürlendi. Kitap sergisi {i} gün dowam etdi. {FILLER}"
                ),
            )
        })
        .collect();
    docs.push((
        "kitaphana".into(),
        "Habar".into(),
        format!("Milli kitaphanada okalyş zaly açyldy. {FILLER}"),
    ));
    docs.push((
        "library".into(),
        "News".into(),
        "The National Library opened a new reading room for young readers this week.".into(),
    ));
    docs.push((
        "maslahat".into(),
        "Habar".into(),
        format!("Okyjylar bilen maslahat geçirildi. {FILLER}"),
    ));
    let refs: Vec<(&str, &str, &str)> = docs
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    let sb = sandbox(&refs);
    // A longer word of the family outranks the more common short word within reach.
    let hits = sb.query(&["kitaphanlar"]);
    assert_eq!(
        ids(&hits).first().map(String::as_str),
        Some("kitaphana"),
        "{:?}",
        ids(&hits)
    );
    // Two letters swapped count as one edit.
    assert_eq!(ids(&sb.query(&["librray"])), ["library"]);
    assert_eq!(ids(&sb.query(&["maslahta"])), ["maslahat"]);
}

#[test]
fn a_correction_in_a_title_ranks_first_and_title_words_are_corrected_from_titles() {
    let sb = sandbox(&[
        (
            "in-body",
            "Habar",
            &format!("Okyjylar bilen maslahat geçirildi. {FILLER}"),
        ),
        (
            "in-title",
            "Maslahat geçirildi",
            &format!("Okyjylar bilen maslahat geçirildi. {FILLER}"),
        ),
        ("title-only", "Gurultaý", &format!("Habar. {FILLER}")),
    ]);
    // A title's typo corrections are its body's that the title holds: the title match still counts.
    assert_eq!(ids(&sb.query(&["maslahta"])), ["in-title", "in-body"]);
    let out = sb.run(&["query", "--json", "--explain", "maslahta"]);
    assert_eq!(out.code, 0, "{out:#?}");
    let fuzzy_fields = |id: &str| -> Vec<String> {
        let hits = out.json_lines();
        let hit = hits
            .iter()
            .find(|h| h["id"] == id)
            .expect("the document matched");
        hit["explain"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| p["kind"] == "fuzzy" && p["term"] == "maslahat")
            .filter_map(|p| p["field"].as_str().map(String::from))
            .collect()
    };
    assert_eq!(fuzzy_fields("in-title"), ["title_tk", "body_tk"]);
    assert_eq!(fuzzy_fields("in-body"), ["body_tk"]);
    // A `title:` word walks the title fields themselves, so a word only a title holds is found.
    assert_eq!(ids(&sb.query(&["title:gurultaýý"])), ["title-only"]);
}

#[test]
fn explain_lists_phrase_and_typo_contributions() {
    let sb = compounds();
    let explained = |query: &str| {
        let out = sb.run(&["query", "--json", "--explain", query]);
        assert_eq!(out.code, 0, "{out:#?}");
        out.json_lines()
    };
    let hits = explained("\"onlaýn maslahat\"");
    let spaced = hits.iter().find(|h| h["id"] == "spaced").unwrap();
    let parts = spaced["explain"].as_array().unwrap();
    assert!(
        parts.iter().any(|p| p["kind"] == "phrase"
            && p["field"] == "body_tk"
            && p["term"] == "onlaýn maslahat"
            && p["score"].as_f64().is_some_and(|s| s > 0.0)),
        "{parts:?}"
    );
    let hits = explained("maslahta");
    assert!(!hits.is_empty());
    for hit in &hits {
        let parts = hit["explain"].as_array().unwrap();
        assert!(
            parts
                .iter()
                .any(|p| p["kind"] == "fuzzy" && p["term"] == "maslahat"),
            "{parts:?}"
        );
    }
    // The human form shows them too.
    let out = sb.run(&[
        "query",
        "--explain",
        "--color",
        "never",
        "\"onlaýn maslahat\"",
    ]);
    assert!(
        out.stdout.contains("phrase body_tk:onlaýn maslahat"),
        "{}",
        out.stdout
    );
}

#[test]
fn snippets_are_whole_sentences_marked_where_cut_and_measured_in_characters() {
    let long_tk =
        "Okyjylar üçin täze hyzmatlar hödürlendi we olar barada giňişleýin gürrüň berildi";
    let long_ru = "Читателям были представлены новые услуги и о них подробно рассказали сотрудники";
    let sb = sandbox(&[
        (
            "tk-1",
            "Sergi",
            &format!(
                "{long_tk}, {long_tk}, {long_tk}.\n\nMilli kitaphanada täze sergi açyldy. Sergide golýazmalar görkezildi.\n\n{long_tk}, {long_tk}, {long_tk}."
            ),
        ),
        (
            "ru-1",
            "Выставка",
            &format!("{long_ru}, {long_ru}, выставка, {long_ru}, {long_ru}, {long_ru}, {long_ru}."),
        ),
    ]);
    let hits = sb.query(&["sergi"]);
    let snippet = hits[0]["snippet"].as_str().unwrap();
    assert!(!snippet.contains('\n'), "{snippet:?}");
    assert!(!snippet.contains("  "), "{snippet:?}");
    assert!(
        snippet.starts_with("Milli kitaphanada"),
        "starts at the sentence: {snippet:?}"
    );
    assert!(
        snippet.contains("görkezildi."),
        "the full stop is kept: {snippet:?}"
    );
    let ru = sb.query(&["выставка"]);
    let snippet = ru[0]["snippet"].as_str().unwrap();
    assert!(
        snippet.ends_with('…'),
        "cut inside the sentence: {snippet:?}"
    );
    let shown = snippet.trim_matches('…').chars().count();
    assert!(
        (200..=240).contains(&shown),
        "{shown} characters: {snippet:?}"
    );
    assert!(highlighted(&ru[0]).contains(&"выставка".to_string()));
}

#[test]
fn a_document_is_indexed_once_whether_its_file_or_its_folder_comes_first() {
    let body = format!("Halkara hyzmatdaşlyk barada maslahat geçirildi. {FILLER}");
    for file_first in [true, false] {
        let sb = Sandbox::new();
        let file = sb.write(
            "tk/plain/halkara.txt",
            &format!("Halkara hyzmatdaşlyk\n\n{body}"),
        );
        sb.write(
            "tk/plain/beyleki.txt",
            &format!("Beýleki habar\n\nSergi açyldy. {FILLER}"),
        );
        let steps = if file_first {
            [file.clone(), sb.docs()]
        } else {
            [sb.docs(), file.clone()]
        };
        for step in &steps {
            let out = sb.index_json(step);
            assert_eq!(out.code, 0, "{out:#?}");
        }
        let hits = sb.query(&["hyzmatdaşlyk"]);
        assert_eq!(
            ids(&hits),
            ["tk/plain/halkara.txt"],
            "file first: {file_first}"
        );
        // Re-indexing the folder keeps one copy and leaves the other file alone.
        sb.index_docs();
        assert_eq!(ids(&sb.query(&["hyzmatdaşlyk"])), ["tk/plain/halkara.txt"]);
        assert_eq!(ids(&sb.query(&["sergi"])), ["tk/plain/beyleki.txt"]);
    }
}

#[test]
fn date_ordered_hits_keep_their_relevance_scores() {
    let sb = sandbox(&[
        (
            "old",
            "Kitaphana",
            "Kitaphana kitaphana kitaphana barada habar.",
        ),
        (
            "new",
            "Habar",
            &format!("Kitaphanada sergi açyldy. {FILLER}"),
        ),
    ]);
    let lines: Vec<Value> = ["old", "new"]
        .iter()
        .zip(["2019-01-01", "2024-01-01"])
        .map(|(id, date)| json!({"id": id, "date": date, "title": "Kitaphana", "body": format!("Kitaphana {id}. {FILLER}")}))
        .collect();
    sb.write_jsonl("news.jsonl", &lines);
    sb.index_docs();
    let hits = sb.query(&["--sort", "date", "kitaphana"]);
    assert_eq!(ids(&hits), ["new", "old"]);
    for hit in &hits {
        assert!(hit["score"].as_f64().is_some_and(|s| s > 0.0), "{hit}");
    }
    let out = sb.run(&["query", "--sort", "date", "--color", "never", "kitaphana"]);
    assert!(!out.stdout.contains("score 0.00"), "{}", out.stdout);
}

#[test]
fn analyze_shows_what_the_folded_field_holds_for_each_script() {
    let sb = Sandbox::new();
    let tokens = |lang: &str, text: &str| -> Vec<Value> {
        let out = sb.run(&["analyze", "--json", "--lang", lang, text]);
        assert_eq!(out.code, 0, "{out:#?}");
        out.json_lines()
            .into_iter()
            .filter(|l| l["type"] == "token")
            .collect()
    };
    // Cyrillic words are not in the folded field (documented: shown as ∅ by the human form).
    let ru = tokens("ru", "библиотеки");
    assert_eq!(ru[0]["term"], "библиотек");
    assert_eq!(ru[0]["folded"], Value::Null);
    let out = sb.run(&["analyze", "--lang", "ru", "библиотеки"]);
    assert!(out.stdout.contains("folded:     ∅"), "{}", out.stdout);
    // The folded field is language-neutral: an English word goes through the same chain as a Turkmen one,
    // and its English stem is what the English fields hold.
    let en = tokens("en", "digitized");
    assert_eq!(en[0]["term"], "digit");
    assert_eq!(en[0]["folded"], tokens("tk", "digitized")[0]["folded"]);
    // A query meets it on both sides, the English field weighing most.
    let lines = vec![json!({"id": "en-1", "title": "News", "lang": "en",
        "body": "The library digitized its collection of old newspapers this year."})];
    sb.write_jsonl("news.jsonl", &lines);
    sb.index_docs();
    let out = sb.run(&["query", "--json", "--explain", "digitized"]);
    let hits = out.json_lines();
    assert_eq!(ids(&hits), ["en-1"]);
    let parts = hits[0]["explain"].as_array().unwrap();
    let score = |field: &str| {
        parts
            .iter()
            .find(|p| p["field"] == field)
            .and_then(|p| p["score"].as_f64())
            .unwrap_or_else(|| panic!("no {field} part: {parts:?}"))
    };
    assert!(score("body_en") > score("body_fold"), "{parts:?}");
}
