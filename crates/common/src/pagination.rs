//! List parameters every list endpoint shares (API.md: "`limit` (bounded, documented maximum)
//! and a cursor or `offset`"). Extract `web::Query<Page>` beside the endpoint's own filters:
//! both read the same query string and ignore what they do not know.

use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::Problem;

/// The longest cursor accepted (cursors are opaque strings the service handed out).
pub const MAX_CURSOR_LEN: usize = 200;

/// `?limit=&offset=&cursor=`
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Page {
    /// How many items; each endpoint documents its default and maximum.
    pub limit: Option<i64>,
    /// How many items to skip (endpoints that page by position).
    pub offset: Option<i64>,
    /// Where the previous page ended (endpoints that page by cursor), as returned by them.
    pub cursor: Option<String>,
}

impl Page {
    /// The limit, `default` when absent; 400 `invalid_query` outside `1..=max`.
    pub fn limit_within(&self, default: i64, max: i64) -> Result<i64, Problem> {
        match self.limit {
            None => Ok(default.min(max)),
            Some(limit) if (1..=max).contains(&limit) => Ok(limit),
            Some(_) => Err(Problem::bad_request(
                "invalid_query",
                format!("limit must be between 1 and {max}"),
            )),
        }
    }

    /// The offset, 0 when absent; 400 `invalid_query` outside `0..=max`.
    pub fn offset_within(&self, max: i64) -> Result<i64, Problem> {
        match self.offset {
            None => Ok(0),
            Some(offset) if (0..=max).contains(&offset) => Ok(offset),
            Some(_) => Err(Problem::bad_request(
                "invalid_query",
                format!("offset must be between 0 and {max}"),
            )),
        }
    }

    /// The cursor, if sent; 400 `invalid_query` when it is empty or too long.
    pub fn cursor(&self) -> Result<Option<&str>, Problem> {
        match self.cursor.as_deref() {
            None => Ok(None),
            Some(c) if !c.is_empty() && c.len() <= MAX_CURSOR_LEN => Ok(Some(c)),
            Some(_) => Err(Problem::bad_request("invalid_query", "cursor is not valid")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(limit: Option<i64>, offset: Option<i64>) -> Page {
        Page {
            limit,
            offset,
            cursor: None,
        }
    }

    #[test]
    fn limits_default_and_stay_within_their_bounds() {
        assert_eq!(page(None, None).limit_within(20, 100).unwrap(), 20);
        assert_eq!(page(Some(100), None).limit_within(20, 100).unwrap(), 100);
        assert_eq!(
            page(Some(0), None)
                .limit_within(20, 100)
                .unwrap_err()
                .code(),
            "invalid_query"
        );
        assert!(page(Some(101), None).limit_within(20, 100).is_err());
    }

    #[test]
    fn offsets_are_never_negative_or_past_the_maximum() {
        assert_eq!(page(None, None).offset_within(1000).unwrap(), 0);
        assert!(page(None, Some(-1)).offset_within(1000).is_err());
        assert!(page(None, Some(1001)).offset_within(1000).is_err());
    }
}
