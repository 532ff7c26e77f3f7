//! `tk-search query TEXT`.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Context;
use tk_search_core::article::parse_date;
use tk_search_core::json::HitJson;
use tk_search_core::{Hit, SearchIndex, SearchRequest, Sort};

use crate::cli::{Cli, ColorArg, QueryArgs, SortArg};
use crate::exit;
use crate::output::json_line;

pub fn run(cli: &Cli, args: &QueryArgs) -> anyhow::Result<ExitCode> {
    let index_path = cli.index_path()?;
    let index = SearchIndex::open(&index_path)?;
    let day = |s: &Option<String>, flag: &str| -> anyhow::Result<_> {
        s.as_deref()
            .map(|s| {
                parse_date(s)
                    .map(|d| d.date)
                    .with_context(|| format!("{flag} {s}"))
            })
            .transpose()
    };
    let request = SearchRequest {
        limit: args.limit,
        lang: args.lang,
        from: day(&args.from, "--from")?,
        to: day(&args.to, "--to")?,
        sort: match args.sort {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Date => Sort::Date,
        },
        explain: args.explain,
        ..SearchRequest::new(args.text.clone())
    };
    let results = index.search(&request)?;
    for w in &results.warnings {
        eprintln!("tk-search: warning: {w}");
    }
    if results.relaxed {
        eprintln!("tk-search: no document matches every word; showing the best partial matches");
    }
    let stdout = std::io::stdout();
    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let mut out = stdout.lock();
    for (i, hit) in results.hits.iter().enumerate() {
        if args.json {
            json_line(&mut out, &HitJson::new(i + 1, hit, args.explain))?;
        } else {
            write_human(&mut out, i + 1, hit, color)?;
        }
    }
    if !args.json && results.hits.len() < results.total {
        writeln!(
            out,
            "({} of {} matching documents shown)",
            results.hits.len(),
            results.total
        )?;
    }
    out.flush()?;
    Ok(ExitCode::from(if results.hits.is_empty() {
        exit::PARTIAL
    } else {
        exit::OK
    }))
}

fn write_human(out: &mut impl Write, rank: usize, hit: &Hit, color: bool) -> anyhow::Result<()> {
    let (bold, hl, dim, reset) = if color {
        ("\x1b[1m", "\x1b[1;33m", "\x1b[2m", "\x1b[0m")
    } else {
        ("", "[", "", "]")
    };
    let date = hit.date.as_deref().unwrap_or("no date");
    writeln!(
        out,
        "{rank:>2}. {bold}{}{}",
        hit.title,
        if color { reset } else { "" }
    )?;
    writeln!(
        out,
        "    {dim}{} · {date} · {} · score {:.2}{}",
        hit.lang,
        hit.id,
        hit.score,
        if color { reset } else { "" }
    )?;
    let snippet = hit.snippet.marked(hl, reset);
    let snippet = snippet.split_whitespace().collect::<Vec<_>>().join(" ");
    writeln!(out, "    {snippet}")?;
    for c in &hit.explanation {
        writeln!(
            out,
            "      {:>7.3}  {:<5} {}:{}",
            c.score, c.kind, c.field, c.term
        )?;
    }
    writeln!(out)?;
    Ok(())
}
