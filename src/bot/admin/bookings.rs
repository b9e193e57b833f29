//! `/admin` → Bookings: find a booking by its id (the short id admins are shown, its first 8
//! hex digits, or the whole uuid) or by a person (@username or Telegram id, as the user or the
//! performer); the results newest first, 10 to a page; a booking's card with both sides (admins
//! see usernames and ids), times in the admin's zone, payment and refund state, the cancel
//! request, the `booking_events` history and the performer's recent cancellations; and
//! [Cancel and refund] behind a confirmation.
//!
//! Every button here is nested under [`super::AdminCb`], whose handler checks the admin role
//! before it reaches [`on_callback`]; the typed search checks it again in [`on_search`]. The
//! card is built from small parts ([`card_text`], [`card_rows`]) so more actions (manual
//! refunds, bans) can be added as rows of their own.

use entity::users;
use entity::zone::Zone;
use frankenstein::types::Message;
use uuid::Uuid;

use super::{AdminCb, AdminInput};
use crate::bot::callback::Callback;
use crate::bot::callback_data::{BookingId, Page, UserId};
use crate::bot::{keyboard, ChatState, Ctx, Result};
use crate::domain::booking::{Actor, BookingEvent, BookingStatus};
use crate::i18n::tr;
use crate::notify::fulfil;
use crate::services::availability::to_ts;
use crate::services::booking::{short_id, Booking, BookingError, BookingSearch};
use crate::services::payments::{self, PaymentStatus};
use crate::services::profiles;
use crate::services::users as user_service;
use entity::bookings::CancelRequest;

crate::callback_enum! {
    /// The admin's Bookings buttons (`a:b:`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum BookingsCb {
        /// Ask for a booking id, @username or Telegram id.
        Find = "f",
        /// A person's bookings (as user and as performer), one page.
        Person(user: UserId, page: Page) = "p",
        /// Bookings whose id starts with these 8 hex digits, one page.
        Prefix(prefix: u32, page: Page) = "i",
        Card(booking: BookingId) = "k",
        /// [Cancel and refund]: the confirmation.
        CancelAsk(booking: BookingId) = "c",
        /// [Yes, cancel and refund].
        Cancel(booking: BookingId) = "x",
        /// [Refund without cancelling]: the confirmation (a completed call's paid payment).
        RefundAsk(booking: BookingId) = "r",
        /// [Yes, refund in full].
        Refund(booking: BookingId) = "y",
    }
}

crate::nest!(BookingsCb => AdminCb::Bookings);

const PER_PAGE: u64 = 10;

/// A Bookings button; the caller has checked the admin role.
pub async fn on_callback(ctx: &Ctx<'_>, cb: BookingsCb) -> Result<()> {
    match cb {
        BookingsCb::Find => ask(ctx, None).await,
        BookingsCb::Person(UserId(user), page) => {
            let Some(person) = user_service::find_by_id(&ctx.app.db, user).await? else {
                return ask(ctx, None).await;
            };
            person_results(ctx, &person, page.0).await
        }
        BookingsCb::Prefix(prefix, page) => {
            let search = BookingSearch::id_prefix(&format!("{prefix:08x}"));
            match search {
                Some(search) => results(ctx, &search, page.0, &|n| BookingsCb::Prefix(prefix, Page(n))).await,
                None => ask(ctx, None).await,
            }
        }
        BookingsCb::Card(id) => card(ctx, id.0, None).await,
        BookingsCb::CancelAsk(id) => ask_cancel(ctx, id.0).await,
        BookingsCb::Cancel(id) => cancel(ctx, id.0).await,
        BookingsCb::RefundAsk(id) => ask_refund(ctx, id.0).await,
        BookingsCb::Refund(id) => refund(ctx, id.0).await,
    }
}

