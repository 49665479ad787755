//! One TCP forwarder per service, as a Kubernetes Service would be: each new connection goes
//! to the next replica in turn, skipping one that refuses, so a peer URL always reaches a live
//! replica while the other is dead. Open connections die with their replica (callers retry).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::net::{TcpListener, TcpStream};

/// How long one upstream may take to accept before the next is tried.
const CONNECT_TIMEOUT: Duration = Duration::from_millis(500);

/// Starts forwarding `127.0.0.1:listen` to the `upstreams` (ports on 127.0.0.1).
pub async fn start(listen: u16, upstreams: Vec<u16>) -> anyhow::Result<()> {
    let listener = TcpListener::bind(("127.0.0.1", listen)).await?;
    let next = Arc::new(AtomicUsize::new(0));
    let upstreams = Arc::new(upstreams);
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let (next, upstreams) = (next.clone(), upstreams.clone());
            tokio::spawn(async move {
                let first = next.fetch_add(1, Ordering::Relaxed);
                for i in 0..upstreams.len() {
                    let port = upstreams[(first + i) % upstreams.len()];
                    let connect = TcpStream::connect(("127.0.0.1", port));
                    if let Ok(Ok(mut server)) = tokio::time::timeout(CONNECT_TIMEOUT, connect).await
                    {
                        let mut client = client;
                        let _ = client.set_nodelay(true);
                        let _ = server.set_nodelay(true);
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                        return;
                    }
                }
            });
        }
    });
    Ok(())
}
