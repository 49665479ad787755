//! `battle serve [--migrate]` | `battle migrate`

fn main() -> anyhow::Result<()> {
    common::server::main(battle::service(None))
}
