//! IP network functions: `cidrhost`, `cidrnetmask`, `cidrsubnet`.

use std::net::Ipv4Addr;

use super::Args;
use crate::eval::value::Value;

pub(super) const NAMES: &[&str] = &["cidrhost", "cidrnetmask", "cidrsubnet"];

pub(super) fn call(name: &str, a: &Args) -> Option<Value> {
    let prefix = a.s(0)?;
    let text = match name {
        "cidrsubnet" => cidrsubnet(&prefix, a.int(1)?, a.int(2)?)?,
        "cidrhost" => cidrhost(&prefix, a.int(1)?)?,
        "cidrnetmask" => {
            let (_, len) = parse_cidr(&prefix)?;
            let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
            Ipv4Addr::from(mask).to_string()
        }
        _ => return None,
    };
    Some(a.string(text))
}

/// An IPv4 prefix: its network address and length.
fn parse_cidr(p: &str) -> Option<(u32, u32)> {
    let (addr, len) = p.split_once('/')?;
    let addr: Ipv4Addr = addr.parse().ok()?;
    let len: u32 = len.parse().ok()?;
    if len > 32 {
        return None;
    }
    let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
    Some((u32::from(addr) & mask, len))
}

fn cidrsubnet(p: &str, bits: i64, num: i64) -> Option<String> {
    let (net, len) = parse_cidr(p)?;
    let new_len = len as i64 + bits;
    if bits < 0 || new_len > 32 || num < 0 || (bits < 63 && num >= 1i64 << bits) {
        return None;
    }
    let shifted = if new_len == 0 {
        0
    } else {
        (num as u32) << (32 - new_len)
    };
    Some(format!("{}/{new_len}", Ipv4Addr::from(net | shifted)))
}

fn cidrhost(p: &str, num: i64) -> Option<String> {
    let (net, len) = parse_cidr(p)?;
    let size: i64 = 1i64 << (32 - len);
    let n = if num < 0 { size + num } else { num };
    if n < 0 || n >= size {
        return None;
    }
    Some(Ipv4Addr::from(net + n as u32).to_string())
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn ipv4_prefixes() {
        assert_eq!(
            text(&f("cidrsubnet", vec![s("10.0.0.0/16"), n(8.0), n(2.0)])),
            "10.0.2.0/24"
        );
        assert_eq!(
            text(&f("cidrsubnet", vec![s("10.1.2.3/16"), n(4.0), n(15.0)])),
            "10.1.240.0/20"
        );
        assert_eq!(
            text(&f("cidrhost", vec![s("10.0.0.0/24"), n(-1.0)])),
            "10.0.0.255"
        );
        assert_eq!(
            text(&f("cidrhost", vec![s("10.12.112.0/20"), n(16.0)])),
            "10.12.112.16"
        );
        assert_eq!(
            text(&f("cidrnetmask", vec![s("10.0.0.0/12")])),
            "255.240.0.0"
        );
        // Out of range: an error.
        assert!(is_error(&f(
            "cidrsubnet",
            vec![s("10.0.0.0/16"), n(2.0), n(4.0)]
        )));
        assert!(is_error(&f("cidrhost", vec![s("10.0.0.0/30"), n(4.0)])));
        assert!(is_error(&f("cidrnetmask", vec![s("10.0.0.0")])));
    }
}
