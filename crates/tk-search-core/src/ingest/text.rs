//! Plain text and Markdown: the first non-empty line is the title, the rest is the body; the id is the
//! path relative to the indexed folder.

use std::path::Path;

use super::{read_text_file, Prefix, Run, Severity};
use crate::article::Article;

pub(super) fn read(path: &Path, rel: &str, run: &mut Run<'_, '_>) -> Result<(), String> {
    // Only as much as one document may index is read.
    let cap = run.options.max_doc_bytes;
    let Prefix { text, truncated } = read_text_file(path, cap)?;
    if truncated {
        let message = format!(
            "file larger than the {cap}-byte document cap (--max-doc-kb): only its first {} bytes are \
             indexed; the rest, from line {}, is not read",
            text.len(),
            text.bytes().filter(|b| *b == b'\n').count() + 1
        );
        run.problem(path, None, Severity::Warning, message);
    }
    let Some((title, body)) = split_title(&text) else {
        run.empty_file(path);
        return Ok(());
    };
    let article = Article {
        id: Some(rel.to_string()),
        title: Some(title.to_string()),
        body: if body.is_empty() { title } else { body }.to_string(),
        ..Article::default()
    };
    run.article(path, rel, None, article);
    Ok(())
}

/// The first non-empty line (without Markdown `#`s) and the trimmed rest.
fn split_title(text: &str) -> Option<(&str, &str)> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        let title = line.trim().trim_start_matches('#').trim();
        if !title.is_empty() {
            return Some((title, text[end..].trim()));
        }
        start = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::split_title;

    #[test]
    fn title_is_the_first_non_empty_line() {
        let cases: &[(&str, Option<(&str, &str)>)] = &[
            (
                "Title\n\nBody one.\nBody two.\n",
                Some(("Title", "Body one.\nBody two.")),
            ),
            ("\n\n  # Heading \nText", Some(("Heading", "Text"))),
            ("\u{FEFF}Only a title", Some(("Only a title", ""))),
            ("\n \n", None),
            ("", None),
        ];
        for (input, expected) in cases {
            assert_eq!(split_title(input), *expected, "{input:?}");
        }
    }
}
