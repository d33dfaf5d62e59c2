//! The request signature: SHA-1 over the sorted `key + value` pairs and the private key.

use sha1::{Digest as _, Sha1};

use crate::wire::Params;

/// Signs `params` (which must not contain `Signature`) with `private_key`: the lowercase
/// hex SHA-1 of every `key + value`, in bytewise key order, followed by the key.
pub fn sign(params: &Params, private_key: &str) -> String {
    let mut hasher = Sha1::new();
    for text in params.signing_text() {
        hasher.update(text.as_bytes());
    }
    hasher.update(private_key.as_bytes());
    lower_hex(&hasher.finalize().into())
}

/// Lowercase hex of a digest, through a fixed buffer rather than a `char` at a time.
pub fn lower_hex(digest: &[u8; 20]) -> String {
    let mut out = [0_u8; 40];
    // Both lengths are fixed, so this cannot fail, and hex digits are ASCII.
    let _ = hex::encode_to_slice(digest, &mut out);
    std::str::from_utf8(&out).unwrap_or_default().to_owned()
}

/// The exact string that [`sign`] hashes, for debugging signature mismatches. It holds
/// the private key, so never log it.
pub fn string_to_sign(params: &Params, private_key: &str) -> String {
    let mut out: String = params.signing_text().collect();
    out.push_str(private_key);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PUBLIC_KEY: &str = "ucloudsomeone@example.com1296235120854146120";
    const PRIVATE_KEY: &str = "46f09bb9fab4f12dfc160dae12273d5332b5debe";

    fn params(pairs: &[(&str, &str)]) -> Params {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn documented_vectors() {
        let describe = params(&[
            ("Action", "DescribeUHostInstance"),
            ("Region", "cn-bj2"),
            ("Limit", "10"),
            ("PublicKey", PUBLIC_KEY),
        ]);
        assert_eq!(
            string_to_sign(&describe, PRIVATE_KEY),
            "ActionDescribeUHostInstanceLimit10PublicKeyucloudsomeone@example.com1296235120854146120Regioncn-bj246f09bb9fab4f12dfc160dae12273d5332b5debe"
        );
        assert_eq!(
            sign(&describe, PRIVATE_KEY),
            "cba5cf5ec4d4233d206b1b54951e3787350a642f"
        );

        let create = params(&[
            ("Action", "CreateUHostInstance"),
            ("CPU", "2"),
            ("ChargeType", "Month"),
            ("DiskSpace", "10"),
            ("ImageId", "f43736e1-65a5-4bea-ad2e-8a46e18883c2"),
            ("LoginMode", "Password"),
            ("Memory", "2048"),
            ("Name", "Host01"),
            ("Password", "VUNsb3VkLmNu"),
            ("Quantity", "1"),
            ("Region", "cn-bj2"),
            ("Zone", "cn-bj2-04"),
            ("PublicKey", PUBLIC_KEY),
        ]);
        assert_eq!(
            sign(&create, PRIVATE_KEY),
            "4f9ef5df2abab2c6fccd1e9515cb7e2df8c6bb65"
        );
    }
}