/// "Which booking?", waiting for the typed answer.
async fn ask(ctx: &Ctx<'_>, notice: Option<String>) -> Result<()> {
    let t = ctx.t;
    ctx.set_chat_state(&ChatState::Admin(AdminInput::BookingSearch))
        .await?;
    let mut text = notice.map(|n| format!("{n}\n\n")).unwrap_or_default();
    text.push_str(&tr!(t, "admin-bookings-ask"));
    ctx.show(
        text,
        keyboard(vec![vec![(tr!(t, "btn-back"), AdminCb::Panel.into())]]),
    )
    .await
}

/// The typed answer to "Which booking?": an id (or its first 8+ hex digits), an @username or a
/// Telegram id.
pub async fn on_search(ctx: &Ctx<'_>, message: &Message) -> Result<()> {
    if !ctx.is_admin().await? {
        ctx.clear_chat_state().await?;
        return ctx.send(tr!(ctx.t, "admin-refused"), None).await;
    }
    let t = ctx.t;
    let text = message.text.as_deref().map(str::trim).unwrap_or_default();
    let db = &ctx.app.db;
    // A Telegram id is all digits, so it is tried as a person first; an id prefix of only
    // digits that names nobody is tried as a booking id after.
    let person = if let Some(name) = text.strip_prefix('@') {
        user_service::find_by_username(db, name).await?
    } else if let Ok(id) = text.parse::<i64>() {
        user_service::find_by_telegram_id(db, id).await?
    } else {
        None
    };
    if let Some(person) = person {
        ctx.clear_chat_state().await?;
        return person_results(ctx, &person, 0).await;
    }
    if let Some(search) = BookingSearch::id_prefix(text) {
        let (found, total) = ctx.app.bookings().search(&search, 0, PER_PAGE).await?;
        if total == 1 {
            ctx.clear_chat_state().await?;
            return card(ctx, found[0].id, None).await;
        }
        if total > 1 {
            ctx.clear_chat_state().await?;
            let hex: String = text
                .trim_start_matches('#')
                .chars()
                .filter(|&c| c != '-')
                .collect();
            let prefix = u32::from_str_radix(&hex[..8], 16).unwrap_or_default();
            return results(ctx, &search, 0, &|n| BookingsCb::Prefix(prefix, Page(n))).await;
        }
    }
    ask(ctx, Some(tr!(t, "admin-bookings-none", query = text))).await
}

async fn person_results(ctx: &Ctx<'_>, person: &users::Model, page: u16) -> Result<()> {
    let performer_id = profiles::by_user(&ctx.app.db, person.id).await?.map(|p| p.id);
    let search = BookingSearch::Person {
        user_id: person.id,
        performer_id,
    };
    let user = UserId(person.id);
    results(ctx, &search, page, &|n| BookingsCb::Person(user, Page(n))).await
}

/// The admin's own zone, for every time on these screens.
fn admin_zone(ctx: &Ctx<'_>) -> Zone {
    fulfil::zone_of(ctx.app, &ctx.user)
}

/// One page of results, newest first, each a button to its card.
async fn results(
    ctx: &Ctx<'_>,
    search: &BookingSearch,
    page: u16,
    page_cb: &(dyn Fn(u16) -> BookingsCb + Sync),
) -> Result<()> {
    let t = ctx.t;
    let (found, total) = ctx
        .app
        .bookings()
        .search(search, u64::from(page), PER_PAGE)
        .await?;
    if total == 0 {
        return ask(ctx, Some(tr!(t, "admin-bookings-empty"))).await;
    }
    let zone = admin_zone(ctx);
    let pages = total.div_ceil(PER_PAGE);
    let mut text = tr!(
        t,
        "admin-bookings-results",
        count = total,
        page = u64::from(page) + 1,
        pages = pages,
        zone = zone.name()
    );
    let mut rows: Vec<Vec<(String, Callback)>> = Vec::new();
    for b in &found {
        let (user, performer) = sides(ctx, b).await?;
        let when = b
            .starts_at
            .map(|s| t.when(to_ts(s), zone.tz()))
            .unwrap_or_default();
        let line = format!(
            "#{} · {when} · {} → {} · {}",
            short_id(b.id),
            user.map(|u| u.first_name).unwrap_or_default(),
            performer.map(|(name, _)| name).unwrap_or_default(),
            t.booking_status(b.status.as_str())
        );
        text.push_str(&format!("\n• {line}"));
        rows.push(vec![(line, BookingsCb::Card(BookingId(b.id)).into())]);
    }
    let mut nav = Vec::new();
    if page > 0 {
        nav.push((tr!(t, "btn-prev"), page_cb(page - 1).into()));
    }
    if u64::from(page) + 1 < pages {
        nav.push((tr!(t, "btn-next"), page_cb(page + 1).into()));
    }
    if !nav.is_empty() {
        rows.push(nav);
    }
    rows.push(vec![(tr!(t, "btn-find-booking"), BookingsCb::Find.into())]);
    rows.push(vec![(tr!(t, "btn-back"), AdminCb::Panel.into())]);
    ctx.show(text, keyboard(rows)).await
}

