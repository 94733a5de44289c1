//! "Did you mean": the rule a mistyped id or name most likely meant.

use super::{all, meta_rules, RuleMeta};

/// The rule or pseudo-rule that `key` (an unknown id or name) most likely
/// meant: the one nearest by edit distance (Damerau-Levenshtein, ignoring
/// case and `_` for `-`), when it is within one edit per four characters
/// (at least one) and no other rule is as near.
pub fn suggest(key: &str) -> Option<&'static RuleMeta> {
    nearest(key, all().iter().chain(meta_rules()))
}

/// As [`suggest`], among the rules that check the model (the ones a
/// suppression can name).
pub fn suggest_rule(key: &str) -> Option<&'static RuleMeta> {
    nearest(key, all().iter())
}

/// Rules `key` may have meant, for `palisade explain`: the nearest one,
/// then up to five whose id or name contains `key`.
pub fn similar(key: &str) -> Vec<&'static RuleMeta> {
    let lower = normalize(key);
    let mut out: Vec<&'static RuleMeta> = suggest(key).into_iter().collect();
    for r in all() {
        if out.len() == 5 || lower.is_empty() {
            break;
        }
        let contains = normalize(&r.id).contains(&lower) || normalize(&r.name).contains(&lower);
        if contains && !out.iter().any(|o| o.id == r.id) {
            out.push(r);
        }
    }
    out
}

fn normalize(s: &str) -> String {
    s.trim().to_ascii_lowercase().replace('_', "-")
}

fn nearest(
    key: &str,
    candidates: impl Iterator<Item = &'static RuleMeta>,
) -> Option<&'static RuleMeta> {
    let key = normalize(key);
    if key.is_empty() {
        return None;
    }
    let mut best: Option<(usize, &'static RuleMeta)> = None;
    let mut tied = false;
    for r in candidates {
        let d = [&r.id, &r.name]
            .iter()
            .filter_map(|s| {
                let s = normalize(s);
                let limit = (key.chars().count().min(s.chars().count()) / 4).max(1);
                Some(strsim::damerau_levenshtein(&key, &s)).filter(|&d| d <= limit)
            })
            .min();
        let Some(d) = d else { continue };
        match best {
            Some((b, _)) if d > b => {}
            Some((b, _)) if d == b => tied = true,
            _ => {
                best = Some((d, r));
                tied = false;
            }
        }
    }
    best.filter(|_| !tied).map(|(_, r)| r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(key: &str) -> Option<&'static str> {
        suggest(key).map(|r| r.id.as_str())
    }

    #[test]
    fn typos_find_their_rule() {
        assert_eq!(id("ebs-volume-unencripted"), Some("AWS-EBS-001"));
        assert_eq!(id("s3-bucket-public-acls"), Some("AWS-S3-001"));
        assert_eq!(id("S3_BUCKET_PUBLIC_ACL"), Some("AWS-S3-001"));
        assert_eq!(id("AWS-EBS-01"), Some("AWS-EBS-001"));
        // A transposition (AWS-ESB-001 would tie with AWS-ELB-001).
        assert_eq!(id("AWS-BES-001"), Some("AWS-EBS-001"));
        assert_eq!(id("sg-public-ingres"), Some("AWS-VPC-002"));
        assert_eq!(id("AWS-EBS-999"), None);
        assert_eq!(id("unused-supression"), Some("PAL-001"));
        assert!(suggest_rule("unused-supression").is_none());
    }

    #[test]
    fn no_guess_when_nothing_is_near_or_several_are() {
        assert_eq!(id("nope"), None);
        assert_eq!(id(""), None);
        // AWS-S3-001, -002 and -003 are all one edit away.
        assert_eq!(id("AWS-S3-00"), None);
        assert_eq!(id("AWS-S3-999"), None);
    }

    #[test]
    fn similar_starts_with_the_nearest() {
        let ids: Vec<&str> = similar("s3-bucket-public-acls")
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(ids, ["AWS-S3-001"]);
        let ids: Vec<&str> = similar("s3").iter().map(|r| r.id.as_str()).collect();
        assert_eq!(&ids[..3], ["AWS-S3-001", "AWS-S3-002", "AWS-S3-003"]);
        assert!(ids.iter().all(|id| id.starts_with("AWS-S3-")), "{ids:?}");
    }
}
