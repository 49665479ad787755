//! HTTP endpoints of the room service.

use actix_web::web;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::domain::RoomCode;
use crate::error::RoomError;
use crate::state::AppState;

pub mod actions;
pub mod cafe;
pub mod chat;
pub mod game;
pub mod rooms;
pub mod space;

/// Registers every room endpoint with its state.
pub fn configure(cfg: &mut ServiceConfig, state: web::Data<AppState>) {
    cfg.app_data(state)
        .service(rooms::list_open_rooms)
        .service(rooms::list_all_rooms)
        .service(rooms::create_room)
        .service(rooms::join_room)
        .service(rooms::get_room)
        .service(rooms::leave_room)
        .service(cafe::list_cafe_rooms)
        .service(cafe::create_cafe_room)
        .service(cafe::get_cafe_room)
        .service(chat::list_chat)
        .service(chat::post_chat)
        .service(space::list_objects)
        .service(space::place_object)
        .service(space::update_object)
        .service(space::pickup_object)
        .service(space::use_tool)
        .service(space::list_tool_logs)
        .service(game::start_game)
        .service(game::get_game)
        .service(game::submit_answer)
        .service(game::list_answers)
        .service(game::submit_vote)
        .service(game::start_voting)
        .service(game::end_round)
        .service(game::next_round)
        .service(game::get_leaderboard)
        .service(actions::run_action);
}

/// A join code from a path or body (404 for a malformed one: no room can have it).
pub fn code(raw: &str) -> Result<RoomCode, RoomError> {
    RoomCode::parse(raw).ok_or(RoomError::RoomNotFound)
}

/// Most items a list endpoint returns.
pub const MAX_LIMIT: i64 = 100;

/// `limit` clamped to 1..=[`MAX_LIMIT`] (default 50).
pub fn limit(raw: Option<i64>) -> Result<i64, RoomError> {
    match raw {
        None => Ok(50),
        Some(l) if (1..=MAX_LIMIT).contains(&l) => Ok(l),
        Some(_) => Err(RoomError::field("limit", "must be 1..=100")),
    }
}
