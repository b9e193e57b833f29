//! `/app/api/user/…` and `/app/api/photo/…`: the user's screens of the Mini App — performers
//! with photos, a performer's page, a month of free slots, holding a slot and paying for it
//! through `createInvoiceLink`, and My bookings with Join, Pay, Reschedule and Cancel.
//!
//! Nothing here decides a booking rule: every action calls the same services, with the same
//! limits and texts, as the chat screens in `src/bot/user` (the 18+ gate, `hold_slot`, the
//! invoice of `book::invoice_link`, `cancel_seen`, `reschedule`), so chat and app never disagree.
//! Errors come back as JSON `{code, error, message}`, `message` in the viewer's language.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, OnceLock};

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use frankenstein::AsyncTelegramApi;
use jiff::Timestamp;
use serde::Deserialize;
use serde_json::{json, Value};
use tracing::{error, warn};
use uuid::Uuid;

use super::auth::Viewer;
use crate::bot::user::book;
use crate::bot::user::browse::money;
use crate::domain::booking::{Actor, BookingEvent, BookingStatus, Effect, TransitionError};
use crate::i18n::{tr, Texts};
use crate::notify::fulfil;
use crate::services::availability::to_ts;
use crate::services::booking::{Booking, BookingError};
use crate::services::profiles::{self, Profile, Rate};
use crate::services::{reschedule, reviews, users};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/app/api/photo/{performer}", get(photo))
        .route("/app/api/user/age", post(accept_age))
        .route("/app/api/user/timezone", post(set_timezone))
        .route("/app/api/user/performers", get(performers))
        .route("/app/api/user/performers/{performer}", get(performer))
        .route("/app/api/user/performers/{performer}/slots", get(performer_slots))
        .route("/app/api/user/holds", post(hold))
        .route("/app/api/user/bookings", get(my_bookings))
        .route("/app/api/user/bookings/{booking}/slots", get(booking_slots))
        .route("/app/api/user/bookings/{booking}/pay", post(pay))
        .route("/app/api/user/bookings/{booking}/cancel", post(cancel))
        .route("/app/api/user/bookings/{booking}/reschedule", post(move_booking))
}

/// A refusal the page shows as it is: an HTTP status, a code to tell cases apart, and a message
/// in the viewer's language (the chat's own text for the same case).
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    extra: Option<Value>,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: String) -> Self {
        Self {
            status,
            code,
            message,
            extra: None,
        }
    }

    fn with(mut self, extra: Value) -> Self {
        self.extra = Some(extra);
        self
    }

    fn not_found(t: Texts) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", tr!(t, "app-user-not-found"))
    }

    fn gone(t: Texts) -> Self {
        Self::new(StatusCode::NOT_FOUND, "performer_gone", tr!(t, "performer-gone"))
    }

    fn internal(t: Texts, what: &str, e: impl std::fmt::Display) -> Self {
        error!(error = %e, what, "Mini App: request failed");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            tr!(t, "app-error-generic"),
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({"code": self.code, "error": self.message, "message": self.message});
        if let (Some(Value::Object(extra)), Some(object)) = (self.extra, body.as_object_mut()) {
            object.extend(extra);
        }
        (self.status, Json(body)).into_response()
    }
}

type ApiResult<T> = std::result::Result<T, ApiError>;

/// Database and booking failures the page cannot act on: logged, answered opaquely.
trait OrInternal<T> {
    fn or_internal(self, t: Texts, what: &str) -> ApiResult<T>;
}

impl<T, E: std::fmt::Display> OrInternal<T> for std::result::Result<T, E> {
    fn or_internal(self, t: Texts, what: &str) -> ApiResult<T> {
        self.map_err(|e| ApiError::internal(t, what, e))
    }
}

fn texts(viewer: &Viewer) -> Texts {
    Texts(viewer.lang)
}

/// The chat's 18+ gate: no performer is shown before the user accepted it.
fn adult(state: &AppState, viewer: &Viewer) -> ApiResult<()> {
    if viewer.user.age_confirmed_at.is_some() {
        return Ok(());
    }
    let t = texts(viewer);
    let terms = match state.config.bot.terms_override(t.0.code()) {
        Some(terms) => terms.to_owned(),
        None => tr!(t, "terms"),
    };
    Err(ApiError::new(
        StatusCode::FORBIDDEN,
        "age_gate",
        tr!(t, "age-gate", terms = terms),
    ))
}

