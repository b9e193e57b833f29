//! `/app/api/admin`: the admin's screens of the Mini App — the dashboard (the same figures as
//! the chat's `/admin`, from `services::admin_stats`) and the bookings table, whose rows open a
//! booking with its `booking_events` and the chat's admin actions: cancel with refund, refund
//! without cancelling, hide the review, ban the user.
//!
//! Every handler takes an [`AdminViewer`] (the role is checked on the server). Each action is the
//! same service call as the chat's admin screen (`bot::admin::bookings`, `reviews`, `people`),
//! which writes its `audit_log` row in the action's transaction, followed by the same effects
//! (`notify::fulfil`: refunds, messages to both sides; `bot::admin::people::ban_effects`).

use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use entity::users;
use jiff::civil::{Date, Time};
use jiff::ToSpan;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::auth::AdminViewer;
use super::performer::{ApiError, ApiResult};
use crate::bot::user::browse::money;
use crate::domain::booking::{Actor, BookingEvent, BookingStatus};
use crate::i18n::{tr, Texts};
use crate::notify::fulfil;
use crate::services::availability::{to_odt, to_ts};
use crate::services::bans::{self, Outcome};
use crate::services::booking::{short_id, Booking, BookingError, BookingFilter, BookingSearch};
use crate::services::payments::{self, PaymentStatus};
use crate::services::roles::{self, Role};
use crate::services::users as user_service;
use crate::services::{admin_stats, profiles, reviews};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/app/api/admin/dashboard", get(dashboard))
        .route("/app/api/admin/bookings", get(bookings))
        .route("/app/api/admin/bookings/{id}", get(booking))
        .route("/app/api/admin/bookings/{id}/cancel", post(cancel))
        .route("/app/api/admin/bookings/{id}/refund", post(refund))
        .route("/app/api/admin/bookings/{id}/hide-review", post(hide_review))
        .route("/app/api/admin/users/{id}/ban", post(ban))
}

fn texts(viewer: &AdminViewer) -> Texts {
    Texts(viewer.0.lang)
}

/// The admin's own zone, as the chat's admin screens use.
fn zone(state: &AppState, viewer: &AdminViewer) -> entity::zone::Zone {
    fulfil::zone_of(state, &viewer.0.user)
}

fn conflict(code: &'static str, message: String) -> ApiError {
    ApiError::Conflict { code, message }
}

// ── Dashboard ───────────────────────────────────────────────────────────────────────────

#[derive(Debug, Serialize)]
pub struct StatusCount {
    pub status: &'static str,
    pub label: String,
    pub count: u64,
}

#[derive(Debug, Serialize)]
pub struct Figures {
    /// When the period starts (RFC 3339, UTC), the admin's midnight today or on Monday.
    pub since: String,
    pub bookings: u64,
    pub by_status: Vec<StatusCount>,
    pub stars_taken: i64,
    pub stars_refunded: i64,
    pub no_shows: u64,
}

#[derive(Debug, Serialize)]
pub struct Dashboard {
    pub timezone: String,
    pub today: Figures,
    pub week: Figures,
    pub performers_online: u64,
    pub notices_waiting: u64,
}

