//! A memo for the Turkmen stemmer: news text repeats its words (Zipf), so most tokens are stemmed once per
//! thread.
//!
//! One memo per thread and stemmer, direct-mapped: a word hashes to one slot, which keeps the last word
//! stemmed there and its stem. Slot buffers are reused, so after warm-up a lookup allocates nothing. Being
//! thread-local, the memo is never copied when tantivy clones an analyzer, never contended between indexing
//! threads, and stays warm across documents, queries and snippets.

use std::cell::RefCell;

/// Number of slots (a power of two).
const SLOTS: usize = 16384;
/// Longer words are not memoised (rare, and they would grow the slot buffers).
const MAX_KEY_BYTES: usize = 40;

#[derive(Clone, Default)]
struct Slot {
    key: String,
    value: String,
}

#[derive(Default)]
struct Memo {
    slots: Vec<Slot>,
}

thread_local! {
    static EXACT: RefCell<Memo> = RefCell::new(Memo::default());
    static FOLDED: RefCell<Memo> = RefCell::new(Memo::default());
}

/// Which stemmer a memo serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stemmer {
    /// [`super::tk::stem`].
    Exact,
    /// [`super::tk::stem_folded`].
    Folded,
}

/// Stems `word` in place with the chosen Turkmen stemmer, or copies the remembered stem.
pub fn stem_memo(word: &mut String, which: Stemmer) {
    let (memo, stemmer): (
        &'static std::thread::LocalKey<RefCell<Memo>>,
        fn(&mut String),
    ) = match which {
        Stemmer::Exact => (&EXACT, super::tk::stem),
        Stemmer::Folded => (&FOLDED, super::tk::stem_folded),
    };
    if word.len() > MAX_KEY_BYTES {
        stemmer(word);
        return;
    }
    memo.with(|m| match m.try_borrow_mut() {
        Ok(mut m) => m.stem(word, stemmer),
        // Re-entered on this thread (cannot happen with the analyzers here): stem directly.
        Err(_) => stemmer(word),
    });
}

impl Memo {
    /// Stems are never longer than their words, which lets a stem be copied back without reallocating.
    fn stem(&mut self, word: &mut String, stemmer: fn(&mut String)) {
        if self.slots.is_empty() {
            self.slots = vec![Slot::default(); SLOTS];
        }
        let slot = &mut self.slots[hash(word.as_bytes()) & (SLOTS - 1)];
        if slot.key == *word {
            word.clear();
            word.push_str(&slot.value);
            return;
        }
        slot.key.clear();
        slot.key.push_str(word);
        stemmer(word);
        slot.value.clear();
        slot.value.push_str(word);
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

    #[test]
    fn memo_gives_exactly_what_the_stemmer_gives() {
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
        ];
        for round in 0..2000 {
            let word = words[round % words.len()];
            for (which, direct_fn) in [
                (Stemmer::Exact, crate::stem::tk::stem as fn(&mut String)),
                (Stemmer::Folded, crate::stem::tk::stem_folded),
            ] {
                let mut memo = word.to_string();
                stem_memo(&mut memo, which);
                let mut direct = word.to_string();
                direct_fn(&mut direct);
                assert_eq!(memo, direct, "{word:?} {which:?} in round {round}");
            }
        }
    }
}
