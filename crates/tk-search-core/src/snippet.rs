//! Snippets: the best passage of a body with the matched words highlighted.
//!
//! The body is run through the document language's analyzer and, when needed, the folded analyzer, so a
//! word is highlighted however it matched (`kitap` highlights `kitaby`, `onlayn` highlights `onlaýn`).
//!
//! The best fragment is chosen the way tantivy's `SnippetGenerator` chooses it (consecutive runs of tokens
//! at most [`MAX_SNIPPET_CHARS`] long, the highest-scoring one, the earliest on a tie), but without its
//! per-call costs: tantivy clones the analyzer and the term map for every document and lowercases every
//! token into a new string. Here the analyzers are
//! built once per search (`Snippeter`) and the terms are looked up as the analyzers produce them (already
//! lowercase).
//!
//! The passage shown is then laid out for a reader: it starts where the sentence holding the fragment's
//! first match starts and takes whole sentences (with their punctuation) while they fit in
//! [`MAX_SNIPPET_CHARS`] characters; where it has to cut inside a sentence it cuts between words and marks the
//! cut with `…`. Runs of white space (line and paragraph breaks included) are shown as one space.

use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::ops::Range;

#[cfg(test)]
use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use tantivy::Score;

use tantivy_turkmen::fold::fold_turkmen;
use tantivy_turkmen::segment::{prefix, Piece, PieceKind, Segmenter};
use tantivy_turkmen::tokenizer::{self, SegmentTokenizer};
use tantivy_turkmen::{DocLang, Lang};

/// The terms to highlight, per analyzer: what the query's terms look like in each field family.
#[derive(Debug, Default)]
pub(crate) struct HighlightTerms {
    pub(crate) per_lang: BTreeMap<Lang, BTreeMap<String, Score>>,
    pub(crate) folded: BTreeMap<String, Score>,
    /// The pre-filter of each chain's terms (the languages', then the folded one's), made when a snippet
    /// first needs it and shared by every hit of the search (the terms are not changed once snippets are
    /// being made).
    openings: [OnceCell<Openings>; Lang::ALL.len() + 1],
}

impl HighlightTerms {
    /// A new scan for the terms of language `lang`; `None` when it has none.
    fn lang_scan(&self, lang: Lang) -> Option<Scan<'_>> {
        let terms = self.per_lang.get(&lang)?;
        Some(self.scan(terms, Chain::Lang(lang), lang.index()))
    }

    /// A new scan for the folded terms.
    fn folded_scan(&self) -> Scan<'_> {
        self.scan(&self.folded, Chain::Folded, Lang::ALL.len())
    }

    fn scan<'t>(
        &'t self,
        terms: &'t BTreeMap<String, Score>,
        chain: Chain,
        slot: usize,
    ) -> Scan<'t> {
        let openings = self.openings[slot].get_or_init(|| Openings::new(terms, chain));
        Scan::new(terms, chain, openings)
    }
}

/// Longest passage in characters, not counting the `…` that marks a cut.
pub const MAX_SNIPPET_CHARS: usize = 240;

/// The mark of a passage cut inside a sentence.
pub const ELLIPSIS: &str = "…";

/// How far before the first match a passage may start when that match's sentence starts too early, in
/// characters (some context before the match, most of the room after it).
const LEAD_CHARS: usize = MAX_SNIPPET_CHARS / 6;

/// How many characters around the first match are looked at for sentence boundaries: a passage never
/// reaches further than [`MAX_SNIPPET_CHARS`] from it, and the margin gives the sentence rules the context
/// they look at around a boundary.
const SENTENCE_REACH_CHARS: usize = MAX_SNIPPET_CHARS + 32;

/// A passage of a document with highlighted ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snippet {
    /// The passage.
    pub text: String,
    /// Byte ranges of `text` to highlight, in order and not overlapping.
    pub highlights: Vec<Range<usize>>,
}

impl Snippet {
    /// The passage with each highlighted range wrapped in `open` … `close`.
    ///
    /// ```
    /// let s = tk_search_core::Snippet { text: "Täze kitaby".into(), highlights: vec![6..12] };
    /// assert_eq!(s.marked("[", "]"), "Täze [kitaby]");
    /// ```
    pub fn marked(&self, open: &str, close: &str) -> String {
        let mut out = String::with_capacity(self.text.len() + 8 * self.highlights.len());
        let mut at = 0;
        for r in &self.highlights {
            out.push_str(&self.text[at..r.start]);
            out.push_str(open);
            out.push_str(&self.text[r.clone()]);
            out.push_str(close);
            at = r.end;
        }
        out.push_str(&self.text[at..]);
        out
    }
}

/// Snippets are first looked for in this much of the body (most news puts its subject up front); only a
/// body whose opening has no match is analysed whole.
const FIRST_WINDOW_BYTES: usize = 1024;

/// The most of a body a snippet is looked for in (a quarter of ingest's default document cap): a hit
/// whose body does not hold the query's words (a title match) is analysed this far, for every hit shown,
/// so it bounds the time a page of such hits takes. A match further in leaves the body's opening as the
/// snippet.
const MAX_SCAN_BYTES: usize = crate::ingest::DEFAULT_MAX_DOC_BYTES / 4;

/// Makes snippets with analyzers built once (one per language, built when first needed, and the folded one).
///
/// A body is segmented once, and only the words that could give a term to highlight are analysed (see
/// [`Openings`]); the others still count for where fragments start and end, exactly as a full analysis
/// counts them.
pub(crate) struct Snippeter {
    langs: [Option<SegmentTokenizer>; Lang::ALL.len()],
    folded: SegmentTokenizer,
    segmenter: Segmenter,
    pieces: Vec<Piece>,
    /// Where each of `pieces` starts and ends in characters (from the start of the part segmented).
    piece_chars: Vec<Range<usize>>,
    /// What the pre-filter needs of each of `pieces` (read once per part segmented, so that each scan need
    /// not read the word's characters again); `None` for a compound's joined form.
    piece_keys: Vec<Option<WordKey>>,
    /// The part of the body that `pieces` are of.
    segmented: Range<usize>,
    /// Scratch buffers: a term, a compound's joined text.
    term: String,
    scratch: String,
    /// Analyse every word (the reference the pre-filter is held to in tests).
    #[cfg(test)]
    analyse_all: bool,
}

/// The matches found in a body: where the best fragment's first match starts, and every match, in byte
/// offsets of the body.
#[derive(Debug, Default, PartialEq)]
struct Found {
    first: usize,
    matches: Vec<Range<usize>>,
}

/// An analysis chain: the tokenizer of a language's fields or of the folded field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chain {
    Lang(Lang),
    Folded,
}

impl Snippeter {
    pub(crate) fn new() -> Snippeter {
        Snippeter {
            langs: Default::default(),
            folded: tokenizer::folded(),
            segmenter: Segmenter::default(),
            pieces: Vec::new(),
            piece_chars: Vec::new(),
            piece_keys: Vec::new(),
            segmented: 0..0,
            term: String::new(),
            scratch: String::new(),
            #[cfg(test)]
            analyse_all: false,
        }
    }

    /// The best passage of `body` for a document of language `lang`.
    pub(crate) fn snippet(&mut self, body: &str, lang: DocLang, terms: &HighlightTerms) -> Snippet {
        // Bounded work per hit, however long a body was written (ingest caps what it writes; an embedder's
        // writer need not).
        let body = prefix(body, MAX_SCAN_BYTES);
        let mut found = self.find(body, lang, terms);
        let bounds = passage_bounds(body, found.first);
        if !terms.folded.is_empty() && !found.matches.is_empty() {
            // Words that matched only through folding, inside the chosen passage. Each chunk between white
            // space is segmented on its own, so when the passage starts and ends between chunks of the part
            // segmented last, its pieces are those of that part that lie in it.
            let mut scan = terms.folded_scan();
            let passage = bounds.start..bounds.end;
            let part = self.segmented.clone();
            let between_chunks = |at: usize| {
                at == part.start
                    || at == part.end
                    || body[..at].ends_with(char::is_whitespace)
                    || body[at..].starts_with(char::is_whitespace)
            };
            if part.start <= passage.start
                && passage.end <= part.end
                && between_chunks(passage.start)
                && between_chunks(passage.end)
            {
                self.feed_pieces(&mut scan, body, part, passage);
            } else {
                self.feed(&mut scan, body, passage);
            }
            found.matches.extend(scan.matches);
        }
        lay_out(body, &bounds, &merge_ranges(&found.matches))
    }

