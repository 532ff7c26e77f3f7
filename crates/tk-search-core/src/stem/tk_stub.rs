//! Temporary stand-in until the real stemmer lands.
/// Stub.
pub fn stem(word: &mut String) {
    for suf in [
        "larynyň", "larynda", "laryna", "lary", "synda", "syna", "ynyň", "ynda", "yna", "ny", "y",
        "a", "da", "dan", "lar",
    ] {
        if word.len() > suf.len() + 4 && word.ends_with(suf) {
            let n = word.len() - suf.len();
            word.truncate(n);
            break;
        }
    }
    if word.ends_with('b') {
        word.pop();
        word.push('p');
    }
}
/// Stub.
pub fn stem_folded(word: &mut String) {
    stem(word)
}
