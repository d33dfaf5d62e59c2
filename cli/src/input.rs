//! `--cli-input-json` / `--cli-input-yaml`: a request as a document, with wire names,
//! nested models as objects and lists as arrays. The document is read with positions
//! and checked against the action's metadata before anything is sent: every unknown
//! key (with "did you mean"), wrong type and missing required field is reported at
//! once, as `file:line:column: …`.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use sigcal_client::Params;
use sigcal_client::meta::{Element, FieldMeta, FieldType, Scalar, ServiceMeta};

/// A document's value, each part with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Null,
    Bool(bool),
    Int(i64),
    /// An integer beyond `i64`, or a number with a fraction or exponent.
    Float(f64),
    Text(String),
    List(Vec<Located>),
    Map(Vec<(Located<String>, Located)>),
}

/// A value and its 1-based line and column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Located<T = Node> {
    pub(crate) value: T,
    pub(crate) line: u64,
    pub(crate) column: u64,
}

impl<T> From<Spanned<T>> for Located<T> {
    fn from(spanned: Spanned<T>) -> Self {
        Located {
            line: spanned.referenced.line(),
            column: spanned.referenced.column(),
            value: spanned.value,
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a value")
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        Node::deserialize(deserializer)
    }

    fn visit_bool<E>(self, value: bool) -> Result<Node, E> {
        Ok(Node::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Node, E> {
        Ok(Node::Int(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Node, E> {
        Ok(i64::try_from(value).map_or(Node::Float(value as f64), Node::Int))
    }

    fn visit_i128<E>(self, value: i128) -> Result<Node, E> {
        Ok(i64::try_from(value).map_or(Node::Float(value as f64), Node::Int))
    }

    fn visit_u128<E>(self, value: u128) -> Result<Node, E> {
        Ok(i64::try_from(value).map_or(Node::Float(value as f64), Node::Int))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Node, E> {
        Ok(Node::Float(value))
    }

    fn visit_str<E>(self, value: &str) -> Result<Node, E> {
        Ok(Node::Text(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Node, E> {
        Ok(Node::Text(value))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Node>>()? {
            items.push(item.into());
        }
        Ok(Node::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<KeyText>>()? {
            let value = map.next_value::<Spanned<Node>>()?;
            let key = Located::from(key);
            entries.push((
                Located {
                    value: key.value.0,
                    line: key.line,
                    column: key.column,
                },
                value.into(),
            ));
        }
        Ok(Node::Map(entries))
    }
}

/// A mapping key as text (YAML also allows numbers and booleans as keys).
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<KeyText, D::Error> {
        match Node::deserialize(deserializer)? {
            Node::Text(text) => Ok(KeyText(text)),
            Node::Int(number) => Ok(KeyText(number.to_string())),
            Node::Bool(flag) => Ok(KeyText(flag.to_string())),
            _ => Err(de::Error::custom("a key must be a name")),
        }
    }
}

/// Which syntax a document is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Syntax {
    Json,
    Yaml,
}

/// Reads a document. JSON is checked as JSON first (YAML would accept more), then read
/// with positions; both syntaxes report errors as `origin:line:column`.
pub(crate) fn parse(origin: &str, text: &str, syntax: Syntax) -> Result<Located, String> {
    if syntax == Syntax::Json
        && let Err(error) = serde_json::from_str::<serde::de::IgnoredAny>(text)
    {
        let message = error.to_string();
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_owned();
        return Err(format!(
            "{origin}:{}:{}: not JSON: {message}",
            error.line(),
            error.column()
        ));
    }
    match serde_saphyr::from_str::<Spanned<Node>>(text) {
        Ok(document) => Ok(document.into()),
        Err(error) => Err(sigcal_fake::yaml_problem(origin, &error)),
    }
}

/// The request of an action subcommand: its flags, and the document of
/// `--cli-input-json` / `--cli-input-yaml` when one is given (flags win over it).
pub(crate) fn from_matches(
    service: &'static ServiceMeta,
    action: &'static sigcal_client::meta::ActionMeta,
    matches: &clap::ArgMatches,
    flags: Params,
) -> Result<Params, Vec<String>> {
    let path = |id: &str| matches.try_get_one::<std::path::PathBuf>(id).ok().flatten();
    let (path, syntax) = match (path("cli-input-json"), path("cli-input-yaml")) {
        (Some(path), _) => (path, Syntax::Json),
        (None, Some(path)) => (path, Syntax::Yaml),
        (None, None) => return Ok(flags),
    };
    let (origin, text) = read(path)?;
    let document = parse(&origin, &text, syntax).map_err(|problem| vec![problem])?;
    let given = |name: &str| flags.has_param(name);
    let mut params = flatten(&origin, &document, service, action, given)?;
    for (key, value) in flags.iter() {
        params.insert(key, value);
    }
    Ok(params)
}

/// The text of `path`, or of stdin for `-`, with the name errors use for it.
pub(crate) fn read(path: &std::path::Path) -> Result<(String, String), Vec<String>> {
    use std::io::Read as _;
    if path.as_os_str() == "-" {
        let mut text = String::new();
        return match std::io::stdin().read_to_string(&mut text) {
            Ok(_) => Ok(("<stdin>".to_owned(), text)),
            Err(error) => Err(vec![format!("cannot read the input from stdin: {error}")]),
        };
    }
    let origin = path.display().to_string();
    match std::fs::read_to_string(path) {
        Ok(text) => Ok((origin, text)),
        Err(error) => Err(vec![format!("cannot read {origin}: {error}")]),
    }
}

/// Checks `document` against `fields` (an action's parameters) and flattens it to wire
/// parameters. `given(name)` says a flag already gives that parameter: flags win, so
/// the document's value for it is left out, and it is not missing. Every problem is
/// returned, each located.
pub(crate) fn flatten(
    origin: &str,
    document: &Located,
    service: &'static ServiceMeta,
    action: &'static sigcal_client::meta::ActionMeta,
    given: impl Fn(&str) -> bool,
) -> Result<Params, Vec<String>> {
    let mut reader = Reader {
        origin,
        service,
        params: Params::new(),
        problems: Vec::new(),
    };
    let empty = Vec::new();
    let entries = match &document.value {
        Node::Map(entries) => entries,
        // An empty document: no parameters.
        Node::Null => &empty,
        other => {
            reader.problem(
                document,
                format!(
                    "the input of {} is an object of its parameters, not {}",
                    action.name,
                    kind(other)
                ),
            );
            return Err(reader.problems);
        }
    };
    reader.object(entries, document, action.params, "", &|name| {
        given(name) || sigcal_protocol::config::fills(name)
    });
    if reader.problems.is_empty() {
        Ok(reader.params)
    } else {
        Err(reader.problems)
    }
}

struct Reader<'a> {
    origin: &'a str,
    service: &'static ServiceMeta,
    params: Params,
    problems: Vec<String>,
}

impl Reader<'_> {
    fn problem<T>(&mut self, at: &Located<T>, message: String) {
        self.problems.push(format!(
            "{}:{}:{}: {message}",
            self.origin, at.line, at.column
        ));
    }

    /// The fields of one object under `prefix` (empty at the top). `skip(name)`: a
    /// top-level parameter given another way, neither read here nor missing.
    fn object(
        &mut self,
        entries: &[(Located<String>, Located)],
        at: &Located,
        fields: &'static [FieldMeta],
        prefix: &str,
        skip: &dyn Fn(&str) -> bool,
    ) {
        let top = prefix.is_empty();
        let mut seen: Vec<&str> = Vec::new();
        for (key, value) in entries {
            let Some(field) = fields.iter().find(|f| f.name == key.value) else {
                let hint =
                    sigcal_protocol::suggest::closest(&key.value, fields.iter().map(|f| f.name))
                        .map(|best| format!(" (did you mean `{best}`?)"))
                        .unwrap_or_default();
                let whose = if top { "parameter" } else { "field" };
                self.problem(key, format!("unknown {whose} `{}`{hint}", key.value));
                continue;
            };
            if seen.contains(&field.name) {
                self.problem(key, format!("`{}` is given twice", field.name));
                continue;
            }
            seen.push(field.name);
            if top && skip(field.name) && !sigcal_protocol::config::fills(field.name) {
                continue;
            }
            let wire = if top {
                field.name.to_owned()
            } else {
                sigcal_protocol::keys::field(prefix, field.name)
            };
            self.value(value, field.ty, &wire);
        }
        let missing: Vec<&str> = fields
            .iter()
            .filter(|f| f.required && !seen.contains(&f.name) && !(top && skip(f.name)))
            .map(|f| f.name)
            .collect();
        if !missing.is_empty() {
            let whose = if top {
                String::new()
            } else {
                format!(" of `{prefix}`")
            };
            self.problem(at, format!("missing required {}{whose}", names(&missing)));
        }
    }

    /// One value of type `ty` at wire key `key`. Null and empty text are "not given",
    /// as an empty flag is.
    fn value(&mut self, node: &Located, ty: FieldType, key: &str) {
        if matches!(&node.value, Node::Null) {
            return;
        }
        if let Some(item) = ty.item() {
            let Node::List(items) = &node.value else {
                self.problem(
                    node,
                    format!("`{key}` is a list ({}), not {}", ty, kind(&node.value)),
                );
                return;
            };
            for (index, each) in items.iter().enumerate() {
                self.value(each, item, &sigcal_protocol::keys::item(key, index));
            }
            return;
        }
        let text = match (ty.element, &node.value) {
            (Element::Named(name), value) if self.service.model(name).is_some() => {
                let Some(model) = self.service.model(name) else {
                    return;
                };
                match value {
                    Node::Map(entries) => self.object(entries, node, model.fields, key, &|_| false),
                    other => self.problem(
                        node,
                        format!("`{key}` is an object ({name}), not {}", kind(other)),
                    ),
                }
                return;
            }
            (Element::Scalar(Scalar::Json), Node::Text(text)) => Some(text.clone()),
            (Element::Scalar(Scalar::Json), other) => Some(json(other).to_string()),
            (Element::Scalar(Scalar::Int), Node::Int(number)) => Some(number.to_string()),
            (Element::Scalar(Scalar::Float), Node::Int(number)) => Some(number.to_string()),
            (Element::Scalar(Scalar::Float), Node::Float(number)) if number.is_finite() => {
                Some(sigcal_client::wire::format_float(*number))
            }
            (Element::Scalar(Scalar::Bool), Node::Bool(flag)) => Some(flag.to_string()),
            // Text, an open enum, or a model the service does not describe: any scalar,
            // as written (YAML reads `Name: 007` as a number).
            (Element::Scalar(Scalar::String) | Element::Named(_), Node::Text(text)) => {
                Some(text.clone())
            }
            (Element::Scalar(Scalar::String) | Element::Named(_), Node::Int(number)) => {
                Some(number.to_string())
            }
            (Element::Scalar(Scalar::String) | Element::Named(_), Node::Float(number)) => {
                Some(sigcal_client::wire::format_float(*number))
            }
            (Element::Scalar(Scalar::String) | Element::Named(_), Node::Bool(flag)) => {
                Some(flag.to_string())
            }
            _ => None,
        };
        match text {
            Some(text) if text.is_empty() => {}
            Some(text) => {
                self.params.insert(key, text);
            }
            None => self.problem(
                node,
                format!("`{key}` is {}, not {}", expected(ty), kind(&node.value)),
            ),
        }
    }
}

/// `A`, `A` and `B`, `A`, `B` and `C`.
fn names(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// What a value of `ty` is, for messages.
fn expected(ty: FieldType) -> &'static str {
    match ty.element {
        Element::Scalar(Scalar::Int) => "an integer",
        Element::Scalar(Scalar::Float) => "a number",
        Element::Scalar(Scalar::Bool) => "true or false",
        Element::Scalar(Scalar::String) | Element::Named(_) => "text",
        Element::Scalar(Scalar::Json) => "JSON",
    }
}

/// What a node is, for messages.
fn kind(node: &Node) -> &'static str {
    match node {
        Node::Null => "null",
        Node::Bool(_) => "true or false",
        Node::Int(_) => "an integer",
        Node::Float(_) => "a number",
        Node::Text(_) => "text",
        Node::List(_) => "a list",
        Node::Map(_) => "an object",
    }
}

/// A node as JSON (for a parameter of type `json`).
fn json(node: &Node) -> serde_json::Value {
    use serde_json::Value;
    match node {
        Node::Null => Value::Null,
        Node::Bool(flag) => Value::Bool(*flag),
        Node::Int(number) => Value::from(*number),
        Node::Float(number) => {
            serde_json::Number::from_f64(*number).map_or(Value::Null, Value::Number)
        }
        Node::Text(text) => Value::String(text.clone()),
        Node::List(items) => Value::Array(items.iter().map(|i| json(&i.value)).collect()),
        Node::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.value.clone(), json(&v.value)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(name: &str) -> &'static ServiceMeta {
        sigcal_client::SERVICES
            .iter()
            .copied()
            .find(|s| s.name == name)
            .unwrap_or_else(|| panic!("{name} is compiled in"))
    }

    fn read(
        text: &str,
        syntax: Syntax,
        action: &str,
        given: &[&str],
    ) -> Result<Vec<(String, String)>, Vec<String>> {
        let uhost = service("UHost");
        let action = uhost.action(action).unwrap_or_else(|| panic!("{action}"));
        let document = parse("in", text, syntax).map_err(|e| vec![e])?;
        flatten("in", &document, uhost, action, |name| given.contains(&name))
            .map(|params| params.into_map().into_iter().collect())
    }

    #[test]
    fn nested_models_and_lists_flatten_to_wire_keys() {
        let yaml = "\
ImageId: uimage-1
LoginMode: Password
CPU: 2
Memory: 4096
Name: 'a,b=c'
Password: 007
Disks:
  - IsBoot: 'True'
    Size: 40
    Type: CLOUD_SSD
  - {IsBoot: 'False', Size: 100, Type: CLOUD_SSD}
";
        let got = read(yaml, Syntax::Yaml, "CreateUHostInstance", &[]).unwrap();
        let get = |key: &str| got.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
        assert_eq!(get("Name"), Some("a,b=c"));
        assert_eq!(
            get("Password"),
            Some("7"),
            "a YAML number is text where text is wanted"
        );
        assert_eq!(get("Disks.0.Size"), Some("40"));
        assert_eq!(get("Disks.1.IsBoot"), Some("False"));
        assert_eq!(get("CPU"), Some("2"));
    }

    #[test]
    fn every_mistake_is_reported_at_once_with_its_place() {
        let json = r#"{
  "ImageId": "uimage-1",
  "Nmae": "web",
  "CPU": "two",
  "Disks": [{"Size": 40, "Typo": 1}],
  "Memory": [1]
}"#;
        let problems = read(json, Syntax::Json, "CreateUHostInstance", &[]).unwrap_err();
        let expected = [
            "in:3:3: unknown parameter `Nmae` (did you mean `Name`?)",
            "in:4:10: `CPU` is an integer, not text",
            "in:5:26: unknown field `Typo` (did you mean `Type`?)",
            "in:5:13: missing required `IsBoot` and `Type` of `Disks.0`",
            "in:6:13: `Memory` is an integer, not a list",
        ];
        for line in expected {
            assert!(
                problems.iter().any(|p| p == line),
                "{line}\nin {problems:#?}"
            );
        }
    }

    #[test]
    fn flags_win_and_make_a_parameter_present() {
        let got = read(
            "{\"Disks\": [], \"ImageId\": \"from-file\"}",
            Syntax::Json,
            "CreateUHostInstance",
            &["ImageId", "LoginMode"],
        );
        let params = got.unwrap_or_else(|problems| panic!("{problems:?}"));
        assert!(params.iter().all(|(k, _)| k != "ImageId"), "{params:?}");
    }

    #[test]
    fn broken_documents_are_located() {
        let json = read(
            "{\n  \"ImageId\": ,\n}",
            Syntax::Json,
            "CreateUHostInstance",
            &[],
        );
        let problems = json.unwrap_err();
        assert!(problems[0].starts_with("in:2:14: not JSON"), "{problems:?}");
        let yaml = read(
            "ImageId: [a\nb: c",
            Syntax::Yaml,
            "CreateUHostInstance",
            &[],
        );
        let problems = yaml.unwrap_err();
        assert!(
            problems[0].starts_with("in:2:2: illegal placement"),
            "{problems:?}"
        );
        let list = read("[1]", Syntax::Json, "CreateUHostInstance", &[]).unwrap_err();
        assert_eq!(
            list,
            ["in:1:1: the input of CreateUHostInstance is an object of its parameters, not a list"]
        );
    }
}
