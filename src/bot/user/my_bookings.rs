//! My bookings: upcoming and past calls with status, time and link; Reschedule (the booking
//! picker in its move mode, `BookCb::Move*`); the times a performer proposed instead (take one,
//! keep the original, or decline with a full refund); Cancel with the policy shown first; Book
//! again.

use uuid::Uuid;

use super::book::BookCb;
use super::book::{when, when_local};
use super::browse::{money, BrowseCb};
use super::UserCb;
use crate::bot::callback::Callback;
use crate::bot::callback_data::{BookingId, Moves, Page, PerformerId, SlotStart};
use crate::bot::{keyboard, with_url_row, Ctx, Result};
use crate::domain::booking::{Actor, BookingStatus};
use crate::i18n::tr;
use crate::notify::fulfil;
use crate::services::availability::to_ts;
use crate::services::booking::{Booking, BookingError};
use crate::services::profiles;
use crate::services::reschedule;
use entity::bookings::CancelRequest;

crate::callback_enum! {
    /// My bookings' buttons (`u:k:`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum MyBookingsCb {
        List = "m",
        /// My bookings as a new message (under a confirmation or reminder, which stay).
        Open = "o",
        Detail(booking: BookingId) = "k",
        /// Cancel: the policy is shown first.
        CancelAsk(booking: BookingId) = "c",
        CancelYes(booking: BookingId) = "y",
        /// Inside the cut-off: ask the performer to cancel (she accepts with a full refund, or
        /// declines; unanswered by the start, it lapses).
        AskPerformer(booking: BookingId) = "r",
        /// Cancel confirmed on a screen that showed the booking after `moves` moves: a booking
        /// moved since is not cancelled (the user saw the old time).
        CancelSeen(booking: BookingId, moves: Moves) = "w",
        /// The answer to "did your call take place?" (`bot::dispute`).
        CallHappened(booking: BookingId, verdict: crate::bot::dispute::Verdict) = "v",
        /// The times the performer proposed instead (each leads to the move's confirm screen).
        Proposals(booking: BookingId) = "p",
        /// Keep the original time: the proposal is closed.
        KeepTime(booking: BookingId) = "n",
        /// Decline the proposal: what it means first, then cancel with a full refund.
        DeclineAsk(booking: BookingId) = "d",
        DeclineYes(booking: BookingId) = "z",
    }
}

/// A button of My bookings.
pub async fn on_callback(ctx: &Ctx<'_>, cb: MyBookingsCb) -> Result<()> {
    match cb {
        MyBookingsCb::List => list(ctx).await,
        MyBookingsCb::Open => list(&ctx.fresh()).await,
        MyBookingsCb::Detail(id) => detail(ctx, id.0).await,
        MyBookingsCb::CancelAsk(id) => ask_cancel(ctx, id.0).await,
        MyBookingsCb::AskPerformer(id) => ask_performer(ctx, id.0).await,
        MyBookingsCb::CancelYes(id) => cancel(ctx, id.0, None).await,
        MyBookingsCb::CancelSeen(id, moves) => cancel(ctx, id.0, Some(i32::from(moves.0))).await,
        MyBookingsCb::CallHappened(id, verdict) => crate::bot::dispute::user_says(ctx, id.0, verdict).await,
        MyBookingsCb::Proposals(id) => proposals(ctx, id.0).await,
        MyBookingsCb::KeepTime(id) => keep_time(ctx, id.0).await,
        MyBookingsCb::DeclineAsk(id) => ask_decline(ctx, id.0).await,
        MyBookingsCb::DeclineYes(id) => decline(ctx, id.0).await,
    }
}

const SHOWN: u64 = 10;

/// The column is typed now; the helper stays so the text-building lines below read unchanged.
fn status(b: &Booking) -> BookingStatus {
    b.status
}

async fn performer_name(ctx: &Ctx<'_>, b: &Booking) -> Result<String> {
    Ok(profiles::get(&ctx.app.db, b.performer_id)
        .await?
        .map(|p| p.display_name)
        .unwrap_or_default())
}

