//! `inventory serve [--migrate]` | `inventory migrate`

fn main() -> anyhow::Result<()> {
    common::server::main(inventory::service())
}