async fn accept_age(State(state): State<AppState>, viewer: Viewer) -> ApiResult<Json<Value>> {
    let t = texts(&viewer);
    users::confirm_age(&state.db, viewer.user.id, state.now())
        .await
        .or_internal(t, "confirm age")?;
    Ok(Json(json!({"ok": true})))
}

#[derive(Debug, Deserialize)]
struct ZoneBody {
    zone: String,
}

/// The browser's zone, when the bot has none: checked as the chat checks a typed zone.
async fn set_timezone(
    State(state): State<AppState>,
    viewer: Viewer,
    Json(body): Json<ZoneBody>,
) -> ApiResult<Json<Value>> {
    let t = texts(&viewer);
    let Some(name) = crate::bot::user::settings::resolve_zone(&body.zone) else {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "timezone_unknown",
            tr!(t, "timezone-unknown", typed = body.zone.trim()),
        ));
    };
    users::set_timezone(&state.db, viewer.user.id, &name, state.now())
        .await
        .or_internal(t, "set timezone")?;
    Ok(Json(json!({"timezone": name})))
}

/// The viewer's zone: their choice, else the configured default.
fn zone_of(state: &AppState, viewer: &Viewer) -> entity::zone::Zone {
    users::zone(&viewer.user, &state.config.bot.default_timezone)
}

fn photo_url(p: &Profile) -> Option<String> {
    p.photo_file_id
        .as_ref()
        .map(|_| format!("/app/api/photo/{}", p.id))
}

async fn rating(state: &AppState, t: Texts, id: i64) -> ApiResult<Value> {
    let (total, count) = reviews::stats(&state.db, id).await.or_internal(t, "rating")?;
    Ok(if count > 0 {
        json!({"average": reviews::average(total, count), "count": count})
    } else {
        Value::Null
    })
}

fn rate_json(t: Texts, r: &Rate) -> Value {
    json!({
        "id": r.id,
        "minutes": r.duration_minutes,
        "price": profiles::price(r).format(),
        "label": tr!(t, "duration-min", minutes = r.duration_minutes),
        "amount": r.price,
        "currency": r.currency.as_str(),
    })
}

/// PNP Live as a grid: everyone online now, then everyone with free time to schedule later
/// (the chat's two lists), each with online state, rating, price from and photo.
async fn performers(State(state): State<AppState>, viewer: Viewer) -> ApiResult<Json<Value>> {
    adult(&state, &viewer)?;
    let t = texts(&viewer);
    let (online, _) = profiles::online_page(&state.db, 0, 100)
        .await
        .or_internal(t, "online")?;
    let candidates = profiles::bookable(&state.db).await.or_internal(t, "bookable")?;
    let later = state
        .schedules
        .with_free_time(&state.db, candidates, to_ts(state.now()))
        .await
        .or_internal(t, "free time")?;
    let mut list = Vec::new();
    let mut seen = Vec::new();
    for p in online.into_iter().chain(later) {
        if seen.contains(&p.id) {
            continue;
        }
        seen.push(p.id);
        let rates = profiles::rates(&state.db, p.id).await.or_internal(t, "rates")?;
        let cheapest = rates.iter().min_by_key(|r| r.price);
        list.push(json!({
            "id": p.id,
            "name": p.display_name,
            "online": p.online,
            "status": if p.online { tr!(t, "status-online") } else { tr!(t, "status-offline") },
            "rating": rating(&state, t, p.id).await?,
            "price_from": cheapest.map(|r| rate_json(t, r)),
            "photo": photo_url(&p),
            "tags": profiles::tags(&p),
        }));
    }
    Ok(Json(json!({"performers": list})))
}

