//! `gateway serve [--migrate]` | `gateway migrate`

fn main() -> anyhow::Result<()> {
    common::server::main(gateway::service(None))
}
