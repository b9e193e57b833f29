//! Admin → Reviews: the latest reviews of everyone, hidden ones marked, with Hide buttons. A
//! hidden review is kept; who hid it and when are recorded on it.

use super::AdminCb;
use crate::bot::callback_data::{BookingId, Page};
use crate::bot::user::browse::nav_row;
use crate::bot::user::review;
use crate::bot::{keyboard, Ctx, Result};
use crate::i18n::tr;
use crate::notify::fulfil::zone_of;
use crate::services::{profiles, reviews};

const SHOWN: u64 = 5;

pub async fn list(ctx: &Ctx<'_>, page: u16, notice: Option<String>) -> Result<()> {
    let t = ctx.t;
    let zone = zone_of(ctx.app, &ctx.user);
    let (list, total) = reviews::page(&ctx.app.db, None, u64::from(page) * SHOWN, SHOWN).await?;
    let mut text = notice.map(|n| format!("{n}\n\n")).unwrap_or_default();
    if total == 0 {
        text.push_str(&tr!(t, "admin-reviews-none"));
    } else {
        text.push_str(&tr!(t, "admin-reviews-title", total = total));
    }
    let mut hide = Vec::new();
    for (i, shown) in list.iter().enumerate() {
        let n = i + 1;
        let name = profiles::get(&ctx.app.db, shown.review.performer_id)
            .await?
            .map(|p| p.display_name)
            .unwrap_or_default();
        text.push_str(&format!("\n\n#{n} → {name}\n{}", review::line(t, shown, &zone)));
        if shown.review.hidden_at.is_some() {
            text.push_str(&format!("\n{}", tr!(t, "review-hidden-mark")));
            hide.push((
                tr!(t, "btn-unhide-review", n = n),
                AdminCb::UnhideReview(BookingId(shown.review.booking_id), Page(page)).into(),
            ));
        } else {
            hide.push((
                tr!(t, "btn-hide-review", n = n),
                AdminCb::HideReview(BookingId(shown.review.booking_id), Page(page)).into(),
            ));
        }
    }
    let mut rows: Vec<Vec<_>> = hide.chunks(3).map(<[_]>::to_vec).collect();
    let nav = nav_row(t, page, total.div_ceil(SHOWN), |p| {
        AdminCb::Reviews(Page(p)).into()
    });
    if !nav.is_empty() {
        rows.push(nav);
    }
    rows.push(vec![(tr!(t, "btn-admin"), AdminCb::Panel.into())]);
    ctx.show(text, keyboard(rows)).await
}

/// Hides one review (the admin role was checked by the panel's dispatcher).
pub async fn hide(ctx: &Ctx<'_>, booking_id: uuid::Uuid, page: u16) -> Result<()> {
    if reviews::hide(&ctx.app.db, booking_id, ctx.user.id, ctx.app.now()).await? {
        tracing::info!(admin = ctx.user.id, %booking_id, "review hidden");
    }
    list(ctx, page, Some(tr!(ctx.t, "review-hidden-done"))).await
}

/// Shows a hidden review again (the admin role was checked by the panel's dispatcher).
pub async fn unhide(ctx: &Ctx<'_>, booking_id: uuid::Uuid, page: u16) -> Result<()> {
    if reviews::unhide(&ctx.app.db, booking_id, ctx.user.id, ctx.app.now()).await? {
        tracing::info!(admin = ctx.user.id, %booking_id, "review shown again");
    }
    list(ctx, page, Some(tr!(ctx.t, "review-unhidden-done"))).await
}
