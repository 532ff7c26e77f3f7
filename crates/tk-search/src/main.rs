//! `tk-search`: index and search library news in Turkmen, Russian and English.
//!
//! A thin command-line layer over the `tk-search-core` library. Exit status: see [`exit`].

mod analyze_cmd;
mod cli;
mod eval;
mod eval_cmd;
mod exit;
mod index_cmd;
mod output;
mod query_cmd;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let result = match &cli.command {
        cli::Command::Index(args) => index_cmd::run(&cli, args),
        cli::Command::Query(args) => query_cmd::run(&cli, args),
        cli::Command::Analyze(args) => analyze_cmd::run(args),
        cli::Command::Eval(args) => eval_cmd::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => {
            // The reader went away (`tk-search query … | head`): not an error worth a message.
            ExitCode::from(exit::OK)
        }
        Err(e) => {
            match hint(&e) {
                Some(hint) => eprintln!("tk-search: error: {e:#}; {hint}"),
                None => eprintln!("tk-search: error: {e:#}"),
            }
            ExitCode::from(exit::ERROR)
        }
    }
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