pub async fn list(ctx: &Ctx<'_>) -> Result<()> {
    let t = ctx.t;
    let all = ctx.app.bookings().of_user(ctx.user.id, SHOWN * 3).await?;
    let now = ctx.app.now();
    let (upcoming, past): (Vec<_>, Vec<_>) = all
        .into_iter()
        .filter(|b| status(b) != BookingStatus::Draft)
        .partition(|b| b.ends_at.is_some_and(|end| end > now) && (status(b).occupies_slot()));
    if upcoming.is_empty() && past.is_empty() {
        return ctx
            .show(
                tr!(t, "my-bookings-empty"),
                keyboard(vec![
                    vec![(tr!(t, "btn-pnp-live"), BrowseCb::Online(Page(0)).into())],
                    vec![(tr!(t, "btn-main-menu"), UserCb::MainMenu.into())],
                ]),
            )
            .await;
    }
    let (_, zone) = super::browse::user_tz(ctx);
    let mut text = format!(
        "{}\n{}",
        tr!(t, "my-bookings-title"),
        tr!(t, "times-in", zone = &zone)
    );
    let mut buttons: Vec<(String, Callback)> = Vec::new();
    if !upcoming.is_empty() {
        text.push_str(&format!("\n\n{}:", tr!(t, "upcoming")));
        // Soonest first.
        for b in upcoming.iter().rev().take(SHOWN as usize) {
            let name = performer_name(ctx, b).await?;
            let at = b.starts_at.map(|s| when_local(ctx, s)).unwrap_or_default();
            text.push_str(&format!(
                "\n• {at} · {name} · {}",
                t.booking_status(status(b).as_str())
            ));
            buttons.push((
                tr!(t, "btn-details", when = &at, name = &name),
                MyBookingsCb::Detail(BookingId(b.id)).into(),
            ));
        }
    }
    if !past.is_empty() {
        text.push_str(&format!("\n\n{}:", tr!(t, "past")));
        for b in past.iter().take(SHOWN as usize) {
            let name = performer_name(ctx, b).await?;
            let at = b.starts_at.map(|s| when_local(ctx, s)).unwrap_or_default();
            text.push_str(&format!(
                "\n• {at} · {name} · {}",
                t.booking_status(status(b).as_str())
            ));
        }
        // A past call opens its card, where it can be reported.
        for b in past.iter().take(SHOWN as usize) {
            if crate::services::reports::reportable(status(b)) {
                let name = performer_name(ctx, b).await?;
                let at = b.starts_at.map(|s| when_local(ctx, s)).unwrap_or_default();
                buttons.push((
                    tr!(t, "btn-details", when = &at, name = &name),
                    MyBookingsCb::Detail(BookingId(b.id)).into(),
                ));
            }
        }
        let mut seen = Vec::new();
        for b in past.iter().take(SHOWN as usize) {
            if !seen.contains(&b.performer_id)
                && profiles::get_active(&ctx.app.db, b.performer_id).await?.is_some()
            {
                seen.push(b.performer_id);
                let name = performer_name(ctx, b).await?;
                buttons.push((
                    format!("{} · {name}", tr!(t, "btn-book-again")),
                    BookCb::Start(PerformerId(b.performer_id)).into(),
                ));
            }
        }
    }
    let mut rows: Vec<Vec<(String, Callback)>> = buttons
        .iter()
        .map(|(l, cb)| vec![(l.clone(), cb.clone())])
        .collect();
    rows.push(vec![(tr!(t, "btn-main-menu"), UserCb::MainMenu.into())]);
    ctx.show(text, keyboard(rows)).await
}

