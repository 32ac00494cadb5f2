//! Endpoint rules: the service's `smithy.rules#endpointRuleSet` and `smithy.rules#endpointTests`.
//!
//! Two steps, both in the resolve stage so that a rule set the generator cannot compile is an
//! error naming the service shape, the trait and the rule path (`rules[1].rules[0].conditions[2]`):
//!
//! 1. [`parse_rule_set`] / [`parse_tests`] read the trait JSON into typed values ([`RuleSet`],
//!    [`TestCase`]): parameters, conditions with `assign`, tree/endpoint/error rules, templates
//!    such as `https://x.{Region}.{PartitionResult#dualStackDnsSuffix}` and `getAttr` paths.
//! 2. [`compile`] type-checks them and decides the shape of the generated code ([`EndpointRules`]):
//!    every reference resolved to a parameter field or a local, `isSet` on a parameter that is used
//!    later turned into a binding (`if let Some(region) = ..`), bindings nobody reads dropped,
//!    constant conditions folded, boolean comparisons simplified (`booleanEquals(x, true)` is `x`),
//!    rules after one that always matches dropped, and the test cases turned into typed values.
//!
//! `render::endpoint` turns the result into Rust without making decisions of its own.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde_json::{Map, Value};

use crate::docs::html_to_markdown;
use crate::error::ModelError;
use crate::naming;

/// The trait holding the rule set.
pub const RULE_SET_TRAIT: &str = "smithy.rules#endpointRuleSet";
/// The trait holding the rule set's test cases.
pub const TESTS_TRAIT: &str = "smithy.rules#endpointTests";

// =============================================================================================
// Parsed rule set
// =============================================================================================

/// The type of an endpoint parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    String,
    Boolean,
    StringArray,
}

impl ParamType {
    fn name(self) -> &'static str {
        match self {
            ParamType::String => "string",
            ParamType::Boolean => "boolean",
            ParamType::StringArray => "stringArray",
        }
    }
}

/// A literal parameter value (a default, or a test case's input).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamValue {
    String(String),
    Bool(bool),
    StringArray(Vec<String>),
}

impl ParamValue {
    fn from_json(value: &Value, ty: ParamType) -> Option<ParamValue> {
        match (ty, value) {
            (ParamType::String, Value::String(s)) => Some(ParamValue::String(s.clone())),
            (ParamType::Boolean, Value::Bool(b)) => Some(ParamValue::Bool(*b)),
            (ParamType::StringArray, Value::Array(items)) => items
                .iter()
                .map(|i| i.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()
                .map(ParamValue::StringArray),
            _ => None,
        }
    }

    /// True when this is the zero value of its Rust type (`""`, `false`, empty).
    fn is_zero(&self) -> bool {
        match self {
            ParamValue::String(s) => s.is_empty(),
            ParamValue::Bool(b) => !b,
            ParamValue::StringArray(items) => items.is_empty(),
        }
    }
}

/// One declared parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    pub name: String,
    pub ty: ParamType,
    pub required: bool,
    pub default: Option<ParamValue>,
    pub built_in: Option<String>,
    pub documentation: Option<String>,
    pub deprecated: Option<String>,
}

/// A parsed `smithy.rules#endpointRuleSet`.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSet {
    /// Sorted by name.
    pub parameters: Vec<Parameter>,
    pub rules: Vec<Rule>,
}

/// One rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub documentation: Option<String>,
    pub conditions: Vec<Condition>,
    pub kind: RuleKind,
}

/// What a rule does when its conditions hold.
#[derive(Debug, Clone, PartialEq)]
pub enum RuleKind {
    Endpoint(EndpointDef),
    /// The error message (a template).
    Error(Expr),
    Tree(Vec<Rule>),
}

/// An endpoint rule's result.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointDef {
    pub url: Expr,
    /// Sorted by header name.
    pub headers: Vec<(String, Vec<Expr>)>,
    /// Sorted by key.
    pub properties: Vec<(String, Property)>,
}

/// A property value: literals whose strings are templates.
#[derive(Debug, Clone, PartialEq)]
pub enum Property {
    String(Template),
    Bool(bool),
    Number(serde_json::Number),
    Array(Vec<Property>),
    /// Sorted by key.
    Object(Vec<(String, Property)>),
}

/// A condition: a function call whose result may be bound to a name.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub call: Call,
    pub assign: Option<String>,
}

/// A function call.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub args: Vec<Expr>,
}

/// An expression of the rules language.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A string literal; every string literal is a template.
    String(Template),
    Bool(bool),
    Int(i64),
    /// A reference to a parameter or an assigned name.
    Ref(String),
    Call(Call),
}

/// A string template: text with `{Name}` and `{Name#path}` placeholders (`{{` and `}}` are braces).
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    pub parts: Vec<TemplatePart>,
}

impl Template {
    /// The text, when the template has no placeholders.
    fn as_text(&self) -> Option<String> {
        let mut text = String::new();
        for part in &self.parts {
            match part {
                TemplatePart::Text(t) => text.push_str(t),
                TemplatePart::Value { .. } => return None,
            }
        }
        Some(text)
    }
}

/// A piece of a template.
#[derive(Debug, Clone, PartialEq)]
pub enum TemplatePart {
    Text(String),
    /// `{name}` or `{name#path}`.
    Value {
        name: String,
        path: Vec<PathPart>,
    },
}

/// A step of a `getAttr` path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    Key(String),
    Index(usize),
}

/// One test case of `smithy.rules#endpointTests`.
#[derive(Debug, Clone, PartialEq)]
pub struct TestCase {
    pub documentation: Option<String>,
    /// Parameter name and JSON value, sorted by name.
    pub params: Vec<(String, Value)>,
    pub expect: Expectation,
}

/// What a test case expects.
#[derive(Debug, Clone, PartialEq)]
pub enum Expectation {
    Endpoint {
        url: String,
        /// Sorted by name.
        headers: Vec<(String, Vec<String>)>,
        /// Sorted by key.
        properties: Vec<(String, Value)>,
    },
    Error(String),
    /// Neither an endpoint nor an error.
    Nothing,
}

type Parsed<T> = Result<T, String>;

fn problem(path: &str, message: impl std::fmt::Display) -> String {
    if path.is_empty() {
        message.to_string()
    } else {
        format!("`{path}`: {message}")
    }
}

fn object<'v>(value: &'v Value, path: &str) -> Parsed<&'v Map<String, Value>> {
    value
        .as_object()
        .ok_or_else(|| problem(path, format!("expected an object, found `{value}`")))
}

fn string_field(o: &Map<String, Value>, key: &str, path: &str) -> Parsed<Option<String>> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(problem(
            &join(path, key),
            format!("expected a string, found `{other}`"),
        )),
    }
}

fn bool_field(o: &Map<String, Value>, key: &str, path: &str) -> Parsed<Option<bool>> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(other) => Err(problem(
            &join(path, key),
            format!("expected a boolean, found `{other}`"),
        )),
    }
}

fn array_field<'v>(o: &'v Map<String, Value>, key: &str, path: &str) -> Parsed<&'v [Value]> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(other) => Err(problem(
            &join(path, key),
            format!("expected an array, found `{other}`"),
        )),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

/// Parses the rule set trait's JSON. Errors name the JSON path of the problem.
pub fn parse_rule_set(value: &Value) -> Result<RuleSet, String> {
    let o = object(value, "")?;
    let params = match o.get("parameters") {
        Some(Value::Object(params)) => params,
        None => return Err("no `parameters`".to_string()),
        Some(other) => {
            return Err(problem(
                "parameters",
                format!("expected an object, found `{other}`"),
            ))
        }
    };
    let mut parameters = Vec::new();
    for (name, p) in params {
        parameters.push(parse_parameter(name, p, &join("parameters", name))?);
    }
    parameters.sort_by(|a, b| a.name.cmp(&b.name));
    let rules = parse_rules(array_field(o, "rules", "")?, "rules")?;
    Ok(RuleSet { parameters, rules })
}

fn parse_parameter(name: &str, value: &Value, path: &str) -> Parsed<Parameter> {
    let o = object(value, path)?;
    let type_name = string_field(o, "type", path)?
        .ok_or_else(|| problem(path, "the parameter has no `type`"))?;
    let ty = match type_name.to_ascii_lowercase().as_str() {
        "string" => ParamType::String,
        "boolean" => ParamType::Boolean,
        "stringarray" => ParamType::StringArray,
        _ => {
            return Err(problem(
                &join(path, "type"),
                format!("unsupported parameter type `{type_name}` (expected string, boolean or stringArray)"),
            ))
        }
    };
    let default = match o.get("default") {
        None | Some(Value::Null) => None,
        Some(v) => Some(ParamValue::from_json(v, ty).ok_or_else(|| {
            problem(
                &join(path, "default"),
                format!("`{v}` is not a {} value", ty.name()),
            )
        })?),
    };
    let deprecated = match o.get("deprecated") {
        None | Some(Value::Null) => None,
        Some(d) => {
            let d = object(d, &join(path, "deprecated"))?;
            let message = string_field(d, "message", path)?;
            let since = string_field(d, "since", path)?;
            Some(match (message, since) {
                (Some(m), Some(s)) => format!("{m} (since {s})"),
                (Some(m), None) => m,
                (None, Some(s)) => format!("deprecated since {s}"),
                (None, None) => "deprecated".to_string(),
            })
        }
    };
    Ok(Parameter {
        name: name.to_string(),
        ty,
        required: bool_field(o, "required", path)?.unwrap_or(false),
        default,
        built_in: string_field(o, "builtIn", path)?,
        documentation: string_field(o, "documentation", path)?,
        deprecated,
    })
}

