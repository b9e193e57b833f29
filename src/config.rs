//! Typed configuration: `config/default.toml`, then the `PNP_CONFIG` file, then `PNP_*` env vars.
//!
//! Secrets come only from the environment and are wrapped in [`Secret`], so they never show up in
//! `Debug` output or logs.

use std::collections::HashMap;
use std::fmt;
use std::net::SocketAddr;

use serde::Deserialize;

pub use crate::video::ProviderKind;

use crate::i18n::Lang;

const DEFAULT_TOML: &str = include_str!("../config/default.toml");

/// Env vars that override a file key: `(variable, dotted key)`. The names are the operators'
/// contract (design §8).
const ENV_KEYS: &[(&str, &str)] = &[
    ("PNP_HTTP_ADDR", "http.addr"),
    ("PNP_PUBLIC_URL", "http.public_url"),
    ("PNP_DATABASE_URL", "database.url"),
    ("PNP_TELEGRAM_API_URL", "telegram.api_url"),
    ("PNP_SUPERADMINS", "telegram.superadmins"),
    ("PNP_PAYMENT_CURRENCY", "payments.currency"),
    ("PNP_HOLD_MINUTES", "payments.hold_minutes"),
    ("PNP_MAX_RESCHEDULES", "bookings.max_reschedules"),
    (
        "PNP_START_NOW_NEEDS_ACCEPTANCE",
        "bookings.start_now_needs_acceptance",
    ),
    ("PNP_START_NOW_ACCEPT_SECS", "bookings.start_now_accept_secs"),
    ("PNP_BROADCAST_RATE", "broadcast.rate"),
    ("PNP_VIDEO_PROVIDER", "video.provider"),
    ("PNP_DAILY_API_URL", "video.daily_api_url"),
    ("PNP_JAAS_APP_ID", "video.jaas_app_id"),
    ("PNP_JAAS_KEY_ID", "video.jaas_key_id"),
    ("PNP_JITSI_URL", "video.jitsi_url"),
    ("PNP_JITSI_APP_ID", "video.jitsi_app_id"),
    ("PNP_JITSI_AUDIENCE", "video.jitsi_audience"),
    ("PNP_LOG_FORMAT", "log.format"),
    ("PNP_DEFAULT_LANGUAGE", "bot.default_language"),
    ("PNP_DEFAULT_TIMEZONE", "bot.default_timezone"),
    ("PNP_SUPPORT_CONTACT", "bot.support_contact"),
];

/// The env var that replaces the 18+ terms of one language (`bot.terms.<code>`): `PNP_TERMS_PT`.
fn terms_var(code: &str) -> String {
    format!("PNP_TERMS_{}", code.to_ascii_uppercase())
}

/// A value that must never be printed. `Debug` and `Display` show `[redacted]`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("[unset]")
        } else {
            f.write_str("[redacted]")
        }
    }
}

/// Why the configuration cannot be used: one line that names the setting and the env var that
/// sets it, printed as it is, and exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("config error: PNP_CONFIG cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("config error: {origin} is not valid TOML: {message}")]
    Toml { origin: String, message: String },
    /// `setting` is `PNP_VAR (section.key)`.
    #[error("config error: {setting} {message}")]
    Invalid { setting: String, message: String },
    /// A secret or setting that this command cannot do without.
    #[error("config error: {var} is required {why}")]
    Required { var: &'static str, why: String },
}

/// The env var that sets `key`: its contract name (design §8) if it has one, else
/// `PNP_<SECTION>__<FIELD>`, which every key of `config/default.toml` also answers to.
pub fn env_var(key: &str) -> String {
    match ENV_KEYS.iter().find(|(_, k)| *k == key) {
        Some((var, _)) => (*var).to_owned(),
        None => generic_var(key),
    }
}

fn generic_var(key: &str) -> String {
    format!("PNP_{}", key.replacen('.', "__", 1).to_ascii_uppercase())
}

fn invalid(key: &str, message: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        setting: format!("{} ({key})", env_var(key)),
        message: message.into(),
    }
}

