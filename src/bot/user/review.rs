//! "How was your call?": after a completed call its user taps 1 to 5 stars, then may add a few
//! words or skip. Asked once — right at completion for calls whose provider saw both sides join
//! (`daily`), after "Yes, it took place" for the others (so it never talks over the
//! "did your call take place?" question) — and reminded once, `reviews.reminder_hours` later,
//! if there is still no review and no dispute (`notify::reviews`).

use frankenstein::types::Message;
use uuid::Uuid;

use super::{UserCb, UserInput};
use crate::bot::callback::Callback;
use crate::bot::callback_data::BookingId;
use crate::bot::{keyboard, ChatState, Ctx, Result};
use crate::i18n::{tr, Texts};
use crate::notify::fulfil::{tell, texts_for, zone_of};
use crate::services::availability::to_ts;
use crate::services::booking::Booking;
use crate::services::reviews::{self, Rated};
use crate::services::{profiles, users as user_service};
use crate::state::AppState;

crate::callback_enum! {
    /// The review buttons (`u:r:`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum ReviewCb {
        Stars(booking: BookingId, stars: u8) = "s",
        Words(booking: BookingId) = "w",
        Skip(booking: BookingId) = "k",
    }
}

crate::nest!(ReviewCb => UserCb::Review);

fn stars_keyboard(t: Texts, booking_id: Uuid) -> frankenstein::types::InlineKeyboardMarkup {
    let id = BookingId(booking_id);
    let stars: Vec<(String, Callback)> = (1..=5u8)
        .map(|n| (format!("⭐{n}"), ReviewCb::Stars(id, n).into()))
        .collect();
    keyboard(vec![
        stars,
        vec![(tr!(t, "btn-main-menu"), UserCb::MainMenu.into())],
    ])
}

/// The question's text for `booking`, in the user's language and zone.
async fn question(app: &AppState, booking: &Booking, key: &str) -> Option<(i64, Texts, String)> {
    let user = user_service::find_by_id(&app.db, booking.user_id).await.ok()??;
    let profile = profiles::get(&app.db, booking.performer_id).await.ok()??;
    let t = texts_for(&user);
    let when = t.when_in(
        booking.starts_at.map(to_ts).unwrap_or_default(),
        &zone_of(app, &user),
    );
    let text = match key {
        "reminder" => tr!(t, "review-reminder", name = &profile.display_name, when = &when),
        _ => tr!(t, "review-question", name = &profile.display_name, when = &when),
    };
    Some((user.telegram_id, t, text))
}

/// Asks the user of a just-completed call for stars (and records that they were asked).
pub async fn ask(app: &AppState, booking: &Booking) {
    if let Err(e) = reviews::asked(&app.db, booking.id, booking.user_id, app.now()).await {
        tracing::warn!(booking_id = %booking.id, error = %e, "review request not recorded");
    }
    if let Some((chat, t, text)) = question(app, booking, "question").await {
        tell(app, chat, text, Some(stars_keyboard(t, booking.id))).await;
    }
}

/// The one reminder, for a booking still without a review.
pub async fn remind(app: &AppState, booking: &Booking) {
    if let Some((chat, t, text)) = question(app, booking, "reminder").await {
        tell(app, chat, text, Some(stars_keyboard(t, booking.id))).await;
    }
}

/// "Yes, it took place": the answer's screen becomes the review question.
pub async fn ask_here(ctx: &Ctx<'_>, booking: &Booking) -> Result<()> {
    reviews::asked(&ctx.app.db, booking.id, booking.user_id, ctx.app.now()).await?;
    let Some((_, t, text)) = question(ctx.app, booking, "question").await else {
        return ctx
            .show(tr!(ctx.t, "call-held-thanks"), keyboard(vec![menu_row(ctx.t)]))
            .await;
    };
    ctx.show(
        format!("{}\n\n{text}", tr!(t, "call-held-thanks")),
        stars_keyboard(t, booking.id),
    )
    .await
}

fn menu_row(t: Texts) -> Vec<(String, Callback)> {
    vec![(tr!(t, "btn-main-menu"), UserCb::MainMenu.into())]
}

