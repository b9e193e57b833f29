//! `/privacy` (also Settings → 🔒 Privacy): what the bot keeps about the person, a copy of it as
//! a JSON file, and deleting the account (bookings and payments stay, anonymous).

use super::settings::SettingsCb;
use super::UserCb;
use crate::bot::{keyboard, Ctx, Result};
use crate::i18n::tr;
use crate::services::privacy::{self, Kept};

/// What is kept, and the two things the person can do about it.
pub async fn show(ctx: &Ctx<'_>) -> Result<()> {
    let t = ctx.t;
    ctx.show(
        tr!(t, "privacy-title"),
        keyboard(vec![
            vec![(tr!(t, "btn-privacy-export"), SettingsCb::Export.into())],
            vec![(tr!(t, "btn-privacy-delete"), SettingsCb::Forget.into())],
            vec![(tr!(t, "btn-back"), SettingsCb::Show.into())],
        ]),
    )
    .await
}

/// The copy: a JSON file in the chat.
pub async fn export(ctx: &Ctx<'_>) -> Result<()> {
    let t = ctx.t;
    let data = privacy::export(&ctx.app.db, &ctx.user).await?;
    let bytes = serde_json::to_vec_pretty(&data).unwrap_or_default();
    ctx.app
        .telegram
        .send_file(
            ctx.user.telegram_id,
            "pnp-live-my-data.json",
            &bytes,
            &tr!(t, "privacy-export-caption"),
        )
        .await?;
    Ok(())
}

/// Deleting asks first, saying what goes and what stays.
pub async fn forget_ask(ctx: &Ctx<'_>) -> Result<()> {
    let t = ctx.t;
    ctx.show(
        tr!(t, "privacy-delete-confirm"),
        keyboard(vec![
            vec![(tr!(t, "btn-privacy-delete-yes"), SettingsCb::ForgetYes.into())],
            vec![(tr!(t, "btn-privacy-keep"), SettingsCb::Privacy.into())],
        ]),
    )
    .await
}

pub async fn forget(ctx: &Ctx<'_>) -> Result<()> {
    let t = ctx.t;
    match privacy::forget(&ctx.app.db, &ctx.user, ctx.app.now()).await? {
        Ok(()) => {
            tracing::info!(user_id = ctx.user.id, "account deleted at the user's request");
            ctx.send(tr!(t, "privacy-deleted"), None).await
        }
        Err(Kept::Staff) => {
            ctx.show(
                tr!(t, "privacy-delete-staff"),
                keyboard(vec![vec![(tr!(t, "btn-back"), SettingsCb::Privacy.into())]]),
            )
            .await
        }
        Err(Kept::Upcoming(n)) => {
            ctx.show(
                tr!(t, "privacy-delete-upcoming", n = n),
                keyboard(vec![
                    vec![(
                        tr!(t, "btn-my-bookings"),
                        super::my_bookings::MyBookingsCb::List.into(),
                    )],
                    vec![(tr!(t, "btn-main-menu"), UserCb::MainMenu.into())],
                ]),
            )
            .await
        }
    }
}
