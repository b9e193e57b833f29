//! Manage Profile: display name, bio, photo, tags and rates, with a preview of the profile as
//! users see it. Typed answers are validated here, with a clear message and the question left
//! open on a mistake.

use frankenstein::input_file::FileUpload;
use frankenstein::methods::{AnswerCallbackQueryParams, SendPhotoParams};
use frankenstein::types::{Message, ReplyMarkup};
use frankenstein::AsyncTelegramApi;

use super::callback::{tag_key, Back, PerformerCb};
use super::{ask, cancel_keyboard, reload};
use crate::bot::callback_data::{RateId, TagKey};
use crate::bot::{keyboard, Ctx, Result};
use crate::domain::money::Currency;
use crate::domain::profile::{
    CallLength, DisplayName, Price, PriceProblem, Tag, DURATION_RANGE, MAX_PRICE_MAJOR, MAX_RATES, MAX_TAGS,
};
use crate::i18n::{tr, Texts};
use crate::services::profile_edits;
use crate::services::profiles::{self, Profile, Rate};

/// Manage Profile's questions, kept while the performer types the answer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum ProfileInput {
    DisplayName,
    Bio,
    Photo,
    Tag,
    RateDuration,
    RatePrice { duration_minutes: i32 },
}

crate::callback_enum! {
    /// Manage Profile's buttons (`p:pr:`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum ProfileCb {
        Show = "s",
        /// The profile as a user would see it, photo included.
        Preview = "pv",
        EditName = "en",
        EditBio = "eb",
        ClearBio = "cb",
        EditPhoto = "ep",
        RemovePhoto = "rp",
        Tags = "tg",
        /// Toggle a tag (a configured one or one of the performer's own).
        ToggleTag(tag: TagKey) = "tt",
        AddTag = "ta",
        Rates = "rt",
        AddRate = "ra",
        /// Change the price of a rate.
        EditRate(rate: RateId) = "re",
        RemoveRate(rate: RateId) = "rd",
    }
}