/// The booking's user, and the performer's display name with her user row.
async fn sides(
    ctx: &Ctx<'_>,
    b: &Booking,
) -> Result<(Option<users::Model>, Option<(String, Option<users::Model>)>)> {
    let db = &ctx.app.db;
    let user = user_service::find_by_id(db, b.user_id).await?;
    let performer = match profiles::get(db, b.performer_id).await? {
        Some(p) => Some((p.display_name, user_service::find_by_id(db, p.user_id).await?)),
        None => None,
    };
    Ok((user, performer))
}

/// A person as admins see them: name, @username and Telegram id.
fn person(u: &users::Model) -> String {
    match &u.username {
        Some(username) => format!("{} (@{username}, id {})", u.first_name, u.telegram_id),
        None => format!("{} (id {})", u.first_name, u.telegram_id),
    }
}

/// The card's text: status, both sides, times, money, the request, the history.
async fn card_text(ctx: &Ctx<'_>, b: &Booking) -> Result<String> {
    let t = ctx.t;
    let zone = admin_zone(ctx);
    let (user, performer) = sides(ctx, b).await?;
    let cancellations = fulfil::recent_cancellations(ctx.app, b.performer_id).await;
    let when = b
        .starts_at
        .map(|s| t.when_in(to_ts(s), &zone))
        .unwrap_or_default();
    let payment = payments::for_booking(&ctx.app.db, b.id).await?;
    let paid = match &payment {
        None => tr!(t, "admin-payment-none"),
        Some(p) => {
            let amount = crate::bot::user::browse::money(p.amount, &p.currency);
            match p.status {
                PaymentStatus::Paid => tr!(t, "admin-payment-paid", amount = &amount),
                PaymentStatus::RefundPending => tr!(t, "admin-payment-refund-pending", amount = &amount),
                PaymentStatus::RefundDue => tr!(t, "admin-payment-refund-due", amount = &amount),
                PaymentStatus::Refunded => tr!(
                    t,
                    "admin-payment-refunded",
                    amount = &amount,
                    when = p
                        .refunded_at
                        .map(|at| t.when_in(to_ts(at), &zone))
                        .unwrap_or_default()
                ),
            }
        }
    };
    let (performer_name, performer_user) = performer.unwrap_or_default();
    let mut text = tr!(
        t,
        "admin-booking-card",
        booking = short_id(b.id),
        id = b.id.to_string(),
        status = t.booking_status(b.status.as_str()),
        user = user.as_ref().map(person).unwrap_or_default(),
        performer = &performer_name,
        account = performer_user.as_ref().map(person).unwrap_or_default(),
        cancellations = cancellations,
        when = &when,
        minutes = b.duration_minutes,
        price = crate::bot::user::browse::money(b.price, &b.currency),
        payment = &paid
    );
    if let Some(request) = b.cancel_request {
        let at = b
            .cancel_requested_at
            .map(|at| t.when_in(to_ts(at), &zone))
            .unwrap_or_default();
        // An open request on a booking that ended or was cancelled was never answered.
        let live = matches!(b.status, BookingStatus::Confirmed | BookingStatus::InProgress);
        let state = match request {
            CancelRequest::Open if !live => "unanswered",
            other => other.as_str(),
        };
        text.push('\n');
        text.push_str(&tr!(t, "admin-booking-request", state = state, when = &at));
    }
    text.push_str("\n\n");
    text.push_str(&tr!(t, "admin-booking-history", zone = zone.name()));
    for e in ctx.app.bookings().events(b.id).await? {
        let from = e.from_status.map(|s| format!("{s} → ")).unwrap_or_default();
        text.push_str(&format!(
            "\n• {} · {from}{} · {} · {}",
            t.when(to_ts(e.at), zone.tz()),
            e.to_status,
            e.event,
            e.actor
        ));
        if let Some(reason) = &e.reason {
            text.push_str(&format!(" ({reason})"));
        }
    }
    Ok(text)
}