/// The user's own booking, or `None` (someone else's id in a forged button is refused here).
async fn own(ctx: &Ctx<'_>, id: Uuid) -> Result<Option<Booking>> {
    match ctx.app.bookings().get(id).await {
        Ok(b) if b.user_id == ctx.user.id => Ok(Some(b)),
        Ok(_) | Err(BookingError::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

pub async fn detail(ctx: &Ctx<'_>, id: Uuid) -> Result<()> {
    let t = ctx.t;
    let Some(b) = own(ctx, id).await? else {
        return list(ctx).await;
    };
    let name = performer_name(ctx, &b).await?;
    let at = b.starts_at.map(|s| when(ctx, s)).unwrap_or_default();
    let mut text = tr!(
        t,
        "booking-detail",
        name = &name,
        when = &at,
        minutes = b.duration_minutes,
        price = money(b.price, &b.currency),
        status = t.booking_status(status(&b).as_str())
    );
    let request = b
        .cancel_request
        .filter(|_| status(&b) == BookingStatus::Confirmed);
    if let Some(request) = request {
        text.push_str("\n\n");
        text.push_str(&request_line(ctx, request, &name));
    }
    let mut rows = Vec::new();
    let link = match b.links_sent_at {
        Some(_) if !status(&b).is_terminal() => {
            crate::video::user_link(ctx.app.video.as_ref(), &b, &ctx.user).await
        }
        _ => None,
    };
    // An unpaid hold that still lasts can be finished: [Pay] sends its invoice again.
    let unpaid = matches!(status(&b), BookingStatus::Held | BookingStatus::AwaitingPayment);
    if unpaid && b.hold_expires_at.is_some_and(|at| at > ctx.app.now()) {
        rows.push(vec![(tr!(t, "btn-pay"), BookCb::Pay(BookingId(b.id)).into())]);
    }
    if status(&b) == BookingStatus::Confirmed {
        if !reschedule::open(&ctx.app.db, &b).await?.is_empty() {
            rows.push(vec![(
                tr!(t, "btn-see-proposals", name = &name),
                MyBookingsCb::Proposals(BookingId(b.id)).into(),
            )]);
        }
        // Shown whenever it is confirmed; past the cut-off or the limit it says why.
        rows.push(vec![(
            tr!(t, "btn-reschedule"),
            BookCb::MoveDays(BookingId(b.id), Page(0)).into(),
        )]);
    }
    let in_time = b.starts_at.is_some_and(|s| s - ctx.app.now() >= cutoff(ctx));
    let started = b.starts_at.is_some_and(|s| s <= ctx.app.now());
    match status(&b) {
        BookingStatus::AwaitingPerformer | BookingStatus::Held | BookingStatus::AwaitingPayment => {
            rows.push(vec![(
                tr!(t, "btn-cancel-booking"),
                MyBookingsCb::CancelAsk(BookingId(b.id)).into(),
            )])
        }
        BookingStatus::Confirmed if in_time => rows.push(vec![(
            tr!(t, "btn-cancel-booking"),
            MyBookingsCb::CancelAsk(BookingId(b.id)).into(),
        )]),
        // Inside the cut-off only the performer can let the user off: ask her (once).
        BookingStatus::Confirmed if request.is_none() && !started => rows.push(vec![(
            tr!(t, "btn-ask-performer-cancel", name = &name),
            MyBookingsCb::CancelAsk(BookingId(b.id)).into(),
        )]),
        _ => {}
    }
    if crate::services::reports::reportable(status(&b)) {
        rows.push(vec![(
            tr!(t, "btn-report"),
            super::report::ReportCb::Booking(BookingId(b.id)).into(),
        )]);
    }
    rows.push(vec![(tr!(t, "btn-back"), MyBookingsCb::List.into())]);
    let mut markup = keyboard(rows);
    if let Some(link) = link {
        markup = with_url_row(markup, tr!(t, "btn-join-call"), &link);
    }
    ctx.show(text, markup).await
}

fn cutoff(ctx: &Ctx<'_>) -> time::Duration {
    time::Duration::hours(i64::from(ctx.app.config.payments.cancel_cutoff_hours))
}

/// Cancel: the policy first, then a confirm button.
pub async fn ask_cancel(ctx: &Ctx<'_>, id: Uuid) -> Result<()> {
    let t = ctx.t;
    let Some(b) = own(ctx, id).await? else {
        return list(ctx).await;
    };
    let hours = ctx.app.config.payments.cancel_cutoff_hours;
    let back = (tr!(t, "btn-keep"), MyBookingsCb::Detail(BookingId(b.id)).into());
    let text = match status(&b) {
        BookingStatus::AwaitingPerformer | BookingStatus::Held | BookingStatus::AwaitingPayment => {
            tr!(t, "cancel-policy-unpaid")
        }
        BookingStatus::Confirmed => {
            let in_time = b.starts_at.is_some_and(|s| s - ctx.app.now() >= cutoff(ctx));
            if !in_time {
                if b.starts_at.is_some_and(|s| s <= ctx.app.now()) {
                    return ctx
                        .show(tr!(t, "cancel-call-started"), keyboard(vec![vec![back]]))
                        .await;
                }
                if b.cancel_request.is_some() {
                    return detail(ctx, id).await;
                }
                // The policy, then the one thing still possible: asking the performer.
                let name = performer_name(ctx, &b).await?;
                return ctx
                    .show(
                        tr!(t, "cancel-request-policy", cutoff_hours = hours, name = &name),
                        keyboard(vec![
                            vec![(
                                tr!(t, "btn-send-cancel-request", name = &name),
                                MyBookingsCb::AskPerformer(BookingId(b.id)).into(),
                            )],
                            vec![back],
                        ]),
                    )
                    .await;
            }
            tr!(t, "cancel-policy-refund", cutoff_hours = hours)
        }
        _ => return detail(ctx, id).await,
    };
    ctx.show(
        text,
        keyboard(vec![
            vec![(
                tr!(t, "btn-confirm-cancel"),
                MyBookingsCb::CancelSeen(
                    BookingId(b.id),
                    Moves(u16::try_from(b.reschedules).unwrap_or(u16::MAX)),
                )
                .into(),
            )],
            vec![back],
        ]),
    )
    .await
}

pub async fn cancel(ctx: &Ctx<'_>, id: Uuid, seen_moves: Option<i32>) -> Result<()> {
    let t = ctx.t;
    let Some(b) = own(ctx, id).await? else {
        return list(ctx).await;
    };
    let hours = ctx.app.config.payments.cancel_cutoff_hours;
    match ctx
        .app
        .bookings()
        .cancel_seen(b.id, Actor::User, cutoff(ctx), seen_moves, ctx.app.now())
        .await
    {
        Ok(done) => {
            let refunded = done.effects.contains(&crate::domain::booking::Effect::Refund);
            ctx.show(
                if refunded {
                    tr!(t, "cancelled-user-refunded")
                } else {
                    tr!(t, "cancelled-user")
                },
                keyboard(vec![
                    vec![(
                        tr!(t, "btn-book-again"),
                        BookCb::Start(PerformerId(b.performer_id)).into(),
                    )],
                    vec![(tr!(t, "btn-my-bookings"), MyBookingsCb::List.into())],
                ]),
            )
            .await?;
            fulfil::perform(ctx.app, &done, Actor::User, None).await;
            Ok(())
        }
        Err(BookingError::Transition(crate::domain::booking::TransitionError::CancelTooLate)) => {
            ctx.show(
                tr!(t, "cancel-too-late", cutoff_hours = hours),
                keyboard(vec![vec![(
                    tr!(t, "btn-back"),
                    MyBookingsCb::Detail(BookingId(b.id)).into(),
                )]]),
            )
            .await
        }
        // Moved (by a reschedule racing this cancel) since the user saw it: nothing cancelled.
        Err(BookingError::Moved { booking }) => {
            let at = booking.starts_at.map(|s| when(ctx, s)).unwrap_or_default();
            ctx.show(
                tr!(t, "cancel-moved-meanwhile", when = &at),
                keyboard(vec![vec![(
                    tr!(t, "btn-back"),
                    MyBookingsCb::Detail(BookingId(id)).into(),
                )]]),
            )
            .await
        }
        Err(BookingError::Transition(_)) => moved_on(ctx, id).await,
        Err(e) => Err(e.into()),
    }
}

/// Someone else (the performer, an admin) or the clock got there first: said plainly when the
/// booking was cancelled meanwhile, else the booking as it stands.
async fn moved_on(ctx: &Ctx<'_>, id: Uuid) -> Result<()> {
    let Some(b) = own(ctx, id).await? else {
        return list(ctx).await;
    };
    if matches!(status(&b), BookingStatus::Cancelled | BookingStatus::Refunded) {
        let t = ctx.t;
        return ctx
            .show(
                tr!(t, "booking-already-cancelled"),
                keyboard(vec![vec![(tr!(t, "btn-my-bookings"), MyBookingsCb::List.into())]]),
            )
            .await;
    }
    detail(ctx, id).await
}

/// Where the user's cancel request stands, with the policy.
fn request_line(ctx: &Ctx<'_>, request: CancelRequest, name: &str) -> String {
    let t = ctx.t;
    let hours = ctx.app.config.payments.cancel_cutoff_hours;
    match request {
        CancelRequest::Open => tr!(t, "cancel-request-waiting", name = name, cutoff_hours = hours),
        CancelRequest::Declined => tr!(
            t,
            "cancel-request-was-declined",
            name = name,
            cutoff_hours = hours
        ),
        CancelRequest::Lapsed => tr!(t, "cancel-request-was-lapsed", name = name, cutoff_hours = hours),
        // An accepted request cancels the booking, which is then no longer confirmed.
        CancelRequest::Accepted => String::new(),
    }
}

/// [Ask … to cancel]: the request goes to the performer, once.
pub async fn ask_performer(ctx: &Ctx<'_>, id: Uuid) -> Result<()> {
    let t = ctx.t;
    let Some(b) = own(ctx, id).await? else {
        return list(ctx).await;
    };
    let name = performer_name(ctx, &b).await?;
    let hours = ctx.app.config.payments.cancel_cutoff_hours;
    let mine = || keyboard(vec![vec![(tr!(t, "btn-my-bookings"), MyBookingsCb::List.into())]]);
    match ctx
        .app
        .bookings()
        .request_cancel(b.id, cutoff(ctx), ctx.app.now())
        .await
    {
        Ok(done) => {
            let at = b.starts_at.map(|s| when(ctx, s)).unwrap_or_default();
            ctx.show(
                tr!(
                    t,
                    "cancel-request-sent",
                    name = &name,
                    when = &at,
                    cutoff_hours = hours
                ),
                mine(),
            )
            .await?;
            fulfil::perform(ctx.app, &done, Actor::User, None).await;
            Ok(())
        }
        // A double tap, or a second try: the first request's state, nothing sent again.
        Err(BookingError::CancelRequestMade { state }) => {
            let line = match state {
                CancelRequest::Open => tr!(t, "cancel-request-already-sent", name = &name),
                other => request_line(ctx, other, &name),
            };
            ctx.show(line, mine()).await
        }
        Err(BookingError::CancelInTime) => ask_cancel(ctx, id).await,
        Err(BookingError::CallStarted) => detail(ctx, id).await,
        Err(BookingError::Transition(_)) => moved_on(ctx, id).await,
        Err(e) => Err(e.into()),
    }
}

/// The performer's proposed times for a booking, as the user gets them: each time (in the
/// user's zone) leads to the move's confirm screen; keep the original time; decline (refund).
pub fn proposal_message(
    t: crate::i18n::Texts,
    zone: &entity::zone::Zone,
    performer_name: &str,
    booking: &Booking,
    open: &[reschedule::Proposal],
) -> (String, frankenstein::types::InlineKeyboardMarkup) {
    let at = booking
        .starts_at
        .map(|s| t.when_in(to_ts(s), zone))
        .unwrap_or_default();
    let text = tr!(
        t,
        "proposal-for-user",
        name = performer_name,
        when = &at,
        zone = zone.name()
    );
    let id = BookingId(booking.id);
    let mut rows: Vec<Vec<(String, Callback)>> = open
        .iter()
        .map(|p| {
            let start = to_ts(p.starts_at);
            vec![(
                t.when(start, zone.tz()),
                BookCb::MoveSlot(id, SlotStart(start.as_second() / 60)).into(),
            )]
        })
        .collect();
    rows.push(vec![(
        tr!(t, "btn-keep-original"),
        MyBookingsCb::KeepTime(id).into(),
    )]);
    rows.push(vec![(
        tr!(t, "btn-decline-proposal"),
        MyBookingsCb::DeclineAsk(id).into(),
    )]);
    (text, keyboard(rows))
}

/// The proposal's times still open, or why there are none.
pub async fn proposals(ctx: &Ctx<'_>, id: Uuid) -> Result<()> {
    let Some(b) = own(ctx, id).await? else {
        return list(ctx).await;
    };
    let mut open = reschedule::open(&ctx.app.db, &b).await?;
    if open.is_empty() || b.status != BookingStatus::Confirmed {
        return gone_proposal(ctx, id).await;
    }
    // Proposed times are not held: only those still free are offered.
    if let Some(profile) = profiles::get(&ctx.app.db, b.performer_id).await? {
        let now = to_ts(ctx.app.now());
        let mut free = Vec::with_capacity(open.len());
        for p in open {
            let start = to_ts(p.starts_at);
            let slots = crate::services::availability::free_slots(
                &ctx.app.db,
                &profile,
                now,
                start,
                start + jiff::SignedDuration::from_secs(1),
                b.duration_minutes,
            )
            .await?;
            if slots.iter().any(|s| s.start == start) {
                free.push(p);
            }
        }
        open = free;
    }
    let name = performer_name(ctx, &b).await?;
    let (text, markup) = proposal_message(ctx.t, &super::settings::user_zone(ctx), &name, &b, &open);
    ctx.show(text, markup).await
}

async fn gone_proposal(ctx: &Ctx<'_>, id: Uuid) -> Result<()> {
    let t = ctx.t;
    ctx.show(
        tr!(t, "proposal-gone"),
        keyboard(vec![vec![(
            tr!(t, "btn-back"),
            MyBookingsCb::Detail(BookingId(id)).into(),
        )]]),
    )
    .await
}

/// Keep the original time: the proposal closes and the performer is told.
async fn keep_time(ctx: &Ctx<'_>, id: Uuid) -> Result<()> {
    let t = ctx.t;
    let Some(b) = own(ctx, id).await? else {
        return list(ctx).await;
    };
    if reschedule::open(&ctx.app.db, &b).await?.is_empty() {
        return detail(ctx, id).await;
    }
    if !reschedule::close(&ctx.app.db, &b).await? {
        return detail(ctx, id).await;
    }
    let at = b.starts_at.map(|s| when(ctx, s)).unwrap_or_default();
    ctx.show(
        tr!(t, "proposal-kept", when = &at),
        keyboard(vec![vec![(tr!(t, "btn-my-bookings"), MyBookingsCb::List.into())]]),
    )
    .await?;
    if let Some(profile) = profiles::get(&ctx.app.db, b.performer_id).await? {
        if let Some(performer) = crate::services::users::find_by_id(&ctx.app.db, profile.user_id).await? {
            let pt = fulfil::texts_for(&performer);
            let when = b
                .starts_at
                .map(|s| pt.when_in(to_ts(s), &profile.timezone))
                .unwrap_or_default();
            let who = crate::services::users::public_name(&ctx.user);
            fulfil::tell(
                ctx.app,
                performer.telegram_id,
                tr!(pt, "proposal-kept-for-performer", who = &who, when = &when),
                None,
            )
            .await;
        }
    }
    Ok(())
}

async fn ask_decline(ctx: &Ctx<'_>, id: Uuid) -> Result<()> {
    let t = ctx.t;
    let Some(b) = own(ctx, id).await? else {
        return list(ctx).await;
    };
    if b.status != BookingStatus::Confirmed || reschedule::open(&ctx.app.db, &b).await?.is_empty() {
        return gone_proposal(ctx, id).await;
    }
    let name = performer_name(ctx, &b).await?;
    let at = b.starts_at.map(|s| when(ctx, s)).unwrap_or_default();
    ctx.show(
        tr!(t, "decline-ask", name = &name, when = &at),
        keyboard(vec![
            vec![(
                tr!(t, "btn-confirm-decline"),
                MyBookingsCb::DeclineYes(BookingId(id)).into(),
            )],
            vec![(tr!(t, "btn-back"), MyBookingsCb::Proposals(BookingId(id)).into())],
        ]),
    )
    .await
}

/// Declined: cancelled with a full refund, whatever the cut-off (the performer asked to move),
/// as long as the proposal is still open for the booking as it stands.
async fn decline(ctx: &Ctx<'_>, id: Uuid) -> Result<()> {
    let t = ctx.t;
    let Some(b) = own(ctx, id).await? else {
        return list(ctx).await;
    };
    if b.status != BookingStatus::Confirmed || reschedule::open(&ctx.app.db, &b).await?.is_empty() {
        return gone_proposal(ctx, id).await;
    }
    match ctx.app.bookings().decline_move(&b, ctx.app.now()).await {
        Ok(done) => {
            ctx.show(
                tr!(t, "cancelled-user-refunded"),
                keyboard(vec![
                    vec![(
                        tr!(t, "btn-book-again"),
                        BookCb::Start(PerformerId(b.performer_id)).into(),
                    )],
                    vec![(tr!(t, "btn-my-bookings"), MyBookingsCb::List.into())],
                ]),
            )
            .await?;
            fulfil::perform(ctx.app, &done, Actor::User, None).await;
            Ok(())
        }
        // Changed since it was read (moved, cancelled): the proposal went with it.
        Err(BookingError::Conflict | BookingError::Transition(_)) => gone_proposal(ctx, id).await,
        Err(e) => Err(e.into()),
    }
}
