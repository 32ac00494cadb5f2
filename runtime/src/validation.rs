//! Client-side validation of operation inputs against the model's constraint traits (`@required`,
//! `@length`, `@range`, `@pattern`), switched on with
//! [`ConfigBuilder::validate_inputs`](crate::ConfigBuilder::validate_inputs).
//!
//! Generated code implements [`Validate`] for each input, structure and union that has something
//! to check, as a list of calls on [`Violations`] with [`Rule`]s; this module does the checking,
//! so the generated code stays one line per constrained member. Every violation is collected
//! (not only the first), each with the member path the service would name
//! (`Customer.Account.Email`, `Contacts[2].Email`, `Tags["env"]`).
//!
//! Patterns are the generator's Rust translation of the model's ECMA 262 patterns (searched, not
//! implicitly anchored, as Smithy says), compiled once, on first use, by [`Pattern`]. A leading
//! look-ahead such as `^(?=.{1,64}$)`, which the `regex` crate cannot express, arrives as a
//! character-count bound next to the rest of the pattern.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

use crate::codec::Blob;
use crate::error::Violation;

/// One constraint on a value.
#[derive(Debug, Clone, Copy)]
pub enum Rule {
    /// `@required` on a member whose Rust type is an `Option`: it must be set.
    Required,
    /// `@length`: Unicode scalar values of a string, bytes of a blob, entries of a list or map.
    Length(u64, u64),
    /// `@range` on an integer (bounds widened to `i64`; a missing bound is `i64::MIN`/`MAX`).
    RangeInt(i64, i64),
    /// `@range` on a float (NaN is out of every range).
    RangeFloat(f64, f64),
    /// `@pattern`.
    Pattern(&'static Pattern),
}

/// A model pattern as the generator lowered it: the model's text (for messages), the Rust regex
/// for what is left of it, and the character-count bounds of a leading look-ahead.
#[derive(Debug)]
pub struct Pattern {
    model: &'static str,
    regex: Option<&'static str>,
    chars: Option<(u64, u64)>,
    single_line: bool,
    compiled: OnceLock<Result<regex::Regex, String>>,
}

impl Pattern {
    /// A pattern: `model` is the pattern as the model writes it; `regex` the Rust regex that
    /// remains (`None` when nothing remains); `chars` the inclusive character-count bounds a
    /// look-ahead asked for; `single_line` whether that look-ahead's `.` excluded line
    /// terminators (so the whole value must have none).
    pub const fn new(
        model: &'static str,
        regex: Option<&'static str>,
        chars: Option<(u64, u64)>,
        single_line: bool,
    ) -> Self {
        Pattern {
            model,
            regex,
            chars,
            single_line,
            compiled: OnceLock::new(),
        }
    }

    /// A pattern the `regex` crate takes as the model writes it.
    pub const fn regex(model: &'static str) -> Self {
        Pattern::new(model, Some(model), None, false)
    }

    /// The pattern as the model writes it.
    pub fn model_pattern(&self) -> &'static str {
        self.model
    }

    /// Whether `value` matches. The regex is compiled on the first call; one that does not
    /// compile (the generator compiled it already, so only a different `regex` version could do
    /// that) is an error, never a panic.
    pub fn matches(&self, value: &str) -> Result<bool, String> {
        if let Some((min, max)) = self.chars {
            let count = value.chars().count() as u64;
            if count < min || count > max {
                return Ok(false);
            }
        }
        if self.single_line && value.chars().any(is_line_terminator) {
            return Ok(false);
        }
        let Some(source) = self.regex else {
            return Ok(true);
        };
        match self
            .compiled
            .get_or_init(|| regex::Regex::new(source).map_err(|e| e.to_string()))
        {
            Ok(regex) => Ok(regex.is_match(value)),
            Err(e) => Err(format!("pattern `{}` does not compile: {e}", self.model)),
        }
    }
}