    /// The matches of `body`, looked for first in its opening ([`FIRST_WINDOW_BYTES`], cut between words)
    /// and only when that has none in the rest: in each part the document's own language first, the
    /// folded analyzer only when that finds nothing (the match came through folding alone). The rest
    /// continues the opening's scans (tokens after white space do not depend on the text before it), so
    /// the opening is analysed once however far the matches are.
    fn find(&mut self, body: &str, lang: DocLang, terms: &HighlightTerms) -> Found {
        let langs: &[Lang] = match &lang {
            DocLang::Known(l) => std::slice::from_ref(l),
            DocLang::Unknown => &Lang::ALL,
        };
        let opening = if body.len() > FIRST_WINDOW_BYTES {
            let window = prefix(body, FIRST_WINDOW_BYTES);
            // Cut at a word boundary so that the window's last token is a whole word.
            window.rfind(char::is_whitespace).unwrap_or(window.len())
        } else {
            body.len()
        };
        let mut scans: Vec<Scan<'_>> = langs.iter().filter_map(|&l| terms.lang_scan(l)).collect();
        let mut folded = terms.folded_scan();
        for part in [0..opening, opening..body.len()] {
            if part.is_empty() {
                continue;
            }
            self.segment(body, part.clone());
            for scan in &mut scans {
                self.feed_segmented(scan, body, part.clone());
            }
            // The language with the most matches so far (the first on a tie).
            let mut best: Option<usize> = None;
            for (i, scan) in scans.iter().enumerate() {
                if best.is_none_or(|b| scan.matches.len() > scans[b].matches.len()) {
                    best = Some(i);
                }
            }
            if let Some(i) = best.filter(|&i| !scans[i].matches.is_empty()) {
                return scans.swap_remove(i).found();
            }
            self.feed_segmented(&mut folded, body, part);
            if !folded.matches.is_empty() {
                return folded.found();
            }
        }
        Found::default()
    }

    /// Segments `text[part]` into `self.pieces` (offsets from `part.start`), as [`Segmenter::segment_into`]
    /// does: see [`segment_into`].
    fn segment(&mut self, text: &str, part: Range<usize>) {
        self.segmented = part.clone();
        segment_into(
            &mut self.segmenter,
            &text[part],
            &mut self.pieces,
            &mut self.piece_chars,
            &mut self.piece_keys,
        );
    }

    /// Segments `text[part]` and feeds it to `scan`.
    fn feed(&mut self, scan: &mut Scan<'_>, text: &str, part: Range<usize>) {
        self.segment(text, part.clone());
        self.feed_segmented(scan, text, part);
    }

    /// Feeds `scan` the tokens of `text[part]`, whose pieces are in `self.pieces`: every piece the chain
    /// keeps, its term looked up only when the piece could give one of the scan's terms.
    fn feed_segmented(&mut self, scan: &mut Scan<'_>, text: &str, part: Range<usize>) {
        self.feed_pieces(scan, text, part.clone(), part);
    }

    /// Feeds `scan` the tokens of `text[part]` that lie in `within` (bytes of `text`), as
    /// [`Snippeter::feed_segmented`] does.
    fn feed_pieces(
        &mut self,
        scan: &mut Scan<'_>,
        text: &str,
        part: Range<usize>,
        within: Range<usize>,
    ) {
        if scan.terms.is_empty() {
            return;
        }
        let tokenizer = match scan.chain {
            Chain::Lang(l) => self.langs[l.index()].get_or_insert_with(|| tokenizer::for_lang(l)),
            Chain::Folded => &mut self.folded,
        };
        #[cfg(test)]
        if self.analyse_all {
            scan.feed_analysed(&mut TextAnalyzer::from(tokenizer.clone()), text, within);
            return;
        }
        let base = part.start;
        // The part starts after the scan's last token (or where a new scan starts counting).
        let base_char = scan.end_char + text[scan.end_byte.min(base)..base].chars().count();
        let part = &text[part];
        // Pieces start in order: the first that can lie in `within`, and none after one that starts at
        // its end.
        let first = self
            .pieces
            .partition_point(|p| base + p.from < within.start);
        for ((piece, chars), key) in self.pieces[first..]
            .iter()
            .zip(&self.piece_chars[first..])
            .zip(&self.piece_keys[first..])
        {
            let span = base + piece.from..base + piece.to;
            if span.start >= within.end {
                break;
            }
            if span.end > within.end {
                continue;
            }
            let chars = base_char + chars.start..base_char + chars.end;
            let opening = match key {
                Some(key) => scan.openings.key_opening(key, piece.to - piece.from),
                None => scan
                    .openings
                    .plain_opening(piece.raw_text(part, &mut self.scratch)),
            };
            if scan.openings.rules_out(opening) {
                scan.token_at(span, chars, None);
            } else if tokenizer.piece_term(part, piece, &mut self.term) {
                scan.token_at(span, chars, Some(&self.term));
            }
        }
    }
}

/// Segments `text` into `out` with `segmenter` (which reads the most common chunk of news text, one word
/// standing alone, in one pass from its first byte), and gives each piece where it starts and ends in
/// characters (`chars`) and the [`WordKey`] of its text (`keys`; `None` for a compound's joined form, whose
/// text is not one slice of `text`).
fn segment_into(
    segmenter: &mut Segmenter,
    text: &str,
    out: &mut Vec<Piece>,
    chars: &mut Vec<Range<usize>>,
    keys: &mut Vec<Option<WordKey>>,
) {
    segmenter.segment_into(text, out);
    chars.clear();
    keys.clear();
    let b = text.as_bytes();
    // The last piece's start and end, in bytes and in characters: piece starts never decrease, and the
    // next piece usually starts after the last one ends (a joined compound's parts start inside it).
    let (mut at_byte, mut at_char) = (0, 0);
    let (mut end_byte, mut end_char) = (0, 0);
    for piece in out.iter() {
        let from_char = if piece.from >= end_byte {
            end_char + count_chars(&b[end_byte..piece.from])
        } else {
            at_char + count_chars(&b[at_byte..piece.from])
        };
        let (key, n) = if piece.kind == PieceKind::Joined {
            (None, count_chars(&b[piece.from..piece.to]))
        } else {
            let key = WordKey::of(&text[piece.from..piece.to]);
            (Some(key), key.chars)
        };
        (at_byte, at_char) = (piece.from, from_char);
        (end_byte, end_char) = (piece.to, from_char + n);
        chars.push(from_char..end_char);
        keys.push(key);
    }
}

/// How many characters the UTF-8 bytes `b` hold (the bytes that are not continuation bytes).
#[inline]
fn count_chars(b: &[u8]) -> usize {
    b.iter().filter(|&&x| (x as i8) >= -0x40).count()
}

/// What the pre-filter needs to know of a piece's text, read once per body segmented: its [`skeleton`]
/// opening (Cyrillic letters counted as plain), how many characters it has, whether all of them have a
/// skeleton, and whether it has a Cyrillic or an ASCII letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct WordKey {
    opening: [char; OPENING_CHARS],
    chars: usize,
    not_plain: bool,
    cyrillic: bool,
    latin: bool,
}

impl WordKey {
    /// The key of `word` (a piece's text), read a byte at a time: the opening's characters first, then
    /// only whether every other character has a skeleton, and which.
    #[inline]
    fn of(word: &str) -> WordKey {
        let b = word.as_bytes();
        let mut opening = [' '; OPENING_CHARS];
        let mut chars = 0;
        // The flags of every character's skeleton so far.
        let mut flags = 0;
        let mut i = 0;
        let not_plain = |opening, chars, i| WordKey {
            opening,
            // Not plain: no opening is compared, only the characters count.
            chars: chars + count_chars(&b[i..]),
            not_plain: true,
            cyrillic: false,
            latin: false,
        };
        while let Some(slot) = opening.get_mut(chars) {
            let Some((s, width)) = skeleton_at(b, i) else {
                break;
            };
            if s == 0 {
                return not_plain(opening, chars, i);
            }
            *slot = char::from_u32(s & SKELETON_CHAR).unwrap_or(' ');
            flags |= s;
            i += width;
            chars += 1;
        }
        while let Some((s, width)) = skeleton_at(b, i) {
            if s == 0 {
                return not_plain(opening, chars, i);
            }
            flags |= s;
            i += width;
            chars += 1;
        }
        WordKey {
            opening,
            chars,
            not_plain: false,
            cyrillic: flags & CYRILLIC != 0,
            latin: flags & LATIN != 0,
        }
    }
}

