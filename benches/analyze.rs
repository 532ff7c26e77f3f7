//! Analyzer throughput in MB/s on the bundled corpus's article texts (each title and body a text of its
//! own, as the indexer sees them), per language, beside tantivy's default tokenizer and Snowball Turkish on
//! the same Turkmen texts; and both chains a Turkmen document goes through when indexed (its language's and
//! the folded field's, which shares the first one's segmentation).
//!
//! The `analyze-unique` group runs the Turkmen chains on the 1.58 million distinct word forms of
//! `../shared/data/tk_forms_bench.txt` (skipped with a printed reason when it is absent), in texts of 4 KiB
//! taken in turn: a word comes back only after a million and a half others, so no per-thread memo can
//! help and the stemmer's cold path has its own number.
//!
//! `cargo bench --bench analyze`

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tantivy::tokenizer::{
    Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer, TokenStream,
};
use tantivy_turkmen::normalize::Norm;
use tantivy_turkmen::tokenizer::{folded, folded_exceptions, for_lang, SegmentTokenizer};
use tantivy_turkmen::Lang;

#[path = "common.rs"]
mod common;

fn count_text(analyzer: &mut TextAnalyzer, text: &str) -> usize {
    let mut n = 0;
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        n += black_box(stream.token().text.len());
    }
    n
}

fn count_tokens(analyzer: &mut TextAnalyzer, texts: &[String]) -> usize {
    texts.iter().map(|text| count_text(analyzer, text)).sum()
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
            let mut exceptions = TextAnalyzer::from(folded_exceptions());
            group.bench_function("tk-search tk + folded, as indexed (tk text)", |b| {
                b.iter(|| {
                    let mut n = 0;
                    for t in &text {
                        let one = std::slice::from_ref(t);
                        // In tantivy's field order: the language's title/body first, then the folded
                        // ones, which keep only the exceptions.
                        n += count_tokens(&mut exact, one) + count_tokens(&mut exceptions, one);
                    }
                    n
                })
            });
            let mut segment_only = TextAnalyzer::from(SegmentTokenizer::new(Norm::Lang(Lang::Tk)));
            group.bench_function("segmentation + normalisation only (tk text)", |b| {
                b.iter(|| count_tokens(&mut segment_only, &text))
            });
            let mut stock = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .build();
            group.bench_function("tantivy default (tk text)", |b| {
                b.iter(|| count_tokens(&mut stock, &text))
            });
            let mut snowball = TextAnalyzer::builder(SegmentTokenizer::new(Norm::Lang(Lang::Tk)))
                .filter(Stemmer::new(Language::Turkish))
                .build();
            group.bench_function("segmentation + Snowball Turkish (tk text)", |b| {
                b.iter(|| count_tokens(&mut snowball, &text))
            });
        }
    }
    group.finish();
}

/// Size of one text of unique words (about an article body).
const UNIQUE_TEXT_BYTES: usize = 4096;

fn unique_words(c: &mut Criterion) {
    let texts = match common::unique_word_texts(UNIQUE_TEXT_BYTES) {
        Ok(texts) => texts,
        Err(reason) => {
            eprintln!("analyze-unique: skipped: {reason}");
            return;
        }
    };
    let mean = texts.iter().map(String::len).sum::<usize>() / texts.len().max(1);
    let mut group = c.benchmark_group("analyze-unique");
    // Each iteration analyses the next text, cycling through all of them; criterion's throughput is the
    // mean text size (every text is within one word of UNIQUE_TEXT_BYTES, so the mean is exact enough).
    group.throughput(Throughput::Bytes(mean as u64));
    let mut run = |name: &str, analyze: &mut dyn FnMut(&str) -> usize| {
        let mut next = 0;
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut spent = Duration::ZERO;
                for _ in 0..iters {
                    let text = &texts[next];
                    next = (next + 1) % texts.len();
                    let t = Instant::now();
                    black_box(analyze(text));
                    spent += t.elapsed();
                }
                spent
            })
        });
    };
    let one = count_text;
    let mut exact = TextAnalyzer::from(for_lang(Lang::Tk));
    run("tk-search Turkmen (unique words)", &mut |t| {
        one(&mut exact, t)
    });
    let mut fold = TextAnalyzer::from(folded());
    run("tk-search folded (unique words)", &mut |t| {
        one(&mut fold, t)
    });
    let (mut exact2, mut fold2) = (
        TextAnalyzer::from(for_lang(Lang::Tk)),
        TextAnalyzer::from(folded_exceptions()),
    );
    run(
        "tk-search tk + folded, as indexed (unique words)",
        &mut |t| one(&mut exact2, t) + one(&mut fold2, t),
    );
    let mut stock = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .build();
    run("tantivy default (unique words)", &mut |t| {
        one(&mut stock, t)
    });
    group.finish();
}

criterion_group!(benches, analyzers, unique_words);
criterion_main!(benches);
