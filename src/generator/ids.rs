//! Identifiers devices carry: DeviceIds in each client's shape, Luhn-valid IMEIs, phone numbers and PC names.
//!
//! Everything is drawn from the caller's seeded RNG; uniqueness within a mailbox is the caller's to check.

use rand::Rng;

use super::catalog::{Kind, Locale};
use super::weighted::{below, chance};

const UPPER_ALNUM: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
/// Apple serial numbers avoid letters that read like digits.
const APPLE_SERIAL: &[u8] = b"0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const HEX_LOWER: &[u8] = b"0123456789abcdef";
const HEX_UPPER: &[u8] = b"0123456789ABCDEF";
const DIGITS: &[u8] = b"0123456789";

fn push_random(out: &mut String, rng: &mut impl Rng, alphabet: &[u8], n: usize) {
    for _ in 0..n {
        out.push(char::from(alphabet[below(rng, alphabet.len())]));
    }
}

/// A DeviceId as the client would send it (at most 32 letters and digits):
/// - iOS Mail: `Appl` + a 12-character serial number on older devices, a 26-character random id on newer ones;
/// - Samsung Email: `SEC` + 13 hex digits; Gmail: `androidc` + 9–10 digits;
/// - Outlook mobile: 32 lowercase hex digits; Windows Mail: 32 uppercase hex digits.
pub(crate) fn device_id(rng: &mut impl Rng, kind: Kind, released_year: i32) -> String {
    // Exact capacities: a quarter of a million of these stay in memory.
    let (prefix, alphabet, n) = match kind {
        Kind::Iphone | Kind::Ipad if released_year < 2019 || chance(rng, 0.25) => {
            ("Appl", APPLE_SERIAL, 12)
        }
        Kind::Iphone | Kind::Ipad => ("", UPPER_ALNUM, 26),
        Kind::Samsung => ("SEC", HEX_UPPER, 13),
        Kind::Gmail => {
            let n = 9 + below(rng, 2);
            let mut id = String::with_capacity(8 + n);
            id.push_str("androidc");
            id.push(char::from(b'1' + below(rng, 9) as u8));
            push_random(&mut id, rng, DIGITS, n - 1);
            return id;
        }
        Kind::OutlookIos | Kind::OutlookAndroid => ("", HEX_LOWER, 32),
        Kind::WindowsMail => ("", HEX_UPPER, 32),
    };
    let mut id = String::with_capacity(prefix.len() + n);
    id.push_str(prefix);
    push_random(&mut id, rng, alphabet, n);
    id
}

/// A 15-digit IMEI: reporting body `35`, 6 more TAC digits, a 6-digit serial and the Luhn check digit.
pub(crate) fn imei(rng: &mut impl Rng) -> String {
    let mut s = String::with_capacity(15);
    s.push_str("35");
    push_random(&mut s, rng, DIGITS, 12);
    let check = luhn_check_digit(&s);
    s.push(char::from(b'0' + check));
    s
}

/// The digit that makes `digits` + it pass the Luhn check.
pub(crate) fn luhn_check_digit(digits: &str) -> u8 {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// Whether a digit string passes the Luhn check.
#[cfg(test)]
pub(crate) fn luhn_valid(digits: &str) -> bool {
    match digits.len().checked_sub(1) {
        Some(last) if digits.bytes().all(|b| b.is_ascii_digit()) => {
            luhn_check_digit(&digits[..last]) == digits.as_bytes()[last] - b'0'
        }
        _ => false,
    }
}

/// A phone number in E.164 form for the locale (fictional ranges where the country reserves one).
pub(crate) fn phone_number(rng: &mut impl Rng, locale: &Locale) -> String {
    let mut s = String::with_capacity(locale.phone_prefix.len() + locale.phone_digits);
    s.push_str(locale.phone_prefix);
    push_random(&mut s, rng, DIGITS, locale.phone_digits);
    s
}

/// A Windows computer name as Windows setup makes it: `DESKTOP-` or `LAPTOP-` and seven characters.
pub(crate) fn pc_name(rng: &mut impl Rng) -> String {
    let mut s = String::with_capacity(15);
    s.push_str(if chance(rng, 0.6) {
        "DESKTOP-"
    } else {
        "LAPTOP-"
    });
    push_random(&mut s, rng, UPPER_ALNUM, 7);
    s
}