/// A performer's page: profile, rates, the next free times (of the shortest call).
async fn performer(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> ApiResult<Json<Value>> {
    adult(&state, &viewer)?;
    let t = texts(&viewer);
    let p = profiles::get_active(&state.db, id)
        .await
        .or_internal(t, "profile")?
        .ok_or_else(|| ApiError::gone(t))?;
    let rates = profiles::rates(&state.db, p.id).await.or_internal(t, "rates")?;
    let next: Vec<String> = match rates.first() {
        Some(shortest) => state
            .schedules
            .next_free_slots(&state.db, &p, to_ts(state.now()), shortest.duration_minutes, 3)
            .await
            .or_internal(t, "next slots")?
            .into_iter()
            .map(|s| s.start.to_string())
            .collect(),
        None => Vec::new(),
    };
    Ok(Json(json!({
        "id": p.id,
        "name": p.display_name,
        "bio": p.bio,
        "online": p.online,
        "status": if p.online { tr!(t, "status-online") } else { tr!(t, "status-offline") },
        "timezone": p.timezone.name(),
        "tags": profiles::tags(&p),
        "photo": photo_url(&p),
        "rating": rating(&state, t, p.id).await?,
        "rates": rates.iter().map(|r| rate_json(t, r)).collect::<Vec<_>>(),
        "next_slots": next,
    })))
}

#[derive(Debug, Deserialize)]
struct MonthQuery {
    /// `YYYY-MM`, a month of the viewer's calendar.
    month: String,
    /// The zone the month's days are in (the browser's); the viewer's zone when absent.
    #[serde(default)]
    zone: Option<String>,
    /// The rate whose length the slots are for (a new booking).
    #[serde(default)]
    rate: Option<i64>,
}

/// The free slots of `minutes` starting in `month` (days of `zone`), as UTC instants, from the
/// same cached schedules and busy bookings the chat's picker reads.
async fn month_slots(
    state: &AppState,
    viewer: &Viewer,
    p: &Profile,
    minutes: i32,
    query: &MonthQuery,
) -> ApiResult<Value> {
    let t = texts(viewer);
    let bad_month = || ApiError::new(StatusCode::BAD_REQUEST, "bad_month", tr!(t, "app-error-generic"));
    let (year, month) = query.month.split_once('-').ok_or_else(bad_month)?;
    let first = jiff::civil::Date::new(
        year.parse().map_err(|_| bad_month())?,
        month.parse().map_err(|_| bad_month())?,
        1,
    )
    .map_err(|_| bad_month())?;
    let next = first
        .checked_add(jiff::Span::new().months(1))
        .map_err(|_| bad_month())?;
    let zone = match query.zone.as_deref().filter(|z| !z.is_empty()) {
        Some(typed) => {
            let name = crate::bot::user::settings::resolve_zone(typed).ok_or_else(|| {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "timezone_unknown",
                    tr!(t, "timezone-unknown", typed = typed),
                )
            })?;
            entity::zone::Zone::stored(name)
        }
        None => zone_of(state, viewer),
    };
    let start_of = |date: jiff::civil::Date| {
        zone.tz()
            .to_timestamp(date.to_datetime(jiff::civil::Time::midnight()))
            .map_err(|_| bad_month())
    };
    let slots = state
        .schedules
        .free_slots(
            &state.db,
            p,
            to_ts(state.now()),
            start_of(first)?,
            start_of(next)?,
            minutes,
        )
        .await
        .or_internal(t, "month slots")?;
    Ok(json!({
        "performer": p.id,
        "name": p.display_name,
        "performer_zone": p.timezone.name(),
        "zone": zone.name(),
        "minutes": minutes,
        "month": query.month,
        "slots": slots
            .iter()
            .map(|s| json!({"start": s.start.to_string(), "end": s.end.to_string()}))
            .collect::<Vec<_>>(),
    }))
}

async fn performer_slots(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(query): Query<MonthQuery>,
) -> ApiResult<Json<Value>> {
    adult(&state, &viewer)?;
    let t = texts(&viewer);
    let p = profiles::get_active(&state.db, id)
        .await
        .or_internal(t, "profile")?
        .ok_or_else(|| ApiError::gone(t))?;
    let rates = profiles::rates(&state.db, p.id).await.or_internal(t, "rates")?;
    let rate = match query.rate {
        Some(rate) => rates.iter().find(|r| r.id == rate),
        None => rates.first(),
    }
    .ok_or_else(|| ApiError::gone(t))?;
    let mut out = month_slots(&state, &viewer, &p, rate.duration_minutes, &query).await?;
    out["rate"] = rate_json(t, rate);
    Ok(Json(out))
}

