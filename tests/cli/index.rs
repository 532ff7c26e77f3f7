//! `tk-search index`: input formats, default ids, language detection, re-indexing, problems and exit
//! statuses.

use serde_json::json;

use super::util::{hit, id_set, ids, per_lang, summary, Sandbox};

/// Turkmen, Russian and English sentences that detection recognises without a declared language.
const TK_TEXT: &str = "Türkmenistanyň Milli kitaphanasynda täze kitaplaryň sergisi açyldy we okyjylar köp gyzyklandy.";
const RU_TEXT: &str = "Национальная библиотека открыла выставку новых книг для читателей.";
const EN_TEXT: &str = "The National Library held an online conference for librarians and readers.";

#[test]
fn jsonl_with_and_without_id() {
    let sb = Sandbox::new();
    // Line 2 is blank: line numbers count every physical line.
    sb.write(
        "sub/news.jsonl",
        &format!(
            "{}\n\n{}\n",
            json!({"id": "with-id", "title": "Zebrafinch", "body": "A zebrafinch sang in the reading room."}),
            json!({"title": "Quokka", "body": "A quokka visited the library garden."}),
        ),
    );
    let summary = sb.index_docs();
    assert_eq!(summary["documents"], 2, "{summary}");
    assert_eq!(summary["files"], 1, "{summary}");
    assert_eq!(summary["skipped"], 0, "{summary}");
    assert_eq!(summary["errors"], 0, "{summary}");
    assert_eq!(summary["warnings"], 0, "{summary}");

    let hits = sb.query(&["zebrafinch"]);
    assert_eq!(ids(&hits), ["with-id"]);
    assert_eq!(hits[0]["title"], "Zebrafinch");

    // Without an id: `<path relative to the indexed folder>:<line>`.
    let hits = sb.query(&["quokka"]);
    assert_eq!(ids(&hits), ["sub/news.jsonl:3"]);
    assert_eq!(hits[0]["title"], "Quokka");
}

#[test]
fn json_single_object_and_array() {
    let sb = Sandbox::new();
    sb.write(
        "one.json",
        &json!({"id": "obj-1", "title": "Axolotl", "body": "An axolotl lives in the library aquarium.", "lang": "en"})
            .to_string(),
    );
    sb.write(
        "many.json",
        &serde_json::to_string_pretty(&json!([
            {"id": "arr-1", "title": "Capybara", "body": "A capybara book was presented.", "lang": "en"},
            {"id": "arr-2", "title": "Wombat", "body": "A wombat book was presented.", "lang": "en"},
            {"title": "Okapi", "body": "An okapi book was presented.", "lang": "en"}
        ]))
        .unwrap(),
    );
    let summary = sb.index_docs();
    assert_eq!(summary["documents"], 4, "{summary}");
    assert_eq!(summary["files"], 2, "{summary}");
    assert_eq!(summary["errors"], 0, "{summary}");
    assert_eq!(per_lang(&summary, "en"), 4, "{summary}");

    assert_eq!(ids(&sb.query(&["axolotl"])), ["obj-1"]);
    assert_eq!(ids(&sb.query(&["capybara"])), ["arr-1"]);
    assert_eq!(ids(&sb.query(&["wombat"])), ["arr-2"]);
    // An array item without an id gets `<path>:<item number>`.
    assert_eq!(ids(&sb.query(&["okapi"])), ["many.json:3"]);
    assert_eq!(
        id_set(&sb.query(&["book"])),
        ["arr-1", "arr-2", "many.json:3"].map(String::from).into()
    );
}

#[test]
fn txt_and_md_title_is_first_non_empty_line_and_id_is_relative_path() {
    let sb = Sandbox::new();
    sb.write(
        "notes/plain.txt",
        "\n\n  Narwhal sighting  \n\nA narwhal was drawn in an old atlas of the northern seas.\n",
    );
    sb.write(
        "pangolin.md",
        "# Pangolin notes\n\nThe pangolin is the hero of a new children's book.\n",
    );
    sb.write(
        "README.md",
        "# About this folder\n\nNotes on the atlas collection.\n",
    );
    let summary = sb.index_docs();
    assert_eq!(summary["documents"], 2, "{summary}");
    assert_eq!(summary["files"], 2, "{summary}");
    assert_eq!(
        summary["skipped"], 1,
        "README.md documents the folder: {summary}"
    );

    let hits = sb.query(&["atlas"]);
    assert_eq!(ids(&hits), ["notes/plain.txt"]);
    assert_eq!(hits[0]["title"], "Narwhal sighting");
    assert!(
        !hits[0]["snippet"]
            .as_str()
            .unwrap()
            .contains("Narwhal sighting"),
        "the title line is not part of the body: {}",
        hits[0]
    );

    let hits = sb.query(&["children"]);
    assert_eq!(ids(&hits), ["pangolin.md"]);
    assert_eq!(
        hits[0]["title"], "Pangolin notes",
        "Markdown `#` is stripped"
    );
    // The title is searchable too.
    assert_eq!(ids(&sb.query(&["narwhal"])), ["notes/plain.txt"]);
}

