//! Availability's ⚙️ Booking rules (buffers, minimum notice, booking window, slot step) and
//! 📆 Special hours on a date. Every change goes through `services` that bump the performer's
//! `schedule_version`, so slot lists and holds use the new rules at once.

use jiff::civil::{Date, Time};

use super::availability::{range_problem_text, ranges_text, AvailabilityCb, AvailabilityInput};
use super::callback::Back;
use super::{ask, cancel_keyboard, now_ts, reload, zone};
use crate::bot::callback::Callback;
use crate::bot::callback_data::{Choice, OverrideId};
use crate::bot::{keyboard, Ctx, Result};
use crate::domain::availability::{BookingSettings, MAX_WINDOW_DAYS};
use crate::i18n::{tr, Texts};
use crate::services::availability;
use crate::services::profiles::{self, Profile};

crate::callback_enum! {
    /// One of the booking rules.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Rule {
        BufferBefore = "bb",
        BufferAfter = "ba",
        Notice = "mn",
        Window = "wd",
        Step = "st",
    }
}

impl Rule {
    pub const ALL: [Rule; 5] = [
        Rule::BufferBefore,
        Rule::BufferAfter,
        Rule::Notice,
        Rule::Window,
        Rule::Step,
    ];

    /// One-tap values (minutes, or days for the window).
    pub fn presets(self) -> &'static [u32] {
        match self {
            Rule::BufferBefore | Rule::BufferAfter => &[0, 5, 10, 15, 30, 60],
            Rule::Notice => &[0, 30, 60, 120, 240, 720, 1440],
            Rule::Window => &[7, 14, 30, 60, 90, 180],
            Rule::Step => &[15, 20, 30, 60],
        }
    }

    /// Typed values allowed, both ends included. Buffers stay under the day the busy search
    /// looks around a query (`services::availability::BUSY_MARGIN`).
    pub fn limits(self) -> (u32, u32) {
        match self {
            Rule::BufferBefore | Rule::BufferAfter => (0, 240),
            Rule::Notice => (0, 7 * 24 * 60),
            Rule::Window => (1, MAX_WINDOW_DAYS),
            Rule::Step => (5, 240),
        }
    }

    fn in_days(self) -> bool {
        self == Rule::Window
    }

    pub fn get(self, s: &BookingSettings) -> u32 {
        match self {
            Rule::BufferBefore => s.buffer_before_min,
            Rule::BufferAfter => s.buffer_after_min,
            Rule::Notice => s.min_notice_min,
            Rule::Window => s.window_days,
            Rule::Step => s.slot_step_min,
        }
    }

    fn set(self, s: &mut BookingSettings, value: u32) {
        match self {
            Rule::BufferBefore => s.buffer_before_min = value,
            Rule::BufferAfter => s.buffer_after_min = value,
            Rule::Notice => s.min_notice_min = value,
            Rule::Window => s.window_days = value,
            Rule::Step => s.slot_step_min = value,
        }
    }

    fn name(self, t: Texts) -> String {
        match self {
            Rule::BufferBefore => tr!(t, "rule-buffer-before"),
            Rule::BufferAfter => tr!(t, "rule-buffer-after"),
            Rule::Notice => tr!(t, "rule-notice"),
            Rule::Window => tr!(t, "rule-window"),
            Rule::Step => tr!(t, "rule-step"),
        }
    }

    /// A value with its unit: `15 min`, `2 h`, `30 days`.
    fn value_text(self, t: Texts, value: u32) -> String {
        if self.in_days() {
            return tr!(t, "value-days", days = value);
        }
        let (hours, minutes) = (value / 60, value % 60);
        match (hours, minutes) {
            (0, m) => tr!(t, "value-minutes", minutes = m),
            (h, 0) => tr!(t, "value-hours", hours = h),
            (h, m) => tr!(t, "value-hours-minutes", hours = h, minutes = m),
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum ValueProblem {
    /// Not a number (with an optional `min`/`h`/`d` unit).
    Format,
    OutOfRange,
}

/// A typed rule value: `45`, `45 min`, `2h`, `1h30` for minutes; `14` or `14 days` for the window.
pub fn parse_value(rule: Rule, input: &str) -> Result<u32, ValueProblem> {
    let s = input.trim().to_lowercase().replace(' ', "");
    let value = if rule.in_days() {
        let digits = s.trim_end_matches(|c: char| c.is_alphabetic());
        let unit = &s[digits.len()..];
        if !matches!(unit, "" | "d" | "day" | "days" | "dia" | "dias" | "días" | "día") {
            return Err(ValueProblem::Format);
        }
        digits.parse::<u32>().map_err(|_| ValueProblem::Format)?
    } else if let Some((h, m)) = s.split_once('h') {
        let hours = h.parse::<u32>().map_err(|_| ValueProblem::Format)?;
        let m = m.trim_end_matches("min").trim_end_matches('m');
        let minutes = if m.is_empty() {
            0
        } else {
            m.parse::<u32>().map_err(|_| ValueProblem::Format)?
        };
        if minutes >= 60 {
            return Err(ValueProblem::Format);
        }
        hours
            .checked_mul(60)
            .and_then(|v| v.checked_add(minutes))
            .ok_or(ValueProblem::OutOfRange)?
    } else {
        let digits = s.trim_end_matches("min").trim_end_matches('m');
        digits.parse::<u32>().map_err(|_| ValueProblem::Format)?
    };
    let (min, max) = rule.limits();
    if !(min..=max).contains(&value) {
        return Err(ValueProblem::OutOfRange);
    }
    Ok(value)
}

/// ⚙️ Booking rules: the current values, one button each.
pub(super) async fn show_rules(ctx: &Ctx<'_>, profile: &Profile, notice: Option<String>) -> Result<()> {
    let t = ctx.t;
    let settings = profiles::settings(profile);
    let value = |rule: Rule| rule.value_text(t, rule.get(&settings));
    let mut text = notice.map(|n| format!("{n}\n\n")).unwrap_or_default();
    text.push_str(&tr!(
        t,
        "rules-title",
        tz = profile.timezone.name(),
        before = value(Rule::BufferBefore),
        after = value(Rule::BufferAfter),
        notice = value(Rule::Notice),
        window = value(Rule::Window),
        step = value(Rule::Step)
    ));
    let mut rows: Vec<Vec<(String, Callback)>> = Rule::ALL
        .iter()
        .map(|rule| {
            vec![(
                format!("{}: {}", rule.name(t), value(*rule)),
                AvailabilityCb::Rule(*rule).into(),
            )]
        })
        .collect();
    rows.push(vec![(tr!(t, "btn-back"), AvailabilityCb::Show.into())]);
    ctx.show(text, keyboard(rows)).await
}

/// One rule: its presets, Type a value, Back.
pub(super) async fn show_rule(ctx: &Ctx<'_>, profile: &Profile, rule: Rule) -> Result<()> {
    let t = ctx.t;
    let current = rule.get(&profiles::settings(profile));
    let buttons: Vec<(String, Callback)> = rule
        .presets()
        .iter()
        .enumerate()
        .map(|(i, value)| {
            let label = rule.value_text(t, *value);
            let label = if *value == current {
                format!("✅ {label}")
            } else {
                label
            };
            let choice = Choice(u8::try_from(i).unwrap_or(0));
            (label, AvailabilityCb::RulePreset(rule, choice).into())
        })
        .collect();
    let mut rows: Vec<Vec<(String, Callback)>> = buttons.chunks(3).map(<[_]>::to_vec).collect();
    rows.push(vec![(
        tr!(t, "btn-type-value"),
        AvailabilityCb::RuleCustom(rule).into(),
    )]);
    rows.push(vec![(tr!(t, "btn-back"), AvailabilityCb::Rules.into())]);
    let text = tr!(
        t,
        "rule-title",
        name = rule.name(t),
        current = rule.value_text(t, current),
        tz = profile.timezone.name()
    );
    ctx.show(text, keyboard(rows)).await
}

pub(super) async fn set_preset(ctx: &Ctx<'_>, profile: &Profile, rule: Rule, choice: Choice) -> Result<()> {
    match rule.presets().get(usize::from(choice.0)) {
        Some(value) => save(ctx, profile, rule, *value).await,
        None => show_rules(ctx, profile, None).await,
    }
}

pub(super) async fn ask_value(ctx: &Ctx<'_>, rule: Rule) -> Result<()> {
    let t = ctx.t;
    let (min, max) = rule.limits();
    let question = if rule.in_days() {
        tr!(t, "ask-rule-days", name = rule.name(t), min = min, max = max)
    } else {
        tr!(t, "ask-rule-minutes", name = rule.name(t), min = min, max = max)
    };
    ask(ctx, AvailabilityInput::RuleValue { rule }, question, Back::Rules).await
}

pub(super) async fn on_value(ctx: &Ctx<'_>, profile: &Profile, rule: Rule, text: &str) -> Result<()> {
    let t = ctx.t;
    match parse_value(rule, text) {
        Ok(value) => {
            ctx.clear_chat_state().await?;
            save(ctx, profile, rule, value).await
        }
        Err(problem) => {
            let (min, max) = rule.limits();
            let (min, max) = (rule.value_text(t, min), rule.value_text(t, max));
            let reason = match problem {
                ValueProblem::Format => tr!(t, "rule-bad-value", input = text),
                ValueProblem::OutOfRange => {
                    tr!(t, "rule-out-of-range", name = rule.name(t), min = min, max = max)
                }
            };
            ctx.send(reason, Some(cancel_keyboard(ctx, Back::Rules))).await
        }
    }
}

/// Writes one rule over the settings as stored now (bumps `schedule_version`).
async fn save(ctx: &Ctx<'_>, profile: &Profile, rule: Rule, value: u32) -> Result<()> {
    let t = ctx.t;
    let fresh = reload(ctx, profile).await?;
    let mut settings = profiles::settings(&fresh);
    rule.set(&mut settings, value);
    profiles::set_settings(&ctx.app.db, fresh.id, &settings, ctx.app.now()).await?;
    let fresh = reload(ctx, &fresh).await?;
    let notice = tr!(
        t,
        "rule-saved",
        name = rule.name(t),
        value = rule.value_text(t, value)
    );
    show_rules(ctx, &fresh, Some(notice)).await
}

// ── Special hours on a date ─────────────────────────────────────────────────────────────

fn today(ctx: &Ctx<'_>, profile: &Profile) -> Date {
    zone(profile).to_datetime(now_ts(ctx)).date()
}

pub(super) async fn show_overrides(ctx: &Ctx<'_>, profile: &Profile, notice: Option<String>) -> Result<()> {
    let t = ctx.t;
    let list = availability::list_overrides(&ctx.app.db, profile.id, today(ctx, profile)).await?;
    let line =
        |date: Date, ranges: &[(Time, Time)]| format!("{}: {}", t.date_year(date), ranges_text(t, ranges));
    let mut text = notice.map(|n| format!("{n}\n\n")).unwrap_or_default();
    text.push_str(&tr!(t, "overrides-title", tz = profile.timezone.name()));
    text.push('\n');
    if list.is_empty() {
        text.push('\n');
        text.push_str(&tr!(t, "no-overrides"));
    } else {
        for (_, date, ranges) in &list {
            text.push_str("\n• ");
            text.push_str(&line(*date, ranges));
        }
        text.push_str("\n\n");
        text.push_str(&tr!(t, "overrides-hint"));
    }
    let mut rows: Vec<Vec<(String, Callback)>> = list
        .iter()
        .map(|(id, date, ranges)| {
            vec![(
                format!("🗑 {}", line(*date, ranges)),
                AvailabilityCb::RemoveOverride(OverrideId(*id)).into(),
            )]
        })
        .collect();
    rows.push(vec![(
        tr!(t, "btn-add-override"),
        AvailabilityCb::AddOverride.into(),
    )]);
    rows.push(vec![(tr!(t, "btn-back"), AvailabilityCb::Show.into())]);
    ctx.show(text, keyboard(rows)).await
}

pub(super) async fn ask_override_date(ctx: &Ctx<'_>, profile: &Profile) -> Result<()> {
    let t = ctx.t;
    let question = tr!(
        t,
        "ask-override-date",
        today = today(ctx, profile).to_string(),
        tz = profile.timezone.name()
    );
    ask(ctx, AvailabilityInput::OverrideDate, question, Back::Overrides).await
}

pub(super) async fn remove_override(ctx: &Ctx<'_>, profile: &Profile, id: OverrideId) -> Result<()> {
    let notice = if availability::remove_override(&ctx.app.db, profile.id, id.0).await? {
        tr!(ctx.t, "override-removed")
    } else {
        tr!(ctx.t, "override-gone")
    };
    show_overrides(ctx, profile, Some(notice)).await
}

/// The typed date of special hours: from today on (in the performer's zone), within a year.
pub(super) async fn on_override_date(ctx: &Ctx<'_>, profile: &Profile, text: &str) -> Result<()> {
    let t = ctx.t;
    let today = today(ctx, profile);
    let tz = profile.timezone.name();
    let reason = match text.trim().parse::<Date>() {
        Ok(date) if date < today => tr!(t, "override-in-past", today = today.to_string(), tz = tz),
        Ok(date)
            if today
                .until(date)
                .map_or(true, |s| s.get_days() > MAX_WINDOW_DAYS as i32) =>
        {
            tr!(t, "override-too-far", max = MAX_WINDOW_DAYS)
        }
        Ok(date) => {
            let question = tr!(t, "ask-override-hours", date = t.date_year(date), tz = tz);
            let input = AvailabilityInput::OverrideHours {
                date: date.to_string(),
            };
            return ask(ctx, input, question, Back::Overrides).await;
        }
        Err(_) => tr!(t, "override-bad-date", today = today.to_string()),
    };
    ctx.send(reason, Some(cancel_keyboard(ctx, Back::Overrides)))
        .await
}

pub(super) async fn on_override_hours(
    ctx: &Ctx<'_>,
    profile: &Profile,
    date: &str,
    text: &str,
) -> Result<()> {
    let t = ctx.t;
    let Ok(date) = date.parse::<Date>() else {
        ctx.clear_chat_state().await?;
        return show_overrides(ctx, profile, None).await;
    };
    match super::availability::parse_ranges(text) {
        Ok(ranges) => {
            availability::set_override(&ctx.app.db, profile.id, date, &ranges).await?;
            ctx.clear_chat_state().await?;
            let notice = tr!(
                t,
                "override-saved",
                date = t.date_year(date),
                hours = ranges_text(t, &ranges)
            );
            show_overrides(ctx, profile, Some(notice)).await
        }
        Err(problem) => {
            let reason = range_problem_text(t, problem);
            ctx.send(reason, Some(cancel_keyboard(ctx, Back::Overrides)))
                .await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_rule_values_are_read_in_their_unit_and_kept_in_range() {
        assert_eq!(parse_value(Rule::BufferAfter, "15"), Ok(15));
        assert_eq!(parse_value(Rule::BufferAfter, "15 min"), Ok(15));
        assert_eq!(parse_value(Rule::Notice, "2h"), Ok(120));
        assert_eq!(parse_value(Rule::Notice, "1h30"), Ok(90));
        assert_eq!(parse_value(Rule::Notice, "1 h 30 min"), Ok(90));
        assert_eq!(parse_value(Rule::Window, "14"), Ok(14));
        assert_eq!(parse_value(Rule::Window, "14 days"), Ok(14));
        assert_eq!(parse_value(Rule::Window, "0"), Err(ValueProblem::OutOfRange));
        assert_eq!(parse_value(Rule::Window, "400"), Err(ValueProblem::OutOfRange));
        assert_eq!(parse_value(Rule::Step, "3"), Err(ValueProblem::OutOfRange));
        assert_eq!(
            parse_value(Rule::BufferBefore, "300"),
            Err(ValueProblem::OutOfRange)
        );
        assert_eq!(parse_value(Rule::BufferBefore, "-5"), Err(ValueProblem::Format));
        assert_eq!(parse_value(Rule::Step, "soon"), Err(ValueProblem::Format));
        assert_eq!(parse_value(Rule::Notice, "1h75"), Err(ValueProblem::Format));
    }
}
