//! Deterministic scaled corpus: the bundled articles' titles, paragraphs and sentences recombined within
//! each language, written as JSON Lines.
//!
//! Every generated article copies the shape of a real article of its language (paragraph count, whether
//! `lang` is declared, date style) and fills it with real text: a paragraph is either a real paragraph
//! or as many real sentences as some real paragraph has, drawn at random. Titles join the start of one
//! real title to the end of another. Word forms and their frequencies therefore stay those of the real
//! text; what does not grow with scale is the vocabulary (no new words are invented).

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// The bench's languages, in output order.
pub const LANGS: [&str; 3] = ["tk", "ru", "en"];

/// Articles per generated file (a 100× corpus is a few dozen files, as a real export would be).
pub const PER_FILE: usize = 500;

/// Share of generated paragraphs that are a whole real paragraph (the rest are recombined sentences).
const WHOLE_PARAGRAPH: f64 = 0.3;

/// splitmix64: a tiny, fast, well-mixed PRNG; the same sequence on every platform.
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// One real article, reduced to what the generator copies.
struct Template {
    title: String,
    paragraphs: Vec<String>,
    declares_lang: bool,
    timestamp_date: bool,
    source: Option<String>,
}

/// The real material of one language.
#[derive(Default)]
struct Material {
    templates: Vec<Template>,
    paragraphs: Vec<String>,
    sentences: Vec<String>,
    /// Sentence counts of the real paragraphs (the length distribution to copy).
    paragraph_sentences: Vec<usize>,
    sources: Vec<String>,
}

/// The bundled corpus, per language.
pub struct Source {
    material: Vec<Material>,
}

/// What was generated.
#[derive(Debug, Clone, Default)]
pub struct Generated {
    pub docs_per_lang: [usize; 3],
    pub files: usize,
    pub bytes: u64,
    /// Word tokens in the titles and bodies, and how many distinct forms they are ([`Vocabulary`]).
    pub tokens: usize,
    pub distinct_forms: usize,
}

/// Counts word tokens and distinct word forms: maximal runs of letters and digits, lowercased.
#[derive(Default)]
pub struct Vocabulary {
    seen: HashSet<String>,
    pub tokens: usize,
    lower: String,
}

impl Vocabulary {
    pub fn add(&mut self, text: &str) {
        for word in text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            self.tokens += 1;
            self.lower.clear();
            self.lower.extend(word.chars().flat_map(char::to_lowercase));
            if !self.seen.contains(self.lower.as_str()) {
                self.seen.insert(self.lower.clone());
            }
        }
    }

    pub fn distinct(&self) -> usize {
        self.seen.len()
    }
}

impl Generated {
    pub fn docs(&self) -> usize {
        self.docs_per_lang.iter().sum()
    }
}

#[derive(serde::Serialize)]
struct OutputRow<'a> {
    id: String,
    title: String,
    body: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    lang: Option<&'a str>,
    date: String,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
}

impl Source {
    /// Reads `corpus/{tk,ru,en}` (`.jsonl` articles and `.txt` files; the folder gives the language).
    pub fn load(corpus: &Path) -> Source {
        let material = LANGS
            .iter()
            .map(|lang| {
                let mut m = Material::default();
                for path in files_under(&corpus.join(lang)) {
                    let text = std::fs::read_to_string(&path).unwrap();
                    match path.extension().and_then(|e| e.to_str()) {
                        Some("jsonl") => {
                            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                                let row: tk_search_core::Article =
                                    serde_json::from_str(line).unwrap();
                                m.add(Template {
                                    title: row.title.unwrap_or_default(),
                                    paragraphs: paragraphs(&row.body),
                                    declares_lang: row.lang.is_some_and(|l| !l.trim().is_empty()),
                                    timestamp_date: row.date.is_some_and(|d| d.contains('T')),
                                    source: row.source,
                                });
                            }
                        }
                        Some("txt") => {
                            let text = text.trim_start_matches('\u{FEFF}').trim();
                            let (title, body) = text.split_once('\n').unwrap_or((text, ""));
                            m.add(Template {
                                title: title.trim().to_string(),
                                paragraphs: paragraphs(body),
                                declares_lang: false,
                                timestamp_date: false,
                                source: None,
                            });
                        }
                        _ => {}
                    }
                }
                assert!(
                    !m.templates.is_empty() && !m.sentences.is_empty(),
                    "no {lang} articles under {}",
                    corpus.display()
                );
                m
            })
            .collect();
        Source { material }
    }

    /// Real article counts per language (the 1× counts).
    pub fn counts(&self) -> [usize; 3] {
        [0, 1, 2].map(|i| self.material[i].templates.len())
    }

    /// Writes `scale` × the real article count of each language as JSON Lines under `out`.
    pub fn generate(&self, scale: usize, seed: u64, out: &Path) -> Generated {
        let mut rng = SplitMix64::new(seed ^ (scale as u64).wrapping_mul(0xA076_1D64_78BD_642F));
        let mut stats = Generated::default();
        let mut vocabulary = Vocabulary::default();
        let mut next_id = 0usize;
        for (li, lang) in LANGS.iter().enumerate() {
            let m = &self.material[li];
            let n = m.templates.len() * scale;
            let dir = out.join(lang);
            std::fs::create_dir_all(&dir).unwrap();
            let mut writer: Option<BufWriter<File>> = None;
            for k in 0..n {
                if k % PER_FILE == 0 {
                    if let Some(mut w) = writer.take() {
                        w.flush().unwrap();
                    }
                    let path = dir.join(format!("part-{:04}.jsonl", k / PER_FILE));
                    writer = Some(BufWriter::new(File::create(path).unwrap()));
                    stats.files += 1;
                }
                next_id += 1;
                let row = m.article(&mut rng, lang, next_id);
                vocabulary.add(&row.title);
                vocabulary.add(&row.body);
                let mut line = serde_json::to_vec(&row).unwrap();
                line.push(b'\n');
                stats.bytes += line.len() as u64;
                writer.as_mut().unwrap().write_all(&line).unwrap();
            }
            if let Some(mut w) = writer.take() {
                w.flush().unwrap();
            }
            stats.docs_per_lang[li] = n;
        }
        stats.tokens = vocabulary.tokens;
        stats.distinct_forms = vocabulary.distinct();
        stats
    }
}

