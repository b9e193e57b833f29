//! What a performer's profile may hold, parsed from what they typed: display name, tags, call
//! lengths and prices. Each parser says why an answer was refused; the bot words it.

use std::ops::{Deref, RangeInclusive};

use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

use super::money::{Currency, Money, MoneyError};

/// Most tags on one profile.
pub const MAX_TAGS: usize = 10;
/// Most rates on one profile.
pub const MAX_RATES: usize = 6;
/// Shortest and longest call, in minutes.
pub const DURATION_RANGE: RangeInclusive<i32> = 10..=240;
/// Highest price, in major units (whole Stars for XTR).
pub const MAX_PRICE_MAJOR: i64 = 100_000;

/// Characters in a display name.
const NAME_LENGTH: RangeInclusive<usize> = 2..=64;
/// Characters in a tag.
const TAG_LENGTH: RangeInclusive<usize> = 2..=24;

/// A display name: one line of 2 to 64 characters, no control or invisible characters, runs of
/// spaces collapsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameProblem {
    /// Shorter than 2 or longer than 64 characters (after tidying the spaces).
    Length,
    /// More than one line: it is shown as a title.
    Lines,
    ControlCharacter,
}

impl DisplayName {
    pub fn parse(input: &str) -> Result<DisplayName, NameProblem> {
        if input.contains('\n') {
            return Err(NameProblem::Lines);
        }
        let name = tidy_name(input);
        if !NAME_LENGTH.contains(&name.chars().count()) {
            return Err(NameProblem::Length);
        }
        if name.chars().any(char::is_control) {
            return Err(NameProblem::ControlCharacter);
        }
        Ok(DisplayName(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `input` without the characters that show nothing, with its runs of whitespace (line breaks
/// included) made one space: what a name typed or taken from Telegram becomes before it is shown.
pub fn tidy_name(input: &str) -> String {
    let visible: String = input
        .chars()
        .filter(|&c| !is_invisible(c))
        .map(|c| if is_blank(c) { ' ' } else { c })
        .collect();
    visible.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Characters that take no room on screen: every format character (Unicode category Cf: zero-width
/// space, joiners, word joiner, BOM, soft hyphen, LRM/RLM/ALM, bidi embeddings, overrides and
/// isolates, tag characters) and the few letters and marks that draw as nothing. With them two
/// names could look the same and differ in bytes, or a bidi override could turn one around.
fn is_invisible(c: char) -> bool {
    c.general_category() == GeneralCategory::Format
        || matches!(
            c,
            '\u{034F}' // combining grapheme joiner
                | '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' // Hangul fillers
                | '\u{17B4}' | '\u{17B5}' // Khmer inherent vowels
        )
}

/// Characters that draw as an empty space without being Unicode whitespace.
fn is_blank(c: char) -> bool {
    c == '\u{2800}' // braille pattern blank
}

/// What a name looks like on screen, to tell names that read the same apart from names that
/// merely differ in bytes: Unicode's confusable skeleton (UTS #39, the table rustc's look-alike
/// identifier lint uses: Cyrillic а and Latin a, Greek Ο and O, 0 and O, 1, I and l …) after
/// NFKC and without invisible characters, case folded.
///
/// Two keys, because case folding and look-alikes pull `I` two ways: `I` is `i` in another case
/// and draws like `l`. One key maps look-alikes first (`VaIentina` is `Valentina`), the other
/// folds case first (`VALENTINA` is `Valentina`); names that share either key look the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameLikeness {
    shapes: String,
    letters: String,
}

impl NameLikeness {
    pub fn of(name: &str) -> NameLikeness {
        let name: String = tidy_name(name).nfkc().collect();
        let skeleton = |s: &str| unicode_security::skeleton(s).collect::<String>();
        let fold = |s: &str| s.to_lowercase();
        NameLikeness {
            shapes: fold(&skeleton(&fold(&skeleton(&name)))),
            letters: fold(&skeleton(&fold(&name))),
        }
    }

    /// Whether the two names would read the same to someone looking at the list.
    pub fn looks_like(&self, other: &NameLikeness) -> bool {
        self.shapes == other.shapes || self.letters == other.letters
    }
}

/// A tag: 2 to 24 letters, digits, spaces, `-` or `_`, lower-cased, without a leading `#`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagProblem {
    /// Shorter than 2 or longer than 24 characters.
    Length,
    /// Something other than letters, digits, spaces, `-` and `_`.
    Character,
}

impl Tag {
    pub fn parse(input: &str) -> Result<Tag, TagProblem> {
        let tag = input
            .trim()
            .trim_start_matches('#')
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        if !TAG_LENGTH.contains(&tag.chars().count()) {
            return Err(TagProblem::Length);
        }
        let allowed = |c: char| c.is_alphanumeric() || c == ' ' || c == '-' || c == '_';
        if !tag.chars().all(allowed) {
            return Err(TagProblem::Character);
        }
        Ok(Tag(tag))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<Tag> for String {
    fn from(tag: Tag) -> String {
        tag.0
    }
}

// Both read as the text they hold, so handlers pass them where the texts take a `&str`.
impl Deref for DisplayName {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl Deref for Tag {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

/// How long a call at one rate lasts: a multiple of 5 minutes within [`DURATION_RANGE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CallLength(i32);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LengthProblem {
    NotANumber,
    /// Outside [`DURATION_RANGE`].
    OutOfRange,
    /// Not a multiple of 5 minutes.
    Step,
}

impl CallLength {
    pub fn new(minutes: i32) -> Result<CallLength, LengthProblem> {
        if !DURATION_RANGE.contains(&minutes) {
            return Err(LengthProblem::OutOfRange);
        }
        if minutes % 5 != 0 {
            return Err(LengthProblem::Step);
        }
        Ok(CallLength(minutes))
    }

    /// Minutes as typed: `30`, `30 min`, `30m`.
    pub fn parse(input: &str) -> Result<CallLength, LengthProblem> {
        let digits = input
            .trim()
            .trim_end_matches(|c: char| c.is_alphabetic() || c == '.')
            .trim();
        let minutes: i32 = digits.parse().map_err(|_| LengthProblem::NotANumber)?;
        CallLength::new(minutes)
    }

    pub fn minutes(self) -> i32 {
        self.0
    }
}

/// A rate's price: positive, at most [`MAX_PRICE_MAJOR`] major units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Price(Money);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriceProblem {
    NotANumber,
    NotPositive,
    /// More decimals than the currency has (the number it has).
    TooManyDecimals(u8),
    TooHigh,
}

impl Price {
    /// A price typed in major units (`150`, `25.50`, `25,50`).
    pub fn parse(input: &str, currency: Currency) -> Result<Price, PriceProblem> {
        let price = Money::parse_major(input, currency).map_err(|e| match e {
            MoneyError::TooManyDecimals { max, .. } => PriceProblem::TooManyDecimals(max),
            MoneyError::Overflow => PriceProblem::TooHigh,
            _ => PriceProblem::NotANumber,
        })?;
        if !price.is_positive() {
            return Err(PriceProblem::NotPositive);
        }
        let ceiling = MAX_PRICE_MAJOR * 10_i64.pow(u32::from(currency.minor_digits()));
        if price.amount > ceiling {
            return Err(PriceProblem::TooHigh);
        }
        Ok(Price(price))
    }

    pub fn money(self) -> Money {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn display_names_are_one_tidy_line() {
        assert_eq!(
            DisplayName::parse("  Maria   Cam ").unwrap().as_str(),
            "Maria Cam"
        );
        assert_eq!(DisplayName::parse("M"), Err(NameProblem::Length));
        assert_eq!(DisplayName::parse("Maria\nCam"), Err(NameProblem::Lines));
        assert_eq!(DisplayName::parse(&"x".repeat(65)), Err(NameProblem::Length));
        assert_eq!(
            DisplayName::parse("Ma\u{7}ria"),
            Err(NameProblem::ControlCharacter)
        );
    }

    #[test]
    fn invisible_characters_are_dropped_from_names() {
        let name = |s: &str| DisplayName::parse(s).map(|n| n.as_str().to_owned());
        for invisible in [
            '\u{200B}',
            '\u{200C}',
            '\u{200D}',
            '\u{2060}',
            '\u{FEFF}',
            '\u{00AD}',
            '\u{200E}',
            '\u{200F}',
            '\u{061C}',
            '\u{202A}',
            '\u{202B}',
            '\u{202C}',
            '\u{202D}',
            '\u{202E}',
            '\u{2066}',
            '\u{2067}',
            '\u{2068}',
            '\u{2069}',
            '\u{034F}',
            '\u{3164}',
            '\u{E0041}',
        ] {
            assert_eq!(
                name(&format!("{invisible}Vale{invisible}ntina{invisible}")),
                Ok("Valentina".to_owned()),
                "U+{:04X}",
                u32::from(invisible)
            );
        }
        // Other spaces are spaces, collapsed like the plain one.
        assert_eq!(
            name("Maria\u{00A0}\u{2003}Cam\u{2800}"),
            Ok("Maria Cam".to_owned())
        );
        // Only invisible characters is no name at all.
        assert_eq!(name("\u{200B}\u{200B}\u{202E}"), Err(NameProblem::Length));
        assert_eq!(name("A\u{200B}"), Err(NameProblem::Length));
        // Letters of other scripts, accents and emoji stay as typed.
        assert_eq!(name("Ана Ñoño ✨"), Ok("Ана Ñoño ✨".to_owned()));
    }

    #[test]
    fn names_that_look_the_same_share_a_likeness() {
        let alike = |a: &str, b: &str| NameLikeness::of(a).looks_like(&NameLikeness::of(b));
        for same in [
            "V\u{0430}lentina",        // Cyrillic а
            "Val\u{0435}ntin\u{0430}", // Cyrillic е and а
            "Vale\u{200B}ntina",       // zero-width space
            "\u{202E}Valentina",       // right-to-left override
            "VALENTINA",
            "valentina",
            "VaIentina",          // capital I for l
            "Va1entina",          // digit one for l
            "Ｖａｌｅｎｔｉｎａ", // fullwidth (NFKC)
            "Valentina\u{00A0}",
        ] {
            assert!(alike(same, "Valentina"), "{same:?}");
        }
        assert!(alike("R\u{043E}sa", "R0SA"), "Cyrillic о, digit zero");
        assert!(
            alike("\u{0391}\u{039D}\u{039D}\u{0391}", "ANNA"),
            "Greek capitals"
        );
        assert!(alike(
            "\u{0455}\u{0456}\u{0458}\u{0440}\u{0441}\u{0445}\u{0443}",
            "sijpcxy"
        ));
        for different in [
            "Valentino",
            "Valentina Cam",
            "Vale ntina",
            "Valéntina",
            "Валентина",
        ] {
            assert!(!alike(different, "Valentina"), "{different:?}");
        }
    }

    #[test]
    fn tags_are_normalized_and_checked() {
        let tag = |s: &str| Tag::parse(s).map(String::from);
        assert_eq!(tag("#Latina"), Ok("latina".into()));
        assert_eq!(tag("  role   play "), Ok("role play".into()));
        assert_eq!(tag("español"), Ok("español".into()));
        assert_eq!(tag("a"), Err(TagProblem::Length));
        assert_eq!(tag("no:colons"), Err(TagProblem::Character));
        assert_eq!(tag(&"x".repeat(25)), Err(TagProblem::Length));
    }

    #[test]
    fn durations_are_whole_five_minute_steps_in_range() {
        let minutes = |s: &str| CallLength::parse(s).map(CallLength::minutes);
        assert_eq!(minutes("30"), Ok(30));
        assert_eq!(minutes("45 min"), Ok(45));
        assert_eq!(minutes("15m"), Ok(15));
        assert_eq!(minutes("5"), Err(LengthProblem::OutOfRange));
        assert_eq!(minutes("33"), Err(LengthProblem::Step));
        assert_eq!(minutes("300"), Err(LengthProblem::OutOfRange));
        assert_eq!(minutes("half an hour"), Err(LengthProblem::NotANumber));
    }

    #[test]
    fn prices_are_positive_exact_and_bounded() {
        let price = |s: &str, c: Currency| Price::parse(s, c).map(Price::money);
        assert_eq!(price("150", Currency::XTR), Ok(Money::stars(150)));
        assert_eq!(price("25,50", Currency::USD), Ok(Money::new(2550, Currency::USD)));
        assert_eq!(price("0", Currency::XTR), Err(PriceProblem::NotPositive));
        assert_eq!(price("1.5", Currency::XTR), Err(PriceProblem::TooManyDecimals(0)));
        assert_eq!(price("100001", Currency::XTR), Err(PriceProblem::TooHigh));
        assert_eq!(price("lots", Currency::XTR), Err(PriceProblem::NotANumber));
        assert_eq!(price("-5", Currency::XTR), Err(PriceProblem::NotANumber));
    }

    proptest! {
        #[test]
        fn a_parsed_name_is_a_fixed_point_within_bounds(input in "\\PC{0,80}") {
            if let Ok(name) = DisplayName::parse(&input) {
                prop_assert!(NAME_LENGTH.contains(&name.chars().count()));
                prop_assert!(!name.contains("  ") && name.trim() == name.as_str());
                prop_assert_eq!(DisplayName::parse(&name), Ok(name.clone()));
                prop_assert!(!name.chars().any(is_invisible));
                prop_assert!(NameLikeness::of(&input).looks_like(&NameLikeness::of(&name)));
            }
        }

        #[test]
        fn a_parsed_tag_is_a_lowercase_fixed_point(input in "#?[A-Za-z0-9 _:-]{0,30}") {
            if let Ok(tag) = Tag::parse(&input) {
                prop_assert!(TAG_LENGTH.contains(&tag.chars().count()));
                prop_assert_eq!(tag.to_lowercase(), tag.as_str());
                prop_assert_eq!(Tag::parse(&tag), Ok(tag.clone()));
            }
        }

        #[test]
        fn a_call_length_is_accepted_exactly_in_range_on_the_step(minutes in -10i32..300) {
            let accepted = CallLength::parse(&format!("{minutes} min")).is_ok();
            prop_assert_eq!(accepted, DURATION_RANGE.contains(&minutes) && minutes % 5 == 0);
        }

        #[test]
        fn a_price_reads_back_from_its_own_display(
            amount in 1i64..=MAX_PRICE_MAJOR * 100,
            code in prop::sample::select(vec!["XTR", "USD", "JPY", "KWD"]),
        ) {
            let currency = Currency::new(code).unwrap();
            let money = Money::new(amount, currency);
            let typed = money.format();
            let typed = typed.trim_end_matches(|c: char| !c.is_ascii_digit());
            match Price::parse(typed, currency) {
                Ok(price) => prop_assert_eq!(price.money(), money),
                Err(problem) => {
                    prop_assert_eq!(problem, PriceProblem::TooHigh);
                    let ceiling = MAX_PRICE_MAJOR * 10_i64.pow(u32::from(currency.minor_digits()));
                    prop_assert!(amount > ceiling);
                }
            }
        }
    }
}
