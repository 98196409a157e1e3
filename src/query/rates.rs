//! The exact interval for the ratio of two Poisson rates, and the beta quantile it needs.
//!
//! Given `before` events in `t_before` months and `after` events in `t_after`, the number after,
//! conditional on the total `n`, is binomial with `p = R t_after / (R t_after + t_before)`, where
//! `R` is the ratio of the rates (after / before). The Clopper-Pearson interval for `p`, turned
//! into one for `R` by `R = p / (1 - p) * t_before / t_after`, is an exact interval for the ratio:
//! it covers at least 95% whatever the rates. It needs beta quantiles, computed here by bisection
//! on the regularized incomplete beta function so that the core needs no statistics crate.

/// ln Γ(x) for x > 0 (Lanczos, g = 7, nine terms: about 15 significant digits).
fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const COEF: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection keeps the series in the range where it is accurate.
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let t = x + G + 0.5;
    let series = COEF[1..]
        .iter()
        .enumerate()
        .fold(COEF[0], |sum, (k, c)| sum + c / (x + k as f64 + 1.0));
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + series.ln()
}

/// The continued fraction of the incomplete beta function (modified Lentz), which converges
/// quickly for x < (a + 1) / (a + b + 2).
fn beta_fraction(x: f64, a: f64, b: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let clamp = |v: f64| if v.abs() < TINY { TINY } else { v };
    let mut c = 1.0;
    let mut d = 1.0 / clamp(1.0 - (a + b) * x / (a + 1.0));
    let mut h = d;
    for m in 1..=1000 {
        let m = f64::from(m);
        let even = m * (b - m) * x / ((a + 2.0 * m - 1.0) * (a + 2.0 * m));
        d = 1.0 / clamp(1.0 + even * d);
        c = clamp(1.0 + even / c);
        h *= d * c;
        let odd = -(a + m) * (a + b + m) * x / ((a + 2.0 * m) * (a + 2.0 * m + 1.0));
        d = 1.0 / clamp(1.0 + odd * d);
        c = clamp(1.0 + odd / c);
        let step = d * c;
        h *= step;
        if (step - 1.0).abs() < 1e-16 {
            break;
        }
    }
    h
}

/// The regularized incomplete beta function I_x(a, b): the beta(a, b) distribution function.
pub fn incomplete_beta(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = a * x.ln() + b * (1.0 - x).ln() + ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b);
    if x < (a + 1.0) / (a + b + 2.0) {
        ln_front.exp() * beta_fraction(x, a, b) / a
    } else {
        1.0 - ln_front.exp() * beta_fraction(1.0 - x, b, a) / b
    }
}

/// The `q` quantile of the beta(a, b) distribution (a, b > 0, 0 < q < 1), by bisection: the
/// distribution function is increasing, so halving until the bounds meet in floating point
/// gives the quantile to full precision.
pub fn beta_quantile(q: f64, a: f64, b: f64) -> f64 {
    let (mut low, mut high) = (0.0_f64, 1.0_f64);
    for _ in 0..2000 {
        let mid = 0.5 * (low + high);
        if mid <= low || mid >= high {
            break;
        }
        if incomplete_beta(mid, a, b) < q {
            low = mid;
        } else {
            high = mid;
        }
    }
    0.5 * (low + high)
}

/// A rate ratio (after / before) with its exact 95% interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateRatio {
    /// After's rate over before's; infinite when nothing happened before.
    pub ratio: f64,
    /// Lower bound of the interval; zero when nothing happened after.
    pub low: f64,
    /// Upper bound of the interval; infinite when nothing happened before.
    pub high: f64,
}

