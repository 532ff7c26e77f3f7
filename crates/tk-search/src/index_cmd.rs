//! `tk-search index DIR`.

use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tk_search_core::ingest::{self, Event, IngestOptions};
use tk_search_core::json::{ProblemJson, SummaryJson};
use tk_search_core::SearchIndex;
use tk_search_core::{clear, recorded_sources};

use crate::cli::{Cli, IndexArgs};
use crate::exit;
use crate::output::{json_line, terminal_safe};

pub fn run(cli: &Cli, args: &IndexArgs) -> anyhow::Result<ExitCode> {
    let index_path = cli.index_path()?;
    if let Some(dir) = &args.dir {
        if !dir.exists() {
            anyhow::bail!("{}: no such file or directory", dir.display());
        }
    }
    let damage = if args.rebuild {
        None
    } else {
        damage_of(&index_path)
    };
    let mut folders: Vec<PathBuf> = Vec::new();
    if args.rebuild || damage.is_some() {
        if let Some(detail) = &damage {
            eprintln!(
                "tk-search: warning: {}",
                terminal_safe(&format!(
                    "the index at {} is damaged or unreadable ({detail}); rebuilding it",
                    index_path.display()
                ))
            );
        }
        for source in recorded_sources(&index_path) {
            if source.exists() {
                folders.push(source);
            } else {
                eprintln!(
                    "tk-search: warning: {}",
                    terminal_safe(&format!(
                        "{}: indexed into this index before, but no longer exists; not indexed again",
                        source.display()
                    ))
                );
            }
        }
        if let Some(dir) = &args.dir {
            let canonical = dir.canonicalize().unwrap_or_else(|_| dir.clone());
            if !folders.contains(&canonical) {
                folders.push(dir.clone());
            }
        }
        if folders.is_empty() {
            anyhow::bail!(
                "the index at {} records no folder to rebuild it from: give the folder to index (`tk-search index --rebuild DIR`)",
                index_path.display()
            );
        }
        if index_path.exists() {
            clear(&index_path)
                .with_context(|| format!("clearing the index at {}", index_path.display()))?;
        }
    } else if let Some(dir) = &args.dir {
        folders.push(dir.clone());
    }
    let mut code = exit::OK;
    for folder in &folders {
        code = code.max(index_folder(args, &index_path, folder)?);
    }
    Ok(ExitCode::from(code))
}

/// Why the existing index at `path` cannot be relied on (a file fails its checksum, a segment does not
/// open, tantivy panics on it), or `None` when it is sound or there is none. Other failures to open it (a
/// format of another version) are left to the run to report.
fn damage_of(path: &Path) -> Option<String> {
    if !path.join("meta.json").exists() {
        return None;
    }
    let checked = catch_unwind(AssertUnwindSafe(|| match SearchIndex::open(path) {
        Err(tk_search_core::Error::Damaged { detail, .. }) => Some(detail),
        Err(_) => None,
        Ok(index) => match index.verify() {
            Ok(problems) if problems.is_empty() => None,
            Ok(problems) => Some(problems.join("; ")),
            Err(e) => Some(e.to_string()),
        },
    }));
    checked.unwrap_or_else(|_| {
        Some(format!(
            "tantivy panicked reading it: {}",
            crate::take_panic().unwrap_or_else(|| "unknown cause".into())
        ))
    })
}

/// Indexes one folder (or file) into the index at `index_path`; returns the exit status.
fn index_folder(args: &IndexArgs, index_path: &Path, dir: &Path) -> anyhow::Result<u8> {
    let index = SearchIndex::open_or_create(index_path)
        .with_context(|| format!("opening the index at {}", index_path.display()))?;
    let options = IngestOptions {
        memory_budget: usize::try_from(args.memory_mb * 1024 * 1024).unwrap_or(usize::MAX),
        prune: !args.no_prune,
        threads: args.threads.and_then(|t| usize::try_from(t).ok()),
        max_doc_bytes: usize::try_from(args.max_doc_kb * 1024).unwrap_or(usize::MAX),
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
    let summary = ingest::index_path(&index, dir, &options, &mut |event| match event {
        Event::Planned { bytes, .. } => bar.set_length(bytes),
        Event::FileDone { path, bytes } => {
            bar.inc(bytes);
            bar.set_message(
                path.file_name()
                    .map(|n| terminal_safe(&n.to_string_lossy()).into_owned())
                    .unwrap_or_default(),
            );
        }
        Event::Problem(p) => {
            if args.json {
                if let Err(e) = json_line(&mut out, &ProblemJson::from(p)) {
                    write_error.get_or_insert(e);
                }
            } else {
                bar.suspend(|| eprintln!("{}", terminal_safe(&p.to_string())));
            }
        }
        Event::Indexed { .. } => {}
    })
    .with_context(|| format!("indexing {}", dir.display()))?;
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
        let langs: Vec<String> = tk_search_core::DocLang::all()
            .map(|l| format!("{l} {}", summary.per_lang.get(&l).copied().unwrap_or(0)))
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
            terminal_safe(&index_path.display().to_string()),
        )?;
    }
    out.flush()?;
    Ok(if summary.problems.is_empty() {
        exit::OK
    } else {
        exit::PARTIAL
    })
}