#[derive(Debug, Deserialize)]
struct HoldBody {
    performer: i64,
    rate: i64,
    /// The slot's start, an RFC 3339 instant as the slots list gave it.
    start: String,
}

/// Hold a slot, as the chat's slot button does, and the invoice link to pay for it. Asked
/// twice for the same slot (a double tap), the hold already taken is answered again, not a
/// second one.
async fn hold(
    State(state): State<AppState>,
    viewer: Viewer,
    Json(body): Json<HoldBody>,
) -> ApiResult<Json<Value>> {
    adult(&state, &viewer)?;
    let t = texts(&viewer);
    let p = profiles::get_active(&state.db, body.performer)
        .await
        .or_internal(t, "profile")?
        .ok_or_else(|| ApiError::gone(t))?;
    let rate = profiles::rate(&state.db, body.rate)
        .await
        .or_internal(t, "rate")?
        .filter(|r| r.performer_id == p.id)
        .ok_or_else(|| ApiError::gone(t))?;
    let taken = || ApiError::new(StatusCode::CONFLICT, "slot_taken", tr!(t, "slot-taken"));
    let start: Timestamp = body.start.parse().map_err(|_| taken())?;
    let now = state.now();
    let bookings = state.bookings();
    match bookings.hold_slot(viewer.user.id, &p, &rate, start, now).await {
        Ok(held) => {
            let booking = held.booking;
            match book::invoice_link(&state, &viewer.user, &p, &booking).await {
                Ok(link) => {
                    bookings
                        .invoice_sent(booking.id, now)
                        .await
                        .or_internal(t, "invoice sent")?;
                    Ok(Json(held_json(&booking, &link)))
                }
                Err(e) => {
                    // As in the chat: a hold whose invoice cannot be made does not block the slot.
                    warn!(booking_id = %booking.id, error = %e, "invoice link not made; releasing the hold");
                    let cancel = BookingEvent::Cancel {
                        by: Actor::System,
                        before_cutoff: true,
                    };
                    if let Err(e) = bookings
                        .apply(
                            booking.id,
                            cancel,
                            Actor::System,
                            Some("invoice not delivered"),
                            now,
                        )
                        .await
                    {
                        warn!(booking_id = %booking.id, error = %e, "could not release the hold");
                    }
                    Err(ApiError::internal(
                        t,
                        "invoice link",
                        "Telegram refused the invoice",
                    ))
                }
            }
        }
        Err(BookingError::SlotTaken | BookingError::SlotNotOffered) => Err(taken()),
        // The viewer's own hold of this very time (a second tap): its invoice again.
        Err(BookingError::AlreadyHeld { held }) => pay_again(&state, &viewer, &p, &held).await,
        Err(BookingError::UnpaidHold { held }) => {
            let zone = zone_of(&state, &viewer);
            let name = profiles::get(&state.db, held.performer_id)
                .await
                .or_internal(t, "profile")?
                .map(|p| p.display_name)
                .unwrap_or_default();
            let until = held
                .hold_expires_at
                .map(|at| t.clock_in(to_ts(at), &zone))
                .unwrap_or_default();
            let when = held
                .starts_at
                .map(|at| t.when_in(to_ts(at), &zone))
                .unwrap_or_default();
            Err(ApiError::new(
                StatusCode::CONFLICT,
                "unpaid_hold",
                tr!(t, "hold-unpaid-cap", when = &when, name = &name, until = &until),
            )
            .with(json!({"booking": held.id})))
        }
        Err(BookingError::TooManyHolds { retry_at }) => {
            let zone = zone_of(&state, &viewer);
            Err(ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_holds",
                tr!(
                    t,
                    "hold-hourly-cap",
                    at = t.when(to_ts(retry_at), zone.tz()),
                    zone = zone.name()
                ),
            ))
        }
        Err(e) => Err(ApiError::internal(t, "hold", e)),
    }
}