/// The exact conditional (Clopper-Pearson) 95% interval for the ratio of two Poisson rates, or
/// `None` when both counts are zero (no information about the ratio at all). Exposures must be
/// positive.
pub fn rate_ratio(before: u64, t_before: f64, after: u64, t_after: f64) -> Option<RateRatio> {
    const ALPHA: f64 = 0.05;
    let n = before + after;
    if n == 0 {
        return None;
    }
    let exposure = t_before / t_after;
    // p / (1 - p) scaled by exposure; p = 1 only when nothing happened before.
    let to_ratio = |p: f64| {
        if p >= 1.0 {
            f64::INFINITY
        } else {
            p / (1.0 - p) * exposure
        }
    };
    let (k, n) = (after as f64, n as f64);
    let p_low = if after == 0 {
        0.0
    } else {
        beta_quantile(ALPHA / 2.0, k, n - k + 1.0)
    };
    let p_high = if before == 0 {
        1.0
    } else {
        beta_quantile(1.0 - ALPHA / 2.0, k + 1.0, n - k)
    };
    let ratio = if before == 0 {
        f64::INFINITY
    } else {
        (after as f64 / t_after) / (before as f64 / t_before)
    };
    Some(RateRatio {
        ratio,
        low: to_ratio(p_low),
        high: to_ratio(p_high),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(got: f64, want: f64, rel: f64) {
        assert!(
            (got - want).abs() <= rel * want.abs().max(1e-300),
            "got {got}, want {want}"
        );
    }

    #[test]
    fn ln_gamma_of_integers_is_log_factorial() {
        assert!(ln_gamma(1.0).abs() < 1e-14 && ln_gamma(2.0).abs() < 1e-14);
        close(ln_gamma(5.0), 24.0_f64.ln(), 1e-14);
        close(ln_gamma(11.0), 3_628_800.0_f64.ln(), 1e-14);
        close(ln_gamma(0.5), std::f64::consts::PI.sqrt().ln(), 1e-13);
    }

    #[test]
    fn quantiles_with_closed_forms() {
        // beta(1, 1) is uniform; beta(1, n) has F(x) = 1 - (1 - x)^n; beta(n, 1) has F(x) = x^n.
        close(beta_quantile(0.3, 1.0, 1.0), 0.3, 1e-14);
        close(
            beta_quantile(0.975, 1.0, 5.0),
            1.0 - 0.025_f64.powf(1.0 / 5.0),
            1e-13,
        );
        close(beta_quantile(0.025, 4.0, 1.0), 0.025_f64.powf(0.25), 1e-13);
        // Symmetric: the median of beta(a, a) is 1/2.
        close(beta_quantile(0.5, 7.0, 7.0), 0.5, 1e-13);
    }

    #[test]
    fn quantiles_against_scipy() {
        // scipy 1.17: scipy.stats.beta.ppf(q, a, b), printed with repr().
        let cases = [
            (0.025, 3.0, 8.0, 0.066_739_511_177_734_47),
            (0.975, 4.0, 7.0, 0.652_452_850_059_997_3),
            (0.025, 40.0, 161.0, 0.146_894_488_215_758_8),
            (0.975, 251.0, 1_800.0, 0.136_903_064_409_361_37),
            (0.025, 1.0, 5_000.0, 5.063_548_777_051_59e-6),
            (0.975, 2.5, 0.5, 0.999_783_091_529_969),
        ];
        for (q, a, b, want) in cases {
            close(beta_quantile(q, a, b), want, 1e-9);
        }
    }

    #[test]
    fn ratio_interval_against_scipy() {
        // scipy 1.17: ci = scipy.stats.binomtest(after, before + after).proportion_ci(0.95,
        // method="exact"); bounds = p / (1 - p) * t_before / t_after for p in (ci.low, ci.high).
        let cases = [
            (
                (20, 53.0, 30, 36.0),
                (1.213_305_296_089_954, 4.102_721_618_583_001),
            ),
            (
                (150, 52.0, 310, 36.0),
                (2.448_635_683_193_382, 3.652_409_552_523_059_8),
            ),
        ];
        for ((before, t_before, after, t_after), (low, high)) in cases {
            let r = rate_ratio(before, t_before, after, t_after).unwrap();
            close(r.low, low, 1e-9);
            close(r.high, high, 1e-9);
            close(
                r.ratio,
                (after as f64 / t_after) / (before as f64 / t_before),
                1e-15,
            );
        }
    }

    #[test]
    fn zero_counts() {
        assert_eq!(rate_ratio(0, 10.0, 0, 20.0), None);
        // Nothing after: the ratio and its lower bound are 0; the upper bound is where beta(1, 5)
        // reaches 0.975, i.e. 1 - 0.025^(1/5), as odds times the exposure ratio 10/20.
        let r = rate_ratio(5, 10.0, 0, 20.0).unwrap();
        let p = 1.0 - 0.025_f64.powf(0.2);
        assert_eq!((r.ratio, r.low), (0.0, 0.0));
        close(r.high, p / (1.0 - p) * 0.5, 1e-12);
        // Nothing before: infinite ratio and upper bound; the lower bound is where beta(4, 1)
        // reaches 0.025, i.e. 0.025^(1/4).
        let r = rate_ratio(0, 10.0, 4, 20.0).unwrap();
        let p = 0.025_f64.powf(0.25);
        assert!(r.ratio.is_infinite() && r.high.is_infinite());
        close(r.low, p / (1.0 - p) * 0.5, 1e-12);
    }

    #[test]
    fn equal_counts_give_an_interval_symmetric_on_the_log_scale() {
        // With equal counts and exposures p = 1/2 and the binomial interval is symmetric about
        // it, so the bounds on the odds are reciprocal.
        let r = rate_ratio(9, 12.0, 9, 12.0).unwrap();
        close(r.ratio, 1.0, 1e-15);
        close(r.low * r.high, 1.0, 1e-10);
        assert!(r.low < 1.0 && r.high > 1.0);
    }
}
