//! Shared bench input: the bundled corpus's article text per language.

use std::path::Path;

/// The titles and bodies (one text each) of the bundled `.jsonl` articles whose `lang` (or id prefix) is
/// `lang`.
pub fn corpus_texts(lang: &str) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(root).into_iter().flatten() {
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "jsonl") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        for line in text.lines() {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            let id = v["id"].as_str().unwrap_or("");
            let l = v["lang"].as_str().unwrap_or(id.get(..2).unwrap_or(""));
            if l == lang {
                out.push(v["title"].as_str().unwrap_or("").to_string());
                out.push(v["body"].as_str().unwrap_or("").to_string());
            }
        }
    }
    out
}

/// Every distinct word form of `../shared/data/tk_forms_bench.txt` (1.58 million, in the file's order) joined
/// into texts of about `text_bytes` bytes each, or why they cannot be read (the shared data is absent).
pub fn unique_word_texts(text_bytes: usize) -> Result<Vec<String>, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/tk_forms_bench.txt");
    let data = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut seen = std::collections::HashSet::new();
    let mut texts = Vec::new();
    let mut text = String::new();
    for word in data.split_whitespace() {
        if !seen.insert(word) {
            continue;
        }
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(word);
        if text.len() >= text_bytes {
            texts.push(std::mem::take(&mut text));
        }
    }
    if !text.is_empty() {
        texts.push(text);
    }
    Ok(texts)
}
