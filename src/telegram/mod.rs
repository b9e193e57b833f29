//! Outbound Bot API calls: the one place that talks to Telegram.
//!
//! Every call goes through [`Telegram::call`], which honours a 429's `parameters.retry_after`
//! and records a 403 ("bot was blocked by the user") on the user's row, so broadcasts skip them.
//! Broadcasts take the slower [`lane`]; a 429 seen here pauses that lane too.

pub mod lane;

pub mod reply;
mod upload;

use std::fmt::Debug;
use std::sync::Arc;
use std::time::Duration;

use frankenstein::client_reqwest::Bot;
use frankenstein::response::{ErrorResponse, MethodResponse};
use frankenstein::AsyncTelegramApi;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use serde::de::DeserializeOwned;
use serde::Serialize;
use tracing::{debug, warn};

use crate::config::Config;

/// Why a Bot API call did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum TelegramError {
    #[error("no Telegram token is configured (PNP_TELEGRAM_TOKEN), nothing is sent")]
    NotConfigured,
    #[error("the user has blocked the bot or cannot be messaged: {0}")]
    Blocked(String),
    #[error("Telegram asked to wait {0} s, longer than allowed")]
    RetryTooLong(u64),
    #[error("Telegram refused {method}: {code} {description}")]
    Api {
        method: &'static str,
        code: u64,
        description: String,
    },
    #[error("calling Telegram failed: {0}")]
    Transport(String),
}

impl TelegramError {
    /// The message was not accepted because Telegram found nothing to change (an edit with the
    /// same text): harmless for a menu that is redrawn.
    pub fn is_not_modified(&self) -> bool {
        matches!(self, Self::Api { description, .. } if description.contains("message is not modified"))
    }
}

/// The Bot API client. Cheap to clone.
#[derive(Clone)]
pub struct Telegram {
    bot: Option<Bot>,
    db: DatabaseConnection,
    max_retries: u32,
    max_retry_after: Duration,
    pacer: Arc<lane::Pacer>,
}

impl Telegram {
    pub fn new(config: &Config, db: DatabaseConnection) -> Self {
        let bot = config.bot_api_base().map(|base| {
            let client = reqwest::Client::builder()
                .connect_timeout(Duration::from_secs(10))
                // Long polling waits up to poll_timeout_secs for an answer.
                .timeout(Duration::from_secs(
                    u64::from(config.telegram.poll_timeout_secs) + 15,
                ))
                .build()
                .expect("a reqwest client with static settings builds");
            Bot::builder().api_url(base).client(client).build()
        });
        Self {
            bot,
            db,
            max_retries: config.telegram.max_retries,
            max_retry_after: Duration::from_secs(config.telegram.max_retry_after_secs),
            pacer: Arc::new(lane::Pacer::new(config.broadcast.rate)),
        }
    }

    pub fn is_configured(&self) -> bool {
        self.bot.is_some()
    }

    /// Calls `method` with `params`. `chat_id` names the private chat the call is about, so a 403
    /// can be recorded on that user.
    pub async fn call<P, O>(
        &self,
        method: &'static str,
        chat_id: Option<i64>,
        params: &P,
    ) -> Result<O, TelegramError>
    where
        P: Serialize + Debug + Sync,
        O: DeserializeOwned,
    {
        if self.bot.is_none() {
            debug!(method, "no Telegram token: not sending");
            return Err(TelegramError::NotConfigured);
        }
        if let Some((held_method, held_chat, body)) = reply::take_held() {
            self.send_now::<_, serde_json::Value>(held_method, held_chat, &body)
                .await?;
        }
        if let Some(placeholder) = reply::try_hold(method, chat_id, params) {
            return serde_json::from_value(placeholder).map_err(|e| TelegramError::Transport(e.to_string()));
        }
        self.send_now(method, chat_id, params).await
    }

