//! Per-document language detection: cheap script, letter and word cues (each language's script, own
//! letters and cue words come from its description in [`crate::lang`]), then whatlang restricted to the
//! analysed languages when no cue decides, with an "unknown" outcome when the evidence is weak.
//!
//! Only the first [`DETECT_PREFIX_BYTES`] of a document are read: language does not change mid-article and
//! whatlang's cost grows with the text.

use whatlang::Detector;

use crate::lang::{DocLang, Lang, Script};
use crate::segment::prefix;

/// How much of a document detection reads.
pub const DETECT_PREFIX_BYTES: usize = 1024;

/// Fewer letters than this and there is nothing to detect from.
const MIN_LETTERS: usize = 1;

/// Cue words (see [`crate::lang`]'s `cue_words`) a text needs, at least, to be decided by them …
const MIN_CUE_WORDS: usize = 2;
/// … and the share of its words (in percent) they must make up: English prose has about one in five among
/// its cue words, a list or a headline fewer (whatlang decides those).
const CUE_WORD_PERCENT: usize = 8;

/// Share of Latin letters (in percent) that must be Turkish/Azerbaijani-only (ı ğ ə) for a text with no
/// Turkmen-only letter to count as Turkish or Azerbaijani (a Turkish name in a Turkmen sentence does not).
const TURKISH_LETTER_PERCENT: usize = 3;

/// A detection outcome.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Detection {
    /// The language, or unknown.
    pub lang: DocLang,
    /// 0.0–1.0: whatlang's confidence, or 1.0 when an unambiguous letter cue decided.
    pub confidence: f64,
}

/// Detects the language of a document (title and body together).
///
/// ```
/// use tantivy_turkmen::{detect::detect, DocLang, Lang};
/// let d = detect("Kitaphanada täze kitaplaryň sergisi açyldy we okyjylar köp gyzyklandy.");
/// assert_eq!(d.lang, DocLang::Known(Lang::Tk));
/// assert_eq!(detect("Библиотека открыла выставку новых книг.").lang, DocLang::Known(Lang::Ru));
/// assert_eq!(detect("12 345").lang, DocLang::Unknown);
/// ```
pub fn detect(text: &str) -> Detection {
    let text = prefix(text, DETECT_PREFIX_BYTES);
    let cues = Cues::count(text);
    if cues.letters < MIN_LETTERS {
        return Detection {
            lang: DocLang::Unknown,
            confidence: 0.0,
        };
    }
    if cues.cyrillic > cues.latin {
        // Cyrillic: the language whose own Cyrillic letters it has (Cyrillic Turkmen's ә ө ү ң җ), else the
        // language written in Cyrillic.
        let own = Lang::ALL
            .into_iter()
            .find(|l| cues.own_cyrillic[l.index()] > 0);
        let lang = own.or_else(|| {
            Lang::ALL
                .into_iter()
                .find(|l| l.language().script == Script::Cyrillic)
        });
        return match lang {
            Some(lang) => Detection {
                lang: DocLang::Known(lang),
                confidence: 1.0,
            },
            None => Detection {
                lang: DocLang::Unknown,
                confidence: 0.0,
            },
        };
    }
    let own_latin: usize = cues.own_latin.iter().sum();
    if cues.turkish_only >= 2
        && cues.turkish_only * 100 >= cues.latin * TURKISH_LETTER_PERCENT
        && own_latin == 0
    {
        // Turkish or Azerbaijani, which the allow-list would force into Turkmen.
        return Detection {
            lang: DocLang::Unknown,
            confidence: 0.0,
        };
    }
    if cues.latin == 0 {
        // Letters of another script only (Greek, Chinese, …): none of the three languages.
        return Detection {
            lang: DocLang::Unknown,
            confidence: 0.0,
        };
    }
    let decided = Lang::ALL
        .into_iter()
        .find(|l| cues.own_latin[l.index()] > 0 && cues.own_latin[l.index()] * 100 >= cues.latin);
    if let Some(lang) = decided {
        // At least 1 % of the Latin letters are the language's own (Turkmen: ä ň ý ž or their stand-ins):
        // that language, whatever whatlang would say, so it is not asked (the common case for Turkmen text,
        // and whatlang is the costly part).
        return Detection {
            lang: DocLang::Known(lang),
            confidence: 1.0,
        };
    }
    let cued = Lang::ALL.into_iter().find(|l| {
        let n = cues.cue_words[l.index()];
        n >= MIN_CUE_WORDS && n * 100 >= cues.words * CUE_WORD_PERCENT
    });
    if let Some(lang) = cued {
        // Words of the language that the others never write (English `the`, `of`, `which`; Turkmen typed
        // in ASCII has none of them) make up a good share of the text: that language, without whatlang.
        return Detection {
            lang: DocLang::Known(lang),
            confidence: 1.0,
        };
    }
    // Whatlang's answer stands unless it has none: on UD Turkmen-TUD sentences (`tests/gold/detect.rs`) every
    // confidence threshold turned more right answers into "unknown" than wrong ones.
    let latin = || {
        Lang::ALL
            .into_iter()
            .filter(|l| l.language().script == Script::Latin)
    };
    let detector = Detector::with_allowlist(latin().map(|l| l.language().whatlang).collect());
    let found = detector.detect(text).and_then(|info| {
        latin()
            .find(|l| l.language().whatlang == info.lang())
            .map(|lang| (lang, info.confidence()))
    });
    match found {
        Some((lang, confidence)) => Detection {
            lang: DocLang::Known(lang),
            confidence,
        },
        None => Detection {
            lang: DocLang::Unknown,
            confidence: 0.0,
        },
    }
}