#[test]
fn unsupported_files_are_counted_as_skipped() {
    let sb = Sandbox::new();
    sb.write(
        "good.jsonl",
        &json!({"id": "good", "body": "The library catalogue lists every book."}).to_string(),
    );
    sb.write("table.csv", "id,body\ncsv-1,Flamingo catalogue entry\n");
    sb.write("sub/picture.png", "not really a picture");
    let out = sb.index_json(&sb.docs());
    assert_eq!(out.code, 0, "{out:#?}");
    let summary = summary(&out);
    assert_eq!(summary["documents"], 1, "{summary}");
    assert_eq!(summary["files"], 1, "{summary}");
    assert_eq!(summary["skipped"], 2, "{summary}");
    assert_eq!(summary["errors"], 0, "{summary}");
    // Nothing from the CSV file was indexed.
    assert!(sb.query(&["flamingo"]).is_empty());
    assert_eq!(ids(&sb.query(&["catalogue"])), ["good"]);
}

#[test]
fn declared_lang_is_stored_as_given() {
    let sb = Sandbox::new();
    // English text declared as Turkmen and as Russian: the declaration wins over detection.
    sb.write_jsonl(
        "news.jsonl",
        &[
            json!({"id": "declared-tk", "body": format!("{EN_TEXT} Marmot."), "lang": "tk"}),
            json!({"id": "declared-ru", "body": format!("{EN_TEXT} Marmot."), "lang": "RU"}),
            json!({"id": "declared-en", "body": format!("{TK_TEXT} Marmot."), "lang": "en"}),
        ],
    );
    let summary = sb.index_docs();
    assert_eq!(per_lang(&summary, "tk"), 1, "{summary}");
    assert_eq!(per_lang(&summary, "ru"), 1, "{summary}");
    assert_eq!(per_lang(&summary, "en"), 1, "{summary}");
    let hits = sb.query(&["marmot"]);
    assert_eq!(hits.len(), 3, "{hits:#?}");
    assert_eq!(hit(&hits, "declared-tk")["lang"], "tk");
    assert_eq!(hit(&hits, "declared-ru")["lang"], "ru");
    assert_eq!(hit(&hits, "declared-en")["lang"], "en");
}

#[test]
fn lang_is_detected_when_absent() {
    let sb = Sandbox::new();
    sb.write_jsonl(
        "news.jsonl",
        &[
            json!({"id": "tk-doc", "body": TK_TEXT}),
            json!({"id": "ru-doc", "body": RU_TEXT}),
            json!({"id": "en-doc", "body": EN_TEXT}),
        ],
    );
    let summary = sb.index_docs();
    assert_eq!(per_lang(&summary, "tk"), 1, "{summary}");
    assert_eq!(per_lang(&summary, "ru"), 1, "{summary}");
    assert_eq!(per_lang(&summary, "en"), 1, "{summary}");
    assert_eq!(per_lang(&summary, "unknown"), 0, "{summary}");

    assert_eq!(hit(&sb.query(&["sergisi"]), "tk-doc")["lang"], "tk");
    assert_eq!(hit(&sb.query(&["выставку"]), "ru-doc")["lang"], "ru");
    assert_eq!(hit(&sb.query(&["conference"]), "en-doc")["lang"], "en");
}

#[test]
fn numbers_only_body_is_unknown_and_still_findable() {
    let sb = Sandbox::new();
    sb.write_jsonl(
        "numbers.jsonl",
        &[json!({"id": "numbers", "body": "2024 12 345 67890"})],
    );
    let summary = sb.index_docs();
    assert_eq!(summary["documents"], 1, "{summary}");
    assert_eq!(per_lang(&summary, "unknown"), 1, "{summary}");
    let hits = sb.query(&["67890"]);
    assert_eq!(ids(&hits), ["numbers"]);
    assert_eq!(hits[0]["lang"], "unknown");
}

