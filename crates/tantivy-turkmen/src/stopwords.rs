//! Function words that a query does not require: with every word required (AND), "сотрудничество с
//! библиотеками" must not fail because a document says "сотрудничество библиотек". They still count for
//! ranking and inside quoted phrases. Lists are short on purpose: only words with no topic of their own.

/// Turkmen conjunctions, postpositions and particles.
const TK: &[&str] = &[
    "we",
    "hem",
    "hem-de",
    "bilen",
    "üçin",
    "boýunça",
    "ýaly",
    "bu",
    "şu",
    "ol",
    "şol",
    "da",
    "de",
    "ýa-da",
    "ýa",
    "ýene",
    "ýene-de",
    "has",
    "iň",
    "her",
    "bir",
    "barada",
    "arasynda",
    "bolup",
    "diýip",
];
/// Russian prepositions, conjunctions and particles (ё written as е).
const RU: &[&str] = &[
    "и",
    "в",
    "во",
    "на",
    "с",
    "со",
    "о",
    "об",
    "обо",
    "по",
    "к",
    "ко",
    "из",
    "для",
    "от",
    "до",
    "за",
    "у",
    "а",
    "но",
    "не",
    "ни",
    "же",
    "ли",
    "бы",
    "при",
    "под",
    "над",
    "про",
    "через",
    "между",
    "как",
    "что",
    "это",
    "или",
];
/// English articles, prepositions and conjunctions.
const EN: &[&str] = &[
    "the", "a", "an", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by", "from",
    "between", "about", "into", "is", "are", "was", "were", "be", "its", "it", "as", "that",
    "this", "how", "what",
];

/// Whether `word` (normalised: lowercase, ё→е) is a function word in any of the three languages.
///
/// ```
/// use tantivy_turkmen::stopwords::is_stopword;
/// assert!(is_stopword("bilen") && is_stopword("с") && is_stopword("the"));
/// assert!(!is_stopword("kitap") && !is_stopword("библиотека"));
/// ```
pub fn is_stopword(word: &str) -> bool {
    TK.contains(&word) || RU.contains(&word) || EN.contains(&word)
}