/// Detection over an article's title and the start of its body.
pub fn detect_article(title: &str, body: &str) -> Detection {
    if title.len() >= DETECT_PREFIX_BYTES {
        return detect(title);
    }
    let mut text = String::with_capacity(DETECT_PREFIX_BYTES + 1);
    text.push_str(title);
    text.push('\n');
    let rest = DETECT_PREFIX_BYTES - title.len();
    text.push_str(prefix(body, rest));
    detect(&text)
}

#[derive(Default)]
struct Cues {
    letters: usize,
    latin: usize,
    cyrillic: usize,
    /// Per language (in [`Lang::ALL`] order): its own Latin letters (Turkmen: ä ň ý ž and the stand-ins
    /// ñ ÿ, which neither English nor Turkish has).
    own_latin: [usize; Lang::ALL.len()],
    /// Per language: its own Cyrillic letters (Cyrillic Turkmen's ә ө ү ң җ).
    own_cyrillic: [usize; Lang::ALL.len()],
    /// ı ğ ə: Turkish/Azerbaijani letters Turkmen does not use.
    turkish_only: usize,
    /// Words (runs of letters of any script).
    words: usize,
    /// Per language: words among its cue words ([`crate::lang`]'s `cue_words`, lowercase ASCII).
    cue_words: [usize; Lang::ALL.len()],
}

impl Cues {
    /// One pass over the characters. Letters of the Latin-1, Latin Extended and Cyrillic blocks are told
    /// by their ranges (the few non-letters in them listed), so only other scripts ask the Unicode tables,
    /// whose search was the larger part of detection's own time.
    fn count(text: &str) -> Cues {
        let mut cues = Cues::default();
        // Where the current word starts.
        let mut word: Option<usize> = None;
        for (i, c) in text.char_indices() {
            let letter = is_letter(c);
            match (letter, word) {
                (true, None) => word = Some(i),
                (false, Some(from)) => {
                    cues.word(&text[from..i]);
                    word = None;
                }
                _ => {}
            }
            if !letter {
                continue;
            }
            cues.letters += 1;
            if c.is_ascii() {
                cues.latin += 1;
            } else if ('\u{400}'..='\u{4FF}').contains(&c) {
                cues.cyrillic += 1;
                for lang in Lang::ALL {
                    if (lang.language().own_cyrillic_letters)(c) {
                        cues.own_cyrillic[lang.index()] += 1;
                    }
                }
            } else if ('\u{C0}'..='\u{24F}').contains(&c) {
                cues.latin += 1;
                if matches!(c, 'ı' | 'ğ' | 'Ğ' | 'ə' | 'Ə') {
                    cues.turkish_only += 1;
                }
                for lang in Lang::ALL {
                    if (lang.language().own_latin_letters)(c) {
                        cues.own_latin[lang.index()] += 1;
                    }
                }
            }
        }
        if let Some(from) = word {
            cues.word(&text[from..]);
        }
        cues
    }

