//! The spec's type language — `string`, `int`, `float`, `bool`, `json`, a model's or an
//! enum's name, and `array[T]` of any of these — and the Rust type each scalar is held
//! in.
//!
//! The generator parses a field's `type:` once, when the spec is loaded; the runtime's
//! metadata holds the same expression, written by `#[derive(Describe)]` from the Rust
//! type, so the tool and the fake match on [`Scalar`]s instead of comparing text.

use core::fmt;

/// A type the spec language names itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scalar {
    /// UTF-8 text.
    String,
    /// A 64-bit signed integer.
    Int,
    /// A 64-bit float.
    Float,
    /// `true` / `false`.
    Bool,
    /// Any JSON value (the reference pages' `object`, such as a price per zone).
    Json,
}

impl Scalar {
    /// Every scalar, in the order messages list them.
    pub const ALL: [Scalar; 5] = [
        Scalar::String,
        Scalar::Int,
        Scalar::Float,
        Scalar::Bool,
        Scalar::Json,
    ];

    /// Its name in a spec (`int`).
    pub const fn name(self) -> &'static str {
        match self {
            Scalar::String => "string",
            Scalar::Int => "int",
            Scalar::Float => "float",
            Scalar::Bool => "bool",
            Scalar::Json => "json",
        }
    }

    /// The scalar a spec names `name`, if it is one.
    pub fn from_name(name: &str) -> Option<Scalar> {
        Scalar::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The Rust type generated code holds it in. `serde_json::Value` is the one from
    /// another crate, which generated code reaches through the runtime.
    pub const fn rust_type(self) -> &'static str {
        match self {
            Scalar::String => "String",
            Scalar::Int => "i64",
            Scalar::Float => "f64",
            Scalar::Bool => "bool",
            Scalar::Json => "serde_json::Value",
        }
    }

    /// The scalar a Rust type path stands for (`i32`, `std::string::String`,
    /// `::sigcal_client::__private::serde_json::Value`): any integer is `int`,
    /// `f32`/`f64` `float`, `String`/`str` `string`, `bool` `bool`, `serde_json::Value`
    /// `json`; `None` for any other type (a model, an enum).
    pub fn of_rust_type(path: &str) -> Option<Scalar> {
        let mut segments = path.rsplit("::").map(str::trim);
        let last = segments.next()?;
        match last {
            "Value" if segments.next() == Some("serde_json") => Some(Scalar::Json),
            "String" | "str" => Some(Scalar::String),
            "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "u8" | "u16" | "u32" | "u64"
            | "u128" | "usize" => Some(Scalar::Int),
            "f32" | "f64" => Some(Scalar::Float),
            "bool" => Some(Scalar::Bool),
            _ => None,
        }
    }
}

impl fmt::Display for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a type holds once its lists are taken off: a scalar, or a model or enum by
/// name (`N` is `String` in the generator, `&'static str` in the runtime's metadata).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Element<N> {
    /// A built-in type.
    Scalar(Scalar),
    /// A model or an enum; the generator's validator resolves the name.
    Named(N),
}

/// A type: an [`Element`] inside `lists` levels of `array[…]`. `array[array[Disk]]` is
/// `Disk` inside two; on the wire each level is a `.N` index (`Key.0.1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeExpr<N = String> {
    /// The innermost type.
    pub element: Element<N>,
    /// How many `array[…]` wrap it.
    pub lists: u8,
}

impl<N> TypeExpr<N> {
    /// A scalar, not in a list.
    pub const fn scalar(scalar: Scalar) -> Self {
        TypeExpr {
            element: Element::Scalar(scalar),
            lists: 0,
        }
    }

    /// A model or enum by name, not in a list.
    pub const fn named(name: N) -> Self {
        TypeExpr {
            element: Element::Named(name),
            lists: 0,
        }
    }

    /// The same element inside `lists` levels of `array[…]` (replacing its own).
    pub const fn in_lists(self, lists: u8) -> Self
    where
        N: Copy,
    {
        TypeExpr {
            element: self.element,
            lists,
        }
    }

