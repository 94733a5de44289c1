//! Numeric functions: `abs`, `ceil`, `floor`, `log`, `max`, `min`,
//! `parseint`, `pow`, `signum`.

use super::Args;
use crate::eval::value::Value;

pub(super) const NAMES: &[&str] = &[
    "abs", "ceil", "floor", "log", "max", "min", "parseint", "pow", "signum",
];

pub(super) fn call(name: &str, a: &Args) -> Option<Value> {
    match name {
        "abs" => a.n(0).map(|x| a.number(x.abs())),
        "ceil" => a.n(0).map(|x| a.number(x.ceil())),
        "floor" => a.n(0).map(|x| a.number(x.floor())),
        "signum" => a
            .n(0)
            .map(|x| a.number(if x == 0.0 { 0.0 } else { x.signum() })),
        "log" => a.n(0).zip(a.n(1)).map(|(x, b)| a.number(x.log(b))),
        "pow" => a.n(0).zip(a.n(1)).map(|(x, y)| a.number(x.powf(y))),
        "parseint" => a
            .s(0)
            .zip(a.int(1))
            .filter(|(_, b)| (2..=62).contains(b))
            .and_then(|(t, b)| i64::from_str_radix(&t, b as u32).ok())
            .map(|x| a.number(x as f64)),
        "min" | "max" => {
            let v: Option<Vec<f64>> = a.args.iter().map(Value::as_f64).collect();
            v.filter(|v| !v.is_empty()).map(|v| {
                a.number(if name == "min" {
                    v.into_iter().fold(f64::INFINITY, f64::min)
                } else {
                    v.into_iter().fold(f64::NEG_INFINITY, f64::max)
                })
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn numbers() {
        assert_eq!(f("abs", vec![n(-3.5)]).as_f64(), Some(3.5));
        assert_eq!(f("ceil", vec![n(4.1)]).as_f64(), Some(5.0));
        assert_eq!(f("floor", vec![n(-4.1)]).as_f64(), Some(-5.0));
        assert_eq!(f("signum", vec![n(-7.0)]).as_f64(), Some(-1.0));
        assert_eq!(f("signum", vec![n(0.0)]).as_f64(), Some(0.0));
        assert_eq!(f("log", vec![n(16.0), n(2.0)]).as_f64(), Some(4.0));
        assert_eq!(f("pow", vec![n(3.0), n(2.0)]).as_f64(), Some(9.0));
        assert_eq!(
            f("max", vec![n(12.0), n(54.0), n(3.0)]).as_f64(),
            Some(54.0)
        );
        assert_eq!(f("min", vec![n(12.0), n(54.0), n(3.0)]).as_f64(), Some(3.0));
        // Numeric strings convert, as Terraform converts arguments.
        assert_eq!(f("abs", vec![s("-2")]).as_f64(), Some(2.0));
    }

    #[test]
    fn parseint_bases_and_rejections() {
        assert_eq!(f("parseint", vec![s("100"), n(10.0)]).as_f64(), Some(100.0));
        assert_eq!(f("parseint", vec![s("FF"), n(16.0)]).as_f64(), Some(255.0));
        assert_eq!(f("parseint", vec![s("-10"), n(16.0)]).as_f64(), Some(-16.0));
        assert_eq!(f("parseint", vec![s("1011"), n(2.0)]).as_f64(), Some(11.0));
        // A base out of 2..=62 or digits outside the base: errors.
        assert!(is_error(&f("parseint", vec![s("10"), n(1.0)])));
        assert!(is_error(&f("parseint", vec![s("12"), n(2.0)])));
        // min of nothing, or of a non-number: errors.
        assert!(is_error(&f("min", vec![])));
        assert!(is_error(&f("max", vec![n(1.0), s("x")])));
    }
}
