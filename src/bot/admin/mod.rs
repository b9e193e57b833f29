//! `/admin`: the Roles panel. Admins add and remove performers; only superadmins
//! (`PNP_SUPERADMINS`) add and remove admins. Authority is checked again on every button and
//! every typed answer, since a role may have changed since the menu was drawn. Every change waits
//! for [Confirm] on a screen naming the person and their numeric id, since an @username may have
//! passed to someone else. Removing a performer says first what happens to their upcoming paid
//! bookings (cancelled and refunded in full), then does it. Bookings (find one, its card,
//! cancel and refund) lives in [`bookings`].

pub mod audit;
pub mod bookings;

pub mod payouts;
pub mod people;
pub mod reports;
pub mod reviews;

use entity::users;
use frankenstein::methods::AnswerCallbackQueryParams;
use frankenstein::types::{Message, MessageOrigin};
use serde::{Deserialize, Serialize};

use crate::bot::callback::Callback;
use crate::bot::callback_data::UserId;
use crate::bot::user::UserCb;
use crate::bot::{keyboard, ChatState, Ctx, Result};
use crate::domain::booking::{Actor, BookingEvent, BookingStatus};
use crate::i18n::tr;
use crate::notify::fulfil;
use crate::services::booking::{Booking, BookingError};
use crate::services::roles::{self, Change, Role};
use crate::services::users as user_service;
use crate::services::{broadcast, profiles};
use crate::state::AppState;

crate::callback_enum! {
    /// The admin panel's buttons (`a:`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum AdminCb {
        Panel = "p",
        Roles = "r",
        /// Ask whom to give `role`.
        Add(role: Role) = "+",
        /// The people who hold `role`, to pick one to remove.
        RemoveList(role: Role) = "-",
        /// [Confirm] on "make this person `role`?".
        Grant(role: Role, user: UserId) = "g",
        /// One of the people holding `role` was picked: confirm them first.
        RemoveAsk(role: Role, user: UserId) = "k",
        /// [Confirm] on "remove `role` from this person?".
        Remove(role: Role, user: UserId) = "x",
        /// Settle a dispute (`bot::dispute`): refund, or keep the payment.
        Settle(booking: crate::bot::callback_data::BookingId, outcome: crate::bot::dispute::Settlement) = "d",
        /// Payouts: who is owed what (`payouts`).
        Payouts = "po",
        PayoutCard(performer: crate::bot::callback_data::PerformerId) = "pc",
        /// Mark paid the `nth` currency on the performer's card.
        MarkPaid(performer: crate::bot::callback_data::PerformerId, nth: crate::bot::callback_data::Choice) = "pm",
        /// The latest reviews (`reviews`), and hiding one.
        Reviews(page: crate::bot::callback_data::Page) = "rv",
        HideReview(booking: crate::bot::callback_data::BookingId, page: crate::bot::callback_data::Page) = "rh",
        /// Show a hidden review again.
        UnhideReview(booking: crate::bot::callback_data::BookingId, page: crate::bot::callback_data::Page) = "ru",
        /// Bookings: find, card, cancel and refund (`bookings.rs`).
        Bookings(cb: bookings::BookingsCb) = "b",
        /// Users: find a person, their card, ban and unban (`people.rs`).
        People(cb: people::PeopleCb) = "u",
        /// Reports: the queue, a card, mark handled (`reports.rs`).
        Reports(cb: reports::ReportsCb) = "rp",
        /// The audit log, newest first (`audit.rs`).
        Audit(page: crate::bot::callback_data::Page) = "au",
    }
}

