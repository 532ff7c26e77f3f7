//! An automaton over a term dictionary that accepts the terms within a few edits of some *start* of a
//! query word: what a misspelt word with an ending may have meant (`kitaphanlar` → `kitaphana`, within
//! one edit of `kitaphan`).
//!
//! Each start of the word allowed as a cut has its own edit limit, and the term keeps the word's first
//! letter (people rarely mistype a word's first letter, and a walk that may change it visits most of a
//! dictionary: a misspelt first letter is left to the correction of the whole stem). One walk of the
//! dictionary with this automaton finds what a Levenshtein automaton per start would find, without
//! building those automata or walking the dictionary once per start. The state is one row of the
//! optimal-string-alignment table per term letter read (the previous row kept for transpositions), over
//! the word's characters; the dictionary's bytes are decoded as UTF-8 on the way.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use tantivy_fst::Automaton;

use crate::index::StableHasher;

/// Longest word (in characters) the automaton is built for; longer words get no correction by a start.
pub(crate) const MAX_CHARS: usize = 48;
/// Most distinct states one automaton builds (each holds a 1 KiB transition table); a walk reaching more
/// stops there — a bound on the work and memory of one lookup (ordinary words need a few dozen).
const MAX_STATES: usize = 4096;
/// A transition not taken yet.
const UNKNOWN: u32 = u32::MAX;
/// A row cell value meaning "too many edits for any cut" (the limits are at most 2).
const FAR: u8 = 3;
/// No previous character (at the first letter of a term), or one that is not in the word.
const NONE: u32 = u32::MAX;
/// The state of a walk that read bytes no term of a text field holds (not UTF-8), or too many states.
const DEAD: u32 = 0;

/// Accepts the terms that begin with the word's first letter and are within `limit(j)` edits of its first
/// `j` characters, for the cuts `j` given. It is determinised lazily: each state the walk reaches is
/// computed once and numbered, and each transition taken is remembered, so the walk costs about what a
/// prebuilt automaton's would.
pub(crate) struct PrefixTypos {
    word: Vec<char>,
    /// Per `j` in `0..=word.len()`: the edit limit of the cut after `j` characters, or `None` when that
    /// start is not a cut.
    limits: Vec<Option<u8>>,
    states: RefCell<States>,
}

/// Where a walk stands after some bytes of a term.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Data {
    /// The distances of the term read so far to each start of the word (`FAR` = too far).
    row: [u8; MAX_CHARS + 1],
    /// The row before the last character (for transpositions; all `FAR` when `last` is [`NONE`]).
    before: [u8; MAX_CHARS + 1],
    /// The last character read if the word has it, else [`NONE`].
    last: u32,
    /// The bits of a character whose UTF-8 bytes are not all read yet.
    partial: u32,
    /// How many continuation bytes that character still needs.
    pending: u8,
}

/// The states built so far, numbered from 1 ([`DEAD`] is 0), and the transitions taken.
#[derive(Default)]
struct States {
    data: Vec<Data>,
    /// (Keys are automaton states, not user input: no hash flooding to fear, and each new state of a walk
    /// is hashed, a hundred bytes, so the cheap hash counts.)
    ids: HashMap<Data, u32, BuildHasherDefault<StableHasher>>,
    /// Per state: (is a match, can still lead to one).
    flags: Vec<(bool, bool)>,
    /// Per state, per byte: the next state, or [`UNKNOWN`].
    next: Vec<[u32; 256]>,
}

impl PrefixTypos {
    /// The automaton for `word` with the given cuts: `(j, limit)` = the first `j` characters, within
    /// `limit` edits (at most 2; a cut given twice takes the larger). `None` when the word is longer than
    /// [`MAX_CHARS`] or no cut is given.
    pub(crate) fn new(word: &str, cuts: &[(usize, u8)]) -> Option<PrefixTypos> {
        let word: Vec<char> = word.chars().collect();
        if word.len() > MAX_CHARS || cuts.is_empty() {
            return None;
        }
        let mut limits: Vec<Option<u8>> = vec![None; word.len() + 1];
        for &(j, limit) in cuts {
            let slot = limits.get_mut(j)?;
            let limit = limit.min(FAR - 1);
            *slot = Some(slot.map_or(limit, |l| l.max(limit)));
        }
        let automaton = PrefixTypos {
            word,
            limits,
            states: RefCell::new(States::default()),
        };
        {
            let mut states = automaton.states.borrow_mut();
            // The dead state is number 0: a match of nothing.
            states.data.push(automaton.first());
            states.flags.push((false, false));
            states.next.push([DEAD; 256]);
        }
        Some(automaton)
    }

