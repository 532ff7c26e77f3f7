//! Analyzer throughput in MB/s on the bundled corpus's article text, per language, beside tantivy's
//! default tokenizer and Snowball Turkish on the same Turkmen text.
//!
//! `cargo bench --bench analyze`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tantivy::tokenizer::{
    Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer, TokenStream,
};
use tk_search_core::analyzer::{folded, for_lang, SegmentTokenizer};
use tk_search_core::normalize::Norm;
use tk_search_core::Lang;

#[path = "common.rs"]
mod common;

fn count_tokens(analyzer: &mut TextAnalyzer, text: &str) -> usize {
    let mut stream = analyzer.token_stream(text);
    let mut n = 0;
    while stream.advance() {
        n += black_box(stream.token().text.len());
    }
    n
}

fn analyzers(c: &mut Criterion) {
    let mut group = c.benchmark_group("analyze");
    for lang in Lang::ALL {
        let text = common::corpus_text(lang.code());
        group.throughput(Throughput::Bytes(text.len() as u64));
        let mut analyzer = for_lang(lang);
        group.bench_function(format!("tk-search {lang}"), |b| {
            b.iter(|| count_tokens(&mut analyzer, &text))
        });
        if lang == Lang::Tk {
            let mut fold = folded();
            group.bench_function("tk-search folded (tk text)", |b| {
                b.iter(|| count_tokens(&mut fold, &text))
            });
            let mut segment_only = TextAnalyzer::from(SegmentTokenizer::new(Norm::Tk));
            group.bench_function("segmentation + normalisation only (tk text)", |b| {
                b.iter(|| count_tokens(&mut segment_only, &text))
            });
            let mut stock = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .build();
            group.bench_function("tantivy default (tk text)", |b| {
                b.iter(|| count_tokens(&mut stock, &text))
            });
            let mut snowball = TextAnalyzer::builder(SegmentTokenizer::new(Norm::Tk))
                .filter(Stemmer::new(Language::Turkish))
                .build();
            group.bench_function("segmentation + Snowball Turkish (tk text)", |b| {
                b.iter(|| count_tokens(&mut snowball, &text))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, analyzers);
criterion_main!(benches);
