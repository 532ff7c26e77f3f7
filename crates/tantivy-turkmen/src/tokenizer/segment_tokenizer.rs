//! The tokenizer every chain starts with: [`crate::segment`] pieces, each normalised for a language.
//!
//! Every document text is analysed twice, by its language's chain and by the folded field's, and both start
//! with the same segmentation. A small per-thread memo of the last few segmented texts (compared by content,
//! so it can never hand out another text's pieces) lets the second chain skip segmenting: the language
//! tokenizers store what they segment and the folded tokenizers look it up. tantivy indexes a document's
//! fields in field-id order, on the one thread that indexes the document, and tk-search's schema puts the
//! language fields before the folded `title`/`body`; in any other order the memo only misses. At query
//! time the language tokenizers analyse query words and store them (a few bytes each).
//!
//! The same memo carries what the folded-exceptions tokenizer ([`super::folded_exceptions`]) needs: when
//! the Turkmen chain analyses a text it notes, per piece, its term; any other language chain analysing the
//! same text clears the note. The folded-exceptions tokenizer then drops every token whose term is the
//! note of its piece with the Turkmen letters folded ([`folds_to`], compared as read: the Turkmen chain
//! alone, at query time, writes no folded copy) — the Turkmen field holds that word, and a search finds it
//! there through the fold of its terms — and keeps the exceptions (`ýylyň`: Turkmen `ýyl`, folded `yyln`).
//! When the term memo's slot of a piece holds its folded term beside its Turkmen term, the Turkmen chain
//! learns in the same lookup whether the one is the other folded ([`term_memo_covered`]) and notes such a
//! piece as covered; the folded-exceptions tokenizer drops a covered piece without making its term, which
//! on a vocabulary seen before is most pieces. Without a note for its text (no memo entry, a text over
//! [`MEMO_MAX_BYTES`], a non-Turkmen chain last) it keeps every token, so what it indexes is always a
//! superset of the exceptions.

use std::cell::RefCell;

use tantivy_tokenizer_api::{Token, TokenStream, Tokenizer};

use crate::fold::{fold_turkmen_lowercase, folds_to};
use crate::normalize::Norm;
use crate::segment::{Piece, PieceKind, Segmenter};
use crate::stem::{
    normalize_in_place, normalize_memo, term_memo, term_memo_covered, warm_terms, with_scratch,
    Chain,
};
use crate::Lang;

/// Segments text and normalises each piece; offsets point into the original text.
///
/// Buffers are kept between calls, so tokenizing allocates nothing once the buffers have grown.
#[derive(Clone)]
pub struct SegmentTokenizer {
    kind: Kind,
    segmenter: Segmenter,
    pieces: Vec<Piece>,
    tokens: Vec<Token>,
    scratch: String,
    /// The note the Turkmen chain is writing (swapped into the memo entry of its text).
    note: Note,
}

impl SegmentTokenizer {
    /// A tokenizer that normalises with `norm`.
    pub fn new(norm: Norm) -> Self {
        SegmentTokenizer {
            kind: Kind {
                norm,
                chain: None,
                latin_only: false,
                exceptions: false,
            },
            segmenter: Segmenter::default(),
            pieces: Vec::new(),
            tokens: Vec::new(),
            scratch: String::new(),
            note: Note::default(),
        }
    }
}

impl SegmentTokenizer {
    /// Produces each piece's final term for a chain — normalised and stemmed in one step, through one
    /// per-thread memo keyed by the raw piece — instead of the normalised piece for a stemmer filter to
    /// take further. The tokenizers of [`super::for_lang`] and [`super::folded`] are built this way (a
    /// lookup per token instead of two); the composed chains give the same terms (tested).
    pub(crate) fn with_terms(chain: Chain) -> Self {
        let mut tokenizer = SegmentTokenizer::new(chain.norm());
        tokenizer.kind.chain = Some(chain);
        tokenizer.kind.latin_only = chain == Chain::Folded;
        tokenizer
    }

    /// The folded chain that keeps only a Turkmen text's exceptions (see the [module](self) docs and
    /// [`super::folded_exceptions`]).
    pub(crate) fn folded_exceptions() -> Self {
        let mut tokenizer = SegmentTokenizer::with_terms(Chain::Folded);
        tokenizer.kind.exceptions = true;
        tokenizer
    }

    /// Keeps only pieces with a Latin letter (checked before normalising, so other scripts cost only
    /// their segmentation): what the folded field needs.
    pub fn latin_only(mut self) -> Self {
        self.kind.latin_only = true;
        self
    }