/// `/admin` or the Admin button.
pub async fn open(ctx: &Ctx<'_>) -> Result<()> {
    if !ctx.is_admin().await? {
        return ctx.send(tr!(ctx.t, "admin-refused"), None).await;
    }
    let t = ctx.t;
    let text = format!("{}\n\n{}", tr!(t, "admin-title"), figures(ctx).await?);
    ctx.show(
        text,
        keyboard(vec![
            vec![(tr!(t, "btn-roles"), AdminCb::Roles.into())],
            vec![
                (tr!(t, "btn-payouts"), AdminCb::Payouts.into()),
                (
                    tr!(t, "btn-admin-reviews"),
                    AdminCb::Reviews(crate::bot::callback_data::Page(0)).into(),
                ),
            ],
            vec![
                (tr!(t, "btn-admin-bookings"), bookings::BookingsCb::Find.into()),
                (tr!(t, "btn-admin-users"), people::PeopleCb::Find.into()),
            ],
            vec![reports::menu_button(ctx).await?],
            vec![(
                tr!(t, "btn-admin-audit"),
                AdminCb::Audit(crate::bot::callback_data::Page(0)).into(),
            )],
            vec![(tr!(t, "btn-main-menu"), UserCb::MainMenu.into())],
        ]),
    )
    .await
}

/// Today's and this week's figures, from the start of the admin's own day and week (Monday).
async fn figures(ctx: &Ctx<'_>) -> Result<String> {
    use crate::services::admin_stats;
    use crate::services::availability::{to_odt, to_ts};
    use jiff::ToSpan;
    let t = ctx.t;
    let zone = crate::bot::user::settings::user_zone(ctx);
    let tz = zone.tz().clone();
    let now = ctx.app.now();
    let today = tz.to_datetime(to_ts(now)).date();
    let monday = today
        .checked_sub(i64::from(today.weekday().to_monday_zero_offset()).days())
        .unwrap_or(today);
    let start_of = |d: jiff::civil::Date| {
        tz.to_timestamp(d.to_datetime(jiff::civil::Time::midnight()))
            .map(to_odt)
            .unwrap_or(now)
    };
    let db = &ctx.app.db;
    let line = |label: String, f: admin_stats::Figures| {
        let statuses = f
            .by_status
            .iter()
            .map(|(status, n)| format!("{n} {}", t.booking_status(status.as_str())))
            .collect::<Vec<_>>()
            .join(", ");
        tr!(
            t,
            "admin-figures",
            period = label,
            bookings = f.bookings(),
            statuses = if statuses.is_empty() {
                "—".to_owned()
            } else {
                statuses
            },
            taken = f.stars_taken,
            refunded = f.stars_refunded,
            no_shows = f.no_shows
        )
    };
    let day = line(
        tr!(t, "admin-figures-today", zone = zone.name()),
        admin_stats::since(db, start_of(today)).await?,
    );
    let week = line(
        tr!(t, "admin-figures-week", monday = t.date(monday)),
        admin_stats::since(db, start_of(monday)).await?,
    );
    let live = tr!(
        t,
        "admin-figures-live",
        online = admin_stats::performers_online(db).await?,
        waiting = admin_stats::notices_waiting(db).await?
    );
    let (people, total) = crate::services::limits::people_since(db, start_of(today), 5).await?;
    let limits = if people.is_empty() {
        tr!(t, "admin-figures-limits-none")
    } else {
        let mut list = people
            .iter()
            .map(|(u, n)| format!("{} × {n}", people::person(u)))
            .collect::<Vec<_>>()
            .join(", ");
        if total > people.len() {
            list.push_str(&tr!(t, "admin-figures-limits-more", count = total - people.len()));
        }
        tr!(t, "admin-figures-limits", people = list)
    };
    Ok(format!("{day}\n{week}\n{live}\n{limits}"))
}

