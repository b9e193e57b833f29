//! `/pnp_live`: the performer menu. Status with the Online/Offline toggle (going online queues
//! the go-online broadcast, within the cooldown), Manage Profile, Availability, Upcoming calls.
//!
//! Every button and every typed answer checks again that the sender is a performer, since the
//! role may have been taken away since the menu was drawn.

use entity::users;
use frankenstein::methods::AnswerCallbackQueryParams;
use frankenstein::types::{InlineKeyboardMarkup, Message};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};
use serde::{Deserialize, Serialize};

use super::callback::Callback;
use super::performer_cb::{Back, PerformerCb};
use super::{availability_menu, keyboard, menu, performer_profile, ChatState, Ctx, Result};
use crate::services::availability::to_ts;
use crate::services::booking::BookingError;
use crate::services::broadcast::{self, Queued};
use crate::services::profiles::{self, Profile};
use crate::services::roles::{self, Role};

/// A performer's pending typed input, kept in `chat_states` as [`ChatState::Performer`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum PerformerInput {
    DisplayName,
    Bio,
    Photo,
    Tag,
    RateDuration,
    RatePrice { duration_minutes: i32 },
    DayHours { weekday: u8 },
    BlockDates,
    Timezone,
}

/// A performer button.
pub(super) fn pcb(cb: PerformerCb) -> Callback {
    Callback::Performer(cb)
}

/// The one-button keyboard under a question: Cancel, back to `back`.
pub(super) fn cancel_keyboard(ctx: &Ctx<'_>, back: Back) -> InlineKeyboardMarkup {
    keyboard(vec![vec![(ctx.t.btn_cancel(), pcb(PerformerCb::Cancel(back)))]])
}

pub(super) async fn ask(ctx: &Ctx<'_>, input: PerformerInput, question: String, back: Back) -> Result<()> {
    ctx.set_chat_state(&ChatState::Performer(input)).await?;
    ctx.show(question, cancel_keyboard(ctx, back)).await
}

/// The performer's profile, or `None` when the user is not (or no longer) a performer.
pub(super) async fn performer(ctx: &Ctx<'_>) -> Result<Option<Profile>> {
    let app = ctx.app;
    if !roles::has_role(&app.db, ctx.user.id, Role::Performer).await? {
        return Ok(None);
    }
    // The role grant creates the profile; `ensure` covers a grant made some other way.
    let profile = profiles::ensure(
        &app.db,
        ctx.user.id,
        &ctx.user.first_name,
        &app.config.bot.default_timezone,
        app.now(),
    )
    .await?;
    Ok(Some(profile))
}

/// Reloads the profile after a change.
pub(super) async fn reload(ctx: &Ctx<'_>, profile: &Profile) -> Result<Profile> {
    Ok(profiles::get(&ctx.app.db, profile.id)
        .await?
        .unwrap_or_else(|| profile.clone()))
}

/// The performer's zone (UTC if the stored name is somehow unknown).
pub(super) fn zone(profile: &Profile) -> TimeZone {
    TimeZone::get(&profile.timezone).unwrap_or(TimeZone::UTC)
}

pub(super) fn hhmm(t: Timestamp, tz: &TimeZone) -> String {
    let dt = tz.to_datetime(t);
    format!("{:02}:{:02}", dt.hour(), dt.minute())
}

/// `/pnp_live` or the main menu's Performer button.
pub async fn open(ctx: &Ctx<'_>) -> Result<()> {
    match performer(ctx).await? {
        Some(profile) => show_menu(ctx, &profile, None).await,
        None => {
            ctx.send(ctx.t.performer_only(), Some(menu::main_keyboard(ctx).await?))
                .await
        }
    }
}

