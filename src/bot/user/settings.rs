//! Settings: language, timezone (a common zone or any typed IANA name) and go-online
//! notifications.

use super::browse::user_tz;
use super::menu::main_keyboard;
use crate::bot::callback::Callback;
use crate::bot::{keyboard, ChatState, Ctx, Result};
use crate::i18n::{tr, Lang, Texts};
use crate::services::users;

pub async fn settings(ctx: &Ctx<'_>) -> Result<()> {
    let t = ctx.t;
    let (_, zone) = user_tz(ctx);
    let tz_label = format!("{} ({zone})", tr!(t, "btn-timezone"));
    ctx.show(
        tr!(t, "settings-title"),
        keyboard(vec![
            vec![(tr!(t, "btn-language"), Callback::LanguageMenu)],
            vec![(tz_label, Callback::TimezoneMenu)],
            vec![(
                notifications_label(t, !ctx.user.broadcast_opt_out),
                Callback::ToggleNotifications,
            )],
            vec![(tr!(t, "btn-main-menu"), Callback::MainMenu)],
        ]),
    )
    .await
}

/// The go-online notifications button, showing whether they are on.
pub fn notifications_label(t: Texts, on: bool) -> String {
    if on {
        tr!(t, "btn-notifications-on")
    } else {
        tr!(t, "btn-notifications-off")
    }
}

/// The zones most of the audience lives in, offered as buttons before typing one in.
pub const COMMON_ZONES: &[&str] = &[
    "America/Mexico_City",
    "America/Bogota",
    "America/Lima",
    "America/Argentina/Buenos_Aires",
    "America/Santiago",
    "America/Sao_Paulo",
    "America/New_York",
    "America/Los_Angeles",
    "Europe/Madrid",
    "UTC",
];

pub async fn timezone_menu(ctx: &Ctx<'_>) -> Result<()> {
    let t = ctx.t;
    let (_, zone) = user_tz(ctx);
    ctx.set_chat_state(&ChatState::User(super::UserInput::Timezone))
        .await?;
    let mut rows: Vec<Vec<(String, Callback)>> = COMMON_ZONES
        .chunks(2)
        .enumerate()
        .map(|(row, pair)| {
            pair.iter()
                .enumerate()
                .map(|(i, z)| ((*z).to_owned(), Callback::SetTimezone((row * 2 + i) as u8)))
                .collect()
        })
        .collect();
    rows.push(vec![(tr!(t, "btn-back"), Callback::Settings)]);
    ctx.show(tr!(t, "choose-timezone", current = &zone), keyboard(rows))
        .await
}

/// Sets the user's timezone from a button (`index`) or typed text; returns to Settings.
pub async fn set_timezone(ctx: &Ctx<'_>, zone: &str) -> Result<()> {
    let t = ctx.t;
    let Ok(tz) = jiff::tz::TimeZone::get(zone.trim()) else {
        return ctx
            .send(
                tr!(t, "timezone-unknown", typed = zone.trim()),
                Some(keyboard(vec![vec![(tr!(t, "btn-cancel"), Callback::Settings)]])),
            )
            .await;
    };
    let name = tz.iana_name().unwrap_or(zone.trim()).to_owned();
    users::set_timezone(&ctx.app.db, ctx.user.id, &name, ctx.app.now()).await?;
    ctx.clear_chat_state().await?;
    let mut user = ctx.user.clone();
    user.timezone = Some(entity::zone::Zone::stored(name.clone()));
    let ctx = ctx.with_user(user);
    ctx.send(tr!(t, "timezone-set", zone = &name), None).await?;
    let ctx = Ctx {
        origin_message: None,
        ..ctx.with_user(ctx.user.clone())
    };
    settings(&ctx).await
}

pub async fn toggle_notifications(ctx: &Ctx<'_>) -> Result<()> {
    let opt_out = !ctx.user.broadcast_opt_out;
    users::set_broadcast_opt_out(&ctx.app.db, ctx.user.id, opt_out, ctx.app.now()).await?;
    let mut user = ctx.user.clone();
    user.broadcast_opt_out = opt_out;
    let ctx = ctx.with_user(user);
    settings(&ctx).await
}

pub async fn language_menu(ctx: &Ctx<'_>) -> Result<()> {
    ctx.show(
        tr!(ctx.t, "choose-language"),
        keyboard(vec![
            // Every loaded language, each named in itself.
            Lang::all()
                .map(|lang| (tr!(Texts(lang), "language-name"), Callback::SetLanguage(lang)))
                .collect(),
            vec![(tr!(ctx.t, "btn-back"), Callback::Settings)],
        ]),
    )
    .await
}

pub async fn set_language(ctx: &Ctx<'_>, lang: Lang) -> Result<()> {
    users::set_language(&ctx.app.db, ctx.user.id, lang.code(), ctx.app.now()).await?;
    let mut user = ctx.user.clone();
    user.language_code = lang.code().to_owned();
    let ctx = ctx.with_user(user);
    let t = ctx.t;
    let text = format!("{}\n\n{}", tr!(t, "language-set"), tr!(t, "main-menu-title"));
    ctx.show(text, main_keyboard(&ctx).await?).await
}
