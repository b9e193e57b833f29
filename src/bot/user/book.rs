//! Book: pick a rate → Start now or Schedule (a week's calendar → day → part of the day →
//! time) → the slot is held → the invoice.

use frankenstein::methods::SendInvoiceParams;
use frankenstein::payments::LabeledPrice;
use frankenstein::AsyncTelegramApi;
use jiff::civil::Date;
use jiff::{Span, Timestamp};
use tracing::warn;

use super::browse::{self, age_ok, user_tz, BrowseCb};
use super::my_bookings::MyBookingsCb;
use crate::bot::callback::Callback;
use crate::bot::callback_data::{BookingId, Choice, Day, Page, PerformerId, RateId, SlotStart};
use crate::bot::{keyboard, Ctx, Result};
use crate::domain::availability::{group_by_local_date, Slot, MAX_WINDOW_DAYS};
use crate::domain::booking::{Actor, BookingStatus};
use crate::domain::day_parts::{slots_in, split_day, DayPart, MAX_SLOTS_PER_SCREEN};
use crate::i18n::tr;
use crate::services::availability::to_ts;
use crate::services::booking::{Booking, BookingError, BookingService, Transitioned};
use crate::services::profiles::{self, Profile, Rate};
use crate::services::reschedule;

crate::callback_enum! {
    /// Booking's buttons (`u:b:`): performer and rate travel with every step.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum BookCb {
        /// Start booking a performer: pick a rate.
        Start(performer: PerformerId) = "b",
        /// A rate was picked: Start now or Schedule.
        Rate(performer: PerformerId, rate: RateId) = "r",
        /// Start now.
        Now(performer: PerformerId, rate: RateId) = "n",
        /// Schedule: calendar week n (0 = the week starting today) with free counts per day.
        Days(performer: PerformerId, rate: RateId, page: Page) = "s",
        /// One day (a local date of the user's): its times, or its parts when they are many.
        Day(performer: PerformerId, rate: RateId, day: Day) = "d",
        /// One part of a day: the local hours `from..to` of that date.
        Part(performer: PerformerId, rate: RateId, day: Day, from: Choice, to: Choice) = "g",
        /// A slot, by its start.
        Slot(performer: PerformerId, rate: RateId, start: SlotStart) = "t",
        /// Pay for a hold already taken: its invoice again.
        Pay(booking: BookingId) = "p",
        /// Reschedule: the same picker for a new time of a confirmed booking (its performer,
        /// length and price), week n.
        MoveDays(booking: BookingId, page: Page) = "ms",
        MoveDay(booking: BookingId, day: Day) = "md",
        MovePart(booking: BookingId, day: Day, from: Choice, to: Choice) = "mg",
        /// A new time was picked (or a time the performer proposed): the old and the new time
        /// with their zone, to confirm.
        MoveSlot(booking: BookingId, start: SlotStart) = "mt",
        /// Confirmed: move it.
        MoveYes(booking: BookingId, start: SlotStart) = "my",
    }
}

/// Whom the slot picker picks a time for: a new booking of a performer at one of their rates,
/// or a new time for a confirmed booking. The screens are the same; only their buttons differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    New(PerformerId, RateId),
    Move(BookingId),
}

impl Pick {
    fn days(self, week: u16) -> Callback {
        match self {
            Pick::New(p, r) => BookCb::Days(p, r, Page(week)),
            Pick::Move(b) => BookCb::MoveDays(b, Page(week)),
        }
        .into()
    }

    fn day(self, date: Date) -> Callback {
        match self {
            Pick::New(p, r) => BookCb::Day(p, r, Day(date)),
            Pick::Move(b) => BookCb::MoveDay(b, Day(date)),
        }
        .into()
    }

    fn part(self, date: Date, from: u8, to: u8) -> Callback {
        match self {
            Pick::New(p, r) => BookCb::Part(p, r, Day(date), Choice(from), Choice(to)),
            Pick::Move(b) => BookCb::MovePart(b, Day(date), Choice(from), Choice(to)),
        }
        .into()
    }

    fn slot(self, start: Timestamp) -> Callback {
        let minute = SlotStart(start.as_second() / 60);
        match self {
            Pick::New(p, r) => BookCb::Slot(p, r, minute),
            Pick::Move(b) => BookCb::MoveSlot(b, minute),
        }
        .into()
    }

    /// Back from the week: the rate's screen, or the booking being moved.
    fn back(self) -> Callback {
        match self {
            Pick::New(p, r) => BookCb::Rate(p, r).into(),
            Pick::Move(b) => MyBookingsCb::Detail(b).into(),
        }
    }
}

/// What the picker shows times for: the performer and the call's length.
struct Picker {
    pick: Pick,
    p: Profile,
    minutes: i32,
    /// The booking being moved.
    moving: Option<Booking>,
}

/// The picker for `pick`, or `None` once the reason it cannot pick was shown: the performer is
/// gone, or the booking cannot be moved (not confirmed, past the cut-off, moved as often as
/// allowed).
async fn picker(ctx: &Ctx<'_>, pick: Pick) -> Result<Option<Picker>> {
    match pick {
        Pick::New(performer, rate) => match performer_and_rate(ctx, performer.0, rate.0).await? {
            Some((p, rate)) => Ok(Some(Picker {
                pick,
                p,
                minutes: rate.duration_minutes,
                moving: None,
            })),
            None => gone(ctx).await.map(|()| None),
        },
        Pick::Move(id) => {
            let Some(booking) = movable(ctx, id.0).await? else {
                return Ok(None);
            };
            let Some(p) = profiles::get_active(&ctx.app.db, booking.performer_id).await? else {
                return gone(ctx).await.map(|()| None);
            };
            Ok(Some(Picker {
                pick,
                p,
                minutes: booking.duration_minutes,
                moving: Some(booking),
            }))
        }
    }
}

