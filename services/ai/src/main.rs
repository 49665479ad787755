//! `ai serve [--migrate]` | `ai migrate`

fn main() -> anyhow::Result<()> {
    common::server::main(ai::service(None))
}
