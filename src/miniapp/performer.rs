//! `/app/api/performer`: the performer's screens of the Mini App — the weekly hours as a grid of
//! half-hours, blocked dates and special hours on a calendar, the next 14 days as users will see
//! them, the profile with a live preview, and earnings.
//!
//! Every handler takes a [`PerformerViewer`] (the role is checked on the server), and every
//! change goes through the service the chat's `/pnp_live` screens call, with the chat's own
//! parsing and limits (`bot::performer::availability::parse_ranges`, `parse_block`,
//! `domain::profile`), so the app and the chat never disagree about what a schedule or a profile
//! may be.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use jiff::civil::{Date, Time, Weekday};
use jiff::ToSpan;
use sea_orm::DbErr;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::auth::PerformerViewer;
use crate::bot::performer::availability::{
    parse_block, parse_ranges, range_problem_text, BlockProblem, MAX_BLOCK_DAYS,
};
use crate::bot::performer::profile::{duration_invalid_text, price_problem_text, rates_currency};
use crate::domain::availability::{group_by_local_date, MAX_WINDOW_DAYS};
use crate::domain::profile::{CallLength, DisplayName, Price, Tag, DURATION_RANGE, MAX_RATES, MAX_TAGS};
use crate::i18n::{tr, Texts};
use crate::services::availability::{self, format_hhmm, parse_hhmm, to_odt, to_ts};
use crate::services::profiles::{self, Profile};
use crate::services::{earnings, profile_edits};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/app/api/performer/week", get(week).put(save_week))
        .route("/app/api/performer/calendar", get(calendar))
        .route("/app/api/performer/blocks", post(add_block))
        .route("/app/api/performer/blocks/{id}", delete(remove_block))
        .route("/app/api/performer/overrides", post(add_override))
        .route("/app/api/performer/overrides/{id}", delete(remove_override))
        .route("/app/api/performer/preview", get(preview))
        .route("/app/api/performer/profile", get(profile).put(save_profile))
        .route("/app/api/performer/rates", post(save_rate))
        .route("/app/api/performer/rates/{id}", delete(remove_rate))
        .route("/app/api/performer/earnings", get(earnings_page))
}

/// What a Mini App call can end in besides its answer: a refusal the page shows as it is (in the
/// viewer's language, from the same texts the chat uses), or a failure underneath.
#[derive(Debug)]
pub enum ApiError {
    /// 422: the input breaks a rule; `message` says which.
    Invalid {
        code: &'static str,
        message: String,
    },
    /// 409: the thing moved on (already refunded, already cancelled…); nothing changed.
    Conflict {
        code: &'static str,
        message: String,
    },
    NotFound,
    Db(DbErr),
    /// A chat-side effect failed after the change was made (logged; the change stands).
    Failed(String),
}

impl From<DbErr> for ApiError {
    fn from(e: DbErr) -> Self {
        ApiError::Db(e)
    }
}

impl From<crate::bot::BotError> for ApiError {
    fn from(e: crate::bot::BotError) -> Self {
        ApiError::Failed(e.to_string())
    }
}

