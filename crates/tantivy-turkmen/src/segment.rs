//! Segmentation: where words start and end, on top of Unicode word boundaries (UAX #29).
//!
//! On top of `unicode-segmentation`'s word boundaries the segmenter knows what news text needs:
//! - hyphenated compounds (`onlaýn-maslahaty`) give each part at its own position plus the joined form
//!   (`onlaýnmaslahaty`) at the first part's position, so the spaced, hyphenated and glued spellings meet;
//! - an abbreviation with a case ending (`ABŞ-da`, `BMG-niň`) gives the abbreviation;
//! - a number with an ordinal or case ending (`2021-nji`, `25-njy`, `2023-м`) gives the number;
//! - glued letter/digit runs (`geçirildi2021-nji`) are split;
//! - URLs and e-mail addresses stay whole; soft hyphens and zero-width spaces inside a word are ignored.
//!
//! Every [`Piece`] carries byte offsets into the original text.

use unicode_segmentation::UnicodeSegmentation;

/// What a piece of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PieceKind {
    /// A word or number standing alone.
    Word,
    /// One part of a hyphenated compound.
    Part,
    /// A whole hyphenated compound with the hyphens removed, at the position of its first part.
    Joined,
    /// A number whose ordinal/case ending was dropped (`2021-nji` → `2021`).
    Number,
    /// An abbreviation whose case ending was dropped (`ABŞ-da` → `ABŞ`).
    Abbreviation,
    /// A URL or an e-mail address, kept whole.
    Url,
}

/// One unit the analyzers turn into a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    /// Byte offset of the first byte in the original text.
    pub from: usize,
    /// Byte offset just past the last byte in the original text.
    pub to: usize,
    /// Token position (compound parts take consecutive positions; a joined form shares its first part's).
    pub position: usize,
    /// How many positions the piece covers: the number of parts for a joined compound, else 1.
    pub length: usize,
    /// What the piece is.
    pub kind: PieceKind,
}

impl Piece {
    /// The piece's text as the analyzers see it before normalisation: the original slice, without hyphens
    /// for a [`PieceKind::Joined`] piece.
    pub fn raw_text<'a>(&self, text: &'a str, scratch: &'a mut String) -> &'a str {
        let slice = &text[self.from..self.to];
        if self.kind != PieceKind::Joined {
            return slice;
        }
        scratch.clear();
        scratch.extend(slice.chars().filter(|c| !is_hyphen(*c)));
        scratch
    }
}

/// Segments `text` and returns its pieces.
///
/// ```
/// use tantivy_turkmen::segment::{segment, PieceKind};
/// let text = "Onlaýn-maslahat 2021-nji ýylda ABŞ-da geçirildi";
/// let words: Vec<&str> = segment(text).iter().map(|p| &text[p.from..p.to]).collect();
/// assert_eq!(words, ["Onlaýn-maslahat", "Onlaýn", "maslahat", "2021", "ýylda", "ABŞ", "geçirildi"]);
/// ```
pub fn segment(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    Segmenter::default().segment_into(text, &mut out);
    out
}

