//! `tk-search eval QUERIES.tsv`.

use std::io::Write;
use std::process::ExitCode;

use crate::eval::{evaluate, read_queries, SYSTEMS};
use anyhow::Context;
use serde::Serialize;

use crate::cli::EvalArgs;
use crate::exit;
use crate::output::{json_line, terminal_safe};

#[derive(Serialize)]
struct Row<'a> {
    system: &'a str,
    lang: &'a str,
    queries: usize,
    recall_10: f64,
    mrr_10: f64,
    ndcg_10: f64,
    map_100: f64,
}

pub fn run(args: &EvalArgs) -> anyhow::Result<ExitCode> {
    let queries = read_queries(&args.queries)
        .with_context(|| format!("reading {}", args.queries.display()))?;
    let report = evaluate(&args.corpus, &queries)
        .with_context(|| format!("evaluating on {}", args.corpus.display()))?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if !args.json {
        writeln!(
            out,
            "{} queries on {} documents of {}\n",
            queries.len(),
            report.documents,
            args.corpus.display()
        )?;
        writeln!(
            out,
            "| system | lang | queries | Recall@10 | MRR@10 | nDCG@10 | MAP@100 |"
        )?;
        writeln!(out, "|---|---|---:|---:|---:|---:|---:|")?;
    }
    for lang in ["tk", "ru", "en", "all"] {
        for (system, name) in SYSTEMS.iter().enumerate() {
            let Some((m, n)) = report.table.get(&(system, lang.to_string())) else {
                continue;
            };
            if args.json {
                json_line(
                    &mut out,
                    &Row {
                        system: name,
                        lang,
                        queries: *n,
                        recall_10: m.recall_10,
                        mrr_10: m.mrr_10,
                        ndcg_10: m.ndcg_10,
                        map_100: m.map_100,
                    },
                )?;
            } else {
                writeln!(
                    out,
                    "| {name} | {lang} | {n} | {:.3} | {:.3} | {:.3} | {:.3} |",
                    m.recall_10, m.mrr_10, m.ndcg_10, m.map_100
                )?;
            }
        }
    }
    if args.per_query && !args.json {
        writeln!(
            out,
            "\n| qid | query | relevant | tk-search R@10 | AP@100 | stock+folding R@10 | AP@100 |"
        )?;
        writeln!(out, "|---|---|---:|---:|---:|---:|---:|")?;
        for q in &queries {
            let get = |s: usize| {
                report
                    .per_query
                    .get(&(s, q.qid.clone()))
                    .copied()
                    .unwrap_or_default()
            };
            let (ours, stock) = (get(0), get(2));
            writeln!(
                out,
                "| {} | {} | {} | {:.2} | {:.2} | {:.2} | {:.2} |",
                terminal_safe(&q.qid),
                terminal_safe(&q.query),
                q.relevant.len(),
                ours.recall_10,
                ours.map_100,
                stock.recall_10,
                stock.map_100
            )?;
        }
    }
    if let Some(ratio) = report.ascii_recall_ratio(&queries) {
        if args.json {
            json_line(&mut out, &serde_json::json!({"ascii_recall_ratio": ratio}))?;
        } else {
            writeln!(
                out,
                "\nASCII-typed Turkmen twins reach {:.1}% of the Recall@10 of the same queries with Turkmen letters (tk-search).",
                ratio * 100.0
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::from(exit::OK))
}