pub async fn on_callback(ctx: &Ctx<'_>, cb: AdminCb, answer: &mut AnswerCallbackQueryParams) -> Result<()> {
    if !ctx.is_admin().await? {
        answer.text = Some(tr!(ctx.t, "admin-refused"));
        answer.show_alert = Some(true);
        return Ok(());
    }
    let needs_superadmin = matches!(
        cb,
        AdminCb::Add(Role::Admin)
            | AdminCb::RemoveList(Role::Admin)
            | AdminCb::Grant(Role::Admin, _)
            | AdminCb::RemoveAsk(Role::Admin, _)
            | AdminCb::Remove(Role::Admin, _)
    );
    if needs_superadmin && !ctx.is_superadmin() {
        answer.text = Some(tr!(ctx.t, "superadmin-only"));
        answer.show_alert = Some(true);
        return Ok(());
    }
    match cb {
        AdminCb::Panel => open(ctx).await,
        AdminCb::Settle(booking, outcome) => crate::bot::dispute::settle(ctx, booking.0, outcome).await,
        AdminCb::Roles => show_roles(ctx, None).await,
        AdminCb::Payouts => payouts::list(ctx).await,
        AdminCb::PayoutCard(performer) => payouts::card(ctx, performer.0).await,
        AdminCb::MarkPaid(performer, nth) => payouts::mark_paid(ctx, performer.0, nth.0).await,
        AdminCb::Reviews(page) => reviews::list(ctx, page.0, None).await,
        AdminCb::HideReview(booking, page) => reviews::hide(ctx, booking.0, page.0).await,
        AdminCb::UnhideReview(booking, page) => reviews::unhide(ctx, booking.0, page.0).await,
        AdminCb::Bookings(cb) => bookings::on_callback(ctx, cb).await,
        AdminCb::Audit(page) => audit::list(ctx, page.0).await,
        // Boxed: a ban's effects (cancellations, refunds) make a deep future.
        AdminCb::People(cb) => Box::pin(people::on_callback(ctx, cb)).await,
        AdminCb::Reports(cb) => reports::on_callback(ctx, cb).await,
        AdminCb::Add(role) => {
            ctx.set_chat_state(&ChatState::Admin(AdminInput::RoleTarget { role }))
                .await?;
            let t = ctx.t;
            ctx.show(
                format!(
                    "{}\n\n{}",
                    tr!(t, "adding", role = role.as_str()),
                    tr!(t, "ask-role-target")
                ),
                keyboard(vec![vec![(tr!(t, "btn-cancel"), AdminCb::Roles.into())]]),
            )
            .await
        }
        AdminCb::RemoveList(role) => remove_list(ctx, role).await,
        AdminCb::Grant(role, UserId(user_id)) => {
            match user_service::find_by_id(&ctx.app.db, user_id).await? {
                Some(target) => grant(ctx, role, &target).await,
                None => show_roles(ctx, None).await,
            }
        }
        AdminCb::RemoveAsk(role, UserId(user_id)) => {
            let Some(target) = user_service::find_by_id(&ctx.app.db, user_id).await? else {
                return show_roles(ctx, None).await;
            };
            confirm(ctx, role, &target, AdminCb::Remove(role, UserId(target.id))).await
        }
        AdminCb::Remove(role, UserId(user_id)) => {
            let Some(target) = user_service::find_by_id(&ctx.app.db, user_id).await? else {
                return show_roles(ctx, None).await;
            };
            let who = user_service::display(&target);
            let change =
                roles::revoke(&ctx.app.db, target.id, role, Some(ctx.user.id), ctx.app.now()).await?;
            let line = match change {
                Change::Done => {
                    crate::bot::refresh_commands(ctx.app, &target).await;
                    ctx.notify(&target, |t| tr!(t, "you-were-revoked", role = role.as_str()))
                        .await;
                    let mut line = tr!(ctx.t, "role-removed", who = &who, role = role.as_str());
                    if role == Role::Performer {
                        let cancelled = retire_performer(ctx.app, ctx.user.id, &target).await?;
                        line.push('\n');
                        line.push_str(&tr!(ctx.t, "performer-retired", count = cancelled));
                    }
                    line
                }
                Change::Unchanged => tr!(ctx.t, "role-not-held", who = &who, role = role.as_str()),
            };
            show_roles(ctx, Some(line)).await
        }
    }
}

