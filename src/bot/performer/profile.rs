//! Manage Profile: display name, bio, photo, tags and rates, with a preview of the profile as
//! users see it. Typed answers are validated here, with a clear message and the question left
//! open on a mistake.

use frankenstein::input_file::FileUpload;
use frankenstein::methods::{AnswerCallbackQueryParams, SendPhotoParams};
use frankenstein::types::{Message, ReplyMarkup};

use super::callback::{tag_key, Back, PerformerCb};
use super::{ask, cancel_keyboard, pcb, reload, PerformerInput};
use crate::bot::{keyboard, Ctx, Result};
use crate::domain::money::Currency;
use crate::domain::profile::{
    CallLength, DisplayName, Price, PriceProblem, Tag, DURATION_RANGE, MAX_PRICE_MAJOR, MAX_RATES, MAX_TAGS,
};
use crate::i18n::Texts;
use crate::services::profile_edits;
use crate::services::profiles::{self, Profile, Rate};

pub(super) async fn on_callback(
    ctx: &Ctx<'_>,
    profile: &Profile,
    cb: PerformerCb,
    answer: &mut AnswerCallbackQueryParams,
) -> Result<()> {
    let t = ctx.t;
    let app = ctx.app;
    let now = app.now();
    match cb {
        PerformerCb::Profile => show_profile(ctx, profile, None).await,
        PerformerCb::Preview => preview(ctx, profile).await,
        PerformerCb::EditName => {
            let question = t.ask_display_name(&profile.display_name);
            ask(ctx, PerformerInput::DisplayName, question, Back::Profile).await
        }
        PerformerCb::EditBio => {
            ctx.set_chat_state(&crate::bot::ChatState::Performer(PerformerInput::Bio))
                .await?;
            let mut rows = Vec::new();
            if !profile.bio.is_empty() {
                rows.push(vec![(t.btn_clear_bio(), pcb(PerformerCb::ClearBio))]);
            }
            rows.push(vec![(t.btn_cancel(), pcb(PerformerCb::Cancel(Back::Profile)))]);
            ctx.show(t.ask_bio(app.config.profile.bio_max_chars), keyboard(rows))
                .await
        }
        PerformerCb::ClearBio => {
            profile_edits::set_bio(&app.db, profile.id, "", now).await?;
            let profile = reload(ctx, profile).await?;
            show_profile(ctx, &profile, Some(t.profile_saved().to_owned())).await
        }
        PerformerCb::EditPhoto => {
            ctx.set_chat_state(&crate::bot::ChatState::Performer(PerformerInput::Photo))
                .await?;
            let mut rows = Vec::new();
            if profile.photo_file_id.is_some() {
                rows.push(vec![(t.btn_remove_photo(), pcb(PerformerCb::RemovePhoto))]);
            }
            rows.push(vec![(t.btn_cancel(), pcb(PerformerCb::Cancel(Back::Profile)))]);
            ctx.show(t.ask_photo(), keyboard(rows)).await
        }
        PerformerCb::RemovePhoto => {
            profile_edits::set_photo(&app.db, profile.id, None, now).await?;
            let profile = reload(ctx, profile).await?;
            show_profile(ctx, &profile, Some(t.profile_saved().to_owned())).await
        }
        PerformerCb::Tags => show_tags(ctx, profile, None).await,
        PerformerCb::ToggleTag(key) => {
            let mut tags = profile_edits::tags(profile);
            let notice = if let Some(at) = tags.iter().position(|tag| tag_key(tag) == key) {
                tags.remove(at);
                None
            } else if let Some(tag) = app.config.profile.tags.iter().find(|tag| tag_key(tag) == key) {
                if tags.len() >= MAX_TAGS {
                    answer.text = Some(t.too_many_tags(MAX_TAGS));
                    answer.show_alert = Some(true);
                    return Ok(());
                }
                tags.push(tag.to_lowercase());
                None
            } else {
                // Not a configured tag and not one of theirs (any more).
                Some(t.tag_gone().to_owned())
            };
            profile_edits::set_tags(&app.db, profile.id, &tags, now).await?;
            let profile = reload(ctx, profile).await?;
            show_tags(ctx, &profile, notice).await
        }
        PerformerCb::AddTag => {
            if profile_edits::tags(profile).len() >= MAX_TAGS {
                answer.text = Some(t.too_many_tags(MAX_TAGS));
                answer.show_alert = Some(true);
                return Ok(());
            }
            ask(ctx, PerformerInput::Tag, t.ask_tag().to_owned(), Back::Tags).await
        }
        PerformerCb::Rates => show_rates(ctx, profile, None).await,
        PerformerCb::AddRate => {
            if profiles::rates(&app.db, profile.id).await?.len() >= MAX_RATES {
                answer.text = Some(t.too_many_rates(MAX_RATES));
                answer.show_alert = Some(true);
                return Ok(());
            }
            let question = t.ask_rate_duration(*DURATION_RANGE.start(), *DURATION_RANGE.end());
            ask(ctx, PerformerInput::RateDuration, question, Back::Rates).await
        }
        PerformerCb::EditRate(rate_id) => match own_rate(ctx, profile, rate_id).await? {
            Some(rate) => {
                let currency = currency(ctx);
                let question = t.ask_rate_price(
                    rate.duration_minutes,
                    &currency_name(t, currency),
                    &price_example(currency),
                );
                let input = PerformerInput::RatePrice {
                    duration_minutes: rate.duration_minutes,
                };
                ask(ctx, input, question, Back::Rates).await
            }
            None => show_rates(ctx, profile, Some(t.rate_gone().to_owned())).await,
        },
        PerformerCb::RemoveRate(rate_id) => {
            let notice = if profiles::remove_rate(&app.db, profile.id, rate_id).await? {
                t.rate_removed()
            } else {
                t.rate_gone()
            };
            show_rates(ctx, profile, Some(notice.to_owned())).await
        }
        _ => Ok(()),
    }
}

