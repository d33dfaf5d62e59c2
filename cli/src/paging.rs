//! Paging from the shell: `--all`, `--max-items N` (stop after N items across pages),
//! `--page-size N` (items per request), `--starting-token T` (resume where a run that
//! stopped at `--max-items` left off) and `--no-paginate` (one request, as given).
//!
//! A token is opaque to the user: the hex of a small JSON document naming the action, a
//! digest of the request's other parameters and of `--query`, and the offset of the next
//! item. A token given to another action, other parameters or another query is refused
//! before anything is sent.

use clap::ArgMatches;
use serde_json::{Value, json};
use sha1::Digest as _;
use sigcal_client::meta::{ActionMeta, PaginationMeta};
use sigcal_client::{CallOptions, Client, Error, Params};

/// What the paging flags ask for.
#[derive(Debug)]
pub(crate) struct Plan {
    max_items: Option<u64>,
    page_size: Option<u64>,
    start: Option<u64>,
    /// What a token printed by this run must match.
    digest: String,
}

impl Plan {
    /// The plan of `matches`, or `None` for one request. A token that does not belong
    /// to this action, these parameters and this query is an error naming why.
    pub(crate) fn from_matches(
        action: &ActionMeta,
        pagination: Option<PaginationMeta>,
        params: &Params,
        query: Option<&str>,
        matches: &ArgMatches,
    ) -> Result<Option<Plan>, String> {
        let Some(pagination) = pagination else {
            return Ok(None);
        };
        let flag = |id: &str| matches.try_get_one::<u64>(id).ok().flatten().copied();
        let all = matches.try_get_one::<bool>("all").ok().flatten() == Some(&true);
        let token = matches
            .try_get_one::<String>("starting-token")
            .ok()
            .flatten();
        let (max_items, page_size) = (flag("max-items"), flag("page-size"));
        if !all && max_items.is_none() && page_size.is_none() && token.is_none() {
            return Ok(None);
        }
        let digest = digest(action, pagination, params, query);
        let start = token
            .map(|token| Token::read(token, action, &digest))
            .transpose()?;
        Ok(Some(Plan {
            max_items,
            page_size,
            start,
            digest,
        }))
    }

    /// Every page's items from the start, until `--max-items`: the items, and the token
    /// to go on from when items remain.
    pub(crate) async fn fetch(
        &self,
        client: &Client,
        action: &ActionMeta,
        pagination: PaginationMeta,
        mut params: Params,
        options: CallOptions,
    ) -> Result<(Value, Option<String>), Error> {
        use futures_util::TryStreamExt as _;
        let start = match self.start {
            Some(start) => start,
            None => params
                .get(pagination.offset)
                .and_then(|offset| offset.parse().ok())
                .unwrap_or(0),
        };
        params.insert(pagination.offset, start.to_string());
        if let Some(size) = self.page_size {
            params.insert(pagination.limit, size.to_string());
        }
        let mut pages =
            client.pages_raw(action.name, params, action.retry_safe, pagination, options);
        let mut items = Vec::new();
        let mut total = None;
        let max = self
            .max_items
            .and_then(|max| usize::try_from(max).ok())
            .unwrap_or(usize::MAX);
        while items.len() < max {
            let Some(page) = pages.try_next().await? else {
                break;
            };
            let mut page = page.into_inner();
            total = page.get(pagination.total).and_then(Value::as_u64);
            if let Some(Value::Array(list)) = page.get_mut(pagination.items) {
                let room = max - items.len();
                items.extend(list.drain(..).take(room));
            }
        }
        let next = start.saturating_add(items.len() as u64);
        let more = items.len() >= max && total.is_none_or(|total| next < total);
        let token = more.then(|| Token::write(action, &self.digest, next));
        Ok((Value::Array(items), token))
    }
}

/// What a token holds.
struct Token;

impl Token {
    fn write(action: &ActionMeta, digest: &str, offset: u64) -> String {
        let document = json!({"v": 1, "action": action.name, "digest": digest, "offset": offset});
        hex::encode(document.to_string())
    }

    fn read(token: &str, action: &ActionMeta, digest: &str) -> Result<u64, String> {
        let not_ours = || {
            format!(
                "--starting-token `{token}` is not a token sigcal printed (copy the NextToken of the earlier run whole)"
            )
        };
        let bytes = hex::decode(token.trim()).map_err(|_| not_ours())?;
        let document: Value = serde_json::from_slice(&bytes).map_err(|_| not_ours())?;
        let field = |name: &str| document.get(name).and_then(Value::as_str);
        let (Some(from), Some(was), Some(offset)) = (
            field("action"),
            field("digest"),
            document.get("offset").and_then(Value::as_u64),
        ) else {
            return Err(not_ours());
        };
        if from != action.name {
            return Err(format!(
                "--starting-token is a token of {from}, not of {}",
                action.name
            ));
        }
        if was != digest {
            return Err(format!(
                "--starting-token was printed for other parameters or another --query of {}; give the same ones as that run, or start without a token",
                action.name
            ));
        }
        Ok(offset)
    }
}

/// A digest of what makes a listing the same listing: the action, its parameters other
/// than the paging ones, and the query.
fn digest(
    action: &ActionMeta,
    pagination: PaginationMeta,
    params: &Params,
    query: Option<&str>,
) -> String {
    let mut hasher = sha1::Sha1::new();
    hasher.update(action.name.as_bytes());
    for (key, value) in params.iter() {
        if key == pagination.offset || key == pagination.limit {
            continue;
        }
        for part in [key, value] {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part.as_bytes());
        }
    }
    hasher.update([0xff]);
    hasher.update(query.unwrap_or_default().as_bytes());
    let digest = hasher.finalize();
    hex::encode(digest.get(..8).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action() -> &'static ActionMeta {
        sigcal_client::SERVICES
            .iter()
            .find(|service| service.name == "UPHost")
            .and_then(|service| service.action("DescribePHostImage"))
            .unwrap_or_else(|| panic!("UPHost has DescribePHostImage"))
    }

    #[test]
    fn a_token_reads_back_only_for_its_own_listing() {
        let action = action();
        let pagination = action.pagination.unwrap_or_else(|| panic!("paged"));
        let mut params = Params::new();
        params.insert("ImageType", "Base");
        let same = digest(action, pagination, &params, Some("ImageSet[].ImageId"));
        let token = Token::write(action, &same, 40);
        assert_eq!(Token::read(&token, action, &same), Ok(40));
        params.insert("Offset", "7");
        assert_eq!(
            digest(action, pagination, &params, Some("ImageSet[].ImageId")),
            same,
            "the paging parameters are not part of the listing"
        );
        let other_query = digest(action, pagination, &params, None);
        let refused = Token::read(&token, action, &other_query).unwrap_err();
        assert!(refused.contains("another --query"), "{refused}");
        for junk in ["", "zz", "7b7d", &hex::encode("[1]")] {
            let refused = Token::read(junk, action, &same).unwrap_err();
            assert!(refused.contains("not a token sigcal printed"), "{refused}");
        }
    }
}