pub(super) async fn on_callback(
    ctx: &Ctx<'_>,
    profile: &Profile,
    cb: ProfileCb,
    answer: &mut AnswerCallbackQueryParams,
) -> Result<()> {
    let t = ctx.t;
    let app = ctx.app;
    let now = app.now();
    match cb {
        ProfileCb::Show => show_profile(ctx, profile, None).await,
        ProfileCb::Preview => preview(ctx, profile).await,
        ProfileCb::EditName => {
            let question = tr!(t, "ask-display-name", current = &profile.display_name);
            ask(ctx, ProfileInput::DisplayName, question, Back::Profile).await
        }
        ProfileCb::EditBio => {
            ctx.set_chat_state(&crate::bot::ChatState::Performer(ProfileInput::Bio.into()))
                .await?;
            let mut rows = Vec::new();
            if !profile.bio.is_empty() {
                rows.push(vec![(tr!(t, "btn-clear-bio"), ProfileCb::ClearBio.into())]);
            }
            rows.push(vec![(
                tr!(t, "btn-cancel"),
                PerformerCb::Cancel(Back::Profile).into(),
            )]);
            ctx.show(
                tr!(t, "ask-bio", limit = app.config.profile.bio_max_chars),
                keyboard(rows),
            )
            .await
        }
        ProfileCb::ClearBio => {
            profile_edits::set_bio(&app.db, profile.id, "", now).await?;
            let profile = reload(ctx, profile).await?;
            show_profile(ctx, &profile, Some(tr!(t, "profile-saved"))).await
        }
        ProfileCb::EditPhoto => {
            ctx.set_chat_state(&crate::bot::ChatState::Performer(ProfileInput::Photo.into()))
                .await?;
            let mut rows = Vec::new();
            if profile.photo_file_id.is_some() {
                rows.push(vec![(tr!(t, "btn-remove-photo"), ProfileCb::RemovePhoto.into())]);
            }
            rows.push(vec![(
                tr!(t, "btn-cancel"),
                PerformerCb::Cancel(Back::Profile).into(),
            )]);
            ctx.show(tr!(t, "ask-photo"), keyboard(rows)).await
        }
        ProfileCb::RemovePhoto => {
            profile_edits::set_photo(&app.db, profile.id, None, now).await?;
            let profile = reload(ctx, profile).await?;
            show_profile(ctx, &profile, Some(tr!(t, "profile-saved"))).await
        }
        ProfileCb::Tags => show_tags(ctx, profile, None).await,
        ProfileCb::ToggleTag(TagKey(key)) => {
            let mut tags = profile_edits::tags(profile);
            let notice = if let Some(at) = tags.iter().position(|tag| tag_key(tag) == key) {
                tags.remove(at);
                None
            } else if let Some(tag) = app.config.profile.tags.iter().find(|tag| tag_key(tag) == key) {
                if tags.len() >= MAX_TAGS {
                    answer.text = Some(tr!(t, "too-many-tags", max = MAX_TAGS));
                    answer.show_alert = Some(true);
                    return Ok(());
                }
                tags.push(tag.to_lowercase());
                None
            } else {
                // Not a configured tag and not one of theirs (any more).
                Some(tr!(t, "tag-gone"))
            };
            profile_edits::set_tags(&app.db, profile.id, &tags, now).await?;
            let profile = reload(ctx, profile).await?;
            show_tags(ctx, &profile, notice).await
        }
        ProfileCb::AddTag => {
            if profile_edits::tags(profile).len() >= MAX_TAGS {
                answer.text = Some(tr!(t, "too-many-tags", max = MAX_TAGS));
                answer.show_alert = Some(true);
                return Ok(());
            }
            ask(ctx, ProfileInput::Tag, tr!(t, "ask-tag"), Back::Tags).await
        }
        ProfileCb::Rates => show_rates(ctx, profile, None).await,
        ProfileCb::AddRate => {
            if profiles::rates(&app.db, profile.id).await?.len() >= MAX_RATES {
                answer.text = Some(tr!(t, "too-many-rates", max = MAX_RATES));
                answer.show_alert = Some(true);
                return Ok(());
            }
            let question = tr!(
                t,
                "ask-rate-duration",
                min = *DURATION_RANGE.start(),
                max = *DURATION_RANGE.end()
            );
            ask(ctx, ProfileInput::RateDuration, question, Back::Rates).await
        }
        ProfileCb::EditRate(RateId(rate_id)) => match own_rate(ctx, profile, rate_id).await? {
            Some(rate) => {
                let currency = currency(ctx);
                let question = tr!(
                    t,
                    "ask-rate-price",
                    minutes = rate.duration_minutes,
                    currency = currency_name(t, currency),
                    example = price_example(currency)
                );
                let input = ProfileInput::RatePrice {
                    duration_minutes: rate.duration_minutes,
                };
                ask(ctx, input, question, Back::Rates).await
            }
            None => show_rates(ctx, profile, Some(tr!(t, "rate-gone"))).await,
        },
        ProfileCb::RemoveRate(RateId(rate_id)) => {
            let notice = if profiles::remove_rate(&app.db, profile.id, rate_id).await? {
                tr!(t, "rate-removed")
            } else {
                tr!(t, "rate-gone")
            };
            show_rates(ctx, profile, Some(notice.to_owned())).await
        }
    }
}

/// The rate `rate_id` if it is this performer's.
async fn own_rate(ctx: &Ctx<'_>, profile: &Profile, rate_id: i64) -> Result<Option<Rate>> {
    Ok(profiles::rate(&ctx.app.db, rate_id)
        .await?
        .filter(|rate| rate.performer_id == profile.id))
}

