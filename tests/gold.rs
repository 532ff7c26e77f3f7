//! Measurements against the evaluation data in `../shared/data/` (skipped, with a printed reason, when
//! the folder is absent). Run with `cargo test --release --test gold -- --nocapture` to see the figures.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod gold {
    pub mod data;
    mod detect;
    mod morph;
    mod snowball;
}
