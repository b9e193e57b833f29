//! Every user-facing text, in Fluent files: `locales/<code>/pnp_live.ftl`, embedded in the binary.
//!
//! Handlers never hold literal text: they ask for a message with [`tr!`], whose ids and arguments
//! are checked at compile time against the English file. The languages are the folders found in
//! `locales/` (English first), so adding a locale is adding a folder; [`Lang`] is an index into
//! that list. Rust keeps only what has logic: dates and times, enums mapped to Fluent selectors.

#[cfg(test)]
mod parity_tests;

use std::sync::LazyLock;

use i18n_embed::fluent::FluentLanguageLoader;
use i18n_embed::unic_langid::LanguageIdentifier;
use i18n_embed::LanguageLoader;
use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use rust_embed::RustEmbed;

/// The Fluent files, embedded (in debug builds rust-embed reads the folder at run time instead).
#[derive(RustEmbed)]
#[folder = "locales/"]
struct Localizations;

/// The file name of every locale (`locales/<code>/pnp_live.ftl`); the same as `domain` in
/// `i18n.toml`, which `fl!` reads.
const DOMAIN: &str = "pnp_live";
/// The reference locale: complete by definition, and where a missing message falls back to.
const FALLBACK: &str = "en";

/// Makes the crate depend on the English file, so a changed message id or variable re-runs the
/// `fl!` checks (cargo does not know that the macro reads the file).
const _ENGLISH: &str = include_str!("../../locales/en/pnp_live.ftl");

/// One loaded language.
struct Locale {
    code: String,
    loader: FluentLanguageLoader,
}

static LOCALES: LazyLock<Vec<Locale>> = LazyLock::new(load_locales);

/// One loader per language found in the assets, English first, each with [that language, en].
fn load_locales() -> Vec<Locale> {
    let fallback: LanguageIdentifier = FALLBACK.parse().expect("\"en\" is a valid language tag");
    let probe = FluentLanguageLoader::new(DOMAIN, fallback.clone());
    let mut languages = probe.available_languages(&Localizations).unwrap_or_default();
    if !languages.contains(&fallback) {
        languages.push(fallback.clone());
    }
    languages.sort_by_key(|l| (l != &fallback, l.to_string()));
    languages
        .into_iter()
        .filter_map(|language| {
            let loader = FluentLanguageLoader::new(DOMAIN, fallback.clone());
            if let Err(e) = loader.load_languages(&Localizations, std::slice::from_ref(&language)) {
                // The English file is embedded at build time, so only another locale can fail here.
                tracing::error!(%language, error = %e, "cannot load locale");
                return None;
            }
            // Telegram shows plain text: no Unicode isolation marks around arguments.
            loader.set_use_isolating(false);
            Some(Locale {
                code: language.to_string(),
                loader,
            })
        })
        .collect()
}

/// A language we speak: an index into the loaded locales (0 is English).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Lang(usize);

impl Lang {
    /// English, the reference and fallback locale.
    pub const EN: Lang = Lang(0);

    /// Every loaded language, English first.
    pub fn all() -> impl Iterator<Item = Lang> {
        (0..LOCALES.len()).map(Lang)
    }

    /// The codes of all loaded languages, for messages that list them.
    pub fn codes() -> Vec<&'static str> {
        Lang::all().map(Lang::code).collect()
    }

    /// The code stored in `users.language_code` and used in callback data (`en`, `es`, `pt`).
    pub fn code(self) -> &'static str {
        LOCALES.get(self.0).map_or(FALLBACK, |l| l.code.as_str())
    }

    /// A loaded language by its code, ignoring case.
    pub fn from_code(code: &str) -> Option<Lang> {
        LOCALES
            .iter()
            .position(|l| l.code.eq_ignore_ascii_case(code))
            .map(Lang)
    }

    /// The language of a stored code (`users.language_code`); one no longer loaded reads in
    /// English.
    pub fn from_stored(code: &str) -> Lang {
        Lang::from_code(code).unwrap_or_default()
    }

    /// Telegram's `language_code` (an IETF tag such as `pt-BR` or `es-MX`) → a language we speak,
    /// by its primary subtag; `default` when there is none or we do not speak it.
    pub fn from_telegram(code: Option<&str>, default: Lang) -> Lang {
        code.and_then(|c| c.split(['-', '_']).next())
            .and_then(Lang::from_code)
            .unwrap_or(default)
    }

    fn loader(self) -> &'static FluentLanguageLoader {
        let locale = LOCALES.get(self.0).or_else(|| LOCALES.first());
        &locale
            .expect("the English locale is embedded in the binary")
            .loader
    }
}

