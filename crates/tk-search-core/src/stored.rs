//! A hit's stored document as the search reads it: the raw bytes of the document store, with each text
//! field borrowed from them (validated as UTF-8 once, by `simdutf8`), so that a hit's body is neither copied
//! into a `String` nor validated by tantivy's decoder and then again; only the short fields a hit keeps
//! (id, title, date, URL, source) are copied out.
//!
//! The raw bytes come from store readers of this module's own ([`StoreReaders`]), one per segment and kept
//! across reader reloads for as long as their segment is searched, because tantivy's `Searcher` keeps its
//! store readers to itself. The bytes are read in the layout tantivy's document store writes (a VInt count
//! of values, then each value's 4-byte field id, 1-byte type code and value); a type the schema never
//! stores is reported as damage, and a test holds the view to tantivy's own decoding of every document.

use std::sync::{Arc, Mutex, PoisonError};

use tantivy::index::SegmentId;
use tantivy::schema::Field;
use tantivy::store::StoreReader;
use tantivy::{DocAddress, Searcher, TantivyError};

/// Field ids below this are kept (the schema's stored fields all are: see `schema.rs`).
const MAX_FIELDS: usize = 24;

/// tantivy's document-store type codes (`tantivy::schema::document::type_codes`) of the values the
/// schema stores: text, and numbers of 8 bytes (u64, i64, f64, dates) or 1 byte (bool).
const TEXT_CODE: u8 = 0;
const U64_CODE: u8 = 1;
const I64_CODE: u8 = 2;
const DATE_CODE: u8 = 5;
const F64_CODE: u8 = 6;
const BOOL_CODE: u8 = 9;

/// A segment's store reader.
type Open = (SegmentId, Arc<StoreReader>);

/// Store readers of the segments searched last, each with its own cache of decompressed blocks.
#[derive(Clone)]
pub(crate) struct StoreReaders {
    cache_blocks: usize,
    open: Arc<Mutex<Vec<Open>>>,
}

impl StoreReaders {
    /// Readers that keep `cache_blocks` decompressed blocks per segment.
    pub(crate) fn new(cache_blocks: usize) -> StoreReaders {
        StoreReaders {
            cache_blocks,
            open: Arc::new(Mutex::new(Vec::new())),
        }
    }

    /// A store reader for each of `searcher`'s segments, by segment ordinal: the ones already open, and new
    /// ones for segments not seen before (the readers of segments `searcher` no longer has are let go).
    pub(crate) fn of(&self, searcher: &Searcher) -> tantivy::Result<Vec<Arc<StoreReader>>> {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let segments = searcher.segment_readers();
        let mut readers = Vec::with_capacity(segments.len());
        let mut opened = false;
        for segment in segments {
            let id = segment.segment_id();
            match open.iter().find(|(s, _)| *s == id) {
                Some((_, reader)) => readers.push(reader.clone()),
                None => {
                    readers.push(Arc::new(segment.get_store_reader(self.cache_blocks)?));
                    opened = true;
                }
            }
        }
        if opened {
            *open = segments
                .iter()
                .map(|s| s.segment_id())
                .zip(readers.iter().cloned())
                .collect();
        }
        Ok(readers)
    }
}

/// The raw stored bytes of the document at `address`.
pub(crate) fn raw_doc(
    readers: &[Arc<StoreReader>],
    address: DocAddress,
) -> tantivy::Result<tantivy::directory::OwnedBytes> {
    readers
        .get(address.segment_ord as usize)
        .ok_or_else(|| {
            TantivyError::InvalidArgument(format!("no segment {}", address.segment_ord))
        })?
        .get_document_bytes(address.doc_id)
}

/// The first text value of each stored field, by field id, borrowed from a document's stored bytes.
#[derive(Debug, Default)]
pub(crate) struct StoredText<'a> {
    values: [Option<&'a str>; MAX_FIELDS],
}

impl<'a> StoredText<'a> {
    /// Reads the stored bytes of one document.
    pub(crate) fn parse(bytes: &'a [u8]) -> tantivy::Result<StoredText<'a>> {
        let mut doc = StoredText::default();
        let mut rest = bytes;
        let count = vint(&mut rest)?;
        for _ in 0..count {
            let (field, code) = match rest {
                [a, b, c, d, code, tail @ ..] => {
                    rest = tail;
                    (u32::from_le_bytes([*a, *b, *c, *d]), *code)
                }
                _ => return Err(damaged("a stored value is cut short")),
            };
            let len = match code {
                TEXT_CODE => usize::try_from(vint(&mut rest)?).unwrap_or(usize::MAX),
                U64_CODE | I64_CODE | DATE_CODE | F64_CODE => 8,
                BOOL_CODE => 1,
                other => {
                    return Err(damaged(&format!(
                        "stored value of type {other}, which the schema does not store"
                    )))
                }
            };
            let Some((value, tail)) = rest.split_at_checked(len) else {
                return Err(damaged("a stored value is cut short"));
            };
            rest = tail;
            if code == TEXT_CODE {
                if let Some(slot @ None) = doc.values.get_mut(field as usize) {
                    *slot = Some(
                        simdutf8::basic::from_utf8(value)
                            .map_err(|_| damaged("a stored text is not UTF-8"))?,
                    );
                }
            }
        }
        Ok(doc)
    }

    /// The field's first text value.
    pub(crate) fn get(&self, field: Field) -> Option<&'a str> {
        self.values
            .get(field.field_id() as usize)
            .copied()
            .flatten()
    }
}

