//! Headless Chromium driven over WebDriver (W3C JSON over HTTP, spoken with the reqwest the
//! tests already have), with a stand-in for `window.Telegram.WebApp` installed before the page's
//! scripts run.
//!
//! Each test starts its own chromedriver on a free loopback port and one Chromium session; both
//! end when the [`Browser`] is dropped (a failing test included). Where Chromium or chromedriver
//! is missing, [`Browser::start`] prints `SKIPPED (no chromium): <test>` past the test harness's
//! output capture and returns `None`; with `PNP_REQUIRE_BROWSER=1` (set by `.ci/run`) it fails
//! the test instead.
//!
//! A flow reads like a person using the app:
//!
//! ```ignore
//! let Some((mut browser, app)) = Browser::with_app(spawn_app()).await else { return };
//! browser.open_app(&app, &ana, "screen=calendar&performer=3").await;
//! browser.click("[data-slot]").await;
//! browser.main_button_click().await;
//! assert!(browser.invoice_opened().await.is_some());
//! browser.screenshot("calendar-light").await;
//! ```

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{json, Value};

use crate::helpers::{TestApp, TgUser};

/// The stand-in for telegram-web-app.js, evaluated in every new document before its scripts.
const TELEGRAM_STUB: &str = include_str!("telegram-web-app-stub.js");
/// How long `wait_for` and friends wait before failing the test.
const PATIENCE: Duration = Duration::from_secs(10);
/// W3C WebDriver's key for an element reference.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// The colours Telegram's clients pass as `themeParams`: the light and dark sets of the
/// Android/web clients' default themes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    pub fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn params(self) -> Value {
        match self {
            Theme::Light => json!({
                "bg_color": "#ffffff",
                "text_color": "#000000",
                "hint_color": "#707579",
                "link_color": "#3390ec",
                "button_color": "#3390ec",
                "button_text_color": "#ffffff",
                "secondary_bg_color": "#f4f4f5",
                "header_bg_color": "#ffffff",
                "bottom_bar_bg_color": "#ffffff",
                "accent_text_color": "#3390ec",
                "section_bg_color": "#ffffff",
                "section_header_text_color": "#3390ec",
                "section_separator_color": "#e7e7e7",
                "subtitle_text_color": "#707579",
                "destructive_text_color": "#e53935"
            }),
            Theme::Dark => json!({
                "bg_color": "#212121",
                "text_color": "#ffffff",
                "hint_color": "#aaaaaa",
                "link_color": "#8774e1",
                "button_color": "#8774e1",
                "button_text_color": "#ffffff",
                "secondary_bg_color": "#0f0f0f",
                "header_bg_color": "#212121",
                "bottom_bar_bg_color": "#212121",
                "accent_text_color": "#8774e1",
                "section_bg_color": "#212121",
                "section_header_text_color": "#8774e1",
                "section_separator_color": "#100f10",
                "subtitle_text_color": "#aaaaaa",
                "destructive_text_color": "#ee686f"
            }),
        }
    }

    /// A theme colour as the browser's computed style writes it (`rgb(r, g, b)`).
    pub fn rgb(self, key: &str) -> String {
        let hex = self.params()[key].as_str().expect("a theme colour").to_owned();
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap();
        format!("rgb({}, {}, {})", channel(1), channel(3), channel(5))
    }
}

/// The Telegram client the page believes it runs in; set the fields before `open_app`.
#[derive(Debug, Clone)]
pub struct Client {
    pub theme: Theme,
    /// `Telegram.WebApp.version`: what the client supports (BackButton came in 6.1).
    pub version: &'static str,
    pub platform: &'static str,
    /// What `openInvoice`'s callback is told: "paid", "cancelled", "failed" or "pending" at
    /// once; "open" keeps the invoice open until the test closes it with
    /// [`Browser::close_invoice`] (after paying through the webhook, as Telegram does).
    pub invoice_status: &'static str,
    /// What `showConfirm` answers.
    pub confirm: bool,
    /// The phone's viewport in CSS pixels.
    pub width: u32,
    pub height: u32,
    /// The browser's own IANA zone (the calendar shows slots in it); `None` keeps the machine's.
    pub timezone: Option<&'static str>,
    /// The phone's clock (`Date.now()` and `new Date()` in the page); `None` keeps the machine's.
    /// Tests set it to the app's test clock, so "this month" is the server's month.
    pub now: Option<time::OffsetDateTime>,
}

