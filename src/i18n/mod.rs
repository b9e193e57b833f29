//! Every user-facing text, in English and Spanish. Handlers never hold literal text: they ask
//! [`Texts`] for it, so a language is complete or visibly missing in one file.

mod performer;
mod user;

use crate::services::roles::Role;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Es,
}

impl Lang {
    /// Telegram's `language_code` (an IETF tag such as `es-MX`) → a language we speak.
    pub fn from_telegram(code: Option<&str>, default: Lang) -> Lang {
        match code.map(|c| c.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase()) {
            Some(c) if c == "es" => Lang::Es,
            Some(c) if c == "en" => Lang::En,
            _ => default,
        }
    }

    /// The code stored in `users.language_code`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
        }
    }

    pub fn from_code(code: &str) -> Lang {
        if code == "es" {
            Lang::Es
        } else {
            Lang::En
        }
    }
}

/// The texts of one language.
#[derive(Debug, Clone, Copy)]
pub struct Texts(pub Lang);

macro_rules! text {
    ($($name:ident => $en:expr, $es:expr;)*) => {
        impl Texts {
            $(
                pub fn $name(&self) -> &'static str {
                    match self.0 {
                        Lang::En => $en,
                        Lang::Es => $es,
                    }
                }
            )*
        }
    };
}

text! {
    // Main menu and navigation
    btn_pnp_live => "🎥 PNP Live", "🎥 PNP Live";
    btn_my_bookings => "📅 My bookings", "📅 Mis reservas";
    btn_settings => "⚙️ Settings", "⚙️ Ajustes";
    btn_help => "❓ Help", "❓ Ayuda";
    btn_back => "⬅️ Back", "⬅️ Atrás";
    btn_main_menu => "🏠 Main menu", "🏠 Menú principal";
    btn_cancel => "✖️ Cancel", "✖️ Cancelar";
    btn_admin => "🛠 Admin", "🛠 Administración";
    main_menu_title => "What would you like to do?", "¿Qué te gustaría hacer?";
    unknown_input => "I didn't understand that. Pick an option from the menu:",
        "No entendí eso. Elige una opción del menú:";
    input_cancelled => "Cancelled.", "Cancelado.";
    expired_button => "This button is no longer valid. Here is the menu again:",
        "Este botón ya no es válido. Aquí tienes el menú de nuevo:";
    help => "PNP Live lets you book private 1-on-1 video calls with performers.\n\n\
        • PNP Live — see who is online now, view profiles and book a call.\n\
        • My bookings — your upcoming and past calls, with their links.\n\
        • Settings — language, timezone and go-online notifications.\n\n\
        Commands:\n/start — main menu\n/help — this help\n/cancel — stop what you are typing",
        "PNP Live te permite reservar videollamadas privadas 1 a 1 con performers.\n\n\
        • PNP Live — mira quién está en línea, ve perfiles y reserva una llamada.\n\
        • Mis reservas — tus llamadas próximas y pasadas, con sus enlaces.\n\
        • Ajustes — idioma, zona horaria y avisos de conexión.\n\n\
        Comandos:\n/start — menú principal\n/help — esta ayuda\n/cancel — detener lo que estás escribiendo";
    help_performer => "\n\nPerformers: /pnp_live opens your performer menu.",
        "\n\nPerformers: /pnp_live abre tu menú de performer.";
    help_admin => "\nAdmins: /admin opens the admin panel.", "\nAdministradores: /admin abre el panel de administración.";

    // Settings
    settings_title => "Settings", "Ajustes";
    btn_language => "🌐 Language", "🌐 Idioma";
    choose_language => "Choose your language:", "Elige tu idioma:";
    language_set => "Language set to English.", "Idioma cambiado a español.";

    // Admin
    admin_refused => "Sorry, this is only for admins.", "Lo siento, esto es solo para administradores.";
    superadmin_only => "Only superadmins can change who is an admin.",
        "Solo los superadministradores pueden cambiar quién es administrador.";
    admin_title => "Admin panel", "Panel de administración";
    btn_roles => "👥 Roles", "👥 Roles";
    btn_add_performer => "➕ Add performer", "➕ Añadir performer";
    btn_remove_performer => "➖ Remove performer", "➖ Quitar performer";
    btn_add_admin => "➕ Add admin", "➕ Añadir administrador";
    btn_remove_admin => "➖ Remove admin", "➖ Quitar administrador";
    roles_performers => "Performers", "Performers";
    roles_admins => "Admins", "Administradores";
    roles_none => "(none)", "(ninguno)";
    ask_role_target => "Send me their @username, their numeric Telegram id, or forward me a message of theirs.\n\nThey must have opened this bot at least once.",
        "Envíame su @usuario, su id numérico de Telegram o reenvíame un mensaje suyo.\n\nDebe haber abierto este bot al menos una vez.";
    target_hidden => "That person hides their account when forwarded, so I can't tell who they are. Send their @username or numeric id instead.",
        "Esa persona oculta su cuenta al reenviar, así que no sé quién es. Envía su @usuario o su id numérico.";
    target_invalid => "That is not a @username, a numeric id or a forwarded message. Try again, or press Cancel.",
        "Eso no es un @usuario, un id numérico ni un mensaje reenviado. Inténtalo de nuevo o pulsa Cancelar.";
    choose_to_remove => "Whom should I remove?", "¿A quién quito?";
    nobody_to_remove => "There is nobody with that role.", "No hay nadie con ese rol.";
}

