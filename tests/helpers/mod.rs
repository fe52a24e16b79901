//! Test harness: the real app on port 0 against a fresh database — a temporary SQLite file,
//! or a fresh PostgreSQL database when `ESCHOOL_TEST_POSTGRES_URL` is set — with a controlled
//! clock, cookie-keeping clients and fixture builders.

#![allow(dead_code)]

use std::sync::Arc;

use eschool::{
    AppState, Config,
    accounts::{self, model::Role},
    auth::password,
    clock::{Clock, ManualClock},
    config::Secret,
    db::Backend,
    schools::{self, model::SchoolSettings},
};
use reqwest::{Client, Response, StatusCode, redirect::Policy};
use tokio::sync::oneshot;

pub mod bulletins;

pub const PASSWORD: &str = "correct-horse-42";

/// What [`TestApp::gradebook_school`] creates.
#[derive(Debug, Clone)]
pub struct GradebookSchool {
    pub year: i64,
    /// The three trimesters, in order.
    pub periods: Vec<i64>,
    pub level: i64,
    pub math: i64,
    pub french: i64,
    /// 6e A.
    pub class: i64,
}

/// The moment every test starts at: Wednesday 25 November 2026, 08:00 UTC.
pub fn start_time() -> jiff::Timestamp {
    "2026-11-25T08:00:00Z".parse().expect("valid timestamp")
}

pub struct TestApp {
    pub base: String,
    pub state: AppState,
    pub clock: ManualClock,
    shutdown: Option<oneshot::Sender<()>>,
    _dir: tempfile::TempDir,
    pg: Option<(String, String)>,
}

pub fn backend() -> Backend {
    if std::env::var("ESCHOOL_TEST_POSTGRES_URL").is_ok() {
        Backend::Postgres
    } else {
        Backend::Sqlite
    }
}

/// Creates a uniquely named database next to the one `admin_url` points at.
async fn fresh_postgres(admin_url: &str) -> (String, String) {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let name = format!("eschool_t_{}", hex_id());
    let mut conn = sqlx::AnyConnection::connect(admin_url)
        .await
        .expect("connect to ESCHOOL_TEST_POSTGRES_URL");
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .expect("create test database");
    conn.close().await.ok();
    let mut url = url::Url::parse(admin_url).expect("postgres URL");
    url.set_path(&format!("/{name}"));
    (url.to_string(), name)
}

