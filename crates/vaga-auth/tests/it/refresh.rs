//! Refresh tokens: shape, storage hash, family ids, and the rotation decision table.

use vaga_auth::OsRng;
use vaga_auth::refresh::{
    REFRESH_TOKEN_CHARS, RefreshDecision, RefreshRecord, RefreshToken, decide, hash_token,
    new_family_id,
};

#[test]
fn tokens_are_long_random_and_base64url() {
    let a = RefreshToken::generate(&mut OsRng);
    let b = RefreshToken::generate(&mut OsRng);
    assert_ne!(a.expose(), b.expose());
    assert_eq!(a.expose().len(), REFRESH_TOKEN_CHARS);
    assert!(
        a.expose()
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
    );
    assert!(!format!("{a:?}").contains(a.expose()));
}

#[test]
fn the_stored_hash_is_sha256_hex() {
    // SHA-256("abc"), FIPS 180-2 appendix B.1.
    assert_eq!(
        hash_token("abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    let t = RefreshToken::generate(&mut OsRng);
    assert_eq!(t.hash(), hash_token(t.expose()));
    assert_eq!(t.hash().len(), 64);
    assert_ne!(t.hash(), t.expose());
}

#[test]
fn parse_accepts_only_the_token_shape() {
    let t = RefreshToken::generate(&mut OsRng);
    let back = RefreshToken::parse(t.expose()).unwrap();
    assert_eq!(back.hash(), t.hash());
    let long = "A".repeat(44);
    let padded = format!("{}=", &t.expose()[..42]);
    for bad in [
        "",
        "short",
        &long,
        &padded,
        &t.expose().replacen(|_| true, "+", 1),
    ] {
        assert!(RefreshToken::parse(bad).is_none(), "{bad:?}");
    }
}

#[test]
fn family_ids_are_uuid_v4_shaped() {
    let a = new_family_id(&mut OsRng);
    let b = new_family_id(&mut OsRng);
    assert_ne!(a, b);
    assert_eq!(a[6] >> 4, 4, "version 4");
    assert_eq!(a[8] >> 6, 0b10, "RFC 4122 variant");
}

fn rec(used: Option<i64>, revoked: Option<i64>) -> RefreshRecord<u32, i64> {
    RefreshRecord {
        family: 7,
        user: 42,
        expires_at: 1_000,
        used_at: used,
        revoked_at: revoked,
    }
}

#[test]
fn rotation_decision_table() {
    use RefreshDecision::*;
    let cases = [
        // (record, now, decision, why)
        (rec(None, None), 10, Rotate, "fresh and unused"),
        (rec(None, None), 999, Rotate, "last second before expiry"),
        (rec(None, None), 1_000, Expired, "expired at expires_at"),
        (rec(None, None), 5_000, Expired, "long expired"),
        (
            rec(Some(500), None),
            600,
            Reuse,
            "used token presented again",
        ),
        (
            rec(Some(500), None),
            5_000,
            Reuse,
            "used token after expiry is still theft",
        ),
        (
            rec(None, Some(300)),
            400,
            Revoked,
            "family revoked (logout)",
        ),
        (
            rec(Some(200), Some(300)),
            400,
            Revoked,
            "revoked after a reuse: no second revocation",
        ),
        (rec(None, Some(300)), 5_000, Revoked, "revoked and expired"),
    ];
    for (record, now, want, why) in cases {
        assert_eq!(decide(&record, &now), want, "{why}");
    }
    assert_eq!(Reuse.code(), "reuse");
}

/// The flow the HTTP layer runs, on an in-memory table: login, two rotations, then the first
/// token comes back (stolen) and the whole family dies, including the live successor.
#[test]
fn reuse_revokes_the_family() {
    struct Row {
        hash: String,
        rec: RefreshRecord<u32, i64>,
    }
    let mut table: Vec<Row> = Vec::new();
    let family = 1;
    let issue = |table: &mut Vec<Row>, now: i64| {
        let t = RefreshToken::generate(&mut OsRng);
        table.push(Row {
            hash: t.hash(),
            rec: RefreshRecord {
                family,
                user: 42,
                expires_at: now + 100,
                used_at: None,
                revoked_at: None,
            },
        });
        t
    };
    let present = |table: &mut Vec<Row>, token: &RefreshToken, now: i64| -> RefreshDecision {
        let hash = token.hash();
        let i = table.iter().position(|r| r.hash == hash).unwrap();
        let d = decide(&table[i].rec, &now);
        match d {
            RefreshDecision::Rotate => table[i].rec.used_at = Some(now),
            RefreshDecision::Reuse => {
                let family = table[i].rec.family;
                for r in table.iter_mut().filter(|r| r.rec.family == family) {
                    r.rec.revoked_at.get_or_insert(now);
                }
            }
            _ => {}
        }
        d
    };
    let t1 = issue(&mut table, 0);
    assert_eq!(present(&mut table, &t1, 10), RefreshDecision::Rotate);
    let t2 = issue(&mut table, 10);
    assert_eq!(present(&mut table, &t2, 20), RefreshDecision::Rotate);
    let t3 = issue(&mut table, 20);
    // The thief replays t1.
    assert_eq!(present(&mut table, &t1, 30), RefreshDecision::Reuse);
    // The legitimate client's live token is dead too.
    assert_eq!(present(&mut table, &t3, 31), RefreshDecision::Revoked);
    assert!(table.iter().all(|r| r.rec.revoked_at.is_some()));
}
