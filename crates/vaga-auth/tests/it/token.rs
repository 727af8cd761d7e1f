//! Access tokens: issue, verify, and every way a token must be refused.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use proptest::prelude::*;
use vaga_auth::secret::KeyError;
use vaga_auth::token::{AccessClaims, DEFAULT_ACCESS_TTL_SECS, Role, TokenError, TokenIssuer};
use vaga_auth::{OsRng, SecretKey};

const NOW: u64 = 1_790_000_000;
const KEY: &[u8] = b"0123456789abcdef0123456789abcdef-test-key";

fn issuer() -> TokenIssuer {
    TokenIssuer::from_secret(KEY, "vaga", "vaga-api").unwrap()
}

fn token() -> String {
    issuer()
        .issue("user-42", Role::User, NOW, &mut OsRng)
        .unwrap()
        .0
}

fn parts(t: &str) -> Vec<String> {
    t.split('.').map(str::to_owned).collect()
}

fn json_part(p: &str) -> serde_json::Value {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(p).unwrap()).unwrap()
}

fn enc(v: &serde_json::Value) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
}

#[test]
fn issue_and_verify() {
    let iss = issuer();
    let (t, claims) = iss.issue("user-42", Role::Admin, NOW, &mut OsRng).unwrap();
    assert_eq!(claims.exp, NOW + DEFAULT_ACCESS_TTL_SECS);
    assert_eq!(iss.ttl_secs(), 900);
    let got = iss.verify(&t, NOW + 10).unwrap();
    assert_eq!(got, claims);
    assert_eq!(got.role, Role::Admin);
    assert_eq!(got.jti.len(), 22);
    let p = parts(&t);
    assert_eq!(
        json_part(&p[0]),
        serde_json::json!({"alg": "HS256", "typ": "JWT"})
    );
    let body = json_part(&p[1]);
    assert_eq!(body["role"], "admin");
    assert_eq!(body["iss"], "vaga");
    assert_eq!(body["aud"], "vaga-api");
    // Two tokens issued in the same second differ by their jti.
    let (t2, _) = iss.issue("user-42", Role::Admin, NOW, &mut OsRng).unwrap();
    assert_ne!(t, t2);
}

#[test]
fn roles_read_and_print_as_stored() {
    for role in [Role::User, Role::Admin] {
        assert_eq!(role.as_str().parse::<Role>(), Ok(role));
    }
    assert_eq!("root".parse::<Role>(), Err(TokenError::Invalid));
    assert_eq!("Admin".parse::<Role>(), Err(TokenError::Invalid));
}

#[test]
fn short_keys_are_refused() {
    let err = TokenIssuer::from_secret(b"too short", "vaga", "vaga-api").unwrap_err();
    assert_eq!(err, KeyError::TooShort { len: 9, min: 32 });
    assert!(TokenIssuer::from_secret(&[7u8; 31], "vaga", "vaga-api").is_err());
    assert!(TokenIssuer::from_secret(&[7u8; 32], "vaga", "vaga-api").is_ok());
}

#[test]
fn expiry_is_exact_without_leeway() {
    let t = token();
    let exp = NOW + DEFAULT_ACCESS_TTL_SECS;
    assert!(issuer().verify(&t, exp - 1).is_ok());
    assert_eq!(issuer().verify(&t, exp), Err(TokenError::Expired));
    assert_eq!(issuer().verify(&t, exp + 3600), Err(TokenError::Expired));
    let lenient = TokenIssuer::from_secret(KEY, "vaga", "vaga-api")
        .unwrap()
        .with_leeway(30);
    assert!(lenient.verify(&t, exp + 29).is_ok());
    assert_eq!(lenient.verify(&t, exp + 30), Err(TokenError::Expired));
}

#[test]
fn custom_lifetime() {
    let iss = issuer().with_ttl(60);
    let (t, c) = iss.issue("u", Role::User, NOW, &mut OsRng).unwrap();
    assert_eq!(c.exp, NOW + 60);
    assert_eq!(iss.verify(&t, NOW + 60), Err(TokenError::Expired));
}

#[test]
fn tampered_payload_is_invalid() {
    let p = parts(&token());
    let mut body = json_part(&p[1]);
    body["role"] = "admin".into();
    let forged = format!("{}.{}.{}", p[0], enc(&body), p[2]);
    assert_eq!(issuer().verify(&forged, NOW), Err(TokenError::Invalid));
    // Extending the expiry is tampering too, even once the original has expired.
    let mut body = json_part(&p[1]);
    body["exp"] = (NOW + 10 * 365 * 86_400).into();
    let forged = format!("{}.{}.{}", p[0], enc(&body), p[2]);
    assert_eq!(
        issuer().verify(&forged, NOW + 3600),
        Err(TokenError::Invalid)
    );
}

#[test]
fn tampered_signature_is_invalid() {
    let t = token();
    let p = parts(&t);
    let mut sig = URL_SAFE_NO_PAD.decode(&p[2]).unwrap();
    sig[0] ^= 1;
    let forged = format!("{}.{}.{}", p[0], p[1], URL_SAFE_NO_PAD.encode(&sig));
    assert_eq!(issuer().verify(&forged, NOW), Err(TokenError::Invalid));
    let unsigned = format!("{}.{}.", p[0], p[1]);
    assert_eq!(issuer().verify(&unsigned, NOW), Err(TokenError::Invalid));
    let truncated = &t[..t.len() - 2];
    assert_eq!(issuer().verify(truncated, NOW), Err(TokenError::Invalid));
}

