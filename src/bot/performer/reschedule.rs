//! Propose new times: the performer offers the user of a confirmed call up to three of her free
//! times instead of its own (Upcoming calls → 🔁 Propose new times → the call → a day → times,
//! tapped on and off → Send). The user takes one (a move, with the user's confirm screen), keeps
//! the original time, or declines with a full refund (`bot::user::my_bookings`). The booking
//! keeps its slot while the proposal is open; the proposed times are not held.

use frankenstein::methods::AnswerCallbackQueryParams;
use jiff::civil::Date;
use uuid::Uuid;

use super::callback::PerformerCb;
use super::{now_ts, zone};
use crate::bot::callback::Callback;
use crate::bot::callback_data::{BookingId, Day, SlotStart};
use crate::bot::{keyboard, Ctx, Result};
use crate::domain::availability::group_by_local_date;
use crate::domain::booking::BookingStatus;
use crate::domain::day_parts::MAX_SLOTS_PER_SCREEN;
use crate::i18n::tr;
use crate::notify::fulfil;
use crate::services::availability::{self, to_odt, to_ts};
use crate::services::booking::Booking;
use crate::services::profiles::Profile;
use crate::services::reschedule::{self, Toggled, MAX_PROPOSED};
use crate::services::users as user_service;

crate::callback_enum! {
    /// Propose new times' buttons (`p:rs:`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum RescheduleCb {
        /// Her confirmed calls that can still be moved.
        List = "l",
        /// One call: the days with free time of its length.
        Days(booking: BookingId) = "d",
        /// One day's free times, each tapped on or off.
        Day(booking: BookingId, day: Day) = "y",
        Toggle(booking: BookingId, start: SlotStart) = "t",
        /// Send the picked times to the user.
        Send(booking: BookingId) = "s",
    }
}

crate::nest!(RescheduleCb => PerformerCb::Reschedule);

/// How far ahead she may propose.
const DAYS_AHEAD: i64 = 14;

pub(super) async fn on_callback(
    ctx: &Ctx<'_>,
    profile: &Profile,
    cb: RescheduleCb,
    answer: &mut AnswerCallbackQueryParams,
) -> Result<()> {
    match cb {
        RescheduleCb::List => list(ctx, profile).await,
        RescheduleCb::Days(b) => days(ctx, profile, b.0).await,
        RescheduleCb::Day(b, day) => self::day(ctx, profile, b.0, day.0).await,
        RescheduleCb::Toggle(b, start) => toggle(ctx, profile, b.0, start.0, answer).await,
        RescheduleCb::Send(b) => send(ctx, profile, b.0).await,
    }
}

fn cutoff(ctx: &Ctx<'_>) -> time::Duration {
    time::Duration::hours(i64::from(ctx.app.config.payments.cancel_cutoff_hours))
}

/// Whether `b` can still be moved: confirmed, before the cut-off, under the move limit.
fn can_move(ctx: &Ctx<'_>, b: &Booking) -> bool {
    b.status == BookingStatus::Confirmed
        && b.starts_at.is_some_and(|s| s - ctx.app.now() >= cutoff(ctx))
        && i64::from(b.reschedules) < i64::from(ctx.app.config.bookings.max_reschedules)
}

fn back_to(target: Callback, ctx: &Ctx<'_>) -> Vec<Vec<(String, Callback)>> {
    vec![vec![(tr!(ctx.t, "btn-back"), target)]]
}

async fn who(ctx: &Ctx<'_>, b: &Booking) -> Result<String> {
    Ok(user_service::find_by_id(&ctx.app.db, b.user_id)
        .await?
        .map(|u| user_service::public_name(&u))
        .unwrap_or_default())
}

/// Her call `id` if it can get a proposal now; otherwise why not is shown.
async fn proposable(ctx: &Ctx<'_>, profile: &Profile, id: Uuid) -> Result<Option<Booking>> {
    let t = ctx.t;
    let b = match ctx.app.bookings().get(id).await {
        Ok(b) if b.performer_id == profile.id => b,
        Ok(_) | Err(crate::services::booking::BookingError::NotFound) => {
            return list(ctx, profile).await.map(|()| None)
        }
        Err(e) => return Err(e.into()),
    };
    // Back to the call's card, where "Propose new times" was tapped.
    let back = back_to(PerformerCb::Call(BookingId(id)).into(), ctx);
    let hours = ctx.app.config.payments.cancel_cutoff_hours;
    let max = ctx.app.config.bookings.max_reschedules;
    if b.status != BookingStatus::Confirmed {
        return list(ctx, profile).await.map(|()| None);
    }
    if b.starts_at.is_none_or(|s| s - ctx.app.now() < cutoff(ctx)) {
        ctx.show(tr!(t, "propose-too-late", cutoff_hours = hours), keyboard(back))
            .await?;
        return Ok(None);
    }
    if i64::from(b.reschedules) >= i64::from(max) {
        ctx.show(tr!(t, "propose-limit", max = max), keyboard(back))
            .await?;
        return Ok(None);
    }
    Ok(Some(b))
}

