//! Booked calls after confirmation: the video provider's events (Daily webhooks) move bookings
//! to `in_progress` and `completed`; the call worker marks no-shows, completes calls whose end
//! passed, and sends the reminders.

use tracing::{info, warn};

use super::fulfil::{self, tell, tell_admins_zoned};
use crate::domain::booking::{Actor, BookingEvent};
use crate::i18n::{tr, Lang, Texts};
use crate::services::availability::to_ts;
use crate::services::booking::Booking;
use crate::services::calls::{self, Reminder, Side};
use crate::services::{profiles, users as user_service};
use crate::state::AppState;
use crate::video::webhook::{DailyEvent, DailyEventKind};
use crate::video::{Participant, RoomRequest};

const BATCH: u64 = 100;

fn grace(app: &AppState) -> time::Duration {
    time::Duration::minutes(i64::from(app.config.calls.no_show_grace_minutes))
}

/// Whether the booking's room came from a provider that reports joins (so absence is known):
/// Daily always; JaaS when its webhook is set up (`PNP_JAAS_WEBHOOK_SECRET`).
fn reports_joins(app: &AppState, booking: &Booking) -> bool {
    match booking.room_provider.as_deref() {
        Some("daily") => true,
        Some("jaas") => !app.config.secrets.jaas_webhook_secret.expose().trim().is_empty(),
        _ => false,
    }
}

