//! Money as exact integers: validated currency codes, minor-unit amounts, display and parsing.
//!
//! Floats never appear: Telegram sends and expects amounts in the smallest unit of the currency
//! (whole Stars for `XTR`), and a price typed as "12,50" is parsed digit by digit.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Defined in `entity`, whose `bookings` and `performer_rates` columns hold it.
pub use entity::currency::{Currency, InvalidCurrency};

/// Why an amount or an arithmetic step was rejected (a code: [`InvalidCurrency`]).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MoneyError {
    #[error("no amount given")]
    Empty,
    #[error("not an amount: {0:?} (use digits, optionally one '.' or ',' before the decimals)")]
    InvalidAmount(String),
    #[error("{currency} allows at most {max} digits after the decimal separator")]
    TooManyDecimals { currency: Currency, max: u8 },
    #[error("amount is too large")]
    Overflow,
    #[error("cannot combine {0} with {1}")]
    CurrencyMismatch(Currency, Currency),
}

/// An amount in the currency's minor unit (cents for USD, whole Stars for XTR).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    pub amount: i64,
    pub currency: Currency,
}

impl Money {
    pub fn new(amount: i64, currency: Currency) -> Money {
        Money { amount, currency }
    }

    /// Whole Stars; Telegram's `XTR` amounts are never fractional.
    pub fn stars(amount: i64) -> Money {
        Money::new(amount, Currency::XTR)
    }

    /// Human display: `150 ⭐` for Stars, `12.50 USD` / `1500 JPY` otherwise.
    ///
    /// The code goes after the number rather than a symbol before it, so `$` cannot be confused
    /// between USD, MXN and COP, which this bot's audience all use.
    pub fn format(&self) -> String {
        if self.currency.is_stars() {
            return format!("{} ⭐", self.amount);
        }
        let digits = usize::from(self.currency.minor_digits());
        let sign = if self.amount < 0 { "-" } else { "" };
        // unsigned_abs: i64::MIN has no positive i64 counterpart.
        let abs = self.amount.unsigned_abs();
        if digits == 0 {
            return format!("{sign}{abs} {}", self.currency);
        }
        let per_major = 10_u64.pow(digits as u32);
        format!(
            "{sign}{}.{:0digits$} {}",
            abs / per_major,
            abs % per_major,
            self.currency
        )
    }

    /// Parses an amount typed in major units: `12`, `12.5`, `12,50`.
    ///
    /// Accepts a comma as decimal separator because Spanish-speaking users type it. Rejects
    /// signs, thousands separators, exponents and more decimals than the currency has, rather
    /// than guess or round.
    pub fn parse_major(input: &str, currency: Currency) -> Result<Money, MoneyError> {
        parse_major(input, currency)
    }

    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        if self.currency != other.currency {
            return Err(MoneyError::CurrencyMismatch(self.currency, other.currency));
        }
        self.amount
            .checked_add(other.amount)
            .map(|amount| Money::new(amount, self.currency))
            .ok_or(MoneyError::Overflow)
    }

    pub fn is_positive(&self) -> bool {
        self.amount > 0
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format())
    }
}