fn parse_rules(items: &[Value], path: &str) -> Parsed<Vec<Rule>> {
    items
        .iter()
        .enumerate()
        .map(|(i, r)| parse_rule(r, &index(path, i)))
        .collect()
}

fn parse_rule(value: &Value, path: &str) -> Parsed<Rule> {
    let o = object(value, path)?;
    let conditions = array_field(o, "conditions", path)?
        .iter()
        .enumerate()
        .map(|(i, c)| parse_condition(c, &index(&join(path, "conditions"), i)))
        .collect::<Parsed<Vec<_>>>()?;
    let kind = match string_field(o, "type", path)?.as_deref() {
        Some("endpoint") => {
            let e = o
                .get("endpoint")
                .ok_or_else(|| problem(path, "an endpoint rule needs `endpoint`"))?;
            RuleKind::Endpoint(parse_endpoint(e, &join(path, "endpoint"))?)
        }
        Some("error") => {
            let e = o
                .get("error")
                .ok_or_else(|| problem(path, "an error rule needs `error`"))?;
            RuleKind::Error(parse_expr(e, &join(path, "error"))?)
        }
        Some("tree") => {
            let rules = o
                .get("rules")
                .and_then(Value::as_array)
                .ok_or_else(|| problem(path, "a tree rule needs a `rules` array"))?;
            RuleKind::Tree(parse_rules(rules, &join(path, "rules"))?)
        }
        Some(other) => {
            return Err(problem(
                &join(path, "type"),
                format!("unknown rule type `{other}` (expected endpoint, error or tree)"),
            ))
        }
        None => return Err(problem(path, "the rule has no `type`")),
    };
    Ok(Rule {
        documentation: string_field(o, "documentation", path)?,
        conditions,
        kind,
    })
}

fn parse_condition(value: &Value, path: &str) -> Parsed<Condition> {
    let o = object(value, path)?;
    Ok(Condition {
        call: parse_call(o, path)?,
        assign: string_field(o, "assign", path)?,
    })
}

fn parse_call(o: &Map<String, Value>, path: &str) -> Parsed<Call> {
    let name = string_field(o, "fn", path)?
        .ok_or_else(|| problem(path, "expected a function call (`fn`)"))?;
    let args = array_field(o, "argv", path)?
        .iter()
        .enumerate()
        .map(|(i, a)| parse_expr(a, &index(&join(path, "argv"), i)))
        .collect::<Parsed<Vec<_>>>()?;
    Ok(Call { name, args })
}

fn parse_expr(value: &Value, path: &str) -> Parsed<Expr> {
    match value {
        Value::String(s) => Ok(Expr::String(parse_template(s, path)?)),
        Value::Bool(b) => Ok(Expr::Bool(*b)),
        Value::Number(n) => n
            .as_i64()
            .map(Expr::Int)
            .ok_or_else(|| problem(path, format!("`{n}` is not an integer"))),
        Value::Object(o) if o.contains_key("ref") => match o.get("ref") {
            Some(Value::String(name)) => Ok(Expr::Ref(name.clone())),
            _ => Err(problem(path, "`ref` must be a string")),
        },
        Value::Object(o) if o.contains_key("fn") => Ok(Expr::Call(parse_call(o, path)?)),
        other => Err(problem(
            path,
            format!("unsupported expression `{other}` (expected a string, boolean, integer, `ref` or `fn`)"),
        )),
    }
}

fn parse_endpoint(value: &Value, path: &str) -> Parsed<EndpointDef> {
    let o = object(value, path)?;
    let url = o
        .get("url")
        .ok_or_else(|| problem(path, "the endpoint has no `url`"))?;
    let url = parse_expr(url, &join(path, "url"))?;
    let mut headers = Vec::new();
    if let Some(h) = o.get("headers").filter(|h| !h.is_null()) {
        let hpath = join(path, "headers");
        for (name, values) in object(h, &hpath)? {
            let vpath = join(&hpath, name);
            let values = values
                .as_array()
                .ok_or_else(|| problem(&vpath, "header values must be an array"))?
                .iter()
                .enumerate()
                .map(|(i, v)| parse_expr(v, &index(&vpath, i)))
                .collect::<Parsed<Vec<_>>>()?;
            headers.push((name.clone(), values));
        }
    }
    headers.sort_by(|a, b| a.0.cmp(&b.0));
    let mut properties = Vec::new();
    if let Some(p) = o.get("properties").filter(|p| !p.is_null()) {
        let ppath = join(path, "properties");
        for (key, v) in object(p, &ppath)? {
            properties.push((key.clone(), parse_property(v, &join(&ppath, key))?));
        }
    }
    properties.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(EndpointDef {
        url,
        headers,
        properties,
    })
}

fn parse_property(value: &Value, path: &str) -> Parsed<Property> {
    Ok(match value {
        Value::String(s) => Property::String(parse_template(s, path)?),
        Value::Bool(b) => Property::Bool(*b),
        Value::Number(n) => Property::Number(n.clone()),
        Value::Array(items) => Property::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| parse_property(v, &index(path, i)))
                .collect::<Parsed<Vec<_>>>()?,
        ),
        Value::Object(o) => {
            let mut entries = o
                .iter()
                .map(|(k, v)| Ok((k.clone(), parse_property(v, &join(path, k))?)))
                .collect::<Parsed<Vec<_>>>()?;
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Property::Object(entries)
        }
        Value::Null => return Err(problem(path, "a property value cannot be null")),
    })
}

/// Parses a template: `{Name}`/`{Name#path}` placeholders, `{{`/`}}` for literal braces.
pub fn parse_template(text: &str, path: &str) -> Result<Template, String> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                literal.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                literal.push('}');
            }
            '{' => {
                let mut inner = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some('{') | None => {
                            return Err(problem(
                                path,
                                format!("unclosed `{{` in template `{text}`"),
                            ))
                        }
                        Some(c) => inner.push(c),
                    }
                }
                let (name, attr) = match inner.split_once('#') {
                    Some((name, attr)) => (name, parse_path(attr).map_err(|e| problem(path, e))?),
                    None => (inner.as_str(), Vec::new()),
                };
                if name.is_empty() {
                    return Err(problem(
                        path,
                        format!("empty placeholder in template `{text}`"),
                    ));
                }
                if !literal.is_empty() {
                    parts.push(TemplatePart::Text(std::mem::take(&mut literal)));
                }
                parts.push(TemplatePart::Value {
                    name: name.to_string(),
                    path: attr,
                });
            }
            '}' => {
                return Err(problem(
                    path,
                    format!("unmatched `}}` in template `{text}` (write `}}}}` for a brace)"),
                ))
            }
            c => literal.push(c),
        }
    }
    if !literal.is_empty() {
        parts.push(TemplatePart::Text(literal));
    }
    Ok(Template { parts })
}

/// Parses a `getAttr` path: keys separated by `.`, each optionally followed by `[index]`.
pub fn parse_path(text: &str) -> Result<Vec<PathPart>, String> {
    let bad = || format!("invalid attribute path `{text}`");
    let mut parts = Vec::new();
    for segment in text.split('.') {
        let (key, rest) = match segment.find('[') {
            Some(i) => segment.split_at(i),
            None => (segment, ""),
        };
        if !key.is_empty() {
            parts.push(PathPart::Key(key.to_string()));
        } else if rest.is_empty() {
            return Err(bad());
        }
        if !rest.is_empty() {
            let number = rest
                .strip_prefix('[')
                .and_then(|r| r.strip_suffix(']'))
                .ok_or_else(bad)?;
            let i = number.parse::<usize>().map_err(|_| {
                format!("invalid index `{number}` in attribute path `{text}` (expected a non-negative integer)")
            })?;
            parts.push(PathPart::Index(i));
        }
    }
    if parts.is_empty() {
        return Err(bad());
    }
    Ok(parts)
}

/// Parses the tests trait's JSON.
pub fn parse_tests(value: &Value) -> Result<Vec<TestCase>, String> {
    let o = object(value, "")?;
    array_field(o, "testCases", "")?
        .iter()
        .enumerate()
        .map(|(i, t)| parse_test(t, &index("testCases", i)))
        .collect()
}

fn parse_test(value: &Value, path: &str) -> Parsed<TestCase> {
    let o = object(value, path)?;
    let mut params: Vec<(String, Value)> = match o.get("params") {
        None | Some(Value::Null) => Vec::new(),
        Some(p) => object(p, &join(path, "params"))?
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    };
    params.sort_by(|a, b| a.0.cmp(&b.0));
    let epath = join(path, "expect");
    let expect = object(
        o.get("expect")
            .ok_or_else(|| problem(path, "the test case has no `expect`"))?,
        &epath,
    )?;
    let expect = if let Some(message) = string_field(expect, "error", &epath)? {
        Expectation::Error(message)
    } else if let Some(endpoint) = expect.get("endpoint") {
        let endpoint_path = join(&epath, "endpoint");
        let e = object(endpoint, &endpoint_path)?;
        let url = string_field(e, "url", &endpoint_path)?
            .ok_or_else(|| problem(&endpoint_path, "the expected endpoint has no `url`"))?;
        let mut headers = Vec::new();
        if let Some(h) = e.get("headers").filter(|h| !h.is_null()) {
            let hpath = join(&endpoint_path, "headers");
            for (name, values) in object(h, &hpath)? {
                let values = values
                    .as_array()
                    .and_then(|vs| {
                        vs.iter()
                            .map(|v| v.as_str().map(str::to_string))
                            .collect::<Option<Vec<_>>>()
                    })
                    .ok_or_else(|| problem(&join(&hpath, name), "expected an array of strings"))?;
                headers.push((name.clone(), values));
            }
        }
        headers.sort_by(|a, b| a.0.cmp(&b.0));
        let mut properties: Vec<(String, Value)> = match e.get("properties") {
            None | Some(Value::Null) => Vec::new(),
            Some(p) => object(p, &join(&endpoint_path, "properties"))?
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        };
        properties.sort_by(|a, b| a.0.cmp(&b.0));
        Expectation::Endpoint {
            url,
            headers,
            properties,
        }
    } else {
        Expectation::Nothing
    };
    Ok(TestCase {
        documentation: string_field(o, "documentation", path)?,
        params,
        expect,
    })
}