/// The longest prefix of `text` within `max_bytes` bytes that ends on a character boundary: where a text is
/// cut for reading only its start.
///
/// ```
/// assert_eq!(tantivy_turkmen::segment::prefix("aé", 2), "a");
/// assert_eq!(tantivy_turkmen::segment::prefix("aé", 9), "aé");
/// ```
pub fn prefix(text: &str, max_bytes: usize) -> &str {
    let mut end = max_bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// A reusable segmenter: keeps its scratch buffers between calls so segmenting allocates nothing once warm.
#[derive(Debug, Default, Clone)]
pub struct Segmenter {
    atoms: Vec<Atom>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AtomKind {
    Alpha,
    Digit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Link {
    /// Not joined to the atom before.
    None,
    /// Joined to the atom before by a hyphen.
    Hyphen,
    /// Glued to the atom before with no separator, across a letter/digit change.
    Glue,
    /// Joined to the atom before by an invisible character (zero-width space): one word.
    Invisible,
}

#[derive(Debug, Clone, Copy)]
struct Atom {
    from: usize,
    to: usize,
    kind: AtomKind,
    link: Link,
}

/// Compounds longer than this are not joined (no sensible word has more parts).
const MAX_COMPOUND_PARTS: usize = 6;
/// An ending after a number or an abbreviation is at most this many characters (`unjy`, `nyň`, `ndan`).
const MAX_ENDING_CHARS: usize = 5;

impl Segmenter {
    /// Segments `text`, appending the pieces to `out` (which is cleared first).
    pub fn segment_into(&mut self, text: &str, out: &mut Vec<Piece>) {
        out.clear();
        let b = text.as_bytes();
        let mut position = 0;
        let mut at = 0;
        while at < b.len() {
            if is_ascii_space(b[at]) {
                at += 1;
                continue;
            }
            // The common chunk, one plain word, is read in one pass from its first byte: no chunk is cut
            // first to be read again.
            if let Some((from, to, end)) = plain_word_at(b, at) {
                out.push(Piece {
                    from,
                    to,
                    position,
                    length: 1,
                    kind: PieceKind::Word,
                });
                position += 1;
                at = end;
                continue;
            }
            let Some((start, end)) = next_chunk(text, at) else {
                break;
            };
            at = end;
            let chunk = &text[start..end];
            // A chunk that is one plain word (one that ends at white space outside ASCII), or a URL, is
            // one piece.
            let whole = match plain_word(chunk) {
                Some(span) => Some((span, PieceKind::Word)),
                None => url_span(chunk).map(|span| (span, PieceKind::Url)),
            };
            if let Some(((from, to), kind)) = whole {
                out.push(Piece {
                    from: start + from,
                    to: start + to,
                    position,
                    length: 1,
                    kind,
                });
                position += 1;
                continue;
            }
            self.atoms_of(start, chunk);
            position = emit_groups(text, &self.atoms, position, out);
        }
    }

    fn atoms_of(&mut self, start: usize, chunk: &str) {
        self.atoms.clear();
        if simple_atoms(start, chunk, &mut self.atoms) {
            return;
        }
        self.atoms.clear();
        let mut link = Link::None;
        for (offset, seg) in chunk.split_word_bound_indices() {
            let Some(first) = seg.chars().next() else {
                continue;
            };
            if first.is_alphanumeric() {
                push_runs(&mut self.atoms, start + offset, seg, link);
                link = Link::None;
            } else if seg.chars().all(is_hyphen) && seg.chars().count() == 1 {
                link = if self.atoms.last().is_some_and(|a| a.to == start + offset) {
                    Link::Hyphen
                } else {
                    Link::None
                };
            } else if seg.chars().all(|c| c == '\u{200B}') {
                link = if self.atoms.last().is_some_and(|a| a.to == start + offset) {
                    Link::Invisible
                } else {
                    Link::None
                };
            } else {
                link = Link::None;
            }
        }
        // A zero-width space between two runs makes them one word.
        merge_invisible(&mut self.atoms);
    }
}

/// Fast path for the common chunk: Latin or Cyrillic letters, ASCII digits, hyphens and punctuation that
/// UAX #29 always breaks at. Produces exactly what the UAX #29 path would; returns `false` (leaving
/// partial output to be cleared) when the chunk needs the full rules.
fn simple_atoms(start: usize, chunk: &str, atoms: &mut Vec<Atom>) -> bool {
    let mut run: Option<(usize, AtomKind)> = None;
    let mut link = Link::None;
    let mut prev_alnum = false;
    let mut chars = chunk.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let kind = if c.is_ascii_digit() {
            Some(AtomKind::Digit)
        } else if is_simple_letter(c) {
            Some(AtomKind::Alpha)
        } else {
            None
        };
        if let Some(kind) = kind {
            match run {
                Some((_, k)) if k == kind => {}
                Some((from, k)) => {
                    atoms.push(Atom {
                        from: start + from,
                        to: start + i,
                        kind: k,
                        link,
                    });
                    link = Link::Glue;
                    run = Some((i, kind));
                }
                None => run = Some((i, kind)),
            }
            prev_alnum = true;
            continue;
        }
        let next_alnum = chars
            .peek()
            .is_some_and(|(_, n)| n.is_ascii_digit() || is_simple_letter(*n));
        let joins_in_uax29 = matches!(c, '.' | ',' | ';' | ':' | '\'' | '\u{2019}' | '\u{B7}');
        if joins_in_uax29 && prev_alnum && next_alnum {
            return false;
        }
        if !c.is_ascii_punctuation()
            && !matches!(
                c,
                '«' | '»' | '“' | '”' | '„' | '–' | '—' | '…' | '\u{2010}' | '\u{2011}'
            )
        {
            return false;
        }
        if let Some((from, k)) = run.take() {
            atoms.push(Atom {
                from: start + from,
                to: start + i,
                kind: k,
                link,
            });
        }
        link = if is_hyphen(c) && prev_alnum && next_alnum {
            Link::Hyphen
        } else {
            Link::None
        };
        prev_alnum = false;
    }
    if let Some((from, k)) = run {
        atoms.push(Atom {
            from: start + from,
            to: start + chunk.len(),
            kind: k,
            link,
        });
    }
    true
}

/// Letters the fast path handles: ASCII, Latin-1/Extended-A/B and basic Cyrillic letters, none of which
/// combine with a neighbour under UAX #29 except by the rules [`simple_atoms`] checks.
fn is_simple_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c, '\u{C0}'..='\u{24F}' if c != '\u{D7}' && c != '\u{F7}')
        || matches!(c, '\u{400}'..='\u{481}' | '\u{48A}'..='\u{4FF}')
}