/// The user's booking if it can be moved now; otherwise why not is shown and `None` returned.
async fn movable(ctx: &Ctx<'_>, id: uuid::Uuid) -> Result<Option<Booking>> {
    let t = ctx.t;
    let booking = match service(ctx).get(id).await {
        Ok(b) if b.user_id == ctx.user.id => b,
        Ok(_) | Err(BookingError::NotFound) => return super::my_bookings::list(ctx).await.map(|()| None),
        Err(e) => return Err(e.into()),
    };
    let back = vec![vec![(
        tr!(t, "btn-back"),
        MyBookingsCb::Detail(BookingId(booking.id)).into(),
    )]];
    let payments = &ctx.app.config.payments;
    let max = ctx.app.config.bookings.max_reschedules;
    let cutoff = time::Duration::hours(i64::from(payments.cancel_cutoff_hours));
    let text = if booking.status != BookingStatus::Confirmed {
        tr!(
            t,
            "move-not-possible",
            status = t.booking_status(booking.status.as_str())
        )
    } else if booking
        .starts_at
        .is_none_or(|start| start - ctx.app.now() < cutoff)
    {
        tr!(t, "move-too-late", cutoff_hours = payments.cancel_cutoff_hours)
    } else if i64::from(booking.reschedules) >= i64::from(max) {
        tr!(t, "move-limit", max = max)
    } else {
        return Ok(Some(booking));
    };
    ctx.show(text, keyboard(back)).await.map(|()| None)
}

/// A button of the booking flow.
pub async fn on_callback(ctx: &Ctx<'_>, cb: BookCb) -> Result<()> {
    match cb {
        BookCb::Start(p) => start(ctx, p.0).await,
        BookCb::Rate(p, r) => rate(ctx, p.0, r.0).await,
        BookCb::Now(p, r) => start_now(ctx, p.0, r.0).await,
        BookCb::Days(p, r, page) => days(ctx, Pick::New(p, r), page.0).await,
        BookCb::Day(p, r, day) => self::day(ctx, Pick::New(p, r), day.0).await,
        BookCb::Part(p, r, day, from, to) => part(ctx, Pick::New(p, r), day.0, from.0, to.0).await,
        BookCb::Slot(p, r, start) => slot(ctx, p.0, r.0, start.0).await,
        BookCb::Pay(id) => pay(ctx, id.0).await,
        BookCb::MoveDays(b, page) => days(ctx, Pick::Move(b), page.0).await,
        BookCb::MoveDay(b, day) => self::day(ctx, Pick::Move(b), day.0).await,
        BookCb::MovePart(b, day, from, to) => part(ctx, Pick::Move(b), day.0, from.0, to.0).await,
        BookCb::MoveSlot(b, start) => move_slot(ctx, b.0, start.0).await,
        BookCb::MoveYes(b, start) => move_yes(ctx, b.0, start.0).await,
    }
}

pub fn service(ctx: &Ctx<'_>) -> BookingService {
    ctx.app.bookings()
}

/// The performer (still a performer) and one of their rates, or why not.
async fn performer_and_rate(
    ctx: &Ctx<'_>,
    performer_id: i64,
    rate_id: i64,
) -> Result<Option<(Profile, Rate)>> {
    let Some(p) = profiles::get_active(&ctx.app.db, performer_id).await? else {
        return Ok(None);
    };
    let rate = profiles::rate(&ctx.app.db, rate_id)
        .await?
        .filter(|r| r.performer_id == p.id);
    Ok(rate.map(|r| (p, r)))
}

async fn gone(ctx: &Ctx<'_>) -> Result<()> {
    let t = ctx.t;
    ctx.show(
        tr!(t, "performer-gone"),
        keyboard(vec![vec![(tr!(t, "btn-back"), BrowseCb::Online(Page(0)).into())]]),
    )
    .await
}

/// Book → the performer's rates.
pub async fn start(ctx: &Ctx<'_>, performer_id: i64) -> Result<()> {
    if !age_ok(ctx).await? {
        return Ok(());
    }
    let t = ctx.t;
    let Some(p) = profiles::get_active(&ctx.app.db, performer_id).await? else {
        return gone(ctx).await;
    };
    let rates = profiles::rates(&ctx.app.db, p.id).await?;
    let back = (tr!(t, "btn-back"), BrowseCb::Profile(PerformerId(p.id)).into());
    if rates.is_empty() {
        return ctx
            .show(
                tr!(t, "no-rates-to-book", name = &p.display_name),
                keyboard(vec![vec![back]]),
            )
            .await;
    }
    let labels: Vec<String> = rates
        .iter()
        .map(|r| {
            format!(
                "{} — {}",
                tr!(t, "duration-min", minutes = r.duration_minutes),
                profiles::price(r).format()
            )
        })
        .collect();
    let mut rows: Vec<Vec<(String, Callback)>> = rates
        .iter()
        .zip(&labels)
        .map(|(r, label)| {
            vec![(
                label.clone(),
                BookCb::Rate(PerformerId(p.id), RateId(r.id)).into(),
            )]
        })
        .collect();
    rows.push(vec![back]);
    ctx.show(tr!(t, "pick-rate", name = &p.display_name), keyboard(rows))
        .await
}

