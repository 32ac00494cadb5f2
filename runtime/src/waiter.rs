//! Waiters (`smithy.waiters#waitable`): the polling loop behind generated `wait_until_*` methods.
//! The generated code decides, from the model's acceptors, what one response means; this module
//! repeats the operation with the Smithy waiter delays until an acceptor says success or failure,
//! or the maximum wait time runs out.

use std::fmt;
use std::future::Future;
use std::time::{Duration, Instant};

use crate::error::SdkError;

/// The delays of one waiter: `min_delay` and `max_delay` come from the model (Smithy's defaults
/// are 2 s and 120 s), `max_wait` from the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaiterConfig {
    /// Smallest delay between two attempts.
    pub min_delay: Duration,
    /// Largest delay between two attempts.
    pub max_delay: Duration,
    /// How long to wait in all before giving up.
    pub max_wait: Duration,
}

/// What an acceptor decided about one response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptorState {
    /// The resource is in the state waited for.
    Success,
    /// The resource can never reach that state.
    Failure,
    /// Not yet: try again.
    Retry,
}

/// How a wait ended, when it succeeded: the response the success acceptor matched.
#[derive(Debug)]
pub enum WaiterOutcome<O, E> {
    /// An `output` or `success: true` acceptor matched this output.
    Output(O),
    /// An `errorType` or `success: false` acceptor matched this error.
    Error(SdkError<E>),
}

/// Why a wait did not succeed.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaiterError<E> {
    /// A failure acceptor matched (the response is kept).
    FailureState {
        /// The waiter's name in the model.
        waiter: &'static str,
        /// The output or error the acceptor matched.
        response: Box<WaiterOutcome<(), E>>,
    },
    /// The operation failed with an error no acceptor matched.
    Sdk(SdkError<E>),
    /// `max_wait` passed before an acceptor said success or failure.
    TimedOut {
        /// The waiter's name in the model.
        waiter: &'static str,
        /// How long it waited.
        waited: Duration,
        /// How many times the operation was called.
        attempts: u32,
    },
}

impl<E: std::error::Error + 'static> fmt::Display for WaiterError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaiterError::FailureState { waiter, response } => match response.as_ref() {
                WaiterOutcome::Output(()) => {
                    write!(
                        f,
                        "waiter {waiter}: the response matched a failure acceptor"
                    )
                }
                WaiterOutcome::Error(e) => {
                    write!(
                        f,
                        "waiter {waiter}: the error matched a failure acceptor: {e}"
                    )
                }
            },
            WaiterError::Sdk(e) => write!(f, "waiter: the operation failed: {e}"),
            WaiterError::TimedOut {
                waiter,
                waited,
                attempts,
            } => write!(
                f,
                "waiter {waiter} gave up after {:.1} s ({attempts} attempts)",
                waited.as_secs_f64()
            ),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for WaiterError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaiterError::Sdk(e) => Some(e),
            WaiterError::FailureState { response, .. } => match response.as_ref() {
                WaiterOutcome::Error(e) => Some(e),
                WaiterOutcome::Output(()) => None,
            },
            WaiterError::TimedOut { .. } => None,
        }
    }
}

/// The delay before attempt `attempt + 1` (attempts count from 1), per the Smithy waiter
/// specification: `min_delay * 2^(attempt-1)` capped at `max_delay`, then a random delay between
/// `min_delay` and that, shortened so that the last attempt happens before `remaining` runs out.
/// `random` is a number in `[0, 1)`.
pub fn attempt_delay(
    config: &WaiterConfig,
    attempt: u32,
    remaining: Duration,
    random: f64,
) -> Duration {
    let min = config.min_delay;
    let max = config.max_delay.max(min);
    let exponent = attempt.saturating_sub(1).min(62);
    let cap = min
        .checked_mul(1u32.checked_shl(exponent.min(31)).unwrap_or(u32::MAX))
        .unwrap_or(max)
        .min(max);
    let delay = min + (cap - min).mul_f64(random.clamp(0.0, 1.0));
    if remaining.saturating_sub(delay) <= min {
        remaining.saturating_sub(min)
    } else {
        delay
    }
}

