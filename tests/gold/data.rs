//! Locating the shared evaluation data.

use std::path::PathBuf;

/// `../shared/data/NAME` beside the repository, or `None` (with a printed reason) when it is absent.
pub fn shared(name: &str) -> Option<PathBuf> {
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data")).join(name);
    if path.exists() {
        Some(path)
    } else {
        println!(
            "skipped: {} is absent (the evaluation data lives outside the repository)",
            path.display()
        );
        None
    }
}
