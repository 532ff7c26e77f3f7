//! The JSON shapes of hits, indexing problems and indexing summaries: one definition for every place that
//! prints or serves them (`query --json`, `index --json`, the HTTP API). The README documents them.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::ingest::{Problem, Severity, Summary};
use crate::search::Hit;

/// One hit as `query --json` prints it.
#[derive(Debug, Serialize)]
pub struct HitJson<'a> {
    /// 1-based rank (counting from the first page).
    pub rank: usize,
    /// Document id.
    pub id: &'a str,
    /// Title.
    pub title: &'a str,
    /// `tk`, `ru`, `en` or `unknown`.
    pub lang: &'a str,
    /// `YYYY-MM-DD` or null.
    pub date: Option<&'a str>,
    /// Relevance score.
    pub score: f32,
    /// The best passage of the body.
    pub snippet: &'a str,
    /// Byte ranges of the matched words in `snippet`.
    pub highlights: Vec<[usize; 2]>,
    /// URL or null.
    pub url: Option<&'a str>,
    /// Source or null.
    pub source: Option<&'a str>,
    /// What the score is made of (only when asked for).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<Vec<ExplainJson<'a>>>,
}

/// One part of a hit's score.
#[derive(Debug, Serialize)]
pub struct ExplainJson<'a> {
    /// The field.
    pub field: &'a str,
    /// The term or phrase.
    pub term: &'a str,
    /// `term`, `phrase`, `fuzzy`, `exact form`.
    pub kind: &'a str,
    /// Its share of the score.
    pub score: f32,
}

impl<'a> HitJson<'a> {
    /// The hit at `rank`, with its explanation when `explain` is set.
    pub fn new(rank: usize, hit: &'a Hit, explain: bool) -> HitJson<'a> {
        HitJson {
            rank,
            id: &hit.id,
            title: &hit.title,
            lang: hit.lang.code(),
            date: hit.date.as_deref(),
            score: hit.score,
            snippet: &hit.snippet.text,
            highlights: hit
                .snippet
                .highlights
                .iter()
                .map(|r| [r.start, r.end])
                .collect(),
            url: hit.url.as_deref(),
            source: hit.source.as_deref(),
            explain: explain.then(|| {
                hit.explanation
                    .iter()
                    .map(|c| ExplainJson {
                        field: &c.field,
                        term: &c.term,
                        kind: c.kind.as_str(),
                        score: c.score,
                    })
                    .collect()
            }),
        }
    }
}

/// One problem line of `index --json`.
#[derive(Debug, Serialize)]
pub struct ProblemJson<'a> {
    /// Always `problem`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// `error` or `warning`.
    pub severity: &'static str,
    /// The file (or the name given to a text).
    pub path: String,
    /// Line or array item, or null.
    pub line: Option<usize>,
    /// What went wrong.
    pub message: &'a str,
}

impl<'a> From<&'a Problem> for ProblemJson<'a> {
    fn from(p: &'a Problem) -> ProblemJson<'a> {
        ProblemJson {
            kind: "problem",
            severity: match p.severity {
                Severity::Warning => "warning",
                Severity::Error => "error",
            },
            path: p.path.display().to_string(),
            line: p.line,
            message: &p.message,
        }
    }
}

/// The summary line of `index --json`.
#[derive(Debug, Serialize)]
pub struct SummaryJson<'a> {
    /// Always `summary`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Documents indexed.
    pub documents: usize,
    /// Documents indexed per language code.
    pub per_lang: BTreeMap<&'a str, usize>,
    /// Files read.
    pub files: usize,
    /// Files skipped.
    pub skipped: usize,
    /// Documents whose content had not changed.
    pub unchanged: usize,
    /// Documents removed.
    pub removed: usize,
    /// Problems that kept something out.
    pub errors: usize,
    /// Problems where the document went in anyway.
    pub warnings: usize,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// The index folder.
    pub index: String,
}

impl<'a> SummaryJson<'a> {
    /// The summary of a run on the index at `index`.
    pub fn new(summary: &'a Summary, index: String) -> SummaryJson<'a> {
        SummaryJson {
            kind: "summary",
            documents: summary.documents(),
            per_lang: summary
                .per_lang
                .iter()
                .map(|(lang, n)| (lang.code(), *n))
                .collect(),
            files: summary.files,
            skipped: summary.skipped,
            unchanged: summary.unchanged,
            removed: summary.removed,
            errors: summary.errors(),
            warnings: summary.warnings(),
            seconds: summary.elapsed.as_secs_f64(),
            index,
        }
    }
}
