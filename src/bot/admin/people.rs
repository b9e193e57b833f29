//! `/admin` → Users: find a person by @username or Telegram id; their card (roles, bookings,
//! ban state with its reason and who banned them, the audit trail); [Ban] asks the reason, then
//! confirms; [Unban] lifts it.
//!
//! A ban ([`crate::services::bans`]) is one transaction with its audit row, and the service
//! decides who may ban whom (superadmins never; admins only by superadmins). Its effects follow,
//! through the booking service: every unpaid hold is cancelled (its slot freed), every paid
//! upcoming booking of theirs (as user, or as performer) is cancelled by the admin and refunded
//! in full, and a performer goes offline (and is hidden from users while banned).
//!
//! Every button here is nested under [`super::AdminCb`], whose handler checks the admin role
//! first; the typed answers check it again.

use entity::users;
use frankenstein::types::Message;

use super::{AdminCb, AdminInput};
use crate::bot::callback_data::UserId;
use crate::bot::{keyboard, ChatState, Ctx, Result};
use crate::domain::booking::{Actor, BookingEvent, BookingStatus};
use crate::i18n::tr;
use crate::notify::fulfil;
use crate::services::availability::to_ts;
use crate::services::bans::{self, Outcome};
use crate::services::booking::BookingError;
use crate::services::limits::{self, Limit};
use crate::services::roles;
use crate::services::users as user_service;
use crate::state::AppState;

crate::callback_enum! {
    /// The admin's Users buttons (`a:u:`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum PeopleCb {
        /// Ask for an @username or Telegram id.
        Find = "f",
        Card(user: UserId) = "k",
        /// [Ban]: ask the reason.
        BanAsk(user: UserId) = "b",
        /// [Confirm ban], with the reason typed into the chat state.
        Ban(user: UserId) = "x",
        Unban(user: UserId) = "u",
    }
}

crate::nest!(PeopleCb => AdminCb::People);

/// A Users button; the caller has checked the admin role.
pub async fn on_callback(ctx: &Ctx<'_>, cb: PeopleCb) -> Result<()> {
    match cb {
        PeopleCb::Find => ask(ctx, None).await,
        PeopleCb::Card(UserId(id)) => card_of(ctx, id, None).await,
        PeopleCb::BanAsk(UserId(id)) => {
            let Some(target) = user_service::find_by_id(&ctx.app.db, id).await? else {
                return ask(ctx, None).await;
            };
            if !may_act(ctx, &target).await? {
                return card(ctx, &target, Some(tr!(ctx.t, "admin-ban-refused"))).await;
            }
            ctx.set_chat_state(&ChatState::Admin(AdminInput::BanReason { user: id }))
                .await?;
            let t = ctx.t;
            ctx.show(
                tr!(t, "admin-ban-ask-reason", name = person(&target)),
                keyboard(vec![vec![(
                    tr!(t, "btn-cancel"),
                    PeopleCb::Card(UserId(id)).into(),
                )]]),
            )
            .await
        }
        PeopleCb::Ban(UserId(id)) => {
            let reason = match ctx.chat_state().await? {
                Some(ChatState::Admin(AdminInput::BanConfirm { user, reason })) if user == id => reason,
                // A stale or forged button: nothing was asked for this person.
                _ => return card_of(ctx, id, None).await,
            };
            ctx.clear_chat_state().await?;
            Box::pin(ban(ctx, id, &reason)).await
        }
        PeopleCb::Unban(UserId(id)) => {
            let Some(target) = user_service::find_by_id(&ctx.app.db, id).await? else {
                return ask(ctx, None).await;
            };
            let outcome = bans::unban(
                &ctx.app.db,
                actor(ctx),
                &target,
                ctx.app.config.is_superadmin(target.telegram_id),
                ctx.app.now(),
            )
            .await?;
            let notice = match outcome {
                Outcome::Done => tr!(ctx.t, "admin-unban-done", name = person(&target)),
                Outcome::Unchanged => tr!(ctx.t, "admin-ban-unchanged"),
                Outcome::Refused => tr!(ctx.t, "admin-ban-refused"),
            };
            card_of(ctx, id, Some(notice)).await
        }
    }
}

fn actor(ctx: &Ctx<'_>) -> bans::Actor {
    bans::Actor {
        user_id: ctx.user.id,
        superadmin: ctx.is_superadmin(),
    }
}

async fn may_act(ctx: &Ctx<'_>, target: &users::Model) -> Result<bool> {
    let superadmin = ctx.app.config.is_superadmin(target.telegram_id);
    Ok(bans::may_act_on(&ctx.app.db, actor(ctx), target, superadmin).await?)
}

