//! Relevance evaluation: a judged query set run against tk-search and, on the same documents in the same
//! run, against stock tantivy analyzers.
//!
//! The query file is TSV: a header `qid<TAB>query<TAB>relevant`, then one query per line with its
//! comma-separated relevant document ids; `#` lines are comments. The language of a query is the part of
//! its qid before the first `-` (`tk-q01` → `tk`). A qid ending in `a` after a number (`tk-q05a`) is the
//! ASCII-typed twin of `tk-q05`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use anyhow::{Context, Result};
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::Value;
use tantivy::schema::{Schema, TextFieldIndexing, TextOptions, STORED, STRING};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer,
};
use tantivy::{Index, IndexWriter, TantivyDocument};
use tk_search_core::ingest::{self, Event, IngestOptions};
use tk_search_core::TITLE_WEIGHT;
use tk_search_core::{SearchIndex, SearchRequest};

/// How many hits are scored (MAP@100).
pub const DEPTH: usize = 100;

/// One judged query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judged {
    /// Query id (`tk-q01`).
    pub qid: String,
    /// The query text.
    pub query: String,
    /// Ids of the relevant documents.
    pub relevant: Vec<String>,
}

impl Judged {
    /// The language part of the qid (`tk`, `ru`, `en`, …).
    pub fn lang(&self) -> &str {
        self.qid.split('-').next().unwrap_or("")
    }

    /// For an ASCII twin (`tk-q05a`), the qid of the query it twins (`tk-q05`).
    pub fn twin_of(&self) -> Option<&str> {
        let base = self.qid.strip_suffix('a')?;
        base.ends_with(|c: char| c.is_ascii_digit()).then_some(base)
    }
}

/// Reads a judged query file.
pub fn read_queries(path: &Path) -> Result<Vec<Judged>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') || (n == 0 && line.starts_with("qid\t"))
        {
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(qid), Some(query), Some(relevant)) = (cols.next(), cols.next(), cols.next())
        else {
            anyhow::bail!(
                "{}: line {}: expected qid<TAB>query<TAB>relevant",
                path.display(),
                n + 1
            );
        };
        out.push(Judged {
            qid: qid.trim().to_string(),
            query: query.trim().to_string(),
            relevant: relevant
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        });
    }
    Ok(out)
}

/// Ranking metrics of one query or an average of several.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Metrics {
    /// Share of the relevant documents in the top 10.
    pub recall_10: f64,
    /// Reciprocal rank of the first relevant document in the top 10.
    pub mrr_10: f64,
    /// Normalised discounted cumulative gain at 10 (binary gains).
    pub ndcg_10: f64,
    /// Average precision over the top 100.
    pub map_100: f64,
}

impl Metrics {
    /// Scores one ranking against its relevant set.
    pub fn score<S: AsRef<str>>(ranking: &[S], relevant: &[S]) -> Metrics {
        let rel: HashSet<&str> = relevant.iter().map(AsRef::as_ref).collect();
        if rel.is_empty() {
            return Metrics::default();
        }
        let mut m = Metrics::default();
        let (mut found, mut dcg, mut ap) = (0usize, 0.0, 0.0);
        for (i, id) in ranking.iter().take(DEPTH).enumerate() {
            if !rel.contains(id.as_ref()) {
                continue;
            }
            found += 1;
            ap += found as f64 / (i + 1) as f64;
            if i < 10 {
                m.recall_10 += 1.0;
                dcg += 1.0 / ((i + 2) as f64).log2();
                if m.mrr_10 == 0.0 {
                    m.mrr_10 = 1.0 / (i + 1) as f64;
                }
            }
        }
        let ideal: f64 = (0..rel.len().min(10))
            .map(|i| 1.0 / ((i + 2) as f64).log2())
            .sum();
        m.recall_10 /= rel.len() as f64;
        m.ndcg_10 = dcg / ideal;
        m.map_100 = ap / rel.len() as f64;
        m
    }

    fn mean(all: &[Metrics]) -> Metrics {
        let n = all.len().max(1) as f64;
        let mut m = Metrics::default();
        for x in all {
            m.recall_10 += x.recall_10 / n;
            m.mrr_10 += x.mrr_10 / n;
            m.ndcg_10 += x.ndcg_10 / n;
            m.map_100 += x.map_100 / n;
        }
        m
    }
}

/// The systems compared.
pub const SYSTEMS: [&str; 4] = [
    "tk-search",
    "stock: default tokenizer + lowercase",
    "stock: + ASCII folding",
    "stock: + Snowball Turkish",
];

/// Results of an evaluation run.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Per system, per language (and `all`): mean metrics and number of queries.
    pub table: BTreeMap<(usize, String), (Metrics, usize)>,
    /// Per system and query id: the metrics of that query.
    pub per_query: BTreeMap<(usize, String), Metrics>,
    /// Number of documents evaluated.
    pub documents: usize,
}

impl Report {
    /// Mean Recall@10 of tk-search over the ASCII twins, divided by that over the queries they twin.
    pub fn ascii_recall_ratio(&self, queries: &[Judged]) -> Option<f64> {
        let (mut ascii, mut exact, mut n) = (0.0, 0.0, 0);
        for q in queries {
            let Some(base) = q.twin_of() else { continue };
            let (Some(a), Some(b)) = (
                self.per_query.get(&(0, q.qid.clone())),
                self.per_query.get(&(0, base.to_string())),
            ) else {
                continue;
            };
            ascii += a.recall_10;
            exact += b.recall_10;
            n += 1;
        }
        (n > 0 && exact > 0.0).then(|| ascii / exact)
    }
}

