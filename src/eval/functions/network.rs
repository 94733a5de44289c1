//! IP network functions: `cidrhost`, `cidrnetmask`, `cidrsubnet`,
//! `cidrsubnets`, for IPv4 and IPv6 prefixes as Terraform computes them
//! (its `internal/lang/funcs/cidr.go` over `go-cidr`): host bits of the
//! prefix argument are ignored, a number that does not fit is an error, and
//! `cidrnetmask` is IPv4 only.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::IpNet;

use super::Args;
use crate::eval::value::Value;

pub(super) const NAMES: &[&str] = &["cidrhost", "cidrnetmask", "cidrsubnet", "cidrsubnets"];

pub(super) fn call(name: &str, a: &Args) -> Option<Value> {
    let prefix = Prefix::parse(&a.s(0)?)?;
    let text = match name {
        "cidrsubnet" => prefix.subnet(a.int(1)?, a.int(2)?)?.to_string(),
        "cidrhost" => prefix.host(a.int(1)?)?,
        // IPv6 prefixes have no netmask.
        "cidrnetmask" if prefix.width == 32 => prefix.address(prefix.mask()),
        "cidrsubnets" => {
            let bits: Vec<i64> = (1..a.args.len()).map(|i| a.int(i)).collect::<Option<_>>()?;
            let subnets = prefix.subnets(&bits)?;
            return Some(
                a.list(
                    subnets
                        .into_iter()
                        .map(|p| a.string(p.to_string()))
                        .collect(),
                ),
            );
        }
        _ => return None,
    };
    Some(a.string(text))
}

/// A CIDR prefix as Terraform reads one: an address and a prefix length
/// (`10.0.0.0/16`, `fd00::/56`), host bits set or not (`10.1.2.3/16` is
/// `10.1.0.0/16`); the octets of an IPv4 address are decimal even with
/// leading zeros (`010.0.0.0/8` is `10.0.0.0/8`). Anything else, a bare
/// address included, is `None`.
pub fn parse_prefix(text: &str) -> Option<IpNet> {
    let (addr, len) = text.split_once('/')?;
    if len.is_empty() || !len.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let addr: IpAddr = match addr.parse() {
        Ok(a) => a,
        Err(_) => decimal_octets(addr)?.into(),
    };
    IpNet::new(addr, len.parse().ok()?).ok().map(|n| n.trunc())
}

/// An IPv4 address whose octets may have leading zeros, read as decimal.
fn decimal_octets(addr: &str) -> Option<Ipv4Addr> {
    let octets: Vec<u8> = addr
        .split('.')
        .map(|o| {
            let digits = o.bytes().all(|b| b.is_ascii_digit()) && (1..=3).contains(&o.len());
            digits.then(|| o.parse().ok()).flatten()
        })
        .collect::<Option<_>>()?;
    let [a, b, c, d] = octets[..] else {
        return None;
    };
    Some(Ipv4Addr::new(a, b, c, d))
}

/// A network as a number: its address (host bits clear), prefix length,
/// and the address width (32 or 128 bits).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Prefix {
    addr: u128,
    len: u32,
    width: u32,
}

impl std::fmt::Display for Prefix {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{}/{}", self.address(self.addr), self.len)
    }
}

impl Prefix {
    fn parse(text: &str) -> Option<Prefix> {
        Some(match parse_prefix(text)? {
            IpNet::V4(n) => Prefix {
                addr: u128::from(u32::from(n.network())),
                len: u32::from(n.prefix_len()),
                width: 32,
            },
            // An IPv4-mapped prefix: Terraform's result mixes both families;
            // left unevaluated (an error, never a guess).
            IpNet::V6(n) if n.network().to_ipv4_mapped().is_some() => return None,
            IpNet::V6(n) => Prefix {
                addr: u128::from(n.network()),
                len: u32::from(n.prefix_len()),
                width: 128,
            },
        })
    }

    /// Every address of this family.
    fn all(&self) -> u128 {
        u128::MAX >> (128 - self.width)
    }

    /// The netmask of a prefix length.
    fn mask_of(&self, len: u32) -> u128 {
        match len {
            0 => 0,
            _ => self.all() & (u128::MAX << (self.width - len)),
        }
    }

    fn mask(&self) -> u128 {
        self.mask_of(self.len)
    }

    fn address(&self, n: u128) -> String {
        if self.width == 32 {
            Ipv4Addr::from(n as u32).to_string()
        } else {
            Ipv6Addr::from(n).to_string()
        }
    }

