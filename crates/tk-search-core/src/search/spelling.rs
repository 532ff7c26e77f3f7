//! Other spellings of a query word: the terms of a field that ASCII folding makes equal to it.
//!
//! The language fields keep words as written, so a word typed on an ASCII keyboard (`onlayn`) and the
//! same word with Turkmen letters (`onlaýn`) are different terms there. Phrases and glued compounds are
//! matched in the language fields (they need positions), so for them each word is looked up in every
//! spelling the field holds: one walk of each segment's term dictionary with an automaton that accepts
//! exactly the words folding to it (each letter that folding makes out of a Turkmen letter may stand for
//! either). The walk only follows dictionary prefixes the automaton accepts, so its work is bounded by the
//! dictionary's terms that fold to a start of the word. Nothing is added at index time.
//!
//! The folded fields of a Turkmen document hold only the words whose folded term differs from their
//! Turkmen term folded (see `schema`), so every search for a folded word also looks in the Turkmen fields
//! for the terms that fold to it, through the same automata: [`spellings`] (exact), [`starting_with`]
//! (prefixes) and [`Folded`], which runs any automaton (the typo automata) over the folded bytes of each
//! term. All of them fold exactly the lowercase Turkmen letters, as the index side does
//! ([`tantivy_turkmen::fold::fold_turkmen_letters`]).

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use tantivy::index::SegmentId;
use tantivy::schema::Field;
use tantivy::Searcher;
use tantivy_fst::Automaton;
use tantivy_turkmen::fold::{fold_turkmen_lowercase, unfold_turkmen};

use super::terms::walk_between;

/// The letters that ASCII folding turns into `c`: the Turkmen letter beside the ASCII one.
fn unfolded(c: char) -> Option<[char; 2]> {
    unfold_turkmen(c).map(|t| [c, t])
}

/// The terms of `field` that fold to `folded` (itself included when the field has it), at most `max`, in
/// byte order (a word's ASCII spelling before its Turkmen ones).
pub(crate) fn spellings(
    searcher: &Searcher,
    field: Field,
    folded: &str,
    max: usize,
) -> Vec<String> {
    folding_to(searcher, field, folded, false, max)
}

/// The terms of `field` whose first letters fold to `folded` (a folded prefix), at most `max`, in byte
/// order.
pub(crate) fn starting_with(
    searcher: &Searcher,
    field: Field,
    folded: &str,
    max: usize,
) -> Vec<String> {
    folding_to(searcher, field, folded, true, max)
}

/// The lengths in letters, from `min` to `max`, of the starts of `folded` (a folded word) that `field`
/// holds a term folding to, ascending: one walk of each segment's dictionary for all the starts.
pub(crate) fn starts_held(
    searcher: &Searcher,
    field: Field,
    folded: &str,
    min: usize,
    max: usize,
) -> Vec<usize> {
    let letters: Vec<char> = folded.chars().collect();
    if min == 0 || min > max || max > letters.len() {
        return Vec::new();
    }
    let automaton = FoldsTo {
        min_match: min,
        ..FoldsTo::new(&letters[..max].iter().collect::<String>(), false)
    };
    let low = FoldsTo::new(&letters[..min].iter().collect::<String>(), false).spelling(false);
    let high = automaton.spelling(true);
    let mut held: Vec<usize> =
        walk_between(searcher, field, &automaton, Some((&low, &high)), usize::MAX)
            .iter()
            .map(|t| t.chars().count())
            .collect();
    held.sort_unstable();
    held.dedup();
    held
}

/// Walks remembered: a walk's answer depends only on the term dictionaries of the searcher's segments,
/// which never change once written (a segment with other terms has another id), so it is remembered under
/// those segments' ids. Query words recur (a search page's readers type the same words), and every folded
/// word of a search is looked up this way in the Turkmen title and body fields.
#[derive(PartialEq, Eq, Hash)]
struct WalkKey {
    segments: Vec<SegmentId>,
    field: Field,
    folded: String,
    prefix: bool,
    max: usize,
}

/// Most walks remembered (process-wide); the memo is emptied when it is full, so it never holds more than
/// this many short lists of terms (a few hundred KiB).
const MAX_REMEMBERED_WALKS: usize = 4096;

