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
        Err(e) => {
            eprintln!("tk-search: error: {e:#}");
            ExitCode::from(exit::ERROR)
        }
    }
}
