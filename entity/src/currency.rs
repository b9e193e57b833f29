//! Currency codes, valid by construction, as stored in `bookings.currency` and
//! `performer_rates.currency` (`domain::money` re-exports it and does the arithmetic).

use std::fmt;
use std::ops::Deref;
use std::str::FromStr;

use sea_orm::sea_query::{ArrayType, ColumnType, Nullable, StringLen, Value, ValueType, ValueTypeErr};
use sea_orm::{ColIdx, DbErr, QueryResult, TryGetError, TryGetable};
use serde::{Deserialize, Serialize};

/// A code that is not three uppercase letters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidCurrency(pub String);

impl fmt::Display for InvalidCurrency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "currency code must be three uppercase letters A-Z, got {:?}",
            self.0
        )
    }
}

impl std::error::Error for InvalidCurrency {}

/// An ISO 4217 style code, or Telegram's `XTR` for Stars.
///
/// Stored as three ASCII bytes so it is `Copy` and compares cheaply; only `A`..=`Z` gets in, so
/// `as_str` can never fail.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency([u8; 3]);

impl Currency {
    /// Telegram Stars: amounts are whole Stars, there is no minor unit.
    pub const XTR: Currency = Currency(*b"XTR");
    pub const USD: Currency = Currency(*b"USD");
    pub const EUR: Currency = Currency(*b"EUR");

    /// Accepts exactly three uppercase ASCII letters. Lowercase is rejected rather than
    /// upper-cased, so a code stored in the database is always byte-for-byte what Telegram wants.
    pub fn new(code: &str) -> Result<Currency, InvalidCurrency> {
        match code.as_bytes() {
            &[a, b, c] if [a, b, c].iter().all(u8::is_ascii_uppercase) => Ok(Currency([a, b, c])),
            _ => Err(InvalidCurrency(code.to_owned())),
        }
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII uppercase letters are ever stored (see `new`), which is valid UTF-8.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }

    /// Digits after the decimal point, i.e. the exponent of the minor unit (Telegram's `exp`).
    ///
    /// ISO 4217 values; Stars have none because Telegram counts them whole.
    pub fn minor_digits(&self) -> u8 {
        match &self.0 {
            b"XTR" => 0,
            b"BIF" | b"CLP" | b"DJF" | b"GNF" | b"ISK" | b"JPY" | b"KMF" | b"KRW" | b"PYG" | b"RWF"
            | b"UGX" | b"UYI" | b"VND" | b"VUV" | b"XAF" | b"XOF" | b"XPF" => 0,
            b"BHD" | b"IQD" | b"JOD" | b"KWD" | b"LYD" | b"OMR" | b"TND" => 3,
            _ => 2,
        }
    }

    pub fn is_stars(&self) -> bool {
        *self == Currency::XTR
    }

    /// Minor units in one major unit (1 for Stars, 100 for USD).
    pub fn minor_per_major(&self) -> i64 {
        10_i64.pow(u32::from(self.minor_digits()))
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({})", self.as_str())
    }
}

impl FromStr for Currency {
    type Err = InvalidCurrency;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Currency::new(s)
    }
}

impl TryFrom<String> for Currency {
    type Error = InvalidCurrency;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Currency::new(&s)
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.as_str().to_owned()
    }
}

/// Reads as its code, so `&booking.currency` is still the `&str` the texts take.
impl Deref for Currency {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl From<Currency> for Value {
    fn from(c: Currency) -> Value {
        Value::String(Some(Box::new(c.as_str().to_owned())))
    }
}

impl Nullable for Currency {
    fn null() -> Value {
        Value::String(None)
    }
}

/// A stored code that is not valid fails the read: only `Currency` values are ever written.
impl TryGetable for Currency {
    fn try_get_by<I: ColIdx>(res: &QueryResult, index: I) -> Result<Self, TryGetError> {
        let code = String::try_get_by(res, index)?;
        Currency::new(&code).map_err(|e| TryGetError::DbErr(DbErr::Type(e.to_string())))
    }
}

impl ValueType for Currency {
    fn try_from(v: Value) -> Result<Self, ValueTypeErr> {
        let code = <String as ValueType>::try_from(v)?;
        Currency::new(&code).map_err(|_| ValueTypeErr)
    }

    fn type_name() -> String {
        "Currency".to_owned()
    }

    fn array_type() -> ArrayType {
        ArrayType::String
    }

    fn column_type() -> ColumnType {
        ColumnType::String(StringLen::N(3))
    }
}
