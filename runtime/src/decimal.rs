//! Decimal text of integers without allocating: the form writer, the JSON writer and the
//! signer all write numbers (list indexes, timestamps, nonces) into stack buffers.

/// A signed decimal written into the end of `buffer`.
pub(crate) fn signed_decimal(value: i64, buffer: &mut [u8; 20]) -> &str {
    let mut start = buffer.len();
    let mut rest = value.unsigned_abs();
    loop {
        start -= 1;
        buffer[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if value < 0 {
        start -= 1;
        buffer[start] = b'-';
    }
    std::str::from_utf8(&buffer[start..])
        .unwrap_or_else(|_| unreachable!("written as ASCII digits"))
}

/// An unsigned decimal written into the end of `buffer`.
pub(crate) fn unsigned_decimal(mut value: u64, buffer: &mut [u8; 20]) -> &str {
    let mut start = buffer.len();
    loop {
        start -= 1;
        buffer[start] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    std::str::from_utf8(&buffer[start..])
        .unwrap_or_else(|_| unreachable!("written as ASCII digits"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals() {
        let mut buffer = [0u8; 20];
        assert_eq!(signed_decimal(i64::MIN, &mut buffer), i64::MIN.to_string());
        assert_eq!(signed_decimal(0, &mut buffer), "0");
        assert_eq!(signed_decimal(1_700_000_000, &mut buffer), "1700000000");
        assert_eq!(
            unsigned_decimal(u64::MAX, &mut buffer),
            u64::MAX.to_string()
        );
    }
}
