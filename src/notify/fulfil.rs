//! What follows a booking transition (the state machine's effects): meeting links with the
//! confirmation to both sides, refunds, and the notices. Used by the update handlers and by the
//! background worker alike. Failures here never undo the transition: links and refunds that
//! did not go through stay recorded as owed (`links_sent_at` unset, payment `refund_pending`)
//! and the worker retries them.

use entity::users;
use entity::zone::Zone;
use frankenstein::methods::{RefundStarPaymentParams, SendMessageParams};
use frankenstein::types::{InlineKeyboardMarkup, ReplyMarkup};
use frankenstein::AsyncTelegramApi;
use tracing::{info, warn};

use crate::bot::callback_data::PerformerId;
use crate::bot::user::book::BookCb;
use crate::bot::user::my_bookings::MyBookingsCb;
use crate::bot::{keyboard, with_url_row};
use crate::domain::booking::{Actor, BookingEvent, BookingStatus, Effect};
use crate::i18n::{tr, Lang, Texts};
use crate::services::availability::to_ts;
use crate::services::booking::{Booking, BookingError, Side, Transitioned, LINKS_HEARTBEAT};
use crate::services::payments::{self, Payment, PaymentStatus};
use crate::services::roles::{self, Role};
use crate::services::{profiles, users as user_service};
use crate::state::AppState;
use crate::telegram::TelegramError;
use crate::video::{Participant, RoomRequest};

/// The texts a person reads: in their stored language.
pub fn texts_for(user: &users::Model) -> Texts {
    Texts(Lang::from_stored(&user.language_code))
}

/// The zone a person's times are shown in: theirs, else the configured default.
pub fn zone_of(app: &AppState, user: &users::Model) -> Zone {
    user_service::zone(user, &app.config.bot.default_timezone)
}

/// Sends a message to a user; failures are logged (a 403 is recorded by the client).
pub async fn tell(app: &AppState, telegram_id: i64, text: String, markup: Option<InlineKeyboardMarkup>) {
    if let Err(e) = deliver(app, telegram_id, text, markup).await {
        warn!(telegram_id, error = %e, "could not send a notice");
    }
}

/// Sends a message to a user, saying whether it went out (or was queued in the outbox).
pub async fn deliver(
    app: &AppState,
    telegram_id: i64,
    text: String,
    markup: Option<InlineKeyboardMarkup>,
) -> Result<(), TelegramError> {
    let params = SendMessageParams {
        reply_markup: markup.map(ReplyMarkup::InlineKeyboardMarkup),
        ..SendMessageParams::builder()
            .chat_id(telegram_id)
            .text(text)
            .build()
    };
    // A notice must arrive: it never rides in a webhook response (see `Telegram::direct`).
    app.telegram.direct().send_message(&params).await.map(|_| ())
}

/// Tells every admin and superadmin, each in their language.
pub async fn tell_admins(app: &AppState, text: impl Fn(Texts) -> String) {
    tell_admins_zoned(app, |t, _| text(t)).await;
}

/// Tells every admin and superadmin, each in their language and with times in their own zone.
pub async fn tell_admins_zoned(app: &AppState, text: impl Fn(Texts, &Zone) -> String) {
    tell_admins_with(app, |t, zone| (text(t, zone), None)).await;
}

/// Tells every admin and superadmin a message with buttons, each in their language and zone.
pub async fn tell_admins_with(
    app: &AppState,
    message: impl Fn(Texts, &Zone) -> (String, Option<InlineKeyboardMarkup>),
) {
    let mut recipients: Vec<(i64, Texts, Zone)> = Vec::new();
    for id in &app.config.telegram.superadmins {
        let (t, zone) = match user_service::find_by_telegram_id(&app.db, *id).await {
            Ok(Some(u)) => (texts_for(&u), zone_of(app, &u)),
            _ => (
                Texts(Lang::from_stored(&app.config.bot.default_language)),
                Zone::stored(app.config.bot.default_timezone.clone()),
            ),
        };
        recipients.push((*id, t, zone));
    }
    if let Ok(admins) = roles::holders(&app.db, Role::Admin).await {
        for admin in admins {
            if !recipients.iter().any(|(id, _, _)| *id == admin.telegram_id) {
                recipients.push((admin.telegram_id, texts_for(&admin), zone_of(app, &admin)));
            }
        }
    }
    for (id, t, zone) in recipients {
        let (text, markup) = message(t, &zone);
        tell(app, id, text, markup).await;
    }
}

/// The user as a participant of their booking's call.
fn user_participant(p: &Parties) -> Participant {
    Participant {
        id: p.user.telegram_id.to_string(),
        name: p.user.first_name.clone(),
        is_performer: false,
    }
}

