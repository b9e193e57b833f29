//! 🚩 Report: a user reports a performer (from her card, or after a call in My bookings), a
//! performer reports a user after a call (her call card). A reason, then a few words or Skip,
//! then thanks. Admins are alerted and handle it (`bot::admin::reports`); the reported side is
//! never told.
//!
//! The buttons live on the user's side (`u:rp:`) since every performer is a user too; the
//! service decides who may report what.

use frankenstein::types::Message;

use super::{UserCb, UserInput};
use crate::bot::admin::reports::ReportsCb;
use crate::bot::callback::Callback;
use crate::bot::callback_data::{BookingId, PerformerId, ReportId};
use crate::bot::{keyboard, ChatState, Ctx, Result};
use crate::i18n::{tr, Texts};
use crate::notify::fulfil::tell_admins_with;
use crate::services::reports::{self, Filed, Subject};
use crate::services::reviews::clean_text;

crate::callback_enum! {
    /// Why someone is reported; stored by [`Reason::as_str`].
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Reason {
        NoShow = "n",
        Rude = "r",
        Inappropriate = "i",
        Scam = "s",
        Other = "o",
    }
}

impl Reason {
    pub const ALL: [Reason; 5] = [
        Reason::NoShow,
        Reason::Rude,
        Reason::Inappropriate,
        Reason::Scam,
        Reason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Reason::NoShow => "no_show",
            Reason::Rude => "rude",
            Reason::Inappropriate => "inappropriate",
            Reason::Scam => "scam",
            Reason::Other => "other",
        }
    }
}

/// A stored reason in the reader's language.
pub fn reason_label(t: Texts, stored: &str) -> String {
    tr!(t, "report-reason", reason = stored)
}

crate::callback_enum! {
    /// The report buttons (`u:rp:`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum ReportCb {
        /// From a performer's card: ask the reason.
        Performer(performer: PerformerId) = "p",
        /// After a call (either side): ask the reason.
        Booking(booking: BookingId) = "b",
        PerformerReason(performer: PerformerId, reason: Reason) = "pr",
        BookingReason(booking: BookingId, reason: Reason) = "br",
        /// No words: done.
        Skip = "k",
    }
}

crate::nest!(ReportCb => UserCb::Report);

fn menu_row(t: Texts) -> Vec<(String, Callback)> {
    vec![(tr!(t, "btn-main-menu"), UserCb::MainMenu.into())]
}

pub async fn on_callback(ctx: &Ctx<'_>, cb: ReportCb) -> Result<()> {
    let t = ctx.t;
    match cb {
        ReportCb::Performer(p) => ask_reason(ctx, |r| ReportCb::PerformerReason(p, r).into()).await,
        ReportCb::Booking(b) => ask_reason(ctx, |r| ReportCb::BookingReason(b, r).into()).await,
        ReportCb::PerformerReason(p, reason) => file(ctx, Subject::Performer(p.0), reason).await,
        ReportCb::BookingReason(b, reason) => file(ctx, Subject::Booking(b.0), reason).await,
        ReportCb::Skip => {
            ctx.clear_chat_state().await?;
            ctx.show(tr!(t, "report-thanks"), keyboard(vec![menu_row(t)]))
                .await
        }
    }
}

async fn ask_reason(ctx: &Ctx<'_>, button: impl Fn(Reason) -> Callback) -> Result<()> {
    let t = ctx.t;
    let mut rows: Vec<Vec<(String, Callback)>> = Reason::ALL
        .iter()
        .map(|r| vec![(reason_label(t, r.as_str()), button(*r))])
        .collect();
    rows.push(menu_row(t));
    ctx.show(tr!(t, "report-ask-reason"), keyboard(rows)).await
}

async fn file(ctx: &Ctx<'_>, subject: Subject, reason: Reason) -> Result<()> {
    let t = ctx.t;
    let app = ctx.app;
    let report = match reports::file(&app.db, ctx.user.id, subject, reason.as_str(), app.now()).await? {
        Filed::New(report) => {
            let id = report.id;
            tell_admins_with(app, |t, _| {
                (
                    tr!(
                        t,
                        "report-admin-alert",
                        id = id,
                        reason = reason_label(t, reason.as_str())
                    ),
                    Some(keyboard(vec![vec![(
                        tr!(t, "btn-open-report"),
                        ReportsCb::Card(ReportId(id)).into(),
                    )]])),
                )
            })
            .await;
            report
        }
        Filed::Already(report) if report.text.is_some() => {
            return ctx
                .show(tr!(t, "report-thanks"), keyboard(vec![menu_row(t)]))
                .await;
        }
        Filed::Already(report) => report,
        Filed::NotAllowed => {
            return ctx
                .show(tr!(t, "report-not-allowed"), keyboard(vec![menu_row(t)]))
                .await;
        }
    };
    ctx.set_chat_state(&ChatState::User(UserInput::ReportText { report: report.id }))
        .await?;
    ctx.show(
        tr!(t, "report-words-prompt", max = reports::TEXT_MAX_CHARS),
        keyboard(vec![vec![(tr!(t, "btn-review-skip"), ReportCb::Skip.into())]]),
    )
    .await
}

/// The words typed after the reason.
pub async fn take_text(ctx: &Ctx<'_>, report: i64, message: &Message) -> Result<()> {
    let t = ctx.t;
    let Some(text) = message
        .text
        .as_deref()
        .and_then(|s| clean_text(s, reports::TEXT_MAX_CHARS))
    else {
        return ctx
            .send(
                tr!(t, "review-text-empty"),
                Some(keyboard(vec![vec![(
                    tr!(t, "btn-review-skip"),
                    ReportCb::Skip.into(),
                )]])),
            )
            .await;
    };
    ctx.clear_chat_state().await?;
    reports::add_text(&ctx.app.db, report, ctx.user.id, &text).await?;
    ctx.send(tr!(t, "report-thanks"), Some(keyboard(vec![menu_row(t)])))
        .await
}