/// A rate was picked: Start now (only while online and free) or Schedule.
pub async fn rate(ctx: &Ctx<'_>, performer_id: i64, rate_id: i64) -> Result<()> {
    if !age_ok(ctx).await? {
        return Ok(());
    }
    let t = ctx.t;
    let Some((p, rate)) = performer_and_rate(ctx, performer_id, rate_id).await? else {
        return gone(ctx).await;
    };
    let now = to_ts(ctx.app.now());
    // Start now holds the performer for the time left to pay plus the call.
    let can_start = p.online
        && ctx
            .app
            .schedules
            .fits_now(&ctx.app.db, &p, now, service(ctx).start_now_minutes(&rate))
            .await?;
    if p.online && !can_start {
        return busy(ctx, &p, &rate).await;
    }
    let mut rows = Vec::new();
    if can_start {
        rows.push(vec![(
            tr!(t, "btn-start-now"),
            BookCb::Now(PerformerId(p.id), RateId(rate.id)).into(),
        )]);
    }
    rows.push(vec![(
        tr!(t, "btn-schedule"),
        BookCb::Days(PerformerId(p.id), RateId(rate.id), Page(0)).into(),
    )]);
    rows.push(vec![(
        tr!(t, "btn-back"),
        BookCb::Start(PerformerId(p.id)).into(),
    )]);
    let schedule_row = rows.len() - 1;
    let markup = with_calendar_row(ctx.app, t, keyboard(rows), schedule_row, p.id, Some(rate.id));
    let price = profiles::price(&rate).format();
    ctx.show(
        format!(
            "{}\n\n{}",
            tr!(
                t,
                "booking-choice",
                name = &p.display_name,
                minutes = rate.duration_minutes,
                price = &price
            ),
            if can_start {
                tr!(t, "now-or-later-online")
            } else {
                tr!(t, "now-or-later-offline")
            }
        ),
        markup,
    )
    .await
}

/// "Start now": a hold from now, then the invoice.
pub async fn start_now(ctx: &Ctx<'_>, performer_id: i64, rate_id: i64) -> Result<()> {
    if !age_ok(ctx).await? {
        return Ok(());
    }
    let t = ctx.t;
    let Some((p, rate)) = performer_and_rate(ctx, performer_id, rate_id).await? else {
        return gone(ctx).await;
    };
    let schedule = (
        tr!(t, "btn-schedule"),
        BookCb::Days(PerformerId(p.id), RateId(rate.id), Page(0)).into(),
    );
    match service(ctx).hold_now(ctx.user.id, &p, &rate, ctx.app.now()).await {
        // The performer is asked first: the user waits, and can withdraw meanwhile.
        Ok(held) if held.to == BookingStatus::AwaitingPerformer => {
            ctx.show(
                tr!(
                    t,
                    "start-now-asking",
                    name = &p.display_name,
                    seconds = ctx.app.config.bookings.start_now_accept_secs
                ),
                keyboard(vec![vec![(
                    tr!(t, "btn-withdraw-request"),
                    MyBookingsCb::CancelAsk(BookingId(held.booking.id)).into(),
                )]]),
            )
            .await?;
            Box::pin(crate::notify::fulfil::perform(ctx.app, &held, Actor::User, None)).await;
            Ok(())
        }
        Ok(held) => send_invoice(ctx, &p, held).await,
        Err(BookingError::PerformerOffline) => {
            ctx.show(tr!(t, "went-offline"), keyboard(vec![vec![schedule]]))
                .await
        }
        Err(BookingError::SlotTaken) => busy(ctx, &p, &rate).await,
        Err(e) => refused(ctx, e).await,
    }
}

/// An online performer who cannot take this call now: in a call until when (with its zone), or
/// not free long enough; and their next free times, each a button that holds it.
async fn busy(ctx: &Ctx<'_>, p: &Profile, rate: &Rate) -> Result<()> {
    let t = ctx.t;
    let now = ctx.app.now();
    let zone = super::settings::user_zone(ctx);
    let upcoming = service(ctx).upcoming_of_performer(p.id, now).await?;
    let current = upcoming.iter().find(|b| b.starts_at.is_some_and(|s| s <= now));
    let mut text = match current {
        // Someone else's Start-now hold, not paid yet: it may still come free.
        Some(b)
            if b.starts_on_payment
                && matches!(
                    b.status,
                    BookingStatus::AwaitingPerformer | BookingStatus::Held | BookingStatus::AwaitingPayment
                ) =>
        {
            tr!(t, "busy-being-booked", name = &p.display_name)
        }
        Some(b) => tr!(
            t,
            "busy-in-call",
            name = &p.display_name,
            until = t.clock_in(to_ts(b.ends_at.unwrap_or(now)), &zone)
        ),
        None => tr!(
            t,
            "busy-no-room",
            name = &p.display_name,
            minutes = rate.duration_minutes
        ),
    };
    let (more, markup) = next_times(ctx.app, t, &zone, p, rate, now).await?;
    text.push_str(&more);
    ctx.show(text, markup).await
}

