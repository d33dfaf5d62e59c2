//! The protocol's rules, each written once: the envelope, the parameters the
//! configuration fills, required parameters, and how paging advances. The typed client,
//! the command-line tool and the fake server all call these.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde_json::value::RawValue;

use crate::config::Config;
use crate::error::Error;
use crate::wire::Params;

pub use sigcal_protocol::envelope::{
    ACTION, MESSAGE, PUBLIC_KEY, REQUEST as REQUEST_ENVELOPE, RESPONSE as RESPONSE_ENVELOPE,
    RET_CODE, SECURITY_TOKEN, SIGNATURE, response_action,
};

/// The header that carries the request id of an answer.
pub const REQUEST_ID_HEADER: &str = "X-UCLOUD-REQUEST-UUID";

pub use sigcal_protocol::config::PARAMS as CONFIG_PARAMS;
use sigcal_protocol::config::{PROJECT_ID, REGION, ZONE};

/// The configured value of a [`CONFIG_PARAMS`] parameter, when set and not empty.
pub fn config_value<'c>(config: &'c Config, name: &str) -> Option<&'c str> {
    match name {
        REGION => config.region.as_deref(),
        ZONE => config.zone.as_deref(),
        PROJECT_ID => config.project_id.as_deref(),
        _ => None,
    }
    .filter(|value| !value.is_empty())
}

/// The environment variable that sets a [`CONFIG_PARAMS`] parameter (`SIGCAL_ZONE`).
pub fn config_env_var(name: &str) -> Option<&'static str> {
    sigcal_protocol::config::param_var(name)
}

/// Fills each of `takes` (the action's parameters among [`CONFIG_PARAMS`]) that
/// `params` leaves unset from `config`.
pub fn fill_from_config<'a>(
    config: &Config,
    takes: impl IntoIterator<Item = &'a str>,
    params: &mut Params,
) {
    for name in takes {
        if !params.has_param(name)
            && let Some(value) = config_value(config, name)
        {
            params.insert(name, value);
        }
    }
}

/// Checks that every one of `required` is present (as a key, or as the flattened keys of
/// a list or model); the error names each missing one and, for parameters the
/// configuration can fill, the variable that sets it.
pub fn check_required<'a>(
    action: &str,
    required: impl IntoIterator<Item = &'a str>,
    params: &Params,
) -> Result<(), Error> {
    let missing: Vec<&str> = required
        .into_iter()
        .filter(|name| !params.has_param(name))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let mut message = format!("missing required parameter(s): {}", missing.join(", "));
    let variables: Vec<&str> = missing.iter().filter_map(|m| config_env_var(m)).collect();
    if !variables.is_empty() {
        message.push_str(&format!(
            "; set them on the request or in the configuration ({})",
            variables.join(", ")
        ));
    }
    Err(Error::InvalidRequest {
        action: action.to_owned(),
        message,
    })
}

/// Page size used when a paginated request sets no limit.
pub const DEFAULT_PAGE_SIZE: i64 = 100;

/// What paging needs to know of one answer, read from the raw body: how many elements
/// the server sent (before lenient decoding drops any), a fingerprint of them, and the
/// total it reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawPage {
    /// Elements in the items list as sent.
    pub count: usize,
    /// A hash of the items list's JSON text, to notice a page sent twice.
    pub fingerprint: u64,
    /// The total count, when the answer has one that reads as a number.
    pub total: Option<i64>,
}