fn hex_id() -> String {
    let bytes: [u8; 8] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl TestApp {
    /// An app on an empty, migrated database.
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    pub async fn spawn_with(configure: impl FnOnce(&mut Config)) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = Config {
            data_dir: dir.path().to_owned(),
            ..Config::default()
        };
        let pg = match std::env::var("ESCHOOL_TEST_POSTGRES_URL") {
            Ok(admin) => {
                let (url, name) = fresh_postgres(&admin).await;
                config.database_url = Some(Secret::new(url));
                Some((admin, name))
            }
            Err(_) => None,
        };
        config.db_max_connections = 5;
        configure(&mut config);
        let clock = ManualClock::new(start_time());
        let state = AppState::new(config, Arc::new(clock.clone()))
            .await
            .expect("app state");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let (tx, rx) = oneshot::channel::<()>();
        let serve_state = state.clone();
        tokio::spawn(async move {
            eschool::serve(listener, serve_state, async {
                rx.await.ok();
            })
            .await
            .expect("server");
        });
        Self {
            base,
            state,
            clock,
            shutdown: Some(tx),
            _dir: dir,
            pg,
        }
    }

    /// An app with one school (code `TEST`) whose admin is `admin` / [`PASSWORD`].
    pub async fn with_school() -> Self {
        let app = Self::spawn().await;
        let school = app.create_school("TEST", "Lycée Test").await;
        app.create_user(school, "admin", &[Role::SchoolAdmin]).await;
        app
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A browser-like client: keeps cookies, does not follow redirects (tests assert them).
    pub fn client(&self) -> Client {
        Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .build()
            .expect("client")
    }

    pub async fn create_school(&self, code: &str, name: &str) -> i64 {
        let settings = SchoolSettings {
            name: name.into(),
            locale: eschool::web::i18n::Lang::Fr,
            timezone: "Africa/Dakar".into(),
            currency: "XOF".into(),
            color: "#0f766e".into(),
            period_kind: schools::model::PeriodKind::Trimester,
            average_mode: schools::model::AverageMode::Normalized,
            grade_decimals: 2,
            show_ranks: true,
            annual_mode: eschool::gradebook::AnnualMode::MeanOfPeriods,
            appreciation_max_chars: 300,
        };
        schools::repo::insert(&self.state.db.pool, code, &settings, self.clock.now_ms())
            .await
            .expect("insert school")
    }

    /// Creates a user with [`PASSWORD`] and the given roles in the school.
    pub async fn create_user(&self, school_id: i64, username: &str, roles: &[Role]) -> i64 {
        let hash = password::hash(PASSWORD).await.expect("hash");
        let new = accounts::repo::NewUser {
            username,
            display_name: &format!("{} Testeur", capitalise(username)),
            email: None,
            password_hash: &hash,
            is_platform_admin: false,
        };
        let id = accounts::repo::insert_user(&self.state.db.pool, &new, self.clock.now_ms())
            .await
            .expect("insert user");
        for role in roles {
            sqlx::query("INSERT INTO memberships (school_id, user_id, role, created_at) VALUES ($1, $2, $3, 0)")
                .bind(school_id)
                .bind(id)
                .bind(role.as_str())
                .execute(&self.state.db.pool)
                .await
                .expect("insert membership");
        }
        id
    }

    /// Runs first-run setup through its form, as a person would: the school `code` and its
    /// administrator `admin_username` (a platform administrator too) with [`PASSWORD`].
    pub async fn set_up_first_school(&self, code: &str, admin_username: &str) -> Client {
        let client = self.client();
        let fields = [
            ("code", code),
            ("name", "Première école"),
            ("locale", "fr"),
            ("timezone", "Africa/Dakar"),
            ("currency", "XOF"),
            ("color", "#0f766e"),
            ("period_kind", "trimester"),
            ("average_mode", "normalized"),
            ("grade_decimals", "2"),
            ("admin_username", admin_username),
            ("admin_display_name", "Opérateur"),
            ("admin_password", PASSWORD),
            ("admin_confirm", PASSWORD),
        ];
        let r = self.submit(&client, "/setup", "/setup", &fields).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "setup");
        client
    }

    pub async fn school_id(&self, code: &str) -> i64 {
        schools::repo::find_by_code(&self.state.db.pool, code)
            .await
            .expect("query")
            .expect("school exists")
            .id
    }

    /// GETs a page with `client` and returns its body (whatever the status).
    pub async fn page(&self, client: &Client, path: &str) -> String {
        client
            .get(self.url(path))
            .send()
            .await
            .expect("get")
            .text()
            .await
            .expect("body")
    }

    /// GETs a page and returns the CSRF token of its forms.
    pub async fn csrf(&self, client: &Client, path: &str) -> String {
        let html = self.page(client, path).await;
        extract_csrf(&html).unwrap_or_else(|| panic!("no csrf token on {path}"))
    }

    /// Submits a form the way a browser does: token taken from the page at `from`.
    pub async fn submit(
        &self,
        client: &Client,
        from: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> Response {
        let token = self.csrf(client, from).await;
        let mut body: Vec<(&str, &str)> = fields.to_vec();
        body.push(("csrf_token", &token));
        client
            .post(self.url(action))
            .form(&body)
            .send()
            .await
            .expect("post")
    }

    /// A client signed in as `username` with [`PASSWORD`].
    pub async fn login(&self, username: &str) -> Client {
        self.login_with(username, PASSWORD).await
    }

    pub async fn login_with(&self, username: &str, password: &str) -> Client {
        let client = self.client();
        let response = self
            .submit(
                &client,
                "/login",
                "/login",
                &[("username", username), ("password", password)],
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::SEE_OTHER,
            "login as {username} failed"
        );
        client
    }

    /// An API access token for `username` (with [`PASSWORD`]), as an `Authorization` value.
    pub async fn bearer(&self, username: &str) -> String {
        let r = Client::new()
            .post(self.url("/api/v2/auth/token"))
            .json(&serde_json::json!({ "username": username, "password": PASSWORD }))
            .send()
            .await
            .expect("token request");
        assert_eq!(r.status(), StatusCode::OK, "token for {username}");
        let body: serde_json::Value = r.json().await.expect("token body");
        format!(
            "Bearer {}",
            body["access_token"].as_str().expect("an access token")
        )
    }

    /// Calls the API with `auth` (a [`TestApp::bearer`]): the status and the JSON body (`Null`
    /// when there is none).
    pub async fn api(
        &self,
        auth: &str,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> (StatusCode, serde_json::Value) {
        let mut req = Client::new()
            .request(method, self.url(path))
            .header("authorization", auth);
        if let Some(body) = body {
            req = req.json(&body);
        }
        let r = req.send().await.expect("api request");
        let status = r.status();
        let text = r.text().await.expect("api body");
        (
            status,
            serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
        )
    }

    /// [`TestApp::api`] for a call that must succeed: its JSON body.
    pub async fn api_ok(
        &self,
        auth: &str,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> serde_json::Value {
        let (status, value) = self.api(auth, method, path, body).await;
        assert!(status.is_success(), "{path}: {status} {value}");
        value
    }

    /// POSTs to the API and returns the created resource's `id`.
    pub async fn api_id(&self, auth: &str, path: &str, body: serde_json::Value) -> i64 {
        self.api_ok(auth, reqwest::Method::POST, path, Some(body))
            .await["id"]
            .as_i64()
            .expect("an id")
    }

    /// Through the API as `admin` (a [`TestApp::bearer`]): the year 2026-2027 with its three
    /// trimesters, the level 6e, the subjects MATH and FRA, and the class 6e A.
    pub async fn gradebook_school(&self, admin: &str) -> GradebookSchool {
        let year = self
            .api_id(
                admin,
                "/api/v2/academic-years",
                serde_json::json!({ "name": "2026-2027", "starts_on": "2026-09-01", "ends_on": "2027-07-04" }),
            )
            .await;
        let periods = self
            .api_ok(
                admin,
                reqwest::Method::GET,
                &format!("/api/v2/periods?year_id={year}"),
                None,
            )
            .await;
        let periods = periods["items"]
            .as_array()
            .expect("periods")
            .iter()
            .map(|p| p["id"].as_i64().expect("a period id"))
            .collect();
        let level = self
            .api_id(admin, "/api/v2/levels", serde_json::json!({ "name": "6e" }))
            .await;
        let math = self
            .api_id(
                admin,
                "/api/v2/subjects",
                serde_json::json!({ "code": "MATH", "name": "Mathématiques", "color": "#b91c1c" }),
            )
            .await;
        let french = self
            .api_id(
                admin,
                "/api/v2/subjects",
                serde_json::json!({ "code": "FRA", "name": "Français", "color": "#1d4ed8" }),
            )
            .await;
        let class = self
            .api_id(
                admin,
                "/api/v2/classes",
                serde_json::json!({ "year_id": year, "level_id": level, "name": "6e A" }),
            )
            .await;
        GradebookSchool {
            year,
            periods,
            level,
            math,
            french,
            class,
        }
    }

    /// Assigns `teacher` to teach `subject` in `class`, through the API as `admin`.
    pub async fn assign(&self, admin: &str, teacher: i64, class: i64, subject: i64) {
        self.api_id(
            admin,
            "/api/v2/teaching-assignments",
            serde_json::json!({ "teacher_id": teacher, "class_id": class, "subject_id": subject }),
        )
        .await;
    }

    pub async fn count(&self, table: &str) -> i64 {
        sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
            .fetch_one(&self.state.db.pool)
            .await
            .expect("count")
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            tx.send(()).ok();
        }
        if let Some((admin, name)) = self.pg.take() {
            // Dropping needs async work; do it on a runtime of its own (the test's runtime is
            // blocked here). FORCE ends the server's pooled connections, so no pool.close().
            std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("runtime");
                rt.block_on(async move {
                    use sqlx::Connection;
                    if let Ok(mut conn) = sqlx::AnyConnection::connect(&admin).await {
                        let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                            .execute(&mut conn)
                            .await
                            .ok();
                    }
                });
            })
            .join()
            .ok();
        }
    }
}

pub fn extract_csrf(html: &str) -> Option<String> {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('"')?;
    Some(html[start..start + end].to_owned())
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The `Location` header of a redirect.
pub fn location(response: &Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// The raw `Set-Cookie` header for a cookie name.
pub fn set_cookie(response: &Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(ToOwned::to_owned)
}
