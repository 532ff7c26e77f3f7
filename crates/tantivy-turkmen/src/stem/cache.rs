//! A memo in front of every stemmer (Turkmen exact and folded, Snowball Russian and English) and of each
//! language's normalisation: news text repeats its words (Zipf), so most tokens are normalised and stemmed
//! once per thread.
//!
//! One memo per thread and stemmer (1 MiB), two-way set-associative: a word hashes to a set of two slots,
//! each holding a word and its stem inline, so a lookup reads one or two cache lines, follows no pointer and
//! allocates nothing (the lookup is bound by memory latency, so the slots are what matters). The fused chains
//! share one term memo whose slot holds the folded chain's term beside a language chain's in one cache line
//! (see [`TermSlot`]); it starts at 4 MiB and grows once to 8 MiB on a thread that meets a large vocabulary
//! (most words new: its misses cost a stemming each, two for a document's two chains). Being thread-local,
//! the memo is never copied when tantivy clones an analyzer, never contended between indexing threads, and
//! stays warm across documents, queries and snippets.

use std::cell::RefCell;
use std::thread::LocalKey;

use crate::lang::Lang;
use crate::normalize::{normalize_into, Norm};

/// Number of slots of a stemmer's or normalisation's memo (a power of two): 1 MiB.
const SLOTS: usize = 16384;
/// Number of slots of the term memo at first (a power of two): 4 MiB, shared by the fused chains.
const TERM_SLOTS: usize = 65536;
/// Number of slots the term memo grows to on a large vocabulary: 8 MiB.
const TERM_SLOTS_LARGE: usize = 131072;
/// Lookups after which a thread's term memo checks its miss rate (and again as often after).
const GROW_AFTER: u32 = 1 << 20;
/// The term memo grows when more than one lookup in this many missed.
const GROW_MISS_RATE: u32 = 8;
/// A grown term memo is left aside when all but one lookup in this many missed ...
const BYPASS_HIT_RATE: u32 = 32;
/// ... for this many lookups, after which it is used again for [`PROBE`] lookups, and left aside again
/// if those hit as rarely (and judged so after every [`PROBE`] lookups while it stays in use).
const BYPASS_FOR: u32 = 1 << 20;
/// Lookups counted after a bypass before the memo is judged again.
const PROBE: u32 = 1 << 12;
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
        restore(word, keep, &self.tail[..usize::from(self.tail_len)]);
        true
    }

    /// What to remember of `term`, computed from `key` ([`Kept::NONE`] when its tail is too long).
    fn of(key: &Key, term: &str) -> Kept {
        let keep = kept_prefix(key.bytes(), term);
        let tail = &term.as_bytes()[keep..];
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

/// How much of `term` (in bytes, at a character boundary) a memo keeps from the key: their common prefix.
fn kept_prefix(key: &[u8], term: &str) -> usize {
    let common = key
        .iter()
        .zip(term.as_bytes())
        .take_while(|(a, b)| a == b)
        .count();
    crate::segment::prefix(term, common).len()
}

/// Turns `word`, which holds the key, into a remembered term: its first `keep` bytes (a character
/// boundary, checked by the caller) and `tail`.
fn restore(word: &mut String, keep: usize, tail: &[u8]) {
    word.truncate(keep);
    if !tail.is_empty() {
        // The tail was cut from a `String` at a character boundary when stored.
        word.push_str(std::str::from_utf8(tail).unwrap_or_default());
    }
}

/// A slot's key: the raw bytes of a word; `len` 0 is an empty slot (an empty word is not memoised).
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

    /// `word` must be 1..=MAX_KEY_BYTES bytes long.
    fn of(word: &[u8]) -> Key {
        let mut key = Key::EMPTY;
        key.len = word.len() as u8;
        key.bytes[..word.len()].copy_from_slice(word);
        key
    }

    fn bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
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

/// Bytes of a [`TermSlot`] after its header: the key, then the folded chain's tail from the front, the
/// language chain's tail from the back (so the slot is one cache line).
const TERM_SLOT_BYTES: usize = 58;

/// A term in a [`TermSlot`]: how much of the key it keeps, and its tail's length plus one (0: not
/// remembered).
#[derive(Clone, Copy, Default)]
struct Part {
    keep: u8,
    tail: u8,
}

/// One raw piece and the terms the fused chains made of it: the folded chain's and one language chain's
/// (`chain`), packed into one cache line (two to a set: a lookup reads two adjacent lines). A document's
/// text goes through the folded chain and then through its language's, so the language chain finds the
/// slot the folded chain has just read or filled still in the CPU cache, where a memo per chain cost two
/// reads from memory per word of a large vocabulary. A term whose tail does not fit beside the key and the
/// other term's tail is not remembered (long words with long tails are rare).
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct TermSlot {
    key_len: u8,
    /// Whose term `other` is ([`Chain::code`], the bits of [`CHAIN_CODE`]), and whether the folded term is
    /// the Turkmen term with its Turkmen letters folded ([`COVER_KNOWN`], [`COVERED`]).
    chain: u8,
    folded: Part,
    other: Part,
    bytes: [u8; TERM_SLOT_BYTES],
}

/// The bits of [`TermSlot::chain`] that are the chain's code.
const CHAIN_CODE: u8 = 0x3F;
/// [`TermSlot::chain`]: whether [`COVERED`] has been worked out for the slot's two terms.
const COVER_KNOWN: u8 = 0x80;
/// [`TermSlot::chain`]: the folded term is the Turkmen term with its Turkmen letters folded
/// ([`crate::fold::folds_to`]), so a Turkmen document's folded-exceptions field drops the piece.
const COVERED: u8 = 0x40;

/// A set of two slots, the most recently stored first, on a 128-byte boundary.
#[derive(Clone, Copy, Default)]
#[repr(align(128))]
struct TermSet([TermSlot; 2]);

impl Default for TermSlot {
    fn default() -> Self {
        TermSlot {
            key_len: 0,
            chain: Chain::Folded.code(),
            folded: Part::default(),
            other: Part::default(),
            bytes: [0; TERM_SLOT_BYTES],
        }
    }
}

impl TermSlot {
    fn key(&self) -> &[u8] {
        &self.bytes[..usize::from(self.key_len)]
    }

    /// A fresh slot for `key` (1..=MAX_KEY_BYTES bytes).
    fn of(key: &[u8]) -> TermSlot {
        let mut bytes = [0; TERM_SLOT_BYTES];
        bytes[..key.len()].copy_from_slice(key);
        TermSlot {
            key_len: key.len() as u8,
            bytes,
            ..TermSlot::default()
        }
    }

    /// Where `part`'s tail of `len` bytes lies: after the key for the folded chain, at the end for the
    /// other.
    fn tail_range(&self, folded: bool, len: usize) -> std::ops::Range<usize> {
        if folded {
            let from = usize::from(self.key_len);
            from..from + len
        } else {
            TERM_SLOT_BYTES - len..TERM_SLOT_BYTES
        }
    }

    /// Turns `word`, which holds the key, into `chain`'s remembered term; `false` (and `word` untouched)
    /// when it is not remembered.
    fn apply(&self, chain: Chain, word: &mut String) -> bool {
        let folded = chain == Chain::Folded;
        let part = if folded {
            self.folded
        } else if self.chain & CHAIN_CODE == chain.code() {
            self.other
        } else {
            return false;
        };
        let keep = usize::from(part.keep);
        if part.tail == 0 || !word.is_char_boundary(keep) {
            return false;
        }
        let len = usize::from(part.tail - 1);
        restore(word, keep, &self.bytes[self.tail_range(folded, len)]);
        true
    }

    /// Remembers `term` as `chain`'s (replacing another language chain's), if its tail fits.
    fn store(&mut self, chain: Chain, term: &str) {
        let folded = chain == Chain::Folded;
        // A term changes: whether one covers the other is worked out again.
        self.chain &= CHAIN_CODE;
        if !folded && self.chain != chain.code() {
            self.chain = chain.code();
            self.other = Part::default();
        }
        let keep = kept_prefix(self.key(), term);
        let tail = &term.as_bytes()[keep..];
        let beside = if folded { self.other } else { self.folded };
        let used = usize::from(self.key_len) + usize::from(beside.tail.saturating_sub(1));
        if used + tail.len() > TERM_SLOT_BYTES {
            return;
        }
        let range = self.tail_range(folded, tail.len());
        self.bytes[range].copy_from_slice(tail);
        let part = Part {
            // Both fit in a u8 (MAX_KEY_BYTES, TERM_SLOT_BYTES < 255).
            keep: keep as u8,
            tail: tail.len() as u8 + 1,
        };
        if folded {
            self.folded = part;
        } else {
            self.other = part;
        }
    }

    /// Whether the slot's folded term is `tk_term` (the Turkmen chain's term of the key, remembered in
    /// this slot) with its Turkmen letters folded; `false` when either term is not remembered. Worked out
    /// once per pair of terms, then read from [`TermSlot::chain`]'s bits.
    fn covered(&mut self, tk_term: &str) -> bool {
        if self.chain & CHAIN_CODE != Chain::Lang(Lang::Tk).code()
            || self.folded.tail == 0
            || self.other.tail == 0
        {
            return false;
        }
        if self.chain & COVER_KNOWN != 0 {
            return self.chain & COVERED != 0;
        }
        // The folded term, rebuilt from the key's first `keep` bytes and the tail (it fits the slot).
        let mut folded = [0u8; TERM_SLOT_BYTES];
        let keep = usize::from(self.folded.keep);
        let tail = self.tail_range(true, usize::from(self.folded.tail - 1));
        let len = keep + tail.len();
        folded[..keep].copy_from_slice(&self.key()[..keep]);
        folded[keep..len].copy_from_slice(&self.bytes[tail]);
        let covered = crate::fold::folds_to_bytes(tk_term.as_bytes(), &folded[..len]);
        self.chain |= COVER_KNOWN | if covered { COVERED } else { 0 };
        covered
    }
}

#[derive(Default)]
struct TermMemo {
    sets: Vec<TermSet>,
    /// Lookups and misses since the sets were allocated (see [`TermMemo::term`]).
    lookups: u32,
    misses: u32,
    /// Lookups left during which the memo is not used (see [`TermMemo::term`]).
    bypass: u32,
    /// The value of `lookups` that counting started from (after a bypass, [`GROW_AFTER`] - [`PROBE`]).
    counted_from: u32,
}

/// One memo per language and one for the language-neutral (folded) side.
const MEMOS: usize = Lang::ALL.len() + 1;

thread_local! {
    /// Word → stem, per [`Stemmer`].
    static STEMS: [RefCell<Memo>; MEMOS] = Default::default();
    /// Raw piece → normalised piece, per [`Norm`].
    static NORMS: [RefCell<Memo>; MEMOS] = Default::default();
    /// Raw piece → term, for every [`Chain`].
    static TERMS: RefCell<TermMemo> = RefCell::new(TermMemo::default());
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

    /// A number of its own, for [`TermSlot::chain`].
    const fn code(self) -> u8 {
        match self {
            Chain::Folded => 0,
            // At most a handful of languages.
            Chain::Lang(lang) => lang as u8 + 1,
        }
    }
}

/// A memo's place for a language, or for the neutral side after the languages.
fn memo_index(lang: Option<Lang>) -> usize {
    lang.map_or(Lang::ALL.len(), Lang::index)
}

/// Turns one raw piece into its term with `term` (the chain's normalisation and stemming in one), or copies
/// the term remembered for the same raw piece on this thread: one lookup per token instead of one for the
/// normalisation and one for the stem, and the folded chain and a language chain share the lookup's slot.
pub(crate) fn term_memo(chain: Chain, raw: &str, out: &mut String, term: impl FnOnce(&mut String)) {
    memo_term(chain, raw, out, term, |_, _| ());
}

/// [`term_memo`] for the Turkmen chain, which also tells whether the folded chain's term of the same raw
/// piece, when the memo holds it, is the Turkmen term with its Turkmen letters folded: then a Turkmen
/// document's folded-exceptions field drops the piece, and need not make its term (see
/// `tokenizer::segment_tokenizer`). `false` when the memo does not know.
pub(crate) fn term_memo_covered(
    raw: &str,
    out: &mut String,
    term: impl FnOnce(&mut String),
) -> bool {
    memo_term(Chain::Lang(Lang::Tk), raw, out, term, |slot, word| {
        slot.covered(word)
    })
}

/// [`term_memo`], and `then` of the slot that now holds the term with the term (the default when the
/// piece is not memoised or the memo is left aside). Inlined into each of the two, which are the hot path
/// of every chain: as a function of its own it cost the index run 0.7 % more instructions.
#[inline(always)]
fn memo_term<R: Default>(
    chain: Chain,
    raw: &str,
    out: &mut String,
    term: impl FnOnce(&mut String),
    then: impl FnOnce(&mut TermSlot, &str) -> R,
) -> R {
    out.clear();
    out.push_str(raw);
    if raw.is_empty() || raw.len() > MAX_KEY_BYTES {
        term(out);
        return R::default();
    }
    TERMS.with(|m| match m.try_borrow_mut() {
        Ok(mut m) => match m.term(chain, out, term) {
            Some(slot) => then(slot, out),
            None => R::default(),
        },
        // Re-entered on this thread (cannot happen with the analyzers here): apply directly.
        Err(_) => {
            term(out);
            R::default()
        }
    })
}

/// Asks the CPU to start loading the sets of the term memo that `raws` (pieces [`term_memo`] is about to
/// look up) hash to, all at once: a set of a memo of several MiB is seldom in the cache, and a lookup that
/// waits for its own read, one after another, spent most of its time waiting. Only a hint (nothing is read
/// or changed); a memo left aside or not yet allocated is not touched.
pub(crate) fn warm_terms<'a>(raws: impl Iterator<Item = &'a str>) {
    TERMS.with(|m| {
        let Ok(m) = m.try_borrow() else {
            return;
        };
        if m.bypass > 0 || m.sets.is_empty() {
            return;
        }
        let mask = m.sets.len() - 1;
        for raw in raws {
            if (1..=MAX_KEY_BYTES).contains(&raw.len()) {
                let set = &m.sets[hash(raw.as_bytes()) & mask].0;
                prefetch(&set[0]);
                prefetch(&set[1]);
            }
        }
    });
}

