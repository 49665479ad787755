//! Thumbnails of PNG uploads: bounded, served like their version; none for a decompression bomb.

use std::io::Cursor;

use image::{ImageBuffer, ImageFormat, Rgba};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{path_of, spawn_assets};

fn real_png(w: u32, h: u32) -> Vec<u8> {
    let img = ImageBuffer::from_pixel(w, h, Rgba([10u8, 200, 10, 255]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png).unwrap();
    out.into_inner()
}

#[tokio::test]
async fn a_png_gets_a_bounded_thumbnail_and_a_decompression_bomb_gets_none() {
    let a = spawn_assets(&[]).await;
    let alice = a.player();
    let asset = a
        .publish(&alice, json!({"filename": "wide.png"}), real_png(600, 300))
        .await;
    let thumb = asset["thumbnail_url"].as_str().unwrap();
    assert!(thumb.ends_with("/1/thumb-wide.png.png"), "{thumb}");
    let res = a.get_as(None, &path_of(thumb)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert!(
        res.headers()["etag"]
            .to_str()
            .unwrap()
            .starts_with("\"thumb-")
    );
    let decoded = image::load_from_memory(&res.bytes().await.unwrap()).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (256, 128));

    // A valid PNG signature whose header claims 100000 x 100000 pixels: stored, no thumbnail.
    let mut bomb = real_png(1, 1);
    bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&100_000u32.to_be_bytes());
    let asset = a
        .publish(&alice, json!({"filename": "bomb.png"}), bomb)
        .await;
    assert_eq!(asset["current_version"], 1);
    assert_eq!(asset["thumbnail_url"], Value::Null);

    // Private assets get a signed thumbnail URL, like their own.
    let private = a
        .publish(
            &alice,
            json!({"filename": "secret.png", "is_public": false}),
            real_png(50, 50),
        )
        .await;
    let thumb = private["thumbnail_url"].as_str().unwrap();
    assert!(thumb.contains("sig="), "{thumb}");
    assert_eq!(
        a.get_as(None, &path_of(thumb)).await.status(),
        StatusCode::OK
    );
    let bare = path_of(thumb).split('?').next().unwrap().to_owned();
    assert_eq!(a.get_as(None, &bare).await.status(), StatusCode::NOT_FOUND);
}
