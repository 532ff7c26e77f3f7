//! Turkmen: legacy and foreign letters, and Cyrillic Turkmen transliterated to the modern Latin alphabet; the
//! inflection stemmer ([`crate::stem::tk`]); function words; the letters that tell Turkmen text apart.

use super::{Language, Script};

/// Turkmen.
pub(crate) static LANGUAGE: Language = Language {
    code: "tk",
    names: &["tuk", "turkmen"],
    push_char,
    neutral_char: map_latin,
    stem,
    function_words: FUNCTION_WORDS,
    whatlang: whatlang::Lang::Tuk,
    script: Script::Latin,
    own_latin_letters,
    own_cyrillic_letters,
    cue_words: &[],
};

/// Strips inflection from a word (numbers, URLs and e-mail addresses are left as they are).
fn stem(token: &mut String) {
    if crate::tokenizer::is_word(token) {
        crate::stem::tk::stem(token);
    }
}

/// ä ň ý ž (and the stand-ins ñ ÿ): letters of Turkmen that neither English nor Turkish has.
fn own_latin_letters(c: char) -> bool {
    matches!(
        c,
        'ä' | 'Ä' | 'ň' | 'Ň' | 'ý' | 'Ý' | 'ž' | 'Ž' | 'ñ' | 'Ñ' | 'ÿ'
    )
}

/// Conjunctions, postpositions and particles.
const FUNCTION_WORDS: &[&str] = &[
    "we",
    "hem",
    "hem-de",
    "bilen",
    "üçin",
    "boýunça",
    "ýaly",
    "bu",
    "şu",
    "ol",
    "şol",
    "da",
    "de",
    "ýa-da",
    "ýa",
    "ýene",
    "ýene-de",
    "has",
    "iň",
    "her",
    "bir",
    "barada",
    "arasynda",
    "bolup",
    "diýip",
];

/// Maps a lowercase Latin character: `ñ`→`ň`, `ÿ`→`ý`, `ș` (comma below)→`ş`, `ı`→`y`.
pub(crate) fn map_latin(c: char) -> char {
    match c {
        'ñ' => 'ň',
        'ÿ' => 'ý',
        'ș' => 'ş',
        'ı' => 'y',
        _ => c,
    }
}

/// Pushes the Turkmen form of one lowercase character onto `out`. `prev` is the character before it in the
/// input, which decides `е`→`ýe` (at the start of a word, after a vowel or a hard/soft sign) or `e`.
pub(crate) fn push_char(c: char, prev: Option<char>, out: &mut String) {
    if !('\u{400}'..='\u{4FF}').contains(&c) {
        out.push(map_latin(c));
        return;
    }
    let latin: &str = match c {
        'а' => "a",
        'б' => "b",
        'в' => "w",
        'г' => "g",
        'д' => "d",
        'е' => {
            if prev.is_none_or(|p| is_vowel(p) || matches!(p, 'ъ' | 'ь') || !p.is_alphanumeric())
            {
                "ýe"
            } else {
                "e"
            }
        }
        'ё' => "ýo",
        'ж' => "ž",
        'җ' => "j",
        'з' => "z",
        'и' => "i",
        'й' => "ý",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'ң' => "ň",
        'о' => "o",
        'ө' => "ö",
        'п' => "p",
        'р' => "r",
        'с' | 'ц' => "s",
        'т' => "t",
        'у' => "u",
        'ү' => "ü",
        'ф' => "f",
        'х' => "h",
        'ч' => "ç",
        'ш' => "ş",
        'щ' => "şç",
        'ъ' | 'ь' => {
            // The hard and soft signs only mark the next vowel: объект → obýekt.
            return;
        }
        'ы' => "y",
        'э' => "e",
        'ә' => "ä",
        'ю' => "ýu",
        'я' => "ýa",
        other => {
            out.push(other);
            return;
        }
    };
    out.push_str(latin);
}

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'e'
            | 'ä'
            | 'i'
            | 'o'
            | 'ö'
            | 'u'
            | 'ü'
            | 'y'
            | 'а'
            | 'е'
            | 'ә'
            | 'и'
            | 'о'
            | 'ө'
            | 'у'
            | 'ү'
            | 'ы'
            | 'э'
            | 'ю'
            | 'я'
            | 'ё'
    )
}

/// The letters only Cyrillic Turkmen has (Ә Ө Ү Ң Җ).
fn own_cyrillic_letters(c: char) -> bool {
    matches!(c, 'ә' | 'Ә' | 'ө' | 'Ө' | 'ү' | 'Ү' | 'ң' | 'Ң' | 'җ' | 'Җ')
}
