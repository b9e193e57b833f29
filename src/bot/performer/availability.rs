//! Availability: weekly hours per weekday (presets or typed ranges, Monday copied to other days),
//! blocked dates, timezone, booking rules and special hours on a date (`super::booking_rules`),
//! and a preview of the next 7 days of free slots, all through `services::availability`.

use entity::availability_blocks;
use frankenstein::methods::AnswerCallbackQueryParams;
use frankenstein::types::Message;
use jiff::civil::{Date, Time, Weekday};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use super::booking_rules::{self, Rule};
use super::callback::{Back, PerformerCb};
use super::{ask, cancel_keyboard, now_ts, reload, zone};
use crate::bot::callback::Callback;
use crate::bot::callback_data::{BlockId, Choice, DayOfWeek, OverrideId, ZoneName};
use crate::bot::{keyboard, Ctx, Result, COMMON_ZONES};
use crate::i18n::{tr, Texts};
use crate::services::availability::{self, format_hhmm, parse_hhmm, to_ts};
use crate::services::profiles::{self, Profile};

/// One-tap weekly hours; the first is "Closed".
pub const PRESETS: &[&[(&str, &str)]] = &[
    &[],
    &[("10:00", "18:00")],
    &[("18:00", "02:00")],
    &[("12:00", "20:00")],
    &[("10:00", "14:00"), ("18:00", "23:00")],
    &[("00:00", "24:00")],
];

/// Most ranges on one weekday.
pub const MAX_RANGES: usize = 4;
/// Longest blocked range, in days.
pub const MAX_BLOCK_DAYS: i32 = 366;

fn weekday(day: u8) -> Option<Weekday> {
    Weekday::from_monday_one_offset(i8::try_from(day).ok()?).ok()
}

pub(super) fn ranges_text(t: Texts, ranges: &[(Time, Time)]) -> String {
    if ranges.is_empty() {
        return tr!(t, "day-closed");
    }
    ranges
        .iter()
        .map(|(start, end)| range_text(*start, *end))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `18:00–02:00`; the end of a range that ends at midnight shows as `24:00`.
fn range_text(start: Time, end: Time) -> String {
    let end = if end == Time::midnight() {
        "24:00".to_owned()
    } else {
        format_hhmm(end)
    };
    format!("{}–{end}", format_hhmm(start))
}

fn preset_ranges(index: usize) -> Option<Vec<(Time, Time)>> {
    PRESETS.get(index).map(|ranges| {
        ranges
            .iter()
            .filter_map(|(s, e)| Some((parse_hhmm(s)?, parse_hhmm(e)?)))
            .collect()
    })
}

/// Availability's questions, kept while the performer types the answer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum AvailabilityInput {
    /// Ranges for one weekday, 1 = Monday … 7 = Sunday.
    DayHours {
        weekday: u8,
    },
    BlockDates,
    Timezone,
    /// A typed value for one booking rule.
    RuleValue {
        rule: Rule,
    },
    /// The date of new special hours.
    OverrideDate,
    /// The hours of special hours on `date` (`YYYY-MM-DD`).
    OverrideHours {
        date: String,
    },
}

crate::callback_enum! {
    /// Availability's buttons (`p:av:`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum AvailabilityCb {
        Show = "s",
        /// One weekday's hours.
        Day(day: DayOfWeek) = "d",
        /// One of [`PRESETS`] for a weekday.
        DayPreset(day: DayOfWeek, preset: Choice) = "dp",
        /// Type a weekday's hours.
        DayCustom(day: DayOfWeek) = "dc",
        Blocks = "bl",
        AddBlock = "ba",
        RemoveBlock(block: BlockId) = "bd",
        Timezones = "tz",
        /// A zone by its name.
        SetTimezone(zone: ZoneName) = "ts",
        OtherTimezone = "to",
        /// The next 7 days of free slots.
        Week = "wk",
        /// ⚙️ Booking rules.
        Rules = "ru",
        /// One rule's presets.
        Rule(rule: Rule) = "rk",
        /// One of a rule's presets, by index.
        RulePreset(rule: Rule, preset: Choice) = "rp",
        /// Type a rule's value.
        RuleCustom(rule: Rule) = "rc",
        /// 📆 Special hours on a date.
        Overrides = "ov",
        AddOverride = "oa",
        RemoveOverride(id: OverrideId) = "od",
        /// Monday's hours to Tuesday–Friday.
        CopyWeekdays = "cw",
        /// Monday's hours to every other day.
        CopyAll = "ca",
    }
}

