//! Deep links: `t.me/<bot>?start=p_<id>` opens that performer's card (after the 18+ gate), a
//! stale or garbled one falls back to the welcome, and performers find their link to share.

use pnp_live::services::{roles, users};

use crate::helpers::{spawn_app, TestApp, TgUser};
use crate::user_flow::{performer, NOW};

async fn app_at_now() -> TestApp {
    let app = spawn_app().await;
    app.clock.set(NOW);
    app
}

#[tokio::test]
async fn a_new_user_from_a_performers_link_passes_the_gate_and_lands_on_her_card() {
    let app = app_at_now().await;
    performer(&app, 500, "Maria", true).await;
    let (_, valentina) = performer(&app, 501, "Valentina", true).await;
    let ana = TgUser::new(42, "Ana", None);

    app.send_text(&ana, &format!("/start p_{valentina}")).await;
    let gate = app.telegram.last_message_to(42);
    assert!(gate.text().contains("18 or older"), "{}", gate.text());
    assert!(!gate.text().contains("Valentina"), "no performer before the gate");

    app.press_button(&ana, "18+").await;
    let card = app.telegram.last_message_to(42);
    assert!(card.text().starts_with("Valentina"), "{}", card.text());
    assert!(
        card.text().contains("Rates"),
        "the card, not the list: {}",
        card.text()
    );
    assert!(!card.text().contains("Maria"), "{}", card.text());
    assert!(card.buttons().iter().any(|b| b.contains("Book")));
}

#[tokio::test]
async fn an_adult_from_a_link_goes_straight_to_the_card() {
    let app = app_at_now().await;
    let (_, maria) = performer(&app, 500, "Maria", true).await;
    let ana = crate::user_flow::adult(&app, 42, "Ana").await;
    app.send_text(&ana, &format!("/start p_{maria}")).await;
    let card = app.telegram.last_message_to(42);
    assert_eq!(card.method, "sendMessage");
    assert!(card.text().starts_with("Maria"), "{}", card.text());
}

#[tokio::test]
async fn a_stale_or_garbled_link_falls_back_to_the_welcome_with_one_line_saying_so() {
    let app = app_at_now().await;
    let (maria_tg, maria) = performer(&app, 500, "Maria", true).await;
    let ana = TgUser::new(42, "Ana", None);
    let maria_row = users::find_by_telegram_id(&app.db, maria_tg.id)
        .await
        .unwrap()
        .unwrap();
    roles::revoke(&app.db, maria_row.id, roles::Role::Performer, None, NOW)
        .await
        .unwrap();

    for payload in [
        format!("p_{maria}"),
        "p_987654".to_owned(),
        "p_x1".to_owned(),
        "hello".to_owned(),
    ] {
        app.send_text(&ana, &format!("/start {payload}")).await;
        let reply = app.telegram.last_message_to(42);
        assert!(
            reply.text().contains("Welcome to PNP Live, Ana"),
            "{payload}: {}",
            reply.text()
        );
        assert!(
            reply.text().contains("That link is no longer valid."),
            "{payload}: {}",
            reply.text()
        );
        assert!(!reply.text().contains("Maria"), "{payload}");
        assert!(reply.buttons().iter().any(|b| b.contains("PNP Live")));
    }
    // A plain /start says nothing about links.
    app.send_text(&ana, "/start").await;
    assert!(!app.telegram.last_message_to(42).text().contains("link"));
}

#[tokio::test]
async fn a_performer_finds_her_link_with_a_share_button() {
    let app = app_at_now().await;
    let (maria_tg, maria) = performer(&app, 500, "Maria", true).await;
    app.send_text(&maria_tg, "/pnp_live").await;
    app.press_button(&maria_tg, "Share my profile link").await;

    let screen = app.telegram.last_message_to(500);
    let link = format!("https://t.me/PnpLiveBot?start=p_{maria}");
    assert!(screen.text().contains(&link), "{}", screen.text());
    let share = screen.body["reply_markup"]["inline_keyboard"][0][0]["url"]
        .as_str()
        .expect("a URL button first");
    let share = reqwest::Url::parse(share).unwrap();
    assert_eq!(share.as_str().split('?').next(), Some("https://t.me/share/url"));
    let url = share
        .query_pairs()
        .find(|(k, _)| k == "url")
        .map(|(_, v)| v.into_owned());
    assert_eq!(url.as_deref(), Some(link.as_str()));

    // The link works: what Telegram sends for it opens her card.
    let ana = crate::user_flow::adult(&app, 42, "Ana").await;
    let payload = link.rsplit_once("start=").unwrap().1;
    app.send_text(&ana, &format!("/start {payload}")).await;
    assert!(app.telegram.last_message_to(42).text().starts_with("Maria"));
}
