//! Single sign-on: the ID-token checks with tokens signed by keys made here (RS256 and ES256),
//! the sign-in page's button, the refused callbacks, and "hanya SSO" accounts whose password no
//! longer signs in (on both backends). The whole flow against a real provider is the browser
//! test e2e/tests/sso.test.mjs.

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::KeySize;
use aws_lc_rs::signature::{
    ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair as _, RSA_PKCS1_SHA256, RsaKeyPair,
};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use padu_app::users::oidc::id_token::{Expected, Jwk, Jwks, TokenRefused, validate};
use padu_app::users::oidc::{MatchBy, OidcConfig};
use serde_json::{Value, json};

use crate::support::TestApp;

const ISSUER: &str = "https://sso.trenggalekkab.go.id/realms/pemda";
const CLIENT: &str = "padu";
const NONCE: &str = "nonce-peramban-ini";
const NOW: i64 = 1_796_000_000;

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// An RSA key made for this test and its JWK.
fn rsa_key(kid: &str) -> (RsaKeyPair, Jwk) {
    let key = RsaKeyPair::generate(KeySize::Rsa2048).expect("RSA key");
    let public = key.public_key();
    let jwk = Jwk {
        kty: "RSA".into(),
        kid: Some(kid.into()),
        alg: Some("RS256".into()),
        usage: Some("sig".into()),
        n: Some(b64(public.modulus().big_endian_without_leading_zero())),
        e: Some(b64(public.exponent().big_endian_without_leading_zero())),
        ..Jwk::default()
    };
    (key, jwk)
}

fn jws(header: &Value, claims: &Value, sign: impl Fn(&[u8]) -> Vec<u8>) -> String {
    let signed = format!(
        "{}.{}",
        b64(header.to_string().as_bytes()),
        b64(claims.to_string().as_bytes())
    );
    let signature = sign(signed.as_bytes());
    format!("{signed}.{}", b64(&signature))
}

fn rs256(key: &RsaKeyPair, kid: &str, claims: &Value) -> String {
    jws(
        &json!({"alg": "RS256", "kid": kid, "typ": "JWT"}),
        claims,
        |m| {
            let mut sig = vec![0; key.public_modulus_len()];
            key.sign(&RSA_PKCS1_SHA256, &SystemRandom::new(), m, &mut sig)
                .expect("sign");
            sig
        },
    )
}

fn good_claims() -> Value {
    json!({
        "iss": ISSUER, "aud": CLIENT, "sub": "248289761001", "nonce": NONCE,
        "iat": NOW - 5, "exp": NOW + 300, "preferred_username": "admin",
    })
}

fn expected() -> Expected<'static> {
    Expected {
        issuer: ISSUER,
        client_id: CLIENT,
        nonce: NONCE,
        now_secs: NOW,
    }
}

fn with(mut claims: Value, key: &str, value: Value) -> Value {
    claims[key] = value;
    claims
}

