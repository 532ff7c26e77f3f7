//! Turning tantivy's score explanation tree into a flat list of what matched where.
//!
//! Term queries name their term in tantivy's explanation; phrases and typo-tolerant matches do not, so
//! the query builder wraps them in a [`Labelled`] query whose explanation carries the field, the terms and
//! the kind of match.

use serde_json::Value as Json;
use tantivy::query::{EnableScoring, Explanation, Query, QueryClone, Scorer, Weight};
use tantivy::schema::Field;
use tantivy::{DocId, DocSet, Score, SeekDangerResult, SegmentReader, Term};

use crate::index::SearchIndex;
use crate::schema::Fields;

/// One part of a hit's score: a term (or phrase) matched in a field, with its boosted BM25 score.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    /// The field (`title_tk`, `body`, …).
    pub field: String,
    /// The matched term, or the phrase's terms joined by spaces.
    pub term: String,
    /// What matched.
    pub kind: ContributionKind,
    /// Its share of the score.
    pub score: Score,
}

/// What kind of match a [`Contribution`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContributionKind {
    /// A term of the query found in a field.
    Term,
    /// The query's words found next to each other (a quoted phrase, or the bonus for all words together).
    Phrase,
    /// A typo-tolerant match of a word the index does not know.
    Fuzzy,
    /// The bonus for query words found exactly as typed.
    ExactForm,
}

impl ContributionKind {
    /// `term`, `phrase`, `fuzzy` or `exact form`.
    pub fn as_str(self) -> &'static str {
        match self {
            ContributionKind::Term => "term",
            ContributionKind::Phrase => "phrase",
            ContributionKind::Fuzzy => "fuzzy",
            ContributionKind::ExactForm => "exact form",
        }
    }

    /// The kind [`ContributionKind::as_str`] names (as a [`Labelled`] query carries it).
    fn parse(name: &str) -> Option<ContributionKind> {
        [
            ContributionKind::Term,
            ContributionKind::Phrase,
            ContributionKind::Fuzzy,
            ContributionKind::ExactForm,
        ]
        .into_iter()
        .find(|k| k.as_str() == name)
    }
}

impl std::fmt::Display for ContributionKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Flattens an explanation: every matched term or phrase with its score times the boosts above it.
pub(crate) fn contributions(index: &SearchIndex, explanation: &Explanation) -> Vec<Contribution> {
    let Ok(tree) = serde_json::to_value(explanation) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    walk(index, &tree, 1.0, &mut out);
    out.sort_by(|a, b| b.score.total_cmp(&a.score));
    out
}