impl Default for Client {
    fn default() -> Self {
        Client {
            theme: Theme::Light,
            version: "8.0",
            platform: "android",
            invoice_status: "paid",
            confirm: true,
            width: 390,
            height: 844,
            timezone: None,
            now: None,
        }
    }
}

/// Where the browser comes from: Debian's packages unless `PNP_CHROMIUM` / `PNP_CHROMEDRIVER`
/// name others.
fn browser_binaries() -> Option<(PathBuf, PathBuf)> {
    fn find(var: &str, names: &[&str]) -> Option<PathBuf> {
        if let Some(path) = std::env::var_os(var).filter(|p| !p.is_empty()) {
            return Some(PathBuf::from(path)).filter(|p| p.is_file());
        }
        let dirs = std::env::var_os("PATH").unwrap_or_default();
        std::env::split_paths(&dirs)
            .chain([PathBuf::from("/usr/bin")])
            .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
            .find(|candidate| candidate.is_file())
    }
    Some((
        find("PNP_CHROMIUM", &["chromium", "chromium-browser"])?,
        find("PNP_CHROMEDRIVER", &["chromedriver"])?,
    ))
}

fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("Uid:"))
                .and_then(|line| line.split_whitespace().nth(1).map(|uid| uid == "0"))
        })
        .unwrap_or(false)
}

/// The running test's name (libtest names each test's thread after it).
fn test_name() -> String {
    std::thread::current()
        .name()
        .unwrap_or("<unnamed test>")
        .to_owned()
}

fn spawn_driver(name: &str, chromedriver: &Path, port: u16) -> Child {
    Command::new(chromedriver)
        .arg(format!("--port={port}"))
        .arg("--allowed-ips=127.0.0.1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{name}: cannot start {}: {e}", chromedriver.display()))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `target/`, from the test binary's own path (`target/debug/deps/browser-…`).
fn target_dir() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.ancestors().nth(3).map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"))
}

/// An error chromedriver answered with.
#[derive(Debug)]
pub struct WebDriverError {
    pub error: String,
    pub message: String,
}

/// One Chromium session behind its own chromedriver.
pub struct Browser {
    http: reqwest::Client,
    driver: Child,
    driver_port: u16,
    session: String,
    chromium_pid: Option<u64>,
    /// The stand-in installed for the next documents (so the next `open_app` can replace it).
    stub_script: Option<String>,
    pub client: Client,
    /// `PNP_BROWSER_TRACE=1`: every WebDriver command on stderr, timed from the start.
    trace: bool,
    started: Instant,
}

impl Browser {
    /// Chromium in a phone-sized window, or `None` (after saying so) where there is none.
    pub async fn start() -> Option<Browser> {
        let (chromium, chromedriver) = Self::binaries_or_skip()?;
        Some(Self::launch(&chromium, &chromedriver).await)
    }

    /// A browser and the app `app` starts (e.g. `spawn_app()`), started side by side; `None`
    /// (after saying so, before starting the app) where there is no browser.
    pub async fn with_app(app: impl std::future::Future<Output = TestApp>) -> Option<(Browser, TestApp)> {
        let (chromium, chromedriver) = Self::binaries_or_skip()?;
        Some(tokio::join!(Self::launch(&chromium, &chromedriver), app))
    }

    fn binaries_or_skip() -> Option<(PathBuf, PathBuf)> {
        let name = test_name();
        let Some(binaries) = browser_binaries() else {
            if std::env::var("PNP_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
                panic!(
                    "{name}: PNP_REQUIRE_BROWSER=1 but chromium or chromedriver is missing \
                     (apt-get install chromium chromium-driver, or set PNP_CHROMIUM / PNP_CHROMEDRIVER)"
                );
            }
            // Straight to the process's stdout, one whole line: libtest captures only what
            // print! writes, and a browser test that did not run must not look like one that
            // passed.
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(format!("SKIPPED (no chromium): {name}\n").as_bytes());
            let _ = out.flush();
            return None;
        };
        Some(binaries)
    }