/// ECMA 262 line terminators: what `.` does not match outside dot-all mode.
fn is_line_terminator(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

/// A value a [`Rule`] can check. A rule that does not apply to the type passes.
pub trait Checked {
    /// The violation message for `rule`, or `None` when the value satisfies it.
    fn violation(&self, rule: &Rule) -> Option<String>;
}

fn length(unit: &str, len: usize, min: u64, max: u64) -> Option<String> {
    let len = len as u64;
    (len < min || len > max).then(|| {
        if max == u64::MAX {
            format!("has {len} {unit}; at least {min} allowed")
        } else {
            format!("has {len} {unit}; {min} to {max} allowed")
        }
    })
}

impl Checked for str {
    fn violation(&self, rule: &Rule) -> Option<String> {
        match rule {
            Rule::Length(min, max) => length("characters", self.chars().count(), *min, *max),
            Rule::Pattern(pattern) => match pattern.matches(self) {
                Ok(true) => None,
                Ok(false) => Some(format!(
                    "does not match the pattern `{}`",
                    pattern.model_pattern()
                )),
                Err(e) => Some(e),
            },
            _ => None,
        }
    }
}

impl Checked for String {
    fn violation(&self, rule: &Rule) -> Option<String> {
        self.as_str().violation(rule)
    }
}

impl Checked for Blob {
    fn violation(&self, rule: &Rule) -> Option<String> {
        match rule {
            Rule::Length(min, max) => length("bytes", self.as_ref().len(), *min, *max),
            _ => None,
        }
    }
}

impl<T> Checked for Vec<T> {
    fn violation(&self, rule: &Rule) -> Option<String> {
        match rule {
            Rule::Length(min, max) => length("entries", self.len(), *min, *max),
            _ => None,
        }
    }
}

impl<T> Checked for HashMap<String, T> {
    fn violation(&self, rule: &Rule) -> Option<String> {
        match rule {
            Rule::Length(min, max) => length("entries", self.len(), *min, *max),
            _ => None,
        }
    }
}

impl<T: Checked> Checked for Option<T> {
    fn violation(&self, rule: &Rule) -> Option<String> {
        match (self, rule) {
            (None, Rule::Required) => Some("is required".to_string()),
            (None, _) => None,
            (Some(value), rule) => value.violation(rule),
        }
    }
}

impl<T: Checked + ?Sized> Checked for Box<T> {
    fn violation(&self, rule: &Rule) -> Option<String> {
        (**self).violation(rule)
    }
}

macro_rules! checked_numbers {
    ($int:ty => $($ty:ty),*) => {$(
        impl Checked for $ty {
            fn violation(&self, rule: &Rule) -> Option<String> {
                match rule {
                    Rule::RangeInt(min, max) => {
                        let v = <$int>::from(*self);
                        (v < *min || v > *max).then(|| out_of_range(self, *min, *max))
                    }
                    _ => None,
                }
            }
        }
    )*};
}
checked_numbers!(i64 => i8, i16, i32, i64);

impl Checked for f32 {
    fn violation(&self, rule: &Rule) -> Option<String> {
        f64::from(*self).violation(rule)
    }
}

impl Checked for f64 {
    fn violation(&self, rule: &Rule) -> Option<String> {
        match rule {
            Rule::RangeFloat(min, max) => {
                (!(*min <= *self && *self <= *max)).then(|| out_of_range(self, *min, *max))
            }
            _ => None,
        }
    }
}

fn out_of_range<V: std::fmt::Display, B: std::fmt::Display + PartialEq + Bounded>(
    value: &V,
    min: B,
    max: B,
) -> String {
    match (min.is_min(), max.is_max()) {
        (false, false) => format!("is {value}; {min} to {max} allowed"),
        (false, true) => format!("is {value}; at least {min} allowed"),
        (true, _) => format!("is {value}; at most {max} allowed"),
    }
}

/// Whether a range bound stands for "no bound".
trait Bounded {
    fn is_min(&self) -> bool;
    fn is_max(&self) -> bool;
}

impl Bounded for i64 {
    fn is_min(&self) -> bool {
        *self == i64::MIN
    }
    fn is_max(&self) -> bool {
        *self == i64::MAX
    }
}

impl Bounded for f64 {
    fn is_min(&self) -> bool {
        *self == f64::NEG_INFINITY
    }
    fn is_max(&self) -> bool {
        *self == f64::INFINITY
    }
}

/// A list member's value: a list or an optional one.
pub trait List {
    /// The element type.
    type Item;
    /// The elements (none for an absent list).
    fn items(&self) -> &[Self::Item];
}

impl<T> List for Vec<T> {
    type Item = T;
    fn items(&self) -> &[T] {
        self
    }
}

impl<T> List for Option<Vec<T>> {
    type Item = T;
    fn items(&self) -> &[T] {
        self.as_deref().unwrap_or_default()
    }
}

/// A structure, union or operation input whose members the model constrains.
pub trait Validate {
    /// Adds a violation to `violations` for each member that breaks a constraint, recursing into
    /// nested structures, unions, lists and maps.
    fn validate(&self, violations: &mut Violations);
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self, violations: &mut Violations) {
        if let Some(value) = self {
            value.validate(violations);
        }
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate(&self, violations: &mut Violations) {
        (**self).validate(violations);
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self, violations: &mut Violations) {
        violations.each(self, |v, item| item.validate(v));
    }
}

impl<T: Validate> Validate for HashMap<String, T> {
    fn validate(&self, violations: &mut Violations) {
        violations.entries(self, &[], |v, value| value.validate(v));
    }
}

/// The violations found so far, and the member path being checked.
#[derive(Debug, Default)]
pub struct Violations {
    path: String,
    found: Vec<Violation>,
}

impl Violations {
    /// No violations, at the input's top level.
    pub fn new() -> Self {
        Violations::default()
    }

    /// Every violation found, in the order the members were checked.
    pub fn into_vec(self) -> Vec<Violation> {
        self.found
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.found.is_empty()
    }

    /// Records a violation at the current path.
    pub fn add(&mut self, message: String) {
        self.found.push(Violation {
            path: self.path.clone(),
            message,
        });
    }

    /// Checks `value` against `rules` at the current path.
    pub fn check<T: Checked + ?Sized>(&mut self, value: &T, rules: &[Rule]) {
        for rule in rules {
            if let Some(message) = value.violation(rule) {
                self.add(message);
            }
        }
    }

    /// Runs `f` with the member `name` appended to the path.
    pub fn at(&mut self, name: &str, f: impl FnOnce(&mut Self)) {
        let len = self.path.len();
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path.push_str(name);
        f(self);
        self.path.truncate(len);
    }

    /// Checks member `name` (`value`) against `rules`.
    pub fn member<T: Checked + ?Sized>(&mut self, name: &str, value: &T, rules: &[Rule]) {
        self.at(name, |v| v.check(value, rules));
    }

    /// Validates the nested structure, union, list or map in member `name`.
    pub fn nested<T: Validate + ?Sized>(&mut self, name: &str, value: &T) {
        self.at(name, |v| value.validate(v));
    }

    /// Checks each element of list member `name` (a list, or an optional one) against `rules`.
    pub fn elements<L: List + ?Sized>(&mut self, name: &str, list: &L, rules: &[Rule])
    where
        L::Item: Checked,
    {
        self.at(name, |v| {
            v.each(list.items(), |v, item| v.check(item, rules))
        });
    }

    /// Runs `f` on each item of a list, with `[index]` appended to the path.
    pub fn each<T>(&mut self, items: &[T], mut f: impl FnMut(&mut Self, &T)) {
        for (index, item) in items.iter().enumerate() {
            let len = self.path.len();
            let _ = write!(self.path, "[{index}]");
            f(self, item);
            self.path.truncate(len);
        }
    }

    /// Checks each key of a map against `key_rules` and runs `f` on each value, with `["key"]`
    /// appended to the path (in key order, so the result does not depend on hashing).
    pub fn entries<T>(
        &mut self,
        map: &HashMap<String, T>,
        key_rules: &[Rule],
        mut f: impl FnMut(&mut Self, &T),
    ) {
        let mut keys: Vec<&String> = map.keys().collect();
        keys.sort();
        for key in keys {
            let len = self.path.len();
            let _ = write!(self.path, "[{key:?}]");
            for rule in key_rules {
                if let Some(message) = key.violation(rule) {
                    self.add(format!("key {message}"));
                }
            }
            f(self, &map[key]);
            self.path.truncate(len);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static TAG: Pattern = Pattern::new("^(?=.{1,4}$)[a-z]*$", Some("^[a-z]*$"), Some((1, 4)), true);
    static ARN: Pattern = Pattern::new("^arn:", Some("^arn:"), None, false);

    struct Inner {
        name: String,
        tags: Vec<String>,
    }

    impl Validate for Inner {
        fn validate(&self, v: &mut Violations) {
            v.member("Name", &self.name, &[Rule::Length(1, 3)]);
            v.member("Tags", &self.tags, &[Rule::Length(0, 2)]);
            v.elements("Tags", &self.tags, &[Rule::Pattern(&TAG)]);
        }
    }

    struct Outer {
        id: Option<String>,
        count: i32,
        ratio: Option<f64>,
        inner: Vec<Inner>,
        map: HashMap<String, Inner>,
    }

    impl Validate for Outer {
        fn validate(&self, v: &mut Violations) {
            v.member("Id", &self.id, &[Rule::Required, Rule::Pattern(&ARN)]);
            v.member("Count", &self.count, &[Rule::RangeInt(1, i64::MAX)]);
            v.member("Ratio", &self.ratio, &[Rule::RangeFloat(0.0, 1.0)]);
            v.nested("Inner", &self.inner);
            v.at("Map", |v| {
                v.entries(&self.map, &[Rule::Length(1, 2)], |v, x| x.validate(v))
            });
        }
    }

    fn paths(outer: &Outer) -> Vec<String> {
        let mut v = Violations::new();
        outer.validate(&mut v);
        v.into_vec()
            .into_iter()
            .map(|x| format!("{}: {}", x.path, x.message))
            .collect()
    }

    fn inner(name: &str, tags: &[&str]) -> Inner {
        Inner {
            name: name.to_string(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
        }
    }

    #[test]
    fn a_valid_value_has_no_violations() {
        let outer = Outer {
            id: Some("arn:x".into()),
            count: 1,
            ratio: Some(0.5),
            inner: vec![inner("ab", &["abcd"])],
            map: HashMap::from([("k".to_string(), inner("é", &[]))]),
        };
        assert!(paths(&outer).is_empty());
    }

    #[test]
    fn every_violation_is_listed_with_its_path() {
        let outer = Outer {
            id: None,
            count: 0,
            ratio: Some(f64::NAN),
            inner: vec![inner("ab", &[]), inner("", &["a", "B", "abcde", "a\n"])],
            map: HashMap::from([("long".to_string(), inner("abcd", &[]))]),
        };
        assert_eq!(
            paths(&outer),
            [
                "Id: is required",
                "Count: is 0; at least 1 allowed",
                "Ratio: is NaN; 0 to 1 allowed",
                "Inner[1].Name: has 0 characters; 1 to 3 allowed",
                "Inner[1].Tags: has 4 entries; 0 to 2 allowed",
                "Inner[1].Tags[1]: does not match the pattern `^(?=.{1,4}$)[a-z]*$`",
                "Inner[1].Tags[2]: does not match the pattern `^(?=.{1,4}$)[a-z]*$`",
                "Inner[1].Tags[3]: does not match the pattern `^(?=.{1,4}$)[a-z]*$`",
                "Map[\"long\"]: key has 4 characters; 1 to 2 allowed",
                "Map[\"long\"].Name: has 4 characters; 1 to 3 allowed",
            ]
        );
    }

    #[test]
    fn lengths_count_characters_bytes_and_entries() {
        assert!("ééé".violation(&Rule::Length(3, 3)).is_none());
        assert!(Blob::new("ééé".as_bytes().to_vec())
            .violation(&Rule::Length(3, 3))
            .is_some());
        assert!(vec![1, 2].violation(&Rule::Length(3, 5)).is_some());
    }

    #[test]
    fn a_pattern_that_does_not_compile_is_a_violation_not_a_panic() {
        static BAD: Pattern = Pattern::new("(", Some("("), None, false);
        let message = "x".violation(&Rule::Pattern(&BAD)).unwrap();
        assert!(message.contains("does not compile"), "{message}");
    }
}