/// The Roles screen: who holds which role, and what this admin may change.
async fn show_roles(ctx: &Ctx<'_>, notice: Option<String>) -> Result<()> {
    ctx.clear_chat_state().await?;
    let t = ctx.t;
    let list = |people: &[users::Model]| {
        if people.is_empty() {
            tr!(t, "roles-none")
        } else {
            people
                .iter()
                .map(|u| format!("• {}", user_service::display(u)))
                .collect::<Vec<_>>()
                .join("\n")
        }
    };
    let performers = roles::holders(&ctx.app.db, Role::Performer).await?;
    let admins = roles::holders(&ctx.app.db, Role::Admin).await?;
    let mut text = String::new();
    if let Some(notice) = notice {
        text.push_str(&notice);
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "{}:\n{}\n\n{}:\n{}",
        tr!(t, "roles-performers"),
        list(&performers),
        tr!(t, "roles-admins"),
        list(&admins)
    ));
    let mut rows = vec![vec![
        (tr!(t, "btn-add-performer"), AdminCb::Add(Role::Performer).into()),
        (
            tr!(t, "btn-remove-performer"),
            AdminCb::RemoveList(Role::Performer).into(),
        ),
    ]];
    if ctx.is_superadmin() {
        rows.push(vec![
            (tr!(t, "btn-add-admin"), AdminCb::Add(Role::Admin).into()),
            (
                tr!(t, "btn-remove-admin"),
                AdminCb::RemoveList(Role::Admin).into(),
            ),
        ]);
    }
    rows.push(vec![(tr!(t, "btn-back"), AdminCb::Panel.into())]);
    ctx.show(text, keyboard(rows)).await
}

async fn remove_list(ctx: &Ctx<'_>, role: Role) -> Result<()> {
    let t = ctx.t;
    let holders = roles::holders(&ctx.app.db, role).await?;
    let labels: Vec<String> = holders
        .iter()
        .map(|u| format!("➖ {}", user_service::display(u)))
        .collect();
    let mut rows: Vec<Vec<(String, Callback)>> = holders
        .iter()
        .zip(&labels)
        .map(|(u, label)| vec![(label.clone(), AdminCb::RemoveAsk(role, UserId(u.id)).into())])
        .collect();
    rows.push(vec![(tr!(t, "btn-back"), AdminCb::Roles.into())]);
    let title = if holders.is_empty() {
        tr!(t, "nobody-to-remove")
    } else {
        tr!(t, "choose-to-remove")
    };
    ctx.show(title, keyboard(rows)).await
}

/// Who an admin's answer names.
enum Target {
    Found(Box<users::Model>),
    Unknown(String),
    Hidden,
    Invalid,
}

async fn resolve_target(ctx: &Ctx<'_>, message: &Message) -> Result<Target> {
    let db = &ctx.app.db;
    if let Some(origin) = message.forward_origin.as_deref() {
        return Ok(match origin {
            MessageOrigin::User(origin) => {
                let id = origin.sender_user.id as i64;
                match user_service::find_by_telegram_id(db, id).await? {
                    Some(user) => Target::Found(Box::new(user)),
                    None => Target::Unknown(origin.sender_user.first_name.clone()),
                }
            }
            MessageOrigin::HiddenUser(_) => Target::Hidden,
            _ => Target::Invalid,
        });
    }
    let Some(text) = message.text.as_deref().map(str::trim) else {
        return Ok(Target::Invalid);
    };
    if let Some(name) = text.strip_prefix('@') {
        let valid =
            (4..=32).contains(&name.len()) && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            return Ok(Target::Invalid);
        }
        return Ok(match user_service::find_by_username(db, name).await? {
            Some(user) => Target::Found(Box::new(user)),
            None => Target::Unknown(text.to_owned()),
        });
    }
    if let Ok(id) = text.parse::<i64>() {
        return Ok(match user_service::find_by_telegram_id(db, id).await? {
            Some(user) => Target::Found(Box::new(user)),
            None => Target::Unknown(text.to_owned()),
        });
    }
    Ok(Target::Invalid)
}

