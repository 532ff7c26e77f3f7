//! `tk-search serve`: every endpoint, status and limit over loopback against the real binary; the API key;
//! searches while documents are posted and while a separate `index` run commits; graceful shutdown.

use serde_json::{json, Value};

use super::server::{poll, raw_exchange, Server};
use super::util::{check_hit, copy_dir, ids, Sandbox, CORPUS};

const KEY: &str = "test-key-0123456789abcdef";

/// A sandbox holding the bundled corpus, indexed.
fn corpus_sandbox() -> Sandbox {
    let sb = Sandbox::new();
    copy_dir(CORPUS.as_ref(), &sb.docs());
    sb.index_docs();
    sb
}

fn bearer() -> String {
    format!("Bearer {KEY}")
}

/// The `hits` of a search reply, each checked against the `query --json` schema from rank `offset + 1`.
fn hits(reply: &super::server::Reply) -> Vec<Value> {
    assert_eq!(reply.status, 200, "{reply:?}");
    let v = reply.json();
    for key in [
        "query",
        "hits",
        "total",
        "offset",
        "limit",
        "processingTimeMs",
    ] {
        assert!(v.get(key).is_some(), "no {key} in {v}");
    }
    let offset = v["offset"].as_u64().unwrap() as usize;
    let hits = v["hits"].as_array().unwrap().clone();
    for (i, hit) in hits.iter().enumerate() {
        check_hit(hit, offset + i + 1);
    }
    hits
}