/// The performer as a participant of the call.
fn performer_participant(p: &Parties) -> Participant {
    Participant {
        id: p.performer_user.telegram_id.to_string(),
        name: p.performer_name.clone(),
        is_performer: true,
    }
}

/// [▶️ Join call] opening `link`; for the user also [📅 My bookings], which opens a new message
/// (the confirmation above it stays).
pub fn join_keyboard(t: Texts, link: &str, my_bookings: bool) -> InlineKeyboardMarkup {
    let rows = if my_bookings {
        vec![vec![(tr!(t, "btn-my-bookings"), MyBookingsCb::Open.into())]]
    } else {
        Vec::new()
    };
    with_url_row(keyboard(rows), tr!(t, "btn-join-call"), link)
}

/// Sends `person` the booking's calendar file: the event, or its cancellation (same UID, a
/// higher SEQUENCE). A failure is logged: the file is a convenience, the messages are the record.
async fn send_calendar(
    app: &AppState,
    booking: &Booking,
    person: &users::Model,
    summary: &str,
    link: &str,
    cancelled: bool,
) {
    let (Some(starts_at), Some(ends_at)) = (booking.starts_at, booking.ends_at) else {
        return;
    };
    let uid = booking.id.simple().to_string();
    let call = crate::domain::calendar::CallEvent {
        uid: &uid,
        sequence: booking.version,
        start: to_ts(starts_at),
        end: to_ts(ends_at),
        now: to_ts(app.now()),
        summary,
        url: link,
    };
    let t = texts_for(person);
    let (ics, caption) = if cancelled {
        (
            crate::domain::calendar::cancellation(&call),
            tr!(t, "ics-caption-cancel"),
        )
    } else {
        (crate::domain::calendar::event(&call), tr!(t, "ics-caption"))
    };
    if let Err(e) = app
        .telegram
        .send_file(person.telegram_id, "pnp-live-call.ics", ics.as_bytes(), &caption)
        .await
    {
        warn!(booking_id = %booking.id, error = %e, "could not send the calendar file");
    }
}

/// The parties of a booking: the user, the performer's profile and the performer's user row.
struct Parties {
    user: users::Model,
    performer_name: String,
    performer_user: users::Model,
    performer_zone: Zone,
}

async fn parties(app: &AppState, booking: &Booking) -> Option<Parties> {
    let user = user_service::find_by_id(&app.db, booking.user_id).await.ok()??;
    let profile = profiles::get(&app.db, booking.performer_id).await.ok()??;
    let performer_user = user_service::find_by_id(&app.db, profile.user_id).await.ok()??;
    Some(Parties {
        user,
        performer_zone: profile.timezone.clone(),
        performer_name: profile.display_name,
        performer_user,
    })
}

/// Performs a transition's effects. `actor` is who caused it (for who-is-told rules);
/// `payment` is the payment that caused it, which a Refund effect returns (otherwise the
/// booking's own payment is refunded).
pub async fn perform(app: &AppState, done: &Transitioned, actor: Actor, payment: Option<&Payment>) {
    // Whoever cancelled, both sides had a calendar file once the links went out: they get
    // its cancellation.
    if done.to == BookingStatus::Cancelled && done.booking.links_sent_at.is_some() {
        if let Some(p) = parties(app, &done.booking).await {
            let (ut, pt) = (texts_for(&p.user), texts_for(&p.performer_user));
            let who = user_service::public_name(&p.user);
            let user_link = done.booking.user_link.clone().unwrap_or_default();
            let performer_link = done.booking.performer_link.clone().unwrap_or_default();
            send_calendar(
                app,
                &done.booking,
                &p.user,
                &ut.invoice_title(&p.performer_name),
                &user_link,
                true,
            )
            .await;
            send_calendar(
                app,
                &done.booking,
                &p.performer_user,
                &tr!(pt, "ics-title-performer", who = &who),
                &performer_link,
                true,
            )
            .await;
        }
    }
    for effect in &done.effects {
        match effect {
            // A move re-sends the links the same way: the update that moved the times marked
            // them unsent, so a failure here is retried by the worker like a first sending.
            Effect::IssueMeetingLink | Effect::MoveMeeting => {
                if let Err(e) = send_links(app, &done.booking).await {
                    let id = done.booking.id.to_string();
                    let error = e.to_string();
                    tell_admins(app, |t| {
                        tr!(t, "admin-room-failed", booking = &id, error = &error)
                    })
                    .await;
                    // Tell the user now; the worker sends the link when the room exists.
                    if let Some(p) = parties(app, &done.booking).await {
                        let t = texts_for(&p.user);
                        let text = match (effect, done.booking.starts_at) {
                            (Effect::MoveMeeting, Some(start)) => tr!(
                                t,
                                "move-link-pending",
                                when = t.when_in(to_ts(start), &zone_of(app, &p.user))
                            ),
                            _ => tr!(t, "link-pending"),
                        };
                        tell(app, p.user.telegram_id, text, None).await;
                    }
                }
            }
            Effect::Refund => match payment {
                Some(payment) => refund(app, payment).await,
                None => refund_booking(app, &done.booking).await,
            },
            Effect::DeleteRoom => delete_room(app, &done.booking).await,
            Effect::NotifyUser => notify_user(app, done, actor).await,
            Effect::NotifyPerformer => notify_performer(app, done, actor).await,
            Effect::NotifyAdmins if matches!(done.event, BookingEvent::Cancel { .. }) => {
                tell_admins_performer_cancelled(app, &done.booking).await;
            }
            Effect::NotifyAdmins => {
                let amount = crate::bot::user::browse::money(done.booking.price, &done.booking.currency);
                let id = done.booking.id.to_string();
                tell_admins(app, |t| {
                    tr!(t, "admin-payment-returned", amount = &amount, booking = &id)
                })
                .await;
            }
            Effect::FreeSlot | Effect::SendInvoice => {}
        }
    }
    tell_performer_accepted_call_is_off(app, done, actor).await;
}