pub(super) async fn on_callback(
    ctx: &Ctx<'_>,
    profile: &Profile,
    cb: AvailabilityCb,
    answer: &mut AnswerCallbackQueryParams,
) -> Result<()> {
    let t = ctx.t;
    let app = ctx.app;
    match cb {
        AvailabilityCb::Show => show_availability(ctx, profile, None).await,
        AvailabilityCb::Day(day) => show_day(ctx, profile, day.0).await,
        AvailabilityCb::DayPreset(day, preset) => {
            let wd = day.0;
            let Some(ranges) = preset_ranges(usize::from(preset.0)) else {
                return show_availability(ctx, profile, None).await;
            };
            availability::set_day(&app.db, profile.id, wd, &ranges).await?;
            answer.text = Some(tr!(t, "profile-saved"));
            let notice = format!("✅ {}: {}", t.weekday_heading(wd), ranges_text(t, &ranges));
            show_availability(ctx, profile, Some(notice)).await
        }
        AvailabilityCb::DayCustom(day) => {
            let wd = day.0;
            let input = AvailabilityInput::DayHours {
                weekday: wd.to_monday_one_offset().cast_unsigned(),
            };
            ask(
                ctx,
                input,
                tr!(t, "ask-day-hours", day = t.weekday(wd)),
                Back::Availability,
            )
            .await
        }
        AvailabilityCb::Blocks => show_blocks(ctx, profile, None).await,
        AvailabilityCb::AddBlock => {
            let today = zone(profile).to_datetime(now_ts(ctx)).date();
            ask(
                ctx,
                AvailabilityInput::BlockDates,
                tr!(t, "ask-block-dates", today = today.to_string()),
                Back::Blocks,
            )
            .await
        }
        AvailabilityCb::RemoveBlock(block) => {
            let notice = if availability::remove_block(&app.db, profile.id, block.0).await? {
                tr!(t, "block-removed")
            } else {
                tr!(t, "block-gone")
            };
            show_blocks(ctx, profile, Some(notice)).await
        }
        AvailabilityCb::Timezones => show_timezones(ctx, profile, None).await,
        AvailabilityCb::SetTimezone(zone) => set_timezone(ctx, profile, zone.name()).await,
        AvailabilityCb::OtherTimezone => {
            ask(
                ctx,
                AvailabilityInput::Timezone,
                tr!(t, "ask-performer-timezone"),
                Back::Timezones,
            )
            .await
        }
        AvailabilityCb::Week => show_week(ctx, profile).await,
        AvailabilityCb::Rules => booking_rules::show_rules(ctx, profile, None).await,
        AvailabilityCb::Rule(rule) => booking_rules::show_rule(ctx, profile, rule).await,
        AvailabilityCb::RulePreset(rule, choice) => {
            booking_rules::set_preset(ctx, profile, rule, choice).await
        }
        AvailabilityCb::RuleCustom(rule) => booking_rules::ask_value(ctx, rule).await,
        AvailabilityCb::Overrides => booking_rules::show_overrides(ctx, profile, None).await,
        AvailabilityCb::AddOverride => booking_rules::ask_override_date(ctx, profile).await,
        AvailabilityCb::RemoveOverride(id) => booking_rules::remove_override(ctx, profile, id).await,
        AvailabilityCb::CopyWeekdays => copy_monday(ctx, profile, false).await,
        AvailabilityCb::CopyAll => copy_monday(ctx, profile, true).await,
    }
}

