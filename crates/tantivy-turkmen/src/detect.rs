//! Per-document language detection: whatlang restricted to the analysed languages, plus cheap script and
//! letter cues (each language's own letters and script come from its description in [`crate::lang`]), with
//! an "unknown" outcome when the evidence is weak.
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
            .find(|l| text.chars().any(l.language().own_cyrillic_letters));
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
