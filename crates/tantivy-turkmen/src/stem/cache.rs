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

thread_local! {
    static EXACT: RefCell<Memo> = RefCell::new(Memo::default());
    static FOLDED: RefCell<Memo> = RefCell::new(Memo::default());
    static RUSSIAN: RefCell<Memo> = RefCell::new(Memo::default());
    static ENGLISH: RefCell<Memo> = RefCell::new(Memo::default());
    static NORM_TK: RefCell<Memo> = RefCell::new(Memo::default());
    static NORM_RU: RefCell<Memo> = RefCell::new(Memo::default());
    static NORM_EN: RefCell<Memo> = RefCell::new(Memo::default());
    static NORM_NEUTRAL: RefCell<Memo> = RefCell::new(Memo::default());
    static TERM_TK: RefCell<Memo> = RefCell::new(Memo::default());
    static TERM_RU: RefCell<Memo> = RefCell::new(Memo::default());
    static TERM_EN: RefCell<Memo> = RefCell::new(Memo::default());
    static TERM_FOLDED: RefCell<Memo> = RefCell::new(Memo::default());
}

/// A whole analysis chain from a raw piece to its term (see `analyzer::Chain`), remembered as one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Chain {
    Tk,
    Ru,
    En,
    Folded,
}

impl Chain {
    /// The normalisation the chain starts with.
    pub(crate) fn norm(self) -> Norm {
        match self {
            Chain::Tk => Norm::Tk,
            Chain::Ru => Norm::Ru,
            Chain::En => Norm::En,
            Chain::Folded => Norm::Neutral,
        }
    }
}

/// Turns one raw piece into its term with `term` (the chain's normalisation and stemming in one), or copies
/// the term remembered for the same raw piece on this thread: one lookup per token instead of one for the
/// normalisation and one for the stem.
pub(crate) fn term_memo(chain: Chain, raw: &str, out: &mut String, term: fn(&mut String)) {
    let memo = match chain {
        Chain::Tk => &TERM_TK,
        Chain::Ru => &TERM_RU,
        Chain::En => &TERM_EN,
        Chain::Folded => &TERM_FOLDED,
    };
    out.clear();
    out.push_str(raw);
    remembered(memo, out, term);
}

/// Which stemmer a memo serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stemmer {
    /// [`super::tk::stem`].
    Exact,
    /// [`super::tk::stem_folded`].
    Folded,
    /// Snowball Russian (the algorithm tantivy's `Stemmer` filter runs).
    Russian,
    /// Snowball English (the algorithm tantivy's `Stemmer` filter runs).
    English,
}

/// Stems `word` in place with the chosen stemmer, or copies the remembered stem.
pub fn stem_memo(word: &mut String, which: Stemmer) {
    let (memo, stemmer): (&'static LocalKey<RefCell<Memo>>, fn(&mut String)) = match which {
        Stemmer::Exact => (&EXACT, super::tk::stem),
        Stemmer::Folded => (&FOLDED, super::tk::stem_folded),
        Stemmer::Russian => (&RUSSIAN, snowball_russian),
        Stemmer::English => (&ENGLISH, snowball_english),
    };
    remembered(memo, word, stemmer);
}

/// Normalises one piece of text into `out` ([`crate::normalize::normalize_into`]), or copies the remembered
/// result: the segmenter's pieces repeat like the words they are, and most need more than lowercasing.
pub(crate) fn normalize_memo(norm: Norm, raw: &str, out: &mut String) {
    if raw.len() > MAX_KEY_BYTES || raw.is_ascii() {
        // Too long to remember, or ASCII, which normalisation only lowercases (cheaper than a lookup).
        normalize_into(norm, raw, out);
        return;
    }
    let (memo, normalizer): (&'static LocalKey<RefCell<Memo>>, fn(&mut String)) = match norm {
        Norm::Tk => (&NORM_TK, |w| normalize_in_place(Norm::Tk, w)),
        Norm::Ru => (&NORM_RU, |w| normalize_in_place(Norm::Ru, w)),
        Norm::En => (&NORM_EN, |w| normalize_in_place(Norm::En, w)),
        Norm::Neutral => (&NORM_NEUTRAL, |w| normalize_in_place(Norm::Neutral, w)),
    };
    out.clear();
    out.push_str(raw);
    remembered(memo, out, normalizer);
}

pub(crate) fn normalize_in_place(norm: Norm, word: &mut String) {
    let mut normalised = String::with_capacity(word.len());
    normalize_into(norm, word, &mut normalised);
    *word = normalised;
}

/// Applies `f` to `word` through `memo` (directly when the word is too long or the memo is in use).
fn remembered(memo: &'static LocalKey<RefCell<Memo>>, word: &mut String, f: fn(&mut String)) {
    if word.len() > MAX_KEY_BYTES {
        f(word);
        return;
    }
    memo.with(|m| match m.try_borrow_mut() {
        Ok(mut m) => m.stem(word, f),
        // Re-entered on this thread (cannot happen with the analyzers here): apply directly.
        Err(_) => f(word),
    });
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
    fn stem(&mut self, word: &mut String, stemmer: fn(&mut String)) {
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

    /// (name, through the memo, without it)
    type Pair = (&'static str, fn(&str) -> String, fn(&str) -> String);

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
        let pairs: [Pair; 8] = [
            (
                "exact",
                |w| memo_stemmed(w, Stemmer::Exact),
                |w| stemmed(w, crate::stem::tk::stem),
            ),
            (
                "folded",
                |w| memo_stemmed(w, Stemmer::Folded),
                |w| stemmed(w, crate::stem::tk::stem_folded),
            ),
            (
                "russian",
                |w| memo_stemmed(w, Stemmer::Russian),
                |w| stemmed(w, snowball_russian),
            ),
            (
                "english",
                |w| memo_stemmed(w, Stemmer::English),
                |w| stemmed(w, snowball_english),
            ),
            (
                "norm tk",
                |w| normalised(w, Norm::Tk, normalize_memo),
                |w| normalised(w, Norm::Tk, normalize_into),
            ),
            (
                "norm ru",
                |w| normalised(w, Norm::Ru, normalize_memo),
                |w| normalised(w, Norm::Ru, normalize_into),
            ),
            (
                "norm en",
                |w| normalised(w, Norm::En, normalize_memo),
                |w| normalised(w, Norm::En, normalize_into),
            ),
            (
                "norm neutral",
                |w| normalised(w, Norm::Neutral, normalize_memo),
                |w| normalised(w, Norm::Neutral, normalize_into),
            ),
        ];
        for round in 0..2000 {
            let word = words[round % words.len()];
            for (name, memo, direct) in pairs {
                assert_eq!(memo(word), direct(word), "{word:?} {name} in round {round}");
            }
        }
    }
}
