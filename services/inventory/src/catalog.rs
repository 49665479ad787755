//! The built-in catalog (`catalog/items.json`, our own names and descriptions) and seeding
//! it: `inventory catalog seed [--overwrite]`, and at every start-up for missing entries.

use anyhow::{Context, bail};
use diesel_async::AsyncPgConnection;

use crate::db::models::NewCatalogItem;
use crate::db::queries;
use crate::domain::catalog::CatalogEntry;

/// The built-in catalog file, compiled into the binary.
const BUILT_IN: &str = include_str!("../catalog/items.json");

/// The built-in entries, each checked against the catalog rules.
pub fn built_in() -> anyhow::Result<Vec<CatalogEntry>> {
    parse(BUILT_IN)
}

/// Parses and checks a catalog file.
pub fn parse(json: &str) -> anyhow::Result<Vec<CatalogEntry>> {
    let entries: Vec<CatalogEntry> = serde_json::from_str(json).context("parsing the catalog")?;
    for entry in &entries {
        let problems = entry.problems();
        if !problems.is_empty() {
            bail!("catalog entry {:?} is invalid: {problems:?}", entry.id);
        }
    }
    Ok(entries)
}

/// Writes `entries`: missing ones always, existing ones only with `overwrite`. Returns how
/// many rows changed.
pub async fn seed(
    conn: &mut AsyncPgConnection,
    entries: &[CatalogEntry],
    overwrite: bool,
) -> anyhow::Result<usize> {
    let rows: Vec<NewCatalogItem<'_>> = entries.iter().map(NewCatalogItem::from).collect();
    queries::seed_catalog(conn, &rows, overwrite)
        .await
        .context("writing the catalog")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn the_built_in_catalog_is_valid_and_the_seeds_size() {
        let entries = built_in().unwrap();
        let mut kinds: HashMap<&str, usize> = HashMap::new();
        for e in &entries {
            *kinds.entry(e.kind.as_str()).or_default() += 1;
        }
        assert!(kinds["equipment"] >= 70, "{kinds:?}");
        assert!(kinds["egg"] >= 8 && kinds["food"] >= 4 && kinds["potion"] >= 10);
        assert_eq!(kinds["furniture"], 9);
        assert_eq!(entries.iter().filter(|e| e.starter).count(), 3);
    }
}
