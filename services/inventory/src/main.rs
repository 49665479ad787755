//! `inventory serve [--migrate]` | `inventory migrate` (also seeds missing catalog entries) |
//! `inventory catalog seed [--overwrite] [--file F]`

use anyhow::Context;
use clap::{Parser, Subcommand};
use common::server::BaseCommand;

#[derive(Parser)]
#[command(
    name = "inventory",
    about = "Player progression, wallet, items, pets, shop, saves"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// `serve [--migrate]` and `migrate`, as every service has them.
    #[command(flatten)]
    Base(BaseCommand),
    /// The item catalog.
    Catalog {
        #[command(subcommand)]
        command: CatalogCommand,
    },
}

#[derive(Subcommand)]
enum CatalogCommand {
    /// Migrate, then insert the catalog's entries (missing ones only, unless --overwrite).
    Seed {
        /// Replace entries that exist (undoing admin edits to them).
        #[arg(long)]
        overwrite: bool,
        /// A catalog JSON file instead of the built-in one.
        #[arg(long)]
        file: Option<std::path::PathBuf>,
    },
}

fn main() -> anyhow::Result<()> {
    let (overwrite, file) = match Cli::parse().command {
        Command::Catalog {
            command: CatalogCommand::Seed { overwrite, file },
        } => (overwrite, file),
        Command::Base(BaseCommand::Migrate) => {
            // The shared bootstrap migrates; a migrated database then gets its missing
            // catalog entries too, so `migrate` alone leaves a working shop.
            common::server::main(inventory::service(None))?;
            (false, None)
        }
        // The shared bootstrap parses the same arguments again.
        Command::Base(BaseCommand::Serve { .. }) => {
            return common::server::main(inventory::service(None));
        }
    };
    let settings = common::Settings::from_env(common::ServiceName::Inventory)?;
    common::telemetry::init("inventory", settings.log_format);
    let entries = match file {
        Some(path) => inventory::catalog::parse(
            &std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?,
        )?,
        None => inventory::catalog::built_in()?,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async {
        common::server::prepare_database(&inventory::service(None), &settings).await?;
        let db = settings
            .database
            .as_ref()
            .context("DATABASE_URL is needed")?;
        let pool = common::db::build_pool(db, "inventory")?;
        let mut conn = pool.get().await.context("connecting to the database")?;
        let written = inventory::catalog::seed(&mut conn, &entries, overwrite).await?;
        println!("catalog: {} entries, {written} written", entries.len());
        Ok(())
    })
}
