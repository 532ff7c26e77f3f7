//! The user's query language, parsed leniently: raw text never fails to parse.
//!
//! | syntax            | meaning                                                        |
//! |-------------------|----------------------------------------------------------------|
//! | `kitap sergi`     | every word must match (in any language field, any form)        |
//! | `kitap OR sergi`  | either side                                                    |
//! | `-sergi`          | exclude documents that match                                   |
//! | `"onlaýn maslahat"` | the words next to each other, in this order                  |
//! | `title:kitap`     | match in the title only (also `title:"…"`)                      |
//! | `lang:tk`         | only documents in this language                                |
//! | `source:habarlar` | only documents whose source has this word                      |
//! | `maslah*`         | any word starting with `maslah`                                |
//!
//! A malformed operator (an unbalanced quote, an unknown `field:`, a lone `-`, `OR` at an edge) is
//! reported as a warning and the rest of the query is searched as plain words.

use tantivy_turkmen::Lang;

/// One thing to match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Atom {
    /// A word (may be a hyphenated compound or an abbreviation with a case ending).
    Word {
        /// The word as typed.
        text: String,
        /// Match the title only.
        title_only: bool,
    },
    /// Words that must stand together in this order.
    Phrase {
        /// The phrase as typed (without quotes).
        text: String,
        /// Match the title only.
        title_only: bool,
    },
    /// Words starting with this prefix.
    Prefix {
        /// The prefix (without `*`).
        text: String,
        /// Match the title only.
        title_only: bool,
    },
}

/// One clause: alternatives joined by `OR`; excluded with `-` when `negated`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// Any of these must match.
    pub any_of: Vec<Atom>,
    /// The clause excludes instead of requiring.
    pub negated: bool,
}

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// The clauses, all required (or excluded when negated).
    pub clauses: Vec<Clause>,
    /// `lang:` filters (any of them).
    pub langs: Vec<Lang>,
    /// `source:` filter words (all required).
    pub sources: Vec<String>,
    /// What could not be understood and how it was treated.
    pub warnings: Vec<String>,
}

