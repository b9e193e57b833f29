//! The user's side: the main menu and Settings, browsing performers, booking a call, paying for
//! it, and My bookings.

pub mod book;
pub mod browse;
pub mod menu;
pub mod my_bookings;
pub mod pay;
pub mod privacy;
pub mod report;
pub mod review;
pub mod settings;

use frankenstein::methods::AnswerCallbackQueryParams;
use frankenstein::types::Message;
use serde::{Deserialize, Serialize};

use crate::bot::{Ctx, Result};
use crate::i18n::tr;
use book::BookCb;
use browse::BrowseCb;
use my_bookings::MyBookingsCb;
use review::ReviewCb;
use settings::SettingsCb;

crate::callback_enum! {
    /// The user's buttons (`u:`), each feature's nested under its own tag.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum UserCb {
        MainMenu = "m",
        Help = "h",
        /// Stop the pending multi-step input.
        CancelInput = "x",
        Browse(cb: BrowseCb) = "l",
        Book(cb: BookCb) = "b",
        Bookings(cb: MyBookingsCb) = "k",
        Settings(cb: SettingsCb) = "s",
        Review(cb: ReviewCb) = "r",
        Report(cb: report::ReportCb) = "rp",
    }
}

crate::nest!(BrowseCb => UserCb::Browse);
crate::nest!(BookCb => UserCb::Book);
crate::nest!(MyBookingsCb => UserCb::Bookings);
crate::nest!(SettingsCb => UserCb::Settings);

/// A button of the user's side.
pub async fn on_callback(ctx: &Ctx<'_>, cb: UserCb, answer: &mut AnswerCallbackQueryParams) -> Result<()> {
    // The first screen that shows times asks for the user's zone once (after the 18+ gate,
    // which the screens themselves show), then goes on to that screen.
    if shows_times(&cb) && ctx.user.age_confirmed_at.is_some() && !settings::zone_ok(ctx, &cb).await? {
        return Ok(());
    }
    match cb {
        UserCb::MainMenu => {
            ctx.clear_chat_state().await?;
            menu::show_main(ctx).await
        }
        UserCb::Help => menu::help(ctx).await,
        UserCb::CancelInput => {
            ctx.clear_chat_state().await?;
            answer.text = Some(tr!(ctx.t, "input-cancelled"));
            menu::show_main(ctx).await
        }
        UserCb::Browse(cb) => browse::on_callback(ctx, cb).await,
        UserCb::Book(cb) => book::on_callback(ctx, cb).await,
        UserCb::Bookings(cb) => my_bookings::on_callback(ctx, cb).await,
        UserCb::Settings(cb) => settings::on_callback(ctx, cb).await,
        UserCb::Review(cb) => review::on_callback(ctx, cb).await,
        UserCb::Report(cb) => report::on_callback(ctx, cb).await,
    }
}

/// The screens whose times depend on the user's zone: a profile's next free times, the days
/// and slots to pick from, and Start now (whose confirmation says when it began).
fn shows_times(cb: &UserCb) -> bool {
    matches!(
        cb,
        UserCb::Browse(BrowseCb::Profile(_))
            | UserCb::Book(
                BookCb::Now(..)
                    | BookCb::Days(..)
                    | BookCb::Day(..)
                    | BookCb::Part(..)
                    | BookCb::Slot(..)
                    | BookCb::MoveDays(..)
                    | BookCb::MoveDay(..)
                    | BookCb::MovePart(..)
                    | BookCb::MoveSlot(..),
            )
    )
}

/// The user's pending typed input, kept in `chat_states` as [`crate::bot::ChatState::User`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum UserInput {
    /// Settings, or the first screen with times, asked for a city or IANA zone name; `then`
    /// is the button (callback data) to go on with once the zone is set.
    Timezone {
        #[serde(default)]
        then: Option<String>,
    },
    /// "Add a few words" to the review of this booking.
    ReviewText { booking: uuid::Uuid },
    /// "Add a few words" to this report (`reports.id`).
    ReportText { report: i64 },
}

/// A typed answer to one of the user's questions.
pub async fn on_input(ctx: &Ctx<'_>, input: UserInput, message: &Message) -> Result<()> {
    match input {
        UserInput::Timezone { .. } => match message.text.as_deref() {
            Some(text) => settings::set_timezone(ctx, text).await,
            None => {
                ctx.send(tr!(ctx.t, "unknown-input"), Some(menu::main_keyboard(ctx).await?))
                    .await
            }
        },
        UserInput::ReviewText { booking } => review::take_text(ctx, booking, message).await,
        UserInput::ReportText { report } => report::take_text(ctx, report, message).await,
    }
}
