//! A fake Daily.co REST server on loopback: `POST /rooms`, `POST /rooms/<name>`, `POST /meeting-tokens`,
//! `DELETE /rooms/<name>`, with Daily's JSON shapes and bearer-key check; it records every call
//! and can fail the next calls with a status on demand.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

pub const API_KEY: &str = "daily-test-key-0123456789";

#[derive(Debug, Clone)]
pub struct DailyCall {
    pub method: String,
    pub path: String,
    pub body: Value,
}

#[derive(Default)]
struct Inner {
    calls: Mutex<Vec<DailyCall>>,
    failures: Mutex<VecDeque<u16>>,
}

#[derive(Clone)]
pub struct FakeDaily {
    pub url: String,
    inner: Arc<Inner>,
}

impl FakeDaily {
    pub async fn start() -> Self {
        let inner = Arc::new(Inner::default());
        let app = axum::Router::new().fallback(handle).with_state(inner.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/v1", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { url, inner }
    }

    pub fn calls(&self) -> Vec<DailyCall> {
        self.inner.calls.lock().unwrap().clone()
    }

    /// The next `times` calls fail with `status`.
    pub fn fail_next(&self, status: u16, times: usize) {
        let mut failures = self.inner.failures.lock().unwrap();
        for _ in 0..times {
            failures.push_back(status);
        }
    }
}

async fn handle(
    State(inner): State<Arc<Inner>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let authorized = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == format!("Bearer {API_KEY}"));
    if !authorized {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": "authentication-error", "info": "Unauthorized"})),
        )
            .into_response();
    }
    let path = uri.path().trim_start_matches("/v1").to_owned();
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    inner.calls.lock().unwrap().push(DailyCall {
        method: method.to_string(),
        path: path.clone(),
        body: body.clone(),
    });
    if let Some(status) = inner.failures.lock().unwrap().pop_front() {
        return (
            StatusCode::from_u16(status).unwrap(),
            Json(json!({"error": "server-error", "info": "try again"})),
        )
            .into_response();
    }
    match (method, path.as_str()) {
        (Method::POST, "/rooms") => {
            let name = body["name"].as_str().unwrap_or("room").to_owned();
            Json(json!({
                "id": "5e3cf703-5547-47d6-a371-37b1f0b4427f",
                "name": name,
                "api_created": true,
                "privacy": body["privacy"],
                "url": format!("https://pnp.daily.co/{name}"),
                "created_at": "2026-12-07T15:00:00.000Z",
                "config": body["properties"],
            }))
            .into_response()
        }
        (Method::POST, "/meeting-tokens") => {
            let p = &body["properties"];
            let token = format!(
                "tok.{}.{}",
                p["user_id"].as_str().unwrap_or("?"),
                if p["is_owner"] == true { "owner" } else { "guest" }
            );
            Json(json!({"token": token})).into_response()
        }
        (Method::POST, p) if p.starts_with("/rooms/") => {
            let name = p.trim_start_matches("/rooms/");
            Json(json!({
                "id": "5e3cf703-5547-47d6-a371-37b1f0b4427f",
                "name": name,
                "url": format!("https://pnp.daily.co/{name}"),
                "config": body["properties"],
            }))
            .into_response()
        }
        (Method::DELETE, p) if p.starts_with("/rooms/") => {
            Json(json!({"deleted": true, "name": p.trim_start_matches("/rooms/")})).into_response()
        }
        _ => (StatusCode::NOT_FOUND, Json(json!({"error": "not-found"}))).into_response(),
    }
}
