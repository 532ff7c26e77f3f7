//! `tk-search query TEXT`.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Context;
use tk_search_core::json::HitJson;
use tk_search_core::parse_date;
use tk_search_core::{Hit, SearchIndex, SearchRequest, SearchResults, Snippet, Sort};

use crate::cli::{Cli, ColorArg, QueryArgs, SortArg};
use crate::exit;
use crate::output::{json_line, terminal_safe};

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
    let (from, to) = (day(&args.from, "--from")?, day(&args.to, "--to")?);
    if let (Some(from), Some(to)) = (from, to) {
        if from > to {
            anyhow::bail!("--from {from} is after --to {to}: no date can match");
        }
    }
    let request = SearchRequest {
        limit: args.limit,
        lang: args.lang,
        from,
        to,
        sort: match args.sort {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Date => Sort::Date,
        },
        explain: args.explain,
        ..SearchRequest::new(args.text.clone())
    };
    let results = index.search(&request)?;
    for w in &results.warnings {
        eprintln!("tk-search: warning: {}", terminal_safe(w));
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
    if results.total == 0 {
        report_nothing_found(&request, &results);
    }
    // `--limit 0` counts: the status says whether anything matched, not whether anything was shown.
    Ok(ExitCode::from(if results.total == 0 {
        exit::PARTIAL
    } else {
        exit::OK
    }))
}

/// Says on standard error that nothing matched: the query, what it was searched as, the filters, and a
/// "did you mean" when the index knows a close word (the query is user text: shown through `terminal_safe`).
fn report_nothing_found(request: &SearchRequest, results: &SearchResults) {
    let mut filters = Vec::new();
    if let Some(lang) = request.lang {
        filters.push(format!("language {}", lang.code()));
    }
    if let Some(from) = request.from {
        filters.push(format!("from {from}"));
    }
    if let Some(to) = request.to {
        filters.push(format!("to {to}"));
    }
    let within = if filters.is_empty() {
        String::new()
    } else {
        format!(" (only documents with {})", filters.join(", "))
    };
    eprintln!(
        "tk-search: no documents match \"{}\"{within}",
        terminal_safe(&request.query)
    );
    if !results.analysed.is_empty() {
        eprintln!(
            "tk-search: searched as: {}",
            terminal_safe(&results.analysed)
        );
    }
    if let Some(suggestion) = &results.suggestion {
        eprintln!("tk-search: did you mean \"{}\"?", terminal_safe(suggestion));
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
        terminal_safe(&hit.title),
        if color { reset } else { "" }
    )?;
    writeln!(
        out,
        "    {dim}{} · {} · {} · score {:.2}{}",
        hit.lang,
        terminal_safe(date),
        terminal_safe(&hit.id),
        hit.score,
        if color { reset } else { "" }
    )?;
    writeln!(out, "    {}", marked_snippet(&hit.snippet, hl, reset))?;
    for c in &hit.explanation {
        writeln!(
            out,
            "      {:>7.3}  {:<5} {}:{}",
            c.score,
            c.kind,
            c.field,
            terminal_safe(&c.term)
        )?;
    }
    writeln!(out)?;
    Ok(())
}

/// The snippet on one line: each run of whitespace (line breaks included) becomes one space, the text is
/// escaped for the terminal, and each highlight is wrapped in `open` … `close`.
fn marked_snippet(snippet: &Snippet, open: &str, close: &str) -> String {
    let mut out = String::with_capacity(snippet.text.len() + 8 * snippet.highlights.len());
    // A whitespace run seen and not yet written (written as one space before the next visible text).
    let mut space = false;
    let push = |out: &mut String, text: &str, space: &mut bool| {
        for c in text.chars() {
            if c.is_whitespace() {
                *space = true;
                continue;
            }
            if std::mem::take(space) && !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&terminal_safe(c.encode_utf8(&mut [0; 4])));
        }
    };
    let mut at = 0;
    for r in &snippet.highlights {
        let (Some(before), Some(marked)) = (
            snippet.text.get(at..r.start),
            snippet.text.get(r.start..r.end),
        ) else {
            continue;
        };
        push(&mut out, before, &mut space);
        if std::mem::take(&mut space) && !out.is_empty() {
            out.push(' ');
        }
        out.push_str(open);
        push(&mut out, marked, &mut space);
        out.push_str(close);
        at = r.end;
    }
    push(&mut out, snippet.text.get(at..).unwrap_or(""), &mut space);
    out
}
