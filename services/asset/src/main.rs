//! `asset serve [--migrate]` | `asset migrate`

fn main() -> anyhow::Result<()> {
    common::server::main(asset::service(None))
}
