//! When temporary credentials expire, as the instance metadata service and STS write
//! it: Unix seconds (a number or its text) or an RFC 3339 time, in UTC (`Z`) or with an
//! offset (`+08:00`). Read without trusting the value: a time the clock cannot hold is
//! refused, never a panic.

use std::time::{Duration, SystemTime};

use serde_json::Value;

/// An expiry as Unix seconds (a number or its text) or as an RFC 3339 time; `None` for
/// anything else, or a time the system clock cannot hold.
pub(crate) fn parse_expiry(value: &Value) -> Option<SystemTime> {
    match value {
        Value::Number(number) => from_unix_seconds(number.as_u64()?),
        Value::String(text) => {
            let text = text.trim();
            match text.parse::<u64>() {
                Ok(seconds) => from_unix_seconds(seconds),
                Err(_) => parse_rfc3339(text),
            }
        }
        _ => None,
    }
}

/// A Unix time in seconds as a `SystemTime`; `None` past what it can hold.
pub(crate) fn from_unix_seconds(seconds: u64) -> Option<SystemTime> {
    SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(seconds))
}

/// An RFC 3339 time: `2023-11-14T22:13:20Z`, with fractions of a second, a space for
/// the `T`, or an offset from UTC (`+08:00`, `-0530`) in place of the `Z`.
fn parse_rfc3339(text: &str) -> Option<SystemTime> {
    let Some((local, sign, offset)) = split_offset(text) else {
        return humantime::parse_rfc3339_weak(text).ok();
    };
    let local = humantime::parse_rfc3339_weak(local).ok()?;
    // The local time is `offset` ahead of UTC (for `+`): UTC is the local time less it.
    if sign > 0 {
        local.checked_sub(offset)
    } else {
        local.checked_add(offset)
    }
}

/// `2023-11-15T06:13:20+08:00` -> the local time, the offset's sign and its length;
/// `None` when the text does not end with an offset (`±HH:MM` or `±HHMM`).
fn split_offset(text: &str) -> Option<(&str, i8, Duration)> {
    let len = text.len();
    let with_colon = len >= 6 && text.as_bytes().get(len - 3) == Some(&b':');
    let cut = if with_colon {
        len - 6
    } else {
        len.checked_sub(5)?
    };
    let sign = match text.as_bytes().get(cut)? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let hours = text.get(cut + 1..cut + 3)?;
    let minutes = text.get(len - 2..)?;
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let local = text.get(..cut)?;
    // A date alone (`2023-11-14`) ends like an offset: an offset needs a time before it.
    if !digits(hours) || !digits(minutes) || !local.contains(':') {
        return None;
    }
    let hours: u64 = hours.parse().ok()?;
    let minutes: u64 = minutes.parse().ok()?;
    if hours > 23 || minutes > 59 {
        return None;
    }
    Some((
        local,
        sign,
        Duration::from_secs(hours * 3600 + minutes * 60),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: u64) -> Option<SystemTime> {
        from_unix_seconds(seconds)
    }

    #[test]
    fn every_documented_form_reads_as_the_same_time() {
        let expected = at(1_700_000_000);
        for text in [
            "1700000000",
            " 1700000000 ",
            "2023-11-14T22:13:20Z",
            "2023-11-14T22:13:20.000Z",
            "2023-11-14 22:13:20Z",
            "2023-11-15T06:13:20+08:00",
            "2023-11-15T06:13:20+0800",
            "2023-11-14T16:43:20-05:30",
            "2023-11-14T22:13:20+00:00",
        ] {
            assert_eq!(parse_expiry(&Value::from(text)), expected, "{text}");
        }
        assert_eq!(parse_expiry(&Value::from(1_700_000_000u64)), expected);
    }

    #[test]
    fn hostile_times_are_refused_not_panicked_on() {
        for value in [
            Value::from(u64::MAX),
            Value::from("18446744073709551615"),
            Value::from(-1),
            Value::from(1.5),
            Value::from("soon"),
            Value::from(""),
            Value::from("2023-11-14"),
            Value::from("2023-11-14T22:13:20+24:00"),
            Value::from("2023-11-14T22:13:20+08:60"),
            Value::from("2023-11-14T22:13:20+é:00"),
            Value::from("+08:00"),
            Value::from("é+0800"),
            Value::from("99999-01-01T00:00:00Z"),
            Value::Null,
            Value::Bool(true),
        ] {
            assert_eq!(parse_expiry(&value), None, "{value}");
        }
    }
}
