//! The JSON API: search, documents, health and stats.

use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

use crate::engine::{
    parse_day, HitJson, Lang, ProblemJson, SearchRequest, SearchResults, Sort, SummaryJson,
    TextFormat,
};
use crate::error::ApiError;
use crate::{AppState, MAX_LIMIT, MAX_OFFSET, MAX_QUERY_BYTES};

/// Hits per API search when `limit` is not given (Meilisearch's default).
const DEFAULT_LIMIT: usize = 20;
/// Longest document id accepted in a path.
const MAX_ID_BYTES: usize = 1_000;

/// `GET /search` parameters (all text: a bad number is reported by name, in the API's error shape).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct SearchParams {
    q: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
    lang: Option<String>,
    from: Option<String>,
    to: Option<String>,
    sort: Option<String>,
}

/// `POST /search` body.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SearchBody {
    q: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
    lang: Option<String>,
    from: Option<String>,
    to: Option<String>,
    sort: Option<String>,
}

/// The fields a search may have, checked against the limits.
pub(crate) struct Fields<'a> {
    pub(crate) q: Option<&'a str>,
    pub(crate) limit: Option<usize>,
    pub(crate) offset: Option<usize>,
    pub(crate) lang: Option<&'a str>,
    pub(crate) from: Option<&'a str>,
    pub(crate) to: Option<&'a str>,
    pub(crate) sort: Option<&'a str>,
}

impl Fields<'_> {
    /// Checks every field; an empty text field counts as absent (an HTML form sends empty fields).
    pub(crate) fn validate(&self, default_limit: usize) -> Result<SearchRequest, ApiError> {
        let q = self.q.unwrap_or("");
        if q.len() > MAX_QUERY_BYTES {
            return Err(ApiError::bad_request(
                "query_too_long",
                format!(
                    "the query has {} bytes; at most {MAX_QUERY_BYTES} are accepted",
                    q.len()
                ),
            ));
        }
        let limit = self.limit.unwrap_or(default_limit);
        if limit > MAX_LIMIT {
            return Err(ApiError::bad_request(
                "invalid_limit",
                format!("limit {limit} is over the maximum of {MAX_LIMIT}"),
            ));
        }
        let offset = self.offset.unwrap_or(0);
        if offset > MAX_OFFSET {
            return Err(ApiError::bad_request(
                "invalid_offset",
                format!("offset {offset} is over the maximum of {MAX_OFFSET}"),
            ));
        }
        let lang = match given(self.lang) {
            None => None,
            Some(code) => Some(parse_lang(code).ok_or_else(|| {
                ApiError::bad_request(
                    "invalid_lang",
                    format!("unknown language {code:?}: expected tk, ru or en"),
                )
            })?),
        };
        let day = |name: &str, value: Option<&str>| match given(value) {
            None => Ok(None),
            Some(text) => parse_day(text).map(Some).ok_or_else(|| {
                ApiError::bad_request(
                    "invalid_date",
                    format!("{name} {text:?} is not a date: expected YYYY-MM-DD"),
                )
            }),
        };
        let sort = match given(self.sort) {
            None | Some("relevance") => Sort::Relevance,
            Some("date") => Sort::Date,
            Some(other) => {
                return Err(ApiError::bad_request(
                    "invalid_sort",
                    format!("unknown sort {other:?}: expected relevance or date"),
                ))
            }
        };
        Ok(SearchRequest {
            limit,
            offset,
            lang,
            from: day("from", self.from)?,
            to: day("to", self.to)?,
            sort,
            ..SearchRequest::new(q)
        })
    }
}

/// A text field's value, trimmed; none when empty.
fn given(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

/// `tk`, `ru` or `en` (exactly: the API does not guess).
pub(crate) fn parse_lang(code: &str) -> Option<Lang> {
    match code {
        "tk" | "ru" | "en" => code.parse().ok(),
        _ => None,
    }
}

/// A number given as text.
fn number(name: &'static str, value: Option<&str>) -> Result<Option<usize>, ApiError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(text) => text.parse().map(Some).map_err(|_| {
            ApiError::bad_request(
                if name == "limit" {
                    "invalid_limit"
                } else {
                    "invalid_offset"
                },
                format!("{name} {text:?} is not a whole number"),
            )
        }),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SearchResponse<'a> {
    query: &'a str,
    hits: Vec<HitJson<'a>>,
    total: usize,
    offset: usize,
    limit: usize,
    processing_time_ms: u128,
    relaxed: bool,
    warnings: &'a [String],
}

/// The hits of a page as JSON, ranked from `offset + 1`, written into a buffer sized for them up front (the
/// texts plus room for each hit's keys and numbers) instead of one grown from a few bytes.
fn search_response(request: &SearchRequest, results: &SearchResults, started: Instant) -> Response {
    let room = 256
        + results
            .hits
            .iter()
            .map(|h| {
                HIT_JSON_ROOM
                    + h.id.len()
                    + h.title.len()
                    + h.snippet.text.len()
                    + 16 * h.snippet.highlights.len()
                    + h.url.as_ref().map_or(0, String::len)
                    + h.source.as_ref().map_or(0, String::len)
            })
            .sum::<usize>();
    let response = SearchResponse {
        query: &request.query,
        hits: results
            .hits
            .iter()
            .enumerate()
            .map(|(i, hit)| HitJson::new(request.offset + i + 1, hit, false))
            .collect(),
        total: results.total,
        offset: request.offset,
        limit: request.limit,
        processing_time_ms: started.elapsed().as_millis(),
        relaxed: results.relaxed,
        warnings: &results.warnings,
    };
    let mut body = Vec::with_capacity(room);
    match serde_json::to_writer(&mut body, &response) {
        Ok(()) => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body,
        )
            .into_response(),
        Err(_) => ApiError::internal("the answer could not be written as JSON").into_response(),
    }
}