fn held_json(booking: &Booking, link: &str) -> Value {
    json!({
        "booking": booking.id,
        "invoice_link": link,
        "hold_expires_at": booking.hold_expires_at.map(|at| to_ts(at).to_string()),
        "starts_at": booking.starts_at.map(|at| to_ts(at).to_string()),
    })
}

fn payable(booking: &Booking, now: time::OffsetDateTime) -> bool {
    matches!(
        booking.status,
        BookingStatus::Held | BookingStatus::AwaitingPayment
    ) && booking.hold_expires_at.is_some_and(|at| at > now)
}

/// The invoice link of a live hold again (the chat's [Pay]).
async fn pay_again(
    state: &AppState,
    viewer: &Viewer,
    p: &Profile,
    booking: &Booking,
) -> ApiResult<Json<Value>> {
    let t = texts(viewer);
    let link = book::invoice_link(state, &viewer.user, p, booking)
        .await
        .or_internal(t, "invoice link")?;
    if booking.status == BookingStatus::Held {
        state
            .bookings()
            .invoice_sent(booking.id, state.now())
            .await
            .or_internal(t, "invoice sent")?;
    }
    Ok(Json(held_json(booking, &link)))
}

/// The viewer's own booking; someone else's id is answered as not found.
async fn own(state: &AppState, viewer: &Viewer, id: Uuid) -> ApiResult<Booking> {
    let t = texts(viewer);
    match state.bookings().get(id).await {
        Ok(b) if b.user_id == viewer.user.id => Ok(b),
        Ok(_) | Err(BookingError::NotFound) => Err(ApiError::not_found(t)),
        Err(e) => Err(ApiError::internal(t, "booking", e)),
    }
}

fn cutoff(state: &AppState) -> time::Duration {
    time::Duration::hours(i64::from(state.config.payments.cancel_cutoff_hours))
}

/// Why the booking cannot be moved now (the chat's texts), or `None` when it can.
fn why_not_movable(state: &AppState, t: Texts, b: &Booking) -> Option<ApiError> {
    let payments = &state.config.payments;
    let max = state.config.bookings.max_reschedules;
    let refuse = |message| Some(ApiError::new(StatusCode::CONFLICT, "cannot_move", message));
    if b.status != BookingStatus::Confirmed {
        refuse(tr!(
            t,
            "move-not-possible",
            status = t.booking_status(b.status.as_str())
        ))
    } else if b.starts_at.is_none_or(|s| s - state.now() < cutoff(state)) {
        refuse(tr!(
            t,
            "move-too-late",
            cutoff_hours = payments.cancel_cutoff_hours
        ))
    } else if i64::from(b.reschedules) >= i64::from(max) {
        refuse(tr!(t, "move-limit", max = max))
    } else {
        None
    }
}

/// The user's personal call link, once the links went out and while the booking lasts.
async fn join_link(state: &AppState, viewer: &Viewer, b: &Booking) -> Option<String> {
    if b.links_sent_at.is_none() || b.status.is_terminal() {
        return None;
    }
    crate::video::user_link(state.video.as_ref(), b, &viewer.user).await
}

