//! The go-online broadcast: everyone once, at the configured pace, across a restart and with
//! two processes on one database; the cooldown; opted-out and blocked users; 429 (one chat's, and
//! the bot's as a whole); going offline.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use entity::{broadcast_deliveries, broadcasts, users};
use pnp_live::services::broadcast as queue;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::fake_telegram::{Call, Failure};
use crate::helpers::{spawn_app, spawn_app_with, spawn_on, TestApp, TgUser};
use crate::performer::{add_rate, make_performer, register_users};

/// The go-online messages the fake Telegram received, in order (refused ones included).
pub fn broadcast_calls(app: &TestApp) -> Vec<Call> {
    app.telegram
        .calls_to("sendMessage")
        .into_iter()
        .filter(|c| c.keyboard().iter().any(|(_, data)| data.starts_with("u:l:v:")))
        .collect()
}

/// Waits (bounded) until at least `n` go-online messages arrived.
pub async fn wait_for_broadcasts(app: &TestApp, n: usize) -> Vec<Call> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let calls = broadcast_calls(app);
        if calls.len() >= n {
            return calls;
        }
        assert!(
            Instant::now() < deadline,
            "waited for {n} broadcast messages, saw {}",
            calls.len()
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Waits (bounded) until no delivery is pending any more.
async fn wait_until_drained(app: &TestApp) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let pending = broadcast_deliveries::Entity::find()
            .filter(broadcast_deliveries::Column::Status.eq("pending"))
            .count(&app.db)
            .await
            .unwrap();
        if pending == 0 {
            return;
        }
        assert!(Instant::now() < deadline, "{pending} deliveries still pending");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// How many go-online messages each chat got.
fn per_chat(calls: &[Call]) -> HashMap<i64, usize> {
    let mut counts = HashMap::new();
    for call in calls {
        *counts.entry(call.chat_id().unwrap()).or_default() += 1;
    }
    counts
}

async fn statuses(app: &TestApp) -> HashMap<String, u64> {
    let mut counts = HashMap::new();
    for d in broadcast_deliveries::Entity::find().all(&app.db).await.unwrap() {
        *counts.entry(d.status.to_string()).or_default() += 1;
    }
    counts
}

async fn go_online(app: &TestApp, performer: &TgUser) {
    app.send_text(performer, "/pnp_live").await;
    app.press_button(performer, "Go Online").await;
}

#[tokio::test]
async fn going_online_reaches_each_of_500_users_exactly_once() {
    let app = spawn_app_with(&[("PNP_BROADCAST_RATE", "1000")]).await;
    let maria = TgUser::new(7_000, "Maria", Some("mariacam"));
    let profile = make_performer(&app, &maria).await;
    add_rate(&app, &profile, 30, 150).await;
    let users = register_users(&app, 100_000, 500, "en").await;

    go_online(&app, &maria).await;
    let shown = app.telegram.last_message_to(maria.id);
    assert!(
        shown.text().contains("500 users are being told"),
        "{}",
        shown.text()
    );

    wait_for_broadcasts(&app, 500).await;
    wait_until_drained(&app).await;
    let calls = broadcast_calls(&app);
    let counts = per_chat(&calls);
    assert_eq!(calls.len(), 500, "no one got it twice");
    for id in &users {
        assert_eq!(counts.get(id), Some(&1), "user {id}");
    }
    assert!(
        !counts.contains_key(&maria.id),
        "the performer is not told about herself"
    );

    let message = &calls[0];
    assert!(
        message.text().contains("Maria is online now"),
        "{}",
        message.text()
    );
    let data: Vec<String> = message.keyboard().into_iter().map(|(_, d)| d).collect();
    assert_eq!(
        data,
        [format!("u:l:v:{}", profile.id), format!("u:b:b:{}", profile.id)]
    );
    assert!(message.buttons()[0].contains("View Profile"));
    assert!(message.buttons()[1].contains("Book"));
    // Above Telegram's free 30/s, messages go out as paid broadcasts.
    assert_eq!(message.body["allow_paid_broadcast"], true);

    assert_eq!(statuses(&app).await, HashMap::from([("sent".to_owned(), 500)]));
    let row = broadcasts::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!(row.recipients, 500);
    assert_eq!(row.kind.as_str(), "online");
}

#[tokio::test]
async fn a_user_speaking_spanish_gets_the_notice_in_spanish() {
    let app = spawn_app_with(&[("PNP_BROADCAST_RATE", "30")]).await;
    let maria = TgUser::new(7_000, "Maria", None);
    let profile = make_performer(&app, &maria).await;
    add_rate(&app, &profile, 30, 150).await;
    let ana = TgUser::new(42, "Ana", None).spanish();
    app.send_text(&ana, "/start").await;

    go_online(&app, &maria).await;
    let calls = wait_for_broadcasts(&app, 1).await;
    assert!(
        calls[0].text().contains("¡Maria está en línea ahora!"),
        "{}",
        calls[0].text()
    );
    assert_eq!(calls[0].buttons(), ["👤 Ver perfil", "📅 Reservar"]);
    // Within Telegram's free 30/s: no paid broadcast flag.
    assert!(calls[0].body.get("allow_paid_broadcast").is_none());
}

#[tokio::test]
async fn going_online_again_within_the_cooldown_does_not_notify_again() {
    let app = spawn_app_with(&[("PNP_BROADCAST_RATE", "1000")]).await;
    let maria = TgUser::new(7_000, "Maria", None);
    let profile = make_performer(&app, &maria).await;
    add_rate(&app, &profile, 30, 150).await;
    register_users(&app, 100_000, 3, "en").await;

    go_online(&app, &maria).await;
    wait_for_broadcasts(&app, 3).await;
    wait_until_drained(&app).await;
    app.press_button(&maria, "Go Offline").await;
    app.clock.advance(time::Duration::minutes(10));
    app.press_button(&maria, "Go Online").await;

    let shown = app.telegram.last_message_to(maria.id);
    assert!(shown.text().contains("not notified again"), "{}", shown.text());
    assert!(shown.text().contains("in 20 min"), "{}", shown.text());
    assert!(shown.text().contains("Status: 🟢 Online"), "{}", shown.text());
    assert_eq!(broadcasts::Entity::find().count(&app.db).await.unwrap(), 1);

    // After the cooldown, going online notifies everyone again.
    app.press_button(&maria, "Go Offline").await;
    app.clock.advance(time::Duration::minutes(21));
    app.press_button(&maria, "Go Online").await;
    assert!(app
        .telegram
        .last_message_to(maria.id)
        .text()
        .contains("3 users are being told"));
    wait_for_broadcasts(&app, 6).await;
    wait_until_drained(&app).await;
    assert_eq!(broadcast_calls(&app).len(), 6);
    assert_eq!(broadcasts::Entity::find().count(&app.db).await.unwrap(), 2);
}

#[tokio::test]
async fn opted_out_and_blocked_users_are_skipped_and_a_403_blocks_for_good() {
    let app = spawn_app_with(&[("PNP_BROADCAST_RATE", "50")]).await;
    let maria = TgUser::new(7_000, "Maria", None);
    let profile = make_performer(&app, &maria).await;
    add_rate(&app, &profile, 30, 150).await;
    let ids = register_users(&app, 100_000, 5, "en").await;
    let (opted_out, blocked) = (ids[0], ids[1]);
    users::Entity::update_many()
        .col_expr(users::Column::BroadcastOptOut, Expr::value(true))
        .filter(users::Column::TelegramId.eq(opted_out))
        .exec(&app.db)
        .await
        .unwrap();
    users::Entity::update_many()
        .col_expr(
            users::Column::BotBlockedAt,
            Expr::value(time::OffsetDateTime::now_utc()),
        )
        .filter(users::Column::TelegramId.eq(blocked))
        .exec(&app.db)
        .await
        .unwrap();

    app.send_text(&maria, "/pnp_live").await;
    // The first go-online message is refused: that user has just blocked the bot.
    app.telegram.fail_next("sendMessage", Failure::Blocked);
    app.press_button(&maria, "Go Online").await;
    let shown = app.telegram.last_message_to(maria.id);
    assert!(
        shown.text().contains("3 users are being told"),
        "{}",
        shown.text()
    );

    wait_for_broadcasts(&app, 3).await;
    wait_until_drained(&app).await;
    let calls = broadcast_calls(&app);
    let mut reached: Vec<i64> = calls.iter().map(|c| c.chat_id().unwrap()).collect();
    let refused = reached[0];
    reached.sort_unstable();
    assert_eq!(
        reached,
        ids[2..],
        "opted-out and blocked users are not even tried"
    );
    let row = users::Entity::find()
        .filter(users::Column::TelegramId.eq(refused))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(row.bot_blocked_at.is_some(), "the 403 is recorded on the user");
    let statuses = statuses(&app).await;
    assert_eq!(statuses.get("sent"), Some(&2));
    assert_eq!(statuses.get("failed"), Some(&1));

    // A second performer's broadcast leaves out the user who blocked the bot.
    let leo = TgUser::new(7_001, "Leo", None);
    let leo_profile = make_performer(&app, &leo).await;
    add_rate(&app, &leo_profile, 30, 150).await;
    go_online(&app, &leo).await;
    let shown = app.telegram.last_message_to(leo.id);
    // Everyone but the performer himself, the opted-out and the two blocked: Maria and 2 users.
    assert!(
        shown.text().contains("3 users are being told"),
        "{}",
        shown.text()
    );
    wait_for_broadcasts(&app, 6).await;
    wait_until_drained(&app).await;
    let second: Vec<i64> = broadcast_calls(&app)[3..]
        .iter()
        .map(|c| c.chat_id().unwrap())
        .collect();
    assert!(!second.contains(&refused) && !second.contains(&blocked) && !second.contains(&opted_out));
    assert!(second.contains(&maria.id), "performers hear about each other");
}

#[tokio::test]
async fn a_429_for_one_chat_delays_only_that_chats_message() {
    let app = spawn_app_with(&[("PNP_BROADCAST_RATE", "40")]).await;
    let maria = TgUser::new(7_000, "Maria", None);
    let profile = make_performer(&app, &maria).await;
    add_rate(&app, &profile, 30, 150).await;
    let ids = register_users(&app, 100_000, 40, "en").await;
    let busy = ids[5];

    app.send_text(&maria, "/pnp_live").await;
    // A wait far longer than sending to the 39 others takes (about a second at 40/s), so that
    // "they did not wait for it" does not depend on how fast a loaded machine sends.
    let retry_after = 6;
    app.telegram
        .fail_next_for("sendMessage", busy, Failure::TooManyRequests { retry_after });
    app.press_button(&maria, "Go Online").await;

    // The 429 pauses that chat alone: decided when it comes back, whatever the timing.
    let pacer = app.state.telegram.pacer();
    let deadline = Instant::now() + Duration::from_secs(30);
    while pacer.chat_paused_for(busy).is_none() {
        assert!(Instant::now() < deadline, "the refused chat was never paused");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(pacer.paused_for(), None, "one chat's 429 pauses no one else");

    let calls = wait_for_broadcasts(&app, 41).await;
    wait_until_drained(&app).await;
    // The refused chat is tried again once its own retry_after has passed…
    let to_busy: Vec<&Call> = calls.iter().filter(|c| c.chat_id() == Some(busy)).collect();
    assert_eq!(to_busy.len(), 2);
    let waited = to_busy[1].at.duration_since(to_busy[0].at);
    assert!(
        waited >= Duration::from_secs(retry_after) - Duration::from_millis(50),
        "retried after {waited:?}"
    );
    // …and everyone else was told meanwhile, at the pace, as if nobody had been refused: none of
    // them waited for that retry (a global pause would have held them at least as long, and the
    // retry, first in line, would have gone before them).
    for call in calls.iter().filter(|c| c.chat_id() != Some(busy)) {
        assert!(
            call.at < to_busy[1].at,
            "sent {:?} after the refused chat's retry",
            call.at.duration_since(to_busy[1].at)
        );
    }
    let counts = per_chat(&calls);
    for id in &ids {
        let expected = if *id == busy { 2 } else { 1 };
        assert_eq!(counts.get(id), Some(&expected), "user {id}");
    }
    assert_eq!(statuses(&app).await, HashMap::from([("sent".to_owned(), 40)]));
}

#[tokio::test]
async fn several_chats_refused_at_once_pause_every_broadcast_message_for_their_retry_after() {
    // A slow pace, so that each 429's answer is surely back before the next message is due.
    let app = spawn_app_with(&[("PNP_BROADCAST_RATE", "5")]).await;
    let maria = TgUser::new(7_000, "Maria", None);
    let profile = make_performer(&app, &maria).await;
    add_rate(&app, &profile, 30, 150).await;
    let ids = register_users(&app, 100_000, 8, "en").await;

    app.send_text(&maria, "/pnp_live").await;
    // Three different chats refused within a second: the bot's own limit, not one chat's.
    for _ in 0..3 {
        app.telegram
            .fail_next("sendMessage", Failure::TooManyRequests { retry_after: 1 });
    }
    app.press_button(&maria, "Go Online").await;

    let calls = wait_for_broadcasts(&app, 11).await;
    wait_until_drained(&app).await;
    let refused_at = calls[2].at;
    // Whatever was already on its way when the 429 came back (at most the bucket's burst of
    // two) may land just after it; nothing else goes out until retry_after has passed.
    let (soon, later): (Vec<&Call>, Vec<&Call>) = calls[3..]
        .iter()
        .partition(|c| c.at.duration_since(refused_at) < Duration::from_millis(150));
    assert!(soon.len() <= 1, "{} sent right after the 429", soon.len());
    for call in &later {
        let waited = call.at.duration_since(refused_at);
        assert!(
            waited >= Duration::from_millis(950),
            "sent {waited:?} after the 429"
        );
    }
    // Everyone got exactly one message that went through, the refused ones included.
    let counts = per_chat(&calls[3..]);
    for id in &ids {
        assert_eq!(counts.get(id), Some(&1), "user {id}");
    }
    assert_eq!(statuses(&app).await, HashMap::from([("sent".to_owned(), 8)]));
}

#[tokio::test]
async fn going_offline_cancels_the_rest_of_a_draining_broadcast() {
    let app = spawn_app_with(&[("PNP_BROADCAST_RATE", "50")]).await;
    let maria = TgUser::new(7_000, "Maria", None);
    let profile = make_performer(&app, &maria).await;
    add_rate(&app, &profile, 30, 150).await;
    register_users(&app, 100_000, 300, "en").await;

    go_online(&app, &maria).await;
    wait_for_broadcasts(&app, 20).await;
    // The queue depth /metrics reports (as pnp_broadcast_queue_depth) while it drains.
    let depth = pnp_live::services::broadcast::pending_count(&app.db)
        .await
        .unwrap();
    assert!((200..300).contains(&depth), "{depth} pending");
    app.send_text(&maria, "/pnp_live").await;
    let menu = app.telegram.last_message_to(maria.id);
    assert!(
        menu.text().contains("Telling users you are online"),
        "{}",
        menu.text()
    );
    app.press_button(&maria, "Go Offline").await;
    let at_offline = broadcast_calls(&app).len();

    let shown = app.telegram.last_message_to(maria.id);
    assert!(shown.text().contains("stopped after"), "{}", shown.text());
    assert!(shown.text().contains("of 300 users"), "{}", shown.text());
    wait_until_drained(&app).await;
    // Observing that nothing more goes out takes a little real time: the sender re-reads
    // cancellations every 200 ms.
    tokio::time::sleep(Duration::from_millis(600)).await;
    let sent = broadcast_calls(&app).len();
    assert!(
        sent < at_offline + 20,
        "{sent} sent, {at_offline} at going offline"
    );
    assert!(sent < 300);

    let statuses = statuses(&app).await;
    assert_eq!(statuses.get("sent").copied().unwrap_or(0) as usize, sent);
    assert_eq!(statuses.get("skipped").copied().unwrap_or(0) as usize, 300 - sent);
    let row = broadcasts::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert!(row.cancelled_at.is_some());
}

#[tokio::test]
async fn a_restart_mid_broadcast_resumes_and_repeats_at_most_what_was_in_flight() {
    let mut app = spawn_app_with(&[("PNP_BROADCAST_RATE", "100")]).await;
    let maria = TgUser::new(7_000, "Maria", None);
    let profile = make_performer(&app, &maria).await;
    add_rate(&app, &profile, 30, 150).await;
    let ids = register_users(&app, 100_000, 300, "en").await;

    go_online(&app, &maria).await;
    wait_for_broadcasts(&app, 100).await;
    app.stop().await;
    // What the crashed process held: claimed but not recorded as sent. Only these may go twice.
    let in_flight = broadcast_deliveries::Entity::find()
        .filter(broadcast_deliveries::Column::Status.eq("pending"))
        .filter(broadcast_deliveries::Column::ClaimedBy.is_not_null())
        .count(&app.db)
        .await
        .unwrap() as usize;
    let before_restart = broadcast_calls(&app).len();
    assert!(before_restart < 300, "the broadcast was still draining");

    let app = app.restart().await;
    // The new process takes over the dead one's claims once their lease has run out.
    app.clock.advance(time::Duration::minutes(3));
    wait_for_broadcasts(&app, 300).await;
    wait_until_drained(&app).await;

    let calls = broadcast_calls(&app);
    let counts = per_chat(&calls);
    for id in &ids {
        assert!(
            counts.get(id).is_some_and(|n| *n >= 1),
            "user {id} was never told"
        );
    }
    let repeated: usize = counts.values().map(|n| n - 1).sum();
    assert!(
        repeated <= in_flight,
        "{repeated} repeated, {in_flight} in flight at the crash"
    );
    assert_eq!(statuses(&app).await, HashMap::from([("sent".to_owned(), 300)]));
    // It resumed rather than starting over.
    assert_eq!(calls.len(), 300 + repeated);
}

#[tokio::test]
async fn two_processes_on_one_database_never_send_a_delivery_twice() {
    let app = spawn_app_with(&[("PNP_BROADCAST_RATE", "1000")]).await;
    let other = spawn_on(
        app.telegram.clone(),
        app.test_db.clone(),
        &[("PNP_BROADCAST_RATE", "1000")],
    )
    .await;
    let maria = TgUser::new(7_000, "Maria", None);
    let profile = make_performer(&app, &maria).await;
    add_rate(&app, &profile, 30, 150).await;
    let ids = register_users(&app, 100_000, 400, "en").await;

    go_online(&app, &maria).await;
    wait_for_broadcasts(&app, 400).await;
    wait_until_drained(&app).await;
    let calls = broadcast_calls(&app);
    assert_eq!(calls.len(), 400);
    let counts = per_chat(&calls);
    for id in &ids {
        assert_eq!(counts.get(id), Some(&1), "user {id}");
    }
    // Every delivery is recorded as sent by the process that claimed it.
    let deliveries = queue::deliveries_of(&app.db, 1).await.unwrap();
    assert_eq!(deliveries.len(), 400);
    assert!(deliveries
        .iter()
        .all(|d| d.status.as_str() == "sent" && d.claimed_by.is_some() && d.attempts == 1));
    drop(other);
}

/// `broadcast.rate` is the bot's limit with Telegram, not each process's: two processes draining
/// one broadcast together stay at the bot's rate (each at its share) instead of doubling it.
#[tokio::test]
async fn two_processes_broadcasting_together_keep_to_the_bots_rate() {
    let rate = [("PNP_BROADCAST_RATE", "100")];
    let app = spawn_app_with(&rate).await;
    let other = spawn_on(app.telegram.clone(), app.test_db.clone(), &rate).await;
    let maria = TgUser::new(7_000, "Maria", None);
    let profile = make_performer(&app, &maria).await;
    add_rate(&app, &profile, 30, 150).await;
    register_users(&app, 100_000, 400, "en").await;

    go_online(&app, &maria).await;
    let calls = wait_for_broadcasts(&app, 400).await;
    wait_until_drained(&app).await;
    // Both took part…
    let deliveries = queue::deliveries_of(&app.db, 1).await.unwrap();
    let senders: std::collections::HashSet<_> = deliveries.iter().map(|d| d.claimed_by.clone()).collect();
    assert_eq!(senders.len(), 2, "both processes sent: {senders:?}");
    // …and 400 messages at 100/s take about four seconds, not the two that two full-rate
    // processes would take (a new sender only learns of the other at its next claim: a fraction
    // of a second at more than the rate is allowed for).
    let span = calls.last().unwrap().at - calls.first().unwrap().at;
    assert!(
        span >= Duration::from_secs(3),
        "400 messages went out in {span:?}"
    );
    drop(other);
}

/// A claim takes at most its batch, on both databases, and two claimers get disjoint rows. (On
/// PostgreSQL a claim once took 336 rows for a batch of 100: the `IN (… LIMIT … SKIP LOCKED)`
/// subquery was run again per row, leaving the other replica nothing to send.)
#[tokio::test]
async fn a_claim_takes_at_most_its_batch_and_claimers_get_disjoint_rows() {
    let mut app = spawn_app().await;
    let maria = TgUser::new(7_000, "Maria", None);
    let profile = make_performer(&app, &maria).await;
    register_users(&app, 100_000, 400, "en").await;
    // The app's own sender must not take part: stop it, keep the database.
    app.stop().await;
    let now = pnp_live::clock::Clock::now(&app.clock);
    let queued = queue::queue_online(&app.db, &profile, time::Duration::minutes(30), now)
        .await
        .unwrap();
    assert!(matches!(queued, queue::Queued::Broadcast { .. }), "{queued:?}");
    let stale = now - time::Duration::minutes(2);
    let first = queue::claim(&app.db, "a", now, stale, 100).await.unwrap();
    let second = queue::claim(&app.db, "b", now, stale, 100).await.unwrap();
    assert_eq!((first.len(), second.len()), (100, 100));
    let a: std::collections::HashSet<i64> = first.iter().map(|c| c.id).collect();
    assert!(second.iter().all(|c| !a.contains(&c.id)));
    assert_eq!(queue::active_senders(&app.db, stale).await.unwrap(), 2);
    // Claims of a process that died two minutes ago do not count as a sender any more.
    let later = now + time::Duration::minutes(3);
    assert_eq!(
        queue::active_senders(&app.db, later - time::Duration::minutes(2))
            .await
            .unwrap(),
        0
    );
}
