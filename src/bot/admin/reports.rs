//! `/admin` → 🚩 Reports: the latest reports, newest first; each opens its card (who reported
//! whom, with @usernames and ids, the booking if any, the reason and words) with [✅ Mark
//! handled], which asks for the action taken as text (or one tap: No action needed), and a link
//! to the reported person's card (`people.rs`). Handling and its audit row are one transaction
//! ([`crate::services::reports::handle`], which checks the admin role again).
//!
//! Every button here is nested under [`super::AdminCb`], whose handler checks the admin role
//! first; the typed answer checks it again.

use entity::users;
use frankenstein::types::Message;

use super::people::PeopleCb;
use super::{AdminCb, AdminInput};
use crate::bot::callback::Callback;
use crate::bot::callback_data::{ReportId, UserId};
use crate::bot::user::report::reason_label;
use crate::bot::{keyboard, ChatState, Ctx, Result};
use crate::i18n::tr;
use crate::notify::fulfil;
use crate::services::availability::to_ts;
use crate::services::bans;
use crate::services::reports;
use crate::services::users as user_service;

/// How many reports the list shows.
const SHOWN: u64 = 10;

crate::callback_enum! {
    /// The admin's Reports buttons (`a:rp:`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum ReportsCb {
        List = "l",
        Card(report: ReportId) = "k",
        /// [✅ Mark handled]: ask the action taken.
        HandleAsk(report: ReportId) = "h",
        /// [No action needed]: handled at once.
        NoAction(report: ReportId) = "n",
    }
}

crate::nest!(ReportsCb => AdminCb::Reports);

/// The panel's button: "🚩 Reports (N new)".
pub async fn menu_button(ctx: &Ctx<'_>) -> Result<(String, Callback)> {
    let count = reports::count_new(&ctx.app.db).await?;
    Ok((
        tr!(ctx.t, "btn-admin-reports", count = count),
        ReportsCb::List.into(),
    ))
}

/// A Reports button; the caller has checked the admin role.
pub async fn on_callback(ctx: &Ctx<'_>, cb: ReportsCb) -> Result<()> {
    match cb {
        ReportsCb::List => list(ctx).await,
        ReportsCb::Card(ReportId(id)) => card(ctx, id, None).await,
        ReportsCb::HandleAsk(ReportId(id)) => {
            let t = ctx.t;
            ctx.set_chat_state(&ChatState::Admin(AdminInput::ReportAction { report: id }))
                .await?;
            ctx.show(
                tr!(t, "admin-report-ask-action"),
                keyboard(vec![
                    vec![(
                        tr!(t, "btn-report-no-action"),
                        ReportsCb::NoAction(ReportId(id)).into(),
                    )],
                    vec![(tr!(t, "btn-cancel"), ReportsCb::Card(ReportId(id)).into())],
                ]),
            )
            .await
        }
        ReportsCb::NoAction(ReportId(id)) => {
            ctx.clear_chat_state().await?;
            let action = tr!(ctx.t, "report-no-action");
            handle(ctx, id, &action, false).await
        }
    }
}

fn actor(ctx: &Ctx<'_>) -> bans::Actor {
    bans::Actor {
        user_id: ctx.user.id,
        superadmin: ctx.is_superadmin(),
    }
}

async fn handle(ctx: &Ctx<'_>, id: i64, action: &str, strike: bool) -> Result<()> {
    let done = reports::handle(&ctx.app.db, actor(ctx), id, action, strike, ctx.app.now()).await?;
    let notice = if done {
        tr!(ctx.t, "admin-report-handled")
    } else {
        tr!(ctx.t, "admin-report-unchanged")
    };
    card(ctx, id, Some(notice)).await
}

/// The typed action taken.
pub async fn on_action(ctx: &Ctx<'_>, report: i64, message: &Message) -> Result<()> {
    if !ctx.is_admin().await? {
        ctx.clear_chat_state().await?;
        return ctx.send(tr!(ctx.t, "admin-refused"), None).await;
    }
    let text = message.text.as_deref().map(str::trim).unwrap_or_default();
    if text.is_empty() {
        return ctx
            .send(
                tr!(ctx.t, "admin-report-ask-action"),
                Some(keyboard(vec![vec![(
                    tr!(ctx.t, "btn-report-no-action"),
                    ReportsCb::NoAction(ReportId(report)).into(),
                )]])),
            )
            .await;
    }
    ctx.clear_chat_state().await?;
    let text = text.to_owned();
    // An action typed by the admin counts as a strike against the reported person.
    handle(&ctx.fresh(), report, &text, true).await
}

