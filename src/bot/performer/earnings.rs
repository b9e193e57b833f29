//! The performer's Earnings (this week, this month, all time, owed since the last payout, from
//! the ledger of `services::earnings`) and My reviews.

use jiff::ToSpan;

use super::callback::PerformerCb;
use crate::bot::callback_data::Page;
use crate::bot::user::browse::{money, nav_row};
use crate::bot::user::review;
use crate::bot::{keyboard, Ctx, Result};
use crate::i18n::tr;
use crate::services::availability::{to_odt, to_ts};
use crate::services::earnings;
use crate::services::profiles::Profile;
use crate::services::reviews;

const REVIEWS_SHOWN: u64 = 5;

pub async fn show(ctx: &Ctx<'_>, profile: &Profile) -> Result<()> {
    let t = ctx.t;
    let tz = profile.timezone.tz().clone();
    let today = tz.to_datetime(to_ts(ctx.app.now())).date();
    let monday = today
        .checked_sub(i64::from(today.weekday().to_monday_zero_offset()).days())
        .unwrap_or(today);
    let start_of = |d: jiff::civil::Date| {
        tz.to_timestamp(d.to_datetime(jiff::civil::Time::midnight()))
            .map(to_odt)
            .unwrap_or_else(|_| ctx.app.now())
    };
    let week_start = start_of(monday);
    let month_start = start_of(today.first_of_month());
    let list = earnings::summary(&ctx.app.db, profile.id, week_start, month_start).await?;
    let mut text = tr!(
        t,
        "earnings-title",
        percent = ctx.app.config.payments.commission_percent
    );
    if list.is_empty() {
        text.push_str(&format!("\n\n{}", tr!(t, "earnings-none")));
    }
    for s in &list {
        let m = |amount: i64| money(amount, &s.currency);
        // The currency is named only when there is more than one (each amount carries it).
        text.push_str("\n\n");
        if list.len() > 1 {
            text.push_str(&format!("{}\n", s.currency));
        }
        text.push_str(&tr!(
            t,
            "earnings-block",
            week = m(s.week),
            month = m(s.month),
            all = m(s.all_time),
            owed = m(s.owed)
        ));
        text.push('\n');
        text.push_str(&match s.last_payout_at {
            Some(at) => tr!(
                t,
                "earnings-last-payout",
                when = t.when_in(to_ts(at), &profile.timezone)
            ),
            None => tr!(t, "earnings-no-payout"),
        });
    }
    ctx.show(
        text,
        keyboard(vec![vec![(tr!(t, "btn-back"), PerformerCb::Menu.into())]]),
    )
    .await
}

pub async fn my_reviews(ctx: &Ctx<'_>, profile: &Profile, page: u16) -> Result<()> {
    let t = ctx.t;
    let (list, total) = reviews::page(
        &ctx.app.db,
        Some(profile.id),
        u64::from(page) * REVIEWS_SHOWN,
        REVIEWS_SHOWN,
    )
    .await?;
    let mut text = match review::badge(&ctx.app.db, profile.id).await? {
        Some(badge) => tr!(t, "my-reviews-title", badge = badge),
        None => tr!(t, "my-reviews-none"),
    };
    for shown in &list {
        text.push_str(&format!("\n\n{}", review::line(t, shown, &profile.timezone)));
    }
    let pages = total.div_ceil(REVIEWS_SHOWN);
    let mut rows = Vec::new();
    let nav = nav_row(t, page, pages, |p| PerformerCb::Reviews(Page(p)).into());
    if !nav.is_empty() {
        rows.push(nav);
    }
    rows.push(vec![(tr!(t, "btn-back"), PerformerCb::Menu.into())]);
    ctx.show(text, keyboard(rows)).await
}