/// The texts of one language: what [`tr!`] reads from.
#[derive(Debug, Clone, Copy)]
pub struct Texts(pub Lang);

/// A message of `$t` (a [`Texts`]) by id, with named arguments: `tr!(t, "welcome", name = n)`.
/// The id and the argument names are checked at compile time against the English file.
macro_rules! tr {
    ($t:expr, $id:tt) => {
        i18n_embed_fl::fl!($t.loader(), $id)
    };
    ($t:expr, $id:tt, $($name:ident = $value:expr),+ $(,)?) => {
        i18n_embed_fl::fl!($t.loader(), $id, $($name = ($value)),+)
    };
}
pub(crate) use tr;

impl Texts {
    pub fn loader(&self) -> &'static FluentLanguageLoader {
        self.0.loader()
    }

    /// A local date: "Mon 7 Dec" / "lun 7 dic".
    pub fn date(&self, date: Date) -> String {
        tr!(
            self,
            "date-short",
            weekday = weekday_number(date.weekday()),
            day = date.day(),
            month = date.month()
        )
    }

    /// A local date with its year: "Thu 24 Dec 2026".
    pub fn date_year(&self, date: Date) -> String {
        tr!(
            self,
            "date-year",
            weekday = weekday_number(date.weekday()),
            day = date.day(),
            month = date.month(),
            year = date.year()
        )
    }

    /// An instant in the reader's zone: "Mon 7 Dec, 14:30".
    pub fn when(&self, t: Timestamp, tz: &TimeZone) -> String {
        let local = tz.to_datetime(t).date();
        tr!(
            self,
            "date-time",
            weekday = weekday_number(local.weekday()),
            day = local.day(),
            month = local.month(),
            time = self.clock(t, tz)
        )
    }

    /// An instant with the zone it is shown in: "Mon 7 Dec, 14:30 (Europe/Madrid)". Every time
    /// shown on its own (not under a "Times in …" heading) is written this way.
    pub fn when_in(&self, t: Timestamp, zone: &entity::zone::Zone) -> String {
        tr!(
            self,
            "date-time-zone",
            when = self.when(t, zone.tz()),
            zone = zone.name()
        )
    }

    /// The time of day with its zone: "14:30 (Europe/Madrid)".
    pub fn clock_in(&self, t: Timestamp, zone: &entity::zone::Zone) -> String {
        tr!(
            self,
            "time-zone",
            time = self.clock(t, zone.tz()),
            zone = zone.name()
        )
    }

    /// The time of day in the reader's zone: "14:30".
    pub fn clock(&self, t: Timestamp, tz: &TimeZone) -> String {
        let local = tz.to_datetime(t);
        format!("{:02}:{:02}", local.hour(), local.minute())
    }

    /// A weekday's name as written inside a sentence ("Monday", "lunes").
    pub fn weekday(&self, day: Weekday) -> String {
        tr!(self, "weekday", weekday = weekday_number(day))
    }

    /// A weekday's name at the start of a line or on a button ("Monday", "Lunes").
    pub fn weekday_heading(&self, day: Weekday) -> String {
        capitalized(&self.weekday(day))
    }

    /// A weekday's short name on a button ("Mon", "Lun").
    pub fn weekday_short_heading(&self, day: Weekday) -> String {
        capitalized(&tr!(self, "weekday-short", weekday = weekday_number(day)))
    }

    /// A booking's status, as both the user and the performer read it; `status` is the string
    /// stored on the booking.
    pub fn booking_status(&self, status: &str) -> String {
        tr!(self, "booking-status", status = status)
    }

    /// Telegram cuts an invoice's title at 32 characters.
    pub fn invoice_title(&self, name: &str) -> String {
        tr!(self, "invoice-title", name = name).chars().take(32).collect()
    }

    /// Telegram cuts an invoice's description at 255 characters.
    pub fn invoice_description(&self, minutes: i32, when: &str, hold_minutes: u32) -> String {
        tr!(
            self,
            "invoice-description",
            minutes = minutes,
            when = when,
            hold_minutes = hold_minutes
        )
        .chars()
        .take(255)
        .collect()
    }

    /// A call reminder; the kind is the Fluent selector.
    pub fn reminder(&self, kind: crate::services::calls::Reminder, other: &str, when: &str) -> String {
        use crate::services::calls::Reminder as R;
        let kind = match kind {
            R::DayBefore => "day_before",
            R::QuarterHour => "quarter_hour",
            R::Start => "start",
        };
        tr!(self, "reminder", kind = kind, other = other, when = when)
    }
}

/// Fluent's weekday selector: 1 = Monday … 7 = Sunday.
fn weekday_number(day: Weekday) -> i8 {
    day.to_monday_one_offset()
}

