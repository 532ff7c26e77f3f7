//! `tk-search index DIR`.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tk_search_core::ingest::{self, Event, IngestOptions};
use tk_search_core::json::{ProblemJson, SummaryJson};
use tk_search_core::SearchIndex;

use crate::cli::{Cli, IndexArgs};
use crate::exit;
use crate::output::json_line;

pub fn run(cli: &Cli, args: &IndexArgs) -> anyhow::Result<ExitCode> {
    let index_path = cli.index_path()?;
    if !args.dir.exists() {
        anyhow::bail!("{}: no such file or directory", args.dir.display());
    }
    let index = SearchIndex::open_or_create(&index_path)
        .with_context(|| format!("opening the index at {}", index_path.display()))?;
    let options = IngestOptions {
        memory_budget: usize::try_from(args.memory_mb * 1024 * 1024).unwrap_or(usize::MAX),
        prune: !args.no_prune,
        threads: args.threads.and_then(|t| usize::try_from(t).ok()),
    };
    let target = if args.json {
        ProgressDrawTarget::hidden()
    } else {
        ProgressDrawTarget::stderr()
    };
    let bar = ProgressBar::with_draw_target(None, target);
    bar.set_style(
        ProgressStyle::with_template("{spinner} {bytes}/{total_bytes} {wide_bar} {eta} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut write_error = None;
    let summary = ingest::index_path(&index, &args.dir, &options, &mut |event| match event {
        Event::Planned { bytes, .. } => bar.set_length(bytes),
        Event::FileDone { path, bytes } => {
            bar.inc(bytes);
            bar.set_message(
                path.file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default(),
            );
        }
        Event::Problem(p) => {
            if args.json {
                if let Err(e) = json_line(&mut out, &ProblemJson::from(p)) {
                    write_error.get_or_insert(e);
                }
            } else {
                bar.suspend(|| eprintln!("{p}"));
            }
        }
    })
    .with_context(|| format!("indexing {}", args.dir.display()))?;
    bar.finish_and_clear();
    if let Some(e) = write_error {
        return Err(e);
    }
    if args.json {
        json_line(
            &mut out,
            &SummaryJson::new(&summary, index_path.display().to_string()),
        )?;
    } else {
        let langs: Vec<String> = ["tk", "ru", "en", "unknown"]
            .iter()
            .map(|l| format!("{l} {}", summary.per_lang.get(l).copied().unwrap_or(0)))
            .collect();
        writeln!(
            out,
            "indexed {} documents ({}) from {} files in {:.2} s; {} unchanged, {} removed; skipped {} files; {} errors, {} warnings; index: {}",
            summary.documents(),
            langs.join(", "),
            summary.files,
            summary.elapsed.as_secs_f64(),
            summary.unchanged,
            summary.removed,
            summary.skipped,
            summary.errors(),
            summary.warnings(),
            index_path.display(),
        )?;
    }
    out.flush()?;
    Ok(ExitCode::from(if summary.problems.is_empty() {
        exit::OK
    } else {
        exit::PARTIAL
    }))
}