/// A person as admins see them: name, @username and Telegram id.
fn person(u: Option<&users::Model>) -> String {
    match u {
        Some(u) => match &u.username {
            Some(username) => format!("{} (@{username}, id {})", u.first_name, u.telegram_id),
            None => format!("{} (id {})", u.first_name, u.telegram_id),
        },
        None => "—".to_owned(),
    }
}

async fn list(ctx: &Ctx<'_>) -> Result<()> {
    ctx.clear_chat_state().await?;
    let t = ctx.t;
    let db = &ctx.app.db;
    let zone = fulfil::zone_of(ctx.app, &ctx.user);
    let latest = reports::latest(db, SHOWN).await?;
    let mut rows: Vec<Vec<(String, Callback)>> = Vec::new();
    for r in &latest {
        let reported = user_service::find_by_id(db, r.reported_user_id).await?;
        let mark = if r.status == "new" { "🆕" } else { "✅" };
        rows.push(vec![(
            format!(
                "{mark} #{} · {} · {} · {}",
                r.id,
                reported.map(|u| user_service::display(&u)).unwrap_or_default(),
                reason_label(t, &r.reason),
                t.when_in(to_ts(r.created_at), &zone)
            ),
            ReportsCb::Card(ReportId(r.id)).into(),
        )]);
    }
    rows.push(vec![(tr!(t, "btn-back"), AdminCb::Panel.into())]);
    let title = if latest.is_empty() {
        tr!(t, "admin-reports-none")
    } else {
        tr!(t, "admin-reports-title")
    };
    ctx.show(title, keyboard(rows)).await
}

async fn card(ctx: &Ctx<'_>, id: i64, notice: Option<String>) -> Result<()> {
    let t = ctx.t;
    let db = &ctx.app.db;
    let Some(r) = reports::get(db, id).await? else {
        return list(ctx).await;
    };
    let zone = fulfil::zone_of(ctx.app, &ctx.user);
    let reporter = user_service::find_by_id(db, r.reporter_user_id).await?;
    let reported = user_service::find_by_id(db, r.reported_user_id).await?;
    let booking = match r.booking_id {
        Some(b) => match ctx.app.bookings().get(b).await {
            Ok(b) => format!(
                "{} · {} · {}",
                b.id,
                b.starts_at
                    .map(|s| t.when_in(to_ts(s), &zone))
                    .unwrap_or_default(),
                t.booking_status(b.status.as_str())
            ),
            Err(_) => b.to_string(),
        },
        None => "—".to_owned(),
    };
    let mut text = notice.map(|n| format!("{n}\n\n")).unwrap_or_default();
    text.push_str(&tr!(
        t,
        "admin-report-card",
        id = r.id,
        reporter = person(reporter.as_ref()),
        reported = person(reported.as_ref()),
        booking = booking,
        reason = reason_label(t, &r.reason),
        text = r.text.clone().unwrap_or_else(|| "—".to_owned()),
        when = t.when_in(to_ts(r.created_at), &zone)
    ));
    text.push_str("\n\n");
    if r.status == "new" {
        text.push_str(&tr!(t, "admin-report-new"));
    } else {
        let by = match r.handled_by {
            Some(by) => person(user_service::find_by_id(db, by).await?.as_ref()),
            None => "—".to_owned(),
        };
        text.push_str(&tr!(
            t,
            "admin-report-done",
            by = by,
            when = r
                .handled_at
                .map(|at| t.when_in(to_ts(at), &zone))
                .unwrap_or_default(),
            action = r.action_taken.clone().unwrap_or_default()
        ));
    }
    let mut rows = Vec::new();
    if r.status == "new" {
        rows.push(vec![(
            tr!(t, "btn-report-handle"),
            ReportsCb::HandleAsk(ReportId(r.id)).into(),
        )]);
    }
    if reported.is_some() {
        rows.push(vec![(
            tr!(t, "btn-report-reported-card"),
            PeopleCb::Card(UserId(r.reported_user_id)).into(),
        )]);
    }
    rows.push(vec![(tr!(t, "btn-back"), ReportsCb::List.into())]);
    ctx.show(text, keyboard(rows)).await
}
