//! `auth serve [--migrate]` | `auth migrate`

fn main() -> anyhow::Result<()> {
    common::server::main(auth::service())
}
