//! IP networks as AWS reads them: one parser for CIDR blocks and addresses,
//! shared by the model's "open to the world" questions and by policy
//! conditions (`aws:SourceIp`).

use std::net::IpAddr;

use ipnet::IpNet;

/// Parses a CIDR block (`10.0.0.0/8`, `::/0`) or a bare address (a /32 or
/// /128) as EC2 and IAM accept them: host bits may be set (`10.0.0.1/0` is
/// the whole IPv4 space, EC2 masks it) and IPv6 may be written in any of its
/// forms (`::/0`, `0::/0`, `0:0:0:0:0:0:0:0/0`). Anything else is `None`:
/// a malformed block is not a network, let alone the world.
pub fn parse_cidr(s: &str) -> Option<IpNet> {
    let s = s.trim();
    if let Ok(net) = s.parse::<IpNet>() {
        return Some(net.trunc());
    }
    if s.contains('/') {
        return None;
    }
    s.parse::<IpAddr>().ok().map(IpNet::from)
}

/// Whether `s` is a CIDR block that covers every address of its family
/// (prefix length 0), however it is written.
pub fn is_world(s: &str) -> bool {
    parse_cidr(s).is_some_and(|n| n.prefix_len() == 0)
}

/// How messages name a world block: as written, with a note when the
/// spelling hides that it is the world (`10.0.0.1/0 (prefix length 0: every
/// IPv4 address)`).
pub fn describe_world(s: &str) -> String {
    let s = s.trim();
    match parse_cidr(s) {
        Some(n) if s != "0.0.0.0/0" && s != "::/0" => {
            let family = if matches!(n, IpNet::V4(_)) {
                "IPv4"
            } else {
                "IPv6"
            };
            format!("{s} (prefix length 0: every {family} address)")
        }
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::{is_world, parse_cidr};

    #[test]
    fn every_spelling_of_the_whole_address_space_is_the_world() {
        for s in [
            "0.0.0.0/0",
            "10.0.0.1/0",
            "255.255.255.255/0",
            "::/0",
            "0::/0",
            "::0/0",
            "0:0:0:0:0:0:0:0/0",
            "0000:0000:0000:0000:0000:0000:0000:0000/0",
            "2001:db8::1/0",
            " 0.0.0.0/0 ",
        ] {
            assert!(is_world(s), "{s}");
        }
    }

    #[test]
    fn narrower_blocks_and_malformed_text_are_not() {
        for s in [
            "0.0.0.0/1",
            "10.0.0.0/8",
            "::/1",
            "/0",
            "0.0.0.0/",
            "0.0.0.0/33",
            "::/129",
            "0.0.0/0",
            "anywhere",
            "",
            "0.0.0.0",
        ] {
            assert!(!is_world(s), "{s}");
        }
    }

    #[test]
    fn unusual_spellings_say_they_are_the_world() {
        assert_eq!(super::describe_world("0.0.0.0/0"), "0.0.0.0/0");
        assert_eq!(
            super::describe_world("192.168.1.0/0"),
            "192.168.1.0/0 (prefix length 0: every IPv4 address)"
        );
        assert_eq!(
            super::describe_world("0::/0"),
            "0::/0 (prefix length 0: every IPv6 address)"
        );
    }

    #[test]
    fn host_bits_are_masked_and_bare_addresses_are_single_hosts() {
        assert_eq!(
            parse_cidr("10.1.2.3/16").unwrap().to_string(),
            "10.1.0.0/16"
        );
        assert_eq!(parse_cidr("192.0.2.7").unwrap().to_string(), "192.0.2.7/32");
        assert_eq!(parse_cidr("2001:db8::1").unwrap().prefix_len(), 128);
        assert_eq!(parse_cidr("10.0.0.0/8/8"), None);
    }
}