// =============================================================================================
// Compiled rule set
// =============================================================================================

/// A compiled rule set: everything `render::endpoint` needs, every decision made.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointRules {
    /// The fields of `Params`, sorted by parameter name.
    pub params: Vec<ParamIr>,
    /// `Params` can derive `Default` (every default is its type's zero value).
    pub derive_default: bool,
    /// Required parameters without a default, checked before the rules run.
    pub required_checks: Vec<RequiredCheck>,
    /// The resolver reads `params` (it does not when no rule looks at a parameter).
    pub uses_params: bool,
    /// The resolver calls into `awsjson_runtime::endpoint` (functions, or `Document` for
    /// properties).
    pub uses_runtime: bool,
    pub rules: Vec<CRule>,
    pub tests: Vec<TestIr>,
    /// Test cases that get no generated test, with the reason.
    pub skipped_tests: Vec<SkippedTest>,
}

/// One field of the generated `Params`.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamIr {
    /// The parameter name in the rule set.
    pub name: String,
    /// The Rust field name.
    pub field: String,
    pub ty: ParamType,
    /// The field is an `Option` (the parameter has no default).
    pub optional: bool,
    pub default: Option<ParamValue>,
    pub required: bool,
    pub built_in: Option<String>,
    /// The client configuration value the field is set from.
    pub from_config: Option<ConfigValue>,
    /// Markdown.
    pub docs: Option<String>,
    pub deprecated: Option<String>,
}

/// A built-in parameter value a client configuration provides (`awsjson_runtime::endpoint::BuiltIns`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigValue {
    /// `AWS::Region`
    Region,
    /// `AWS::UseFIPS`
    UseFips,
    /// `AWS::UseDualStack`
    UseDualStack,
    /// `SDK::Endpoint`
    Endpoint,
}

impl ConfigValue {
    fn for_built_in(name: &str) -> Option<(ConfigValue, ParamType)> {
        Some(match name {
            "AWS::Region" => (ConfigValue::Region, ParamType::String),
            "AWS::UseFIPS" => (ConfigValue::UseFips, ParamType::Boolean),
            "AWS::UseDualStack" => (ConfigValue::UseDualStack, ParamType::Boolean),
            "SDK::Endpoint" => (ConfigValue::Endpoint, ParamType::String),
            _ => return None,
        })
    }

    /// The `BuiltIns` field name.
    pub fn field(self) -> &'static str {
        match self {
            ConfigValue::Region => "region",
            ConfigValue::UseFips => "use_fips",
            ConfigValue::UseDualStack => "use_dual_stack",
            ConfigValue::Endpoint => "endpoint",
        }
    }
}

/// A required parameter without a default: the resolver fails when it is unset.
#[derive(Debug, Clone, PartialEq)]
pub struct RequiredCheck {
    pub name: String,
    pub field: String,
    pub ty: ParamType,
    /// The local the value is bound to, when the rules read it.
    pub binding: Option<String>,
}

/// A compiled rule: conditions (outermost first) and what it does when they hold.
#[derive(Debug, Clone, PartialEq)]
pub struct CRule {
    pub conditions: Vec<CCond>,
    pub outcome: COutcome,
}

impl CRule {
    /// True when no condition can fail (only `let` bindings): later rules are unreachable.
    pub fn always_matches(&self) -> bool {
        self.conditions
            .iter()
            .all(|c| matches!(c, CCond::Let { .. }))
    }
}

/// A compiled condition.
#[derive(Debug, Clone, PartialEq)]
pub enum CCond {
    /// A boolean test (`if test`); consecutive tests are joined with `&&`.
    Test(CExpr),
    /// `if let Some(binding) = value`.
    IfLet { binding: String, value: CExpr },
    /// `let binding = value;` (a value that is always there).
    Let { binding: String, value: CExpr },
}

/// What a compiled rule does.
#[derive(Debug, Clone, PartialEq)]
pub enum COutcome {
    Endpoint(CEndpoint),
    /// The message: a string expression.
    Error(CExpr),
    /// Nested rules; when none matches, resolution fails.
    Tree(Vec<CRule>),
}

/// A compiled endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct CEndpoint {
    pub url: CExpr,
    pub headers: Vec<(String, Vec<CExpr>)>,
    pub properties: Vec<(String, CProperty)>,
}

/// A compiled property value.
#[derive(Debug, Clone, PartialEq)]
pub enum CProperty {
    /// A string or boolean expression.
    Value(CExpr),
    Number(serde_json::Number),
    Array(Vec<CProperty>),
    Object(Vec<(String, CProperty)>),
}

/// The type of a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VType {
    Str,
    Bool,
    StrArray,
    Partition,
    Arn,
    Url,
}

impl VType {
    fn name(self) -> &'static str {
        match self {
            VType::Str => "string",
            VType::Bool => "boolean",
            VType::StrArray => "string array",
            VType::Partition => "partition",
            VType::Arn => "ARN",
            VType::Url => "URL",
        }
    }
}

/// The type of an expression as the generated code holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExprType {
    pub ty: VType,
    /// An `Option`.
    pub optional: bool,
    /// A `String` rather than a `&str` (strings only).
    pub owned: bool,
}

impl ExprType {
    fn new(ty: VType) -> Self {
        ExprType {
            ty,
            optional: false,
            owned: false,
        }
    }

    fn optional(ty: VType) -> Self {
        ExprType {
            ty,
            optional: true,
            owned: false,
        }
    }

    fn owned_string() -> Self {
        ExprType {
            ty: VType::Str,
            optional: false,
            owned: true,
        }
    }
}

/// A runtime function (`awsjson_runtime::endpoint::*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RtFn {
    Partition,
    ParseArn,
    ParseUrl,
    UriEncode,
    IsValidHostLabel,
    IsVirtualHostableS3Bucket,
}

impl RtFn {
    /// The runtime function's name.
    pub fn rust_name(self) -> &'static str {
        match self {
            RtFn::Partition => "partition",
            RtFn::ParseArn => "parse_arn",
            RtFn::ParseUrl => "parse_url",
            RtFn::UriEncode => "uri_encode",
            RtFn::IsValidHostLabel => "is_valid_host_label",
            RtFn::IsVirtualHostableS3Bucket => "is_virtual_hostable_s3_bucket",
        }
    }

    fn result(self) -> ExprType {
        match self {
            RtFn::Partition => ExprType::optional(VType::Partition),
            RtFn::ParseArn => ExprType::optional(VType::Arn),
            RtFn::ParseUrl => ExprType::optional(VType::Url),
            RtFn::UriEncode => ExprType::owned_string(),
            RtFn::IsValidHostLabel | RtFn::IsVirtualHostableS3Bucket => ExprType::new(VType::Bool),
        }
    }
}

/// An attribute of a partition, ARN or URL (a method of the runtime's type).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attr {
    /// The runtime method.
    pub method: &'static str,
    pub ty: VType,
}

/// `(owner type, attribute name, method, type)`.
const ATTRIBUTES: &[(VType, &str, &str, VType)] = &[
    (VType::Partition, "name", "name", VType::Str),
    (VType::Partition, "dnsSuffix", "dns_suffix", VType::Str),
    (
        VType::Partition,
        "dualStackDnsSuffix",
        "dual_stack_dns_suffix",
        VType::Str,
    ),
    (
        VType::Partition,
        "supportsFIPS",
        "supports_fips",
        VType::Bool,
    ),
    (
        VType::Partition,
        "supportsDualStack",
        "supports_dual_stack",
        VType::Bool,
    ),
    (
        VType::Partition,
        "implicitGlobalRegion",
        "implicit_global_region",
        VType::Str,
    ),
    (VType::Arn, "partition", "partition", VType::Str),
    (VType::Arn, "service", "service", VType::Str),
    (VType::Arn, "region", "region", VType::Str),
    (VType::Arn, "accountId", "account_id", VType::Str),
    (VType::Arn, "resourceId", "resource_id", VType::StrArray),
    (VType::Url, "scheme", "scheme", VType::Str),
    (VType::Url, "authority", "authority", VType::Str),
    (VType::Url, "path", "path", VType::Str),
    (VType::Url, "normalizedPath", "normalized_path", VType::Str),
    (VType::Url, "isIp", "is_ip", VType::Bool),
];

