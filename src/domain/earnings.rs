//! What a performer earns from a booking: the split of its price, and which transitions move
//! money in the ledger. Pure; `services::earnings` writes the rows.
//!
//! Rounding: the performer's share is rounded down to a whole minor unit (a whole Star for
//! XTR) and the platform keeps the remainder, so the two always add up to the price.

use crate::domain::booking::{BookingEvent, BookingStatus};

/// `price` split at `commission_percent` (0–100): `(performer's share, platform's commission)`.
pub fn split(price: i64, commission_percent: u8) -> (i64, i64) {
    let percent = i128::from(commission_percent.min(100));
    let share = i128::from(price.max(0)) * (100 - percent) / 100;
    let share = i64::try_from(share).unwrap_or(0);
    (share, price.max(0) - share)
}

/// A ledger movement a transition causes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Movement {
    /// The performer earned the booking: credit the share.
    Credit,
    /// A booking that may have been credited was refunded: take the credit back, if one exists.
    Reverse,
}

/// The movement of the persisted transition `from --event--> to`, if any. The performer earns
/// a call that was held (`completed`) and one the user did not come to (the performer kept the
/// time free and keeps the payment); every entry into `refunded` reverses a credit if there was
/// one (only a disputed completed call has one).
pub fn movement(from: BookingStatus, event: &BookingEvent, to: BookingStatus) -> Option<Movement> {
    match (from, event, to) {
        (f, _, BookingStatus::Completed) if f != BookingStatus::Completed => Some(Movement::Credit),
        (f, BookingEvent::UserAbsent, BookingStatus::NoShow) if f != BookingStatus::NoShow => {
            Some(Movement::Credit)
        }
        (f, _, BookingStatus::Refunded) if f != BookingStatus::Refunded => Some(Movement::Reverse),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_performer_share_rounds_down_and_the_platform_keeps_the_rest() {
        assert_eq!(split(100, 20), (80, 20));
        // 20% of 7 is 1.4: the performer gets 5 (5.6 rounded down), the platform 2.
        assert_eq!(split(7, 20), (5, 2));
        assert_eq!(split(1, 20), (0, 1));
        assert_eq!(split(999, 0), (999, 0));
        assert_eq!(split(999, 100), (0, 999));
        assert_eq!(split(250, 15), (212, 38));
    }

    proptest! {
        #[test]
        fn shares_add_up_to_the_price(price in 0i64..i64::MAX / 2, percent in 0u8..=100) {
            let (share, commission) = split(price, percent);
            prop_assert_eq!(share + commission, price);
            prop_assert!(share >= 0 && commission >= 0);
            // The performer never gets more than their exact share.
            prop_assert!(i128::from(share) * 100 <= i128::from(price) * i128::from(100 - percent));
        }
    }

    #[test]
    fn completion_and_user_absence_credit_refunds_reverse() {
        use BookingStatus as S;
        assert_eq!(
            movement(S::InProgress, &BookingEvent::MeetingEnded, S::Completed),
            Some(Movement::Credit)
        );
        assert_eq!(
            movement(S::Confirmed, &BookingEvent::ScheduledEndPassed, S::Completed),
            Some(Movement::Credit)
        );
        assert_eq!(
            movement(S::Confirmed, &BookingEvent::UserAbsent, S::NoShow),
            Some(Movement::Credit)
        );
        assert_eq!(
            movement(S::Confirmed, &BookingEvent::PerformerAbsent, S::NoShow),
            None
        );
        assert_eq!(
            movement(S::Completed, &BookingEvent::DisputeRefund, S::Refunded),
            Some(Movement::Reverse)
        );
        assert_eq!(
            movement(S::Cancelled, &BookingEvent::RefundCompleted, S::Refunded),
            Some(Movement::Reverse)
        );
        // A duplicate payment refunded while the booking stays completed moves nothing.
        assert_eq!(
            movement(S::Completed, &BookingEvent::PaymentReceived, S::Completed),
            None
        );
    }
}
