//! Conditions over signal values: comparisons, and `all` / `any` / `not`.

use serde::Deserialize;

/// A condition as written in a rule file: exactly one of `signal`, `all`, `any`, `not`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConditionSpec {
    pub signal: Option<String>,
    pub gte: Option<f64>,
    pub gt: Option<f64>,
    pub lte: Option<f64>,
    pub lt: Option<f64>,
    pub eq: Option<f64>,
    pub all: Option<Vec<ConditionSpec>>,
    pub any: Option<Vec<ConditionSpec>>,
    pub not: Option<Box<ConditionSpec>>,
}

/// A compiled condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// The signal is present and its value passes every bound given.
    Signal {
        /// Signal id.
        id: String,
        /// Inclusive lower bound.
        gte: Option<f64>,
        /// Exclusive lower bound.
        gt: Option<f64>,
        /// Inclusive upper bound.
        lte: Option<f64>,
        /// Exclusive upper bound.
        lt: Option<f64>,
        /// Exact value.
        eq: Option<f64>,
    },
    /// Every condition holds.
    All(Vec<Condition>),
    /// At least one condition holds.
    Any(Vec<Condition>),
    /// The condition does not hold.
    Not(Box<Condition>),
}

impl ConditionSpec {
    /// Compile, or say what is wrong.
    pub fn compile(&self) -> Result<Condition, String> {
        let forms = [
            self.signal.is_some(),
            self.all.is_some(),
            self.any.is_some(),
            self.not.is_some(),
        ];
        if forms.iter().filter(|f| **f).count() != 1 {
            return Err(
                "a condition needs exactly one of `signal`, `all`, `any`, `not`".to_owned(),
            );
        }
        let has_bounds = [self.gte, self.gt, self.lte, self.lt, self.eq]
            .iter()
            .any(Option::is_some);
        if let Some(id) = &self.signal {
            return Ok(Condition::Signal {
                id: id.clone(),
                gte: self.gte,
                gt: self.gt,
                lte: self.lte,
                lt: self.lt,
                eq: self.eq,
            });
        }
        if has_bounds {
            return Err("`gte`, `gt`, `lte`, `lt` and `eq` go with `signal`".to_owned());
        }
        let compile_all = |list: &[ConditionSpec]| -> Result<Vec<Condition>, String> {
            if list.is_empty() {
                return Err("`all` and `any` need at least one condition".to_owned());
            }
            list.iter().map(ConditionSpec::compile).collect()
        };
        if let Some(list) = &self.all {
            return compile_all(list).map(Condition::All);
        }
        if let Some(list) = &self.any {
            return compile_all(list).map(Condition::Any);
        }
        match &self.not {
            Some(inner) => Ok(Condition::Not(Box::new(inner.compile()?))),
            None => Err("empty condition".to_owned()),
        }
    }
}

impl Condition {
    /// Every signal id the condition reads, in order of appearance.
    pub fn signals(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect(&mut out);
        out
    }

    fn collect<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Condition::Signal { id, .. } => out.push(id),
            Condition::All(list) | Condition::Any(list) => list.iter().for_each(|c| c.collect(out)),
            Condition::Not(inner) => inner.collect(out),
        }
    }

    /// Whether it holds, given each signal's value (absent = not present).
    pub fn holds(&self, value_of: &dyn Fn(&str) -> Option<f64>) -> Result<bool, String> {
        Ok(match self {
            Condition::Signal {
                id,
                gte,
                gt,
                lte,
                lt,
                eq,
            } => match value_of(id) {
                None => false,
                Some(v) if v.is_nan() => return Err(format!("signal `{id}` has no numeric value")),
                Some(v) => {
                    gte.is_none_or(|b| v >= b)
                        && gt.is_none_or(|b| v > b)
                        && lte.is_none_or(|b| v <= b)
                        && lt.is_none_or(|b| v < b)
                        && eq.is_none_or(|b| (v - b).abs() < 1e-9)
                }
            },
            Condition::All(list) => {
                for c in list {
                    if !c.holds(value_of)? {
                        return Ok(false);
                    }
                }
                true
            }
            Condition::Any(list) => {
                for c in list {
                    if c.holds(value_of)? {
                        return Ok(true);
                    }
                }
                false
            }
            Condition::Not(inner) => !inner.holds(value_of)?,
        })
    }
}
