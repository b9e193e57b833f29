//! Upcoming calls: the performer's bookings ahead, with each user and time; each opens as a card
//! from which the performer can cancel the call (the user is always refunded in full, and
//! admins count such cancellations), and where a user's cancel request is answered.
//!
//! The user is shown by the name they chose, never by their @username or id.

use uuid::Uuid;

use super::callback::PerformerCb;
use super::{hhmm, zone};
use crate::bot::callback::Callback;
use crate::bot::callback_data::{BookingId, Moves};
use crate::bot::{keyboard, Ctx, Result};
use crate::domain::booking::{Actor, BookingStatus};
use crate::i18n::tr;
use crate::notify::fulfil;
use crate::services::availability::to_ts;
use crate::services::booking::{Booking, BookingError};
use crate::services::profiles::Profile;
use crate::services::users as user_service;
use entity::bookings::CancelRequest;

const SHOWN: usize = 15;

pub(super) async fn upcoming(ctx: &Ctx<'_>, profile: &Profile) -> Result<()> {
    let app = ctx.app;
    let t = ctx.t;
    let service = app.bookings();
    let bookings = service.upcoming_of_performer(profile.id, app.now()).await?;
    let tz = zone(profile);
    let mut text = tr!(t, "upcoming-title", tz = profile.timezone.name());
    let mut rows: Vec<Vec<(String, Callback)>> = Vec::new();
    if bookings.is_empty() {
        text.push_str("\n\n");
        text.push_str(&tr!(t, "upcoming-none"));
    } else {
        let user_ids: Vec<i64> = bookings.iter().map(|b| b.user_id).collect();
        let people = user_service::find_by_ids(&app.db, user_ids).await?;
        text.push('\n');
        for booking in bookings.iter().take(SHOWN) {
            let (Some(start), Some(end)) = (booking.starts_at, booking.ends_at) else {
                continue;
            };
            let who = people
                .iter()
                .find(|u| u.id == booking.user_id)
                .map(|u| u.first_name.clone())
                .unwrap_or_default();
            let day = t.date(tz.to_datetime(to_ts(start)).date());
            let from = hhmm(to_ts(start), &tz);
            text.push_str(&format!(
                "\n• {} {}–{} · {} · {}",
                t.date_year(tz.to_datetime(to_ts(start)).date()),
                from,
                hhmm(to_ts(end), &tz),
                who,
                t.booking_status(booking.status.as_str()),
            ));
            rows.push(vec![(
                format!("{day} {from} · {who}"),
                PerformerCb::Call(BookingId(booking.id)).into(),
            )]);
        }
        if bookings.len() > SHOWN {
            text.push_str(&format!(
                "\n{}",
                tr!(t, "upcoming-more", n = bookings.len() - SHOWN)
            ));
        }
    }
    // The latest past calls, each opening its card (where it can be reported).
    let past = crate::services::reports::past_calls_of_performer(&app.db, profile.id, 3).await?;
    if !past.is_empty() {
        let people = user_service::find_by_ids(&app.db, past.iter().map(|b| b.user_id).collect()).await?;
        for booking in &past {
            let Some(start) = booking.starts_at else {
                continue;
            };
            let who = people
                .iter()
                .find(|u| u.id == booking.user_id)
                .map(|u| u.first_name.clone())
                .unwrap_or_default();
            let day = t.date(tz.to_datetime(to_ts(start)).date());
            rows.push(vec![(
                tr!(
                    t,
                    "btn-past-call",
                    when = format!("{day} {}", hhmm(to_ts(start), &tz)),
                    who = who
                ),
                PerformerCb::Call(BookingId(booking.id)).into(),
            )]);
        }
    }
    rows.push(vec![(tr!(t, "btn-back"), PerformerCb::Menu.into())]);
    ctx.show(text, keyboard(rows)).await
}

