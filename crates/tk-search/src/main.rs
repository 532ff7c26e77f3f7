//! `tk-search`: index and search library news in Turkmen, Russian and English.
//!
//! A thin command-line layer over the `tk-search-core` library. Exit status: see [`exit`].

mod analyze_cmd;
mod check_cmd;
mod cli;
mod eval;
mod eval_cmd;
mod exit;
mod index_cmd;
mod output;
mod query_cmd;
mod serve_cmd;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Mutex;

use clap::Parser;
use serde::Serialize;

use crate::output::{json_line, terminal_safe};

/// The first panic of the run (in any thread, tantivy's included), as `message (at file:line)`.
static PANIC: Mutex<Option<String>> = Mutex::new(None);

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    // A panic is reported once, as an error line of ours, instead of Rust's multi-line message.
    std::panic::set_hook(Box::new(|info| {
        let payload = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".into());
        let at = info
            .location()
            .map(|l| format!(" (at {}:{})", l.file(), l.line()))
            .unwrap_or_default();
        if let Ok(mut first) = PANIC.lock() {
            first.get_or_insert(format!("{payload}{at}"));
        }
    }));
    // The last resort for what tantivy does on damaged files: a panic ends as exit 2 with one message.
    let result = catch_unwind(AssertUnwindSafe(|| match &cli.command {
        cli::Command::Index(args) => index_cmd::run(&cli, args),
        cli::Command::Query(args) => query_cmd::run(&cli, args),
        cli::Command::Check => check_cmd::run(&cli),
        cli::Command::Analyze(args) => analyze_cmd::run(args),
        cli::Command::Eval(args) => eval_cmd::run(args),
        cli::Command::Serve(args) => serve_cmd::run(&cli, args),
    }));
    let panic = take_panic();
    let message = match result {
        Ok(Ok(code)) => return code,
        Ok(Err(e)) if is_broken_pipe(&e) => {
            // The reader went away (`tk-search query … | head`): not an error worth a message.
            return ExitCode::from(exit::OK);
        }
        Ok(Err(e)) => {
            let mut message = format!("{e:#}");
            if let Some(hint) = hint(&e) {
                message.push_str("; ");
                message.push_str(hint);
            }
            if let Some(p) = panic {
                message.push_str(&format!(" (a thread panicked: {p})"));
            }
            if let Some(path) = damaged_index(&e) {
                message.push_str(&rebuild_hint(path));
            }
            message
        }
        Err(_) => match (&cli.command, cli.index_path()) {
            (cli::Command::Index(_) | cli::Command::Query(_) | cli::Command::Check, Ok(path)) => {
                format!(
                    "the index at {} is damaged or unreadable (tantivy panicked: {}){}",
                    path.display(),
                    panic.as_deref().unwrap_or("unknown cause"),
                    rebuild_hint(&path)
                )
            }
            _ => format!(
                "internal error: {}",
                panic.as_deref().unwrap_or("unknown cause")
            ),
        },
    };
    eprintln!("tk-search: error: {}", terminal_safe(&message));
    if let cli::Command::Index(args) = &cli.command {
        if args.json {
            // `index --json` readers get the failure on standard output too.
            let line = ErrorLine {
                kind: "error",
                message: &message,
            };
            let _ = json_line(&mut std::io::stdout().lock(), &line);
        }
    }
    ExitCode::from(exit::ERROR)
}

/// The first panic since the last call, if any (see [`PANIC`]).
pub(crate) fn take_panic() -> Option<String> {
    PANIC.lock().ok().and_then(|mut p| p.take())
}

/// The `index --json` line of a run that failed.
#[derive(Serialize)]
struct ErrorLine<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    message: &'a str,
}

/// How to recover a damaged index: rebuild it from the folders it records.
fn rebuild_hint(path: &Path) -> String {
    let sources = tk_search_core::recorded_sources(path);
    let from = if sources.is_empty() {
        " and then `tk-search index DIR` for each folder it held".to_string()
    } else {
        format!(
            " (it was built from {})",
            sources
                .iter()
                .map(|s| s.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    format!(
        "; rebuild it with `tk-search --index {} index --rebuild`{from}",
        path.display()
    )
}

/// The index folder of a [`tk_search_core::Error::Damaged`] in the error's chain.
fn damaged_index(e: &anyhow::Error) -> Option<&Path> {
    e.chain()
        .find_map(|c| match c.downcast_ref::<tk_search_core::Error>() {
            Some(tk_search_core::Error::Damaged { path, .. }) => Some(path.as_path()),
            _ => None,
        })
}

/// What to do about a library error, in this tool's terms (the library's messages say what happened only).
fn hint(e: &anyhow::Error) -> Option<&'static str> {
    use tk_search_core::Error;
    e.chain().find_map(|c| match c.downcast_ref::<Error>()? {
        Error::NoIndex { .. } => Some("run `tk-search index DIR` first"),
        Error::IncompatibleIndex { .. } => {
            Some("re-index it: delete the folder and run `tk-search index DIR` again")
        }
        Error::Locked { .. } => Some(
            "wait for it to finish, or remove a stale lock only if no tk-search process is running",
        ),
        _ => None,
    })
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