pub async fn on_callback(
    ctx: &Ctx<'_>,
    cb: PerformerCb,
    answer: &mut AnswerCallbackQueryParams,
) -> Result<()> {
    let Some(profile) = performer(ctx).await? else {
        answer.text = Some(ctx.t.performer_only().to_owned());
        answer.show_alert = Some(true);
        return Ok(());
    };
    // Any button ends a pending question; the ones that ask a new one set it again.
    ctx.clear_chat_state().await?;
    match cb {
        PerformerCb::Menu => show_menu(ctx, &profile, None).await,
        PerformerCb::GoOnline => go_online(ctx, &profile, answer).await,
        PerformerCb::GoOffline => go_offline(ctx, &profile, answer).await,
        PerformerCb::Upcoming => upcoming(ctx, &profile).await,
        PerformerCb::Cancel(back) => {
            answer.text = Some(ctx.t.input_cancelled().to_owned());
            match back {
                Back::Menu => show_menu(ctx, &profile, None).await,
                Back::Profile | Back::Tags | Back::Rates => {
                    performer_profile::back_to(ctx, &profile, back).await
                }
                Back::Availability | Back::Blocks | Back::Timezones => {
                    availability_menu::back_to(ctx, &profile, back).await
                }
            }
        }
        PerformerCb::Profile
        | PerformerCb::Preview
        | PerformerCb::EditName
        | PerformerCb::EditBio
        | PerformerCb::ClearBio
        | PerformerCb::EditPhoto
        | PerformerCb::RemovePhoto
        | PerformerCb::Tags
        | PerformerCb::ToggleTag(_)
        | PerformerCb::AddTag
        | PerformerCb::Rates
        | PerformerCb::AddRate
        | PerformerCb::EditRate(_)
        | PerformerCb::RemoveRate(_) => performer_profile::on_callback(ctx, &profile, cb, answer).await,
        PerformerCb::Availability
        | PerformerCb::Day(_)
        | PerformerCb::DayPreset(..)
        | PerformerCb::DayCustom(_)
        | PerformerCb::Blocks
        | PerformerCb::AddBlock
        | PerformerCb::RemoveBlock(_)
        | PerformerCb::Timezones
        | PerformerCb::SetTimezone(_)
        | PerformerCb::OtherTimezone
        | PerformerCb::Week => availability_menu::on_callback(ctx, &profile, cb, answer).await,
    }
}

/// A typed answer to one of the performer menu's questions.
pub async fn on_input(ctx: &Ctx<'_>, input: PerformerInput, message: &Message) -> Result<()> {
    let Some(profile) = performer(ctx).await? else {
        ctx.clear_chat_state().await?;
        return ctx
            .send(ctx.t.performer_only(), Some(menu::main_keyboard(ctx).await?))
            .await;
    };
    match input {
        PerformerInput::DisplayName
        | PerformerInput::Bio
        | PerformerInput::Photo
        | PerformerInput::Tag
        | PerformerInput::RateDuration
        | PerformerInput::RatePrice { .. } => {
            performer_profile::on_input(ctx, &profile, input, message).await
        }
        PerformerInput::DayHours { .. } | PerformerInput::BlockDates | PerformerInput::Timezone => {
            availability_menu::on_input(ctx, &profile, input, message).await
        }
    }
}

/// The performer menu, with an optional notice above it.
pub(super) async fn show_menu(ctx: &Ctx<'_>, profile: &Profile, notice: Option<String>) -> Result<()> {
    let t = ctx.t;
    let mut text = String::new();
    if let Some(notice) = notice {
        text.push_str(&notice);
        text.push_str("\n\n");
    }
    text.push_str(&t.performer_menu_title(&profile.display_name));
    text.push('\n');
    text.push_str(&t.performer_status(profile.online));
    if let Some(progress) = broadcast::latest_of_performer(&ctx.app.db, profile.id).await? {
        if progress.is_draining() {
            text.push('\n');
            text.push_str(&t.broadcast_progress(
                progress.sent,
                u64::try_from(progress.broadcast.recipients).unwrap_or(0),
            ));
        }
    }
    let toggle = if profile.online {
        (t.btn_go_offline(), pcb(PerformerCb::GoOffline))
    } else {
        (t.btn_go_online(), pcb(PerformerCb::GoOnline))
    };
    let rows = vec![
        vec![toggle],
        vec![
            (t.btn_manage_profile(), pcb(PerformerCb::Profile)),
            (t.btn_availability(), pcb(PerformerCb::Availability)),
        ],
        vec![(t.btn_upcoming_calls(), pcb(PerformerCb::Upcoming))],
        vec![(t.btn_main_menu(), Callback::MainMenu)],
    ];
    ctx.show(text, keyboard(rows)).await
}