impl Material {
    fn add(&mut self, t: Template) {
        for p in &t.paragraphs {
            let s = sentences(p);
            self.paragraph_sentences.push(s.len());
            self.sentences.extend(s);
            self.paragraphs.push(p.clone());
        }
        if let Some(s) = &t.source {
            if !self.sources.contains(s) {
                self.sources.push(s.clone());
            }
        }
        if !t.paragraphs.is_empty() {
            self.templates.push(t);
        }
    }

    fn article<'a>(&'a self, rng: &mut SplitMix64, lang: &'a str, n: usize) -> OutputRow<'a> {
        let template = rng.pick(&self.templates);
        let mut body = String::new();
        for _ in 0..template.paragraphs.len() {
            if !body.is_empty() {
                body.push_str("\n\n");
            }
            if rng.chance(WHOLE_PARAGRAPH) {
                body.push_str(rng.pick::<String>(&self.paragraphs));
            } else {
                let count = *rng.pick(&self.paragraph_sentences);
                for i in 0..count.max(1) {
                    if i > 0 {
                        body.push(' ');
                    }
                    body.push_str(rng.pick::<String>(&self.sentences));
                }
            }
        }
        let id = format!("gen-{n:06}");
        OutputRow {
            title: self.title(rng),
            body,
            lang: template.declares_lang.then_some(lang),
            date: date(rng, template.timestamp_date),
            url: format!("https://news.library.example/{lang}/{id}"),
            source: (!self.sources.is_empty()).then(|| rng.pick(&self.sources).as_str()),
            id,
        }
    }

    /// The first half of one real title's words and the second half of another's.
    fn title(&self, rng: &mut SplitMix64) -> String {
        let a: Vec<&str> = rng.pick(&self.templates).title.split_whitespace().collect();
        let b: Vec<&str> = rng.pick(&self.templates).title.split_whitespace().collect();
        let head = a.len().div_ceil(2);
        let tail = b.len() / 2;
        let mut words: Vec<&str> = a[..head].to_vec();
        words.extend_from_slice(&b[b.len() - tail..]);
        words.join(" ")
    }
}

/// A random day in 2019-01-01 ..= 2026-04-30, as `YYYY-MM-DD` or an RFC 3339 timestamp.
pub fn date(rng: &mut SplitMix64, timestamp: bool) -> String {
    const FIRST: i64 = 17_897; // 2019-01-01 in days since 1970-01-01
    const LAST: i64 = 20_573; // 2026-04-30
    let days = FIRST + rng.below((LAST - FIRST + 1) as usize) as i64;
    let (y, m, d) = civil_from_days(days);
    if timestamp {
        let hour = 8 + rng.below(10);
        format!("{y:04}-{m:02}-{d:02}T{hour:02}:00:00+05:00")
    } else {
        format!("{y:04}-{m:02}-{d:02}")
    }
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar (H. Hinnant).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn paragraphs(body: &str) -> Vec<String> {
    body.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

/// Splits after `.`, `!`, `?` or `…` (with any closing quotes) when whitespace and a capital letter,
/// digit or opening quote follow.
fn sentences(paragraph: &str) -> Vec<String> {
    let chars: Vec<(usize, char)> = paragraph.char_indices().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let (_, c) = chars[i];
        if matches!(c, '.' | '!' | '?' | '…') {
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j].1, '"' | '»' | '”' | '’' | ')') {
                j += 1;
            }
            if j < chars.len() && chars[j].1.is_whitespace() {
                let mut k = j;
                while k < chars.len() && chars[k].1.is_whitespace() {
                    k += 1;
                }
                if k < chars.len() {
                    let next = chars[k].1;
                    if next.is_uppercase() || next.is_ascii_digit() || "«“\"„".contains(next) {
                        let end = chars[j].0;
                        out.push(paragraph[start..end].trim().to_string());
                        start = chars[k].0;
                        i = k;
                        continue;
                    }
                }
            }
        }
        i += 1;
    }
    let rest = paragraph[start..].trim();
    if !rest.is_empty() {
        out.push(rest.to_string());
    }
    out
}

/// Files under `dir`, recursively, in name order.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .collect();
    out.sort();
    out
}