    /// The term this tokenizer gives one piece of `text` (a [`Piece`] that [`Segmenter::segment_into`]
    /// found in `text`), into `out`; `false` when the piece gives no token (nothing left once normalised, a
    /// term too long, no Latin letter for a Latin-only tokenizer). Exactly what
    /// [`token_stream`](Tokenizer::token_stream) gives that piece, for a caller that segments once and
    /// analyses only some of the pieces.
    ///
    /// ```
    /// use tantivy_turkmen::segment::segment;
    /// let text = "Täze kitaplaryň sergisi";
    /// let mut tokenizer = tantivy_turkmen::tokenizer::for_lang(tantivy_turkmen::Lang::Tk);
    /// let mut term = String::new();
    /// assert!(tokenizer.piece_term(text, &segment(text)[1], &mut term));
    /// assert_eq!(term, "kitap");
    /// ```
    pub fn piece_term(&mut self, text: &str, piece: &Piece, out: &mut String) -> bool {
        self.kind.term(text, piece, &mut self.scratch, out)
    }
}

/// What a tokenizer does to each piece.
#[derive(Clone, Copy)]
struct Kind {
    norm: Norm,
    /// The whole chain to the term (normalisation and stemming fused, see [`SegmentTokenizer::with_terms`]);
    /// `None` normalises only.
    chain: Option<Chain>,
    /// Only pieces with a Latin letter give tokens.
    latin_only: bool,
    /// Tokens equal to the Turkmen chain's note for their piece are dropped (the folded-exceptions
    /// tokenizer).
    exceptions: bool,
}

impl Kind {
    /// The piece's token text into `out`; `false` when the piece gives no token.
    fn term(self, text: &str, piece: &Piece, scratch: &mut String, out: &mut String) -> bool {
        self.term_noting(text, piece, scratch, out, false).0
    }

    /// [`Kind::term`], and with `cover` (the Turkmen chain noting) whether the term memo knows the folded
    /// chain's term of the piece to be this term with its Turkmen letters folded
    /// ([`term_memo_covered`]).
    fn term_noting(
        self,
        text: &str,
        piece: &Piece,
        scratch: &mut String,
        out: &mut String,
        cover: bool,
    ) -> (bool, bool) {
        if self.latin_only && !has_latin_letter(&text[piece.from..piece.to]) {
            // Checked before normalising, so other scripts cost only their segmentation.
            return (false, false);
        }
        let raw = piece.raw_text(text, scratch);
        let mut covered = false;
        match self.chain {
            None => normalize_memo(self.norm, raw, out),
            Some(chain @ Chain::Lang(Lang::Tk)) if cover => {
                covered = term_memo_covered(raw, out, |w| term(chain, w));
            }
            Some(chain) => term_memo(chain, raw, out, |w| term(chain, w)),
        }
        if out.is_empty() {
            // Nothing left to index (`ь` alone transliterates to nothing; the folded chain drops a
            // piece with no Latin letter once normalised).
            return (false, false);
        }
        // A whole chain's term too long to be vocabulary (a tokenizer that only normalises leaves this to
        // the end of its composed chain).
        (
            self.chain.is_none() || out.len() < super::MAX_TERM_BYTES,
            covered,
        )
    }
}

/// Pieces whose term memo sets are read ahead together, before their lookups: enough for the CPU to
/// overlap the reads, few enough that the sets are still in its cache when the lookups come.
const WARM_BLOCK: usize = 32;

/// Texts remembered per thread: a document's title and body (its language fields run first, then its
/// folded fields, field by field).
const MEMO_ENTRIES: usize = 2;
/// Longer texts are not remembered, so the memo never holds more than a few MiB per thread.
const MEMO_MAX_BYTES: usize = 1 << 20;

/// A piece with no term in a [`Note`].
const NO_TERM: (u32, u32) = (u32::MAX, u32::MAX);
/// A piece whose folded term the term memo knows to be its Turkmen term with the Turkmen letters folded,
/// in a [`Note`]: the folded-exceptions tokenizer drops it without making its term.
const COVERED: (u32, u32) = (u32::MAX - 1, u32::MAX - 1);

/// The Turkmen chain's terms of one text, per piece.
#[derive(Default, Clone)]
struct Note {
    /// Whether the Turkmen chain was the last language chain to analyse the text.
    tk: bool,
    terms: String,
    /// Per piece, its term's byte range in `terms`, or [`NO_TERM`].
    spans: Vec<(u32, u32)>,
}

impl Note {
    /// The noted term of piece `n`, if the note is the Turkmen chain's and the piece has one.
    fn term(&self, n: usize) -> Option<&str> {
        if !self.tk {
            return None;
        }
        let &(from, to) = self.spans.get(n).filter(|&&s| s != COVERED)?;
        self.terms.get(from as usize..to as usize)
    }