/// Asks the CPU to start loading the cache line that holds `x` into every cache level: a hint, with no
/// effect on any result (nothing where the instruction is not available).
#[inline(always)]
fn prefetch<T>(x: &T) {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse"))]
    safe_arch::prefetch_t0(x);
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse")))]
    let _ = x;
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
    fn stem(&mut self, word: &mut String, stemmer: impl FnOnce(&mut String)) {
        if word.is_empty() {
            stemmer(word);
            return;
        }
        let pair = set_of(&mut self.slots, SLOTS, word.as_bytes());
        if let Some(slot) = pair.iter().find(|s| s.key.bytes() == word.as_bytes()) {
            if slot.term.apply(word) {
                return;
            }
        }
        pair[1] = pair[0];
        let key = Key::of(word.as_bytes());
        stemmer(word);
        pair[0] = Slot {
            key,
            term: Kept::of(&key, word),
        };
    }
}

impl TermMemo {
    /// Like [`Memo::stem`], in `chain`'s part of the slot; `word` is a raw piece of 1..=MAX_KEY_BYTES.
    ///
    /// The memo starts at [`TERM_SLOTS`] slots (queries, snippets and small collections stay there) and
    /// grows once, emptied, to [`TERM_SLOTS_LARGE`] when a thread has looked up [`GROW_AFTER`] pieces and
    /// more than one in [`GROW_MISS_RATE`] missed: a large, growing vocabulary (agglutinative news).
    ///
    /// A grown memo whose lookups nearly all missed ([`BYPASS_HIT_RATE`]: a stream of words seen once,
    /// such as a word list) costs a read from memory per piece and saves nothing, so it is then left
    /// aside for [`BYPASS_FOR`] lookups: each term is made directly, as on a miss. Used again, it is judged
    /// after every [`PROBE`] lookups until it is left aside again.
    ///
    /// Returns the slot that now holds the term (`None` while the memo is left aside).
    fn term(
        &mut self,
        chain: Chain,
        word: &mut String,
        term: impl FnOnce(&mut String),
    ) -> Option<&mut TermSlot> {
        if self.bypass > 0 {
            self.bypass -= 1;
            if self.bypass == 0 {
                // Judged again after the next PROBE lookups.
                self.counted_from = GROW_AFTER - PROBE;
                self.lookups = self.counted_from;
                self.misses = 0;
            }
            term(word);
            return None;
        }
        if self.sets.is_empty() {
            self.sets = vec![TermSet::default(); TERM_SLOTS / 2];
        }
        self.lookups += 1;
        if self.lookups == GROW_AFTER {
            let grown = self.sets.len() == TERM_SLOTS_LARGE / 2;
            if self.misses > GROW_AFTER / GROW_MISS_RATE && !grown {
                self.sets = vec![TermSet::default(); TERM_SLOTS_LARGE / 2];
            }
            // Counted again from here (a memo that did not need to grow may later).
            let mut from = 0;
            if grown {
                let counted = GROW_AFTER - self.counted_from;
                if (counted - self.misses) * BYPASS_HIT_RATE < counted {
                    self.bypass = BYPASS_FOR;
                } else if self.counted_from > 0 {
                    // Used again after a bypass, it is judged again after every PROBE lookups: a stretch
                    // of words seen shortly before must not keep a memo that then misses for GROW_AFTER.
                    from = GROW_AFTER - PROBE;
                }
            }
            self.lookups = from;
            self.misses = 0;
            self.counted_from = from;
        }
        let n = self.sets.len();
        let set = &mut self.sets[hash(word.as_bytes()) & (n - 1)].0;
        let i = match set.iter().position(|s| s.key() == word.as_bytes()) {
            Some(i) => i,
            None => {
                set[1] = set[0];
                set[0] = TermSlot::of(word.as_bytes());
                0
            }
        };
        let slot = &mut set[i];
        if slot.apply(chain, word) {
            return Some(slot);
        }
        self.misses += 1;
        term(word);
        slot.store(chain, word);
        Some(slot)
    }
}