/// Calls `poll` until `classify` says success or failure, sleeping [`attempt_delay`] between
/// attempts. A response no acceptor matches is a retry for an output and a failure (returned as
/// [`WaiterError::Sdk`]) for an error, as the specification says.
pub async fn wait<O, E, F, Fut, C>(
    waiter: &'static str,
    config: &WaiterConfig,
    mut poll: F,
    classify: C,
) -> Result<WaiterOutcome<O, E>, WaiterError<E>>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<O, SdkError<E>>>,
    C: Fn(&Result<O, SdkError<E>>) -> Option<AcceptorState>,
{
    let start = Instant::now();
    let mut attempts = 0u32;
    loop {
        attempts += 1;
        let response = poll().await;
        match (classify(&response), response) {
            (Some(AcceptorState::Success), Ok(output)) => return Ok(WaiterOutcome::Output(output)),
            (Some(AcceptorState::Success), Err(e)) => return Ok(WaiterOutcome::Error(e)),
            (Some(AcceptorState::Failure), Ok(_)) => {
                return Err(WaiterError::FailureState {
                    waiter,
                    response: Box::new(WaiterOutcome::Output(())),
                })
            }
            (Some(AcceptorState::Failure), Err(e)) => {
                return Err(WaiterError::FailureState {
                    waiter,
                    response: Box::new(WaiterOutcome::Error(e)),
                })
            }
            (None, Err(e)) => return Err(WaiterError::Sdk(e)),
            (Some(AcceptorState::Retry), _) | (None, Ok(_)) => {}
        }
        let waited = start.elapsed();
        let remaining = config.max_wait.saturating_sub(waited);
        if remaining <= config.min_delay {
            return Err(WaiterError::TimedOut {
                waiter,
                waited,
                attempts,
            });
        }
        tokio::time::sleep(attempt_delay(config, attempts, remaining, fastrand::f64())).await;
    }
}

/// What compiled acceptor paths call: the generator turns each JMESPath `path` into typed Rust
/// over the output, where every value is an `Option` (`None` is JMESPath's null) and lists are
/// `Vec`s; these functions keep JMESPath's rules for null, projections and `length()`.
pub mod jmespath {
    use std::cmp::Ordering;
    use std::collections::HashMap;

    /// An expression JMESPath cannot evaluate (`length()` of null): the acceptor does not match.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct EvalError;

    /// Whether an acceptor whose path may fail to evaluate matches: an evaluation error is no
    /// match.
    pub fn matches(test: impl FnOnce() -> Result<bool, EvalError>) -> bool {
        test().unwrap_or(false)
    }

    /// A value with a JMESPath `length()`.
    pub trait Length {
        /// Characters of a string, elements of a list, entries of a map.
        fn length(&self) -> usize;
    }

    impl Length for &str {
        fn length(&self) -> usize {
            self.chars().count()
        }
    }

    impl<T> Length for Vec<T> {
        fn length(&self) -> usize {
            self.len()
        }
    }

    impl<V, S> Length for &HashMap<String, V, S> {
        fn length(&self) -> usize {
            self.len()
        }
    }

    /// `length(value)`: an error for null.
    pub fn length<T: Length>(value: Option<T>) -> Result<Option<f64>, EvalError> {
        // Lengths are far below 2^53, so the conversion is exact.
        value.map(|v| Some(v.length() as f64)).ok_or(EvalError)
    }

    /// How two numbers compare; null when either is null (JMESPath's ordering comparisons).
    pub fn order(left: Option<f64>, right: Option<f64>) -> Option<Ordering> {
        left?.partial_cmp(&right?)
    }

    /// `list[].rhs`: `each` of every element, nulls dropped; null when `list` is null.
    pub fn project<T, U>(
        list: Option<Vec<T>>,
        mut each: impl FnMut(T) -> Result<Option<U>, EvalError>,
    ) -> Result<Option<Vec<U>>, EvalError> {
        let Some(list) = list else {
            return Ok(None);
        };
        let mut out = Vec::with_capacity(list.len());
        for element in list {
            if let Some(v) = each(element)? {
                out.push(v);
            }
        }
        Ok(Some(out))
    }

    /// `list[?condition]`: the elements `keep` accepts; null when `list` is null.
    pub fn filter<T: Copy>(
        list: Option<Vec<T>>,
        mut keep: impl FnMut(T) -> Result<bool, EvalError>,
    ) -> Result<Option<Vec<T>>, EvalError> {
        let Some(list) = list else {
            return Ok(None);
        };
        let mut out = Vec::with_capacity(list.len());
        for element in list {
            if keep(element)? {
                out.push(element);
            }
        }
        Ok(Some(out))
    }