/// The admin's answer to "whom should get `role`?".
/// An admin's pending typed input, kept in `chat_states` as [`ChatState::Admin`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum AdminInput {
    /// Whom to give `role`: an @username, a numeric id or a forwarded message.
    RoleTarget { role: Role },
    /// The reference of a payout of `amount` `currency` to performer `performer`.
    PayoutReference {
        performer: i64,
        currency: String,
        amount: i64,
    },
    /// Which booking: an id, an @username or a Telegram id (`bookings.rs`).
    BookingSearch,
    /// Whom: an @username or a Telegram id (`people.rs`).
    PersonSearch,
    /// Why `user` is banned (`people.rs`).
    BanReason { user: i64 },
    /// The typed reason, waiting for [Confirm ban].
    BanConfirm { user: i64, reason: String },
    /// The action taken on report `report` (`reports.rs`).
    ReportAction { report: i64 },
}

/// A typed answer to one of the admin panel's questions.
pub async fn on_input(ctx: &Ctx<'_>, input: AdminInput, message: &Message) -> Result<()> {
    match input {
        AdminInput::RoleTarget { role } => on_role_target(ctx, role, message).await,
        AdminInput::PayoutReference {
            performer,
            currency,
            amount,
        } => payouts::on_reference(ctx, performer, &currency, amount, message).await,
        AdminInput::BookingSearch => bookings::on_search(ctx, message).await,
        AdminInput::PersonSearch => people::on_search(ctx, message).await,
        AdminInput::BanReason { user } => people::on_reason(ctx, user, message).await,
        // A new reason typed over the confirmation replaces it.
        AdminInput::BanConfirm { user, .. } => people::on_reason(ctx, user, message).await,
        AdminInput::ReportAction { report } => reports::on_action(ctx, report, message).await,
    }
}

async fn on_role_target(ctx: &Ctx<'_>, role: Role, message: &Message) -> Result<()> {
    let allowed = match role {
        Role::Admin => ctx.is_superadmin(),
        Role::Performer => ctx.is_admin().await?,
    };
    if !allowed {
        ctx.clear_chat_state().await?;
        return ctx.send(tr!(ctx.t, "admin-refused"), None).await;
    }
    let t = ctx.t;
    let cancel = || keyboard(vec![vec![(tr!(t, "btn-cancel"), AdminCb::Roles.into())]]);
    let target = match resolve_target(ctx, message).await? {
        Target::Found(user) => *user,
        Target::Unknown(who) => {
            return ctx
                .send(tr!(t, "target-unknown", who = &who), Some(cancel()))
                .await
        }
        Target::Hidden => return ctx.send(tr!(t, "target-hidden"), Some(cancel())).await,
        Target::Invalid => return ctx.send(tr!(t, "target-invalid"), Some(cancel())).await,
    };
    // Answered: the rest is the confirmation's buttons.
    ctx.clear_chat_state().await?;
    confirm(ctx, role, &target, AdminCb::Grant(role, UserId(target.id))).await
}