impl RawPage {
    /// Reads the `items` list and the `total` field of an answer's top-level object.
    /// A missing or non-list `items` counts as an empty page.
    pub fn read(body: &[u8], items: &str, total: &str) -> Result<RawPage, serde_json::Error> {
        let fields: BTreeMap<Cow<'_, str>, &RawValue> = serde_json::from_slice(body)?;
        let (count, fingerprint) = match fields.get(items) {
            Some(raw) => {
                let elements: Vec<serde::de::IgnoredAny> =
                    serde_json::from_str(raw.get()).unwrap_or_default();
                (elements.len(), fingerprint(raw.get()))
            }
            None => (0, 0),
        };
        let total = fields.get(total).and_then(|raw| {
            match serde_json::from_str::<serde_json::Value>(raw.get()).ok()? {
                serde_json::Value::Number(n) => n.as_i64(),
                serde_json::Value::String(s) => s.trim().parse().ok(),
                _ => None,
            }
        });
        Ok(RawPage {
            count,
            fingerprint,
            total,
        })
    }
}

fn fingerprint(text: &str) -> u64 {
    use std::hash::{Hash as _, Hasher as _};
    // SipHash with fixed keys: the same text always gives the same value.
    let mut hasher = std::hash::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// Where paging stands: the window of the next request, and the page before it.
///
/// The rules: when the answer reports a total, pages continue until the offset reaches
/// it, even past a short page (servers cap `Limit`); without a total, a short page is
/// the last; an empty page always ends paging (the list shrank); a page identical to the
/// one before is an error, since a server that ignores `Offset` would otherwise be paged
/// forever.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pager {
    offset: i64,
    limit: i64,
    previous: Option<u64>,
    done: bool,
}

impl Pager {
    /// Paging from `offset` in pages of `limit` ([`DEFAULT_PAGE_SIZE`] when unset).
    pub fn new(offset: i64, limit: Option<i64>) -> Pager {
        Pager {
            offset: offset.max(0),
            limit: limit.unwrap_or(DEFAULT_PAGE_SIZE).max(1),
            previous: None,
            done: false,
        }
    }

    /// The `(offset, limit)` of the next request, or `None` once paging is over.
    pub fn next_window(&self) -> Option<(i64, i64)> {
        (!self.done).then_some((self.offset, self.limit))
    }

    /// Records the answer to the window [`Pager::next_window`] gave.
    pub fn advance(&mut self, action: &str, page: &RawPage) -> Result<(), Error> {
        let received = i64::try_from(page.count).unwrap_or(i64::MAX);
        if received > 0 && self.previous == Some(page.fingerprint) {
            self.done = true;
            return Err(Error::Paging {
                action: action.to_owned(),
                offset: self.offset,
                message: "the server sent the same page as for the previous offset; it seems to ignore Offset".to_owned(),
            });
        }
        self.previous = Some(page.fingerprint);
        self.offset = self.offset.saturating_add(received);
        self.done = match page.total {
            _ if received == 0 => true,
            Some(total) => self.offset >= total,
            None => received < self.limit,
        };
        Ok(())
    }
}

/// The part of every answer read before the action's own fields: the required
/// `RetCode` and the optional `Message`, both lenient (`"0"` is 0), everything else
/// skipped. Decoded with the envelope's names from [`RET_CODE`] and [`MESSAGE`], not a
/// second spelling in serde attributes.
#[derive(Debug, PartialEq)]
pub(crate) struct Envelope {
    pub(crate) ret_code: i64,
    pub(crate) message: Option<String>,
}

/// A field of the [`Envelope`], named by the protocol's constants.
#[derive(Debug, Clone, Copy)]
pub(crate) enum EnvelopeField {
    RetCode,
    Message,
}

impl EnvelopeField {
    /// The envelope field `key` names, if any.
    pub(crate) fn of(key: &str) -> Option<EnvelopeField> {
        match key {
            RET_CODE => Some(EnvelopeField::RetCode),
            MESSAGE => Some(EnvelopeField::Message),
            _ => None,
        }
    }
}

/// An [`Envelope`] being read. Answers that carry more than the envelope (the instance
/// metadata service's `Data`) read their own keys and hand the envelope's to
/// [`Self::read`].
#[derive(Debug, Default)]
pub(crate) struct EnvelopeFields {
    ret_code: Option<i64>,
    /// `Some` once `Message` was read, whatever it held (`null` included).
    message: Option<Option<String>>,
}

