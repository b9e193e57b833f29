//! The bot: one update → one handler. Updates are parsed at the edge into typed inputs
//! ([`Command`], [`Callback`], plain messages), and handlers reply through [`Ctx`].

pub mod admin;
pub mod callback;
pub mod callback_data;
mod command;
mod ctx;
pub mod dispute;
mod error;
mod lenient;
pub mod limiter;
pub mod performer;
pub mod user;

pub use command::{
    commands, refresh_commands, set_default_commands, set_superadmin_commands, Command, StartLink,
};
pub use ctx::{keyboard, with_url_row, Ctx, OriginKind};
pub use error::{BotError, Disposition, Result};

use frankenstein::methods::AnswerCallbackQueryParams;
use frankenstein::types::{AllowedUpdate, ChatMember, ChatType, MaybeInaccessibleMessage, Message};
use frankenstein::updates::{Update, UpdateContent};
use frankenstein::AsyncTelegramApi;
use serde::{Deserialize, Serialize};
use tracing::{debug, info, warn, Instrument};

use crate::i18n::tr;
use crate::services::{updates, users as user_service};
use crate::state::AppState;
use crate::telegram::reply;
use callback::Callback;
use user::{menu, pay};

/// The update kinds the bot handles; `webhook set` and `poll` ask Telegram for exactly these.
pub const ALLOWED_UPDATES: &[AllowedUpdate] = &[
    AllowedUpdate::Message,
    AllowedUpdate::CallbackQuery,
    AllowedUpdate::PreCheckoutQuery,
    AllowedUpdate::MyChatMember,
];

/// Zones offered with one tap (to users in Settings, to performers in Availability): where this
/// audience mostly lives. Any other IANA zone can be typed.
pub const COMMON_ZONES: &[&str] = &[
    "America/Mexico_City",
    "America/Bogota",
    "America/Lima",
    "America/Caracas",
    "America/Santiago",
    "America/Argentina/Buenos_Aires",
    "America/Sao_Paulo",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Europe/Madrid",
    "Europe/Lisbon",
    "Europe/London",
    "UTC",
];

/// What became of one raw update.
#[derive(Debug, PartialEq, Eq)]
pub enum Intake {
    Handled,
    /// Already taken in earlier (Telegram redelivered it).
    Duplicate,
    /// Another process is handling this very update now; Telegram should deliver it again later.
    InFlight,
    /// Valid JSON with an `update_id`, but nothing the bot can use; it is acknowledged so
    /// Telegram does not hold up the chat redelivering it.
    Unusable,
}

/// The one path every update takes, from the webhook or from long polling: claim the
/// `update_id`, parse, handle, mark handled. Only a transient failure is an error (the caller
/// answers 5xx so Telegram redelivers; see [`BotError::disposition`]); everything else is
/// logged and acknowledged.
pub async fn take_in(state: &AppState, update_id: i64, raw: serde_json::Value) -> Result<Intake> {
    let kind = update_kind(&raw);
    metrics::counter!("pnp_updates_total", "kind" => kind).increment(1);
    let started = std::time::Instant::now();
    let result = take_in_inner(state, update_id, raw)
        .instrument(tracing::info_span!("update", update_id, kind))
        .await;
    metrics::histogram!("pnp_update_handle_seconds", "kind" => kind).record(started.elapsed().as_secs_f64());
    result
}

/// The update's kind, from its one field besides `update_id` (for metrics and logs).
fn update_kind(raw: &serde_json::Value) -> &'static str {
    const KINDS: &[&str] = &[
        "message",
        "callback_query",
        "pre_checkout_query",
        "my_chat_member",
        "edited_message",
        "inline_query",
        "chat_member",
        "poll",
    ];
    raw.as_object()
        .and_then(|o| KINDS.iter().find(|k| o.contains_key(**k)).copied())
        .unwrap_or("other")
}

