//! The performer's ⚙️ Booking rules, 📆 Special hours and Copy Monday, through the webhook, as
//! users then see them: buffers around a booked call, minimum notice, booking window, slot step,
//! special hours (and closed) on a date, each change seen at once in the users' calendar (the
//! schedule version is bumped), in the user's own zone.

use jiff::civil::{time, Weekday};
use pnp_live::services::{availability, profiles, users};

use crate::fake_telegram::Call;
use crate::helpers::{spawn_app, TestApp, TgUser};
use crate::performer::{add_rate, make_performer};
use crate::user_flow::{adult, performer, NOW};

/// The times (HH:MM buttons) of a screen.
fn times(call: &Call) -> Vec<String> {
    call.buttons()
        .into_iter()
        .filter(|b| b.len() == 5 && b.as_bytes()[2] == b':')
        .collect()
}

fn last(app: &TestApp, who: &TgUser) -> Call {
    app.telegram.last_message_to(who.id)
}

/// The user's calendar for a 30-minute call with `pid` (week 0).
async fn calendar(app: &TestApp, user: &TgUser, pid: i64) -> Call {
    app.press(user, &format!("u:b:b:{pid}")).await;
    app.press_button(user, "30 min").await;
    app.press_button(user, "Schedule").await;
    last(app, user)
}

/// Every free time the user is offered on `day` (a calendar label's start, e.g. `"Tue 8 ·"`),
/// through the day's parts when it has them; empty when the day shows `–`.
async fn times_on(app: &TestApp, user: &TgUser, pid: i64, day: &str) -> Vec<String> {
    let week = calendar(app, user, pid).await;
    let label = week
        .buttons()
        .into_iter()
        .find(|b| b.starts_with(day))
        .unwrap_or_else(|| panic!("no {day:?} in {:?}", week.buttons()));
    if label.ends_with('–') {
        return Vec::new();
    }
    app.press_button(user, day).await;
    let shown = last(app, user);
    let mut all = times(&shown);
    if all.is_empty() {
        let parts: Vec<String> = shown
            .buttons()
            .into_iter()
            .filter(|b| b.contains(" free"))
            .collect();
        for part in parts {
            app.press_button(user, &part).await;
            all.extend(times(&last(app, user)));
            app.press_button(user, "Back").await;
        }
    }
    all
}

fn has(list: &[String], time: &str) -> bool {
    list.iter().any(|t| t == time)
}

/// The performer opens Availability → ⚙️ Booking rules.
async fn open_rules(app: &TestApp, who: &TgUser) {
    app.send_text(who, "/pnp_live").await;
    app.press_button(who, "Availability").await;
    app.press_button(who, "Booking rules").await;
}

async fn spawn() -> TestApp {
    let app = spawn_app().await;
    app.clock.set(NOW);
    app
}

#[tokio::test]
async fn a_buffer_after_calls_moves_the_next_free_time_after_a_booked_call() {
    let app = spawn().await;
    let (maria, pid) = performer(&app, 500, "Maria", false).await;
    // Bob holds Tuesday 14:00–14:30 (Mexico City, as is everyone here).
    let bob = adult(&app, 43, "Bob").await;
    app.press(&bob, &format!("u:b:b:{pid}")).await;
    app.press_button(&bob, "30 min").await;
    app.press_button(&bob, "Schedule").await;
    app.press_button(&bob, "Tue 8 ·").await;
    app.press_button(&bob, "14:00").await;
    assert_eq!(app.telegram.calls_to("sendInvoice").len(), 1);

    let ana = adult(&app, 42, "Ana").await;
    let before = times_on(&app, &ana, pid, "Tue 8 ·").await;
    assert!(has(&before, "13:30") && has(&before, "14:30"), "{before:?}");
    assert!(!has(&before, "14:00"), "{before:?}");

    open_rules(&app, &maria).await;
    let rules = last(&app, &maria);
    assert!(rules.text().contains("America/Mexico_City"), "{}", rules.text());
    assert!(
        rules.text().contains("Buffer after a call: 0 min"),
        "{}",
        rules.text()
    );
    app.press_button(&maria, "Buffer after").await;
    app.press_button(&maria, "15 min").await;
    let saved = last(&app, &maria);
    assert!(
        saved.text().contains("✅ Buffer after a call: 15 min"),
        "{}",
        saved.text()
    );

    // 14:30 would start inside the 15 minutes after Bob's call, and 13:30 would leave none
    // before it: the next time after the call is 15:00.
    let after = times_on(&app, &ana, pid, "Tue 8 ·").await;
    assert!(!has(&after, "14:30") && !has(&after, "13:30"), "{after:?}");
    assert!(has(&after, "13:00") && has(&after, "15:00"), "{after:?}");
}