/// serde's words for a number out of its type's range, in an operator's: `invalid value:
/// integer `-1`, expected u32` is `must be a whole number from 0 to 4294967295, got -1`.
fn reword(message: &str) -> String {
    let out_of_range = message
        .strip_prefix("invalid value: integer `")
        .and_then(|rest| rest.split_once("`, expected "));
    let bounds = |ty: &str| match ty {
        "u8" => Some((0, i128::from(u8::MAX))),
        "u16" => Some((0, i128::from(u16::MAX))),
        "u32" => Some((0, i128::from(u32::MAX))),
        "u64" | "usize" => Some((0, i128::from(u64::MAX))),
        "i32" => Some((i128::from(i32::MIN), i128::from(i32::MAX))),
        _ => None,
    };
    match out_of_range.and_then(|(got, ty)| Some((got, bounds(ty)?))) {
        Some((got, (low, high))) => format!("must be a whole number from {low} to {high}, got {got}"),
        None if message.starts_with("must ") => message.to_owned(),
        None => format!("is invalid: {message}"),
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub http: HttpConfig,
    pub database: DatabaseConfig,
    pub telegram: TelegramConfig,
    pub bot: BotConfig,
    pub payments: PaymentsConfig,
    pub broadcast: BroadcastConfig,
    pub profile: ProfileConfig,
    pub video: VideoConfig,
    pub calls: CallsConfig,
    #[serde(default)]
    pub reviews: ReviewsConfig,
    #[serde(default)]
    pub abuse: AbuseConfig,
    #[serde(default)]
    pub miniapp: MiniAppConfig,
    pub bookings: BookingsConfig,
    pub jobs: JobsConfig,
    pub log: LogConfig,
    /// SQLite's durability and memory settings (ignored on PostgreSQL).
    #[serde(default)]
    pub sqlite: SqliteConfig,
    #[serde(skip)]
    pub secrets: Secrets,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpConfig {
    pub addr: String,
    pub public_url: String,
    pub body_limit_bytes: usize,
    pub request_timeout_secs: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseConfig {
    pub url: String,
    pub max_connections: u32,
    pub sqlite_busy_timeout_ms: u64,
    /// PostgreSQL only: every commit waits for the WAL flush (the server's own default). False:
    /// only the commits that change a booking, a payment, earnings or a dispute do
    /// (`db::FLUSHED_TABLES`), as on SQLite.
    pub flush_every_commit: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TelegramConfig {
    pub api_url: String,
    pub superadmins: Vec<i64>,
    pub poll_timeout_secs: u32,
    pub max_retries: u32,
    pub max_retry_after_secs: u64,
    /// The longest 429 wait a call made while handling an update sleeps through; longer, a
    /// message or invoice goes to the outbox.
    pub max_wait_in_update_secs: u64,
    pub reply_in_webhook: bool,
    /// Webhook requests handled at once; more wait, unread, for a turn. Telegram itself opens at
    /// most the webhook's `max_connections` (`webhook set` gives it this value).
    pub max_updates_in_flight: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BotConfig {
    pub default_language: String,
    pub default_timezone: String,
    /// The 18+ terms per language code, replacing that locale's `terms` message; a language
    /// without an entry shows its locale's text.
    #[serde(default)]
    pub terms: HashMap<String, String>,
    /// The older keys for English and Spanish terms; `terms.en` / `terms.es` win over them.
    #[serde(default)]
    pub terms_en: Option<String>,
    #[serde(default)]
    pub terms_es: Option<String>,
    pub page_size: u32,
    /// Whom /help tells people to write to (an @username, a link, an e-mail); empty: none.
    pub support_contact: String,
}

impl BotConfig {
    /// The operator's 18+ terms for a language, if set (else the locale's `terms` message).
    pub fn terms_override(&self, code: &str) -> Option<&str> {
        let legacy = match code {
            "en" => self.terms_en.as_ref(),
            "es" => self.terms_es.as_ref(),
            _ => None,
        };
        self.terms
            .get(code)
            .or(legacy)
            .map(String::as_str)
            .filter(|terms| !terms.trim().is_empty())
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentsConfig {
    pub currency: String,
    pub hold_minutes: u32,
    pub cancel_cutoff_hours: u32,
    /// Unpaid holds one user may have at a time (a hold blocks a performer's time for free).
    pub max_unpaid_holds: u32,
    /// Holds one user may take in any hour, paid or not (so expiring holds cannot be re-taken
    /// in a loop).
    pub max_holds_per_hour: u32,
    /// Stars refund attempts before the admins are told to make it by hand.
    pub refund_max_attempts: u32,
    /// The platform's share of every completed booking's price, in percent (0–100).
    #[serde(default = "default_commission_percent")]
    pub commission_percent: u8,
}

fn default_commission_percent() -> u8 {
    20
}

/// Reviews after calls.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewsConfig {
    /// Hours after the question at which a user who has not answered is reminded (once).
    pub reminder_hours: u32,
    /// Longest review text kept, in characters.
    pub text_max_chars: usize,
}

impl Default for ReviewsConfig {
    fn default() -> Self {
        Self {
            reminder_hours: 24,
            text_max_chars: 500,
        }
    }
}

/// Limits on what one account may send (see `bot::limiter`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AbuseConfig {
    /// Updates one person may send at once before the limit applies.
    pub updates_burst: u32,
    /// Updates per second one person may keep sending after the burst.
    pub updates_per_second: u32,
    /// Seconds after a "slow down" notice during which further dropped updates get none.
    pub notice_every_secs: u64,
}

impl Default for AbuseConfig {
    fn default() -> Self {
        Self {
            updates_burst: 20,
            updates_per_second: 5,
            notice_every_secs: 30,
        }
    }
}

/// The Mini App (`src/miniapp`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MiniAppConfig {
    /// Oldest Telegram init data (by its `auth_date`) the Mini App's API accepts, in seconds.
    pub init_data_max_age_secs: u64,
}

impl Default for MiniAppConfig {
    fn default() -> Self {
        Self {
            init_data_max_age_secs: 86_400,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookingsConfig {
    /// How many times one booking may be moved to another time (0: never), by the user or by
    /// taking a time the performer proposed.
    pub max_reschedules: u32,
    /// A Start-now request first asks the performer (Accept / Decline); off: the invoice goes
    /// out at once.
    #[serde(default = "default_true")]
    pub start_now_needs_acceptance: bool,
    /// How long the performer has to accept a Start-now request, in seconds.
    #[serde(default = "default_accept_secs")]
    pub start_now_accept_secs: u32,
}

fn default_true() -> bool {
    true
}

fn default_accept_secs() -> u32 {
    60
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallsConfig {
    pub no_show_grace_minutes: u32,
    /// The share of the booked length (percent) both sides must have been connected together
    /// for a call with provider events to count as held; below it the no-show rules apply.
    pub min_connected_percent: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobsConfig {
    pub interval_secs: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BroadcastConfig {
    pub rate: u32,
    pub cooldown_minutes: u32,
}

/// What performers may put on their profile.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileConfig {
    pub tags: Vec<String>,
    pub bio_max_chars: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VideoConfig {
    pub provider: ProviderKind,
    pub daily_api_url: String,
    pub jaas_app_id: String,
    pub jaas_key_id: String,
    pub jitsi_url: String,
    pub jitsi_app_id: String,
    pub jitsi_audience: String,
    pub request_timeout_secs: u64,
}

/// `[sqlite]`: what a commit waits for, how many connections the pool keeps and how much page
/// cache each one keeps.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SqliteConfig {
    pub synchronous: SqliteSynchronous,
    /// Pool size on SQLite (`database.max_connections` is PostgreSQL's): one writer at a time,
    /// so more connections only wait for the write lock, each with its own thread and cache.
    pub max_connections: u32,
    /// Page cache per pooled connection, in KiB (SQLite's `cache_size` as a negative number).
    pub cache_size_kib: u32,
    /// The most updates one commit carries ([`crate::unit::Group`]); 1: each commits alone.
    pub units_per_commit: usize,
}

impl Default for SqliteConfig {
    fn default() -> Self {
        Self {
            synchronous: SqliteSynchronous::Normal,
            max_connections: 4,
            cache_size_kib: 512,
            units_per_commit: 8,
        }
    }
}

/// `sqlite.synchronous`: `normal` (every commit is safe from a crash of the process; a commit
/// that changes bookings or money also waits for the disk, so it survives a power loss) or
/// `full` (every commit waits for the disk).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SqliteSynchronous {
    Normal,
    Full,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogConfig {
    pub format: LogFormat,
}

/// `log.format`: plain text lines, or one JSON object per line for log collectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub enum LogFormat {
    Text,
    Json,
}

impl TryFrom<String> for LogFormat {
    type Error = String;

    // By hand rather than serde's own variant names, to keep the message operators know.
    fn try_from(name: String) -> Result<Self, String> {
        match name.as_str() {
            "text" => Ok(LogFormat::Text),
            "json" => Ok(LogFormat::Json),
            _ => Err("must be \"text\" or \"json\"".to_owned()),
        }
    }
}

/// Credentials, read only from the environment.
#[derive(Debug, Clone, Default)]
pub struct Secrets {
    pub telegram_token: Secret,
    pub telegram_webhook_secret: Secret,
    pub payment_provider_token: Secret,
    pub daily_api_key: Secret,
    pub daily_webhook_secret: Secret,
    pub jaas_private_key: Secret,
    /// The JaaS webhook endpoint's signing secret: with it, JaaS calls report who joined.
    pub jaas_webhook_secret: Secret,
    pub jitsi_app_secret: Secret,
}

impl Config {
    /// Loads from the process environment (`PNP_CONFIG` and `PNP_*`).
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::load(&std::env::vars().collect())
    }

    /// Loads the layers with `env` standing for the environment, so tests need not touch the
    /// process's own.
    pub fn load(env: &HashMap<String, String>) -> Result<Self, ConfigError> {
        let mut value: toml::Table = parse_toml(DEFAULT_TOML, "config/default.toml")?;
        if let Some(path) = env.get("PNP_CONFIG").filter(|p| !p.is_empty()) {
            let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
                path: path.clone(),
                source,
            })?;
            merge(&mut value, parse_toml(&text, path)?);
        }
        // Every key answers to PNP_<SECTION>__<FIELD>; the contract names, applied after, win.
        let keys: Vec<String> = value
            .iter()
            .filter_map(|(section, table)| Some((section, table.as_table()?)))
            .flat_map(|(section, table)| {
                table
                    .iter()
                    .filter(|(_, v)| !v.is_table())
                    .map(move |(field, _)| format!("{section}.{field}"))
            })
            .collect();
        for key in &keys {
            if let Some(raw) = env.get(&generic_var(key)) {
                set_from_env(&mut value, key, raw)?;
            }
        }
        for (var, key) in ENV_KEYS {
            if let Some(raw) = env.get(*var) {
                set_from_env(&mut value, key, raw)?;
            }
        }
        for code in Lang::codes() {
            if let Some(raw) = env.get(&terms_var(code)) {
                set_terms(&mut value, code, raw);
            }
        }
        let mut config: Config =
            serde_path_to_error::deserialize(toml::Value::Table(value)).map_err(|e| {
                // One line: toml's Display repeats the path on a line of its own.
                invalid(&e.path().to_string(), reword(e.inner().message()))
            })?;
        let secret = |name: &str| Secret::new(env.get(name).cloned().unwrap_or_default());
        config.secrets = Secrets {
            telegram_token: secret("PNP_TELEGRAM_TOKEN"),
            telegram_webhook_secret: secret("PNP_TELEGRAM_WEBHOOK_SECRET"),
            payment_provider_token: secret("PNP_PAYMENT_PROVIDER_TOKEN"),
            daily_api_key: secret("PNP_DAILY_API_KEY"),
            daily_webhook_secret: secret("PNP_DAILY_WEBHOOK_SECRET"),
            jaas_private_key: secret("PNP_JAAS_PRIVATE_KEY"),
            jaas_webhook_secret: secret("PNP_JAAS_WEBHOOK_SECRET"),
            jitsi_app_secret: secret("PNP_JITSI_APP_SECRET"),
        };
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        // An update that may wait out a 429 as long as its request lasts is cut off halfway.
        if self.telegram.max_wait_in_update_secs >= self.http.request_timeout_secs {
            return Err(invalid(
                "telegram.max_wait_in_update_secs",
                "must be shorter than http.request_timeout_secs",
            ));
        }
        /// `value` must lie in `range`: "must be between 1 and 120, got 0".
        fn within<T: PartialOrd + fmt::Display>(
            key: &str,
            value: T,
            range: std::ops::RangeInclusive<T>,
        ) -> Result<(), ConfigError> {
            if range.contains(&value) {
                return Ok(());
            }
            let (low, high) = range.into_inner();
            Err(invalid(
                key,
                format!("must be between {low} and {high}, got {value}"),
            ))
        }
        /// `value` must not be 0: "must be greater than 0, got 0".
        fn positive<T: PartialEq + Default + fmt::Display>(key: &str, value: T) -> Result<(), ConfigError> {
            if value == T::default() {
                return Err(invalid(key, format!("must be greater than 0, got {value}")));
            }
            Ok(())
        }

        let http = &self.http;
        http.addr.parse::<SocketAddr>().map_err(|e| {
            invalid(
                "http.addr",
                format!(
                    "must be an address such as 127.0.0.1:8080 ({e}), got {:?}",
                    http.addr
                ),
            )
        })?;
        if !http.public_url.is_empty() {
            let url = reqwest::Url::parse(&http.public_url).map_err(|e| {
                invalid(
                    "http.public_url",
                    format!("must be a URL ({e}), got {:?}", http.public_url),
                )
            })?;
            if url.scheme() != "https" {
                return Err(invalid(
                    "http.public_url",
                    format!(
                        "must be an https:// URL: Telegram only delivers webhooks there, got {:?}",
                        http.public_url
                    ),
                ));
            }
        }
        positive("http.body_limit_bytes", http.body_limit_bytes)?;
        positive("http.request_timeout_secs", http.request_timeout_secs)?;
        let db = &self.database.url;
        if !(db.starts_with("sqlite:") || db.starts_with("postgres://") || db.starts_with("postgresql://")) {
            return Err(invalid(
                "database.url",
                "must start with sqlite:, postgres:// or postgresql://",
            ));
        }
        positive("database.max_connections", self.database.max_connections)?;
        positive("sqlite.max_connections", self.sqlite.max_connections)?;
        within(
            "telegram.max_updates_in_flight",
            self.telegram.max_updates_in_flight,
            1..=100,
        )?;
        within(
            "sqlite.cache_size_kib",
            self.sqlite.cache_size_kib,
            64..=1_048_576,
        )?;
        within("sqlite.units_per_commit", self.sqlite.units_per_commit, 1..=64)?;
        let api_url = &self.telegram.api_url;
        reqwest::Url::parse(api_url).map_err(|e| {
            invalid(
                "telegram.api_url",
                format!("must be a URL ({e}), got {api_url:?}"),
            )
        })?;
        let zone = &self.bot.default_timezone;
        if jiff::tz::TimeZone::get(zone).is_err() {
            return Err(invalid(
                "bot.default_timezone",
                format!("must be an IANA zone name such as America/Mexico_City, got {zone:?}"),
            ));
        }
        within("bot.page_size", self.bot.page_size, 1..=10)?;
        positive("jobs.interval_secs", self.jobs.interval_secs)?;
        let languages = Lang::codes().join(", ");
        let language = &self.bot.default_language;
        if Lang::from_code(language).is_none() {
            return Err(invalid(
                "bot.default_language",
                format!("must be one of the loaded languages: {languages}, got {language:?}"),
            ));
        }
        if let Some(code) = self.bot.terms.keys().find(|code| Lang::from_code(code).is_none()) {
            return Err(ConfigError::Invalid {
                setting: format!("{} (bot.terms.{code})", terms_var(code)),
                message: format!("is not a loaded language; the loaded ones are {languages}"),
            });
        }
        let currency = &self.payments.currency;
        if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(invalid(
                "payments.currency",
                format!("must be a 3-letter uppercase currency code such as XTR or USD, got {currency:?}"),
            ));
        }
        if currency != "XTR" && self.secrets.payment_provider_token.is_empty() {
            return Err(ConfigError::Required {
                var: "PNP_PAYMENT_PROVIDER_TOKEN",
                why: format!("when the currency is {currency} (only XTR, Telegram Stars, needs none)"),
            });
        }
        // Longer holds would block a performer's time for hours without payment.
        within("payments.hold_minutes", self.payments.hold_minutes, 1..=120)?;
        // Zero would refuse every hold: a misconfiguration, not a policy.
        positive("payments.max_unpaid_holds", self.payments.max_unpaid_holds)?;
        positive("payments.max_holds_per_hour", self.payments.max_holds_per_hour)?;
        positive("payments.refund_max_attempts", self.payments.refund_max_attempts)?;
        within(
            "payments.commission_percent",
            self.payments.commission_percent,
            0..=100,
        )?;
        within("reviews.reminder_hours", self.reviews.reminder_hours, 1..=720)?;
        within("reviews.text_max_chars", self.reviews.text_max_chars, 1..=2000)?;
        positive("broadcast.rate", self.broadcast.rate)?;
        // Zero would refuse everyone; past a thousand the limit stops nothing.
        within("abuse.updates_burst", self.abuse.updates_burst, 1..=1000)?;
        within(
            "abuse.updates_per_second",
            self.abuse.updates_per_second,
            1..=1000,
        )?;
        within("abuse.notice_every_secs", self.abuse.notice_every_secs, 1..=3600)?;
        within(
            "miniapp.init_data_max_age_secs",
            self.miniapp.init_data_max_age_secs,
            60..=604_800,
        )?;
        // A few moves are a courtesy; more would let one booking hold a performer's week.
        within("bookings.max_reschedules", self.bookings.max_reschedules, 0..=10)?;
        // Long enough to notice the message, short enough that the user still wants the call.
        within(
            "bookings.start_now_accept_secs",
            self.bookings.start_now_accept_secs,
            10..=600,
        )?;
        // A share of the booked length, in percent.
        within(
            "calls.min_connected_percent",
            self.calls.min_connected_percent,
            1..=100,
        )?;
        for tag in &self.profile.tags {
            if !(2..=24).contains(&tag.chars().count()) {
                return Err(invalid(
                    "profile.tags",
                    format!("must be 2 to 24 characters each, got {tag:?}"),
                ));
            }
        }
        positive("profile.bio_max_chars", self.profile.bio_max_chars)?;
        Ok(())
    }

    /// The video provider's settings, secrets included.
    pub fn video_settings(&self) -> crate::video::VideoSettings {
        let video = &self.video;
        crate::video::VideoSettings {
            provider: video.provider,
            daily_api_url: video.daily_api_url.clone(),
            daily_api_key: self.secrets.daily_api_key.expose().to_owned(),
            jaas_app_id: video.jaas_app_id.clone(),
            jaas_key_id: video.jaas_key_id.clone(),
            jaas_private_key: self.secrets.jaas_private_key.expose().to_owned(),
            jitsi_url: video.jitsi_url.clone(),
            jitsi_app_id: video.jitsi_app_id.clone(),
            jitsi_app_secret: self.secrets.jitsi_app_secret.expose().to_owned(),
            jitsi_audience: video.jitsi_audience.clone(),
            request_timeout: std::time::Duration::from_secs(video.request_timeout_secs),
        }
    }

    /// Whether `telegram_id` is a superadmin from `PNP_SUPERADMINS`.
    pub fn is_superadmin(&self, telegram_id: i64) -> bool {
        self.telegram.superadmins.contains(&telegram_id)
    }

    /// The Bot API base for this bot: `<api_url>/bot<token>`.
    pub fn bot_api_base(&self) -> Option<String> {
        let token = self.secrets.telegram_token.expose();
        (!token.is_empty()).then(|| format!("{}/bot{}", self.telegram.api_url.trim_end_matches('/'), token))
    }
}

fn parse_toml(text: &str, origin: &str) -> Result<toml::Table, ConfigError> {
    text.parse::<toml::Table>().map_err(|e| ConfigError::Toml {
        origin: origin.to_owned(),
        message: e.message().to_owned(),
    })
}

/// Overlays `top` on `base`, table by table.
fn merge(base: &mut toml::Table, top: toml::Table) {
    for (key, value) in top {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(t)) => merge(b, t),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// Sets `bot.terms.<code>` from its env var.
fn set_terms(root: &mut toml::Table, code: &str, raw: &str) {
    let bot = root
        .entry("bot")
        .or_insert_with(|| toml::Value::Table(toml::Table::new()));
    if let Some(bot) = bot.as_table_mut() {
        let terms = bot
            .entry("terms")
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        if let Some(terms) = terms.as_table_mut() {
            terms.insert(code.to_owned(), toml::Value::String(raw.to_owned()));
        }
    }
}

/// Sets `key` from an env var, typed like the default value at that key.
fn set_from_env(root: &mut toml::Table, key: &str, raw: &str) -> Result<(), ConfigError> {
    let (section, field) = key.split_once('.').expect("env keys are section.field");
    let table = root
        .get_mut(section)
        .and_then(toml::Value::as_table_mut)
        .expect("every env key has a section in default.toml");
    let value = match table.get(field) {
        Some(toml::Value::Integer(_)) => raw
            .trim()
            .parse::<i64>()
            .map(toml::Value::Integer)
            .map_err(|_| invalid(key, format!("must be a whole number, got {raw:?}")))?,
        Some(toml::Value::Boolean(_)) => raw
            .trim()
            .parse::<bool>()
            .map(toml::Value::Boolean)
            .map_err(|_| invalid(key, format!("must be true or false, got {raw:?}")))?,
        Some(toml::Value::Array(items)) if items.iter().any(toml::Value::is_str) => toml::Value::Array(
            raw.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| toml::Value::String(s.to_owned()))
                .collect(),
        ),
        Some(toml::Value::Array(_)) => toml::Value::Array(
            raw.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| {
                    s.parse::<i64>().map(toml::Value::Integer).map_err(|_| {
                        invalid(key, format!("must be comma-separated whole numbers, got {s:?}"))
                    })
                })
                .collect::<Result<_, _>>()?,
        ),
        Some(toml::Value::Float(_)) => raw
            .trim()
            .parse::<f64>()
            .map(toml::Value::Float)
            .map_err(|_| invalid(key, format!("must be a number, got {raw:?}")))?,
        _ => toml::Value::String(raw.to_owned()),
    };
    table.insert(field.to_owned(), value);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_load_without_any_environment() {
        let config = Config::load(&HashMap::new()).unwrap();
        assert_eq!(config.http.addr, "127.0.0.1:8080");
        assert_eq!(config.database.url, "sqlite://data/pnp-live.db?mode=rwc");
        assert_eq!(config.payments.currency, "XTR");
        assert_eq!(config.payments.hold_minutes, 10);
        assert_eq!(config.bookings.max_reschedules, 2);
        assert!(config.bookings.start_now_needs_acceptance);
        assert_eq!(config.bookings.start_now_accept_secs, 60);
        assert_eq!(config.payments.max_unpaid_holds, 1);
        assert_eq!(config.payments.max_holds_per_hour, 10);
        assert_eq!(config.broadcast.rate, 25);
        assert_eq!(config.video.provider, ProviderKind::Meet);
        assert_eq!(config.log.format, LogFormat::Text);
        assert_eq!(config.bot.support_contact, "");
        assert!(config.bot_api_base().is_none());
    }

    #[test]
    fn env_vars_override_with_their_contract_names() {
        let config = Config::load(&env(&[
            ("PNP_HTTP_ADDR", "0.0.0.0:9000"),
            ("PNP_SUPERADMINS", "11, 22"),
            ("PNP_HOLD_MINUTES", "15"),
            ("PNP_TELEGRAM_TOKEN", "123:abc"),
            ("PNP_SUPPORT_CONTACT", "@pnp_support"),
            ("PNP_MAX_RESCHEDULES", "3"),
            ("PNP_START_NOW_NEEDS_ACCEPTANCE", "false"),
            ("PNP_START_NOW_ACCEPT_SECS", "90"),
        ]))
        .unwrap();
        assert_eq!(config.bookings.max_reschedules, 3);
        assert!(!config.bookings.start_now_needs_acceptance);
        assert_eq!(config.bookings.start_now_accept_secs, 90);
        let err = Config::load(&env(&[("PNP_START_NOW_ACCEPT_SECS", "5")])).unwrap_err();
        assert!(err.to_string().contains("PNP_START_NOW_ACCEPT_SECS"), "{err}");
        assert_eq!(config.bot.support_contact, "@pnp_support");
        assert_eq!(config.http.addr, "0.0.0.0:9000");
        assert_eq!(config.telegram.superadmins, vec![11, 22]);
        assert_eq!(config.payments.hold_minutes, 15);
        assert_eq!(
            config.bot_api_base().unwrap(),
            "https://api.telegram.org/bot123:abc"
        );
    }

    #[test]
    fn a_bad_value_names_its_key_in_one_line() {
        let err = Config::load(&env(&[("PNP_HOLD_MINUTES", "ten")]))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "config error: PNP_HOLD_MINUTES (payments.hold_minutes) must be a whole number, got \"ten\""
        );
        let err = Config::load(&env(&[("PNP_VIDEO_PROVIDER", "zoom")]))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "config error: PNP_VIDEO_PROVIDER (video.provider) must be one of meet, daily, jaas, jitsi"
        );
        let err = Config::load(&env(&[("PNP_LOG_FORMAT", "yaml")]))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "config error: PNP_LOG_FORMAT (log.format) must be \"text\" or \"json\""
        );
        let config = Config::load(&env(&[
            ("PNP_VIDEO_PROVIDER", "jitsi"),
            ("PNP_LOG_FORMAT", "json"),
        ]));
        let config = config.unwrap();
        assert_eq!(
            (config.video.provider, config.log.format),
            (ProviderKind::Jitsi, LogFormat::Json)
        );
    }

    #[test]
    fn range_zone_and_url_errors_name_the_env_var_and_what_was_given() {
        let err = |pairs: &[(&str, &str)]| Config::load(&env(pairs)).unwrap_err().to_string();
        assert_eq!(
            err(&[("PNP_HOLD_MINUTES", "0")]),
            "config error: PNP_HOLD_MINUTES (payments.hold_minutes) must be between 1 and 120, got 0"
        );
        assert_eq!(
            err(&[("PNP_HOLD_MINUTES", "-1")]),
            "config error: PNP_HOLD_MINUTES (payments.hold_minutes) must be a whole number from 0 to 4294967295, got -1"
        );
        assert_eq!(
            err(&[("PNP_DEFAULT_TIMEZONE", "Mars/Olympus")]),
            "config error: PNP_DEFAULT_TIMEZONE (bot.default_timezone) must be an IANA zone name such as America/Mexico_City, got \"Mars/Olympus\""
        );
        assert!(err(&[("PNP_TELEGRAM_API_URL", "nope")])
            .starts_with("config error: PNP_TELEGRAM_API_URL (telegram.api_url) must be a URL"));
        // A key without a contract name answers to PNP_<SECTION>__<FIELD>, and is named by it.
        assert_eq!(
            err(&[("PNP_BOT__PAGE_SIZE", "11")]),
            "config error: PNP_BOT__PAGE_SIZE (bot.page_size) must be between 1 and 10, got 11"
        );
        let config = Config::load(&env(&[
            ("PNP_JOBS__INTERVAL_SECS", "7"),
            ("PNP_PROFILE__TAGS", "latina, new"),
            ("PNP_PAYMENTS__HOLD_MINUTES", "20"),
            ("PNP_HOLD_MINUTES", "15"),
        ]))
        .unwrap();
        assert_eq!(config.jobs.interval_secs, 7);
        assert_eq!(config.profile.tags, vec!["latina", "new"]);
        assert_eq!(config.payments.hold_minutes, 15, "the contract name wins");
        for message in [
            err(&[("PNP_HOLD_MINUTES", "0")]),
            err(&[("PNP_HTTP_ADDR", "nope")]),
            err(&[("PNP_PAYMENT_CURRENCY", "usd")]),
        ] {
            assert_eq!(message.lines().count(), 1, "{message}");
        }
    }

    #[test]
    fn a_config_file_layers_over_the_defaults_and_unknown_keys_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("extra.toml");
        std::fs::write(&path, "[broadcast]\nrate = 1000\n").unwrap();
        let config = Config::load(&env(&[("PNP_CONFIG", path.to_str().unwrap())])).unwrap();
        assert_eq!(config.broadcast.rate, 1000);
        assert_eq!(config.broadcast.cooldown_minutes, 30);

        std::fs::write(&path, "[telegram]\ntoken = \"123:abc\"\n").unwrap();
        let err = Config::load(&env(&[("PNP_CONFIG", path.to_str().unwrap())]))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("config error: PNP_TELEGRAM__TOKEN (telegram.token)"),
            "{err}"
        );
        assert!(err.contains("token"), "{err}");
    }

    #[test]
    fn sqlite_has_a_pool_of_its_own() {
        let config = Config::load(&HashMap::new()).unwrap();
        assert_eq!(
            (config.database.max_connections, config.sqlite.max_connections),
            (10, 4)
        );
        assert_eq!(
            SqliteConfig::default().max_connections,
            4,
            "as config/default.toml"
        );
        let config = Config::load(&env(&[("PNP_SQLITE__MAX_CONNECTIONS", "2")])).unwrap();
        assert_eq!(
            (config.database.max_connections, config.sqlite.max_connections),
            (10, 2)
        );
        assert!(Config::load(&env(&[("PNP_SQLITE__MAX_CONNECTIONS", "0")])).is_err());
        assert_eq!(Config::load(&env(&[])).unwrap().sqlite.units_per_commit, 8);
        assert_eq!(
            SqliteConfig::default().units_per_commit,
            8,
            "as config/default.toml"
        );
        let config = Config::load(&env(&[("PNP_SQLITE__UNITS_PER_COMMIT", "1")])).unwrap();
        assert_eq!(config.sqlite.units_per_commit, 1);
        assert!(Config::load(&env(&[("PNP_SQLITE__UNITS_PER_COMMIT", "0")])).is_err());
    }

    #[test]
    fn the_default_language_is_any_loaded_locale_and_an_unknown_one_lists_them() {
        let config = Config::load(&env(&[("PNP_DEFAULT_LANGUAGE", "pt")])).unwrap();
        assert_eq!(config.bot.default_language, "pt");
        let err = Config::load(&env(&[("PNP_DEFAULT_LANGUAGE", "fr")]))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "config error: PNP_DEFAULT_LANGUAGE (bot.default_language) must be one of the loaded languages: en, es, pt, got \"fr\""
        );
    }

    #[test]
    fn terms_are_the_locales_unless_replaced_per_language() {
        let config = Config::load(&HashMap::new()).unwrap();
        assert_eq!(config.bot.terms_override("en"), None);
        let config = Config::load(&env(&[("PNP_TERMS_PT", "Só maiores de 18.")])).unwrap();
        assert_eq!(config.bot.terms_override("pt"), Some("Só maiores de 18."));
        assert_eq!(config.bot.terms_override("es"), None);

        // The older keys still work for English and Spanish; bot.terms wins over them.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("terms.toml");
        let file = "[bot]\nterms_en = \"Old English terms.\"\nterms_es = \"Viejos.\"\n[bot.terms]\nes = \"Nuevos.\"\n";
        std::fs::write(&path, file).unwrap();
        let config = Config::load(&env(&[("PNP_CONFIG", path.to_str().unwrap())])).unwrap();
        assert_eq!(config.bot.terms_override("en"), Some("Old English terms."));
        assert_eq!(config.bot.terms_override("es"), Some("Nuevos."));

        std::fs::write(&path, "[bot.terms]\nfr = \"Termes.\"\n").unwrap();
        let err = Config::load(&env(&[("PNP_CONFIG", path.to_str().unwrap())]))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("bot.terms.fr") && err.contains("en, es, pt"),
            "{err}"
        );
    }

    #[test]
    fn secrets_never_appear_in_debug_output() {
        let config = Config::load(&env(&[
            ("PNP_TELEGRAM_TOKEN", "123456:SECRET-TOKEN"),
            ("PNP_TELEGRAM_WEBHOOK_SECRET", "hook-secret-value"),
        ]))
        .unwrap();
        let debug = format!("{config:?}");
        assert!(!debug.contains("SECRET-TOKEN"));
        assert!(!debug.contains("hook-secret-value"));
        assert!(debug.contains("[redacted]"));
    }

    #[test]
    fn a_provider_currency_needs_a_provider_token() {
        let err = Config::load(&env(&[("PNP_PAYMENT_CURRENCY", "USD")]))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("config error: PNP_PAYMENT_PROVIDER_TOKEN is required"),
            "{err}"
        );
        Config::load(&env(&[
            ("PNP_PAYMENT_CURRENCY", "USD"),
            ("PNP_PAYMENT_PROVIDER_TOKEN", "284685063:TEST:abc"),
        ]))
        .unwrap();
    }
}

#[cfg(test)]
mod earnings_and_reviews_tests {
    use super::*;

    fn load(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        Config::load(
            &pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn commission_and_review_settings_have_defaults_ranges_and_env_vars() {
        let config = load(&[]).unwrap();
        assert_eq!(config.payments.commission_percent, 20);
        assert_eq!(config.reviews.reminder_hours, 24);
        assert_eq!(config.reviews.text_max_chars, 500);
        let config = load(&[
            ("PNP_PAYMENTS__COMMISSION_PERCENT", "0"),
            ("PNP_REVIEWS__REMINDER_HOURS", "48"),
        ])
        .unwrap();
        assert_eq!(config.payments.commission_percent, 0);
        assert_eq!(config.reviews.reminder_hours, 48);
        let err = load(&[("PNP_PAYMENTS__COMMISSION_PERCENT", "101")])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("payments.commission_percent") && err.contains("101"),
            "{err}"
        );
        let err = load(&[("PNP_REVIEWS__REMINDER_HOURS", "0")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("must be between 1 and 720, got 0"), "{err}");
    }
}
