//! The search page's interface text in Turkmen, Russian and English, and the choice among them.

use std::sync::LazyLock;

/// An interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ui {
    Tk,
    Ru,
    En,
}

/// Every interface string of the page in one language.
pub(crate) struct Texts {
    pub(crate) title: &'static str,
    pub(crate) query_label: &'static str,
    pub(crate) search_button: &'static str,
    pub(crate) lang_label: &'static str,
    pub(crate) any_lang: &'static str,
    pub(crate) from_label: &'static str,
    pub(crate) to_label: &'static str,
    pub(crate) nothing_found: &'static str,
    pub(crate) relaxed: &'static str,
    pub(crate) previous: &'static str,
    pub(crate) next: &'static str,
    pub(crate) pages: &'static str,
    pub(crate) no_date: &'static str,
    pub(crate) skip_to_results: &'static str,
    pub(crate) interface: &'static str,
    /// Names of `tk`, `ru`, `en`, `unknown` documents.
    pub(crate) lang_names: [&'static str; 4],
    /// "{total} found, {first}–{last} shown": parts around the numbers.
    pub(crate) found: [&'static str; 3],
    /// "page {n} of {m}": parts around the numbers.
    pub(crate) page_of: [&'static str; 3],
}

/// The interface strings: a header line, then one line per message — its key, then the Turkmen, Russian and
/// English text, tab-separated (a translator edits one table; a test checks every key is there in each).
const TABLE: &str = include_str!("ui_texts.tsv");

/// The text of `key` in the interface language at place `i` of [`Ui::ALL`]; the key itself if the table
/// lacks it (the tests make sure it never does).
fn lookup(key: &'static str, i: usize) -> &'static str {
    TABLE
        .lines()
        .find_map(|line| {
            let mut cells = line.split('\t');
            (cells.next() == Some(key)).then(|| cells.nth(i)).flatten()
        })
        .unwrap_or(key)
}

/// The strings of the interface language at place `i` of [`Ui::ALL`].
fn texts(i: usize) -> Texts {
    Texts {
        title: lookup("title", i),
        query_label: lookup("query_label", i),
        search_button: lookup("search_button", i),
        lang_label: lookup("lang_label", i),
        any_lang: lookup("any_lang", i),
        from_label: lookup("from_label", i),
        to_label: lookup("to_label", i),
        nothing_found: lookup("nothing_found", i),
        relaxed: lookup("relaxed", i),
        previous: lookup("previous", i),
        next: lookup("next", i),
        pages: lookup("pages", i),
        no_date: lookup("no_date", i),
        skip_to_results: lookup("skip_to_results", i),
        interface: lookup("interface", i),
        lang_names: [
            lookup("lang_names.tk", i),
            lookup("lang_names.ru", i),
            lookup("lang_names.en", i),
            lookup("lang_names.unknown", i),
        ],
        found: [
            lookup("found.1", i),
            lookup("found.2", i),
            lookup("found.3", i),
        ],
        page_of: [
            lookup("page_of.1", i),
            lookup("page_of.2", i),
            lookup("page_of.3", i),
        ],
    }
}

/// Every interface language's strings, looked up once.
static TEXTS: LazyLock<[Texts; 3]> = LazyLock::new(|| [texts(0), texts(1), texts(2)]);

impl Ui {
    /// Every interface language, in the order the switcher shows them.
    pub(crate) const ALL: [Ui; 3] = [Ui::Tk, Ui::Ru, Ui::En];

    /// `tk`, `ru`, `en`.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Ui::Tk => "tk",
            Ui::Ru => "ru",
            Ui::En => "en",
        }
    }

    /// The language's own name, for the switcher.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Ui::Tk => "Türkmençe",
            Ui::Ru => "Русский",
            Ui::En => "English",
        }
    }

    pub(crate) fn from_code(code: &str) -> Option<Ui> {
        Ui::ALL.into_iter().find(|u| u.code() == code)
    }

    pub(crate) fn texts(self) -> &'static Texts {
        &TEXTS[self as usize]
    }

    /// The preferred of tk/ru/en in an `Accept-Language` header (by q-value, then order), else Turkmen,
    /// the language of the library's readers.
    pub(crate) fn from_accept_language(header: Option<&str>) -> Ui {
        let mut best: Option<(f32, Ui)> = None;
        for item in header.unwrap_or("").split(',').take(32) {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or("").trim();
            let primary = tag.split('-').next().unwrap_or("").to_ascii_lowercase();
            let Some(ui) = Ui::from_code(&primary) else {
                continue;
            };
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|v| v.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if q > 0.0 && best.is_none_or(|(b, _)| q > b) {
                best = Some((q, ui));
            }
        }
        best.map_or(Ui::Tk, |(_, ui)| ui)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_highest_known() {
        let pick = |h| Ui::from_accept_language(Some(h));
        assert_eq!(pick("ru-RU,ru;q=0.9,en;q=0.8"), Ui::Ru);
        assert_eq!(pick("de-DE,en;q=0.5,tk;q=0.7"), Ui::Tk);
        assert_eq!(pick("en-US"), Ui::En);
        assert_eq!(pick("fr, de"), Ui::Tk);
        assert_eq!(pick("ru;q=0, en;q=0.1"), Ui::En);
        assert_eq!(Ui::from_accept_language(None), Ui::Tk);
    }

    #[test]
    fn every_language_has_its_own_texts() {
        let titles: Vec<_> = Ui::ALL.iter().map(|u| u.texts().title).collect();
        assert_eq!(titles.len(), 3);
        assert!(titles[0] != titles[1] && titles[1] != titles[2] && titles[0] != titles[2]);
        for ui in Ui::ALL {
            assert_eq!(Ui::from_code(ui.code()), Some(ui));
        }
    }

    #[test]
    fn the_table_has_every_key_in_every_language() {
        let mut lines = TABLE.lines();
        assert_eq!(lines.next(), Some("key\ttk\tru\ten"));
        for (n, line) in lines.enumerate() {
            let cells: Vec<&str> = line.split('\t').collect();
            assert_eq!(cells.len(), 4, "line {}: {line:?}", n + 2);
        }
        let keys: Vec<&str> = TABLE
            .lines()
            .skip(1)
            .filter_map(|l| l.split('\t').next())
            .collect();
        // Every key the page asks for is in the table (a missing one would be shown as its key).
        let source = include_str!("i18n.rs");
        let asked: Vec<&str> = source
            .split("lookup(\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        assert!(asked.len() >= 20, "{asked:?}");
        for key in &asked {
            assert!(keys.contains(key), "{key} is not in ui_texts.tsv");
        }
        for ui in Ui::ALL {
            let t = ui.texts();
            assert!(!t.title.is_empty() && t.title != "title");
            assert!(t.lang_names.iter().all(|n| !n.contains('.')));
        }
    }
}
