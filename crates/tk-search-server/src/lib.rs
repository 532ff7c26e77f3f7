//! # tk-search-server
//!
//! `tk-search serve`: an HTTP JSON API (in the shape Meilisearch users know) and a server-rendered search
//! page over a tk-search index. The async runtime (tokio) lives in this crate only; [`run`] blocks.
//!
//! | route | what |
//! |---|---|
//! | `GET /search`, `POST /search` | search; hits as `tk-search query --json` prints them |
//! | `GET /documents/{id}` | one stored article |
//! | `POST /documents` | add or replace articles (JSON array or JSON Lines; needs the API key) |
//! | `GET /health`, `GET /stats` | liveness; documents per language, size, last commit, format |
//! | `GET /` | the search page (works without JavaScript) |
//!
//! The server sees every commit (its own and a separate `tk-search index` run's) without a restart. Limits,
//! timeouts and security defaults are in [`Config`].

mod api;
mod engine;
mod error;
mod i18n;
mod page;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower_http::cors::{AllowOrigin, CorsLayer};

use engine::Engine;
use error::ApiError;

/// Longest query text accepted, in bytes (the core also keeps only its first 32 words).
pub const MAX_QUERY_BYTES: usize = 1_000;
/// Largest `limit` of a search.
pub const MAX_LIMIT: usize = 100;
/// Largest `offset` of a search (a deeper page ranks `offset + limit` hits).
pub const MAX_OFFSET: usize = 10_000;
/// Hits per page of the search page.
pub const PAGE_SIZE: usize = 10;
/// Reads that may wait for a turn by default ([`Config::max_queued`]): a second or two of searches at
/// full speed, far more than a site's readers open connections at once.
pub const DEFAULT_MAX_QUEUED: usize = 1_024;

/// Stored-document blocks cached per segment by default ([`Config::doc_cache_blocks`]): 16 MiB a segment,
/// enough for the whole store of an index of a few tens of thousands of news articles merged into a few
/// segments.
pub const DEFAULT_DOC_CACHE_BLOCKS: usize = 1_024;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The index folder (created empty when there is none).
    pub index: PathBuf,
    /// Address to listen on (`127.0.0.1:7700` by default: loopback only).
    pub listen: SocketAddr,
    /// The key that `POST /documents` must present as `Authorization: Bearer KEY`; `None` refuses writes.
    pub api_key: Option<String>,
    /// Origins allowed by CORS; empty turns CORS off (no `Access-Control-*` headers).
    pub cors_origins: Vec<String>,
    /// Largest request body, in bytes.
    pub max_body_bytes: usize,
    /// Time a read request (search, page, document, stats) may take, waiting for its turn included; a
    /// read runs on a worker thread without yielding, so one that has started is finished and answered.
    pub read_timeout: Duration,
    /// Time a write request (`POST /documents`, indexing and committing included) may take.
    pub write_timeout: Duration,
    /// Longest wait, after SIGINT/SIGTERM, for open requests to finish (a write in flight is always
    /// waited for, so it is committed whole or not at all).
    pub shutdown_grace: Duration,
    /// Writer memory budget per write request, in bytes.
    pub writer_memory: usize,
    /// Searches (and other reads) running at once, each on a thread of its own: one per core by default.
    /// More would not answer faster, and every thread keeps memos of its own.
    pub search_threads: usize,
    /// Reads that may wait for a turn; one more is answered 503 `overloaded` at once.
    pub max_queued: usize,
    /// Decompressed 16 KiB blocks of stored documents kept per index segment, so that a hit shown again
    /// is not decompressed again (at most this × 16 KiB of memory per segment).
    pub doc_cache_blocks: usize,
}

impl Config {
    /// The defaults for an index folder.
    pub fn new(index: PathBuf) -> Config {
        Config {
            index,
            listen: SocketAddr::from(([127, 0, 0, 1], 7700)),
            api_key: None,
            cors_origins: Vec::new(),
            max_body_bytes: 16 * 1024 * 1024,
            read_timeout: Duration::from_secs(10),
            write_timeout: Duration::from_secs(300),
            shutdown_grace: Duration::from_secs(30),
            writer_memory: 64 * 1024 * 1024,
            search_threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            max_queued: DEFAULT_MAX_QUEUED,
            doc_cache_blocks: DEFAULT_DOC_CACHE_BLOCKS,
        }
    }
}

/// What can stop the server from starting or running.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The index could not be opened or created.
    #[error(transparent)]
    Index(#[from] tk_search_core::Error),
    /// Binding the address, or the runtime, failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A configured CORS origin is not a valid header value.
    #[error("invalid CORS origin {0:?}")]
    CorsOrigin(String),
}

