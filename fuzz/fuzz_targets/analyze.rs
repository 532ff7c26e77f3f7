//! Runs the four tk-search analyzers (Turkmen, Russian, English, folded) over arbitrary bytes read as
//! UTF-8 (lossily) and checks that every token's offsets are in-bounds char boundaries of the input and
//! that positions never decrease along the stream.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tantivy::tokenizer::{TokenStream, Tokenizer};
use tantivy_turkmen::tokenizer::{self as analyzer, SegmentTokenizer};
use tantivy_turkmen::Lang;

fn check(name: &str, analyzer: &mut SegmentTokenizer, text: &str) {
    let mut stream = analyzer.token_stream(text);
    let mut last_position = None;
    while let Some(token) = stream.next() {
        let (from, to, position) = (token.offset_from, token.offset_to, token.position);
        assert!(
            from <= to && to <= text.len(),
            "{name}: token {:?} has offsets {from}..{to} outside 0..{}",
            token.text,
            text.len()
        );
        assert!(
            text.is_char_boundary(from) && text.is_char_boundary(to),
            "{name}: token {:?} has offsets {from}..{to} that are not char boundaries",
            token.text
        );
        if let Some(last) = last_position {
            assert!(
                position >= last,
                "{name}: position went back from {last} to {position} at token {:?}",
                token.text
            );
        }
        last_position = Some(position);
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for lang in Lang::ALL {
        check(lang.code(), &mut analyzer::for_lang(lang), &text);
    }
    check("fold", &mut analyzer::folded(), &text);
});
