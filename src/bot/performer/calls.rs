//! Upcoming calls: the performer's confirmed bookings ahead, with each user and time.

use super::callback::PerformerCb;
use super::{hhmm, zone};
use crate::bot::{keyboard, Ctx, Result};
use crate::i18n::tr;
use crate::services::availability::to_ts;
use crate::services::profiles::Profile;
use crate::services::users as user_service;

pub(super) async fn upcoming(ctx: &Ctx<'_>, profile: &Profile) -> Result<()> {
    let app = ctx.app;
    let t = ctx.t;
    let service = app.bookings();
    let bookings = service.upcoming_of_performer(profile.id, app.now()).await?;
    let tz = zone(profile);
    let mut text = tr!(t, "upcoming-title", tz = profile.timezone.name());
    if bookings.is_empty() {
        text.push_str("\n\n");
        text.push_str(&tr!(t, "upcoming-none"));
    } else {
        let user_ids: Vec<i64> = bookings.iter().map(|b| b.user_id).collect();
        let people = user_service::find_by_ids(&app.db, user_ids).await?;
        text.push('\n');
        const SHOWN: usize = 15;
        for booking in bookings.iter().take(SHOWN) {
            let (Some(start), Some(end)) = (booking.starts_at, booking.ends_at) else {
                continue;
            };
            let who = people
                .iter()
                .find(|u| u.id == booking.user_id)
                .map(|u| u.first_name.clone())
                .unwrap_or_default();
            text.push_str(&format!(
                "\n• {} {}–{} · {} · {}",
                t.date_year(tz.to_datetime(to_ts(start)).date()),
                hhmm(to_ts(start), &tz),
                hhmm(to_ts(end), &tz),
                who,
                t.booking_status(booking.status.as_str()),
            ));
        }
        if bookings.len() > SHOWN {
            text.push_str(&format!(
                "\n{}",
                tr!(t, "upcoming-more", n = bookings.len() - SHOWN)
            ));
        }
    }
    let mut rows = Vec::new();
    // The entry to proposing other times for a confirmed call (`super::reschedule`).
    if bookings
        .iter()
        .any(|b| b.status == crate::domain::booking::BookingStatus::Confirmed)
    {
        rows.push(vec![(
            tr!(t, "btn-propose-times"),
            super::reschedule::RescheduleCb::List.into(),
        )]);
    }
    rows.push(vec![(tr!(t, "btn-back"), PerformerCb::Menu.into())]);
    ctx.show(text, keyboard(rows)).await
}