    /// Whether piece `n` is noted [`COVERED`] by the Turkmen chain.
    fn covered(&self, n: usize) -> bool {
        self.tk && self.spans.get(n) == Some(&COVERED)
    }
}

#[derive(Default)]
struct Entry {
    text: String,
    pieces: Vec<Piece>,
    note: Note,
}

#[derive(Default)]
struct SegmentMemo {
    entries: [Entry; MEMO_ENTRIES],
    next: usize,
}

thread_local! {
    static SEGMENTS: RefCell<SegmentMemo> = RefCell::new(SegmentMemo::default());
}

/// Segments `text` into `out`, unless the memo holds its pieces already; with `store`, remembers what it
/// segmented (its note cleared), moving the pieces from `out` into the memo. The index of the memo entry
/// holding `text` and its pieces, if one does (then `out` holds nothing of use).
fn segment_memo(
    memo: Option<&mut SegmentMemo>,
    segmenter: &mut Segmenter,
    text: &str,
    out: &mut Vec<Piece>,
    store: bool,
) -> Option<usize> {
    let Some(memo) = memo.filter(|_| text.len() <= MEMO_MAX_BYTES) else {
        segmenter.segment_into(text, out);
        return None;
    };
    if let Some(i) = memo.entries.iter().position(|e| e.text == text) {
        if store {
            // Used again by a language chain: the other entry is the one to replace next, so that a
            // document's title, met again in the next document, does not push out that one's body.
            memo.next = (i + 1) % MEMO_ENTRIES;
        }
        return Some(i);
    }
    segmenter.segment_into(text, out);
    if !store {
        return None;
    }
    let slot = memo.next;
    memo.next = (slot + 1) % MEMO_ENTRIES;
    let entry = &mut memo.entries[slot];
    entry.text.clear();
    entry.text.push_str(text);
    // Swapped, not copied: the pieces are read from the entry, and `out` is overwritten next time.
    std::mem::swap(&mut entry.pieces, out);
    entry.note.tk = false;
    Some(slot)
}

/// A chain's whole analysis of one raw piece, in place ("" drops the piece): exactly what the composed
/// chain does, [`SegmentTokenizer::new`] then [`super::LangStemmer`] or [`super::FoldStemmer`].
fn term(chain: Chain, w: &mut String) {
    // Almost every Turkmen word is plain: lowercased, checked and stemmed in one reading.
    if chain == Chain::Lang(Lang::Tk) && crate::stem::tk::stem_plain(w) {
        return;
    }
    if let Some(capital) = plain_latin(w) {
        // Such a word's normalisation, every language's and the neutral one, only lowercases its ASCII
        // letters (nothing composes, no letter is mapped), and it is a word of Latin letters: what
        // the general path below does, without its passes over the word.
        if capital {
            w.make_ascii_lowercase();
        }
        match chain {
            // A word of letters, which the Turkmen chain's stemmer takes as it is.
            Chain::Lang(Lang::Tk) => crate::stem::tk::stem(w),
            Chain::Lang(lang) => (lang.language().stem)(w),
            Chain::Folded => {
                fold_plain(w);
                crate::stem::tk::stem_folded(w);
            }
        }
        return;
    }
    normalize_in_place(chain.norm(), w);
    match chain {
        Chain::Lang(lang) => (lang.language().stem)(w),
        Chain::Folded => {
            let latin = with_scratch(|buffer| {
                super::fold_stemmer::fold_word(w, buffer, crate::stem::tk::stem_folded)
            });
            if !latin {
                w.clear();
            }
        }
    }
}

/// Whether `w` is a word of ASCII letters and the lowercase Turkmen letters ä ç ň ö ş ü ý ž only (the
/// common piece of Turkmen text): then `Some`, with whether it has an ASCII capital.
fn plain_latin(w: &str) -> Option<bool> {
    let b = w.as_bytes();
    let (mut i, mut capital) = (0, false);
    while i < b.len() {
        if b[i].is_ascii_lowercase() {
            i += 1;
            continue;
        }
        if b[i].is_ascii_uppercase() {
            capital = true;
            i += 1;
            continue;
        }
        match b.get(i + 1) {
            Some(&next) if fold_turkmen_lowercase(b[i], next).is_some() => i += 2,
            _ => return None,
        }
    }
    (!b.is_empty()).then_some(capital)
}

/// Folds a lowercase [`plain_latin`] word to ASCII in place, as [`crate::fold::fold_into`] does (ä→a ç→c
/// ň→n ö→o ş→s ü→u ý→y ž→z).
fn fold_plain(w: &mut String) {
    if w.is_ascii() {
        return;
    }
    let mut bytes = std::mem::take(w).into_bytes();
    let (mut i, mut j) = (0, 0);
    while i < bytes.len() {
        let b = bytes[i];
        let (ascii, width) = match bytes
            .get(i + 1)
            .and_then(|&next| fold_turkmen_lowercase(b, next))
        {
            Some(ascii) => (ascii, 2),
            None => (b, 1),
        };
        bytes[j] = ascii;
        i += width;
        j += 1;
    }
    bytes.truncate(j);
    // Only ASCII is left, so this never fails.
    *w = String::from_utf8(bytes).unwrap_or_default();
}

