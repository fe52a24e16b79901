//! `/account/comment-bank`: a teacher's own short comments, to insert into appréciations.

use askama::Template;
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
};
use axum_extra::extract::Form;
use serde::Deserialize;

use crate::{
    AppState,
    accounts::service::Refused,
    auth::context::Auth,
    council::{access, repo, service},
    error::AppError,
    gradebook::service::Author,
    web::layout::{Shell, render},
};

#[derive(Template)]
#[template(path = "council/comment_bank.html")]
struct BankPage {
    s: Shell,
    comments: Vec<repo::CommentRow>,
    error: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
) -> Result<Response, AppError> {
    let scope = access::comment_bank(&state, &ctx, &user).await?;
    let comments = repo::comments(&state.db.pool, scope, user.id).await?;
    render(&BankPage {
        s: Shell::new(&ctx),
        comments,
        error: None,
    })
}

#[derive(Debug, Deserialize)]
pub struct NewComment {
    #[serde(default)]
    body: String,
}

pub async fn add(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Form(form): Form<NewComment>,
) -> Result<Response, AppError> {
    let scope = access::comment_bank(&state, &ctx, &user).await?;
    let author = Author::from_user(&user, ctx.audit()).ok_or(AppError::NotFound)?;
    match service::add_comment(&state, &author, &form.body).await {
        Ok(_) => Ok(Redirect::to("/account/comment-bank").into_response()),
        Err(Refused::Fields(list)) => {
            let comments = repo::comments(&state.db.pool, scope, user.id).await?;
            render(&BankPage {
                s: Shell::new(&ctx),
                comments,
                error: list.first().map(|(_, k)| ctx.lang.t(k)),
            })
        }
        Err(Refused::Error(e)) => Err(e),
    }
}

pub async fn delete(
    State(state): State<AppState>,
    Auth(ctx, user): Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    access::comment_bank(&state, &ctx, &user).await?;
    let author = Author::from_user(&user, ctx.audit()).ok_or(AppError::NotFound)?;
    service::delete_comment(&state, &author, id).await?;
    Ok(Redirect::to("/account/comment-bank").into_response())
}