/// Start now: a request the performer accepted and then never paid (the user withdrew it, the
/// hold ran out, the invoice could not be delivered). She kept her time for it, so she is told
/// the call is off; the state machine leaves her out of every other unpaid booking, which she
/// never heard of (and of this one when she cancelled it herself).
async fn tell_performer_accepted_call_is_off(app: &AppState, done: &Transitioned, actor: Actor) {
    let unpaid_end = matches!(done.from, BookingStatus::Held | BookingStatus::AwaitingPayment)
        && matches!(done.to, BookingStatus::Cancelled | BookingStatus::Expired);
    if !unpaid_end || !done.booking.starts_on_payment || actor == Actor::Performer {
        return;
    }
    let accepted = match app.bookings().events(done.booking.id).await {
        Ok(events) => events.iter().any(|e| e.event == "performer_accepted"),
        Err(e) => {
            warn!(booking_id = %done.booking.id, error = %e, "could not read whether the performer accepted");
            return;
        }
    };
    if !accepted {
        return;
    }
    let Some(p) = parties(app, &done.booking).await else {
        return;
    };
    let t = texts_for(&p.performer_user);
    let name = &p.user.first_name;
    let text = match done.event {
        BookingEvent::Cancel { by: Actor::User, .. } => {
            tr!(t, "start-now-withdrawn-after-accept-performer", who = name)
        }
        _ => tr!(t, "start-now-unpaid-after-accept-performer", who = name),
    };
    tell(app, p.performer_user.telegram_id, text, None).await;
}