#[tokio::test]
async fn a_minimum_notice_of_two_hours_hides_the_next_two_hours() {
    let app = spawn().await;
    let (maria, pid) = performer(&app, 500, "Maria", false).await;
    let ana = adult(&app, 42, "Ana").await;
    // 09:00 now in Mexico City; the default notice (1 h) lets 10:00 be booked.
    let before = times_on(&app, &ana, pid, "Mon 7 ·").await;
    assert_eq!(before.first().map(String::as_str), Some("10:00"), "{before:?}");

    open_rules(&app, &maria).await;
    app.press_button(&maria, "Minimum notice").await;
    app.press_button(&maria, "2 h").await;
    assert!(last(&app, &maria).text().contains("Minimum notice: 2 h"));

    let after = times_on(&app, &ana, pid, "Mon 7 ·").await;
    assert_eq!(after.first().map(String::as_str), Some("11:00"), "{after:?}");
    assert!(!has(&after, "10:30"), "{after:?}");
}

#[tokio::test]
async fn a_booking_window_hides_the_later_days_of_the_users_calendar() {
    let app = spawn().await;
    let (maria, pid) = performer(&app, 500, "Maria", false).await;
    let ana = adult(&app, 42, "Ana").await;
    let week = calendar(&app, &ana, pid).await;
    assert!(
        week.buttons().iter().any(|b| b.contains("Next week")),
        "{:?}",
        week.buttons()
    );

    open_rules(&app, &maria).await;
    app.press_button(&maria, "Booking window").await;
    app.press_button(&maria, "7 days").await;
    assert!(last(&app, &maria).text().contains("Booking window: 7 days"));
    let week = calendar(&app, &ana, pid).await;
    assert!(
        !week.buttons().iter().any(|b| b.contains("Next week")),
        "{:?}",
        week.buttons()
    );

    // Typed: three days from Monday 09:00 end on Thursday 09:00, before Thursday's hours.
    app.press_button(&maria, "Booking window").await;
    app.press_button(&maria, "Type a value").await;
    app.send_text(&maria, "3").await;
    assert!(last(&app, &maria).text().contains("Booking window: 3 days"));
    let week = calendar(&app, &ana, pid).await;
    let buttons = week.buttons();
    assert!(buttons.iter().any(|b| b == "Wed 9 · 24"), "{buttons:?}");
    assert!(buttons.iter().any(|b| b == "Thu 10 · –"), "{buttons:?}");
    assert!(buttons.iter().any(|b| b == "Sun 13 · –"), "{buttons:?}");
}

#[tokio::test]
async fn a_slot_step_of_an_hour_lists_times_on_the_hour() {
    let app = spawn().await;
    let (maria, pid) = performer(&app, 500, "Maria", false).await;
    let ana = adult(&app, 42, "Ana").await;
    let before = times_on(&app, &ana, pid, "Tue 8 ·").await;
    assert_eq!(&before[..3], ["10:00", "10:30", "11:00"], "{before:?}");

    open_rules(&app, &maria).await;
    app.press_button(&maria, "Slot step").await;
    let step = last(&app, &maria);
    assert!(
        step.buttons().iter().any(|b| b == "✅ 30 min"),
        "{:?}",
        step.buttons()
    );
    app.press_button(&maria, "1 h").await;
    assert!(last(&app, &maria).text().contains("Slot step: 1 h"));

    let after = times_on(&app, &ana, pid, "Tue 8 ·").await;
    let hourly: Vec<String> = (10..22).map(|h| format!("{h:02}:00")).collect();
    assert_eq!(after, hourly);
}