    /// Counts a word, and whether it is one of a language's cue words (lowercase ASCII, so a word with any
    /// other letter is none of them).
    fn word(&mut self, word: &str) {
        self.words += 1;
        for lang in Lang::ALL {
            if lang
                .language()
                .cue_words
                .iter()
                .any(|w| w.eq_ignore_ascii_case(word))
            {
                self.cue_words[lang.index()] += 1;
            }
        }
    }
}

/// Whether `c` is alphabetic (as [`char::is_alphabetic`] says), with the blocks of the three languages'
/// alphabets decided without Unicode's tables.
fn is_letter(c: char) -> bool {
    match c {
        _ if c.is_ascii() => c.is_ascii_alphabetic(),
        // Latin-1 Supplement's letters and Latin Extended-A and -B, but for × and ÷.
        '\u{C0}'..='\u{24F}' => !matches!(c, '×' | '÷'),
        // Cyrillic, but for the sign ҂ and the combining marks U+0483–U+0489.
        '\u{400}'..='\u{481}' | '\u{48A}'..='\u{4FF}' => true,
        '\u{482}'..='\u{489}' => false,
        _ => c.is_alphabetic(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases: &[(&str, &str)] = &[
            (
                "Türkmenistanyň Milli kitaphanasynda täze sergi açyldy.",
                "tk",
            ),
            (
                "Kitaphanada onlayn maslahat gecirildi we okyjylar gatnasdylar.",
                "tk",
            ),
            ("Түркменистаның китапханасында сергиси", "tk"),
            ("Библиотека", "ru"),
            ("Ол китапханада ишлейәр.", "tk"),
            ("Национальная библиотека провела онлайн-конференцию.", "ru"),
            (
                "The National Library held an online conference for librarians.",
                "en",
            ),
            (
                "Kütüphanede yeni kitapların sergisi açıldı, öğrenciler geldi.",
                "unknown",
            ),
            ("", "unknown"),
            ("2024", "unknown"),
            ("Dükana uğrap pul bozdy.", "tk"),
            ("北京图书馆", "unknown"),
            ("Εθνική Βιβλιοθήκη", "unknown"),
        ];
        for (text, expected) in cases {
            assert_eq!(detect(text).lang.code(), *expected, "{text:?}");
        }
    }

    /// The ranges [`is_letter`] decides by itself agree with Unicode's tables, character by character.
    #[test]
    fn letters_by_range_are_the_alphabetic_characters() {
        for c in ('\0'..='\u{3000}').chain(['\u{1E9E}', '\u{FB01}', '𝔸']) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?} U+{:04X}", c as u32);
        }
    }

    /// English prose is decided by its cue words; Turkmen typed in ASCII (whose `has`, `on`, `it` are
    /// Turkmen words) has none, and is left to the letters and whatlang.
    #[test]
    fn cue_words_are_counted_case_blind_and_only_whole_ascii_words() {
        let cases: &[(&str, &str, usize, usize)] = &[
            ("The library of the city opened an exhibition.", "en", 3, 8),
            ("THE LIBRARY OF THE CITY", "en", 3, 5),
            ("Reading to children", "en", 1, 3),
            ("Gazy has gury nohudy has gowy goryardi.", "tk", 0, 7),
            (
                "Bu yyl on kitap we it barada hekaya cap edildi.",
                "tk",
                0,
                10,
            ),
            ("Theory, other, tohum, bytheway, thé", "tk", 0, 5),
        ];
        for (text, lang, cues, words) in cases {
            let counted = Cues::count(text);
            assert_eq!(
                (counted.cue_words[Lang::En.index()], counted.words),
                (*cues, *words),
                "{text:?}"
            );
            if *lang == "tk" {
                continue;
            }
            assert_eq!(detect(text).lang.code(), *lang, "{text:?}");
        }
    }

    #[test]
    fn reads_only_a_prefix() {
        let long = format!("{}{}", "Kitaphanada täze kitaplar bar. ".repeat(100), "é");
        assert_eq!(detect(&long).lang, DocLang::Known(Lang::Tk));
        assert_eq!(prefix("aé", 2), "a");
    }
}