/// The [`SKELETONS`] entry of the character that starts at byte `i` of `b` (0 for one of three bytes or
/// more) and its length in bytes; `None` at the end.
#[inline(always)]
fn skeleton_at(b: &[u8], i: usize) -> Option<(u32, usize)> {
    let x = *b.get(i)?;
    Some(match (x, b.get(i + 1)) {
        (0..0x80, _) => (SKELETONS[usize::from(x)], 1),
        (0xC0..0xE0, Some(&y)) => (
            SKELETONS[(usize::from(x & 0x1F) << 6) | usize::from(y & 0x3F)],
            2,
        ),
        _ => (0, 0),
    })
}

/// The bits of a [`SKELETONS`] entry that are the skeleton character.
const SKELETON_CHAR: u32 = 0xFFFF;
/// The flag of a [`SKELETONS`] entry whose skeleton is an ASCII letter.
const LATIN: u32 = 1 << 16;
/// The flag of a [`SKELETONS`] entry whose skeleton is outside ASCII (a Cyrillic letter).
const CYRILLIC: u32 = 1 << 17;

/// [`skeleton`] (Cyrillic letters counted as plain) of every character of one or two UTF-8 bytes (below
/// U+0800; none above has one) with its flags ([`LATIN`], [`CYRILLIC`]), 0 for none.
const SKELETONS: [u32; 0x800] = {
    let mut skeletons = [0; 0x800];
    let mut i = 0;
    while i < 0x800 {
        if let Some(c) = char::from_u32(i as u32) {
            if let Some(s) = skeleton(c, true) {
                skeletons[i] = s as u32
                    | if s.is_ascii_alphabetic() { LATIN } else { 0 }
                    | if s.is_ascii() { 0 } else { CYRILLIC };
            }
        }
        i += 1;
    }
    skeletons
};

/// Letters of a word the segmenter's fast path keeps in one run (Latin and basic Cyrillic letters).
const fn is_run_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c, '\u{C0}'..='\u{24F}' if c != '\u{D7}' && c != '\u{F7}')
        || matches!(c, '\u{400}'..='\u{481}' | '\u{48A}'..='\u{4FF}')
}

/// Characters of a term's opening that a word giving the term must share: all but the last two (the
/// stemmers change at most a word's last letters on the way to its term: `kitaby` → `kitap`, `ogly` →
/// `ogul`, `happy` → `happi`), at least one, at most [`OPENING_CHARS`].
fn opening_chars(term_chars: usize) -> usize {
    term_chars.saturating_sub(2).clamp(1, OPENING_CHARS)
}

/// The longest opening compared.
const OPENING_CHARS: usize = 3;

/// Shortest plain word: a single letter is left to the analyzers.
const MIN_PLAIN_CHARS: usize = 2;

/// A word's or term's opening ([`skeleton`] characters), with how many characters of it count.
type Opening = (usize, [char; OPENING_CHARS]);

/// Longest word (in bytes) that the pre-filter may rule out: no chain can make a term too long to keep
/// (`tokenizer::MAX_TERM_BYTES`) of a plain word this long.
const MAX_PLAIN_WORD_BYTES: usize = 64;

/// The pre-filter of a scan: the openings of the terms it looks for. A plain word (letters and digits
/// that every chain only lowercases, folds or keeps, at least [`MIN_PLAIN_CHARS`] long; see [`skeleton`])
/// gives a term that starts with the [`opening_chars`] of its own opening, so a plain word whose opening
/// starts with none of the terms' openings cannot match and is not analysed. Any other word is analysed.
#[derive(Debug)]
struct Openings {
    /// Sorted, without repeats.
    openings: Vec<Opening>,
    /// The first characters of `openings`, sorted, without repeats (most words are ruled out by their
    /// first character alone), and those of them in ASCII as a set of bits.
    firsts: Vec<char>,
    ascii_firsts: u128,
    /// Whether Cyrillic letters are plain for this chain (a Russian or English one keeps them; the
    /// Turkmen chain transliterates them and the folded one keeps only words with a Latin letter).
    cyrillic: bool,
    /// Whether a plain word must hold a Latin letter (the folded chain drops words without one).
    latin: bool,
}

impl Openings {
    fn new(terms: &BTreeMap<String, Score>, chain: Chain) -> Openings {
        let mut openings: Vec<Opening> = terms
            .keys()
            .filter_map(|term| {
                let n = opening_chars(term.chars().count());
                let mut key = [' '; OPENING_CHARS];
                for (slot, c) in key.iter_mut().zip(term.chars()).take(n) {
                    // A term whose opening has a character no plain word gives comes only from words that
                    // are analysed anyway.
                    *slot = skeleton(c, true)?;
                }
                Some((n, key))
            })
            .collect();
        openings.sort_unstable();
        openings.dedup();
        let mut firsts: Vec<char> = openings.iter().map(|(_, key)| key[0]).collect();
        firsts.sort_unstable();
        firsts.dedup();
        let ascii_firsts = firsts
            .iter()
            .filter(|c| c.is_ascii())
            .fold(0, |bits, &c| bits | 1 << u32::from(c));
        Openings {
            openings,
            firsts,
            ascii_firsts,
            cyrillic: matches!(chain, Chain::Lang(Lang::Ru | Lang::En)),
            latin: chain == Chain::Folded,
        }
    }

    /// Whether a piece whose opening as a plain word is `opening` ([`Openings::plain_opening`]; `None` for
    /// any other piece) gives none of the terms (and a token all the same). A word shorter than a term's
    /// opening cannot give that term (its term would be three or more characters longer than the word).
    fn rules_out(&self, opening: Option<Opening>) -> bool {
        let Some((chars, key)) = opening else {
            return false;
        };
        let first = key[0];
        let known = match u32::from(first) {
            c @ 0..128 => self.ascii_firsts >> c & 1 == 1,
            _ => self.firsts.binary_search(&first).is_ok(),
        };
        if !known {
            return true;
        }
        !(1..=chars).any(|n| {
            let mut opening = [' '; OPENING_CHARS];
            opening[..n].copy_from_slice(&key[..n]);
            self.openings.binary_search(&(n, opening)).is_ok()
        })
    }

    /// What [`Openings::plain_opening`] gives for the word of `bytes` bytes whose key is `key`.
    fn key_opening(&self, key: &WordKey, bytes: usize) -> Option<Opening> {
        (bytes <= MAX_PLAIN_WORD_BYTES
            && !key.not_plain
            && (self.cyrillic || !key.cyrillic)
            && key.chars >= MIN_PLAIN_CHARS
            && (key.latin || !self.latin))
            .then_some((key.chars.min(OPENING_CHARS), key.opening))
    }

    /// The opening of a plain word (its raw text) and how many characters of it there are (at most
    /// [`OPENING_CHARS`]); `None` for any other piece.
    fn plain_opening(&self, raw: &str) -> Option<Opening> {
        if raw.len() > MAX_PLAIN_WORD_BYTES {
            return None;
        }
        let mut key = [' '; OPENING_CHARS];
        let mut chars = 0;
        let mut latin = false;
        for c in raw.chars() {
            let s = skeleton(c, self.cyrillic)?;
            latin |= s.is_ascii_alphabetic();
            if let Some(slot) = key.get_mut(chars) {
                *slot = s;
            }
            chars += 1;
        }
        (chars >= MIN_PLAIN_CHARS && (latin || !self.latin))
            .then_some((chars.min(OPENING_CHARS), key))
    }
}

