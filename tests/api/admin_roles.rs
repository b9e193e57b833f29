//! `/admin` → Roles: adding and removing performers and admins, stored and audited.

use pnp_live::services::roles::{self, Role};
use pnp_live::services::users;

use crate::helpers::{spawn_app, TestApp, TgUser};

async fn role_of(app: &TestApp, telegram_id: i64, role: Role) -> bool {
    let user = users::find_by_telegram_id(&app.db, telegram_id)
        .await
        .unwrap()
        .unwrap();
    roles::has_role(&app.db, user.id, role).await.unwrap()
}

/// A superadmin and a would-be performer who has opened the bot.
async fn setup() -> (TestApp, TgUser, TgUser) {
    let app = spawn_app().await;
    let root = TgUser::superadmin();
    let maria = TgUser::new(500, "Maria", Some("MariaCam"));
    app.send_text(&maria, "/start").await;
    (app, root, maria)
}

async fn add_performer_by(app: &TestApp, root: &TgUser, answer: serde_json::Value) {
    app.send_text(root, "/admin").await;
    app.press_button(root, "Roles").await;
    app.press_button(root, "Add performer").await;
    let prompt = app.telegram.last_message_to(root.id);
    assert!(prompt.text().contains("@username"), "{}", prompt.text());
    app.post_update(answer).await;
}

/// The answer is shown back with [Confirm]: tap it.
async fn confirm(app: &TestApp, admin: &TgUser) {
    app.press_button(admin, "Confirm").await;
}

#[tokio::test]
async fn a_superadmin_adds_a_performer_by_username() {
    let (app, root, maria) = setup().await;
    add_performer_by(&app, &root, root.message("@mariacam")).await;
    confirm(&app, &root).await;

    assert!(role_of(&app, 500, Role::Performer).await);
    let confirmation = app.telegram.messages_to(root.id).pop().unwrap();
    assert!(
        confirmation.text().contains("@mariacam is now a performer"),
        "{}",
        confirmation.text()
    );
    assert!(confirmation.text().contains("• @mariacam"), "the list shows her");
    let told = app.telegram.last_message_to(maria.id);
    assert!(told.text().contains("You are now a performer"), "{}", told.text());
    assert!(told.text().contains("/pnp_live"));

    // Audited: who granted it and when.
    let maria_row = users::find_by_telegram_id(&app.db, 500).await.unwrap().unwrap();
    let root_row = users::find_by_telegram_id(&app.db, root.id)
        .await
        .unwrap()
        .unwrap();
    let history = roles::history(&app.db, maria_row.id).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].granted_by, Some(root_row.id));
    assert_eq!(history[0].role.as_str(), "performer");
}

#[tokio::test]
async fn a_superadmin_adds_a_performer_by_numeric_id() {
    let (app, root, _maria) = setup().await;
    add_performer_by(&app, &root, root.message("500")).await;
    confirm(&app, &root).await;
    assert!(role_of(&app, 500, Role::Performer).await);
}

#[tokio::test]
async fn a_superadmin_adds_a_performer_by_forwarding_their_message() {
    let (app, root, maria) = setup().await;
    add_performer_by(&app, &root, root.forward_from(&maria)).await;
    confirm(&app, &root).await;
    assert!(role_of(&app, 500, Role::Performer).await);
}

#[tokio::test]
async fn someone_who_never_opened_the_bot_cannot_be_added_and_the_admin_is_told_why() {
    let (app, root, _maria) = setup().await;
    add_performer_by(&app, &root, root.message("@nobody_here")).await;
    let reply = app.telegram.last_message_to(root.id);
    assert!(
        reply.text().contains("I don't know @nobody_here yet"),
        "{}",
        reply.text()
    );
    assert!(reply.buttons().iter().any(|b| b.contains("Cancel")));
    // The question is still open: a correct answer now works.
    app.send_text(&root, "@MariaCam").await;
    confirm(&app, &root).await;
    assert!(role_of(&app, 500, Role::Performer).await);
}