#[test]
fn id_tokens_are_accepted_only_when_every_check_passes() {
    let (key, jwk) = rsa_key("kunci-1");
    let keys = Jwks { keys: vec![jwk] };
    let check = |token: &str| validate(token, &keys, &expected());

    let good = check(&rs256(&key, "kunci-1", &good_claims())).expect("a good token");
    assert_eq!(good["preferred_username"], "admin");
    // a list of audiences with Padu as the authorized party is fine too
    let listed = with(good_claims(), "aud", json!([CLIENT, "lain"]));
    let listed = with(listed, "azp", json!(CLIENT));
    assert!(check(&rs256(&key, "kunci-1", &listed)).is_ok());

    let refused = |claims: Value| check(&rs256(&key, "kunci-1", &claims)).expect_err("refused");
    assert_eq!(
        refused(with(good_claims(), "aud", json!("aplikasi-lain"))),
        TokenRefused::Audience
    );
    assert_eq!(
        refused(with(good_claims(), "aud", json!([CLIENT, "lain"]))),
        TokenRefused::AuthorizedParty,
        "several audiences without azp"
    );
    assert_eq!(
        refused(with(
            good_claims(),
            "iss",
            json!("https://sso.palsu.example")
        )),
        TokenRefused::Issuer
    );
    assert_eq!(
        refused(with(good_claims(), "exp", json!(NOW - 120))),
        TokenRefused::Expired
    );
    // within the leeway an expiry a few seconds ago still passes
    assert!(
        check(&rs256(
            &key,
            "kunci-1",
            &with(good_claims(), "exp", json!(NOW - 10))
        ))
        .is_ok()
    );
    assert_eq!(
        refused(with(good_claims(), "iat", json!(NOW + 3600))),
        TokenRefused::IssuedAt
    );
    assert_eq!(
        refused(with(good_claims(), "nonce", json!("nonce-lain"))),
        TokenRefused::Nonce
    );

    // a tampered payload under the original signature
    let token = rs256(&key, "kunci-1", &good_claims());
    let parts: Vec<&str> = token.split('.').collect();
    let forged = b64(
        with(good_claims(), "preferred_username", json!("superadmin"))
            .to_string()
            .as_bytes(),
    );
    let tampered = format!("{}.{forged}.{}", parts[0], parts[2]);
    assert_eq!(
        check(&tampered).expect_err("refused"),
        TokenRefused::Signature
    );
    // signed by another key under a known kid
    let (other, _) = rsa_key("kunci-1");
    assert_eq!(
        check(&rs256(&other, "kunci-1", &good_claims())).expect_err("refused"),
        TokenRefused::Signature
    );
    // a kid the provider never published
    assert_eq!(
        check(&rs256(&key, "kunci-9", &good_claims())).expect_err("refused"),
        TokenRefused::UnknownKey
    );
    // alg none, and an HMAC "signed" with the public key
    let none = format!(
        "{}.{}.",
        b64(json!({"alg": "none"}).to_string().as_bytes()),
        b64(good_claims().to_string().as_bytes())
    );
    assert_eq!(
        check(&none).expect_err("refused"),
        TokenRefused::Algorithm("none".into())
    );
    let hs = jws(
        &json!({"alg": "HS256", "kid": "kunci-1"}),
        &good_claims(),
        |_| vec![1; 32],
    );
    assert_eq!(
        check(&hs).expect_err("refused"),
        TokenRefused::Algorithm("HS256".into())
    );
    assert_eq!(
        check("bukan.token").expect_err("refused"),
        TokenRefused::Malformed
    );
    // every refusal says why in Indonesian
    assert!(TokenRefused::Audience.to_string().contains("audience"));
}

#[test]
fn es256_tokens_are_checked_too() {
    let rng = SystemRandom::new();
    let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).expect("key");
    let key =
        EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref()).expect("key");
    let point = key.public_key().as_ref().to_vec();
    assert_eq!(point.len(), 65);
    let keys = Jwks {
        keys: vec![Jwk {
            kty: "EC".into(),
            kid: Some("ec-1".into()),
            crv: Some("P-256".into()),
            x: Some(b64(&point[1..33])),
            y: Some(b64(&point[33..])),
            ..Jwk::default()
        }],
    };
    let sign = |claims: &Value| {
        jws(&json!({"alg": "ES256", "kid": "ec-1"}), claims, |m| {
            key.sign(&rng, m).expect("sign").as_ref().to_vec()
        })
    };
    assert!(validate(&sign(&good_claims()), &keys, &expected()).is_ok());
    assert_eq!(
        validate(
            &sign(&with(good_claims(), "aud", json!("lain"))),
            &keys,
            &expected()
        )
        .expect_err("refused"),
        TokenRefused::Audience
    );
    // an RS256 header cannot borrow the EC key
    let (rsa, _) = rsa_key("ec-1");
    assert_eq!(
        validate(&rs256(&rsa, "ec-1", &good_claims()), &keys, &expected()).expect_err("refused"),
        TokenRefused::UnknownKey
    );
}