pub(super) async fn on_input(
    ctx: &Ctx<'_>,
    profile: &Profile,
    input: ProfileInput,
    message: &Message,
) -> Result<()> {
    let t = ctx.t;
    let app = ctx.app;
    let now = app.now();
    let text = message.text.as_deref().map(str::trim);
    match input {
        ProfileInput::DisplayName => {
            let Some(name) = text.and_then(|text| DisplayName::parse(text).ok()) else {
                return ctx
                    .send(
                        tr!(t, "display-name-invalid"),
                        Some(cancel_keyboard(ctx, Back::Profile)),
                    )
                    .await;
            };
            if profiles::name_looks_taken(&app.db, &name, profile.id).await? {
                return ctx
                    .send(
                        tr!(t, "display-name-look-alike"),
                        Some(cancel_keyboard(ctx, Back::Profile)),
                    )
                    .await;
            }
            profile_edits::set_display_name(&app.db, profile.id, &name, now).await?;
            ctx.clear_chat_state().await?;
            let profile = reload(ctx, profile).await?;
            show_profile(ctx, &profile, Some(tr!(t, "profile-saved"))).await
        }
        ProfileInput::Bio => {
            let limit = app.config.profile.bio_max_chars;
            let Some(bio) = text.filter(|b| !b.is_empty()) else {
                return ctx
                    .send(tr!(t, "bio-expected"), Some(cancel_keyboard(ctx, Back::Profile)))
                    .await;
            };
            let length = bio.chars().count();
            if length > limit {
                return ctx
                    .send(
                        tr!(t, "bio-too-long", length = length, limit = limit),
                        Some(cancel_keyboard(ctx, Back::Profile)),
                    )
                    .await;
            }
            profile_edits::set_bio(&app.db, profile.id, bio, now).await?;
            ctx.clear_chat_state().await?;
            let profile = reload(ctx, profile).await?;
            show_profile(ctx, &profile, Some(tr!(t, "profile-saved"))).await
        }
        ProfileInput::Photo => {
            // Telegram sends several sizes of one photo; the largest is the one to show.
            let largest = message.photo.as_ref().and_then(|sizes| {
                sizes
                    .iter()
                    .max_by_key(|p| (u64::from(p.width) * u64::from(p.height), p.file_size.unwrap_or(0)))
            });
            let Some(photo) = largest else {
                return ctx
                    .send(
                        tr!(t, "photo-expected"),
                        Some(cancel_keyboard(ctx, Back::Profile)),
                    )
                    .await;
            };
            profile_edits::set_photo(&app.db, profile.id, Some(&photo.file_id), now).await?;
            ctx.clear_chat_state().await?;
            let profile = reload(ctx, profile).await?;
            show_profile(ctx, &profile, Some(tr!(t, "profile-saved"))).await
        }
        ProfileInput::Tag => {
            let Some(tag) = text.and_then(|text| Tag::parse(text).ok()) else {
                return ctx
                    .send(tr!(t, "tag-invalid"), Some(cancel_keyboard(ctx, Back::Tags)))
                    .await;
            };
            let mut tags = profile_edits::tags(profile);
            if tags.iter().any(|existing| existing.eq_ignore_ascii_case(&tag)) {
                ctx.clear_chat_state().await?;
                return show_tags(ctx, profile, Some(tr!(t, "tag-exists", tag = tag.as_str()))).await;
            }
            if tags.len() >= MAX_TAGS {
                ctx.clear_chat_state().await?;
                return show_tags(ctx, profile, Some(tr!(t, "too-many-tags", max = MAX_TAGS))).await;
            }
            tags.push(tag.into());
            profile_edits::set_tags(&app.db, profile.id, &tags, now).await?;
            ctx.clear_chat_state().await?;
            let profile = reload(ctx, profile).await?;
            show_tags(ctx, &profile, Some(tr!(t, "profile-saved"))).await
        }
        ProfileInput::RateDuration => {
            let Some(minutes) = text
                .and_then(|text| CallLength::parse(text).ok())
                .map(CallLength::minutes)
            else {
                return ctx
                    .send(duration_invalid_text(t), Some(cancel_keyboard(ctx, Back::Rates)))
                    .await;
            };
            let currency = currency(ctx);
            let question = tr!(
                t,
                "ask-rate-price",
                minutes = minutes,
                currency = currency_name(t, currency),
                example = price_example(currency)
            );
            let input = ProfileInput::RatePrice {
                duration_minutes: minutes,
            };
            ctx.set_chat_state(&crate::bot::ChatState::Performer(input.into()))
                .await?;
            ctx.send(question, Some(cancel_keyboard(ctx, Back::Rates))).await
        }
        ProfileInput::RatePrice { duration_minutes } => {
            let currency = currency(ctx);
            let price = match Price::parse(text.unwrap_or_default(), currency) {
                Ok(price) => price.money(),
                Err(problem) => {
                    let text = price_problem_text(t, problem, currency);
                    return ctx.send(text, Some(cancel_keyboard(ctx, Back::Rates))).await;
                }
            };
            if CallLength::new(duration_minutes).is_err() {
                ctx.clear_chat_state().await?;
                return show_rates(ctx, profile, None).await;
            }
            profiles::set_rate(&app.db, profile.id, duration_minutes, price, now).await?;
            ctx.clear_chat_state().await?;
            show_rates(
                ctx,
                profile,
                Some(tr!(
                    t,
                    "rate-saved",
                    minutes = duration_minutes,
                    price = price.format()
                )),
            )
            .await
        }
    }
}

