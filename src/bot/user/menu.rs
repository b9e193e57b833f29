//! `/start`, `/help` and the main menu.

use frankenstein::types::InlineKeyboardMarkup;

use crate::bot::callback::Callback;
use crate::bot::performer::callback::PerformerCb;
use crate::bot::{keyboard, Ctx, Result};

/// The main menu's buttons; performers also see their menu, admins the admin panel.
pub async fn main_keyboard(ctx: &Ctx<'_>) -> Result<InlineKeyboardMarkup> {
    let t = ctx.t;
    let mut rows = vec![
        vec![(t.btn_pnp_live(), Callback::PnpLive(0))],
        vec![(t.btn_my_bookings(), Callback::MyBookings)],
        vec![
            (t.btn_settings(), Callback::Settings),
            (t.btn_help(), Callback::Help),
        ],
    ];
    let (performer, admin) = ctx.performer_and_admin().await?;
    if performer {
        rows.push(vec![(
            t.btn_performer_menu(),
            Callback::Performer(PerformerCb::Menu),
        )]);
    }
    if admin {
        rows.push(vec![(t.btn_admin(), Callback::Admin)]);
    }
    Ok(keyboard(rows))
}

pub async fn start(ctx: &Ctx<'_>) -> Result<()> {
    let text = format!(
        "{}\n\n{}",
        ctx.t.welcome(&ctx.user.first_name),
        ctx.t.main_menu_title()
    );
    ctx.send(text, Some(main_keyboard(ctx).await?)).await
}

pub async fn show_main(ctx: &Ctx<'_>) -> Result<()> {
    ctx.show(ctx.t.main_menu_title(), main_keyboard(ctx).await?).await
}

pub async fn help(ctx: &Ctx<'_>) -> Result<()> {
    let t = ctx.t;
    let mut text = t.help().to_owned();
    let (performer, admin) = ctx.performer_and_admin().await?;
    if performer {
        text.push_str(t.help_performer());
    }
    if admin {
        text.push_str(t.help_admin());
    }
    ctx.show(
        text,
        keyboard(vec![vec![(t.btn_main_menu(), Callback::MainMenu)]]),
    )
    .await
}
