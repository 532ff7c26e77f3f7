//! The multiply-rotate mixing step of FxHash, eight bytes at a time: stable (the same on every platform and
//! run, unlike std's `DefaultHasher`) and cheap. The memos hash words with it; tk-search-core hashes document
//! contents with it.

/// FxHash's multiplier.
const K: u64 = 0x517c_c1b7_2722_0a95;

/// Mixes one 64-bit word into the state `h`.
pub fn mix(h: u64, word: u64) -> u64 {
    (h.rotate_left(5) ^ word).wrapping_mul(K)
}

/// Mixes every whole eight-byte chunk of `bytes` (little-endian) into `h`; returns the state and the
/// remaining (fewer than eight) bytes, which each caller finishes in its own way.
///
/// ```
/// let (h, rest) = tantivy_turkmen::hash::mix_chunks(0, b"abcdefghij");
/// assert_eq!(rest, b"ij");
/// assert_eq!(h, tantivy_turkmen::hash::mix(0, u64::from_le_bytes(*b"abcdefgh")));
/// ```
pub fn mix_chunks(mut h: u64, bytes: &[u8]) -> (u64, &[u8]) {
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut buf = [0u8; 8];
        buf.copy_from_slice(c);
        h = mix(h, u64::from_le_bytes(buf));
    }
    (h, chunks.remainder())
}