pub(super) async fn on_input(
    ctx: &Ctx<'_>,
    profile: &Profile,
    input: AvailabilityInput,
    message: &Message,
) -> Result<()> {
    let t = ctx.t;
    let app = ctx.app;
    let text = message.text.as_deref().map(str::trim).unwrap_or_default();
    match input {
        AvailabilityInput::DayHours { weekday: day } => {
            let Some(wd) = weekday(day) else {
                ctx.clear_chat_state().await?;
                return show_availability(ctx, profile, None).await;
            };
            match parse_ranges(text) {
                Ok(ranges) => {
                    availability::set_day(&app.db, profile.id, wd, &ranges).await?;
                    ctx.clear_chat_state().await?;
                    let notice = format!("✅ {}: {}", t.weekday_heading(wd), ranges_text(t, &ranges));
                    show_availability(ctx, profile, Some(notice)).await
                }
                Err(problem) => {
                    let reason = range_problem_text(t, problem);
                    ctx.send(reason, Some(cancel_keyboard(ctx, Back::Availability)))
                        .await
                }
            }
        }
        AvailabilityInput::BlockDates => {
            let today = zone(profile).to_datetime(now_ts(ctx)).date();
            match parse_block(text, today) {
                Ok((from, to)) => {
                    availability::block_dates(&app.db, profile.id, from, to, app.now()).await?;
                    ctx.clear_chat_state().await?;
                    let notice = format!("✅ {}", block_range_text(t, from, to));
                    show_blocks(ctx, profile, Some(notice)).await
                }
                Err(problem) => {
                    let reason = match problem {
                        BlockProblem::Format => tr!(t, "block-bad-format", today = today.to_string()),
                        BlockProblem::Past => tr!(t, "block-in-past", today = today.to_string()),
                        BlockProblem::Reversed => tr!(t, "block-reversed"),
                        BlockProblem::TooLong => tr!(t, "block-too-long", max = MAX_BLOCK_DAYS),
                    };
                    ctx.send(reason, Some(cancel_keyboard(ctx, Back::Blocks))).await
                }
            }
        }
        AvailabilityInput::Timezone => match TimeZone::get(text) {
            Ok(tz) => {
                let name = tz.iana_name().unwrap_or(text).to_owned();
                ctx.clear_chat_state().await?;
                set_timezone(ctx, profile, &name).await
            }
            Err(_) => {
                ctx.send(
                    tr!(t, "timezone-invalid", input = text),
                    Some(cancel_keyboard(ctx, Back::Timezones)),
                )
                .await
            }
        },
        AvailabilityInput::RuleValue { rule } => booking_rules::on_value(ctx, profile, rule, text).await,
        AvailabilityInput::OverrideDate => booking_rules::on_override_date(ctx, profile, text).await,
        AvailabilityInput::OverrideHours { date } => {
            booking_rules::on_override_hours(ctx, profile, &date, text).await
        }
    }
}

/// Why typed hours were refused.
pub fn range_problem_text(t: Texts, problem: RangeProblem) -> String {
    match problem {
        RangeProblem::Format(piece) => tr!(t, "hours-bad-format", piece = &piece),
        RangeProblem::Empty(piece) => tr!(t, "hours-empty-range", piece = &piece),
        RangeProblem::Overlap => tr!(t, "hours-overlap"),
        RangeProblem::TooMany => tr!(t, "hours-too-many", max = MAX_RANGES),
    }
}

/// Monday's hours given to Tuesday–Friday, or to every other day, with a line saying so.
async fn copy_monday(ctx: &Ctx<'_>, profile: &Profile, every_day: bool) -> Result<()> {
    let t = ctx.t;
    let last = if every_day { 7 } else { 5 };
    let targets: Vec<Weekday> = (2..=last).filter_map(weekday).collect();
    let ranges = availability::copy_day(&ctx.app.db, profile.id, Weekday::Monday, &targets).await?;
    let hours = ranges_text(t, &ranges);
    let notice = if every_day {
        tr!(t, "copied-every-day", hours = hours)
    } else {
        tr!(t, "copied-weekdays", hours = hours)
    };
    show_availability(ctx, profile, Some(notice)).await
}

