//! Which addresses a source may reach: no loopback, private, link-local or otherwise internal
//! address unless its policy allows it.
//!
//! Two checks together close the ways round: IP-literal hosts are checked before the request and
//! on every redirect hop (they never reach a resolver), and names go through a guarded resolver,
//! which drops internal addresses from what DNS answers. Because the check is on the addresses the
//! connection is actually made to, a name that resolves to a public address once and to an
//! internal one the next time (DNS rebinding) gains nothing.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, RwLock};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::redirect;
use url::{Host, Url};

/// Most redirects followed for one request.
pub(crate) const MAX_REDIRECTS: usize = 5;

/// A refused address. Its message is the one the user sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "refusing to fetch private address {0} (set allow_private = true for this source to allow it)"
)]
pub(crate) struct PrivateAddress(pub(crate) IpAddr);

/// Too many redirects, or a redirect to something other than `http`/`https`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub(crate) struct RedirectRefused(pub(crate) String);

/// Addresses that stand for public hosts although they are not (a test server on loopback
/// standing for a board). Empty outside tests.
pub(crate) type Exempt = Arc<RwLock<Vec<IpAddr>>>;

/// Whether `ip` is loopback, private (RFC 1918, fc00::/7), link-local (169.254/16 with the cloud
/// metadata address, fe80::/10), unspecified, "this network" (0/8), CGNAT (100.64/10),
/// broadcast or multicast. IPv4 addresses embedded in IPv6 (`::ffff:a.b.c.d`, NAT64
/// `64:ff9b::/96`) are judged as the IPv4 address.
pub fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => internal_v4(v4),
        IpAddr::V6(v6) => internal_v6(v6),
    }
}

fn internal_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || a == 0
        || (a == 100 && (b & 0xc0) == 64)
}

fn internal_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return internal_v4(v4);
    }
    let s = ip.segments();
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        let [a, b] = s[6].to_be_bytes();
        let [c, d] = s[7].to_be_bytes();
        return internal_v4(Ipv4Addr::new(a, b, c, d));
    }
    ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || (s[0] & 0xfe00) == 0xfc00 // unique local fc00::/7
        || (s[0] & 0xffc0) == 0xfe80 // link-local fe80::/10
        || (s[0] & 0xffc0) == 0xfec0 // deprecated site-local fec0::/10
}

fn refused(ip: IpAddr, exempt: &Exempt) -> bool {
    is_internal(ip) && !exempt.read().is_ok_and(|e| e.contains(&ip))
}

/// The refusal for `url` when its host is an internal IP literal.
pub(crate) fn check_literal(url: &Url, exempt: &Exempt) -> Result<(), PrivateAddress> {
    let ip = match url.host() {
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip),
        _ => return Ok(()),
    };
    if refused(ip, exempt) {
        Err(PrivateAddress(ip))
    } else {
        Ok(())
    }
}

/// The redirect policy: at most [`MAX_REDIRECTS`] hops, `http`/`https` only, and (when `guard`)
/// no hop to an internal IP literal.
pub(crate) fn redirect_policy(guard: bool, exempt: Exempt) -> redirect::Policy {
    redirect::Policy::custom(move |attempt| {
        if attempt.previous().len() > MAX_REDIRECTS {
            return attempt.error(RedirectRefused(format!(
                "more than {MAX_REDIRECTS} redirects"
            )));
        }
        let url = attempt.url();
        if !matches!(url.scheme(), "http" | "https") {
            let msg = format!("refusing a redirect to a {} URL", url.scheme());
            return attempt.error(RedirectRefused(msg));
        }
        if guard && let Err(e) = check_literal(url, &exempt) {
            return attempt.error(e);
        }
        attempt.follow()
    })
}

/// A DNS resolver that keeps only public addresses, and fails with [`PrivateAddress`] when a
/// name has no other.
pub(crate) struct GuardedResolver {
    pub(crate) exempt: Exempt,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_string();
        let exempt = Arc::clone(&self.exempt);
        Box::pin(async move {
            let all: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let (public, internal): (Vec<SocketAddr>, Vec<SocketAddr>) =
                all.into_iter().partition(|a| !refused(a.ip(), &exempt));
            if public.is_empty() {
                if let Some(first) = internal.first() {
                    // Boxed once, so the fetcher finds it in the error's source chain.
                    return Err(PrivateAddress(first.ip()).into());
                }
                return Err(format!("no address found for {host}").into());
            }
            let addrs: Addrs = Box::new(public.into_iter());
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn internal(s: &str) -> bool {
        is_internal(s.parse().unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED)))
    }

    #[test]
    fn internal_ranges() {
        for ip in [
            "127.0.0.1",
            "127.8.9.10",
            "10.0.0.1",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "0.1.2.3",
            "100.64.0.1",
            "100.127.255.255",
            "255.255.255.255",
            "224.0.0.1",
            "::1",
            "::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "::ffff:10.0.0.1",
            "::ffff:127.0.0.1",
            "64:ff9b::a00:1",
        ] {
            assert!(internal(ip), "{ip} should be internal");
        }
        for ip in [
            "8.8.8.8",
            "172.32.0.1",
            "100.128.0.1",
            "100.63.255.255",
            "169.255.0.1",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
        ] {
            assert!(!internal(ip), "{ip} should be public");
        }
    }

    #[test]
    fn literal_hosts() {
        let exempt = Exempt::default();
        let check = |u: &str| check_literal(&Url::parse(u).expect("url"), &exempt);
        assert!(check("http://127.0.0.1:8080/x").is_err());
        assert!(check("http://[::1]/").is_err());
        // WHATWG parsing turns these spellings into 127.0.0.1 before we look.
        assert!(check("http://0x7f.1/").is_err());
        assert!(check("http://2130706433/").is_err());
        assert!(check("https://example.com/").is_ok());
        assert!(check("https://8.8.8.8/").is_ok());
        let e = check("http://10.0.0.1/").err().map(|e| e.to_string());
        assert_eq!(
            e.as_deref(),
            Some(
                "refusing to fetch private address 10.0.0.1 (set allow_private = true for this source to allow it)"
            )
        );
    }
}
