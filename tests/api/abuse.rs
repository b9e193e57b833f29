//! Abuse limits: one account flooding the bot is told once to slow down and its excess updates
//! are dropped, while everyone else goes on as usual; payments are never dropped.

use futures::future::join_all;

use crate::helpers::{spawn_app_with, TestApp, TgUser};
use crate::user_flow::{adult, book_now, booking_by_payload, pay_last_invoice, performer, texts_to, NOW};

const SLOW_DOWN: &str = "Slow down a little";

/// The defaults of `config/default.toml` (the test helpers raise them for every other test,
/// whose users tap at machine speed).
const DEFAULT_LIMITS: &[(&str, &str)] = &[
    ("PNP_ABUSE__UPDATES_BURST", "20"),
    ("PNP_ABUSE__UPDATES_PER_SECOND", "5"),
];

/// The slow-down notices `user` got as messages.
fn slow_down_messages(app: &TestApp, user: &TgUser) -> usize {
    texts_to(app, user.id)
        .iter()
        .filter(|t| t.contains(SLOW_DOWN))
        .count()
}

/// The presses answered with the slow-down toast, by their callback query ids.
fn slow_down_toasts(app: &TestApp) -> Vec<String> {
    app.telegram
        .calls_to("answerCallbackQuery")
        .iter()
        .filter(|c| c.body["text"].as_str().is_some_and(|t| t.contains(SLOW_DOWN)))
        .map(|c| {
            c.body["callback_query_id"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

/// `user` sends `count` updates at once: messages and presses of a button of the last message
/// they got, half and half (all messages when it has no button to press). Every press must
/// still be answered (`post_update` checks it). Returns the ids of the presses.
async fn flood(app: &TestApp, user: &TgUser, count: usize) -> Vec<String> {
    let button = app
        .telegram
        .last_message_to(user.id)
        .keyboard()
        .first()
        .map(|(_, data)| data.clone());
    let message = app
        .telegram
        .last_sent(user.id)
        .expect("a message")
        .as_pressed(user.chat());
    let updates: Vec<_> = (0..count)
        .map(|i| match &button {
            Some(data) if i % 2 == 1 => user.callback_on(data, message.clone()),
            _ => user.message("/help"),
        })
        .collect();
    let presses = updates
        .iter()
        .filter_map(|u| u.pointer("/callback_query/id")?.as_str().map(str::to_owned))
        .collect();
    join_all(updates.into_iter().map(|u| app.post_update(u))).await;
    presses
}

#[tokio::test]
async fn a_flood_from_one_account_gets_one_slow_down_while_another_user_books_undisturbed() {
    let app = spawn_app_with(DEFAULT_LIMITS).await;
    app.clock.set(NOW);
    let (maria, _) = performer(&app, 500, "Maria", true).await;
    let flo = adult(&app, 66, "Flo").await;
    let ana = adult(&app, 42, "Ana").await;

    // Flo sends 300 updates at once while Ana books and pays.
    let booking = async {
        book_now(&app, &ana).await;
        pay_last_invoice(&app, &ana, "charge-while-flooded").await
    };
    let (flo_presses, payload) = tokio::join!(flood(&app, &flo, 300), booking);

    let booking = booking_by_payload(&app, &payload).await;
    assert_eq!(booking.status.as_str(), "confirmed");
    assert!(
        texts_to(&app, maria.id).iter().any(|t| t.contains("Ana")),
        "Maria heard of Ana's booking: {:#?}",
        texts_to(&app, maria.id)
    );
    let toasts = slow_down_toasts(&app);
    assert_eq!(slow_down_messages(&app, &ana), 0, "Ana was never limited");
    assert!(
        toasts.iter().all(|id| flo_presses.contains(id)),
        "Ana was never limited"
    );
    assert_eq!(
        slow_down_messages(&app, &flo) + toasts.len(),
        1,
        "Flo was told once"
    );
    // Most of the flood was dropped: far fewer help texts than messages sent.
    let helps = texts_to(&app, flo.id)
        .iter()
        .filter(|t| t.contains("lets you book"))
        .count();
    assert!(helps < 100, "{helps} of 150 help messages were answered");

    // The limit shows in the metrics.
    let metrics = app
        .client
        .get(format!("{}/metrics", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(metrics.contains("pnp_updates_rate_limited_total"), "{metrics}");
    assert!(metrics.contains("pnp_limit_hits_total"), "{metrics}");

    // The admin sees who was limited: once, for the one notice, not once per dropped update.
    let root = crate::helpers::TgUser::superadmin();
    app.send_text(&root, "/admin").await;
    let panel = app.telegram.last_message_to(root.id);
    assert!(
        panel.text().contains("Ran into a limit today: Flo (id 66) × 1"),
        "{}",
        panel.text()
    );
    assert!(!panel.text().contains("Ana (id 42)"), "{}", panel.text());
}

#[tokio::test]
async fn a_payment_is_never_dropped_by_the_limit() {
    let app = spawn_app_with(&[
        ("PNP_ABUSE__UPDATES_BURST", "20"),
        ("PNP_ABUSE__UPDATES_PER_SECOND", "1"),
    ])
    .await;
    app.clock.set(NOW);
    performer(&app, 500, "Maria", true).await;
    let ana = adult(&app, 42, "Ana").await;
    book_now(&app, &ana).await;

    // Ana's own taps use up her limit, then she pays at once.
    flood(&app, &ana, 100).await;
    assert_eq!(slow_down_messages(&app, &ana), 1);
    let payload = pay_last_invoice(&app, &ana, "charge-after-flood").await;

    let booking = booking_by_payload(&app, &payload).await;
    assert_eq!(booking.status.as_str(), "confirmed");
    assert!(
        texts_to(&app, ana.id)
            .iter()
            .any(|t| t.contains("confirmed") || t.contains("Join")),
        "{:#?}",
        texts_to(&app, ana.id)
    );
}
