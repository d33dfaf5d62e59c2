//! How a parameter's flag takes its values: chosen once per field from its metadata
//! type, then used both to build the flag and to read it back, so clap's typed
//! `get_many::<T>` always asks for the type the flag's parser stores (asking for
//! another panics).

use clap::builder::{PossibleValue, TypedValueParser};
use clap::{Arg, ArgMatches, Command, value_parser};
use sigcal_client::meta::{Element, EnumMeta, FieldMeta, ModelMeta, Scalar, ServiceMeta};

/// What one value of a flag is.
#[derive(Debug, Clone, Copy)]
pub(crate) enum FlagValue {
    /// An `i64`.
    Int,
    /// An `f64`, sent in the runtime's float format.
    Float,
    /// `true` / `false`.
    Bool,
    /// Text.
    Text,
    /// Text with no placeholder of its own: `json`, or a model or enum the service
    /// does not describe.
    Other,
    /// An open enum: its documented values are offered, others accepted.
    Enum(&'static EnumMeta),
    /// A model, as `Field=value` pairs.
    Model(&'static ModelMeta),
}

impl FlagValue {
    /// The value of `field`'s flag (of each item, for a list).
    pub(crate) fn of(service: &'static ServiceMeta, field: &FieldMeta) -> FlagValue {
        match field.ty.element {
            Element::Scalar(Scalar::Int) => FlagValue::Int,
            Element::Scalar(Scalar::Float) => FlagValue::Float,
            Element::Scalar(Scalar::Bool) => FlagValue::Bool,
            Element::Scalar(Scalar::String) => FlagValue::Text,
            Element::Scalar(Scalar::Json) => FlagValue::Other,
            Element::Named(name) => match (service.enumeration(name), service.model(name)) {
                (Some(enumeration), _) => FlagValue::Enum(enumeration),
                (None, Some(model)) => FlagValue::Model(model),
                (None, None) => FlagValue::Other,
            },
        }
    }

    /// `arg` with this value's parser and placeholder.
    pub(crate) fn configure(self, arg: Arg) -> Arg {
        match self {
            FlagValue::Int => arg.value_parser(value_parser!(i64)).value_name("INT"),
            FlagValue::Float => arg.value_parser(value_parser!(f64)).value_name("FLOAT"),
            FlagValue::Bool => arg.value_parser(value_parser!(bool)).value_name("BOOL"),
            FlagValue::Text => arg.value_name("TEXT"),
            FlagValue::Enum(enumeration) => arg
                .value_parser(OpenEnum(enumeration.values))
                .value_name(enumeration.name.to_uppercase()),
            FlagValue::Model(_) => arg.value_name("FIELD=VALUE,…"),
            FlagValue::Other => arg,
        }
    }

    /// The values given for flag `id`, as wire text; none when it was not given (or
    /// the command has no such flag).
    pub(crate) fn read(self, matches: &ArgMatches, id: &str) -> Vec<String> {
        fn texts<T: Clone + Send + Sync + 'static>(
            matches: &ArgMatches,
            id: &str,
            text: impl Fn(&T) -> String,
        ) -> Vec<String> {
            match matches.try_get_many::<T>(id) {
                Ok(Some(values)) => values.map(text).collect(),
                _ => Vec::new(),
            }
        }
        match self {
            FlagValue::Int => texts::<i64>(matches, id, i64::to_string),
            FlagValue::Float => {
                texts::<f64>(matches, id, |f| sigcal_client::wire::format_float(*f))
            }
            FlagValue::Bool => texts::<bool>(matches, id, bool::to_string),
            FlagValue::Text | FlagValue::Other | FlagValue::Enum(_) | FlagValue::Model(_) => {
                texts::<String>(matches, id, String::clone)
            }
        }
    }
}

/// An open enum: documented values are listed and completed, others still accepted.
#[derive(Clone)]
struct OpenEnum(&'static [&'static str]);

impl TypedValueParser for OpenEnum {
    type Value = String;

    fn parse_ref(
        &self,
        _: &Command,
        _: Option<&Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        value
            .to_str()
            .map(str::to_owned)
            .ok_or_else(|| clap::Error::new(clap::error::ErrorKind::InvalidUtf8))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            self.0.iter().map(|value| PossibleValue::new(*value)),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::FlagValue;
    use clap::{Arg, ArgAction, Command};

    /// Every kind reads back what its own parser stored, for one value and for many.
    #[test]
    fn each_value_reads_what_its_parser_stores() {
        let enumeration = &sigcal_client::meta::EnumMeta {
            name: "DiskKind",
            values: &["SSD", "HDD"],
        };
        let cases = [
            (FlagValue::Int, ["7", "-2"], ["7", "-2"]),
            (FlagValue::Float, ["1.5", "2"], ["1.5", "2"]),
            (FlagValue::Bool, ["true", "false"], ["true", "false"]),
            (FlagValue::Text, ["a b", ""], ["a b", ""]),
            (FlagValue::Other, ["{}", "[1]"], ["{}", "[1]"]),
            (
                FlagValue::Enum(enumeration),
                ["SSD", "Other"],
                ["SSD", "Other"],
            ),
        ];
        for (kind, given, expected) in cases {
            let arg = kind.configure(Arg::new("v").long("v").action(ArgAction::Append));
            let matches = Command::new("t")
                .arg(arg)
                .try_get_matches_from([
                    "t".to_owned(),
                    format!("--v={}", given[0]),
                    format!("--v={}", given[1]),
                ])
                .unwrap();
            assert_eq!(kind.read(&matches, "v"), expected, "{kind:?}");
            let absent = Command::new("t")
                .arg(kind.configure(Arg::new("v").long("v")))
                .try_get_matches_from(["t"])
                .unwrap();
            assert!(kind.read(&absent, "v").is_empty(), "{kind:?}");
        }
    }
}