async fn dashboard(State(state): State<AppState>, viewer: AdminViewer) -> ApiResult<Json<Dashboard>> {
    let t = texts(&viewer);
    let zone = zone(&state, &viewer);
    let tz = zone.tz().clone();
    let now = state.now();
    let today = tz.to_datetime(to_ts(now)).date();
    let monday = today
        .checked_sub(i64::from(today.weekday().to_monday_zero_offset()).days())
        .unwrap_or(today);
    let start_of = |d: Date| {
        tz.to_timestamp(d.to_datetime(Time::midnight()))
            .map(to_odt)
            .unwrap_or(now)
    };
    let figures = |from: time::OffsetDateTime, f: admin_stats::Figures| Figures {
        since: to_ts(from).to_string(),
        bookings: f.bookings(),
        by_status: f
            .by_status
            .iter()
            .map(|(s, n)| StatusCount {
                status: s.as_str(),
                label: t.booking_status(s.as_str()),
                count: *n,
            })
            .collect(),
        stars_taken: f.stars_taken,
        stars_refunded: f.stars_refunded,
        no_shows: f.no_shows,
    };
    let (day_from, week_from) = (start_of(today), start_of(monday));
    Ok(Json(Dashboard {
        timezone: zone.name().to_owned(),
        today: figures(day_from, admin_stats::since(&state.db, day_from).await?),
        week: figures(week_from, admin_stats::since(&state.db, week_from).await?),
        performers_online: admin_stats::performers_online(&state.db).await?,
        notices_waiting: admin_stats::notices_waiting(&state.db).await?,
    }))
}

// ── Bookings table ──────────────────────────────────────────────────────────────────────

const PER_PAGE: u64 = 20;

#[derive(Debug, Default, Deserialize)]
pub struct TableQuery {
    /// A status name as `bookings.status` holds it.
    pub status: Option<String>,
    /// A performer's profile id.
    pub performer: Option<i64>,
    /// The user: an @username or a Telegram id, as in the chat's search.
    pub user: Option<String>,
    /// A local date (`YYYY-MM-DD`) in the admin's zone: calls starting that day.
    pub date: Option<String>,
    #[serde(default)]
    pub page: u64,
}

#[derive(Debug, Serialize)]
pub struct Row {
    pub id: String,
    pub short_id: String,
    pub status: &'static str,
    pub status_label: String,
    pub starts_at: Option<String>,
    pub minutes: i32,
    pub user: String,
    pub performer: String,
    pub price: String,
}

#[derive(Debug, Serialize)]
pub struct Named {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Serialize)]
pub struct StatusOption {
    pub status: &'static str,
    pub label: String,
}

#[derive(Debug, Serialize)]
pub struct Table {
    pub timezone: String,
    pub rows: Vec<Row>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
    /// What the filters may choose from.
    pub statuses: Vec<StatusOption>,
    pub performers: Vec<Named>,
}

async fn performer_name(state: &AppState, performer_id: i64) -> ApiResult<String> {
    Ok(profiles::get(&state.db, performer_id)
        .await?
        .map(|p| p.display_name)
        .unwrap_or_default())
}

