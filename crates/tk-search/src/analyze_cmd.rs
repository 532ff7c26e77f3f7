//! `tk-search analyze [TEXT]`.

use std::io::{Read, Write};
use std::process::ExitCode;

use serde::Serialize;
use tantivy_turkmen::analyze::analyze;
use tantivy_turkmen::segment::PieceKind;
use tantivy_turkmen::stem::tk::Step;

use crate::cli::{AnalyzeArgs, AnalyzeLang};
use crate::exit;
use crate::output::{json_line, terminal_safe};

#[derive(Serialize)]
struct LanguageLine {
    #[serde(rename = "type")]
    kind: &'static str,
    lang: &'static str,
    confidence: f64,
    analysed_as: &'static str,
}

#[derive(Serialize)]
struct TokenLine<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    position: usize,
    from: usize,
    to: usize,
    original: &'a str,
    segment: &'static str,
    term: Option<&'a str>,
    folded: Option<&'a str>,
    /// The Turkmen stemmer's steps to `term`, then the folded stemmer's to `folded`.
    steps: Vec<StepLine<'a>>,
    folded_steps: Vec<StepLine<'a>>,
}

/// One stemmer step in `analyze --json`.
#[derive(Serialize)]
struct StepLine<'a> {
    step: &'static str,
    before: &'a str,
    after: &'a str,
}

fn step_lines(steps: &[Step]) -> Vec<StepLine<'_>> {
    steps
        .iter()
        .map(|s| StepLine {
            step: s.kind.as_str(),
            before: &s.before,
            after: &s.after,
        })
        .collect()
}

/// `word → after (step) → after (step) …` for the human output.
fn step_chain(steps: &[Step]) -> String {
    let mut out = steps.first().map(|s| s.before.clone()).unwrap_or_default();
    for s in steps {
        out.push_str(&format!(" → {} ({})", s.after, s.kind.as_str()));
    }
    out
}

fn kind_name(kind: PieceKind) -> &'static str {
    match kind {
        PieceKind::Word => "word",
        PieceKind::Part => "part",
        PieceKind::Joined => "joined",
        PieceKind::Number => "number",
        PieceKind::Abbreviation => "abbreviation",
        PieceKind::Url => "url",
    }
}

pub fn run(args: &AnalyzeArgs) -> anyhow::Result<ExitCode> {
    let text = match args.text.as_deref() {
        None | Some("-") => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .map_err(|e| anyhow::anyhow!("reading standard input: {e}"))?;
            s
        }
        Some(t) => t.to_string(),
    };
    let AnalyzeLang(lang) = args.lang;
    let a = analyze(&text, lang);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.json {
        json_line(
            &mut out,
            &LanguageLine {
                kind: "language",
                lang: a.detection.lang.code(),
                confidence: a.detection.confidence,
                analysed_as: a.analysed_as.code(),
            },
        )?;
        for t in &a.tokens {
            json_line(
                &mut out,
                &TokenLine {
                    kind: "token",
                    position: t.position,
                    from: t.from,
                    to: t.to,
                    original: &t.original,
                    segment: kind_name(t.kind),
                    term: t.term.as_deref(),
                    folded: t.folded.as_deref(),
                    steps: step_lines(&t.steps),
                    folded_steps: step_lines(&t.folded_steps),
                },
            )?;
        }
    } else {
        let join = |f: &dyn Fn(&tantivy_turkmen::analyze::AnalysedToken) -> String| {
            a.tokens.iter().map(f).collect::<Vec<_>>().join(" | ")
        };
        writeln!(
            out,
            "language:   {} (confidence {:.2}; analysed as {})",
            a.detection.lang, a.detection.confidence, a.analysed_as
        )?;
        writeln!(out, "normalised: {}", terminal_safe(a.normalized.trim()))?;
        writeln!(
            out,
            "segments:   {}",
            terminal_safe(&join(&|t| {
                let tag = match t.kind {
                    PieceKind::Word | PieceKind::Part => String::new(),
                    k => format!(" ({})", kind_name(k)),
                };
                format!("{}{tag}", t.original)
            }))
        )?;
        writeln!(
            out,
            "terms:      {}",
            terminal_safe(&join(&|t| t.term.clone().unwrap_or_else(|| "∅".into())))
        )?;
        writeln!(
            out,
            "folded:     {}",
            terminal_safe(&join(&|t| t.folded.clone().unwrap_or_else(|| "∅".into())))
        )?;
        // The stemmer's steps, one line per word it changed (exact, then folded).
        let stemmed: Vec<_> = a
            .tokens
            .iter()
            .filter(|t| !t.steps.is_empty() || !t.folded_steps.is_empty())
            .collect();
        if !stemmed.is_empty() {
            writeln!(out, "stemming:")?;
        }
        for t in stemmed {
            let exact = step_chain(&t.steps);
            if !t.steps.is_empty() {
                writeln!(out, "  {}", terminal_safe(&exact))?;
            }
            // The folded chain's steps, when they are not the same steps on the same letters.
            let folded = step_chain(&t.folded_steps);
            if !t.folded_steps.is_empty() && folded != exact {
                writeln!(out, "  {} [folded]", terminal_safe(&folded))?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::from(exit::OK))
}
