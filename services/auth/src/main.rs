//! `auth serve [--migrate]` | `auth migrate` | `auth keys rotate` | `auth users promote EMAIL`

use anyhow::Context;
use clap::{Parser, Subcommand};
use common::server::BaseCommand;

#[derive(Parser)]
#[command(name = "auth", about = "Accounts, sessions, tokens and the JWKS")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// `serve [--migrate]` and `migrate`, as every service has them.
    #[command(flatten)]
    Base(BaseCommand),
    /// Signing keys.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// Accounts.
    Users {
        #[command(subcommand)]
        command: UsersCommand,
    },
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Add a new signing key; the old one stays in the JWKS until its tokens have expired.
    Rotate,
}

#[derive(Subcommand)]
enum UsersCommand {
    /// Grant role=admin to the account with this email.
    Promote {
        /// The account's email.
        email: String,
    },
}

fn main() -> anyhow::Result<()> {
    let command = Cli::parse().command;
    if matches!(command, Command::Base(_)) {
        // The shared bootstrap parses the same arguments again.
        return common::server::main(auth::service(None));
    }
    let (settings, auth_settings) = auth::admin::load_settings()?;
    common::telemetry::init("auth", settings.log_format);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async {
        match command {
            Command::Keys {
                command: KeysCommand::Rotate,
            } => {
                let kid = auth::admin::rotate_keys(&settings, &auth_settings).await?;
                println!("new signing key {kid}; the previous key stays published until its tokens expire");
            }
            Command::Users {
                command: UsersCommand::Promote { email },
            } => {
                let id = auth::admin::promote(&settings, &email).await?;
                println!("user {id} is now an admin (effective from its next login or refresh)");
            }
            Command::Base(_) => {}
        }
        Ok(())
    })
}