/// Her confirmed calls that can still be moved.
pub(super) async fn list(ctx: &Ctx<'_>, profile: &Profile) -> Result<()> {
    let t = ctx.t;
    let tz = zone(profile);
    let upcoming = ctx
        .app
        .bookings()
        .upcoming_of_performer(profile.id, ctx.app.now())
        .await?;
    let mut rows: Vec<Vec<(String, Callback)>> = Vec::new();
    for b in upcoming.iter().filter(|b| can_move(ctx, b)).take(10) {
        let at = b.starts_at.map(|s| t.when(to_ts(s), &tz)).unwrap_or_default();
        rows.push(vec![(
            format!("{at} · {}", who(ctx, b).await?),
            RescheduleCb::Days(BookingId(b.id)).into(),
        )]);
    }
    let text = if rows.is_empty() {
        tr!(t, "propose-none")
    } else {
        tr!(t, "propose-list", tz = profile.timezone.name())
    };
    rows.push(vec![(tr!(t, "btn-back"), PerformerCb::Upcoming.into())]);
    ctx.show(text, keyboard(rows)).await
}

/// Her free times of the call's length from now to `DAYS_AHEAD` days on, by her local date.
async fn free_days(
    ctx: &Ctx<'_>,
    profile: &Profile,
    b: &Booking,
) -> Result<Vec<(Date, Vec<jiff::Timestamp>)>> {
    let now = now_ts(ctx);
    let until = now + jiff::SignedDuration::from_hours(24 * DAYS_AHEAD);
    let slots = availability::free_slots(&ctx.app.db, profile, now, now, until, b.duration_minutes).await?;
    Ok(group_by_local_date(&slots, &zone(profile))
        .into_iter()
        .map(|(d, slots)| (d, slots.into_iter().map(|s| s.start).collect()))
        .collect())
}

