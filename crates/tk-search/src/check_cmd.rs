//! `tk-search check`: verifies every segment of the index.

use std::io::Write;
use std::process::ExitCode;

use tk_search_core::SearchIndex;

use crate::cli::Cli;
use crate::exit;
use crate::output::terminal_safe;

pub fn run(cli: &Cli) -> anyhow::Result<ExitCode> {
    let index_path = cli.index_path()?;
    let index = SearchIndex::open(&index_path)?;
    let problems = index.verify()?;
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("tk-search: error: {}", terminal_safe(p));
        }
        return Err(tk_search_core::Error::Damaged {
            path: index_path,
            detail: format!("{} problems found", problems.len()),
        }
        .into());
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "index {}: {} documents in {} segments; every file matches its checksum",
        terminal_safe(&index_path.display().to_string()),
        index.num_docs(),
        index.segment_count(),
    )?;
    Ok(ExitCode::from(exit::OK))
}
