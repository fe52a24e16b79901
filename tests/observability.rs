//! Health, readiness, metrics and request ids.

use reqwest::StatusCode;

use crate::helpers::TestApp;

#[tokio::test]
async fn health_and_readiness() {
    let app = TestApp::spawn().await;
    let r = reqwest::get(app.url("/healthz")).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = reqwest::get(app.url("/readyz")).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.text().await.unwrap(), "ready");
    app.state.db.pool.close().await;
    let r = reqwest::get(app.url("/readyz")).await.unwrap();
    assert_eq!(
        r.status(),
        StatusCode::SERVICE_UNAVAILABLE,
        "a closed pool is not ready"
    );
    assert_eq!(
        reqwest::get(app.url("/healthz")).await.unwrap().status(),
        StatusCode::OK,
        "but the process is up"
    );
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_status() {
    let app = TestApp::with_school().await;
    let client = app.login("admin").await;
    for _ in 0..3 {
        client.get(app.url("/admin/users")).send().await.unwrap();
    }
    let body = reqwest::get(app.url("/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let line = body
        .lines()
        .find(|l| {
            l.starts_with("http_requests_total")
                && l.contains("route=\"/admin/users\"")
                && l.contains("status=\"200\"")
        })
        .unwrap_or_else(|| panic!("no counter for /admin/users in:\n{body}"));
    let count: f64 = line.rsplit(' ').next().unwrap().parse().unwrap();
    assert!(count >= 3.0, "{line}");
    assert!(
        body.contains("http_request_duration_seconds_bucket"),
        "latency histogram"
    );
    assert!(body.contains("db_pool_connections"), "pool gauge");
}

#[tokio::test]
async fn every_response_has_a_request_id() {
    let app = TestApp::with_school().await;
    let a = reqwest::get(app.url("/login")).await.unwrap();
    let b = reqwest::get(app.url("/login")).await.unwrap();
    let id_a = a.headers()["x-request-id"].to_str().unwrap();
    let id_b = b.headers()["x-request-id"].to_str().unwrap();
    assert_ne!(id_a, id_b);
    let client = reqwest::Client::new();
    let r = client
        .get(app.url("/healthz"))
        .header("x-request-id", "from-the-proxy")
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.headers()["x-request-id"],
        "from-the-proxy",
        "an incoming id is kept"
    );
}
