//! `/pnp_live`: the performer menu. Status with the Online/Offline toggle (going online queues
//! the go-online broadcast, within the cooldown), Manage Profile, Availability, Upcoming calls.
//!
//! Every button and every typed answer checks again that the sender is a performer, since the
//! role may have been taken away since the menu was drawn.

pub mod availability;
pub mod booking_rules;
pub mod callback;
pub mod calls;
pub mod earnings;
pub mod menu;
pub mod profile;
pub mod reschedule;

use frankenstein::methods::AnswerCallbackQueryParams;
use frankenstein::types::{InlineKeyboardMarkup, Message};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::bot::user::menu as main_menu;
use crate::bot::{keyboard, ChatState, Ctx, Result};
use crate::i18n::tr;
use crate::services::availability::to_ts;
use crate::services::profiles::{self, Profile};
use crate::services::roles::{self, Role};
use callback::{Back, PerformerCb};

/// A performer's pending typed input, kept in `chat_states` as [`ChatState::Performer`]: each
/// part of the menu owns its questions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "part", rename_all = "snake_case")]
pub enum PerformerInput {
    Profile(profile::ProfileInput),
    Availability(availability::AvailabilityInput),
}

impl From<profile::ProfileInput> for PerformerInput {
    fn from(input: profile::ProfileInput) -> Self {
        PerformerInput::Profile(input)
    }
}

impl From<availability::AvailabilityInput> for PerformerInput {
    fn from(input: availability::AvailabilityInput) -> Self {
        PerformerInput::Availability(input)
    }
}

/// The one-button keyboard under a question: Cancel, back to `back`.
pub(super) fn cancel_keyboard(ctx: &Ctx<'_>, back: Back) -> InlineKeyboardMarkup {
    keyboard(vec![vec![(
        tr!(ctx.t, "btn-cancel"),
        PerformerCb::Cancel(back).into(),
    )]])
}

pub(super) async fn ask(
    ctx: &Ctx<'_>,
    input: impl Into<PerformerInput>,
    question: String,
    back: Back,
) -> Result<()> {
    ctx.set_chat_state(&ChatState::Performer(input.into())).await?;
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

/// The performer's zone (parsed when the profile was read; see `entity::zone::Zone::stored`).
pub(super) fn zone(profile: &Profile) -> TimeZone {
    profile.timezone.tz().clone()
}

pub(super) fn hhmm(t: Timestamp, tz: &TimeZone) -> String {
    let dt = tz.to_datetime(t);
    format!("{:02}:{:02}", dt.hour(), dt.minute())
}

/// `/pnp_live` or the main menu's Performer button.
pub async fn open(ctx: &Ctx<'_>) -> Result<()> {
    match performer(ctx).await? {
        Some(profile) => menu::show_menu(ctx, &profile, None).await,
        None => {
            ctx.send(
                tr!(ctx.t, "performer-only"),
                Some(main_menu::main_keyboard(ctx).await?),
            )
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
        answer.text = Some(tr!(ctx.t, "performer-only"));
        answer.show_alert = Some(true);
        return Ok(());
    };
    // Any button ends a pending question; the ones that ask a new one set it again.
    ctx.clear_chat_state().await?;
    match cb {
        PerformerCb::Menu => menu::show_menu(ctx, &profile, None).await,
        PerformerCb::GoOnline => menu::go_online(ctx, &profile, answer).await,
        PerformerCb::GoOffline => menu::go_offline(ctx, &profile, answer).await,
        PerformerCb::Upcoming => calls::upcoming(ctx, &profile).await,
        PerformerCb::Call(booking) => calls::card(ctx, &profile, booking.0).await,
        PerformerCb::CallCancelAsk(booking) => calls::ask_cancel(ctx, &profile, booking.0).await,
        PerformerCb::CallCancel(booking) => calls::cancel(ctx, &profile, booking.0, None).await,
        PerformerCb::CallCancelSeen(booking, moves) => {
            calls::cancel(ctx, &profile, booking.0, Some(i32::from(moves.0))).await
        }
        PerformerCb::RequestAccept(booking) => calls::answer_request(ctx, &profile, booking.0, true).await,
        PerformerCb::RequestDecline(booking) => calls::answer_request(ctx, &profile, booking.0, false).await,
        PerformerCb::NowAccept(booking) => calls::answer_start_now(ctx, &profile, booking.0, true).await,
        PerformerCb::NowDecline(booking) => calls::answer_start_now(ctx, &profile, booking.0, false).await,
        PerformerCb::ShareLink => menu::share_link(ctx, &profile).await,
        PerformerCb::Earnings => earnings::show(ctx, &profile).await,
        PerformerCb::Reviews(page) => earnings::my_reviews(ctx, &profile, page.0).await,
        PerformerCb::CallHappened(booking, verdict) => {
            crate::bot::dispute::performer_says(ctx, &profile, booking.0, verdict).await
        }
        PerformerCb::Cancel(back) => {
            answer.text = Some(tr!(ctx.t, "input-cancelled"));
            match back {
                Back::Menu => menu::show_menu(ctx, &profile, None).await,
                Back::Profile => profile::show_profile(ctx, &profile, None).await,
                Back::Tags => profile::show_tags(ctx, &profile, None).await,
                Back::Rates => profile::show_rates(ctx, &profile, None).await,
                Back::Availability => availability::show_availability(ctx, &profile, None).await,
                Back::Blocks => availability::show_blocks(ctx, &profile, None).await,
                Back::Timezones => availability::show_timezones(ctx, &profile, None).await,
                Back::Rules => booking_rules::show_rules(ctx, &profile, None).await,
                Back::Overrides => booking_rules::show_overrides(ctx, &profile, None).await,
            }
        }
        PerformerCb::Profile(cb) => profile::on_callback(ctx, &profile, cb, answer).await,
        PerformerCb::Availability(cb) => availability::on_callback(ctx, &profile, cb, answer).await,
        PerformerCb::Reschedule(cb) => reschedule::on_callback(ctx, &profile, cb, answer).await,
    }
}

/// A typed answer to one of the performer menu's questions.
pub async fn on_input(ctx: &Ctx<'_>, input: PerformerInput, message: &Message) -> Result<()> {
    let Some(profile) = performer(ctx).await? else {
        ctx.clear_chat_state().await?;
        return ctx
            .send(
                tr!(ctx.t, "performer-only"),
                Some(main_menu::main_keyboard(ctx).await?),
            )
            .await;
    };
    match input {
        PerformerInput::Profile(input) => profile::on_input(ctx, &profile, input, message).await,
        PerformerInput::Availability(input) => availability::on_input(ctx, &profile, input, message).await,
    }
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
            profile::ProfileInput::Bio.into(),
            profile::ProfileInput::RatePrice { duration_minutes: 45 }.into(),
            availability::AvailabilityInput::DayHours { weekday: 3 }.into(),
            availability::AvailabilityInput::RuleValue {
                rule: booking_rules::Rule::Notice,
            }
            .into(),
            availability::AvailabilityInput::OverrideHours {
                date: "2026-12-24".to_owned(),
            }
            .into(),
        ] {
            let state = ChatState::Performer(input);
            let json = serde_json::to_value(&state).unwrap();
            assert_eq!(json["kind"], "performer");
            assert_eq!(serde_json::from_value::<ChatState>(json).unwrap(), state);
        }
    }
}
