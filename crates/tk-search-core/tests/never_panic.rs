//! Property tests: the analysis chains, normalisation, the query parser and search never panic on any
//! Unicode text, and what they return is well formed.
//!
//! Inputs mix arbitrary Unicode with the scripts and characters that stress a Turkmen/Russian/English
//! analyzer: combining marks, right-to-left text (Arabic, Hebrew, bidi controls), emoji (ZWJ sequences,
//! skin tones, flags), Turkmen Latin and Cyrillic letters, hyphens and dashes, digits, soft hyphens and
//! zero-width characters, and 10 000-character "words".
//!
//! Run with `cargo test -p tk-search-core --test never_panic`. Case counts are kept modest (128, and 16
//! for the long words) so CI stays fast; `PROPTEST_CASES=2000` raises every property to 2000 cases for a
//! longer local run (minutes: the long-word property gets the same count).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::TestCaseError;
use tantivy::tokenizer::{RemoveLongFilter, TextAnalyzer, TokenStream};
use tantivy_turkmen::analyze::analyze;
use tantivy_turkmen::normalize::{normalize, Norm};
use tantivy_turkmen::tokenizer::{
    self as analyzer, FoldStemmer, LangStemmer, SegmentTokenizer, MAX_TERM_BYTES,
};
use tk_search_core::{Article, Lang, SearchIndex, SearchRequest, Sort};

// ---------------------------------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------------------------------

/// Turkmen Latin letters (both cases), legacy spellings and the Turkish dotted/dotless i.
const TURKMEN: &str = "abcçdeäfghijklmnňoöprsştuüwyýzžABCÇDEÄFGHIJKLMNŇOÖPRSŞTUÜWYÝZŽñÑÿŸșȘıİ";
/// Russian and Cyrillic Turkmen letters (both cases).
const CYRILLIC: &str =
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯәӘөӨүҮңҢҗҖһҺ";
/// Combining marks (Latin, Cyrillic titlo and friends, Hebrew points, Arabic harakat) and a base letter.
const COMBINING: &str =
    "\u{300}\u{301}\u{302}\u{303}\u{306}\u{307}\u{308}\u{30C}\u{327}\u{328}\u{316}\u{36F}\u{483}\u{489}\u{5B0}\u{64B}\u{650}\u{20DD}";
/// Arabic, Hebrew, Arabic-Indic digits and the bidi controls.
const RTL: &str = "مرحباكتابالمكتبةשלוםספריה١٢٣٤٥٦٧٨٩٠۴۵\u{200E}\u{200F}\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}\u{2066}\u{2067}\u{2068}\u{2069}\u{61C}";
/// Emoji, variation selectors, skin tones, ZWJ, keycaps and regional indicators.
const EMOJI: &str = "😀👩👧👦🏳🌈🇹🇲🇷🇺❤☺✌👍🏽🏿\u{FE0F}\u{FE0E}\u{200D}\u{20E3}#*";
/// Hyphens, dashes, apostrophes, quotes, dots and other word-internal punctuation.
const PUNCT: &str =
    "-\u{2010}\u{2011}\u{2012}\u{2013}\u{2014}\u{2015}\u{2212}'’ʼ`\"“”«».,:;/@_&%+#";
/// Digits (ASCII and others), and superscripts/fractions.
const DIGITS: &str = "0123456789٠١٢߀०১²³¹½⅓";
/// Soft hyphen, zero-width characters, the BOM, joiners and odd spaces.
const INVISIBLE: &str =
    "\u{AD}\u{200B}\u{200C}\u{200D}\u{2060}\u{FEFF}\u{180E}\u{34F}\u{A0}\u{2007}\u{202F}\u{3000}\t\r\n ";

fn chars(set: &str) -> Vec<char> {
    set.chars().collect()
}

/// A run of 0..max characters drawn from `set`.
fn run_of(set: &str, max: usize) -> BoxedStrategy<String> {
    prop::collection::vec(select(chars(set)), 0..max)
        .prop_map(|v| v.into_iter().collect())
        .boxed()
}

