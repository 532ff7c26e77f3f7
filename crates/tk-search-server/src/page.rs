//! The search page at `/`: a GET form (a results page has its own URL), server-rendered, no JavaScript.
//! Every piece of article and query text goes through maud's escaping; the Content-Security-Policy forbids
//! scripts and inline styles altogether.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup, DOCTYPE};
use serde::Deserialize;

use crate::api::Fields;
use crate::engine::{Hit, SearchResults};
use crate::error::ApiError;
use crate::i18n::{Texts, Ui};
use crate::{AppState, MAX_OFFSET, PAGE_SIZE};

/// What the page's scripts, styles and forms may do: nothing but its own stylesheet and its own form.
const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; \
                   base-uri 'none'; frame-ancestors 'none'";

/// The page's stylesheet (readable on a phone; visible keyboard focus).
const STYLE: &str = include_str!("style.css");

/// The page's parameters (all text: a bad value is shown on the page, not a failure).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct PageParams {
    q: Option<String>,
    lang: Option<String>,
    from: Option<String>,
    to: Option<String>,
    page: Option<String>,
    ui: Option<String>,
}

/// `GET /style.css`.
pub(crate) async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLE,
    )
        .into_response()
}

/// `GET /?q=&lang=&from=&to=&page=&ui=`.
pub(crate) async fn search_page(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    params: Result<Query<PageParams>, QueryRejection>,
) -> Response {
    let p = params.map(|Query(p)| p).unwrap_or_default();
    let ui = p.ui.as_deref().and_then(Ui::from_code).unwrap_or_else(|| {
        Ui::from_accept_language(
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok()),
        )
    });
    let page = p
        .page
        .as_deref()
        .and_then(|n| n.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, MAX_OFFSET / PAGE_SIZE + 1);
    let q = p.q.as_deref().unwrap_or("").trim();
    let (status, outcome) = if q.is_empty() {
        (StatusCode::OK, Outcome::Form)
    } else {
        let fields = Fields {
            q: Some(q),
            limit: Some(PAGE_SIZE),
            offset: Some((page - 1) * PAGE_SIZE),
            lang: p.lang.as_deref(),
            from: p.from.as_deref(),
            to: p.to.as_deref(),
            sort: None,
        };
        match fields.validate(PAGE_SIZE) {
            Err(e) => (e.status, Outcome::Error(e)),
            Ok(request) => match state.engine.search(request).await {
                Ok(results) => (StatusCode::OK, Outcome::Results(results)),
                Err(e) => (e.status, Outcome::Error(e)),
            },
        }
    };
    let view = View {
        ui,
        t: ui.texts(),
        q,
        lang: p.lang.as_deref().unwrap_or("").trim(),
        from: p.from.as_deref().unwrap_or("").trim(),
        to: p.to.as_deref().unwrap_or("").trim(),
        page,
    };
    let mut response = (
        status,
        axum::response::Html(view.render(&outcome).into_string()),
    )
        .into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(header::VARY, HeaderValue::from_static("Accept-Language"));
    response
}

/// What the page shows below the form.
enum Outcome {
    Form,
    Results(SearchResults),
    Error(ApiError),
}

/// The request as the page echoes it.
struct View<'a> {
    ui: Ui,
    t: &'static Texts,
    q: &'a str,
    lang: &'a str,
    from: &'a str,
    to: &'a str,
    page: usize,
}

