//! [`Ctx`]: the handler's view of one update (who, in which language, where to answer), and
//! the ways a handler replies: send, redraw a screen in place, tell someone else.

use entity::users;
use frankenstein::methods::{EditMessageReplyMarkupParams, EditMessageTextParams, SendMessageParams};
use frankenstein::types::{InlineKeyboardButton, InlineKeyboardMarkup, ReplyMarkup, User};
use frankenstein::AsyncTelegramApi;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;
use tracing::{debug, warn};

use super::callback::Callback;
use super::{ChatState, Result};
use crate::i18n::{Lang, Texts};
use crate::services::roles::{self, Role};
use crate::services::{chat_state, users as user_service};
use crate::state::AppState;

/// What the pressed message is, which decides up front whether a screen edits it or replaces it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OriginKind {
    /// A text message: `editMessageText` can redraw it.
    Text,
    /// A photo, document, invoice…: Telegram refuses `editMessageText` on it ("there is no
    /// text in the message to edit").
    Media,
    /// Deleted or otherwise out of the bot's reach (Telegram sends it with `date` 0).
    Inaccessible,
}

/// The handler's view of one update: who, in which language, where to answer.
pub struct Ctx<'a> {
    pub app: &'a AppState,
    pub user: users::Model,
    pub t: Texts,
    pub chat_id: i64,
    /// The message whose button was pressed: menus are redrawn in place when it can be.
    pub origin_message: Option<i32>,
    /// What that message is, as the callback query told us: only a text message can take a
    /// text screen in place.
    pub origin_kind: OriginKind,
    /// The roles the person held when the update came in (performer, stored admin), when they
    /// were read with the user row; else [`Ctx::performer_and_admin`] asks.
    roles: Option<(bool, bool)>,
    /// Whether the chat has input pending, as far as this update knows: shared by every view of
    /// the update ([`Ctx::with_user`], [`Ctx::fresh`]), kept current by its own writes, so a
    /// chat known to have none is neither read nor cleared.
    pending: Arc<PendingInput>,
}

/// [`Ctx::pending`]: unknown (read it), known none, or known some (read it for what it is).
#[derive(Debug)]
struct PendingInput(AtomicU8);

impl Default for PendingInput {
    fn default() -> PendingInput {
        PendingInput(AtomicU8::new(Self::UNKNOWN))
    }
}

impl PendingInput {
    const UNKNOWN: u8 = 0;
    const NONE: u8 = 1;
    const SOME: u8 = 2;

    fn code(pending: bool) -> u8 {
        if pending {
            Self::SOME
        } else {
            Self::NONE
        }
    }

    fn known(pending: bool) -> PendingInput {
        PendingInput(AtomicU8::new(Self::code(pending)))
    }

    fn is_none(&self) -> bool {
        self.0.load(Ordering::Relaxed) == Self::NONE
    }

    fn set(&self, pending: bool) {
        self.0.store(Self::code(pending), Ordering::Relaxed);
    }
}

