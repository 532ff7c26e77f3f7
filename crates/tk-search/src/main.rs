//! `tk-search`: index and search library news in Turkmen, Russian and English.
//!
//! A thin command-line layer over the `tk-search-core` library. Exit status: see [`exit`].

mod analyze_cmd;
mod cli;
mod eval_cmd;
mod exit;
mod index_cmd;
mod output;
mod query_cmd;
mod serve_cmd;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let result = match &cli.command {
        cli::Command::Index(args) => index_cmd::run(&cli, args),
        cli::Command::Query(args) => query_cmd::run(&cli, args),
        cli::Command::Analyze(args) => analyze_cmd::run(args),
        cli::Command::Eval(args) => eval_cmd::run(args),
        cli::Command::Serve(args) => serve_cmd::run(&cli, args),
    };
    match result {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => {
            // The reader went away (`tk-search query … | head`): not an error worth a message.
            ExitCode::from(exit::OK)
        }
        Err(e) => {
            eprintln!("tk-search: error: {e:#}");
            ExitCode::from(exit::ERROR)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