    async fn launch(chromium: &Path, chromedriver: &Path) -> Browser {
        let name = test_name();
        let port = free_port();
        let driver = spawn_driver(&name, chromedriver, port);
        let http = reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap();
        let mut browser = Browser {
            http,
            driver,
            driver_port: port,
            session: String::new(),
            chromium_pid: None,
            stub_script: None,
            client: Client::default(),
            trace: std::env::var_os("PNP_BROWSER_TRACE").is_some(),
            started: Instant::now(),
        };
        // The port was free when asked for and may be taken by the time chromedriver binds it
        // (another test's app or driver, on a busy machine): chromedriver then exits at once,
        // and a fresh port is tried.
        let mut tries = 1;
        while let Err(exit) = browser.wait_for_driver().await {
            assert!(
                tries < 5,
                "{name}: chromedriver exited at start {tries} times, last: {exit}"
            );
            tries += 1;
            browser.driver_port = free_port();
            browser.driver = spawn_driver(&name, chromedriver, browser.driver_port);
        }

        let mut args = vec![
            "--headless=new",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-extensions",
            "--no-first-run",
            "--hide-scrollbars",
            "--force-color-profile=srgb",
            "--lang=en-US",
            "--window-size=430,932",
        ];
        if running_as_root() {
            args.push("--no-sandbox");
        }
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "pageLoadStrategy": "normal",
            "goog:chromeOptions": {"binary": chromium, "args": args},
        }}});
        let created = browser
            .raw("POST", "/session", Some(capabilities))
            .await
            .unwrap_or_else(|e| panic!("{name}: chromedriver could not start Chromium: {e:?}"));
        browser.session = created["sessionId"].as_str().expect("a session id").to_owned();
        browser.chromium_pid = created["capabilities"]["goog:processID"].as_u64();
        // telegram.org is unreachable here (and must not be reached from tests): the page's
        // <script src="https://telegram.org/js/telegram-web-app.js"> fails at once and the
        // stand-in, already defined, stays.
        browser.cdp("Network.enable", json!({})).await;
        browser
            .cdp(
                "Network.setBlockedURLs",
                json!({"urls": ["*://telegram.org/*", "*://*.telegram.org/*"]}),
            )
            .await;
        browser.apply_viewport().await;
        browser
    }

    /// Ready, or how chromedriver exited before it was.
    async fn wait_for_driver(&mut self) -> Result<(), std::process::ExitStatus> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(status) = self.raw("GET", "/status", None).await {
                if status["ready"] == true {
                    return Ok(());
                }
            }
            if let Ok(Some(exit)) = self.driver.try_wait() {
                return Err(exit);
            }
            assert!(Instant::now() < deadline, "chromedriver did not become ready");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// A WebDriver command: `path` below the driver's root; the answer's `value`.
    async fn raw(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, WebDriverError> {
        let url = format!("http://127.0.0.1:{}{path}", self.driver_port);
        let request = match method {
            "GET" => self.http.get(url),
            "DELETE" => self.http.delete(url),
            _ => self.http.post(url).json(&body.unwrap_or_else(|| json!({}))),
        };
        let response = request.send().await.map_err(|e| WebDriverError {
            error: "transport".into(),
            message: e.to_string(),
        })?;
        if self.trace {
            eprintln!("[{:>7.3}s] {method} {path}", self.started.elapsed().as_secs_f64());
        }
        let ok = response.status().is_success();
        let answer: Value = response.json().await.map_err(|e| WebDriverError {
            error: "bad response".into(),
            message: e.to_string(),
        })?;
        let value = answer.get("value").cloned().unwrap_or(Value::Null);
        if ok {
            Ok(value)
        } else {
            Err(WebDriverError {
                error: value["error"].as_str().unwrap_or("unknown error").to_owned(),
                message: value["message"].as_str().unwrap_or_default().to_owned(),
            })
        }
    }

    /// A command of this session (`path` after `/session/{id}`); fails the test on an error.
    async fn command(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.try_command(method, path, body)
            .await
            .unwrap_or_else(|e| panic!("WebDriver {method} {path}: {e:?}"))
    }

    async fn try_command(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, WebDriverError> {
        self.raw(method, &format!("/session/{}{path}", self.session), body)
            .await
    }

    /// A Chrome DevTools Protocol command, through chromedriver's passthrough.
    pub async fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.command(
            "POST",
            "/goog/cdp/execute",
            Some(json!({"cmd": cmd, "params": params})),
        )
        .await
    }

    async fn apply_viewport(&self) {
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({
                "width": self.client.width,
                "height": self.client.height,
                "deviceScaleFactor": 2,
                "mobile": true,
            }),
        )
        .await;
        if let Some(zone) = self.client.timezone {
            self.cdp("Emulation.setTimezoneOverride", json!({"timezoneId": zone}))
                .await;
        }
    }

    /// Resizes the phone screen of the open page (it reflows without reloading).
    pub async fn set_viewport(&mut self, width: u32, height: u32) {
        self.client.width = width;
        self.client.height = height;
        self.apply_viewport().await;
    }

    /// Opens the Mini App as `user` opening it from Telegram, signed with the test bot's token,
    /// at `/app?{query}` (e.g. `screen=calendar&performer=3`), and waits until its screen is
    /// shown (or its error is).
    pub async fn open_app(&mut self, app: &TestApp, user: &TgUser, query: &str) {
        let init_data = app.init_data(user);
        self.open_with_init_data(app, &init_data, query).await;
    }

    /// Like [`Browser::open_app`] with whatever init data the test hands (forged, expired…).
    pub async fn open_with_init_data(&mut self, app: &TestApp, init_data: &str, query: &str) {
        self.install_telegram(init_data).await;
        let url = if query.is_empty() {
            format!("{}/app", app.address)
        } else {
            format!("{}/app?{query}", app.address)
        };
        self.command("POST", "/url", Some(json!({"url": url}))).await;
        self.wait_for("#app[data-ready]").await;
    }

    async fn install_telegram(&mut self, init_data: &str) {
        if let Some(previous) = self.stub_script.take() {
            self.cdp(
                "Page.removeScriptToEvaluateOnNewDocument",
                json!({"identifier": previous}),
            )
            .await;
        }
        self.apply_viewport().await;
        let config = json!({
            "initData": init_data,
            "version": self.client.version,
            "platform": self.client.platform,
            "colorScheme": self.client.theme.name(),
            "themeParams": self.client.theme.params(),
            "invoiceStatus": self.client.invoice_status,
            "confirm": self.client.confirm,
            "now": self.client.now.map(|t| (t.unix_timestamp_nanos() / 1_000_000) as i64),
        });
        let source = format!("window.__telegramConfig = {config};\n{TELEGRAM_STUB}");
        let added = self
            .cdp("Page.addScriptToEvaluateOnNewDocument", json!({"source": source}))
            .await;
        self.stub_script = added["identifier"].as_str().map(str::to_owned);
    }

    /// Runs `script` (a function body: `return …`) in the page with `args` as `arguments`.
    pub async fn eval_with(&self, script: &str, args: Value) -> Value {
        self.command(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": args})),
        )
        .await
    }

    pub async fn eval(&self, script: &str) -> Value {
        self.eval_with(script, json!([])).await
    }

    /// Runs an async function body in the page (`await` allowed) and returns what it returns.
    pub async fn eval_async(&self, body: &str) -> Value {
        let script = format!(
            "const done = arguments[arguments.length - 1];\
             (async () => {{ {body} }})().then(\
               (value) => done({{ok: value === undefined ? null : value}}),\
               (e) => done({{error: String(e && e.stack ? e.stack : e)}}));"
        );
        let answer = self
            .command(
                "POST",
                "/execute/async",
                Some(json!({"script": script, "args": []})),
            )
            .await;
        if let Some(error) = answer.get("error") {
            panic!("script failed in the page: {error}");
        }
        answer["ok"].clone()
    }

    /// What the page has on screen, for a failure message.
    async fn page_state(&self) -> String {
        let state = self
            .try_command(
                "POST",
                "/execute/sync",
                Some(json!({"script": "const app = document.getElementById('app');\
                    return {url: location.href, app: app ? app.outerHTML.slice(0, 1500) : null,\
                    errors: window.__telegram ? window.__telegram.errors : 'no Telegram stand-in'};", "args": []})),
            )
            .await;
        match state {
            Ok(value) => serde_json::to_string_pretty(&value).unwrap_or_default(),
            Err(e) => format!("{e:?}"),
        }
    }

    /// Waits until `condition` (a JS expression) is truthy.
    pub async fn wait_until(&self, condition: &str) {
        let script = format!("return !!({condition});");
        let deadline = Instant::now() + PATIENCE;
        loop {
            if self.eval(&script).await == Value::Bool(true) {
                return;
            }
            if Instant::now() > deadline {
                panic!(
                    "waited {PATIENCE:?} for `{condition}`; the page: {}",
                    self.page_state().await
                );
            }
            tokio::time::sleep(Duration::from_millis(40)).await;
        }
    }

    /// Waits until an element matches `css`.
    pub async fn wait_for(&self, css: &str) {
        self.wait_until(&format!("document.querySelector({})", js_string(css)))
            .await;
    }

    /// Waits until nothing matches `css`.
    pub async fn wait_gone(&self, css: &str) {
        self.wait_until(&format!("!document.querySelector({})", js_string(css)))
            .await;
    }

    /// Waits for the screen `name` to be rendered (`#app[data-screen=name][data-ready]`).
    pub async fn wait_for_screen(&self, name: &str) {
        self.wait_for(&format!("#app[data-screen=\"{name}\"][data-ready]"))
            .await;
    }

    pub async fn exists(&self, css: &str) -> bool {
        self.eval_with("return !!document.querySelector(arguments[0]);", json!([css]))
            .await
            == Value::Bool(true)
    }

    /// The text of the first element matching `css` (waits for it).
    pub async fn text(&self, css: &str) -> String {
        self.wait_for(css).await;
        self.eval_with(
            "return document.querySelector(arguments[0]).innerText;",
            json!([css]),
        )
        .await
        .as_str()
        .unwrap_or_default()
        .trim()
        .to_owned()
    }

    /// The texts of every element matching `css`, in page order.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let value = self
            .eval_with(
                "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.innerText.trim());",
                json!([css]),
            )
            .await;
        serde_json::from_value(value).unwrap_or_default()
    }

    /// An attribute of the first element matching `css` (waits for it).
    pub async fn attr(&self, css: &str, name: &str) -> Option<String> {
        self.wait_for(css).await;
        self.eval_with(
            "return document.querySelector(arguments[0]).getAttribute(arguments[1]);",
            json!([css, name]),
        )
        .await
        .as_str()
        .map(str::to_owned)
    }

    /// A computed style property of the first element matching `css`.
    pub async fn style(&self, css: &str, property: &str) -> String {
        self.wait_for(css).await;
        self.eval_with(
            "return getComputedStyle(document.querySelector(arguments[0])).getPropertyValue(arguments[1]).trim();",
            json!([css, property]),
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
    }

    async fn element(&self, css: &str) -> Result<String, WebDriverError> {
        let found = self
            .try_command(
                "POST",
                "/element",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await?;
        Ok(found[ELEMENT_KEY].as_str().unwrap_or_default().to_owned())
    }

    /// A real click (WebDriver scrolls to the element and clicks its centre, as a finger would);
    /// waits for the element and retries while the page is re-rendering it.
    pub async fn click(&self, css: &str) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let attempt = match self.element(css).await {
                Ok(id) => {
                    self.try_command("POST", &format!("/element/{id}/click"), Some(json!({})))
                        .await
                }
                Err(e) => Err(e),
            };
            match attempt {
                Ok(_) => return,
                Err(e) if Instant::now() > deadline => panic!(
                    "could not click `{css}`: {e:?}; the page: {}",
                    self.page_state().await
                ),
                Err(_) => tokio::time::sleep(Duration::from_millis(40)).await,
            }
        }
    }

    /// Types `text` into the field matching `css` (after clearing it).
    pub async fn type_into(&self, css: &str, text: &str) {
        self.wait_for(css).await;
        let id = self.element(css).await.expect("the field");
        self.command("POST", &format!("/element/{id}/clear"), Some(json!({})))
            .await;
        self.command(
            "POST",
            &format!("/element/{id}/value"),
            Some(json!({"text": text})),
        )
        .await;
    }

    /// Every call the page made to `Telegram.WebApp` named `method` (e.g. "MainButton.setText"),
    /// as their argument lists.
    pub async fn telegram_calls(&self, method: &str) -> Vec<Vec<Value>> {
        let value = self
            .eval_with(
                "return window.__telegram.calls.filter(c => c.method === arguments[0]).map(c => c.args);",
                json!([method]),
            )
            .await;
        serde_json::from_value(value).unwrap_or_default()
    }

    /// Telegram's MainButton as the person sees it.
    pub async fn main_button(&self) -> MainButton {
        let value = self
            .eval(
                "const b = Telegram.WebApp.MainButton;\
                 return {text: b.text, visible: b.isVisible, active: b.isActive, progress: b.isProgressVisible};",
            )
            .await;
        serde_json::from_value(value).expect("the MainButton's state")
    }

    /// The person taps Telegram's MainButton (it must be visible and active).
    pub async fn main_button_click(&self) {
        self.wait_until("Telegram.WebApp.MainButton.isVisible && Telegram.WebApp.MainButton.isActive")
            .await;
        self.eval("window.__telegram.pressMainButton(); return null;")
            .await;
    }

    pub async fn back_button_visible(&self) -> bool {
        self.eval("return Telegram.WebApp.BackButton.isVisible;").await == Value::Bool(true)
    }

    /// The person taps Telegram's BackButton (it must be shown).
    pub async fn back_button_click(&self) {
        self.wait_until("Telegram.WebApp.BackButton.isVisible").await;
        self.eval("window.__telegram.pressBackButton(); return null;")
            .await;
    }

    /// The last invoice link the page opened with `openInvoice`, if any.
    pub async fn invoice_opened(&self) -> Option<String> {
        self.eval("const i = window.__telegram.invoices; return i.length ? i[i.length - 1] : null;")
            .await
            .as_str()
            .map(str::to_owned)
    }

    /// Telegram closes the invoice left open (`invoice_status = "open"`) with `status`: the
    /// page's `openInvoice` callback runs and `invoiceClosed` fires.
    pub async fn close_invoice(&self, status: &str) {
        self.wait_until("window.__telegram.openInvoices.length > 0").await;
        self.eval_with(
            "window.__telegram.closeInvoice(arguments[0]); return null;",
            json!([status]),
        )
        .await;
    }

    /// A finger presses on `from` and slides to `to` before lifting (pointer events all the
    /// way, as a drag on a touch screen sends them).
    pub async fn drag(&self, from: &str, to: &str) {
        let origin = |id: &str| {
            let mut element = serde_json::Map::new();
            element.insert(ELEMENT_KEY.to_owned(), Value::from(id));
            Value::Object(element)
        };
        let (a, b) = (
            self.element(from)
                .await
                .unwrap_or_else(|e| panic!("no `{from}`: {e:?}")),
            self.element(to)
                .await
                .unwrap_or_else(|e| panic!("no `{to}`: {e:?}")),
        );
        let actions = json!({"actions": [{
            "type": "pointer",
            "id": "finger",
            "parameters": {"pointerType": "touch"},
            "actions": [
                {"type": "pointerMove", "duration": 0, "origin": origin(&a), "x": 0, "y": 0},
                {"type": "pointerDown", "button": 0},
                {"type": "pointerMove", "duration": 150, "origin": origin(&b), "x": 0, "y": 0},
                {"type": "pointerUp", "button": 0},
            ],
        }]});
        self.command("POST", "/actions", Some(actions)).await;
        self.command("DELETE", "/actions", None).await;
    }

    /// Picks `value` in the `<select>` matching `css`, with a real click on its option.
    pub async fn select(&self, css: &str, value: &str) {
        self.click(&format!("{css} option[value={}]", js_string(value)))
            .await;
    }

    /// Waits until the page opens an invoice, and returns its link.
    pub async fn wait_for_invoice(&self) -> String {
        self.wait_until("window.__telegram.invoices.length > 0").await;
        self.invoice_opened().await.expect("an invoice")
    }

    /// Whether the page asked Telegram to close the Mini App.
    pub async fn closed(&self) -> bool {
        self.eval("return window.__telegram.closed;").await == Value::Bool(true)
    }

    /// Script errors the page raised (uncaught exceptions, unhandled rejections).
    pub async fn page_errors(&self) -> Vec<String> {
        serde_json::from_value(self.eval("return window.__telegram.errors;").await).unwrap_or_default()
    }

    /// The client switches theme while the page is open (Telegram fires `themeChanged`).
    pub async fn switch_theme(&mut self, theme: Theme) {
        self.client.theme = theme;
        self.eval_with(
            "window.__telegram.setTheme(arguments[0], arguments[1]); return null;",
            json!([theme.name(), theme.params()]),
        )
        .await;
    }

    /// True when the page is no wider than the screen (no sideways scrolling on a phone).
    pub async fn fits_width(&self) -> (bool, Value) {
        let value = self
            .eval(
                "const d = document.documentElement;\
                 return {scrollWidth: d.scrollWidth, innerWidth: window.innerWidth,\
                 widest: Array.from(document.querySelectorAll('body *'))\
                   .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)\
                   .slice(0, 5).map(e => e.outerHTML.slice(0, 120))};",
            )
            .await;
        let fits = value["scrollWidth"].as_f64() <= value["innerWidth"].as_f64();
        (fits, value)
    }

    /// A PNG of the phone screen at `target/screenshots/{name}.png`.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let encoded = self.command("GET", "/screenshot", None).await;
        let png = base64::engine::general_purpose::STANDARD
            .decode(encoded.as_str().expect("a base64 PNG"))
            .expect("the screenshot is base64");
        let dir = target_dir().join("screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, &png).unwrap();
        path
    }

    /// A screenshot that the README shows: also copied to `tests/browser/screenshots/` when
    /// `PNP_UPDATE_SCREENSHOTS=1`.
    pub async fn readme_screenshot(&self, name: &str) {
        let path = self.screenshot(name).await;
        if std::env::var("PNP_UPDATE_SCREENSHOTS").is_ok_and(|v| v == "1") {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/screenshots");
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::copy(&path, dir.join(format!("{name}.png"))).unwrap();
        }
    }

    /// Ends the session with a plain blocking HTTP request (Drop cannot await).
    fn end_session(&self) -> bool {
        let Ok(mut stream) = TcpStream::connect(("127.0.0.1", self.driver_port)) else {
            return false;
        };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
        let request = format!(
            "DELETE /session/{} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            self.session, self.driver_port
        );
        if stream.write_all(request.as_bytes()).is_err() {
            return false;
        }
        // chromedriver answers once Chromium has quit; the status line is all that matters
        // (it may keep the connection open, so read no further).
        let mut answer = [0u8; 12];
        stream.read_exact(&mut answer).is_ok() && answer.starts_with(b"HTTP/1.1 200")
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() && !self.end_session() {
            // chromedriver did not close Chromium: end it by its process id, not by name.
            if let Some(pid) = self.chromium_pid {
                let _ = Command::new("kill").arg(pid.to_string()).status();
            }
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// The MainButton's state.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct MainButton {
    pub text: String,
    pub visible: bool,
    pub active: bool,
    pub progress: bool,
}

fn js_string(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}