/// The common chunk, a word of [`is_simple_letter`]s with only `(` or `"` before it and sentence
/// punctuation after it (`kitaplar`, `(geçirildi).`, `учёных,`): where the word is, which is the chunk's one
/// piece (what [`url_span`], [`simple_atoms`] and [`emit_groups`] give it), found in one pass over its
/// bytes. `None` for any other chunk.
fn plain_word(chunk: &str) -> Option<(usize, usize)> {
    plain_word_at(chunk.as_bytes(), 0).map(|(from, to, _)| (from, to))
}

/// [`plain_word`] on the chunk of `b` that starts at `at` (not white space) and ends at the first ASCII
/// white space or at the end of `b`: the word's span and where the chunk ends. `None` for any other chunk
/// (also for a plain word followed by white space outside ASCII, whose chunk the caller cuts as usual).
fn plain_word_at(b: &[u8], at: usize) -> Option<(usize, usize, usize)> {
    let mut i = at;
    while i < b.len() && matches!(b[i], b'(' | b'"') {
        i += 1;
    }
    let from = i;
    while i < b.len() {
        // ASCII letters, the most common bytes, eight at a time while eight are left.
        if let Some(chunk) = b.get(i..i + 8).and_then(|c| <[u8; 8]>::try_from(c).ok()) {
            let letters = ascii_letter_prefix(u64::from_le_bytes(chunk));
            i += letters;
            if letters == 8 {
                continue;
            }
        }
        match simple_letter_width(b, i) {
            0 => break,
            width => i += width,
        }
    }
    let to = i;
    while i < b.len() && matches!(b[i], b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b'"') {
        i += 1;
    }
    let ends = i == b.len() || is_ascii_space(b[i]);
    (ends && to > from).then_some((from, to, i))
}

/// How many of the eight bytes of `x` (the first in its lowest byte) are ASCII letters before the first
/// that is not: the bytes are compared all at once, within the register.
fn ascii_letter_prefix(x: u64) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    // Each byte lowercased and without its high bit (at most 0x7F, so the sums below carry into no
    // other byte); bytes that had it are not ASCII, and `!x` drops them.
    let y = (x | (ONES * 0x20)) & !HIGH;
    let from_a = y + ONES * (0x80 - u64::from(b'a'));
    let past_z = y + ONES * (0x80 - u64::from(b'z') - 1);
    let letters = from_a & !past_z & !x & HIGH;
    // The high bit of the first byte that is no letter (none: 64 trailing zeros, eight letters).
    ((!letters & HIGH).trailing_zeros() / 8) as usize
}

/// The UTF-8 length of the [`is_simple_letter`] that starts at `b[i]`, or 0 when none does.
fn simple_letter_width(b: &[u8], i: usize) -> usize {
    let next = || b.get(i + 1).copied().unwrap_or(0);
    match b[i] {
        x if x.is_ascii_alphabetic() => 1,
        // U+00C0–U+00FF without × (C3 97) and ÷ (C3 B7); U+0100–U+023F; U+0240–U+024F.
        0xC3 if !matches!(next(), 0x97 | 0xB7) => 2,
        0xC4..=0xC8 => 2,
        0xC9 if next() <= 0x8F => 2,
        // Cyrillic U+0400–U+047F, U+04C0–U+04FF; U+0480–U+0481 and U+048A–U+04BF (not the signs and
        // combining marks U+0482–U+0489).
        0xD0 | 0xD1 | 0xD3 => 2,
        0xD2 if !(0x82..=0x89).contains(&next()) => 2,
        _ => 0,
    }
}