/// Longer words are walked every time (so one key never holds a long text).
const MAX_REMEMBERED_WORD_BYTES: usize = 64;

fn walks() -> &'static Mutex<HashMap<WalkKey, Vec<String>>> {
    static WALKS: OnceLock<Mutex<HashMap<WalkKey, Vec<String>>>> = OnceLock::new();
    WALKS.get_or_init(|| Mutex::new(HashMap::new()))
}

/// [`spellings`], or with `prefix` [`starting_with`]: one walk of each segment's dictionary between the
/// lowest and the highest spelling, or the same walk's answer remembered ([`WalkKey`]).
fn folding_to(
    searcher: &Searcher,
    field: Field,
    folded: &str,
    prefix: bool,
    max: usize,
) -> Vec<String> {
    if folded.is_empty() || max == 0 {
        return Vec::new();
    }
    let walk = || {
        let automaton = FoldsTo::new(folded, prefix);
        let low = automaton.spelling(false);
        let mut high = automaton.spelling(true);
        if prefix {
            // Every accepted term is a spelling of the prefix and more; no UTF-8 byte is 0xFF.
            high.push(0xFF);
        }
        let mut found = walk_between(searcher, field, &automaton, Some((&low, &high)), max);
        found.truncate(max);
        found
    };
    if folded.len() > MAX_REMEMBERED_WORD_BYTES {
        return walk();
    }
    let key = WalkKey {
        segments: searcher
            .segment_readers()
            .iter()
            .map(|r| r.segment_id())
            .collect(),
        field,
        folded: folded.to_string(),
        prefix,
        max,
    };
    // A panic elsewhere while the lock was held leaves the map whole (every change is one insert or clear).
    if let Some(found) = walks().lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return found.clone();
    }
    let found = walk();
    let mut remembered = walks().lock().unwrap_or_else(|e| e.into_inner());
    if remembered.len() >= MAX_REMEMBERED_WALKS {
        remembered.clear();
    }
    remembered.insert(key, found.clone());
    found
}

/// An automaton over the terms of a field as they fold: each lowercase Turkmen letter of a term (two
/// bytes) is fed to the wrapped automaton as the ASCII letter it folds to, every other byte as it is.
/// So a Levenshtein automaton built on a folded word finds the Turkmen terms within its edits of it once
/// folded.
pub(crate) struct Folded<A>(pub(crate) A);

/// [`Folded`]'s state: the wrapped automaton's, and the first byte of a two-byte letter not yet fed
/// (0 for none).
#[derive(Clone)]
pub(crate) struct FoldedState<S>(S, u8);

impl<A: Automaton<State: Clone>> Automaton for Folded<A> {
    type State = FoldedState<A::State>;

    fn start(&self) -> Self::State {
        FoldedState(self.0.start(), 0)
    }

    fn is_match(&self, s: &Self::State) -> bool {
        s.1 == 0 && self.0.is_match(&s.0)
    }

    fn can_match(&self, s: &Self::State) -> bool {
        self.0.can_match(&s.0)
    }

    fn accept(&self, s: &Self::State, byte: u8) -> Self::State {
        let inner = &self.0;
        match s.1 {
            0 if (0xC3..=0xC5).contains(&byte) => FoldedState(s.0.clone(), byte),
            0 => FoldedState(inner.accept(&s.0, byte), 0),
            lead => match fold_turkmen_lowercase(lead, byte) {
                Some(ascii) => FoldedState(inner.accept(&s.0, ascii), 0),
                None => FoldedState(inner.accept(&inner.accept(&s.0, lead), byte), 0),
            },
        }
    }
}

/// A byte automaton accepting the words that fold to one word: at each letter, the UTF-8 bytes of one of
/// the letters that fold to it.
struct FoldsTo {
    /// Per letter, the UTF-8 encodings of the letters that fold to it (one or two; the ASCII one first,
    /// and no two of them share a first byte, so a state knows which one it is reading).
    letters: Vec<Vec<Vec<u8>>>,
    /// Whether words that go on after the last letter are accepted too (a prefix).
    prefix: bool,
    /// The fewest letters an accepted word spells (all of them, but for [`starts_held`]).
    min_match: usize,
}