/// One update as one unit of work ([`crate::unit`]): the claim, the handler's writes, the
/// completion and the calls it makes commit together, or none of them does.
/// An update that lost a race ([`BotError::is_lost_race`]) left nothing behind — no write, no
/// call — so it is handled again here at once instead of waiting for Telegram's redelivery.
async fn take_in_inner(state: &AppState, update_id: i64, raw: serde_json::Value) -> Result<Intake> {
    const ATTEMPTS: usize = 3;
    let mut attempt = 1;
    loop {
        // Boxed: the unit's scope would otherwise carry the whole handling inline.
        let taken = crate::unit::run(
            &state.db,
            &state.telegram,
            state.clock.clone(),
            Box::pin(take_in_unit(state, update_id, &raw)),
        )
        .await;
        match taken {
            Err(e) if e.is_lost_race() && attempt < ATTEMPTS => {
                info!(update_id, attempt, error = %e, "lost a race to another update; handled again");
                metrics::counter!("pnp_update_races_lost_total").increment(1);
                attempt += 1;
            }
            taken => return taken,
        }
    }
}

async fn take_in_unit(state: &AppState, update_id: i64, raw: &serde_json::Value) -> Result<Intake> {
    let claim = updates::claim(&state.db, update_id, state.now()).await?;
    if !matches!(claim, updates::Claim::Claimed) {
        // Nothing was written: the claim found the update's row.
        crate::unit::finish().await?;
    }
    // Renewed from the moment it is ours until this function ends, however it ends: needed
    // once a commit point has committed the claim before the completion.
    let _renewal = match claim {
        updates::Claim::Claimed => state.journal.renewing(update_id),
        updates::Claim::Done { reply } => {
            debug!(update_id, "duplicate update skipped");
            // Telegram redelivers when it did not get our response: give the same one again.
            match reply.as_deref().map(serde_json::from_str) {
                Some(Ok(reply)) => reply::replay(reply),
                Some(Err(e)) => warn!(update_id, error = %e, "a kept webhook response is not JSON"),
                None => {}
            }
            return Ok(Intake::Duplicate);
        }
        updates::Claim::InFlight => {
            debug!(update_id, "update is being handled elsewhere");
            return Ok(Intake::InFlight);
        }
    };
    let intake = match lenient::parse(raw) {
        Err(e) => {
            warn!(update_id, error = %e, "update not understood; acknowledged and skipped");
            Intake::Unusable
        }
        Ok(update) => match handle(state, update).await {
            Ok(()) => Intake::Handled,
            // Telegram's redelivery would carry the same data and fail again, holding up the chat.
            Err(e) => match e.disposition() {
                Disposition::Retry => {
                    // Nothing of it stays; a claim committed at a commit point is given back.
                    crate::unit::abandon(|_| false).await;
                    let released = async {
                        updates::release(&state.db, update_id).await?;
                        crate::unit::finish().await
                    };
                    if let Err(release) = released.await {
                        warn!(update_id, error = %release, "could not release the update claim");
                    }
                    return Err(e);
                }
                Disposition::Unusable => {
                    warn!(update_id, error = %e, "the database refused this update's data; acknowledged and skipped");
                    // Its writes are undone (PostgreSQL has aborted the transaction anyway);
                    // the button is still answered, and the update recorded as taken in.
                    crate::unit::abandon(|call| call.method == "answerCallbackQuery").await;
                    updates::claim(&state.db, update_id, state.now()).await?;
                    Intake::Unusable
                }
                Disposition::Refused => {
                    info!(update_id, error = %e, "refused; acknowledged");
                    Intake::Handled
                }
                Disposition::Failed => {
                    warn!(update_id, error = %e, "handler could not finish; acknowledged");
                    Intake::Handled
                }
            },
        },
    };
    // The response is decided before the completion, and kept with it for a redelivery.
    crate::unit::ride();
    let reply = reply::seal().map(|r| r.to_string());
    let completion = updates::completion(&state.db, update_id, state.now(), reply.as_deref());
    crate::unit::finish_with(&state.db, completion).await?;
    Ok(intake)
}