    /// `list[]` of a list of lists: their elements in order; null when `list` is null.
    pub fn flatten<T>(list: Option<Vec<Vec<T>>>) -> Option<Vec<T>> {
        list.map(|l| l.into_iter().flatten().collect())
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn null_follows_jmespath() {
            assert_eq!(length(None::<Vec<u8>>), Err(EvalError));
            assert_eq!(length(Some("héllo")), Ok(Some(5.0)));
            assert_eq!(length(Some(vec![1, 2])), Ok(Some(2.0)));
            let map: HashMap<String, u8> = [("a".to_string(), 1)].into_iter().collect();
            assert_eq!(length(Some(&map)), Ok(Some(1.0)));
            assert_eq!(order(Some(1.0), Some(2.0)), Some(Ordering::Less));
            assert_eq!(order(None, Some(2.0)), None);
            assert!(!matches(|| Err(EvalError)));
            assert!(matches(|| Ok(true)));
        }

        #[test]
        fn projections_drop_nulls_and_pass_errors_on() {
            let doubled = project(Some(vec![1, 2, 3]), |n| Ok((n != 2).then_some(n * 2)));
            assert_eq!(doubled, Ok(Some(vec![2, 6])));
            assert_eq!(project(None::<Vec<u8>>, |n| Ok(Some(n))), Ok(None));
            assert_eq!(
                project(Some(vec![1]), |_| Err::<Option<u8>, _>(EvalError)),
                Err(EvalError)
            );
            assert_eq!(
                filter(Some(vec![1, 2, 3]), |n| Ok(n > 1)),
                Ok(Some(vec![2, 3]))
            );
            assert_eq!(filter(None::<Vec<u8>>, |_| Ok(true)), Ok(None));
            assert_eq!(filter(Some(vec![1]), |_| Err(EvalError)), Err(EvalError));
            assert_eq!(
                flatten(Some(vec![vec![1], vec![], vec![2, 3]])),
                Some(vec![1, 2, 3])
            );
            assert_eq!(flatten(None::<Vec<Vec<u8>>>), None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{Failure, SdkError};

    fn config(min: u64, max: u64, max_wait: u64) -> WaiterConfig {
        WaiterConfig {
            min_delay: Duration::from_secs(min),
            max_delay: Duration::from_secs(max),
            max_wait: Duration::from_secs(max_wait),
        }
    }

    #[test]
    fn delays_grow_exponentially_between_min_and_max() {
        let c = config(2, 120, 100_000);
        let far = Duration::from_secs(100_000);
        // The upper end of the jitter range doubles per attempt up to max_delay.
        let upper: Vec<u64> = (1..=8)
            .map(|a| attempt_delay(&c, a, far, 1.0).as_secs())
            .collect();
        assert_eq!(upper, [2, 4, 8, 16, 32, 64, 120, 120]);
        // The lower end is always min_delay.
        for a in 1..=8 {
            assert_eq!(attempt_delay(&c, a, far, 0.0), Duration::from_secs(2));
        }
        let mid = attempt_delay(&c, 3, far, 0.5);
        assert_eq!(mid, Duration::from_secs(5));
        // A huge attempt number does not overflow.
        assert_eq!(attempt_delay(&c, u32::MAX, far, 1.0).as_secs(), 120);
    }

    #[test]
    fn the_last_delay_leaves_room_for_one_more_attempt() {
        let c = config(2, 120, 100);
        assert_eq!(
            attempt_delay(&c, 7, Duration::from_secs(50), 1.0),
            Duration::from_secs(48)
        );
    }

    fn failure() -> SdkError<String> {
        SdkError::Transport(Failure::new("Op", "boom"))
    }

    #[tokio::test]
    async fn retries_until_success_and_returns_the_output() {
        let c = WaiterConfig {
            min_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(2),
            max_wait: Duration::from_secs(600),
        };
        let calls = std::cell::Cell::new(0);
        let outcome = wait(
            "Ready",
            &c,
            || {
                calls.set(calls.get() + 1);
                let n = calls.get();
                async move { Ok::<_, SdkError<String>>(n) }
            },
            |r| match r {
                Ok(3) => Some(AcceptorState::Success),
                _ => None,
            },
        )
        .await
        .expect("success");
        assert!(matches!(outcome, WaiterOutcome::Output(3)));
        assert_eq!(calls.get(), 3);
    }

    #[tokio::test]
    async fn an_unmatched_error_ends_the_wait_and_a_matched_one_can_succeed() {
        let c = config(0, 0, 600);
        let err = wait("W", &c, || async { Err::<u8, _>(failure()) }, |_| None)
            .await
            .expect_err("unmatched error");
        assert!(matches!(err, WaiterError::Sdk(_)), "{err:?}");
        let ok = wait(
            "W",
            &c,
            || async { Err::<u8, _>(failure()) },
            |r| r.is_err().then_some(AcceptorState::Success),
        )
        .await
        .expect("matched error");
        assert!(matches!(ok, WaiterOutcome::Error(_)));
        let failed = wait(
            "W",
            &c,
            || async { Ok::<u8, SdkError<String>>(1) },
            |_| Some(AcceptorState::Failure),
        )
        .await
        .expect_err("failure state");
        assert!(matches!(
            failed,
            WaiterError::FailureState { waiter: "W", .. }
        ));
    }

    #[tokio::test]
    async fn gives_up_after_max_wait() {
        let c = WaiterConfig {
            min_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
            max_wait: Duration::from_millis(30),
        };
        let err = wait(
            "Never",
            &c,
            || async { Ok::<u8, SdkError<String>>(0) },
            |_| Some(AcceptorState::Retry),
        )
        .await
        .expect_err("times out");
        match err {
            WaiterError::TimedOut {
                waiter, attempts, ..
            } => {
                assert_eq!(waiter, "Never");
                assert!(attempts >= 2, "{attempts}");
            }
            other => panic!("{other:?}"),
        }
    }
}