/// The performer's next free times for `rate` under a busy or refused Start now: a line with
/// the zone (or that there are none), a button per time that holds it, Other times and Back.
pub async fn next_times(
    app: &crate::state::AppState,
    t: crate::i18n::Texts,
    zone: &entity::zone::Zone,
    p: &Profile,
    rate: &Rate,
    now: time::OffsetDateTime,
) -> Result<(String, frankenstein::types::InlineKeyboardMarkup)> {
    let mut text = String::new();
    let slots = app
        .schedules
        .next_free_slots(&app.db, p, to_ts(now), rate.duration_minutes, 3)
        .await?;
    let mut rows: Vec<Vec<(String, Callback)>> = Vec::new();
    if slots.is_empty() {
        text.push_str(&format!("\n\n{}", tr!(t, "profile-no-slots")));
    } else {
        text.push_str(&format!(
            "\n\n{} ({}):",
            tr!(t, "busy-next-times"),
            tr!(t, "times-in", zone = zone.name())
        ));
        for slot in &slots {
            rows.push(vec![(
                t.when(slot.start, zone.tz()),
                BookCb::Slot(
                    PerformerId(p.id),
                    RateId(rate.id),
                    SlotStart(slot.start.as_second() / 60),
                )
                .into(),
            )]);
        }
    }
    rows.push(vec![(
        tr!(t, "btn-other-times"),
        BookCb::Days(PerformerId(p.id), RateId(rate.id), Page(0)).into(),
    )]);
    rows.push(vec![(
        tr!(t, "btn-back"),
        BookCb::Start(PerformerId(p.id)).into(),
    )]);
    Ok((text, keyboard(rows)))
}

/// The free slots of `rate` starting on the user's local dates `from..to` (end exclusive),
/// grouped by date; only dates with free slots appear.
async fn days_with_slots(
    ctx: &Ctx<'_>,
    p: &Profile,
    minutes: i32,
    from: Date,
    to: Date,
) -> Result<Vec<(Date, Vec<Slot>)>> {
    let (tz, _) = user_tz(ctx);
    let now = to_ts(ctx.app.now());
    let start_of = |date: Date| {
        tz.to_timestamp(date.to_datetime(jiff::civil::Time::midnight()))
            .unwrap_or(now)
    };
    let slots = ctx
        .app
        .schedules
        .free_slots(&ctx.app.db, p, now, start_of(from), start_of(to), minutes)
        .await?;
    Ok(group_by_local_date(&slots, &tz))
}

/// The user's local date today.
fn today(ctx: &Ctx<'_>) -> Date {
    let (tz, _) = user_tz(ctx);
    tz.to_datetime(to_ts(ctx.app.now())).date()
}

/// The first date of calendar week `week` (0 = the week starting today).
fn week_start(ctx: &Ctx<'_>, week: u16) -> Date {
    let today = today(ctx);
    today
        .checked_add(Span::new().days(i64::from(week) * 7))
        .unwrap_or(today)
}

/// The calendar week (0 = starting today) a date falls in.
fn week_of(ctx: &Ctx<'_>, date: Date) -> u16 {
    let days = (date - today(ctx)).get_days().max(0);
    u16::try_from(days / 7).unwrap_or(0)
}

/// How many calendar weeks the performer's booking window spans.
fn weeks_in_window(p: &Profile) -> u16 {
    let days = p.window_days.clamp(1, MAX_WINDOW_DAYS as i32);
    u16::try_from((days + 6) / 7).unwrap_or(1)
}

/// Schedule: one week as a short calendar, each day with its free times counted, and
/// previous/next week. Week 0 starts today; an empty first week jumps to the week of the next
/// free time.
pub async fn days(ctx: &Ctx<'_>, pick: Pick, week: u16) -> Result<()> {
    if !age_ok(ctx).await? {
        return Ok(());
    }
    let t = ctx.t;
    let Some(picker) = picker(ctx, pick).await? else {
        return Ok(());
    };
    let (p, minutes) = (&picker.p, picker.minutes);
    let back = (tr!(t, "btn-back"), pick.back());
    let weeks = weeks_in_window(p);
    let mut week = week.min(weeks - 1);
    let mut days = days_with_slots(ctx, p, minutes, week_start(ctx, week), week_start(ctx, week + 1)).await?;
    if days.is_empty() && week == 0 {
        let next = ctx
            .app
            .schedules
            .next_free_slots(&ctx.app.db, p, to_ts(ctx.app.now()), minutes, 1)
            .await?;
        let Some(next) = next.first() else {
            return ctx.show(tr!(t, "no-days"), keyboard(vec![vec![back]])).await;
        };
        let (tz, _) = user_tz(ctx);
        week = week_of(ctx, tz.to_datetime(next.start).date()).min(weeks - 1);
        days = days_with_slots(ctx, p, minutes, week_start(ctx, week), week_start(ctx, week + 1)).await?;
    }
    let this_week = pick.days(week);
    let buttons: Vec<(String, Callback)> = (0..7)
        .filter_map(|i| week_start(ctx, week).checked_add(Span::new().days(i)).ok())
        .map(|date| {
            let label = |count: String| {
                format!(
                    "{} {} · {count}",
                    t.weekday_short_heading(date.weekday()),
                    date.day()
                )
            };
            match days.iter().find(|(d, _)| *d == date) {
                Some((_, slots)) => (label(slots.len().to_string()), pick.day(date)),
                // A day with nothing free keeps its place in the week; tapping it changes
                // nothing (the screen is redrawn as it is).
                None => (label("–".to_owned()), this_week.clone()),
            }
        })
        .collect();
    let mut rows: Vec<Vec<(String, Callback)>> = buttons.chunks(4).map(<[_]>::to_vec).collect();
    let mut nav = Vec::new();
    if week > 0 {
        nav.push((tr!(t, "btn-prev-week"), pick.days(week - 1)));
    }
    if week + 1 < weeks {
        nav.push((tr!(t, "btn-next-week"), pick.days(week + 1)));
    }
    if !nav.is_empty() {
        rows.push(nav);
    }
    rows.push(vec![back]);
    let (_, zone) = user_tz(ctx);
    let first = week_start(ctx, week);
    let last = first.checked_add(Span::new().days(6)).unwrap_or(first);
    let mut text = tr!(
        t,
        "pick-day-week",
        from = t.date(first),
        to = t.date(last),
        zone = &zone
    );
    if let Some(booking) = &picker.moving {
        let at = booking.starts_at.map(|s| when(ctx, s)).unwrap_or_default();
        text = format!(
            "{}\n\n{text}",
            tr!(
                t,
                "move-picking",
                minutes = minutes,
                name = &p.display_name,
                when = &at
            )
        );
    }
    if days.is_empty() {
        text.push_str(&format!("\n\n{}", tr!(t, "week-empty")));
    }
    ctx.show(text, keyboard(rows)).await
}