/// The performer's own booking, or `None` (another performer's id in a forged button).
async fn own(ctx: &Ctx<'_>, profile: &Profile, id: Uuid) -> Result<Option<Booking>> {
    match ctx.app.bookings().get(id).await {
        Ok(b) if b.performer_id == profile.id => Ok(Some(b)),
        Ok(_) | Err(BookingError::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The user's chosen name (their first name as Telegram gives it).
async fn user_name(ctx: &Ctx<'_>, booking: &Booking) -> Result<String> {
    Ok(user_service::find_by_id(&ctx.app.db, booking.user_id)
        .await?
        .map(|u| u.first_name)
        .unwrap_or_default())
}

fn when(ctx: &Ctx<'_>, profile: &Profile, booking: &Booking) -> String {
    booking
        .starts_at
        .map(|s| ctx.t.when_in(to_ts(s), &profile.timezone))
        .unwrap_or_default()
}

fn back_to_list(ctx: &Ctx<'_>) -> Vec<(String, Callback)> {
    vec![(tr!(ctx.t, "btn-upcoming-calls"), PerformerCb::Upcoming.into())]
}

/// One call: who, when (in the performer's zone), status, a cancel request waiting for an
/// answer; [Cancel this call] while it is confirmed.
pub(super) async fn card(ctx: &Ctx<'_>, profile: &Profile, id: Uuid) -> Result<()> {
    let t = ctx.t;
    let Some(b) = own(ctx, profile, id).await? else {
        return upcoming(ctx, profile).await;
    };
    let name = user_name(ctx, &b).await?;
    let mut text = tr!(
        t,
        "performer-call-card",
        who = &name,
        when = when(ctx, profile, &b),
        minutes = b.duration_minutes,
        price = crate::bot::user::browse::money(b.price, &b.currency),
        status = t.booking_status(b.status.as_str())
    );
    let mut rows = Vec::new();
    let live = b.status == BookingStatus::Confirmed;
    if live && b.cancel_request == Some(CancelRequest::Open) {
        text.push_str("\n\n");
        text.push_str(&tr!(
            t,
            "performer-call-request-open",
            who = &name,
            cutoff_hours = ctx.app.config.payments.cancel_cutoff_hours
        ));
        rows.push(vec![(
            tr!(t, "btn-accept-cancel"),
            PerformerCb::RequestAccept(BookingId(b.id)).into(),
        )]);
        rows.push(vec![(
            tr!(t, "btn-decline-cancel"),
            PerformerCb::RequestDecline(BookingId(b.id)).into(),
        )]);
    } else if b.status == BookingStatus::AwaitingPerformer {
        // A Start-now request still waiting: answered from here as from its message.
        rows.push(vec![(
            tr!(t, "btn-accept-start-now"),
            PerformerCb::NowAccept(BookingId(b.id)).into(),
        )]);
        rows.push(vec![(
            tr!(t, "btn-decline-start-now"),
            PerformerCb::NowDecline(BookingId(b.id)).into(),
        )]);
    } else if live {
        // Other times to offer the user instead (`super::reschedule`).
        rows.push(vec![(
            tr!(t, "btn-propose-times"),
            super::reschedule::RescheduleCb::Days(BookingId(b.id)).into(),
        )]);
        rows.push(vec![(
            tr!(t, "btn-cancel-call"),
            PerformerCb::CallCancelAsk(BookingId(b.id)).into(),
        )]);
    }
    if crate::services::reports::reportable(b.status) {
        rows.push(vec![(
            tr!(t, "btn-report-user", who = &name),
            crate::bot::user::report::ReportCb::Booking(BookingId(b.id)).into(),
        )]);
    }
    rows.push(back_to_list(ctx));
    ctx.show(text, keyboard(rows)).await
}

/// [Cancel this call]: what it means for the user, before anything happens.
pub(super) async fn ask_cancel(ctx: &Ctx<'_>, profile: &Profile, id: Uuid) -> Result<()> {
    let t = ctx.t;
    let Some(b) = own(ctx, profile, id).await? else {
        return upcoming(ctx, profile).await;
    };
    if b.status != BookingStatus::Confirmed {
        return card(ctx, profile, id).await;
    }
    let name = user_name(ctx, &b).await?;
    ctx.show(
        tr!(
            t,
            "performer-cancel-confirm",
            who = &name,
            when = when(ctx, profile, &b),
            amount = crate::bot::user::browse::money(b.price, &b.currency)
        ),
        keyboard(vec![
            vec![(
                tr!(t, "btn-confirm-cancel-call"),
                PerformerCb::CallCancelSeen(
                    BookingId(b.id),
                    Moves(u16::try_from(b.reschedules).unwrap_or(u16::MAX)),
                )
                .into(),
            )],
            vec![(tr!(t, "btn-keep-call"), PerformerCb::Call(BookingId(b.id)).into())],
        ]),
    )
    .await
}

/// The performer cancels: a full refund whatever the cut-off; the user gets an apology and a
/// way to book someone else, the admins are told with the performer's recent count.
/// `seen_moves`: the moves of the booking on the screen she confirmed on (see
/// [`crate::services::booking::BookingService::cancel_seen`]); moved since, nothing is
/// cancelled and she is told where it is now.
pub(super) async fn cancel(
    ctx: &Ctx<'_>,
    profile: &Profile,
    id: Uuid,
    seen_moves: Option<i32>,
) -> Result<()> {
    let t = ctx.t;
    let Some(b) = own(ctx, profile, id).await? else {
        return upcoming(ctx, profile).await;
    };
    match b.status {
        BookingStatus::Confirmed => {}
        BookingStatus::Cancelled | BookingStatus::Refunded => return tell_moved_on(ctx, id).await,
        // Only a paid call is the performer's to cancel (an unpaid hold runs out by itself).
        _ => return card(ctx, profile, id).await,
    }
    let name = user_name(ctx, &b).await?;
    let at = when(ctx, profile, &b);
    let cutoff = time::Duration::hours(i64::from(ctx.app.config.payments.cancel_cutoff_hours));
    let result = ctx
        .app
        .bookings()
        .cancel_seen(b.id, Actor::Performer, cutoff, seen_moves, ctx.app.now())
        .await;
    match result {
        Ok(done) => {
            ctx.show(
                tr!(t, "performer-cancelled", who = &name, when = &at),
                keyboard(vec![back_to_list(ctx)]),
            )
            .await?;
            fulfil::perform(ctx.app, &done, Actor::Performer, None).await;
            Ok(())
        }
        // Moved (by the user, racing this tap) since she saw it: nothing cancelled.
        Err(BookingError::Moved { booking }) => {
            ctx.show(
                tr!(t, "cancel-moved-meanwhile", when = when(ctx, profile, &booking)),
                keyboard(vec![
                    vec![(tr!(t, "btn-back"), PerformerCb::Call(BookingId(id)).into())],
                    back_to_list(ctx),
                ]),
            )
            .await
        }
        Err(BookingError::Transition(_)) => tell_moved_on(ctx, id).await,
        Err(e) => Err(e.into()),
    }
}

/// The booking moved on before this tap: said plainly (cancelled already, or the call is under
/// way or over), with the card as it stands now.
async fn tell_moved_on(ctx: &Ctx<'_>, id: Uuid) -> Result<()> {
    let t = ctx.t;
    let b = ctx.app.bookings().get(id).await?;
    let text = match b.status {
        BookingStatus::Cancelled | BookingStatus::Refunded => tr!(t, "call-already-cancelled"),
        _ => tr!(t, "call-moved-on", status = t.booking_status(b.status.as_str())),
    };
    ctx.show(text, keyboard(vec![back_to_list(ctx)])).await
}

/// [Accept — full refund] / [Decline] on a user's cancel request. A second tap, or a tap after
/// the request lapsed or the call was cancelled, changes nothing and says why.
pub(super) async fn answer_request(ctx: &Ctx<'_>, profile: &Profile, id: Uuid, accept: bool) -> Result<()> {
    let t = ctx.t;
    let Some(b) = own(ctx, profile, id).await? else {
        return upcoming(ctx, profile).await;
    };
    let name = user_name(ctx, &b).await?;
    let at = when(ctx, profile, &b);
    let result = ctx
        .app
        .bookings()
        .answer_cancel_request(b.id, accept, ctx.app.now())
        .await;
    match result {
        Ok(done) => {
            let text = if accept {
                tr!(t, "request-accepted-performer", who = &name, when = &at)
            } else {
                tr!(
                    t,
                    "request-declined-performer",
                    who = &name,
                    when = &at,
                    cutoff_hours = ctx.app.config.payments.cancel_cutoff_hours
                )
            };
            ctx.show(text, keyboard(vec![back_to_list(ctx)])).await?;
            fulfil::perform(ctx.app, &done, Actor::Performer, None).await;
            Ok(())
        }
        Err(BookingError::NoOpenCancelRequest { state }) => {
            let text = match state {
                Some(CancelRequest::Accepted) => tr!(t, "request-already-accepted"),
                Some(CancelRequest::Declined) => tr!(t, "request-already-declined"),
                Some(CancelRequest::Lapsed) => tr!(t, "request-already-lapsed"),
                Some(CancelRequest::Open) | None => tr!(t, "request-none"),
            };
            ctx.show(text, keyboard(vec![back_to_list(ctx)])).await
        }
        Err(BookingError::Transition(_)) => tell_moved_on(ctx, id).await,
        Err(e) => Err(e.into()),
    }
}

/// [Accept] / [Decline] on a Start-now request. Accepted, the user gets the invoice; declined,
/// the user is told with her next free times. A second tap, or a tap after the request expired
/// or the user withdrew it, changes nothing and says which; the message shows the outcome.
pub(super) async fn answer_start_now(ctx: &Ctx<'_>, profile: &Profile, id: Uuid, accept: bool) -> Result<()> {
    let t = ctx.t;
    let Some(b) = own(ctx, profile, id).await? else {
        return upcoming(ctx, profile).await;
    };
    let name = user_name(ctx, &b).await?;
    let back = || keyboard(vec![back_to_list(ctx)]);
    match ctx
        .app
        .bookings()
        .answer_start_now(b.id, accept, ctx.app.now())
        .await
    {
        Ok(done) if accept => {
            ctx.show(tr!(t, "start-now-accepted-performer", who = &name), back())
                .await?;
            // Boxed (as below): these futures are large, and handlers run on a small stack.
            Box::pin(crate::bot::user::book::invoice_after_accept(ctx.app, &done)).await;
            Ok(())
        }
        Ok(done) => {
            ctx.show(tr!(t, "start-now-declined-performer", who = &name), back())
                .await?;
            Box::pin(fulfil::perform(ctx.app, &done, Actor::Performer, None)).await;
            Ok(())
        }
        Err(BookingError::StartNowLapsed) => {
            ctx.show(tr!(t, "start-now-late-performer", who = &name), back())
                .await
        }
        Err(BookingError::Transition(_)) => {
            let now = ctx.app.bookings().get(id).await?;
            let text = match now.status {
                BookingStatus::Expired => tr!(t, "start-now-late-performer", who = &name),
                BookingStatus::Cancelled => {
                    let declined = ctx
                        .app
                        .bookings()
                        .events(id)
                        .await?
                        .iter()
                        .any(|e| e.event == "performer_declined");
                    if declined {
                        tr!(t, "start-now-already-declined", who = &name)
                    } else {
                        tr!(t, "start-now-withdrawn-performer", who = &name)
                    }
                }
                _ => tr!(t, "start-now-already-accepted", who = &name),
            };
            ctx.show(text, back()).await
        }
        Err(e) => Err(e.into()),
    }
}