    /// Makes the HTTP call now, with the 429 and 403 handling.
    async fn send_now<P, O>(
        &self,
        method: &'static str,
        chat_id: Option<i64>,
        params: &P,
    ) -> Result<O, TelegramError>
    where
        P: Serialize + Debug + Sync,
        O: DeserializeOwned,
    {
        let Some(bot) = &self.bot else {
            return Err(TelegramError::NotConfigured);
        };
        if method.starts_with("send") || method.starts_with("copy") || method.starts_with("forward") {
            self.pacer.note_interactive();
        }
        let mut attempt = 0;
        loop {
            match bot.request::<&P, MethodResponse<O>>(method, Some(params)).await {
                Ok(response) => {
                    metrics::counter!("pnp_telegram_calls_total", "method" => method, "outcome" => "ok")
                        .increment(1);
                    return Ok(response.result);
                }
                Err(frankenstein::Error::Api(error)) => {
                    let ErrorResponse {
                        error_code,
                        description,
                        parameters,
                        ..
                    } = error;
                    let outcome = match error_code {
                        429 => "rate_limited",
                        403 => "blocked",
                        _ => "error",
                    };
                    metrics::counter!("pnp_telegram_calls_total", "method" => method, "outcome" => outcome)
                        .increment(1);
                    if error_code == 429 {
                        metrics::counter!("pnp_telegram_429_total", "method" => method).increment(1);
                        let wait = Duration::from_secs(
                            parameters.and_then(|p| p.retry_after).map(u64::from).unwrap_or(1),
                        );
                        self.pacer.pause_for(wait);
                        if wait > self.max_retry_after {
                            warn!(
                                method,
                                retry_after = wait.as_secs(),
                                "Telegram rate limit longer than allowed"
                            );
                            return Err(TelegramError::RetryTooLong(wait.as_secs()));
                        }
                        if attempt < self.max_retries {
                            attempt += 1;
                            warn!(
                                method,
                                retry_after = wait.as_secs(),
                                attempt,
                                "Telegram rate limit: waiting"
                            );
                            tokio::time::sleep(wait).await;
                            continue;
                        }
                    }
                    if error_code == 403 {
                        if let Some(chat_id) = chat_id {
                            self.record_blocked(chat_id).await;
                        }
                        return Err(TelegramError::Blocked(description));
                    }
                    return Err(TelegramError::Api {
                        method,
                        code: error_code,
                        description,
                    });
                }
                // The reqwest error carries no URL (frankenstein strips it), so no token leaks.
                Err(other) => {
                    metrics::counter!("pnp_telegram_calls_total", "method" => method, "outcome" => "transport").increment(1);
                    return Err(TelegramError::Transport(other.to_string()));
                }
            }
        }
    }

    pub(crate) fn bot(&self) -> Option<&Bot> {
        self.bot.as_ref()
    }

    /// A failed call's error, with a 403 recorded on the user (for calls that are not retried).
    pub(crate) async fn classify(
        &self,
        method: &'static str,
        chat_id: Option<i64>,
        error: frankenstein::Error,
    ) -> TelegramError {
        match error {
            frankenstein::Error::Api(ErrorResponse {
                error_code: 403,
                description,
                ..
            }) => {
                if let Some(chat_id) = chat_id {
                    self.record_blocked(chat_id).await;
                }
                TelegramError::Blocked(description)
            }
            frankenstein::Error::Api(ErrorResponse {
                error_code,
                description,
                ..
            }) => TelegramError::Api {
                method,
                code: error_code,
                description,
            },
            other => TelegramError::Transport(other.to_string()),
        }
    }

    async fn record_blocked(&self, telegram_id: i64) {
        use entity::users;
        use sea_orm::sea_query::Expr;
        let now = crate::clock::now_utc();
        let result = users::Entity::update_many()
            .col_expr(users::Column::BotBlockedAt, Expr::value(now))
            .col_expr(users::Column::UpdatedAt, Expr::value(now))
            .filter(users::Column::TelegramId.eq(telegram_id))
            .filter(users::Column::BotBlockedAt.is_null())
            .exec(&self.db)
            .await;
        match result {
            Ok(_) => debug!(telegram_id, "user has blocked the bot"),
            Err(e) => warn!(telegram_id, error = %e, "could not record that the user blocked the bot"),
        }
    }
}