/// My bookings: upcoming (soonest first) and past, each with its status, its time with the
/// viewer's zone, and what can be done with it now.
async fn my_bookings(State(state): State<AppState>, viewer: Viewer) -> ApiResult<Json<Value>> {
    let t = texts(&viewer);
    let zone = zone_of(&state, &viewer);
    let now = state.now();
    let all = state
        .bookings()
        .of_user(viewer.user.id, 30)
        .await
        .or_internal(t, "bookings")?;
    let hours = state.config.payments.cancel_cutoff_hours;
    let mut upcoming = Vec::new();
    let mut past = Vec::new();
    let mut names: HashMap<i64, String> = HashMap::new();
    for b in all.into_iter().filter(|b| b.status != BookingStatus::Draft) {
        if let std::collections::hash_map::Entry::Vacant(slot) = names.entry(b.performer_id) {
            let name = profiles::get(&state.db, b.performer_id)
                .await
                .or_internal(t, "profile")?
                .map(|p| p.display_name)
                .unwrap_or_default();
            slot.insert(name);
        }
        let unpaid = matches!(
            b.status,
            BookingStatus::AwaitingPerformer | BookingStatus::Held | BookingStatus::AwaitingPayment
        );
        let in_time = b.starts_at.is_some_and(|s| s - now >= cutoff(&state));
        let can_cancel = unpaid || (b.status == BookingStatus::Confirmed && in_time);
        let policy = if unpaid {
            tr!(t, "cancel-policy-unpaid")
        } else if b.status == BookingStatus::Confirmed && in_time {
            tr!(t, "cancel-policy-refund", cutoff_hours = hours)
        } else {
            String::new()
        };
        let entry = json!({
            "id": b.id,
            "performer_id": b.performer_id,
            "performer": names[&b.performer_id],
            "status": b.status.as_str(),
            "status_label": t.booking_status(b.status.as_str()),
            "starts_at": b.starts_at.map(|s| to_ts(s).to_string()),
            "ends_at": b.ends_at.map(|s| to_ts(s).to_string()),
            "when": b.starts_at.map(|s| t.when_in(to_ts(s), &zone)),
            "minutes": b.duration_minutes,
            "price": money(b.price, b.currency.as_str()),
            "moves": b.reschedules,
            "join": join_link(&state, &viewer, &b).await,
            "can_pay": payable(&b, now),
            "can_reschedule": why_not_movable(&state, t, &b).is_none(),
            "can_cancel": can_cancel,
            "cancel_policy": policy,
        });
        let is_upcoming = b.ends_at.is_some_and(|end| end > now) && b.status.occupies_slot();
        if is_upcoming {
            upcoming.push(entry);
        } else {
            past.push(entry);
        }
    }
    // `of_user` is newest first: the soonest upcoming call leads.
    upcoming.reverse();
    Ok(Json(
        json!({"zone": zone.name(), "upcoming": upcoming, "past": past}),
    ))
}

/// [Pay] on a hold: its invoice link again while the hold lasts.
async fn pay(State(state): State<AppState>, viewer: Viewer, Path(id): Path<Uuid>) -> ApiResult<Json<Value>> {
    let t = texts(&viewer);
    let b = own(&state, &viewer, id).await?;
    if !payable(&b, state.now()) {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "not_payable",
            tr!(t, "checkout-expired"),
        ));
    }
    let p = profiles::get(&state.db, b.performer_id)
        .await
        .or_internal(t, "profile")?
        .ok_or_else(|| ApiError::gone(t))?;
    pay_again(&state, &viewer, &p, &b).await
}

#[derive(Debug, Default, Deserialize)]
struct CancelBody {
    /// How many times the booking had been moved when the page showed it: a booking moved
    /// since is not cancelled (the user saw the old time).
    #[serde(default)]
    moves: Option<i32>,
}

/// Cancel, under the chat's policy (refunded before the cut-off; inside it only the performer
/// can let the user off, which stays a chat action).
async fn cancel(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    body: Option<Json<CancelBody>>,
) -> ApiResult<Json<Value>> {
    let t = texts(&viewer);
    let b = own(&state, &viewer, id).await?;
    let moves = body.and_then(|Json(body)| body.moves);
    let hours = state.config.payments.cancel_cutoff_hours;
    match state
        .bookings()
        .cancel_seen(b.id, Actor::User, cutoff(&state), moves, state.now())
        .await
    {
        Ok(done) => {
            let refunded = done.effects.contains(&Effect::Refund);
            fulfil::perform(&state, &done, Actor::User, None).await;
            Ok(Json(json!({
                "status": done.to.as_str(),
                "refunded": refunded,
                "message": if refunded { tr!(t, "cancelled-user-refunded") } else { tr!(t, "cancelled-user") },
            })))
        }
        Err(BookingError::Transition(TransitionError::CancelTooLate)) => Err(ApiError::new(
            StatusCode::CONFLICT,
            "cancel_too_late",
            tr!(t, "cancel-too-late", cutoff_hours = hours),
        )),
        Err(BookingError::Moved { booking }) => {
            let zone = zone_of(&state, &viewer);
            let when = booking
                .starts_at
                .map(|s| t.when_in(to_ts(s), &zone))
                .unwrap_or_default();
            Err(ApiError::new(
                StatusCode::CONFLICT,
                "moved_meanwhile",
                tr!(t, "cancel-moved-meanwhile", when = &when),
            ))
        }
        Err(BookingError::Transition(_)) => Err(ApiError::new(
            StatusCode::CONFLICT,
            "cannot_cancel",
            tr!(t, "booking-already-cancelled"),
        )),
        Err(e) => Err(ApiError::internal(t, "cancel", e)),
    }
}