/// Shared by every request.
pub(crate) struct AppState {
    pub(crate) engine: Engine,
    pub(crate) config: Config,
}

/// Opens the index and serves until SIGINT or SIGTERM; `on_listening` is called with the bound address
/// once requests are accepted (with port 0 in [`Config::listen`], the one the system chose).
pub fn run(config: Config, on_listening: impl FnOnce(SocketAddr)) -> Result<(), ServerError> {
    // The worker threads do the searching, as many as may search at once; the blocking pool runs writes
    // (one at a time) and has a spare. Thread-local analysis memos make each thread cost memory, so the
    // number of threads stays fixed.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(config.search_threads.max(1))
        .max_blocking_threads(2)
        .enable_all()
        .build()
        .map_err(|source| ServerError::Io {
            context: "starting the async runtime".into(),
            source,
        })?;
    runtime.block_on(serve(config, on_listening, shutdown_signal()))
}

/// Serves until `shutdown` completes, then waits for open requests (at most [`Config::shutdown_grace`])
/// and for any write in flight.
pub async fn serve(
    config: Config,
    on_listening: impl FnOnce(SocketAddr),
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    let limits = engine::Limits {
        readers: config.search_threads,
        queued: config.max_queued,
    };
    let engine = Engine::open(
        &config.index,
        config.writer_memory,
        limits,
        config.doc_cache_blocks,
    )?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|source| ServerError::Io {
            context: format!("listening on {}", config.listen),
            source,
        })?;
    let local = listener.local_addr().map_err(|source| ServerError::Io {
        context: "reading the bound address".into(),
        source,
    })?;
    let grace = config.shutdown_grace;
    let state = Arc::new(AppState { engine, config });
    let app = router(state.clone())?;
    on_listening(local);
    let (stopping_tx, stopping_rx) = tokio::sync::watch::channel(false);
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        shutdown.await;
        let _ = stopping_tx.send(true);
    });
    let mut stopping = stopping_rx.clone();
    tokio::select! {
        result = server => result.map_err(|source| ServerError::Io {
            context: "serving".into(),
            source,
        })?,
        // Connections that outlive the grace period are dropped (a write they started still finishes below).
        _ = async {
            let _ = stopping.wait_for(|s| *s).await;
            tokio::time::sleep(grace).await;
        } => {}
    }
    state.engine.wait_for_writes().await;
    Ok(())
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {},
        _ = terminate => {},
    }
}

/// The routes, limits and headers.
fn router(state: Arc<AppState>) -> Result<Router, ServerError> {
    let read = Router::new()
        .route("/", get(page::search_page))
        .route("/style.css", get(page::stylesheet))
        .route("/search", get(api::search_get).post(api::search_post))
        .route("/documents/{id}", get(api::document))
        .route("/health", get(api::health))
        .route("/stats", get(api::stats))
        .route_layer(middleware::from_fn_with_state(
            state.config.read_timeout,
            with_timeout,
        ));
    let write = Router::new()
        .route("/documents", axum::routing::post(api::add_documents))
        .route_layer(middleware::from_fn_with_state(
            state.config.write_timeout,
            with_timeout,
        ));
    let mut app = read
        .merge(write)
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .layer(DefaultBodyLimit::max(state.config.max_body_bytes))
        .layer(middleware::from_fn_with_state(
            state.config.max_body_bytes,
            announced_body_limit,
        ))
        .layer(middleware::from_fn(security_headers))
        .with_state(state.clone());
    if !state.config.cors_origins.is_empty() {
        let origins = state
            .config
            .cors_origins
            .iter()
            .map(|o| HeaderValue::from_str(o).map_err(|_| ServerError::CorsOrigin(o.clone())))
            .collect::<Result<Vec<_>, _>>()?;
        app = app.layer(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(origins))
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION]),
        );
    }
    Ok(app)
}

/// Answers 503 `timeout` when the request takes longer than `limit`.
async fn with_timeout(State(limit): State<Duration>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            format!("the request took longer than {} s", limit.as_secs_f64()),
        )
        .into_response(),
    }
}

/// Answers 413 at once when the announced `Content-Length` is over the limit, without reading the body
/// (a body without a length is cut off at the limit while it is read).
async fn announced_body_limit(State(max): State<usize>, request: Request, next: Next) -> Response {
    let announced = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|n| n > max as u64) {
        return ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("the body is larger than {max} bytes"),
        )
        .into_response();
    }
    next.run(request).await
}

/// Headers every response carries: no MIME sniffing, no referrer, no framing.
async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}