/// The label of a part of the day: its name, and its hours when it is a span within it.
fn part_name(t: crate::i18n::Texts, part: DayPart) -> String {
    let name = tr!(t, "day-part", part = part.quarter());
    if part.is_quarter() {
        name
    } else {
        format!("{name} {:02}:00–{:02}:00", part.from, part.to % 24)
    }
}

/// Time buttons for slots, four to a row.
fn slot_rows(ctx: &Ctx<'_>, pick: Pick, slots: &[Slot]) -> Vec<Vec<(String, Callback)>> {
    let (tz, _) = user_tz(ctx);
    let buttons: Vec<(String, Callback)> = slots
        .iter()
        .map(|s| (ctx.t.clock(s.start, &tz), pick.slot(s.start)))
        .collect();
    buttons.chunks(4).map(<[_]>::to_vec).collect()
}

/// One day in the user's timezone. A day whose free times fit one screen shows them at once,
/// a row per part of the day; a fuller day shows its parts (night, morning, afternoon,
/// evening) with their free counts, each leading to its times.
pub async fn day(ctx: &Ctx<'_>, pick: Pick, date: Date) -> Result<()> {
    if !age_ok(ctx).await? {
        return Ok(());
    }
    let t = ctx.t;
    let Some(picker) = picker(ctx, pick).await? else {
        return Ok(());
    };
    let next_day = date.tomorrow().unwrap_or(date);
    let days = days_with_slots(ctx, &picker.p, picker.minutes, date, next_day).await?;
    let Some((_, slots)) = days.into_iter().find(|(d, _)| *d == date) else {
        // Taken meanwhile: back to the week, which shows the days that still have room.
        return self::days(ctx, pick, week_of(ctx, date)).await;
    };
    let (tz, zone) = user_tz(ctx);
    let parts = split_day(&slots, &tz, MAX_SLOTS_PER_SCREEN);
    let mut rows: Vec<Vec<(String, Callback)>> = Vec::new();
    let text = if slots.len() <= MAX_SLOTS_PER_SCREEN {
        let mut text = tr!(t, "pick-slot", day = t.date(date), zone = &zone);
        for (part, slots) in &parts {
            text.push_str(&format!(
                "\n{}: {}",
                part_name(t, *part),
                tr!(t, "free-count", count = slots.len())
            ));
            rows.extend(slot_rows(ctx, pick, slots));
        }
        text
    } else {
        for (part, slots) in &parts {
            rows.push(vec![(
                format!(
                    "{} · {}",
                    part_name(t, *part),
                    tr!(t, "free-count", count = slots.len())
                ),
                pick.part(date, part.from, part.to),
            )]);
        }
        tr!(
            t,
            "pick-part",
            day = t.date(date),
            count = slots.len(),
            zone = &zone
        )
    };
    rows.push(vec![(tr!(t, "btn-back"), pick.days(week_of(ctx, date)))]);
    ctx.show(text, keyboard(rows)).await
}

/// The free times of one part of a day, in the user's timezone.
pub async fn part(ctx: &Ctx<'_>, pick: Pick, date: Date, from: u8, to: u8) -> Result<()> {
    if !age_ok(ctx).await? {
        return Ok(());
    }
    let t = ctx.t;
    let Some(part) = DayPart::new(from, to) else {
        return self::day(ctx, pick, date).await;
    };
    let Some(picker) = picker(ctx, pick).await? else {
        return Ok(());
    };
    let next_day = date.tomorrow().unwrap_or(date);
    let days = days_with_slots(ctx, &picker.p, picker.minutes, date, next_day).await?;
    let (tz, zone) = user_tz(ctx);
    let slots = days
        .into_iter()
        .find(|(d, _)| *d == date)
        .map(|(_, slots)| slots_in(&slots, &tz, part))
        .unwrap_or_default();
    if slots.is_empty() {
        // Taken meanwhile: the day as it stands (or its week, when the day is full).
        return self::day(ctx, pick, date).await;
    }
    let mut rows = slot_rows(ctx, pick, &slots);
    rows.push(vec![(tr!(t, "btn-back"), pick.day(date))]);
    ctx.show(
        tr!(
            t,
            "pick-part-slot",
            day = t.date(date),
            part = part_name(t, part),
            zone = &zone
        ),
        keyboard(rows),
    )
    .await
}

