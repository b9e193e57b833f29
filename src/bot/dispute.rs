//! "Did your call take place?": after a call whose provider reports no joins (`meet`, `jaas`,
//! `jitsi`) completes, its user is asked. "No" opens a dispute (`services::disputes`): the
//! performer is asked too, and the admins settle it with one tap — refund or keep. A performer
//! who agrees the call did not happen refunds it themselves. Each role's callback enum carries
//! these buttons; the handlers are here, with the notices they send.

use entity::users;
use uuid::Uuid;

use super::admin::AdminCb;
use super::callback_data::BookingId;
use super::performer::callback::PerformerCb;
use super::user::my_bookings::MyBookingsCb;
use super::user::UserCb;
use super::{keyboard, Ctx, Result};
use crate::domain::booking::{Actor, BookingEvent, BookingStatus};
use crate::i18n::{tr, Texts};
use crate::notify::fulfil::{self, tell, texts_for, zone_of};
use crate::services::availability::to_ts;
use crate::services::booking::Booking;
use crate::services::disputes::{self, Outcome, PerformerSays};
use crate::services::profiles::{self, Profile};
use crate::services::users as user_service;
use crate::state::AppState;

/// How long after its end a call can still be reported as not having taken place.
const REPORT_WINDOW: time::Duration = time::Duration::days(3);

crate::callback_enum! {
    /// An answer to "did the call take place?".
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Verdict {
        Held = "h",
        Missed = "n",
    }
}

crate::callback_enum! {
    /// How an admin settles a dispute.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Settlement {
        Refund = "r",
        Keep = "k",
    }
}

/// The booking, its performer's profile and user, and its user.
struct Call {
    booking: Booking,
    profile: Profile,
    performer: users::Model,
    user: users::Model,
}

