//! `gacha serve [--migrate]` | `gacha migrate`

fn main() -> anyhow::Result<()> {
    common::server::main(gacha::service(None))
}