/// A slot was picked: hold it and send the invoice.
pub async fn slot(ctx: &Ctx<'_>, performer_id: i64, rate_id: i64, minute: i64) -> Result<()> {
    if !age_ok(ctx).await? {
        return Ok(());
    }
    let Some((p, rate)) = performer_and_rate(ctx, performer_id, rate_id).await? else {
        return gone(ctx).await;
    };
    let pick = Pick::New(PerformerId(performer_id), RateId(rate_id));
    let Ok(start) = Timestamp::from_second(minute.saturating_mul(60)) else {
        return days(ctx, pick, 0).await;
    };
    match service(ctx)
        .hold_slot(ctx.user.id, &p, &rate, start, ctx.app.now())
        .await
    {
        Ok(held) => send_invoice(ctx, &p, held).await,
        // Tapped again (or delivered again): the invoice of the hold it made.
        Err(BookingError::AlreadyHeld { held }) => pay(ctx, held.id).await,
        Err(BookingError::SlotTaken | BookingError::SlotNotOffered) => {
            ctx.send(tr!(ctx.t, "slot-taken"), None).await?;
            days(&ctx.fresh(), pick, 0).await
        }
        Err(e) => refused(ctx, e).await,
    }
}

/// A new time for a booking was picked (or one the performer proposed): the old and the new
/// time, each with the user's zone, and Confirm.
async fn move_slot(ctx: &Ctx<'_>, id: uuid::Uuid, minute: i64) -> Result<()> {
    let t = ctx.t;
    let Some(picker) = picker(ctx, Pick::Move(BookingId(id))).await? else {
        return Ok(());
    };
    let Some(booking) = &picker.moving else {
        return Ok(());
    };
    let Ok(start) = Timestamp::from_second(minute.saturating_mul(60)) else {
        return days(ctx, picker.pick, 0).await;
    };
    let from = booking.starts_at.map(|s| when(ctx, s)).unwrap_or_default();
    let to = t.when_in(start, &super::settings::user_zone(ctx));
    ctx.show(
        tr!(
            t,
            "move-confirm",
            name = &picker.p.display_name,
            from = &from,
            to = &to,
            minutes = booking.duration_minutes
        ),
        keyboard(vec![
            vec![(
                tr!(t, "btn-confirm-move"),
                BookCb::MoveYes(BookingId(id), SlotStart(minute)).into(),
            )],
            vec![(tr!(t, "btn-other-time"), picker.pick.days(0))],
            vec![(tr!(t, "btn-keep"), MyBookingsCb::Detail(BookingId(id)).into())],
        ]),
    )
    .await
}

/// Confirm on a move: the booking takes the new time and frees the old one in one step. A
/// second tap finds it moved already and shows it; a time taken meanwhile (by someone's hold, or
/// another move) leaves the booking where it was, says so, and offers the times again.
async fn move_yes(ctx: &Ctx<'_>, id: uuid::Uuid, minute: i64) -> Result<()> {
    let t = ctx.t;
    let Ok(start) = Timestamp::from_second(minute.saturating_mul(60)) else {
        return days(ctx, Pick::Move(BookingId(id)), 0).await;
    };
    let booking = match service(ctx).get(id).await {
        Ok(b) if b.user_id == ctx.user.id => b,
        Ok(_) | Err(BookingError::NotFound) => return super::my_bookings::list(ctx).await,
        Err(e) => return Err(e.into()),
    };
    let chosen = reschedule::user_move(&ctx.app.db, &booking, start).await?;
    let reason = chosen.reason();
    let config = &ctx.app.config;
    let cutoff = time::Duration::hours(i64::from(config.payments.cancel_cutoff_hours));
    match service(ctx)
        .reschedule(
            id,
            start,
            Actor::User,
            reason,
            cutoff,
            config.bookings.max_reschedules,
            ctx.app.now(),
        )
        .await
    {
        Ok(done) => {
            let name = profiles::get(&ctx.app.db, done.booking.performer_id)
                .await?
                .map(|p| p.display_name)
                .unwrap_or_default();
            let at = done.booking.starts_at.map(|s| when(ctx, s)).unwrap_or_default();
            ctx.show(
                tr!(t, "move-done", name = &name, when = &at),
                keyboard(vec![vec![(tr!(t, "btn-my-bookings"), MyBookingsCb::List.into())]]),
            )
            .await?;
            crate::notify::fulfil::perform(ctx.app, &done, Actor::User, None).await;
            Ok(())
        }
        Err(BookingError::Unchanged) => super::my_bookings::detail(ctx, id).await,
        Err(BookingError::SlotTaken | BookingError::SlotNotOffered) => {
            let at = booking.starts_at.map(|s| when(ctx, s)).unwrap_or_default();
            ctx.send(tr!(t, "move-slot-taken", when = &at), None).await?;
            let fresh = ctx.fresh();
            if chosen == reschedule::UserMove::Proposed {
                super::my_bookings::proposals(&fresh, id).await
            } else {
                days(&fresh, Pick::Move(BookingId(id)), 0).await
            }
        }
        // Cancelled meanwhile, past the cut-off, moved as often as allowed: the reason, plainly.
        Err(BookingError::MoveLimit | BookingError::Transition(_)) => {
            if movable(ctx, id).await?.is_some() {
                super::my_bookings::detail(ctx, id).await
            } else {
                Ok(())
            }
        }
        Err(e) => Err(e.into()),
    }
}