/// A compiled expression.
#[derive(Debug, Clone, PartialEq)]
pub enum CExpr {
    /// A string literal.
    Str(String),
    Bool(bool),
    /// A field of `params` (read directly: it was never narrowed by `isSet`).
    Param {
        field: String,
        ty: ParamType,
        optional: bool,
    },
    /// A local binding.
    Local {
        ident: String,
        ty: VType,
        owned: bool,
    },
    /// A template with placeholders: `format!(..)`.
    Format(Vec<FormatPart>),
    /// `!value`.
    Not(Box<CExpr>),
    /// `left == right` (or `!=`), of two booleans or two strings, either possibly optional.
    Equals {
        left: Box<CExpr>,
        right: Box<CExpr>,
        negated: bool,
    },
    /// `value.is_some()` (or `is_none()`).
    IsSet {
        value: Box<CExpr>,
        negated: bool,
    },
    /// A runtime function call.
    Call {
        func: RtFn,
        args: Vec<CExpr>,
    },
    /// `substring(value, start, stop, reverse)`.
    Substring {
        value: Box<CExpr>,
        start: usize,
        stop: usize,
        reverse: bool,
    },
    /// An attribute of a partition, ARN or URL.
    Attr {
        base: Box<CExpr>,
        attr: Attr,
    },
    /// An element of a string array (optional).
    Index {
        base: Box<CExpr>,
        index: usize,
    },
}

/// A piece of a `format!`.
#[derive(Debug, Clone, PartialEq)]
pub enum FormatPart {
    Text(String),
    /// A string or boolean expression.
    Value(CExpr),
}

impl CExpr {
    /// The expression's type.
    pub fn ty(&self) -> ExprType {
        match self {
            CExpr::Str(_) => ExprType::new(VType::Str),
            CExpr::Bool(_) | CExpr::Not(_) | CExpr::Equals { .. } | CExpr::IsSet { .. } => {
                ExprType::new(VType::Bool)
            }
            CExpr::Param { ty, optional, .. } => ExprType {
                ty: match ty {
                    ParamType::String => VType::Str,
                    ParamType::Boolean => VType::Bool,
                    ParamType::StringArray => VType::StrArray,
                },
                optional: *optional,
                // A non-optional string field is read as `&str` (`as_str()`).
                owned: false,
            },
            CExpr::Local { ty, owned, .. } => ExprType {
                ty: *ty,
                optional: false,
                owned: *owned,
            },
            CExpr::Format(_) => ExprType::owned_string(),
            CExpr::Call { func, .. } => func.result(),
            CExpr::Substring { .. } | CExpr::Index { .. } => ExprType::optional(VType::Str),
            CExpr::Attr { attr, .. } => ExprType::new(attr.ty),
        }
    }

    fn visit(&self, f: &mut dyn FnMut(&CExpr)) {
        f(self);
        match self {
            CExpr::Format(parts) => {
                for p in parts {
                    if let FormatPart::Value(v) = p {
                        v.visit(f);
                    }
                }
            }
            CExpr::Not(v) | CExpr::IsSet { value: v, .. } | CExpr::Substring { value: v, .. } => {
                v.visit(f)
            }
            CExpr::Attr { base, .. } | CExpr::Index { base, .. } => base.visit(f),
            CExpr::Equals { left, right, .. } => {
                left.visit(f);
                right.visit(f);
            }
            CExpr::Call { args, .. } => args.iter().for_each(|a| a.visit(f)),
            CExpr::Str(_) | CExpr::Bool(_) | CExpr::Param { .. } | CExpr::Local { .. } => {}
        }
    }
}

/// A generated test.
#[derive(Debug, Clone, PartialEq)]
pub struct TestIr {
    /// The test function name.
    pub name: String,
    pub documentation: Option<String>,
    /// The fields the case sets (in `Params` order): field, whether the field is an `Option`,
    /// value.
    pub params: Vec<(String, bool, ParamValue)>,
    /// Every field of `Params` is set (no `..Default::default()`).
    pub sets_every_field: bool,
    pub expect: TestExpect,
}

/// What a generated test expects.
#[derive(Debug, Clone, PartialEq)]
pub enum TestExpect {
    Endpoint {
        url: String,
        headers: Vec<(String, Vec<String>)>,
        properties: Vec<(String, Value)>,
    },
    Error(String),
}

/// A test case without a generated test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedTest {
    pub documentation: String,
    pub reason: String,
}

/// Message of the error returned when no rule matches.
pub const NO_RULE_MATCHED: &str =
    "no endpoint rule matched these parameters (a gap in the service's endpoint rules)";

/// Parses and compiles the service's rule set and its tests. `Ok(None)` when the service has no
/// rule set.
pub fn compile_service(
    service: &str,
    traits: &BTreeMap<String, Value>,
) -> Result<Option<EndpointRules>, ModelError> {
    let Some(rule_set) = traits.get(RULE_SET_TRAIT) else {
        return Ok(None);
    };
    let invalid = |trait_id: &str, problem: String| ModelError::InvalidTrait {
        shape: service.to_string(),
        trait_id: trait_id.to_string(),
        problem,
    };
    let rule_set = parse_rule_set(rule_set).map_err(|p| invalid(RULE_SET_TRAIT, p))?;
    let tests = match traits.get(TESTS_TRAIT) {
        Some(t) => parse_tests(t).map_err(|p| invalid(TESTS_TRAIT, p))?,
        None => Vec::new(),
    };
    compile(&rule_set, &tests)
        .map(Some)
        .map_err(|p| invalid(RULE_SET_TRAIT, p))
}

/// Compiles a parsed rule set and its tests. Errors name the rule path.
pub fn compile(rule_set: &RuleSet, tests: &[TestCase]) -> Result<EndpointRules, String> {
    let mut params = Vec::new();
    let mut fields: BTreeMap<String, String> = BTreeMap::new();
    for p in &rule_set.parameters {
        let path = format!("parameters.{}", p.name);
        let field = naming::field_ident(&p.name);
        if let Some(first) = fields.insert(field.clone(), p.name.clone()) {
            return Err(problem(
                &path,
                format!(
                    "parameters `{first}` and `{}` both become the Rust field `{field}`",
                    p.name
                ),
            ));
        }
        let from_config = match p.built_in.as_deref().and_then(ConfigValue::for_built_in) {
            Some((value, ty)) if ty == p.ty => Some(value),
            Some((_, ty)) => {
                return Err(problem(
                    &path,
                    format!(
                        "built-in `{}` is a {}, but the parameter is a {}",
                        p.built_in.as_deref().unwrap_or_default(),
                        ty.name(),
                        p.ty.name()
                    ),
                ))
            }
            None => None,
        };
        params.push(ParamIr {
            name: p.name.clone(),
            field,
            ty: p.ty,
            optional: p.default.is_none(),
            default: p.default.clone(),
            required: p.required,
            built_in: p.built_in.clone(),
            from_config,
            docs: p
                .documentation
                .as_deref()
                .map(html_to_markdown)
                .filter(|d| !d.trim().is_empty()),
            deprecated: p.deprecated.clone(),
        });
    }
    let derive_default = params
        .iter()
        .all(|p| p.default.as_ref().is_none_or(ParamValue::is_zero));

    // The scope every rule starts from: parameters, required ones checked and bound.
    let mut all_refs = BTreeSet::new();
    for rule in &rule_set.rules {
        refs_of_rule(rule, &mut all_refs);
    }
    let mut scope = Scope::default();
    let mut required_checks = Vec::new();
    for p in &params {
        let param = CExpr::Param {
            field: p.field.clone(),
            ty: p.ty,
            optional: p.optional,
        };
        if p.required && p.optional {
            let binding = all_refs
                .contains(&p.name)
                .then(|| scope.bind_local(&p.name, vtype(p.ty), false));
            required_checks.push(RequiredCheck {
                name: p.name.clone(),
                field: p.field.clone(),
                ty: p.ty,
                binding,
            });
        } else {
            scope.vars.insert(p.name.clone(), param);
        }
    }
    let rules = compile_rules(&rule_set.rules, &scope, "rules")?;
    let mut uses_params = !required_checks.is_empty();
    let mut uses_runtime = has_properties(&rules);
    visit_rules(&rules, &mut |e| match e {
        CExpr::Param { .. } => uses_params = true,
        CExpr::Call { .. } | CExpr::Substring { .. } => uses_runtime = true,
        _ => {}
    });

    let (tests, skipped_tests) = compile_tests(tests, &params);
    Ok(EndpointRules {
        params,
        derive_default,
        required_checks,
        uses_params,
        uses_runtime,
        rules,
        tests,
        skipped_tests,
    })
}

fn vtype(ty: ParamType) -> VType {
    match ty {
        ParamType::String => VType::Str,
        ParamType::Boolean => VType::Bool,
        ParamType::StringArray => VType::StrArray,
    }
}

/// Names in scope: what a reference to each compiles to, and the Rust locals in use.
#[derive(Debug, Clone, Default)]
struct Scope {
    vars: BTreeMap<String, CExpr>,
    /// Rust local -> the rule-set name bound to it.
    locals: BTreeMap<String, String>,
}

impl Scope {
    /// Binds `name` to a fresh local (unique among the locals in scope) and returns the local.
    fn bind_local(&mut self, name: &str, ty: VType, owned: bool) -> String {
        let base = naming::field_ident(name);
        let base = if base == "params" {
            "params_".to_string()
        } else {
            base
        };
        let mut ident = base.clone();
        let mut n = 2;
        while self.locals.get(&ident).is_some_and(|bound| bound != name) {
            ident = format!("{}_{n}", base.trim_start_matches("r#"));
            n += 1;
        }
        self.locals.insert(ident.clone(), name.to_string());
        self.vars.insert(
            name.to_string(),
            CExpr::Local {
                ident: ident.clone(),
                ty,
                owned,
            },
        );
        ident
    }
}

fn has_properties(rules: &[CRule]) -> bool {
    rules.iter().any(|r| match &r.outcome {
        COutcome::Endpoint(e) => !e.properties.is_empty(),
        COutcome::Error(_) => false,
        COutcome::Tree(rules) => has_properties(rules),
    })
}