/// "Make / remove … this person?": their name and numeric id as the bot knows them, since an
/// @username may have changed hands since the admin learnt it.
async fn confirm(ctx: &Ctx<'_>, role: Role, target: &users::Model, yes: AdminCb) -> Result<()> {
    let t = ctx.t;
    let name = match (&target.last_name, &target.username) {
        (Some(last), Some(username)) => format!("{} {last} (@{username})", target.first_name),
        (Some(last), None) => format!("{} {last}", target.first_name),
        (None, Some(username)) => format!("{} (@{username})", target.first_name),
        (None, None) => target.first_name.clone(),
    };
    let id = target.telegram_id.to_string();
    let text = match yes {
        AdminCb::Grant(..) => tr!(t, "confirm-grant", role = role.as_str(), name = &name, id = &id),
        _ if role == Role::Performer => {
            // What the removal does to the people who paid for a call with them, said first.
            let profile = profiles::by_user(&ctx.app.db, target.id).await?;
            let paid = match &profile {
                Some(profile) => paid_upcoming(ctx.app, profile.id).await?.len(),
                None => 0,
            };
            let performer = profile.map_or_else(|| target.first_name.clone(), |p| p.display_name);
            format!(
                "{}\n\n{}",
                tr!(t, "confirm-revoke", role = role.as_str(), name = &name, id = &id),
                tr!(t, "revoke-paid-bookings", name = &performer, count = paid)
            )
        }
        _ => tr!(t, "confirm-revoke", role = role.as_str(), name = &name, id = &id),
    };
    ctx.send(
        text,
        Some(keyboard(vec![vec![
            (tr!(t, "btn-confirm"), yes.into()),
            (tr!(t, "btn-cancel"), AdminCb::Roles.into()),
        ]])),
    )
    .await
}

/// The performer's upcoming paid (confirmed) bookings.
async fn paid_upcoming(app: &AppState, performer_id: i64) -> Result<Vec<Booking>> {
    let upcoming = app
        .bookings()
        .upcoming_of_performer(performer_id, app.now())
        .await?;
    Ok(upcoming
        .into_iter()
        .filter(|b| b.status == BookingStatus::Confirmed)
        .collect())
}

/// After the Performer role is removed: the profile goes offline (it is already hidden from
/// users, who only see performers holding the role), and every upcoming paid booking is
/// cancelled by the admin, which refunds it in full and tells the user (with an apology) and the
/// performer. Returns how many were cancelled. (Also what a ban does to a performer, from chat
/// or the Mini App.)
pub async fn retire_performer(app: &AppState, admin: i64, target: &users::Model) -> Result<u64> {
    let Some(profile) = profiles::by_user(&app.db, target.id).await? else {
        return Ok(0);
    };
    broadcast::go_offline(&app.db, profile.id, app.now()).await?;
    let mut cancelled = 0;
    for booking in paid_upcoming(app, profile.id).await? {
        let cancel = BookingEvent::Cancel {
            by: Actor::Admin,
            before_cutoff: true,
        };
        match app
            .bookings()
            .apply_by_admin(booking.id, cancel, admin, Some("performer removed"), app.now())
            .await
        {
            Ok(done) => {
                // Boxed: the effects are a deep future (a stack overflow in debug builds).
                Box::pin(fulfil::perform(app, &done, Actor::Admin, None)).await;
                cancelled += 1;
            }
            // It moved on meanwhile (the call started, or someone cancelled it first).
            Err(BookingError::Transition(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(cancelled)
}

/// Gives `target` the role, confirmed.
async fn grant(ctx: &Ctx<'_>, role: Role, target: &users::Model) -> Result<()> {
    let t = ctx.t;
    let who = user_service::display(target);
    let change = roles::grant(&ctx.app.db, target.id, role, Some(ctx.user.id), ctx.app.now()).await?;
    if role == Role::Performer {
        // Every performer has a profile from the start, so they can go online at once.
        profiles::ensure(
            &ctx.app.db,
            target.id,
            &target.first_name,
            &ctx.app.config.bot.default_timezone,
            ctx.app.now(),
        )
        .await?;
    }
    let line = match change {
        Change::Done => {
            crate::bot::refresh_commands(ctx.app, target).await;
            ctx.notify(target, |t| tr!(t, "you-were-granted", role = role.as_str()))
                .await;
            tr!(t, "role-granted", who = &who, role = role.as_str())
        }
        Change::Unchanged => tr!(t, "role-already", who = &who, role = role.as_str()),
    };
    show_roles(ctx, Some(line)).await
}