/// One fragment of text from one of the character classes (or arbitrary Unicode).
fn fragment() -> BoxedStrategy<String> {
    prop_oneof![
        3 => any::<String>(),
        3 => run_of(TURKMEN, 16),
        3 => run_of(CYRILLIC, 16),
        // Letters followed by combining marks, in any order and amount.
        2 => (run_of(TURKMEN, 4), run_of(COMBINING, 5), run_of(CYRILLIC, 3))
            .prop_map(|(a, b, c)| format!("{a}{b}{c}")),
        2 => run_of(RTL, 16),
        2 => run_of(EMOJI, 10),
        2 => run_of(PUNCT, 6),
        2 => run_of(DIGITS, 10),
        2 => run_of(INVISIBLE, 6),
        // Hyphenated compounds and case endings: `onlaýn-maslahat`, `ABŞ-da`, `2021-nji`.
        2 => prop::collection::vec(run_of(&format!("{TURKMEN}{DIGITS}"), 8), 1..5)
            .prop_map(|parts| parts.join("-")),
        1 => Just("https://example.org/kitap?id=1&q=ýyl".to_string()),
        1 => Just("okyjy@kitaphana.gov.tm".to_string()),
    ]
    .boxed()
}

/// Text: fragments of mixed classes glued together with or without separators.
fn text() -> BoxedStrategy<String> {
    prop::collection::vec(
        (
            fragment(),
            select(vec!["", " ", "-", "\u{AD}", "\u{200B}", "\n", "'", "."]),
        ),
        0..12,
    )
    .prop_map(|parts| parts.into_iter().map(|(f, sep)| f + sep).collect())
    .boxed()
}

