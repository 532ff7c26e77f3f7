//! JSON Lines: one article per line, streamed line by line (a file of any size is never read whole).

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use super::{Run, Severity};
use crate::article::Article;

pub(super) fn read(path: &Path, rel: &str, run: &mut Run<'_, '_>) -> Result<(), String> {
    let file = File::open(path).map_err(|e| e.to_string())?;
    read_lines(BufReader::with_capacity(1 << 16, file), path, rel, run)
}

/// Reads JSON Lines from `reader`; `path` names it in problems.
pub(super) fn read_lines(
    mut reader: impl BufRead,
    path: &Path,
    rel: &str,
    run: &mut Run<'_, '_>,
) -> Result<(), String> {
    let mut buf = Vec::new();
    let mut line_no = 0;
    let mut any = false;
    loop {
        buf.clear();
        let n = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        line_no += 1;
        // simdutf8 only says "invalid"; std then says where.
        let line = match simdutf8::basic::from_utf8(&buf).or_else(|_| std::str::from_utf8(&buf)) {
            // A byte order mark may open the file.
            Ok(s) if line_no == 1 => s.trim_start_matches('\u{FEFF}').trim(),
            Ok(s) => s.trim(),
            Err(e) => {
                let message = format!(
                    "invalid UTF-8 (byte {} of the line); line skipped",
                    e.valid_up_to() + 1
                );
                run.problem(path, Some(line_no), Severity::Error, message);
                continue;
            }
        };
        if line.is_empty() {
            continue;
        }
        any = true;
        if line.contains('\0') {
            run.problem(
                path,
                Some(line_no),
                Severity::Error,
                "binary data (NUL byte); line skipped".into(),
            );
            continue;
        }
        if !line.starts_with('{') {
            run.problem(
                path,
                Some(line_no),
                Severity::Error,
                "invalid article: expected a JSON object; line skipped".into(),
            );
            continue;
        }
        match serde_json::from_str::<Article>(line) {
            Ok(article) => run.article(path, rel, Some(line_no), article),
            Err(e) => run.problem(
                path,
                Some(line_no),
                Severity::Error,
                format!("invalid article: {e}; line skipped"),
            ),
        }
    }
    if !any {
        run.problem(
            path,
            None,
            Severity::Warning,
            "empty file, nothing to index".into(),
        );
    }
    Ok(())
}