/// The picked times, as "Thu 10 Dec, 12:00, Fri 11 Dec, 15:00" in her zone.
fn listed(ctx: &Ctx<'_>, profile: &Profile, picked: &[reschedule::Proposal]) -> String {
    let tz = zone(profile);
    picked
        .iter()
        .map(|p| ctx.t.when(to_ts(p.starts_at), &tz))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The Send button, when something is picked and not sent.
fn send_row(
    ctx: &Ctx<'_>,
    b: &Booking,
    picked: &[reschedule::Proposal],
    who: &str,
) -> Option<Vec<(String, Callback)>> {
    let drafts = picked.iter().filter(|p| p.sent_at.is_none()).count();
    (drafts > 0).then(|| {
        vec![(
            tr!(ctx.t, "btn-send-proposal", who = who, count = picked.len()),
            RescheduleCb::Send(BookingId(b.id)).into(),
        )]
    })
}

async fn days(ctx: &Ctx<'_>, profile: &Profile, id: Uuid) -> Result<()> {
    let t = ctx.t;
    let Some(b) = proposable(ctx, profile, id).await? else {
        return Ok(());
    };
    let picked = reschedule::of(&ctx.app.db, &b).await?;
    let who = who(ctx, &b).await?;
    let back = back_to(PerformerCb::Call(BookingId(id)).into(), ctx);
    if picked.iter().any(|p| p.sent_at.is_some()) {
        let sent: Vec<_> = picked.into_iter().filter(|p| p.sent_at.is_some()).collect();
        return ctx
            .show(
                tr!(t, "propose-open", times = listed(ctx, profile, &sent)),
                keyboard(back),
            )
            .await;
    }
    let days = free_days(ctx, profile, &b).await?;
    if days.is_empty() {
        return ctx.show(tr!(t, "propose-no-days"), keyboard(back)).await;
    }
    let buttons: Vec<(String, Callback)> = days
        .iter()
        .map(|(date, slots)| {
            (
                format!(
                    "{} {} · {}",
                    t.weekday_short_heading(date.weekday()),
                    date.day(),
                    slots.len()
                ),
                RescheduleCb::Day(BookingId(b.id), Day(*date)).into(),
            )
        })
        .collect();
    let mut rows: Vec<Vec<(String, Callback)>> = buttons.chunks(4).map(<[_]>::to_vec).collect();
    rows.extend(send_row(ctx, &b, &picked, &who));
    rows.extend(back);
    let at = b
        .starts_at
        .map(|s| t.when_in(to_ts(s), &profile.timezone))
        .unwrap_or_default();
    ctx.show(
        tr!(
            t,
            "propose-days",
            who = &who,
            when = &at,
            count = picked.len(),
            tz = profile.timezone.name()
        ),
        keyboard(rows),
    )
    .await
}

async fn day(ctx: &Ctx<'_>, profile: &Profile, id: Uuid, date: Date) -> Result<()> {
    let t = ctx.t;
    let Some(b) = proposable(ctx, profile, id).await? else {
        return Ok(());
    };
    let picked = reschedule::of(&ctx.app.db, &b).await?;
    let who = who(ctx, &b).await?;
    let tz = zone(profile);
    let mut slots: Vec<jiff::Timestamp> = free_days(ctx, profile, &b)
        .await?
        .into_iter()
        .find(|(d, _)| *d == date)
        .map(|(_, slots)| slots)
        .unwrap_or_default();
    // A picked time stays on the screen (to be tapped off) even if it is no longer free.
    for p in &picked {
        let start = to_ts(p.starts_at);
        if tz.to_datetime(start).date() == date && !slots.contains(&start) {
            slots.push(start);
        }
    }
    slots.sort();
    slots.truncate(MAX_SLOTS_PER_SCREEN.max(MAX_PROPOSED));
    let buttons: Vec<(String, Callback)> = slots
        .iter()
        .map(|&start| {
            let on = picked.iter().any(|p| to_ts(p.starts_at) == start);
            let clock = t.clock(start, &tz);
            (
                if on { format!("✅ {clock}") } else { clock },
                RescheduleCb::Toggle(BookingId(b.id), SlotStart(start.as_second() / 60)).into(),
            )
        })
        .collect();
    let mut rows: Vec<Vec<(String, Callback)>> = buttons.chunks(4).map(<[_]>::to_vec).collect();
    rows.extend(send_row(ctx, &b, &picked, &who));
    rows.extend(back_to(RescheduleCb::Days(BookingId(b.id)).into(), ctx));
    ctx.show(
        tr!(
            t,
            "propose-day",
            day = t.date(date),
            count = picked.len(),
            tz = profile.timezone.name()
        ),
        keyboard(rows),
    )
    .await
}

async fn toggle(
    ctx: &Ctx<'_>,
    profile: &Profile,
    id: Uuid,
    minute: i64,
    answer: &mut AnswerCallbackQueryParams,
) -> Result<()> {
    let Some(b) = proposable(ctx, profile, id).await? else {
        return Ok(());
    };
    let Ok(start) = jiff::Timestamp::from_second(minute.saturating_mul(60)) else {
        return days(ctx, profile, id).await;
    };
    if reschedule::toggle(&ctx.app.db, &b, to_odt(start), ctx.app.now()).await? == Toggled::Full {
        answer.text = Some(tr!(ctx.t, "propose-full"));
    }
    let date = zone(profile).to_datetime(start).date();
    day(ctx, profile, id, date).await
}

/// Sends the picked times to the user, as buttons in the user's language and zone.
async fn send(ctx: &Ctx<'_>, profile: &Profile, id: Uuid) -> Result<()> {
    let t = ctx.t;
    let Some(b) = proposable(ctx, profile, id).await? else {
        return Ok(());
    };
    if reschedule::of(&ctx.app.db, &b).await?.is_empty() {
        return days(ctx, profile, id).await;
    }
    let open = reschedule::send(&ctx.app.db, &b, ctx.app.now()).await?;
    let who = who(ctx, &b).await?;
    if let Some(user) = user_service::find_by_id(&ctx.app.db, b.user_id).await? {
        let (text, markup) = crate::bot::user::my_bookings::proposal_message(
            fulfil::texts_for(&user),
            &fulfil::zone_of(ctx.app, &user),
            &profile.display_name,
            &b,
            &open,
        );
        fulfil::tell(ctx.app, user.telegram_id, text, Some(markup)).await;
    }
    ctx.show(
        tr!(t, "propose-sent", who = &who, times = listed(ctx, profile, &open)),
        keyboard(vec![vec![(tr!(t, "btn-back"), PerformerCb::Upcoming.into())]]),
    )
    .await
}