impl EnvelopeFields {
    /// Reads the value of `field`.
    pub(crate) fn read<'de, A: serde::de::MapAccess<'de>>(
        &mut self,
        field: EnvelopeField,
        map: &mut A,
    ) -> Result<(), A::Error> {
        // A second `RetCode` is refused, as serde's derive refuses it: an answer that
        // says both 0 and 1 must not be taken as either.
        let (seen, name) = match field {
            EnvelopeField::RetCode => (self.ret_code.is_some(), RET_CODE),
            EnvelopeField::Message => (self.message.is_some(), MESSAGE),
        };
        if seen {
            return Err(serde::de::Error::duplicate_field(name));
        }
        match field {
            EnvelopeField::RetCode => {
                let mut code = 0;
                crate::lenient::next_scalar(map, &mut code)?;
                self.ret_code = Some(code);
            }
            EnvelopeField::Message => {
                let mut message = None;
                crate::lenient::next_scalar(map, &mut message)?;
                self.message = Some(message);
            }
        }
        Ok(())
    }

    /// The envelope, or an error when the answer has no `RetCode`.
    pub(crate) fn finish<E: serde::de::Error>(self) -> Result<Envelope, E> {
        let ret_code = self.ret_code.ok_or_else(|| E::missing_field(RET_CODE))?;
        Ok(Envelope {
            ret_code,
            message: self.message.flatten(),
        })
    }
}

/// Every answer's envelope is read on the call's path, so its keys are read as
/// identifiers (no key is kept, borrowed or owned) and matched once.
impl<'de> serde::Deserialize<'de> for Envelope {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Envelope, D::Error> {
        use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
        use std::fmt;