    /// The state before any byte: the empty term is `j` edits from the first `j` characters.
    fn first(&self) -> Data {
        let mut row = [FAR; MAX_CHARS + 1];
        for (j, cell) in row.iter_mut().enumerate().take(self.word.len() + 1) {
            *cell = u8::try_from(j).unwrap_or(FAR).min(FAR);
        }
        Data {
            row,
            before: [FAR; MAX_CHARS + 1],
            last: NONE,
            partial: 0,
            pending: 0,
        }
    }

    /// One row step: the term gained the character `c`.
    fn step(&self, s: &mut Data, c: u32) {
        let n = self.word.len();
        let mut row = [FAR; MAX_CHARS + 1];
        row[0] = s.row[0].saturating_add(1).min(FAR);
        for j in 1..=n {
            let w = u32::from(self.word[j - 1]);
            let cost = u8::from(c != w);
            let mut v = (s.row[j] + 1).min(row[j - 1] + 1).min(s.row[j - 1] + cost);
            if j > 1 && s.last == w && c == u32::from(self.word[j - 2]) {
                v = v.min(s.before[j - 2] + 1);
            }
            row[j] = v.min(FAR);
        }
        // The previous character and row matter only for a transposition, which needs a character of
        // the word: without one, every such state is the same state.
        if self.word.iter().any(|&w| u32::from(w) == c) {
            s.before = s.row;
            s.last = c;
        } else {
            s.before = [FAR; MAX_CHARS + 1];
            s.last = NONE;
        }
        s.row = row;
    }

    /// The state after the character `c`, or `None` when `c` begins the term and is not the word's first
    /// letter.
    fn read(&self, mut s: Data, c: u32) -> Option<Data> {
        if s.row[0] == 0 && self.word.first().is_some_and(|&w| u32::from(w) != c) {
            return None;
        }
        self.step(&mut s, c);
        Some(s)
    }

    /// The state after `byte`, or `None` when the bytes are not UTF-8 or the term cannot match.
    fn successor(&self, s: &Data, byte: u8) -> Option<Data> {
        let mut next = s.clone();
        if next.pending > 0 {
            if byte & 0xC0 != 0x80 {
                return None;
            }
            next.partial = (next.partial << 6) | u32::from(byte & 0x3F);
            next.pending -= 1;
            if next.pending == 0 {
                let c = next.partial;
                next.partial = 0;
                return self.read(next, c);
            }
            return Some(next);
        }
        match byte {
            0x00..=0x7F => return self.read(next, u32::from(byte)),
            0xC0..=0xDF => (next.partial, next.pending) = (u32::from(byte & 0x1F), 1),
            0xE0..=0xEF => (next.partial, next.pending) = (u32::from(byte & 0x0F), 2),
            0xF0..=0xF7 => (next.partial, next.pending) = (u32::from(byte & 0x07), 3),
            _ => return None,
        }
        Some(next)
    }

    /// Whether `s` is a whole term (not empty) within the limit of a cut.
    fn matches(&self, s: &Data) -> bool {
        s.pending == 0
            && s.row[0] > 0
            && self
                .limits
                .iter()
                .zip(s.row.iter())
                .any(|(limit, &d)| limit.is_some_and(|l| d <= l))
    }

    /// Whether some continuation of `s` may match. A cell of a later row is never below the smallest
    /// cell at or before it in this row (nor, for a transposition, below the row before's, which the same
    /// bound covers): a cut `j` is still within reach only if some cell up to `j` is within its limit.
    fn alive(&self, s: &Data) -> bool {
        let mut smallest = FAR;
        for (limit, &d) in self.limits.iter().zip(s.row.iter()) {
            smallest = smallest.min(d);
            if limit.is_some_and(|l| smallest <= l) {
                return true;
            }
        }
        false
    }

    /// The number of `data`, built if new ([`DEAD`] once [`MAX_STATES`] are built).
    fn intern(&self, states: &mut States, data: Data) -> u32 {
        if let Some(&id) = states.ids.get(&data) {
            return id;
        }
        if states.data.len() >= MAX_STATES {
            return DEAD;
        }
        let Ok(id) = u32::try_from(states.data.len()) else {
            return DEAD;
        };
        states.flags.push((self.matches(&data), self.alive(&data)));
        states.next.push([UNKNOWN; 256]);
        states.data.push(data.clone());
        states.ids.insert(data, id);
        id
    }

    /// How many states the walks so far have built (for tests).
    #[cfg(test)]
    fn built(&self) -> usize {
        self.states.borrow().data.len()
    }
}

impl Automaton for PrefixTypos {
    type State = u32;

    fn start(&self) -> u32 {
        let mut states = self.states.borrow_mut();
        let first = self.first();
        self.intern(&mut states, first)
    }

    fn is_match(&self, s: &u32) -> bool {
        let states = self.states.borrow();
        states.flags.get(*s as usize).is_some_and(|f| f.0)
    }

    fn can_match(&self, s: &u32) -> bool {
        let states = self.states.borrow();
        states.flags.get(*s as usize).is_some_and(|f| f.1)
    }

