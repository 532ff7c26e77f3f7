//! Russian: `ё` is written as `е` in most texts, so both meet as `е`.

/// Maps a lowercase character: `ё`→`е`.
pub(crate) fn map_char(c: char) -> char {
    if c == 'ё' {
        'е'
    } else {
        c
    }
}
