//! Languages: a Portuguese speaker is answered in Portuguese and can switch to English; counts
//! take the plural form; the 18+ terms can be replaced per language.

use crate::helpers::{spawn_app, spawn_app_with, TgUser};
use crate::performer::{add_rate, make_performer, register_users};

fn brazilian(id: i64, name: &str) -> TgUser {
    let mut user = TgUser::new(id, name, None);
    user.language_code = "pt-BR".to_owned();
    user
}

#[tokio::test]
async fn a_brazilian_is_answered_in_portuguese_and_can_switch_to_english() {
    let app = spawn_app().await;
    let joao = brazilian(44, "João");
    app.send_text(&joao, "/start").await;

    let welcome = app.telegram.last_message_to(44);
    assert!(
        welcome.text().contains("Boas-vindas ao PNP Live, João!"),
        "{}",
        welcome.text()
    );
    let buttons = welcome.buttons();
    assert!(buttons.iter().any(|b| b == "⚙️ Configurações"), "{buttons:?}");
    assert!(buttons.iter().any(|b| b == "📅 Minhas reservas"), "{buttons:?}");

    // PNP Live: the 18+ gate, with the Portuguese default terms.
    app.press_button(&joao, "PNP Live").await;
    let gate = app.telegram.last_message_to(44);
    assert!(gate.text().contains("Antes de continuar"), "{}", gate.text());
    assert!(gate.text().contains("18 anos ou mais"), "{}", gate.text());
    app.press_button(&joao, "Menu principal").await;

    app.press_button(&joao, "Configurações").await;
    let settings = app.telegram.last_message_to(44);
    assert_eq!(settings.text(), "Configurações");
    assert!(
        settings.buttons().iter().any(|b| b.contains("Fuso horário")),
        "{:?}",
        settings.buttons()
    );

    app.press_button(&joao, "Idioma").await;
    let menu = app.telegram.last_message_to(44);
    assert_eq!(menu.text(), "Escolha o seu idioma:");
    let buttons = menu.buttons();
    for language in ["English", "Español", "Português (Brasil)"] {
        assert!(buttons.iter().any(|b| b == language), "{buttons:?}");
    }

    app.press_button(&joao, "English").await;
    let reply = app.telegram.last_message_to(44);
    assert!(
        reply.text().contains("Language set to English."),
        "{}",
        reply.text()
    );
    assert!(reply.buttons().iter().any(|b| b.contains("Settings")));
    // Telegram still says pt-BR; the user's choice wins.
    app.send_text(&joao, "/start").await;
    let again = app.telegram.last_message_to(44).text().to_owned();
    assert!(again.contains("Welcome to PNP Live, João"), "{again}");
}

#[tokio::test]
async fn the_go_online_notice_counts_one_user_and_several_users() {
    for (users, expected) in [(1, "1 user is being told"), (2, "2 users are being told")] {
        let app = spawn_app_with(&[("PNP_BROADCAST_RATE", "1000")]).await;
        let maria = TgUser::new(7_000, "Maria", None);
        let profile = make_performer(&app, &maria).await;
        add_rate(&app, &profile, 30, 150).await;
        register_users(&app, 100_000, users, "en").await;
        app.send_text(&maria, "/pnp_live").await;
        app.press_button(&maria, "Go Online").await;
        let shown = app.telegram.last_message_to(maria.id).text().to_owned();
        assert!(shown.contains(expected), "{shown}");
    }
}

#[tokio::test]
async fn the_terms_of_one_language_can_be_replaced_by_configuration() {
    let app = spawn_app_with(&[("PNP_TERMS_PT", "Termos da casa: só maiores de 18.")]).await;
    let joao = brazilian(45, "João");
    app.send_text(&joao, "/start").await;
    app.press_button(&joao, "PNP Live").await;
    let gate = app.telegram.last_message_to(45);
    assert!(
        gate.text().contains("Termos da casa: só maiores de 18."),
        "{}",
        gate.text()
    );

    // English keeps its locale's text.
    let ana = TgUser::new(46, "Ana", None);
    app.send_text(&ana, "/start").await;
    app.press_button(&ana, "PNP Live").await;
    let gate = app.telegram.last_message_to(46);
    assert!(gate.text().contains("18 or older"), "{}", gate.text());
}
