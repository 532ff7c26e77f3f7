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

/// Number of slots of a stemmer's or normalisation's memo (a power of two): 1 MiB.
const SLOTS: usize = 16384;
/// Number of slots of the term memo (a power of two): 4 MiB, shared by the four fused chains.
const TERM_SLOTS: usize = 32768;
/// Longer words are not memoised: rare, and they would make every slot bigger.
const MAX_KEY_BYTES: usize = 40;
/// A stem is remembered as how much of its word it keeps plus a tail (empty when the stem is a prefix of
/// the word, a letter or two when a final consonant changed, `kitaby` → `kita` + `p`); stems that need a
/// longer tail are not memoised.
const MAX_TAIL_BYTES: usize = 21;
/// `Kept::tail_len` of a term not (yet) remembered.
const UNKNOWN: u8 = u8::MAX;

/// A term remembered for a key: how much of the key it keeps, plus a tail, so that a hit whose term is a
/// prefix of the key is a truncation.
#[derive(Clone, Copy)]
struct Kept {
    keep: u8,
    tail_len: u8,
    tail: [u8; MAX_TAIL_BYTES],
}

impl Kept {
    const NONE: Kept = Kept {
        keep: 0,
        tail_len: UNKNOWN,
        tail: [0; MAX_TAIL_BYTES],
    };

    /// Turns `word`, which holds the key, into the remembered term; `false` (and `word` untouched) when
    /// nothing is remembered.
    fn apply(&self, word: &mut String) -> bool {
        let keep = usize::from(self.keep);
        if self.tail_len == UNKNOWN || !word.is_char_boundary(keep) {
            return false;
        }
        word.truncate(keep);
        if self.tail_len > 0 {
            // The tail was cut from a `String` at a character boundary when stored.
            let tail = &self.tail[..usize::from(self.tail_len)];
            word.push_str(std::str::from_utf8(tail).unwrap_or_default());
        }
        true
    }

    /// What to remember of `term`, computed from `key` ([`Kept::NONE`] when its tail is too long).
    fn of(key: &[u8], term: &str) -> Kept {
        let bytes = term.as_bytes();
        let mut keep = key.iter().zip(bytes).take_while(|(a, b)| a == b).count();
        while !term.is_char_boundary(keep) {
            keep -= 1;
        }
        let tail = &bytes[keep..];
        if tail.len() > MAX_TAIL_BYTES {
            return Kept::NONE;
        }
        let mut kept = Kept {
            // Both fit in a u8 (MAX_KEY_BYTES < 255).
            keep: keep as u8,
            tail_len: tail.len() as u8,
            tail: [0; MAX_TAIL_BYTES],
        };
        kept.tail[..tail.len()].copy_from_slice(tail);
        kept
    }
}

/// A slot's key: the raw bytes of a word, `len` 0 for an empty slot (an empty word is not memoised).
#[derive(Clone, Copy)]
struct Key {
    len: u8,
    bytes: [u8; MAX_KEY_BYTES],
}

impl Key {
    const EMPTY: Key = Key {
        len: 0,
        bytes: [0; MAX_KEY_BYTES],
    };

    fn is(&self, word: &[u8]) -> bool {
        &self.bytes[..usize::from(self.len)] == word
    }

    /// `word` must be 1..=MAX_KEY_BYTES bytes long.
    fn of(word: &[u8]) -> Key {
        let mut key = Key::EMPTY;
        key.len = word.len() as u8;
        key.bytes[..word.len()].copy_from_slice(word);
        key
    }
}

/// One remembered word and its stem, stored inline in one cache line: a lookup follows no pointer.
#[derive(Clone, Copy)]
#[repr(align(64))]
struct Slot {
    key: Key,
    term: Kept,
}

impl Default for Slot {
    fn default() -> Self {
        Slot {
            key: Key::EMPTY,
            term: Kept::NONE,
        }
    }
}

#[derive(Default)]
struct Memo {
    slots: Vec<Slot>,
}

/// One raw piece and the terms of the fused chains for it: the folded chain's and one language chain's
/// (`chain`). A document's text goes through the folded chain and then its language's, piece by piece, so
/// the language chain finds the slot the folded chain has just read or filled still in the CPU cache,
/// where two memos would cost two reads from memory per word of a large vocabulary.
#[derive(Clone, Copy)]
#[repr(align(128))]
struct TermSlot {
    key: Key,
    folded: Kept,
    /// Which chain `other` belongs to ([`Chain::index`]); `other` is [`Kept::NONE`] when none.
    chain: u8,
    other: Kept,
}

impl Default for TermSlot {
    fn default() -> Self {
        TermSlot {
            key: Key::EMPTY,
            folded: Kept::NONE,
            chain: 0,
            other: Kept::NONE,
        }
    }
}

impl TermSlot {
    /// The term of `chain`, if remembered.
    fn term(&mut self, chain: Chain) -> &mut Kept {
        if chain == Chain::Folded {
            return &mut self.folded;
        }
        if self.chain != chain.index() {
            self.chain = chain.index();
            self.other = Kept::NONE;
        }
        &mut self.other
    }
}

#[derive(Default)]
struct TermMemo {
    slots: Vec<TermSlot>,
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
    static TERMS: RefCell<TermMemo> = RefCell::new(TermMemo::default());
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

