//! Exact rationals for averages, and their display (half-up, locale decimal separator).

use std::cmp::Ordering;
use std::fmt;

/// An exact rational number: `i128` numerator over a positive `i128` denominator, always in
/// lowest terms, so two equal values have equal fields (`Eq`/`Hash` are structural).
///
/// Arithmetic is checked (`checked_*` return `None` on overflow); comparison never overflows.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ratio {
    num: i128,
    den: i128,
}

/// The decimal separator of the reader's language: `,` in French, `.` in English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalSeparator {
    Comma,
    Point,
}

impl DecimalSeparator {
    /// The separator for a language tag (`"fr"`, `"fr-FR"` → comma; anything else → point).
    pub fn for_language(lang: &str) -> Self {
        let primary = lang.split(['-', '_']).next().unwrap_or(lang);
        if primary.eq_ignore_ascii_case("fr") {
            Self::Comma
        } else {
            Self::Point
        }
    }

    fn as_char(self) -> char {
        match self {
            Self::Comma => ',',
            Self::Point => '.',
        }
    }
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl Ratio {
    pub const ZERO: Ratio = Ratio { num: 0, den: 1 };

    /// `num / den` in lowest terms; `None` when `den` is zero.
    pub fn new(num: i128, den: i128) -> Option<Self> {
        if den == 0 {
            return None;
        }
        let g = gcd(num, den).max(1);
        let (num, den) = (num / g, den / g);
        if den < 0 {
            Some(Self {
                num: num.checked_neg()?,
                den: den.checked_neg()?,
            })
        } else {
            Some(Self { num, den })
        }
    }

    /// An integer value.
    pub fn from_integer(n: i128) -> Self {
        Self { num: n, den: 1 }
    }

    /// A value given in hundredths (`1350` → 13.5).
    pub fn from_hundredths(h: i64) -> Self {
        Self::new(i128::from(h), 100).unwrap_or(Self::ZERO)
    }

    pub fn numer(self) -> i128 {
        self.num
    }

    pub fn denom(self) -> i128 {
        self.den
    }

    pub fn is_zero(self) -> bool {
        self.num == 0
    }

    pub fn checked_add(self, other: Self) -> Option<Self> {
        let g = gcd(self.den, other.den);
        let lhs = self.num.checked_mul(other.den / g)?;
        let rhs = other.num.checked_mul(self.den / g)?;
        Self::new(
            lhs.checked_add(rhs)?,
            (self.den / g).checked_mul(other.den)?,
        )
    }

    pub fn checked_sub(self, other: Self) -> Option<Self> {
        self.checked_add(Self {
            num: other.num.checked_neg()?,
            den: other.den,
        })
    }

    pub fn checked_mul(self, other: Self) -> Option<Self> {
        // Cross-reduce first to keep the intermediate products small.
        let g1 = gcd(self.num, other.den).max(1);
        let g2 = gcd(other.num, self.den).max(1);
        let num = (self.num / g1).checked_mul(other.num / g2)?;
        let den = (self.den / g2).checked_mul(other.den / g1)?;
        Self::new(num, den)
    }

    /// `None` on overflow or division by zero.
    pub fn checked_div(self, other: Self) -> Option<Self> {
        if other.num == 0 {
            return None;
        }
        self.checked_mul(Self::new(other.den, other.num)?)
    }

    /// Rounded half-up (half away from zero for negative values) to `decimals` places, as an
    /// integer count of `10^-decimals` units: 13.305 at 2 decimals → `1331`. `None` on overflow.
    pub fn round_half_up(self, decimals: u8) -> Option<i128> {
        let scale = 10_i128.checked_pow(u32::from(decimals))?;
        let scaled = self.num.abs().checked_mul(scale)?;
        // floor(x + 1/2) = floor((2·scaled + den) / (2·den))
        let doubled = scaled.checked_mul(2)?.checked_add(self.den)?;
        let rounded = doubled / self.den.checked_mul(2)?;
        Some(if self.num < 0 { -rounded } else { rounded })
    }

    /// The display form: rounded half-up to `decimals` places with the locale's separator
    /// (`13,31` in French, `13.31` in English). Always shows exactly `decimals` decimals.
    pub fn format(self, decimals: u8, separator: DecimalSeparator) -> String {
        let Some(units) = self.round_half_up(decimals) else {
            return "—".to_owned();
        };
        let digits = units.unsigned_abs().to_string();
        let sign = if units < 0 { "-" } else { "" };
        let width = usize::from(decimals) + 1;
        let padded = format!("{digits:0>width$}");
        if decimals == 0 {
            return format!("{sign}{padded}");
        }
        let (int_part, frac_part) = padded.split_at(padded.len() - usize::from(decimals));
        format!("{sign}{int_part}{}{frac_part}", separator.as_char())
    }
}

impl Ord for Ratio {
    /// Exact comparison without multiplication (continued-fraction style), so it never
    /// overflows whatever the sizes of the two denominators.
    fn cmp(&self, other: &Self) -> Ordering {
        let (mut a, mut b, mut c, mut d) = (self.num, self.den, other.num, other.den);
        let mut flipped = false;
        loop {
            let (q1, r1) = (a.div_euclid(b), a.rem_euclid(b));
            let (q2, r2) = (c.div_euclid(d), c.rem_euclid(d));
            if q1 != q2 {
                let ord = q1.cmp(&q2);
                return if flipped { ord.reverse() } else { ord };
            }
            // Same integer part: compare r1/b with r2/d, both in [0, 1).
            match (r1 == 0, r2 == 0) {
                (true, true) => return Ordering::Equal,
                (true, false) => {
                    return if flipped {
                        Ordering::Greater
                    } else {
                        Ordering::Less
                    };
                }
                (false, true) => {
                    return if flipped {
                        Ordering::Less
                    } else {
                        Ordering::Greater
                    };
                }
                (false, false) => {
                    // r1/b < r2/d  ⇔  b/r1 > d/r2
                    (a, b, c, d) = (b, r1, d, r2);
                    flipped = !flipped;
                }
            }
        }
    }
}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Debug for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.num, self.den)
    }
}

impl fmt::Display for Ratio {
    /// Two decimals with a point, for logs and debugging; pages use [`Ratio::format`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format(2, DecimalSeparator::Point))
    }
}
