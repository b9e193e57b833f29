//! The Mini App's front door: pages served from the binary with security headers, and an API
//! that answers only to init data Telegram signed for this bot.

use serde_json::Value;

use crate::helpers::{spawn_app, spawn_app_with, TgUser};

#[tokio::test]
async fn the_app_is_served_from_the_binary_with_security_headers() {
    let app = spawn_app().await;
    let page = app
        .client
        .get(format!("{}/app", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let headers = page.headers().clone();
    assert!(headers["content-type"].to_str().unwrap().starts_with("text/html"));
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors https://web.telegram.org"), "{csp}");
    assert!(csp.contains("default-src 'self'"), "{csp}");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    let html = page.text().await.unwrap();
    assert!(html.contains("telegram-web-app.js"), "{html}");
    assert!(html.contains("/app/assets/app.js"), "{html}");

    let script = app
        .client
        .get(format!("{}/app/assets/app.js", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(script.status(), 200);
    assert!(script.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    let missing = app
        .client
        .get(format!("{}/app/assets/nope.js", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn signed_init_data_names_the_person_in_their_language() {
    let app = spawn_app().await;
    let ana = TgUser::new(7_100_001, "Ana", Some("ana_br")).portuguese();
    let response = app.app_api(&ana, "/me", None).await;
    assert_eq!(response.status(), 200);
    let me: Value = response.json().await.unwrap();
    assert_eq!(me["first_name"], "Ana");
    assert_eq!(me["language"], "pt");
    assert_eq!(me["performer"], false);
    assert_eq!(me["admin"], false);
    // The page's texts come from the same locale files as the chat, in the person's language.
    let texts: Value = app.app_api(&ana, "/texts", None).await.json().await.unwrap();
    assert_eq!(texts["app-loading"], "Carregando…");
    assert!(texts.get("welcome").is_none(), "only the app's texts: {texts}");

    let root = app.app_api(&TgUser::superadmin(), "/me", None).await;
    let me: Value = root.json().await.unwrap();
    assert_eq!(me["admin"], true);
}

async fn refused(app: &crate::helpers::TestApp, authorization: Option<String>) -> (u16, Value) {
    let mut request = app.client.get(format!("{}/app/api/me", app.address));
    if let Some(value) = authorization {
        request = request.header("Authorization", value);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn forged_missing_expired_or_foreign_init_data_is_refused_with_a_reason() {
    let app = spawn_app_with(&[("PNP_MINIAPP__INIT_DATA_MAX_AGE_SECS", "3600")]).await;
    let mallory = TgUser::new(7_100_002, "Mallory", None);
    let now = pnp_live::clock::Clock::now(&app.clock);

    let (status, body) = refused(&app, None).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("init_data_missing")));

    // Mallory claims to be the superadmin: the user field changed, the hash did not.
    let genuine = app.init_data(&mallory);
    let forged = genuine.replace(&mallory.id.to_string(), &TgUser::superadmin().id.to_string());
    let (status, body) = refused(&app, Some(format!("tma {forged}"))).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("init_data_bad_signature"))
    );

    // Init data another bot's token signed.
    let foreign = pnp_live::miniapp::auth::sign("999:OTHER-bot", &mallory.json(), now);
    let (status, body) = refused(&app, Some(format!("tma {foreign}"))).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("init_data_bad_signature"))
    );

    let old = pnp_live::miniapp::auth::sign(
        crate::fake_telegram::TOKEN,
        &mallory.json(),
        now - time::Duration::hours(2),
    );
    let (status, body) = refused(&app, Some(format!("tma {old}"))).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("init_data_expired")));
    assert!(body["error"].as_str().unwrap().contains("reopen"), "{body}");

    let (status, body) = refused(&app, Some("tma user=%7B%7D".into())).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("init_data_malformed"))
    );
}