    /// A number of its own, for [`TermSlot::chain`].
    fn index(self) -> u8 {
        self as u8
    }
}

/// Turns one raw piece into its term with `term` (the chain's normalisation and stemming in one), or copies
/// the term remembered for the same raw piece on this thread: one lookup per token instead of one for the
/// normalisation and one for the stem, and the folded chain and a language chain share the lookup's slot.
pub(crate) fn term_memo(chain: Chain, raw: &str, out: &mut String, term: fn(&mut String)) {
    out.clear();
    out.push_str(raw);
    if raw.is_empty() || raw.len() > MAX_KEY_BYTES {
        term(out);
        return;
    }
    TERMS.with(|m| match m.try_borrow_mut() {
        Ok(mut m) => m.term(chain, out, term),
        // Re-entered on this thread (cannot happen with the analyzers here): apply directly.
        Err(_) => term(out),
    });
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

/// Normalises `word` in place, through a per-thread buffer whose allocation it swaps with the word's (the
/// miss path of every fused chain runs it, so it must not allocate).
pub(crate) fn normalize_in_place(norm: Norm, word: &mut String) {
    with_scratch(|scratch| {
        normalize_into(norm, word, scratch);
        std::mem::swap(word, scratch);
    });
}

thread_local! {
    static SCRATCH: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Runs `f` with this thread's scratch buffer (a fresh one if it is in use).
pub(crate) fn with_scratch<R>(f: impl FnOnce(&mut String) -> R) -> R {
    SCRATCH.with(|s| match s.try_borrow_mut() {
        Ok(mut s) => f(&mut s),
        Err(_) => f(&mut String::new()),
    })
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

/// The set of two slots `word` hashes to in `slots` (allocated with `n` slots on first use).
fn set_of<'a, S: Clone + Default>(slots: &'a mut Vec<S>, n: usize, word: &[u8]) -> &'a mut [S] {
    if slots.is_empty() {
        *slots = vec![S::default(); n];
    }
    let set = (hash(word) & (n / 2 - 1)) * 2;
    &mut slots[set..set + 2]
}

impl Memo {
    /// Two-way set-associative: a word hashes to a set of two slots, the most recently stored first.
    fn stem(&mut self, word: &mut String, stemmer: fn(&mut String)) {
        if word.is_empty() {
            stemmer(word);
            return;
        }
        let pair = set_of(&mut self.slots, SLOTS, word.as_bytes());
        if let Some(slot) = pair.iter().find(|s| s.key.is(word.as_bytes())) {
            if slot.term.apply(word) {
                return;
            }
        }
        pair[1] = pair[0];
        let key = Key::of(word.as_bytes());
        stemmer(word);
        pair[0] = Slot {
            key,
            term: Kept::of(&key.bytes[..usize::from(key.len)], word),
        };
    }
}

impl TermMemo {
    /// Like [`Memo::stem`], with the slot's half for `chain`; `word` is a raw piece of 1..=MAX_KEY_BYTES.
    fn term(&mut self, chain: Chain, word: &mut String, term: fn(&mut String)) {
        let pair = set_of(&mut self.slots, TERM_SLOTS, word.as_bytes());
        let i = match pair.iter().position(|s| s.key.is(word.as_bytes())) {
            Some(i) => i,
            None => {
                pair[1] = pair[0];
                pair[0] = TermSlot {
                    key: Key::of(word.as_bytes()),
                    ..TermSlot::default()
                };
                0
            }
        };
        let slot = &mut pair[i];
        let key = slot.key;
        let kept = slot.term(chain);
        if kept.apply(word) {
            return;
        }
        term(word);
        *kept = Kept::of(&key.bytes[..usize::from(key.len)], word);
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

    /// The term memo shared by the fused chains gives each chain exactly what its function gives, whichever
    /// chains asked about the same piece before (each slot holds the folded chain's term and one other's).
    #[test]
    fn the_term_memo_keeps_each_chains_term_apart() {
        let chains: [(Chain, fn(&mut String)); 4] = [
            (Chain::Folded, crate::stem::tk::stem_folded),
            (Chain::Tk, crate::stem::tk::stem),
            (Chain::Ru, snowball_russian),
            (Chain::En, snowball_english),
        ];
        let words = [
            "kitaplaryndan",
            "Kitaby",
            "maslahatyna",
            "libraries",
            "библиотеками",
            "türkmenistanyň",
            "a",
            "",
            "Kitaphanalarymyzdakylaryňkylardan",
        ];
        for round in 0..500 {
            let word = words[round % words.len()];
            // The chains in turn from a different one each round, backwards every other round: folded then a
            // language (as a document is indexed), a language then folded, languages one after another.
            for k in 0..chains.len() {
                let k = if round % 2 == 0 {
                    k
                } else {
                    chains.len() - 1 - k
                };
                let (chain, f) = chains[(round / 2 + k) % chains.len()];
                let mut memoised = String::new();
                term_memo(chain, word, &mut memoised, f);
                assert_eq!(
                    memoised,
                    stemmed(word, f),
                    "{word:?} {chain:?} in round {round}"
                );
            }
        }
    }
}