/// The rate `rate_id` if it is this performer's.
async fn own_rate(ctx: &Ctx<'_>, profile: &Profile, rate_id: i64) -> Result<Option<Rate>> {
    Ok(profiles::rate(&ctx.app.db, rate_id)
        .await?
        .filter(|rate| rate.performer_id == profile.id))
}

pub(super) async fn back_to(ctx: &Ctx<'_>, profile: &Profile, back: Back) -> Result<()> {
    match back {
        Back::Tags => show_tags(ctx, profile, None).await,
        Back::Rates => show_rates(ctx, profile, None).await,
        _ => show_profile(ctx, profile, None).await,
    }
}

pub(super) async fn on_input(
    ctx: &Ctx<'_>,
    profile: &Profile,
    input: PerformerInput,
    message: &Message,
) -> Result<()> {
    let t = ctx.t;
    let app = ctx.app;
    let now = app.now();
    let text = message.text.as_deref().map(str::trim);
    match input {
        PerformerInput::DisplayName => {
            let Some(name) = text.and_then(|text| DisplayName::parse(text).ok()) else {
                return ctx
                    .send(
                        t.display_name_invalid(),
                        Some(cancel_keyboard(ctx, Back::Profile)),
                    )
                    .await;
            };
            profile_edits::set_display_name(&app.db, profile.id, &name, now).await?;
            ctx.clear_chat_state().await?;
            let profile = reload(ctx, profile).await?;
            show_profile(ctx, &profile, Some(t.profile_saved().to_owned())).await
        }
        PerformerInput::Bio => {
            let limit = app.config.profile.bio_max_chars;
            let Some(bio) = text.filter(|b| !b.is_empty()) else {
                return ctx
                    .send(t.bio_expected(), Some(cancel_keyboard(ctx, Back::Profile)))
                    .await;
            };
            let length = bio.chars().count();
            if length > limit {
                return ctx
                    .send(
                        t.bio_too_long(length, limit),
                        Some(cancel_keyboard(ctx, Back::Profile)),
                    )
                    .await;
            }
            profile_edits::set_bio(&app.db, profile.id, bio, now).await?;
            ctx.clear_chat_state().await?;
            let profile = reload(ctx, profile).await?;
            show_profile(ctx, &profile, Some(t.profile_saved().to_owned())).await
        }
        PerformerInput::Photo => {
            // Telegram sends several sizes of one photo; the largest is the one to show.
            let largest = message.photo.as_ref().and_then(|sizes| {
                sizes
                    .iter()
                    .max_by_key(|p| (u64::from(p.width) * u64::from(p.height), p.file_size.unwrap_or(0)))
            });
            let Some(photo) = largest else {
                return ctx
                    .send(t.photo_expected(), Some(cancel_keyboard(ctx, Back::Profile)))
                    .await;
            };
            profile_edits::set_photo(&app.db, profile.id, Some(&photo.file_id), now).await?;
            ctx.clear_chat_state().await?;
            let profile = reload(ctx, profile).await?;
            show_profile(ctx, &profile, Some(t.profile_saved().to_owned())).await
        }
        PerformerInput::Tag => {
            let Some(tag) = text.and_then(|text| Tag::parse(text).ok()) else {
                return ctx
                    .send(t.tag_invalid(), Some(cancel_keyboard(ctx, Back::Tags)))
                    .await;
            };
            let mut tags = profile_edits::tags(profile);
            if tags.iter().any(|existing| existing.eq_ignore_ascii_case(&tag)) {
                ctx.clear_chat_state().await?;
                return show_tags(ctx, profile, Some(t.tag_exists(&tag))).await;
            }
            if tags.len() >= MAX_TAGS {
                ctx.clear_chat_state().await?;
                return show_tags(ctx, profile, Some(t.too_many_tags(MAX_TAGS))).await;
            }
            tags.push(tag.into());
            profile_edits::set_tags(&app.db, profile.id, &tags, now).await?;
            ctx.clear_chat_state().await?;
            let profile = reload(ctx, profile).await?;
            show_tags(ctx, &profile, Some(t.profile_saved().to_owned())).await
        }
        PerformerInput::RateDuration => {
            let Some(minutes) = text
                .and_then(|text| CallLength::parse(text).ok())
                .map(CallLength::minutes)
            else {
                let (min, max) = (*DURATION_RANGE.start(), *DURATION_RANGE.end());
                return ctx
                    .send(
                        t.duration_invalid(min, max),
                        Some(cancel_keyboard(ctx, Back::Rates)),
                    )
                    .await;
            };
            let currency = currency(ctx);
            let question = t.ask_rate_price(minutes, &currency_name(t, currency), &price_example(currency));
            let input = PerformerInput::RatePrice {
                duration_minutes: minutes,
            };
            ctx.set_chat_state(&crate::bot::ChatState::Performer(input))
                .await?;
            ctx.send(question, Some(cancel_keyboard(ctx, Back::Rates))).await
        }
        PerformerInput::RatePrice { duration_minutes } => {
            let currency = currency(ctx);
            let price = match Price::parse(text.unwrap_or_default(), currency) {
                Ok(price) => price.money(),
                Err(problem) => {
                    let reason = match problem {
                        PriceProblem::NotPositive => t.price_not_positive().to_owned(),
                        PriceProblem::TooHigh => t.price_too_high(MAX_PRICE_MAJOR, currency.as_str()),
                        PriceProblem::TooManyDecimals(max) => t.price_too_many_decimals(max),
                        PriceProblem::NotANumber => t.price_not_a_number().to_owned(),
                    };
                    let text = format!("{reason}\n{}", t.price_example_line(&price_example(currency)));
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
                Some(t.rate_saved(duration_minutes, &price.format())),
            )
            .await
        }
        _ => Ok(()),
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
    text.push_str(t.manage_profile_title());
    text.push_str("\n\n");
    text.push_str(&profile_card(t, profile, &rates));
    text.push_str("\n\n");
    text.push_str(&t.profile_photo_line(profile.photo_file_id.is_some()));
    let rows = vec![
        vec![
            (t.btn_edit_name(), pcb(PerformerCb::EditName)),
            (t.btn_edit_bio(), pcb(PerformerCb::EditBio)),
        ],
        vec![
            (t.btn_edit_photo(), pcb(PerformerCb::EditPhoto)),
            (t.btn_edit_tags(), pcb(PerformerCb::Tags)),
        ],
        vec![
            (t.btn_edit_rates(), pcb(PerformerCb::Rates)),
            (t.btn_profile_preview(), pcb(PerformerCb::Preview)),
        ],
        vec![(t.btn_back(), pcb(PerformerCb::Menu))],
    ];
    ctx.show(text, keyboard(rows)).await
}

/// The profile as users see it: name, bio, tags, rates.
pub fn profile_card(t: Texts, profile: &Profile, rates: &[Rate]) -> String {
    let mut card = format!("🎭 {}", profile.display_name);
    card.push('\n');
    if profile.bio.is_empty() {
        card.push_str(t.no_bio_yet());
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
        card.push_str(t.no_rates_yet());
    } else {
        card.push_str(
            &rates
                .iter()
                .map(|rate| t.rate_line(rate.duration_minutes, &profiles::price(rate).format()))
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
    let back = keyboard(vec![vec![(t.btn_back(), pcb(PerformerCb::Profile))]]);
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
            ctx.app
                .telegram
                .call::<_, Message>("sendPhoto", Some(ctx.chat_id), &params)
                .await?;
            Ok(())
        }
        None => {
            ctx.send(format!("{card}\n\n{}", t.preview_no_photo()), Some(back))
                .await
        }
    }
}

async fn show_tags(ctx: &Ctx<'_>, profile: &Profile, notice: Option<String>) -> Result<()> {
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
    let mut rows: Vec<Vec<(&str, crate::bot::callback::Callback)>> = labels
        .chunks(3)
        .map(|chunk| {
            chunk
                .iter()
                .map(|(label, key)| (label.as_str(), pcb(PerformerCb::ToggleTag(*key))))
                .collect()
        })
        .collect();
    rows.push(vec![(t.btn_add_tag(), pcb(PerformerCb::AddTag))]);
    rows.push(vec![(t.btn_back(), pcb(PerformerCb::Profile))]);
    let mut text = String::new();
    if let Some(notice) = notice {
        text.push_str(&notice);
        text.push_str("\n\n");
    }
    text.push_str(&t.tags_title(MAX_TAGS, mine.len()));
    ctx.show(text, keyboard(rows)).await
}

fn tag_label(tag: &str, on: bool) -> String {
    if on {
        format!("✅ {tag}")
    } else {
        tag.to_owned()
    }
}

async fn show_rates(ctx: &Ctx<'_>, profile: &Profile, notice: Option<String>) -> Result<()> {
    let t = ctx.t;
    let rates = profiles::rates(&ctx.app.db, profile.id).await?;
    let currency = currency(ctx);
    let labels: Vec<String> = rates
        .iter()
        .map(|rate| {
            format!(
                "✏️ {}",
                t.rate_line(rate.duration_minutes, &profiles::price(rate).format())
            )
        })
        .collect();
    let mut rows: Vec<Vec<(&str, crate::bot::callback::Callback)>> = rates
        .iter()
        .zip(&labels)
        .map(|(rate, label)| {
            vec![
                (label.as_str(), pcb(PerformerCb::EditRate(rate.id))),
                ("🗑", pcb(PerformerCb::RemoveRate(rate.id))),
            ]
        })
        .collect();
    if rates.len() < MAX_RATES {
        rows.push(vec![(t.btn_add_rate(), pcb(PerformerCb::AddRate))]);
    }
    rows.push(vec![(t.btn_back(), pcb(PerformerCb::Profile))]);
    let mut text = String::new();
    if let Some(notice) = notice {
        text.push_str(&notice);
        text.push_str("\n\n");
    }
    text.push_str(&t.rates_title(&currency_name(t, currency)));
    text.push('\n');
    if rates.is_empty() {
        text.push('\n');
        text.push_str(t.no_rates_yet());
    } else {
        for rate in &rates {
            text.push_str("\n• ");
            text.push_str(&t.rate_line(rate.duration_minutes, &profiles::price(rate).format()));
        }
        text.push_str("\n\n");
        text.push_str(t.rates_hint());
    }
    ctx.show(text, keyboard(rows)).await
}

/// The configured payment currency.
fn currency(ctx: &Ctx<'_>) -> Currency {
    Currency::new(&ctx.app.config.payments.currency).unwrap_or(Currency::XTR)
}

fn currency_name(t: Texts, currency: Currency) -> String {
    if currency.is_stars() {
        t.telegram_stars().to_owned()
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
