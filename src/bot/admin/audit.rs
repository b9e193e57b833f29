//! Admin → Audit: every admin action (role changes, bans, payouts, hidden reviews), newest
//! first, ten to a page: when (in the admin's zone), who, what, to whom, and the detail. The
//! admin role is checked by the panel's dispatcher on every page.

use super::AdminCb;
use crate::bot::callback_data::Page;
use crate::bot::user::browse::nav_row;
use crate::bot::{keyboard, Ctx, Result};
use crate::i18n::tr;
use crate::notify::fulfil::zone_of;
use crate::services::availability::to_ts;
use crate::services::{audit, users as user_service};

const SHOWN: u64 = 10;
/// Characters of a row's detail shown (Telegram takes 4096 in a message).
const DETAIL_CHARS: usize = 200;

pub async fn list(ctx: &Ctx<'_>, page: u16) -> Result<()> {
    let t = ctx.t;
    let db = &ctx.app.db;
    let zone = zone_of(ctx.app, &ctx.user);
    let (rows, total) = audit::page(db, u64::from(page) * SHOWN, SHOWN).await?;
    let mut text = if total == 0 {
        tr!(t, "admin-audit-none")
    } else {
        tr!(t, "admin-audit-title", total = total)
    };
    let name = |id: Option<i64>| async move {
        Ok::<_, sea_orm::DbErr>(match id {
            Some(id) => user_service::find_by_id(db, id)
                .await?
                .map_or_else(|| format!("#{id}"), |u| user_service::display(&u)),
            None => "—".to_owned(),
        })
    };
    for row in &rows {
        let what = match row.action.as_str() {
            audit::BAN => tr!(t, "audit-ban"),
            audit::UNBAN => tr!(t, "audit-unban"),
            audit::GRANT => tr!(t, "audit-grant"),
            audit::REVOKE => tr!(t, "audit-revoke"),
            audit::PAYOUT => tr!(t, "audit-payout"),
            audit::HIDE_REVIEW => tr!(t, "audit-hide-review"),
            audit::UNHIDE_REVIEW => tr!(t, "audit-unhide-review"),
            audit::REFUND => tr!(t, "audit-refund"),
            audit::CANCEL => tr!(t, "audit-cancel"),
            audit::SETTLE => tr!(t, "audit-settle"),
            audit::REPORT_HANDLED => tr!(t, "audit-report-handled"),
            other => other.to_owned(),
        };
        text.push_str(&format!(
            "\n\n{}\n{}",
            t.when_in(to_ts(row.at), &zone),
            tr!(
                t,
                "audit-line",
                who = name(row.actor_id).await?,
                what = what,
                target = name(row.target_user_id).await?
            )
        ));
        if let Some(detail) = row.detail.as_deref().filter(|d| !d.is_empty()) {
            // A ban reason may be 500 characters: ten of them must still fit one message.
            let mut shown: String = detail.chars().take(DETAIL_CHARS).collect();
            if detail.chars().count() > DETAIL_CHARS {
                shown.push('…');
            }
            text.push_str(&format!("\n{shown}"));
        }
    }
    let mut buttons = Vec::new();
    let nav = nav_row(t, page, total.div_ceil(SHOWN), |p| AdminCb::Audit(Page(p)).into());
    if !nav.is_empty() {
        buttons.push(nav);
    }
    buttons.push(vec![(tr!(t, "btn-admin"), AdminCb::Panel.into())]);
    ctx.show(text, keyboard(buttons)).await
}
