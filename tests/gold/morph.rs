//! Turkmen inflection gold (`morph_dev.tsv`): pairwise conflation precision/recall/F1 of the Turkmen
//! analyzer, beside "no stemming" and Snowball Turkish, scored like `score_morph.py`.

use std::collections::HashMap;

use tantivy::tokenizer::{
    Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer, TokenStream,
};
use tantivy_turkmen::analyze::term;
use tantivy_turkmen::fold::fold_string;
use tantivy_turkmen::normalize::{normalize, Norm};
use tantivy_turkmen::Lang;

use super::data::shared;

#[derive(Debug)]
pub struct Scores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub all_one_term: f64,
}

fn load() -> Option<Vec<(String, Vec<String>)>> {
    let path = shared("morph_dev.tsv")?;
    let text = std::fs::read_to_string(path).unwrap();
    Some(
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let (lemma, forms) = l.split_once('\t').unwrap();
                let mut seen = Vec::new();
                for f in forms.split_whitespace() {
                    let f = normalize(Norm::Lang(Lang::Tk), f);
                    if !seen.contains(&f) {
                        seen.push(f);
                    }
                }
                (lemma.to_string(), seen)
            })
            .collect(),
    )
}

/// Pairwise conflation scores of a form → term mapping.
pub fn score(gold: &[(String, Vec<String>)], map: &mut dyn FnMut(&str) -> String) -> Scores {
    let mut term_lemmas: HashMap<String, HashMap<usize, u64>> = HashMap::new();
    let (mut tp, mut fn_) = (0u64, 0u64);
    let mut one = 0;
    for (li, (_, forms)) in gold.iter().enumerate() {
        let mut counts: HashMap<String, u64> = HashMap::new();
        for f in forms {
            let t = map(f);
            *counts.entry(t.clone()).or_default() += 1;
            *term_lemmas.entry(t).or_default().entry(li).or_default() += 1;
        }
        let n = forms.len() as u64;
        let same: u64 = counts.values().map(|v| v * (v - 1) / 2).sum();
        tp += same;
        fn_ += n * (n - 1) / 2 - same;
        if counts.len() == 1 {
            one += 1;
        }
    }
    let fp: u64 = term_lemmas
        .values()
        .map(|lc| {
            let tot: u64 = lc.values().sum();
            let within: u64 = lc.values().map(|v| v * (v - 1) / 2).sum();
            tot * (tot - 1) / 2 - within
        })
        .sum();
    let precision = if tp + fp > 0 {
        tp as f64 / (tp + fp) as f64
    } else {
        0.0
    };
    let recall = tp as f64 / (tp + fn_) as f64;
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    Scores {
        precision,
        recall,
        f1,
        all_one_term: one as f64 / gold.len() as f64,
    }
}

fn print(name: &str, s: &Scores) {
    println!(
        "{name:<28} precision {:.4}  recall {:.4}  F1 {:.4}  all-one-term {:.4}",
        s.precision, s.recall, s.f1, s.all_one_term
    );
}

#[test]
fn turkmen_stemmer_meets_the_targets_on_the_dev_set() {
    let Some(gold) = load() else { return };
    let ours = score(&gold, &mut |f| term(f, Lang::Tk).unwrap_or_default());
    let folded = {
        let mut analyzer = TextAnalyzer::from(tantivy_turkmen::tokenizer::folded());
        score(&gold, &mut |f| {
            let folded = fold_string(f);
            let mut stream = analyzer.token_stream(&folded);
            stream.next().map(|t| t.text.clone()).unwrap_or_default()
        })
    };
    let none = score(&gold, &mut |f| f.to_string());
    let mut snowball = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::Turkish))
        .build();
    let turkish = score(&gold, &mut |f| {
        let mut stream = snowball.token_stream(f);
        stream.next().map(|t| t.text.clone()).unwrap_or_default()
    });
    println!("morph_dev.tsv: {} lemmas", gold.len());
    print("tk-search (exact field)", &ours);
    print("tk-search (folded field)", &folded);
    print("Snowball Turkish", &turkish);
    print("no stemming", &none);
    assert!(
        ours.precision >= 0.97,
        "precision {:.4} < 0.97",
        ours.precision
    );
    assert!(ours.recall >= 0.90, "recall {:.4} < 0.90", ours.recall);
    assert!(ours.f1 > turkish.f1, "tk-search must beat Snowball Turkish");
}

#[test]
fn scorer_matches_the_reference_definition() {
    // Two lemmas, three forms each: identity map gives no conflation, a perfect map gives P = R = 1,
    // and mapping everything to one term gives the false merges.
    let gold = vec![
        (
            "a".to_string(),
            vec!["a1".to_string(), "a2".to_string(), "a3".to_string()],
        ),
        (
            "b".to_string(),
            vec!["b1".to_string(), "b2".to_string(), "b3".to_string()],
        ),
    ];
    let s = score(&gold, &mut |f| f.to_string());
    assert_eq!((s.precision, s.recall), (0.0, 0.0));
    let s = score(&gold, &mut |f| f[..1].to_string());
    assert_eq!((s.precision, s.recall, s.all_one_term), (1.0, 1.0, 1.0));
    let s = score(&gold, &mut |_| "x".to_string());
    assert_eq!(s.recall, 1.0);
    assert!((s.precision - 6.0 / 15.0).abs() < 1e-9);
}