/// A word's slot hash: [`crate::hash`] over its bytes (the tail zero-padded to a chunk), seeded with its
/// length.
fn hash(bytes: &[u8]) -> usize {
    let (mut h, rest) = crate::hash::mix_chunks(bytes.len() as u64, bytes);
    if !rest.is_empty() {
        let mut buf = [0u8; 8];
        buf[..rest.len()].copy_from_slice(rest);
        h = crate::hash::mix(h, u64::from_le_bytes(buf));
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

    /// A thread's term memo that grows (a vocabulary of new words) keeps giving each chain its own term,
    /// before, across and after the growth.
    #[test]
    fn the_term_memo_grows_on_a_large_vocabulary_and_stays_exact() {
        // Every third piece a word seen before, the rest new: more misses than the memo tolerates.
        let word = |k: u32| format!("söz{k}ler");
        let cut = |w: &mut String| w.truncate(w.len() - 3);
        let (mut folded, mut exact) = (String::new(), String::new());
        for k in 0..GROW_AFTER + 50_000 {
            let k = if k % 3 == 0 { k / 3 } else { k };
            term_memo(Chain::Folded, &word(k), &mut folded, cut);
            term_memo(Chain::Lang(Lang::Tk), &word(k), &mut exact, |w| w.push('!'));
            assert_eq!(folded, format!("söz{k}"));
            assert_eq!(exact, format!("söz{k}ler!"));
        }
        let grown = TERMS.with(|m| m.borrow().sets.len());
        assert_eq!(grown, TERM_SLOTS_LARGE / 2);
    }

    /// A thread's term memo that meets only new words grows, then is left aside, and every chain keeps getting
    /// exactly its function's term throughout.
    #[test]
    fn the_term_memo_is_left_aside_while_nearly_every_word_is_new() {
        let cut = |w: &mut String| w.truncate(w.len() - 3);
        let (mut folded, mut exact) = (String::new(), String::new());
        let mut left_aside_at = None;
        for k in 0..2 * GROW_AFTER + 1000 {
            let word = format!("täze{k}ler");
            term_memo(Chain::Folded, &word, &mut folded, cut);
            term_memo(Chain::Lang(Lang::Tk), &word, &mut exact, |w| w.push('!'));
            assert_eq!(folded, format!("täze{k}"));
            assert_eq!(exact, format!("{word}!"));
            if left_aside_at.is_none() && TERMS.with(|m| m.borrow().bypass) > 0 {
                left_aside_at = Some(k);
            }
        }
        // Two lookups per word: grown after GROW_AFTER lookups, left aside after as many again, used again
        // after BYPASS_FOR for PROBE lookups and, still missing, left aside again; the rest are into that.
        assert_eq!(left_aside_at, Some(GROW_AFTER - 1));
        let (sets, bypass) = TERMS.with(|m| (m.borrow().sets.len(), m.borrow().bypass));
        assert_eq!(sets, TERM_SLOTS_LARGE / 2);
        assert_eq!(bypass, BYPASS_FOR - (GROW_AFTER + 2000 - PROBE));
    }

    /// A term memo used again after a bypass stays in use while its lookups hit, and is left aside again
    /// within a few [`PROBE`]s of lookups once they stop hitting (not after a whole [`GROW_AFTER`]).
    #[test]
    fn the_term_memo_used_again_is_left_aside_soon_after_its_hits_stop() {
        let cut = |w: &mut String| w.truncate(w.len() - 3);
        let bypass = || TERMS.with(|m| m.borrow().bypass);
        let mut out = String::new();
        let mut k = 0u32;
        let mut new_word = |out: &mut String| {
            k += 1;
            let word = format!("täze{k}ler");
            term_memo(Chain::Folded, &word, out, cut);
            assert_eq!(*out, format!("täze{k}"));
        };
        while bypass() == 0 {
            new_word(&mut out);
        }
        while bypass() > 0 {
            new_word(&mut out);
        }
        for _ in 0..4 * PROBE {
            term_memo(Chain::Folded, "kitaplar", &mut out, cut);
            assert_eq!(out, "kitap");
            assert_eq!(bypass(), 0, "a memo whose lookups hit is kept");
        }
        let mut left_aside_after = None;
        for n in 0..4 * PROBE {
            new_word(&mut out);
            if bypass() > 0 {
                left_aside_after = Some(n);
                break;
            }
        }
        assert!(
            left_aside_after.is_some_and(|n| n < 2 * PROBE),
            "{left_aside_after:?}"
        );
    }

    /// Asking for the sets of pieces ahead of their lookups neither allocates a thread's memo nor changes
    /// what the lookups give.
    #[test]
    fn warming_the_term_memo_changes_nothing() {
        // On a thread of its own, whose memo is not allocated yet.
        let thread = std::thread::spawn(|| {
            warm_terms(["kitaplar", "maslahatyna"].into_iter());
            assert!(TERMS.with(|m| m.borrow().sets.is_empty()));
            let cut = |w: &mut String| w.truncate(w.len() - 3);
            let mut out = String::new();
            for round in 0..3 {
                warm_terms(["kitaplar", "", &"x".repeat(MAX_KEY_BYTES + 1)].into_iter());
                term_memo(Chain::Folded, "kitaplar", &mut out, cut);
                assert_eq!(out, "kitap", "round {round}");
            }
        });
        assert!(thread.join().is_ok());
    }

    /// The term memo shared by the fused chains gives each chain exactly what its function gives, whichever
    /// chains asked about the same piece before (each slot holds the folded chain's term and one other's).
    #[test]
    fn the_term_memo_keeps_each_chains_term_apart() {
        type Term = fn(&mut String);
        let mut chains: Vec<(Chain, Term)> = vec![(Chain::Folded, super::super::tk::stem_folded)];
        chains.extend(Lang::ALL.map(|lang| (Chain::Lang(lang), lang.language().stem)));
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