        /// A key of the answer: an envelope field, or another one (`None`).
        struct KeySeed;
        impl<'de> DeserializeSeed<'de> for KeySeed {
            type Value = Option<EnvelopeField>;
            fn deserialize<D: serde::Deserializer<'de>>(
                self,
                deserializer: D,
            ) -> Result<Self::Value, D::Error> {
                deserializer.deserialize_identifier(self)
            }
        }
        impl Visitor<'_> for KeySeed {
            type Value = Option<EnvelopeField>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
                Ok(EnvelopeField::of(key))
            }
        }

        struct EnvelopeVisitor;
        impl<'de> Visitor<'de> for EnvelopeVisitor {
            type Value = Envelope;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Envelope, A::Error> {
                let mut fields = EnvelopeFields::default();
                while let Some(key) = map.next_key_seed(KeySeed)? {
                    match key {
                        Some(field) => fields.read(field, &mut map)?,
                        None => crate::lenient::skip(&mut map)?,
                    }
                }
                fields.finish()
            }
        }

        deserializer.deserialize_map(EnvelopeVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_envelope_is_read_by_the_protocols_names_leniently() {
        let read = |body: &str| serde_json::from_str::<Envelope>(body).map_err(|e| e.to_string());
        let envelope = |ret_code, message: Option<&str>| Envelope {
            ret_code,
            message: message.map(str::to_owned),
        };
        for (body, expected) in [
            (
                r#"{"RetCode":7,"Message":"m","Other":[1]}"#,
                Ok(envelope(7, Some("m"))),
            ),
            (
                r#"{"Action":"XResponse","RetCode":"0"}"#,
                Ok(envelope(0, None)),
            ),
            (r#"{"Message":null,"RetCode":150}"#, Ok(envelope(150, None))),
        ] {
            assert_eq!(read(body), expected, "{body}");
        }
        for body in [
            r#"{"Message":"m"}"#,
            r#"{"RetCode":"soon"}"#,
            "[]",
            r#"{"RetCode":1,"RetCode":0}"#,
            r#"{"RetCode":1,"Message":null,"Message":"m"}"#,
        ] {
            assert!(read(body).is_err(), "{body}");
        }
        assert!(read("{}").unwrap_err().contains("missing field `RetCode`"));
    }

    fn page(count: usize, fingerprint: u64, total: Option<i64>) -> RawPage {
        RawPage {
            count,
            fingerprint,
            total,
        }
    }

    #[test]
    fn paging_rules() {
        /// (limit, answers, windows asked, whether it ends in an error)
        type Case<'a> = (i64, &'a [RawPage], &'a [(i64, i64)], bool);
        let cases: [Case<'_>; 6] = [
            // A total: short pages (a server capping Limit at 7) do not end paging.
            (
                10,
                &[
                    page(7, 1, Some(23)),
                    page(7, 2, Some(23)),
                    page(7, 3, Some(23)),
                    page(2, 4, Some(23)),
                ],
                &[(0, 10), (7, 10), (14, 10), (21, 10)],
                false,
            ),
            // No total: a short page is the last.
            (
                10,
                &[page(10, 1, None), page(3, 2, None)],
                &[(0, 10), (10, 10)],
                false,
            ),
            // An empty page ends paging even when the total says more remain.
            (
                10,
                &[page(10, 1, Some(50)), page(0, 0, Some(50))],
                &[(0, 10), (10, 10)],
                false,
            ),
            // The same page twice: the server ignores Offset.
            (
                10,
                &[page(10, 9, None), page(10, 9, None)],
                &[(0, 10), (10, 10)],
                true,
            ),
            // The total reached exactly.
            (
                5,
                &[page(5, 1, Some(10)), page(5, 2, Some(10))],
                &[(0, 5), (5, 5)],
                false,
            ),
            // A total that ends mid-page: the short page it leaves is the last (a
            // total given as text is `raw_pages_count_what_was_sent`'s case).
            (
                5,
                &[page(5, 1, Some(6)), page(1, 2, Some(6))],
                &[(0, 5), (5, 5)],
                false,
            ),
        ];
        for (limit, answers, windows, fails) in cases {
            let mut pager = Pager::new(0, Some(limit));
            let mut asked = Vec::new();
            let mut failed = false;
            for answer in answers {
                let Some(window) = pager.next_window() else {
                    break;
                };
                asked.push(window);
                if pager.advance("A", answer).is_err() {
                    failed = true;
                }
            }
            assert_eq!(asked, windows, "{answers:?}");
            assert_eq!(failed, fails, "{answers:?}");
            assert_eq!(pager.next_window(), None, "{answers:?}");
        }
    }

    #[test]
    fn raw_pages_count_what_was_sent() {
        let body = br#"{"RetCode":0,"TotalCount":"23","Set":[{"A":1},"not a model",{"A":3}]}"#;
        let page = RawPage::read(body, "Set", "TotalCount").unwrap();
        assert_eq!((page.count, page.total), (3, Some(23)));
        let other = RawPage::read(br#"{"Set":[{"A":1}]}"#, "Set", "TotalCount").unwrap();
        assert_ne!(page.fingerprint, other.fingerprint);
        assert_eq!(other.total, None);
        let empty = RawPage::read(br#"{"RetCode":0}"#, "Set", "TotalCount").unwrap();
        assert_eq!(empty.count, 0);
        assert!(RawPage::read(b"[1]", "Set", "TotalCount").is_err());
    }

    #[test]
    fn required_parameters_are_found_by_prefix() {
        let params: Params = [("Disks.0.Size", "40"), ("Zone", "z")]
            .into_iter()
            .collect();
        assert!(check_required("A", ["Disks", "Zone"], &params).is_ok());
        let error = check_required("A", ["Disks", "Region", "ImageId"], &params).unwrap_err();
        let text = error.to_string();
        assert!(
            text.contains("Region, ImageId") && text.contains("SIGCAL_REGION"),
            "{text}"
        );
    }
}
