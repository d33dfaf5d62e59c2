//! "Did you mean" for a misspelt name: one rule for the spec's diagnostics, the fake's
//! script errors and the tool's input documents.

/// The candidate closest to `wrong`, if any is close enough to be a plausible typo.
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wrong_lower = wrong.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|candidate| {
            let score = strsim::jaro_winkler(&wrong_lower, &candidate.to_ascii_lowercase());
            (score, candidate)
        })
        .filter(|(score, _)| *score >= 0.88)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn suggests_only_plausible_typos() {
        let names = ["string", "int", "float", "bool", "PHostImageSet"];
        let cases = [
            ("strnig", Some("string")),
            ("Int", Some("int")),
            ("PHostImageSt", Some("PHostImageSet")),
            ("zzzz", None),
        ];
        for (wrong, expected) in cases {
            assert_eq!(closest(wrong, names), expected, "{wrong}");
        }
    }
}