impl View<'_> {
    /// A link to this search with another interface language or page.
    fn link(&self, ui: Ui, page: usize) -> String {
        let page = page.to_string();
        let mut pairs: Vec<(&str, &str)> = vec![("ui", ui.code())];
        if !self.q.is_empty() {
            pairs.push(("q", self.q));
        }
        for (k, v) in [("lang", self.lang), ("from", self.from), ("to", self.to)] {
            if !v.is_empty() {
                pairs.push((k, v));
            }
        }
        if page != "1" {
            pairs.push(("page", &page));
        }
        format!(
            "/?{}",
            serde_urlencoded::to_string(&pairs).unwrap_or_default()
        )
    }

    fn render(&self, outcome: &Outcome) -> Markup {
        let t = self.t;
        let title = if self.q.is_empty() {
            t.title.to_string()
        } else {
            format!("{} — {}", self.q, t.title)
        };
        html! {
            (DOCTYPE)
            html lang=(self.ui.code()) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (title) }
                    link rel="stylesheet" href="/style.css";
                }
                body {
                    a class="skip" href="#results" { (t.skip_to_results) }
                    header {
                        nav class="ui" aria-label=(t.interface) {
                            @for ui in Ui::ALL {
                                @if ui == self.ui {
                                    span aria-current="true" lang=(ui.code()) { (ui.name()) }
                                } @else {
                                    a href=(self.link(ui, self.page)) lang=(ui.code()) hreflang=(ui.code()) { (ui.name()) }
                                }
                            }
                        }
                        h1 { (t.title) }
                    }
                    main {
                        (self.form())
                        section id="results" aria-live="polite" {
                            @match outcome {
                                Outcome::Form => {}
                                Outcome::Error(e) => p class="error" role="alert" { (e.message) }
                                Outcome::Results(r) => (self.results(r))
                            }
                        }
                    }
                }
            }
        }
    }

    fn form(&self) -> Markup {
        let t = self.t;
        html! {
            form method="get" action="/" role="search" {
                input type="hidden" name="ui" value=(self.ui.code());
                div class="query" {
                    label for="q" { (t.query_label) }
                    input type="search" id="q" name="q" value=(self.q) maxlength=(crate::MAX_QUERY_BYTES)
                        autocomplete="off" enterkeyhint="search";
                    button type="submit" { (t.search_button) }
                }
                div class="filters" {
                    div {
                        label for="lang" { (t.lang_label) }
                        select id="lang" name="lang" {
                            option value="" selected[self.lang.is_empty()] { (t.any_lang) }
                            @for (i, code) in ["tk", "ru", "en"].into_iter().enumerate() {
                                option value=(code) selected[self.lang == code] { (t.lang_names[i]) }
                            }
                        }
                    }
                    div {
                        label for="from" { (t.from_label) }
                        input type="date" id="from" name="from" value=(self.from);
                    }
                    div {
                        label for="to" { (t.to_label) }
                        input type="date" id="to" name="to" value=(self.to);
                    }
                }
            }
        }
    }

    fn results(&self, r: &SearchResults) -> Markup {
        let t = self.t;
        let first = (self.page - 1) * PAGE_SIZE + 1;
        let last = first + r.hits.len().saturating_sub(1);
        let pages = r.total.div_ceil(PAGE_SIZE).min(MAX_OFFSET / PAGE_SIZE + 1);
        html! {
            @if r.hits.is_empty() {
                p class="count" { (t.nothing_found) }
            } @else {
                p class="count" {
                    (t.found[0]) strong { (r.total) } (t.found[1]) (first) "–" (last) (t.found[2])
                }
                @if r.relaxed {
                    p class="note" { (t.relaxed) }
                }
                ol class="hits" start=(first) {
                    @for hit in &r.hits {
                        (self.hit(hit))
                    }
                }
                @if pages > 1 {
                    nav class="pages" aria-label=(t.pages) {
                        @if self.page > 1 {
                            a rel="prev" href=(self.link(self.ui, self.page - 1)) { (t.previous) }
                        }
                        span { (t.page_of[0]) (self.page) (t.page_of[1]) (pages) (t.page_of[2]) }
                        @if self.page < pages {
                            a rel="next" href=(self.link(self.ui, self.page + 1)) { (t.next) }
                        }
                    }
                }
            }
        }
    }

    fn hit(&self, hit: &Hit) -> Markup {
        let t = self.t;
        let lang_name = match hit.lang.code() {
            "tk" => t.lang_names[0],
            "ru" => t.lang_names[1],
            "en" => t.lang_names[2],
            _ => t.lang_names[3],
        };
        let content_lang = match hit.lang.code() {
            "tk" | "ru" | "en" => Some(hit.lang.code()),
            _ => None,
        };
        // Only web addresses become links (never `javascript:` or other schemes from a document).
        let href = hit.url.as_deref().filter(|u| {
            let lower = u.trim_start().to_ascii_lowercase();
            lower.starts_with("https://") || lower.starts_with("http://")
        });
        let title = if hit.title.trim().is_empty() {
            hit.id.as_str()
        } else {
            hit.title.as_str()
        };
        html! {
            li class="hit" {
                h2 lang=[content_lang] {
                    @if let Some(href) = href {
                        a href=(href) rel="noopener noreferrer nofollow" { (title) }
                    } @else {
                        (title)
                    }
                }
                p class="meta" {
                    span class="lang" { (lang_name) }
                    " · "
                    @if let Some(date) = &hit.date {
                        time datetime=(date) { (date) }
                    } @else {
                        span { (t.no_date) }
                    }
                    @if let Some(source) = &hit.source {
                        " · " span class="source" { (source) }
                    }
                }
                p class="snippet" lang=[content_lang] {
                    @for (text, marked) in segments(&hit.snippet.text, &hit.snippet.highlights) {
                        @if marked { mark { (text) } } @else { (text) }
                    }
                }
            }
        }
    }
}

/// The snippet cut at its highlights: (text, highlighted?) in order. Ranges that are out of order, overlap
/// or do not fall on character boundaries are skipped rather than trusted.
fn segments<'a>(text: &'a str, highlights: &[std::ops::Range<usize>]) -> Vec<(&'a str, bool)> {
    let mut out = Vec::with_capacity(highlights.len() * 2 + 1);
    let mut at = 0;
    for r in highlights {
        let ok = at <= r.start
            && r.start < r.end
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end);
        if !ok {
            continue;
        }
        if at < r.start {
            out.push((&text[at..r.start], false));
        }
        out.push((&text[r.start..r.end], true));
        at = r.end;
    }
    if at < text.len() {
        out.push((&text[at..], false));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_cover_the_text_once_and_mark_the_ranges() {
        let text = "Kitaphanada sergi açyldy";
        let segs = segments(text, &[(0..11), (12..17)]);
        assert_eq!(
            segs,
            vec![
                ("Kitaphanada", true),
                (" ", false),
                ("sergi", true),
                (" açyldy", false)
            ]
        );
        let joined: String = segs.iter().map(|(s, _)| *s).collect();
        assert_eq!(joined, text);
    }

    #[test]
    #[allow(clippy::reversed_empty_ranges)] // a reversed range is one of the bad inputs on purpose
    fn bad_ranges_are_skipped() {
        let text = "açyldy";
        // 1..2 splits "ç"; 4..3 is reversed; 3..99 runs past the end.
        let segs = segments(text, &[(1..2), (4..3), (3..99), (0..1)]);
        assert_eq!(segs, vec![("a", true), ("çyldy", false)]);
    }
}