#[test]
fn search_api_answers_as_query_json_prints() {
    let sb = corpus_sandbox();
    let cli = sb.query(&["onlaýn-maslahat", "--limit", "5"]);
    let server = Server::start(&sb, &[], &[]);

    let get = server.search(&[("q", "onlaýn-maslahat"), ("limit", "5")]);
    let v = get.json();
    assert_eq!(v["query"], "onlaýn-maslahat");
    assert_eq!(
        (v["limit"].as_u64(), v["offset"].as_u64()),
        (Some(5), Some(0))
    );
    let api = hits(&get);
    assert!(v["total"].as_u64().unwrap() >= api.len() as u64);
    // The same hits, in the same order and the same shape, as the CLI prints.
    assert_eq!(api, cli);
    assert!(get
        .header("content-type")
        .is_some_and(|c| c.starts_with("application/json")));

    let post = server.post(
        "/search",
        &json!({"q": "onlaýn-maslahat", "limit": 5}).to_string(),
        &[("content-type", "application/json")],
    );
    assert_eq!(hits(&post), cli);

    // Paging: offset 1, limit 2 is the second and third hit, ranked 2 and 3.
    let page = hits(&server.search(&[("q", "onlaýn-maslahat"), ("limit", "2"), ("offset", "1")]));
    assert_eq!(ids(&page), ids(&cli[1..3]));
    assert_eq!(page[0]["rank"], 2);

    // Filters: language, dates, and date order.
    let ru = hits(&server.search(&[("q", "библиотека"), ("lang", "ru"), ("limit", "50")]));
    assert!(!ru.is_empty());
    assert!(ru.iter().all(|h| h["lang"] == "ru"), "{ru:?}");
    let none_ru = hits(&server.search(&[("q", "библиотека"), ("lang", "en")]));
    assert!(none_ru.iter().all(|h| h["lang"] == "en"));
    let dated = hits(&server.search(&[
        ("q", "kitaphana"),
        ("from", "2021-01-01"),
        ("to", "2022-12-31"),
        ("limit", "100"),
    ]));
    assert!(!dated.is_empty());
    for h in &dated {
        let d = h["date"].as_str().unwrap();
        assert!(("2021-01-01"..="2022-12-31").contains(&d), "{d}");
    }
    let by_date = hits(&server.search(&[("q", "kitaphana"), ("sort", "date"), ("limit", "30")]));
    let dates: Vec<&str> = by_date.iter().filter_map(|h| h["date"].as_str()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
}

#[test]
fn errors_and_limits_answer_json_with_the_right_status() {
    let sb = corpus_sandbox();
    let server = Server::start(&sb, &["--max-body-mb", "1"], &[("TK_SEARCH_API_KEY", KEY)]);
    let q = |params: &[(&str, &str)]| server.search(params);
    q(&[("q", "kitap"), ("limit", "101")]).assert_error(400, "invalid_limit");
    q(&[("q", "kitap"), ("limit", "ten")]).assert_error(400, "invalid_limit");
    q(&[("q", "kitap"), ("offset", "10001")]).assert_error(400, "invalid_offset");
    q(&[("q", "kitap"), ("lang", "de")]).assert_error(400, "invalid_lang");
    q(&[("q", "kitap"), ("from", "1.2.2020")]).assert_error(400, "invalid_date");
    q(&[("q", "kitap"), ("sort", "random")]).assert_error(400, "invalid_sort");
    q(&[("q", &"kitap ".repeat(300))]).assert_error(400, "query_too_long");
    // The largest accepted values work.
    assert_eq!(
        q(&[("q", "kitap"), ("limit", "100"), ("offset", "10000")]).status,
        200
    );
    let json_ct = [("content-type", "application/json")];
    server
        .post("/search", "{\"q\":", &json_ct)
        .assert_error(400, "invalid_json");
    server
        .post("/search", "{\"q\":\"kitap\",\"bogus\":1}", &json_ct)
        .assert_error(422, "invalid_json");
    server
        .post(
            "/search",
            "{\"q\":\"kitap\"}",
            &[("content-type", "text/plain")],
        )
        .assert_error(415, "invalid_content_type");
    // Bodies over the limit (1 MiB here) are refused from their announced length, unread.
    for path in ["/search", "/documents"] {
        let answer = raw_exchange(
            &server.base,
            format!(
                "POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {KEY}\r\n\
                 Content-Type: application/json\r\nContent-Length: 2000000\r\n\r\n{{"
            )
            .as_bytes(),
        );
        assert!(answer.starts_with("HTTP/1.1 413"), "{path}: {answer:?}");
        assert!(
            answer.contains("\"payload_too_large\""),
            "{path}: {answer:?}"
        );
    }
    server.get("/nope").assert_error(404, "not_found");
    server
        .request("DELETE", "/search", &[])
        .assert_error(405, "method_not_allowed");
    server
        .get("/documents/no-such-id")
        .assert_error(404, "document_not_found");
    // Raw hostile text is searched, never an error or a crash.
    for hostile in [
        "\"unbalanced",
        "-",
        "title:",
        "*",
        "ABŞ-da",
        "a\u{0}b",
        "%%%",
    ] {
        let r = q(&[("q", hostile)]);
        assert_eq!(r.status, 200, "{hostile:?}: {r:?}");
    }
    assert_eq!(server.get("/health").status, 200);
}

#[test]
fn documents_health_and_stats() {
    let sb = corpus_sandbox();
    let server = Server::start(&sb, &[], &[]);
    assert_eq!(server.get("/health").json(), json!({"status": "available"}));

    let stats = server.get("/stats");
    assert_eq!(stats.status, 200);
    let s = stats.json();
    let per_lang = &s["documentsPerLang"];
    let total: u64 = ["tk", "ru", "en", "unknown"]
        .iter()
        .map(|l| per_lang[l].as_u64().unwrap())
        .sum();
    assert_eq!(s["numberOfDocuments"].as_u64(), Some(total));
    assert_eq!(total, 126);
    assert!(per_lang["tk"].as_u64().unwrap() >= 50);
    assert!(s["indexSizeBytes"].as_u64().unwrap() > 10_000);
    assert!(s["format"].as_u64().is_some());
    assert_eq!(s["isIndexing"], false);
    let commit = s["lastCommit"].as_str().unwrap();
    assert!(commit.len() >= 20 && commit.contains('T'), "{commit}");

    let doc = server.get("/documents/tk-001");
    assert_eq!(doc.status, 200);
    let d = doc.json();
    assert_eq!(d["id"], "tk-001");
    assert_eq!(d["lang"], "tk");
    assert!(d["title"]
        .as_str()
        .unwrap()
        .starts_with("Milli kitaphana täze gelen"));
    assert!(d["body"].as_str().unwrap().len() > 200);
    // An id with characters that need escaping in a path.
    let odd = server.get("/documents/tk%2F..%2F001");
    odd.assert_error(404, "document_not_found");
}

#[test]
fn writing_needs_the_key_and_is_seen_at_once() {
    let sb = corpus_sandbox();
    {
        let no_key = Server::start(&sb, &[], &[]);
        no_key
            .post("/documents", "[]", &[("authorization", &bearer())])
            .assert_error(403, "writes_disabled");
    }
    let key_file = sb.path().join("key");
    std::fs::write(&key_file, format!("{KEY}\n")).unwrap();
    let server = Server::start(&sb, &["--api-key-file", key_file.to_str().unwrap()], &[]);
    let body = json!([
        {"id": "api-1", "title": "Täze okalga zaly", "body": "Kitaphanada täze okalga zaly açyldy; zalda ýüzlerçe ýörite depderhanalar bar.", "date": "2026-11-30"},
        {"id": "api-2", "title": "missing body"},
        {"title": "no id", "body": "Kitaphanada sergi."},
        {"id": "api-3", "body": "Выставка редких книг открылась в библиотеке.", "lang": "xx"}
    ])
    .to_string();
    server
        .post("/documents", &body, &[])
        .assert_error(401, "missing_authorization");
    let wrong = server.post(
        "/documents",
        &body,
        &[("authorization", "Bearer wrong-key-0123456789abcdef")],
    );
    wrong.assert_error(401, "invalid_api_key");
    assert_eq!(wrong.header("www-authenticate"), Some("Bearer"));
    // Nothing was written by the refused requests.
    assert_eq!(server.get("/documents/api-1").status, 404);

    let ok = server.post(
        "/documents",
        &body,
        &[
            ("authorization", &bearer()),
            ("content-type", "application/json"),
        ],
    );
    assert_eq!(ok.status, 200, "{ok:?}");
    let v = ok.json();
    assert_eq!(v["summary"]["type"], "summary");
    assert_eq!(v["summary"]["documents"], 2);
    assert_eq!(v["summary"]["errors"], 2);
    assert_eq!(v["summary"]["warnings"], 1);
    let problems = v["problems"].as_array().unwrap();
    let lines: Vec<u64> = problems
        .iter()
        .map(|p| p["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [2, 3, 4], "{problems:?}");
    for p in problems {
        assert_eq!(p["type"], "problem");
        assert!(p["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    // Seen at once by the API, the page and the stats.
    let found = hits(&server.search(&[("q", "depderhanalar")]));
    assert_eq!(ids(&found), ["api-1"]);
    assert_eq!(server.get("/documents/api-3").json()["lang"], "ru");
    assert_eq!(server.get("/stats").json()["numberOfDocuments"], 128);

    // JSON Lines, replacing api-1.
    let lines = concat!(
        "{\"id\":\"api-1\",\"body\":\"Okalga zalynda kompýuterler goýuldy.\"}\n",
        "not json\n"
    );
    let jl = server.post(
        "/documents",
        lines,
        &[
            ("authorization", &bearer()),
            ("content-type", "application/x-ndjson"),
        ],
    );
    assert_eq!(jl.status, 200, "{jl:?}");
    assert_eq!(jl.json()["summary"]["documents"], 1);
    assert_eq!(jl.json()["problems"][0]["line"], 2);
    assert!(hits(&server.search(&[("q", "depderhanalar")])).is_empty());
    assert_eq!(server.get("/stats").json()["numberOfDocuments"], 128);

    // A short key is refused at start.
    std::fs::write(&key_file, "short\n").unwrap();
    let short = sb.run(&[
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--api-key-file",
        key_file.to_str().unwrap(),
    ]);
    assert_eq!(short.code, 2, "{short:?}");
    assert!(short.stderr.contains("API key"), "{short:?}");
}

#[test]
fn a_locked_index_answers_503_and_a_separate_index_run_is_seen() {
    let sb = corpus_sandbox();
    let server = Server::start(&sb, &[], &[("TK_SEARCH_API_KEY", KEY)]);
    let body = "{\"id\":\"lock-1\",\"body\":\"Kitaphanada gulply sandyk tapyldy.\"}";
    {
        // Another writer holds the lock (as a running `tk-search index` would).
        let index = tk_search_core::SearchIndex::open(&sb.index_path()).unwrap();
        let _writer = index.writer_with_threads(1, 20_000_000).unwrap();
        let locked = server.post("/documents", body, &[("authorization", &bearer())]);
        locked.assert_error(503, "index_locked");
        assert_eq!(locked.header("retry-after"), Some("1"));
        // Searches go on meanwhile.
        assert!(!hits(&server.search(&[("q", "kitaphana")])).is_empty());
    }
    let ok = server.post("/documents", body, &[("authorization", &bearer())]);
    assert_eq!(ok.status, 200, "{ok:?}");

    // A separate `tk-search index` run commits; the running server sees it without a restart.
    sb.write(
        "extra/new.jsonl",
        "{\"id\":\"cli-1\",\"title\":\"Gurbansoltan\",\"body\":\"Kitaphanada gadymy zqwyrtzx sergisi açyldy.\"}\n",
    );
    assert!(hits(&server.search(&[("q", "zqwyrtzx")])).is_empty());
    let out = sb.run(&["index", "--json", sb.docs().join("extra").to_str().unwrap()]);
    assert_eq!(out.code, 0, "{out:?}");
    let found = poll("the server seeing the CLI's commit", || {
        let h = hits(&server.search(&[("q", "zqwyrtzx")]));
        (!h.is_empty()).then_some(h)
    });
    assert_eq!(ids(&found), ["cli-1"]);
}

#[test]
fn searches_keep_answering_while_documents_are_posted() {
    let sb = corpus_sandbox();
    let server = Server::start(&sb, &[], &[("TK_SEARCH_API_KEY", KEY)]);
    let base_total = server.search(&[("q", "kitaphana")]).json()["total"]
        .as_u64()
        .unwrap();
    std::thread::scope(|scope| {
        let searcher = scope.spawn(|| {
            let mut totals = Vec::new();
            for _ in 0..200 {
                let r = server.search(&[("q", "kitaphana")]);
                assert_eq!(r.status, 200, "{r:?}");
                totals.push(r.json()["total"].as_u64().unwrap());
            }
            totals
        });
        for batch in 0..5 {
            let docs: String = (0..20)
                .map(|i| {
                    format!(
                        "{{\"id\":\"bulk-{batch}-{i}\",\"body\":\"Kitaphana {batch} {i}: okyjylar üçin täze hyzmat.\"}}\n"
                    )
                })
                .collect();
            let r = server.post("/documents", &docs, &[("authorization", &bearer())]);
            assert_eq!(r.status, 200, "{r:?}");
            assert_eq!(r.json()["summary"]["documents"], 20);
        }
        let totals = searcher.join().unwrap();
        // Each search saw a whole commit: the totals only grow, by whole batches.
        assert!(totals.windows(2).all(|w| w[0] <= w[1]), "{totals:?}");
        assert!(
            totals.iter().all(|t| (t - base_total).is_multiple_of(20)),
            "{totals:?}"
        );
    });
    let after = server.search(&[("q", "kitaphana")]).json()["total"]
        .as_u64()
        .unwrap();
    assert_eq!(after, base_total + 100);
}

/// The server's threads (from /proc; `None` elsewhere).
fn thread_count(pid: u32) -> Option<usize> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
}

/// Many searches at once against `--search-threads 1`: each waits its turn (none is refused, every one
/// answers as a lone search does), and the server does not grow a thread per request.
#[test]
fn concurrent_searches_queue_on_a_fixed_number_of_threads() {
    let sb = corpus_sandbox();
    let server = Server::start(&sb, &["--search-threads", "1"], &[]);
    let queries = ["kitaphana", "kitap sergisi", "library", "библиотека"];
    let expected: Vec<Vec<String>> = queries
        .iter()
        .map(|q| ids(&hits(&server.search(&[("q", q)]))))
        .collect();
    // Main thread, runtime workers, tantivy's commit watcher and the blocking thread that just searched.
    let before = thread_count(server.pid()).unwrap_or(0);
    let most_threads = std::thread::scope(|scope| {
        let clients: Vec<_> = (0..16)
            .map(|c| {
                let (server, queries, expected) = (&server, &queries, &expected);
                scope.spawn(move || {
                    for i in 0..10 {
                        let k = (c + i) % queries.len();
                        let reply = server.search(&[("q", queries[k])]);
                        assert_eq!(ids(&hits(&reply)), expected[k], "{}", queries[k]);
                    }
                })
            })
            .collect();
        let mut most = 0;
        while !clients.iter().all(|c| c.is_finished()) {
            most = most.max(thread_count(server.pid()).unwrap_or(0));
            std::thread::yield_now();
        }
        for c in clients {
            c.join().unwrap();
        }
        most
    });
    // At most three blocking threads in all (one search, one write, one spare), whatever else the process
    // runs; a thread per waiting request would add 15.
    assert!(
        most_threads <= before + 3,
        "{most_threads} threads during the burst, {before} before it"
    );
    let refused = sb.run(&["serve", "--listen", "127.0.0.1:0", "--search-threads", "0"]);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("--search-threads"),
        "{}",
        refused.stderr
    );
}

#[test]
fn the_search_page_escapes_filters_pages_and_speaks_three_languages() {
    let sb = corpus_sandbox();
    let xss = "<script>window.pwned=1</script><img src=x onerror=alert(1)>";
    sb.write_jsonl(
        "xss.jsonl",
        &[json!({"id": "xss-1", "title": xss, "body": "Zyýanly sözbaşy barlagy: kitaphanaçylar üçin.", "url": "javascript:alert(2)", "lang": "tk"})],
    );
    sb.index_docs();
    let server = Server::start(&sb, &[], &[]);

    let empty = server.get("/");
    assert_eq!(empty.status, 200);
    assert!(empty
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    let csp = empty.header("content-security-policy").unwrap();
    assert!(
        csp.contains("default-src 'none'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert!(!empty.body.contains("<script"));
    assert!(empty.body.contains("<form method=\"get\" action=\"/\""));

    let page = server.get_with("/?q=Zy%C3%BDanly", &[("accept-language", "en-US,en;q=0.9")]);
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains(
            "&lt;script&gt;window.pwned=1&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
        ),
        "{}",
        page.body
    );
    assert!(!page.body.contains("<script") && !page.body.contains("<img"));
    assert!(
        !page.body.contains("javascript:"),
        "a javascript: URL became a link"
    );
    assert!(page.body.contains("<mark>Zyýanly</mark>"), "{}", page.body);
    assert!(page.body.contains("<html lang=\"en\""));

    // Interface language: Accept-Language, overridden by ?ui=.
    let ru = server.get_with("/?q=kitap", &[("accept-language", "ru-RU,ru;q=0.9")]);
    assert!(ru.body.contains("<html lang=\"ru\"") && ru.body.contains("Найти"));
    let tk = server.get_with("/?q=kitap&ui=tk", &[("accept-language", "ru")]);
    assert!(tk.body.contains("<html lang=\"tk\"") && tk.body.contains("Gözle"));

    // Paging and filters.
    let first = server.get("/?ui=en&q=kitaphana");
    assert!(first.body.contains("rel=\"next\""));
    assert!(first.body.contains("page=2"));
    let second = server.get("/?ui=en&q=kitaphana&page=2");
    assert!(second.body.contains("<ol class=\"hits\" start=\"11\""));
    assert!(second.body.contains("rel=\"prev\""));
    let filtered = server.get("/?ui=en&q=библиотека&lang=ru&from=2020-01-01&to=2021-12-31");
    assert_eq!(filtered.status, 200);
    assert!(filtered
        .body
        .contains("<span class=\"lang\">Russian</span>"));
    assert!(!filtered
        .body
        .contains("<span class=\"lang\">Turkmen</span>"));
    let bad = server.get("/?ui=en&q=kitap&from=yesterday");
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("class=\"error\""));

    let css = server.get("/style.css");
    assert_eq!(css.status, 200);
    assert!(css.header("content-type").unwrap().starts_with("text/css"));
}

#[test]
fn cors_is_off_unless_configured() {
    let sb = corpus_sandbox();
    let origin = [("origin", "http://example.test")];
    {
        let server = Server::start(&sb, &[], &[]);
        let r = server.get_with("/search?q=kitap", &origin);
        assert_eq!(r.header("access-control-allow-origin"), None);
    }
    let server = Server::start(&sb, &["--cors-origin", "http://example.test"], &[]);
    let r = server.get_with("/search?q=kitap", &origin);
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("http://example.test")
    );
    let other = server.get_with("/search?q=kitap", &[("origin", "http://evil.test")]);
    assert_eq!(other.header("access-control-allow-origin"), None);
}

#[test]
fn a_stalled_request_times_out_instead_of_hanging() {
    let sb = corpus_sandbox();
    let server = Server::start(&sb, &["--timeout-secs", "1"], &[]);
    // Promise 100 bytes of body, send 10, and stall.
    let answer = raw_exchange(
        &server.base,
        b"POST /search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"q\":\"kit",
    );
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer:?}");
    assert!(answer.contains("\"timeout\""), "{answer:?}");
    assert_eq!(server.get("/health").status, 200);
}

#[test]
fn sigterm_stops_the_server_after_a_write_in_flight_is_committed_whole() {
    let sb = corpus_sandbox();
    let server = Server::start(&sb, &[], &[("TK_SEARCH_API_KEY", KEY)]);
    let docs: String = (0..3000)
        .map(|i| {
            format!(
                "{{\"id\":\"stop-{i}\",\"body\":\"Kitaphanada {i}-nji okyjy hasaba alyndy; täze kitaplar berildi.\"}}\n"
            )
        })
        .collect();
    let reply = std::thread::scope(|scope| {
        let writer =
            scope.spawn(|| server.post("/documents", &docs, &[("authorization", &bearer())]));
        // Wait until the server is indexing the request (or has answered it), then ask it to stop. (Tantivy's
        // lock file stays on disk between writers, so its existence says nothing.)
        poll("the server indexing the posted documents", || {
            (writer.is_finished() || server.get("/stats").json()["isIndexing"] == true)
                .then_some(())
        });
        server.send_term();
        writer.join().unwrap()
    });
    let code = server.wait_exit();
    assert_eq!(code, 0);
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(reply.json()["summary"]["documents"], 3000);
    // The write is in the index, whole.
    let index = tk_search_core::SearchIndex::open(&sb.index_path()).unwrap();
    assert_eq!(index.num_docs(), 126 + 3000);
}