    fn accept(&self, s: &u32, byte: u8) -> u32 {
        let mut states = self.states.borrow_mut();
        let known = states
            .next
            .get(*s as usize)
            .map_or(DEAD, |table| table[usize::from(byte)]);
        if known != UNKNOWN {
            return known;
        }
        let next = match states
            .data
            .get(*s as usize)
            .and_then(|data| self.successor(data, byte))
        {
            Some(data) => self.intern(&mut states, data),
            None => DEAD,
        };
        if let Some(table) = states.next.get_mut(*s as usize) {
            table[usize::from(byte)] = next;
        }
        next
    }
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;
    use crate::search::fuzzy::edit_distance;

    /// Runs the automaton over `term`'s bytes as a dictionary walk would.
    fn accepts(a: &PrefixTypos, term: &str) -> bool {
        let mut s = a.start();
        for &b in term.as_bytes() {
            if !a.can_match(&s) {
                return false;
            }
            s = a.accept(&s, b);
        }
        a.is_match(&s)
    }

    /// What one Levenshtein lookup per cut accepts, of the terms with the word's first letter.
    fn expected(word: &str, cuts: &[(usize, u8)], term: &str) -> bool {
        term.chars().next() == word.chars().next()
            && cuts.iter().any(|&(j, limit)| {
                let start: String = word.chars().take(j).collect();
                edit_distance(&start, term) <= usize::from(limit)
            })
    }

    #[test]
    fn a_misspelt_start_with_an_ending_finds_the_term() {
        let cuts: Vec<(usize, u8)> = (5..=11).map(|j| (j, if j < 9 { 1 } else { 2 })).collect();
        let a = PrefixTypos::new("kitaphanlar", &cuts).expect("short word");
        for (term, want) in [
            ("kitaphana", true),
            ("kitaphanalar", true),
            ("kitap", true),
            ("kitaby", false),
            ("kitapçy", false),
            ("ktiaphana", true),
            ("iktaphana", false),
            ("bitaphana", false),
            ("mekdep", false),
        ] {
            assert_eq!(accepts(&a, term), want, "{term}");
            assert_eq!(expected("kitaphanlar", &cuts, term), want, "{term}");
        }
    }

    #[test]
    fn agrees_with_one_lookup_per_cut_on_turkmen_letters() {
        let words = [
            "mekdeplerde",
            "öwrenişýärler",
            "ýaşulularyň",
            "okuwçylaryna",
            "gyzyklanma",
        ];
        let terms = [
            "mekdep",
            "mekdepler",
            "mekdeb",
            "mekdpeler",
            "öwreniş",
            "owreniş",
            "öwrenşi",
            "ýaşuly",
            "yaşuly",
            "ýaşulular",
            "okuwçy",
            "okuwcy",
            "okuwçylar",
            "gyzyklanmak",
            "gyzyklan",
            "gyzykl",
            "ýaş",
            "",
            "ä",
            "öwrenişýärler",
        ];
        for word in words {
            let n = word.chars().count();
            for limit in [1u8, 2] {
                let cuts: Vec<(usize, u8)> = (4..=n).map(|j| (j, limit)).collect();
                let a = PrefixTypos::new(word, &cuts).expect("short word");
                for term in terms {
                    assert_eq!(
                        accepts(&a, term),
                        expected(word, &cuts, term),
                        "{word} {term} {limit}"
                    );
                }
            }
        }
    }

    #[test]
    fn long_words_and_no_cuts_build_no_automaton() {
        assert!(PrefixTypos::new(&"a".repeat(MAX_CHARS + 1), &[(5, 1)]).is_none());
        assert!(PrefixTypos::new("kitaphana", &[]).is_none());
        assert!(PrefixTypos::new("kitap", &[(9, 1)]).is_none());
    }

    #[test]
    fn a_walk_builds_few_states() {
        let cuts: Vec<(usize, u8)> = (5..=11).map(|j| (j, if j < 9 { 1 } else { 2 })).collect();
        let a = PrefixTypos::new("kitaphanlar", &cuts).expect("short word");
        for term in [
            "kitaphana",
            "kitapçylar",
            "ýaşulular",
            "mekdeplerde",
            "kitaphanalaryň",
        ] {
            accepts(&a, term);
        }
        assert!(a.built() < 200, "{} states", a.built());
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_one_lookup_per_cut(
            word in "[kaiýäöşt]{1,12}",
            term in "[kaiýäöşt]{0,14}",
            cuts in proptest::collection::vec((1usize..13, 1u8..3), 1..5),
        ) {
            let n = word.chars().count();
            let cuts: Vec<(usize, u8)> = cuts.into_iter().filter(|&(j, _)| j <= n).collect();
            if let Some(a) = PrefixTypos::new(&word, &cuts) {
                proptest::prop_assert_eq!(accepts(&a, &term), expected(&word, &cuts, &term));
            }
        }
    }
}