/// The card's buttons: the actions this booking allows now, then the way back.
fn card_rows(ctx: &Ctx<'_>, b: &Booking, refundable: bool) -> Vec<Vec<(String, Callback)>> {
    let t = ctx.t;
    let mut rows = Vec::new();
    let cancel = BookingEvent::Cancel {
        by: Actor::Admin,
        before_cutoff: true,
    };
    if crate::domain::booking::transition(b.status, &cancel).is_ok() {
        rows.push(vec![(
            tr!(t, "btn-admin-cancel-refund"),
            BookingsCb::CancelAsk(BookingId(b.id)).into(),
        )]);
    }
    if refundable {
        rows.push(vec![(
            tr!(t, "btn-admin-refund-only"),
            BookingsCb::RefundAsk(BookingId(b.id)).into(),
        )]);
    }
    rows.push(vec![(tr!(t, "btn-find-booking"), BookingsCb::Find.into())]);
    rows.push(vec![(tr!(t, "btn-back"), AdminCb::Panel.into())]);
    rows
}

/// Whether [Refund without cancelling] applies: a completed call whose payment is still `paid`.
/// Only completed calls: a refund before the call would leave a later completion crediting the
/// performer for a refunded call (before it, [Cancel and refund] is the action).
async fn refundable(ctx: &Ctx<'_>, b: &Booking) -> Result<Option<payments::Payment>> {
    if b.status != BookingStatus::Completed {
        return Ok(None);
    }
    Ok(payments::for_booking(&ctx.app.db, b.id)
        .await?
        .filter(|p| p.status == PaymentStatus::Paid))
}

/// [Refund without cancelling]: what it does, before it does it. Telegram refunds a Stars
/// payment only whole (`refundStarPayment` takes no amount), so the refund is always in full.
async fn ask_refund(ctx: &Ctx<'_>, id: Uuid) -> Result<()> {
    let t = ctx.t;
    let b = match ctx.app.bookings().get(id).await {
        Ok(b) => b,
        Err(BookingError::NotFound) => return ask(ctx, None).await,
        Err(e) => return Err(e.into()),
    };
    let Some(payment) = refundable(ctx, &b).await? else {
        return card(ctx, id, Some(tr!(t, "admin-refund-not-possible"))).await;
    };
    let (user, _) = sides(ctx, &b).await?;
    let amount = crate::bot::user::browse::money(payment.amount, &payment.currency);
    let booking = short_id(b.id);
    let user = user.as_ref().map(person).unwrap_or_default();
    let text = if payment.currency == "XTR" {
        tr!(
            t,
            "admin-refund-confirm-stars",
            booking = &booking,
            user = &user,
            amount = &amount
        )
    } else {
        tr!(
            t,
            "admin-refund-confirm-provider",
            booking = &booking,
            user = &user,
            amount = &amount
        )
    };
    ctx.show(
        text,
        keyboard(vec![
            vec![(
                tr!(t, "btn-admin-confirm-refund"),
                BookingsCb::Refund(BookingId(b.id)).into(),
            )],
            vec![(tr!(t, "btn-back"), BookingsCb::Card(BookingId(b.id)).into())],
        ]),
    )
    .await
}