/// Whether the text has a Latin letter: an ASCII letter or a character of U+00C0–U+024F (lead bytes
/// 0xC3–0xC9 in UTF-8).
pub(crate) fn has_latin_letter(text: &str) -> bool {
    text.bytes()
        .any(|b| b.is_ascii_alphabetic() || (0xC3..=0xC9).contains(&b))
}

/// Streams the tokens a [`SegmentTokenizer`] prepared.
pub struct SegmentTokenStream<'a> {
    tokens: &'a mut [Token],
    next: usize,
}

impl Tokenizer for SegmentTokenizer {
    type TokenStream<'a> = SegmentTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> SegmentTokenStream<'a> {
        let kind = self.kind;
        // The language tokenizers run first on a document's text and store; the Turkmen one notes its
        // terms, the others clear the note.
        let lang = match kind.chain {
            Some(Chain::Lang(lang)) => Some(lang),
            _ => None,
        };
        let kept = SEGMENTS.with(|memo| {
            let mut memo = memo.try_borrow_mut().ok();
            let slot = segment_memo(
                memo.as_deref_mut(),
                &mut self.segmenter,
                text,
                &mut self.pieces,
                lang.is_some(),
            );
            let entry = memo
                .as_deref_mut()
                .zip(slot)
                .map(|(m, i)| &mut m.entries[i]);
            let noting = lang == Some(Lang::Tk) && entry.is_some();
            let note = &mut self.note;
            if noting {
                note.terms.clear();
                note.spans.clear();
            }
            // The note this tokenizer drops by, for the folded-exceptions tokenizer.
            let drop_by = entry
                .as_deref()
                .filter(|_| kind.exceptions)
                .map(|e| &e.note);
            // The text's pieces: the memo entry's, or those segmented without one.
            let pieces = entry.as_deref().map_or(&self.pieces[..], |e| &e.pieces[..]);
            if self.tokens.len() < pieces.len() {
                self.tokens.resize_with(pieces.len(), Token::default);
            }
            let mut kept = 0;
            for (n, piece) in pieces.iter().enumerate() {
                if kind.chain.is_some() && n % WARM_BLOCK == 0 {
                    // The memo's sets of the next pieces, read together (see `warm_terms`); a joined
                    // compound's raw text needs a copy, so it is left to its own lookup.
                    let block = &pieces[n..pieces.len().min(n + WARM_BLOCK)];
                    warm_terms(
                        block
                            .iter()
                            .enumerate()
                            .filter(|&(k, p)| {
                                p.kind != PieceKind::Joined
                                    && !drop_by.is_some_and(|d| d.covered(n + k))
                            })
                            .map(|(_, p)| &text[p.from..p.to]),
                    );
                }
                // A piece the Turkmen chain noted as covered gives no token here: its folded term is
                // the Turkmen term folded (the same drop as below, decided without making the term).
                if drop_by.is_some_and(|d| d.covered(n)) {
                    continue;
                }
                let token = &mut self.tokens[kept];
                let (has_term, covered) =
                    kind.term_noting(text, piece, &mut self.scratch, &mut token.text, noting);
                if !has_term {
                    if noting {
                        note.spans.push(NO_TERM);
                    }
                    continue;
                }
                if noting {
                    if covered {
                        note.spans.push(COVERED);
                    } else {
                        let from = note.terms.len();
                        note.terms.push_str(&token.text);
                        // A text of at most MEMO_MAX_BYTES gives terms of fewer bytes than u32::MAX - 1.
                        note.spans.push((from as u32, note.terms.len() as u32));
                    }
                }
                if drop_by
                    .and_then(|d| d.term(n))
                    .is_some_and(|t| folds_to(t, &token.text))
                {
                    continue;
                }
                token.offset_from = piece.from;
                token.offset_to = piece.to;
                token.position = piece.position;
                token.position_length = piece.length;
                kept += 1;
            }
            if let Some(entry) = entry.filter(|_| lang.is_some()) {
                if noting {
                    std::mem::swap(&mut entry.note, note);
                }
                entry.note.tk = noting;
            }
            kept
        });
        SegmentTokenStream {
            tokens: &mut self.tokens[..kept],
            next: 0,
        }
    }
}

impl TokenStream for SegmentTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next.saturating_sub(1)]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next.saturating_sub(1)]
    }
}
