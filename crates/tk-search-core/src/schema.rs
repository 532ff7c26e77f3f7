//! The index schema: the article text stored once in language-neutral folded fields, one pair of analysed
//! fields per language, and the other article fields.
//!
//! | field                      | analyzer | indexed as              | stored | use                          |
//! |----------------------------|----------|-------------------------|--------|------------------------------|
//! | `title_tk`, `body_tk` …    | `tk` …   | terms, freqs, positions | no     | exact-form matching          |
//! | `id`                       | raw      | term (fast)             | yes    | replacing documents          |
//! | `title`, `body`            | `fold_exc` | terms, freqs          | yes    | ASCII-typed and cross-language matching; display, snippets |
//! | `lang`                     | raw      | term                    | yes    | `--lang` filter              |
//! | `date`                     | —        | i64 day number (fast)   | yes    | `--from/--to`, sort          |
//! | `url`                      | —        | —                       | yes    | display                      |
//! | `source`                   | `fold`   | terms                   | yes    | `source:` filter             |
//! | `path`                     | raw      | term (fast)             | yes    | where the document came from |
//! | `root`                     | raw      | term (fast)             | yes    | the indexed folder (canonical) |
//! | `hash`                     | —        | u64 (fast)              | yes    | skipping unchanged documents |
//!
//! The text is stored in the folded fields because every document has exactly one value there (a document
//! of unknown language has one in each language field): a document then carries its text twice (once per
//! analysis) instead of three times, which is what tantivy's indexing queue holds in memory.
//!
//! For a Turkmen document the folded `title` and `body` hold only the exceptions: the words whose folded
//! term differs from their Turkmen term with its Turkmen letters folded (`ýylyň`: `ýyl` in `body_tk`,
//! `yyln` in `body`); every other word is in `body_tk` alone, and a search looks for a folded word in
//! the folded fields and, among the Turkmen fields' terms, in those that fold to it (see
//! `search::spelling`). Documents of another or of unknown language keep every folded term. The
//! `fold_exc` analyzer ([`analyzer::folded_exceptions`]) does this while indexing, which is why the
//! language fields come first in the schema: tantivy indexes a document's fields in field-id order, and
//! the folded analyzer drops only what the Turkmen analyzer has just noted for the same text.

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST,
    INDEXED, STORED, STRING,
};

use tantivy_turkmen::tokenizer as analyzer;
use tantivy_turkmen::Lang;

/// The on-disk format this build writes and reads; bump it whenever the schema or an analyzer changes
/// the terms it produces.
pub const FORMAT_VERSION: u32 = 10;

/// Handles to every field of the schema.
#[derive(Debug, Clone)]
pub struct Fields {
    /// The tantivy schema.
    pub schema: Schema,
    /// Document id (raw term, stored).
    pub id: Field,
    /// The title: stored as written, indexed language-neutrally (the folded analyzer; for a Turkmen
    /// document only the exceptions, see the [module](self) docs).
    pub title: Field,
    /// The body: stored as written, indexed language-neutrally (the folded analyzer; for a Turkmen
    /// document only the exceptions, see the [module](self) docs).
    pub body: Field,
    /// `tk`, `ru`, `en` or `unknown`.
    pub lang: Field,
    /// Publication day as a day number (days since 1970-01-01, negative before; see
    /// [`crate::article::day_number`]): every date the input can state, years -9999 to 9999, orders and
    /// filters correctly (tantivy's date type counts nanoseconds in 64 bits and ends at 1677 and 2262).
    pub date: Field,
    /// Publication date as written, normalised to `YYYY-MM-DD` (stored only).
    pub date_text: Field,
    /// Article URL (stored only).
    pub url: Field,
    /// Publishing desk or site (analysed with the folded analyzer, stored).
    pub source: Field,
    /// The input file the document came from, relative to the indexed folder.
    pub path: Field,
    /// The indexed folder (canonical path), so re-indexing it can remove what disappeared from it.
    pub root: Field,
    /// Content hash of the document (for incremental indexing).
    pub hash: Field,
    /// Per-language analysed title fields, in [`Lang::ALL`] order.
    pub title_lang: [Field; Lang::ALL.len()],
    /// Per-language analysed body fields, in [`Lang::ALL`] order.
    pub body_lang: [Field; Lang::ALL.len()],
}

impl Fields {
    /// Builds the schema.
    pub fn new() -> Fields {
        let mut b = Schema::builder();
        // The language fields first: the folded title and body of a Turkmen document drop what the
        // Turkmen analyzer noted just before for the same text (see the module docs).
        let title_lang = Lang::ALL.map(|l| {
            b.add_text_field(
                &format!("title_{}", l.code()),
                analysed(analyzer::name(l), true),
            )
        });
        let body_lang = Lang::ALL.map(|l| {
            b.add_text_field(
                &format!("body_{}", l.code()),
                analysed(analyzer::name(l), true),
            )
        });
        let id = b.add_text_field("id", STRING | STORED | FAST);
        let title = b.add_text_field(
            "title",
            analysed(analyzer::FOLDED_EXCEPTIONS, false).set_stored(),
        );
        let body = b.add_text_field(
            "body",
            analysed(analyzer::FOLDED_EXCEPTIONS, false).set_stored(),
        );
        let lang = b.add_text_field("lang", STRING | STORED);
        let date = b.add_i64_field("date", NumericOptions::default() | INDEXED | STORED | FAST);
        let date_text = b.add_text_field("date_text", STORED);
        let url = b.add_text_field("url", STORED);
        let source = b.add_text_field("source", analysed(analyzer::FOLDED, false).set_stored());
        let path = b.add_text_field("path", STRING | STORED | FAST);
        let root = b.add_text_field("root", STRING | STORED | FAST);
        let hash = b.add_u64_field("hash", NumericOptions::default() | INDEXED | STORED | FAST);
        Fields {
            schema: b.build(),
            id,
            title,
            body,
            lang,
            date,
            date_text,
            url,
            source,
            path,
            root,
            hash,
            title_lang,
            body_lang,
        }
    }

    /// Re-resolves the fields of an existing index's schema (fails if a field is missing).
    pub fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        let expected = Fields::new();
        if expected.schema != *schema {
            return Err(tantivy::TantivyError::SchemaError(
                "the index schema differs from this tk-search version's".into(),
            ));
        }
        Ok(expected)
    }

    /// The analysed title field of a language.
    pub fn title_of(&self, lang: Lang) -> Field {
        self.title_lang[lang.index()]
    }

    /// The analysed body field of a language.
    pub fn body_of(&self, lang: Lang) -> Field {
        self.body_lang[lang.index()]
    }
}

impl Default for Fields {
    fn default() -> Self {
        Fields::new()
    }
}

fn analysed(tokenizer: &str, positions: bool) -> TextOptions {
    let record = if positions {
        IndexRecordOption::WithFreqsAndPositions
    } else {
        IndexRecordOption::WithFreqs
    };
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(record),
    )
}