impl<'a> Ctx<'a> {
    pub(super) async fn for_user(
        app: &'a AppState,
        from: &User,
        chat_id: i64,
        origin: Option<(i32, OriginKind)>,
    ) -> Result<Ctx<'a>> {
        let default = Lang::from_stored(&app.config.bot.default_language);
        let language = Lang::from_telegram(from.language_code.as_deref(), default);
        let profile = user_service::Profile {
            telegram_id: from.id as i64,
            username: from.username.as_deref(),
            first_name: &from.first_name,
            last_name: from.last_name.as_deref(),
            language: language.code(),
        };
        let contact = user_service::register_contact(&app.db, &profile, app.now()).await?;
        let t = Texts(Lang::from_code(&contact.user.language_code).unwrap_or(default));
        // What was read is the person's private chat: another chat's input is asked for.
        let pending = match contact.standing {
            Some(standing) if chat_id == profile.telegram_id => PendingInput::known(standing.pending_input),
            _ => PendingInput::default(),
        };
        Ok(Ctx {
            app,
            user: contact.user,
            t,
            chat_id,
            origin_message: origin.map(|(id, _)| id),
            origin_kind: origin.map_or(OriginKind::Inaccessible, |(_, kind)| kind),
            roles: contact.standing.map(|s| (s.performer, s.admin)),
            pending: Arc::new(pending),
        })
    }

    /// The same update seen with a changed user row (after a setting changed).
    pub fn with_user(&self, user: users::Model) -> Ctx<'a> {
        Ctx {
            app: self.app,
            t: Texts(Lang::from_stored(&user.language_code)),
            user,
            chat_id: self.chat_id,
            origin_message: self.origin_message,
            origin_kind: self.origin_kind,
            roles: self.roles,
            pending: Arc::clone(&self.pending),
        }
    }

    /// The same update answering with a new message: the pressed one stays as it is (a
    /// confirmation, a notice, a photo card).
    pub fn fresh(&self) -> Ctx<'a> {
        Ctx {
            origin_message: None,
            origin_kind: OriginKind::Inaccessible,
            ..self.with_user(self.user.clone())
        }
    }

    pub fn is_superadmin(&self) -> bool {
        self.app.config.is_superadmin(self.user.telegram_id)
    }

    /// Whether the user is a performer and whether an admin: as read with the user row, else
    /// in one query.
    pub async fn performer_and_admin(&self) -> Result<(bool, bool)> {
        let (performer, admin) = match self.roles {
            Some(known) => known,
            None => {
                let roles = roles::active(&self.app.db, self.user.id).await?;
                (roles.contains(&Role::Performer), roles.contains(&Role::Admin))
            }
        };
        Ok((performer, self.is_superadmin() || admin))
    }

    pub async fn is_admin(&self) -> Result<bool> {
        Ok(self.performer_and_admin().await?.1)
    }

    /// Sends a new message.
    pub async fn send(&self, text: impl Into<String>, keyboard: Option<InlineKeyboardMarkup>) -> Result<()> {
        let params = SendMessageParams {
            reply_markup: keyboard.map(ReplyMarkup::InlineKeyboardMarkup),
            ..SendMessageParams::builder()
                .chat_id(self.chat_id)
                .text(text)
                .build()
        };
        self.app.telegram.send_message(&params).await?;
        Ok(())
    }

    /// Shows a screen: redraws the pressed message in place when it is a text message, else (a
    /// photo card, a deleted message, or an edit Telegram refuses) sends the screen as a new
    /// message and takes the buttons off the old one, so no dead keyboard is left behind.
    /// "Not modified" (the same button pressed twice) is success. The edit's result decides
    /// whether a new message is needed, when it is made ([`Telegram::edit_or_send_anew`]).
    pub async fn show(&self, text: impl Into<String>, keyboard: InlineKeyboardMarkup) -> Result<()> {
        let text = text.into();
        let Some(message_id) = self.origin_message else {
            return self.send(text, Some(keyboard)).await;
        };
        if self.origin_kind == OriginKind::Text {
            let params = EditMessageTextParams::builder()
                .chat_id(self.chat_id)
                .message_id(message_id)
                .text(text)
                .reply_markup(keyboard)
                .build();
            return Ok(self.app.telegram.edit_or_send_anew(&params).await?);
        }
        self.retire_keyboard(message_id).await;
        self.send(text, Some(keyboard)).await
    }

    /// Takes the buttons off a message a screen no longer lives in. Best effort: a deleted or
    /// too old message keeps whatever it has.
    pub async fn retire_keyboard(&self, message_id: i32) {
        let params = EditMessageReplyMarkupParams::builder()
            .chat_id(self.chat_id)
            .message_id(message_id)
            .reply_markup(
                InlineKeyboardMarkup::builder()
                    .inline_keyboard(Vec::new())
                    .build(),
            )
            .build();
        if let Err(e) = self.app.telegram.edit_message_reply_markup(&params).await {
            debug!(error = %e, "old keyboard not removed");
        }
    }

    /// Tells another user something, in their language; a failure is logged, not fatal.
    pub async fn notify(&self, user: &users::Model, text: impl FnOnce(Texts) -> String) {
        let t = Texts(Lang::from_stored(&user.language_code));
        let params = SendMessageParams::builder()
            .chat_id(user.telegram_id)
            .text(text(t))
            .build();
        // Someone else's message must arrive: it never rides in this update's response.
        if let Err(e) = self.app.telegram.direct().send_message(&params).await {
            warn!(user_id = user.id, error = %e, "could not notify user");
        }
    }

    /// The question the chat has pending, if any (not read when it is known there is none).
    pub async fn chat_state(&self) -> Result<Option<ChatState>> {
        if self.pending.is_none() {
            return Ok(None);
        }
        Ok(chat_state::get(&self.app.db, self.chat_id).await?)
    }

    pub async fn set_chat_state(&self, state: &ChatState) -> Result<()> {
        chat_state::set(&self.app.db, self.chat_id, state, self.app.now()).await?;
        self.pending.set(true);
        Ok(())
    }

    pub async fn clear_chat_state(&self) -> Result<()> {
        if self.pending.is_none() {
            return Ok(());
        }
        chat_state::clear(&self.app.db, self.chat_id).await?;
        self.pending.set(false);
        Ok(())
    }
}

/// An inline keyboard from rows of (label, callback); labels are `&str` or `String` (texts from
/// Fluent are owned).
/// `markup` with a first row that opens `url` (a meeting link: [▶️ Join call]).
pub fn with_url_row(
    mut markup: InlineKeyboardMarkup,
    label: impl Into<String>,
    url: &str,
) -> InlineKeyboardMarkup {
    let button = InlineKeyboardButton::builder()
        .text(label)
        .url(url.to_owned())
        .build();
    markup.inline_keyboard.insert(0, vec![button]);
    markup
}

pub fn keyboard<L: Into<String>>(rows: Vec<Vec<(L, Callback)>>) -> InlineKeyboardMarkup {
    let rows = rows
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|(label, cb)| {
                    InlineKeyboardButton::builder()
                        .text(label)
                        .callback_data(cb.data())
                        .build()
                })
                .collect()
        })
        .collect();
    InlineKeyboardMarkup::builder().inline_keyboard(rows).build()
}
