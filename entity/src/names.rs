//! Closed sets of names stored in string columns (statuses, actors, roles), declared once.
//!
//! [`stored_names!`] writes each name exactly once and derives from that one list the SeaORM
//! active enum (so a column reads straight into the enum and queries compare typed values), the
//! serde name, `as_str` (for raw SQL, metrics labels and logs), `ALL`, `Display` and `FromStr`.
//! The columns stay plain strings of the length the migrations gave them: the stored values are
//! exactly what earlier versions wrote, so no data migration is needed.

use std::fmt;

/// A stored name that matches no variant, e.g. a `bookings.status` written by a newer version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    pub kind: &'static str,
    pub value: String,
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {} {:?}", self.kind, self.value)
    }
}

impl std::error::Error for UnknownName {}

/// Declares an enum stored as one of a fixed set of strings:
///
/// ```text
/// stored_names! {
///     /// Docs.
///     pub enum PaymentStatus: "payment status", "String(StringLen::N(16))" {
///         Paid = "paid",
///     }
/// }
/// ```
///
/// The first string names the kind in [`UnknownName`]; the second is the column's `db_type` as
/// `DeriveActiveEnum` spells it (the length the migration created the column with).
#[macro_export]
macro_rules! stored_names {
    (
        $(#[$meta:meta])*
        pub enum $name:ident: $kind:literal, $db_type:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, sea_orm::EnumIter, sea_orm::DeriveActiveEnum,
            serde::Serialize, serde::Deserialize,
        )]
        #[sea_orm(rs_type = "String", db_type = $db_type)]
        pub enum $name {
            $( $(#[$vmeta])* #[sea_orm(string_value = $value)] #[serde(rename = $value)] $variant, )+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: [$name; [$($value),+].len()] = [$($name::$variant),+];

            /// The stored spelling; operators query these names, so they never change.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $value, )+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::names::UnknownName;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::ALL
                    .into_iter()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| $crate::names::UnknownName {
                        kind: $kind,
                        value: s.to_owned(),
                    })
            }
        }
    };
}