/// ASCII white space (`char::is_whitespace` on ASCII).
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// The chunk of `text` between white space (as `char::is_whitespace` has it) at or after `at` (a char
/// boundary): where it starts and ends.
fn next_chunk(text: &str, mut at: usize) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    // Skips white space, then takes everything up to the next.
    let mut start = None;
    while at < b.len() {
        let (space, width) = match b[at] {
            x if x < 0x80 => (is_ascii_space(x), 1),
            // U+00C0–U+07FF: no white space there.
            0xC3..=0xDF => (false, 2),
            _ => match text.get(at..).and_then(|rest| rest.chars().next()) {
                Some(c) => (c.is_whitespace(), c.len_utf8()),
                None => (false, 1),
            },
        };
        if space {
            if let Some(s) = start {
                return Some((s, at));
            }
            at += width;
            continue;
        }
        start = start.or(Some(at));
        at += width;
        // The rest of a word's ASCII at once.
        while at < b.len() && b[at] > b' ' && b[at] < 0x80 {
            at += 1;
        }
    }
    start.map(|s| (s, b.len()))
}

/// The chunks of `text` between white space (as `char::is_whitespace` has it), with their offsets.
#[cfg(test)]
fn whitespace_chunks(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let (start, end) = next_chunk(text, at)?;
        at = end;
        Some((start, &text[start..end]))
    })
}

/// Hyphen-like characters that join compound parts.
pub(crate) fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// The span of a URL or e-mail address inside a whitespace-free chunk, trimmed of surrounding punctuation.
fn url_span(chunk: &str) -> Option<(usize, usize)> {
    // Cheap rejection first: a URL or address has `@`, `:` or a `w`.
    if !chunk
        .bytes()
        .any(|x| x == b'@' || x == b':' || x | 0x20 == b'w')
    {
        return None;
    }
    let lead = chunk.len()
        - chunk
            .trim_start_matches(['(', '[', '<', '"', '\'', '«', '“'])
            .len();
    let trimmed = chunk[lead..].trim_end_matches([
        '.', ',', ';', ':', '!', '?', ')', ']', '>', '"', '\'', '»', '”',
    ]);
    let lower_starts = |p: &str| {
        trimmed
            .get(..p.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(p))
    };
    let is_url = (lower_starts("http://") || lower_starts("https://") || lower_starts("ftp://"))
        && trimmed.len() > 8
        || lower_starts("www.") && trimmed.len() > 6;
    let is_email = trimmed.split_once('@').is_some_and(|(user, host)| {
        !user.is_empty()
            && host.contains('.')
            && !host.starts_with('.')
            && !host.ends_with('.')
            && !host.contains('@')
    });
    (is_url || is_email).then_some((lead, lead + trimmed.len()))
}

/// Splits one UAX #29 word into letter runs and digit runs (`geçirildi2021` → `geçirildi`, `2021`).
/// Characters that are neither (`.` in `3.5`, `'` in `library's`) stay with the run they are in.
fn push_runs(atoms: &mut Vec<Atom>, start: usize, word: &str, first_link: Link) {
    let mut run_start = 0;
    let mut run_kind: Option<AtomKind> = None;
    let mut link = first_link;
    for (i, c) in word.char_indices() {
        let kind = if c.is_numeric() {
            AtomKind::Digit
        } else if c.is_alphabetic() {
            AtomKind::Alpha
        } else {
            continue;
        };
        match run_kind {
            Some(k) if k != kind => {
                atoms.push(Atom {
                    from: start + run_start,
                    to: start + i,
                    kind: k,
                    link,
                });
                link = Link::Glue;
                run_start = i;
                run_kind = Some(kind);
            }
            Some(_) => {}
            None => run_kind = Some(kind),
        }
    }
    if let Some(kind) = run_kind {
        // Combining marks and format characters that UAX #29 attached stay with the run (n + U+030C is ň).
        atoms.push(Atom {
            from: start + run_start,
            to: start + word.len(),
            kind,
            link,
        });
    }
}

fn merge_invisible(atoms: &mut Vec<Atom>) {
    let mut w = 0;
    for r in 0..atoms.len() {
        let atom = atoms[r];
        if atom.link == Link::Invisible && w > 0 {
            let prev = &mut atoms[w - 1];
            prev.to = atom.to;
            if atom.kind == AtomKind::Alpha {
                prev.kind = AtomKind::Alpha;
            }
        } else {
            atoms[w] = atom;
            w += 1;
        }
    }
    atoms.truncate(w);
}