async fn set_timezone(ctx: &Ctx<'_>, profile: &Profile, name: &str) -> Result<()> {
    profiles::set_timezone(&ctx.app.db, profile.id, name, ctx.app.now()).await?;
    let profile = reload(ctx, profile).await?;
    show_availability(ctx, &profile, Some(tr!(ctx.t, "timezone-set", zone = name))).await
}

pub(super) async fn show_availability(
    ctx: &Ctx<'_>,
    profile: &Profile,
    notice: Option<String>,
) -> Result<()> {
    let t = ctx.t;
    let db = &ctx.app.db;
    let rules = availability::rules(db, profile.id).await?;
    let blocks = availability::list_blocks(db, profile.id).await?;
    let mut text = String::new();
    if let Some(notice) = notice {
        text.push_str(&notice);
        text.push_str("\n\n");
    }
    text.push_str(&tr!(t, "availability-title", tz = profile.timezone.name()));
    text.push('\n');
    for day in 1..=7u8 {
        let Some(wd) = weekday(day) else { continue };
        let ranges: Vec<(Time, Time)> = rules
            .iter()
            .filter(|r| r.weekday == i16::from(day))
            .filter_map(|r| Some((parse_hhmm(&r.start_time)?, parse_hhmm(&r.end_time)?)))
            .collect();
        text.push_str(&format!(
            "\n{}: {}",
            t.weekday_heading(wd),
            ranges_text(t, &ranges)
        ));
    }
    let tz = zone(profile);
    let today = tz.to_datetime(now_ts(ctx)).date();
    let current: Vec<String> = blocks
        .iter()
        .filter(|b| block_end(b, &tz).is_some_and(|end| end >= today))
        .map(|b| block_text(t, b, &tz))
        .collect();
    if !current.is_empty() {
        text.push_str("\n\n");
        text.push_str(&tr!(t, "blocked-line", list = current.join(", ")));
    }
    let special: Vec<String> = availability::list_overrides(db, profile.id, today)
        .await?
        .iter()
        .map(|(_, date, ranges)| format!("{} {}", t.date(*date), ranges_text(t, ranges)))
        .collect();
    if !special.is_empty() {
        text.push_str(if current.is_empty() { "\n\n" } else { "\n" });
        text.push_str(&tr!(t, "special-line", list = special.join(", ")));
    }
    text.push_str("\n\n");
    text.push_str(&tr!(t, "availability-hint"));
    let day_button = |day: u8| {
        let wd = weekday(day).unwrap_or(Weekday::Monday);
        (
            t.weekday_short_heading(wd),
            AvailabilityCb::Day(DayOfWeek(wd)).into(),
        )
    };
    let rows = vec![
        (1..=4).map(day_button).collect(),
        (5..=7).map(day_button).collect(),
        vec![
            (tr!(t, "btn-copy-weekdays"), AvailabilityCb::CopyWeekdays.into()),
            (tr!(t, "btn-copy-every-day"), AvailabilityCb::CopyAll.into()),
        ],
        vec![
            (tr!(t, "btn-blocked-dates"), AvailabilityCb::Blocks.into()),
            (tr!(t, "btn-timezone"), AvailabilityCb::Timezones.into()),
        ],
        vec![
            (tr!(t, "btn-booking-rules"), AvailabilityCb::Rules.into()),
            (tr!(t, "btn-special-hours"), AvailabilityCb::Overrides.into()),
        ],
        vec![(tr!(t, "btn-next-7-days"), AvailabilityCb::Week.into())],
        vec![(tr!(t, "btn-back"), PerformerCb::Menu.into())],
    ];
    let mut markup = keyboard(rows);
    // The week as a grid to paint, in the Mini App, when the server has a public address.
    if let Some(url) = crate::miniapp::url(ctx.app) {
        let button = frankenstein::types::InlineKeyboardButton::builder()
            .text(tr!(t, "app-perf-btn-edit-week"))
            .web_app(frankenstein::types::WebAppInfo {
                url: format!("{url}?screen=perf-week"),
            })
            .build();
        markup.inline_keyboard.insert(0, vec![button]);
    }
    ctx.show(text, markup).await
}