async fn go_online(ctx: &Ctx<'_>, profile: &Profile, answer: &mut AnswerCallbackQueryParams) -> Result<()> {
    let app = ctx.app;
    let t = ctx.t;
    if profiles::rates(&app.db, profile.id).await?.is_empty() {
        answer.text = Some(t.online_needs_rate().to_owned());
        answer.show_alert = Some(true);
        return show_menu(ctx, profile, Some(t.online_needs_rate().to_owned())).await;
    }
    let now = app.now();
    let cooldown = time::Duration::minutes(i64::from(app.config.broadcast.cooldown_minutes));
    // The status and the broadcast change together: a crash in between cannot leave the
    // performer online with nobody told, or told while offline.
    let txn = app.db.begin().await?;
    let changed = profiles::set_online(&txn, profile.id, true, now).await?;
    let queued = if changed {
        Some(broadcast::queue_online(&txn, profile, cooldown, now).await?)
    } else {
        None
    };
    txn.commit().await?;
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
            Some(t.online_notifying(recipients))
        }
        Some(Queued::Cooldown { until }) => {
            let minutes = (until - now).whole_minutes().max(1);
            let at = hhmm(to_ts(until), &zone(&profile));
            Some(t.online_cooldown(app.config.broadcast.cooldown_minutes, minutes, &at))
        }
    };
    show_menu(ctx, &profile, notice).await
}

async fn go_offline(ctx: &Ctx<'_>, profile: &Profile, _answer: &mut AnswerCallbackQueryParams) -> Result<()> {
    let app = ctx.app;
    let now = app.now();
    let txn = app.db.begin().await?;
    let changed = profiles::set_online(&txn, profile.id, false, now).await?;
    let skipped = broadcast::cancel_of_performer(&txn, profile.id, now).await?;
    txn.commit().await?;
    let profile = reload(ctx, profile).await?;
    let notice = if !changed {
        None
    } else if skipped > 0 {
        let progress = broadcast::latest_of_performer(&app.db, profile.id).await?;
        let (sent, total) = progress
            .map(|p| (p.sent, u64::try_from(p.broadcast.recipients).unwrap_or(0)))
            .unwrap_or((0, 0));
        Some(ctx.t.offline_broadcast_stopped(sent, total))
    } else {
        Some(ctx.t.offline_done().to_owned())
    };
    show_menu(ctx, &profile, notice).await
}

async fn upcoming(ctx: &Ctx<'_>, profile: &Profile) -> Result<()> {
    let app = ctx.app;
    let t = ctx.t;
    let service = app.bookings();
    let bookings = service
        .upcoming_of_performer(profile.id, app.now())
        .await
        .map_err(|e| match e {
            BookingError::Db(e) => e,
            other => sea_orm::DbErr::Custom(other.to_string()),
        })?;
    let tz = zone(profile);
    let mut text = t.upcoming_title(&profile.timezone);
    if bookings.is_empty() {
        text.push_str("\n\n");
        text.push_str(t.upcoming_none());
    } else {
        let user_ids: Vec<i64> = bookings.iter().map(|b| b.user_id).collect();
        let people = users::Entity::find()
            .filter(users::Column::Id.is_in(user_ids))
            .all(&app.db)
            .await?;
        text.push('\n');
        const SHOWN: usize = 15;
        for booking in bookings.iter().take(SHOWN) {
            let (Some(start), Some(end)) = (booking.starts_at, booking.ends_at) else {
                continue;
            };
            let who = people
                .iter()
                .find(|u| u.id == booking.user_id)
                .map(|u| u.first_name.clone())
                .unwrap_or_default();
            text.push_str(&format!(
                "\n• {} {}–{} · {} · {}",
                t.perf_date(tz.to_datetime(to_ts(start)).date()),
                hhmm(to_ts(start), &tz),
                hhmm(to_ts(end), &tz),
                who,
                t.perf_booking_status(&booking.status),
            ));
        }
        if bookings.len() > SHOWN {
            text.push_str(&t.upcoming_more(bookings.len() - SHOWN));
        }
    }
    ctx.show(text, keyboard(vec![vec![(t.btn_back(), pcb(PerformerCb::Menu))]]))
        .await
}

/// "Now" as a jiff timestamp.
pub(super) fn now_ts(ctx: &Ctx<'_>) -> Timestamp {
    to_ts(ctx.app.now())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_performer_input_round_trips_through_the_chat_state_json() {
        for input in [
            PerformerInput::Bio,
            PerformerInput::RatePrice { duration_minutes: 45 },
            PerformerInput::DayHours { weekday: 3 },
        ] {
            let state = ChatState::Performer(input);
            let json = serde_json::to_value(&state).unwrap();
            assert_eq!(json["kind"], "performer");
            assert_eq!(serde_json::from_value::<ChatState>(json).unwrap(), state);
        }
    }
}
