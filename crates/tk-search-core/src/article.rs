//! One input document, as read from JSON, JSON Lines or a text file.

use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime, Time};

use crate::error::{Error, Result};
use tantivy_turkmen::Lang;

/// A news article. Only `body` is required; see the README for the input formats.
///
/// ```
/// let a: tk_search_core::Article =
///     serde_json::from_str(r#"{"id":"a1","title":"Sergi","body":"Kitap sergisi açyldy.","lang":"tk"}"#)?;
/// assert_eq!(a.lang()?, Some(tk_search_core::Lang::Tk));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Stable identifier; re-indexing a document with the same id replaces it.
    #[serde(default)]
    pub id: Option<String>,
    /// Headline.
    #[serde(default)]
    pub title: Option<String>,
    /// Article text.
    pub body: String,
    /// `tk`, `ru` or `en`; detected when absent.
    #[serde(default)]
    pub lang: Option<String>,
    /// `YYYY-MM-DD` or RFC 3339.
    #[serde(default)]
    pub date: Option<String>,
    /// Where the article is published.
    #[serde(default)]
    pub url: Option<String>,
    /// The publishing desk or site.
    #[serde(default)]
    pub source: Option<String>,
}

impl Article {
    /// The declared language, if any (an unrecognised code is an error).
    pub fn lang(&self) -> Result<Option<Lang>> {
        match self.lang.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(code) => Ok(Some(code.parse()?)),
        }
    }

    /// The parsed date, if any (an unparseable date is an error).
    pub fn date(&self) -> Result<Option<ParsedDate>> {
        match self.date.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(text) => parse_date(text).map(Some),
        }
    }
}

/// A publication date: the instant (for filtering and sorting) and the calendar date as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedDate {
    /// The instant in UTC (midnight UTC for a plain date).
    pub instant: OffsetDateTime,
    /// The calendar date as written (the local date of an RFC 3339 timestamp).
    pub date: Date,
}

impl ParsedDate {
    /// The calendar day as a day number (see [`day_number`]).
    pub fn day(&self) -> i64 {
        day_number(self.date)
    }

    /// `YYYY-MM-DD`.
    pub fn to_ymd(&self) -> String {
        let f = format_description!("[year]-[month]-[day]");
        self.date.format(&f).unwrap_or_default()
    }
}

/// Days since 1970-01-01 (negative before it): how the index stores, filters and sorts dates. Every date
/// [`parse_date`] accepts (years -9999 to 9999) has one, in order.
pub(crate) fn day_number(date: Date) -> i64 {
    /// The Julian day number of 1970-01-01.
    const UNIX_EPOCH_JULIAN_DAY: i64 = 2_440_588;
    i64::from(date.to_julian_day()) - UNIX_EPOCH_JULIAN_DAY
}

/// Parses `YYYY-MM-DD` or an RFC 3339 timestamp.
///
/// ```
/// let d = tk_search_core::parse_date("2021-03-11T10:30:00+05:00")?;
/// assert_eq!(d.to_ymd(), "2021-03-11");
/// assert!(tk_search_core::parse_date("11.03.2021").is_err());
/// # Ok::<(), tk_search_core::Error>(())
/// ```
pub fn parse_date(text: &str) -> Result<ParsedDate> {
    let ymd = format_description!("[year]-[month]-[day]");
    if let Ok(date) = Date::parse(text, &ymd) {
        return Ok(ParsedDate {
            instant: PrimitiveDateTime::new(date, Time::MIDNIGHT).assume_utc(),
            date,
        });
    }
    match OffsetDateTime::parse(text, &Rfc3339) {
        Ok(t) => Ok(ParsedDate {
            instant: t,
            date: t.date(),
        }),
        Err(_) => Err(Error::BadDate(text.to_string())),
    }
}

#[cfg(test)]
mod day_number_tests {
    use super::day_number;
    use time::macros::date;

    #[test]
    fn days_since_the_epoch_in_order() {
        assert_eq!(day_number(date!(1970 - 01 - 01)), 0);
        assert_eq!(day_number(date!(1969 - 12 - 31)), -1);
        assert!(day_number(date!(1500 - 05 - 05)) < day_number(date!(2020 - 01 - 01)));
        assert!(day_number(date!(2300 - 01 - 01)) > day_number(date!(2262 - 04 - 12)));
    }
}
