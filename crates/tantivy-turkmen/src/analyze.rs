//! What the index sees for a text: language, normalised text, segments, terms and folded terms.

use std::collections::HashMap;

use tantivy_tokenizer_api::{TokenStream, Tokenizer};

use crate::detect::{detect, Detection};
use crate::lang::{DocLang, Lang};
use crate::normalize::{normalize, Norm};
use crate::segment::{segment, PieceKind};
use crate::stem::tk::{stem_folded_traced, stem_traced, Step};
use crate::tokenizer::{self, SegmentTokenizer};

/// The analysis of a text, stage by stage.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// The language used (given, or detected) and the detection confidence.
    pub detection: Detection,
    /// The language whose analyzer produced `term` (Turkmen for an unknown language, as the index also
    /// indexes unknown documents under Turkmen).
    pub analysed_as: Lang,
    /// The text after normalisation for that language.
    pub normalized: String,
    /// One entry per segment.
    pub tokens: Vec<AnalysedToken>,
}

/// One segment and the terms it becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalysedToken {
    /// Token position.
    pub position: usize,
    /// Start byte offset in the input.
    pub from: usize,
    /// End byte offset in the input.
    pub to: usize,
    /// The input slice.
    pub original: String,
    /// What kind of segment it is.
    pub kind: PieceKind,
    /// The term in the language's exact field (`None` if dropped, e.g. too long).
    pub term: Option<String>,
    /// The term in the folded field.
    pub folded: Option<String>,
    /// What the Turkmen stemmer did to reach `term`, step by step (empty when it changed nothing, or
    /// for another language).
    pub steps: Vec<Step>,
    /// What the folded Turkmen stemmer did to reach `folded`.
    pub folded_steps: Vec<Step>,
}

/// Analyses `text` under `lang`, or under the detected language when `lang` is `None`.
///
/// ```
/// use tantivy_turkmen::{analyze::analyze, Lang};
/// let a = analyze("Onlaýn-maslahatyna", Some(Lang::Tk));
/// let terms: Vec<_> = a.tokens.iter().filter_map(|t| t.term.clone()).collect();
/// assert_eq!(terms, ["onlaýnmaslahat", "onlaýn", "maslahat"]);
/// assert_eq!(a.tokens[2].folded.as_deref(), Some("maslahat"));
/// ```
pub fn analyze(text: &str, lang: Option<Lang>) -> Analysis {
    let detection = match lang {
        Some(l) => Detection {
            lang: DocLang::Known(l),
            confidence: 1.0,
        },
        None => detect(text),
    };
    let analysed_as = match detection.lang {
        DocLang::Known(l) => l,
        DocLang::Unknown => Lang::Tk,
    };
    let terms = terms_by_span(&mut tokenizer::for_lang(analysed_as), text);
    let folded = terms_by_span(&mut tokenizer::folded(), text);
    let tokens = segment(text)
        .into_iter()
        .map(|p| {
            let key = (p.from, p.to, p.position);
            let original = &text[p.from..p.to];
            let term = terms.get(&key).cloned();
            let folded = folded.get(&key).cloned();
            let steps = match analysed_as {
                Lang::Tk => {
                    stemmer_steps(Norm::Lang(Lang::Tk), original, term.as_deref(), stem_traced)
                }
                _ => Vec::new(),
            };
            AnalysedToken {
                position: p.position,
                from: p.from,
                to: p.to,
                original: original.to_string(),
                kind: p.kind,
                steps,
                folded_steps: stemmer_steps(Norm::Neutral, original, folded.as_deref(), |w| {
                    stem_folded_traced(&crate::fold::fold_string(w))
                }),
                term,
                folded,
            }
        })
        .collect();
    Analysis {
        detection,
        analysed_as,
        normalized: normalize(Norm::Lang(analysed_as), text),
        tokens,
    }
}

/// The term of a single word under a language's analyzer (the first term, for a compound the first part).
///
/// ```
/// assert_eq!(tantivy_turkmen::analyze::term("kitaplaryndan", tantivy_turkmen::Lang::Tk).as_deref(), Some("kitap"));
/// ```
pub fn term(word: &str, lang: Lang) -> Option<String> {
    let mut analyzer = tokenizer::for_lang(lang);
    let mut stream = analyzer.token_stream(word);
    stream.next().map(|t| t.text.clone())
}

/// The steps of `traced` on the normalised piece (hyphens of a compound left out), when they end in the
/// term the index holds for it (a piece the chain handles otherwise, such as a number, shows none).
fn stemmer_steps(
    norm: Norm,
    original: &str,
    term: Option<&str>,
    traced: impl Fn(&str) -> (String, Vec<Step>),
) -> Vec<Step> {
    let Some(term) = term else {
        return Vec::new();
    };
    let mut word = normalize(norm, original);
    word.retain(|c| c != '-');
    let (stemmed, steps) = traced(&word);
    if stemmed == term {
        steps
    } else {
        Vec::new()
    }
}

fn terms_by_span(
    analyzer: &mut SegmentTokenizer,
    text: &str,
) -> HashMap<(usize, usize, usize), String> {
    let mut out = HashMap::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(t) = stream.next() {
        out.insert((t.offset_from, t.offset_to, t.position), t.text.clone());
    }
    out
}