/// Indexes `corpus` with tk-search and with the stock configurations, runs every query on each, and scores.
pub fn evaluate(corpus: &Path, queries: &[Judged]) -> Result<Report> {
    let index = SearchIndex::in_memory()?;
    let options = IngestOptions {
        threads: Some(1),
        ..Default::default()
    };
    // The documents as tk-search indexed them, in the order it indexed them (one thread), for the stock
    // indexes: a later document with an id seen before replaces the earlier one.
    let mut docs: Vec<Option<Doc>> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    ingest::index_path(&index, corpus, &options, &mut |event| {
        if let Event::Indexed {
            id, title, body, ..
        } = event
        {
            if let Some(earlier) = at.insert(id.to_string(), docs.len()) {
                docs[earlier] = None;
            }
            docs.push(Some(Doc {
                id: id.to_string(),
                title: title.to_string(),
                body: body.to_string(),
            }));
        }
    })?;
    let docs: Vec<Doc> = docs.into_iter().flatten().collect();
    let mut report = Report {
        documents: docs.len(),
        ..Report::default()
    };
    let mut rankings: Vec<Vec<Vec<String>>> = Vec::new();
    rankings.push(
        queries
            .iter()
            .map(|q| {
                let mut request = SearchRequest::new(q.query.clone());
                request.limit = DEPTH;
                index
                    .search(&request)
                    .map(|r| r.hits.into_iter().map(|h| h.id).collect())
            })
            .collect::<tk_search_core::Result<_>>()?,
    );
    for config in 1..SYSTEMS.len() {
        let stock = Stock::build(config, &docs)?;
        rankings.push(
            queries
                .iter()
                .map(|q| stock.search(&q.query))
                .collect::<Result<_>>()?,
        );
    }
    for (system, ranks) in rankings.iter().enumerate() {
        let mut by_lang: BTreeMap<String, Vec<Metrics>> = BTreeMap::new();
        for (q, ranking) in queries.iter().zip(ranks) {
            let m = Metrics::score(ranking, &q.relevant);
            report.per_query.insert((system, q.qid.clone()), m);
            by_lang.entry(q.lang().to_string()).or_default().push(m);
            by_lang.entry("all".into()).or_default().push(m);
        }
        for (lang, ms) in by_lang {
            report
                .table
                .insert((system, lang), (Metrics::mean(&ms), ms.len()));
        }
    }
    Ok(report)
}

struct Doc {
    id: String,
    title: String,
    body: String,
}

/// A stock tantivy index: title and body with one stock analyzer, queried with tantivy's QueryParser
/// (lenient parsing, default OR semantics, the title boosted as in tk-search).
struct Stock {
    index: Index,
    parser: QueryParser,
    id: tantivy::schema::Field,
}

impl Stock {
    fn build(config: usize, docs: &[Doc]) -> Result<Stock> {
        let analyzer = match config {
            1 => TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(40))
                .filter(LowerCaser)
                .build(),
            2 => TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(40))
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build(),
            _ => TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(40))
                .filter(LowerCaser)
                .filter(Stemmer::new(Language::Turkish))
                .build(),
        };
        let mut b = Schema::builder();
        let id = b.add_text_field("id", STRING | STORED);
        let opts = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("stock")
                .set_index_option(tantivy::schema::IndexRecordOption::WithFreqsAndPositions),
        );
        let title = b.add_text_field("title", opts.clone());
        let body = b.add_text_field("body", opts);
        let index = Index::create_in_ram(b.build());
        index.tokenizers().register("stock", analyzer);
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 50_000_000)?;
        for d in docs {
            let mut doc = TantivyDocument::default();
            doc.add_text(id, &d.id);
            doc.add_text(title, &d.title);
            doc.add_text(body, &d.body);
            writer.add_document(doc)?;
        }
        writer.commit()?;
        let mut parser = QueryParser::for_index(&index, vec![title, body]);
        parser.set_field_boost(title, TITLE_WEIGHT);
        Ok(Stock { index, parser, id })
    }

    fn search(&self, query: &str) -> Result<Vec<String>> {
        let (q, _errors) = self.parser.parse_query_lenient(query);
        let searcher = self.index.reader()?.searcher();
        let top = searcher.search(&q, &TopDocs::with_limit(DEPTH).order_by_score())?;
        top.into_iter()
            .map(|(_, address)| {
                let doc: TantivyDocument = searcher.doc(address)?;
                let id = doc.get_first(self.id).and_then(|v| v.as_str());
                Ok(id.unwrap_or("").to_string())
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_of_one_ranking() {
        let m = Metrics::score(&["a", "x", "b"], &["a", "b"]);
        assert_eq!(m.recall_10, 1.0);
        assert_eq!(m.mrr_10, 1.0);
        assert!((m.map_100 - (1.0 + 2.0 / 3.0) / 2.0).abs() < 1e-9);
        assert_eq!(Metrics::score(&["x"], &["a"]), Metrics::default());
    }
}