/// Emits the pieces of one chunk's atoms, grouping hyphen-linked runs; returns the next position.
fn emit_groups(text: &str, atoms: &[Atom], mut position: usize, out: &mut Vec<Piece>) -> usize {
    let mut i = 0;
    while i < atoms.len() {
        let mut j = i + 1;
        while j < atoms.len() && atoms[j].link == Link::Hyphen {
            j += 1;
        }
        position = emit_group(text, &atoms[i..j], position, out);
        i = j;
    }
    position
}

fn emit_group(text: &str, group: &[Atom], mut position: usize, out: &mut Vec<Piece>) -> usize {
    let piece = |a: &Atom, position, kind| Piece {
        from: a.from,
        to: a.to,
        position,
        length: 1,
        kind,
    };
    match group {
        [] => return position,
        [single] => out.push(piece(single, position, PieceKind::Word)),
        [head, ending]
            if head.kind == AtomKind::Digit
                && ending.kind == AtomKind::Alpha
                && is_ending(&text[ending.from..ending.to]) =>
        {
            out.push(piece(head, position, PieceKind::Number));
        }
        [head, ending]
            if head.kind == AtomKind::Alpha
                && ending.kind == AtomKind::Alpha
                && is_abbreviation(&text[head.from..head.to])
                && is_ending(&text[ending.from..ending.to]) =>
        {
            out.push(piece(head, position, PieceKind::Abbreviation));
        }
        parts if parts.len() > MAX_COMPOUND_PARTS => {
            for part in parts {
                out.push(piece(part, position, PieceKind::Word));
                position += 1;
            }
            return position;
        }
        parts => {
            // The joined form comes first so that start offsets never decrease along the stream
            // (tantivy's snippet generator relies on it).
            let (Some(head), Some(last)) = (parts.first(), parts.last()) else {
                return position;
            };
            out.push(Piece {
                from: head.from,
                to: last.to,
                position,
                length: parts.len(),
                kind: PieceKind::Joined,
            });
            for part in parts {
                out.push(piece(part, position, PieceKind::Part));
                position += 1;
            }
            return position;
        }
    }
    position + 1
}

/// A short all-lowercase ending (`nji`, `njy`, `da`, `nyň`, `м`, `го`).
fn is_ending(s: &str) -> bool {
    s.chars().count() <= MAX_ENDING_CHARS
        && s.chars().all(|c| c.is_alphabetic() && !c.is_uppercase())
}

