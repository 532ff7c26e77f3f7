//! Typo tolerance: which index terms a misspelt word may have meant, best first.
//!
//! Candidates come from the term dictionaries through tantivy's Levenshtein automaton (a transposition of
//! two neighbouring letters counts as one edit). They are ranked by edit distance; then a correction that
//! keeps the whole word ranks above a shorter word the query merely starts with (`kitaphanlar` means
//! `kitaphana`, not `kitap`, though `kitap` is the more common term); then by how many documents hold the
//! term; then by the length of the prefix shared with the query.

use std::cmp::Reverse;
use std::collections::HashMap;

use tantivy_turkmen::fold::fold_string;

/// One candidate correction of a query term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Candidate {
    /// The index term.
    pub(crate) term: String,
    /// Its edit distance from the query term (transpositions count as one edit).
    pub(crate) distance: usize,
    /// How many documents hold it.
    pub(crate) doc_freq: u64,
}

/// The most edits a query term of `chars` characters may be corrected by: none up to 4 characters (too
/// many short words are within reach), one from 5, two from 9.
pub(crate) fn max_edits(chars: usize) -> u8 {
    match chars {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// The optimal string alignment distance between `a` and `b`, in characters: insertions, deletions,
/// substitutions and transpositions of two neighbouring characters each count as one edit.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows of the dynamic-programming table: two rows back (for transpositions), one back, this one.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut last: Vec<usize> = (0..=b.len()).collect();
    let mut row: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        row[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (last[j] + 1).min(row[j - 1] + 1).min(last[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            row[j] = best;
        }
        std::mem::swap(&mut before, &mut last);
        std::mem::swap(&mut last, &mut row);
    }
    last[b.len()]
}

/// The number of leading characters `a` and `b` share.
fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// The sort key of a candidate for the query term `query`: smaller is better (see the module
/// documentation); the term itself last, so that the order is total.
pub(crate) fn key(
    query: &str,
    c: &Candidate,
) -> (usize, bool, Reverse<u64>, Reverse<usize>, String) {
    // A shorter term that the query starts with is within reach only by cutting letters off the word.
    let truncation = c.term.len() < query.len() && query.starts_with(c.term.as_str());
    (
        c.distance,
        truncation,
        Reverse(c.doc_freq),
        Reverse(common_prefix(query, &c.term)),
        c.term.clone(),
    )
}

/// Sorts `candidates` for the query term `query`, best first.
pub(crate) fn rank(query: &str, candidates: &mut [Candidate]) {
    candidates.sort_by_cached_key(|c| key(query, c));
}

/// The place of each folded candidate term in one ranking of `candidates` (from any fields) for the folded
/// query word `query`: a term takes its smallest distance and its largest document count over the fields.
pub(crate) fn overall_order<'a>(
    query: &str,
    candidates: impl Iterator<Item = &'a Candidate>,
) -> HashMap<String, usize> {
    let mut merged: HashMap<String, Candidate> = HashMap::new();
    for c in candidates {
        let folded = fold_string(&c.term);
        let entry = merged.entry(folded.clone()).or_insert(Candidate {
            term: folded,
            distance: c.distance,
            doc_freq: c.doc_freq,
        });
        entry.distance = entry.distance.min(c.distance);
        entry.doc_freq = entry.doc_freq.max(c.doc_freq);
    }
    let mut ranked: Vec<Candidate> = merged.into_values().collect();
    rank(query, &mut ranked);
    ranked
        .into_iter()
        .enumerate()
        .map(|(i, c)| (c.term, i))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_a_transposition_as_one_edit() {
        let cases: &[(&str, &str, usize)] = &[
            ("librray", "library", 1),
            ("kitaphanlar", "kitaphanalar", 1),
            ("kitap", "kitap", 0),
            ("kitap", "kitaphana", 4),
            ("", "abc", 3),
            ("ab", "ba", 1),
            ("abc", "ca", 3),
            ("maslahat", "maslahta", 1),
            ("ýyl", "yyl", 1),
            ("библиотека", "библиотке", 2),
        ];
        for (a, b, expected) in cases {
            assert_eq!(edit_distance(a, b), *expected, "{a} → {b}");
            assert_eq!(edit_distance(b, a), *expected, "{b} → {a}");
        }
    }

    /// (query term, candidates as (term, distance, documents), expected order)
    type RankCase<'a> = (&'a str, &'a [(&'a str, usize, u64)], &'a [&'a str]);

    #[test]
    fn candidates_rank_by_distance_then_family_then_frequency_then_prefix() {
        let cases: &[RankCase<'_>] = &[
            // Fewer edits first, however common the other term is.
            (
                "librray",
                &[("librar", 2, 90), ("library", 1, 3)],
                &["library", "librar"],
            ),
            // The same distance: the more common term.
            (
                "sergy",
                &[("serg", 1, 2), ("sergi", 1, 40)],
                &["sergi", "serg"],
            ),
            // The longer word of the family beats the short word the query starts with, even when the
            // short one is more common.
            (
                "kitaphan",
                &[("kitapha", 1, 90), ("kitaphana", 1, 5)],
                &["kitaphana", "kitapha"],
            ),
            // The same distance and frequency: the longer shared prefix.
            (
                "maslahst",
                &[("maslakat", 2, 4), ("maslahat", 2, 4)],
                &["maslahat", "maslakat"],
            ),
        ];
        for (query, candidates, expected) in cases {
            let mut c: Vec<Candidate> = candidates
                .iter()
                .map(|(t, d, n)| Candidate {
                    term: t.to_string(),
                    distance: *d,
                    doc_freq: *n,
                })
                .collect();
            rank(query, &mut c);
            let got: Vec<&str> = c.iter().map(|c| c.term.as_str()).collect();
            assert_eq!(got, *expected, "{query}");
        }
    }
}
