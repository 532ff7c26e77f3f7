//! Command-line arguments (clap derive).

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use tk_search_core::Lang;

/// Full-text search for library news in Turkmen, Russian and English.
#[derive(Debug, Parser)]
#[command(
    name = "tk-search",
    version,
    about,
    long_about = None,
    after_help = "Exit status: query 0 = matches, 1 = no matches, 2 = error; index 0 = all indexed, \
                  1 = indexed with problems, 2 = failed; check 0 = sound, 2 = damaged or error.\nFirst steps: tk-search index corpus/ && tk-search query \"onlaýn-maslahat\""
)]
pub struct Cli {
    /// Index folder [default: $XDG_DATA_HOME/tk-search/index, else ~/.local/share/tk-search/index]
    #[arg(long, global = true, env = "TK_SEARCH_INDEX", value_name = "PATH")]
    pub index: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index every .jsonl, .json, .txt and .md file under DIR (re-indexing replaces documents by id).
    Index(IndexArgs),
    /// Search the index.
    Query(QueryArgs),
    /// Show what the index sees for a text: language, normalised text, segments, terms, folded terms.
    Analyze(AnalyzeArgs),
    /// Measure relevance on judged queries: tk-search beside stock tantivy analyzers.
    Eval(EvalArgs),
    /// Verify the index: every segment file against its checksum, every segment's document count.
    Check,
    /// Serve the index over HTTP: a JSON search API and a search page (loopback only by default).
    Serve(ServeArgs),
}

/// `tk-search serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on; anything but a loopback address exposes the index to the network.
    #[arg(long, default_value = "127.0.0.1:7700", value_name = "ADDR")]
    pub listen: std::net::SocketAddr,
    /// File holding the API key that `POST /documents` must present as `Authorization: Bearer KEY`
    /// (else the TK_SEARCH_API_KEY environment variable; with neither, writing is refused).
    #[arg(long, value_name = "PATH")]
    pub api_key_file: Option<PathBuf>,
    /// Allow browser requests from this origin (CORS; repeatable; off by default).
    #[arg(long, value_name = "ORIGIN")]
    pub cors_origin: Vec<String>,
    /// Largest request body in MiB.
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub max_body_mb: u64,
    /// Seconds a search, page or document request may take, waiting for its turn included; a search
    /// that has started is finished and answered (its work is bounded by the query limits).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout_secs: u64,
    /// Searches run at once [default: one per core]; more wait their turn, and beyond 1024 waiting a
    /// request is answered 503.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=256))]
    pub search_threads: Option<u64>,
    /// Decompressed 16 KiB blocks of stored documents kept in memory per index segment (hits shown again
    /// are not decompressed again); at most this × 16 KiB per segment.
    #[arg(long, default_value_t = tk_search_server::DEFAULT_DOC_CACHE_BLOCKS as u64,
          value_parser = clap::value_parser!(u64).range(0..=1_048_576))]
    pub doc_cache_blocks: u64,
}

/// `tk-search index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Folder (or single file) to index [optional with --rebuild].
    #[arg(required_unless_present = "rebuild")]
    pub dir: Option<PathBuf>,
    /// Start the index afresh and index again every folder it was built from (and DIR, if given): the
    /// way back from a damaged index.
    #[arg(long)]
    pub rebuild: bool,
    /// Print problems and the summary as JSON Lines on stdout; no progress bar.
    #[arg(long)]
    pub json: bool,
    /// Keep documents previously indexed from DIR that are no longer in it (by default they are removed).
    #[arg(long)]
    pub no_prune: bool,
    /// Indexing threads [default: one per core, at most 8].
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=64))]
    pub threads: Option<u64>,
    /// Writer memory budget in MiB.
    #[arg(long, default_value_t = 128, value_parser = clap::value_parser!(u64).range(16..=4096))]
    pub memory_mb: u64,
    /// Most KiB of one document's text (title and body) that are indexed; the rest is left out with a
    /// warning. A JSON Lines line or a .json file may be 4 times as large.
    #[arg(long, default_value_t = 1024, value_parser = clap::value_parser!(u64).range(1..=1_048_576))]
    pub max_doc_kb: u64,
}

/// `tk-search query`.
#[derive(Debug, Args)]
pub struct QueryArgs {
    /// The query (quote it): words (all must match), "phrases", -exclusions, OR, title:, lang:, source:,
    /// prefix*. A query may start with `-`.
    #[arg(allow_hyphen_values = true)]
    pub text: String,
    /// At most this many hits (0: only count the matches).
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// Only documents in this language.
    #[arg(long, value_parser = lang_parser())]
    pub lang: Option<Lang>,
    /// Print hits as JSON Lines (schema in the README).
    #[arg(long)]
    pub json: bool,
    /// Only documents dated on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only documents dated on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Order of the hits.
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,
    /// Colour the highlights.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// Show what each hit's score is made of (fields, terms, phrase bonus).
    #[arg(long)]
    pub explain: bool,
}

/// `tk-search eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Judged queries: TSV `qid<TAB>query<TAB>relevant ids` (see the README).
    pub queries: PathBuf,
    /// The documents to evaluate on (indexed in memory, with tk-search and with stock tantivy).
    #[arg(long, default_value = "corpus")]
    pub corpus: PathBuf,
    /// Print the table as JSON Lines.
    #[arg(long)]
    pub json: bool,
    /// Also list each query's Recall@10 and AP@100 for tk-search and the best stock system.
    #[arg(long)]
    pub per_query: bool,
}

/// `tk-search analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// The text (omit it or give `-` to read standard input).
    pub text: Option<String>,
    /// Analyse as this language; `auto` detects it as indexing does.
    #[arg(long, default_value = AUTO, value_parser = analyze_lang_parser())]
    pub lang: AnalyzeLang,
    /// Print JSON Lines (schema in the README).
    #[arg(long)]
    pub json: bool,
}

/// A language code of the library's language list (`tk`, `ru`, `en`).
fn lang_parser() -> impl TypedValueParser<Value = Lang> {
    PossibleValuesParser::new(Lang::ALL.map(Lang::code)).try_map(|s| s.parse::<Lang>())
}

/// `--lang` of `analyze`: a language, or `auto` to detect it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnalyzeLang(pub Option<Lang>);

/// The `analyze --lang` value that asks for detection.
const AUTO: &str = "auto";

fn analyze_lang_parser() -> impl TypedValueParser<Value = AnalyzeLang> {
    let codes = Lang::ALL.map(Lang::code);
    PossibleValuesParser::new(std::iter::once(AUTO).chain(codes))
        .map(|s| AnalyzeLang(s.parse::<Lang>().ok()))
}

/// `--sort`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// Best match first
    Relevance,
    /// Newest first
    Date,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// Never colour
    Never,
    /// Colour when standard output is a terminal and NO_COLOR is not set
    Auto,
    /// Always colour
    Always,
}

impl Cli {
    /// The index folder: `--index`, else `TK_SEARCH_INDEX`, else the per-user data folder.
    pub fn index_path(&self) -> anyhow::Result<PathBuf> {
        if let Some(p) = &self.index {
            return Ok(p.clone());
        }
        let env = |k: &str| {
            std::env::var_os(k)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let data = env("XDG_DATA_HOME")
            .or_else(|| env("HOME").map(|h| h.join(".local").join("share")))
            .or_else(|| env("LOCALAPPDATA"))
            .ok_or_else(|| {
                anyhow::anyhow!("no index location: pass --index PATH or set TK_SEARCH_INDEX")
            })?;
        Ok(data.join("tk-search").join("index"))
    }
}