async fn handle(state: &AppState, update: Update) -> Result<()> {
    if let Some((from, kind)) = limited_sender(&update.content) {
        match state.limiter.check(from.id as i64) {
            limiter::Verdict::Pass => {}
            verdict => return Box::pin(slow_down(state, &update.content, from, kind, verdict)).await,
        }
    }
    match update.content {
        UpdateContent::Message(message) => on_message(state, message).await,
        UpdateContent::CallbackQuery(query) => Box::pin(on_callback(state, *query)).await,
        UpdateContent::PreCheckoutQuery(query) => Box::pin(pay::pre_checkout(state, query)).await,
        UpdateContent::MyChatMember(member) => {
            // The user blocked (kicked) or unblocked the bot in their private chat.
            if member.chat.type_field == ChatType::Private {
                let blocked = matches!(member.new_chat_member, ChatMember::Kicked(_)).then(|| state.now());
                user_service::set_blocked(&state.db, member.chat.id, blocked, state.now()).await?;
            }
            Ok(())
        }
        other => {
            debug!(kind = ?std::mem::discriminant(&other), "update kind not handled");
            Ok(())
        }
    }
}

/// Who sent an update the per-person limit applies to, and its kind (for the metric): the
/// messages and button presses people send. Payments (`pre_checkout_query`, a message with a
/// `successful_payment`) are never limited, since a dropped one would lose money, nor is
/// `my_chat_member` (Telegram's own word that the bot was blocked).
fn limited_sender(content: &UpdateContent) -> Option<(&frankenstein::types::User, &'static str)> {
    match content {
        UpdateContent::Message(m) if m.successful_payment.is_none() => {
            m.from.as_deref().map(|from| (from, "message"))
        }
        UpdateContent::CallbackQuery(q) => Some((&q.from, "callback_query")),
        _ => None,
    }
}

/// An update over its sender's limit: dropped, with the one "slow down" of the window when
/// `verdict` says so. Nothing is read or written for it but its journal claim and completion
/// (kept, so a redelivery is a duplicate and not handled late); the notice is in the language
/// Telegram gives for the sender, since looking up their stored one would be database work. A
/// button press is answered either way (the notice as a toast), so its spinner stops.
async fn slow_down(
    state: &AppState,
    content: &UpdateContent,
    from: &frankenstein::types::User,
    kind: &'static str,
    verdict: limiter::Verdict,
) -> Result<()> {
    metrics::counter!("pnp_updates_rate_limited_total", "kind" => kind).increment(1);
    let notice = verdict == limiter::Verdict::Notice;
    if notice {
        info!(user = from.id, kind, "update rate limit: told to slow down");
        // One row per notice (at most one per `abuse.notice_every_secs`), so admins see who.
        // A failure to record it is logged: the flood is dropped either way.
        let recorded = async {
            let known = crate::services::users::find_by_telegram_id(&state.db, from.id as i64).await?;
            if let Some(user) = known {
                let limit = crate::services::limits::Limit::UpdateRate;
                crate::services::limits::record(&state.db, user.id, limit, state.now()).await?;
            }
            Ok::<_, sea_orm::DbErr>(())
        };
        if let Err(e) = recorded.await {
            warn!(error = %e, "could not record a rate-limit hit");
        }
    } else {
        debug!(user = from.id, kind, "update rate limit: dropped");
    }
    let default = crate::i18n::Lang::from_stored(&state.config.bot.default_language);
    let t = crate::i18n::Texts(crate::i18n::Lang::from_telegram(
        from.language_code.as_deref(),
        default,
    ));
    match content {
        UpdateContent::CallbackQuery(query) => {
            let mut answer = AnswerCallbackQueryParams::builder()
                .callback_query_id(query.id.clone())
                .build();
            if notice {
                answer.text = Some(tr!(t, "slow-down"));
            }
            if let Err(e) = state.telegram.answer_callback_query(&answer).await {
                warn!(error = %e, "could not answer a rate-limited callback query");
            }
        }
        UpdateContent::Message(message) if notice => {
            let params = frankenstein::methods::SendMessageParams::builder()
                .chat_id(message.chat.id)
                .text(tr!(t, "slow-down"))
                .build();
            if let Err(e) = state.telegram.send_message(&params).await {
                warn!(error = %e, "could not send the slow-down notice");
            }
        }
        _ => {}
    }
    Ok(())
}

