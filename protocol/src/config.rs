//! What a client's configuration supplies: the parameters it fills when a call leaves
//! them unset, and the environment variables that set the configuration.

/// The region parameter.
pub const REGION: &str = "Region";
/// The zone parameter.
pub const ZONE: &str = "Zone";
/// The project parameter.
pub const PROJECT_ID: &str = "ProjectId";
/// Parameters an action may take that the client fills from its configuration when the
/// call leaves them unset.
pub const PARAMS: [&str; 3] = [REGION, ZONE, PROJECT_ID];

/// Whether the configuration fills parameter `name`.
pub fn fills(name: &str) -> bool {
    PARAMS.contains(&name)
}

/// The variable setting the endpoint.
pub const BASE_URL_VAR: &str = "SIGCAL_BASE_URL";
/// The variable setting the region.
pub const REGION_VAR: &str = "SIGCAL_REGION";
/// The variable setting the zone.
pub const ZONE_VAR: &str = "SIGCAL_ZONE";
/// The variable setting the project.
pub const PROJECT_ID_VAR: &str = "SIGCAL_PROJECT_ID";
/// The variable naming the profile of `~/.sigcal`.
pub const PROFILE_VAR: &str = "SIGCAL_PROFILE";
/// The variable setting the time limit of a call, in seconds.
pub const TIMEOUT_VAR: &str = "SIGCAL_TIMEOUT_SECONDS";
/// The variable holding the public key.
pub const PUBLIC_KEY_VAR: &str = "SIGCAL_PUBLIC_KEY";
/// The variable holding the private key.
pub const PRIVATE_KEY_VAR: &str = "SIGCAL_PRIVATE_KEY";
/// The variable holding the security token of temporary credentials.
pub const SECURITY_TOKEN_VAR: &str = "SIGCAL_SECURITY_TOKEN";

/// Every variable, credentials first, in the order the `sigcal` tool's help lists them.
pub const VARS: [&str; 9] = [
    PUBLIC_KEY_VAR,
    PRIVATE_KEY_VAR,
    SECURITY_TOKEN_VAR,
    BASE_URL_VAR,
    REGION_VAR,
    ZONE_VAR,
    PROJECT_ID_VAR,
    TIMEOUT_VAR,
    PROFILE_VAR,
];

/// The environment variable that sets a [`PARAMS`] parameter (`SIGCAL_ZONE`).
pub fn param_var(name: &str) -> Option<&'static str> {
    match name {
        REGION => Some(REGION_VAR),
        ZONE => Some(ZONE_VAR),
        PROJECT_ID => Some(PROJECT_ID_VAR),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_config_param_has_its_variable() {
        for param in PARAMS {
            assert!(fills(param));
            assert!(param_var(param).is_some_and(|v| v.starts_with("SIGCAL_")));
        }
        assert!(!fills("ImageId") && param_var("ImageId").is_none());
    }

    #[test]
    fn the_variables_are_distinct_and_named_alike() {
        let mut names = VARS.to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), VARS.len());
        assert!(VARS.iter().all(|name| name.starts_with("SIGCAL_")));
        for param in PARAMS {
            assert!(param_var(param).is_some_and(|v| VARS.contains(&v)));
        }
    }
}