fn visit_rules(rules: &[CRule], f: &mut dyn FnMut(&CExpr)) {
    for rule in rules {
        for c in &rule.conditions {
            match c {
                CCond::Test(e) => e.visit(f),
                CCond::IfLet { value, .. } | CCond::Let { value, .. } => value.visit(f),
            }
        }
        match &rule.outcome {
            COutcome::Endpoint(e) => {
                e.url.visit(f);
                for (_, values) in &e.headers {
                    values.iter().for_each(|v| v.visit(f));
                }
                fn visit_property(p: &CProperty, f: &mut dyn FnMut(&CExpr)) {
                    match p {
                        CProperty::Value(v) => v.visit(f),
                        CProperty::Number(_) => {}
                        CProperty::Array(items) => items.iter().for_each(|i| visit_property(i, f)),
                        CProperty::Object(entries) => {
                            entries.iter().for_each(|(_, v)| visit_property(v, f))
                        }
                    }
                }
                for (_, p) in &e.properties {
                    visit_property(p, f);
                }
            }
            COutcome::Error(e) => e.visit(f),
            COutcome::Tree(rules) => visit_rules(rules, f),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// References (which names a rule reads), for dropping bindings nobody reads
// ---------------------------------------------------------------------------------------------

fn refs_of_template(t: &Template, out: &mut BTreeSet<String>) {
    for part in &t.parts {
        if let TemplatePart::Value { name, .. } = part {
            out.insert(name.clone());
        }
    }
}

fn refs_of_expr(e: &Expr, out: &mut BTreeSet<String>) {
    match e {
        Expr::String(t) => refs_of_template(t, out),
        Expr::Ref(name) => {
            out.insert(name.clone());
        }
        Expr::Call(call) => call.args.iter().for_each(|a| refs_of_expr(a, out)),
        Expr::Bool(_) | Expr::Int(_) => {}
    }
}

fn refs_of_property(p: &Property, out: &mut BTreeSet<String>) {
    match p {
        Property::String(t) => refs_of_template(t, out),
        Property::Array(items) => items.iter().for_each(|i| refs_of_property(i, out)),
        Property::Object(entries) => entries.iter().for_each(|(_, v)| refs_of_property(v, out)),
        Property::Bool(_) | Property::Number(_) => {}
    }
}

fn refs_of_kind(kind: &RuleKind, out: &mut BTreeSet<String>) {
    match kind {
        RuleKind::Endpoint(e) => {
            refs_of_expr(&e.url, out);
            for (_, values) in &e.headers {
                values.iter().for_each(|v| refs_of_expr(v, out));
            }
            for (_, p) in &e.properties {
                refs_of_property(p, out);
            }
        }
        RuleKind::Error(e) => refs_of_expr(e, out),
        RuleKind::Tree(rules) => rules.iter().for_each(|r| refs_of_rule(r, out)),
    }
}

fn refs_of_rule(rule: &Rule, out: &mut BTreeSet<String>) {
    for c in &rule.conditions {
        refs_of_expr(&Expr::Call(c.call.clone()), out);
    }
    refs_of_kind(&rule.kind, out);
}

// ---------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------

/// Compiles a list of rules: rules that can never match are dropped, and so is every rule after
/// one that always matches (those are still checked: a rule set with errors is rejected).
fn compile_rules(rules: &[Rule], scope: &Scope, path: &str) -> Parsed<Vec<CRule>> {
    let mut out = Vec::new();
    let mut reachable = true;
    for (i, rule) in rules.iter().enumerate() {
        let Some(compiled) = compile_rule(rule, scope, &index(path, i))? else {
            continue;
        };
        if reachable {
            reachable = !compiled.always_matches();
            out.push(compiled);
        }
    }
    Ok(out)
}

/// What a condition compiles to.
enum CondResult {
    Always,
    Never,
    Cond(CCond),
}

/// Compiles one rule; `None` when a condition is constantly false.
fn compile_rule(rule: &Rule, scope: &Scope, path: &str) -> Parsed<Option<CRule>> {
    let mut scope = scope.clone();
    let mut conditions = Vec::new();
    for (i, cond) in rule.conditions.iter().enumerate() {
        let mut later = BTreeSet::new();
        for c in &rule.conditions[i + 1..] {
            refs_of_expr(&Expr::Call(c.call.clone()), &mut later);
        }
        refs_of_kind(&rule.kind, &mut later);
        let cpath = index(&join(path, "conditions"), i);
        match compile_condition(cond, &mut scope, &later, &cpath)? {
            CondResult::Always => {}
            CondResult::Never => return Ok(None),
            CondResult::Cond(c) => conditions.push(c),
        }
    }
    let outcome = match &rule.kind {
        RuleKind::Endpoint(e) => {
            COutcome::Endpoint(compile_endpoint(e, &scope, &join(path, "endpoint"))?)
        }
        RuleKind::Error(message) => {
            let epath = join(path, "error");
            COutcome::Error(expect_str(
                compile_expr(message, &scope, &epath)?,
                &epath,
                "the error message",
            )?)
        }
        RuleKind::Tree(rules) => {
            COutcome::Tree(compile_rules(rules, &scope, &join(path, "rules"))?)
        }
    };
    Ok(Some(CRule {
        conditions,
        outcome,
    }))
}

fn compile_condition(
    cond: &Condition,
    scope: &mut Scope,
    later: &BTreeSet<String>,
    path: &str,
) -> Parsed<CondResult> {
    let assigned = cond.assign.as_deref();
    // `isSet(ref)` on a parameter read later: bind the value (`if let Some(x) = ..`).
    if let ("isSet", [Expr::Ref(name)]) = (cond.call.name.as_str(), cond.call.args.as_slice()) {
        let value = lookup(scope, name, &index(&join(path, "argv"), 0))?;
        let ty = value.ty();
        if let Some(a) = assigned {
            // The result is a boolean that is true wherever the binding is visible.
            scope.vars.insert(a.to_string(), CExpr::Bool(true));
        }
        if !ty.optional {
            return Ok(CondResult::Always);
        }
        if later.contains(name) {
            let binding = scope.bind_local(name, ty.ty, false);
            return Ok(CondResult::Cond(CCond::IfLet { binding, value }));
        }
        return Ok(CondResult::Cond(CCond::Test(CExpr::IsSet {
            value: Box::new(value),
            negated: false,
        })));
    }
    let value = compile_call(&cond.call, scope, path)?;
    let ty = value.ty();
    let used = assigned.filter(|a| later.contains(*a));
    Ok(match (ty.ty, ty.optional) {
        (VType::Bool, false) => {
            if let Some(a) = assigned {
                scope.vars.insert(a.to_string(), CExpr::Bool(true));
            }
            match value {
                CExpr::Bool(true) => CondResult::Always,
                CExpr::Bool(false) => CondResult::Never,
                test => CondResult::Cond(CCond::Test(test)),
            }
        }
        (_, true) => match used {
            Some(a) => {
                let binding = scope.bind_local(a, ty.ty, false);
                CondResult::Cond(CCond::IfLet { binding, value })
            }
            None => CondResult::Cond(CCond::Test(CExpr::IsSet {
                value: Box::new(value),
                negated: false,
            })),
        },
        (_, false) => match used {
            Some(a) => {
                let binding = scope.bind_local(a, ty.ty, ty.owned);
                CondResult::Cond(CCond::Let { binding, value })
            }
            // A value that is always there, read by nobody: the condition always holds.
            None => CondResult::Always,
        },
    })
}

fn compile_endpoint(e: &EndpointDef, scope: &Scope, path: &str) -> Parsed<CEndpoint> {
    let upath = join(path, "url");
    let url = expect_str(compile_expr(&e.url, scope, &upath)?, &upath, "the URL")?;
    let mut headers = Vec::new();
    for (name, values) in &e.headers {
        let hpath = join(&join(path, "headers"), name);
        let values = values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let vpath = index(&hpath, i);
                expect_str(compile_expr(v, scope, &vpath)?, &vpath, "a header value")
            })
            .collect::<Parsed<Vec<_>>>()?;
        headers.push((name.clone(), values));
    }
    let mut properties = Vec::new();
    for (key, p) in &e.properties {
        properties.push((
            key.clone(),
            compile_property(p, scope, &join(&join(path, "properties"), key))?,
        ));
    }
    Ok(CEndpoint {
        url,
        headers,
        properties,
    })
}

fn compile_property(p: &Property, scope: &Scope, path: &str) -> Parsed<CProperty> {
    Ok(match p {
        Property::String(t) => CProperty::Value(compile_template(t, scope, path)?),
        Property::Bool(b) => CProperty::Value(CExpr::Bool(*b)),
        Property::Number(n) => CProperty::Number(n.clone()),
        Property::Array(items) => CProperty::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| compile_property(v, scope, &index(path, i)))
                .collect::<Parsed<Vec<_>>>()?,
        ),
        Property::Object(entries) => CProperty::Object(
            entries
                .iter()
                .map(|(k, v)| Ok((k.clone(), compile_property(v, scope, &join(path, k))?)))
                .collect::<Parsed<Vec<_>>>()?,
        ),
    })
}

// ---------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------

fn lookup(scope: &Scope, name: &str, path: &str) -> Parsed<CExpr> {
    scope.vars.get(name).cloned().ok_or_else(|| {
        problem(
            path,
            format!(
                "`{name}` is neither a parameter nor a name assigned by an enclosing condition"
            ),
        )
    })
}

