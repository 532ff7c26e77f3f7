//! Print what the index sees for a text, stage by stage.
//!
//! `cargo run -p tantivy-turkmen --example analyze_text -- "2021-nji ýylyň 11-nji martynda ABŞ-da onlaýn-maslahaty geçirildi"`

use tantivy_turkmen::analyze::analyze;

fn main() {
    let text = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "Kitaphanalarymyzda onlaýn-maslahatlar geçirilýär".into());
    let a = analyze(&text, None);
    println!(
        "{} ({:.2}); normalised: {}",
        a.detection.lang, a.detection.confidence, a.normalized
    );
    for t in a.tokens {
        println!(
            "{:>3} {:>3}..{:<3} {:<20} {:<18} {}",
            t.position,
            t.from,
            t.to,
            t.original,
            t.term.unwrap_or_default(),
            t.folded.unwrap_or_default()
        );
    }
}