    /// Parses a `type:` value; `None` when it is not one (`array[`, `a b`, `array[]`, or
    /// more than 255 levels of lists). Surrounding whitespace is ignored at every level.
    pub fn parse<'a>(text: &'a str) -> Option<Self>
    where
        N: From<&'a str>,
    {
        let mut text = text.trim();
        let mut lists: u8 = 0;
        while let Some(inner) = text
            .strip_prefix("array[")
            .and_then(|rest| rest.strip_suffix(']'))
        {
            lists = lists.checked_add(1)?;
            text = inner.trim();
        }
        let element = match Scalar::from_name(text) {
            Some(scalar) => Element::Scalar(scalar),
            None if crate::names::is_identifier(text) => Element::Named(N::from(text)),
            None => return None,
        };
        Some(TypeExpr { element, lists })
    }

    /// Whether it is a list.
    pub const fn is_list(&self) -> bool {
        self.lists > 0
    }

    /// The scalar it holds, through any lists.
    pub const fn scalar_element(&self) -> Option<Scalar> {
        match self.element {
            Element::Scalar(scalar) => Some(scalar),
            Element::Named(_) => None,
        }
    }

    /// The model or enum it holds, through any lists.
    pub const fn named_element(&self) -> Option<&N> {
        match &self.element {
            Element::Named(name) => Some(name),
            Element::Scalar(_) => None,
        }
    }

    /// What one item of the list is (`array[array[Disk]]` -> `array[Disk]`); `None`
    /// when it is not a list.
    pub fn item(&self) -> Option<Self>
    where
        N: Clone,
    {
        let lists = self.lists.checked_sub(1)?;
        Some(TypeExpr {
            element: self.element.clone(),
            lists,
        })
    }

    /// The same type, borrowing its name.
    pub fn as_ref(&self) -> TypeExpr<&N> {
        TypeExpr {
            element: self.element.as_ref(),
            lists: self.lists,
        }
    }

    /// The same type with its name turned by `f`.
    pub fn map<M>(self, f: impl FnOnce(N) -> M) -> TypeExpr<M> {
        TypeExpr {
            element: match self.element {
                Element::Scalar(scalar) => Element::Scalar(scalar),
                Element::Named(name) => Element::Named(f(name)),
            },
            lists: self.lists,
        }
    }
}

impl<N> Element<N> {
    /// The same element, borrowing its name.
    pub fn as_ref(&self) -> Element<&N> {
        match self {
            Element::Scalar(scalar) => Element::Scalar(*scalar),
            Element::Named(name) => Element::Named(name),
        }
    }
}

impl<N: fmt::Display> fmt::Display for Element<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Element::Scalar(scalar) => scalar.fmt(f),
            Element::Named(name) => name.fmt(f),
        }
    }
}

/// The spec's spelling: `array[PHostImageSet]`.
impl<N: fmt::Display> fmt::Display for TypeExpr<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for _ in 0..self.lists {
            f.write_str("array[")?;
        }
        self.element.fmt(f)?;
        for _ in 0..self.lists {
            f.write_str("]")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Owned = TypeExpr<String>;

    #[test]
    fn parses_the_type_language() {
        let cases: [(&str, Option<Owned>); 10] = [
            ("string", Some(TypeExpr::scalar(Scalar::String))),
            ("int", Some(TypeExpr::scalar(Scalar::Int))),
            (" json ", Some(TypeExpr::scalar(Scalar::Json))),
            (
                "PHostImageSet",
                Some(TypeExpr::named("PHostImageSet".into())),
            ),
            (
                "array[string]",
                Some(TypeExpr {
                    element: Element::Scalar(Scalar::String),
                    lists: 1,
                }),
            ),
            (
                "array[ array[Disk] ]",
                Some(TypeExpr {
                    element: Element::Named("Disk".into()),
                    lists: 2,
                }),
            ),
            ("array[", None),
            ("array[]", None),
            ("a b", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(Owned::parse(text), expected, "{text:?}");
        }
    }

    #[test]
    fn prints_what_it_parsed() {
        for text in [
            "string",
            "float",
            "bool",
            "Disk",
            "array[int]",
            "array[array[Disk]]",
        ] {
            let parsed = TypeExpr::<&str>::parse(text).map(|t| t.to_string());
            assert_eq!(parsed.as_deref(), Some(text));
        }
    }

    #[test]
    fn a_list_deeper_than_255_levels_is_not_a_type() {
        let deep = |n: usize| format!("{}int{}", "array[".repeat(n), "]".repeat(n));
        assert_eq!(Owned::parse(&deep(255)).map(|t| t.lists), Some(255));
        assert_eq!(Owned::parse(&deep(256)), None);
    }

    #[test]
    fn an_item_is_one_list_less() {
        let disks = Owned::parse("array[array[Disk]]").unwrap();
        let item = disks.item().unwrap();
        assert_eq!(item.to_string(), "array[Disk]");
        assert_eq!(item.item().unwrap().to_string(), "Disk");
        assert!(item.item().unwrap().item().is_none());
    }

    #[test]
    fn every_scalar_has_one_rust_type_that_maps_back() {
        for scalar in Scalar::ALL {
            assert_eq!(Scalar::from_name(scalar.name()), Some(scalar));
            assert_eq!(
                Scalar::of_rust_type(scalar.rust_type()),
                Some(scalar),
                "{scalar}"
            );
        }
        assert_eq!(Scalar::of_rust_type("u32"), Some(Scalar::Int));
        assert_eq!(
            Scalar::of_rust_type("::rt::__private::serde_json::Value"),
            Some(Scalar::Json)
        );
        assert_eq!(Scalar::of_rust_type("Value"), None);
        assert_eq!(Scalar::of_rust_type("PHostImageSet"), None);
    }
}