#[tokio::test]
async fn a_performer_is_removed_and_told() {
    let (app, root, maria) = setup().await;
    add_performer_by(&app, &root, root.message("@mariacam")).await;
    confirm(&app, &root).await;
    app.press_button(&root, "Remove performer").await;
    app.press_button(&root, "@mariacam").await;
    assert!(
        role_of(&app, 500, Role::Performer).await,
        "not before it is confirmed"
    );
    confirm(&app, &root).await;

    assert!(!role_of(&app, 500, Role::Performer).await);
    let told = app.telegram.last_message_to(maria.id);
    assert!(
        told.text()
            .contains("performer role on PNP Live has been removed"),
        "{}",
        told.text()
    );
    let maria_row = users::find_by_telegram_id(&app.db, 500).await.unwrap().unwrap();
    let history = roles::history(&app.db, maria_row.id).await.unwrap();
    assert!(history[0].revoked_at.is_some() && history[0].revoked_by.is_some());

    // And can be added again: the history keeps both grants.
    add_performer_by(&app, &root, root.message("@mariacam")).await;
    confirm(&app, &root).await;
    assert!(role_of(&app, 500, Role::Performer).await);
    assert_eq!(roles::history(&app.db, maria_row.id).await.unwrap().len(), 2);
}

#[tokio::test]
async fn only_superadmins_grant_the_admin_role_and_admins_then_manage_performers() {
    let (app, root, _maria) = setup().await;
    let alex = TgUser::new(600, "Alex", Some("alex_ops"));
    app.send_text(&alex, "/start").await;

    app.send_text(&root, "/admin").await;
    app.press_button(&root, "Roles").await;
    app.press_button(&root, "Add admin").await;
    app.send_text(&root, "@alex_ops").await;
    confirm(&app, &root).await;
    assert!(role_of(&app, 600, Role::Admin).await);
    assert!(app
        .telegram
        .last_message_to(600)
        .text()
        .contains("You are now an admin"));

    // Alex, an admin, sees Roles but not the admin-role buttons, and is refused if he forges one.
    app.send_text(&alex, "/admin").await;
    app.press_button(&alex, "Roles").await;
    let roles_screen = app.telegram.last_message_to(600);
    assert!(roles_screen.buttons().iter().any(|b| b.contains("Add performer")));
    assert!(!roles_screen.buttons().iter().any(|b| b.contains("admin")));
    app.telegram.clear();
    app.press(&alex, "a:+:a").await;
    let answer = app.telegram.calls_to("answerCallbackQuery").pop().unwrap();
    assert!(answer.body["text"].as_str().unwrap().contains("Only superadmins"));
    assert!(app.telegram.messages_to(600).is_empty());

    // But he can add a performer.
    app.press(&alex, "a:+:p").await;
    app.send_text(&alex, "500").await;
    confirm(&app, &alex).await;
    assert!(role_of(&app, 500, Role::Performer).await);

    // The superadmin removes Alex's admin role; his old buttons stop working.
    app.send_text(&root, "/admin").await;
    app.press_button(&root, "Roles").await;
    app.press_button(&root, "Remove admin").await;
    app.press_button(&root, "@alex_ops").await;
    confirm(&app, &root).await;
    assert!(!role_of(&app, 600, Role::Admin).await);
    app.press(&alex, "a:r").await;
    let answer = app.telegram.calls_to("answerCallbackQuery").pop().unwrap();
    assert!(answer.body["text"].as_str().unwrap().contains("only for admins"));
}

#[tokio::test]
async fn a_non_admin_is_refused_politely_and_never_sees_admin_buttons() {
    let app = spawn_app().await;
    let eve = TgUser::new(700, "Eve", Some("eve"));
    app.send_text(&eve, "/admin").await;
    let reply = app.telegram.last_message_to(700);
    assert!(reply.text().contains("only for admins"), "{}", reply.text());
    assert!(reply.buttons().is_empty());

    // Forged buttons change nothing.
    app.send_text(&eve, "/start").await;
    app.press(&eve, "a:+:p").await;
    app.send_text(&eve, "700").await;
    assert!(!role_of(&app, 700, Role::Performer).await);
    app.press(&eve, "a:x:p:1").await;
    let answers = app.telegram.calls_to("answerCallbackQuery");
    assert!(answers
        .iter()
        .all(|a| a.body["text"].as_str().unwrap_or("").contains("only for admins")));
}

