//! Russian and English terms agree with the Snowball reference vocabularies.

use tantivy_turkmen::analyze::term;
use tantivy_turkmen::Lang;

use super::data::shared;

fn agreement(lang: Lang, voc: &str, res: &str) -> Option<(usize, usize, Vec<String>)> {
    let voc = std::fs::read_to_string(shared(voc)?).unwrap();
    let res = std::fs::read_to_string(shared(res)?).unwrap();
    let (mut agree, mut total) = (0, 0);
    let mut misses = Vec::new();
    for (word, expected) in voc.lines().zip(res.lines()) {
        total += 1;
        let got = term(word, lang).unwrap_or_default();
        if got == expected {
            agree += 1;
        } else if misses.len() < 10 {
            misses.push(format!("{word} → {got} (expected {expected})"));
        }
    }
    Some((agree, total, misses))
}

fn check(lang: Lang, voc: &str, res: &str) {
    let Some((agree, total, misses)) = agreement(lang, voc, res) else {
        return;
    };
    let share = agree as f64 / total as f64;
    println!(
        "{lang}: {agree}/{total} = {:.4}% agree with the Snowball reference; e.g. {misses:?}",
        share * 100.0
    );
    assert!(share >= 0.998, "{lang}: {share:.4} < 0.998");
}

#[test]
fn russian_terms_follow_the_snowball_reference() {
    check(Lang::Ru, "snowball/voc_ru.txt", "snowball/res_ru.txt");
}

#[test]
fn english_terms_follow_the_snowball_reference() {
    check(Lang::En, "snowball/voc_en.txt", "snowball/res_en.txt");
}
