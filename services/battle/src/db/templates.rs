//! Admin templates.

use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::models::{NewTemplate, Template};
use super::schema::battle_templates;

/// Inserts a template.
pub async fn insert(conn: &mut AsyncPgConnection, t: &NewTemplate) -> QueryResult<Template> {
    diesel::insert_into(battle_templates::table)
        .values(t)
        .returning(Template::as_returning())
        .get_result(conn)
        .await
}

/// Every template, newest first.
pub async fn list(conn: &mut AsyncPgConnection) -> QueryResult<Vec<Template>> {
    battle_templates::table
        .select(Template::as_select())
        .order(battle_templates::id.desc())
        .load(conn)
        .await
}

/// One template.
pub async fn find(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<Option<Template>> {
    battle_templates::table
        .find(id)
        .select(Template::as_select())
        .first(conn)
        .await
        .optional()
}

/// Deletes a template; whether it existed.
pub async fn delete(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<bool> {
    let n = diesel::delete(battle_templates::table.find(id))
        .execute(conn)
        .await?;
    Ok(n == 1)
}