#[tokio::test]
async fn a_bad_typed_value_is_refused_with_a_reason_and_the_question_stays_open() {
    let app = spawn().await;
    let (maria, pid) = performer(&app, 500, "Maria", false).await;
    open_rules(&app, &maria).await;
    app.press_button(&maria, "Buffer before").await;
    app.press_button(&maria, "Type a value").await;
    assert!(last(&app, &maria).text().contains("in minutes, from 0 to 240"));

    app.send_text(&maria, "soon").await;
    let refused = last(&app, &maria);
    assert!(
        refused.text().contains("could not read “soon”"),
        "{}",
        refused.text()
    );
    assert!(refused.buttons().iter().any(|b| b.contains("Cancel")));
    app.send_text(&maria, "300").await;
    let refused = last(&app, &maria);
    assert!(
        refused.text().contains("must be from 0 min to 4 h"),
        "{}",
        refused.text()
    );
    let unchanged = profiles::get(&app.db, pid).await.unwrap().unwrap();
    assert_eq!(unchanged.buffer_before_min, 0);

    // Still the same question: a good answer is taken.
    app.send_text(&maria, "1h30").await;
    assert!(last(&app, &maria)
        .text()
        .contains("Buffer before a call: 1 h 30 min"));
    let saved = profiles::get(&app.db, pid).await.unwrap().unwrap();
    assert_eq!(saved.buffer_before_min, 90);
    assert!(saved.schedule_version > unchanged.schedule_version);

    // Cancel from a question goes back to the rules and the next message is not taken.
    app.press_button(&maria, "Slot step").await;
    app.press_button(&maria, "Type a value").await;
    app.press_button(&maria, "Cancel").await;
    assert!(last(&app, &maria).text().contains("Booking rules"));
    app.send_text(&maria, "45").await;
    let kept = profiles::get(&app.db, pid).await.unwrap().unwrap();
    assert_eq!(kept.slot_step_min, 30);
}

#[tokio::test]
async fn special_hours_on_a_date_show_only_those_hours_and_closed_shows_none() {
    let app = spawn().await;
    let (maria, pid) = performer(&app, 500, "Maria", false).await;
    // Ana lives in São Paulo, three hours ahead of Maria in Mexico City.
    let ana = adult(&app, 42, "Ana").await;
    let ana_id = users::find_by_telegram_id(&app.db, ana.id)
        .await
        .unwrap()
        .unwrap()
        .id;
    users::set_timezone(&app.db, ana_id, "America/Sao_Paulo", NOW)
        .await
        .unwrap();
    let before = times_on(&app, &ana, pid, "Tue 8 ·").await;
    assert_eq!(before.len(), 24, "{before:?}");

    app.send_text(&maria, "/pnp_live").await;
    app.press_button(&maria, "Availability").await;
    app.press_button(&maria, "Special hours").await;
    let screen = last(&app, &maria);
    assert!(screen.text().contains("America/Mexico_City"), "{}", screen.text());
    assert!(screen.text().contains("No special hours"), "{}", screen.text());
    app.press_button(&maria, "Add special hours").await;
    app.send_text(&maria, "2026-12-01").await;
    assert!(last(&app, &maria).text().contains("That date has passed"));
    app.send_text(&maria, "8 December").await;
    assert!(last(&app, &maria).text().contains("year-month-day"));
    app.send_text(&maria, "2026-12-08").await;
    assert!(last(&app, &maria).text().contains("America/Mexico_City"));
    app.send_text(&maria, "10:00-14:00, 13:00-15:00").await;
    assert!(last(&app, &maria).text().contains("overlap"));
    app.send_text(&maria, "10:00-12:00").await;
    let listed = last(&app, &maria);
    assert!(listed.text().contains("10:00–12:00"), "{}", listed.text());

    // Maria's 10:00–12:00 is 13:00–15:00 for Ana (whose Tuesday also starts with the last
    // hour of Maria's Monday, 21:00–22:00 in Mexico City).
    let special = times_on(&app, &ana, pid, "Tue 8 ·").await;
    assert_eq!(special, ["00:00", "00:30", "13:00", "13:30", "14:00", "14:30"]);
    let week = calendar(&app, &ana, pid).await;
    assert!(
        week.buttons().iter().any(|b| b == "Wed 9 · 22"),
        "{:?}",
        week.buttons()
    );

    app.press_button(&maria, "Add special hours").await;
    app.send_text(&maria, "2026-12-09").await;
    app.send_text(&maria, "closed").await;
    let listed = last(&app, &maria);
    assert_eq!(
        listed.buttons().iter().filter(|b| b.starts_with("🗑")).count(),
        2,
        "{:?}",
        listed.buttons()
    );
    // Ana's Wednesday is Maria's Tuesday 21:00 to Wednesday 21:00: nothing left.
    let week = calendar(&app, &ana, pid).await;
    assert!(
        week.buttons().iter().any(|b| b == "Wed 9 · –"),
        "{:?}",
        week.buttons()
    );

    // The weekly screen mentions them too.
    app.press_button(&maria, "Back").await;
    let weekly = last(&app, &maria);
    assert!(
        weekly
            .text()
            .contains("Special hours: Tue 8 Dec 10:00–12:00, Wed 9 Dec closed"),
        "{}",
        weekly.text()
    );
    app.press_button(&maria, "Special hours").await;

    // Removing Tuesday's special hours brings back the weekly ones.
    app.press_button(&maria, "🗑 Tue 8").await;
    assert!(last(&app, &maria).text().contains("Special hours removed"));
    let back = times_on(&app, &ana, pid, "Tue 8 ·").await;
    assert_eq!(back.len(), 24, "{back:?}");
}