async fn call(app: &AppState, booking_id: Uuid) -> Result<Option<Call>> {
    let booking = match app.bookings().get(booking_id).await {
        Ok(b) => b,
        Err(crate::services::booking::BookingError::NotFound) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let Some(profile) = profiles::get(&app.db, booking.performer_id).await? else {
        return Ok(None);
    };
    let (Some(performer), Some(user)) = (
        user_service::find_by_id(&app.db, profile.user_id).await?,
        user_service::find_by_id(&app.db, booking.user_id).await?,
    ) else {
        return Ok(None);
    };
    Ok(Some(Call {
        booking,
        profile,
        performer,
        user,
    }))
}

fn start(booking: &Booking) -> jiff::Timestamp {
    booking.starts_at.map(to_ts).unwrap_or_default()
}

/// Asks the user of a just-completed call without join events whether it took place.
pub async fn ask_user(app: &AppState, booking: &Booking) {
    let Ok(Some(c)) = call(app, booking.id).await else {
        return;
    };
    let t = texts_for(&c.user);
    let when = t.when_in(start(booking), &zone_of(app, &c.user));
    let id = BookingId(booking.id);
    tell(
        app,
        c.user.telegram_id,
        tr!(
            t,
            "call-happened-question",
            name = &c.profile.display_name,
            when = &when
        ),
        Some(keyboard(vec![
            vec![(
                tr!(t, "btn-call-held"),
                MyBookingsCb::CallHappened(id, Verdict::Held).into(),
            )],
            vec![(
                tr!(t, "btn-call-missed", name = &c.profile.display_name),
                MyBookingsCb::CallHappened(id, Verdict::Missed).into(),
            )],
        ])),
    )
    .await;
}

fn menu_row(t: Texts) -> Vec<(String, super::callback::Callback)> {
    vec![(tr!(t, "btn-main-menu"), UserCb::MainMenu.into())]
}

/// The user's answer: thanks, or the dispute opened (performer and admins asked).
pub async fn user_says(ctx: &Ctx<'_>, booking_id: Uuid, verdict: Verdict) -> Result<()> {
    let t = ctx.t;
    let app = ctx.app;
    let Some(c) = call(app, booking_id)
        .await?
        .filter(|c| c.booking.user_id == ctx.user.id)
    else {
        return super::user::my_bookings::list(ctx).await;
    };
    let reportable = c.booking.status == BookingStatus::Completed
        && c.booking
            .ends_at
            .is_some_and(|end| app.now() - end <= REPORT_WINDOW);
    if verdict == Verdict::Held {
        // The call took place: now is the time to ask how it was.
        if c.booking.status == BookingStatus::Completed {
            return super::user::review::ask_here(ctx, &c.booking).await;
        }
        return ctx
            .show(tr!(t, "call-held-thanks"), keyboard(vec![menu_row(t)]))
            .await;
    }
    if disputes::get(&app.db, booking_id).await?.is_some() {
        return ctx
            .show(tr!(t, "dispute-already"), keyboard(vec![menu_row(t)]))
            .await;
    }
    if !reportable {
        return ctx
            .show(tr!(t, "dispute-too-late"), keyboard(vec![menu_row(t)]))
            .await;
    }
    if !disputes::open(&app.db, booking_id, app.now()).await? {
        return ctx
            .show(tr!(t, "dispute-already"), keyboard(vec![menu_row(t)]))
            .await;
    }
    ctx.show(
        tr!(t, "dispute-opened-user", name = &c.profile.display_name),
        keyboard(vec![menu_row(t)]),
    )
    .await?;
    // The performer is asked…
    let pt = texts_for(&c.performer);
    let who = user_service::public_name(&c.user);
    let id = BookingId(booking_id);
    tell(
        app,
        c.performer.telegram_id,
        tr!(
            pt,
            "dispute-ask-performer",
            who = &who,
            when = pt.when_in(start(&c.booking), &c.profile.timezone)
        ),
        Some(keyboard(vec![
            vec![(
                tr!(pt, "btn-dispute-held"),
                PerformerCb::CallHappened(id, Verdict::Held).into(),
            )],
            vec![(
                tr!(pt, "btn-dispute-missed"),
                PerformerCb::CallHappened(id, Verdict::Missed).into(),
            )],
        ])),
    )
    .await;
    // …and the admins can settle it at once.
    tell_admins_with_buttons(app, &c, &user_service::display(&c.user)).await;
    Ok(())
}

async fn tell_admins_with_buttons(app: &AppState, c: &Call, who: &str) {
    let amount = crate::bot::user::browse::money(c.booking.price, &c.booking.currency);
    let booking = c.booking.id.to_string();
    let id = BookingId(c.booking.id);
    fulfil::tell_admins_with(app, |t, zone| {
        let text = tr!(
            t,
            "dispute-admin",
            who = who,
            name = &c.profile.display_name,
            when = t.when_in(start(&c.booking), zone),
            amount = &amount,
            booking = &booking
        );
        let buttons = keyboard(vec![vec![
            (
                tr!(t, "btn-settle-refund"),
                AdminCb::Settle(id, Settlement::Refund).into(),
            ),
            (
                tr!(t, "btn-settle-keep"),
                AdminCb::Settle(id, Settlement::Keep).into(),
            ),
        ]]);
        (text, Some(buttons))
    })
    .await;
}

/// The performer's answer: agreeing it did not happen refunds the user at once.
pub async fn performer_says(
    ctx: &Ctx<'_>,
    profile: &Profile,
    booking_id: Uuid,
    verdict: Verdict,
) -> Result<()> {
    let t = ctx.t;
    let app = ctx.app;
    let back = vec![vec![(tr!(t, "btn-back"), PerformerCb::Menu.into())]];
    let Some(c) = call(app, booking_id)
        .await?
        .filter(|c| c.profile.id == profile.id)
    else {
        return ctx.show(tr!(t, "dispute-settled-already"), keyboard(back)).await;
    };
    let Some(dispute) = disputes::get(&app.db, booking_id).await? else {
        return ctx.show(tr!(t, "dispute-settled-already"), keyboard(back)).await;
    };
    if dispute.settled_at.is_some() {
        return ctx.show(tr!(t, "dispute-settled-already"), keyboard(back)).await;
    }
    let who = user_service::display(&c.user);
    let booking = booking_id.to_string();
    match verdict {
        Verdict::Held => {
            disputes::performer_answers(&app.db, booking_id, PerformerSays::Held, app.now()).await?;
            fulfil::tell_admins(app, |t| {
                tr!(
                    t,
                    "dispute-admin-performer-held",
                    name = &c.profile.display_name,
                    booking = &booking
                )
            })
            .await;
            ctx.show(tr!(t, "dispute-performer-noted"), keyboard(back)).await
        }
        Verdict::Missed => {
            disputes::performer_answers(&app.db, booking_id, PerformerSays::Missed, app.now()).await?;
            if refund_dispute(ctx, &c, Outcome::Refund, false).await? {
                fulfil::tell_admins(app, |t| {
                    tr!(
                        t,
                        "dispute-admin-performer-refunded",
                        name = &c.profile.display_name,
                        booking = &booking
                    )
                })
                .await;
            }
            ctx.show(tr!(t, "dispute-performer-refunded", who = &who), keyboard(back))
                .await
        }
    }
}

/// An admin settles a dispute with one tap; the first settlement stands.
pub async fn settle(ctx: &Ctx<'_>, booking_id: Uuid, settlement: Settlement) -> Result<()> {
    let t = ctx.t;
    let back = vec![vec![(tr!(t, "btn-admin"), AdminCb::Panel.into())]];
    let Some(c) = call(ctx.app, booking_id).await? else {
        return ctx.show(tr!(t, "dispute-settled-already"), keyboard(back)).await;
    };
    let outcome = match settlement {
        Settlement::Refund => Outcome::Refund,
        Settlement::Keep => Outcome::Keep,
    };
    if !refund_dispute(ctx, &c, outcome, true).await? {
        return ctx.show(tr!(t, "dispute-settled-already"), keyboard(back)).await;
    }
    ctx.show(
        tr!(t, "dispute-settled", outcome = outcome.as_str()),
        keyboard(back),
    )
    .await
}

/// Settles the dispute of `c` as `outcome` (once) and does what it means: a refund returns the
/// payment (the machine's `DisputeRefund`), keeping it tells both sides. `false` if the dispute
/// was settled before (or never opened).
async fn refund_dispute(ctx: &Ctx<'_>, c: &Call, outcome: Outcome, by_admin: bool) -> Result<bool> {
    let app = ctx.app;
    if !disputes::settle(&app.db, c.booking.id, outcome, ctx.user.id, by_admin, app.now()).await? {
        return Ok(false);
    }
    let ut = texts_for(&c.user);
    let when = ut.when_in(start(&c.booking), &zone_of(app, &c.user));
    match outcome {
        Outcome::Refund => {
            tell(
                app,
                c.user.telegram_id,
                tr!(
                    ut,
                    "dispute-refunded-user",
                    name = &c.profile.display_name,
                    when = &when
                ),
                None,
            )
            .await;
            let done = app
                .bookings()
                .apply(
                    c.booking.id,
                    BookingEvent::DisputeRefund,
                    Actor::Admin,
                    Some("dispute settled: refund"),
                    app.now(),
                )
                .await?;
            fulfil::perform(app, &done, Actor::Admin, None).await;
        }
        Outcome::Keep => {
            tell(
                app,
                c.user.telegram_id,
                tr!(
                    ut,
                    "dispute-kept-user",
                    name = &c.profile.display_name,
                    when = &when
                ),
                None,
            )
            .await;
            let pt = texts_for(&c.performer);
            tell(
                app,
                c.performer.telegram_id,
                tr!(
                    pt,
                    "dispute-kept-performer",
                    who = user_service::public_name(&c.user),
                    when = pt.when_in(start(&c.booking), &c.profile.timezone)
                ),
                None,
            )
            .await;
        }
    }
    Ok(true)
}
