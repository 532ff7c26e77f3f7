//! Snippets: the best passage of a body with the matched words highlighted.
//!
//! Built on tantivy's `SnippetGenerator`, run with the document language's analyzer and with the folded
//! analyzer, so a word is highlighted however it matched (`kitap` highlights `kitaby`, `onlayn` highlights
//! `onlaýn`). Passages start and end on token boundaries of the original text, so no character or word is cut.

use std::collections::BTreeMap;
use std::ops::Range;

use tantivy::schema::Field;
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TokenStream;
use tantivy::Score;

use crate::analyzer;
use crate::lang::{DocLang, Lang};
use crate::search::HighlightTerms;

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
const FIRST_WINDOW_BYTES: usize = 2048;

pub(crate) fn make_snippet(body: &str, lang: DocLang, terms: &HighlightTerms) -> Snippet {
    if body.len() > FIRST_WINDOW_BYTES {
        let mut end = FIRST_WINDOW_BYTES;
        while !body.is_char_boundary(end) {
            end -= 1;
        }
        // Cut at a word boundary so that the window's last token is a whole word.
        let end = body[..end].rfind(char::is_whitespace).unwrap_or(end);
        let snippet = snippet_of(&body[..end], lang, terms);
        if !snippet.highlights.is_empty() {
            return snippet;
        }
    }
    snippet_of(body, lang, terms)
}

fn snippet_of(body: &str, lang: DocLang, terms: &HighlightTerms) -> Snippet {
    let langs: &[Lang] = match &lang {
        DocLang::Known(l) => std::slice::from_ref(l),
        DocLang::Unknown => &Lang::ALL,
    };
    // The document's own language first; the folded analyzer only when that highlights nothing (the
    // match came through folding alone).
    let mut best = Snippet::default();
    for l in langs {
        if let Some(t) = terms.per_lang.get(l) {
            let snippet = generate(body, analyzer::for_lang(*l), t);
            if snippet.highlights.len() > best.highlights.len() {
                best = snippet;
            }
        }
    }
    if best.highlights.is_empty() {
        best = generate(body, analyzer::folded(), &terms.folded);
    } else if !terms.folded.is_empty() {
        // Words that matched only through folding, inside the chosen passage.
        let mut folded = analyzer::folded();
        let mut stream = folded.token_stream(&best.text);
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

fn generate(
    body: &str,
    analyzer: tantivy::tokenizer::TextAnalyzer,
    terms: &BTreeMap<String, Score>,
) -> Snippet {
    if terms.is_empty() {
        return Snippet::default();
    }
    let generator = SnippetGenerator::new(
        terms.clone(),
        analyzer,
        Field::from_field_id(0),
        MAX_SNIPPET_BYTES,
    );
    let s = generator.snippet(body);
    Snippet {
        text: s.fragment().to_string(),
        highlights: merge_ranges(s.highlighted()),
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
