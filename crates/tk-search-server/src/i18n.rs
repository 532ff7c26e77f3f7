//! The search page's interface text in Turkmen, Russian and English, and the choice among them.

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

const TK: Texts = Texts {
    title: "Kitaphana habarlaryndan gözleg",
    query_label: "Gözlenýän sözler",
    search_button: "Gözle",
    lang_label: "Habaryň dili",
    any_lang: "Islendik dil",
    from_label: "Başlangyç sene",
    to_label: "Soňky sene",
    nothing_found: "Hiç zat tapylmady.",
    relaxed: "Ähli sözleri bolan habar ýok; iň ýakyn netijeler görkezilýär.",
    previous: "← Öňki",
    next: "Indiki →",
    pages: "Sahypalar",
    no_date: "senesiz",
    skip_to_results: "Netijelere geç",
    interface: "Interfeýsiň dili",
    lang_names: ["türkmençe", "rusça", "iňlisçe", "näbelli dil"],
    found: ["Tapyldy: ", " habar; görkezilýär: ", ""],
    page_of: ["Sahypa ", " / ", ""],
};

const RU: Texts = Texts {
    title: "Поиск по новостям библиотеки",
    query_label: "Что искать",
    search_button: "Найти",
    lang_label: "Язык новости",
    any_lang: "Любой язык",
    from_label: "С даты",
    to_label: "По дату",
    nothing_found: "Ничего не найдено.",
    relaxed: "Нет новостей со всеми словами запроса; показаны ближайшие совпадения.",
    previous: "← Назад",
    next: "Вперёд →",
    pages: "Страницы",
    no_date: "без даты",
    skip_to_results: "К результатам",
    interface: "Язык интерфейса",
    lang_names: ["туркменский", "русский", "английский", "язык неизвестен"],
    found: ["Найдено: ", "; показаны ", ""],
    page_of: ["Страница ", " из ", ""],
};

const EN: Texts = Texts {
    title: "Search the library's news",
    query_label: "Search for",
    search_button: "Search",
    lang_label: "Article language",
    any_lang: "Any language",
    from_label: "From date",
    to_label: "To date",
    nothing_found: "Nothing found.",
    relaxed: "No article has every word; showing the closest matches.",
    previous: "← Previous",
    next: "Next →",
    pages: "Pages",
    no_date: "no date",
    skip_to_results: "Skip to results",
    interface: "Interface language",
    lang_names: ["Turkmen", "Russian", "English", "unknown language"],
    found: ["", " found; showing ", ""],
    page_of: ["Page ", " of ", ""],
};

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
        match self {
            Ui::Tk => &TK,
            Ui::Ru => &RU,
            Ui::En => &EN,
        }
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
}
