//! My bookings: upcoming and past calls with status, time and link; Cancel with the policy
//! shown first; Book again.

use uuid::Uuid;

use super::book::{booking_error, when};
use super::browse::money;
use crate::bot::callback::Callback;
use crate::bot::{keyboard, Ctx, Result};
use crate::domain::booking::{Actor, BookingStatus};
use crate::notify::fulfil;
use crate::services::booking::{Booking, BookingError};
use crate::services::profiles;
use crate::video::{Participant, RoomRequest};

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
    let all = ctx
        .app
        .bookings()
        .of_user(ctx.user.id, SHOWN * 3)
        .await
        .map_err(booking_error)?;
    let now = ctx.app.now();
    let (upcoming, past): (Vec<_>, Vec<_>) = all
        .into_iter()
        .filter(|b| status(b) != BookingStatus::Draft)
        .partition(|b| b.ends_at.is_some_and(|end| end > now) && (status(b).occupies_slot()));
    if upcoming.is_empty() && past.is_empty() {
        return ctx
            .show(
                t.my_bookings_empty(),
                keyboard(vec![
                    vec![(t.btn_pnp_live(), Callback::PnpLive(0))],
                    vec![(t.btn_main_menu(), Callback::MainMenu)],
                ]),
            )
            .await;
    }
    let mut text = t.my_bookings_title().to_owned();
    let mut buttons: Vec<(String, Callback)> = Vec::new();
    if !upcoming.is_empty() {
        text.push_str(&format!("\n\n{}:", t.upcoming()));
        // Soonest first.
        for b in upcoming.iter().rev().take(SHOWN as usize) {
            let name = performer_name(ctx, b).await?;
            let at = b.starts_at.map(|s| when(ctx, s)).unwrap_or_default();
            text.push_str(&format!("\n• {at} · {name} · {}", t.status(status(b))));
            buttons.push((t.btn_details(&at, &name), Callback::BookingDetail(b.id)));
        }
    }
    if !past.is_empty() {
        text.push_str(&format!("\n\n{}:", t.past()));
        for b in past.iter().take(SHOWN as usize) {
            let name = performer_name(ctx, b).await?;
            let at = b.starts_at.map(|s| when(ctx, s)).unwrap_or_default();
            text.push_str(&format!("\n• {at} · {name} · {}", t.status(status(b))));
        }
        let mut seen = Vec::new();
        for b in past.iter().take(SHOWN as usize) {
            if !seen.contains(&b.performer_id)
                && profiles::get_active(&ctx.app.db, b.performer_id).await?.is_some()
            {
                seen.push(b.performer_id);
                let name = performer_name(ctx, b).await?;
                buttons.push((
                    format!("{} · {name}", t.btn_book_again()),
                    Callback::Book(b.performer_id),
                ));
            }
        }
    }
    let mut rows: Vec<Vec<(&str, Callback)>> =
        buttons.iter().map(|(l, cb)| vec![(l.as_str(), *cb)]).collect();
    rows.push(vec![(t.btn_main_menu(), Callback::MainMenu)]);
    ctx.show(text, keyboard(rows)).await
}

/// The user's own booking, or `None` (someone else's id in a forged button is refused here).
async fn own(ctx: &Ctx<'_>, id: Uuid) -> Result<Option<Booking>> {
    match ctx.app.bookings().get(id).await {
        Ok(b) if b.user_id == ctx.user.id => Ok(Some(b)),
        Ok(_) | Err(BookingError::NotFound) => Ok(None),
        Err(e) => Err(booking_error(e)),
    }
}

pub async fn detail(ctx: &Ctx<'_>, id: Uuid) -> Result<()> {
    let t = ctx.t;
    let Some(b) = own(ctx, id).await? else {
        return list(ctx).await;
    };
    let name = performer_name(ctx, &b).await?;
    let at = b.starts_at.map(|s| when(ctx, s)).unwrap_or_default();
    let mut text = t.booking_detail(
        &name,
        &at,
        b.duration_minutes,
        &money(b.price, &b.currency),
        t.status(status(&b)),
    );
    if b.links_sent_at.is_some() {
        if let Some(link) = user_link(ctx, &b).await {
            text.push_str(&format!("\n{}", t.your_link(&link)));
        }
    }
    let mut rows = Vec::new();
    if matches!(
        status(&b),
        BookingStatus::Held | BookingStatus::AwaitingPayment | BookingStatus::Confirmed
    ) {
        rows.push(vec![(t.btn_cancel_booking(), Callback::CancelAsk(b.id))]);
    }
    rows.push(vec![(t.btn_back(), Callback::MyBookings)]);
    ctx.show(text, keyboard(rows)).await
}

/// The user's personal link (made again from the stored room: links carry no state of ours).
async fn user_link(ctx: &Ctx<'_>, b: &Booking) -> Option<String> {
    let room = crate::video::Room {
        provider: b.room_provider.clone()?,
        name: b.room_name.clone()?,
        url: b.room_url.clone()?,
    };
    let request = RoomRequest {
        booking_id: b.id,
        starts_at: b.starts_at?,
        ends_at: b.ends_at?,
    };
    let me = Participant {
        id: ctx.user.telegram_id.to_string(),
        name: ctx.user.first_name.clone(),
        is_performer: false,
    };
    ctx.app.video.participant_link(&room, &me, &request).await.ok()
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
    let back = (t.btn_keep(), Callback::BookingDetail(b.id));
    let text = match status(&b) {
        BookingStatus::Held | BookingStatus::AwaitingPayment => t.cancel_policy_unpaid().to_owned(),
        BookingStatus::Confirmed => {
            let in_time = b.starts_at.is_some_and(|s| s - ctx.app.now() >= cutoff(ctx));
            if !in_time {
                return ctx
                    .show(t.cancel_too_late(hours), keyboard(vec![vec![back]]))
                    .await;
            }
            t.cancel_policy_refund(hours)
        }
        _ => return detail(ctx, id).await,
    };
    ctx.show(
        text,
        keyboard(vec![
            vec![(t.btn_confirm_cancel(), Callback::CancelYes(b.id))],
            vec![back],
        ]),
    )
    .await
}

pub async fn cancel(ctx: &Ctx<'_>, id: Uuid) -> Result<()> {
    let t = ctx.t;
    let Some(b) = own(ctx, id).await? else {
        return list(ctx).await;
    };
    let hours = ctx.app.config.payments.cancel_cutoff_hours;
    match ctx
        .app
        .bookings()
        .cancel(b.id, Actor::User, cutoff(ctx), ctx.app.now())
        .await
    {
        Ok(done) => {
            let refunded = done.effects.contains(&crate::domain::booking::Effect::Refund);
            ctx.show(
                t.cancelled_user(refunded),
                keyboard(vec![
                    vec![(t.btn_book_again(), Callback::Book(b.performer_id))],
                    vec![(t.btn_my_bookings(), Callback::MyBookings)],
                ]),
            )
            .await?;
            fulfil::perform(ctx.app, &done, Actor::User, None).await;
            Ok(())
        }
        Err(BookingError::Transition(crate::domain::booking::TransitionError::CancelTooLate)) => {
            ctx.show(
                t.cancel_too_late(hours),
                keyboard(vec![vec![(t.btn_back(), Callback::MyBookings)]]),
            )
            .await
        }
        Err(BookingError::Transition(_)) => detail(ctx, id).await,
        Err(e) => Err(booking_error(e)),
    }
}