/// A hold refused by one of the user's caps: why, and what they can do instead. Any other
/// error is passed on.
async fn refused(ctx: &Ctx<'_>, e: BookingError) -> Result<()> {
    let t = ctx.t;
    let my_bookings = (tr!(t, "btn-my-bookings"), MyBookingsCb::List.into());
    match e {
        BookingError::UnpaidHold { held } => {
            let name = profiles::get(&ctx.app.db, held.performer_id)
                .await?
                .map(|p| p.display_name)
                .unwrap_or_default();
            let zone = super::settings::user_zone(ctx);
            let until = held
                .hold_expires_at
                .map(|at| t.clock_in(to_ts(at), &zone))
                .unwrap_or_default();
            let starts = held.starts_at.map(|at| when(ctx, at)).unwrap_or_default();
            ctx.show(
                tr!(t, "hold-unpaid-cap", when = &starts, name = &name, until = &until),
                keyboard(vec![
                    vec![(tr!(t, "btn-pay"), BookCb::Pay(BookingId(held.id)).into())],
                    vec![my_bookings],
                ]),
            )
            .await
        }
        BookingError::TooManyHolds { retry_at } => {
            let (tz, zone) = user_tz(ctx);
            ctx.show(
                tr!(
                    t,
                    "hold-hourly-cap",
                    at = t.when(to_ts(retry_at), &tz),
                    zone = &zone
                ),
                keyboard(vec![vec![my_bookings]]),
            )
            .await
        }
        e => Err(e.into()),
    }
}

/// [Pay] on a hold of the user's: its invoice again while the hold lasts, else My bookings.
async fn pay(ctx: &Ctx<'_>, booking_id: uuid::Uuid) -> Result<()> {
    let now = ctx.app.now();
    let booking = service(ctx).get(booking_id).await?;
    let payable = booking.user_id == ctx.user.id
        && matches!(
            booking.status,
            BookingStatus::Held | BookingStatus::AwaitingPayment
        )
        && booking.hold_expires_at.is_some_and(|at| at > now);
    let profile = profiles::get(&ctx.app.db, booking.performer_id).await?;
    match profile {
        Some(p) if payable => {
            deliver_invoice(ctx, &p, &booking).await?;
            if booking.status == BookingStatus::Held {
                service(ctx).invoice_sent(booking.id, now).await?;
            }
            Ok(())
        }
        _ => super::my_bookings::list(ctx).await,
    }
}

/// Sends the invoice for a held booking and moves it to awaiting payment. If Telegram refuses
/// the invoice, the hold is cancelled at once so the slot does not stay blocked.
async fn send_invoice(ctx: &Ctx<'_>, p: &Profile, held: Transitioned) -> Result<()> {
    let booking = &held.booking;
    let bookings = service(ctx);
    match deliver_invoice(ctx, p, booking).await {
        Ok(()) => {
            bookings.invoice_sent(booking.id, ctx.app.now()).await?;
            Ok(())
        }
        Err(e) => {
            warn!(booking_id = %booking.id, error = %e, "invoice not delivered; releasing the hold");
            if let Err(cancel) = bookings
                .apply(
                    booking.id,
                    crate::domain::booking::BookingEvent::Cancel {
                        by: Actor::System,
                        before_cutoff: true,
                    },
                    Actor::System,
                    Some("invoice not delivered"),
                    ctx.app.now(),
                )
                .await
            {
                warn!(booking_id = %booking.id, error = %cancel, "could not release the hold");
            }
            Err(e)
        }
    }
}

/// The invoice of a held booking, with the minutes its hold has left.
async fn deliver_invoice(ctx: &Ctx<'_>, p: &Profile, booking: &Booking) -> Result<()> {
    let params = invoice(
        ctx.app,
        ctx.chat_id,
        ctx.t,
        &super::settings::user_zone(ctx),
        p,
        booking,
    );
    ctx.app.telegram.send_invoice(&params).await?;
    Ok(())
}

