//! The entities under their table names, for `use entity::prelude::*`.

pub use super::chat_states::Entity as ChatStates;
pub use super::processed_updates::Entity as ProcessedUpdates;
pub use super::user_roles::Entity as UserRoles;
pub use super::users::Entity as Users;