async fn bookings(
    State(state): State<AppState>,
    viewer: AdminViewer,
    Query(query): Query<TableQuery>,
) -> ApiResult<Json<Table>> {
    let t = texts(&viewer);
    let zone = zone(&state, &viewer);
    let tz = zone.tz().clone();
    let mut filter = BookingFilter::default();
    if let Some(status) = query.status.as_deref().filter(|s| !s.is_empty()) {
        filter.status = Some(status.parse::<BookingStatus>().map_err(|_| ApiError::Invalid {
            code: "bad_status",
            message: format!("no status {status}"),
        })?);
    }
    filter.performer_id = query.performer;
    let mut nobody = false;
    if let Some(who) = query.user.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let found = if let Some(name) = who.strip_prefix('@') {
            user_service::find_by_username(&state.db, name).await?
        } else if let Ok(id) = who.parse::<i64>() {
            user_service::find_by_telegram_id(&state.db, id).await?
        } else {
            user_service::find_by_username(&state.db, who).await?
        };
        match found {
            Some(user) => filter.user_id = Some(user.id),
            None => nobody = true,
        }
    }
    if let Some(date) = query.date.as_deref().filter(|s| !s.is_empty()) {
        let date = date.parse::<Date>().map_err(|_| ApiError::Invalid {
            code: "bad_date",
            message: tr!(t, "app-admin-bad-date"),
        })?;
        let next = date.tomorrow().unwrap_or(date);
        let [from, before] =
            [date, next].map(|d| tz.to_timestamp(d.to_datetime(Time::midnight())).ok().map(to_odt));
        filter.starts_from = from;
        filter.starts_before = before;
    }
    let (found, total) = if nobody {
        (Vec::new(), 0)
    } else {
        state
            .bookings()
            .search(&BookingSearch::Filter(filter), query.page, PER_PAGE)
            .await?
    };
    let mut rows = Vec::with_capacity(found.len());
    for b in &found {
        let user = user_service::find_by_id(&state.db, b.user_id).await?;
        rows.push(Row {
            id: b.id.to_string(),
            short_id: short_id(b.id),
            status: b.status.as_str(),
            status_label: t.booking_status(b.status.as_str()),
            starts_at: b.starts_at.map(|s| to_ts(s).to_string()),
            minutes: b.duration_minutes,
            user: user.map(|u| user_service::display(&u)).unwrap_or_default(),
            performer: performer_name(&state, b.performer_id).await?,
            price: money(b.price, b.currency.as_str()),
        });
    }
    let statuses = BookingStatus::ALL
        .into_iter()
        .filter(|s| *s != BookingStatus::Draft)
        .map(|s| StatusOption {
            status: s.as_str(),
            label: t.booking_status(s.as_str()),
        })
        .collect();
    let mut performers = Vec::new();
    for holder in roles::holders(&state.db, Role::Performer).await? {
        if let Some(p) = profiles::by_user(&state.db, holder.id).await? {
            performers.push(Named {
                id: p.id,
                name: p.display_name,
            });
        }
    }
    performers.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Json(Table {
        timezone: zone.name().to_owned(),
        rows,
        total,
        page: query.page,
        pages: total.div_ceil(PER_PAGE),
        statuses,
        performers,
    }))
}

// ── One booking ─────────────────────────────────────────────────────────────────────────

#[derive(Debug, Serialize)]
pub struct Person {
    pub id: i64,
    pub telegram_id: i64,
    pub name: String,
    pub banned: bool,
}