/// A "word" of 10 000+ characters: one class, or a mix of letters, marks and invisible characters, or
/// a hyphenated chain of short words.
fn long_word() -> BoxedStrategy<String> {
    let letters = format!("{TURKMEN}{CYRILLIC}");
    let mixed = format!("{TURKMEN}{CYRILLIC}{COMBINING}{INVISIBLE}{DIGITS}{EMOJI}{RTL}");
    let sized = |set: String| {
        prop::collection::vec(select(chars(&set)), 10_000..10_100)
            .prop_map(|v| v.into_iter().collect::<String>())
            .boxed()
    };
    prop_oneof![
        sized(letters.clone()),
        sized(mixed.replace([' ', '\n', '\t', '\r'], "")),
        sized(DIGITS.to_string()),
        sized(COMBINING.to_string()),
        prop::collection::vec(run_of(&letters, 6), 2_000..2_200).prop_map(|p| p.join("-")),
        prop::collection::vec(run_of(&letters, 6), 2_000..2_200).prop_map(|p| p.join("\u{AD}")),
    ]
    .boxed()
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        // Failing inputs are shown in the test output; do not write regression files into the tree.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------------

const NORMS: [Norm; 4] = [
    Norm::Lang(Lang::Tk),
    Norm::Lang(Lang::Ru),
    Norm::Lang(Lang::En),
    Norm::Neutral,
];

fn analyzers() -> Vec<(&'static str, TextAnalyzer)> {
    vec![
        ("tk", analyzer::for_lang(Lang::Tk).into()),
        ("ru", analyzer::for_lang(Lang::Ru).into()),
        ("en", analyzer::for_lang(Lang::En).into()),
        ("fold", analyzer::folded().into()),
    ]
}

/// The chains composed from their filters (`None` is the folded chain): the reference the fused tokenizers
/// of [`analyzer::for_lang`] and [`analyzer::folded`] are held to.
fn composed(lang: Option<Lang>) -> TextAnalyzer {
    let long = RemoveLongFilter::limit(MAX_TERM_BYTES);
    match lang {
        Some(lang) => TextAnalyzer::builder(SegmentTokenizer::new(Norm::Lang(lang)))
            .filter(LangStemmer(lang))
            .filter(long)
            .build(),
        None => TextAnalyzer::builder(SegmentTokenizer::new(Norm::Neutral).latin_only())
            .filter(FoldStemmer)
            .filter(long)
            .build(),
    }
}

/// Every token's offsets are char boundaries with `from <= to <= len`; positions never decrease.
fn check_stream(name: &str, analyzer: &mut TextAnalyzer, text: &str) -> Result<(), TestCaseError> {
    let mut stream = analyzer.token_stream(text);
    let mut last_position: Option<usize> = None;
    while let Some(token) = stream.next() {
        let (from, to, position) = (token.offset_from, token.offset_to, token.position);
        prop_assert!(
            from <= to && to <= text.len(),
            "{name}: token {:?} at {from}..{to}, input is {} bytes: {text:?}",
            token.text,
            text.len()
        );
        prop_assert!(
            text.is_char_boundary(from) && text.is_char_boundary(to),
            "{name}: token {:?} at {from}..{to} is not on char boundaries: {text:?}",
            token.text
        );
        if let Some(last) = last_position {
            prop_assert!(
                position >= last,
                "{name}: position went back from {last} to {position} at {:?}: {text:?}",
                token.text
            );
        }
        last_position = Some(position);
    }
    Ok(())
}

fn check_all_analyzers(text: &str) -> Result<(), TestCaseError> {
    for (name, mut analyzer) in analyzers() {
        check_stream(name, &mut analyzer, text)?;
    }
    Ok(())
}

/// `analyze` (what `tk-search analyze` prints) under every language and auto-detection.
fn check_analyze(text: &str) -> Result<(), TestCaseError> {
    for lang in [None, Some(Lang::Tk), Some(Lang::Ru), Some(Lang::En)] {
        let a = analyze(text, lang);
        for t in &a.tokens {
            prop_assert!(
                t.from <= t.to && t.to <= text.len(),
                "analyze {lang:?}: {t:?} out of bounds: {text:?}"
            );
            prop_assert!(
                text.is_char_boundary(t.from) && text.is_char_boundary(t.to),
                "analyze {lang:?}: {t:?} not on char boundaries: {text:?}"
            );
            prop_assert_eq!(&text[t.from..t.to], t.original.as_str());
        }
    }
    Ok(())
}

/// The index's analyzers (normalisation and stemming fused, memoised) against the same chains composed
/// from their filters: the same tokens, twice over (the second time from the memos).
fn check_fused(text: &str) -> Result<(), TestCaseError> {
    let tokens = |analyzer: &mut TextAnalyzer| {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((
                t.text.clone(),
                t.offset_from,
                t.offset_to,
                t.position,
                t.position_length,
            ));
        }
        out
    };
    for lang in [Some(Lang::Tk), Some(Lang::Ru), Some(Lang::En), None] {
        let mut fused = TextAnalyzer::from(lang.map_or_else(analyzer::folded, analyzer::for_lang));
        let mut reference = composed(lang);
        for _ in 0..2 {
            prop_assert_eq!(
                tokens(&mut fused),
                tokens(&mut reference),
                "{:?} {:?}",
                lang,
                text
            );
        }
    }
    Ok(())
}