impl ParsedQuery {
    /// Whether anything positive is left to search for.
    pub fn has_positive(&self) -> bool {
        self.clauses.iter().any(|c| !c.negated)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Lexeme {
    Or,
    Item {
        negated: bool,
        field: Option<String>,
        text: String,
        quoted: bool,
    },
}

/// Parses the user's query text. Never fails; see the module docs for the syntax.
pub fn parse(input: &str) -> ParsedQuery {
    let mut out = parse_unbounded(input);
    // Every word, phrase and prefix counts, whether it stands alone or in an `OR` chain: each is searched in
    // eight fields under three analyzers.
    let mut atoms = 0;
    let mut capped = false;
    out.clauses.retain_mut(|clause| {
        let room = MAX_CLAUSES - atoms;
        if clause.any_of.len() > room {
            clause.any_of.truncate(room);
            capped = true;
        }
        atoms += clause.any_of.len();
        !clause.any_of.is_empty()
    });
    if capped {
        out.warnings.push(format!(
            "only the first {MAX_CLAUSES} words and phrases of a query are searched"
        ));
    }
    let mut prefixes = 0;
    for atom in out.clauses.iter_mut().flat_map(|c| c.any_of.iter_mut()) {
        if let Atom::Prefix { text, title_only } = atom {
            prefixes += 1;
            if prefixes > MAX_PREFIXES {
                *atom = Atom::Word {
                    text: std::mem::take(text),
                    title_only: *title_only,
                };
            }
        }
    }
    if prefixes > MAX_PREFIXES {
        out.warnings.push(format!(
            "at most {MAX_PREFIXES} prefixes (`word*`) per query; the others are searched as words"
        ));
    }
    // A query of thousands of malformed operators would otherwise print thousands of lines.
    if out.warnings.len() > MAX_WARNINGS {
        let more = out.warnings.len() - MAX_WARNINGS;
        out.warnings.truncate(MAX_WARNINGS);
        out.warnings
            .push(format!("… and {more} more warnings about this query"));
    }
    out
}

/// Most warnings a query reports one by one (the rest are counted in one more).
pub const MAX_WARNINGS: usize = 8;

/// Most words, phrases and prefixes a query keeps, counted across `OR` chains too (each is searched in eight
/// fields under three analyzers).
pub const MAX_CLAUSES: usize = 32;
/// Most prefix searches a query keeps (each expands over the term dictionaries).
pub const MAX_PREFIXES: usize = 4;

fn parse_unbounded(input: &str) -> ParsedQuery {
    let mut out = ParsedQuery::default();
    let lexemes = lex(input, &mut out.warnings);
    let mut pending_or = false;
    for (i, lexeme) in lexemes.iter().enumerate() {
        match lexeme {
            Lexeme::Or => {
                let has_left = out.clauses.last().is_some_and(|c| !c.negated) && !pending_or;
                let has_right = matches!(
                    lexemes.get(i + 1),
                    Some(Lexeme::Item { negated: false, .. })
                );
                if has_left && has_right {
                    pending_or = true;
                } else {
                    out.warnings
                        .push("`OR` needs a word on each side; ignored".into());
                }
            }
            Lexeme::Item {
                negated,
                field,
                text,
                quoted,
            } => {
                let Some(atom) = item(field.as_deref(), text, *quoted, &mut out) else {
                    pending_or = false;
                    continue;
                };
                match out.clauses.last_mut() {
                    Some(last) if pending_or && !negated => last.any_of.push(atom),
                    _ => out.clauses.push(Clause {
                        any_of: vec![atom],
                        negated: *negated,
                    }),
                }
                pending_or = false;
            }
        }
    }
    out
}

/// Turns one lexeme into an atom, or records a filter (returns `None`).
fn item(field: Option<&str>, text: &str, quoted: bool, out: &mut ParsedQuery) -> Option<Atom> {
    let title_only = match field.map(str::to_lowercase).as_deref() {
        None => false,
        Some("title") => true,
        Some("lang") => {
            match text.parse::<Lang>() {
                Ok(lang) => out.langs.push(lang),
                Err(_) => out
                    .warnings
                    .push(format!("`lang:{text}`: expected tk, ru or en; ignored")),
            }
            return None;
        }
        Some("source") => {
            out.sources.push(text.to_string());
            return None;
        }
        Some(other) => {
            out.warnings.push(format!(
                "unknown field `{other}:` (known: title, lang, source); searched as words"
            ));
            let text = format!("{other} {text}");
            return Some(if quoted {
                Atom::Phrase {
                    text,
                    title_only: false,
                }
            } else {
                Atom::Word {
                    text,
                    title_only: false,
                }
            });
        }
    };
    if quoted {
        return Some(Atom::Phrase {
            text: text.to_string(),
            title_only,
        });
    }
    if let Some(prefix) = text.strip_suffix('*') {
        let prefix = prefix.trim_end_matches('*');
        if prefix.chars().filter(|c| c.is_alphanumeric()).count() >= 2 {
            return Some(Atom::Prefix {
                text: prefix.to_string(),
                title_only,
            });
        }
        out.warnings.push(format!(
            "`{text}`: a prefix needs at least 2 letters; searched as a word"
        ));
        return Some(Atom::Word {
            text: prefix.to_string(),
            title_only,
        })
        .filter(|_| !prefix.is_empty());
    }
    Some(Atom::Word {
        text: text.to_string(),
        title_only,
    })
}

/// The `field:` operators.
const KNOWN_FIELDS: [&str; 3] = ["title", "lang", "source"];

fn lex(input: &str, warnings: &mut Vec<String>) -> Vec<Lexeme> {
    let mut out = Vec::new();
    let mut rest = input.trim_start();
    while !rest.is_empty() {
        let mut negated = false;
        if let Some(r) = rest.strip_prefix('-') {
            if r.is_empty() || r.starts_with(char::is_whitespace) {
                warnings.push("a lone `-` excludes nothing; ignored".into());
                rest = r.trim_start();
                continue;
            }
            negated = true;
            rest = r;
        }
        // field:  (letters only, directly followed by a value)
        let mut field = None;
        if let Some(colon) = rest.find(':') {
            let name = &rest[..colon];
            let after = &rest[colon + 1..];
            let looks_like_field = !name.is_empty()
                && name.chars().all(|c| c.is_alphabetic())
                && !after.is_empty()
                && !after.starts_with(char::is_whitespace)
                && !after.starts_with("//");
            if looks_like_field {
                field = Some(name.to_string());
                rest = after;
            } else if colon + 1 == rest.find(char::is_whitespace).unwrap_or(rest.len())
                && KNOWN_FIELDS.iter().any(|f| name.eq_ignore_ascii_case(f))
            {
                // `title:` with nothing after it is an operator without a value, not the word "title".
                warnings.push(format!("`{name}:` has nothing after it; ignored"));
                rest = after.trim_start();
                continue;
            }
        }
        let (text, quoted, next) = if let Some(r) = rest.strip_prefix(['"', '«', '“']) {
            match r.find(['"', '»', '”']) {
                Some(end) => {
                    let close_len = r[end..].chars().next().map_or(1, char::len_utf8);
                    (&r[..end], true, &r[end + close_len..])
                }
                None => {
                    warnings.push(
                        "unbalanced quote: the rest of the query is searched as a phrase".into(),
                    );
                    (r, true, "")
                }
            }
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            (&rest[..end], false, &rest[end..])
        };
        rest = next.trim_start();
        let text = text.trim();
        if !quoted && !negated && field.is_none() && text == "OR" {
            out.push(Lexeme::Or);
            continue;
        }
        if text.is_empty() {
            if quoted && !rest.is_empty() {
                warnings.push("empty quotes; ignored".into());
            }
            continue;
        }
        if !text.chars().any(char::is_alphanumeric) {
            warnings.push(format!("`{text}` has no letters or digits; ignored"));
            continue;
        }
        out.push(Lexeme::Item {
            negated,
            field,
            text: text.to_string(),
            quoted,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(t: &str) -> Atom {
        Atom::Word {
            text: t.into(),
            title_only: false,
        }
    }

    #[test]
    fn table() {
        // (input, number of clauses, number of warnings)
        let cases: &[(&str, usize, usize)] = &[
            ("kitap", 1, 0),
            ("kitap sergi", 2, 0),
            ("kitap OR sergi", 1, 0),
            ("OR kitap", 1, 1),
            ("kitap OR", 1, 1),
            ("kitap -sergi", 2, 0),
            ("- kitap", 1, 1),
            ("\"a b", 1, 1),
            ("ABŞ-da", 1, 0),
            ("https://example.tm/a:b", 1, 0),
            ("foo:bar", 1, 1),
            ("lang:xx kitap", 1, 1),
            ("lang:tk", 0, 0),
            ("title:kitap source:habarlar", 1, 0),
            ("maslah*", 1, 0),
            ("m*", 1, 1),
            ("*", 0, 1),
            (": - \" ", 0, 3),
            ("", 0, 0),
            ("aa* bb* cc* dd* ee*", 5, 1),
            ("title:", 0, 1),
            ("kitap source: lang:", 1, 2),
            ("-title: kitap", 1, 1),
            ("Title:kitap", 1, 0),
            ("note: kitap", 2, 0),
        ];
        for (input, clauses, warnings) in cases {
            let q = parse(input);
            assert_eq!(q.clauses.len(), *clauses, "clauses of {input:?}: {q:?}");
            assert_eq!(q.warnings.len(), *warnings, "warnings of {input:?}: {q:?}");
        }
    }

    #[test]
    fn long_queries_are_bounded() {
        let q = parse(&"kitap ".repeat(100));
        assert_eq!(q.clauses.len(), MAX_CLAUSES);
        assert_eq!(q.warnings.len(), 1);
        let atoms = |q: &ParsedQuery| q.clauses.iter().map(|c| c.any_of.len()).sum::<usize>();
        let q = parse(&vec!["kitapx"; 6000].join(" OR "));
        assert_eq!((q.clauses.len(), atoms(&q)), (1, MAX_CLAUSES));
        assert_eq!(q.warnings.len(), 1, "{:?}", q.warnings);
        let q = parse(&format!("a b {} c", vec!["x"; 40].join(" OR ")));
        assert_eq!((q.clauses.len(), atoms(&q)), (3, MAX_CLAUSES));
        let q = parse(&": ".repeat(1000));
        assert_eq!(q.warnings.len(), MAX_WARNINGS + 1);
        let q = parse("aa* bb* cc* dd* ee* ff*");
        let prefixes = q
            .clauses
            .iter()
            .filter(|c| matches!(c.any_of[0], Atom::Prefix { .. }))
            .count();
        assert_eq!(prefixes, MAX_PREFIXES);
    }

    #[test]
    fn atoms() {
        let q = parse("title:\"kitap sergisi\" maslah* -ABŞ-da lang:ru source:Habarlar");
        assert_eq!(
            q.clauses[0].any_of[0],
            Atom::Phrase {
                text: "kitap sergisi".into(),
                title_only: true
            }
        );
        assert_eq!(
            q.clauses[1].any_of[0],
            Atom::Prefix {
                text: "maslah".into(),
                title_only: false
            }
        );
        assert_eq!(q.clauses[2].any_of[0], word("ABŞ-da"));
        assert!(q.clauses[2].negated);
        assert_eq!(q.langs, vec![Lang::Ru]);
        assert_eq!(q.sources, vec!["Habarlar".to_string()]);
    }

    #[test]
    fn parse_example() {
        let q = parse("\"onlaýn maslahat\" kitap OR sergi -ABŞ lang:tk");
        assert_eq!(q.clauses.len(), 3);
        assert_eq!(q.clauses[1].any_of.len(), 2);
        assert!(q.clauses[2].negated);
        assert!(q.warnings.is_empty());
        let q = parse("\"unbalanced quote");
        assert_eq!(q.warnings.len(), 1);
        assert_eq!(
            q.clauses[0].any_of[0],
            Atom::Phrase {
                text: "unbalanced quote".into(),
                title_only: false
            }
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 256,
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::default()
        })]

        /// Any text parses (raw text never fails), and every clause has something to match.
        #[test]
        fn every_clause_has_something_to_match(
            s in "([\"*:()\\ \t-]|OR|or|title:|lang:(tk|xx)?|source:|\\PC){0,40}|\\PC{0,64}"
        ) {
            let parsed = parse(&s);
            for clause in &parsed.clauses {
                proptest::prop_assert!(!clause.any_of.is_empty(), "empty clause from {s:?}: {parsed:?}");
            }
        }
    }
}
