//! CSRF tokens: bound to the session, double-submitted, constant-time compared.

use proptest::prelude::*;
use vaga_auth::csrf::CsrfKey;
use vaga_auth::{OsRng, SecretKey};

fn key() -> CsrfKey {
    CsrfKey::new(SecretKey::new(b"csrf-test-key-0123456789abcdef-0123".to_vec()).unwrap())
}

#[test]
fn issued_token_verifies_for_its_session() {
    let k = key();
    let t = k.issue("family-1", &mut OsRng);
    assert!(k.verify("family-1", t.as_str(), t.as_str()));
    // Fresh nonce each time; both stay valid.
    let t2 = k.issue("family-1", &mut OsRng);
    assert_ne!(t, t2);
    assert!(k.verify("family-1", t2.as_str(), t2.as_str()));
}

#[test]
fn refused_cases() {
    let k = key();
    let t = k.issue("family-1", &mut OsRng);
    let other_session = k.issue("family-2", &mut OsRng);
    let other_key = CsrfKey::new(SecretKey::generate(&mut OsRng)).issue("family-1", &mut OsRng);
    let s = t.as_str();
    let cases: Vec<(&str, String, String)> = vec![
        ("another session", s.to_owned(), s.to_owned()),
        (
            "header and cookie differ",
            s.to_owned(),
            other_session.as_str().to_owned(),
        ),
        (
            "token of another session",
            other_session.0.clone(),
            other_session.0.clone(),
        ),
        (
            "token of another key",
            other_key.0.clone(),
            other_key.0.clone(),
        ),
        ("missing header", String::new(), s.to_owned()),
        ("missing cookie", s.to_owned(), String::new()),
        ("no dot", s.replace('.', ""), s.replace('.', "")),
        (
            "mac cut",
            s[..s.len() - 1].to_owned(),
            s[..s.len() - 1].to_owned(),
        ),
        ("oversized", "a".repeat(200), "a".repeat(200)),
    ];
    for (i, (why, submitted, cookie)) in cases.iter().enumerate() {
        let session = if i == 0 { "family-2" } else { "family-1" };
        assert!(!k.verify(session, submitted, cookie), "{why}");
    }
}

#[test]
fn session_boundaries_are_unambiguous() {
    // The session's length is in the MAC: "ab" + nonce cannot pose as "a" + "b…".
    let k = key();
    let t = k.issue("ab", &mut OsRng);
    assert!(!k.verify("a", t.as_str(), t.as_str()));
    assert!(!k.verify("abc", t.as_str(), t.as_str()));
}

proptest! {
    #[test]
    fn verify_never_panics(session in ".{0,40}", a in ".{0,150}", b in ".{0,150}") {
        let k = key();
        let _ = k.verify(&session, &a, &b);
        prop_assert!(!k.verify(&session, &a, &a) || a.contains('.'));
    }
}