/// Whether the update's sender is banned (`services::bans`): then nothing is done for it but
/// the short notice, at most once a minute (as the toast of a pressed button, which is answered
/// either way). Payments are handled before this, so money paid is still applied or refunded.
async fn banned(ctx: &Ctx<'_>, answer: Option<&mut AnswerCallbackQueryParams>) -> Result<bool> {
    if ctx.user.banned_at.is_none() || ctx.is_superadmin() {
        return Ok(false);
    }
    if ctx.app.limiter.banned_notice_due(ctx.user.telegram_id) {
        let text = tr!(ctx.t, "you-are-banned");
        match answer {
            Some(answer) => answer.text = Some(text),
            None => ctx.send(text, None).await?,
        }
    }
    Ok(true)
}

/// A pending multi-step input of a chat, stored in `chat_states`: each feature owns its own
/// questions and their answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChatState {
    User(user::UserInput),
    Performer(performer::PerformerInput),
    Admin(admin::AdminInput),
}

async fn on_message(state: &AppState, message: Box<Message>) -> Result<()> {
    let Some(from) = message.from.as_deref() else {
        return Ok(());
    };
    if from.is_bot {
        return Ok(());
    }
    // Money is applied (or returned) wherever it was paid; what the payer is told goes to their
    // private chat, whose id is theirs.
    if let Some(payment) = message.successful_payment.as_deref() {
        let ctx = Box::pin(Ctx::for_user(state, from, from.id as i64, None)).await?;
        return Box::pin(pay::successful_payment(&ctx, payment)).await;
    }
    if message.chat.type_field != ChatType::Private {
        return Ok(());
    }
    let ctx = Box::pin(Ctx::for_user(state, from, message.chat.id, None)).await?;
    if Box::pin(banned(&ctx, None)).await? {
        return Ok(());
    }
    let command = message.text.as_deref().and_then(Command::parse);
    match command {
        Some(Command::Start(link)) => {
            ctx.clear_chat_state().await?;
            match link {
                None => Box::pin(menu::start(&ctx)).await,
                Some(link) => Box::pin(menu::start_from_link(&ctx, link)).await,
            }
        }
        Some(Command::Help) => Box::pin(menu::help(&ctx)).await,
        Some(Command::Bookings) => {
            ctx.clear_chat_state().await?;
            Box::pin(user::my_bookings::list(&ctx)).await
        }
        Some(Command::Settings) => {
            ctx.clear_chat_state().await?;
            Box::pin(user::settings::settings(&ctx)).await
        }
        Some(Command::Privacy) => {
            ctx.clear_chat_state().await?;
            Box::pin(user::privacy::show(&ctx)).await
        }
        Some(Command::Admin) => {
            ctx.clear_chat_state().await?;
            Box::pin(admin::open(&ctx)).await
        }
        Some(Command::PnpLive) => {
            ctx.clear_chat_state().await?;
            Box::pin(performer::open(&ctx)).await
        }
        Some(Command::Cancel) => {
            // Said as it is: "Cancelled." only when a question was pending.
            let pending = ctx.chat_state().await?.is_some();
            ctx.clear_chat_state().await?;
            let text = if pending {
                tr!(ctx.t, "input-cancelled")
            } else {
                tr!(ctx.t, "nothing-to-cancel")
            };
            Box::pin(ctx.send(text, Some(menu::main_keyboard(&ctx).await?))).await
        }
        Some(Command::Unknown) | None => match ctx.chat_state().await? {
            Some(ChatState::User(input)) => Box::pin(user::on_input(&ctx, input, &message)).await,
            Some(ChatState::Performer(input)) => Box::pin(performer::on_input(&ctx, input, &message)).await,
            Some(ChatState::Admin(input)) => Box::pin(admin::on_input(&ctx, input, &message)).await,
            None => {
                let keyboard = menu::main_keyboard(&ctx).await?;
                Box::pin(ctx.send(tr!(ctx.t, "unknown-input"), Some(keyboard))).await
            }
        },
    }
}

