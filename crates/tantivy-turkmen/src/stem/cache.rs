//! A memo in front of every stemmer (Turkmen exact and folded, Snowball Russian and English) and of each
//! language's normalisation: news text repeats its words (Zipf), so most tokens are normalised and stemmed
//! once per thread.
//!
//! One memo per thread and stemmer (1 MiB), two-way set-associative: a word hashes to a set of two slots,
//! each holding a word and its stem inline, so a lookup reads one or two cache lines, follows no pointer and
//! allocates nothing (profiles showed the lookup bound by memory latency, not by hashing). Being
//! thread-local, the memo is never copied when tantivy clones an analyzer, never contended between indexing
//! threads, and stays warm across documents, queries and snippets.

use std::cell::RefCell;
use std::thread::LocalKey;

use crate::lang::Lang;
use crate::normalize::{normalize_into, Norm};

/// Number of slots (a power of two).
const SLOTS: usize = 16384;
/// Longer words are not memoised: rare, and they would make every slot bigger.
const MAX_KEY_BYTES: usize = 40;
/// A stem is remembered as how much of its word it keeps plus a tail (empty when the stem is a prefix of
/// the word, a letter or two when a final consonant changed, `kitaby` → `kita` + `p`); stems that need a
/// longer tail are not memoised.
const MAX_TAIL_BYTES: usize = 21;

/// One remembered word and its stem, stored inline in one cache line: a lookup follows no pointer, and
/// a hit whose stem is a prefix of the word is a truncation.
#[derive(Clone, Copy)]
#[repr(align(64))]
struct Slot {
    key_len: u8,
    keep: u8,
    tail_len: u8,
    key: [u8; MAX_KEY_BYTES],
    tail: [u8; MAX_TAIL_BYTES],
}

impl Default for Slot {
    fn default() -> Self {
        // `key_len` 0 never matches: an empty word is not memoised.
        Slot {
            key_len: 0,
            keep: 0,
            tail_len: 0,
            key: [0; MAX_KEY_BYTES],
            tail: [0; MAX_TAIL_BYTES],
        }
    }
}

#[derive(Default)]
struct Memo {
    slots: Vec<Slot>,
}

/// One memo per language and one for the language-neutral (folded) side.
const MEMOS: usize = Lang::ALL.len() + 1;

thread_local! {
    /// Word → stem, per [`Stemmer`].
    static STEMS: [RefCell<Memo>; MEMOS] = Default::default();
    /// Raw piece → normalised piece, per [`Norm`].
    static NORMS: [RefCell<Memo>; MEMOS] = Default::default();
    /// Raw piece → term, per [`Chain`].
    static TERMS: [RefCell<Memo>; MEMOS] = Default::default();
}

/// A whole analysis chain from a raw piece to its term (a language's, or the folded field's), remembered as
/// one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Chain {
    /// A language's exact fields: its normalisation, then its stemmer.
    Lang(Lang),
    /// The folded field: neutral normalisation, ASCII folding, the folded Turkmen stemmer.
    Folded,
}

impl Chain {
    /// The normalisation the chain starts with.
    pub(crate) fn norm(self) -> Norm {
        match self {
            Chain::Lang(lang) => Norm::Lang(lang),
            Chain::Folded => Norm::Neutral,
        }
    }
}

/// A memo's place for a language, or for the neutral side after the languages.
fn memo_index(lang: Option<Lang>) -> usize {
    lang.map_or(Lang::ALL.len(), Lang::index)
}

/// Turns one raw piece into its term with `term` (the chain's normalisation and stemming in one), or copies
/// the term remembered for the same raw piece on this thread: one lookup per token instead of one for the
/// normalisation and one for the stem.
pub(crate) fn term_memo(chain: Chain, raw: &str, out: &mut String, term: impl FnOnce(&mut String)) {
    let which = match chain {
        Chain::Lang(lang) => Some(lang),
        Chain::Folded => None,
    };
    out.clear();
    out.push_str(raw);
    remembered(&TERMS, memo_index(which), out, term);
}

/// Which stemmer a memo serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stemmer {
    /// A language's stemmer (Turkmen: [`super::tk::stem`] on words; Russian and English: Snowball, the
    /// algorithms tantivy's `Stemmer` filter runs).
    Lang(Lang),
    /// [`super::tk::stem_folded`], for the folded field.
    Folded,
}

/// Stems `word` in place with the chosen stemmer, or copies the remembered stem.
pub fn stem_memo(word: &mut String, which: Stemmer) {
    match which {
        Stemmer::Lang(lang) => {
            remembered(&STEMS, memo_index(Some(lang)), word, lang.language().stem)
        }
        Stemmer::Folded => remembered(&STEMS, memo_index(None), word, super::tk::stem_folded),
    }
}

/// Normalises one piece of text into `out` ([`crate::normalize::normalize_into`]), or copies the remembered
/// result: the segmenter's pieces repeat like the words they are, and most need more than lowercasing.
pub(crate) fn normalize_memo(norm: Norm, raw: &str, out: &mut String) {
    if raw.len() > MAX_KEY_BYTES || raw.is_ascii() {
        // Too long to remember, or ASCII, which normalisation only lowercases (cheaper than a lookup).
        normalize_into(norm, raw, out);
        return;
    }
    let which = match norm {
        Norm::Lang(lang) => Some(lang),
        Norm::Neutral => None,
    };
    out.clear();
    out.push_str(raw);
    remembered(&NORMS, memo_index(which), out, |w| {
        normalize_in_place(norm, w)
    });
}

pub(crate) fn normalize_in_place(norm: Norm, word: &mut String) {
    let mut normalised = String::with_capacity(word.len());
    normalize_into(norm, word, &mut normalised);
    *word = normalised;
}