#[tokio::test]
async fn a_pending_question_survives_a_restart_and_can_be_cancelled() {
    let (app, root, _maria) = setup().await;
    app.send_text(&root, "/admin").await;
    app.press_button(&root, "Roles").await;
    app.press_button(&root, "Add performer").await;
    let app = app.restart().await;
    app.send_text(&root, "@mariacam").await;
    confirm(&app, &root).await;
    assert!(role_of(&app, 500, Role::Performer).await);

    // Cancel: the next free text is not taken as an answer.
    app.press_button(&root, "Add performer").await;
    app.send_text(&root, "/cancel").await;
    assert!(app.telegram.last_message_to(root.id).text().contains("Cancelled"));
    let alex = TgUser::new(600, "Alex", Some("alex_ops"));
    app.send_text(&alex, "/start").await;
    app.send_text(&root, "@alex_ops").await;
    assert!(!role_of(&app, 600, Role::Performer).await);
}

#[tokio::test]
async fn a_username_given_up_and_taken_by_someone_else_names_the_new_owner() {
    // A had @star_dup, then gave it up; B took it and opened the bot. "@star_dup" is B now.
    let app = spawn_app().await;
    let root = TgUser::superadmin();
    let a = TgUser::new(601, "Ann", Some("star_dup"));
    app.send_text(&a, "/start").await;
    let b = TgUser::new(602, "Bea", Some("Star_Dup"));
    app.send_text(&b, "/start").await;

    let found = users::find_by_username(&app.db, "@star_dup")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.telegram_id, 602);
    let ann = users::find_by_telegram_id(&app.db, 601).await.unwrap().unwrap();
    assert_eq!(
        ann.username, None,
        "a username seen on one user is cleared from any other"
    );

    add_performer_by(&app, &root, root.message("@star_dup")).await;
    confirm(&app, &root).await;
    assert!(role_of(&app, 602, Role::Performer).await);
    assert!(
        !role_of(&app, 601, Role::Performer).await,
        "the old owner is not made a performer"
    );
}

#[tokio::test]
async fn a_role_changes_only_after_the_admin_confirms_the_person_by_name_and_id() {
    let (app, root, _maria) = setup().await;
    add_performer_by(&app, &root, root.message("@mariacam")).await;
    let question = app.telegram.last_message_to(root.id);
    assert!(
        question.text().contains("Maria (@mariacam)"),
        "{}",
        question.text()
    );
    assert!(
        question.text().contains("Telegram id: 500"),
        "{}",
        question.text()
    );
    assert_eq!(question.buttons(), vec!["✅ Confirm", "✖️ Cancel"]);
    assert!(
        !role_of(&app, 500, Role::Performer).await,
        "nothing changes before Confirm"
    );

    // Cancel: nothing changes, and the question is closed.
    app.press_button(&root, "Cancel").await;
    assert!(!role_of(&app, 500, Role::Performer).await);
    app.send_text(&root, "@mariacam").await;
    assert!(!role_of(&app, 500, Role::Performer).await);
    assert!(!app
        .telegram
        .last_message_to(root.id)
        .buttons()
        .iter()
        .any(|b| b.contains("Confirm")));
}

/// A grant while another writer holds the database (the app's background jobs, the broadcast
/// sender's claims, another request) waits for it instead of failing. On SQLite a transaction
/// that reads before it writes cannot wait: its write would need a newer snapshot than its read,
/// so SQLite answers "database is locked" at once, busy handler or not. This was the flaky
/// "database is locked" in the setup of tests that make a performer under load.
#[tokio::test]
async fn a_grant_waits_for_another_writer_instead_of_failing() {
    use sea_orm::{ConnectionTrait, TransactionTrait};
    let (app, _root, _maria) = setup().await;
    let maria = users::find_by_telegram_id(&app.db, 500).await.unwrap().unwrap();
    let other = app.db.begin().await.unwrap();
    // A write that changes nothing still holds SQLite's write lock until the commit.
    other
        .execute_unprepared("UPDATE users SET username = username WHERE id = -1")
        .await
        .unwrap();
    let db = app.db.clone();
    let grant = tokio::spawn(async move {
        roles::grant(
            &db,
            maria.id,
            Role::Performer,
            None,
            time::OffsetDateTime::now_utc(),
        )
        .await
    });
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    other.commit().await.unwrap();
    assert_eq!(grant.await.unwrap().unwrap(), roles::Change::Done);
    assert!(role_of(&app, 500, Role::Performer).await);
}
