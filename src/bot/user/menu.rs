//! `/start`, `/help` and the main menu.

use frankenstein::types::InlineKeyboardMarkup;

use super::browse::{self, BrowseCb};
use super::my_bookings::MyBookingsCb;
use super::settings::SettingsCb;
use super::UserCb;
use crate::bot::admin::AdminCb;
use crate::bot::callback_data::Page;
use crate::bot::performer::callback::PerformerCb;
use crate::bot::{keyboard, Ctx, Result, StartLink};
use crate::i18n::tr;
use crate::services::profiles;

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
    welcome(ctx, None).await
}

/// The welcome, with a notice under the greeting.
async fn welcome(ctx: &Ctx<'_>, notice: Option<String>) -> Result<()> {
    let mut text = tr!(ctx.t, "welcome", name = &ctx.user.first_name);
    if let Some(notice) = notice {
        text.push_str(&format!("\n\n{notice}"));
    }
    text.push_str(&format!("\n\n{}", tr!(ctx.t, "main-menu-title")));
    ctx.send(text, Some(main_keyboard(ctx).await?)).await
}

/// `/start <payload>` from a `t.me/<bot>?start=…` link: the performer's card (after the 18+
/// gate for someone who has not passed it), or the welcome saying the link no longer works.
pub async fn start_from_link(ctx: &Ctx<'_>, link: StartLink) -> Result<()> {
    let performer = match link {
        StartLink::Performer(id) => profiles::get_active(&ctx.app.db, id).await?,
        StartLink::Invalid => None,
    };
    match performer {
        Some(performer) => browse::view_profile(ctx, performer.id).await,
        None => welcome(ctx, Some(tr!(ctx.t, "deep-link-invalid"))).await,
    }
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
    let support = ctx.app.config.bot.support_contact.trim();
    text.push_str("\n\n");
    text.push_str(&if support.is_empty() {
        tr!(t, "help-support-none")
    } else {
        tr!(t, "help-support", contact = support)
    });
    ctx.show(
        text,
        keyboard(vec![vec![(tr!(t, "btn-main-menu"), UserCb::MainMenu.into())]]),
    )
    .await
}