fn compile_expr(e: &Expr, scope: &Scope, path: &str) -> Parsed<CExpr> {
    match e {
        Expr::String(t) => compile_template(t, scope, path),
        Expr::Bool(b) => Ok(CExpr::Bool(*b)),
        Expr::Int(i) => Err(problem(
            path,
            format!("integer `{i}` is only allowed as a `substring` index"),
        )),
        Expr::Ref(name) => lookup(scope, name, path),
        Expr::Call(call) => compile_call(call, scope, path),
    }
}

fn compile_template(t: &Template, scope: &Scope, path: &str) -> Parsed<CExpr> {
    if let Some(text) = t.as_text() {
        return Ok(CExpr::Str(text));
    }
    let mut parts = Vec::new();
    for part in &t.parts {
        match part {
            TemplatePart::Text(text) => parts.push(FormatPart::Text(text.clone())),
            TemplatePart::Value { name, path: attr } => {
                let mut value = lookup(scope, name, path)?;
                if !attr.is_empty() {
                    value = get_attr(value, attr, name, path)?;
                }
                let ty = value.ty();
                if ty.optional || !matches!(ty.ty, VType::Str | VType::Bool) {
                    return Err(problem(
                        path,
                        format!(
                            "template placeholder `{name}` is {}{} here; a template needs a string or boolean that is set",
                            if ty.optional { "an unset-able " } else { "a " },
                            ty.ty.name()
                        ),
                    ));
                }
                parts.push(FormatPart::Value(value));
            }
        }
    }
    // A template that is one string placeholder is that string.
    if let [FormatPart::Value(v)] = parts.as_slice() {
        if v.ty().ty == VType::Str {
            return Ok(v.clone());
        }
    }
    Ok(CExpr::Format(parts))
}

fn get_attr(base: CExpr, attr: &[PathPart], name: &str, path: &str) -> Parsed<CExpr> {
    let mut value = base;
    for (i, part) in attr.iter().enumerate() {
        let ty = value.ty();
        if ty.optional {
            return Err(problem(
                path,
                format!("`getAttr` on `{name}`: the value may be unset here; bind it with `assign` first"),
            ));
        }
        value = match part {
            PathPart::Key(key) => {
                let (_, _, method, result) = ATTRIBUTES
                    .iter()
                    .find(|(owner, k, _, _)| *owner == ty.ty && k == key)
                    .ok_or_else(|| {
                        problem(
                            path,
                            format!(
                                "a {} has no attribute `{key}` (in `getAttr` on `{name}`)",
                                ty.ty.name()
                            ),
                        )
                    })?;
                CExpr::Attr {
                    base: Box::new(value),
                    attr: Attr {
                        method,
                        ty: *result,
                    },
                }
            }
            PathPart::Index(n) => {
                if ty.ty != VType::StrArray {
                    return Err(problem(
                        path,
                        format!(
                            "a {} cannot be indexed (in `getAttr` on `{name}`)",
                            ty.ty.name()
                        ),
                    ));
                }
                if i + 1 != attr.len() {
                    return Err(problem(
                        path,
                        format!("an index must end the attribute path (in `getAttr` on `{name}`)"),
                    ));
                }
                CExpr::Index {
                    base: Box::new(value),
                    index: *n,
                }
            }
        };
    }
    Ok(value)
}

fn expect_str(e: CExpr, path: &str, what: &str) -> Parsed<CExpr> {
    let ty = e.ty();
    if ty.ty != VType::Str || ty.optional {
        return Err(problem(
            path,
            format!(
                "{what} must be a string that is set, found {}{}",
                if ty.optional { "an unset-able " } else { "a " },
                ty.ty.name()
            ),
        ));
    }
    Ok(e)
}

fn expect_bool(e: CExpr, path: &str, what: &str) -> Parsed<CExpr> {
    let ty = e.ty();
    if ty.ty != VType::Bool || ty.optional {
        return Err(problem(
            path,
            format!(
                "{what} must be a boolean that is set, found {}{}",
                if ty.optional { "an unset-able " } else { "a " },
                ty.ty.name()
            ),
        ));
    }
    Ok(e)
}

/// Negates a boolean expression, keeping it minimal (`!!x` is `x`, `!(a == b)` is `a != b`).
fn negate(e: CExpr) -> CExpr {
    match e {
        CExpr::Bool(b) => CExpr::Bool(!b),
        CExpr::Not(inner) => *inner,
        CExpr::Equals {
            left,
            right,
            negated,
        } => CExpr::Equals {
            left,
            right,
            negated: !negated,
        },
        CExpr::IsSet { value, negated } => CExpr::IsSet {
            value,
            negated: !negated,
        },
        other => CExpr::Not(Box::new(other)),
    }
}

fn compile_call(call: &Call, scope: &Scope, path: &str) -> Parsed<CExpr> {
    let name = call.name.as_str();
    let arity = |n: usize| -> Parsed<()> {
        if call.args.len() == n {
            Ok(())
        } else {
            Err(problem(
                path,
                format!(
                    "`{name}` takes {n} argument{}, found {}",
                    if n == 1 { "" } else { "s" },
                    call.args.len()
                ),
            ))
        }
    };
    let apath = |i: usize| index(&join(path, "argv"), i);
    let arg = |i: usize| compile_expr(&call.args[i], scope, &apath(i));
    let str_arg = |i: usize| -> Parsed<CExpr> {
        expect_str(
            arg(i)?,
            &apath(i),
            &format!("argument {} of `{name}`", i + 1),
        )
    };
    let bool_arg = |i: usize| -> Parsed<CExpr> {
        expect_bool(
            arg(i)?,
            &apath(i),
            &format!("argument {} of `{name}`", i + 1),
        )
    };
    Ok(match name {
        "isSet" => {
            arity(1)?;
            let value = arg(0)?;
            if value.ty().optional {
                CExpr::IsSet {
                    value: Box::new(value),
                    negated: false,
                }
            } else {
                CExpr::Bool(true)
            }
        }
        "not" => {
            arity(1)?;
            negate(bool_arg(0)?)
        }
        "booleanEquals" => {
            arity(2)?;
            let (a, b) = (arg(0)?, arg(1)?);
            for (i, v) in [&a, &b].into_iter().enumerate() {
                if v.ty().ty != VType::Bool {
                    return Err(problem(
                        &apath(i),
                        format!("argument {} of `booleanEquals` must be a boolean, found a {}", i + 1, v.ty().ty.name()),
                    ));
                }
            }
            boolean_equals(a, b)
        }
        "stringEquals" => {
            arity(2)?;
            let (a, b) = (arg(0)?, arg(1)?);
            for (i, v) in [&a, &b].into_iter().enumerate() {
                if v.ty().ty != VType::Str {
                    return Err(problem(
                        &apath(i),
                        format!("argument {} of `stringEquals` must be a string, found a {}", i + 1, v.ty().ty.name()),
                    ));
                }
            }
            match (a, b) {
                (CExpr::Str(x), CExpr::Str(y)) => CExpr::Bool(x == y),
                // The literal on the right reads better.
                (lit @ CExpr::Str(_), other) | (other, lit) => CExpr::Equals {
                    left: Box::new(other),
                    right: Box::new(lit),
                    negated: false,
                },
            }
        }
        "getAttr" => {
            arity(2)?;
            let base = arg(0)?;
            let attr = match &call.args[1] {
                Expr::String(t) => t.as_text(),
                _ => None,
            }
            .ok_or_else(|| problem(&apath(1), "the `getAttr` path must be a string literal"))?;
            let attr = parse_path(&attr).map_err(|e| problem(&apath(1), e))?;
            let what = match &call.args[0] {
                Expr::Ref(n) => n.clone(),
                _ => "its argument".to_string(),
            };
            get_attr(base, &attr, &what, path)?
        }
        "substring" => {
            arity(4)?;
            let value = str_arg(0)?;
            let int = |i: usize| match &call.args[i] {
                Expr::Int(n) => usize::try_from(*n).map_err(|_| {
                    problem(&apath(i), format!("`{n}` is not a valid `substring` index"))
                }),
                _ => Err(problem(&apath(i), "`substring` indexes must be integer literals")),
            };
            let reverse = match &call.args[3] {
                Expr::Bool(b) => *b,
                _ => {
                    return Err(problem(
                        &apath(3),
                        "the `reverse` argument of `substring` must be a boolean literal",
                    ))
                }
            };
            CExpr::Substring {
                value: Box::new(value),
                start: int(1)?,
                stop: int(2)?,
                reverse,
            }
        }
        "parseURL" | "uriEncode" | "aws.partition" | "aws.parseArn" => {
            arity(1)?;
            let func = match name {
                "parseURL" => RtFn::ParseUrl,
                "uriEncode" => RtFn::UriEncode,
                "aws.partition" => RtFn::Partition,
                _ => RtFn::ParseArn,
            };
            CExpr::Call {
                func,
                args: vec![str_arg(0)?],
            }
        }
        "isValidHostLabel" | "aws.isVirtualHostableS3Bucket" => {
            arity(2)?;
            let func = if name == "isValidHostLabel" {
                RtFn::IsValidHostLabel
            } else {
                RtFn::IsVirtualHostableS3Bucket
            };
            CExpr::Call {
                func,
                args: vec![str_arg(0)?, bool_arg(1)?],
            }
        }
        other => {
            return Err(problem(
                path,
                format!("unsupported function `{other}` (supported: isSet, not, booleanEquals, stringEquals, getAttr, substring, parseURL, uriEncode, isValidHostLabel, aws.partition, aws.parseArn, aws.isVirtualHostableS3Bucket)"),
            ))
        }
    })
}