/// See [`Money::parse_major`].
pub fn parse_major(input: &str, currency: Currency) -> Result<Money, MoneyError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(MoneyError::Empty);
    }
    let invalid = || MoneyError::InvalidAmount(input.to_owned());
    let (whole, fraction) = match s.find(['.', ',']) {
        Some(at) => (&s[..at], Some(&s[at + 1..])),
        None => (s, None),
    };
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) {
        return Err(invalid());
    }
    let fraction = match fraction {
        // "12." or "12.5.0": a dangling or second separator is a typo, not a number.
        Some(f) if !all_digits(f) => return Err(invalid()),
        Some(f) => f,
        None => "",
    };
    let max = currency.minor_digits();
    if fraction.len() > usize::from(max) {
        return Err(MoneyError::TooManyDecimals { currency, max });
    }

    let mut amount: i64 = 0;
    for b in whole.bytes() {
        amount = amount
            .checked_mul(10)
            .and_then(|a| a.checked_add(i64::from(b - b'0')))
            .ok_or(MoneyError::Overflow)?;
    }
    amount = amount
        .checked_mul(currency.minor_per_major())
        .ok_or(MoneyError::Overflow)?;
    // "12.5" in a 2-digit currency is 12.50: scale the fraction up to the full minor width.
    let mut minor: i64 = 0;
    for b in fraction.bytes() {
        minor = minor * 10 + i64::from(b - b'0');
    }
    for _ in fraction.len()..usize::from(max) {
        minor *= 10;
    }
    amount = amount.checked_add(minor).ok_or(MoneyError::Overflow)?;
    Ok(Money::new(amount, currency))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cur(code: &str) -> Currency {
        Currency::new(code).unwrap()
    }

    #[test]
    fn currency_codes_are_three_uppercase_letters() {
        assert_eq!(cur("USD").as_str(), "USD");
        assert_eq!("XTR".parse::<Currency>().unwrap(), Currency::XTR);
        for bad in ["usd", "US", "USDT", "", "U$D", "ÜSD", "12A"] {
            assert_eq!(
                Currency::new(bad),
                Err(InvalidCurrency(bad.to_owned())),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn minor_digits_follow_telegram_and_iso_4217() {
        assert_eq!(Currency::XTR.minor_digits(), 0);
        assert_eq!(cur("JPY").minor_digits(), 0);
        assert_eq!(cur("KRW").minor_digits(), 0);
        assert_eq!(Currency::USD.minor_digits(), 2);
        assert_eq!(Currency::EUR.minor_digits(), 2);
        assert_eq!(cur("MXN").minor_digits(), 2);
        assert_eq!(cur("COP").minor_digits(), 2);
        assert_eq!(cur("KWD").minor_digits(), 3);
    }

    #[test]
    fn stars_are_formatted_whole_with_a_star() {
        assert_eq!(Money::stars(150).format(), "150 ⭐");
        assert_eq!(Money::stars(0).to_string(), "0 ⭐");
    }

    #[test]
    fn other_currencies_are_formatted_with_their_minor_digits() {
        assert_eq!(Money::new(1250, Currency::USD).format(), "12.50 USD");
        assert_eq!(Money::new(5, Currency::EUR).format(), "0.05 EUR");
        assert_eq!(Money::new(1500, cur("JPY")).format(), "1500 JPY");
        assert_eq!(Money::new(12345, cur("KWD")).format(), "12.345 KWD");
        assert_eq!(Money::new(-1250, Currency::USD).format(), "-12.50 USD");
        assert_eq!(
            Money::new(i64::MIN, Currency::USD).format(),
            "-92233720368547758.08 USD"
        );
    }

    #[test]
    fn typed_amounts_are_parsed_without_floats() {
        let usd = |s| parse_major(s, Currency::USD);
        assert_eq!(usd("12"), Ok(Money::new(1200, Currency::USD)));
        assert_eq!(usd("12.5"), Ok(Money::new(1250, Currency::USD)));
        assert_eq!(usd("12,50"), Ok(Money::new(1250, Currency::USD)));
        assert_eq!(usd(" 0.07 "), Ok(Money::new(7, Currency::USD)));
        assert_eq!(usd("007"), Ok(Money::new(700, Currency::USD)));
        // 0.1 + 0.2 style float noise must not exist.
        assert_eq!(usd("0.29"), Ok(Money::new(29, Currency::USD)));
        assert_eq!(parse_major("150", Currency::XTR), Ok(Money::stars(150)));
        assert_eq!(
            parse_major("12.345", cur("KWD")),
            Ok(Money::new(12345, cur("KWD")))
        );
    }

    #[test]
    fn malformed_amounts_are_rejected() {
        let usd = |s| parse_major(s, Currency::USD);
        assert_eq!(usd(""), Err(MoneyError::Empty));
        assert_eq!(usd("   "), Err(MoneyError::Empty));
        for bad in [
            "12.", ".5", "-12", "+12", "1,000.00", "12.5.0", "1e3", "12 50", "abc", "١٢", "12$",
        ] {
            assert_eq!(
                usd(bad),
                Err(MoneyError::InvalidAmount(bad.to_owned())),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn more_decimals_than_the_currency_has_are_rejected_not_rounded() {
        assert_eq!(
            parse_major("12.505", Currency::USD),
            Err(MoneyError::TooManyDecimals {
                currency: Currency::USD,
                max: 2
            })
        );
        assert_eq!(
            parse_major("1.5", Currency::XTR),
            Err(MoneyError::TooManyDecimals {
                currency: Currency::XTR,
                max: 0
            })
        );
    }

    #[test]
    fn huge_amounts_overflow_instead_of_wrapping() {
        assert_eq!(
            parse_major("92233720368547758.07", Currency::USD),
            Ok(Money::new(i64::MAX, Currency::USD))
        );
        assert_eq!(
            parse_major("92233720368547758.08", Currency::USD),
            Err(MoneyError::Overflow)
        );
        assert_eq!(
            parse_major("99999999999999999999999", Currency::XTR),
            Err(MoneyError::Overflow)
        );
    }

    #[test]
    fn money_round_trips_through_json_with_a_validated_code() {
        let m = Money::new(1250, Currency::USD);
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, r#"{"amount":1250,"currency":"USD"}"#);
        assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), m);
        assert!(serde_json::from_str::<Money>(r#"{"amount":1,"currency":"usd"}"#).is_err());
    }

    #[test]
    fn adding_different_currencies_is_an_error() {
        let a = Money::new(100, Currency::USD);
        assert_eq!(a.checked_add(a), Ok(Money::new(200, Currency::USD)));
        assert_eq!(
            a.checked_add(Money::stars(1)),
            Err(MoneyError::CurrencyMismatch(Currency::USD, Currency::XTR))
        );
        assert_eq!(
            Money::new(i64::MAX, Currency::USD).checked_add(a),
            Err(MoneyError::Overflow)
        );
    }
}