#[tokio::test]
async fn monday_is_copied_to_the_weekdays_and_then_to_every_day() {
    let app = spawn().await;
    let (maria, pid) = performer(&app, 500, "Maria", false).await;
    for day in 1..=7 {
        let weekday = Weekday::from_monday_one_offset(day).unwrap();
        availability::set_day(&app.db, pid, weekday, &[]).await.unwrap();
    }
    app.send_text(&maria, "/pnp_live").await;
    app.press_button(&maria, "Availability").await;
    app.press_button(&maria, "Mon").await;
    app.press_button(&maria, "10:00–14:00, 18:00–23:00").await;
    app.press_button(&maria, "Copy Monday to weekdays").await;
    let screen = last(&app, &maria);
    let text = screen.text();
    assert!(
        text.contains("Monday's hours (10:00–14:00, 18:00–23:00) copied to Tuesday–Friday"),
        "{text}"
    );
    assert!(text.contains("Friday: 10:00–14:00, 18:00–23:00"), "{text}");
    assert!(text.contains("Saturday: closed"), "{text}");
    assert_eq!(availability::rules(&app.db, pid).await.unwrap().len(), 10);

    // A user sees Friday's new hours at once.
    let ana = adult(&app, 42, "Ana").await;
    let friday = times_on(&app, &ana, pid, "Fri 11 ·").await;
    assert_eq!(friday.first().map(String::as_str), Some("10:00"), "{friday:?}");
    assert_eq!(friday.last().map(String::as_str), Some("22:30"), "{friday:?}");

    app.press_button(&maria, "Copy Monday to every day").await;
    let text = last(&app, &maria).text().to_owned();
    assert!(text.contains("copied to every day"), "{text}");
    assert!(text.contains("Sunday: 10:00–14:00, 18:00–23:00"), "{text}");
    assert_eq!(availability::rules(&app.db, pid).await.unwrap().len(), 14);
}

/// A performer speaking `tg`'s language, with a 30-minute rate and 10:00–22:00 every day.
async fn performer_speaking(app: &TestApp, tg: &TgUser) -> i64 {
    let profile = make_performer(app, tg).await;
    add_rate(app, &profile, 30, 150).await;
    for day in 1..=7 {
        let weekday = Weekday::from_monday_one_offset(day).unwrap();
        availability::set_day(
            &app.db,
            profile.id,
            weekday,
            &[(time(10, 0, 0, 0), time(22, 0, 0, 0))],
        )
        .await
        .unwrap();
    }
    profile.id
}

#[tokio::test]
async fn a_spanish_performer_sets_a_rule_and_a_portuguese_one_closes_a_date() {
    let app = spawn().await;
    let lupe = TgUser::new(500, "Lupe", Some("lupe_cam")).spanish();
    let pid = performer_speaking(&app, &lupe).await;
    app.send_text(&lupe, "/pnp_live").await;
    app.press_button(&lupe, "Disponibilidad").await;
    app.press_button(&lupe, "Reglas de reserva").await;
    assert!(last(&app, &lupe).text().contains("America/Mexico_City"));
    app.press_button(&lupe, "Margen después").await;
    app.press_button(&lupe, "Escribir un valor").await;
    app.send_text(&lupe, "pronto").await;
    assert!(last(&app, &lupe).text().contains("No pude leer «pronto»"));
    app.send_text(&lupe, "20").await;
    assert!(last(&app, &lupe)
        .text()
        .contains("Margen después de una llamada: 20 min"));
    assert_eq!(
        profiles::get(&app.db, pid)
            .await
            .unwrap()
            .unwrap()
            .buffer_after_min,
        20
    );

    let bia = TgUser::new(501, "Bia", Some("bia_cam")).portuguese();
    let bia_pid = performer_speaking(&app, &bia).await;
    app.send_text(&bia, "/pnp_live").await;
    app.press_button(&bia, "Disponibilidade").await;
    app.press_button(&bia, "Horário especial").await;
    app.press_button(&bia, "Adicionar horário especial").await;
    app.send_text(&bia, "2026-12-08").await;
    app.send_text(&bia, "fechado").await;
    let listed = last(&app, &bia);
    assert!(listed.text().contains("fechado"), "{}", listed.text());
    let ana = adult(&app, 42, "Ana").await;
    let week = calendar(&app, &ana, bia_pid).await;
    assert!(
        week.buttons().iter().any(|b| b == "Tue 8 · –"),
        "{:?}",
        week.buttons()
    );
}
