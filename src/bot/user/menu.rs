//! `/start`, `/help` and the main menu.

use frankenstein::types::InlineKeyboardMarkup;

use crate::bot::callback::Callback;
use crate::bot::performer::callback::PerformerCb;
use crate::bot::{keyboard, Ctx, Result};
use crate::i18n::tr;

/// The main menu's buttons; performers also see their menu, admins the admin panel.
pub async fn main_keyboard(ctx: &Ctx<'_>) -> Result<InlineKeyboardMarkup> {
    let t = ctx.t;
    let mut rows = vec![
        vec![(tr!(t, "btn-pnp-live"), Callback::PnpLive(0))],
        vec![(tr!(t, "btn-my-bookings"), Callback::MyBookings)],
        vec![
            (tr!(t, "btn-settings"), Callback::Settings),
            (tr!(t, "btn-help"), Callback::Help),
        ],
    ];
    let (performer, admin) = ctx.performer_and_admin().await?;
    if performer {
        rows.push(vec![(
            tr!(t, "btn-performer-menu"),
            Callback::Performer(PerformerCb::Menu),
        )]);
    }
    if admin {
        rows.push(vec![(tr!(t, "btn-admin"), Callback::Admin)]);
    }
    Ok(keyboard(rows))
}

pub async fn start(ctx: &Ctx<'_>) -> Result<()> {
    let text = format!(
        "{}\n\n{}",
        tr!(ctx.t, "welcome", name = &ctx.user.first_name),
        tr!(ctx.t, "main-menu-title")
    );
    ctx.send(text, Some(main_keyboard(ctx).await?)).await
}

pub async fn show_main(ctx: &Ctx<'_>) -> Result<()> {
    ctx.show(tr!(ctx.t, "main-menu-title"), main_keyboard(ctx).await?)
        .await
}

pub async fn help(ctx: &Ctx<'_>) -> Result<()> {
    let t = ctx.t;
    let mut text = tr!(t, "help");
    let (performer, admin) = ctx.performer_and_admin().await?;
    if performer {
        text.push_str(&format!("\n\n{}", tr!(t, "help-performer")));
    }
    if admin {
        text.push_str(&format!("\n{}", tr!(t, "help-admin")));
    }
    ctx.show(
        text,
        keyboard(vec![vec![(tr!(t, "btn-main-menu"), Callback::MainMenu)]]),
    )
    .await
}
