//! `tk-search serve`: the HTTP API and search page of `tk-search-server`.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;

use crate::cli::{Cli, ServeArgs};
use crate::exit;

/// Shortest API key accepted: a guessable key would make the write API open to anyone who can reach it.
const MIN_KEY_BYTES: usize = 16;

pub fn run(cli: &Cli, args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let mut config = tk_search_server::Config::new(cli.index_path()?);
    config.listen = args.listen;
    config.api_key = api_key(args)?;
    config.cors_origins = args.cors_origin.clone();
    config.max_body_bytes = usize::try_from(args.max_body_mb * 1024 * 1024).unwrap_or(usize::MAX);
    config.read_timeout = Duration::from_secs(args.timeout_secs);
    config.doc_cache_blocks = usize::try_from(args.doc_cache_blocks).unwrap_or(usize::MAX);
    if let Some(n) = args.search_threads {
        config.search_threads = usize::try_from(n).unwrap_or(1);
    }
    if !args.listen.ip().is_loopback() {
        eprintln!(
            "tk-search: warning: listening on {}, reachable from other machines",
            args.listen
        );
    }
    let writes = if config.api_key.is_some() {
        "POST /documents needs the API key"
    } else {
        "writing disabled (no API key)"
    };
    tk_search_server::run(config, |addr| {
        // Scripts and tests read this line to learn the address (and port, with `--listen …:0`).
        println!("tk-search: listening on http://{addr}/ ({writes})");
    })?;
    eprintln!("tk-search: stopped");
    Ok(ExitCode::from(exit::OK))
}

/// The key from `--api-key-file`, else `TK_SEARCH_API_KEY`, trimmed; none when neither is given.
fn api_key(args: &ServeArgs) -> anyhow::Result<Option<String>> {
    let key = match &args.api_key_file {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .with_context(|| format!("reading the API key from {}", path.display()))?,
        ),
        None => std::env::var("TK_SEARCH_API_KEY").ok(),
    };
    let Some(key) = key.map(|k| k.trim().to_string()) else {
        return Ok(None);
    };
    if key.len() < MIN_KEY_BYTES || key.chars().any(char::is_whitespace) {
        anyhow::bail!(
            "the API key must be at least {MIN_KEY_BYTES} bytes without spaces (e.g. `openssl rand -hex 32`)"
        );
    }
    Ok(Some(key))
}