impl Texts {
    pub fn welcome(&self, name: &str) -> String {
        match self.0 {
            Lang::En => format!("Welcome to PNP Live, {name}! 👋\nBook private 1-on-1 video calls with our performers."),
            Lang::Es => format!("¡Bienvenido a PNP Live, {name}! 👋\nReserva videollamadas privadas 1 a 1 con nuestros performers."),
        }
    }

    pub fn role_name(&self, role: Role) -> &'static str {
        match (self.0, role) {
            (Lang::En, Role::Performer) => "performer",
            (Lang::Es, Role::Performer) => "performer",
            (Lang::En, Role::Admin) => "admin",
            (Lang::Es, Role::Admin) => "administrador",
        }
    }

    pub fn target_unknown(&self, who: &str) -> String {
        match self.0 {
            Lang::En => format!("I don't know {who} yet: they must open this bot and press Start first. Try again, or press Cancel."),
            Lang::Es => format!("Todavía no conozco a {who}: primero debe abrir este bot y pulsar Iniciar. Inténtalo de nuevo o pulsa Cancelar."),
        }
    }

    pub fn role_granted(&self, who: &str, role: Role) -> String {
        let role = self.role_name(role);
        match self.0 {
            Lang::En => format!("✅ {who} is now a {role}."),
            Lang::Es => format!("✅ {who} ahora es {role}."),
        }
    }

    pub fn role_already(&self, who: &str, role: Role) -> String {
        let role = self.role_name(role);
        match self.0 {
            Lang::En => format!("{who} already is a {role}."),
            Lang::Es => format!("{who} ya es {role}."),
        }
    }

    pub fn role_removed(&self, who: &str, role: Role) -> String {
        let role = self.role_name(role);
        match self.0 {
            Lang::En => format!("✅ {who} is no longer a {role}."),
            Lang::Es => format!("✅ {who} ya no es {role}."),
        }
    }

    pub fn role_not_held(&self, who: &str, role: Role) -> String {
        let role = self.role_name(role);
        match self.0 {
            Lang::En => format!("{who} was not a {role}."),
            Lang::Es => format!("{who} no era {role}."),
        }
    }

    /// Told to the person whose role changed.
    pub fn you_were_granted(&self, role: Role) -> String {
        match (self.0, role) {
            (Lang::En, Role::Performer) => {
                "🎉 You are now a performer on PNP Live. Send /pnp_live to set up your profile and go online."
                    .into()
            }
            (Lang::Es, Role::Performer) => {
                "🎉 Ahora eres performer en PNP Live. Envía /pnp_live para preparar tu perfil y conectarte."
                    .into()
            }
            (Lang::En, Role::Admin) => {
                "🛠 You are now an admin of PNP Live. Send /admin to open the admin panel.".into()
            }
            (Lang::Es, Role::Admin) => {
                "🛠 Ahora eres administrador de PNP Live. Envía /admin para abrir el panel.".into()
            }
        }
    }

    pub fn you_were_revoked(&self, role: Role) -> String {
        let role = self.role_name(role);
        match self.0 {
            Lang::En => format!("Your {role} role on PNP Live has been removed."),
            Lang::Es => format!("Se te ha quitado el rol de {role} en PNP Live."),
        }
    }

    pub fn adding(&self, role: Role) -> String {
        let role = self.role_name(role);
        match self.0 {
            Lang::En => format!("Adding a {role}."),
            Lang::Es => format!("Añadiendo {role}."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn telegram_language_tags_map_to_our_languages() {
        assert_eq!(Lang::from_telegram(Some("es-MX"), Lang::En), Lang::Es);
        assert_eq!(Lang::from_telegram(Some("es"), Lang::En), Lang::Es);
        assert_eq!(Lang::from_telegram(Some("en-US"), Lang::Es), Lang::En);
        assert_eq!(Lang::from_telegram(Some("pt-BR"), Lang::Es), Lang::Es);
        assert_eq!(Lang::from_telegram(None, Lang::En), Lang::En);
    }
}
