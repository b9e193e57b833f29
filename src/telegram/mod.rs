//! Outbound Bot API calls: the one place that talks to Telegram.
//!
//! [`Telegram`] implements frankenstein's [`AsyncTelegramApi`], so handlers call typed methods
//! (`send_message`, `edit_message_text`, …) whose names and results the compiler checks. Every
//! one of them ends in [`Telegram::perform`], which keeps an update's calls until its commit
//! ([`crate::unit`]; the last may ride in the webhook response, [`reply`]), honours a 429's
//! `parameters.retry_after` and records a 403 ("bot was blocked by the user") on the
//! user whose `chat_id` the call addresses, so broadcasts skip them. Broadcasts take the slower
//! [`lane`]; a 429 seen here pauses that lane too: only the refused call's chat, unless the 429
//! is the bot's as a whole ([`lane::Pacer::note_429`]).
//!
//! An update never waits longer than `telegram.max_wait_in_update_secs` for a 429: a message or
//! an invoice Telegram wants to wait longer for goes to the [`outbox`] with its `not_before`
//! and is reported sent (the handler goes on and the webhook is answered in time); a button's or
//! a pre-checkout's answer is dropped (its query expires anyway); anything else fails at once.
//! Background work waits up to `telegram.max_retry_after_secs`.

pub mod lane;
pub mod outbox;

pub mod reply;
mod upload;

use std::fmt::Debug;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use frankenstein::client_reqwest::Bot;
use frankenstein::methods::{EditMessageTextParams, GetUpdatesParams};
use frankenstein::response::{ErrorResponse, MethodResponse};
use frankenstein::AsyncTelegramApi;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::db::Db;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use tracing::{debug, info, warn};

use crate::clock::{Clock, SystemClock};
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
    /// A broadcast call was refused with a 429: the lane pauses, the call is not retried here.
    #[error("Telegram asked to wait {0:?}")]
    RateLimited(Duration),
    #[error("Telegram refused {method}: {code} {description}")]
    Api {
        method: String,
        code: u64,
        description: String,
    },
    #[error("calling Telegram failed: {0}")]
    Transport(String),
}

impl TelegramError {
    /// The message was not accepted because Telegram found nothing to change (an edit with the
    /// same text): harmless for a menu that is redrawn.
    /// Telegram does not accept the bot's token: 401 Unauthorized, or 404 Not Found for a token
    /// of the wrong shape. Retrying cannot help.
    pub fn is_token_rejected(&self) -> bool {
        matches!(self, Self::Api { code: 401 | 404, .. })
    }

    pub fn is_not_modified(&self) -> bool {
        matches!(self, Self::Api { description, .. } if description.contains("message is not modified"))
    }
}

/// Which way out a call takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lane {
    /// Answers to people: may ride in the webhook response, wait out a 429 and retry.
    Interactive,
    /// Broadcast messages ([`lane`]): one attempt, a 429 is the sender's to handle.
    Broadcast,
    /// Calls sent from the [`outbox`]: one attempt, a 429 pushes the row's `not_before`.
    Outbox,
}

/// The Bot API client. Cheap to clone.
#[derive(Clone)]
pub struct Telegram {
    bot: Option<Bot>,
    db: Db,
    max_retries: u32,
    max_retry_after: Duration,
    /// The longest 429 wait a call made while handling an update sleeps through.
    max_wait_in_update: Duration,
    /// The application's clock: an outbox row's `not_before` is on it.
    clock: Arc<dyn Clock>,
    pacer: Arc<lane::Pacer>,
    lane: Lane,
    /// Telegram answered 401/404: the token is wrong or was revoked. Read by `/readyz`.
    token_rejected: Arc<AtomicBool>,
    /// Whether a call may ride in the webhook response ([`Telegram::direct`] turns it off).
    rides: bool,
    /// The bot's @username (without the `@`), learnt from `getMe`: deep links are built on it.
    username: Arc<OnceLock<String>>,
}

