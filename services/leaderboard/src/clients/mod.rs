//! Calls to other services: usernames from auth's public profile.

pub mod names;