/// "Whom?", waiting for the typed answer.
async fn ask(ctx: &Ctx<'_>, notice: Option<String>) -> Result<()> {
    let t = ctx.t;
    ctx.set_chat_state(&ChatState::Admin(AdminInput::PersonSearch))
        .await?;
    let mut text = notice.map(|n| format!("{n}\n\n")).unwrap_or_default();
    text.push_str(&tr!(t, "admin-users-ask"));
    ctx.show(
        text,
        keyboard(vec![vec![(tr!(t, "btn-back"), AdminCb::Panel.into())]]),
    )
    .await
}

/// The typed answer to "Whom?": an @username or a Telegram id.
pub async fn on_search(ctx: &Ctx<'_>, message: &Message) -> Result<()> {
    if !ctx.is_admin().await? {
        ctx.clear_chat_state().await?;
        return ctx.send(tr!(ctx.t, "admin-refused"), None).await;
    }
    let text = message.text.as_deref().map(str::trim).unwrap_or_default();
    let db = &ctx.app.db;
    let found = if let Some(name) = text.strip_prefix('@') {
        user_service::find_by_username(db, name).await?
    } else if let Ok(id) = text.parse::<i64>() {
        user_service::find_by_telegram_id(db, id).await?
    } else {
        None
    };
    match found {
        Some(target) => {
            ctx.clear_chat_state().await?;
            card(&ctx.fresh(), &target, None).await
        }
        None => ask(&ctx.fresh(), Some(tr!(ctx.t, "admin-users-none", query = text))).await,
    }
}

/// The typed reason of a ban: kept in the chat state, then [Confirm ban].
pub async fn on_reason(ctx: &Ctx<'_>, user: i64, message: &Message) -> Result<()> {
    if !ctx.is_admin().await? {
        ctx.clear_chat_state().await?;
        return ctx.send(tr!(ctx.t, "admin-refused"), None).await;
    }
    let t = ctx.t;
    let Some(target) = user_service::find_by_id(&ctx.app.db, user).await? else {
        ctx.clear_chat_state().await?;
        return ask(&ctx.fresh(), None).await;
    };
    let cancel = || {
        keyboard(vec![vec![(
            tr!(t, "btn-cancel"),
            PeopleCb::Card(UserId(user)).into(),
        )]])
    };
    let reason: String = message
        .text
        .as_deref()
        .map(str::trim)
        .unwrap_or_default()
        .chars()
        .take(bans::REASON_MAX_CHARS)
        .collect();
    if reason.is_empty() {
        return ctx.send(tr!(t, "admin-ban-reason-empty"), Some(cancel())).await;
    }
    ctx.set_chat_state(&ChatState::Admin(AdminInput::BanConfirm {
        user,
        reason: reason.clone(),
    }))
    .await?;
    ctx.send(
        tr!(
            t,
            "admin-ban-confirm",
            name = person(&target),
            reason = reason.as_str()
        ),
        Some(keyboard(vec![vec![
            (tr!(t, "btn-confirm-ban"), PeopleCb::Ban(UserId(user)).into()),
            (tr!(t, "btn-cancel"), PeopleCb::Card(UserId(user)).into()),
        ]])),
    )
    .await
}

/// Bans, then releases and cancels what the person had booked, and takes a performer offline.
async fn ban(ctx: &Ctx<'_>, id: i64, reason: &str) -> Result<()> {
    let app = ctx.app;
    let Some(target) = user_service::find_by_id(&app.db, id).await? else {
        return ask(ctx, None).await;
    };
    let outcome = bans::ban(
        &app.db,
        actor(ctx),
        &target,
        app.config.is_superadmin(target.telegram_id),
        reason,
        app.now(),
    )
    .await?;
    let notice = match outcome {
        Outcome::Done => {
            let count = Box::pin(ban_effects(ctx.app, ctx.user.id, &target)).await?;
            tr!(ctx.t, "admin-ban-done", name = person(&target), count = count)
        }
        Outcome::Unchanged => tr!(ctx.t, "admin-ban-unchanged"),
        Outcome::Refused => tr!(ctx.t, "admin-ban-refused"),
    };
    card_of(ctx, id, Some(notice)).await
}

/// What a ban does after [`bans::ban`] wrote it, from chat or the Mini App: the person's bookings
/// released or cancelled ([`release_bookings`]) and, for a performer, the profile retired
/// ([`super::retire_performer`]). Returns how many bookings.
/// `admin` is the banning admin's `users.id`: each cancellation is theirs, with its audit row.
pub async fn ban_effects(app: &AppState, admin: i64, target: &users::Model) -> Result<u64> {
    let released = Box::pin(release_bookings(app, admin, target)).await?;
    Ok(released + Box::pin(super::retire_performer(app, admin, target)).await?)
}