/// The month of free times for moving a booking: its performer, its length.
async fn booking_slots(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    Query(query): Query<MonthQuery>,
) -> ApiResult<Json<Value>> {
    let t = texts(&viewer);
    let b = own(&state, &viewer, id).await?;
    if let Some(refusal) = why_not_movable(&state, t, &b) {
        return Err(refusal);
    }
    let p = profiles::get_active(&state.db, b.performer_id)
        .await
        .or_internal(t, "profile")?
        .ok_or_else(|| ApiError::gone(t))?;
    let mut out = month_slots(&state, &viewer, &p, b.duration_minutes, &query).await?;
    out["booking"] = json!(b.id);
    out["starts_at"] = json!(b.starts_at.map(|s| to_ts(s).to_string()));
    Ok(Json(out))
}

#[derive(Debug, Deserialize)]
struct MoveBody {
    start: String,
}

/// Reschedule to a new time, with the chat's rules (confirmed, before the cut-off, at most
/// `bookings.max_reschedules` moves) and the same service call.
async fn move_booking(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    Json(body): Json<MoveBody>,
) -> ApiResult<Json<Value>> {
    let t = texts(&viewer);
    let b = own(&state, &viewer, id).await?;
    let zone = zone_of(&state, &viewer);
    let old = b
        .starts_at
        .map(|s| t.when_in(to_ts(s), &zone))
        .unwrap_or_default();
    let taken = || {
        ApiError::new(
            StatusCode::CONFLICT,
            "slot_taken",
            tr!(t, "move-slot-taken", when = &old),
        )
    };
    let start: Timestamp = body.start.parse().map_err(|_| taken())?;
    if let Some(refusal) = why_not_movable(&state, t, &b) {
        return Err(refusal);
    }
    let reason = reschedule::user_move(&state.db, &b, start)
        .await
        .or_internal(t, "proposals")?
        .reason();
    let now = state.now();
    match state
        .bookings()
        .reschedule(
            id,
            start,
            Actor::User,
            reason,
            cutoff(&state),
            state.config.bookings.max_reschedules,
            now,
        )
        .await
    {
        Ok(done) => {
            fulfil::perform(&state, &done, Actor::User, None).await;
            Ok(Json(moved_json(t, &zone, &done.booking)))
        }
        Err(BookingError::Unchanged) => Ok(Json(moved_json(t, &zone, &b))),
        Err(BookingError::SlotTaken | BookingError::SlotNotOffered) => Err(taken()),
        Err(BookingError::MoveLimit | BookingError::Transition(_)) => {
            let fresh = own(&state, &viewer, id).await?;
            Err(why_not_movable(&state, t, &fresh).unwrap_or_else(taken))
        }
        Err(e) => Err(ApiError::internal(t, "reschedule", e)),
    }
}

fn moved_json(t: Texts, zone: &entity::zone::Zone, b: &Booking) -> Value {
    json!({
        "booking": b.id,
        "starts_at": b.starts_at.map(|s| to_ts(s).to_string()),
        "when": b.starts_at.map(|s| t.when_in(to_ts(s), zone)),
        "moves": b.reschedules,
    })
}