    fn with_len(&self, addr: u128, len: u32) -> Prefix {
        Prefix {
            addr: addr & self.mask_of(len),
            len,
            width: self.width,
        }
    }

    /// `cidrsubnet`: the `num`th prefix `bits` longer than this one.
    fn subnet(&self, bits: i64, num: i64) -> Option<Prefix> {
        let new_len = i64::from(self.len) + bits;
        if bits < 0 || new_len > i64::from(self.width) || num < 0 {
            return None;
        }
        if bits < 63 && num >= 1i64 << bits {
            return None;
        }
        let new_len = new_len as u32;
        let shifted = match self.width - new_len {
            128 => 0,
            shift => (num as u128) << shift,
        };
        Some(self.with_len(self.addr | shifted, new_len))
    }

    /// `cidrhost`: the `num`th address, counted from the end when negative.
    fn host(&self, num: i64) -> Option<String> {
        let max = self.all() & !self.mask();
        let num = i128::from(num);
        let n = if num < 0 {
            max.checked_sub((-num - 1) as u128)?
        } else {
            num as u128
        };
        (n <= max).then(|| self.address(self.addr | n))
    }

    /// `cidrsubnets`: consecutive prefixes, each `bits` longer than this one
    /// and aligned to its own size, all inside this one.
    fn subnets(&self, bits: &[i64]) -> Option<Vec<Prefix>> {
        let Some(&first) = bits.first() else {
            return Some(Vec::new());
        };
        let first = u32::try_from(first).ok()?.checked_add(self.len)?;
        if first > self.width {
            return None;
        }
        // The prefix just before this one's first address, at the first
        // length: the next one after it starts the sequence.
        let mut current = self.with_len(self.addr.wrapping_sub(1) & self.all(), first);
        let mut out = Vec::with_capacity(bits.len());
        for &b in bits {
            if !(1..=32).contains(&b) || self.len + b as u32 > self.width {
                return None;
            }
            let len = self.len + b as u32;
            let last = current.addr | (self.all() & !current.mask());
            let aligned = self.with_len(last, len);
            let next = (aligned.addr | (self.all() & !aligned.mask())).wrapping_add(1) & self.all();
            if next == 0 || next & self.mask() != self.addr {
                return None;
            }
            current = self.with_len(next, len);
            out.push(current);
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::parse_prefix;

    fn subnet(p: &str, bits: f64, num: f64) -> String {
        text(&f("cidrsubnet", vec![s(p), n(bits), n(num)]))
    }

    fn host(p: &str, num: f64) -> String {
        text(&f("cidrhost", vec![s(p), n(num)]))
    }

    #[test]
    fn cidrsubnet_as_documented() {
        assert_eq!(subnet("172.16.0.0/12", 4.0, 2.0), "172.18.0.0/16");
        assert_eq!(subnet("10.1.2.0/24", 4.0, 15.0), "10.1.2.240/28");
        assert_eq!(
            subnet("fd00:fd12:3456:7890::/56", 16.0, 162.0),
            "fd00:fd12:3456:7800:a200::/72"
        );
        assert_eq!(subnet("10.0.0.0/16", 8.0, 2.0), "10.0.2.0/24");
        // Host bits of the prefix are ignored.
        assert_eq!(subnet("10.1.2.3/16", 8.0, 2.0), "10.1.2.0/24");
        assert_eq!(subnet("10.1.2.3/16", 4.0, 15.0), "10.1.240.0/20");
        assert_eq!(subnet("0.0.0.0/0", 0.0, 0.0), "0.0.0.0/0");
        assert_eq!(subnet("::/0", 0.0, 0.0), "::/0");
        assert_eq!(subnet("2001:db8::/32", 96.0, 5.0), "2001:db8::5/128");
    }

    #[test]
    fn cidrsubnet_overflow_is_an_error() {
        for (p, bits, num) in [
            ("10.0.0.0/16", 2.0, 4.0),
            ("10.0.0.0/16", 17.0, 0.0),
            ("10.0.0.0/16", -1.0, 0.0),
            ("10.0.0.0/16", 8.0, -1.0),
            ("fd00::/56", 73.0, 0.0),
            ("fd00::/120", 8.0, 256.0),
            ("10.0.0.0", 8.0, 0.0),
            ("10.0.0.0/33", 1.0, 0.0),
            ("not a prefix/8", 1.0, 0.0),
        ] {
            let v = f("cidrsubnet", vec![s(p), n(bits), n(num)]);
            assert!(is_error(&v), "cidrsubnet({p}, {bits}, {num}) = {v:?}");
        }
    }

    #[test]
    fn cidrhost_as_documented() {
        assert_eq!(host("10.12.112.0/20", 16.0), "10.12.112.16");
        assert_eq!(host("10.12.112.0/20", 268.0), "10.12.113.12");
        assert_eq!(host("10.0.0.0/8", 2.0), "10.0.0.2");
        assert_eq!(host("10.0.0.0/8", -2.0), "10.255.255.254");
        assert_eq!(
            host("fd00:fd12:3456:7890:00a2::/72", 34.0),
            "fd00:fd12:3456:7890::22"
        );
        assert_eq!(host("fd00::/64", -1.0), "fd00::ffff:ffff:ffff:ffff");
        assert_eq!(host("10.0.0.1/32", 0.0), "10.0.0.1");
        assert!(is_error(&f("cidrhost", vec![s("10.0.0.0/30"), n(4.0)])));
        assert!(is_error(&f("cidrhost", vec![s("10.0.0.0/30"), n(-5.0)])));
        assert!(is_error(&f("cidrhost", vec![s("fd00::/126"), n(4.0)])));
    }

    #[test]
    fn cidrnetmask_is_ipv4_only() {
        assert_eq!(
            text(&f("cidrnetmask", vec![s("172.16.0.0/12")])),
            "255.240.0.0"
        );
        assert_eq!(text(&f("cidrnetmask", vec![s("10.0.0.0/0")])), "0.0.0.0");
        assert_eq!(
            text(&f("cidrnetmask", vec![s("10.0.0.1/32")])),
            "255.255.255.255"
        );
        assert!(is_error(&f("cidrnetmask", vec![s("fd00::/56")])));
    }

    #[test]
    fn cidrsubnets_as_documented() {
        let v = f(
            "cidrsubnets",
            vec![s("10.1.0.0/16"), n(4.0), n(4.0), n(8.0), n(4.0)],
        );
        assert_eq!(
            texts(&v),
            [
                "10.1.0.0/20",
                "10.1.16.0/20",
                "10.1.32.0/24",
                "10.1.48.0/20"
            ]
        );
        let v = f(
            "cidrsubnets",
            vec![
                s("fd00:fd12:3456:7890::/56"),
                n(16.0),
                n(16.0),
                n(16.0),
                n(32.0),
            ],
        );
        assert_eq!(
            texts(&v),
            [
                "fd00:fd12:3456:7800::/72",
                "fd00:fd12:3456:7800:100::/72",
                "fd00:fd12:3456:7800:200::/72",
                "fd00:fd12:3456:7800:300::/88"
            ]
        );
        assert!(f("cidrsubnets", vec![s("10.0.0.0/8")]).items().is_empty());
        // A prefix at the very first address is an error in Terraform
        // (hashicorp/terraform#35486): so it is here.
        assert!(is_error(&f(
            "cidrsubnets",
            vec![s("0.0.0.0/1"), n(1.0), n(1.0)]
        )));
        assert!(is_error(&f("cidrsubnets", vec![s("::/0"), n(1.0)])));
    }

    #[test]
    fn cidrsubnets_rejects_what_does_not_fit() {
        for bits in [vec![0.0], vec![33.0], vec![9.0], vec![1.0, 1.0, 1.0]] {
            let mut args = vec![s("10.0.0.0/24")];
            args.extend(bits.iter().map(|b| n(*b)));
            assert!(is_error(&f("cidrsubnets", args)), "{bits:?}");
        }
    }

    #[test]
    fn prefixes_parse_as_terraform_reads_them() {
        assert_eq!(
            parse_prefix("10.1.2.3/16").unwrap().to_string(),
            "10.1.0.0/16"
        );
        assert_eq!(parse_prefix("10.0.0.1/0").unwrap().prefix_len(), 0);
        assert_eq!(
            parse_prefix("010.001.0.0/16").unwrap().to_string(),
            "10.1.0.0/16"
        );
        assert_eq!(parse_prefix("::/0").unwrap().prefix_len(), 0);
        assert_eq!(
            parse_prefix("fd00:0:0::1/64").unwrap().to_string(),
            "fd00::/64"
        );
        for bad in [
            "10.0.0.0",
            "10.0.0.0/",
            "10.0.0.0/+8",
            "10.0.0/8",
            "256.0.0.0/8",
            "::/129",
            "1.2.3.4.5/8",
        ] {
            assert!(parse_prefix(bad).is_none(), "{bad}");
        }
        // IPv4-mapped prefixes are not evaluated.
        assert!(is_error(&f(
            "cidrhost",
            vec![s("::ffff:10.0.0.0/104"), n(1.0)]
        )));
    }
}
