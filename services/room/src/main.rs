//! `room serve [--migrate]` | `room migrate`

fn main() -> anyhow::Result<()> {
    common::server::main(room::service(None))
}