impl Telegram {
    pub fn new(config: &Config, db: Db) -> Self {
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
            max_wait_in_update: Duration::from_secs(config.telegram.max_wait_in_update_secs),
            clock: Arc::new(SystemClock),
            pacer: Arc::new(lane::Pacer::new(config.broadcast.rate)),
            lane: Lane::Interactive,
            token_rejected: Arc::new(AtomicBool::new(false)),
            rides: true,
            username: Arc::default(),
        }
    }

    /// The same client on the application's clock (outbox rows are timed on it).
    pub fn with_clock(self, clock: Arc<dyn Clock>) -> Telegram {
        Telegram { clock, ..self }
    }

    /// Sends one call taken from the [`outbox`], once: a 429 comes back as
    /// [`TelegramError::RateLimited`] for the row to wait, never slept through here.
    pub async fn send_from_outbox(&self, method: &str, body: &Value) -> Result<(), TelegramError> {
        let chat_id = body.get("chat_id").and_then(Value::as_i64);
        let telegram = Telegram {
            lane: Lane::Outbox,
            rides: false,
            ..self.clone()
        };
        let (body, _dir, files) = outbox::files_of(body)?;
        let files: Vec<(&str, PathBuf)> = files.iter().map(|(f, p)| (f.as_str(), p.clone())).collect();
        if is_edit_or_send_anew(method, &body) {
            telegram.edit_now_or_send_anew(body).await?;
        } else {
            telegram
                .send_now::<MethodResponse<Value>>(method, chat_id, Some(&body), &files)
                .await?;
        }
        // Telegram took a call to the chat: the pause its 429 began is over.
        if let Some(chat) = chat_id {
            self.pacer.chat_resumed(chat);
        }
        Ok(())
    }

    /// The longest 429 wait this call may sleep through: short while an update is handled
    /// (its webhook must be answered in time), longer for background work.
    fn wait_allowed(&self) -> Duration {
        if reply::in_update() {
            self.max_wait_in_update.min(self.max_retry_after)
        } else {
            self.max_retry_after
        }
    }

    /// A call Telegram wants this update to wait `wait` for, longer than it may: a message or
    /// an invoice is queued in the [`outbox`] and a placeholder result returned; an answer to a
    /// button or a pre-checkout query is dropped (a placeholder too: its query is dead by the
    /// time it could be sent). `None`: the call cannot be deferred and fails.
    ///
    /// `behind_queue`: the chat has calls waiting in the outbox, so this one goes behind them
    /// (from background work too, which could otherwise overtake them).
    async fn defer(
        &self,
        method: &str,
        chat_id: Option<i64>,
        body: Option<&Value>,
        files: &[(&str, PathBuf)],
        wait: Duration,
        behind_queue: bool,
    ) -> Option<Value> {
        if !(reply::in_update() || behind_queue) {
            return None;
        }
        if matches!(method, "answerCallbackQuery" | "answerPreCheckoutQuery") {
            warn!(
                method,
                retry_after = wait.as_secs(),
                "Telegram rate limit: answer dropped"
            );
            metrics::counter!("pnp_telegram_calls_total", "method" => method.to_owned(), "outcome" => "dropped")
                .increment(1);
            return Some(reply::placeholder(method, chat_id));
        }
        let (Some(chat), Some(body)) = (chat_id, body) else {
            return None;
        };
        if !outbox::DEFERRABLE.contains(&method) {
            return None;
        }
        // An upload (the calendar file) is kept with its bytes, to be uploaded again.
        let body = if files.is_empty() {
            body.clone()
        } else {
            outbox::with_files(body, files)?
        };
        let now = self.clock.now();
        let wait = time::Duration::try_from(wait).unwrap_or(time::Duration::MAX);
        match outbox::queue(&self.db, chat, method, &body, now + wait, now).await {
            Ok(id) => {
                self.pacer.note_queued(chat);
                info!(
                    method,
                    chat_id = chat,
                    outbox_id = id,
                    retry_after = wait.whole_seconds(),
                    "Telegram rate limit: queued in the outbox"
                );
                metrics::counter!("pnp_telegram_calls_total", "method" => method.to_owned(), "outcome" => "queued")
                    .increment(1);
                Some(reply::placeholder(method, chat_id))
            }
            Err(e) => {
                warn!(method, chat_id = chat, error = %e, "could not queue a call in the outbox");
                None
            }
        }
    }

    /// The same client for messages that must arrive and be known to (a meeting link, a notice
    /// to the other party): never held for the webhook response, whose loss nobody would see,
    /// but sent now, in order after anything held.
    pub fn direct(&self) -> Telegram {
        Telegram {
            rides: false,
            ..self.clone()
        }
    }

    /// Whether Telegram has refused this bot's token (on any call since start-up).
    pub fn token_rejected(&self) -> bool {
        self.token_rejected.load(Ordering::Relaxed)
    }

    /// Asks Telegram who the bot is (`getMe`): a wrong or revoked token is found at start-up,
    /// not at the first person's message.
    pub async fn check_token(&self) -> Result<frankenstein::types::User, TelegramError> {
        let me = self.get_me().await?.result;
        if let Some(username) = me.username.as_deref().filter(|u| !u.is_empty()) {
            let _ = self.username.set(username.to_owned());
        }
        Ok(me)
    }

    /// The bot's @username without the `@`: learnt from `getMe` at start-up, or asked now when
    /// start-up could not reach Telegram. `None` when Telegram cannot be asked.
    pub async fn bot_username(&self) -> Option<String> {
        if let Some(username) = self.username.get() {
            return Some(username.clone());
        }
        match self.check_token().await {
            Ok(_) => self.username.get().cloned(),
            Err(e) => {
                warn!(error = %e, "could not learn the bot's username");
                None
            }
        }
    }

    pub fn is_configured(&self) -> bool {
        self.bot.is_some()
    }

    /// `getUpdates` with each update left as raw JSON: the typed [`AsyncTelegramApi::get_updates`]
    /// would fail the whole batch on one update frankenstein cannot parse, where
    /// [`crate::bot::take_in`] acknowledges that one and goes on, exactly as for the webhook.
    pub async fn get_raw_updates(&self, params: &GetUpdatesParams) -> Result<Vec<Value>, TelegramError> {
        let response: MethodResponse<Vec<Value>> = self.request("getUpdates", Some(params)).await?;
        Ok(response.result)
    }

    /// Shows a screen in the message `params` names: edits its text, or — when Telegram
    /// refuses the edit (too old, deleted, not a text message after all) — takes the buttons off
    /// it and sends the screen as a new message, so no dead keyboard is left behind. "Not
    /// modified" (the same button pressed twice) is success. Inside an update the whole of it is
    /// one kept call ([`crate::unit`]), decided when it is made after the commit.
    pub async fn edit_or_send_anew(&self, params: &EditMessageTextParams) -> Result<(), TelegramError> {
        let mut body = encode("editMessageText", params)?;
        if let Some(fields) = body.as_object_mut() {
            fields.insert(SEND_ANEW.to_owned(), Value::Bool(true));
        }
        self.perform::<MethodResponse<Value>>("editMessageText", Some(body), Vec::new())
            .await
            .map(|_| ())
    }

    /// [`Telegram::edit_or_send_anew`], made now.
    async fn edit_now_or_send_anew(&self, mut body: Value) -> Result<(), TelegramError> {
        if let Some(fields) = body.as_object_mut() {
            fields.remove(SEND_ANEW);
        }
        let chat_id = body.get("chat_id").and_then(Value::as_i64);
        let edited = self
            .send_now::<MethodResponse<Value>>("editMessageText", chat_id, Some(&body), &[])
            .await;
        match edited {
            Ok(_) => return Ok(()),
            Err(e) if e.is_not_modified() => return Ok(()),
            // Too old to edit, deleted, or not text after all: replaced below.
            Err(e @ TelegramError::Api { .. }) => debug!(error = %e, "screen not editable; sent anew"),
            Err(e) => return Err(e),
        }
        // Best effort: a deleted or too old message keeps whatever it has.
        let retire = serde_json::json!({
            "chat_id": body["chat_id"],
            "message_id": body["message_id"],
            "reply_markup": {"inline_keyboard": []},
        });
        if let Err(e) = self
            .send_now::<MethodResponse<Value>>("editMessageReplyMarkup", chat_id, Some(&retire), &[])
            .await
        {
            debug!(error = %e, "old keyboard not removed");
        }
        let mut anew = serde_json::json!({"chat_id": body["chat_id"], "text": body["text"]});
        for field in ["reply_markup", "parse_mode", "entities", "link_preview_options"] {
            if let Some(value) = body.get(field) {
                anew[field] = value.clone();
            }
        }
        self.send_now::<MethodResponse<Value>>("sendMessage", chat_id, Some(&anew), &[])
            .await
            .map(|_| ())
    }

    /// Makes a call an update kept until its commit ([`crate::unit`]), as it would have been
    /// made in the handler. A refusal is logged (the handler has moved on); a transient failure
    /// (the network, a 5xx) is returned, for the outbox to make the call again.
    pub(crate) async fn make_kept(&self, call: &crate::unit::Call) -> Result<(), TelegramError> {
        let telegram = Telegram {
            rides: false,
            ..self.clone()
        };
        let made = match outbox::files_of(&call.body) {
            Ok((body, _dir, files)) => {
                let files: Vec<(&str, PathBuf)> =
                    files.iter().map(|(f, p)| (f.as_str(), p.clone())).collect();
                telegram
                    .perform::<MethodResponse<Value>>(&call.method, Some(body), files)
                    .await
                    .map(|_| ())
            }
            Err(e) => Err(e),
        };
        match made {
            Err(e @ (TelegramError::Transport(_) | TelegramError::Api { code: 500.., .. })) => Err(e),
            Err(e) => {
                warn!(method = call.method, chat_id = call.chat_id, error = %e, "a call made after the update's commit was refused");
                Ok(())
            }
            Ok(()) => Ok(()),
        }
    }

    /// Makes one call: inside an update, keeps it to be made after the update's commit (the
    /// last one may ride in the webhook response, [`crate::unit::ride`]); else sends it now.
    async fn perform<O: DeserializeOwned>(
        &self,
        method: &str,
        body: Option<Value>,
        files: Vec<(&str, PathBuf)>,
    ) -> Result<O, TelegramError> {
        if self.bot.is_none() {
            debug!(method, "no Telegram token: not sending");
            return Err(TelegramError::NotConfigured);
        }
        // A 403 is recorded on the private chat the call addresses; calls without a chat
        // (answerCallbackQuery, setWebhook…) cannot be refused for a blocked bot.
        let chat_id = body
            .as_ref()
            .and_then(|b| b.get("chat_id"))
            .and_then(Value::as_i64);
        if self.lane == Lane::Interactive && crate::unit::keeping() {
            if let Some(kept) = self.keep(method, chat_id, body.as_ref(), &files) {
                return serde_json::from_value(kept)
                    .map_err(|e| TelegramError::Transport(format!("placeholder for {method}: {e}")));
            }
            // An external call whose result the handler reads: what the update did so far is
            // committed first (record, then attempt).
            Box::pin(crate::unit::commit_point())
                .await
                .map_err(|e| TelegramError::Transport(format!("committing before {method}: {e}")))?;
        }
        if is_edit_or_send_anew(method, body.as_ref().unwrap_or(&Value::Null)) {
            let body = body.unwrap_or_default();
            self.edit_now_or_send_anew(body).await?;
            return serde_json::from_value(serde_json::json!({"ok": true, "result": true}))
                .map_err(|e| TelegramError::Transport(format!("result of {method}: {e}")));
        }
        self.send_now(method, chat_id, body.as_ref(), &files).await
    }

    /// Makes the HTTP call now, with the 429 and 403 handling.
    async fn send_now<O: DeserializeOwned>(
        &self,
        method: &str,
        chat_id: Option<i64>,
        body: Option<&Value>,
        files: &[(&str, PathBuf)],
    ) -> Result<O, TelegramError> {
        let Some(bot) = &self.bot else {
            return Err(TelegramError::NotConfigured);
        };
        // A broadcast message took its token from the pacer before coming here.
        if self.lane == Lane::Interactive
            && (method.starts_with("send") || method.starts_with("copy") || method.starts_with("forward"))
        {
            self.pacer.note_interactive();
        }
        // The chat is still in a 429 pause this update may not wait out: what can be deferred
        // goes behind what was queued before, in order, without asking Telegram again.
        let interactive_chat = chat_id.filter(|_| self.lane == Lane::Interactive);
        let paused = interactive_chat
            .and_then(|chat| self.pacer.chat_paused_for(chat))
            .filter(|left| *left > self.wait_allowed());
        // Calls queued for the chat before go first, even once its pause is over.
        let behind_queue = interactive_chat.is_some_and(|chat| self.pacer.has_queued(chat));
        if paused.is_some() || behind_queue {
            let left = paused.unwrap_or(Duration::ZERO);
            if let Some(placeholder) = self.defer(method, chat_id, body, files, left, behind_queue).await {
                return serde_json::from_value(placeholder)
                    .map_err(|e| TelegramError::Transport(format!("placeholder for {method}: {e}")));
            }
        }
        let label = method.to_owned();
        let mut attempt = 0;
        // What this call has slept through already: the allowance is for all its retries.
        let mut waited = Duration::ZERO;
        loop {
            // The result is taken apart before anything else is awaited: the output type need
            // not be `Send`, so it must not live across an await.
            let error = {
                let sent = match (files.is_empty(), body) {
                    (false, Some(body)) => bot.request_with_form_data(method, body, files.to_vec()).await,
                    _ => bot.request(method, body).await,
                };
                match sent {
                    Ok(response) => {
                        metrics::counter!("pnp_telegram_calls_total", "method" => label, "outcome" => "ok")
                            .increment(1);
                        return Ok(response);
                    }
                    Err(error) => error,
                }
            };
            match error {
                frankenstein::Error::Api(error) => {
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
                    metrics::counter!("pnp_telegram_calls_total", "method" => label.clone(), "outcome" => outcome)
                        .increment(1);
                    if error_code == 429 {
                        metrics::counter!("pnp_telegram_429_total", "method" => label.clone()).increment(1);
                        let wait = Duration::from_secs(
                            parameters.and_then(|p| p.retry_after).map(u64::from).unwrap_or(1),
                        );
                        self.pacer.note_429(chat_id, wait);
                        // The broadcast sender reschedules the message itself.
                        if matches!(self.lane, Lane::Broadcast | Lane::Outbox) {
                            return Err(TelegramError::RateLimited(wait));
                        }
                        if waited + wait > self.wait_allowed() {
                            if let Some(placeholder) =
                                self.defer(method, chat_id, body, files, wait, false).await
                            {
                                return serde_json::from_value(placeholder).map_err(|e| {
                                    TelegramError::Transport(format!("placeholder for {method}: {e}"))
                                });
                            }
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
                            waited += wait;
                            continue;
                        }
                    }
                    if error_code == 403 {
                        if let Some(chat_id) = chat_id {
                            self.record_blocked(chat_id).await;
                        }
                        return Err(TelegramError::Blocked(description));
                    }
                    let error = TelegramError::Api {
                        method: label,
                        code: error_code,
                        description,
                    };
                    if error.is_token_rejected() {
                        self.token_rejected.store(true, Ordering::Relaxed);
                    }
                    return Err(error);
                }
                // The reqwest error carries no URL (frankenstein strips it), so no token leaks.
                other => {
                    metrics::counter!("pnp_telegram_calls_total", "method" => label, "outcome" => "transport").increment(1);
                    return Err(TelegramError::Transport(other.to_string()));
                }
            }
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

/// The typed Bot API methods of frankenstein, each ending in [`Telegram::perform`].
#[async_trait::async_trait]
impl AsyncTelegramApi for Telegram {
    type Error = TelegramError;

    async fn request<Params, Output>(
        &self,
        method: &str,
        params: Option<Params>,
    ) -> Result<Output, Self::Error>
    where
        Params: Serialize + Debug + Send,
        Output: DeserializeOwned,
    {
        let body = params.map(|p| encode(method, &p)).transpose()?;
        self.perform(method, body, Vec::new()).await
    }

    async fn request_with_form_data<Params, Output>(
        &self,
        method: &str,
        params: Params,
        files: Vec<(&str, PathBuf)>,
    ) -> Result<Output, Self::Error>
    where
        Params: Serialize + Debug + Send,
        Output: DeserializeOwned,
    {
        let body = encode(method, &params)?;
        self.perform(method, Some(body), files).await
    }
}

/// Methods an update keeps until its commit ([`crate::unit`]): their callers read nothing of
/// the result beyond success (a screen's edit is [`Telegram::edit_or_send_anew`], decided when
/// it is made).
const KEPT: &[&str] = &[
    "sendMessage",
    "sendPhoto",
    "sendDocument",
    "sendMediaGroup",
    "sendInvoice",
    "editMessageText",
    "editMessageReplyMarkup",
    "answerCallbackQuery",
    "answerPreCheckoutQuery",
];

/// The field marking an `editMessageText` as [`Telegram::edit_or_send_anew`] (never a Bot API
/// field; removed before the call is made).
const SEND_ANEW: &str = "_or_send_anew";

fn is_edit_or_send_anew(method: &str, body: &Value) -> bool {
    method == "editMessageText" && body.get(SEND_ANEW).is_some()
}

impl Telegram {
    /// Keeps a call of the update in its unit; returns the result to give its caller, or
    /// `None` when the call is to be made now.
    fn keep(
        &self,
        method: &str,
        chat_id: Option<i64>,
        body: Option<&Value>,
        files: &[(&str, PathBuf)],
    ) -> Option<Value> {
        let body = body.filter(|b| b.is_object())?;
        if !KEPT.contains(&method) {
            return None;
        }
        // An upload is kept with its bytes: the handler's files are gone by the commit.
        let body = if files.is_empty() {
            body.clone()
        } else {
            outbox::with_files(body, files)?
        };
        let kept = crate::unit::keep(crate::unit::Call {
            method: method.to_owned(),
            chat_id,
            body,
            rides: self.rides,
        });
        kept.then(|| reply::placeholder(method, chat_id))
    }
}

/// The parameters as JSON, once: read for the chat, held as a webhook reply, or sent (again,
/// after a 429).
fn encode<P: Serialize>(method: &str, params: &P) -> Result<Value, TelegramError> {
    serde_json::to_value(params).map_err(|e| TelegramError::Transport(format!("encoding {method}: {e}")))
}