impl From<crate::services::booking::BookingError> for ApiError {
    fn from(e: crate::services::booking::BookingError) -> Self {
        match e {
            crate::services::booking::BookingError::NotFound => ApiError::NotFound,
            crate::services::booking::BookingError::Db(e) => ApiError::Db(e),
            other => ApiError::Failed(other.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message) = match self {
            ApiError::Invalid { code, message } => (StatusCode::UNPROCESSABLE_ENTITY, code, message),
            ApiError::Conflict { code, message } => (StatusCode::CONFLICT, code, message),
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not_found", "not found".to_owned()),
            ApiError::Db(e) => {
                tracing::error!(error = %e, "Mini App: database failure");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    "temporarily unavailable, retry later".to_owned(),
                )
            }
            ApiError::Failed(e) => {
                tracing::error!(error = %e, "Mini App: action failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "failed",
                    "something went wrong".to_owned(),
                )
            }
        };
        (
            status,
            Json(json!({"error": message, "message": message, "code": code})),
        )
            .into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

fn invalid(code: &'static str, message: String) -> ApiError {
    ApiError::Invalid { code, message }
}

/// The performer's profile, created if the role was granted some other way (as the chat does).
async fn own_profile(state: &AppState, viewer: &PerformerViewer) -> ApiResult<Profile> {
    let user = &viewer.0.user;
    Ok(profiles::ensure(
        &state.db,
        user.id,
        &user.first_name,
        &state.config.bot.default_timezone,
        state.now(),
    )
    .await?)
}

fn texts(viewer: &PerformerViewer) -> Texts {
    Texts(viewer.0.lang)
}

fn today(state: &AppState, profile: &Profile) -> Date {
    profile.timezone.tz().to_datetime(to_ts(state.now())).date()
}

// ── The week as half-hours ──────────────────────────────────────────────────────────────

/// Half-hours in a day.
const CELLS: usize = 48;
const CELL_MIN: i32 = 30;

/// One weekday of the grid: `cells` is 48 characters, `1` where the performer takes calls in
/// that half-hour (00:00–00:30 first), in the performer's zone; `hours` the stored ranges as
/// the chat shows them.
#[derive(Debug, Serialize, Deserialize)]
pub struct Day {
    /// 1 = Monday … 7 = Sunday.
    pub weekday: u8,
    pub cells: String,
    #[serde(default, skip_deserializing)]
    pub hours: String,
}

#[derive(Debug, Serialize)]
pub struct Week {
    pub timezone: String,
    pub days: Vec<Day>,
    /// Bumped by every change of the schedule, as in the chat.
    pub schedule_version: i64,
}

#[derive(Debug, Deserialize)]
pub struct WeekInput {
    pub days: Vec<Day>,
}

fn weekday(day: u8) -> Option<Weekday> {
    Weekday::from_monday_one_offset(i8::try_from(day).ok()?).ok()
}

fn minute_of(t: Time) -> i32 {
    i32::from(t.hour()) * 60 + i32::from(t.minute())
}

/// A stored range as minutes from its weekday's midnight; an end at or before the start runs
/// into the next day (so the whole day `00:00–00:00` is `0..1440`).
fn span(start: Time, end: Time) -> (i32, i32) {
    let (s, e) = (minute_of(start), minute_of(end));
    (s, if e <= s { e + 24 * 60 } else { e })
}

/// The stored weekly rules per weekday (index 0 = Monday).
async fn stored_week(state: &AppState, performer_id: i64) -> ApiResult<[Vec<(Time, Time)>; 7]> {
    let mut week: [Vec<(Time, Time)>; 7] = Default::default();
    for rule in availability::rules(&state.db, performer_id).await? {
        let (Some(start), Some(end)) = (parse_hhmm(&rule.start_time), parse_hhmm(&rule.end_time)) else {
            continue;
        };
        if let Some(slot) = usize::try_from(rule.weekday - 1).ok().filter(|d| *d < 7) {
            week[slot].push((start, end));
        }
    }
    Ok(week)
}

/// The half-hours the stored rules cover, per weekday; a range past midnight paints the next
/// day's first cells (Sunday's runs into Monday's), as the slot computation reads it.
fn cells_of(week: &[Vec<(Time, Time)>; 7]) -> [[bool; CELLS]; 7] {
    let mut cells = [[false; CELLS]; 7];
    for (day, ranges) in week.iter().enumerate() {
        for (start, end) in ranges {
            let (s, e) = span(*start, *end);
            for i in 0..2 * CELLS {
                let (from, to) = (i as i32 * CELL_MIN, (i as i32 + 1) * CELL_MIN);
                if from < e && to > s {
                    cells[(day + i / CELLS) % 7][i % CELLS] = true;
                }
            }
        }
    }
    cells
}

fn spills(ranges: &[(Time, Time)]) -> bool {
    ranges.iter().any(|(s, e)| span(*s, *e).1 > 24 * 60)
}

fn cells_text(cells: &[bool; CELLS]) -> String {
    cells.iter().map(|on| if *on { '1' } else { '0' }).collect()
}

fn hhmm_of_cell(i: usize) -> String {
    if i == CELLS {
        return "24:00".to_owned();
    }
    format!("{:02}:{:02}", i / 2, (i % 2) * 30)
}

/// The painted runs of one day as the chat would have them typed: `10:00-14:00, 18:00-24:00`.
fn typed_hours(cells: &[bool; CELLS]) -> String {
    let mut pieces = Vec::new();
    let mut i = 0;
    while i < CELLS {
        if !cells[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i < CELLS && cells[i] {
            i += 1;
        }
        pieces.push(format!("{}-{}", hhmm_of_cell(start), hhmm_of_cell(i)));
    }
    pieces.join(", ")
}

fn ranges_text(t: Texts, ranges: &[(Time, Time)]) -> String {
    if ranges.is_empty() {
        return tr!(t, "day-closed");
    }
    ranges
        .iter()
        .map(|(s, e)| {
            let end = if *e == Time::midnight() {
                "24:00".to_owned()
            } else {
                format_hhmm(*e)
            };
            format!("{}–{end}", format_hhmm(*s))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

async fn week_of(state: &AppState, t: Texts, profile_id: i64) -> ApiResult<Week> {
    let profile = profiles::get(&state.db, profile_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let stored = stored_week(state, profile.id).await?;
    let cells = cells_of(&stored);
    let days = (0..7)
        .map(|d| Day {
            weekday: d as u8 + 1,
            cells: cells_text(&cells[d]),
            hours: ranges_text(t, &stored[d]),
        })
        .collect();
    Ok(Week {
        timezone: profile.timezone.name().to_owned(),
        days,
        schedule_version: profile.schedule_version,
    })
}

async fn week(State(state): State<AppState>, viewer: PerformerViewer) -> ApiResult<Json<Week>> {
    let profile = own_profile(&state, &viewer).await?;
    Ok(Json(week_of(&state, texts(&viewer), profile.id).await?))
}

/// Saves the painted week. Only the weekdays whose half-hours changed are written (a range the
/// grid cannot show exactly, such as 09:15–12:00, stays as it is while its day is untouched),
/// each as the chat's typed hours would be — through `parse_ranges` (at most four ranges a day)
/// and `availability::set_day`, which bumps the schedule version — all in one transaction.
async fn save_week(
    State(state): State<AppState>,
    viewer: PerformerViewer,
    Json(input): Json<WeekInput>,
) -> ApiResult<Json<Week>> {
    let t = texts(&viewer);
    let profile = own_profile(&state, &viewer).await?;
    let stored = stored_week(&state, profile.id).await?;
    let before = cells_of(&stored);
    let mut after = before;
    for day in &input.days {
        let Some(wd) = weekday(day.weekday) else {
            return Err(invalid("bad_weekday", format!("no weekday {}", day.weekday)));
        };
        let bits: Vec<bool> = day.cells.chars().map(|c| c == '1').collect();
        if bits.len() != CELLS || day.cells.chars().any(|c| c != '0' && c != '1') {
            return Err(invalid(
                "bad_cells",
                format!("{}: 48 half-hours of 0 or 1 expected", t.weekday_heading(wd)),
            ));
        }
        let slot = usize::from(day.weekday - 1);
        after[slot].copy_from_slice(&bits);
    }
    // A day is rewritten when it changed; so is a neighbour whose stored range runs across
    // midnight into or out of a rewritten day, since each day is written as its own runs.
    let mut rewrite: [bool; 7] = std::array::from_fn(|d| before[d] != after[d]);
    loop {
        let mut grew = false;
        for d in 0..7 {
            if !rewrite[d] {
                continue;
            }
            let (prev, next) = ((d + 6) % 7, (d + 1) % 7);
            if spills(&stored[prev]) && !rewrite[prev] {
                rewrite[prev] = true;
                grew = true;
            }
            if spills(&stored[d]) && !rewrite[next] {
                rewrite[next] = true;
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
    let mut writes = Vec::new();
    for d in (0..7).filter(|d| rewrite[*d]) {
        let wd = weekday(d as u8 + 1).expect("0..7 are weekdays");
        let typed = typed_hours(&after[d]);
        let ranges = if typed.is_empty() {
            Vec::new()
        } else {
            parse_ranges(&typed).map_err(|problem| {
                invalid(
                    "bad_hours",
                    format!("{}: {}", t.weekday_heading(wd), range_problem_text(t, problem)),
                )
            })?
        };
        writes.push((wd, ranges));
    }
    if !writes.is_empty() {
        let txn = crate::db::begin_write(&state.db).await?;
        for (wd, ranges) in &writes {
            availability::set_day(&txn, profile.id, *wd, ranges).await?;
        }
        txn.commit().await?;
    }
    Ok(Json(week_of(&state, t, profile.id).await?))
}

// ── Blocked dates and special hours ─────────────────────────────────────────────────────

#[derive(Debug, Serialize)]
pub struct BlockOut {
    pub id: i64,
    /// Local dates in the performer's zone, both inclusive.
    pub from: String,
    pub to: String,
    /// Set for a block of an exact period (made elsewhere than by dates).
    pub starts_at: Option<String>,
    pub ends_at: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct OverrideOut {
    pub id: i64,
    pub date: String,
    /// `10:00–14:00`, or the chat's "Closed".
    pub hours: String,
    pub closed: bool,
}

#[derive(Debug, Serialize)]
pub struct Calendar {
    pub timezone: String,
    pub today: String,
    /// The furthest date special hours may be set for.
    pub last_date: String,
    pub blocks: Vec<BlockOut>,
    pub overrides: Vec<OverrideOut>,
}

fn date_of(d: time::Date) -> Date {
    jiff::civil::date(d.year() as i16, u8::from(d.month()) as i8, d.day() as i8)
}

async fn calendar(State(state): State<AppState>, viewer: PerformerViewer) -> ApiResult<Json<Calendar>> {
    let t = texts(&viewer);
    let profile = own_profile(&state, &viewer).await?;
    let tz = profile.timezone.tz().clone();
    let today = today(&state, &profile);
    let blocks = availability::list_blocks(&state.db, profile.id)
        .await?
        .into_iter()
        .filter_map(|b| {
            let (from, to) = match (b.from_date, b.to_date, b.starts_at, b.ends_at) {
                (Some(from), Some(to), _, _) => (date_of(from), date_of(to)),
                (_, _, Some(start), Some(end)) => (
                    tz.to_datetime(to_ts(start)).date(),
                    tz.to_datetime(to_ts(end)).date(),
                ),
                _ => return None,
            };
            (to >= today).then(|| BlockOut {
                id: b.id,
                from: from.to_string(),
                to: to.to_string(),
                starts_at: b.starts_at.map(|s| to_ts(s).to_string()),
                ends_at: b.ends_at.map(|e| to_ts(e).to_string()),
            })
        })
        .collect();
    let overrides = availability::list_overrides(&state.db, profile.id, today)
        .await?
        .into_iter()
        .map(|(id, date, ranges)| OverrideOut {
            id,
            date: date.to_string(),
            hours: ranges_text(t, &ranges),
            closed: ranges.is_empty(),
        })
        .collect();
    let last_date = today
        .checked_add((MAX_WINDOW_DAYS as i64).days())
        .unwrap_or(today);
    Ok(Json(Calendar {
        timezone: profile.timezone.name().to_owned(),
        today: today.to_string(),
        last_date: last_date.to_string(),
        blocks,
        overrides,
    }))
}

#[derive(Debug, Deserialize)]
pub struct BlockInput {
    pub from: String,
    #[serde(default)]
    pub to: Option<String>,
}

/// Blocks whole dates, with the chat's rules (`parse_block`: from today on, at most a year).
async fn add_block(
    State(state): State<AppState>,
    viewer: PerformerViewer,
    Json(input): Json<BlockInput>,
) -> ApiResult<Json<Calendar>> {
    let t = texts(&viewer);
    let profile = own_profile(&state, &viewer).await?;
    let today = today(&state, &profile);
    let to = input.to.as_deref().unwrap_or(&input.from);
    let (from, to) = parse_block(&format!("{}..{}", input.from.trim(), to.trim()), today).map_err(|p| {
        let today = today.to_string();
        let message = match p {
            BlockProblem::Format => tr!(t, "block-bad-format", today = today),
            BlockProblem::Past => tr!(t, "block-in-past", today = today),
            BlockProblem::Reversed => tr!(t, "block-reversed"),
            BlockProblem::TooLong => tr!(t, "block-too-long", max = MAX_BLOCK_DAYS),
        };
        invalid("bad_block", message)
    })?;
    availability::block_dates(&state.db, profile.id, from, to, state.now()).await?;
    calendar(State(state), viewer).await
}

async fn remove_block(
    State(state): State<AppState>,
    viewer: PerformerViewer,
    Path(id): Path<i64>,
) -> ApiResult<Json<Calendar>> {
    let profile = own_profile(&state, &viewer).await?;
    if !availability::remove_block(&state.db, profile.id, id).await? {
        return Err(ApiError::Conflict {
            code: "block_gone",
            message: tr!(texts(&viewer), "block-gone"),
        });
    }
    calendar(State(state), viewer).await
}

#[derive(Debug, Deserialize)]
pub struct OverrideInput {
    pub date: String,
    /// Typed as in the chat: `10:00-14:00, 18:00-22:00`, or `closed`.
    pub hours: String,
}

/// Special hours on a date, with the chat's rules: from today to the longest booking window,
/// hours as `parse_ranges` reads them.
async fn add_override(
    State(state): State<AppState>,
    viewer: PerformerViewer,
    Json(input): Json<OverrideInput>,
) -> ApiResult<Json<Calendar>> {
    let t = texts(&viewer);
    let profile = own_profile(&state, &viewer).await?;
    let today = today(&state, &profile);
    let tz = profile.timezone.name();
    let date = input
        .date
        .trim()
        .parse::<Date>()
        .map_err(|_| invalid("bad_date", tr!(t, "override-bad-date", today = today.to_string())))?;
    if date < today {
        return Err(invalid(
            "bad_date",
            tr!(t, "override-in-past", today = today.to_string(), tz = tz),
        ));
    }
    if today
        .until(date)
        .map_or(true, |s| s.get_days() > MAX_WINDOW_DAYS as i32)
    {
        return Err(invalid(
            "bad_date",
            tr!(t, "override-too-far", max = MAX_WINDOW_DAYS),
        ));
    }
    let ranges = parse_ranges(&input.hours).map_err(|p| invalid("bad_hours", range_problem_text(t, p)))?;
    availability::set_override(&state.db, profile.id, date, &ranges).await?;
    calendar(State(state), viewer).await
}

async fn remove_override(
    State(state): State<AppState>,
    viewer: PerformerViewer,
    Path(id): Path<i64>,
) -> ApiResult<Json<Calendar>> {
    let profile = own_profile(&state, &viewer).await?;
    if !availability::remove_override(&state.db, profile.id, id).await? {
        return Err(ApiError::Conflict {
            code: "override_gone",
            message: tr!(texts(&viewer), "override-gone"),
        });
    }
    calendar(State(state), viewer).await
}

// ── The next 14 days as users see them ──────────────────────────────────────────────────

#[derive(Debug, Deserialize)]
pub struct PreviewQuery {
    /// The call length; the shortest rate's when absent.
    pub minutes: Option<i32>,
}

#[derive(Debug, Serialize)]
pub struct PreviewDay {
    pub date: String,
    /// Start instants (RFC 3339, UTC); the page shows them in `timezone`.
    pub slots: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Preview {
    pub timezone: String,
    pub minutes: i32,
    /// The performer's call lengths, shortest first.
    pub lengths: Vec<i32>,
    /// The 14 local dates from today, each with its free starts (empty when none).
    pub days: Vec<PreviewDay>,
}

const PREVIEW_DAYS: i64 = 14;

/// The free slots of the next 14 days from the same schedule cache and computation as the
/// users' Book → Schedule screens, on the profile as stored now.
async fn preview(
    State(state): State<AppState>,
    viewer: PerformerViewer,
    Query(query): Query<PreviewQuery>,
) -> ApiResult<Json<Preview>> {
    let profile = own_profile(&state, &viewer).await?;
    let rates = profiles::rates(&state.db, profile.id).await?;
    let lengths: Vec<i32> = rates.iter().map(|r| r.duration_minutes).collect();
    let minutes = query
        .minutes
        .filter(|m| lengths.contains(m))
        .or_else(|| lengths.first().copied())
        .unwrap_or(30);
    let tz = profile.timezone.tz().clone();
    let now = to_ts(state.now());
    let today = tz.to_datetime(now).date();
    let start_of = |d: Date| tz.to_timestamp(d.to_datetime(Time::midnight())).unwrap_or(now);
    let end = today.checked_add(PREVIEW_DAYS.days()).unwrap_or(today);
    let slots = state
        .schedules
        .free_slots(&state.db, &profile, now, now, start_of(end), minutes)
        .await?;
    let by_day = group_by_local_date(&slots, &tz);
    let days = (0..PREVIEW_DAYS)
        .filter_map(|i| today.checked_add(i.days()).ok())
        .map(|date| PreviewDay {
            date: date.to_string(),
            slots: by_day
                .iter()
                .find(|(d, _)| *d == date)
                .map(|(_, s)| s.iter().map(|slot| slot.start.to_string()).collect())
                .unwrap_or_default(),
        })
        .collect();
    Ok(Json(Preview {
        timezone: profile.timezone.name().to_owned(),
        minutes,
        lengths,
        days,
    }))
}

// ── Profile ─────────────────────────────────────────────────────────────────────────────

#[derive(Debug, Serialize)]
pub struct RateOut {
    pub id: i64,
    pub minutes: i32,
    pub price: String,
}

#[derive(Debug, Serialize)]
pub struct ProfileOut {
    pub display_name: String,
    pub bio: String,
    pub tags: Vec<String>,
    pub has_photo: bool,
    pub rates: Vec<RateOut>,
    /// How many rates a performer may have, the call lengths allowed, and the currency (the
    /// chat's limits).
    pub max_rates: usize,
    pub min_minutes: i32,
    pub max_minutes: i32,
    pub currency: String,
    pub bio_max_chars: usize,
    pub max_tags: usize,
    /// The configured tags to pick from (the chat's tag buttons).
    pub suggested_tags: Vec<String>,
}

async fn profile_of(state: &AppState, profile_id: i64) -> ApiResult<ProfileOut> {
    let profile = profiles::get(&state.db, profile_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let rates = profiles::rates(&state.db, profile.id).await?;
    Ok(ProfileOut {
        display_name: profile.display_name.clone(),
        bio: profile.bio.clone(),
        tags: profile_edits::tags(&profile),
        has_photo: profile.photo_file_id.is_some(),
        rates: rates
            .iter()
            .map(|r| RateOut {
                id: r.id,
                minutes: r.duration_minutes,
                price: profiles::price(r).format(),
            })
            .collect(),
        max_rates: MAX_RATES,
        min_minutes: *DURATION_RANGE.start(),
        max_minutes: *DURATION_RANGE.end(),
        currency: rates_currency(&state.config).as_str().to_owned(),
        bio_max_chars: state.config.profile.bio_max_chars,
        max_tags: MAX_TAGS,
        suggested_tags: state.config.profile.tags.clone(),
    })
}

async fn profile(State(state): State<AppState>, viewer: PerformerViewer) -> ApiResult<Json<ProfileOut>> {
    let own = own_profile(&state, &viewer).await?;
    Ok(Json(profile_of(&state, own.id).await?))
}

#[derive(Debug, Deserialize)]
pub struct ProfileInput {
    pub display_name: Option<String>,
    pub bio: Option<String>,
    pub tags: Option<Vec<String>>,
}

/// Saves name, bio and tags with the chat's rules (a valid name not looking like another
/// performer's, the bio limit, valid tags up to the maximum). Everything is checked before
/// anything is written, so a refused field leaves the profile as it was.
async fn save_profile(
    State(state): State<AppState>,
    viewer: PerformerViewer,
    Json(input): Json<ProfileInput>,
) -> ApiResult<Json<ProfileOut>> {
    let t = texts(&viewer);
    let own = own_profile(&state, &viewer).await?;
    let now = state.now();
    let name = match input.display_name.as_deref().map(str::trim) {
        Some(text) if text != own.display_name => {
            let name =
                DisplayName::parse(text).map_err(|_| invalid("bad_name", tr!(t, "display-name-invalid")))?;
            if profiles::name_looks_taken(&state.db, &name, own.id).await? {
                return Err(invalid("name_look_alike", tr!(t, "display-name-look-alike")));
            }
            Some(name)
        }
        _ => None,
    };
    let bio = match input.bio.as_deref().map(str::trim) {
        Some(bio) if bio != own.bio => {
            let limit = state.config.profile.bio_max_chars;
            let length = bio.chars().count();
            if length > limit {
                return Err(invalid(
                    "bio_too_long",
                    tr!(t, "bio-too-long", length = length, limit = limit),
                ));
            }
            Some(bio.to_owned())
        }
        _ => None,
    };
    let tags = match &input.tags {
        Some(list) => {
            let mut tags: Vec<String> = Vec::new();
            for typed in list {
                // A configured tag is kept as the chat's tag button keeps it.
                let tag = match state
                    .config
                    .profile
                    .tags
                    .iter()
                    .find(|c| c.eq_ignore_ascii_case(typed.trim()))
                {
                    Some(configured) => configured.to_lowercase(),
                    None => Tag::parse(typed)
                        .map_err(|_| invalid("bad_tag", tr!(t, "tag-invalid")))?
                        .into(),
                };
                if !tags.iter().any(|e| e.eq_ignore_ascii_case(&tag)) {
                    tags.push(tag);
                }
            }
            if tags.len() > MAX_TAGS {
                return Err(invalid("too_many_tags", tr!(t, "too-many-tags", max = MAX_TAGS)));
            }
            (tags != profile_edits::tags(&own)).then_some(tags)
        }
        None => None,
    };
    if let Some(name) = name {
        profile_edits::set_display_name(&state.db, own.id, &name, now).await?;
    }
    if let Some(bio) = bio {
        profile_edits::set_bio(&state.db, own.id, &bio, now).await?;
    }
    if let Some(tags) = tags {
        profile_edits::set_tags(&state.db, own.id, &tags, now).await?;
    }
    Ok(Json(profile_of(&state, own.id).await?))
}

#[derive(Debug, Deserialize)]
pub struct RateInput {
    pub minutes: i32,
    /// As typed: "150" Stars, "25.50" in a currency with cents.
    pub price: String,
}

/// Adds a rate or changes the price of a length already offered, with the chat's rules (a
/// length in range, a price the chat's Price accepts, at most MAX_RATES lengths).
async fn save_rate(
    State(state): State<AppState>,
    viewer: PerformerViewer,
    Json(input): Json<RateInput>,
) -> ApiResult<Json<ProfileOut>> {
    let t = texts(&viewer);
    let own = own_profile(&state, &viewer).await?;
    let minutes = CallLength::new(input.minutes)
        .map_err(|_| invalid("bad_length", duration_invalid_text(t)))?
        .minutes();
    let currency = rates_currency(&state.config);
    let price = Price::parse(&input.price, currency)
        .map_err(|problem| invalid("bad_price", price_problem_text(t, problem, currency)))?
        .money();
    let rates = profiles::rates(&state.db, own.id).await?;
    if !rates.iter().any(|r| r.duration_minutes == minutes) && rates.len() >= MAX_RATES {
        return Err(invalid(
            "too_many_rates",
            tr!(t, "too-many-rates", max = MAX_RATES),
        ));
    }
    profiles::set_rate(&state.db, own.id, minutes, price, state.now()).await?;
    Ok(Json(profile_of(&state, own.id).await?))
}

/// Removes one of the performer's own rates (someone else's, or one gone already: 404).
async fn remove_rate(
    State(state): State<AppState>,
    viewer: PerformerViewer,
    Path(id): Path<i64>,
) -> ApiResult<Json<ProfileOut>> {
    let own = own_profile(&state, &viewer).await?;
    if !profiles::remove_rate(&state.db, own.id, id).await? {
        return Err(ApiError::NotFound);
    }
    Ok(Json(profile_of(&state, own.id).await?))
}

// ── Earnings ────────────────────────────────────────────────────────────────────────────

#[derive(Debug, Serialize)]
pub struct EarningsLine {
    pub currency: String,
    pub week: String,
    pub month: String,
    pub all_time: String,
    pub owed: String,
    pub last_payout_at: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Earnings {
    pub timezone: String,
    pub commission_percent: u32,
    pub lines: Vec<EarningsLine>,
}

/// The chat's Earnings: this week and month (from the performer's own Monday and first of the
/// month), all time and owed, per currency, from `services::earnings`.
async fn earnings_page(State(state): State<AppState>, viewer: PerformerViewer) -> ApiResult<Json<Earnings>> {
    let profile = own_profile(&state, &viewer).await?;
    let tz = profile.timezone.tz().clone();
    let today = today(&state, &profile);
    let monday = today
        .checked_sub(i64::from(today.weekday().to_monday_zero_offset()).days())
        .unwrap_or(today);
    let now = state.now();
    let start_of = |d: Date| {
        tz.to_timestamp(d.to_datetime(Time::midnight()))
            .map(to_odt)
            .unwrap_or(now)
    };
    let list = earnings::summary(
        &state.db,
        profile.id,
        start_of(monday),
        start_of(today.first_of_month()),
    )
    .await?;
    let money = crate::bot::user::browse::money;
    Ok(Json(Earnings {
        timezone: profile.timezone.name().to_owned(),
        commission_percent: u32::from(state.config.payments.commission_percent),
        lines: list
            .iter()
            .map(|s| {
                let c = s.currency.as_str();
                EarningsLine {
                    currency: c.to_owned(),
                    week: money(s.week, c),
                    month: money(s.month, c),
                    all_time: money(s.all_time, c),
                    owed: money(s.owed, c),
                    last_payout_at: s.last_payout_at.map(|at| to_ts(at).to_string()),
                }
            })
            .collect(),
    }))
}
