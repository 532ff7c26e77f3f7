//! Per-document language detection: whatlang restricted to Turkmen, Russian and English, plus cheap
//! script and letter cues, with an "unknown" outcome when the evidence is weak.
//!
//! Only the first [`DETECT_PREFIX_BYTES`] of a document are read: language does not change mid-article and
//! whatlang's cost grows with the text.

use whatlang::{Detector, Lang as WLang};

use crate::lang::tk::has_cyrillic_turkmen_letters;
use crate::lang::{DocLang, Lang};

/// How much of a document detection reads.
pub const DETECT_PREFIX_BYTES: usize = 1024;

/// Below this whatlang confidence, with no letter cue to back it, the outcome is unknown. Measured on
/// UD Turkmen-TUD sentences (see `tests/gold/detect.rs`), every threshold above zero turns more right answers
/// into "unknown" than wrong ones, so whatlang's answer stands unless it has none.
const MIN_CONFIDENCE: f64 = 0.0;

/// Fewer letters than this and there is nothing to detect from.
const MIN_LETTERS: usize = 1;

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
        // Cyrillic: Turkmen when it has the letters only Turkmen Cyrillic has, else Russian.
        let lang = if has_cyrillic_turkmen_letters(text) {
            Lang::Tk
        } else {
            Lang::Ru
        };
        return Detection {
            lang: DocLang::Known(lang),
            confidence: 1.0,
        };
    }
    if cues.turkish_only >= 2
        && cues.turkish_only * 100 >= cues.latin * TURKISH_LETTER_PERCENT
        && cues.turkmen_only == 0
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
    if cues.turkmen_only > 0 && cues.turkmen_only * 100 >= cues.latin {
        // At least 1 % of the Latin letters are ä ň ý ž (or their stand-ins): Turkmen, whatever whatlang
        // would say, so it is not asked (the common case for Turkmen text, and whatlang is the costly part).
        return Detection {
            lang: DocLang::Known(Lang::Tk),
            confidence: 1.0,
        };
    }
    let detector = Detector::with_allowlist(vec![WLang::Tuk, WLang::Eng]);
    let Some(info) = detector.detect(text) else {
        return Detection {
            lang: DocLang::Unknown,
            confidence: 0.0,
        };
    };
    let (lang, confidence) = match info.lang() {
        WLang::Tuk => (Lang::Tk, info.confidence()),
        _ => (Lang::En, info.confidence()),
    };
    let backed_by_cue = lang == Lang::Tk && cues.turkmen_only > 0;
    if confidence < MIN_CONFIDENCE && !backed_by_cue {
        return Detection {
            lang: DocLang::Unknown,
            confidence,
        };
    }
    Detection {
        lang: DocLang::Known(lang),
        confidence,
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

/// The longest prefix of `text` within `max` bytes that ends on a character boundary.
fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[derive(Default)]
struct Cues {
    letters: usize,
    latin: usize,
    cyrillic: usize,
    /// ä ň ý ž (and the stand-ins ñ ÿ): letters of Turkmen that neither English nor Turkish has.
    turkmen_only: usize,
    /// ı ğ ə: Turkish/Azerbaijani letters Turkmen does not use.
    turkish_only: usize,
}

impl Cues {
    fn count(text: &str) -> Cues {
        let mut cues = Cues::default();
        for c in text.chars() {
            if !c.is_alphabetic() {
                continue;
            }
            cues.letters += 1;
            if ('\u{400}'..='\u{4FF}').contains(&c) {
                cues.cyrillic += 1;
            } else if c.is_ascii_alphabetic() || ('\u{C0}'..='\u{24F}').contains(&c) {
                cues.latin += 1;
                match c {
                    'ä' | 'Ä' | 'ň' | 'Ň' | 'ý' | 'Ý' | 'ž' | 'Ž' | 'ñ' | 'Ñ' | 'ÿ' => {
                        cues.turkmen_only += 1
                    }
                    'ı' | 'ğ' | 'Ğ' | 'ə' | 'Ə' => cues.turkish_only += 1,
                    _ => {}
                }
            }
        }
        cues
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

    #[test]
    fn reads_only_a_prefix() {
        let long = format!("{}{}", "Kitaphanada täze kitaplar bar. ".repeat(100), "é");
        assert_eq!(detect(&long).lang, DocLang::Known(Lang::Tk));
        assert_eq!(prefix("aé", 2), "a");
    }
}
