//! Locating the shared evaluation data.

use std::io::Write;
use std::path::PathBuf;

/// `../shared/data/NAME` beside the repository, or `None` when it is absent.
///
/// The reason for skipping is written straight to the process's standard error rather than with
/// `println!`, which the test harness captures and hides for a passing test: a plain `cargo test` then shows
/// that a gold test measured nothing, instead of a bare `ok`.
pub fn shared(name: &str) -> Option<PathBuf> {
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data")).join(name);
    if path.exists() {
        Some(path)
    } else {
        let _ = writeln!(
            std::io::stderr().lock(),
            "skipped: {} is absent (the evaluation data lives outside the repository); nothing was measured",
            path.display()
        );
        None
    }
}
