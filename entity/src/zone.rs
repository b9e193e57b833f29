//! A stored IANA zone name, parsed once when the row is read.
//!
//! `performer_profiles.timezone` and `users.timezone` hold names like `America/Mexico_City`.
//! Reading a row turns the name into a [`Zone`]: the `jiff` zone for arithmetic plus the name as
//! stored, for display and for writing the row back unchanged. Names are checked when they are
//! set, so an unknown one means the tz database lost a zone or the row was edited by hand; that
//! case is decided in one place, [`Zone::stored`].

use std::fmt;
use std::ops::Deref;

use jiff::tz::TimeZone;
use sea_orm::sea_query::{ArrayType, ColumnType, Nullable, StringLen, Value, ValueType, ValueTypeErr};
use sea_orm::{ColIdx, QueryResult, TryGetError, TryGetable};

#[derive(Clone)]
pub struct Zone {
    name: String,
    tz: TimeZone,
}

impl Zone {
    /// The zone a stored name stands for. An unknown name falls back to UTC, with a warning:
    /// a wrong clock for one performer or user is better than refusing to show them anything.
    pub fn stored(name: impl Into<String>) -> Zone {
        let name = name.into();
        let tz = TimeZone::get(&name).unwrap_or_else(|e| {
            tracing::warn!(zone = %name, error = %e, "unknown stored timezone; using UTC");
            TimeZone::UTC
        });
        Zone { name, tz }
    }

    /// The name as stored (what the user or performer chose).
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn tz(&self) -> &TimeZone {
        &self.tz
    }
}

/// Reads as the stored name, so `&profile.timezone` is still the `&str` the texts show.
impl Deref for Zone {
    type Target = str;

    fn deref(&self) -> &str {
        &self.name
    }
}

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Zone({})", self.name)
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// Two zones are the same when their stored names are (the name decides the zone).
impl PartialEq for Zone {
    fn eq(&self, other: &Zone) -> bool {
        self.name == other.name
    }
}

impl Eq for Zone {}

impl PartialEq<&str> for Zone {
    fn eq(&self, other: &&str) -> bool {
        self.name == *other
    }
}

impl PartialEq<Zone> for &str {
    fn eq(&self, other: &Zone) -> bool {
        *self == other.name
    }
}

impl From<Zone> for Value {
    fn from(zone: Zone) -> Value {
        Value::String(Some(Box::new(zone.name)))
    }
}

impl Nullable for Zone {
    fn null() -> Value {
        Value::String(None)
    }
}

impl TryGetable for Zone {
    fn try_get_by<I: ColIdx>(res: &QueryResult, index: I) -> Result<Self, TryGetError> {
        String::try_get_by(res, index).map(Zone::stored)
    }
}

impl ValueType for Zone {
    fn try_from(v: Value) -> Result<Self, ValueTypeErr> {
        <String as ValueType>::try_from(v).map(Zone::stored)
    }

    fn type_name() -> String {
        "Zone".to_owned()
    }

    fn array_type() -> ArrayType {
        ArrayType::String
    }

    fn column_type() -> ColumnType {
        ColumnType::String(StringLen::N(64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_name_is_its_zone_and_an_unknown_one_is_utc_under_its_own_name() {
        let mexico = Zone::stored("America/Mexico_City");
        assert_eq!(mexico.tz().iana_name(), Some("America/Mexico_City"));
        assert_eq!(mexico, "America/Mexico_City");
        let lost = Zone::stored("Mars/Olympus_Mons");
        assert_eq!(lost.tz(), &TimeZone::UTC);
        // Written back as it was read: a save never replaces the stored name.
        assert_eq!(
            Value::from(lost),
            Value::String(Some(Box::new("Mars/Olympus_Mons".into())))
        );
    }
}
