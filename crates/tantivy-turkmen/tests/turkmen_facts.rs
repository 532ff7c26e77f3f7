//! The facts of `../shared/turkmen.md`, checked through the whole Turkmen chain (normalise → segment → stem)
//! as the index sees them: each row is (text, the terms of its exact field) or a set of spellings that must
//! meet on one term.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use tantivy_turkmen::analyze::analyze;
use tantivy_turkmen::Lang;

fn terms(text: &str) -> Vec<String> {
    analyze(text, Some(Lang::Tk))
        .tokens
        .into_iter()
        .filter_map(|t| t.term)
        .collect()
}

fn folded(text: &str) -> Vec<String> {
    analyze(text, Some(Lang::Tk))
        .tokens
        .into_iter()
        .filter_map(|t| t.folded)
        .collect()
}

fn check(cases: &[(&str, &[&str])]) {
    for (text, expected) in cases {
        assert_eq!(terms(text), *expected, "{text:?}");
    }
}

/// Every spelling in a group reaches the same exact-field term.
fn meet(groups: &[&[&str]]) {
    for group in groups {
        let first = terms(group[0]);
        for other in &group[1..] {
            assert_eq!(terms(other), first, "{:?} vs {other:?}", group[0]);
        }
    }
}

#[test]
fn alphabet_and_casing() {
    check(&[
        ("İSTANBUL", &["istanbul"]),
        ("KITAP", &["kitap"]),
        ("y\u{301}yl", &["ýyl"]),
        ("n\u{30C}", &["ň"]),
    ]);
    // Plain Unicode casing: I ↔ i, no Turkish dotted/dotless rules.
    meet(&[&["IÝUL", "Iýul", "iýul"], &["ILIM", "ilim"]]);
}

#[test]
fn real_world_spellings_are_normalised() {
    meet(&[
        &["Meñ", "Meň"],
        &["seniñ", "seniň"],
        &["ÿyl", "ýyl"],
        &["ișleri", "işleri"],
        &["kıtap", "kytap"],
    ]);
    // Legacy currency-like letters are not mapped: `$` is a price, not Ş.
    check(&[("100$", &["100"])]);
}

#[test]
fn ascii_typing_meets_in_the_folded_field() {
    for (ascii, exact) in [
        ("onlayn", "onlaýn"),
        ("Hayal yore", "Haýal ýöre"),
        ("ucyarlar", "uçýarlar"),
        ("kitaplaryn", "kitaplaryň"),
    ] {
        assert_eq!(folded(ascii), folded(exact), "{ascii:?} vs {exact:?}");
    }
    // Folding is lossy, which is why the exact field keeps the contrast.
    assert_ne!(terms("ýaş"), terms("yaş"));
    assert_eq!(folded("ýaş"), folded("yaş"));
}

#[test]
fn tokens() {
    check(&[
        (
            "onlaýn-maslahaty",
            &["onlaýnmaslahat", "onlaýn", "maslahat"],
        ),
        (
            "Onlaýn-maslahatyna",
            &["onlaýnmaslahat", "onlaýn", "maslahat"],
        ),
        // The joined form is stemmed too (hemde → hem, like any locative).
        ("hem-de", &["hem", "hem", "de"]),
        ("GDA-nyň ABŞ-da", &["gda", "abş"]),
        ("2021-nji 11-nji 25-njy", &["2021", "11", "25"]),
        ("geçirildi2021-nji ýylyň", &["geçir", "2021", "ýyl"]),
        ("«Kitap» “kitaby”", &["kitap", "kitap"]),
    ]);
    meet(&[
        &["BMG-niň", "BMG", "BMG-nyň", "bmg"],
        &["ÝUNESKO-nyň", "ÝUNESKO"],
    ]);
    // The spaced and glued compounds carry the same pieces.
    assert_eq!(terms("onlaýn maslahat"), ["onlaýn", "maslahat"]);
    assert_eq!(terms("onlaýnmaslahat"), ["onlaýnmaslahat"]);
}

#[test]
fn morphology() {
    meet(&[
        &[
            "kitap",
            "kitaplar",
            "kitaby",
            "kitaba",
            "kitabyň",
            "kitaplarynyň",
            "kitaplaryndan",
        ],
        &[
            "maslahat",
            "maslahaty",
            "maslahatyna",
            "maslahatynda",
            "maslahatyndan",
        ],
        &[
            "kitaphana",
            "kitaphanasy",
            "kitaphanasynyň",
            "kitaphanasynda",
            "kitaphanalary",
        ],
        &["ýürek", "ýüregi"],
        &["agaç", "agajy"],
        &["mekdep", "mekdebe"],
        &["göz", "gözüň"],
        &["ogul", "ogly"],
        &["burun", "burny"],
        &["okamak", "okaýar", "okady", "okalýar"],
        &["geçirmek", "geçirildi", "geçirilýär"],
    ]);
    // Derivation is kept.
    let kitap = terms("kitap");
    let kitaphana = terms("kitaphana");
    let kitaphanacy = terms("kitaphanaçy");
    assert_ne!(kitap, kitaphana);
    assert_ne!(kitaphana, kitaphanacy);
    assert_ne!(kitap, kitaphanacy);
    // Roots that merely end like a suffix stay whole.
    check(&[
        ("kitaphana", &["kitaphana"]),
        ("maslahat", &["maslahat"]),
        ("ýurt", &["ýurt"]),
    ]);
}

#[test]
fn cyrillic_turkmen_meets_latin() {
    meet(&[
        &["китапхана", "kitaphana"],
        &["Түркменистан", "Türkmenistan"],
        &["китапханасында", "kitaphanasynda"],
        &["ёл", "ýol"],
    ]);
}