/// The text with its first letter in upper case.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(code: &str) -> Lang {
        Lang::from_code(code).unwrap_or_else(|| panic!("locale {code} is loaded"))
    }

    #[test]
    fn english_comes_first_and_every_locale_folder_is_loaded() {
        assert_eq!(Lang::all().next(), Some(Lang::EN));
        assert_eq!(Lang::EN.code(), "en");
        assert_eq!(Lang::codes(), ["en", "es", "pt"]);
        assert_eq!(Lang::from_code("PT"), Some(lang("pt")));
        assert_eq!(Lang::from_code("xx"), None);
    }

    #[test]
    fn telegram_language_tags_map_to_our_languages() {
        let (en, es, pt) = (Lang::EN, lang("es"), lang("pt"));
        assert_eq!(Lang::from_telegram(Some("es-MX"), en), es);
        assert_eq!(Lang::from_telegram(Some("es"), en), es);
        assert_eq!(Lang::from_telegram(Some("en-US"), es), en);
        assert_eq!(Lang::from_telegram(Some("pt-BR"), es), pt);
        assert_eq!(Lang::from_telegram(Some("pt_PT"), en), pt);
        assert_eq!(Lang::from_telegram(Some("pt"), en), pt);
        assert_eq!(Lang::from_telegram(Some("de-DE"), es), es);
        assert_eq!(Lang::from_telegram(None, en), en);
    }

    #[test]
    fn every_locale_names_itself() {
        let names: Vec<String> = Lang::all().map(|l| tr!(Texts(l), "language-name")).collect();
        assert_eq!(names, ["English", "Español", "Português (Brasil)"]);
    }

    #[test]
    fn dates_read_naturally_in_every_language() {
        let date = jiff::civil::date(2026, 12, 24);
        assert_eq!(Texts(Lang::EN).date_year(date), "Thu 24 Dec 2026");
        assert_eq!(Texts(lang("es")).date_year(date), "jue 24 dic 2026");
        assert_eq!(Texts(lang("pt")).date_year(date), "qui 24 dez 2026");
        assert_eq!(
            Texts(lang("es")).date(jiff::civil::date(2026, 12, 7)),
            "lun 7 dic"
        );
    }

    #[test]
    fn weekday_names_are_lower_case_inside_a_sentence_and_capitalised_at_a_line_start() {
        let es = Texts(lang("es"));
        assert_eq!(es.weekday_heading(Weekday::Wednesday), "Miércoles");
        let text = tr!(es, "ask-day-hours", day = es.weekday(Weekday::Wednesday));
        assert!(text.starts_with("Envía el horario del miércoles"), "{text}");
        assert_eq!(Texts(lang("pt")).weekday_short_heading(Weekday::Monday), "Seg");
    }

    #[test]
    fn counts_take_the_plural_form_of_each_language() {
        let en = Texts(Lang::EN);
        let one = tr!(en, "online-notifying", recipients = 1);
        assert!(one.contains("1 user is being told"), "{one}");
        let two = tr!(en, "online-notifying", recipients = 2);
        assert!(two.contains("2 users are being told"), "{two}");
        let es = tr!(Texts(lang("es")), "invoice-note", hold_minutes = 1);
        assert!(es.contains("reservado 1 minuto."), "{es}");
        let pt = tr!(Texts(lang("pt")), "block-too-long", max = 30);
        assert!(pt.contains("no máximo 30 dias."), "{pt}");
        let none = tr!(en, "price-too-many-decimals", max = 0);
        assert!(none.contains("no decimals"), "{none}");
    }

    #[test]
    fn messages_carry_no_isolation_marks() {
        let text = tr!(Texts(lang("pt")), "welcome", name = "Ana");
        assert!(text.starts_with("Boas-vindas ao PNP Live, Ana!"), "{text:?}");
        assert!(!text.contains(['\u{2068}', '\u{2069}']), "{text:?}");
    }

    #[test]
    fn one_booking_status_text_whatever_the_stored_status() {
        let en = Texts(Lang::EN);
        assert_eq!(en.booking_status("held"), "⏳ awaiting payment");
        assert_eq!(en.booking_status("awaiting_payment"), "⏳ awaiting payment");
        assert_eq!(en.booking_status("something_new"), "other");
    }

    #[test]
    fn invoice_texts_fit_telegram_limits() {
        let t = Texts(Lang::EN);
        assert_eq!(t.invoice_title(&"x".repeat(40)).chars().count(), 32);
        assert!(t.invoice_description(30, &"y".repeat(300), 10).chars().count() <= 255);
    }
}
