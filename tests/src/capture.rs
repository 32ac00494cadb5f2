//! A `tracing` subscriber that records every span and event, at every level, as one line of text
//! each, so tests can look at what an SDK call logged (the delay of each retry, and that no
//! secret ever appears).

use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// The lines recorded so far; clones share them.
#[derive(Debug, Clone, Default)]
pub struct Captured {
    lines: Arc<Mutex<Vec<String>>>,
}

impl Captured {
    /// Every line recorded so far, in order: `span NAME: field=value ...`, `record: ...` (values
    /// recorded into a span later) and `event LEVEL TARGET: field=value ...`.
    pub fn lines(&self) -> Vec<String> {
        self.lines
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The events whose `message` is `message`, each as its fields' `(name, value)` pairs.
    pub fn events(&self, message: &str) -> Vec<Vec<(String, String)>> {
        let marker = format!(" message={message}");
        self.lines()
            .iter()
            .filter(|l| l.starts_with("event ") && l.contains(&marker))
            .map(|l| {
                l.split_once(": ")
                    .map(|(_, fields)| fields)
                    .unwrap_or("")
                    .split(' ')
                    .filter_map(|kv| kv.split_once('='))
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect()
            })
            .collect()
    }

    fn push(&self, line: String) {
        self.lines
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(line);
    }
}

/// Records everything: every level, every target.
#[derive(Debug, Default)]
pub struct CaptureSubscriber {
    captured: Captured,
    next_id: AtomicU64,
}

impl CaptureSubscriber {
    /// A subscriber and the handle to read what it records.
    pub fn new() -> (CaptureSubscriber, Captured) {
        let subscriber = CaptureSubscriber::default();
        let captured = subscriber.captured.clone();
        (subscriber, captured)
    }
}

/// Writes each field as ` name=value` (`Debug` form; strings without quotes).
struct Line(String);

impl Visit for Line {
    fn record_str(&mut self, field: &Field, value: &str) {
        let _ = write!(self.0, " {}={value}", field.name());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }
}

impl Subscriber for CaptureSubscriber {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut line = Line(format!("span {}:", span.metadata().name()));
        span.record(&mut line);
        self.captured.push(line.0);
        Id::from_u64(self.next_id.fetch_add(1, Ordering::Relaxed) + 1)
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut line = Line("record:".to_string());
        values.record(&mut line);
        self.captured.push(line.0);
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let metadata = event.metadata();
        let mut line = Line(format!("event {} {}:", metadata.level(), metadata.target()));
        event.record(&mut line);
        self.captured.push(line.0);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}
