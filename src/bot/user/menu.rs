//! `/start`, `/help` and the main menu.

use frankenstein::types::InlineKeyboardMarkup;

use super::browse::BrowseCb;
use super::my_bookings::MyBookingsCb;
use super::settings::SettingsCb;
use super::UserCb;
use crate::bot::admin::AdminCb;
use crate::bot::callback_data::Page;
use crate::bot::performer::callback::PerformerCb;
use crate::bot::{keyboard, Ctx, Result};
use crate::i18n::tr;

/// The main menu's buttons; performers also see their menu, admins the admin panel.
pub async fn main_keyboard(ctx: &Ctx<'_>) -> Result<InlineKeyboardMarkup> {
    let t = ctx.t;
    let mut rows = vec![
        vec![(tr!(t, "btn-pnp-live"), BrowseCb::Online(Page(0)).into())],
        vec![(tr!(t, "btn-my-bookings"), MyBookingsCb::List.into())],
        vec![
            (tr!(t, "btn-settings"), SettingsCb::Show.into()),
            (tr!(t, "btn-help"), UserCb::Help.into()),
        ],
    ];
    let (performer, admin) = ctx.performer_and_admin().await?;
    if performer {
        rows.push(vec![(tr!(t, "btn-performer-menu"), PerformerCb::Menu.into())]);
    }
    if admin {
        rows.push(vec![(tr!(t, "btn-admin"), AdminCb::Panel.into())]);
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
        keyboard(vec![vec![(tr!(t, "btn-main-menu"), UserCb::MainMenu.into())]]),
    )
    .await
}
