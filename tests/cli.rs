//! Integration tests of the `tk-search` binary: each test runs the real executable against a
//! temporary index (never the user's default index) and checks its exit status, stdout and stderr.
//!
//! Run with `cargo test --test cli`. The modules live in `tests/cli/` (the inline `mod cli` makes them
//! resolve there without `#[path]`); helpers are in `cli::util`, and there is one module per feature.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cli {
    mod analyze;
    mod browser;
    mod corpus;
    mod folded;
    mod hostile;
    mod index;
    mod query;
    mod reader;
    mod reliability;
    mod search;
    mod serve;
    pub mod server;
    pub mod util;
}
