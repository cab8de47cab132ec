//! Numbers and dates written the French way.

use chrono::{Datelike, NaiveDate};

/// The thousands separator: a non-breaking space, so that numbers never wrap.
const THOUSANDS: char = '\u{A0}';

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// `2024-04-01` → `1er avril 2024`, `2024-04-12` → `12 avril 2024`.
pub fn format_date_long(d: NaiveDate) -> String {
    let day = if d.day() == 1 {
        "1er".to_string()
    } else {
        d.day().to_string()
    };
    format!("{day} {} {}", MONTHS[d.month0() as usize], d.year())
}

/// `2024-04-12` → `12/04/2024`.
pub fn format_date_short(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// `1234567` → `1 234 567` (non-breaking spaces). Years and codes should not
/// go through here: print them as they are.
pub fn format_integer(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    if n < 0 {
        out.push('-');
    }
    group_thousands(&digits, &mut out);
    out
}

/// `1234.5` with 1 decimal → `1 234,5`; `decimals: None` keeps up to two
/// significant decimals and drops trailing zeros (`12.0` → `12`).
pub fn format_decimal(x: f64, decimals: Option<usize>) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    // Round half away from zero, as people do (format! rounds half to even).
    let places = decimals.unwrap_or(2);
    let factor = 10f64.powi(places as i32);
    let fixed = format!("{:.*}", places, (x.abs() * factor).round() / factor);
    let (int_part, frac_part) = fixed.split_once('.').unwrap_or((&fixed, ""));
    let frac_part = if decimals.is_none() {
        frac_part.trim_end_matches('0')
    } else {
        frac_part
    };
    let mut out = String::new();
    let is_zero = int_part.chars().all(|c| c == '0') && frac_part.chars().all(|c| c == '0');
    if x < 0.0 && !is_zero {
        out.push('-');
    }
    group_thousands(int_part, &mut out);
    if !frac_part.is_empty() {
        out.push(',');
        out.push_str(frac_part);
    }
    out
}

/// A ratio as a percentage: `0.425` → `42,5 %` (non-breaking space before %).
pub fn format_percent(ratio: f64, decimals: Option<usize>) -> String {
    format!("{}\u{A0}%", format_decimal(ratio * 100.0, decimals))
}

fn group_thousands(digits: &str, out: &mut String) {
    let len = digits.len();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push(THOUSANDS);
        }
        out.push(ch);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_use_comma_and_non_breaking_groups() {
        assert_eq!(format_decimal(1234.5, Some(1)), "1\u{A0}234,5");
        assert_eq!(format_decimal(12.0, None), "12");
        assert_eq!(format_decimal(12.3456, None), "12,35");
        assert_eq!(format_decimal(-0.001, Some(1)), "0,0");
        assert_eq!(format_integer(1_234_567), "1\u{A0}234\u{A0}567");
        assert_eq!(format_integer(2024), "2\u{A0}024");
        assert_eq!(format_decimal(1234.25, Some(1)), "1\u{A0}234,3");
        assert_eq!(format_decimal(0.125, Some(2)), "0,13");
        assert_eq!(format_decimal(12345.0, None), "12\u{A0}345");
    }

    #[test]
    fn percentages_and_dates() {
        assert_eq!(format_percent(0.425, Some(1)), "42,5\u{A0}%");
        assert_eq!(format_percent(0.5, None), "50\u{A0}%");
        let d = NaiveDate::from_ymd_opt(2024, 4, 12).unwrap();
        assert_eq!(format_date_long(d), "12 avril 2024");
        assert_eq!(format_date_short(d), "12/04/2024");
        let first = NaiveDate::from_ymd_opt(2024, 8, 1).unwrap();
        assert_eq!(format_date_long(first), "1er août 2024");
    }
}