async fn show_day(ctx: &Ctx<'_>, profile: &Profile, wd: Weekday) -> Result<()> {
    let t = ctx.t;
    let day = wd.to_monday_one_offset() as u8;
    let ranges: Vec<(Time, Time)> = availability::rules(&ctx.app.db, profile.id)
        .await?
        .iter()
        .filter(|r| r.weekday == i16::from(day))
        .filter_map(|r| Some((parse_hhmm(&r.start_time)?, parse_hhmm(&r.end_time)?)))
        .collect();
    let labels: Vec<String> = (0..PRESETS.len())
        .map(|i| match preset_ranges(i) {
            Some(ranges) if ranges.is_empty() => tr!(t, "btn-day-closed"),
            Some(ranges) => ranges_text(t, &ranges),
            None => String::new(),
        })
        .collect();
    let mut rows: Vec<Vec<(String, Callback)>> = labels
        .iter()
        .enumerate()
        .collect::<Vec<_>>()
        .chunks(2)
        .map(|chunk| {
            chunk
                .iter()
                .map(|(i, label)| {
                    let preset = u8::try_from(*i).unwrap_or(0);
                    (
                        (*label).clone(),
                        AvailabilityCb::DayPreset(DayOfWeek(wd), Choice(preset)).into(),
                    )
                })
                .collect()
        })
        .collect();
    rows.push(vec![(
        tr!(t, "btn-custom-hours"),
        AvailabilityCb::DayCustom(DayOfWeek(wd)).into(),
    )]);
    rows.push(vec![(tr!(t, "btn-back"), AvailabilityCb::Show.into())]);
    let text = tr!(
        t,
        "day-title",
        day = t.weekday_heading(wd),
        current = ranges_text(t, &ranges)
    );
    ctx.show(text, keyboard(rows)).await
}

/// The last local date a block covers.
fn block_end(block: &availability_blocks::Model, tz: &TimeZone) -> Option<Date> {
    match (block.to_date, block.ends_at) {
        (Some(to), _) => Some(date_of(to)),
        (_, Some(end)) => Some(tz.to_datetime(to_ts(end)).date()),
        _ => None,
    }
}

fn date_of(d: time::Date) -> Date {
    jiff::civil::date(d.year() as i16, u8::from(d.month()) as i8, d.day() as i8)
}

fn block_range_text(t: Texts, from: Date, to: Date) -> String {
    if from == to {
        t.date_year(from)
    } else {
        format!("{} – {}", t.date_year(from), t.date_year(to))
    }
}

fn block_text(t: Texts, block: &availability_blocks::Model, tz: &TimeZone) -> String {
    match (block.from_date, block.to_date, block.starts_at, block.ends_at) {
        (Some(from), Some(to), _, _) => block_range_text(t, date_of(from), date_of(to)),
        (_, _, Some(start), Some(end)) => {
            let (start, end) = (tz.to_datetime(to_ts(start)), tz.to_datetime(to_ts(end)));
            format!(
                "{} {:02}:{:02} – {} {:02}:{:02}",
                t.date_year(start.date()),
                start.hour(),
                start.minute(),
                t.date_year(end.date()),
                end.hour(),
                end.minute()
            )
        }
        _ => "?".to_owned(),
    }
}