/// Two or more letters, all capitals (`ABŞ`, `BMG`, `ÝUNESKO`).
fn is_abbreviation(s: &str) -> bool {
    s.chars().count() >= 2 && s.chars().all(|c| c.is_alphabetic() && c.is_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (input, expected pieces as "text@position" with `+` marking a joined form)
    fn check(cases: &[(&str, &[&str])]) {
        for (input, expected) in cases {
            let mut scratch = String::new();
            let got: Vec<String> = segment(input)
                .iter()
                .map(|p| {
                    let joined = if p.kind == PieceKind::Joined { "+" } else { "" };
                    format!("{joined}{}@{}", p.raw_text(input, &mut scratch), p.position)
                })
                .collect();
            assert_eq!(&got, expected, "input {input:?}");
        }
    }

    #[test]
    fn words_and_compounds() {
        check(&[
            ("Kitap okaýar.", &["Kitap@0", "okaýar@1"]),
            (
                "onlaýn-maslahaty geçirildi",
                &[
                    "+onlaýnmaslahaty@0",
                    "onlaýn@0",
                    "maslahaty@1",
                    "geçirildi@2",
                ],
            ),
            ("hem-de", &["+hemde@0", "hem@0", "de@1"]),
            ("onlaýn maslahat", &["onlaýn@0", "maslahat@1"]),
            ("onlaýnmaslahat", &["onlaýnmaslahat@0"]),
            (
                "онлайн-конференция",
                &["+онлайнконференция@0", "онлайн@0", "конференция@1"],
            ),
            ("a - b", &["a@0", "b@1"]),
            ("söz- we", &["söz@0", "we@1"]),
            ("«Kitap» “dünýäsi”", &["Kitap@0", "dünýäsi@1"]),
        ]);
    }

    #[test]
    fn ordinals_and_abbreviations() {
        check(&[
            (
                "2021-nji ýylyň 11-nji martynda",
                &["2021@0", "ýylyň@1", "11@2", "martynda@3"],
            ),
            ("25-njy", &["25@0"]),
            ("6-njy we 30-unjy", &["6@0", "we@1", "30@2"]),
            ("в 2023-м году", &["в@0", "2023@1", "году@2"]),
            ("ABŞ-da", &["ABŞ@0"]),
            ("BMG-niň GDA-nyň", &["BMG@0", "GDA@1"]),
            ("ÝUNESKO-nyň", &["ÝUNESKO@0"]),
            ("COVID-19", &["+COVID19@0", "COVID@0", "19@1"]),
        ]);
    }

    #[test]
    fn glued_runs_urls_and_invisibles() {
        check(&[
            (
                "geçirildi2021-nji ýylyň",
                &["geçirildi@0", "2021@1", "ýylyň@2"],
            ),
            ("Bäsleşik2024", &["Bäsleşik@0", "2024@1"]),
            ("3.5 million", &["3.5@0", "million@1"]),
            (
                "see https://library.example/news?id=5, or mail info@library.example.",
                &[
                    "see@0",
                    "https://library.example/news?id=5@1",
                    "or@2",
                    "mail@3",
                    "info@library.example@4",
                ],
            ),
            ("(www.example.tm)", &["www.example.tm@0"]),
            ("kitap\u{AD}hana", &["kitap\u{AD}hana@0"]),
            ("kitap\u{200B}hana", &["kitap\u{200B}hana@0"]),
            ("library's", &["library's@0"]),
            ("n\u{30C}e", &["n\u{30C}e@0"]),
            ("", &[]),
            ("--- !!", &[]),
        ]);
    }

    #[test]
    fn fast_path_agrees_with_unicode_word_boundaries() {
        let chunks = [
            "onlaýn-maslahaty,",
            "«Kitap»",
            "2021-nji",
            "geçirildi2021-nji",
            "ABŞ-da.",
            "(BMG-niň)",
            "a-",
            "-b",
            "x--y",
            "Türkmenistanyň",
            "учёных,",
            "онлайн-конференция…",
            "A1b2",
            "kitap—",
        ];
        for chunk in chunks {
            let mut fast = Vec::new();
            assert!(
                simple_atoms(0, chunk, &mut fast),
                "{chunk:?} should take the fast path"
            );
            let mut seg = Segmenter::default();
            // Force the UAX #29 path by adding a character the fast path refuses, then drop its atom.
            let forced = format!("{chunk}\u{3042}");
            seg.atoms_of(0, &forced);
            let slow: Vec<_> = seg
                .atoms
                .iter()
                .filter(|a| a.to <= chunk.len())
                .map(|a| (a.from, a.to, a.kind, a.link))
                .collect();
            let fast: Vec<_> = fast
                .iter()
                .map(|a| (a.from, a.to, a.kind, a.link))
                .collect();
            assert_eq!(fast, slow, "{chunk:?}");
        }
        for chunk in ["3.5", "library's", "e.g", "a:b", "x\u{301}", "日本"] {
            assert!(
                !simple_atoms(0, chunk, &mut Vec::new()),
                "{chunk:?} needs UAX #29"
            );
        }
    }

    #[test]
    fn offsets_point_into_the_input() {
        let text = "«Onlaýn-maslahatyna» 2021-nji ýylda, ABŞ-da, e-poçta: a@b.tm";
        let mut last_from = 0;
        for piece in segment(text) {
            assert!(text.is_char_boundary(piece.from) && text.is_char_boundary(piece.to));
            assert!(piece.from < piece.to);
            assert!(piece.from >= last_from, "start offsets never decrease");
            last_from = piece.from;
        }
    }

    /// Pseudo-random text over letters, digits, punctuation and white space that the fast paths and
    /// the general ones treat differently.
    fn random_texts(n: usize) -> Vec<String> {
        let alphabet: Vec<char> =
            "abwWzýäňŽ×÷ɐĀдЁӿ\u{481}\u{482}\u{483}\u{48A}\u{500}(\")\".,;:!?'-@/1 \t\n\u{A0}\u{2003}\u{85}\u{200B}«»"
                .chars()
                .collect();
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let len = (x % 12) as usize;
                (0..len)
                    .map(|_| {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        // Letters most of the time, so that words form.
                        let k = (x % (alphabet.len() as u64 * 2)) as usize;
                        alphabet.get(k).copied().unwrap_or(alphabet[k % 4])
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn white_space_chunks_are_those_of_split() {
        for text in random_texts(50_000) {
            let split: Vec<(usize, &str)> = text
                .split(char::is_whitespace)
                .filter(|s| !s.is_empty())
                .map(|s| (s.as_ptr() as usize - text.as_ptr() as usize, s))
                .collect();
            let chunks: Vec<(usize, &str)> = whitespace_chunks(&text).collect();
            assert_eq!(chunks, split, "{text:?}");
        }
    }

    /// The byte-wise letter test of the one-pass plain word is [`is_simple_letter`], for every char.
    #[test]
    fn simple_letter_width_is_is_simple_letter() {
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let b = c.encode_utf8(&mut buf).as_bytes();
            let expected = if is_simple_letter(c) { c.len_utf8() } else { 0 };
            assert_eq!(
                simple_letter_width(b, 0),
                expected,
                "{c:?} U+{:04X}",
                c as u32
            );
        }
    }

    /// [`Segmenter::segment_into`], which reads a plain word in one pass from its first byte, gives
    /// exactly the pieces of the chunk-by-chunk path: every chunk between white space cut first, then a
    /// plain word, a URL or the general rules.
    #[test]
    fn ascii_letter_prefix_counts_the_letters_before_the_first_other_byte() {
        for bytes in [
            *b"abcdefgh",
            *b"ABCDEFGH",
            *b"abc defg",
            *b"Zz@[`{az",
            *b"kitap\xC3\xBCk",
            *b"\xC5\x88abcdef",
            *b"az09AZaz",
            *b"\x7Fazazaza",
            *b"azazaza\xFF",
        ] {
            let expected = bytes.iter().take_while(|b| b.is_ascii_alphabetic()).count();
            assert_eq!(
                ascii_letter_prefix(u64::from_le_bytes(bytes)),
                expected,
                "{bytes:?}"
            );
        }
        // Every byte value in every place.
        for place in 0..8 {
            for byte in 0..=255u8 {
                let mut bytes = *b"abcdefgh";
                bytes[place] = byte;
                let expected = if byte.is_ascii_alphabetic() { 8 } else { place };
                assert_eq!(ascii_letter_prefix(u64::from_le_bytes(bytes)), expected);
            }
        }
    }

    #[test]
    fn segment_into_is_the_chunk_by_chunk_path() {
        let mut segmenter = Segmenter::default();
        let mut words = 0;
        for text in random_texts(50_000) {
            let mut expected = Vec::new();
            let mut position = 0;
            for (start, chunk) in whitespace_chunks(&text) {
                let whole = match plain_word(chunk) {
                    Some(span) => Some((span, PieceKind::Word)),
                    None => url_span(chunk).map(|span| (span, PieceKind::Url)),
                };
                if let Some(((from, to), kind)) = whole {
                    let length = 1;
                    expected.push(Piece {
                        from: start + from,
                        to: start + to,
                        position,
                        length,
                        kind,
                    });
                    position += 1;
                    continue;
                }
                segmenter.atoms_of(start, chunk);
                position = emit_groups(&text, &segmenter.atoms, position, &mut expected);
            }
            let mut got = Vec::new();
            segmenter.segment_into(&text, &mut got);
            assert_eq!(got, expected, "{text:?}");
            words += got.len();
        }
        assert!(words > 50_000, "too few pieces: {words}");
    }

    #[test]
    fn a_plain_word_is_what_the_general_path_makes_of_its_chunk() {
        let mut plain = 0;
        let mut segmenter = Segmenter::default();
        for text in random_texts(50_000) {
            for (start, chunk) in whitespace_chunks(&text) {
                let Some((from, to)) = plain_word(chunk) else {
                    continue;
                };
                plain += 1;
                assert_eq!(url_span(chunk), None, "{chunk:?}");
                segmenter.atoms_of(start, chunk);
                let mut out = Vec::new();
                emit_groups(&text, &segmenter.atoms, 0, &mut out);
                let expected = vec![Piece {
                    from: start + from,
                    to: start + to,
                    position: 0,
                    length: 1,
                    kind: PieceKind::Word,
                }];
                assert_eq!(out, expected, "{chunk:?}");
            }
        }
        assert!(plain > 10_000, "too few plain words: {plain}");
    }
}