/// Photos fetched from Telegram, kept in memory: at most [`PHOTOS_KEPT`], oldest out first.
/// Keyed by Bot API base and file id (a file id names the same bytes for as long as it works).
struct PhotoCache {
    photos: HashMap<(String, String), (axum::body::Bytes, &'static str)>,
    order: VecDeque<(String, String)>,
}

const PHOTOS_KEPT: usize = 128;
/// Telegram's profile photos are well under this; anything larger is not kept nor served.
const PHOTO_MAX_BYTES: usize = 10 * 1024 * 1024;

fn photo_cache() -> &'static Mutex<PhotoCache> {
    static CACHE: OnceLock<Mutex<PhotoCache>> = OnceLock::new();
    CACHE.get_or_init(|| {
        Mutex::new(PhotoCache {
            photos: HashMap::new(),
            order: VecDeque::new(),
        })
    })
}

fn image_type(path: &str) -> &'static str {
    match path.rsplit('.').next().map(str::to_ascii_lowercase).as_deref() {
        Some("png") => "image/png",
        Some("webp") => "image/webp",
        Some("gif") => "image/gif",
        _ => "image/jpeg",
    }
}

/// A performer's photo, fetched by the server from Telegram by its file id (`getFile`, then
/// the file's download URL, which holds the bot token and so never leaves the server).
async fn photo(State(state): State<AppState>, viewer: Viewer, Path(id): Path<i64>) -> ApiResult<Response> {
    adult(&state, &viewer)?;
    let t = texts(&viewer);
    let p = profiles::get_active(&state.db, id)
        .await
        .or_internal(t, "profile")?
        .ok_or_else(|| ApiError::gone(t))?;
    let file_id = p.photo_file_id.ok_or_else(|| ApiError::not_found(t))?;
    let api = state.config.telegram.api_url.trim_end_matches('/').to_owned();
    let key = (api.clone(), file_id.clone());
    let cached = photo_cache()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .photos
        .get(&key)
        .cloned();
    let (bytes, mime) = match cached {
        Some(hit) => hit,
        None => {
            let fetched = fetch_photo(&state, &api, &file_id).await.map_err(|why| {
                warn!(performer = id, why, "performer photo not fetched");
                ApiError::new(
                    StatusCode::BAD_GATEWAY,
                    "photo_unavailable",
                    tr!(t, "app-error-generic"),
                )
            })?;
            let mut cache = photo_cache().lock().unwrap_or_else(|e| e.into_inner());
            if cache.photos.insert(key.clone(), fetched.clone()).is_none() {
                cache.order.push_back(key);
            }
            while cache.order.len() > PHOTOS_KEPT {
                if let Some(old) = cache.order.pop_front() {
                    cache.photos.remove(&old);
                }
            }
            fetched
        }
    };
    Ok(Response::builder()
        .header(header::CONTENT_TYPE, mime)
        .header(header::CACHE_CONTROL, "private, max-age=86400")
        .body(Body::from(bytes))
        .expect("static headers are valid"))
}

/// `getFile`, then the download. Errors are described without any URL (which holds the token).
async fn fetch_photo(
    state: &AppState,
    api: &str,
    file_id: &str,
) -> Result<(axum::body::Bytes, &'static str), String> {
    let params = frankenstein::methods::GetFileParams {
        file_id: file_id.to_owned(),
    };
    let file = state
        .telegram
        .direct()
        .get_file(&params)
        .await
        .map_err(|e| format!("getFile: {e}"))?
        .result;
    let path = file.file_path.ok_or("getFile gave no file_path")?;
    if file.file_size.is_some_and(|size| size > PHOTO_MAX_BYTES as u64) {
        return Err("the photo is too large".into());
    }
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    let client = CLIENT.get_or_init(|| {
        reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(15))
            .build()
            .expect("a reqwest client with static settings builds")
    });
    let token = state.config.secrets.telegram_token.expose();
    let response = client
        .get(format!("{api}/file/bot{token}/{path}"))
        .send()
        .await
        .map_err(|e| format!("download: {}", e.without_url()))?;
    if !response.status().is_success() {
        return Err(format!("download: HTTP {}", response.status()));
    }
    let bytes = response
        .bytes()
        .await
        .map_err(|e| format!("download: {}", e.without_url()))?;
    if bytes.len() > PHOTO_MAX_BYTES {
        return Err("the photo is too large".into());
    }
    Ok((bytes, image_type(&path)))
}
