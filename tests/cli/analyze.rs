//! `tk-search analyze`: the JSON Lines it prints and reading from standard input.

use serde_json::Value;

use super::util::{Output, Sandbox};

const TOKEN_KEYS: [&str; 10] = [
    "type",
    "position",
    "from",
    "to",
    "original",
    "segment",
    "term",
    "folded",
    "steps",
    "folded_steps",
];

/// Checks the shape of `analyze --json` output for `input`; returns the token lines.
fn check_analysis(out: &Output, input: &str, lang: Option<&str>) -> Vec<Value> {
    assert_eq!(out.code, 0, "{out:#?}");
    let lines = out.json_lines();
    let first = lines
        .first()
        .unwrap_or_else(|| panic!("no output: {out:#?}"));
    assert_eq!(first["type"], "language", "{first}");
    if let Some(lang) = lang {
        assert_eq!(first["lang"], lang, "{first}");
    }
    assert!(first["confidence"].is_number(), "{first}");
    assert!(first["analysed_as"].is_string(), "{first}");
    let tokens = lines[1..].to_vec();
    let mut last_position = None;
    for t in &tokens {
        assert_eq!(t["type"], "token", "{t}");
        for key in TOKEN_KEYS {
            assert!(t.get(key).is_some(), "token without {key}: {t}");
        }
        let from = t["from"].as_u64().unwrap() as usize;
        let to = t["to"].as_u64().unwrap() as usize;
        assert!(
            from < to && to <= input.len(),
            "{from}..{to} outside the input: {t}"
        );
        assert!(
            input.is_char_boundary(from) && input.is_char_boundary(to),
            "{from}..{to} not on char boundaries: {t}"
        );
        assert_eq!(
            t["original"],
            &input[from..to],
            "original is not input[from..to]: {t}"
        );
        let position = t["position"].as_u64().unwrap();
        if t["segment"] == "joined" {
            // A compound's joined form spans its parts and takes the first part's position.
            let parts: Vec<&Value> = tokens
                .iter()
                .filter(|p| p["segment"] != "joined" && p["from"].as_u64() >= Some(from as u64))
                .filter(|p| p["to"].as_u64() <= Some(to as u64))
                .collect();
            assert!(
                parts.len() >= 2,
                "a joined token spans fewer than 2 parts: {t}"
            );
            assert_eq!(parts[0]["position"], position, "{t}");
        } else {
            assert!(
                last_position.is_none_or(|p| position > p),
                "positions of segments must increase: {t}"
            );
            last_position = Some(position);
        }
        for key in ["term", "folded"] {
            assert!(t[key].is_null() || t[key].is_string(), "{key}: {t}");
        }
        for (key, term) in [("steps", "term"), ("folded_steps", "folded")] {
            check_steps(t, key, term);
        }
    }
    tokens
}

/// A token's stemmer steps form a chain: each starts where the one before ended, and the last ends
/// in the token's term.
fn check_steps(t: &Value, key: &str, term: &str) {
    let steps = t[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} is not an array: {t}"));
    for pair in steps.windows(2) {
        assert_eq!(pair[0]["after"], pair[1]["before"], "broken chain: {t}");
    }
    if let Some(last) = steps.last() {
        assert_eq!(last["after"], t[term], "{key} do not end in {term}: {t}");
    }
    for s in steps {
        assert!(s["step"].is_string() && s["before"] != s["after"], "{t}");
    }
}