pub(super) async fn show_blocks(ctx: &Ctx<'_>, profile: &Profile, notice: Option<String>) -> Result<()> {
    let t = ctx.t;
    let tz = zone(profile);
    let today = tz.to_datetime(now_ts(ctx)).date();
    let blocks: Vec<_> = availability::list_blocks(&ctx.app.db, profile.id)
        .await?
        .into_iter()
        .filter(|b| block_end(b, &tz).is_some_and(|end| end >= today))
        .collect();
    let labels: Vec<String> = blocks
        .iter()
        .map(|b| format!("🗑 {}", block_text(t, b, &tz)))
        .collect();
    let mut rows: Vec<Vec<(String, Callback)>> = blocks
        .iter()
        .zip(&labels)
        .map(|(b, label)| vec![(label.clone(), AvailabilityCb::RemoveBlock(BlockId(b.id)).into())])
        .collect();
    rows.push(vec![(tr!(t, "btn-add-block"), AvailabilityCb::AddBlock.into())]);
    rows.push(vec![(tr!(t, "btn-back"), AvailabilityCb::Show.into())]);
    let mut text = String::new();
    if let Some(notice) = notice {
        text.push_str(&notice);
        text.push_str("\n\n");
    }
    text.push_str(&tr!(t, "blocks-title"));
    text.push('\n');
    if blocks.is_empty() {
        text.push('\n');
        text.push_str(&tr!(t, "no-blocks"));
    } else {
        for block in &blocks {
            text.push_str("\n• ");
            text.push_str(&block_text(t, block, &tz));
        }
        text.push_str("\n\n");
        text.push_str(&tr!(t, "blocks-hint"));
    }
    ctx.show(text, keyboard(rows)).await
}

/// `Mexico City · UTC-06:00`
fn zone_label(name: &str, now: Timestamp) -> String {
    let city = name.rsplit('/').next().unwrap_or(name).replace('_', " ");
    match TimeZone::get(name) {
        Ok(tz) if name != "UTC" => format!("{city} · UTC{}", tz.to_offset(now)),
        _ => city,
    }
}

pub(super) async fn show_timezones(ctx: &Ctx<'_>, profile: &Profile, notice: Option<String>) -> Result<()> {
    let t = ctx.t;
    let now = now_ts(ctx);
    let buttons: Vec<(String, Callback)> = COMMON_ZONES
        .iter()
        .filter_map(|name| ZoneName::new(name))
        .map(|zone| {
            let label = zone_label(zone.name(), now);
            let label = if zone.name() == profile.timezone {
                format!("✅ {label}")
            } else {
                label
            };
            (label, AvailabilityCb::SetTimezone(zone).into())
        })
        .collect();
    let mut rows: Vec<Vec<(String, Callback)>> = buttons.chunks(2).map(<[_]>::to_vec).collect();
    rows.push(vec![(
        tr!(t, "btn-other-timezone"),
        AvailabilityCb::OtherTimezone.into(),
    )]);
    rows.push(vec![(tr!(t, "btn-back"), AvailabilityCb::Show.into())]);
    let mut text = String::new();
    if let Some(notice) = notice {
        text.push_str(&notice);
        text.push_str("\n\n");
    }
    text.push_str(&tr!(t, "timezone-title", current = profile.timezone.name()));
    ctx.show(text, keyboard(rows)).await
}