/// What a character of a plain word is in every chain's term, as far as openings are compared: ASCII
/// letters and digits lowercase, the Turkmen letters (which the folded chain folds to ASCII) as their ASCII
/// letter, and, where `cyrillic`, Russian letters lowercase with `ё` as `е`. `None` for any other
/// character (one that a chain may drop, map to another letter or transliterate).
#[inline]
const fn skeleton(c: char, cyrillic: bool) -> Option<char> {
    if c.is_ascii() {
        return if c.is_ascii_alphanumeric() {
            Some(c.to_ascii_lowercase())
        } else {
            None
        };
    }
    if let Some(ascii) = fold_turkmen(c) {
        return Some(ascii.to_ascii_lowercase());
    }
    match c {
        'а'..='я' if cyrillic => Some(c),
        'А'..='Я' if cyrillic => char::from_u32(c as u32 + 0x20),
        'ё' | 'Ё' if cyrillic => Some('е'),
        _ => None,
    }
}

/// The search for the highest-scoring fragment of a text fed to it in consecutive parts: fragments are
/// consecutive runs of tokens at most [`MAX_SNIPPET_CHARS`] long, scored by the weights of the terms they
/// contain (each occurrence counts); the earliest wins a tie.
struct Scan<'t> {
    terms: &'t BTreeMap<String, Score>,
    chain: Chain,
    openings: &'t Openings,
    /// Every match so far, in byte offsets of the text.
    matches: Vec<Range<usize>>,
    /// (score, first match) of the best finished fragment.
    best: Option<(Score, usize)>,
    /// The current fragment: its first character, score, and first match (an index into `matches`).
    start_char: usize,
    score: Score,
    first: usize,
    /// The last token's start, in bytes and in characters (token starts never decrease, so characters
    /// are counted once).
    at_byte: usize,
    at_char: usize,
    /// The last token's end, in bytes and in characters (the next token usually starts after it, and
    /// its characters are then counted on from there).
    end_byte: usize,
    end_char: usize,
}

impl<'t> Scan<'t> {
    fn new(terms: &'t BTreeMap<String, Score>, chain: Chain, openings: &'t Openings) -> Self {
        Scan {
            terms,
            chain,
            openings,
            matches: Vec::new(),
            best: None,
            start_char: 0,
            score: 0.0,
            first: 0,
            at_byte: 0,
            at_char: 0,
            end_byte: 0,
            end_char: 0,
        }
    }

    /// Takes the next token of the text: `text[span]`, with its term when it was analysed (`None` for a
    /// word ruled out, which matches nothing).
    #[cfg(test)]
    fn token(&mut self, text: &str, span: Range<usize>, term: Option<&str>) {
        let from = span.start;
        let at_char = if from >= self.end_byte {
            self.end_char + text[self.end_byte..from].chars().count()
        } else {
            // Inside the last token (a compound's part after its joined form).
            self.at_char + text[self.at_byte..from].chars().count()
        };
        let end_char = at_char + text[span.clone()].chars().count();
        self.token_at(span, at_char..end_char, term);
    }

    /// Takes the next token: bytes `span` of the text, characters `chars`, with its term when it was
    /// analysed (`None` for a word ruled out, which matches nothing).
    fn token_at(&mut self, span: Range<usize>, chars: Range<usize>, term: Option<&str>) {
        let (from, to) = (span.start, span.end);
        (self.at_byte, self.at_char) = (from, chars.start);
        let end_char = chars.end;
        (self.end_byte, self.end_char) = (to, end_char);
        if end_char - self.start_char > MAX_SNIPPET_CHARS {
            self.close_fragment();
            self.start_char = self.at_char;
            self.score = 0.0;
            self.first = self.matches.len();
        }
        if let Some(weight) = term.and_then(|t| self.terms.get(t)) {
            self.score += weight;
            self.matches.push(from..to);
        }
    }

    /// Runs `analyzer` over the whole of `text[part]` (which starts where the previous part ended, after
    /// white space or at the start): the full analysis the pre-filter is held to.
    #[cfg(test)]
    fn feed_analysed(&mut self, analyzer: &mut TextAnalyzer, text: &str, part: Range<usize>) {
        let base = part.start;
        let mut stream = analyzer.token_stream(&text[part]);
        while let Some(token) = stream.next() {
            self.token(
                text,
                base + token.offset_from..base + token.offset_to,
                Some(&token.text),
            );
        }
    }

    /// Makes the current fragment the best when it scores higher than the best so far.
    fn close_fragment(&mut self) {
        if self.score > 0.0 && self.best.is_none_or(|(s, _)| self.score > s) {
            self.best = Some((self.score, self.matches[self.first].start));
        }
    }

    /// Where the best fragment's first match starts, and every match.
    fn found(mut self) -> Found {
        self.close_fragment();
        Found {
            first: self.best.map_or(0, |(_, first)| first),
            matches: self.matches,
        }
    }
}

/// Finds the highest-scoring fragment of `body` in one pass (see [`Scan`]), analysing every word: where its
/// first match starts, and every match of the body.
#[cfg(test)]
fn best_fragment(
    analyzer: &mut TextAnalyzer,
    body: &str,
    terms: &BTreeMap<String, Score>,
) -> Found {
    let openings = Openings::new(terms, Chain::Folded);
    let mut scan = Scan::new(terms, Chain::Folded, &openings);
    scan.feed_analysed(analyzer, body, 0..body.len());
    scan.found()
}

/// The part of a body a passage shows (byte offsets), and whether it was cut inside a sentence at either
/// end.
#[derive(Debug, PartialEq, Eq)]
struct Bounds {
    start: usize,
    end: usize,
    cut_start: bool,
    cut_end: bool,
}

/// Where the passage around the match at byte `first` starts and ends: at the start of that match's
/// sentence when the match then lies within the first half of the passage (else a few words before the
/// match), and at the end of the last whole sentence that fits in [`MAX_SNIPPET_CHARS`] (else at the last
/// word that fits).
fn passage_bounds(body: &str, first: usize) -> Bounds {
    let lo = body[..first]
        .char_indices()
        .rev()
        .nth(SENTENCE_REACH_CHARS - 1)
        .map_or(0, |(i, _)| i);
    let hi = body[first..]
        .char_indices()
        .nth(SENTENCE_REACH_CHARS)
        .map_or(body.len(), |(i, _)| first + i);
    // Sentence boundaries between `lo` and `hi` (after terminal punctuation, at paragraph breaks); `lo`
    // counts only when it is the start of the body, `hi` only when it is its end.
    let mut boundaries: Vec<usize> = sentence_starts(&body[lo..hi])
        .into_iter()
        .map(|i| lo + i)
        .filter(|&b| b > lo || lo == 0)
        .collect();
    if hi == body.len() {
        boundaries.push(hi);
    }
    let chars = |a: usize, b: usize| body[a..b].chars().count();
    // The nearest boundary at or before the match is the only one that can be near enough.
    let (start, cut_start) = match boundaries
        .iter()
        .rev()
        .find(|&&b| b <= first)
        .filter(|&&b| chars(b, first) <= MAX_SNIPPET_CHARS / 2)
    {
        Some(&b) => (b, false),
        None => {
            let start = word_start_before(body, first, LEAD_CHARS);
            (start, start > 0 && !boundaries.contains(&start))
        }
    };
    // The text from `start` with its leading white space left out, so that it does not count.
    let start = start + (body[start..].len() - body[start..].trim_start().len());
    let fits = |end: usize| chars(start, end) <= MAX_SNIPPET_CHARS;
    let sentence_end = boundaries
        .iter()
        .filter(|&&b| b > start)
        .map(|&b| start + body[start..b].trim_end().len())
        .take_while(|&e| fits(e))
        .last();
    match sentence_end {
        Some(end) if end > start => {
            // Room left: earlier whole sentences too.
            let first_sentence = start;
            let mut start = start;
            if !cut_start {
                for &b in boundaries.iter().rev().filter(|&&b| b < first_sentence) {
                    let b = b + (body[b..].len() - body[b..].trim_start().len());
                    if chars(b, end) > MAX_SNIPPET_CHARS {
                        break;
                    }
                    start = b;
                }
            }
            Bounds {
                start,
                end,
                cut_start,
                cut_end: false,
            }
        }
        _ => {
            let end = word_end_within(body, start, MAX_SNIPPET_CHARS);
            Bounds {
                start,
                end,
                cut_start,
                cut_end: end < body.trim_end().len(),
            }
        }
    }
}

