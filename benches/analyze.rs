//! Analyzer throughput in MB/s on the bundled corpus's article texts (each title and body a text of its
//! own, as the indexer sees them), per language, beside tantivy's default tokenizer and Snowball Turkish on
//! the same Turkmen texts; and both chains a Turkmen document goes through when indexed (its language's and
//! the folded field's, which shares the first one's segmentation).
//!
//! `cargo bench --bench analyze`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tantivy::tokenizer::{
    Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer, TokenStream,
};
use tantivy_turkmen::normalize::Norm;
use tantivy_turkmen::tokenizer::{folded, for_lang, SegmentTokenizer};
use tantivy_turkmen::Lang;

#[path = "common.rs"]
mod common;

fn count_tokens(analyzer: &mut TextAnalyzer, texts: &[String]) -> usize {
    let mut n = 0;
    for text in texts {
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            n += black_box(stream.token().text.len());
        }
    }
    n
}

fn analyzers(c: &mut Criterion) {
    let mut group = c.benchmark_group("analyze");
    for lang in Lang::ALL {
        let text = common::corpus_texts(lang.code());
        let bytes: usize = text.iter().map(String::len).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        let mut analyzer = TextAnalyzer::from(for_lang(lang));
        group.bench_function(format!("tk-search {lang}"), |b| {
            b.iter(|| count_tokens(&mut analyzer, &text))
        });
        if lang == Lang::Tk {
            let mut fold = TextAnalyzer::from(folded());
            group.bench_function("tk-search folded (tk text)", |b| {
                b.iter(|| count_tokens(&mut fold, &text))
            });
            let mut exact = TextAnalyzer::from(for_lang(lang));
            group.bench_function("tk-search tk + folded, as indexed (tk text)", |b| {
                b.iter(|| {
                    let mut n = 0;
                    for t in &text {
                        let one = std::slice::from_ref(t);
                        // In tantivy's field order: the folded title/body first, then the language's.
                        n += count_tokens(&mut fold, one) + count_tokens(&mut exact, one);
                    }
                    n
                })
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
