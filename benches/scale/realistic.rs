//! A Turkmen corpus with a realistic, growing vocabulary, for the indexing bench where memos cannot hide
//! the analysis: real sentences of UD Turkmen-TUD (`../shared/data/ud_turkmen_tud.jsonl`) with inflected
//! forms of a large lexicon (`../shared/data/tk_forms_bench.txt`) woven between their words, as that
//! data's README describes. 20,000 articles are 72 MB: 6.6 million word tokens of 0.4 million distinct
//! forms — the vocabulary growth (Heaps' law) of real agglutinative news, which the recombined corpus of
//! `generate.rs` lacks (its 1000× holds a few thousand forms per language).
//!
//! Lemmas are drawn by a Zipf law over a seeded random order of the lexicon (rank r weighted
//! 1/(r+2.7)^1.1), and a lemma's form by another (its r-th form weighted 1/(r+1.5)^1.5; the file lists a
//! lemma's forms shortest suffix first, roughly most frequent first). Articles declare no language (it is
//! detected, as for a user's export).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::generate::{date, Generated, SplitMix64, Vocabulary, PER_FILE};

/// The two data files, relative to the repository root.
const UD: &str = "../shared/data/ud_turkmen_tud.jsonl";
const FORMS: &str = "../shared/data/tk_forms_bench.txt";

/// Drawn forms between two words of a real sentence: uniform in `0..=MAX_RUN` (mean 4, so about four
/// tokens in five are drawn from the lexicon).
const MAX_RUN: usize = 8;

/// A body is this many paragraphs…
const PARAGRAPHS: (usize, usize) = (3, 5);
/// …of this many woven sentences (inclusive ranges): about 3.5 KB per article.
const SENTENCES: (usize, usize) = (2, 5);

/// The loaded material.
pub struct Realistic {
    sentences: Vec<Vec<String>>,
    /// Lemmas (their forms) in Zipf rank order.
    lemmas: Vec<Vec<String>>,
    /// Cumulative lemma weights, by rank.
    lemma_cdf: Vec<f64>,
    /// Cumulative form weights for a lemma of `n` forms: `form_cdf[n]`.
    form_cdf: Vec<Vec<f64>>,
}

/// Where the data is looked for, from the repository root.
pub fn data_paths() -> [PathBuf; 2] {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    [root.join(UD), root.join(FORMS)]
}