/// Bytes of a hit's JSON besides its texts: keys, rank, score, date, language, punctuation.
const HIT_JSON_ROOM: usize = 160;

async fn run_search(state: &AppState, fields: Fields<'_>) -> Result<Response, ApiError> {
    let started = Instant::now();
    let request = fields.validate(DEFAULT_LIMIT)?;
    let results = state.engine.search(request.clone()).await?;
    Ok(search_response(&request, &results, started))
}

/// `GET /search?q=&limit=&offset=&lang=&from=&to=&sort=`.
pub(crate) async fn search_get(
    State(state): State<Arc<AppState>>,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(p) = params.map_err(|e| ApiError::bad_request("invalid_query", e.body_text()))?;
    let fields = Fields {
        q: p.q.as_deref(),
        limit: number("limit", p.limit.as_deref())?,
        offset: number("offset", p.offset.as_deref())?,
        lang: p.lang.as_deref(),
        from: p.from.as_deref(),
        to: p.to.as_deref(),
        sort: p.sort.as_deref(),
    };
    run_search(&state, fields).await
}

/// `POST /search` with the same fields as a JSON object.
pub(crate) async fn search_post(
    State(state): State<Arc<AppState>>,
    body: Result<Json<SearchBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(b) = body.map_err(json_rejection)?;
    let fields = Fields {
        q: b.q.as_deref(),
        limit: b.limit,
        offset: b.offset,
        lang: b.lang.as_deref(),
        from: b.from.as_deref(),
        to: b.to.as_deref(),
        sort: b.sort.as_deref(),
    };
    run_search(&state, fields).await
}

fn json_rejection(e: JsonRejection) -> ApiError {
    let code = match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "invalid_content_type",
        _ => "invalid_json",
    };
    ApiError::new(e.status(), code, e.body_text())
}

/// `GET /documents/{id}`: the stored article.
pub(crate) async fn document(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let Path(id) = id.map_err(|e| ApiError::bad_request("invalid_id", e.body_text()))?;
    if id.len() > MAX_ID_BYTES {
        return Err(ApiError::bad_request(
            "invalid_id",
            format!("the id has {} bytes; at most {MAX_ID_BYTES}", id.len()),
        ));
    }
    match state.engine.document(id.clone()).await? {
        Some(article) => Ok(Json(article).into_response()),
        None => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "document_not_found",
            format!("no document with id {id:?}"),
        )),
    }
}

/// `GET /health`.
pub(crate) async fn health() -> Response {
    Json(serde_json::json!({ "status": "available" })).into_response()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StatsResponse<'a> {
    number_of_documents: u64,
    documents_per_lang: &'a std::collections::BTreeMap<&'static str, u64>,
    index_size_bytes: Option<u64>,
    last_commit: Option<String>,
    format: u32,
    /// Whether a `POST /documents` of this server is indexing or committing right now.
    is_indexing: bool,
}

/// `GET /stats`.
pub(crate) async fn stats(State(state): State<Arc<AppState>>) -> Result<Response, ApiError> {
    let stats = state.engine.stats().await?;
    let last_commit = stats.last_commit.and_then(|t| {
        time::OffsetDateTime::from(t)
            .format(&time::format_description::well_known::Rfc3339)
            .ok()
    });
    Ok(Json(StatsResponse {
        number_of_documents: stats.documents,
        documents_per_lang: &stats.per_lang,
        index_size_bytes: stats.size_bytes,
        last_commit,
        format: stats.format,
        is_indexing: state.engine.is_writing(),
    })
    .into_response())
}

#[derive(Serialize)]
struct AddResponse<'a> {
    summary: SummaryJson<'a>,
    problems: Vec<ProblemJson<'a>>,
}

/// Checks `Authorization: Bearer KEY` against the configured key in constant time.
fn authorize(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(key) = state.config.api_key.as_deref() else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "writes_disabled",
            "writing is disabled: start the server with an API key (--api-key-file or TK_SEARCH_API_KEY)",
        ));
    };
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    match presented {
        Some(token) if bool::from(token.as_bytes().ct_eq(key.as_bytes())) => Ok(()),
        Some(_) => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_api_key",
            "the API key is not valid",
        )),
        None => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "missing_authorization",
            "writing needs the header `Authorization: Bearer KEY`",
        )),
    }
}

/// `POST /documents`: a JSON array (or one object) or JSON Lines of articles, committed as one
/// transaction. The key is checked before the body is read.
pub(crate) async fn add_documents(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    authorize(&state, &headers)?;
    let bytes = axum::body::to_bytes(body, state.config.max_body_bytes)
        .await
        .map_err(|_| {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                format!(
                    "the body is larger than {} bytes (or could not be read)",
                    state.config.max_body_bytes
                ),
            )
        })?;
    let text = String::from_utf8(bytes.to_vec())
        .map_err(|_| ApiError::bad_request("invalid_body", "the body is not UTF-8 text"))?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let format = if content_type.contains("ndjson") || content_type.contains("jsonl") {
        TextFormat::JsonLines
    } else if content_type.starts_with("application/json") {
        TextFormat::Json
    } else {
        TextFormat::sniff(&text)
    };
    let summary = state.engine.add(text, format).await?;
    let index = state.engine.path().display().to_string();
    Ok(Json(AddResponse {
        problems: summary.problems.iter().map(ProblemJson::from).collect(),
        summary: SummaryJson::new(&summary, index),
    })
    .into_response())
}

/// Any other path.
pub(crate) async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such route")
}

/// A known path with another method.
pub(crate) async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this route does not take that method",
    )
}
