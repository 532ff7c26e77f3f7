//! Snippets: the best passage of a body with the matched words highlighted.
//!
//! The body is run through the document language's analyzer and, when needed, the folded analyzer, so a
//! word is highlighted however it matched (`kitap` highlights `kitaby`, `onlayn` highlights `onlaýn`).
//! Passages start and end on token boundaries of the original text, so no character or word is cut.
//!
//! The passage is chosen the way tantivy's `SnippetGenerator` chooses it (consecutive fragments of at most
//! [`MAX_SNIPPET_BYTES`], the highest-scoring one, the earliest on a tie), but without its per-call costs:
//! tantivy clones the analyzer and the term map for every document and lowercases every token into a new
//! string, which made snippets two thirds of a top-10 query's time. Here the analyzers are built once per
//! search (`Snippeter`) and the terms are looked up as the analyzers produce them (already lowercase).

use std::collections::BTreeMap;
use std::ops::Range;

use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use tantivy::Score;

use tantivy_turkmen::{tokenizer, DocLang, Lang};

/// The terms to highlight, per analyzer: what the query's terms look like in each field family.
#[derive(Debug, Default)]
pub(crate) struct HighlightTerms {
    pub(crate) per_lang: BTreeMap<Lang, BTreeMap<String, Score>>,
    pub(crate) folded: BTreeMap<String, Score>,
}

/// Longest passage in bytes.
pub const MAX_SNIPPET_BYTES: usize = 260;

/// A passage of a document with highlighted ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snippet {
    /// The passage.
    pub text: String,
    /// Byte ranges of `text` to highlight, in order and not overlapping.
    pub highlights: Vec<Range<usize>>,
}

impl Snippet {
    /// The passage with each highlighted range wrapped in `open` … `close`.
    ///
    /// ```
    /// let s = tk_search_core::Snippet { text: "Täze kitaby".into(), highlights: vec![6..12] };
    /// assert_eq!(s.marked("[", "]"), "Täze [kitaby]");
    /// ```
    pub fn marked(&self, open: &str, close: &str) -> String {
        let mut out = String::with_capacity(self.text.len() + 8 * self.highlights.len());
        let mut at = 0;
        for r in &self.highlights {
            out.push_str(&self.text[at..r.start]);
            out.push_str(open);
            out.push_str(&self.text[r.clone()]);
            out.push_str(close);
            at = r.end;
        }
        out.push_str(&self.text[at..]);
        out
    }
}

/// Snippets are first looked for in this much of the body (most news puts its subject up front); only a
/// body whose opening has no match is analysed whole.
const FIRST_WINDOW_BYTES: usize = 1024;

/// The most of a body a snippet is looked for in: ingest's default document cap
/// ([`crate::ingest::DEFAULT_MAX_DOC_BYTES`]).
const MAX_SCAN_BYTES: usize = crate::ingest::DEFAULT_MAX_DOC_BYTES;

