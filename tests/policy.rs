//! The permission table against the real router: every route is covered, and every role gets
//! exactly what the table grants when it asks for each page.

use eschool::{
    accounts::model::Role,
    auth::policy::{self, Access, Grant, Subject},
};
use reqwest::StatusCode;

use crate::helpers::TestApp;

#[tokio::test]
async fn every_registered_route_is_in_the_permission_table() {
    let app = TestApp::spawn().await;
    // The server builds its router in a task of its own: build one here, so the registered
    // routes are complete whatever the scheduling.
    let _router = eschool::app::router(app.state.clone());
    let registered = policy::registered_routes();
    let table: Vec<&str> = policy::ROUTES.iter().map(|(p, _)| *p).collect();
    for route in &registered {
        assert!(
            table.contains(route),
            "route {route} is not in policy::ROUTES"
        );
    }
    for route in &table {
        assert!(
            registered.contains(route),
            "policy::ROUTES lists {route}, which no router serves"
        );
    }
}

#[tokio::test]
async fn each_role_gets_exactly_the_pages_the_table_grants() {
    let app = TestApp::with_school().await;
    let school = app.school_id("TEST").await;
    let pages: Vec<(&str, policy::Action)> = policy::ROUTES
        .iter()
        .filter_map(|(path, access)| match access {
            Access::Action(action)
                if !path.contains('{') && !["/logout", "/account/password"].contains(path) =>
            {
                Some((*path, *action))
            }
            _ => None,
        })
        .collect();
    assert!(pages.len() >= 6);
    for role in Role::ALL {
        let username = format!("u-{}", role.as_str().replace('_', "-"));
        app.create_user(school, &username, &[role]).await;
        let client = app.login(&username).await;
        for (path, action) in &pages {
            let status = client.get(app.url(path)).send().await.unwrap().status();
            // A form action without a page (POST only, such as a reset button): GET answers
            // 405 to everyone before any policy runs; its own tests check who may post.
            if status == StatusCode::METHOD_NOT_ALLOWED {
                continue;
            }
            match policy::grant(Subject::Role(role), *action) {
                Grant::Never => {
                    assert_eq!(status, StatusCode::FORBIDDEN, "{} on {path}", role.as_str());
                }
                // Allowed: the page, or for an API list that needs a filter (an appréciation
                // list needs its period) the request's own validation error.
                Grant::Own | Grant::School => assert!(
                    status == StatusCode::OK
                        || (path.starts_with("/api/")
                            && status == StatusCode::UNPROCESSABLE_ENTITY),
                    "{} on {path}: {status}",
                    role.as_str()
                ),
            }
        }
    }
}