/// A button press. It is answered exactly once, whatever became of its screen: after the
/// handler (which may add a notice), even when the handler or its context failed, so the
/// spinner on the user's button always stops. The one exception is a transient failure: the
/// update is released and Telegram delivers it again, and that delivery answers it.
async fn on_callback(state: &AppState, query: frankenstein::types::CallbackQuery) -> Result<()> {
    let mut answer = AnswerCallbackQueryParams::builder()
        .callback_query_id(query.id.clone())
        .build();
    let outcome = press(state, &query, &mut answer).await;
    if matches!(&outcome, Err(e) if e.disposition() == Disposition::Retry) {
        return outcome;
    }
    if let Err(e) = state.telegram.answer_callback_query(&answer).await {
        warn!(error = %e, "could not answer callback query");
    }
    outcome
}

/// The pressed message, as the callback query describes it: a full message (text, or a photo
/// with a caption…), or a deleted/inaccessible one, which Telegram sends with `date` 0 (and
/// which the untagged enum may read as a bare `Message`, hence the date check).
fn pressed_message(message: &MaybeInaccessibleMessage) -> (i64, i32, ChatType, OriginKind) {
    match message {
        MaybeInaccessibleMessage::Message(m) => {
            let kind = if m.date == 0 {
                OriginKind::Inaccessible
            } else if m.text.is_some() {
                OriginKind::Text
            } else {
                OriginKind::Media
            };
            (m.chat.id, m.message_id, m.chat.type_field, kind)
        }
        MaybeInaccessibleMessage::InaccessibleMessage(m) => (
            m.chat.id,
            m.message_id,
            m.chat.type_field,
            OriginKind::Inaccessible,
        ),
    }
}

/// Handles a button press; `answer` is what the press will be answered with.
async fn press(
    state: &AppState,
    query: &frankenstein::types::CallbackQuery,
    answer: &mut AnswerCallbackQueryParams,
) -> Result<()> {
    let (chat_id, origin) = match query.message.as_ref().map(pressed_message) {
        Some((chat_id, message_id, ChatType::Private, kind)) => (chat_id, Some((message_id, kind))),
        _ => (query.from.id as i64, None),
    };
    let ctx = Ctx::for_user(state, &query.from, chat_id, origin).await?;
    if banned(&ctx, Some(answer)).await? {
        return Ok(());
    }
    let parsed = query.data.as_deref().map(Callback::parse);
    match parsed {
        Some(Some(cb)) => {
            info!(callback = ?cb, user_id = ctx.user.id, "button");
            dispatch_callback(&ctx, cb, answer).await
        }
        _ => {
            debug!(data = ?query.data, "unknown callback data");
            ctx.send(
                tr!(ctx.t, "expired-button"),
                Some(menu::main_keyboard(&ctx).await?),
            )
            .await
        }
    }
}

async fn dispatch_callback(
    ctx: &Ctx<'_>,
    cb: Callback,
    answer: &mut AnswerCallbackQueryParams,
) -> Result<()> {
    match cb {
        Callback::User(cb) => Box::pin(user::on_callback(ctx, cb, answer)).await,
        Callback::Performer(cb) => Box::pin(performer::on_callback(ctx, cb, answer)).await,
        Callback::Admin(cb) => Box::pin(admin::on_callback(ctx, cb, answer)).await,
    }
}

#[cfg(test)]
mod future_size {
    //! Every update in flight holds the future of [`super::take_in`], as large as its largest
    //! branch; the branches only some updates take are boxed, so a `/start` does not carry the
    //! state of the admin screens, a pre-checkout or a frankenstein `Message` by value.

    use crate::state::AppState;

    fn size<'a, Fut: std::future::Future>(_: impl Fn(&'a AppState) -> Fut) -> usize {
        std::mem::size_of::<Fut>()
    }

    #[test]
    fn an_update_in_flight_holds_a_small_future() {
        let take_in = size(|s| super::take_in(s, 0, serde_json::Value::Null));
        // 22,264 bytes in a debug build before the big branches were boxed; 5,920 after.
        assert!(take_in < 8 * 1024, "take_in's future is {take_in} bytes");
    }
}
