//! `/start`, `/help`, the main menu and Settings.

use frankenstein::types::InlineKeyboardMarkup;

use super::callback::Callback;
use super::performer_cb::PerformerCb;
use super::texts::{Lang, Texts};
use super::{keyboard, Ctx, Result};
use crate::services::roles::{self, Role};
use crate::services::users;

/// The main menu's buttons; performers also see their menu, admins the admin panel.
pub async fn main_keyboard(ctx: &Ctx<'_>) -> Result<InlineKeyboardMarkup> {
    let t = ctx.t;
    let mut rows = vec![vec![
        (t.btn_settings(), Callback::Settings),
        (t.btn_help(), Callback::Help),
    ]];
    if roles::has_role(&ctx.app.db, ctx.user.id, Role::Performer).await? {
        rows.push(vec![(
            t.btn_performer_menu(),
            Callback::Performer(PerformerCb::Menu),
        )]);
    }
    if ctx.is_admin().await? {
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
    if roles::has_role(&ctx.app.db, ctx.user.id, Role::Performer).await? {
        text.push_str(t.help_performer());
    }
    if ctx.is_admin().await? {
        text.push_str(t.help_admin());
    }
    ctx.show(
        text,
        keyboard(vec![vec![(t.btn_main_menu(), Callback::MainMenu)]]),
    )
    .await
}

pub async fn settings(ctx: &Ctx<'_>) -> Result<()> {
    let t = ctx.t;
    ctx.show(
        t.settings_title(),
        keyboard(vec![
            vec![(t.btn_language(), Callback::LanguageMenu)],
            vec![(t.btn_main_menu(), Callback::MainMenu)],
        ]),
    )
    .await
}

pub async fn language_menu(ctx: &Ctx<'_>) -> Result<()> {
    ctx.show(
        ctx.t.choose_language(),
        keyboard(vec![
            vec![
                ("English", Callback::SetLanguage(Lang::En)),
                ("Español", Callback::SetLanguage(Lang::Es)),
            ],
            vec![(ctx.t.btn_back(), Callback::Settings)],
        ]),
    )
    .await
}

pub async fn set_language(ctx: &Ctx<'_>, lang: Lang) -> Result<()> {
    users::set_language(&ctx.app.db, ctx.user.id, lang.code(), ctx.app.now()).await?;
    let t = Texts(lang);
    let ctx = Ctx {
        app: ctx.app,
        user: ctx.user.clone(),
        t,
        chat_id: ctx.chat_id,
        origin_message: ctx.origin_message,
    };
    let text = format!("{}\n\n{}", t.language_set(), t.main_menu_title());
    ctx.show(text, main_keyboard(&ctx).await?).await
}