/// Where the sentences of `text` start (byte offsets, 0 first), by the rules of UAX #29 that decide
/// sentence boundaries in running text: a boundary follows a paragraph separator (a line break), and
/// follows terminal punctuation (`.` `!` `?` and the like) with any closing quotes or brackets and the
/// spaces after it, unless a comma, colon or further terminal punctuation comes next, or, after a full stop,
/// a number without a space (`3.5`), a capital after an initial (`U.S.`), or a lowercase word (`ok. ve`).
///
/// Written out rather than taken from `unicode-segmentation`'s sentence iterator, whose per-character
/// property lookups (a binary search over the full Unicode tables each) cost several times the rest of a
/// passage's layout; the boundaries are held to that iterator's on generated text by a test. Format and
/// extend characters (which the full rules see through) are taken as they come.
fn sentence_starts(text: &str) -> Vec<usize> {
    if text.is_empty() {
        return Vec::new();
    }
    let mut starts = vec![0];
    let mut chars = Cursor { text, at: 0 };
    // The character before the current one.
    let mut before: Option<char> = None;
    loop {
        if let Some(last) = chars.skip_plain() {
            before = Some(last);
        }
        let Some((_, c)) = chars.next() else {
            break;
        };
        // Most characters are letters, digits or spaces, which neither separate nor end a sentence.
        if c == ' ' || c.is_ascii_alphanumeric() || is_run_letter(c) {
            before = Some(c);
            continue;
        }
        if is_para_sep(c) {
            // CR LF is one separator.
            if c == '\r' {
                if let Some((_, '\n')) = chars.peek() {
                    chars.next();
                }
            }
            if let Some((next, _)) = chars.peek() {
                starts.push(next);
            }
            before = Some(c);
            continue;
        }
        let Some(terminal) = sentence_terminal(c) else {
            before = Some(c);
            continue;
        };
        let letter_before = before.is_some_and(|b| b.is_uppercase() || b.is_lowercase());
        // Further terminal punctuation, then closing quotes and brackets, then spaces.
        let mut full_stop = terminal == Terminal::FullStop;
        let mut last = c;
        // Nothing follows the terminal before the next character (for the initial rule), and the last
        // character of the run is a terminal (for the number rule).
        let mut alone = true;
        let mut ends_in_terminal = true;
        while let Some((_, n)) = chars.peek() {
            match sentence_terminal(n) {
                Some(t) => {
                    full_stop = t == Terminal::FullStop;
                    ends_in_terminal = true;
                }
                None if is_close(n) => ends_in_terminal = false,
                None => break,
            }
            last = n;
            alone = false;
            chars.next();
        }
        // UAX #29 looks at the last terminal of the run: its full-stop rules apply when that is a `.`.
        while let Some((_, n)) = chars.peek() {
            if !n.is_whitespace() || is_para_sep(n) {
                break;
            }
            alone = false;
            ends_in_terminal = false;
            last = n;
            chars.next();
        }
        before = Some(last);
        let Some((next_at, next)) = chars.peek() else {
            break;
        };
        if is_para_sep(next) {
            // The separator ends this sentence; the boundary goes after it (above).
            continue;
        }
        if is_continuation(next) || sentence_terminal(next).is_some() {
            continue;
        }
        if full_stop {
            if ends_in_terminal && next.is_numeric()
                || alone && letter_before && next.is_uppercase()
            {
                continue;
            }
            // A lowercase word after a full stop continues the sentence; only letters and separators
            // end the look-ahead.
            let rest = &text[next_at..];
            let following = rest
                .chars()
                .find(|&f| f.is_alphabetic() || is_para_sep(f) || sentence_terminal(f).is_some());
            if following.is_some_and(|f| f.is_lowercase()) {
                continue;
            }
        }
        starts.push(next_at);
    }
    starts
}

/// The characters of a text with their byte offsets, as `char_indices().peekable()` gives them, that can
/// also step over a run of plain characters a byte at a time.
struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<(usize, char)> {
        self.text[self.at..].chars().next().map(|c| (self.at, c))
    }

    fn next(&mut self) -> Option<(usize, char)> {
        let next = self.peek()?;
        self.at += next.1.len_utf8();
        Some(next)
    }

    /// Steps over the characters that neither separate nor end a sentence (spaces, ASCII letters and
    /// digits, [`is_run_letter`]s of two bytes), reading bytes; the last one stepped over.
    #[inline]
    fn skip_plain(&mut self) -> Option<char> {
        let bytes = self.text.as_bytes();
        let start = self.at;
        let mut at = start;
        loop {
            match bytes.get(at) {
                Some(&b) if PLAIN_ASCII[usize::from(b)] => at += 1,
                // A two-byte character (the text is UTF-8, so a continuation byte follows).
                Some(&b @ 0xC2..=0xDF) => match bytes.get(at + 1) {
                    Some(&b2)
                        if char::from_u32((u32::from(b & 0x1F) << 6) | u32::from(b2 & 0x3F))
                            .is_some_and(is_run_letter) =>
                    {
                        at += 2
                    }
                    _ => break,
                },
                _ => break,
            }
        }
        self.at = at;
        if at == start {
            return None;
        }
        self.text[..at].chars().next_back()
    }
}

