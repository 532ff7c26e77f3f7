//! The search page in real headless Chromium (Debian's `chromium` + `chromium-driver`), driven over
//! WebDriver: search by keyboard, highlighted Turkmen results, paging, filters, an article whose title is
//! an XSS payload shown as text and running nothing, a phone-width layout, and a screenshot.
//!
//! One Chromium session for everything (CI time). Skips, saying why, without chromium or chromedriver.
//! The screenshot goes to `target/…/search-page.png`; with `TK_SEARCH_UPDATE_SCREENSHOT=1` also to
//! `docs/search-page.png` (the one the README shows).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

use super::server::{poll, Server};
use super::util::{copy_dir, Sandbox, CORPUS};

/// The payload title: a script, and an image whose error handler would run script too.
const XSS_TITLE: &str =
    "<script>window.pwned=1;alert('xss')</script><img src=x onerror=\"window.pwned=2;alert('img')\">";

/// The first of `names` found on PATH.
fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// chromedriver on a free loopback port; killed when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_driver(program: &Path) -> Driver {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(program)
        .arg(format!("--port={port}"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let driver = Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    poll("chromedriver answering", || {
        std::net::TcpStream::connect(("127.0.0.1", port)).ok()
    });
    driver
}

#[test]
fn search_page_in_headless_chromium() {
    let (Some(chromium), Some(driver)) = (
        find_program(&["chromium", "chromium-browser", "google-chrome"]),
        find_program(&["chromedriver"]),
    ) else {
        println!(
            "SKIPPED search_page_in_headless_chromium: chromium and chromedriver are not both on PATH \
             (Debian: apt-get install chromium chromium-driver; .ci/run installs them)"
        );
        return;
    };
    let sb = Sandbox::new();
    copy_dir(CORPUS.as_ref(), &sb.docs());
    sb.write_jsonl(
        "xss.jsonl",
        &[json!({
            "id": "xss-1", "lang": "tk", "date": "2026-11-30",
            "title": XSS_TITLE,
            "body": "Howply sözbaşy: kitaphananyň saýtynda synag üçin goýlan habar.",
        })],
    );
    sb.index_docs();
    let server = Server::start(&sb, &[], &[]);
    let driver = start_driver(&driver);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1024,1400", "--lang=tk"],
            }),
        );
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&driver.url)
            .await
            .expect("a WebDriver session with chromium");
        let result = drive(&client, &server.base).await;
        let _ = client.close().await;
        result
    });
}

/// The text of every element matching `css`.
async fn texts(client: &Client, css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in client.find_all(Locator::Css(css)).await.unwrap() {
        out.push(e.text().await.unwrap());
    }
    out
}

/// The value of a JavaScript expression in the page.
async fn js(client: &Client, expr: &str) -> Value {
    client
        .execute(&format!("return {expr};"), vec![])
        .await
        .unwrap()
}