#[test]
fn alg_none_crafted_by_hand_is_invalid() {
    let p = parts(&token());
    let body = json_part(&p[1]);
    for alg in ["none", "None", "NONE", "nOnE"] {
        let header = enc(&serde_json::json!({"alg": alg, "typ": "JWT"}));
        for sig in ["", &p[2]] {
            let forged = format!("{header}.{}.{sig}", enc(&body));
            assert_eq!(
                issuer().verify(&forged, NOW),
                Err(TokenError::Invalid),
                "{alg} {sig:?}"
            );
        }
    }
}

#[test]
fn other_algorithms_are_invalid() {
    // The same payload signed with HS384/HS512 and the right key: still refused (HS256 pinned).
    let claims: AccessClaims = serde_json::from_value(json_part(&parts(&token())[1])).unwrap();
    for alg in [
        jsonwebtoken::Algorithm::HS384,
        jsonwebtoken::Algorithm::HS512,
    ] {
        let t = jsonwebtoken::encode(
            &jsonwebtoken::Header::new(alg),
            &claims,
            &jsonwebtoken::EncodingKey::from_secret(KEY),
        )
        .unwrap();
        assert_eq!(
            issuer().verify(&t, NOW),
            Err(TokenError::Invalid),
            "{alg:?}"
        );
    }
}

#[test]
fn another_key_is_invalid() {
    let other = TokenIssuer::new(&SecretKey::generate(&mut OsRng), "vaga", "vaga-api");
    let (t, _) = other
        .issue("user-42", Role::Admin, NOW, &mut OsRng)
        .unwrap();
    assert!(other.verify(&t, NOW).is_ok());
    assert_eq!(issuer().verify(&t, NOW), Err(TokenError::Invalid));
}

#[test]
fn wrong_audience_or_issuer_is_invalid() {
    let t = token();
    let aud = TokenIssuer::from_secret(KEY, "vaga", "another-api").unwrap();
    assert_eq!(aud.verify(&t, NOW), Err(TokenError::Invalid));
    let iss = TokenIssuer::from_secret(KEY, "someone-else", "vaga-api").unwrap();
    assert_eq!(iss.verify(&t, NOW), Err(TokenError::Invalid));
}

#[test]
fn missing_or_extra_claims_are_invalid() {
    let key = jsonwebtoken::EncodingKey::from_secret(KEY);
    let header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
    let full = json_part(&parts(&token())[1]);
    for drop in ["sub", "role", "iat", "exp", "jti", "iss", "aud"] {
        let mut body = full.clone();
        body.as_object_mut().unwrap().remove(drop);
        let t = jsonwebtoken::encode(&header, &body, &key).unwrap();
        assert_eq!(
            issuer().verify(&t, NOW),
            Err(TokenError::Invalid),
            "without {drop}"
        );
    }
    let mut body = full.clone();
    body["role"] = "root".into();
    let t = jsonwebtoken::encode(&header, &body, &key).unwrap();
    assert_eq!(issuer().verify(&t, NOW), Err(TokenError::Invalid));
    let mut body = full;
    body["exp"] = "soon".into();
    let t = jsonwebtoken::encode(&header, &body, &key).unwrap();
    assert_eq!(issuer().verify(&t, NOW), Err(TokenError::Invalid));
}

#[test]
fn garbage_is_invalid() {
    let long = "a".repeat(10_000);
    for g in ["", ".", "..", "a.b.c", "Bearer x", "eyJ.eyJ.eyJ", &long] {
        assert_eq!(issuer().verify(g, NOW), Err(TokenError::Invalid), "{g:?}");
    }
}

#[test]
fn the_issuer_does_not_print_its_key() {
    let shown = format!("{:?}", issuer());
    assert!(!shown.contains("0123456789abcdef"), "{shown}");
    assert!(shown.contains("[redacted]"));
    let key = SecretKey::new(KEY.to_vec()).unwrap();
    assert_eq!(key.to_string(), "[redacted]");
    assert!(!format!("{key:?}").contains("0123"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn verify_never_panics_on_garbage(s in ".{0,400}") {
        prop_assert!(issuer().verify(&s, NOW).is_err());
    }

    #[test]
    fn verify_never_panics_on_jwt_shaped_garbage(
        h in "[A-Za-z0-9_-]{0,60}", b in "[A-Za-z0-9_-]{0,200}", s in "[A-Za-z0-9_-]{0,60}"
    ) {
        let t = format!("{h}.{b}.{s}");
        prop_assert!(issuer().verify(&t, NOW).is_err());
    }

    #[test]
    fn any_flipped_byte_is_refused(i in 0usize..400, bit in 0u8..8) {
        let t = token();
        let mut bytes = t.clone().into_bytes();
        let i = i % bytes.len();
        bytes[i] ^= 1 << bit;
        if let Ok(s) = String::from_utf8(bytes) {
            // Base64url's last character may carry unused bits; equal decodings are the same token.
            if s != t {
                let got = issuer().verify(&s, NOW);
                if let Ok(c) = got {
                    // Only possible when the flip hit padding bits of the last character.
                    prop_assert_eq!(c.sub, "user-42");
                }
            }
        }
    }
}