fn oidc_config(issuer: &str) -> OidcConfig {
    OidcConfig {
        issuer: issuer.into(),
        client_id: CLIENT.into(),
        client_secret: Some("rahasia-klien".into()),
        scopes: vec!["openid".into(), "profile".into()],
        username_claim: "preferred_username".into(),
        match_by: MatchBy::Username,
        display_name: "SSO Pemkab Trenggalek".into(),
    }
}

async fn page(router: &axum::Router, path: &str) -> (StatusCode, String) {
    let response = tower::ServiceExt::oneshot(
        router.clone(),
        Request::get(path).body(Body::empty()).expect("request"),
    )
    .await
    .expect("infallible");
    let status = response.status();
    let body = http_body_util::BodyExt::collect(response.into_body())
        .await
        .expect("body")
        .to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn the_sign_in_page_offers_sso_only_when_configured_and_refusals_are_plain_pages() {
    let app = TestApp::new(padu_store::testing::sqlite().await).await;
    let (status, html) = app_page(&app, "/masuk").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("/masuk/sso"), "no button without [oidc]");
    let (status, html) = app_page(&app, "/masuk/sso").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("tidak diaktifkan"), "{html}");

    // a provider that does not answer (nothing listens on port 9 of loopback)
    let settings = padu_app::Settings {
        oidc: Some(oidc_config("http://127.0.0.1:9")),
        ..padu_app::Settings::default()
    };
    let router = padu_web::router(app.state_with(settings), &padu_web::WebConfig::default());
    let (status, html) = page(&router, "/masuk").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Masuk dengan SSO Pemkab Trenggalek") && html.contains("href=\"/masuk/sso\""),
        "{html}"
    );
    let (status, html) = page(&router, "/masuk/sso?lanjut=/audit").await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert!(html.contains("tidak dapat dihubungi"), "{html}");
    // a callback nobody started (or one replayed): refused, never a 500
    let (status, html) = page(&router, "/masuk/sso/kembali?code=abc&state=tidak-dikenal").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        html.contains("tidak dikenal, sudah dipakai atau kedaluwarsa"),
        "{html}"
    );
    let (status, _) = page(&router, "/masuk/sso/kembali").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    app.finish().await;
}

async fn app_page(app: &TestApp, path: &str) -> (StatusCode, String) {
    page(&app.router, path).await
}

#[tokio::test]
async fn an_sso_only_user_cannot_sign_in_with_a_password() {
    for db in padu_store::testing::databases().await {
        let app = TestApp::new(db).await;
        let admin = app.token("admin").await;
        let target = app.user_id("operator").await;
        let wrong = app
            .json(
                "POST",
                "/api/v1/auth/token",
                None,
                Some(json!({"username": "operator", "password": "salah-sekali-sandinya"})),
            )
            .await;
        let (status, body) = app
            .json(
                "PATCH",
                &format!("/api/v1/users/{target}"),
                Some(&admin),
                Some(json!({"sso_only": true})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["sso_only"], true);
        // the right password is now answered exactly as a wrong one
        let (status, refused) = app
            .json(
                "POST",
                "/api/v1/auth/token",
                None,
                Some(json!({"username": "operator", "password": crate::support::PASSWORD})),
            )
            .await;
        assert_eq!(status, wrong.0);
        assert_eq!(refused, wrong.1);
        // and the pages' form refuses it the same way
        let form = Request::post("/masuk")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ORIGIN, "http://127.0.0.1:8080")
            .body(Body::from(format!(
                "username=operator&password={}",
                crate::support::PASSWORD
            )))
            .expect("request");
        let (status, headers, _) = app.send(form).await;
        assert_ne!(status, StatusCode::SEE_OTHER);
        assert!(headers.get(header::SET_COOKIE).is_none());
        // switched back, the password works again
        let (status, body) = app
            .json(
                "PATCH",
                &format!("/api/v1/users/{target}"),
                Some(&admin),
                Some(json!({"sso_only": false})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        app.token("operator").await;
        app.finish().await;
    }
}