/// Reads a tantivy VInt (7 bits a byte, least significant first, the last byte's high bit set).
fn vint(bytes: &mut &[u8]) -> tantivy::Result<u64> {
    let mut value = 0u64;
    for (i, &b) in bytes.iter().enumerate().take(10) {
        value |= u64::from(b & 0x7f) << (7 * i);
        if b & 0x80 != 0 {
            *bytes = &bytes[i + 1..];
            return Ok(value);
        }
    }
    Err(damaged("a stored length is cut short"))
}

fn damaged(what: &str) -> TantivyError {
    TantivyError::DataCorruption(tantivy::error::DataCorruption::comment_only(format!(
        "document store: {what}"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::OwnedValue;
    use tantivy::TantivyDocument;

    /// A stored field beyond the slots would vanish from every hit without a word.
    #[test]
    fn every_stored_field_of_the_schema_has_a_slot() {
        let fields = crate::schema::Fields::new();
        let mut stored = 0;
        for (field, entry) in fields.schema.fields() {
            if entry.is_stored() {
                assert!(
                    (field.field_id() as usize) < MAX_FIELDS,
                    "stored field {} has id {}, beyond the {MAX_FIELDS} slots",
                    entry.name(),
                    field.field_id()
                );
                stored += 1;
            }
        }
        assert!(stored >= 5, "only {stored} stored fields");
    }

    /// Every document's view gives, for every field, the first text value tantivy's own decoding gives,
    /// over segments added by several commits (the readers follow the segments) with texts in all three
    /// scripts, an empty field, optional fields left out, and numbers between the texts.
    #[test]
    fn the_view_agrees_with_tantivys_decoding() -> crate::error::Result<()> {
        let index = crate::SearchIndex::in_memory()?;
        let readers = StoreReaders::new(4);
        let texts = [
            (
                "tk-1",
                "Täze kitaplaryň sergisi",
                "Kitaphanada sergi açyldy. Okyjylar gatnaşdylar.",
            ),
            (
                "ru-1",
                "Выставка новых книг",
                "В библиотеке открылась выставка «Книги года».",
            ),
            ("en-1", "", "A short body."),
        ];
        let mut checked = 0;
        for round in 0..3 {
            let mut writer = index.writer(50_000_000)?;
            for (i, (id, title, body)) in texts.iter().enumerate() {
                writer.add(&crate::Article {
                    id: Some(format!("{id}-{round}")),
                    title: (!title.is_empty()).then(|| title.to_string()),
                    body: body.repeat(1 + 40 * i),
                    date: (i != 1).then(|| "2024-03-0".to_string() + &(i + 1).to_string()),
                    url: (i == 0).then(|| "https://example.org/a?b=1&c=ý".to_string()),
                    ..crate::Article::default()
                })?;
            }
            writer.commit()?;
            index.reader.reload()?;
            let searcher = index.reader.searcher();
            let open = readers.of(&searcher)?;
            assert_eq!(open.len(), searcher.segment_readers().len());
            for (ord, segment) in searcher.segment_readers().iter().enumerate() {
                for doc_id in 0..segment.max_doc() {
                    let address = DocAddress::new(ord as u32, doc_id);
                    let bytes = raw_doc(&open, address)?;
                    let view = StoredText::parse(&bytes)?;
                    let doc: TantivyDocument = searcher.doc(address)?;
                    for (field, entry) in index.fields.schema.fields() {
                        let expected =
                            doc.get_first(field)
                                .and_then(|v| match OwnedValue::from(v) {
                                    OwnedValue::Str(s) => Some(s),
                                    _ => None,
                                });
                        assert_eq!(
                            view.get(field),
                            expected.as_deref(),
                            "field {} of {address:?}",
                            entry.name()
                        );
                    }
                    checked += 1;
                }
            }
        }
        assert!(checked >= 18, "only {checked} documents checked");
        Ok(())
    }

    /// Cut or unknown bytes are reported, not read past.
    #[test]
    fn damaged_bytes_are_refused() {
        // One value: field 0, text of 3 bytes "abc".
        let good = [0x81u8, 0, 0, 0, 0, TEXT_CODE, 0x83, b'a', b'b', b'c'];
        assert_eq!(
            StoredText::parse(&good)
                .ok()
                .and_then(|v| v.get(Field::from_field_id(0))),
            Some("abc")
        );
        for cut in 0..good.len() {
            assert!(StoredText::parse(&good[..cut]).is_err(), "cut at {cut}");
        }
        let mut not_utf8 = good;
        not_utf8[7] = 0xff;
        assert!(StoredText::parse(&not_utf8).is_err());
        let mut facet = good;
        facet[5] = 3;
        assert!(StoredText::parse(&facet).is_err());
    }
}
