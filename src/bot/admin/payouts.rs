//! Admin → Payouts: what each performer is owed (from the ledger), and "mark paid", which
//! records the amount, the reference the admin types and who recorded it. The amount is the one
//! shown when Mark paid was pressed; if the balance changed before the reference arrives (a
//! second admin paid, a call completed or was refunded), nothing is recorded.

use frankenstein::types::Message;

use super::{AdminCb, AdminInput};
use crate::bot::callback_data::{Choice, PerformerId};
use crate::bot::user::browse::money;
use crate::bot::{keyboard, ChatState, Ctx, Result};
use crate::domain::money::Currency;
use crate::i18n::tr;
use crate::notify::fulfil::{tell, texts_for, zone_of};
use crate::services::availability::to_ts;
use crate::services::earnings::{self, Paid};
use crate::services::{profiles, users as user_service};

fn back_rows(ctx: &Ctx<'_>) -> Vec<Vec<(String, crate::bot::callback::Callback)>> {
    vec![vec![(tr!(ctx.t, "btn-back"), AdminCb::Payouts.into())]]
}

/// The list: every performer with a balance, one button each.
pub async fn list(ctx: &Ctx<'_>) -> Result<()> {
    ctx.clear_chat_state().await?;
    let t = ctx.t;
    let owed = earnings::owed_all(&ctx.app.db).await?;
    let mut text = tr!(t, "payouts-title");
    let mut rows = Vec::new();
    if owed.is_empty() {
        text = tr!(t, "payouts-none");
    }
    // One line per performer and currency; one button per performer (their card has them all).
    let mut carded = std::collections::HashSet::new();
    for (performer_id, currency, amount) in owed.iter().take(30) {
        let name = profiles::get(&ctx.app.db, *performer_id)
            .await?
            .map(|p| p.display_name)
            .unwrap_or_else(|| format!("#{performer_id}"));
        let label = format!("{name}: {}", money(*amount, currency));
        text.push_str(&format!("\n• {label}"));
        if carded.insert(*performer_id) {
            rows.push(vec![(
                label,
                AdminCb::PayoutCard(PerformerId(*performer_id)).into(),
            )]);
        }
    }
    rows.push(vec![(tr!(t, "btn-admin"), AdminCb::Panel.into())]);
    ctx.show(text, keyboard(rows)).await
}

/// The balances of one performer, per currency, in a stable order.
async fn balances(ctx: &Ctx<'_>, performer_id: i64) -> Result<Vec<earnings::Summary>> {
    let epoch = time::OffsetDateTime::UNIX_EPOCH;
    let mut list = earnings::summary(&ctx.app.db, performer_id, epoch, epoch).await?;
    list.sort_by_key(|s| s.currency);
    Ok(list)
}

/// One performer: owed, last payout, and a Mark paid button per currency owed.
pub async fn card(ctx: &Ctx<'_>, performer_id: i64) -> Result<()> {
    ctx.clear_chat_state().await?;
    let t = ctx.t;
    let Some(profile) = profiles::get(&ctx.app.db, performer_id).await? else {
        return list(ctx).await;
    };
    let zone = zone_of(ctx.app, &ctx.user);
    let list = balances(ctx, performer_id).await?;
    let owed = list
        .iter()
        .map(|s| money(s.owed, &s.currency))
        .collect::<Vec<_>>()
        .join(", ");
    let last = list
        .iter()
        .filter_map(|s| s.last_payout_at)
        .max()
        .map(|at| t.when_in(to_ts(at), &zone))
        .unwrap_or_else(|| tr!(t, "payout-never"));
    let text = tr!(
        t,
        "payout-card",
        name = &profile.display_name,
        owed = if owed.is_empty() {
            money(0, &ctx.app.config.payments.currency)
        } else {
            owed
        },
        last = last
    );
    let mut rows = Vec::new();
    for (i, s) in list.iter().enumerate() {
        if s.owed > 0 {
            rows.push(vec![(
                tr!(t, "btn-mark-paid", amount = money(s.owed, &s.currency)),
                AdminCb::MarkPaid(PerformerId(performer_id), Choice(u8::try_from(i).unwrap_or(0))).into(),
            )]);
        }
    }
    rows.extend(back_rows(ctx));
    ctx.show(text, keyboard(rows)).await
}

/// Mark paid: the amount owed now is the one recorded; the reference is asked for.
pub async fn mark_paid(ctx: &Ctx<'_>, performer_id: i64, nth: u8) -> Result<()> {
    let t = ctx.t;
    let list = balances(ctx, performer_id).await?;
    let (Some(s), Some(profile)) = (
        list.get(usize::from(nth)).filter(|s| s.owed > 0),
        profiles::get(&ctx.app.db, performer_id).await?,
    ) else {
        return card(ctx, performer_id).await;
    };
    ctx.set_chat_state(&ChatState::Admin(AdminInput::PayoutReference {
        performer: performer_id,
        currency: s.currency.to_string(),
        amount: s.owed,
    }))
    .await?;
    ctx.show(
        tr!(
            t,
            "payout-ask-reference",
            amount = money(s.owed, &s.currency),
            name = &profile.display_name
        ),
        keyboard(vec![vec![(
            tr!(t, "btn-cancel"),
            AdminCb::PayoutCard(PerformerId(performer_id)).into(),
        )]]),
    )
    .await
}

/// The reference arrived: the payout is recorded if the balance is still the amount shown.
pub async fn on_reference(
    ctx: &Ctx<'_>,
    performer_id: i64,
    currency: &str,
    amount: i64,
    message: &Message,
) -> Result<()> {
    let t = ctx.t;
    // The admin role is checked again: it may have been removed since Mark paid.
    if !ctx.is_admin().await? {
        ctx.clear_chat_state().await?;
        return ctx.send(tr!(t, "admin-refused"), None).await;
    }
    let back = || {
        keyboard(vec![vec![(
            tr!(t, "btn-back"),
            AdminCb::PayoutCard(PerformerId(performer_id)).into(),
        )]])
    };
    let Some(reference) = message
        .text
        .as_deref()
        .map(crate::domain::profile::tidy_name)
        .filter(|r| !r.is_empty())
    else {
        return ctx.send(tr!(t, "payout-reference-empty"), Some(back())).await;
    };
    ctx.clear_chat_state().await?;
    let (Ok(currency), Some(profile)) = (
        Currency::new(currency),
        profiles::get(&ctx.app.db, performer_id).await?,
    ) else {
        return list(ctx).await;
    };
    let paid = earnings::pay(
        &ctx.app.db,
        performer_id,
        currency,
        amount,
        &reference,
        ctx.user.id,
        ctx.app.now(),
    )
    .await?;
    let shown = money(amount, &currency);
    match paid {
        Paid::Recorded => {
            let reference: String = reference.chars().take(earnings::REFERENCE_MAX_CHARS).collect();
            if let Some(performer) = user_service::find_by_id(&ctx.app.db, profile.user_id).await? {
                let pt = texts_for(&performer);
                tell(
                    ctx.app,
                    performer.telegram_id,
                    tr!(
                        pt,
                        "payout-performer-told",
                        amount = &shown,
                        reference = &reference
                    ),
                    None,
                )
                .await;
            }
            ctx.send(
                tr!(
                    t,
                    "payout-recorded",
                    amount = &shown,
                    name = &profile.display_name,
                    reference = &reference
                ),
                Some(back()),
            )
            .await
        }
        Paid::Changed => {
            ctx.send(
                tr!(t, "payout-changed", name = &profile.display_name),
                Some(back()),
            )
            .await
        }
    }
}
