//! List conventions shared by every domain: `?page=` (from 1) and `?per_page=` (1–200,
//! default 50), answers `{items, total, page, per_page}`. Filters and `sort` are per list.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::AppError;

pub const DEFAULT_PER_PAGE: i64 = 50;
pub const MAX_PER_PAGE: i64 = 200;

/// The paging part of a list's query string.
#[derive(Debug, Clone, Copy, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Page number, from 1.
    #[param(minimum = 1)]
    pub page: Option<i64>,
    /// Items per page, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<i64>,
}

impl PageParams {
    /// `(page, per_page)`, checked; a bad value is a field error, not a silent correction.
    pub fn resolve(self) -> Result<(i64, i64), AppError> {
        let page = self.page.unwrap_or(1);
        let per_page = self.per_page.unwrap_or(DEFAULT_PER_PAGE);
        let mut errors = Vec::new();
        if page < 1 {
            errors.push(("page", "error-page"));
        }
        if !(1..=MAX_PER_PAGE).contains(&per_page) {
            errors.push(("per_page", "error-per-page"));
        }
        if errors.is_empty() {
            Ok((page, per_page))
        } else {
            Err(AppError::Validation(errors))
        }
    }

    /// `LIMIT` and `OFFSET` for a resolved page.
    pub fn limit_offset(page: i64, per_page: i64) -> (i64, i64) {
        (per_page, (page - 1).saturating_mul(per_page))
    }
}

/// One page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Items matching the filters, on all pages.
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_limits() {
        assert_eq!(PageParams::default().resolve().unwrap(), (1, 50));
        let p = PageParams {
            page: Some(3),
            per_page: Some(200),
        };
        assert_eq!(p.resolve().unwrap(), (3, 200));
        assert_eq!(PageParams::limit_offset(3, 200), (200, 400));
        assert!(
            PageParams {
                page: Some(0),
                per_page: None
            }
            .resolve()
            .is_err()
        );
        assert!(
            PageParams {
                page: None,
                per_page: Some(201)
            }
            .resolve()
            .is_err()
        );
        assert!(
            PageParams {
                page: None,
                per_page: Some(0)
            }
            .resolve()
            .is_err()
        );
    }
}