/// Applies `f` to `word` through the `index`th of `memos` (directly when the word is too long or the memo
/// is in use).
fn remembered(
    memos: &'static LocalKey<[RefCell<Memo>; MEMOS]>,
    index: usize,
    word: &mut String,
    f: impl FnOnce(&mut String),
) {
    if word.len() > MAX_KEY_BYTES {
        f(word);
        return;
    }
    memos.with(
        |memos| match memos.get(index).map(RefCell::try_borrow_mut) {
            Some(Ok(mut m)) => m.stem(word, f),
            // Re-entered on this thread (cannot happen with the analyzers here): apply directly.
            _ => f(word),
        },
    );
}

fn snowball(word: &mut String, algorithm: frostem::Algorithm) {
    if let std::borrow::Cow::Owned(stem) = frostem::Stemmer::new(algorithm).stem(word) {
        *word = stem;
    }
}

pub(crate) fn snowball_russian(word: &mut String) {
    snowball(word, frostem::Algorithm::Russian);
}

pub(crate) fn snowball_english(word: &mut String) {
    snowball(word, frostem::Algorithm::English);
}

impl Memo {
    /// Two-way set-associative: a word hashes to a set of two slots, the most recently stored first.
    fn stem(&mut self, word: &mut String, stemmer: impl FnOnce(&mut String)) {
        if word.is_empty() {
            stemmer(word);
            return;
        }
        if self.slots.is_empty() {
            self.slots = vec![Slot::default(); SLOTS];
        }
        let set = (hash(word.as_bytes()) & (SLOTS / 2 - 1)) * 2;
        let Some(pair) = self.slots.get_mut(set..set + 2) else {
            stemmer(word);
            return;
        };
        for slot in pair.iter() {
            if &slot.key[..usize::from(slot.key_len)] == word.as_bytes() {
                let keep = usize::from(slot.keep);
                if word.is_char_boundary(keep) {
                    word.truncate(keep);
                    if slot.tail_len > 0 {
                        // The tail was cut from a `String` at a character boundary when stored.
                        let tail = &slot.tail[..usize::from(slot.tail_len)];
                        word.push_str(std::str::from_utf8(tail).unwrap_or_default());
                    }
                    return;
                }
            }
        }
        pair[1] = pair[0];
        let slot = &mut pair[0];
        let len = word.len();
        slot.key[..len].copy_from_slice(word.as_bytes());
        stemmer(word);
        let stem = word.as_bytes();
        let mut keep = slot.key[..len]
            .iter()
            .zip(stem)
            .take_while(|(a, b)| a == b)
            .count();
        while !word.is_char_boundary(keep) {
            keep -= 1;
        }
        let tail = &stem[keep..];
        if tail.len() <= MAX_TAIL_BYTES {
            // All three fit in a u8 (MAX_KEY_BYTES < 256).
            slot.key_len = len as u8;
            slot.keep = keep as u8;
            slot.tail_len = tail.len() as u8;
            slot.tail[..tail.len()].copy_from_slice(tail);
        } else {
            slot.key_len = 0;
        }
    }
}

/// FxHash-style multiplicative hash over 8-byte chunks.
fn hash(bytes: &[u8]) -> usize {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h: u64 = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut buf = [0u8; 8];
        buf.copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(buf)).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut buf = [0u8; 8];
        buf[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(buf)).wrapping_mul(K);
    }
    (h ^ (h >> 29)) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stemmed(word: &str, stem: fn(&mut String)) -> String {
        let mut out = word.to_string();
        stem(&mut out);
        out
    }

    fn memo_stemmed(word: &str, which: Stemmer) -> String {
        let mut out = word.to_string();
        stem_memo(&mut out, which);
        out
    }

    fn normalised(word: &str, norm: Norm, f: fn(Norm, &str, &mut String)) -> String {
        let mut out = String::new();
        f(norm, word, &mut out);
        out
    }

    /// Every memo — the stemmers' and the normalisations' — gives exactly what the function behind it gives,
    /// on first sight and on every later hit (the words cycle, so slots fill, hit and get replaced).
    #[test]
    fn every_memo_gives_exactly_what_the_function_gives() {
        let words = [
            "kitaplaryndan",
            "maslahatyna",
            "kitaphanasynda",
            "geçirildi",
            "okaýar",
            "kitaby",
            "we",
            "bu",
            "türkmenistanyň",
            "sergisi",
            "sergä",
            "a",
            "",
            "kitaplaryn",
            "библиотеками",
            "учёных",
            "libraries",
            "celebrated",
            "generously",
            "Kitaphana",
            "ONLAÝN",
            "Türkmenistanyň",
            "Китапхана",
            "Ёлка",
            "y\u{301}yl",
            "Meñ",
            "İstanbul",
            "Library’s",
            "Kitaphanalarymyzdakylaryňkylardan",
        ];
        let direct_stem = |w: &str, stem: fn(&mut String)| stemmed(w, stem);
        for round in 0..2000 {
            let word = words[round % words.len()];
            for lang in Lang::ALL {
                assert_eq!(
                    memo_stemmed(word, Stemmer::Lang(lang)),
                    direct_stem(word, lang.language().stem),
                    "{word:?} {lang} stem in round {round}"
                );
            }
            assert_eq!(
                memo_stemmed(word, Stemmer::Folded),
                direct_stem(word, crate::stem::tk::stem_folded),
                "{word:?} folded stem in round {round}"
            );
            let norms = Lang::ALL.map(Norm::Lang);
            for norm in norms.into_iter().chain([Norm::Neutral]) {
                assert_eq!(
                    normalised(word, norm, normalize_memo),
                    normalised(word, norm, normalize_into),
                    "{word:?} {norm:?} in round {round}"
                );
            }
        }
    }
}