/// The next 7 days of free slots for the shortest rate, merged into ranges per local day.
async fn show_week(ctx: &Ctx<'_>, profile: &Profile) -> Result<()> {
    let t = ctx.t;
    let db = &ctx.app.db;
    let rates = profiles::rates(db, profile.id).await?;
    let duration = rates.iter().map(|r| r.duration_minutes).min().unwrap_or(30);
    let now = now_ts(ctx);
    let tz = zone(profile);
    let slots = availability::free_slots(
        db,
        profile,
        now,
        now,
        now + SignedDuration::from_hours(24 * 7),
        duration,
    )
    .await?;
    let by_day = crate::domain::availability::group_by_local_date(&slots, &tz);
    let today = tz.to_datetime(now).date();
    let mut text = tr!(t, "week-title", minutes = duration, tz = profile.timezone.name());
    text.push('\n');
    let mut any = false;
    for offset in 0..7 {
        let Ok(date) = today.checked_add(jiff::Span::new().days(offset)) else {
            continue;
        };
        let ranges: Vec<String> = by_day
            .iter()
            .find(|(d, _)| *d == date)
            .map(|(_, day_slots)| merged(day_slots))
            .unwrap_or_default()
            .into_iter()
            .map(|(start, end)| {
                let (s, e) = (tz.to_datetime(start), tz.to_datetime(end));
                let end_text = if e.date() > date && e.time() == Time::midnight() {
                    "24:00".to_owned()
                } else {
                    format!("{:02}:{:02}", e.hour(), e.minute())
                };
                format!("{:02}:{:02}–{end_text}", s.hour(), s.minute())
            })
            .collect();
        any |= !ranges.is_empty();
        let line = if ranges.is_empty() {
            "—".to_owned()
        } else {
            ranges.join(", ")
        };
        text.push_str(&format!("\n{}: {line}", t.date_year(date)));
    }
    if !any {
        text.push_str("\n\n");
        text.push_str(&tr!(t, "week-none"));
    }
    ctx.show(
        text,
        keyboard(vec![vec![(tr!(t, "btn-back"), AvailabilityCb::Show.into())]]),
    )
    .await
}

/// Slots (in start order) merged where they touch or overlap: the spans in which a call fits.
fn merged(slots: &[crate::domain::availability::Slot]) -> Vec<(Timestamp, Timestamp)> {
    let mut spans: Vec<(Timestamp, Timestamp)> = Vec::new();
    for slot in slots {
        match spans.last_mut() {
            Some((_, end)) if slot.start <= *end => *end = (*end).max(slot.end),
            _ => spans.push((slot.start, slot.end)),
        }
    }
    spans
}

#[derive(Debug, PartialEq, Eq)]
pub enum RangeProblem {
    /// This piece is not `HH:MM-HH:MM`.
    Format(String),
    /// Start and end are the same time (only `00:00-24:00`, the whole day, may do that).
    Empty(String),
    Overlap,
    TooMany,
}