/// The step names of `key` of the token whose original is `original`.
fn step_names(tokens: &[Value], original: &str, key: &str) -> Vec<String> {
    let t = tokens
        .iter()
        .find(|t| t["original"] == original)
        .unwrap_or_else(|| panic!("no token {original}: {tokens:#?}"));
    t[key]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s["step"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

fn strings(tokens: &[Value], key: &str) -> Vec<String> {
    tokens
        .iter()
        .filter_map(|t| t[key].as_str().map(String::from))
        .collect()
}

#[test]
fn analyze_json_of_a_turkmen_compound() {
    let sb = Sandbox::new();
    let input = "Onlaýn-maslahatyna";
    let out = sb.run(&["analyze", "--lang", "tk", "--json", input]);
    let tokens = check_analysis(&out, input, Some("tk"));
    assert_eq!(out.json_lines()[0]["analysed_as"], "tk");
    assert!(tokens.len() >= 2, "{tokens:#?}");
    let originals = strings(&tokens, "original");
    assert!(originals.iter().any(|o| o == "Onlaýn"), "{originals:?}");
    assert!(
        originals.iter().any(|o| o == "maslahatyna"),
        "{originals:?}"
    );
    let terms = strings(&tokens, "term");
    assert!(terms.iter().any(|t| t == "onlaýn"), "{terms:?}");
    // The case ending is stripped (depends on the Turkmen stemmer).
    assert!(terms.iter().any(|t| t == "maslahat"), "{terms:?}");
    let folded = strings(&tokens, "folded");
    assert!(folded.iter().any(|t| t == "onlayn"), "{folded:?}");
}

#[test]
fn analyze_detects_the_language_by_default() {
    let sb = Sandbox::new();
    let input = "Национальная библиотека провела онлайн-конференцию.";
    let out = sb.run(&["analyze", "--json", input]);
    let tokens = check_analysis(&out, input, Some("ru"));
    assert!(
        strings(&tokens, "original")
            .iter()
            .any(|o| o == "библиотека"),
        "{tokens:#?}"
    );
}

#[test]
fn analyze_reads_stdin_when_text_is_omitted() {
    let sb = Sandbox::new();
    let input = "Kitaphanada täze kitaplar\n";
    let out = sb.run_with_stdin(&["analyze", "--lang", "tk", "--json"], Some(input));
    let tokens = check_analysis(&out, input, Some("tk"));
    assert_eq!(
        strings(&tokens, "original"),
        ["Kitaphanada", "täze", "kitaplar"]
    );
}

#[test]
fn analyze_reads_stdin_for_dash() {
    let sb = Sandbox::new();
    let input = "Библиотека открыла выставку";
    let out = sb.run_with_stdin(&["analyze", "--json", "-"], Some(input));
    let tokens = check_analysis(&out, input, Some("ru"));
    assert_eq!(
        strings(&tokens, "original"),
        ["Библиотека", "открыла", "выставку"]
    );
}

#[test]
fn analyze_human_output_shows_each_stage() {
    let sb = Sandbox::new();
    let out = sb.run(&["analyze", "--lang", "tk", "Onlaýn-maslahatyna"]);
    assert_eq!(out.code, 0, "{out:#?}");
    for label in ["language:", "normalised:", "segments:", "terms:", "folded:"] {
        assert!(
            out.stdout.lines().any(|l| l.starts_with(label)),
            "no {label} line: {out:#?}"
        );
    }
}

#[test]
fn analyze_shows_each_stemmer_step() {
    let sb = Sandbox::new();
    let input = "Kitaplaryndan geçirilmedi bagly Aşgabat";
    let out = sb.run(&["analyze", "--lang", "tk", "--json", input]);
    let tokens = check_analysis(&out, input, Some("tk"));
    assert_eq!(
        step_names(&tokens, "Kitaplaryndan", "steps"),
        ["noun ending"; 3],
        "{tokens:#?}"
    );
    let first = &tokens[0]["steps"][0];
    assert_eq!(first["before"], "kitaplaryndan", "{first}");
    assert_eq!(
        step_names(&tokens, "geçirilmedi", "steps"),
        ["verb ending", "negation", "passive/reflexive"],
        "{tokens:#?}"
    );
    // The folded field's stemmer runs on the folded letters.
    assert_eq!(
        tokens[1]["folded_steps"][0]["before"], "gecirilmedi",
        "{tokens:#?}"
    );
    // A word the stemmer leaves alone has no steps.
    assert!(
        step_names(&tokens, "Aşgabat", "steps").is_empty(),
        "{tokens:#?}"
    );

    let out = sb.run(&["analyze", "--lang", "tk", input]);
    assert_eq!(out.code, 0, "{out:#?}");
    let lines: Vec<&str> = out.stdout.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == "stemming:")
        .unwrap_or_else(|| panic!("no stemming: section: {out:#?}"));
    assert!(
        lines[at + 1..]
            .iter()
            .any(|l| l.contains("geçiril (negation)") && l.contains("→ geçir (passive/reflexive)")),
        "{out:#?}"
    );
}