/// Clicks the element matching `css`.
async fn click(client: &Client, css: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// Waits (fantoccini's bounded wait) until an element matches `css`, and returns it.
async fn wait_for(client: &Client, css: &str) -> fantoccini::elements::Element {
    client.wait().for_element(Locator::Css(css)).await.unwrap()
}

/// The query string of the page's URL.
async fn url_query(client: &Client) -> String {
    let url = client.current_url().await.unwrap();
    url.query().unwrap_or("").to_string()
}

async fn drive(client: &Client, base: &str) {
    // 1. Search as a reader does: the form, typed text, Enter.
    client.goto(&format!("{base}/?ui=tk")).await.unwrap();
    assert_eq!(js(client, "document.documentElement.lang").await, "tk");
    let input = client.find(Locator::Css("input#q")).await.unwrap();
    input.send_keys("kitaphanalarda").await.unwrap();
    input
        .send_keys(&char::from(Key::Enter).to_string())
        .await
        .unwrap();
    let hits = wait_for(client, "ol.hits").await;
    let query = url_query(client).await;
    assert!(query.contains("q=kitaphanalarda"), "{query}");
    assert!(!hits
        .find_all(Locator::Css("li.hit"))
        .await
        .unwrap()
        .is_empty());
    // Highlighted Turkmen forms of the word: the stem matched in other inflections.
    let marks = texts(client, "li.hit mark").await;
    assert!(!marks.is_empty());
    let lowered: Vec<String> = marks.iter().map(|m| m.to_lowercase()).collect();
    assert!(
        lowered.iter().all(|m| m.starts_with("kitaphana")),
        "{marks:?}"
    );
    assert!(
        lowered.iter().any(|m| m != "kitaphanalarda"),
        "only the typed form: {marks:?}"
    );
    let count = texts(client, "p.count").await.join(" ");
    assert!(count.starts_with("Tapyldy:"), "{count}");
    // Every form control has a label (keyboard and screen-reader users).
    let unlabelled = js(
        client,
        "[...document.querySelectorAll('input:not([type=hidden]),select')]\
         .filter(e => !document.querySelector(`label[for=\"${e.id}\"]`)).length",
    )
    .await;
    assert_eq!(unlabelled, 0);

    // The screenshot of the results page.
    let png = client.screenshot().await.unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("search-page.png");
    std::fs::write(&target, &png).unwrap();
    if std::env::var_os("TK_SEARCH_UPDATE_SCREENSHOT").is_some() {
        let docs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs");
        std::fs::create_dir_all(&docs).unwrap();
        std::fs::write(docs.join("search-page.png"), &png).unwrap();
    }
    println!("screenshot: {}", target.display());

    // 2. Paging: the next page continues the numbering.
    let first_ids = texts(client, "li.hit h2").await;
    click(client, "a[rel=next]").await;
    wait_for(client, "ol.hits[start='11']").await;
    assert!(url_query(client).await.contains("page=2"));
    let second_ids = texts(client, "li.hit h2").await;
    assert!(!second_ids.is_empty());
    assert!(
        second_ids.iter().all(|t| !first_ids.contains(t)),
        "page 2 repeats page 1"
    );

    // 3. Filters: a language from the select box, then a date range, through the form.
    client
        .goto(&format!("{base}/?ui=en&q=библиотека"))
        .await
        .unwrap();
    client
        .find(Locator::Css("select#lang"))
        .await
        .unwrap()
        .select_by_value("ru")
        .await
        .unwrap();
    client
        .execute(
            "document.getElementById('from').value = '2020-01-01';\
             document.getElementById('to').value = '2021-12-31';",
            vec![],
        )
        .await
        .unwrap();
    click(client, "form[role=search] button[type=submit]").await;
    // The new page echoes the filter as the selected option (an attribute, not just the property).
    wait_for(client, "select#lang option[value=ru][selected]").await;
    assert!(url_query(client).await.contains("lang=ru"));
    let langs = texts(client, "li.hit .lang").await;
    assert!(!langs.is_empty());
    assert!(langs.iter().all(|l| l == "Russian"), "{langs:?}");
    for date in texts(client, "li.hit time").await {
        assert!(
            ("2020-01-01"..="2021-12-31").contains(&date.as_str()),
            "{date}"
        );
    }

    // 4. The XSS title: shown as text, nothing runs, no image element is made.
    client
        .goto(&format!("{base}/?ui=en&q=howply"))
        .await
        .unwrap();
    let titles = texts(client, "li.hit h2").await;
    assert_eq!(
        titles,
        [XSS_TITLE],
        "the title is not shown as its literal text"
    );
    assert!(client.get_alert_text().await.is_err(), "an alert is open");
    assert_eq!(js(client, "typeof window.pwned").await, "undefined");
    assert_eq!(
        js(
            client,
            "document.querySelectorAll('li.hit img, li.hit script').length"
        )
        .await,
        0
    );

    // 5. Phone width: nothing wider than the screen.
    client.set_window_size(390, 844).await.unwrap();
    client
        .goto(&format!("{base}/?ui=ru&q=kitaphana"))
        .await
        .unwrap();
    wait_for(client, "ol.hits").await;
    let overflow = js(
        client,
        "document.documentElement.scrollWidth - document.documentElement.clientWidth",
    )
    .await;
    assert!(
        overflow.as_i64().unwrap_or(1) <= 0,
        "wider than a phone by {overflow}"
    );
    assert_eq!(js(client, "document.documentElement.lang").await, "ru");
}