#[test]
fn reindexing_the_same_folder_does_not_duplicate_documents() {
    let sb = Sandbox::new();
    sb.write(
        "news.jsonl",
        &format!(
            "{}\n{}\n",
            json!({"id": "walrus-1", "body": "A walrus book opened the exhibition."}),
            json!({"body": "The walrus returned to the reading room."}),
        ),
    );
    sb.write(
        "one.json",
        &json!({"body": "Children drew a walrus.", "lang": "en"}).to_string(),
    );
    sb.write("story.txt", "Walrus tales\n\nA walrus tells stories.\n");

    let count_line = |sb: &Sandbox| {
        let out = sb.run(&["query", "--limit", "1", "--color", "never", "walrus"]);
        assert_eq!(out.code, 0, "{out:#?}");
        out.stdout
            .lines()
            .find(|l| l.contains("matching documents shown"))
            .unwrap_or_else(|| panic!("no count line: {out:#?}"))
            .to_string()
    };

    let first = sb.index_docs();
    let hits_first = sb.query(&["walrus"]);
    let count_first = count_line(&sb);
    let second = sb.index_docs();
    let hits_second = sb.query(&["walrus"]);
    let count_second = count_line(&sb);

    assert_eq!(first["documents"], 4, "{first}");
    // Nothing changed: every document is recognised by its content hash and left alone.
    assert_eq!(second["documents"], 0, "{second}");
    assert_eq!(second["unchanged"], 4, "{second}");
    assert_eq!(second["removed"], 0, "{second}");
    assert_eq!(hits_first.len(), 4, "{hits_first:#?}");
    assert_eq!(hits_second.len(), 4, "{hits_second:#?}");
    assert_eq!(id_set(&hits_second), id_set(&hits_first));
    assert_eq!(
        id_set(&hits_second).len(),
        hits_second.len(),
        "an id appears twice"
    );
    assert_eq!(count_first, "(1 of 4 matching documents shown)");
    assert_eq!(count_second, count_first);
    assert_eq!(
        id_set(&hits_second),
        ["walrus-1", "news.jsonl:2", "one.json", "story.txt"]
            .map(String::from)
            .into()
    );
}

#[test]
fn index_of_a_missing_folder_exits_2() {
    let sb = Sandbox::new();
    let missing = sb.path().join("no-such-folder");
    let out = sb.run(&["index", missing.to_str().unwrap()]);
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(out.stderr.contains("no-such-folder"), "{out:#?}");
    assert!(out.stdout.is_empty(), "{out:#?}");
}

#[test]
fn bad_jsonl_line_exits_1_names_file_and_line_and_keeps_good_lines() {
    let sb = Sandbox::new();
    sb.write(
        "mixed.jsonl",
        &format!(
            "{}\n{}\n{}\n",
            json!({"id": "good-1", "body": "The first heron report."}),
            r#"{"id": "broken", "body": "#,
            json!({"id": "good-3", "body": "The third heron report."}),
        ),
    );
    let out = sb.run(&["index", sb.docs().to_str().unwrap()]);
    assert_eq!(out.code, 1, "{out:#?}");
    assert!(
        out.stderr.contains("mixed.jsonl:2"),
        "stderr must name the file and line: {out:#?}"
    );
    assert_eq!(
        id_set(&sb.query(&["heron"])),
        ["good-1", "good-3"].map(String::from).into()
    );
}

#[test]
fn bad_jsonl_line_is_a_json_problem_record() {
    let sb = Sandbox::new();
    sb.write(
        "mixed.jsonl",
        &format!(
            "{}\n{}\n{}\n",
            json!({"id": "good-1", "body": "The first heron report."}),
            "this is not json",
            json!({"id": "good-3", "body": "The third heron report."}),
        ),
    );
    let out = sb.index_json(&sb.docs());
    assert_eq!(out.code, 1, "{out:#?}");
    let lines = out.json_lines();
    let problems: Vec<_> = lines.iter().filter(|l| l["type"] == "problem").collect();
    assert_eq!(problems.len(), 1, "{out:#?}");
    assert_eq!(problems[0]["severity"], "error");
    assert_eq!(problems[0]["line"], 2);
    assert!(
        problems[0]["path"]
            .as_str()
            .unwrap()
            .ends_with("mixed.jsonl"),
        "{}",
        problems[0]
    );
    let summary = summary(&out);
    assert_eq!(summary["documents"], 2, "{summary}");
    assert_eq!(summary["errors"], 1, "{summary}");
}