impl Realistic {
    /// Loads the data, or says why it cannot (the shared data is absent).
    pub fn load(seed: u64) -> Result<Realistic, String> {
        let [ud, forms] = data_paths();
        let read = |p: &Path| {
            std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()))
        };
        let (ud_text, forms_text) = (read(&ud)?, read(&forms)?);
        let mut sentences = Vec::new();
        for line in ud_text.lines().filter(|l| !l.trim().is_empty()) {
            let row: serde_json::Value =
                serde_json::from_str(line).map_err(|e| format!("{}: {e}", ud.display()))?;
            // Turkmen sentences only (`tk-N`; the `en-N` rows are English glosses).
            if row["id"].as_str().is_some_and(|id| id.starts_with("tk-")) {
                let words: Vec<String> = row["body"]
                    .as_str()
                    .unwrap_or("")
                    .split_whitespace()
                    .map(str::to_string)
                    .collect();
                if !words.is_empty() {
                    sentences.push(words);
                }
            }
        }
        let mut lemmas: Vec<Vec<String>> = forms_text
            .lines()
            .map(|l| l.split_whitespace().map(str::to_string).collect::<Vec<_>>())
            .filter(|forms| !forms.is_empty())
            .collect();
        if sentences.is_empty() || lemmas.is_empty() {
            return Err(format!(
                "no sentences in {} or no lemmas in {}",
                ud.display(),
                forms.display()
            ));
        }
        // The file is in alphabetical order; the Zipf ranks follow a seeded shuffle (Fisher–Yates).
        let mut rng = SplitMix64::new(seed);
        for i in (1..lemmas.len()).rev() {
            lemmas.swap(i, rng.below(i + 1));
        }
        let lemma_cdf = cumulative(lemmas.len(), |r| 1.0 / (r as f64 + 2.7).powf(1.1));
        let longest = lemmas.iter().map(Vec::len).max().unwrap_or(0);
        let form_cdf = (0..=longest)
            .map(|n| cumulative(n, |r| 1.0 / (r as f64 + 1.5).powf(1.5)))
            .collect();
        Ok(Realistic {
            sentences,
            lemmas,
            lemma_cdf,
            form_cdf,
        })
    }

    /// Writes `docs` articles as JSON Lines under `out` (all counted as Turkmen).
    pub fn generate(&self, docs: usize, seed: u64, out: &Path) -> Generated {
        let mut rng = SplitMix64::new(seed ^ 0x5EA1_157C);
        let mut stats = Generated::default();
        let mut vocabulary = Vocabulary::default();
        let dir = out.join("tk");
        std::fs::create_dir_all(&dir).unwrap();
        let mut writer: Option<BufWriter<File>> = None;
        for k in 0..docs {
            if k % PER_FILE == 0 {
                if let Some(mut w) = writer.take() {
                    w.flush().unwrap();
                }
                let path = dir.join(format!("part-{:04}.jsonl", k / PER_FILE));
                writer = Some(BufWriter::new(File::create(path).unwrap()));
                stats.files += 1;
            }
            let title = rng.pick(&self.sentences).join(" ");
            let mut body = String::new();
            for p in 0..between(&mut rng, PARAGRAPHS) {
                if p > 0 {
                    body.push_str("\n\n");
                }
                for s in 0..between(&mut rng, SENTENCES) {
                    if s > 0 {
                        body.push(' ');
                    }
                    self.sentence(&mut rng, &mut body);
                }
            }
            vocabulary.add(&title);
            vocabulary.add(&body);
            let id = format!("real-{k:06}");
            let row = serde_json::json!({
                "id": id,
                "title": title,
                "body": body,
                "date": date(&mut rng, false),
                "url": format!("https://news.library.example/tk/{id}"),
            });
            let mut line = serde_json::to_vec(&row).unwrap();
            line.push(b'\n');
            stats.bytes += line.len() as u64;
            writer.as_mut().unwrap().write_all(&line).unwrap();
        }
        if let Some(mut w) = writer.take() {
            w.flush().unwrap();
        }
        stats.docs_per_lang[0] = docs;
        stats.tokens = vocabulary.tokens;
        stats.distinct_forms = vocabulary.distinct();
        stats
    }

    /// One real sentence with drawn forms woven between its words.
    fn sentence(&self, rng: &mut SplitMix64, out: &mut String) {
        let words = rng.pick(&self.sentences);
        for (i, word) in words.iter().enumerate() {
            if i > 0 {
                for _ in 0..rng.below(MAX_RUN + 1) {
                    out.push(' ');
                    out.push_str(self.form(rng));
                }
                out.push(' ');
            }
            out.push_str(word);
        }
    }

    fn form(&self, rng: &mut SplitMix64) -> &str {
        let lemma = &self.lemmas[draw(rng, &self.lemma_cdf)];
        &lemma[draw(rng, &self.form_cdf[lemma.len()])]
    }
}

/// Uniform in the inclusive range.
fn between(rng: &mut SplitMix64, (low, high): (usize, usize)) -> usize {
    low + rng.below(high - low + 1)
}

/// Running sums of `weight(0..n)`.
fn cumulative(n: usize, weight: impl Fn(usize) -> f64) -> Vec<f64> {
    let mut sum = 0.0;
    (0..n)
        .map(|r| {
            sum += weight(r);
            sum
        })
        .collect()
}

/// An index drawn with the weights whose running sums are `cdf` (non-empty).
fn draw(rng: &mut SplitMix64, cdf: &[f64]) -> usize {
    let total = cdf[cdf.len() - 1];
    let x = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * total;
    cdf.partition_point(|&c| c <= x).min(cdf.len() - 1)
}