fn check_idempotent(text: &str) -> Result<(), TestCaseError> {
    for norm in NORMS {
        let once = normalize(norm, text);
        let twice = normalize(norm, &once);
        prop_assert_eq!(
            &twice,
            &once,
            "{:?} is not idempotent on {:?} (once: {:?})",
            norm,
            text,
            once
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------------
// The search index (built once, shared by every case)
// ---------------------------------------------------------------------------------------------------

/// One document of the shared index.
struct Doc {
    id: &'static str,
    title: &'static str,
    body: &'static str,
    lang: Option<Lang>,
    date: Option<&'static str>,
}

const DOCS: &[Doc] = &[
    Doc {
        id: "tk-1",
        title: "Onlaýn-maslahat",
        body: "Türkmenistanyň Milli kitaphanasynda onlaýn-maslahaty geçirildi. Okyjylar kitaplaryň sergisine gatnaşdylar. ABŞ-da 2021-nji ýylda.",
        lang: Some(Lang::Tk),
        date: Some("2024-03-01"),
    },
    Doc {
        id: "tk-cyr",
        title: "Китапхана",
        body: "Түркменистанда китапханасында ёл ел әдебият җай меңзеш өй.",
        lang: None,
        date: None,
    },
    Doc {
        id: "ru-1",
        title: "Выставка книг",
        body: "Национальная библиотека открыла выставку новых книг для читателей. Учёные, ёлка.",
        lang: Some(Lang::Ru),
        date: Some("2023-12-31"),
    },
    Doc {
        id: "en-1",
        title: "Library news",
        body: "The National Library held an online conference for librarians at https://example.org/news?id=1.",
        lang: Some(Lang::En),
        date: Some("2022-01-15T10:00:00Z"),
    },
    Doc {
        id: "mixed",
        title: "",
        body: "2024 12 345 — ١٢٣ שלום مرحبا 👩‍👩‍👧 e\u{301} kitap\u{AD}hana ZWJ\u{200D}word",
        lang: None,
        date: None,
    },
];

fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let index = SearchIndex::in_memory().unwrap();
        let mut writer = index.writer(50_000_000).unwrap();
        for doc in DOCS {
            writer
                .add(&Article {
                    id: Some(doc.id.into()),
                    title: Some(doc.title.into()),
                    body: doc.body.into(),
                    lang: doc.lang.map(|l| l.code().into()),
                    date: doc.date.map(Into::into),
                    url: None,
                    source: Some("proptest".into()),
                })
                .unwrap();
        }
        writer.commit().unwrap();
        index
    })
}

/// A query: arbitrary text, or text with the query syntax's operators sprinkled in.
fn query_text() -> BoxedStrategy<String> {
    let operator = select(vec![
        "\"",
        "-",
        "OR",
        "or",
        "*",
        "title:",
        "lang:",
        "lang:tk",
        "lang:xx",
        "source:",
        "source:proptest",
        ":",
        "(",
        ")",
        "\\",
        "--",
        "**",
        "-\"",
        "title:\"",
        " ",
        "  ",
    ]);
    prop_oneof![
        1 => any::<String>(),
        2 => text(),
        3 => prop::collection::vec(
            (operator, fragment(), select(vec![" ", "", "\t"])),
            0..8
        )
        .prop_map(|parts| parts.into_iter().map(|(op, f, sep)| format!("{op}{f}{sep}")).collect()),
    ]
    .boxed()
}

