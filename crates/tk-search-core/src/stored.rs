//! A hit's stored document as the search reads it: the text fields only, each kept as the `String` the
//! document store decodes, so that a hit takes its id, title, date, URL and source by moving them out
//! instead of copying them out of a whole `TantivyDocument` (which also wraps every value in an
//! `OwnedValue` and finds a field by walking all of them).

use tantivy::schema::document::{
    DeserializeError, DocumentDeserialize, DocumentDeserializer, ValueDeserialize,
    ValueDeserializer, ValueVisitor,
};
use tantivy::schema::Field;

/// Field ids below this are kept (the schema's stored fields all are: see `schema.rs`).
const MAX_FIELDS: usize = 16;

/// The first text value of each stored field, by field id.
#[derive(Debug, Default)]
pub(crate) struct StoredText {
    values: [Option<String>; MAX_FIELDS],
}

impl StoredText {
    /// The field's first text value.
    pub(crate) fn get(&self, field: Field) -> Option<&str> {
        self.values
            .get(field.field_id() as usize)
            .and_then(Option::as_deref)
    }

    /// Takes the field's first text value out.
    pub(crate) fn take(&mut self, field: Field) -> Option<String> {
        self.values
            .get_mut(field.field_id() as usize)
            .and_then(Option::take)
    }
}

impl DocumentDeserialize for StoredText {
    fn deserialize<'de, D>(mut deserializer: D) -> Result<Self, DeserializeError>
    where
        D: DocumentDeserializer<'de>,
    {
        let mut doc = StoredText::default();
        while let Some((field, TextValue(value))) = deserializer.next_field::<TextValue>()? {
            if let (Some(slot), Some(text)) = (doc.values.get_mut(field.field_id() as usize), value)
            {
                slot.get_or_insert(text);
            }
        }
        Ok(doc)
    }
}

/// A stored value: its text, or nothing for a number (the day number of `date`, the content hash).
struct TextValue(Option<String>);

impl ValueDeserialize for TextValue {
    fn deserialize<'de, D>(deserializer: D) -> Result<Self, DeserializeError>
    where
        D: ValueDeserializer<'de>,
    {
        deserializer.deserialize_any(TextVisitor).map(TextValue)
    }
}

/// Keeps strings; reads past numbers, dates and booleans (any other type is refused: the schema stores
/// none).
struct TextVisitor;

impl ValueVisitor for TextVisitor {
    type Value = Option<String>;

    fn visit_null(&self) -> Result<Self::Value, DeserializeError> {
        Ok(None)
    }

    fn visit_string(&self, val: String) -> Result<Self::Value, DeserializeError> {
        Ok(Some(val))
    }

    fn visit_u64(&self, _val: u64) -> Result<Self::Value, DeserializeError> {
        Ok(None)
    }

    fn visit_i64(&self, _val: i64) -> Result<Self::Value, DeserializeError> {
        Ok(None)
    }

    fn visit_f64(&self, _val: f64) -> Result<Self::Value, DeserializeError> {
        Ok(None)
    }

    fn visit_bool(&self, _val: bool) -> Result<Self::Value, DeserializeError> {
        Ok(None)
    }

    fn visit_datetime(&self, _val: tantivy::DateTime) -> Result<Self::Value, DeserializeError> {
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
