//! The performer menu itself: status with the Online/Offline toggle (going online queues the
//! go-online broadcast, within the cooldown).

use frankenstein::methods::AnswerCallbackQueryParams;
use frankenstein::types::InlineKeyboardButton;

use super::availability::AvailabilityCb;
use super::callback::PerformerCb;
use super::profile::ProfileCb;
use super::{hhmm, reload, zone};
use crate::bot::callback_data::Page;
use crate::bot::user::UserCb;
use crate::bot::{keyboard, Ctx, Result, StartLink};
use crate::i18n::tr;
use crate::services::availability::to_ts;
use crate::services::broadcast::{self, Queued};
use crate::services::profiles::{self, Profile};

/// The performer menu, with an optional notice above it.
pub async fn show_menu(ctx: &Ctx<'_>, profile: &Profile, notice: Option<String>) -> Result<()> {
    let t = ctx.t;
    let mut text = String::new();
    if let Some(notice) = notice {
        text.push_str(&notice);
        text.push_str("\n\n");
    }
    text.push_str(&tr!(t, "performer-menu-title", name = &profile.display_name));
    text.push('\n');
    text.push_str(
        &(if profile.online {
            tr!(t, "performer-status-online")
        } else {
            tr!(t, "performer-status-offline")
        }),
    );
    if let Some(progress) = broadcast::latest_of_performer(&ctx.app.db, profile.id).await? {
        if progress.is_draining() {
            text.push('\n');
            text.push_str(&tr!(
                t,
                "broadcast-progress",
                sent = progress.sent,
                total = u64::try_from(progress.broadcast.recipients).unwrap_or(0)
            ));
        }
    }
    let toggle = if profile.online {
        (tr!(t, "btn-go-offline"), PerformerCb::GoOffline.into())
    } else {
        (tr!(t, "btn-go-online"), PerformerCb::GoOnline.into())
    };
    let rows = vec![
        vec![toggle],
        vec![
            (tr!(t, "btn-manage-profile"), ProfileCb::Show.into()),
            (tr!(t, "btn-availability"), AvailabilityCb::Show.into()),
        ],
        vec![(tr!(t, "btn-upcoming-calls"), PerformerCb::Upcoming.into())],
        vec![
            (tr!(t, "btn-earnings"), PerformerCb::Earnings.into()),
            (tr!(t, "btn-my-reviews"), PerformerCb::Reviews(Page(0)).into()),
        ],
        vec![(tr!(t, "btn-share-link"), PerformerCb::ShareLink.into())],
        vec![(tr!(t, "btn-main-menu"), UserCb::MainMenu.into())],
    ];
    ctx.show(text, keyboard(rows)).await
}

/// The profile's deep link (`t.me/<bot>?start=p_<id>`), with a button that opens Telegram's
/// share sheet for it.
pub(super) async fn share_link(ctx: &Ctx<'_>, profile: &Profile) -> Result<()> {
    let t = ctx.t;
    let Some(username) = ctx.app.telegram.bot_username().await else {
        return show_menu(ctx, profile, Some(tr!(t, "share-link-unavailable"))).await;
    };
    let link = StartLink::performer_url(&username, profile.id);
    let invite = tr!(t, "share-link-invite", name = &profile.display_name);
    let share = reqwest::Url::parse_with_params(
        "https://t.me/share/url",
        [("url", link.as_str()), ("text", invite.as_str())],
    )
    .expect("a static base URL parses");
    let mut markup = keyboard(vec![vec![(tr!(t, "btn-back"), PerformerCb::Menu.into())]]);
    markup.inline_keyboard.insert(
        0,
        vec![InlineKeyboardButton::builder()
            .text(tr!(t, "btn-share"))
            .url(share.to_string())
            .build()],
    );
    ctx.show(tr!(t, "share-link", link = &link), markup).await
}

pub(super) async fn go_online(
    ctx: &Ctx<'_>,
    profile: &Profile,
    answer: &mut AnswerCallbackQueryParams,
) -> Result<()> {
    let app = ctx.app;
    let t = ctx.t;
    if profiles::rates(&app.db, profile.id).await?.is_empty() {
        answer.text = Some(tr!(t, "online-needs-rate"));
        answer.show_alert = Some(true);
        return show_menu(ctx, profile, Some(tr!(t, "online-needs-rate"))).await;
    }
    let now = app.now();
    let cooldown = time::Duration::minutes(i64::from(app.config.broadcast.cooldown_minutes));
    let queued = broadcast::go_online(&app.db, profile, cooldown, now).await?;
    let profile = reload(ctx, profile).await?;
    let notice = match queued {
        // Already online (a second press): nothing new to say.
        None => None,
        Some(Queued::Broadcast { recipients, .. }) => {
            tracing::info!(
                performer = profile.id,
                recipients,
                "performer online: broadcast queued"
            );
            Some(tr!(t, "online-notifying", recipients = recipients))
        }
        Some(Queued::Cooldown { until }) => {
            let minutes = (until - now).whole_minutes().max(1);
            let at = hhmm(to_ts(until), &zone(&profile));
            Some(tr!(
                t,
                "online-cooldown",
                cooldown = app.config.broadcast.cooldown_minutes,
                minutes_left = minutes,
                at = &at
            ))
        }
    };
    show_menu(ctx, &profile, notice).await
}

pub(super) async fn go_offline(
    ctx: &Ctx<'_>,
    profile: &Profile,
    _answer: &mut AnswerCallbackQueryParams,
) -> Result<()> {
    let app = ctx.app;
    let now = app.now();
    let (changed, skipped) = broadcast::go_offline(&app.db, profile.id, now).await?;
    let profile = reload(ctx, profile).await?;
    let notice = if !changed {
        None
    } else if skipped > 0 {
        let progress = broadcast::latest_of_performer(&app.db, profile.id).await?;
        let (sent, total) = progress
            .map(|p| (p.sent, u64::try_from(p.broadcast.recipients).unwrap_or(0)))
            .unwrap_or((0, 0));
        Some(tr!(
            ctx.t,
            "offline-broadcast-stopped",
            sent = sent,
            total = total
        ))
    } else {
        Some(tr!(ctx.t, "offline-done"))
    };
    show_menu(ctx, &profile, notice).await
}