/// The admin refunds in full, the booking keeps its status; the user is told by the refund.
async fn refund(ctx: &Ctx<'_>, id: Uuid) -> Result<()> {
    let t = ctx.t;
    let app = ctx.app;
    let b = match app.bookings().get(id).await {
        Ok(b) => b,
        Err(BookingError::NotFound) => return ask(ctx, None).await,
        Err(e) => return Err(e.into()),
    };
    if b.status != BookingStatus::Completed {
        return card(ctx, id, Some(tr!(t, "admin-refund-not-possible"))).await;
    }
    match payments::refund_without_cancelling(&app.db, &b, ctx.user.id, app.now()).await? {
        Some(payment) => {
            fulfil::refund(app, &payment).await;
            card(ctx, id, Some(tr!(t, "admin-refunded"))).await
        }
        // A second tap, or another admin first.
        None => card(ctx, id, Some(tr!(t, "admin-refund-not-possible"))).await,
    }
}

/// A booking's card, with `notice` (the outcome of an action) above it.
pub async fn card(ctx: &Ctx<'_>, id: Uuid, notice: Option<String>) -> Result<()> {
    let b = match ctx.app.bookings().get(id).await {
        Ok(b) => b,
        Err(BookingError::NotFound) => return ask(ctx, None).await,
        Err(e) => return Err(e.into()),
    };
    let mut text = notice.map(|n| format!("{n}\n\n")).unwrap_or_default();
    text.push_str(&card_text(ctx, &b).await?);
    // A long history must not make the card unsendable (Telegram takes 4096 characters).
    if text.chars().count() > 4000 {
        text = text.chars().take(3990).collect::<String>() + "\n…";
    }
    let refundable = refundable(ctx, &b).await?.is_some();
    ctx.show(text, keyboard(card_rows(ctx, &b, refundable))).await
}

/// [Cancel and refund]: what it does, before it does it.
async fn ask_cancel(ctx: &Ctx<'_>, id: Uuid) -> Result<()> {
    let t = ctx.t;
    let b = match ctx.app.bookings().get(id).await {
        Ok(b) => b,
        Err(BookingError::NotFound) => return ask(ctx, None).await,
        Err(e) => return Err(e.into()),
    };
    let (user, performer) = sides(ctx, &b).await?;
    ctx.show(
        tr!(
            t,
            "admin-cancel-confirm",
            booking = short_id(b.id),
            user = user.as_ref().map(person).unwrap_or_default(),
            performer = performer.map(|(name, _)| name).unwrap_or_default(),
            amount = crate::bot::user::browse::money(b.price, &b.currency)
        ),
        keyboard(vec![
            vec![(
                tr!(t, "btn-admin-confirm-cancel"),
                BookingsCb::Cancel(BookingId(b.id)).into(),
            )],
            vec![(tr!(t, "btn-keep-call"), BookingsCb::Card(BookingId(b.id)).into())],
        ]),
    )
    .await
}

/// The admin cancels: refunded in full, both sides told (the user with an apology).
async fn cancel(ctx: &Ctx<'_>, id: Uuid) -> Result<()> {
    let t = ctx.t;
    let app = ctx.app;
    let cancel = BookingEvent::Cancel {
        by: Actor::Admin,
        before_cutoff: true,
    };
    match app
        .bookings()
        .apply_by_admin(id, cancel, ctx.user.id, Some("cancelled by an admin"), app.now())
        .await
    {
        Ok(done) => {
            // Boxed: the effects are a deep future (a stack overflow in debug builds).
            Box::pin(fulfil::perform(app, &done, Actor::Admin, None)).await;
            card(ctx, id, Some(tr!(t, "admin-cancelled"))).await
        }
        Err(BookingError::Transition(_)) => card(ctx, id, Some(tr!(t, "admin-cancel-too-late"))).await,
        Err(BookingError::NotFound) => ask(ctx, None).await,
        Err(e) => Err(e.into()),
    }
}
