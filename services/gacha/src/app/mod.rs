//! What each request does: transactions, calls to the database and to inventory, built on
//! the pure rules of `domain`.

pub mod audit;
pub mod banner_admin;
pub mod banner_views;
pub mod banners;
pub mod history;
pub mod pull;
pub mod rates;
pub mod reconcile;
pub mod settle;
