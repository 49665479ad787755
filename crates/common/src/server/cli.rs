//! The command line every service binary shares: `<service> serve [--migrate]` | `migrate`.

use anyhow::Context;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use super::{Application, ServiceDef};
use crate::settings::Settings;
use crate::telemetry;

#[cfg(feature = "db")]
use crate::db;

/// `<service> serve [--migrate]` | `<service> migrate`
#[derive(Debug, Parser)]
struct Cli {
    #[command(subcommand)]
    command: BaseCommand,
}

/// The subcommands every service binary has; a binary with more flattens these into its own
/// (`#[command(flatten)] Base(BaseCommand)`) and hands them to [`main`].
#[derive(Debug, Clone, Subcommand)]
pub enum BaseCommand {
    /// Serve HTTP until SIGTERM/SIGINT.
    Serve {
        /// Apply pending migrations first.
        #[arg(long)]
        migrate: bool,
    },
    /// Apply pending migrations and exit.
    Migrate,
}

/// The whole `main` of a service binary: parse the command line, read settings, log, run.
pub fn main(def: ServiceDef) -> anyhow::Result<()> {
    let matches = Cli::command()
        .name(def.name.as_str())
        .about(def.description)
        .get_matches();
    let cli = Cli::from_arg_matches(&matches).map_err(|e| e.exit())?;
    let settings = Settings::from_env(def.name)?;
    telemetry::init(def.name.as_str(), settings.log_format);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async move {
        match cli.command {
            BaseCommand::Migrate => prepare_database(&def, &settings).await,
            BaseCommand::Serve { migrate } => {
                if migrate {
                    prepare_database(&def, &settings).await?;
                } else {
                    ensure_database(&settings).await?;
                }
                Application::build(def, settings)
                    .await?
                    .run_until_stopped()
                    .await?;
                tracing::info!("stopped");
                Ok(())
            }
        }
    })
}

/// Creates the database when allowed and missing (development).
#[cfg(feature = "db")]
async fn ensure_database(settings: &Settings) -> anyhow::Result<()> {
    use secrecy::ExposeSecret;
    if let Some(db) = &settings.database
        && db.create_if_missing
    {
        db::ensure_database(db.url.expose_secret()).await?;
    }
    Ok(())
}

#[cfg(not(feature = "db"))]
async fn ensure_database(_settings: &Settings) -> anyhow::Result<()> {
    Ok(())
}

/// Creates the database if allowed, then applies pending migrations under the advisory lock.
#[cfg(feature = "db")]
pub async fn prepare_database(def: &ServiceDef, settings: &Settings) -> anyhow::Result<()> {
    use secrecy::ExposeSecret;
    ensure_database(settings).await?;
    if let (Some(db), Some(migrations)) = (&settings.database, def.embedded_migrations()) {
        let applied =
            db::run_migrations(db.url.expose_secret(), def.name.as_str(), migrations).await?;
        tracing::info!(count = applied.len(), versions = ?applied, "migrations applied");
    }
    Ok(())
}

/// Without the `db` feature there is nothing to migrate.
#[cfg(not(feature = "db"))]
pub async fn prepare_database(_def: &ServiceDef, _settings: &Settings) -> anyhow::Result<()> {
    Ok(())
}