/// The bytes [`Cursor::skip_plain`] steps over one at a time: the space and ASCII letters and digits.
const PLAIN_ASCII: [bool; 256] = {
    let mut plain = [false; 256];
    let mut b = 0;
    while b < 128 {
        plain[b] = b == b' ' as usize || (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    plain
};

/// The kinds of sentence-ending punctuation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Terminal {
    /// `.` (UAX #29 `ATerm`), which also ends abbreviations and initials and stands in numbers.
    FullStop,
    /// `!`, `?` and the like (`STerm`).
    Other,
}

/// Whether `c` ends a sentence, and how.
fn sentence_terminal(c: char) -> Option<Terminal> {
    match c {
        '.' | '\u{2024}' | '\u{FE52}' | '\u{FF0E}' => Some(Terminal::FullStop),
        '!'
        | '?'
        | '\u{203C}'
        | '\u{203D}'
        | '\u{2047}'..='\u{2049}'
        | '\u{FE56}'
        | '\u{FE57}'
        | '\u{FF01}'
        | '\u{FF1F}'
        | '\u{3002}'
        | '\u{FF61}'
        | '\u{0589}'
        | '\u{061F}'
        | '\u{06D4}' => Some(Terminal::Other),
        _ => None,
    }
}

/// Paragraph separators (UAX #29 `Sep`, `CR`, `LF`).
fn is_para_sep(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Punctuation that continues a sentence after terminal punctuation (`SContinue`).
fn is_continuation(c: char) -> bool {
    matches!(
        c,
        ',' | '-'
            | ':'
            | ';'
            | '\u{55D}'
            | '\u{60C}'
            | '\u{60D}'
            | '\u{7F8}'
            | '\u{1802}'
            | '\u{1808}'
            | '\u{2013}'
            | '\u{2014}'
            | '\u{3001}'
            | '\u{FE10}'
            | '\u{FE11}'
            | '\u{FE13}'
            | '\u{FE31}'
            | '\u{FE32}'
            | '\u{FE50}'
            | '\u{FE51}'
            | '\u{FE55}'
            | '\u{FE58}'
            | '\u{FE63}'
            | '\u{FF0C}'
            | '\u{FF0D}'
            | '\u{FF1A}'
            | '\u{FF1B}'
            | '\u{FF64}'
    )
}

/// Quotes and brackets that may close a sentence after its terminal punctuation (`Close`).
fn is_close(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '«'
            | '»'
            | '‘'
            | '’'
            | '‚'
            | '‛'
            | '“'
            | '”'
            | '„'
            | '‟'
            | '‹'
            | '›'
            | '〈'
            | '〉'
            | '《'
            | '》'
            | '「'
            | '」'
            | '『'
            | '』'
    )
}

/// The start of the word that begins at most `chars` characters before byte `at` (`at` itself when it has
/// no white space before it within reach; 0 when the body starts within reach).
fn word_start_before(body: &str, at: usize, chars: usize) -> usize {
    let mut reach = at;
    for (n, (i, _)) in body[..at].char_indices().rev().enumerate() {
        if n == chars {
            break;
        }
        reach = i;
    }
    if reach == 0 || body[..reach].ends_with(char::is_whitespace) {
        return reach;
    }
    match body[reach..at].find(char::is_whitespace) {
        Some(space) => {
            let after = reach + space;
            after + body[after..].chars().next().map_or(0, char::len_utf8)
        }
        None => reach,
    }
}

/// The end of the last whole word within `chars` characters from byte `start` (never cutting a character;
/// inside a word only when the first word alone is longer).
fn word_end_within(body: &str, start: usize, chars: usize) -> usize {
    let end = body[start..]
        .char_indices()
        .nth(chars)
        .map_or(body.len(), |(i, _)| start + i);
    if end == body.len() {
        return start + body[start..].trim_end().len();
    }
    let text = &body[start..end];
    // The cut falls between words when the character after it is white space.
    if body[end..].starts_with(char::is_whitespace) {
        return start + text.trim_end().len();
    }
    match text.rfind(char::is_whitespace) {
        Some(space) if !text[..space].trim().is_empty() => start + text[..space].trim_end().len(),
        _ => end,
    }
}

/// The passage text: `body[bounds]` with every run of white space shown as one space, `…` at a cut end,
/// and `matches` (sorted, not overlapping) moved into its offsets.
fn lay_out(body: &str, bounds: &Bounds, matches: &[Range<usize>]) -> Snippet {
    let text = &body[bounds.start..bounds.end];
    let mut out = String::with_capacity(text.len() + 2 * ELLIPSIS.len());
    if bounds.cut_start {
        out.push_str(ELLIPSIS);
    }
    // The matches' starts and ends in `text` (in order), each replaced by where it lands in `out` as the
    // text is copied: a run of other characters is copied whole, a run of white space becomes one space.
    let mut points: Vec<usize> = matches
        .iter()
        .filter(|r| r.start >= bounds.start && r.end <= bounds.end)
        .flat_map(|r| [r.start - bounds.start, r.end - bounds.start])
        .collect();
    let mut next = 0;
    let mut in_space = false;
    let mut i = 0;
    while i < text.len() {
        let end = space_at_or_after(text, i);
        if end > i {
            let o = out.len();
            while let Some(p) = points.get_mut(next).filter(|p| **p < end) {
                *p = o + (*p - i);
                next += 1;
            }
            out.push_str(&text[i..end]);
            in_space = false;
            i = end;
            continue;
        }
        // A white space character.
        while let Some(p) = points.get_mut(next).filter(|p| **p <= i) {
            *p = out.len();
            next += 1;
        }
        if !in_space {
            out.push(' ');
        }
        in_space = true;
        i += text[i..].chars().next().map_or(1, char::len_utf8);
    }
    for p in &mut points[next..] {
        *p = out.len();
    }
    if bounds.cut_end {
        out.push_str(ELLIPSIS);
    }
    let highlights = points.chunks_exact(2).map(|p| p[0]..p[1]).collect();
    Snippet {
        text: out,
        highlights,
    }
}

/// Where the first white space character at or after byte `from` of `text` (a character boundary) starts;
/// `text.len()` when there is none.
fn space_at_or_after(text: &str, from: usize) -> usize {
    let b = text.as_bytes();
    let mut i = from;
    while let Some(&x) = b.get(i) {
        if x < 0x80 {
            if matches!(x, b'\t'..=b'\r' | b' ') {
                return i;
            }
            i += 1;
        } else {
            // A character outside ASCII, decoded (some are white space: U+00A0, U+2028, …).
            let c = text[i..].chars().next().unwrap_or(' ');
            if c.is_whitespace() {
                return i;
            }
            i += c.len_utf8();
        }
    }
    text.len()
}

/// Sorts ranges and merges overlapping ones (a compound's joined form overlaps its parts).
fn merge_ranges(ranges: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut sorted = ranges.to_vec();
    sorted.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(sorted.len());
    for r in sorted {
        match out.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::Tokenizer;

    /// [`lay_out`] a character at a time, with where every byte lands: the reference it is held to.
    fn lay_out_by_chars(body: &str, bounds: &Bounds, matches: &[Range<usize>]) -> Snippet {
        let text = &body[bounds.start..bounds.end];
        let mut out = String::new();
        if bounds.cut_start {
            out.push_str(ELLIPSIS);
        }
        let mut at = vec![0; text.len() + 1];
        let mut in_space = false;
        for (i, c) in text.char_indices() {
            at[i] = out.len();
            if c.is_whitespace() {
                if !in_space {
                    out.push(' ');
                }
                in_space = true;
            } else {
                out.push(c);
                in_space = false;
            }
        }
        at[text.len()] = out.len();
        if bounds.cut_end {
            out.push_str(ELLIPSIS);
        }
        let highlights = matches
            .iter()
            .filter(|r| r.start >= bounds.start && r.end <= bounds.end)
            .map(|r| at[r.start - bounds.start]..at[r.end - bounds.start])
            .collect();
        Snippet {
            text: out,
            highlights,
        }
    }

    proptest::proptest! {
        /// A passage laid out a run at a time is the one laid out a character at a time, whatever white space
        /// it holds, with the words' ranges (some of them cut off by the passage's bounds) moved alike.
        #[test]
        fn passages_are_laid_out_as_a_character_at_a_time(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "kitap", "Täze", "книга", "a", "2021", "«ýyl»", "x.org", " ", "  ", "\n", "\r\n", "\t",
                    "\u{a0}", "\u{85}", "\u{2028}", "\u{3000}", "\u{200B}", "…", "—",
                ]),
                0..24,
            ),
            cut in (0usize..64, 0usize..64, proptest::bool::ANY, proptest::bool::ANY),
        ) {
            let body = pieces.concat();
            // Every word (a run between white space) is a match, every other one also split in two.
            let mut matches = Vec::new();
            let mut at = 0;
            for (k, word) in body.split(char::is_whitespace).enumerate() {
                let r = at..at + word.len();
                at = r.end + body[r.end..].chars().next().map_or(0, char::len_utf8);
                if word.is_empty() {
                    continue;
                }
                match word.char_indices().nth(1) {
                    Some((mid, _)) if k % 2 == 1 => {
                        matches.push(r.start..r.start + mid);
                        matches.push(r.start + mid..r.end);
                    }
                    _ => matches.push(r),
                }
            }
            let boundary = |n: usize| {
                let mut b = n.min(body.len());
                while !body.is_char_boundary(b) {
                    b -= 1;
                }
                b
            };
            let (start, end) = (boundary(cut.0), boundary(body.len().saturating_sub(cut.1)));
            let bounds = Bounds {
                start: start.min(end),
                end,
                cut_start: cut.2,
                cut_end: cut.3,
            };
            proptest::prop_assert_eq!(
                lay_out(&body, &bounds, &matches),
                lay_out_by_chars(&body, &bounds, &matches),
                "{:?} {:?}",
                body,
                bounds
            );
        }
    }

    #[test]
    fn overlapping_highlights_merge() {
        type Case<'a> = (&'a [Range<usize>], &'a [Range<usize>]);
        let whole = vec![Range { start: 0, end: 15 }];
        let cases: &[Case<'_>] = &[
            (&[0..6, 7..15, 0..15], &whole),
            (&[5..8, 0..3], &[0..3, 5..8]),
            (&[0..3, 3..5], &[0..3, 3..5]),
        ];
        for (input, expected) in cases {
            assert_eq!(merge_ranges(input), *expected);
        }
    }

    /// A snippet of `text` for `terms`, through the same steps as [`Snippeter::snippet`] (one analyzer).
    fn snippet_of(text: &str, terms: &[(&str, Score)]) -> Snippet {
        let mut analyzer = TextAnalyzer::builder(tantivy::tokenizer::SimpleTokenizer::default())
            .filter(tantivy::tokenizer::LowerCaser)
            .build();
        let terms: BTreeMap<String, Score> =
            terms.iter().map(|(t, w)| (t.to_string(), *w)).collect();
        let found = best_fragment(&mut analyzer, text, &terms);
        lay_out(text, &passage_bounds(text, found.first), &found.matches)
    }

    fn highlighted(s: &Snippet) -> Vec<&str> {
        s.highlights.iter().map(|r| &s.text[r.clone()]).collect()
    }

    /// (text, terms with weights, expected passage contains, expected highlighted words)
    type PassageCase<'a> = (&'a str, &'a [(&'a str, Score)], &'a str, &'a [&'a str]);

    #[test]
    fn the_highest_scoring_fragment_is_shown_earliest_on_a_tie() {
        let filler = "lorem ipsum dolor sit amet ".repeat(12);
        let late = format!("{filler}kitap sergi kitap {filler}");
        let tie = format!("sergi {filler}sergi");
        let cases: &[PassageCase<'_>] = &[
            (
                "kitap we sergi",
                &[("kitap", 1.0)],
                "kitap we sergi",
                &["kitap"],
            ),
            // The fragment with two weighted matches beats the opening with one.
            (
                &format!("sergi {late}"),
                &[("kitap", 1.0), ("sergi", 0.5)],
                "kitap sergi kitap",
                &["kitap", "sergi", "kitap"],
            ),
            // Equal scores: the earliest fragment.
            (&tie, &[("sergi", 1.0)], "sergi lorem", &["sergi"]),
            // No match: the opening.
            ("nothing here", &[("kitap", 1.0)], "nothing here", &[]),
        ];
        for (text, terms, passage, words) in cases {
            let s = snippet_of(text, terms);
            let shown = s.text.trim_matches(|c| ELLIPSIS.contains(c));
            assert!(shown.chars().count() <= MAX_SNIPPET_CHARS, "{text:?}");
            assert!(s.text.contains(passage), "{text:?}: {:?}", s.text);
            assert_eq!(highlighted(&s), *words, "{text:?}");
        }
    }

    /// (body, term, expected snippet text with matches in brackets)
    #[test]
    fn passages_are_whole_sentences_where_they_fit_and_marked_where_cut() {
        let long_words = "söz ".repeat(100);
        let long_ru = "слово ".repeat(100);
        let cases: Vec<(String, &str, String)> = vec![
            // Whole sentences, the final full stop kept.
            (
                "Birinji sözlem. Kitap sergisi açyldy. Üçünji sözlem.".into(),
                "kitap",
                "Birinji sözlem. [Kitap] sergisi açyldy. Üçünji sözlem.".into(),
            ),
            // Paragraph breaks and runs of spaces are one space.
            (
                "Sergi açyldy.\n\nKitap  okyjylara\r\nhödürlendi.".into(),
                "kitap",
                "Sergi açyldy. [Kitap] okyjylara hödürlendi.".into(),
            ),
            // The match's sentence starts the passage when the text before it does not fit.
            (
                format!("{long_words}. Täze kitap geldi. Soňky sözlem."),
                "kitap",
                "Täze [kitap] geldi. Soňky sözlem.".into(),
            ),
            // A sentence too long to show whole: cut between words, marked at the end.
            (
                format!("Kitap {long_words}"),
                "kitap",
                format!("[Kitap] {}{ELLIPSIS}", "söz ".repeat(58).trim_end()),
            ),
            // Cut at the start too: a few words before the match, marked.
            (
                format!("{long_words}kitap {long_words}"),
                "kitap",
                format!(
                    "{ELLIPSIS}{}[kitap] {}{ELLIPSIS}",
                    "söz ".repeat(10),
                    "söz ".repeat(48).trim_end()
                ),
            ),
            // Length counts characters: a Russian passage is as long as a Turkmen one.
            (
                format!("Книга {long_ru}"),
                "книга",
                format!("[Книга] {}{ELLIPSIS}", "слово ".repeat(39).trim_end()),
            ),
        ];
        for (body, term, expected) in cases {
            let s = snippet_of(&body, &[(term, 1.0)]);
            assert_eq!(s.marked("[", "]"), expected, "{body:?}");
            let shown = s.text.replace(ELLIPSIS, "");
            assert!(shown.chars().count() <= MAX_SNIPPET_CHARS, "{body:?}");
        }
    }

    /// A text fed to a [`Scan`] in two parts cut at white space gives what one pass gives, with the real
    /// analyzers (compound words, hyphens, punctuation), wherever the cut falls.
    #[test]
    fn a_scan_fed_in_parts_finds_what_one_pass_finds() {
        let text = "Kitaphanada onlaýn-maslahat geçirildi. Okyjylar kitaplaryň sergisine gatnaşdylar; \
                    «Täze kitaplar» sergisi 12.05-de açyldy!\n\nKitaby okaň: onlaýn maslahat, kitap sergisi. "
            .repeat(6);
        for lang in [Lang::Tk, Lang::Ru] {
            let mut analyzer = TextAnalyzer::from(tokenizer::for_lang(lang));
            let mut terms = BTreeMap::new();
            {
                let mut stream = analyzer.token_stream("kitap onlaýn maslahat sergisi");
                while let Some(t) = stream.next() {
                    terms.insert(t.text.clone(), 1.0 + terms.len() as Score);
                }
            }
            let whole = best_fragment(&mut analyzer, &text, &terms);
            assert!(!whole.matches.is_empty());
            for (cut, _) in text.match_indices(char::is_whitespace) {
                let openings = Openings::new(&terms, Chain::Lang(lang));
                let mut scan = Scan::new(&terms, Chain::Lang(lang), &openings);
                scan.feed_analysed(&mut analyzer, &text, 0..cut);
                scan.feed_analysed(&mut analyzer, &text, cut..text.len());
                let parts = scan.found();
                assert_eq!(
                    (parts.first, &parts.matches),
                    (whole.first, &whole.matches),
                    "{lang:?}, cut at {cut}"
                );
            }
        }
    }

    /// Texts to hold the pre-filter to: every bundled article (title and body), text built for the edge
    /// cases, and, when `../shared` is beside the repository, the Turkmen word forms of its morphology set.
    fn corpus_texts() -> Vec<(DocLang, String)> {
        let mut texts: Vec<(DocLang, String)> = vec![
            (
                DocLang::Unknown,
                "Onlaýn-maslahatyna 2021-nji ýylda ABŞ-da https://example.org/x «Kitaby» ogly burny agzy \
                 Китапханасында ЁЛКА ёж y\u{301}yl kitap\u{AD}hana Meñ İstanbul KIŤAP ﬁ 42km ь ъ \
                 Library’s libraries — happy dying; e-mail: a@b.cd, 3.5 x 10-njy geçirildi2021 it's"
                    .into(),
            ),
        ];
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
        for lang in Lang::ALL {
            let Ok(dir) = std::fs::read_dir(corpus.join(lang.code())) else {
                continue;
            };
            for file in dir.flatten() {
                let text = std::fs::read_to_string(file.path()).unwrap_or_default();
                for line in text.lines() {
                    let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                        continue;
                    };
                    for field in ["title", "body"] {
                        let text = v[field].as_str().unwrap_or("").to_string();
                        texts.push((DocLang::Known(lang), text));
                    }
                }
            }
        }
        assert!(texts.len() > 100, "the bundled corpus was not found");
        let forms = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/data/morph_dev_large.tsv");
        match std::fs::read_to_string(&forms) {
            Ok(text) => texts.push((DocLang::Known(Lang::Tk), text.replace('\t', " "))),
            Err(e) => eprintln!("skipping the Turkmen forms of {}: {e}", forms.display()),
        }
        texts
    }

    /// Every chain the snippets analyse with.
    fn chains() -> Vec<(Chain, SegmentTokenizer)> {
        let mut chains: Vec<_> = Lang::ALL
            .iter()
            .map(|&l| (Chain::Lang(l), tokenizer::for_lang(l)))
            .collect();
        chains.push((Chain::Folded, tokenizer::folded()));
        chains
    }

    /// The pre-filter never rules out a word for the term it gives: every plain word of the corpus, under
    /// every chain, gives a token, and the openings of its own term do not rule it out.
    #[test]
    fn plain_words_are_never_ruled_out_for_their_own_term() {
        let mut segmenter = Segmenter::default();
        let (mut pieces, mut term, mut scratch) = (Vec::new(), String::new(), String::new());
        let mut plain = 0;
        for (_, text) in corpus_texts() {
            segmenter.segment_into(&text, &mut pieces);
            for (chain, mut tokenizer) in chains() {
                let none = BTreeMap::new();
                let any = Openings::new(&none, chain);
                for piece in &pieces {
                    let raw = piece.raw_text(&text, &mut scratch).to_string();
                    if any.plain_opening(&raw).is_none() {
                        continue;
                    }
                    plain += 1;
                    assert!(
                        tokenizer.piece_term(&text, piece, &mut term),
                        "{chain:?}: plain word {raw:?} gives no token"
                    );
                    let own = BTreeMap::from([(term.clone(), 1.0)]);
                    assert!(
                        !Openings::new(&own, chain).rules_out(any.plain_opening(&raw)),
                        "{chain:?}: {raw:?} ruled out for its own term {term:?}"
                    );
                }
            }
        }
        assert!(plain > 10_000, "{plain} plain words");
    }

    /// The word at `at` (counted round) of `words`.
    fn pick<'a>(words: &[&'a str], at: usize) -> &'a str {
        words.get(at % words.len().max(1)).copied().unwrap_or("")
    }

    /// Snippets made with the pre-filter are the ones made by analysing every word (same passage, same
    /// marks), on every bundled article, for query terms taken from its own words and another article's,
    /// under its language and as a document of unknown language.
    #[test]
    fn the_pre_filter_finds_what_analysing_every_word_finds() {
        let texts = corpus_texts();
        let mut fast = Snippeter::new();
        let mut full = Snippeter::new();
        full.analyse_all = true;
        let mut compared = 0;
        let mut marked = 0;
        for (i, (lang, body)) in texts.iter().enumerate() {
            let words: Vec<&str> = body.split_whitespace().collect();
            let other = &texts[(i * 7 + 3) % texts.len()].1;
            let other: Vec<&str> = other.split_whitespace().collect();
            // Queries of one to three words from places spread over this text and another one.
            for k in 0..6 {
                let query = [
                    pick(&words, k * 37 + 5),
                    pick(&words, k * 101 + 11),
                    pick(&other, k * 13),
                ][..1 + k % 3]
                    .join(" ");
                let mut terms = HighlightTerms::default();
                for (chain, mut tokenizer) in chains() {
                    let mut stream = tokenizer.token_stream(&query);
                    let mut found = BTreeMap::new();
                    while let Some(t) = stream.next() {
                        let weight = 1.0 + found.len() as Score;
                        found.insert(t.text.clone(), weight);
                    }
                    match chain {
                        Chain::Lang(l) => {
                            terms.per_lang.insert(l, found);
                        }
                        Chain::Folded => terms.folded = found,
                    }
                }
                for lang in [*lang, DocLang::Unknown] {
                    let expected = full.snippet(body, lang, &terms);
                    assert_eq!(
                        fast.snippet(body, lang, &terms),
                        expected,
                        "{lang:?} {query:?} in {body:?}"
                    );
                    compared += 1;
                    marked += usize::from(!expected.highlights.is_empty());
                }
            }
        }
        assert!(marked > compared / 2, "{marked} of {compared} marked");
    }

    /// Checks the snippets' segmentation of `text`: the segmenter's pieces, each with the characters it
    /// spans and a key that gives the opening its text gives under every chain's rules. How many pieces.
    fn check_segmentation(text: &str) -> usize {
        let (mut pieces, mut chars, mut keys) = (Vec::new(), Vec::new(), Vec::new());
        segment_into(
            &mut Segmenter::default(),
            text,
            &mut pieces,
            &mut chars,
            &mut keys,
        );
        let mut reference = Vec::new();
        Segmenter::default().segment_into(text, &mut reference);
        assert_eq!(pieces, reference, "{text:?}");
        let mut raw = String::new();
        for (piece, key) in pieces.iter().zip(&keys) {
            assert_eq!(key.is_none(), piece.kind == PieceKind::Joined, "{piece:?}");
            let Some(key) = key else { continue };
            for chain in [Chain::Lang(Lang::Tk), Chain::Lang(Lang::Ru), Chain::Folded] {
                let openings = Openings::new(&BTreeMap::new(), chain);
                assert_eq!(
                    openings.key_opening(key, piece.to - piece.from),
                    openings.plain_opening(piece.raw_text(text, &mut raw)),
                    "{chain:?} {:?} in {text:?}",
                    &text[piece.from..piece.to]
                );
            }
        }
        // Every piece's characters are where its bytes are.
        let counted: Vec<Range<usize>> = pieces
            .iter()
            .map(|p| text[..p.from].chars().count()..text[..p.to].chars().count())
            .collect();
        assert_eq!(chars, counted, "{text:?}");
        pieces.len()
    }

    /// Every piece of every text of the corpus knows its characters and its opening.
    #[test]
    fn pieces_know_their_characters_and_openings() {
        let pieces: usize = corpus_texts()
            .iter()
            .map(|(_, text)| check_segmentation(text))
            .sum();
        assert!(pieces > 10_000, "{pieces} pieces");
    }

    proptest::proptest! {
        /// So do the pieces of text made of words, numbers and the characters at the edges of the
        /// segmenter's short way (punctuation around and inside words, URL and address characters, `www`,
        /// glued letters and digits, marks, invisible characters, other scripts).
        #[test]
        fn pieces_of_edge_cases_know_their_characters_and_openings(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "kitap", "Täze", "ýyl", "w", "we", "www", "WwW", "2021", "12", "a", "книга", "Ёлка",
                    "ñ", "y\u{301}", "\u{AD}", "\u{200B}", "\u{3042}", "İ", "ﬁ", " ", "  ", "\n", "\u{a0}",
                    ".", ",", ";", ":", "!", "?", "'", "’", "·", "@", "/", "//", "-", "‐", "–", "—", "…",
                    "«", "»", "“", "”", "„", "(", ")", "\"", "nji", "da", "ABŞ", "http", "x.org",
                ]),
                0..24,
            )
        ) {
            check_segmentation(&pieces.concat());
        }

        /// The hand-written sentence rules find the boundaries `unicode-segmentation`'s UAX #29 iterator
        /// finds, on text made of words of every case, numbers, spaces, line breaks and the punctuation the
        /// rules look at.
        #[test]
        fn sentence_starts_are_uax29s(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "kitap", "Kitap", "KITAP", "ýyl", "Ýyl", "книга", "Книга", "3", "12", " ", "  ",
                    "\u{a0}", "\n", "\r\n", "\r", "\n\n", ".", "!", "?", "...", "…", ",", ":", ";", "-",
                    "–", "\"", "«", "»", "(", ")", "“", "”", "'", "U", "S",
                ]),
                0..40,
            )
        ) {
            use unicode_segmentation::UnicodeSegmentation;
            let text = pieces.concat();
            let expected: Vec<usize> = text.split_sentence_bound_indices().map(|(i, _)| i).collect();
            proptest::prop_assert_eq!(sentence_starts(&text), expected, "{:?}", text);
        }
    }

    #[test]
    fn word_bounds_never_cut_a_word_or_char() {
        let cases: &[(&str, usize, usize, &str)] = &[
            ("Täze kitaplar", 0, 9, "Täze"),
            ("Täze kitaplar", 0, 100, "Täze kitaplar"),
            ("ýýýý", 0, 3, "ýýý"),
            ("Täze kitaplar ", 0, 13, "Täze kitaplar"),
        ];
        for (text, start, chars, expected) in cases {
            assert_eq!(
                &text[*start..word_end_within(text, *start, *chars)],
                *expected
            );
        }
        // (text, the word at which to look back, characters, expected start)
        let cases: &[(&str, &str, usize, &str)] = &[
            ("bir iki üç dört", "dört", 2, "dört"),
            ("bir iki üç dört", "dört", 3, "üç dört"),
            ("bir iki üç dört", "dört", 6, "üç dört"),
            ("bir iki üç dört", "dört", 7, "iki üç dört"),
            ("bir iki", "iki", 50, "bir iki"),
        ];
        for (text, word, chars, expected) in cases {
            let at = text.find(word).unwrap_or(0);
            assert_eq!(
                &text[word_start_before(text, at, *chars)..],
                *expected,
                "{word} {chars}"
            );
        }
    }
}
