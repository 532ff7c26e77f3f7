//! A memo for stemmers: news text repeats its words (Zipf), so most tokens are stemmed once per analyzer.
//!
//! Direct-mapped: a word hashes to one slot, which keeps the last word stemmed there and its stem. The slot
//! buffers are reused, so after warm-up a lookup allocates nothing. The memo switches on only after
//! [`WARM_UP_TOKENS`] tokens, so the short-lived analyzers of queries and snippets never pay for it.

/// Tokens an analyzer sees before it starts memoising.
const WARM_UP_TOKENS: usize = 512;
/// Number of slots (a power of two).
const SLOTS: usize = 16384;
/// Longer words are not memoised (rare, and they would grow the slot buffers).
const MAX_KEY_BYTES: usize = 40;

#[derive(Clone, Default)]
struct Slot {
    key: String,
    value: String,
}

/// A memo in front of an in-place stemmer. Stems are never longer than their words, which
/// [`StemCache::stem`] relies on to copy a stem back without reallocating.
#[derive(Clone, Default)]
pub struct StemCache {
    slots: Vec<Slot>,
    seen: usize,
}

impl StemCache {
    /// Stems `word` in place with `stemmer`, or copies the remembered stem.
    pub fn stem(&mut self, word: &mut String, stemmer: fn(&mut String)) {
        if self.slots.is_empty() {
            self.seen += 1;
            if self.seen < WARM_UP_TOKENS {
                stemmer(word);
                return;
            }
            self.slots = vec![Slot::default(); SLOTS];
        }
        if word.len() > MAX_KEY_BYTES {
            stemmer(word);
            return;
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
        ];
        let mut cache = StemCache::default();
        for round in 0..2000 {
            let word = words[round % words.len()];
            let mut memo = word.to_string();
            cache.stem(&mut memo, crate::stem::tk::stem);
            let mut direct = word.to_string();
            crate::stem::tk::stem(&mut direct);
            assert_eq!(memo, direct, "{word:?} in round {round}");
        }
        assert!(!cache.slots.is_empty(), "the memo switched on");
    }
}