/// Typed weekly hours: `09:00-13:00, 15:00-20:00`; a range may end after midnight
/// (`18:00-02:00`); `00:00-24:00` is the whole day; `closed` (or `cerrado`, `-`) is no hours.
pub fn parse_ranges(input: &str) -> Result<Vec<(Time, Time)>, RangeProblem> {
    let input = input.trim();
    if matches!(
        input.to_lowercase().as_str(),
        "closed" | "cerrado" | "fechado" | "-" | "—"
    ) {
        return Ok(Vec::new());
    }
    let mut ranges = Vec::new();
    for piece in input
        .split([',', ';', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let bad = || RangeProblem::Format(piece.to_owned());
        let (start, end) = piece.split_once(['-', '–', '—']).ok_or_else(bad)?;
        let (start, end) = (
            parse_hhmm(start).ok_or_else(bad)?,
            parse_hhmm(end).ok_or_else(bad)?,
        );
        if start == end && start != Time::midnight() {
            return Err(RangeProblem::Empty(piece.to_owned()));
        }
        ranges.push((start, end));
    }
    if ranges.is_empty() {
        return Err(RangeProblem::Format(input.to_owned()));
    }
    if ranges.len() > MAX_RANGES {
        return Err(RangeProblem::TooMany);
    }
    // Minutes from the day's start; an end at or before the start is on the next day.
    let minutes = |t: Time| i32::from(t.hour()) * 60 + i32::from(t.minute());
    let mut spans: Vec<(i32, i32)> = ranges
        .iter()
        .map(|(s, e)| {
            let (s, e) = (minutes(*s), minutes(*e));
            (s, if e <= s { e + 24 * 60 } else { e })
        })
        .collect();
    spans.sort_unstable();
    if spans.windows(2).any(|w| w[1].0 < w[0].1) {
        return Err(RangeProblem::Overlap);
    }
    ranges.sort_by_key(|(s, _)| minutes(*s));
    Ok(ranges)
}

#[derive(Debug, PartialEq, Eq)]
pub enum BlockProblem {
    Format,
    Past,
    Reversed,
    TooLong,
}

/// `2026-12-24` or `2026-12-24..2026-12-31` (also with `–` or ` - ` between), from `today` on.
pub fn parse_block(input: &str, today: Date) -> Result<(Date, Date), BlockProblem> {
    let input = input.trim();
    let (from, to) = match input.split_once("..") {
        Some((a, b)) => (a.trim(), b.trim()),
        None => match input.split_once(['–', '—']).or_else(|| input.split_once(" - ")) {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (input, input),
        },
    };
    let parse = |s: &str| s.parse::<Date>().map_err(|_| BlockProblem::Format);
    let (from, to) = (parse(from)?, parse(to)?);
    if to < from {
        return Err(BlockProblem::Reversed);
    }
    if from < today {
        return Err(BlockProblem::Past);
    }
    let days = from.until(to).map_err(|_| BlockProblem::Format)?.get_days();
    if days >= MAX_BLOCK_DAYS {
        return Err(BlockProblem::TooLong);
    }
    Ok((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, time};

    #[test]
    fn typed_hours_become_ranges() {
        let t = |h, m| time(h, m, 0, 0);
        assert_eq!(
            parse_ranges("09:00-13:00, 15:00-20:00"),
            Ok(vec![(t(9, 0), t(13, 0)), (t(15, 0), t(20, 0))])
        );
        assert_eq!(parse_ranges("18:00–02:00"), Ok(vec![(t(18, 0), t(2, 0))]));
        assert_eq!(parse_ranges("00:00-24:00"), Ok(vec![(t(0, 0), t(0, 0))]));
        assert_eq!(parse_ranges("9:30-12:00"), Ok(vec![(t(9, 30), t(12, 0))]));
        assert_eq!(parse_ranges("cerrado"), Ok(vec![]));
        assert_eq!(
            parse_ranges("10:00-10:00"),
            Err(RangeProblem::Empty("10:00-10:00".into()))
        );
        assert_eq!(parse_ranges("9 to 5"), Err(RangeProblem::Format("9 to 5".into())));
        assert_eq!(
            parse_ranges("25:00-26:00"),
            Err(RangeProblem::Format("25:00-26:00".into()))
        );
        assert_eq!(
            parse_ranges("10:00-14:00, 13:00-15:00"),
            Err(RangeProblem::Overlap)
        );
        assert_eq!(
            parse_ranges("20:00-03:00, 22:00-23:00"),
            Err(RangeProblem::Overlap)
        );
        assert_eq!(
            parse_ranges("01:00-02:00,03:00-04:00,05:00-06:00,07:00-08:00,09:00-10:00"),
            Err(RangeProblem::TooMany)
        );
    }

    #[test]
    fn typed_dates_become_a_block_from_today_on() {
        let today = date(2026, 12, 7);
        assert_eq!(
            parse_block("2026-12-24", today),
            Ok((date(2026, 12, 24), date(2026, 12, 24)))
        );
        assert_eq!(
            parse_block("2026-12-24..2026-12-31", today),
            Ok((date(2026, 12, 24), date(2026, 12, 31)))
        );
        assert_eq!(
            parse_block("2026-12-24 - 2027-01-02", today),
            Ok((date(2026, 12, 24), date(2027, 1, 2)))
        );
        assert_eq!(parse_block("24/12/2026", today), Err(BlockProblem::Format));
        assert_eq!(parse_block("2026-12-01", today), Err(BlockProblem::Past));
        assert_eq!(
            parse_block("2026-12-31..2026-12-24", today),
            Err(BlockProblem::Reversed)
        );
        assert_eq!(
            parse_block("2026-12-08..2028-01-01", today),
            Err(BlockProblem::TooLong)
        );
    }
}
