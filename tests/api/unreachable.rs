//! A person Telegram cannot reach (they blocked the bot): their meeting link is not counted as
//! sent, the admins hear of a performer who cannot be reached, and the link goes out as soon as
//! they are back — while the side that got theirs is not sent it again.

use serde_json::json;

use crate::helpers::{next_update_id, spawn_app, TestApp, TgUser};
use crate::user_flow::{adult, booking_by_payload, join_url, pay_last_invoice, performer, texts_to, NOW};

fn member_update(person: &TgUser, status: &str) -> serde_json::Value {
    let bot = json!({"id": 123456, "is_bot": true, "first_name": "PNP Live"});
    json!({"update_id": next_update_id(), "my_chat_member": {
        "chat": person.chat(),
        "from": person.json(),
        "date": 1_790_000_000,
        "old_chat_member": {"status": if status == "member" { "kicked" } else { "member" }, "user": bot, "until_date": 0},
        "new_chat_member": {"status": status, "user": bot, "until_date": 0},
    }})
}

/// Ana books Maria for Thursday 10 Dec 12:00 Mexico City and pays; returns the payload.
async fn ana_books_maria(app: &TestApp, pid: i64, ana: &TgUser) -> String {
    app.press(ana, &format!("u:b:b:{pid}")).await;
    app.press_button(ana, "30 min").await;
    app.press_button(ana, "Schedule").await;
    app.press_button(ana, "Thu 10 ·").await;
    app.press_button(ana, "12:00").await;
    pay_last_invoice(app, ana, "charge-unreachable").await
}

fn confirmations(app: &TestApp, chat: i64, text: &str) -> usize {
    texts_to(app, chat).iter().filter(|t| t.contains(text)).count()
}

#[tokio::test]
async fn a_performer_who_blocked_the_bot_gets_her_link_when_she_is_back_and_the_admins_hear_of_it() {
    let app = spawn_app().await;
    app.clock.set(NOW);
    let (maria, pid) = performer(&app, 500, "Maria", false).await;
    let ana = adult(&app, 42, "Ana").await;
    // Maria blocks the bot (Telegram tells the bot, and refuses every message to her from now).
    app.post_update(member_update(&maria, "kicked")).await;
    app.telegram.block(maria.id);

    let payload = ana_books_maria(&app, pid, &ana).await;
    assert_eq!(
        confirmations(&app, 42, "Booking confirmed"),
        1,
        "Ana has her confirmation"
    );
    join_url(&app, 42, "Booking confirmed");
    let booking = booking_by_payload(&app, &payload).await;
    assert!(booking.user_link_sent_at.is_some());
    assert!(
        booking.performer_link_sent_at.is_none(),
        "a link Telegram refused is not counted as sent"
    );
    let root = TgUser::superadmin();
    let alert = texts_to(&app, root.id)
        .into_iter()
        .find(|t| t.contains("has blocked the bot"))
        .expect("the admins are told Maria cannot be reached");
    assert!(alert.contains("Maria"), "{alert}");
    assert!(alert.contains("12:00"), "{alert}");

    // While she stays away, the jobs do not knock on her door again and again.
    let refused_before = app.telegram.calls().iter().filter(|c| c.refused).count();
    app.run_jobs().await;
    app.run_jobs().await;
    assert_eq!(
        app.telegram.calls().iter().filter(|c| c.refused).count(),
        refused_before
    );

    // Maria unblocks the bot: her confirmation with its Join button arrives, and only hers.
    app.telegram.unblock(maria.id);
    app.post_update(member_update(&maria, "member")).await;
    app.run_jobs().await;
    assert_eq!(confirmations(&app, maria.id, "New booking"), 1);
    join_url(&app, maria.id, "New booking");
    assert_eq!(
        confirmations(&app, 42, "Booking confirmed"),
        1,
        "Ana is not told twice"
    );
    let booking = booking_by_payload(&app, &payload).await;
    assert!(booking.performer_link_sent_at.is_some());
    app.run_jobs().await;
    assert_eq!(confirmations(&app, maria.id, "New booking"), 1, "sent once");
}

#[tokio::test]
async fn a_link_that_failed_for_a_moment_is_sent_again_to_that_side_only() {
    let app = spawn_app().await;
    app.clock.set(NOW);
    let (maria, pid) = performer(&app, 500, "Maria", false).await;
    let ana = adult(&app, 42, "Ana").await;
    // Telegram fails Maria's confirmation once (a 502 from its front end).
    app.telegram.fail_next_for(
        "sendMessage",
        maria.id,
        crate::fake_telegram::Failure::Status(502, "Bad Gateway"),
    );
    let payload = ana_books_maria(&app, pid, &ana).await;
    assert_eq!(confirmations(&app, maria.id, "New booking"), 0);
    // The failed call is kept in the outbox, to be made again a few seconds later.
    let again: Vec<_> = <entity::outbox::Entity as sea_orm::EntityTrait>::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|row| row.chat_id == maria.id && row.sent_at.is_none())
        .collect();
    assert_eq!(again.len(), 1, "{again:?}");

    app.clock.advance(time::Duration::seconds(6));
    app.run_jobs().await;
    assert_eq!(confirmations(&app, maria.id, "New booking"), 1);
    assert_eq!(
        confirmations(&app, 42, "Booking confirmed"),
        1,
        "Ana is not told twice"
    );
    assert!(booking_by_payload(&app, &payload).await.links_sent_at.is_some());
}
