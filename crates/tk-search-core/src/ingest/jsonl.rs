//! JSON Lines: one article per line, streamed line by line (a file of any size is never read whole, and a
//! line is kept only up to a bound).

use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::Path;

use super::{refuse_utf16, Run, Severity, LINE_FACTOR};
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
    let max = run.options.max_input_bytes();
    loop {
        buf.clear();
        let (n, too_long) =
            read_line_bounded(&mut reader, &mut buf, max).map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        line_no += 1;
        if line_no == 1 {
            refuse_utf16(&buf)?;
        }
        if too_long {
            any = true;
            let message = format!(
                "line longer than {max} bytes ({LINE_FACTOR} times the document cap, --max-doc-kb); \
                 line skipped unread"
            );
            run.problem(path, Some(line_no), Severity::Error, message);
            continue;
        }
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        any = true;
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
        run.empty_file(path);
    }
    Ok(())
}

/// Reads one line (up to and including its `\n`) into `buf`, keeping at most `max` bytes. Returns the bytes
/// consumed (0 at the end of the file) and whether the line was longer than `max`; the rest of such a line is
/// consumed without being kept, and `buf` is left empty.
fn read_line_bounded(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<(usize, bool)> {
    let mut consumed = 0;
    let mut too_long = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok((consumed, too_long));
        }
        let (len, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        if !too_long {
            if buf.len() + len > max {
                too_long = true;
                buf.clear();
            } else {
                buf.extend_from_slice(&available[..len]);
            }
        }
        reader.consume(len);
        consumed += len;
        if done {
            return Ok((consumed, too_long));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::read_line_bounded;

    #[test]
    fn lines_are_read_whole_up_to_the_bound_and_skipped_beyond_it() -> std::io::Result<()> {
        let input = b"short\n0123456789abcdef\nlast";
        // A small buffer, so lines cross refills.
        let mut reader = std::io::BufReader::with_capacity(4, &input[..]);
        let mut buf = Vec::new();
        let mut lines = Vec::new();
        loop {
            buf.clear();
            let (n, too_long) = read_line_bounded(&mut reader, &mut buf, 8)?;
            if n == 0 {
                break;
            }
            lines.push((n, too_long, String::from_utf8_lossy(&buf).into_owned()));
        }
        assert_eq!(
            lines,
            vec![
                (6, false, "short\n".to_string()),
                (17, true, String::new()),
                (4, false, "last".to_string()),
            ]
        );
        Ok(())
    }
}
