//! The Telegram Mini App, served by the same server: pages under `/app`, JSON under `/app/api`.
//!
//! The page's files are embedded in the binary (`src/miniapp/assets`), so `cargo run` serves the
//! app with nothing else installed. Every API call is authenticated by Telegram's signed init data
//! ([`auth`]); performer and admin endpoints check the role on the server. Every action goes
//! through the same services as the chat flow.

pub mod admin;
pub mod api;
pub mod auth;
pub mod performer;
pub mod user;

use axum::body::Body;
use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use rust_embed::RustEmbed;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::state::AppState;

#[derive(RustEmbed)]
#[folder = "src/miniapp/assets"]
struct Assets;

/// Who may load the pages and what they may load. Telegram's clients open a Mini App in a
/// WebView (mobile, desktop) or in an iframe of web.telegram.org, so framing is allowed for
/// Telegram's web clients only. `telegram-web-app.js` comes from telegram.org, as Telegram asks.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; \
script-src 'self' https://telegram.org; \
style-src 'self' 'unsafe-inline'; \
img-src 'self' data: blob:; \
connect-src 'self'; \
object-src 'none'; \
base-uri 'none'; \
form-action 'none'; \
frame-ancestors https://web.telegram.org https://webk.telegram.org https://webz.telegram.org";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/app", get(index))
        .route("/app/", get(index))
        .route("/app/assets/{*path}", get(asset))
        .merge(api::router())
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
}

async fn index() -> Response {
    serve("index.html", "no-cache")
}

async fn asset(Path(path): Path<String>) -> Response {
    serve(&path, "public, max-age=300")
}

fn serve(path: &str, cache: &'static str) -> Response {
    let Some(file) = Assets::get(path) else {
        return (StatusCode::NOT_FOUND, "no such file").into_response();
    };
    let mime = match path.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    };
    Response::builder()
        .header(header::CONTENT_TYPE, mime)
        .header(header::CACHE_CONTROL, cache)
        .body(Body::from(file.data.into_owned()))
        .expect("static headers are valid")
}

/// The Mini App's address, when the server knows its public URL.
pub fn url(state: &AppState) -> Option<String> {
    let base = state.config.http.public_url.trim_end_matches('/');
    (!base.is_empty()).then(|| format!("{base}/app"))
}

/// Makes the chat's menu button open the Mini App, when the server has a public URL (Telegram
/// opens only https pages it can reach). Failures are logged: the bot works without it.
pub async fn set_menu_button(state: &AppState) {
    use frankenstein::methods::SetChatMenuButtonParams;
    use frankenstein::types::{MenuButton, MenuButtonWebApp, WebAppInfo};
    use frankenstein::AsyncTelegramApi;

    let Some(url) = url(state) else {
        return;
    };
    let t = crate::i18n::Texts(crate::i18n::Lang::from_stored(&state.config.bot.default_language));
    let params = SetChatMenuButtonParams {
        chat_id: None,
        menu_button: Some(MenuButton::WebApp(MenuButtonWebApp {
            text: crate::i18n::tr!(t, "miniapp-menu-button"),
            web_app: WebAppInfo { url },
        })),
    };
    if let Err(e) = state.telegram.direct().set_chat_menu_button(&params).await {
        tracing::warn!(error = %e, "could not set the menu button to the Mini App");
    }
}