/// `booleanEquals`, simplified: comparing with a literal is the value or its negation.
fn boolean_equals(a: CExpr, b: CExpr) -> CExpr {
    match (a, b) {
        (CExpr::Bool(x), CExpr::Bool(y)) => CExpr::Bool(x == y),
        (CExpr::Bool(lit), other) | (other, CExpr::Bool(lit)) if !other.ty().optional => {
            if lit {
                other
            } else {
                negate(other)
            }
        }
        (lit @ CExpr::Bool(_), other) | (other, lit) => CExpr::Equals {
            left: Box::new(other),
            right: Box::new(lit),
            negated: false,
        },
    }
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

/// Longest test function name. A longer one is cut at a word boundary and ends with a hash of the
/// whole documentation, so cases that differ only at the end keep distinct, stable names.
const MAX_TEST_NAME: usize = 100;

/// Names a generated test may not take (the test module imports them).
const RESERVED_TEST_NAMES: &[&str] = &["resolve_endpoint"];

fn compile_tests(cases: &[TestCase], params: &[ParamIr]) -> (Vec<TestIr>, Vec<SkippedTest>) {
    let mut tests = Vec::new();
    let mut skipped = Vec::new();
    let mut names = BTreeSet::new();
    for (i, case) in cases.iter().enumerate() {
        let documentation = case
            .documentation
            .clone()
            .unwrap_or_else(|| format!("test case {}", i + 1));
        let skip = |reason: String| SkippedTest {
            documentation: documentation.clone(),
            reason,
        };
        let expect = match &case.expect {
            Expectation::Endpoint {
                url,
                headers,
                properties,
            } => TestExpect::Endpoint {
                url: url.clone(),
                headers: headers.clone(),
                properties: properties.clone(),
            },
            Expectation::Error(message) => TestExpect::Error(message.clone()),
            Expectation::Nothing => {
                skipped.push(skip(
                    "it expects neither an endpoint nor an error".to_string(),
                ));
                continue;
            }
        };
        let mut values = Vec::new();
        let mut problem = None;
        for (name, value) in &case.params {
            if value.is_null() {
                continue;
            }
            let Some(p) = params.iter().find(|p| &p.name == name) else {
                problem = Some(format!(
                    "parameter `{name}` is not declared by the rule set"
                ));
                break;
            };
            match ParamValue::from_json(value, p.ty) {
                Some(v) => values.push((p, v)),
                None => {
                    problem = Some(format!(
                        "parameter `{name}` is a {}, but the case gives `{value}`",
                        p.ty.name()
                    ));
                    break;
                }
            }
        }
        if let Some(reason) = problem {
            skipped.push(skip(reason));
            continue;
        }
        // In `Params` order.
        values.sort_by_key(|(p, _)| params.iter().position(|q| q.name == p.name));
        let name = test_name(case.documentation.as_deref(), i, &mut names);
        tests.push(TestIr {
            name,
            documentation: case.documentation.clone(),
            sets_every_field: values.len() == params.len(),
            params: values
                .into_iter()
                .map(|(p, v)| (p.field.clone(), p.optional, v))
                .collect(),
            expect,
        });
    }
    (tests, skipped)
}

fn test_name(documentation: Option<&str>, i: usize, taken: &mut BTreeSet<String>) -> String {
    let words = documentation.map(naming::split_words).unwrap_or_default();
    let mut base = words.join("_");
    if base.len() > MAX_TEST_NAME {
        use sha2::Digest as _;
        let digest = sha2::Sha256::digest(documentation.unwrap_or_default().as_bytes());
        let hash: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
        let mut cut = String::new();
        for word in &words {
            if cut.len() + 1 + word.len() + 1 + hash.len() > MAX_TEST_NAME {
                break;
            }
            if !cut.is_empty() {
                cut.push('_');
            }
            cut.push_str(word);
        }
        base = format!("{cut}_{hash}");
    }
    if base.is_empty() {
        let _ = write!(base, "case_{}", i + 1);
    }
    let base = naming::field_ident(&base);
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains(&name) || RESERVED_TEST_NAMES.contains(&name.as_str()) {
        name = format!("{}_{n}", base.trim_start_matches("r#"));
        n += 1;
    }
    taken.insert(name.clone());
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn compile_json(rule_set: Value) -> Result<EndpointRules, String> {
        compile(&parse_rule_set(&rule_set)?, &[])
    }

    fn region_rules(rules: Value) -> Value {
        json!({
            "version": "1.0",
            "parameters": {
                "Region": {"type": "String", "builtIn": "AWS::Region", "required": false},
                "UseFIPS": {"type": "Boolean", "builtIn": "AWS::UseFIPS", "required": true, "default": false},
                "Endpoint": {"type": "String", "builtIn": "SDK::Endpoint"},
            },
            "rules": rules,
        })
    }

    #[test]
    fn templates_and_paths() {
        let t = parse_template(
            "https://x.{Region}.{PartitionResult#dualStackDnsSuffix}",
            "p",
        )
        .unwrap();
        assert_eq!(
            t.parts,
            vec![
                TemplatePart::Text("https://x.".into()),
                TemplatePart::Value {
                    name: "Region".into(),
                    path: vec![]
                },
                TemplatePart::Text(".".into()),
                TemplatePart::Value {
                    name: "PartitionResult".into(),
                    path: vec![PathPart::Key("dualStackDnsSuffix".into())]
                },
            ]
        );
        let t = parse_template("a{{b}}c`{x#path[0]}`", "p").unwrap();
        assert_eq!(
            t.parts,
            vec![
                TemplatePart::Text("a{b}c`".into()),
                TemplatePart::Value {
                    name: "x".into(),
                    path: vec![PathPart::Key("path".into()), PathPart::Index(0)]
                },
                TemplatePart::Text("`".into()),
            ]
        );
        assert_eq!(parse_path("[2]").unwrap(), vec![PathPart::Index(2)]);
        assert_eq!(
            parse_path("a.b[1]").unwrap(),
            vec![
                PathPart::Key("a".into()),
                PathPart::Key("b".into()),
                PathPart::Index(1)
            ]
        );
        for bad in ["", "a[", "a[x]", "a[-1]", "a..b", "[1"] {
            assert!(parse_path(bad).is_err(), "{bad}");
        }
        assert!(parse_template("x{Region", "p")
            .unwrap_err()
            .contains("unclosed"));
        assert!(parse_template("x}", "p").unwrap_err().contains("unmatched"));
        assert!(parse_template("{}", "p")
            .unwrap_err()
            .contains("empty placeholder"));
    }

    #[test]
    fn errors_name_the_rule_path() {
        let unknown_fn = region_rules(json!([
            {"conditions": [], "type": "tree", "rules": [
                {"conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]}, {"fn": "frobnicate", "argv": []}],
                 "type": "error", "error": "x"}
            ]}
        ]));
        let e = compile_json(unknown_fn).unwrap_err();
        assert!(
            e.starts_with("`rules[0].rules[0].conditions[1]`: unsupported function `frobnicate`"),
            "{e}"
        );

        let unknown_ref = region_rules(json!([
            {"conditions": [], "type": "endpoint", "endpoint": {"url": "https://{Nope}"}}
        ]));
        let e = compile_json(unknown_ref).unwrap_err();
        assert!(
            e.contains("`rules[0].endpoint.url`") && e.contains("`Nope`"),
            "{e}"
        );

        let unset = region_rules(json!([
            {"conditions": [], "type": "endpoint", "endpoint": {"url": "https://{Region}.x"}}
        ]));
        let e = compile_json(unset).unwrap_err();
        assert!(e.contains("`Region` is an unset-able string"), "{e}");

        let bad_attr = region_rules(json!([
            {"conditions": [
                {"fn": "isSet", "argv": [{"ref": "Region"}]},
                {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "P"}
            ], "type": "endpoint", "endpoint": {"url": "https://{P#nope}"}}
        ]));
        let e = compile_json(bad_attr).unwrap_err();
        assert!(e.contains("a partition has no attribute `nope`"), "{e}");

        let e = parse_rule_set(&json!({"parameters": {"X": {"type": "int"}}, "rules": []}))
            .unwrap_err();
        assert!(
            e.contains("`parameters.X.type`: unsupported parameter type `int`"),
            "{e}"
        );
        let e = parse_rule_set(
            &json!({"parameters": {}, "rules": [{"conditions": [], "type": "loop"}]}),
        )
        .unwrap_err();
        assert!(
            e.contains("`rules[0].type`: unknown rule type `loop`"),
            "{e}"
        );
    }

    #[test]
    fn compile_service_reports_the_service_and_trait() {
        let mut traits = BTreeMap::new();
        assert_eq!(compile_service("a#S", &traits), Ok(None));
        traits.insert(
            RULE_SET_TRAIT.to_string(),
            json!({"parameters": {}, "rules": [{"type": "tree"}]}),
        );
        let e = compile_service("a#S", &traits).unwrap_err().to_string();
        assert!(
            e.contains("a#S") && e.contains(RULE_SET_TRAIT) && e.contains("`rules[0]`"),
            "{e}"
        );
    }

    #[test]
    fn narrowing_bindings_and_simplification() {
        let rules = compile_json(region_rules(json!([
            {"conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}], "type": "tree", "rules": [
                {"conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}],
                 "type": "error", "error": "FIPS and custom endpoint"},
                {"conditions": [], "type": "endpoint", "endpoint": {"url": {"ref": "Endpoint"}}},
                {"conditions": [], "type": "error", "error": "unreachable"}
            ]},
            {"conditions": [
                {"fn": "isSet", "argv": [{"ref": "Region"}]},
                {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "Unused"},
                {"fn": "not", "argv": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, false]}]},
                {"fn": "isSet", "argv": [{"ref": "UseFIPS"}]}
            ], "type": "error", "error": "fips in {Region}"},
            {"conditions": [{"fn": "booleanEquals", "argv": [true, false]}], "type": "error", "error": "never"},
            {"conditions": [], "type": "error", "error": "Missing Region"}
        ])))
        .unwrap();
        assert!(rules.derive_default && rules.uses_params && rules.required_checks.is_empty());
        let fips = CExpr::Param {
            field: "use_fips".into(),
            ty: ParamType::Boolean,
            optional: false,
        };
        let endpoint = CExpr::Param {
            field: "endpoint".into(),
            ty: ParamType::String,
            optional: true,
        };
        let region = CExpr::Param {
            field: "region".into(),
            ty: ParamType::String,
            optional: true,
        };
        let local = |ident: &str| CExpr::Local {
            ident: ident.into(),
            ty: VType::Str,
            owned: false,
        };
        assert_eq!(rules.rules.len(), 3, "the constant-false rule is gone");
        assert_eq!(
            rules.rules[0],
            CRule {
                conditions: vec![CCond::IfLet {
                    binding: "endpoint".into(),
                    value: endpoint
                }],
                outcome: COutcome::Tree(vec![
                    CRule {
                        conditions: vec![CCond::Test(fips.clone())],
                        outcome: COutcome::Error(CExpr::Str("FIPS and custom endpoint".into())),
                    },
                    // The rule after the unconditional one is dropped.
                    CRule {
                        conditions: vec![],
                        outcome: COutcome::Endpoint(CEndpoint {
                            url: local("endpoint"),
                            headers: vec![],
                            properties: vec![]
                        })
                    },
                ]),
            }
        );
        assert_eq!(
            rules.rules[1].conditions,
            vec![
                CCond::IfLet {
                    binding: "region".into(),
                    value: region.clone()
                },
                // The partition is not read: only whether there is one.
                CCond::Test(CExpr::IsSet {
                    value: Box::new(CExpr::Call {
                        func: RtFn::Partition,
                        args: vec![local("region")]
                    }),
                    negated: false
                }),
                // not(booleanEquals(UseFIPS, false)) is UseFIPS; isSet(UseFIPS) always holds.
                CCond::Test(fips),
            ]
        );
        assert_eq!(
            rules.rules[1].outcome,
            COutcome::Error(CExpr::Format(vec![
                FormatPart::Text("fips in ".into()),
                FormatPart::Value(local("region"))
            ]))
        );
    }

    #[test]
    fn required_parameters_and_defaults() {
        let rules = compile_json(json!({
            "parameters": {
                "Bucket": {"type": "string", "required": true},
                "Unread": {"type": "string", "required": true},
                "Mode": {"type": "string", "required": true, "default": "x"},
                "Arns": {"type": "stringArray", "required": false},
            },
            "rules": [
                {"conditions": [
                    {"fn": "isSet", "argv": [{"ref": "Arns"}]},
                    {"fn": "getAttr", "argv": [{"ref": "Arns"}, "[0]"], "assign": "First"},
                    {"fn": "uriEncode", "argv": ["{First}"], "assign": "Encoded"}
                ], "type": "endpoint", "endpoint": {
                    "url": "https://{Bucket}.{Mode}/{Encoded}",
                    "headers": {"x-b": ["{Bucket}"], "x-a": ["*"]},
                    "properties": {"n": 1, "o": {"b": true, "a": ["{Bucket}"]}}
                }},
                {"conditions": [], "type": "error", "error": "no"}
            ]
        }))
        .unwrap();
        assert!(
            !rules.derive_default,
            "`Mode` defaults to a non-empty string"
        );
        let names: Vec<&str> = rules.params.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(names, ["arns", "bucket", "mode", "unread"]);
        assert_eq!(
            rules.required_checks,
            vec![
                RequiredCheck {
                    name: "Bucket".into(),
                    field: "bucket".into(),
                    ty: ParamType::String,
                    binding: Some("bucket".into())
                },
                RequiredCheck {
                    name: "Unread".into(),
                    field: "unread".into(),
                    ty: ParamType::String,
                    binding: None
                },
            ]
        );
        let rule = &rules.rules[0];
        assert_eq!(
            rule.conditions,
            vec![
                CCond::IfLet {
                    binding: "arns".into(),
                    value: CExpr::Param {
                        field: "arns".into(),
                        ty: ParamType::StringArray,
                        optional: true
                    }
                },
                CCond::IfLet {
                    binding: "first".into(),
                    value: CExpr::Index {
                        base: Box::new(CExpr::Local {
                            ident: "arns".into(),
                            ty: VType::StrArray,
                            owned: false
                        }),
                        index: 0
                    }
                },
                CCond::Let {
                    binding: "encoded".into(),
                    value: CExpr::Call {
                        func: RtFn::UriEncode,
                        args: vec![CExpr::Local {
                            ident: "first".into(),
                            ty: VType::Str,
                            owned: false
                        }]
                    }
                },
            ]
        );
        let COutcome::Endpoint(e) = &rule.outcome else {
            panic!()
        };
        let headers: Vec<&str> = e.headers.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(headers, ["x-a", "x-b"]);
        let keys: Vec<&str> = e.properties.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(keys, ["n", "o"]);
        assert!(matches!(&e.properties[1].1, CProperty::Object(entries) if entries[0].0 == "a"));
    }

    #[test]
    fn locals_get_unique_names() {
        let rules = compile_json(json!({
            "parameters": {"Input": {"type": "string", "required": true}},
            "rules": [
                {"conditions": [
                    {"fn": "parseURL", "argv": ["{Input}"], "assign": "Url"},
                    {"fn": "parseURL", "argv": ["{Url#scheme}://x"], "assign": "url"},
                    {"fn": "getAttr", "argv": [{"ref": "Url"}, "path"], "assign": "params"}
                ], "type": "endpoint", "endpoint": {"url": "{url#scheme}{Url#authority}", "properties": {"ip": "{params}"}}}
            ]
        }))
        .unwrap();
        let bindings: Vec<&str> = rules.rules[0]
            .conditions
            .iter()
            .filter_map(|c| match c {
                CCond::IfLet { binding, .. } | CCond::Let { binding, .. } => Some(binding.as_str()),
                CCond::Test(_) => None,
            })
            .collect();
        assert_eq!(bindings, ["url", "url_2", "params_"]);
    }

    #[test]
    fn test_cases_become_typed_tests() {
        let rule_set = parse_rule_set(&region_rules(json!([
            {"conditions": [], "type": "error", "error": "x"}
        ])))
        .unwrap();
        let tests = parse_tests(&json!({"testCases": [
            {"documentation": "For region us-east-1 with FIPS enabled", "params": {"Region": "us-east-1", "UseFIPS": true},
             "expect": {"endpoint": {"url": "https://a", "properties": {"z": 1, "a": [1]}, "headers": {"h": ["v"]}}}},
            {"documentation": "For region us-east-1 with FIPS enabled", "params": {"Region": "us-east-1", "UseFIPS": true, "Endpoint": "e"},
             "expect": {"error": "x"}},
            {"documentation": "unknown", "params": {"Bucket": "b"}, "expect": {"error": "x"}},
            {"documentation": "mistyped", "params": {"UseFIPS": "yes"}, "expect": {"error": "x"}},
            {"params": {"Region": null}, "expect": {"error": "x"}},
            {"documentation": "resolve endpoint", "expect": {"error": "x"}},
            {"documentation": "nothing", "expect": {}}
        ]}))
        .unwrap();
        let rules = compile(&rule_set, &tests).unwrap();
        let names: Vec<&str> = rules.tests.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "for_region_us_east_1_with_fips_enabled",
                "for_region_us_east_1_with_fips_enabled_2",
                "case_5",
                "resolve_endpoint_2"
            ]
        );
        assert_eq!(
            rules.tests[0].params,
            vec![
                (
                    "region".to_string(),
                    true,
                    ParamValue::String("us-east-1".into())
                ),
                ("use_fips".to_string(), false, ParamValue::Bool(true)),
            ]
        );
        assert!(!rules.tests[0].sets_every_field && rules.tests[1].sets_every_field);
        assert!(rules.tests[2].params.is_empty());
        assert_eq!(
            rules.tests[0].expect,
            TestExpect::Endpoint {
                url: "https://a".into(),
                headers: vec![("h".into(), vec!["v".into()])],
                properties: vec![("a".into(), json!([1])), ("z".into(), json!(1))],
            }
        );
        let skipped: Vec<(&str, &str)> = rules
            .skipped_tests
            .iter()
            .map(|s| (s.documentation.as_str(), s.reason.as_str()))
            .collect();
        assert_eq!(
            skipped,
            [
                (
                    "unknown",
                    "parameter `Bucket` is not declared by the rule set"
                ),
                (
                    "mistyped",
                    "parameter `UseFIPS` is a boolean, but the case gives `\"yes\"`"
                ),
                ("nothing", "it expects neither an endpoint nor an error"),
            ]
        );
        let mut taken = BTreeSet::new();
        let long = |end: &str| format!("{} {end}", "word ".repeat(40));
        let a = test_name(Some(&long("a")), 0, &mut taken);
        let b = test_name(Some(&long("b")), 1, &mut taken);
        assert!(
            a.len() <= MAX_TEST_NAME && a.starts_with("word_word_"),
            "{a}"
        );
        assert_ne!(a, b);
        assert_eq!(a.len(), b.len());
        assert_eq!(
            a,
            test_name(Some(&long("a")), 0, &mut BTreeSet::new()),
            "stable"
        );
    }
}
