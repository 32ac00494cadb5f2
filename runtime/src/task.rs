//! Waiting for a long-running task: the loop behind generated `wait_for_*_task` methods, which
//! poll an operation listing the task until its status says it has ended.

use std::fmt;
use std::future::Future;
use std::time::{Duration, Instant};

use crate::error::SdkError;

/// How a task helper polls: the first delay, doubling up to `max_delay`, until `timeout` has
/// passed since the first poll.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskWait {
    /// Delay after the first poll. Default 2 s.
    pub initial_delay: Duration,
    /// Upper bound of the delay between polls. Default 30 s.
    pub max_delay: Duration,
    /// How long to wait in all before giving up. Default 15 minutes.
    pub timeout: Duration,
}

impl Default for TaskWait {
    fn default() -> Self {
        TaskWait {
            initial_delay: Duration::from_secs(2),
            max_delay: Duration::from_secs(30),
            timeout: Duration::from_secs(15 * 60),
        }
    }
}

/// Why waiting for a task ended without its final state.
#[derive(Debug)]
#[non_exhaustive]
pub enum TaskWaitError<E> {
    /// A poll failed (the listing operation's error).
    Sdk(SdkError<E>),
    /// The timeout passed while the task was still running (or not yet listed).
    TimedOut {
        /// The operation that started the task.
        operation: &'static str,
        /// The task's id.
        task_id: String,
        /// How long the helper waited.
        waited: Duration,
        /// The last status seen, if the task was listed at all.
        last_status: Option<String>,
        /// How many times the task was polled.
        polls: u32,
    },
}

impl<E> From<SdkError<E>> for TaskWaitError<E> {
    fn from(error: SdkError<E>) -> Self {
        TaskWaitError::Sdk(error)
    }
}

impl<E: std::error::Error + 'static> fmt::Display for TaskWaitError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TaskWaitError::Sdk(e) => write!(f, "polling the task failed: {e}"),
            TaskWaitError::TimedOut {
                operation,
                task_id,
                waited,
                last_status,
                polls,
            } => write!(
                f,
                "{operation} task {task_id} had not ended after {:.1} s ({polls} polls; last \
                 status {})",
                waited.as_secs_f64(),
                last_status.as_deref().unwrap_or("unknown: not listed yet")
            ),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for TaskWaitError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TaskWaitError::Sdk(e) => Some(e),
            TaskWaitError::TimedOut { .. } => None,
        }
    }
}

/// What one poll saw: nothing yet (the task is not listed), or the task's summary, its status
/// and whether that status means it is still running.
pub type TaskPoll<T> = Option<(T, Option<String>, bool)>;

/// Polls until `poll` reports the task as no longer running and returns its summary.
pub async fn wait_for_task<T, E, F, Fut>(
    wait: &TaskWait,
    operation: &'static str,
    task_id: &str,
    mut poll: F,
) -> Result<T, TaskWaitError<E>>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<TaskPoll<T>, SdkError<E>>>,
{
    let start = Instant::now();
    let mut delay = wait.initial_delay;
    let mut last_status = None;
    let mut polls = 0;
    loop {
        polls += 1;
        match poll().await? {
            Some((summary, _, false)) => return Ok(summary),
            Some((_, status, true)) => last_status = status,
            None => {}
        }
        let waited = start.elapsed();
        if waited >= wait.timeout {
            return Err(TaskWaitError::TimedOut {
                operation,
                task_id: task_id.to_string(),
                waited,
                last_status,
                polls,
            });
        }
        tokio::time::sleep(delay.min(wait.timeout - waited)).await;
        delay = (delay * 2).min(wait.max_delay);
    }
}