/// The performer accepted a Start-now request: the user gets the invoice (sent directly, since
/// the performer's update is being answered). Refused by Telegram, the hold is released and
/// the user told, like a busy performer, so the slot does not stay blocked.
pub async fn invoice_after_accept(app: &crate::state::AppState, held: &Transitioned) {
    use crate::notify::fulfil;
    let booking = &held.booking;
    let user = match crate::services::users::find_by_id(&app.db, booking.user_id).await {
        Ok(Some(user)) => user,
        _ => return,
    };
    let Ok(Some(p)) = profiles::get(&app.db, booking.performer_id).await else {
        return;
    };
    let t = fulfil::texts_for(&user);
    let params = invoice(
        app,
        user.telegram_id,
        t,
        &fulfil::zone_of(app, &user),
        &p,
        booking,
    );
    let bookings = app.bookings();
    match app.telegram.direct().send_invoice(&params).await {
        Ok(_) => {
            if let Err(e) = bookings.invoice_sent(booking.id, app.now()).await {
                warn!(booking_id = %booking.id, error = %e, "could not record the invoice");
            }
        }
        Err(e) => {
            warn!(booking_id = %booking.id, error = %e, "invoice not delivered; releasing the hold");
            let cancel = crate::domain::booking::BookingEvent::Cancel {
                by: Actor::System,
                before_cutoff: true,
            };
            match bookings
                .apply(
                    booking.id,
                    cancel,
                    Actor::System,
                    Some("invoice not delivered"),
                    app.now(),
                )
                .await
            {
                Ok(done) => fulfil::perform(app, &done, Actor::System, None).await,
                Err(cancel) => warn!(booking_id = %booking.id, error = %cancel, "could not release the hold"),
            }
        }
    }
}

/// The invoice of a held booking for `chat_id`, with the minutes its hold has left.
fn invoice(
    app: &crate::state::AppState,
    chat_id: i64,
    t: crate::i18n::Texts,
    zone: &entity::zone::Zone,
    p: &Profile,
    booking: &Booking,
) -> SendInvoiceParams {
    let start = to_ts(booking.starts_at.expect("a held booking has a time"));
    // A Start-now call starts when it is paid; a scheduled one at its time, with its zone.
    let when = if booking.starts_on_payment {
        tr!(t, "starts-when-paid")
    } else {
        t.when_in(start, zone)
    };
    let payments = &app.config.payments;
    let amount = u32::try_from(booking.price).unwrap_or(u32::MAX);
    // Rounded up: a hold with 30 s left still says one minute.
    let hold_left = booking
        .hold_expires_at
        .map(|at| (at - app.now()).whole_seconds().max(0).saturating_add(59) / 60)
        .and_then(|m| u32::try_from(m).ok())
        .unwrap_or(payments.hold_minutes);
    let mut params = SendInvoiceParams::builder()
        .chat_id(chat_id)
        .title(t.invoice_title(&p.display_name))
        .description(t.invoice_description(booking.duration_minutes, &when, hold_left))
        .payload(
            booking
                .invoice_payload
                .clone()
                .expect("a held booking has a payload"),
        )
        .currency(booking.currency)
        .prices(vec![LabeledPrice {
            label: t.invoice_title(&p.display_name),
            amount,
        }])
        .build();
    if !booking.currency.is_stars() {
        params.provider_token = Some(app.config.secrets.payment_provider_token.expose().to_owned());
    }
    params
}

/// `markup` with a row, at `at`, that opens the Mini App's month calendar of `performer`'s free
/// times (of `rate`, when one was picked): [📅 Pick on a calendar]. Only when the server has a
/// public https URL, the only kind of page Telegram opens as a web app.
pub fn with_calendar_row(
    app: &crate::state::AppState,
    t: crate::i18n::Texts,
    mut markup: frankenstein::types::InlineKeyboardMarkup,
    at: usize,
    performer: i64,
    rate: Option<i64>,
) -> frankenstein::types::InlineKeyboardMarkup {
    let Some(base) = crate::miniapp::url(app).filter(|u| u.starts_with("https://")) else {
        return markup;
    };
    let mut url = format!("{base}?screen=calendar&performer={performer}");
    if let Some(rate) = rate {
        url.push_str(&format!("&rate={rate}"));
    }
    let button = frankenstein::types::InlineKeyboardButton::builder()
        .text(tr!(t, "btn-pick-on-calendar"))
        .web_app(frankenstein::types::WebAppInfo { url })
        .build();
    let at = at.min(markup.inline_keyboard.len());
    markup.inline_keyboard.insert(at, vec![button]);
    markup
}

/// The invoice of a held booking as a link (`createInvoiceLink`), for the Mini App to open
/// with `openInvoice`: the same title, description, payload and price as the chat's invoice.
pub async fn invoice_link(
    app: &crate::state::AppState,
    user: &entity::users::Model,
    p: &Profile,
    booking: &Booking,
) -> std::result::Result<String, crate::telegram::TelegramError> {
    let t = crate::notify::fulfil::texts_for(user);
    let zone = crate::notify::fulfil::zone_of(app, user);
    let sent = invoice(app, user.telegram_id, t, &zone, p, booking);
    let params = frankenstein::methods::CreateInvoiceLinkParams::builder()
        .title(sent.title)
        .description(sent.description)
        .payload(sent.payload)
        .currency(sent.currency)
        .prices(sent.prices)
        .build();
    let params = frankenstein::methods::CreateInvoiceLinkParams {
        provider_token: sent.provider_token,
        ..params
    };
    Ok(app.telegram.direct().create_invoice_link(&params).await?.result)
}

/// A booking's start for the user, with their zone: "Mon 7 Dec, 14:30 (Europe/Madrid)".
pub fn when(ctx: &Ctx<'_>, at: time::OffsetDateTime) -> String {
    ctx.t.when_in(to_ts(at), &super::settings::user_zone(ctx))
}

/// A booking's start in the user's zone without the zone, for lists under a "Times in …" line.
pub fn when_local(ctx: &Ctx<'_>, at: time::OffsetDateTime) -> String {
    let (tz, _) = user_tz(ctx);
    ctx.t.when(to_ts(at), &tz)
}

pub use browse::money;