fn check_search(
    query: &str,
    limit: usize,
    lang: Option<Lang>,
    sort: Sort,
    relax: bool,
) -> Result<(), TestCaseError> {
    let mut request = SearchRequest::new(query);
    request.limit = limit;
    request.lang = lang;
    request.sort = sort;
    request.relax = relax;
    let results = match index().search(&request) {
        Ok(r) => r,
        Err(e) => {
            return Err(TestCaseError::fail(format!(
                "search {request:?} failed: {e}"
            )))
        }
    };
    prop_assert!(results.hits.len() <= limit, "{request:?}: too many hits");
    prop_assert!(
        results.hits.len() <= results.total,
        "{request:?}: more hits than the total"
    );
    for hit in &results.hits {
        prop_assert!(hit.score.is_finite(), "{request:?}: score {}", hit.score);
        let snippet = &hit.snippet;
        let mut previous_end = 0;
        for range in &snippet.highlights {
            prop_assert!(
                range.start >= previous_end
                    && range.start < range.end
                    && range.end <= snippet.text.len()
                    && snippet.text.is_char_boundary(range.start)
                    && snippet.text.is_char_boundary(range.end),
                "{request:?}: highlight {range:?} in {:?}",
                snippet.text
            );
            previous_end = range.end;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn analyzers_keep_offsets_on_char_boundaries_and_positions_in_order(s in text()) {
        check_all_analyzers(&s)?;
    }

    #[test]
    fn analyzers_never_panic_on_arbitrary_unicode(s in any::<String>()) {
        check_all_analyzers(&s)?;
    }

    #[test]
    fn analyze_report_slices_the_input(s in text()) {
        check_analyze(&s)?;
    }

    #[test]
    fn normalize_is_idempotent(s in text()) {
        check_idempotent(&s)?;
    }

    #[test]
    fn fused_chains_give_the_composed_chains_tokens(s in text()) {
        check_fused(&s)?;
    }

    #[test]
    fn fused_chains_agree_on_arbitrary_unicode(s in any::<String>()) {
        check_fused(&s)?;
    }

    #[test]
    fn search_never_panics_or_fails(
        q in query_text(),
        limit in 0usize..40,
        lang in prop::option::of(select(Lang::ALL.to_vec())),
        sort in select(vec![Sort::Relevance, Sort::Date]),
        relax in any::<bool>(),
    ) {
        check_search(&q, limit, lang, sort, relax)?;
    }
}

proptest! {
    #![proptest_config(config(16))]

    #[test]
    fn long_words_keep_every_invariant(s in long_word()) {
        check_all_analyzers(&s)?;
        check_analyze(&s)?;
        check_idempotent(&s)?;
        check_search(&s, 10, None, Sort::Relevance, true)?;
    }
}

/// The default request over a handful of hand-picked hard inputs (a quick smoke test with readable names).
/// The fused chains against the composed ones on every bundled article and on text built to hit the edge
/// cases (case, Cyrillic Turkmen, compounds, ordinals, URLs, marks, invisible characters).
#[test]
fn fused_chains_equal_composed_chains_on_the_corpus() {
    let mut texts = vec![
        "Onlaýn-maslahatyna 2021-nji ýylda ABŞ-da https://example.org/x?y=1 «Kitaby»".to_string(),
        "Китапханасында ЁЛКА ёж y\u{301}yl kitap\u{AD}hana Meñ İstanbul KIŤAP ﬁ 42km ь".to_string(),
        "Library’s  libraries — celebrated; e-mail: a@b.cd, 3.5 x 10-njy".to_string(),
    ];
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    for entry in walkdir::WalkDir::new(corpus).into_iter().flatten() {
        // Folders fail to read as text and are left out.
        texts.extend(std::fs::read_to_string(entry.path()));
    }
    assert!(texts.len() > 10, "the bundled corpus was not found");
    for text in &texts {
        if let Err(e) = check_fused(text) {
            panic!("{e}");
        }
    }
}

#[test]
fn hand_picked_inputs() {
    for s in [
        "",
        "\u{AD}",
        "\u{301}",
        "-",
        "\"",
        "-\"",
        "OR",
        "title:",
        "lang:",
        "*",
        "**",
        "e\u{301}\u{301}\u{301}",
        "👩\u{200D}👩\u{200D}👧",
        "\u{202E}مرحبا\u{202C}",
        "İ\u{307}",
        "ёЁ",
        "kitap\u{AD}\u{301}hana",
    ] {
        check_all_analyzers(s).unwrap();
        check_analyze(s).unwrap();
        check_search(s, 10, None, Sort::Relevance, true).unwrap();
    }
}

/// Regression: `limit` used to reach tantivy's `TopDocs` unchanged, which allocates that many slots up
/// front (usize::MAX panicked with `capacity overflow`, 10^10 aborted the process).
#[test]
fn search_with_a_huge_limit_does_not_panic() {
    for sort in [Sort::Relevance, Sort::Date] {
        let mut request = SearchRequest::new("library");
        request.limit = usize::MAX;
        request.sort = sort;
        let results = index().search(&request).unwrap();
        assert_eq!(results.hits.len(), results.total, "{sort:?}");
        assert!(!results.hits.is_empty(), "{sort:?}");
    }
}
