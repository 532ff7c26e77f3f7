//! Turning tantivy's score explanation tree into a flat list of what matched where.

use serde_json::Value as Json;
use tantivy::query::Explanation;
use tantivy::Score;

use crate::index::SearchIndex;

/// One part of a hit's score: a term (or phrase) matched in a field, with its boosted BM25 score.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    /// The field (`title_tk`, `body`, …).
    pub field: String,
    /// The matched term, or the phrase's terms joined by spaces.
    pub term: String,
    /// `term`, `phrase`, `fuzzy`, or `exact form` (the bonus for words found as typed).
    pub kind: String,
    /// Its share of the score.
    pub score: Score,
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
    let terms: Vec<(String, String)> = context
        .iter()
        .filter_map(|c| parse_term(index, c))
        .collect();
    let kind = if description.starts_with("Phrase") {
        Some("phrase")
    } else if description.contains("Fuzzy") || description.contains("Automaton") {
        Some("fuzzy")
    } else if !terms.is_empty() {
        Some("term")
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
                kind: kind.to_string(),
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
    let f = &index.fields;
    // `title` and `body` are indexed by the folded analyzer: say so.
    let name = if field == f.title {
        "title_fold"
    } else if field == f.body {
        "body_fold"
    } else {
        f.schema.get_field_name(field)
    };
    Some((name.to_string(), text.to_string()))
}