/// The automaton's state: letters read, which encoding of the next letter is being read and how many of
/// its bytes (0 at a letter boundary); `DEAD` once a byte fits no spelling.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct At {
    letter: usize,
    choice: usize,
    byte: usize,
}

const DEAD: At = At {
    letter: usize::MAX,
    choice: 0,
    byte: 0,
};

impl FoldsTo {
    /// The spelling that takes each letter's first (ASCII) or, when `highest`, last (Turkmen, where there is
    /// one) choice: the lowest and the highest in byte order of the words the automaton accepts, since a
    /// letter's choices differ in their first byte, the ASCII one lower.
    fn spelling(&self, highest: bool) -> Vec<u8> {
        self.letters
            .iter()
            .flat_map(|choices| {
                let choice = if highest {
                    choices.last()
                } else {
                    choices.first()
                };
                choice.into_iter().flatten().copied()
            })
            .collect()
    }

    fn new(folded: &str, prefix: bool) -> FoldsTo {
        let encode = |c: char| c.to_string().into_bytes();
        let letters: Vec<Vec<Vec<u8>>> = folded
            .chars()
            .map(|c| unfolded(c).map_or_else(|| vec![encode(c)], |cs| cs.map(encode).to_vec()))
            .collect();
        FoldsTo {
            min_match: letters.len(),
            letters,
            prefix,
        }
    }
}

impl Automaton for FoldsTo {
    type State = At;

    fn start(&self) -> At {
        At {
            letter: 0,
            choice: 0,
            byte: 0,
        }
    }

    fn is_match(&self, s: &At) -> bool {
        (self.min_match..=self.letters.len()).contains(&s.letter) && s.byte == 0
    }

    fn can_match(&self, s: &At) -> bool {
        *s != DEAD
    }

    fn accept(&self, s: &At, byte: u8) -> At {
        let Some(choices) = self.letters.get(s.letter) else {
            // Past the last letter: a prefix takes any byte after it.
            return if self.prefix && *s != DEAD { *s } else { DEAD };
        };
        let step = |choice: usize, read: usize| {
            let bytes = choices.get(choice)?;
            if bytes.get(read) != Some(&byte) {
                None
            } else if read + 1 == bytes.len() {
                Some(At {
                    letter: s.letter + 1,
                    choice: 0,
                    byte: 0,
                })
            } else {
                Some(At {
                    letter: s.letter,
                    choice,
                    byte: read + 1,
                })
            }
        };
        let next = if s.byte == 0 {
            (0..choices.len()).find_map(|choice| step(choice, 0))
        } else {
            step(s.choice, s.byte)
        };
        next.unwrap_or(DEAD)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use tantivy::schema::{Schema, STRING};
    use tantivy::{doc, Index};
    use tantivy_turkmen::fold::fold_string;

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
        assert_eq!(spellings(&searcher, field, "yas", 2), ["yas", "yaş"]);
        Ok(())
    }