fn walk(index: &SearchIndex, node: &Json, boost: Score, out: &mut Vec<Contribution>) {
    let description = node["description"].as_str().unwrap_or("");
    let value = node["value"].as_f64().unwrap_or(0.0) as Score;
    let context: Vec<&str> = node["context"]
        .as_array()
        .map(|c| c.iter().filter_map(Json::as_str).collect())
        .unwrap_or_default();
    let labelled = context.iter().find_map(|c| {
        let (kind, field, term) = parse_label(c)?;
        Some((ContributionKind::parse(kind)?, field, term))
    });
    if let Some((kind, field, term)) = labelled {
        out.push(Contribution {
            field: field.to_string(),
            term: term.to_string(),
            kind,
            score: value * boost,
        });
        return;
    }
    let terms: Vec<(String, String)> = context
        .iter()
        .filter_map(|c| parse_term(index, c))
        .collect();
    let kind = if description.starts_with("Phrase") {
        Some(ContributionKind::Phrase)
    } else if description.contains("Fuzzy") || description.contains("Automaton") {
        Some(ContributionKind::Fuzzy)
    } else if !terms.is_empty() {
        Some(ContributionKind::Term)
    } else {
        None
    };
    if let Some(kind) = kind {
        if let Some((field, _)) = terms.first() {
            out.push(Contribution {
                field: field.clone(),
                term: terms
                    .iter()
                    .map(|(_, t)| t.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                kind,
                score: value * boost,
            });
            return;
        }
    }
    let child_boost = description
        .strip_prefix("Boost x")
        .and_then(|r| r.split_whitespace().next())
        .and_then(|b| b.parse::<Score>().ok())
        .map_or(boost, |b| boost * b);
    if let Some(details) = node["details"].as_array() {
        for d in details {
            walk(index, d, child_boost, out);
        }
    }
}

/// Parses tantivy's `Term=Term(field=5, type=Str, "kitap")` context.
fn parse_term(index: &SearchIndex, context: &str) -> Option<(String, String)> {
    let rest = context.split("field=").nth(1)?;
    let (id, rest) = rest.split_once(',')?;
    let id: u32 = id.trim().parse().ok()?;
    let text = rest
        .split_once('"')
        .map(|(_, t)| t.trim_end_matches(')').trim_end_matches('"'))?;
    let field = tantivy::schema::Field::from_field_id(id);
    Some((
        field_name(&index.fields, field).to_string(),
        text.to_string(),
    ))
}

/// The name `--explain` shows for a field: its schema name, except that `title` and `body`, which the
/// folded analyzer indexes, are `title_fold` and `body_fold`.
pub(crate) fn field_name(fields: &Fields, field: Field) -> &str {
    if field == fields.title {
        "title_fold"
    } else if field == fields.body {
        "body_fold"
    } else {
        fields.schema.get_field_name(field)
    }
}

/// The start of the explanation context a [`Labelled`] query adds.
const LABEL: &str = "tk-search label\t";

/// A query whose explanation names what it matches: `kind` (`phrase`, `fuzzy` …), the field's display
/// name and the term(s). Scoring and matching are the wrapped query's own. Its explanation of a document
/// the wrapped query does not match is an error, checked before the wrapped query's own explanation,
/// which may seek a fresh scorer to the document and so must not be asked about one before its first
/// match (tantivy's term, phrase and boolean explanations do; a seek backwards is a broken contract).
#[derive(Debug)]
pub(crate) struct Labelled {
    inner: Box<dyn Query>,
    /// `None` for [`Labelled::guard`].
    label: Option<String>,
}

impl Clone for Labelled {
    fn clone(&self) -> Self {
        Labelled {
            inner: self.inner.box_clone(),
            label: self.label.clone(),
        }
    }
}

impl Labelled {
    /// Wraps `inner`, labelled as a match of `kind` for `term` in the field named `field`.
    pub(crate) fn new(inner: Box<dyn Query>, kind: &str, field: &str, term: &str) -> Labelled {
        Labelled {
            inner,
            label: Some(format!("{LABEL}{kind}\t{field}\t{term}")),
        }
    }

    /// Wraps `inner` without a label: only the check before explaining.
    pub(crate) fn guard(inner: Box<dyn Query>) -> Labelled {
        Labelled { inner, label: None }
    }
}

/// The (kind, field, term) of a [`Labelled`] query's explanation context.
fn parse_label(context: &str) -> Option<(&str, &str, &str)> {
    let mut parts = context.strip_prefix(LABEL)?.splitn(3, '\t');
    Some((parts.next()?, parts.next()?, parts.next()?))
}

impl Query for Labelled {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(LabelledWeight {
            inner: self.inner.weight(enable_scoring)?,
            label: self.label.clone(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

struct LabelledWeight {
    inner: Box<dyn Weight>,
    label: Option<String>,
}

impl Weight for LabelledWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        self.inner.scorer(reader, boost)
    }

    fn scorer_danger(
        &self,
        reader: &SegmentReader,
        target: DocId,
        boost: Score,
    ) -> tantivy::Result<(SeekDangerResult, Box<dyn Scorer>)> {
        // The inner query's own: a phrase checks `target` alone instead of seeking its first match.
        self.inner.scorer_danger(reader, target, boost)
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        // Tantivy's phrase and term explanations seek a fresh scorer to `doc`, which must not lie before
        // the scorer's first match: check that first (a boolean parent explains every child).
        let mut scorer = self.inner.scorer(reader, 1.0)?;
        if scorer.doc() > doc || scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        let mut explanation = self.inner.explain(reader, doc)?;
        if let Some(label) = &self.label {
            explanation.add_context(label.clone());
        }
        Ok(explanation)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.inner.count(reader)
    }

    fn for_each(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score),
    ) -> tantivy::Result<()> {
        self.inner.for_each(reader, callback)
    }

    fn for_each_no_score(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(&[DocId]),
    ) -> tantivy::Result<()> {
        self.inner.for_each_no_score(reader, callback)
    }

    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        self.inner.for_each_pruning(threshold, reader, callback)
    }
}
