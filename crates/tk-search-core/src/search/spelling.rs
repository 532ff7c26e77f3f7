//! Other spellings of a query word: the terms of a field that ASCII folding makes equal to it.
//!
//! The language fields keep words as written, so a word typed on an ASCII keyboard (`onlayn`) and the
//! same word with Turkmen letters (`onlaýn`) are different terms there. Phrases and glued compounds are
//! matched in the language fields (they need positions), so for them each word is looked up in every
//! spelling the field holds: found by walking the field's term dictionary a letter at a time, where each
//! letter that folding makes out of a Turkmen letter may stand for either. Nothing is added at index time.

use tantivy::schema::Field;
use tantivy::Searcher;

/// Most dictionary lookups one word's spellings may take (each is a short range scan per segment).
const MAX_LOOKUPS: usize = 256;

/// The letters that ASCII folding turns into `c`: the Turkmen letter beside the ASCII one.
fn unfolded(c: char) -> Option<[char; 2]> {
    Some(match c {
        'a' => ['a', 'ä'],
        'c' => ['c', 'ç'],
        'n' => ['n', 'ň'],
        'o' => ['o', 'ö'],
        's' => ['s', 'ş'],
        'u' => ['u', 'ü'],
        'y' => ['y', 'ý'],
        'z' => ['z', 'ž'],
        _ => return None,
    })
}

/// The terms of `field` that fold to `folded` (itself included when the field has it), at most `max`, in
/// dictionary-walk order.
pub(crate) fn spellings(
    searcher: &Searcher,
    field: Field,
    folded: &str,
    max: usize,
) -> Vec<String> {
    let letters: Vec<char> = folded.chars().collect();
    let mut out = Vec::new();
    if letters.is_empty() {
        return out;
    }
    let mut lookups = 0;
    // Depth-first over prefixes that some term of the field starts with.
    let mut stack: Vec<(String, usize)> = vec![(String::new(), 0)];
    while let Some((prefix, at)) = stack.pop() {
        let choices = unfolded(letters[at]).map_or_else(|| vec![letters[at]], |c| c.to_vec());
        // Pushed in reverse so that the ASCII letter is tried first.
        for letter in choices.into_iter().rev() {
            if out.len() >= max || lookups >= MAX_LOOKUPS {
                return out;
            }
            lookups += 1;
            let mut next = prefix.clone();
            next.push(letter);
            if at + 1 == letters.len() {
                if has_term(searcher, field, &next) {
                    out.push(next);
                }
            } else if has_prefix(searcher, field, &next) {
                stack.push((next, at + 1));
            }
        }
    }
    out
}

/// Whether some term of `field` starts with `prefix`.
fn has_prefix(searcher: &Searcher, field: Field, prefix: &str) -> bool {
    searcher.segment_readers().iter().any(|segment| {
        let Ok(inverted) = segment.inverted_index(field) else {
            return false;
        };
        let Ok(mut stream) = inverted.terms().range().ge(prefix.as_bytes()).into_stream() else {
            return false;
        };
        stream.advance() && stream.key().starts_with(prefix.as_bytes())
    })
}

/// Whether `term` occurs in `field`.
fn has_term(searcher: &Searcher, field: Field, term: &str) -> bool {
    searcher
        .doc_freq(&tantivy::Term::from_field_text(field, term))
        .is_ok_and(|n| n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{Schema, STRING};
    use tantivy::{doc, Index};

    #[test]
    fn every_spelling_that_folds_to_the_word_is_found() -> tantivy::Result<()> {
        let mut schema = Schema::builder();
        let field = schema.add_text_field("t", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer(15_000_000)?;
        for t in [
            "onlaýn",
            "onlayn",
            "onlaýnmaslahat",
            "ýaş",
            "yaş",
            "yas",
            "kitap",
            "öňki",
        ] {
            writer.add_document(doc!(field => t))?;
        }
        writer.commit()?;
        let searcher = index.reader()?.searcher();
        let cases: &[(&str, &[&str])] = &[
            ("onlayn", &["onlayn", "onlaýn"]),
            ("yas", &["yas", "yaş", "ýaş"]),
            ("kitap", &["kitap"]),
            ("onki", &["öňki"]),
            ("kitaplar", &[]),
            ("onlaynmaslahat", &["onlaýnmaslahat"]),
        ];
        for (folded, expected) in cases {
            let mut got = spellings(&searcher, field, folded, 16);
            got.sort();
            let mut expected: Vec<&str> = expected.to_vec();
            expected.sort();
            assert_eq!(got, expected, "{folded}");
        }
        assert_eq!(spellings(&searcher, field, "yas", 2).len(), 2);
        Ok(())
    }
}