/// Manage Profile: the profile as users see it, and what to change.
pub(super) async fn show_profile(ctx: &Ctx<'_>, profile: &Profile, notice: Option<String>) -> Result<()> {
    let t = ctx.t;
    let rates = profiles::rates(&ctx.app.db, profile.id).await?;
    let mut text = String::new();
    if let Some(notice) = notice {
        text.push_str(&notice);
        text.push_str("\n\n");
    }
    text.push_str(&tr!(t, "manage-profile-title"));
    text.push_str("\n\n");
    text.push_str(&profile_card(t, profile, &rates));
    text.push_str("\n\n");
    text.push_str(
        &(if profile.photo_file_id.is_some() {
            tr!(t, "profile-photo-set")
        } else {
            tr!(t, "profile-photo-none")
        }),
    );
    let rows = vec![
        vec![
            (tr!(t, "btn-edit-name"), ProfileCb::EditName.into()),
            (tr!(t, "btn-edit-bio"), ProfileCb::EditBio.into()),
        ],
        vec![
            (tr!(t, "btn-edit-photo"), ProfileCb::EditPhoto.into()),
            (tr!(t, "btn-edit-tags"), ProfileCb::Tags.into()),
        ],
        vec![
            (tr!(t, "btn-edit-rates"), ProfileCb::Rates.into()),
            (tr!(t, "btn-profile-preview"), ProfileCb::Preview.into()),
        ],
        vec![(tr!(t, "btn-back"), PerformerCb::Menu.into())],
    ];
    ctx.show(text, keyboard(rows)).await
}