/// A banned user's bookings as the user: unpaid holds cancelled (their slots freed), paid
/// upcoming ones cancelled by the admin and refunded in full. Returns how many.
async fn release_bookings(app: &AppState, admin: i64, target: &users::Model) -> Result<u64> {
    let now = app.now();
    let mut count = 0;
    for booking in app.bookings().of_user(target.id, 1000).await? {
        let due = match booking.status {
            BookingStatus::Held | BookingStatus::AwaitingPayment => true,
            BookingStatus::Confirmed => booking.ends_at.is_some_and(|end| end > now),
            _ => false,
        };
        if !due {
            continue;
        }
        let cancel = BookingEvent::Cancel {
            by: Actor::Admin,
            before_cutoff: true,
        };
        // Each cancellation is the admin's, with its own audit row (in its transaction).
        match app
            .bookings()
            .apply_by_admin(booking.id, cancel, admin, Some("user banned"), now)
            .await
        {
            Ok(done) => {
                // Boxed: the effects are a deep future (a stack overflow in debug builds).
                Box::pin(fulfil::perform(app, &done, Actor::Admin, None)).await;
                count += 1;
            }
            // It moved on meanwhile (paid, expired, started, cancelled).
            Err(BookingError::Transition(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(count)
}

async fn card_of(ctx: &Ctx<'_>, id: i64, notice: Option<String>) -> Result<()> {
    match user_service::find_by_id(&ctx.app.db, id).await? {
        Some(target) => card(ctx, &target, notice).await,
        None => ask(ctx, notice).await,
    }
}

/// A limit's name as admins read it.
pub(super) fn limit_name(t: crate::i18n::Texts, limit: Limit) -> String {
    match limit {
        Limit::UnpaidHolds => tr!(t, "limit-unpaid-holds"),
        Limit::HoldsPerHour => tr!(t, "limit-holds-per-hour"),
        Limit::UpdateRate => tr!(t, "limit-update-rate"),
    }
}

/// A person as admins see them: name, @username and Telegram id.
pub(super) fn person(u: &users::Model) -> String {
    match &u.username {
        Some(username) => format!("{} (@{username}, id {})", u.first_name, u.telegram_id),
        None => format!("{} (id {})", u.first_name, u.telegram_id),
    }
}

/// A person's card: roles, bookings, ban state (reason and who, admins only), and the buttons
/// this admin may use on them.
async fn card(ctx: &Ctx<'_>, target: &users::Model, notice: Option<String>) -> Result<()> {
    let t = ctx.t;
    let db = &ctx.app.db;
    let mut roles: Vec<String> = roles::active(db, target.id)
        .await?
        .iter()
        .map(|r| r.as_str().to_owned())
        .collect();
    if ctx.app.config.is_superadmin(target.telegram_id) {
        roles.push("superadmin".into());
    }
    let roles = if roles.is_empty() {
        tr!(t, "roles-none")
    } else {
        roles.join(", ")
    };
    let bookings = user_service::bookings_count(db, target.id).await?;
    let (reports, reports_new) = crate::services::reports::about(db, target.id).await?;
    let strikes = crate::services::reports::strikes(db, target.id).await?;
    let week_ago = ctx.app.now() - time::Duration::days(7);
    let hits = limits::of_user(db, target.id, week_ago).await?;
    let mut text = notice.map(|n| format!("{n}\n\n")).unwrap_or_default();
    text.push_str(&tr!(
        t,
        "admin-user-card",
        name = person(target),
        roles = roles,
        bookings = bookings,
        reports = reports,
        reports_new = reports_new,
        strikes = strikes
    ));
    text.push('\n');
    text.push_str(&if hits.is_empty() {
        tr!(t, "admin-user-limits-none")
    } else {
        let list = hits
            .iter()
            .map(|(limit, n)| format!("{} × {n}", limit_name(t, *limit)))
            .collect::<Vec<_>>()
            .join(", ");
        tr!(t, "admin-user-limits", list = list)
    });
    text.push_str("\n\n");
    match target.banned_at {
        Some(at) => {
            let by = match target.banned_by {
                Some(by) => user_service::find_by_id(db, by)
                    .await?
                    .map(|u| person(&u))
                    .unwrap_or_default(),
                None => String::new(),
            };
            let zone = fulfil::zone_of(ctx.app, &ctx.user);
            text.push_str(&tr!(
                t,
                "admin-user-banned",
                when = t.when_in(to_ts(at), &zone),
                by = by,
                reason = target.banned_reason.clone().unwrap_or_default()
            ));
        }
        None => text.push_str(&tr!(t, "admin-user-not-banned")),
    }
    let mut rows = Vec::new();
    if may_act(ctx, target).await? {
        rows.push(vec![if target.banned_at.is_some() {
            (tr!(t, "btn-unban"), PeopleCb::Unban(UserId(target.id)).into())
        } else {
            (tr!(t, "btn-ban"), PeopleCb::BanAsk(UserId(target.id)).into())
        }]);
    }
    rows.push(vec![(tr!(t, "btn-find-user"), PeopleCb::Find.into())]);
    rows.push(vec![(tr!(t, "btn-back"), AdminCb::Panel.into())]);
    ctx.show(text, keyboard(rows)).await
}