#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    #[error("video provider: {0}")]
    Video(#[from] crate::video::VideoError),
    #[error("booking: {0}")]
    Booking(#[from] crate::services::booking::BookingError),
    #[error("the booking's people are missing")]
    Missing,
    #[error("telegram: {0}")]
    Telegram(TelegramError),
}

/// Record, then attempt: what the update did so far is committed before a provider that answers
/// over the network is asked.
async fn before_asking(app: &AppState) -> Result<(), BookingError> {
    if app.video.over_the_network() {
        crate::unit::commit_point().await?;
    }
    Ok(())
}

/// Creates the room (once) and sends both sides their link, the user also an `.ics` file.
///
/// Runs under a short lease ([`crate::services::booking::LINKS_LEASE`]) renewed every
/// [`LINKS_HEARTBEAT`] while the sending goes on, however long it takes (a slow video provider, a 429 waited out): a live
/// sender is never overtaken, so links go out at most once while it lives; a crashed one's lease
/// runs out within seconds and the next job run sends them, the one repeat a crash can cause
/// (whatever it sent before dying). A sender whose lease was taken over stops.
pub async fn send_links(app: &AppState, booking: &Booking) -> Result<(), LinkError> {
    let service = app.bookings();
    let mut held = app.now();
    if !service.claim_links(booking.id, held).await? {
        return Ok(());
    }
    let sending = send_claimed_links(app, booking.id, held);
    tokio::pin!(sending);
    let mut heartbeat =
        tokio::time::interval_at(tokio::time::Instant::now() + LINKS_HEARTBEAT, LINKS_HEARTBEAT);
    loop {
        tokio::select! {
            sent = &mut sending => {
                // The pass is over: the next one (a side still owed its link) need not wait out
                // the lease.
                if let Err(e) = service.release_links(booking.id, held).await {
                    warn!(booking_id = %booking.id, error = %e, "could not release the links lease");
                }
                return sent;
            }
            _ = heartbeat.tick() => {
                let now = app.now();
                match service.renew_links(booking.id, held, now).await {
                    Ok(true) => held = now,
                    Ok(false) => {
                        warn!(booking_id = %booking.id, "links lease taken over; this sender stops");
                        return Ok(());
                    }
                    // The lease is still ours until it runs out: go on, renew at the next beat.
                    Err(e) => warn!(booking_id = %booking.id, error = %e, "could not renew the links lease"),
                }
            }
        }
    }
}

/// The sending itself, under the lease taken at `now`.
async fn send_claimed_links(
    app: &AppState,
    booking_id: uuid::Uuid,
    now: time::OffsetDateTime,
) -> Result<(), LinkError> {
    let service = app.bookings();
    let mut booking = service.get(booking_id).await?;
    let (Some(starts_at), Some(ends_at)) = (booking.starts_at, booking.ends_at) else {
        return Err(LinkError::Missing);
    };
    let request = RoomRequest {
        booking_id: booking.id,
        starts_at,
        ends_at,
    };
    let room = match (&booking.room_provider, &booking.room_name, &booking.room_url) {
        (Some(provider), Some(name), Some(url)) => {
            let room = crate::video::Room {
                provider: provider.clone(),
                name: name.clone(),
                url: url.clone(),
            };
            // Moved since the room was made: it opens and closes around the new time before
            // links for that time are made (a failure is retried with the links).
            if booking.moved_from.is_some() && booking.user_link.is_none() {
                before_asking(app).await?;
                app.video.move_room(&room, &request).await?;
            }
            room
        }
        _ => {
            before_asking(app).await?;
            let room = app.video.create_room(&request).await?;
            booking = service.set_room(booking.id, &room, now).await?;
            crate::video::Room {
                provider: booking.room_provider.clone().unwrap_or(room.provider),
                name: booking.room_name.clone().unwrap_or(room.name),
                url: booking.room_url.clone().unwrap_or(room.url),
            }
        }
    };
    let p = parties(app, &booking).await.ok_or(LinkError::Missing)?;
    // Each side's link is made once and kept: shown again (My bookings, reminders) it is the
    // same link, and no new token is minted per view.
    if booking.user_link.is_none() || booking.performer_link.is_none() {
        let user_link = app
            .video
            .participant_link(&room, &user_participant(&p), &request)
            .await?;
        let performer_link = app
            .video
            .participant_link(&room, &performer_participant(&p), &request)
            .await?;
        booking = service
            .keep_links(booking.id, &user_link, &performer_link, now)
            .await?;
    }
    let user_link = booking.user_link.clone().unwrap_or_else(|| room.url.clone());
    let performer_link = booking.performer_link.clone().unwrap_or_else(|| room.url.clone());

    let start = to_ts(starts_at);
    let cutoff = app.config.payments.cancel_cutoff_hours;
    let who = user_service::public_name(&p.user);
    // A moved booking's links are sent again with the move: "from … to …", each in their zone.
    let moved_from = booking.moved_from.map(to_ts);
    let mut failed = None;
    for side in [Side::User, Side::Performer] {
        let (sent_at, person) = match side {
            Side::User => (booking.user_link_sent_at, &p.user),
            Side::Performer => (booking.performer_link_sent_at, &p.performer_user),
        };
        // Sent before (a pass that died, or the other side was refused).
        if sent_at.is_some() {
            continue;
        }
        let t = texts_for(person);
        let (text, keyboard, summary, link) = match side {
            Side::User => (
                {
                    let zone = zone_of(app, person);
                    match moved_from {
                        Some(from) => tr!(
                            t,
                            "moved-user",
                            name = &p.performer_name,
                            from = t.when_in(from, &zone),
                            to = t.when_in(start, &zone),
                            minutes = booking.duration_minutes
                        ),
                        None => tr!(
                            t,
                            "confirmed-user",
                            name = &p.performer_name,
                            when = t.when_in(start, &zone),
                            minutes = booking.duration_minutes,
                            cutoff_hours = cutoff
                        ),
                    }
                },
                join_keyboard(t, &user_link, true),
                t.invoice_title(&p.performer_name),
                &user_link,
            ),
            Side::Performer => (
                match moved_from {
                    Some(from) => tr!(
                        t,
                        "moved-performer",
                        who = &who,
                        from = t.when_in(from, &p.performer_zone),
                        to = t.when_in(start, &p.performer_zone),
                        minutes = booking.duration_minutes
                    ),
                    None => tr!(
                        t,
                        "confirmed-performer",
                        who = &who,
                        when = t.when_in(start, &p.performer_zone),
                        minutes = booking.duration_minutes
                    ),
                },
                join_keyboard(t, &performer_link, false),
                tr!(t, "ics-title-performer", who = &who),
                &performer_link,
            ),
        };
        // Someone known to have blocked the bot is not knocked on again: it waits until they can
        // be reached (`links_unsent` picks the side up then).
        let sent = if person.bot_blocked_at.is_some() {
            Err(TelegramError::Blocked("the bot is blocked".into()))
        } else {
            deliver(app, person.telegram_id, text, Some(keyboard)).await
        };
        match sent {
            Ok(()) => {
                service.mark_link_sent(booking.id, side, app.now()).await?;
                // After the confirmation that announces it.
                send_calendar(app, &booking, person, &summary, link, false).await;
            }
            // The client recorded the block: the side is sent its link when they are back.
            Err(TelegramError::Blocked(_)) => {
                warn!(booking_id = %booking.id, ?side, "meeting link not delivered: the bot is blocked");
                if side == Side::Performer {
                    let when = start;
                    tell_admins_zoned(app, |t, zone| {
                        tr!(
                            t,
                            "admin-link-undelivered",
                            name = &p.performer_name,
                            when = t.when_in(when, zone)
                        )
                    })
                    .await;
                }
            }
            // Telegram refused the message itself: sending it again cannot help.
            Err(e @ TelegramError::Api { code: 400, .. }) | Err(e @ TelegramError::NotConfigured) => {
                warn!(booking_id = %booking.id, ?side, error = %e, "meeting link message refused; given up");
                service.mark_link_sent(booking.id, side, app.now()).await?;
            }
            // A transport failure or a 5xx: the next job run tries this side again.
            Err(e) => failed = Some(e),
        }
    }
    if let Some(e) = failed {
        return Err(LinkError::Telegram(e));
    }
    service.mark_links_sent(booking.id, app.now()).await?;
    info!(booking_id = %booking.id, "meeting links sent");
    Ok(())
}

async fn delete_room(app: &AppState, booking: &Booking) {
    let (Some(provider), Some(name), Some(url)) =
        (&booking.room_provider, &booking.room_name, &booking.room_url)
    else {
        return;
    };
    let room = crate::video::Room {
        provider: provider.clone(),
        name: name.clone(),
        url: url.clone(),
    };
    if let Err(e) = before_asking(app).await {
        warn!(booking_id = %booking.id, error = %e, "could not commit before deleting the video room");
        return;
    }
    if let Err(e) = app.video.delete_room(&room).await {
        warn!(booking_id = %booking.id, error = %e, "could not delete the video room");
    }
}

/// Records the booking's payment as owed back and makes the refund.
async fn refund_booking(app: &AppState, booking: &Booking) {
    match payments::owe_refund(&app.db, booking.id).await {
        Ok(Some(payment)) => refund(app, &payment).await,
        Ok(None) => {}
        Err(e) => warn!(booking_id = %booking.id, error = %e, "could not record the refund owed"),
    }
}

/// Makes one owed refund: Telegram Stars through `refundStarPayment`; a provider currency is
/// recorded as due and the admins are told (Telegram cannot refund provider payments).
///
/// A Stars refund is claimed first ([`payments::claim_refund`]): the handler and the worker (or
/// two replicas) never call Telegram for one charge at once. A failed attempt releases the claim
/// for the worker's next run; the `payments.refund_max_attempts`-th failure gives the refund up
/// to the admins (`refund_due`, told once) instead of retrying forever.
pub async fn refund(app: &AppState, payment: &Payment) {
    if matches!(payment.status, PaymentStatus::Refunded | PaymentStatus::RefundDue) {
        return;
    }
    let Ok(Some(payer)) = user_service::find_by_id(&app.db, payment.user_id).await else {
        return;
    };
    let amount = crate::bot::user::browse::money(payment.amount, &payment.currency);
    if payment.currency != "XTR" {
        hand_to_admins(app, payment, &payer, &amount, None).await;
        return;
    }
    let attempt = match payments::claim_refund(&app.db, payment.id, app.now()).await {
        Ok(Some(attempt)) => attempt,
        // Made meanwhile, given up, or being attempted by another process right now.
        Ok(None) => return,
        Err(e) => {
            warn!(payment_id = payment.id, error = %e, "could not claim the refund; the worker will retry");
            return;
        }
    };
    let params = RefundStarPaymentParams {
        // A Telegram user id is positive.
        user_id: payer.telegram_id.unsigned_abs(),
        telegram_payment_charge_id: payment.telegram_payment_charge_id.clone(),
    };
    let result = app.telegram.refund_star_payment(&params).await;
    match result {
        Ok(_) => {}
        // Refunded earlier (a retry after a crash): count it as done.
        Err(TelegramError::Api { description, .. }) if description.contains("CHARGE_ALREADY_REFUNDED") => {}
        Err(e) => {
            let max_attempts = app.config.payments.refund_max_attempts;
            if u32::try_from(attempt).unwrap_or(0) < max_attempts {
                warn!(payment_id = payment.id, attempt, error = %e, "refund failed; the worker will retry");
                if let Err(e) = payments::release_refund(&app.db, payment.id).await {
                    warn!(payment_id = payment.id, error = %e, "could not release the refund claim; retried after its lease");
                }
                return;
            }
            warn!(payment_id = payment.id, attempt, error = %e, "refund failed too often; handed to the admins");
            hand_to_admins(app, payment, &payer, &amount, Some(attempt)).await;
            return;
        }
    }
    match payments::mark_refunded(&app.db, payment.id, app.now()).await {
        Ok(true) => {}
        Ok(false) => return,
        Err(e) => {
            warn!(payment_id = payment.id, error = %e, "refund made but not recorded");
            return;
        }
    }
    info!(payment_id = payment.id, "refunded");
    let Some(booking_id) = payment.booking_id else {
        tell_refunded(app, &payer, &amount).await;
        return;
    };
    let service = app.bookings();
    let Ok(booking) = service.get(booking_id).await else {
        return;
    };
    if matches!(booking.status, BookingStatus::Cancelled | BookingStatus::NoShow) {
        match service
            .apply(
                booking_id,
                BookingEvent::RefundCompleted,
                Actor::System,
                None,
                app.now(),
            )
            .await
        {
            Ok(done) => Box::pin(perform(app, &done, Actor::System, None)).await,
            Err(e) => warn!(%booking_id, error = %e, "refund made but the booking did not move"),
        }
    } else {
        tell_refunded(app, &payer, &amount).await;
    }
}

/// Records a refund as one for an admin to make by hand (`refund_due`) and, the first time,
/// tells the admins: a provider payment Telegram cannot refund (`failed_attempts` is `None`), or
/// a Stars refund that failed `failed_attempts` times.
async fn hand_to_admins(
    app: &AppState,
    payment: &Payment,
    payer: &users::Model,
    amount: &str,
    failed_attempts: Option<i32>,
) {
    if let Ok(true) = payments::mark_refund_due(&app.db, payment.id).await {
        let who = user_service::display(payer);
        let charge = &payment.telegram_payment_charge_id;
        tell_admins(app, |t| match failed_attempts {
            None => tr!(
                t,
                "admin-refund-due",
                amount = amount,
                charge = charge,
                who = &who
            ),
            Some(attempts) => tr!(
                t,
                "admin-refund-failed",
                amount = amount,
                charge = charge,
                who = &who,
                attempts = attempts
            ),
        })
        .await;
    }
}

/// Tells the payer that `amount` was refunded.
async fn tell_refunded(app: &AppState, payer: &users::Model, amount: &str) {
    let t = texts_for(payer);
    tell(
        app,
        payer.telegram_id,
        tr!(t, "refunded-notice", amount = amount),
        None,
    )
    .await;
}

async fn notify_user(app: &AppState, done: &Transitioned, actor: Actor) {
    let Some(p) = parties(app, &done.booking).await else {
        return;
    };
    let t = texts_for(&p.user);
    let zone = zone_of(app, &p.user);
    let when = done
        .booking
        .starts_at
        .map(|s| t.when_in(to_ts(s), &zone))
        .unwrap_or_default();
    let again = || {
        Some(keyboard(vec![vec![(
            tr!(t, "btn-book-again"),
            BookCb::Start(PerformerId(done.booking.performer_id)).into(),
        )]]))
    };
    let amount = crate::bot::user::browse::money(done.booking.price, &done.booking.currency);
    let cutoff = app.config.payments.cancel_cutoff_hours;
    let name = &p.performer_name;
    let (text, markup) = match (done.event, done.from, done.to) {
        // A Start-now request the performer declined or left unanswered: said at once, with
        // her next free times to pick instead.
        (
            BookingEvent::PerformerDeclined | BookingEvent::HoldExpired,
            BookingStatus::AwaitingPerformer,
            _,
        ) => {
            let mut text = if done.event == BookingEvent::PerformerDeclined {
                tr!(t, "start-now-declined-user", name = name)
            } else {
                tr!(t, "start-now-no-answer-user", name = name)
            };
            // Boxed: the slot search is a large future, and this one is awaited inside handlers.
            let markup = match Box::pin(start_now_times(app, t, &zone, &done.booking)).await {
                Some((more, markup)) => {
                    text.push_str(&more);
                    markup
                }
                None => again().expect("a book-again keyboard"),
            };
            (text, Some(markup))
        }
        (BookingEvent::CancelRequestAccepted, ..) => (
            tr!(
                t,
                "cancel-request-accepted-user",
                name = name,
                when = &when,
                amount = &amount
            ),
            Some(someone_else_keyboard(t)),
        ),
        (BookingEvent::CancelRequestDeclined, ..) => (
            tr!(
                t,
                "cancel-request-declined-user",
                name = name,
                when = &when,
                cutoff_hours = cutoff
            ),
            Some(my_bookings_keyboard(t)),
        ),
        (BookingEvent::CancelRequestLapsed, ..) => (
            tr!(
                t,
                "cancel-request-lapsed-user",
                name = name,
                when = &when,
                cutoff_hours = cutoff
            ),
            Some(my_bookings_keyboard(t)),
        ),
        (_, _, BookingStatus::Expired) => (tr!(t, "hold-expired", name = name, when = &when), again()),
        (_, BookingStatus::Expired, BookingStatus::Refunded) => {
            (tr!(t, "late-refunded", when = &when), again())
        }
        (_, _, BookingStatus::Refunded) => (tr!(t, "refunded-notice", amount = &amount), None),
        // A paid call cancelled by the other side: an apology, the refund, and a way on.
        (_, BookingStatus::Confirmed, BookingStatus::Cancelled) if actor == Actor::Admin => (
            tr!(t, "cancelled-by-admin-for-user", name = name, when = &when),
            Some(someone_else_keyboard(t)),
        ),
        (_, BookingStatus::Confirmed, BookingStatus::Cancelled) if actor == Actor::Performer => (
            tr!(
                t,
                "cancelled-by-performer-for-user",
                name = name,
                when = &when,
                amount = &amount
            ),
            Some(someone_else_keyboard(t)),
        ),
        (_, _, BookingStatus::Cancelled) if actor == Actor::Admin => (
            tr!(t, "cancelled-by-admin-for-user", name = name, when = &when),
            None,
        ),
        (_, _, BookingStatus::Cancelled) if actor != Actor::User => {
            (tr!(t, "cancelled-for-user", name = name, when = &when), again())
        }
        (_, from, to) if from == to => (tr!(t, "payment-returned"), None),
        _ => return,
    };
    tell(app, p.user.telegram_id, text, markup).await;
}

/// The next free times of a Start-now booking's performer at its rate (the one of its length),
/// as under a busy performer.
async fn start_now_times(
    app: &AppState,
    t: Texts,
    zone: &Zone,
    booking: &Booking,
) -> Option<(String, InlineKeyboardMarkup)> {
    let profile = profiles::get(&app.db, booking.performer_id).await.ok()??;
    let rates = profiles::rates(&app.db, profile.id).await.ok()?;
    let rate = rates
        .into_iter()
        .find(|r| r.duration_minutes == booking.duration_minutes)?;
    match crate::bot::user::book::next_times(app, t, zone, &profile, &rate, app.now()).await {
        Ok(found) => Some(found),
        Err(e) => {
            warn!(booking_id = %booking.id, error = %e, "could not list the next free times");
            None
        }
    }
}

/// [Book someone else] (the performer list) and [My bookings], under a cancelled call.
fn someone_else_keyboard(t: Texts) -> InlineKeyboardMarkup {
    keyboard(vec![
        vec![(
            tr!(t, "btn-book-someone-else"),
            crate::bot::user::browse::BrowseCb::Online(crate::bot::callback_data::Page(0)).into(),
        )],
        vec![(tr!(t, "btn-my-bookings"), MyBookingsCb::Open.into())],
    ])
}

fn my_bookings_keyboard(t: Texts) -> InlineKeyboardMarkup {
    keyboard(vec![vec![(tr!(t, "btn-my-bookings"), MyBookingsCb::Open.into())]])
}

/// How far back the performer's own cancellations are counted for the admins.
pub const CANCELLATIONS_WINDOW: time::Duration = time::Duration::days(30);

/// How many paid calls the performer cancelled in the last [`CANCELLATIONS_WINDOW`].
pub async fn recent_cancellations(app: &AppState, performer_id: i64) -> u64 {
    match app
        .bookings()
        .performer_cancellations(performer_id, app.now() - CANCELLATIONS_WINDOW)
        .await
    {
        Ok(n) => n,
        Err(e) => {
            warn!(performer_id, error = %e, "could not count the performer's cancellations");
            0
        }
    }
}

/// The admins hear of every paid call a performer cancels, with how many she cancelled lately
/// and a button to the booking's card.
async fn tell_admins_performer_cancelled(app: &AppState, booking: &Booking) {
    let Some(p) = parties(app, booking).await else {
        return;
    };
    let count = recent_cancellations(app, booking.performer_id).await;
    let who = user_service::display(&p.user);
    let short = crate::services::booking::short_id(booking.id);
    let start = booking.starts_at.map(to_ts);
    tell_admins_with(app, |t, zone| {
        let when = start.map(|s| t.when_in(s, zone)).unwrap_or_default();
        let text = tr!(
            t,
            "admin-performer-cancelled",
            name = &p.performer_name,
            who = &who,
            when = &when,
            booking = &short,
            count = count
        );
        let open =
            crate::bot::admin::bookings::BookingsCb::Card(crate::bot::callback_data::BookingId(booking.id));
        (
            text,
            Some(keyboard(vec![vec![(tr!(t, "btn-open-booking"), open.into())]])),
        )
    })
    .await;
}

async fn notify_performer(app: &AppState, done: &Transitioned, actor: Actor) {
    let Some(p) = parties(app, &done.booking).await else {
        return;
    };
    let t = texts_for(&p.performer_user);
    let when = done
        .booking
        .starts_at
        .map(|s| t.when_in(to_ts(s), &p.performer_zone))
        .unwrap_or_default();
    // The user by the name they chose; a performer never gets their @username or id.
    let name = &p.user.first_name;
    let cutoff = app.config.payments.cancel_cutoff_hours;
    let (text, markup) = match (done.event, done.from) {
        // Start now: who, how long, the price, and how long she has to answer.
        (BookingEvent::AskPerformer, _) => {
            let id = crate::bot::callback_data::BookingId(done.booking.id);
            let amount = crate::bot::user::browse::money(done.booking.price, &done.booking.currency);
            (
                tr!(
                    t,
                    "start-now-request-performer",
                    who = name,
                    minutes = done.booking.duration_minutes,
                    amount = &amount,
                    seconds = app.config.bookings.start_now_accept_secs
                ),
                Some(keyboard(vec![
                    vec![(
                        tr!(t, "btn-accept-start-now"),
                        crate::bot::performer::callback::PerformerCb::NowAccept(id).into(),
                    )],
                    vec![(
                        tr!(t, "btn-decline-start-now"),
                        crate::bot::performer::callback::PerformerCb::NowDecline(id).into(),
                    )],
                ])),
            )
        }
        (BookingEvent::HoldExpired, BookingStatus::AwaitingPerformer) => {
            (tr!(t, "start-now-expired-performer", who = name), None)
        }
        (BookingEvent::Cancel { .. }, BookingStatus::AwaitingPerformer) => {
            (tr!(t, "start-now-withdrawn-performer", who = name), None)
        }
        (BookingEvent::CancelRequested, _) => {
            let id = crate::bot::callback_data::BookingId(done.booking.id);
            let amount = crate::bot::user::browse::money(done.booking.price, &done.booking.currency);
            (
                tr!(
                    t,
                    "cancel-request-performer",
                    who = name,
                    when = &when,
                    amount = &amount,
                    cutoff_hours = cutoff
                ),
                Some(keyboard(vec![
                    vec![(
                        tr!(t, "btn-accept-cancel"),
                        crate::bot::performer::callback::PerformerCb::RequestAccept(id).into(),
                    )],
                    vec![(
                        tr!(t, "btn-decline-cancel"),
                        crate::bot::performer::callback::PerformerCb::RequestDecline(id).into(),
                    )],
                ])),
            )
        }
        (BookingEvent::CancelRequestLapsed, _) => (
            tr!(t, "cancel-request-lapsed-performer", who = name, when = &when),
            None,
        ),
        _ if done.to != BookingStatus::Cancelled || actor == Actor::Performer => return,
        _ => {
            let who = user_service::public_name(&p.user);
            let text = if done.event == BookingEvent::DeclineReschedule {
                tr!(t, "move-declined-for-performer", who = &who, when = &when)
            } else if actor == Actor::Admin {
                tr!(t, "cancelled-by-admin-for-performer", who = &who, when = &when)
            } else {
                tr!(t, "cancelled-for-performer", who = &who, when = &when)
            };
            (text, None)
        }
    };
    tell(app, p.performer_user.telegram_id, text, markup).await;
}
