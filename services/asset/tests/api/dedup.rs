//! Content addressing: versions with the same bytes share one stored object, on either
//! backend, and the purge deletes an object only once no unpurged asset uses it.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Assets, Player, path_of, png, sha256_hex, spawn_assets};
use crate::s3::{put_to_store, spawn_s3};

const FAST_PURGE: &[(&str, &str)] = &[
    ("ASSET_PURGE_GRACE_SECS", "0"),
    ("ASSET_PURGE_INTERVAL_SECS", "1"),
];

async fn delete_and_wait_for_purge(a: &Assets, owner: &Player, id: &str) {
    let res = a
        .delete_as(&owner.token, &format!("/api/assets/{id}"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    testkit::eventually(Duration::from_secs(10), || async {
        a.purged(id).await.then_some(())
    })
    .await;
}

#[tokio::test]
async fn the_same_bytes_uploaded_twice_are_stored_once_and_kept_while_an_asset_uses_them() {
    let a = spawn_assets(FAST_PURGE).await;
    let (alice, bob) = (a.player(), a.player());
    let bytes = png(5000);
    let first = a.publish(&alice, json!({}), bytes.clone()).await;
    let second = a.publish(&bob, json!({}), bytes.clone()).await;
    // A new version of Alice's asset with the same bytes shares the object too.
    let again = a
        .publish(
            &alice,
            json!({"asset_id": first["asset_id"]}),
            bytes.clone(),
        )
        .await;
    assert_eq!(again["current_version"], 2);
    let blobs = a.blobs();
    assert_eq!(blobs.len(), 1, "{blobs:?}");
    assert!(blobs[0].ends_with(sha256_hex(&bytes)));

    delete_and_wait_for_purge(&a, &alice, first["asset_id"].as_str().unwrap()).await;
    assert_eq!(a.blobs().len(), 1, "Bob's asset still uses the bytes");
    let served = a
        .get_as(None, &path_of(second["cdn_url"].as_str().unwrap()))
        .await;
    assert_eq!(served.status(), StatusCode::OK);
    assert_eq!(served.bytes().await.unwrap().as_ref(), bytes.as_slice());

    delete_and_wait_for_purge(&a, &bob, second["asset_id"].as_str().unwrap()).await;
    assert!(
        a.blobs().is_empty(),
        "the last user is gone: so are the bytes"
    );
}

/// Keys in the moto bucket (moto lists without checking signatures).
async fn bucket_keys(a: &Assets, moto_url: &str) -> Vec<String> {
    let xml = a
        .app
        .client
        .get(format!("{moto_url}/game-assets?list-type=2"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    xml.split("<Key>")
        .skip(1)
        .filter_map(|s| s.split("</Key>").next())
        .map(str::to_owned)
        .collect()
}

async fn publish_to_store(a: &Assets, player: &Player, bytes: &[u8]) -> Value {
    let upload = a
        .upload(
            player,
            &json!({"content_type": "image/png", "asset_type": "image", "size": bytes.len()}),
        )
        .await;
    let put = put_to_store(a, &upload, bytes.to_vec()).await;
    assert!(put.status().is_success(), "{}", put.status());
    let done = a.complete(player, &upload).await;
    assert_eq!(done.status(), StatusCode::OK);
    done.json().await.unwrap()
}

#[tokio::test]
async fn s3_objects_are_keyed_by_sha256_shared_and_purged_with_their_last_user() {
    let (a, moto) = spawn_s3(FAST_PURGE).await;
    let (alice, bob) = (a.player(), a.player());
    let bytes = png(3000);
    let blob = format!("blobs/{}", sha256_hex(&bytes));
    let first = publish_to_store(&a, &alice, &bytes).await;
    let second = publish_to_store(&a, &bob, &bytes).await;
    // Upload keys are dropped once the bytes sit at their content address.
    assert_eq!(bucket_keys(&a, &moto.url).await, vec![blob.clone()]);
    for done in [&first, &second] {
        let url = done["url"].as_str().unwrap();
        assert!(url.contains(&format!("/game-assets/{blob}?")), "{url}");
    }

    delete_and_wait_for_purge(&a, &alice, first["asset_id"].as_str().unwrap()).await;
    assert_eq!(bucket_keys(&a, &moto.url).await, vec![blob.clone()]);
    let res = a
        .app
        .client
        .get(second["url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.bytes().await.unwrap().as_ref(), bytes.as_slice());

    delete_and_wait_for_purge(&a, &bob, second["asset_id"].as_str().unwrap()).await;
    assert!(bucket_keys(&a, &moto.url).await.is_empty());
}
