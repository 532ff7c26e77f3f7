//! JSON: one article object, or an array of them (read whole, up to [`super::LINE_FACTOR`] times the
//! document cap: use JSON Lines for large collections).

use std::path::Path;

use super::{read_text_file, Prefix, Run, Severity, LINE_FACTOR};
use crate::article::Article;

pub(super) fn read(path: &Path, rel: &str, run: &mut Run<'_, '_>) -> Result<(), String> {
    let limit = run.options.max_input_bytes();
    let Prefix { text, truncated } = read_text_file(path, limit)?;
    if truncated {
        return Err(format!(
            "larger than {limit} bytes ({LINE_FACTOR} times the document cap, --max-doc-kb): a .json file is \
             read whole, so large collections belong in JSON Lines; file not indexed"
        ));
    }
    read_text(&text, path, rel, run)
}

/// Reads one article object or an array of them from `text`; `path` names it in problems.
pub(super) fn read_text(
    text: &str,
    path: &Path,
    rel: &str,
    run: &mut Run<'_, '_>,
) -> Result<(), String> {
    let text = text.trim_start_matches('\u{FEFF}');
    if text.trim().is_empty() {
        run.empty_file(path);
        return Ok(());
    }
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}; file not indexed"))?;
    match value {
        serde_json::Value::Array(items) => {
            for (i, item) in items.into_iter().enumerate() {
                if !item.is_object() {
                    run.problem(
                        path,
                        Some(i + 1),
                        Severity::Error,
                        format!(
                            "invalid article (item {}): expected a JSON object; skipped",
                            i + 1
                        ),
                    );
                    continue;
                }
                match serde_json::from_value::<Article>(item) {
                    Ok(article) => run.article(path, rel, Some(i + 1), article),
                    Err(e) => run.problem(
                        path,
                        Some(i + 1),
                        Severity::Error,
                        format!("invalid article (item {}): {e}; skipped", i + 1),
                    ),
                }
            }
        }
        value if !value.is_object() => {
            return Err(
                "invalid JSON: expected an article object or an array of them; file not indexed"
                    .into(),
            )
        }
        value => match serde_json::from_value::<Article>(value) {
            Ok(article) => run.article(path, rel, None, article),
            Err(e) => return Err(format!("invalid article: {e}; file not indexed")),
        },
    }
    Ok(())
}