    /// A walk's remembered answer is never handed to a searcher whose segments differ: a spelling committed
    /// after the first walk is found by the next searcher, and the old searcher still gets its own answer.
    #[test]
    fn remembered_walks_follow_commits() -> tantivy::Result<()> {
        let mut schema = Schema::builder();
        let field = schema.add_text_field("t", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer(15_000_000)?;
        writer.add_document(doc!(field => "gulp"))?;
        writer.commit()?;
        let reader = index.reader()?;
        let before = reader.searcher();
        for _ in 0..2 {
            assert_eq!(spellings(&before, field, "gulp", 8), ["gulp"]);
            assert_eq!(starting_with(&before, field, "gul", 8), ["gulp"]);
        }
        writer.add_document(doc!(field => "güňp"))?;
        writer.add_document(doc!(field => "gülp"))?;
        writer.commit()?;
        reader.reload()?;
        let after = reader.searcher();
        assert_eq!(spellings(&after, field, "gulp", 8), ["gulp", "gülp"]);
        assert_eq!(starting_with(&after, field, "gul", 8), ["gulp", "gülp"]);
        assert_eq!(spellings(&before, field, "gulp", 8), ["gulp"]);
        assert_eq!(spellings(&after, field, "gulp", 1), ["gulp"]);
        Ok(())
    }

    #[test]
    fn prefixes_and_wrapped_automata_read_terms_folded() -> tantivy::Result<()> {
        let mut schema = Schema::builder();
        let field = schema.add_text_field("t", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer(15_000_000)?;
        for t in [
            "ýyl", "yyl", "ýylyň", "yylyn", "ýaz", "kafé", "kafe", "golýazm", "gol",
        ] {
            writer.add_document(doc!(field => t))?;
        }
        writer.commit()?;
        let searcher = index.reader()?.searcher();
        assert_eq!(
            starting_with(&searcher, field, "yyl", 16),
            ["yyl", "yylyn", "ýyl", "ýylyň"]
        );
        assert_eq!(starting_with(&searcher, field, "goly", 16), ["golýazm"]);
        assert_eq!(starting_with(&searcher, field, "yyl", 2), ["yyl", "yylyn"]);
        // `yyl` (3 letters) and `ýylyň` (5) start `yylyny`; `yylyn`'s 5 letters count once.
        assert_eq!(starts_held(&searcher, field, "yylyny", 2, 6), [3, 5]);
        assert_eq!(starts_held(&searcher, field, "yylyny", 4, 6), [5]);
        assert_eq!(starts_held(&searcher, field, "yylyny", 2, 4), [3]);
        assert_eq!(starts_held(&searcher, field, "golyazmalar", 3, 8), [3, 7]);
        // A Levenshtein automaton on a folded word, reading each term folded; only the Turkmen letters
        // fold (`kafé` stays itself).
        let within = |word: &str, edits: u8| -> tantivy::Result<Vec<String>> {
            let query = tantivy::query::FuzzyTermQuery::new(
                tantivy::Term::from_field_text(field, word),
                edits,
                true,
            );
            Ok(super::super::terms::walk(
                &searcher,
                field,
                &Folded(query.automaton()?),
                16,
            ))
        };
        assert_eq!(within("yylyn", 0)?, ["yylyn", "ýylyň"]);
        assert_eq!(within("yyl", 0)?, ["yyl", "ýyl"]);
        assert_eq!(within("kafe", 0)?, ["kafe"]);
        assert_eq!(within("golyazm", 0)?, ["golýazm"]);
        assert_eq!(within("golyazma", 1)?, ["golýazm"]);
        assert_eq!(within("yylyn", 1)?, ["yylyn", "ýylyň"]);
        assert_eq!(within("yyly", 1)?, ["yyl", "yylyn", "ýyl", "ýylyň"]);
        Ok(())
    }

    /// Words over letters that folding changes and letters it keeps.
    fn word() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            proptest::sample::select(vec!['a', 'ä', 'n', 'ň', 'y', 'ý', 'k', 'ş', 's', 'ж']),
            1..6,
        )
        .prop_map(|cs| cs.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Across segments, the spellings are exactly the field's terms that fold to the word, the first
        /// `max` of them in byte order.
        #[test]
        fn the_spellings_are_the_terms_that_fold_to_the_word(
            segments in proptest::collection::vec(proptest::collection::vec(word(), 0..12), 1..4),
            typed in word(),
            max in 1usize..6,
        ) {
            let mut schema = Schema::builder();
            let field = schema.add_text_field("t", STRING);
            let index = Index::create_in_ram(schema.build());
            let mut writer: tantivy::IndexWriter = index.writer(15_000_000).map_err(to_fail)?;
            for terms in &segments {
                for t in terms {
                    writer.add_document(doc!(field => t.as_str())).map_err(to_fail)?;
                }
                writer.commit().map_err(to_fail)?;
            }
            let searcher = index.reader().map_err(to_fail)?.searcher();
            let folded = fold_string(&typed);
            let mut expected: Vec<String> = segments
                .iter()
                .flatten()
                .filter(|t| fold_string(t) == folded)
                .cloned()
                .collect();
            expected.sort();
            expected.dedup();
            expected.truncate(max);
            prop_assert_eq!(spellings(&searcher, field, &folded, max), expected);
        }
    }

    fn to_fail(e: tantivy::TantivyError) -> TestCaseError {
        TestCaseError::fail(e.to_string())
    }
}