/// Applies one provider event (Daily's, or JaaS's read into the same shape). Database errors are returned so the event can be redelivered.
pub async fn on_daily_event(app: &AppState, event: &DailyEvent) -> Result<(), sea_orm::DbErr> {
    let Some(booking) = calls::booking_by_room(&app.db, &event.room).await? else {
        info!(room = %event.room, "event for a room that is not ours");
        return Ok(());
    };
    let at = event.event_ts.unwrap_or_else(|| app.now());
    match event.kind {
        DailyEventKind::ParticipantJoined | DailyEventKind::ParticipantLeft => {
            let Some(p) = &event.participant else {
                return Ok(());
            };
            let Some(side) = side_of(app, &booking, p.user_id.as_deref(), p.owner).await? else {
                return Ok(());
            };
            let id = p.user_id.clone().unwrap_or_else(|| p.session_id.clone());
            if event.kind == DailyEventKind::ParticipantJoined {
                calls::joined(&app.db, booking.id, &id, side, p.joined_at.unwrap_or(at)).await?;
                let (user, performer) = calls::who_joined(&app.db, booking.id).await?;
                if user && performer {
                    transition(app, &booking, BookingEvent::MeetingStarted).await;
                }
            } else {
                // Daily says how long this session lasted; JaaS does not: it is counted from the
                // person's latest join.
                let seconds = p.duration.map(|d| d.whole_seconds());
                calls::left(&app.db, booking.id, &id, at, seconds).await?;
            }
        }
        DailyEventKind::MeetingStarted => {
            let (user, performer) = calls::who_joined(&app.db, booking.id).await?;
            if user && performer {
                transition(app, &booking, BookingEvent::MeetingStarted).await;
            }
        }
        DailyEventKind::MeetingEnded => {
            // Completed only if both sides were there together for long enough; otherwise the
            // checks after the scheduled end decide (participant events may still be coming).
            let (user, performer) = calls::who_joined(&app.db, booking.id).await?;
            if user && performer && verdict(app, &booking, at).await?.is_none() {
                transition(app, &booking, BookingEvent::MeetingStarted).await;
                if transition(app, &booking, BookingEvent::MeetingEnded).await {
                    crate::bot::user::review::ask(app, &booking).await;
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// Who a provider participant is: by their user id (our Telegram id), else by the owner flag.
async fn side_of(
    app: &AppState,
    booking: &Booking,
    user_id: Option<&str>,
    owner: Option<bool>,
) -> Result<Option<Side>, sea_orm::DbErr> {
    let telegram_id = user_id.and_then(|u| u.parse::<i64>().ok());
    if let Some(telegram_id) = telegram_id {
        if let Some(user) = user_service::find_by_telegram_id(&app.db, telegram_id).await? {
            if user.id == booking.user_id {
                return Ok(Some(Side::User));
            }
            if let Some(profile) = profiles::get(&app.db, booking.performer_id).await? {
                if profile.user_id == user.id {
                    return Ok(Some(Side::Performer));
                }
            }
        }
    }
    Ok(match owner {
        Some(true) => Some(Side::Performer),
        Some(false) => Some(Side::User),
        None => None,
    })
}

/// Applies an event to the current state of the booking and performs its effects; an event
/// that no longer applies (already moved on) is ignored.
/// Whether it applied.
async fn transition(app: &AppState, booking: &Booking, event: BookingEvent) -> bool {
    match app
        .bookings()
        .apply(booking.id, event, Actor::System, None, app.now())
        .await
    {
        Ok(done) => {
            info!(booking_id = %booking.id, from = %done.from, to = %done.to, "call event applied");
            let app = app.clone();
            tokio::spawn(async move { fulfil::perform(&app, &done, Actor::System, None).await });
            true
        }
        Err(crate::services::booking::BookingError::Transition(_)) => false,
        Err(e) => {
            warn!(booking_id = %booking.id, error = %e, "call event not applied");
            false
        }
    }
}

/// No-shows, calls past their end, and reminders: one pass.
pub async fn run_call_jobs(app: &AppState) {
    if let Err(e) = no_shows(app).await {
        warn!(error = %e, "no-show check failed");
    }
    if let Err(e) = ended(app).await {
        warn!(error = %e, "end-of-call check failed");
    }
    if let Err(e) = crate::notify::reviews::remind_due(app).await {
        warn!(error = %e, "review reminders failed");
    }
    for reminder in [Reminder::DayBefore, Reminder::QuarterHour, Reminder::Start] {
        if let Err(e) = reminders(app, reminder).await {
            warn!(error = %e, "reminders failed");
        }
    }
}

async fn no_shows(app: &AppState) -> Result<(), sea_orm::DbErr> {
    for booking in calls::past_grace(&app.db, app.now(), grace(app), BATCH).await? {
        if !reports_joins(app, &booking) {
            continue; // Without join events nobody can be called absent.
        }
        let (user, performer) = calls::who_joined(&app.db, booking.id).await?;
        let event = match (user, performer) {
            (_, false) => BookingEvent::PerformerAbsent,
            (false, true) => BookingEvent::UserAbsent,
            (true, true) => continue,
        };
        record_no_show(app, &booking, event).await;
    }
    Ok(())
}

/// Whether a call both joined was held: `None` when user and performer were connected together
/// for `calls.min_connected_percent` of the booked length (counted up to `until`); otherwise the
/// no-show it was — the user's if the performer was there that long (she keeps the payment),
/// else the performer's (the user is refunded). Two seconds of presence is not a call.
async fn verdict(
    app: &AppState,
    booking: &Booking,
    until: time::OffsetDateTime,
) -> Result<Option<BookingEvent>, sea_orm::DbErr> {
    let rows = calls::participants(&app.db, booking.id).await?;
    let percent = i64::from(app.config.calls.min_connected_percent.clamp(1, 100));
    let needed = time::Duration::seconds(i64::from(booking.duration_minutes) * 60 * percent / 100);
    let (together, performer) = calls::connected(&rows, until);
    Ok(if together >= needed {
        None
    } else if performer >= needed {
        Some(BookingEvent::UserAbsent)
    } else {
        Some(BookingEvent::PerformerAbsent)
    })
}

/// Records a no-show and tells both sides (and the admins, of a performer's absence); the
/// refund (performer absent) and the room deletion follow.
async fn record_no_show(app: &AppState, booking: &Booking, event: BookingEvent) {
    let done = match app
        .bookings()
        .apply(booking.id, event, Actor::System, Some("no-show"), app.now())
        .await
    {
        Ok(done) => done,
        Err(crate::services::booking::BookingError::Transition(_)) => return,
        Err(e) => {
            warn!(booking_id = %booking.id, error = %e, "no-show not recorded");
            return;
        }
    };
    info!(booking_id = %booking.id, event = event.name(), "no-show");
    tell_no_show(app, &done.booking, event).await;
    let mut quiet = done.clone();
    quiet.effects.retain(|e| {
        matches!(
            e,
            crate::domain::booking::Effect::Refund | crate::domain::booking::Effect::DeleteRoom
        )
    });
    fulfil::perform(app, &quiet, Actor::System, None).await;
}

async fn tell_no_show(app: &AppState, booking: &Booking, event: BookingEvent) {
    let (Ok(Some(user)), Ok(Some(profile))) = (
        user_service::find_by_id(&app.db, booking.user_id).await,
        profiles::get(&app.db, booking.performer_id).await,
    ) else {
        return;
    };
    let Ok(Some(performer)) = user_service::find_by_id(&app.db, profile.user_id).await else {
        return;
    };
    let start = booking.starts_at.map(to_ts).unwrap_or_default();
    let ut = Texts(Lang::from_stored(&user.language_code));
    let pt = Texts(Lang::from_stored(&performer.language_code));
    let user_zone = fulfil::zone_of(app, &user);
    let performer_zone = profile.timezone.clone();
    let who = user_service::public_name(&user);
    let who_for_admins = user_service::display(&user);
    let name = profile.display_name.clone();
    // Who missed the call decides the messages; the performer's absence also reaches the admins.
    let performer_absent = event == BookingEvent::PerformerAbsent;
    let (user_when, performer_when) = (ut.when_in(start, &user_zone), pt.when_in(start, &performer_zone));
    let (user_text, performer_text) = if performer_absent {
        (
            tr!(ut, "performer-no-show-user", name = &name, when = &user_when),
            tr!(
                pt,
                "performer-no-show-performer",
                who = &who,
                when = &performer_when
            ),
        )
    } else {
        (
            tr!(ut, "user-no-show-user", name = &name, when = &user_when),
            tr!(pt, "user-no-show-performer", who = &who, when = &performer_when),
        )
    };
    tell(app, user.telegram_id, user_text, None).await;
    tell(app, performer.telegram_id, performer_text, None).await;
    if performer_absent {
        tell_admins_zoned(app, |t, zone| {
            tr!(
                t,
                "performer-no-show-admin",
                name = &name,
                who = &who_for_admins,
                when = t.when_in(start, zone)
            )
        })
        .await;
    }
}

/// Calls whose scheduled end (plus grace) passed: providers without events complete here, and
/// a Daily call whose `meeting.ended` never came is completed too, once both had joined.
async fn ended(app: &AppState) -> Result<(), sea_orm::DbErr> {
    for booking in calls::past_end(&app.db, app.now(), grace(app), BATCH).await? {
        if reports_joins(app, &booking) {
            let (user, performer) = calls::who_joined(&app.db, booking.id).await?;
            if !(user && performer) {
                continue; // The no-show check owns it.
            }
            // Both came; together long enough?
            let until = booking.ends_at.map_or(app.now(), |end| end.min(app.now()));
            if let Some(no_show) = verdict(app, &booking, until).await? {
                record_no_show(app, &booking, no_show).await;
                continue;
            }
        }
        let completed = transition(app, &booking, BookingEvent::ScheduledEndPassed).await;
        if completed && !reports_joins(app, &booking) {
            // Nobody saw who came: the user says whether the call took place (and is asked for
            // stars after "yes", or by the reminder if they never answer).
            crate::bot::dispute::ask_user(app, &booking).await;
            crate::notify::reviews::asked_later(app, &booking).await;
        } else if completed {
            crate::bot::user::review::ask(app, &booking).await;
        }
    }
    Ok(())
}

async fn reminders(app: &AppState, reminder: Reminder) -> Result<(), sea_orm::DbErr> {
    for booking in calls::due_reminders(&app.db, reminder, app.now(), BATCH).await? {
        if !calls::claim_reminder(&app.db, booking.id, reminder, app.now()).await? {
            continue;
        }
        if repeats_confirmation(&booking, reminder) {
            // Claimed and not sent: the confirmation with its link came moments ago.
            continue;
        }
        send_reminder(app, &booking, reminder).await;
    }
    Ok(())
}

/// Whether `reminder` would only repeat the confirmation: a Start-now call (its confirmation
/// is its start), or links sent so shortly before the start that they already said "soon"
/// (within 15 minutes for the quarter-hour reminder, 5 for the at-start one).
fn repeats_confirmation(booking: &Booking, reminder: Reminder) -> bool {
    let margin = match reminder {
        Reminder::DayBefore => return false,
        Reminder::QuarterHour => time::Duration::minutes(15),
        Reminder::Start => time::Duration::minutes(5),
    };
    booking.starts_on_payment
        || matches!((booking.links_sent_at, booking.starts_at), (Some(sent), Some(start)) if sent > start - margin)
}

async fn send_reminder(app: &AppState, booking: &Booking, reminder: Reminder) {
    let (Ok(Some(user)), Ok(Some(profile))) = (
        user_service::find_by_id(&app.db, booking.user_id).await,
        profiles::get(&app.db, booking.performer_id).await,
    ) else {
        return;
    };
    let Ok(Some(performer)) = user_service::find_by_id(&app.db, profile.user_id).await else {
        return;
    };
    let (Some(provider), Some(name), Some(url), Some(starts_at), Some(ends_at)) = (
        booking.room_provider.clone(),
        booking.room_name.clone(),
        booking.room_url.clone(),
        booking.starts_at,
        booking.ends_at,
    ) else {
        return;
    };
    let room = crate::video::Room { provider, name, url };
    let request = RoomRequest {
        booking_id: booking.id,
        starts_at,
        ends_at,
    };
    let start = to_ts(starts_at);
    let sides = [
        (
            &user,
            false,
            profile.display_name.clone(),
            fulfil::zone_of(app, &user),
            booking.user_link.clone(),
        ),
        (
            &performer,
            true,
            user_service::public_name(&user),
            profile.timezone.clone(),
            booking.performer_link.clone(),
        ),
    ];
    for (person, is_performer, other, zone, kept) in sides {
        // The link kept when the links were sent; made again only for a booking from before
        // links were kept.
        let link = match kept {
            Some(link) => link,
            None => {
                let who = Participant {
                    id: person.telegram_id.to_string(),
                    name: if is_performer {
                        profile.display_name.clone()
                    } else {
                        person.first_name.clone()
                    },
                    is_performer,
                };
                match app.video.participant_link(&room, &who, &request).await {
                    Ok(link) => link,
                    Err(e) => {
                        warn!(booking_id = %booking.id, error = %e, "no link for the reminder");
                        room.url.clone()
                    }
                }
            }
        };
        let t = Texts(Lang::from_stored(&person.language_code));
        tell(
            app,
            person.telegram_id,
            t.reminder(reminder, &other, &t.when_in(start, &zone)),
            Some(fulfil::join_keyboard(t, &link, !is_performer)),
        )
        .await;
    }
}
