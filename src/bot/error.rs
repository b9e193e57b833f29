//! What can stop a handler, and the one decision the front door makes of it:
//! [`BotError::disposition`].

use sea_orm::DbErr;

use crate::services::booking::BookingError;
use crate::telegram::TelegramError;

#[derive(Debug, thiserror::Error)]
pub enum BotError {
    #[error("database: {0}")]
    Db(#[from] DbErr),
    /// Telegram refused a reply.
    #[error(transparent)]
    Telegram(#[from] TelegramError),
    /// The booking service refused what the update asked (a race lost, a stale button), or
    /// failed underneath ([`BookingError::Db`] is judged as any database error).
    #[error("booking: {0}")]
    Booking(#[from] BookingError),
}

pub type Result<T, E = BotError> = std::result::Result<T, E>;

/// What becomes of an update whose handler failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    /// Transient (the database is down or busy, the booking kept changing under us): the claim
    /// is released and the front door answers 503, so Telegram delivers the update again.
    Retry,
    /// The database refused the update's own data: a redelivery would carry the same data and
    /// fail again, holding up the chat. Acknowledged as unusable, logged as a warning.
    Unusable,
    /// A rule said no (a slot taken meanwhile, a booking gone): part of normal operation,
    /// acknowledged and logged as information.
    Refused,
    /// Telegram refused a reply, or a stored row is invalid: a retry would fail the same way.
    /// Acknowledged, logged as a warning.
    Failed,
}

impl BotError {
    /// A race lost to another update (PostgreSQL broke a deadlock or a serialization conflict,
    /// or the booking kept changing under us): nothing of the update stays, and handling it
    /// again at once, against the winner's committed data, can only go the other way.
    pub fn is_lost_race(&self) -> bool {
        match self {
            Self::Db(e) | Self::Booking(BookingError::Db(e)) => {
                matches!(crate::db::sqlstate(e).as_deref(), Some("40P01" | "40001"))
            }
            Self::Booking(BookingError::Conflict) => true,
            _ => false,
        }
    }

    pub fn disposition(&self) -> Disposition {
        match self {
            Self::Db(e) | Self::Booking(BookingError::Db(e)) => {
                // A stored value the typed columns cannot read (a status written by a newer
                // version, say): that row fails the same way every time.
                if matches!(e, sea_orm::DbErr::Type(_)) {
                    Disposition::Failed
                } else if crate::db::is_data_error(e) {
                    Disposition::Unusable
                } else {
                    Disposition::Retry
                }
            }
            Self::Booking(BookingError::Conflict) => Disposition::Retry,
            Self::Booking(
                BookingError::NotFound
                | BookingError::SlotTaken
                | BookingError::SlotNotOffered
                | BookingError::PerformerOffline
                | BookingError::UnpaidHold { .. }
                | BookingError::AlreadyHeld { .. }
                | BookingError::TooManyHolds { .. }
                | BookingError::CancelRequestMade { .. }
                | BookingError::CancelInTime
                | BookingError::CallStarted
                | BookingError::NoOpenCancelRequest { .. }
                | BookingError::Unchanged
                | BookingError::MoveLimit
                | BookingError::Moved { .. }
                | BookingError::StartNowLapsed
                | BookingError::Transition(_),
            ) => Disposition::Refused,
            Self::Telegram(_) => Disposition::Failed,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use sea_orm::sqlx::error::{DatabaseError, ErrorKind};
    use sea_orm::RuntimeErr;

    use super::*;
    use crate::domain::booking::TransitionError;

    /// A database error with a SQLSTATE, as PostgreSQL raises them.
    #[derive(Debug)]
    struct Sqlstate(&'static str);

    impl std::fmt::Display for Sqlstate {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "SQLSTATE {}", self.0)
        }
    }

    impl std::error::Error for Sqlstate {}

    impl DatabaseError for Sqlstate {
        fn message(&self) -> &str {
            self.0
        }
        fn code(&self) -> Option<Cow<'_, str>> {
            Some(Cow::Borrowed(self.0))
        }
        fn as_error(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
            self
        }
        fn as_error_mut(&mut self) -> &mut (dyn std::error::Error + Send + Sync + 'static) {
            self
        }
        fn into_error(self: Box<Self>) -> Box<dyn std::error::Error + Send + Sync + 'static> {
            self
        }
        fn kind(&self) -> ErrorKind {
            ErrorKind::Other
        }
    }

    fn raised(code: &'static str) -> DbErr {
        DbErr::Exec(RuntimeErr::SqlxError(sea_orm::sqlx::Error::Database(Box::new(
            Sqlstate(code),
        ))))
    }

    fn outage() -> DbErr {
        DbErr::Conn(RuntimeErr::Internal("connection refused".into()))
    }

    #[test]
    fn deadlocks_serialization_failures_and_booking_conflicts_are_lost_races() {
        let lost: Vec<BotError> = vec![
            raised("40P01").into(),
            raised("40001").into(),
            BookingError::Db(raised("40P01")).into(),
            BookingError::Conflict.into(),
        ];
        assert!(lost.iter().all(BotError::is_lost_race));
        let not: Vec<BotError> = vec![
            outage().into(),
            raised("22001").into(),
            BookingError::SlotTaken.into(),
        ];
        assert!(!not.iter().any(BotError::is_lost_race));
    }

    #[test]
    fn only_transient_failures_are_retried() {
        use Disposition::*;
        let cases: Vec<(BotError, Disposition)> = vec![
            (outage().into(), Retry),
            // Serialization failure: the same statement may well succeed next time.
            (raised("40001").into(), Retry),
            // "value too long for type": the same data fails the same way every time.
            (raised("22001").into(), Unusable),
            (BookingError::Db(outage()).into(), Retry),
            (BookingError::Db(raised("22P05")).into(), Unusable),
            (BookingError::Conflict.into(), Retry),
            (BookingError::NotFound.into(), Refused),
            (BookingError::SlotTaken.into(), Refused),
            (BookingError::SlotNotOffered.into(), Refused),
            (BookingError::PerformerOffline.into(), Refused),
            (
                BookingError::Transition(TransitionError::CancelTooLate).into(),
                Refused,
            ),
            (
                BookingError::Db(sea_orm::DbErr::Type(
                    "unexpected value for BookingStatus enum: bogus".into(),
                ))
                .into(),
                Failed,
            ),
            (
                TelegramError::Blocked("bot was blocked by the user".into()).into(),
                Failed,
            ),
            (TelegramError::RetryTooLong(600).into(), Failed),
            (
                TelegramError::Api {
                    method: "sendMessage".into(),
                    code: 400,
                    description: "Bad Request: chat not found".into(),
                }
                .into(),
                Failed,
            ),
            (TelegramError::Transport("timed out".into()).into(), Failed),
        ];
        for (error, expected) in cases {
            assert_eq!(error.disposition(), expected, "{error}");
        }
    }
}