/// The first `max` bytes of `text` at most, cut on a character boundary.
fn prefix_at_char(text: &str, max: usize) -> &str {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Makes snippets with analyzers built once (one per language, built when first needed, and the folded one).
pub(crate) struct Snippeter {
    langs: [Option<TextAnalyzer>; Lang::ALL.len()],
    folded: TextAnalyzer,
    highlights: Vec<Range<usize>>,
}

impl Snippeter {
    pub(crate) fn new() -> Snippeter {
        Snippeter {
            langs: Default::default(),
            folded: TextAnalyzer::from(tokenizer::folded()),
            highlights: Vec::new(),
        }
    }

    /// The best passage of `body` for a document of language `lang`.
    pub(crate) fn snippet(&mut self, body: &str, lang: DocLang, terms: &HighlightTerms) -> Snippet {
        // Bounded work per hit, however long a body was written (ingest caps what it writes; an embedder's
        // writer need not).
        let body = prefix_at_char(body, MAX_SCAN_BYTES);
        if body.len() > FIRST_WINDOW_BYTES {
            let mut end = FIRST_WINDOW_BYTES;
            while !body.is_char_boundary(end) {
                end -= 1;
            }
            // Cut at a word boundary so that the window's last token is a whole word.
            let end = body[..end].rfind(char::is_whitespace).unwrap_or(end);
            let snippet = self.snippet_of(&body[..end], lang, terms);
            if !snippet.highlights.is_empty() {
                return snippet;
            }
        }
        self.snippet_of(body, lang, terms)
    }

    fn snippet_of(&mut self, body: &str, lang: DocLang, terms: &HighlightTerms) -> Snippet {
        let langs: &[Lang] = match &lang {
            DocLang::Known(l) => std::slice::from_ref(l),
            DocLang::Unknown => &Lang::ALL,
        };
        // The document's own language first; the folded analyzer only when that highlights nothing (the
        // match came through folding alone).
        let mut best = Snippet::default();
        for l in langs {
            if let Some(t) = terms.per_lang.get(l) {
                let analyzer = self.langs[l.index()]
                    .get_or_insert_with(|| TextAnalyzer::from(tokenizer::for_lang(*l)));
                let snippet = best_passage(analyzer, body, t, &mut self.highlights);
                if snippet.highlights.len() > best.highlights.len() {
                    best = snippet;
                }
            }
        }
        if best.highlights.is_empty() {
            best = best_passage(&mut self.folded, body, &terms.folded, &mut self.highlights);
        } else if !terms.folded.is_empty() {
            // Words that matched only through folding, inside the chosen passage.
            let mut stream = self.folded.token_stream(&best.text);
            let mut ranges = std::mem::take(&mut best.highlights);
            while let Some(t) = stream.next() {
                if terms.folded.contains_key(&t.text) {
                    ranges.push(t.offset_from..t.offset_to);
                }
            }
            best.highlights = merge_ranges(&ranges);
        }
        if best.highlights.is_empty() {
            return Snippet {
                text: leading_passage(body, MAX_SNIPPET_BYTES).to_string(),
                highlights: Vec::new(),
            };
        }
        best
    }
}

/// The highest-scoring fragment of `body`: fragments are consecutive runs of tokens at most
/// [`MAX_SNIPPET_BYTES`] long, scored by the weights of the terms they contain (each occurrence counts);
/// the earliest wins a tie. `scratch` is reused between calls.
fn best_passage(
    analyzer: &mut TextAnalyzer,
    body: &str,
    terms: &BTreeMap<String, Score>,
    scratch: &mut Vec<Range<usize>>,
) -> Snippet {
    if terms.is_empty() {
        return Snippet::default();
    }
    let mut best: Option<(Score, Range<usize>, Vec<Range<usize>>)> = None;
    let (mut start, mut stop, mut score) = (0, 0, 0.0);
    scratch.clear();
    let mut stream = analyzer.token_stream(body);
    let mut close = |start: usize, stop: usize, score: Score, found: &mut Vec<Range<usize>>| {
        if score > 0.0 && best.as_ref().is_none_or(|(s, _, _)| score > *s) {
            best = Some((score, start..stop, std::mem::take(found)));
        }
        found.clear();
    };
    while let Some(token) = stream.next() {
        if token.offset_to - start > MAX_SNIPPET_BYTES {
            close(start, stop, score, scratch);
            start = token.offset_from;
            score = 0.0;
        }
        stop = token.offset_to;
        if let Some(weight) = terms.get(&token.text) {
            score += weight;
            scratch.push(token.offset_from..token.offset_to);
        }
    }
    close(start, stop, score, scratch);
    let Some((_, range, found)) = best else {
        return Snippet::default();
    };
    let shifted: Vec<Range<usize>> = found
        .iter()
        .map(|r| r.start - range.start..r.end - range.start)
        .collect();
    Snippet {
        text: body[range].to_string(),
        highlights: merge_ranges(&shifted),
    }
}

/// Sorts ranges and merges overlapping ones (a compound's joined form overlaps its parts).
fn merge_ranges(ranges: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut sorted = ranges.to_vec();
    sorted.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(sorted.len());
    for r in sorted {
        match out.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// The start of `text`, at most `max` bytes, ending at a word boundary.
fn leading_passage(text: &str, max: usize) -> &str {
    let text = text.trim_start();
    if text.len() <= max {
        return text.trim_end();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match text[..end].rfind(char::is_whitespace) {
        Some(space) if space > 0 => text[..space].trim_end(),
        _ => &text[..end],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_highlights_merge() {
        type Case<'a> = (&'a [Range<usize>], &'a [Range<usize>]);
        let whole = vec![Range { start: 0, end: 15 }];
        let cases: &[Case<'_>] = &[
            (&[0..6, 7..15, 0..15], &whole),
            (&[5..8, 0..3], &[0..3, 5..8]),
            (&[0..3, 3..5], &[0..3, 3..5]),
        ];
        for (input, expected) in cases {
            assert_eq!(merge_ranges(input), *expected);
        }
    }

    /// (text, terms with weights, expected passage, expected highlighted words)
    type PassageCase<'a> = (&'a str, &'a [(&'a str, Score)], &'a str, &'a [&'a str]);

    #[test]
    fn best_passage_picks_the_highest_scoring_fragment_earliest_on_a_tie() {
        let filler = "lorem ipsum dolor sit amet ".repeat(12);
        let late = format!("{filler}kitap sergi kitap {filler}");
        let tie = format!("sergi {filler}sergi");
        let cases: &[PassageCase<'_>] = &[
            (
                "kitap we sergi",
                &[("kitap", 1.0)],
                "kitap we sergi",
                &["kitap"],
            ),
            // The fragment with two weighted matches beats the opening with one.
            (
                &format!("sergi {late}"),
                &[("kitap", 1.0), ("sergi", 0.5)],
                "kitap sergi kitap",
                &["kitap", "sergi", "kitap"],
            ),
            // Equal scores: the earliest fragment.
            (&tie, &[("sergi", 1.0)], "sergi lorem", &["sergi"]),
            ("nothing here", &[("kitap", 1.0)], "", &[]),
        ];
        let mut analyzer = TextAnalyzer::builder(tantivy::tokenizer::SimpleTokenizer::default())
            .filter(tantivy::tokenizer::LowerCaser)
            .build();
        for (text, terms, passage, words) in cases {
            let terms: BTreeMap<String, Score> =
                terms.iter().map(|(t, w)| (t.to_string(), *w)).collect();
            let s = best_passage(&mut analyzer, text, &terms, &mut Vec::new());
            assert!(s.text.len() <= MAX_SNIPPET_BYTES, "{text:?}");
            assert!(s.text.contains(passage), "{text:?}: {:?}", s.text);
            let got: Vec<&str> = s.highlights.iter().map(|r| &s.text[r.clone()]).collect();
            assert_eq!(got, *words, "{text:?}");
            if words.is_empty() {
                assert!(s.text.is_empty());
            }
        }
    }

    #[test]
    fn leading_passage_never_cuts_a_word_or_char() {
        let cases: &[(&str, usize, &str)] = &[
            ("Täze kitaplar", 9, "Täze"),
            ("Täze kitaplar", 100, "Täze kitaplar"),
            ("ýýýý", 3, "ý"),
        ];
        for (text, max, expected) in cases {
            assert_eq!(leading_passage(text, *max), *expected);
        }
    }
}
