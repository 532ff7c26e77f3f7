//! `tk-search query TEXT`.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Context;
use serde::Serialize;
use tk_search_core::article::parse_date;
use tk_search_core::{Hit, SearchIndex, SearchRequest, Sort};

use crate::cli::{Cli, ColorArg, QueryArgs, SortArg};
use crate::exit;
use crate::output::json_line;

/// One `--json` line; the schema is documented in the README.
#[derive(Serialize)]
struct HitLine<'a> {
    rank: usize,
    id: &'a str,
    title: &'a str,
    lang: &'a str,
    date: Option<&'a str>,
    score: f32,
    snippet: &'a str,
    highlights: Vec<[usize; 2]>,
    url: Option<&'a str>,
    source: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    explain: Option<Vec<ExplainLine<'a>>>,
}

#[derive(Serialize)]
struct ExplainLine<'a> {
    field: &'a str,
    term: &'a str,
    kind: &'a str,
    score: f32,
}

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
            json_line(&mut out, &hit_line(i + 1, hit, args.explain))?;
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

fn hit_line(rank: usize, hit: &Hit, explain: bool) -> HitLine<'_> {
    HitLine {
        rank,
        id: &hit.id,
        title: &hit.title,
        lang: &hit.lang,
        date: hit.date.as_deref(),
        score: hit.score,
        snippet: &hit.snippet.text,
        highlights: hit
            .snippet
            .highlights
            .iter()
            .map(|r| [r.start, r.end])
            .collect(),
        url: hit.url.as_deref(),
        source: hit.source.as_deref(),
        explain: explain.then(|| {
            hit.explanation
                .iter()
                .map(|c| ExplainLine {
                    field: &c.field,
                    term: &c.term,
                    kind: &c.kind,
                    score: c.score,
                })
                .collect()
        }),
    }
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