#[derive(Debug, Serialize)]
pub struct EventOut {
    pub at: String,
    pub from: Option<&'static str>,
    pub to: &'static str,
    pub event: String,
    pub actor: String,
    pub reason: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct PaymentOut {
    pub amount: String,
    pub status: &'static str,
    pub refunded_at: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ReviewOut {
    pub stars: i16,
    pub text: Option<String>,
    pub hidden: bool,
}

/// What this admin may do to the booking now (each also checked again when done).
#[derive(Debug, Serialize)]
pub struct Actions {
    pub cancel: bool,
    pub refund: bool,
    pub hide_review: bool,
    pub ban_user: bool,
}

#[derive(Debug, Serialize)]
pub struct Card {
    pub timezone: String,
    pub id: String,
    pub short_id: String,
    pub status: &'static str,
    pub status_label: String,
    pub starts_at: Option<String>,
    pub minutes: i32,
    pub price: String,
    pub user: Option<Person>,
    pub performer: String,
    pub payment: Option<PaymentOut>,
    pub review: Option<ReviewOut>,
    pub events: Vec<EventOut>,
    pub actions: Actions,
    /// The outcome of the action just taken, in the admin's language.
    pub notice: Option<String>,
}

fn admin_cancel() -> BookingEvent {
    BookingEvent::Cancel {
        by: Actor::Admin,
        before_cutoff: true,
    }
}

fn bans_actor(viewer: &AdminViewer) -> bans::Actor {
    bans::Actor {
        user_id: viewer.0.user.id,
        superadmin: viewer.0.superadmin,
    }
}

async fn find(state: &AppState, id: &str) -> ApiResult<Booking> {
    let id = Uuid::try_parse(id).map_err(|_| ApiError::NotFound)?;
    Ok(state.bookings().get(id).await?)
}

/// Whether [Refund without cancelling] applies: the chat's rule (a completed call whose payment
/// is still `paid`).
async fn refundable(state: &AppState, b: &Booking) -> ApiResult<bool> {
    if b.status != BookingStatus::Completed {
        return Ok(false);
    }
    Ok(payments::for_booking(&state.db, b.id)
        .await?
        .is_some_and(|p| p.status == PaymentStatus::Paid))
}

async fn card_of(
    state: &AppState,
    viewer: &AdminViewer,
    b: &Booking,
    notice: Option<String>,
) -> ApiResult<Card> {
    let t = texts(viewer);
    let user = user_service::find_by_id(&state.db, b.user_id).await?;
    let payment = payments::for_booking(&state.db, b.id).await?;
    let review = reviews::get(&state.db, b.id).await?;
    let events = state
        .bookings()
        .events(b.id)
        .await?
        .into_iter()
        .map(|e| EventOut {
            at: to_ts(e.at).to_string(),
            from: e.from_status.map(|s| s.as_str()),
            to: e.to_status.as_str(),
            event: e.event,
            actor: e.actor.to_string(),
            reason: e.reason,
        })
        .collect();
    let ban_user = match &user {
        Some(u) if u.banned_at.is_none() => may_ban(state, viewer, u).await?,
        _ => false,
    };
    let actions = Actions {
        cancel: crate::domain::booking::transition(b.status, &admin_cancel()).is_ok(),
        refund: refundable(state, b).await?,
        hide_review: review.as_ref().is_some_and(|r| r.hidden_at.is_none()),
        ban_user,
    };
    Ok(Card {
        timezone: zone(state, viewer).name().to_owned(),
        id: b.id.to_string(),
        short_id: short_id(b.id),
        status: b.status.as_str(),
        status_label: t.booking_status(b.status.as_str()),
        starts_at: b.starts_at.map(|s| to_ts(s).to_string()),
        minutes: b.duration_minutes,
        price: money(b.price, b.currency.as_str()),
        user: user.map(|u| Person {
            id: u.id,
            telegram_id: u.telegram_id,
            name: user_service::display(&u),
            banned: u.banned_at.is_some(),
        }),
        performer: performer_name(state, b.performer_id).await?,
        payment: payment.map(|p| PaymentOut {
            amount: money(p.amount, &p.currency),
            status: p.status.as_str(),
            refunded_at: p.refunded_at.map(|at| to_ts(at).to_string()),
        }),
        review: review.map(|r| ReviewOut {
            stars: r.rating,
            text: r.text,
            hidden: r.hidden_at.is_some(),
        }),
        events,
        actions,
        notice,
    })
}

async fn may_ban(state: &AppState, viewer: &AdminViewer, target: &users::Model) -> ApiResult<bool> {
    let superadmin = state.config.is_superadmin(target.telegram_id);
    Ok(bans::may_act_on(&state.db, bans_actor(viewer), target, superadmin).await?)
}

async fn booking(
    State(state): State<AppState>,
    viewer: AdminViewer,
    Path(id): Path<String>,
) -> ApiResult<Json<Card>> {
    let b = find(&state, &id).await?;
    Ok(Json(card_of(&state, &viewer, &b, None).await?))
}

/// [Cancel and refund], as the chat's: the admin's cancel through the booking service (its
/// audit row in the transition's transaction), then its effects (refund, both sides told).
async fn cancel(
    State(state): State<AppState>,
    viewer: AdminViewer,
    Path(id): Path<String>,
) -> ApiResult<Json<Card>> {
    let t = texts(&viewer);
    let b = find(&state, &id).await?;
    match state
        .bookings()
        .apply_by_admin(
            b.id,
            admin_cancel(),
            viewer.0.user.id,
            Some("cancelled by an admin"),
            state.now(),
        )
        .await
    {
        Ok(done) => {
            // Boxed: the effects are a deep future (a stack overflow in debug builds).
            Box::pin(fulfil::perform(&state, &done, Actor::Admin, None)).await;
        }
        Err(BookingError::Transition(_)) => {
            return Err(conflict("too_late", tr!(t, "admin-cancel-too-late")));
        }
        Err(e) => return Err(e.into()),
    }
    let b = state.bookings().get(b.id).await?;
    Ok(Json(
        card_of(&state, &viewer, &b, Some(tr!(t, "admin-cancelled"))).await?,
    ))
}

/// [Refund without cancelling], as the chat's: a completed call's payment, once.
async fn refund(
    State(state): State<AppState>,
    viewer: AdminViewer,
    Path(id): Path<String>,
) -> ApiResult<Json<Card>> {
    let t = texts(&viewer);
    let b = find(&state, &id).await?;
    let not_possible = || conflict("not_refundable", tr!(t, "admin-refund-not-possible"));
    if b.status != BookingStatus::Completed {
        return Err(not_possible());
    }
    match payments::refund_without_cancelling(&state.db, &b, viewer.0.user.id, state.now()).await? {
        Some(payment) => fulfil::refund(&state, &payment).await,
        // A second tap, or another admin first.
        None => return Err(not_possible()),
    }
    let b = state.bookings().get(b.id).await?;
    Ok(Json(
        card_of(&state, &viewer, &b, Some(tr!(t, "admin-refunded"))).await?,
    ))
}

async fn hide_review(
    State(state): State<AppState>,
    viewer: AdminViewer,
    Path(id): Path<String>,
) -> ApiResult<Json<Card>> {
    let t = texts(&viewer);
    let b = find(&state, &id).await?;
    if !reviews::hide(&state.db, b.id, viewer.0.user.id, state.now()).await? {
        return Err(conflict("review_not_shown", tr!(t, "app-admin-review-not-shown")));
    }
    tracing::info!(admin = viewer.0.user.id, booking_id = %b.id, "review hidden (Mini App)");
    Ok(Json(
        card_of(&state, &viewer, &b, Some(tr!(t, "review-hidden-done"))).await?,
    ))
}

#[derive(Debug, Deserialize)]
pub struct BanInput {
    pub reason: String,
    /// The booking whose card the ban was made from, to answer with it.
    #[serde(default)]
    pub booking: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct BanDone {
    pub notice: String,
    pub card: Option<Card>,
}

/// [Ban], as the chat's: the reason required, `bans::ban` (who may ban whom, the audit row in
/// its transaction), then what a ban does to the person's bookings and profile.
async fn ban(
    State(state): State<AppState>,
    viewer: AdminViewer,
    Path(id): Path<i64>,
    Json(input): Json<BanInput>,
) -> ApiResult<Json<BanDone>> {
    let t = texts(&viewer);
    let reason: String = input.reason.trim().chars().take(bans::REASON_MAX_CHARS).collect();
    if reason.is_empty() {
        return Err(ApiError::Invalid {
            code: "reason_required",
            message: tr!(t, "admin-ban-reason-empty"),
        });
    }
    let target = user_service::find_by_id(&state.db, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let outcome = bans::ban(
        &state.db,
        bans_actor(&viewer),
        &target,
        state.config.is_superadmin(target.telegram_id),
        &reason,
        state.now(),
    )
    .await?;
    let notice = match outcome {
        Outcome::Done => {
            let count = Box::pin(crate::bot::admin::people::ban_effects(
                &state,
                viewer.0.user.id,
                &target,
            ))
            .await?;
            tr!(
                t,
                "admin-ban-done",
                name = user_service::display(&target),
                count = count
            )
        }
        Outcome::Unchanged => return Err(conflict("unchanged", tr!(t, "admin-ban-unchanged"))),
        Outcome::Refused => return Err(conflict("refused", tr!(t, "admin-ban-refused"))),
    };
    let card = match input.booking.as_deref() {
        Some(booking) => {
            let b = find(&state, booking).await?;
            Some(card_of(&state, &viewer, &b, Some(notice.clone())).await?)
        }
        None => None,
    };
    Ok(Json(BanDone { notice, card }))
}