/// The profile as users see it: name, bio, tags, rates.
pub fn profile_card(t: Texts, profile: &Profile, rates: &[Rate]) -> String {
    let mut card = format!("🎭 {}", profile.display_name);
    card.push('\n');
    if profile.bio.is_empty() {
        card.push_str(&tr!(t, "no-bio-yet"));
    } else {
        card.push_str(&profile.bio);
    }
    let tags = profile_edits::tags(profile);
    if !tags.is_empty() {
        card.push_str("\n\n🏷 ");
        card.push_str(
            &tags
                .iter()
                .map(|tag| format!("#{}", tag.replace(' ', "_")))
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    card.push_str("\n💰 ");
    if rates.is_empty() {
        card.push_str(&tr!(t, "no-rates-yet"));
    } else {
        card.push_str(
            &rates
                .iter()
                .map(|rate| {
                    tr!(
                        t,
                        "rate-line",
                        minutes = rate.duration_minutes,
                        price = profiles::price(rate).format()
                    )
                })
                .collect::<Vec<_>>()
                .join(" · "),
        );
    }
    card
}

/// Sends the profile as a user would get it: the photo with the card as caption.
async fn preview(ctx: &Ctx<'_>, profile: &Profile) -> Result<()> {
    let t = ctx.t;
    let rates = profiles::rates(&ctx.app.db, profile.id).await?;
    let card = profile_card(t, profile, &rates);
    let back = keyboard(vec![vec![(tr!(t, "btn-back"), ProfileCb::Show.into())]]);
    match &profile.photo_file_id {
        Some(file_id) => {
            // A caption holds 1024 characters; the card is shortened to fit.
            let caption: String = if card.chars().count() > 1024 {
                card.chars().take(1023).chain(['…']).collect()
            } else {
                card
            };
            let params = SendPhotoParams {
                caption: Some(caption),
                reply_markup: Some(ReplyMarkup::InlineKeyboardMarkup(back)),
                ..SendPhotoParams::builder()
                    .chat_id(ctx.chat_id)
                    .photo(FileUpload::String(file_id.clone()))
                    .build()
            };
            ctx.app.telegram.send_photo(&params).await?;
            Ok(())
        }
        None => {
            ctx.send(format!("{card}\n\n{}", tr!(t, "preview-no-photo")), Some(back))
                .await
        }
    }
}

pub(super) async fn show_tags(ctx: &Ctx<'_>, profile: &Profile, notice: Option<String>) -> Result<()> {
    let t = ctx.t;
    let mine = profile_edits::tags(profile);
    let mut labels: Vec<(String, u32)> = Vec::new();
    for tag in &ctx.app.config.profile.tags {
        let on = mine.iter().any(|m| m.eq_ignore_ascii_case(tag));
        labels.push((tag_label(tag, on), tag_key(tag)));
    }
    for tag in &mine {
        if !ctx
            .app
            .config
            .profile
            .tags
            .iter()
            .any(|c| c.eq_ignore_ascii_case(tag))
        {
            labels.push((tag_label(tag, true), tag_key(tag)));
        }
    }
    let mut rows: Vec<Vec<(String, crate::bot::callback::Callback)>> = labels
        .chunks(3)
        .map(|chunk| {
            chunk
                .iter()
                .map(|(label, key)| (label.clone(), ProfileCb::ToggleTag(TagKey(*key)).into()))
                .collect()
        })
        .collect();
    rows.push(vec![(tr!(t, "btn-add-tag"), ProfileCb::AddTag.into())]);
    rows.push(vec![(tr!(t, "btn-back"), ProfileCb::Show.into())]);
    let mut text = String::new();
    if let Some(notice) = notice {
        text.push_str(&notice);
        text.push_str("\n\n");
    }
    text.push_str(&tr!(t, "tags-title", max = MAX_TAGS, count = mine.len()));
    ctx.show(text, keyboard(rows)).await
}

fn tag_label(tag: &str, on: bool) -> String {
    if on {
        format!("✅ {tag}")
    } else {
        tag.to_owned()
    }
}

pub(super) async fn show_rates(ctx: &Ctx<'_>, profile: &Profile, notice: Option<String>) -> Result<()> {
    let t = ctx.t;
    let rates = profiles::rates(&ctx.app.db, profile.id).await?;
    let currency = currency(ctx);
    let labels: Vec<String> = rates
        .iter()
        .map(|rate| {
            format!(
                "✏️ {}",
                tr!(
                    t,
                    "rate-line",
                    minutes = rate.duration_minutes,
                    price = profiles::price(rate).format()
                )
            )
        })
        .collect();
    let mut rows: Vec<Vec<(String, crate::bot::callback::Callback)>> = rates
        .iter()
        .zip(&labels)
        .map(|(rate, label)| {
            vec![
                (label.clone(), ProfileCb::EditRate(RateId(rate.id)).into()),
                ("🗑".to_owned(), ProfileCb::RemoveRate(RateId(rate.id)).into()),
            ]
        })
        .collect();
    if rates.len() < MAX_RATES {
        rows.push(vec![(tr!(t, "btn-add-rate"), ProfileCb::AddRate.into())]);
    }
    rows.push(vec![(tr!(t, "btn-back"), ProfileCb::Show.into())]);
    let mut text = String::new();
    if let Some(notice) = notice {
        text.push_str(&notice);
        text.push_str("\n\n");
    }
    text.push_str(&tr!(t, "rates-title", currency = currency_name(t, currency)));
    text.push('\n');
    if rates.is_empty() {
        text.push('\n');
        text.push_str(&tr!(t, "no-rates-yet"));
    } else {
        for rate in &rates {
            text.push_str("\n• ");
            text.push_str(&tr!(
                t,
                "rate-line",
                minutes = rate.duration_minutes,
                price = profiles::price(rate).format()
            ));
        }
        text.push_str("\n\n");
        text.push_str(&tr!(t, "rates-hint"));
    }
    ctx.show(text, keyboard(rows)).await
}

/// The configured payment currency.
fn currency(ctx: &Ctx<'_>) -> Currency {
    rates_currency(&ctx.app.config)
}

/// The currency rates are set in: the configured one (Stars unless set otherwise).
pub(crate) fn rates_currency(config: &crate::config::Config) -> Currency {
    Currency::new(&config.payments.currency).unwrap_or(Currency::XTR)
}

/// What the chat answers a call length it cannot take (also the Mini App's answer).
pub(crate) fn duration_invalid_text(t: Texts) -> String {
    let (min, max) = (*DURATION_RANGE.start(), *DURATION_RANGE.end());
    tr!(t, "duration-invalid", min = min, max = max)
}

/// What the chat answers a price it cannot take, with an example (also the Mini App's answer).
pub(crate) fn price_problem_text(t: Texts, problem: PriceProblem, currency: Currency) -> String {
    let reason = match problem {
        PriceProblem::NotPositive => tr!(t, "price-not-positive"),
        PriceProblem::TooHigh => tr!(
            t,
            "price-too-high",
            max = MAX_PRICE_MAJOR,
            currency = currency.as_str()
        ),
        PriceProblem::TooManyDecimals(max) => tr!(t, "price-too-many-decimals", max = max),
        PriceProblem::NotANumber => tr!(t, "price-not-a-number"),
    };
    format!(
        "{reason}\n{}",
        tr!(t, "price-example-line", example = price_example(currency))
    )
}

fn currency_name(t: Texts, currency: Currency) -> String {
    if currency.is_stars() {
        tr!(t, "telegram-stars")
    } else {
        currency.as_str().to_owned()
    }
}

fn price_example(currency: Currency) -> String {
    if currency.minor_digits() == 0 {
        "150".to_owned()
    } else {
        "25.50".to_owned()
    }
}