pub async fn on_callback(ctx: &Ctx<'_>, cb: ReviewCb) -> Result<()> {
    let t = ctx.t;
    match cb {
        ReviewCb::Stars(id, stars) => {
            match reviews::rate(&ctx.app.db, id.0, ctx.user.id, stars, ctx.app.now()).await? {
                Rated::Saved => {
                    let rows = vec![
                        vec![
                            (tr!(t, "btn-review-words"), ReviewCb::Words(id).into()),
                            (tr!(t, "btn-review-skip"), ReviewCb::Skip(id).into()),
                        ],
                        menu_row(t),
                    ];
                    ctx.show(
                        tr!(t, "review-saved", stars = "⭐".repeat(usize::from(stars))),
                        keyboard(rows),
                    )
                    .await
                }
                Rated::Already => {
                    ctx.show(tr!(t, "review-already"), keyboard(vec![menu_row(t)]))
                        .await
                }
                Rated::NotAllowed => {
                    ctx.show(tr!(t, "review-not-allowed"), keyboard(vec![menu_row(t)]))
                        .await
                }
            }
        }
        ReviewCb::Words(id) => {
            let review = reviews::get(&ctx.app.db, id.0)
                .await?
                .filter(|r| r.user_id == ctx.user.id && r.text.is_none());
            if review.is_none() {
                return ctx
                    .show(tr!(t, "review-thanks"), keyboard(vec![menu_row(t)]))
                    .await;
            }
            ctx.set_chat_state(&ChatState::User(UserInput::ReviewText { booking: id.0 }))
                .await?;
            ctx.show(
                tr!(
                    t,
                    "review-words-prompt",
                    max = ctx.app.config.reviews.text_max_chars
                ),
                keyboard(vec![vec![(tr!(t, "btn-review-skip"), ReviewCb::Skip(id).into())]]),
            )
            .await
        }
        ReviewCb::Skip(_) => {
            ctx.clear_chat_state().await?;
            ctx.show(tr!(t, "review-thanks"), keyboard(vec![menu_row(t)]))
                .await
        }
    }
}

/// The words typed after "Add a few words".
pub async fn take_text(ctx: &Ctx<'_>, booking_id: Uuid, message: &Message) -> Result<()> {
    let t = ctx.t;
    let max = ctx.app.config.reviews.text_max_chars;
    let Some(text) = message.text.as_deref().and_then(|s| reviews::clean_text(s, max)) else {
        let skip = ReviewCb::Skip(BookingId(booking_id));
        return ctx
            .send(
                tr!(t, "review-text-empty"),
                Some(keyboard(vec![vec![(tr!(t, "btn-review-skip"), skip.into())]])),
            )
            .await;
    };
    ctx.clear_chat_state().await?;
    reviews::add_text(&ctx.app.db, booking_id, ctx.user.id, &text).await?;
    ctx.send(tr!(t, "review-thanks"), Some(keyboard(vec![menu_row(t)])))
        .await
}

/// "★ 4.7 (12)", or `None` without visible reviews.
pub async fn badge(db: &crate::db::Db, performer_id: i64) -> Result<Option<String>> {
    let (total, count) = reviews::stats(db, performer_id).await?;
    Ok((count > 0).then(|| format!("★ {} ({count})", reviews::average(total, count))))
}

/// The profile's reviews block: the badge and the latest three texts, each signed with its
/// writer's first name only.
pub async fn profile_block(ctx: &Ctx<'_>, performer_id: i64) -> Result<String> {
    let t = ctx.t;
    let Some(badge) = badge(&ctx.app.db, performer_id).await? else {
        return Ok(format!(
            "\n\n⭐ {}: {}",
            tr!(t, "profile-reviews"),
            tr!(t, "profile-no-reviews")
        ));
    };
    let mut block = format!("\n\n⭐ {}: {badge}", tr!(t, "profile-reviews"));
    for shown in reviews::latest_texts(&ctx.app.db, performer_id, 3).await? {
        block.push_str(&format!(
            "\n“{}” — {}",
            shown.review.text.unwrap_or_default(),
            shown.first_name
        ));
    }
    Ok(block)
}

/// One review as a line of a list: stars, first name, date in `zone`, and its words.
pub fn line(t: Texts, shown: &reviews::Shown, zone: &entity::zone::Zone) -> String {
    let r = &shown.review;
    let stars = "⭐".repeat(usize::try_from(r.rating.clamp(1, 5)).unwrap_or(1));
    let mut line = format!(
        "{stars} — {}, {}",
        shown.first_name,
        t.when_in(to_ts(r.created_at), zone)
    );
    if let Some(text) = &r.text {
        line.push_str(&format!("\n“{text}”"));
    }
    line
}
